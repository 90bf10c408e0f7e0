/* ps-time-display.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ps-time.h"

G_BEGIN_DECLS

typedef enum
{
  PS_TIME_DISPLAY_CALENDAR,    /* 2020-02-01 12:00:00 */
  PS_TIME_DISPLAY_DAY_OF_YEAR, /* 2020-032 12:00:00 */
} PsTimeDisplay;

PsTimeDisplay ps_time_display_from_nick    (const char    *nick);
const char   *ps_time_display_to_nick      (PsTimeDisplay  display);
int           ps_time_display_digits_needed (PsTime        t);
char         *ps_time_format_display       (PsTime         t,
                                            PsTimeDisplay  display,
                                            int            digits);

G_END_DECLS
