/* ps-preferences-window-folders.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences → Data → Folders of Data Files: the "local-folders"
 * setting, one row per folder with a button that removes it, and a last
 * row that adds one (a folder chooser). The rows follow the setting.
 */

#define G_LOG_DOMAIN "ps-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-preferences-window-private.h"

/* "~/data/mms" for people; the full path in the tooltip */
static char *
display_folder (const char *folder)
{
  const char *home = g_get_home_dir ();
  gsize len = strlen (home);

  if (g_str_has_prefix (folder, home) && folder[len] == '/')
    return g_strconcat ("~", folder + len, NULL);
  return g_filename_display_name (folder);
}

static void
remove_clicked_cb (GtkButton           *button,
                   PsPreferencesWindow *self)
{
  const char *folder = g_object_get_data (G_OBJECT (button), "folder");

  ps_data_context_remove_local_folder (self->context, folder);
}

static void
chooser_response_cb (PsPreferencesWindow  *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        ps_data_context_add_local_folder (self->context, path);
    }
  g_clear_object (&self->folder_chooser);
}

static void
add_clicked_cb (PsPreferencesWindow *self)
{
  if (self->folder_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
      return;
    }
  self->folder_chooser = gtk_file_chooser_native_new (_("Add a Folder of Data Files"), GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                      _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->folder_chooser), TRUE);
  g_signal_connect_object (self->folder_chooser, "response", G_CALLBACK (chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
}

static GtkWidget *
folder_row (PsPreferencesWindow *self,
            const char          *folder)
{
  g_autofree char *title = display_folder (folder);
  g_autofree char *shown = g_filename_display_name (folder);
  g_autofree char *tooltip = g_strdup_printf (_("Stop listing %s"), shown);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("folder-symbolic");
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (box, "preference-row");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_tooltip_text (label, shown);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *missing = g_strdup_printf (_("%s (not found)"), title);

      gtk_label_set_text (GTK_LABEL (label), missing);
      gtk_widget_add_css_class (label, "dim-label");
    }
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (remove), "folder", g_strdup (folder), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
add_row (PsPreferencesWindow *self)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add Folder…"));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_name (button, "add-folder");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_clicked_cb), self);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), button);
  return row;
}

static void
sync_folders (PsPreferencesWindow *self)
{
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "local-folders");
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->folders_list))) != NULL)
    gtk_list_box_remove (self->folders_list, row);
  for (guint i = 0; folders[i] != NULL; i++)
    gtk_list_box_append (self->folders_list, folder_row (self, folders[i]));
  gtk_list_box_append (self->folders_list, add_row (self));
}

void
_ps_preferences_window_folders_init (PsPreferencesWindow *self)
{
  sync_folders (self);
  g_signal_connect_object (self->settings, "changed::local-folders", G_CALLBACK (sync_folders),
                           self, G_CONNECT_SWAPPED);
}

void
_ps_preferences_window_folders_dispose (PsPreferencesWindow *self)
{
  if (self->folder_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->folder_chooser));
  g_clear_object (&self->folder_chooser);
}
