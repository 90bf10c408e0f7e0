/* ps-pyramid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Building the pyramid. One pass over the series, in chunks of
 * CHUNK_BLOCKS base blocks: each chunk's level 0 and the levels above it
 * that stay inside the chunk are built while its values are still in the
 * cache, so the upper levels never read values back from main memory. The
 * few levels above the chunks are built at the end.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "ps-pyramid-private.h"

#define CHUNK_LEVELS 8
#define CHUNK_BLOCKS ((gsize) 1 << CHUNK_LEVELS)
/* 1024 chunks of 4096 samples: look at the cancellable every 4 M samples. */
#define CANCEL_CHUNKS 1024
#define CADENCE_SAMPLES 4096

G_DEFINE_BOXED_TYPE (PsPyramid, ps_pyramid, ps_pyramid_ref, ps_pyramid_unref)

static void
ps_pyramid_clear (gpointer data)
{
  PsPyramid *self = data;

  g_clear_pointer (&self->entries.data, g_free);
  g_clear_pointer (&self->ranges, g_free);
  g_clear_pointer (&self->series, ps_series_unref);
}

static int
compare_steps (const void *a,
               const void *b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

/**
 * ps_pyramid_estimate_cadence:
 * @series: a series
 *
 * The median of up to 4096 positive time steps taken evenly along @series:
 * a few gaps or duplicate timestamps do not move it.
 *
 * Returns: the cadence in nanoseconds, 0 if @series has no positive step
 */
PsTime
ps_pyramid_estimate_cadence (PsSeries *series)
{
  const PsTime *times;
  guint64 steps[CADENCE_SAMPLES];
  gsize n;
  gsize n_samples;
  guint n_steps = 0;

  g_return_val_if_fail (series != NULL, 0);

  n = ps_series_get_n (series);
  if (n < 2)
    return 0;

  times = ps_series_get_times (series);
  n_samples = MIN (n - 1, CADENCE_SAMPLES);
  for (gsize s = 0; s < n_samples; s++)
    {
      gsize k = (gsize) ((guint64) s * (n - 1) / n_samples);
      guint64 step = (guint64) times[k + 1] - (guint64) times[k];

      if (step > 0)
        steps[n_steps++] = step;
    }

  if (n_steps == 0)
    return 0;

  qsort (steps, n_steps, sizeof (guint64), compare_steps);
  return (PsTime) MIN (steps[n_steps / 2], (guint64) G_MAXINT64);
}

static void
layout (PsPyramid *self)
{
  gsize size = (self->n + PS_PYRAMID_BASE_BLOCK - 1) / PS_PYRAMID_BASE_BLOCK;
  gsize offset = 0;

  self->n_levels = 0;
  while (size > 0)
    {
      g_assert (self->n_levels < PS_PYRAMID_MAX_LEVELS);
      self->level_offset[self->n_levels] = offset;
      self->level_size[self->n_levels] = size;
      self->n_levels++;
      offset += size;
      if (size == 1)
        break;
      size = (size + 1) / 2;
    }
  self->n_blocks = offset;
  self->range_base = self->n_levels > PS_PYRAMID_RANGE_LEVEL ? self->level_offset[PS_PYRAMID_RANGE_LEVEL] : offset;
}

static gsize
memory_size (PsPyramid *self)
{
  return self->n_blocks * 2 * self->m * (self->wide ? sizeof (guint64) : sizeof (guint32)) +
         (self->n_blocks - self->range_base) * 2 * self->m * sizeof (double);
}

/* Base block @block of every component, in one pass over its rows. */
static void
build_base_block (PsPyramid *self,
                  gsize      block)
{
  gsize start = block * PS_PYRAMID_BASE_BLOCK;
  gsize end = MIN (start + PS_PYRAMID_BASE_BLOCK, self->n);
  gsize step_end = MIN (end, self->n - 1);
  guint64 gap = 0;

  for (gsize k = start; k < step_end; k++)
    if (_ps_pyramid_is_gap (self, k))
      gap = self->flag_bit;

  for (guint c = 0; c < self->m; c++)
    {
      const double *v = self->values + start * self->m + c;
      double lo = INFINITY;
      double hi = -INFINITY;
      guint64 min_i = self->none;
      guint64 max_i = self->none;
      gboolean nonfinite = FALSE;

      for (gsize i = start; i < end; i++, v += self->m)
        {
          double x = *v;

          if (G_UNLIKELY (!isfinite (x)))
            {
              nonfinite = TRUE;
              continue;
            }
          if (x < lo)
            {
              lo = x;
              min_i = i;
            }
          if (x > hi)
            {
              hi = x;
              max_i = i;
            }
        }
      _ps_pyramid_set_entry (self, c, block, 0, min_i | (nonfinite ? self->flag_bit : 0));
      _ps_pyramid_set_entry (self, c, block, 1, max_i | gap);
    }
}

/* Of two entries' indices, the one whose value is lower (@want_max FALSE)
 * or higher; the left one on ties, so that the earliest sample wins. */
static guint64
pick (PsPyramid *self,
      guint      c,
      guint64    left,
      guint64    right,
      gboolean   want_max)
{
  double l, r;

  if (left == self->none)
    return right;
  if (right == self->none)
    return left;
  l = _ps_pyramid_value (self, c, left);
  r = _ps_pyramid_value (self, c, right);
  return (want_max ? r > l : r < l) ? right : left;
}

/* Block @block of level @level from its (one or two) children. */
static void
build_upper_block (PsPyramid *self,
                   guint      level,
                   gsize      block)
{
  gsize child = self->level_offset[level - 1] + 2 * block;
  gboolean has_right = 2 * block + 1 < self->level_size[level - 1];
  gsize dst = self->level_offset[level] + block;
  guint64 mask = ~self->flag_bit;

  for (guint c = 0; c < self->m; c++)
    {
      guint64 lmin = _ps_pyramid_entry (self, c, child, 0);
      guint64 lmax = _ps_pyramid_entry (self, c, child, 1);
      guint64 rmin, rmax;

      if (has_right)
        {
          rmin = _ps_pyramid_entry (self, c, child + 1, 0);
          rmax = _ps_pyramid_entry (self, c, child + 1, 1);
          lmin = ((lmin | rmin) & self->flag_bit) | pick (self, c, lmin & mask, rmin & mask, FALSE);
          lmax = ((lmax | rmax) & self->flag_bit) | pick (self, c, lmax & mask, rmax & mask, TRUE);
        }
      _ps_pyramid_set_entry (self, c, dst, 0, lmin);
      _ps_pyramid_set_entry (self, c, dst, 1, lmax);
      if (level >= PS_PYRAMID_RANGE_LEVEL)
        {
          double *range = _ps_pyramid_range (self, c, dst);

          lmin &= mask;
          lmax &= mask;
          range[0] = lmin == self->none ? NAN : _ps_pyramid_value (self, c, lmin);
          range[1] = lmax == self->none ? NAN : _ps_pyramid_value (self, c, lmax);
        }
    }
}

/* Level 0 blocks [start, end) and, above them, the blocks they cover alone
 * up to level @top (exclusive). @start is a multiple of 2^(top − 1). */
static void
build_span (PsPyramid *self,
            gsize      start,
            gsize      end,
            guint      top)
{
  for (gsize b = start; b < end; b++)
    build_base_block (self, b);

  for (guint level = 1; level < top; level++)
    {
      start >>= 1;
      end = (end + 1) / 2;
      for (gsize b = start; b < end; b++)
        build_upper_block (self, level, b);
    }
}

static gboolean
build (PsPyramid    *self,
       GCancellable *cancellable,
       GError      **error)
{
  gsize base = self->n_levels > 0 ? self->level_size[0] : 0;
  guint chunk_top = MIN (self->n_levels, CHUNK_LEVELS + 1);
  gsize q = 0;

  for (gsize start = 0; start < base; start += CHUNK_BLOCKS, q++)
    {
      if (q % CANCEL_CHUNKS == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      build_span (self, start, MIN (start + CHUNK_BLOCKS, base), chunk_top);
    }

  for (guint level = chunk_top; level < self->n_levels; level++)
    for (gsize b = 0; b < self->level_size[level]; b++)
      build_upper_block (self, level, b);

  return TRUE;
}

static PsPyramid *
pyramid_new (PsSeries      *series,
             PsTime         gap_threshold,
             gboolean       wide,
             GCancellable  *cancellable,
             GError       **error)
{
  PsPyramid *self;
  gsize size;

  self = g_atomic_rc_box_new0 (PsPyramid);
  self->series = ps_series_ref (series);
  self->times = ps_series_get_times (series);
  self->values = ps_series_get_values (series);
  self->n = ps_series_get_n (series);
  self->m = ps_series_get_m (series);
  self->wide = wide || self->n >= (gsize) G_MAXINT32;
  self->flag_bit = self->wide ? G_GUINT64_CONSTANT (1) << 63 : G_GUINT64_CONSTANT (1) << 31;
  self->none = self->flag_bit - 1;
  self->cadence = ps_pyramid_estimate_cadence (series);
  if (gap_threshold != PS_PYRAMID_GAP_AUTO)
    self->gap_threshold = (guint64) gap_threshold;
  else if (self->cadence > 0 && self->cadence <= G_MAXINT64 / PS_PYRAMID_GAP_FACTOR)
    self->gap_threshold = (guint64) self->cadence * PS_PYRAMID_GAP_FACTOR;
  else
    self->gap_threshold = G_MAXINT64;

  layout (self);
  size = self->n_blocks * 2 * self->m * (self->wide ? sizeof (guint64) : sizeof (guint32));
  self->entries.data = size > 0 ? g_malloc (size) : NULL;
  size = (self->n_blocks - self->range_base) * 2 * self->m;
  self->ranges = size > 0 ? g_new (double, size) : NULL;

  if (!build (self, cancellable, error))
    {
      ps_pyramid_unref (self);
      return NULL;
    }

  return self;
}

/* 64-bit entries whatever n is, so that the tests cover them. */
PsPyramid *
_ps_pyramid_new_wide (PsSeries *series,
                      PsTime    gap_threshold)
{
  return pyramid_new (series, gap_threshold, TRUE, NULL, NULL);
}

/**
 * ps_pyramid_new_full:
 * @series: the series to index
 * @gap_threshold: a time step strictly larger than this breaks lines;
 *   %PS_PYRAMID_GAP_AUTO for %PS_PYRAMID_GAP_FACTOR × the cadence,
 *   %PS_PYRAMID_GAP_NEVER never to break on time
 * @cancellable: (nullable): looked at every few million samples
 * @error: set when cancelled
 *
 * Builds the pyramid of every component of @series: O(n · m), blocking.
 *
 * Returns: (transfer full) (nullable): the pyramid, %NULL if cancelled
 */
PsPyramid *
ps_pyramid_new_full (PsSeries      *series,
                     PsTime         gap_threshold,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (gap_threshold >= 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return pyramid_new (series, gap_threshold, FALSE, cancellable, error);
}

/**
 * ps_pyramid_new:
 * @series: the series to index
 *
 * ps_pyramid_new_full() with the default gap threshold, not cancellable.
 *
 * Returns: (transfer full): the pyramid
 */
PsPyramid *
ps_pyramid_new (PsSeries *series)
{
  g_return_val_if_fail (series != NULL, NULL);

  return ps_pyramid_new_full (series, PS_PYRAMID_GAP_AUTO, NULL, NULL);
}

typedef struct
{
  PsSeries *series;
  PsTime    gap_threshold;
} NewData;

static void
new_data_free (gpointer data)
{
  NewData *d = data;

  ps_series_unref (d->series);
  g_free (d);
}

static void
new_thread_cb (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  NewData *d = task_data;
  GError *error = NULL;
  PsPyramid *pyramid = ps_pyramid_new_full (d->series, d->gap_threshold, cancellable, &error);

  if (pyramid == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pyramid, (GDestroyNotify) ps_pyramid_unref);
}

/**
 * ps_pyramid_new_async:
 * @series: the series to index
 * @gap_threshold: as for ps_pyramid_new_full()
 * @cancellable: (nullable): cancels the build
 * @callback: called in the thread-default main context of the caller
 * @user_data: for @callback
 *
 * Builds the pyramid on a worker thread.
 */
void
ps_pyramid_new_async (PsSeries            *series,
                      PsTime               gap_threshold,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  NewData *d;

  g_return_if_fail (series != NULL);
  g_return_if_fail (gap_threshold >= 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_pyramid_new_async);
  d = g_new0 (NewData, 1);
  d->series = ps_series_ref (series);
  d->gap_threshold = gap_threshold;
  g_task_set_task_data (task, d, new_data_free);
  g_task_run_in_thread (task, new_thread_cb);
}

/**
 * ps_pyramid_new_finish:
 * @result: the result given to the callback
 * @error: set on cancellation
 *
 * Returns: (transfer full) (nullable): the pyramid
 */
PsPyramid *
ps_pyramid_new_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ps_pyramid_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

PsPyramid *
ps_pyramid_ref (PsPyramid *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
ps_pyramid_unref (PsPyramid *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, ps_pyramid_clear);
}

PsSeries *
ps_pyramid_get_series (PsPyramid *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->series;
}

PsTime
ps_pyramid_get_cadence (PsPyramid *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->cadence;
}

/* The threshold in use: PS_PYRAMID_GAP_NEVER when time never breaks. */
PsTime
ps_pyramid_get_gap_threshold (PsPyramid *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return (PsTime) self->gap_threshold;
}

/* Bytes this pyramid holds, not counting its series. */
gsize
ps_pyramid_get_memory_size (PsPyramid *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sizeof *self + memory_size (self);
}
