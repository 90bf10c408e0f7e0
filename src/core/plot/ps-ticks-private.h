/* ps-ticks-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the ps-ticks*.c files: exact decimal labels, and the calendar
 * steps of the time axis.
 */
#pragma once

#include "ps-ticks.h"

G_BEGIN_DECLS

/* At most this many major or minor ticks, whatever the geometry says. */
#define PS_TICKS_MAX 4096

typedef struct
{
  PsTimeTickUnit unit;
  gint64         count;
} PsTimeStep;

/* 10^k, correctly rounded. */
double  _ps_ticks_pow10          (int k);
/* n × 10^k, correctly rounded for |k| <= 22. */
double  _ps_ticks_value          (gint64 n,
                                  int    k);
/* n × 10^k written exactly: "0.3", "-120", or "1.5×10⁻⁷" when @scientific. */
char   *_ps_ticks_format_exact   (gint64   n,
                                  int      k,
                                  gboolean scientific);
/* "10⁻³". */
char   *_ps_ticks_format_power   (int e);
/* Moves the arrays into @out, which must be empty. */
void    _ps_ticks_take           (PsTicks   *out,
                                  GArray    *major,
                                  GPtrArray *labels,
                                  GArray    *minor);

/* The time steps from finest to coarsest. */
guint   _ps_time_step_ladder     (PsTimeDisplay     display,
                                  const PsTimeStep **ladder);
/* Candidate minor steps of @major, densest first; returns how many. */
guint   _ps_time_step_minors     (const PsTimeStep *major,
                                  PsTimeDisplay     display,
                                  PsTimeStep        out[2]);
/* The shortest distance between two consecutive ticks of @step, in ns. */
double  _ps_time_step_min_ns     (const PsTimeStep *step);
/* Appends the ticks of @step in [start, stop] to @out (PsTime). */
void    _ps_time_step_enumerate  (const PsTimeStep *step,
                                  PsTimeDisplay     display,
                                  PsTime            start,
                                  PsTime            stop,
                                  GArray           *out);

G_END_DECLS
