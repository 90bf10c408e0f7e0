/* ps-plot-layout-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading a PsPlotLayout: accessors, and the mappings between data and
 * logical pixels that both renderers (and hit testing) use.
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <math.h>

#include "ps-plot-layout-private.h"

double
ps_plot_layout_get_width (PsPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->width;
}

double
ps_plot_layout_get_height (PsPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->height;
}

double
ps_plot_layout_get_scale (PsPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, 1.0);

  return self->scale;
}

const PsTimeRange *
ps_plot_layout_get_time_range (PsPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->range;
}

PangoContext *
ps_plot_layout_get_context (PsPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->context;
}

const PangoFontDescription *
ps_plot_layout_get_font (PsPlotLayout *self,
                         PsPlotFont    font)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (font <= PS_PLOT_FONT_LABEL, NULL);

  return self->fonts[font];
}

guint
ps_plot_layout_get_n_panels (PsPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->panels->len;
}

const PsPlotPanelLayout *
ps_plot_layout_get_panel (PsPlotLayout *self,
                          guint         panel)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (panel < self->panels->len, NULL);

  return &g_array_index (self->panels, PsPlotPanelLayout, panel);
}

const PsRect *
ps_plot_layout_get_time_axis (PsPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->time_axis;
}

/**
 * ps_plot_layout_get_time_ticks:
 *
 * Returns: (transfer none) (element-type PsPlotTick): the time ticks,
 *   positions in x
 */
GArray *
ps_plot_layout_get_time_ticks (PsPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->time_ticks;
}

guint
ps_plot_layout_get_n_texts (PsPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->texts->len;
}

const PsPlotText *
ps_plot_layout_get_text (PsPlotLayout *self,
                         guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->texts->len, NULL);

  return &g_array_index (self->texts, PsPlotText, index);
}

/* Every panel shares x: the first one's plot area stands for all. */
static const PsRect *
plot_x_rect (PsPlotLayout *self)
{
  static const PsRect none = { 0, 0, 1, 1 };

  if (self->panels->len == 0)
    return &none;
  return &g_array_index (self->panels, PsPlotPanelLayout, 0).plot;
}

double
ps_plot_layout_time_to_x (PsPlotLayout *self,
                          PsTime        t)
{
  const PsRect *plot;
  double span;

  g_return_val_if_fail (self != NULL, 0.0);

  plot = plot_x_rect (self);
  span = (double) (self->range.stop - self->range.start);
  if (!(span > 0))
    return plot->x;
  return plot->x + plot->width * ((double) (t - self->range.start) / span);
}

PsTime
ps_plot_layout_x_to_time (PsPlotLayout *self,
                          double        x)
{
  const PsRect *plot;
  double span;

  g_return_val_if_fail (self != NULL, PS_TIME_INVALID);

  plot = plot_x_rect (self);
  span = (double) (self->range.stop - self->range.start);
  return self->range.start + (PsTime) llround ((x - plot->x) / plot->width * span);
}

double
ps_plot_panel_layout_value_to_y (const PsPlotPanelLayout *panel,
                                 double                   value)
{
  double f;

  g_return_val_if_fail (panel != NULL, NAN);

  if (panel->y_log)
    f = (log10 (value) - log10 (panel->y_min)) / (log10 (panel->y_max) - log10 (panel->y_min));
  else
    f = (value - panel->y_min) / (panel->y_max - panel->y_min);
  return panel->plot.y + panel->plot.height * (1.0 - f);
}

double
ps_plot_panel_layout_y_to_value (const PsPlotPanelLayout *panel,
                                 double                   y)
{
  double f;

  g_return_val_if_fail (panel != NULL, NAN);

  f = 1.0 - (y - panel->plot.y) / panel->plot.height;
  if (panel->y_log)
    return pow (10.0, log10 (panel->y_min) + f * (log10 (panel->y_max) - log10 (panel->y_min)));
  return panel->y_min + f * (panel->y_max - panel->y_min);
}

gboolean
ps_rect_is_empty (const PsRect *rect)
{
  g_return_val_if_fail (rect != NULL, TRUE);

  return !(rect->width > 0 && rect->height > 0);
}

gboolean
ps_rect_intersects (const PsRect *a,
                    const PsRect *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (ps_rect_is_empty (a) || ps_rect_is_empty (b))
    return FALSE;
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

gboolean
ps_rect_contains_rect (const PsRect *outer,
                       const PsRect *inner)
{
  g_return_val_if_fail (outer != NULL && inner != NULL, FALSE);

  return inner->x >= outer->x && inner->y >= outer->y
         && inner->x + inner->width <= outer->x + outer->width
         && inner->y + inner->height <= outer->y + outer->height;
}
