/* ps-get.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One get is a short sequence of steps. Those that touch the cache (the
 * plan and the claims, storing fragments, reading them back and joining
 * them: disk, SQLite, fsync, megabytes of copying) run on a worker
 * thread, one after the other, so the caller's (main) thread only starts
 * requests and passes results along.
 *
 * - Grid: the fragment length the cache already holds the product on,
 *   else the provider's, once it has learnt what it needs about the
 *   product (ps_provider_prepare_async(); not offline).
 * - Plan: the fragments of the range and what to ask. Before asking for
 *   missing fragments we claim them in the cache, so that another thread
 *   or process that wants them waits for our download instead of making
 *   its own; if someone else holds a claim, we wait for it to go and plan
 *   again (its fragments are then usually cached).
 * - Requests, in time order: missing fragments are fetched and stored
 *   with the version the provider reports. A stale fragment is
 *   revalidated: the provider tells the version it has now; the same as
 *   ours marks the fragment fresh without a download, another one (or an
 *   unknown one) fetches it again. When a revalidation fails (offline,
 *   server down), the stale copy is served: old data beats no data.
 * - Answer: cut from the fragments. A fragment with no data is stored
 *   empty, so that asking again does not go back to the network.
 *
 * Offline, nothing is requested: cached fragments (stale ones too) are
 * served, and if some are missing the error names their time ranges.
 */

#define G_LOG_DOMAIN "ps-get"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ps-get.h"

G_DEFINE_QUARK (ps-get-error-quark, ps_get_error)

typedef struct
{
  PsProvider     *provider;
  PsCache        *cache;       /* not owned: the caller keeps it open */
  char           *product;
  PsTimeRange     range;
  PsTime          fragment_length; /* asked on the caller's thread: a provider */
  PsTime          max_span;        /* need not be thread-safe */
  gboolean        grid_known;      /* fragment_length decided */
  gboolean        replanned;       /* a fragment left the cache once already */
  PsGetOptions    opts;
  PsCachePlan    *plan;
  guint           next;        /* the request being made */
  GArray         *claimed;     /* of PsTime: fragment starts we hold claims on */
  PsSeries       *fetched;     /* what the current request brought, to store */
  char           *version;     /* its version, or NULL */
  PsSeries      **in_memory;   /* per slot: the piece just fetched and stored, or NULL */
  PsSeries       *answer;      /* once assembled */
  PsSeries       *whole;       /* the series of the plan's only request, kept */
} Get;

/* What a worker step leaves to do */
typedef enum
{
  STEP_NEED_GRID,  /* the cache has no grid for the product: ask the provider */
  STEP_REQUESTS,   /* planned and claimed: make the requests */
  STEP_ANSWERED,   /* g->answer is ready */
  STEP_VANISHED,   /* a fragment left the cache while it was read: plan again */
} Step;

static PsCacheProduct
cache_product (Get *g)
{
  return (PsCacheProduct) { ps_provider_get_prefix (g->provider), g->product, "" };
}

static void
release_claims (Get *g)
{
  PsCacheProduct product = cache_product (g);
  g_autoptr(GError) error = NULL;

  if (!ps_cache_release_fragments (g->cache, &product, (const PsTime *) (void *) g->claimed->data,
                                   g->claimed->len, &error))
    g_debug ("Releasing the claims on %s: %s", g->product, error->message);
  g_array_set_size (g->claimed, 0);
}

static void
get_free (gpointer data)
{
  Get *g = data;

  /* A failed or cancelled get leaves no claim behind. */
  if (g->claimed->len > 0)
    release_claims (g);
  g_array_unref (g->claimed);
  g_object_unref (g->provider);
  g_free (g->product);
  if (g->in_memory != NULL)
    for (guint i = 0; i < g->plan->n_slots; i++)
      g_clear_pointer (&g->in_memory[i], ps_series_unref);
  g_free (g->in_memory);
  g_clear_pointer (&g->plan, ps_cache_plan_free);
  g_clear_pointer (&g->fetched, ps_series_unref);
  g_clear_pointer (&g->answer, ps_series_unref);
  g_clear_pointer (&g->whole, ps_series_unref);
  g_free (g->version);
  g_free (g);
}

/* --- worker steps ----------------------------------------------------------
 * Each runs in a thread as an inner task whose data is the Get; its
 * callback receives the outer task (a reference it owns). */

static void
run_in_worker (GTask               *task,
               GTaskThreadFunc      func,
               GAsyncReadyCallback  done)
{
  GTask *inner = g_task_new (NULL, g_task_get_cancellable (task), done, task);

  g_task_set_task_data (inner, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (inner, func);
  g_object_unref (inner);
}

/* Claims every fragment of the download requests, in one transaction;
 * FALSE with @busy set when someone else holds one (we then hold none). */
static gboolean
claim_downloads (Get     *g,
                 PsTime  *busy,
                 GError **error)
{
  PsCacheProduct product = cache_product (g);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (PsTime));

  for (guint i = 0; i < g->plan->n_requests; i++)
    {
      const PsCacheRequest *request = &g->plan->requests[i];

      if (request->version != NULL)
        continue;
      for (PsTime start = request->start; start < request->stop; start += g->plan->fragment_length)
        g_array_append_val (starts, start);
    }
  if (starts->len == 0)
    return TRUE;
  if (!ps_cache_claim_fragments (g->cache, &product, (const PsTime *) (void *) starts->data, starts->len,
                                 g->opts.claim_ttl, busy, error))
    return FALSE;
  g_array_append_vals (g->claimed, starts->data, starts->len);
  return TRUE;
}

/* Offline: the time ranges of the missing fragments, adjacent ones joined,
 * or NULL when every fragment is cached. */
static char *
describe_missing (Get *g)
{
  g_autoptr(GString) text = NULL;

  for (guint i = 0; i < g->plan->n_slots; i++)
    {
      const PsCacheSlot *slot = &g->plan->slots[i];
      PsTime stop = slot->stop;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      if (slot->state != PS_CACHE_MISSING)
        continue;
      while (i + 1 < g->plan->n_slots && g->plan->slots[i + 1].state == PS_CACHE_MISSING)
        stop = g->plan->slots[++i].stop;
      a = ps_time_format_iso (slot->start, 0);
      b = ps_time_format_iso (stop, 0);
      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s – %s", a, b);
    }
  return text != NULL ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* The answer, cut from the fragments of the plan: FALSE with @error unset
 * when a fragment left the cache meanwhile. */
static gboolean
assemble (Get     *g,
          GError **error)
{
  PsCacheProduct product = cache_product (g);
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
  g_autoptr(PsSeries) first = NULL;
  gboolean all_fetched = g->whole != NULL;

  for (guint i = 0; i < g->plan->n_slots && all_fetched; i++)
    all_fetched = g->in_memory[i] != NULL;
  if (all_fetched && ps_series_get_n (g->whole) > 0)
    {
      g->answer = ps_series_slice (g->whole, &g->range);
      return TRUE;
    }
  for (guint i = 0; i < g->plan->n_slots; i++)
    {
      g_autoptr(PsSeries) fragment = g->in_memory[i] != NULL
                                     ? ps_series_ref (g->in_memory[i])
                                     : ps_cache_lookup (g->cache, &product, g->plan->slots[i].start, error);

      if (fragment == NULL)
        return FALSE;
      if (first == NULL)
        first = ps_series_ref (fragment);
      if (ps_series_get_n (fragment) > 0)
        g_ptr_array_add (pieces, ps_series_slice (fragment, &g->range));
    }
  if (pieces->len == 0)
    {
      /* No data: the first fragment, empty, keeps the metadata. */
      if (first == NULL)
        {
          g_set_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_IO, _("The cache has no fragment of %s"), g->product);
          return FALSE;
        }
      g->answer = g_steal_pointer (&first);
      return TRUE;
    }
  g->answer = pieces->len == 1 ? ps_series_ref (g_ptr_array_index (pieces, 0))
                               : ps_series_concat ((PsSeries * const *) pieces->pdata, pieces->len, error);
  return g->answer != NULL;
}

/* Returns the step that assemble() leads to, or -1 with @error set */
static int
assemble_step (Get     *g,
               GError **error)
{
  if (assemble (g, error))
    return STEP_ANSWERED;
  return *error == NULL ? STEP_VANISHED : -1;
}

/* The grid (from the cache if it has one), the plan and the claims; and
 * the answer too when nothing is to be asked. */
static void
plan_thread (GTask        *inner,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Get *g = data;
  PsCacheProduct product = cache_product (g);
  gint64 deadline = g_get_monotonic_time () + g->opts.wait_timeout / 1000;
  GError *error = NULL;
  int step;

  if (!g->grid_known)
    {
      PsTime length = 0;

      if (ps_cache_get_fragment_length (g->cache, &product, &length, &error))
        {
          g->fragment_length = length;
          g->grid_known = TRUE;
        }
      else if (error != NULL)
        {
          g_task_return_error (inner, error);
          return;
        }
      else
        {
          g_task_return_int (inner, STEP_NEED_GRID);
          return;
        }
    }

  for (;;)
    {
      PsTime busy = 0;

      if (g->in_memory != NULL)
        for (guint i = 0; i < g->plan->n_slots; i++)
          g_clear_pointer (&g->in_memory[i], ps_series_unref);
      g_clear_pointer (&g->in_memory, g_free);
      g_clear_pointer (&g->plan, ps_cache_plan_free);
      g->plan = ps_cache_plan (g->cache, &product, &g->range, g->fragment_length, g->max_span,
                               g->opts.max_age, &error);
      if (g->plan == NULL)
        break;
      g->in_memory = g_new0 (PsSeries *, MAX (g->plan->n_slots, 1));
      if (g->opts.offline || claim_downloads (g, &busy, &error))
        break;
      if (error != NULL)
        break;
      /* Someone else downloads one of our fragments: wait, then plan again. */
      for (;;)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, &error))
            break;
          if (g_get_monotonic_time () >= deadline)
            {
              g_set_error (&error, PS_GET_ERROR, PS_GET_ERROR_BUSY,
                           _("Another download of %s did not finish in time"), g->product);
              break;
            }
          if (ps_cache_wait_claim (g->cache, &product, busy, PS_TIME_NS_PER_SECOND / 5, &error))
            break;
          if (error != NULL)
            break;
        }
      if (error != NULL)
        break;
    }
  if (error != NULL)
    {
      g_task_return_error (inner, error);
      return;
    }

  if (g->opts.offline)
    {
      g_autofree char *missing = describe_missing (g);

      if (missing != NULL)
        {
          g_task_return_new_error (inner, PS_GET_ERROR, PS_GET_ERROR_OFFLINE,
                                   _("Offline, and the cache lacks %s over %s"), g->product, missing);
          return;
        }
    }
  else if (g->plan->n_requests > 0)
    {
      g_task_return_int (inner, STEP_REQUESTS);
      return;
    }
  step = assemble_step (g, &error);
  if (step < 0)
    g_task_return_error (inner, error);
  else
    g_task_return_int (inner, step);
}

/* Stores what the current request brought, one fragment at a time, then
 * gives up the claims on them. */
static void
store_thread (GTask        *inner,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Get *g = data;
  const PsCacheRequest *request = &g->plan->requests[g->next];
  PsCacheProduct product = cache_product (g);
  PsTime length = g->plan->fragment_length;
  GError *error = NULL;

  for (PsTime start = request->start; start < request->stop; start += length)
    {
      PsTimeRange fragment = ps_time_range_make (start, MIN (start + length, request->stop));
      g_autoptr(PsSeries) piece = ps_series_slice (g->fetched, &fragment);
      guint slot = (guint) ((start - g->plan->slots[0].start) / length);

      if (!ps_cache_store (g->cache, &product, fragment.start, fragment.stop, g->version, piece, &error))
        break;
      /* The answer is cut from this, not read back from the disk. */
      if (slot < g->plan->n_slots && g->plan->slots[slot].start == start)
        {
          g_clear_pointer (&g->in_memory[slot], ps_series_unref);
          g->in_memory[slot] = g_steal_pointer (&piece);
        }
    }
  /* One request brought everything: the answer is a slice of it, with
   * no copy (see assemble()). */
  if (g->plan->n_requests == 1)
    {
      g_clear_pointer (&g->whole, ps_series_unref);
      g->whole = g_steal_pointer (&g->fetched);
    }
  g_clear_pointer (&g->fetched, ps_series_unref);
  g_clear_pointer (&g->version, g_free);
  if (request->version == NULL)
    release_claims (g);
  if (error != NULL)
    g_task_return_error (inner, error);
  else
    g_task_return_boolean (inner, TRUE);
}

/* The revalidated fragment did not change. */
static void
mark_fresh_thread (GTask        *inner,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  Get *g = data;
  const PsCacheRequest *request = &g->plan->requests[g->next];
  PsCacheProduct product = cache_product (g);
  GError *error = NULL;

  if (ps_cache_mark_fresh (g->cache, &product, request->start, request->version, &error))
    g_task_return_boolean (inner, TRUE);
  else
    g_task_return_error (inner, error);
}

static void
assemble_thread (GTask        *inner,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  int step = assemble_step (data, &error);

  if (step < 0)
    g_task_return_error (inner, error);
  else
    g_task_return_int (inner, step);
}

/* --- the sequence, on the caller's thread --------------------------------- */

static void next_request (GTask *task);
static void step_cb (GObject *source, GAsyncResult *result, gpointer data);

/* After a step that returns a boolean: on to the next request. */
static void
step_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  Get *g = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g->next++;
  next_request (g_steal_pointer (&task));
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Get *g = g_task_get_task_data (task);
  const PsCacheRequest *request = &g->plan->requests[g->next];
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  PsSeries *series = ps_provider_fetch_finish (PS_PROVIDER (source), result, &version, &error);

  if (series == NULL)
    {
      if (request->version == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Serving a stale fragment of %s: %s", g->product, error->message);
      g->next++;
      next_request (g_steal_pointer (&task));
      return;
    }
  g->fetched = series;
  g->version = g_steal_pointer (&version);
  run_in_worker (g_steal_pointer (&task), store_thread, step_done_cb);
}

static void
version_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Get *g = g_task_get_task_data (task);
  const PsCacheRequest *request = &g->plan->requests[g->next];
  g_autoptr(GError) error = NULL;
  g_autofree char *version = ps_provider_check_version_finish (PS_PROVIDER (source), result, &error);
  GCancellable *cancellable;
  PsTimeRange range;

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Serving a stale fragment of %s: %s", g->product, error->message);
      g->next++;
      next_request (g_steal_pointer (&task));
      return;
    }
  if (version != NULL && g_strcmp0 (version, request->version) == 0)
    {
      run_in_worker (g_steal_pointer (&task), mark_fresh_thread, step_done_cb);
      return;
    }
  range = ps_time_range_make (request->start, request->stop);
  cancellable = g_task_get_cancellable (task);
  ps_provider_fetch_async (g->provider, g->product, &range, cancellable, fetched_cb, g_steal_pointer (&task));
}

static void
next_request (GTask *task)
{
  Get *g = g_task_get_task_data (task);
  const PsCacheRequest *request;
  PsTimeRange range;

  if (g->next >= g->plan->n_requests)
    {
      run_in_worker (task, assemble_thread, step_cb);
      return;
    }
  request = &g->plan->requests[g->next];
  range = ps_time_range_make (request->start, request->stop);
  if (request->version != NULL)
    ps_provider_check_version_async (g->provider, g->product, &range, g_task_get_cancellable (task),
                                     version_cb, task);
  else
    ps_provider_fetch_async (g->provider, g->product, &range, g_task_get_cancellable (task),
                             fetched_cb, task);
}

static void plan (GTask *task);

/* The provider's grid and span for the product. A fragment must fit in
 * one request: a grid longer than the span shrinks to a day, or an hour
 * (still multiples from 1970, so every get of the product agrees). */
static void
learn_grid (Get *g)
{
  g->fragment_length = ps_provider_get_fragment_length (g->provider, g->product);
  g->max_span = ps_provider_get_max_span (g->provider, g->product);
  if (g->max_span > 0 && g->fragment_length > g->max_span)
    {
      if (g->max_span >= PS_TIME_NS_PER_DAY)
        g->fragment_length = PS_TIME_NS_PER_DAY;
      else if (g->max_span >= 3600 * PS_TIME_NS_PER_SECOND)
        g->fragment_length = 3600 * PS_TIME_NS_PER_SECOND;
      else
        g->fragment_length = g->max_span;
    }
  g->grid_known = TRUE;
}

/* The provider knows the product now (or will say what is wrong when
 * asked for it): its grid and span, then the plan. */
static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GTask *task = data;
  Get *g = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ps_provider_prepare_finish (g->provider, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
      g_debug ("Preparing %s: %s", g->product, error->message);
    }
  learn_grid (g);
  plan (task);
}

/* After the plan or the answer: what the worker left to do. */
static void
step_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GTask *task = data;
  Get *g = g_task_get_task_data (task);
  GError *error = NULL;
  gssize step = g_task_propagate_int (G_TASK (result), &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  switch ((Step) step)
    {
    case STEP_NEED_GRID:
      if (g->opts.offline)
        {
          /* Nothing may be asked of the network: the grid the provider
           * knows now. */
          learn_grid (g);
          plan (task);
          return;
        }
      ps_provider_prepare_async (g->provider, g->product, g_task_get_cancellable (task), prepared_cb, task);
      return;
    case STEP_REQUESTS:
      next_request (task);
      return;
    case STEP_ANSWERED:
      g_task_return_pointer (task, g_steal_pointer (&g->answer), (GDestroyNotify) ps_series_unref);
      g_object_unref (task);
      return;
    case STEP_VANISHED:
      if (!g->replanned)
        {
          g->replanned = TRUE;
          g->next = 0;
          plan (task);
          return;
        }
      g_task_return_new_error (task, PS_CACHE_ERROR, PS_CACHE_ERROR_IO,
                               _("A fragment of %s left the cache while it was read"), g->product);
      g_object_unref (task);
      return;
    default:
      g_assert_not_reached ();
    }
}

static void
plan (GTask *task)
{
  run_in_worker (task, plan_thread, step_cb);
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
 * ps_get_options_init:
 *
 * Fills @opts with the defaults: online, revalidation after
 * %PS_GET_DEFAULT_MAX_AGE, claims of 10 minutes, waits of 5 minutes.
 */
void
ps_get_options_init (PsGetOptions *opts)
{
  g_return_if_fail (opts != NULL);

  opts->offline = FALSE;
  opts->max_age = PS_GET_DEFAULT_MAX_AGE;
  opts->claim_ttl = 10 * 60 * PS_TIME_NS_PER_SECOND;
  opts->wait_timeout = 5 * 60 * PS_TIME_NS_PER_SECOND;
}

/**
 * ps_get_async:
 *
 * ps_get_full_async() with the default options.
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
  ps_get_full_async (provider, cache, product_path, range, NULL, cancellable, callback, user_data);
}

/**
 * ps_get_full_async:
 * @cache: (nullable): the cache; %NULL: straight from the provider
 * @product_path: a product @provider owns
 * @range: [start, stop)
 * @opts: (nullable): options; %NULL for the defaults
 *
 * Gets @product_path over @range, as ps_provider_fetch_async() would,
 * going to the provider only for the fragments @cache lacks or that need
 * revalidating. Cache work runs on a worker thread; the callback comes
 * back in the thread-default main context of the call.
 */
void
ps_get_full_async (PsProvider          *provider,
                   PsCache             *cache,
                   const char          *product_path,
                   const PsTimeRange   *range,
                   const PsGetOptions  *opts,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task;
  Get *g;

  g_return_if_fail (PS_IS_PROVIDER (provider));
  g_return_if_fail (product_path != NULL && range != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_get_full_async);
  if (cache == NULL || ps_provider_is_local (provider))
    {
      if (opts != NULL && opts->offline && !ps_provider_is_local (provider))
        {
          g_task_return_new_error (task, PS_GET_ERROR, PS_GET_ERROR_OFFLINE,
                                   _("Offline, and without a cache: %s cannot be read"), product_path);
          g_object_unref (task);
          return;
        }
      ps_provider_fetch_async (provider, product_path, range, cancellable, direct_cb, task);
      return;
    }
  g = g_new0 (Get, 1);
  g->provider = g_object_ref (provider);
  g->cache = cache;
  g->product = g_strdup (product_path);
  g->range = *range;
  if (opts != NULL)
    g->opts = *opts;
  else
    ps_get_options_init (&g->opts);
  g->claimed = g_array_new (FALSE, FALSE, sizeof (PsTime));
  /* The span as the provider knows it now (its grid: see plan_thread) */
  g->max_span = ps_provider_get_max_span (provider, product_path);
  g_task_set_task_data (task, g, get_free);
  plan (task);
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
