/* ps-provider-registry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Providers are kept in registration order (the order the inventory
 * shows them in). A product path belongs to the provider with the longest
 * prefix that owns it ("hapi/cdaweb/…" to the CDAWeb HAPI server, not to
 * a provider named "hapi").
 */

#define G_LOG_DOMAIN "ps-provider-registry"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-amda-provider.h"
#include "ps-cda-provider.h"
#include "ps-csa-provider.h"
#include "ps-hapi-provider.h"
#include "ps-hapi-servers.h"
#include "ps-local-provider.h"
#include "ps-provider-registry.h"
#include "ps-ssc-provider.h"

struct _PsProviderRegistry
{
  GObject    parent_instance;

  GPtrArray *providers;
};

G_DEFINE_FINAL_TYPE (PsProviderRegistry, ps_provider_registry, G_TYPE_OBJECT)

static void
ps_provider_registry_finalize (GObject *object)
{
  PsProviderRegistry *self = PS_PROVIDER_REGISTRY (object);

  g_ptr_array_unref (self->providers);

  G_OBJECT_CLASS (ps_provider_registry_parent_class)->finalize (object);
}

static void
ps_provider_registry_class_init (PsProviderRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_provider_registry_finalize;
}

static void
ps_provider_registry_init (PsProviderRegistry *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * ps_provider_registry_new:
 *
 * Returns: (transfer full): an empty registry
 */
PsProviderRegistry *
ps_provider_registry_new (void)
{
  return g_object_new (PS_TYPE_PROVIDER_REGISTRY, NULL);
}

/* The value of "KEY=VALUE" in @list for @key, or NULL. */
static const char *
lookup_pair (const char * const *list,
             const char         *key)
{
  gsize n = strlen (key);

  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    if (strncmp (list[i], key, n) == 0 && list[i][n] == '=')
      return list[i] + n + 1;
  return NULL;
}

/**
 * ps_provider_config_is_disabled:
 * @config: (nullable): a configuration
 * @prefix: a provider's prefix ("cda", "hapi/amda")
 *
 * Returns: whether @config disables @prefix, itself or through its first
 *   component ("hapi" disables every HAPI server)
 */
gboolean
ps_provider_config_is_disabled (const PsProviderConfig *config,
                                const char             *prefix)
{
  g_return_val_if_fail (prefix != NULL, FALSE);

  if (config == NULL || config->disabled == NULL)
    return FALSE;
  for (guint i = 0; config->disabled[i] != NULL; i++)
    {
      const char *d = config->disabled[i];
      gsize n = strlen (d);

      if (strcmp (d, prefix) == 0 || (strncmp (prefix, d, n) == 0 && prefix[n] == '/'))
        return TRUE;
    }
  return FALSE;
}

/**
 * ps_provider_config_base_url:
 *
 * Returns: (nullable): the base URL @config gives for @prefix
 */
const char *
ps_provider_config_base_url (const PsProviderConfig *config,
                             const char             *prefix)
{
  g_return_val_if_fail (prefix != NULL, NULL);

  return config != NULL ? lookup_pair (config->base_urls, prefix) : NULL;
}

/**
 * ps_provider_registry_new_default:
 * @fetcher: the fetcher every provider shares
 * @config: (nullable): what to leave out or change
 *
 * The providers Plasmascope knows, but those @config disables, with the
 * base URLs it gives (else the environment's, else the public ones):
 * CDAWeb, SSCWeb, AMDA, the Cluster Science Archive, then every HAPI server (the defaults of ps-hapi-servers.h,
 * $PLASMASCOPE_HAPI_SERVERS and @config's hapi_servers), then the files
 * of this computer: "local" (@config's local_folders) and "samples".
 *
 * Returns: (transfer full): the registry, or %NULL with @error set when
 *   @config is malformed
 */
PsProviderRegistry *
ps_provider_registry_new_default (PsFetcher               *fetcher,
                                  const PsProviderConfig  *config,
                                  GError                 **error)
{
  g_autoptr(PsProviderRegistry) self = ps_provider_registry_new ();
  g_autoptr(PsHapiServers) servers = NULL;

  g_return_val_if_fail (PS_IS_FETCHER (fetcher), NULL);

  if (config != NULL)
    for (guint i = 0; config->base_urls != NULL && config->base_urls[i] != NULL; i++)
      if (strchr (config->base_urls[i], '=') == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not PROVIDER=URL"), config->base_urls[i]);
          return NULL;
        }

  if (!ps_provider_config_is_disabled (config, "cda"))
    {
      g_autoptr(PsCdaProvider) cda = ps_cda_provider_new (ps_provider_config_base_url (config, "cda"), fetcher);

      ps_provider_registry_add (self, PS_PROVIDER (cda));
    }
  if (!ps_provider_config_is_disabled (config, "ssc"))
    {
      g_autoptr(PsSscProvider) ssc = ps_ssc_provider_new (ps_provider_config_base_url (config, "ssc"), fetcher);

      ps_provider_registry_add (self, PS_PROVIDER (ssc));
    }
  if (!ps_provider_config_is_disabled (config, "amda"))
    {
      g_autoptr(PsAmdaProvider) amda = ps_amda_provider_new (ps_provider_config_base_url (config, "amda"), fetcher);

      ps_provider_registry_add (self, PS_PROVIDER (amda));
    }
  if (!ps_provider_config_is_disabled (config, "csa"))
    {
      g_autoptr(PsCsaProvider) csa = ps_csa_provider_new (ps_provider_config_base_url (config, "csa"), fetcher);

      ps_provider_registry_add (self, PS_PROVIDER (csa));
    }

  /* HAPI: the public servers ($PLASMASCOPE_HAPI_SERVERS included), then
   * the configuration's; one provider each, "hapi/<name>". */
  servers = ps_hapi_servers_new_default (error);
  if (servers == NULL)
    return NULL;
  for (guint i = 0; config != NULL && config->hapi_servers != NULL && config->hapi_servers[i] != NULL; i++)
    if (!ps_hapi_servers_add (servers, config->hapi_servers[i], error))
      return NULL;
  for (guint i = 0; i < ps_hapi_servers_get_n (servers); i++)
    {
      const char *name = ps_hapi_servers_get_name (servers, i);
      g_autofree char *prefix = g_strconcat ("hapi/", name, NULL);
      const char *url = ps_provider_config_base_url (config, prefix);
      g_autoptr(PsHapiProvider) hapi = NULL;

      if (ps_provider_config_is_disabled (config, prefix))
        continue;
      hapi = ps_hapi_provider_new (name, url != NULL ? url : ps_hapi_servers_get_url (servers, i), fetcher);
      ps_provider_registry_add (self, PS_PROVIDER (hapi));
    }

  if (!ps_provider_config_is_disabled (config, "local"))
    {
      g_autoptr(PsLocalProvider) local = ps_local_provider_new (config != NULL ? config->local_folders : NULL);

      ps_provider_registry_add (self, PS_PROVIDER (local));
    }
  if (!ps_provider_config_is_disabled (config, "samples"))
    {
      g_autoptr(PsLocalProvider) samples = ps_local_provider_new_samples (NULL);

      ps_provider_registry_add (self, PS_PROVIDER (samples));
    }
  return g_steal_pointer (&self);
}

/**
 * ps_provider_registry_add:
 *
 * Registers @provider, in place of one with the same prefix.
 */
void
ps_provider_registry_add (PsProviderRegistry *self,
                          PsProvider         *provider)
{
  const char *prefix;

  g_return_if_fail (PS_IS_PROVIDER_REGISTRY (self));
  g_return_if_fail (PS_IS_PROVIDER (provider));

  prefix = ps_provider_get_prefix (provider);
  for (guint i = 0; i < self->providers->len; i++)
    if (strcmp (ps_provider_get_prefix (g_ptr_array_index (self->providers, i)), prefix) == 0)
      {
        g_object_unref (g_ptr_array_index (self->providers, i));
        g_ptr_array_index (self->providers, i) = g_object_ref (provider);
        return;
      }
  g_ptr_array_add (self->providers, g_object_ref (provider));
}

/**
 * ps_provider_registry_remove:
 *
 * Returns: whether a provider with @prefix was there
 */
gboolean
ps_provider_registry_remove (PsProviderRegistry *self,
                             const char         *prefix)
{
  g_return_val_if_fail (PS_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (prefix != NULL, FALSE);

  for (guint i = 0; i < self->providers->len; i++)
    if (strcmp (ps_provider_get_prefix (g_ptr_array_index (self->providers, i)), prefix) == 0)
      {
        g_ptr_array_remove_index (self->providers, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * ps_provider_registry_get:
 *
 * Returns: (transfer none) (nullable): the provider whose prefix is @prefix
 */
PsProvider *
ps_provider_registry_get (PsProviderRegistry *self,
                          const char         *prefix)
{
  g_return_val_if_fail (PS_IS_PROVIDER_REGISTRY (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  for (guint i = 0; i < self->providers->len; i++)
    if (strcmp (ps_provider_get_prefix (g_ptr_array_index (self->providers, i)), prefix) == 0)
      return g_ptr_array_index (self->providers, i);
  return NULL;
}

/**
 * ps_provider_registry_lookup:
 *
 * Returns: (transfer none) (nullable): the provider that owns
 *   @product_path (the longest prefix), or %NULL
 */
PsProvider *
ps_provider_registry_lookup (PsProviderRegistry *self,
                             const char         *product_path)
{
  PsProvider *best = NULL;
  gsize best_length = 0;

  g_return_val_if_fail (PS_IS_PROVIDER_REGISTRY (self), NULL);
  g_return_val_if_fail (product_path != NULL, NULL);

  for (guint i = 0; i < self->providers->len; i++)
    {
      PsProvider *provider = g_ptr_array_index (self->providers, i);
      gsize length = strlen (ps_provider_get_prefix (provider));

      if (length > best_length && ps_provider_owns (provider, product_path))
        {
          best = provider;
          best_length = length;
        }
    }
  return best;
}

guint
ps_provider_registry_get_n_items (PsProviderRegistry *self)
{
  g_return_val_if_fail (PS_IS_PROVIDER_REGISTRY (self), 0);

  return self->providers->len;
}

/**
 * ps_provider_registry_get_item:
 *
 * Returns: (transfer none): the @index-th provider, in registration order
 */
PsProvider *
ps_provider_registry_get_item (PsProviderRegistry *self,
                               guint               index)
{
  g_return_val_if_fail (PS_IS_PROVIDER_REGISTRY (self), NULL);
  g_return_val_if_fail (index < self->providers->len, NULL);

  return g_ptr_array_index (self->providers, index);
}
