/* fuzz-ssc-xml.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: SSCWeb's REST XML (observatory lists, location
 * answers) from arbitrary bytes. Either a list or a series comes out, or
 * an error says why; a list makes an inventory tree.
 */

#include "config.h"

#include "ps-ssc-parse.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *xml = (const char *) data;
  GError *error = NULL;
  GPtrArray *observatories;
  PsSeries *series;

  observatories = ps_ssc_parse_observatories (xml, size, &error);
  g_assert_true ((observatories == NULL) == (error != NULL));
  if (observatories != NULL)
    {
      PsInventoryNode *root = ps_ssc_inventory_from_observatories (observatories);

      g_assert_cmpuint (ps_inventory_node_count (root), >=, 1);
      g_object_unref (root);
      g_ptr_array_unref (observatories);
    }
  g_clear_error (&error);

  series = ps_ssc_parse_locations (xml, size, &error);
  g_assert_true ((series == NULL) == (error != NULL));
  if (series != NULL)
    {
      g_assert_cmpuint (ps_series_get_m (series), ==, 3);
      ps_series_unref (series);
    }
  g_clear_error (&error);
  return 0;
}
