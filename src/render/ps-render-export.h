/* ps-render-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A panel stack to a PNG, SVG or PDF file, or to an image surface, with no
 * display: layout and drawing in one call.
 */
#pragma once

#include <cairo.h>

#include "ps-plot-model.h"
#include "ps-plot-style.h"

G_BEGIN_DECLS

#define PS_RENDER_ERROR (ps_render_error_quark ())

typedef enum
{
  PS_RENDER_ERROR_FORMAT, /* unknown output format */
  PS_RENDER_ERROR_WRITE,  /* cairo could not write the file */
} PsRenderError;

typedef enum
{
  PS_RENDER_FORMAT_PNG,
  PS_RENDER_FORMAT_SVG,
  PS_RENDER_FORMAT_PDF,
} PsRenderFormat;

GQuark           ps_render_error_quark          (void);

gboolean         ps_render_format_from_filename (const char        *path,
                                                 PsRenderFormat    *format);
cairo_surface_t *ps_render_to_image             (PsPlotModel       *model,
                                                 const PsPlotStyle *style,
                                                 double             width,
                                                 double             height,
                                                 double             scale);
gboolean         ps_render_to_file              (PsPlotModel       *model,
                                                 const PsPlotStyle *style,
                                                 double             width,
                                                 double             height,
                                                 double             scale,
                                                 PsRenderFormat     format,
                                                 const char        *path,
                                                 GError           **error);

G_END_DECLS
