/* ps-ticks-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Logarithmic value axes. Decades carry the labels ("10⁻³"), every n-th
 * one when they crowd, with 2…9 as minor ticks. A range holding fewer than
 * two decades falls back to 1, 2, 5 × 10^k, and one holding fewer than two
 * of those (2 to 4.5, say) to linear steps.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-ticks-private.h"

#define MIN_MINOR_PX 4.0

/* The smallest e with 10^e >= x (@up), or the largest with 10^e <= x. */
static int
decade_index (double   x,
              gboolean up)
{
  int e = (int) floor (log10 (x));

  if (_ps_ticks_pow10 (e) > x)
    e--;
  else if (_ps_ticks_pow10 (e + 1) <= x)
    e++;
  if (up && _ps_ticks_pow10 (e) < x)
    e++;
  return e;
}

static int
floor_mod (int a,
           int n)
{
  int r = a % n;

  return r < 0 ? r + n : r;
}

static void
decade_ticks (double     lo,
              double     hi,
              double     px_per_decade,
              double     need_px,
              GArray    *major,
              GPtrArray *labels,
              GArray    *minor)
{
  static const int strides[] = { 1, 2, 5, 10, 20, 50, 100, 200 };
  int e0 = decade_index (lo, TRUE);
  int e1 = decade_index (hi, FALSE);
  int stride = strides[G_N_ELEMENTS (strides) - 1];

  for (guint i = 0; i < G_N_ELEMENTS (strides); i++)
    {
      if (strides[i] * px_per_decade >= need_px)
        {
          stride = strides[i];
          break;
        }
    }

  for (int e = e0; e <= e1; e++)
    {
      double v = _ps_ticks_pow10 (e);

      if (floor_mod (e, stride) == 0)
        {
          g_array_append_val (major, v);
          g_ptr_array_add (labels, _ps_ticks_format_power (e));
        }
      else if (px_per_decade >= MIN_MINOR_PX)
        g_array_append_val (minor, v);
    }

  /* The closest pair of 2…9 is 9 and 10: log10 (10/9) of a decade. */
  if (stride == 1 && px_per_decade * log10 (10.0 / 9.0) >= MIN_MINOR_PX)
    {
      for (int e = e0 - 1; e <= e1; e++)
        {
          for (int j = 2; j <= 9; j++)
            {
              double v = _ps_ticks_value (j, e);

              if (v >= lo && v <= hi)
                g_array_append_val (minor, v);
            }
        }
    }
}

/* 1, 2, 5 × 10^e inside the range, dropping those that would crowd. */
static void
one_two_five_ticks (double     lo,
                    double     hi,
                    double     length_px,
                    double     need_px,
                    GArray    *major,
                    GPtrArray *labels,
                    GArray    *minor)
{
  double scale = length_px / (log10 (hi) - log10 (lo));
  double last_px = -INFINITY;
  int e0 = decade_index (lo, FALSE);
  int e1 = decade_index (hi, FALSE);
  gboolean with_minor = scale * log10 (10.0 / 9.0) >= MIN_MINOR_PX;

  for (int e = e0; e <= e1; e++)
    {
      for (int j = 1; j <= 9; j++)
        {
          double v = _ps_ticks_value (j, e);
          double px = (log10 (v) - log10 (lo)) * scale;

          if (v < lo || v > hi)
            continue;
          if ((j == 1 || j == 2 || j == 5) && px - last_px >= need_px)
            {
              last_px = px;
              g_array_append_val (major, v);
              g_ptr_array_add (labels, _ps_ticks_format_exact (j, e, e >= 5 || e <= -5));
            }
          else if (with_minor)
            g_array_append_val (minor, v);
        }
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

gboolean
ps_log_ticks (double   lo,
              double   hi,
              double   length_px,
              double   label_px,
              PsTicks *out)
{
  GArray *major;
  GPtrArray *labels;
  GArray *minor;
  double decades;
  gboolean by_decade;

  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!isfinite (lo) || !isfinite (hi) || !(lo > 0) || !(hi > 0)
      || !isfinite (length_px) || !isfinite (label_px) || !(length_px > 0) || !(label_px > 0))
    return FALSE;
  if (lo > hi)
    {
      double tmp = lo;

      lo = hi;
      hi = tmp;
    }

  decades = log10 (hi) - log10 (lo);
  if (decades < 1e-9)
    return ps_linear_ticks (lo, hi, length_px, label_px, out);

  major = g_array_new (FALSE, FALSE, sizeof (double));
  labels = g_ptr_array_new_with_free_func (g_free);
  minor = g_array_new (FALSE, FALSE, sizeof (double));

  by_decade = decade_index (hi, FALSE) - decade_index (lo, TRUE) >= 1;
  if (by_decade)
    decade_ticks (lo, hi, length_px / decades, 1.5 * label_px, major, labels, minor);
  else
    one_two_five_ticks (lo, hi, length_px, 1.5 * label_px, major, labels, minor);

  /* With every n-th decade labelled, one label is enough. */
  if (major->len == 0 || (!by_decade && major->len < 2))
    {
      /* Too narrow a range for powers of ten: space linear labels for
       * the most compressed end of the axis, where px per unit is least. */
      double length = length_px * (hi - lo) / (decades * G_LN10 * hi);

      g_array_unref (major);
      g_ptr_array_free (labels, TRUE);
      g_array_unref (minor);
      return ps_linear_ticks (lo, hi, length, label_px, out);
    }

  g_array_sort (minor, compare_double);
  _ps_ticks_take (out, major, labels, minor);
  return TRUE;
}
