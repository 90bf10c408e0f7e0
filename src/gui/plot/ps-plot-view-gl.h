/* ps-plot-view-gl.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsPlotGl: the OpenGL half of PsPlotView: the line shader and, per line
 * (component of a series), a VBO of segments from the M4 reduction,
 * rebuilt only when the reduction changes (time range, width, axis kind,
 * pyramid). Y zoom only changes uniforms. Lives between the GtkGLArea's
 * realize and unrealize.
 */
#pragma once

#include <gtk/gtk.h>

#include "ps-plot-layout.h"
#include "ps-plot-model.h"
#include "ps-plot-style.h"

G_BEGIN_DECLS

typedef struct _PsPlotGl PsPlotGl;

/* A rectangle of one colour, in device pixels from the top left. */
typedef struct
{
  int     x;
  int     y;
  int     width;
  int     height;
  GdkRGBA color;     /* not premultiplied */
} PsPlotGlRect;

gboolean  ps_plot_gl_get_background (PsPlotLayout      *layout,
                                     const PsPlotStyle *style,
                                     GArray            *rects);

PsPlotGl *ps_plot_gl_new       (GError           **error);
void      ps_plot_gl_free      (PsPlotGl          *self);
void      ps_plot_gl_draw      (PsPlotGl          *self,
                                PsPlotModel       *model,
                                PsPlotLayout      *layout,
                                const PsPlotStyle *style,
                                int                fb_width,
                                int                fb_height);
guint     ps_plot_gl_get_n_uploads (PsPlotGl      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsPlotGl, ps_plot_gl_free)

G_END_DECLS
