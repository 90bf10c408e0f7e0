/* ps-json-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every byte goes through one FILE, whose buffer does the batching; the
 * writer itself only remembers, per open container, whether a member was
 * already written (for the comma) and whether it is compact.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ps-json-writer.h"

typedef struct
{
  guint8 is_object : 1;
  guint8 empty : 1;
  guint8 compact : 1;
} Frame;

struct _PsJsonWriter
{
  FILE     *stream;
  GArray   *stack;       /* of Frame */
  gboolean  after_key;   /* the next value completes a "key": pair */

  /* The last number formatted: data repeats values (fill values, constant
   * arrays) and formatting is most of the cost.  Compared bitwise, so that
   * -0 and 0 stay apart. */
  guint64   last_bits;
  gboolean  last_is_float;
  gboolean  last_valid;
  char      last_text[G_ASCII_DTOSTR_BUF_SIZE];
};

PsJsonWriter *
ps_json_writer_new (FILE *stream)
{
  PsJsonWriter *writer;

  g_return_val_if_fail (stream != NULL, NULL);

  writer = g_new0 (PsJsonWriter, 1);
  writer->stream = stream;
  writer->stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  return writer;
}

void
ps_json_writer_free (PsJsonWriter *writer)
{
  if (writer == NULL)
    return;
  g_array_unref (writer->stack);
  g_free (writer);
}

static Frame *
top (PsJsonWriter *writer)
{
  if (writer->stack->len == 0)
    return NULL;
  return &g_array_index (writer->stack, Frame, writer->stack->len - 1);
}

static void
newline_indent (PsJsonWriter *writer,
                guint         depth)
{
  putc ('\n', writer->stream);
  for (guint i = 0; i < depth; i++)
    fputs ("  ", writer->stream);
}

/* Separator and indentation before a member of the current container. */
static void
begin_member (PsJsonWriter *writer)
{
  Frame *frame = top (writer);

  if (frame == NULL)
    return;
  if (!frame->empty)
    putc (',', writer->stream);
  frame->empty = FALSE;
  if (!frame->compact)
    newline_indent (writer, writer->stack->len);
}

static void
begin_value (PsJsonWriter *writer)
{
  if (writer->after_key)
    {
      writer->after_key = FALSE;
      return;
    }
  g_assert (top (writer) == NULL || !top (writer)->is_object);
  begin_member (writer);
}

static void
begin_container (PsJsonWriter *writer,
                 gboolean      is_object,
                 gboolean      compact)
{
  Frame *parent;
  Frame frame = { 0 };

  begin_value (writer);
  parent = top (writer);
  frame.is_object = is_object;
  frame.empty = TRUE;
  frame.compact = compact || (parent != NULL && parent->compact);
  g_array_append_val (writer->stack, frame);
  putc (is_object ? '{' : '[', writer->stream);
}

static void
end_container (PsJsonWriter *writer,
               gboolean      is_object)
{
  Frame *frame = top (writer);

  g_return_if_fail (frame != NULL && frame->is_object == is_object);
  g_return_if_fail (!writer->after_key);

  if (!frame->empty && !frame->compact)
    newline_indent (writer, writer->stack->len - 1);
  putc (is_object ? '}' : ']', writer->stream);
  g_array_set_size (writer->stack, writer->stack->len - 1);
}

void
ps_json_writer_begin_object (PsJsonWriter *writer,
                             gboolean      compact)
{
  g_return_if_fail (writer != NULL);
  begin_container (writer, TRUE, compact);
}

void
ps_json_writer_end_object (PsJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);
  end_container (writer, TRUE);
}

void
ps_json_writer_begin_array (PsJsonWriter *writer,
                            gboolean      compact)
{
  g_return_if_fail (writer != NULL);
  begin_container (writer, FALSE, compact);
}

void
ps_json_writer_end_array (PsJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);
  end_container (writer, FALSE);
}

/* UTF-8 validity of bytes that may hold NULs (g_utf8_validate stops there). */
static gboolean
is_utf8 (const char *bytes,
         gsize       len)
{
  const char *p = bytes;
  const char *end = bytes + len;

  while (p < end)
    {
      const char *nul = memchr (p, '\0', end - p);
      const char *stop = nul != NULL ? nul : end;

      if (!g_utf8_validate_len (p, stop - p, NULL))
        return FALSE;
      p = stop + (nul != NULL ? 1 : 0);
    }
  return TRUE;
}

static void
write_quoted (PsJsonWriter *writer,
              const char   *bytes,
              gsize         len)
{
  gboolean latin1 = !is_utf8 (bytes, len);
  FILE *out = writer->stream;

  putc ('"', out);
  for (gsize i = 0; i < len; i++)
    {
      guchar c = bytes[i];

      switch (c)
        {
        case '"': fputs ("\\\"", out); break;
        case '\\': fputs ("\\\\", out); break;
        case '\b': fputs ("\\b", out); break;
        case '\f': fputs ("\\f", out); break;
        case '\n': fputs ("\\n", out); break;
        case '\r': fputs ("\\r", out); break;
        case '\t': fputs ("\\t", out); break;
        default:
          if (c < 0x20)
            fprintf (out, "\\u%04x", c);
          else if (c >= 0x80 && latin1)
            {
              /* U+0080..U+00FF in two bytes */
              putc (0xC0 | (c >> 6), out);
              putc (0x80 | (c & 0x3F), out);
            }
          else
            putc (c, out);
          break;
        }
    }
  putc ('"', out);
}

void
ps_json_writer_key (PsJsonWriter *writer,
                    const char   *key)
{
  Frame *frame;

  g_return_if_fail (writer != NULL);
  g_return_if_fail (key != NULL);
  frame = top (writer);
  g_return_if_fail (frame != NULL && frame->is_object && !writer->after_key);

  begin_member (writer);
  write_quoted (writer, key, strlen (key));
  fputs (frame->compact ? ":" : ": ", writer->stream);
  writer->after_key = TRUE;
}

void
ps_json_writer_string (PsJsonWriter *writer,
                       const char   *bytes,
                       gssize        len)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (bytes != NULL || len == 0);

  begin_value (writer);
  write_quoted (writer, bytes, len < 0 ? strlen (bytes) : (gsize) len);
}

void
ps_json_writer_null (PsJsonWriter *writer)
{
  g_return_if_fail (writer != NULL);
  begin_value (writer);
  fputs ("null", writer->stream);
}

void
ps_json_writer_boolean (PsJsonWriter *writer,
                        gboolean      value)
{
  g_return_if_fail (writer != NULL);
  begin_value (writer);
  fputs (value ? "true" : "false", writer->stream);
}

void
ps_json_writer_int64 (PsJsonWriter *writer,
                      gint64        value)
{
  g_return_if_fail (writer != NULL);
  begin_value (writer);
  fprintf (writer->stream, "%" G_GINT64_FORMAT, value);
}

void
ps_json_writer_uint64 (PsJsonWriter *writer,
                       guint64       value)
{
  g_return_if_fail (writer != NULL);
  begin_value (writer);
  fprintf (writer->stream, "%" G_GUINT64_FORMAT, value);
}

static gboolean
format_special (double  value,
                char   *buf,
                gsize   size)
{
  if (isnan (value))
    g_strlcpy (buf, "\"NaN\"", size);
  else if (isinf (value))
    g_strlcpy (buf, value > 0 ? "\"Infinity\"" : "\"-Infinity\"", size);
  else
    return FALSE;
  return TRUE;
}

/* Shortest of %.15g, %.16g, %.17g that reads back identical: %.17g always
 * does, and a value whose shortest form has 15 digits or fewer comes out of
 * %.15g with its trailing zeros trimmed, so nothing shorter is missed. */
void
ps_json_format_double (double  value,
                       char   *buf,
                       gsize   size)
{
  static const char *formats[] = { "%.15g", "%.16g", "%.17g" };

  g_return_if_fail (buf != NULL && size >= G_ASCII_DTOSTR_BUF_SIZE);

  if (format_special (value, buf, size))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, size, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

/* The same for a float, from %.6g to %.9g (9 digits always suffice). */
void
ps_json_format_float (float  value,
                      char  *buf,
                      gsize  size)
{
  static const char *formats[] = { "%.6g", "%.7g", "%.8g", "%.9g" };

  g_return_if_fail (buf != NULL && size >= G_ASCII_DTOSTR_BUF_SIZE);

  if (format_special (value, buf, size))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, size, formats[i], value);
      if ((float) g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

void
ps_json_writer_double (PsJsonWriter *writer,
                       double        value)
{
  guint64 bits;

  g_return_if_fail (writer != NULL);
  begin_value (writer);
  memcpy (&bits, &value, sizeof bits);
  if (!writer->last_valid || writer->last_is_float || writer->last_bits != bits)
    {
      ps_json_format_double (value, writer->last_text, sizeof writer->last_text);
      writer->last_bits = bits;
      writer->last_is_float = FALSE;
      writer->last_valid = TRUE;
    }
  fputs (writer->last_text, writer->stream);
}

void
ps_json_writer_float (PsJsonWriter *writer,
                      float         value)
{
  guint32 bits;

  g_return_if_fail (writer != NULL);
  begin_value (writer);
  memcpy (&bits, &value, sizeof bits);
  if (!writer->last_valid || !writer->last_is_float || writer->last_bits != bits)
    {
      ps_json_format_float (value, writer->last_text, sizeof writer->last_text);
      writer->last_bits = bits;
      writer->last_is_float = TRUE;
      writer->last_valid = TRUE;
    }
  fputs (writer->last_text, writer->stream);
}

gboolean
ps_json_writer_finish (PsJsonWriter  *writer,
                       GError       **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (writer->stack->len == 0, FALSE);

  putc ('\n', writer->stream);
  if (fflush (writer->stream) != 0 || ferror (writer->stream))
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not write the output: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
