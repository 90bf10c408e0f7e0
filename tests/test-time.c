/* test-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-time"

#include "config.h"

#include <string.h>

#include "ps-time.h"

#define NS PS_TIME_NS_PER_SECOND

/* Civil calendar */

static void
test_civil_known_days (void)
{
  static const struct { gint64 year; int month; int day; gint64 days; } cases[] = {
    { 1970, 1, 1, 0 },
    { 1969, 12, 31, -1 },
    { 2000, 3, 1, 11017 },
    { 2020, 2, 29, 18321 },
    { 1600, 2, 29, -135081 },
    { 0, 3, 1, -719468 },      /* the algorithm's own origin */
    { 0, 1, 1, -719528 },      /* year 0 is a leap year */
    { -1, 12, 31, -719529 },
    { -4, 2, 29, -720930 },
    { 1677, 9, 21, -106752 },
    { 2262, 4, 11, 106751 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 year;
      int month;
      int day;

      g_assert_cmpint (ps_time_days_from_civil (cases[i].year, cases[i].month, cases[i].day),
                       ==, cases[i].days);
      ps_time_civil_from_days (cases[i].days, &year, &month, &day);
      g_assert_cmpint (year, ==, cases[i].year);
      g_assert_cmpint (month, ==, cases[i].month);
      g_assert_cmpint (day, ==, cases[i].day);
    }
}

/* Every day of years 1..9999 against GDate, which counts from 0001-01-01. */
static void
test_civil_matches_gdate (void)
{
  const gint64 gdate_day1 = ps_time_days_from_civil (1, 1, 1);
  GDate date;
  guint32 julian;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1);

  for (julian = 1; g_date_get_year (&date) < 10000; julian++)
    {
      gint64 days = gdate_day1 + julian - 1;
      gint64 year;
      int month;
      int day;

      ps_time_civil_from_days (days, &year, &month, &day);
      if (year != g_date_get_year (&date) || month != (int) g_date_get_month (&date)
          || day != g_date_get_day (&date))
        g_error ("day %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT "-%d-%d, GDate says %d-%d-%d",
                 days, year, month, day, g_date_get_year (&date), g_date_get_month (&date),
                 g_date_get_day (&date));
      g_assert_cmpint (ps_time_days_from_civil (year, month, day), ==, days);
      g_date_add_days (&date, 1);
    }
  g_assert_cmpuint (julian, ==, 3652059 + 1);
}

/* Far from the present, negative years included, both ways agree. */
static void
test_civil_round_trip_wide (void)
{
  gint64 days;

  for (days = -2000000000; days <= 2000000000; days += 999983)
    {
      gint64 year;
      int month;
      int day;

      ps_time_civil_from_days (days, &year, &month, &day);
      g_assert_cmpint (ps_time_days_from_civil (year, month, day), ==, days);
      g_assert_cmpint (month, >=, 1);
      g_assert_cmpint (month, <=, 12);
      g_assert_cmpint (day, >=, 1);
      g_assert_cmpint (day, <=, 31);
    }
}

/* Parts */

static void
assert_parts (const PsTimeParts *p,
              int year, int month, int day, int hour, int minute, int second, gint64 ns)
{
  g_assert_cmpint (p->year, ==, year);
  g_assert_cmpint (p->month, ==, month);
  g_assert_cmpint (p->day, ==, day);
  g_assert_cmpint (p->hour, ==, hour);
  g_assert_cmpint (p->minute, ==, minute);
  g_assert_cmpint (p->second, ==, second);
  g_assert_cmpint (p->nanosecond, ==, ns);
}

static void
test_parts_negative_floor (void)
{
  PsTimeParts p;

  ps_time_to_parts (-1, &p);
  assert_parts (&p, 1969, 12, 31, 23, 59, 59, 999999999);
  ps_time_to_parts (-NS, &p);
  assert_parts (&p, 1969, 12, 31, 23, 59, 59, 0);
  ps_time_to_parts (-PS_TIME_NS_PER_DAY, &p);
  assert_parts (&p, 1969, 12, 31, 0, 0, 0, 0);
  ps_time_to_parts (-PS_TIME_NS_PER_DAY - 1, &p);
  assert_parts (&p, 1969, 12, 30, 23, 59, 59, 999999999);
  ps_time_to_parts (G_MAXINT64, &p);
  assert_parts (&p, 2262, 4, 11, 23, 47, 16, 854775807);
  ps_time_to_parts (G_MININT64 + 1, &p);
  assert_parts (&p, 1677, 9, 21, 0, 12, 43, 145224193);
}

static void
test_parts_round_trip (void)
{
  GRand *rand = g_rand_new_with_seed (42);
  PsTimeParts p;
  int i;

  for (i = 0; i < 200000; i++)
    {
      PsTime t = (PsTime) (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand));

      if (t == PS_TIME_INVALID)
        continue;
      ps_time_to_parts (t, &p);
      g_assert_cmpint (ps_time_from_parts (&p), ==, t);
    }
  g_rand_free (rand);
}

static void
test_parts_leap_second_and_overflow (void)
{
  PsTimeParts p = { 2016, 12, 31, 23, 59, 60, 500000000 };
  PsTimeParts late = { 2262, 4, 11, 23, 47, 16, 854775808 };
  PsTimeParts early = { 1677, 9, 21, 0, 12, 43, 145224192 };
  PsTimeParts midnight = { 2020, 1, 1, 24, 0, 0, 0 };

  /* 23:59:60.5 runs into the next day: PsTime does not count leap seconds. */
  g_assert_cmpint (ps_time_from_parts (&p), ==, G_GINT64_CONSTANT (1483228800500000000));
  g_assert_cmpint (ps_time_from_parts (&midnight), ==, G_GINT64_CONSTANT (1577923200) * NS);
  g_assert_cmpint (ps_time_from_parts (&late), ==, PS_TIME_INVALID);
  /* That is PS_TIME_INVALID's own bit pattern: not an instant. */
  g_assert_cmpint (ps_time_from_parts (&early), ==, PS_TIME_INVALID);
  early.nanosecond++;
  g_assert_cmpint (ps_time_from_parts (&early), ==, G_MININT64 + 1);
}

/* Formatting */

static void
assert_format (PsTime      t,
               int         digits,
               const char *expected)
{
  char buf[64];
  g_autofree char *s = NULL;
  gsize len;

  len = ps_time_format_iso_buf (t, digits, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, expected);
  g_assert_cmpuint (len, ==, strlen (expected));
  s = ps_time_format_iso (t, digits);
  g_assert_cmpstr (s, ==, expected);
}

static void
test_format_digits (void)
{
  static const char *expected[] = {
    "2020-01-02T03:04:05Z",
    "2020-01-02T03:04:05.9Z",
    "2020-01-02T03:04:05.98Z",
    "2020-01-02T03:04:05.987Z",
    "2020-01-02T03:04:05.9876Z",
    "2020-01-02T03:04:05.98765Z",
    "2020-01-02T03:04:05.987654Z",
    "2020-01-02T03:04:05.9876543Z",
    "2020-01-02T03:04:05.98765432Z",
    "2020-01-02T03:04:05.987654321Z",
  };
  PsTime t = G_GINT64_CONSTANT (1577934245987654321);
  int digits;

  /* Truncated, never rounded: .987654321 with 2 digits is .98, not .99. */
  for (digits = 0; digits <= 9; digits++)
    assert_format (t, digits, expected[digits]);
}

static void
test_format_special (void)
{
  assert_format (0, 9, "1970-01-01T00:00:00.000000000Z");
  assert_format (-1, 9, "1969-12-31T23:59:59.999999999Z");
  assert_format (-1, 0, "1969-12-31T23:59:59Z");
  assert_format (-1, 3, "1969-12-31T23:59:59.999Z");
  assert_format (G_GINT64_CONSTANT (-631152000) * NS + 5, 9, "1950-01-01T00:00:00.000000005Z");
  assert_format (G_MAXINT64, 9, "2262-04-11T23:47:16.854775807Z");
  assert_format (G_MININT64 + 1, 9, "1677-09-21T00:12:43.145224193Z");
  assert_format (G_GINT64_CONSTANT (951782400) * NS, 0, "2000-02-29T00:00:00Z");
  /* numpy prints datetime64's minimum the same way. */
  assert_format (PS_TIME_INVALID, 9, "NaT");
}

static void
test_format_small_buffer (void)
{
  char buf[8];
  PsTime t = G_GINT64_CONSTANT (1577934245987654321);

  memset (buf, 'x', sizeof buf);
  g_assert_cmpuint (ps_time_format_iso_buf (t, 9, buf, sizeof buf), ==, 30);
  g_assert_cmpstr (buf, ==, "2020-01");
  g_assert_cmpuint (ps_time_format_iso_buf (t, 3, NULL, 0), ==, 24);
  g_assert_cmpuint (ps_time_format_iso_buf (t, 3, buf, 1), ==, 24);
  g_assert_cmpstr (buf, ==, "");
}

static void
test_format_parts (void)
{
  PsTimeParts leap = { 2016, 12, 31, 23, 59, 60, 123456789 };
  PsTimeParts old = { -44, 3, 15, 12, 0, 0, 0 };
  PsTimeParts year0 = { 0, 1, 1, 0, 0, 0, 0 };
  PsTimeParts far = { 12345, 6, 7, 8, 9, 10, 0 };
  char buf[64];

  g_assert_cmpuint (ps_time_format_parts_buf (&leap, 9, buf, sizeof buf), ==, 30);
  g_assert_cmpstr (buf, ==, "2016-12-31T23:59:60.123456789Z");
  ps_time_format_parts_buf (&leap, 1, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "2016-12-31T23:59:60.1Z");
  ps_time_format_parts_buf (&old, 0, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "-0044-03-15T12:00:00Z");
  ps_time_format_parts_buf (&year0, 3, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0000-01-01T00:00:00.000Z");
  ps_time_format_parts_buf (&far, 0, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "12345-06-07T08:09:10Z");

  g_assert_cmpuint (ps_time_format_parts_raw_buf (&leap, 12, 42, buf, sizeof buf), ==, 32);
  g_assert_cmpstr (buf, ==, "2016-12-31T23:59:60.123456789042");
  ps_time_format_parts_raw_buf (&leap, 10, 999, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "2016-12-31T23:59:60.1234567899");
}

/* GDateTime agrees to the microsecond on instants it can hold (years 1..9999,
 * so all of PsTime's). */
static void
test_format_matches_gdatetime (void)
{
  GRand *rand = g_rand_new_with_seed (7);
  int i;

  for (i = 0; i < 20000; i++)
    {
      PsTime t = (PsTime) g_rand_double_range (rand, -9.2e18, 9.2e18) / 1000 * 1000;
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (0);
      g_autoptr(GDateTime) at = NULL;
      g_autofree char *ours = NULL;
      g_autofree char *glib = NULL;
      gint64 us = t / 1000;

      at = g_date_time_add (dt, us);
      glib = g_date_time_format (at, "%Y-%m-%dT%H:%M:%S.%fZ");
      ours = ps_time_format_iso (t, 6);
      g_assert_cmpstr (ours, ==, glib);
    }
  g_rand_free (rand);
}

/* Parsing */

static void
assert_parses (const char *text,
               PsTime      expected)
{
  g_autoptr(GError) error = NULL;
  PsTime t = 12345;

  if (!ps_time_parse_iso (text, &t, &error))
    g_error ("“%s” did not parse: %s", text, error->message);
  if (t != expected)
    g_error ("“%s” parsed as %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
             text, t, expected);
}

static void
assert_rejects (const char *text,
                PsTimeError code)
{
  g_autoptr(GError) error = NULL;
  PsTime t = 12345;

  if (ps_time_parse_iso (text, &t, &error))
    g_error ("“%s” parsed as %" G_GINT64_FORMAT ", expected an error", text, t);
  g_assert_error (error, PS_TIME_ERROR, (gint) code);
  g_assert_cmpint (t, ==, 12345); /* left alone on failure */
  g_assert_nonnull (error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  /* Without a GError, it fails the same way. */
  g_assert_false (ps_time_parse_iso (text, NULL, NULL));
}

static void
test_parse_full_forms (void)
{
  const PsTime t = G_GINT64_CONSTANT (1577934245123456789); /* 2020-01-02T03:04:05.123456789Z */
  const PsTime s = G_GINT64_CONSTANT (1577934245) * NS;

  assert_parses ("2020-01-02T03:04:05.123456789Z", t);
  assert_parses ("2020-01-02T03:04:05.123456789", t);
  assert_parses ("2020-01-02T03:04:05.123456789+00:00", t);
  assert_parses ("2020-01-02T03:04:05.123456789-00:00", t);
  assert_parses ("2020-01-02T03:04:05.123456789+0000", t);
  assert_parses ("2020-01-02T03:04:05.123456789+00", t);
  assert_parses ("2020-01-02 03:04:05.123456789", t);
  assert_parses ("2020-01-02t03:04:05.123456789z", t);
  assert_parses ("2020-01-02T03:04:05,123456789Z", t);
  assert_parses ("2020-01-02T05:34:05.123456789+02:30", t);
  assert_parses ("2020-01-01T22:04:05.123456789-05:00", t);
  assert_parses ("  2020-01-02T03:04:05.123456789Z\n", t);
  assert_parses ("\t2020-01-02 03:04:05.123456789 ", t);
  assert_parses ("2020-01-02T03:04:05Z", s);
  assert_parses ("2020-01-02T03:04:05.1Z", s + 100000000);
  assert_parses ("2020-01-02T03:04:05.12Z", s + 120000000);
  assert_parses ("2020-01-02T03:04:05.123Z", s + 123000000);
  assert_parses ("2020-01-02T03:04:05.123456Z", s + 123456000);
  assert_parses ("2020-01-02T03:04:05.000000001Z", s + 1);
  /* Digits past the nanosecond are truncated. */
  assert_parses ("2020-01-02T03:04:05.1234567899999Z", t);
  assert_parses ("2020-01-02T03:04:05.9999999999999999999999999Z", s + 999999999);
}

static void
test_parse_truncated_forms (void)
{
  const PsTime day = G_GINT64_CONSTANT (1577923200) * NS; /* 2020-01-02 */

  assert_parses ("2020", G_GINT64_CONSTANT (1577836800) * NS);
  assert_parses ("2020-01", G_GINT64_CONSTANT (1577836800) * NS);
  assert_parses ("2020-02", G_GINT64_CONSTANT (1580515200) * NS);
  assert_parses ("2020-01-02", day);
  /* A day in UTC, as HAPI writes dates */
  assert_parses ("2020-01-02Z", day);
  assert_parses ("2020-002Z", day);
  assert_rejects ("2020-01Z", PS_TIME_ERROR_SYNTAX);
  assert_rejects ("2020-01-02+01:00", PS_TIME_ERROR_SYNTAX);
  assert_parses ("2020-01-02T03", day + 3 * 3600 * NS);
  assert_parses ("2020-01-02T03Z", day + 3 * 3600 * NS);
  assert_parses ("2020-01-02 03", day + 3 * 3600 * NS);
  assert_parses ("2020-01-02T03:04", day + (3 * 3600 + 4 * 60) * NS);
  assert_parses ("2020-01-02T03:04Z", day + (3 * 3600 + 4 * 60) * NS);
  assert_parses ("2020-01-02T03:04+01:00", day + (2 * 3600 + 4 * 60) * NS);
  assert_parses ("2020-01-02T03:04:05", day + (3 * 3600 + 4 * 60 + 5) * NS);
  assert_parses ("1970", 0);
  assert_parses ("1969", G_GINT64_CONSTANT (-31536000) * NS);
  assert_parses ("1969-12-31T23:59:59.999999999Z", -1);
}

static void
test_parse_day_of_year (void)
{
  assert_parses ("2020-001", G_GINT64_CONSTANT (1577836800) * NS);
  assert_parses ("2020-032", G_GINT64_CONSTANT (1580515200) * NS);   /* Feb 1 */
  assert_parses ("2020-032T12:00Z", G_GINT64_CONSTANT (1580558400) * NS);
  assert_parses ("2020-032 12:00:00.5", G_GINT64_CONSTANT (1580558400) * NS + NS / 2);
  assert_parses ("2020-060", G_GINT64_CONSTANT (1582934400) * NS);   /* Feb 29 */
  assert_parses ("2020-366", G_GINT64_CONSTANT (1609372800) * NS);   /* Dec 31 */
  assert_parses ("2000-366", G_GINT64_CONSTANT (978220800) * NS);
  assert_parses ("2021-365", G_GINT64_CONSTANT (1640908800) * NS);
  assert_rejects ("2021-366", PS_TIME_ERROR_SYNTAX);
  assert_rejects ("1900-366", PS_TIME_ERROR_SYNTAX);
  assert_rejects ("2020-367", PS_TIME_ERROR_SYNTAX);
  assert_rejects ("2020-000", PS_TIME_ERROR_SYNTAX);
}

static void
test_parse_leap_days (void)
{
  assert_parses ("2020-02-29", G_GINT64_CONSTANT (1582934400) * NS);
  assert_parses ("2000-02-29", G_GINT64_CONSTANT (951782400) * NS);
  assert_parses ("1904-02-29", G_GINT64_CONSTANT (-2077747200) * NS);
  assert_rejects ("1900-02-29", PS_TIME_ERROR_SYNTAX);
  assert_rejects ("2021-02-29", PS_TIME_ERROR_SYNTAX);
  assert_rejects ("2020-02-30", PS_TIME_ERROR_SYNTAX);
  assert_rejects ("2020-04-31", PS_TIME_ERROR_SYNTAX);
}

static void
test_parse_leap_second_and_midnight (void)
{
  const PsTime next_day = G_GINT64_CONSTANT (1483228800) * NS; /* 2017-01-01 */

  assert_parses ("2016-12-31T23:59:60.5Z", next_day + NS / 2);
  assert_parses ("2016-12-31T23:59:60Z", next_day);
  assert_parses ("2016-12-31T23:59:60.999999999", next_day + NS - 1);
  /* An offset can put the leap second in another hour of local time. */
  assert_parses ("2017-01-01T00:59:60.5+01:00", next_day + NS / 2);
  assert_rejects ("2016-12-31T23:58:60Z", PS_TIME_ERROR_SYNTAX);
  assert_rejects ("2016-12-31T23:59:61Z", PS_TIME_ERROR_SYNTAX);

  /* ISO 8601's end of day, and nothing after it. */
  assert_parses ("2016-12-31T24:00:00Z", next_day);
  assert_parses ("2016-12-31T24:00", next_day);
  assert_parses ("2016-12-31T24", next_day);
  assert_parses ("2016-12-31T24:00:00.000", next_day);
  assert_rejects ("2016-12-31T24:00:00.001", PS_TIME_ERROR_SYNTAX);
  assert_rejects ("2016-12-31T24:01", PS_TIME_ERROR_SYNTAX);
  assert_rejects ("2016-12-31T25:00", PS_TIME_ERROR_SYNTAX);
}

static void
test_parse_range (void)
{
  assert_parses ("2262-04-11T23:47:16.854775807Z", G_MAXINT64);
  assert_parses ("1677-09-21T00:12:43.145224193Z", G_MININT64 + 1);
  assert_parses ("2262-04-11T23:47:16.854775807999Z", G_MAXINT64);
  assert_rejects ("2262-04-11T23:47:16.854775808Z", PS_TIME_ERROR_RANGE);
  /* Exactly PS_TIME_INVALID, which is no instant. */
  assert_rejects ("1677-09-21T00:12:43.145224192Z", PS_TIME_ERROR_RANGE);
  assert_rejects ("1677-09-21", PS_TIME_ERROR_RANGE);
  assert_rejects ("2263", PS_TIME_ERROR_RANGE);
  assert_rejects ("9999-12-31T23:59:59.999Z", PS_TIME_ERROR_RANGE);
  assert_rejects ("0000-01-01", PS_TIME_ERROR_RANGE);
  assert_rejects ("-0001-01-01", PS_TIME_ERROR_RANGE);
  assert_rejects ("+002020-01-01x", PS_TIME_ERROR_SYNTAX);
  assert_parses ("+002020-01-01", G_GINT64_CONSTANT (1577836800) * NS);
  assert_rejects ("+99999999999999999999", PS_TIME_ERROR_RANGE);
  assert_rejects ("+1000001", PS_TIME_ERROR_RANGE);
  /* An offset can move an instant out of range, or back in. */
  assert_rejects ("2262-04-11T23:47:16.854775807-00:01", PS_TIME_ERROR_RANGE);
  assert_parses ("2262-04-12T00:47:16.854775807+01:00", G_MAXINT64);
}

static void
test_parse_rejects (void)
{
  static const char *syntax[] = {
    "", "   ", "\n", "garbage", "20", "202", "20201", "2020-", "2020-1", "2020-1-01",
    "2020-01-1", "2020-01-", "2020-0101", "2020-13-01", "2020-00-01", "2020-01-32",
    "2020-01-00", "2020-02-30", "2020-01-02T", "2020-01-02T3", "2020-01-02T03:4",
    "2020-01-02T03:04:5", "2020-01-02T03:04:05.", "2020-01-02T03:04:05.Z",
    "2020-01-02T03:60", "2020-01-02T03:04:05ZZ", "2020-01-02T03:04:05 Z",
    "2020-01-02T03:04:05+1", "2020-01-02T03:04:05+01:", "2020-01-02T03:04:05+24:00",
    "2020-01-02T03:04:05+01:60", "2020-01-02T03:04:05.123abc", "2020-01-02x",
    "2020-01T03:04", "2020T03", "2020-01-02  03:04", "2020-01-02T03:04:05.1.2",
    "2020/01/02", "2020-01-02T03-04-05", "x2020", "2020-01-02T03:04:05\x01",
    "2020-01-02T03:04:05 junk", "2020-01-02T\xff\xfe", "12020-01-01", "2020-1234",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (syntax); i++)
    assert_rejects (syntax[i], PS_TIME_ERROR_SYNTAX);
}

static void
assert_message (const char *text,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  PsTime t;

  g_assert_false (ps_time_parse_iso (text, &t, &error));
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_parse_messages (void)
{
  assert_message ("2020-13-01", "Invalid month 13 in “2020-13-01”");
  assert_message (" 2020-01-32 ", "Invalid day 32 in “2020-01-32”");
  assert_message ("2021-02-29", "Invalid day 29 in “2021-02-29”");
  assert_message ("2020-01-01T24:00:01", "Invalid hour 24 in “2020-01-01T24:00:01”");
  assert_message ("2021-366", "Invalid day of year 366 in “2021-366”");
  assert_message ("", "No time given");
  assert_message ("2020-01-01Tomorrow", "Expected a two-digit hour in “2020-01-01Tomorrow”");
  assert_message ("2020-01-01 12:00 lunch", "Unexpected “lunch” in “2020-01-01 12:00 lunch”");
  assert_message ("hello", "Expected a four-digit year at the start of “hello”");
  assert_message ("2263-01-01",
                  "“2263-01-01” is outside the range of times that can be represented "
                  "(1677-09-21 to 2262-04-11)");
}

/* Long or invalid UTF-8 input is quoted shortened and valid. */
static void
test_parse_messages_sanitized (void)
{
  g_autofree char *long_junk = g_strnfill (1000, 'z');
  g_autofree char *text = g_strconcat ("2020-01-01", long_junk, NULL);
  g_autoptr(GError) error = NULL;
  PsTime t;

  g_assert_false (ps_time_parse_iso (text, &t, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 200);
  g_clear_error (&error);

  g_assert_false (ps_time_parse_iso ("20\xff\xfe-01-01", &t, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_parse_format_round_trip (void)
{
  GRand *rand = g_rand_new_with_seed (1234);
  int i;

  for (i = 0; i < 200000; i++)
    {
      PsTime t = (PsTime) (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand));
      char buf[64];
      PsTime back;
      int digits = g_rand_int_range (rand, 0, 10);
      gint64 unit = 1;
      int k;

      if (t == PS_TIME_INVALID)
        continue;
      /* What is shown with fewer digits parses back to the truncated instant. */
      for (k = digits; k < 9; k++)
        unit *= 10;
      ps_time_format_iso_buf (t, digits, buf, sizeof buf);
      g_assert_true (ps_time_parse_iso (buf, &back, NULL));
      g_assert_cmpint (back, ==, t - (t % unit + unit) % unit);
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/Time/civil/known-days", test_civil_known_days);
  g_test_add_func ("/Core/Time/civil/matches-gdate", test_civil_matches_gdate);
  g_test_add_func ("/Core/Time/civil/round-trip-wide", test_civil_round_trip_wide);
  g_test_add_func ("/Core/Time/parts/negative-floor", test_parts_negative_floor);
  g_test_add_func ("/Core/Time/parts/round-trip", test_parts_round_trip);
  g_test_add_func ("/Core/Time/parts/leap-second-and-overflow", test_parts_leap_second_and_overflow);
  g_test_add_func ("/Core/Time/format/digits", test_format_digits);
  g_test_add_func ("/Core/Time/format/special", test_format_special);
  g_test_add_func ("/Core/Time/format/small-buffer", test_format_small_buffer);
  g_test_add_func ("/Core/Time/format/parts", test_format_parts);
  g_test_add_func ("/Core/Time/format/matches-gdatetime", test_format_matches_gdatetime);
  g_test_add_func ("/Core/Time/parse/full-forms", test_parse_full_forms);
  g_test_add_func ("/Core/Time/parse/truncated-forms", test_parse_truncated_forms);
  g_test_add_func ("/Core/Time/parse/day-of-year", test_parse_day_of_year);
  g_test_add_func ("/Core/Time/parse/leap-days", test_parse_leap_days);
  g_test_add_func ("/Core/Time/parse/leap-second-and-midnight", test_parse_leap_second_and_midnight);
  g_test_add_func ("/Core/Time/parse/range", test_parse_range);
  g_test_add_func ("/Core/Time/parse/rejects", test_parse_rejects);
  g_test_add_func ("/Core/Time/parse/messages", test_parse_messages);
  g_test_add_func ("/Core/Time/parse/messages-sanitized", test_parse_messages_sanitized);
  g_test_add_func ("/Core/Time/parse/format-round-trip", test_parse_format_round_trip);

  return g_test_run ();
}
