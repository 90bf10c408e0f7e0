/* ps-csa-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsCsaProvider: ESA's Cluster Science Archive (Cluster, Double Star).
 * The inventory comes from its TAP service (ADQL on csa.v_dataset and
 * csa.v_parameter, answered in CSV); a product
 * "csa/<DATASET_ID>/<PARAMETER_ID>" over a range is a data request
 * answered with a tar archive (gzip-compressed or not) of ISTP CDF files,
 * read in memory and joined in time order.
 */
#pragma once

#include "ps-fetcher.h"
#include "ps-provider.h"

G_BEGIN_DECLS

#define PS_TYPE_CSA_PROVIDER (ps_csa_provider_get_type ())

G_DECLARE_FINAL_TYPE (PsCsaProvider, ps_csa_provider, PS, CSA_PROVIDER, GObject)

#define PS_CSA_DEFAULT_URL "https://csa.esac.esa.int/csa-sl-tap"

/* The inventory's two queries, as speasy asks them: the datasets the
 * archive delivers as ISTP CDF, and their data parameters */
#define PS_CSA_DATASETS_QUERY   "SELECT * FROM csa.v_dataset WHERE dataset_id LIKE '%GRMB' " \
                                "OR (is_cef='true' AND is_istp='true')"
#define PS_CSA_PARAMETERS_QUERY "SELECT * FROM csa.v_parameter WHERE data_type='Data' AND value_type<>'CHAR'"

PsCsaProvider *ps_csa_provider_new          (const char        *base_url,
                                             PsFetcher         *fetcher);
const char    *ps_csa_provider_get_base_url (PsCsaProvider     *self);
char          *ps_csa_provider_query_url    (PsCsaProvider     *self,
                                             const char        *adql);
char          *ps_csa_provider_data_url     (PsCsaProvider     *self,
                                             const char        *dataset,
                                             const PsTimeRange *range);
PsSeries      *ps_csa_read_archive          (GBytes            *archive,
                                             const char        *dataset,
                                             const char        *parameter,
                                             const PsTimeRange *range,
                                             GError           **error);

G_END_DECLS
