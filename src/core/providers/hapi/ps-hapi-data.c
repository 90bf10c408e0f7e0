/* ps-hapi-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HAPI data push parser. Bytes accumulate in `pending` until a whole
 * header line, CSV line or binary record is there; each is decoded and
 * dropped, so `pending` holds at most one partial line or record (JSON
 * bodies are kept whole and parsed at the end, cJSON having no push mode).
 *
 * Memory is bounded by the input: nothing is allocated per record before
 * the record's bytes have arrived, a CSV field (at least one byte and a
 * separator) gives at most one double, a binary integer (4 bytes) one
 * double, and the declared sizes are capped (PS_HAPI_MAX_COMPONENTS).
 */

#define G_LOG_DOMAIN "ps-hapi"

#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ps-hapi-data.h"
#include "ps-hapi-info-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

/* Binary records and CSV lines larger than this are refused. */
#define MAX_RECORD_BYTES ((gsize) 1 << 28)
/* Components of all parameters in a record: every one gets a label, even
 * without data, so this bounds the work a tiny header can ask for. */
#define MAX_RECORD_COMPONENTS (1u << 18)

typedef enum
{
  STATE_START,
  STATE_HEADER,
  STATE_DATA,
  STATE_DONE,
  STATE_FAILED,
} State;

typedef struct
{
  const PsHapiParameter *param;
  gboolean               numeric; /* double or integer: makes a series */
  GArray                *values;  /* doubles, n × m, numeric only */
} Column;

struct _PsHapiDataParser
{
  PsHapiFormat  format;
  PsHapiInfo   *given_info;
  char        **requested;
  char         *dataset;

  State         state;
  GError       *failure;

  PsHapiInfo   *info;       /* the columns' info: header's or given */
  Column       *columns;    /* every parameter after the time */
  guint         n_columns;
  gsize         record_size;

  GByteArray   *pending;
  gsize         scan_from;  /* no newline in pending before this */
  GString      *header;
  GArray       *times;      /* PsTime */
  gsize         n_records;
  gsize         line;       /* CSV: body line number, for messages */
};

gboolean
ps_hapi_format_from_string (const char   *text,
                            PsHapiFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (g_strcmp0 (text, "csv") == 0)
    *format = PS_HAPI_FORMAT_CSV;
  else if (g_strcmp0 (text, "binary") == 0)
    *format = PS_HAPI_FORMAT_BINARY;
  else if (g_strcmp0 (text, "json") == 0)
    *format = PS_HAPI_FORMAT_JSON;
  else
    return FALSE;
  return TRUE;
}

PsHapiDataParser *
ps_hapi_data_parser_new (PsHapiFormat         format,
                         PsHapiInfo          *info,
                         const char * const  *parameters,
                         const char          *dataset)
{
  PsHapiDataParser *self;

  g_return_val_if_fail (format <= PS_HAPI_FORMAT_JSON, NULL);

  self = g_new0 (PsHapiDataParser, 1);
  self->format = format;
  self->given_info = info != NULL ? ps_hapi_info_ref (info) : NULL;
  self->requested = g_strdupv ((char **) parameters);
  self->dataset = dataset != NULL ? g_utf8_make_valid (dataset, -1) : NULL;
  self->pending = g_byte_array_new ();
  self->header = g_string_new (NULL);
  self->times = g_array_new (FALSE, FALSE, sizeof (PsTime));
  return self;
}

static void
clear_columns (PsHapiDataParser *self)
{
  for (guint i = 0; i < self->n_columns; i++)
    if (self->columns[i].values != NULL)
      g_array_unref (self->columns[i].values);
  g_clear_pointer (&self->columns, g_free);
  self->n_columns = 0;
}

void
ps_hapi_data_parser_free (PsHapiDataParser *self)
{
  if (self == NULL)
    return;

  clear_columns (self);
  g_clear_pointer (&self->given_info, ps_hapi_info_unref);
  g_clear_pointer (&self->info, ps_hapi_info_unref);
  g_strfreev (self->requested);
  g_free (self->dataset);
  g_clear_error (&self->failure);
  g_byte_array_unref (self->pending);
  g_string_free (self->header, TRUE);
  g_array_unref (self->times);
  g_free (self);
}

PsHapiInfo *
ps_hapi_data_parser_get_info (PsHapiDataParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->info;
}

gsize
ps_hapi_data_parser_get_n_records (PsHapiDataParser *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_records;
}

/* Errors */

G_GNUC_PRINTF (3, 4)
static void
fail (PsHapiDataParser  *self,
      int                code,
      const char        *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  if (self->failure != NULL)
    return;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (self->dataset != NULL)
    self->failure = g_error_new (PS_HAPI_ERROR, code,
                                 _("Invalid HAPI data for dataset “%s”: %s"),
                                 self->dataset, what);
  else
    self->failure = g_error_new (PS_HAPI_ERROR, code, _("Invalid HAPI data: %s"), what);
  self->state = STATE_FAILED;
}

static void
fail_with (PsHapiDataParser *self,
           GError           *error)
{
  if (self->failure == NULL)
    self->failure = error;
  else
    g_error_free (error);
  self->state = STATE_FAILED;
}

/* Some bytes of the input, quoted safely in a message. */
static char *
quote (const char *text,
       gsize       length)
{
  g_autofree char *cut = g_strndup (text, MIN (length, 40));

  for (char *p = cut; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p))
      *p = '?';
  {
    g_autofree char *valid = g_utf8_make_valid (cut, -1);

    return g_strdup_printf (length > 40 ? "%s…" : "%s", valid);
  }
}

/* Columns */

static gboolean
is_requested (PsHapiDataParser *self,
              const char       *name)
{
  if (self->requested == NULL || self->requested[0] == NULL)
    return TRUE;
  return g_strv_contains ((const char * const *) self->requested, name);
}

static gsize
element_size (const PsHapiParameter *param)
{
  switch (param->type)
    {
    case PS_HAPI_TYPE_DOUBLE:
      return 8;
    case PS_HAPI_TYPE_INTEGER:
      return 4;
    case PS_HAPI_TYPE_ISOTIME:
    case PS_HAPI_TYPE_STRING:
    default:
      return param->length;
    }
}

/* Lays out the columns from @info; @filter: keep only requested ones. */
static gboolean
setup_columns (PsHapiDataParser *self,
               PsHapiInfo       *info,
               gboolean          filter)
{
  const PsHapiParameter *time;
  guint64 record_size, components = 0;

  g_assert (self->info == NULL);
  self->info = ps_hapi_info_ref (info);
  time = &info->parameters[0];

  if (filter && self->requested != NULL)
    for (guint r = 0; self->requested[r] != NULL; r++)
      if (ps_hapi_info_find (info, self->requested[r]) < 0)
        {
          g_autofree char *name = quote (self->requested[r], strlen (self->requested[r]));

          fail (self, PS_HAPI_ERROR_UNKNOWN_PARAMETER,
                _("the info has no parameter “%s”"), name);
          return FALSE;
        }

  if (self->format == PS_HAPI_FORMAT_BINARY && time->length == 0)
    {
      fail (self, PS_HAPI_ERROR_INVALID, _("the time parameter has no length, which binary data needs"));
      return FALSE;
    }
  record_size = time->length;

  self->columns = g_new0 (Column, info->n_parameters);
  for (guint i = 1; i < info->n_parameters; i++)
    {
      const PsHapiParameter *param = &info->parameters[i];
      Column *column;

      if (filter && !is_requested (self, param->name))
        continue;

      if (self->format == PS_HAPI_FORMAT_BINARY && element_size (param) == 0)
        {
          g_autofree char *name = quote (param->name, strlen (param->name));

          fail (self, PS_HAPI_ERROR_INVALID,
                _("parameter “%s” has no length, which binary data needs"), name);
          return FALSE;
        }
      record_size += element_size (param) * (guint64) param->m;
      components += param->m;
      if (record_size > MAX_RECORD_BYTES || components > MAX_RECORD_COMPONENTS)
        {
          fail (self, PS_HAPI_ERROR_INVALID, _("the records are too large"));
          return FALSE;
        }

      column = &self->columns[self->n_columns++];
      column->param = param;
      column->numeric = param->type == PS_HAPI_TYPE_DOUBLE || param->type == PS_HAPI_TYPE_INTEGER;
      if (column->numeric)
        column->values = g_array_new (FALSE, FALSE, sizeof (double));
    }
  self->record_size = record_size;

  return TRUE;
}

static gboolean
setup_from_header (PsHapiDataParser *self)
{
  g_autoptr(PsHapiInfo) info = NULL;
  GError *error = NULL;

  if (self->header->len == 0)
    {
      fail (self, PS_HAPI_ERROR_INVALID, _("the header is empty"));
      return FALSE;
    }

  info = ps_hapi_info_parse (self->header->str, self->header->len, self->dataset, &error);
  if (info == NULL)
    {
      if (g_error_matches (error, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID))
        {
          fail (self, PS_HAPI_ERROR_INVALID, _("the header is not a valid HAPI info: %s"),
                error->message);
          g_error_free (error);
        }
      else
        fail_with (self, error);
      return FALSE;
    }

  return setup_columns (self, info, FALSE);
}

static gboolean
setup_from_given_info (PsHapiDataParser *self)
{
  if (self->given_info == NULL)
    {
      fail (self, PS_HAPI_ERROR_INVALID, _("the data has no header and no info was given"));
      return FALSE;
    }
  return setup_columns (self, self->given_info, TRUE);
}

/* Records */

/* Where the parser is, for messages: made only when there is an error. */
static char *
where_text (PsHapiDataParser *self)
{
  if (self->format == PS_HAPI_FORMAT_CSV)
    return g_strdup_printf (_("line %lu"), (unsigned long) self->line);
  return g_strdup_printf (_("record %lu"), (unsigned long) self->n_records);
}

static gboolean
parse_time (PsHapiDataParser *self,
            const char       *text,
            gsize             length,
            PsTime           *out)
{
  char buf[80];
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;

  while (length > 0 && (g_ascii_isspace (*text)))
    text++, length--;
  while (length > 0 && (text[length - 1] == '\0' || g_ascii_isspace (text[length - 1])))
    length--;

  if (length == 0 || length >= sizeof buf || memchr (text, '\0', length) != NULL)
    {
      g_autofree char *shown = quote (text, length);

      where = where_text (self);
      fail (self, PS_HAPI_ERROR_INVALID, _("%s: invalid time “%s”"), where, shown);
      return FALSE;
    }

  memcpy (buf, text, length);
  buf[length] = '\0';
  if (!_ps_hapi_parse_time (buf, out, &error))
    {
      where = where_text (self);
      fail (self, PS_HAPI_ERROR_INVALID, _("%s: %s"), where, error->message);
      return FALSE;
    }

  if (self->times->len > 0 && *out < g_array_index (self->times, PsTime, self->times->len - 1))
    {
      g_autofree char *shown = quote (text, length);

      where = where_text (self);
      fail (self, PS_HAPI_ERROR_INVALID, _("%s: time %s is earlier than the previous record’s"),
            where, shown);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_number (const char *text,
              gsize       length,
              double     *out)
{
  char buf[128];
  char *end = NULL;

  while (length > 0 && g_ascii_isspace (*text))
    text++, length--;
  while (length > 0 && g_ascii_isspace (text[length - 1]))
    length--;
  if (length == 0 || length >= sizeof buf)
    return FALSE;

  memcpy (buf, text, length);
  buf[length] = '\0';
  *out = g_ascii_strtod (buf, &end);
  return end == buf + length;
}

/* Cuts the next field off [*p, end): quoted fields may hold commas and ""
 * for a quote. Returns FALSE when there is no field left. */
static gboolean
next_field (const char  **p,
            const char   *end,
            gboolean     *more,
            const char  **start,
            gsize        *length)
{
  const char *q = *p;

  if (!*more)
    return FALSE;

  while (q < end && (*q == ' ' || *q == '\t'))
    q++;
  if (q < end && *q == '"')
    {
      const char *s = ++q;

      while (q < end && !(*q == '"' && (q + 1 == end || q[1] != '"')))
        q += *q == '"' ? 2 : 1;
      *start = s;
      *length = MIN (q, end) - s;
      if (q < end)
        q++;
      while (q < end && *q != ',')
        q++;
    }
  else
    {
      const char *comma = memchr (q, ',', end - q);

      *start = q;
      q = comma != NULL ? comma : end;
      *length = q - *start;
    }

  *more = q < end;
  *p = q < end ? q + 1 : end;
  return TRUE;
}

static guint
count_fields (PsHapiDataParser *self)
{
  guint n = 1;

  for (guint i = 0; i < self->n_columns; i++)
    n += self->columns[i].param->m;
  return n;
}

static gboolean
parse_csv_line (PsHapiDataParser *self,
                const char       *line,
                gsize             length)
{
  const char *p = line, *end = line + length, *field;
  gboolean more = TRUE;
  gsize field_length;
  guint count = 1;
  PsTime t;

  self->line++;
  if (length > 0 && line[length - 1] == '\r')
    end--;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p == end)
    return TRUE; /* blank line */
  if (end - line > (gssize) MAX_RECORD_BYTES)
    {
      fail (self, PS_HAPI_ERROR_INVALID, _("line %lu is too long"), (unsigned long) self->line);
      return FALSE;
    }

  next_field (&p, end, &more, &field, &field_length);
  if (!parse_time (self, field, field_length, &t))
    return FALSE;

  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];

      for (guint k = 0; k < column->param->m; k++)
        {
          double value;

          if (!next_field (&p, end, &more, &field, &field_length))
            {
              fail (self, PS_HAPI_ERROR_INVALID, _("line %lu has %u fields instead of %u"),
                    (unsigned long) self->line, count, count_fields (self));
              return FALSE;
            }
          count++;
          if (!column->numeric)
            continue;
          if (!parse_number (field, field_length, &value))
            {
              g_autofree char *shown = quote (field, field_length);
              g_autofree char *name = quote (column->param->name, strlen (column->param->name));

              fail (self, PS_HAPI_ERROR_INVALID, _("line %lu: “%s” is not a number (parameter “%s”)"),
                    (unsigned long) self->line, shown, name);
              return FALSE;
            }
          g_array_append_val (column->values, value);
        }
    }

  if (more)
    {
      fail (self, PS_HAPI_ERROR_INVALID, _("line %lu has more than %u fields"),
            (unsigned long) self->line, count_fields (self));
      return FALSE;
    }

  g_array_append_val (self->times, t);
  self->n_records++;
  return TRUE;
}

static double
read_double_le (const guint8 *p)
{
  guint64 bits;
  double value;

  memcpy (&bits, p, 8);
  bits = GUINT64_FROM_LE (bits);
  memcpy (&value, &bits, 8);
  return value;
}

static double
read_int32_le (const guint8 *p)
{
  guint32 bits;

  memcpy (&bits, p, 4);
  return (double) (gint32) GUINT32_FROM_LE (bits);
}

static gboolean
parse_binary_record (PsHapiDataParser *self,
                     const guint8     *record)
{
  const guint8 *p = record;
  gsize time_length = self->info->parameters[0].length;
  PsTime t;

  if (!parse_time (self, (const char *) p, time_length, &t))
    return FALSE;
  p += time_length;

  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];
      const PsHapiParameter *param = column->param;
      gsize size = element_size (param);

      if (column->numeric)
        {
          double *values;

          g_array_set_size (column->values, column->values->len + param->m);
          values = &g_array_index (column->values, double, column->values->len - param->m);
          for (guint k = 0; k < param->m; k++, p += size)
            values[k] = size == 8 ? read_double_le (p) : read_int32_le (p);
        }
      else
        p += size * param->m;
    }

  g_assert ((gsize) (p - record) == self->record_size);
  g_array_append_val (self->times, t);
  self->n_records++;
  return TRUE;
}

/* Ends the header at the first line that does not start with '#'. */
static void
process_header (PsHapiDataParser *self,
                gsize            *pos)
{
  GByteArray *in = self->pending;

  while (self->state == STATE_HEADER)
    {
      const guint8 *nl;

      if (*pos >= in->len)
        return;
      if (in->data[*pos] != '#')
        {
          if (setup_from_header (self))
            self->state = STATE_DATA;
          return;
        }

      nl = memchr (in->data + MAX (*pos, self->scan_from), '\n', in->len - MAX (*pos, self->scan_from));
      if (nl == NULL)
        {
          self->scan_from = in->len;
          return;
        }

      g_string_append_len (self->header, (const char *) in->data + *pos + 1,
                           nl - (in->data + *pos + 1));
      g_string_append_c (self->header, '\n');
      *pos = nl + 1 - in->data;
      self->scan_from = *pos;
    }
}

static void
process_data (PsHapiDataParser *self,
              gsize            *pos,
              gboolean          at_end)
{
  GByteArray *in = self->pending;

  if (self->format == PS_HAPI_FORMAT_BINARY)
    {
      while (self->state == STATE_DATA && in->len - *pos >= self->record_size)
        {
          if (self->record_size == 0)
            {
              fail (self, PS_HAPI_ERROR_INVALID, _("the records are empty"));
              return;
            }
          if (!parse_binary_record (self, in->data + *pos))
            return;
          *pos += self->record_size;
        }
      if (at_end && self->state == STATE_DATA && *pos < in->len)
        fail (self, PS_HAPI_ERROR_INVALID, _("the last record is truncated: %lu bytes instead of %lu"),
              (unsigned long) (in->len - *pos), (unsigned long) self->record_size);
      return;
    }

  while (self->state == STATE_DATA && *pos < in->len)
    {
      gsize from = MAX (*pos, self->scan_from);
      const guint8 *nl = memchr (in->data + from, '\n', in->len - from);
      gsize end;

      if (nl == NULL)
        {
          if (!at_end)
            {
              self->scan_from = in->len;
              if (in->len - *pos > MAX_RECORD_BYTES)
                fail (self, PS_HAPI_ERROR_INVALID, _("line %lu is too long"),
                      (unsigned long) self->line + 1);
              return;
            }
          end = in->len;
        }
      else
        end = nl - in->data;

      if (!parse_csv_line (self, (const char *) in->data + *pos, end - *pos))
        return;
      *pos = nl != NULL ? end + 1 : end;
      self->scan_from = *pos;
    }
}

static void
process (PsHapiDataParser *self,
         gboolean          at_end)
{
  gsize pos = 0;

  if (self->state == STATE_START && self->pending->len > 0)
    {
      if (self->pending->data[0] == '#')
        self->state = STATE_HEADER;
      else if (setup_from_given_info (self))
        self->state = STATE_DATA;
    }
  if (self->state == STATE_HEADER)
    process_header (self, &pos);
  if (self->state == STATE_HEADER && at_end)
    {
      /* A header alone (no data: status 1201, or an empty range). */
      if (pos < self->pending->len)
        g_string_append_len (self->header, (const char *) self->pending->data + pos + 1,
                             self->pending->len - pos - 1);
      pos = self->pending->len;
      if (setup_from_header (self))
        self->state = STATE_DATA;
    }
  if (self->state == STATE_DATA)
    process_data (self, &pos, at_end);

  if (self->state != STATE_FAILED && pos > 0)
    {
      g_byte_array_remove_range (self->pending, 0, pos);
      self->scan_from = self->scan_from > pos ? self->scan_from - pos : 0;
    }
}

gboolean
ps_hapi_data_parser_feed (PsHapiDataParser  *self,
                          const guint8      *data,
                          gsize              length,
                          GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->state != STATE_DONE, FALSE);

  if (self->state != STATE_FAILED && length > 0)
    {
      g_byte_array_append (self->pending, data, length);
      if (self->format != PS_HAPI_FORMAT_JSON)
        process (self, FALSE);
    }

  if (self->state == STATE_FAILED)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }
  return TRUE;
}

gboolean
ps_hapi_data_parser_feed_bytes (PsHapiDataParser  *self,
                                GBytes            *chunk,
                                GError           **error)
{
  gsize length;
  const guint8 *data;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (chunk != NULL, FALSE);

  data = g_bytes_get_data (chunk, &length);
  return ps_hapi_data_parser_feed (self, data, length, error);
}

/* JSON format */

/* Flattens a number, null, or (nested) array of them into @out, counting
 * them in @count, at most @limit. */
static gboolean
flatten_numbers (const cJSON *node,
                 GArray      *out,
                 guint        limit,
                 guint       *count,
                 int          depth)
{
  double value;

  if (cJSON_IsArray (node))
    {
      const cJSON *item;

      if (depth >= PS_HAPI_MAX_DIMS)
        return FALSE;
      cJSON_ArrayForEach (item, node)
        if (!flatten_numbers (item, out, limit, count, depth + 1))
          return FALSE;
      return TRUE;
    }

  if (*count >= limit)
    return FALSE;
  if (cJSON_IsNumber (node))
    value = node->valuedouble;
  else if (cJSON_IsNull (node))
    value = NAN;
  else if (!cJSON_IsString (node) || !parse_number (node->valuestring, strlen (node->valuestring), &value))
    return FALSE;
  g_array_append_val (out, value);
  (*count)++;
  return TRUE;
}

static gboolean
parse_json_row (PsHapiDataParser *self,
                const cJSON      *row)
{
  g_autofree char *where = where_text (self);
  const cJSON *item;
  PsTime t;

  if (!cJSON_IsArray (row) || (guint) cJSON_GetArraySize (row) != self->n_columns + 1)
    {
      fail (self, PS_HAPI_ERROR_INVALID, _("%s is not an array of %u values"), where, self->n_columns + 1);
      return FALSE;
    }

  item = row->child;
  if (!cJSON_IsString (item))
    {
      fail (self, PS_HAPI_ERROR_INVALID, _("%s has no time string"), where);
      return FALSE;
    }
  if (!parse_time (self, item->valuestring, strlen (item->valuestring), &t))
    return FALSE;

  for (guint i = 0; i < self->n_columns; i++)
    {
      Column *column = &self->columns[i];
      guint count = 0;

      item = item->next;
      if (!column->numeric)
        continue;

      if (!flatten_numbers (item, column->values, column->param->m, &count, 0))
        count = G_MAXUINT;
      if (count != column->param->m)
        {
          g_autofree char *name = quote (column->param->name, strlen (column->param->name));

          fail (self, PS_HAPI_ERROR_INVALID, _("%s: parameter “%s” does not have %u numbers"),
                where, name, column->param->m);
          return FALSE;
        }
    }

  g_array_append_val (self->times, t);
  self->n_records++;
  return TRUE;
}

static void
process_json (PsHapiDataParser *self)
{
  g_autoptr(cJSON) root = NULL;
  const cJSON *data, *row;

  if (self->pending->len == 0)
    {
      fail (self, PS_HAPI_ERROR_INVALID, _("the response is empty"));
      return;
    }
  root = cJSON_ParseWithLength ((const char *) self->pending->data, self->pending->len);
  if (!cJSON_IsObject (root))
    {
      fail (self, PS_HAPI_ERROR_INVALID, _("the response is not a JSON object"));
      return;
    }

  if (cJSON_GetObjectItemCaseSensitive (root, "parameters") != NULL)
    {
      GError *error = NULL;
      g_autoptr(PsHapiInfo) info = _ps_hapi_info_from_json (root, self->dataset, &error);

      if (info == NULL)
        {
          fail_with (self, error);
          return;
        }
      if (!setup_columns (self, info, FALSE))
        return;
    }
  else
    {
      int code;
      GError *error = NULL;
      const cJSON *status = cJSON_GetObjectItemCaseSensitive (root, "status");
      const cJSON *value = cJSON_GetObjectItemCaseSensitive (status, "code");

      /* No info in the body: an error body has just a status. */
      if (cJSON_IsNumber (value) && value->valuedouble >= 0 && value->valuedouble < G_MAXINT)
        {
          const cJSON *message = cJSON_GetObjectItemCaseSensitive (status, "message");

          code = (int) value->valuedouble;
          if (code != 1201
              && !ps_hapi_status_to_error (code, cJSON_IsString (message) ? message->valuestring : NULL,
                                           self->dataset, &error))
            {
              fail_with (self, error);
              return;
            }
        }
      if (!setup_from_given_info (self))
        return;
    }

  data = cJSON_GetObjectItemCaseSensitive (root, "data");
  if (data == NULL || cJSON_IsNull (data))
    return; /* no data */
  if (!cJSON_IsArray (data))
    {
      fail (self, PS_HAPI_ERROR_INVALID, _("“data” is not an array"));
      return;
    }
  cJSON_ArrayForEach (row, data)
    if (!parse_json_row (self, row))
      return;
}

/* Series */

static char *
common_units (const PsHapiParameter *param)
{
  if (param->units_array == NULL)
    return g_strdup (param->units);

  for (guint k = 1; k < param->m; k++)
    if (strcmp (param->units_array[k], param->units_array[0]) != 0)
      return g_strjoinv (", ", param->units_array);
  return g_strdup (param->units_array[0]);
}

static gboolean
units_uniform (const PsHapiParameter *param)
{
  if (param->units_array == NULL)
    return TRUE;
  for (guint k = 1; k < param->m; k++)
    if (strcmp (param->units_array[k], param->units_array[0]) != 0)
      return FALSE;
  return TRUE;
}

static char **
make_labels (const PsHapiParameter *param)
{
  const char *base = param->label != NULL ? param->label : param->name;
  char **labels;

  if (param->label_array != NULL)
    return g_strdupv (param->label_array);

  labels = g_new0 (char *, param->m + 1);
  if (param->m == 1)
    {
      labels[0] = g_strdup (base);
      return labels;
    }
  for (guint k = 0; k < param->m && param->n_dims == 1; k++)
    labels[k] = g_strdup_printf ("%s[%u]", base, k);
  for (guint k = 0; k < param->m && param->n_dims > 1; k++)
    {
      GString *label = g_string_new (base);
      guint rest = k, stride = param->m;

      g_string_append_c (label, '[');
      for (guint d = 0; d < param->n_dims; d++)
        {
          stride /= param->size[d];
          g_string_append_printf (label, d > 0 ? ",%u" : "%u", rest / stride);
          rest %= stride;
        }
      g_string_append_c (label, ']');
      labels[k] = g_string_free (label, FALSE);
    }
  return labels;
}

static Column *
find_column (PsHapiDataParser *self,
             const char       *name)
{
  for (guint i = 0; i < self->n_columns; i++)
    if (self->columns[i].numeric && strcmp (self->columns[i].param->name, name) == 0)
      return &self->columns[i];
  return NULL;
}

/* Bins of a one-dimensional parameter: time-varying from other columns if
 * they are in the response, else constant from the info. */
static gboolean
set_bins (PsHapiDataParser *self,
          PsSeriesBuilder  *builder,
          Column           *column)
{
  const PsHapiParameter *param = column->param;
  const PsHapiBins *bins;
  gsize n = self->n_records;
  guint m = param->m;
  Column *source;

  if (param->n_dims != 1 || param->n_bins != 1)
    return FALSE;
  bins = &param->bins[0];

  if (bins->centers_parameter != NULL
      && (source = find_column (self, bins->centers_parameter)) != NULL
      && source->param->m == m)
    {
      const double *values = (const double *) (const void *) source->values->data;
      double fill = source->param->fill_value;
      double *centers = ps_series_builder_alloc_varying_bins (builder, n, m);

      /* The builder leaves fill in bins alone: here it is known. */
      for (gsize i = 0; i < n * m; i++)
        centers[i] = values[i] == fill ? NAN : values[i];
      ps_series_builder_set_meta (builder, "bins.centers", bins->centers_parameter);
    }
  else if (bins->ranges_parameter != NULL
           && (source = find_column (self, bins->ranges_parameter)) != NULL
           && source->param->m == 2 * m)
    {
      const double *ranges = (const double *) (const void *) source->values->data;
      double fill = source->param->fill_value;
      double *centers = ps_series_builder_alloc_varying_bins (builder, n, m);

      for (gsize i = 0; i < n * m; i++)
        centers[i] = ranges[2 * i] == fill || ranges[2 * i + 1] == fill
                     ? NAN : (ranges[2 * i] + ranges[2 * i + 1]) / 2;
      ps_series_builder_set_meta (builder, "bins.ranges", bins->ranges_parameter);
    }
  else if (bins->centers != NULL)
    ps_series_builder_set_constant_bins (builder, bins->centers, m);
  else if (bins->ranges != NULL)
    {
      g_autofree double *centers = g_new (double, m);

      for (guint k = 0; k < m; k++)
        centers[k] = (bins->ranges[2 * k] + bins->ranges[2 * k + 1]) / 2;
      ps_series_builder_set_constant_bins (builder, centers, m);
    }
  else
    return FALSE;

  if (bins->units != NULL)
    ps_series_builder_set_bins_units (builder, bins->units);
  if (bins->label != NULL || bins->name != NULL)
    ps_series_builder_set_bins_label (builder, bins->label != NULL ? bins->label : bins->name);
  return TRUE;
}

static PsSeries *
make_series (PsHapiDataParser  *self,
             Column            *column,
             GError           **error)
{
  const PsHapiParameter *param = column->param;
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autofree char *units = common_units (param);
  g_auto(GStrv) labels = make_labels (param);
  PsDisplayKind kind;

  ps_series_builder_set_name (builder, param->name);
  if (units != NULL)
    ps_series_builder_set_units (builder, units);
  ps_series_builder_set_labels (builder, (const char * const *) labels);
  if (!isnan (param->fill_value))
    ps_series_builder_set_fill_value (builder, param->fill_value);
  ps_series_builder_set_times (builder, (const PsTime *) (const void *) self->times->data, self->n_records);
  ps_series_builder_set_values (builder, (const double *) (const void *) column->values->data, self->n_records, param->m);

  if (set_bins (self, builder, column))
    kind = PS_DISPLAY_SPECTROGRAM;
  else if (param->m == 1)
    kind = PS_DISPLAY_LINE;
  else if (param->m == 3 && param->n_dims == 1 && units_uniform (param))
    kind = PS_DISPLAY_VECTOR;
  else
    kind = PS_DISPLAY_MULTI;
  ps_series_builder_set_display_kind (builder, kind);

  if (param->description != NULL)
    ps_series_builder_set_meta (builder, "description", param->description);
  if (param->fill != NULL)
    ps_series_builder_set_meta (builder, "fill", param->fill);
  ps_series_builder_set_meta (builder, "type", ps_hapi_type_to_string (param->type));
  if (self->info->hapi_version != NULL)
    ps_series_builder_set_meta (builder, "HAPI", self->info->hapi_version);
  if (self->info->cadence != NULL)
    ps_series_builder_set_meta (builder, "cadence", self->info->cadence);

  return ps_series_builder_end (builder, error);
}

GPtrArray *
ps_hapi_data_parser_finish (PsHapiDataParser  *self,
                            GError           **error)
{
  g_autoptr(GPtrArray) series = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (self->state != STATE_DONE, NULL);

  if (self->format == PS_HAPI_FORMAT_JSON)
    {
      if (self->state != STATE_FAILED)
        process_json (self);
    }
  else if (self->state != STATE_FAILED)
    {
      process (self, TRUE);
      if (self->state == STATE_START && setup_from_given_info (self))
        self->state = STATE_DATA; /* an empty body: no data */
    }

  if (self->state == STATE_FAILED)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return NULL;
    }

  series = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
  for (guint i = 0; i < self->n_columns; i++)
    {
      PsSeries *one;
      GError *local = NULL;

      if (!self->columns[i].numeric)
        continue;
      one = make_series (self, &self->columns[i], &local);
      if (one == NULL)
        {
          fail_with (self, local);
          g_propagate_error (error, g_error_copy (self->failure));
          return NULL;
        }
      g_ptr_array_add (series, one);
    }

  self->state = STATE_DONE;
  return g_steal_pointer (&series);
}

GPtrArray *
ps_hapi_data_parse (PsHapiFormat         format,
                    PsHapiInfo          *info,
                    const char * const  *parameters,
                    const char          *dataset,
                    GBytes              *body,
                    GError             **error)
{
  g_autoptr(PsHapiDataParser) parser = NULL;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = ps_hapi_data_parser_new (format, info, parameters, dataset);
  if (!ps_hapi_data_parser_feed_bytes (parser, body, error))
    return NULL;
  return ps_hapi_data_parser_finish (parser, error);
}
