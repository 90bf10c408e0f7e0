/* ps-pyramid.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsPyramid: a min/max pyramid over every component of a PsSeries, so that
 * any visible range reduces to a few samples per pixel column in
 * O(columns · log n) (see ps-m4.h), whatever n is.
 *
 * Per component, level 0 has one block per PS_PYRAMID_BASE_BLOCK samples
 * and level k + 1 one block per two blocks of level k, up to a single
 * block. A block stores the INDEX of its minimum and of its maximum finite
 * sample (so reductions return exact values and times), plus two flags in
 * the top bit of each index: "holds a non-finite value" and "holds a time
 * step larger than the gap threshold". A block of only non-finite values
 * has no index. Indices are 32-bit below 2^31 − 1 samples, 64-bit above.
 * Blocks of 128 samples and more also keep their min and max values, so
 * that queries do not read the series at random places.
 *
 * Memory, with B = PS_PYRAMID_BASE_BLOCK = 16 and s the index size (4 or 8),
 * per component: indices (2n / B) · 2 · s bytes, values (2n / 8B) · 16
 * bytes, (4s + 4) · n / B in all, against 8n · (1 + m) bytes for the raw
 * series: an overhead of (s + 1) · m / (2B · (1 + m)) = 5m / (32 · (1 + m))
 * with 32-bit indices: 7.8 % for m = 1, 11.7 % for m = 3, never above
 * 15.6 %. (With 64-bit indices, past 2^31 samples: 14 % for m = 1, 21 %
 * for m = 3.)
 *
 * Gaps: a non-finite value (NaN — fill values are NaN already — or an
 * infinity) breaks lines, and so does a time step strictly larger than the
 * gap threshold. By default the threshold is PS_PYRAMID_GAP_FACTOR times
 * the cadence, the median of up to 4096 positive time steps sampled evenly
 * along the series (robust to a few gaps and to duplicate timestamps).
 *
 * Immutable once built and atomically refcounted: it keeps a reference on
 * its series, and any thread may query or unref it. Building reads the
 * whole series once (O(n · m)): do it on a worker, with
 * ps_pyramid_new_async().
 */
#pragma once

#include <gio/gio.h>

#include "ps-series.h"

G_BEGIN_DECLS

#define PS_TYPE_PYRAMID (ps_pyramid_get_type ())

#define PS_PYRAMID_BASE_BLOCK 16
#define PS_PYRAMID_GAP_FACTOR 5

/* Gap thresholds: work it out from the cadence, or never break on time. */
#define PS_PYRAMID_GAP_AUTO   ((PsTime) 0)
#define PS_PYRAMID_GAP_NEVER  G_MAXINT64

typedef struct _PsPyramid PsPyramid;

GType      ps_pyramid_get_type          (void) G_GNUC_CONST;

PsPyramid *ps_pyramid_new               (PsSeries             *series);
PsPyramid *ps_pyramid_new_full          (PsSeries             *series,
                                         PsTime                gap_threshold,
                                         GCancellable         *cancellable,
                                         GError              **error);
void       ps_pyramid_new_async         (PsSeries             *series,
                                         PsTime                gap_threshold,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
PsPyramid *ps_pyramid_new_finish        (GAsyncResult         *result,
                                         GError              **error);

PsPyramid *ps_pyramid_ref               (PsPyramid            *self);
void       ps_pyramid_unref             (PsPyramid            *self);

PsSeries  *ps_pyramid_get_series        (PsPyramid            *self);
PsTime     ps_pyramid_get_cadence       (PsPyramid            *self);
PsTime     ps_pyramid_get_gap_threshold (PsPyramid            *self);
gsize      ps_pyramid_get_memory_size   (PsPyramid            *self);

PsTime     ps_pyramid_estimate_cadence  (PsSeries             *series);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsPyramid, ps_pyramid_unref)

G_END_DECLS
