/* ps-plot-style.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsPlotStyle: what a plot looks like, apart from its data: colours of the
 * light and dark themes, the component palette (Okabe–Ito, safe for the
 * common colour-vision deficiencies), fonts, line widths and spacings.
 * Lengths are in logical pixels (device pixels = logical × scale).
 * A plain struct, copied by value; the layout and both renderers (cairo
 * and GL) read the same one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PS_PLOT_THEME_LIGHT,
  PS_PLOT_THEME_DARK,
} PsPlotTheme;

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} PsColor;

#define PS_PLOT_STYLE_N_PALETTE 8

typedef struct
{
  PsPlotTheme theme;

  PsColor     background;
  PsColor     foreground;     /* axes, ticks, labels */
  PsColor     muted;          /* context date label, legend frame */
  PsColor     grid;
  PsColor     missing;        /* plot area behind spectrogram gaps */
  PsColor     palette[PS_PLOT_STYLE_N_PALETTE];

  char       *font_family;
  double      tick_font_size;  /* logical pixels */
  double      label_font_size;

  double      line_width;      /* data lines */
  double      axis_line_width;
  double      grid_line_width;
  double      tick_length;
  double      tick_label_gap;  /* between a tick and its label */
  double      title_gap;       /* between tick labels and an axis title */
  double      margin;          /* around the whole figure */
  double      panel_gap;       /* between stacked panels */
  double      legend_gap;      /* between a plot area and its legend */
  double      legend_swatch;   /* length of a legend line sample */
  double      colorbar_width;
} PsPlotStyle;

void           ps_plot_style_init          (PsPlotStyle       *style,
                                            PsPlotTheme        theme);
void           ps_plot_style_clear         (PsPlotStyle       *style);
gboolean       ps_plot_theme_from_string   (const char        *text,
                                            PsPlotTheme       *theme);
const PsColor *ps_plot_style_component_color (const PsPlotStyle *style,
                                              guint              n_components,
                                              guint              component);

G_END_DECLS
