/* ps-plot-view-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by ps-plot-view.c (the object, its layout and snapshot),
 * ps-plot-view-gl.c (the data, drawn with OpenGL) and
 * ps-plot-view-input.c (pointer and keyboard) and
 * ps-plot-view-cursor.c (the cursor line's tooltip).
 */
#pragma once

#include "ps-plot-layout.h"
#include "ps-plot-style.h"
#include "ps-plot-view.h"
#include "ps-plot-view-gl.h"

G_BEGIN_DECLS

typedef enum
{
  PS_PLOT_DRAG_NONE,
  PS_PLOT_DRAG_PAN,
  PS_PLOT_DRAG_BOX,
  PS_PLOT_DRAG_RESIZE,
} PsPlotDragMode;

struct _PsPlotView
{
  GtkWidget      parent_instance;

  PsPlotModel   *model;
  PsTimeAxis    *time_axis;
  PsPlotStyle    style;
  PangoContext  *pango;
  GCancellable  *cancellable;  /* pyramid builds; cancelled in dispose */
  GHashTable    *building;     /* PsSeries whose pyramid is being built */

  /* Made on demand, dropped when the model, range or size changes. */
  PsPlotLayout  *layout;
  GskRenderNode *below;        /* background, grids (under the data) */
  GskRenderNode *above;        /* axes, legends, text (over the data) */

  /* Spectrograms, rasterised on a worker (ps-plot-view-spectrogram.c) */
  GdkTexture    *spectro_texture;
  PsPlotLayout  *spectro_layout; /* what the texture was drawn for */
  gboolean       spectro_busy;

  GtkWidget     *gl_area;
  PsPlotGl      *gl;

  /* Box zoom (right drag, Ctrl+drag) and panel resizing (dragging the
   * gap between two panels): ps-plot-view-input.c */
  PsPlotDragMode drag_mode;
  double         drag_x;       /* where it started, in the view */
  double         drag_y;
  double         drag_dx;      /* how far the pointer went */
  double         drag_dy;
  int            drag_panel;   /* box: its panel; resize: the one above */
  double         resize_height; /* the two panels' heights, at the start */
  double         resize_weight; /* and their weights */
  int            drop_panel;   /* highlighted for a drop; -1: none */

  /* The panel menu (ps-plot-view-menu.c) */
  GtkWidget     *menu;
  GtkWidget     *range_popover;
  GActionGroup  *panel_actions;
  int            menu_panel;

  /* Interaction */
  PsTimeRange    drag_range;   /* at the start of a drag */
  double         drag_width;   /* of the plot areas, then */
  gboolean       dragging;
  double         pointer_x;    /* for the cursor line; < 0: none */
  double         pointer_y;
  gboolean       show_cursor;  /* the line and its tooltip */
};

/* ps-plot-view.c */
PsPlotLayout *_ps_plot_view_ensure_layout  (PsPlotView *self);
void          _ps_plot_view_invalidate     (PsPlotView *self);
int           _ps_plot_view_panel_at       (PsPlotView *self,
                                            double      x,
                                            double      y);

/* ps-plot-view-layers.c */
GskRenderNode *_ps_plot_view_below_layer   (PsPlotView *self);
GskRenderNode *_ps_plot_view_above_layer   (PsPlotView *self);

/* ps-plot-view-spectrogram.c */
void          _ps_plot_view_snapshot_spectrograms (PsPlotView  *self,
                                                   GtkSnapshot *snapshot);

/* ps-plot-view-input.c: controllers, and the handlers they call (the
 * tests call them directly, with made-up positions). */
void          _ps_plot_view_init_input     (PsPlotView *self);
void          _ps_plot_view_scroll         (PsPlotView *self,
                                            double      x,
                                            double      y,
                                            double      dy,
                                            gboolean    y_axis);
void          _ps_plot_view_drag_begin     (PsPlotView *self);
void          _ps_plot_view_drag_update    (PsPlotView *self,
                                            double      offset_x);
void          _ps_plot_view_reset_y        (PsPlotView *self,
                                            double      x,
                                            double      y);
void          _ps_plot_view_zoom_time      (PsPlotView *self,
                                            double      factor,
                                            PsTime      center);

void          _ps_plot_view_box_begin      (PsPlotView *self,
                                            double      x,
                                            double      y);
void          _ps_plot_view_box_update     (PsPlotView *self,
                                            double      dx,
                                            double      dy);
void          _ps_plot_view_box_end        (PsPlotView *self);
int           _ps_plot_view_separator_at   (PsPlotView *self,
                                            double      x,
                                            double      y);
void          _ps_plot_view_resize_begin   (PsPlotView *self,
                                            int         upper);
void          _ps_plot_view_resize_update  (PsPlotView *self,
                                            double      dy);
void          _ps_plot_view_snapshot_feedback (PsPlotView  *self,
                                               GtkSnapshot *snapshot);

/* ps-plot-view-menu.c: a panel's menu (scale, range, removal) */
void          _ps_plot_view_init_menu      (PsPlotView *self);
void          _ps_plot_view_dispose_menu   (PsPlotView *self);
void          _ps_plot_view_popup_menu     (PsPlotView *self,
                                            double      x,
                                            double      y);
gboolean      _ps_plot_view_set_y_range    (PsPlotView *self,
                                            int         panel,
                                            const char *min_text,
                                            const char *max_text,
                                            GError    **error);
void          _ps_plot_view_set_y_log      (PsPlotView *self,
                                            int         panel,
                                            gboolean    log_scale);

/* ps-plot-view-cursor.c: the cursor's tooltip */
void          _ps_plot_view_init_cursor    (PsPlotView *self);
char         *_ps_plot_view_cursor_markup  (PsPlotView *self,
                                            double      x);

/* Test helpers */
gboolean      _ps_plot_view_is_ready       (PsPlotView *self);
guint         _ps_plot_view_get_n_renders  (PsPlotView *self);

G_END_DECLS
