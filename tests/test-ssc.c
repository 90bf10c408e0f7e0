/* test-ssc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SSCWeb: the recorded answers (tests/data/providers/sscweb/README.md)
 * parsed with speasy's expected values, broken answers refused with
 * clear errors, and the provider over real HTTP on 127.0.0.1
 * (tests/test-server.py with exact routes): the inventory, a fetch sliced
 * to the range, an empty window, a one-sample window, and
 * `plasmascope-cli get` twice, the second time from the cache.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ps-ssc-parse.h"
#include "ps-ssc-provider.h"
#include "test-http.h"

#define OBSERVATORIES TEST_DATA_DIR "/providers/sscweb/sscweb_observatories.xml"
#define TRAJECTORY    TEST_DATA_DIR "/providers/sscweb/sscweb_trajectory.xml"
#define S             G_GINT64_CONSTANT (1000000000)
#define T0            G_GINT64_CONSTANT (1136682000) /* 2006-01-08T01:00:00Z */

static TestServer server;
static char *root;

static char *
read_data (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_parse_observatories (void)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *xml = read_data (OBSERVATORIES, &length);
  g_autoptr(GPtrArray) list = ps_ssc_parse_observatories (xml, length, &error);
  g_autoptr(PsInventoryNode) tree = NULL;
  const PsSscObservatory *ace;
  PsInventoryNode *node;
  PsInventoryNode *gse;
  PsTime start, stop;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 275);
  ace = g_ptr_array_index (list, 0);
  g_assert_cmpstr (ace->id, ==, "ace");
  g_assert_cmpstr (ace->name, ==, "ACE");
  g_assert_cmpuint (ace->resolution, ==, 720);
  g_assert_true (ps_time_parse_iso ("1997-08-25T17:48:00.000Z", &start, NULL));
  g_assert_true (ps_time_parse_iso ("2024-05-19T23:48:00.000Z", &stop, NULL));
  g_assert_cmpint (ace->coverage.start, ==, start);
  g_assert_cmpint (ace->coverage.stop, ==, stop);

  tree = ps_ssc_inventory_from_observatories (list);
  g_assert_cmpstr (ps_inventory_node_get_path (tree), ==, "ssc");
  g_assert_cmpuint (ps_inventory_node_get_n_children (tree), ==, 275);
  node = ps_inventory_node_lookup (tree, "ssc/ace");
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_kind (node), ==, PS_INVENTORY_OBSERVATORY);
  g_assert_cmpstr (ps_inventory_node_get_name (node), ==, "ACE");
  g_assert_cmpint (ps_inventory_node_get_cadence (node), ==, 720 * S);
  g_assert_cmpint (ps_inventory_node_get_coverage (node)->start, ==, start);
  g_assert_cmpuint (ps_inventory_node_get_n_children (node), ==, 5);
  gse = ps_inventory_node_lookup (tree, "ssc/ace/gse");
  g_assert_nonnull (gse);
  g_assert_cmpint (ps_inventory_node_get_kind (gse), ==, PS_INVENTORY_PARAMETER);
  g_assert_cmpstr (ps_inventory_node_get_units (gse), ==, "km");
  g_assert_cmpint (ps_inventory_node_get_display_kind (gse), ==, PS_DISPLAY_VECTOR);
  for (guint i = 0; ps_ssc_frames[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("ssc/moon/", ps_ssc_frames[i], NULL);

      g_assert_nonnull (ps_inventory_node_lookup (tree, path));
    }
}

static void
test_parse_trajectory (void)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *xml = read_data (TRAJECTORY, &length);
  g_autoptr(PsSeries) series = ps_ssc_parse_locations (xml, length, &error);
  g_autoptr(PsSeries) empty = NULL;
  g_autoptr(PsSeries) one = NULL;
  PsTimeRange window;

  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 61);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  g_assert_cmpstr (ps_series_get_units (series), ==, "km");
  g_assert_cmpstr (ps_series_get_label (series, 0), ==, "X GSE");
  g_assert_cmpstr (ps_series_get_label (series, 1), ==, "Y GSE");
  g_assert_cmpstr (ps_series_get_label (series, 2), ==, "Z GSE");
  g_assert_cmpstr (ps_series_get_name (series), ==, "moon GSE");
  g_assert_cmpint (ps_series_get_display_kind (series), ==, PS_DISPLAY_VECTOR);
  g_assert_cmpint (ps_series_get_time (series, 0), ==, T0 * S);
  g_assert_cmpint (ps_series_get_time (series, 1), ==, (T0 + 60) * S);
  g_assert_cmpint (ps_series_get_time (series, 60), ==, (T0 + 3600) * S);
  g_assert_cmpfloat (ps_series_get_value (series, 0, 0), ==, -102719.89954676693);
  g_assert_cmpfloat (ps_series_get_value (series, 0, 1), ==, 366124.3077098972);
  g_assert_cmpfloat (ps_series_get_value (series, 60, 0), ==, -106043.05851515925);

  window = ps_time_range_make (T0 * S + 10 * S, T0 * S + 50 * S);
  empty = ps_series_slice (series, &window);
  g_assert_cmpuint (ps_series_get_n (empty), ==, 0);
  window = ps_time_range_make ((T0 + 1799) * S, (T0 + 1801) * S);
  one = ps_series_slice (series, &window);
  g_assert_cmpuint (ps_series_get_n (one), ==, 1);
  g_assert_cmpint (ps_series_get_time (one, 0), ==, (T0 + 1800) * S);
}

static void
assert_locations_error (const char *xml,
                        int         code,
                        const char *part)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ps_ssc_parse_locations (xml, strlen (xml), &error));
  g_assert_error (error, PS_SSC_ERROR, code);
  if (part != NULL && strstr (error->message, part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, part);
}

static GPtrArray *
observatories_of (const char  *xml,
                  GError     **error)
{
  return ps_ssc_parse_observatories (xml, strlen (xml), error);
}

static PsSeries *
locations_of (const char  *xml,
              GError     **error)
{
  return ps_ssc_parse_locations (xml, strlen (xml), error);
}

#define DATA_HEAD "<Response xmlns=\"http://sscweb.gsfc.nasa.gov/schema\"><Result><StatusCode>Success</StatusCode>" \
                  "<Data><Id>moon</Id><Coordinates><CoordinateSystem>Gsm</CoordinateSystem>"

static void
test_parse_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *prefixed = "<s:Response xmlns:s=\"http://sscweb.gsfc.nasa.gov/schema\"><s:Result><s:StatusCode>Success"
                         "</s:StatusCode><s:Data><s:Id>x</s:Id><s:Coordinates><s:CoordinateSystem>Geo"
                         "</s:CoordinateSystem><s:X>1</s:X><s:Y>2</s:Y><s:Z>3</s:Z></s:Coordinates>"
                         "<s:Time>2006-01-08T01:00:00.000Z</s:Time></s:Data></s:Result></s:Response>";

  assert_locations_error ("", PS_SSC_ERROR_PARSE, NULL);
  assert_locations_error ("<html><body>Maintenance</body></html>", PS_SSC_ERROR_PARSE, "Response");
  assert_locations_error ("<Response><Result><StatusCode>Success</StatusCode>", PS_SSC_ERROR_PARSE, NULL);
  assert_locations_error ("<Response><Result></Result></Response>", PS_SSC_ERROR_PARSE, "StatusCode");
  assert_locations_error ("<Response><Result><StatusCode>Error</StatusCode><StatusSubCode>BadRequest</StatusSubCode>"
                          "<StatusText>Unknown observatory: nope</StatusText></Result></Response>",
                          PS_SSC_ERROR_SERVER, "Unknown observatory: nope");
  assert_locations_error (DATA_HEAD "<X>1</X><Y>2</Y></Coordinates><Time>2006-01-08T01:00:00.000Z</Time>"
                          "</Data></Result></Response>", PS_SSC_ERROR_PARSE, "1 times");
  assert_locations_error (DATA_HEAD "<X>1x</X><Y>2</Y><Z>3</Z></Coordinates><Time>2006-01-08T01:00:00.000Z</Time>"
                          "</Data></Result></Response>", PS_SSC_ERROR_PARSE, "1x");
  assert_locations_error (DATA_HEAD "<X>1</X><Y>2</Y><Z>3</Z></Coordinates><Time>yesterday</Time>"
                          "</Data></Result></Response>", PS_SSC_ERROR_PARSE, "yesterday");
  assert_locations_error (DATA_HEAD "<X>1</X><X>2</X><Y>2</Y><Y>2</Y><Z>3</Z><Z>3</Z></Coordinates>"
                          "<Time>2006-01-08T01:01:00Z</Time><Time>2006-01-08T01:00:00Z</Time>"
                          "</Data></Result></Response>", PS_SSC_ERROR_PARSE, NULL);

  /* A prefixed namespace: local names count */
  series = locations_of (prefixed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 1);
  g_assert_cmpstr (ps_series_get_label (series, 2), ==, "Z GEO");
  g_clear_pointer (&series, ps_series_unref);

  /* Success without data: an empty series */
  series = locations_of ("<Response><Result><StatusCode>Success</StatusCode></Result></Response>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);

  /* Observatory lists */
  g_assert_null (observatories_of ("<Response/>", &error));
  g_assert_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (observatories_of ("<ObservatoryResponse><Observatory><Id>a</Id><Resolution>-1</Resolution>"
                                             "</Observatory></ObservatoryResponse>", &error));
  g_assert_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "-1"));
  g_clear_error (&error);
  g_assert_null (observatories_of ("<ObservatoryResponse><Observatory><Name>a</Name></Observatory>"
                                             "</ObservatoryResponse>", &error));
  g_assert_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "Id"));
  g_clear_error (&error);
  g_assert_null (observatories_of ("\xff\xfe<ObservatoryResponse>", &error));
  g_assert_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE);
  g_clear_error (&error);
  list = observatories_of ("<ObservatoryResponse></ObservatoryResponse>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
}

/* --- over HTTP ------------------------------------------------------------ */

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
  body = g_strndup (data, size);
  for (const char *p = strstr (body, "\"method\""); p != NULL; p = strstr (p + 1, "\"method\""))
    n++;
  ps_fetcher_get_async (fetcher, reset, NULL, NULL, NULL, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&wait.result);
  return n;
}

static void
test_provider_inventory (void)
{
  g_autoptr(PsProvider) provider = PS_PROVIDER (ps_ssc_provider_new (server.base_url, NULL));
  g_autoptr(PsInventoryNode) tree = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  g_assert_cmpstr (ps_provider_get_name (provider), ==, "SSCWeb");
  g_assert_cmpstr (ps_provider_get_prefix (provider), ==, "ssc");
  g_assert_true (ps_provider_owns (provider, "ssc/moon/gse"));
  g_assert_cmpint (ps_provider_get_fragment_length (provider, "ssc/moon/gse"), ==, 86400 * S);

  ps_provider_build_inventory_async (provider, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  tree = ps_provider_build_inventory_finish (provider, wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_inventory_node_get_path (tree), ==, "ssc");
  g_assert_cmpuint (ps_inventory_node_get_n_children (tree), ==, 275);
  g_assert_nonnull (ps_inventory_node_lookup (tree, "ssc/moon/gei"));
}

static void
test_provider_fetch (void)
{
  g_autoptr(PsProvider) provider = PS_PROVIDER (ps_ssc_provider_new (server.base_url, NULL));
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  PsTimeRange range = ps_time_range_make (T0 * S, (T0 + 1800) * S + 1);

  url = ps_ssc_provider_locations_url (PS_SSC_PROVIDER (provider), "moon", "gse", &range);
  g_assert_cmpstr (url + strlen (server.base_url), ==, "/locations/moon/20060108T010000Z,20060108T013001Z/gse/");

  /* Sliced to [start, stop): 01:00 … 01:29 */
  series = fetch (provider, "ssc/moon/gse", T0 * S, (T0 + 1800) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 30);
  g_assert_cmpint (ps_series_get_time (series, 0), ==, T0 * S);
  g_assert_cmpint (ps_series_get_time (series, 29), ==, (T0 + 1740) * S);
  g_assert_cmpstr (ps_series_get_units (series), ==, "km");
  g_clear_pointer (&series, ps_series_unref);

  /* [01:00:10, 01:00:50): nothing */
  series = fetch (provider, "ssc/moon/gse", (T0 + 10) * S, (T0 + 50) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);
  g_clear_pointer (&series, ps_series_unref);

  /* [01:29:59, 01:30:01): exactly 01:30:00 */
  series = fetch (provider, "ssc/moon/gse", (T0 + 1799) * S, (T0 + 1801) * S, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 1);
  g_assert_cmpint (ps_series_get_time (series, 0), ==, (T0 + 1800) * S);
  g_clear_pointer (&series, ps_series_unref);

  /* The server's refusal, with its text */
  g_assert_null (fetch (provider, "ssc/nope/gse", T0 * S, (T0 + 1800) * S, &error));
  g_assert_error (error, PS_SSC_ERROR, PS_SSC_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "Unknown observatory"));
  g_clear_error (&error);

  /* Not an SSCWeb product: no request */
  count_requests ();
  g_assert_null (fetch (provider, "ssc/moon/xyz", T0 * S, (T0 + 1800) * S, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (fetch (provider, "ssc/moon", T0 * S, (T0 + 1800) * S, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (count_requests (), ==, 0);
}

/* plasmascope-cli inventory --provider ssc: the observatories and their
 * frames, searchable */
static void
test_cli_inventory (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = g_dir_make_tmp ("ps-ssc-inventory-XXXXXX", &error);
  g_autofree char *base = g_strdup_printf ("ssc=%s", server.base_url);
  const char *argv[] = { CLI_PATH, "inventory", "-p", "ssc", "--base-url", base, "--cache-dir", cache_dir,
                         "--search", "moon gsm", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (out, "ssc/moon/gsm\tkm"));
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", cache_dir);

    g_assert_cmpint (system (command), ==, 0);
  }
}

static char *
run_get (const char *cache_dir)
{
  g_autofree char *base = g_strdup_printf ("ssc=%s", server.base_url);
  const char *argv[] = { CLI_PATH, "get", "ssc/moon/gse", "2006-01-08T01:00:00", "2006-01-08T01:30:00",
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

static void
test_cli_get (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = g_dir_make_tmp ("ps-ssc-cache-XXXXXX", &error);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  count_requests ();
  first = run_get (cache_dir);
  lines = g_strsplit (first, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 30 + 1);
  g_assert_cmpstr (lines[0], ==, "time,X GSE (km),Y GSE (km),Z GSE (km)");
  g_assert_true (g_str_has_prefix (lines[1], "2006-01-08T01:00:00.000000000Z,-102719.89954676693,"));
  g_assert_true (g_str_has_prefix (lines[30], "2006-01-08T01:29:00.000000000Z,"));
  g_assert_cmpuint (count_requests (), ==, 1); /* the day 2006-01-08 */

  second = run_get (cache_dir);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpuint (count_requests (), ==, 0);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", cache_dir);

    g_assert_cmpint (system (command), ==, 0);
  }
}

static void
copy_file (const char *from,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *to = g_build_filename (root, name, NULL);
  gsize length = 0;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, (gssize) length, &error);
  g_assert_no_error (error);
}

static void
write_routes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *routes = g_build_filename (root, "routes.json", NULL);
  g_autofree char *refusal = g_build_filename (root, "refusal.xml", NULL);
  const char *windows[] = { "20060108T010000Z,20060108T013000Z", "20060108T010010Z,20060108T010050Z",
                            "20060108T012959Z,20060108T013001Z", "20060108T000000Z,20060109T000000Z", NULL };
  g_autoptr(GString) json = g_string_new ("[{\"path\": \"/observatories\", \"file\": \"observatories.xml\", "
                                          "\"content_type\": \"application/xml\"},\n");

  copy_file (OBSERVATORIES, "observatories.xml");
  copy_file (TRAJECTORY, "trajectory.xml");
  g_file_set_contents (refusal, "<?xml version=\"1.0\"?><Response xmlns=\"http://sscweb.gsfc.nasa.gov/schema\">"
                       "<Result><StatusCode>Error</StatusCode><StatusSubCode>BadRequest</StatusSubCode>"
                       "<StatusText>Unknown observatory: nope</StatusText></Result></Response>", -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; windows[i] != NULL; i++)
    g_string_append_printf (json, "{\"path\": \"/locations/moon/%s/gse/\", \"file\": \"trajectory.xml\", "
                            "\"content_type\": \"application/xml\"},\n", windows[i]);
  g_string_append (json, "{\"path\": \"/locations/nope/20060108T010000Z,20060108T013000Z/gse/\", "
                   "\"file\": \"refusal.xml\", \"content_type\": \"application/xml\"}]\n");
  g_file_set_contents (routes, json->str, -1, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *routes = NULL;
  const char *args[] = { "--routes", NULL, NULL };
  int status;

  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_unsetenv ("PLASMASCOPE_SSC_URL");
  g_unsetenv ("PLASMASCOPE_CACHE_DIR");
  g_test_init (&argc, &argv, NULL);

  root = g_dir_make_tmp ("ps-ssc-XXXXXX", &error);
  g_assert_no_error (error);
  write_routes ();
  routes = g_build_filename (root, "routes.json", NULL);
  args[1] = routes;
  test_server_start (&server, args);

  g_test_add_func ("/Core/Ssc/parse-observatories", test_parse_observatories);
  g_test_add_func ("/Core/Ssc/parse-trajectory", test_parse_trajectory);
  g_test_add_func ("/Core/Ssc/parse-errors", test_parse_errors);
  g_test_add_func ("/Core/Ssc/provider-inventory", test_provider_inventory);
  g_test_add_func ("/Core/Ssc/provider-fetch", test_provider_fetch);
  g_test_add_func ("/Core/Ssc/cli-get", test_cli_get);
  g_test_add_func ("/Core/Ssc/cli-inventory", test_cli_inventory);
  status = g_test_run ();

  test_server_stop (&server);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", root);

    g_assert_cmpint (system (command), ==, 0);
  }
  g_free (root);
  return status;
}
