/* ps-data-context-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What ps-data-context.c (settings, providers, offline) and
 * ps-data-context-cache.c (the cache and its jobs on workers) share.
 */
#pragma once

#include "ps-data-context.h"

G_BEGIN_DECLS

struct _PsDataContext
{
  GObject             parent_instance;

  GSettings          *settings;
  PsFetcher          *fetcher;
  PsProviderRegistry *registry;
  PsProviderRegistry *known;         /* the same, disabled providers included */

  PsCache            *cache;         /* NULL when it could not be opened… */
  GError             *cache_error;   /* …for this reason */
  guint64             cache_limit;   /* the last limit applied; 0: none */

  GHashTable         *monitors;      /* folder → GFileMonitor */
  guint               local_timeout; /* a burst of file events settling */

  guint               offline_key : 1;
  guint               offline_forced : 1;
};

void _ps_data_context_emit_cache_changed  (PsDataContext *self);
void _ps_data_context_open_cache          (PsDataContext *self);
void _ps_data_context_cache_limit_changed (PsDataContext *self);

void _ps_data_context_init_local            (PsDataContext *self);
void _ps_data_context_finalize_local        (PsDataContext *self);
void _ps_data_context_local_folders_changed (PsDataContext *self);
void _ps_data_context_watch                 (PsDataContext *self,
                                             const char    *folder,
                                             guint          depth);
void _ps_data_context_emit_local_changed    (PsDataContext *self);

G_END_DECLS
