/* test-time-range.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "ps-time-range.h"

#define HOUR   (G_GINT64_CONSTANT (3600) * PS_TIME_NS_PER_SECOND)
#define MINUTE (G_GINT64_CONSTANT (60) * PS_TIME_NS_PER_SECOND)
#define TIME_MIN (G_MININT64 + 1)

static PsTime
iso (const char *text)
{
  g_autoptr(GError) error = NULL;
  PsTime t = 0;

  ps_time_parse_iso (text, &t, &error);
  g_assert_no_error (error);
  return t;
}

static void
assert_range (const PsTimeRange *range,
              PsTime             start,
              PsTime             stop)
{
  g_assert_cmpint (range->start, ==, start);
  g_assert_cmpint (range->stop, ==, stop);
}

static void
test_basics (void)
{
  PsTimeRange r;
  g_autoptr(PsTimeRange) heap = ps_time_range_new (3, 9);
  g_autoptr(PsTimeRange) copy = ps_time_range_copy (heap);

  ps_time_range_init (&r, 10, 20);
  assert_range (&r, 10, 20);
  r = ps_time_range_make (-5, 5);
  assert_range (&r, -5, 5);
  assert_range (copy, 3, 9);
  g_assert_true (copy != heap);

  g_assert_false (ps_time_range_is_empty (&r));
  g_assert_cmpint (ps_time_range_duration (&r), ==, 10);

  r = ps_time_range_make (7, 7);
  g_assert_true (ps_time_range_is_empty (&r));
  g_assert_true (ps_time_range_is_valid (&r));
  g_assert_cmpint (ps_time_range_duration (&r), ==, 0);

  /* Reversed: empty, and not valid. */
  r = ps_time_range_make (8, 7);
  g_assert_true (ps_time_range_is_empty (&r));
  g_assert_false (ps_time_range_is_valid (&r));
  g_assert_cmpint (ps_time_range_duration (&r), ==, 0);

  r = ps_time_range_make (PS_TIME_INVALID, 7);
  g_assert_false (ps_time_range_is_valid (&r));
  r = ps_time_range_make (0, PS_TIME_INVALID);
  g_assert_false (ps_time_range_is_valid (&r));

  /* Longer than G_MAXINT64 ns: saturates instead of overflowing. */
  r = ps_time_range_make (TIME_MIN, G_MAXINT64);
  g_assert_true (ps_time_range_is_valid (&r));
  g_assert_cmpint (ps_time_range_duration (&r), ==, G_MAXINT64);
  r = ps_time_range_make (-1, G_MAXINT64 - 1);
  g_assert_cmpint (ps_time_range_duration (&r), ==, G_MAXINT64);
}

static void
test_equal (void)
{
  PsTimeRange a = ps_time_range_make (1, 2);
  PsTimeRange b = ps_time_range_make (1, 2);
  PsTimeRange c = ps_time_range_make (1, 3);
  PsTimeRange e1 = ps_time_range_make (5, 5);
  PsTimeRange e2 = ps_time_range_make (7, 7);

  g_assert_true (ps_time_range_equal (&a, &b));
  g_assert_false (ps_time_range_equal (&a, &c));
  g_assert_false (ps_time_range_equal (&e1, &e2));
}

static void
test_contains (void)
{
  PsTimeRange r = ps_time_range_make (10, 20);
  PsTimeRange inner = ps_time_range_make (12, 20);
  PsTimeRange same = r;
  PsTimeRange over = ps_time_range_make (12, 21);
  PsTimeRange before = ps_time_range_make (9, 12);
  PsTimeRange empty_far = ps_time_range_make (100, 100);
  PsTimeRange empty = ps_time_range_make (15, 15);

  g_assert_true (ps_time_range_contains (&r, 10));
  g_assert_true (ps_time_range_contains (&r, 19));
  g_assert_false (ps_time_range_contains (&r, 20));
  g_assert_false (ps_time_range_contains (&r, 9));
  g_assert_false (ps_time_range_contains (&empty, 15));

  g_assert_true (ps_time_range_contains_range (&r, &inner));
  g_assert_true (ps_time_range_contains_range (&r, &same));
  g_assert_false (ps_time_range_contains_range (&r, &over));
  g_assert_false (ps_time_range_contains_range (&r, &before));
  g_assert_false (ps_time_range_contains_range (&inner, &r));
  /* The empty set is a subset of anything, even far away. */
  g_assert_true (ps_time_range_contains_range (&r, &empty_far));
  g_assert_true (ps_time_range_contains_range (&empty, &empty_far));
  g_assert_false (ps_time_range_contains_range (&empty, &r));
}

static void
test_intersection (void)
{
  PsTimeRange a = ps_time_range_make (0, 10);
  PsTimeRange b = ps_time_range_make (5, 15);
  PsTimeRange touching = ps_time_range_make (10, 20);
  PsTimeRange far = ps_time_range_make (30, 40);
  PsTimeRange nested = ps_time_range_make (2, 3);
  PsTimeRange empty = ps_time_range_make (5, 5);
  PsTimeRange out;

  g_assert_true (ps_time_range_intersects (&a, &b));
  g_assert_true (ps_time_range_intersection (&a, &b, &out));
  assert_range (&out, 5, 10);
  g_assert_true (ps_time_range_intersection (&b, &a, &out));
  assert_range (&out, 5, 10);

  g_assert_true (ps_time_range_intersection (&a, &nested, &out));
  assert_range (&out, 2, 3);

  /* Half-open ranges that touch share no instant. */
  g_assert_false (ps_time_range_intersects (&a, &touching));
  g_assert_false (ps_time_range_intersection (&a, &touching, &out));
  g_assert_true (ps_time_range_is_empty (&out));
  assert_range (&out, 10, 10);

  g_assert_false (ps_time_range_intersects (&a, &far));
  g_assert_false (ps_time_range_intersection (&far, &a, &out));
  assert_range (&out, 30, 30);

  /* An empty range intersects nothing, not even a range around it. */
  g_assert_false (ps_time_range_intersects (&a, &empty));
  g_assert_false (ps_time_range_intersection (&a, &empty, NULL));
  g_assert_false (ps_time_range_intersects (&empty, &empty));
}

static void
test_union (void)
{
  PsTimeRange a = ps_time_range_make (0, 10);
  PsTimeRange b = ps_time_range_make (5, 15);
  PsTimeRange touching = ps_time_range_make (10, 20);
  PsTimeRange far = ps_time_range_make (30, 40);
  PsTimeRange empty = ps_time_range_make (100, 100);
  PsTimeRange empty2 = ps_time_range_make (-3, -3);
  PsTimeRange out;

  g_assert_true (ps_time_range_union (&a, &b, &out));
  assert_range (&out, 0, 15);
  g_assert_true (ps_time_range_union (&touching, &a, &out));
  assert_range (&out, 0, 20);

  out = ps_time_range_make (-1, -1);
  g_assert_false (ps_time_range_union (&a, &far, &out));
  assert_range (&out, -1, -1);

  /* An empty range adds nothing, wherever it is. */
  g_assert_true (ps_time_range_union (&a, &empty, &out));
  assert_range (&out, 0, 10);
  g_assert_true (ps_time_range_union (&empty, &a, NULL));

  out = ps_time_range_union_hull (&a, &far);
  assert_range (&out, 0, 40);
  out = ps_time_range_union_hull (&far, &a);
  assert_range (&out, 0, 40);
  out = ps_time_range_union_hull (&empty, &far);
  assert_range (&out, 30, 40);
  out = ps_time_range_union_hull (&far, &empty);
  assert_range (&out, 30, 40);
  out = ps_time_range_union_hull (&empty, &empty2);
  assert_range (&out, 100, 100);
}

static void
test_shift (void)
{
  PsTimeRange r = ps_time_range_make (10, 20);
  PsTimeRange out;

  out = ps_time_range_shift (&r, 5);
  assert_range (&out, 15, 25);
  out = ps_time_range_shift (&r, -30);
  assert_range (&out, -20, -10);

  /* Saturates at both ends, never reaching PS_TIME_INVALID. */
  r = ps_time_range_make (G_MAXINT64 - 10, G_MAXINT64 - 5);
  out = ps_time_range_shift (&r, 7);
  assert_range (&out, G_MAXINT64 - 3, G_MAXINT64);
  out = ps_time_range_shift (&r, G_MAXINT64);
  assert_range (&out, G_MAXINT64, G_MAXINT64);

  r = ps_time_range_make (TIME_MIN + 5, 0);
  out = ps_time_range_shift (&r, -10);
  assert_range (&out, TIME_MIN, -10);
  out = ps_time_range_shift (&r, G_MININT64);
  assert_range (&out, TIME_MIN, TIME_MIN);
  g_assert_true (ps_time_range_is_valid (&out));
}

static void
test_scale_around (void)
{
  PsTime t0 = iso ("2024-02-29T12:00:00.123456789");
  PsTimeRange r = ps_time_range_make (t0, t0 + HOUR + 1);
  PsTimeRange out;

  /* Factor 1 is exact even at present-day magnitudes (~1.7e18 ns), where a
   * double would lose hundreds of nanoseconds. */
  out = ps_time_range_scale_around (&r, t0 + 17, 1.0);
  assert_range (&out, r.start, r.stop);

  /* Zoom in by 2 around the middle; odd durations round outwards. */
  out = ps_time_range_scale_around (&r, t0 + HOUR / 2, 0.5);
  assert_range (&out, t0 + HOUR / 4, t0 + 3 * HOUR / 4 + 1);

  /* Zoom out around the start: the start stays put. */
  r = ps_time_range_make (100, 200);
  out = ps_time_range_scale_around (&r, 100, 3.0);
  assert_range (&out, 100, 400);

  /* The centre may lie outside the range. */
  out = ps_time_range_scale_around (&r, 0, 2.0);
  assert_range (&out, 200, 400);
  out = ps_time_range_scale_around (&r, 1000, 0.5);
  assert_range (&out, 550, 600);

  /* Absurd factors neither overflow nor collapse a range to nothing. */
  out = ps_time_range_scale_around (&r, 150, 1e300);
  assert_range (&out, TIME_MIN, G_MAXINT64);
  g_assert_true (ps_time_range_is_valid (&out));
  out = ps_time_range_scale_around (&r, 150, 1e-300);
  g_assert_false (ps_time_range_is_empty (&out));
  g_assert_cmpint (ps_time_range_duration (&out), ==, 1);
  g_assert_true (ps_time_range_contains (&out, 150));

  /* Zoom out near the limits: each end saturates on its own. */
  r = ps_time_range_make (G_MAXINT64 - 100, G_MAXINT64 - 50);
  out = ps_time_range_scale_around (&r, G_MAXINT64 - 75, 10.0);
  assert_range (&out, G_MAXINT64 - 325, G_MAXINT64);
  r = ps_time_range_make (TIME_MIN, G_MAXINT64);
  out = ps_time_range_scale_around (&r, 0, 4.0);
  assert_range (&out, TIME_MIN, G_MAXINT64);
  out = ps_time_range_scale_around (&r, G_MAXINT64, 0.5);
  assert_range (&out, 0, G_MAXINT64);

  /* At the top of the scale, a tiny factor keeps 1 ns by moving the start. */
  r = ps_time_range_make (G_MAXINT64 - 2, G_MAXINT64);
  out = ps_time_range_scale_around (&r, G_MAXINT64, 1e-9);
  assert_range (&out, G_MAXINT64 - 1, G_MAXINT64);
}

static void
assert_fragments_cover (const PsTimeRange *range,
                        const PsTimeRange *fragments,
                        gsize              n,
                        PsTime             fragment)
{
  g_assert_nonnull (fragments);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpint (fragments[0].start, <=, range->start);
  g_assert_cmpint (fragments[n - 1].stop, >=, range->stop);
  g_assert_true (ps_time_range_contains (&fragments[0], range->start));
  g_assert_true (ps_time_range_contains (&fragments[n - 1], range->stop - 1));
  for (gsize i = 0; i < n; i++)
    {
      g_assert_false (ps_time_range_is_empty (&fragments[i]));
      g_assert_cmpint (ps_time_range_duration (&fragments[i]), <=, fragment);
      if (i > 0)
        g_assert_cmpint (fragments[i].start, ==, fragments[i - 1].stop);
    }
}

static void
test_split_aligned (void)
{
  PsTime day = iso ("2020-03-01");
  PsTimeRange r = ps_time_range_make (day + 10 * HOUR + 30 * MINUTE, day + 12 * HOUR + 10 * MINUTE);
  g_autofree PsTimeRange *f = NULL;
  gsize n = 99;

  f = ps_time_range_split_aligned (&r, HOUR, 0, 100, &n);
  g_assert_cmpuint (n, ==, 3);
  assert_range (&f[0], day + 10 * HOUR, day + 11 * HOUR);
  assert_range (&f[1], day + 11 * HOUR, day + 12 * HOUR);
  assert_range (&f[2], day + 12 * HOUR, day + 13 * HOUR);
  g_clear_pointer (&f, g_free);

  /* Exact boundaries: the fragment starting at stop is not needed. */
  r = ps_time_range_make (day + 10 * HOUR, day + 12 * HOUR);
  f = ps_time_range_split_aligned (&r, HOUR, 0, 100, &n);
  g_assert_cmpuint (n, ==, 2);
  assert_range (&f[0], day + 10 * HOUR, day + 11 * HOUR);
  assert_range (&f[1], day + 11 * HOUR, day + 12 * HOUR);
  g_clear_pointer (&f, g_free);

  /* One nanosecond, on a boundary or just before one. */
  r = ps_time_range_make (day, day + 1);
  f = ps_time_range_split_aligned (&r, HOUR, 0, 100, &n);
  g_assert_cmpuint (n, ==, 1);
  assert_range (&f[0], day, day + HOUR);
  g_clear_pointer (&f, g_free);
  r = ps_time_range_make (day - 1, day);
  f = ps_time_range_split_aligned (&r, HOUR, 0, 100, &n);
  g_assert_cmpuint (n, ==, 1);
  assert_range (&f[0], day - HOUR, day);
  g_clear_pointer (&f, g_free);

  /* Empty: nothing to fetch. */
  r = ps_time_range_make (day, day);
  n = 99;
  g_assert_null (ps_time_range_split_aligned (&r, HOUR, 0, 100, &n));
  g_assert_cmpuint (n, ==, 0);
}

static void
test_split_aligned_negative (void)
{
  PsTimeRange r = ps_time_range_make (-90 * MINUTE, -30 * MINUTE);
  g_autofree PsTimeRange *f = NULL;
  gsize n;

  /* Before 1970: floor division, not C's truncation towards zero. */
  f = ps_time_range_split_aligned (&r, HOUR, 0, 100, &n);
  g_assert_cmpuint (n, ==, 2);
  assert_range (&f[0], -2 * HOUR, -HOUR);
  assert_range (&f[1], -HOUR, 0);
  g_clear_pointer (&f, g_free);

  /* Across 1970. */
  r = ps_time_range_make (-1, 1);
  f = ps_time_range_split_aligned (&r, HOUR, 0, 100, &n);
  g_assert_cmpuint (n, ==, 2);
  assert_range (&f[0], -HOUR, 0);
  assert_range (&f[1], 0, HOUR);
  g_clear_pointer (&f, g_free);

  /* 1969-07-20T20:17:40 with 1-day fragments. */
  r = ps_time_range_make (iso ("1969-07-20T20:17:40"), iso ("1969-07-21T02:56:15"));
  f = ps_time_range_split_aligned (&r, PS_TIME_NS_PER_DAY, 0, 100, &n);
  g_assert_cmpuint (n, ==, 2);
  assert_range (&f[0], iso ("1969-07-20"), iso ("1969-07-21"));
  assert_range (&f[1], iso ("1969-07-21"), iso ("1969-07-22"));
}

static void
test_split_aligned_origin (void)
{
  PsTimeRange r = ps_time_range_make (10 * MINUTE, 50 * MINUTE);
  g_autofree PsTimeRange *f = NULL;
  gsize n;

  /* Fragments on the half hour: any boundary works as origin, including one
   * far in the past or the future. */
  for (gint64 k = -3; k <= 3; k++)
    {
      PsTime origin = 30 * MINUTE + k * 1000 * HOUR;

      f = ps_time_range_split_aligned (&r, HOUR, origin, 100, &n);
      g_assert_cmpuint (n, ==, 2);
      assert_range (&f[0], -30 * MINUTE, 30 * MINUTE);
      assert_range (&f[1], 30 * MINUTE, 90 * MINUTE);
      g_clear_pointer (&f, g_free);
    }

  /* Origins near the limits of PsTime do not overflow. */
  f = ps_time_range_split_aligned (&r, HOUR, G_MAXINT64, 100, &n);
  assert_fragments_cover (&r, f, n, HOUR);
  g_clear_pointer (&f, g_free);
  f = ps_time_range_split_aligned (&r, HOUR, G_MININT64, 100, &n);
  assert_fragments_cover (&r, f, n, HOUR);
  g_clear_pointer (&f, g_free);

  /* Fragment of 1 ns: every instant is a boundary. */
  r = ps_time_range_make (-2, 3);
  f = ps_time_range_split_aligned (&r, 1, 12345, 100, &n);
  g_assert_cmpuint (n, ==, 5);
  for (gsize i = 0; i < n; i++)
    assert_range (&f[i], -2 + (PsTime) i, -1 + (PsTime) i);
}

static void
test_split_aligned_limits (void)
{
  PsTimeRange r = ps_time_range_make (0, 100 * HOUR);
  PsTimeRange all = ps_time_range_make (TIME_MIN, G_MAXINT64);
  g_autofree PsTimeRange *f = NULL;
  gsize n = 99;

  f = ps_time_range_split_aligned (&r, HOUR, 0, 100, &n);
  g_assert_cmpuint (n, ==, 100);
  g_clear_pointer (&f, g_free);

  n = 99;
  g_assert_null (ps_time_range_split_aligned (&r, HOUR, 0, 99, &n));
  g_assert_cmpuint (n, ==, 0);

  /* 2^64 - 2 fragments of 1 ns: refused, with no overflow on the way. */
  n = 99;
  g_assert_null (ps_time_range_split_aligned (&all, 1, 0, 1000000, &n));
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (ps_time_range_split_aligned (&all, 2, 1, 1000, &n));
  g_assert_cmpuint (n, ==, 0);

  /* The whole of PsTime in days (±106751.99 days around 1970): the
   * outermost fragments are clipped. */
  f = ps_time_range_split_aligned (&all, PS_TIME_NS_PER_DAY, 0, 1000000, &n);
  g_assert_cmpuint (n, ==, 106752 + 106751 + 1);
  assert_fragments_cover (&all, f, n, PS_TIME_NS_PER_DAY);
  g_assert_cmpint (f[0].start, ==, TIME_MIN);
  g_assert_cmpint (f[n - 1].stop, ==, G_MAXINT64);
  assert_range (&f[n / 2], 0, PS_TIME_NS_PER_DAY);
  g_clear_pointer (&f, g_free);

  /* A fragment longer than half of PsTime. */
  f = ps_time_range_split_aligned (&all, G_MAXINT64, 0, 10, &n);
  assert_fragments_cover (&all, f, n, G_MAXINT64);
  g_assert_cmpuint (n, ==, 2);
  assert_range (&f[0], TIME_MIN, 0);
  assert_range (&f[1], 0, G_MAXINT64);
}

static void
test_boxed (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  PsTimeRange r = ps_time_range_make (1, 2);
  PsTimeRange *copy;

  g_assert_true (G_TYPE_IS_BOXED (PS_TYPE_TIME_RANGE));
  g_value_init (&value, PS_TYPE_TIME_RANGE);
  g_value_set_boxed (&value, &r);
  r.start = 0;
  copy = g_value_get_boxed (&value);
  assert_range (copy, 1, 2);

  copy = g_boxed_copy (PS_TYPE_TIME_RANGE, copy);
  assert_range (copy, 1, 2);
  g_boxed_free (PS_TYPE_TIME_RANGE, copy);
}

static void
test_to_string (void)
{
  PsTimeRange r = ps_time_range_make (iso ("2020-01-01T00:00:00.000000001"), iso ("2020-01-02"));
  PsTimeRange back = { 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ps_time_range_to_string (&r);
  g_autofree char *start = ps_time_format_iso (r.start, 9);
  g_autofree char *stop = ps_time_format_iso (r.stop, 9);
  g_autofree char *expected = g_strconcat (start, "/", stop, NULL);

  g_assert_cmpstr (text, ==, expected);
  g_assert_true (ps_time_range_parse (text, &back, &error));
  g_assert_no_error (error);
  g_assert_true (ps_time_range_equal (&r, &back));

  /* Before 1970 too. */
  r = ps_time_range_make (-123456789, -1);
  g_clear_pointer (&text, g_free);
  text = ps_time_range_to_string (&r);
  g_assert_true (ps_time_range_parse (text, &back, &error));
  g_assert_no_error (error);
  g_assert_true (ps_time_range_equal (&r, &back));
}

static void
test_parse (void)
{
  PsTimeRange r = ps_time_range_make (-1, -1);
  g_autoptr(GError) error = NULL;

  g_assert_true (ps_time_range_parse ("2020-01-01/2020-01-02T12:00", &r, &error));
  g_assert_no_error (error);
  assert_range (&r, iso ("2020-01-01"), iso ("2020-01-02T12:00:00"));

  /* Equal ends: an empty range, not an error. */
  g_assert_true (ps_time_range_parse ("2020-01-01/2020-01-01", &r, &error));
  g_assert_no_error (error);
  g_assert_true (ps_time_range_is_empty (&r));

  r = ps_time_range_make (-1, -1);
  g_assert_false (ps_time_range_parse ("2020-01-01", &r, &error));
  g_assert_error (error, PS_TIME_ERROR, PS_TIME_ERROR_SYNTAX);
  g_clear_error (&error);

  g_assert_false (ps_time_range_parse ("garbage/2020-01-01", &r, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Start"));
  g_clear_error (&error);

  g_assert_false (ps_time_range_parse ("2020-01-01/", &r, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "End"));
  g_clear_error (&error);

  g_assert_false (ps_time_range_parse ("2020-01-01/2020-01-02/2020-01-03", &r, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_false (ps_time_range_parse ("2020-01-02/2020-01-01", &r, &error));
  g_assert_error (error, PS_TIME_ERROR, PS_TIME_ERROR_RANGE);
  g_clear_error (&error);

  /* Failures leave the output alone. */
  assert_range (&r, -1, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/TimeRange/basics", test_basics);
  g_test_add_func ("/Core/TimeRange/equal", test_equal);
  g_test_add_func ("/Core/TimeRange/contains", test_contains);
  g_test_add_func ("/Core/TimeRange/intersection", test_intersection);
  g_test_add_func ("/Core/TimeRange/union", test_union);
  g_test_add_func ("/Core/TimeRange/shift", test_shift);
  g_test_add_func ("/Core/TimeRange/scale-around", test_scale_around);
  g_test_add_func ("/Core/TimeRange/split-aligned/basic", test_split_aligned);
  g_test_add_func ("/Core/TimeRange/split-aligned/negative", test_split_aligned_negative);
  g_test_add_func ("/Core/TimeRange/split-aligned/origin", test_split_aligned_origin);
  g_test_add_func ("/Core/TimeRange/split-aligned/limits", test_split_aligned_limits);
  g_test_add_func ("/Core/TimeRange/boxed", test_boxed);
  g_test_add_func ("/Core/TimeRange/to-string", test_to_string);
  g_test_add_func ("/Core/TimeRange/parse", test_parse);

  return g_test_run ();
}
