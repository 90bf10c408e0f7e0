/* fuzz-cdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the whole CDF reader on arbitrary bytes. Open, list
 * every attribute entry and variable, read every value (all records, then
 * a middle range), verify the MD5. Bad input must give a PS_CDF_ERROR, never
 * a crash, a hang or an allocation beyond the reader's limits.
 */

#include "config.h"

#include <string.h>

#include "ps-cdf-file.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* Reading more than this per variable is the reader's business to refuse;
 * the fuzzer only avoids asking for it so runs stay fast. */
#define MAX_VALUES_BYTES ((gsize) 64 << 20)

static void
check_error (GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == PS_CDF_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
touch_attributes (PsCdfFile *file)
{
  guint n = ps_cdf_file_get_n_attributes (file);

  for (guint i = 0; i < n; i++)
    {
      const PsCdfAttribute *attr = ps_cdf_file_get_attribute (file, i);
      volatile guint8 sum = 0;

      g_assert_nonnull (attr);
      g_assert_nonnull (attr->name);
      for (guint e = 0; e < attr->n_entries; e++)
        {
          const PsCdfAttrEntry *entry = &attr->entries[e];

          if (entry->size > 0)
            sum ^= entry->data[0] ^ entry->data[entry->size - 1];
        }
      (void) sum;
    }
}

static void
read_variable (PsCdfFile           *file,
               const PsCdfVariable *var)
{
  g_autoptr(GError) error = NULL;
  g_autofree gpointer values = NULL;
  gsize record_bytes = var->element_size * var->values_per_record;
  gsize out_size = 0;

  for (guint a = 0; a < ps_cdf_file_get_n_attributes (file); a++)
    {
      const PsCdfAttribute *attr = ps_cdf_file_get_attribute (file, a);

      if (!attr->is_global)
        (void) ps_cdf_variable_get_attribute_entry (file, var, attr);
    }

  if (var->n_records <= 0 || record_bytes == 0
      || (guint64) var->n_records > MAX_VALUES_BYTES / record_bytes)
    return;

  values = ps_cdf_variable_read_alloc (file, var, 0, var->n_records, &out_size, &error);
  if (values == NULL)
    {
      check_error (error);
      return;
    }
  g_assert_cmpuint (out_size, ==, record_bytes * (gsize) var->n_records);

  if (var->n_records > 2)
    {
      g_autofree gpointer middle = NULL;

      middle = ps_cdf_variable_read_alloc (file, var, 1, var->n_records - 2, &out_size, &error);
      if (middle == NULL)
        check_error (error);
      else
        g_assert_cmpmem (middle, out_size, (guint8 *) values + record_bytes, out_size);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  PsCdfFile *file;
  guint n;

  file = ps_cdf_file_new_from_bytes (bytes, &error);
  if (file == NULL)
    {
      check_error (error);
      return 0;
    }

  if (!ps_cdf_file_load_attributes (file, &error))
    {
      check_error (error);
      g_clear_error (&error);
      g_assert_cmpuint (ps_cdf_file_get_n_attributes (file), ==, 0);
    }
  touch_attributes (file);
  n = ps_cdf_file_get_n_variables (file);
  for (guint i = 0; i < n; i++)
    {
      const PsCdfVariable *var = ps_cdf_file_get_variable (file, i);

      g_assert_nonnull (var);
      g_assert_true (ps_cdf_file_lookup_variable (file, var->name) != NULL);
      read_variable (file, var);
    }

  if (ps_cdf_file_has_md5 (file) && !ps_cdf_verify_md5 (file, &error))
    check_error (error);

  ps_cdf_file_unref (file);
  return 0;
}
