/* ps-pyramid-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Range queries on a pyramid, each O(log n + B): a sample range [a, b) is
 * a partial base block at each end, scanned, and between them the whole
 * base blocks [la, lb), which the usual bottom-up walk covers with at most
 * two pyramid blocks per level.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <math.h>

#include "ps-pyramid-private.h"

#define B PS_PYRAMID_BASE_BLOCK

/* The pyramid blocks covering base blocks [l, r), in time order. */
typedef struct
{
  guint  n;
  guint  level[2 * PS_PYRAMID_MAX_LEVELS];
  gsize  block[2 * PS_PYRAMID_MAX_LEVELS];
} Cover;

static void
cover_init (Cover *cover,
            gsize  l,
            gsize  r)
{
  guint right_level[PS_PYRAMID_MAX_LEVELS];
  gsize right_block[PS_PYRAMID_MAX_LEVELS];
  guint n_right = 0;

  cover->n = 0;
  for (guint level = 0; l < r; level++, l >>= 1, r >>= 1)
    {
      if (l & 1)
        {
          cover->level[cover->n] = level;
          cover->block[cover->n++] = l++;
        }
      if (r & 1)
        {
          right_level[n_right] = level;
          right_block[n_right++] = --r;
        }
    }
  while (n_right > 0)
    {
      n_right--;
      cover->level[cover->n] = right_level[n_right];
      cover->block[cover->n++] = right_block[n_right];
    }
}

static inline guint64
block_entry (PsPyramid *self,
             guint      c,
             guint      level,
             gsize      block,
             guint      which)
{
  return _ps_pyramid_entry (self, c, self->level_offset[level] + block, which);
}

static inline void
consider (PsPyramid *self,
          guint      c,
          gsize      i,
          double    *lo,
          double    *hi,
          gsize     *min_index,
          gsize     *max_index)
{
  double x = _ps_pyramid_value (self, c, i);

  if (x < *lo)
    {
      *lo = x;
      *min_index = i;
    }
  if (x > *hi)
    {
      *hi = x;
      *max_index = i;
    }
}

static void
scan_min_max (PsPyramid *self,
              guint      c,
              gsize      a,
              gsize      b,
              double    *lo,
              double    *hi,
              gsize     *min_index,
              gsize     *max_index,
              gboolean  *maybe_break)
{
  for (gsize i = a; i < b; i++)
    {
      if (isfinite (_ps_pyramid_value (self, c, i)))
        consider (self, c, i, lo, hi, min_index, max_index);
      else
        *maybe_break = TRUE;
      if (i + 1 < self->n && _ps_pyramid_is_gap (self, i))
        *maybe_break = TRUE;
    }
}

/* The indices of the minimum and maximum finite samples in [a, b) (the
 * earliest on ties); FALSE if there is none. *@maybe_break is TRUE if a
 * sample in [a, b) is not finite or a step from one in [a, b) is a gap,
 * and may be TRUE otherwise too; FALSE proves no line breaks in [a, b). */
gboolean
_ps_pyramid_min_max (PsPyramid *self,
                     guint      c,
                     gsize      a,
                     gsize      b,
                     gsize     *min_index,
                     gsize     *max_index,
                     gboolean  *maybe_break)
{
  gsize la = (a + B - 1) / B;
  gsize lb = b / B;
  double lo = INFINITY;
  double hi = -INFINITY;
  guint64 entries[2 * 2 * PS_PYRAMID_MAX_LEVELS];
  guint64 flags = 0;
  Cover cover;

  g_assert (a <= b && b <= self->n);

  *min_index = *max_index = PS_PYRAMID_NONE;
  *maybe_break = FALSE;
  if (la >= lb)
    {
      scan_min_max (self, c, a, b, &lo, &hi, min_index, max_index, maybe_break);
      return *min_index != PS_PYRAMID_NONE;
    }

  /* The entries first, prefetching the ranges of the upper blocks and the
   * values the lower blocks point to, so that their cache misses overlap
   * instead of following each other. */
  cover_init (&cover, la, lb);
  for (guint k = 0; k < cover.n; k++)
    if (cover.level[k] >= PS_PYRAMID_RANGE_LEVEL)
      __builtin_prefetch (_ps_pyramid_range (self, c, self->level_offset[cover.level[k]] + cover.block[k]));
  for (guint k = 0; k < cover.n; k++)
    {
      guint64 mn = block_entry (self, c, cover.level[k], cover.block[k], 0);
      guint64 mx = block_entry (self, c, cover.level[k], cover.block[k], 1);

      flags |= mn | mx;
      entries[2 * k] = mn & ~self->flag_bit;
      entries[2 * k + 1] = mx & ~self->flag_bit;
      if (entries[2 * k] != self->none && cover.level[k] < PS_PYRAMID_RANGE_LEVEL)
        {
          __builtin_prefetch (&self->values[entries[2 * k] * self->m + c]);
          __builtin_prefetch (&self->values[entries[2 * k + 1] * self->m + c]);
        }
    }
  *maybe_break = (flags & self->flag_bit) != 0;

  scan_min_max (self, c, a, la * B, &lo, &hi, min_index, max_index, maybe_break);
  for (guint k = 0; k < cover.n; k++)
    {
      const double *range;

      if (entries[2 * k] == self->none)
        continue;
      if (cover.level[k] < PS_PYRAMID_RANGE_LEVEL)
        {
          consider (self, c, entries[2 * k], &lo, &hi, min_index, max_index);
          consider (self, c, entries[2 * k + 1], &lo, &hi, min_index, max_index);
          continue;
        }
      range = _ps_pyramid_range (self, c, self->level_offset[cover.level[k]] + cover.block[k]);
      if (range[0] < lo)
        {
          lo = range[0];
          *min_index = entries[2 * k];
        }
      if (range[1] > hi)
        {
          hi = range[1];
          *max_index = entries[2 * k + 1];
        }
    }
  scan_min_max (self, c, lb * B, b, &lo, &hi, min_index, max_index, maybe_break);

  return *min_index != PS_PYRAMID_NONE;
}

/* The first (@last FALSE) or last finite sample of a block that has one. */
static gsize
descend (PsPyramid *self,
         guint      c,
         guint      level,
         gsize      block,
         gboolean   last)
{
  gsize start, end;

  for (; level > 0; level--)
    {
      gsize left = 2 * block;
      gboolean has_right = left + 1 < self->level_size[level - 1];
      gboolean right_ok = has_right && (block_entry (self, c, level - 1, left + 1, 0) & ~self->flag_bit) != self->none;
      gboolean left_ok = (block_entry (self, c, level - 1, left, 0) & ~self->flag_bit) != self->none;

      block = (last ? right_ok || !left_ok : !left_ok) ? left + 1 : left;
    }

  start = block * B;
  end = MIN (start + B, self->n);
  if (last)
    {
      for (gsize i = end; i > start; i--)
        if (isfinite (_ps_pyramid_value (self, c, i - 1)))
          return i - 1;
    }
  else
    {
      for (gsize i = start; i < end; i++)
        if (isfinite (_ps_pyramid_value (self, c, i)))
          return i;
    }
  g_assert_not_reached ();
  return PS_PYRAMID_NONE;
}

static gsize
scan_first (PsPyramid *self,
            guint      c,
            gsize      a,
            gsize      b)
{
  for (gsize i = a; i < b; i++)
    if (isfinite (_ps_pyramid_value (self, c, i)))
      return i;
  return PS_PYRAMID_NONE;
}

static gsize
scan_last (PsPyramid *self,
           guint      c,
           gsize      a,
           gsize      b)
{
  for (gsize i = b; i > a; i--)
    if (isfinite (_ps_pyramid_value (self, c, i - 1)))
      return i - 1;
  return PS_PYRAMID_NONE;
}

static gboolean
block_has_finite (PsPyramid *self,
                  guint      c,
                  guint      level,
                  gsize      block)
{
  return (block_entry (self, c, level, block, 0) & ~self->flag_bit) != self->none;
}

/* The first finite sample in [a, b), PS_PYRAMID_NONE if none. */
gsize
_ps_pyramid_first_finite (PsPyramid *self,
                          guint      c,
                          gsize      a,
                          gsize      b)
{
  gsize la = (a + B - 1) / B;
  gsize lb = b / B;
  gsize found;
  Cover cover;

  g_assert (a <= b && b <= self->n);

  if (a < b && isfinite (_ps_pyramid_value (self, c, a)))
    return a;
  if (la >= lb)
    return scan_first (self, c, a, b);

  if ((found = scan_first (self, c, a, la * B)) != PS_PYRAMID_NONE)
    return found;
  cover_init (&cover, la, lb);
  for (guint k = 0; k < cover.n; k++)
    if (block_has_finite (self, c, cover.level[k], cover.block[k]))
      return descend (self, c, cover.level[k], cover.block[k], FALSE);
  return scan_first (self, c, lb * B, b);
}

/* The last finite sample in [a, b), PS_PYRAMID_NONE if none. */
gsize
_ps_pyramid_last_finite (PsPyramid *self,
                         guint      c,
                         gsize      a,
                         gsize      b)
{
  gsize la = (a + B - 1) / B;
  gsize lb = b / B;
  gsize found;
  Cover cover;

  g_assert (a <= b && b <= self->n);

  if (a < b && isfinite (_ps_pyramid_value (self, c, b - 1)))
    return b - 1;
  if (la >= lb)
    return scan_last (self, c, a, b);

  if ((found = scan_last (self, c, lb * B, b)) != PS_PYRAMID_NONE)
    return found;
  cover_init (&cover, la, lb);
  for (guint k = cover.n; k > 0; k--)
    if (block_has_finite (self, c, cover.level[k - 1], cover.block[k - 1]))
      return descend (self, c, cover.level[k - 1], cover.block[k - 1], TRUE);
  return scan_last (self, c, a, la * B);
}

/* Whether a sample in [a, b) is not finite or a step k in [a, b), from
 * sample k to k + 1, is a gap. */
static gboolean
scan_break (PsPyramid *self,
            guint      c,
            gsize      a,
            gsize      b)
{
  for (gsize k = a; k < b; k++)
    if (!isfinite (_ps_pyramid_value (self, c, k)) || _ps_pyramid_is_gap (self, k))
      return TRUE;
  return FALSE;
}

/* Whether a line from sample i to sample j > i must break: a non-finite
 * sample between them, or a time step between them above the threshold.
 * Sample i is finite (it was drawn), so [i, j) is checked for both in one
 * walk. */
gboolean
_ps_pyramid_has_break (PsPyramid *self,
                       guint      c,
                       gsize      i,
                       gsize      j)
{
  gsize la = (i + B - 1) / B;
  gsize lb = j / B;
  Cover cover;

  g_assert (i < j && j < self->n);

  if (j == i + 1)
    return _ps_pyramid_is_gap (self, i);
  if (la >= lb)
    return scan_break (self, c, i, j);
  if (scan_break (self, c, i, la * B) || scan_break (self, c, lb * B, j))
    return TRUE;
  cover_init (&cover, la, lb);
  for (guint k = 0; k < cover.n; k++)
    if ((block_entry (self, c, cover.level[k], cover.block[k], 0) |
         block_entry (self, c, cover.level[k], cover.block[k], 1)) & self->flag_bit)
      return TRUE;
  return FALSE;
}
