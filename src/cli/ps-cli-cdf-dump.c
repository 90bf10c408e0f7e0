/* ps-cli-cdf-dump.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli cdf-dump [--values] [--raw-times] FILE
 * Everything the CDF reader sees in a file, as one JSON object (the format
 * is the contract in DESIGN.md, "Command line").
 *
 * A damaged file must leave stdout empty: the metadata is all read when the
 * file opens, and with --values every variable is read once, in bounded
 * chunks, before the first byte is printed; the values are then read again
 * while printing, so memory stays bounded whatever the file size.  Should a
 * read still fail during the second pass (which reads the same bytes of the
 * same mapped file, so it does not happen short of running out of memory),
 * the output stops, one line goes to stderr and the status is still 2.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "ps-cdf-file.h"
#include "ps-cli.h"
#include "ps-json-writer.h"
#include "ps-time-cdf.h"

/* Records per read: as many as fit in this many bytes, at least one. */
#define CHUNK_BYTES (4 * 1024 * 1024)

typedef struct
{
  PsJsonWriter *writer;
  gboolean      raw_times;
} Dump;

static gboolean
is_text (PsCdfType type)
{
  return type == PS_CDF_CHAR || type == PS_CDF_UCHAR;
}

/* One value of a numeric or time type; p may be unaligned. */
static void
write_element (Dump         *dump,
               PsCdfType     type,
               const guint8 *p)
{
  PsJsonWriter *w = dump->writer;
  char iso[64];

  switch (type)
    {
    case PS_CDF_INT1:
    case PS_CDF_BYTE:
      ps_json_writer_int64 (w, (gint8) p[0]);
      break;
    case PS_CDF_UINT1:
      ps_json_writer_int64 (w, p[0]);
      break;
    case PS_CDF_INT2:
      {
        gint16 v;
        memcpy (&v, p, sizeof v);
        ps_json_writer_int64 (w, v);
      }
      break;
    case PS_CDF_UINT2:
      {
        guint16 v;
        memcpy (&v, p, sizeof v);
        ps_json_writer_int64 (w, v);
      }
      break;
    case PS_CDF_INT4:
      {
        gint32 v;
        memcpy (&v, p, sizeof v);
        ps_json_writer_int64 (w, v);
      }
      break;
    case PS_CDF_UINT4:
      {
        guint32 v;
        memcpy (&v, p, sizeof v);
        ps_json_writer_int64 (w, v);
      }
      break;
    case PS_CDF_INT8:
      {
        gint64 v;
        memcpy (&v, p, sizeof v);
        ps_json_writer_int64 (w, v);
      }
      break;
    case PS_CDF_REAL4:
    case PS_CDF_FLOAT:
      {
        float v;
        memcpy (&v, p, sizeof v);
        ps_json_writer_float (w, v);
      }
      break;
    case PS_CDF_REAL8:
    case PS_CDF_DOUBLE:
      {
        double v;
        memcpy (&v, p, sizeof v);
        ps_json_writer_double (w, v);
      }
      break;
    case PS_CDF_EPOCH:
      {
        double v;
        memcpy (&v, p, sizeof v);
        if (dump->raw_times)
          ps_json_writer_double (w, v);
        else
          {
            ps_cdf_epoch_format_iso_buf (v, iso, sizeof iso);
            ps_json_writer_string (w, iso, -1);
          }
      }
      break;
    case PS_CDF_EPOCH16:
      {
        double v[2];
        memcpy (v, p, sizeof v);
        if (dump->raw_times)
          {
            ps_json_writer_begin_array (w, TRUE);
            ps_json_writer_double (w, v[0]);
            ps_json_writer_double (w, v[1]);
            ps_json_writer_end_array (w);
          }
        else
          {
            ps_cdf_epoch16_format_iso_buf (v[0], v[1], iso, sizeof iso);
            ps_json_writer_string (w, iso, -1);
          }
      }
      break;
    case PS_CDF_TIME_TT2000:
      {
        gint64 v;
        memcpy (&v, p, sizeof v);
        if (dump->raw_times)
          ps_json_writer_int64 (w, v);
        else
          {
            ps_tt2000_format_iso_buf (v, iso, sizeof iso);
            ps_json_writer_string (w, iso, -1);
          }
      }
      break;
    case PS_CDF_CHAR:
    case PS_CDF_UCHAR:
    default:
      g_assert_not_reached ();
    }
}

/* An attribute entry: a string, a number, or a list of numbers. */
static void
write_entry (Dump                 *dump,
             const PsCdfAttrEntry *entry)
{
  gsize size = ps_cdf_type_size (entry->type);

  if (is_text (entry->type))
    {
      ps_json_writer_string (dump->writer, (const char *) entry->data,
                             MIN (entry->size, entry->num_elems));
      return;
    }
  g_assert (entry->size >= entry->num_elems * size);
  if (entry->num_elems == 1)
    {
      write_element (dump, entry->type, entry->data);
      return;
    }
  ps_json_writer_begin_array (dump->writer, TRUE);
  for (guint i = 0; i < entry->num_elems; i++)
    write_element (dump, entry->type, entry->data + i * size);
  ps_json_writer_end_array (dump->writer);
}

static void
write_global_attributes (Dump      *dump,
                         PsCdfFile *file)
{
  PsJsonWriter *w = dump->writer;

  ps_json_writer_key (w, "attributes");
  ps_json_writer_begin_object (w, FALSE);
  for (guint a = 0; a < ps_cdf_file_get_n_attributes (file); a++)
    {
      const PsCdfAttribute *attr = ps_cdf_file_get_attribute (file, a);
      guint next = 0;

      if (!attr->is_global)
        continue;
      ps_json_writer_key (w, attr->name);
      ps_json_writer_begin_array (w, TRUE);
      /* entries are sorted by number; gaps become nulls */
      for (guint j = 0; j < attr->n_entries; j++)
        {
          const PsCdfAttrEntry *entry = &attr->entries[j];

          for (; next < entry->number; next++)
            ps_json_writer_null (w);
          write_entry (dump, entry);
          next = entry->number + 1;
        }
      ps_json_writer_end_array (w);
    }
  ps_json_writer_end_object (w);
}

/* One record, nested in row-major order of the dimensions. */
static const guint8 *
write_dims (Dump                *dump,
            const PsCdfVariable *var,
            guint                dim,
            const guint8        *p)
{
  if (dim == var->n_dims)
    {
      if (is_text (var->type))
        ps_json_writer_string (dump->writer, (const char *) p, var->num_elems);
      else
        write_element (dump, var->type, p);
      return p + var->element_size;
    }
  ps_json_writer_begin_array (dump->writer, TRUE);
  for (guint32 i = 0; i < var->dims[dim]; i++)
    p = write_dims (dump, var, dim + 1, p);
  ps_json_writer_end_array (dump->writer);
  return p;
}

/* Reads the variable chunk by chunk; with dump NULL only checks that
 * every record can be read. */
static gboolean
read_values (PsCdfFile            *file,
             const PsCdfVariable  *var,
             Dump                 *dump,
             GError              **error)
{
  g_autofree guint8 *buf = NULL;
  gsize record_bytes;
  gint64 per_chunk;

  if (var->n_records == 0)
    return TRUE;
  if (!g_size_checked_mul (&record_bytes, var->values_per_record, var->element_size))
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                   _("Variable “%s” has records too large to read"), var->name);
      return FALSE;
    }
  per_chunk = MAX (1, CHUNK_BYTES / MAX (record_bytes, 1));
  per_chunk = MIN (per_chunk, var->n_records);
  buf = g_try_malloc (MAX (per_chunk * record_bytes, 1));
  if (buf == NULL)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                   _("Variable “%s” has records too large to read"), var->name);
      return FALSE;
    }

  for (gint64 first = 0; first < var->n_records; first += per_chunk)
    {
      gint64 n = MIN (per_chunk, var->n_records - first);
      const guint8 *p = buf;

      if (!ps_cdf_variable_read (file, var, first, n, buf, per_chunk * record_bytes, error))
        return FALSE;
      if (dump == NULL)
        continue;
      for (gint64 r = 0; r < n; r++)
        {
          write_dims (dump, var, 0, p);
          p += record_bytes;
        }
    }
  return TRUE;
}

static gboolean
write_variable (Dump                 *dump,
                PsCdfFile            *file,
                const PsCdfVariable  *var,
                gboolean              values,
                GError              **error)
{
  PsJsonWriter *w = dump->writer;

  ps_json_writer_begin_object (w, FALSE);
  ps_json_writer_key (w, "name");
  ps_json_writer_string (w, var->name, -1);
  ps_json_writer_key (w, "kind");
  ps_json_writer_string (w, var->is_z ? "z" : "r", -1);
  ps_json_writer_key (w, "type");
  ps_json_writer_string (w, ps_cdf_type_name (var->type), -1);
  ps_json_writer_key (w, "dims");
  ps_json_writer_begin_array (w, TRUE);
  for (guint d = 0; d < var->n_dims; d++)
    ps_json_writer_int64 (w, var->dims[d]);
  ps_json_writer_end_array (w);
  ps_json_writer_key (w, "records");
  ps_json_writer_int64 (w, var->n_records);
  ps_json_writer_key (w, "record_varying");
  ps_json_writer_boolean (w, var->record_varys);
  ps_json_writer_key (w, "compression");
  ps_json_writer_string (w, ps_cdf_compression_name (var->compression), -1);

  ps_json_writer_key (w, "attributes");
  ps_json_writer_begin_object (w, FALSE);
  for (guint a = 0; a < ps_cdf_file_get_n_attributes (file); a++)
    {
      const PsCdfAttribute *attr = ps_cdf_file_get_attribute (file, a);
      const PsCdfAttrEntry *entry;

      if (attr->is_global)
        continue;
      entry = ps_cdf_variable_get_attribute_entry (file, var, attr);
      if (entry == NULL)
        continue;
      ps_json_writer_key (w, attr->name);
      write_entry (dump, entry);
    }
  ps_json_writer_end_object (w);

  if (values)
    {
      ps_json_writer_key (w, "values");
      ps_json_writer_begin_array (w, FALSE);
      if (!read_values (file, var, dump, error))
        return FALSE;
      ps_json_writer_end_array (w);
    }
  ps_json_writer_end_object (w);
  return TRUE;
}

static gboolean
write_file (Dump       *dump,
            PsCdfFile  *file,
            gboolean    values,
            GError    **error)
{
  PsJsonWriter *w = dump->writer;
  guint version, release, increment;
  g_autofree char *version_text = NULL;
  gint leap_updated = ps_cdf_file_get_leap_second_last_updated (file);

  ps_cdf_file_get_version (file, &version, &release, &increment);
  version_text = g_strdup_printf ("%u.%u.%u", version, release, increment);

  ps_json_writer_begin_object (w, FALSE);
  ps_json_writer_key (w, "version");
  ps_json_writer_string (w, version_text, -1);
  ps_json_writer_key (w, "encoding");
  ps_json_writer_string (w, ps_cdf_encoding_name (ps_cdf_file_get_encoding (file)), -1);
  ps_json_writer_key (w, "majority");
  ps_json_writer_string (w, ps_cdf_file_get_majority (file) == PS_CDF_MAJORITY_ROW ? "row" : "column", -1);
  ps_json_writer_key (w, "compression");
  ps_json_writer_string (w, ps_cdf_compression_name (ps_cdf_file_get_compression (file)), -1);
  ps_json_writer_key (w, "leap_second_last_updated");
  if (leap_updated > 0)
    ps_json_writer_int64 (w, leap_updated);
  else
    ps_json_writer_null (w);
  write_global_attributes (dump, file);

  ps_json_writer_key (w, "variables");
  ps_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < ps_cdf_file_get_n_variables (file); i++)
    if (!write_variable (dump, file, ps_cdf_file_get_variable (file, i), values, error))
      return FALSE;
  ps_json_writer_end_array (w);
  ps_json_writer_end_object (w);
  return TRUE;
}

/* The one line on stderr: the message flattened, should it hold newlines. */
static int
fail (const char   *path,
      const GError *error,
      int           status)
{
  g_autofree char *message = g_strdelimit (g_strdup (error->message), "\r\n", ' ');

  fflush (stdout);
  /* the reader's messages often name the file already */
  if (path != NULL && strstr (message, path) == NULL)
    fprintf (stderr, "plasmascope-cli cdf-dump: %s: %s\n", path, message);
  else
    fprintf (stderr, "plasmascope-cli cdf-dump: %s\n", message);
  return status;
}

int
ps_cli_cdf_dump (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = NULL;
  g_autoptr(PsJsonWriter) writer = NULL;
  gboolean values = FALSE;
  gboolean raw_times = FALSE;
  const char *path;
  Dump dump;
  const GOptionEntry entries[] = {
    { "values", 'v', 0, G_OPTION_ARG_NONE, &values,
      N_("Print the values of every variable, one element per record"), NULL },
    { "raw-times", 'r', 0, G_OPTION_ARG_NONE, &raw_times,
      N_("Print time values as stored (EPOCH ms, EPOCH16 [s, ps], TT2000 ns) instead of ISO 8601"),
      NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE — print the structure and contents of a CDF file as JSON"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Prints one JSON object: version, encoding, majority, compression,\n"
      "leap_second_last_updated, global attributes and variables (name, kind, type,\n"
      "dims, records, record_varying, compression, attributes, and with --values the\n"
      "values, one element per record nested by dimensions). Times are ISO 8601 at\n"
      "full precision unless --raw-times is given. NaN and infinities are the strings\n"
      "\"NaN\", \"Infinity\" and \"-Infinity\".\n"
      "Exit status: 0 on success, 1 on a usage error, 2 when FILE is not a readable CDF."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (NULL, error, PS_CLI_EXIT_USAGE);

  if (argc != 2)
    {
      fprintf (stderr, "plasmascope-cli cdf-dump: %s\n",
               argc < 2 ? _("no FILE given") : _("only one FILE can be dumped at a time"));
      return PS_CLI_EXIT_USAGE;
    }
  path = argv[1];

  file = ps_cdf_file_open (path, &error);
  if (file == NULL || !ps_cdf_file_load_attributes (file, &error))
    return fail (path, error, PS_CLI_EXIT_BAD_INPUT);

  /* A table newer than ours knows leap seconds we do not: TT2000 times past
   * our last entry would be off by those seconds. Say so, then go on. */
  if (ps_cdf_file_get_leap_second_last_updated (file) > ps_leap_seconds_last_updated ())
    fprintf (stderr, _("plasmascope-cli cdf-dump: %s: warning: the file’s leap-second table (%d) is "
                       "newer than Plasmascope’s (%d); TT2000 times after %d ignore the leap "
                       "seconds added since\n"),
             path, ps_cdf_file_get_leap_second_last_updated (file),
             ps_leap_seconds_last_updated (), ps_leap_seconds_last_updated ());

  /* First pass: nothing is printed unless every value can be read. */
  if (values)
    for (guint i = 0; i < ps_cdf_file_get_n_variables (file); i++)
      if (!read_values (file, ps_cdf_file_get_variable (file, i), NULL, &error))
        return fail (path, error, PS_CLI_EXIT_BAD_INPUT);

  setvbuf (stdout, NULL, _IOFBF, 1 << 16);
  writer = ps_json_writer_new (stdout);
  dump = (Dump) { writer, raw_times };
  if (!write_file (&dump, file, values, &error))
    {
      putc ('\n', stdout);
      return fail (path, error, PS_CLI_EXIT_BAD_INPUT);
    }
  if (!ps_json_writer_finish (writer, &error))
    return fail (NULL, error, EXIT_FAILURE);
  return PS_CLI_EXIT_OK;
}
