/* ps-time-range.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A half-open interval of PsTime, [start, stop). Passed by value or by
 * const pointer; boxed (PS_TYPE_TIME_RANGE) so that it can be a property.
 */
#pragma once

#include <glib-object.h>

#include "ps-time.h"

G_BEGIN_DECLS

#define PS_TYPE_TIME_RANGE (ps_time_range_get_type ())

typedef struct
{
  PsTime start;
  PsTime stop;
} PsTimeRange;

GType        ps_time_range_get_type       (void) G_GNUC_CONST;

PsTimeRange *ps_time_range_new            (PsTime             start,
                                           PsTime             stop);
PsTimeRange *ps_time_range_copy           (const PsTimeRange *range);
void         ps_time_range_free           (PsTimeRange       *range);

void         ps_time_range_init           (PsTimeRange       *range,
                                           PsTime             start,
                                           PsTime             stop);
PsTimeRange  ps_time_range_make           (PsTime             start,
                                           PsTime             stop);

gboolean     ps_time_range_is_empty       (const PsTimeRange *range);
gboolean     ps_time_range_is_valid       (const PsTimeRange *range);
PsTime       ps_time_range_duration       (const PsTimeRange *range);
gboolean     ps_time_range_equal          (const PsTimeRange *a,
                                           const PsTimeRange *b);

gboolean     ps_time_range_contains       (const PsTimeRange *range,
                                           PsTime             t);
gboolean     ps_time_range_contains_range (const PsTimeRange *outer,
                                           const PsTimeRange *inner);
gboolean     ps_time_range_intersects     (const PsTimeRange *a,
                                           const PsTimeRange *b);
gboolean     ps_time_range_intersection   (const PsTimeRange *a,
                                           const PsTimeRange *b,
                                           PsTimeRange       *out);
PsTimeRange  ps_time_range_union_hull     (const PsTimeRange *a,
                                           const PsTimeRange *b);
gboolean     ps_time_range_union          (const PsTimeRange *a,
                                           const PsTimeRange *b,
                                           PsTimeRange       *out);

PsTimeRange  ps_time_range_shift          (const PsTimeRange *range,
                                           PsTime             delta);
PsTimeRange  ps_time_range_scale_around   (const PsTimeRange *range,
                                           PsTime             center,
                                           double             factor);

PsTimeRange *ps_time_range_split_aligned  (const PsTimeRange *range,
                                           PsTime             fragment,
                                           PsTime             origin,
                                           gsize              max_fragments,
                                           gsize             *n_fragments);

char        *ps_time_range_to_string      (const PsTimeRange *range);
gboolean     ps_time_range_parse          (const char        *text,
                                           PsTimeRange       *out,
                                           GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsTimeRange, ps_time_range_free)

G_END_DECLS
