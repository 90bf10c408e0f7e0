/* ps-get.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ps_get_async(): a product over a time range, from the cache when it
 * can, from its provider when it must (DESIGN.md "Cache"): the range is
 * laid on the product's fragment grid, only missing fragments are asked
 * for (adjacent ones in one request, long ones split), what comes back is
 * stored fragment by fragment, and the answer is cut from the fragments.
 * A provider of this computer's files (ps_provider_is_local()) is asked
 * directly: its files are their own cache, there also offline.
 */
#pragma once

#include "ps-cache.h"
#include "ps-provider.h"

G_BEGIN_DECLS

#define PS_GET_ERROR (ps_get_error_quark ())

typedef enum
{
  PS_GET_ERROR_OFFLINE, /* offline, and fragments of the range are not cached */
  PS_GET_ERROR_BUSY,    /* another process downloads the fragments, for too long */
} PsGetError;

/* Fill with ps_get_options_init(), then change what you need. */
typedef struct
{
  gboolean offline;       /* serve what is cached; fail naming what is not */
  PsTime   max_age;       /* a fragment fetched longer ago is revalidated;
                           * 0: never (default: PS_GET_DEFAULT_MAX_AGE) */
  PsTime   claim_ttl;     /* how long our claim on a download holds if we
                           * die without releasing it (default 10 min) */
  PsTime   wait_timeout;  /* how long to wait for a download another process
                           * or thread claimed (default 5 min) */
} PsGetOptions;

#define PS_GET_DEFAULT_MAX_AGE (7 * PS_TIME_NS_PER_DAY)

GQuark    ps_get_error_quark  (void);
void      ps_get_options_init (PsGetOptions        *opts);

void      ps_get_async        (PsProvider          *provider,
                               PsCache             *cache,
                               const char          *product_path,
                               const PsTimeRange   *range,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
void      ps_get_full_async   (PsProvider          *provider,
                               PsCache             *cache,
                               const char          *product_path,
                               const PsTimeRange   *range,
                               const PsGetOptions  *opts,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
PsSeries *ps_get_finish       (GAsyncResult        *result,
                               GError             **error);

G_END_DECLS
