/* test-cda.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CDAWeb's REST JSON as the NASA cdasws unit test records it (bare lists)
 * and as the server sends it ({"<Element>": [...]}), bad answers, and the
 * inventory tree built from it.
 */

#include "config.h"

#include <string.h>

#include "ps-cda-parse.h"

#define DATA TEST_DATA_DIR "/providers/cdaweb/"
#define S    G_GINT64_CONSTANT (1000000000)

static char *
load (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strconcat (DATA, name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* The same list wrapped as the server sends it */
static char *
wrap (const char *element,
      const char *list)
{
  return g_strdup_printf ("{\"%s\": %s}", element, list);
}

static void
test_datasets (void)
{
  g_autofree char *json = load ("APOLLO12_SWS_1HR_DATASETS.json");
  g_autofree char *wrapped = wrap ("DatasetDescription", json);

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *text = pass == 0 ? json : wrapped;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) datasets = ps_cda_parse_datasets (text, strlen (text), &error);
      const PsCdaDataset *d;

      g_assert_no_error (error);
      g_assert_cmpuint (datasets->len, ==, 1);
      d = g_ptr_array_index (datasets, 0);
      g_assert_cmpstr (d->id, ==, "APOLLO12_SWS_1HR");
      g_assert_cmpstr (d->doi, ==, "10.48322/vars-pj10");
      g_assert_cmpstr (d->pi_name, ==, "Conway W. Snyder");
      g_assert_cmpstr (d->pi_affiliation, ==, "Jet Propulsion Laboratory ");
      g_assert_cmpstr (d->notes, ==, "https://cdaweb.gsfc.nasa.gov/misc/NotesA.html#APOLLO12_SWS_1HR");
      g_assert_cmpstr (d->observatories[0], ==, "ALSEP");
      g_assert_cmpstr (d->instruments[0], ==, "SWS");
      g_assert_cmpstr (d->groups[0], ==, "Apollo");
      g_assert_cmpuint (g_strv_length (d->instrument_types), ==, 2);
      g_assert_cmpstr (d->instrument_types[1], ==, "Plasma and Solar Wind");
      g_assert_true (g_str_has_prefix (d->label, "Apollo 12 Solar Wind measurements"));
      /* 1969-11-19T19:30:00.000Z – 1976-03-25T08:30:00.000Z */
      g_assert_cmpint (d->coverage.start, ==, -3645000 * S);
      g_assert_cmpint (d->coverage.stop, ==, 196590600 * S);
    }
}

static void
test_variables (void)
{
  g_autofree char *json = load ("AC_H2_MFI_VARIABLES.json");
  g_autofree char *wrapped = wrap ("VariableDescription", json);
  static const char * const names[] = { "Magnitude", "BGSEc", "BGSM", "SC_pos_GSE", "SC_pos_GSM" };

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *text = pass == 0 ? json : wrapped;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) variables = ps_cda_parse_variables (text, strlen (text), &error);
      const PsCdaVariable *v;

      g_assert_no_error (error);
      g_assert_cmpuint (variables->len, ==, G_N_ELEMENTS (names));
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        g_assert_cmpstr (((PsCdaVariable *) g_ptr_array_index (variables, i))->name, ==, names[i]);
      v = g_ptr_array_index (variables, 1);
      g_assert_cmpstr (v->long_description, ==, "Magnetic Field Vector in GSE Cartesian coordinates (1 hr)");
      g_assert_cmpstr (v->short_description, ==, "magnetic_field");
    }
}

static void
test_files (void)
{
  static const char * const names[] = { "AC_H1_MFI_DATA_FILE_RESULT.json", "AC_H1_MFI_TEXT_RESULT.json" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *json = load (names[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) files = ps_cda_parse_files (json, strlen (json), &error);
      const PsCdaFile *f;

      g_assert_no_error (error);
      g_assert_cmpuint (files->len, ==, 1);
      f = g_ptr_array_index (files, 0);
      g_assert_cmpstr (f->mime_type, ==, i == 0 ? "application/x-cdf" : "text/plain");
      g_assert_cmpint (f->length, ==, i == 0 ? 42506 : 4529);
      g_assert_true (g_str_has_prefix (f->url, "https://cdaweb.gsfc.nasa.gov/tmp/"));
      g_assert_cmpint (f->range.start, ==, 1243814400 * S);
      g_assert_cmpint (f->range.stop, ==, 1243815000 * S);
      g_assert_nonnull (f->last_modified);
    }
}

/* What the server may send when things go wrong, or garbage: an error
 * naming what is wrong, never a crash. */
static void
test_bad_answers (void)
{
  static const char * const bad[] = {
    "", "<html>Service unavailable</html>", "{\"DatasetDescription\": 3}",
    "[{\"Id\": 7}]", "[{\"Label\": \"no id\"}]", "[3]", "{\"Other\": []}",
    "[{\"Id\": \"X\", \"Observatory\": [1]}]",
    "[{\"Id\": \"X\", \"TimeInterval\": {\"Start\": \"yesterday\"}}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) out = ps_cda_parse_datasets (bad[i], strlen (bad[i]), &error);

      g_test_message ("%s → %s", bad[i], error != NULL ? error->message : "(accepted)");
      g_assert_null (out);
      g_assert_error (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE);
    }
  /* An empty answer is an empty list. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) none = ps_cda_parse_variables ("{}", 2, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
  {
    g_autoptr(GError) error = NULL;
    const char *no_name = "{\"FileDescription\": [{\"MimeType\": \"x\"}]}";

    g_assert_null (ps_cda_parse_files (no_name, strlen (no_name), &error));
    g_assert_error (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE);
  }
}

static void
test_inventory (void)
{
  g_autofree char *datasets_json = load ("APOLLO12_SWS_1HR_DATASETS.json");
  g_autofree char *variables_json = load ("AC_H2_MFI_VARIABLES.json");
  g_autoptr(GPtrArray) datasets = ps_cda_parse_datasets (datasets_json, strlen (datasets_json), NULL);
  g_autoptr(GPtrArray) variables = ps_cda_parse_variables (variables_json, strlen (variables_json), NULL);
  g_autoptr(PsInventoryNode) root = ps_cda_inventory_from_datasets (datasets);
  PsInventoryNode *group, *observatory, *dataset, *parameter;

  g_assert_cmpstr (ps_inventory_node_get_path (root), ==, "cda");
  g_assert_cmpint (ps_inventory_node_get_kind (root), ==, PS_INVENTORY_PROVIDER);
  g_assert_cmpuint (ps_inventory_node_get_n_children (root), ==, 1);
  group = ps_inventory_node_get_child (root, 0);
  g_assert_cmpstr (ps_inventory_node_get_name (group), ==, "Apollo");
  g_assert_cmpint (ps_inventory_node_get_kind (group), ==, PS_INVENTORY_GROUP);
  observatory = ps_inventory_node_get_child (group, 0);
  g_assert_cmpstr (ps_inventory_node_get_name (observatory), ==, "ALSEP");
  dataset = ps_inventory_node_lookup (root, "cda/APOLLO12_SWS_1HR");
  g_assert_nonnull (dataset);
  g_assert_true (ps_inventory_node_get_parent (dataset) == observatory);
  g_assert_cmpint (ps_inventory_node_get_kind (dataset), ==, PS_INVENTORY_DATASET);
  g_assert_cmpstr (ps_inventory_node_get_key (dataset, "doi"), ==, "10.48322/vars-pj10");
  g_assert_cmpstr (ps_inventory_node_get_key (dataset, "pi_name"), ==, "Conway W. Snyder");
  g_assert_cmpint (ps_inventory_node_get_coverage (dataset)->start, ==, -3645000 * S);

  /* Variables (here AC_H2_MFI's, for the shape): product paths as speasy's */
  ps_cda_inventory_add_variables (dataset, variables);
  ps_cda_inventory_add_variables (dataset, variables); /* twice: no duplicates */
  g_assert_cmpuint (ps_inventory_node_get_n_children (dataset), ==, 5);
  parameter = ps_inventory_node_lookup (root, "cda/APOLLO12_SWS_1HR/BGSEc");
  g_assert_nonnull (parameter);
  g_assert_cmpint (ps_inventory_node_get_kind (parameter), ==, PS_INVENTORY_PARAMETER);
  g_assert_cmpstr (ps_inventory_node_get_name (parameter), ==, "BGSEc");
  g_assert_cmpstr (ps_inventory_node_get_description (parameter), ==,
                   "Magnetic Field Vector in GSE Cartesian coordinates (1 hr)");
  g_assert_cmpint (ps_inventory_node_get_coverage (parameter)->stop, ==, 196590600 * S);
  g_assert_cmpuint (ps_inventory_node_count (root), ==, 1 + 1 + 1 + 1 + 5);
  g_assert_null (ps_inventory_node_lookup (root, "cda/NOPE"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/Cda/datasets", test_datasets);
  g_test_add_func ("/Core/Cda/variables", test_variables);
  g_test_add_func ("/Core/Cda/files", test_files);
  g_test_add_func ("/Core/Cda/bad-answers", test_bad_answers);
  g_test_add_func ("/Core/Cda/inventory", test_inventory);

  return g_test_run ();
}
