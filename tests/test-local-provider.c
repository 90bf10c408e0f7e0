/* test-local-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "local" and "samples" providers over real files: folders walked,
 * files recognised or skipped, unreadable ones said, changes seen, series
 * read and cut to a range, through ps_get_async() without the cache.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ps-cache.h"
#include "ps-get.h"
#include "ps-inventory-cache.h"
#include "ps-local-provider.h"
#include "ps-time.h"
#include "test-cache-util.h"

#define ACE_K2   TEST_DATA_DIR "/cdf/speasy/ac_k2_mfi_20220101_v03.cdf"
#define WIND_K0  TEST_DATA_DIR "/cdf/pyistp/wi_k0_mfi_20220101_v01.cdf"

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, length, &error);
  g_assert_no_error (error);
}

/* A folder: two CDFs (one in a sub-folder), a text note, a broken CDF,
 * an empty sub-folder and a link back to the top. */
static char *
make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("plasmascope-local-XXXXXX", &error);
  g_autofree char *sub = g_build_filename (dir, "wind", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty", NULL);
  g_autofree char *ace = g_build_filename (dir, "ace.cdf", NULL);
  g_autofree char *wind = g_build_filename (sub, "wi_k0.cdf", NULL);
  g_autofree char *note = g_build_filename (dir, "notes.md", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.cdf", NULL);
  g_autofree char *loop = g_build_filename (sub, "up", NULL);
  g_autofree char *hidden = g_build_filename (dir, ".hidden.cdf", NULL);
  static const guint8 truncated[] = { 0xCD, 0xF3, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0, 0, 0 };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  copy_file (ACE_K2, ace);
  copy_file (WIND_K0, wind);
  copy_file (ACE_K2, hidden);
  g_file_set_contents (note, "# what these files are\n", -1, &error);
  g_assert_no_error (error);
  /* Prose in a .txt: no table, and left out without a word */
  {
    g_autofree char *readme = g_build_filename (dir, "README.txt", NULL);

    g_file_set_contents (readme, "These files come from CDAWeb.\nSee its terms of use.\n", -1, &error);
    g_assert_no_error (error);
  }
  g_file_set_contents (broken, (const char *) truncated, sizeof truncated, &error);
  g_assert_no_error (error);
  g_assert_cmpint (symlink (dir, loop), ==, 0);
  return dir;
}

static void
test_scan (void)
{
  g_autofree char *dir = make_folder ();
  const char *folders[] = { dir, "/nonexistent/plasmascope", NULL };
  g_autoptr(PsLocalProvider) local = ps_local_provider_new (folders);
  g_autoptr(PsInventoryNode) root = NULL;
  g_autofree char *ace_path = g_build_filename (dir, "ace.cdf", NULL);
  g_autofree char *broken_path = g_build_filename (dir, "broken.cdf", NULL);
  g_autofree char *ace_b = g_strconcat ("local", ace_path, "/BGSEc", NULL);
  g_autofree char *wind_b = g_strconcat ("local", dir, "/wind/wi_k0.cdf/BGSEc", NULL);
  PsInventoryNode *top, *file, *leaf, *broken;
  guint n_files = 0;

  g_assert_cmpstr (ps_provider_get_prefix (PS_PROVIDER (local)), ==, "local");
  g_assert_true (ps_provider_is_local (PS_PROVIDER (local)));
  root = ps_local_provider_scan (local, NULL, &n_files);
  /* ace, broken, and wind/wi_k0: not the notes, not the hidden file */
  g_assert_cmpuint (n_files, ==, 3);
  g_assert_cmpint (ps_inventory_node_get_kind (root), ==, PS_INVENTORY_PROVIDER);
  g_assert_cmpuint (ps_inventory_node_get_n_children (root), ==, 2);

  top = ps_inventory_node_get_child (root, 0);
  g_assert_cmpstr (ps_inventory_node_get_key (top, "folder"), ==, dir);
  /* ace.cdf, broken.cdf, wind/ (sorted; the empty folder left out) */
  g_assert_cmpuint (ps_inventory_node_get_n_children (top), ==, 3);
  file = ps_inventory_node_get_child (top, 0);
  g_assert_cmpstr (ps_inventory_node_get_name (file), ==, "ace.cdf");
  g_assert_cmpint (ps_inventory_node_get_kind (file), ==, PS_INVENTORY_DATASET);
  g_assert_cmpstr (ps_inventory_node_get_key (file, "format"), ==, "CDF");
  g_assert_cmpuint (ps_inventory_node_get_n_children (file), ==, 2);
  leaf = ps_inventory_node_lookup (root, ace_b);
  g_assert_nonnull (leaf);
  g_assert_cmpint (ps_inventory_node_get_kind (leaf), ==, PS_INVENTORY_PARAMETER);
  g_assert_cmpstr (ps_inventory_node_get_units (leaf), ==, "nT");
  g_assert_cmpint (ps_inventory_node_get_display_kind (leaf), ==, PS_DISPLAY_VECTOR);
  g_assert_cmpstr (ps_inventory_node_get_description (leaf), ==, "Magnetic Field, Cartesian GSE coord");
  g_assert_cmpstr (ps_inventory_node_get_key (leaf, "records"), ==, "24");

  broken = ps_inventory_node_get_child (top, 1);
  g_assert_cmpstr (ps_inventory_node_get_name (broken), ==, "broken.cdf");
  g_assert_cmpstr (ps_inventory_node_get_key (broken, "file"), ==, broken_path);
  g_assert_cmpuint (ps_inventory_node_get_n_children (broken), ==, 0);
  g_assert_true (g_str_has_prefix (ps_inventory_node_get_description (broken), "Could not be read: "));

  g_assert_nonnull (ps_inventory_node_lookup (root, wind_b));
  /* The folder that does not exist is said so */
  g_assert_cmpstr (ps_inventory_node_get_key (ps_inventory_node_get_child (root, 1), "folder"), ==,
                   "/nonexistent/plasmascope");
  g_assert_nonnull (ps_inventory_node_get_description (ps_inventory_node_get_child (root, 1)));

  /* A file replaced by another is read again; a removed folder leaves */
  {
    g_autoptr(PsInventoryNode) again = NULL;
    const char *only[] = { dir, NULL };

    copy_file (WIND_K0, ace_path);
    ps_local_provider_set_folders (local, only);
    again = ps_local_provider_scan (local, NULL, &n_files);
    g_assert_cmpuint (n_files, ==, 3);
    g_assert_cmpuint (ps_inventory_node_get_n_children (again), ==, 1);
    file = ps_inventory_node_get_child (ps_inventory_node_get_child (again, 0), 0);
    g_assert_cmpuint (ps_inventory_node_get_n_children (file), ==, 9); /* Wind's variables now */
  }
  rm_rf (dir);
}

/* Every data file of the test CDFs: listed, readable or said to be unreadable;
 * a file named .cdf that is no CDF is said so, not left out */
static void
test_every_cdf (void)
{
  const char *folders[] = { TEST_DATA_DIR "/cdf", NULL };
  g_autoptr(PsLocalProvider) local = ps_local_provider_new (folders);
  g_autoptr(PsInventoryNode) root = ps_local_provider_scan (local, NULL, NULL);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  guint n_files = 0, n_unreadable = 0, n_products = 0;

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      PsInventoryNode *node = g_ptr_array_steal_index (stack, stack->len - 1);

      if (ps_inventory_node_get_kind (node) == PS_INVENTORY_DATASET)
        {
          n_files++;
          g_assert_nonnull (ps_inventory_node_get_description (node));
          if (ps_inventory_node_get_key (node, "format") == NULL)
            {
              n_unreadable++;
              g_assert_cmpstr (ps_inventory_node_get_name (node), ==, "not_a_cdf.cdf");
            }
          n_products += ps_inventory_node_get_n_children (node);
          continue;
        }
      for (guint i = 0; i < ps_inventory_node_get_n_children (node); i++)
        g_ptr_array_add (stack, ps_inventory_node_get_child (node, i));
    }
  /* 41 CDFs and cdfpp's table of times (CSV) */
  g_assert_cmpuint (n_files, ==, 42);
  g_assert_cmpuint (n_unreadable, ==, 1);
  g_assert_cmpuint (n_products, >, 200);
  g_test_message ("%u files, %u products", n_files, n_products);
}

static void
test_split (void)
{
  g_autofree char *dir = make_folder ();
  g_autoptr(PsLocalProvider) local = ps_local_provider_new (NULL);
  g_autofree char *product = g_strconcat ("local", dir, "/ace.cdf/Qbits/ByIMF", NULL);
  g_autofree char *in_folder = g_strconcat ("local", dir, "/wind/Bx", NULL);
  g_autofree char *file = NULL;
  g_autofree char *variable = NULL;
  g_autofree char *expected = g_build_filename (dir, "ace.cdf", NULL);
  g_autofree char *back = NULL;

  /* The file is the first part that is a file: variables may hold '/' */
  g_assert_true (ps_local_provider_split_product (local, product, &file, &variable));
  g_assert_cmpstr (file, ==, expected);
  g_assert_cmpstr (variable, ==, "Qbits/ByIMF");
  back = ps_local_provider_product_path (local, file, variable);
  g_assert_cmpstr (back, ==, product);

  g_assert_false (ps_local_provider_split_product (local, in_folder, NULL, NULL));
  g_assert_false (ps_local_provider_split_product (local, "samples/ace.cdf/B", NULL, NULL));
  g_assert_false (ps_local_provider_split_product (local, "local", NULL, NULL));
  g_assert_false (ps_local_provider_split_product (local, "local/", NULL, NULL));
  rm_rf (dir);
}

typedef struct
{
  GMainLoop *loop;
  PsSeries  *series;
  GError    *error;
} Wait;

static void
got_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  Wait *wait = data;

  wait->series = ps_get_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static PsSeries *
get (PsProvider  *provider,
     PsCache     *cache,
     const char  *product,
     const char  *start,
     const char  *stop,
     GError     **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, NULL, NULL };
  PsTimeRange range;
  PsGetOptions opts;

  g_assert_true (ps_time_parse_iso (start, &range.start, NULL));
  g_assert_true (ps_time_parse_iso (stop, &range.stop, NULL));
  ps_get_options_init (&opts);
  opts.offline = TRUE; /* files need no network */
  ps_get_full_async (provider, cache, product, &range, &opts, NULL, got_cb, &wait);
  g_main_loop_run (loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.series;
}

static void
test_get (void)
{
  g_autofree char *dir = make_folder ();
  const char *folders[] = { dir, NULL };
  g_autoptr(PsLocalProvider) local = ps_local_provider_new (folders);
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = g_dir_make_tmp ("plasmascope-local-cache-XXXXXX", &error);
  g_autoptr(PsCache) cache = ps_cache_open (cache_dir, &error);
  g_autofree char *ace_b = g_strconcat ("local", dir, "/ace.cdf/BGSEc", NULL);
  g_autofree char *missing = g_strconcat ("local", dir, "/ace.cdf/Nope", NULL);
  g_autofree char *broken = g_strconcat ("local", dir, "/broken.cdf/B", NULL);
  g_autofree char *gone = g_strconcat ("local", dir, "/gone.cdf/B", NULL);
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(PsSeries) again = NULL;
  g_autoptr(PsCacheStats) stats = NULL;
  g_autofree char *first = NULL;

  g_assert_no_error (error);
  /* Offline, without the cache: a local file is always there */
  series = get (PS_PROVIDER (local), cache, ace_b, "2022-01-01T02:00:00Z", "2022-01-01T05:00:00Z", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 3);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  first = ps_time_format_iso (ps_series_get_times (series)[0], 0);
  g_assert_cmpstr (first, ==, "2022-01-01T02:00:00Z");
  /* The whole file: first and last values as CDAWeb serves them */
  again = get (PS_PROVIDER (local), cache, ace_b, "2022-01-01", "2022-01-02", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (again), ==, 24);
  g_assert_cmpfloat_with_epsilon (ps_series_get_values (again)[0], -6.069, 1e-5);
  g_assert_cmpfloat_with_epsilon (ps_series_get_values (again)[23 * 3 + 2], -0.14, 1e-5);
  stats = ps_cache_get_stats (cache, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->n_fragments, ==, 0);
  g_clear_pointer (&again, ps_series_unref);

  /* Outside the file's time: empty, not an error */
  again = get (PS_PROVIDER (local), NULL, ace_b, "2023-01-01", "2023-01-02", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (again), ==, 0);

  g_assert_null (get (PS_PROVIDER (local), NULL, missing, "2022-01-01", "2022-01-02", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Nope"));
  g_clear_error (&error);
  g_assert_null (get (PS_PROVIDER (local), NULL, broken, "2022-01-01", "2022-01-02", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (get (PS_PROVIDER (local), NULL, gone, "2022-01-01", "2022-01-02", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&cache, ps_cache_close);
  rm_rf (cache_dir);
  rm_rf (dir);
}

/* The samples Plasmascope installs: real files, relative product paths */
static void
test_samples (void)
{
  g_autoptr(PsLocalProvider) samples = ps_local_provider_new_samples (SAMPLES_DIR);
  g_autoptr(PsInventoryNode) root = NULL;
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  PsInventoryNode *leaf;
  guint n_files = 0;

  g_assert_cmpstr (ps_provider_get_prefix (PS_PROVIDER (samples)), ==, "samples");
  root = ps_local_provider_scan (samples, NULL, &n_files);
  g_assert_cmpuint (n_files, ==, 5);
  leaf = ps_inventory_node_lookup (root, "samples/omni_hourly_1999-2001_spacepy.h5/Dst");
  g_assert_nonnull (leaf);
  /* The files are the provider's children: no folder level */
  g_assert_cmpint (ps_inventory_node_get_kind (ps_inventory_node_get_child (root, 0)), ==, PS_INVENTORY_DATASET);
  leaf = ps_inventory_node_lookup (root, "samples/wi_k0_mfi_20220101_v01.cdf/BGSEc");
  g_assert_nonnull (leaf);
  g_assert_cmpstr (ps_inventory_node_get_units (leaf), ==, "nT");
  leaf = ps_inventory_node_lookup (root, "samples/rbspa_rel04_ect-hope-PA-L3_20121201_v0.0.0.cdf/FPDU");
  g_assert_nonnull (leaf);
  g_assert_cmpint (ps_inventory_node_get_display_kind (leaf), ==, PS_DISPLAY_SPECTROGRAM);

  series = get (PS_PROVIDER (samples), NULL, "samples/mms1_fgm_brst_l2_20151016130524_v4.18.1.cdf/mms1_fgm_b_gse_brst_l2",
                "2015-10-16T13:06:00Z", "2015-10-16T13:06:01Z", &error);
  g_assert_no_error (error);
  /* Burst mode: 128 vectors (and |B|) a second */
  g_assert_cmpuint (ps_series_get_n (series), ==, 128);
  g_assert_cmpuint (ps_series_get_m (series), ==, 4);
}

/* Through the inventory cache: built each time, never saved */
static void
inventory_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Wait *wait = data;
  PsInventoryOrigin origin;
  PsInventoryNode *tree = ps_inventory_cache_get_finish (PS_INVENTORY_CACHE (source), result, &origin,
                                                         NULL, NULL, &wait->error);

  g_assert_nonnull (tree);
  g_assert_cmpint (origin, ==, PS_INVENTORY_ORIGIN_PROVIDER);
  g_object_unref (tree);
  g_main_loop_quit (wait->loop);
}

static void
test_inventory_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plasmascope-local-inv-XXXXXX", &error);
  g_autoptr(PsInventoryCache) cache = ps_inventory_cache_new (dir);
  g_autoptr(PsLocalProvider) samples = ps_local_provider_new_samples (SAMPLES_DIR);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, NULL, NULL };
  g_autoptr(GDir) listing = NULL;

  for (int i = 0; i < 2; i++)
    {
      /* Offline too: this computer's files need no network */
      ps_inventory_cache_get_async (cache, PS_PROVIDER (samples), i == 0 ? PS_INVENTORY_CACHE_DEFAULT
                                                                         : PS_INVENTORY_CACHE_OFFLINE,
                                    NULL, inventory_cb, &wait);
      g_main_loop_run (loop);
      g_assert_no_error (wait.error);
    }
  listing = g_dir_open (dir, 0, NULL);
  g_assert_null (listing != NULL ? g_dir_read_name (listing) : NULL);
  rm_rf (dir);
}

static char *
run_cli (const char * const *argv,
         int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) env = g_get_environ ();
  char *out = NULL;

  env = g_environ_setenv (env, "PLASMASCOPE_SAMPLES_DIR", SAMPLES_DIR, TRUE);
  env = g_environ_unsetenv (env, "PLASMASCOPE_LOCAL_FOLDERS");
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("stderr: %s", err);
  return out;
}

/* plasmascope-cli inventory --provider local|samples, and get */
static void
test_cli (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *product = g_strconcat ("local", dir, "/ace.cdf/Magnitude", NULL);
  const char *inventory[] = { CLI_PATH, "inventory", "--provider", "local", "--folder", dir, NULL };
  const char *samples[] = { CLI_PATH, "inventory", "-p", "samples", "--search", "magnetic cartesian gse", NULL };
  const char *get_argv[] = { CLI_PATH, "get", product, "2022-01-01T22:00:00", "2022-01-02", "--no-cache", NULL };
  g_autofree char *out = NULL;
  int status = 0;

  out = run_cli (inventory, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "Local files"));
  g_assert_nonnull (strstr (out, "ace.cdf"));
  g_assert_nonnull (strstr (out, "BGSEc [nT]: Magnetic Field, Cartesian GSE coord"));
  g_assert_nonnull (strstr (out, "wi_k0.cdf"));
  g_assert_nonnull (strstr (out, "broken.cdf: Could not be read: "));
  g_clear_pointer (&out, g_free);

  out = run_cli (samples, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "samples/wi_k0_mfi_20220101_v01.cdf/BGSEc\tnT"));
  g_assert_nonnull (strstr (out, "samples/ac_k2_mfi_20220101_v03.cdf/BGSEc\tnT"));
  g_assert_null (strstr (out, "PGSE"));
  g_clear_pointer (&out, g_free);

  out = run_cli (get_argv, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "time,<|B|> (nT)\n"
                            "2022-01-01T22:00:00.000000000Z,6.6680002212524414\n"
                            "2022-01-01T23:00:00.000000000Z,6.9809999465942383\n");
  rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/LocalProvider/scan", test_scan);
  g_test_add_func ("/Core/LocalProvider/every-cdf", test_every_cdf);
  g_test_add_func ("/Core/LocalProvider/split", test_split);
  g_test_add_func ("/Core/LocalProvider/get", test_get);
  g_test_add_func ("/Core/LocalProvider/samples", test_samples);
  g_test_add_func ("/Core/LocalProvider/inventory-cache", test_inventory_cache);
  g_test_add_func ("/Core/LocalProvider/cli", test_cli);
  return g_test_run ();
}
