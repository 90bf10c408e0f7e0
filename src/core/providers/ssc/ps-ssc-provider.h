/* ps-ssc-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsSscProvider: spacecraft trajectories from SSCWeb's REST service. The
 * inventory is the observatory list; a product "ssc/<observatory>/<frame>"
 * over a range is a location request, answered in XML: the positions (km)
 * in that frame (gse, gsm, sm, geo, gei).
 */
#pragma once

#include "ps-fetcher.h"
#include "ps-provider.h"

G_BEGIN_DECLS

#define PS_TYPE_SSC_PROVIDER (ps_ssc_provider_get_type ())

G_DECLARE_FINAL_TYPE (PsSscProvider, ps_ssc_provider, PS, SSC_PROVIDER, GObject)

#define PS_SSC_DEFAULT_URL "https://sscweb.gsfc.nasa.gov/WS/sscr/2"

PsSscProvider *ps_ssc_provider_new           (const char        *base_url,
                                              PsFetcher         *fetcher);
const char    *ps_ssc_provider_get_base_url  (PsSscProvider     *self);
char          *ps_ssc_provider_locations_url (PsSscProvider     *self,
                                              const char        *observatory,
                                              const char        *frame,
                                              const PsTimeRange *range);

G_END_DECLS
