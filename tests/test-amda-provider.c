/* test-amda-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AMDA's REST service emulated on 127.0.0.1 (tests/test-server.py with
 * exact routes, the answers of tests/data/providers/amda/answers/ with
 * the server's URL put in, CDF_ISTP-like files written here with the
 * project's CDF writer): the inventory from the recorded tree, with and
 * without an account; a parameter, a component, two files joined, an
 * empty range; a request "in progress" polled until done, too long, or
 * cancelled; AMDA's refusal; server faults; ps_get_async() through a
 * cache; the answers' parser; the credentials kept in a file.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "ps-amda-answer.h"
#include "ps-amda-credentials.h"
#include "ps-amda-provider.h"
#include "ps-cache.h"
#include "ps-cdf-writer.h"
#include "ps-get.h"
#include "ps-time-cdf.h"
#include "test-http.h"

#define ANSWERS  TEST_DATA_DIR "/providers/amda/answers"
#define OBS_TREE TEST_DATA_DIR "/providers/amda/obsdatatree.xml"
#define S        G_GINT64_CONSTANT (1000000000)
#define T0       G_GINT64_CONSTANT (1514764800) /* 2018-01-01T00:00:00Z */
#define N        225                            /* one hour of 16 s samples */

static TestServer server;
static char *root;
static char *config_home;

/* --- helpers -------------------------------------------------------------- */

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

static PsAmdaProvider *
new_provider (const char *base)
{
  g_autofree char *url = g_strconcat (server.base_url, base != NULL ? base : "", "/php/rest", NULL);
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  PsAmdaProvider *provider;
  PsFetchOptions opts;

  /* No retries: a fault is seen at once */
  ps_fetch_options_init (&opts);
  opts.max_retries = 0;
  ps_fetcher_set_defaults (fetcher, &opts);
  provider = ps_amda_provider_new (url, fetcher);

  ps_amda_provider_set_credentials (provider, NULL, NULL);
  ps_amda_provider_set_polling (provider, 20, 80, 5000);
  return provider;
}

static PsSeries *
fetch_full (PsAmdaProvider *provider,
            const char     *product,
            PsTime          start,
            PsTime          stop,
            GCancellable   *cancellable,
            GError        **error)
{
  PsTimeRange range = ps_time_range_make (start, stop);
  Wait wait = { NULL };
  PsSeries *series;

  ps_provider_fetch_async (PS_PROVIDER (provider), product, &range, cancellable, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  series = ps_provider_fetch_finish (PS_PROVIDER (provider), wait.result, NULL, error);
  g_object_unref (wait.result);
  return series;
}

static PsSeries *
fetch (PsAmdaProvider *provider,
       const char     *product,
       PsTime          start,
       PsTime          stop,
       GError        **error)
{
  return fetch_full (provider, product, start, stop, NULL, error);
}

static PsInventoryNode *
inventory (PsAmdaProvider  *provider,
           GError         **error)
{
  Wait wait = { NULL };
  PsInventoryNode *tree;

  ps_provider_build_inventory_async (PS_PROVIDER (provider), NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  tree = ps_provider_build_inventory_finish (PS_PROVIDER (provider), wait.result, error);
  g_object_unref (wait.result);
  return tree;
}

/* The server's log since the last call, as "path?query" lines */
static char *
take_log (void)
{
  g_autofree char *url = g_strconcat (server.base_url, "/_log", NULL);
  g_autofree char *reset = g_strconcat (server.base_url, "/_reset", NULL);
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(PsFetchResult) log = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  gsize size = 0;
  const char *data;
  char *body;

  ps_fetcher_get_async (fetcher, url, NULL, NULL, NULL, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  log = ps_fetcher_get_finish (fetcher, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  data = g_bytes_get_data (ps_fetch_result_get_body (log), &size);
  body = g_strndup (data, size);
  ps_fetcher_get_async (fetcher, reset, NULL, NULL, NULL, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&wait.result);
  return body;
}

static guint
count (const char *log,
       const char *what)
{
  guint n = 0;

  for (const char *p = strstr (log, what); p != NULL; p = strstr (p + 1, what))
    n++;
  return n;
}

static void
assert_message (const GError *error,
                const char   *part)
{
  g_assert_nonnull (error);
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, part);
}

/* --- fixtures -------------------------------------------------------------- */

/* An ISTP file as AMDA's CDF_ISTP output: "Epoch" (TT2000) and the
 * parameter, @m components of doubles, DEPEND_0, UNITS, FILLVAL, labels.
 * Sample i is at T0 + (first + i) × 16 s; its values i + 0.5, -i, 2i + 0.25
 * (record 10: FILLVAL in component 0). */
static void
write_cdf (const char *name,
           const char *variable,
           guint       m,
           gint64      first,
           gint64      n)
{
  g_autoptr(PsCdfWriter) w = ps_cdf_writer_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (root, "data", name, NULL);
  gint64 *tt = g_new (gint64, MAX (n, 1));
  double *y = g_new (double, MAX (n, 1) * m);
  const double fill = -1e31;
  const guint32 dims[1] = { m };
  guint ve, vy, vl;
  const char *labels = "bx     by     bz     ";

  for (gint64 i = 0; i < n; i++)
    {
      gint64 k = first + i;

      tt[i] = ps_time_to_tt2000 ((T0 + 16 * k) * S);
      for (guint j = 0; j < m; j++)
        y[i * m + j] = j == 0 ? k + 0.5 : j == 1 ? -(double) k : 2.0 * k + 0.25;
      if (k == 10)
        y[i * m] = fill;
    }
  ve = ps_cdf_writer_add_variable (w, "Epoch", PS_CDF_TIME_TT2000, 1, 0, NULL, TRUE);
  vy = ps_cdf_writer_add_variable (w, variable, PS_CDF_DOUBLE, 1, 1, dims, TRUE);
  vl = ps_cdf_writer_add_variable (w, "label_b", PS_CDF_CHAR, 7, 1, dims, FALSE);
  ps_cdf_writer_set_values (w, ve, g_bytes_new_take (tt, n * 8), n);
  ps_cdf_writer_set_values (w, vy, g_bytes_new_take (y, n * 8 * m), n);
  ps_cdf_writer_set_values (w, vl, g_bytes_new (labels, 7 * m), 1);
  ps_cdf_writer_add_global_entry (w, "Project", 0, PS_CDF_CHAR, 4, "AMDA");
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", ve, "support_data");
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", vl, "metadata");
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", vy, "data");
  ps_cdf_writer_set_variable_string (w, "DEPEND_0", vy, "Epoch");
  ps_cdf_writer_set_variable_string (w, "LABL_PTR_1", vy, "label_b");
  ps_cdf_writer_set_variable_string (w, "FIELDNAM", vy, "b_gse");
  ps_cdf_writer_set_variable_string (w, "UNITS", vy, "nT");
  ps_cdf_writer_set_variable_entry (w, "FILLVAL", vy, PS_CDF_DOUBLE, 1, &fill);
  g_assert_true (ps_cdf_writer_write (w, path, &error));
  g_assert_no_error (error);
}

/* Copies an answer, the server's URL in place of @BASE@ */
static void
copy_answer (const char *name,
             const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = g_build_filename (ANSWERS, name, NULL);
  g_autofree char *to = g_build_filename (root, folder, name, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *joined = NULL;

  g_file_get_contents (from, &contents, NULL, &error);
  g_assert_no_error (error);
  parts = g_strsplit (contents, "@BASE@", -1);
  joined = g_strjoinv (server.base_url, parts);
  g_file_set_contents (to, joined, -1, &error);
  g_assert_no_error (error);
}

static void
add_route (GString    *json,
           const char *path,
           const char *query,
           const char *file)
{
  g_string_append_printf (json, "%s{\"path\": \"/php/rest/%s\", \"query\": {%s}, %s}\n",
                          json->len > 2 ? "," : "", path, query, file);
}

static const char * const answer_names[] = {
  "token.txt", "obstree.xml", "imf.json", "in-progress.json", "status-in-progress.json", "status-done.json",
  "forever.json", "refused.json", "no-file.json", "maintenance.html", "truncated.json", "bad-cdf.json",
  "two-files.json", "timetables.xml", "catalogs.txt", "login-refused.json", "tt_0.txt", "restricted.json", NULL
};

/* Once the server runs: the answers name its URL */
static void
copy_answers (void)
{
  for (guint i = 0; answer_names[i] != NULL; i++)
    copy_answer (answer_names[i], "answers");
}

/* Before the server starts: the files and the routes */
static void
write_fixtures (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_build_filename (root, "data", NULL);
  g_autofree char *answers = g_build_filename (root, "answers", NULL);
  g_autofree char *routes = g_build_filename (root, "routes.json", NULL);
  g_autofree char *bad = g_build_filename (root, "data", "bad.cdf", NULL);
  g_autofree char *good = g_build_filename (root, "data", "imf.cdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) json = g_string_new ("[\n");
  gsize length = 0;

  g_assert_cmpint (g_mkdir (data, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (answers, 0700), ==, 0);
  copy_answer ("tt-list.xml", "data");
  copy_answer ("cat-list.xml", "data");
  copy_answer ("tt_0.xml", "data");

  write_cdf ("imf.cdf", "imf", 3, 0, N);
  write_cdf ("imf-part1.cdf", "imf", 3, 0, 100);
  write_cdf ("imf-part2.cdf", "imf", 3, 100, N - 100);
  /* A file that stops after 100 bytes */
  g_file_get_contents (good, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (bad, contents, 100, &error);
  g_assert_no_error (error);

  add_route (json, "auth.php", "", "\"file\": \"answers/token.txt\", \"content_type\": \"text/plain\"");
  add_route (json, "getObsDataTree.php", "", "\"file\": \"answers/obstree.xml\", \"content_type\": \"text/xml\"");
  add_route (json, "getParameter.php", "\"parameterID\": \"imf\", \"outputFormat\": \"CDF_ISTP\", \"token\": \"8d3f1c2a5b7e\"",
             "\"file\": \"answers/imf.json\", \"content_type\": \"application/json\"");
  add_route (json, "getParameter.php", "\"parameterID\": \"imf_slow\"",
             "\"file\": \"answers/in-progress.json\", \"content_type\": \"application/json\"");
  add_route (json, "getStatus.php", "\"id\": \"ws_job_42\"",
             "\"files\": [\"answers/status-in-progress.json\", \"answers/status-in-progress.json\", "
             "\"answers/status-done.json\"], \"content_type\": \"application/json\"");
  add_route (json, "getParameter.php", "\"parameterID\": \"imf_forever\"",
             "\"file\": \"answers/forever.json\", \"content_type\": \"application/json\"");
  add_route (json, "getStatus.php", "\"id\": \"ws_job_43\"",
             "\"file\": \"answers/status-in-progress.json\", \"content_type\": \"application/json\"");
  /* With the account first: a route matches when its query is a subset */
  add_route (json, "getParameter.php", "\"parameterID\": \"restricted\", \"userID\": \"alice\", \"password\": \"s3cr&t\"",
             "\"file\": \"answers/imf.json\", \"content_type\": \"application/json\"");
  add_route (json, "getParameter.php", "\"parameterID\": \"restricted\", \"userID\": \"alice\", \"password\": \"p@ss w0rd\"",
             "\"file\": \"answers/imf.json\", \"status\": 503");
  add_route (json, "getParameter.php", "\"parameterID\": \"restricted\"",
             "\"file\": \"answers/restricted.json\", \"content_type\": \"application/json\"");
  add_route (json, "getParameter.php", "\"parameterID\": \"nope\"",
             "\"file\": \"answers/refused.json\", \"content_type\": \"application/json\"");
  add_route (json, "getParameter.php", "\"parameterID\": \"quiet\"",
             "\"file\": \"answers/no-file.json\", \"content_type\": \"application/json\"");
  add_route (json, "getParameter.php", "\"parameterID\": \"garbled\"",
             "\"file\": \"answers/maintenance.html\", \"content_type\": \"text/html\"");
  add_route (json, "getParameter.php", "\"parameterID\": \"cut\"",
             "\"file\": \"answers/truncated.json\", \"content_type\": \"application/json\"");
  add_route (json, "getParameter.php", "\"parameterID\": \"broken\"",
             "\"file\": \"answers/bad-cdf.json\", \"content_type\": \"application/json\"");
  add_route (json, "getParameter.php", "\"parameterID\": \"split\"",
             "\"file\": \"answers/two-files.json\", \"content_type\": \"application/json\"");
  add_route (json, "getTimeTablesList.php", "\"userID\": \"alice\", \"password\": \"s3cr&t\"",
             "\"file\": \"answers/timetables.xml\", \"content_type\": \"text/xml\"");
  add_route (json, "getCatalogsList.php", "\"userID\": \"alice\", \"password\": \"s3cr&t\"",
             "\"file\": \"answers/catalogs.txt\", \"content_type\": \"text/plain\"");
  add_route (json, "getTimeTablesList.php", "\"userID\": \"alice\", \"password\": \"wrong\"",
             "\"file\": \"answers/login-refused.json\", \"content_type\": \"application/json\"");
  add_route (json, "getTimeTablesList.php", "\"userID\": \"alice\", \"password\": \"p@ss w0rd\"",
             "\"file\": \"answers/login-refused.json\", \"status\": 503");
  add_route (json, "getTimeTable.php", "\"ttID\": \"tt_0\", \"userID\": \"alice\", \"password\": \"s3cr&t\"",
             "\"file\": \"answers/tt_0.txt\", \"content_type\": \"text/plain\"");
  add_route (json, "getCatalog.php", "\"catID\": \"cat_0\", \"userID\": \"alice\"",
             "\"file\": \"data/tt_0.xml\", \"content_type\": \"text/xml\"");
  g_string_append_printf (json, ",{\"path\": \"/data/obsdatatree.xml\", \"file\": \"%s\", "
                          "\"content_type\": \"text/xml\"}\n]\n", OBS_TREE);
  g_file_set_contents (routes, json->str, -1, &error);
  g_assert_no_error (error);
}

static void
test_base_url (void)
{
  g_autoptr(PsAmdaProvider) from_env = ps_amda_provider_new (NULL, NULL);
  g_autoptr(PsAmdaProvider) standard = ps_amda_provider_new ("", NULL);

  /* $PLASMASCOPE_AMDA_URL, set in main(), without its final slash */
  g_assert_cmpstr (ps_amda_provider_get_base_url (from_env), ==, "http://amda.example.org/php/rest");
  g_assert_cmpstr (ps_amda_provider_get_base_url (standard), ==, PS_AMDA_DEFAULT_URL);
}

/* --- the answers' parser ---------------------------------------------------- */

static void
test_answers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsAmdaAnswer) answer = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  const char *in_progress = "{\"success\":true,\"status\":\"in progress\",\"id\":\"ws_1\"}";
  const char *done = "{\"success\":true,\"dataFileURLs\":\"http://amda.irap.omp.eu/data/WSRESULT/imf.cdf\"}";
  const char *list = "{\"success\":true,\"status\":\"done\",\"dataFileURLs\":[\"https://a/1.cdf\",\"https://a/2.cdf\"]}";

  answer = ps_amda_parse_answer (done, strlen (done), &error);
  g_assert_no_error (error);
  g_assert_cmpint (answer->status, ==, PS_AMDA_ANSWER_DONE);
  g_assert_cmpuint (g_strv_length (answer->urls), ==, 1);
  g_assert_cmpstr (answer->urls[0], ==, "http://amda.irap.omp.eu/data/WSRESULT/imf.cdf");
  g_clear_pointer (&answer, ps_amda_answer_free);

  answer = ps_amda_parse_answer (list, strlen (list), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (answer->urls), ==, 2);
  g_assert_cmpstr (answer->urls[1], ==, "https://a/2.cdf");
  g_clear_pointer (&answer, ps_amda_answer_free);

  answer = ps_amda_parse_answer (in_progress, strlen (in_progress), &error);
  g_assert_no_error (error);
  g_assert_cmpint (answer->status, ==, PS_AMDA_ANSWER_IN_PROGRESS);
  g_assert_cmpstr (answer->id, ==, "ws_1");
  g_clear_pointer (&answer, ps_amda_answer_free);

  g_assert_null (ps_amda_parse_answer ("{\"success\":false,\"message\":\"Bad time interval\"}", 47, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_SERVER);
  assert_message (error, "Bad time interval");
  g_clear_error (&error);
  g_assert_null (ps_amda_parse_answer ("{\"success\":true,\"status\":\"error\"}", 34, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_SERVER);
  g_clear_error (&error);
  g_assert_null (ps_amda_parse_answer ("<html>", 6, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
  assert_message (error, "<html>");
  g_clear_error (&error);
  g_assert_null (ps_amda_parse_answer ("{\"success\":true}", 16, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (ps_amda_parse_answer ("{\"success\":true,\"dataFileURLs\":\"file:///etc/passwd\"}", 52, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (ps_amda_parse_answer ("{\"success\":true,\"dataFileURLs\":[1]}", 36, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
  g_clear_error (&error);

  url = ps_amda_parse_indirect ("<?xml version=\"1.0\"?>\n<LocalDataBaseParameters>http://x/t.xml</LocalDataBaseParameters>",
                                85, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "http://x/t.xml");
  g_assert_false (ps_amda_is_xml_tree ("<?xml version=\"1.0\"?><L>http://x</L>", 36));
  g_assert_true (ps_amda_is_xml_tree ("<?xml version=\"1.0\"?><dataRoot>", 32));
  g_assert_false (ps_amda_is_xml_tree ("http://x/t.xml", 14));
  g_assert_null (ps_amda_parse_indirect ("Error: unknown user", 19, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
  assert_message (error, "unknown user");
  g_clear_error (&error);

  token = ps_amda_parse_token ("abc123\n", 7, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "abc123");
  g_assert_null (ps_amda_parse_token ("<html>x</html>", 14, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (ps_amda_parse_token ("", 0, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
}

/* --- over HTTP ------------------------------------------------------------ */

static void
test_inventory (void)
{
  g_autoptr(PsAmdaProvider) provider = new_provider (NULL);
  g_autoptr(PsInventoryNode) tree = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  PsInventoryNode *imf;
  PsInventoryNode *component;
  PsTime start;

  g_assert_cmpstr (ps_provider_get_name (PS_PROVIDER (provider)), ==, "AMDA");
  g_assert_cmpstr (ps_provider_get_prefix (PS_PROVIDER (provider)), ==, "amda");
  g_assert_true (ps_provider_owns (PS_PROVIDER (provider), "amda/imf"));
  g_assert_cmpint (ps_provider_get_fragment_length (PS_PROVIDER (provider), "amda/imf"), ==, 86400 * S);
  g_assert_cmpint (ps_provider_get_max_span (PS_PROVIDER (provider), "amda/imf"), ==, 10 * 86400 * S);

  g_free (take_log ());
  tree = inventory (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_inventory_node_get_path (tree), ==, "amda");
  imf = ps_inventory_node_lookup (tree, "amda/imf");
  g_assert_nonnull (imf);
  g_assert_cmpint (ps_inventory_node_get_kind (imf), ==, PS_INVENTORY_PARAMETER);
  g_assert_cmpstr (ps_inventory_node_get_units (imf), ==, "nT");
  g_assert_cmpint (ps_inventory_node_get_cadence (imf), ==, 16 * S);
  g_assert_true (ps_time_parse_iso ("1997-09-02T00:00:12Z", &start, NULL));
  g_assert_cmpint (ps_inventory_node_get_coverage (imf)->start, ==, start);
  component = ps_inventory_node_lookup (tree, "amda/imf(2)");
  g_assert_nonnull (component);
  g_assert_cmpint (ps_inventory_node_get_kind (component), ==, PS_INVENTORY_COMPONENT);
  g_assert_cmpstr (ps_inventory_node_get_units (component), ==, "nT");
  g_assert_cmpint (ps_inventory_node_get_cadence (component), ==, 16 * S);
  g_assert_cmpint (ps_inventory_node_get_coverage (component)->start, ==, start);
  g_assert_nonnull (ps_inventory_node_lookup (tree, "amda/ace_xyz_gse(0)"));
  g_assert_cmpstr (ps_inventory_node_get_key (ps_inventory_node_lookup (tree, "amda/#/mms1-dce-brst"),
                                              "time_restriction"), ==, "2024-11-23T23:59:59.999Z");
  g_assert_null (ps_inventory_node_lookup (tree, "amda/#/my-amda"));
  /* 5420 parameters and 4834 components from the recorded tree */
  g_assert_cmpuint (ps_inventory_node_count (tree), >, 5420 + 4834);
  g_free (log);
  log = take_log ();
  g_assert_cmpuint (count (log, "\"/php/rest/getObsDataTree.php\""), ==, 1);
  g_assert_cmpuint (count (log, "\"/data/obsdatatree.xml\""), ==, 1);
  g_assert_cmpuint (count (log, "userID"), ==, 0);
}

static void
test_inventory_account (void)
{
  g_autoptr(PsAmdaProvider) provider = new_provider (NULL);
  g_autoptr(PsInventoryNode) tree = NULL;
  g_autoptr(GError) error = NULL;
  PsInventoryNode *mine;
  PsInventoryNode *tt;
  PsInventoryNode *cat;
  const char *description;

  ps_amda_provider_set_credentials (provider, "alice", "s3cr&t");
  tree = inventory (provider, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ps_inventory_node_lookup (tree, "amda/imf"));
  mine = ps_inventory_node_lookup (tree, "amda/#/my-amda");
  g_assert_nonnull (mine);
  g_assert_cmpstr (ps_inventory_node_get_name (mine), ==, "My AMDA");
  g_assert_cmpuint (ps_inventory_node_get_n_children (mine), ==, 2);
  tt = ps_inventory_node_lookup (tree, "amda/tt/tt_0");
  g_assert_nonnull (tt);
  g_assert_cmpstr (ps_inventory_node_get_name (tt), ==, "Magnetopause crossings 2018");
  g_assert_cmpstr (ps_inventory_node_get_key (tt, "event_list"), ==, "timetable");
  g_assert_cmpstr (ps_inventory_node_get_key (tt, "intervals"), ==, "389");
  g_assert_cmpuint (ps_inventory_node_get_n_children (tt), ==, 0);
  g_assert_nonnull (ps_inventory_node_lookup (tree, "amda/tt/tt_1"));
  cat = ps_inventory_node_lookup (tree, "amda/catalog/cat_0");
  g_assert_nonnull (cat);
  g_assert_cmpstr (ps_inventory_node_get_name (cat), ==, "Shock list");
  g_assert_cmpstr (ps_inventory_node_get_key (cat, "event_list"), ==, "catalog");
  g_clear_object (&tree);

  /* A refused login: the public tree, and "My AMDA" says why */
  ps_amda_provider_set_credentials (provider, "alice", "wrong");
  tree = inventory (provider, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ps_inventory_node_lookup (tree, "amda/imf"));
  mine = ps_inventory_node_lookup (tree, "amda/#/my-amda");
  g_assert_nonnull (mine);
  g_assert_cmpuint (ps_inventory_node_get_n_children (mine), ==, 0);
  g_assert_nonnull (strstr (ps_inventory_node_get_description (mine), "Authentication failed"));
  g_clear_object (&tree);

  /* A failed request: its URL in the message, but not the password */
  ps_amda_provider_set_credentials (provider, "alice", "p@ss w0rd");
  tree = inventory (provider, &error);
  g_assert_no_error (error);
  mine = ps_inventory_node_lookup (tree, "amda/#/my-amda");
  description = ps_inventory_node_get_description (mine);
  g_assert_nonnull (strstr (description, "503"));
  g_assert_nonnull (strstr (description, "getTimeTablesList.php"));
  g_assert_null (strstr (description, "w0rd"));
}

static void
assert_imf_row (PsSeries *series,
                gsize     i,
                gint64    k)
{
  g_assert_cmpint (ps_series_get_time (series, i), ==, (T0 + 16 * k) * S);
  if (k == 10)
    g_assert_true (isnan (ps_series_get_value (series, i, 0)));
  else
    g_assert_cmpfloat (ps_series_get_value (series, i, 0), ==, k + 0.5);
  g_assert_cmpfloat (ps_series_get_value (series, i, 1), ==, -(double) k);
  g_assert_cmpfloat (ps_series_get_value (series, i, 2), ==, 2.0 * k + 0.25);
}

static void
test_fetch (void)
{
  g_autoptr(PsAmdaProvider) provider = new_provider (NULL);
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *url = NULL;
  PsTimeRange range = ps_time_range_make (T0 * S, (T0 + 3600) * S + 1);

  url = ps_amda_provider_parameter_url (provider, "ace_xyz_gse(0)", &range, "t/k");
  g_assert_cmpstr (url + strlen (server.base_url), ==,
                   "/php/rest/getParameter.php?startTime=2018-01-01T00:00:00Z&stopTime=2018-01-01T01:00:01Z"
                   "&parameterID=ace_xyz_gse%280%29&outputFormat=CDF_ISTP&timeFormat=ISO8601&gzip=0&token=t%2Fk");

  g_free (take_log ());
  series = fetch (provider, "amda/imf", T0 * S, (T0 + 3600) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, N);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  g_assert_cmpstr (ps_series_get_units (series), ==, "nT");
  g_assert_cmpstr (ps_series_get_label (series, 1), ==, "by");
  assert_imf_row (series, 0, 0);
  assert_imf_row (series, 10, 10);
  assert_imf_row (series, N - 1, N - 1);
  g_free (log);
  log = take_log ();
  g_assert_cmpuint (count (log, "\"/php/rest/auth.php\""), ==, 1);
  g_assert_cmpuint (count (log, "\"/php/rest/getParameter.php\""), ==, 1);
  g_assert_cmpuint (count (log, "\"/data/imf.cdf\""), ==, 1);
  g_assert_nonnull (strstr (log, "\"startTime\": \"2018-01-01T00:00:00Z\""));
  g_assert_nonnull (strstr (log, "\"stopTime\": \"2018-01-01T01:00:00Z\""));
  g_clear_pointer (&series, ps_series_unref);

  /* Sliced to the range asked: [00:01:00, 00:02:00) holds samples 4…7 */
  series = fetch (provider, "amda/imf", (T0 + 60) * S, (T0 + 120) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 4);
  assert_imf_row (series, 0, 4);
  g_clear_pointer (&series, ps_series_unref);

  /* A component: column 1 of its parameter */
  series = fetch (provider, "amda/imf(1)", T0 * S, (T0 + 3600) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, N);
  g_assert_cmpuint (ps_series_get_m (series), ==, 1);
  g_assert_cmpfloat (ps_series_get_value (series, 7, 0), ==, -7.0);
  g_assert_cmpstr (ps_series_get_label (series, 0), ==, "by");
  g_assert_cmpstr (ps_series_get_name (series), ==, "imf(1)");
  g_clear_pointer (&series, ps_series_unref);
  g_free (log);
  log = take_log ();
  g_assert_nonnull (strstr (log, "\"parameterID\": \"imf\""));
  g_clear_pointer (&log, g_free);
  g_assert_null (fetch (provider, "amda/imf(3)", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
  assert_message (error, "no component 3");
  g_clear_error (&error);

  /* Two files, joined */
  series = fetch (provider, "amda/split", T0 * S, (T0 + 3600) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, N);
  assert_imf_row (series, 99, 99);
  assert_imf_row (series, 100, 100);
  g_clear_pointer (&series, ps_series_unref);

  /* No sample in the range, no file, an empty range: empty series */
  series = fetch (provider, "amda/imf", (T0 + 1) * S, (T0 + 15) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);
  g_clear_pointer (&series, ps_series_unref);
  series = fetch (provider, "amda/quiet", T0 * S, (T0 + 3600) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);
  g_clear_pointer (&series, ps_series_unref);
  g_free (take_log ());
  series = fetch (provider, "amda/imf", T0 * S, T0 * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);
  g_clear_pointer (&series, ps_series_unref);

  /* Not parameters: no request */
  g_assert_null (fetch (provider, "amda/tt/tt_0", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  assert_message (error, "time table");
  g_clear_error (&error);
  g_assert_null (fetch (provider, "amda/#/ace-imf-all", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_free (log);
  log = take_log ();
  g_assert_cmpuint (count (log, "\"method\""), ==, 0);
}

static void
test_restricted (void)
{
  g_autoptr(PsAmdaProvider) provider = new_provider (NULL);
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  /* No account: AMDA's refusal */
  g_assert_null (fetch (provider, "amda/restricted", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_SERVER);
  assert_message (error, "sign in");
  g_clear_error (&error);

  /* With one: asked again with it */
  ps_amda_provider_set_credentials (provider, "alice", "s3cr&t");
  g_free (take_log ());
  series = fetch (provider, "amda/restricted", T0 * S, (T0 + 3600) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, N);
  assert_imf_row (series, 3, 3);
  log = take_log ();
  g_assert_cmpuint (count (log, "\"/php/rest/getParameter.php\""), ==, 2);
  g_assert_cmpuint (count (log, "\"userID\": \"alice\""), ==, 1);

  /* The second request failing: its URL said, the password not */
  ps_amda_provider_set_credentials (provider, "alice", "p@ss w0rd");
  g_assert_null (fetch (provider, "amda/restricted", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  assert_message (error, "503");
  assert_message (error, "userID=alice");
  g_assert_null (strstr (error->message, "w0rd"));
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_in_progress (void)
{
  g_autoptr(PsAmdaProvider) provider = new_provider (NULL);
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *log = NULL;
  gint64 began;

  g_free (take_log ());
  series = fetch (provider, "amda/imf_slow", T0 * S, (T0 + 3600) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, N);
  assert_imf_row (series, 5, 5);
  g_free (log);
  log = take_log ();
  /* in progress, in progress, done */
  g_assert_cmpuint (count (log, "\"/php/rest/getStatus.php\""), ==, 3);
  g_assert_cmpuint (count (log, "\"id\": \"ws_job_42\""), ==, 3);
  g_assert_cmpuint (count (log, "\"/data/imf.cdf\""), ==, 1);
  g_clear_pointer (&log, g_free);

  /* Never done: a time limit */
  ps_amda_provider_set_polling (provider, 20, 40, 300);
  began = g_get_monotonic_time ();
  g_assert_null (fetch (provider, "amda/imf_forever", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_TIMEOUT);
  assert_message (error, "amda/imf_forever");
  g_assert_cmpint (g_get_monotonic_time () - began, <, 3 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_free (log);
  log = take_log ();
  g_assert_cmpuint (count (log, "\"/php/rest/getStatus.php\""), >=, 3);
  g_clear_pointer (&log, g_free);

  /* Cancelled while waiting */
  ps_amda_provider_set_polling (provider, 5000, 5000, 60000);
  g_timeout_add (300, cancel_cb, cancellable);
  began = g_get_monotonic_time ();
  g_assert_null (fetch_full (provider, "amda/imf_forever", T0 * S, (T0 + 3600) * S, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - began, <, 3 * G_USEC_PER_SEC);
}

static void
test_errors (void)
{
  g_autoptr(PsAmdaProvider) provider = new_provider (NULL);
  g_autoptr(PsAmdaProvider) failing = new_provider ("/_faulty/500");
  g_autoptr(PsAmdaProvider) garbage = new_provider ("/_faulty/garbage");
  g_autoptr(GError) error = NULL;

  /* AMDA's refusal, quoted, naming the server and the product */
  g_assert_null (fetch (provider, "amda/nope", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_SERVER);
  assert_message (error, "Unknown parameter nope");
  assert_message (error, "amda/nope");
  assert_message (error, "127.0.0.1");
  g_clear_error (&error);

  /* An HTML page where JSON was expected */
  g_assert_null (fetch (provider, "amda/garbled", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
  assert_message (error, "maintenance");
  assert_message (error, "amda/garbled");
  g_clear_error (&error);

  /* A file cut short, a file that is not a CDF */
  g_assert_null (fetch (provider, "amda/cut", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_TRUNCATED);
  assert_message (error, "amda/cut");
  g_clear_error (&error);
  g_assert_null (fetch (provider, "amda/broken", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
  assert_message (error, "not a readable CDF");
  g_clear_error (&error);

  /* A server that fails: its status; random bytes: no token */
  g_assert_null (fetch (failing, "amda/imf", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  assert_message (error, "500");
  assert_message (error, "amda/imf");
  g_clear_error (&error);
  g_assert_null (fetch (garbage, "amda/imf", T0 * S, (T0 + 3600) * S, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (inventory (failing, &error));
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  assert_message (error, "AMDA");
  g_clear_error (&error);
  g_assert_null (inventory (garbage, &error));
  g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
}

static PsSeries *
get (PsProvider  *provider,
     PsCache     *cache,
     const char  *product,
     PsTime       start,
     PsTime       stop,
     GError     **error)
{
  PsTimeRange range = ps_time_range_make (start, stop);
  Wait wait = { NULL };
  PsSeries *series;

  ps_get_async (provider, cache, product, &range, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  series = ps_get_finish (wait.result, error);
  g_object_unref (wait.result);
  return series;
}

static void
test_get_cached (void)
{
  g_autoptr(PsAmdaProvider) provider = new_provider (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (root, "cache", NULL);
  g_autoptr(PsCache) cache = NULL;
  g_autoptr(PsSeries) first = NULL;
  g_autoptr(PsSeries) second = NULL;
  g_autofree char *log = NULL;

  cache = ps_cache_open (dir, &error);
  g_assert_no_error (error);
  g_free (take_log ());
  first = get (PS_PROVIDER (provider), cache, "amda/imf", T0 * S, (T0 + 1800) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (first), ==, 113); /* 0 … 1792 s */
  assert_imf_row (first, 112, 112);
  g_free (log);
  log = take_log ();
  g_assert_cmpuint (count (log, "\"/php/rest/getParameter.php\""), ==, 1);
  /* the whole day was asked */
  g_assert_nonnull (strstr (log, "\"stopTime\": \"2018-01-02T00:00:00Z\""));
  g_clear_pointer (&log, g_free);

  second = get (PS_PROVIDER (provider), cache, "amda/imf", (T0 + 60) * S, (T0 + 3600) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (second), ==, N - 4);
  assert_imf_row (second, 0, 4);
  g_free (log);
  log = take_log ();
  g_assert_cmpuint (count (log, "\"method\""), ==, 0);
}

static GBytes *
download (PsAmdaProvider  *provider,
          const char      *path,
          GError         **error)
{
  Wait wait = { NULL };
  GBytes *bytes;

  ps_amda_provider_download_event_list_async (provider, path, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  bytes = ps_amda_provider_download_event_list_finish (provider, wait.result, error);
  g_object_unref (wait.result);
  return bytes;
}

static void
test_event_lists (void)
{
  g_autoptr(PsAmdaProvider) provider = new_provider (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *log = NULL;

  ps_amda_provider_set_credentials (provider, "alice", "s3cr&t");
  g_free (take_log ());
  /* getTimeTable.php answers the file's URL */
  bytes = download (provider, "amda/tt/tt_0", &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (text, "<VOTABLE"));
  g_assert_nonnull (strstr (text, "<TD>2018-01-02T03:00:00.000</TD>"));
  log = take_log ();
  g_assert_cmpuint (count (log, "\"/php/rest/getTimeTable.php\""), ==, 1);
  g_assert_cmpuint (count (log, "\"/data/tt_0.xml\""), ==, 1);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&text, g_free);

  /* getCatalog.php answering the file itself */
  bytes = download (provider, "amda/catalog/cat_0", &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (text, "Magnetopause crossings 2018"));
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Unknown to the server; not an event list */
  g_assert_null (download (provider, "amda/tt/tt_9", &error));
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  assert_message (error, "amda/tt/tt_9");
  assert_message (error, "getTimeTable.php");
  g_assert_null (strstr (error->message, "s3cr"));
  g_clear_error (&error);
  g_assert_null (download (provider, "amda/imf", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* --- credentials ------------------------------------------------------------ */

static void
test_credentials (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ps_amda_credentials_get_file ();
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autoptr(PsAmdaProvider) provider = NULL;
  g_autoptr(PsInventoryNode) tree = NULL;
  GStatBuf st;

  g_assert_true (g_str_has_prefix (path, config_home));
  g_assert_cmpstr (ps_amda_credentials_get_backend (), ==, "file");

  /* Nothing kept */
  g_assert_true (ps_amda_credentials_load (&user, &password, &error));
  g_assert_no_error (error);
  g_assert_null (user);
  g_assert_null (password);

  g_assert_true (ps_amda_credentials_save ("alice", "s3cr&t", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (ps_amda_credentials_load (&user, &password, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, "alice");
  g_assert_cmpstr (password, ==, "s3cr&t");
  g_clear_pointer (&user, g_free);
  g_clear_pointer (&password, g_free);

  /* The provider finds them: "My AMDA" */
  {
    g_autofree char *url = g_strconcat (server.base_url, "/php/rest/", NULL);

    provider = ps_amda_provider_new (url, NULL);
  }
  g_assert_cmpstr (ps_amda_provider_get_base_url (provider) + strlen (server.base_url), ==, "/php/rest");
  tree = inventory (provider, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ps_inventory_node_lookup (tree, "amda/tt/tt_0"));
  g_clear_object (&tree);

  /* Readable by others: refused */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_false (ps_amda_credentials_load (&user, &password, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  assert_message (error, "chmod 600");
  g_assert_null (user);
  g_clear_error (&error);
  /* … and the inventory says so under "My AMDA", the public tree intact */
  tree = inventory (provider, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ps_inventory_node_lookup (tree, "amda/imf"));
  g_assert_nonnull (strstr (ps_inventory_node_get_description (ps_inventory_node_lookup (tree, "amda/#/my-amda")),
                           "chmod 600"));

  /* Saving again makes it private again; forgetting removes it */
  g_assert_true (ps_amda_credentials_save ("bob", "pässwörd", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (ps_amda_credentials_load (&user, &password, &error));
  g_assert_cmpstr (user, ==, "bob");
  g_assert_cmpstr (password, ==, "pässwörd");
  g_assert_true (ps_amda_credentials_forget (&error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (ps_amda_credentials_forget (&error));
  g_assert_no_error (error);
}


/* plasmascope-cli inventory --provider amda, and get amda/imf */
static void
test_cli (void)
{
  g_autofree char *base = g_strconcat ("amda=", server.base_url, "/php/rest", NULL);
  g_autofree char *cache = g_build_filename (root, "cli-cache", NULL);
  const char *inventory[] = { CLI_PATH, "inventory", "-p", "amda", "--base-url", base, "--cache-dir", cache,
                              "--search", "magnetic gse 16 sec", NULL };
  const char *get[] = { CLI_PATH, "get", "amda/imf", "2018-01-01T00:00:00Z", "2018-01-01T00:01:00Z",
                        "--base-url", base, "--cache-dir", cache, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  out = test_run_cli (inventory);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "amda/imf\tnT"));
  g_clear_pointer (&out, g_free);

  out = test_run_cli (get);
  lines = g_strsplit (out, "\n", -1);
  /* [00:00, 00:01): the samples 0…3, 16 s apart */
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_true (g_str_has_prefix (lines[0], "time,"));
  g_assert_cmpstr (lines[1], ==, "2018-01-01T00:00:00.000000000Z,0.5,-0,0.25");
  g_assert_cmpstr (lines[4], ==, "2018-01-01T00:00:48.000000000Z,3.5,-3,6.25");
}

/* plasmascope-cli account amda: the password from the standard input,
 * kept in a file only the user may read; the inventory then holds "My
 * AMDA"; --forget signs out */
static void
test_cli_account (void)
{
  g_autofree char *base = g_strconcat ("amda=", server.base_url, "/php/rest", NULL);
  g_autofree char *cache = g_build_filename (root, "cli-account-cache", NULL);
  g_autofree char *file = ps_amda_credentials_get_file ();
  const char *inventory[] = { CLI_PATH, "inventory", "-p", "amda", "--base-url", base, "--cache-dir", cache, NULL };
  const char *forget[] = { CLI_PATH, "account", "amda", "--forget", NULL };
  const char *status[] = { CLI_PATH, "account", "amda", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GStatBuf st;

  /* Without an account: the public tree, saved */
  out = test_run_cli (inventory);
  g_assert_null (strstr (out, "My AMDA"));
  g_clear_pointer (&out, g_free);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              CLI_PATH, "account", "amda", "--user", "alice", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, "s3cr&t\n", NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  g_assert_true (g_str_has_prefix (out, "Signed in to AMDA as alice"));
  g_assert_null (strstr (out, "s3cr&t"));
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&out, g_free);

  /* With one: not the tree saved without it */
  out = test_run_cli (inventory);
  g_assert_nonnull (strstr (out, "My AMDA"));
  g_clear_pointer (&out, g_free);

  out = test_run_cli (forget);
  g_assert_cmpstr (out, ==, "Signed out of AMDA\n");
  g_clear_pointer (&out, g_free);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  out = test_run_cli (status);
  g_assert_cmpstr (out, ==, "Not signed in to AMDA\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *routes = NULL;
  const char *args[] = { "--routes", NULL, "--root", NULL, NULL };
  int status;

  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_unsetenv ("PLASMASCOPE_CACHE_DIR");
  root = g_dir_make_tmp ("ps-amda-XXXXXX", &error);
  g_assert_no_error (error);
  config_home = g_build_filename (root, "config", NULL);
  /* Before anything asks GLib for the user's folders */
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  /* No session bus, so no Secret Service: the file is the fallback
   * (PLASMASCOPE_CREDENTIALS_BACKEND=file would force it) */
  g_unsetenv ("PLASMASCOPE_CREDENTIALS_BACKEND");
  {
    g_autofree char *no_bus = g_strdup_printf ("unix:path=%s/no-bus", root);

    g_setenv ("DBUS_SESSION_BUS_ADDRESS", no_bus, TRUE);
  }
  g_setenv ("PLASMASCOPE_AMDA_URL", "http://amda.example.org/php/rest/", TRUE);
  g_test_init (&argc, &argv, NULL);

  routes = g_build_filename (root, "routes.json", NULL);
  args[1] = routes;
  args[3] = root;
  write_fixtures ();
  test_server_start (&server, args);
  copy_answers ();

  g_test_add_func ("/Core/AmdaProvider/base-url", test_base_url);
  g_test_add_func ("/Core/AmdaProvider/answers", test_answers);
  g_test_add_func ("/Core/AmdaProvider/inventory", test_inventory);
  g_test_add_func ("/Core/AmdaProvider/inventory-account", test_inventory_account);
  g_test_add_func ("/Core/AmdaProvider/fetch", test_fetch);
  g_test_add_func ("/Core/AmdaProvider/in-progress", test_in_progress);
  g_test_add_func ("/Core/AmdaProvider/restricted", test_restricted);
  g_test_add_func ("/Core/AmdaProvider/errors", test_errors);
  g_test_add_func ("/Core/AmdaProvider/get-cached", test_get_cached);
  g_test_add_func ("/Core/AmdaProvider/event-lists", test_event_lists);
  g_test_add_func ("/Core/AmdaProvider/credentials", test_credentials);
  g_test_add_func ("/Core/AmdaProvider/cli", test_cli);
  g_test_add_func ("/Core/AmdaProvider/cli-account", test_cli_account);
  status = g_test_run ();

  test_server_stop (&server);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", root);

    g_assert_cmpint (system (command), ==, 0);
  }
  g_free (config_home);
  g_free (root);
  return status;
}
