/* ps-cache.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsCache: the on-disk cache of downloaded data. Each product is cut into
 * fragments on a fixed grid (fragment starts are multiples of the fragment
 * length counted from 1970-01-01); one fragment is one file in the
 * ps-cache-fragment.h format, under DIR/fragments/, and an SQLite index
 * (DIR/index.sqlite, WAL) maps (provider, product, variant, fragment start)
 * to its file, stop, byte size, version (ETag or Last-Modified text),
 * fetch time and last use.
 *
 * Every call is synchronous, short and thread-safe. Any number of processes
 * may share one directory: writes are atomic (temporary file, rename, then
 * the index transaction), a reader that loses a race retries or sees a
 * miss, and a damaged file is dropped, never returned. Stores are not
 * flushed to the disk: after a system crash, recent fragments may be lost
 * (planned as missing once a lookup found them damaged), never served
 * corrupt; see ps-cache.c.
 */
#pragma once

#include <gio/gio.h>

#include "ps-series.h"
#include "ps-time.h"
#include "ps-time-range.h"

G_BEGIN_DECLS

#define PS_CACHE_ERROR (ps_cache_error_quark ())

typedef enum
{
  PS_CACHE_ERROR_DATABASE, /* SQLite failed (busy beyond the timeout, full disk, …) */
  PS_CACHE_ERROR_IO,       /* a file or directory operation failed */
  PS_CACHE_ERROR_INVALID,  /* the arguments make no sense (e.g. too many fragments) */
} PsCacheError;

typedef struct _PsCache PsCache;

/* See ps_cache_set_provisional_max_age(). */
#define PS_CACHE_PROVISIONAL_MAX_AGE (3600 * PS_TIME_NS_PER_SECOND)

/* What a fragment belongs to. All three are non-NULL; variant is "" when a
 * product comes in one form only (otherwise e.g. the parameter list). */
typedef struct
{
  const char *provider;
  const char *product;
  const char *variant;
} PsCacheProduct;

typedef enum
{
  PS_CACHE_FRESH,   /* cached and younger than the maximum age */
  PS_CACHE_STALE,   /* cached but older: usable, to be revalidated */
  PS_CACHE_MISSING, /* not cached, or cached only in part (shorter stop) */
} PsCacheState;

typedef struct
{
  PsTime        start;
  PsTime        stop;
  PsCacheState  state;
  char         *version;   /* the cached version, or NULL */
} PsCacheSlot;

typedef struct
{
  PsTime  start;
  PsTime  stop;
  /* NULL: a download of missing fragments. Otherwise the revalidation of
   * one stale fragment (If-None-Match / If-Modified-Since with this). */
  char   *version;
} PsCacheRequest;

typedef struct
{
  PsTime          fragment_length;
  guint           n_slots;     /* every fragment of the grid the range touches */
  PsCacheSlot    *slots;
  guint           n_requests;  /* what to ask the provider, in time order */
  PsCacheRequest *requests;
} PsCachePlan;

typedef struct
{
  char    *provider;
  guint64  n_fragments;
  guint64  bytes;
} PsCacheProviderStats;

typedef struct
{
  guint64               n_fragments;
  guint64               bytes;
  guint                 n_providers;  /* sorted by name */
  PsCacheProviderStats *providers;
} PsCacheStats;

typedef struct
{
  guint   n_evicted;        /* least recently used fragments removed */
  guint64 bytes_evicted;
  guint   n_orphan_files;   /* files no index row names */
  guint   n_missing_files;  /* index rows whose file was gone */
} PsCachePruneResult;

GQuark        ps_cache_error_quark                (void);

char         *ps_cache_get_default_dir            (void);
PsTime        ps_cache_fragment_length_for_cadence (PsTime                 cadence);

PsCache      *ps_cache_open                       (const char            *dir,
                                                   GError               **error);
void          ps_cache_close                      (PsCache               *self);
const char   *ps_cache_get_dir                    (PsCache               *self);

PsSeries     *ps_cache_lookup                     (PsCache               *self,
                                                   const PsCacheProduct  *product,
                                                   PsTime                 fragment_start,
                                                   GError               **error);
gboolean      ps_cache_store                      (PsCache               *self,
                                                   const PsCacheProduct  *product,
                                                   PsTime                 fragment_start,
                                                   PsTime                 fragment_stop,
                                                   const char            *version,
                                                   PsSeries              *series,
                                                   GError               **error);
gboolean      ps_cache_mark_fresh                 (PsCache               *self,
                                                   const PsCacheProduct  *product,
                                                   PsTime                 fragment_start,
                                                   const char            *version,
                                                   GError               **error);

PsCachePlan  *ps_cache_plan                       (PsCache               *self,
                                                   const PsCacheProduct  *product,
                                                   const PsTimeRange     *range,
                                                   PsTime                 fragment_length,
                                                   PsTime                 max_span,
                                                   PsTime                 max_age,
                                                   GError               **error);
void          ps_cache_plan_free                  (PsCachePlan           *plan);
void          ps_cache_set_provisional_max_age    (PsCache               *self,
                                                   PsTime                 max_age);
gboolean      ps_cache_get_fragment_length        (PsCache               *self,
                                                   const PsCacheProduct  *product,
                                                   PsTime                *length,
                                                   GError               **error);

gboolean      ps_cache_prune                      (PsCache               *self,
                                                   guint64                max_bytes,
                                                   PsCachePruneResult    *result,
                                                   GError               **error);
gboolean      ps_cache_clear                      (PsCache               *self,
                                                   GError               **error);
PsCacheStats *ps_cache_get_stats                  (PsCache               *self,
                                                   GError               **error);
void          ps_cache_stats_free                 (PsCacheStats          *stats);

gboolean      ps_cache_claim                      (PsCache               *self,
                                                   const PsCacheProduct  *product,
                                                   PsTime                 fragment_start,
                                                   PsTime                 ttl,
                                                   GError               **error);
gboolean      ps_cache_claim_fragments            (PsCache               *self,
                                                   const PsCacheProduct  *product,
                                                   const PsTime          *starts,
                                                   guint                  n_starts,
                                                   PsTime                 ttl,
                                                   PsTime                *busy,
                                                   GError               **error);
gboolean      ps_cache_release                    (PsCache               *self,
                                                   const PsCacheProduct  *product,
                                                   PsTime                 fragment_start,
                                                   GError               **error);
gboolean      ps_cache_release_fragments          (PsCache               *self,
                                                   const PsCacheProduct  *product,
                                                   const PsTime          *starts,
                                                   guint                  n_starts,
                                                   GError               **error);
gboolean      ps_cache_wait_claim                 (PsCache               *self,
                                                   const PsCacheProduct  *product,
                                                   PsTime                 fragment_start,
                                                   PsTime                 timeout,
                                                   GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsCache, ps_cache_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsCachePlan, ps_cache_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsCacheStats, ps_cache_stats_free)

G_END_DECLS
