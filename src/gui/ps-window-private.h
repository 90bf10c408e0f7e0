/* ps-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ps-status-page.h"
#include "ps-time-range-bar.h"
#include "ps-window.h"

G_BEGIN_DECLS

struct _PsWindow
{
  GtkApplicationWindow  parent_instance;

  GSettings            *settings;
  PsTimeAxis           *time_axis;

  /* Template children */
  GtkHeaderBar         *header_bar;
  GtkMenuButton        *primary_menu_button;
  GtkPaned             *paned;
  GtkStack             *plot_stack;
  GtkWidget            *sidebar;
  GtkStack             *sidebar_stack;
  PsTimeRangeBar       *time_range_bar;
};

void _ps_window_class_actions_init (PsWindowClass *klass);
void _ps_window_actions_init       (PsWindow      *self);

G_END_DECLS
