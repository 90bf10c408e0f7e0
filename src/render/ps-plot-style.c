/* ps-plot-style.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include "ps-plot-style.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

/* Okabe & Ito, "Color Universal Design" (2008), in the order that gives
 * vectors the usual x, y, z = blue, green, red reading. Slot 3 is the
 * theme's "black" (a magnitude drawn next to its components). */
static const PsColor okabe_ito_light[PS_PLOT_STYLE_N_PALETTE] = {
  RGB (0x0072B2), /* blue */
  RGB (0x009E73), /* bluish green */
  RGB (0xD55E00), /* vermillion */
  RGB (0x000000), /* black */
  RGB (0xE69F00), /* orange */
  RGB (0x56B4E9), /* sky blue */
  RGB (0xCC79A7), /* reddish purple */
  RGB (0xF0E442), /* yellow, last: faint on white */
};

/* The same hues, lifted for a dark background. */
static const PsColor okabe_ito_dark[PS_PLOT_STYLE_N_PALETTE] = {
  RGB (0x56B4E9), /* sky blue stands in for blue */
  RGB (0x2CC99A),
  RGB (0xF07A2A),
  RGB (0xE8E8E8), /* white-ish for black */
  RGB (0xE69F00),
  RGB (0x0094E0),
  RGB (0xCC79A7),
  RGB (0xF0E442),
};

void
ps_plot_style_init (PsPlotStyle *style,
                    PsPlotTheme  theme)
{
  static const PsColor light_bg = RGB (0xFFFFFF), light_fg = RGB (0x1A1A1A);
  static const PsColor light_muted = RGB (0x5E5E5E), light_grid = RGB (0xE4E4E4);
  static const PsColor light_missing = RGB (0xFFFFFF);
  static const PsColor dark_bg = RGB (0x1E1E1E), dark_fg = RGB (0xE6E6E6);
  static const PsColor dark_muted = RGB (0xA8A8A8), dark_grid = RGB (0x383838);
  static const PsColor dark_missing = RGB (0x1E1E1E);
  gboolean dark = theme == PS_PLOT_THEME_DARK;

  g_return_if_fail (style != NULL);

  style->theme = theme;
  style->background = dark ? dark_bg : light_bg;
  style->foreground = dark ? dark_fg : light_fg;
  style->muted = dark ? dark_muted : light_muted;
  style->grid = dark ? dark_grid : light_grid;
  style->missing = dark ? dark_missing : light_missing;
  for (guint i = 0; i < PS_PLOT_STYLE_N_PALETTE; i++)
    style->palette[i] = dark ? okabe_ito_dark[i] : okabe_ito_light[i];

  style->font_family = g_strdup ("Sans");
  style->tick_font_size = 12.0;
  style->label_font_size = 13.0;

  style->line_width = 1.0;
  style->axis_line_width = 1.0;
  style->grid_line_width = 0.75;
  style->tick_length = 5.0;
  style->tick_label_gap = 4.0;
  style->title_gap = 8.0;
  style->margin = 12.0;
  style->panel_gap = 10.0;
  style->legend_gap = 10.0;
  style->legend_swatch = 18.0;
  style->colorbar_width = 14.0;
}

void
ps_plot_style_clear (PsPlotStyle *style)
{
  g_return_if_fail (style != NULL);

  g_clear_pointer (&style->font_family, g_free);
}

gboolean
ps_plot_theme_from_string (const char  *text,
                           PsPlotTheme *theme)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (theme != NULL, FALSE);

  if (g_str_equal (text, "light"))
    *theme = PS_PLOT_THEME_LIGHT;
  else if (g_str_equal (text, "dark"))
    *theme = PS_PLOT_THEME_DARK;
  else
    return FALSE;
  return TRUE;
}

/**
 * ps_plot_style_component_color:
 *
 * The colour of component @component of a series with @n_components: a
 * lone line takes the foreground colour, as in a printed figure; several
 * components walk the palette.
 */
const PsColor *
ps_plot_style_component_color (const PsPlotStyle *style,
                               guint              n_components,
                               guint              component)
{
  g_return_val_if_fail (style != NULL, NULL);

  if (n_components <= 1)
    return &style->foreground;
  return &style->palette[component % PS_PLOT_STYLE_N_PALETTE];
}
