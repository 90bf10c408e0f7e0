/* ps-time-cdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CDF time types and PsTime, both ways, and the raw CDF values as text.
 *
 * Conversions to PsTime give PS_TIME_INVALID for fill values and for
 * instants PsTime cannot hold (before 1677-09-21 or after 2262-04-11).
 * Conversions from PsTime give the type's fill value for PS_TIME_INVALID.
 *
 * The text forms are what the NASA CDF library and cdflib print, fill and
 * pad values included, so that `plasmascope-cli cdf-dump` agrees with
 * them: they break the raw value down directly, never through PsTime, so
 * any stored value prints, leap seconds included as second 60.
 */

#define G_LOG_DOMAIN "ps-time"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-leap-seconds.h"
#include "ps-time-cdf.h"
#include "ps-time-private.h"

#define MS_NS             G_GINT64_CONSTANT (1000000)
/* 0000-01-01 to 1970-01-01, in CDF_EPOCH milliseconds and EPOCH16 seconds. */
#define EPOCH_UNIX_MS     G_GINT64_CONSTANT (62167219200000)
#define EPOCH_UNIX_S      G_GINT64_CONSTANT (62167219200)
#define CDF_FILL_DOUBLE   (-1e31)
/* The NASA library clamps breakdowns here: 9999-12-31T23:59:59.999(999…). */
#define EPOCH_MAX_MS      315569519999999.0
#define EPOCH16_MAX_S     315569519999.0
#define PICOSECONDS_MAX   999999999999.0

/* a * b + c for b > 0 and 0 <= c <= b, or FALSE if that leaves gint64. */
static gboolean
checked_mul_add (gint64  a,
                 gint64  b,
                 gint64  c,
                 gint64 *out)
{
  gint64 r;

  /* a * b alone may lie just below G_MININT64 when a * b + c does not. */
  if (a < 0 && c > 0)
    {
      a++;
      c -= b;
    }
  if (__builtin_mul_overflow (a, b, &r) || __builtin_add_overflow (r, c, &r))
    return FALSE;
  *out = r;
  return TRUE;
}

/* a * b + c as a PsTime: PS_TIME_INVALID when out of range. */
static PsTime
to_pstime (gint64 a,
           gint64 b,
           gint64 c)
{
  gint64 t;

  if (!checked_mul_add (a, b, c, &t))
    return PS_TIME_INVALID;
  return t;
}

/* CDF_EPOCH */

PsTime
ps_time_from_cdf_epoch (double epoch_ms)
{
  double ms;
  double whole;
  gint64 frac_ns;

  /* ±9.3e12 ms is PsTime's range; this also rejects NaN and infinities. */
  if (!(fabs (epoch_ms - (double) EPOCH_UNIX_MS) < 9.3e12) || epoch_ms == CDF_FILL_DOUBLE)
    return PS_TIME_INVALID;

  /* Exact (Sterbenz): both are within a factor of two of each other here. */
  ms = epoch_ms - (double) EPOCH_UNIX_MS;
  whole = floor (ms);
  /* The sub-millisecond part is exact too; round it to the nearest ns. */
  frac_ns = (gint64) llround ((ms - whole) * 1e6);

  return to_pstime ((gint64) whole, MS_NS, frac_ns);
}

double
ps_time_to_cdf_epoch (PsTime t)
{
  gint64 ms;

  if (t == PS_TIME_INVALID)
    return CDF_FILL_DOUBLE;

  ms = _ps_time_floor_div (t, MS_NS);
  /* The whole milliseconds convert exactly (< 2^53); the fraction adds
   * what the double can still hold (about 8 µs steps at present dates). */
  return (double) (ms + EPOCH_UNIX_MS) + (double) _ps_time_floor_mod (t, MS_NS) / 1e6;
}

void
ps_cdf_epoch_to_parts (double       epoch_ms,
                       PsTimeParts *parts)
{
  double ms;
  double whole;
  gint64 whole_ms;
  gint64 sub_ms_ns;

  g_return_if_fail (parts != NULL);

  if (epoch_ms == CDF_FILL_DOUBLE || isnan (epoch_ms))
    {
      *parts = (PsTimeParts) { 9999, 12, 31, 23, 59, 59, 999 * MS_NS };
      return;
    }

  /* What the NASA library (and cdflib) do with out-of-range values. */
  ms = MIN (fabs (epoch_ms), EPOCH_MAX_MS);
  whole = floor (ms);
  whole_ms = (gint64) whole;
  sub_ms_ns = (gint64) ((ms - whole) * 1e6);

  ps_time_parts_from_unix_seconds (whole_ms / 1000 - EPOCH_UNIX_S,
                                   whole_ms % 1000 * MS_NS + sub_ms_ns, parts);
}

gsize
ps_cdf_epoch_format_iso_buf (double  epoch_ms,
                             char   *buf,
                             gsize   size)
{
  PsTimeParts parts;

  g_return_val_if_fail (buf != NULL || size == 0, 0);

  ps_cdf_epoch_to_parts (epoch_ms, &parts);
  return ps_time_format_parts_raw_buf (&parts, 3, 0, buf, size);
}

/* CDF_EPOCH16 */

static gboolean
is_epoch16_fill (double seconds,
                 double picoseconds)
{
  return seconds == CDF_FILL_DOUBLE && picoseconds == CDF_FILL_DOUBLE;
}

PsTime
ps_time_from_cdf_epoch16 (double seconds,
                          double picoseconds)
{
  double whole;
  double ps;
  gint64 ps_whole;
  gint64 s;

  if (is_epoch16_fill (seconds, picoseconds)
      || !(fabs (seconds - (double) EPOCH_UNIX_S) < 9.3e9)
      || !(fabs (picoseconds) < 1e15))
    return PS_TIME_INVALID;

  /* Whole seconds are the norm; a fraction, if any, joins the picoseconds. */
  whole = floor (seconds);
  ps = picoseconds + (seconds - whole) * 1e12;
  ps_whole = (gint64) floor (ps);
  s = (gint64) whole - EPOCH_UNIX_S + _ps_time_floor_div (ps_whole, 1000000000000);
  ps_whole = _ps_time_floor_mod (ps_whole, 1000000000000);

  /* Picoseconds beyond the nanosecond are dropped, not rounded. */
  return to_pstime (s, PS_TIME_NS_PER_SECOND, ps_whole / 1000);
}

void
ps_time_to_cdf_epoch16 (PsTime  t,
                        double *seconds,
                        double *picoseconds)
{
  gint64 s;

  g_return_if_fail (seconds != NULL && picoseconds != NULL);

  if (t == PS_TIME_INVALID)
    {
      *seconds = *picoseconds = CDF_FILL_DOUBLE;
      return;
    }

  s = _ps_time_floor_div (t, PS_TIME_NS_PER_SECOND);
  *seconds = (double) (s + EPOCH_UNIX_S);
  *picoseconds = (double) _ps_time_floor_mod (t, PS_TIME_NS_PER_SECOND) * 1000.0;
}

void
ps_cdf_epoch16_to_parts (double       seconds,
                         double       picoseconds,
                         PsTimeParts *parts,
                         int         *ps_rest)
{
  double s;
  double ps;
  gint64 ps_whole;

  g_return_if_fail (parts != NULL && ps_rest != NULL);

  if (is_epoch16_fill (seconds, picoseconds) || isnan (seconds) || isnan (picoseconds))
    {
      *parts = (PsTimeParts) { 9999, 12, 31, 23, 59, 59, PS_TIME_NS_PER_SECOND - 1 };
      *ps_rest = 999;
      return;
    }

  /* As the NASA library does: signs dropped, clamped to year 9999. */
  s = floor (MIN (fabs (seconds), EPOCH16_MAX_S));
  ps = floor (MIN (fabs (picoseconds), PICOSECONDS_MAX));
  ps_whole = (gint64) ps;

  ps_time_parts_from_unix_seconds ((gint64) s - EPOCH_UNIX_S, ps_whole / 1000, parts);
  *ps_rest = (int) (ps_whole % 1000);
}

gsize
ps_cdf_epoch16_format_iso_buf (double  seconds,
                               double  picoseconds,
                               char   *buf,
                               gsize   size)
{
  PsTimeParts parts;
  int ps_rest;

  g_return_val_if_fail (buf != NULL || size == 0, 0);

  ps_cdf_epoch16_to_parts (seconds, picoseconds, &parts, &ps_rest);
  return ps_time_format_parts_raw_buf (&parts, 12, ps_rest, buf, size);
}

/* CDF_TIME_TT2000 */

/* In the segment, leaving out the top where PsTime would overflow. */
static gint64
segment_last_convertible (const PsLeapSegment *seg)
{
  return MIN (seg->last, G_MAXINT64 - seg->delta);
}

/* A TT2000 inside a leap second, 23:59:60.x, becomes 00:00:00.x of the next
 * day, as in CDFpp: PsTime has no room for it. */
PsTime
ps_time_from_tt2000 (gint64 tt2000)
{
  PsLeapSegment seg;

  ps_leap_seconds_segment (tt2000, &seg);
  if (!seg.valid || tt2000 > segment_last_convertible (&seg))
    return PS_TIME_INVALID;
  return tt2000 + seg.delta;
}

/* The CDF reader's hot loop. Times in a file are sorted, or nearly, so the
 * segment of the previous value almost always holds the next one: the
 * table is consulted again only on leaving the segment. */
void
ps_time_from_tt2000_array (const gint64 *tt2000,
                           PsTime       *out,
                           gsize         n)
{
  /* The starting "segment" is the fill value alone, with delta 0: it maps
   * to PS_TIME_INVALID, which is right, and needs no special case. */
  guint64 first = (guint64) PS_TT2000_FILL;
  guint64 span = 0;
  gint64 delta = 0;

  g_return_if_fail (n == 0 || (tt2000 != NULL && out != NULL));

  /* One pass, no blocks: large arrays are bound by memory, and a second
   * look at each block (ps_time_from_tt2000_bytes()) costs here. */
  for (gsize i = 0; i < n; i++)
    {
      gint64 v = tt2000[i];
      PsLeapSegment seg;

      /* Unsigned wrap-around folds "v < first" into "v - first > span". */
      if (G_LIKELY ((guint64) v - first <= span))
        {
          out[i] = (gint64) ((guint64) v + (guint64) delta);
          continue;
        }

      ps_leap_seconds_segment (v, &seg);
      if (!seg.valid || v > segment_last_convertible (&seg))
        {
          out[i] = PS_TIME_INVALID;
          continue;
        }
      first = (guint64) seg.first;
      span = (guint64) segment_last_convertible (&seg) - first;
      delta = seg.delta;
      out[i] = v + delta;
    }
}

static inline gint64
load_le64 (const guint8 *p)
{
  gint64 v;

  memcpy (&v, p, sizeof v);
  return GINT64_FROM_LE (v);
}

/* Values per block of the fast path: small enough to stay in L1. */
#define TT2000_BLOCK 64

/**
 * ps_time_from_tt2000_bytes:
 * @raw: @n little-endian TT2000 values as a CDF stores them, at any
 *   alignment
 *
 * As ps_time_from_tt2000_array(), reading straight from file bytes (no
 * aligned copy first). A block whose smallest and largest values lie in
 * the current leap-second segment converts with one addition per value,
 * which the compiler vectorises; other blocks go value by value.
 */
void
ps_time_from_tt2000_bytes (const guint8 *raw,
                           PsTime       *out,
                           gsize         n)
{
  /* The starting "segment" is the fill value alone, with delta 0: it maps
   * to PS_TIME_INVALID, which is right, and needs no special case. */
  guint64 first = (guint64) PS_TT2000_FILL;
  guint64 span = 0;
  gint64 delta = 0;
  gsize i = 0;

  g_return_if_fail (n == 0 || (raw != NULL && out != NULL));

  while (i < n)
    {
      gsize end = MIN (n, i + TT2000_BLOCK);
      gint64 lo = load_le64 (raw + 8 * i);
      gint64 hi = lo;

      for (gsize j = i + 1; j < end; j++)
        {
          gint64 v = load_le64 (raw + 8 * j);

          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
      if ((guint64) lo - first <= span && (guint64) hi - first <= span)
        {
          for (gsize j = i; j < end; j++)
            out[j] = (gint64) ((guint64) load_le64 (raw + 8 * j) + (guint64) delta);
          i = end;
          continue;
        }
      for (; i < end; i++)
        {
          gint64 v = load_le64 (raw + 8 * i);
          PsLeapSegment seg;

          /* Unsigned wrap-around folds "v < first" into "v - first > span". */
          if (G_LIKELY ((guint64) v - first <= span))
            {
              out[i] = (gint64) ((guint64) v + (guint64) delta);
              continue;
            }

          ps_leap_seconds_segment (v, &seg);
          if (!seg.valid || v > segment_last_convertible (&seg))
            {
              out[i] = PS_TIME_INVALID;
              continue;
            }
          first = (guint64) seg.first;
          span = (guint64) segment_last_convertible (&seg) - first;
          delta = seg.delta;
          out[i] = v + delta;
        }
    }
}

/* PsTime to TT2000 through TAI-UTC of its UTC day. Times before TT2000's
 * range (1707-09-22) give the fill value. */
gint64
ps_time_to_tt2000 (PsTime t)
{
  gint64 tt;

  if (t == PS_TIME_INVALID)
    return PS_TT2000_FILL;

  tt = ps_leap_seconds_tai_utc_ns (_ps_time_floor_div (t, PS_TIME_NS_PER_DAY)) - PS_TT2000_UNIX_OFFSET;
  if (__builtin_add_overflow (t, tt, &tt) || tt <= PS_TT2000_PAD)
    return PS_TT2000_FILL;
  return tt;
}

void
ps_tt2000_to_parts (gint64       tt2000,
                    PsTimeParts *parts)
{
  PsLeapSegment seg;
  gboolean leap;
  gint64 s;
  gint64 ns;

  g_return_if_fail (parts != NULL);

  ps_leap_seconds_segment (tt2000, &seg);
  if (!seg.valid)
    {
      if (tt2000 == PS_TT2000_FILL)
        *parts = (PsTimeParts) { 9999, 12, 31, 23, 59, 59, PS_TIME_NS_PER_SECOND - 1 };
      else
        *parts = (PsTimeParts) { 0, 1, 1, 0, 0, 0, 0 };
      return;
    }

  /* Inside the leap second, break down one second earlier (23:59:59.x)
   * and call it 60. Seconds and nanoseconds are added apart so that the
   * TT2000 values past PsTime's range still print. */
  leap = seg.ends_with_leap && tt2000 > seg.last - PS_TIME_NS_PER_SECOND;
  s = _ps_time_floor_div (tt2000, PS_TIME_NS_PER_SECOND) + _ps_time_floor_div (seg.delta, PS_TIME_NS_PER_SECOND);
  ns = _ps_time_floor_mod (tt2000, PS_TIME_NS_PER_SECOND) + _ps_time_floor_mod (seg.delta, PS_TIME_NS_PER_SECOND);
  if (ns >= PS_TIME_NS_PER_SECOND)
    {
      s++;
      ns -= PS_TIME_NS_PER_SECOND;
    }

  ps_time_parts_from_unix_seconds (leap ? s - 1 : s, ns, parts);
  if (leap)
    parts->second = 60;
}

/* The inverse of ps_tt2000_to_parts(), fill and pad values included.
 * Gives PS_TT2000_FILL for dates outside TT2000's range. */
gint64
ps_tt2000_from_parts (const PsTimeParts *parts)
{
  /* 2000-01-01T00:00:00 UTC is 10957 days after 1970, and TT2000 0 is
   * 12:00:00 TT, which is 43168 s less 0.184 s (and TAI-UTC) later. */
  const gint64 j2000_day = 10957;
  const gint64 to_tt2000_zero_s = 43168;
  const gint64 to_tt2000_zero_ns = 184000000;
  gint64 days;
  gint64 seconds;
  gint64 rest;
  gint64 tt;

  g_return_val_if_fail (parts != NULL, PS_TT2000_FILL);
  g_return_val_if_fail (parts->month >= 1 && parts->month <= 12, PS_TT2000_FILL);
  g_return_val_if_fail (parts->second >= 0 && parts->second <= 60, PS_TT2000_FILL);
  g_return_val_if_fail (parts->nanosecond >= 0 && parts->nanosecond < PS_TIME_NS_PER_SECOND,
                        PS_TT2000_FILL);

  /* Far outside TT2000's range (1707 to 2292), and the arithmetic below
   * would overflow. */
  if (parts->year < -100000 || parts->year > 100000)
    return PS_TT2000_FILL;

  if (parts->year == 9999 && parts->month == 12 && parts->day == 31 && parts->hour == 23
      && parts->minute == 59 && parts->second == 59 && parts->nanosecond == PS_TIME_NS_PER_SECOND - 1)
    return PS_TT2000_FILL;
  if (parts->year == 0 && parts->month == 1 && parts->day == 1 && parts->hour == 0
      && parts->minute == 0 && parts->second == 0 && parts->nanosecond == 0)
    return PS_TT2000_PAD;

  /* 23:59:60.x is 23:59:59.x plus one second, counted with the TAI-UTC
   * of the day it ends, like every other second of that day. Whole
   * seconds and the rest are kept apart until the end so that both ends
   * of TT2000's range are reached without overflow. */
  days = ps_time_days_from_civil (parts->year, parts->month, parts->day);
  seconds = (days - j2000_day) * 86400 + parts->hour * 3600 + parts->minute * 60 + parts->second
            - to_tt2000_zero_s;
  rest = parts->nanosecond + ps_leap_seconds_tai_utc_ns (days) + to_tt2000_zero_ns;
  seconds += _ps_time_floor_div (rest, PS_TIME_NS_PER_SECOND);
  rest = _ps_time_floor_mod (rest, PS_TIME_NS_PER_SECOND);

  if (!checked_mul_add (seconds, PS_TIME_NS_PER_SECOND, rest, &tt) || tt <= PS_TT2000_PAD)
    return PS_TT2000_FILL;
  return tt;
}

gsize
ps_tt2000_format_iso_buf (gint64  tt2000,
                          char   *buf,
                          gsize   size)
{
  PsTimeParts parts;

  g_return_val_if_fail (buf != NULL || size == 0, 0);

  ps_tt2000_to_parts (tt2000, &parts);
  return ps_time_format_parts_raw_buf (&parts, 9, 0, buf, size);
}
