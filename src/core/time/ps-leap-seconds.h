/* ps-leap-seconds.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to the time code: the leap-second table that CDF_TIME_TT2000 is
 * defined with, seen from both sides.
 *
 * From UTC: TAI-UTC at a UTC day, the NASA CDF library's way (including the
 * 1960-1971 rows, where TAI-UTC drifts linearly and changes once a day).
 *
 * From TT2000: the "segment" holding a value, a span of TT2000 over which
 * PsTime = TT2000 + delta. Segments are what makes array conversion cheap:
 * sorted data stays in one segment for years at a time.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* PsTime = TT2000 + PS_TT2000_UNIX_OFFSET - (TAI-UTC in ns):
 * 2000-01-01T12:00:00 TT is 946728000 s after 1970 less 32.184 s (TT-TAI). */
#define PS_TT2000_UNIX_OFFSET G_GINT64_CONSTANT (946727967816000000)

/* CDF's default pad value of a TT2000 variable; cdflib prints it as year 0. */
#define PS_TT2000_PAD (G_MININT64 + 1)

typedef struct
{
  gint64   first;          /* first TT2000 of the segment */
  gint64   last;           /* its last one, included */
  gint64   delta;          /* PsTime = TT2000 + delta from first to last, where
                            * that does not overflow (check near G_MAXINT64) */
  gboolean ends_with_leap; /* its last second, (last - 1 s, last], is an
                            * inserted leap second: 23:59:60 */
  gboolean valid;          /* FALSE for the fill and pad values: no instant */
} PsLeapSegment;

/* TAI-UTC in nanoseconds during the UTC day @unix_day (days since 1970). */
gint64   ps_leap_seconds_tai_utc_ns (gint64 unix_day);

/* The segment holding @tt2000. */
void     ps_leap_seconds_segment    (gint64 tt2000, PsLeapSegment *seg);

/* For tests: the dates of the table's rows, and the day numbers stored
 * alongside them. */
guint    ps_leap_seconds_n_rows     (void);
void     ps_leap_seconds_row        (guint   i,
                                     int    *year,
                                     int    *month,
                                     int    *day,
                                     gint64 *unix_day);

G_END_DECLS
