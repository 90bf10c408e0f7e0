/* bench-inventory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reloading a saved inventory of 100,000 nodes (the goal: under 100 ms, so
 * the next launch shows the tree at once), next to the time to build the
 * same tree in memory from nothing (GObject allocations alone) and to read
 * the file's bytes. Also the save and the file size. Medians of RUNS.
 */

#define G_LOG_DOMAIN "bench-inventory"

#include "config.h"

#include <glib/gstdio.h>

#include "ps-inventory-store.h"
#include "bench-util.h"

#define RUNS 7

/* 20 groups × 250 datasets × 19 parameters = 100,000 nodes with the root,
 * groups and datasets: about CDAWeb's size once variables are listed. */
#define GROUPS     20
#define DATASETS   250
#define PARAMETERS 19

static PsInventoryNode *
make_tree (void)
{
  PsInventoryNode *root = ps_inventory_node_new (PS_INVENTORY_PROVIDER, "cda", "CDAWeb");

  for (guint g = 0; g < GROUPS; g++)
    {
      g_autofree char *gpath = g_strdup_printf ("cda/#group/G%u", g);
      g_autoptr(PsInventoryNode) group = ps_inventory_node_new (PS_INVENTORY_GROUP, gpath, NULL);

      ps_inventory_node_add_child (root, group);
      for (guint d = 0; d < DATASETS; d++)
        {
          g_autofree char *dpath = g_strdup_printf ("cda/MISSION%u_K%u_INSTRUMENT", g, d);
          g_autoptr(PsInventoryNode) dataset = ps_inventory_node_new (PS_INVENTORY_DATASET, dpath, NULL);
          PsTimeRange coverage = ps_time_range_make (0, (gint64) d * 86400000000000);

          ps_inventory_node_set_description (dataset, "Key parameters of an instrument of a mission, 1 min");
          ps_inventory_node_set_coverage (dataset, &coverage);
          ps_inventory_node_set_key (dataset, "pi_name", "A. Scientist");
          ps_inventory_node_add_child (group, dataset);
          for (guint p = 0; p < PARAMETERS; p++)
            {
              g_autofree char *ppath = g_strdup_printf ("%s/Parameter_%u", dpath, p);
              g_autoptr(PsInventoryNode) param = ps_inventory_node_new (PS_INVENTORY_PARAMETER, ppath, NULL);

              ps_inventory_node_set_description (param, "Magnetic field vector in GSE coordinates");
              ps_inventory_node_set_units (param, "nT");
              ps_inventory_node_add_child (dataset, param);
            }
        }
    }
  return root;
}

static const char *store_path;

static double
build_run (gpointer data)
{
  gint64 start = g_get_monotonic_time ();
  PsInventoryNode *root = make_tree ();
  double s = bench_elapsed_since (start);

  bench_sink += ps_inventory_node_count (root);
  g_object_unref (root);
  return s;
}

static double
load_run (gpointer data)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  PsInventoryNode *root = ps_inventory_store_load (store_path, &error);
  double s = bench_elapsed_since (start);

  if (root == NULL)
    g_error ("%s", error->message);
  bench_sink += ps_inventory_node_get_n_children (root);
  g_object_unref (root);
  return s;
}

static double
read_run (gpointer data)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_file_get_contents (store_path, &contents, &size, NULL);
  bench_sink += size;
  return bench_elapsed_since (start);
}

static double
save_run (gpointer data)
{
  gint64 start = g_get_monotonic_time ();

  if (!ps_inventory_store_save (data, store_path, NULL))
    g_error ("could not save");
  return bench_elapsed_since (start);
}

int
main (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ps-bench-inventory-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "inventory", NULL);
  g_autoptr(PsInventoryNode) root = make_tree ();
  g_autofree char *note = NULL;
  GStatBuf st;
  double load, build;

  store_path = path;
  note = g_strdup_printf ("%u nodes", ps_inventory_node_count (root));
  bench_row ("save", bench_median_seconds (save_run, root, RUNS) * 1e3, "ms", note);
  g_stat (path, &st);
  bench_row ("file-size", (double) st.st_size / 1e6, "MB", "our own format, mapped to load");
  load = bench_median_seconds (load_run, NULL, RUNS);
  bench_row ("reload", load * 1e3, "ms", "map the file, check it, make every node (goal < 100)");
  build = bench_median_seconds (build_run, NULL, RUNS);
  bench_row ("build-in-memory", build * 1e3, "ms", "reference: the same tree made from nothing");
  bench_row ("read-file", bench_median_seconds (read_run, NULL, RUNS) * 1e3, "ms",
             "reference: reading the file's bytes");
  bench_row ("reload-vs-build", load / build, "ratio", "");
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
