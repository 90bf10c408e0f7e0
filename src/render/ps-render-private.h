/* ps-render-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ps-render-cairo.h"

G_BEGIN_DECLS

void   _ps_render_set_color       (cairo_t                 *cr,
                                   const PsColor           *color);

/* ps-render-lines.c */
void   _ps_render_lines           (cairo_t                 *cr,
                                   PsPlotModel             *model,
                                   guint                    panel,
                                   PsPlotLayout            *layout,
                                   const PsPlotStyle       *style);

/* ps-render-png.c */
cairo_status_t _ps_render_write_png (cairo_surface_t   *surface,
                                     const char        *path);

/* ps-render-spectrogram.c */
void   _ps_render_spectrogram     (cairo_t                 *cr,
                                   PsPlotModel             *model,
                                   guint                    panel,
                                   PsPlotLayout            *layout);
void   _ps_render_colorbar        (cairo_t                 *cr,
                                   const PsPlotPanelLayout *panel,
                                   double                   scale);
void   _ps_render_bin_edges       (const double            *centres,
                                   guint                    m,
                                   gboolean                 log,
                                   double                  *lower,
                                   double                  *upper);

G_END_DECLS
