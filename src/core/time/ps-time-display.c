/* ps-time-display.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times as people read them in the interface: UTC, a space rather than the
 * ISO "T", calendar or day-of-year dates, and only as many fractional digits
 * as the instant needs. Every form here is accepted back by
 * ps_time_parse_iso(), so a displayed time can be edited and re-entered.
 */

#define G_LOG_DOMAIN "ps-time-display"

#include "config.h"

#include <string.h>

#include "ps-time-display.h"

PsTimeDisplay
ps_time_display_from_nick (const char *nick)
{
  if (g_strcmp0 (nick, "day-of-year") == 0)
    return PS_TIME_DISPLAY_DAY_OF_YEAR;
  return PS_TIME_DISPLAY_CALENDAR;
}

const char *
ps_time_display_to_nick (PsTimeDisplay display)
{
  return display == PS_TIME_DISPLAY_DAY_OF_YEAR ? "day-of-year" : "calendar";
}

/* 0, 3, 6 or 9: the fewest digits (by thousands) that show @t exactly. */
int
ps_time_display_digits_needed (PsTime t)
{
  gint64 ns = t % PS_TIME_NS_PER_SECOND;

  if (ns < 0)
    ns += PS_TIME_NS_PER_SECOND;
  if (ns == 0)
    return 0;
  if (ns % 1000000 == 0)
    return 3;
  if (ns % 1000 == 0)
    return 6;
  return 9;
}

char *
ps_time_format_display (PsTime        t,
                        PsTimeDisplay display,
                        int           digits)
{
  PsTimeParts parts;
  GString *str;

  g_return_val_if_fail (digits >= 0 && digits <= 9, NULL);

  ps_time_to_parts (t, &parts);
  str = g_string_sized_new (32);

  if (display == PS_TIME_DISPLAY_DAY_OF_YEAR)
    {
      gint64 doy = ps_time_days_from_civil (parts.year, parts.month, parts.day)
                   - ps_time_days_from_civil (parts.year, 1, 1) + 1;

      g_string_append_printf (str, "%04d-%03" G_GINT64_FORMAT, parts.year, doy);
    }
  else
    {
      g_string_append_printf (str, "%04d-%02d-%02d", parts.year, parts.month, parts.day);
    }

  g_string_append_printf (str, " %02d:%02d:%02d", parts.hour, parts.minute, parts.second);

  if (digits > 0)
    {
      char frac[10];

      g_snprintf (frac, sizeof frac, "%09" G_GINT64_FORMAT, parts.nanosecond);
      g_string_append_c (str, '.');
      g_string_append_len (str, frac, digits);
    }

  return g_string_free (str, FALSE);
}
