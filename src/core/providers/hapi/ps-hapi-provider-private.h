/* ps-hapi-provider-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by ps-hapi-provider.c (the object, its requests and memos),
 * ps-hapi-inventory.c and ps-hapi-fetch.c. Everything runs on the thread
 * the provider is called from (the fetcher's rule), except the parsing of
 * large bodies, which gets copies of what it needs.
 */
#pragma once

#include "ps-hapi-meta.h"
#include "ps-hapi-provider.h"

G_BEGIN_DECLS

struct _PsHapiProvider
{
  GObject             parent_instance;

  char               *name;
  char               *prefix;        /* "hapi/NAME" */
  char               *base_url;      /* without a final slash */
  PsFetcher          *fetcher;

  PsHapiCapabilities *capabilities;  /* once known, else NULL */
  GHashTable         *datasets;      /* id → PsHapiDataset with an info */
};

/* Requests */
char          *_ps_hapi_provider_url                       (PsHapiProvider       *self,
                                                            const char           *endpoint,
                                                            ...) G_GNUC_NULL_TERMINATED;
gboolean       _ps_hapi_provider_is_v3                     (PsHapiProvider       *self,
                                                            PsHapiDataset        *dataset);
GError        *_ps_hapi_provider_request_error             (PsHapiProvider       *self,
                                                            GError               *error,
                                                            const char           *dataset);
void           _ps_hapi_fetch_options_init                 (PsFetchOptions       *opts);

/* Memos */
void           _ps_hapi_provider_capabilities_async        (PsHapiProvider       *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
const PsHapiCapabilities *
               _ps_hapi_provider_capabilities_finish       (PsHapiProvider       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void           _ps_hapi_provider_dataset_async             (PsHapiProvider       *self,
                                                            const char           *id,
                                                            gboolean              fresh,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
PsHapiDataset *_ps_hapi_provider_dataset_finish            (PsHapiProvider       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void           _ps_hapi_provider_remember                  (PsHapiProvider       *self,
                                                            PsHapiDataset        *dataset);

/* ps-hapi-inventory.c */
void           _ps_hapi_provider_build_inventory_async     (PsProvider           *provider,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
PsInventoryNode *
               _ps_hapi_provider_build_inventory_finish    (PsProvider           *provider,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* ps-hapi-fetch.c */
void           _ps_hapi_provider_fetch_async               (PsProvider           *provider,
                                                            const char           *product_path,
                                                            const PsTimeRange    *range,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
PsSeries      *_ps_hapi_provider_fetch_finish              (PsProvider           *provider,
                                                            GAsyncResult         *result,
                                                            char                **version,
                                                            GError              **error);
void           _ps_hapi_provider_check_version_async       (PsProvider           *provider,
                                                            const char           *product_path,
                                                            const PsTimeRange    *range,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
char          *_ps_hapi_provider_check_version_finish      (PsProvider           *provider,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS
