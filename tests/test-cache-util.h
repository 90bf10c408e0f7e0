/* test-cache-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the data-context tests share: a temporary cache directory, filled
 * with a few fragments, and removed afterwards.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "ps-cache.h"

#define TEST_HOUR (3600 * PS_TIME_NS_PER_SECOND)

static inline char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-data-context-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* One hour of 1 s samples of 3 components, starting at hour @k. */
static inline PsSeries *
make_hour_series (guint k)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(GError) error = NULL;
  const char *labels[] = { "Bx", "By", "Bz", NULL };
  gsize n = 3600;
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, 3);
  PsSeries *series;

  for (gsize i = 0; i < n; i++)
    {
      times[i] = (PsTime) k * TEST_HOUR + (PsTime) i * PS_TIME_NS_PER_SECOND;
      for (guint j = 0; j < 3; j++)
        values[i * 3 + j] = g_random_double ();
    }
  ps_series_builder_set_name (builder, "B_GSE");
  ps_series_builder_set_units (builder, "nT");
  ps_series_builder_set_labels (builder, labels);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

/* Stores @n one-hour fragments of cda/TEST/B, the oldest used first.
 * Returns the bytes the cache holds then. */
static inline guint64
fill_cache (PsCache *cache,
            guint    n)
{
  const PsCacheProduct product = { "cda", "cda/TEST/B", "" };
  g_autoptr(PsCacheStats) stats = NULL;
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < n; k++)
    {
      g_autoptr(PsSeries) series = make_hour_series (k);

      g_assert_true (ps_cache_store (cache, &product, (PsTime) k * TEST_HOUR, (PsTime) (k + 1) * TEST_HOUR,
                                     NULL, series, &error));
      g_assert_no_error (error);
    }
  stats = ps_cache_get_stats (cache, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->n_fragments, ==, n);
  g_assert_cmpuint (stats->bytes, >, 0);
  return stats->bytes;
}

static inline PsCacheStats *
cache_stats (PsCache *cache)
{
  g_autoptr(GError) error = NULL;
  PsCacheStats *stats = ps_cache_get_stats (cache, &error);

  g_assert_no_error (error);
  return stats;
}
