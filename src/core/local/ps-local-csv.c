/* ps-local-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV and ASCII tables on this computer (PsTextTable does the parsing,
 * European spreadsheets' ';'-separated tables with decimal commas too).
 * Opening reads the whole table once and keeps it for load(): a text file
 * has no index, so counting its rows and checking them (a ragged row is
 * an error at opening, not half-way through a plot) costs a full pass
 * anyway. The table is read-only after opening, so loads may run in any
 * thread at once.
 *
 * Products: one per numeric column (a line), named after the column; and
 * for each run of three consecutive columns whose names differ only in a
 * component letter x, y, z in that order (Bx By Bz, B_x B_y B_z,
 * BX_GSE BY_GSE BZ_GSE, X_GSE Y_GSE Z_GSE) with the same units, one more
 * 3-component vector product, listed before its components and named
 * after the names without the letter ("B", "B_GSE"), or with "XYZ" in its
 * place when that name is empty or taken ("XYZ_GSE", "Bxyz" next to a
 * magnitude column "B"). Slashes in names become '_' in variables (they
 * end product paths).
 */

#define G_LOG_DOMAIN "ps-local"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ps-local-format-private.h"
#include "ps-text-table.h"

#define MAX_FILE_SIZE (G_GINT64_CONSTANT (4) << 30)

typedef struct
{
  char  *variable;
  guint  columns[3];
  guint  n_components;
} CsvProduct;

typedef struct
{
  PsTextTable *table;
  GArray      *products; /* of CsvProduct */
} CsvState;

static void
csv_product_clear (gpointer data)
{
  CsvProduct *product = data;

  g_free (product->variable);
}

static gboolean
has_table_extension (const char *path)
{
  static const char *const extensions[] = { ".csv", ".tsv", ".txt", ".dat", ".asc", ".tab" };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

static gboolean
csv_sniff (const char   *path,
           const guint8 *head,
           gsize         head_len)
{
  const char *end = NULL;
  const char *last_nl;
  g_autoptr(PsTextTable) table = NULL;

  if (head_len == 0)
    return has_table_extension (path); /* an empty table, said so at opening */
  if (memchr (head, '\0', head_len) != NULL)
    return FALSE;
  /* With a table's extension, any text: a Latin-1 "°C" in a header is
   * better shown repaired than refused. */
  if (has_table_extension (path))
    return TRUE;
  /* Otherwise valid UTF-8, but for a character cut at the end of the head. */
  if (!g_utf8_validate ((const char *) head, head_len, &end)
      && (head_len < 4096 || (const guint8 *) end < head + head_len - 3))
    return FALSE;
  /* Any other name: its first complete lines must make a table. */
  last_nl = head_len < 4096 ? (const char *) head + head_len
                            : g_strrstr_len ((const char *) head, head_len, "\n");
  if (last_nl == NULL)
    return FALSE;
  table = ps_text_table_parse ((const char *) head, last_nl - (const char *) head, NULL);
  return table != NULL;
}

/* Where names @a, @b, @c differ only by x, y, z; -1 if they do not. */
static int
component_position (const char *a,
                    const char *b,
                    const char *c)
{
  gsize len = strlen (a);
  int position = -1;

  if (strlen (b) != len || strlen (c) != len)
    return -1;
  for (gsize i = 0; i < len; i++)
    {
      if (a[i] == b[i] && a[i] == c[i])
        continue;
      if (position >= 0)
        return -1;
      if (!((a[i] == 'x' && b[i] == 'y' && c[i] == 'z') || (a[i] == 'X' && b[i] == 'Y' && c[i] == 'Z')))
        return -1;
      position = (int) i;
    }
  return position;
}

static char *
make_variable (const char *name)
{
  char *variable = g_strdup (name);

  g_strdelimit (variable, "/", '_');
  return variable;
}

static gboolean
variable_taken (GArray     *products,
                PsTextTable *table,
                const char *variable)
{
  for (guint j = 0; j < ps_text_table_get_n_columns (table); j++)
    if (strcmp (ps_text_table_get_name (table, j), variable) == 0)
      return TRUE;
  for (guint i = 0; i < products->len; i++)
    if (strcmp (g_array_index (products, CsvProduct, i).variable, variable) == 0)
      return TRUE;
  return FALSE;
}

static char *
unique_variable (GArray     *products,
                 PsTextTable *table,
                 char       *variable,
                 gboolean    own_name_ok)
{
  char *candidate;

  if (own_name_ok)
    {
      gboolean taken = FALSE;

      for (guint i = 0; i < products->len && !taken; i++)
        taken = strcmp (g_array_index (products, CsvProduct, i).variable, variable) == 0;
      if (!taken)
        return variable;
    }
  else if (!variable_taken (products, table, variable))
    return variable;
  for (guint k = 2;; k++)
    {
      candidate = g_strdup_printf ("%s (%u)", variable, k);
      if (!variable_taken (products, table, candidate))
        break;
      g_free (candidate);
    }
  g_free (variable);
  return candidate;
}

/* The vector's name: the component letter removed ("BX_GSE" → "B_GSE"),
 * or "XYZ" in its place. */
static char *
vector_variable (GArray      *products,
                 PsTextTable *table,
                 const char  *x_name,
                 int          position)
{
  gboolean upper = x_name[position] == 'X';
  g_autofree char *removed = NULL;
  g_autofree char *with_xyz = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;

  const char *right = x_name + position + 1;
  int left = position;

  /* "B_x" → "B", "B_x_gse" → "B_gse": one separator goes with the letter */
  if (left > 0 && strchr ("_- .", x_name[left - 1]) != NULL && (*right == '\0' || strchr ("_- .", *right) != NULL))
    left--;
  removed = g_strdup_printf ("%.*s%s", left, x_name, right);
  with_xyz = g_strdup_printf ("%.*s%s%s", position, x_name, upper ? "XYZ" : "xyz", right);
  v1 = make_variable (removed);
  g_strstrip (v1);
  if (position > 0 && v1[0] != '\0' && !variable_taken (products, table, v1))
    return g_steal_pointer (&v1);
  v2 = make_variable (with_xyz);
  return unique_variable (products, table, g_steal_pointer (&v2), FALSE);
}

static void
add_product (GArray      *out,
             GArray      *products,
             PsTextTable *table,
             CsvProduct  *product,
             gsize        n_rows)
{
  PsLocalProduct p = { 0 };
  const char *units = ps_text_table_get_units (table, product->columns[0]);

  p.variable = g_strdup (product->variable);
  p.units = g_strdup (units);
  p.n_records = (gint64) n_rows;
  p.n_components = product->n_components;
  if (product->n_components == 1)
    {
      p.label = g_strdup (ps_text_table_get_name (table, product->columns[0]));
      p.kind = PS_DISPLAY_LINE;
      p.description = g_strdup_printf (_("Column %u of the table"),
                                       ps_text_table_get_field_index (table, product->columns[0]));
    }
  else
    {
      p.label = g_strdup (product->variable);
      p.kind = PS_DISPLAY_VECTOR;
      p.description = g_strdup_printf (_("Vector of the columns %s, %s and %s"),
                                       ps_text_table_get_name (table, product->columns[0]),
                                       ps_text_table_get_name (table, product->columns[1]),
                                       ps_text_table_get_name (table, product->columns[2]));
    }
  if (ps_text_table_was_sorted (table))
    {
      char *sorted = g_strdup_printf (_("%s; its rows were sorted by time"), p.description);

      g_free (p.description);
      p.description = sorted;
    }
  g_array_append_val (products, *product);
  g_array_append_val (out, p);
}

static void
list_products (CsvState *state,
               GArray   *out)
{
  PsTextTable *table = state->table;
  guint n = ps_text_table_get_n_columns (table);
  gsize n_rows = ps_text_table_get_n_rows (table);

  for (guint j = 0; j < n; j++)
    {
      CsvProduct product = { 0 };

      if (j + 2 < n)
        {
          const char *a = ps_text_table_get_name (table, j);
          const char *b = ps_text_table_get_name (table, j + 1);
          const char *c = ps_text_table_get_name (table, j + 2);
          int position = component_position (a, b, c);

          if (position >= 0
              && g_strcmp0 (ps_text_table_get_units (table, j), ps_text_table_get_units (table, j + 1)) == 0
              && g_strcmp0 (ps_text_table_get_units (table, j), ps_text_table_get_units (table, j + 2)) == 0)
            {
              CsvProduct vector = { vector_variable (state->products, table, a, position), { j, j + 1, j + 2 }, 3 };

              add_product (out, state->products, table, &vector, n_rows);
            }
        }
      product.variable = unique_variable (state->products, table,
                                          make_variable (ps_text_table_get_name (table, j)), TRUE);
      product.columns[0] = j;
      product.n_components = 1;
      add_product (out, state->products, table, &product, n_rows);
    }
}

static void
csv_close (gpointer data)
{
  CsvState *state = data;

  ps_text_table_free (state->table);
  g_array_unref (state->products);
  g_free (state);
}

static gpointer
csv_open (const char  *path,
          GArray      *products,
          GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_path_get_basename (path);
  CsvState *state;
  PsTextTable *table;

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  if ((gint64) g_mapped_file_get_length (mapped) > MAX_FILE_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is too big for a text table (more than 4 GiB)"), name);
      return NULL;
    }
  table = ps_text_table_parse (g_mapped_file_get_contents (mapped),
                               g_mapped_file_get_length (mapped), &local_error);
  if (table == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("“%s” cannot be read as a table: %s"), name, local_error->message);
      return NULL;
    }
  state = g_new0 (CsvState, 1);
  state->table = table;
  state->products = g_array_new (FALSE, TRUE, sizeof (CsvProduct));
  g_array_set_clear_func (state->products, csv_product_clear);
  list_products (state, products);
  return state;
}

static PsSeries *
csv_load (gpointer     data,
          const char  *variable,
          GError     **error)
{
  CsvState *state = data;
  PsTextTable *table = state->table;
  g_autoptr(PsSeriesBuilder) builder = NULL;
  const CsvProduct *product = NULL;
  const char *labels[4] = { NULL };
  gsize n = ps_text_table_get_n_rows (table);
  double *values;

  for (guint i = 0; i < state->products->len && product == NULL; i++)
    if (strcmp (g_array_index (state->products, CsvProduct, i).variable, variable) == 0)
      product = &g_array_index (state->products, CsvProduct, i);
  if (product == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The table has no column “%s”"), variable);
      return NULL;
    }

  builder = ps_series_builder_new ();
  ps_series_builder_set_name (builder, product->variable);
  ps_series_builder_set_units (builder, ps_text_table_get_units (table, product->columns[0]));
  for (guint k = 0; k < product->n_components; k++)
    labels[k] = ps_text_table_get_name (table, product->columns[k]);
  ps_series_builder_set_labels (builder, labels);
  ps_series_builder_set_display_kind (builder, product->n_components == 3 ? PS_DISPLAY_VECTOR
                                                                          : PS_DISPLAY_LINE);
  ps_series_builder_set_times (builder, ps_text_table_get_times (table), n);
  values = ps_series_builder_alloc_values (builder, n, product->n_components);
  if (product->n_components == 1)
    memcpy (values, ps_text_table_get_column (table, product->columns[0]), n * sizeof (double));
  else
    for (guint k = 0; k < product->n_components; k++)
      {
        const double *column = ps_text_table_get_column (table, product->columns[k]);

        for (gsize i = 0; i < n; i++)
          values[i * product->n_components + k] = column[i];
      }
  return ps_series_builder_end (builder, error);
}

const PsLocalFormat ps_local_format_csv = {
  .name = "CSV",
  .sniff = csv_sniff,
  .open = csv_open,
  .load = csv_load,
  .close = csv_close,
};
