/* ps-plot-layout.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsPlotLayout: a PsPlotModel laid out on a surface of a given logical size
 * and scale — every rectangle (plot areas, axis label areas, legends,
 * colour bars), the resolved axis ranges and scales, the ticks, and every
 * piece of text with its box, measured with Pango. Pure geometry: the
 * cairo renderer (ps-render-cairo.h) and the GL widget draw the same
 * layout, so they agree to the pixel.
 *
 * Coordinates are logical pixels, y down, origin at the top-left corner;
 * device pixels are logical × scale. Immutable once made; refcounted.
 */
#pragma once

#include <pango/pango.h>

#include "ps-colormap.h"
#include "ps-plot-model.h"
#include "ps-plot-style.h"

G_BEGIN_DECLS

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} PsRect;

typedef enum
{
  PS_PLOT_FONT_TICK,
  PS_PLOT_FONT_LABEL,
} PsPlotFont;

typedef struct
{
  char       *markup;   /* Pango markup */
  PsRect      rect;     /* where it goes (for vertical text, the rotated box) */
  PsPlotFont  font;
  gboolean    vertical; /* reads bottom to top */
  double      max_length; /* ellipsised beyond this many pixels; < 0: never */
  gboolean    muted;    /* drawn in the muted colour */
} PsPlotText;

typedef struct
{
  double   position; /* along the axis, logical pixels (x for time, y for values) */
  gboolean major;
  int      text;     /* index of its label in the texts, or -1 */
} PsPlotTick;

typedef struct
{
  PsRect  swatch;    /* the line sample */
  PsColor color;
  int     text;
} PsPlotLegendEntry;

typedef struct
{
  PsRect      plot;          /* the data area */
  PsRect      y_axis;        /* tick labels and title, left of the plot */
  PsRect      legend;        /* right of the plot; empty when none */
  PsRect      colorbar;      /* the bar; empty unless a spectrogram */
  PsRect      colorbar_axis; /* the bar's tick labels and title */

  gboolean    spectrogram;
  double      y_min;         /* bottom of the plot */
  double      y_max;         /* top */
  gboolean    y_log;
  gboolean    has_data;      /* something finite in range */
  PsColorNorm z_norm;
  PsColormap  colormap;

  GArray     *y_ticks;       /* of PsPlotTick */
  GArray     *z_ticks;       /* of PsPlotTick, positions along the bar (y) */
  GArray     *legend_entries; /* of PsPlotLegendEntry */
  GArray     *line_colors;   /* of PsColor: each component of each series, in order */
} PsPlotPanelLayout;

typedef struct _PsPlotLayout PsPlotLayout;

#define PS_TYPE_PLOT_LAYOUT (ps_plot_layout_get_type ())

GType                    ps_plot_layout_get_type        (void) G_GNUC_CONST;

PsPlotLayout            *ps_plot_layout_new             (PsPlotModel       *model,
                                                         const PsPlotStyle *style,
                                                         PangoContext      *context,
                                                         double             width,
                                                         double             height,
                                                         double             scale);
PsPlotLayout            *ps_plot_layout_ref             (PsPlotLayout      *self);
void                     ps_plot_layout_unref           (PsPlotLayout      *self);

void                     ps_plot_layout_preload_fonts   (const char        *family);
PangoContext            *ps_plot_layout_create_context  (void);

double                   ps_plot_layout_get_width       (PsPlotLayout      *self);
double                   ps_plot_layout_get_height      (PsPlotLayout      *self);
double                   ps_plot_layout_get_scale       (PsPlotLayout      *self);
const PsTimeRange       *ps_plot_layout_get_time_range  (PsPlotLayout      *self);
PangoContext            *ps_plot_layout_get_context     (PsPlotLayout      *self);
const PangoFontDescription *ps_plot_layout_get_font     (PsPlotLayout      *self,
                                                         PsPlotFont         font);

guint                    ps_plot_layout_get_n_panels    (PsPlotLayout      *self);
const PsPlotPanelLayout *ps_plot_layout_get_panel       (PsPlotLayout      *self,
                                                         guint              panel);
const PsRect            *ps_plot_layout_get_time_axis   (PsPlotLayout      *self);
GArray                  *ps_plot_layout_get_time_ticks  (PsPlotLayout      *self);
guint                    ps_plot_layout_get_n_texts     (PsPlotLayout      *self);
const PsPlotText        *ps_plot_layout_get_text        (PsPlotLayout      *self,
                                                         guint              index);

double                   ps_plot_layout_time_to_x       (PsPlotLayout      *self,
                                                         PsTime             t);
PsTime                   ps_plot_layout_x_to_time       (PsPlotLayout      *self,
                                                         double             x);
double                   ps_plot_panel_layout_value_to_y (const PsPlotPanelLayout *panel,
                                                          double                   value);
double                   ps_plot_panel_layout_y_to_value (const PsPlotPanelLayout *panel,
                                                          double                   y);

gboolean                 ps_rect_is_empty               (const PsRect      *rect);
gboolean                 ps_rect_intersects             (const PsRect      *a,
                                                         const PsRect      *b);
gboolean                 ps_rect_contains_rect          (const PsRect      *outer,
                                                         const PsRect      *inner);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsPlotLayout, ps_plot_layout_unref)

G_END_DECLS
