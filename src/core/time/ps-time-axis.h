/* ps-time-axis.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ps-time-range.h"

G_BEGIN_DECLS

#define PS_TYPE_TIME_AXIS (ps_time_axis_get_type ())

G_DECLARE_FINAL_TYPE (PsTimeAxis, ps_time_axis, PS, TIME_AXIS, GObject)

/* The smallest and largest span an axis may show, and the instants it may
 * reach: space-age data, with room on both sides, and a span (250 years)
 * whose length in ns still fits in a gint64. */
#define PS_TIME_AXIS_MIN_DURATION G_GINT64_CONSTANT (1000)                 /* 1 µs */
#define PS_TIME_AXIS_LOWER        G_GINT64_CONSTANT (-2208988800000000000) /* 1900-01-01 */
#define PS_TIME_AXIS_UPPER        G_GINT64_CONSTANT (5680281600000000000)  /* 2150-01-01 */

PsTimeAxis        *ps_time_axis_new       (const PsTimeRange *range);
const PsTimeRange *ps_time_axis_get_range (PsTimeAxis        *self);
void               ps_time_axis_set_range (PsTimeAxis        *self,
                                           const PsTimeRange *range);
void               ps_time_axis_pan       (PsTimeAxis        *self,
                                           double             fraction);
void               ps_time_axis_zoom      (PsTimeAxis        *self,
                                           double             factor,
                                           PsTime             center);

G_END_DECLS
