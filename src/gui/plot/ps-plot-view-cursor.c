/* ps-plot-view-cursor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tooltip of the cursor line: the time under the pointer, then the
 * value of every graph of every panel at that time. A value is the last
 * sample at or before the cursor (ps_series_value_at()), never an
 * interpolation: that is what the instrument reported at that instant.
 * GTK's own tooltip machinery shows it ("query-tooltip"), so it follows
 * the usual delays, placement and theme.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ps-time-display.h"
#include "ps-plot-view-private.h"

/* A spectrogram has a value per channel, too many for a tooltip. */
static void
append_series (GString  *str,
               PsSeries *series,
               PsTime    t)
{
  guint m = ps_series_get_m (series);
  const char *units = ps_series_get_units (series);

  if (ps_series_get_display_kind (series) == PS_DISPLAY_SPECTROGRAM)
    return;
  for (guint j = 0; j < m; j++)
    {
      const char *label = m > 1 ? ps_series_get_label (series, j) : ps_series_get_name (series);
      g_autofree char *escaped = g_markup_escape_text (label != NULL ? label : "", -1);
      g_autofree char *number = NULL;
      double value;

      if (!ps_series_value_at (series, t, j, &value, NULL))
        number = g_strdup (_("no data"));
      else if (isnan (value))
        number = g_strdup ("NaN");
      else if (units != NULL && units[0] != '\0')
        {
          g_autofree char *escaped_units = g_markup_escape_text (units, -1);

          /* TRANSLATORS: a value and its units in the cursor's tooltip */
          number = g_strdup_printf (_("%.4g %s"), value, escaped_units);
        }
      else
        number = g_strdup_printf ("%.4g", value);
      g_string_append_c (str, '\n');
      /* TRANSLATORS: a graph's label and its value in the cursor's tooltip */
      g_string_append_printf (str, _("%s: %s"), escaped, number);
    }
}

/**
 * _ps_plot_view_cursor_markup:
 * @x: the pointer's x, in the view's coordinates
 *
 * Returns: (transfer full) (nullable): the tooltip of the cursor line at
 *   @x, or %NULL when there is none (the cursor is hidden, or @x is not
 *   over a plot area)
 */
char *
_ps_plot_view_cursor_markup (PsPlotView *self,
                             double      x)
{
  PsPlotLayout *layout;
  const PsRect *plot;
  g_autofree char *time = NULL;
  g_autofree char *heading = NULL;
  GString *str;
  PsTime t;

  if (!self->show_cursor || self->model == NULL)
    return NULL;
  layout = _ps_plot_view_ensure_layout (self);
  if (layout == NULL || ps_plot_layout_get_n_panels (layout) == 0)
    return NULL;
  /* Every panel shares the time axis, hence the same plot columns. */
  plot = &ps_plot_layout_get_panel (layout, 0)->plot;
  if (x < plot->x || x >= plot->x + plot->width)
    return NULL;

  t = ps_plot_layout_x_to_time (layout, x);
  time = ps_time_format_display (t, PS_TIME_DISPLAY_CALENDAR, 3);
  /* TRANSLATORS: the time of the cursor line, in UTC */
  heading = g_strdup_printf (_("%s UTC"), time);
  str = g_string_new ("<b>");
  g_string_append (str, heading);
  g_string_append (str, "</b>");
  for (guint i = 0; i < ps_plot_model_get_n_panels (self->model); i++)
    {
      const PsPlotPanel *p = ps_plot_model_get_panel (self->model, i);

      for (guint k = 0; k < p->series->len; k++)
        append_series (str, g_ptr_array_index (p->series, k), t);
    }
  return g_string_free (str, FALSE);
}

static gboolean
query_tooltip_cb (PsPlotView *self,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip)
{
  g_autofree char *markup = NULL;

  if (keyboard_mode || self->dragging)
    return FALSE;
  markup = _ps_plot_view_cursor_markup (self, x);
  if (markup == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

void
_ps_plot_view_init_cursor (PsPlotView *self)
{
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), self->show_cursor);
}
