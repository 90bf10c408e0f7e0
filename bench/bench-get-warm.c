/* bench-get-warm.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The warm figure: a day already in the cache (filled by one untimed get)
 * got again and again, against CDF open + ps_istp_load of the same file
 * over the same range. Both must give the same values (counts and a
 * digest, checked once), and the gets must not reach the server (its
 * /_log, checked after). A run repeats its call to last about 50 ms
 * (µs timer); runs of both kinds alternate, and the figure is the
 * median of the per-pair ratios.
 */

#define G_LOG_DOMAIN "bench-get"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bench-get.h"
#include "bench-util.h"
#include "ps-istp.h"

#define WARM_PAIRS 9
#define WARM_RUN_S 0.05

static PsSeries *
read_direct (BenchScenario *s)
{
  g_autoptr(GError) error = NULL;
  BenchRequest *r = g_ptr_array_index (s->requests, 0);
  g_autoptr(PsCdfFile) file = ps_cdf_file_open (r->cdf_file, &error);
  PsIstpOptions opts;
  PsSeries *series;

  if (file == NULL)
    g_error ("%s", error->message);
  ps_istp_options_init (&opts);
  opts.range = s->range;
  series = ps_istp_load (file, NULL, s->dataset->variable, &opts, &error);
  if (series == NULL)
    g_error ("%s", error->message);
  return series;
}

/* Times and values, every NaN alike. */
static guint64
series_digest (PsSeries *series)
{
  const guint64 prime = G_GUINT64_CONSTANT (0x100000001b3);
  gsize n = ps_series_get_n (series);
  gsize nv = n * ps_series_get_m (series);
  const PsTime *times = ps_series_get_times (series);
  const double *values = ps_series_get_values (series);
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < n; i++)
    h = (h ^ (guint64) times[i]) * prime;
  for (gsize i = 0; i < nv; i++)
    {
      guint64 bits = G_GUINT64_CONSTANT (0x7ff8000000000000);

      if (!isnan (values[i]))
        memcpy (&bits, &values[i], 8);
      h = (h ^ bits) * prime;
    }
  return h;
}

static gsize
count_nan_rows (PsSeries *series)
{
  gsize n = ps_series_get_n (series);
  guint m = ps_series_get_m (series);
  const double *values = ps_series_get_values (series);
  gsize count = 0;

  for (gsize i = 0; i < n; i++)
    count += isnan (values[i * m]);
  return count;
}

typedef struct
{
  PsProvider    *provider;
  PsCache       *cache;
  BenchScenario *scenario;
  guint          reps;
} WarmJob;

static double
run_warm_get (WarmJob *job)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < job->reps; i++)
    {
      BenchScenario *s = job->scenario;
      PsSeries *series = bench_get_series (job->provider, job->cache, s->product, &s->range);

      bench_sink += ps_series_get_n (series);
      ps_series_unref (series);
    }
  return bench_elapsed_since (start);
}

static double
run_direct (WarmJob *job)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < job->reps; i++)
    {
      PsSeries *series = read_direct (job->scenario);

      bench_sink += ps_series_get_n (series);
      ps_series_unref (series);
    }
  return bench_elapsed_since (start);
}

/* Where the time of a warm get goes, each part on its own: the plan,
 * reading the fragments back and joining them (what the worker does), and
 * two round trips to a GTask worker thread (the plan, then the answer). */
static double
run_plan (WarmJob *job)
{
  PsCacheProduct product = { "cda", job->scenario->product, "" };
  PsTime length = ps_provider_get_fragment_length (job->provider, job->scenario->product);
  PsTime span = ps_provider_get_max_span (job->provider, job->scenario->product);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < job->reps; i++)
    {
      g_autoptr(GError) error = NULL;
      PsCachePlan *plan = ps_cache_plan (job->cache, &product, &job->scenario->range, length, span,
                                         PS_GET_DEFAULT_MAX_AGE, &error);

      if (plan == NULL || plan->n_requests != 0)
        g_error ("%s: the plan of a cached day asks for something", job->scenario->product);
      ps_cache_plan_free (plan);
    }
  return bench_elapsed_since (start);
}

static double
run_assemble (WarmJob *job)
{
  PsCacheProduct product = { "cda", job->scenario->product, "" };
  PsTime length = ps_provider_get_fragment_length (job->provider, job->scenario->product);
  const PsTimeRange *range = &job->scenario->range;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < job->reps; i++)
    {
      g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
      g_autoptr(PsSeries) joined = NULL;

      for (PsTime t = range->start - range->start % length; t < range->stop; t += length)
        {
          g_autoptr(PsSeries) fragment = ps_cache_lookup (job->cache, &product, t, NULL);

          if (fragment == NULL)
            g_error ("%s: a fragment is not in the cache", job->scenario->product);
          g_ptr_array_add (pieces, ps_series_slice (fragment, range));
        }
      joined = pieces->len == 1 ? ps_series_ref (g_ptr_array_index (pieces, 0))
                                : ps_series_concat ((PsSeries * const *) pieces->pdata, pieces->len, NULL);
      bench_sink += ps_series_get_n (joined);
    }
  return bench_elapsed_since (start);
}

static void
nothing_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  g_task_return_boolean (task, TRUE);
}

static double
run_hops (WarmJob *job)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 2 * job->reps; i++)
    {
      GAsyncResult *result = NULL;
      GTask *task = g_task_new (NULL, NULL, bench_get_done_cb, &result);

      g_task_run_in_thread (task, nothing_thread);
      g_object_unref (task);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_object_unref (result);
    }
  return bench_elapsed_since (start);
}

static void
warm_split_row (const char *name,
                const char *part,
                double      seconds,
                const char *note)
{
  g_autofree char *row = g_strdup_printf ("warm/%s/split-%s", name, part);

  bench_row (row, seconds * 1e3, "ms", note);
}

void
bench_get_warm (BenchSite     *site,
                BenchScenario *s,
                const char    *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = g_build_filename (site->dir, "cache-warm", NULL);
  g_autoptr(PsCache) cache = ps_cache_open (cache_dir, &error);
  g_autoptr(PsProvider) provider = PS_PROVIDER (ps_cda_provider_new (site->base_url, NULL));
  g_autoptr(PsSeries) got = NULL;
  g_autoptr(PsSeries) direct = NULL;
  g_autofree char *row = NULL;
  g_autofree char *note = NULL;
  g_autofree char *other = NULL;
  double gets[WARM_PAIRS], directs[WARM_PAIRS], ratios[WARM_PAIRS];
  double plans[WARM_PAIRS], assembles[WARM_PAIRS], hops[WARM_PAIRS];
  WarmJob job = { provider, cache, s, 1 };
  guint n_requests;
  double once, get, plan, assemble, hop;

  if (cache == NULL)
    g_error ("%s", error->message);
  if (s->requests->len != 1)
    g_error ("%s: one day should be one request, the plan makes %u", s->product, s->requests->len);

  /* The untimed cold get fills the cache; both sides must then agree. */
  got = bench_get_series (provider, cache, s->product, &s->range);
  direct = read_direct (s);
  if (ps_series_get_n (got) != ps_series_get_n (direct) || ps_series_get_n (got) != (gsize) s->n_records
      || ps_series_get_m (got) != ps_series_get_m (direct) || series_digest (got) != series_digest (direct)
      || count_nan_rows (got) == 0)
    g_error ("%s: the get and the direct read differ (%zu × %u and %zu × %u, %" G_GINT64_FORMAT " records)",
             s->product, ps_series_get_n (got), ps_series_get_m (got),
             ps_series_get_n (direct), ps_series_get_m (direct), s->n_records);
  g_clear_pointer (&got, ps_series_unref);
  g_clear_pointer (&direct, ps_series_unref);

  bench_site_reset_log (site);
  once = run_direct (&job);
  run_warm_get (&job);
  job.reps = (guint) CLAMP (ceil (WARM_RUN_S / once), 1, 1000);
  for (int i = 0; i < WARM_PAIRS; i++)
    {
      if (i % 2 == 0)
        {
          gets[i] = run_warm_get (&job);
          directs[i] = run_direct (&job);
        }
      else
        {
          directs[i] = run_direct (&job);
          gets[i] = run_warm_get (&job);
        }
      ratios[i] = gets[i] / directs[i];
      /* the parts, in the same stretch of time */
      plans[i] = run_plan (&job) / job.reps;
      assembles[i] = run_assemble (&job) / job.reps;
      hops[i] = run_hops (&job) / job.reps;
    }
  n_requests = bench_site_count_requests (site, "/");
  if (n_requests != 0)
    g_error ("%s: the warm gets made %u requests to the server", s->product, n_requests);

  get = bench_get_median (gets, WARM_PAIRS) / job.reps;
  row = g_strdup_printf ("warm/%s/ratio", name);
  note = g_strdup_printf ("goal <= 1.2; get %.3f ms vs CDF open + ps_istp_load %.3f ms per call "
                          "(%" G_GINT64_FORMAT " records, %u fragment%s; median of %d pairs of %u calls)",
                          get * 1e3, bench_get_median (directs, WARM_PAIRS) / job.reps * 1e3,
                          s->n_records, s->n_fragments, s->n_fragments > 1 ? "s" : "", WARM_PAIRS, job.reps);
  bench_row (row, bench_get_median (ratios, WARM_PAIRS), "x", note);

  plan = bench_get_median (plans, WARM_PAIRS);
  assemble = bench_get_median (assembles, WARM_PAIRS);
  hop = bench_get_median (hops, WARM_PAIRS);
  warm_split_row (name, "plan", plan, "ps_cache_plan, per get");
  warm_split_row (name, "assemble", assemble, "ps_cache_lookup of the fragments, slice, concat");
  warm_split_row (name, "hops", hop, "two round trips main → GTask worker → main");
  other = g_strdup_printf ("the warm get minus the 3 parts above (%.3f ms)", (plan + assemble + hop) * 1e3);
  warm_split_row (name, "other", get - plan - assemble - hop, other);
}
