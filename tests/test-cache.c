/* test-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fragment cache: the fragment file format (round trip, every kind of
 * damage, its CRC-32 against zlib's, large files read in place), the index
 * (store, lookup, plan, staleness, LRU eviction, lookups that do not write,
 * orphans, claims one by one and together), files damaged by a system
 * crash, several processes sharing one directory, a writer killed with
 * SIGKILL, and plasmascope-cli cache. The test runs copies of itself as the
 * other processes ("test-cache --child-… DIR …").
 */

#include "config.h"

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "ps-cache.h"
#include "ps-cache-fragment.h"

#define HOUR (3600 * PS_TIME_NS_PER_SECOND)

static char *self_exe;

/* Helpers */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-cache-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A small series whose contents depend only on @k and @n: any process can
 * check what it reads back. */
static PsSeries *
make_series (guint k,
             gsize n)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(GError) error = NULL;
  const char *labels[] = { "Bx", "By", "Bz", NULL };
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, 3);
  PsSeries *series;

  for (gsize i = 0; i < n; i++)
    {
      times[i] = (PsTime) k * HOUR + (PsTime) i * PS_TIME_NS_PER_SECOND;
      for (guint j = 0; j < 3; j++)
        values[i * 3 + j] = k * 1000.0 + i + j / 4.0;
    }
  ps_series_builder_set_name (builder, "B_GSE");
  ps_series_builder_set_units (builder, "nT");
  ps_series_builder_set_labels (builder, labels);
  ps_series_builder_set_meta (builder, "k", "value");
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

static gboolean
series_is (PsSeries *series,
           guint     k)
{
  gsize n = ps_series_get_n (series);

  if (ps_series_get_m (series) != 3 || g_strcmp0 (ps_series_get_units (series), "nT") != 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      if (ps_series_get_time (series, i) != (PsTime) k * HOUR + (PsTime) i * PS_TIME_NS_PER_SECOND)
        return FALSE;
      for (guint j = 0; j < 3; j++)
        if (ps_series_get_value (series, i, j) != k * 1000.0 + i + j / 4.0)
          return FALSE;
    }
  return TRUE;
}

static PsSeries *
make_full_series (PsBinsKind bins_kind)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(GError) error = NULL;
  const char *labels[] = { "E1", "énergie 2", NULL };
  const PsTime times[] = { -5, 0, 0, G_MAXINT64 - 1 };
  const double values[] = { 1.5, NAN, -INFINITY, 0.0, -0.0, 1e300, 4.9e-324, 7 };
  const double bins[] = { 10, 20, 11, 21, 12, 22, 13, 23 };
  PsSeries *series;

  ps_series_builder_set_times (builder, times, 4);
  ps_series_builder_set_values (builder, values, 4, 2);
  ps_series_builder_set_labels (builder, labels);
  ps_series_builder_set_name (builder, "flux ☃");
  ps_series_builder_set_units (builder, "");
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_SPECTROGRAM);
  if (bins_kind == PS_BINS_CONSTANT)
    ps_series_builder_set_constant_bins (builder, bins, 2);
  else if (bins_kind == PS_BINS_VARYING)
    ps_series_builder_set_varying_bins (builder, bins, 4, 2);
  if (bins_kind != PS_BINS_NONE)
    {
      ps_series_builder_set_bins_units (builder, "eV");
      ps_series_builder_set_bins_label (builder, "Energy");
    }
  ps_series_builder_set_meta (builder, "CATDESC", "Differential flux");
  ps_series_builder_set_meta (builder, "empty", "");
  ps_series_builder_set_meta (builder, "VAR_TYPE", "data");
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

static void
assert_same_series (PsSeries *a,
                    PsSeries *b)
{
  gsize n = ps_series_get_n (a);
  guint m = ps_series_get_m (a);
  const char * const *keys = ps_series_get_meta_keys (a);
  const char * const *keys_b = ps_series_get_meta_keys (b);
  gsize nb;

  g_assert_cmpuint (ps_series_get_n (b), ==, n);
  g_assert_cmpuint (ps_series_get_m (b), ==, m);
  if (n > 0)
    g_assert_cmpmem (ps_series_get_times (a), n * sizeof (PsTime), ps_series_get_times (b), n * sizeof (PsTime));
  if (n * m > 0)
    g_assert_cmpmem (ps_series_get_values (a), n * m * sizeof (double), ps_series_get_values (b), n * m * sizeof (double));
  g_assert_cmpstr (ps_series_get_name (a), ==, ps_series_get_name (b));
  g_assert_cmpstr (ps_series_get_units (a), ==, ps_series_get_units (b));
  for (guint j = 0; j < m; j++)
    g_assert_cmpstr (ps_series_get_label (a, j), ==, ps_series_get_label (b, j));
  g_assert_cmpint (ps_series_get_display_kind (a), ==, ps_series_get_display_kind (b));
  g_assert_cmpint (ps_series_get_bins_kind (a), ==, ps_series_get_bins_kind (b));
  nb = ps_series_get_bins_kind (a) == PS_BINS_CONSTANT ? m : ps_series_get_bins_kind (a) == PS_BINS_VARYING ? n * m : 0;
  if (nb > 0)
    g_assert_cmpmem (ps_series_get_bins (a), nb * sizeof (double), ps_series_get_bins (b), nb * sizeof (double));
  g_assert_cmpstr (ps_series_get_bins_units (a), ==, ps_series_get_bins_units (b));
  g_assert_cmpstr (ps_series_get_bins_label (a), ==, ps_series_get_bins_label (b));
  g_assert_cmpuint (keys ? g_strv_length ((char **) keys) : 0, ==, keys_b ? g_strv_length ((char **) keys_b) : 0);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    g_assert_cmpstr (ps_series_get_meta (a, keys[i]), ==, ps_series_get_meta (b, keys[i]));
}

static PsSeries *
round_trip (PsSeries *series)
{
  g_autoptr(GBytes) bytes = ps_cache_fragment_serialize (series);
  g_autoptr(GError) error = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  PsSeries *back = ps_cache_fragment_parse (data, size, &error);

  g_assert_no_error (error);
  g_assert_nonnull (back);
  return back;
}

/* Fragment format */

static void
test_fragment_round_trip (void)
{
  const PsBinsKind kinds[] = { PS_BINS_NONE, PS_BINS_CONSTANT, PS_BINS_VARYING };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(PsSeries) series = make_full_series (kinds[i]);
      g_autoptr(PsSeries) back = round_trip (series);
      g_autoptr(PsSeries) slice = ps_series_slice_index (series, 1, 2);
      g_autoptr(PsSeries) slice_back = round_trip (slice);
      g_autoptr(PsSeries) none = ps_series_slice_index (series, 2, 0);
      g_autoptr(PsSeries) none_back = round_trip (none);

      assert_same_series (series, back);
      assert_same_series (slice, slice_back);
      assert_same_series (none, none_back);
      g_assert_cmpint (ps_series_get_bins_kind (none_back), ==, kinds[i]);
    }

  /* empty, and a plain line with defaults (NULL name and units) */
  {
    g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
    g_autoptr(PsSeries) empty = ps_series_builder_end (builder, NULL);
    g_autoptr(PsSeries) back = round_trip (empty);
    const PsTime t[] = { 1 };
    const double v[] = { 2 };
    g_autoptr(PsSeries) line = NULL;
    g_autoptr(PsSeries) line_back = NULL;

    assert_same_series (empty, back);
    ps_series_builder_set_times (builder, t, 1);
    ps_series_builder_set_values (builder, v, 1, 1);
    line = ps_series_builder_end (builder, NULL);
    line_back = round_trip (line);
    assert_same_series (line, line_back);
    g_assert_null (ps_series_get_name (line_back));
  }
}

static void
put_crc (guint8 *data,
         gsize   size)
{
  guint32 crc = GUINT32_TO_LE ((guint32) crc32 (0L, data, (uInt) (size - 4)));

  memcpy (data + size - 4, &crc, 4);
}

static void
expect_error (const guint8 *data,
              gsize         size,
              int           code)
{
  g_autoptr(GError) error = NULL;
  PsSeries *series = ps_cache_fragment_parse (data, size, &error);

  g_assert_null (series);
  g_assert_nonnull (error);
  if (code >= 0)
    g_assert_error (error, PS_CACHE_FRAGMENT_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_fragment_damage (void)
{
  g_autoptr(PsSeries) series = make_full_series (PS_BINS_VARYING);
  g_autoptr(GBytes) bytes = ps_cache_fragment_serialize (series);
  gsize size;
  const guint8 *good = g_bytes_get_data (bytes, &size);
  g_autofree guint8 *copy = g_memdup2 (good, size);

  /* truncated anywhere, and extended */
  for (gsize len = 0; len < size; len++)
    expect_error (good, len, -1);
  {
    g_autofree guint8 *longer = g_malloc0 (size + 1);

    memcpy (longer, good, size);
    expect_error (longer, size + 1, PS_CACHE_FRAGMENT_ERROR_TRUNCATED);
  }

  /* any byte flipped */
  for (gsize i = 0; i < size; i++)
    {
      copy[i] ^= 0x5a;
      expect_error (copy, size, -1);
      copy[i] ^= 0x5a;
    }
  for (gsize i = 48; i < size - 4; i++)
    {
      copy[i] ^= 1;
      expect_error (copy, size, PS_CACHE_FRAGMENT_ERROR_CHECKSUM);
      copy[i] ^= 1;
    }

  /* wrong magic, version */
  copy[0] = 'X';
  expect_error (copy, size, PS_CACHE_FRAGMENT_ERROR_MAGIC);
  copy[0] = good[0];
  copy[8] = 2;
  put_crc (copy, size);
  expect_error (copy, size, PS_CACHE_FRAGMENT_ERROR_VERSION);
  memcpy (copy, good, size);

  /* absurd counts, with a correct checksum: refused before any allocation */
  {
    const struct { gsize offset; guint width; guint64 value; } absurd[] = {
      { 16, 8, G_GUINT64_CONSTANT (1) << 60 },   /* n */
      { 16, 8, G_MAXUINT64 },
      { 16, 8, 5 },                              /* one row too many */
      { 24, 4, G_MAXUINT32 },                    /* m */
      { 24, 4, 0 },                              /* rows without components */
      { 28, 1, 200 },                            /* display kind */
      { 29, 1, 3 },                              /* bins kind */
      { 30, 1, 1 },                              /* reserved */
      { 12, 4, 1 },                              /* flags */
      { 32, 4, G_MAXUINT32 },                    /* meta entries */
      { 32, 4, 4 },                              /* one meta entry too many */
      { 36, 4, 7 },                              /* reserved */
    };

    for (guint i = 0; i < G_N_ELEMENTS (absurd); i++)
      {
        guint64 le = GUINT64_TO_LE (absurd[i].value);

        memcpy (copy, good, size);
        memcpy (copy + absurd[i].offset, &le, absurd[i].width);
        put_crc (copy, size);
        expect_error (copy, size, PS_CACHE_FRAGMENT_ERROR_CORRUPT);
      }

    /* the first string (the name) made huge, then NUL inside it */
    {
      gsize strings = 48 + 8 * (4 + 4 * 2 + 4 * 2);
      guint32 huge = GUINT32_TO_LE (0x7fffffff);

      memcpy (copy, good, size);
      memcpy (copy + strings, &huge, 4);
      put_crc (copy, size);
      expect_error (copy, size, PS_CACHE_FRAGMENT_ERROR_CORRUPT);

      memcpy (copy, good, size);
      copy[strings + 5] = '\0';
      put_crc (copy, size);
      expect_error (copy, size, PS_CACHE_FRAGMENT_ERROR_CORRUPT);
    }

    /* times made to go backwards: the series builder refuses */
    {
      g_autoptr(GError) error = NULL;
      guint64 late = GUINT64_TO_LE (G_MAXINT64);

      memcpy (copy, good, size);
      memcpy (copy + 48, &late, 8);
      put_crc (copy, size);
      g_assert_null (ps_cache_fragment_parse (copy, size, &error));
      g_assert_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_UNSORTED);
    }
  }

  /* files: missing, damaged on disk */
  {
    g_autofree char *dir = make_tmp_dir ();
    g_autofree char *path = g_build_filename (dir, "f.psf", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(PsSeries) back = NULL;

    g_assert_null (ps_cache_fragment_read_file (path, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_clear_error (&error);

    g_assert_true (g_file_set_contents (path, (const char *) good, (gssize) size, NULL));
    back = ps_cache_fragment_read_file (path, &error);
    g_assert_no_error (error);
    assert_same_series (series, back);

    g_assert_true (g_file_set_contents (path, (const char *) good, (gssize) size / 2, NULL));
    g_assert_null (ps_cache_fragment_read_file (path, &error));
    g_assert_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_TRUNCATED);
    g_clear_error (&error);

    g_assert_true (g_file_set_contents (path, "", 0, NULL));
    g_assert_null (ps_cache_fragment_read_file (path, &error));
    g_assert_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_MAGIC);
    rm_rf (dir);
  }
}

/* ps_cache_fragment_crc32() gives zlib's values: every length around the
 * 64-byte blocks and 16-byte folds, at every alignment, in one call or
 * split anywhere; and the files carry them. */
static void
test_fragment_checksum (void)
{
  gsize big = ((gsize) 3 << 20) + 77;
  g_autofree guint8 *buffer = g_malloc (big + 16);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (gsize i = 0; i < big + 16; i++)
    buffer[i] = (guint8) g_rand_int (rand);

  g_assert_cmpuint (ps_cache_fragment_crc32 (0, NULL, 0), ==, 0);
  for (gsize offset = 0; offset < 16; offset++)
    for (gsize len = 0; len <= 600; len++)
      {
        guint32 expected = (guint32) crc32 (0L, buffer + offset, (uInt) len);

        if (ps_cache_fragment_crc32 (0, buffer + offset, len) != expected)
          g_error ("CRC-32 of %" G_GSIZE_FORMAT " bytes at offset %" G_GSIZE_FORMAT " differs from zlib's",
                   len, offset);
      }
  g_assert_cmpuint (ps_cache_fragment_crc32 (0, buffer + 3, big), ==, (guint32) crc32 (0L, buffer + 3, (uInt) big));
  for (gsize split = 0; split < 300; split += 7)
    {
      guint32 crc = ps_cache_fragment_crc32 (0, buffer, split);

      crc = ps_cache_fragment_crc32 (crc, buffer + split, 1000 - split);
      g_assert_cmpuint (crc, ==, (guint32) crc32 (0L, buffer, 1000));
    }
  g_assert_cmpuint (ps_cache_fragment_crc32 (12345, buffer, 200), ==, (guint32) crc32 (12345, buffer, 200));

  /* the trailer of files of every length modulo 16 */
  for (guint name_len = 0; name_len < 40; name_len++)
    {
      g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
      g_autoptr(PsSeries) series = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = g_strnfill (name_len, 'x');
      const PsTime t[] = { 1, 2, 3 };
      const double v[] = { 4, 5, 6 };
      const guint8 *data;
      gsize size;
      guint32 stored;

      ps_series_builder_set_times (builder, t, name_len % 4);
      ps_series_builder_set_values (builder, v, name_len % 4, 1);
      ps_series_builder_set_name (builder, name);
      series = ps_series_builder_end (builder, NULL);
      bytes = ps_cache_fragment_serialize (series);
      data = g_bytes_get_data (bytes, &size);
      memcpy (&stored, data + size - 4, 4);
      g_assert_cmpuint (GUINT32_FROM_LE (stored), ==, (guint32) crc32 (0L, data, (uInt) (size - 4)));
    }
}

/* A series whose file is large enough to be read in place. */
static PsSeries *
make_large_series (PsBinsKind bins_kind)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(GError) error = NULL;
  gsize n = 20000;
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, 2);
  PsSeries *series;

  for (gsize i = 0; i < n; i++)
    {
      times[i] = (PsTime) i * 1000;
      values[2 * i] = (double) i / 3;
      values[2 * i + 1] = i % 7 == 0 ? NAN : -(double) i;
    }
  if (bins_kind == PS_BINS_CONSTANT)
    {
      const double bins[] = { 1, 2 };

      ps_series_builder_set_constant_bins (builder, bins, 2);
    }
  else if (bins_kind == PS_BINS_VARYING)
    {
      double *bins = ps_series_builder_alloc_varying_bins (builder, n, 2);

      for (gsize i = 0; i < 2 * n; i++)
        bins[i] = (double) i;
    }
  ps_series_builder_set_name (builder, "large");
  ps_series_builder_set_meta (builder, "k", "v");
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

static void
expect_file_error (const char   *path,
                   const guint8 *data,
                   gsize         size,
                   int           code)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) size, NULL));
  g_assert_null (ps_cache_fragment_read_file (path, &error));
  g_assert_nonnull (error);
  g_assert_error (error, PS_CACHE_FRAGMENT_ERROR, code);
}

/* Files of 256 KiB and more are read straight into the series: the same
 * results, and the same errors, as ps_cache_fragment_parse(). */
static void
test_fragment_large_file (void)
{
  const PsBinsKind kinds[] = { PS_BINS_NONE, PS_BINS_CONSTANT, PS_BINS_VARYING };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "f.psf", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(PsSeries) series = make_large_series (kinds[i]);
      g_autoptr(GBytes) bytes = ps_cache_fragment_serialize (series);
      g_autoptr(PsSeries) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *written = NULL;
      gsize size, written_size = 0, reported = 0;
      const guint8 *good = g_bytes_get_data (bytes, &size);
      g_autofree guint8 *copy = g_memdup2 (good, size);
      int fd;

      g_assert_cmpuint (size, >=, 256 << 10);

      /* written piece by piece: the same bytes as serialized */
      fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
      g_assert_cmpint (fd, >=, 0);
      g_assert_true (ps_cache_fragment_write (series, fd, PS_CACHE_FRAGMENT_WRITE_DEFAULT, &reported, &error));
      g_assert_no_error (error);
      g_assert_cmpint (close (fd), ==, 0);
      g_assert_cmpuint (reported, ==, size);
      g_assert_true (g_file_get_contents (path, &written, &written_size, NULL));
      g_assert_cmpmem (written, written_size, good, size);

      back = ps_cache_fragment_read_file (path, &error);
      g_assert_no_error (error);
      assert_same_series (series, back);

      /* damaged in the times, the values, the strings, the CRC itself */
      {
        const gsize at[] = { 48 + 8, size / 2, size - 10, size - 1 };

        for (guint k = 0; k < G_N_ELEMENTS (at); k++)
          {
            copy[at[k]] ^= 0x04;
            expect_file_error (path, copy, size, PS_CACHE_FRAGMENT_ERROR_CHECKSUM);
            copy[at[k]] ^= 0x04;
          }
      }
      /* a header that lies: the checksum says so, as in memory; with the
       * checksum made right, the counts do */
      {
        guint64 n = GUINT64_TO_LE (G_GUINT64_CONSTANT (1) << 40);

        memcpy (copy + 16, &n, 8);
        expect_file_error (path, copy, size, PS_CACHE_FRAGMENT_ERROR_CHECKSUM);
        put_crc (copy, size);
        expect_file_error (path, copy, size, PS_CACHE_FRAGMENT_ERROR_CORRUPT);
        memcpy (copy, good, size);
      }
      /* cut short, extended, zeroed after the header */
      expect_file_error (path, good, size - 100, PS_CACHE_FRAGMENT_ERROR_TRUNCATED);
      {
        g_autofree guint8 *longer = g_malloc0 (size + 8);

        memcpy (longer, good, size);
        expect_file_error (path, longer, size + 8, PS_CACHE_FRAGMENT_ERROR_TRUNCATED);
      }
      memset (copy + 4096, 0, size - 4096);
      expect_file_error (path, copy, size, PS_CACHE_FRAGMENT_ERROR_CHECKSUM);
      memset (copy, 0, size);
      expect_file_error (path, copy, size, PS_CACHE_FRAGMENT_ERROR_MAGIC);
    }

  g_unlink (path);
  rm_rf (dir);
}

/* The index */

static const PsCacheProduct amda = { "amda", "imf", "" };

/* Runs @sql on the cache's index through a connection of its own. */
static void
index_exec (const char *cache_dir,
            const char *sql)
{
  g_autofree char *index = g_build_filename (cache_dir, "index.sqlite", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (index, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_close (db);
}

static gint64
index_int (const char *cache_dir,
           const char *sql)
{
  g_autofree char *index = g_build_filename (cache_dir, "index.sqlite", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (index, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static guint
count_files (const char *cache_dir,
             guint      *n_tmp)
{
  g_autofree char *path = g_build_filename (cache_dir, "fragments", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  if (n_tmp != NULL)
    *n_tmp = 0;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      n++;
      if (n_tmp != NULL && g_str_has_prefix (name, ".tmp-"))
        (*n_tmp)++;
    }
  return n;
}

static PsCache *
open_cache (const char *dir)
{
  g_autoptr(GError) error = NULL;
  PsCache *cache = ps_cache_open (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cache);
  return cache;
}

static void
store (PsCache              *cache,
       const PsCacheProduct *product,
       guint                 k,
       gsize                 n,
       const char           *version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSeries) series = make_series (k, n);

  g_assert_true (ps_cache_store (cache, product, (PsTime) k * HOUR, (PsTime) (k + 1) * HOUR,
                                 version, series, &error));
  g_assert_no_error (error);
}

static PsSeries *
lookup (PsCache              *cache,
        const PsCacheProduct *product,
        guint                 k)
{
  g_autoptr(GError) error = NULL;
  PsSeries *series = ps_cache_lookup (cache, product, (PsTime) k * HOUR, &error);

  g_assert_no_error (error);
  return series;
}

static void
test_store_lookup (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(PsCache) cache = open_cache (dir);
  const PsCacheProduct other = { "amda", "imf", "bx,by" };
  g_autoptr(PsSeries) a = NULL;
  g_autoptr(PsSeries) b = NULL;
  g_autoptr(PsSeries) c = NULL;
  g_autoptr(PsSeries) gone = NULL;

  g_assert_cmpstr (ps_cache_get_dir (cache), ==, dir);
  g_assert_null (lookup (cache, &amda, 1));

  store (cache, &amda, 1, 10, "\"etag-1\"");
  a = lookup (cache, &amda, 1);
  g_assert_nonnull (a);
  g_assert_true (series_is (a, 1));
  g_assert_cmpuint (ps_series_get_n (a), ==, 10);
  g_assert_null (lookup (cache, &other, 1));
  g_assert_null (lookup (cache, &amda, 2));

  /* replaced: the new data, the old file gone */
  store (cache, &amda, 1, 20, "\"etag-2\"");
  b = lookup (cache, &amda, 1);
  g_assert_cmpuint (ps_series_get_n (b), ==, 20);
  g_assert_cmpuint (count_files (dir, NULL), ==, 1);

  /* reopened */
  g_clear_pointer (&cache, ps_cache_close);
  cache = open_cache (dir);
  c = lookup (cache, &amda, 1);
  g_assert_nonnull (c);
  g_assert_cmpuint (ps_series_get_n (c), ==, 20);

  /* a damaged file is dropped and reported as a miss */
  {
    g_autofree char *frag_dir = g_build_filename (dir, "fragments", NULL);
    g_autoptr(GDir) d = g_dir_open (frag_dir, 0, NULL);
    const char *name = g_dir_read_name (d);
    g_autofree char *path = g_build_filename (frag_dir, name, NULL);
    g_autofree char *contents = NULL;
    gsize len;
    g_autoptr(PsCacheStats) stats = NULL;

    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    contents[len / 2] ^= 0x10;
    g_assert_true (g_file_set_contents (path, contents, (gssize) len, NULL));
    gone = lookup (cache, &amda, 1);
    g_assert_null (gone);
    stats = ps_cache_get_stats (cache, NULL);
    g_assert_cmpuint (stats->n_fragments, ==, 0);
    g_assert_cmpuint (count_files (dir, NULL), ==, 0);
  }

  /* the index refuses the commit: the new file goes too */
  {
    g_autofree char *index = g_build_filename (dir, "index.sqlite", NULL);
    g_autoptr(PsSeries) series = make_series (5, 3);
    g_autoptr(GError) error = NULL;
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (index, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER refuse BEFORE INSERT ON fragments"
                                   " BEGIN SELECT RAISE(ABORT, 'refused'); END", NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_false (ps_cache_store (cache, &amda, 5 * HOUR, 6 * HOUR, NULL, series, &error));
    g_assert_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_DATABASE);
    g_assert_cmpuint (count_files (dir, NULL), ==, 0);
    g_assert_null (lookup (cache, &amda, 5));
    g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER refuse", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    store (cache, &amda, 5, 3, NULL);
    g_assert_cmpuint (count_files (dir, NULL), ==, 1);
  }

  g_clear_pointer (&cache, ps_cache_close);
  rm_rf (dir);
}

static void
assert_request (PsCachePlan *plan,
                guint        i,
                double       start_h,
                double       stop_h,
                const char  *version)
{
  g_assert_cmpuint (i, <, plan->n_requests);
  g_assert_cmpint (plan->requests[i].start, ==, (PsTime) (start_h * HOUR));
  g_assert_cmpint (plan->requests[i].stop, ==, (PsTime) (stop_h * HOUR));
  g_assert_cmpstr (plan->requests[i].version, ==, version);
}

static PsCachePlan *
plan_hours (PsCache *cache,
            double   start_h,
            double   stop_h,
            double   max_span_h,
            PsTime   max_age)
{
  g_autoptr(GError) error = NULL;
  PsTimeRange range = { (PsTime) (start_h * HOUR), (PsTime) (stop_h * HOUR) };
  PsCachePlan *plan = ps_cache_plan (cache, &amda, &range, HOUR, (PsTime) (max_span_h * HOUR),
                                     max_age, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

static void
test_plan (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(PsCache) cache = open_cache (dir);

  /* nothing cached: one request, widened to the grid */
  {
    g_autoptr(PsCachePlan) plan = plan_hours (cache, 0.5, 10.5, 0, 0);

    g_assert_cmpuint (plan->n_slots, ==, 11);
    g_assert_cmpint (plan->slots[0].start, ==, 0);
    g_assert_cmpint (plan->slots[10].stop, ==, 11 * HOUR);
    g_assert_cmpuint (plan->n_requests, ==, 1);
    assert_request (plan, 0, 0, 11, NULL);
  }

  /* split by the maximum span: whole fragments, the rest last */
  {
    g_autoptr(PsCachePlan) plan = plan_hours (cache, 0, 11, 4.5, 0);

    g_assert_cmpuint (plan->n_requests, ==, 3);
    assert_request (plan, 0, 0, 4, NULL);
    assert_request (plan, 1, 4, 8, NULL);
    assert_request (plan, 2, 8, 11, NULL);
  }
  /* a span shorter than a fragment cuts fragments */
  {
    g_autoptr(PsCachePlan) plan = plan_hours (cache, 2, 3, 0.25, 0);

    g_assert_cmpuint (plan->n_requests, ==, 4);
    assert_request (plan, 0, 2, 2.25, NULL);
    assert_request (plan, 3, 2.75, 3, NULL);
  }

  /* cached in the middle */
  store (cache, &amda, 3, 2, "v3");
  store (cache, &amda, 4, 2, "v4");
  store (cache, &amda, 7, 2, "v7");
  {
    g_autoptr(PsCachePlan) plan = plan_hours (cache, 0.5, 10.5, 0, 0);

    g_assert_cmpint (plan->slots[3].state, ==, PS_CACHE_FRESH);
    g_assert_cmpstr (plan->slots[3].version, ==, "v3");
    g_assert_cmpint (plan->slots[5].state, ==, PS_CACHE_MISSING);
    g_assert_cmpuint (plan->n_requests, ==, 3);
    assert_request (plan, 0, 0, 3, NULL);
    assert_request (plan, 1, 5, 7, NULL);
    assert_request (plan, 2, 8, 11, NULL);
  }
  /* a range inside cached fragments needs nothing */
  {
    g_autoptr(PsCachePlan) plan = plan_hours (cache, 3.2, 4.9, 0, 0);

    g_assert_cmpuint (plan->n_slots, ==, 2);
    g_assert_cmpuint (plan->n_requests, ==, 0);
  }
  /* cached at both ends */
  store (cache, &amda, 0, 2, NULL);
  store (cache, &amda, 10, 2, NULL);
  {
    g_autoptr(PsCachePlan) plan = plan_hours (cache, 0, 11, 2, 0);

    g_assert_cmpuint (plan->n_requests, ==, 3);
    assert_request (plan, 0, 1, 3, NULL);
    assert_request (plan, 1, 5, 7, NULL);
    assert_request (plan, 2, 8, 10, NULL);
  }
  /* a partial fragment (stop short of the grid) counts as missing */
  {
    g_autoptr(PsSeries) series = make_series (11, 2);
    g_autoptr(PsCachePlan) plan = NULL;

    g_assert_true (ps_cache_store (cache, &amda, 11 * HOUR, 11 * HOUR + 60, NULL, series, NULL));
    plan = plan_hours (cache, 10, 12, 0, 0);
    g_assert_cmpuint (plan->n_requests, ==, 1);
    assert_request (plan, 0, 11, 12, NULL);
  }

  /* negative times align downwards; the empty range plans nothing */
  {
    g_autoptr(PsCachePlan) plan = plan_hours (cache, -1.5, -0.5, 0, 0);
    g_autoptr(PsCachePlan) empty = plan_hours (cache, 5, 5, 0, 0);

    g_assert_cmpuint (plan->n_slots, ==, 2);
    assert_request (plan, 0, -2, 0, NULL);
    g_assert_cmpuint (empty->n_slots, ==, 0);
    g_assert_cmpuint (empty->n_requests, ==, 0);
  }

  /* too many fragments; out of bounds */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) bounds = NULL;
    PsTimeRange huge = { 0, G_GINT64_CONSTANT (1) << 62 };
    PsTimeRange all = { G_MININT64, G_MAXINT64 };

    g_assert_null (ps_cache_plan (cache, &amda, &huge, 1000, 0, 0, &error));
    g_assert_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_INVALID);
    g_assert_null (ps_cache_plan (cache, &amda, &all, HOUR, 0, 0, &bounds));
    g_assert_error (bounds, PS_CACHE_ERROR, PS_CACHE_ERROR_INVALID);
  }

  g_clear_pointer (&cache, ps_cache_close);
  rm_rf (dir);
}

static void
test_fragment_length (void)
{
  g_assert_cmpint (ps_cache_fragment_length_for_cadence (PS_TIME_NS_PER_SECOND / 32), ==, HOUR);
  g_assert_cmpint (ps_cache_fragment_length_for_cadence (PS_TIME_NS_PER_SECOND), ==, HOUR);
  g_assert_cmpint (ps_cache_fragment_length_for_cadence (4 * PS_TIME_NS_PER_SECOND), ==, PS_TIME_NS_PER_DAY);
  g_assert_cmpint (ps_cache_fragment_length_for_cadence (60 * PS_TIME_NS_PER_SECOND), ==, PS_TIME_NS_PER_DAY);
  g_assert_cmpint (ps_cache_fragment_length_for_cadence (0), ==, PS_TIME_NS_PER_DAY);
  g_assert_cmpint (ps_cache_fragment_length_for_cadence (3600 * PS_TIME_NS_PER_SECOND), ==, 30 * PS_TIME_NS_PER_DAY);
}

/* A fragment fetched while its data was still arriving (it ends less
 * than two days before the fetch) is stale after the provisional age,
 * well before the ordinary one; an old fragment is not. */
static void
test_provisional (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(PsCache) cache = open_cache (dir);
  guint now_h = (guint) (g_get_real_time () / G_USEC_PER_SEC / 3600);
  PsTime week = 7 * PS_TIME_NS_PER_DAY;

  store (cache, &amda, 5, 2, NULL);
  store (cache, &amda, now_h, 2, NULL);
  store (cache, &amda, now_h - 24, 2, NULL);
  store (cache, &amda, now_h - 72, 2, NULL);
  g_usleep (20000);
  {
    g_autoptr(PsCachePlan) old = plan_hours (cache, 5, 6, 0, week);
    g_autoptr(PsCachePlan) recent = plan_hours (cache, now_h - 72, now_h + 1, 0, week);

    g_assert_cmpint (old->slots[0].state, ==, PS_CACHE_FRESH);
    g_assert_cmpint (recent->slots[0].state, ==, PS_CACHE_FRESH);
    g_assert_cmpint (recent->slots[48].state, ==, PS_CACHE_FRESH);
    g_assert_cmpint (recent->slots[72].state, ==, PS_CACHE_FRESH);
  }
  ps_cache_set_provisional_max_age (cache, 10 * 1000 * 1000);
  {
    g_autoptr(PsCachePlan) old = plan_hours (cache, 5, 6, 0, week);
    g_autoptr(PsCachePlan) recent = plan_hours (cache, now_h - 72, now_h + 1, 0, week);
    g_autoptr(PsCachePlan) never = plan_hours (cache, now_h, now_h + 1, 0, 0);

    g_assert_cmpint (old->slots[0].state, ==, PS_CACHE_FRESH);
    g_assert_cmpint (recent->slots[0].state, ==, PS_CACHE_FRESH);   /* 3 days old: settled */
    g_assert_cmpint (recent->slots[48].state, ==, PS_CACHE_STALE);  /* yesterday */
    g_assert_cmpint (recent->slots[72].state, ==, PS_CACHE_STALE);  /* this hour */
    g_assert_cmpint (never->slots[0].state, ==, PS_CACHE_FRESH);    /* max_age 0: never stale */
  }
}

static void
test_stale (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(PsCache) cache = open_cache (dir);

  store (cache, &amda, 2, 2, "W/\"abc\"");
  store (cache, &amda, 3, 2, "Tue, 01 Dec 2020 00:00:00 GMT");
  g_usleep (20000);
  {
    g_autoptr(PsCachePlan) fresh = plan_hours (cache, 2, 4, 0, HOUR);
    g_autoptr(PsCachePlan) never = plan_hours (cache, 2, 4, 0, 0);
    g_autoptr(PsCachePlan) stale = plan_hours (cache, 1, 5, 0, 10 * 1000 * 1000);

    g_assert_cmpuint (fresh->n_requests, ==, 0);
    g_assert_cmpint (fresh->slots[0].state, ==, PS_CACHE_FRESH);
    g_assert_cmpuint (never->n_requests, ==, 0);
    /* missing, revalidate, revalidate, missing: stale ones are not merged */
    g_assert_cmpint (stale->slots[1].state, ==, PS_CACHE_STALE);
    g_assert_cmpuint (stale->n_requests, ==, 4);
    assert_request (stale, 0, 1, 2, NULL);
    assert_request (stale, 1, 2, 3, "W/\"abc\"");
    assert_request (stale, 2, 3, 4, "Tue, 01 Dec 2020 00:00:00 GMT");
    assert_request (stale, 3, 4, 5, NULL);
  }

  /* revalidated (304): fresh again, with the version kept or replaced */
  g_assert_true (ps_cache_mark_fresh (cache, &amda, 2 * HOUR, NULL, NULL));
  g_assert_true (ps_cache_mark_fresh (cache, &amda, 3 * HOUR, "\"new\"", NULL));
  {
    g_autoptr(PsCachePlan) plan = plan_hours (cache, 2, 4, 0, 10 * 1000 * 1000);

    g_assert_cmpuint (plan->n_requests, ==, 0);
    g_assert_cmpstr (plan->slots[0].version, ==, "W/\"abc\"");
    g_assert_cmpstr (plan->slots[1].version, ==, "\"new\"");
  }

  g_clear_pointer (&cache, ps_cache_close);
  rm_rf (dir);
}

static void
test_lru (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(PsCache) cache = open_cache (dir);
  g_autoptr(PsCacheStats) stats = NULL;
  g_autoptr(PsSeries) a = NULL;
  PsCachePruneResult result = { 0 };
  guint64 one;

  store (cache, &amda, 0, 100, NULL);  /* A */
  store (cache, &amda, 1, 100, NULL);  /* B */
  store (cache, &amda, 2, 100, NULL);  /* C */
  g_clear_pointer (&cache, ps_cache_close);
  /* stored an hour ago: a lookup now records its use */
  index_exec (dir, "UPDATE fragments SET last_use = last_use - 3600000000000");
  cache = open_cache (dir);
  a = lookup (cache, &amda, 0);   /* A used last: B, C, A */
  g_assert_nonnull (a);

  stats = ps_cache_get_stats (cache, NULL);
  g_assert_cmpuint (stats->n_fragments, ==, 3);
  one = stats->bytes / 3;
  g_assert_cmpuint (stats->bytes, ==, one * 3);

  g_assert_true (ps_cache_prune (cache, 3 * one, &result, NULL));
  g_assert_cmpuint (result.n_evicted, ==, 0);

  g_assert_true (ps_cache_prune (cache, 2 * one + 10, &result, NULL));
  g_assert_cmpuint (result.n_evicted, ==, 1);
  g_assert_cmpuint (result.bytes_evicted, ==, one);
  g_assert_null (lookup (cache, &amda, 1));
  g_assert_cmpuint (count_files (dir, NULL), ==, 2);

  g_assert_true (ps_cache_prune (cache, one, &result, NULL));
  g_assert_cmpuint (result.n_evicted, ==, 1);
  g_assert_null (lookup (cache, &amda, 2));
  {
    g_autoptr(PsSeries) still = lookup (cache, &amda, 0);

    g_assert_nonnull (still);
  }

  g_assert_true (ps_cache_clear (cache, NULL));
  g_clear_pointer (&stats, ps_cache_stats_free);
  stats = ps_cache_get_stats (cache, NULL);
  g_assert_cmpuint (stats->n_fragments, ==, 0);
  g_assert_cmpuint (stats->bytes, ==, 0);
  g_assert_cmpuint (count_files (dir, NULL), ==, 0);

  g_clear_pointer (&cache, ps_cache_close);
  rm_rf (dir);
}

/* A lookup writes to the index only when the use it recorded last is old
 * (10 minutes): another process holding the write lock does not slow it
 * down; an old use is brought up to date. */
static void
test_lookup_reads_only (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *index = g_build_filename (dir, "index.sqlite", NULL);
  g_autoptr(PsCache) cache = open_cache (dir);
  sqlite3 *db = NULL;
  gint64 before, start;

  store (cache, &amda, 0, 100, NULL);
  store (cache, &amda, 1, 100, NULL);
  before = index_int (dir, "SELECT last_use FROM fragments WHERE fragment_start = 0");

  g_assert_cmpint (sqlite3_open (index, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsSeries) series = ps_cache_lookup (cache, &amda, 0, &error);

      g_assert_no_error (error);
      g_assert_nonnull (series);
      g_assert_true (series_is (series, 0));
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (index_int (dir, "SELECT last_use FROM fragments WHERE fragment_start = 0"), ==, before);

  /* used an hour ago: recorded again, now, after every other use */
  index_exec (dir, "UPDATE fragments SET last_use = last_use - 3600000000000 WHERE fragment_start = 0");
  {
    g_autoptr(PsSeries) series = lookup (cache, &amda, 0);

    g_assert_nonnull (series);
  }
  g_assert_cmpint (index_int (dir, "SELECT last_use FROM fragments WHERE fragment_start = 0"), >,
                   index_int (dir, "SELECT last_use FROM fragments WHERE fragment_start = 3600000000000"));
  g_assert_cmpint (index_int (dir, "SELECT last_use FROM fragments WHERE fragment_start = 0"), >=,
                   g_get_real_time () * 1000 - 60 * PS_TIME_NS_PER_SECOND);

  g_clear_pointer (&cache, ps_cache_close);
  rm_rf (dir);
}

static char *
indexed_path (const char *cache_dir,
              guint       k)
{
  g_autofree char *index = g_build_filename (cache_dir, "index.sqlite", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *path;

  g_assert_cmpint (sqlite3_open (index, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT file FROM fragments WHERE fragment_start = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, (PsTime) k * HOUR);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  path = g_build_filename (cache_dir, "fragments", (const char *) sqlite3_column_text (stmt, 0), NULL);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return path;
}

/* Stores are not flushed to the disk: after a system crash, a file the
 * index names may be empty, cut short or zeros (small files are read
 * whole, large ones in place). Each is a miss, not an error; it leaves the
 * index and the directory, the plan asks for it again, and it can be
 * stored again. */
static void
test_torn_after_crash (void)
{
  enum { EMPTY, HALF, ZEROS, LARGE_HALF, LARGE_ZEROS, LARGE_EMPTY, INTACT, N };
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(PsCache) cache = open_cache (dir);
  gsize sizes[N] = { 10, 10, 10, 20000, 20000, 20000, 10 };

  for (guint k = 0; k < N; k++)
    store (cache, &amda, k, sizes[k], NULL);
  g_clear_pointer (&cache, ps_cache_close);

  for (guint k = 0; k < N; k++)
    {
      g_autofree char *path = indexed_path (dir, k);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      if (k >= LARGE_HALF && k != INTACT)
        g_assert_cmpuint (len, >=, 256 << 10);
      switch (k)
        {
        case EMPTY:
        case LARGE_EMPTY:
          g_assert_cmpint (truncate (path, 0), ==, 0);
          break;
        case HALF:
        case LARGE_HALF:
          g_assert_cmpint (truncate (path, (off_t) len / 2), ==, 0);
          break;
        case ZEROS:
        case LARGE_ZEROS:
          memset (contents, 0, len);
          g_assert_true (g_file_set_contents (path, contents, (gssize) len, NULL));
          break;
        default:
          break;
        }
    }

  /* "after the reboot" */
  cache = open_cache (dir);
  for (guint k = 0; k < N; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsSeries) series = ps_cache_lookup (cache, &amda, (PsTime) k * HOUR, &error);

      g_assert_no_error (error);
      if (k == INTACT)
        g_assert_true (series != NULL && series_is (series, k));
      else
        g_assert_null (series);
    }
  g_assert_cmpuint (count_files (dir, NULL), ==, 1);
  {
    g_autoptr(PsCachePlan) plan = plan_hours (cache, 0, N, 0, 0);
    g_autoptr(PsCacheStats) stats = ps_cache_get_stats (cache, NULL);

    for (guint k = 0; k < N; k++)
      g_assert_cmpint (plan->slots[k].state, ==, k == INTACT ? PS_CACHE_FRESH : PS_CACHE_MISSING);
    g_assert_cmpuint (plan->n_requests, ==, 1);
    assert_request (plan, 0, 0, INTACT, NULL);
    g_assert_cmpuint (stats->n_fragments, ==, 1);
  }

  /* fetched again */
  for (guint k = 0; k < INTACT; k++)
    store (cache, &amda, k, sizes[k], NULL);
  for (guint k = 0; k < N; k++)
    {
      g_autoptr(PsSeries) series = lookup (cache, &amda, k);

      g_assert_true (series != NULL && series_is (series, k));
      g_assert_cmpuint (ps_series_get_n (series), ==, sizes[k]);
    }
  {
    g_autoptr(PsCachePlan) plan = plan_hours (cache, 0, N, 0, 0);

    g_assert_cmpuint (plan->n_requests, ==, 0);
  }

  g_clear_pointer (&cache, ps_cache_close);
  rm_rf (dir);
}

/* A pid that surely belongs to nobody: a child we waited for. */
static GPid
dead_pid (void)
{
  const char *argv[] = { "/bin/true", NULL };
  GPid pid = 0;
  int status;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, NULL));
  waitpid (pid, &status, 0);
  return pid;
}

static void
test_orphans (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(PsCache) cache = open_cache (dir);
  g_autofree char *frag_dir = g_build_filename (dir, "fragments", NULL);
  g_autofree char *dead_tmp = g_strdup_printf ("%s/.tmp-%d-abcdef", frag_dir, dead_pid ());
  g_autofree char *dead_final = g_strdup_printf ("%s/0123456789abcdef-%d-abcdef.psf", frag_dir, dead_pid ());
  g_autofree char *ours = g_strdup_printf ("%s/0123456789abcdef-%d-zzzzzz.psf", frag_dir, (int) getpid ());
  g_autofree char *live = g_strdup_printf ("%s/.tmp-1-abcdef", frag_dir);
  PsCachePruneResult result = { 0 };
  g_autoptr(PsCacheStats) stats = NULL;

  store (cache, &amda, 0, 5, NULL);
  store (cache, &amda, 1, 5, NULL);
  g_assert_true (g_file_set_contents (dead_tmp, "half", -1, NULL));
  g_assert_true (g_file_set_contents (dead_final, "whole", -1, NULL));
  g_assert_true (g_file_set_contents (ours, "ours", -1, NULL));
  g_assert_true (g_file_set_contents (live, "in flight", -1, NULL));

  /* a row whose file is gone */
  {
    g_autoptr(GDir) d = g_dir_open (frag_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      if (g_str_has_suffix (name, ".psf") && !strstr (name, "0123456789abcdef"))
        {
          g_autofree char *path = g_build_filename (frag_dir, name, NULL);

          g_unlink (path);
          break;
        }
  }
  g_assert_cmpuint (count_files (dir, NULL), ==, 5);

  g_assert_true (ps_cache_prune (cache, G_MAXUINT64, &result, NULL));
  g_assert_cmpuint (result.n_evicted, ==, 0);
  g_assert_cmpuint (result.n_orphan_files, ==, 3);
  g_assert_cmpuint (result.n_missing_files, ==, 1);
  /* pid 1 is alive: its recent file stays */
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir, NULL), ==, 2);
  stats = ps_cache_get_stats (cache, NULL);
  g_assert_cmpuint (stats->n_fragments, ==, 1);

  g_clear_pointer (&cache, ps_cache_close);
  rm_rf (dir);
}

/* Claims */

static GPid
spawn_child (const char *mode,
             const char *dir,
             const char *arg,
             int        *out_fd)
{
  const char *argv[] = { self_exe, mode, dir, arg, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &pid, NULL, out_fd, NULL, &error);
  g_assert_no_error (error);
  return pid;
}

static int
wait_child (GPid pid)
{
  int status = 0;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return status;
}

static void
read_line (int fd)
{
  char c = 0;

  while (read (fd, &c, 1) == 1 && c != '\n')
    ;
  g_assert_cmpint (c, ==, '\n');
}

static void
test_claims (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(PsCache) cache = open_cache (dir);
  g_autoptr(PsCache) second = open_cache (dir);
  g_autoptr(GError) error = NULL;
  int out_fd = -1;
  GPid pid;
  int status;

  /* ours, then refused to anyone else in this process */
  g_assert_true (ps_cache_claim (cache, &amda, 0, 60 * PS_TIME_NS_PER_SECOND, &error));
  g_assert_false (ps_cache_claim (second, &amda, 0, 60 * PS_TIME_NS_PER_SECOND, &error));
  g_assert_no_error (error);
  g_assert_true (ps_cache_claim (second, &amda, HOUR, 60 * PS_TIME_NS_PER_SECOND, &error));
  g_assert_false (ps_cache_wait_claim (second, &amda, 0, 30 * 1000 * 1000, &error));
  g_assert_no_error (error);
  g_assert_true (ps_cache_release (cache, &amda, 0, &error));
  g_assert_true (ps_cache_wait_claim (second, &amda, 0, 30 * 1000 * 1000, &error));
  g_assert_true (ps_cache_release (second, &amda, HOUR, &error));
  g_assert_true (ps_cache_release (second, &amda, HOUR, &error)); /* twice is harmless */

  /* an expired claim is taken over */
  g_assert_true (ps_cache_claim (cache, &amda, 0, 1000, &error));
  g_usleep (2000);
  g_assert_true (ps_cache_claim (second, &amda, 0, 60 * PS_TIME_NS_PER_SECOND, &error));
  g_assert_true (ps_cache_release (second, &amda, 0, &error));

  /* a child claims and dies without releasing: taken over */
  pid = spawn_child ("--child-claim", dir, "0", NULL);
  status = wait_child (pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_true (ps_cache_claim (cache, &amda, 0, 60 * PS_TIME_NS_PER_SECOND, &error));
  g_assert_no_error (error);
  g_assert_true (ps_cache_release (cache, &amda, 0, &error));

  /* a live child holds it, we wait for it to finish */
  pid = spawn_child ("--child-claim", dir, "300", &out_fd);
  read_line (out_fd);
  g_assert_false (ps_cache_claim (cache, &amda, 0, 60 * PS_TIME_NS_PER_SECOND, &error));
  g_assert_no_error (error);
  g_assert_true (ps_cache_wait_claim (cache, &amda, 0, 20 * PS_TIME_NS_PER_SECOND, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PsSeries) series = lookup (cache, &amda, 0);

    g_assert_nonnull (series);
    g_assert_true (series_is (series, 0));
  }
  status = wait_child (pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  close (out_fd);

  g_clear_pointer (&cache, ps_cache_close);
  g_clear_pointer (&second, ps_cache_close);
  rm_rf (dir);
}

/* No live claim on any of @n fragments (starts in hours) */
static gboolean
all_free (PsCache      *cache,
          const PsTime *starts,
          guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean unclaimed = ps_cache_wait_claim (cache, &amda, starts[i], 0, &error);

      g_assert_no_error (error);
      if (!unclaimed)
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_held (PsCache      *cache,
          const PsTime *starts,
          guint         n)
{
  for (guint i = 0; i < n; i++)
    if (all_free (cache, &starts[i], 1))
      return FALSE;
  return TRUE;
}

static void
test_claim_fragments (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(PsCache) cache = open_cache (dir);
  g_autoptr(PsCache) second = open_cache (dir);
  g_autoptr(GError) error = NULL;
  const PsTime three[] = { 0, HOUR, 2 * HOUR };
  const PsTime overlap[] = { 3 * HOUR, 2 * HOUR, 4 * HOUR };
  const PsTime twice[] = { 5 * HOUR, 5 * HOUR };
  PsTime ttl = 60 * PS_TIME_NS_PER_SECOND;
  PsTime busy = -1;
  int out_fd = -1;
  GPid pid;
  int status;

  g_assert_true (ps_cache_claim_fragments (cache, &amda, three, 3, ttl, &busy, &error));
  g_assert_no_error (error);
  g_assert_cmpint (busy, ==, -1);
  g_assert_true (all_held (second, three, 3));

  /* one of them held: none taken, and we are told which */
  g_assert_false (ps_cache_claim_fragments (second, &amda, overlap, 3, ttl, &busy, &error));
  g_assert_no_error (error);
  g_assert_cmpint (busy, ==, 2 * HOUR);
  g_assert_true (all_free (cache, (const PsTime[]) { 3 * HOUR, 4 * HOUR }, 2));
  g_assert_false (ps_cache_claim (second, &amda, HOUR, ttl, &error));
  g_assert_no_error (error);

  /* nothing, twice the same, one claim at a time alongside */
  g_assert_true (ps_cache_claim_fragments (second, &amda, NULL, 0, ttl, NULL, &error));
  g_assert_true (ps_cache_claim_fragments (second, &amda, twice, 2, ttl, NULL, &error));
  g_assert_true (all_held (cache, twice, 1));

  /* released together, or one by one */
  g_assert_true (ps_cache_release_fragments (cache, &amda, three, 3, &error));
  g_assert_no_error (error);
  g_assert_true (all_free (second, three, 3));
  g_assert_true (ps_cache_release_fragments (second, &amda, twice, 2, &error));
  g_assert_true (ps_cache_release_fragments (second, &amda, twice, 2, &error)); /* harmless */
  g_assert_true (ps_cache_release_fragments (second, &amda, NULL, 0, &error));
  g_assert_true (all_free (cache, twice, 1));
  g_assert_true (ps_cache_claim_fragments (second, &amda, overlap, 3, ttl, &busy, &error));
  g_assert_true (ps_cache_release (second, &amda, 2 * HOUR, &error));
  g_assert_true (all_held (cache, overlap, 1));
  g_assert_true (all_free (cache, &overlap[1], 1));
  g_assert_true (ps_cache_release_fragments (second, &amda, overlap, 3, &error));

  /* expired claims are taken over */
  g_assert_true (ps_cache_claim_fragments (cache, &amda, three, 3, 1000, NULL, &error));
  g_usleep (2000);
  g_assert_true (ps_cache_claim_fragments (second, &amda, three, 3, ttl, NULL, &error));
  g_assert_true (ps_cache_release_fragments (second, &amda, three, 3, &error));

  /* a child claims them together and dies holding them: taken over */
  pid = spawn_child ("--child-claim-fragments", dir, "0", NULL);
  status = wait_child (pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_true (ps_cache_claim_fragments (cache, &amda, three, 3, ttl, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ps_cache_release_fragments (cache, &amda, three, 3, &error));

  /* a live child holds them: refused, then free once it releases them */
  pid = spawn_child ("--child-claim-fragments", dir, "300", &out_fd);
  read_line (out_fd);
  busy = -1;
  g_assert_false (ps_cache_claim_fragments (cache, &amda, &three[1], 2, ttl, &busy, &error));
  g_assert_no_error (error);
  g_assert_cmpint (busy, ==, HOUR);
  for (guint i = 0; i < 3; i++)
    g_assert_true (ps_cache_wait_claim (cache, &amda, three[i], 20 * PS_TIME_NS_PER_SECOND, &error));
  g_assert_no_error (error);
  status = wait_child (pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  close (out_fd);
  g_assert_true (ps_cache_claim_fragments (cache, &amda, three, 3, ttl, NULL, &error));
  g_assert_true (ps_cache_release_fragments (cache, &amda, three, 3, &error));

  g_clear_pointer (&cache, ps_cache_close);
  g_clear_pointer (&second, ps_cache_close);
  rm_rf (dir);
}

/* Several processes (and threads) on one directory */

#define N_KEYS       8
#define N_ROUNDS     60

static const PsCacheProduct shared = { "cdaweb", "AC_H0_MFI", "BGSEc" };

/* Stores and reads random fragments; every read must be right. */
static gboolean
hammer (const char *dir,
        guint32     seed,
        PsCache    *shared_cache)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(PsCache) own = shared_cache == NULL ? ps_cache_open (dir, NULL) : NULL;
  PsCache *cache = shared_cache != NULL ? shared_cache : own;

  if (cache == NULL)
    return FALSE;
  for (guint round = 0; round < N_ROUNDS; round++)
    {
      guint k = (guint) g_rand_int_range (rand, 0, N_KEYS);
      g_autoptr(GError) error = NULL;

      if (g_rand_boolean (rand))
        {
          g_autoptr(PsSeries) series = make_series (k, (gsize) g_rand_int_range (rand, 1, 400));

          if (!ps_cache_store (cache, &shared, (PsTime) k * HOUR, (PsTime) (k + 1) * HOUR,
                               "v", series, &error))
            {
              g_printerr ("store: %s\n", error->message);
              return FALSE;
            }
        }
      else
        {
          g_autoptr(PsSeries) series = ps_cache_lookup (cache, &shared, (PsTime) k * HOUR, &error);

          if (error != NULL || (series != NULL && !series_is (series, k)))
            {
              g_printerr ("lookup: %s\n", error != NULL ? error->message : "wrong data");
              return FALSE;
            }
        }
      if (round % 20 == 19)
        {
          if (!ps_cache_prune (cache, G_MAXUINT64, NULL, &error))
            {
              g_printerr ("prune: %s\n", error->message);
              return FALSE;
            }
        }
    }
  return TRUE;
}

typedef struct
{
  const char *dir;
  PsCache    *cache;  /* shared by several threads, or NULL: one each */
  guint32     seed;
} HammerArgs;

static gpointer
hammer_thread (gpointer data)
{
  HammerArgs *args = data;

  return GINT_TO_POINTER (hammer (args->dir, args->seed, args->cache));
}

static void
check_consistent (const char *dir)
{
  g_autoptr(PsCache) cache = open_cache (dir);
  g_autoptr(PsCacheStats) stats = NULL;
  g_autoptr(PsCachePlan) plan = NULL;
  PsTimeRange range = { 0, 64 * HOUR };
  PsCachePruneResult result = { 0 };
  guint n_cached = 0;
  guint n_tmp;

  /* every indexed fragment reads back, right */
  plan = ps_cache_plan (cache, &shared, &range, HOUR, 0, 0, NULL);
  for (guint i = 0; i < plan->n_slots; i++)
    if (plan->slots[i].state != PS_CACHE_MISSING)
      {
        g_autoptr(PsSeries) series = lookup (cache, &shared, i);

        g_assert_nonnull (series);
        g_assert_true (series_is (series, i));
        n_cached++;
      }
  stats = ps_cache_get_stats (cache, NULL);
  g_assert_cmpuint (stats->n_fragments, ==, n_cached);

  /* then the leftovers go, and the files match the index */
  g_assert_true (ps_cache_prune (cache, G_MAXUINT64, &result, NULL));
  g_assert_cmpuint (result.n_missing_files, ==, 0);
  g_assert_cmpuint (count_files (dir, &n_tmp), ==, n_cached);
  g_assert_cmpuint (n_tmp, ==, 0);
}

static void
test_processes (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(PsCache) one_for_two = open_cache (dir);
  GPid pids[4];
  GThread *threads[4];
  HammerArgs args[G_N_ELEMENTS (threads)];

  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      g_autofree char *seed = g_strdup_printf ("%u", g_test_rand_int ());

      pids[i] = spawn_child ("--child-hammer", dir, seed, NULL);
    }
  /* two threads with a PsCache each, two sharing one */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      args[i].dir = dir;
      args[i].cache = i < 2 ? NULL : one_for_two;
      args[i].seed = g_test_rand_int ();
      threads[i] = g_thread_new ("hammer", hammer_thread, &args[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
  g_clear_pointer (&one_for_two, ps_cache_close);
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      int status = wait_child (pids[i]);

      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  check_consistent (dir);
  rm_rf (dir);
}

static void
test_kill_during_writes (void)
{
  g_autofree char *dir = make_tmp_dir ();

  for (guint round = 0; round < 4; round++)
    {
      int out_fd = -1;
      GPid pid = spawn_child ("--child-writer", dir, "0", &out_fd);
      int status;

      read_line (out_fd);  /* the cache is open, writes begin */
      g_usleep ((gulong) g_test_rand_int_range (5, 300) * 1000);
      kill (pid, SIGKILL);
      status = wait_child (pid);
      g_assert_true (WIFSIGNALED (status));
      close (out_fd);
    }

  check_consistent (dir);
  rm_rf (dir);
}

/* The command line */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;
  const char *arg;

#ifdef CLI_PATH
  g_ptr_array_add (argv, g_strdup (CLI_PATH));
#else
  g_ptr_array_add (argv, g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "plasmascope-cli", NULL));
#endif
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
test_cli (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(PsCache) cache = open_cache (dir);
  const PsCacheProduct cda = { "cdaweb", "AC_H0_MFI", "" };
  g_autofree char *one_size = NULL;
  g_autofree char *expect = NULL;
  guint64 one;

  store (cache, &amda, 0, 50, NULL);
  store (cache, &amda, 1, 50, NULL);
  store (cache, &cda, 2, 50, NULL);
  {
    g_autoptr(PsCacheStats) stats = ps_cache_get_stats (cache, NULL);

    one = stats->bytes / 3;
    g_assert_cmpuint (stats->n_providers, ==, 2);
    g_assert_cmpstr (stats->providers[0].provider, ==, "amda");
    g_assert_cmpuint (stats->providers[0].n_fragments, ==, 2);
    g_assert_cmpuint (stats->providers[1].bytes, ==, one);
  }
  g_clear_pointer (&cache, ps_cache_close);

  {
    g_auto(Run) run = { 0 };

    run_cli (&run, "cache", "stats", "--cache-dir", dir, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Fragments: 3 ("));
    g_assert_nonnull (strstr (run.out, "amda: 2 fragments"));
    g_assert_nonnull (strstr (run.out, "cdaweb: 1 fragments"));
  }
  {
    g_auto(Run) run = { 0 };

    expect = g_strdup_printf ("\"bytes\": %" G_GUINT64_FORMAT, 3 * one);
    run_cli (&run, "cache", "stats", "--json", "--cache-dir", dir, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "\"fragments\": 3"));
    g_assert_nonnull (strstr (run.out, expect));
    g_assert_nonnull (strstr (run.out, "\"cdaweb\""));
  }
  {
    g_auto(Run) run = { 0 };
    g_auto(Run) after = { 0 };

    one_size = g_strdup_printf ("%" G_GUINT64_FORMAT, one);
    run_cli (&run, "cache", "prune", "--cache-dir", dir, "--max-size", one_size, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Evicted 2 fragments"));
    run_cli (&after, "cache", "stats", "--cache-dir", dir, NULL);
    g_assert_nonnull (strstr (after.out, "Fragments: 1 ("));
  }
  {
    g_auto(Run) run = { 0 };
    g_auto(Run) after = { 0 };

    run_cli (&run, "cache", "clear", "--cache-dir", dir, NULL);
    g_assert_cmpint (run.status, ==, 0);
    run_cli (&after, "cache", "stats", "--cache-dir", dir, NULL);
    g_assert_nonnull (strstr (after.out, "Fragments: 0 ("));
    g_assert_cmpuint (count_files (dir, NULL), ==, 0);
  }
  {
    g_auto(Run) none = { 0 };
    g_auto(Run) bad = { 0 };
    g_auto(Run) no_size = { 0 };
    g_auto(Run) bad_size = { 0 };
    g_auto(Run) k = { 0 };

    run_cli (&none, "cache", NULL);
    g_assert_cmpint (none.status, ==, 1);
    run_cli (&bad, "cache", "frob", "--cache-dir", dir, NULL);
    g_assert_cmpint (bad.status, ==, 1);
    g_assert_nonnull (strstr (bad.err, "frob"));
    run_cli (&no_size, "cache", "prune", "--cache-dir", dir, NULL);
    g_assert_cmpint (no_size.status, ==, 1);
    run_cli (&bad_size, "cache", "prune", "--max-size", "lots", "--cache-dir", dir, NULL);
    g_assert_cmpint (bad_size.status, ==, 1);
    run_cli (&k, "cache", "prune", "--max-size", "20M", "--cache-dir", dir, NULL);
    g_assert_cmpint (k.status, ==, 0);
  }

  rm_rf (dir);
}

/* Children */

static int
child_main (const char *mode,
            const char *dir,
            const char *arg)
{
  if (g_str_equal (mode, "--child-claim"))
    {
      g_autoptr(PsCache) cache = ps_cache_open (dir, NULL);
      guint hold_ms = (guint) g_ascii_strtoull (arg, NULL, 10);

      if (cache == NULL || !ps_cache_claim (cache, &amda, 0, 60 * PS_TIME_NS_PER_SECOND, NULL))
        return 1;
      if (hold_ms == 0)
        return 0;  /* dies holding the claim */
      printf ("claimed\n");
      fflush (stdout);
      g_usleep (hold_ms * 1000);
      store (cache, &amda, 0, 10, NULL);
      return ps_cache_release (cache, &amda, 0, NULL) ? 0 : 1;
    }
  if (g_str_equal (mode, "--child-claim-fragments"))
    {
      g_autoptr(PsCache) cache = ps_cache_open (dir, NULL);
      guint hold_ms = (guint) g_ascii_strtoull (arg, NULL, 10);
      const PsTime three[] = { 0, HOUR, 2 * HOUR };

      if (cache == NULL
          || !ps_cache_claim_fragments (cache, &amda, three, 3, 60 * PS_TIME_NS_PER_SECOND, NULL, NULL))
        return 1;
      if (hold_ms == 0)
        return 0;  /* dies holding the claims */
      printf ("claimed\n");
      fflush (stdout);
      g_usleep (hold_ms * 1000);
      return ps_cache_release_fragments (cache, &amda, three, 3, NULL) ? 0 : 1;
    }
  if (g_str_equal (mode, "--child-hammer"))
    return hammer (dir, (guint32) g_ascii_strtoull (arg, NULL, 10), NULL) ? 0 : 1;
  if (g_str_equal (mode, "--child-writer"))
    {
      g_autoptr(PsCache) cache = ps_cache_open (dir, NULL);

      if (cache == NULL)
        return 1;
      printf ("open\n");
      fflush (stdout);
      for (guint i = 0; ; i++)
        {
          guint k = i % N_KEYS;
          g_autoptr(PsSeries) series = make_series (k, 1 + (i * 37) % 3000);

          if (!ps_cache_store (cache, &shared, (PsTime) k * HOUR, (PsTime) (k + 1) * HOUR,
                               NULL, series, NULL))
            return 1;
        }
    }
  return 2;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_has_prefix (argv[1], "--child-"))
    return child_main (argv[1], argv[2], argv[3]);

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self_exe);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/Cache/fragment/round-trip", test_fragment_round_trip);
  g_test_add_func ("/Core/Cache/fragment/damage", test_fragment_damage);
  g_test_add_func ("/Core/Cache/fragment/checksum", test_fragment_checksum);
  g_test_add_func ("/Core/Cache/fragment/large-file", test_fragment_large_file);
  g_test_add_func ("/Core/Cache/fragment-length", test_fragment_length);
  g_test_add_func ("/Core/Cache/store-lookup", test_store_lookup);
  g_test_add_func ("/Core/Cache/plan", test_plan);
  g_test_add_func ("/Core/Cache/provisional", test_provisional);
  g_test_add_func ("/Core/Cache/stale", test_stale);
  g_test_add_func ("/Core/Cache/lru", test_lru);
  g_test_add_func ("/Core/Cache/lookup-reads-only", test_lookup_reads_only);
  g_test_add_func ("/Core/Cache/torn-after-crash", test_torn_after_crash);
  g_test_add_func ("/Core/Cache/orphans", test_orphans);
  g_test_add_func ("/Core/Cache/claims", test_claims);
  g_test_add_func ("/Core/Cache/claim-fragments", test_claim_fragments);
  g_test_add_func ("/Core/Cache/processes", test_processes);
  g_test_add_func ("/Core/Cache/kill-during-writes", test_kill_during_writes);
  g_test_add_func ("/Core/Cache/cli", test_cli);

  return g_test_run ();
}
