/* ps-render-cairo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frame of a figure: background, grids, data (ps-render-lines.c,
 * ps-render-spectrogram.c), axes and ticks, colour bars, legends and every
 * text, all where the layout put them. Axis lines and ticks are snapped
 * to device pixels so that they stay crisp on image surfaces at any scale.
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "ps-render-private.h"

/* Minor ticks, relative to major ones */
#define MINOR_TICK 0.6

typedef struct
{
  cairo_t           *cr;
  PsPlotModel       *model;
  PsPlotLayout      *layout;
  const PsPlotStyle *style;
  double             scale;
} Frame;

void
_ps_render_set_color (cairo_t       *cr,
                      const PsColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

/* @v moved so that a line @width wide along it covers whole device pixels. */
static double
snap (const Frame *f,
      double       v,
      double       width)
{
  double device_width = MAX (1.0, round (width * f->scale));
  double d = v * f->scale;

  if (fmod (device_width, 2.0) == 1.0)
    d = floor (d) + 0.5;
  else
    d = round (d);
  return d / f->scale;
}

static void
draw_text (Frame            *f,
           const PsPlotText *text)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (f->cr);
  PangoContext *context = ps_plot_layout_get_context (f->layout);

  /* The same font options as the layout measured with. */
  pango_cairo_context_set_font_options (pango_layout_get_context (layout),
                                        pango_cairo_context_get_font_options (context));
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, ps_plot_layout_get_font (f->layout, text->font));
  pango_layout_set_markup (layout, text->markup, -1);
  if (text->max_length > 0)
    {
      pango_layout_set_width (layout, (int) (text->max_length * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }

  cairo_save (f->cr);
  _ps_render_set_color (f->cr, text->muted ? &f->style->muted : &f->style->foreground);
  if (text->vertical)
    {
      cairo_translate (f->cr, text->rect.x, text->rect.y + text->rect.height);
      cairo_rotate (f->cr, -G_PI / 2.0);
    }
  else
    cairo_translate (f->cr, text->rect.x, text->rect.y);
  pango_cairo_show_layout (f->cr, layout);
  cairo_restore (f->cr);
}

static void
draw_grid (Frame                   *f,
           const PsPlotPanelLayout *panel)
{
  GArray *time_ticks = ps_plot_layout_get_time_ticks (f->layout);
  double w = f->style->grid_line_width;
  const PsRect *r = &panel->plot;

  cairo_save (f->cr);
  _ps_render_set_color (f->cr, &f->style->grid);
  cairo_set_line_width (f->cr, w);
  for (guint i = 0; i < time_ticks->len; i++)
    {
      const PsPlotTick *tick = &g_array_index (time_ticks, PsPlotTick, i);
      double x = snap (f, tick->position, w);

      if (!tick->major)
        continue;
      cairo_move_to (f->cr, x, r->y);
      cairo_line_to (f->cr, x, r->y + r->height);
    }
  for (guint i = 0; i < panel->y_ticks->len; i++)
    {
      const PsPlotTick *tick = &g_array_index (panel->y_ticks, PsPlotTick, i);
      double y = snap (f, tick->position, w);

      if (!tick->major)
        continue;
      cairo_move_to (f->cr, r->x, y);
      cairo_line_to (f->cr, r->x + r->width, y);
    }
  cairo_stroke (f->cr);
  cairo_restore (f->cr);
}

/* Ticks along a vertical edge at @x, pointing by @direction (−1 left). */
static void
vertical_ticks (Frame  *f,
                GArray *ticks,
                double  x,
                double  direction)
{
  double w = f->style->axis_line_width;

  for (guint i = 0; i < ticks->len; i++)
    {
      const PsPlotTick *tick = &g_array_index (ticks, PsPlotTick, i);
      double length = f->style->tick_length * (tick->major ? 1.0 : MINOR_TICK);
      double y = snap (f, tick->position, w);

      cairo_move_to (f->cr, x, y);
      cairo_line_to (f->cr, x + direction * length, y);
    }
}

static void
draw_axes (Frame                   *f,
           const PsPlotPanelLayout *panel,
           gboolean                 bottom)
{
  GArray *time_ticks = ps_plot_layout_get_time_ticks (f->layout);
  double w = f->style->axis_line_width;
  double x0 = snap (f, panel->plot.x, w), x1 = snap (f, panel->plot.x + panel->plot.width, w);
  double y0 = snap (f, panel->plot.y, w), y1 = snap (f, panel->plot.y + panel->plot.height, w);

  cairo_save (f->cr);
  _ps_render_set_color (f->cr, &f->style->foreground);
  cairo_set_line_width (f->cr, w);
  cairo_set_line_cap (f->cr, CAIRO_LINE_CAP_SQUARE);
  cairo_rectangle (f->cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke (f->cr);

  cairo_set_line_cap (f->cr, CAIRO_LINE_CAP_BUTT);
  vertical_ticks (f, panel->y_ticks, x0, -1.0);
  /* Time ticks point out of the bottom panel, where their labels are, and
   * into the others, so that they do not reach into the panel gaps. */
  for (guint i = 0; i < time_ticks->len; i++)
    {
      const PsPlotTick *tick = &g_array_index (time_ticks, PsPlotTick, i);
      double length = f->style->tick_length * (tick->major ? 1.0 : MINOR_TICK);
      double x = snap (f, tick->position, w);

      cairo_move_to (f->cr, x, y1);
      cairo_line_to (f->cr, x, y1 + (bottom ? length : -length));
    }
  cairo_stroke (f->cr);
  cairo_restore (f->cr);
}

static void
draw_colorbar (Frame                   *f,
               const PsPlotPanelLayout *panel)
{
  double w = f->style->axis_line_width;
  const PsRect *r = &panel->colorbar;
  double x0 = snap (f, r->x, w), x1 = snap (f, r->x + r->width, w);
  double y0 = snap (f, r->y, w), y1 = snap (f, r->y + r->height, w);

  _ps_render_colorbar (f->cr, panel, f->scale);

  cairo_save (f->cr);
  _ps_render_set_color (f->cr, &f->style->foreground);
  cairo_set_line_width (f->cr, w);
  cairo_rectangle (f->cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke (f->cr);
  vertical_ticks (f, panel->z_ticks, x1, 1.0);
  cairo_stroke (f->cr);
  cairo_restore (f->cr);
}

static void
draw_legend (Frame                   *f,
             const PsPlotPanelLayout *panel)
{
  cairo_save (f->cr);
  cairo_set_line_width (f->cr, 2.0 * f->style->line_width);
  cairo_set_line_cap (f->cr, CAIRO_LINE_CAP_BUTT);
  for (guint i = 0; i < panel->legend_entries->len; i++)
    {
      const PsPlotLegendEntry *entry = &g_array_index (panel->legend_entries, PsPlotLegendEntry, i);
      double y = snap (f, entry->swatch.y + entry->swatch.height / 2.0, 2.0 * f->style->line_width);

      _ps_render_set_color (f->cr, &entry->color);
      cairo_move_to (f->cr, entry->swatch.x, y);
      cairo_line_to (f->cr, entry->swatch.x + entry->swatch.width, y);
      cairo_stroke (f->cr);
    }
  cairo_restore (f->cr);
}

/**
 * ps_render_cairo_draw:
 * @cr: a cairo context whose user space is @layout's logical pixels
 * @layout: @model laid out for the surface of @cr
 *
 * Draws the whole figure, background included.
 */
void
ps_render_cairo_draw (cairo_t           *cr,
                      PsPlotModel       *model,
                      PsPlotLayout      *layout,
                      const PsPlotStyle *style)
{
  ps_render_cairo_draw_parts (cr, model, layout, style, PS_RENDER_ALL);
}

/**
 * ps_render_cairo_draw_parts:
 * @parts: the layers to draw
 *
 * Like ps_render_cairo_draw(), but only @parts of the figure: drawing
 * each part once, in order, gives the same picture.
 */
void
ps_render_cairo_draw_parts (cairo_t           *cr,
                            PsPlotModel       *model,
                            PsPlotLayout      *layout,
                            const PsPlotStyle *style,
                            PsRenderParts      parts)
{
  Frame f = { cr, model, layout, style, ps_plot_layout_get_scale (layout) };
  guint n;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (PS_IS_PLOT_MODEL (model));
  g_return_if_fail (layout != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (ps_plot_model_get_n_panels (model) == ps_plot_layout_get_n_panels (layout));

  cairo_save (cr);
  if (parts & PS_RENDER_BACKGROUND)
    {
      _ps_render_set_color (cr, &style->background);
      cairo_paint (cr);
    }

  n = ps_plot_layout_get_n_panels (layout);
  for (guint i = 0; i < n; i++)
    {
      const PsPlotPanelLayout *panel = ps_plot_layout_get_panel (layout, i);

      if (panel->spectrogram)
        {
          if (parts & PS_RENDER_BACKGROUND)
            {
              _ps_render_set_color (cr, &style->missing);
              cairo_rectangle (cr, panel->plot.x, panel->plot.y, panel->plot.width, panel->plot.height);
              cairo_fill (cr);
            }
          if (parts & PS_RENDER_SPECTROGRAMS)
            _ps_render_spectrogram (cr, model, i, layout);
          if (parts & PS_RENDER_DECORATIONS)
            draw_colorbar (&f, panel);
        }
      else
        {
          if (parts & PS_RENDER_BACKGROUND)
            draw_grid (&f, panel);
          if (parts & PS_RENDER_LINES)
            _ps_render_lines (cr, model, i, layout, style);
          if (parts & PS_RENDER_DECORATIONS)
            draw_legend (&f, panel);
        }
      if (parts & PS_RENDER_DECORATIONS)
        draw_axes (&f, panel, i + 1 == n);
    }

  if (parts & PS_RENDER_DECORATIONS)
    for (guint i = 0; i < ps_plot_layout_get_n_texts (layout); i++)
      draw_text (&f, ps_plot_layout_get_text (layout, i));
  cairo_restore (cr);
}
