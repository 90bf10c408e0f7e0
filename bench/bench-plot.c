/* bench-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plot data reduction: how fast a pyramid builds next to a memcpy of
 * the same bytes (the floor of any pass over the series), what it costs
 * in memory, and how long one M4 reduction of a 1600-pixel view takes as
 * n grows from 1e4 to 1e8 samples: it should stay flat. Then the same
 * for spectrograms of 32 bins (ps-spectro-pyramid.h): build throughput,
 * memory, and the time to reduce a 1600-pixel-wide image (every column's
 * mean colour per bin, on a log scale) with the pyramid against reading
 * every visible value, for n from 1e5 to 1e7. Each figure is a median of
 * back-to-back runs. Prints "name<TAB>value<TAB>unit<TAB>note".
 */

#define G_LOG_DOMAIN "bench-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-m4.h"
#include "ps-pyramid.h"
#include "ps-spectro-pyramid.h"
#include "bench-util.h"

#define BUILD_N     (10 * 1000 * 1000)
#define BUILD_M     3
#define WIDTH       1600
#define M4_RUNS     31
#define BIG_N       ((gsize) 100 * 1000 * 1000)
#define SPECTRO_M   32
#define SPECTRO_BIG ((gsize) 10 * 1000 * 1000)

typedef struct
{
  PsSeries    *series;
  PsPyramid   *pyramid;
  PsTimeRange  visible;
  PsM4Result   result;
  const void  *src;
  void        *dst;
  gsize        bytes;
} Bench;

/* A random walk at 1 s cadence with a NaN run and a gap every ~1e6 samples,
 * as a long magnetometer series looks. */
static PsSeries *
make_series (gsize n,
             guint m)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, m);
  guint64 state = 0x9E3779B97F4A7C15;
  PsTime t = G_GINT64_CONSTANT (1577836800) * PS_TIME_NS_PER_SECOND;
  double walk[8] = { 0 };

  for (gsize i = 0; i < n; i++)
    {
      t += (i % 1000003 == 0) ? 3600 * PS_TIME_NS_PER_SECOND : PS_TIME_NS_PER_SECOND;
      times[i] = t;
      for (guint j = 0; j < m; j++)
        {
          state ^= state << 13;
          state ^= state >> 7;
          state ^= state << 17;
          walk[j] += (double) (state >> 11) * (1.0 / 9007199254740992.0) - 0.5;
          values[i * m + j] = (i % 999983 < 100) ? NAN : walk[j];
        }
    }
  return ps_series_builder_end (builder, NULL);
}

static double
run_build (gpointer data)
{
  Bench *b = data;
  gint64 start = g_get_monotonic_time ();
  PsPyramid *p = ps_pyramid_new (b->series);
  double s = bench_elapsed_since (start);

  bench_sink += ps_pyramid_get_memory_size (p);
  ps_pyramid_unref (p);
  return s;
}

/* Into memory written once already: bandwidth, not page faults (the
 * pyramid writes only a tenth of what it reads). */
static double
run_memcpy (gpointer data)
{
  Bench *b = data;
  gint64 start = g_get_monotonic_time ();
  double s;

  memcpy (b->dst, b->src, b->bytes);
  s = bench_elapsed_since (start);
  bench_sink += ((guint8 *) b->dst)[b->bytes / 2];
  return s;
}

static double
run_m4 (gpointer data)
{
  Bench *b = data;
  gint64 start = g_get_monotonic_time ();
  double s;

  ps_m4_reduce (b->pyramid, 0, &b->visible, WIDTH, &b->result);
  s = bench_elapsed_since (start);
  bench_sink += b->result.n_items;
  return s;
}

/* The reference: min and max per column by reading every visible sample,
 * what a plot without a pyramid does each frame. */
static double
run_scan (gpointer data)
{
  Bench *b = data;
  gint64 start = g_get_monotonic_time ();
  const PsTime *times = ps_series_get_times (b->series);
  const double *values = ps_series_get_values (b->series);
  gsize lo = ps_series_lower_bound (b->series, b->visible.start);
  gsize hi = ps_series_lower_bound (b->series, b->visible.stop);
  double span = (double) (b->visible.stop - b->visible.start);
  double mins[WIDTH], maxs[WIDTH];
  double s;

  for (guint x = 0; x < WIDTH; x++)
    {
      mins[x] = INFINITY;
      maxs[x] = -INFINITY;
    }
  for (gsize i = lo; i < hi; i++)
    {
      guint x = (guint) ((double) (times[i] - b->visible.start) * WIDTH / span);

      x = MIN (x, WIDTH - 1);
      mins[x] = MIN (mins[x], values[i]);
      maxs[x] = MAX (maxs[x], values[i]);
    }
  s = bench_elapsed_since (start);
  bench_sink += (guint64) (mins[WIDTH / 2] + maxs[WIDTH / 2]);
  return s;
}

static void
bench_build (void)
{
  Bench b = { 0 };
  gsize n_values = (gsize) BUILD_N * BUILD_M;
  double build, copy, raw;
  guint8 *copy_buf;

  b.series = make_series (BUILD_N, BUILD_M);
  build = bench_median_seconds (run_build, &b, 5);

  /* memcpy of the same bytes, times then values, into one buffer. */
  b.bytes = BUILD_N * sizeof (PsTime) + n_values * sizeof (double);
  copy_buf = g_malloc (b.bytes);
  memcpy (copy_buf, ps_series_get_times (b.series), BUILD_N * sizeof (PsTime));
  memcpy (copy_buf + BUILD_N * sizeof (PsTime), ps_series_get_values (b.series), n_values * sizeof (double));
  b.src = copy_buf;
  b.dst = g_malloc (b.bytes);
  memset (b.dst, 1, b.bytes);
  copy = bench_median_seconds (run_memcpy, &b, 5);

  bench_row ("pyramid-build/m3", n_values / build / 1e6, "M values/s",
             "1e7 rows × 3 components (240 MB of values + 80 MB of times)");
  bench_row ("pyramid-build/memcpy", n_values / copy / 1e6, "M values/s",
             "reference: memcpy of the same 320 MB (warm destination)");
  bench_row ("pyramid-build/vs-memcpy", build / copy, "ratio", "build time / memcpy time");
  bench_row ("pyramid-build/rows", BUILD_N / build / 1e6, "M rows/s", "same build, per sample time");

  b.pyramid = ps_pyramid_new (b.series);
  raw = (double) b.bytes;
  bench_row ("pyramid-memory/m3", 100.0 * ps_pyramid_get_memory_size (b.pyramid) / raw, "% of raw",
             "pyramid bytes / (times + values) bytes; goal <= 25");
  ps_pyramid_unref (b.pyramid);
  ps_series_unref (b.series);

  b.series = make_series (BUILD_N, 1);
  b.pyramid = ps_pyramid_new (b.series);
  raw = (double) BUILD_N * (sizeof (PsTime) + sizeof (double));
  bench_row ("pyramid-memory/m1", 100.0 * ps_pyramid_get_memory_size (b.pyramid) / raw, "% of raw",
             "m = 1; formula 5m / (32 (1 + m))");
  ps_pyramid_unref (b.pyramid);
  ps_series_unref (b.series);

  g_free (copy_buf);
  g_free (b.dst);
}

static void
bench_m4 (gsize n)
{
  Bench b = { 0 };
  PsTimeRange all;
  PsTime span, mid;
  char name[64];
  char note[96];
  double full, part, scan;
  gsize items_full;

  b.series = make_series (n, 1);
  b.pyramid = ps_pyramid_new (b.series);
  ps_m4_result_init (&b.result);
  all = ps_series_get_time_range (b.series);
  span = all.stop - all.start;

  b.visible = ps_time_range_make (all.start, all.stop + 1);
  full = bench_median_seconds (run_m4, &b, M4_RUNS);
  items_full = b.result.n_items;
  scan = bench_median_seconds (run_scan, &b, n >= BIG_N ? 3 : 7);

  mid = all.start + span / 3;
  b.visible = ps_time_range_make (mid, mid + span / 100);
  part = bench_median_seconds (run_m4, &b, M4_RUNS);

  g_snprintf (name, sizeof name, "m4-1600px/full/n=%.0e", (double) n);
  g_snprintf (note, sizeof note, "whole series in view, %zu items out", items_full);
  bench_row (name, full * 1e6, "µs", note);
  g_snprintf (name, sizeof name, "scan-1600px/full/n=%.0e", (double) n);
  bench_row (name, scan * 1e6, "µs", "reference: min/max per column reading every sample");
  g_snprintf (name, sizeof name, "m4-1600px/1%%/n=%.0e", (double) n);
  g_snprintf (note, sizeof note, "1%% of the series in view, %zu items out", b.result.n_items);
  bench_row (name, part * 1e6, "µs", note);

  ps_m4_result_clear (&b.result);
  ps_pyramid_unref (b.pyramid);
  ps_series_unref (b.series);
}

typedef struct
{
  PsSeries         *series;
  PsSpectroPyramid *pyramid;
  PsSpectroScale    scale;
  PsTimeRange       visible;
  double           *sum;
  gsize            *count;
} SpectroBench;

/* Fluxes over about 7 decades: a multiplicative random walk per bin, a
 * NaN run and a gap every ~1e6 samples, 1 s cadence. */
static PsSeries *
make_spectrogram (gsize n)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, SPECTRO_M);
  guint64 state = 0x9E3779B97F4A7C15;
  PsTime t = G_GINT64_CONSTANT (1577836800) * PS_TIME_NS_PER_SECOND;
  double factors[256];
  double flux[SPECTRO_M];

  for (guint f = 0; f < 256; f++)
    factors[f] = pow (10.0, (f - 127.5) / 1024.0);
  for (guint k = 0; k < SPECTRO_M; k++)
    flux[k] = pow (10.0, 6.0 - k / 8.0);
  for (gsize i = 0; i < n; i++)
    {
      t += (i % 1000003 == 0) ? 3600 * PS_TIME_NS_PER_SECOND : PS_TIME_NS_PER_SECOND;
      times[i] = t;
      for (guint k = 0; k < SPECTRO_M; k++)
        {
          state ^= state << 13;
          state ^= state >> 7;
          state ^= state << 17;
          flux[k] *= factors[state >> 56];
          if (flux[k] > 1e7 || flux[k] < 1.0)
            flux[k] = 1e3;
          values[i * SPECTRO_M + k] = (i % 999983 < 100) ? NAN : flux[k];
        }
    }
  return ps_series_builder_end (builder, NULL);
}

static double
run_spectro_build (gpointer data)
{
  SpectroBench *b = data;
  gint64 start = g_get_monotonic_time ();
  PsSpectroPyramid *p = ps_spectro_pyramid_new (b->series);
  double s = bench_elapsed_since (start);

  bench_sink += ps_spectro_pyramid_get_memory_size (p);
  ps_spectro_pyramid_unref (p);
  return s;
}

/* Every column of a 1600-pixel image, as ps-render-spectrogram.c cuts
 * them: with the pyramid, or reading every value (b->pyramid NULL). */
static double
run_spectro_columns (gpointer data)
{
  SpectroBench *b = data;
  gint64 start = g_get_monotonic_time ();
  PsTime span = b->visible.stop - b->visible.start;
  double s;

  for (guint c = 0; c < WIDTH; c++)
    {
      PsTime t0 = b->visible.start + (PsTime) ((double) span * c / WIDTH);
      PsTime t1 = b->visible.start + (PsTime) ((double) span * (c + 1) / WIDTH);
      gsize first = ps_series_lower_bound (b->series, t0);
      gsize last = ps_series_lower_bound (b->series, t1);

      if (b->pyramid != NULL)
        ps_spectro_pyramid_reduce (b->pyramid, first, last, &b->scale, b->sum, b->count);
      else
        ps_spectro_reduce_direct (b->series, first, last, &b->scale, b->sum, b->count);
      bench_sink += b->count[c % SPECTRO_M];
    }
  s = bench_elapsed_since (start);
  return s;
}

static void
bench_spectro (gsize n)
{
  SpectroBench b = { 0 };
  PsTimeRange all;
  PsTime span, mid;
  PsSpectroPyramid *pyramid;
  double build, raw, fast, direct, part_fast, part_direct;
  int slow_runs = n >= SPECTRO_BIG ? 3 : 7;
  char name[64];
  char note[128];

  b.series = make_spectrogram (n);
  b.sum = g_new (double, SPECTRO_M);
  b.count = g_new (gsize, SPECTRO_M);
  /* As an automatic colour range would be: 1 to 1e7, log. */
  ps_spectro_scale_init (&b.scale, 1.0, 1e7, TRUE);

  build = bench_median_seconds (run_spectro_build, &b, slow_runs);
  pyramid = ps_spectro_pyramid_new (b.series);
  raw = (double) n * (sizeof (PsTime) + SPECTRO_M * sizeof (double));

  all = ps_series_get_time_range (b.series);
  span = all.stop - all.start;
  b.visible = ps_time_range_make (all.start, all.stop + 1);
  b.pyramid = pyramid;
  fast = bench_median_seconds (run_spectro_columns, &b, M4_RUNS);
  b.pyramid = NULL;
  direct = bench_median_seconds (run_spectro_columns, &b, slow_runs);

  mid = all.start + span / 3;
  b.visible = ps_time_range_make (mid, mid + span / 100);
  b.pyramid = pyramid;
  part_fast = bench_median_seconds (run_spectro_columns, &b, M4_RUNS);
  b.pyramid = NULL;
  part_direct = bench_median_seconds (run_spectro_columns, &b, slow_runs);

  g_snprintf (name, sizeof name, "spectro-build/n=%.0e", (double) n);
  g_snprintf (note, sizeof note, "%.0e rows × %u bins, %.0f ms", (double) n, SPECTRO_M, build * 1e3);
  bench_row (name, (double) n * SPECTRO_M / build / 1e6, "M values/s", note);
  g_snprintf (name, sizeof name, "spectro-memory/n=%.0e", (double) n);
  bench_row (name, 100.0 * ps_spectro_pyramid_get_memory_size (pyramid) / raw, "% of raw",
             "pyramid bytes / (times + values) bytes; goal <= 25");
  g_snprintf (name, sizeof name, "spectro-1600px/full/n=%.0e", (double) n);
  bench_row (name, fast * 1e6, "µs", "pyramid: every column's mean per bin, whole series in view");
  g_snprintf (name, sizeof name, "spectro-direct-1600px/full/n=%.0e", (double) n);
  g_snprintf (note, sizeof note, "reference: every visible value read; %.0fx the pyramid", direct / fast);
  bench_row (name, direct * 1e6, "µs", note);
  g_snprintf (name, sizeof name, "spectro-1600px/1%%/n=%.0e", (double) n);
  bench_row (name, part_fast * 1e6, "µs", "pyramid, 1% of the series in view");
  g_snprintf (name, sizeof name, "spectro-direct-1600px/1%%/n=%.0e", (double) n);
  g_snprintf (note, sizeof note, "reference, 1%% in view; %.1fx the pyramid", part_direct / part_fast);
  bench_row (name, part_direct * 1e6, "µs", note);

  ps_spectro_pyramid_unref (pyramid);
  ps_series_unref (b.series);
  g_free (b.sum);
  g_free (b.count);
}

int
main (int   argc,
      char *argv[])
{
  bench_build ();
  for (gsize n = 10000; n <= BIG_N; n *= 10)
    bench_m4 (n);
  for (gsize n = 100000; n <= SPECTRO_BIG; n *= 10)
    bench_spectro (n);
  return 0;
}
