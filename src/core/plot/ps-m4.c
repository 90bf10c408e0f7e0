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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* --- streaming M4 -------------------------------------------------------- */

/* The first, lowest, highest and last finite samples of one column. */
typedef struct
{
  guint      column;
  PsM4Sample first;
  PsM4Sample lo;
  PsM4Sample hi;
  PsM4Sample last;
} ColumnRecord;

struct _PsM4Stream
{
  Columns      cols;
  PsTime       t0;
  PsTime       t1;
  gboolean     empty;        /* no width or no range: nothing to reduce */
  guint64      threshold;    /* a step strictly above it is a gap */
  gboolean     has_prev;
  PsTime       prev;         /* time of the last sample seen */
  guint64      breaks;       /* breaks seen so far: gaps and non-finite values */
  gboolean     seen_before;  /* a sample before t0 was seen … */
  gboolean     has_before;   /* … and the last of them is finite: */
  PsM4Sample   before;
  gboolean     seen_after;   /* the first sample at or after t1 was seen … */
  gboolean     has_after;    /* … and is finite: */
  PsM4Sample   after;
  gboolean     in_column;    /* column and next_start are those of the last sample */
  guint        column;
  PsTime       next_start;
  gboolean     open;         /* cur holds the finite samples of column so far */
  ColumnRecord cur;
  GArray      *done;         /* of ColumnRecord, in column order */
};

/**
 * ps_m4_stream_new:
 * @visible: the time range across the plot, [t0, t1)
 * @width_px: the number of pixel columns, at most %PS_M4_MAX_WIDTH
 * @gap_threshold: a time step strictly larger than this breaks the line
 *   (%PS_PYRAMID_GAP_NEVER for none); not %PS_PYRAMID_GAP_AUTO
 *
 * Returns: (transfer full): a stream to feed with ps_m4_stream_add()
 */
PsM4Stream *
ps_m4_stream_new (const PsTimeRange *visible,
                  guint              width_px,
                  PsTime             gap_threshold)
{
  PsM4Stream *self;

  g_return_val_if_fail (visible != NULL, NULL);
  g_return_val_if_fail (width_px <= PS_M4_MAX_WIDTH, NULL);
  g_return_val_if_fail (gap_threshold >= 0, NULL);

  self = g_new0 (PsM4Stream, 1);
  self->t0 = visible->start;
  self->t1 = visible->stop;
  self->empty = width_px == 0 || visible->stop <= visible->start;
  if (!self->empty)
    columns_init (&self->cols, visible, width_px);
  self->threshold = (guint64) gap_threshold;
  self->done = g_array_new (FALSE, FALSE, sizeof (ColumnRecord));
  return self;
}

void
ps_m4_stream_free (PsM4Stream *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->done);
  g_free (self);
}

/**
 * ps_m4_stream_set_previous:
 * @time: the time of the sample just before the first one fed
 *
 * For a stream that starts inside the series: the step from that sample
 * to the first one fed may be a gap. Call before any ps_m4_stream_add().
 */
void
ps_m4_stream_set_previous (PsM4Stream *self,
                           PsTime      time)
{
  g_return_if_fail (self != NULL);

  self->has_prev = TRUE;
  self->prev = time;
}

static void
stream_flush (PsM4Stream *self)
{
  if (self->open)
    g_array_append_val (self->done, self->cur);
  self->open = FALSE;
}

static inline PsM4Sample
make_sample (guint64 index,
             PsTime  time,
             double  value,
             guint64 breaks)
{
  PsM4Sample s = { index, time, value, breaks };

  return s;
}

/* Whether no step into [from, e) is wider than @threshold: one
 * comparison per step, no branch. */
static gboolean
run_has_gap (const PsTime *times,
             gsize         from,
             gsize         e,
             guint64       threshold)
{
  int gap = 0;

  for (gsize j = from; j < e; j++)
    gap |= (guint64) times[j] - (guint64) times[j - 1] > threshold;
  return gap != 0;
}

/* The smallest and largest of @n > 0 values, two at a time with SSE2;
 * FALSE if one is NaN or infinite. Which of 0 and −0 comes out is left
 * open: the caller reads the value back from where it lies. */
static gboolean
run_extremes (const double *v,
              gsize         n,
              double       *mn,
              double       *mx)
{
  gsize j = 0;
  double lo = v[0], hi = v[0];

#ifdef __SSE2__
  if (n >= 2)
    {
      __m128d vmin = _mm_set1_pd (v[0]), vmax = vmin, bad = _mm_setzero_pd ();
      double l[2], h[2];

      for (; j + 2 <= n; j += 2)
        {
          __m128d x = _mm_loadu_pd (v + j);
          __m128d d = _mm_sub_pd (x, x); /* 0, or NaN for NaN and ±∞ */

          bad = _mm_or_pd (bad, _mm_cmpunord_pd (d, d));
          vmin = _mm_min_pd (vmin, x);
          vmax = _mm_max_pd (vmax, x);
        }
      if (_mm_movemask_pd (bad) != 0)
        return FALSE;
      _mm_storeu_pd (l, vmin);
      _mm_storeu_pd (h, vmax);
      lo = MIN (l[0], l[1]);
      hi = MAX (h[0], h[1]);
    }
#endif
  for (; j < n; j++)
    {
      if (!isfinite (v[j]))
        return FALSE;
      lo = MIN (lo, v[j]);
      hi = MAX (hi, v[j]);
    }
  *mn = lo;
  *mx = hi;
  return TRUE;
}

/* Rows [i, e) of one column, all in [t0, t1). */
static void
stream_column_rows (PsM4Stream   *self,
                    guint64       first_index,
                    const PsTime *times,
                    const double *values,
                    gsize         i,
                    gsize         e,
                    guint         m,
                    guint         component)
{
  guint64 threshold = self->threshold;
  guint64 breaks = self->breaks;
  PsTime prev = times[i];
  gsize k = i;
  gsize lo_k, hi_k, last_k;
  guint64 lo_b, hi_b, last_b;
  double lo_v, hi_v, mn, mx;

  /* The step into the run. */
  if (self->has_prev && (guint64) times[i] - (guint64) self->prev > threshold)
    breaks++;

  /* Up to the first finite sample. */
  if (!self->open)
    {
      for (; k < e; k++)
        {
          double v = values[k * m + component];

          if (k > i && (guint64) times[k] - (guint64) prev > threshold)
            breaks++;
          prev = times[k];
          if (isfinite (v))
            break;
          breaks++;
        }
      if (k == e)
        {
          self->breaks = breaks;
          self->prev = prev;
          self->has_prev = TRUE;
          return;
        }
      self->cur.column = self->column;
      self->cur.first = self->cur.lo = self->cur.hi = self->cur.last =
        make_sample (first_index + k, times[k], values[k * m + component], breaks);
      self->open = TRUE;
      k++;
    }

  /* The rest, in registers; samples are made at the end. */
  lo_v = self->cur.lo.value;
  hi_v = self->cur.hi.value;
  lo_k = hi_k = last_k = G_MAXSIZE;
  lo_b = hi_b = last_b = 0;
  if (m == 1 && k < e && !run_has_gap (times, MAX (k, i + 1), e, threshold)
      && run_extremes (values + k, e - k, &mn, &mx))
    {
      /* No gap, every value finite (the usual run): the first place of
       * each extreme, as the loop below would find it. */
      if (mn < lo_v)
        {
          for (lo_k = k; !(values[lo_k] == mn); lo_k++)
            ;
          lo_v = values[lo_k];
          lo_b = breaks;
        }
      if (mx > hi_v)
        {
          for (hi_k = k; !(values[hi_k] == mx); hi_k++)
            ;
          hi_v = values[hi_k];
          hi_b = breaks;
        }
      last_k = e - 1;
      last_b = breaks;
      prev = times[e - 1];
      k = e;
    }
  for (; k < e; k++)
    {
      double v = values[k * m + component];

      if (k > i && (guint64) times[k] - (guint64) prev > threshold)
        breaks++;
      prev = times[k];
      if (G_UNLIKELY (!isfinite (v)))
        {
          breaks++;
          continue;
        }
      if (v < lo_v)
        {
          lo_v = v;
          lo_k = k;
          lo_b = breaks;
        }
      if (v > hi_v)
        {
          hi_v = v;
          hi_k = k;
          hi_b = breaks;
        }
      last_k = k;
      last_b = breaks;
    }
  if (lo_k != G_MAXSIZE)
    self->cur.lo = make_sample (first_index + lo_k, times[lo_k], lo_v, lo_b);
  if (hi_k != G_MAXSIZE)
    self->cur.hi = make_sample (first_index + hi_k, times[hi_k], hi_v, hi_b);
  if (last_k != G_MAXSIZE)
    self->cur.last = make_sample (first_index + last_k, times[last_k], values[last_k * m + component], last_b);
  self->breaks = breaks;
  self->prev = prev;
  self->has_prev = TRUE;
}

/**
 * ps_m4_stream_add:
 * @first_index: the position in the series of the first sample given
 * @times: @n times, sorted, continuing the samples fed before
 * @values: @n rows of @m values
 * @component: which of the @m values
 *
 * Feeds the next @n samples of the series.
 */
void
ps_m4_stream_add (PsM4Stream   *self,
                  guint64       first_index,
                  const PsTime *times,
                  const double *values,
                  gsize         n,
                  guint         m,
                  guint         component)
{
  gsize i = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (n == 0 || (times != NULL && values != NULL));
  g_return_if_fail (component < m);

  if (self->empty)
    return;

  while (i < n && !self->seen_after)
    {
      PsTime t = times[i];

      if (t < self->t0)
        {
          /* Only the last sample before t0 matters, and breaks after it:
           * the first index of (i, n) at or after t0, n if none. */
          gsize lo = i + 1, up = n, e;
          double v;

          while (lo < up)
            {
              gsize mid = lo + (up - lo) / 2;

              if (times[mid] < self->t0)
                lo = mid + 1;
              else
                up = mid;
            }
          e = lo;
          v = values[(e - 1) * m + component];
          self->seen_before = TRUE;
          self->has_before = isfinite (v);
          self->before = make_sample (first_index + e - 1, times[e - 1], v, self->breaks);
          self->prev = times[e - 1];
          self->has_prev = TRUE;
          i = e;
        }
      else if (t >= self->t1)
        {
          double v = values[i * m + component];

          if (self->has_prev && (guint64) t - (guint64) self->prev > self->threshold)
            self->breaks++;
          self->prev = t;
          self->has_prev = TRUE;
          self->seen_after = TRUE;
          self->has_after = isfinite (v);
          self->after = make_sample (first_index + i, t, v, self->breaks);
        }
      else
        {
          gsize e = i + 1;

          if (!self->in_column || t >= self->next_start)
            {
              stream_flush (self);
              self->column = columns_find (&self->cols, t);
              self->next_start = self->column + 1 < self->cols.w ?
                                 columns_start (&self->cols, self->column + 1) : self->t1;
              self->in_column = TRUE;
            }
          while (e < n && times[e] < self->next_start)
            e++;
          stream_column_rows (self, first_index, times, values, i, e, m, component);
          i = e;
        }
    }
}

static void
offset_sample (PsM4Sample *s,
               guint64     offset)
{
  s->breaks += offset;
}

/**
 * ps_m4_stream_merge:
 * @next: a stream over the samples right after those of @self (started
 *   with ps_m4_stream_set_previous() unless @self saw none), same
 *   visible range, width and threshold
 *
 * Makes @self the stream over both parts. Feed neither afterwards.
 */
void
ps_m4_stream_merge (PsM4Stream *self,
                    PsM4Stream *next)
{
  guint64 offset;

  g_return_if_fail (self != NULL);
  g_return_if_fail (next != NULL);

  stream_flush (self);
  stream_flush (next);
  offset = self->breaks;

  if (next->seen_before)
    {
      self->seen_before = TRUE;
      self->has_before = next->has_before;
      self->before = next->before;
      offset_sample (&self->before, offset);
    }
  if (!self->seen_after && next->seen_after)
    {
      self->seen_after = TRUE;
      self->has_after = next->has_after;
      self->after = next->after;
      offset_sample (&self->after, offset);
    }
  for (guint k = 0; k < next->done->len; k++)
    {
      ColumnRecord rec = g_array_index (next->done, ColumnRecord, k);
      ColumnRecord *tail = self->done->len > 0 ?
                           &g_array_index (self->done, ColumnRecord, self->done->len - 1) : NULL;

      offset_sample (&rec.first, offset);
      offset_sample (&rec.lo, offset);
      offset_sample (&rec.hi, offset);
      offset_sample (&rec.last, offset);
      if (tail != NULL && tail->column == rec.column)
        {
          /* Ties go to the earlier sample, that of @self. */
          if (rec.lo.value < tail->lo.value)
            tail->lo = rec.lo;
          if (rec.hi.value > tail->hi.value)
            tail->hi = rec.hi;
          tail->last = rec.last;
        }
      else
        g_array_append_val (self->done, rec);
    }
  self->breaks += next->breaks;
  if (next->has_prev)
    {
      self->has_prev = TRUE;
      self->prev = next->prev;
    }
  self->in_column = FALSE;
}

typedef struct
{
  GArray     *out;
  gboolean    has_last;
  PsM4Sample  last;
  gboolean    has_pending;
  PsM4Sample  pending;
} StreamEmitter;

static void
stream_push (StreamEmitter    *e,
             const PsM4Sample *s)
{
  if (!e->has_last && e->has_pending)
    {
      if (e->pending.breaks == s->breaks)
        {
          g_array_append_val (e->out, e->pending);
          e->last = e->pending;
          e->has_last = TRUE;
        }
      e->has_pending = FALSE;
    }
  if (e->has_last && e->last.breaks != s->breaks)
    {
      PsM4Sample brk = make_sample (PS_M4_BREAK, s->time, NAN, s->breaks);

      g_array_append_val (e->out, brk);
    }
  g_array_append_val (e->out, *s);
  e->last = *s;
  e->has_last = TRUE;
}

/**
 * ps_m4_stream_finish:
 * @samples: a GArray of PsM4Sample, replaced by the result
 *
 * The reduction of every sample fed (and merged): the samples of
 * ps_m4_reduce()'s result in order, breaks as samples of index
 * %PS_M4_BREAK (with the time of the sample after them and a NaN value).
 */
void
ps_m4_stream_finish (PsM4Stream *self,
                     GArray     *samples)
{
  StreamEmitter e = { samples, FALSE, { 0 }, FALSE, { 0 } };

  g_return_if_fail (self != NULL);
  g_return_if_fail (samples != NULL);
  g_return_if_fail (g_array_get_element_size (samples) == sizeof (PsM4Sample));

  stream_flush (self);
  self->in_column = FALSE;
  g_array_set_size (samples, 0);
  if (self->empty)
    return;

  e.has_pending = self->has_before;
  e.pending = self->before;
  for (guint k = 0; k < self->done->len; k++)
    {
      const ColumnRecord *rec = &g_array_index (self->done, ColumnRecord, k);
      const PsM4Sample *order[4];

      order[0] = &rec->first;
      order[1] = rec->lo.index <= rec->hi.index ? &rec->lo : &rec->hi;
      order[2] = rec->lo.index <= rec->hi.index ? &rec->hi : &rec->lo;
      order[3] = &rec->last;
      for (guint j = 0; j < 4; j++)
        if (j == 0 || order[j]->index != order[j - 1]->index)
          stream_push (&e, order[j]);
    }

  if (self->has_after)
    {
      if (!e.has_last)
        {
          if (e.has_pending && e.pending.breaks == self->after.breaks)
            {
              g_array_append_val (samples, e.pending);
              g_array_append_val (samples, self->after);
            }
        }
      else if (e.last.breaks == self->after.breaks)
        g_array_append_val (samples, self->after);
    }
}
