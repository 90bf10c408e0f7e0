/* test-cdf-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Round trips through the CDF writer and the reader: every numeric type,
 * TT2000 and CHAR, shapes, non-varying variables, empty variables, global
 * and variable attributes, both encodings, plain and GZIP blocks of a few
 * records, read whole and by record ranges that cross block boundaries.
 */
#define G_LOG_DOMAIN "test-cdf-writer"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ps-cdf-file.h"
#include "ps-cdf-writer.h"

#define N_RECORDS 53

typedef struct
{
  const char *name;
  PsCdfType   type;
  guint       num_elems;
  guint       n_dims;
  guint32     dims[2];
} VarSpec;

static const VarSpec specs[] = {
  { "int1", PS_CDF_INT1, 1, 0, { 0 } },
  { "int2", PS_CDF_INT2, 1, 1, { 3 } },
  { "int4", PS_CDF_INT4, 1, 2, { 2, 3 } },
  { "int8", PS_CDF_INT8, 1, 0, { 0 } },
  { "uint1", PS_CDF_UINT1, 1, 1, { 5 } },
  { "uint2", PS_CDF_UINT2, 1, 0, { 0 } },
  { "uint4", PS_CDF_UINT4, 1, 1, { 2 } },
  { "real4", PS_CDF_REAL4, 1, 0, { 0 } },
  { "real8", PS_CDF_REAL8, 1, 1, { 3 } },
  { "float", PS_CDF_FLOAT, 1, 1, { 32 } },
  { "double", PS_CDF_DOUBLE, 1, 2, { 4, 3 } },
  { "epoch", PS_CDF_EPOCH, 1, 0, { 0 } },
  { "epoch16", PS_CDF_EPOCH16, 1, 0, { 0 } },
  { "tt2000", PS_CDF_TIME_TT2000, 1, 0, { 0 } },
  { "byte", PS_CDF_BYTE, 1, 1, { 7 } },
  { "char", PS_CDF_CHAR, 5, 0, { 0 } },
  { "uchar", PS_CDF_UCHAR, 3, 1, { 2 } },
};

static gsize
spec_record_bytes (const VarSpec *s)
{
  gsize n = ps_cdf_type_size (s->type) * s->num_elems;

  for (guint i = 0; i < s->n_dims; i++)
    n *= s->dims[i];
  return n;
}

/* Deterministic bytes that are valid values of every type (no NaN
 * patterns matter: comparison is bytewise). */
static GBytes *
make_values (guint  seed,
             gsize  n_bytes)
{
  guint8 *p = g_malloc (MAX (n_bytes, 1));
  guint32 x = 2463534242u + seed;

  for (gsize i = 0; i < n_bytes; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      p[i] = (guint8) x;
    }
  return g_bytes_new_take (p, n_bytes);
}

static char *
temp_path (const char *name)
{
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
round_trip (guint            encoding,
            PsCdfCompression compression,
            guint            block_records)
{
  g_autoptr(PsCdfWriter) w = ps_cdf_writer_new ();
  g_autoptr(PsCdfFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) data = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  const gint32 ints[3] = { 1, -2, 300000 };
  const double d = 3.25;
  const PsCdfAttribute *attr;
  const PsCdfAttrEntry *entry;
  guint nrv, empty;

  name = g_strdup_printf ("ps-test-writer-%d-%u-%u-%u.cdf", (int) getpid (), encoding, compression, block_records);
  path = temp_path (name);
  ps_cdf_writer_set_encoding (w, encoding);
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      const VarSpec *s = &specs[i];
      guint v = ps_cdf_writer_add_variable (w, s->name, s->type, s->num_elems, s->n_dims, s->dims, TRUE);
      GBytes *b = make_values (i, N_RECORDS * spec_record_bytes (s));

      g_assert_cmpuint (v, ==, i);
      ps_cdf_writer_set_values (w, v, b, N_RECORDS);
      ps_cdf_writer_set_compression (w, v, compression, 6);
      ps_cdf_writer_set_block_records (w, v, block_records);
      ps_cdf_writer_set_variable_string (w, "FIELDNAM", v, s->name);
      g_ptr_array_add (data, b);
    }
  ps_cdf_writer_set_variable_entry (w, "VALIDMIN", 2, PS_CDF_INT4, 1, &ints[1]);
  ps_cdf_writer_set_pad_value (w, 10, &d);

  nrv = ps_cdf_writer_add_variable (w, "nrv", PS_CDF_DOUBLE, 1, 1, (guint32[]) { 3 }, FALSE);
  g_ptr_array_add (data, make_values (99, 3 * sizeof (double)));
  ps_cdf_writer_set_values (w, nrv, g_ptr_array_index (data, data->len - 1), 1);
  empty = ps_cdf_writer_add_variable (w, "empty", PS_CDF_FLOAT, 1, 0, NULL, TRUE);
  ps_cdf_writer_set_compression (w, empty, compression, 6);

  ps_cdf_writer_add_global_entry (w, "Project", 0, PS_CDF_CHAR, 11, "Plasmascope");
  ps_cdf_writer_add_global_entry (w, "Project", 2, PS_CDF_INT4, 3, ints);
  ps_cdf_writer_add_global_entry (w, "Scale", 0, PS_CDF_DOUBLE, 1, &d);

  g_assert_true (ps_cdf_writer_write (w, path, &error));
  g_assert_no_error (error);

  file = ps_cdf_file_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_cdf_file_get_encoding (file), ==, encoding);
  g_assert_cmpint (ps_cdf_file_get_majority (file), ==, PS_CDF_MAJORITY_ROW);
  g_assert_cmpuint (ps_cdf_file_get_n_variables (file), ==, G_N_ELEMENTS (specs) + 2);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      const VarSpec *s = &specs[i];
      const PsCdfVariable *var = ps_cdf_file_lookup_variable (file, s->name);
      gsize rb = spec_record_bytes (s), size = 0, expected_size;
      const guint8 *expected = g_bytes_get_data (g_ptr_array_index (data, i), &expected_size);
      g_autofree guint8 *all = NULL;
      const gint64 ranges[][2] = { { 0, 1 }, { 3, 9 }, { 6, 20 }, { N_RECORDS - 1, 1 }, { 10, 0 } };

      g_assert_nonnull (var);
      g_assert_cmpint (var->type, ==, s->type);
      g_assert_cmpuint (var->num_elems, ==, s->num_elems);
      g_assert_cmpuint (var->n_dims, ==, s->n_dims);
      for (guint j = 0; j < s->n_dims; j++)
        g_assert_cmpuint (var->dims[j], ==, s->dims[j]);
      g_assert_cmpint (var->n_records, ==, N_RECORDS);
      g_assert_cmpint (var->compression, ==, compression);
      all = ps_cdf_variable_read_alloc (file, var, 0, N_RECORDS, &size, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (all, size, expected, expected_size);
      for (guint k = 0; k < G_N_ELEMENTS (ranges); k++)
        {
          g_autofree guint8 *part = ps_cdf_variable_read_alloc (file, var, ranges[k][0], ranges[k][1], &size, &error);

          g_assert_no_error (error);
          g_assert_cmpmem (part, size, expected + ranges[k][0] * rb, ranges[k][1] * rb);
        }
      /* zero-copy view: only when the bytes are the delivered values */
      {
        gconstpointer direct = ps_cdf_variable_peek (file, var, 3, 2);
        gboolean possible = compression == PS_CDF_COMPRESSION_NONE && block_records != 1 &&
                            (encoding == PS_CDF_ENCODING_IBMPC || ps_cdf_type_size (s->type) == 1 ||
                             s->type == PS_CDF_CHAR || s->type == PS_CDF_UCHAR);

        if (block_records >= 5)
          g_assert_true ((direct != NULL) == possible);
        if (direct != NULL)
          g_assert_cmpmem (direct, 2 * rb, expected + 3 * rb, 2 * rb);
      }
      entry = ps_cdf_variable_get_attribute (file, var, "FIELDNAM");
      g_assert_nonnull (entry);
      g_assert_cmpint (entry->type, ==, PS_CDF_CHAR);
      g_assert_cmpstr ((const char *) entry->data, ==, s->name);
    }

  entry = ps_cdf_variable_get_attribute (file, ps_cdf_file_get_variable (file, 2), "VALIDMIN");
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->type, ==, PS_CDF_INT4);
  g_assert_cmpint (*(const gint32 *) entry->data, ==, -2);
  g_assert_null (ps_cdf_variable_get_attribute (file, ps_cdf_file_get_variable (file, 3), "VALIDMIN"));
  g_assert_true (ps_cdf_file_get_variable (file, 10)->pad_value_set);
  g_assert_cmpfloat (*(const double *) ps_cdf_file_get_variable (file, 10)->pad_value, ==, d);

  {
    const PsCdfVariable *var = ps_cdf_file_get_variable (file, nrv);
    g_autofree guint8 *buf = NULL;
    gsize size = 0;

    g_assert_false (var->record_varys);
    g_assert_cmpint (var->n_records, ==, 1);
    buf = ps_cdf_variable_read_alloc (file, var, 0, 1, &size, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (buf, size, g_bytes_get_data (g_ptr_array_index (data, data->len - 1), NULL), 3 * sizeof (double));
    var = ps_cdf_file_get_variable (file, empty);
    g_assert_cmpint (var->n_records, ==, 0);
  }

  g_assert_cmpuint (ps_cdf_file_get_n_attributes (file), ==, 4);
  attr = ps_cdf_file_lookup_attribute (file, "Project");
  g_assert_nonnull (attr);
  g_assert_true (attr->is_global);
  g_assert_cmpuint (attr->n_entries, ==, 2);
  g_assert_cmpuint (attr->entries[0].number, ==, 0);
  g_assert_cmpstr ((const char *) attr->entries[0].data, ==, "Plasmascope");
  g_assert_cmpuint (attr->entries[1].number, ==, 2);
  g_assert_cmpint (attr->entries[1].type, ==, PS_CDF_INT4);
  g_assert_cmpmem (attr->entries[1].data, attr->entries[1].size, ints, sizeof ints);
  attr = ps_cdf_file_lookup_attribute (file, "Scale");
  g_assert_cmpfloat (*(const double *) attr->entries[0].data, ==, d);

  g_clear_pointer (&file, ps_cdf_file_unref);
  g_unlink (path);
}

static void
test_plain_ibmpc (void)
{
  round_trip (PS_CDF_ENCODING_IBMPC, PS_CDF_COMPRESSION_NONE, 7);
}

static void
test_plain_network (void)
{
  round_trip (PS_CDF_ENCODING_NETWORK, PS_CDF_COMPRESSION_NONE, 5);
}

static void
test_plain_one_block (void)
{
  round_trip (PS_CDF_ENCODING_IBMPC, PS_CDF_COMPRESSION_NONE, 0);
}

static void
test_gzip_ibmpc (void)
{
  round_trip (PS_CDF_ENCODING_IBMPC, PS_CDF_COMPRESSION_GZIP, 4);
}

static void
test_gzip_network (void)
{
  round_trip (PS_CDF_ENCODING_NETWORK, PS_CDF_COMPRESSION_GZIP, 1);
}

/* Enough blocks (more than one VXR) and bytes for the parallel paths. */
static void
test_large_gzip (void)
{
  const guint32 dims[] = { 3 };
  const gint64 n = 300000;
  g_autoptr(PsCdfWriter) w = ps_cdf_writer_new ();
  g_autoptr(PsCdfFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("ps-test-writer-large-%d.cdf", (int) getpid ());
  g_autofree char *path = temp_path (name);
  g_autoptr(GBytes) values = NULL;
  double *v = g_new (double, n * 3);
  guint var;

  for (gint64 i = 0; i < n * 3; i++)
    v[i] = (double) (i % 1000) * 0.5 + (double) (i / 1000);
  values = g_bytes_new_take (v, n * 3 * sizeof (double));
  for (guint c = 0; c < 2; c++)
    {
      var = ps_cdf_writer_add_variable (w, c ? "B_gzip" : "B", PS_CDF_DOUBLE, 1, 1, dims, TRUE);
      ps_cdf_writer_set_values (w, var, values, n);
      ps_cdf_writer_set_block_records (w, var, 997);
      if (c)
        ps_cdf_writer_set_compression (w, var, PS_CDF_COMPRESSION_GZIP, 1);
    }
  g_assert_true (ps_cdf_writer_write (w, path, &error));
  g_assert_no_error (error);
  file = ps_cdf_file_open (path, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < 2; c++)
    {
      const PsCdfVariable *pv = ps_cdf_file_get_variable (file, c);
      gsize size = 0;
      g_autofree double *all = ps_cdf_variable_read_alloc (file, pv, 0, n, &size, &error);
      g_autofree double *part = NULL;

      g_assert_no_error (error);
      g_assert_cmpmem (all, size, v, n * 3 * sizeof (double));
      part = ps_cdf_variable_read_alloc (file, pv, 1234, 200000, &size, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (part, size, v + 1234 * 3, 200000 * 3 * sizeof (double));
    }
  g_clear_pointer (&file, ps_cdf_file_unref);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/CdfWriter/plain/ibmpc", test_plain_ibmpc);
  g_test_add_func ("/CdfWriter/plain/network", test_plain_network);
  g_test_add_func ("/CdfWriter/plain/one-block", test_plain_one_block);
  g_test_add_func ("/CdfWriter/gzip/ibmpc", test_gzip_ibmpc);
  g_test_add_func ("/CdfWriter/gzip/network", test_gzip_network);
  g_test_add_func ("/CdfWriter/gzip/large", test_large_gzip);
  return g_test_run ();
}
