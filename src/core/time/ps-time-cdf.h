/* ps-time-cdf.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The three CDF time types and PsTime.
 *   CDF_EPOCH       double, milliseconds since 0000-01-01T00:00:00
 *   CDF_EPOCH16     two doubles: seconds since 0000-01-01, picoseconds
 *   CDF_TIME_TT2000 int64, nanoseconds of TT since J2000 (leap seconds counted)
 */
#pragma once

#include "ps-time.h"

G_BEGIN_DECLS

/* The CDF fill value of a TT2000 variable (also the smallest TT2000). */
#define PS_TT2000_FILL G_MININT64

PsTime   ps_time_from_cdf_epoch      (double epoch_ms);
double   ps_time_to_cdf_epoch        (PsTime t);
PsTime   ps_time_from_cdf_epoch16    (double seconds, double picoseconds);
void     ps_time_to_cdf_epoch16      (PsTime t, double *seconds, double *picoseconds);
PsTime   ps_time_from_tt2000         (gint64 tt2000);
gint64   ps_time_to_tt2000           (PsTime t);
void     ps_time_from_tt2000_array   (const gint64 *tt2000, PsTime *out, gsize n);
void     ps_time_from_tt2000_bytes   (const guint8 *raw, PsTime *out, gsize n);

void     ps_tt2000_to_parts          (gint64 tt2000, PsTimeParts *parts);
gint64   ps_tt2000_from_parts        (const PsTimeParts *parts);
void     ps_cdf_epoch_to_parts       (double epoch_ms, PsTimeParts *parts);
/* picoseconds are kept whole: parts->nanosecond holds ns, *ps_rest the last 3 digits */
void     ps_cdf_epoch16_to_parts     (double seconds, double picoseconds, PsTimeParts *parts, int *ps_rest);

gsize    ps_tt2000_format_iso_buf    (gint64 tt2000, char *buf, gsize size);
gsize    ps_cdf_epoch_format_iso_buf (double epoch_ms, char *buf, gsize size);
gsize    ps_cdf_epoch16_format_iso_buf (double seconds, double picoseconds, char *buf, gsize size);

/* Leap-second table: YYYYMMDD of its last entry, and TAI-UTC at a UTC date. */
int      ps_leap_seconds_last_updated (void);

G_END_DECLS
