/* ps-time-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ps-time.h"

G_BEGIN_DECLS

gboolean _ps_time_checked_ns (gint64  seconds,
                              gint64  nanosecond,
                              gint64 *out);

G_END_DECLS
