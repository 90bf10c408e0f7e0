/* test-cda-inventory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CDAWeb's inventory over real HTTP on 127.0.0.1 (tests/test-server.py),
 * laid out as CDAWeb lays it out: the REST service under /WS/cdasr/1, the
 * master CDFs under /pub/software/cdawlib/0MASTERS. Served: the recorded
 * answers of tests/data/providers/cdaweb/ (the dataset list for
 * APOLLO12_SWS_1HR, the variables of AC_H2_MFI, wrapped as the server
 * wraps them), and AC_H0_MFI's master standing for AC_H2_MFI's (same
 * variables; no AC_H2_MFI master was recorded). Nothing was recorded for
 * APOLLO12_SWS_1HR's variables nor its master: asking for them is a 404,
 * as for a dataset CDAS does not know.
 *
 * A dataset's variables, described by its master; the faults (no master,
 * a master that is not a CDF, no variable list, nothing); several
 * datasets listed a few at a time; and the inventory cache: built once,
 * then read from disk, rebuilt when old or damaged, served stale when the
 * provider fails, never asked offline, variables saved with the tree.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ps-cda-parse.h"
#include "ps-cda-provider.h"
#include "ps-cda-variables.h"
#include "ps-inventory-cache.h"
#include "ps-inventory-store.h"
#include "test-http.h"

#define DATA     TEST_DATA_DIR "/providers/cdaweb/"
#define MASTER   TEST_DATA_DIR "/cdf/cdfpp/ac_h0_mfi_00000000_v01.cdf"
#define CDAS     "/WS/cdasr/1"
#define MASTERS  "/pub/software/cdawlib/0MASTERS"
#define DATASETS_PATH "datasets.json"

static TestServer server;
static char *root;
static char *base_url;   /* the server's CDAS */

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

/* A recorded bare list, as the server sends it: {"ELEMENT": [...]} */
static void
serve_recorded (const char *name,
                const char *element,
                const char *relative)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strconcat (DATA, name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *wrapped = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  wrapped = g_strdup_printf ("{\"%s\": %s}", element, contents);
  write_file (relative, wrapped, -1);
}

static void
serve_master (const char *relative)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (MASTER, &contents, &length, &error);
  g_assert_no_error (error);
  write_file (relative, contents, (gssize) length);
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

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

/* The paths the server was asked for since the last call, in order */
static GPtrArray *
take_log (void)
{
  g_autofree char *url = g_strconcat (server.base_url, "/_log", NULL);
  g_autofree char *reset = g_strconcat (server.base_url, "/_reset", NULL);
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(PsFetchResult) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  Wait wait = { NULL };
  gsize size = 0;
  const char *data;

  ps_fetcher_get_async (fetcher, url, NULL, NULL, NULL, NULL, done_cb, &wait);
  log = ps_fetcher_get_finish (fetcher, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  data = g_bytes_get_data (ps_fetch_result_get_body (log), &size);
  body = g_strndup (data, size);
  for (const char *p = strstr (body, "\"path\": \""); p != NULL; p = strstr (p + 1, "\"path\": \""))
    {
      const char *start = p + strlen ("\"path\": \"");

      g_ptr_array_add (paths, g_strndup (start, strcspn (start, "\"")));
    }
  ps_fetcher_get_async (fetcher, reset, NULL, NULL, NULL, NULL, done_cb, &wait);
  g_clear_object (&wait.result);
  wait_for (&wait);
  g_clear_object (&wait.result);
  return paths;
}

static GPtrArray *
list_variables (PsCdaProvider  *provider,
                const char     *dataset,
                GError        **error)
{
  Wait wait = { NULL };
  GPtrArray *variables;

  ps_cda_provider_list_variables_async (provider, dataset, NULL, done_cb, &wait);
  variables = ps_cda_provider_list_variables_finish (provider, wait_for (&wait), error);
  g_object_unref (wait.result);
  return variables;
}

static const PsCdaVariable *
find_variable (GPtrArray  *variables,
               const char *name)
{
  for (guint i = 0; i < variables->len; i++)
    if (g_str_equal (((PsCdaVariable *) g_ptr_array_index (variables, i))->name, name))
      return g_ptr_array_index (variables, i);
  return NULL;
}

static void
test_urls (void)
{
  g_autoptr(PsCdaProvider) provider = ps_cda_provider_new (base_url, NULL);
  g_autoptr(PsCdaProvider) public = ps_cda_provider_new (PS_CDA_DEFAULT_URL, NULL);
  g_autofree char *variables = ps_cda_provider_variables_url (provider, "AC_H2_MFI");
  g_autofree char *master = ps_cda_provider_master_url (provider, "AC_H2_MFI");
  g_autofree char *real = ps_cda_provider_master_url (public, "MMS1_FPI_BRST_L2_DES-MOMS");
  g_autofree char *expected = g_strconcat (server.base_url, CDAS "/dataviews/sp_phys/datasets/AC_H2_MFI/variables", NULL);
  g_autofree char *expected_master = g_strconcat (server.base_url, MASTERS "/ac_h2_mfi_00000000_v01.cdf", NULL);

  g_assert_cmpstr (variables, ==, expected);
  g_assert_cmpstr (master, ==, expected_master);
  g_assert_cmpstr (real, ==, "https://cdaweb.gsfc.nasa.gov/pub/software/cdawlib/0MASTERS/"
                             "mms1_fpi_brst_l2_des-moms_00000000_v01.cdf");
}

static void
test_list_variables (void)
{
  g_autoptr(PsCdaProvider) provider = ps_cda_provider_new (base_url, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) variables = NULL;
  g_autoptr(GPtrArray) log = NULL;
  const PsCdaVariable *v;

  g_ptr_array_unref (take_log ());
  variables = list_variables (provider, "AC_H2_MFI", &error);
  g_assert_no_error (error);
  /* CDAS's five, each described by the master */
  g_assert_cmpuint (variables->len, ==, 5);
  v = find_variable (variables, "BGSEc");
  g_assert_cmpstr (v->long_description, ==, "Magnetic Field Vector in GSE Cartesian coordinates (1 hr)");
  g_assert_cmpstr (v->units, ==, "nT");
  g_assert_cmpint (v->display_kind, ==, PS_DISPLAY_VECTOR);
  g_assert_cmpstr (v->component_labels[1], ==, "By GSE");
  g_assert_cmpstr (find_variable (variables, "SC_pos_GSE")->units, ==, "km");
  g_assert_cmpint (find_variable (variables, "Magnitude")->display_kind, ==, PS_DISPLAY_LINE);

  /* Two requests, made together */
  log = take_log ();
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (log, CDAS "/dataviews/sp_phys/datasets/AC_H2_MFI/variables",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (log, MASTERS "/ac_h2_mfi_00000000_v01.cdf", g_str_equal, NULL));
}

/* A mirror of the REST service under another host (port), whose 0MASTERS
 * folder is @masters (none when NULL) */
static void
start_mirror (TestServer *mirror,
              const char *masters)
{
  g_autofree char *cdas = g_strdup_printf ("/WS=%s/WS", root);
  g_autofree char *pub = masters != NULL ? g_strdup_printf ("/pub=%s/%s", root, masters) : NULL;
  const char *args[] = { "--route", cdas, "--default-type", "application/json", "--route", pub, NULL };

  if (pub == NULL)
    args[4] = NULL;
  test_server_start (mirror, args);
}

static void
test_faults (void)
{
  g_autoptr(PsCdaProvider) provider = ps_cda_provider_new (base_url, NULL);
  g_autofree char *nolist_base = g_strconcat (server.base_url, "/nolist" CDAS, NULL);
  g_autoptr(PsCdaProvider) nolist = ps_cda_provider_new (nolist_base, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) variables = NULL;

  /* No master (404): the variables still, without units */
  {
    TestServer mirror;
    g_autofree char *mirror_base = NULL;
    g_autoptr(PsCdaProvider) mirrored = NULL;

    start_mirror (&mirror, NULL);
    mirror_base = g_strconcat (mirror.base_url, CDAS, NULL);
    mirrored = ps_cda_provider_new (mirror_base, NULL);
    variables = list_variables (mirrored, "AC_H2_MFI", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (variables->len, ==, 5);
    g_assert_null (find_variable (variables, "BGSEc")->units);
    g_assert_cmpstr (find_variable (variables, "BGSEc")->long_description, ==,
                     "Magnetic Field Vector in GSE Cartesian coordinates (1 hr)");
    g_clear_pointer (&variables, g_ptr_array_unref);
    g_clear_object (&mirrored);
    test_server_stop (&mirror);
  }

  /* A "master" that is not a CDF: the same */
  {
    TestServer mirror;
    g_autofree char *mirror_base = NULL;
    g_autoptr(PsCdaProvider) mirrored = NULL;

    write_file ("broken" MASTERS "/ac_h2_mfi_00000000_v01.cdf", "<html>Service unavailable</html>", -1);
    start_mirror (&mirror, "broken/pub");
    mirror_base = g_strconcat (mirror.base_url, CDAS, NULL);
    mirrored = ps_cda_provider_new (mirror_base, NULL);
    variables = list_variables (mirrored, "AC_H2_MFI", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (variables->len, ==, 5);
    g_assert_null (find_variable (variables, "SC_pos_GSM")->units);
    g_clear_pointer (&variables, g_ptr_array_unref);
    g_clear_object (&mirrored);
    test_server_stop (&mirror);
  }

  /* No list from CDAS (404), a master: the master's data variables */
  variables = list_variables (nolist, "AC_H2_MFI", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (variables->len, ==, 6);
  g_assert_cmpstr (find_variable (variables, "dBrms")->units, ==, "nT");
  g_clear_pointer (&variables, g_ptr_array_unref);

  /* Nothing (APOLLO12_SWS_1HR's were not recorded): CDAS's error, named */
  g_assert_null (list_variables (provider, "APOLLO12_SWS_1HR", &error));
  g_assert_error (error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "APOLLO12_SWS_1HR"));
  g_clear_error (&error);

  /* A list that is not one, and no master: a parse error */
  write_file ("nolist" CDAS "/dataviews/sp_phys/datasets/APOLLO12_SWS_1HR/variables", "{\"Other\": 3}", -1);
  g_assert_null (list_variables (nolist, "APOLLO12_SWS_1HR", &error));
  g_assert_error (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE);
  g_clear_error (&error);

  g_ptr_array_unref (take_log ());
}

static PsInventoryNode *
build (PsProvider  *provider,
       GError     **error)
{
  Wait wait = { NULL };
  PsInventoryNode *tree;

  ps_provider_build_inventory_async (provider, NULL, done_cb, &wait);
  tree = ps_provider_build_inventory_finish (provider, wait_for (&wait), error);
  g_object_unref (wait.result);
  return tree;
}

static guint
expand (PsCdaProvider  *provider,
        GPtrArray      *datasets,
        GPtrArray     **failures,
        GError        **error)
{
  Wait wait = { NULL };
  guint n;

  ps_cda_provider_expand_async (provider, datasets, NULL, done_cb, &wait);
  n = ps_cda_provider_expand_finish (provider, wait_for (&wait), failures, error);
  g_object_unref (wait.result);
  return n;
}

/* A few datasets at a time: with two connections per host, one dataset
 * (its two requests) at a time, each dataset's pair before the next. */
static void
test_expand (void)
{
  g_autoptr(PsFetcher) fetcher = g_object_new (PS_TYPE_FETCHER, "max-host-connections", 2, NULL);
  g_autoptr(PsCdaProvider) provider = ps_cda_provider_new (base_url, fetcher);
  g_autoptr(PsInventoryNode) tree = NULL;
  g_autoptr(PsInventoryNode) ac = ps_inventory_node_new (PS_INVENTORY_DATASET, "cda/AC_H2_MFI", NULL);
  g_autoptr(PsInventoryNode) bad = ps_inventory_node_new (PS_INVENTORY_DATASET, "cda/A/B", NULL);
  g_autoptr(GPtrArray) datasets = g_ptr_array_new ();
  g_autoptr(GPtrArray) failures = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  PsInventoryNode *apollo, *p;

  tree = build (PS_PROVIDER (provider), &error);
  g_assert_no_error (error);
  apollo = ps_inventory_node_lookup (tree, "cda/APOLLO12_SWS_1HR");
  g_assert_nonnull (apollo);
  g_assert_true (ps_inventory_node_get_expandable (apollo));
  /* The recorded list has no AC_H2_MFI: added by hand, where it goes */
  ps_inventory_node_set_expandable (ac, TRUE);
  ps_inventory_node_add_child (ps_inventory_node_get_parent (apollo), ac);
  g_ptr_array_unref (take_log ());

  g_ptr_array_add (datasets, apollo);
  g_ptr_array_add (datasets, ac);
  g_ptr_array_add (datasets, bad);
  g_assert_cmpuint (expand (provider, datasets, &failures, &error), ==, 1);
  g_assert_no_error (error);
  /* APOLLO12's variables were not recorded: it fails, stays expandable */
  g_assert_cmpuint (failures->len, ==, 2);
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (failures, 0))->message, "APOLLO12_SWS_1HR"));
  g_assert_error (((GError *) g_ptr_array_index (failures, 1)), G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_true (ps_inventory_node_get_expandable (apollo));
  g_assert_cmpuint (ps_inventory_node_get_n_children (apollo), ==, 0);
  g_assert_false (ps_inventory_node_get_expandable (ac));
  g_assert_cmpuint (ps_inventory_node_get_n_children (ac), ==, 5);
  p = ps_inventory_node_lookup (tree, "cda/AC_H2_MFI/BGSEc");
  g_assert_nonnull (p);
  g_assert_cmpstr (ps_inventory_node_get_units (p), ==, "nT");
  g_assert_cmpstr (ps_inventory_node_get_key (p, "labels"), ==, "Bx GSE\tBy GSE\tBz GSE");

  log = take_log ();
  g_assert_cmpuint (log->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *lower = g_ascii_strdown (g_ptr_array_index (log, i), -1);

      g_assert_nonnull (strstr (lower, i < 2 ? "apollo12_sws_1hr" : "ac_h2_mfi"));
    }
}

static void
test_expand_cancelled (void)
{
  g_autoptr(PsCdaProvider) provider = ps_cda_provider_new (base_url, NULL);
  g_autoptr(PsInventoryNode) ac = ps_inventory_node_new (PS_INVENTORY_DATASET, "cda/AC_H2_MFI", NULL);
  g_autoptr(GPtrArray) datasets = g_ptr_array_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  g_ptr_array_add (datasets, ac);
  ps_cda_provider_expand_async (provider, datasets, cancellable, done_cb, &wait);
  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (ps_cda_provider_expand_finish (provider, wait_for (&wait), NULL, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_object_unref (wait.result);
  g_assert_cmpuint (ps_inventory_node_get_n_children (ac), ==, 0);
  g_ptr_array_unref (take_log ());
}

typedef struct
{
  PsInventoryNode   *tree;
  PsInventoryOrigin  origin;
  gint64             built_at;
  GError            *build_error;
  GError            *error;
} Got;

static void
got_clear (Got *got)
{
  g_clear_object (&got->tree);
  g_clear_error (&got->build_error);
  g_clear_error (&got->error);
}

static void
cache_get (PsInventoryCache      *cache,
           PsProvider            *provider,
           PsInventoryCacheFlags  flags,
           Got                   *got)
{
  Wait wait = { NULL };

  got_clear (got);
  got->origin = -1;
  ps_inventory_cache_get_async (cache, provider, flags, NULL, done_cb, &wait);
  got->tree = ps_inventory_cache_get_finish (cache, wait_for (&wait), &got->origin, &got->built_at,
                                             &got->build_error, &got->error);
  g_object_unref (wait.result);
}

static void
remove_tree (const char *dir)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_cmpint (system (command), ==, 0);
}

static void
test_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ps-inventory-cache-XXXXXX", &error);
  g_autoptr(PsCdaProvider) provider = ps_cda_provider_new (base_url, NULL);
  g_autofree char *other_base = g_strconcat (server.base_url, "/mirror" CDAS, NULL);
  g_autoptr(PsCdaProvider) other = ps_cda_provider_new (other_base, NULL);
  g_autoptr(PsInventoryCache) cache = NULL;
  g_autofree char *path = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *expected_dir = NULL;
  g_autofree char *datasets_file = g_build_filename (root, DATASETS_PATH, NULL);
  g_autofree char *datasets_saved = g_build_filename (root, DATASETS_PATH ".saved", NULL);
  g_autoptr(GPtrArray) log = NULL;
  Got got = { NULL };
  gint64 first_built;

  g_assert_no_error (error);
  cache = ps_inventory_cache_new (dir);
  expected_dir = g_build_filename (dir, "inventory", NULL);
  g_assert_cmpstr (ps_inventory_cache_get_dir (cache), ==, expected_dir);
  path = ps_inventory_cache_get_path (cache, PS_PROVIDER (provider));
  other_path = ps_inventory_cache_get_path (cache, PS_PROVIDER (other));
  g_assert_true (g_str_has_prefix (path, expected_dir));
  g_assert_true (g_str_has_suffix (path, ".inventory"));
  g_assert_cmpstr (path, !=, other_path); /* another source, another file */
  g_ptr_array_unref (take_log ());

  /* First: built by the provider, saved */
  cache_get (cache, PS_PROVIDER (provider), PS_INVENTORY_CACHE_DEFAULT, &got);
  g_assert_no_error (got.error);
  g_assert_cmpint (got.origin, ==, PS_INVENTORY_ORIGIN_PROVIDER);
  g_assert_nonnull (ps_inventory_node_lookup (got.tree, "cda/APOLLO12_SWS_1HR"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (ABS (g_get_real_time () - got.built_at), <, 60 * G_USEC_PER_SEC);
  first_built = got.built_at;
  log = take_log ();
  g_assert_cmpuint (log->len, ==, 1);
  g_clear_pointer (&log, g_ptr_array_unref);

  /* Then: from disk, without a request */
  cache_get (cache, PS_PROVIDER (provider), PS_INVENTORY_CACHE_DEFAULT, &got);
  g_assert_cmpint (got.origin, ==, PS_INVENTORY_ORIGIN_CACHE);
  g_assert_cmpint (got.built_at, ==, first_built);
  g_assert_true (ps_inventory_node_get_expandable (ps_inventory_node_lookup (got.tree, "cda/APOLLO12_SWS_1HR")));
  log = take_log ();
  g_assert_cmpuint (log->len, ==, 0);
  g_clear_pointer (&log, g_ptr_array_unref);

  /* Asked to refresh, or too old: built again */
  cache_get (cache, PS_PROVIDER (provider), PS_INVENTORY_CACHE_REFRESH, &got);
  g_assert_cmpint (got.origin, ==, PS_INVENTORY_ORIGIN_PROVIDER);
  ps_inventory_cache_set_max_age (cache, 0);
  cache_get (cache, PS_PROVIDER (provider), PS_INVENTORY_CACHE_DEFAULT, &got);
  g_assert_cmpint (got.origin, ==, PS_INVENTORY_ORIGIN_PROVIDER);
  log = take_log ();
  g_assert_cmpuint (log->len, ==, 2);
  g_clear_pointer (&log, g_ptr_array_unref);

  /* The provider fails: the old tree, said stale, with the reason */
  g_assert_cmpint (g_rename (datasets_file, datasets_saved), ==, 0);
  cache_get (cache, PS_PROVIDER (provider), PS_INVENTORY_CACHE_DEFAULT, &got);
  g_assert_no_error (got.error);
  g_assert_cmpint (got.origin, ==, PS_INVENTORY_ORIGIN_STALE);
  g_assert_error (got.build_error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  g_assert_nonnull (ps_inventory_node_lookup (got.tree, "cda/APOLLO12_SWS_1HR"));
  /* …and nothing saved: an error */
  cache_get (cache, PS_PROVIDER (other), PS_INVENTORY_CACHE_DEFAULT, &got);
  g_assert_null (got.tree);
  g_assert_error (got.error, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP);
  g_assert_cmpint (g_rename (datasets_saved, datasets_file), ==, 0);
  g_ptr_array_unref (take_log ());

  /* Offline: the saved tree whatever its age, no request; none: an error */
  cache_get (cache, PS_PROVIDER (provider), PS_INVENTORY_CACHE_OFFLINE, &got);
  g_assert_cmpint (got.origin, ==, PS_INVENTORY_ORIGIN_STALE);
  g_assert_nonnull (got.tree);
  cache_get (cache, PS_PROVIDER (other), PS_INVENTORY_CACHE_OFFLINE, &got);
  g_assert_error (got.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  log = take_log ();
  g_assert_cmpuint (log->len, ==, 0);
  g_clear_pointer (&log, g_ptr_array_unref);

  /* Damaged on disk: built again */
  ps_inventory_cache_set_max_age (cache, PS_INVENTORY_CACHE_MAX_AGE);
  g_assert_cmpint (truncate (path, 100), ==, 0);
  cache_get (cache, PS_PROVIDER (provider), PS_INVENTORY_CACHE_DEFAULT, &got);
  g_assert_cmpint (got.origin, ==, PS_INVENTORY_ORIGIN_PROVIDER);
  first_built = got.built_at;
  g_ptr_array_unref (take_log ());

  /* Variables listed since: saved with the tree, its age kept */
  {
    g_autoptr(PsInventoryNode) ac = ps_inventory_node_new (PS_INVENTORY_DATASET, "cda/AC_H2_MFI", NULL);
    g_autoptr(GPtrArray) datasets = g_ptr_array_new ();
    g_autoptr(PsInventoryNode) back = NULL;
    gint64 built_at = 0;

    ps_inventory_node_add_child (got.tree, ac);
    g_ptr_array_add (datasets, ac);
    g_assert_cmpuint (expand (provider, datasets, NULL, &error), ==, 1);
    g_assert_true (ps_inventory_cache_save (cache, PS_PROVIDER (provider), got.tree, got.built_at, &error));
    g_assert_no_error (error);
    back = ps_inventory_cache_load (cache, PS_PROVIDER (provider), &built_at, &error);
    g_assert_no_error (error);
    g_assert_cmpint (built_at, ==, first_built);
    g_assert_cmpstr (ps_inventory_node_get_units (ps_inventory_node_lookup (back, "cda/AC_H2_MFI/SC_pos_GSE")), ==, "km");
    /* Another source's file is not this one's */
    g_assert_null (ps_inventory_cache_load (cache, PS_PROVIDER (other), NULL, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  }
  got_clear (&got);
  g_ptr_array_unref (take_log ());
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *routes = NULL;
  g_autofree char *routes_path = NULL;
  const char *args[] = { "--root", NULL, "--routes", NULL, "--default-type", "application/json", NULL };
  int status;

  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_unsetenv ("PLASMASCOPE_CDA_MASTERS_URL");
  g_unsetenv ("PLASMASCOPE_CDA_URL");
  g_test_init (&argc, &argv, NULL);

  root = g_dir_make_tmp ("ps-cda-inventory-XXXXXX", &error);
  g_assert_no_error (error);
  /* The dataset list is a file and a folder's name: an exact route */
  routes = g_strdup_printf ("[{\"path\": \"" CDAS "/dataviews/sp_phys/datasets\", \"file\": \"%s\","
                            " \"content_type\": \"application/json\"}]", DATASETS_PATH);
  write_file ("routes.json", routes, -1);
  serve_recorded ("APOLLO12_SWS_1HR_DATASETS.json", "DatasetDescription", DATASETS_PATH);
  serve_recorded ("AC_H2_MFI_VARIABLES.json", "VariableDescription",
                  CDAS "/dataviews/sp_phys/datasets/AC_H2_MFI/variables");
  serve_master (MASTERS "/ac_h2_mfi_00000000_v01.cdf");
  routes_path = g_build_filename (root, "routes.json", NULL);
  args[1] = root;
  args[3] = routes_path;
  test_server_start (&server, args);
  base_url = g_strconcat (server.base_url, CDAS, NULL);

  g_test_add_func ("/Core/CdaInventory/urls", test_urls);
  g_test_add_func ("/Core/CdaInventory/list-variables", test_list_variables);
  g_test_add_func ("/Core/CdaInventory/faults", test_faults);
  g_test_add_func ("/Core/CdaInventory/expand", test_expand);
  g_test_add_func ("/Core/CdaInventory/expand-cancelled", test_expand_cancelled);
  g_test_add_func ("/Core/CdaInventory/cache", test_cache);
  status = g_test_run ();

  test_server_stop (&server);
  remove_tree (root);
  g_free (root);
  g_free (base_url);
  return status;
}
