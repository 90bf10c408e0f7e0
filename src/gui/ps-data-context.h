/* ps-data-context.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsDataContext: the application's data objects — one fetcher, one cache
 * and the provider registry — built from its settings and kept in step
 * with them (GcalContext's role in GNOME Calendar). It needs GIO and the
 * core library only, no GTK: it is built as a library of its own that the
 * displayless tests link.
 */
#pragma once

#include <gio/gio.h>

#include "ps-cache.h"
#include "ps-fetcher.h"
#include "ps-provider-registry.h"

G_BEGIN_DECLS

/* Where the cache lives when set (and not empty); else the user cache
 * directory (ps_cache_get_default_dir()). */
#define PS_CACHE_DIR_ENV "PLASMASCOPE_CACHE_DIR"

#define PS_TYPE_DATA_CONTEXT (ps_data_context_get_type ())

G_DECLARE_FINAL_TYPE (PsDataContext, ps_data_context, PS, DATA_CONTEXT, GObject)

PsDataContext      *ps_data_context_new                   (GSettings            *settings);
GSettings          *ps_data_context_get_settings          (PsDataContext        *self);

PsFetcher          *ps_data_context_get_fetcher           (PsDataContext        *self);
PsProviderRegistry *ps_data_context_get_registry          (PsDataContext        *self);
PsProviderRegistry *ps_data_context_get_known_providers   (PsDataContext        *self);
gboolean            ps_data_context_get_provider_enabled  (PsDataContext        *self,
                                                           const char           *prefix);
void                ps_data_context_set_provider_enabled  (PsDataContext        *self,
                                                           const char           *prefix,
                                                           gboolean              enabled);

gboolean            ps_data_context_get_offline           (PsDataContext        *self);
gboolean            ps_data_context_get_offline_forced    (PsDataContext        *self);
void                ps_data_context_set_offline_forced    (PsDataContext        *self,
                                                           gboolean              forced);

PsCache            *ps_data_context_get_cache             (PsDataContext        *self);
const GError       *ps_data_context_get_cache_error       (PsDataContext        *self);
void                ps_data_context_get_cache_stats_async (PsDataContext        *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
PsCacheStats       *ps_data_context_get_cache_stats_finish (PsDataContext       *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void                ps_data_context_clear_cache_async     (PsDataContext        *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean            ps_data_context_clear_cache_finish    (PsDataContext        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

void                ps_data_context_add_local_folder      (PsDataContext        *self,
                                                           const char           *folder);
void                ps_data_context_remove_local_folder   (PsDataContext        *self,
                                                           const char           *folder);
guint               ps_data_context_get_n_watched_folders (PsDataContext        *self);

gboolean            ps_data_context_check_proxy           (const char           *proxy,
                                                           GError              **error);

G_END_DECLS
