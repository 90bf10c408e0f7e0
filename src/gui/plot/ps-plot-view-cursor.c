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
 *
 * A spectrogram has a value per bin, too many for a tooltip: it shows the
 * bin under the pointer when the pointer is over its panel (the bin whose
 * cells are drawn there, centre and units, then its value), else the
 * range of its bins.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ps-time-display.h"
#include "ps-plot-units.h"
#include "ps-plot-view-private.h"
#include "ps-render-private.h"

/* A value as the tooltip shows it: "no data", NaN, or with its units (as
 * the axes write them: "cm!E-3!N" is cm⁻³, a minus is U+2212). */
static char *
format_value (gboolean    found,
              double      value,
              const char *units)
{
  g_autoptr(GString) number = NULL;

  if (!found)
    return g_strdup (_("no data"));
  if (isnan (value))
    return g_strdup ("NaN");
  number = g_string_new (NULL);
  g_string_printf (number, "%.4g", value);
  g_string_replace (number, "-", "−", 0);
  if (units != NULL && units[0] != '\0')
    {
      g_autofree char *markup = ps_plot_units_markup (units);

      /* TRANSLATORS: a value and its units in the cursor's tooltip */
      return g_strdup_printf (_("%s %s"), number->str, markup);
    }
  return g_strdup (number->str);
}

static void
append_series (GString  *str,
               PsSeries *series,
               PsTime    t)
{
  guint m = ps_series_get_m (series);
  const char *units = ps_series_get_units (series);

  for (guint j = 0; j < m; j++)
    {
      const char *label = m > 1 ? ps_series_get_label (series, j) : ps_series_get_name (series);
      g_autofree char *escaped = g_markup_escape_text (label != NULL ? label : "", -1);
      g_autofree char *number = NULL;
      double value = NAN;
      gboolean found = ps_series_value_at (series, t, j, &value, NULL);

      number = format_value (found, value, units);
      g_string_append_c (str, '\n');
      /* TRANSLATORS: a graph's label and its value in the cursor's tooltip */
      g_string_append_printf (str, _("%s: %s"), escaped, number);
    }
}

/* What the colour bar calls the spectrogram's values. */
static const char *
spectrogram_title (PsSeries *series)
{
  const char *keys[] = { "LABLAXIS", "FIELDNAM" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *text = ps_series_get_meta (series, keys[i]);

      if (text != NULL && *text != '\0')
        return text;
    }
  return ps_series_get_name (series) != NULL ? ps_series_get_name (series) : "";
}

/* The bin centres of sample @row (channel numbers without bins). */
static void
bin_centres (PsSeries *series,
             gsize     row,
             double   *centres)
{
  guint m = ps_series_get_m (series);
  const double *bins = ps_series_get_bins (series);

  switch (ps_series_get_bins_kind (series))
    {
    case PS_BINS_VARYING:
      memcpy (centres, bins + row * m, m * sizeof (double));
      break;
    case PS_BINS_CONSTANT:
      memcpy (centres, bins, m * sizeof (double));
      break;
    case PS_BINS_NONE:
    default:
      for (guint k = 0; k < m; k++)
        centres[k] = k;
      break;
    }
}

/* The bin drawn at bin-axis value @v: between its edges as the renderer
 * derives them (ps-render-spectrogram.c); -1 if none. */
static int
bin_at (const double *centres,
        guint         m,
        gboolean      log,
        double        v)
{
  g_autofree double *lower = g_new (double, m);
  g_autofree double *upper = g_new (double, m);

  _ps_render_bin_edges (centres, m, log, lower, upper);
  for (guint k = 0; k < m; k++)
    if (!isnan (lower[k]) && !isnan (upper[k])
        && v >= MIN (lower[k], upper[k]) && v < MAX (lower[k], upper[k]))
      return (int) k;
  return -1;
}

/* "12.5 keV", or "channel 3" without bins. */
static char *
format_bin (PsSeries     *series,
            const double *centres,
            guint         k)
{
  const char *units = ps_series_get_bins_units (series);

  if (ps_series_get_bins_kind (series) == PS_BINS_NONE)
    {
      const char *label = ps_series_get_label (series, k);

      if (label != NULL && *label != '\0')
        return g_markup_escape_text (label, -1);
      /* TRANSLATORS: a spectrogram bin without a value, in the cursor's tooltip */
      return g_strdup_printf (_("channel %u"), k);
    }
  return format_value (TRUE, centres[k], units);
}

/* The spectrogram of a panel: with the pointer at @y over the panel, the
 * bin there and its value at @t; elsewhere the range of the bins. */
static void
append_spectrogram (GString                 *str,
                    PsSeries                *series,
                    const PsPlotPanelLayout *pl,
                    PsTime                   t,
                    double                   y)
{
  guint m = ps_series_get_m (series);
  gsize i = ps_series_upper_bound (series, t);
  gboolean found = i > 0;
  gsize row = found ? i - 1 : 0;
  g_autofree double *centres = NULL;
  g_autofree char *title = g_markup_escape_text (spectrogram_title (series), -1);
  int k = -1;

  if (m == 0 || ps_series_get_n (series) == 0)
    return;
  centres = g_new (double, m);
  bin_centres (series, row, centres);
  if (y >= pl->plot.y && y < pl->plot.y + pl->plot.height)
    k = bin_at (centres, m, pl->y_log, ps_plot_panel_layout_y_to_value (pl, y));

  g_string_append_c (str, '\n');
  if (k >= 0)
    {
      g_autofree char *bin = format_bin (series, centres, k);
      g_autofree char *number = format_value (found, found ? ps_series_get_value (series, row, k) : NAN,
                                              ps_series_get_units (series));

      /* TRANSLATORS: a spectrogram's label, the bin under the pointer and
       * its value, in the cursor's tooltip: "Ion flux — 1.2 keV: 3.4e+05
       * 1/(cm² s sr keV)" */
      g_string_append_printf (str, _("%s — %s: %s"), title, bin, number);
    }
  else
    {
      double lo = INFINITY, hi = -INFINITY;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      for (guint j = 0; j < m; j++)
        if (isfinite (centres[j]))
          {
            lo = MIN (lo, centres[j]);
            hi = MAX (hi, centres[j]);
          }
      if (lo > hi)
        {
          g_string_append (str, title);
          return;
        }
      if (ps_series_get_bins_kind (series) == PS_BINS_NONE)
        {
          /* TRANSLATORS: a spectrogram's label and its channels, in the
           * cursor's tooltip when the pointer is not over it */
          g_string_append_printf (str, _("%s — channels %u–%u"), title, 0u, m - 1);
          return;
        }
      from = format_value (TRUE, lo, NULL);
      to = format_value (TRUE, hi, ps_series_get_bins_units (series));
      /* TRANSLATORS: a spectrogram's label and the range of its bins, in
       * the cursor's tooltip when the pointer is not over it: "Ion flux —
       * 10–3e+04 eV" */
      g_string_append_printf (str, _("%s — %s–%s"), title, from, to);
    }
}

static char *
cursor_markup (PsPlotView *self,
               double      x,
               double      y)
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
        {
          PsSeries *series = g_ptr_array_index (p->series, k);

          if (ps_series_get_display_kind (series) != PS_DISPLAY_SPECTROGRAM)
            append_series (str, series, t);
          /* Only a panel's first series is drawn as a spectrogram. */
          else if (k == 0 && i < ps_plot_layout_get_n_panels (layout)
                   && ps_plot_layout_get_panel (layout, i)->spectrogram)
            append_spectrogram (str, series, ps_plot_layout_get_panel (layout, i), t, y);
        }
    }
  return g_string_free (str, FALSE);
}

/**
 * _ps_plot_view_cursor_markup:
 * @x: the pointer's x, in the view's coordinates
 *
 * The pointer's y, which picks a spectrogram's bin, is the last one the
 * view saw (pointer_y), when the pointer is over the view.
 *
 * Returns: (transfer full) (nullable): the tooltip of the cursor line at
 *   @x, or %NULL when there is none (the cursor is hidden, or @x is not
 *   over a plot area)
 */
char *
_ps_plot_view_cursor_markup (PsPlotView *self,
                             double      x)
{
  return cursor_markup (self, x, self->pointer_x >= 0 ? self->pointer_y : NAN);
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
  markup = cursor_markup (self, x, y);
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
