/* ps-plot-view-gl.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lines through OpenGL. Each line (one component of one series) keeps a
 * VBO of segments (x0, y0, x1, y1) made from the M4 reduction of its
 * pyramid; the reduction and the upload happen only when the time range,
 * the plot width, the axis kind or the pyramid change, so a frame that
 * only moves the Y axis or redraws is a handful of GL calls, with no
 * allocation. Segments are instanced quads, antialiased in the fragment
 * shader, with round caps: a lone sample is a segment of length 0, a dot.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <epoxy/gl.h>
#include <math.h>
#include <string.h>

#include "ps-m4.h"
#include "ps-plot-view-gl.h"

#define SHADER_PATH "/org/plasmascope/Plasmascope/gl/"

typedef struct
{
  GLuint      vbo;
  GLuint      vao;
  gsize       n_segments;
  gsize       allocated;  /* segments the VBO holds */
  /* What the segments were made for */
  PsPyramid  *pyramid;    /* not owned: compared by address, with range */
  guint       component;
  PsTimeRange range;
  guint       width_px;
  gboolean    log;

  /* The reduction, kept for the next one: reduce_line() fills them, on
   * the main thread or a helper, upload() sends them */
  PsM4Result  m4;
  GArray     *vertices;   /* of PsM4Vertex */
  GArray     *segments;   /* of float[4] */
} Line;

struct _PsPlotGl
{
  GLuint      program;
  GLint       u_size;
  GLint       u_y_range;
  GLint       u_half_width;
  GLint       u_color;
  GArray     *lines;     /* of Line */

  guint       n_uploads;

  /* Lines to reduce in this frame, shared between the main thread and
   * helpers of the pool: each takes the next with next_stale. */
  GArray     *stale;     /* of guint, indices into lines */
  gint        next_stale;
  GThreadPool *pool;     /* NULL on one core */
  guint       n_helpers; /* helpers pushed and not done, under mutex */
  GMutex      mutex;
  GCond       cond;
};

static void reduce_helper (gpointer data,
                           gpointer user_data);

static GLuint
compile_source (GLenum       type,
                const char  *name,
                const char  *source,
                gsize        length,
                GError     **error)
{
  const char *header;
  const char *sources[2];
  GLint lengths[2];
  GLint ok = GL_FALSE;
  GLuint shader;

  if (epoxy_is_desktop_gl ())
    header = epoxy_gl_version () >= 32 ? "#version 150\n" : "#version 130\n";
  else
    header = "#version 300 es\nprecision highp float;\n";
  sources[0] = header;
  lengths[0] = (GLint) strlen (header);
  sources[1] = source;
  lengths[1] = (GLint) length;

  shader = glCreateShader (type);
  glShaderSource (shader, 2, sources, lengths);
  glCompileShader (shader);
  glGetShaderiv (shader, GL_COMPILE_STATUS, &ok);
  if (!ok)
    {
      char log[1024] = "";

      glGetShaderInfoLog (shader, sizeof log, NULL, log);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", name, log);
      glDeleteShader (shader);
      return 0;
    }
  return shader;
}

static GLuint
compile (GLenum       type,
         const char  *name,
         GError     **error)
{
  g_autofree char *path = g_strconcat (SHADER_PATH, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);

  if (bytes == NULL)
    return 0;
  return compile_source (type, name, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                         error);
}

/* Links @vs and @fs (deleted either way) into a program, with a_p0 and
 * a_p1 at locations 0 and 1. */
static GLuint
link_shaders (const char  *name,
              GLuint       vs,
              GLuint       fs,
              GError     **error)
{
  GLint ok = GL_FALSE;
  GLuint program;

  if (vs == 0 || fs == 0)
    {
      if (vs != 0)
        glDeleteShader (vs);
      if (fs != 0)
        glDeleteShader (fs);
      return 0;
    }

  program = glCreateProgram ();
  glAttachShader (program, vs);
  glAttachShader (program, fs);
  glBindAttribLocation (program, 0, "a_p0");
  glBindAttribLocation (program, 1, "a_p1");
  glLinkProgram (program);
  glDeleteShader (vs);
  glDeleteShader (fs);
  glGetProgramiv (program, GL_LINK_STATUS, &ok);
  if (!ok)
    {
      char log[1024] = "";

      glGetProgramInfoLog (program, sizeof log, NULL, log);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", name, log);
      glDeleteProgram (program);
      return 0;
    }
  return program;
}

static gboolean
link_programs (PsPlotGl  *self,
               GError   **error)
{
  GLuint vs = compile (GL_VERTEX_SHADER, "plot-line.vert", error);
  GLuint fs = vs != 0 ? compile (GL_FRAGMENT_SHADER, "plot-line.frag", error) : 0;

  self->program = link_shaders ("plot-line", vs, fs, error);
  if (self->program == 0)
    return FALSE;

  self->u_size = glGetUniformLocation (self->program, "u_size");
  self->u_y_range = glGetUniformLocation (self->program, "u_y_range");
  self->u_half_width = glGetUniformLocation (self->program, "u_half_width");
  self->u_color = glGetUniformLocation (self->program, "u_color");
  return TRUE;
}

/**
 * ps_plot_gl_new:
 *
 * Makes the shader program. Call with the GL context current (after
 * gtk_gl_area_make_current() in ::realize).
 *
 * Returns: (transfer full) (nullable): the GL state, or %NULL with @error
 */
PsPlotGl *
ps_plot_gl_new (GError **error)
{
  g_autoptr(PsPlotGl) self = g_new0 (PsPlotGl, 1);

  /* Instanced quads: core in GL 3.3 and GLES 3.0. */
  if (epoxy_is_desktop_gl ()
      && epoxy_gl_version () < 33
      && !epoxy_has_gl_extension ("GL_ARB_instanced_arrays"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "OpenGL 3.3 or GL_ARB_instanced_arrays is needed to draw plots");
      return NULL;
    }

  self->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  self->stale = g_array_new (FALSE, FALSE, sizeof (guint));
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  if (g_get_num_processors () > 1)
    self->pool = g_thread_pool_new (reduce_helper, self, (int) g_get_num_processors () - 1,
                                    FALSE, NULL);
  if (!link_programs (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* With the context current (::unrealize), or after it is gone. */
void
ps_plot_gl_free (PsPlotGl *self)
{
  if (self == NULL)
    return;
  if (self->lines != NULL)
    {
      for (guint i = 0; i < self->lines->len; i++)
        {
          Line *line = &g_array_index (self->lines, Line, i);

          glDeleteBuffers (1, &line->vbo);
          glDeleteVertexArrays (1, &line->vao);
          if (line->vertices != NULL)
            {
              ps_m4_result_clear (&line->m4);
              g_array_unref (line->vertices);
              g_array_unref (line->segments);
            }
        }
      g_array_unref (self->lines);
    }
  if (self->program != 0)
    glDeleteProgram (self->program);

  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_clear_pointer (&self->stale, g_array_unref);
  g_free (self);
}

guint
ps_plot_gl_get_n_uploads (PsPlotGl *self)
{
  return self->n_uploads;
}

/* The line strip with breaks, as independent segments; y on the axis
 * scale (log10 on a log axis, where values ≤ 0 break the line). */
/* One pixel column's run of joined vertices (M4 gives up to four). */
typedef struct
{
  float  first_x, first;
  float  last_x, last;
  float  lo_x, lo;
  float  hi_x, hi;
  guint  count;
} Column;

static void
append_segment (Line     *line,
                float     x0,
                float     y0,
                float     x1,
                float     y1)
{
  float seg[4] = { x0, y0, x1, y1 };

  g_array_append_val (line->segments, seg);
}

/* Turns M4 vertices into line segments. Within one pixel column the path
 * first -> min -> max -> last stays inside [min, max]: the one segment
 * from the min to the max (at their own x) draws the same pixels, where
 * three overlapping segments made llvmpipe fill them two or three times.
 * Columns are joined from the last vertex of one to the first of the next;
 * a lone sample is a dot. */
static void
vertices_to_segments (Line     *line,
                      gboolean  log)
{
  gsize n = line->vertices->len;
  Column col = { 0 };
  gboolean in_col = FALSE;
  gboolean joined = FALSE;   /* the current run reaches another column */

  g_array_set_size (line->segments, 0);
  for (gsize k = 0; k <= n; k++)
    {
      const PsM4Vertex *v = k < n ? &g_array_index (line->vertices, PsM4Vertex, k) : NULL;
      gboolean ok = v != NULL && isfinite (v->x) && isfinite (v->y) && (!log || v->y > 0.0f);
      float y = ok ? (log ? log10f (v->y) : v->y) : 0.0f;

      if (in_col && (!ok || floorf (v->x) != floorf (col.first_x)))
        {
          if (col.count > 1)
            {
              /* min and max in time order, so the segment follows the data */
              if (col.lo_x <= col.hi_x)
                append_segment (line, col.lo_x, col.lo, col.hi_x, col.hi);
              else
                append_segment (line, col.hi_x, col.hi, col.lo_x, col.lo);
            }
          else if (!joined && !ok)
            append_segment (line, col.first_x, col.first, col.first_x, col.first);
          if (ok)
            {
              append_segment (line, col.last_x, col.last, v->x, y);
              joined = TRUE;
            }
          else
            joined = FALSE;
          in_col = FALSE;
        }
      if (!ok)
        continue;
      if (!in_col)
        {
          col = (Column) { v->x, y, v->x, y, v->x, y, v->x, y, 0 };
          in_col = TRUE;
        }
      col.last_x = v->x;
      col.last = y;
      if (y < col.lo)
        {
          col.lo = y;
          col.lo_x = v->x;
        }
      if (y > col.hi)
        {
          col.hi = y;
          col.hi_x = v->x;
        }
      col.count++;
    }
}

static void
upload (PsPlotGl *self,
        Line     *line)
{
  gsize bytes = line->segments->len * 4 * sizeof (float);

  if (line->vbo == 0)
    {
      glGenVertexArrays (1, &line->vao);
      glGenBuffers (1, &line->vbo);
      glBindVertexArray (line->vao);
      glBindBuffer (GL_ARRAY_BUFFER, line->vbo);
      glEnableVertexAttribArray (0);
      glEnableVertexAttribArray (1);
      glVertexAttribPointer (0, 2, GL_FLOAT, GL_FALSE, 4 * sizeof (float), (void *) 0);
      glVertexAttribPointer (1, 2, GL_FLOAT, GL_FALSE, 4 * sizeof (float), (void *) (2 * sizeof (float)));
      glVertexAttribDivisor (0, 1);
      glVertexAttribDivisor (1, 1);
    }
  else
    glBindBuffer (GL_ARRAY_BUFFER, line->vbo);

  /* Grow only: the reduction is bounded by the width, so this settles. */
  if (line->segments->len > line->allocated)
    {
      line->allocated = MAX (line->segments->len, 2 * line->allocated);
      glBufferData (GL_ARRAY_BUFFER, line->allocated * 4 * sizeof (float), NULL, GL_DYNAMIC_DRAW);
    }
  if (bytes > 0)
    glBufferSubData (GL_ARRAY_BUFFER, 0, bytes, line->segments->data);
  line->n_segments = line->segments->len;
  self->n_uploads++;
}

/* Whether @line was made for these; if not, records them: the caller
 * then reduces it (reduce_line()) and uploads it. */
static gboolean
line_is_current (Line              *line,
                 PsPyramid         *pyramid,
                 guint              component,
                 const PsTimeRange *range,
                 guint              width_px,
                 gboolean           log)
{
  if (line->vbo != 0
      && line->pyramid == pyramid
      && line->component == component
      && line->range.start == range->start
      && line->range.stop == range->stop
      && line->width_px == width_px
      && line->log == log)
    return TRUE;

  line->pyramid = pyramid;
  line->component = component;
  line->range = *range;
  line->width_px = width_px;
  line->log = log;
  return FALSE;
}

/* Touches nothing but @line, and reads its pyramid: runs on any thread. */
static void
reduce_line (Line *line)
{
  if (line->vertices == NULL)
    {
      ps_m4_result_init (&line->m4);
      line->vertices = g_array_new (FALSE, FALSE, sizeof (PsM4Vertex));
      line->segments = g_array_new (FALSE, FALSE, 4 * sizeof (float));
    }
  ps_m4_reduce (line->pyramid, line->component, &line->range, line->width_px, &line->m4);
  ps_m4_to_vertices (line->pyramid, line->component, &line->range, line->width_px,
                     &line->m4, line->vertices);
  vertices_to_segments (line, line->log);
}

/* Reduces stale lines until none is left to take. */
static void
reduce_stale (PsPlotGl *self)
{
  guint i;

  while ((i = (guint) g_atomic_int_add (&self->next_stale, 1)) < self->stale->len)
    reduce_line (&g_array_index (self->lines, Line, g_array_index (self->stale, guint, i)));
}

static void
reduce_helper (gpointer data,
               gpointer user_data)
{
  PsPlotGl *self = user_data;

  reduce_stale (self);
  g_mutex_lock (&self->mutex);
  self->n_helpers--;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* The M4 reductions of a frame's stale lines, on this thread and the
 * pool's: ~0.7 ms each at 1600 pixels, whatever n, and a 4×3 figure
 * panned has twelve. Then the uploads, here, with the context. */
static void
reduce_and_upload (PsPlotGl *self)
{
  guint n_helpers = 0;

  if (self->stale->len == 0)
    return;
  g_atomic_int_set (&self->next_stale, 0);
  if (self->pool != NULL && self->stale->len > 1)
    {
      n_helpers = MIN (self->stale->len - 1, (guint) g_thread_pool_get_max_threads (self->pool));
      g_mutex_lock (&self->mutex);
      self->n_helpers = n_helpers;
      g_mutex_unlock (&self->mutex);
      for (guint k = 0; k < n_helpers; k++)
        g_thread_pool_push (self->pool, GUINT_TO_POINTER (1), NULL);
    }
  reduce_stale (self);
  g_mutex_lock (&self->mutex);
  while (self->n_helpers > 0)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  for (guint k = 0; k < self->stale->len; k++)
    upload (self, &g_array_index (self->lines, Line, g_array_index (self->stale, guint, k)));
  g_array_set_size (self->stale, 0);
}

static Line *
get_line (PsPlotGl *self,
          guint     index)
{
  if (index >= self->lines->len)
    g_array_set_size (self->lines, index + 1);
  return &g_array_index (self->lines, Line, index);
}

/* The plot area in device pixels, y up; with @fb_height > 0, the
 * viewport and scissor on it. */
static void
set_viewport (const PsRect *plot,
              double        scale,
              int           fb_height,
              int          *width,
              int          *height)
{
  int x0 = (int) round (plot->x * scale);
  int y0 = (int) round (plot->y * scale);
  int x1 = (int) round ((plot->x + plot->width) * scale);
  int y1 = (int) round ((plot->y + plot->height) * scale);

  *width = MAX (1, x1 - x0);
  *height = MAX (1, y1 - y0);
  if (fb_height <= 0)
    return;
  glViewport (x0, fb_height - y1, *width, *height);
  glScissor (x0, fb_height - y1, *width, *height);
}

/* The lines of one panel. With @fb_height 0, only lists the stale ones
 * (line_is_current()) in self->stale, without GL; then draws them. */
static void
draw_panel (PsPlotGl                *self,
            PsPlotModel             *model,
            PsPlotLayout            *layout,
            const PsPlotStyle       *style,
            guint                    panel,
            guint                   *line_index,
            int                      fb_height)
{
  const PsPlotPanel *p = ps_plot_model_get_panel (model, panel);
  const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, panel);
  double scale = ps_plot_layout_get_scale (layout);
  const PsTimeRange *range = ps_plot_layout_get_time_range (layout);
  double y0 = pl->y_log ? log10 (pl->y_min) : pl->y_min;
  double y1 = pl->y_log ? log10 (pl->y_max) : pl->y_max;
  guint c = 0;
  int width, height;

  set_viewport (&pl->plot, scale, fb_height, &width, &height);
  if (fb_height > 0)
    {
      glUniform2f (self->u_size, (float) width, (float) height);
      glUniform2f (self->u_y_range, (float) y0, (float) y1);
      glUniform1f (self->u_half_width, (float) (style->line_width * scale / 2.0));
    }

  for (guint k = 0; k < p->series->len; k++)
    {
      PsSeries *series = g_ptr_array_index (p->series, k);
      PsPyramid *pyramid = g_ptr_array_index (p->pyramids, k);
      guint m = ps_series_get_m (series);

      for (guint j = 0; j < m; j++, c++)
        {
          guint index = (*line_index)++;
          Line *line = get_line (self, index);
          const PsColor *color;

          /* Not built yet: drawn when it is. */
          if (pyramid == NULL || ps_series_get_n (series) == 0)
            continue;
          if (fb_height <= 0)
            {
              if (!line_is_current (line, pyramid, j, range, (guint) width, pl->y_log))
                g_array_append_val (self->stale, index);
              continue;
            }
          if (line->n_segments == 0)
            continue;

          color = c < pl->line_colors->len ? &g_array_index (pl->line_colors, PsColor, c)
                                           : &style->foreground;
          glUniform4f (self->u_color,
                       (float) (color->red * color->alpha), (float) (color->green * color->alpha),
                       (float) (color->blue * color->alpha), (float) color->alpha);
          glBindVertexArray (line->vao);
          glDrawArraysInstanced (GL_TRIANGLE_STRIP, 0, 4, (GLsizei) line->n_segments);
        }
    }
}

/* What ps-render-cairo.c strokes a grid line @w wide at @v covers, as
 * device pixels [*start, *start + *n), each at coverage *alpha: exact only
 * when the stroke is at most 2 device pixels wide (its snapped centre then
 * spreads it evenly). FALSE otherwise. */
static gboolean
grid_pixels (double  v,
             double  w,
             double  scale,
             int    *start,
             int    *n,
             double *alpha)
{
  double ws = w * scale;
  double device_width = MAX (1.0, round (ws));

  if (device_width > 2.0 || ws > device_width)
    return FALSE;
  if (device_width == 1.0)
    *start = (int) floor (v * scale);
  else
    *start = (int) round (v * scale) - 1;
  *n = (int) device_width;
  *alpha = ws / device_width;
  return TRUE;
}

static void
append_rect (GArray        *rects,
             int            x,
             int            y,
             int            width,
             int            height,
             const PsColor *color,
             double         alpha)
{
  PsPlotGlRect r = { x, y, width, height,
                     { (float) color->red, (float) color->green, (float) color->blue,
                       (float) (color->alpha * alpha) } };

  g_array_append_val (rects, r);
}

/* The grid of one line panel. Two crossing lines blend twice where they
 * cross, as cairo covers the union of the two strokes: with coverage a
 * each, 1 − (1 − a)² either way. The lines' ends are rounded to whole
 * pixels; cairo's antialiased ends lie under the frame. */
static gboolean
append_grid (PsPlotLayout            *layout,
             const PsPlotStyle       *style,
             const PsPlotPanelLayout *panel,
             GArray                  *rects)
{
  GArray *time_ticks = ps_plot_layout_get_time_ticks (layout);
  double scale = ps_plot_layout_get_scale (layout);
  double w = style->grid_line_width;
  const PsRect *r = &panel->plot;
  int top = (int) round (r->y * scale);
  int bottom = (int) round ((r->y + r->height) * scale);
  int left = (int) round (r->x * scale);
  int right = (int) round ((r->x + r->width) * scale);

  for (guint i = 0; i < time_ticks->len; i++)
    {
      const PsPlotTick *tick = &g_array_index (time_ticks, PsPlotTick, i);
      double alpha;
      int x, n;

      if (!tick->major)
        continue;
      if (!grid_pixels (tick->position, w, scale, &x, &n, &alpha))
        return FALSE;
      append_rect (rects, x, top, n, bottom - top, &style->grid, alpha);
    }
  for (guint i = 0; i < panel->y_ticks->len; i++)
    {
      const PsPlotTick *tick = &g_array_index (panel->y_ticks, PsPlotTick, i);
      double alpha;
      int y, n;

      if (!tick->major)
        continue;
      if (!grid_pixels (tick->position, w, scale, &y, &n, &alpha))
        return FALSE;
      append_rect (rects, left, y, right - left, n, &style->grid, alpha);
    }
  return TRUE;
}

/**
 * ps_plot_gl_get_background:
 * @rects: (element-type PsPlotGlRect): emptied, then filled
 *
 * What lies under the lines as rectangles of one colour, pixel for pixel
 * what ps-render-cairo.c draws (the grid lines' ends aside, under the plot
 * frame): first the background of the whole figure, then the grid lines,
 * to blend in order, as the view's layer under the data does. Here so
 * that the GL area could draw them under the lines (one GSK pass fewer
 * under llvmpipe), which GTK 4.8 does not show right yet.
 *
 * Returns: %FALSE, with @rects empty, when rectangles cannot draw it (a
 * spectrogram panel, grid lines wider than 2 device pixels): cairo must.
 */
gboolean
ps_plot_gl_get_background (PsPlotLayout      *layout,
                           const PsPlotStyle *style,
                           GArray            *rects)
{
  double scale;

  g_return_val_if_fail (layout != NULL, FALSE);

  scale = ps_plot_layout_get_scale (layout);
  g_array_set_size (rects, 0);
  append_rect (rects, 0, 0, (int) round (ps_plot_layout_get_width (layout) * scale),
               (int) round (ps_plot_layout_get_height (layout) * scale), &style->background, 1.0);
  for (guint i = 0; i < ps_plot_layout_get_n_panels (layout); i++)
    {
      const PsPlotPanelLayout *panel = ps_plot_layout_get_panel (layout, i);

      if (panel->spectrogram || !append_grid (layout, style, panel, rects))
        {
          g_array_set_size (rects, 0);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * ps_plot_gl_draw:
 * @fb_width: the framebuffer width, device pixels
 *
 * Clears the framebuffer to transparent and draws the lines of every line
 * panel of @layout, clipped to the plot areas. Spectrogram panels are
 * left to the caller.
 */
void
ps_plot_gl_draw (PsPlotGl          *self,
                 PsPlotModel       *model,
                 PsPlotLayout      *layout,
                 const PsPlotStyle *style,
                 int                fb_width,
                 int                fb_height)
{
  guint line_index = 0;

  g_return_if_fail (self != NULL);

  glDisable (GL_SCISSOR_TEST);
  glViewport (0, 0, fb_width, fb_height);
  glClearColor (0, 0, 0, 0);
  glClear (GL_COLOR_BUFFER_BIT);
  if (model == NULL || layout == NULL)
    return;

  /* First the stale lines, reduced all at once, then the drawing. */
  for (int pass = 0; pass < 2; pass++)
    {
      line_index = 0;
      if (pass == 1)
        {
          reduce_and_upload (self);
          glEnable (GL_BLEND);
          glBlendFunc (GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
          glEnable (GL_SCISSOR_TEST);
          glUseProgram (self->program);
        }
      for (guint i = 0; i < ps_plot_layout_get_n_panels (layout); i++)
        {
          const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, i);

          if (pl->spectrogram)
            {
              const PsPlotPanel *p = ps_plot_model_get_panel (model, i);

              for (guint k = 0; k < p->series->len; k++)
                line_index += ps_series_get_m (g_ptr_array_index (p->series, k));
              continue;
            }
          draw_panel (self, model, layout, style, i, &line_index, pass == 0 ? 0 : fb_height);
        }
    }
  glBindVertexArray (0);
  glUseProgram (0);
  glDisable (GL_SCISSOR_TEST);
  glDisable (GL_BLEND);
}
