/* ps-m4.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The M4 reduction on a pyramid. Columns are walked left to right; the
 * end of a column is found by galloping from where the previous column's
 * length predicts it, and empty columns are jumped over from the time of the next sample,
 * so the cost is O(min(W, n) · log n) and does not grow with n beyond the
 * logarithm.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <math.h>

#include "ps-m4.h"
#include "ps-pyramid-private.h"

typedef struct
{
  PsPyramid  *pyramid;
  guint       c;
  PsM4Result *out;
  gsize       last;     /* last sample appended, PS_PYRAMID_NONE if none */
  gsize       pending;  /* the sample before the view, until joined */
} Emitter;

void
ps_m4_result_init (PsM4Result *result)
{
  g_return_if_fail (result != NULL);

  result->items = NULL;
  result->n_items = 0;
  result->allocated = 0;
}

void
ps_m4_result_clear (PsM4Result *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->items, g_free);
  result->n_items = 0;
  result->allocated = 0;
}

/* Column arithmetic for one reduction, with D / W and D % W worked out
 * once rather than per column. */
typedef struct
{
  PsTime  t0;
  guint64 d;
  guint64 q;
  guint64 r;
  guint   w;
} Columns;

static void
columns_init (Columns           *cols,
              const PsTimeRange *visible,
              guint              width_px)
{
  cols->t0 = visible->start;
  cols->d = (guint64) visible->stop - (guint64) visible->start;
  cols->q = cols->d / width_px;
  cols->r = cols->d % width_px;
  cols->w = width_px;
}

/* t0 + ⌈column · D / W⌉: see ps_m4_column_start(). */
static inline PsTime
columns_start (const Columns *cols,
               guint          column)
{
  return (PsTime) ((guint64) cols->t0 + cols->q * column + (cols->r * column + cols->w - 1) / cols->w);
}

/* The column of t0 <= t < t1, ⌊(t − t0) · W / D⌋: estimated in doubles,
 * then made exact against the column starts (a step at most). */
static guint
columns_find (const Columns *cols,
              PsTime         t)
{
  double dt = (double) ((guint64) t - (guint64) cols->t0);
  guint column = (guint) MIN (dt * cols->w / (double) cols->d, cols->w - 1.0);

  while (column > 0 && columns_start (cols, column) > t)
    column--;
  while (column + 1 < cols->w && columns_start (cols, column + 1) <= t)
    column++;
  return column;
}

/* The first time in @column: t0 + ⌈column · D / W⌉, exactly and without
 * overflow (column c holds the times t with c ≤ (t − t0) · W / D < c + 1). */
PsTime
ps_m4_column_start (const PsTimeRange *visible,
                    guint              width_px,
                    guint              column)
{
  Columns cols;

  g_return_val_if_fail (visible != NULL, 0);
  g_return_val_if_fail (width_px > 0, visible->start);
  g_return_val_if_fail (visible->stop >= visible->start, visible->start);
  g_return_val_if_fail (column <= width_px, visible->stop);

  columns_init (&cols, visible, width_px);
  return columns_start (&cols, column);
}

static void
append (Emitter *e,
        guint64  item)
{
  g_assert (e->out->n_items < e->out->allocated);
  e->out->items[e->out->n_items++] = item;
}

/* Appends sample @i, after a break if the line to it must break; only
 * looked for when @may_break. */
static void
push (Emitter  *e,
      gsize     i,
      gboolean  may_break)
{
  if (e->last == PS_PYRAMID_NONE && e->pending != PS_PYRAMID_NONE)
    {
      if (!_ps_pyramid_has_break (e->pyramid, e->c, e->pending, i))
        {
          append (e, e->pending);
          e->last = e->pending;
        }
      e->pending = PS_PYRAMID_NONE;
    }
  if (e->last != PS_PYRAMID_NONE && may_break && _ps_pyramid_has_break (e->pyramid, e->c, e->last, i))
    append (e, PS_M4_BREAK);
  append (e, i);
  e->last = i;
}

/* The samples of one column, [a, b), a < b. */
static void
emit_column (Emitter *e,
             gsize    a,
             gsize    b)
{
  gsize first = _ps_pyramid_first_finite (e->pyramid, e->c, a, b);
  gsize last, lo, hi, order[4];
  gboolean maybe_break;

  if (first == PS_PYRAMID_NONE)
    return;
  last = _ps_pyramid_last_finite (e->pyramid, e->c, first, b);
  /* One walk gives the extremes and whether the column may hold a break:
   * usually not, and then its samples join without more queries. */
  _ps_pyramid_min_max (e->pyramid, e->c, first, last + 1, &lo, &hi, &maybe_break);

  order[0] = first;
  order[1] = MIN (lo, hi);
  order[2] = MAX (lo, hi);
  order[3] = last;
  for (guint k = 0; k < 4; k++)
    if (k == 0 || order[k] != order[k - 1])
      push (e, order[k], k == 0 || maybe_break);
}

/* The first index in (a, hi) whose time is >= @t, hi if none; times[a] < t.
 * Gallops from @guess, the previous column's sample count ahead of a: on
 * a steady cadence it is off by a sample or two, so this touches O(1)
 * times (and O(log n) at worst), instead of a binary search's cache and
 * TLB misses. */
static gsize
search_from (const PsTime *times,
             gsize         a,
             gsize         hi,
             gsize         guess,
             PsTime        t)
{
  gsize lo, up;
  gsize step = 1;

  /* Invariants: times[lo] < t; up == hi or times[up] >= t. */
  guess = CLAMP (guess, a + 1, hi);
  if (guess == hi || times[guess] >= t)
    {
      up = guess;
      while (up - a > step && times[up - step] >= t)
        {
          up -= step;
          step *= 2;
        }
      lo = up - a > step ? up - step : a;
    }
  else
    {
      lo = guess;
      while (hi - lo > step && times[lo + step] < t)
        {
          lo += step;
          step *= 2;
        }
      up = hi - lo > step ? lo + step : hi;
    }

  while (up - lo > 1)
    {
      gsize mid = lo + (up - lo) / 2;

      if (times[mid] < t)
        lo = mid;
      else
        up = mid;
    }
  return up;
}

static gboolean
is_finite_sample (PsPyramid *p,
                  guint      c,
                  gsize      i)
{
  return isfinite (_ps_pyramid_value (p, c, i));
}

/**
 * ps_m4_reduce:
 * @pyramid: the pyramid of the series to draw
 * @component: which component of the series
 * @visible: the time range across the plot, [t0, t1)
 * @width_px: the number of pixel columns, at most %PS_M4_MAX_WIDTH
 * @out: where the result goes: an initialised PsM4Result, reused from call
 *   to call so that a frame allocates nothing
 *
 * Reduces the samples of @component in @visible to the at most 4 per
 * column a line plot needs (see the top of ps-m4.h). An empty series,
 * range or width gives an empty result.
 */
void
ps_m4_reduce (PsPyramid         *pyramid,
              guint              component,
              const PsTimeRange *visible,
              guint              width_px,
              PsM4Result        *out)
{
  Emitter e = { pyramid, component, out, PS_PYRAMID_NONE, PS_PYRAMID_NONE };
  Columns cols;
  const PsTime *times;
  gsize lo, hi, a, need;
  gsize count = 1;

  g_return_if_fail (pyramid != NULL);
  g_return_if_fail (visible != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (width_px <= PS_M4_MAX_WIDTH);

  out->n_items = 0;
  if (pyramid->n == 0 || width_px == 0 || visible->stop <= visible->start)
    return;
  g_return_if_fail (component < pyramid->m);

  /* 4 samples and up to 4 breaks per column, the two neighbours. */
  need = (gsize) width_px * 8 + 4;
  if (out->allocated < need)
    {
      out->items = g_renew (guint64, out->items, need);
      out->allocated = need;
    }

  columns_init (&cols, visible, width_px);
  times = pyramid->times;
  lo = ps_series_lower_bound (pyramid->series, visible->start);
  hi = ps_series_lower_bound (pyramid->series, visible->stop);
  if (lo > 0 && is_finite_sample (pyramid, component, lo - 1))
    e.pending = lo - 1;

  for (a = lo; a < hi;)
    {
      guint column = columns_find (&cols, times[a]);
      gsize b = hi;

      if (column + 1 < width_px)
        b = search_from (times, a, hi, a + count, columns_start (&cols, column + 1));
      emit_column (&e, a, b);
      count = b - a;
      a = b;
    }

  if (hi < pyramid->n && is_finite_sample (pyramid, component, hi))
    {
      if (e.last == PS_PYRAMID_NONE)
        {
          if (e.pending != PS_PYRAMID_NONE && !_ps_pyramid_has_break (pyramid, component, e.pending, hi))
            {
              append (&e, e.pending);
              append (&e, hi);
            }
        }
      else if (!_ps_pyramid_has_break (pyramid, component, e.last, hi))
        append (&e, hi);
    }
}

/* x of @t in pixels; exact differences of times, as far as doubles go. */
static double
pixel_x (const PsTimeRange *visible,
         guint              width_px,
         PsTime             t)
{
  gint64 dt;
  double d = (double) ((guint64) visible->stop - (guint64) visible->start);

  if (__builtin_sub_overflow (t, visible->start, &dt))
    return ((double) t - (double) visible->start) * width_px / d;
  return (double) dt * width_px / d;
}

/**
 * ps_m4_to_vertices:
 * @pyramid: the pyramid @result was reduced on
 * @component: the component @result was reduced for
 * @visible: the time range @result was reduced for
 * @width_px: the width @result was reduced for
 * @result: a result of ps_m4_reduce()
 * @vertices: a GArray of PsM4Vertex, replaced by the line strip
 *
 * Turns @result into line-strip vertices: x in pixels from the left edge
 * (the neighbours fall outside [0, width)), y the value, and a vertex of
 * NaN x and y for each break.
 */
void
ps_m4_to_vertices (PsPyramid         *pyramid,
                   guint              component,
                   const PsTimeRange *visible,
                   guint              width_px,
                   const PsM4Result  *result,
                   GArray            *vertices)
{
  g_return_if_fail (pyramid != NULL);
  g_return_if_fail (visible != NULL);
  g_return_if_fail (result != NULL);
  g_return_if_fail (vertices != NULL);
  g_return_if_fail (g_array_get_element_size (vertices) == sizeof (PsM4Vertex));

  g_array_set_size (vertices, result->n_items);
  if (result->n_items == 0)
    return;
  g_return_if_fail (component < pyramid->m);
  g_return_if_fail (width_px > 0 && visible->stop > visible->start);

  for (gsize k = 0; k < result->n_items; k++)
    {
      PsM4Vertex *v = &g_array_index (vertices, PsM4Vertex, k);
      guint64 i = result->items[k];

      if (i == PS_M4_BREAK)
        {
          v->x = v->y = NAN;
          continue;
        }
      g_return_if_fail (i < pyramid->n);
      v->x = (float) pixel_x (visible, width_px, pyramid->times[i]);
      v->y = (float) _ps_pyramid_value (pyramid, component, i);
    }
}
