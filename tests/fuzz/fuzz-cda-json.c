/* fuzz-cda-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: CDAWeb's REST JSON (datasets, variables, data
 * results) from arbitrary bytes. Either a list comes out, or an error
 * says why; a list of datasets makes an inventory tree.
 */

#include "config.h"

#include "ps-cda-parse.h"

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
  g_clear_pointer (&out, g_ptr_array_unref);
  g_clear_error (&error);

  out = ps_cda_parse_files (json, size, &error);
  g_assert_true ((out == NULL) == (error != NULL));
  g_clear_pointer (&out, g_ptr_array_unref);
  g_clear_error (&error);
  return 0;
}
