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

  /* Scratch space, reused by every reduction */
  PsM4Result  m4;
  GArray     *vertices;  /* of PsM4Vertex */
  GArray     *segments;  /* of float[4] */
};

static GLuint
compile (GLenum       type,
         const char  *name,
         GError     **error)
{
  g_autofree char *path = g_strconcat (SHADER_PATH, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);
  const char *header;
  const char *sources[2];
  GLint lengths[2];
  GLint ok = GL_FALSE;
  GLuint shader;

  if (bytes == NULL)
    return 0;

  if (epoxy_is_desktop_gl ())
    header = epoxy_gl_version () >= 32 ? "#version 150\n" : "#version 130\n";
  else
    header = "#version 300 es\nprecision highp float;\n";
  sources[0] = header;
  lengths[0] = (GLint) strlen (header);
  sources[1] = g_bytes_get_data (bytes, NULL);
  lengths[1] = (GLint) g_bytes_get_size (bytes);

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

static gboolean
link_program (PsPlotGl  *self,
              GError   **error)
{
  GLuint vs = compile (GL_VERTEX_SHADER, "plot-line.vert", error);
  GLuint fs = vs != 0 ? compile (GL_FRAGMENT_SHADER, "plot-line.frag", error) : 0;
  GLint ok = GL_FALSE;

  if (fs == 0)
    {
      if (vs != 0)
        glDeleteShader (vs);
      return FALSE;
    }

  self->program = glCreateProgram ();
  glAttachShader (self->program, vs);
  glAttachShader (self->program, fs);
  glBindAttribLocation (self->program, 0, "a_p0");
  glBindAttribLocation (self->program, 1, "a_p1");
  glLinkProgram (self->program);
  glDeleteShader (vs);
  glDeleteShader (fs);
  glGetProgramiv (self->program, GL_LINK_STATUS, &ok);
  if (!ok)
    {
      char log[1024] = "";

      glGetProgramInfoLog (self->program, sizeof log, NULL, log);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "plot-line: %s", log);
      return FALSE;
    }

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
  ps_m4_result_init (&self->m4);
  self->vertices = g_array_new (FALSE, FALSE, sizeof (PsM4Vertex));
  self->segments = g_array_new (FALSE, FALSE, 4 * sizeof (float));
  if (!link_program (self, error))
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
        }
      g_array_unref (self->lines);
    }
  if (self->program != 0)
    glDeleteProgram (self->program);
  ps_m4_result_clear (&self->m4);
  g_clear_pointer (&self->vertices, g_array_unref);
  g_clear_pointer (&self->segments, g_array_unref);
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
append_segment (PsPlotGl *self,
                float     x0,
                float     y0,
                float     x1,
                float     y1)
{
  float seg[4] = { x0, y0, x1, y1 };

  g_array_append_val (self->segments, seg);
}

/* Turns M4 vertices into line segments. Within one pixel column the path
 * first -> min -> max -> last stays inside [min, max]: the one segment
 * from the min to the max (at their own x) draws the same pixels, where
 * three overlapping segments made llvmpipe fill them two or three times.
 * Columns are joined from the last vertex of one to the first of the next;
 * a lone sample is a dot. */
static void
vertices_to_segments (PsPlotGl *self,
                      gboolean  log)
{
  gsize n = self->vertices->len;
  Column col = { 0 };
  gboolean in_col = FALSE;
  gboolean joined = FALSE;   /* the current run reaches another column */

  g_array_set_size (self->segments, 0);
  for (gsize k = 0; k <= n; k++)
    {
      const PsM4Vertex *v = k < n ? &g_array_index (self->vertices, PsM4Vertex, k) : NULL;
      gboolean ok = v != NULL && isfinite (v->x) && isfinite (v->y) && (!log || v->y > 0.0f);
      float y = ok ? (log ? log10f (v->y) : v->y) : 0.0f;

      if (in_col && (!ok || floorf (v->x) != floorf (col.first_x)))
        {
          if (col.count > 1)
            {
              /* min and max in time order, so the segment follows the data */
              if (col.lo_x <= col.hi_x)
                append_segment (self, col.lo_x, col.lo, col.hi_x, col.hi);
              else
                append_segment (self, col.hi_x, col.hi, col.lo_x, col.lo);
            }
          else if (!joined && !ok)
            append_segment (self, col.first_x, col.first, col.first_x, col.first);
          if (ok)
            {
              append_segment (self, col.last_x, col.last, v->x, y);
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
  gsize bytes = self->segments->len * 4 * sizeof (float);

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
  if (self->segments->len > line->allocated)
    {
      line->allocated = MAX (self->segments->len, 2 * line->allocated);
      glBufferData (GL_ARRAY_BUFFER, line->allocated * 4 * sizeof (float), NULL, GL_DYNAMIC_DRAW);
    }
  if (bytes > 0)
    glBufferSubData (GL_ARRAY_BUFFER, 0, bytes, self->segments->data);
  line->n_segments = self->segments->len;
  self->n_uploads++;
}

static void
update_line (PsPlotGl          *self,
             Line              *line,
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
    return;

  ps_m4_reduce (pyramid, component, range, width_px, &self->m4);
  ps_m4_to_vertices (pyramid, component, range, width_px, &self->m4, self->vertices);
  vertices_to_segments (self, log);
  upload (self, line);

  line->pyramid = pyramid;
  line->component = component;
  line->range = *range;
  line->width_px = width_px;
  line->log = log;
}

static Line *
get_line (PsPlotGl *self,
          guint     index)
{
  if (index >= self->lines->len)
    g_array_set_size (self->lines, index + 1);
  return &g_array_index (self->lines, Line, index);
}

/* Viewport and scissor on the plot area, in device pixels, y up. */
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
  glViewport (x0, fb_height - y1, *width, *height);
  glScissor (x0, fb_height - y1, *width, *height);
}

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
  glUniform2f (self->u_size, (float) width, (float) height);
  glUniform2f (self->u_y_range, (float) y0, (float) y1);
  glUniform1f (self->u_half_width, (float) (style->line_width * scale / 2.0));

  for (guint k = 0; k < p->series->len; k++)
    {
      PsSeries *series = g_ptr_array_index (p->series, k);
      PsPyramid *pyramid = g_ptr_array_index (p->pyramids, k);
      guint m = ps_series_get_m (series);

      for (guint j = 0; j < m; j++, c++)
        {
          Line *line = get_line (self, (*line_index)++);
          const PsColor *color;

          /* Not built yet: drawn when it is. */
          if (pyramid == NULL || ps_series_get_n (series) == 0)
            continue;
          update_line (self, line, pyramid, j, range, (guint) width, pl->y_log);
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

  glEnable (GL_SCISSOR_TEST);
  glEnable (GL_BLEND);
  glBlendFunc (GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram (self->program);
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
      draw_panel (self, model, layout, style, i, &line_index, fb_height);
    }
  glBindVertexArray (0);
  glUseProgram (0);
  glDisable (GL_SCISSOR_TEST);
  glDisable (GL_BLEND);
}
