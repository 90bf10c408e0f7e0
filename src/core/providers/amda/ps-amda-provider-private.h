/* ps-amda-provider-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What ps-amda-provider.c (the object, the inventory) and ps-amda-fetch.c
 * (the data) share.
 */
#pragma once

#include "ps-amda-provider.h"

G_BEGIN_DECLS

struct _PsAmdaProvider
{
  GObject    parent_instance;

  char      *base_url;         /* without a final slash */
  char      *host;             /* for the messages */
  PsFetcher *fetcher;

  gboolean   credentials_set;  /* else: from ps-amda-credentials */
  char      *user;
  char      *password;

  guint      poll_first_ms;
  guint      poll_max_ms;
  guint      poll_limit_ms;
};

char     *_ps_amda_escape                  (const char          *text);
char     *_ps_amda_redact                  (const char          *text,
                                            const char          *password);
void      _ps_amda_provider_init_options   (PsAmdaProvider      *self,
                                            PsFetchOptions      *opts,
                                            guint64              max_size);
void      _ps_amda_provider_fetch_async    (PsProvider          *provider,
                                            const char          *product_path,
                                            const PsTimeRange   *range,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
PsSeries *_ps_amda_provider_fetch_finish   (PsProvider          *provider,
                                            GAsyncResult        *result,
                                            char               **version,
                                            GError             **error);

G_END_DECLS
