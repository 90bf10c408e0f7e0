/* ps-get.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stale fragments are fetched again like missing ones (revalidation with
 * their version comes with the providers that report versions). A
 * fragment with no data is stored empty, so that asking again does not
 * go back to the network.
 */

#define G_LOG_DOMAIN "ps-get"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ps-get.h"

typedef struct
{
  PsProvider     *provider;
  PsCache        *cache;       /* not owned: the caller keeps it open */
  char           *product;
  PsTimeRange     range;
  PsCachePlan    *plan;
  guint           next;        /* the request being fetched */
} Get;

static void
get_free (gpointer data)
{
  Get *g = data;

  g_object_unref (g->provider);
  g_free (g->product);
  g_clear_pointer (&g->plan, ps_cache_plan_free);
  g_free (g);
}

static PsCacheProduct
cache_product (Get *g)
{
  return (PsCacheProduct) { ps_provider_get_prefix (g->provider), g->product, "" };
}

/* The answer, cut from the fragments of the plan. */
static void
assemble (GTask *task)
{
  Get *g = g_task_get_task_data (task);
  PsCacheProduct product = cache_product (g);
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
  g_autoptr(GError) error = NULL;
  PsSeries *joined;

  for (guint i = 0; i < g->plan->n_slots; i++)
    {
      g_autoptr(PsSeries) fragment = ps_cache_lookup (g->cache, &product, g->plan->slots[i].start, &error);

      if (fragment == NULL)
        {
          if (error == NULL)
            g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("A fragment of %s left the cache while it was read"), g->product);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (ps_series_get_n (fragment) > 0)
        g_ptr_array_add (pieces, ps_series_slice (fragment, &g->range));
    }
  if (pieces->len == 0)
    {
      /* Keep the metadata of an empty fragment when there is one. */
      g_autoptr(PsSeries) first = g->plan->n_slots > 0
                                  ? ps_cache_lookup (g->cache, &product, g->plan->slots[0].start, NULL) : NULL;

      if (first != NULL)
        g_task_return_pointer (task, g_steal_pointer (&first), (GDestroyNotify) ps_series_unref);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("The cache has no fragment of %s"), g->product);
      return;
    }
  joined = ps_series_concat ((PsSeries * const *) pieces->pdata, pieces->len, &error);
  if (joined == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, joined, (GDestroyNotify) ps_series_unref);
}

static void fetch_next (GTask *task);

/* Stores what a request brought, one fragment at a time. */
static gboolean
store (Get                  *g,
       const PsCacheRequest *request,
       PsSeries             *series,
       GError              **error)
{
  PsCacheProduct product = cache_product (g);
  PsTime length = g->plan->fragment_length;

  for (PsTime start = request->start; start < request->stop; start += length)
    {
      PsTimeRange fragment = ps_time_range_make (start, MIN (start + length, request->stop));
      g_autoptr(PsSeries) piece = ps_series_slice (series, &fragment);

      if (!ps_cache_store (g->cache, &product, fragment.start, fragment.stop, NULL, piece, error))
        return FALSE;
    }
  return TRUE;
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Get *g = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSeries) series = ps_provider_fetch_finish (PS_PROVIDER (source), result, NULL, &error);

  if (series == NULL || !store (g, &g->plan->requests[g->next], series, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g->next++;
  fetch_next (g_steal_pointer (&task));
}

static void
fetch_next (GTask *task)
{
  Get *g = g_task_get_task_data (task);

  if (g->next < g->plan->n_requests)
    {
      const PsCacheRequest *request = &g->plan->requests[g->next];
      PsTimeRange range = ps_time_range_make (request->start, request->stop);

      ps_provider_fetch_async (g->provider, g->product, &range, g_task_get_cancellable (task),
                               fetched_cb, task);
      return;
    }
  assemble (task);
  g_object_unref (task);
}

static void
direct_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  PsSeries *series = ps_provider_fetch_finish (PS_PROVIDER (source), result, NULL, &error);

  if (series == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, series, (GDestroyNotify) ps_series_unref);
}

/**
 * ps_get_async:
 * @cache: (nullable): the cache; %NULL: straight from the provider
 * @product_path: a product @provider owns
 * @range: [start, stop)
 *
 * Gets @product_path over @range, as ps_provider_fetch_async() would,
 * going to the provider only for the fragments @cache lacks.
 */
void
ps_get_async (PsProvider          *provider,
              PsCache             *cache,
              const char          *product_path,
              const PsTimeRange   *range,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task;
  Get *g;
  PsCacheProduct product;
  GError *error = NULL;

  g_return_if_fail (PS_IS_PROVIDER (provider));
  g_return_if_fail (product_path != NULL && range != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_get_async);
  if (cache == NULL)
    {
      ps_provider_fetch_async (provider, product_path, range, cancellable, direct_cb, task);
      return;
    }
  g = g_new0 (Get, 1);
  g->provider = g_object_ref (provider);
  g->cache = cache;
  g->product = g_strdup (product_path);
  g->range = *range;
  g_task_set_task_data (task, g, get_free);
  product = cache_product (g);
  g->plan = ps_cache_plan (cache, &product, range,
                           ps_provider_get_fragment_length (provider, product_path),
                           ps_provider_get_max_span (provider, product_path), 0, &error);
  if (g->plan == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  fetch_next (task);
}

/**
 * ps_get_finish:
 *
 * Returns: (transfer full): the series over the range (empty when there
 *   is no data), or %NULL with @error set
 */
PsSeries *
ps_get_finish (GAsyncResult  *result,
               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
