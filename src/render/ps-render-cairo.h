/* ps-render-cairo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws a laid-out panel stack with cairo, on any surface (image, SVG,
 * PDF) at any scale. The caller's user space must be the layout's logical
 * pixels: on an image surface of (width × scale) × (height × scale)
 * pixels, cairo_scale (cr, scale, scale) first. Lines go through the M4
 * reduction at device resolution, spectrograms become an image at the
 * layout's scale, so the cost follows the pixels, not the samples.
 */
#pragma once

#include <cairo.h>

#include "ps-plot-layout.h"
#include "ps-plot-model.h"
#include "ps-plot-style.h"

G_BEGIN_DECLS

/* The layers of a figure, bottom to top. The GL view draws the data
 * itself and the rest with cairo, below and above it. */
typedef enum
{
  PS_RENDER_BACKGROUND   = 1 << 0, /* background, grids, spectrogram gap colour */
  PS_RENDER_LINES        = 1 << 1,
  PS_RENDER_SPECTROGRAMS = 1 << 2,
  PS_RENDER_DECORATIONS  = 1 << 3, /* axes, ticks, colour bars, legends, text */
  PS_RENDER_DATA         = PS_RENDER_LINES | PS_RENDER_SPECTROGRAMS,
  PS_RENDER_ALL          = 0xf,
} PsRenderParts;

void ps_render_cairo_draw       (cairo_t           *cr,
                                 PsPlotModel       *model,
                                 PsPlotLayout      *layout,
                                 const PsPlotStyle *style);
void ps_render_cairo_draw_parts (cairo_t           *cr,
                                 PsPlotModel       *model,
                                 PsPlotLayout      *layout,
                                 const PsPlotStyle *style,
                                 PsRenderParts      parts);

G_END_DECLS
