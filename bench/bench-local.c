/* bench-local.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scanning a folder of 1,000 CDF files into the Local inventory (metadata
 * only: every file recognised, opened, its data variables and their ISTP
 * attributes listed): files per second, for a first scan (a new provider)
 * and a rescan (nothing changed: every file stat'ed, none reopened). The
 * reference, in the same run: the least any scan must do, walking the
 * folder, stat'ing each file and reading its first 4 KiB. The files:
 * 500 copies each of two real CDFs of tests/data/cdf (ACE K2 MFI, 31 KB,
 * CDF 3 with compressed variables; Wind K0 MFI, 169 KB, CDF 2.5, 38
 * variables), in sub-folders of 100, as a mission archive is laid out.
 * Medians of RUNS, back to back, the files in the page cache.
 */

#define G_LOG_DOMAIN "bench-local"

#include "config.h"

#include <glib/gstdio.h>

#include "bench-util.h"
#include "ps-local-provider.h"

#define RUNS    5
#define N_FILES 1000
#define PER_DIR 100

static const char * const sources[] = {
  PS_SOURCE_DIR "/tests/data/cdf/speasy/ac_k2_mfi_20220101_v03.cdf",
  PS_SOURCE_DIR "/tests/data/cdf/pyistp/wi_k0_mfi_20220101_v01.cdf",
};

static char *
make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bench-local-XXXXXX", &error);
  g_autofree char *contents[2] = { NULL, NULL };
  gsize lengths[2];

  g_assert_no_error (error);
  for (guint s = 0; s < 2; s++)
    {
      g_file_get_contents (sources[s], &contents[s], &lengths[s], &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < N_FILES; i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s/%03u", dir, i / PER_DIR);
      g_autofree char *path = g_strdup_printf ("%s/file_%04u.cdf", sub, i);

      g_mkdir_with_parents (sub, 0700);
      g_file_set_contents (path, contents[i % 2], lengths[i % 2], &error);
      g_assert_no_error (error);
    }
  return dir;
}

static void
remove_folder (const char *dir)
{
  for (guint d = 0; d < N_FILES / PER_DIR; d++)
    {
      g_autofree char *sub = g_strdup_printf ("%s/%03u", dir, d);

      for (guint i = d * PER_DIR; i < (d + 1) * PER_DIR; i++)
        {
          g_autofree char *path = g_strdup_printf ("%s/file_%04u.cdf", sub, i);

          g_unlink (path);
        }
      g_rmdir (sub);
    }
  g_rmdir (dir);
}

/* The reference: walk, stat, read the head of every file */
static guint
walk (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      GStatBuf st;

      if (g_stat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        n += walk (path);
      else
        {
          char head[4096];
          FILE *f = fopen (path, "rb");

          if (f != NULL)
            {
              bench_sink += fread (head, 1, sizeof head, f);
              fclose (f);
              n++;
            }
        }
    }
  return n;
}

static double
run_walk (gpointer data)
{
  gint64 start = g_get_monotonic_time ();
  guint n = walk (data);

  g_assert_cmpuint (n, ==, N_FILES);
  return bench_elapsed_since (start);
}

static double
run_first_scan (gpointer data)
{
  const char *folders[] = { data, NULL };
  g_autoptr(PsLocalProvider) local = ps_local_provider_new (folders);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PsInventoryNode) root = NULL;
  guint n = 0;
  double s;

  root = ps_local_provider_scan (local, NULL, &n);
  s = bench_elapsed_since (start);
  g_assert_cmpuint (n, ==, N_FILES);
  bench_sink += ps_inventory_node_count (root);
  return s;
}

static double
run_rescan (gpointer data)
{
  PsLocalProvider *local = data;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PsInventoryNode) root = NULL;
  guint n = 0;
  double s;

  root = ps_local_provider_scan (local, NULL, &n);
  s = bench_elapsed_since (start);
  g_assert_cmpuint (n, ==, N_FILES);
  bench_sink += ps_inventory_node_count (root);
  return s;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = make_folder ();
  const char *folders[] = { dir, NULL };
  g_autoptr(PsLocalProvider) warm = ps_local_provider_new (folders);
  g_autoptr(PsInventoryNode) first = NULL;
  double walk_s, scan_s, rescan_s;
  g_autofree char *note = NULL;

  /* Once, so that every file is in the page cache */
  bench_sink += walk (dir);
  first = ps_local_provider_scan (warm, NULL, NULL);
  g_assert_cmpuint (ps_inventory_node_count (first), >, N_FILES);

  walk_s = bench_median_seconds (run_walk, dir, RUNS);
  scan_s = bench_median_seconds (run_first_scan, dir, RUNS);
  rescan_s = bench_median_seconds (run_rescan, warm, RUNS);

  bench_row ("local-walk-reference", N_FILES / walk_s, "files/s", "walk + stat + read 4 KiB per file");
  note = g_strdup_printf ("%.1f× the reference's time", scan_s / walk_s);
  bench_row ("local-scan-1000-cdf", N_FILES / scan_s, "files/s", note);
  g_free (note);
  note = g_strdup_printf ("%.1f× the reference's time", rescan_s / walk_s);
  bench_row ("local-rescan-unchanged", N_FILES / rescan_s, "files/s", note);

  remove_folder (dir);
  return 0;
}
