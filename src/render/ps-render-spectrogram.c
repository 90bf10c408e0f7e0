/* ps-render-spectrogram.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spectrograms (time × bins) resampled to device pixels: one image column
 * per device pixel column, made of the samples whose time falls in the
 * column (averaged on the colour scale), or else of the sample whose
 * interval covers the column's centre. A sample covers half the step to
 * each neighbour, or half the cadence where that step is a gap (above the
 * pyramid's gap threshold), so gaps stay empty. Each bin fills the rows
 * between its edges; edges come from the centres (midpoints, geometric
 * means on a log axis), per sample when the bins vary with time.
 *
 * A column's mean comes from the model's spectrogram pyramid when it has
 * one (O(log n) blocks per bin, see ps-spectro-pyramid.h), else from its
 * samples one by one; both sum the same colour positions, so the images
 * agree but for rounding.
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-render-private.h"

typedef struct
{
  PsSeries                *series;
  const PsPlotPanelLayout *panel;
  guint                    m;
  double                   scale;
  int                      height;   /* device rows */
  double                  *lower;    /* bin edges of the current bins row */
  double                  *upper;
  double                  *centres;
  gint64                   edges_row; /* sample the edges are for; -1 none */
  PsSpectroPyramid        *pyramid;  /* nullable */
  PsSpectroScale           norm;     /* the panel's colour scale */
  double                  *sum;      /* per bin, colour positions summed */
  gsize                   *count;
} Columns;

static double
edge_between (double   a,
              double   b,
              gboolean log)
{
  return log ? sqrt (a * b) : (a + b) / 2.0;
}

static double
mirror (double   centre,
        double   edge,
        gboolean log)
{
  return log ? centre * centre / edge : 2.0 * centre - edge;
}

static gboolean
usable_centre (double   c,
               gboolean log)
{
  return isfinite (c) && (!log || c > 0.0);
}

/**
 * _ps_render_bin_edges:
 * @centres: @m bin centres, in increasing or decreasing order
 * @lower: (out caller-allocates): the edge of each bin on the side of the
 *   previous one
 * @upper: (out caller-allocates): the edge on the side of the next one
 *
 * Bin edges half way (arithmetically, or geometrically with @log) to the
 * neighbouring centres, mirrored at the ends and beside unusable centres;
 * NaN for a bin with no usable centre or no usable neighbour (when m > 1).
 */
void
_ps_render_bin_edges (const double *centres,
                      guint         m,
                      gboolean      log,
                      double       *lower,
                      double       *upper)
{
  for (guint k = 0; k < m; k++)
    {
      double c = centres[k];
      gboolean has_prev = k > 0 && usable_centre (centres[k - 1], log);
      gboolean has_next = k + 1 < m && usable_centre (centres[k + 1], log);

      lower[k] = upper[k] = NAN;
      if (!usable_centre (c, log))
        continue;
      if (has_prev)
        lower[k] = edge_between (centres[k - 1], c, log);
      if (has_next)
        upper[k] = edge_between (c, centres[k + 1], log);
      if (!has_prev && has_next)
        lower[k] = mirror (c, upper[k], log);
      else if (has_prev && !has_next)
        upper[k] = mirror (c, lower[k], log);
      else if (!has_prev && !has_next && m == 1)
        {
          lower[k] = log ? c / 2.0 : c - 0.5;
          upper[k] = log ? c * 2.0 : c + 0.5;
        }
    }
}

static void
update_edges (Columns *self,
              gsize    row)
{
  const double *bins = ps_series_get_bins (self->series);

  switch (ps_series_get_bins_kind (self->series))
    {
    case PS_BINS_VARYING:
      if (self->edges_row == (gint64) row)
        return;
      _ps_render_bin_edges (bins + row * self->m, self->m, self->panel->y_log, self->lower, self->upper);
      self->edges_row = row;
      break;

    case PS_BINS_CONSTANT:
      if (self->edges_row >= 0)
        return;
      _ps_render_bin_edges (bins, self->m, self->panel->y_log, self->lower, self->upper);
      self->edges_row = 0;
      break;

    case PS_BINS_NONE:
    default:
      if (self->edges_row >= 0)
        return;
      for (guint k = 0; k < self->m; k++)
        self->centres[k] = k;
      _ps_render_bin_edges (self->centres, self->m, self->panel->y_log, self->lower, self->upper);
      self->edges_row = 0;
      break;
    }
}

/* The device row of value @v on the bin axis, rounded so that bins
 * sharing an edge share the row boundary. */
static int
edge_row (Columns *self,
          double   v)
{
  double y = ps_plot_panel_layout_value_to_y (self->panel, v) - self->panel->plot.y;

  return (int) CLAMP (lround (y * self->scale), 0, self->height);
}

static void
paint_column (Columns    *self,
              guint32    *pixels,
              int         stride,
              PsColormap  colormap)
{
  for (guint k = 0; k < self->m; k++)
    {
      int r0, r1;
      guint32 pixel;

      if (self->count[k] == 0 || isnan (self->lower[k]) || isnan (self->upper[k]))
        continue;
      r0 = edge_row (self, self->lower[k]);
      r1 = edge_row (self, self->upper[k]);
      if (r0 > r1)
        {
          int tmp = r0;

          r0 = r1;
          r1 = tmp;
        }
      pixel = ps_colormap_eval_argb (colormap, self->sum[k] / self->count[k]);
      for (int r = r0; r < r1; r++)
        pixels[(gsize) r * stride] = pixel;
    }
}

/* Rows [first, last) reduced into sum and count. */
static void
accumulate (Columns *self,
            gsize    first,
            gsize    last)
{
  if (self->pyramid != NULL)
    ps_spectro_pyramid_reduce (self->pyramid, first, last, &self->norm, self->sum, self->count);
  else
    ps_spectro_reduce_direct (self->series, first, last, &self->norm, self->sum, self->count);
}

/* The sample whose interval holds @t, if any (see the file comment). */
static gboolean
covering_sample (PsSeries *series,
                 PsTime    t,
                 PsTime    cadence,
                 PsTime    threshold,
                 gsize    *row)
{
  const PsTime *times = ps_series_get_times (series);
  gsize n = ps_series_get_n (series);
  gsize i = ps_series_lower_bound (series, t);

  for (gsize j = i > 0 ? i - 1 : 0; j < MIN (i + 1, n); j++)
    {
      PsTime before = j > 0 ? times[j] - times[j - 1] : G_MAXINT64;
      PsTime after = j + 1 < n ? times[j + 1] - times[j] : G_MAXINT64;
      PsTime half_before = (before <= threshold ? before : cadence) / 2;
      PsTime half_after = (after <= threshold ? after : cadence) / 2;

      if (t >= times[j] - half_before && t < times[j] + MAX (half_after, 1))
        {
          *row = j;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * _ps_render_spectrogram:
 *
 * Draws spectrogram panel @panel (its first series) into its plot area,
 * as an image at the layout's scale. Cells without a value stay clear.
 */
void
_ps_render_spectrogram (cairo_t      *cr,
                        PsPlotModel  *model,
                        guint         panel,
                        PsPlotLayout *layout)
{
  const PsPlotPanel *p = ps_plot_model_get_panel (model, panel);
  const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, panel);
  const PsTimeRange *range = ps_plot_layout_get_time_range (layout);
  double scale = ps_plot_layout_get_scale (layout);
  int width = (int) MAX (1.0, ceil (pl->plot.width * scale));
  int height = (int) MAX (1.0, ceil (pl->plot.height * scale));
  Columns self = { 0 };
  cairo_surface_t *image;
  PsPyramid *pyramid;
  PsTime cadence, threshold, span;
  guint32 *pixels;
  int stride;

  self.series = g_ptr_array_index (p->series, 0);
  if (ps_series_get_n (self.series) == 0 || !pl->has_data)
    return;
  pyramid = ps_plot_model_get_pyramid (model, panel, 0);
  cadence = MAX (ps_pyramid_get_cadence (pyramid), 1);
  threshold = ps_pyramid_get_gap_threshold (pyramid);
  span = range->stop - range->start;

  self.panel = pl;
  self.pyramid = ps_plot_model_get_spectro_pyramid (model, panel, 0);
  ps_spectro_scale_init (&self.norm, pl->z_norm.min, pl->z_norm.max, pl->z_norm.log);
  self.m = ps_series_get_m (self.series);
  self.scale = scale;
  self.height = height;
  self.lower = g_new (double, self.m);
  self.upper = g_new (double, self.m);
  self.centres = g_new (double, self.m);
  self.sum = g_new (double, self.m);
  self.count = g_new (gsize, self.m);
  self.edges_row = -1;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_surface_flush (image);
  pixels = (guint32 *) (gpointer) cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image) / 4;

  for (int c = 0; c < width; c++)
    {
      PsTime t0 = range->start + (PsTime) ((double) span * c / width);
      PsTime t1 = range->start + (PsTime) ((double) span * (c + 1) / width);
      gsize first = ps_series_lower_bound (self.series, t0);
      gsize last = ps_series_lower_bound (self.series, t1);
      gsize row;

      if (last > first)
        {
          accumulate (&self, first, last);
          row = first;
        }
      else if (covering_sample (self.series, t0 + (t1 - t0) / 2, cadence, threshold, &row))
        accumulate (&self, row, row + 1);
      else
        continue;
      update_edges (&self, row);
      paint_column (&self, pixels + c, stride, pl->colormap);
    }
  cairo_surface_mark_dirty (image);

  cairo_save (cr);
  cairo_rectangle (cr, pl->plot.x, pl->plot.y, pl->plot.width, pl->plot.height);
  cairo_clip (cr);
  cairo_translate (cr, pl->plot.x, pl->plot.y);
  cairo_scale (cr, 1.0 / scale, 1.0 / scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);

  cairo_surface_destroy (image);
  g_free (self.lower);
  g_free (self.upper);
  g_free (self.centres);
  g_free (self.sum);
  g_free (self.count);
}

/**
 * _ps_render_colorbar:
 *
 * Fills the colour bar of @panel with its colour map, bottom (min) to top
 * (max), one entry per device row.
 */
void
_ps_render_colorbar (cairo_t                 *cr,
                     const PsPlotPanelLayout *panel,
                     double                   scale)
{
  int height = (int) MAX (1.0, ceil (panel->colorbar.height * scale));
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, height);
  guint32 *pixels;
  int stride;

  cairo_surface_flush (image);
  pixels = (guint32 *) (gpointer) cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image) / 4;
  for (int r = 0; r < height; r++)
    pixels[(gsize) r * stride] = ps_colormap_eval_argb (panel->colormap, 1.0 - (r + 0.5) / height);
  cairo_surface_mark_dirty (image);

  cairo_save (cr);
  cairo_rectangle (cr, panel->colorbar.x, panel->colorbar.y, panel->colorbar.width, panel->colorbar.height);
  cairo_clip (cr);
  cairo_translate (cr, panel->colorbar.x, panel->colorbar.y);
  cairo_scale (cr, panel->colorbar.width, panel->colorbar.height / height);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);
}
