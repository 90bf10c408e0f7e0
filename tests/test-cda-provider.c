/* test-cda-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CDAWeb provider over real HTTP on 127.0.0.1 (tests/test-server.py):
 * the data request CDAS answers with a list of generated CDF files, which
 * are downloaded and read; no data is an empty series; errors name what
 * went wrong; the inventory comes from the dataset list; and
 * `plasmascope-cli get` prints the series as CSV.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ps-cda-parse.h"
#include "ps-cda-provider.h"
#include "test-http.h"

#define ACE_K2   TEST_DATA_DIR "/cdf/speasy/ac_k2_mfi_20220101_v03.cdf"
#define DATASETS TEST_DATA_DIR "/providers/cdaweb/APOLLO12_SWS_1HR_DATASETS.json"
#define S        G_GINT64_CONSTANT (1000000000)
#define T2022    G_GINT64_CONSTANT (1640995200) /* 2022-01-01 */

static TestServer server;
static char *root;

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

/* What CDAS answers a data request with: the files it generated */
static void
write_data_answer (const char *request_path,
                   const char *file_path)
{
  g_autofree char *json = NULL;

  if (file_path == NULL)
    json = g_strdup ("{}");
  else
    json = g_strdup_printf ("{\"FileDescription\": [{\"Name\": \"%s%s\", \"MimeType\": \"application/x-cdf\", "
                            "\"StartTime\": \"2022-01-01T00:00:00.000Z\", \"EndTime\": \"2022-01-02T00:00:00.000Z\", "
                            "\"Length\": 31252, \"LastModified\": \"2022-01-03T00:00:00.000Z\"}]}",
                            server.base_url, file_path);
  write_file (request_path, json, -1);
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

static PsSeries *
fetch (PsProvider  *provider,
       const char  *product,
       PsTime       start,
       PsTime       stop,
       GError     **error)
{
  PsTimeRange range = ps_time_range_make (start, stop);
  Wait wait = { NULL };
  PsSeries *series;

  ps_provider_fetch_async (provider, product, &range, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  series = ps_provider_fetch_finish (provider, wait.result, NULL, error);
  g_object_unref (wait.result);
  return series;
}

static void
test_data (void)
{
  g_autoptr(PsProvider) provider = PS_PROVIDER (ps_cda_provider_new (server.base_url, NULL));
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *url = NULL;
  gsize length = 0;
  PsTimeRange day = ps_time_range_make (T2022 * S, (T2022 + 86400) * S);

  g_assert_cmpstr (ps_provider_get_prefix (provider), ==, "cda");
  g_assert_true (ps_provider_owns (provider, "cda/AC_K2_MFI/BGSEc"));
  url = ps_cda_provider_data_url (PS_CDA_PROVIDER (provider), "AC_K2_MFI", "BGSEc", &day);
  g_assert_true (g_str_has_suffix (url, "/dataviews/sp_phys/datasets/AC_K2_MFI/data/"
                                        "20220101T000000Z,20220102T000000Z/BGSEc?format=cdf"));

  g_file_get_contents (ACE_K2, &contents, &length, &error);
  g_assert_no_error (error);
  write_file ("files/ac_k2_mfi_20220101.cdf", contents, (gssize) length);
  write_data_answer ("dataviews/sp_phys/datasets/AC_K2_MFI/data/20220101T000000Z,20220102T000000Z/BGSEc",
                     "/files/ac_k2_mfi_20220101.cdf");

  series = fetch (provider, "cda/AC_K2_MFI/BGSEc", day.start, day.stop, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 24);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  g_assert_cmpstr (ps_series_get_units (series), ==, "nT");
  g_assert_cmpint (ps_series_get_time (series, 0), ==, T2022 * S);
  g_assert_cmpfloat (ABS (ps_series_get_value (series, 0, 0) - (-6.069)), <, 1e-5);

  /* Half the day: the rows of the range only */
  g_clear_pointer (&series, ps_series_unref);
  write_data_answer ("dataviews/sp_phys/datasets/AC_K2_MFI/data/20220101T000000Z,20220101T120000Z/BGSEc",
                     "/files/ac_k2_mfi_20220101.cdf");
  series = fetch (provider, "cda/AC_K2_MFI/BGSEc", T2022 * S, (T2022 + 43200) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 12);
}

static void
test_no_data_and_errors (void)
{
  g_autoptr(PsProvider) provider = PS_PROVIDER (ps_cda_provider_new (server.base_url, NULL));
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;

  /* No file for the range: an empty series, not an error */
  write_data_answer ("dataviews/sp_phys/datasets/AC_K2_MFI/data/20300101T000000Z,20300102T000000Z/BGSEc", NULL);
  series = fetch (provider, "cda/AC_K2_MFI/BGSEc", G_GINT64_CONSTANT (1893456000) * S,
                  G_GINT64_CONSTANT (1893542400) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);

  /* An unknown dataset: the server's 404, naming the request */
  g_assert_null (fetch (provider, "cda/NO_SUCH/X", T2022 * S, (T2022 + 60) * S, &error));
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "NO_SUCH"));
  g_clear_error (&error);

  /* A "CDF" that is not one */
  write_file ("files/garbage.cdf", "<html>maintenance</html>", -1);
  write_data_answer ("dataviews/sp_phys/datasets/AC_K2_MFI/data/20220102T000000Z,20220103T000000Z/BGSEc",
                     "/files/garbage.cdf");
  g_assert_null (fetch (provider, "cda/AC_K2_MFI/BGSEc", (T2022 + 86400) * S, (T2022 + 2 * 86400) * S, &error));
  g_assert_error (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "AC_K2_MFI"));
  g_clear_error (&error);

  /* A variable the file does not have */
  write_data_answer ("dataviews/sp_phys/datasets/AC_K2_MFI/data/20220101T000000Z,20220102T000000Z/Nope",
                     "/files/ac_k2_mfi_20220101.cdf");
  g_assert_null (fetch (provider, "cda/AC_K2_MFI/Nope", T2022 * S, (T2022 + 86400) * S, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Not a CDAWeb product */
  g_assert_null (fetch (provider, "cda/NOVARIABLE", T2022 * S, (T2022 + 60) * S, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
inventory_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

static void
test_inventory (void)
{
  g_autofree char *base = g_strconcat (server.base_url, "/inventory", NULL);
  g_autoptr(PsProvider) provider = PS_PROVIDER (ps_cda_provider_new (base, NULL));
  g_autoptr(PsInventoryNode) root_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *wrapped = NULL;
  Wait wait = { NULL };

  g_file_get_contents (DATASETS, &contents, NULL, &error);
  g_assert_no_error (error);
  wrapped = g_strdup_printf ("{\"DatasetDescription\": %s}", contents);
  write_file ("inventory/dataviews/sp_phys/datasets", wrapped, -1);

  ps_provider_build_inventory_async (provider, NULL, inventory_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  root_node = ps_provider_build_inventory_finish (provider, wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_inventory_node_get_path (root_node), ==, "cda");
  g_assert_nonnull (ps_inventory_node_lookup (root_node, "cda/APOLLO12_SWS_1HR"));
}

/* Requests the server saw since the last call */
static guint
count_requests (void)
{
  g_autofree char *url = g_strconcat (server.base_url, "/_log", NULL);
  g_autofree char *reset = g_strconcat (server.base_url, "/_reset", NULL);
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(PsFetchResult) log = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  g_autofree char *body = NULL;
  gsize size = 0;
  const char *data;
  guint n = 0;

  ps_fetcher_get_async (fetcher, url, NULL, NULL, NULL, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  log = ps_fetcher_get_finish (fetcher, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  data = g_bytes_get_data (ps_fetch_result_get_body (log), &size);
  body = g_strndup (data, size); /* the body is not nul-terminated */
  /* One "method" per request in the JSON log */
  for (const char *p = strstr (body, "\"method\""); p != NULL; p = strstr (p + 1, "\"method\""))
    n++;
  ps_fetcher_get_async (fetcher, reset, NULL, NULL, NULL, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&wait.result);
  return n;
}

static char *
run_get (const char *cache_dir)
{
  g_autofree char *base = g_strdup_printf ("cda=%s", server.base_url);
  const char *argv[] = { CLI_PATH, "get", "cda/AC_K2_MFI/BGSEc", "2022-01-01", "2022-01-02",
                         "--base-url", base, "--cache-dir", cache_dir, NULL };
  char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The "done when": the CLI prints the series as CSV, and a second
 * call is served from the cache without a request. */
static void
test_cli_get (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = g_dir_make_tmp ("ps-cda-cache-XXXXXX", &error);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  count_requests ();
  first = run_get (cache_dir);
  lines = g_strsplit (first, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 24 + 1);
  g_assert_cmpstr (lines[0], ==, "time,Bx GSE (nT),By GSE (nT),Bz GSE (nT)");
  g_assert_true (g_str_has_prefix (lines[1], "2022-01-01T00:00:00.000000000Z,-6.0689997673034668,"));
  g_assert_cmpuint (count_requests (), ==, 2); /* the data request and its file */

  second = run_get (cache_dir);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpuint (count_requests (), ==, 0);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", cache_dir);

    g_assert_cmpint (system (command), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--root", NULL, "--default-type", "application/json", NULL };
  int status;

  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_test_init (&argc, &argv, NULL);

  root = g_dir_make_tmp ("ps-cda-XXXXXX", &error);
  g_assert_no_error (error);
  args[1] = root;
  test_server_start (&server, args);

  g_test_add_func ("/Core/CdaProvider/data", test_data);
  g_test_add_func ("/Core/CdaProvider/no-data-and-errors", test_no_data_and_errors);
  g_test_add_func ("/Core/CdaProvider/inventory", test_inventory);
  g_test_add_func ("/Core/CdaProvider/cli-get", test_cli_get);
  status = g_test_run ();

  test_server_stop (&server);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", root);

    g_assert_cmpint (system (command), ==, 0);
  }
  g_free (root);
  return status;
}
