/* ps-time.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plasmascope's one time type: nanoseconds since 1970-01-01T00:00:00 UTC,
 * leap seconds not counted (the same scale as numpy datetime64[ns]).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gint64 PsTime;

#define PS_TIME_NS_PER_SECOND G_GINT64_CONSTANT (1000000000)
#define PS_TIME_NS_PER_DAY    G_GINT64_CONSTANT (86400000000000)
/* Stands for "no time"; never a valid instant. */
#define PS_TIME_INVALID       G_MININT64

#define PS_TIME_ERROR (ps_time_error_quark ())

typedef enum
{
  PS_TIME_ERROR_SYNTAX,
  PS_TIME_ERROR_RANGE,
} PsTimeError;

/* Broken-down UTC time. sec may be 60 during a leap second. */
typedef struct
{
  int    year;
  int    month;  /* 1..12 */
  int    day;    /* 1..31 */
  int    hour;
  int    minute;
  int    second; /* 0..60 */
  gint64 nanosecond; /* 0..999999999 */
} PsTimeParts;

GQuark   ps_time_error_quark      (void);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
gint64   ps_time_days_from_civil  (gint64 year, int month, int day);
void     ps_time_civil_from_days  (gint64 days, gint64 *year, int *month, int *day);

PsTime   ps_time_from_parts       (const PsTimeParts *parts);
void     ps_time_to_parts         (PsTime t, PsTimeParts *parts);

gboolean ps_time_parse_iso        (const char *text, PsTime *out, GError **error);
gsize    ps_time_format_iso_buf   (PsTime t, int digits, char *buf, gsize size);
char    *ps_time_format_iso       (PsTime t, int digits);
char    *ps_time_format_basic     (PsTime t, gboolean round_up);
gsize    ps_time_format_parts_buf (const PsTimeParts *parts, int digits, char *buf, gsize size);

/* Additions to the contract, used by the CDF time code. */

/* Breaks down @seconds since 1970 (any year, leap seconds not counted) plus
 * @nanosecond (0..999999999) into UTC parts. */
void     ps_time_parts_from_unix_seconds (gint64 seconds, gint64 nanosecond, PsTimeParts *parts);
/* Like ps_time_format_parts_buf() without the trailing "Z", with up to 12
 * fractional digits: digits 10..12 come from @picosecond_rest (0..999). */
gsize    ps_time_format_parts_raw_buf    (const PsTimeParts *parts, int digits, int picosecond_rest,
                                          char *buf, gsize size);

G_END_DECLS
