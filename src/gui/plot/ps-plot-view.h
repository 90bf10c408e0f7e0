/* ps-plot-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsPlotView: the interactive plot of a PsPlotModel (a stack of panels)
 * on a window's shared PsTimeAxis. Data goes through OpenGL, everything
 * else (axes, ticks, legends, text) through the render library's layout
 * and cairo drawing, so it looks like the exported figures.
 */
#pragma once

#include <gtk/gtk.h>

#include "ps-plot-model.h"
#include "ps-time-axis.h"

G_BEGIN_DECLS

#define PS_TYPE_PLOT_VIEW (ps_plot_view_get_type ())

G_DECLARE_FINAL_TYPE (PsPlotView, ps_plot_view, PS, PLOT_VIEW, GtkWidget)

GtkWidget   *ps_plot_view_new           (void);

PsPlotModel *ps_plot_view_get_model     (PsPlotView  *self);
void         ps_plot_view_set_model     (PsPlotView  *self,
                                         PsPlotModel *model);
PsTimeAxis  *ps_plot_view_get_time_axis (PsPlotView  *self);
void         ps_plot_view_set_time_axis (PsPlotView  *self,
                                         PsTimeAxis  *time_axis);
gboolean     ps_plot_view_get_show_cursor (PsPlotView *self);
void         ps_plot_view_set_show_cursor (PsPlotView *self,
                                           gboolean    show_cursor);
void         ps_plot_view_show_all      (PsPlotView  *self);
int          ps_plot_view_get_panel_at  (PsPlotView  *self,
                                         double       x,
                                         double       y);
void         ps_plot_view_set_drop_highlight (PsPlotView *self,
                                              int         panel);

G_END_DECLS
