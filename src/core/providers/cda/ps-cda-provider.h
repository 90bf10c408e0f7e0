/* ps-cda-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsCdaProvider: CDAWeb through its REST service (CDAS). The inventory
 * comes from the dataset list; a product "cda/<DATASET>/<VARIABLE>" over a
 * range is a data request (format=cdf) whose CDF files are downloaded and
 * read with our CDF reader and the ISTP rules.
 */
#pragma once

#include "ps-fetcher.h"
#include "ps-provider.h"

G_BEGIN_DECLS

#define PS_TYPE_CDA_PROVIDER (ps_cda_provider_get_type ())

G_DECLARE_FINAL_TYPE (PsCdaProvider, ps_cda_provider, PS, CDA_PROVIDER, GObject)

#define PS_CDA_DEFAULT_URL "https://cdaweb.gsfc.nasa.gov/WS/cdasr/1"

PsCdaProvider *ps_cda_provider_new          (const char        *base_url,
                                             PsFetcher         *fetcher);
const char    *ps_cda_provider_get_base_url (PsCdaProvider     *self);
char          *ps_cda_provider_data_url     (PsCdaProvider     *self,
                                             const char        *dataset,
                                             const char        *variable,
                                             const PsTimeRange *range);

G_END_DECLS
