/* ps-plot-view-layers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The two layers around the GL data, rebuilt at every frame of a pan or a
 * zoom (the ticks move). A cairo node is a texture the size of its
 * bounds: GSK clears, uploads and blends every pixel of it whenever it
 * changes. As one 1600×900 node each, the layers cost ~8 ms a frame each
 * under Mesa llvmpipe, though they are mostly empty. So:
 *
 *  - below: the background and the grid of line panels are colour nodes,
 *    pixel for pixel what cairo draws (ps_plot_gl_get_background()), and
 *    cairo is used only when that cannot be exact (spectrograms, unusual
 *    line widths);
 *  - above: the decorations are drawn once into a recording surface and
 *    replayed into cairo nodes covering only what lies outside the plot
 *    areas' interiors, plus any text or legend inside them.
 *
 * Both give the pixels of one ps_render_cairo_draw_parts() call (the
 * grid lines' ends aside, under the plot frame): compared with the
 * export's PNGs in tests/test-plot-view.c, only line pixels differ.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <math.h>

#include "ps-plot-view-private.h"
#include "ps-render-cairo.h"

/* Kept clear of the plot areas' edges: the frame and inward ticks. */
#define EDGE_MARGIN 2.0
/* Around texts and legend swatches: glyph overhang, antialiasing. */
#define INK_MARGIN  4.0

/* The integer rectangle around @r grown by @inflate. */
static cairo_rectangle_int_t
round_out (const PsRect *r,
           double        inflate)
{
  int x0 = (int) floor (r->x - inflate);
  int y0 = (int) floor (r->y - inflate);
  int x1 = (int) ceil (r->x + r->width + inflate);
  int y1 = (int) ceil (r->y + r->height + inflate);

  return (cairo_rectangle_int_t) { x0, y0, x1 - x0, y1 - y0 };
}

/* @parts of the figure, drawn once, replayed into one cairo node per
 * rectangle of @region (all of the widget if %NULL). */
static GskRenderNode *
cairo_layer (PsPlotView           *self,
             PsRenderParts         parts,
             const cairo_region_t *region)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  cairo_rectangle_t extents = { 0, 0, width, height };
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cairo_t *cr = cairo_create (recording);
  GskRenderNode *node;

  ps_render_cairo_draw_parts (cr, self->model, self->layout, &self->style, parts);
  cairo_destroy (cr);

  for (int i = 0; i < (region != NULL ? cairo_region_num_rectangles (region) : 1); i++)
    {
      cairo_rectangle_int_t r = { 0, 0, width, height };

      if (region != NULL)
        cairo_region_get_rectangle (region, i, &r);
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (r.x, r.y, r.width, r.height));
      cairo_set_source_surface (cr, recording, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  cairo_surface_destroy (recording);

  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return node != NULL ? node : gsk_container_node_new (NULL, 0);
}

/* Background, spectrogram gap colour and grids: under the data, as
 * colour nodes when rectangles can draw them. */
GskRenderNode *
_ps_plot_view_below_layer (PsPlotView *self)
{
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (PsPlotGlRect));
  double scale = ps_plot_layout_get_scale (self->layout);

  if (!ps_plot_gl_get_background (self->layout, &self->style, rects))
    return cairo_layer (self, PS_RENDER_BACKGROUND, NULL);

  snapshot = gtk_snapshot_new ();
  for (guint i = 0; i < rects->len; i++)
    {
      const PsPlotGlRect *r = &g_array_index (rects, PsPlotGlRect, i);

      gtk_snapshot_append_color (snapshot, &r->color,
                                 &GRAPHENE_RECT_INIT ((float) (r->x / scale), (float) (r->y / scale),
                                                      (float) (r->width / scale),
                                                      (float) (r->height / scale)));
    }
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* Axes, ticks, colour bars, legends and text: over the data. Nothing of
 * them lies inside a line panel's plot area, away from its edges, but
 * texts and legends placed there. */
GskRenderNode *
_ps_plot_view_above_layer (PsPlotView *self)
{
  cairo_rectangle_int_t all = { 0, 0, gtk_widget_get_width (GTK_WIDGET (self)),
                                gtk_widget_get_height (GTK_WIDGET (self)) };
  cairo_region_t *region = cairo_region_create_rectangle (&all);
  double inset = self->style.tick_length + self->style.axis_line_width + EDGE_MARGIN;
  GskRenderNode *node;

  for (guint i = 0; i < ps_plot_layout_get_n_panels (self->layout); i++)
    {
      const PsPlotPanelLayout *panel = ps_plot_layout_get_panel (self->layout, i);
      PsRect hole = { panel->plot.x + inset, panel->plot.y + inset,
                      panel->plot.width - 2 * inset, panel->plot.height - 2 * inset };
      cairo_rectangle_int_t r;

      if (panel->spectrogram || hole.width < 1 || hole.height < 1)
        continue;
      /* Rounded in, so that the hole is certainly empty */
      r.x = (int) ceil (hole.x);
      r.y = (int) ceil (hole.y);
      r.width = (int) floor (hole.x + hole.width) - r.x;
      r.height = (int) floor (hole.y + hole.height) - r.y;
      if (r.width > 0 && r.height > 0)
        cairo_region_subtract_rectangle (region, &r);
      for (guint k = 0; k < panel->legend_entries->len; k++)
        {
          const PsPlotLegendEntry *entry = &g_array_index (panel->legend_entries, PsPlotLegendEntry, k);
          cairo_rectangle_int_t swatch = round_out (&entry->swatch, INK_MARGIN);

          cairo_region_union_rectangle (region, &swatch);
        }
    }
  for (guint i = 0; i < ps_plot_layout_get_n_texts (self->layout); i++)
    {
      cairo_rectangle_int_t text = round_out (&ps_plot_layout_get_text (self->layout, i)->rect,
                                              INK_MARGIN);

      cairo_region_union_rectangle (region, &text);
    }
  cairo_region_intersect_rectangle (region, &all);

  node = cairo_layer (self, PS_RENDER_DECORATIONS, region);
  cairo_region_destroy (region);
  return node;
}
