/* ps-render-lines.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Line graphs (scalars, vectors, multi-component): each component reduced
 * by M4 on the series' pyramid to at most four samples per device pixel
 * column, so a figure of a year of 128 Hz data costs what a figure of a
 * minute does. Breaks (NaN, gaps in time) lift the pen; a lone sample
 * between breaks is a dot.
 *
 * On image surfaces the polylines are not stroked by cairo but rasterized
 * here into a coverage mask (one per component), then composited through
 * the clip with the component's colour. Cairo's stroker and scan
 * converter took ~27 ms for the ~6000 points of a 1600-pixel M4 line of
 * noisy data (every column a long vertical zig-zag, hundreds of edges
 * crossing each row); this takes a few. The coverage of a pixel is that
 * of a box filter one pixel wide across the stroke's edge at the pixel's
 * distance from the polyline (exact for horizontal and vertical lines),
 * the polyline's distance being the least over its segments, so the
 * stroke is the round-joined, round-capped one cairo draws, overlaps are
 * inked once, and the picture is cairo's within antialiasing (a few
 * levels on edge pixels; a pixel that two segments each cover in part
 * gets the larger part, not their union). Vector surfaces and unusual
 * transformations still go through cairo_stroke().
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-m4.h"
#include "ps-render-private.h"

/* A coverage mask in device pixels, its origin at (x0, y0). */
typedef struct
{
  cairo_surface_t *surface;
  guint8          *data;
  int              stride;
  int              x0;
  int              y0;
  int              width;
  int              height;
  guint8          *sub;         /* SUBCOLUMNS coverages per pixel */
  int              row_min;     /* rows touched since the last flush */
  int              row_max;
  double           half_width;  /* of the line, device pixels */
  /* user to device: x' = xx x + x0, y' = yy y + y0 */
  double           xx, dx, yy, dy;
} Mask;

/* Each pixel is two half-pixel columns, each covered on its own and the
 * two averaged: M4 puts a column's first and last samples at the pixel
 * edges, where the segments from them cover one half of a pixel each. */
#define SUBCOLUMNS 2

typedef struct
{
  cairo_t                 *cr;
  PsPlotLayout            *layout;
  const PsPlotPanelLayout *panel;
  double                   dot_radius;
  Mask                    *mask;      /* NULL: stroke with cairo */
  double                   last_x;    /* previous point of the run, device */
  double                   last_y;
} Pen;

/* Coverage of a box @w wide (across the line) whose centre lies at @d
 * from the line's centre, @h its half width: the overlap of [d − h, d + h]
 * and [−w/2, w/2], over w. */
static inline double
coverage_at (double d,
             double h,
             double w)
{
  return (MIN (0.5 * w, h - d) + MIN (0.5 * w, h + d)) / w;
}

/* Rasterizes the segment (ax, ay)–(bx, by), device pixels relative to the
 * mask's origin, into the mask: each pixel keeps its largest coverage. */
static void
mask_segment (Mask   *m,
              double  ax,
              double  ay,
              double  bx,
              double  by)
{
  double h = m->half_width;
  double reach = h + 0.6;   /* no coverage beyond (h + w/2, w <= 1.12) */
  double reach2 = reach * reach;
  double sx = bx - ax, sy = by - ay;
  double len2 = sx * sx + sy * sy;
  double inv = len2 > 0.0 ? 1.0 / len2 : 0.0;
  double len = sqrt (len2);
  double nx = len > 0.0 ? -sy / len : 0.0, ny = len > 0.0 ? sx / len : 0.0;
  /* A sample's extent across the segment beside it. */
  double w_side = fabs (nx) / SUBCOLUMNS + fabs (ny);
  double half_side = 0.5 * w_side, inv_w_side = 1.0 / w_side;
  double top = MAX (MIN (ay, by) - reach, 0.0);
  double bottom = MIN (MAX (ay, by) + reach, (double) m->height);
  int row0, row1;

  if (!(top < bottom) || MAX (ax, bx) + reach < 0.0 || MIN (ax, bx) - reach > m->width)
    return;
  row0 = (int) floor (top);
  row1 = MIN ((int) ceil (bottom), m->height);
  m->row_min = MIN (m->row_min, row0);
  m->row_max = MAX (m->row_max, row1);
  for (int py = row0; py < row1; py++)
    {
      double yc = py + 0.5;
      double xa, xb, left, right;
      int col0, col1;

      /* The centre line's x over the rows within reach of this one. */
      if (fabs (sy) < 1e-12)
        {
          xa = MIN (ax, bx);
          xb = MAX (ax, bx);
        }
      else
        {
          double t0 = (yc - reach - ay) / sy, t1 = (yc + reach - ay) / sy;

          if (t0 > t1)
            {
              double t = t0;
              t0 = t1;
              t1 = t;
            }
          t0 = MAX (t0, 0.0);
          t1 = MIN (t1, 1.0);
          if (t0 > t1)
            continue;
          xa = ax + t0 * sx;
          xb = ax + t1 * sx;
          if (xa > xb)
            {
              double x = xa;
              xa = xb;
              xb = x;
            }
        }
      left = MAX (xa - reach, 0.0);
      right = MIN (xb + reach, (double) m->width);
      if (!(left < right))
        continue;
      col0 = (int) floor (left);
      col1 = MIN ((int) ceil (right), m->width);
      for (int px = col0; px < col1; px++)
        for (int k = 0; k < SUBCOLUMNS; k++)
          {
            double qx = px + (k + 0.5) / SUBCOLUMNS - ax, qy = yc - ay;
            double t = (qx * sx + qy * sy) * inv;
            double d, w, c;
            guint8 *cell;
            guint v;

            if (t > 0.0 && t < 1.0)
              {
                /* Beside the segment: across it is along its normal. */
                d = fabs (qx * nx + qy * ny);
                if (d >= reach)
                  continue;
                c = (MIN (half_side, h - d) + MIN (half_side, h + d)) * inv_w_side;
              }
            else
              {
                /* Around an end: across is away from it. */
                double ex = t <= 0.0 ? qx : qx - sx, ey = t <= 0.0 ? qy : qy - sy;
                double d2 = ex * ex + ey * ey;

                if (d2 >= reach2)
                  continue;
                d = sqrt (d2);
                w = d > 1e-6 ? (fabs (ex) / SUBCOLUMNS + fabs (ey)) / d : 1.0 / SUBCOLUMNS;
                c = coverage_at (d, h, w);
              }
            if (c <= 0.0)
              continue;
            v = (guint) (MIN (c, 1.0) * 255.0 + 0.5);
            cell = m->sub + ((gsize) py * m->width + px) * SUBCOLUMNS + k;
            if (v > *cell)
              *cell = (guint8) v;
          }
    }
}

static gboolean
sample_point (Pen          *pen,
              PsSeries     *series,
              guint         component,
              guint64       i,
              double       *x,
              double       *y)
{
  double v = ps_series_get_value (series, i, component);

  if (!isfinite (v) || (pen->panel->y_log && v <= 0.0))
    return FALSE;
  *x = ps_plot_layout_time_to_x (pen->layout, ps_series_get_time (series, i));
  *y = ps_plot_panel_layout_value_to_y (pen->panel, v);
  /* Far outside the plot cairo's fixed point would overflow; clip there. */
  *y = CLAMP (*y, -1e6, 1e6);
  return TRUE;
}

/* Strokes one run of samples between breaks. */
static void
draw_run (Pen          *pen,
          PsSeries     *series,
          guint         component,
          const guint64 *items,
          gsize          n)
{
  gsize drawn = 0;
  double x = 0, y = 0, x0 = 0, y0 = 0;

  for (gsize k = 0; k < n; k++)
    {
      if (!sample_point (pen, series, component, items[k], &x, &y))
        continue;
      if (pen->mask != NULL)
        {
          Mask *m = pen->mask;
          double mx = m->xx * x + m->dx - m->x0, my = m->yy * y + m->dy - m->y0;

          if (drawn > 0)
            mask_segment (m, pen->last_x, pen->last_y, mx, my);
          pen->last_x = mx;
          pen->last_y = my;
          if (drawn == 0)
            {
              x0 = x;
              y0 = y;
            }
        }
      else if (drawn == 0)
        {
          cairo_move_to (pen->cr, x, y);
          x0 = x;
          y0 = y;
        }
      else
        cairo_line_to (pen->cr, x, y);
      drawn++;
    }
  if (pen->mask != NULL)
    {
      if (drawn == 1)
        {
          cairo_new_sub_path (pen->cr);
          cairo_arc (pen->cr, x0, y0, pen->dot_radius, 0, 2 * G_PI);
          cairo_fill (pen->cr);
        }
      return;
    }
  if (drawn == 1)
    {
      cairo_new_sub_path (pen->cr);
      cairo_arc (pen->cr, x0, y0, pen->dot_radius, 0, 2 * G_PI);
      cairo_fill (pen->cr);
    }
  else if (drawn > 1)
    cairo_stroke (pen->cr);
}

/* A mask over the device pixels of @plot when @cr draws into an image
 * surface through a scale and a translation; FALSE to stroke instead. */
static gboolean
mask_init (Mask         *m,
           cairo_t      *cr,
           const PsRect *plot,
           double        line_width)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_matrix_t ctm;
  double ox, oy, x0, y0, x1, y1;

  memset (m, 0, sizeof *m);
  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_get_matrix (cr, &ctm);
  if (ox != 0.0 || oy != 0.0 || ctm.xy != 0.0 || ctm.yx != 0.0
      || ctm.xx <= 0.0 || ctm.xx != ctm.yy)
    return FALSE;

  x0 = MAX (floor (ctm.xx * plot->x + ctm.x0), 0.0);
  y0 = MAX (floor (ctm.yy * plot->y + ctm.y0), 0.0);
  x1 = MIN (ceil (ctm.xx * (plot->x + plot->width) + ctm.x0),
            (double) cairo_image_surface_get_width (target));
  y1 = MIN (ceil (ctm.yy * (plot->y + plot->height) + ctm.y0),
            (double) cairo_image_surface_get_height (target));
  if (!(x0 < x1 && y0 < y1))
    return FALSE;

  m->x0 = (int) x0;
  m->y0 = (int) y0;
  m->width = (int) (x1 - x0);
  m->height = (int) (y1 - y0);
  m->half_width = line_width * ctm.xx / 2.0;
  m->xx = ctm.xx;
  m->dx = ctm.x0;
  m->yy = ctm.yy;
  m->dy = ctm.y0;
  m->surface = cairo_image_surface_create (CAIRO_FORMAT_A8, m->width, m->height);
  if (cairo_surface_status (m->surface) != CAIRO_STATUS_SUCCESS)
    {
      g_clear_pointer (&m->surface, cairo_surface_destroy);
      return FALSE;
    }
  m->data = cairo_image_surface_get_data (m->surface);
  m->stride = cairo_image_surface_get_stride (m->surface);
  m->sub = g_malloc0 ((gsize) m->width * m->height * SUBCOLUMNS);
  m->row_min = m->height;
  m->row_max = 0;
  return TRUE;
}

static void
mask_clear (Mask *m)
{
  g_clear_pointer (&m->surface, cairo_surface_destroy);
  g_clear_pointer (&m->sub, g_free);
}

/* Paints the colour of @cr through the mask, then clears it. */
static void
mask_flush (Mask    *m,
            cairo_t *cr)
{
  int rows = m->row_max - m->row_min;

  if (rows <= 0)
    return;
  cairo_surface_flush (m->surface);
  for (int y = m->row_min; y < m->row_max; y++)
    {
      guint8 *sub = m->sub + (gsize) y * m->width * SUBCOLUMNS;
      guint8 *line = m->data + (gsize) y * m->stride;

      for (int x = 0; x < m->width; x++)
        {
          guint sum = 0;

          for (int k = 0; k < SUBCOLUMNS; k++)
            sum += sub[x * SUBCOLUMNS + k];
          line[x] = (guint8) ((sum + SUBCOLUMNS / 2) / SUBCOLUMNS);
        }
    }
  cairo_surface_mark_dirty (m->surface);

  /* Only the rows touched. */
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_rectangle (cr, m->x0, m->y0 + m->row_min, m->width, rows);
  cairo_clip (cr);
  cairo_mask_surface (cr, m->surface, m->x0, m->y0);
  cairo_restore (cr);

  cairo_surface_flush (m->surface);
  memset (m->sub + (gsize) m->row_min * m->width * SUBCOLUMNS, 0,
          (gsize) rows * m->width * SUBCOLUMNS);
  memset (m->data + (gsize) m->row_min * m->stride, 0, (gsize) rows * m->stride);
  m->row_min = m->height;
  m->row_max = 0;
  cairo_surface_mark_dirty (m->surface);
}

static void
draw_component (Pen               *pen,
                PsPyramid         *pyramid,
                guint              component,
                guint              width_px)
{
  PsSeries *series = ps_pyramid_get_series (pyramid);
  PsM4Result result;
  gsize start = 0;

  ps_m4_result_init (&result);
  ps_m4_reduce (pyramid, component, ps_plot_layout_get_time_range (pen->layout), width_px, &result);
  for (gsize k = 0; k <= result.n_items; k++)
    {
      if (k < result.n_items && result.items[k] != PS_M4_BREAK)
        continue;
      if (k > start)
        draw_run (pen, series, component, result.items + start, k - start);
      start = k + 1;
    }
  ps_m4_result_clear (&result);
}

/**
 * _ps_render_lines:
 *
 * Draws every series of line panel @panel, clipped to its plot area, in
 * the colours the layout gave them (the legend's).
 */
void
_ps_render_lines (cairo_t           *cr,
                  PsPlotModel       *model,
                  guint              panel,
                  PsPlotLayout      *layout,
                  const PsPlotStyle *style)
{
  const PsPlotPanel *p = ps_plot_model_get_panel (model, panel);
  const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, panel);
  guint width_px = (guint) MAX (1.0, ceil (pl->plot.width * ps_plot_layout_get_scale (layout)));
  Pen pen = { cr, layout, pl, style->line_width * 1.2, NULL, 0, 0 };
  Mask mask;
  guint c = 0;

  cairo_save (cr);
  cairo_rectangle (cr, pl->plot.x, pl->plot.y, pl->plot.width, pl->plot.height);
  cairo_clip (cr);
  cairo_set_line_width (cr, style->line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (mask_init (&mask, cr, &pl->plot, style->line_width))
    pen.mask = &mask;

  for (guint k = 0; k < p->series->len; k++)
    {
      PsSeries *series = g_ptr_array_index (p->series, k);
      guint m = ps_series_get_m (series);
      PsPyramid *pyramid;

      if (ps_series_get_n (series) == 0)
        {
          c += m;
          continue;
        }
      pyramid = ps_plot_model_get_pyramid (model, panel, k);
      for (guint j = 0; j < m; j++, c++)
        {
          if (c < pl->line_colors->len)
            _ps_render_set_color (cr, &g_array_index (pl->line_colors, PsColor, c));
          draw_component (&pen, pyramid, j, width_px);
          if (pen.mask != NULL)
            mask_flush (pen.mask, cr);
        }
    }
  if (pen.mask != NULL)
    mask_clear (&mask);
  cairo_restore (cr);
}
