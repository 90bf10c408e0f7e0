/* ps-preferences-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What ps-preferences-window.c (the window, the General page) and
 * ps-preferences-window-data.c (the Data page) share.
 */
#pragma once

#include "ps-preferences-window.h"

G_BEGIN_DECLS

struct _PsPreferencesWindow
{
  GtkWindow      parent_instance;

  PsDataContext *context;
  GSettings     *settings;
  GCancellable  *cancellable;
  GArray        *limits;          /* guint64: the size limit of each drop-down item */
  guint          proxy_save_id;
  gboolean       syncing;         /* widgets being set from the settings */

  GtkButton     *cache_clear_button;
  GtkDropDown   *cache_limit_dropdown;
  GtkLabel      *cache_subtitle;
  GtkLabel      *cache_usage_label;
  GtkListBox    *folders_list;
  GtkListBox    *accounts_list;
  GtkLabel      *amda_subtitle;
  GtkButton     *amda_button;
  GtkWindow     *sign_in_dialog;
  GtkFileChooserNative *folder_chooser;
  GtkLabel      *offline_subtitle;
  GtkSwitch     *offline_switch;
  GtkListBox    *providers_list;
  GtkEntry      *proxy_entry;
  GtkLabel      *proxy_subtitle;
  GtkStack      *stack;
  GtkDropDown   *style_dropdown;
  GtkDropDown   *time_format_dropdown;
};

void _ps_preferences_window_class_data_init (GtkWidgetClass      *widget_class);
void _ps_preferences_window_data_init       (PsPreferencesWindow *self);
void _ps_preferences_window_data_dispose    (PsPreferencesWindow *self);
void _ps_preferences_window_folders_init    (PsPreferencesWindow *self);
void _ps_preferences_window_folders_dispose (PsPreferencesWindow *self);
void _ps_preferences_window_account_init    (PsPreferencesWindow *self);
void _ps_preferences_window_account_dispose (PsPreferencesWindow *self);

G_END_DECLS
