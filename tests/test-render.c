/* test-render.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plot engine's layout and cairo renderer, checked on pixels: lines
 * where the data says, gaps empty, spectrogram cells in the colour map's
 * colours, legends and colour bars drawn, rectangles that fit and do not
 * overlap; and `plasmascope-cli render` on real CDF files.
 */

#define G_LOG_DOMAIN "test-render"

#include "config.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <math.h>
#include <string.h>

#include "ps-cdf-writer.h"
#include "ps-colormap.h"
#include "ps-plot-layout.h"
#include "ps-plot-layout-private.h"
#include "ps-plot-model.h"
#include "ps-pyramid.h"
#include "ps-render-cairo.h"
#include "ps-render-private.h"

#define T0 G_GINT64_CONSTANT (1600000000000000000) /* 2020-09-13T12:26:40Z */
#define SECOND PS_TIME_NS_PER_SECOND

/* A rendered figure and what it was made of. */
typedef struct
{
  PsPlotModel     *model;
  PsPlotStyle      style;
  PsPlotLayout    *layout;
  cairo_surface_t *surface;
  double           scale;
} Figure;

static void
figure_render (Figure *f,
               double  width,
               double  height,
               double  scale)
{
  cairo_t *cr;

  ps_plot_style_init (&f->style, PS_PLOT_THEME_LIGHT);
  f->scale = scale;
  f->layout = ps_plot_layout_new (f->model, &f->style, NULL, width, height, scale);
  f->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                           (int) ceil (height * scale));
  cr = cairo_create (f->surface);
  cairo_scale (cr, scale, scale);
  ps_render_cairo_draw (cr, f->model, f->layout, &f->style);
  cairo_destroy (cr);
  cairo_surface_flush (f->surface);

  /* To look at what a test saw */
  if (g_getenv ("TEST_RENDER_SAVE") != NULL)
    {
      static guint count;
      g_autofree char *name = g_strdup_printf ("test-render-%02u.png", count++);
      g_autofree char *path = g_build_filename (g_getenv ("TEST_RENDER_SAVE"), name, NULL);

      cairo_surface_write_to_png (f->surface, path);
    }
}

static void
figure_clear (Figure *f)
{
  g_clear_pointer (&f->layout, ps_plot_layout_unref);
  g_clear_pointer (&f->surface, cairo_surface_destroy);
  g_clear_object (&f->model);
  ps_plot_style_clear (&f->style);
}

/* The pixel at logical (x, y), 0xRRGGBB. */
static guint32
pixel (Figure *f,
       double  x,
       double  y)
{
  int px = (int) floor (x * f->scale), py = (int) floor (y * f->scale);
  int stride = cairo_image_surface_get_stride (f->surface) / 4;
  const guint32 *data = (const guint32 *) (gpointer) cairo_image_surface_get_data (f->surface);

  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, cairo_image_surface_get_width (f->surface));
  g_assert_cmpint (py, <, cairo_image_surface_get_height (f->surface));
  return data[(gsize) py * stride + px] & 0xffffff;
}

static gboolean
is_dark (guint32 p)
{
  return (p >> 16 & 0xff) < 190 && (p >> 8 & 0xff) < 190 && (p & 0xff) < 190;
}

static gboolean
close_colors (guint32 a,
              guint32 b,
              int     tolerance)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) (a >> shift & 0xff) - (int) (b >> shift & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}

/* Device rows of column x (logical) inside the plot area, at least two
 * device pixels away from its frame, that are dark. */
static guint
dark_rows_in_column (Figure                  *f,
                     const PsPlotPanelLayout *panel,
                     double                   x,
                     double                  *first_y)
{
  guint count = 0;

  for (double y = panel->plot.y + 2.0; y < panel->plot.y + panel->plot.height - 2.0; y += 1.0 / f->scale)
    if (is_dark (pixel (f, x, y)))
      {
        if (count++ == 0 && first_y != NULL)
          *first_y = y;
      }
  return count;
}

static PsSeries *
make_sine (gsize   n,
           double  period_s,
           double  nan_from_s,
           double  nan_to_s)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, 1);
  g_autoptr(GError) error = NULL;
  PsSeries *series;

  for (gsize i = 0; i < n; i++)
    {
      double t = (double) i;

      times[i] = T0 + (PsTime) i * SECOND;
      values[i] = (t >= nan_from_s && t < nan_to_s) ? NAN : sin (2 * G_PI * t / period_s);
    }
  ps_series_builder_set_name (builder, "sine");
  ps_series_builder_set_units (builder, "V");
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_LINE);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

static PsPlotModel *
model_with (PsSeries *series,
            gsize     seconds)
{
  PsPlotModel *model = ps_plot_model_new ();
  PsTimeRange range = ps_time_range_make (T0, T0 + (PsTime) seconds * SECOND);

  ps_plot_model_set_time_range (model, &range);
  ps_plot_model_add_series (model, ps_plot_model_add_panel (model), series);
  return model;
}

static void
fixed_y (PsPlotModel *model,
         guint        panel,
         double       min,
         double       max)
{
  PsPlotAxisSettings y;

  ps_plot_axis_settings_init (&y);
  y.auto_range = FALSE;
  y.min = min;
  y.max = max;
  y.scale = PS_PLOT_SCALE_LINEAR;
  ps_plot_model_set_y_axis (model, panel, &y);
}

static void
test_sine (void)
{
  const double scales[] = { 1.0, 2.0 };

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      g_autoptr(PsSeries) series = make_sine (1001, 500.0, INFINITY, INFINITY);
      Figure f = { model_with (series, 1000) };
      const PsPlotPanelLayout *panel;

      fixed_y (f.model, 0, -1.5, 1.5);
      figure_render (&f, 800, 400, scales[s]);
      panel = ps_plot_layout_get_panel (f.layout, 0);

      /* Where the sine is: at each of these instants, a dark pixel within
       * a line width of sin(t), and nothing dark far from it. */
      for (double t = 20.0; t < 990.0; t += 37.0)
        {
          double x = ps_plot_layout_time_to_x (f.layout, T0 + (PsTime) (t * SECOND));
          double expected = ps_plot_panel_layout_value_to_y (panel, sin (2 * G_PI * t / 500.0));
          double lo = INFINITY, hi = -INFINITY;

          for (double y = panel->plot.y + 2.0; y < panel->plot.y + panel->plot.height - 2.0; y += 1.0 / f.scale)
            if (is_dark (pixel (&f, x, y)))
              {
                lo = MIN (lo, y);
                hi = MAX (hi, y);
              }
          /* The slope of the sine spreads the column over a few pixels. */
          g_assert_cmpfloat (lo, <=, expected + 2.5);
          g_assert_cmpfloat (hi, >=, expected - 2.5);
          g_assert_cmpfloat (hi - lo, <, 8.0);
        }
      /* The extremes: the crest at t = 125 s touches y(1), the trough at
       * 375 s y(−1). */
      {
        double x = ps_plot_layout_time_to_x (f.layout, T0 + 125 * SECOND);
        double y = 0;

        g_assert_cmpuint (dark_rows_in_column (&f, panel, x, &y), >, 0);
        g_assert_cmpfloat (fabs (y - ps_plot_panel_layout_value_to_y (panel, 1.0)), <=, 2.0);
      }
      figure_clear (&f);
    }
}

static void
test_gaps (void)
{
  /* NaN from 400 s to 600 s */
  g_autoptr(PsSeries) series = make_sine (1001, 500.0, 400.0, 600.0);
  Figure f = { model_with (series, 1000) };
  const PsPlotPanelLayout *panel;

  fixed_y (f.model, 0, -1.5, 1.5);
  figure_render (&f, 800, 400, 1.0);
  panel = ps_plot_layout_get_panel (f.layout, 0);

  for (double t = 402.0; t < 598.0; t += 4.0)
    {
      double x = ps_plot_layout_time_to_x (f.layout, T0 + (PsTime) (t * SECOND));

      g_assert_cmpuint (dark_rows_in_column (&f, panel, x, NULL), ==, 0);
    }
  g_assert_cmpuint (dark_rows_in_column (&f, panel, ps_plot_layout_time_to_x (f.layout, T0 + 390 * SECOND), NULL), >, 0);
  g_assert_cmpuint (dark_rows_in_column (&f, panel, ps_plot_layout_time_to_x (f.layout, T0 + 610 * SECOND), NULL), >, 0);
  figure_clear (&f);
}

static void
test_time_gap (void)
{
  /* 1 s cadence, then nothing for 300 s: a gap in time, not in values. */
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  PsTime *times = ps_series_builder_alloc_times (builder, 700);
  double *values = ps_series_builder_alloc_values (builder, 700, 1);
  const PsPlotPanelLayout *panel;
  Figure f = { 0 };

  for (gsize i = 0; i < 700; i++)
    {
      gsize s = i < 400 ? i : i + 300;

      times[i] = T0 + (PsTime) s * SECOND;
      values[i] = 0.5;
    }
  ps_series_builder_set_name (builder, "flat");
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  f.model = model_with (series, 1000);
  fixed_y (f.model, 0, 0.0, 1.0);
  figure_render (&f, 800, 400, 1.0);
  panel = ps_plot_layout_get_panel (f.layout, 0);

  for (double t = 405.0; t < 695.0; t += 10.0)
    g_assert_cmpuint (dark_rows_in_column (&f, panel, ps_plot_layout_time_to_x (f.layout, T0 + (PsTime) (t * SECOND)), NULL), ==, 0);
  g_assert_cmpuint (dark_rows_in_column (&f, panel, ps_plot_layout_time_to_x (f.layout, T0 + 200 * SECOND), NULL), >, 0);
  g_assert_cmpuint (dark_rows_in_column (&f, panel, ps_plot_layout_time_to_x (f.layout, T0 + 800 * SECOND), NULL), >, 0);
  figure_clear (&f);
}

typedef enum
{
  BINS_LINEAR,
  BINS_LOG,
  BINS_VARYING,
} BinsShape;

#define SPEC_N 100
#define SPEC_M 8

static double
spec_value (gsize i,
            guint k)
{
  if (i == 20 && k == 5)
    return NAN;
  return i * SPEC_M + k;
}

static double
spec_centre (BinsShape shape,
             gsize     i,
             guint     k)
{
  switch (shape)
    {
    case BINS_LOG:
      return pow (10.0, k / 2.0);
    case BINS_VARYING:
      return 10.0 * (k + 1) + i;
    case BINS_LINEAR:
    default:
      return 10.0 * (k + 1);
    }
}

static PsSeries *
make_spectrogram (BinsShape shape)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  PsTime *times = ps_series_builder_alloc_times (builder, SPEC_N);
  double *values = ps_series_builder_alloc_values (builder, SPEC_N, SPEC_M);
  g_autoptr(GError) error = NULL;
  double bins[SPEC_M];
  PsSeries *series;

  for (gsize i = 0; i < SPEC_N; i++)
    {
      times[i] = T0 + (PsTime) i * SECOND;
      for (guint k = 0; k < SPEC_M; k++)
        values[i * SPEC_M + k] = spec_value (i, k);
    }
  if (shape == BINS_VARYING)
    {
      double *varying = ps_series_builder_alloc_varying_bins (builder, SPEC_N, SPEC_M);

      for (gsize i = 0; i < SPEC_N; i++)
        for (guint k = 0; k < SPEC_M; k++)
          varying[i * SPEC_M + k] = spec_centre (shape, i, k);
    }
  else
    {
      for (guint k = 0; k < SPEC_M; k++)
        bins[k] = spec_centre (shape, 0, k);
      ps_series_builder_set_constant_bins (builder, bins, SPEC_M);
    }
  ps_series_builder_set_name (builder, "flux");
  ps_series_builder_set_units (builder, "cm!E-2!N s!E-1!N");
  ps_series_builder_set_bins_label (builder, "Energy");
  ps_series_builder_set_bins_units (builder, "eV");
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_SPECTROGRAM);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

static void
fixed_z (PsPlotModel *model,
         guint        panel)
{
  PsPlotAxisSettings z;

  ps_plot_axis_settings_init (&z);
  z.auto_range = FALSE;
  z.min = 0.0;
  z.max = SPEC_N * SPEC_M - 1.0;
  z.scale = PS_PLOT_SCALE_LINEAR;
  ps_plot_model_set_z_axis (model, panel, &z);
}

static guint32
expected_color (const PsPlotPanelLayout *panel,
                double                   value)
{
  return ps_colormap_eval_argb (panel->colormap, ps_color_norm_apply (&panel->z_norm, value)) & 0xffffff;
}

/* The pixel of the cell of sample @i at bin value @v. */
static guint32
cell (Figure                  *f,
      const PsPlotPanelLayout *panel,
      double                   i,
      double                   v)
{
  double x = ps_plot_layout_time_to_x (f->layout, T0 + (PsTime) (i * SECOND));

  return pixel (f, x, ps_plot_panel_layout_value_to_y (panel, v));
}

static void
test_spectrogram (void)
{
  for (BinsShape shape = BINS_LINEAR; shape <= BINS_VARYING; shape++)
    {
      g_autoptr(PsSeries) series = make_spectrogram (shape);
      Figure f = { model_with (series, SPEC_N) };
      const PsPlotPanelLayout *panel;

      fixed_z (f.model, 0);
      figure_render (&f, 900, 500, shape == BINS_LOG ? 2.0 : 1.0);
      panel = ps_plot_layout_get_panel (f.layout, 0);
      g_assert_true (panel->spectrogram);
      g_assert_cmpint (panel->y_log, ==, shape == BINS_LOG);

      /* Cells, off their sample time by less than half the cadence */
      for (gsize i = 3; i < SPEC_N - 3; i += 7)
        for (guint k = 0; k < SPEC_M; k++)
          {
            if (i == 20 && k == 5)
              continue;
            g_assert_true (close_colors (cell (&f, panel, i + 0.2, spec_centre (shape, i, k)),
                                         expected_color (panel, spec_value (i, k)), 1));
            g_assert_true (close_colors (cell (&f, panel, i - 0.3, spec_centre (shape, i, k)),
                                         expected_color (panel, spec_value (i, k)), 1));
          }
      /* A NaN leaves its cell empty. */
      g_assert_true (close_colors (cell (&f, panel, 20.1, spec_centre (shape, 20, 5)), 0xffffff, 0));

      /* Edges half way between centres: geometric means on a log axis. */
      if (shape == BINS_LOG)
        {
          double edge = sqrt (spec_centre (shape, 0, 2) * spec_centre (shape, 0, 3));

          g_assert_true (close_colors (cell (&f, panel, 40.0, edge * 1.03), expected_color (panel, spec_value (40, 3)), 1));
          g_assert_true (close_colors (cell (&f, panel, 40.0, edge / 1.03), expected_color (panel, spec_value (40, 2)), 1));
        }
      else if (shape == BINS_LINEAR)
        {
          g_assert_true (close_colors (cell (&f, panel, 40.0, 35.5), expected_color (panel, spec_value (40, 3)), 1));
          g_assert_true (close_colors (cell (&f, panel, 40.0, 34.5), expected_color (panel, spec_value (40, 2)), 1));
        }
      figure_clear (&f);
    }
}

static void
test_spectrogram_gap (void)
{
  /* Samples 40 … 59 removed: their columns stay empty. */
  g_autoptr(PsSeries) full = make_spectrogram (BINS_LINEAR);
  g_autoptr(PsSeries) before = ps_series_slice_index (full, 0, 40);
  g_autoptr(PsSeries) after = ps_series_slice_index (full, 60, SPEC_N - 60);
  PsSeries *pieces[] = { before, after };
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSeries) series = ps_series_concat (pieces, 2, &error);
  const PsPlotPanelLayout *panel;
  Figure f = { 0 };

  g_assert_no_error (error);
  f.model = model_with (series, SPEC_N);
  fixed_z (f.model, 0);
  figure_render (&f, 900, 500, 1.0);
  panel = ps_plot_layout_get_panel (f.layout, 0);
  for (double i = 41.0; i < 59.0; i += 0.5)
    g_assert_true (close_colors (cell (&f, panel, i, 40.0), 0xffffff, 0));
  g_assert_true (close_colors (cell (&f, panel, 39.2, 40.0), expected_color (panel, spec_value (39, 3)), 1));
  g_assert_true (close_colors (cell (&f, panel, 60.2, 40.0), expected_color (panel, spec_value (60, 3)), 1));
  figure_clear (&f);
}

static PsSeries *
make_vector (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  const char *labels[] = { "Bx", "By", "Bz", NULL };
  PsTime *times = ps_series_builder_alloc_times (builder, 500);
  double *values = ps_series_builder_alloc_values (builder, 500, 3);
  g_autoptr(GError) error = NULL;
  PsSeries *series;

  for (gsize i = 0; i < 500; i++)
    {
      times[i] = T0 + (PsTime) i * SECOND / 5;
      values[i * 3 + 0] = 5.0 * sin (i / 30.0);
      values[i * 3 + 1] = 5.0 * cos (i / 30.0);
      values[i * 3 + 2] = -2.0;
    }
  ps_series_builder_set_name (builder, "B");
  ps_series_builder_set_units (builder, "nT");
  ps_series_builder_set_labels (builder, labels);
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_VECTOR);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

static PsPlotModel *
three_panels (void)
{
  g_autoptr(PsSeries) sine = make_sine (1001, 500.0, 400.0, 600.0);
  g_autoptr(PsSeries) vector = make_vector ();
  g_autoptr(PsSeries) spectrogram = make_spectrogram (BINS_LOG);
  PsPlotModel *model = model_with (sine, SPEC_N);

  ps_plot_model_add_series (model, ps_plot_model_add_panel (model), vector);
  ps_plot_model_add_series (model, ps_plot_model_add_panel (model), spectrogram);
  return model;
}

static guint
count_not_background (Figure       *f,
                      const PsRect *r)
{
  guint count = 0;

  for (double y = r->y; y < r->y + r->height; y += 1.0 / f->scale)
    for (double x = r->x; x < r->x + r->width; x += 1.0 / f->scale)
      if ((pixel (f, x, y) & 0xffffff) != 0xffffff)
        count++;
  return count;
}

static void
test_legend_colorbar (void)
{
  Figure f = { three_panels () };
  const PsPlotPanelLayout *lines, *vector, *spectrogram;

  figure_render (&f, 1000, 700, 1.0);
  lines = ps_plot_layout_get_panel (f.layout, 0);
  vector = ps_plot_layout_get_panel (f.layout, 1);
  spectrogram = ps_plot_layout_get_panel (f.layout, 2);

  /* One line needs no legend; a vector has one entry per component, in
   * the palette's colours. */
  g_assert_true (ps_rect_is_empty (&lines->legend));
  g_assert_cmpuint (vector->legend_entries->len, ==, 3);
  g_assert_false (ps_rect_is_empty (&vector->legend));
  g_assert_cmpuint (count_not_background (&f, &vector->legend), >, 50);
  for (guint j = 0; j < 3; j++)
    {
      const PsPlotLegendEntry *entry = &g_array_index (vector->legend_entries, PsPlotLegendEntry, j);
      const PsColor *c = &f.style.palette[j];
      guint32 want = (guint32) lround (c->red * 255) << 16 | (guint32) lround (c->green * 255) << 8
                     | (guint32) lround (c->blue * 255);

      g_assert_true (close_colors (pixel (&f, entry->swatch.x + entry->swatch.width / 2,
                                          entry->swatch.y + entry->swatch.height / 2), want, 2));
    }

  /* The colour bar: the map from its bottom (min) to its top (max), and
   * labelled. */
  g_assert_false (ps_rect_is_empty (&spectrogram->colorbar));
  g_assert_true (ps_rect_is_empty (&spectrogram->legend));
  for (double dy = 3.0; dy < spectrogram->colorbar.height - 3.0; dy += 10.0)
    {
      double t = 1.0 - (floor (spectrogram->colorbar.y + dy) + 0.5 - spectrogram->colorbar.y)
                       / spectrogram->colorbar.height;

      g_assert_true (close_colors (pixel (&f, spectrogram->colorbar.x + spectrogram->colorbar.width / 2,
                                          spectrogram->colorbar.y + dy),
                                   ps_colormap_eval_argb (PS_COLORMAP_VIRIDIS, t) & 0xffffff, 3));
    }
  g_assert_cmpuint (count_not_background (&f, &spectrogram->colorbar_axis), >, 100);
  g_assert_cmpuint (spectrogram->z_ticks->len, >, 1);
  figure_clear (&f);
}

static void
assert_inside (const PsRect *outer,
               const PsRect *inner)
{
  if (ps_rect_is_empty (inner))
    return;
  if (!ps_rect_contains_rect (outer, inner))
    g_error ("(%g, %g, %g × %g) outside (%g, %g, %g × %g)", inner->x, inner->y, inner->width,
             inner->height, outer->x, outer->y, outer->width, outer->height);
}

static void
assert_apart (const PsRect *a,
              const PsRect *b)
{
  if (ps_rect_intersects (a, b))
    g_error ("(%g, %g, %g × %g) overlaps (%g, %g, %g × %g)", a->x, a->y, a->width, a->height,
             b->x, b->y, b->width, b->height);
}

/* With a pyramid, the automatic y range of a long series comes from it
 * (ps-plot-layout-axes.c), and must equal the scan's: spikes inside the
 * range count, one just outside it (which M4 adds, to enter the view)
 * does not, and NaN are skipped. */
static void
test_pyramid_extent (void)
{
  gsize n = 400000;
  g_autoptr(PsSeries) series = make_sine (n, 1000.0, 100000.0, 100050.0);
  double *values = (double *) ps_series_get_values (series);
  g_autoptr(PsPlotModel) model = model_with (series, n);
  PsTimeRange range = ps_time_range_make (T0 + 100000 * SECOND, T0 + 300000 * SECOND);
  PsPlotStyle style;
  double scan[2];

  values[100000 - 1] = 50.0;  /* just before the range */
  values[300000] = -50.0;     /* at its end, excluded */
  values[200000] = 3.3;
  values[250000] = -2.2;
  ps_plot_model_set_time_range (model, &range);
  ps_plot_style_init (&style, PS_PLOT_THEME_LIGHT);

  for (guint pass = 0; pass < 2; pass++)
    {
      PsPlotLayout *layout;
      const PsPlotPanelLayout *pl;

      if (pass == 1)
        {
          g_autoptr(PsPyramid) pyramid = ps_pyramid_new (series);

          ps_plot_model_set_pyramid (model, 0, 0, pyramid);
        }
      layout = ps_plot_layout_new (model, &style, NULL, 800, 600, 1.0);
      pl = ps_plot_layout_get_panel (layout, 0);
      g_assert_true (pl->has_data);
      if (pass == 0)
        {
          scan[0] = pl->y_min;
          scan[1] = pl->y_max;
          g_assert_cmpfloat (scan[0], <=, -2.2);
          g_assert_cmpfloat (scan[0], >, -50.0);
          g_assert_cmpfloat (scan[1], >=, 3.3);
          g_assert_cmpfloat (scan[1], <, 50.0);
        }
      else
        {
          g_assert_cmpfloat (pl->y_min, ==, scan[0]);
          g_assert_cmpfloat (pl->y_max, ==, scan[1]);
        }
      ps_plot_layout_unref (layout);
    }
  ps_plot_style_clear (&style);
}

static void
test_layout (void)
{
  const double sizes[][2] = { { 800, 600 }, { 1600, 900 }, { 640, 1000 } };
  const double scales[] = { 1.0, 2.0 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint k = 0; k < G_N_ELEMENTS (scales); k++)
      {
        Figure f = { three_panels () };
        PsRect surface = { 0, 0, sizes[s][0], sizes[s][1] };
        guint n_panels, n_texts;

        figure_render (&f, sizes[s][0], sizes[s][1], scales[k]);
        g_assert_cmpint (cairo_image_surface_get_width (f.surface), ==, (int) (sizes[s][0] * scales[k]));
        n_panels = ps_plot_layout_get_n_panels (f.layout);
        n_texts = ps_plot_layout_get_n_texts (f.layout);
        g_assert_cmpuint (n_panels, ==, 3);

        for (guint i = 0; i < n_panels; i++)
          {
            const PsPlotPanelLayout *p = ps_plot_layout_get_panel (f.layout, i);
            const PsRect *rects[] = { &p->plot, &p->y_axis, &p->legend, &p->colorbar, &p->colorbar_axis };

            /* Panels share x */
            g_assert_cmpfloat (p->plot.x, ==, ps_plot_layout_get_panel (f.layout, 0)->plot.x);
            g_assert_cmpfloat (p->plot.width, ==, ps_plot_layout_get_panel (f.layout, 0)->plot.width);
            g_assert_false (ps_rect_is_empty (&p->plot));
            for (guint a = 0; a < G_N_ELEMENTS (rects); a++)
              {
                assert_inside (&surface, rects[a]);
                for (guint b = a + 1; b < G_N_ELEMENTS (rects); b++)
                  assert_apart (rects[a], rects[b]);
              }
            for (guint j = i + 1; j < n_panels; j++)
              assert_apart (&p->plot, &ps_plot_layout_get_panel (f.layout, j)->plot);
          }
        assert_inside (&surface, ps_plot_layout_get_time_axis (f.layout));

        /* Every label inside, clear of the others and of the data. */
        g_assert_cmpuint (n_texts, >, 10);
        for (guint a = 0; a < n_texts; a++)
          {
            const PsPlotText *ta = ps_plot_layout_get_text (f.layout, a);

            assert_inside (&surface, &ta->rect);
            for (guint b = a + 1; b < n_texts; b++)
              assert_apart (&ta->rect, &ps_plot_layout_get_text (f.layout, b)->rect);
            for (guint i = 0; i < n_panels; i++)
              assert_apart (&ta->rect, &ps_plot_layout_get_panel (f.layout, i)->plot);
          }
        figure_clear (&f);
      }
}

static void
test_colormap (void)
{
  PsColorNorm norm;
  double r, g, b;

  /* Viridis: dark purple, teal, yellow */
  ps_colormap_eval (PS_COLORMAP_VIRIDIS, 0.0, &r, &g, &b);
  g_assert_cmpfloat_with_epsilon (r, 0.267, 0.02);
  g_assert_cmpfloat_with_epsilon (g, 0.005, 0.02);
  g_assert_cmpfloat_with_epsilon (b, 0.329, 0.02);
  ps_colormap_eval (PS_COLORMAP_VIRIDIS, 0.5, &r, &g, &b);
  g_assert_cmpfloat_with_epsilon (r, 0.128, 0.02);
  g_assert_cmpfloat_with_epsilon (g, 0.567, 0.02);
  g_assert_cmpfloat_with_epsilon (b, 0.551, 0.02);
  ps_colormap_eval (PS_COLORMAP_VIRIDIS, 1.0, &r, &g, &b);
  g_assert_cmpfloat_with_epsilon (r, 0.993, 0.02);
  g_assert_cmpfloat_with_epsilon (g, 0.906, 0.02);
  g_assert_cmpfloat_with_epsilon (b, 0.144, 0.02);
  /* Diverging: grey in the middle, blue below, red above */
  ps_colormap_eval (PS_COLORMAP_DIVERGING, 0.5, &r, &g, &b);
  g_assert_cmpfloat_with_epsilon (r, g, 1e-9);
  g_assert_cmpfloat_with_epsilon (g, b, 1e-9);
  ps_colormap_eval (PS_COLORMAP_DIVERGING, 0.0, &r, &g, &b);
  g_assert_cmpfloat (b, >, r);
  ps_colormap_eval (PS_COLORMAP_DIVERGING, 1.0, &r, &g, &b);
  g_assert_cmpfloat (r, >, b);

  ps_color_norm_init (&norm, 1.0, 1000.0, TRUE);
  g_assert_cmpfloat_with_epsilon (ps_color_norm_apply (&norm, 10.0), 1.0 / 3.0, 1e-12);
  g_assert_cmpfloat (ps_color_norm_apply (&norm, 1e6), ==, 1.0);
  g_assert_true (isnan (ps_color_norm_apply (&norm, 0.0)));
  g_assert_true (isnan (ps_color_norm_apply (&norm, NAN)));
  ps_color_norm_init (&norm, -1.0, 1.0, FALSE);
  g_assert_cmpfloat_with_epsilon (ps_color_norm_apply (&norm, 0.5), 0.75, 1e-12);
  g_assert_cmpfloat (ps_color_norm_apply (&norm, -7.0), ==, 0.0);
}

/* Runs plasmascope-cli render with @args; returns its exit status, and
 * its stderr in *@err. */
static int
run_render_argv (GPtrArray  *args,
                 char      **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) CLI_PATH);
  g_ptr_array_add (argv, (gpointer) "render");
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (args, i));
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static GPtrArray *
collect (const char *first,
         va_list     ap)
{
  GPtrArray *args = g_ptr_array_new ();

  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  return args;
}

static int
run_render (char       **err,
            const char  *first,
            ...)
{
  g_autoptr(GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, first);
  args = collect (first, ap);
  va_end (ap);
  return run_render_argv (args, err);
}

static char *
tmp_output (const char *name)
{
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
assert_magic (const char *path,
              const char *magic,
              gsize       length)
{
  g_autofree char *contents = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, length);
  g_assert_cmpmem (contents, length, magic, length);
}

#define MMS TEST_DATA_DIR "/cdf/cdflib_history/mms1.cdf"
#define ACE TEST_DATA_DIR "/cdf/speasy/ac_k2_mfi_20220101_v03.cdf"
#define HOPE TEST_DATA_DIR "/cdf/spacepy/rbspa_rel04_ect-hope-PA-L3_20121201_v0.0.0.cdf"

/* Renders with the one-shot path and with the generic one
 * (PS_CLI_RENDER_GENERIC) and returns whether both files are identical. */
static void
assert_oneshot_same (const char *suffix,
                     const char *first,
                     ...)
{
  g_autofree char *name_a = g_strdup_printf ("test-render-oneshot.%s", suffix);
  g_autofree char *name_b = g_strdup_printf ("test-render-generic.%s", suffix);
  g_autofree char *out_a = tmp_output (name_a);
  g_autofree char *out_b = tmp_output (name_b);
  g_autofree char *a = NULL, *b = NULL;
  gsize size_a = 0, size_b = 0;
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_auto(GStrv) env = g_get_environ ();
      g_autofree char *err = NULL;
      int status = -1;
      va_list ap;

      g_ptr_array_add (argv, (gpointer) CLI_PATH);
      g_ptr_array_add (argv, (gpointer) "render");
      va_start (ap, first);
      for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
        g_ptr_array_add (argv, (gpointer) arg);
      va_end (ap);
      g_ptr_array_add (argv, (gpointer) "--output");
      g_ptr_array_add (argv, k == 0 ? out_a : out_b);
      g_ptr_array_add (argv, NULL);
      if (k == 1)
        env = g_environ_setenv (env, "PS_CLI_RENDER_GENERIC", "1", TRUE);
      g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                    NULL, &err, &status, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (err, ==, "");
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    }
  g_file_get_contents (out_a, &a, &size_a, &error);
  g_assert_no_error (error);
  g_file_get_contents (out_b, &b, &size_b, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (a, size_a, b, size_b);
  g_unlink (out_a);
  g_unlink (out_b);
}

/* The one-shot path (no pyramid, no whole series) draws the same picture,
 * byte for byte, as the generic one: one line, two panels, a shared panel,
 * a vector (generic either way), PNG at two scales and SVG. */
static void
test_cli_oneshot (void)
{
  assert_oneshot_same ("png", "--file", ACE, "--variable", "Magnitude", "--size", "800x450", NULL);
  assert_oneshot_same ("png", "--file", ACE, "--variable", "Magnitude", "--size", "640x300",
                       "--scale", "2", "--theme", "dark", NULL);
  assert_oneshot_same ("png", "--file", ACE, "--variable", "Magnitude",
                       "--file", ACE, "--variable", "Weight", "--size", "700x500", NULL);
  assert_oneshot_same ("png", "--file", ACE, "--variable", "Magnitude",
                       "--file", ACE, "--variable", "Weight", "--panel", "1", "--panel", "1",
                       "--size", "700x500", NULL);
  assert_oneshot_same ("png", "--file", ACE, "--variable", "BGSEc", "--size", "500x300", NULL);
  assert_oneshot_same ("svg", "--file", ACE, "--variable", "Magnitude", "--size", "500x300", NULL);
}

/* A line of @n doubles every 10 ms from 2020-01-01 (TT2000 times):
 * a slow wave, a few NaN (FILLVAL) runs and a time gap, plus what the
 * case needs: @spike at one record none of the cadence samples reads (so
 * the guessed extent is wrong), @fill_time at one record (an invalid
 * time: the one-shot path must give up). */
static char *
write_line_cdf (const char *name,
                gint64      n,
                gint64      spike,
                gint64      fill_time)
{
  g_autoptr(PsCdfWriter) w = ps_cdf_writer_new ();
  g_autoptr(GError) error = NULL;
  char *path = tmp_output (name);
  gint64 *tt = g_new (gint64, n);
  double *y = g_new (double, n);
  const double fill = -1e31;
  guint ve, vy;

  for (gint64 i = 0; i < n; i++)
    {
      /* 2020-01-01 in TT2000, 10 ms apart, one 60 s gap in the middle */
      tt[i] = G_GINT64_CONSTANT (631108869184000000) + i * 10000000
              + (i >= n / 2 ? G_GINT64_CONSTANT (60000000000) : 0);
      y[i] = 3.0 * sin ((double) i / n * 6 * G_PI) + 0.001 * (double) (i % 97);
      if (i % 5003 < 20)
        y[i] = fill;
    }
  if (spike >= 0)
    y[spike] = -8765.4;
  if (fill_time >= 0)
    tt[fill_time] = G_MININT64;
  ve = ps_cdf_writer_add_variable (w, "Epoch", PS_CDF_TIME_TT2000, 1, 0, NULL, TRUE);
  vy = ps_cdf_writer_add_variable (w, "signal", PS_CDF_DOUBLE, 1, 0, NULL, TRUE);
  ps_cdf_writer_set_values (w, ve, g_bytes_new_take (tt, n * 8), n);
  ps_cdf_writer_set_values (w, vy, g_bytes_new_take (y, n * 8), n);
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", ve, "support_data");
  ps_cdf_writer_set_variable_string (w, "DEPEND_0", vy, "Epoch");
  ps_cdf_writer_set_variable_string (w, "FIELDNAM", vy, "Signal");
  ps_cdf_writer_set_variable_string (w, "UNITS", vy, "nT");
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", vy, "data");
  ps_cdf_writer_set_variable_entry (w, "FILLVAL", vy, PS_CDF_DOUBLE, 1, &fill);
  g_assert_true (ps_cdf_writer_write (w, path, &error));
  g_assert_no_error (error);
  return path;
}

/* Doubles on TT2000 times skip the first pass (the extent is guessed
 * from the cadence samples): the same picture when the guess is right,
 * when a spike no sample reads makes the true plot narrower, over two
 * parts (>= 65536 records) with a gap and NaN runs, and when an invalid
 * time sends the figure to the generic path. */
static void
test_cli_oneshot_probed (void)
{
  g_autofree char *plain = write_line_cdf ("test-render-probe-plain.cdf", 200000, -1, -1);
  /* sample_row (s) = s * (n - 1) / 4096: 200000 - 1 = 199999 is prime, so
   * record 1001 is no sample's row nor the one after. */
  g_autofree char *spiked = write_line_cdf ("test-render-probe-spike.cdf", 200000, 1001, -1);
  g_autofree char *bad_time = write_line_cdf ("test-render-probe-fill.cdf", 200000, -1, 150001);
  g_autofree char *small = write_line_cdf ("test-render-probe-small.cdf", 3000, 17, -1);

  assert_oneshot_same ("png", "--file", plain, "--variable", "signal", "--size", "800x450", NULL);
  assert_oneshot_same ("png", "--file", spiked, "--variable", "signal", "--size", "800x450", NULL);
  assert_oneshot_same ("png", "--file", spiked, "--variable", "signal",
                       "--file", plain, "--variable", "signal", "--size", "700x500", "--scale", "2", NULL);
  assert_oneshot_same ("png", "--file", bad_time, "--variable", "signal", "--size", "800x450", NULL);
  assert_oneshot_same ("png", "--file", small, "--variable", "signal", "--size", "600x300", NULL);
  assert_oneshot_same ("svg", "--file", spiked, "--variable", "signal", "--size", "600x300", NULL);
  g_unlink (plain);
  g_unlink (spiked);
  g_unlink (bad_time);
  g_unlink (small);
}

static void
test_cli_png (void)
{
  g_autofree char *out = tmp_output ("test-render-cli.png");
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *png;
  int status;

  status = run_render (&err, "--file", MMS, "--variable", "mms1_fgm_b_gse_brst_l2",
                       "--file", HOPE, "--variable", "FPDO",
                       "--file", ACE, "--variable", "BGSEc",
                       "--range", "2015-10-16T13:05:30", "2015-10-16T13:07:30",
                       "--size", "800x450", "--scale", "2", "--output", out, NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  assert_magic (out, "\x89PNG\r\n\x1a\n", 8);
  png = cairo_image_surface_create_from_png (out);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1600);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 900);
  cairo_surface_destroy (png);
  g_unlink (out);
}

static void
test_cli_vector (void)
{
  const char *extensions[] = { "svg", "pdf" };

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *name = g_strdup_printf ("test-render-cli.%s", extensions[i]);
      g_autofree char *out = tmp_output (name);
      g_autofree char *err = NULL;
      int status;

      status = run_render (&err, "--file", HOPE, "--variable", "FPDO", "--file", HOPE,
                           "--variable", "FEDO", "--theme", "dark", "--output", out, NULL);
      g_assert_cmpstr (err, ==, "");
      g_assert_cmpint (status, ==, 0);
      if (i == 0)
        {
          g_autofree char *contents = NULL;

          g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
          g_assert_nonnull (strstr (contents, "<svg"));
        }
      else
        assert_magic (out, "%PDF-", 5);
      g_unlink (out);
    }
}

static void
test_cli_panels (void)
{
  g_autofree char *out = tmp_output ("test-render-panels.png");
  g_autofree char *err = NULL;
  cairo_surface_t *png;
  int status;

  /* Two variables in one panel, with --range given the short way */
  status = run_render (&err, "-f", ACE, "-v", "BGSEc", "-p", "1", "-f", ACE, "-v", "Magnitude",
                       "-p", "1", "-r", "2022-01-01T02:00", "2022-01-01T20:00", "--size", "640x360",
                       "-o", out, NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  png = cairo_image_surface_create_from_png (out);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 360);
  cairo_surface_destroy (png);
  g_unlink (out);
}

static void
assert_fails (const char *expected,
              const char *first,
              ...)
{
  g_autofree char *out = tmp_output ("test-render-fail.png");
  g_autoptr(GPtrArray) args = NULL;
  g_autofree char *err = NULL;
  int status;
  va_list ap;

  va_start (ap, first);
  args = collect (first, ap);
  va_end (ap);
  g_ptr_array_add (args, (gpointer) "--output");
  g_ptr_array_add (args, out);

  status = run_render_argv (args, &err);
  g_assert_cmpint (status, ==, 2);
  /* One line, saying why */
  g_assert_nonnull (err);
  g_assert_true (g_str_has_prefix (err, "plasmascope-cli render: "));
  g_assert_nonnull (strstr (err, expected));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_cli_errors (void)
{
  assert_fails ("nonexistent", "--file", "/nonexistent.cdf", "--variable", "BGSEc",
                "--range", "2022-01-01", "2022-01-02", NULL);
  assert_fails ("NoSuchVariable", "--file", ACE, "--variable", "NoSuchVariable",
                "--range", "2022-01-01", "2022-01-02", NULL);
  assert_fails ("2022-13-01", "--file", ACE, "--variable", "BGSEc",
                "--range", "2022-13-01", "2022-01-02", NULL);
  assert_fails ("empty", "--file", ACE, "--variable", "BGSEc",
                "--range", "2022-01-01", "2022-01-01", NULL);
  assert_fails ("", "--file", ACE, "--variable", "BGSEc",
                "--range", "2022-01-02", "2022-01-01", NULL);
  assert_fails ("--size", "--file", ACE, "--variable", "BGSEc",
                "--size", "12", NULL);
  assert_fails ("--panel", "--file", ACE, "--variable", "BGSEc", "--panel", "0", NULL);
  assert_fails ("--panel", "--file", ACE, "--variable", "BGSEc", "--file", ACE,
                "--variable", "Magnitude", "--panel", "1", NULL);
}

static void
test_units (void)
{
  const struct { const char *units; const char *markup; } cases[] = {
    { "nT", "nT" },
    { "s!E-1!Ncm!E-2!Nster!E-1!NkeV!E-1!N", "s⁻¹cm⁻²ster⁻¹keV⁻¹" },
    { "cm!U3!N", "cm³" },
    { "V!Drms!N", "V<sub>rms</sub>" },
    { "m!Ex<y!N", "m<sup>x&lt;y</sup>" },
    { "A&B!!", "A&amp;B!" },
    { "km!E2", "km²" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = _ps_plot_units_markup (cases[i].units);

      g_assert_cmpstr (markup, ==, cases[i].markup);
    }
}

/* The PNG writer of export: an opaque image (written as RGB) and one with
 * translucent pixels (RGBA) read back as they were drawn; premultiplied
 * translucent pixels may differ by rounding, as with cairo's own writer. */
static void
test_png_writer (void)
{
  for (int translucent = 0; translucent <= 1; translucent++)
    {
      g_autofree char *path = tmp_output ("test-render-png-writer.png");
      cairo_surface_t *src = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 37, 23);
      cairo_surface_t *back;
      cairo_t *cr = cairo_create (src);
      int stride, back_stride;
      const guint8 *a, *b;

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_set_source_rgba (cr, 0.1, 0.5, 0.9, translucent ? 0.4 : 1.0);
      cairo_set_operator (cr, translucent ? CAIRO_OPERATOR_SOURCE : CAIRO_OPERATOR_OVER);
      cairo_arc (cr, 18, 11, 9, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_destroy (cr);

      g_assert_cmpint (_ps_render_write_png (src, path), ==, CAIRO_STATUS_SUCCESS);
      back = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (back), ==, 37);
      g_assert_cmpint (cairo_image_surface_get_height (back), ==, 23);
      g_assert_cmpint (cairo_image_surface_get_format (back), ==,
                       translucent ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24);
      cairo_surface_flush (src);
      stride = cairo_image_surface_get_stride (src);
      back_stride = cairo_image_surface_get_stride (back);
      a = cairo_image_surface_get_data (src);
      b = cairo_image_surface_get_data (back);
      for (int y = 0; y < 23; y++)
        for (int x = 0; x < 37; x++)
          {
            guint32 p = ((const guint32 *) (a + y * stride))[x];
            guint32 q = ((const guint32 *) (b + y * back_stride))[x];

            if (!translucent)
              g_assert_cmphex (p & 0xffffff, ==, q & 0xffffff);
            else
              for (int c = 0; c < 32; c += 8)
                g_assert_cmpint (ABS ((int) ((p >> c) & 0xff) - (int) ((q >> c) & 0xff)), <=, 1);
          }
      cairo_surface_destroy (back);
      cairo_surface_destroy (src);
      g_unlink (path);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Render/colormap", test_colormap);
  g_test_add_func ("/Render/units", test_units);
  g_test_add_func ("/Render/sine", test_sine);
  g_test_add_func ("/Render/gaps", test_gaps);
  g_test_add_func ("/Render/time-gap", test_time_gap);
  g_test_add_func ("/Render/spectrogram", test_spectrogram);
  g_test_add_func ("/Render/spectrogram-gap", test_spectrogram_gap);
  g_test_add_func ("/Render/legend-colorbar", test_legend_colorbar);
  g_test_add_func ("/Render/layout", test_layout);
  g_test_add_func ("/Render/pyramid-extent", test_pyramid_extent);
  g_test_add_func ("/Render/png-writer", test_png_writer);
  g_test_add_func ("/Render/cli/png", test_cli_png);
  g_test_add_func ("/Render/cli/oneshot", test_cli_oneshot);
  g_test_add_func ("/Render/cli/oneshot-probed", test_cli_oneshot_probed);
  g_test_add_func ("/Render/cli/vector", test_cli_vector);
  g_test_add_func ("/Render/cli/panels", test_cli_panels);
  g_test_add_func ("/Render/cli/errors", test_cli_errors);

  return g_test_run ();
}
