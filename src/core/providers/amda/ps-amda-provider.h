/* ps-amda-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsAmdaProvider: AMDA (CDPP, Toulouse) through its REST web service
 * (…/php/rest/, the endpoints speasy uses). The inventory is AMDA's
 * observation-data tree (getObsDataTree.php) and, with an AMDA account,
 * a "My AMDA" group of the user's time tables ("amda/tt/<id>") and
 * catalogues ("amda/catalog/<id>"). A product "amda/<parameter id>" (or
 * a component "amda/<parameter id>(<index>)") over a range is a
 * getParameter.php request for a CDF_ISTP file, polled with
 * getStatus.php while AMDA reports "in progress". The file of a time
 * table or catalogue (a VOTable) is downloaded on demand.
 */
#pragma once

#include "ps-fetcher.h"
#include "ps-provider.h"

G_BEGIN_DECLS

#define PS_TYPE_AMDA_PROVIDER (ps_amda_provider_get_type ())

G_DECLARE_FINAL_TYPE (PsAmdaProvider, ps_amda_provider, PS, AMDA_PROVIDER, GObject)

#define PS_AMDA_DEFAULT_URL "https://amda.irap.omp.eu/php/rest"

PsAmdaProvider *ps_amda_provider_new              (const char        *base_url,
                                                   PsFetcher         *fetcher);
const char     *ps_amda_provider_get_base_url     (PsAmdaProvider    *self);
void            ps_amda_provider_set_credentials  (PsAmdaProvider    *self,
                                                   const char        *user,
                                                   const char        *password);
char           *ps_amda_provider_dup_account      (PsAmdaProvider    *self);
void            ps_amda_provider_set_polling      (PsAmdaProvider    *self,
                                                   guint              first_ms,
                                                   guint              max_ms,
                                                   guint              limit_ms);
char           *ps_amda_provider_parameter_url    (PsAmdaProvider    *self,
                                                   const char        *parameter,
                                                   const PsTimeRange *range,
                                                   const char        *token);

void            ps_amda_provider_download_event_list_async  (PsAmdaProvider       *self,
                                                             const char           *path,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GBytes         *ps_amda_provider_download_event_list_finish (PsAmdaProvider       *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
