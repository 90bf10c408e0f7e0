/* ps-time-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ps-time.h"

G_BEGIN_DECLS

/* Division rounding towards minus infinity: C's truncates towards zero,
 * and times before 1970 need floor. */
static inline gint64
_ps_time_floor_div (gint64 a,
                    gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

/* The remainder that goes with _ps_time_floor_div(), 0 <= r < b for b > 0.
 * Never written as a - q * b, which overflows near G_MININT64. */
static inline gint64
_ps_time_floor_mod (gint64 a,
                    gint64 b)
{
  gint64 r = a % b;

  return r < 0 ? r + b : r;
}

gboolean _ps_time_checked_ns (gint64  seconds,
                              gint64  nanosecond,
                              gint64 *out);

G_END_DECLS
