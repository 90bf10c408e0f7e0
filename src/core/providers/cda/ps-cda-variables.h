/* ps-cda-variables.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The variables of CDAWeb datasets, listed on demand: a dataset's product
 * list from CDAS (`datasets/{id}/variables`), described by the dataset's
 * master CDF (units, labels, display type; only ISTP data variables are
 * products). See ps-cda-variables.c for why on demand.
 */
#pragma once

#include "ps-cda-provider.h"
#include "ps-inventory-node.h"

G_BEGIN_DECLS

char      *ps_cda_provider_variables_url         (PsCdaProvider        *self,
                                                  const char           *dataset);
char      *ps_cda_provider_master_url            (PsCdaProvider        *self,
                                                  const char           *dataset);
void       ps_cda_provider_list_variables_async  (PsCdaProvider        *self,
                                                  const char           *dataset,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray *ps_cda_provider_list_variables_finish (PsCdaProvider        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void       ps_cda_provider_expand_async          (PsCdaProvider        *self,
                                                  GPtrArray            *datasets,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
guint      ps_cda_provider_expand_finish         (PsCdaProvider        *self,
                                                  GAsyncResult         *result,
                                                  GPtrArray           **failures,
                                                  GError              **error);

G_END_DECLS
