/* ps-spectro-pyramid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Building the spectrogram pyramid and reducing ranges with it. Cells are
 * stored block-major: the m cells of a block are contiguous, so a column
 * walks one decomposition of its range into blocks for all bins at once,
 * and the build reads the series row after row. As for the line pyramid
 * (ps-pyramid.c), the base blocks of a chunk and the levels above them
 * that stay inside the chunk are built while the chunk is in the cache.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "ps-spectro-pyramid.h"

#define B ((gsize) PS_SPECTRO_PYRAMID_BASE_BLOCK)
/* Blocks of up to B · 2^25 = 2^31 samples: their counts fit 32 bits. */
#define MAX_LEVELS 26
#define CHUNK_LEVELS 6
#define CHUNK_BLOCKS ((gsize) 1 << CHUNK_LEVELS)
/* Look at the cancellable every 64 chunks of 4096 rows. */
#define CANCEL_CHUNKS 64
/* Up to this many bins, a reduction needs no allocation. */
#define SCRATCH_BINS 128

/* One bin of one block: the non-NaN values, then the log10 of the
 * positive ones. Extents are rounded outwards to floats. */
typedef struct
{
  double  sum;
  double  log_sum;
  float   min;
  float   max;
  float   log_min;
  float   log_max;
  guint32 n;
  guint32 n_pos;
} Cell;

G_STATIC_ASSERT (sizeof (Cell) == 40);

struct _PsSpectroPyramid
{
  PsSeries     *series;
  const double *values;
  gsize         n;
  guint         m;
  guint         n_levels;
  gsize         n_blocks;  /* all levels */
  gsize         level_offset[MAX_LEVELS];
  gsize         level_size[MAX_LEVELS];
  Cell         *cells;     /* (level_offset[l] + block) · m + bin */
};

G_DEFINE_BOXED_TYPE (PsSpectroPyramid, ps_spectro_pyramid, ps_spectro_pyramid_ref, ps_spectro_pyramid_unref)

/**
 * ps_spectro_scale_init:
 * @min: the value at position 0 (as PsColorNorm's min)
 * @max: the value at position 1
 * @log: a log10 scale
 *
 * The scale ps_color_norm_apply() applies for the same three numbers.
 */
void
ps_spectro_scale_init (PsSpectroScale *scale,
                       double          min,
                       double          max,
                       gboolean        log)
{
  g_return_if_fail (scale != NULL);

  scale->log = log;
  scale->empty = log && (min <= 0.0 || max <= 0.0);
  scale->lo = log && !scale->empty ? log10 (min) : min;
  scale->hi = log && !scale->empty ? log10 (max) : max;
}

/* The positions of one row's values added to their bins. */
static inline void
add_row (const double         *row,
         guint                 m,
         const PsSpectroScale *scale,
         double               *sum,
         gsize                *count)
{
  for (guint k = 0; k < m; k++)
    {
      double t = ps_spectro_scale_position (scale, row[k]);

      if (!isnan (t))
        {
          sum[k] += t;
          count[k]++;
        }
    }
}

/**
 * ps_spectro_reduce_direct:
 * @series: a series of m bins
 * @first: the first row
 * @last: the row after the last, <= n
 * @scale: the colour scale
 * @sum: (out caller-allocates): per bin, the positions of rows [@first,
 *   @last) summed
 * @count: (out caller-allocates): per bin, how many values have one
 *
 * The reference: every value read, in order. O((last − first) · m).
 */
void
ps_spectro_reduce_direct (PsSeries             *series,
                          gsize                 first,
                          gsize                 last,
                          const PsSpectroScale *scale,
                          double               *sum,
                          gsize                *count)
{
  const double *values;
  guint m;

  g_return_if_fail (series != NULL);
  g_return_if_fail (first <= last && last <= ps_series_get_n (series));
  g_return_if_fail (scale != NULL);

  m = ps_series_get_m (series);
  values = ps_series_get_values (series);
  memset (sum, 0, m * sizeof (double));
  memset (count, 0, m * sizeof (gsize));
  for (gsize i = first; i < last; i++)
    add_row (values + i * m, m, scale, sum, count);
}

/* Floats on the safe side of a double (no out-of-range conversions). */
static inline float
float_down (double d)
{
  float f;

  if (d > FLT_MAX)
    return FLT_MAX;
  if (d < -FLT_MAX)
    return -INFINITY;
  f = (float) d;
  return (double) f > d ? nextafterf (f, -INFINITY) : f;
}

static inline float
float_up (double d)
{
  float f;

  if (d > FLT_MAX)
    return INFINITY;
  if (d < -FLT_MAX)
    return -FLT_MAX;
  f = (float) d;
  return (double) f < d ? nextafterf (f, INFINITY) : f;
}

static inline Cell *
cells_of (const PsSpectroPyramid *self,
          guint                   level,
          gsize                   block)
{
  return self->cells + (self->level_offset[level] + block) * self->m;
}

static void
layout (PsSpectroPyramid *self)
{
  gsize size = (self->n + B - 1) / B;
  gsize offset = 0;

  self->n_levels = 0;
  while (size > 0)
    {
      self->level_offset[self->n_levels] = offset;
      self->level_size[self->n_levels] = size;
      self->n_levels++;
      offset += size;
      if (size == 1 || self->n_levels == MAX_LEVELS)
        break;
      size = (size + 1) / 2;
    }
  self->n_blocks = offset;
}

typedef struct
{
  double sum, log_sum;
  double min, max, log_min, log_max;
  guint32 n, n_pos;
} Acc;

static void
build_base_block (PsSpectroPyramid *self,
                  gsize             block,
                  Acc              *acc)
{
  gsize start = block * B;
  gsize end = MIN (start + B, self->n);
  guint m = self->m;
  Cell *out = cells_of (self, 0, block);

  for (guint k = 0; k < m; k++)
    {
      acc[k] = (Acc) { 0.0, 0.0, INFINITY, -INFINITY, INFINITY, -INFINITY, 0, 0 };
    }
  for (gsize i = start; i < end; i++)
    {
      const double *row = self->values + i * m;

      for (guint k = 0; k < m; k++)
        {
          double v = row[k];
          Acc *a = &acc[k];

          if (G_UNLIKELY (isnan (v)))
            continue;
          a->sum += v;
          a->n++;
          a->min = MIN (a->min, v);
          a->max = MAX (a->max, v);
          if (v > 0.0)
            {
              double l = log10 (v);

              a->log_sum += l;
              a->n_pos++;
              a->log_min = MIN (a->log_min, l);
              a->log_max = MAX (a->log_max, l);
            }
        }
    }
  for (guint k = 0; k < m; k++)
    {
      const Acc *a = &acc[k];
      Cell *c = &out[k];

      c->sum = a->sum;
      c->log_sum = a->log_sum;
      c->n = a->n;
      c->n_pos = a->n_pos;
      c->min = a->n > 0 ? float_down (a->min) : INFINITY;
      c->max = a->n > 0 ? float_up (a->max) : -INFINITY;
      c->log_min = a->n_pos > 0 ? float_down (a->log_min) : INFINITY;
      c->log_max = a->n_pos > 0 ? float_up (a->log_max) : -INFINITY;
    }
}

static void
build_upper_block (PsSpectroPyramid *self,
                   guint             level,
                   gsize             block)
{
  const Cell *left = cells_of (self, level - 1, 2 * block);
  gboolean has_right = 2 * block + 1 < self->level_size[level - 1];
  Cell *out = cells_of (self, level, block);

  if (!has_right)
    {
      memcpy (out, left, self->m * sizeof (Cell));
      return;
    }
  for (guint k = 0; k < self->m; k++)
    {
      const Cell *l = &left[k];
      const Cell *r = &left[self->m + k];
      Cell *c = &out[k];

      c->sum = l->sum + r->sum;
      c->log_sum = l->log_sum + r->log_sum;
      c->n = l->n + r->n;
      c->n_pos = l->n_pos + r->n_pos;
      c->min = MIN (l->min, r->min);
      c->max = MAX (l->max, r->max);
      c->log_min = MIN (l->log_min, r->log_min);
      c->log_max = MAX (l->log_max, r->log_max);
    }
}

/* Base blocks [start, end) and the blocks above them, up to level @top
 * (exclusive), that they cover alone. @start is a multiple of 2^(top − 1). */
static void
build_span (PsSpectroPyramid *self,
            gsize             start,
            gsize             end,
            guint             top,
            Acc              *acc)
{
  for (gsize b = start; b < end; b++)
    build_base_block (self, b, acc);

  for (guint level = 1; level < top; level++)
    {
      start >>= 1;
      end = (end + 1) / 2;
      for (gsize b = start; b < end; b++)
        build_upper_block (self, level, b);
    }
}

static gboolean
build (PsSpectroPyramid *self,
       GCancellable     *cancellable,
       GError          **error)
{
  gsize base = self->n_levels > 0 ? self->level_size[0] : 0;
  guint chunk_top = MIN (self->n_levels, CHUNK_LEVELS + 1);
  g_autofree Acc *acc = g_new (Acc, MAX (self->m, 1));
  gsize q = 0;

  for (gsize start = 0; start < base; start += CHUNK_BLOCKS, q++)
    {
      if (q % CANCEL_CHUNKS == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      build_span (self, start, MIN (start + CHUNK_BLOCKS, base), chunk_top, acc);
    }

  for (guint level = chunk_top; level < self->n_levels; level++)
    for (gsize b = 0; b < self->level_size[level]; b++)
      build_upper_block (self, level, b);

  return TRUE;
}

static void
ps_spectro_pyramid_clear (gpointer data)
{
  PsSpectroPyramid *self = data;

  g_clear_pointer (&self->cells, g_free);
  g_clear_pointer (&self->series, ps_series_unref);
}

/**
 * ps_spectro_pyramid_new_full:
 * @series: the spectrogram to index (any series: every component is a bin)
 * @cancellable: (nullable): looked at every quarter million rows
 * @error: set when cancelled
 *
 * Builds the pyramid: O(n · m), blocking.
 *
 * Returns: (transfer full) (nullable): the pyramid, %NULL if cancelled
 */
PsSpectroPyramid *
ps_spectro_pyramid_new_full (PsSeries      *series,
                             GCancellable  *cancellable,
                             GError       **error)
{
  PsSpectroPyramid *self;

  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_atomic_rc_box_new0 (PsSpectroPyramid);
  self->series = ps_series_ref (series);
  self->values = ps_series_get_values (series);
  self->n = ps_series_get_n (series);
  self->m = ps_series_get_m (series);
  layout (self);
  if (self->n_blocks > 0 && self->m > 0)
    self->cells = g_new (Cell, self->n_blocks * self->m);

  if (self->cells != NULL && !build (self, cancellable, error))
    {
      ps_spectro_pyramid_unref (self);
      return NULL;
    }
  return self;
}

/**
 * ps_spectro_pyramid_new:
 * @series: the spectrogram to index
 *
 * ps_spectro_pyramid_new_full(), not cancellable.
 *
 * Returns: (transfer full): the pyramid
 */
PsSpectroPyramid *
ps_spectro_pyramid_new (PsSeries *series)
{
  g_return_val_if_fail (series != NULL, NULL);

  return ps_spectro_pyramid_new_full (series, NULL, NULL);
}

static void
new_thread_cb (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  PsSpectroPyramid *pyramid = ps_spectro_pyramid_new_full (task_data, cancellable, &error);

  if (pyramid == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pyramid, (GDestroyNotify) ps_spectro_pyramid_unref);
}

/**
 * ps_spectro_pyramid_new_async:
 * @series: the spectrogram to index
 * @cancellable: (nullable): cancels the build
 * @callback: called in the thread-default main context of the caller
 * @user_data: for @callback
 *
 * Builds the pyramid on a worker thread.
 */
void
ps_spectro_pyramid_new_async (PsSeries            *series,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (series != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_spectro_pyramid_new_async);
  g_task_set_task_data (task, ps_series_ref (series), (GDestroyNotify) ps_series_unref);
  g_task_run_in_thread (task, new_thread_cb);
}

/**
 * ps_spectro_pyramid_new_finish:
 * @result: the result given to the callback
 * @error: set on cancellation
 *
 * Returns: (transfer full) (nullable): the pyramid
 */
PsSpectroPyramid *
ps_spectro_pyramid_new_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ps_spectro_pyramid_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

PsSpectroPyramid *
ps_spectro_pyramid_ref (PsSpectroPyramid *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
ps_spectro_pyramid_unref (PsSpectroPyramid *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, ps_spectro_pyramid_clear);
}

PsSeries *
ps_spectro_pyramid_get_series (PsSpectroPyramid *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->series;
}

/* Bytes this pyramid holds, not counting its series. */
gsize
ps_spectro_pyramid_get_memory_size (PsSpectroPyramid *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sizeof *self + self->n_blocks * self->m * sizeof (Cell);
}

/* Reduction */

typedef struct
{
  const PsSpectroPyramid *self;
  const PsSpectroScale   *scale;
  double                 *sum;
  gsize                  *count;
  gboolean                flat;  /* !(hi > lo): 0.5 for every value */
  double                 *scratch_sum;   /* 2m, for add_partial() */
  gsize                  *scratch_count;
} Query;

/* Adds a block's bin @k if its values need no clamping or are all
 * clamped alike; FALSE if it must be split. */
static inline gboolean
add_cell (const Query *q,
          const Cell  *c,
          guint        k)
{
  gboolean log = q->scale->log;
  guint32 n = log ? c->n_pos : c->n;
  double lo = q->scale->lo;
  double hi = q->scale->hi;
  float cmin, cmax;

  if (n == 0)
    return TRUE;
  if (q->flat)
    {
      q->sum[k] += 0.5 * n;
      q->count[k] += n;
      return TRUE;
    }
  cmin = log ? c->log_min : c->min;
  cmax = log ? c->log_max : c->max;
  if (cmin >= lo && cmax <= hi)
    {
      double t = ((log ? c->log_sum : c->sum) - n * lo) / (hi - lo);

      if (!isfinite (t))
        return FALSE;
      q->sum[k] += t;
    }
  else if (cmin >= hi)
    q->sum[k] += n;
  else if (!(cmax <= lo))
    return FALSE;
  q->count[k] += n;
  return TRUE;
}

/* Bin @k of block @block of @level, split down to the samples. */
static void
descend (const Query *q,
         guint        level,
         gsize        block,
         guint        k)
{
  const PsSpectroPyramid *self = q->self;

  if (level == 0)
    {
      gsize end = MIN ((block + 1) * B, self->n);

      for (gsize i = block * B; i < end; i++)
        {
          double t = ps_spectro_scale_position (q->scale, self->values[i * self->m + k]);

          if (!isnan (t))
            {
              q->sum[k] += t;
              q->count[k]++;
            }
        }
      return;
    }
  for (gsize child = 2 * block; child < MIN (2 * block + 2, self->level_size[level - 1]); child++)
    if (!add_cell (q, &cells_of (self, level - 1, child)[k], k))
      descend (q, level - 1, child, k);
}

static void
add_block (const Query *q,
           guint        level,
           gsize        block)
{
  const Cell *cells = cells_of (q->self, level, block);

  for (guint k = 0; k < q->self->m; k++)
    if (!add_cell (q, &cells[k], k))
      descend (q, level, block, k);
}

static void
add_rows (const Query *q,
          gsize        first,
          gsize        last)
{
  for (gsize i = first; i < last; i++)
    add_row (q->self->values + i * q->self->m, q->self->m, q->scale, q->sum, q->count);
}

/* Rows [first, last) of base block @block, not all of it. More than half
 * of it: the block's cells minus the rows outside the range, for the bins
 * whose block needs no split. */
static void
add_partial (const Query *q,
             gsize        block,
             gsize        first,
             gsize        last)
{
  const PsSpectroPyramid *self = q->self;
  gsize start = block * B;
  gsize end = MIN (start + B, self->n);
  guint m = self->m;
  double *out_sum, *block_sum;
  gsize *out_count, *block_count;
  Query out, whole;
  const Cell *cells;

  if (2 * (last - first) <= end - start)
    {
      add_rows (q, first, last);
      return;
    }

  out_sum = q->scratch_sum;
  block_sum = out_sum + m;
  out_count = q->scratch_count;
  block_count = out_count + m;
  memset (out_sum, 0, 2 * m * sizeof (double));
  memset (out_count, 0, 2 * m * sizeof (gsize));
  out = *q;
  out.sum = out_sum;
  out.count = out_count;
  whole = *q;
  whole.sum = block_sum;
  whole.count = block_count;
  add_rows (&out, start, first);
  add_rows (&out, last, end);

  cells = cells_of (self, 0, block);
  for (guint k = 0; k < m; k++)
    {
      if (add_cell (&whole, &cells[k], k))
        {
          q->sum[k] += block_sum[k] - out_sum[k];
          q->count[k] += block_count[k] - out_count[k];
          continue;
        }
      for (gsize i = first; i < last; i++)
        {
          double t = ps_spectro_scale_position (q->scale, self->values[i * m + k]);

          if (!isnan (t))
            {
              q->sum[k] += t;
              q->count[k]++;
            }
        }
    }
}

/**
 * ps_spectro_pyramid_reduce:
 * @first: the first row
 * @last: the row after the last, <= n
 * @scale: the colour scale
 * @sum: (out caller-allocates): per bin, the positions of rows [@first,
 *   @last) summed
 * @count: (out caller-allocates): per bin, how many values have one
 *
 * ps_spectro_reduce_direct(), from O(log n) blocks per bin plus at most
 * half of each of the (up to two) base blocks cut by the range's ends:
 * the part in the range, or the block less the part outside it. Counts
 * are exact; sums differ from the direct ones by rounding only (blocks
 * are summed in another order).
 */
void
ps_spectro_pyramid_reduce (PsSpectroPyramid     *self,
                           gsize                 first,
                           gsize                 last,
                           const PsSpectroScale *scale,
                           double               *sum,
                           gsize                *count)
{
  Query q = { self, scale, sum, count, FALSE, NULL, NULL };
  double stack_sum[2 * SCRATCH_BINS];
  gsize stack_count[2 * SCRATCH_BINS];
  g_autofree double *heap_sum = NULL;
  g_autofree gsize *heap_count = NULL;
  gsize la, lb;
  guint level;

  g_return_if_fail (self != NULL);
  g_return_if_fail (first <= last && last <= self->n);
  g_return_if_fail (scale != NULL);

  memset (sum, 0, self->m * sizeof (double));
  memset (count, 0, self->m * sizeof (gsize));
  if (first == last || scale->empty)
    return;
  q.flat = !(scale->hi > scale->lo);
  if (!q.flat && !(isfinite (scale->lo) && isfinite (scale->hi)))
    {
      add_rows (&q, first, last);
      return;
    }

  if (self->m <= SCRATCH_BINS)
    {
      q.scratch_sum = stack_sum;
      q.scratch_count = stack_count;
    }
  else
    {
      q.scratch_sum = heap_sum = g_new (double, 2 * self->m);
      q.scratch_count = heap_count = g_new (gsize, 2 * self->m);
    }

  la = first / B;
  lb = last / B;
  if (la == lb)
    {
      add_partial (&q, la, first, last);
      return;
    }
  if (first % B != 0)
    {
      add_partial (&q, la, first, (la + 1) * B);
      la++;
    }
  if (last % B != 0)
    add_partial (&q, lb, lb * B, last);

  /* Full base blocks [la, lb): the usual bottom-up walk. */
  for (level = 0; la < lb; level++)
    {
      if (level + 1 == self->n_levels)
        {
          for (gsize j = la; j < lb; j++)
            add_block (&q, level, j);
          break;
        }
      if (la & 1)
        add_block (&q, level, la++);
      if (lb & 1)
        add_block (&q, level, --lb);
      la >>= 1;
      lb >>= 1;
    }
}
