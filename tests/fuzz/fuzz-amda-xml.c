/* fuzz-amda-xml.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: AMDA's observation-data tree from arbitrary bytes.
 * Either an inventory tree comes out, rooted at "amda", or an error says
 * why.
 */

#include "config.h"

#include "ps-amda-parse.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  GError *error = NULL;
  PsInventoryNode *root;

  root = ps_amda_parse_obs_tree ((const char *) data, size, &error);
  g_assert_true ((root == NULL) == (error != NULL));
  if (root != NULL)
    {
      g_assert_cmpstr (ps_inventory_node_get_path (root), ==, "amda");
      g_assert_cmpuint (ps_inventory_node_count (root), >=, 1);
      g_object_unref (root);
    }
  g_clear_error (&error);
  return 0;
}
