/* ps-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ps-plot-view.h"
#include "ps-product-list.h"
#include "ps-status-page.h"
#include "ps-time-history.h"
#include "ps-time-range-bar.h"
#include "ps-window.h"

G_BEGIN_DECLS

struct _PsWindow
{
  GtkApplicationWindow  parent_instance;

  GSettings            *settings;
  PsTimeAxis           *time_axis;
  PsTimeHistory        *history;
  PsPlotModel          *model;
  GCancellable         *cancellable; /* opening and loading; cancelled on dispose */
  guint                 n_loading;
  GHashTable           *folder_files; /* paths the folders of data files listed */
  gboolean              local_scanning;
  gboolean              local_again;  /* the folders changed during a scan */

  /* Template children */
  GtkHeaderBar         *header_bar;
  GtkMenuButton        *primary_menu_button;
  GtkPaned             *paned;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkStack             *plot_stack;
  PsPlotView           *plot_view;
  PsProductList        *product_list;
  GtkStack             *products_stack;
  GtkSpinner           *spinner;
  GtkWidget            *sidebar;
  GtkStack             *sidebar_stack;
  PsTimeRangeBar       *time_range_bar;
};

void _ps_window_class_actions_init (PsWindowClass *klass);
void _ps_window_actions_init       (PsWindow      *self);

/* ps-window-plot.c: files, products and the plot */
void _ps_window_class_plot_init    (PsWindowClass *klass);
void _ps_window_plot_init          (PsWindow      *self);
void _ps_window_plot_dispose       (PsWindow      *self);
/* ps-window-local.c: the files of the folders of data files */
void _ps_window_local_init         (PsWindow      *self);
void _ps_window_local_dispose      (PsWindow      *self);
void _ps_window_local_rescan       (PsWindow      *self);

void _ps_window_show_error         (PsWindow      *self,
                                    const char    *message);

G_END_DECLS
