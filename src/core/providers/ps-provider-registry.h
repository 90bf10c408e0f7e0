/* ps-provider-registry.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsProviderRegistry: the providers of one application (or one CLI run),
 * registered at start-up, found by the product paths they own. The
 * default set is built from a configuration (GSettings in the app,
 * options and the environment in the CLI): which providers are disabled,
 * base URLs replaced (mirrors, tests), HAPI servers added.
 */
#pragma once

#include "ps-fetcher.h"
#include "ps-provider.h"

G_BEGIN_DECLS

#define PS_TYPE_PROVIDER_REGISTRY (ps_provider_registry_get_type ())

G_DECLARE_FINAL_TYPE (PsProviderRegistry, ps_provider_registry, PS, PROVIDER_REGISTRY, GObject)

/* What ps_provider_registry_new_default() builds. Every field may be NULL. */
typedef struct
{
  const char * const *disabled;      /* prefixes: "cda", "hapi/amda", or "hapi" for every HAPI server */
  const char * const *base_urls;     /* "PREFIX=URL": "cda=http://mirror/WS/cdasr/1" */
  const char * const *hapi_servers;  /* "NAME=URL": HAPI servers added to (or replacing) the defaults */
  const char * const *local_folders; /* the folders of the "local" provider */
} PsProviderConfig;

PsProviderRegistry *ps_provider_registry_new          (void);
PsProviderRegistry *ps_provider_registry_new_default  (PsFetcher               *fetcher,
                                                       const PsProviderConfig  *config,
                                                       GError                 **error);
void                ps_provider_registry_add          (PsProviderRegistry      *self,
                                                       PsProvider              *provider);
gboolean            ps_provider_registry_remove       (PsProviderRegistry      *self,
                                                       const char              *prefix);
PsProvider         *ps_provider_registry_get          (PsProviderRegistry      *self,
                                                       const char              *prefix);
PsProvider         *ps_provider_registry_lookup       (PsProviderRegistry      *self,
                                                       const char              *product_path);
guint               ps_provider_registry_get_n_items  (PsProviderRegistry      *self);
PsProvider         *ps_provider_registry_get_item     (PsProviderRegistry      *self,
                                                       guint                    index);
gboolean            ps_provider_config_is_disabled    (const PsProviderConfig  *config,
                                                       const char              *prefix);
const char         *ps_provider_config_base_url       (const PsProviderConfig  *config,
                                                       const char              *prefix);

G_END_DECLS
