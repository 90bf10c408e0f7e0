/* ps-render-lines.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Line graphs (scalars, vectors, multi-component): each component reduced
 * by M4 on the series' pyramid to at most four samples per device pixel
 * column, so a figure of a year of 128 Hz data costs what a figure of a
 * minute does. Breaks (NaN, gaps in time) lift the pen; a lone sample
 * between breaks is a dot.
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <math.h>

#include "ps-m4.h"
#include "ps-render-private.h"

typedef struct
{
  cairo_t                 *cr;
  PsPlotLayout            *layout;
  const PsPlotPanelLayout *panel;
  double                   dot_radius;
} Pen;

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
      if (drawn == 0)
        {
          cairo_move_to (pen->cr, x, y);
          x0 = x;
          y0 = y;
        }
      else
        cairo_line_to (pen->cr, x, y);
      drawn++;
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
  Pen pen = { cr, layout, pl, style->line_width * 1.2 };
  guint c = 0;

  cairo_save (cr);
  cairo_rectangle (cr, pl->plot.x, pl->plot.y, pl->plot.width, pl->plot.height);
  cairo_clip (cr);
  cairo_set_line_width (cr, style->line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

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
        }
    }
  cairo_restore (cr);
}
