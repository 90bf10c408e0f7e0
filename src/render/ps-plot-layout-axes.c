/* ps-plot-layout-axes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What each axis of a layout shows: its range and scale resolved from the
 * panel settings and the data in the visible time range, its title (with
 * units as Pango markup) and its ticks. Tick placement and labels are
 * ps-ticks' (src/core/plot); this file is the only caller.
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ps-m4.h"
#include "ps-plot-layout-private.h"
#include "ps-ticks.h"

/* A log colour scale spans at most this many decades: a few tiny values
 * would otherwise squash everything else into one colour. */
#define MAX_COLOR_DECADES 7.0

/* Bins spanning more than this ratio, all positive, get a log axis. */
#define LOG_BINS_RATIO 20.0

/* Values not negative spanning more than this ratio get a log colour scale. */
#define LOG_VALUES_RATIO 1000.0

/* Above this many visible values, the extent comes from the pyramid. */
#define SCAN_MAX_VALUES 65536

static gboolean
meta_says_log (PsSeries *series)
{
  const char *scaletyp = ps_series_get_meta (series, "SCALETYP");

  return scaletyp != NULL && g_ascii_strncasecmp (scaletyp, "log", 3) == 0;
}

/* [first, last) of the samples of @series inside @range. */
static void
visible_rows (PsSeries          *series,
              const PsTimeRange *range,
              gsize             *first,
              gsize             *last)
{
  *first = ps_series_lower_bound (series, range->start);
  *last = ps_series_lower_bound (series, range->stop);
}

static void
extend (double *lo, double *hi, double a, double b)
{
  *lo = MIN (*lo, a);
  *hi = MAX (*hi, b);
}

/* Widens [*lo, *hi] to the finite values of rows [first, last), every
 * component, from the pyramid in O(m log n): an M4 reduction to one
 * column holds the exact minimum and maximum of the column's finite
 * samples (ps-m4.h). The samples it adds just outside the range are
 * left out. */
static void
pyramid_extent (PsPyramid         *pyramid,
                PsSeries          *series,
                const PsTimeRange *range,
                gsize              first,
                gsize              last,
                PsM4Result        *m4,
                double            *lo,
                double            *hi)
{
  const double *values = ps_series_get_values (series);
  guint m = ps_series_get_m (series);

  for (guint j = 0; j < m; j++)
    {
      ps_m4_reduce (pyramid, j, range, 1, m4);
      for (gsize i = 0; i < m4->n_items; i++)
        {
          guint64 row = m4->items[i];
          double v;

          if (row == PS_M4_BREAK || row < first || row >= last)
            continue;
          v = values[row * m + j];
          if (isfinite (v))
            extend (lo, hi, v, v);
        }
    }
}

/* Every frame of a pan or zoom lays the panel out again, so this must not
 * read every visible sample: with 1e7 samples in view that scan alone was
 * ~100 ms a frame. A linear extent comes from the pyramid when there is
 * one; a positive-only extent (log axes, rarer) still scans. */
static gboolean
values_extent (const PsPlotPanel *panel,
               const PsTimeRange *range,
               gboolean           positive,
               double            *lo,
               double            *hi)
{
  PsM4Result m4;
  gboolean m4_ready = FALSE;

  *lo = INFINITY;
  *hi = -INFINITY;
  for (guint k = 0; k < panel->series->len; k++)
    {
      PsSeries *series = g_ptr_array_index (panel->series, k);
      PsPyramid *pyramid = g_ptr_array_index (panel->pyramids, k);
      guint m = ps_series_get_m (series);
      gsize first, last;
      double a, b;

      visible_rows (series, range, &first, &last);
      if (last <= first)
        continue;
      if (!positive && pyramid != NULL && (last - first) * m > SCAN_MAX_VALUES)
        {
          if (!m4_ready)
            ps_m4_result_init (&m4);
          m4_ready = TRUE;
          pyramid_extent (pyramid, series, range, first, last, &m4, lo, hi);
        }
      else if (ps_finite_extent (ps_series_get_values (series) + first * m, (last - first) * m,
                                 positive, &a, &b))
        extend (lo, hi, a, b);
    }
  if (m4_ready)
    ps_m4_result_clear (&m4);
  return *lo <= *hi;
}

static gboolean
bins_extent (PsSeries          *series,
             const PsTimeRange *range,
             gboolean           positive,
             double            *lo,
             double            *hi)
{
  const double *bins = ps_series_get_bins (series);
  guint m = ps_series_get_m (series);
  gsize first, last;

  switch (ps_series_get_bins_kind (series))
    {
    case PS_BINS_CONSTANT:
      return ps_finite_extent (bins, m, positive, lo, hi);
    case PS_BINS_VARYING:
      visible_rows (series, range, &first, &last);
      return last > first && ps_finite_extent (bins + first * m, (last - first) * m, positive, lo, hi);
    case PS_BINS_NONE:
    default:
      /* Channels 0 … m − 1 */
      *lo = 0.0;
      *hi = m > 1 ? m - 1.0 : 1.0;
      return !positive || *lo > 0.0;
    }
}

/* The extent of the bin edges, from the extent of their centres: half a
 * (linear or log) spacing more on either side, as ps-render-spectrogram.c
 * derives edges. */
static void
widen_to_edges (double   *lo,
                double   *hi,
                guint     m,
                gboolean  log)
{
  double span, half;

  if (log)
    {
      span = log10 (*hi) - log10 (*lo);
      half = m > 1 ? span / (m - 1) / 2.0 : 0.5;
      *lo = pow (10.0, log10 (*lo) - half);
      *hi = pow (10.0, log10 (*hi) + half);
    }
  else
    {
      span = *hi - *lo;
      half = m > 1 ? span / (m - 1) / 2.0 : 0.5;
      *lo -= half;
      *hi += half;
    }
}

static void
resolve_spectrogram (PsPlotLayout      *self,
                     const PsPlotPanel *panel,
                     PsPlotPanelLayout *out)
{
  PsSeries *series = g_ptr_array_index (panel->series, 0);
  double lo, hi, plo, phi;
  gboolean log;

  /* Bin axis */
  if (panel->y.scale == PS_PLOT_SCALE_AUTO)
    log = bins_extent (series, &self->range, TRUE, &plo, &phi)
          && bins_extent (series, &self->range, FALSE, &lo, &hi)
          && lo > 0.0 && phi / plo >= LOG_BINS_RATIO;
  else
    log = panel->y.scale == PS_PLOT_SCALE_LOG;
  out->y_log = log;
  if (!panel->y.auto_range)
    {
      out->y_min = panel->y.min;
      out->y_max = panel->y.max;
    }
  else if (bins_extent (series, &self->range, log, &lo, &hi))
    {
      widen_to_edges (&lo, &hi, ps_series_get_m (series), log);
      out->y_min = lo;
      out->y_max = hi;
    }

  /* Colour axis */
  out->colormap = panel->colormap;
  out->has_data = values_extent (panel, &self->range, FALSE, &lo, &hi);
  if (panel->z.scale == PS_PLOT_SCALE_AUTO)
    log = meta_says_log (series)
          || (values_extent (panel, &self->range, FALSE, &lo, &hi) && lo >= 0.0
              && values_extent (panel, &self->range, TRUE, &plo, &phi) && phi / plo > LOG_VALUES_RATIO);
  else
    log = panel->z.scale == PS_PLOT_SCALE_LOG;
  if (!panel->z.auto_range)
    ps_color_norm_init (&out->z_norm, panel->z.min, panel->z.max, log);
  else if (values_extent (panel, &self->range, log, &lo, &hi))
    {
      if (log)
        lo = MAX (lo, hi * pow (10.0, -MAX_COLOR_DECADES));
      if (!ps_nice_range (lo, hi, log, &plo, &phi))
        {
          plo = lo;
          phi = hi;
        }
      ps_color_norm_init (&out->z_norm, plo, phi, log);
    }
  else
    ps_color_norm_init (&out->z_norm, log ? 1.0 : 0.0, log ? 10.0 : 1.0, log);
}

static void
resolve_lines (PsPlotLayout      *self,
               const PsPlotPanel *panel,
               PsPlotPanelLayout *out)
{
  double lo, hi;
  gboolean log;

  out->has_data = values_extent (panel, &self->range, FALSE, &lo, &hi);
  if (panel->y.scale == PS_PLOT_SCALE_AUTO)
    log = panel->series->len > 0
          && meta_says_log (g_ptr_array_index (panel->series, 0))
          && values_extent (panel, &self->range, FALSE, &lo, &hi) && lo > 0.0;
  else
    log = panel->y.scale == PS_PLOT_SCALE_LOG;
  out->y_log = log;

  if (!panel->y.auto_range)
    {
      out->y_min = panel->y.min;
      out->y_max = panel->y.max;
    }
  else if (values_extent (panel, &self->range, log, &lo, &hi))
    {
      if (!ps_nice_range (lo, hi, log, &out->y_min, &out->y_max))
        {
          out->y_min = lo;
          out->y_max = hi;
        }
    }
}

/**
 * _ps_plot_layout_resolve_panel:
 *
 * Fills the ranges and scales of @out from @panel's settings, and from the
 * data in the layout's time range where they are automatic.
 */
void
_ps_plot_layout_resolve_panel (PsPlotLayout      *self,
                               const PsPlotPanel *panel,
                               PsPlotPanelLayout *out)
{
  out->spectrogram = ps_plot_panel_is_spectrogram (panel);
  out->y_min = 0.0;
  out->y_max = 1.0;
  if (out->spectrogram)
    resolve_spectrogram (self, panel, out);
  else
    resolve_lines (self, panel, out);

  /* A log axis needs a positive range; anything else, an ordered one. */
  if (out->y_log && !(out->y_min > 0.0 && out->y_max > 0.0))
    {
      out->y_min = 1.0;
      out->y_max = 10.0;
    }
  if (!(out->y_max > out->y_min) || !isfinite (out->y_max - out->y_min))
    {
      double c = isfinite (out->y_min) ? out->y_min : 0.0;

      out->y_min = out->y_log ? c / 10.0 : c - 1.0;
      out->y_max = out->y_log ? c * 10.0 : c + 1.0;
    }
}

static char *
title_with_units (const char *name,
                  const char *units)
{
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  g_autofree char *units_markup = NULL;

  if (units == NULL || *units == '\0')
    return g_steal_pointer (&escaped);
  units_markup = _ps_plot_units_markup (units);
  return g_strdup_printf ("%s (%s)", escaped, units_markup);
}

static const char *
series_title (PsSeries *series)
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

/**
 * _ps_plot_layout_y_title:
 *
 * The title of @panel's y axis, as markup: the quantity and its units, or
 * for a spectrogram what its bins are.
 */
char *
_ps_plot_layout_y_title (const PsPlotPanel *panel)
{
  PsSeries *series;

  if (panel->series->len == 0)
    return g_strdup ("");
  series = g_ptr_array_index (panel->series, 0);
  if (ps_plot_panel_is_spectrogram (panel))
    {
      const char *label = ps_series_get_bins_label (series);

      if (ps_series_get_bins_kind (series) == PS_BINS_NONE)
        return g_markup_escape_text (_("Channel"), -1);

      return title_with_units (label != NULL ? label : "", ps_series_get_bins_units (series));
    }
  return title_with_units (series_title (series), ps_series_get_units (series));
}

char *
_ps_plot_layout_z_title (const PsPlotPanel *panel)
{
  PsSeries *series = g_ptr_array_index (panel->series, 0);

  return title_with_units (series_title (series), ps_series_get_units (series));
}

static double
value_fraction (double   v,
                double   lo,
                double   hi,
                gboolean log)
{
  if (log)
    return (log10 (v) - log10 (lo)) / (log10 (hi) - log10 (lo));
  return (v - lo) / (hi - lo);
}

static void
add_value_ticks (PsPlotLayout *self,
                 const double *values,
                 guint         n,
                 char        **labels,
                 double        lo,
                 double        hi,
                 gboolean      log,
                 double        top,
                 double        length,
                 GArray       *ticks,
                 double       *max_label_width)
{
  double pad = self->style.panel_gap / 2.0;

  for (guint i = 0; i < n; i++)
    {
      PsPlotTick tick = { 0 };

      tick.position = top + length * (1.0 - value_fraction (values[i], lo, hi, log));
      tick.major = labels != NULL;
      tick.text = -1;
      if (labels != NULL)
        {
          PsPlotText *text;

          tick.text = _ps_plot_layout_add_text (self, PS_PLOT_FONT_TICK,
                                                g_markup_escape_text (labels[i], -1), FALSE, -1);
          text = _ps_plot_layout_text (self, tick.text);
          /* Centred on its tick, but kept within reach of its own axis so
           * that the extreme labels of stacked panels never collide. */
          text->rect.y = CLAMP (tick.position - text->rect.height / 2.0,
                                top - pad, top + length + pad - text->rect.height);
          *max_label_width = MAX (*max_label_width, text->rect.width);
        }
      g_array_append_val (ticks, tick);
    }
}

/**
 * _ps_plot_layout_value_ticks:
 * @top: y of the axis top (where @hi is)
 * @length: its length in pixels
 *
 * Appends to @ticks the ticks of a vertical value axis from @lo (bottom)
 * to @hi (top), and their labels to the texts (y placed, x left to the
 * caller); raises *@max_label_width to their widest.
 */
void
_ps_plot_layout_value_ticks (PsPlotLayout *self,
                             double        lo,
                             double        hi,
                             gboolean      log,
                             double        top,
                             double        length,
                             GArray       *ticks,
                             double       *max_label_width)
{
  g_auto(PsTicks) out = { 0 };
  PangoFontMetrics *metrics;
  double line, label_px;
  gboolean ok;

  metrics = pango_context_get_metrics (self->context, self->fonts[PS_PLOT_FONT_TICK], NULL);
  line = (double) pango_font_metrics_get_height (metrics) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);

  /* Labels at least 1.5 × label_px apart: a line and a half of text, and
   * no more than about nine steps on a tall axis, for a calm figure; but
   * on a short axis, as close as a label and a half if that is what it
   * takes to label it more than once. */
  label_px = MAX (1.6 * line, length / 14.0);
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      ps_ticks_clear (&out);
      ok = log ? ps_log_ticks (lo, hi, length, label_px, &out)
               : ps_linear_ticks (lo, hi, length, label_px, &out);
      if (!ok || out.n_major >= 3)
        break;
      label_px = line;
    }
  if (!ok)
    return;
  add_value_ticks (self, out.major, out.n_major, out.labels, lo, hi, log, top, length,
                   ticks, max_label_width);
  add_value_ticks (self, out.minor, out.n_minor, NULL, lo, hi, log, top, length,
                   ticks, max_label_width);
}

/**
 * _ps_plot_layout_time_ticks:
 * @plot: the plot area of any panel (they share x)
 * @label_width: the width of "12:30:15" in the tick font
 *
 * Fills the time ticks of the layout, their labels placed below the
 * bottom panel.
 *
 * Returns: (nullable): the context label (the date the tick labels leave
 *   out), as markup
 */
char *
_ps_plot_layout_time_ticks (PsPlotLayout *self,
                            const PsRect *plot,
                            double        label_width)
{
  g_auto(PsTimeTicks) out = { 0 };
  double span = (double) (self->range.stop - self->range.start);

  if (!ps_time_ticks (&self->range, plot->width, label_width, PS_TIME_DISPLAY_CALENDAR, &out))
    return NULL;

  for (guint pass = 0; pass < 2; pass++)
    {
      guint n = pass == 0 ? out.n_major : out.n_minor;
      const PsTime *times = pass == 0 ? out.major : out.minor;

      for (guint i = 0; i < n; i++)
        {
          PsPlotTick tick = { 0 };

          tick.position = plot->x + plot->width * ((double) (times[i] - self->range.start) / span);
          tick.major = pass == 0;
          tick.text = -1;
          if (pass == 0 && out.labels[i] != NULL)
            {
              PsPlotText *text;

              tick.text = _ps_plot_layout_add_text (self, PS_PLOT_FONT_TICK,
                                                    g_markup_escape_text (out.labels[i], -1),
                                                    FALSE, -1);
              text = _ps_plot_layout_text (self, tick.text);
              text->rect.x = tick.position - text->rect.width / 2.0;
            }
          g_array_append_val (self->time_ticks, tick);
        }
    }
  return out.context != NULL ? g_markup_escape_text (out.context, -1) : NULL;
}
