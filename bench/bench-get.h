/* bench-get.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the parts of bench-get share: one get run to its end, medians,
 * and the warm and cold figures (bench-get-warm.c, bench-get-cold.c).
 */
#pragma once

#include "bench-get-data.h"
#include "ps-get.h"

G_BEGIN_DECLS

void      bench_get_done_cb (GObject           *source,
                             GAsyncResult      *result,
                             gpointer           data);
PsSeries *bench_get_series  (PsProvider        *provider,
                             PsCache           *cache,
                             const char        *product,
                             const PsTimeRange *range);
double    bench_get_median  (const double      *values,
                             int                n);
void      bench_get_warm    (BenchSite         *site,
                             BenchScenario     *scenario,
                             const char        *name);
void      bench_get_cold    (BenchSite         *site,
                             BenchScenario     *scenario,
                             const char        *name);

G_END_DECLS
