/* ps-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsTime and the civil calendar: breaking instants into parts, ISO 8601
 * formatting and parsing.
 *
 * Formatting is hand-rolled (no snprintf) because exports and the CLI
 * format one string per sample, millions of them. Parsing is hand-rolled
 * because GDateTime stops at microseconds, has no day-of-year form, and
 * cannot tell the user which field was wrong.
 */

#define G_LOG_DOMAIN "ps-time"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ps-time.h"

#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

/* The calendar arithmetic below stays inside gint64 for these. */
#define MAX_ABS_YEAR G_GINT64_CONSTANT (100000000000000) /* 1e14 */
#define MAX_ABS_DAYS (MAX_ABS_YEAR * 365)

/* Room for the longest thing we format, 40 bytes:
 * "-2147483648-12-31T23:59:60.999999999999Z". */
#define FORMAT_MAX 64

G_DEFINE_QUARK (ps-time-error-quark, ps_time_error)

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  /* C division truncates towards zero; times before 1970 need floor. */
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

/* The remainder that goes with floor_div(), 0 <= r < b for b > 0. Never
 * written as a - q * b, which overflows near G_MININT64. */
static inline gint64
floor_mod (gint64 a,
           gint64 b)
{
  gint64 r = a % b;

  return r < 0 ? r + b : r;
}

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
  era = floor_div (year, 400);
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
  era = floor_div (days, 146097);
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

  days = floor_div (seconds, SECONDS_PER_DAY);
  second_of_day = floor_mod (seconds, SECONDS_PER_DAY);

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

  seconds = floor_div (t, PS_TIME_NS_PER_SECOND);
  ps_time_parts_from_unix_seconds (seconds, floor_mod (t, PS_TIME_NS_PER_SECOND), parts);
}

/* seconds * 1e9 + nanosecond, or FALSE when that leaves gint64. */
static gboolean
checked_ns (gint64  seconds,
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

  if (!checked_ns (seconds, parts->nanosecond, &t) || t == PS_TIME_INVALID)
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

char *
ps_time_format_iso (PsTime t,
                    int    digits)
{
  char buf[FORMAT_MAX];

  g_return_val_if_fail (digits >= 0 && digits <= 9, NULL);

  ps_time_format_iso_buf (t, digits, buf, sizeof buf);
  return g_strdup (buf);
}

/* Parsing */

/* Years this far out cannot be PsTimes; stopping here keeps the arithmetic
 * in gint64 and the message about the range rather than an overflow. */
#define PARSE_MAX_ABS_YEAR 1000000

typedef struct
{
  const char *p;
  const char *text;  /* from the first non-blank */
  char       *shown; /* the input as messages quote it, made on demand */
  GError    **error;
} Scanner;

typedef struct
{
  gint64 year;
  int    month;
  int    day;
  int    day_of_year;    /* 0 unless the date was YYYY-DDD */
  int    hour;
  int    minute;
  int    second;
  gint64 nanosecond;
  int    offset_minutes; /* east of UTC */
} Fields;

/* The input without the trailing blanks, valid UTF-8, at most 64 characters. */
static const char *
shown (Scanner *s)
{
  const char *end;
  char *valid;

  if (s->shown != NULL)
    return s->shown;

  end = s->text + strlen (s->text);
  while (end > s->text && g_ascii_isspace (end[-1]))
    end--;
  valid = g_utf8_make_valid (s->text, end - s->text);

  if (g_utf8_strlen (valid, -1) > 64)
    {
      g_autofree char *head = g_utf8_substring (valid, 0, 63);

      g_free (valid);
      valid = g_strconcat (head, "…", NULL);
    }
  s->shown = valid;
  return s->shown;
}

static gboolean G_GNUC_PRINTF (3, 4)
fail (Scanner     *s,
      PsTimeError  code,
      const char  *format,
      ...)
{
  va_list args;

  if (s->error == NULL)
    return FALSE;

  va_start (args, format);
  *s->error = g_error_new_valist (PS_TIME_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
is_leap_year (gint64 year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month (gint64 year,
               int    month)
{
  static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return month == 2 && is_leap_year (year) ? 29 : days[month - 1];
}

static int
count_digits (const char *p)
{
  int n = 0;

  while (g_ascii_isdigit (p[n]))
    n++;
  return n;
}

/* Reads exactly @n digits (n <= 18) and advances. */
static gint64
take_digits (Scanner *s,
             int      n)
{
  gint64 v = 0;
  int i;

  for (i = 0; i < n; i++)
    v = v * 10 + (s->p[i] - '0');
  s->p += n;
  return v;
}

/* Exactly two digits, as every field but the year and the fraction has. */
static gboolean
take_two (Scanner *s,
          int     *out)
{
  if (count_digits (s->p) != 2)
    return FALSE;
  *out = (int) take_digits (s, 2);
  return TRUE;
}

static gboolean
scan_year (Scanner *s,
           Fields  *f)
{
  gboolean negative = FALSE;
  gboolean has_sign = FALSE;
  int n;

  if ((*s->p == '-' || *s->p == '+') && g_ascii_isdigit (s->p[1]))
    {
      negative = *s->p == '-';
      has_sign = TRUE;
      s->p++;
    }

  n = count_digits (s->p);
  /* ISO 8601 years have four digits; more only with a sign (expanded form). */
  if (n < 4 || (n > 4 && !has_sign))
    return fail (s, PS_TIME_ERROR_SYNTAX,
                 _("Expected a four-digit year at the start of “%s”"), shown (s));
  if (n > 7)
    return fail (s, PS_TIME_ERROR_RANGE, _("The year in “%s” is out of range"), shown (s));

  f->year = take_digits (s, n);
  if (negative)
    f->year = -f->year;
  return TRUE;
}

static gboolean
scan_day_of_year (Scanner *s,
                  Fields  *f)
{
  f->day_of_year = (int) take_digits (s, 3);
  if (f->day_of_year < 1 || f->day_of_year > (is_leap_year (f->year) ? 366 : 365))
    return fail (s, PS_TIME_ERROR_SYNTAX,
                 _("Invalid day of year %d in “%s”"), f->day_of_year, shown (s));
  return TRUE;
}

/* After the year: nothing, -MM, -MM-DD or -DDD. Sets *complete when the
 * date names a day, since only then may a time follow. */
static gboolean
scan_date_rest (Scanner  *s,
                Fields   *f,
                gboolean *complete)
{
  int n;

  *complete = FALSE;
  if (*s->p != '-')
    return TRUE;

  s->p++;
  n = count_digits (s->p);
  if (n == 3)
    {
      *complete = scan_day_of_year (s, f);
      return *complete;
    }
  if (n != 2)
    return fail (s, PS_TIME_ERROR_SYNTAX,
                 _("Expected a two-digit month or a three-digit day of year after the year in “%s”"),
                 shown (s));

  f->month = (int) take_digits (s, 2);
  if (f->month < 1 || f->month > 12)
    return fail (s, PS_TIME_ERROR_SYNTAX, _("Invalid month %d in “%s”"), f->month, shown (s));
  if (*s->p != '-')
    return TRUE;

  s->p++;
  if (!take_two (s, &f->day))
    return fail (s, PS_TIME_ERROR_SYNTAX,
                 _("Expected a two-digit day after the month in “%s”"), shown (s));
  if (f->day < 1 || f->day > days_in_month (f->year, f->month))
    return fail (s, PS_TIME_ERROR_SYNTAX, _("Invalid day %d in “%s”"), f->day, shown (s));
  *complete = TRUE;
  return TRUE;
}

/* Any number of fractional digits is accepted; past nanoseconds they are
 * dropped (truncated, as formatting does). */
static gboolean
scan_fraction (Scanner *s,
               Fields  *f)
{
  int n;
  int i;

  s->p++; /* '.' or ',' */
  n = count_digits (s->p);
  if (n == 0)
    return fail (s, PS_TIME_ERROR_SYNTAX,
                 _("Expected digits after the decimal point in “%s”"), shown (s));

  f->nanosecond = take_digits (s, MIN (n, 9));
  for (i = n; i < 9; i++)
    f->nanosecond *= 10;
  s->p += MAX (n - 9, 0);
  return TRUE;
}

static gboolean
check_clock (Scanner *s,
             Fields  *f)
{
  gboolean exact_hour = f->minute == 0 && f->second == 0 && f->nanosecond == 0;

  /* 24:00:00 is ISO 8601's "end of the day"; nothing later in hour 24. */
  if (f->hour > 24 || (f->hour == 24 && !exact_hour))
    return fail (s, PS_TIME_ERROR_SYNTAX, _("Invalid hour %d in “%s”"), f->hour, shown (s));
  if (f->minute > 59)
    return fail (s, PS_TIME_ERROR_SYNTAX, _("Invalid minute %d in “%s”"), f->minute, shown (s));
  /* :60 is a leap second, which only ever ends a minute. Whether that day
   * had one is not checked: the table may be older than the data. */
  if (f->second > 60 || (f->second == 60 && f->minute != 59))
    return fail (s, PS_TIME_ERROR_SYNTAX, _("Invalid second %d in “%s”"), f->second, shown (s));
  return TRUE;
}

/* Z, or an offset ±HH, ±HHMM or ±HH:MM (the instant is converted to UTC). */
static gboolean
scan_zone (Scanner *s,
           Fields  *f)
{
  int sign;
  int hours;
  int minutes = 0;
  int n;

  if (*s->p == 'Z' || *s->p == 'z')
    {
      s->p++;
      return TRUE;
    }
  if (*s->p != '+' && *s->p != '-')
    return TRUE;

  sign = *s->p == '-' ? -1 : 1;
  s->p++;
  n = count_digits (s->p);
  if (n != 2 && n != 4)
    return fail (s, PS_TIME_ERROR_SYNTAX, _("Invalid UTC offset in “%s”"), shown (s));
  hours = (int) take_digits (s, 2);
  if (n == 4)
    minutes = (int) take_digits (s, 2);
  else if (*s->p == ':')
    {
      s->p++;
      if (!take_two (s, &minutes))
        return fail (s, PS_TIME_ERROR_SYNTAX, _("Invalid UTC offset in “%s”"), shown (s));
    }
  if (hours > 23 || minutes > 59)
    return fail (s, PS_TIME_ERROR_SYNTAX, _("Invalid UTC offset in “%s”"), shown (s));

  f->offset_minutes = sign * (hours * 60 + minutes);
  return TRUE;
}

/* THH[:MM[:SS[.fff]]][zone], the separator being 'T' or one space. */
static gboolean
scan_time (Scanner *s,
           Fields  *f)
{
  s->p++;
  if (!take_two (s, &f->hour))
    return fail (s, PS_TIME_ERROR_SYNTAX, _("Expected a two-digit hour in “%s”"), shown (s));
  if (*s->p == ':')
    {
      s->p++;
      if (!take_two (s, &f->minute))
        return fail (s, PS_TIME_ERROR_SYNTAX, _("Expected two-digit minutes in “%s”"), shown (s));
      if (*s->p == ':')
        {
          s->p++;
          if (!take_two (s, &f->second))
            return fail (s, PS_TIME_ERROR_SYNTAX,
                         _("Expected two-digit seconds in “%s”"), shown (s));
          if ((*s->p == '.' || *s->p == ',') && !scan_fraction (s, f))
            return FALSE;
        }
    }
  return check_clock (s, f) && scan_zone (s, f);
}

static gboolean
fields_to_time (Scanner *s,
                Fields  *f,
                PsTime  *out)
{
  gint64 days;
  gint64 seconds;

  if (f->year < -PARSE_MAX_ABS_YEAR || f->year > PARSE_MAX_ABS_YEAR)
    goto out_of_range;

  if (f->day_of_year > 0)
    days = ps_time_days_from_civil (f->year, 1, 1) + f->day_of_year - 1;
  else
    days = ps_time_days_from_civil (f->year, f->month, f->day);

  /* Second 60 and hour 24 run into the next minute or day by themselves. */
  seconds = days * SECONDS_PER_DAY + f->hour * 3600 + f->minute * 60 + f->second
            - f->offset_minutes * 60;

  if (checked_ns (seconds, f->nanosecond, out) && *out != PS_TIME_INVALID)
    return TRUE;

out_of_range:
  return fail (s, PS_TIME_ERROR_RANGE,
               _("“%s” is outside the range of times that can be represented "
                 "(1677-09-21 to 2262-04-11)"), shown (s));
}

static gboolean
scan (Scanner *s,
      PsTime  *out)
{
  Fields f = { 0, 1, 1, 0, 0, 0, 0, 0, 0 };
  gboolean complete;

  if (*s->p == '\0')
    return fail (s, PS_TIME_ERROR_SYNTAX, _("No time given"));

  if (!scan_year (s, &f) || !scan_date_rest (s, &f, &complete))
    return FALSE;

  if (complete && (*s->p == 'T' || *s->p == 't' || (*s->p == ' ' && g_ascii_isdigit (s->p[1])))
      && !scan_time (s, &f))
    return FALSE;

  while (g_ascii_isspace (*s->p))
    s->p++;
  if (*s->p != '\0')
    {
      g_autofree char *junk = g_utf8_make_valid (s->p, MIN (strlen (s->p), 32));

      g_strchomp (junk);
      return fail (s, PS_TIME_ERROR_SYNTAX, _("Unexpected “%s” in “%s”"), junk, shown (s));
    }

  return fields_to_time (s, &f, out);
}

/* Accepts YYYY, YYYY-MM, YYYY-MM-DD and YYYY-DDD; a date that names a day
 * may go on with 'T' or one space and HH, HH:MM, HH:MM:SS or
 * HH:MM:SS.fraction, then Z or a UTC offset. Blanks around it are ignored.
 * 24:00:00 is accepted, as ISO 8601 allows, and is the next day's
 * midnight; a leap second 23:59:60.x becomes the next day's 00:00:00.x,
 * since PsTime does not count leap seconds (CDFpp's convention too). */
gboolean
ps_time_parse_iso (const char  *text,
                   PsTime      *out,
                   GError     **error)
{
  Scanner s = { NULL, NULL, NULL, error };
  PsTime t = 0;
  gboolean ok;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  while (g_ascii_isspace (*text))
    text++;
  s.p = s.text = text;

  ok = scan (&s, &t);
  g_free (s.shown);

  if (ok && out != NULL)
    *out = t;
  return ok;
}
