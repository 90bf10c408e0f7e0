/* ps-leap-seconds.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The leap-second table built into the NASA CDF library (CDFLeapSeconds.txt,
 * last entry 2017-01-01, TAI-UTC = 37 s), and the arithmetic the CDF library
 * does with it, reproduced to the nanosecond so that TT2000 values written
 * by other software read back as the same UTC instants.
 *
 * Before 1960 TAI-UTC is taken as 0. From 1960 to 1971 UTC was steered by
 * frequency offsets rather than whole seconds: TAI-UTC drifts linearly,
 *   TAI-UTC = leap + (MJD - mjd0) * drift
 * and the CDF library evaluates that once per UTC day, at the day's noon
 * (its MJD + 0.5), in doubles, truncating to nanoseconds. From 1972 it is
 * a whole number of seconds that grows by one after each leap second.
 */

#define G_LOG_DOMAIN "ps-time"

#include "config.h"

#include "ps-leap-seconds.h"
#include "ps-time-cdf.h"

#define DAY_NS        G_GINT64_CONSTANT (86400000000000)
#define SECOND_NS     G_GINT64_CONSTANT (1000000000)
/* Days from 1858-11-17 (MJD 0) to 1970-01-01. */
#define MJD_UNIX_DAY0 G_GINT64_CONSTANT (40587)

typedef struct
{
  gint16 year;
  gint8  month;
  gint8  day;
  gint32 unix_day;  /* the same date, as days since 1970 (checked by the tests) */
  double tai_utc;   /* seconds */
  double drift_mjd; /* only before 1972 */
  double drift;     /* seconds per day, only before 1972 */
} LeapRow;

static const LeapRow rows[] = {
  { 1960,  1, 1, -3653,  1.4178180, 37300.0, 0.0012960 },
  { 1961,  1, 1, -3287,  1.4228180, 37300.0, 0.0012960 },
  { 1961,  8, 1, -3075,  1.3728180, 37300.0, 0.0012960 },
  { 1962,  1, 1, -2922,  1.8458580, 37665.0, 0.0011232 },
  { 1963, 11, 1, -2253,  1.9458580, 37665.0, 0.0011232 },
  { 1964,  1, 1, -2192,  3.2401300, 38761.0, 0.0012960 },
  { 1964,  4, 1, -2101,  3.3401300, 38761.0, 0.0012960 },
  { 1964,  9, 1, -1948,  3.4401300, 38761.0, 0.0012960 },
  { 1965,  1, 1, -1826,  3.5401300, 38761.0, 0.0012960 },
  { 1965,  3, 1, -1767,  3.6401300, 38761.0, 0.0012960 },
  { 1965,  7, 1, -1645,  3.7401300, 38761.0, 0.0012960 },
  { 1965,  9, 1, -1583,  3.8401300, 38761.0, 0.0012960 },
  { 1966,  1, 1, -1461,  4.3131700, 39126.0, 0.0025920 },
  { 1968,  2, 1,  -700,  4.2131700, 39126.0, 0.0025920 },
  { 1972,  1, 1,   730, 10.0, 0.0, 0.0 },
  { 1972,  7, 1,   912, 11.0, 0.0, 0.0 },
  { 1973,  1, 1,  1096, 12.0, 0.0, 0.0 },
  { 1974,  1, 1,  1461, 13.0, 0.0, 0.0 },
  { 1975,  1, 1,  1826, 14.0, 0.0, 0.0 },
  { 1976,  1, 1,  2191, 15.0, 0.0, 0.0 },
  { 1977,  1, 1,  2557, 16.0, 0.0, 0.0 },
  { 1978,  1, 1,  2922, 17.0, 0.0, 0.0 },
  { 1979,  1, 1,  3287, 18.0, 0.0, 0.0 },
  { 1980,  1, 1,  3652, 19.0, 0.0, 0.0 },
  { 1981,  7, 1,  4199, 20.0, 0.0, 0.0 },
  { 1982,  7, 1,  4564, 21.0, 0.0, 0.0 },
  { 1983,  7, 1,  4929, 22.0, 0.0, 0.0 },
  { 1985,  7, 1,  5660, 23.0, 0.0, 0.0 },
  { 1988,  1, 1,  6574, 24.0, 0.0, 0.0 },
  { 1990,  1, 1,  7305, 25.0, 0.0, 0.0 },
  { 1991,  1, 1,  7670, 26.0, 0.0, 0.0 },
  { 1992,  7, 1,  8217, 27.0, 0.0, 0.0 },
  { 1993,  7, 1,  8582, 28.0, 0.0, 0.0 },
  { 1994,  7, 1,  8947, 29.0, 0.0, 0.0 },
  { 1996,  1, 1,  9496, 30.0, 0.0, 0.0 },
  { 1997,  7, 1, 10043, 31.0, 0.0, 0.0 },
  { 1999,  1, 1, 10592, 32.0, 0.0, 0.0 },
  { 2006,  1, 1, 13149, 33.0, 0.0, 0.0 },
  { 2009,  1, 1, 14245, 34.0, 0.0, 0.0 },
  { 2012,  7, 1, 15522, 35.0, 0.0, 0.0 },
  { 2015,  7, 1, 16617, 36.0, 0.0, 0.0 },
  { 2017,  1, 1, 17167, 37.0, 0.0, 0.0 },
};

#define N_ROWS        ((int) G_N_ELEMENTS (rows))
/* The first row with whole leap seconds, 1972-01-01. */
#define FIRST_LEAP    14
#define LAST_UPDATED  20170101

int
ps_leap_seconds_last_updated (void)
{
  return LAST_UPDATED;
}

guint
ps_leap_seconds_n_rows (void)
{
  return N_ROWS;
}

void
ps_leap_seconds_row (guint   i,
                     int    *year,
                     int    *month,
                     int    *day,
                     gint64 *unix_day)
{
  g_return_if_fail (i < (guint) N_ROWS);

  *year = rows[i].year;
  *month = rows[i].month;
  *day = rows[i].day;
  *unix_day = rows[i].unix_day;
}

/* The last row in effect on @unix_day, or -1 before 1960. */
static int
row_for_day (gint64 unix_day)
{
  int lo = 0;
  int hi = N_ROWS;

  if (unix_day < rows[0].unix_day)
    return -1;

  /* rows[lo].unix_day <= unix_day < rows[hi].unix_day */
  while (hi - lo > 1)
    {
      int mid = (lo + hi) / 2;

      if (rows[mid].unix_day <= unix_day)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* The CDF library's own expression, in its order: the day's noon as a
 * Julian date less 2400000.5, i.e. MJD + 0.5, then one rounding per
 * operation. Kept as separate statements so that no compiler fuses them
 * into an FMA (C11 mode keeps GCC from contracting across statements). */
static gint64
drift_tai_utc_ns (int    row,
                  gint64 unix_day)
{
  double mjd_noon = (double) (unix_day + MJD_UNIX_DAY0) + 0.5;
  double days = mjd_noon - rows[row].drift_mjd;
  double drifted = days * rows[row].drift;
  double seconds = rows[row].tai_utc + drifted;
  double ns = seconds * 1e9;

  return (gint64) ns;
}

gint64
ps_leap_seconds_tai_utc_ns (gint64 unix_day)
{
  int row = row_for_day (unix_day);

  if (row < 0)
    return 0;
  if (row < FIRST_LEAP)
    return drift_tai_utc_ns (row, unix_day);
  return (gint64) rows[row].tai_utc * SECOND_NS;
}

/* TT2000 of 00:00:00 UTC on @unix_day (any day the table covers). */
static gint64
day_start_tt2000 (gint64 unix_day)
{
  return unix_day * DAY_NS - PS_TT2000_UNIX_OFFSET + ps_leap_seconds_tai_utc_ns (unix_day);
}

static void
set_segment (PsLeapSegment *seg,
             gint64         first,
             gint64         last,
             gint64         tai_utc_ns,
             gboolean       ends_with_leap)
{
  seg->first = first;
  seg->last = last;
  seg->delta = PS_TT2000_UNIX_OFFSET - tai_utc_ns;
  seg->ends_with_leap = ends_with_leap;
  seg->valid = TRUE;
}

/* From 1972 a segment runs from one leap second to the next, and its last
 * second is the inserted one, 23:59:60. */
static void
leap_era_segment (gint64         tt2000,
                  PsLeapSegment *seg)
{
  int lo = FIRST_LEAP;
  int hi = N_ROWS;
  gint64 tai_utc_ns;

  while (hi - lo > 1)
    {
      int mid = (lo + hi) / 2;

      if (day_start_tt2000 (rows[mid].unix_day) <= tt2000)
        lo = mid;
      else
        hi = mid;
    }

  tai_utc_ns = (gint64) rows[lo].tai_utc * SECOND_NS;
  if (lo + 1 < N_ROWS)
    set_segment (seg, day_start_tt2000 (rows[lo].unix_day),
                 day_start_tt2000 (rows[lo + 1].unix_day) - 1, tai_utc_ns, TRUE);
  else
    set_segment (seg, day_start_tt2000 (rows[lo].unix_day), G_MAXINT64, tai_utc_ns, FALSE);
}

/* From 1960 to 1971 TAI-UTC changes every day, so a segment is one UTC
 * day. Days do not quite tile TT2000: where TAI-UTC grows overnight there
 * are TT2000 values no UTC instant has (they extend the day before), and
 * where it shrinks (1961-08-01, 1968-02-01) the next day wins the overlap. */
static void
drift_era_segment (gint64         tt2000,
                   PsLeapSegment *seg)
{
  gint64 day = (tt2000 + PS_TT2000_UNIX_OFFSET) / DAY_NS - 1;

  day = CLAMP (day, rows[0].unix_day, rows[FIRST_LEAP].unix_day - 1);
  while (day > rows[0].unix_day && day_start_tt2000 (day) > tt2000)
    day--;
  while (day_start_tt2000 (day + 1) <= tt2000)
    day++;

  set_segment (seg, day_start_tt2000 (day), day_start_tt2000 (day + 1) - 1,
               ps_leap_seconds_tai_utc_ns (day), FALSE);
}

void
ps_leap_seconds_segment (gint64         tt2000,
                         PsLeapSegment *seg)
{
  gint64 drift_start;

  g_return_if_fail (seg != NULL);

  if (tt2000 == PS_TT2000_FILL || tt2000 == PS_TT2000_PAD)
    {
      seg->first = PS_TT2000_FILL;
      seg->last = PS_TT2000_PAD;
      seg->delta = 0;
      seg->ends_with_leap = FALSE;
      seg->valid = FALSE;
      return;
    }

  if (tt2000 >= day_start_tt2000 (rows[FIRST_LEAP].unix_day))
    {
      leap_era_segment (tt2000, seg);
      return;
    }

  drift_start = day_start_tt2000 (rows[0].unix_day);
  if (tt2000 < drift_start)
    set_segment (seg, PS_TT2000_PAD + 1, drift_start - 1, 0, FALSE);
  else
    drift_era_segment (tt2000, seg);
}
