/* ps-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ps-application.h"
#include "ps-time-axis.h"

G_BEGIN_DECLS

#define PS_TYPE_WINDOW (ps_window_get_type ())

G_DECLARE_FINAL_TYPE (PsWindow, ps_window, PS, WINDOW, GtkApplicationWindow)

PsWindow   *ps_window_new           (PsApplication *application);
PsTimeAxis *ps_window_get_time_axis (PsWindow      *self);

void        ps_window_open_files    (PsWindow      *self,
                                     GFile        **files,
                                     guint          n_files);
void        ps_window_add_product   (PsWindow      *self,
                                     const char    *product_path,
                                     int            panel);

G_END_DECLS
