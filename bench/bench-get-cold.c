/* bench-get-cold.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cold figure: a get into a fresh cache (a fresh provider, so no
 * connection is reused; the cache opened and the provider made before the
 * clock starts), against one curl process downloading one file of the
 * same bytes from the same server; alternately, the figure the median of
 * the per-pair ratios. Every get must make exactly the requests planned
 * (the server's /_log) and bring every record.
 */

#define G_LOG_DOMAIN "bench-get"

#include "config.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-get.h"
#include "bench-util.h"
#include "ps-istp.h"

#define COLD_PAIRS 7
#define SPLIT_RUNS 5

typedef struct
{
  BenchSite     *site;
  BenchScenario *scenario;
  char          *blob_url;
  guint          run;
} ColdJob;

static char *
fresh_dir (ColdJob *job)
{
  return g_strdup_printf ("%s/cache-cold-%u", job->site->dir, job->run++);
}

static double
run_cold_get (ColdJob *job)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = fresh_dir (job);
  PsCache *cache = ps_cache_open (dir, &error);
  PsProvider *provider = PS_PROVIDER (ps_cda_provider_new (job->site->base_url, NULL));
  BenchScenario *s = job->scenario;
  PsSeries *series;
  gint64 start;
  double seconds;
  guint lists, files;

  if (cache == NULL)
    g_error ("%s", error->message);
  bench_site_reset_log (job->site);
  start = g_get_monotonic_time ();
  series = bench_get_series (provider, cache, s->product, &s->range);
  seconds = bench_elapsed_since (start);
  if (ps_series_get_n (series) != (gsize) s->n_records)
    g_error ("%s: %zu records, not %" G_GINT64_FORMAT, s->product, ps_series_get_n (series), s->n_records);
  lists = bench_site_count_requests (job->site, "/dataviews/");
  files = bench_site_count_requests (job->site, "/files/");
  if (lists != s->requests->len || files != s->requests->len)
    g_error ("%s: %u data requests and %u file downloads, not %u of each",
             s->product, lists, files, s->requests->len);
  ps_series_unref (series);
  g_object_unref (provider);
  ps_cache_close (cache);
  bench_rm_rf (dir);
  return seconds;
}

/* One curl process, as a shell starts it: posix_spawn (a vfork), so the
 * size of this process does not count as a fork would make it. Its -w
 * line goes to a file; *transfer gets curl's own time_total. */
static double
run_curl (ColdJob *job,
          double  *transfer)
{
  g_autofree char *url = g_strconcat (job->site->base_url, job->blob_url, NULL);
  g_autofree char *out_file = g_build_filename (job->site->dir, "curl-out.txt", NULL);
  g_autofree char *out = NULL;
  char *curl_argv[] = { (char *) "curl", (char *) "-s", (char *) "-o", (char *) "/dev/null",
                        (char *) "-w", (char *) "%{size_download} %{time_total}", url, NULL };
  posix_spawn_file_actions_t actions;
  gint64 start, size = -1;
  double seconds;
  int status = 0;
  pid_t pid;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, out_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  start = g_get_monotonic_time ();
  if (posix_spawnp (&pid, "curl", &actions, NULL, curl_argv, environ) != 0)
    g_error ("cannot start curl");
  if (waitpid (pid, &status, 0) != pid)
    g_error ("waitpid failed");
  seconds = bench_elapsed_since (start);
  posix_spawn_file_actions_destroy (&actions);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0 || !g_file_get_contents (out_file, &out, NULL, NULL)
      || sscanf (out, "%" G_GINT64_FORMAT " %lf", &size, transfer) != 2 || size != job->scenario->total_bytes)
    g_error ("curl %s failed or got %" G_GINT64_FORMAT " bytes", url, size);
  return seconds;
}

/* Where the time of a cold get goes, each part on its own: the requests
 * alone (a fresh PsFetcher: file lists then files), reading the CDF files
 * as the provider does, storing the fragments into a fresh cache, the
 * floor of that store as it is done now (one file write, its fsync and
 * its directory's per fragment), and the get that then cuts the answer
 * from the stored fragments. */
enum
{
  PART_REQUESTS,
  PART_PARSE,
  PART_STORE,
  PART_FSYNC,   /* part of PART_STORE */
  PART_ANSWER,
  N_PARTS
};

static PsSeries *
parse_cdf (GBytes            *bytes,
           const char        *variable,
           const PsTimeRange *range)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = ps_cdf_file_new_from_bytes (bytes, &error);
  PsIstpOptions opts;
  PsSeries *series;

  if (file == NULL)
    g_error ("%s", error->message);
  ps_istp_options_init (&opts);
  opts.range = *range;
  series = ps_istp_load (file, NULL, variable, &opts, &error);
  if (series == NULL)
    g_error ("%s", error->message);
  return series;
}

static double
time_fsyncs (const char *dir,
             gsize       size,
             guint       n)
{
  g_autofree char *data = g_malloc0 (size);
  gint64 start = g_get_monotonic_time ();

  g_mkdir_with_parents (dir, 0755);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/f%u", dir, i);
      int fd = open (name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

      if (fd < 0 || write (fd, data, size) != (gssize) size || fsync (fd) != 0 || close (fd) != 0)
        g_error ("cannot write %s", name);
      fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0 || fsync (fd) != 0 || close (fd) != 0)
        g_error ("cannot sync %s", dir);
    }
  return bench_elapsed_since (start);
}

static void
split_once (ColdJob *job,
            double   parts[N_PARTS])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = fresh_dir (job);
  g_autofree char *sync_dir = g_strconcat (dir, "-fsync", NULL);
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(PsProvider) provider = PS_PROVIDER (ps_cda_provider_new (job->site->base_url, NULL));
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
  g_autoptr(PsSeries) answer = NULL;
  PsCache *cache;
  BenchScenario *s = job->scenario;
  PsCacheProduct product = { "cda", s->product, "" };
  PsTime length = ps_provider_get_fragment_length (provider, s->product);
  gsize fragment_bytes = (gsize) (s->n_records / s->n_fragments) * 8 * (1 + s->dataset->m);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < s->requests->len; i++)
    {
      BenchRequest *r = g_ptr_array_index (s->requests, i);
      g_autofree char *list = g_strconcat (r->data_path, "?format=cdf", NULL);

      g_bytes_unref (bench_site_get (job->site, fetcher, list));
      g_ptr_array_add (files, bench_site_get (job->site, fetcher, r->cdf_path));
    }
  parts[PART_REQUESTS] = bench_elapsed_since (start);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < s->requests->len; i++)
    {
      BenchRequest *r = g_ptr_array_index (s->requests, i);

      g_ptr_array_add (pieces, parse_cdf (g_ptr_array_index (files, i), s->dataset->variable, &r->range));
    }
  parts[PART_PARSE] = bench_elapsed_since (start);

  cache = ps_cache_open (dir, &error);
  if (cache == NULL)
    g_error ("%s", error->message);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < s->requests->len; i++)
    {
      BenchRequest *r = g_ptr_array_index (s->requests, i);

      for (PsTime t = r->range.start; t < r->range.stop; t += length)
        {
          PsTimeRange fragment = ps_time_range_make (t, MIN (t + length, r->range.stop));
          g_autoptr(PsSeries) piece = ps_series_slice (g_ptr_array_index (pieces, i), &fragment);

          if (!ps_cache_store (cache, &product, fragment.start, fragment.stop, NULL, piece, &error))
            g_error ("%s", error->message);
        }
    }
  parts[PART_STORE] = bench_elapsed_since (start);
  parts[PART_FSYNC] = time_fsyncs (sync_dir, fragment_bytes, s->n_fragments);

  start = g_get_monotonic_time ();
  answer = bench_get_series (provider, cache, s->product, &s->range);
  parts[PART_ANSWER] = bench_elapsed_since (start);
  if (ps_series_get_n (answer) != (gsize) s->n_records)
    g_error ("%s: the split's answer has %zu records", s->product, ps_series_get_n (answer));
  ps_cache_close (cache);
  bench_rm_rf (dir);
  bench_rm_rf (sync_dir);
}

static void
split_row (const char *name,
           const char *part,
           double      seconds,
           const char *note)
{
  g_autofree char *row = g_strdup_printf ("cold/%s/split-%s", name, part);

  bench_row (row, seconds * 1e3, "ms", note);
}

void
bench_get_cold (BenchSite     *site,
                BenchScenario *s,
                const char    *name)
{
  ColdJob job = { site, s, bench_site_add_blob (site, s), 0 };
  double gets[COLD_PAIRS], curls[COLD_PAIRS], transfers[COLD_PAIRS], ratios[COLD_PAIRS];
  double runs[SPLIT_RUNS][N_PARTS], part[N_PARTS][SPLIT_RUNS], median[N_PARTS];
  g_autofree char *row = NULL;
  g_autofree char *note = NULL;
  g_autofree char *sum_note = NULL;
  g_autofree char *store_note = NULL;
  g_autofree char *fsync_note = NULL;
  double get, dummy;

  /* warm the server, the page cache and the code */
  run_curl (&job, &dummy);
  run_cold_get (&job);
  for (int i = 0; i < COLD_PAIRS; i++)
    {
      if (i % 2 == 0)
        {
          gets[i] = run_cold_get (&job);
          curls[i] = run_curl (&job, &transfers[i]);
        }
      else
        {
          curls[i] = run_curl (&job, &transfers[i]);
          gets[i] = run_cold_get (&job);
        }
      ratios[i] = gets[i] / curls[i];
    }
  for (int i = 0; i < SPLIT_RUNS; i++)
    split_once (&job, runs[i]);
  for (int k = 0; k < N_PARTS; k++)
    {
      for (int i = 0; i < SPLIT_RUNS; i++)
        part[k][i] = runs[i][k];
      median[k] = bench_get_median (part[k], SPLIT_RUNS);
    }

  get = bench_get_median (gets, COLD_PAIRS);
  row = g_strdup_printf ("cold/%s/ratio", name);
  note = g_strdup_printf ("goal <= 1.5; get %.1f ms (fresh cache, %u request%s, %u fragments) vs curl %.1f ms "
                          "(one process, one file of the same %.2f MB); median of %d pairs",
                          get * 1e3, s->requests->len, s->requests->len > 1 ? "s" : "", s->n_fragments,
                          bench_get_median (curls, COLD_PAIRS) * 1e3, s->total_bytes / 1e6, COLD_PAIRS);
  bench_row (row, bench_get_median (ratios, COLD_PAIRS), "x", note);
  g_free (row);
  g_free (note);
  for (int i = 0; i < COLD_PAIRS; i++)
    ratios[i] = gets[i] / transfers[i];
  row = g_strdup_printf ("cold/%s/ratio-vs-transfer", name);
  note = g_strdup_printf ("the same against curl's own time_total (%.1f ms), without its process start",
                          bench_get_median (transfers, COLD_PAIRS) * 1e3);
  bench_row (row, bench_get_median (ratios, COLD_PAIRS), "x", note);

  split_row (name, "requests", median[PART_REQUESTS], "file lists + CDF files through a fresh PsFetcher");
  split_row (name, "parse", median[PART_PARSE], "the CDF files read as the provider does (CDF + ISTP)");
  store_note = g_strdup_printf ("ps_cache_store of the %u fragments, fresh cache", s->n_fragments);
  split_row (name, "store", median[PART_STORE], store_note);
  fsync_note = g_strdup_printf ("in store: %u × (write a file of a fragment's size, fsync it, fsync its directory)",
                                s->n_fragments);
  split_row (name, "store-fsync-floor", median[PART_FSYNC], fsync_note);
  split_row (name, "answer", median[PART_ANSWER], "the get once stored: plan, lookups, concat");
  sum_note = g_strdup_printf ("requests + parse + store + answer, each measured alone (medians of %d), "
                              "vs the get's %.1f ms", SPLIT_RUNS, get * 1e3);
  split_row (name, "sum", median[PART_REQUESTS] + median[PART_PARSE] + median[PART_STORE] + median[PART_ANSWER],
             sum_note);
  g_free (job.blob_url);
}
