/* test-inventory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inventory trees: building, looking up, and the saved form (round trip,
 * damaged files, the lazy tree a saved file gives: nodes made as they are
 * asked for, changed like any other).
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ps-inventory-store.h"

/* groups × datasets × parameters, with everything a node can hold */
static PsInventoryNode *
make_tree (guint groups,
           guint datasets,
           guint parameters)
{
  PsInventoryNode *root = ps_inventory_node_new (PS_INVENTORY_PROVIDER, "test", "Test provider");

  for (guint g = 0; g < groups; g++)
    {
      g_autofree char *gpath = g_strdup_printf ("test/#g%u", g);
      g_autoptr(PsInventoryNode) group = ps_inventory_node_new (PS_INVENTORY_GROUP, gpath, NULL);

      ps_inventory_node_add_child (root, group);
      for (guint d = 0; d < datasets; d++)
        {
          g_autofree char *dpath = g_strdup_printf ("test/DS_%u_%u", g, d);
          g_autoptr(PsInventoryNode) dataset = ps_inventory_node_new (PS_INVENTORY_DATASET, dpath, NULL);
          PsTimeRange coverage = ps_time_range_make ((gint64) d * 1000, (gint64) d * 1000 + 999);

          ps_inventory_node_set_coverage (dataset, &coverage);
          ps_inventory_node_set_description (dataset, "A dataset — with UTF-8");
          ps_inventory_node_set_key (dataset, "pi_name", "Ada");
          ps_inventory_node_set_key (dataset, "doi", "10.0/x");
          ps_inventory_node_set_key (dataset, "x-any", d % 2 ? "any key is kept" : NULL);
          ps_inventory_node_set_expandable (dataset, parameters == 0);
          ps_inventory_node_add_child (group, dataset);
          for (guint p = 0; p < parameters; p++)
            {
              g_autofree char *ppath = g_strdup_printf ("%s/P%u", dpath, p);
              g_autoptr(PsInventoryNode) param = ps_inventory_node_new (PS_INVENTORY_PARAMETER, ppath, NULL);

              ps_inventory_node_set_units (param, "nT");
              ps_inventory_node_set_display_kind (param, p % 2 ? PS_DISPLAY_VECTOR : PS_DISPLAY_SPECTROGRAM);
              ps_inventory_node_set_cadence (param, 1000000000);
              ps_inventory_node_add_child (dataset, param);
            }
        }
    }
  return root;
}

static void
assert_same (PsInventoryNode *a,
             PsInventoryNode *b)
{
  g_assert_cmpint (ps_inventory_node_get_kind (a), ==, ps_inventory_node_get_kind (b));
  g_assert_cmpstr (ps_inventory_node_get_path (a), ==, ps_inventory_node_get_path (b));
  g_assert_cmpstr (ps_inventory_node_get_name (a), ==, ps_inventory_node_get_name (b));
  g_assert_cmpstr (ps_inventory_node_get_description (a), ==, ps_inventory_node_get_description (b));
  g_assert_cmpstr (ps_inventory_node_get_units (a), ==, ps_inventory_node_get_units (b));
  g_assert_cmpint (ps_inventory_node_get_display_kind (a), ==, ps_inventory_node_get_display_kind (b));
  g_assert_true (ps_time_range_equal (ps_inventory_node_get_coverage (a), ps_inventory_node_get_coverage (b)));
  g_assert_cmpint (ps_inventory_node_get_cadence (a), ==, ps_inventory_node_get_cadence (b));
  g_assert_cmpstr (ps_inventory_node_get_key (a, "pi_name"), ==, ps_inventory_node_get_key (b, "pi_name"));
  g_assert_cmpstr (ps_inventory_node_get_key (a, "doi"), ==, ps_inventory_node_get_key (b, "doi"));
  g_assert_cmpstr (ps_inventory_node_get_key (a, "x-any"), ==, ps_inventory_node_get_key (b, "x-any"));
  g_assert_cmpint (ps_inventory_node_get_expandable (a), ==, ps_inventory_node_get_expandable (b));
  g_assert_cmpuint (ps_inventory_node_get_n_children (a), ==, ps_inventory_node_get_n_children (b));
  for (guint i = 0; i < ps_inventory_node_get_n_children (a); i++)
    assert_same (ps_inventory_node_get_child (a, i), ps_inventory_node_get_child (b, i));
}

static void
test_tree (void)
{
  g_autoptr(PsInventoryNode) root = make_tree (3, 4, 5);
  PsInventoryNode *p = ps_inventory_node_lookup (root, "test/DS_2_3/P4");
  g_autoptr(PsInventoryNode) orphan = ps_inventory_node_new (PS_INVENTORY_PARAMETER, "x/y/z", NULL);

  g_assert_cmpuint (ps_inventory_node_count (root), ==, 1 + 3 + 12 + 60);
  g_assert_nonnull (p);
  g_assert_cmpstr (ps_inventory_node_get_name (p), ==, "P4");
  g_assert_cmpstr (ps_inventory_node_get_path (ps_inventory_node_get_parent (p)), ==, "test/DS_2_3");
  g_assert_null (ps_inventory_node_lookup (root, "test/DS_9_9"));
  g_assert_cmpstr (ps_inventory_node_get_name (orphan), ==, "z");
  ps_inventory_node_set_key (orphan, "doi", "a");
  ps_inventory_node_set_key (orphan, "doi", NULL);
  g_assert_null (ps_inventory_node_get_key (orphan, "doi"));
}

static void
test_round_trip (void)
{
  g_autoptr(PsInventoryNode) root = make_tree (3, 10, 7);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ps-inventory-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "inventory", NULL);
  g_autoptr(PsInventoryNode) back = NULL;

  g_assert_no_error (error);
  g_assert_true (ps_inventory_store_save (root, path, &error));
  g_assert_no_error (error);
  back = ps_inventory_store_load (path, &error);
  g_assert_no_error (error);
  assert_same (root, back);
  g_unlink (path);
  g_rmdir (dir);
}

/* Damaged bytes: an error or a tree, never a crash, and a tree that
 * comes out is whole (every node's parent holds it). */
static void
check_whole (PsInventoryNode *node)
{
  for (guint i = 0; i < ps_inventory_node_get_n_children (node); i++)
    {
      PsInventoryNode *child = ps_inventory_node_get_child (node, i);

      g_assert_true (ps_inventory_node_get_parent (child) == node);
      check_whole (child);
    }
}

static void
test_damaged (void)
{
  g_autoptr(PsInventoryNode) root = make_tree (2, 3, 4);
  g_autoptr(GBytes) bytes = ps_inventory_store_serialize (root);
  gsize size = g_bytes_get_size (bytes);
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 2000; round++)
    {
      g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), size);
      gsize n = round < 200 ? round * size / 200 : size;
      g_autoptr(GBytes) damaged = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PsInventoryNode) tree = NULL;

      if (round >= 200)
        for (guint k = 0; k < 1 + round % 5; k++)
          copy[g_rand_int_range (rand, 0, (gint32) size)] ^= (guint8) g_rand_int_range (rand, 1, 256);
      damaged = g_bytes_new (copy, n);
      tree = ps_inventory_store_deserialize (damaged, &error);
      g_assert_true ((tree == NULL) == (error != NULL));
      if (tree != NULL)
        check_whole (tree);
    }
  g_rand_free (rand);

  /* Another version */
  {
    g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), size);
    g_autoptr(GBytes) other = NULL;
    g_autoptr(GError) error = NULL;

    copy[8] = 1; /* the format before the mapped table */
    other = g_bytes_new (copy, size);
    g_assert_null (ps_inventory_store_deserialize (other, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  }
  /* A missing file */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (ps_inventory_store_load ("/nonexistent/inventory", &error));
    g_assert_nonnull (error);
  }
}

/* The same changes to two trees */
static void
change (PsInventoryNode *root)
{
  PsInventoryNode *dataset = ps_inventory_node_lookup (root, "test/DS_0_0");
  PsInventoryNode *param = ps_inventory_node_lookup (root, "test/DS_2_9/P6");
  g_autoptr(PsInventoryNode) added = ps_inventory_node_new (PS_INVENTORY_PARAMETER, "test/DS_0_0/New", "Nouveau");
  PsTimeRange coverage = ps_time_range_make (5, 50);

  g_assert_nonnull (dataset);
  g_assert_nonnull (param);
  ps_inventory_node_set_description (param, "changed");
  ps_inventory_node_set_units (param, NULL);
  ps_inventory_node_set_coverage (param, &coverage);
  ps_inventory_node_set_key (dataset, "doi", "10.1/y");
  ps_inventory_node_set_key (dataset, "x-new", "new");
  ps_inventory_node_set_units (added, "cm^-3");
  ps_inventory_node_add_child (dataset, added);
  ps_inventory_node_set_expandable (dataset, TRUE);
}

static void
test_lazy (void)
{
  g_autoptr(PsInventoryNode) root = make_tree (3, 10, 7);
  g_autoptr(PsInventoryNode) back = NULL;
  g_autoptr(PsInventoryNode) again = NULL;
  g_autoptr(PsInventoryNode) kept = NULL;
  g_autoptr(GBytes) bytes = ps_inventory_store_serialize (root);
  g_autoptr(GError) error = NULL;
  PsInventoryNode *param, *dataset;

  back = ps_inventory_store_deserialize (bytes, &error);
  g_assert_no_error (error);
  /* Counted from the table, looked up in it, then made on the way only */
  g_assert_cmpuint (ps_inventory_node_count (back), ==, 1 + 3 + 30 + 210);
  g_assert_cmpuint (ps_inventory_node_get_n_children (back), ==, 3);
  param = ps_inventory_node_lookup (back, "test/DS_2_9/P6");
  g_assert_nonnull (param);
  g_assert_cmpstr (ps_inventory_node_get_name (param), ==, "P6");
  g_assert_cmpstr (ps_inventory_node_get_units (param), ==, "nT");
  dataset = ps_inventory_node_get_parent (param);
  g_assert_cmpstr (ps_inventory_node_get_path (dataset), ==, "test/DS_2_9");
  g_assert_true (ps_inventory_node_lookup (back, "test/DS_2_9") == dataset);
  g_assert_true (ps_inventory_node_get_parent (ps_inventory_node_get_parent (dataset)) == back);
  g_assert_cmpstr (ps_inventory_node_get_key (dataset, "pi_name"), ==, "Ada");
  g_assert_null (ps_inventory_node_get_key (dataset, "nope"));
  g_assert_null (ps_inventory_node_lookup (back, "test/DS_2_9/P7"));
  g_assert_null (ps_inventory_node_lookup (back, "test/DS_2_9/P"));
  /* Found by path among few children (a scan) and many (an index) */
  g_assert_true (ps_inventory_node_find_child (dataset, "test/DS_2_9/P6") == param);
  g_assert_true (ps_inventory_node_find_child (ps_inventory_node_get_parent (dataset), "test/DS_2_9") == dataset);
  g_assert_null (ps_inventory_node_find_child (dataset, "test/DS_2_9"));
  assert_same (root, back);

  /* Changed like a tree made in memory, and saved with the changes */
  change (root);
  change (back);
  assert_same (root, back);
  g_assert_cmpstr (ps_inventory_node_get_key (ps_inventory_node_lookup (back, "test/DS_0_0"), "pi_name"), ==, "Ada");
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = ps_inventory_store_serialize (back);
  again = ps_inventory_store_deserialize (bytes, &error);
  g_assert_no_error (error);
  assert_same (root, again);
  g_assert_cmpstr (ps_inventory_node_get_name (ps_inventory_node_lookup (again, "test/DS_0_0/New")), ==, "Nouveau");

  /* A node outlives its root, and the bytes under it */
  kept = g_object_ref (ps_inventory_node_lookup (again, "test/DS_1_4/P3"));
  g_clear_object (&again);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_assert_null (ps_inventory_node_get_parent (kept));
  g_assert_cmpstr (ps_inventory_node_get_path (kept), ==, "test/DS_1_4/P3");
  g_assert_cmpstr (ps_inventory_node_get_units (kept), ==, "nT");
}

static void
test_stamp (void)
{
  g_autoptr(PsInventoryNode) root = make_tree (1, 2, 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ps-inventory-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "inventory", NULL);
  g_autofree char *stamp = NULL;
  gint64 built_at = -1;

  g_assert_no_error (error);
  g_assert_true (ps_inventory_store_save_full (root, path, "test 1 http://127.0.0.1/é", 1234567, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PsInventoryNode) back = ps_inventory_store_load_full (path, &stamp, &built_at, &error);

    g_assert_no_error (error);
    assert_same (root, back);
    g_assert_cmpstr (stamp, ==, "test 1 http://127.0.0.1/é");
    g_assert_cmpint (built_at, ==, 1234567);
  }
  /* Without: none, 0; replacing the file leaves a loaded tree as it was */
  {
    g_autoptr(PsInventoryNode) before = ps_inventory_store_load (path, &error);
    g_autoptr(PsInventoryNode) other = ps_inventory_node_new (PS_INVENTORY_PROVIDER, "other", NULL);
    g_autoptr(PsInventoryNode) back = NULL;

    g_assert_no_error (error);
    g_assert_true (ps_inventory_store_save (other, path, &error));
    g_assert_no_error (error);
    g_clear_pointer (&stamp, g_free);
    back = ps_inventory_store_load_full (path, &stamp, &built_at, &error);
    g_assert_no_error (error);
    g_assert_null (stamp);
    g_assert_cmpint (built_at, ==, 0);
    g_assert_cmpuint (ps_inventory_node_count (back), ==, 1);
    assert_same (root, before);
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* Text that is not UTF-8 (a provider's bytes, unchecked) is saved as
 * UTF-8, so that the file loads */
static void
test_not_utf8 (void)
{
  g_autoptr(PsInventoryNode) root = ps_inventory_node_new (PS_INVENTORY_PROVIDER, "x", NULL);
  g_autoptr(PsInventoryNode) child = ps_inventory_node_new (PS_INVENTORY_PARAMETER, "x/caf\xe9", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PsInventoryNode) back = NULL;
  g_autoptr(GError) error = NULL;
  PsInventoryNode *c;

  ps_inventory_node_set_description (child, "\xff\xfe ok");
  ps_inventory_node_set_key (child, "label", "B\xe9");
  ps_inventory_node_add_child (root, child);
  bytes = ps_inventory_store_serialize (root);
  back = ps_inventory_store_deserialize (bytes, &error);
  g_assert_no_error (error);
  c = ps_inventory_node_get_child (back, 0);
  g_assert_cmpstr (ps_inventory_node_get_path (c), ==, "x/caf\xef\xbf\xbd");
  g_assert_cmpstr (ps_inventory_node_get_name (c), ==, "caf\xef\xbf\xbd");
  g_assert_cmpstr (ps_inventory_node_get_description (c), ==, "\xef\xbf\xbd\xef\xbf\xbd ok");
  g_assert_cmpstr (ps_inventory_node_get_key (c, "label"), ==, "B\xef\xbf\xbd");
}

static void
test_duplicate_child (void)
{
  g_autoptr(PsInventoryNode) root = make_tree (1, 12, 0);
  PsInventoryNode *group = ps_inventory_node_get_child (root, 0);
  g_autoptr(PsInventoryNode) twin = ps_inventory_node_new (PS_INVENTORY_DATASET, "test/DS_0_11", NULL);
  g_autoptr(PsInventoryNode) few = ps_inventory_node_new (PS_INVENTORY_GROUP, "test/#g0", NULL);

  /* Many children (the index) and few (a scan): both refuse a twin */
  g_test_expect_message ("ps-inventory", G_LOG_LEVEL_CRITICAL, "*find_child*");
  ps_inventory_node_add_child (group, twin);
  g_test_assert_expected_messages ();
  g_test_expect_message ("ps-inventory", G_LOG_LEVEL_CRITICAL, "*find_child*");
  ps_inventory_node_add_child (root, few);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (ps_inventory_node_get_n_children (group), ==, 12);
  g_assert_cmpuint (ps_inventory_node_get_n_children (root), ==, 1);
  g_assert_null (ps_inventory_node_get_parent (twin));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/Inventory/tree", test_tree);
  g_test_add_func ("/Core/Inventory/round-trip", test_round_trip);
  g_test_add_func ("/Core/Inventory/damaged", test_damaged);
  g_test_add_func ("/Core/Inventory/lazy", test_lazy);
  g_test_add_func ("/Core/Inventory/stamp", test_stamp);
  g_test_add_func ("/Core/Inventory/duplicate-child", test_duplicate_child);
  g_test_add_func ("/Core/Inventory/not-utf8", test_not_utf8);

  return g_test_run ();
}
