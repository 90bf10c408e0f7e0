/* ps-render-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ps-plot-layout.h"
#include "ps-render-cairo.h"
#include "ps-render-export.h"
#include "ps-render-private.h"

G_DEFINE_QUARK (ps-render-error-quark, ps_render_error)

gboolean
ps_render_format_from_filename (const char     *path,
                                PsRenderFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL && format != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    *format = PS_RENDER_FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = PS_RENDER_FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = PS_RENDER_FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

static void
draw (cairo_surface_t   *surface,
      PsPlotModel       *model,
      const PsPlotStyle *style,
      double             width,
      double             height,
      double             user_scale,
      double             scale)
{
  g_autoptr(PsPlotLayout) layout = ps_plot_layout_new (model, style, NULL, width, height, scale);
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, user_scale, user_scale);
  ps_render_cairo_draw (cr, model, layout, style);
  cairo_destroy (cr);
}

/**
 * ps_render_to_image:
 * @width: logical width
 * @height: logical height
 * @scale: device pixels per logical pixel
 *
 * Returns: (transfer full): an ARGB32 image surface of
 *   ⌈@width × @scale⌉ × ⌈@height × @scale⌉ pixels
 */
cairo_surface_t *
ps_render_to_image (PsPlotModel       *model,
                    const PsPlotStyle *style,
                    double             width,
                    double             height,
                    double             scale)
{
  cairo_surface_t *surface;

  g_return_val_if_fail (PS_IS_PLOT_MODEL (model), NULL);
  g_return_val_if_fail (style != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && scale > 0, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (width * scale), (int) ceil (height * scale));
  draw (surface, model, style, width, height, scale, scale);
  return surface;
}

static gboolean
check_status (cairo_status_t   status,
              const char      *path,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, PS_RENDER_ERROR, PS_RENDER_ERROR_WRITE,
               _("Could not write “%s”: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

/**
 * ps_render_to_file:
 * @scale: for PNG, device pixels per logical pixel; for SVG and PDF (whose
 *   size is @width × @height points) the resolution of the raster parts
 *   (spectrograms), in pixels per point
 *
 * Returns: %TRUE when @path was written
 */
gboolean
ps_render_to_file (PsPlotModel        *model,
                   const PsPlotStyle  *style,
                   double              width,
                   double              height,
                   double              scale,
                   PsRenderFormat      format,
                   const char         *path,
                   GError            **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (PS_IS_PLOT_MODEL (model), FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (format)
    {
    case PS_RENDER_FORMAT_PNG:
      surface = ps_render_to_image (model, style, width, height, scale);
      status = cairo_surface_status (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = _ps_render_write_png (surface, path);
      cairo_surface_destroy (surface);
      return check_status (status, path, error);

    case PS_RENDER_FORMAT_SVG:
    case PS_RENDER_FORMAT_PDF:
      if (format == PS_RENDER_FORMAT_SVG)
        surface = cairo_svg_surface_create (path, width, height);
      else
        surface = cairo_pdf_surface_create (path, width, height);
      status = cairo_surface_status (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        {
          draw (surface, model, style, width, height, 1.0, scale);
          cairo_surface_finish (surface);
          status = cairo_surface_status (surface);
        }
      cairo_surface_destroy (surface);
      return check_status (status, path, error);

    default:
      g_set_error (error, PS_RENDER_ERROR, PS_RENDER_ERROR_FORMAT, _("Unknown output format"));
      return FALSE;
    }
}
