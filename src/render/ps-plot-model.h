/* ps-plot-model.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsPlotModel: what a panel stack shows, independently of any surface: a
 * shared time range and panels stacked top to bottom, each holding series
 * (drawn in order) and its axis settings. The layout (ps-plot-layout.h)
 * turns it into geometry for a given size; the renderers draw that.
 *
 * A panel whose first series is a spectrogram has a bin axis (y) and a
 * colour axis (z); otherwise y is the value axis and z is unused.
 */
#pragma once

#include <glib-object.h>

#include "ps-colormap.h"
#include "ps-pyramid.h"
#include "ps-series.h"
#include "ps-spectro-pyramid.h"
#include "ps-time-range.h"

G_BEGIN_DECLS

#define PS_TYPE_PLOT_MODEL (ps_plot_model_get_type ())

G_DECLARE_FINAL_TYPE (PsPlotModel, ps_plot_model, PS, PLOT_MODEL, GObject)

typedef enum
{
  PS_PLOT_SCALE_AUTO,   /* from the series metadata and data (SCALETYP, dynamic range) */
  PS_PLOT_SCALE_LINEAR,
  PS_PLOT_SCALE_LOG,
} PsPlotScale;

typedef struct
{
  gboolean    auto_range; /* from the data in the visible time range */
  double      min;
  double      max;
  PsPlotScale scale;
} PsPlotAxisSettings;

typedef struct
{
  GPtrArray          *series;   /* of PsSeries */
  GPtrArray          *pyramids; /* of PsPyramid, parallel; NULL until asked for */
  PsPlotAxisSettings  y;
  PsPlotAxisSettings  z;
  PsColormap          colormap;
  double              weight;   /* share of the height, relative to the others (1 by default) */
  GPtrArray          *spectro_pyramids; /* of PsSpectroPyramid, parallel; NULL until set */
} PsPlotPanel;

PsPlotModel       *ps_plot_model_new            (void);

void               ps_plot_model_set_time_range (PsPlotModel       *self,
                                                 const PsTimeRange *range);
const PsTimeRange *ps_plot_model_get_time_range (PsPlotModel       *self);

guint              ps_plot_model_add_panel      (PsPlotModel       *self);
guint              ps_plot_model_get_n_panels   (PsPlotModel       *self);
void               ps_plot_model_remove_panel   (PsPlotModel       *self,
                                                 guint              panel);
void               ps_plot_model_set_panel_weight (PsPlotModel     *self,
                                                 guint              panel,
                                                 double             weight);
const PsPlotPanel *ps_plot_model_get_panel      (PsPlotModel       *self,
                                                 guint              panel);
void               ps_plot_model_add_series     (PsPlotModel       *self,
                                                 guint              panel,
                                                 PsSeries          *series);
PsPyramid         *ps_plot_model_get_pyramid    (PsPlotModel       *self,
                                                 guint              panel,
                                                 guint              index);
void               ps_plot_model_set_pyramid    (PsPlotModel       *self,
                                                 guint              panel,
                                                 guint              index,
                                                 PsPyramid         *pyramid);
PsSpectroPyramid  *ps_plot_model_get_spectro_pyramid (PsPlotModel      *self,
                                                      guint             panel,
                                                      guint             index);
void               ps_plot_model_set_spectro_pyramid (PsPlotModel      *self,
                                                      guint             panel,
                                                      guint             index,
                                                      PsSpectroPyramid *pyramid);

void               ps_plot_model_set_y_axis     (PsPlotModel              *self,
                                                 guint                     panel,
                                                 const PsPlotAxisSettings *settings);
void               ps_plot_model_set_z_axis     (PsPlotModel              *self,
                                                 guint                     panel,
                                                 const PsPlotAxisSettings *settings);
void               ps_plot_model_set_colormap   (PsPlotModel              *self,
                                                 guint                     panel,
                                                 PsColormap                colormap);

gboolean           ps_plot_panel_is_spectrogram (const PsPlotPanel        *panel);
void               ps_plot_axis_settings_init   (PsPlotAxisSettings       *settings);

G_END_DECLS
