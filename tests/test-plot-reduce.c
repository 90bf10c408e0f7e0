/* test-plot-reduce.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The min/max pyramid and the M4 reduction against a brute-force
 * reference: for every pixel column the exact min and max, the first and
 * last finite samples, nothing else from the column and nothing from
 * outside but the two neighbours, time order, breaks exactly where NaN or
 * gaps are; plus the edge cases, the async build, cancellation and the
 * memory budget.
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "ps-m4.h"
#include "ps-pyramid.h"
#include "ps-pyramid-private.h"

#define NONE G_MAXSIZE
#define SECOND PS_TIME_NS_PER_SECOND

static PsSeries *
make_series (PsTime  *times,
             double  *values,
             gsize    n,
             guint    m)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(GError) error = NULL;
  PsSeries *series;

  ps_series_builder_take_times (builder, times, n);
  ps_series_builder_take_values (builder, values, n, m);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  g_assert_nonnull (series);
  return series;
}

/* A series from literal times (in seconds) and values, m = 1. */
static PsSeries *
make_simple (const gint64 *seconds,
             const double *values,
             gsize         n)
{
  PsTime *times = g_new (PsTime, MAX (n, 1));
  double *v = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      times[i] = seconds[i] * SECOND;
      v[i] = values[i];
    }
  return make_series (times, v, n, 1);
}

/* ⌊(t − t0) · W / D⌋ computed independently of ps-m4.c. */
static gint64
ref_column (const PsTimeRange *vis,
            guint              width,
            PsTime             t)
{
  __int128 x = ((__int128) t - vis->start) * width;
  __int128 d = (__int128) vis->stop - vis->start;

  return (gint64) (x >= 0 ? x / d : -((-x + d - 1) / d));
}

typedef struct
{
  gsize *bad;   /* prefix counts of non-finite samples */
  gsize *gap;   /* prefix counts of gap steps */
} Prefix;

static void
prefix_init (Prefix    *pre,
             PsSeries  *series,
             guint      c,
             guint64    threshold)
{
  gsize n = ps_series_get_n (series);
  const PsTime *t = ps_series_get_times (series);

  pre->bad = g_new0 (gsize, n + 1);
  pre->gap = g_new0 (gsize, n + 1);
  for (gsize k = 0; k < n; k++)
    {
      pre->bad[k + 1] = pre->bad[k] + !isfinite (ps_series_get_value (series, k, c));
      pre->gap[k + 1] = pre->gap[k] + (k + 1 < n && (guint64) t[k + 1] - (guint64) t[k] > threshold);
    }
}

static void
prefix_clear (Prefix *pre)
{
  g_free (pre->bad);
  g_free (pre->gap);
}

static gboolean
ref_break (const Prefix *pre,
           gsize         i,
           gsize         j)
{
  return pre->bad[j] - pre->bad[i + 1] > 0 || pre->gap[j] - pre->gap[i] > 0;
}

typedef struct
{
  gsize  first, last;
  double min, max;
  guint  n_emitted;
  gsize  emitted[4];
} RefColumn;

/* Reduces and checks the result against the brute-force reference. */
static void
check_reduce (PsPyramid         *p,
              guint              c,
              const PsTimeRange *vis,
              guint              width)
{
  PsSeries *s = ps_pyramid_get_series (p);
  gsize n = ps_series_get_n (s);
  const PsTime *t = ps_series_get_times (s);
  PsM4Result r;
  Prefix pre;
  RefColumn *cols;
  gsize lo = 0, hi = 0, prev = NONE, next = NONE, first_in = NONE, last_in = NONE;
  gsize last_sample = NONE;
  gboolean break_pending = FALSE;
  gboolean saw_prev = FALSE, saw_next = FALSE;

  ps_m4_result_init (&r);
  ps_m4_reduce (p, c, vis, width, &r);
  if (n == 0 || width == 0 || vis->stop <= vis->start)
    {
      g_assert_cmpuint (r.n_items, ==, 0);
      ps_m4_result_clear (&r);
      return;
    }

  prefix_init (&pre, s, c, (guint64) ps_pyramid_get_gap_threshold (p));
  while (lo < n && t[lo] < vis->start)
    lo++;
  hi = lo;
  while (hi < n && t[hi] < vis->stop)
    hi++;

  cols = g_new (RefColumn, width);
  for (guint x = 0; x < width; x++)
    {
      cols[x].first = cols[x].last = NONE;
      cols[x].n_emitted = 0;
    }
  for (gsize i = lo; i < hi; i++)
    {
      double v = ps_series_get_value (s, i, c);
      gint64 x = ref_column (vis, width, t[i]);
      RefColumn *col;

      g_assert_cmpint (x, >=, 0);
      g_assert_cmpint (x, <, width);
      col = &cols[x];
      if (!isfinite (v))
        continue;
      if (col->first == NONE)
        {
          col->first = i;
          col->min = col->max = v;
        }
      col->last = i;
      col->min = MIN (col->min, v);
      col->max = MAX (col->max, v);
    }

  /* Walk the result: order, breaks, where each sample comes from. */
  for (gsize k = 0; k < r.n_items; k++)
    {
      guint64 item = r.items[k];

      if (item == PS_M4_BREAK)
        {
          g_assert_true (last_sample != NONE);   /* never at the start */
          g_assert_false (break_pending);        /* never doubled */
          break_pending = TRUE;
          continue;
        }
      g_assert_cmpuint (item, <, n);
      g_assert_true (isfinite (ps_series_get_value (s, item, c)));
      if (last_sample != NONE)
        {
          g_assert_cmpuint (item, >, last_sample);
          g_assert_cmpint (break_pending, ==, ref_break (&pre, last_sample, item));
        }
      break_pending = FALSE;
      last_sample = item;

      if (item < lo)
        {
          g_assert_cmpuint (k, ==, 0);
          g_assert_cmpuint (item, ==, lo - 1);
          saw_prev = TRUE;
        }
      else if (item >= hi)
        {
          g_assert_cmpuint (k, ==, r.n_items - 1);
          g_assert_cmpuint (item, ==, hi);
          saw_next = TRUE;
        }
      else
        {
          gint64 x = ref_column (vis, width, t[item]);
          RefColumn *col = &cols[x];

          g_assert_cmpint (ps_m4_column_start (vis, width, x), <=, t[item]);
          g_assert_cmpint (t[item], <, ps_m4_column_start (vis, width, x + 1));

          g_assert_cmpuint (col->n_emitted, <, 4);
          col->emitted[col->n_emitted++] = item;
          if (first_in == NONE)
            first_in = item;
          last_in = item;
        }
    }
  g_assert_false (break_pending);                /* never at the end */

  /* The vertices say the same: NaN for breaks, x left of 0 for the
   * sample before, right of the last column for the one after. */
  {
    g_autoptr(GArray) vertices = g_array_new (FALSE, FALSE, sizeof (PsM4Vertex));

    ps_m4_to_vertices (p, c, vis, width, &r, vertices);
    g_assert_cmpuint (vertices->len, ==, r.n_items);
    for (gsize k = 0; k < r.n_items; k++)
      {
        PsM4Vertex *v = &g_array_index (vertices, PsM4Vertex, k);

        if (r.items[k] == PS_M4_BREAK)
          {
            g_assert_true (isnan (v->x) && isnan (v->y));
            continue;
          }
        g_assert_cmpfloat (v->y, ==, (float) ps_series_get_value (s, r.items[k], c));
        if (r.items[k] < lo)
          g_assert_cmpfloat (v->x, <=, 0);
        else if (r.items[k] >= hi)
          g_assert_cmpfloat (v->x, >=, width);
        else
          g_assert_true (v->x >= 0 && v->x <= width);
      }
  }

  for (guint x = 0; x < width; x++)
    {
      RefColumn *col = &cols[x];
      gboolean has_first = FALSE, has_last = FALSE, has_min = FALSE, has_max = FALSE;

      if (col->first == NONE)
        {
          g_assert_cmpuint (col->n_emitted, ==, 0);
          continue;
        }
      g_assert_cmpuint (col->n_emitted, >=, 1);
      for (guint k = 0; k < col->n_emitted; k++)
        {
          gsize i = col->emitted[k];
          double v = ps_series_get_value (s, i, c);

          has_first |= i == col->first;
          has_last |= i == col->last;
          has_min |= v == col->min;
          has_max |= v == col->max;
          g_assert_true (i == col->first || i == col->last || v == col->min || v == col->max);
        }
      g_assert_true (has_first && has_last && has_min && has_max);
    }

  /* The neighbours: there exactly when finite and joined without break. */
  if (lo > 0 && isfinite (ps_series_get_value (s, lo - 1, c)))
    prev = lo - 1;
  if (hi < n && isfinite (ps_series_get_value (s, hi, c)))
    next = hi;
  if (first_in != NONE)
    {
      g_assert_cmpint (saw_prev, ==, prev != NONE && !ref_break (&pre, prev, first_in));
      g_assert_cmpint (saw_next, ==, next != NONE && !ref_break (&pre, last_in, next));
    }
  else
    {
      gboolean joined = prev != NONE && next != NONE && !ref_break (&pre, prev, next);

      g_assert_cmpint (saw_prev, ==, joined);
      g_assert_cmpint (saw_next, ==, joined);
      g_assert_cmpuint (r.n_items, ==, joined ? 2 : 0);
    }

  g_free (cols);
  prefix_clear (&pre);
  ps_m4_result_clear (&r);
}

/* Random series: jittered cadence, duplicates, gaps, NaN runs, ties. */
static PsSeries *
random_series (gsize n,
               guint m)
{
  PsTime *times = g_new (PsTime, MAX (n, 1));
  double *values = g_new (double, MAX (n, 1) * m);
  PsTime cadence = g_test_rand_int_range (1, 1000000) * (gint64) g_test_rand_int_range (1, 1000);
  double p_dup = g_test_rand_bit () ? 0.0 : g_test_rand_double_range (0, 0.3);
  double p_gap = g_test_rand_bit () ? 0.0 : g_test_rand_double_range (0, 0.02);
  double p_nan = g_test_rand_bit () ? 0.0 : g_test_rand_double_range (0, 0.02);
  int mode = g_test_rand_int_range (0, 4);
  PsTime now = (gint64) g_test_rand_int_range (0, G_MAXINT32) * 1000000000;

  for (gsize i = 0; i < n; i++)
    {
      double r = g_test_rand_double ();

      if (i > 0)
        {
          if (r < p_dup)
            ;
          else if (r < p_dup + p_gap)
            now += cadence * g_test_rand_int_range (2, 1000);
          else
            now += cadence + g_test_rand_int_range (-(int) MIN (cadence / 4, 1000000), (int) MIN (cadence / 4, 1000000) + 1);
        }
      times[i] = now;
    }

  for (guint j = 0; j < m; j++)
    {
      double walk = 0;
      gsize nan_left = 0;

      for (gsize i = 0; i < n; i++)
        {
          double *v = &values[i * m + j];

          walk += g_test_rand_double_range (-1, 1);
          switch (mode)
            {
            case 0: *v = walk; break;
            case 1: *v = g_test_rand_double_range (-1e6, 1e6); break;
            case 2: *v = g_test_rand_int_range (0, 5); break;   /* ties */
            default: *v = 42.0; break;
            }
          if (nan_left == 0 && g_test_rand_double () < p_nan)
            nan_left = g_test_rand_bit () ? 1 : g_test_rand_int_range (1, 2000);
          if (nan_left > 0)
            {
              nan_left--;
              *v = g_test_rand_int_range (0, 20) == 0 ? INFINITY : NAN;
            }
        }
    }

  return make_series (times, values, n, m);
}

static PsTimeRange
random_range (PsSeries *s)
{
  gsize n = ps_series_get_n (s);
  PsTime t0 = n > 0 ? ps_series_get_time (s, 0) : 0;
  PsTime t1 = n > 0 ? ps_series_get_time (s, n - 1) : 1000;
  PsTime span = MAX (t1 - t0, 1);
  PsTime a, b;

  switch (g_test_rand_int_range (0, 6))
    {
    case 0:   /* everything */
      a = t0;
      b = t1 + 1;
      break;
    case 1:   /* sample times themselves, shared boundaries */
      a = n > 0 ? ps_series_get_time (s, g_test_rand_int_range (0, (int) n)) : t0;
      b = n > 0 ? ps_series_get_time (s, g_test_rand_int_range (0, (int) n)) : t1;
      break;
    case 2:   /* narrow: maybe between two samples */
      a = t0 + (PsTime) (g_test_rand_double () * span);
      b = a + g_test_rand_int_range (1, 1000000);
      break;
    case 3:   /* entirely before or after */
      a = g_test_rand_bit () ? t0 - 2 * span : t1 + 1;
      b = a + span;
      break;
    default:  /* partial overlaps */
      a = t0 - span / 2 + (PsTime) (g_test_rand_double () * 2 * span);
      b = t0 - span / 2 + (PsTime) (g_test_rand_double () * 2 * span);
      break;
    }
  if (b < a)
    {
      PsTime x = a;

      a = b;
      b = x;
    }
  if (b == a)
    b++;
  return ps_time_range_make (a, b);
}

static guint
random_width (gsize n)
{
  switch (g_test_rand_int_range (0, 5))
    {
    case 0: return 1;
    case 1: return g_test_rand_int_range (1, 20);
    case 2: return (guint) MIN (2 * n + 1, 100000);
    default: return g_test_rand_int_range (1, 2000);
    }
}

/* One random round: m in [1, @m_end), a size often tiny, below @n_end
 * at most, and now and then a gap threshold of its own. */
static PsSeries *
random_round (gint32   n_end,
              gint32   m_end,
              guint   *m_out,
              PsTime  *threshold)
{
  guint m = g_test_rand_int_range (1, m_end);
  gsize n;

  switch (g_test_rand_int_range (0, 4))
    {
    case 0: n = g_test_rand_int_range (0, 5); break;
    case 1: n = g_test_rand_int_range (0, 200); break;
    case 2: n = g_test_rand_int_range (0, 5000); break;
    default: n = g_test_rand_int_range (0, n_end); break;
    }
  *m_out = m;
  *threshold = PS_PYRAMID_GAP_AUTO;
  {
    PsSeries *s = random_series (n, m);

    switch (g_test_rand_int_range (0, 10))
      {
      case 0: *threshold = PS_PYRAMID_GAP_NEVER; break;
      case 1: *threshold = g_test_rand_int_range (0, 1000000000); break;
      default: break;
      }
    return s;
  }
}

static void
test_random (void)
{
  guint cases = g_test_slow () ? 3000 : 500;

  for (guint round = 0; round < cases; round++)
    {
      guint m;
      PsTime threshold;
      g_autoptr(PsSeries) s = random_round (100001, 4, &m, &threshold);
      g_autoptr(PsPyramid) p = NULL;
      gsize n = ps_series_get_n (s);
      p = g_test_rand_int_range (0, 4) == 0 ? _ps_pyramid_new_wide (s, threshold)
                                            : ps_pyramid_new_full (s, threshold, NULL, NULL);
      for (guint q = 0; q < 4; q++)
        {
          PsTimeRange vis = random_range (s);

          check_reduce (p, g_test_rand_int_range (0, (int) m), &vis, random_width (n));
        }
    }
}

static void
test_cadence (void)
{
  gint64 seconds[] = { 0, 1, 2, 2, 3, 4, 100, 101, 102, 103, 103, 104 };
  double values[G_N_ELEMENTS (seconds)] = { 0 };
  g_autoptr(PsSeries) s = make_simple (seconds, values, G_N_ELEMENTS (seconds));
  g_autoptr(PsPyramid) p = ps_pyramid_new (s);
  g_autoptr(PsPyramid) never = ps_pyramid_new_full (s, PS_PYRAMID_GAP_NEVER, NULL, NULL);
  PsTimeRange vis = ps_time_range_make (0, 105 * SECOND);
  PsM4Result r;

  g_assert_cmpint (ps_pyramid_get_cadence (p), ==, SECOND);
  g_assert_cmpint (ps_pyramid_get_gap_threshold (p), ==, PS_PYRAMID_GAP_FACTOR * SECOND);
  g_assert_cmpint (ps_pyramid_get_gap_threshold (never), ==, PS_PYRAMID_GAP_NEVER);
  g_assert_true (ps_pyramid_get_series (p) == s);

  /* Wide enough for every sample: one break, at the 96 s step. */
  ps_m4_result_init (&r);
  ps_m4_reduce (p, 0, &vis, 10000, &r);
  g_assert_cmpuint (r.n_items, ==, G_N_ELEMENTS (seconds) + 1);
  g_assert_cmpuint (r.items[6], ==, PS_M4_BREAK);
  ps_m4_reduce (never, 0, &vis, 10000, &r);
  g_assert_cmpuint (r.n_items, ==, G_N_ELEMENTS (seconds));
  for (gsize i = 0; i < r.n_items; i++)
    g_assert_cmpuint (r.items[i], ==, i);
  ps_m4_result_clear (&r);

  check_reduce (p, 0, &vis, 10000);
  check_reduce (p, 0, &vis, 3);
}

static void
test_empty (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(PsSeries) s = ps_series_builder_end (builder, NULL);
  g_autoptr(PsPyramid) p = ps_pyramid_new (s);
  PsTimeRange vis = ps_time_range_make (0, SECOND);
  PsM4Result r;

  g_assert_cmpint (ps_pyramid_get_cadence (p), ==, 0);
  ps_m4_result_init (&r);
  ps_m4_reduce (p, 0, &vis, 100, &r);
  g_assert_cmpuint (r.n_items, ==, 0);
  ps_m4_result_clear (&r);
}

static void
test_one_sample (void)
{
  gint64 seconds[] = { 10 };
  double values[] = { 3.5 };
  g_autoptr(PsSeries) s = make_simple (seconds, values, 1);
  g_autoptr(PsPyramid) p = ps_pyramid_new (s);
  PsTimeRange in = ps_time_range_make (0, 20 * SECOND);
  PsTimeRange before = ps_time_range_make (0, 5 * SECOND);
  PsTimeRange after = ps_time_range_make (11 * SECOND, 20 * SECOND);
  PsM4Result r;

  ps_m4_result_init (&r);
  ps_m4_reduce (p, 0, &in, 1, &r);
  g_assert_cmpuint (r.n_items, ==, 1);
  g_assert_cmpuint (r.items[0], ==, 0);
  /* A lone neighbour joins nothing: nothing to draw. */
  ps_m4_reduce (p, 0, &before, 100, &r);
  g_assert_cmpuint (r.n_items, ==, 0);
  ps_m4_reduce (p, 0, &after, 100, &r);
  g_assert_cmpuint (r.n_items, ==, 0);
  ps_m4_result_clear (&r);

  check_reduce (p, 0, &in, 1);
  check_reduce (p, 0, &in, 1000);
}

static void
test_all_nan (void)
{
  gint64 seconds[100];
  double values[100];
  g_autoptr(PsSeries) s = NULL;
  g_autoptr(PsPyramid) p = NULL;
  PsTimeRange vis = ps_time_range_make (0, 100 * SECOND);
  PsTimeRange part = ps_time_range_make (30 * SECOND, 60 * SECOND);
  PsM4Result r;

  for (guint i = 0; i < 100; i++)
    {
      seconds[i] = i;
      values[i] = NAN;
    }
  s = make_simple (seconds, values, 100);
  p = ps_pyramid_new (s);

  ps_m4_result_init (&r);
  ps_m4_reduce (p, 0, &vis, 7, &r);
  g_assert_cmpuint (r.n_items, ==, 0);
  ps_m4_reduce (p, 0, &part, 700, &r);
  g_assert_cmpuint (r.n_items, ==, 0);
  ps_m4_result_clear (&r);
}

/* Zoomed in between two samples: the line crosses the view. */
static void
test_between (void)
{
  gint64 seconds[] = { 0, 10, 20 };
  double values[] = { 1, 2, 3 };
  g_autoptr(PsSeries) s = make_simple (seconds, values, 3);
  g_autoptr(PsPyramid) p = ps_pyramid_new_full (s, 100 * SECOND, NULL, NULL);
  PsTimeRange vis = ps_time_range_make (12 * SECOND, 15 * SECOND);
  PsTimeRange before = ps_time_range_make (-5 * SECOND, -1 * SECOND);
  PsM4Result r;
  g_autoptr(GArray) vertices = g_array_new (FALSE, FALSE, sizeof (PsM4Vertex));
  PsM4Vertex *v;

  ps_m4_result_init (&r);
  ps_m4_reduce (p, 0, &vis, 300, &r);
  g_assert_cmpuint (r.n_items, ==, 2);
  g_assert_cmpuint (r.items[0], ==, 1);
  g_assert_cmpuint (r.items[1], ==, 2);

  ps_m4_to_vertices (p, 0, &vis, 300, &r, vertices);
  g_assert_cmpuint (vertices->len, ==, 2);
  v = (PsM4Vertex *) vertices->data;
  g_assert_cmpfloat_with_epsilon (v[0].x, -200.0, 1e-3);
  g_assert_cmpfloat (v[0].y, ==, 2.0f);
  g_assert_cmpfloat_with_epsilon (v[1].x, 800.0, 1e-3);
  g_assert_cmpfloat (v[1].y, ==, 3.0f);

  ps_m4_reduce (p, 0, &before, 300, &r);
  g_assert_cmpuint (r.n_items, ==, 0);
  ps_m4_result_clear (&r);
}

/* The widest range there is: column arithmetic must not overflow. */
static void
test_huge_range (void)
{
  g_autoptr(PsSeries) s = random_series (5000, 2);
  g_autoptr(PsPyramid) p = ps_pyramid_new (s);
  PsTimeRange all = ps_time_range_make (G_MININT64 + 1, G_MAXINT64);
  PsTimeRange right = ps_time_range_make (ps_series_get_time (s, 2500), G_MAXINT64);

  for (guint w = 1; w <= 4096; w *= 4)
    {
      check_reduce (p, 0, &all, w);
      check_reduce (p, 1, &right, w);
    }
}

/* More columns than samples, duplicates included: every sample once. */
static void
test_wide_view (void)
{
  gint64 seconds[] = { 0, 1, 1, 1, 2, 3, 3, 4 };
  double values[] = { 5, 1, 9, 3, 2, 7, NAN, 4 };
  g_autoptr(PsSeries) s = make_simple (seconds, values, G_N_ELEMENTS (seconds));
  g_autoptr(PsPyramid) p = ps_pyramid_new (s);
  PsTimeRange vis = ps_time_range_make (0, 5 * SECOND);
  g_autoptr(GArray) vertices = g_array_new (FALSE, FALSE, sizeof (PsM4Vertex));
  PsM4Result r;
  guint64 expected[] = { 0, 1, 2, 3, 4, 5, PS_M4_BREAK, 7 };

  ps_m4_result_init (&r);
  ps_m4_reduce (p, 0, &vis, 1000, &r);
  g_assert_cmpmem (r.items, r.n_items * sizeof (guint64), expected, sizeof expected);

  ps_m4_to_vertices (p, 0, &vis, 1000, &r, vertices);
  g_assert_cmpuint (vertices->len, ==, G_N_ELEMENTS (expected));
  g_assert_true (isnan (g_array_index (vertices, PsM4Vertex, 6).x));
  g_assert_true (isnan (g_array_index (vertices, PsM4Vertex, 6).y));
  g_assert_cmpfloat (g_array_index (vertices, PsM4Vertex, 7).x, ==, 800.0f);
  g_assert_cmpfloat (g_array_index (vertices, PsM4Vertex, 2).y, ==, 9.0f);

  /* One column: first, min, max, last; the NaN breaks it. */
  ps_m4_reduce (p, 0, &vis, 1, &r);
  {
    guint64 one[] = { 0, 1, 2, PS_M4_BREAK, 7 };

    g_assert_cmpmem (r.items, r.n_items * sizeof (guint64), one, sizeof one);
  }
  ps_m4_result_clear (&r);

  for (guint w = 1; w < 30; w++)
    check_reduce (p, 0, &vis, w);
}

static PsSeries *
big_series (gsize n,
            guint m)
{
  PsTime *times = g_new (PsTime, n);
  double *values = g_new (double, n * m);

  for (gsize i = 0; i < n; i++)
    {
      times[i] = (PsTime) i * 1000;
      for (guint j = 0; j < m; j++)
        values[i * m + j] = sin ((double) i * 1e-3 + j);
    }
  return make_series (times, values, n, m);
}

static void
test_memory (void)
{
  for (guint m = 1; m <= 3; m += 2)
    {
      gsize n = 1000000;
      g_autoptr(PsSeries) s = big_series (n, m);
      g_autoptr(PsPyramid) p = ps_pyramid_new (s);
      double raw = (double) n * sizeof (PsTime) + (double) n * m * sizeof (double);
      double overhead = ps_pyramid_get_memory_size (p) / raw;

      g_test_message ("m = %u: pyramid %zu bytes, %.2f %% of the raw series",
                      m, ps_pyramid_get_memory_size (p), 100 * overhead);
      g_assert_cmpfloat (overhead, <=, 0.25);
      /* The formula of ps-pyramid.h, 5m / (32 (1 + m)). */
      g_assert_cmpfloat (overhead, <=, 5.0 * m / (32.0 * (1 + m)) + 0.001);
    }
}

static void
new_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static PsPyramid *
build_async (PsSeries      *s,
             GCancellable  *cancellable,
             gboolean       cancel_now,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ps_pyramid_new_async (s, PS_PYRAMID_GAP_AUTO, cancellable, new_done_cb, &result);
  if (cancel_now)
    g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ps_pyramid_new_finish (result, error);
}

static void
test_async (void)
{
  g_autoptr(PsSeries) s = big_series (200000, 3);
  g_autoptr(PsPyramid) sync = ps_pyramid_new (s);
  g_autoptr(PsPyramid) async = NULL;
  g_autoptr(GError) error = NULL;
  PsTimeRange vis = ps_time_range_make (12345678, 150000000);
  PsM4Result a, b;

  async = build_async (s, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (async);
  g_assert_cmpint (ps_pyramid_get_cadence (async), ==, 1000);

  ps_m4_result_init (&a);
  ps_m4_result_init (&b);
  for (guint c = 0; c < 3; c++)
    {
      ps_m4_reduce (sync, c, &vis, 777, &a);
      ps_m4_reduce (async, c, &vis, 777, &b);
      g_assert_cmpmem (a.items, a.n_items * sizeof (guint64), b.items, b.n_items * sizeof (guint64));
      check_reduce (async, c, &vis, 777);
    }
  ps_m4_result_clear (&a);
  ps_m4_result_clear (&b);
}

static gpointer
cancel_later_thread (gpointer data)
{
  g_usleep (1000);
  g_cancellable_cancel (data);
  return NULL;
}

typedef struct
{
  PsPyramid  *pyramid;
  PsM4Result *expected;
  PsTimeRange visible;
} Shared;

static gpointer
reduce_thread (gpointer data)
{
  Shared *shared = data;
  PsM4Result r;

  ps_m4_result_init (&r);
  for (guint k = 0; k < 50; k++)
    {
      ps_m4_reduce (shared->pyramid, 0, &shared->visible, 1600, &r);
      g_assert_cmpmem (r.items, r.n_items * sizeof (guint64),
                       shared->expected->items, shared->expected->n_items * sizeof (guint64));
    }
  ps_m4_result_clear (&r);
  ps_pyramid_unref (shared->pyramid);
  return NULL;
}

/* One pyramid, read by several threads at once, and unreffed last by one
 * of them. */
static void
test_threads (void)
{
  g_autoptr(PsSeries) s = random_series (100000, 1);
  PsM4Result expected;
  Shared shared;
  GThread *threads[4];

  shared.pyramid = ps_pyramid_new (s);
  shared.visible = ps_series_get_time_range (s);
  shared.visible.stop++;
  shared.expected = &expected;
  ps_m4_result_init (&expected);
  ps_m4_reduce (shared.pyramid, 0, &shared.visible, 1600, &expected);

  for (guint k = 0; k < G_N_ELEMENTS (threads); k++)
    {
      ps_pyramid_ref (shared.pyramid);
      threads[k] = g_thread_new ("reduce", reduce_thread, &shared);
    }
  ps_pyramid_unref (shared.pyramid);
  for (guint k = 0; k < G_N_ELEMENTS (threads); k++)
    g_thread_join (threads[k]);

  ps_m4_result_clear (&expected);
}

static void
test_cancel (void)
{
  g_autoptr(PsSeries) s = big_series (20000000, 1);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GCancellable) racing = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  PsPyramid *p;

  /* Cancelled before: sync and async both give up. */
  g_cancellable_cancel (cancelled);
  p = ps_pyramid_new_full (s, PS_PYRAMID_GAP_AUTO, cancelled, &error);
  g_assert_null (p);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  p = build_async (s, cancelled, FALSE, &error);
  g_assert_null (p);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled while building 20 M samples: a GTask reports the
   * cancellation whatever the worker got to. */
  p = build_async (s, racing, TRUE, &error);
  g_assert_null (p);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The blocking build looks at the cancellable as it goes: cancelled
   * 1 ms in, it stops (unless this machine built 20 M samples by then). */
  {
    g_autoptr(GCancellable) midway = g_cancellable_new ();
    GThread *thread = g_thread_new ("cancel", cancel_later_thread, midway);

    p = ps_pyramid_new_full (s, PS_PYRAMID_GAP_AUTO, midway, &error);
    g_thread_join (thread);
    if (p != NULL)
      {
        g_test_message ("the build finished before the cancellation");
        ps_pyramid_unref (p);
      }
    else
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

/* The streaming M4 over random series, fed in random pieces split over
 * up to three merged streams, against ps_m4_reduce() on the pyramid
 * (checked against brute force above): the same samples, breaks, times
 * and values. */
static void
check_stream (PsSeries          *s,
              PsPyramid         *p,
              guint              component,
              const PsTimeRange *vis,
              guint              width)
{
  gsize n = ps_series_get_n (s);
  guint m = ps_series_get_m (s);
  const PsTime *times = ps_series_get_times (s);
  const double *values = ps_series_get_values (s);
  PsTime threshold = ps_pyramid_get_gap_threshold (p);
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (PsM4Sample));
  g_autoptr(PsM4Stream) whole = NULL;
  PsM4Result r;
  guint n_parts = g_test_rand_int_range (1, 4);
  gsize start = 0;

  ps_m4_result_init (&r);
  ps_m4_reduce (p, component, vis, width, &r);

  for (guint part = 0; part < n_parts; part++)
    {
      gsize end = part + 1 == n_parts ? n : start + (gsize) g_test_rand_int_range (0, (int) (n - start) + 1);
      PsM4Stream *stream = ps_m4_stream_new (vis, width, threshold);

      if (start > 0)
        ps_m4_stream_set_previous (stream, times[start - 1]);
      /* Fed in pieces of random sizes. */
      for (gsize a = start; a < end;)
        {
          gsize piece = g_test_rand_int_range (1, 3000);
          gsize b = MIN (end, a + piece);

          ps_m4_stream_add (stream, a, times + a, values + a * m, b - a, m, component);
          a = b;
        }
      if (whole == NULL)
        whole = stream;
      else
        {
          ps_m4_stream_merge (whole, stream);
          ps_m4_stream_free (stream);
        }
      start = end;
    }
  ps_m4_stream_finish (whole, got);

  g_assert_cmpuint (got->len, ==, r.n_items);
  for (gsize k = 0; k < r.n_items; k++)
    {
      const PsM4Sample *x = &g_array_index (got, PsM4Sample, k);

      g_assert_cmpuint (x->index, ==, r.items[k]);
      if (x->index == PS_M4_BREAK)
        continue;
      g_assert_cmpint (x->time, ==, times[x->index]);
      g_assert_true (memcmp (&x->value, &values[x->index * m + component], sizeof (double)) == 0);
    }
  ps_m4_result_clear (&r);
}

static void
test_stream (void)
{
  guint cases = g_test_slow () ? 3000 : 400;

  for (guint round = 0; round < cases; round++)
    {
      guint m;
      PsTime threshold;
      g_autoptr(PsSeries) s = random_round (50001, 3, &m, &threshold);
      g_autoptr(PsPyramid) p = NULL;
      gsize n = ps_series_get_n (s);
      p = ps_pyramid_new_full (s, threshold, NULL, NULL);
      for (guint q = 0; q < 4; q++)
        {
          PsTimeRange vis = random_range (s);

          check_stream (s, p, g_test_rand_int_range (0, (int) m), &vis, random_width (n));
        }
    }
}

static void
test_stream_empty (void)
{
  const gint64 t[] = { 1, 2, 3 };
  const double v[] = { 1.0, NAN, 3.0 };
  g_autoptr(PsSeries) s = make_simple (t, v, 3);
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (PsM4Sample));
  PsTimeRange vis = ps_time_range_make (0, 10 * SECOND);
  g_autoptr(PsM4Stream) zero_width = ps_m4_stream_new (&vis, 0, PS_PYRAMID_GAP_NEVER);
  g_autoptr(PsM4Stream) nothing = ps_m4_stream_new (&vis, 100, PS_PYRAMID_GAP_NEVER);
  g_autoptr(PsM4Stream) split = ps_m4_stream_new (&vis, 100, PS_PYRAMID_GAP_NEVER);

  ps_m4_stream_add (zero_width, 0, ps_series_get_times (s), ps_series_get_values (s), 3, 1, 0);
  ps_m4_stream_finish (zero_width, got);
  g_assert_cmpuint (got->len, ==, 0);
  ps_m4_stream_finish (nothing, got);
  g_assert_cmpuint (got->len, ==, 0);

  /* The NaN between the two samples breaks the line. */
  ps_m4_stream_add (split, 0, ps_series_get_times (s), ps_series_get_values (s), 3, 1, 0);
  ps_m4_stream_finish (split, got);
  g_assert_cmpuint (got->len, ==, 3);
  g_assert_cmpuint (g_array_index (got, PsM4Sample, 0).index, ==, 0);
  g_assert_cmpuint (g_array_index (got, PsM4Sample, 1).index, ==, PS_M4_BREAK);
  g_assert_cmpuint (g_array_index (got, PsM4Sample, 2).index, ==, 2);
  g_assert_cmpfloat (g_array_index (got, PsM4Sample, 2).value, ==, 3.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Plot/Pyramid/cadence", test_cadence);
  g_test_add_func ("/Plot/Pyramid/memory", test_memory);
  g_test_add_func ("/Plot/Pyramid/async", test_async);
  g_test_add_func ("/Plot/Pyramid/cancel", test_cancel);
  g_test_add_func ("/Plot/Pyramid/threads", test_threads);
  g_test_add_func ("/Plot/M4/empty", test_empty);
  g_test_add_func ("/Plot/M4/one-sample", test_one_sample);
  g_test_add_func ("/Plot/M4/all-nan", test_all_nan);
  g_test_add_func ("/Plot/M4/between", test_between);
  g_test_add_func ("/Plot/M4/wide-view", test_wide_view);
  g_test_add_func ("/Plot/M4/huge-range", test_huge_range);
  g_test_add_func ("/Plot/M4/random", test_random);
  g_test_add_func ("/Plot/M4/stream", test_stream);
  g_test_add_func ("/Plot/M4/stream-empty", test_stream_empty);

  return g_test_run ();
}
