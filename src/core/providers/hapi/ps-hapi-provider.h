/* ps-hapi-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsHapiProvider: one HAPI server (2.x or 3.x, github.com/hapi-server/
 * data-specification), under the prefix "hapi/NAME".
 *
 * Products are "hapi/NAME/DATASET/PARAMETER". Dataset ids may hold '/'
 * (INTERMAGNET's "aae/definitive/PT1M/native"), so the parameter is what
 * follows the LAST '/'; a '/' or '%' inside a parameter name is written
 * "%2F" or "%25" (ps_hapi_provider_product_path() does it).
 *
 * The inventory is NAME → datasets → parameters (the time parameter, and
 * string ones, are not products), from `catalog?depth=all` when the server
 * offers it, else from `catalog` and one `info` per dataset. A fetch asks
 * for the dataset's info once (kept while the provider lives; a failure
 * is not kept), then for the data, in binary when the server offers it,
 * else csv, else json, parsed on a worker thread. The range is clipped to
 * the dataset's coverage first (nothing outside it is asked for: no data
 * there). No data (1201, or 1405 despite the clipping) is an empty series
 * that keeps the parameter's metadata; "too much data" (1408) splits the
 * range in two and asks again, down to 1/256 of it. The version of what a
 * fetch brings is the info's modificationDate, else the data response's
 * ETag or Last-Modified.
 */
#pragma once

#include "ps-fetcher.h"
#include "ps-provider.h"

G_BEGIN_DECLS

#define PS_TYPE_HAPI_PROVIDER (ps_hapi_provider_get_type ())

G_DECLARE_FINAL_TYPE (PsHapiProvider, ps_hapi_provider, PS, HAPI_PROVIDER, GObject)

PsHapiProvider *ps_hapi_provider_new             (const char      *name,
                                                  const char      *base_url,
                                                  PsFetcher       *fetcher);
const char     *ps_hapi_provider_get_server_name (PsHapiProvider  *self);
const char     *ps_hapi_provider_get_base_url    (PsHapiProvider  *self);
char           *ps_hapi_provider_product_path    (PsHapiProvider  *self,
                                                  const char      *dataset,
                                                  const char      *parameter);
gboolean        ps_hapi_provider_split_product   (PsHapiProvider  *self,
                                                  const char      *product_path,
                                                  char           **dataset,
                                                  char           **parameter);

G_END_DECLS
