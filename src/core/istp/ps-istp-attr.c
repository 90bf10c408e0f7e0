/* ps-istp-attr.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ISTP attributes with the master-CDF fallback. A data file's attribute
 * wins; when it is missing or blank, the master's is used. Support
 * variables named by DEPEND_x, LABL_PTR_x or UNIT_PTR are searched under
 * every name the two files give (data file first), each first in the data
 * file and then in the master, and are skipped when they have no record
 * or the wrong type: non-compliant data files (sta_l1_het, wi_plsp_3dp)
 * point DEPEND_1 at text variables or carry no attributes at all.
 */

#define G_LOG_DOMAIN "ps-istp"

#include "config.h"

#include <string.h>

#include "ps-istp-private.h"
#include "ps-time-cdf.h"

static gboolean
entry_is_blank (const PsCdfAttrEntry *entry)
{
  if (entry->num_elems == 0 || entry->size == 0)
    return TRUE;
  if (entry->type != PS_CDF_CHAR && entry->type != PS_CDF_UCHAR)
    return FALSE;
  for (gsize i = 0; i < entry->size && entry->data[i] != '\0'; i++)
    if (!g_ascii_isspace (entry->data[i]))
      return FALSE;
  return TRUE;
}

static const PsCdfAttrEntry *
own_attr (PsCdfFile  *file,
          const char *variable,
          const char *name)
{
  const PsCdfVariable *var;
  const PsCdfAttrEntry *entry;

  if (file == NULL || (var = ps_cdf_file_lookup_variable (file, variable)) == NULL)
    return NULL;
  entry = ps_cdf_variable_get_attribute (file, var, name);
  return entry != NULL && !entry_is_blank (entry) ? entry : NULL;
}

const PsCdfAttrEntry *
_ps_istp_attr (PsCdfFile  *file,
               PsCdfFile  *master,
               const char *variable,
               const char *name)
{
  const PsCdfAttrEntry *entry = own_attr (file, variable, name);

  return entry != NULL ? entry : own_attr (master, variable, name);
}

static void
append_value (GString              *out,
              const PsCdfAttrEntry *entry,
              guint                 i)
{
  const guint8 *p = entry->data + i * ps_cdf_type_size (entry->type);
  char buf[64];
  double d;

  switch (entry->type)
    {
    case PS_CDF_EPOCH:
      memcpy (&d, p, sizeof d);
      ps_cdf_epoch_format_iso_buf (d, buf, sizeof buf);
      g_string_append (out, buf);
      break;
    case PS_CDF_EPOCH16:
      {
        double v[2];
        memcpy (v, p, sizeof v);
        ps_cdf_epoch16_format_iso_buf (v[0], v[1], buf, sizeof buf);
        g_string_append (out, buf);
      }
      break;
    case PS_CDF_TIME_TT2000:
      {
        gint64 v;
        memcpy (&v, p, sizeof v);
        ps_tt2000_format_iso_buf (v, buf, sizeof buf);
        g_string_append (out, buf);
      }
      break;
    case PS_CDF_REAL4:
    case PS_CDF_FLOAT:
      /* The shortest text that reads back as the same float: -1e+31 */
      _ps_istp_entry_double (entry, i, &d);
      for (int digits = 6; digits <= 9; digits++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", digits);
          g_ascii_formatd (buf, sizeof buf, format, d);
          if ((float) g_ascii_strtod (buf, NULL) == (float) d)
            break;
        }
      g_string_append (out, buf);
      break;
    case PS_CDF_REAL8:
    case PS_CDF_DOUBLE:
      /* Same for doubles, 15 to 17 digits */
      _ps_istp_entry_double (entry, i, &d);
      for (int digits = 15; digits <= 17; digits++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", digits);
          g_ascii_formatd (buf, sizeof buf, format, d);
          if (g_ascii_strtod (buf, NULL) == d)
            break;
        }
      g_string_append (out, buf);
      break;
    case PS_CDF_INT8:
      {
        gint64 v;
        memcpy (&v, p, sizeof v);
        g_string_append_printf (out, "%" G_GINT64_FORMAT, v);
      }
      break;
    case PS_CDF_INT1:
    case PS_CDF_INT2:
    case PS_CDF_INT4:
    case PS_CDF_UINT1:
    case PS_CDF_UINT2:
    case PS_CDF_UINT4:
    case PS_CDF_BYTE:
    case PS_CDF_CHAR:
    case PS_CDF_UCHAR:
    default:
      _ps_istp_entry_double (entry, i, &d);
      g_string_append_printf (out, "%.0f", d);
      break;
    }
}

/* Text of an attribute entry: strings trimmed, numbers (and times, in ISO
 * 8601) separated by ", ". */
char *
_ps_istp_entry_text (const PsCdfAttrEntry *entry)
{
  GString *out;
  gsize size;

  if (entry == NULL)
    return NULL;
  if (entry->type == PS_CDF_CHAR || entry->type == PS_CDF_UCHAR)
    {
      char *text = g_strndup ((const char *) entry->data, MIN (entry->size, entry->num_elems));
      return g_strstrip (text);
    }

  out = g_string_new (NULL);
  size = ps_cdf_type_size (entry->type);
  for (guint i = 0; size > 0 && i < entry->num_elems && (gsize) (i + 1) * size <= entry->size; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_value (out, entry, i);
    }
  return g_string_free (out, FALSE);
}

char *
_ps_istp_attr_text (PsCdfFile  *file,
                    PsCdfFile  *master,
                    const char *variable,
                    const char *name)
{
  char *text = _ps_istp_entry_text (_ps_istp_attr (file, master, variable, name));

  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/**
 * ps_istp_get_text_attribute:
 * @master: (nullable): the master CDF, consulted when @file lacks it
 * @name: a variable attribute (CATDESC, FIELDNAM, UNITS, DISPLAY_TYPE…)
 *
 * Returns: (transfer full) (nullable): the attribute's text for @variable,
 *   %NULL when absent or empty
 */
char *
ps_istp_get_text_attribute (PsCdfFile  *file,
                            PsCdfFile  *master,
                            const char *variable,
                            const char *name)
{
  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (variable != NULL && name != NULL, NULL);

  return _ps_istp_attr_text (file, master, variable, name);
}

static gboolean
type_fits (PsCdfType  type,
           PsIstpWant want)
{
  switch (want)
    {
    case PS_ISTP_WANT_NUMBER:
      return _ps_istp_is_numeric (type);
    case PS_ISTP_WANT_TIME:
      return _ps_istp_is_time (type);
    case PS_ISTP_WANT_TEXT:
    default:
      return type == PS_CDF_CHAR || type == PS_CDF_UCHAR;
    }
}

static gboolean
find_support (PsCdfFile  *file,
              const char *name,
              PsIstpWant  want,
              gboolean    need_records,
              PsIstpVar  *out)
{
  const PsCdfVariable *var;

  if (file == NULL || name == NULL || (var = ps_cdf_file_lookup_variable (file, name)) == NULL)
    return FALSE;
  if (!type_fits (var->type, want) || (need_records && var->n_records <= 0))
    return FALSE;
  out->file = file;
  out->var = var;
  return TRUE;
}

/* The support variable named by attribute @name of @variable. Variables
 * with records are preferred; an empty one is returned only when nothing
 * better exists (a master file alone has no records at all). */
gboolean
_ps_istp_resolve (PsCdfFile  *file,
                  PsCdfFile  *master,
                  const char *variable,
                  const char *name,
                  PsIstpWant  want,
                  PsIstpVar  *out)
{
  g_autofree char *own = _ps_istp_entry_text (own_attr (file, variable, name));
  g_autofree char *theirs = _ps_istp_entry_text (own_attr (master, variable, name));
  const char *names[2] = { own, theirs };

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      if (find_support (file, names[i], want, pass == 0, out)
          || find_support (master, names[i], want, pass == 0, out))
        return TRUE;
  return FALSE;
}

/* The strings of record 0 of a CHAR variable, trimmed. */
char **
_ps_istp_read_strings (const PsIstpVar *sv)
{
  const PsCdfVariable *var = sv->var;
  g_autofree guint8 *raw = NULL;
  gsize size = 0;
  GPtrArray *out;
  gsize len = var->num_elems;

  if (var->n_records <= 0 || len == 0)
    return NULL;
  raw = ps_cdf_variable_read_alloc (sv->file, var, 0, 1, &size, NULL);
  if (raw == NULL)
    return NULL;

  out = g_ptr_array_new ();
  for (gsize k = 0; (k + 1) * len <= size && k < var->values_per_record; k++)
    {
      char *text = g_strndup ((const char *) raw + k * len, len);
      g_ptr_array_add (out, g_strstrip (text));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static void
add_meta_from (PsSeriesBuilder *builder,
               GHashTable      *seen,
               PsCdfFile       *file,
               const char      *variable)
{
  const PsCdfVariable *var;

  if (file == NULL || (var = ps_cdf_file_lookup_variable (file, variable)) == NULL)
    return;
  for (guint a = 0; a < ps_cdf_file_get_n_attributes (file); a++)
    {
      const PsCdfAttribute *attr = ps_cdf_file_get_attribute (file, a);
      const PsCdfAttrEntry *entry;
      g_autofree char *text = NULL;

      if (attr->is_global || g_hash_table_contains (seen, attr->name))
        continue;
      entry = ps_cdf_variable_get_attribute_entry (file, var, attr);
      if (entry == NULL || entry_is_blank (entry))
        continue;
      text = _ps_istp_entry_text (entry);
      ps_series_builder_set_meta (builder, attr->name, text);
      g_hash_table_add (seen, (gpointer) attr->name);
    }
}

/* Every attribute of the variable as text, the data file's first. */
void
_ps_istp_add_meta (PsSeriesBuilder *builder,
                   PsCdfFile       *file,
                   PsCdfFile       *master,
                   const char      *variable)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  add_meta_from (builder, seen, file, variable);
  add_meta_from (builder, seen, master, variable);
}
