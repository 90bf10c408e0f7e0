/* ps-hdf5-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time datasets of HDF5/NetCDF-4 files, without HDF5.
 *
 * A "since" time is kept as an origin (days since 1970 and nanoseconds into
 * that day, so "0001-01-01", outside what a PsTime holds, is a valid
 * origin) plus a count of units; every unit divides a day, so an integer
 * count converts exactly. A floating-point count cannot be more precise
 * than its last bit: the part it adds is rounded to the power of ten of
 * nanoseconds just above that, which turns the rata-die 729936.5833333334
 * into 14:00:00 and not 14:00:00.000005771.
 */

#define G_LOG_DOMAIN "ps-local"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-hdf5-time.h"
#include "ps-time-cdf.h"

#define MAX_TEXT 64

static const struct
{
  const char *name;
  gint64      ns;
} unit_table[] = {
  { "ns", 1 }, { "nsec", 1 }, { "nsecs", 1 }, { "nanosecond", 1 }, { "nanoseconds", 1 },
  { "us", 1000 }, { "usec", 1000 }, { "usecs", 1000 }, { "\xc2\xb5s", 1000 },
  { "microsecond", 1000 }, { "microseconds", 1000 },
  { "ms", 1000000 }, { "msec", 1000000 }, { "msecs", 1000000 },
  { "millisecond", 1000000 }, { "milliseconds", 1000000 },
  { "s", PS_TIME_NS_PER_SECOND }, { "sec", PS_TIME_NS_PER_SECOND }, { "secs", PS_TIME_NS_PER_SECOND },
  { "second", PS_TIME_NS_PER_SECOND }, { "seconds", PS_TIME_NS_PER_SECOND },
  { "min", 60 * PS_TIME_NS_PER_SECOND }, { "mins", 60 * PS_TIME_NS_PER_SECOND },
  { "minute", 60 * PS_TIME_NS_PER_SECOND }, { "minutes", 60 * PS_TIME_NS_PER_SECOND },
  { "h", 3600 * PS_TIME_NS_PER_SECOND }, { "hr", 3600 * PS_TIME_NS_PER_SECOND },
  { "hrs", 3600 * PS_TIME_NS_PER_SECOND }, { "hour", 3600 * PS_TIME_NS_PER_SECOND },
  { "hours", 3600 * PS_TIME_NS_PER_SECOND },
  { "d", PS_TIME_NS_PER_DAY }, { "day", PS_TIME_NS_PER_DAY }, { "days", PS_TIME_NS_PER_DAY },
};

/**
 * ps_hdf5_time_unit_ns:
 * @unit: a unit name ("ms", "Milliseconds", "seconds"…), blanks around it
 *   ignored
 * @len: its length in bytes
 *
 * Returns: nanoseconds per @unit, or 0 if it is not a unit of time
 */
gint64
ps_hdf5_time_unit_ns (const char *unit,
                      gsize       len)
{
  while (len > 0 && g_ascii_isspace (*unit))
    unit++, len--;
  while (len > 0 && g_ascii_isspace (unit[len - 1]))
    len--;
  for (guint i = 0; i < G_N_ELEMENTS (unit_table); i++)
    if (strlen (unit_table[i].name) == len && g_ascii_strncasecmp (unit, unit_table[i].name, len) == 0)
      return unit_table[i].ns;
  return 0;
}

/* Up to @max digits into *value; FALSE if there is none. */
static gboolean
scan_digits (const char **p,
             int          max,
             gint64      *value)
{
  int n = 0;

  *value = 0;
  while (n < max && g_ascii_isdigit (**p))
    {
      *value = *value * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  return n > 0;
}

static gboolean
skip_word (const char **p,
           const char  *word)
{
  gsize len = strlen (word);

  if (g_ascii_strncasecmp (*p, word, len) != 0)
    return FALSE;
  *p += len;
  return TRUE;
}

static int
days_in_month (gint64 year,
               int    month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : days[month - 1];
}

/* Z, UTC, GMT or ±HH[[:]MM]: *offset_ns east of UTC. */
static gboolean
scan_zone (const char **p,
           gint64      *offset_ns)
{
  const char *q = *p;
  gint64 hours = 0, minutes = 0;
  int sign;

  *offset_ns = 0;
  if (*q == 'Z' || *q == 'z')
    {
      *p = q + 1;
      return TRUE;
    }
  if (skip_word (&q, "UTC") || skip_word (&q, "GMT"))
    {
      *p = q;
      /* "UTC+01:00" */
      if (*q != '+' && *q != '-')
        return TRUE;
    }
  if (*q != '+' && *q != '-')
    return TRUE; /* no zone */
  sign = *q == '-' ? -1 : 1;
  q++;
  if (!scan_digits (&q, 2, &hours) || hours > 23)
    return FALSE;
  if (*q == ':')
    q++;
  if (g_ascii_isdigit (*q) && (!scan_digits (&q, 2, &minutes) || minutes > 59))
    return FALSE;
  *offset_ns = sign * (hours * 3600 + minutes * 60) * PS_TIME_NS_PER_SECOND;
  *p = q;
  return TRUE;
}

/**
 * ps_hdf5_time_parse_origin:
 * @text: the origin of CF units, leniently: "1970-01-01",
 *   "1970-1-1 0:0:0", "2000-01-01 12:00:00 UTC", "1970-01-01T00:00:00.000Z",
 *   "1970-01-01 00:00:00 +01:00"; years 0 to 99999
 * @days: (out): days since 1970-01-01
 * @ns: (out): nanoseconds into that day (0 to one day)
 *
 * Returns: whether @text is such a date
 */
gboolean
ps_hdf5_time_parse_origin (const char *text,
                           gint64     *days,
                           gint64     *ns)
{
  const char *p = text;
  gint64 year, month, day, hour = 0, minute = 0, second = 0, nano = 0, offset = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  while (g_ascii_isspace (*p))
    p++;
  if (!scan_digits (&p, 5, &year) || *p++ != '-'
      || !scan_digits (&p, 2, &month) || *p++ != '-'
      || !scan_digits (&p, 2, &day))
    return FALSE;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month (year, month))
    return FALSE;
  if (*p == 'T' || *p == 't' || (*p == ' ' && g_ascii_isdigit (p[1])))
    {
      p++;
      if (!scan_digits (&p, 2, &hour) || hour > 24)
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!scan_digits (&p, 2, &minute) || minute > 59)
            return FALSE;
          if (*p == ':')
            {
              p++;
              if (!scan_digits (&p, 2, &second) || second > 60)
                return FALSE;
              if (*p == '.')
                {
                  gint64 scale = 100000000;

                  p++;
                  if (!g_ascii_isdigit (*p))
                    return FALSE;
                  for (; g_ascii_isdigit (*p); p++, scale /= 10)
                    nano += (*p - '0') * scale;
                }
            }
        }
    }
  while (*p == ' ')
    p++;
  if (!scan_zone (&p, &offset))
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return FALSE;

  *days = ps_time_days_from_civil (year, (int) month, (int) day);
  *ns = (hour * 3600 + minute * 60 + second) * PS_TIME_NS_PER_SECOND + nano - offset;
  /* keep 0 <= ns < one day */
  *days += *ns / PS_TIME_NS_PER_DAY;
  *ns %= PS_TIME_NS_PER_DAY;
  if (*ns < 0)
    {
      *ns += PS_TIME_NS_PER_DAY;
      (*days)--;
    }
  return TRUE;
}

/* Where " since " starts (any case), or NULL. */
static const char *
find_since (const char *units)
{
  for (const char *p = units; *p != '\0'; p++)
    if (g_ascii_isspace (*p) && g_ascii_strncasecmp (p + 1, "since", 5) == 0
        && g_ascii_isspace (p[6]))
      return p;
  return NULL;
}

/**
 * ps_hdf5_time_parse_units:
 * @units: CF time units, "<unit> since <date>"
 * @codec: (out): the codec, kind %PS_HDF5_TIME_SINCE
 *
 * Returns: whether @units are CF time units
 */
gboolean
ps_hdf5_time_parse_units (const char      *units,
                          PsHdf5TimeCodec *codec)
{
  const char *since;
  gint64 unit_ns;

  g_return_val_if_fail (units != NULL, FALSE);
  g_return_val_if_fail (codec != NULL, FALSE);

  since = find_since (units);
  if (since == NULL)
    return FALSE;
  unit_ns = ps_hdf5_time_unit_ns (units, since - units);
  if (unit_ns == 0 || !ps_hdf5_time_parse_origin (since + 7, &codec->origin_days, &codec->origin_ns))
    return FALSE;
  codec->kind = PS_HDF5_TIME_SINCE;
  codec->unit_ns = unit_ns;
  return TRUE;
}

/**
 * ps_hdf5_time_name_is_time:
 *
 * Returns: whether a dataset called @name is a time by convention: Epoch
 *   (and Epoch_*), time, UTC, RDT…
 */
gboolean
ps_hdf5_time_name_is_time (const char *name)
{
  static const char * const names[] = {
    "time", "times", "utc", "ut", "datetime", "date_time", "timestamp", "timestamps",
    "tt2000", "unix_time", "unixtime", "time_tags", "rdt",
  };

  if (name == NULL)
    return FALSE;
  if (g_ascii_strncasecmp (name, "epoch", 5) == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
set_since (PsHdf5TimeCodec *codec,
           gint64           unit_ns,
           gint64           origin_days,
           gint64           origin_ns)
{
  codec->kind = PS_HDF5_TIME_SINCE;
  codec->unit_ns = unit_ns;
  codec->origin_days = origin_days;
  codec->origin_ns = origin_ns;
}

static gboolean
says_year_zero (const char *description)
{
  return description != NULL
         && (strstr (description, "0 AD") != NULL || strstr (description, "0000-01-01") != NULL);
}

/**
 * ps_hdf5_time_guess:
 * @hints: what the dataset says about itself
 * @codec: (out): how to read its values as times
 *
 * The rules, first match wins:
 *  - strings, when the dataset is named or used as a time: ISO 8601;
 *  - CF units "<unit> since <date>";
 *  - a bare unit ("ms", "milliseconds") on a dataset named or used as a
 *    time: since the ISTP Time_Base if it parses; CDF_EPOCH when its
 *    description says "since 0 AD" or when milliseconds are too many for
 *    1970 (more than 3·10^13, i.e. past the year 2900, while CDF_EPOCH
 *    counts 6·10^13 for our era); TT2000 for nanoseconds in an int64
 *    "Epoch"; else since 1970-01-01;
 *  - no unit: TT2000 for an int64 "Epoch", CDF_EPOCH for a double "Epoch"
 *    in the CDF_EPOCH range, rata-die days (day 1 = 0001-01-01) for a
 *    double "RDT", the last resort.
 *
 * Returns: 0 when not a time, else a trust level (1: use only if nothing
 *   better, up to 4 for explicit CF units)
 */
int
ps_hdf5_time_guess (const PsHdf5TimeHints *hints,
                    PsHdf5TimeCodec       *codec)
{
  gboolean timeish;
  gboolean epochish;
  gint64 unit_ns = 0;
  gint64 days, ns;

  g_return_val_if_fail (hints != NULL, 0);
  g_return_val_if_fail (codec != NULL, 0);

  memset (codec, 0, sizeof *codec);
  timeish = hints->referenced || ps_hdf5_time_name_is_time (hints->name);
  epochish = hints->name != NULL && g_ascii_strncasecmp (hints->name, "epoch", 5) == 0;

  if (hints->is_string)
    {
      if (!timeish)
        return 0;
      codec->kind = PS_HDF5_TIME_STRING;
      return 3;
    }
  if (!hints->is_int64 && !hints->is_float && hints->units == NULL && !timeish)
    return 0;
  if (hints->units != NULL && ps_hdf5_time_parse_units (hints->units, codec))
    return 4;
  if (!timeish)
    return 0;
  if (hints->units != NULL)
    unit_ns = ps_hdf5_time_unit_ns (hints->units, strlen (hints->units));

  if (unit_ns > 0)
    {
      if (hints->time_base != NULL && ps_hdf5_time_parse_origin (hints->time_base, &days, &ns))
        {
          set_since (codec, unit_ns, days, ns);
          return 4;
        }
      if (unit_ns == 1000000 && (says_year_zero (hints->description)
                                 || (hints->has_first && fabs (hints->first) > 3e13)))
        {
          codec->kind = PS_HDF5_TIME_CDF_EPOCH;
          return 3;
        }
      if (says_year_zero (hints->description))
        {
          set_since (codec, unit_ns, ps_time_days_from_civil (0, 1, 1), 0);
          return 3;
        }
      if (unit_ns == 1 && hints->is_int64 && epochish)
        {
          codec->kind = PS_HDF5_TIME_TT2000;
          return 3;
        }
      set_since (codec, unit_ns, 0, 0);
      return 2;
    }

  if (hints->is_int64 && epochish)
    {
      codec->kind = PS_HDF5_TIME_TT2000;
      return 2;
    }
  if (hints->is_float && epochish && hints->has_first && hints->first > 3e13 && hints->first < 1e14)
    {
      codec->kind = PS_HDF5_TIME_CDF_EPOCH;
      return 2;
    }
  if (hints->is_float && hints->name != NULL && g_ascii_strcasecmp (hints->name, "rdt") == 0)
    {
      /* day 1 is 0001-01-01: count from the day before */
      set_since (codec, PS_TIME_NS_PER_DAY, ps_time_days_from_civil (0, 12, 31), 0);
      return 1;
    }
  return 0;
}

/* origin + days + ns, or PS_TIME_INVALID outside PsTime. */
static PsTime
compose (const PsHdf5TimeCodec *codec,
         gint64                 days,
         gint64                 ns)
{
  gint64 total_days;
  gint64 t;

  /* a PsTime spans ±106,751 days; origins stay within ±10^8 */
  if (days > G_GINT64_CONSTANT (1000000000000) || days < -G_GINT64_CONSTANT (1000000000000))
    return PS_TIME_INVALID;
  total_days = codec->origin_days + days;
  ns += codec->origin_ns; /* both below a day or two: no overflow */
  if (total_days > G_MAXINT64 / PS_TIME_NS_PER_DAY || total_days < G_MININT64 / PS_TIME_NS_PER_DAY + 1)
    return PS_TIME_INVALID;
  t = total_days * PS_TIME_NS_PER_DAY;
  if ((ns > 0 && t > G_MAXINT64 - ns) || (ns < 0 && t < G_MININT64 + 1 - ns))
    return PS_TIME_INVALID;
  return t + ns;
}

/**
 * ps_hdf5_time_from_int:
 *
 * Returns: @value read with @codec, or %PS_TIME_INVALID
 */
PsTime
ps_hdf5_time_from_int (const PsHdf5TimeCodec *codec,
                       gint64                 value)
{
  gint64 per_day, days, rest;

  g_return_val_if_fail (codec != NULL, PS_TIME_INVALID);

  switch (codec->kind)
    {
    case PS_HDF5_TIME_TT2000:
      return value == PS_TT2000_FILL ? PS_TIME_INVALID : ps_time_from_tt2000 (value);
    case PS_HDF5_TIME_CDF_EPOCH:
      return ps_hdf5_time_from_double (codec, (double) value);
    case PS_HDF5_TIME_SINCE:
      if (codec->unit_ns <= 0 || PS_TIME_NS_PER_DAY % codec->unit_ns != 0)
        return PS_TIME_INVALID;
      per_day = PS_TIME_NS_PER_DAY / codec->unit_ns;
      days = value / per_day;
      rest = value % per_day;
      if (rest < 0)
        {
          rest += per_day;
          days--;
        }
      return compose (codec, days, rest * codec->unit_ns);
    case PS_HDF5_TIME_NONE:
    case PS_HDF5_TIME_STRING:
    default:
      return PS_TIME_INVALID;
    }
}

/* The smallest power of ten of nanoseconds at or above the last bit of
 * @value counted in units of @unit_ns. */
static double
resolution_ns (double value,
               gint64 unit_ns)
{
  double ulp = (nextafter (fabs (value), INFINITY) - fabs (value)) * (double) unit_ns;
  double step = 1;

  while (step < ulp && step < 1e15)
    step *= 10;
  return step;
}

/**
 * ps_hdf5_time_from_double:
 *
 * Returns: @value read with @codec, or %PS_TIME_INVALID (NaN, infinite,
 *   out of range)
 */
PsTime
ps_hdf5_time_from_double (const PsHdf5TimeCodec *codec,
                          double                 value)
{
  double per_day, days, rest, ns, step;

  g_return_val_if_fail (codec != NULL, PS_TIME_INVALID);

  if (!isfinite (value))
    return PS_TIME_INVALID;
  switch (codec->kind)
    {
    case PS_HDF5_TIME_TT2000:
      if (fabs (value) >= 9.2e18)
        return PS_TIME_INVALID;
      return ps_hdf5_time_from_int (codec, (gint64) value);
    case PS_HDF5_TIME_CDF_EPOCH:
      /* CDF's own fill values (-1e31, 0) and anything PsTime cannot hold */
      if (value <= 0 || value > 1e15)
        return PS_TIME_INVALID;
      return ps_time_from_cdf_epoch (value);
    case PS_HDF5_TIME_SINCE:
      if (codec->unit_ns <= 0 || PS_TIME_NS_PER_DAY % codec->unit_ns != 0)
        return PS_TIME_INVALID;
      per_day = (double) (PS_TIME_NS_PER_DAY / codec->unit_ns);
      days = floor (value / per_day);
      if (fabs (days) > 1e9)
        return PS_TIME_INVALID;
      rest = value - days * per_day;
      ns = rest * (double) codec->unit_ns;
      step = resolution_ns (value, codec->unit_ns);
      ns = nearbyint (ns / step) * step;
      return compose (codec, (gint64) days, (gint64) ns);
    case PS_HDF5_TIME_NONE:
    case PS_HDF5_TIME_STRING:
    default:
      return PS_TIME_INVALID;
    }
}

/**
 * ps_hdf5_time_parse_string:
 * @text: the bytes of one string value, not necessarily terminated
 * @len: their number; the text stops at the first NUL
 * @out: (out): the time
 *
 * Reads an ISO 8601 time as files write them: "1999-07-01T14:00:00",
 * "2022-03-07 02:19:51.234Z", padded with blanks or NULs, with or without
 * a trailing "UTC".
 *
 * Returns: whether @text is such a time
 */
gboolean
ps_hdf5_time_parse_string (const char *text,
                           gsize       len,
                           PsTime     *out)
{
  char buf[MAX_TEXT + 1];
  const char *nul;
  gsize n;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);

  if (len == 0)
    return FALSE;
  nul = memchr (text, '\0', len);
  n = nul != NULL ? (gsize) (nul - text) : len;
  while (n > 0 && g_ascii_isspace (text[n - 1]))
    n--;
  while (n > 0 && g_ascii_isspace (*text))
    text++, n--;
  if (n == 0 || n > MAX_TEXT)
    return FALSE;
  memcpy (buf, text, n);
  buf[n] = '\0';
  if (n > 3 && (g_ascii_strcasecmp (buf + n - 3, "UTC") == 0 || g_ascii_strcasecmp (buf + n - 3, "GMT") == 0))
    {
      n -= 3;
      while (n > 0 && buf[n - 1] == ' ')
        n--;
      buf[n] = '\0';
    }
  return ps_time_parse_iso (buf, out, NULL);
}
