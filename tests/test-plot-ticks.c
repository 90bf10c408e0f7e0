/* test-plot-ticks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-ticks.h"

#define LABEL_PX 60.0

static PsTimeRange
range_iso (const char *start,
           const char *stop)
{
  PsTimeRange range;

  g_assert_true (ps_time_parse_iso (start, &range.start, NULL));
  g_assert_true (ps_time_parse_iso (stop, &range.stop, NULL));
  return range;
}

static gint64
floor_mod (gint64 a,
           gint64 b)
{
  gint64 r = a % b;

  return r < 0 ? r + b : r;
}

/* Every label is exact: a prefix of the full date or of the full time of
 * day of its tick, and a date only where the step or midnight calls for it. */
static void
check_label (PsTime             t,
             const char        *label,
             const PsTimeTicks *ticks,
             PsTimeDisplay      display)
{
  g_autofree char *full = ps_time_format_display (t, display, 9);
  char *space = strchr (full, ' ');
  gboolean intraday = ticks->unit == PS_TIME_TICK_UNIT_NANOSECOND && ticks->count < PS_TIME_NS_PER_DAY;

  g_assert_nonnull (space);
  *space = '\0';
  if (intraday && floor_mod (t, PS_TIME_NS_PER_DAY) != 0)
    g_assert_true (g_str_has_prefix (space + 1, label));
  else
    g_assert_true (g_str_has_prefix (full, label));
}

static void
check_alignment (PsTime             t,
                 const PsTimeTicks *ticks,
                 PsTimeDisplay      display)
{
  PsTimeParts parts;

  ps_time_to_parts (t, &parts);
  if (ticks->unit == PS_TIME_TICK_UNIT_NANOSECOND)
    {
      g_assert_cmpint (floor_mod (t, ticks->count), ==, 0);
      return;
    }

  g_assert_cmpint (floor_mod (t, PS_TIME_NS_PER_DAY), ==, 0);
  if (ticks->unit == PS_TIME_TICK_UNIT_DAY && display == PS_TIME_DISPLAY_CALENDAR)
    g_assert_cmpint ((parts.day - 1) % ticks->count, ==, 0);
  else if (ticks->unit == PS_TIME_TICK_UNIT_DAY)
    g_assert_cmpint ((ps_time_days_from_civil (parts.year, parts.month, parts.day)
                      - ps_time_days_from_civil (parts.year, 1, 1)) % ticks->count, ==, 0);
  else if (ticks->unit == PS_TIME_TICK_UNIT_MONTH)
    g_assert_true (parts.day == 1 && (parts.month - 1) % ticks->count == 0);
  else
    g_assert_true (parts.day == 1 && parts.month == 1 && parts.year % ticks->count == 0);
}

/* Inside the range, increasing, aligned, exact, and never overlapping. */
static void
check_time_ticks (const PsTimeRange *range,
                  double             width,
                  PsTimeDisplay      display,
                  const PsTimeTicks *ticks)
{
  double duration = (double) (range->stop - range->start);
  glong longest = 0;
  guint m = 0;

  g_assert_nonnull (ticks->labels);
  g_assert_null (ticks->labels[ticks->n_major]);
  for (guint i = 0; i < ticks->n_major; i++)
    {
      PsTime t = ticks->major[i];

      g_assert_cmpint (t, >=, range->start);
      g_assert_cmpint (t, <=, range->stop);
      if (i > 0)
        g_assert_cmpint (t, >, ticks->major[i - 1]);
      check_alignment (t, ticks, display);
      check_label (t, ticks->labels[i], ticks, display);
      longest = MAX (longest, g_utf8_strlen (ticks->labels[i], -1));
    }

  /* Labels 1.5 estimated label widths apart, hence at most this many. */
  for (guint i = 1; i < ticks->n_major; i++)
    {
      double gap = width * (double) (ticks->major[i] - ticks->major[i - 1]) / duration;

      g_assert_cmpfloat (gap, >=, 1.5 * LABEL_PX * MAX (1.0, longest / 8.0) - 1e-6);
    }
  g_assert_cmpfloat (ticks->n_major, <=, width / (1.5 * LABEL_PX) + 1);

  for (guint i = 0; i < ticks->n_minor; i++)
    {
      PsTime t = ticks->minor[i];

      g_assert_cmpint (t, >=, range->start);
      g_assert_cmpint (t, <=, range->stop);
      if (i > 0)
        g_assert_cmpint (t, >, ticks->minor[i - 1]);
      while (m < ticks->n_major && ticks->major[m] < t)
        m++;
      g_assert_true (m == ticks->n_major || ticks->major[m] != t);
    }
}

static void
test_time_scales (void)
{
  static const gint64 sec = G_GINT64_CONSTANT (1000000000);
  static const gint64 day = G_GINT64_CONSTANT (86400000000000);
  const gint64 spans[] = {
    200 * 365 * day + 49 * day, 10 * 365 * day, 365 * day, 91 * day, 31 * day, 10 * day, day,
    6 * 3600 * sec, 3600 * sec, 600 * sec, 60 * sec, 10 * sec, sec,
    sec / 10, sec / 1000, 10000, 1000, 100,
  };
  const char *starts[] = {
    "2020-01-04T12:34:56.789123456", "1950-06-30T23:59:59.999", "1969-12-31T18:00", "1900-01-01",
  };
  const double widths[] = { 200, 1600 };

  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        for (int display = 0; display <= 1; display++)
          {
            g_auto(PsTimeTicks) ticks = { 0 };
            PsTimeRange range;

            g_assert_true (ps_time_parse_iso (starts[s], &range.start, NULL));
            range.stop = range.start + spans[i];
            g_assert_true (ps_time_ticks (&range, widths[w], LABEL_PX, display, &ticks));
            check_time_ticks (&range, widths[w], display, &ticks);
            /* A wide axis always has room for a few labels. */
            if (widths[w] == 1600 && spans[i] >= 1000)
              g_assert_cmpuint (ticks.n_major, >=, 3);
            if (ticks.unit == PS_TIME_TICK_UNIT_NANOSECOND && ticks.count < day)
              g_assert_true (ticks.context != NULL || floor_mod (ticks.major[0], day) == 0);
            else
              g_assert_null (ticks.context);
          }
}

static void
check_labels (const PsTimeTicks  *ticks,
              const char * const *expected)
{
  g_assert_cmpuint (ticks->n_major, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < ticks->n_major; i++)
    g_assert_cmpstr (ticks->labels[i], ==, expected[i]);
}

static void
expect_time (const char         *start,
             const char         *stop,
             double              width,
             PsTimeDisplay       display,
             const char         *context,
             const char * const *expected)
{
  g_auto(PsTimeTicks) ticks = { 0 };
  PsTimeRange range = range_iso (start, stop);

  g_assert_true (ps_time_ticks (&range, width, LABEL_PX, display, &ticks));
  check_time_ticks (&range, width, display, &ticks);
  check_labels (&ticks, expected);
  g_assert_cmpstr (ticks.context, ==, context);
}

static void
test_time_labels (void)
{
  expect_time ("2020-01-04T12:00", "2020-01-04T13:00", 800, PS_TIME_DISPLAY_CALENDAR, "2020-01-04",
               (const char *[]) { "12:00", "12:10", "12:20", "12:30", "12:40", "12:50", "13:00", NULL });
  /* Midnight shows the new date. */
  expect_time ("2020-01-04T22:00", "2020-01-05T02:00", 1600, PS_TIME_DISPLAY_CALENDAR, "2020-01-04",
               (const char *[]) { "22:00", "22:30", "23:00", "23:30", "2020-01-05",
                                  "00:30", "01:00", "01:30", "02:00", NULL });
  expect_time ("2020-01-04T22:00", "2020-01-05T02:00", 800, PS_TIME_DISPLAY_DAY_OF_YEAR, "2020-004",
               (const char *[]) { "22:00", "22:30", "23:00", "23:30", "2020-005",
                                  "00:30", "01:00", "01:30", "02:00", NULL });
  expect_time ("2020-01-04", "2020-01-05", 1600, PS_TIME_DISPLAY_CALENDAR, NULL,
               (const char *[]) { "2020-01-04", "02:00", "04:00", "06:00", "08:00", "10:00", "12:00",
                                  "14:00", "16:00", "18:00", "20:00", "22:00", "2020-01-05", NULL });
  expect_time ("2020-01-04T12:00:00", "2020-01-04T12:00:01", 1600, PS_TIME_DISPLAY_CALENDAR, "2020-01-04",
               (const char *[]) { "12:00:00.000", "12:00:00.100", "12:00:00.200", "12:00:00.300",
                                  "12:00:00.400", "12:00:00.500", "12:00:00.600", "12:00:00.700",
                                  "12:00:00.800", "12:00:00.900", "12:00:01.000", NULL });
  expect_time ("2020-01-04T12:00:00", "2020-01-04T12:00:00.001", 1600, PS_TIME_DISPLAY_CALENDAR, "2020-01-04",
               (const char *[]) { "12:00:00.000000", "12:00:00.000200", "12:00:00.000400",
                                  "12:00:00.000600", "12:00:00.000800", "12:00:00.001000", NULL });
  expect_time ("2020-01-04T12:00:00", "2020-01-04T12:00:00.0000001", 1600, PS_TIME_DISPLAY_CALENDAR, "2020-01-04",
               (const char *[]) { "12:00:00.000000000", "12:00:00.000000020", "12:00:00.000000040",
                                  "12:00:00.000000060", "12:00:00.000000080", "12:00:00.000000100", NULL });
  expect_time ("2020-01-04T12:00", "2020-01-04T12:01", 1600, PS_TIME_DISPLAY_CALENDAR, "2020-01-04",
               (const char *[]) { "12:00:00", "12:00:05", "12:00:10", "12:00:15", "12:00:20", "12:00:25",
                                  "12:00:30", "12:00:35", "12:00:40", "12:00:45", "12:00:50", "12:00:55",
                                  "12:01:00", NULL });
  expect_time ("2020-01-01", "2020-02-01", 1600, PS_TIME_DISPLAY_CALENDAR, NULL,
               (const char *[]) { "2020-01-01", "2020-01-06", "2020-01-11", "2020-01-16",
                                  "2020-01-21", "2020-01-26", "2020-02-01", NULL });
  expect_time ("2020-01-01", "2020-03-01", 800, PS_TIME_DISPLAY_DAY_OF_YEAR, NULL,
               (const char *[]) { "2020-001", "2020-011", "2020-021", "2020-031",
                                  "2020-041", "2020-051", "2020-061", NULL });
  expect_time ("2020-01-01", "2021-01-01", 1600, PS_TIME_DISPLAY_CALENDAR, NULL,
               (const char *[]) { "2020-01", "2020-02", "2020-03", "2020-04", "2020-05", "2020-06", "2020-07",
                                  "2020-08", "2020-09", "2020-10", "2020-11", "2020-12", "2021-01", NULL });
  expect_time ("2020-01-01", "2021-01-01", 200, PS_TIME_DISPLAY_CALENDAR, NULL,
               (const char *[]) { "2020-01", "2020-07", "2021-01", NULL });
  expect_time ("1900-01-01", "2100-01-01", 1600, PS_TIME_DISPLAY_CALENDAR, NULL,
               (const char *[]) { "1900", "1920", "1940", "1960", "1980", "2000",
                                  "2020", "2040", "2060", "2080", "2100", NULL });
  expect_time ("1900-01-01", "2100-01-01", 200, PS_TIME_DISPLAY_CALENDAR, NULL,
               (const char *[]) { "1900", "2000", "2100", NULL });
}

static void
test_time_before_1970 (void)
{
  expect_time ("1969-12-31T23:00", "1970-01-01T01:00", 1600, PS_TIME_DISPLAY_CALENDAR, "1969-12-31",
               (const char *[]) { "23:00", "23:10", "23:20", "23:30", "23:40", "23:50", "1970-01-01",
                                  "00:10", "00:20", "00:30", "00:40", "00:50", "01:00", NULL });
  expect_time ("1950-06-01T12:00:00.5", "1950-06-01T12:00:00.6", 200, PS_TIME_DISPLAY_CALENDAR, "1950-06-01",
               (const char *[]) { "12:00:00.500", "12:00:00.600", NULL });
  expect_time ("1960-02-01", "1960-03-01", 1600, PS_TIME_DISPLAY_CALENDAR, NULL,
               (const char *[]) { "1960-02-01", "1960-02-06", "1960-02-11", "1960-02-16",
                                  "1960-02-21", "1960-02-26", "1960-03-01", NULL });
}

static void
test_time_alignment (void)
{
  g_auto(PsTimeTicks) ticks = { 0 };
  PsTimeRange range = range_iso ("2020-01-04T09:07:13", "2020-01-04T15:07:13");

  /* 40 px labels over 1600 px: a 15-minute step. */
  g_assert_true (ps_time_ticks (&range, 1600, 40, PS_TIME_DISPLAY_CALENDAR, &ticks));
  g_assert_cmpint (ticks.unit, ==, PS_TIME_TICK_UNIT_NANOSECOND);
  g_assert_cmpint (ticks.count, ==, G_GINT64_CONSTANT (15) * 60 * 1000000000);
  g_assert_cmpuint (ticks.n_major, ==, 24);
  g_assert_cmpstr (ticks.labels[0], ==, "09:15");
  for (guint i = 0; i < ticks.n_major; i++)
    {
      const char *minutes = ticks.labels[i] + 3;

      g_assert_true (g_str_equal (minutes, "00") || g_str_equal (minutes, "15")
                     || g_str_equal (minutes, "30") || g_str_equal (minutes, "45"));
    }
  /* 5-minute minor ticks between them. */
  g_assert_cmpuint (ticks.n_minor, ==, 48);
}

static void
test_time_invalid (void)
{
  PsTimeTicks ticks;
  PsTimeRange range = range_iso ("2020-01-04", "2020-01-05");
  PsTimeRange empty = range_iso ("2020-01-05", "2020-01-05");
  PsTimeRange reversed = range_iso ("2020-01-05", "2020-01-04");

  g_assert_false (ps_time_ticks (&empty, 800, LABEL_PX, PS_TIME_DISPLAY_CALENDAR, &ticks));
  g_assert_cmpuint (ticks.n_major, ==, 0);
  g_assert_null (ticks.labels);
  g_assert_false (ps_time_ticks (&reversed, 800, LABEL_PX, PS_TIME_DISPLAY_CALENDAR, &ticks));
  g_assert_false (ps_time_ticks (&range, 0, LABEL_PX, PS_TIME_DISPLAY_CALENDAR, &ticks));
  g_assert_false (ps_time_ticks (&range, NAN, LABEL_PX, PS_TIME_DISPLAY_CALENDAR, &ticks));
  g_assert_false (ps_time_ticks (&range, 800, -1, PS_TIME_DISPLAY_CALENDAR, &ticks));
  ps_time_ticks_clear (&ticks);
}

/* Sorted, inside [lo, hi], apart, and plain labels read back exactly. */
static void
check_ticks (double         lo,
             double         hi,
             double         length,
             const PsTicks *ticks)
{
  g_assert_null (ticks->labels[ticks->n_major]);
  for (guint i = 0; i < ticks->n_major; i++)
    {
      g_assert_cmpfloat (ticks->major[i], >=, lo);
      g_assert_cmpfloat (ticks->major[i], <=, hi);
      if (i > 0)
        {
          g_assert_cmpfloat (ticks->major[i], >, ticks->major[i - 1]);
          g_assert_cmpfloat (length * (ticks->major[i] - ticks->major[i - 1]) / (hi - lo),
                             >=, 1.5 * LABEL_PX * (1 - 1e-9));
        }
      if (strstr (ticks->labels[i], "×") == NULL)
        {
          /* Labels use U+2212 for minus; strtod wants an ASCII hyphen. */
          g_autofree char *ascii = g_str_has_prefix (ticks->labels[i], "−")
                                   ? g_strconcat ("-", ticks->labels[i] + strlen ("−"), NULL)
                                   : g_strdup (ticks->labels[i]);

          g_assert_cmpfloat (g_ascii_strtod (ascii, NULL), ==, ticks->major[i]);
        }
      g_assert_null (strchr (ticks->labels[i], '-'));
      g_assert_false (g_str_equal (ticks->labels[i], "−0"));
    }
  for (guint i = 0; i < ticks->n_minor; i++)
    {
      g_assert_cmpfloat (ticks->minor[i], >=, lo);
      g_assert_cmpfloat (ticks->minor[i], <=, hi);
      if (i > 0)
        g_assert_cmpfloat (ticks->minor[i], >, ticks->minor[i - 1]);
    }
}

static void
expect_linear (double              lo,
               double              hi,
               double              length,
               const char * const *expected)
{
  g_auto(PsTicks) ticks = { 0 };

  g_assert_true (ps_linear_ticks (lo, hi, length, LABEL_PX, &ticks));
  check_ticks (MIN (lo, hi), MAX (lo, hi), length, &ticks);
  g_assert_cmpuint (ticks.n_major, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < ticks.n_major; i++)
    g_assert_cmpstr (ticks.labels[i], ==, expected[i]);
}

static void
test_linear (void)
{
  g_auto(PsTicks) ticks = { 0 };

  expect_linear (0, 1, 600, (const char *[]) { "0", "0.2", "0.4", "0.6", "0.8", "1", NULL });
  expect_linear (0, 0.9, 1000, (const char *[]) { "0", "0.1", "0.2", "0.3", "0.4", "0.5",
                                                  "0.6", "0.7", "0.8", "0.9", NULL });
  expect_linear (-3.7, 12.1, 400, (const char *[]) { "0", "5", "10", NULL });
  expect_linear (-3.7, 12.1, 1600, (const char *[]) { "−3", "−2", "−1", "0", "1", "2", "3", "4", "5", "6",
                                                      "7", "8", "9", "10", "11", "12", NULL });
  expect_linear (0, 1e-9, 600, (const char *[]) { "0", "2×10⁻¹⁰", "4×10⁻¹⁰", "6×10⁻¹⁰",
                                                  "8×10⁻¹⁰", "1×10⁻⁹", NULL });
  expect_linear (1e12, 5e12, 400, (const char *[]) { "1×10¹²", "2×10¹²", "3×10¹²", "4×10¹²", "5×10¹²", NULL });
  expect_linear (1.1e12, 1.5e12, 400, (const char *[]) { "1.1×10¹²", "1.2×10¹²", "1.3×10¹²",
                                                         "1.4×10¹²", "1.5×10¹²", NULL });
  expect_linear (0, 150000, 300, (const char *[]) { "0", "50000", "100000", "150000", NULL });
  expect_linear (123456, 123457, 600, (const char *[]) { "123456", "123456.2", "123456.4",
                                                         "123456.6", "123456.8", "123457", NULL });
  expect_linear (0.0001, 0.0002, 300, (const char *[]) { "0.0001", "0.00015", "0.0002", NULL });
  expect_linear (3e-7, 9e-7, 400, (const char *[]) { "4×10⁻⁷", "6×10⁻⁷", "8×10⁻⁷", NULL });
  /* An inverted axis gives the same ticks. */
  expect_linear (12.1, -3.7, 400, (const char *[]) { "0", "5", "10", NULL });

  /* 0 is +0, never "-0". */
  g_assert_true (ps_linear_ticks (-1, 1, 800, LABEL_PX, &ticks));
  for (guint i = 0; i < ticks.n_major; i++)
    if (ticks.major[i] == 0)
      g_assert_false (signbit (ticks.major[i]));
  ps_ticks_clear (&ticks);

  /* Minor ticks fall between the majors: 0, 0.2… with 0.05 between. */
  g_assert_true (ps_linear_ticks (0, 1, 600, LABEL_PX, &ticks));
  g_assert_cmpuint (ticks.n_minor, ==, 15);
  g_assert_cmpfloat (ticks.minor[0], ==, 0.05);
  ps_ticks_clear (&ticks);

  g_assert_true (ps_linear_ticks (5, 5, 400, LABEL_PX, &ticks));
  g_assert_cmpuint (ticks.n_major, ==, 1);
  g_assert_cmpstr (ticks.labels[0], ==, "5");
  ps_ticks_clear (&ticks);

  g_assert_false (ps_linear_ticks (NAN, 1, 400, LABEL_PX, &ticks));
  g_assert_cmpuint (ticks.n_major, ==, 0);
  g_assert_false (ps_linear_ticks (0, INFINITY, 400, LABEL_PX, &ticks));
  g_assert_false (ps_linear_ticks (-1e308, 1e308, 400, LABEL_PX, &ticks));
  g_assert_false (ps_linear_ticks (0, 1, 0, LABEL_PX, &ticks));
  ps_ticks_clear (&ticks);
}

static void
test_linear_sweep (void)
{
  const double los[] = { 0, -1, 1e-12, -7.3e-5, 0.1, 99.5, -1e6, 1.23e15, 3.3e-300 };
  const double spans[] = { 1e-13, 1e-9, 0.003, 0.7, 1, 13, 1e4, 7e7, 1e12, 1e20 };
  const double lengths[] = { 200, 1600 };

  for (guint i = 0; i < G_N_ELEMENTS (los); i++)
    for (guint j = 0; j < G_N_ELEMENTS (spans); j++)
      for (guint k = 0; k < G_N_ELEMENTS (lengths); k++)
        {
          g_auto(PsTicks) ticks = { 0 };
          double hi = los[i] + spans[j];

          if (!ps_linear_ticks (los[i], hi, lengths[k], LABEL_PX, &ticks))
            continue;
          if (ticks.n_major > 1)
            check_ticks (los[i], hi, lengths[k], &ticks);
          g_assert_cmpfloat (ticks.n_major, <=, lengths[k] / (1.5 * LABEL_PX) + 1);
        }
}

static void
expect_log (double              lo,
            double              hi,
            double              length,
            const char * const *expected,
            guint               n_minor)
{
  g_auto(PsTicks) ticks = { 0 };

  g_assert_true (ps_log_ticks (lo, hi, length, LABEL_PX, &ticks));
  g_assert_cmpuint (ticks.n_major, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < ticks.n_major; i++)
    {
      g_assert_cmpstr (ticks.labels[i], ==, expected[i]);
      g_assert_cmpfloat (ticks.major[i], >=, lo);
      g_assert_cmpfloat (ticks.major[i], <=, hi);
    }
  g_assert_cmpuint (ticks.n_minor, ==, n_minor);
  for (guint i = 1; i < ticks.n_minor; i++)
    g_assert_cmpfloat (ticks.minor[i], >, ticks.minor[i - 1]);
}

static void
test_log (void)
{
  g_auto(PsTicks) ticks = { 0 };

  expect_log (1e-3, 1e4, 1600, (const char *[]) { "10⁻³", "10⁻²", "10⁻¹", "10⁰",
                                                   "10¹", "10²", "10³", "10⁴", NULL }, 7 * 8);
  /* Crowded decades: every other one, the rest as minor ticks. */
  expect_log (1e-3, 1e4, 400, (const char *[]) { "10⁻²", "10⁰", "10²", "10⁴", NULL }, 4);
  /* Less than a decade: 1, 2, 5 with 3, 4, 6, 7 as minor ticks. */
  expect_log (2, 7, 400, (const char *[]) { "2", "5", NULL }, 4);
  expect_log (0.5, 3, 400, (const char *[]) { "0.5", "1", "2", NULL }, 5);
  expect_log (2e-6, 7e-6, 400, (const char *[]) { "2×10⁻⁶", "5×10⁻⁶", NULL }, 4);
  /* Fewer than two of those: linear steps. */
  expect_log (2, 4.5, 400, (const char *[]) { "2", "3", "4", NULL }, 10);

  g_assert_true (ps_log_ticks (3, 3, 400, LABEL_PX, &ticks));
  g_assert_cmpuint (ticks.n_major, ==, 1);
  ps_ticks_clear (&ticks);
  g_assert_false (ps_log_ticks (-1, 10, 400, LABEL_PX, &ticks));
  g_assert_cmpuint (ticks.n_major, ==, 0);
  g_assert_false (ps_log_ticks (0, 10, 400, LABEL_PX, &ticks));
  g_assert_false (ps_log_ticks (1, NAN, 400, LABEL_PX, &ticks));
  g_assert_false (ps_log_ticks (1, INFINITY, 400, LABEL_PX, &ticks));
  ps_ticks_clear (&ticks);

  g_assert_true (ps_log_ticks (1e-300, 1e300, 400, LABEL_PX, &ticks));
  g_assert_cmpuint (ticks.n_major, >=, 2);
  ps_ticks_clear (&ticks);
}

static void
test_nice_range (void)
{
  double lo, hi;

  g_assert_true (ps_nice_range (0, 1, FALSE, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 1.1);
  g_assert_true (ps_nice_range (-3.7, 12.1, FALSE, &lo, &hi));
  g_assert_cmpfloat (lo, ==, -5);
  g_assert_cmpfloat (hi, ==, 13);
  g_assert_true (ps_nice_range (5, 5, FALSE, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 4.5);
  g_assert_cmpfloat (hi, ==, 5.5);
  g_assert_true (ps_nice_range (0, 0, FALSE, &lo, &hi));
  g_assert_cmpfloat (lo, <, 0);
  g_assert_cmpfloat (hi, >, 0);
  g_assert_true (ps_nice_range (-2, 0, FALSE, &lo, &hi));
  g_assert_cmpfloat (hi, ==, 0);
  g_assert_true (ps_nice_range (2, 7, TRUE, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 1);
  g_assert_cmpfloat (hi, ==, 10);
  g_assert_true (ps_nice_range (1e-3, 1e4, TRUE, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 2e-4);
  g_assert_cmpfloat (hi, ==, 5e4);

  g_assert_false (ps_nice_range (NAN, 1, FALSE, &lo, &hi));
  g_assert_false (ps_nice_range (0, INFINITY, FALSE, &lo, &hi));
  g_assert_false (ps_nice_range (2, 1, FALSE, &lo, &hi));
  g_assert_false (ps_nice_range (0, 1, TRUE, &lo, &hi));
  g_assert_false (ps_nice_range (-1, 1, TRUE, &lo, &hi));
}

static void
test_finite_extent (void)
{
  const double values[] = { NAN, 3, -1, INFINITY, 2, -INFINITY, 0 };
  const double nothing[] = { NAN, -1 };
  double lo, hi;

  g_assert_true (ps_finite_extent (values, G_N_ELEMENTS (values), FALSE, &lo, &hi));
  g_assert_cmpfloat (lo, ==, -1);
  g_assert_cmpfloat (hi, ==, 3);
  g_assert_true (ps_finite_extent (values, G_N_ELEMENTS (values), TRUE, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 2);
  g_assert_cmpfloat (hi, ==, 3);
  g_assert_false (ps_finite_extent (nothing, G_N_ELEMENTS (nothing), TRUE, &lo, &hi));
  g_assert_false (ps_finite_extent (NULL, 0, FALSE, &lo, &hi));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/PlotTicks/time-scales", test_time_scales);
  g_test_add_func ("/Core/PlotTicks/time-labels", test_time_labels);
  g_test_add_func ("/Core/PlotTicks/time-before-1970", test_time_before_1970);
  g_test_add_func ("/Core/PlotTicks/time-alignment", test_time_alignment);
  g_test_add_func ("/Core/PlotTicks/time-invalid", test_time_invalid);
  g_test_add_func ("/Core/PlotTicks/linear", test_linear);
  g_test_add_func ("/Core/PlotTicks/linear-sweep", test_linear_sweep);
  g_test_add_func ("/Core/PlotTicks/log", test_log);
  g_test_add_func ("/Core/PlotTicks/nice-range", test_nice_range);
  g_test_add_func ("/Core/PlotTicks/finite-extent", test_finite_extent);

  return g_test_run ();
}
