/* ps-plot-layout.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The geometry of a panel stack. Panels share one time axis, so every plot
 * area has the same x and width: the left column is as wide as the widest
 * y axis (tick labels and title) of any panel, the right column as wide as
 * the widest legend or colour bar. The time tick labels and the context
 * date sit once, below the bottom panel.
 *
 *   margin ┌──────┬──────────────────────────┬────────────┐
 *          │ y ax │ plot 0                   │ legend     │
 *          ├──────┼──────────────────────────┼────────────┤ panel_gap
 *          │ y ax │ plot 1                   │ ▮ colorbar │
 *          └──────┼──────────────────────────┼────────────┘
 *                 │ 12:00   12:30   13:00    │ time axis
 *                 │ 2020-01-04           UTC │
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "ps-plot-layout-private.h"

/* Between a legend line sample and its label */
#define LEGEND_SWATCH_GAP 6.0
/* Between the time tick labels and the context label */
#define CONTEXT_GAP 3.0

G_DEFINE_BOXED_TYPE (PsPlotLayout, ps_plot_layout, ps_plot_layout_ref, ps_plot_layout_unref)

static void
text_clear (gpointer data)
{
  PsPlotText *text = data;

  g_free (text->markup);
}

static void
panel_layout_clear (gpointer data)
{
  PsPlotPanelLayout *panel = data;

  g_clear_pointer (&panel->y_ticks, g_array_unref);
  g_clear_pointer (&panel->z_ticks, g_array_unref);
  g_clear_pointer (&panel->legend_entries, g_array_unref);
  g_clear_pointer (&panel->line_colors, g_array_unref);
}

/**
 * ps_plot_layout_create_context:
 *
 * A Pango context to measure plot text with: unhinted metrics, so that
 * text measures the same at every scale and on every surface.
 *
 * Returns: (transfer full): a new context
 */
/* A font map warmed on a thread (ps_plot_layout_preload_fonts()) */
static GThread *preload_thread;
static GThread *preload_owner;

static gpointer
preload_fonts (gpointer data)
{
  g_autofree char *family = data;
  PangoFontMap *map = pango_cairo_font_map_new ();
  PangoContext *context = pango_font_map_create_context (map);
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (family);

  /* Reads fontconfig's configuration and caches, and opens the face. */
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, "0123456789:− UTC", -1);
  pango_layout_get_extents (layout, NULL, NULL);
  pango_font_description_free (font);
  g_object_unref (layout);
  g_object_unref (context);
  return map;
}

/**
 * ps_plot_layout_preload_fonts:
 * @family: the font family the plots will use
 *
 * Starts loading fonts on a thread, for a short-lived process whose first
 * layout would otherwise wait for fontconfig (~10 ms): the next
 * ps_plot_layout_create_context() on this thread takes the loaded font
 * map as the thread's default.
 */
void
ps_plot_layout_preload_fonts (const char *family)
{
  g_return_if_fail (family != NULL);

  if (preload_thread != NULL)
    return;
  preload_owner = g_thread_self ();
  preload_thread = g_thread_try_new ("ps-fonts", preload_fonts, g_strdup (family), NULL);
}

PangoContext *
ps_plot_layout_create_context (void)
{
  PangoContext *context;
  cairo_font_options_t *options;

  if (preload_thread != NULL && g_thread_self () == preload_owner)
    {
      PangoFontMap *map = g_thread_join (g_steal_pointer (&preload_thread));

      pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (map));
      g_object_unref (map);
    }
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  return context;
}

static char *
strip_scripts (const char *markup)
{
  const char *tags[] = { "<sup>", "</sup>", "<sub>", "</sub>" };
  g_autoptr(GString) out = g_string_new (markup);

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    g_string_replace (out, tags[i], "", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

int
_ps_plot_layout_add_text (PsPlotLayout *self,
                          PsPlotFont    font,
                          char         *markup,
                          gboolean      vertical,
                          double        max_length)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (self->context);
  PsPlotText text = { 0 };
  int w, h;

  pango_layout_set_font_description (layout, self->fonts[font]);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (max_length > 0 && w > max_length)
    {
      /* Pango 1.50 mishandles ellipsised <sup> and <sub> ("Leftover font
       * scales"): a title that must be cut loses them. */
      if (strstr (markup, "<su") != NULL)
        {
          char *plain = strip_scripts (markup);

          g_free (markup);
          markup = plain;
          pango_layout_set_markup (layout, markup, -1);
        }
      pango_layout_set_width (layout, (int) (max_length * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &w, &h);
    }

  text.markup = markup;
  text.font = font;
  text.vertical = vertical;
  text.max_length = max_length;
  text.rect.width = vertical ? h : w;
  text.rect.height = vertical ? w : h;
  g_array_append_val (self->texts, text);
  return self->texts->len - 1;
}

PsPlotText *
_ps_plot_layout_text (PsPlotLayout *self,
                      int           index)
{
  g_assert (index >= 0 && (guint) index < self->texts->len);

  return &g_array_index (self->texts, PsPlotText, index);
}

static double
font_height (PsPlotLayout *self,
             PsPlotFont    font)
{
  PangoFontMetrics *metrics = pango_context_get_metrics (self->context, self->fonts[font], NULL);
  double height = (double) pango_font_metrics_get_height (metrics) / PANGO_SCALE;

  pango_font_metrics_unref (metrics);
  return height;
}

static double
text_width (PsPlotLayout *self,
            PsPlotFont    font,
            const char   *plain)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (self->context);
  int w;

  pango_layout_set_font_description (layout, self->fonts[font]);
  pango_layout_set_text (layout, plain, -1);
  pango_layout_get_pixel_size (layout, &w, NULL);
  return w;
}

/* Legend entries (texts only, placed later) and the colour of every line. */
static double
make_legend (PsPlotLayout      *self,
             const PsPlotPanel *panel,
             PsPlotPanelLayout *out)
{
  guint total = 0, c = 0;
  double widest = 0.0;

  for (guint k = 0; k < panel->series->len; k++)
    total += ps_series_get_m (g_ptr_array_index (panel->series, k));

  for (guint k = 0; k < panel->series->len; k++)
    {
      PsSeries *series = g_ptr_array_index (panel->series, k);
      guint m = ps_series_get_m (series);

      for (guint j = 0; j < m; j++, c++)
        {
          PsPlotLegendEntry entry = { 0 };
          const char *label = m > 1 ? ps_series_get_label (series, j) : ps_series_get_name (series);

          entry.color = *ps_plot_style_component_color (&self->style, total, c);
          g_array_append_val (out->line_colors, entry.color);
          if (total <= 1)
            continue;
          entry.text = _ps_plot_layout_add_text (self, PS_PLOT_FONT_TICK,
                                                 g_markup_escape_text (label != NULL ? label : "", -1),
                                                 FALSE, -1);
          widest = MAX (widest, _ps_plot_layout_text (self, entry.text)->rect.width);
          g_array_append_val (out->legend_entries, entry);
        }
    }
  if (out->legend_entries->len == 0)
    return 0.0;
  return self->style.legend_gap + self->style.legend_swatch + LEGEND_SWATCH_GAP + widest;
}

static void
place_legend (PsPlotLayout      *self,
              PsPlotPanelLayout *out)
{
  double x = out->plot.x + out->plot.width + self->style.legend_gap;
  double y = out->plot.y;
  double width = 0.0;

  for (guint i = 0; i < out->legend_entries->len; i++)
    {
      PsPlotLegendEntry *entry = &g_array_index (out->legend_entries, PsPlotLegendEntry, i);
      PsPlotText *text = _ps_plot_layout_text (self, entry->text);

      entry->swatch.x = x;
      entry->swatch.y = y + text->rect.height / 2.0 - self->style.line_width;
      entry->swatch.width = self->style.legend_swatch;
      entry->swatch.height = 2.0 * self->style.line_width;
      text->rect.x = x + self->style.legend_swatch + LEGEND_SWATCH_GAP;
      text->rect.y = y;
      width = MAX (width, text->rect.x + text->rect.width - x);
      y += text->rect.height;
    }
  if (out->legend_entries->len > 0)
    out->legend = (PsRect) { x, out->plot.y, width, y - out->plot.y };
}

/* The colour bar's ticks and title; returns the width it needs right of
 * the plot. */
static double
make_colorbar (PsPlotLayout      *self,
               const PsPlotPanel *panel,
               PsPlotPanelLayout *out,
               int               *title)
{
  const PsPlotStyle *style = &self->style;
  double widest = 0.0;

  _ps_plot_layout_value_ticks (self, out->z_norm.min, out->z_norm.max, out->z_norm.log,
                               out->plot.y, out->plot.height, out->z_ticks, &widest);
  *title = _ps_plot_layout_add_text (self, PS_PLOT_FONT_LABEL, _ps_plot_layout_z_title (panel),
                                     TRUE, out->plot.height);
  return style->legend_gap + style->colorbar_width + style->tick_length + style->tick_label_gap
         + widest + style->title_gap + _ps_plot_layout_text (self, *title)->rect.width;
}

static void
place_colorbar (PsPlotLayout      *self,
                PsPlotPanelLayout *out,
                int                title)
{
  const PsPlotStyle *style = &self->style;
  double label_x, widest = 0.0;
  PsPlotText *text;

  out->colorbar = (PsRect) { out->plot.x + out->plot.width + style->legend_gap, out->plot.y,
                             style->colorbar_width, out->plot.height };
  label_x = out->colorbar.x + out->colorbar.width + style->tick_length + style->tick_label_gap;
  for (guint i = 0; i < out->z_ticks->len; i++)
    {
      const PsPlotTick *tick = &g_array_index (out->z_ticks, PsPlotTick, i);

      if (tick->text < 0)
        continue;
      text = _ps_plot_layout_text (self, tick->text);
      text->rect.x = label_x;
      widest = MAX (widest, text->rect.width);
    }
  text = _ps_plot_layout_text (self, title);
  text->rect.x = label_x + widest + style->title_gap;
  text->rect.y = out->plot.y + (out->plot.height - text->rect.height) / 2.0;
  out->colorbar_axis = (PsRect) { out->colorbar.x + out->colorbar.width, out->plot.y,
                                  text->rect.x + text->rect.width - out->colorbar.x - out->colorbar.width,
                                  out->plot.height };
}

static void
place_y_axis (PsPlotLayout      *self,
              PsPlotPanelLayout *out,
              int                title,
              double             left)
{
  const PsPlotStyle *style = &self->style;
  PsPlotText *text;

  for (guint i = 0; i < out->y_ticks->len; i++)
    {
      const PsPlotTick *tick = &g_array_index (out->y_ticks, PsPlotTick, i);

      if (tick->text < 0)
        continue;
      text = _ps_plot_layout_text (self, tick->text);
      text->rect.x = out->plot.x - style->tick_length - style->tick_label_gap - text->rect.width;
    }
  text = _ps_plot_layout_text (self, title);
  text->rect.x = left;
  text->rect.y = out->plot.y + (out->plot.height - text->rect.height) / 2.0;
  out->y_axis = (PsRect) { left, out->plot.y, out->plot.x - left, out->plot.height };
}

static void
place_time_axis (PsPlotLayout *self,
                 const PsRect *plot,
                 double        bottom)
{
  const PsPlotStyle *style = &self->style;
  double label_y = plot->y + plot->height + style->tick_length + style->tick_label_gap;
  double row = font_height (self, PS_PLOT_FONT_TICK);
  g_autofree char *context = NULL;
  PsPlotText *text;
  int utc;

  context = _ps_plot_layout_time_ticks (self, plot, text_width (self, PS_PLOT_FONT_TICK, "12:30:15"));
  for (guint i = 0; i < self->time_ticks->len; i++)
    {
      const PsPlotTick *tick = &g_array_index (self->time_ticks, PsPlotTick, i);

      if (tick->text >= 0)
        _ps_plot_layout_text (self, tick->text)->rect.y = label_y;
    }

  if (context != NULL)
    {
      text = _ps_plot_layout_text (self, _ps_plot_layout_add_text (self, PS_PLOT_FONT_TICK,
                                                                   g_steal_pointer (&context),
                                                                   FALSE, -1));
      text->rect.x = plot->x;
      text->rect.y = label_y + row + CONTEXT_GAP;
      text->muted = TRUE;
    }
  utc = _ps_plot_layout_add_text (self, PS_PLOT_FONT_TICK, g_strdup ("UTC"), FALSE, -1);
  text = _ps_plot_layout_text (self, utc);
  text->rect.x = plot->x + plot->width - text->rect.width;
  text->rect.y = label_y + row + CONTEXT_GAP;
  text->muted = TRUE;

  self->time_axis = (PsRect) { plot->x, plot->y + plot->height, plot->width, bottom };
}

/* Says so in the middle of an empty plot, rather than leave the reader
 * wondering. */
static void
place_no_data (PsPlotLayout      *self,
               PsPlotPanelLayout *out)
{
  int index = _ps_plot_layout_add_text (self, PS_PLOT_FONT_LABEL,
                                        g_markup_escape_text (_("No data in this time range"), -1),
                                        FALSE, out->plot.width);
  PsPlotText *text = _ps_plot_layout_text (self, index);

  text->rect.x = out->plot.x + (out->plot.width - text->rect.width) / 2.0;
  text->rect.y = out->plot.y + (out->plot.height - text->rect.height) / 2.0;
  text->muted = TRUE;
}

static void
lay_out (PsPlotLayout *self,
         PsPlotModel  *model)
{
  const PsPlotStyle *style = &self->style;
  guint n = ps_plot_model_get_n_panels (model);
  double tick_h = font_height (self, PS_PLOT_FONT_TICK);
  double bottom = style->tick_length + style->tick_label_gap + 2.0 * tick_h + CONTEXT_GAP;
  double avail = self->height - 2.0 * style->margin - bottom - (n > 0 ? n - 1 : 0) * style->panel_gap;
  double total_weight = 0.0, y;
  double left = 0.0, right, plot_x, plot_w;
  g_autofree int *y_titles = g_new0 (int, MAX (n, 1));
  g_autofree int *z_titles = g_new0 (int, MAX (n, 1));

  /* The widest time label, centred on the last tick, must fit. */
  right = text_width (self, PS_PLOT_FONT_TICK, "00:00:00.000") / 2.0;

  for (guint i = 0; i < n; i++)
    total_weight += ps_plot_model_get_panel (model, i)->weight;
  y = style->margin;
  for (guint i = 0; i < n; i++)
    {
      const PsPlotPanel *panel = ps_plot_model_get_panel (model, i);
      PsPlotPanelLayout *out = &g_array_index (self->panels, PsPlotPanelLayout, i);
      double panel_h = MAX (avail * panel->weight / total_weight, 1.0);
      double widest = 0.0, needed;

      _ps_plot_layout_resolve_panel (self, panel, out);
      out->plot.y = y;
      out->plot.height = panel_h;
      y += panel_h + style->panel_gap;

      _ps_plot_layout_value_ticks (self, out->y_min, out->y_max, out->y_log,
                                   out->plot.y, panel_h, out->y_ticks, &widest);
      y_titles[i] = _ps_plot_layout_add_text (self, PS_PLOT_FONT_LABEL, _ps_plot_layout_y_title (panel),
                                              TRUE, panel_h);
      left = MAX (left, _ps_plot_layout_text (self, y_titles[i])->rect.width + style->title_gap
                        + widest + style->tick_label_gap + style->tick_length);

      /* (Not inside MAX (), which would evaluate them twice.) */
      if (out->spectrogram)
        needed = make_colorbar (self, panel, out, &z_titles[i]);
      else
        needed = make_legend (self, panel, out);
      right = MAX (right, needed);
    }

  plot_x = style->margin + left;
  plot_w = MAX (self->width - plot_x - style->margin - right, 1.0);
  for (guint i = 0; i < n; i++)
    {
      PsPlotPanelLayout *out = &g_array_index (self->panels, PsPlotPanelLayout, i);

      out->plot.x = plot_x;
      out->plot.width = plot_w;
      place_y_axis (self, out, y_titles[i], style->margin);
      if (out->spectrogram)
        place_colorbar (self, out, z_titles[i]);
      else
        place_legend (self, out);
      if (!out->has_data)
        place_no_data (self, out);
    }
  if (n > 0)
    place_time_axis (self, &g_array_index (self->panels, PsPlotPanelLayout, n - 1).plot, bottom);
}

/**
 * ps_plot_layout_new:
 * @context: (nullable): the Pango context to measure text with, or %NULL
 *   for ps_plot_layout_create_context()'s
 * @width: logical width of the surface
 * @height: logical height
 * @scale: device pixels per logical pixel
 *
 * Lays out @model. The data ranges come from the series as they are now.
 *
 * Returns: (transfer full): the layout
 */
PsPlotLayout *
ps_plot_layout_new (PsPlotModel       *model,
                    const PsPlotStyle *style,
                    PangoContext      *context,
                    double             width,
                    double             height,
                    double             scale)
{
  PsPlotLayout *self;
  double sizes[2];
  guint n;

  g_return_val_if_fail (PS_IS_PLOT_MODEL (model), NULL);
  g_return_val_if_fail (style != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && scale > 0, NULL);

  self = g_new0 (PsPlotLayout, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->width = width;
  self->height = height;
  self->scale = scale;
  self->range = *ps_plot_model_get_time_range (model);
  self->style = *style;
  self->style.font_family = g_strdup (style->font_family);
  self->context = context != NULL ? g_object_ref (context) : ps_plot_layout_create_context ();

  sizes[PS_PLOT_FONT_TICK] = style->tick_font_size;
  sizes[PS_PLOT_FONT_LABEL] = style->label_font_size;
  for (guint f = 0; f < G_N_ELEMENTS (self->fonts); f++)
    {
      self->fonts[f] = pango_font_description_new ();
      pango_font_description_set_family (self->fonts[f], style->font_family);
      pango_font_description_set_absolute_size (self->fonts[f], sizes[f] * PANGO_SCALE);
    }

  self->texts = g_array_new (FALSE, TRUE, sizeof (PsPlotText));
  g_array_set_clear_func (self->texts, text_clear);
  self->time_ticks = g_array_new (FALSE, TRUE, sizeof (PsPlotTick));
  n = ps_plot_model_get_n_panels (model);
  self->panels = g_array_sized_new (FALSE, TRUE, sizeof (PsPlotPanelLayout), n);
  g_array_set_clear_func (self->panels, panel_layout_clear);
  g_array_set_size (self->panels, n);
  for (guint i = 0; i < n; i++)
    {
      PsPlotPanelLayout *out = &g_array_index (self->panels, PsPlotPanelLayout, i);

      out->y_ticks = g_array_new (FALSE, TRUE, sizeof (PsPlotTick));
      out->z_ticks = g_array_new (FALSE, TRUE, sizeof (PsPlotTick));
      out->legend_entries = g_array_new (FALSE, TRUE, sizeof (PsPlotLegendEntry));
      out->line_colors = g_array_new (FALSE, TRUE, sizeof (PsColor));
    }

  if (ps_time_range_is_valid (&self->range) && !ps_time_range_is_empty (&self->range))
    lay_out (self, model);
  return self;
}

PsPlotLayout *
ps_plot_layout_ref (PsPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ps_plot_layout_unref (PsPlotLayout *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_array_unref (self->texts);
  g_array_unref (self->time_ticks);
  g_array_unref (self->panels);
  for (guint f = 0; f < G_N_ELEMENTS (self->fonts); f++)
    pango_font_description_free (self->fonts[f]);
  g_object_unref (self->context);
  ps_plot_style_clear (&self->style);
  g_free (self);
}
