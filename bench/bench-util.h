/* bench-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every bench program shares: medians of back-to-back runs, and the
 * row format bench/run prints as one table.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef double (*BenchRunFunc) (gpointer data);

/* Written by runs so the compiler cannot drop their work. */
extern volatile guint64 bench_sink;

double bench_median_seconds (BenchRunFunc  func,
                             gpointer      data,
                             int           runs);
double bench_elapsed_since  (gint64        start_us);
int    bench_compare_doubles (const void  *a,
                              const void  *b);
void   bench_row            (const char   *name,
                             double        value,
                             const char   *unit,
                             const char   *note);

G_END_DECLS
