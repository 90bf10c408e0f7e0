/* test-time-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ps-time-history.h"

#define DAY PS_TIME_NS_PER_DAY
#define T2020 G_GINT64_CONSTANT (1577836800000000000)

static void
set_days (PsTimeAxis *axis,
          int         first,
          int         last)
{
  PsTimeRange range = { T2020 + first * DAY, T2020 + last * DAY };

  ps_time_axis_set_range (axis, &range);
}

static void
assert_days (PsTimeAxis *axis,
             int         first,
             int         last)
{
  const PsTimeRange *range = ps_time_axis_get_range (axis);

  g_assert_cmpint (range->start, ==, T2020 + first * DAY);
  g_assert_cmpint (range->stop, ==, T2020 + last * DAY);
}

static void
test_back_forward (void)
{
  g_autoptr(PsTimeAxis) axis = ps_time_axis_new (NULL);
  g_autoptr(PsTimeHistory) history = ps_time_history_new (axis);

  g_assert_false (ps_time_history_get_can_go_back (history));
  g_assert_false (ps_time_history_go_back (history));
  g_assert_false (ps_time_history_get_can_go_forward (history));

  set_days (axis, 1, 2);
  ps_time_history_settle (history);
  set_days (axis, 5, 6);
  ps_time_history_settle (history);
  g_assert_true (ps_time_history_get_can_go_back (history));

  g_assert_true (ps_time_history_go_back (history));
  assert_days (axis, 1, 2);
  g_assert_true (ps_time_history_go_back (history));
  assert_days (axis, 0, 1);
  g_assert_false (ps_time_history_get_can_go_back (history));
  g_assert_false (ps_time_history_go_back (history));
  assert_days (axis, 0, 1);

  g_assert_true (ps_time_history_get_can_go_forward (history));
  g_assert_true (ps_time_history_go_forward (history));
  assert_days (axis, 1, 2);
  g_assert_true (ps_time_history_go_forward (history));
  assert_days (axis, 5, 6);
  g_assert_false (ps_time_history_go_forward (history));

  /* A new range after going back forgets what was ahead. */
  g_assert_true (ps_time_history_go_back (history));
  set_days (axis, 10, 11);
  g_assert_false (ps_time_history_get_can_go_forward (history));
  g_assert_true (ps_time_history_go_back (history));
  assert_days (axis, 1, 2);
  g_assert_true (ps_time_history_go_forward (history));
  assert_days (axis, 10, 11);
}

/* A drag or a few wheel notches: many ranges, one step. */
static void
test_burst_is_one_step (void)
{
  g_autoptr(PsTimeAxis) axis = ps_time_axis_new (NULL);
  g_autoptr(PsTimeHistory) history = ps_time_history_new (axis);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  for (int i = 1; i <= 20; i++)
    set_days (axis, i, i + 1);
  /* Not settled yet, but already undoable. */
  g_assert_true (ps_time_history_get_can_go_back (history));

  g_timeout_add_once (PS_TIME_HISTORY_SETTLE_MS + 200, (GSourceOnceFunc) g_main_loop_quit, loop);
  g_main_loop_run (loop);

  g_assert_true (ps_time_history_go_back (history));
  assert_days (axis, 0, 1);
  g_assert_false (ps_time_history_get_can_go_back (history));
  g_assert_true (ps_time_history_go_forward (history));
  assert_days (axis, 20, 21);
}

/* Going back before the timer fires still records the last range. */
static void
test_back_before_settled (void)
{
  g_autoptr(PsTimeAxis) axis = ps_time_axis_new (NULL);
  g_autoptr(PsTimeHistory) history = ps_time_history_new (axis);

  set_days (axis, 3, 4);
  g_assert_true (ps_time_history_go_back (history));
  assert_days (axis, 0, 1);
  g_assert_true (ps_time_history_go_forward (history));
  assert_days (axis, 3, 4);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    data)
{
  (*(int *) data)++;
}

static void
test_notify_and_bound (void)
{
  g_autoptr(PsTimeAxis) axis = ps_time_axis_new (NULL);
  g_autoptr(PsTimeHistory) history = ps_time_history_new (axis);
  int back_notified = 0;
  int steps = 0;

  g_signal_connect (history, "notify::can-go-back", G_CALLBACK (count_cb), &back_notified);
  set_days (axis, 1, 2);
  g_assert_cmpint (back_notified, ==, 1);
  ps_time_history_settle (history);
  g_assert_cmpint (back_notified, ==, 1);

  for (int i = 0; i < PS_TIME_HISTORY_MAX_STEPS + 50; i++)
    {
      set_days (axis, 10 + i, 11 + i);
      ps_time_history_settle (history);
    }
  while (ps_time_history_go_back (history))
    steps++;
  g_assert_cmpint (steps, ==, PS_TIME_HISTORY_MAX_STEPS);

  ps_time_history_clear (history);
  g_assert_false (ps_time_history_get_can_go_back (history));
  g_assert_false (ps_time_history_get_can_go_forward (history));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/TimeHistory/back-forward", test_back_forward);
  g_test_add_func ("/Core/TimeHistory/burst-is-one-step", test_burst_is_one_step);
  g_test_add_func ("/Core/TimeHistory/back-before-settled", test_back_before_settled);
  g_test_add_func ("/Core/TimeHistory/notify-and-bound", test_notify_and_bound);

  return g_test_run ();
}
