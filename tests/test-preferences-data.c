/* test-preferences-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Data page of the preferences under a real X server (xvfb-run): each
 * control writes its setting and the application's data context follows
 * (offline flag, registry without a disabled provider, fetcher proxy,
 * cache limit, cache cleared), a bad proxy is shown and not saved, and a
 * missing cache is explained. Renderings of the page are written to the
 * build directory, to be looked at.
 */

#include "config.h"

#include <glib/gstdio.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "ps-application.h"
#include "ps-amda-credentials.h"
#include "ps-preferences-window.h"
#include "test-cache-util.h"
#include "test-gui.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)

static PsApplication *app;
static char *cache_dir;
static char *config_dir;

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static gpointer
child (GtkWindow  *preferences,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (preferences), PS_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

/* The preferences, as the app opens them, on the Data page. */
static GtkWindow *
open_data_page (void)
{
  GtkWindow *preferences;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = find_toplevel (PS_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  gtk_stack_set_visible_child_name (child (preferences, "stack"), "data");
  return preferences;
}

static void
close_window (GtkWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (window);
  g_assert_finalize_object (window);
}

/* The provider switches, in the list's order. */
static GPtrArray *
provider_switches (GtkWindow *preferences)
{
  GtkWidget *list = child (preferences, "providers_list");
  GPtrArray *switches = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *last = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));

      g_assert_true (GTK_IS_SWITCH (last));
      g_ptr_array_add (switches, last);
    }
  return switches;
}

/* Runs the main loop until @label says @text, or fails after 20 s. */
static void
wait_for_label (GtkLabel   *label,
                const char *text)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (g_strcmp0 (gtk_label_get_text (label), text) != 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_label_get_text (label), ==, text);
  g_source_remove (timeout);
}

static void
save_png (GtkWindow  *window,
          const char *png_name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  gtk_window_present (window);
  wait_for_paint (window);
  spin (200);
  texture = render_window (window);
  assert_not_blank (texture);
  path = g_test_build_filename (G_TEST_BUILT, png_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("rendered to %s", path);
}

static PsDataContext *
context (void)
{
  return ps_application_get_data_context (app);
}

static void
clear_cache_now (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ps_cache_clear (ps_data_context_get_cache (context ()), &error));
  g_assert_no_error (error);
}

static void
test_offline (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  GtkWindow *preferences;
  GtkSwitch *toggle;

  reset_settings ();
  preferences = open_data_page ();
  toggle = child (preferences, "offline_switch");
  g_assert_false (gtk_switch_get_active (toggle));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (toggle)));

  gtk_switch_set_active (toggle, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "offline"));
  g_assert_true (ps_data_context_get_offline (context ()));

  gtk_switch_set_active (toggle, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "offline"));
  g_assert_false (ps_data_context_get_offline (context ()));

  g_settings_set_boolean (settings, "offline", TRUE);
  g_assert_true (gtk_switch_get_active (toggle));

  close_window (preferences);
  reset_settings ();
}

/* One row per provider the registry knows; each switch removes its
 * provider from the registry and puts it back. */
static void
test_providers (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GPtrArray) switches = NULL;
  g_autoptr(GPtrArray) prefixes = g_ptr_array_new_with_free_func (g_free);
  PsProviderRegistry *known;
  GtkWindow *preferences;

  reset_settings ();
  preferences = open_data_page ();
  /* The registry is rebuilt at each change: its prefixes, kept. */
  known = ps_data_context_get_known_providers (context ());
  for (guint i = 0; i < ps_provider_registry_get_n_items (known); i++)
    g_ptr_array_add (prefixes, g_strdup (ps_provider_get_prefix (ps_provider_registry_get_item (known, i))));
  switches = provider_switches (preferences);
  g_assert_cmpuint (switches->len, ==, prefixes->len);
  g_assert_cmpuint (switches->len, >=, 1);

  for (guint i = 0; i < switches->len; i++)
    {
      const char *prefix = g_ptr_array_index (prefixes, i);
      g_auto(GStrv) disabled = NULL;
      g_autoptr(GPtrArray) now = NULL;
      GtkSwitch *toggle;

      g_test_message ("provider %s", prefix);
      g_clear_pointer (&switches, g_ptr_array_unref);
      switches = provider_switches (preferences);
      toggle = g_ptr_array_index (switches, i);
      g_assert_true (gtk_switch_get_active (toggle));
      g_assert_nonnull (ps_provider_registry_get (ps_data_context_get_registry (context ()), prefix));

      gtk_switch_set_active (toggle, FALSE);
      disabled = g_settings_get_strv (settings, "disabled-providers");
      g_assert_cmpstrv (disabled, ((const char * const[]) { prefix, NULL }));
      g_assert_null (ps_provider_registry_get (ps_data_context_get_registry (context ()), prefix));
      g_assert_cmpuint (ps_provider_registry_get_n_items (ps_data_context_get_registry (context ())), ==,
                        ps_provider_registry_get_n_items (ps_data_context_get_known_providers (context ())) - 1);

      /* The row stays, off, so the provider can be turned on again. */
      now = provider_switches (preferences);
      g_assert_cmpuint (now->len, ==, switches->len);
      toggle = g_ptr_array_index (now, i);
      g_assert_false (gtk_switch_get_active (toggle));

      gtk_switch_set_active (toggle, TRUE);
      g_clear_pointer (&disabled, g_strfreev);
      disabled = g_settings_get_strv (settings, "disabled-providers");
      g_assert_cmpuint (g_strv_length (disabled), ==, 0);
      g_assert_nonnull (ps_provider_registry_get (ps_data_context_get_registry (context ()), prefix));
    }

  /* The setting, changed elsewhere, moves the switches. */
  g_settings_set_strv (settings, "disabled-providers", (const char * const[]) { "cda", NULL });
  g_clear_pointer (&switches, g_ptr_array_unref);
  switches = provider_switches (preferences);
  for (guint i = 0; i < switches->len; i++)
    g_assert_cmpint (gtk_switch_get_active (g_ptr_array_index (switches, i)), ==,
                     g_strcmp0 (g_ptr_array_index (prefixes, i), "cda") != 0);

  close_window (preferences);
  reset_settings ();
}

static void
test_proxy (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *saved = NULL;
  GtkWindow *preferences;
  GtkEditable *entry;
  GtkWidget *subtitle;

  reset_settings ();
  preferences = open_data_page ();
  entry = child (preferences, "proxy_entry");
  subtitle = child (preferences, "proxy_subtitle");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));

  /* Not a proxy: shown as an error, never saved, not even on Enter. */
  gtk_editable_set_text (entry, "proxy.example.org");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_true (gtk_widget_has_css_class (subtitle, "error"));
  g_signal_emit_by_name (entry, "activate");
  spin (700);
  saved = g_settings_get_string (settings, "proxy");
  g_assert_cmpstr (saved, ==, "");
  g_assert_null (ps_fetcher_get_proxy (ps_data_context_get_fetcher (context ())));

  /* A proxy: saved on Enter, and the fetcher uses it. */
  gtk_editable_set_text (entry, " http://proxy.example.org:3128 ");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_false (gtk_widget_has_css_class (subtitle, "error"));
  g_signal_emit_by_name (entry, "activate");
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "proxy");
  g_assert_cmpstr (saved, ==, "http://proxy.example.org:3128");
  g_assert_cmpstr (ps_fetcher_get_proxy (ps_data_context_get_fetcher (context ())), ==,
                   "http://proxy.example.org:3128");

  /* …or half a second after the last change. */
  gtk_editable_set_text (entry, "socks5h://localhost:1080");
  spin (700);
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "proxy");
  g_assert_cmpstr (saved, ==, "socks5h://localhost:1080");
  g_assert_cmpstr (ps_fetcher_get_proxy (ps_data_context_get_fetcher (context ())), ==, "socks5h://localhost:1080");

  /* Emptied: the environment's again. */
  gtk_editable_set_text (entry, "");
  g_signal_emit_by_name (entry, "activate");
  g_assert_null (ps_fetcher_get_proxy (ps_data_context_get_fetcher (context ())));

  /* A proxy typed and the window closed at once is not lost. */
  gtk_editable_set_text (entry, "http://last:8080");
  close_window (preferences);
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "proxy");
  g_assert_cmpstr (saved, ==, "http://last:8080");

  /* The setting, changed elsewhere, fills the entry. */
  preferences = open_data_page ();
  g_assert_cmpstr (gtk_editable_get_text (child (preferences, "proxy_entry")), ==, "http://last:8080");
  g_settings_set_string (settings, "proxy", "https://other:443");
  g_assert_cmpstr (gtk_editable_get_text (child (preferences, "proxy_entry")), ==, "https://other:443");
  close_window (preferences);
  reset_settings ();
}

static void
test_cache_limit (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  /* g_format_size() puts a no-break space before the unit. */
  g_autofree char *ten = g_format_size_full (10 * GIB, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *three = g_format_size_full (3 * GIB, G_FORMAT_SIZE_IEC_UNITS);
  GtkWindow *preferences;
  GtkDropDown *dropdown;
  GListModel *model;
  guint n;

  reset_settings ();
  preferences = open_data_page ();
  dropdown = child (preferences, "cache_limit_dropdown");
  model = gtk_drop_down_get_model (dropdown);
  n = g_list_model_get_n_items (model);

  /* 10 GiB by default; "No Limit" last. */
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), gtk_drop_down_get_selected (dropdown)),
                   ==, ten);
  g_assert_true (g_str_has_prefix (ten, "10.0"));
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), n - 1), ==, "No Limit");

  gtk_drop_down_set_selected (dropdown, n - 1);
  g_assert_cmpuint (g_settings_get_uint64 (settings, "cache-size-limit"), ==, 0);
  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_cmpuint (g_settings_get_uint64 (settings, "cache-size-limit"), ==, 1 * GIB);

  /* A value set elsewhere that is not a choice gets an item of its own. */
  g_settings_set_uint64 (settings, "cache-size-limit", 3 * GIB);
  model = gtk_drop_down_get_model (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n + 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), gtk_drop_down_get_selected (dropdown)),
                   ==, three);
  g_assert_cmpuint (g_settings_get_uint64 (settings, "cache-size-limit"), ==, 3 * GIB);

  /* Choosing another one keeps the item (the model never changes under
   * the drop-down's feet). */
  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_cmpuint (g_settings_get_uint64 (settings, "cache-size-limit"), ==, 1 * GIB);
  g_assert_true (gtk_drop_down_get_model (dropdown) == model);
  gtk_drop_down_set_selected (dropdown, 3);
  g_assert_cmpuint (g_settings_get_uint64 (settings, "cache-size-limit"), ==, 5 * GIB);

  close_window (preferences);
  reset_settings ();
}

/* The usage, then "Clear Cache…": Cancel keeps everything, Clear clears
 * on a worker and shows the new usage. */
static void
test_cache_clear (void)
{
  g_autoptr(PsCacheStats) stats = NULL;
  g_autofree char *usage = NULL;
  GtkWindow *preferences;
  GtkMessageDialog *dialog;
  GtkLabel *label;
  GtkWidget *button;
  guint64 bytes;

  reset_settings ();
  clear_cache_now ();
  bytes = fill_cache (ps_data_context_get_cache (context ()), 3);
  usage = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);

  preferences = open_data_page ();
  label = child (preferences, "cache_usage_label");
  button = child (preferences, "cache_clear_button");
  wait_for_label (label, usage);
  g_assert_true (gtk_widget_get_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  dialog = GTK_MESSAGE_DIALOG (find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == preferences);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_assert_null (find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
  spin (200);
  stats = cache_stats (ps_data_context_get_cache (context ()));
  g_assert_cmpuint (stats->n_fragments, ==, 3);
  g_assert_cmpstr (gtk_label_get_text (label), ==, usage);

  g_signal_emit_by_name (button, "clicked");
  dialog = GTK_MESSAGE_DIALOG (find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  save_png (GTK_WINDOW (dialog), "screenshot-preferences-clear-cache.png");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  wait_for_label (label, "0 bytes");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_clear_pointer (&stats, ps_cache_stats_free);
  stats = cache_stats (ps_data_context_get_cache (context ()));
  g_assert_cmpuint (stats->n_fragments, ==, 0);
  g_assert_cmpuint (stats->bytes, ==, 0);

  close_window (preferences);
}

/* Closing the window while a clear runs: the clear completes, the window
 * is gone without a crash. */
static void
test_cache_clear_closed (void)
{
  g_autoptr(PsCacheStats) stats = NULL;
  GtkWindow *preferences;
  guint64 bytes;

  reset_settings ();
  clear_cache_now ();
  bytes = fill_cache (ps_data_context_get_cache (context ()), 2);
  g_assert_cmpuint (bytes, >, 0);
  preferences = open_data_page ();
  g_signal_emit_by_name (child (preferences, "cache_clear_button"), "clicked");
  gtk_dialog_response (GTK_DIALOG (find_toplevel (GTK_TYPE_MESSAGE_DIALOG)), GTK_RESPONSE_ACCEPT);
  close_window (preferences);
  spin (500);
  stats = cache_stats (ps_data_context_get_cache (context ()));
  g_assert_cmpuint (stats->n_fragments, ==, 0);
}

/* The rows of the folders list: one per folder, then "Add Folder…" */
static GtkWidget *
folder_row_button (GtkWindow *preferences,
                   guint      index)
{
  GtkWidget *row = gtk_widget_get_first_child (child (preferences, "folders_list"));

  for (guint i = 0; i < index && row != NULL; i++)
    row = gtk_widget_get_next_sibling (row);
  g_assert_nonnull (row);
  row = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  return GTK_IS_BUTTON (row) ? row : gtk_widget_get_last_child (row);
}

static guint
n_folder_rows (GtkWindow *preferences)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (child (preferences, "folders_list"));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static void
test_folders (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *dir = make_tmp_dir ();
  g_auto(GStrv) folders = NULL;
  GtkWindow *preferences;
  GtkWidget *add;

  reset_settings ();
  preferences = open_data_page ();
  /* None yet: the button that adds one */
  g_assert_cmpuint (n_folder_rows (preferences), ==, 1);
  add = folder_row_button (preferences, 0);
  g_assert_cmpstr (gtk_widget_get_name (add), ==, "add-folder");

  g_settings_set_strv (settings, "local-folders", (const char * const[]) { dir, "/nonexistent/data", NULL });
  g_assert_cmpuint (n_folder_rows (preferences), ==, 3);
  g_assert_cmpstr (gtk_widget_get_name (folder_row_button (preferences, 2)), ==, "add-folder");
  save_png (preferences, "screenshot-preferences-folders.png");

  /* Its remove button removes the first folder */
  g_signal_emit_by_name (folder_row_button (preferences, 0), "clicked");
  folders = g_settings_get_strv (settings, "local-folders");
  g_assert_cmpstrv (folders, ((const char * const[]) { "/nonexistent/data", NULL }));
  g_assert_cmpuint (n_folder_rows (preferences), ==, 2);

  close_window (preferences);
  reset_settings ();
  rm_rf (dir);
}

/* The AMDA account: signed in through the dialog, kept in a file only
 * the user may read (no keyring here), signed out */
static GtkWindow *
find_named_toplevel (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0)
        return window;
    }
  return NULL;
}

static void
test_account (void)
{
  g_autofree char *file = ps_amda_credentials_get_file ();
  GtkWindow *preferences;
  GtkWindow *dialog;
  GtkWidget *button;
  GtkLabel *subtitle;
  GStatBuf st;

  g_unlink (file);
  preferences = open_data_page ();
  button = gtk_widget_get_last_child (gtk_list_box_row_get_child (
             GTK_LIST_BOX_ROW (gtk_widget_get_first_child (child (preferences, "accounts_list")))));
  subtitle = GTK_LABEL (gtk_widget_get_last_child (gtk_widget_get_first_child (
               gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (gtk_widget_get_first_child (
                 child (preferences, "accounts_list")))))));
  g_assert_cmpstr (gtk_widget_get_name (button), ==, "amda-account");
  wait_for_label (subtitle, "Not signed in: your time tables and catalogues are not listed");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Sign _In…");

  g_signal_emit_by_name (button, "clicked");
  dialog = find_named_toplevel ("amda-sign-in");
  g_assert_nonnull (dialog);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "user"), "alice");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "password"), "s3cr&t");
  save_png (dialog, "screenshot-preferences-amda-sign-in.png");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  wait_for_label (subtitle, "Signed in as alice (kept in a file only you can read)");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Sign _Out");
  g_assert_null (find_named_toplevel ("amda-sign-in"));
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  save_png (preferences, "screenshot-preferences-accounts.png");

  g_signal_emit_by_name (button, "clicked");
  wait_for_label (subtitle, "Not signed in: your time tables and catalogues are not listed");
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  close_window (preferences);
}

static void
test_render (void)
{
  GtkWindow *preferences;
  g_autofree char *usage = NULL;
  guint64 bytes;

  reset_settings ();
  clear_cache_now ();
  bytes = fill_cache (ps_data_context_get_cache (context ()), 3);
  usage = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);

  preferences = open_data_page ();
  wait_for_label (child (preferences, "cache_usage_label"), usage);
  save_png (preferences, "screenshot-preferences-data.png");

  /* A bad proxy, as the user sees it. */
  gtk_editable_set_text (child (preferences, "proxy_entry"), "proxy:3128");
  save_png (preferences, "screenshot-preferences-data-bad-proxy.png");
  gtk_editable_set_text (child (preferences, "proxy_entry"), "");

  gtk_stack_set_visible_child_name (child (preferences, "stack"), "general");
  save_png (preferences, "screenshot-preferences-general.png");

  close_window (preferences);
  clear_cache_now ();
  reset_settings ();
}

/* No cache (a file where its directory should be): the page says why,
 * and offers nothing to do with it. Started with --offline: the switch
 * says so and cannot be turned off. */
static void
test_no_cache (void)
{
  g_autofree char *file = g_build_filename (cache_dir, "not-a-directory", NULL);
  g_autofree char *dir = g_build_filename (file, "cache", NULL);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(PsDataContext) other = NULL;
  GtkWindow *preferences;
  GtkWidget *subtitle;

  reset_settings ();
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_setenv (PS_CACHE_DIR_ENV, dir, TRUE);
  g_test_expect_message ("ps-data-context", G_LOG_LEVEL_WARNING, "Running without a cache: *");
  other = ps_data_context_new (settings);
  g_test_assert_expected_messages ();
  g_setenv (PS_CACHE_DIR_ENV, cache_dir, TRUE);
  ps_data_context_set_offline_forced (other, TRUE);

  preferences = GTK_WINDOW (ps_preferences_window_new (other));
  gtk_stack_set_visible_child_name (child (preferences, "stack"), "data");
  subtitle = child (preferences, "cache_subtitle");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (subtitle)), ==,
                   ps_data_context_get_cache_error (other)->message);
  g_assert_true (gtk_widget_has_css_class (subtitle, "error"));
  g_assert_false (gtk_widget_get_sensitive (child (preferences, "cache_clear_button")));
  g_assert_false (gtk_widget_get_sensitive (child (preferences, "cache_limit_dropdown")));

  g_assert_true (gtk_switch_get_active (child (preferences, "offline_switch")));
  g_assert_false (gtk_widget_get_sensitive (child (preferences, "offline_switch")));
  g_assert_false (g_settings_get_boolean (settings, "offline"));

  save_png (preferences, "screenshot-preferences-data-no-cache.png");
  close_window (preferences);
  g_unlink (file);
  g_assert_finalize_object (g_steal_pointer (&other));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALE_DIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Accounts in a file of our own, not the user's keyring; set before
   * GTK reads the user's folders */
  config_dir = g_dir_make_tmp ("test-preferences-config-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("PLASMASCOPE_CREDENTIALS_BACKEND", "file", TRUE);

  gtk_test_init (&argc, &argv, NULL);

  /* The app opens its cache at start-up: one of our own. */
  cache_dir = make_tmp_dir ();
  g_setenv (PS_CACHE_DIR_ENV, cache_dir, TRUE);


  app = ps_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ps_data_context_get_cache (context ()));

  g_test_add_func ("/Gui/PreferencesData/offline", test_offline);
  g_test_add_func ("/Gui/PreferencesData/providers", test_providers);
  g_test_add_func ("/Gui/PreferencesData/proxy", test_proxy);
  g_test_add_func ("/Gui/PreferencesData/cache-limit", test_cache_limit);
  g_test_add_func ("/Gui/PreferencesData/cache-clear", test_cache_clear);
  g_test_add_func ("/Gui/PreferencesData/cache-clear-closed", test_cache_clear_closed);
  g_test_add_func ("/Gui/PreferencesData/folders", test_folders);
  g_test_add_func ("/Gui/PreferencesData/account", test_account);
  g_test_add_func ("/Gui/PreferencesData/render", test_render);
  g_test_add_func ("/Gui/PreferencesData/no-cache", test_no_cache);

  ret = g_test_run ();
  g_clear_object (&app);
  rm_rf (cache_dir);
  g_free (cache_dir);
  rm_rf (config_dir);
  g_free (config_dir);
  return ret;
}
