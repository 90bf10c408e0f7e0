/* test-csa.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Cluster Science Archive: its TAP answers (the fixtures of
 * tests/data/providers/csa/README.md) parsed into the inventory, broken
 * answers refused with clear errors, the tar reader on good and
 * malformed archives, and the provider over real HTTP on 127.0.0.1
 * (tests/test-server.py with exact routes): the inventory, gets of
 * gzip-compressed and plain archives, of an archive of two CDF files, of
 * empty answers, faults, and ps_get_async() twice, the second time from
 * the cache. The data CDF files are made here, at test time, from the
 * real (record-less) master CDF of C3_CP_EFW_L3_E3D_INERT: its variables
 * and attributes, with records added (EPOCH16 times).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ps-cdf-writer.h"
#include "ps-csa-parse.h"
#include "ps-csa-provider.h"
#include "ps-get.h"
#include "ps-tar.h"
#include "test-http.h"

#define CSA_DIR     TEST_DATA_DIR "/providers/csa"
#define MASTER      CSA_DIR "/c3_cp_efw_l3_e3d_inert_00000000_v01.cdf"
#define MASTER_ARCHIVE CSA_DIR "/c3_cp_efw_l3_e3d_inert_master.tar.gz"
#define DATASETS    CSA_DIR "/csa_datasets.csv"
#define PARAMETERS  CSA_DIR "/csa_parameters.csv"
#define DATASET     "C3_CP_EFW_L3_E3D_INERT"
#define VARIABLE    "E_Vec_xyz_ISR2__C3_CP_EFW_L3_E3D_INERT"
#define PRODUCT     "csa/" DATASET "/" VARIABLE
#define S           G_GINT64_CONSTANT (1000000000)
#define DAY         G_GINT64_CONSTANT (86400)
#define T2005       G_GINT64_CONSTANT (1104537600) /* 2005-01-01T00:00:00Z */
#define FRACTION    G_GINT64_CONSTANT (123456789)  /* ns after each whole second */
/* Seconds from 0000-01-01 (EPOCH16's origin) to 1970-01-01 */
#define EPOCH16_1970 62167219200.0

static TestServer server;
static char *root;

/* --- making data ----------------------------------------------------------- */

static PsTime
sample_time (int    day,
             guint  i)
{
  return (T2005 + (day - 1) * DAY + 2 + 4 * (gint64) i) * S + FRACTION;
}

static float
sample_value (int   day,
              guint i,
              guint j)
{
  if (j == 0)
    return (float) (day * 1000 + (int) i);
  if (j == 1)
    return -0.5f * (float) i;
  return i % 10 == 9 ? -1e31f : 0.25f * (float) i;
}

/* The same times in CDF_EPOCH (milliseconds): 123 ms after the second */
static PsTime
sample_time_epoch (int   day,
                   guint i)
{
  return (T2005 + (day - 1) * DAY + 2 + 4 * (gint64) i) * S + 123000000;
}

/* A data CDF of day @day, samples @first … @first + @n - 1: the master's
 * variables and attributes, with records; times in @time_type (EPOCH16,
 * as the archive has them, or EPOCH) */
static GBytes *
make_data_cdf_typed (int       day,
                     guint     first,
                     guint     n,
                     PsCdfType time_type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) master = ps_cdf_file_open (MASTER, &error);
  g_autoptr(PsCdfWriter) writer = ps_cdf_writer_new ();
  g_autofree char *path = g_strdup_printf ("%s/made-%d-%u.cdf", root, day, first);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_assert_true (ps_cdf_file_load_attributes (master, &error));
  ps_cdf_writer_set_encoding (writer, PS_CDF_ENCODING_NETWORK);

  for (guint a = 0; a < ps_cdf_file_get_n_attributes (master); a++)
    {
      const PsCdfAttribute *attr = ps_cdf_file_get_attribute (master, a);

      if (!attr->is_global)
        continue;
      for (guint e = 0; e < attr->n_entries; e++)
        ps_cdf_writer_add_global_entry (writer, attr->name, attr->entries[e].number, attr->entries[e].type,
                                        attr->entries[e].num_elems, attr->entries[e].data);
    }
  for (guint v = 0; v < ps_cdf_file_get_n_variables (master); v++)
    {
      const PsCdfVariable *var = ps_cdf_file_get_variable (master, v);
      PsCdfType type = var->type == PS_CDF_EPOCH16 ? time_type : var->type;
      guint out = ps_cdf_writer_add_variable (writer, var->name, type, var->num_elems,
                                              var->n_dims, var->dims, var->record_varys);
      g_autoptr(GBytes) values = NULL;

      if (var->pad_value_set && type == var->type)
        ps_cdf_writer_set_pad_value (writer, out, var->pad_value);
      for (guint a = 0; a < ps_cdf_file_get_n_attributes (master); a++)
        {
          const PsCdfAttribute *attr = ps_cdf_file_get_attribute (master, a);
          const PsCdfAttrEntry *entry;

          if (attr->is_global)
            continue;
          entry = ps_cdf_variable_get_attribute_entry (master, var, attr);
          if (entry != NULL && type != var->type && entry->type == PS_CDF_EPOCH16)
            continue; /* FILLVAL, VALIDMIN… of the time variable: not EPOCH */
          if (entry != NULL)
            ps_cdf_writer_set_variable_entry (writer, attr->name, out, entry->type, entry->num_elems, entry->data);
        }

      if (!var->record_varys)
        {
          gsize size = 0;
          gpointer data = ps_cdf_variable_read_alloc (master, var, 0, 1, &size, &error);

          g_assert_no_error (error);
          values = g_bytes_new_take (data, size);
          ps_cdf_writer_set_values (writer, out, values, 1);
        }
      else if (type == PS_CDF_EPOCH)
        {
          double *t = g_new (double, n);

          for (guint i = 0; i < n; i++)
            t[i] = (EPOCH16_1970 + (double) (sample_time_epoch (day, first + i) / S)) * 1000.0 + 123.0;
          values = g_bytes_new_take (t, n * sizeof (double));
          ps_cdf_writer_set_values (writer, out, values, n);
        }
      else if (var->type == PS_CDF_EPOCH16)
        {
          double *t = g_new (double, 2 * n);

          for (guint i = 0; i < n; i++)
            {
              PsTime time = sample_time (day, first + i);

              t[2 * i] = EPOCH16_1970 + (double) (time / S);
              t[2 * i + 1] = (double) (time % S) * 1000.0;
            }
          values = g_bytes_new_take (t, 2 * n * sizeof (double));
          ps_cdf_writer_set_values (writer, out, values, n);
        }
      else if (var->type == PS_CDF_FLOAT)
        {
          guint m = var->n_dims == 1 ? var->dims[0] : 1;
          float *x = g_new (float, n * m);

          for (guint i = 0; i < n; i++)
            for (guint j = 0; j < m; j++)
              x[i * m + j] = m == 1 ? 0.125f * (float) (first + i) : sample_value (day, first + i, j);
          values = g_bytes_new_take (x, n * m * sizeof (float));
          ps_cdf_writer_set_values (writer, out, values, n);
        }
      else if (var->type == PS_CDF_INT4)
        {
          gint32 *x = g_new0 (gint32, n);

          for (guint i = 0; i < n; i++)
            x[i] = 4;
          values = g_bytes_new_take (x, n * sizeof (gint32));
          ps_cdf_writer_set_values (writer, out, values, n);
        }
      else
        g_error ("unexpected variable %s", var->name);
    }
  g_assert_true (ps_cdf_writer_write (writer, path, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_unlink (path);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static GBytes *
make_data_cdf (int   day,
               guint first,
               guint n)
{
  return make_data_cdf_typed (day, first, n, PS_CDF_EPOCH16);
}

/* A ustar header and its data; @type '0' a file, '5' a folder… */
static void
tar_add (GByteArray *tar,
         const char *name,
         GBytes     *data,
         char        type)
{
  guint8 h[512] = { 0 };
  gsize size = data != NULL ? g_bytes_get_size (data) : 0;
  guint sum = 0;
  static const guint8 zeros[512] = { 0 };

  g_assert_cmpuint (strlen (name), <, 100);
  memcpy (h, name, strlen (name));
  memcpy (h + 100, "0000644", 8);
  memcpy (h + 108, "0000000", 8);
  memcpy (h + 116, "0000000", 8);
  g_snprintf ((char *) h + 124, 12, "%011" G_GSIZE_MODIFIER "o", size);
  memcpy (h + 136, "14764573200", 12);
  h[156] = (guint8) type;
  memcpy (h + 257, "ustar", 6);
  memcpy (h + 263, "00", 2);
  memset (h + 148, ' ', 8);
  for (guint i = 0; i < 512; i++)
    sum += h[i];
  g_snprintf ((char *) h + 148, 8, "%06o", sum);
  g_byte_array_append (tar, h, 512);
  if (size > 0)
    {
      g_byte_array_append (tar, g_bytes_get_data (data, NULL), size);
      g_byte_array_append (tar, zeros, (512 - size % 512) % 512);
    }
}

static GBytes *
tar_end (GByteArray *tar)
{
  static const guint8 zeros[1024] = { 0 };

  g_byte_array_append (tar, zeros, sizeof zeros);
  return g_byte_array_free_to_bytes (tar);
}

static GBytes *
gzip (GBytes *data)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const void *p = g_bytes_get_data (data, &size);

  g_assert_true (g_output_stream_write_all (out, p, size, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
save (const char *name,
      GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (root, name, NULL);
  gsize size = 0;
  const char *p = g_bytes_get_data (bytes, &size);

  g_file_set_contents (path, p, (gssize) size, &error);
  g_assert_no_error (error);
}

static char *
read_data (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* --- the tar reader -------------------------------------------------------- */

static GPtrArray *
read_tar (GBytes  *archive,
          GError **error)
{
  GPtrArray *members = ps_tar_read (archive, 1 << 20, error);

  g_assert_true ((members == NULL) == (*error != NULL));
  return members;
}

#define LONG_NAME "CSA_Download/" DATASET "/" DATASET "__20050101_000000_20050102_000000_V180519.cdf"

static void
test_tar_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) block = g_bytes_new_take (g_malloc0 (512), 512);
  g_autoptr(GBytes) long_name = g_bytes_new_static (LONG_NAME, strlen (LONG_NAME));
  g_autoptr(GBytes) pax = g_bytes_new_static ("29 path=a/very/long/pax/name\n", 29);
  GByteArray *tar = g_byte_array_new ();
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GPtrArray) members = NULL;
  const PsTarMember *m;

  tar_add (tar, "CSA_Download/", NULL, '5');
  tar_add (tar, "CSA_Download/hello.txt", hello, '0');
  tar_add (tar, "../escape.cdf", hello, '0');
  tar_add (tar, "/etc/passwd", hello, '0');
  tar_add (tar, "link", NULL, '2');
  tar_add (tar, "././@LongLink", long_name, 'L');
  tar_add (tar, "short", block, '0');
  tar_add (tar, "PaxHeaders/x", pax, 'x');
  tar_add (tar, "ignored", hello, '0');
  archive = tar_end (tar);

  members = read_tar (archive, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 3);
  m = g_ptr_array_index (members, 0);
  g_assert_cmpstr (m->name, ==, "CSA_Download/hello.txt");
  g_assert_cmpmem (g_bytes_get_data (m->contents, NULL), g_bytes_get_size (m->contents), "hello", 5);
  m = g_ptr_array_index (members, 1);
  g_assert_true (g_str_has_suffix (m->name, "_V180519.cdf"));
  g_assert_cmpstr (m->name, ==, LONG_NAME);
  g_assert_cmpuint (g_bytes_get_size (m->contents), ==, 512);
  m = g_ptr_array_index (members, 2);
  g_assert_cmpstr (m->name, ==, "a/very/long/pax/name");
  g_clear_pointer (&members, g_ptr_array_unref);

  /* The same, gzip-compressed */
  compressed = gzip (archive);
  g_assert_true (ps_tar_is_gzip (compressed));
  members = read_tar (compressed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 3);
  g_clear_pointer (&members, g_ptr_array_unref);

  /* Nothing: no members */
  g_clear_pointer (&archive, g_bytes_unref);
  archive = g_bytes_new_static ("", 0);
  members = read_tar (archive, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 0);
}

static void
assert_tar_error (GBytes     *archive,
                  int         code,
                  const char *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = read_tar (archive, &error);

  g_assert_null (members);
  g_assert_error (error, PS_TAR_ERROR, code);
  if (part != NULL && strstr (error->message, part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, part);
}

static void
test_tar_malformed (void)
{
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) good = NULL;
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(GBytes) compressed = NULL;
  GByteArray *tar = g_byte_array_new ();
  gsize size = 0;
  const guint8 *p;
  guint8 *copy;

  tar_add (tar, "one.cdf", hello, '0');
  tar_add (tar, "two.cdf", hello, '0');
  good = tar_end (tar);
  p = g_bytes_get_data (good, &size);
  g_assert_cmpuint (size, ==, 6 * 512);

  /* A bad checksum: in the first header, not a tar archive; later, corrupt */
  copy = g_memdup2 (p, size);
  copy[1024 + 10] ^= 0x01;
  bad = g_bytes_new_take (copy, size);
  assert_tar_error (bad, PS_TAR_ERROR_CORRUPT, "checksum");
  g_clear_pointer (&bad, g_bytes_unref);
  copy = g_memdup2 (p, size);
  copy[0] = 'X';
  bad = g_bytes_new_take (copy, size);
  assert_tar_error (bad, PS_TAR_ERROR_NOT_TAR, NULL);
  g_clear_pointer (&bad, g_bytes_unref);

  /* A size beyond the end */
  copy = g_memdup2 (p, size);
  {
    guint sum = 0;

    g_snprintf ((char *) copy + 1024 + 124, 12, "%011o", 99999u);
    memset (copy + 1024 + 148, ' ', 8);
    for (guint i = 0; i < 512; i++)
      sum += copy[1024 + i];
    g_snprintf ((char *) copy + 1024 + 148, 8, "%06o", sum);
  }
  bad = g_bytes_new_take (copy, size);
  assert_tar_error (bad, PS_TAR_ERROR_TRUNCATED, "99999");
  g_clear_pointer (&bad, g_bytes_unref);

  /* No end-of-archive blocks; a cut header */
  bad = g_bytes_new_from_bytes (good, 0, 4 * 512);
  assert_tar_error (bad, PS_TAR_ERROR_TRUNCATED, "end-of-archive");
  g_clear_pointer (&bad, g_bytes_unref);
  bad = g_bytes_new_from_bytes (good, 0, 1024 + 100);
  assert_tar_error (bad, PS_TAR_ERROR_TRUNCATED, NULL);
  g_clear_pointer (&bad, g_bytes_unref);

  /* Text; zeros: an empty archive */
  bad = g_bytes_new_static ("<html><body>Service unavailable</body></html>", 45);
  assert_tar_error (bad, PS_TAR_ERROR_NOT_TAR, NULL);
  g_clear_pointer (&bad, g_bytes_unref);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) zeros = g_bytes_new_take (g_malloc0 (2048), 2048);
    g_autoptr(GPtrArray) none = read_tar (zeros, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* gzip: cut, corrupt, or inflating past the limit */
  compressed = gzip (good);
  bad = g_bytes_new_from_bytes (compressed, 0, g_bytes_get_size (compressed) - 10);
  assert_tar_error (bad, PS_TAR_ERROR_TRUNCATED, NULL);
  g_clear_pointer (&bad, g_bytes_unref);
  p = g_bytes_get_data (compressed, &size);
  copy = g_memdup2 (p, size);
  for (gsize i = 12; i < size - 8; i++)
    copy[i] ^= 0x5a;
  bad = g_bytes_new_take (copy, size);
  assert_tar_error (bad, PS_TAR_ERROR_CORRUPT, NULL);
  g_clear_pointer (&bad, g_bytes_unref);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) zeros = g_bytes_new_take (g_malloc0 (1 << 20), 1 << 20);
    g_autoptr(GBytes) bomb = gzip (zeros);

    g_assert_cmpuint (g_bytes_get_size (bomb), <, 4096);
    g_assert_null (ps_tar_read (bomb, 65536, &error));
    g_assert_error (error, PS_TAR_ERROR, PS_TAR_ERROR_TOO_LARGE);
  }
}

/* --- TAP answers ----------------------------------------------------------- */

static void
assert_table_error (const char *csv,
                    int         code,
                    const char *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCsaTable) table = ps_csa_parse_table (csv, strlen (csv), &error);

  g_assert_null (table);
  g_assert_error (error, PS_CSA_ERROR, code);
  if (part != NULL && strstr (error->message, part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, part);
}

static void
test_parse_table (void)
{
  g_autoptr(GError) error = NULL;
  const char *csv = "\xef\xbb\xbf" "a,b,c\r\n1,\"x, \"\"y\"\"\",\r\n\r\n,\"two\nlines\",3";
  g_autoptr(PsCsaTable) table = ps_csa_parse_table (csv, strlen (csv), &error);
  char **row;

  g_assert_no_error (error);
  g_assert_cmpuint (table->n_columns, ==, 3);
  g_assert_cmpint (ps_csa_table_column (table, "B"), ==, 1);
  g_assert_cmpint (ps_csa_table_column (table, "d"), ==, -1);
  g_assert_cmpuint (table->rows->len, ==, 2);
  row = g_ptr_array_index (table->rows, 0);
  g_assert_cmpstr (row[0], ==, "1");
  g_assert_cmpstr (row[1], ==, "x, \"y\"");
  g_assert_cmpstr (row[2], ==, "");
  row = g_ptr_array_index (table->rows, 1);
  g_assert_cmpstr (row[0], ==, "");
  g_assert_cmpstr (row[1], ==, "two\nlines");
  g_assert_cmpstr (row[2], ==, "3");

  assert_table_error ("", PS_CSA_ERROR_PARSE, "empty");
  assert_table_error ("\n\n", PS_CSA_ERROR_PARSE, "empty");
  assert_table_error ("a,b\n1,2,3\n", PS_CSA_ERROR_PARSE, "Line 2");
  assert_table_error ("a,b\n1,\"2\n", PS_CSA_ERROR_PARSE, "never closed");
  assert_table_error ("a,b\n1,\"2\"x\n", PS_CSA_ERROR_PARSE, "closing quote");
  assert_table_error ("a,b\n1,2\"x\n", PS_CSA_ERROR_PARSE, "quote");
  assert_table_error ("a,b\n1,\xff\xfe\n", PS_CSA_ERROR_PARSE, "UTF-8");
  {
    g_autoptr(PsCsaTable) nul = ps_csa_parse_table ("a,b\n1,\0002\n", 9, &error);

    g_assert_null (nul);
    g_assert_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE);
    g_clear_error (&error);
  }
  assert_table_error ("<!DOCTYPE html><html><body>Maintenance</body></html>", PS_CSA_ERROR_PARSE, "HTML");
  assert_table_error ("<?xml version=\"1.0\"?><VOTABLE><RESOURCE type=\"results\">"
                      "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">Cannot parse query: "
                      "Column \"nope\" does not exist</INFO></RESOURCE></VOTABLE>",
                      PS_CSA_ERROR_SERVER, "Column \"nope\" does not exist");
}

static void
test_parse_inventory (void)
{
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *datasets_csv = read_data (DATASETS, &length);
  g_autoptr(GPtrArray) datasets = ps_csa_parse_datasets (datasets_csv, length, &error);
  g_autofree char *parameters_csv = NULL;
  g_autoptr(GPtrArray) parameters = NULL;
  g_autoptr(PsInventoryNode) tree = NULL;
  const PsCsaDataset *d;
  PsInventoryNode *node;
  PsTime start, stop;

  g_assert_no_error (error);
  g_assert_cmpuint (datasets->len, ==, 5);
  d = g_ptr_array_index (datasets, 0);
  g_assert_cmpstr (d->id, ==, DATASET);
  g_assert_cmpstr (d->title, ==, "3D Electric field in ISR2 (4-sec)");
  g_assert_cmpstr (d->observatory, ==, "C3");
  g_assert_cmpstr (d->instrument, ==, "EFW");
  g_assert_cmpstr (d->mission, ==, "Cluster");
  g_assert_cmpstr (d->last_update, ==, "2023-03-14 10:12:41.0");
  g_assert_cmpint (d->cadence, ==, 4 * S);
  g_assert_true (ps_time_parse_iso ("2001-02-01T00:00:00Z", &start, NULL));
  g_assert_true (ps_time_parse_iso ("2024-09-08T00:00:00Z", &stop, NULL));
  g_assert_cmpint (d->coverage.start, ==, start);
  g_assert_cmpint (d->coverage.stop, ==, stop);
  d = g_ptr_array_index (datasets, 1);
  g_assert_cmpstr (d->title, ==, "Magnetic Field Vector, spin resolution in GSE");
  g_assert_cmpstr (d->description, ==, "Spin resolution (4 s) magnetic field from the \"FGM\" fluxgate magnetometer");
  g_assert_null (d->last_update);
  d = g_ptr_array_index (datasets, 2);
  g_assert_cmpstr (d->observatory, ==, "C4"); /* from the id */
  d = g_ptr_array_index (datasets, 4);
  g_assert_cmpstr (d->observatory, ==, "MULTIPLE");
  g_assert_nonnull (strstr (d->description, "spacecraft,\r\ntheir"));

  parameters_csv = read_data (PARAMETERS, &length);
  parameters = ps_csa_parse_parameters (parameters_csv, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parameters->len, ==, 12);

  tree = ps_csa_inventory_new (datasets, parameters);
  g_assert_cmpstr (ps_inventory_node_get_path (tree), ==, "csa");
  g_assert_cmpstr (ps_inventory_node_get_name (tree), ==, "Cluster Science Archive");
  g_assert_cmpuint (ps_inventory_node_get_n_children (tree), ==, 2); /* Cluster, Double Star */
  /* root + 2 missions + 5 observatories + 5 instruments + 5 datasets + 10 parameters */
  g_assert_cmpuint (ps_inventory_node_count (tree), ==, 1 + 2 + 5 + 5 + 5 + 10);
  node = ps_inventory_node_lookup (tree, "csa/#/Cluster/C3/EFW");
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_kind (node), ==, PS_INVENTORY_INSTRUMENT);
  g_assert_cmpstr (ps_inventory_node_get_name (ps_inventory_node_get_parent (node)), ==, "Cluster 3 (Samba)");
  node = ps_inventory_node_lookup (tree, "csa/" DATASET);
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_kind (node), ==, PS_INVENTORY_DATASET);
  g_assert_cmpstr (ps_inventory_node_get_description (node), ==, "3D Electric field in ISR2 (4-sec)");
  g_assert_cmpuint (ps_inventory_node_get_n_children (node), ==, 3);
  node = ps_inventory_node_lookup (tree, PRODUCT);
  g_assert_nonnull (node);
  g_assert_cmpint (ps_inventory_node_get_kind (node), ==, PS_INVENTORY_PARAMETER);
  g_assert_cmpstr (ps_inventory_node_get_name (node), ==, "E_Vec_xyz_ISR2");
  g_assert_cmpstr (ps_inventory_node_get_units (node), ==, "mV/m");
  g_assert_cmpint (ps_inventory_node_get_display_kind (node), ==, PS_DISPLAY_VECTOR);
  g_assert_cmpint (ps_inventory_node_get_cadence (node), ==, 4 * S);
  g_assert_cmpint (ps_inventory_node_get_coverage (node)->start, ==, start);
  g_assert_cmpstr (ps_inventory_node_get_key (node, "label"), ==, "Electric Field (ISR2)");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "fill"), ==, "-1e+31");
  node = ps_inventory_node_lookup (tree, "csa/C1_CP_FGM_SPIN/B_vec_xyz_gse__C1_CP_FGM_SPIN");
  g_assert_cmpstr (ps_inventory_node_get_key (node, "label"), ==, "B_x, B_y, B_z (GSE)");
  g_assert_cmpstr (ps_inventory_node_get_description (node), ==, "Magnetic field vector"); /* not "listed twice" */
  node = ps_inventory_node_lookup (tree, "csa/CL_SP_AUX/sc_dr_xyz_gse__CL_SP_AUX");
  g_assert_cmpint (ps_inventory_node_get_display_kind (node), ==, PS_DISPLAY_MULTI);
  g_assert_cmpstr (ps_inventory_node_get_description (node), ==, "Separation vectors \"dr\" of the four spacecraft");
  g_assert_nonnull (ps_inventory_node_lookup (tree, "csa/#/Double Star/D2/FGM"));
  g_assert_null (ps_inventory_node_lookup (tree, "csa/C2_CP_FGM_SPIN/B_vec_xyz_gse__C2_CP_FGM_SPIN"));

  /* Broken tables */
  g_clear_pointer (&datasets, g_ptr_array_unref);
  datasets = ps_csa_parse_datasets ("title\nx\n", 8, &error);
  g_assert_null (datasets);
  g_assert_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "dataset_id"));
  g_clear_error (&error);
  datasets = ps_csa_parse_datasets ("dataset_id,start_date,end_date\nX,yesterday,2005-01-01\n", 52, &error);
  g_assert_null (datasets);
  g_assert_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "yesterday"));
  g_clear_error (&error);
  datasets = ps_csa_parse_datasets ("dataset_id,time_resolution\nX,fast\n", 34, &error);
  g_assert_null (datasets);
  g_assert_nonnull (strstr (error->message, "fast"));
  g_clear_error (&error);
  g_clear_pointer (&parameters, g_ptr_array_unref);
  parameters = ps_csa_parse_parameters ("parameter_id,units\nx,nT\n", 24, &error);
  g_assert_null (parameters);
  g_assert_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE);
  g_clear_error (&error);
  /* Rows without ids are left out */
  datasets = ps_csa_parse_datasets ("dataset_id,title\n,x\nA_B_C,y\n", 28, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (datasets->len, ==, 1);
}

/* --- reading archives ------------------------------------------------------ */

static void
assert_series_day (PsSeries *series,
                   int       day,
                   guint     first,
                   guint     n)
{
  g_assert_cmpuint (ps_series_get_n (series), ==, n);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (ps_series_get_time (series, i), ==, sample_time (day, first + i));
      g_assert_cmpfloat (ps_series_get_value (series, i, 0), ==, sample_value (day, first + i, 0));
      g_assert_cmpfloat (ps_series_get_value (series, i, 1), ==, sample_value (day, first + i, 1));
      if ((first + i) % 10 == 9)
        g_assert_true (isnan (ps_series_get_value (series, i, 2)));
      else
        g_assert_cmpfloat (ps_series_get_value (series, i, 2), ==, sample_value (day, first + i, 2));
    }
}

static void
test_read_archive (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cdf = make_data_cdf (1, 0, 100);
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(PsSeries) series = NULL;
  PsTimeRange range = ps_time_range_make (sample_time (1, 10), sample_time (1, 20));
  GByteArray *tar = g_byte_array_new ();

  tar_add (tar, "CSA_Download_20241122_0800/" DATASET "/x.cdf", cdf, '0');
  archive = tar_end (tar);
  compressed = gzip (archive);

  series = ps_csa_read_archive (compressed, DATASET, VARIABLE, NULL, &error);
  g_assert_no_error (error);
  assert_series_day (series, 1, 0, 100);
  g_assert_cmpstr (ps_series_get_units (series), ==, "mV/m");
  /* EPOCH16 to the nanosecond: 2005-01-01T00:00:02.123456789Z */
  g_assert_cmpint (ps_series_get_time (series, 0), ==, T2005 * S + 2 * S + 123456789);
  g_clear_pointer (&series, ps_series_unref);

  series = ps_csa_read_archive (archive, DATASET, VARIABLE, &range, &error);
  g_assert_no_error (error);
  assert_series_day (series, 1, 10, 10);
  g_clear_pointer (&series, ps_series_unref);

  /* Times in CDF_EPOCH, to the millisecond */
  {
    g_autoptr(GBytes) epoch = make_data_cdf_typed (2, 0, 20, PS_CDF_EPOCH);
    g_autoptr(GBytes) packed = NULL;
    GByteArray *one = g_byte_array_new ();

    tar_add (one, "epoch.cdf", epoch, '0');
    packed = tar_end (one);
    series = ps_csa_read_archive (packed, DATASET, VARIABLE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ps_series_get_n (series), ==, 20);
    for (guint i = 0; i < 20; i++)
      g_assert_cmpint (ps_series_get_time (series, i), ==, sample_time_epoch (2, i));
    g_assert_cmpint (ps_series_get_time (series, 0), ==, (T2005 + DAY + 2) * S + 123000000);
    g_assert_cmpfloat (ps_series_get_value (series, 19, 0), ==, 2019.0);
    g_clear_pointer (&series, ps_series_unref);
  }

  /* Overlapping files: each sample once, in order */
  {
    g_autoptr(GBytes) a = make_data_cdf (1, 0, 60);
    g_autoptr(GBytes) b = make_data_cdf (1, 40, 60);
    g_autoptr(GBytes) inside = make_data_cdf (1, 10, 11);
    g_autoptr(GBytes) overlapping = NULL;
    GByteArray *three = g_byte_array_new ();

    tar_add (three, "b.cdf", b, '0');
    tar_add (three, "inside.cdf", inside, '0');
    tar_add (three, "a.cdf", a, '0');
    overlapping = tar_end (three);
    series = ps_csa_read_archive (overlapping, DATASET, VARIABLE, NULL, &error);
    g_assert_no_error (error);
    assert_series_day (series, 1, 0, 100);
    g_clear_pointer (&series, ps_series_unref);
  }

  /* The real master CDF, as the archive packs it (python's tarfile,
   * gzip): one file, byte for byte; no records, so no data */
  {
    gsize length = 0;
    g_autofree char *packed = read_data (MASTER_ARCHIVE, &length);
    g_autofree char *master = NULL;
    g_autoptr(GBytes) real = g_bytes_new (packed, length);
    g_autoptr(GPtrArray) members = ps_tar_read (real, 1 << 20, &error);
    const PsTarMember *m;

    g_assert_no_error (error);
    g_assert_cmpuint (members->len, ==, 1);
    m = g_ptr_array_index (members, 0);
    g_assert_true (g_str_has_suffix (m->name, "/C3_CP_EFW_L3_E3D_INERT__00000000_v01.cdf"));
    master = read_data (MASTER, &length);
    g_assert_cmpmem (g_bytes_get_data (m->contents, NULL), g_bytes_get_size (m->contents), master, length);
    series = ps_csa_read_archive (real, DATASET, VARIABLE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ps_series_get_n (series), ==, 0);
    g_clear_pointer (&series, ps_series_unref);
  }

  /* A variable the files do not have */
  g_assert_null (ps_csa_read_archive (archive, DATASET, "nope", NULL, &error));
  g_assert_nonnull (strstr (error->message, DATASET));
  g_clear_error (&error);
}

/* --- over HTTP ------------------------------------------------------------- */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

static PsProvider *
make_provider (const char *fault)
{
  g_autofree char *base = fault != NULL ? g_strdup_printf ("%s/_faulty/%s", server.base_url, fault)
                                        : g_strdup (server.base_url);
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  PsFetchOptions opts;

  ps_fetch_options_init (&opts);
  opts.max_retries = 0;
  opts.stall_timeout_ms = 2000;
  ps_fetcher_set_defaults (fetcher, &opts);
  return PS_PROVIDER (ps_csa_provider_new (base, fetcher));
}

static PsSeries *
fetch (PsProvider  *provider,
       const char  *product,
       int          day,
       GError     **error)
{
  PsTimeRange range = ps_time_range_make ((T2005 + (day - 1) * DAY) * S, (T2005 + day * DAY) * S);
  Wait wait = { NULL };
  PsSeries *series;

  ps_provider_fetch_async (provider, product, &range, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  series = ps_provider_fetch_finish (provider, wait.result, NULL, error);
  g_object_unref (wait.result);
  g_assert_true ((series == NULL) == (*error != NULL));
  return series;
}

static PsInventoryNode *
inventory (PsProvider  *provider,
           GError     **error)
{
  Wait wait = { NULL };
  PsInventoryNode *tree;

  ps_provider_build_inventory_async (provider, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  tree = ps_provider_build_inventory_finish (provider, wait.result, error);
  g_object_unref (wait.result);
  return tree;
}

/* Requests the server saw since the last call */
static guint
count_requests (void)
{
  g_autofree char *url = g_strconcat (server.base_url, "/_log", NULL);
  g_autofree char *reset = g_strconcat (server.base_url, "/_reset", NULL);
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(PsFetchResult) log = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  g_autofree char *body = NULL;
  gsize size = 0;
  const char *data;
  guint n = 0;

  ps_fetcher_get_async (fetcher, url, NULL, NULL, NULL, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  log = ps_fetcher_get_finish (fetcher, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  data = g_bytes_get_data (ps_fetch_result_get_body (log), &size);
  body = g_strndup (data, size);
  for (const char *p = strstr (body, "\"method\""); p != NULL; p = strstr (p + 1, "\"method\""))
    n++;
  ps_fetcher_get_async (fetcher, reset, NULL, NULL, NULL, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&wait.result);
  return n;
}

static void
test_provider_inventory (void)
{
  g_autoptr(PsProvider) provider = make_provider (NULL);
  g_autoptr(PsInventoryNode) tree = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_assert_cmpstr (ps_provider_get_name (provider), ==, "Cluster Science Archive");
  g_assert_cmpstr (ps_provider_get_prefix (provider), ==, "csa");
  g_assert_true (ps_provider_owns (provider, PRODUCT));
  g_assert_cmpint (ps_provider_get_fragment_length (provider, PRODUCT), ==, DAY * S);
  g_assert_cmpint (ps_provider_get_max_span (provider, PRODUCT), ==, 3 * DAY * S);
  url = ps_csa_provider_query_url (PS_CSA_PROVIDER (provider), "SELECT * FROM csa.v_dataset WHERE x='a b'");
  g_assert_cmpstr (url + strlen (server.base_url), ==,
                   "/tap/sync?REQUEST=doQuery&LANG=ADQL&FORMAT=CSV&QUERY=SELECT%20%2A%20FROM%20csa.v_dataset"
                   "%20WHERE%20x%3D%27a%20b%27");

  count_requests ();
  tree = inventory (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_requests (), ==, 2);
  g_assert_cmpstr (ps_inventory_node_get_path (tree), ==, "csa");
  g_assert_cmpuint (ps_inventory_node_count (tree), ==, 1 + 2 + 5 + 5 + 5 + 10);
  g_assert_nonnull (ps_inventory_node_lookup (tree, PRODUCT));
}

static void
test_provider_fetch (void)
{
  g_autoptr(PsProvider) provider = make_provider (NULL);
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  PsTimeRange range = ps_time_range_make (T2005 * S + 1, (T2005 + DAY) * S + 1);

  url = ps_csa_provider_data_url (PS_CSA_PROVIDER (provider), DATASET, &range);
  g_assert_cmpstr (url + strlen (server.base_url), ==,
                   "/data?RETRIEVAL_TYPE=product&DATASET_ID=" DATASET "&START_DATE=2005-01-01T00:00:00Z"
                   "&END_DATE=2005-01-02T00:00:01Z&DELIVERY_FORMAT=CDF_ISTP&DELIVERY_INTERVAL=all");

  /* Day 1: a gzip-compressed archive */
  count_requests ();
  series = fetch (provider, PRODUCT, 1, &error);
  g_assert_no_error (error);
  assert_series_day (series, 1, 0, 100);
  g_assert_cmpuint (count_requests (), ==, 1);
  g_clear_pointer (&series, ps_series_unref);

  /* Day 2: a plain tar archive */
  series = fetch (provider, PRODUCT, 2, &error);
  g_assert_no_error (error);
  assert_series_day (series, 2, 0, 60);
  g_clear_pointer (&series, ps_series_unref);

  /* Day 3: two files, the later one first in the archive */
  series = fetch (provider, PRODUCT, 3, &error);
  g_assert_no_error (error);
  assert_series_day (series, 3, 0, 100);
  g_clear_pointer (&series, ps_series_unref);

  /* Day 4: nothing at all; day 8: an archive without files */
  series = fetch (provider, PRODUCT, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);
  g_clear_pointer (&series, ps_series_unref);
  series = fetch (provider, PRODUCT, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);
  g_clear_pointer (&series, ps_series_unref);

  /* Day 5: no CDF; day 6: an HTML page; day 7: a broken archive */
  g_assert_null (fetch (provider, PRODUCT, 5, &error));
  g_assert_error (error, PS_CSA_ERROR, PS_CSA_ERROR_ARCHIVE);
  g_assert_nonnull (strstr (error->message, DATASET));
  g_assert_nonnull (strstr (error->message, "README.txt"));
  g_clear_error (&error);
  g_assert_null (fetch (provider, PRODUCT, 6, &error));
  g_assert_error (error, PS_CSA_ERROR, PS_CSA_ERROR_ARCHIVE);
  g_assert_nonnull (strstr (error->message, DATASET));
  g_clear_error (&error);
  g_assert_null (fetch (provider, PRODUCT, 7, &error));
  g_assert_error (error, PS_CSA_ERROR, PS_CSA_ERROR_ARCHIVE);
  g_assert_nonnull (strstr (error->message, DATASET));
  g_assert_nonnull (strstr (error->message, "checksum"));
  g_clear_error (&error);

  /* Not a CSA product: no request */
  count_requests ();
  g_assert_null (fetch (provider, "csa/" DATASET, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (fetch (provider, "csa/#/Cluster/C3", 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (count_requests (), ==, 0);
}

static void
test_provider_faults (void)
{
  struct
  {
    const char *fault;
    GQuark      inventory_domain;
    int         inventory_code;
    GQuark      data_domain;
    int         data_code;
  } cases[] = {
    { "500", PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP },
    { "404", PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP, PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP },
    { "truncate", PS_FETCH_ERROR, PS_FETCH_ERROR_TRUNCATED, PS_FETCH_ERROR, PS_FETCH_ERROR_TRUNCATED },
    { "garbage", PS_CSA_ERROR, PS_CSA_ERROR_PARSE, PS_CSA_ERROR, PS_CSA_ERROR_ARCHIVE },
    { "type", PS_FETCH_ERROR, PS_FETCH_ERROR_CONTENT_TYPE, PS_CSA_ERROR, PS_CSA_ERROR_ARCHIVE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PsProvider) provider = make_provider (cases[i].fault);
      g_autoptr(GError) error = NULL;
      g_autoptr(PsInventoryNode) tree = inventory (provider, &error);
      g_autoptr(PsSeries) series = NULL;

      g_test_message ("fault %s", cases[i].fault);
      g_assert_null (tree);
      g_assert_error (error, cases[i].inventory_domain, cases[i].inventory_code);
      g_clear_error (&error);
      series = fetch (provider, PRODUCT, 1, &error);
      g_assert_null (series);
      g_assert_error (error, cases[i].data_domain, cases[i].data_code);
      g_assert_nonnull (strstr (error->message, DATASET));
    }
}

static void
test_get_cached (void)
{
  g_autoptr(PsProvider) provider = make_provider (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ps-csa-cache-XXXXXX", &error);
  g_autoptr(PsCache) cache = NULL;
  PsTimeRange range = ps_time_range_make (sample_time (1, 10), sample_time (1, 20));

  g_assert_no_error (error);
  cache = ps_cache_open (dir, &error);
  g_assert_no_error (error);
  count_requests ();
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(PsSeries) series = NULL;
      Wait wait = { NULL };

      ps_get_async (provider, cache, PRODUCT, &range, NULL, done_cb, &wait);
      while (wait.result == NULL)
        g_main_context_iteration (NULL, TRUE);
      series = ps_get_finish (wait.result, &error);
      g_object_unref (wait.result);
      g_assert_no_error (error);
      assert_series_day (series, 1, 10, 10);
      g_assert_cmpuint (count_requests (), ==, pass == 0 ? 1 : 0);
    }
  g_clear_pointer (&cache, ps_cache_close);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_cmpint (system (command), ==, 0);
  }
}

/* --- the server's files ---------------------------------------------------- */

static void
write_fixtures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new ("[\n");
  g_autofree char *routes = g_build_filename (root, "routes.json", NULL);
  g_autofree char *datasets_query = g_strescape (PS_CSA_DATASETS_QUERY, NULL);
  g_autofree char *parameters_query = g_strescape (PS_CSA_PARAMETERS_QUERY, NULL);
  g_autoptr(GBytes) readme = g_bytes_new_static ("No data\n", 8);
  g_autoptr(GBytes) html = g_bytes_new_static ("<!DOCTYPE html><html><body>Error 500</body></html>\n", 51);
  gsize length = 0;
  g_autofree char *datasets = read_data (DATASETS, &length);
  g_autoptr(GBytes) d = g_bytes_new (datasets, length);
  g_autofree char *parameters = read_data (PARAMETERS, &length);
  g_autoptr(GBytes) p = g_bytes_new (parameters, length);

  save ("datasets.csv", d);
  save ("parameters.csv", p);
  g_string_append_printf (json, "{\"path\": \"/tap/sync\", \"query\": {\"QUERY\": \"%s\", \"FORMAT\": \"CSV\"}, "
                          "\"file\": \"datasets.csv\", \"content_type\": \"text/csv\"},\n", datasets_query);
  g_string_append_printf (json, "{\"path\": \"/tap/sync\", \"query\": {\"QUERY\": \"%s\", \"FORMAT\": \"CSV\"}, "
                          "\"file\": \"parameters.csv\", \"content_type\": \"text/csv\"},\n", parameters_query);

  for (int day = 1; day <= 8; day++)
    {
      GByteArray *tar = g_byte_array_new ();
      g_autoptr(GBytes) archive = NULL;
      g_autofree char *name = g_strdup_printf ("day%d.tar.gz", day);
      const char *type = "application/x-gzip";

      switch (day)
        {
        case 1:
          {
            g_autoptr(GBytes) cdf = make_data_cdf (1, 0, 100);
            g_autoptr(GBytes) plain = NULL;

            tar_add (tar, "CSA_Download/" DATASET "/" DATASET "__20050101_000000_20050102_000000_V1.cdf", cdf, '0');
            plain = tar_end (g_steal_pointer (&tar));
            archive = gzip (plain);
          }
          break;
        case 2:
          {
            g_autoptr(GBytes) cdf = make_data_cdf (2, 0, 60);

            tar_add (tar, "CSA_Download/" DATASET "/day2.cdf", cdf, '0');
            archive = tar_end (g_steal_pointer (&tar));
            type = "application/x-tar";
          }
          break;
        case 3:
          {
            g_autoptr(GBytes) first = make_data_cdf (3, 0, 50);
            g_autoptr(GBytes) second = make_data_cdf (3, 50, 50);
            g_autoptr(GBytes) plain = NULL;

            tar_add (tar, "CSA_Download/" DATASET "/", NULL, '5');
            tar_add (tar, "CSA_Download/" DATASET "/b.cdf", second, '0');
            tar_add (tar, "CSA_Download/" DATASET "/a.cdf", first, '0');
            plain = tar_end (g_steal_pointer (&tar));
            archive = gzip (plain);
          }
          break;
        case 4:
          archive = g_bytes_new_static ("", 0);
          break;
        case 5:
          tar_add (tar, "CSA_Download/README.txt", readme, '0');
          archive = tar_end (g_steal_pointer (&tar));
          break;
        case 6:
          archive = g_bytes_ref (html);
          type = "text/html";
          break;
        case 7:
          {
            g_autoptr(GBytes) cdf = make_data_cdf (7, 0, 10);
            g_autoptr(GBytes) plain = NULL;
            guint8 *bytes;
            gsize size = 0;

            tar_add (tar, "CSA_Download/README.txt", readme, '0');
            tar_add (tar, "CSA_Download/day7.cdf", cdf, '0');
            plain = tar_end (g_steal_pointer (&tar));
            bytes = g_bytes_unref_to_data (g_steal_pointer (&plain), &size);
            bytes[1024 + 3] ^= 0x20; /* the second header */
            plain = g_bytes_new_take (bytes, size);
            archive = gzip (plain);
          }
          break;
        default:
          archive = tar_end (g_steal_pointer (&tar));
          break;
        }
      if (tar != NULL)
        g_byte_array_unref (tar);
      save (name, archive);
      g_string_append_printf (json, "{\"path\": \"/data\", \"query\": {\"RETRIEVAL_TYPE\": \"product\", "
                              "\"DATASET_ID\": \"" DATASET "\", \"START_DATE\": \"2005-01-0%dT00:00:00Z\", "
                              "\"DELIVERY_FORMAT\": \"CDF_ISTP\"}, \"file\": \"%s\", \"content_type\": \"%s\"}%s\n",
                              day, name, type, day < 8 ? "," : "");
    }
  g_string_append (json, "]\n");
  g_file_set_contents (routes, json->str, -1, &error);
  g_assert_no_error (error);
}


/* plasmascope-cli inventory --provider csa, and get a Cluster parameter */
static void
test_cli (void)
{
  g_autofree char *base = g_strconcat ("csa=", server.base_url, NULL);
  g_autofree char *cache = g_build_filename (root, "cli-cache", NULL);
  const char *inventory[] = { CLI_PATH, "inventory", "-p", "csa", "--base-url", base, "--cache-dir", cache, NULL };
  const char *get[] = { CLI_PATH, "get", PRODUCT, "2005-01-01T00:00:00Z", "2005-01-01T00:00:10Z",
                        "--base-url", base, "--cache-dir", cache, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  out = test_run_cli (inventory);
  g_test_message ("%s", out);
  /* Sorted: Cluster 1 first, whatever the order of the service's rows */
  g_assert_true (g_str_has_prefix (out, "Cluster Science Archive\n  Cluster\n    Cluster 1 (Rumba)\n"));
  g_assert_nonnull (strstr (out, DATASET));
  g_assert_nonnull (strstr (out, "C1_CP_FGM_SPIN: Magnetic Field Vector, spin resolution in GSE\n"
                                 "          B_vec_xyz_gse [nT]: Magnetic field vector\n"));
  g_clear_pointer (&out, g_free);

  out = test_run_cli (get);
  lines = g_strsplit (out, "\n", -1);
  /* Samples 2.123456789 s after the day's start, then every 4 s: the
   * first two are in [00:00, 00:10) */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[1], "2005-01-01T00:00:02.123456789Z,1000,-0,0"));
  g_assert_true (g_str_has_prefix (lines[2], "2005-01-01T00:00:06.123456789Z,1001,-0.5,0.25"));
  g_assert_cmpstr (lines[3], ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *routes = NULL;
  const char *args[] = { "--routes", NULL, NULL };
  int status;

  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_unsetenv ("PLASMASCOPE_CSA_URL");
  g_unsetenv ("PLASMASCOPE_CACHE_DIR");
  g_test_init (&argc, &argv, NULL);

  root = g_dir_make_tmp ("ps-csa-XXXXXX", &error);
  g_assert_no_error (error);
  write_fixtures ();
  routes = g_build_filename (root, "routes.json", NULL);
  args[1] = routes;
  test_server_start (&server, args);

  g_test_add_func ("/Core/Csa/tar-read", test_tar_read);
  g_test_add_func ("/Core/Csa/tar-malformed", test_tar_malformed);
  g_test_add_func ("/Core/Csa/parse-table", test_parse_table);
  g_test_add_func ("/Core/Csa/parse-inventory", test_parse_inventory);
  g_test_add_func ("/Core/Csa/read-archive", test_read_archive);
  g_test_add_func ("/Core/Csa/provider-inventory", test_provider_inventory);
  g_test_add_func ("/Core/Csa/provider-fetch", test_provider_fetch);
  g_test_add_func ("/Core/Csa/provider-faults", test_provider_faults);
  g_test_add_func ("/Core/Csa/get-cached", test_get_cached);
  g_test_add_func ("/Core/Csa/cli", test_cli);
  status = g_test_run ();

  test_server_stop (&server);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", root);

    g_assert_cmpint (system (command), ==, 0);
  }
  g_free (root);
  return status;
}
