/* test-plot-spectro.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The spectrogram pyramid (ps-spectro-pyramid.h) against brute force: on
 * random data with NaN runs, zeros, negative values, infinities and time
 * gaps, for random ranges and linear, log, clamping and degenerate colour
 * scales, its per-bin sums of colour positions equal those of
 * ps_color_norm_apply() over every sample (counts exactly, sums to
 * rounding); the direct reduction equals them to the bit. Then whole
 * spectrogram images drawn with and without the pyramid are the same
 * pixels, gaps and NaN columns included; the memory stays under 25 %;
 * an asynchronous build finishes, and a cancelled one stops.
 */

#define G_LOG_DOMAIN "test-plot-spectro"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-colormap.h"
#include "ps-plot-layout.h"
#include "ps-plot-model.h"
#include "ps-render-cairo.h"
#include "ps-spectro-pyramid.h"

#define T0     G_GINT64_CONSTANT (1600000000000000000) /* 2020-09-13T12:26:40Z */
#define SECOND PS_TIME_NS_PER_SECOND

/* Random spectra: log-normal values over 8 decades with zeros, negative
 * values, NaN runs (a whole row now and then, single cells otherwise),
 * a few infinities if @inf, and gaps of 100 cadences in the times. */
static PsSeries *
make_random (GRand    *rand,
             gsize     n,
             guint     m,
             gboolean  inf)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, m);
  g_autofree double *bins = g_new (double, m);
  PsTime t = T0;
  g_autoptr(GError) error = NULL;
  PsSeries *series;
  gsize nan_run = 0;

  for (guint k = 0; k < m; k++)
    bins[k] = 10.0 * pow (10.0, k / 4.0);
  for (gsize i = 0; i < n; i++)
    {
      t += g_rand_int_range (rand, 0, 500) == 0 ? 100 * SECOND : SECOND;
      times[i] = t;
      if (nan_run == 0 && g_rand_int_range (rand, 0, 300) == 0)
        nan_run = g_rand_int_range (rand, 1, 200);
      for (guint k = 0; k < m; k++)
        {
          double *v = &values[i * m + k];
          int dice = g_rand_int_range (rand, 0, 100);

          if (nan_run > 0 || dice < 3)
            *v = NAN;
          else if (dice < 6)
            *v = 0.0;
          else if (dice < 8)
            *v = -pow (10.0, g_rand_double_range (rand, -2.0, 3.0));
          else if (inf && dice == 8 && g_rand_int_range (rand, 0, 50) == 0)
            *v = g_rand_boolean (rand) ? INFINITY : -INFINITY;
          else
            *v = pow (10.0, g_rand_double_range (rand, -3.0, 5.0) + 0.3 * k);
        }
      if (nan_run > 0)
        nan_run--;
    }
  ps_series_builder_set_constant_bins (builder, bins, m);
  ps_series_builder_set_bins_units (builder, "eV");
  ps_series_builder_set_name (builder, "flux");
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_SPECTROGRAM);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

/* The renderer's old loop: every value through ps_color_norm_apply(). */
static void
brute_force (PsSeries          *series,
             gsize              first,
             gsize              last,
             const PsColorNorm *norm,
             double            *sum,
             gsize             *count)
{
  guint m = ps_series_get_m (series);
  const double *values = ps_series_get_values (series);

  memset (sum, 0, m * sizeof (double));
  memset (count, 0, m * sizeof (gsize));
  for (gsize i = first; i < last; i++)
    for (guint k = 0; k < m; k++)
      {
        double t = ps_color_norm_apply (norm, values[i * m + k]);

        if (!isnan (t))
          {
            sum[k] += t;
            count[k]++;
          }
      }
}

typedef struct
{
  double   min;
  double   max;
  gboolean log;
  gboolean none;  /* no value has a colour */
  const char *what;
} Norm;

static const Norm norms[] = {
  { -1e12, 1e12, FALSE, FALSE, "linear, nothing clamped" },
  { 10.0, 1000.0, FALSE, FALSE, "linear, clamped on both sides" },
  { 1e-4, 1e8, TRUE, FALSE, "log, nothing clamped" },
  { 1.0, 1e4, TRUE, FALSE, "log, clamped on both sides" },
  { 1e3, 1e3, TRUE, FALSE, "log, min = max: 0.5 for all" },
  { 5.0, 5.0, FALSE, FALSE, "linear, min = max" },
  { 0.0, 1e3, TRUE, TRUE, "log with min 0: no colour" },
  { NAN, 1e3, FALSE, FALSE, "NaN min: 0.5 for all" },
  { -INFINITY, 1e3, FALSE, TRUE, "infinite min: inf / inf, no colour" },
};

static void
check_ranges (PsSeries *series,
              GRand    *rand,
              guint     n_ranges)
{
  g_autoptr(PsSpectroPyramid) pyramid = ps_spectro_pyramid_new (series);
  gsize n = ps_series_get_n (series);
  guint m = ps_series_get_m (series);
  g_autofree double *want = g_new (double, m);
  g_autofree double *got = g_new (double, m);
  g_autofree double *direct = g_new (double, m);
  g_autofree gsize *want_n = g_new (gsize, m);
  g_autofree gsize *got_n = g_new (gsize, m);
  g_autofree gsize *direct_n = g_new (gsize, m);

  g_assert_true (ps_spectro_pyramid_get_series (pyramid) == series);
  for (guint s = 0; s < G_N_ELEMENTS (norms); s++)
    {
      PsColorNorm norm;
      PsSpectroScale scale;
      guint64 total = 0;

      ps_color_norm_init (&norm, norms[s].min, norms[s].max, norms[s].log);
      ps_spectro_scale_init (&scale, norms[s].min, norms[s].max, norms[s].log);
      for (guint r = 0; r < n_ranges; r++)
        {
          gsize a, b, len;

          switch (r % 4)
            {
            case 0: /* anywhere */
              a = g_rand_int_range (rand, 0, (gint32) n + 1);
              b = g_rand_int_range (rand, 0, (gint32) n + 1);
              break;
            case 1: /* short */
              a = g_rand_int_range (rand, 0, (gint32) n);
              len = g_rand_int_range (rand, 0, 300);
              b = MIN (n, a + len);
              break;
            case 2: /* to the end */
              a = g_rand_int_range (rand, 0, (gint32) n);
              b = n;
              break;
            default: /* block-aligned ends, or everything */
              a = r % 8 == 3 ? 0 : (gsize) g_rand_int_range (rand, 0, (gint32) MAX (n / 64, 1)) * 64;
              len = (gsize) g_rand_int_range (rand, 1, 40) * 64;
              b = r % 8 == 3 ? n : MIN (n, a + len);
              break;
            }
          if (a > b)
            {
              gsize tmp = a;

              a = b;
              b = tmp;
            }
          brute_force (series, a, b, &norm, want, want_n);
          ps_spectro_pyramid_reduce (pyramid, a, b, &scale, got, got_n);
          ps_spectro_reduce_direct (series, a, b, &scale, direct, direct_n);
          for (guint k = 0; k < m; k++)
            {
              g_assert_cmpuint (got_n[k], ==, want_n[k]);
              g_assert_cmpuint (direct_n[k], ==, want_n[k]);
              /* Same operations in the same order: the same bits. */
              g_assert_true (direct[k] == want[k]);
              /* Another summation order: rounding only. */
              if (fabs (got[k] - want[k]) > 1e-9 * MAX (1.0, (double) want_n[k]))
                g_error ("%s, rows [%zu, %zu), bin %u: %.17g instead of %.17g",
                         norms[s].what, a, b, k, got[k], want[k]);
              total += want_n[k];
            }
        }
      g_test_message ("%s: %" G_GUINT64_FORMAT " values with a colour", norms[s].what, total);
      if (norms[s].none)
        g_assert_cmpuint (total, ==, 0);
      else
        g_assert_cmpuint (total, >, 0);
    }
}

static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);
  /* Not a multiple of the base block; ten levels. */
  g_autoptr(PsSeries) series = make_random (rand, 20011, 7, FALSE);

  check_ranges (series, rand, 400);
}

static void
test_infinities (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(PsSeries) series = make_random (rand, 5003, 3, TRUE);

  check_ranges (series, rand, 300);
}

static void
test_small (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  /* Less than a base block, exactly one, one and a bit. */
  for (gsize n = 1; n <= 130; n += 63)
    {
      g_autoptr(PsSeries) series = make_random (rand, n, 2, FALSE);

      check_ranges (series, rand, 50);
    }
}

static void
test_memory (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint ms[] = { 1, 32 };

  for (guint i = 0; i < G_N_ELEMENTS (ms); i++)
    {
      gsize n = 100000;
      g_autoptr(PsSeries) series = make_random (rand, n, ms[i], FALSE);
      g_autoptr(PsSpectroPyramid) pyramid = ps_spectro_pyramid_new (series);
      double raw = (double) n * (sizeof (PsTime) + ms[i] * sizeof (double));
      double percent = 100.0 * ps_spectro_pyramid_get_memory_size (pyramid) / raw;

      g_test_message ("m = %u: %.1f %% of the raw series", ms[i], percent);
      g_assert_cmpfloat (percent, <=, 25.0);
    }
}

/* A spectrogram panel over @range drawn into an image, pixels returned. */
static guint32 *
render (PsSeries          *series,
        PsSpectroPyramid  *pyramid,
        const PsTimeRange *range,
        gboolean           z_log,
        int               *width,
        int               *height)
{
  g_autoptr(PsPlotModel) model = ps_plot_model_new ();
  PsPlotStyle style;
  PsPlotLayout *layout;
  cairo_surface_t *surface;
  cairo_t *cr;
  PsPlotAxisSettings z;
  guint32 *pixels;
  gsize size;
  guint panel = ps_plot_model_add_panel (model);

  ps_plot_model_add_series (model, panel, series);
  ps_plot_model_set_time_range (model, range);
  ps_plot_axis_settings_init (&z);
  z.scale = z_log ? PS_PLOT_SCALE_LOG : PS_PLOT_SCALE_LINEAR;
  ps_plot_model_set_z_axis (model, panel, &z);
  if (pyramid != NULL)
    {
      ps_plot_model_set_spectro_pyramid (model, panel, 0, pyramid);
      g_assert_true (ps_plot_model_get_spectro_pyramid (model, panel, 0) == pyramid);
    }
  else
    g_assert_null (ps_plot_model_get_spectro_pyramid (model, panel, 0));

  ps_plot_style_init (&style, PS_PLOT_THEME_LIGHT);
  layout = ps_plot_layout_new (model, &style, NULL, 900, 300, 1.0);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 300);
  cr = cairo_create (surface);
  ps_render_cairo_draw_parts (cr, model, layout, &style, PS_RENDER_SPECTROGRAMS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  *width = cairo_image_surface_get_stride (surface) / 4;
  *height = cairo_image_surface_get_height (surface);
  size = (gsize) *width * *height * 4;
  pixels = g_memdup2 (cairo_image_surface_get_data (surface), size);
  cairo_surface_destroy (surface);
  ps_plot_layout_unref (layout);
  ps_plot_style_clear (&style);
  return pixels;
}

/* Images with and without the pyramid: the same pixels, over the whole
 * series (many samples per column), a part of it, and a few samples
 * (columns between samples, gaps left clear). */
static void
test_images (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(PsSeries) series = make_random (rand, 200003, 16, FALSE);
  g_autoptr(PsSpectroPyramid) pyramid = ps_spectro_pyramid_new (series);
  PsTimeRange all = ps_series_get_time_range (series);
  PsTime span = all.stop - all.start;
  PsTimeRange ranges[] = {
    { all.start, all.stop + 1 },
    { all.start + span / 3, all.start + span / 3 + span / 20 },
    { all.start + span / 2, all.start + span / 2 + 3000 * SECOND },
    { all.start + span / 2, all.start + span / 2 + 300 * SECOND },
  };

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    for (int log = 0; log < 2; log++)
      {
        int w, h, w2, h2;
        g_autofree guint32 *direct = render (series, NULL, &ranges[r], log, &w, &h);
        g_autofree guint32 *fast = render (series, pyramid, &ranges[r], log, &w2, &h2);
        gsize clear = 0, differ = 0;

        g_assert_cmpint (w, ==, w2);
        g_assert_cmpint (h, ==, h2);
        for (gsize i = 0; i < (gsize) w * h; i++)
          {
            clear += direct[i] == 0;
            differ += direct[i] != fast[i];
          }
        g_test_message ("range %u, %s z: %zu clear pixels, %zu differ", r, log ? "log" : "linear",
                        clear, differ);
        g_assert_cmpuint (differ, ==, 0);
        g_assert_cmpuint (clear, <, (gsize) w * h);
      }
}

/* 1 s samples with a 2000 s gap, then 1000 rows of NaN: both stay
 * clear, with or without the pyramid; the data beside them does not. */
static void
test_gaps (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  gsize n = 10000;
  guint m = 4;
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, m);
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(PsSpectroPyramid) pyramid = NULL;
  g_autoptr(GError) error = NULL;
  PsTimeRange all;
  PsPlotModel *model;
  PsPlotStyle style;
  PsPlotLayout *layout;
  const PsPlotPanelLayout *pl;

  for (gsize i = 0; i < n; i++)
    {
      times[i] = T0 + (PsTime) i * SECOND + (i >= 3000 ? 2000 * SECOND : 0);
      for (guint k = 0; k < m; k++)
        values[i * m + k] = i >= 6000 && i < 7000 ? NAN : 1.0 + (double) ((i + k) % 10);
    }
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_SPECTROGRAM);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  pyramid = ps_spectro_pyramid_new (series);
  all = ps_series_get_time_range (series);
  all.stop++;

  /* The plot area, as render() lays it out */
  model = ps_plot_model_new ();
  ps_plot_model_add_series (model, ps_plot_model_add_panel (model), series);
  ps_plot_model_set_time_range (model, &all);
  ps_plot_style_init (&style, PS_PLOT_THEME_LIGHT);
  layout = ps_plot_layout_new (model, &style, NULL, 900, 300, 1.0);
  pl = ps_plot_layout_get_panel (layout, 0);

  for (int log = 0; log < 2; log++)
    {
      int w, h;
      g_autofree guint32 *direct = render (series, NULL, &all, log, &w, &h);
      g_autofree guint32 *fast = render (series, pyramid, &all, log, &w, &h);
      struct { PsTime t; gboolean clear; } columns[] = {
        { T0 + 1500 * SECOND, FALSE },
        { T0 + 4000 * SECOND, TRUE },   /* the gap */
        { T0 + 8500 * SECOND, TRUE },   /* the NaN rows */
        { T0 + 10500 * SECOND, FALSE },
      };

      g_assert_cmpmem (direct, (gsize) w * h * 4, fast, (gsize) w * h * 4);
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          int x = (int) ps_plot_layout_time_to_x (layout, columns[c].t);
          guint coloured = 0;

          for (int y = (int) pl->plot.y + 1; y < (int) (pl->plot.y + pl->plot.height) - 1; y++)
            coloured += fast[(gsize) y * w + x] != 0;
          if (columns[c].clear)
            g_assert_cmpuint (coloured, ==, 0);
          else
            g_assert_cmpuint (coloured, >, (guint) (pl->plot.height / 2));
        }
    }

  ps_plot_layout_unref (layout);
  ps_plot_style_clear (&style);
  g_object_unref (model);
}

static void
built_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static PsSpectroPyramid *
build_async (PsSeries      *series,
             GCancellable  *cancellable,
             GError       **error)
{
  GAsyncResult *result = NULL;
  PsSpectroPyramid *pyramid;

  ps_spectro_pyramid_new_async (series, cancellable, built_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  pyramid = ps_spectro_pyramid_new_finish (result, error);
  g_object_unref (result);
  return pyramid;
}

static void
test_async (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  g_autoptr(PsSeries) series = make_random (rand, 50000, 4, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSpectroPyramid) pyramid = build_async (series, NULL, &error);
  g_autoptr(PsSpectroPyramid) sync = ps_spectro_pyramid_new (series);
  PsSpectroScale scale;
  double a[4], b[4];
  gsize an[4], bn[4];

  g_assert_no_error (error);
  g_assert_nonnull (pyramid);
  g_assert_cmpuint (ps_spectro_pyramid_get_memory_size (pyramid), ==, ps_spectro_pyramid_get_memory_size (sync));
  ps_spectro_scale_init (&scale, 1.0, 1e5, TRUE);
  ps_spectro_pyramid_reduce (pyramid, 17, 49999, &scale, a, an);
  ps_spectro_pyramid_reduce (sync, 17, 49999, &scale, b, bn);
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  g_assert_cmpmem (an, sizeof an, bn, sizeof bn);

  g_cancellable_cancel (cancellable);
  g_assert_null (build_async (series, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plot/Spectro/random", test_random);
  g_test_add_func ("/Plot/Spectro/infinities", test_infinities);
  g_test_add_func ("/Plot/Spectro/small", test_small);
  g_test_add_func ("/Plot/Spectro/memory", test_memory);
  g_test_add_func ("/Plot/Spectro/images", test_images);
  g_test_add_func ("/Plot/Spectro/gaps", test_gaps);
  g_test_add_func ("/Plot/Spectro/async", test_async);

  return g_test_run ();
}
