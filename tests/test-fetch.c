/* test-fetch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsFetcher against tests/test-server.py on 127.0.0.1: files, faults,
 * retries, limits, cancellation, parallel transfers, progress and 304s.
 * The server's /_log tells how many requests it saw and on which
 * connections.
 */

#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>
#include <gio/gio.h>

#include "ps-fetcher.h"
#include "test-http.h"

#define FIXTURES TEST_DATA_DIR "/providers/fetch"

static GSubprocess *server;
static char *base_url;

static char *
url_for (const char *path)
{
  return g_strconcat (base_url, path, NULL);
}

/* -- running one request to its end ------------------------------------- */

typedef struct
{
  GAsyncResult *result;
  gboolean      done;
  guint         n_progress;
  guint64       last_received;
  gint64        last_total;
  gboolean      progress_after_done;
  gboolean      non_monotonic;
  GCancellable *cancel_on_progress;
  GThread      *thread;          /* where the callbacks ran */
  gboolean      wrong_thread;
} Run;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Run *run = data;

  run->result = g_object_ref (result);
  run->done = TRUE;
  if (run->thread != NULL && run->thread != g_thread_self ())
    run->wrong_thread = TRUE;
}

static void
on_progress (guint64  received,
             gint64   total,
             gpointer data)
{
  Run *run = data;

  if (run->done)
    run->progress_after_done = TRUE;
  if (run->thread != NULL && run->thread != g_thread_self ())
    run->wrong_thread = TRUE;
  if (run->n_progress > 0 && received < run->last_received)
    run->non_monotonic = TRUE;
  run->n_progress++;
  run->last_received = received;
  run->last_total = total;
  if (run->cancel_on_progress != NULL && received > 0)
    g_cancellable_cancel (run->cancel_on_progress);
}

static PsFetchResult *
run_fetch (PsFetcher            *fetcher,
           const char           *path,
           const PsFetchOptions *opts,
           GCancellable         *cancellable,
           Run                  *run,
           GError              **error)
{
  g_autofree char *url = g_str_has_prefix (path, "http") ? g_strdup (path) : url_for (path);
  Run local = { 0 };
  PsFetchResult *result;

  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  if (run == NULL)
    run = &local;
  ps_fetcher_get_async (fetcher, url, opts, cancellable, on_progress, run, on_done, run);
  while (!run->done)
    g_main_context_iteration (context, TRUE);
  result = ps_fetcher_get_finish (fetcher, run->result, error);
  g_clear_object (&run->result);
  /* Nothing may follow the completion. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_false (run->progress_after_done);
  return result;
}

static PsFetchOptions
quick_options (void)
{
  PsFetchOptions opts;

  ps_fetch_options_init (&opts);
  opts.connect_timeout_ms = 2000;
  opts.stall_timeout_ms = 3000;
  opts.retry_base_ms = 20;
  opts.retry_max_ms = 200;
  return opts;
}

/* -- the server's log ---------------------------------------------------- */

static void
server_reset (PsFetcher *fetcher)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = run_fetch (fetcher, "/_reset", NULL, NULL, NULL, &error);

  g_assert_no_error (error);
}

static cJSON *
server_log (PsFetcher *fetcher)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = run_fetch (fetcher, "/_log", NULL, NULL, NULL, &error);
  GBytes *body;
  g_autofree char *text = NULL;
  cJSON *log;

  g_assert_no_error (error);
  body = ps_fetch_result_get_body (result);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  log = cJSON_Parse (text);
  g_assert_nonnull (log);
  return log;
}

/* Requests whose path starts with @prefix. */
static guint
count_requests (PsFetcher  *fetcher,
                const char *prefix)
{
  cJSON *log = server_log (fetcher);
  cJSON *item;
  guint n = 0;

  cJSON_ArrayForEach (item, cJSON_GetObjectItem (log, "requests"))
    {
      const char *path = cJSON_GetStringValue (cJSON_GetObjectItem (item, "path"));

      if (g_str_has_prefix (path, prefix))
        n++;
    }
  cJSON_Delete (log);
  return n;
}

/* Waits (up to 3 s) for the server to notice that the client closed the
 * last request to @prefix; returns the bytes it had sent. */
static double
wait_server_aborted (PsFetcher  *fetcher,
                     const char *prefix)
{
  gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      cJSON *log = server_log (fetcher);
      cJSON *item;
      cJSON *last = NULL;
      double sent = -1;

      cJSON_ArrayForEach (item, cJSON_GetObjectItem (log, "requests"))
        if (g_str_has_prefix (cJSON_GetStringValue (cJSON_GetObjectItem (item, "path")), prefix))
          last = item;
      if (last != NULL && cJSON_IsTrue (cJSON_GetObjectItem (last, "aborted")))
        sent = cJSON_GetNumberValue (cJSON_GetObjectItem (last, "bytes_sent"));
      cJSON_Delete (log);
      if (sent >= 0)
        return sent;
      g_usleep (50 * 1000);
    }
  g_assert_not_reached ();
  return -1;
}

static GBytes *
fixture (const char *name)
{
  g_autofree char *path = g_build_filename (FIXTURES, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* -- tests --------------------------------------------------------------- */

static void
test_plain (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autoptr(GBytes) expected = fixture ("hello.txt");
  g_autofree char *url = url_for ("/hello.txt");
  g_autofree char *agent = ps_fetcher_get_user_agent ();
  PsFetchOptions opts = quick_options ();
  static const char * const extra[] = { "Accept: application/json", "X-Plasmascope-Test: 1", NULL };
  cJSON *log;
  cJSON *headers;

  opts.headers = extra;
  server_reset (fetcher);
  result = run_fetch (fetcher, "/hello.txt", &opts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ps_fetch_result_get_body (result), expected));
  g_assert_cmpuint (ps_fetch_result_get_status (result), ==, 200);
  g_assert_false (ps_fetch_result_is_not_modified (result));
  g_assert_true (g_str_has_prefix (ps_fetch_result_get_content_type (result), "text/plain"));
  g_assert_nonnull (ps_fetch_result_get_etag (result));
  g_assert_nonnull (ps_fetch_result_get_last_modified (result));
  g_assert_cmpstr (ps_fetch_result_get_url (result), ==, url);

  log = server_log (fetcher);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (log, "requests")), ==, 1);
  headers = cJSON_GetObjectItem (cJSON_GetArrayItem (cJSON_GetObjectItem (log, "requests"), 0), "headers");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (headers, "User-Agent")), ==, agent);
  g_assert_true (g_str_has_prefix (agent, "Plasmascope/" PACKAGE_VERSION " "));
  /* Request headers from the options */
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (headers, "Accept")), ==, "application/json");
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (headers, "X-Plasmascope-Test")), ==, "1");
  cJSON_Delete (log);
}

static void
test_gzip (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autoptr(GBytes) expected = fixture ("sample.csv");
  cJSON *log;
  cJSON *request;
  const char *accept;

  server_reset (fetcher);
  result = run_fetch (fetcher, "/gzip/sample.csv", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ps_fetch_result_get_body (result), expected));

  log = server_log (fetcher);
  request = cJSON_GetArrayItem (cJSON_GetObjectItem (log, "requests"), 0);
  accept = cJSON_GetStringValue (cJSON_GetObjectItem (cJSON_GetObjectItem (request, "headers"),
                                                      "Accept-Encoding"));
  g_assert_nonnull (accept);
  g_assert_nonnull (strstr (accept, "gzip"));
  /* It went compressed on the wire. */
  g_assert_cmpfloat (cJSON_GetNumberValue (cJSON_GetObjectItem (request, "bytes_sent")), <,
                     g_bytes_get_size (expected) / 2.0);
  cJSON_Delete (log);
}

static void
test_not_found (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autofree char *url = url_for ("/missing.txt");
  PsFetchOptions opts = quick_options ();

  server_reset (fetcher);
  result = run_fetch (fetcher, "/missing.txt", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  g_assert_null (result);
  g_assert_nonnull (strstr (error->message, url));
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, "404"));
  /* Never retried. */
  g_assert_cmpuint (count_requests (fetcher, "/missing.txt"), ==, 1);
  /* The status and the server's explanation come with the error */
  g_assert_cmpuint (ps_fetch_error_get_status (error), ==, 404);
  g_assert_nonnull (ps_fetch_error_get_body (error));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (ps_fetch_error_get_body (error), NULL),
                                  g_bytes_get_size (ps_fetch_error_get_body (error)), "Not found: /missing.txt"));
  g_clear_error (&error);

  /* A service's own error document, byte for byte (HAPI here) */
  result = run_fetch (fetcher, "/fault/status/400?body=" "{%22HAPI%22:%223.1%22,%22status%22:{%22code%22:1406}}",
                      &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  g_assert_cmpuint (ps_fetch_error_get_status (error), ==, 400);
  g_assert_cmpmem (g_bytes_get_data (ps_fetch_error_get_body (error), NULL),
                   g_bytes_get_size (ps_fetch_error_get_body (error)),
                   "{\"HAPI\":\"3.1\",\"status\":{\"code\":1406}}",
                   strlen ("{\"HAPI\":\"3.1\",\"status\":{\"code\":1406}}"));
  g_clear_error (&error);
  /* Other errors have neither */
  g_assert_cmpuint (ps_fetch_error_get_status (NULL), ==, 0);
}

static void
test_retry (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  PsFetchOptions opts = quick_options ();
  const char *paths[] = {
    "/fault/flaky/a?fail=2&status=503",
    "/fault/flaky/b?fail=2&status=500",
    "/fault/flaky/c?fail=3&status=429&retry_after=0",
    "/fault/flaky/d?fail=1&status=502",
  };
  const guint expected_requests[] = { 3, 3, 4, 2 };

  server_reset (fetcher);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsFetchResult) result = run_fetch (fetcher, paths[i], &opts, NULL, NULL, &error);
      g_autofree char *prefix = g_strndup (paths[i], strchr (paths[i], '?') - paths[i]);

      g_assert_no_error (error);
      g_assert_cmpuint (ps_fetch_result_get_status (result), ==, 200);
      g_assert_cmpuint (count_requests (fetcher, prefix), ==, expected_requests[i]);
    }
}

static void
test_retry_after (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autoptr(PsFetchResult) capped = NULL;
  PsFetchOptions opts = quick_options ();
  gint64 start;
  gint64 elapsed;

  server_reset (fetcher);

  /* Retry-After: 1 is honoured (rather than the 20 ms backoff)… */
  opts.retry_max_ms = 5000;
  start = g_get_monotonic_time ();
  result = run_fetch (fetcher, "/fault/flaky/ra?fail=1&status=503&retry_after=1", &opts, NULL, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpint (elapsed, >=, 900 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_requests (fetcher, "/fault/flaky/ra"), ==, 2);

  /* …but capped. */
  opts.retry_max_ms = 100;
  start = g_get_monotonic_time ();
  capped = run_fetch (fetcher, "/fault/flaky/rb?fail=1&status=429&retry_after=3600", &opts, NULL, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC);
  g_assert_cmpuint (count_requests (fetcher, "/fault/flaky/rb"), ==, 2);
}

static void
test_retries_exhausted (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  PsFetchOptions opts = quick_options ();

  server_reset (fetcher);
  opts.max_retries = 2;
  result = run_fetch (fetcher, "/fault/status/503?retry_after=0", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "503"));
  g_assert_nonnull (strstr (error->message, "/fault/status/503"));
  g_assert_cmpuint (count_requests (fetcher, "/fault/status/503"), ==, 3);

  /* No retries at all. */
  g_clear_error (&error);
  opts.max_retries = 0;
  result = run_fetch (fetcher, "/fault/status/500", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  g_assert_cmpuint (count_requests (fetcher, "/fault/status/500"), ==, 1);

  /* 403 is never retried either. */
  g_clear_error (&error);
  opts.max_retries = 3;
  result = run_fetch (fetcher, "/fault/status/403", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  g_assert_cmpuint (count_requests (fetcher, "/fault/status/403"), ==, 1);
}

static void
test_connection_refused (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  PsFetchOptions opts = quick_options ();

  /* A port that was free a moment ago and is closed now. */
  g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/x",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_listener_close (listener);

  opts.max_retries = 1;
  result = run_fetch (fetcher, url, &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, url));

  g_clear_error (&error);
  result = run_fetch (fetcher, "ftp://127.0.0.1/x", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_NETWORK);
}

static void
test_stall (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  PsFetchOptions opts = quick_options ();
  gint64 start;
  gint64 elapsed;

  server_reset (fetcher);
  opts.stall_timeout_ms = 1000;
  start = g_get_monotonic_time ();
  result = run_fetch (fetcher, "/fault/stall?seconds=10&length=100&sent=10", &opts, NULL, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_TIMEOUT);
  g_assert_cmpint (elapsed, >=, 900 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
  /* A stall is not retried. */
  g_assert_cmpuint (count_requests (fetcher, "/fault/stall"), ==, 1);
  wait_server_aborted (fetcher, "/fault/stall");
}

static void
test_truncated (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  PsFetchOptions opts = quick_options ();

  result = run_fetch (fetcher, "/fault/truncate?length=1000&sent=500", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "/fault/truncate"));
}

static void
test_content_type (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autoptr(PsFetchResult) json = NULL;
  g_autoptr(PsFetchResult) text = NULL;
  const char * const accept[] = { "text/csv", "application/json", NULL };
  const char * const any_text[] = { "text/*", NULL };
  PsFetchOptions opts = quick_options ();

  opts.accept_types = accept;
  result = run_fetch (fetcher, "/fault/garbage?size=4096&type=text/html", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_CONTENT_TYPE);
  g_assert_nonnull (strstr (error->message, "text/html"));

  /* Even with an empty body. */
  g_clear_error (&error);
  result = run_fetch (fetcher, "/fault/type?type=text/html&body=", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_CONTENT_TYPE);

  /* Error statuses are HTTP errors whatever their type. */
  g_clear_error (&error);
  result = run_fetch (fetcher, "/missing.json", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);

  g_clear_error (&error);
  json = run_fetch (fetcher, "/sample.json", &opts, NULL, NULL, &error);
  g_assert_no_error (error);

  opts.accept_types = any_text;
  text = run_fetch (fetcher, "/hello.txt", &opts, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_redirects (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autoptr(PsFetchResult) redirected = NULL;
  g_autoptr(GBytes) expected = fixture ("hello.txt");
  g_autofree char *final = url_for ("/hello.txt");
  PsFetchOptions opts = quick_options ();

  server_reset (fetcher);
  result = run_fetch (fetcher, "/fault/redirect-loop", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_TOO_MANY_REDIRECTS);
  g_assert_cmpuint (count_requests (fetcher, "/fault/redirect-loop"), ==, 6);

  g_clear_error (&error);
  redirected = run_fetch (fetcher, "/fault/redirect?n=3&to=/hello.txt", &opts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ps_fetch_result_get_body (redirected), expected));
  g_assert_cmpstr (ps_fetch_result_get_url (redirected), ==, final);
}

static void
test_too_large (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  PsFetchOptions opts = quick_options ();
  const double size = 256.0 * 1024 * 1024;
  double sent;

  server_reset (fetcher);
  opts.max_body_size = 1024 * 1024;

  /* Announced by Content-Length: refused before reading the body. */
  result = run_fetch (fetcher, "/fault/huge?size=268435456&length=1", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "/fault/huge"));
  sent = wait_server_aborted (fetcher, "/fault/huge");
  g_assert_cmpfloat (sent, <, size / 8);

  /* Streamed (chunked): refused as soon as it passes the limit. */
  g_clear_error (&error);
  server_reset (fetcher);
  result = run_fetch (fetcher, "/fault/huge?size=268435456&length=0", &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_TOO_LARGE);
  sent = wait_server_aborted (fetcher, "/fault/huge");
  g_assert_cmpfloat (sent, <, size / 8);

  /* Just under the limit is fine. */
  g_clear_error (&error);
  result = run_fetch (fetcher, "/fault/huge?size=1048576&length=0", &opts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (ps_fetch_result_get_body (result)), ==, 1024 * 1024);
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) already = g_cancellable_new ();
  PsFetchOptions opts = quick_options ();
  Run run = { 0 };
  gint64 start;
  gint64 elapsed;

  server_reset (fetcher);

  /* Mid-transfer, from the first progress call: 100 pieces 50 ms apart. */
  run.cancel_on_progress = cancellable;
  start = g_get_monotonic_time ();
  result = run_fetch (fetcher, "/fault/slow?size=100000&chunk=1000&delay=50", &opts,
                      cancellable, &run, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (run.n_progress, >=, 1);
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
  /* The server sees the connection closed, long before the end. */
  g_assert_cmpfloat (wait_server_aborted (fetcher, "/fault/slow"), <, 100000);

  /* From a timeout, while nothing arrives. */
  g_clear_error (&error);
  g_cancellable_reset (cancellable);
  g_timeout_add (200, cancel_later, cancellable);
  start = g_get_monotonic_time ();
  result = run_fetch (fetcher, "/fault/stall?seconds=10", &opts, cancellable, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC);
  wait_server_aborted (fetcher, "/fault/stall");

  /* Already cancelled. */
  g_clear_error (&error);
  g_cancellable_cancel (already);
  result = run_fetch (fetcher, "/hello.txt", &opts, already, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* The fetcher still works afterwards. */
  g_clear_error (&error);
  result = run_fetch (fetcher, "/hello.txt", &opts, NULL, NULL, &error);
  g_assert_no_error (error);
}

typedef struct
{
  guint n_done;
  guint n_ok;
} Parallel;

static void
on_parallel_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Parallel *parallel = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) fetched = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);

  g_assert_no_error (error);
  if (g_bytes_get_size (ps_fetch_result_get_body (fetched)) == 1000)
    parallel->n_ok++;
  parallel->n_done++;
}

static void
test_parallel (void)
{
  g_autoptr(PsFetcher) fetcher = g_object_new (PS_TYPE_FETCHER, "max-host-connections", 3, NULL);
  g_autoptr(GHashTable) connections = g_hash_table_new (NULL, NULL);
  PsFetchOptions opts = quick_options ();
  Parallel parallel = { 0 };
  cJSON *log;
  cJSON *item;
  guint n = 0;

  g_assert_cmpuint (ps_fetcher_get_max_host_connections (fetcher), ==, 3);
  server_reset (fetcher);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/fault/slow?size=1000&chunk=500&delay=20&i=%u",
                                              base_url, i);

      ps_fetcher_get_async (fetcher, url, &opts, NULL, NULL, NULL, on_parallel_done, &parallel);
    }
  while (parallel.n_done < 10)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (parallel.n_ok, ==, 10);

  /* Connections were reused: at most three for ten requests. */
  log = server_log (fetcher);
  cJSON_ArrayForEach (item, cJSON_GetObjectItem (log, "requests"))
    {
      if (!g_str_has_prefix (cJSON_GetStringValue (cJSON_GetObjectItem (item, "path")), "/fault/slow"))
        continue;
      n++;
      g_hash_table_add (connections,
                        GINT_TO_POINTER ((int) cJSON_GetNumberValue (cJSON_GetObjectItem (item, "connection"))));
    }
  cJSON_Delete (log);
  g_assert_cmpuint (n, ==, 10);
  g_assert_cmpuint (g_hash_table_size (connections), <=, 3);
}

static void
test_progress (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autoptr(PsFetchResult) gzipped = NULL;
  g_autoptr(GBytes) csv = fixture ("sample.csv");
  PsFetchOptions opts = quick_options ();
  Run run = { 0 };
  Run run_gzip = { 0 };

  result = run_fetch (fetcher, "/fault/slow?size=20000&chunk=2000&delay=70", &opts, NULL, &run, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (ps_fetch_result_get_body (result)), ==, 20000);
  g_assert_cmpuint (run.n_progress, >=, 3);
  g_assert_false (run.non_monotonic);
  g_assert_cmpuint (run.last_received, ==, 20000);
  g_assert_cmpint (run.last_total, ==, 20000);

  /* Decoded bytes, whatever went on the wire. */
  gzipped = run_fetch (fetcher, "/gzip/sample.csv", &opts, NULL, &run_gzip, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run_gzip.n_progress, >=, 1);
  g_assert_false (run_gzip.non_monotonic);
  g_assert_cmpuint (run_gzip.last_received, ==, g_bytes_get_size (csv));
}

static void
test_not_modified (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) first = NULL;
  g_autoptr(PsFetchResult) by_etag = NULL;
  g_autoptr(PsFetchResult) by_date = NULL;
  g_autoptr(PsFetchResult) changed = NULL;
  PsFetchOptions opts = quick_options ();

  first = run_fetch (fetcher, "/sample.json", &opts, NULL, NULL, &error);
  g_assert_no_error (error);

  opts.if_none_match = ps_fetch_result_get_etag (first);
  by_etag = run_fetch (fetcher, "/sample.json", &opts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_fetch_result_get_status (by_etag), ==, 304);
  g_assert_true (ps_fetch_result_is_not_modified (by_etag));
  g_assert_cmpuint (g_bytes_get_size (ps_fetch_result_get_body (by_etag)), ==, 0);
  g_assert_cmpstr (ps_fetch_result_get_etag (by_etag), ==, ps_fetch_result_get_etag (first));

  opts.if_none_match = NULL;
  opts.if_modified_since = ps_fetch_result_get_last_modified (first);
  by_date = run_fetch (fetcher, "/sample.json", &opts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ps_fetch_result_is_not_modified (by_date));

  /* A stale validator gets the whole body again. */
  opts.if_modified_since = NULL;
  opts.if_none_match = "\"stale\"";
  changed = run_fetch (fetcher, "/sample.json", &opts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_fetch_result_get_status (changed), ==, 200);
  g_assert_true (g_bytes_equal (ps_fetch_result_get_body (changed), ps_fetch_result_get_body (first)));
}

static void
test_retry_after_date (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 2);
  g_autofree char *date = g_date_time_format (later, "%a, %d %b %Y %H:%M:%S GMT");
  g_autofree char *escaped = g_uri_escape_string (date, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/fault/flaky/date?fail=1&status=503&retry_after=%s", escaped);
  PsFetchOptions opts = quick_options ();
  gint64 start;
  gint64 elapsed;

  server_reset (fetcher);
  opts.retry_max_ms = 5000;
  start = g_get_monotonic_time ();
  result = run_fetch (fetcher, path, &opts, NULL, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  /* The date has whole seconds: between 1 and 2 s from now. */
  g_assert_cmpint (elapsed, >=, 500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_requests (fetcher, "/fault/flaky/date"), ==, 2);
}

static void
test_proxy (void)
{
  g_autoptr(PsFetcher) fetcher = g_object_new (PS_TYPE_FETCHER, "proxy", base_url, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autoptr(GBytes) expected = fixture ("hello.txt");
  PsFetchOptions opts = quick_options ();

  g_assert_cmpstr (ps_fetcher_get_proxy (fetcher), ==, base_url);
  /* A name that never resolves: only the proxy (the test server, which
   * serves absolute URLs too) can answer. */
  result = run_fetch (fetcher, "http://plasmascope.invalid/hello.txt", &opts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ps_fetch_result_get_body (result), expected));
}

/* HTTPS: certificates and host names are always verified. The test
 * server's certificate (tests/data/providers/fetch/tls/) is trusted only
 * through PsFetcher:ca-file. */
static void
test_tls (void)
{
  const char * const args[] = { "--root", FIXTURES, "--tls", FIXTURES "/tls/localhost.pem",
                                FIXTURES "/tls/localhost.key", NULL };
  const char * const other_args[] = { "--root", FIXTURES, "--tls", FIXTURES "/tls/other.pem",
                                      FIXTURES "/tls/other.key", NULL };
  g_autoptr(GBytes) expected = fixture ("hello.txt");
  PsFetchOptions opts = quick_options ();
  TestServer tls = { 0 };
  TestServer other = { 0 };

  test_server_start (&tls, args);
  test_server_start (&other, other_args);
  {
    g_autofree char *url = g_strdup_printf ("https%s/hello.txt", tls.base_url + strlen ("http"));
    g_autofree char *other_url = g_strdup_printf ("https%s/hello.txt", other.base_url + strlen ("http"));
    g_autoptr(PsFetcher) system = ps_fetcher_new ();
    g_autoptr(PsFetcher) trusting = g_object_new (PS_TYPE_FETCHER, "ca-file", FIXTURES "/tls/localhost.pem", NULL);
    g_autoptr(PsFetcher) trusting_other = g_object_new (PS_TYPE_FETCHER, "ca-file", FIXTURES "/tls/other.pem", NULL);
    g_autoptr(PsFetchResult) result = NULL;
    g_autoptr(GError) error = NULL;

    /* A certificate nobody vouches for: refused, never retried */
    g_assert_null (run_fetch (system, url, &opts, NULL, NULL, &error));
    g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_NETWORK);
    g_assert_nonnull (strstr (error->message, "127.0.0.1"));
    g_assert_nonnull (strstr (error->message, "certificate"));
    g_clear_error (&error);

    /* Trusted through ca-file: the body, over TLS */
    result = run_fetch (trusting, url, &opts, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (ps_fetch_result_get_body (result), expected));

    /* A trusted certificate for another name: refused */
    g_assert_null (run_fetch (trusting_other, other_url, &opts, NULL, NULL, &error));
    g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_NETWORK);
  }
  test_server_stop (&other);
  test_server_stop (&tls);
}

static gpointer
fetch_in_thread (gpointer data)
{
  PsFetcher *fetcher = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  PsFetchOptions opts = quick_options ();
  Run run = { 0 };

  g_main_context_push_thread_default (context);
  run.thread = g_thread_self ();
  result = run_fetch (fetcher, "/fault/slow?size=4000&chunk=1000&delay=60", &opts, NULL, &run, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run.n_progress, >=, 2);
  g_assert_cmpuint (run.last_received, ==, 4000);
  g_assert_false (run.wrong_thread);
  g_main_context_pop_thread_default (context);

  return GINT_TO_POINTER (TRUE);
}

static void
test_other_context (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  GThread *thread;

  /* Results and progress arrive on the context that was thread-default at
   * the call, here another thread's. */
  thread = g_thread_new ("test-fetch", fetch_in_thread, fetcher);
  g_assert_true (GPOINTER_TO_INT (g_thread_join (thread)));
}

static void
test_routes (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) routed = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GBytes) json = fixture ("sample.json");
  g_autoptr(GBytes) csv = fixture ("sample.csv");
  g_autoptr(GBytes) hello = fixture ("hello.txt");
  g_autoptr(PsFetchResult) info = NULL;
  g_autoptr(PsFetchResult) data = NULL;
  g_autoptr(PsFetchResult) other = NULL;
  g_autoptr(PsFetchResult) prefixed = NULL;
  g_autofree char *line = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  PsFetchOptions opts = quick_options ();

  /* The server's other mode, for the provider tests: exact routes with
   * query strings, and prefixes mapped onto folders. */
  routed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                             &error, "python3", TEST_SERVER,
                             "--routes", FIXTURES "/routes.json",
                             "--route", "/WS/cdasr/1=" FIXTURES, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (routed));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  base = g_strdup_printf ("http://127.0.0.1:%s", line + 5);

  url = g_strconcat (base, "/hapi/info?id=X", NULL);
  info = run_fetch (fetcher, url, &opts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ps_fetch_result_get_body (info), json));
  g_assert_cmpstr (ps_fetch_result_get_content_type (info), ==, "application/json");
  g_free (url);

  url = g_strconcat (base, "/hapi/data?format=csv&id=X&time.min=2024-01-01", NULL);
  data = run_fetch (fetcher, url, &opts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ps_fetch_result_get_body (data), csv));
  g_free (url);

  url = g_strconcat (base, "/hapi/info?id=Y", NULL);
  other = run_fetch (fetcher, url, &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  g_clear_error (&error);
  g_free (url);

  url = g_strconcat (base, "/hapi/gone", NULL);
  other = run_fetch (fetcher, url, &opts, NULL, NULL, &error);
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "410"));
  g_clear_error (&error);
  g_free (url);

  url = g_strconcat (base, "/WS/cdasr/1/hello.txt", NULL);
  prefixed = run_fetch (fetcher, url, &opts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (ps_fetch_result_get_body (prefixed), hello));

  g_output_stream_close (g_subprocess_get_stdin_pipe (routed), NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (routed, NULL, &error);
  g_assert_no_error (error);
}

static void
test_dispose (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) result = NULL;
  g_autofree char *url = url_for ("/fault/slow?size=100000&chunk=1000&delay=50");
  Run run = { 0 };
  gint64 start;

  /* Disposing the fetcher (the application quitting) cancels what runs and
   * joins the worker; the callback still comes, once. */
  ps_fetcher_get_async (fetcher, url, NULL, NULL, on_progress, &run, on_done, &run);
  while (run.n_progress == 0)
    g_main_context_iteration (NULL, TRUE);
  start = g_get_monotonic_time ();
  g_object_run_dispose (G_OBJECT (fetcher));
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  result = ps_fetcher_get_finish (fetcher, run.result, &error);
  g_clear_object (&run.result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Afterwards, requests are refused the same way. */
  g_clear_error (&error);
  result = run_fetch (fetcher, "/hello.txt", NULL, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* -- the server's life --------------------------------------------------- */

static TestServer the_server;

static void
start_server (void)
{
  static const char * const args[] = { "--root", FIXTURES, NULL };

  test_server_start (&the_server, args);
  server = the_server.process;
  base_url = the_server.base_url;
}

static void
stop_server (void)
{
  test_server_stop (&the_server);
  server = NULL;
  base_url = NULL;
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Tests talk to 127.0.0.1 only: no proxy in the way. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("https_proxy");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/Fetch/plain", test_plain);
  g_test_add_func ("/Core/Fetch/gzip", test_gzip);
  g_test_add_func ("/Core/Fetch/not-found", test_not_found);
  g_test_add_func ("/Core/Fetch/retry", test_retry);
  g_test_add_func ("/Core/Fetch/retry-after", test_retry_after);
  g_test_add_func ("/Core/Fetch/retry-after-date", test_retry_after_date);
  g_test_add_func ("/Core/Fetch/retries-exhausted", test_retries_exhausted);
  g_test_add_func ("/Core/Fetch/connection-refused", test_connection_refused);
  g_test_add_func ("/Core/Fetch/stall", test_stall);
  g_test_add_func ("/Core/Fetch/truncated", test_truncated);
  g_test_add_func ("/Core/Fetch/content-type", test_content_type);
  g_test_add_func ("/Core/Fetch/redirects", test_redirects);
  g_test_add_func ("/Core/Fetch/too-large", test_too_large);
  g_test_add_func ("/Core/Fetch/cancel", test_cancel);
  g_test_add_func ("/Core/Fetch/parallel", test_parallel);
  g_test_add_func ("/Core/Fetch/progress", test_progress);
  g_test_add_func ("/Core/Fetch/not-modified", test_not_modified);
  g_test_add_func ("/Core/Fetch/proxy", test_proxy);
  g_test_add_func ("/Core/Fetch/tls", test_tls);
  g_test_add_func ("/Core/Fetch/other-context", test_other_context);
  g_test_add_func ("/Core/Fetch/routes", test_routes);
  g_test_add_func ("/Core/Fetch/dispose", test_dispose);

  start_server ();
  status = g_test_run ();
  stop_server ();

  return status;
}
