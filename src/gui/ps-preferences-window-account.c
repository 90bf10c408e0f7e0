/* ps-preferences-window-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences → Data → Accounts: the AMDA account whose time tables and
 * catalogues the AMDA inventory lists. "Sign In…" asks for a user name
 * and a password in a small dialog; they are kept where
 * ps-amda-credentials.c keeps them (the Secret Service, else a file only
 * the user may read; never the settings), on a worker, since the keyring
 * may take its time. "Sign Out" forgets them.
 */

#define G_LOG_DOMAIN "ps-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-amda-credentials.h"
#include "ps-preferences-window-private.h"

static void refresh (PsPreferencesWindow *self);

/* Saving or forgetting, on a worker */
typedef struct
{
  char *user;     /* NULL: forget */
  char *password;
} Change;

static void
change_free (Change *change)
{
  g_free (change->user);
  if (change->password != NULL)
    memset (change->password, 0, strlen (change->password));
  g_free (change->password);
  g_free (change);
}

static void
change_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Change *change = task_data;
  GError *error = NULL;
  gboolean done = change->user != NULL ? ps_amda_credentials_save (change->user, change->password, &error)
                                       : ps_amda_credentials_forget (&error);

  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  PsPreferencesWindow *self = PS_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->amda_subtitle, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->amda_button), TRUE);
      return;
    }
  refresh (self);
}

static void
change (PsPreferencesWindow *self,
        const char          *user,
        const char          *password)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, changed_cb, NULL);
  Change *c = g_new0 (Change, 1);

  c->user = g_strdup (user);
  c->password = g_strdup (password);
  g_task_set_task_data (task, c, (GDestroyNotify) change_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self->amda_button), FALSE);
  g_task_run_in_thread (task, change_thread);
}

/* The dialog */

static void
update_sign_in_sensitive (GtkWidget *dialog)
{
  GtkEditable *user = g_object_get_data (G_OBJECT (dialog), "user");
  GtkEditable *password = g_object_get_data (G_OBJECT (dialog), "password");

  gtk_dialog_set_response_sensitive (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT,
                                     *gtk_editable_get_text (user) != '\0'
                                     && *gtk_editable_get_text (password) != '\0');
}

static void
sign_in_response_cb (GtkDialog           *dialog,
                     int                  response,
                     PsPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkEditable *user = g_object_get_data (G_OBJECT (dialog), "user");
      GtkEditable *password = g_object_get_data (G_OBJECT (dialog), "password");
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (user)));

      if (*name != '\0' && *gtk_editable_get_text (password) != '\0')
        change (self, name, gtk_editable_get_text (password));
    }
  g_clear_weak_pointer (&self->sign_in_dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static GtkWidget *
labelled (GtkWidget  *grid,
          int         row,
          const char *mnemonic,
          GtkWidget  *entry)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_grid_attach (GTK_GRID (grid), label, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), entry, 1, row, 1, 1);
  return entry;
}

static void
sign_in (PsPreferencesWindow *self)
{
  GtkWidget *dialog;
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *intro;
  GtkWidget *user;
  GtkWidget *password;

  if (self->sign_in_dialog != NULL)
    {
      gtk_window_present (self->sign_in_dialog);
      return;
    }
  dialog = gtk_dialog_new_with_buttons (_("Sign In to AMDA"), GTK_WINDOW (self),
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT
                                        | GTK_DIALOG_USE_HEADER_BAR,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        _("_Sign In"), GTK_RESPONSE_ACCEPT,
                                        NULL);
  gtk_widget_set_name (dialog, "amda-sign-in");
  gtk_window_set_resizable (GTK_WINDOW (dialog), FALSE);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_top (grid, 18);
  gtk_widget_set_margin_bottom (grid, 18);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);

  intro = gtk_label_new (_("Your AMDA account lists your time tables and catalogues, and reaches "
                           "the data that need one. It is kept in the keyring, else in a file only "
                           "you can read."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (intro), 48);
  gtk_label_set_width_chars (GTK_LABEL (intro), 48); /* else sized for its narrowest wrap: too tall */
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_widget_add_css_class (intro, "dim-label");
  gtk_grid_attach (GTK_GRID (grid), intro, 0, 0, 2, 1);
  user = labelled (grid, 1, _("_User name"), gtk_entry_new ());
  password = labelled (grid, 2, _("_Password"), gtk_password_entry_new ());
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (password), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (user), TRUE);
  g_object_set (password, "activates-default", TRUE, NULL);
  gtk_box_append (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), grid);

  g_object_set_data (G_OBJECT (dialog), "user", user);
  g_object_set_data (G_OBJECT (dialog), "password", password);
  g_signal_connect_swapped (user, "changed", G_CALLBACK (update_sign_in_sensitive), dialog);
  g_signal_connect_swapped (password, "changed", G_CALLBACK (update_sign_in_sensitive), dialog);
  update_sign_in_sensitive (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_in_response_cb), self, 0);
  g_set_weak_pointer (&self->sign_in_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
button_clicked_cb (PsPreferencesWindow *self)
{
  if (g_object_get_data (G_OBJECT (self->amda_button), "signed-in") != NULL)
    change (self, NULL, NULL);
  else
    sign_in (self);
}

/* The row */

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GWeakRef *weak = data;
  g_autoptr(PsPreferencesWindow) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  gboolean signed_in;

  g_weak_ref_clear (weak);
  g_free (weak);
  ps_amda_credentials_load_finish (result, &user, &password, &error);
  if (self == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      if (password != NULL)
        memset (password, 0, strlen (password));
      return; /* the window is going: its widgets may be gone */
    }
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->amda_subtitle, error->message);
      g_clear_pointer (&user, g_free);
    }
  if (password != NULL)
    memset (password, 0, strlen (password));
  signed_in = user != NULL;
  if (signed_in)
    {
      g_autofree char *text = NULL;

      if (g_strcmp0 (ps_amda_credentials_get_backend (), "file") == 0)
        text = g_strdup_printf (_("Signed in as %s (kept in a file only you can read)"), user);
      else
        text = g_strdup_printf (_("Signed in as %s (kept in the keyring)"), user);
      gtk_label_set_text (self->amda_subtitle, text);
    }
  else if (error == NULL)
    gtk_label_set_text (self->amda_subtitle, _("Not signed in: your time tables and catalogues are not listed"));
  gtk_button_set_use_underline (self->amda_button, TRUE);
  gtk_button_set_label (self->amda_button, signed_in ? _("Sign _Out") : _("Sign _In…"));
  g_object_set_data (G_OBJECT (self->amda_button), "signed-in", signed_in ? GINT_TO_POINTER (1) : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->amda_button), TRUE);
}

static void
refresh (PsPreferencesWindow *self)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  /* Not a reference: the window may close while the keyring answers */
  g_weak_ref_init (weak, self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->amda_button), FALSE);
  ps_amda_credentials_load_async (self->cancellable, loaded_cb, weak);
}

void
_ps_preferences_window_account_init (PsPreferencesWindow *self)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new ("AMDA");
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (box, "preference-row");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (button, "amda-account");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (button_clicked_cb), self);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), button);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (self->accounts_list, row);

  self->amda_subtitle = GTK_LABEL (subtitle);
  self->amda_button = GTK_BUTTON (button);
  gtk_button_set_label (self->amda_button, _("Sign _In…"));
  refresh (self);
}

void
_ps_preferences_window_account_dispose (PsPreferencesWindow *self)
{
  if (self->sign_in_dialog != NULL)
    gtk_window_destroy (self->sign_in_dialog);
  g_clear_weak_pointer (&self->sign_in_dialog);
}
