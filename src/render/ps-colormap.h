/* ps-colormap.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Colour maps for spectrograms and colour bars, and the normalisation of
 * values onto them. VIRIDIS is perceptually uniform and sequential (for
 * fluxes, counts, powers); DIVERGING is a cool–warm map around a centre
 * (for signed quantities).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PS_COLORMAP_VIRIDIS,
  PS_COLORMAP_DIVERGING,
} PsColormap;

typedef struct
{
  double   min;
  double   max;
  gboolean log;  /* log10 scale; then min and max must be > 0 */
} PsColorNorm;

void     ps_colormap_eval        (PsColormap  map,
                                  double      t,
                                  double     *red,
                                  double     *green,
                                  double     *blue);
guint32  ps_colormap_eval_argb   (PsColormap  map,
                                  double      t);
gboolean ps_colormap_from_string (const char *text,
                                  PsColormap *map);

void     ps_color_norm_init      (PsColorNorm *norm,
                                  double       min,
                                  double       max,
                                  gboolean     log);
double   ps_color_norm_apply     (const PsColorNorm *norm,
                                  double             value);

G_END_DECLS
