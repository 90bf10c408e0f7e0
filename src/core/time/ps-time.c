/* ps-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsTime and the civil calendar: breaking instants into parts and ISO 8601
 * formatting (parsing is in ps-time-parse.c).
 *
 * Formatting is hand-rolled (no snprintf) because exports and the CLI
 * format one string per sample, millions of them.
 */

#define G_LOG_DOMAIN "ps-time"

#include "config.h"

#include <string.h>

#include "ps-time-private.h"

#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

/* The calendar arithmetic below stays inside gint64 for these. */
#define MAX_ABS_YEAR G_GINT64_CONSTANT (100000000000000) /* 1e14 */
#define MAX_ABS_DAYS (MAX_ABS_YEAR * 365)

/* Room for the longest thing we format, 40 bytes:
 * "-2147483648-12-31T23:59:60.999999999999Z". */
#define FORMAT_MAX 64

G_DEFINE_QUARK (ps-time-error-quark, ps_time_error)

/* Howard Hinnant's days_from_civil idea: shift the year to start on March 1
 * so that the leap day is the last day of the shifted year, then count
 * whole 400-year eras (146097 days each) plus days inside the era. */
gint64
ps_time_days_from_civil (gint64 year,
                         int    month,
                         int    day)
{
  gint64 era;
  gint64 year_of_era;
  gint64 day_of_year;
  gint64 day_of_era;

  g_return_val_if_fail (month >= 1 && month <= 12, 0);
  g_return_val_if_fail (year >= -MAX_ABS_YEAR && year <= MAX_ABS_YEAR, 0);

  if (month <= 2)
    year--;
  era = _ps_time_floor_div (year, 400);
  year_of_era = year - era * 400;                                   /* 0..399 */
  /* Days from March 1 to the first of the month: 153 days every 5 months. */
  day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

  /* 719468 days from 0000-03-01 to 1970-01-01. */
  return era * 146097 + day_of_era - 719468;
}

void
ps_time_civil_from_days (gint64  days,
                         gint64 *year,
                         int    *month,
                         int    *day)
{
  gint64 era;
  gint64 day_of_era;
  gint64 year_of_era;
  gint64 day_of_year;
  gint64 month_from_march;
  gint64 y;

  g_return_if_fail (days >= -MAX_ABS_DAYS && days <= MAX_ABS_DAYS);
  g_return_if_fail (year != NULL && month != NULL && day != NULL);

  days += 719468;
  era = _ps_time_floor_div (days, 146097);
  day_of_era = days - era * 146097;                                 /* 0..146096 */
  /* Remove the leap days before day_of_era to find the year inside the era. */
  year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  y = year_of_era + era * 400;
  day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  month_from_march = (5 * day_of_year + 2) / 153;                   /* 0..11 */

  *day = (int) (day_of_year - (153 * month_from_march + 2) / 5 + 1);
  *month = (int) (month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  *year = y + (*month <= 2 ? 1 : 0);
}

void
ps_time_parts_from_unix_seconds (gint64       seconds,
                                 gint64       nanosecond,
                                 PsTimeParts *parts)
{
  gint64 days;
  gint64 second_of_day;
  gint64 year;

  g_return_if_fail (parts != NULL);
  g_return_if_fail (nanosecond >= 0 && nanosecond < PS_TIME_NS_PER_SECOND);
  /* PsTimeParts.year is an int. */
  g_return_if_fail (seconds / SECONDS_PER_DAY / 366 < G_MAXINT / 2);
  g_return_if_fail (seconds / SECONDS_PER_DAY / 366 > -(G_MAXINT / 2));

  days = _ps_time_floor_div (seconds, SECONDS_PER_DAY);
  second_of_day = _ps_time_floor_mod (seconds, SECONDS_PER_DAY);

  ps_time_civil_from_days (days, &year, &parts->month, &parts->day);
  parts->year = (int) year;
  parts->hour = (int) (second_of_day / 3600);
  parts->minute = (int) (second_of_day / 60 % 60);
  parts->second = (int) (second_of_day % 60);
  parts->nanosecond = nanosecond;
}

void
ps_time_to_parts (PsTime       t,
                  PsTimeParts *parts)
{
  gint64 seconds;

  g_return_if_fail (parts != NULL);

  seconds = _ps_time_floor_div (t, PS_TIME_NS_PER_SECOND);
  ps_time_parts_from_unix_seconds (seconds, _ps_time_floor_mod (t, PS_TIME_NS_PER_SECOND), parts);
}

/* seconds * 1e9 + nanosecond, or FALSE when that leaves gint64. */
gboolean
_ps_time_checked_ns (gint64  seconds,
                     gint64  nanosecond,
                     gint64 *out)
{
  gint64 ns;

  /* Borrow a second so that the earliest instants, whose whole seconds
   * alone lie before G_MININT64 ns, do not overflow on the way. */
  if (seconds < 0 && nanosecond > 0)
    {
      seconds++;
      nanosecond -= PS_TIME_NS_PER_SECOND;
    }
  if (__builtin_mul_overflow (seconds, PS_TIME_NS_PER_SECOND, &ns))
    return FALSE;
  if (__builtin_add_overflow (ns, nanosecond, &ns))
    return FALSE;
  *out = ns;
  return TRUE;
}

/* Second 60 and hour 24 are not rejected: they simply run into the next
 * minute or day, which is how a leap second maps onto PsTime. Returns
 * PS_TIME_INVALID when the instant is outside PsTime's range. */
PsTime
ps_time_from_parts (const PsTimeParts *parts)
{
  gint64 days;
  gint64 seconds;
  gint64 t;

  g_return_val_if_fail (parts != NULL, PS_TIME_INVALID);
  g_return_val_if_fail (parts->month >= 1 && parts->month <= 12, PS_TIME_INVALID);
  g_return_val_if_fail (parts->day >= 1 && parts->day <= 31, PS_TIME_INVALID);
  g_return_val_if_fail (parts->hour >= 0 && parts->hour <= 24, PS_TIME_INVALID);
  g_return_val_if_fail (parts->minute >= 0 && parts->minute <= 59, PS_TIME_INVALID);
  g_return_val_if_fail (parts->second >= 0 && parts->second <= 60, PS_TIME_INVALID);
  g_return_val_if_fail (parts->nanosecond >= 0 && parts->nanosecond < PS_TIME_NS_PER_SECOND,
                        PS_TIME_INVALID);

  days = ps_time_days_from_civil (parts->year, parts->month, parts->day);
  seconds = days * SECONDS_PER_DAY + parts->hour * 3600 + parts->minute * 60 + parts->second;

  if (!_ps_time_checked_ns (seconds, parts->nanosecond, &t) || t == PS_TIME_INVALID)
    return PS_TIME_INVALID;
  return t;
}

/* Formatting */

static const char two_digits[200] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

static inline char *
put2 (char *p,
      int   value)
{
  memcpy (p, two_digits + 2 * value, 2);
  return p + 2;
}

/* ISO 8601 wants at least four year digits; wider years just grow. */
static char *
put_year (char   *p,
          gint64  year)
{
  char tmp[24];
  int n = 0;
  guint64 v;

  if (year >= 0 && year <= 9999)
    return put2 (put2 (p, (int) (year / 100)), (int) (year % 100));

  if (year < 0)
    *p++ = '-';
  v = year < 0 ? -(guint64) year : (guint64) year;
  while (v > 0 || n < 4)
    {
      tmp[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (n > 0)
    *p++ = tmp[--n];
  return p;
}

/* Writes the first @digits digits of the 12-digit fraction nnnnnnnnnppp. */
static char *
put_fraction (char   *p,
              gint64  nanosecond,
              int     picosecond_rest,
              int     digits)
{
  char tmp[12];
  gint64 v = nanosecond;
  int i;

  if (digits <= 0)
    return p;

  for (i = 8; i >= 0; i -= 2)
    {
      if (i == 0)
        {
          tmp[0] = (char) ('0' + v);
          break;
        }
      memcpy (tmp + i - 1, two_digits + 2 * (v % 100), 2);
      v /= 100;
    }
  tmp[9] = (char) ('0' + picosecond_rest / 100);
  tmp[10] = (char) ('0' + picosecond_rest / 10 % 10);
  tmp[11] = (char) ('0' + picosecond_rest % 10);

  *p++ = '.';
  memcpy (p, tmp, digits);
  return p + digits;
}

/* Copies like snprintf: truncated and NUL-terminated when @size is short,
 * and the return value is the full length either way. */
static gsize
copy_out (const char *tmp,
          gsize       len,
          char       *buf,
          gsize       size)
{
  if (size > 0)
    {
      gsize n = MIN (len, size - 1);

      memcpy (buf, tmp, n);
      buf[n] = '\0';
    }
  return len;
}

static gsize
format_parts (const PsTimeParts *parts,
              int                digits,
              int                picosecond_rest,
              gboolean           utc_suffix,
              char              *buf,
              gsize              size)
{
  char tmp[FORMAT_MAX];
  gboolean four_digit_year = parts->year >= 0 && parts->year <= 9999;
  /* Up to the seconds, then the fraction, 'Z' and NUL; an int year
   * takes at most 11 bytes. */
  gsize longest = (four_digit_year ? 19 : 26) + 13 + 1 + 1;
  /* Straight into @buf when it surely fits (the usual case): the copy
   * through tmp would cost about a sixth of the time. */
  char *start = size >= longest ? buf : tmp;
  char *p = start;
  gsize len;

  p = put_year (p, parts->year);
  *p++ = '-';
  p = put2 (p, parts->month);
  *p++ = '-';
  p = put2 (p, parts->day);
  *p++ = 'T';
  p = put2 (p, parts->hour);
  *p++ = ':';
  p = put2 (p, parts->minute);
  *p++ = ':';
  p = put2 (p, parts->second);
  p = put_fraction (p, parts->nanosecond, picosecond_rest, digits);
  if (utc_suffix)
    *p++ = 'Z';

  len = p - start;
  if (start == buf)
    {
      *p = '\0';
      return len;
    }
  return copy_out (tmp, len, buf, size);
}

static gboolean
parts_are_formattable (const PsTimeParts *parts)
{
  return parts->month >= 1 && parts->month <= 12
         && parts->day >= 1 && parts->day <= 31
         && parts->hour >= 0 && parts->hour <= 24
         && parts->minute >= 0 && parts->minute <= 59
         && parts->second >= 0 && parts->second <= 60
         && parts->nanosecond >= 0 && parts->nanosecond < PS_TIME_NS_PER_SECOND;
}

gsize
ps_time_format_parts_buf (const PsTimeParts *parts,
                          int                digits,
                          char              *buf,
                          gsize              size)
{
  g_return_val_if_fail (parts != NULL, 0);
  g_return_val_if_fail (parts_are_formattable (parts), 0);
  g_return_val_if_fail (digits >= 0 && digits <= 9, 0);
  g_return_val_if_fail (buf != NULL || size == 0, 0);

  return format_parts (parts, digits, 0, TRUE, buf, size);
}

gsize
ps_time_format_parts_raw_buf (const PsTimeParts *parts,
                              int                digits,
                              int                picosecond_rest,
                              char              *buf,
                              gsize              size)
{
  g_return_val_if_fail (parts != NULL, 0);
  g_return_val_if_fail (parts_are_formattable (parts), 0);
  g_return_val_if_fail (digits >= 0 && digits <= 12, 0);
  g_return_val_if_fail (picosecond_rest >= 0 && picosecond_rest <= 999, 0);
  g_return_val_if_fail (buf != NULL || size == 0, 0);

  return format_parts (parts, digits, picosecond_rest, FALSE, buf, size);
}

/* YYYY-MM-DDTHH:MM:SS[.fff…]Z, the fraction truncated (never rounded, so a
 * time never moves into the next second). PS_TIME_INVALID is "NaT", as
 * numpy prints the same bit pattern in datetime64[ns]. */
gsize
ps_time_format_iso_buf (PsTime  t,
                        int     digits,
                        char   *buf,
                        gsize   size)
{
  PsTimeParts parts;

  g_return_val_if_fail (digits >= 0 && digits <= 9, 0);
  g_return_val_if_fail (buf != NULL || size == 0, 0);

  if (t == PS_TIME_INVALID)
    return copy_out ("NaT", 3, buf, size);

  ps_time_to_parts (t, &parts);
  return format_parts (&parts, digits, 0, TRUE, buf, size);
}

/**
 * ps_time_format_basic:
 * @round_up: round up to the whole second (for a range's stop, so that it
 *   keeps its last sample) instead of down
 *
 * Returns: (transfer full): @t in the ISO 8601 basic form web services
 *   take in their URLs (CDAS, SSCWeb): "20090601T000000Z"
 */
char *
ps_time_format_basic (PsTime   t,
                      gboolean round_up)
{
  PsTime rest = ((t % PS_TIME_NS_PER_SECOND) + PS_TIME_NS_PER_SECOND) % PS_TIME_NS_PER_SECOND;
  PsTimeParts p;

  ps_time_to_parts (round_up && rest != 0 ? t + (PS_TIME_NS_PER_SECOND - rest) : t, &p);
  return g_strdup_printf ("%04d%02d%02dT%02d%02d%02dZ", p.year, p.month, p.day, p.hour, p.minute, p.second);
}

char *
ps_time_format_iso (PsTime t,
                    int    digits)
{
  char buf[FORMAT_MAX];

  g_return_val_if_fail (digits >= 0 && digits <= 9, NULL);

  ps_time_format_iso_buf (t, digits, buf, sizeof buf);
  return g_strdup (buf);
}
