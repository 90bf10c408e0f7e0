/* ps-preferences-window-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Data page: offline, proxy, providers, cache. The proxy entry is
 * saved only when what it holds is a proxy (half a second after the last
 * key press, on Enter, or when the window closes): a half-typed address
 * never reaches the fetcher.
 *
 * The page lists the providers the data context knows (the registry as it
 * would be with none disabled), so a provider turned off keeps its row;
 * the list follows PsDataContext::changed (HAPI servers added).
 */

#define G_LOG_DOMAIN "ps-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-cda-provider.h"
#include "ps-hapi-provider.h"
#include "ps-preferences-window-private.h"

#define PROXY_SAVE_DELAY_MS 500
#define GIB                 (G_GUINT64_CONSTANT (1) << 30)

/* The choices of the size limit; 0 is "No Limit", last. */
static const guint64 limit_choices[] = {
  1 * GIB, 2 * GIB, 5 * GIB, 10 * GIB, 20 * GIB, 50 * GIB, 100 * GIB, 0,
};

/* Providers */

/* A row as the .ui file makes them: title and dim caption, then @suffix. */
static GtkWidget *
make_row (const char *title,
          const char *subtitle,
          GtkWidget  *suffix)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *subtitle_label = gtk_label_new (subtitle);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (box, "preference-row");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title_label), suffix);
  gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (subtitle_label, "dim-label");
  gtk_widget_add_css_class (subtitle_label, "caption");
  gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (labels), title_label);
  gtk_box_append (GTK_BOX (labels), subtitle_label);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), suffix);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* "cda · https://cdaweb.gsfc.nasa.gov/WS/cdasr/1": the prefix its
 * products start with, and where it gets them when that is known. */
static char *
provider_subtitle (PsProvider *provider)
{
  const char *prefix = ps_provider_get_prefix (provider);
  const char *url = NULL;

  if (PS_IS_CDA_PROVIDER (provider))
    url = ps_cda_provider_get_base_url (PS_CDA_PROVIDER (provider));
  else if (PS_IS_HAPI_PROVIDER (provider))
    url = ps_hapi_provider_get_base_url (PS_HAPI_PROVIDER (provider));

  if (url == NULL)
    return g_strdup (prefix);
  return g_strdup_printf ("%s · %s", prefix, url);
}

static void
provider_switch_active_cb (PsPreferencesWindow *self,
                           GParamSpec          *pspec,
                           GtkSwitch           *toggle)
{
  if (self->syncing)
    return;

  ps_data_context_set_provider_enabled (self->context,
                                        g_object_get_data (G_OBJECT (toggle), "ps-provider-prefix"),
                                        gtk_switch_get_active (toggle));
}

/* The switches of the list, in order. */
static GPtrArray *
provider_switches (PsPreferencesWindow *self)
{
  GPtrArray *switches = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->providers_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      g_ptr_array_add (switches, gtk_widget_get_last_child (box));
    }
  return switches;
}

static void
sync_providers (PsPreferencesWindow *self)
{
  PsProviderRegistry *known = ps_data_context_get_known_providers (self->context);
  guint n = ps_provider_registry_get_n_items (known);
  g_autoptr(GPtrArray) switches = provider_switches (self);
  gboolean same = switches->len == n;

  /* Rows are rebuilt only when the providers differ: never under the
   * switch the user is turning (which disables one, hence "changed"). */
  for (guint i = 0; same && i < n; i++)
    {
      PsProvider *provider = ps_provider_registry_get_item (known, i);
      GObject *toggle = g_ptr_array_index (switches, i);
      g_autofree char *subtitle = provider_subtitle (provider);

      same = g_strcmp0 (g_object_get_data (toggle, "ps-provider-prefix"), ps_provider_get_prefix (provider)) == 0
             && g_strcmp0 (g_object_get_data (toggle, "ps-provider-subtitle"), subtitle) == 0;
    }

  self->syncing = TRUE;
  if (!same)
    {
      GtkWidget *row;

      /* No gtk_list_box_remove_all() before GTK 4.12. */
      while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->providers_list))) != NULL)
        gtk_list_box_remove (self->providers_list, row);
      g_ptr_array_set_size (switches, 0);
      for (guint i = 0; i < n; i++)
        {
          PsProvider *provider = ps_provider_registry_get_item (known, i);
          g_autofree char *subtitle = provider_subtitle (provider);
          GtkWidget *toggle = gtk_switch_new ();

          g_object_set_data_full (G_OBJECT (toggle), "ps-provider-prefix",
                                  g_strdup (ps_provider_get_prefix (provider)), g_free);
          g_object_set_data_full (G_OBJECT (toggle), "ps-provider-subtitle", g_strdup (subtitle), g_free);
          g_signal_connect_object (toggle, "notify::active", G_CALLBACK (provider_switch_active_cb),
                                   self, G_CONNECT_SWAPPED);
          gtk_list_box_append (self->providers_list,
                               make_row (ps_provider_get_name (provider), subtitle, toggle));
          g_ptr_array_add (switches, toggle);
        }
    }
  for (guint i = 0; i < switches->len; i++)
    {
      GtkSwitch *toggle = g_ptr_array_index (switches, i);
      const char *prefix = g_object_get_data (G_OBJECT (toggle), "ps-provider-prefix");

      gtk_switch_set_active (toggle, ps_data_context_get_provider_enabled (self->context, prefix));
    }
  self->syncing = FALSE;
}

/* Proxy */

static char *
proxy_text (PsPreferencesWindow *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->proxy_entry))));
}

static void
save_proxy (PsPreferencesWindow *self)
{
  g_autofree char *text = proxy_text (self);
  g_autofree char *saved = g_settings_get_string (self->settings, "proxy");

  g_clear_handle_id (&self->proxy_save_id, g_source_remove);
  if (ps_data_context_check_proxy (text, NULL) && g_strcmp0 (text, saved) != 0)
    g_settings_set_string (self->settings, "proxy", text);
}

static gboolean
save_proxy_cb (gpointer user_data)
{
  PsPreferencesWindow *self = user_data;

  self->proxy_save_id = 0;
  save_proxy (self);
  return G_SOURCE_REMOVE;
}

static void
proxy_entry_changed_cb (PsPreferencesWindow *self)
{
  g_autofree char *text = proxy_text (self);
  g_autoptr(GError) error = NULL;
  gboolean valid = ps_data_context_check_proxy (text, &error);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->proxy_entry), valid ? NULL : error->message);
  if (valid)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->proxy_entry), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->proxy_subtitle), "error");
      gtk_label_set_text (self->proxy_subtitle, _("Leave empty to use the environment’s proxy settings"));
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->proxy_entry), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->proxy_subtitle), "error");
      gtk_label_set_text (self->proxy_subtitle, _("Not a proxy address: give SCHEME://HOST:PORT"));
    }

  g_clear_handle_id (&self->proxy_save_id, g_source_remove);
  if (valid && !self->syncing)
    self->proxy_save_id = g_timeout_add (PROXY_SAVE_DELAY_MS, save_proxy_cb, self);
}

static void
proxy_entry_activate_cb (PsPreferencesWindow *self)
{
  save_proxy (self);
}

static void
proxy_changed_cb (PsPreferencesWindow *self,
                  const char          *key,
                  GSettings           *settings)
{
  g_autofree char *proxy = g_settings_get_string (settings, "proxy");
  g_autofree char *text = proxy_text (self);

  if (g_strcmp0 (proxy, text) == 0)
    return;
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_entry), proxy);
  self->syncing = FALSE;
}

/* Cache */

static void
cache_stats_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PsCacheStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *usage = NULL;
  PsPreferencesWindow *self;

  stats = ps_data_context_get_cache_stats_finish (PS_DATA_CONTEXT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = PS_PREFERENCES_WINDOW (user_data);
  if (stats == NULL)
    {
      g_warning ("Could not measure the cache: %s", error->message);
      gtk_label_set_text (self->cache_usage_label, "—");
      return;
    }
  usage = g_format_size_full (stats->bytes, G_FORMAT_SIZE_IEC_UNITS);
  gtk_label_set_text (self->cache_usage_label, usage);
}

static void
update_cache_usage (PsPreferencesWindow *self)
{
  if (ps_data_context_get_cache (self->context) == NULL)
    return;
  ps_data_context_get_cache_stats_async (self->context, self->cancellable, cache_stats_cb, self);
}

static void
clear_cache_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  PsPreferencesWindow *self;

  if (!ps_data_context_clear_cache_finish (PS_DATA_CONTEXT (object), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = PS_PREFERENCES_WINDOW (user_data);
  if (error != NULL)
    g_warning ("Could not clear the cache: %s", error->message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cache_clear_button), TRUE);
  update_cache_usage (self);
}

static void
clear_dialog_response_cb (PsPreferencesWindow *self,
                          int                  response,
                          GtkDialog           *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response != GTK_RESPONSE_ACCEPT)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->cache_clear_button), FALSE);
  gtk_label_set_text (self->cache_usage_label, _("Clearing…"));
  ps_data_context_clear_cache_async (self->context, self->cancellable, clear_cache_cb, self);
}

static void
cache_clear_clicked_cb (PsPreferencesWindow *self)
{
  GtkWidget *dialog;
  GtkWidget *button;

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "%s", _("Clear the Cache?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("All downloaded data will be deleted. Plots download what they need again, except while offline."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Clear"), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_dialog_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static int
compare_limits (gconstpointer a,
                gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  /* 0 is no limit: the largest. */
  if (x == y)
    return 0;
  if (x == 0)
    return 1;
  if (y == 0)
    return -1;
  return x < y ? -1 : 1;
}

/* The drop-down's items: the choices, what it offered before and the
 * setting's value (set with dconf, it may be none of the choices), in
 * increasing order, "No Limit" last. Items are never taken away: choosing
 * one never changes the model under the drop-down. */
static GArray *
limits_for (GArray  *before,
            guint64  current)
{
  GArray *limits = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint n = 0;

  g_array_append_vals (limits, limit_choices, G_N_ELEMENTS (limit_choices));
  if (before != NULL)
    g_array_append_vals (limits, before->data, before->len);
  g_array_append_val (limits, current);
  g_array_sort (limits, compare_limits);
  for (guint i = 0; i < limits->len; i++)
    if (n == 0 || g_array_index (limits, guint64, i) != g_array_index (limits, guint64, n - 1))
      g_array_index (limits, guint64, n++) = g_array_index (limits, guint64, i);
  g_array_set_size (limits, n);
  return limits;
}

static gboolean
same_limits (GArray *a,
             GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (guint64)) == 0;
}

/* Replaces the model only when the items change: never while the user's
 * choice is being written (the drop-down is in the middle of selecting). */
static void
cache_limit_changed_cb (PsPreferencesWindow *self,
                        const char          *key,
                        GSettings           *settings)
{
  guint64 current = g_settings_get_uint64 (settings, "cache-size-limit");
  g_autoptr(GArray) limits = limits_for (self->limits, current);

  self->syncing = TRUE;
  if (self->limits == NULL || !same_limits (self->limits, limits))
    {
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

      for (guint i = 0; i < limits->len; i++)
        {
          guint64 limit = g_array_index (limits, guint64, i);
          g_autofree char *label = limit != 0 ? g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS)
                                              : g_strdup (_("No Limit"));

          gtk_string_list_append (model, label);
        }
      g_clear_pointer (&self->limits, g_array_unref);
      self->limits = g_steal_pointer (&limits);
      gtk_drop_down_set_model (self->cache_limit_dropdown, G_LIST_MODEL (model));
    }
  for (guint i = 0; i < self->limits->len; i++)
    if (g_array_index (self->limits, guint64, i) == current
        && gtk_drop_down_get_selected (self->cache_limit_dropdown) != i)
      gtk_drop_down_set_selected (self->cache_limit_dropdown, i);
  self->syncing = FALSE;
}

static void
cache_limit_selected_cb (PsPreferencesWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->cache_limit_dropdown);

  if (self->syncing || self->limits == NULL || selected >= self->limits->len)
    return;
  g_settings_set_uint64 (self->settings, "cache-size-limit",
                         g_array_index (self->limits, guint64, selected));
}

static void
setup_cache (PsPreferencesWindow *self)
{
  PsCache *cache = ps_data_context_get_cache (self->context);
  g_autofree char *dir = NULL;

  cache_limit_changed_cb (self, "cache-size-limit", self->settings);
  g_signal_connect_object (self->settings, "changed::cache-size-limit",
                           G_CALLBACK (cache_limit_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cache_limit_dropdown, "notify::selected",
                           G_CALLBACK (cache_limit_selected_cb), self, G_CONNECT_SWAPPED);

  if (cache == NULL)
    {
      const GError *error = ps_data_context_get_cache_error (self->context);

      gtk_label_set_text (self->cache_subtitle, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->cache_subtitle), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->cache_usage_label), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cache_clear_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cache_limit_dropdown), FALSE);
      return;
    }

  dir = g_filename_display_name (ps_cache_get_dir (cache));
  gtk_label_set_text (self->cache_subtitle, dir);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cache_subtitle), dir);
  gtk_label_set_ellipsize (self->cache_subtitle, PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_wrap (self->cache_subtitle, FALSE);
  gtk_label_set_text (self->cache_usage_label, "…");
  g_signal_connect_object (self->context, "cache-changed",
                           G_CALLBACK (update_cache_usage), self, G_CONNECT_SWAPPED);
  update_cache_usage (self);
}

/* Set-up */

void
_ps_preferences_window_data_init (PsPreferencesWindow *self)
{
  g_autofree char *proxy = g_settings_get_string (self->settings, "proxy");

  if (ps_data_context_get_offline_forced (self->context))
    {
      gtk_switch_set_active (self->offline_switch, TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->offline_switch), FALSE);
      gtk_label_set_text (self->offline_subtitle, _("This run was started with --offline"));
    }
  else
    g_settings_bind (self->settings, "offline", self->offline_switch, "active", G_SETTINGS_BIND_DEFAULT);

  sync_providers (self);
  g_signal_connect_object (self->context, "changed", G_CALLBACK (sync_providers),
                           self, G_CONNECT_SWAPPED);

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_entry), proxy);
  self->syncing = FALSE;
  g_signal_connect_object (self->settings, "changed::proxy", G_CALLBACK (proxy_changed_cb),
                           self, G_CONNECT_SWAPPED);

  setup_cache (self);
  _ps_preferences_window_folders_init (self);
  _ps_preferences_window_account_init (self);
}

void
_ps_preferences_window_data_dispose (PsPreferencesWindow *self)
{
  /* A proxy typed and not yet saved is saved when the window closes. */
  if (self->proxy_save_id != 0)
    save_proxy (self);
  g_cancellable_cancel (self->cancellable);
  _ps_preferences_window_folders_dispose (self);
  _ps_preferences_window_account_dispose (self);
}

void
_ps_preferences_window_class_data_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, cache_clear_button);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, cache_limit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, cache_subtitle);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, cache_usage_label);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, folders_list);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, offline_subtitle);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, offline_switch);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, providers_list);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, proxy_entry);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, proxy_subtitle);
  gtk_widget_class_bind_template_callback (widget_class, cache_clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, proxy_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, proxy_entry_changed_cb);
}
