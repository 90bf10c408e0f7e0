/* ps-ticks-linear.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linear value axes: ticks at integer multiples of a 1, 2, 5 × 10^k step,
 * each tick computed as (i × m) × 10^k from integers so that positions
 * round once and labels are exact. Also the padding of auto-fit ranges.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-ticks-private.h"

/* Beyond this many multiples of the step, i × m stops being exact. */
#define MAX_INDEX 1e15
/* Ticks closer than this to each other (in px) are not worth drawing. */
#define MIN_MINOR_PX 4.0

/* The smallest m × 10^k, m ∈ {1, 2, 5}, not below @raw (> 0). */
static void
nice_step (double  raw,
           int    *out_m,
           int    *out_k)
{
  static const int mantissas[] = { 1, 2, 5, 10 };
  int k = (int) floor (log10 (raw));

  if (_ps_ticks_pow10 (k) > raw)
    k--;
  else if (_ps_ticks_pow10 (k + 1) <= raw)
    k++;

  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    {
      if (_ps_ticks_value (mantissas[i], k) >= raw * (1 - 1e-12))
        {
          *out_m = mantissas[i] == 10 ? 1 : mantissas[i];
          *out_k = mantissas[i] == 10 ? k + 1 : k;
          return;
        }
    }
  g_assert_not_reached ();
}

/* The first index i with i × m × 10^k >= x (@up) or the last with <= x. */
static gint64
snap_index (double   x,
            int      m,
            int      k,
            gboolean up)
{
  gint64 i = (gint64) (up ? ceil (x / _ps_ticks_value (m, k)) : floor (x / _ps_ticks_value (m, k)));

  /* x / step is itself rounded: correct by one either way. */
  if (up)
    {
      while (_ps_ticks_value ((i - 1) * m, k) >= x)
        i--;
      while (_ps_ticks_value (i * m, k) < x)
        i++;
    }
  else
    {
      while (_ps_ticks_value ((i + 1) * m, k) <= x)
        i++;
      while (_ps_ticks_value (i * m, k) > x)
        i--;
    }
  return i;
}

/* One tick at @v, labelled with six significant digits. */
static void
single_tick (double   v,
             PsTicks *out)
{
  GArray *major = g_array_new (FALSE, FALSE, sizeof (double));
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
  GArray *minor = g_array_new (FALSE, FALSE, sizeof (double));
  char *label;

  if (v == 0)
    {
      v = 0; /* not -0 */
      label = g_strdup ("0");
    }
  else
    {
      int e = (int) floor (log10 (fabs (v)));
      int k = e - 5;
      double scaled = k >= 0 ? v / _ps_ticks_pow10 (k) : v * _ps_ticks_pow10 (-k);

      if (isfinite (scaled) && fabs (scaled) < 1e7)
        label = _ps_ticks_format_exact ((gint64) llround (scaled), k, ABS (e) >= 5);
      else
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          label = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", v)); /* denormals */
        }
    }
  g_array_append_val (major, v);
  g_ptr_array_add (labels, label);
  _ps_ticks_take (out, major, labels, minor);
}

gboolean
ps_linear_ticks (double   lo,
                 double   hi,
                 double   length_px,
                 double   label_px,
                 PsTicks *out)
{
  GArray *major;
  GPtrArray *labels;
  GArray *minor;
  double span, raw, largest;
  gint64 i0, i1;
  int m, k, minor_m, minor_k, per_major;
  gboolean scientific;

  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!isfinite (lo) || !isfinite (hi) || !isfinite (length_px) || !isfinite (label_px)
      || !(length_px > 0) || !(label_px > 0))
    return FALSE;
  if (lo > hi)
    {
      double tmp = lo;

      lo = hi;
      hi = tmp;
    }

  span = hi - lo;
  largest = MAX (fabs (lo), fabs (hi));
  if (!isfinite (span))
    return FALSE;
  if (span <= largest * 1e-12 || span == 0)
    {
      single_tick (lo, out);
      return TRUE;
    }
  /* Keeps 10^k and the step finite and normal. */
  if (span < 1e-280 || largest > 1e280)
    return FALSE;

  raw = MAX (span * 1.5 * label_px / length_px, span / 1000);
  nice_step (raw, &m, &k);
  if (largest / _ps_ticks_value (m, k) > MAX_INDEX)
    return FALSE;
  i0 = snap_index (lo, m, k, TRUE);
  i1 = snap_index (hi, m, k, FALSE);

  /* Plain numbers up to 10⁵, then "2×10⁵"; below 10⁻⁴, "5×10⁻⁶". */
  scientific = k >= 5 || MAX (fabs (_ps_ticks_value (i0 * m, k)),
                              fabs (_ps_ticks_value (i1 * m, k))) < 1e-4;

  major = g_array_new (FALSE, FALSE, sizeof (double));
  labels = g_ptr_array_new_with_free_func (g_free);
  for (gint64 i = i0; i <= i1; i++)
    {
      double v = _ps_ticks_value (i * m, k);

      v = v == 0 ? 0 : v; /* not -0 */
      g_array_append_val (major, v);
      g_ptr_array_add (labels, _ps_ticks_format_exact (i * m, k, scientific));
    }

  /* 1 → fifths, 2 → quarters, 5 → fifths. */
  minor_m = m == 1 ? 2 : m == 2 ? 5 : 1;
  minor_k = m == 5 ? k : k - 1;
  per_major = m == 2 ? 4 : 5;
  minor = g_array_new (FALSE, FALSE, sizeof (double));
  if (length_px * _ps_ticks_value (minor_m, minor_k) / span >= MIN_MINOR_PX)
    {
      gint64 j1 = snap_index (hi, minor_m, minor_k, FALSE);

      for (gint64 j = snap_index (lo, minor_m, minor_k, TRUE); j <= j1; j++)
        {
          double v = _ps_ticks_value (j * minor_m, minor_k);

          if (j % per_major != 0)
            g_array_append_val (minor, v);
        }
    }

  _ps_ticks_take (out, major, labels, minor);
  return TRUE;
}

/* Rounds out to the nearest m × 10^k, m ∈ {1, 2, 5}, on a log axis. */
static double
log_round (double   x,
           gboolean up)
{
  static const int mantissas[] = { 1, 2, 5, 10 };
  int e = (int) floor (log10 (x));
  double best;

  if (_ps_ticks_pow10 (e) > x)
    e--;
  else if (_ps_ticks_pow10 (e + 1) <= x)
    e++;

  best = up ? _ps_ticks_pow10 (e + 1) : _ps_ticks_pow10 (e);
  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    {
      double v = _ps_ticks_value (mantissas[i], e);

      if (up && v >= x)
        return v;
      if (!up && v <= x)
        best = v;
    }
  return best;
}

gboolean
ps_nice_range (double    lo,
               double    hi,
               gboolean  log,
               double   *out_lo,
               double   *out_hi)
{
  double new_lo, new_hi;

  g_return_val_if_fail (out_lo != NULL && out_hi != NULL, FALSE);

  if (!isfinite (lo) || !isfinite (hi) || lo > hi || (log && !(lo > 0)))
    return FALSE;

  if (log)
    {
      double l = log10 (lo), h = log10 (hi);
      double pad = l == h ? 0.5 : 0.05 * (h - l);

      new_lo = pow (10, l - pad);
      new_hi = pow (10, h + pad);
      if (!(new_lo > 0) || !isfinite (new_hi))
        return FALSE;
      *out_lo = log_round (new_lo, FALSE);
      *out_hi = log_round (new_hi, TRUE);
      return isfinite (*out_lo) && isfinite (*out_hi) && *out_lo > 0;
    }
  else
    {
      double pad = lo == hi ? (lo == 0 ? 1 : fabs (lo) * 0.1) : 0.05 * (hi - lo);
      int m, k;

      new_lo = lo - pad;
      new_hi = hi + pad;
      if (!isfinite (new_lo) || !isfinite (new_hi))
        return FALSE;
      /* Data that start or end at 0 keep the 0 at the edge. */
      if (lo != hi && lo >= 0 && new_lo < 0)
        new_lo = 0;
      if (lo != hi && hi <= 0 && new_hi > 0)
        new_hi = 0;

      if (new_hi - new_lo < 1e-280 || MAX (fabs (new_lo), fabs (new_hi)) > 1e280)
        {
          *out_lo = new_lo;
          *out_hi = new_hi;
          return TRUE;
        }
      nice_step ((new_hi - new_lo) / 20, &m, &k);
      if (MAX (fabs (new_lo), fabs (new_hi)) / _ps_ticks_value (m, k) > MAX_INDEX)
        {
          *out_lo = new_lo;
          *out_hi = new_hi;
          return TRUE;
        }
      *out_lo = _ps_ticks_value (snap_index (new_lo, m, k, FALSE) * m, k);
      *out_hi = _ps_ticks_value (snap_index (new_hi, m, k, TRUE) * m, k);
      *out_lo = *out_lo == 0 ? 0 : *out_lo;
      *out_hi = *out_hi == 0 ? 0 : *out_hi;
      return TRUE;
    }
}
