/* ps-plot-layout-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ps-plot-layout.h"

G_BEGIN_DECLS

struct _PsPlotLayout
{
  gatomicrefcount       ref_count;

  double                width;
  double                height;
  double                scale;
  PsTimeRange           range;
  PsPlotStyle           style;    /* a copy; font_family owned */

  PangoContext         *context;
  PangoFontDescription *fonts[2]; /* by PsPlotFont */

  PsRect                time_axis;
  GArray               *time_ticks; /* of PsPlotTick */
  GArray               *texts;      /* of PsPlotText */
  GArray               *panels;     /* of PsPlotPanelLayout */
};

/* ps-plot-layout.c */
int    _ps_plot_layout_add_text        (PsPlotLayout  *self,
                                        PsPlotFont     font,
                                        char          *markup,
                                        gboolean       vertical,
                                        double         max_length);
PsPlotText *_ps_plot_layout_text       (PsPlotLayout  *self,
                                        int            index);

/* ps-plot-layout-axes.c: what the axes show, and their ticks */
void   _ps_plot_layout_resolve_panel   (PsPlotLayout      *self,
                                        const PsPlotPanel *panel,
                                        PsPlotPanelLayout *out);
char  *_ps_plot_layout_y_title         (const PsPlotPanel *panel);
char  *_ps_plot_layout_z_title         (const PsPlotPanel *panel);
char  *_ps_plot_units_markup           (const char        *units);  /* ps-plot-units.c */
void   _ps_plot_layout_value_ticks     (PsPlotLayout      *self,
                                        double             lo,
                                        double             hi,
                                        gboolean           log,
                                        double             top,
                                        double             length,
                                        GArray            *ticks,
                                        double            *max_label_width);
char  *_ps_plot_layout_time_ticks      (PsPlotLayout      *self,
                                        const PsRect      *plot,
                                        double             label_width);

G_END_DECLS
