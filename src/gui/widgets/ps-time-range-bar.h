/* ps-time-range-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ps-time-axis.h"

G_BEGIN_DECLS

#define PS_TYPE_TIME_RANGE_BAR (ps_time_range_bar_get_type ())

G_DECLARE_FINAL_TYPE (PsTimeRangeBar, ps_time_range_bar, PS, TIME_RANGE_BAR, GtkWidget)

GtkWidget  *ps_time_range_bar_new             (PsTimeAxis     *axis);
PsTimeAxis *ps_time_range_bar_get_time_axis   (PsTimeRangeBar *self);
void        ps_time_range_bar_set_time_axis   (PsTimeRangeBar *self,
                                               PsTimeAxis     *axis);
const char *ps_time_range_bar_get_time_format (PsTimeRangeBar *self);
void        ps_time_range_bar_set_time_format (PsTimeRangeBar *self,
                                               const char     *time_format);
void        ps_time_range_bar_edit            (PsTimeRangeBar *self);
const char *ps_time_range_bar_get_label       (PsTimeRangeBar *self);

G_END_DECLS
