/* test-cli-inventory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `plasmascope-cli inventory` against tests/test-server.py on 127.0.0.1,
 * laid out as CDAWeb: the REST service under /WS/cdasr/1, whose dataset
 * list is the recorded APOLLO12_SWS_1HR description and AC_H0_MFI's,
 * derived from its master CDF (tests/data/providers/cdaweb/README.md), and
 * the master CDFs under /pub/software/cdawlib/0MASTERS (AC_H0_MFI's only).
 * Neither dataset's variables were recorded: APOLLO12_SWS_1HR's cannot be
 * listed, AC_H0_MFI's come from its master.
 *
 * A HAPI server too: the emulated HAPI 3.3 server of test-hapi-provider.c
 * (tests/hapi_emulator.py, recorded responses of
 * tests/data/providers/hapi/), as "emu".
 *
 * The tree, printed, then read from the inventory cache; a search, which
 * lists the variables of the datasets it may match and saves them; offline
 * and refreshed runs; two providers in one search; unknown providers and a
 * provider that fails.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "test-http.h"

#define DATA    TEST_DATA_DIR "/providers/cdaweb/"
#define MASTER  TEST_DATA_DIR "/cdf/cdfpp/ac_h0_mfi_00000000_v01.cdf"
#define CDAS    "/WS/cdasr/1"
#define MASTERS "/pub/software/cdawlib/0MASTERS"
#define HAPI    TEST_DATA_DIR "/providers/hapi"

static TestServer server;
static char *root;

static const char tree_before[] =
  "CDAWeb\n"
  "  Apollo\n"
  "    ALSEP\n"
  "      SWS\n"
  "        APOLLO12_SWS_1HR: Apollo 12 Solar Wind measurements at the lunar surface - Conway W. Snyder"
  " (Jet Propulsion Laboratory ) (variables not listed yet)\n"
  "  ACE\n"
  "    AC\n"
  "      MAG\n"
  "        AC_H0_MFI: H0 - ACE Magnetic Field 16-Second Level 2 Data (variables not listed yet)\n";

static const char tree_after[] =
  "CDAWeb\n"
  "  Apollo\n"
  "    ALSEP\n"
  "      SWS\n"
  "        APOLLO12_SWS_1HR: Apollo 12 Solar Wind measurements at the lunar surface - Conway W. Snyder"
  " (Jet Propulsion Laboratory ) (variables not listed yet)\n"
  "  ACE\n"
  "    AC\n"
  "      MAG\n"
  "        AC_H0_MFI: H0 - ACE Magnetic Field 16-Second Level 2 Data\n"
  "          Magnitude [nT]: B-field magnitude\n"
  "          BGSEc [nT]: Magnetic Field Vector in GSE Cartesian coordinates (16 sec)\n"
  "          BGSM [nT]: Magnetic field vector in GSM coordinates (16 sec)\n"
  "          dBrms [nT]: RMS of Magnetic Field (16 sec period)\n"
  "          SC_pos_GSE [km]: ACE s/c position, 3 comp. in GSE coord.\n"
  "          SC_pos_GSM [km]: ACE s/c position, 3 comp. in GSM coord.\n";

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

/* How many requests the server saw since the last call */
static guint
count_requests (void)
{
  g_autofree char *log = g_strconcat (server.base_url, "/_log", NULL);
  g_autofree char *reset = g_strconcat (server.base_url, "/_reset", NULL);
  const char *argv[] = { "python3", "-c",
                         "import json, sys, urllib.request as u\n"
                         "print(len(json.load(u.urlopen(sys.argv[1]))['requests']))\n"
                         "u.urlopen(sys.argv[2]).read()\n",
                         log, reset, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return (guint) g_ascii_strtoull (out, NULL, 10);
}

typedef struct
{
  char *out;
  char *err;
  int   status;   /* the exit status */
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

/* plasmascope-cli inventory ARGS… --cache-dir CACHE --base-url cda=… */
static void
run (Result      *r,
     const char  *cache,
     const char  *masters_url,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int wait_status = 0;
  va_list ap;

  result_clear (r);
  g_ptr_array_add (argv, g_strdup (CLI_PATH));
  g_ptr_array_add (argv, g_strdup ("inventory"));
  va_start (ap, masters_url);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, g_strdup ("--cache-dir"));
  g_ptr_array_add (argv, g_strdup (cache));
  g_ptr_array_add (argv, g_strdup_printf ("--base-url=cda=%s" CDAS, server.base_url));
  g_ptr_array_add (argv, NULL);

  env = g_environ_unsetenv (env, "PLASMASCOPE_CACHE_DIR");
  env = g_environ_unsetenv (env, "PLASMASCOPE_CDA_URL");
  env = g_environ_unsetenv (env, "PLASMASCOPE_SSC_URL");
  env = g_environ_unsetenv (env, "PLASMASCOPE_HAPI_SERVERS");
  env = g_environ_unsetenv (env, "PLASMASCOPE_CDA_MASTERS_URL");
  env = g_environ_unsetenv (env, "http_proxy");
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  if (masters_url != NULL)
    env = g_environ_setenv (env, "PLASMASCOPE_CDA_MASTERS_URL", masters_url, TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &r->out, &r->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r->status = WEXITSTATUS (wait_status);
}

static char *
new_cache (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ps-cli-inventory-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_cmpint (system (command), ==, 0);
}

static void
test_tree (void)
{
  g_autofree char *cache = new_cache ();
  Result r = { NULL };

  count_requests ();
  run (&r, cache, NULL, "--provider", "cda", NULL);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, tree_before);
  g_assert_cmpuint (count_requests (), ==, 1); /* the dataset list */

  /* Again: from the inventory cache, without a request */
  run (&r, cache, NULL, "--provider", "cda", NULL);
  g_assert_cmpstr (r.out, ==, tree_before);
  g_assert_cmpuint (count_requests (), ==, 0);

  /* Refreshed: asked again */
  run (&r, cache, NULL, "--refresh", "--provider", "CDAWeb", NULL);
  g_assert_cmpstr (r.out, ==, tree_before);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_requests (), ==, 1);
  result_clear (&r);
  remove_tree (cache);
}

static void
test_search (void)
{
  g_autofree char *cache = new_cache ();
  Result r = { NULL };

  count_requests ();
  /* AC_H0_MFI may match (its path): its variables are listed (CDAS has
   * none for it, its master has six), those with "gse" printed */
  run (&r, cache, NULL, "--provider", "cda", "--search", "AC_H0_MFI  GSE", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpstr (r.out, ==,
                   "cda/AC_H0_MFI/BGSEc\tnT\t\tMagnetic Field Vector in GSE Cartesian coordinates (16 sec)\n"
                   "cda/AC_H0_MFI/SC_pos_GSE\tkm\t\tACE s/c position, 3 comp. in GSE coord.\n");
  g_assert_cmpuint (count_requests (), ==, 3); /* the list, the variables (404), the master */

  /* Saved with the tree: found offline, the dataset's description searched too */
  run (&r, cache, NULL, "--offline", "-p", "cda", "--search", "ace MAGNETIC 16-second", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpstr (r.out, ==,
                   "cda/AC_H0_MFI/Magnitude\tnT\t\tB-field magnitude\n"
                   "cda/AC_H0_MFI/BGSEc\tnT\t\tMagnetic Field Vector in GSE Cartesian coordinates (16 sec)\n"
                   "cda/AC_H0_MFI/BGSM\tnT\t\tMagnetic field vector in GSM coordinates (16 sec)\n"
                   "cda/AC_H0_MFI/dBrms\tnT\t\tRMS of Magnetic Field (16 sec period)\n"
                   "cda/AC_H0_MFI/SC_pos_GSE\tkm\t\tACE s/c position, 3 comp. in GSE coord.\n"
                   "cda/AC_H0_MFI/SC_pos_GSM\tkm\t\tACE s/c position, 3 comp. in GSM coord.\n");
  run (&r, cache, NULL, "--offline", "-p", "cda", "--search", "rms", NULL);
  g_assert_cmpstr (r.out, ==, "cda/AC_H0_MFI/dBrms\tnT\t\tRMS of Magnetic Field (16 sec period)\n");
  run (&r, cache, NULL, "--offline", "-p", "cda", NULL);
  g_assert_cmpstr (r.out, ==, tree_after);
  g_assert_cmpuint (count_requests (), ==, 0);

  /* APOLLO12_SWS_1HR may match: its variables cannot be listed, said */
  run (&r, cache, NULL, "-p", "cda", "--search", "apollo", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "APOLLO12_SWS_1HR"));
  g_assert_nonnull (strstr (r.err, "404"));
  g_assert_cmpuint (count_requests (), ==, 2);

  /* Nothing matches: nothing asked, nothing printed */
  run (&r, cache, NULL, "-p", "cda", "--search", "nothing-like-this", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpuint (count_requests (), ==, 0);
  result_clear (&r);
  remove_tree (cache);
}

/* No master (PLASMASCOPE_CDA_MASTERS_URL to an empty folder), no
 * variables: the dataset stays unlisted, the reason said */
static void
test_no_master (void)
{
  g_autofree char *cache = new_cache ();
  g_autofree char *masters = g_strconcat (server.base_url, "/no-masters", NULL);
  Result r = { NULL };

  run (&r, cache, masters, "-p", "cda", "--search", "AC_H0_MFI", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "AC_H0_MFI"));
  run (&r, cache, NULL, "--offline", "-p", "cda", NULL);
  g_assert_cmpstr (r.out, ==, tree_before);
  count_requests ();
  result_clear (&r);
  remove_tree (cache);
}

/* A HAPI server's products, and two providers in one search, in the
 * registry's order */
static void
test_hapi (void)
{
  g_autofree char *cache = new_cache ();
  g_autofree char *emu = g_strdup_printf ("--hapi-server=emu=%s/v3/hapi", server.base_url);
  Result r = { NULL };

  run (&r, cache, NULL, "-p", "hapi/emu", emu, "--search", "gse", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpstr (r.out, ==,
                   "hapi/emu/AC_H2_MFI/BGSEc\tnT\t1997-09-02T00:00:00Z/1997-09-04T00:00:00Z\t"
                   "Magnetic Field Vector in GSE Cartesian coordinates (1 hr)\n"
                   "hapi/emu/AC_H2_MFI/SC_pos_GSE\tkm\t1997-09-02T00:00:00Z/1997-09-04T00:00:00Z\t"
                   "ACE s/c position, 3 comp. in GSE coord.\n"
                   "hapi/emu/ace-imf-all/imf\tnT\t1997-09-02T00:00:12Z/2026-02-26T23:59:55Z\t"
                   "Magnetic field vector in GSE Cartesian coordinates (16 sec)\n");
  count_requests ();

  /* Saved: offline, with CDAWeb's (listed by the search) first */
  run (&r, cache, NULL, "-p", "cda", "-p", "emu", emu, "--search", "AC_H0_MFI", NULL);
  g_assert_cmpint (r.status, ==, 0);
  run (&r, cache, NULL, "--offline", "-p", "cda", "-p", "emu", emu, "--search", "gse coord", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpstr (r.out, ==,
                   "cda/AC_H0_MFI/BGSEc\tnT\t\tMagnetic Field Vector in GSE Cartesian coordinates (16 sec)\n"
                   "cda/AC_H0_MFI/SC_pos_GSE\tkm\t\tACE s/c position, 3 comp. in GSE coord.\n"
                   "hapi/emu/AC_H2_MFI/BGSEc\tnT\t1997-09-02T00:00:00Z/1997-09-04T00:00:00Z\t"
                   "Magnetic Field Vector in GSE Cartesian coordinates (1 hr)\n"
                   "hapi/emu/AC_H2_MFI/SC_pos_GSE\tkm\t1997-09-02T00:00:00Z/1997-09-04T00:00:00Z\t"
                   "ACE s/c position, 3 comp. in GSE coord.\n"
                   "hapi/emu/ace-imf-all/imf\tnT\t1997-09-02T00:00:12Z/2026-02-26T23:59:55Z\t"
                   "Magnetic field vector in GSE Cartesian coordinates (16 sec)\n");
  count_requests ();
  result_clear (&r);
  remove_tree (cache);
}

static void
test_errors (void)
{
  g_autofree char *cache = new_cache ();
  g_autofree char *nowhere = g_strdup_printf ("--base-url=cda=%s/nowhere", server.base_url);
  Result r = { NULL };

  run (&r, cache, NULL, "--provider", "nope", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "nope"));
  g_assert_nonnull (strstr (r.err, "cda"));

  run (&r, cache, NULL, "-p", "cda", "--search", " \t ", NULL);
  g_assert_cmpint (r.status, ==, 1);
  run (&r, cache, NULL, "-p", "cda", "--refresh", "--offline", NULL);
  g_assert_cmpint (r.status, ==, 1);
  run (&r, cache, NULL, "-p", "cda", "extra", NULL);
  g_assert_cmpint (r.status, ==, 1);

  /* Offline without a saved inventory */
  run (&r, cache, NULL, "--offline", "--provider", "cda", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "CDAWeb"));

  /* The provider fails, nothing saved: status 2, the reason said (this
   * --base-url comes first: it wins) */
  run (&r, cache, NULL, "--provider", "cda", nowhere, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "404"));
  count_requests ();
  result_clear (&r);
  remove_tree (cache);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *apollo = NULL;
  g_autofree char *ace = NULL;
  g_autofree char *list = NULL;
  g_autofree char *master = NULL;
  g_autofree char *routes = NULL;
  g_autofree char *routes_path = NULL;
  const char *args[] = { "--root", NULL, "--routes", NULL, "--default-type", "application/json",
                         "--hapi", "v3/hapi=" HAPI "/emulator-v3.json", NULL };
  gsize length = 0;
  int status;

  g_test_init (&argc, &argv, NULL);

  root = g_dir_make_tmp ("ps-cli-inventory-root-XXXXXX", &error);
  g_assert_no_error (error);
  /* Both lists as one, as the server sends it */
  apollo = g_strstrip (read_data (DATA "APOLLO12_SWS_1HR_DATASETS.json", NULL));
  ace = g_strstrip (read_data (DATA "AC_H0_MFI_DATASET.derived.json", NULL));
  g_assert_true (g_str_has_suffix (apollo, "]") && g_str_has_prefix (ace, "["));
  apollo[strlen (apollo) - 1] = '\0';
  list = g_strdup_printf ("{\"DatasetDescription\": %s, %s}", apollo, ace + 1);
  write_file ("datasets.json", list, -1);
  routes = g_strdup ("[{\"path\": \"" CDAS "/dataviews/sp_phys/datasets\", \"file\": \"datasets.json\","
                     " \"content_type\": \"application/json\"}]");
  write_file ("routes.json", routes, -1);
  master = read_data (MASTER, &length);
  write_file (MASTERS "/ac_h0_mfi_00000000_v01.cdf", master, (gssize) length);

  routes_path = g_build_filename (root, "routes.json", NULL);
  args[1] = root;
  args[3] = routes_path;
  test_server_start (&server, args);

  g_test_add_func ("/Cli/Inventory/tree", test_tree);
  g_test_add_func ("/Cli/Inventory/search", test_search);
  g_test_add_func ("/Cli/Inventory/no-master", test_no_master);
  g_test_add_func ("/Cli/Inventory/hapi", test_hapi);
  g_test_add_func ("/Cli/Inventory/errors", test_errors);
  status = g_test_run ();

  test_server_stop (&server);
  remove_tree (root);
  g_free (root);
  return status;
}
