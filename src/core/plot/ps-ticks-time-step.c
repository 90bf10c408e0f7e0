/* ps-ticks-time-step.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps of the time axis, aligned to the UTC calendar: fixed lengths
 * up to a day (each divides a day, so multiples since 1970 fall on the
 * same wall-clock times every day), then days counted from the 1st of
 * each month (from 1 January with day-of-year display), months from
 * January, and years that are multiples of the step. Everything here is
 * integer arithmetic on ns and days.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include "ps-ticks-private.h"

#define NS   PS_TIME_TICK_UNIT_NANOSECOND
#define DAYS PS_TIME_TICK_UNIT_DAY
#define MON  PS_TIME_TICK_UNIT_MONTH
#define YEAR PS_TIME_TICK_UNIT_YEAR

#define US  G_GINT64_CONSTANT (1000)
#define MS  G_GINT64_CONSTANT (1000000)
#define SEC PS_TIME_NS_PER_SECOND
#define MINUTE (60 * SEC)
#define HOUR (3600 * SEC)
#define DAY PS_TIME_NS_PER_DAY

#define DECADE(unit, k) { unit, 1 * k }, { unit, 2 * k }, { unit, 5 * k }

/* Up to one day, the same for both displays. */
#define INTRADAY_STEPS \
  DECADE (NS, 1), DECADE (NS, 10), DECADE (NS, 100), \
  DECADE (NS, US), DECADE (NS, 10 * US), DECADE (NS, 100 * US), \
  DECADE (NS, MS), DECADE (NS, 10 * MS), DECADE (NS, 100 * MS), \
  { NS, SEC }, { NS, 2 * SEC }, { NS, 5 * SEC }, \
  { NS, 10 * SEC }, { NS, 15 * SEC }, { NS, 30 * SEC }, \
  { NS, MINUTE }, { NS, 2 * MINUTE }, { NS, 5 * MINUTE }, \
  { NS, 10 * MINUTE }, { NS, 15 * MINUTE }, { NS, 30 * MINUTE }, \
  { NS, HOUR }, { NS, 2 * HOUR }, { NS, 3 * HOUR }, { NS, 6 * HOUR }, { NS, 12 * HOUR }, \
  { NS, DAY }

/* PsTime spans about 584 years; the last steps leave one tick or none. */
#define YEAR_STEPS \
  DECADE (YEAR, 1), DECADE (YEAR, 10), DECADE (YEAR, 100), { YEAR, 1000 }

static const PsTimeStep calendar_ladder[] = {
  INTRADAY_STEPS,
  { DAYS, 2 }, { DAYS, 5 }, { DAYS, 10 }, { DAYS, 15 },
  { MON, 1 }, { MON, 2 }, { MON, 3 }, { MON, 6 },
  YEAR_STEPS,
};

static const PsTimeStep day_of_year_ladder[] = {
  INTRADAY_STEPS,
  { DAYS, 2 }, { DAYS, 5 }, { DAYS, 10 }, { DAYS, 20 }, { DAYS, 50 }, { DAYS, 100 },
  YEAR_STEPS,
};

/* Finer steps that subdivide the fixed steps from a second up. */
static const struct
{
  gint64 major;
  gint64 minor;
} fixed_minors[] = {
  { SEC, 200 * MS }, { 2 * SEC, 500 * MS }, { 5 * SEC, SEC },
  { 10 * SEC, 2 * SEC }, { 15 * SEC, 5 * SEC }, { 30 * SEC, 10 * SEC },
  { MINUTE, 15 * SEC }, { 2 * MINUTE, 30 * SEC }, { 5 * MINUTE, MINUTE },
  { 10 * MINUTE, 2 * MINUTE }, { 15 * MINUTE, 5 * MINUTE }, { 30 * MINUTE, 10 * MINUTE },
  { HOUR, 15 * MINUTE }, { 2 * HOUR, 30 * MINUTE }, { 3 * HOUR, HOUR },
  { 6 * HOUR, HOUR }, { 12 * HOUR, 3 * HOUR }, { DAY, 6 * HOUR },
};

guint
_ps_time_step_ladder (PsTimeDisplay      display,
                      const PsTimeStep **ladder)
{
  if (display == PS_TIME_DISPLAY_DAY_OF_YEAR)
    {
      *ladder = day_of_year_ladder;
      return G_N_ELEMENTS (day_of_year_ladder);
    }
  *ladder = calendar_ladder;
  return G_N_ELEMENTS (calendar_ladder);
}

/* 1 → 2/10, 2 → 5/10, 5 → 1 of the same power of ten; 0 when none. */
static gint64
decimal_minor (gint64 count)
{
  gint64 power = 1;

  while (count / power >= 10)
    power *= 10;
  switch (count / power)
    {
    case 1:
      return power >= 10 ? 2 * power / 10 : 0;
    case 2:
      return power >= 10 ? 5 * power / 10 : 1;
    default:
      return power;
    }
}

static guint
set_minors (PsTimeStep     out[2],
            PsTimeTickUnit unit0,
            gint64         count0,
            PsTimeTickUnit unit1,
            gint64         count1)
{
  out[0] = (PsTimeStep) { unit0, count0 };
  out[1] = (PsTimeStep) { unit1, count1 };
  return count1 > 0 ? 2 : count0 > 0 ? 1 : 0;
}

guint
_ps_time_step_minors (const PsTimeStep *major,
                      PsTimeDisplay     display,
                      PsTimeStep        out[2])
{
  gboolean doy = display == PS_TIME_DISPLAY_DAY_OF_YEAR;
  gint64 c = major->count;

  switch (major->unit)
    {
    case PS_TIME_TICK_UNIT_NANOSECOND:
      if (c < SEC)
        return set_minors (out, NS, decimal_minor (c), NS, 0);
      for (guint i = 0; i < G_N_ELEMENTS (fixed_minors); i++)
        if (fixed_minors[i].major == c)
          return set_minors (out, NS, fixed_minors[i].minor, NS, 0);
      return 0;
    case PS_TIME_TICK_UNIT_DAY:
      if (c <= 5)
        return set_minors (out, NS, DAY, NS, 0);
      if (c <= 20)
        return set_minors (out, NS, DAY, DAYS, 5);
      if (c <= 50)
        return set_minors (out, DAYS, 5, DAYS, 10);
      return set_minors (out, DAYS, 10, DAYS, 50);
    case PS_TIME_TICK_UNIT_MONTH:
      if (c == 1)
        return set_minors (out, NS, DAY, DAYS, 5);
      return set_minors (out, MON, 1, MON, 0);
    case PS_TIME_TICK_UNIT_YEAR:
      if (c == 1)
        return doy ? set_minors (out, DAYS, 10, DAYS, 50) : set_minors (out, MON, 1, MON, 3);
      if (c == 2)
        return doy ? set_minors (out, DAYS, 50, YEAR, 1) : set_minors (out, MON, 6, YEAR, 1);
      return set_minors (out, YEAR, decimal_minor (c), YEAR, 0);
    default:
      g_assert_not_reached ();
    }
}

/* A day step leaves out a last day closer than this to the next period's
 * 1st, so that labels there are never much closer than the step. */
static gint64
day_step_min_gap (gint64 count)
{
  return (3 * count + 3) / 4;
}

double
_ps_time_step_min_ns (const PsTimeStep *step)
{
  switch (step->unit)
    {
    case PS_TIME_TICK_UNIT_NANOSECOND:
      return (double) step->count;
    case PS_TIME_TICK_UNIT_DAY:
      return (double) day_step_min_gap (step->count) * (double) DAY;
    case PS_TIME_TICK_UNIT_MONTH:
      /* February; then the shortest run of aligned months. */
      return (double) (step->count == 1 ? 28 : 30 * step->count - 2) * (double) DAY;
    case PS_TIME_TICK_UNIT_YEAR:
      return 365.0 * (double) step->count * (double) DAY;
    default:
      g_assert_not_reached ();
    }
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a / b - (a % b < 0);
}

static void
append_if_inside (GArray *out,
                  PsTime  t,
                  PsTime  start)
{
  if (t >= start && out->len < PS_TICKS_MAX)
    g_array_append_val (out, t);
}

static void
enumerate_fixed (gint64  count,
                 PsTime  start,
                 PsTime  stop,
                 GArray *out)
{
  PsTime t = (floor_div (start, count) + (start % count != 0)) * count;

  while (t <= stop && out->len < PS_TICKS_MAX)
    {
      g_array_append_val (out, t);
      if (stop - t < count)
        break;
      t += count;
    }
}

/* Days 1, 1 + n, 1 + 2n… of each month, or of each year. */
static void
enumerate_days (gint64   count,
                gboolean by_year,
                PsTime   start,
                PsTime   stop,
                GArray  *out)
{
  /* Compared in days: past @stop, days × DAY may leave gint64. */
  gint64 last_day = floor_div (stop, DAY);
  gint64 year;
  int month, day;

  ps_time_civil_from_days (floor_div (start, DAY), &year, &month, &day);
  if (by_year)
    month = 1;

  for (;;)
    {
      gint64 first = ps_time_days_from_civil (year, month, 1);
      gint64 next = by_year ? ps_time_days_from_civil (year + 1, 1, 1)
                            : ps_time_days_from_civil (year + (month == 12), month % 12 + 1, 1);

      for (gint64 d = 0; next - (first + d) >= day_step_min_gap (count); d += count)
        {
          if (first + d > last_day || out->len >= PS_TICKS_MAX)
            return;
          append_if_inside (out, (first + d) * DAY, start);
        }
      if (by_year)
        year++;
      else if (++month > 12)
        {
          month = 1;
          year++;
        }
    }
}

static void
enumerate_calendar (const PsTimeStep *step,
                    PsTime            start,
                    PsTime            stop,
                    GArray           *out)
{
  gint64 last_day = floor_div (stop, DAY);
  gint64 year;
  int month, day;

  ps_time_civil_from_days (floor_div (start, DAY), &year, &month, &day);

  if (step->unit == PS_TIME_TICK_UNIT_YEAR)
    {
      for (year = floor_div (year, step->count) * step->count;; year += step->count)
        {
          gint64 days = ps_time_days_from_civil (year, 1, 1);

          if (days > last_day || out->len >= PS_TICKS_MAX)
            return;
          append_if_inside (out, days * DAY, start);
        }
    }

  for (month = 1 + (month - 1) / (int) step->count * (int) step->count;; month += (int) step->count)
    {
      gint64 days;

      if (month > 12)
        {
          month -= 12;
          year++;
        }
      days = ps_time_days_from_civil (year, month, 1);
      if (days > last_day || out->len >= PS_TICKS_MAX)
        return;
      append_if_inside (out, days * DAY, start);
    }
}

void
_ps_time_step_enumerate (const PsTimeStep *step,
                         PsTimeDisplay     display,
                         PsTime            start,
                         PsTime            stop,
                         GArray           *out)
{
  switch (step->unit)
    {
    case PS_TIME_TICK_UNIT_NANOSECOND:
      enumerate_fixed (step->count, start, stop, out);
      break;
    case PS_TIME_TICK_UNIT_DAY:
      enumerate_days (step->count, display == PS_TIME_DISPLAY_DAY_OF_YEAR, start, stop, out);
      break;
    case PS_TIME_TICK_UNIT_MONTH:
    case PS_TIME_TICK_UNIT_YEAR:
      enumerate_calendar (step, start, stop, out);
      break;
    default:
      g_assert_not_reached ();
    }
}
