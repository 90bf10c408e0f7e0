/* ps-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's actions: "win." moves through time (and back and forward
 * through the ranges shown), opens files and switches the side panel; "settings." are GSettings keys exposed as stateful actions, so the
 * header-bar toggle, the menu and the keyboard all change the same key.
 */

#define G_LOG_DOMAIN "ps-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-local-provider.h"
#include "ps-window-private.h"

/* How far one step moves or zooms: half the visible range, as Autoplot's
 * and SciQLop's arrows do, so the old and new views overlap. */
#define PAN_FRACTION 0.5
#define ZOOM_FACTOR  0.5

static PsTime
range_center (const PsTimeRange *range)
{
  return range->start + (range->stop - range->start) / 2;
}

static void
pan_back_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ps_time_axis_pan (PS_WINDOW (widget)->time_axis, -PAN_FRACTION);
}

static void
pan_forward_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ps_time_axis_pan (PS_WINDOW (widget)->time_axis, PAN_FRACTION);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PsTimeAxis *axis = PS_WINDOW (widget)->time_axis;

  ps_time_axis_zoom (axis, ZOOM_FACTOR, range_center (ps_time_axis_get_range (axis)));
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PsTimeAxis *axis = PS_WINDOW (widget)->time_axis;

  ps_time_axis_zoom (axis, 1.0 / ZOOM_FACTOR, range_center (ps_time_axis_get_range (axis)));
}

static void
history_back_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  ps_time_history_go_back (PS_WINDOW (widget)->history);
}

static void
history_forward_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  ps_time_history_go_forward (PS_WINDOW (widget)->history);
}

static void
update_history_actions (PsWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.history-back",
                                 ps_time_history_get_can_go_back (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.history-forward",
                                 ps_time_history_get_can_go_forward (self->history));
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  PsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      ps_window_open_files (self, (GFile **) array->pdata, array->len);
    }
  g_object_unref (dialog);
}

static const char * const data_suffixes[] = {
  "cdf", "csv", "tsv", "txt", "dat", "asc", "tab", "h5", "hdf5", "he5", "nc", "nc4",
};

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter;

  dialog = gtk_file_chooser_native_new (_("Open Data Files"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Data Files (CDF, CSV, text tables, HDF5, NetCDF-4)"));
  for (guint i = 0; i < G_N_ELEMENTS (data_suffixes); i++)
    {
      g_autofree char *upper = g_ascii_strup (data_suffixes[i], -1);

      gtk_file_filter_add_suffix (filter, data_suffixes[i]);
      gtk_file_filter_add_suffix (filter, upper);
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The sample files Plasmascope installs, listed by the Samples provider */
static void
samples_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GtkWidget) widget = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsInventoryNode) root = ps_provider_build_inventory_finish (PS_PROVIDER (source), result, &error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  if (root == NULL || gtk_widget_get_root (widget) == NULL)
    return;
  for (guint i = 0; i < ps_inventory_node_get_n_children (root); i++)
    {
      const char *path = ps_inventory_node_get_key (ps_inventory_node_get_child (root, i), "file");

      if (path != NULL)
        g_ptr_array_add (files, g_file_new_for_path (path));
    }
  if (files->len == 0)
    {
      g_autofree char *message = g_strdup_printf (_("No sample data files in %s"), ps_local_samples_dir ());

      _ps_window_show_error (PS_WINDOW (widget), message);
      return;
    }
  ps_window_open_files (PS_WINDOW (widget), (GFile **) files->pdata, files->len);
}

static void
open_samples_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  g_autoptr(PsLocalProvider) samples = ps_local_provider_new_samples (NULL);

  ps_provider_build_inventory_async (PS_PROVIDER (samples), NULL, samples_listed_cb, g_object_ref (widget));
}

static void
edit_time_range_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  ps_time_range_bar_edit (PS_WINDOW (widget)->time_range_bar);
}

static void
show_sidebar_page_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  PsWindow *self = PS_WINDOW (widget);

  g_settings_set_boolean (self->settings, "sidebar-visible", TRUE);
  g_settings_set_string (self->settings, "sidebar-page", g_variant_get_string (param, NULL));
}

void
_ps_window_class_actions_init (PsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.pan-back", NULL, pan_back_action);
  gtk_widget_class_install_action (widget_class, "win.pan-forward", NULL, pan_forward_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.history-back", NULL, history_back_action);
  gtk_widget_class_install_action (widget_class, "win.history-forward", NULL, history_forward_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-samples", NULL, open_samples_action);
  gtk_widget_class_install_action (widget_class, "win.edit-time-range", NULL, edit_time_range_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar-page", "s", show_sidebar_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.pan-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.pan-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.history-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.history-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.history-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Forward, 0, "win.history-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.edit-time-range", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.show-sidebar-page", "s", "products");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.show-sidebar-page", "s", "catalogs");
}

void
_ps_window_actions_init (PsWindow *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  static const char * const setting_actions[] = { "sidebar-visible", "time-format", "show-cursor" };

  for (guint i = 0; i < G_N_ELEMENTS (setting_actions); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, setting_actions[i]);

      g_action_map_add_action (G_ACTION_MAP (group), action);
    }

  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));

  g_signal_connect_object (self->history, "notify::can-go-back",
                           G_CALLBACK (update_history_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify::can-go-forward",
                           G_CALLBACK (update_history_actions), self, G_CONNECT_SWAPPED);
  update_history_actions (self);
}
