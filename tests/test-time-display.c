/* test-time-display.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ps-time-display.h"

static void
check (PsTime         t,
       PsTimeDisplay  display,
       int            digits,
       const char    *expected)
{
  g_autofree char *text = ps_time_format_display (t, display, digits);
  PsTime back = 0;

  g_assert_cmpstr (text, ==, expected);
  /* What the interface shows, the interface accepts back. */
  g_assert_true (ps_time_parse_iso (text, &back, NULL));
  if (digits == 9)
    g_assert_cmpint (back, ==, t);
}

static void
test_formats (void)
{
  PsTime t = G_GINT64_CONSTANT (1580558400123456789); /* 2020-02-01T12:00:00.123456789 */

  check (t, PS_TIME_DISPLAY_CALENDAR, 0, "2020-02-01 12:00:00");
  check (t, PS_TIME_DISPLAY_CALENDAR, 3, "2020-02-01 12:00:00.123");
  check (t, PS_TIME_DISPLAY_CALENDAR, 9, "2020-02-01 12:00:00.123456789");
  check (t, PS_TIME_DISPLAY_DAY_OF_YEAR, 0, "2020-032 12:00:00");
  check (t, PS_TIME_DISPLAY_DAY_OF_YEAR, 9, "2020-032 12:00:00.123456789");
  check (G_GINT64_CONSTANT (1609372800000000000), PS_TIME_DISPLAY_DAY_OF_YEAR, 0, "2020-366 00:00:00");
  /* Before 1970: floor, not truncation toward zero. */
  check (G_GINT64_CONSTANT (-1), PS_TIME_DISPLAY_CALENDAR, 9, "1969-12-31 23:59:59.999999999");
}

static void
test_digits_needed (void)
{
  g_assert_cmpint (ps_time_display_digits_needed (0), ==, 0);
  g_assert_cmpint (ps_time_display_digits_needed (G_GINT64_CONSTANT (5000000000)), ==, 0);
  g_assert_cmpint (ps_time_display_digits_needed (500000000), ==, 3);
  g_assert_cmpint (ps_time_display_digits_needed (500000), ==, 6);
  g_assert_cmpint (ps_time_display_digits_needed (5), ==, 9);
  g_assert_cmpint (ps_time_display_digits_needed (-1000000), ==, 3);
  g_assert_cmpint (ps_time_display_digits_needed (-1), ==, 9);
}

static void
test_nicks (void)
{
  g_assert_cmpint (ps_time_display_from_nick ("day-of-year"), ==, PS_TIME_DISPLAY_DAY_OF_YEAR);
  g_assert_cmpint (ps_time_display_from_nick ("calendar"), ==, PS_TIME_DISPLAY_CALENDAR);
  g_assert_cmpint (ps_time_display_from_nick (NULL), ==, PS_TIME_DISPLAY_CALENDAR);
  g_assert_cmpstr (ps_time_display_to_nick (PS_TIME_DISPLAY_DAY_OF_YEAR), ==, "day-of-year");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/TimeDisplay/formats", test_formats);
  g_test_add_func ("/Core/TimeDisplay/digits-needed", test_digits_needed);
  g_test_add_func ("/Core/TimeDisplay/nicks", test_nicks);

  return g_test_run ();
}
