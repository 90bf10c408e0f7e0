/* test-time-cdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reference values: tests/data/cdf/cdfpp_chrono_test_values.csv (932 rows
 * from CDFpp's chrono tests, see tests/data/cdf/README.md) and the strings
 * asserted by cdflib's and CDFpp's own tests.
 */

#define G_LOG_DOMAIN "test-time-cdf"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-leap-seconds.h"
#include "ps-time-cdf.h"

#define NS PS_TIME_NS_PER_SECOND

/* The chrono table */

typedef struct
{
  char   iso[32];
  gint64 unix_seconds;
  gint64 tt2000;
  double epoch_ms;
  double epoch16_s;
  double epoch16_ps;
} Row;

static GArray *
load_rows (void)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "cdf", "cdfpp_chrono_test_values.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));
  guint i;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      Row row;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 6);
      g_strlcpy (row.iso, f[0], sizeof row.iso);
      row.unix_seconds = g_ascii_strtoll (f[1], NULL, 10);
      row.tt2000 = g_ascii_strtoll (f[2], NULL, 10);
      row.epoch_ms = g_ascii_strtod (f[3], NULL);
      row.epoch16_s = g_ascii_strtod (f[4], NULL);
      row.epoch16_ps = g_ascii_strtod (f[5], NULL);
      g_array_append_val (rows, row);
    }
  return rows;
}

static void
test_table_tt2000 (void)
{
  g_autoptr(GArray) rows = load_rows ();
  g_autofree PsTime *converted = NULL;
  g_autofree gint64 *raw = NULL;
  guint drift_rows = 0;
  guint i;

  g_assert_cmpuint (rows->len, ==, 932);

  raw = g_new (gint64, rows->len);
  converted = g_new (PsTime, rows->len);
  for (i = 0; i < rows->len; i++)
    raw[i] = g_array_index (rows, Row, i).tt2000;
  ps_time_from_tt2000_array (raw, converted, rows->len);

  /* Exact both ways, including the 46 rows from 1960 to 1971 where TAI-UTC
   * drifts: that arithmetic is the CDF library's own, rounding and all. */
  for (i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      PsTime t = r->unix_seconds * NS;

      if (ps_time_to_tt2000 (t) != r->tt2000 || ps_time_from_tt2000 (r->tt2000) != t)
        g_error ("%s: TT2000 %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT ", PsTime %"
                 G_GINT64_FORMAT, r->iso, ps_time_to_tt2000 (t), r->tt2000,
                 ps_time_from_tt2000 (r->tt2000));
      g_assert_cmpint (converted[i], ==, t);
      if (r->unix_seconds >= -315619200 && r->unix_seconds < 63072000)
        drift_rows++;
    }
  g_assert_cmpuint (drift_rows, ==, 46);
}

static void
test_table_epoch (void)
{
  g_autoptr(GArray) rows = load_rows ();
  guint i;

  for (i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      PsTime t = r->unix_seconds * NS;
      double s;
      double ps;

      g_assert_cmpfloat (ps_time_to_cdf_epoch (t), ==, r->epoch_ms);
      g_assert_cmpint (ps_time_from_cdf_epoch (r->epoch_ms), ==, t);
      ps_time_to_cdf_epoch16 (t, &s, &ps);
      g_assert_cmpfloat (s, ==, r->epoch16_s);
      g_assert_cmpfloat (ps, ==, r->epoch16_ps);
      g_assert_cmpint (ps_time_from_cdf_epoch16 (r->epoch16_s, r->epoch16_ps), ==, t);
    }
}

/* The ISO column parses to the same instant, and the raw formats print it
 * the way cdflib does ("1950-01-01 00:00:00+00:00" → "1950-01-01T00:00:00.000"). */
static void
test_table_text (void)
{
  g_autoptr(GArray) rows = load_rows ();
  guint i;

  for (i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *stem = g_strndup (r->iso, 19);
      g_autofree char *tt = g_strconcat (stem, ".000000000", NULL);
      g_autofree char *ep = g_strconcat (stem, ".000", NULL);
      g_autofree char *ep16 = g_strconcat (stem, ".000000000000", NULL);
      char buf[64];
      PsTime t = 0;

      g_assert_true (ps_time_parse_iso (r->iso, &t, &error));
      g_assert_no_error (error);
      g_assert_cmpint (t, ==, r->unix_seconds * NS);

      stem[10] = 'T';
      memcpy (tt, stem, 19);
      memcpy (ep, stem, 19);
      memcpy (ep16, stem, 19);
      ps_tt2000_format_iso_buf (r->tt2000, buf, sizeof buf);
      g_assert_cmpstr (buf, ==, tt);
      ps_cdf_epoch_format_iso_buf (r->epoch_ms, buf, sizeof buf);
      g_assert_cmpstr (buf, ==, ep);
      ps_cdf_epoch16_format_iso_buf (r->epoch16_s, r->epoch16_ps, buf, sizeof buf);
      g_assert_cmpstr (buf, ==, ep16);
    }
}

/* cdflib's and CDFpp's asserted strings */

static void
assert_epoch_text (double      epoch_ms,
                   const char *expected)
{
  char buf[64];

  g_assert_cmpuint (ps_cdf_epoch_format_iso_buf (epoch_ms, buf, sizeof buf), ==, strlen (expected));
  g_assert_cmpstr (buf, ==, expected);
}

static void
assert_epoch16_text (double      s,
                     double      ps,
                     const char *expected)
{
  char buf[64];

  g_assert_cmpuint (ps_cdf_epoch16_format_iso_buf (s, ps, buf, sizeof buf), ==, strlen (expected));
  g_assert_cmpstr (buf, ==, expected);
}

static void
assert_tt2000_text (gint64      tt2000,
                    const char *expected)
{
  PsTimeParts parts;
  char buf[64];

  g_assert_cmpuint (ps_tt2000_format_iso_buf (tt2000, buf, sizeof buf), ==, strlen (expected));
  g_assert_cmpstr (buf, ==, expected);
  /* And back, through the parts. */
  ps_tt2000_to_parts (tt2000, &parts);
  g_assert_cmpint (ps_tt2000_from_parts (&parts), ==, tt2000);
}

static void
test_cdflib_epoch (void)
{
  assert_epoch_text (62285326000000.0, "1973-09-28T23:26:40.000");
  assert_epoch_text (62985326000000.0, "1995-12-04T19:53:20.000");
  assert_epoch_text (62567898765432.0, "1982-09-12T11:52:45.432");
  assert_epoch_text (62975326000002.0, "1995-08-11T02:06:40.002");
  assert_epoch_text (62167219200000.0, "1970-01-01T00:00:00.000");
  assert_epoch_text (-1e31, "9999-12-31T23:59:59.999");
  assert_epoch_text (0.0, "0000-01-01T00:00:00.000");
  /* Sub-millisecond parts are truncated, as cdflib does. */
  assert_epoch_text (62167219200000.9921875, "1970-01-01T00:00:00.000");

  g_assert_cmpint (ps_time_from_cdf_epoch (62285326000000.0), ==,
                   G_GINT64_CONSTANT (118106800) * NS);
  g_assert_cmpint (ps_time_from_cdf_epoch (62167219200000.0), ==, 0);
  g_assert_cmpint (ps_time_from_cdf_epoch (62322739200000.0), ==,
                   G_GINT64_CONSTANT (155520000000000000)); /* 1974-12-06 */
  g_assert_cmpint (ps_time_from_cdf_epoch (63722419200000.0), ==,
                   G_GINT64_CONSTANT (1555200000000000000)); /* 2019-04-14 */
  g_assert_cmpint (ps_time_from_cdf_epoch (62567898765432.0), ==,
                   G_GINT64_CONSTANT (400679565432000000));
  g_assert_cmpint (ps_time_from_cdf_epoch (-1e31), ==, PS_TIME_INVALID);
  g_assert_cmpint (ps_time_from_cdf_epoch (NAN), ==, PS_TIME_INVALID);
  g_assert_cmpint (ps_time_from_cdf_epoch (INFINITY), ==, PS_TIME_INVALID);
  g_assert_cmpint (ps_time_from_cdf_epoch (0.0), ==, PS_TIME_INVALID); /* year 0 */
  g_assert_cmpfloat (ps_time_to_cdf_epoch (PS_TIME_INVALID), ==, -1e31);
}

/* A double holds EPOCH to ~8 µs at today's dates: what it holds converts
 * to the nearest nanosecond, and a PsTime survives to within that. */
static void
test_epoch_sub_millisecond (void)
{
  double e = 62167219200000.0 + 1.5; /* 1970-01-01T00:00:00.0015 */
  PsTime t = G_GINT64_CONSTANT (1577934245987654321);

  g_assert_cmpint (ps_time_from_cdf_epoch (e), ==, 1500000);
  g_assert_cmpint (ABS (ps_time_from_cdf_epoch (ps_time_to_cdf_epoch (t)) - t), <=, 4000);
}

static void
test_cdflib_epoch16 (void)
{
  double s;
  double ps;

  assert_epoch16_text (63300946758.0, 176214648000.0, "2005-12-04T20:19:18.176214648000");
  assert_epoch16_text (53467976543.0, 543218654100.0, "1694-05-01T07:42:23.543218654100");
  assert_epoch16_text (33300946758.0, 106014648000.0, "1055-04-07T14:59:18.106014648000");
  assert_epoch16_text (61234543210.0, 11148000.0, "1940-06-12T03:20:10.000011148000");
  assert_epoch16_text (-1e31, -1e31, "9999-12-31T23:59:59.999999999999");
  assert_epoch16_text (62167219200.0, 1.0, "1970-01-01T00:00:00.000000000001");

  g_assert_cmpint (ps_time_from_cdf_epoch16 (63300946758.0, 176214648000.0), ==,
                   G_GINT64_CONSTANT (1133727558176214648));
  /* Picoseconds below the nanosecond are dropped. */
  g_assert_cmpint (ps_time_from_cdf_epoch16 (62167219200.0, 1999.0), ==, 1);
  /* Out of PsTime's range, or fill. */
  g_assert_cmpint (ps_time_from_cdf_epoch16 (53467976543.0, 543218654100.0), ==,
                   G_GINT64_CONSTANT (-8699242656456781346));
  g_assert_cmpint (ps_time_from_cdf_epoch16 (33300946758.0, 106014648000.0), ==, PS_TIME_INVALID);
  g_assert_cmpint (ps_time_from_cdf_epoch16 (-1e31, -1e31), ==, PS_TIME_INVALID);
  g_assert_cmpint (ps_time_from_cdf_epoch16 (NAN, 0.0), ==, PS_TIME_INVALID);

  ps_time_to_cdf_epoch16 (G_GINT64_CONSTANT (1133727558176214648), &s, &ps);
  g_assert_cmpfloat (s, ==, 63300946758.0);
  g_assert_cmpfloat (ps, ==, 176214648000.0);
  ps_time_to_cdf_epoch16 (-1, &s, &ps);
  g_assert_cmpfloat (s, ==, 62167219199.0);
  g_assert_cmpfloat (ps, ==, 999999999000.0);
  ps_time_to_cdf_epoch16 (PS_TIME_INVALID, &s, &ps);
  g_assert_cmpfloat (s, ==, -1e31);
  g_assert_cmpfloat (ps, ==, -1e31);
}

static void
test_cdflib_tt2000 (void)
{
  assert_tt2000_text (G_GINT64_CONSTANT (186999622360321123), "2005-12-04T20:19:18.176321123");
  assert_tt2000_text (G_GINT64_CONSTANT (500000000100), "2000-01-01T12:07:15.816000100");
  assert_tt2000_text (G_GINT64_CONSTANT (123456789101112131), "2003-11-30T09:32:04.917112131");
  assert_tt2000_text (G_GINT64_CONSTANT (131415926535793238), "2004-03-01T12:24:22.351793238");
  assert_tt2000_text (0, "2000-01-01T11:58:55.816000000");

  g_assert_cmpint (ps_time_from_tt2000 (0), ==, G_GINT64_CONSTANT (946727935816000000));
  g_assert_cmpint (ps_time_from_tt2000 (G_GINT64_CONSTANT (631108869184000000)), ==,
                   G_GINT64_CONSTANT (1577836800000000000));
  g_assert_cmpint (ps_time_to_tt2000 (G_GINT64_CONSTANT (1577836800000000000)), ==,
                   G_GINT64_CONSTANT (631108869184000000));
}

/* The TT2000 variable of CDFpp's testutf8.cdf steps across 2015-06-30's
 * leap second. */
static void
test_tt2000_leap_second (void)
{
  static const char *expected[] = {
    "2015-06-30T23:59:58.123456789",
    "2015-06-30T23:59:59.123456789",
    "2015-06-30T23:59:60.123456789",
    "2015-07-01T00:00:00.123456789",
    "2015-07-01T00:00:01.123456789",
    "2015-07-01T00:00:02.123456789",
  };
  /* PsTime has no 23:59:60: it becomes the next 00:00:00 (CDFpp does so). */
  static const char *as_pstime[] = {
    "2015-06-30T23:59:58.123456789Z",
    "2015-06-30T23:59:59.123456789Z",
    "2015-07-01T00:00:00.123456789Z",
    "2015-07-01T00:00:00.123456789Z",
    "2015-07-01T00:00:01.123456789Z",
    "2015-07-01T00:00:02.123456789Z",
  };
  gint64 raw[G_N_ELEMENTS (expected)];
  PsTime out[G_N_ELEMENTS (expected)];
  guint i;

  for (i = 0; i < G_N_ELEMENTS (expected); i++)
    raw[i] = G_GINT64_CONSTANT (488980865307456789) + i * NS;
  ps_time_from_tt2000_array (raw, out, G_N_ELEMENTS (raw));

  for (i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *s = ps_time_format_iso (out[i], 9);

      assert_tt2000_text (raw[i], expected[i]);
      g_assert_cmpstr (s, ==, as_pstime[i]);
      g_assert_cmpint (ps_time_from_tt2000 (raw[i]), ==, out[i]);
    }
}

/* Every leap second of the table, its edges to the nanosecond. */
static void
test_tt2000_all_leap_seconds (void)
{
  guint i;

  /* From 1972-07-01: 1972-01-01 ended the drift era, not a leap second. */
  for (i = 15; i < ps_leap_seconds_n_rows (); i++)
    {
      int year, month, day;
      gint64 unix_day;
      PsTimeParts parts;
      PsTimeParts midnight;
      gint64 tt;

      ps_leap_seconds_row (i, &year, &month, &day, &unix_day);
      midnight = (PsTimeParts) { year, month, day, 0, 0, 0, 0 };
      tt = ps_tt2000_from_parts (&midnight);
      g_assert_cmpint (ps_time_from_tt2000 (tt), ==, unix_day * PS_TIME_NS_PER_DAY);

      ps_tt2000_to_parts (tt - 1, &parts);
      g_assert_cmpint (parts.second, ==, 60);
      g_assert_cmpint (parts.nanosecond, ==, NS - 1);
      g_assert_cmpint (ps_tt2000_from_parts (&parts), ==, tt - 1);
      g_assert_cmpint (ps_time_from_tt2000 (tt - 1), ==, unix_day * PS_TIME_NS_PER_DAY + NS - 1);

      ps_tt2000_to_parts (tt - NS, &parts);
      g_assert_cmpint (parts.second, ==, 60);
      g_assert_cmpint (parts.nanosecond, ==, 0);
      g_assert_cmpint (ps_time_from_tt2000 (tt - NS), ==, unix_day * PS_TIME_NS_PER_DAY);

      ps_tt2000_to_parts (tt - NS - 1, &parts);
      g_assert_cmpint (parts.hour, ==, 23);
      g_assert_cmpint (parts.minute, ==, 59);
      g_assert_cmpint (parts.second, ==, 59);
      g_assert_cmpint (ps_time_from_tt2000 (tt - NS - 1), ==, unix_day * PS_TIME_NS_PER_DAY - 1);
    }
}

static void
test_tt2000_fill_and_pad (void)
{
  PsTimeParts parts;
  char buf[64];

  assert_tt2000_text (G_MININT64, "9999-12-31T23:59:59.999999999");
  assert_tt2000_text (G_MININT64 + 1, "0000-01-01T00:00:00.000000000");
  g_assert_cmpint (ps_time_from_tt2000 (PS_TT2000_FILL), ==, PS_TIME_INVALID);
  g_assert_cmpint (ps_time_from_tt2000 (PS_TT2000_PAD), ==, PS_TIME_INVALID);
  g_assert_cmpint (ps_time_to_tt2000 (PS_TIME_INVALID), ==, PS_TT2000_FILL);

  /* The ends of TT2000 still print, though PsTime cannot hold them. */
  assert_tt2000_text (G_MININT64 + 2, "1707-09-22T12:12:10.961224194");
  assert_tt2000_text (G_MAXINT64, "2292-04-11T11:46:07.670775807");
  g_assert_cmpint (ps_time_from_tt2000 (G_MAXINT64), ==, PS_TIME_INVALID);
  g_assert_cmpint (ps_time_from_tt2000 (G_MININT64 + 2), ==,
                   G_MININT64 + 2 + PS_TT2000_UNIX_OFFSET);

  /* The last TT2000 PsTime can hold, and the next. */
  g_assert_cmpint (ps_time_to_tt2000 (G_MAXINT64), ==, G_MAXINT64 - PS_TT2000_UNIX_OFFSET + 37 * NS);
  g_assert_cmpint (ps_time_from_tt2000 (G_MAXINT64 - PS_TT2000_UNIX_OFFSET + 37 * NS), ==, G_MAXINT64);
  g_assert_cmpint (ps_time_from_tt2000 (G_MAXINT64 - PS_TT2000_UNIX_OFFSET + 37 * NS + 1), ==,
                   PS_TIME_INVALID);
  /* PsTime before TT2000's range has no TT2000. */
  g_assert_cmpint (ps_time_to_tt2000 (G_MININT64 + 1), ==, PS_TT2000_FILL);
  g_assert_cmpint (ps_time_to_tt2000 (G_MININT64 + 1 + PS_TT2000_UNIX_OFFSET), ==, PS_TT2000_FILL);
  g_assert_cmpint (ps_time_to_tt2000 (G_MININT64 + 2 + PS_TT2000_UNIX_OFFSET), ==, G_MININT64 + 2);

  parts = (PsTimeParts) { 1700, 1, 1, 0, 0, 0, 0 };
  g_assert_cmpint (ps_tt2000_from_parts (&parts), ==, PS_TT2000_FILL);
  parts = (PsTimeParts) { 2300, 1, 1, 0, 0, 0, 0 };
  g_assert_cmpint (ps_tt2000_from_parts (&parts), ==, PS_TT2000_FILL);
  parts = (PsTimeParts) { 2000000000, 1, 1, 0, 0, 0, 0 };
  g_assert_cmpint (ps_tt2000_from_parts (&parts), ==, PS_TT2000_FILL);

  g_assert_cmpuint (ps_tt2000_format_iso_buf (0, buf, 11), ==, 29);
  g_assert_cmpstr (buf, ==, "2000-01-01");
}

/* 1960-1971: TAI-UTC drifts; where it grows overnight some TT2000 values
 * belong to no UTC instant, where it shrinks (1961-08-01, 1968-02-01) some
 * belong to two. Apart from those, both ways agree to the nanosecond. */
static void
test_tt2000_drift_era (void)
{
  const gint64 start = G_GINT64_CONSTANT (-315619200) * NS; /* 1960-01-01 */
  const gint64 stop = G_GINT64_CONSTANT (63072000) * NS;    /* 1972-01-01 */
  gint64 t;
  gint64 previous_tt = G_MININT64;

  const gint64 overlaps[] = {
    G_GINT64_CONSTANT (-265680000) * NS, /* 1961-08-01, 48.704 ms */
    G_GINT64_CONSTANT (-60480000) * NS,  /* 1968-02-01, 97.408 ms */
  };

  for (t = start - PS_TIME_NS_PER_DAY; t < stop + PS_TIME_NS_PER_DAY; t += 3599999999999)
    {
      gint64 tt = ps_time_to_tt2000 (t);
      PsTimeParts parts;

      if ((t >= overlaps[0] - NS / 10 && t < overlaps[0])
          || (t >= overlaps[1] - NS / 10 && t < overlaps[1]))
        continue;

      g_assert_cmpint (ps_time_from_tt2000 (tt), ==, t);
      ps_tt2000_to_parts (tt, &parts);
      g_assert_cmpint (parts.second, <, 60);
      g_assert_cmpint (ps_time_from_parts (&parts), ==, t);
      g_assert_cmpint (ps_tt2000_from_parts (&parts), ==, tt);
      g_assert_cmpint (tt, >, previous_tt);
      previous_tt = tt;
    }

  /* 1961-07-31 → 08-01: TAI-UTC drops from 1.696922 s to 1.648218 s (to
   * the ns, as the CDF library truncates them). The last 48.704 ms of
   * July 31 share TT2000 with August 1's start, which wins. */
  {
    const gint64 aug1 = overlaps[0];
    gint64 drop = ps_leap_seconds_tai_utc_ns (-3076) - ps_leap_seconds_tai_utc_ns (-3075);

    g_assert_cmpint (ABS (drop - 48704000), <=, 1);
    g_assert_cmpint (ps_time_to_tt2000 (aug1) - ps_time_to_tt2000 (aug1 - 1), ==, 1 - drop);
    g_assert_cmpint (ps_time_from_tt2000 (ps_time_to_tt2000 (aug1)), ==, aug1);
    g_assert_cmpint (ps_time_from_tt2000 (ps_time_to_tt2000 (aug1 - drop)), ==, aug1);
    g_assert_cmpint (ps_time_from_tt2000 (ps_time_to_tt2000 (aug1 - drop - 1)), ==, aug1 - drop - 1);
  }
}

/* The array conversion agrees with the scalar one on anything: sorted,
 * reversed, random, fills and out-of-range values mixed in. */
static void
test_tt2000_array_matches_scalar (void)
{
  GRand *rand = g_rand_new_with_seed (99);
  const gsize n = 200000;
  g_autofree gint64 *raw = g_new (gint64, n);
  g_autofree PsTime *out = g_new (PsTime, n);
  gsize i;
  int pass;

  for (pass = 0; pass < 4; pass++)
    {
      for (i = 0; i < n; i++)
        {
          switch (pass)
            {
            case 0: /* sorted, 1955 to 2025, crossing every table row */
              raw[i] = G_GINT64_CONSTANT (-1420000000) * NS + (gint64) i * G_GINT64_CONSTANT (11000) * NS;
              break;
            case 1: /* reversed */
              raw[i] = G_GINT64_CONSTANT (800000000) * NS - (gint64) i * G_GINT64_CONSTANT (11000) * NS;
              break;
            case 2: /* anything at all */
              raw[i] = (gint64) (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand));
              break;
            default: /* around a leap second, with fills and pads */
              raw[i] = G_GINT64_CONSTANT (488980868184000000) + (gint64) g_rand_int_range (rand, -3000, 3000) * 1000000;
              if (i % 97 == 0)
                raw[i] = PS_TT2000_FILL;
              if (i % 101 == 0)
                raw[i] = PS_TT2000_PAD;
              if (i % 103 == 0)
                raw[i] = G_MAXINT64 - (gint64) g_rand_int_range (rand, 0, 1000);
              break;
            }
        }
      ps_time_from_tt2000_array (raw, out, n);
      for (i = 0; i < n; i++)
        if (out[i] != ps_time_from_tt2000 (raw[i]))
          g_error ("pass %d, [%" G_GSIZE_FORMAT "] %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT
                   " != %" G_GINT64_FORMAT, pass, i, raw[i], out[i], ps_time_from_tt2000 (raw[i]));

      /* The same from file bytes at an odd address (little-endian, as a
       * CDF stores them), over lengths that cut the blocks anywhere. */
      {
        g_autofree guint8 *bytes = g_malloc (n * 8 + 3);
        g_autofree PsTime *out2 = g_new (PsTime, n);

        for (i = 0; i < n; i++)
          {
            gint64 le = GINT64_TO_LE (raw[i]);

            memcpy (bytes + 3 + 8 * i, &le, 8);
          }
        ps_time_from_tt2000_bytes (bytes + 3, out2, n);
        g_assert_cmpmem (out2, n * sizeof (PsTime), out, n * sizeof (PsTime));
        for (gsize len = 1; len < 200; len += 13)
          {
            ps_time_from_tt2000_bytes (bytes + 3 + 8 * (pass * 1000), out2, len);
            g_assert_cmpmem (out2, len * sizeof (PsTime), out + pass * 1000, len * sizeof (PsTime));
          }
      }
    }

  ps_time_from_tt2000_array (NULL, NULL, 0);
  g_rand_free (rand);
}

static void
test_tt2000_random_round_trip (void)
{
  GRand *rand = g_rand_new_with_seed (5);
  int i;

  for (i = 0; i < 200000; i++)
    {
      gint64 tt = (gint64) (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand));
      PsTimeParts parts;
      PsTime t;

      ps_tt2000_to_parts (tt, &parts);
      g_assert_cmpint (ps_tt2000_from_parts (&parts), ==, tt);
      t = ps_time_from_tt2000 (tt);
      /* Outside 1960-1971's overlaps and gaps, and where PsTime exists. */
      if (t != PS_TIME_INVALID && (t < G_GINT64_CONSTANT (-315619200) * NS || t >= G_GINT64_CONSTANT (63072001) * NS))
        {
          /* 23:59:60.x became 00:00:00.x, one second of TT2000 later. */
          g_assert_cmpint (ps_time_to_tt2000 (t), ==, parts.second == 60 ? tt + NS : tt);
        }
    }
  g_rand_free (rand);
}

static void
test_leap_table (void)
{
  guint i;

  g_assert_cmpint (ps_leap_seconds_last_updated (), ==, 20170101);
  g_assert_cmpuint (ps_leap_seconds_n_rows (), ==, 42);

  for (i = 0; i < ps_leap_seconds_n_rows (); i++)
    {
      int year, month, day;
      gint64 unix_day;

      ps_leap_seconds_row (i, &year, &month, &day, &unix_day);
      g_assert_cmpint (ps_time_days_from_civil (year, month, day), ==, unix_day);
    }

  g_assert_cmpint (ps_leap_seconds_tai_utc_ns (-3654), ==, 0);
  g_assert_cmpint (ps_leap_seconds_tai_utc_ns (729), ==, 9890946000);
  g_assert_cmpint (ps_leap_seconds_tai_utc_ns (730), ==, 10 * NS);
  g_assert_cmpint (ps_leap_seconds_tai_utc_ns (17166), ==, 36 * NS);
  g_assert_cmpint (ps_leap_seconds_tai_utc_ns (17167), ==, 37 * NS);
  g_assert_cmpint (ps_leap_seconds_tai_utc_ns (100000), ==, 37 * NS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/Time/CDF/table/tt2000", test_table_tt2000);
  g_test_add_func ("/Core/Time/CDF/table/epoch", test_table_epoch);
  g_test_add_func ("/Core/Time/CDF/table/text", test_table_text);
  g_test_add_func ("/Core/Time/CDF/cdflib/epoch", test_cdflib_epoch);
  g_test_add_func ("/Core/Time/CDF/epoch/sub-millisecond", test_epoch_sub_millisecond);
  g_test_add_func ("/Core/Time/CDF/cdflib/epoch16", test_cdflib_epoch16);
  g_test_add_func ("/Core/Time/CDF/cdflib/tt2000", test_cdflib_tt2000);
  g_test_add_func ("/Core/Time/CDF/tt2000/leap-second", test_tt2000_leap_second);
  g_test_add_func ("/Core/Time/CDF/tt2000/all-leap-seconds", test_tt2000_all_leap_seconds);
  g_test_add_func ("/Core/Time/CDF/tt2000/fill-and-pad", test_tt2000_fill_and_pad);
  g_test_add_func ("/Core/Time/CDF/tt2000/drift-era", test_tt2000_drift_era);
  g_test_add_func ("/Core/Time/CDF/tt2000/array-matches-scalar", test_tt2000_array_matches_scalar);
  g_test_add_func ("/Core/Time/CDF/tt2000/random-round-trip", test_tt2000_random_round_trip);
  g_test_add_func ("/Core/Time/CDF/leap-table", test_leap_table);

  return g_test_run ();
}
