/* ps-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ps-provider"

#include "config.h"

#include <string.h>

#include "ps-provider.h"

G_DEFINE_INTERFACE (PsProvider, ps_provider, G_TYPE_OBJECT)

/* One day, then at most thirty at a time: fits most datasets until a
 * provider knows better. */
static PsTime
default_fragment_length (PsProvider *self,
                         const char *product_path)
{
  return PS_TIME_NS_PER_DAY;
}

static PsTime
default_max_span (PsProvider *self,
                  const char *product_path)
{
  return 30 * PS_TIME_NS_PER_DAY;
}

static void
default_check_version_async (PsProvider          *self,
                             const char          *product_path,
                             const PsTimeRange   *range,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, default_check_version_async);
  g_task_return_pointer (task, NULL, NULL);
  g_object_unref (task);
}

static char *
default_check_version_finish (PsProvider    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
default_prepare_async (PsProvider          *self,
                       const char          *product_path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, default_prepare_async);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
default_prepare_finish (PsProvider    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
default_is_local (PsProvider *self)
{
  return FALSE;
}

static void
ps_provider_default_init (PsProviderInterface *iface)
{
  iface->prepare_async = default_prepare_async;
  iface->prepare_finish = default_prepare_finish;
  iface->get_fragment_length = default_fragment_length;
  iface->get_max_span = default_max_span;
  iface->is_local = default_is_local;
  iface->check_version_async = default_check_version_async;
  iface->check_version_finish = default_check_version_finish;
}

/**
 * ps_provider_get_name:
 *
 * Returns: the provider's name, for people ("CDAWeb")
 */
const char *
ps_provider_get_name (PsProvider *self)
{
  g_return_val_if_fail (PS_IS_PROVIDER (self), NULL);

  return PS_PROVIDER_GET_IFACE (self)->get_name (self);
}

/**
 * ps_provider_get_prefix:
 *
 * Returns: the first part of its product paths ("cda")
 */
const char *
ps_provider_get_prefix (PsProvider *self)
{
  g_return_val_if_fail (PS_IS_PROVIDER (self), NULL);

  return PS_PROVIDER_GET_IFACE (self)->get_prefix (self);
}

/**
 * ps_provider_owns:
 *
 * Returns: whether @product_path is "<prefix>/…"
 */
gboolean
ps_provider_owns (PsProvider *self,
                  const char *product_path)
{
  const char *prefix;
  gsize n;

  g_return_val_if_fail (PS_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (product_path != NULL, FALSE);

  prefix = ps_provider_get_prefix (self);
  n = strlen (prefix);
  return strncmp (product_path, prefix, n) == 0 && product_path[n] == '/' && product_path[n + 1] != '\0';
}

void
ps_provider_build_inventory_async (PsProvider          *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (PS_IS_PROVIDER (self));

  PS_PROVIDER_GET_IFACE (self)->build_inventory_async (self, cancellable, callback, user_data);
}

/**
 * ps_provider_build_inventory_finish:
 *
 * Returns: (transfer full): the provider's tree, or %NULL with @error set
 */
PsInventoryNode *
ps_provider_build_inventory_finish (PsProvider    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (PS_IS_PROVIDER (self), NULL);

  return PS_PROVIDER_GET_IFACE (self)->build_inventory_finish (self, result, error);
}

/**
 * ps_provider_fetch_async:
 * @product_path: a path ps_provider_owns()
 * @range: [start, stop)
 *
 * Gets the product's series over @range from the provider (no cache:
 * see the fetch layer above it).
 */
void
ps_provider_fetch_async (PsProvider          *self,
                         const char          *product_path,
                         const PsTimeRange   *range,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (PS_IS_PROVIDER (self));
  g_return_if_fail (product_path != NULL && range != NULL);

  PS_PROVIDER_GET_IFACE (self)->fetch_async (self, product_path, range, cancellable, callback, user_data);
}

/**
 * ps_provider_fetch_finish:
 * @version: (out) (optional) (transfer full): the version of what was
 *   fetched, or %NULL when the provider does not know it
 *
 * Returns: (transfer full): the series, empty when there is no data in
 *   the range, or %NULL with @error set
 */
PsSeries *
ps_provider_fetch_finish (PsProvider    *self,
                          GAsyncResult  *result,
                          char         **version,
                          GError       **error)
{
  g_autofree char *v = NULL;
  PsSeries *series;

  g_return_val_if_fail (PS_IS_PROVIDER (self), NULL);

  series = PS_PROVIDER_GET_IFACE (self)->fetch_finish (self, result, &v, error);
  if (series != NULL && version != NULL)
    *version = g_steal_pointer (&v);
  else if (version != NULL)
    *version = NULL;
  return series;
}

/**
 * ps_provider_check_version_async:
 * @product_path: a path ps_provider_owns()
 * @range: [start, stop), as a fetch would ask
 *
 * Asks the provider which version of @product_path over @range it has
 * now, to revalidate a cached copy without downloading it again.
 */
void
ps_provider_check_version_async (PsProvider          *self,
                                 const char          *product_path,
                                 const PsTimeRange   *range,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (PS_IS_PROVIDER (self));
  g_return_if_fail (product_path != NULL && range != NULL);

  PS_PROVIDER_GET_IFACE (self)->check_version_async (self, product_path, range, cancellable, callback, user_data);
}

/**
 * ps_provider_check_version_finish:
 *
 * Returns: (transfer full) (nullable): the version, or %NULL when the
 *   provider cannot tell (@error unset) or failed (@error set)
 */
char *
ps_provider_check_version_finish (PsProvider    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (PS_IS_PROVIDER (self), NULL);

  return PS_PROVIDER_GET_IFACE (self)->check_version_finish (self, result, error);
}

/**
 * ps_provider_get_fragment_length:
 *
 * Returns: the length of the cache fragments of @product_path
 */
PsTime
ps_provider_get_fragment_length (PsProvider *self,
                                 const char *product_path)
{
  g_return_val_if_fail (PS_IS_PROVIDER (self), PS_TIME_NS_PER_DAY);

  return PS_PROVIDER_GET_IFACE (self)->get_fragment_length (self, product_path);
}

/**
 * ps_provider_get_max_span:
 *
 * Returns: the longest time range one request may ask for
 */
PsTime
ps_provider_get_max_span (PsProvider *self,
                          const char *product_path)
{
  g_return_val_if_fail (PS_IS_PROVIDER (self), 30 * PS_TIME_NS_PER_DAY);

  return PS_PROVIDER_GET_IFACE (self)->get_max_span (self, product_path);
}

/**
 * ps_provider_prepare_async:
 * @product_path: a path ps_provider_owns()
 *
 * Lets the provider learn what ps_provider_get_fragment_length() and
 * ps_provider_get_max_span() need to know of @product_path (ps_get_async()
 * calls it before planning, when online).
 */
void
ps_provider_prepare_async (PsProvider          *self,
                           const char          *product_path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (PS_IS_PROVIDER (self));
  g_return_if_fail (product_path != NULL);

  PS_PROVIDER_GET_IFACE (self)->prepare_async (self, product_path, cancellable, callback, user_data);
}

/**
 * ps_provider_prepare_finish:
 *
 * Returns: whether the provider learnt what it wanted; %FALSE with @error
 *   set otherwise (the get goes on: its fetch reports the problem)
 */
gboolean
ps_provider_prepare_finish (PsProvider    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PS_IS_PROVIDER (self), FALSE);

  return PS_PROVIDER_GET_IFACE (self)->prepare_finish (self, result, error);
}

/**
 * ps_provider_is_local:
 *
 * Returns: whether @self reads files on this computer (no cache needed,
 *   available offline)
 */
gboolean
ps_provider_is_local (PsProvider *self)
{
  g_return_val_if_fail (PS_IS_PROVIDER (self), FALSE);

  return PS_PROVIDER_GET_IFACE (self)->is_local (self);
}
