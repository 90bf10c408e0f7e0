/* test-cda.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CDAWeb's REST JSON as the NASA cdasws unit test records it (bare lists)
 * and as the server sends it ({"<Element>": [...]}), bad answers, the
 * inventory tree built from it, and what a master CDF says of variables
 * (AC_H0_MFI's master standing for AC_H2_MFI's: same variables, see
 * tests/data/providers/cdaweb/README.md).
 */

#include "config.h"

#include <string.h>

#include "ps-cda-master.h"
#include "ps-cda-parse.h"

#define DATA   TEST_DATA_DIR "/providers/cdaweb/"
#define MASTER TEST_DATA_DIR "/cdf/cdfpp/ac_h0_mfi_00000000_v01.cdf"
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
  PsInventoryNode *group, *observatory, *instrument, *dataset, *parameter;

  g_assert_cmpstr (ps_inventory_node_get_path (root), ==, "cda");
  g_assert_cmpint (ps_inventory_node_get_kind (root), ==, PS_INVENTORY_PROVIDER);
  g_assert_cmpuint (ps_inventory_node_get_n_children (root), ==, 1);
  /* As speasy lays CDAWeb out: group → observatory → instrument → dataset */
  group = ps_inventory_node_get_child (root, 0);
  g_assert_cmpstr (ps_inventory_node_get_name (group), ==, "Apollo");
  g_assert_cmpstr (ps_inventory_node_get_path (group), ==, "cda/#/Apollo");
  g_assert_cmpint (ps_inventory_node_get_kind (group), ==, PS_INVENTORY_GROUP);
  observatory = ps_inventory_node_get_child (group, 0);
  g_assert_cmpstr (ps_inventory_node_get_name (observatory), ==, "ALSEP");
  g_assert_cmpint (ps_inventory_node_get_kind (observatory), ==, PS_INVENTORY_OBSERVATORY);
  instrument = ps_inventory_node_get_child (observatory, 0);
  g_assert_cmpstr (ps_inventory_node_get_path (instrument), ==, "cda/#/Apollo/ALSEP/SWS");
  g_assert_cmpint (ps_inventory_node_get_kind (instrument), ==, PS_INVENTORY_INSTRUMENT);
  dataset = ps_inventory_node_lookup (root, "cda/APOLLO12_SWS_1HR");
  g_assert_nonnull (dataset);
  g_assert_true (ps_inventory_node_get_parent (dataset) == instrument);
  g_assert_cmpint (ps_inventory_node_get_kind (dataset), ==, PS_INVENTORY_DATASET);
  g_assert_true (g_str_has_prefix (ps_inventory_node_get_description (dataset), "Apollo 12 Solar Wind"));
  g_assert_cmpstr (ps_inventory_node_get_key (dataset, "doi"), ==, "10.48322/vars-pj10");
  g_assert_cmpstr (ps_inventory_node_get_key (dataset, "pi_name"), ==, "Conway W. Snyder");
  g_assert_cmpstr (ps_inventory_node_get_key (dataset, "pi_affiliation"), ==, "Jet Propulsion Laboratory ");
  g_assert_cmpstr (ps_inventory_node_get_key (dataset, "notes"), ==,
                   "https://cdaweb.gsfc.nasa.gov/misc/NotesA.html#APOLLO12_SWS_1HR");
  g_assert_cmpstr (ps_inventory_node_get_key (dataset, "instrument_types"), ==,
                   "Particles (space); Plasma and Solar Wind");
  g_assert_cmpint (ps_inventory_node_get_coverage (dataset)->start, ==, -3645000 * S);
  /* Its variables are listed on demand */
  g_assert_true (ps_inventory_node_get_expandable (dataset));
  g_assert_cmpuint (ps_inventory_node_get_n_children (dataset), ==, 0);

  /* Variables (here AC_H2_MFI's, for the shape): product paths as speasy's */
  ps_cda_inventory_add_variables (dataset, variables);
  ps_cda_inventory_add_variables (dataset, variables); /* twice: no duplicates */
  g_assert_false (ps_inventory_node_get_expandable (dataset));
  g_assert_cmpuint (ps_inventory_node_get_n_children (dataset), ==, 5);
  parameter = ps_inventory_node_lookup (root, "cda/APOLLO12_SWS_1HR/BGSEc");
  g_assert_nonnull (parameter);
  g_assert_cmpint (ps_inventory_node_get_kind (parameter), ==, PS_INVENTORY_PARAMETER);
  g_assert_cmpstr (ps_inventory_node_get_name (parameter), ==, "BGSEc");
  g_assert_cmpstr (ps_inventory_node_get_description (parameter), ==,
                   "Magnetic Field Vector in GSE Cartesian coordinates (1 hr)");
  g_assert_null (ps_inventory_node_get_units (parameter)); /* no master here */
  g_assert_cmpint (ps_inventory_node_get_coverage (parameter)->stop, ==, 196590600 * S);
  g_assert_cmpuint (ps_inventory_node_count (root), ==, 1 + 1 + 1 + 1 + 1 + 5);
  g_assert_null (ps_inventory_node_lookup (root, "cda/NOPE"));
}

/* The group level is left out when the observatory has the group's name,
 * a dataset listed twice is listed once, and one without observatory nor
 * group goes under "Other". Derived from the recorded description, its
 * fields changed here. */
static void
test_inventory_layout (void)
{
  g_autofree char *json = load ("APOLLO12_SWS_1HR_DATASETS.json");
  g_autoptr(GPtrArray) datasets = ps_cda_parse_datasets (json, strlen (json), NULL);
  g_autoptr(GPtrArray) more = ps_cda_parse_datasets (json, strlen (json), NULL);
  g_autoptr(GPtrArray) lone = ps_cda_parse_datasets (json, strlen (json), NULL);
  g_autoptr(PsInventoryNode) root = NULL;
  PsCdaDataset *d = g_ptr_array_index (datasets, 0);
  PsCdaDataset *other = g_ptr_array_index (lone, 0);
  PsInventoryNode *observatory;

  g_free (d->groups[0]);
  d->groups[0] = g_strdup ("ALSEP");
  g_free (other->id);
  other->id = g_strdup ("LONE");
  g_clear_pointer (&other->groups, g_strfreev);
  g_clear_pointer (&other->observatories, g_strfreev);
  g_clear_pointer (&other->instruments, g_strfreev);
  g_ptr_array_add (datasets, g_ptr_array_steal_index (more, 0));
  g_ptr_array_add (datasets, g_ptr_array_steal_index (lone, 0));
  root = ps_cda_inventory_from_datasets (datasets);

  /* The twin made no "Apollo" group: it was left out before anything */
  g_assert_cmpuint (ps_inventory_node_get_n_children (root), ==, 2);
  observatory = ps_inventory_node_get_child (root, 0);
  g_assert_cmpstr (ps_inventory_node_get_path (observatory), ==, "cda/#/ALSEP");
  g_assert_cmpint (ps_inventory_node_get_kind (observatory), ==, PS_INVENTORY_OBSERVATORY);
  g_assert_cmpstr (ps_inventory_node_get_path (ps_inventory_node_get_child (root, 1)), ==, "cda/#/Other");
  g_assert_cmpstr (ps_inventory_node_get_name (ps_inventory_node_get_child (root, 1)), ==, "Other");
  g_assert_nonnull (ps_inventory_node_lookup (root, "cda/#/ALSEP/SWS"));
  g_assert_true (ps_inventory_node_get_parent (ps_inventory_node_lookup (root, "cda/LONE"))
                 == ps_inventory_node_get_child (root, 1));
  g_assert_cmpuint (ps_inventory_node_count (root), ==, 1 + 1 + 1 + 1 + 1 + 1);
}

static PsCdfFile *
open_master (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) master = ps_cdf_file_open (MASTER, &error);

  g_assert_no_error (error);
  g_assert_true (ps_cdf_file_load_attributes (master, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&master);
}

static PsCdaVariable *
find_variable (GPtrArray  *variables,
               const char *name)
{
  for (guint i = 0; i < variables->len; i++)
    if (g_str_equal (((PsCdaVariable *) g_ptr_array_index (variables, i))->name, name))
      return g_ptr_array_index (variables, i);
  return NULL;
}

static void
test_master (void)
{
  g_autofree char *json = load ("AC_H2_MFI_VARIABLES.json");
  g_autoptr(GPtrArray) variables = ps_cda_parse_variables (json, strlen (json), NULL);
  g_autoptr(PsCdfFile) master = open_master ();
  g_autoptr(GPtrArray) from_master = NULL;
  g_autofree char *name = ps_cda_master_file_name ("MMS1_FPI_BRST_L2_DES-MOMS");
  static const char * const extra[] = { "Q_FLAG", "label_BGSE", "Epoch", "NotInTheMaster" };
  PsCdaVariable *v;

  /* As speasy's direct-archive configuration names them */
  g_assert_cmpstr (name, ==, "mms1_fpi_brst_l2_des-moms_00000000_v01.cdf");

  /* Listed by "CDAS" but support data or metadata in the master: dropped;
   * unknown to the master: kept as CDAS describes it. */
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    {
      v = g_new0 (PsCdaVariable, 1);
      v->name = g_strdup (extra[i]);
      v->long_description = g_strdup ("from CDAS");
      g_ptr_array_add (variables, v);
    }
  ps_cda_master_describe (variables, master);
  g_assert_cmpuint (variables->len, ==, 6);
  g_assert_null (find_variable (variables, "Q_FLAG"));
  g_assert_null (find_variable (variables, "label_BGSE"));
  g_assert_null (find_variable (variables, "Epoch"));
  v = find_variable (variables, "NotInTheMaster");
  g_assert_nonnull (v);
  g_assert_null (v->units);

  v = find_variable (variables, "Magnitude");
  g_assert_cmpstr (v->units, ==, "nT");
  g_assert_cmpstr (v->label, ==, "<|B|>");          /* LABLAXIS */
  g_assert_cmpint (v->display_kind, ==, PS_DISPLAY_LINE);
  g_assert_null (v->component_labels);
  g_assert_cmpstr (v->long_description, ==, "B-field magnitude"); /* CDAS's, kept */

  v = find_variable (variables, "BGSEc");
  g_assert_cmpstr (v->units, ==, "nT");
  g_assert_cmpstr (v->label, ==, "Mag Field vector, GSE coord"); /* FIELDNAM */
  g_assert_cmpint (v->display_kind, ==, PS_DISPLAY_VECTOR);
  g_assert_nonnull (v->component_labels);
  g_assert_cmpuint (g_strv_length (v->component_labels), ==, 3);
  g_assert_cmpstr (v->component_labels[0], ==, "Bx GSE");
  g_assert_cmpstr (v->component_labels[2], ==, "Bz GSE");

  v = find_variable (variables, "SC_pos_GSM");
  g_assert_cmpstr (v->units, ==, "km");
  g_assert_cmpint (v->display_kind, ==, PS_DISPLAY_VECTOR);

  /* Without CDAS's list: the master's data variables, its CATDESC */
  from_master = ps_cda_master_list_variables (master);
  g_assert_cmpuint (from_master->len, ==, 6);
  v = find_variable (from_master, "dBrms");
  g_assert_nonnull (v);
  g_assert_cmpstr (v->long_description, ==, "RMS of Magnetic Field (16 sec period)");
  g_assert_cmpstr (v->units, ==, "nT");
  g_assert_null (find_variable (from_master, "Q_FLAG"));
}

/* Described variables in the tree: units, display kind, labels */
static void
test_described_inventory (void)
{
  g_autofree char *json = load ("AC_H2_MFI_VARIABLES.json");
  g_autoptr(GPtrArray) variables = ps_cda_parse_variables (json, strlen (json), NULL);
  g_autoptr(PsCdfFile) master = open_master ();
  g_autoptr(PsInventoryNode) dataset = ps_inventory_node_new (PS_INVENTORY_DATASET, "cda/AC_H2_MFI", NULL);
  PsInventoryNode *p;

  ps_cda_master_describe (variables, master);
  ps_cda_inventory_add_variables (dataset, variables);
  p = ps_inventory_node_find_child (dataset, "cda/AC_H2_MFI/BGSEc");
  g_assert_nonnull (p);
  g_assert_cmpstr (ps_inventory_node_get_units (p), ==, "nT");
  g_assert_cmpint (ps_inventory_node_get_display_kind (p), ==, PS_DISPLAY_VECTOR);
  g_assert_cmpstr (ps_inventory_node_get_key (p, "label"), ==, "Mag Field vector, GSE coord");
  g_assert_cmpstr (ps_inventory_node_get_key (p, "labels"), ==, "Bx GSE\tBy GSE\tBz GSE");
  p = ps_inventory_node_find_child (dataset, "cda/AC_H2_MFI/Magnitude");
  g_assert_null (ps_inventory_node_get_key (p, "labels"));
  g_assert_cmpint (ps_inventory_node_get_display_kind (p), ==, PS_DISPLAY_LINE);
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
  g_test_add_func ("/Core/Cda/inventory-layout", test_inventory_layout);
  g_test_add_func ("/Core/Cda/master", test_master);
  g_test_add_func ("/Core/Cda/described-inventory", test_described_inventory);

  return g_test_run ();
}
