/* fuzz-csa-tap.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the Cluster Science Archive's TAP answers (CSV
 * tables, VOTable errors) from arbitrary bytes, read as the table of
 * datasets and as the table of parameters. Either rows come out, or an
 * error says why; rows make an inventory tree.
 */

#include "config.h"

#include "ps-csa-parse.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  GError *error = NULL;
  PsCsaTable *table;
  GPtrArray *datasets;
  GPtrArray *parameters;

  table = ps_csa_parse_table (text, size, &error);
  g_assert_true ((table == NULL) == (error != NULL));
  if (table != NULL)
    {
      for (guint i = 0; i < table->rows->len; i++)
        g_assert_cmpuint (g_strv_length (g_ptr_array_index (table->rows, i)), ==, table->n_columns);
      ps_csa_table_free (table);
    }
  g_clear_error (&error);

  datasets = ps_csa_parse_datasets (text, size, &error);
  g_assert_true ((datasets == NULL) == (error != NULL));
  g_clear_error (&error);
  parameters = ps_csa_parse_parameters (text, size, &error);
  g_assert_true ((parameters == NULL) == (error != NULL));
  g_clear_error (&error);
  if (datasets != NULL)
    {
      PsInventoryNode *root = ps_csa_inventory_new (datasets, parameters);

      /* Datasets listed twice are in the tree once */
      g_assert_cmpuint (ps_inventory_node_count (root), >=, datasets->len > 0 ? 5 : 1);
      g_assert_cmpuint (ps_inventory_node_count (root), <=, 1 + 4 * datasets->len
                                                            + (parameters != NULL ? parameters->len : 0));
      g_object_unref (root);
      g_ptr_array_unref (datasets);
    }
  if (parameters != NULL)
    g_ptr_array_unref (parameters);
  return 0;
}
