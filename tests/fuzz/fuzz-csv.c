/* fuzz-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: text tables (PsTextTable) from arbitrary bytes. A
 * table that parses must hold what it says: times in order, every column
 * named, valid UTF-8 names and units; otherwise a PS_TEXT_TABLE_ERROR
 * with a valid UTF-8 message.
 */

#include "config.h"

#include <string.h>

#include "ps-text-table.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static volatile double sink;

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* A copy of exactly @size bytes, so ASan sees any read past the end. */
  char *copy = g_memdup2 (data, size);
  g_autoptr(GError) error = NULL;
  PsTextTable *table = ps_text_table_parse (size > 0 ? copy : "", size, &error);

  if (table != NULL)
    {
      gsize n = ps_text_table_get_n_rows (table);
      guint m = ps_text_table_get_n_columns (table);
      const PsTime *times = ps_text_table_get_times (table);

      g_assert_no_error (error);
      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (m, >, 0);
      for (gsize i = 1; i < n; i++)
        g_assert_cmpint (times[i - 1], <=, times[i]);
      for (gsize i = 0; i < n; i++)
        g_assert_cmpint (times[i], !=, PS_TIME_INVALID);
      for (guint j = 0; j < m; j++)
        {
          const char *units = ps_text_table_get_units (table, j);
          const double *column = ps_text_table_get_column (table, j);

          g_assert_true (g_utf8_validate (ps_text_table_get_name (table, j), -1, NULL));
          g_assert_true (units == NULL || g_utf8_validate (units, -1, NULL));
          for (gsize i = 0; i < n; i++)
            sink += column[i];
        }
      ps_text_table_free (table);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PS_TEXT_TABLE_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  g_free (copy);
  return 0;
}
