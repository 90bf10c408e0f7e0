/* ps-ticks-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ticks of the shared time axis, UTC always. A label shows the coarsest
 * part that changes at its tick: years "2020", months "2020-04", days
 * "2020-01-04", times of day "12:30", "12:30:15", "12:30:15.250" with the
 * fewest fractional digits (3, 6 or 9) the step needs. Within a day the
 * date is left out and given once as the context, except at midnight,
 * where the tick shows the new date instead of "00:00" (as Autoplot does).
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-ticks-private.h"

/* Keeps every tick and next period start inside gint64 (about ±253 years). */
#define TIME_LIMIT G_GINT64_CONSTANT (8000000000000000000)
/* Minor ticks closer than this (px) are left out. */
#define MIN_MINOR_PX 4.0

/* In ns, exact while it fits a gint64: near 2020, doubles are 256 ns apart. */
static double
range_duration (const PsTimeRange *range)
{
  gint64 d;

  if (__builtin_sub_overflow (range->stop, range->start, &d))
    return (double) range->stop - (double) range->start;
  return (double) d;
}

static gboolean
is_intraday (const PsTimeStep *step)
{
  return step->unit == PS_TIME_TICK_UNIT_NANOSECOND && step->count < PS_TIME_NS_PER_DAY;
}

static gboolean
is_midnight (PsTime t)
{
  return t % PS_TIME_NS_PER_DAY == 0;
}

/* 0, 3, 6 or 9 fractional digits: the fewest that show every tick. */
static int
fraction_digits (gint64 count)
{
  if (count % PS_TIME_NS_PER_SECOND == 0)
    return 0;
  if (count % 1000000 == 0)
    return 3;
  if (count % 1000 == 0)
    return 6;
  return 9;
}

static int
date_chars (PsTimeDisplay display)
{
  return display == PS_TIME_DISPLAY_DAY_OF_YEAR ? 8 : 10;
}

/* The longest label @step can produce; @with_date when a midnight is in
 * range (every intraday step divides a day, so it is then a tick). */
static int
label_chars (const PsTimeStep *step,
             PsTimeDisplay     display,
             gboolean          with_date)
{
  int chars;

  switch (step->unit)
    {
    case PS_TIME_TICK_UNIT_YEAR:
      return 4;
    case PS_TIME_TICK_UNIT_MONTH:
      return display == PS_TIME_DISPLAY_DAY_OF_YEAR ? 8 : 7;
    case PS_TIME_TICK_UNIT_DAY:
      return date_chars (display);
    case PS_TIME_TICK_UNIT_NANOSECOND:
    default:
      if (!is_intraday (step))
        return date_chars (display);
      if (step->count % (60 * PS_TIME_NS_PER_SECOND) == 0)
        chars = 5;
      else if (fraction_digits (step->count) == 0)
        chars = 8;
      else
        chars = 9 + fraction_digits (step->count);
      return with_date ? MAX (chars, date_chars (display)) : chars;
    }
}

static void
append_date (GString           *str,
             const PsTimeParts *parts,
             PsTimeDisplay      display)
{
  if (display == PS_TIME_DISPLAY_DAY_OF_YEAR)
    {
      gint64 doy = ps_time_days_from_civil (parts->year, parts->month, parts->day)
                   - ps_time_days_from_civil (parts->year, 1, 1) + 1;

      g_string_append_printf (str, "%04d-%03d", parts->year, (int) doy);
    }
  else
    g_string_append_printf (str, "%04d-%02d-%02d", parts->year, parts->month, parts->day);
}

static char *
format_date (PsTime        t,
             PsTimeDisplay display)
{
  GString *str = g_string_new (NULL);
  PsTimeParts parts;

  ps_time_to_parts (t, &parts);
  append_date (str, &parts, display);
  return g_string_free (str, FALSE);
}

static char *
format_label (PsTime            t,
              const PsTimeStep *step,
              PsTimeDisplay     display)
{
  GString *str = g_string_new (NULL);
  PsTimeParts parts;
  int digits;

  ps_time_to_parts (t, &parts);

  if (step->unit == PS_TIME_TICK_UNIT_YEAR)
    g_string_append_printf (str, "%04d", parts.year);
  else if (step->unit == PS_TIME_TICK_UNIT_MONTH && display == PS_TIME_DISPLAY_CALENDAR)
    g_string_append_printf (str, "%04d-%02d", parts.year, parts.month);
  else if (!is_intraday (step) || is_midnight (t))
    append_date (str, &parts, display);
  else if (step->count % (60 * PS_TIME_NS_PER_SECOND) == 0)
    g_string_append_printf (str, "%02d:%02d", parts.hour, parts.minute);
  else
    {
      g_string_append_printf (str, "%02d:%02d:%02d", parts.hour, parts.minute, parts.second);
      digits = fraction_digits (step->count);
      if (digits > 0)
        {
          gint64 fraction = parts.nanosecond;

          for (int i = digits; i < 9; i++)
            fraction /= 10;
          g_string_append_printf (str, ".%0*" G_GINT64_FORMAT, digits, fraction);
        }
    }

  return g_string_free (str, FALSE);
}

static const PsTimeStep *
choose_step (const PsTimeRange *range,
             double             width_px,
             double             label_width_px,
             PsTimeDisplay      display)
{
  const PsTimeStep *ladder;
  guint n = _ps_time_step_ladder (display, &ladder);
  double duration = range_duration (range);
  /* The first midnight at or after the start. */
  PsTime midnight = range->start - range->start % PS_TIME_NS_PER_DAY
                    + (range->start % PS_TIME_NS_PER_DAY > 0 ? PS_TIME_NS_PER_DAY : 0);
  gboolean with_date = midnight <= range->stop;

  for (guint i = 0; i < n; i++)
    {
      double chars = label_chars (&ladder[i], display, with_date);
      double need = 1.5 * label_width_px * MAX (1.0, chars / 8.0);

      if (width_px * _ps_time_step_min_ns (&ladder[i]) / duration >= need)
        return &ladder[i];
    }
  return &ladder[n - 1];
}

/* The ticks of the first candidate minor step that is not too dense,
 * less those that fall on a major tick. */
static GArray *
minor_ticks (const PsTimeRange *range,
             const PsTimeStep  *major_step,
             const GArray      *major,
             double             width_px,
             PsTimeDisplay      display)
{
  GArray *minor = g_array_new (FALSE, FALSE, sizeof (PsTime));
  double duration = range_duration (range);
  PsTimeStep candidates[2];
  guint n = _ps_time_step_minors (major_step, display, candidates);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GArray) all = NULL;
      guint m = 0;

      if (width_px * _ps_time_step_min_ns (&candidates[i]) / duration < MIN_MINOR_PX)
        continue;

      all = g_array_new (FALSE, FALSE, sizeof (PsTime));
      _ps_time_step_enumerate (&candidates[i], display, range->start, range->stop, all);
      for (guint j = 0; j < all->len; j++)
        {
          PsTime t = g_array_index (all, PsTime, j);

          while (m < major->len && g_array_index (major, PsTime, m) < t)
            m++;
          if (m < major->len && g_array_index (major, PsTime, m) == t)
            continue;
          g_array_append_val (minor, t);
        }
      break;
    }
  return minor;
}

gboolean
ps_time_ticks (const PsTimeRange *range,
               double             width_px,
               double             label_width_px,
               PsTimeDisplay      display,
               PsTimeTicks       *out)
{
  const PsTimeStep *step;
  GArray *major;
  GArray *minor;
  GPtrArray *labels;

  g_return_val_if_fail (range != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!(range->start < range->stop) || range->start < -TIME_LIMIT || range->stop > TIME_LIMIT
      || !isfinite (width_px) || !isfinite (label_width_px)
      || !(width_px > 0) || !(label_width_px > 0))
    return FALSE;

  step = choose_step (range, width_px, label_width_px, display);
  major = g_array_new (FALSE, FALSE, sizeof (PsTime));
  _ps_time_step_enumerate (step, display, range->start, range->stop, major);

  labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < major->len; i++)
    g_ptr_array_add (labels, format_label (g_array_index (major, PsTime, i), step, display));
  g_ptr_array_add (labels, NULL);

  minor = minor_ticks (range, step, major, width_px, display);

  if (is_intraday (step))
    {
      if (major->len == 0)
        out->context = format_date (range->start, display);
      else if (!is_midnight (g_array_index (major, PsTime, 0)))
        out->context = format_date (g_array_index (major, PsTime, 0), display);
    }

  out->unit = step->unit;
  out->count = step->count;
  out->n_major = major->len;
  out->major = (PsTime *) (void *) g_array_free (major, FALSE);
  out->labels = (char **) g_ptr_array_free (labels, FALSE);
  out->n_minor = minor->len;
  out->minor = (PsTime *) (void *) g_array_free (minor, FALSE);
  return TRUE;
}
