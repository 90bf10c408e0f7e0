/* ps-colormap.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <math.h>

#include "ps-colormap.h"

/* Viridis (van der Walt & Smith, matplotlib 1.5) as a degree-6 polynomial
 * per channel, the least-squares fit published by Matt Zucker
 * (shadertoy.com/view/WlfXRN, CC0): within 1/255 of the table over [0, 1],
 * and smooth, so a colour bar has no steps. Evaluated with Horner. */
static const double viridis_coeffs[3][7] = {
  { 0.2777273272234177, 0.1050930431085774, -0.3308618287255563, -4.634230498983486,
    6.228269936347081, 4.776384997670288, -5.435455855934631 },
  { 0.005407344544966578, 1.404613529898575, 0.214847559468213, -5.799100973351585,
    14.17993336680509, -13.74514537774601, 4.645852612178535 },
  { 0.3340998053353061, 1.384590162594685, 0.09509516302823659, -19.33244095627987,
    56.69055260068105, -65.35303263337234, 26.3124352495832 },
};

/* Moreland's cool–warm diverging map ("Diverging Color Maps for Scientific
 * Visualization", 2009): its published anchors every eighth of the range,
 * interpolated linearly in between (they are close enough for that to
 * stay smooth). */
static const double diverging_anchors[9][3] = {
  {  59,  76, 192 },
  {  98, 130, 234 },
  { 141, 176, 254 },
  { 184, 208, 249 },
  { 221, 221, 221 },
  { 245, 196, 173 },
  { 244, 154, 123 },
  { 222,  96,  77 },
  { 180,   4,  38 },
};

static double
clamp01 (double x)
{
  return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

/**
 * ps_colormap_eval:
 * @t: a position in [0, 1] (clamped)
 *
 * The colour of @map at @t, channels in [0, 1].
 */
void
ps_colormap_eval (PsColormap  map,
                  double      t,
                  double     *red,
                  double     *green,
                  double     *blue)
{
  double rgb[3];

  g_return_if_fail (red != NULL && green != NULL && blue != NULL);

  t = isnan (t) ? 0.0 : clamp01 (t);
  switch (map)
    {
    case PS_COLORMAP_DIVERGING:
      {
        double x = t * 8.0;
        guint i = MIN ((guint) x, 7u);
        double f = x - i;

        for (guint c = 0; c < 3; c++)
          rgb[c] = ((1.0 - f) * diverging_anchors[i][c] + f * diverging_anchors[i + 1][c]) / 255.0;
      }
      break;

    case PS_COLORMAP_VIRIDIS:
    default:
      for (guint c = 0; c < 3; c++)
        {
          double acc = 0.0;

          for (int k = 6; k >= 0; k--)
            acc = acc * t + viridis_coeffs[c][k];
          rgb[c] = clamp01 (acc);
        }
      break;
    }
  *red = rgb[0];
  *green = rgb[1];
  *blue = rgb[2];
}

/**
 * ps_colormap_eval_argb:
 *
 * The colour of @map at @t as an opaque pixel of a CAIRO_FORMAT_RGB24 or
 * ARGB32 image surface (0xAARRGGBB in native endianness).
 */
guint32
ps_colormap_eval_argb (PsColormap map,
                       double     t)
{
  double r, g, b;

  ps_colormap_eval (map, t, &r, &g, &b);
  return 0xff000000u
         | (guint32) lround (r * 255.0) << 16
         | (guint32) lround (g * 255.0) << 8
         | (guint32) lround (b * 255.0);
}

gboolean
ps_colormap_from_string (const char *text,
                         PsColormap *map)
{
  g_return_val_if_fail (text != NULL && map != NULL, FALSE);

  if (g_str_equal (text, "viridis"))
    *map = PS_COLORMAP_VIRIDIS;
  else if (g_str_equal (text, "diverging") || g_str_equal (text, "coolwarm"))
    *map = PS_COLORMAP_DIVERGING;
  else
    return FALSE;
  return TRUE;
}

void
ps_color_norm_init (PsColorNorm *norm,
                    double       min,
                    double       max,
                    gboolean     log)
{
  g_return_if_fail (norm != NULL);

  norm->min = min;
  norm->max = max;
  norm->log = log;
}

/**
 * ps_color_norm_apply:
 *
 * Returns: where @value falls on the colour map: 0 at min, 1 at max,
 *   clamped; NaN for NaN, and on a log scale for values <= 0 (no colour).
 */
double
ps_color_norm_apply (const PsColorNorm *norm,
                     double             value)
{
  double lo, hi, v;

  g_return_val_if_fail (norm != NULL, NAN);

  if (isnan (value))
    return NAN;
  if (norm->log)
    {
      if (value <= 0.0 || norm->min <= 0.0 || norm->max <= 0.0)
        return NAN;
      lo = log10 (norm->min);
      hi = log10 (norm->max);
      v = log10 (value);
    }
  else
    {
      lo = norm->min;
      hi = norm->max;
      v = value;
    }
  if (!(hi > lo))
    return 0.5;
  return clamp01 ((v - lo) / (hi - lo));
}
