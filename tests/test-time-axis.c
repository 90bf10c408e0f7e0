/* test-time-axis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ps-time-axis.h"

#define DAY PS_TIME_NS_PER_DAY
#define T2020 G_GINT64_CONSTANT (1577836800000000000)

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_default_and_set (void)
{
  g_autoptr(PsTimeAxis) axis = ps_time_axis_new (NULL);
  PsTimeRange range = { T2020 + DAY, T2020 + 2 * DAY };
  guint notified = 0;

  g_assert_cmpint (ps_time_axis_get_range (axis)->start, ==, T2020);
  g_assert_cmpint (ps_time_axis_get_range (axis)->stop, ==, T2020 + DAY);

  g_signal_connect (axis, "notify::range", G_CALLBACK (count_notify_cb), &notified);
  ps_time_axis_set_range (axis, &range);
  g_assert_cmpuint (notified, ==, 1);
  /* The same range again: no notification. */
  ps_time_axis_set_range (axis, &range);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (ps_time_range_equal (ps_time_axis_get_range (axis), &range));
}

static void
test_clamp (void)
{
  g_autoptr(PsTimeAxis) axis = ps_time_axis_new (NULL);
  PsTimeRange tiny = { T2020, T2020 + 10 };
  PsTimeRange reversed = { T2020 + 100, T2020 };
  PsTimeRange huge = { G_MININT64 + 1, G_MAXINT64 };
  PsTimeRange at_lower = { PS_TIME_AXIS_LOWER - 5, PS_TIME_AXIS_LOWER - 1 };
  const PsTimeRange *r;

  ps_time_axis_set_range (axis, &tiny);
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->stop - r->start, ==, PS_TIME_AXIS_MIN_DURATION);
  g_assert_cmpint (r->start, <=, T2020);
  g_assert_cmpint (r->stop, >=, T2020 + 10);

  ps_time_axis_set_range (axis, &reversed);
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->stop - r->start, ==, PS_TIME_AXIS_MIN_DURATION);

  ps_time_axis_set_range (axis, &huge);
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->start, ==, PS_TIME_AXIS_LOWER);
  g_assert_cmpint (r->stop, ==, PS_TIME_AXIS_UPPER);

  ps_time_axis_set_range (axis, &at_lower);
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->start, ==, PS_TIME_AXIS_LOWER);
  g_assert_cmpint (r->stop, ==, PS_TIME_AXIS_LOWER + PS_TIME_AXIS_MIN_DURATION);
}

static void
test_pan (void)
{
  PsTimeRange range = { T2020, T2020 + DAY };
  g_autoptr(PsTimeAxis) axis = ps_time_axis_new (&range);
  const PsTimeRange *r;

  ps_time_axis_pan (axis, 0.5);
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->start, ==, T2020 + DAY / 2);
  g_assert_cmpint (r->stop, ==, T2020 + DAY + DAY / 2);

  ps_time_axis_pan (axis, -1.5);
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->start, ==, T2020 - DAY);
  g_assert_cmpint (r->stop, ==, T2020);

  /* Panning into a bound stops there and keeps the duration. */
  ps_time_axis_pan (axis, -1e9);
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->start, ==, PS_TIME_AXIS_LOWER);
  g_assert_cmpint (r->stop - r->start, ==, DAY);
  ps_time_axis_pan (axis, 1e9);
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->stop, ==, PS_TIME_AXIS_UPPER);
  g_assert_cmpint (r->stop - r->start, ==, DAY);
}

static void
test_zoom (void)
{
  PsTimeRange range = { T2020, T2020 + DAY };
  g_autoptr(PsTimeAxis) axis = ps_time_axis_new (&range);
  const PsTimeRange *r;

  /* Zoom in around a quarter of the range: the point keeps its place. */
  ps_time_axis_zoom (axis, 0.5, T2020 + DAY / 4);
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->start, ==, T2020 + DAY / 8);
  g_assert_cmpint (r->stop, ==, T2020 + DAY / 8 + DAY / 2);

  ps_time_axis_zoom (axis, 2.0, T2020 + DAY / 4);
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->start, ==, T2020);
  g_assert_cmpint (r->stop, ==, T2020 + DAY);

  /* Zooming in forever stops at the smallest duration. */
  for (int i = 0; i < 100; i++)
    ps_time_axis_zoom (axis, 0.1, T2020 + DAY / 2);
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->stop - r->start, ==, PS_TIME_AXIS_MIN_DURATION);

  /* Zooming out forever stops at the bounds, without overflow. */
  for (int i = 0; i < 100; i++)
    {
      r = ps_time_axis_get_range (axis);
      ps_time_axis_zoom (axis, 10, r->start + (r->stop - r->start) / 2);
    }
  r = ps_time_axis_get_range (axis);
  g_assert_cmpint (r->start, ==, PS_TIME_AXIS_LOWER);
  g_assert_cmpint (r->stop, ==, PS_TIME_AXIS_UPPER);
}

static void
test_property (void)
{
  PsTimeRange range = { T2020, T2020 + 3 * DAY };
  g_autoptr(PsTimeAxis) axis = ps_time_axis_new (&range);
  g_autoptr(PsTimeRange) copy = NULL;

  g_object_get (axis, "range", &copy, NULL);
  g_assert_true (ps_time_range_equal (copy, &range));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/TimeAxis/default-and-set", test_default_and_set);
  g_test_add_func ("/Core/TimeAxis/clamp", test_clamp);
  g_test_add_func ("/Core/TimeAxis/pan", test_pan);
  g_test_add_func ("/Core/TimeAxis/zoom", test_zoom);
  g_test_add_func ("/Core/TimeAxis/property", test_property);

  return g_test_run ();
}
