/* ps-time-history.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsTimeHistory: back and forward through the time ranges a PsTimeAxis
 * has shown, like a web browser's history. A burst of changes (a drag, a
 * few wheel notches) counts as one step: a range enters the history once
 * the axis has stayed on it for a moment (or when asked to settle).
 */
#pragma once

#include "ps-time-axis.h"

G_BEGIN_DECLS

#define PS_TYPE_TIME_HISTORY (ps_time_history_get_type ())

G_DECLARE_FINAL_TYPE (PsTimeHistory, ps_time_history, PS, TIME_HISTORY, GObject)

/* How long the axis must rest on a range for it to become a step */
#define PS_TIME_HISTORY_SETTLE_MS 500

/* At most this many steps back are kept */
#define PS_TIME_HISTORY_MAX_STEPS 200

PsTimeHistory *ps_time_history_new              (PsTimeAxis    *axis);
PsTimeAxis    *ps_time_history_get_axis         (PsTimeHistory *self);
void           ps_time_history_settle           (PsTimeHistory *self);
gboolean       ps_time_history_get_can_go_back  (PsTimeHistory *self);
gboolean       ps_time_history_get_can_go_forward (PsTimeHistory *self);
gboolean       ps_time_history_go_back          (PsTimeHistory *self);
gboolean       ps_time_history_go_forward       (PsTimeHistory *self);
void           ps_time_history_clear            (PsTimeHistory *self);

G_END_DECLS
