/* ps-data-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The settings it follows:
 *   proxy               a new fetcher, then a new registry ("changed");
 *   disabled-providers,
 *   hapi-servers        a new registry ("changed");
 *   local-folders       the local provider's folders, watched
 *                       (ps-data-context-local.c): "local-changed" when
 *                       they change and when files in them do;
 *   offline             the "offline" property (also set by --offline);
 *   cache-size-limit    a prune on a worker when the limit is lowered
 *                       (and once at start-up), "cache-changed" when it
 *                       removed something.
 * A setting that makes no sense (a malformed proxy or HAPI server, written
 * with dconf) is ignored with a warning, never fatal. The cache is in
 * ps-data-context-cache.c.
 */

#define G_LOG_DOMAIN "ps-data-context"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-data-context-private.h"

G_DEFINE_FINAL_TYPE (PsDataContext, ps_data_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_FETCHER,
  PROP_REGISTRY,
  PROP_OFFLINE,
  N_PROPS
};

enum {
  CHANGED,
  CACHE_CHANGED,
  LOCAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Providers */

static PsProviderRegistry *
build_registry (PsDataContext    *self,
                PsProviderConfig *config)
{
  g_autoptr(GError) error = NULL;
  PsProviderRegistry *registry;

  g_assert (PS_IS_DATA_CONTEXT (self));

  registry = ps_provider_registry_new_default (self->fetcher, config, &error);
  if (registry != NULL)
    return registry;

  /* Only the user's entries can be malformed: the known servers still work. */
  g_warning ("Ignoring the added HAPI servers: %s", error->message);
  g_clear_error (&error);
  config->hapi_servers = NULL;
  registry = ps_provider_registry_new_default (self->fetcher, config, &error);
  if (registry == NULL)
    {
      g_warning ("No data provider: %s", error->message);
      registry = ps_provider_registry_new ();
    }
  return registry;
}

static void
rebuild_registry (PsDataContext *self)
{
  g_auto(GStrv) disabled = g_settings_get_strv (self->settings, "disabled-providers");
  g_auto(GStrv) hapi_servers = g_settings_get_strv (self->settings, "hapi-servers");
  g_auto(GStrv) local_folders = g_settings_get_strv (self->settings, "local-folders");
  PsProviderConfig config = {
    (const char * const *) disabled,
    NULL,
    (const char * const *) hapi_servers,
    (const char * const *) local_folders,
  };

  g_clear_object (&self->registry);
  self->registry = build_registry (self, &config);
  /* build_registry() drops malformed HAPI servers from @config: the known
   * list is built from what the registry was built from. */
  config.disabled = NULL;
  g_clear_object (&self->known);
  self->known = build_registry (self, &config);
}

static void
rebuild_fetcher (PsDataContext *self)
{
  g_autofree char *proxy = g_settings_get_string (self->settings, "proxy");
  g_autoptr(GError) error = NULL;

  g_strstrip (proxy);
  if (!ps_data_context_check_proxy (proxy, &error))
    {
      g_warning ("%s; using the environment’s proxy", error->message);
      g_clear_pointer (&proxy, g_free);
    }

  g_clear_object (&self->fetcher);
  /* An empty proxy is the environment's, as NULL. */
  self->fetcher = g_object_new (PS_TYPE_FETCHER, "proxy", proxy, NULL);
}

static void
providers_changed_cb (PsDataContext *self,
                      const char    *key,
                      GSettings     *settings)
{
  if (g_strcmp0 (key, "proxy") == 0)
    {
      rebuild_fetcher (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCHER]);
    }
  rebuild_registry (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTRY]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Offline */

static void
update_offline (PsDataContext *self,
                gboolean       key,
                gboolean       forced)
{
  gboolean was = ps_data_context_get_offline (self);

  self->offline_key = !!key;
  self->offline_forced = !!forced;
  if (was != ps_data_context_get_offline (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

static void
offline_changed_cb (PsDataContext *self,
                    const char    *key,
                    GSettings     *settings)
{
  update_offline (self, g_settings_get_boolean (settings, "offline"), self->offline_forced);
}

/* GObject */

static void
ps_data_context_constructed (GObject *object)
{
  PsDataContext *self = PS_DATA_CONTEXT (object);
  static const char * const provider_keys[] = { "disabled-providers", "hapi-servers", "proxy" };

  G_OBJECT_CLASS (ps_data_context_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  /* Connected before the keys are read: some backends only notify keys
   * that were read once. */
  for (guint i = 0; i < G_N_ELEMENTS (provider_keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", provider_keys[i], NULL);

      g_signal_connect_object (self->settings, signal, G_CALLBACK (providers_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->settings, "changed::offline", G_CALLBACK (offline_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::cache-size-limit",
                           G_CALLBACK (_ps_data_context_cache_limit_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::local-folders",
                           G_CALLBACK (_ps_data_context_local_folders_changed), self, G_CONNECT_SWAPPED);

  rebuild_fetcher (self);
  rebuild_registry (self);
  self->offline_key = g_settings_get_boolean (self->settings, "offline");

  _ps_data_context_open_cache (self);
  _ps_data_context_cache_limit_changed (self);
  _ps_data_context_init_local (self);
  {
    g_auto(GStrv) folders = g_settings_get_strv (self->settings, "local-folders");

    for (guint i = 0; folders[i] != NULL; i++)
      _ps_data_context_watch (self, folders[i], 0);
  }
}

void
_ps_data_context_emit_local_changed (PsDataContext *self)
{
  g_signal_emit (self, signals[LOCAL_CHANGED], 0);
}

static void
ps_data_context_finalize (GObject *object)
{
  PsDataContext *self = PS_DATA_CONTEXT (object);

  _ps_data_context_finalize_local (self);
  g_clear_object (&self->registry);
  g_clear_object (&self->known);
  g_clear_object (&self->fetcher);
  g_clear_pointer (&self->cache, ps_cache_close);
  g_clear_error (&self->cache_error);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ps_data_context_parent_class)->finalize (object);
}

static void
ps_data_context_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PsDataContext *self = PS_DATA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_FETCHER:
      g_value_set_object (value, self->fetcher);
      break;

    case PROP_REGISTRY:
      g_value_set_object (value, self->registry);
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, ps_data_context_get_offline (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_data_context_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PsDataContext *self = PS_DATA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_data_context_class_init (PsDataContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ps_data_context_constructed;
  object_class->finalize = ps_data_context_finalize;
  object_class->get_property = ps_data_context_get_property;
  object_class->set_property = ps_data_context_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FETCHER] =
    g_param_spec_object ("fetcher", NULL, NULL,
                         PS_TYPE_FETCHER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGISTRY] =
    g_param_spec_object ("registry", NULL, NULL,
                         PS_TYPE_PROVIDER_REGISTRY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsDataContext::changed:
   *
   * The fetcher or the registry was replaced (a provider setting changed):
   * whoever holds providers takes them again.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * PsDataContext::cache-changed:
   *
   * The context removed data from the cache (cleared it, or trimmed it to
   * its size limit): its disk usage is not what it was.
   */
  /**
   * PsDataContext::local-changed:
   *
   * The folders of data files changed, or files in them did: the local
   * provider's inventory is not what it was.
   */
  signals[LOCAL_CHANGED] =
    g_signal_new ("local-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[CACHE_CHANGED] =
    g_signal_new ("cache-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ps_data_context_init (PsDataContext *self)
{
}

void
_ps_data_context_emit_cache_changed (PsDataContext *self)
{
  g_assert (PS_IS_DATA_CONTEXT (self));

  g_signal_emit (self, signals[CACHE_CHANGED], 0);
}

/* Public API */

/**
 * ps_data_context_new:
 * @settings: the application's settings
 *
 * Opens the cache (in $PLASMASCOPE_CACHE_DIR, else the user cache
 * directory), builds the fetcher and the providers, and starts trimming
 * the cache to its size limit on a worker.
 *
 * Returns: (transfer full): a new context
 */
PsDataContext *
ps_data_context_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (PS_TYPE_DATA_CONTEXT, "settings", settings, NULL);
}

/**
 * ps_data_context_get_settings:
 *
 * Returns: (transfer none): the settings the context follows
 */
GSettings *
ps_data_context_get_settings (PsDataContext *self)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), NULL);

  return self->settings;
}

/**
 * ps_data_context_get_fetcher:
 *
 * Returns: (transfer none): the fetcher every provider shares; replaced
 *   when the proxy changes
 */
PsFetcher *
ps_data_context_get_fetcher (PsDataContext *self)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), NULL);

  return self->fetcher;
}

/**
 * ps_data_context_get_registry:
 *
 * Returns: (transfer none): the enabled providers; replaced on
 *   #PsDataContext::changed
 */
PsProviderRegistry *
ps_data_context_get_registry (PsDataContext *self)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), NULL);

  return self->registry;
}

/**
 * ps_data_context_get_known_providers:
 *
 * What the registry would hold if no provider were disabled: the list the
 * preferences show, each with its switch.
 *
 * Returns: (transfer none): every provider; replaced on
 *   #PsDataContext::changed
 */
PsProviderRegistry *
ps_data_context_get_known_providers (PsDataContext *self)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), NULL);

  return self->known;
}

/**
 * ps_data_context_get_provider_enabled:
 * @prefix: a provider's prefix ("cda", "hapi/amda")
 *
 * Returns: whether the disabled-providers setting leaves @prefix enabled
 */
gboolean
ps_data_context_get_provider_enabled (PsDataContext *self,
                                      const char    *prefix)
{
  g_auto(GStrv) disabled = NULL;
  PsProviderConfig config = { NULL, NULL, NULL };

  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), FALSE);
  g_return_val_if_fail (prefix != NULL, FALSE);

  disabled = g_settings_get_strv (self->settings, "disabled-providers");
  config.disabled = (const char * const *) disabled;
  return !ps_provider_config_is_disabled (&config, prefix);
}

static gboolean
covers (const char *entry,
        const char *prefix)
{
  gsize n = strlen (entry);

  return strncmp (prefix, entry, n) == 0 && prefix[n] == '/';
}

static void
add_unique (GPtrArray  *list,
            const char *prefix)
{
  for (guint i = 0; i < list->len; i++)
    if (strcmp (g_ptr_array_index (list, i), prefix) == 0)
      return;
  g_ptr_array_add (list, g_strdup (prefix));
}

/**
 * ps_data_context_set_provider_enabled:
 * @prefix: a provider's prefix ("cda", "hapi/amda")
 *
 * Writes the disabled-providers setting. Enabling one provider of a
 * disabled group ("hapi") disables the others of the group one by one.
 */
void
ps_data_context_set_provider_enabled (PsDataContext *self,
                                      const char    *prefix,
                                      gboolean       enabled)
{
  g_auto(GStrv) disabled = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_if_fail (PS_IS_DATA_CONTEXT (self));
  g_return_if_fail (prefix != NULL);

  if (ps_data_context_get_provider_enabled (self, prefix) == !!enabled)
    return;

  disabled = g_settings_get_strv (self->settings, "disabled-providers");
  list = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; disabled[i] != NULL; i++)
    {
      if (!enabled || strcmp (disabled[i], prefix) == 0)
        {
          if (!enabled)
            add_unique (list, disabled[i]);
          continue;
        }
      if (!covers (disabled[i], prefix))
        {
          add_unique (list, disabled[i]);
          continue;
        }
      for (guint j = 0; j < ps_provider_registry_get_n_items (self->known); j++)
        {
          const char *other = ps_provider_get_prefix (ps_provider_registry_get_item (self->known, j));

          if (covers (disabled[i], other) && strcmp (other, prefix) != 0)
            add_unique (list, other);
        }
    }
  if (!enabled)
    add_unique (list, prefix);
  g_ptr_array_add (list, NULL);

  g_settings_set_strv (self->settings, "disabled-providers", (const char * const *) list->pdata);
}

/**
 * ps_data_context_get_offline:
 *
 * Returns: whether to serve cached data only: the offline setting, or
 *   --offline
 */
gboolean
ps_data_context_get_offline (PsDataContext *self)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), FALSE);

  return self->offline_key || self->offline_forced;
}

/**
 * ps_data_context_get_offline_forced:
 *
 * Returns: whether this run is offline whatever the setting says
 */
gboolean
ps_data_context_get_offline_forced (PsDataContext *self)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), FALSE);

  return self->offline_forced;
}

/**
 * ps_data_context_set_offline_forced:
 *
 * Makes this run offline whatever the setting says (--offline), without
 * changing the setting.
 */
void
ps_data_context_set_offline_forced (PsDataContext *self,
                                    gboolean       forced)
{
  g_return_if_fail (PS_IS_DATA_CONTEXT (self));

  update_offline (self, self->offline_key, forced);
}

static gboolean
is_host (const char *host)
{
  if (host == NULL || host[0] == '\0')
    return FALSE;
  if (g_hostname_is_ip_address (host))
    return TRUE;
  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/**
 * ps_data_context_check_proxy:
 * @proxy: (nullable): what the proxy setting would hold
 *
 * A proxy is SCHEME://HOST[:PORT][/], SCHEME one that libcurl knows (http,
 * https, socks4, socks4a, socks5, socks5h). Empty (or %NULL) is valid: the
 * environment's proxy.
 *
 * Returns: whether @proxy is one, else %FALSE with @error set
 */
gboolean
ps_data_context_check_proxy (const char  *proxy,
                             GError     **error)
{
  static const char * const schemes[] = { "http", "https", "socks4", "socks4a", "socks5", "socks5h", NULL };
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (proxy == NULL || proxy[0] == '\0')
    return TRUE;

  uri = g_uri_parse (proxy, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL
      || !g_strv_contains (schemes, g_uri_get_scheme (uri))
      || !is_host (g_uri_get_host (uri))
      || g_uri_get_userinfo (uri) != NULL
      || g_uri_get_port (uri) == 0
      || (g_strcmp0 (g_uri_get_path (uri), "") != 0 && g_strcmp0 (g_uri_get_path (uri), "/") != 0)
      || g_uri_get_query (uri) != NULL
      || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a proxy: give SCHEME://HOST or SCHEME://HOST:PORT, where SCHEME is http, https, socks4, socks4a, socks5 or socks5h"),
                   proxy);
      return FALSE;
    }
  return TRUE;
}
