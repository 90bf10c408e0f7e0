/* ps-csa-parse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV as RFC 4180 writes it: fields separated by commas, records by CRLF
 * or LF, a field in double quotes when it holds a comma, a quote ("" for
 * one) or a line break. The first record names the columns; columns are
 * found by name (the service's views gain columns over time), and only
 * dataset_id and parameter_id are required. A TAP service answers a
 * failed query with a VOTable whose INFO name="QUERY_STATUS" says ERROR.
 */

#define G_LOG_DOMAIN "ps-csa"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ps-csa-parse.h"
#include "ps-time.h"

G_DEFINE_QUARK (ps-csa-error-quark, ps_csa_error)

#define MAX_COLUMNS 4096

void
ps_csa_table_free (PsCsaTable *table)
{
  if (table == NULL)
    return;
  g_strfreev (table->header);
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_free (table);
}

/**
 * ps_csa_table_column:
 *
 * Returns: the index of the column @name (compared without regard to
 *   case), or -1
 */
int
ps_csa_table_column (PsCsaTable *table,
                     const char *name)
{
  g_return_val_if_fail (table != NULL && name != NULL, -1);

  for (guint i = 0; i < table->n_columns; i++)
    if (g_ascii_strcasecmp (table->header[i], name) == 0)
      return (int) i;
  return -1;
}

/* The first of @names that is a column, or -1 */
static int
find_column (PsCsaTable         *table,
             const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      int c = ps_csa_table_column (table, names[i]);

      if (c >= 0)
        return c;
    }
  return -1;
}

/* A TAP error document: <INFO name="QUERY_STATUS" value="ERROR">why</INFO> */
static void
set_xml_error (const char  *text,
               gsize        length,
               GError     **error)
{
  g_autofree char *copy = g_strndup (text, length);
  const char *status = strstr (copy, "QUERY_STATUS");
  const char *open;
  const char *close;

  if (status != NULL && strstr (status, "ERROR") != NULL && (open = strchr (status, '>')) != NULL
      && (close = strchr (open + 1, '<')) != NULL)
    {
      g_autofree char *why = g_strstrip (g_strndup (open + 1, close - open - 1));

      if (*why != '\0')
        {
          g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_SERVER,
                       _("The Cluster Science Archive refused the query: %s"), why);
          return;
        }
    }
  g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE,
               _("The answer is an XML or HTML document, not the CSV table asked for"));
}

static gboolean
end_record (PsCsaTable  *table,
            GPtrArray   *record,
            gboolean     quoted,
            guint        line,
            GError     **error)
{
  /* A blank line */
  if (record->len == 1 && !quoted && ((char *) g_ptr_array_index (record, 0))[0] == '\0')
    {
      g_ptr_array_set_size (record, 0);
      return TRUE;
    }
  if (table->header == NULL)
    {
      table->n_columns = record->len;
      g_ptr_array_add (record, NULL);
      table->header = (char **) g_ptr_array_steal (record, NULL);
      for (guint i = 0; table->header[i] != NULL; i++)
        g_strstrip (table->header[i]);
      return TRUE;
    }
  if (record->len != table->n_columns)
    {
      g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE,
                   _("Line %u of the table has %u fields, its header %u"), line, record->len, table->n_columns);
      return FALSE;
    }
  g_ptr_array_add (record, NULL);
  g_ptr_array_add (table->rows, g_ptr_array_steal (record, NULL));
  return TRUE;
}

/**
 * ps_csa_parse_table:
 * @text: a TAP answer in CSV
 *
 * Returns: (transfer full): the table, or %NULL with @error set
 */
PsCsaTable *
ps_csa_parse_table (const char  *text,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(PsCsaTable) table = g_new0 (PsCsaTable, 1);
  g_autoptr(GString) field = g_string_new (NULL);
  GPtrArray *record = NULL;
  gsize pos = 0;
  guint line = 1;
  guint record_line = 1;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE, _("The answer is not text (UTF-8)"));
      return NULL;
    }
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    pos = 3;
  while (pos < length && g_ascii_isspace (text[pos]))
    pos++;
  if (pos < length && text[pos] == '<')
    {
      set_xml_error (text, length, error);
      return NULL;
    }
  if (pos == length)
    {
      g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE, _("The answer is empty: not even a header line"));
      return NULL;
    }

  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  record = g_ptr_array_new_with_free_func (g_free);
  for (;;)
    {
      gboolean quoted = FALSE;
      char c;

      g_string_truncate (field, 0);
      if (pos < length && text[pos] == '"')
        {
          guint first_line = line;

          quoted = TRUE;
          pos++;
          for (;;)
            {
              if (pos >= length)
                {
                  g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE,
                               _("A quoted field of the table opened on line %u is never closed"), first_line);
                  goto fail;
                }
              c = text[pos];
              if (c == '"')
                {
                  if (pos + 1 < length && text[pos + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      pos += 2;
                      continue;
                    }
                  pos++;
                  break;
                }
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
              pos++;
            }
          if (pos < length && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r')
            {
              g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE,
                           _("Line %u of the table has text after a closing quote"), line);
              goto fail;
            }
        }
      else
        {
          while (pos < length && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r')
            {
              if (text[pos] == '"')
                {
                  g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE,
                               _("Line %u of the table has a quote inside a field that is not quoted"), line);
                  goto fail;
                }
              g_string_append_c (field, text[pos]);
              pos++;
            }
        }
      if (record->len >= MAX_COLUMNS)
        {
          g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE,
                       _("Line %u of the table has more than %u fields"), line, MAX_COLUMNS);
          goto fail;
        }
      g_ptr_array_add (record, g_strndup (field->str, field->len));

      if (pos < length && text[pos] == ',')
        {
          pos++;
          continue;
        }
      /* The end of a record: CRLF, LF, CR, or the end of the text */
      if (pos < length)
        {
          if (text[pos] == '\r' && pos + 1 < length && text[pos + 1] == '\n')
            pos++;
          pos++;
        }
      if (!end_record (table, record, quoted, record_line, error))
        goto fail;
      line++;
      record_line = line;
      if (pos >= length)
        break;
    }
  g_ptr_array_unref (record);
  if (table->header == NULL)
    {
      g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE, _("The answer is empty: not even a header line"));
      return NULL;
    }
  return g_steal_pointer (&table);

fail:
  g_ptr_array_unref (record);
  return NULL;
}

/* --- datasets -------------------------------------------------------------- */

void
ps_csa_dataset_free (gpointer dataset)
{
  PsCsaDataset *d = dataset;

  if (d == NULL)
    return;
  g_free (d->id);
  g_free (d->title);
  g_free (d->description);
  g_free (d->mission);
  g_free (d->observatory);
  g_free (d->instrument);
  g_free (d->last_update);
  g_free (d);
}

void
ps_csa_parameter_free (gpointer parameter)
{
  PsCsaParameter *p = parameter;

  if (p == NULL)
    return;
  g_free (p->id);
  g_free (p->dataset_id);
  g_free (p->units);
  g_free (p->label);
  g_free (p->description);
  g_free (p->fill);
  g_free (p->value_type);
  g_free (p);
}

/* A field of @row, NULL when the column is missing or the field blank */
static char *
field_dup (char      **row,
           int         column)
{
  g_autofree char *copy = NULL;

  if (column < 0)
    return NULL;
  copy = g_strstrip (g_strdup (row[column]));
  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

/* The first item of a list "a, b" */
static char *
first_item (char *list)
{
  g_auto(GStrv) items = NULL;
  char *first;

  if (list == NULL)
    return NULL;
  items = g_strsplit_set (list, ",;", 2);
  g_free (list);
  first = g_strstrip (g_strdup (items[0]));
  if (*first == '\0')
    g_clear_pointer (&first, g_free);
  return first;
}

/* A date of the service: "2001-02-01 00:00:00.0" or ISO 8601, UTC */
static gboolean
parse_date (const char  *text,
            guint        row,
            PsTime      *out,
            GError     **error)
{
  g_autofree char *copy = g_strdup (text);
  g_autoptr(GError) why = NULL;

  if (strlen (copy) > 10 && copy[10] == ' ')
    copy[10] = 'T';
  if (!ps_time_parse_iso (copy, out, &why))
    {
      g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE,
                   _("Row %u of the table has “%s” for a date: %s"), row, text, why->message);
      return FALSE;
    }
  return TRUE;
}

/* What a dataset id says: "C3_CP_EFW_…" is Cluster 3's EFW */
static void
guess_from_id (PsCsaDataset *d)
{
  g_auto(GStrv) parts = g_strsplit (d->id, "_", 4);
  const char *prefix = parts[0];

  if (d->mission == NULL)
    {
      if (prefix[0] == 'C')
        d->mission = g_strdup ("Cluster");
      else if (prefix[0] == 'D')
        d->mission = g_strdup ("Double Star");
      else
        d->mission = g_strdup (_("Other"));
    }
  if (d->observatory == NULL)
    {
      if ((prefix[0] == 'C' && prefix[1] >= '1' && prefix[1] <= '4' && prefix[2] == '\0')
          || (prefix[0] == 'D' && prefix[1] >= '1' && prefix[1] <= '2' && prefix[2] == '\0'))
        d->observatory = g_strdup (prefix);
      else
        d->observatory = g_strdup ("MULTIPLE");
    }
  if (d->instrument == NULL)
    {
      if (parts[1] != NULL && parts[2] != NULL && parts[2][0] != '\0')
        d->instrument = g_strdup (parts[2]);
      else
        d->instrument = g_strdup (_("Other"));
    }
}

static const char * const title_columns[] = { "title", NULL };
static const char * const description_columns[] = { "description", "dataset_description", NULL };
static const char * const mission_columns[] = { "mission_name", "mission", NULL };
static const char * const observatory_columns[] = { "observatories", "observatory", "observatory_name", NULL };
static const char * const instrument_columns[] = { "instruments", "instrument", "instrument_name", NULL };
static const char * const start_columns[] = { "start_date", "start_time", NULL };
static const char * const stop_columns[] = { "end_date", "stop_date", "end_time", NULL };
static const char * const cadence_columns[] = { "time_resolution", NULL };
static const char * const update_columns[] = { "date_last_update", "last_update", NULL };

/**
 * ps_csa_parse_datasets:
 * @text: the rows of csa.v_dataset, in CSV
 *
 * Rows without a dataset_id are left out; the mission, observatory and
 * instrument, when the table does not give them, come from the id.
 *
 * Returns: (transfer full) (element-type PsCsaDataset): the datasets, or
 *   %NULL with @error set
 */
GPtrArray *
ps_csa_parse_datasets (const char  *text,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(PsCsaTable) table = ps_csa_parse_table (text, length, error);
  g_autoptr(GPtrArray) datasets = NULL;
  int c_id, c_title, c_description, c_mission, c_observatory, c_instrument, c_start, c_stop, c_cadence, c_update;

  if (table == NULL)
    return NULL;
  c_id = ps_csa_table_column (table, "dataset_id");
  if (c_id < 0)
    {
      g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE, _("The table of datasets has no dataset_id column"));
      return NULL;
    }
  c_title = find_column (table, title_columns);
  c_description = find_column (table, description_columns);
  c_mission = find_column (table, mission_columns);
  c_observatory = find_column (table, observatory_columns);
  c_instrument = find_column (table, instrument_columns);
  c_start = find_column (table, start_columns);
  c_stop = find_column (table, stop_columns);
  c_cadence = find_column (table, cadence_columns);
  c_update = find_column (table, update_columns);

  datasets = g_ptr_array_new_with_free_func (ps_csa_dataset_free);
  for (guint i = 0; i < table->rows->len; i++)
    {
      char **row = g_ptr_array_index (table->rows, i);
      g_autofree char *start = field_dup (row, c_start);
      g_autofree char *stop = field_dup (row, c_stop);
      g_autofree char *cadence = field_dup (row, c_cadence);
      g_autofree char *id = field_dup (row, c_id);
      PsCsaDataset *d;

      if (id == NULL)
        continue;
      d = g_new0 (PsCsaDataset, 1);
      g_ptr_array_add (datasets, d);
      d->id = g_steal_pointer (&id);
      d->title = field_dup (row, c_title);
      d->description = field_dup (row, c_description);
      d->mission = first_item (field_dup (row, c_mission));
      d->observatory = first_item (field_dup (row, c_observatory));
      d->instrument = first_item (field_dup (row, c_instrument));
      d->last_update = field_dup (row, c_update);
      guess_from_id (d);
      if (start != NULL && stop != NULL)
        {
          PsTime t0, t1;

          if (!parse_date (start, i + 2, &t0, error) || !parse_date (stop, i + 2, &t1, error))
            return NULL;
          if (t0 <= t1)
            d->coverage = ps_time_range_make (t0, t1);
        }
      if (cadence != NULL)
        {
          char *end = NULL;
          double seconds = g_ascii_strtod (cadence, &end);

          if (end == cadence || *end != '\0' || !isfinite (seconds) || seconds < 0 || seconds > 1e9)
            {
              g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE,
                           _("Row %u of the table has “%s” for a time resolution"), i + 2, cadence);
              return NULL;
            }
          d->cadence = (PsTime) llround (seconds * 1e9);
        }
    }
  return g_steal_pointer (&datasets);
}

/* --- parameters ------------------------------------------------------------ */

static const char * const units_columns[] = { "units", "unit", NULL };
static const char * const label_columns[] = { "lablaxis", "label", "fieldnam", "caption", NULL };
static const char * const catdesc_columns[] = { "catdesc", "description", NULL };
static const char * const fill_columns[] = { "fillval", "fill_value", "fill", NULL };
static const char * const type_columns[] = { "value_type", NULL };
static const char * const sizes_columns[] = { "sizes", "dimension_size", "dimensions", "size", NULL };

/* "3", "3 16", "3x16": the product of the numbers, 1 for none */
static guint
parse_sizes (const char *text)
{
  guint64 product = 1;
  gboolean any = FALSE;

  if (text == NULL)
    return 1;
  for (const char *p = text; *p != '\0';)
    {
      guint64 n = 0;

      if (!g_ascii_isdigit (*p))
        {
          p++;
          continue;
        }
      while (g_ascii_isdigit (*p))
        {
          n = MIN (n * 10 + (guint64) (*p - '0'), G_MAXUINT32);
          p++;
        }
      product = MIN (product * MAX (n, 1), (guint64) G_MAXUINT32);
      any = TRUE;
    }
  return any ? (guint) product : 1;
}

/**
 * ps_csa_parse_parameters:
 * @text: the rows of csa.v_parameter, in CSV
 *
 * Rows without a parameter_id or a dataset_id are left out.
 *
 * Returns: (transfer full) (element-type PsCsaParameter): the parameters,
 *   or %NULL with @error set
 */
GPtrArray *
ps_csa_parse_parameters (const char  *text,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(PsCsaTable) table = ps_csa_parse_table (text, length, error);
  g_autoptr(GPtrArray) parameters = NULL;
  int c_id, c_dataset, c_units, c_label, c_catdesc, c_fill, c_type, c_sizes;

  if (table == NULL)
    return NULL;
  c_id = ps_csa_table_column (table, "parameter_id");
  c_dataset = ps_csa_table_column (table, "dataset_id");
  if (c_id < 0 || c_dataset < 0)
    {
      g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_PARSE,
                   _("The table of parameters has no parameter_id or no dataset_id column"));
      return NULL;
    }
  c_units = find_column (table, units_columns);
  c_label = find_column (table, label_columns);
  c_catdesc = find_column (table, catdesc_columns);
  c_fill = find_column (table, fill_columns);
  c_type = find_column (table, type_columns);
  c_sizes = find_column (table, sizes_columns);

  parameters = g_ptr_array_new_with_free_func (ps_csa_parameter_free);
  for (guint i = 0; i < table->rows->len; i++)
    {
      char **row = g_ptr_array_index (table->rows, i);
      g_autofree char *id = field_dup (row, c_id);
      g_autofree char *dataset = field_dup (row, c_dataset);
      g_autofree char *sizes = NULL;
      PsCsaParameter *p;

      if (id == NULL || dataset == NULL)
        continue;
      p = g_new0 (PsCsaParameter, 1);
      p->id = g_steal_pointer (&id);
      p->dataset_id = g_steal_pointer (&dataset);
      p->units = field_dup (row, c_units);
      p->label = field_dup (row, c_label);
      p->description = field_dup (row, c_catdesc);
      p->fill = field_dup (row, c_fill);
      p->value_type = field_dup (row, c_type);
      sizes = field_dup (row, c_sizes);
      p->size = parse_sizes (sizes);
      g_ptr_array_add (parameters, p);
    }
  return g_steal_pointer (&parameters);
}

/* --- the tree -------------------------------------------------------------- */

static PsInventoryNode *
ensure_child (PsInventoryNode *parent,
              PsInventoryKind  kind,
              const char      *path,
              const char      *name)
{
  PsInventoryNode *node = ps_inventory_node_find_child (parent, path);

  if (node == NULL)
    {
      g_autoptr(PsInventoryNode) made = ps_inventory_node_new (kind, path, name);

      ps_inventory_node_add_child (parent, made);
      node = made;
    }
  return node;
}

static const char *
observatory_name (const char *observatory)
{
  static const struct { const char *id; const char *name; } names[] = {
    { "C1", "Cluster 1 (Rumba)" }, { "C2", "Cluster 2 (Salsa)" },
    { "C3", "Cluster 3 (Samba)" }, { "C4", "Cluster 4 (Tango)" },
    { "D1", "Double Star TC-1" }, { "D2", "Double Star TC-2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (observatory, names[i].id) == 0)
      return names[i].name;
  if (strcmp (observatory, "MULTIPLE") == 0)
    return _("Several spacecraft");
  return observatory;
}

static PsDisplayKind
display_kind (guint size)
{
  if (size == 3)
    return PS_DISPLAY_VECTOR;
  return size > 1 ? PS_DISPLAY_MULTI : PS_DISPLAY_LINE;
}

/**
 * ps_csa_inventory_new:
 * @datasets: (element-type PsCsaDataset): from ps_csa_parse_datasets()
 * @parameters: (element-type PsCsaParameter) (nullable): from
 *   ps_csa_parse_parameters()
 *
 * The tree csa → mission → observatory → instrument → dataset
 * ("csa/<DATASET_ID>") → parameter ("csa/<DATASET_ID>/<PARAMETER_ID>"),
 * sorted down to the datasets (parameters stay in the service's order).
 * The nodes above datasets have paths "csa/#/MISSION/OBSERVATORY/…".
 * Parameters inherit their dataset's coverage and cadence; parameters of
 * datasets not listed are left out, and so is what is listed twice.
 *
 * Returns: (transfer full): the root, path "csa"
 */
static int
compare_datasets (gconstpointer a,
                  gconstpointer b)
{
  const PsCsaDataset *x = *(const PsCsaDataset * const *) a;
  const PsCsaDataset *y = *(const PsCsaDataset * const *) b;
  int c;

  if ((c = g_strcmp0 (x->mission, y->mission)) != 0
      || (c = g_strcmp0 (x->observatory, y->observatory)) != 0
      || (c = g_strcmp0 (x->instrument, y->instrument)) != 0)
    return c;
  return g_strcmp0 (x->id, y->id);
}

PsInventoryNode *
ps_csa_inventory_new (GPtrArray *datasets,
                      GPtrArray *parameters)
{
  PsInventoryNode *root = ps_inventory_node_new (PS_INVENTORY_PROVIDER, "csa", "Cluster Science Archive");
  g_autoptr(GHashTable) nodes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted = NULL;

  g_return_val_if_fail (datasets != NULL, root);

  /* Missions, spacecraft (C1…C4, then several), instruments, datasets in
   * order, whatever the order of the service's rows */
  sorted = g_ptr_array_sized_new (datasets->len);
  for (guint i = 0; i < datasets->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (datasets, i));
  g_ptr_array_sort (sorted, compare_datasets);
  datasets = sorted;

  ps_inventory_node_set_description (root, _("ESA’s archive of the Cluster and Double Star missions"));
  for (guint i = 0; i < datasets->len; i++)
    {
      const PsCsaDataset *d = g_ptr_array_index (datasets, i);
      g_autofree char *mission_path = NULL;
      g_autofree char *observatory_path = NULL;
      g_autofree char *instrument_path = NULL;
      g_autofree char *path = NULL;
      g_autoptr(PsInventoryNode) node = NULL;
      PsInventoryNode *parent;

      if (g_hash_table_contains (nodes, d->id))
        continue;
      mission_path = g_strconcat ("csa/#/", d->mission, NULL);
      parent = ensure_child (root, PS_INVENTORY_MISSION, mission_path, d->mission);
      observatory_path = g_strconcat (mission_path, "/", d->observatory, NULL);
      parent = ensure_child (parent, PS_INVENTORY_OBSERVATORY, observatory_path, observatory_name (d->observatory));
      instrument_path = g_strconcat (observatory_path, "/", d->instrument, NULL);
      parent = ensure_child (parent, PS_INVENTORY_INSTRUMENT, instrument_path, d->instrument);

      path = g_strconcat ("csa/", d->id, NULL);
      node = ps_inventory_node_new (PS_INVENTORY_DATASET, path, d->id);
      ps_inventory_node_set_description (node, d->title != NULL ? d->title : d->description);
      if (!ps_time_range_is_empty (&d->coverage))
        ps_inventory_node_set_coverage (node, &d->coverage);
      ps_inventory_node_set_cadence (node, d->cadence);
      ps_inventory_node_set_key (node, "description", d->description);
      ps_inventory_node_set_key (node, "last_update", d->last_update);
      ps_inventory_node_add_child (parent, node);
      g_hash_table_insert (nodes, d->id, node);
    }

  for (guint i = 0; parameters != NULL && i < parameters->len; i++)
    {
      const PsCsaParameter *p = g_ptr_array_index (parameters, i);
      PsInventoryNode *dataset = g_hash_table_lookup (nodes, p->dataset_id);
      g_autofree char *path = NULL;
      g_autofree char *suffix = NULL;
      g_autofree char *name = NULL;
      g_autoptr(PsInventoryNode) node = NULL;

      if (dataset == NULL)
        continue;
      path = g_strconcat ("csa/", p->dataset_id, "/", p->id, NULL);
      if (ps_inventory_node_find_child (dataset, path) != NULL)
        continue;
      /* "E_Vec_xyz_ISR2__C3_CP_EFW_L3_E3D_INERT" shows as "E_Vec_xyz_ISR2" */
      suffix = g_strconcat ("__", p->dataset_id, NULL);
      name = g_str_has_suffix (p->id, suffix) && strlen (p->id) > strlen (suffix)
             ? g_strndup (p->id, strlen (p->id) - strlen (suffix)) : g_strdup (p->id);
      node = ps_inventory_node_new (PS_INVENTORY_PARAMETER, path, name);
      ps_inventory_node_set_description (node, p->description != NULL ? p->description : p->label);
      ps_inventory_node_set_units (node, p->units);
      ps_inventory_node_set_display_kind (node, display_kind (p->size));
      ps_inventory_node_set_coverage (node, ps_inventory_node_get_coverage (dataset));
      ps_inventory_node_set_cadence (node, ps_inventory_node_get_cadence (dataset));
      ps_inventory_node_set_key (node, "label", p->label);
      ps_inventory_node_set_key (node, "fill", p->fill);
      ps_inventory_node_set_key (node, "value_type", p->value_type);
      ps_inventory_node_add_child (dataset, node);
    }
  return root;
}
