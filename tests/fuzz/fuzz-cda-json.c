/* fuzz-cda-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: CDAWeb's REST JSON (datasets, variables, data
 * results) from arbitrary bytes. Either a list comes out, or an error
 * says why; a list of datasets makes an inventory tree, variables are
 * added to a dataset, and the tree goes through the inventory store and
 * back whole (its text made UTF-8 if it was not: cJSON does not check).
 */

#include "config.h"

#include "ps-cda-parse.h"
#include "ps-inventory-store.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *json = (const char *) data;
  GError *error = NULL;
  GPtrArray *out;

  out = ps_cda_parse_datasets (json, size, &error);
  g_assert_true ((out == NULL) == (error != NULL));
  if (out != NULL)
    {
      PsInventoryNode *root = ps_cda_inventory_from_datasets (out);

      g_assert_cmpuint (ps_inventory_node_count (root), >=, 1);
      g_object_unref (root);
      g_ptr_array_unref (out);
    }
  g_clear_error (&error);

  out = ps_cda_parse_variables (json, size, &error);
  g_assert_true ((out == NULL) == (error != NULL));
  if (out != NULL)
    {
      PsInventoryNode *dataset = ps_inventory_node_new (PS_INVENTORY_DATASET, "cda/X", NULL);
      GBytes *bytes;
      PsInventoryNode *back;

      ps_cda_inventory_add_variables (dataset, out);
      bytes = ps_inventory_store_serialize (dataset);
      back = ps_inventory_store_deserialize (bytes, NULL);
      g_assert_nonnull (back);
      g_assert_cmpuint (ps_inventory_node_count (back), ==, ps_inventory_node_count (dataset));
      for (guint i = 0; i < ps_inventory_node_get_n_children (back); i++)
        g_assert_true (g_utf8_validate (ps_inventory_node_get_path (ps_inventory_node_get_child (back, i)), -1, NULL));
      g_object_unref (back);
      g_bytes_unref (bytes);
      g_object_unref (dataset);
    }
  g_clear_pointer (&out, g_ptr_array_unref);
  g_clear_error (&error);

  out = ps_cda_parse_files (json, size, &error);
  g_assert_true ((out == NULL) == (error != NULL));
  g_clear_pointer (&out, g_ptr_array_unref);
  g_clear_error (&error);
  return 0;
}
