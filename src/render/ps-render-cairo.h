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

void ps_render_cairo_draw (cairo_t           *cr,
                           PsPlotModel       *model,
                           PsPlotLayout      *layout,
                           const PsPlotStyle *style);

G_END_DECLS
