/* test-hapi-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HAPI provider over real HTTP on 127.0.0.1, against emulated HAPI
 * servers (tests/hapi_emulator.py through tests/test-server.py --hapi)
 * serving recorded responses of CDAWeb, AMDA and hapi-server.org's test
 * servers (tests/data/providers/hapi/README.md):
 *
 *   /v3/hapi    HAPI 3.3, csv + binary + json, catalog?depth=all
 *   /v2/hapi    HAPI 2.0, csv only, no HAPI status in the HTTP reason
 *   /lim/hapi   HAPI 3.1, csv + json, at most 20 records per request (1408)
 *   /js/hapi    HAPI 3.2, json only, depth=all offered but refused (1413)
 *
 * Expected values are those of the recorded files (and of the peers'
 * tests of them), written here, never recomputed by the code under test;
 * what the provider asked for is read back from the server's /_log.
 */

#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ps-cache.h"
#include "ps-hapi-info.h"
#include "ps-hapi-meta.h"
#include "ps-hapi-provider.h"
#include "ps-hapi-servers.h"
#include "test-http.h"

#define HAPI_DIR TEST_DATA_DIR "/providers/hapi"
#define S        G_GINT64_CONSTANT (1000000000)
#define H        (3600 * S)
#define T0902    (G_GINT64_CONSTANT (873158400) * S) /* 1997-09-02T00:00:00Z */

static TestServer server;

/* --- helpers -------------------------------------------------------------- */

static PsProvider *
provider_for (const char *prefix)
{
  g_autofree char *url = g_strdup_printf ("%s/%s/hapi", server.base_url, prefix);

  return PS_PROVIDER (ps_hapi_provider_new ("emu", url, NULL));
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static PsSeries *
fetch (PsProvider  *provider,
       const char  *product,
       PsTime       start,
       PsTime       stop,
       char       **version,
       GError     **error)
{
  PsTimeRange range = ps_time_range_make (start, stop);
  GAsyncResult *result = NULL;
  g_autofree char *v = NULL;
  PsSeries *series;

  ps_provider_fetch_async (provider, product, &range, NULL, done_cb, &result);
  series = ps_provider_fetch_finish (provider, wait_for (&result), &v, error);
  g_object_unref (result);
  if (version != NULL)
    *version = g_steal_pointer (&v);
  return series;
}

static char *
check_version (PsProvider  *provider,
               const char  *product,
               GError     **error)
{
  PsTimeRange range = ps_time_range_make (T0902, T0902 + 24 * H);
  GAsyncResult *result = NULL;
  char *version;

  ps_provider_check_version_async (provider, product, &range, NULL, done_cb, &result);
  version = ps_provider_check_version_finish (provider, wait_for (&result), error);
  g_object_unref (result);
  return version;
}

static PsInventoryNode *
inventory (PsProvider  *provider,
           GError     **error)
{
  GAsyncResult *result = NULL;
  PsInventoryNode *root;

  ps_provider_build_inventory_async (provider, NULL, done_cb, &result);
  root = ps_provider_build_inventory_finish (provider, wait_for (&result), error);
  g_object_unref (result);
  return root;
}

static char *
get_url (const char *path)
{
  g_autofree char *url = g_strconcat (server.base_url, path, NULL);
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(PsFetchResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  gsize size = 0;
  const char *data;

  ps_fetcher_get_async (fetcher, url, NULL, NULL, NULL, NULL, done_cb, &result);
  answer = ps_fetcher_get_finish (fetcher, wait_for (&result), &error);
  g_object_unref (result);
  g_assert_no_error (error);
  data = g_bytes_get_data (ps_fetch_result_get_body (answer), &size);
  return g_strndup (data, size);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

/* The requests the server saw since the last call, then forgets them. */
static cJSON *
take_log (void)
{
  g_autofree char *text = get_url ("/_log");
  g_autofree char *reset = get_url ("/_reset");
  cJSON *log = cJSON_Parse (text);
  cJSON *requests;

  g_assert_nonnull (log);
  requests = cJSON_DetachItemFromObject (log, "requests");
  cJSON_Delete (log);
  g_assert_true (cJSON_IsArray (requests));
  return requests;
}

static void
reset_log (void)
{
  cJSON_Delete (take_log ());
}

static const char *
request_path (const cJSON *request)
{
  return cJSON_GetObjectItem (request, "path")->valuestring;
}

static const char *
request_query (const cJSON *request,
               const char  *key)
{
  const cJSON *value = cJSON_GetObjectItem (cJSON_GetObjectItem (request, "query"), key);

  return cJSON_IsString (value) ? value->valuestring : NULL;
}

static int
request_status (const cJSON *request)
{
  return (int) cJSON_GetObjectItem (request, "status")->valuedouble;
}

/* How many logged requests went to an endpoint ("data", "info"…). */
static guint
count (const cJSON *log,
       const char  *endpoint)
{
  const cJSON *request;
  guint n = 0;

  cJSON_ArrayForEach (request, log)
    if (g_str_has_suffix (request_path (request), endpoint))
      n++;
  return n;
}

/* The @index-th logged request to @endpoint. */
static const cJSON *
nth (const cJSON *log,
     const char  *endpoint,
     guint        index)
{
  const cJSON *request;

  cJSON_ArrayForEach (request, log)
    if (g_str_has_suffix (request_path (request), endpoint) && index-- == 0)
      return request;
  g_assert_not_reached ();
  return NULL;
}

static void
assert_value (PsSeries *series,
              gsize     i,
              guint     j,
              double    expected)
{
  g_assert_cmpfloat_with_epsilon (ps_series_get_value (series, i, j), expected, 1e-12 * MAX (1, fabs (expected)));
}

static PsTime
parse_time (const char *text)
{
  PsTime t = 0;

  g_assert_true (ps_time_parse_iso (text, &t, NULL));
  return t;
}

/* --- product paths and server lists --------------------------------------- */

static void
test_product_paths (void)
{
  g_autoptr(PsProvider) provider = provider_for ("v3");
  PsHapiProvider *hapi = PS_HAPI_PROVIDER (provider);
  g_autofree char *dataset = NULL;
  g_autofree char *parameter = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpstr (ps_provider_get_prefix (provider), ==, "hapi/emu");
  g_assert_cmpstr (ps_hapi_provider_get_server_name (hapi), ==, "emu");

  /* Dataset ids may hold '/': the parameter follows the last one. */
  g_assert_true (ps_hapi_provider_split_product (hapi, "hapi/emu/aae/definitive/PT1M/native/Field_Magnitude",
                                                 &dataset, &parameter));
  g_assert_cmpstr (dataset, ==, "aae/definitive/PT1M/native");
  g_assert_cmpstr (parameter, ==, "Field_Magnitude");
  g_clear_pointer (&dataset, g_free);
  g_clear_pointer (&parameter, g_free);

  /* A '/' or '%' in a parameter name is escaped, and comes back. */
  path = ps_hapi_provider_product_path (hapi, "DE1/PWI", "a/b%2Fc");
  g_assert_cmpstr (path, ==, "hapi/emu/DE1/PWI/a%2Fb%252Fc");
  g_assert_true (ps_hapi_provider_split_product (hapi, path, &dataset, &parameter));
  g_assert_cmpstr (dataset, ==, "DE1/PWI");
  g_assert_cmpstr (parameter, ==, "a/b%2Fc");

  g_assert_false (ps_hapi_provider_split_product (hapi, "hapi/emu/nodataset", &dataset, &parameter));
  g_assert_false (ps_hapi_provider_split_product (hapi, "hapi/emu/dataset/", &dataset, &parameter));
  g_assert_false (ps_hapi_provider_split_product (hapi, "hapi/other/dataset/p", &dataset, &parameter));
  g_assert_false (ps_hapi_provider_split_product (hapi, "cda/AC_H2_MFI/BGSEc", &dataset, &parameter));
}

static void
test_servers (void)
{
  g_autoptr(PsHapiServers) servers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_unsetenv (PS_HAPI_SERVERS_ENV);
  servers = ps_hapi_servers_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_hapi_servers_lookup (servers, "cdaweb"), ==, "https://cdaweb.gsfc.nasa.gov/hapi");
  g_assert_cmpstr (ps_hapi_servers_lookup (servers, "amda"), ==, "https://amda.irap.omp.eu/service/hapi");
  g_assert_cmpstr (ps_hapi_servers_lookup (servers, "csa"), ==, "https://csatools.esac.esa.int/HapiServer/hapi");
  g_assert_cmpuint (ps_hapi_servers_get_n (servers), ==, 15);
  g_assert_null (ps_hapi_servers_lookup (servers, "emu"));

  /* Additions and replacements; blanks, empty entries and final slashes
   * do not matter. */
  g_assert_true (ps_hapi_servers_add_list (servers, " emu=http://127.0.0.1:1/hapi ;; cdaweb=https://mirror/hapi/ ",
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ps_hapi_servers_lookup (servers, "emu"), ==, "http://127.0.0.1:1/hapi");
  g_assert_cmpstr (ps_hapi_servers_lookup (servers, "cdaweb"), ==, "https://mirror/hapi");
  g_assert_cmpuint (ps_hapi_servers_get_n (servers), ==, 16);

  g_assert_false (ps_hapi_servers_add (servers, "nourl", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (ps_hapi_servers_add (servers, "a/b=http://x/hapi", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (ps_hapi_servers_add (servers, "x=ftp://x/hapi", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The environment */
  g_clear_pointer (&servers, ps_hapi_servers_free);
  g_setenv (PS_HAPI_SERVERS_ENV, "local=http://localhost:8999/hapi;amda=http://amda-mirror/hapi", TRUE);
  servers = ps_hapi_servers_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_hapi_servers_lookup (servers, "local"), ==, "http://localhost:8999/hapi");
  g_assert_cmpstr (ps_hapi_servers_lookup (servers, "amda"), ==, "http://amda-mirror/hapi");
  g_clear_pointer (&servers, ps_hapi_servers_free);
  g_setenv (PS_HAPI_SERVERS_ENV, "local", TRUE);
  g_assert_null (ps_hapi_servers_new_default (&error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, PS_HAPI_SERVERS_ENV));
  g_unsetenv (PS_HAPI_SERVERS_ENV);

  name = ps_hapi_servers_name_of ("hapi/cdaweb/AC_H2_MFI/Magnitude");
  g_assert_cmpstr (name, ==, "cdaweb");
  g_assert_null (ps_hapi_servers_name_of ("cda/AC_H2_MFI/Magnitude"));
  g_assert_null (ps_hapi_servers_name_of ("hapi/cdaweb"));
}

static void
test_durations (void)
{
  static const struct { const char *text; gint64 ns; } good[] = {
    { "PT1S", 1 * S }, { "PT16S", 16 * S }, { "PT1M", 60 * S }, { "PT1H", 3600 * S },
    { "P1D", 86400 * S }, { "P1W", 7 * 86400 * S }, { "P1Y", 365 * 86400 * S }, { "P1M", 30 * 86400 * S },
    { "PT0.5S", S / 2 }, { "PT0,25S", S / 4 }, { "P1DT12H", 36 * 3600 * S }, { "PT1H30M", 5400 * S },
    { "PT0.000000001S", 1 }, { "P10D", 10 * 86400 * S },
  };
  static const char *bad[] = { "", "P", "PT", "1S", "PT1X", "P1H", "PT1M1H", "PT1S1S", "P1DT", "PTS", "P-1D",
                               "PT1.2.3S", "P1000Y" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      PsTime ns = -1;

      g_assert_true (ps_hapi_parse_duration (good[i].text, &ns));
      g_assert_cmpint (ns, ==, good[i].ns);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      PsTime ns = -1;

      g_assert_false (ps_hapi_parse_duration (bad[i], &ns));
    }

  g_assert_true (ps_hapi_version_at_least ("3.2", 3, 2));
  g_assert_true (ps_hapi_version_at_least ("3.10", 3, 2));
  g_assert_true (ps_hapi_version_at_least ("4.0", 3, 2));
  g_assert_false (ps_hapi_version_at_least ("3.1", 3, 2));
  g_assert_false (ps_hapi_version_at_least ("2.0", 3, 0));
  g_assert_false (ps_hapi_version_at_least (NULL, 2, 0));
  g_assert_false (ps_hapi_version_at_least ("x", 2, 0));
}

/* --- inventory ------------------------------------------------------------ */

static void
test_inventory_depth_all (void)
{
  g_autoptr(PsProvider) provider = provider_for ("v3");
  g_autoptr(PsInventoryNode) root = NULL;
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) log = NULL;
  PsInventoryNode *node;
  const PsTimeRange *coverage;

  reset_log ();
  /* Before anything is known: one day, and thirty at a time. */
  g_assert_cmpint (ps_provider_get_fragment_length (provider, "hapi/emu/AC_H2_MFI/Magnitude"), ==, 24 * H);
  g_assert_cmpint (ps_provider_get_max_span (provider, "hapi/emu/AC_H2_MFI/Magnitude"), ==, 30 * 24 * H);

  root = inventory (provider, &error);
  g_assert_no_error (error);
  log = take_log ();
  g_assert_cmpuint (cJSON_GetArraySize (log), ==, 2);
  g_assert_cmpstr (request_path (nth (log, "", 0)), ==, "/v3/hapi/capabilities");
  g_assert_cmpstr (request_path (nth (log, "", 1)), ==, "/v3/hapi/catalog");
  g_assert_cmpstr (request_query (nth (log, "", 1), "depth"), ==, "all");

  g_assert_cmpstr (ps_inventory_node_get_path (root), ==, "hapi/emu");
  g_assert_cmpint (ps_inventory_node_get_kind (root), ==, PS_INVENTORY_PROVIDER);
  g_assert_cmpstr (ps_inventory_node_get_key (root, "HAPI"), ==, "3.3");
  g_assert_cmpuint (ps_inventory_node_get_n_children (root), ==, 7);
  /* 1 + 7 datasets + 3 × 1 + 4 + 2 + 4 + 1 parameters */
  g_assert_cmpuint (ps_inventory_node_count (root), ==, 1 + 7 + 3 + 4 + 2 + 4 + 1);

  node = ps_inventory_node_lookup (root, "hapi/emu/AC_H2_MFI");
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_kind (node), ==, PS_INVENTORY_DATASET);
  g_assert_cmpstr (ps_inventory_node_get_key (node, "title"), ==, "ACE Magnetic Field 1-Hour Level 2 Data");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "modificationDate"), ==, "2021-06-01T00:00:00Z");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "maxRequestDuration"), ==, "864000");
  g_assert_cmpint (ps_inventory_node_get_cadence (node), ==, H);
  coverage = ps_inventory_node_get_coverage (node);
  g_assert_cmpint (coverage->start, ==, T0902);
  g_assert_cmpint (coverage->stop, ==, T0902 + 48 * H);
  g_assert_cmpuint (ps_inventory_node_get_n_children (node), ==, 4);
  g_assert_null (ps_inventory_node_lookup (root, "hapi/emu/AC_H2_MFI/Time"));

  node = ps_inventory_node_lookup (root, "hapi/emu/AC_H2_MFI/BGSEc");
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_kind (node), ==, PS_INVENTORY_PARAMETER);
  g_assert_cmpstr (ps_inventory_node_get_units (node), ==, "nT");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "size"), ==, "3");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "fill"), ==, "-1.0E31");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "type"), ==, "double");
  g_assert_cmpint (ps_inventory_node_get_display_kind (node), ==, PS_DISPLAY_VECTOR);
  g_assert_cmpstr (ps_inventory_node_get_description (node), ==,
                   "Magnetic Field Vector in GSE Cartesian coordinates (1 hr)");
  g_assert_cmpint (ps_inventory_node_get_coverage (node)->stop, ==, T0902 + 48 * H);
  g_assert_cmpstr (ps_inventory_node_get_units (ps_inventory_node_lookup (root, "hapi/emu/AC_H2_MFI/SC_pos_GSE")),
                   ==, "km");
  g_assert_cmpint (ps_inventory_node_get_display_kind (ps_inventory_node_lookup (root, "hapi/emu/AC_H2_MFI/Magnitude")),
                   ==, PS_DISPLAY_LINE);

  /* server-nodejs's TestData3.3, a parameter name with a space */
  node = ps_inventory_node_lookup (root, "hapi/emu/dataset3/vector parameter");
  g_assert_nonnull (node);
  g_assert_cmpstr (ps_inventory_node_get_units (node), ==, "m");
  g_assert_cmpint (ps_inventory_node_get_cadence (node), ==, S);
  g_assert_cmpint (ps_inventory_node_get_coverage (node)->stop, ==, 120 * S);

  /* Bins: constant, time-varying, and a two-dimensional parameter */
  node = ps_inventory_node_lookup (root, "hapi/emu/ace-epam-de/ace_epam_de_e");
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_display_kind (node), ==, PS_DISPLAY_SPECTROGRAM);
  g_assert_cmpstr (ps_inventory_node_get_units (node), ==, "1/(cm² s sr MeV)");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "bins.name"), ==, "Energy");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "bins.units"), ==, "MeV");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "bins.centers"), ==, "[0.0455,0.078,0.139,0.245]");
  node = ps_inventory_node_lookup (root, "hapi/emu/nd/time-varying bins/spectra_time_dependent_bins");
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_display_kind (node), ==, PS_DISPLAY_SPECTROGRAM);
  g_assert_cmpstr (ps_inventory_node_get_key (node, "bins.centers.parameter"), ==, "frequency_centers_time_varying");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "bins.ranges.parameter"), ==, "frequency_ranges_time_varying");
  node = ps_inventory_node_lookup (root, "hapi/emu/nd/time-varying bins/frequency_ranges_time_varying");
  g_assert_nonnull (node);
  g_assert_cmpstr (ps_inventory_node_get_key (node, "size"), ==, "10,2");
  g_assert_cmpint (ps_inventory_node_get_display_kind (node), ==, PS_DISPLAY_MULTI);

  /* The infos came with the catalog: a fetch needs nothing but its data,
   * and the cache hints follow the dataset's cadence (1 h → 30-day
   * fragments) and maxRequestDuration (P10D). */
  g_assert_cmpint (ps_provider_get_fragment_length (provider, "hapi/emu/AC_H2_MFI/Magnitude"), ==, 30 * 24 * H);
  g_assert_cmpint (ps_provider_get_max_span (provider, "hapi/emu/AC_H2_MFI/Magnitude"), ==, 10 * 24 * H);
  g_assert_cmpint (ps_provider_get_fragment_length (provider, "hapi/emu/dataset1/vector"), ==, H);
  series = fetch (provider, "hapi/emu/AC_H2_MFI/Magnitude", T0902, T0902 + 2 * H, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 2);
  g_clear_pointer (&log, cJSON_Delete);
  log = take_log ();
  g_assert_cmpuint (cJSON_GetArraySize (log), ==, 1);
  g_assert_cmpuint (count (log, "/data"), ==, 1);
}

static void
test_inventory_catalog (void)
{
  g_autoptr(PsProvider) limited = provider_for ("lim");
  g_autoptr(PsProvider) json = provider_for ("js");
  g_autoptr(PsInventoryNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) log = NULL;

  /* No depth=all: the catalog, then one info per dataset */
  reset_log ();
  root = inventory (limited, &error);
  g_assert_no_error (error);
  log = take_log ();
  g_assert_cmpuint (cJSON_GetArraySize (log), ==, 3);
  g_assert_cmpuint (count (log, "/catalog"), ==, 1);
  g_assert_null (request_query (nth (log, "/catalog", 0), "depth"));
  g_assert_cmpuint (count (log, "/info"), ==, 1);
  g_assert_cmpstr (request_query (nth (log, "/info", 0), "dataset"), ==, "AC_H2_MFI");
  g_assert_cmpuint (ps_inventory_node_count (root), ==, 1 + 1 + 4);
  g_assert_cmpstr (ps_inventory_node_get_units (ps_inventory_node_lookup (root, "hapi/emu/AC_H2_MFI/BGSM")), ==, "nT");
  g_clear_object (&root);
  g_clear_pointer (&log, cJSON_Delete);

  /* depth=all offered but refused: the catalog and infos instead */
  root = inventory (json, &error);
  g_assert_no_error (error);
  log = take_log ();
  g_assert_cmpuint (count (log, "/catalog"), ==, 2);
  g_assert_cmpint (request_status (nth (log, "/catalog", 0)), ==, 400);
  g_assert_cmpuint (count (log, "/info"), ==, 2);
  g_assert_cmpuint (ps_inventory_node_get_n_children (root), ==, 2);
  g_assert_nonnull (ps_inventory_node_lookup (root, "hapi/emu/nd/time-varying bins/spectra"));
}

/* --- data ----------------------------------------------------------------- */

/* BGSEc of AC_H2_MFI over its 48 recorded hours, as the peers assert. */
static void
assert_bgsec (PsSeries *series)
{
  g_assert_cmpuint (ps_series_get_n (series), ==, 48);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  g_assert_cmpstr (ps_series_get_units (series), ==, "nT");
  g_assert_cmpint (ps_series_get_display_kind (series), ==, PS_DISPLAY_VECTOR);
  g_assert_cmpint (ps_series_get_time (series, 0), ==, T0902);
  g_assert_cmpint (ps_series_get_time (series, 47), ==, T0902 + 47 * H);
  assert_value (series, 0, 0, 0.654);
  assert_value (series, 0, 1, -1.157);
  assert_value (series, 0, 2, -2.252);
  assert_value (series, 47, 0, 4.955);
  assert_value (series, 47, 1, -5.523);
  assert_value (series, 47, 2, 3.774);
}

static void
test_formats (void)
{
  const char *prefixes[] = { "v3", "v2", "js", "lim" };
  const char *formats[] = { "binary", "csv", "json", "csv" };
  g_autoptr(PsSeries) reference = NULL;
  g_autoptr(GError) error = NULL;

  reset_log ();
  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autoptr(PsProvider) provider = provider_for (prefixes[i]);
      g_autoptr(PsSeries) series = NULL;
      g_autoptr(cJSON) log = NULL;
      const cJSON *data;
      gboolean v3 = i != 1;

      /* lim allows 20 records: one day (24) is split, half a day is not */
      series = fetch (provider, "hapi/emu/AC_H2_MFI/BGSEc", T0902, T0902 + (i == 3 ? 12 : 48) * H, NULL, &error);
      g_assert_no_error (error);
      log = take_log ();
      g_assert_cmpuint (count (log, "/data"), ==, 1);
      data = nth (log, "/data", 0);
      g_assert_cmpstr (request_query (data, "format"), ==, formats[i]);
      g_assert_cmpstr (request_query (data, "parameters"), ==, "BGSEc");
      /* HAPI 3 names, or HAPI 2's */
      g_assert_cmpstr (request_query (data, v3 ? "dataset" : "id"), ==, "AC_H2_MFI");
      g_assert_cmpstr (request_query (data, v3 ? "start" : "time.min"), ==, "1997-09-02T00:00:00Z");
      g_assert_null (request_query (data, v3 ? "time.min" : "start"));
      g_assert_nonnull (request_query (nth (log, "/info", 0), v3 ? "dataset" : "id"));

      if (i == 3)
        {
          g_assert_cmpuint (ps_series_get_n (series), ==, 12);
          for (gsize k = 0; k < 12 * 3; k++)
            g_assert_true (ps_series_get_values (series)[k] == ps_series_get_values (reference)[k]);
          continue;
        }
      assert_bgsec (series);
      if (reference == NULL)
        reference = ps_series_ref (series);
      else
        {
          /* Every format gives the very same doubles and times. */
          g_assert_cmpmem (ps_series_get_values (series), 48 * 3 * sizeof (double),
                           ps_series_get_values (reference), 48 * 3 * sizeof (double));
          g_assert_cmpmem (ps_series_get_times (series), 48 * sizeof (PsTime),
                           ps_series_get_times (reference), 48 * sizeof (PsTime));
        }
    }
}

static void
test_recorded_values (void)
{
  g_autoptr(PsProvider) provider = provider_for ("v3");
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;

  /* CDAWeb's AC_H2_MFI Magnitude */
  series = fetch (provider, "hapi/emu/AC_H2_MFI/Magnitude", T0902, T0902 + 48 * H, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 48);
  g_assert_cmpstr (ps_series_get_meta (series, "description"), ==, "B-field magnitude");
  assert_value (series, 0, 0, 2.658);
  assert_value (series, 47, 0, 14.743);
  g_clear_pointer (&series, ps_series_unref);

  /* AMDA's ace_imf_all (recorded in binary): 48 records from 17:01 */
  series = fetch (provider, "hapi/emu/ace-imf-all/imf", T0902, T0902 + 24 * H, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 48);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  g_assert_cmpint (ps_series_get_time (series, 0), ==, parse_time ("1997-09-02T17:01:00Z"));
  g_assert_cmpint (ps_series_get_time (series, 47), ==, parse_time ("1997-09-02T17:13:32Z"));
  assert_value (series, 0, 0, -0.594);
  assert_value (series, 0, 1, -0.476);
  assert_value (series, 47, 2, -2.246);
  g_clear_pointer (&series, ps_series_unref);
  series = fetch (provider, "hapi/emu/ace-imf-all/imf_mag", T0902, T0902 + 24 * H, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 48);
  assert_value (series, 0, 0, 3.0796);
  g_clear_pointer (&series, ps_series_unref);

  /* server-nodejs TestData3.3 dataset3, a parameter name with a space */
  series = fetch (provider, "hapi/emu/dataset3/vector parameter", 0, 120 * S, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 60);
  g_assert_cmpint (ps_series_get_time (series, 59), ==, 59 * S);
  assert_value (series, 0, 0, 0);
  assert_value (series, 0, 1, -0.7071067811865475);
  assert_value (series, 0, 2, -1);
  assert_value (series, 1, 1, -0.7033947028105039);
}

/* start is inclusive and stop exclusive, to the nanosecond */
static void
test_range_bounds (void)
{
  g_autoptr(PsProvider) provider = provider_for ("v3");
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) log = NULL;

  reset_log ();
  series = fetch (provider, "hapi/emu/AC_H2_MFI/Magnitude", T0902 + H, T0902 + 3 * H, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 2);
  g_assert_cmpint (ps_series_get_time (series, 0), ==, T0902 + H);
  g_assert_cmpint (ps_series_get_time (series, 1), ==, T0902 + 2 * H);
  assert_value (series, 0, 0, 3.701);
  assert_value (series, 1, 0, 3.935);
  g_clear_pointer (&series, ps_series_unref);

  series = fetch (provider, "hapi/emu/AC_H2_MFI/Magnitude", T0902 + H + 1, T0902 + 3 * H + 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 2);
  g_assert_cmpint (ps_series_get_time (series, 0), ==, T0902 + 2 * H);
  g_assert_cmpint (ps_series_get_time (series, 1), ==, T0902 + 3 * H);

  log = take_log ();
  g_assert_cmpuint (count (log, "/data"), ==, 2);
  g_assert_cmpstr (request_query (nth (log, "/data", 0), "start"), ==, "1997-09-02T01:00:00Z");
  g_assert_cmpstr (request_query (nth (log, "/data", 0), "stop"), ==, "1997-09-02T03:00:00Z");
  g_assert_cmpstr (request_query (nth (log, "/data", 1), "start"), ==, "1997-09-02T01:00:00.000000001Z");
  g_assert_cmpstr (request_query (nth (log, "/data", 1), "stop"), ==, "1997-09-02T03:00:00.000000001Z");
}

static void
test_no_data (void)
{
  g_autoptr(PsProvider) provider = provider_for ("v3");
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) log = NULL;

  /* 1201: no record in the range; the metadata stays */
  reset_log ();
  series = fetch (provider, "hapi/emu/AC_H2_MFI/BGSEc", T0902 + 47 * H + H / 2, T0902 + 48 * H, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  g_assert_cmpstr (ps_series_get_units (series), ==, "nT");
  g_assert_cmpstr (ps_series_get_label (series, 2), ==, "BGSEc[2]");
  log = take_log ();
  g_assert_cmpuint (count (log, "/data"), ==, 1);
  g_clear_pointer (&series, ps_series_unref);
  g_clear_pointer (&log, cJSON_Delete);

  /* Entirely outside the coverage: empty, without asking */
  series = fetch (provider, "hapi/emu/AC_H2_MFI/BGSEc", T0902 + 72 * H, T0902 + 96 * H, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);
  g_assert_cmpstr (ps_series_get_units (series), ==, "nT");
  log = take_log ();
  g_assert_cmpuint (count (log, "/data"), ==, 0);
  g_clear_pointer (&series, ps_series_unref);
  g_clear_pointer (&log, cJSON_Delete);

  /* Partly outside: clipped to the coverage (the server would say 1405) */
  series = fetch (provider, "hapi/emu/AC_H2_MFI/Magnitude", T0902 - 24 * H, T0902 + 3 * H, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 3);
  assert_value (series, 0, 0, 2.658);
  log = take_log ();
  g_assert_cmpuint (count (log, "/data"), ==, 1);
  g_assert_cmpstr (request_query (nth (log, "/data", 0), "start"), ==, "1997-09-02T00:00:00Z");
  g_assert_cmpint (request_status (nth (log, "/data", 0)), ==, 200);
}

/* 1408: the range is halved until the server takes it */
static void
test_split (void)
{
  g_autoptr(PsProvider) provider = provider_for ("lim");
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) log = NULL;
  const cJSON *request;
  PsTime expected_start = T0902;
  guint refused = 0, served = 0;

  reset_log ();
  series = fetch (provider, "hapi/emu/AC_H2_MFI/Magnitude", T0902, T0902 + 48 * H, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 48);
  for (gsize i = 0; i < 48; i++)
    g_assert_cmpint (ps_series_get_time (series, i), ==, T0902 + (PsTime) i * H);
  assert_value (series, 0, 0, 2.658);
  assert_value (series, 23, 0, 7.879);
  assert_value (series, 24, 0, 8.618);
  assert_value (series, 47, 0, 14.743);

  /* 48 h (refused), 24 h (refused), 12 h, 12 h, 24 h (refused), 12 h, 12 h */
  log = take_log ();
  g_assert_cmpuint (count (log, "/data"), ==, 7);
  cJSON_ArrayForEach (request, log)
    {
      PsTime start, stop;

      if (!g_str_has_suffix (request_path (request), "/data"))
        continue;
      start = parse_time (request_query (request, "start"));
      stop = parse_time (request_query (request, "stop"));
      if (request_status (request) == 400)
        {
          g_assert_cmpint (stop - start, >=, 24 * H);
          refused++;
          continue;
        }
      g_assert_cmpint (request_status (request), ==, 200);
      g_assert_cmpint (start, ==, expected_start);
      g_assert_cmpint (stop - start, ==, 12 * H);
      expected_start = stop;
      served++;
    }
  g_assert_cmpuint (refused, ==, 3);
  g_assert_cmpuint (served, ==, 4);
  g_assert_cmpint (expected_start, ==, T0902 + 48 * H);
}

static void
test_errors (void)
{
  g_autoptr(PsProvider) provider = provider_for ("v3");
  g_autoptr(PsProvider) v2 = provider_for ("v2");
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) log = NULL;

  /* 1406, named by the server in its reason phrase */
  reset_log ();
  g_assert_null (fetch (provider, "hapi/emu/NO_SUCH/x", T0902, T0902 + H, NULL, &error));
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_UNKNOWN_DATASET);
  g_assert_nonnull (strstr (error->message, "“emu”"));
  g_assert_nonnull (strstr (error->message, "NO_SUCH"));
  g_assert_nonnull (strstr (error->message, "1406"));
  g_clear_error (&error);
  /* A failed info is not kept: asked again */
  g_assert_null (fetch (provider, "hapi/emu/NO_SUCH/x", T0902, T0902 + H, NULL, &error));
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_UNKNOWN_DATASET);
  g_clear_error (&error);
  log = take_log ();
  g_assert_cmpuint (count (log, "/info"), ==, 2);
  g_assert_cmpuint (count (log, "/capabilities"), ==, 1);
  g_clear_pointer (&log, cJSON_Delete);

  /* A server that does not put the status in the reason phrase: read
   * from the status document of the error's body, still naming the
   * server and the dataset */
  g_assert_null (fetch (v2, "hapi/emu/NO_SUCH/x", T0902, T0902 + H, NULL, &error));
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_UNKNOWN_DATASET);
  g_assert_nonnull (strstr (error->message, "“emu”"));
  g_assert_nonnull (strstr (error->message, "NO_SUCH"));
  g_assert_nonnull (strstr (error->message, "1406"));
  g_clear_error (&error);

  /* 1407: the info says so, no data request is made */
  reset_log ();
  g_assert_null (fetch (provider, "hapi/emu/AC_H2_MFI/Nope", T0902, T0902 + H, NULL, &error));
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_UNKNOWN_PARAMETER);
  g_assert_nonnull (strstr (error->message, "Nope"));
  g_assert_nonnull (strstr (error->message, "AC_H2_MFI"));
  g_clear_error (&error);
  /* The time is not a product */
  g_assert_null (fetch (provider, "hapi/emu/AC_H2_MFI/Time", T0902, T0902 + H, NULL, &error));
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_UNKNOWN_PARAMETER);
  g_clear_error (&error);
  log = take_log ();
  g_assert_cmpuint (count (log, "/data"), ==, 0);

  /* Not a product of this server */
  g_assert_null (fetch (provider, "hapi/emu/AC_H2_MFI", T0902, T0902 + H, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_versions (void)
{
  g_autoptr(PsProvider) provider = provider_for ("v3");
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) log = NULL;
  g_autofree char *version = NULL;
  g_autofree char *checked = NULL;

  /* The info's modificationDate, checked by asking for the info again */
  series = fetch (provider, "hapi/emu/AC_H2_MFI/Magnitude", T0902, T0902 + H, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "2021-06-01T00:00:00Z");
  reset_log ();
  checked = check_version (provider, "hapi/emu/AC_H2_MFI/Magnitude", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (checked, ==, "2021-06-01T00:00:00Z");
  log = take_log ();
  g_assert_cmpuint (cJSON_GetArraySize (log), ==, 1);
  g_assert_cmpuint (count (log, "/info"), ==, 1);
  g_clear_pointer (&log, cJSON_Delete);
  g_clear_pointer (&series, ps_series_unref);
  g_clear_pointer (&version, g_free);
  g_clear_pointer (&checked, g_free);

  /* Without one: the data response's ETag; nothing to check */
  series = fetch (provider, "hapi/emu/dataset1/vector", 0, 10 * S, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 10);
  g_assert_nonnull (version);
  g_assert_true (version[0] == '"');
  reset_log ();
  checked = check_version (provider, "hapi/emu/dataset1/vector", &error);
  g_assert_no_error (error);
  g_assert_null (checked);
  log = take_log ();
  g_assert_cmpuint (cJSON_GetArraySize (log), ==, 0);
}

static void
test_bins (void)
{
  static const double centers_early[10] = { 11, 13, 15, 17, 19, 21, 23, 25, 27, 29 };
  static const double centers_late[10] = { 1, 3, 5, 7, 9, 11, 13, 15, 17, 19 };
  static const double spectrum[10] = { 0, 1, 0.5, 0.3333333333333333, 0.25, 0.2, 0.16666666666666666,
                                       0.14285714285714285, 0.125, 0.1111111111111111 };
  const char *prefixes[] = { "v3", "js" };
  g_autoptr(GError) error = NULL;

  for (gsize p = 0; p < G_N_ELEMENTS (prefixes); p++)
    {
      g_autoptr(PsProvider) provider = provider_for (prefixes[p]);
      g_autoptr(PsSeries) series = NULL;
      g_autoptr(cJSON) log = NULL;
      const double *bins;

      /* Time-varying bins, asked for with the spectrum, in info order */
      reset_log ();
      series = fetch (provider, "hapi/emu/nd/time-varying bins/spectra_time_dependent_bins",
                      59 * S, 61 * S, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ps_series_get_n (series), ==, 2);
      g_assert_cmpuint (ps_series_get_m (series), ==, 10);
      g_assert_cmpint (ps_series_get_display_kind (series), ==, PS_DISPLAY_SPECTROGRAM);
      g_assert_cmpint (ps_series_get_bins_kind (series), ==, PS_BINS_VARYING);
      g_assert_cmpstr (ps_series_get_bins_units (series), ==, "Hz");
      bins = ps_series_get_bins (series);
      for (guint k = 0; k < 10; k++)
        {
          g_assert_cmpfloat (bins[k], ==, centers_early[k]);
          g_assert_cmpfloat (bins[10 + k], ==, centers_late[k]);
          assert_value (series, 1, k, spectrum[k]);
        }
      log = take_log ();
      g_assert_cmpstr (request_query (nth (log, "/data", 0), "parameters"), ==,
                       "spectra_time_dependent_bins,frequency_centers_time_varying,frequency_ranges_time_varying");
      g_clear_pointer (&series, ps_series_unref);

      /* A fill in the bins is no bin */
      series = fetch (provider, "hapi/emu/nd/time-varying bins/spectra_time_dependent_bins", 2 * S, 3 * S, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (isnan (ps_series_get_bins (series)[0]));
      g_assert_cmpfloat (ps_series_get_bins (series)[1], ==, 13);
      g_clear_pointer (&series, ps_series_unref);

      /* A two-dimensional parameter [10, 2], flattened row-major */
      series = fetch (provider, "hapi/emu/nd/time-varying bins/frequency_ranges_time_varying", 0, S, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ps_series_get_n (series), ==, 1);
      g_assert_cmpuint (ps_series_get_m (series), ==, 20);
      g_assert_cmpint (ps_series_get_display_kind (series), ==, PS_DISPLAY_MULTI);
      g_assert_cmpstr (ps_series_get_label (series, 3), ==, "frequency_ranges_time_varying[1,1]");
      assert_value (series, 0, 0, 10);
      assert_value (series, 0, 1, 12);
      assert_value (series, 0, 2, 12);
      assert_value (series, 0, 19, 30);
    }

  /* Constant bins (AMDA's EPAM electrons, binary) */
  {
    g_autoptr(PsProvider) provider = provider_for ("v3");
    g_autoptr(PsSeries) series = NULL;
    const double *bins;

    series = fetch (provider, "hapi/emu/ace-epam-de/ace_epam_de_e", parse_time ("1997-08-30T17:06:00Z"),
                    parse_time ("1997-09-03T17:01:00Z"), NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ps_series_get_n (series), ==, 1105);
    g_assert_cmpint (ps_series_get_bins_kind (series), ==, PS_BINS_CONSTANT);
    bins = ps_series_get_bins (series);
    g_assert_cmpfloat (bins[0], ==, 0.0455);
    g_assert_cmpfloat (bins[3], ==, 0.245);
    assert_value (series, 0, 0, 6576.2);
    assert_value (series, 0, 3, 55.765);
  }
}

/* --- the command line ----------------------------------------------------- */

static int
run_cli (const char  *server_spec,
         const char  *product,
         const char  *cache_dir,
         char       **out,
         char       **err)
{
  g_autofree char *spec = g_strdup_printf ("emu=%s/v3/hapi", server.base_url);
  const char *argv[] = { CLI_PATH, "get", product, "1997-09-02", "1997-09-04",
                         "--hapi-server", server_spec != NULL ? server_spec : spec,
                         cache_dir != NULL ? "--cache-dir" : "--no-cache", cache_dir, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return status;
}

/* The "done when": the CLI prints the series as CSV from the local
 * server, and a second call is served from the cache without a request. */
static void
test_cli_get (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = g_dir_make_tmp ("ps-hapi-cache-XXXXXX", &error);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *err = NULL;
  g_autofree char *command = NULL;
  g_autoptr(cJSON) log = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  g_assert_no_error (error);
  reset_log ();
  status = run_cli (NULL, "hapi/emu/AC_H2_MFI/Magnitude", cache_dir, &first, &err);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (first, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 48 + 1);
  g_assert_cmpstr (lines[0], ==, "time,Magnitude (nT)");
  g_assert_cmpstr (lines[1], ==, "1997-09-02T00:00:00.000000000Z,2.6579999999999999");
  g_assert_cmpstr (lines[48], ==, "1997-09-03T23:00:00.000000000Z,14.743");
  log = take_log ();
  g_assert_cmpuint (count (log, "/data"), >=, 1);
  g_clear_pointer (&log, cJSON_Delete);
  g_clear_pointer (&err, g_free);

  status = run_cli (NULL, "hapi/emu/AC_H2_MFI/Magnitude", cache_dir, &second, &err);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (second, ==, first);
  log = take_log ();
  g_assert_cmpuint (cJSON_GetArraySize (log), ==, 0);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&first, g_free);

  /* An unknown server: a usage error naming the known ones */
  status = run_cli (NULL, "hapi/nowhere/AC_H2_MFI/Magnitude", NULL, &first, &err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "nowhere"));
  g_assert_nonnull (strstr (err, "cdaweb"));
  g_assert_nonnull (strstr (err, "emu"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&first, g_free);

  /* A malformed --hapi-server */
  status = run_cli ("emu", "hapi/emu/AC_H2_MFI/Magnitude", NULL, &first, &err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "NAME=URL"));

  command = g_strdup_printf ("rm -rf '%s'", cache_dir);
  g_assert_cmpint (system (command), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = {
    "--hapi", "v3/hapi=" HAPI_DIR "/emulator-v3.json",
    "--hapi", "v2/hapi=" HAPI_DIR "/emulator-v2.json",
    "--hapi", "lim/hapi=" HAPI_DIR "/emulator-limited.json",
    "--hapi", "js/hapi=" HAPI_DIR "/emulator-json.json",
    NULL
  };
  int status;

  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_unsetenv (PS_HAPI_SERVERS_ENV);
  g_test_init (&argc, &argv, NULL);
  test_server_start (&server, args);

  g_test_add_func ("/Core/HapiProvider/product-paths", test_product_paths);
  g_test_add_func ("/Core/HapiProvider/servers", test_servers);
  g_test_add_func ("/Core/HapiProvider/durations", test_durations);
  g_test_add_func ("/Core/HapiProvider/inventory-depth-all", test_inventory_depth_all);
  g_test_add_func ("/Core/HapiProvider/inventory-catalog", test_inventory_catalog);
  g_test_add_func ("/Core/HapiProvider/formats", test_formats);
  g_test_add_func ("/Core/HapiProvider/recorded-values", test_recorded_values);
  g_test_add_func ("/Core/HapiProvider/range-bounds", test_range_bounds);
  g_test_add_func ("/Core/HapiProvider/no-data", test_no_data);
  g_test_add_func ("/Core/HapiProvider/split", test_split);
  g_test_add_func ("/Core/HapiProvider/errors", test_errors);
  g_test_add_func ("/Core/HapiProvider/versions", test_versions);
  g_test_add_func ("/Core/HapiProvider/bins", test_bins);
  g_test_add_func ("/Core/HapiProvider/cli-get", test_cli_get);
  status = g_test_run ();

  test_server_stop (&server);
  return status;
}
