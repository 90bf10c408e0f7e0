/* ps-pyramid-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pyramid's layout, shared by its builder (ps-pyramid.c), its range
 * queries (ps-pyramid-query.c) and the M4 reduction (ps-m4.c).
 *
 * Component c owns entries[c · per_component …], two entries per block
 * (min then max); level k starts at block level_offset[k]. An entry is a
 * sample index in its low bits and a flag in its top bit (flag_bit): on the
 * min entry "the block holds a non-finite value", on the max entry "the
 * block holds a time step (k, k + 1) larger than the gap threshold", step k
 * belonging to the block of sample k. A block of only non-finite values has
 * the index none (flag_bit − 1) in both entries.
 *
 * Blocks of level PS_PYRAMID_RANGE_LEVEL and above also keep the values of
 * their min and max (ranges[], NaN for none): a query then compares them
 * without reading the series at random places, which for a long series
 * costs a cache and TLB miss each.
 */
#pragma once

#include "ps-pyramid.h"

G_BEGIN_DECLS

#define PS_PYRAMID_MAX_LEVELS 64
#define PS_PYRAMID_RANGE_LEVEL 3

/* "No such sample" in query answers. */
#define PS_PYRAMID_NONE G_MAXSIZE

struct _PsPyramid
{
  PsSeries      *series;
  const PsTime  *times;
  const double  *values;
  gsize          n;
  guint          m;
  gboolean       wide;          /* 64-bit entries */
  guint          n_levels;
  PsTime         cadence;
  guint64        gap_threshold; /* a step strictly above it is a gap */
  guint64        flag_bit;
  guint64        none;
  gsize          n_blocks;      /* per component, all levels */
  gsize          range_base;    /* the first block with a range */
  double        *ranges;        /* per component, {min, max} per block */
  gsize          level_offset[PS_PYRAMID_MAX_LEVELS];
  gsize          level_size[PS_PYRAMID_MAX_LEVELS];
  union {
    guint32     *e32;
    guint64     *e64;
    gpointer     data;
  } entries;
};

static inline guint64
_ps_pyramid_entry (const PsPyramid *self,
                   guint            component,
                   gsize            block,
                   guint            which)
{
  gsize pos = ((gsize) component * self->n_blocks + block) * 2 + which;

  return self->wide ? self->entries.e64[pos] : self->entries.e32[pos];
}

static inline void
_ps_pyramid_set_entry (PsPyramid *self,
                       guint      component,
                       gsize      block,
                       guint      which,
                       guint64    value)
{
  gsize pos = ((gsize) component * self->n_blocks + block) * 2 + which;

  if (self->wide)
    self->entries.e64[pos] = value;
  else
    self->entries.e32[pos] = (guint32) value;
}

static inline double *
_ps_pyramid_range (const PsPyramid *self,
                   guint            component,
                   gsize            block)
{
  return &self->ranges[((gsize) component * (self->n_blocks - self->range_base) + block - self->range_base) * 2];
}

static inline double
_ps_pyramid_value (const PsPyramid *self,
                   guint            component,
                   gsize            i)
{
  return self->values[i * self->m + component];
}

static inline gboolean
_ps_pyramid_is_gap (const PsPyramid *self,
                    gsize            k)
{
  return (guint64) self->times[k + 1] - (guint64) self->times[k] > self->gap_threshold;
}

PsPyramid *_ps_pyramid_new_wide  (PsSeries  *series,
                                   PsTime     gap_threshold);

gboolean _ps_pyramid_min_max      (PsPyramid *self,
                                   guint      component,
                                   gsize      a,
                                   gsize      b,
                                   gsize     *min_index,
                                   gsize     *max_index,
                                   gboolean  *maybe_break);
gsize    _ps_pyramid_first_finite (PsPyramid *self,
                                   guint      component,
                                   gsize      a,
                                   gsize      b);
gsize    _ps_pyramid_last_finite  (PsPyramid *self,
                                   guint      component,
                                   gsize      a,
                                   gsize      b);
/* i < j and sample i finite. */
gboolean _ps_pyramid_has_break    (PsPyramid *self,
                                   guint      component,
                                   gsize      i,
                                   gsize      j);

G_END_DECLS
