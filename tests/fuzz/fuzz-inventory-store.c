/* fuzz-inventory-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: a saved inventory from arbitrary bytes (a damaged
 * cache file). Either a whole tree comes out, which saves back to the
 * same bytes, or an error says why.
 */

#include "config.h"

#include "ps-inventory-store.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsInventoryNode) root = ps_inventory_store_deserialize (bytes, &error);

  g_assert_true ((root == NULL) == (error != NULL));
  if (root != NULL)
    {
      g_autoptr(GBytes) again = ps_inventory_store_serialize (root);
      g_autoptr(PsInventoryNode) back = ps_inventory_store_deserialize (again, NULL);

      g_assert_nonnull (back);
      g_assert_cmpuint (ps_inventory_node_count (back), ==, ps_inventory_node_count (root));
    }
  return 0;
}
