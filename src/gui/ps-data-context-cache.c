/* ps-data-context-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data context's cache: opened in $PLASMASCOPE_CACHE_DIR, else the
 * user cache directory; when that fails the application runs without one,
 * and the reason is kept for the preferences to show. Trimming to the size
 * limit (at start-up, and when the limit is lowered), clearing and
 * counting run on workers; "cache-changed" says when something was
 * removed.
 */

#define G_LOG_DOMAIN "ps-data-context"

#include "config.h"

#include "ps-data-context-private.h"

typedef enum
{
  CACHE_JOB_PRUNE,
  CACHE_JOB_CLEAR,
  CACHE_JOB_STATS,
} CacheJobKind;

typedef struct
{
  CacheJobKind  kind;
  PsCache      *cache;      /* the context's, kept open by the outer task */
  guint64       max_bytes;  /* PRUNE */
  gboolean      changed;    /* PRUNE, CLEAR: something was removed */
  PsCacheStats *stats;      /* STATS */
} CacheJob;

static void
cache_job_free (CacheJob *job)
{
  g_clear_pointer (&job->stats, ps_cache_stats_free);
  g_free (job);
}

void
_ps_data_context_open_cache (PsDataContext *self)
{
  const char *dir = g_getenv (PS_CACHE_DIR_ENV);

  if (dir != NULL && dir[0] == '\0')
    dir = NULL;
  self->cache = ps_cache_open (dir, &self->cache_error);
  if (self->cache == NULL)
    g_warning ("Running without a cache: %s", self->cache_error->message);
}

/* A cache job is two tasks. The inner one runs on a worker and knows only
 * the job: GTask drops its references wherever the worker is when it
 * finishes, and the context must never be finalized there. The outer one
 * holds the context (and so keeps the cache open) and is only ever
 * touched on the caller's thread. */
static void
cache_job_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CacheJob *job = task_data;
  PsCachePruneResult result = { 0 };
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (job->kind)
    {
    case CACHE_JOB_PRUNE:
      ok = ps_cache_prune (job->cache, job->max_bytes, &result, &error);
      job->changed = result.n_evicted > 0 || result.n_orphan_files > 0 || result.n_missing_files > 0;
      break;

    case CACHE_JOB_CLEAR:
      ok = ps_cache_clear (job->cache, &error);
      job->changed = TRUE;
      break;

    case CACHE_JOB_STATS:
      job->stats = ps_cache_get_stats (job->cache, &error);
      ok = job->stats != NULL;
      break;

    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* On the caller's thread: says "cache-changed" before the caller hears
 * of the job. */
static void
cache_job_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  PsDataContext *self = g_task_get_source_object (outer);
  CacheJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  if (job->changed)
    _ps_data_context_emit_cache_changed (self);
  if (job->kind == CACHE_JOB_STATS)
    g_task_return_pointer (outer, g_steal_pointer (&job->stats), (GDestroyNotify) ps_cache_stats_free);
  else
    g_task_return_boolean (outer, TRUE);
}

/* The job runs to its end even when @cancellable is cancelled (a half
 * cleared cache is not worth the saving); only the callback is told. */
static void
run_cache_job (PsDataContext       *self,
               CacheJobKind         kind,
               guint64              max_bytes,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  g_autoptr(GTask) outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  CacheJob *job;

  g_task_set_source_tag (outer, source_tag);
  if (self->cache == NULL)
    {
      g_task_return_error (outer, g_error_copy (self->cache_error));
      return;
    }

  job = g_new0 (CacheJob, 1);
  job->kind = kind;
  job->cache = self->cache;
  job->max_bytes = max_bytes;
  inner = g_task_new (NULL, NULL, cache_job_done_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, run_cache_job);
  g_task_set_task_data (inner, job, (GDestroyNotify) cache_job_free);
  g_task_run_in_thread (inner, cache_job_thread);
}

static void
prune_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not trim the cache to its size limit: %s", error->message);
}

/* Connected to changed::cache-size-limit (swapped: the extra arguments are
 * ignored). */
void
_ps_data_context_cache_limit_changed (PsDataContext *self)
{
  guint64 limit = g_settings_get_uint64 (self->settings, "cache-size-limit");
  gboolean lowered = limit != 0 && (self->cache_limit == 0 || limit < self->cache_limit);

  self->cache_limit = limit;
  if (lowered && self->cache != NULL)
    run_cache_job (self, CACHE_JOB_PRUNE, limit, NULL, prune_done_cb, NULL,
                   _ps_data_context_cache_limit_changed);
}

/**
 * ps_data_context_get_cache:
 *
 * Returns: (transfer none) (nullable): the cache, or %NULL when it could
 *   not be opened (ps_data_context_get_cache_error() says why)
 */
PsCache *
ps_data_context_get_cache (PsDataContext *self)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), NULL);

  return self->cache;
}

/**
 * ps_data_context_get_cache_error:
 *
 * Returns: (transfer none) (nullable): why there is no cache
 */
const GError *
ps_data_context_get_cache_error (PsDataContext *self)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), NULL);

  return self->cache_error;
}

/**
 * ps_data_context_get_cache_stats_async:
 *
 * Counts what the cache holds, on a worker.
 */
void
ps_data_context_get_cache_stats_async (PsDataContext       *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (PS_IS_DATA_CONTEXT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run_cache_job (self, CACHE_JOB_STATS, 0, cancellable, callback, user_data,
                 ps_data_context_get_cache_stats_async);
}

/**
 * ps_data_context_get_cache_stats_finish:
 *
 * Returns: (transfer full) (nullable): the cache's fragment count and
 *   bytes, or %NULL with @error set (no cache, a database error, or
 *   %G_IO_ERROR_CANCELLED)
 */
PsCacheStats *
ps_data_context_get_cache_stats_finish (PsDataContext  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ps_data_context_get_cache_stats_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ps_data_context_clear_cache_async:
 *
 * Removes everything from the cache, on a worker, then emits
 * #PsDataContext::cache-changed.
 */
void
ps_data_context_clear_cache_async (PsDataContext       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (PS_IS_DATA_CONTEXT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run_cache_job (self, CACHE_JOB_CLEAR, 0, cancellable, callback, user_data,
                 ps_data_context_clear_cache_async);
}

gboolean
ps_data_context_clear_cache_finish (PsDataContext  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ps_data_context_clear_cache_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
