/* test-get.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ps_get_async() through the CDAWeb provider, over real HTTP on 127.0.0.1
 * (tests/test-server.py) with injected faults: partial overlaps fetch only
 * what is missing; stale fragments are revalidated (no download when the
 * version did not change) and served when the server is down; offline
 * mode names the missing ranges; concurrent gets of one product, in one
 * process or two, download it once; cancellation leaves no claim; and for
 * every fault (HTTP errors, retries, stalls, truncation, garbage, wrong
 * types, huge bodies, redirect loops) the caller gets a clear error or
 * the right data, and the cache holds nothing wrong.
 */

#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

#include "ps-cda-parse.h"
#include "ps-cda-provider.h"
#include "ps-get.h"
#include "test-http.h"

#define ACE_K2 TEST_DATA_DIR "/cdf/speasy/ac_k2_mfi_20220101_v03.cdf"
#define S      G_GINT64_CONSTANT (1000000000)
#define DAY    G_GINT64_CONSTANT (86400)
#define T2022  G_GINT64_CONSTANT (1640995200) /* 2022-01-01 */
#define LIST   "dataviews/sp_phys/datasets/AC_K2_MFI/data/"
#define PRODUCT "cda/AC_K2_MFI/BGSEc"

static TestServer server;
static char *root;
static GPtrArray *made_dirs; /* removed at the end */

/* A new temporary directory, removed when the tests end */
static char *
make_dir (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (pattern, &error);

  g_assert_no_error (error);
  g_ptr_array_add (made_dirs, g_strdup (dir));
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
write_file (const char *relative,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

/* The answer CDAS gives to the data request of day @day (0 = 2022-01-01):
 * the one real file of that day at @file_url (a path on the server), or
 * no file. */
static void
write_list (int         day,
            const char *file_url,
            const char *last_modified)
{
  g_autofree char *start = NULL;
  g_autofree char *stop = NULL;
  g_autofree char *request = NULL;
  g_autofree char *json = NULL;
  PsTimeParts a, b;

  ps_time_to_parts ((T2022 + day * DAY) * S, &a);
  ps_time_to_parts ((T2022 + (day + 1) * DAY) * S, &b);
  start = g_strdup_printf ("%04d%02d%02dT000000Z", a.year, a.month, a.day);
  stop = g_strdup_printf ("%04d%02d%02dT000000Z", b.year, b.month, b.day);
  request = g_strdup_printf (LIST "%s,%s/BGSEc", start, stop);
  if (file_url == NULL)
    json = g_strdup ("{}");
  else
    json = g_strdup_printf ("{\"FileDescription\": [{\"Name\": \"%s%s\", \"MimeType\": \"application/x-cdf\", "
                            "\"StartTime\": \"2022-01-01T00:00:00.000Z\", \"EndTime\": \"2022-01-02T00:00:00.000Z\", "
                            "\"Length\": 31252, \"LastModified\": \"%s\"}]}",
                            server.base_url, file_url, last_modified);
  write_file (request, json, -1);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

/* GET @path on the server, whole */
static char *
server_get (const char *path)
{
  g_autofree char *url = g_strconcat (server.base_url, path, NULL);
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(PsFetchResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  gsize size = 0;
  const char *data;

  ps_fetcher_get_async (fetcher, url, NULL, NULL, NULL, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  answer = ps_fetcher_get_finish (fetcher, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  data = g_bytes_get_data (ps_fetch_result_get_body (answer), &size);
  return g_strndup (data, size);
}

/* The server's log: how many requests had a path containing @part */
static guint
count_requests (const char *part)
{
  g_autofree char *body = server_get ("/_log");
  cJSON *log = cJSON_Parse (body);
  const cJSON *request;
  guint n = 0;

  g_assert_nonnull (log);
  cJSON_ArrayForEach (request, cJSON_GetObjectItem (log, "requests"))
    {
      const char *path = cJSON_GetStringValue (cJSON_GetObjectItem (request, "path"));

      if (path != NULL && strstr (path, part) != NULL)
        n++;
    }
  cJSON_Delete (log);
  return n;
}

static void
reset_log (void)
{
  g_free (server_get ("/_reset"));
}


/* A provider for base URL @path on the server (NULL: the root), quick to
 * give up: two retries 50 ms apart, one second of silence is a stall. */
static PsProvider *
provider_new (const char *path)
{
  g_autofree char *base = g_strconcat (server.base_url, path, NULL);
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  PsFetchOptions opts;

  ps_fetch_options_init (&opts);
  opts.max_retries = 2;
  opts.retry_base_ms = 50;
  opts.retry_max_ms = 100;
  opts.stall_timeout_ms = 1000;
  opts.connect_timeout_ms = 2000;
  ps_fetcher_set_defaults (fetcher, &opts);
  return PS_PROVIDER (ps_cda_provider_new (base, fetcher));
}

static PsSeries *
get (PsProvider          *provider,
     PsCache             *cache,
     int                  first_day,
     int                  n_days,
     const PsGetOptions  *opts,
     GError             **error)
{
  PsTimeRange range = ps_time_range_make ((T2022 + first_day * DAY) * S, (T2022 + (first_day + n_days) * DAY) * S);
  Wait wait = { NULL };
  PsSeries *series;

  ps_get_full_async (provider, cache, PRODUCT, &range, opts, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  series = ps_get_finish (wait.result, error);
  g_object_unref (wait.result);
  return series;
}

static PsCache *
fresh_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_dir ("ps-get-cache-XXXXXX");
  PsCache *cache;

  g_assert_no_error (error);
  cache = ps_cache_open (dir, &error);
  g_assert_no_error (error);
  return cache;
}

static guint64
n_cached (PsCache *cache)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCacheStats) stats = ps_cache_get_stats (cache, &error);

  g_assert_no_error (error);
  return stats->n_fragments;
}

static void
assert_day_one (PsSeries *series)
{
  g_assert_nonnull (series);
  g_assert_cmpuint (ps_series_get_n (series), ==, 24);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  g_assert_cmpint (ps_series_get_time (series, 0), ==, T2022 * S);
  g_assert_cmpfloat (ABS (ps_series_get_value (series, 0, 0) - (-6.069)), <, 1e-5);
}

static void
setup_days (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (ACE_K2, &contents, &length, &error);
  g_assert_no_error (error);
  write_file ("files/ac_k2_mfi_20220101.cdf", contents, (gssize) length);
  write_list (0, "/files/ac_k2_mfi_20220101.cdf", "2022-01-03T00:00:00.000Z");
  write_list (1, NULL, NULL);
  write_list (2, NULL, NULL);
}

static void
test_overlap (void)
{
  g_autoptr(PsProvider) provider = provider_new (NULL);
  g_autoptr(PsCache) cache = fresh_cache ();
  g_autoptr(PsSeries) one = NULL;
  g_autoptr(PsSeries) two = NULL;
  g_autoptr(PsSeries) again = NULL;
  g_autoptr(GError) error = NULL;

  setup_days ();
  reset_log ();
  one = get (provider, cache, 0, 1, NULL, &error);
  g_assert_no_error (error);
  assert_day_one (one);
  g_assert_cmpuint (count_requests (LIST), ==, 1);
  g_assert_cmpuint (count_requests ("/files/"), ==, 1);

  /* Days 1–2: only day 2 is asked for (and has no data) */
  reset_log ();
  two = get (provider, cache, 0, 2, NULL, &error);
  g_assert_no_error (error);
  assert_day_one (two);
  g_assert_cmpuint (count_requests (LIST), ==, 1);
  g_assert_cmpuint (count_requests ("20220102T000000Z,20220103T000000Z"), ==, 1);
  g_assert_cmpuint (count_requests ("/files/"), ==, 0);
  g_assert_cmpuint (n_cached (cache), ==, 2);

  /* Both again, and the empty day alone: nothing asked */
  reset_log ();
  again = get (provider, cache, 0, 2, NULL, &error);
  g_assert_no_error (error);
  assert_day_one (again);
  g_clear_pointer (&again, ps_series_unref);
  again = get (provider, cache, 1, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (again), ==, 0);
  g_assert_cmpuint (count_requests ("/"), ==, 0);
}

/* A fragment file gone from the disk (removed by hand, torn by a system
 * crash): the index still names it, the get finds it missing on reading
 * and plans once more, fetching it again. */
static void
test_vanished (void)
{
  g_autoptr(PsProvider) provider = provider_new (NULL);
  g_autoptr(PsCache) cache = fresh_cache ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fragments = g_build_filename (ps_cache_get_dir (cache), "fragments", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_removed = 0;

  setup_days ();
  {
    g_autoptr(PsSeries) s = get (provider, cache, 0, 1, NULL, &error);

    g_assert_no_error (error);
    assert_day_one (s);
  }
  dir = g_dir_open (fragments, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fragments, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_assert_cmpint (g_unlink (path), ==, 0);
          n_removed++;
        }
    }
  g_assert_cmpuint (n_removed, ==, 1);

  reset_log ();
  {
    g_autoptr(PsSeries) s = get (provider, cache, 0, 1, NULL, &error);

    g_assert_no_error (error);
    assert_day_one (s);
  }
  g_assert_cmpuint (count_requests (LIST), ==, 1);
  g_assert_cmpuint (count_requests ("/files/"), ==, 1);
}

static void
test_revalidate (void)
{
  g_autoptr(PsProvider) provider = provider_new (NULL);
  g_autoptr(PsProvider) down = provider_new ("/_faulty/500");
  g_autoptr(PsCache) cache = fresh_cache ();
  g_autoptr(GError) error = NULL;
  PsGetOptions opts;

  setup_days ();
  ps_get_options_init (&opts);
  {
    g_autoptr(PsSeries) s = get (provider, cache, 0, 1, &opts, &error);

    g_assert_no_error (error);
    assert_day_one (s);
  }

  /* Stale at once: the version is asked (the file list), not the file */
  opts.max_age = 1;
  g_usleep (2000);
  reset_log ();
  {
    g_autoptr(PsSeries) s = get (provider, cache, 0, 1, &opts, &error);

    g_assert_no_error (error);
    assert_day_one (s);
  }
  g_assert_cmpuint (count_requests (LIST), ==, 1);
  g_assert_cmpuint (count_requests ("/files/"), ==, 0);

  /* Revalidated, so fresh again for the default age: nothing asked */
  reset_log ();
  {
    g_autoptr(PsSeries) s = get (provider, cache, 0, 1, NULL, &error);

    g_assert_no_error (error);
    assert_day_one (s);
  }
  g_assert_cmpuint (count_requests ("/"), ==, 0);

  /* The server is down: the stale copy is served */
  g_usleep (2000);
  reset_log ();
  {
    g_autoptr(PsSeries) s = get (down, cache, 0, 1, &opts, &error);

    g_assert_no_error (error);
    assert_day_one (s);
  }
  g_assert_cmpuint (count_requests ("/_faulty/500/"), ==, 3); /* the first try and two retries */

  /* The file was reprocessed: another version, so downloaded again */
  write_list (0, "/files/ac_k2_mfi_20220101.cdf", "2022-02-01T00:00:00.000Z");
  g_usleep (2000);
  reset_log ();
  {
    g_autoptr(PsSeries) s = get (provider, cache, 0, 1, &opts, &error);

    g_assert_no_error (error);
    assert_day_one (s);
  }
  g_assert_cmpuint (count_requests (LIST), ==, 2); /* the version, then the data */
  g_assert_cmpuint (count_requests ("/files/"), ==, 1);
  write_list (0, "/files/ac_k2_mfi_20220101.cdf", "2022-01-03T00:00:00.000Z");
}

static void
test_offline (void)
{
  g_autoptr(PsProvider) provider = provider_new (NULL);
  g_autoptr(PsCache) cache = fresh_cache ();
  g_autoptr(GError) error = NULL;
  PsSeries *series;
  PsGetOptions offline;

  setup_days ();
  ps_get_options_init (&offline);
  offline.offline = TRUE;
  reset_log ();
  g_assert_null (get (provider, cache, 0, 2, &offline, &error));
  g_assert_error (error, PS_GET_ERROR, PS_GET_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, PRODUCT));
  g_assert_nonnull (strstr (error->message, "2022-01-01T00:00:00Z – 2022-01-03T00:00:00Z"));
  g_clear_error (&error);
  g_assert_cmpuint (count_requests ("/"), ==, 0);

  series = get (provider, cache, 0, 1, NULL, &error);
  g_assert_no_error (error);
  ps_series_unref (series);

  /* Day 1 is cached now; day 2 is what is missing */
  reset_log ();
  series = get (provider, cache, 0, 1, &offline, &error);
  g_assert_no_error (error);
  assert_day_one (series);
  ps_series_unref (series);
  g_assert_null (get (provider, cache, 0, 2, &offline, &error));
  g_assert_error (error, PS_GET_ERROR, PS_GET_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "2022-01-02T00:00:00Z – 2022-01-03T00:00:00Z"));
  g_assert_null (strstr (error->message, "2022-01-01T00:00:00Z"));
  g_clear_error (&error);
  g_assert_cmpuint (count_requests ("/"), ==, 0);

  /* Offline without a cache: nothing can be read */
  g_assert_null (get (provider, NULL, 0, 1, &offline, &error));
  g_assert_error (error, PS_GET_ERROR, PS_GET_ERROR_OFFLINE);
}

/* One fault, on the file list (@on_list) or on the file: */
typedef struct
{
  const char *spec;       /* the /_faulty/ SPEC */
  gboolean    on_list;
  GQuark      domain;     /* 0: succeeds */
  int         code;
  guint       n_requests; /* requests the faulty URL gets, 0: not checked */
} Fault;

static void
test_faults (void)
{
  const Fault faults[] = {
    { "503x2",         TRUE,  0, 0, 3 },
    { "429x1",         FALSE, 0, 0, 2 },
    { "500",           TRUE,  PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP, 3 },
    { "404",           TRUE,  PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP, 1 },
    { "404",           FALSE, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP, 1 },
    { "stall",         FALSE, PS_FETCH_ERROR, PS_FETCH_ERROR_TIMEOUT, 1 },
    { "truncate",      TRUE,  PS_FETCH_ERROR, PS_FETCH_ERROR_TRUNCATED, 0 },
    { "truncate",      FALSE, PS_FETCH_ERROR, PS_FETCH_ERROR_TRUNCATED, 0 },
    { "garbage",       TRUE,  PS_CDA_ERROR, PS_CDA_ERROR_PARSE, 1 },
    { "garbage",       FALSE, PS_CDA_ERROR, PS_CDA_ERROR_PARSE, 1 },
    { "type",          TRUE,  PS_FETCH_ERROR, PS_FETCH_ERROR_CONTENT_TYPE, 1 },
    { "huge",          TRUE,  PS_FETCH_ERROR, PS_FETCH_ERROR_TOO_LARGE, 1 },
    { "redirect-loop", TRUE,  PS_FETCH_ERROR, PS_FETCH_ERROR_TOO_MANY_REDIRECTS, 0 },
    { "redirect-loop", FALSE, PS_FETCH_ERROR, PS_FETCH_ERROR_TOO_MANY_REDIRECTS, 0 },
  };
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (ACE_K2, &contents, &length, &error);
  g_assert_no_error (error);
  write_file ("files/ac_k2_mfi_20220101.cdf", contents, (gssize) length);

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      const Fault *f = &faults[i];
      g_autofree char *prefix = g_strdup_printf ("/_faulty/%s", f->spec);
      g_autofree char *file_url = g_strdup_printf ("%s/files/ac_k2_mfi_20220101.cdf", f->on_list ? "" : prefix);
      g_autoptr(PsProvider) provider = provider_new (f->on_list ? prefix : NULL);
      g_autoptr(PsCache) cache = fresh_cache ();
      g_autoptr(PsSeries) series = NULL;

      g_test_message ("fault %s on the %s", f->spec, f->on_list ? "file list" : "file");
      write_list (0, file_url, "2022-01-03T00:00:00.000Z");
      reset_log ();
      series = get (provider, cache, 0, 1, NULL, &error);
      if (f->domain == 0)
        {
          g_assert_no_error (error);
          assert_day_one (series);
          g_assert_cmpuint (n_cached (cache), ==, 1);
        }
      else
        {
          g_assert_null (series);
          g_assert_error (error, f->domain, f->code);
          /* The message says what failed: the dataset, or the file */
          g_assert_true (strstr (error->message, "AC_K2_MFI") != NULL
                         || strstr (error->message, "ac_k2_mfi") != NULL);
          g_clear_error (&error);
          g_assert_cmpuint (n_cached (cache), ==, 0);
        }
      if (f->n_requests > 0)
        g_assert_cmpuint (count_requests (prefix), ==, f->n_requests);

      /* No claim is left behind: the same get from a sound server
       * succeeds at once (it would wait for a claim otherwise). */
      if (f->domain != 0)
        {
          g_autoptr(PsProvider) sound = provider_new (NULL);
          PsGetOptions opts;
          gint64 t0 = g_get_monotonic_time ();

          ps_get_options_init (&opts);
          opts.wait_timeout = 3 * S;
          write_list (0, "/files/ac_k2_mfi_20220101.cdf", "2022-01-03T00:00:00.000Z");
          series = get (sound, cache, 0, 1, &opts, &error);
          g_assert_no_error (error);
          assert_day_one (series);
          g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
        }
    }
}

static void
concurrent_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  PsSeries **out = data;
  g_autoptr(GError) error = NULL;

  *out = ps_get_finish (result, &error);
  g_assert_no_error (error);
}

/* Two gets of one product at once in one process: one download. */
static void
test_concurrent (void)
{
  g_autoptr(PsProvider) provider = provider_new (NULL);
  g_autoptr(PsCache) cache = fresh_cache ();
  PsTimeRange day = ps_time_range_make (T2022 * S, (T2022 + DAY) * S);
  PsSeries *a = NULL;
  PsSeries *b = NULL;

  setup_days ();
  write_list (0, "/_faulty/slow/files/ac_k2_mfi_20220101.cdf", "2022-01-03T00:00:00.000Z");
  reset_log ();
  ps_get_async (provider, cache, PRODUCT, &day, NULL, concurrent_cb, &a);
  ps_get_async (provider, cache, PRODUCT, &day, NULL, concurrent_cb, &b);
  while (a == NULL || b == NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_day_one (a);
  assert_day_one (b);
  g_assert_cmpuint (count_requests (LIST), ==, 1);
  g_assert_cmpuint (count_requests ("/files/"), ==, 1);
  ps_series_unref (a);
  ps_series_unref (b);
}

/* Two processes sharing one cache: one download, the same CSV. */
static void
test_two_processes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_dir ("ps-get-cache-XXXXXX");
  g_autofree char *base = g_strdup_printf ("cda=%s", server.base_url);
  const char *argv[] = { CLI_PATH, "get", PRODUCT, "2022-01-01", "2022-01-02",
                         "--base-url", base, "--cache-dir", dir, NULL };
  g_autoptr(GSubprocess) one = NULL;
  g_autoptr(GSubprocess) two = NULL;
  g_autofree char *out_one = NULL;
  g_autofree char *out_two = NULL;
  g_autofree char *err_one = NULL;
  g_autofree char *err_two = NULL;

  g_assert_no_error (error);
  setup_days ();
  write_list (0, "/_faulty/slow/files/ac_k2_mfi_20220101.cdf", "2022-01-03T00:00:00.000Z");
  reset_log ();
  one = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  two = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (one, NULL, NULL, &out_one, &err_one, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (two, NULL, NULL, &out_two, &err_two, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (err_one, ==, "");
  g_assert_cmpstr (err_two, ==, "");
  g_assert_true (g_subprocess_get_if_exited (one) && g_subprocess_get_exit_status (one) == 0);
  g_assert_true (g_subprocess_get_if_exited (two) && g_subprocess_get_exit_status (two) == 0);
  g_assert_cmpstr (out_one, ==, out_two);
  g_assert_nonnull (strstr (out_one, "2022-01-01T00:00:00.000000000Z,"));
  g_assert_cmpuint (count_requests (LIST), ==, 1);
  g_assert_cmpuint (count_requests ("/files/"), ==, 1);
}

/* plasmascope-cli get --offline and --format: the missing range named,
 * then the cached day written as JSON without a request. */
static int
run_get (const char *cache_dir,
         char      **out,
         char      **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *base = g_strdup_printf ("cda=%s", server.base_url);
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = 0;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) CLI_PATH);
  g_ptr_array_add (argv, (gpointer) "get");
  g_ptr_array_add (argv, (gpointer) PRODUCT);
  g_ptr_array_add (argv, (gpointer) "2022-01-01");
  g_ptr_array_add (argv, (gpointer) "2022-01-02");
  g_ptr_array_add (argv, (gpointer) "--base-url");
  g_ptr_array_add (argv, base);
  g_ptr_array_add (argv, (gpointer) "--cache-dir");
  g_ptr_array_add (argv, (gpointer) cache_dir);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli_offline_format (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_dir ("ps-get-cache-XXXXXX");
  g_autofree char *json_path = g_build_filename (dir, "day.json", NULL);
  g_autofree char *json = NULL;
  char *out = NULL;
  char *err = NULL;
  cJSON *doc;

  g_assert_no_error (error);
  setup_days ();
  reset_log ();
  g_assert_cmpint (run_get (dir, &out, &err, "--offline", NULL), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "2022-01-01T00:00:00Z – 2022-01-02T00:00:00Z"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpuint (count_requests ("/"), ==, 0);

  g_assert_cmpint (run_get (dir, &out, &err, "--offline", "--no-cache", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_get (dir, &out, &err, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  reset_log ();
  g_assert_cmpint (run_get (dir, &out, &err, "--offline", "--format", "json", "--output", json_path, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpuint (count_requests ("/"), ==, 0);
  g_file_get_contents (json_path, &json, NULL, &error);
  g_assert_no_error (error);
  doc = cJSON_Parse (json);
  g_assert_nonnull (doc);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (doc, "times")), ==, 24);
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetArrayItem (cJSON_GetObjectItem (doc, "times"), 0)), ==,
                   "2022-01-01T00:00:00.000000000Z");
  g_assert_cmpfloat (ABS (cJSON_GetArrayItem (cJSON_GetArrayItem (cJSON_GetObjectItem (doc, "values"), 0), 0)->valuedouble
                          - (-6.069)), <, 1e-5);
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (doc, "units")), ==, "nT");
  cJSON_Delete (doc);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Cancelled during the download: CANCELLED, and no claim left. */
static void
test_cancel (void)
{
  g_autoptr(PsProvider) provider = provider_new (NULL);
  g_autoptr(PsCache) cache = fresh_cache ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  PsTimeRange day = ps_time_range_make (T2022 * S, (T2022 + DAY) * S);
  Wait wait = { NULL };
  PsSeries *series;
  PsGetOptions opts;
  gint64 t0;

  setup_days ();
  write_list (0, "/_faulty/slow/files/ac_k2_mfi_20220101.cdf", "2022-01-03T00:00:00.000Z");
  ps_get_async (provider, cache, PRODUCT, &day, cancellable, done_cb, &wait);
  g_timeout_add (300, cancel_soon, cancellable);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (ps_get_finish (wait.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_object_unref (wait.result);
  g_assert_cmpuint (n_cached (cache), ==, 0);

  ps_get_options_init (&opts);
  opts.wait_timeout = 3 * S;
  write_list (0, "/files/ac_k2_mfi_20220101.cdf", "2022-01-03T00:00:00.000Z");
  t0 = g_get_monotonic_time ();
  series = get (provider, cache, 0, 1, &opts, &error);
  g_assert_no_error (error);
  assert_day_one (series);
  ps_series_unref (series);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--root", NULL, "--default-type", "application/json", NULL };
  int status;

  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_test_init (&argc, &argv, NULL);

  made_dirs = g_ptr_array_new_with_free_func (g_free);
  root = make_dir ("ps-get-XXXXXX");
  args[1] = root;
  test_server_start (&server, args);

  g_test_add_func ("/Core/Get/overlap", test_overlap);
  g_test_add_func ("/Core/Get/vanished", test_vanished);
  g_test_add_func ("/Core/Get/revalidate", test_revalidate);
  g_test_add_func ("/Core/Get/offline", test_offline);
  g_test_add_func ("/Core/Get/faults", test_faults);
  g_test_add_func ("/Core/Get/concurrent", test_concurrent);
  g_test_add_func ("/Core/Get/two-processes", test_two_processes);
  g_test_add_func ("/Core/Get/cli-offline-format", test_cli_offline_format);
  g_test_add_func ("/Core/Get/cancel", test_cancel);
  status = g_test_run ();

  test_server_stop (&server);
  for (guint i = 0; i < made_dirs->len; i++)
    remove_tree (g_ptr_array_index (made_dirs, i));
  g_ptr_array_unref (made_dirs);
  g_free (root);
  return status;
}
