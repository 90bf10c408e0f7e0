/* test-amda.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AMDA: the recorded observation-data tree
 * (tests/data/providers/amda/README.md) made into inventory nodes, with
 * speasy's counts and values, and broken trees refused with clear errors.
 */

#include "config.h"

#include <string.h>

#include "ps-amda-parse.h"
#include "ps-time.h"

#define OBS_TREE TEST_DATA_DIR "/providers/amda/obsdatatree.xml"

static void
count_kinds (PsInventoryNode *node,
             guint            counts[])
{
  counts[ps_inventory_node_get_kind (node)]++;
  for (guint i = 0; i < ps_inventory_node_get_n_children (node); i++)
    count_kinds (ps_inventory_node_get_child (node, i), counts);
}

static PsInventoryNode *
parse_recorded (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  gsize length = 0;
  PsInventoryNode *root;

  g_file_get_contents (OBS_TREE, &xml, &length, &error);
  g_assert_no_error (error);
  root = ps_amda_parse_obs_tree (xml, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static void
test_parse_tree (void)
{
  g_autoptr(PsInventoryNode) root = parse_recorded ();
  guint counts[PS_INVENTORY_COMPONENT + 1] = { 0 };
  PsInventoryNode *node;
  PsInventoryNode *parent;
  const PsTimeRange *coverage;
  PsTime start = 0;
  PsTime stop = 0;

  g_assert_cmpstr (ps_inventory_node_get_path (root), ==, "amda");
  g_assert_cmpstr (ps_inventory_node_get_name (root), ==, "AMDA");
  g_assert_cmpint (ps_inventory_node_get_kind (root), ==, PS_INVENTORY_PROVIDER);

  count_kinds (root, counts);
  g_assert_cmpuint (counts[PS_INVENTORY_PROVIDER], ==, 1);
  g_assert_cmpuint (counts[PS_INVENTORY_MISSION], ==, 50);
  g_assert_cmpuint (counts[PS_INVENTORY_OBSERVATORY], ==, 56);
  g_assert_cmpuint (counts[PS_INVENTORY_INSTRUMENT], ==, 348);
  g_assert_cmpuint (counts[PS_INVENTORY_GROUP], ==, 157);
  g_assert_cmpuint (counts[PS_INVENTORY_DATASET], ==, 1046);
  g_assert_cmpuint (counts[PS_INVENTORY_PARAMETER], ==, 5420);
  g_assert_cmpuint (counts[PS_INVENTORY_COMPONENT], ==, 4834);

  node = ps_inventory_node_lookup (root, "amda/#/ACE");
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_kind (node), ==, PS_INVENTORY_MISSION);
  g_assert_cmpstr (ps_inventory_node_get_name (node), ==, "ACE");
  g_assert_cmpstr (ps_inventory_node_get_description (node), ==, "Advanced Composition Explorer, NASA");

  /* ACE EPAM CA60 */
  node = ps_inventory_node_lookup (root, "amda/#/ace-epam-ca60");
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_kind (node), ==, PS_INVENTORY_DATASET);
  g_assert_cmpstr (ps_inventory_node_get_name (node), ==, "CA60");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "id"), ==, "ace-epam-ca60");
  g_assert_cmpstr (ps_inventory_node_get_description (node), ==,
                   "CA60 - ACE Electron Proton Alpha Monitor (EPAM) 5-min Level 2 Data");
  g_assert_true (ps_time_parse_iso ("1997-08-30T17:01:00Z", &start, NULL));
  g_assert_true (ps_time_parse_iso ("2024-08-30T23:56:00Z", &stop, NULL));
  coverage = ps_inventory_node_get_coverage (node);
  g_assert_nonnull (coverage);
  g_assert_cmpint (coverage->start, ==, start);
  g_assert_cmpint (coverage->stop, ==, stop);
  g_assert_cmpint (ps_inventory_node_get_cadence (node), ==, 5 * 60 * PS_TIME_NS_PER_SECOND);
  parent = ps_inventory_node_get_parent (node);
  g_assert_cmpstr (ps_inventory_node_get_path (parent), ==, "amda/#/ACE_epam");
  g_assert_cmpint (ps_inventory_node_get_kind (parent), ==, PS_INVENTORY_INSTRUMENT);
  g_assert_cmpstr (ps_inventory_node_get_name (parent), ==, "EPAM");

  node = ps_inventory_node_lookup (root, "amda/ace_epam_ca60_he");
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_kind (node), ==, PS_INVENTORY_PARAMETER);
  g_assert_cmpstr (ps_inventory_node_get_name (node), ==, "He flux");
  g_assert_cmpstr (ps_inventory_node_get_units (node), ==, "1/(cm² s sr MeV/nuc)");
  g_assert_cmpstr (ps_inventory_node_get_description (node), ==, "CA60 MeV/nuc. He Flux");
  g_assert_cmpint (ps_inventory_node_get_display_kind (node), ==, PS_DISPLAY_LINE);
  g_assert_cmpint (ps_inventory_node_get_coverage (node)->start, ==, start);
  g_assert_cmpuint (ps_inventory_node_get_n_children (node), ==, 2);
  g_assert_cmpstr (ps_inventory_node_get_path (ps_inventory_node_get_child (node, 1)), ==,
                   "amda/ace_epam_ca60_he(1)");

  /* speasy's component example, ace_xyz_gse0 */
  node = ps_inventory_node_lookup (root, "amda/ace_xyz_gse(0)");
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_kind (node), ==, PS_INVENTORY_COMPONENT);
  node = ps_inventory_node_lookup (root, "amda/ace_xyz_gse");
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_display_kind (node), ==, PS_DISPLAY_VECTOR);
  g_assert_cmpuint (ps_inventory_node_get_n_children (node), ==, 3);
}

static void
test_parse_small (void)
{
  static const char xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<dataRoot xml:id=\"DATAROOT\"><dataCenter name=\"AMDA\">"
    "<mission xml:id=\"M\" name=\"Mission\" desc=\"  First&lt;br/&gt;second  \">"
    "<observatory xml:id=\"O\" name=\"Obs\"><unknown><instrument xml:id=\"I\" name=\"Ins\">"
    "<datasetGroup xml:id=\"G\" name=\"Group\">"
    "<dataset xml:id=\"d\" name=\"D\" dataStart=\"2000-01-01T00:00:00Z\" dataStop=\"bad\" sampling=\"0.5S\">"
    "<parameter xml:id=\"spec\" name=\"S\" size=\"3\" display_type=\"spectrogram\" units=\"eV\">"
    "<arguments><argument key=\"a\"><item key=\"k\" name=\"n\"/></argument></arguments>"
    "</parameter>"
    "<parameter xml:id=\"v\" name=\"V\" size=\"3\"/>"
    "</dataset></datasetGroup></instrument></unknown></observatory></mission>"
    "</dataCenter></dataRoot>";
  g_autoptr(GError) error = NULL;
  g_autoptr(PsInventoryNode) root = ps_amda_parse_obs_tree (xml, strlen (xml), &error);
  PsInventoryNode *node;

  g_assert_no_error (error);
  g_assert_cmpuint (ps_inventory_node_count (root), ==, 8);
  node = ps_inventory_node_lookup (root, "amda/#/M");
  g_assert_cmpstr (ps_inventory_node_get_description (node), ==, "First");
  node = ps_inventory_node_lookup (root, "amda/#/I");
  g_assert_cmpstr (ps_inventory_node_get_path (ps_inventory_node_get_parent (node)), ==, "amda/#/O");
  node = ps_inventory_node_lookup (root, "amda/#/d");
  g_assert_cmpint (ps_inventory_node_get_kind (node), ==, PS_INVENTORY_DATASET);
  g_assert_cmpint (ps_inventory_node_get_coverage (node)->start, ==, 0); /* unknown: "bad" stop */
  g_assert_cmpint (ps_inventory_node_get_coverage (node)->stop, ==, 0);
  g_assert_cmpint (ps_inventory_node_get_cadence (node), ==, PS_TIME_NS_PER_SECOND / 2);
  node = ps_inventory_node_lookup (root, "amda/spec");
  g_assert_cmpint (ps_inventory_node_get_display_kind (node), ==, PS_DISPLAY_SPECTROGRAM);
  g_assert_cmpuint (ps_inventory_node_get_n_children (node), ==, 0);
  node = ps_inventory_node_lookup (root, "amda/v");
  g_assert_cmpint (ps_inventory_node_get_display_kind (node), ==, PS_DISPLAY_VECTOR);
}

static void
test_parse_errors (void)
{
  static const struct
  {
    const char *xml;
    const char *message;
  } cases[] = {
    { "", "Not AMDA’s data tree" },
    { "not XML at all", "Not AMDA’s data tree" },
    { "{\"success\": true}", "Not AMDA’s data tree" },
    { "<dataRoot><dataCenter><mission xml:id=\"M\">", "Not AMDA’s data tree" },
    { "<dataRoot><mission xml:id=\"M\"></dataRoot>", "Not AMDA’s data tree" },
    { "<html><body>Service unavailable</body></html>", "<html> where <dataRoot> was expected" },
    { "<dataRoot><dataset xml:id=\"d\"><parameter name=\"p\"/></dataset></dataRoot>",
      "A parameter without an xml:id (line 1)" },
    { "<dataRoot><parameter xml:id=\"\"/></dataRoot>", "A parameter without an xml:id" },
    { "<dataRoot><parameter xml:id=\"p\"><component name=\"c\"/></parameter></dataRoot>",
      "A component without an xml:id" },
    { "<dataRoot><mission desc=\"x\"/></dataRoot>", "neither an xml:id nor a name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsInventoryNode) root = NULL;

      root = ps_amda_parse_obs_tree (cases[i].xml, strlen (cases[i].xml), &error);
      g_assert_null (root);
      g_assert_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/Amda/parse-tree", test_parse_tree);
  g_test_add_func ("/Core/Amda/parse-small", test_parse_small);
  g_test_add_func ("/Core/Amda/parse-errors", test_parse_errors);

  return g_test_run ();
}
