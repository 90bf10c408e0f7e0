/* ps-get.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ps_get_async(): a product over a time range, from the cache when it
 * can, from its provider when it must (DESIGN.md "Cache"): the range is
 * laid on the product's fragment grid, only missing fragments are asked
 * for (adjacent ones in one request, long ones split), what comes back is
 * stored fragment by fragment, and the answer is cut from the fragments.
 */
#pragma once

#include "ps-cache.h"
#include "ps-provider.h"

G_BEGIN_DECLS

void      ps_get_async  (PsProvider          *provider,
                         PsCache             *cache,
                         const char          *product_path,
                         const PsTimeRange   *range,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data);
PsSeries *ps_get_finish (GAsyncResult        *result,
                         GError             **error);

G_END_DECLS
