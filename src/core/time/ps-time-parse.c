/* ps-time-parse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ISO 8601 parsing into PsTime: calendar and day-of-year dates, truncated
 * forms, nanosecond fractions, UTC offsets, leap seconds.
 *
 * Hand-rolled because GDateTime stops at microseconds, has no day-of-year
 * form, and cannot tell the user which field was wrong.
 */

#define G_LOG_DOMAIN "ps-time"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ps-time-private.h"

#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

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

  if (_ps_time_checked_ns (seconds, f->nanosecond, out) && *out != PS_TIME_INVALID)
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

  if (complete && (*s->p == 'T' || *s->p == 't' || (*s->p == ' ' && g_ascii_isdigit (s->p[1]))))
    {
      if (!scan_time (s, &f))
        return FALSE;
    }
  else if (complete && (*s->p == 'Z' || *s->p == 'z'))
    s->p++; /* a day in UTC, as HAPI writes it: "1970-01-01Z", "1998-001Z" */

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
 * may go on with Z, or with 'T' or one space and HH, HH:MM, HH:MM:SS or
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
