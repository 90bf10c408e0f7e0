/* ps-inventory-cache.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsInventoryCache: the providers' inventory trees saved on disk, next to
 * the download cache (CACHE_DIR/inventory/, by default
 * $XDG_CACHE_HOME/plasmascope/inventory/), one file per provider and
 * source, so that a launch shows the inventory at once and asks the
 * providers again only when it is old.
 */
#pragma once

#include "ps-inventory-node.h"
#include "ps-provider.h"

G_BEGIN_DECLS

#define PS_TYPE_INVENTORY_CACHE (ps_inventory_cache_get_type ())

G_DECLARE_FINAL_TYPE (PsInventoryCache, ps_inventory_cache, PS, INVENTORY_CACHE, GObject)

/* Providers add datasets a few times a month: a week-old tree is rebuilt */
#define PS_INVENTORY_CACHE_MAX_AGE (7 * G_TIME_SPAN_DAY)

typedef enum
{
  PS_INVENTORY_CACHE_DEFAULT = 0,
  PS_INVENTORY_CACHE_REFRESH = 1 << 0,  /* ask the provider even when the saved tree is recent */
  PS_INVENTORY_CACHE_OFFLINE = 1 << 1,  /* never ask: the saved tree, whatever its age */
} PsInventoryCacheFlags;

typedef enum
{
  PS_INVENTORY_ORIGIN_CACHE,     /* the saved tree, recent enough */
  PS_INVENTORY_ORIGIN_PROVIDER,  /* built now by the provider, and saved */
  PS_INVENTORY_ORIGIN_STALE,     /* the saved tree, out of date: the provider could not be asked */
} PsInventoryOrigin;

PsInventoryCache *ps_inventory_cache_new         (const char             *cache_dir);
const char       *ps_inventory_cache_get_dir     (PsInventoryCache       *self);
GTimeSpan         ps_inventory_cache_get_max_age (PsInventoryCache       *self);
void              ps_inventory_cache_set_max_age (PsInventoryCache       *self,
                                                  GTimeSpan               max_age);
char             *ps_inventory_cache_stamp       (PsProvider             *provider);
char             *ps_inventory_cache_get_path    (PsInventoryCache       *self,
                                                  PsProvider             *provider);
gboolean          ps_inventory_cache_is_fresh    (PsInventoryCache       *self,
                                                  gint64                  built_at);
PsInventoryNode  *ps_inventory_cache_load        (PsInventoryCache       *self,
                                                  PsProvider             *provider,
                                                  gint64                 *built_at,
                                                  GError                **error);
gboolean          ps_inventory_cache_save        (PsInventoryCache       *self,
                                                  PsProvider             *provider,
                                                  PsInventoryNode        *root,
                                                  gint64                  built_at,
                                                  GError                **error);
void              ps_inventory_cache_get_async   (PsInventoryCache       *self,
                                                  PsProvider             *provider,
                                                  PsInventoryCacheFlags   flags,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
PsInventoryNode  *ps_inventory_cache_get_finish  (PsInventoryCache       *self,
                                                  GAsyncResult           *result,
                                                  PsInventoryOrigin      *origin,
                                                  gint64                 *built_at,
                                                  GError                **build_error,
                                                  GError                **error);

G_END_DECLS
