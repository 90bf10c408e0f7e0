/* bench-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"

volatile guint64 bench_sink;

int
bench_compare_doubles (const void *a,
                       const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median of @runs back-to-back runs: these virtual machines hand idle
 * memory back to the host, so the first run after a pause is often slow. */
double
bench_median_seconds (BenchRunFunc func,
                      gpointer     data,
                      int          runs)
{
  double seconds[32];

  g_assert (runs > 0 && runs <= (int) G_N_ELEMENTS (seconds));
  for (int i = 0; i < runs; i++)
    seconds[i] = func (data);
  qsort (seconds, runs, sizeof (double), bench_compare_doubles);
  return seconds[runs / 2];
}

double
bench_elapsed_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1e6;
}

/* One row of the table: name, value, unit, note, tab-separated. */
void
bench_row (const char *name,
           double      value,
           const char *unit,
           const char *note)
{
  printf ("%s\t%.*f\t%s\t%s\n", name, value >= 100 ? 0 : value >= 10 ? 1 : 2, value, unit, note);
  fflush (stdout);
}
