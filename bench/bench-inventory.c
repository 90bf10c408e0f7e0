/* bench-inventory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reloading a saved inventory of 100,000 nodes (the goal: under 100 ms, so
 * the next launch shows the tree at once): the reload proper (map the file,
 * check all of it, make the root and the first level, what a window shows),
 * and the worst case after it, every node made and read (a search over the
 * whole tree). References in the same run: the same tree built in memory
 * from nothing (GObject allocations alone) and reading the file's bytes.
 * Also the save, the file size, and building CDAWeb's tree from a dataset
 * list of CDAWeb's size (3,000 copies of the recorded APOLLO12_SWS_1HR
 * description of tests/data/providers/cdaweb/, with their own ids,
 * observatories and instruments), and making AMDA's tree from its recorded
 * observation-data tree (tests/data/providers/amda/obsdatatree.xml, 1.8 MB;
 * the goal: under 50 ms), with a plain GMarkup pass over the same bytes
 * (empty callbacks) as its reference. Medians of RUNS.
 */

#define G_LOG_DOMAIN "bench-inventory"

#include "config.h"

#include <glib/gstdio.h>

#include "ps-amda-parse.h"
#include "ps-cda-parse.h"
#include "ps-inventory-store.h"
#include "bench-util.h"

#define RUNS 7

/* 20 groups × 250 datasets × 19 parameters = 100,000 nodes with the root,
 * groups and datasets: about CDAWeb's size once variables are listed. */
#define GROUPS     20
#define DATASETS   250
#define PARAMETERS 19

#define CDA_DATASETS 3000

#define AMDA_TREE PS_SOURCE_DIR "/tests/data/providers/amda/obsdatatree.xml"

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

/* What the inventory panel shows first: the providers' children */
static double
load_run (gpointer data)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  PsInventoryNode *root = ps_inventory_store_load (store_path, &error);
  double s;

  if (root == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < ps_inventory_node_get_n_children (root); i++)
    bench_sink += ps_inventory_node_get_n_children (ps_inventory_node_get_child (root, i));
  s = bench_elapsed_since (start);
  g_object_unref (root);
  return s;
}

static guint
walk (PsInventoryNode *node)
{
  guint n = 1;

  bench_sink += (guintptr) ps_inventory_node_get_path (node) + (guintptr) ps_inventory_node_get_name (node)
                + (guintptr) ps_inventory_node_get_description (node) + (guintptr) ps_inventory_node_get_units (node)
                + (guintptr) ps_inventory_node_get_key (node, "pi_name");
  for (guint i = 0; i < ps_inventory_node_get_n_children (node); i++)
    n += walk (ps_inventory_node_get_child (node, i));
  return n;
}

static double
load_walk_run (gpointer data)
{
  gint64 start = g_get_monotonic_time ();
  PsInventoryNode *root = ps_inventory_store_load (store_path, NULL);
  double s;

  if (walk (root) != GROUPS * DATASETS * (PARAMETERS + 1) + GROUPS + 1)
    g_error ("the reloaded tree is not whole");
  s = bench_elapsed_since (start);
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

/* The recorded answer of CDAS for one dataset (cdasws' unit test), with
 * %u for the dataset's number. */
static const char dataset_json[] =
  "{\"Id\": \"APOLLO12_SWS_1HR_%u\", \"Doi\": \"10.48322/vars-pj10\","
  " \"SpaseResourceId\": \"spase://NASA/NumericalData/Apollo12-LM/SWS/PT1HR\","
  " \"Observatory\": [\"ALSEP%u\"], \"Instrument\": [\"SWS%u\"], \"ObservatoryGroup\": [\"Apollo%u\"],"
  " \"InstrumentType\": [\"Particles (space)\", \"Plasma and Solar Wind\"],"
  " \"Label\": \"Apollo 12 Solar Wind measurements at the lunar surface - Conway W. Snyder (Jet Propulsion Laboratory )\","
  " \"TimeInterval\": {\"Start\": \"1969-11-19T19:30:00.000Z\", \"End\": \"1976-03-25T08:30:00.000Z\"},"
  " \"PiName\": \"Conway W. Snyder\", \"PiAffiliation\": \"Jet Propulsion Laboratory \","
  " \"Notes\": \"https://cdaweb.gsfc.nasa.gov/misc/NotesA.html#APOLLO12_SWS_1HR\","
  " \"DatasetLink\": [{\"Title\": \"Documentation\", \"Text\": \"Dataset \","
  " \"Url\": \"https://nssdc.gsfc.nasa.gov/nmc/publicationDisplay.do?id=B55381-000A\"}],"
  " \"AdditionalMetadata\": [{\"Type\": \"SPASE\", \"value\": \"https://heliophysicsdata.gsfc.nasa.gov/WS/hdp/1/Spase?ResourceID=spase://NASA/NumericalData/Apollo12-LM/SWS/PT1HR\"}]}";

static double
cda_build_run (gpointer data)
{
  GString *json = data;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) datasets = ps_cda_parse_datasets (json->str, json->len, &error);
  g_autoptr(PsInventoryNode) root = NULL;
  double s;

  if (datasets == NULL)
    g_error ("%s", error->message);
  root = ps_cda_inventory_from_datasets (datasets);
  s = bench_elapsed_since (start);
  bench_sink += ps_inventory_node_count (root);
  return s;
}

static double
amda_parse_run (gpointer data)
{
  GBytes *xml = data;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsInventoryNode) root = NULL;
  gsize length = 0;
  const char *bytes = g_bytes_get_data (xml, &length);
  double s;

  root = ps_amda_parse_obs_tree (bytes, length, &error);
  if (root == NULL)
    g_error ("%s", error->message);
  s = bench_elapsed_since (start);
  bench_sink += ps_inventory_node_count (root);
  return s;
}

static void
markup_start (GMarkupParseContext  *context,
              const char           *element_name,
              const char          **attribute_names,
              const char          **attribute_values,
              gpointer              user_data,
              GError              **error)
{
}

static double
markup_run (gpointer data)
{
  static const GMarkupParser parser = { markup_start, NULL, NULL, NULL, NULL };
  GBytes *xml = data;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *bytes = g_bytes_get_data (xml, &length);

  if (!g_markup_parse_context_parse (context, bytes, (gssize) length, &error)
      || !g_markup_parse_context_end_parse (context, &error))
    g_error ("%s", error->message);
  return bench_elapsed_since (start);
}

int
main (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ps-bench-inventory-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "inventory", NULL);
  g_autoptr(PsInventoryNode) root = make_tree ();
  g_autoptr(GString) json = g_string_new ("{\"DatasetDescription\": [");
  g_autofree char *note = NULL;
  GStatBuf st;
  double load, walk_all, build;

  store_path = path;
  note = g_strdup_printf ("%u nodes", ps_inventory_node_count (root));
  bench_row ("save", bench_median_seconds (save_run, root, RUNS) * 1e3, "ms", note);
  g_stat (path, &st);
  bench_row ("file-size", (double) st.st_size / 1e6, "MB", "our own format, mapped to load");
  load = bench_median_seconds (load_run, NULL, RUNS);
  bench_row ("reload", load * 1e3, "ms", "map the file, check all of it, make the first two levels (goal < 100)");
  walk_all = bench_median_seconds (load_walk_run, NULL, RUNS);
  bench_row ("reload-and-walk", walk_all * 1e3, "ms", "reload, then make and read every node (a whole search)");
  build = bench_median_seconds (build_run, NULL, RUNS);
  bench_row ("build-in-memory", build * 1e3, "ms", "reference: the same tree made from nothing");
  bench_row ("read-file", bench_median_seconds (read_run, NULL, RUNS) * 1e3, "ms",
             "reference: reading the file's bytes");
  bench_row ("reload-vs-build", load / build, "ratio", "");
  bench_row ("reload-and-walk-vs-build", walk_all / build, "ratio", "");

  for (guint i = 0; i < CDA_DATASETS; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      g_string_append_printf (json, dataset_json, i, i % 400, i % 900, i % 60);
    }
  g_string_append (json, "]}");
  g_free (note);
  note = g_strdup_printf ("CDAWeb's dataset list (%u datasets, %.1f MB of JSON) parsed and made a tree",
                          CDA_DATASETS, json->len / 1e6);
  bench_row ("cda-build", bench_median_seconds (cda_build_run, json, RUNS) * 1e3, "ms", note);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) xml = NULL;
    g_autoptr(PsInventoryNode) amda = NULL;
    char *contents = NULL;
    gsize length = 0;
    double amda_parse, markup;

    if (!g_file_get_contents (AMDA_TREE, &contents, &length, &error))
      g_error ("%s", error->message);
    xml = g_bytes_new_take (contents, length);
    amda = ps_amda_parse_obs_tree (contents, length, &error);
    if (amda == NULL)
      g_error ("%s", error->message);
    g_free (note);
    note = g_strdup_printf ("AMDA's observation-data tree (%.1f MB of XML) made %u nodes (goal < 50)",
                            length / 1e6, ps_inventory_node_count (amda));
    amda_parse = bench_median_seconds (amda_parse_run, xml, RUNS);
    bench_row ("amda-parse", amda_parse * 1e3, "ms", note);
    markup = bench_median_seconds (markup_run, xml, RUNS);
    bench_row ("amda-markup", markup * 1e3, "ms", "reference: a GMarkup pass over the same bytes, empty callbacks");
    bench_row ("amda-parse-vs-markup", amda_parse / markup, "ratio", "");
  }
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
