/* ps-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsProvider: what every source of data implements (CDAWeb, HAPI servers,
 * AMDA, local files…): its name and product-path prefix, its inventory,
 * and the series of a product over a time range. "No data in this range"
 * is an empty series, not an error. A fetch may report the version of what
 * it brought (an ETag, a Last-Modified date, a dataset's modification
 * date): the cache keeps it, and revalidates a stale fragment by asking
 * the provider for the version it has now (check_version). The fragment length and the maximum
 * span of one request tell the cache how to cut requests.
 */
#pragma once

#include <gio/gio.h>

#include "ps-inventory-node.h"
#include "ps-series.h"
#include "ps-time-range.h"

G_BEGIN_DECLS

#define PS_TYPE_PROVIDER (ps_provider_get_type ())

G_DECLARE_INTERFACE (PsProvider, ps_provider, PS, PROVIDER, GObject)

struct _PsProviderInterface
{
  GTypeInterface parent_iface;

  const char      *(*get_name)               (PsProvider          *self);
  const char      *(*get_prefix)             (PsProvider          *self);
  void             (*build_inventory_async)  (PsProvider          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  PsInventoryNode *(*build_inventory_finish) (PsProvider          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
  void             (*fetch_async)            (PsProvider          *self,
                                              const char          *product_path,
                                              const PsTimeRange   *range,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  PsSeries        *(*fetch_finish)           (PsProvider          *self,
                                              GAsyncResult        *result,
                                              char               **version,
                                              GError             **error);
  /* Optional: the version the server has now of what a fetch of @range
   * would bring (the same text fetch_finish() gives), cheaper than the
   * data itself; NULL when unknown. The default: unknown. */
  void             (*check_version_async)    (PsProvider          *self,
                                              const char          *product_path,
                                              const PsTimeRange   *range,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  char            *(*check_version_finish)   (PsProvider          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
  /* Optional: learn what the fragment length and the maximum span of
   * @product_path depend on (a HAPI dataset's cadence is in its info)
   * before a get plans. Failing is not an error for the get: the fetch
   * that follows reports it. The default: nothing to learn. */
  void             (*prepare_async)          (PsProvider          *self,
                                              const char          *product_path,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
  gboolean         (*prepare_finish)         (PsProvider          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
  PsTime           (*get_fragment_length)    (PsProvider          *self,
                                              const char          *product_path);
  PsTime           (*get_max_span)           (PsProvider          *self,
                                              const char          *product_path);
  /* Optional: whether the provider reads files on this computer, which
   * are their own cache: a get asks it directly, also offline. The
   * default: FALSE. */
  gboolean         (*is_local)               (PsProvider          *self);
};

const char      *ps_provider_get_name               (PsProvider          *self);
const char      *ps_provider_get_prefix             (PsProvider          *self);
gboolean         ps_provider_owns                   (PsProvider          *self,
                                                     const char          *product_path);
void             ps_provider_build_inventory_async  (PsProvider          *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
PsInventoryNode *ps_provider_build_inventory_finish (PsProvider          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void             ps_provider_fetch_async            (PsProvider          *self,
                                                     const char          *product_path,
                                                     const PsTimeRange   *range,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
PsSeries        *ps_provider_fetch_finish           (PsProvider          *self,
                                                     GAsyncResult        *result,
                                                     char               **version,
                                                     GError             **error);
void             ps_provider_check_version_async    (PsProvider          *self,
                                                     const char          *product_path,
                                                     const PsTimeRange   *range,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
char            *ps_provider_check_version_finish   (PsProvider          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void             ps_provider_prepare_async          (PsProvider          *self,
                                                     const char          *product_path,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean         ps_provider_prepare_finish         (PsProvider          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
PsTime           ps_provider_get_fragment_length    (PsProvider          *self,
                                                     const char          *product_path);
PsTime           ps_provider_get_max_span           (PsProvider          *self,
                                                     const char          *product_path);
gboolean         ps_provider_is_local               (PsProvider          *self);

G_END_DECLS
