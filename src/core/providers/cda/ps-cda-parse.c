/* ps-cda-parse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CDAS answers a list request with {"<Element>": [ … ]} (DatasetDescription,
 * VariableDescription, FileDescription…); clients such as cdasws hand out
 * the bare list. Both are accepted. Members this code does not use are
 * ignored; a member of the wrong type is an error naming it.
 */

#define G_LOG_DOMAIN "ps-cda"

#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>

#include "ps-cda-parse.h"
#include "ps-time.h"

G_DEFINE_QUARK (ps-cda-error-quark, ps_cda_error)

static void
dataset_free (gpointer data)
{
  PsCdaDataset *d = data;

  g_free (d->id);
  g_free (d->label);
  g_free (d->doi);
  g_free (d->pi_name);
  g_free (d->pi_affiliation);
  g_free (d->notes);
  g_strfreev (d->observatories);
  g_strfreev (d->instruments);
  g_strfreev (d->groups);
  g_strfreev (d->instrument_types);
  g_free (d);
}

/**
 * ps_cda_variable_free:
 * @variable: (transfer full): a PsCdaVariable
 */
void
ps_cda_variable_free (gpointer variable)
{
  PsCdaVariable *v = variable;

  g_free (v->name);
  g_free (v->short_description);
  g_free (v->long_description);
  g_free (v->units);
  g_free (v->label);
  g_strfreev (v->component_labels);
  g_free (v);
}

static void
file_free (gpointer data)
{
  PsCdaFile *f = data;

  g_free (f->url);
  g_free (f->mime_type);
  g_free (f->last_modified);
  g_free (f);
}

/* The list of @element: the document itself, or its member @element. */
static const cJSON *
list_of (const cJSON  *doc,
         const char   *element,
         GError      **error)
{
  const cJSON *list = doc;

  if (cJSON_IsObject (doc))
    {
      list = cJSON_GetObjectItemCaseSensitive (doc, element);
      /* An empty answer: {} */
      if (list == NULL && doc->child == NULL)
        return doc;
    }
  if (!cJSON_IsArray (list))
    {
      g_set_error (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE,
                   _("CDAWeb’s answer has no list of “%s”"), element);
      return NULL;
    }
  return list;
}

static cJSON *
parse (const char  *json,
       gsize        length,
       GError     **error)
{
  cJSON *doc = cJSON_ParseWithLength (json, length);

  if (doc == NULL)
    g_set_error_literal (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE,
                         _("CDAWeb’s answer is not valid JSON"));
  return doc;
}

/* A string member, NULL when absent; FALSE when present but not text. */
static gboolean
get_string (const cJSON  *object,
            const char   *name,
            char        **out,
            GError      **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  *out = NULL;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  if (!cJSON_IsString (item))
    {
      g_set_error (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE,
                   _("In CDAWeb’s answer, “%s” is not text"), name);
      return FALSE;
    }
  *out = g_strdup (item->valuestring);
  return TRUE;
}

/* A list of strings, or one string, as a NULL-terminated array. */
static gboolean
get_strings (const cJSON   *object,
             const char    *name,
             char        ***out,
             GError       **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const cJSON *e;

  if (cJSON_IsString (item))
    g_strv_builder_add (builder, item->valuestring);
  else if (cJSON_IsArray (item))
    cJSON_ArrayForEach (e, item)
      {
        if (!cJSON_IsString (e))
          {
            g_set_error (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE,
                         _("In CDAWeb’s answer, “%s” is not a list of text"), name);
            return FALSE;
          }
        g_strv_builder_add (builder, e->valuestring);
      }
  else if (item != NULL && !cJSON_IsNull (item))
    {
      g_set_error (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE,
                   _("In CDAWeb’s answer, “%s” is not a list of text"), name);
      return FALSE;
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
get_time (const cJSON  *object,
          const char   *name,
          PsTime       *out,
          GError      **error)
{
  g_autofree char *text = NULL;

  if (!get_string (object, name, &text, error))
    return FALSE;
  if (text == NULL)
    {
      *out = PS_TIME_INVALID;
      return TRUE;
    }
  if (!ps_time_parse_iso (text, out, NULL))
    {
      g_set_error (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE,
                   _("In CDAWeb’s answer, “%s” is not a time: “%s”"), name, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_range (const cJSON  *object,
           const char   *start_name,
           const char   *stop_name,
           PsTimeRange  *out,
           GError      **error)
{
  PsTime start, stop;

  if (!get_time (object, start_name, &start, error) || !get_time (object, stop_name, &stop, error))
    return FALSE;
  if (start == PS_TIME_INVALID || stop == PS_TIME_INVALID || stop < start)
    *out = ps_time_range_make (0, 0);
  else
    *out = ps_time_range_make (start, stop);
  return TRUE;
}

/* Fills one list item from its JSON object; FALSE with @error set, or
 * unset for "not what it should be". */
typedef gboolean (*ItemFunc) (const cJSON  *object,
                              gpointer      item,
                              GError      **error);

/* The items of the list @element of @json, each a zeroed block of
 * @item_size filled by @func. */
static GPtrArray *
parse_list (const char      *json,
            gsize            length,
            const char      *element,
            const char      *not_an_item,
            gsize            item_size,
            GDestroyNotify   item_free,
            ItemFunc         func,
            GError         **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (item_free);
  cJSON *doc;
  const cJSON *list, *e;

  if ((doc = parse (json, length, error)) == NULL)
    return NULL;
  if ((list = list_of (doc, element, error)) == NULL)
    goto fail;
  cJSON_ArrayForEach (e, list)
    {
      gpointer item = g_malloc0 (item_size);

      g_ptr_array_add (out, item);
      if (!cJSON_IsObject (e) || !func (e, item, error))
        goto fail;
    }
  cJSON_Delete (doc);
  return g_steal_pointer (&out);

fail:
  if (error != NULL && *error == NULL)
    g_set_error_literal (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE, not_an_item);
  cJSON_Delete (doc);
  return NULL;
}

static gboolean
dataset_from (const cJSON  *e,
              gpointer      item,
              GError      **error)
{
  PsCdaDataset *d = item;
  const cJSON *interval = cJSON_GetObjectItemCaseSensitive (e, "TimeInterval");

  if (!get_string (e, "Id", &d->id, error)
      || !get_string (e, "Label", &d->label, error)
      || !get_string (e, "Doi", &d->doi, error)
      || !get_string (e, "PiName", &d->pi_name, error)
      || !get_string (e, "PiAffiliation", &d->pi_affiliation, error)
      || !get_string (e, "Notes", &d->notes, error)
      || !get_strings (e, "Observatory", &d->observatories, error)
      || !get_strings (e, "Instrument", &d->instruments, error)
      || !get_strings (e, "ObservatoryGroup", &d->groups, error)
      || !get_strings (e, "InstrumentType", &d->instrument_types, error)
      || (interval != NULL && !get_range (interval, "Start", "End", &d->coverage, error)))
    return FALSE;
  if (d->id == NULL)
    {
      g_set_error_literal (error, PS_CDA_ERROR, PS_CDA_ERROR_PARSE,
                           _("CDAWeb’s answer lists a dataset without an “Id”"));
      return FALSE;
    }
  return TRUE;
}

/**
 * ps_cda_parse_datasets:
 * @json: the answer to `dataviews/sp_phys/datasets[?…]`
 *
 * Returns: (transfer full) (element-type PsCdaDataset): the datasets, or
 *   %NULL with @error set
 */
GPtrArray *
ps_cda_parse_datasets (const char  *json,
                       gsize        length,
                       GError     **error)
{
  g_return_val_if_fail (json != NULL || length == 0, NULL);

  return parse_list (json, length, "DatasetDescription",
                     _("CDAWeb’s answer lists something that is not a dataset"),
                     sizeof (PsCdaDataset), dataset_free, dataset_from, error);
}

static gboolean
variable_from (const cJSON  *e,
               gpointer      item,
               GError      **error)
{
  PsCdaVariable *v = item;

  return get_string (e, "Name", &v->name, error)
         && get_string (e, "ShortDescription", &v->short_description, error)
         && get_string (e, "LongDescription", &v->long_description, error)
         && v->name != NULL;
}

/**
 * ps_cda_parse_variables:
 * @json: the answer to `dataviews/sp_phys/datasets/{id}/variables`
 *
 * Returns: (transfer full) (element-type PsCdaVariable): the variables,
 *   or %NULL with @error set
 */
GPtrArray *
ps_cda_parse_variables (const char  *json,
                        gsize        length,
                        GError     **error)
{
  g_return_val_if_fail (json != NULL || length == 0, NULL);

  return parse_list (json, length, "VariableDescription",
                     _("CDAWeb’s answer lists something that is not a variable"),
                     sizeof (PsCdaVariable), ps_cda_variable_free, variable_from, error);
}

static gboolean
file_from (const cJSON  *e,
           gpointer      item,
           GError      **error)
{
  PsCdaFile *f = item;
  const cJSON *size = cJSON_GetObjectItemCaseSensitive (e, "Length");

  f->length = cJSON_IsNumber (size) && size->valuedouble >= 0 && size->valuedouble < 9e15
              ? (gint64) size->valuedouble : -1;
  return get_string (e, "Name", &f->url, error)
         && get_string (e, "MimeType", &f->mime_type, error)
         && get_string (e, "LastModified", &f->last_modified, error)
         && get_range (e, "StartTime", "EndTime", &f->range, error)
         && f->url != NULL;
}

/**
 * ps_cda_parse_files:
 * @json: a DataResult, the answer to `…/data/{start},{stop}/{vars}?format=cdf`
 *
 * Returns: (transfer full) (element-type PsCdaFile): the files to
 *   download, or %NULL with @error set
 */
GPtrArray *
ps_cda_parse_files (const char  *json,
                    gsize        length,
                    GError     **error)
{
  g_return_val_if_fail (json != NULL || length == 0, NULL);

  return parse_list (json, length, "FileDescription",
                     _("CDAWeb’s answer lists something that is not a file"),
                     sizeof (PsCdaFile), file_free, file_from, error);
}

/* The child of @parent with @path, made when missing. */
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

/**
 * ps_cda_inventory_from_datasets:
 * @datasets: (element-type PsCdaDataset): from ps_cda_parse_datasets()
 *
 * The tree cda → observatory group → observatory → instrument → dataset,
 * as speasy builds it from CDAWeb's catalog: the group is left out when
 * the observatory has its name ("ACE" in "ACE"). A dataset of several
 * observatories, groups or instruments is listed under the first of each,
 * and once. The nodes above datasets have paths "cda/#/GROUP/OBSERVATORY/
 * INSTRUMENT" ('#' is in no dataset id). Dataset nodes are expandable:
 * their variables come from a request per dataset, on demand
 * (ps_cda_inventory_add_variables()).
 *
 * Returns: (transfer full): the root, path "cda"
 */
PsInventoryNode *
ps_cda_inventory_from_datasets (GPtrArray *datasets)
{
  PsInventoryNode *root = ps_inventory_node_new (PS_INVENTORY_PROVIDER, "cda", "CDAWeb");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (datasets != NULL, root);

  ps_inventory_node_set_description (root, _("NASA’s Coordinated Data Analysis Web"));
  for (guint i = 0; i < datasets->len; i++)
    {
      const PsCdaDataset *d = g_ptr_array_index (datasets, i);
      const char *group = d->groups != NULL && d->groups[0] != NULL ? d->groups[0] : NULL;
      const char *observatory = d->observatories != NULL && d->observatories[0] != NULL
                                ? d->observatories[0] : group;
      const char *instrument = d->instruments != NULL && d->instruments[0] != NULL ? d->instruments[0] : NULL;
      g_autoptr(GString) path = g_string_new ("cda/#");
      g_autofree char *dataset_path = NULL;
      g_autofree char *types = NULL;
      g_autoptr(PsInventoryNode) node = NULL;
      PsInventoryNode *parent = root;

      if (!g_hash_table_add (seen, d->id))
        continue; /* listed twice */
      if (group != NULL && observatory != NULL && !g_str_equal (group, observatory))
        {
          g_string_append_printf (path, "/%s", group);
          parent = ensure_child (parent, PS_INVENTORY_GROUP, path->str, group);
        }
      if (observatory != NULL)
        {
          g_string_append_printf (path, "/%s", observatory);
          parent = ensure_child (parent, PS_INVENTORY_OBSERVATORY, path->str, observatory);
        }
      else
        {
          g_string_append (path, "/Other");
          parent = ensure_child (parent, PS_INVENTORY_GROUP, path->str, _("Other"));
        }
      if (instrument != NULL)
        {
          g_string_append_printf (path, "/%s", instrument);
          parent = ensure_child (parent, PS_INVENTORY_INSTRUMENT, path->str, instrument);
        }

      dataset_path = g_strconcat ("cda/", d->id, NULL);
      node = ps_inventory_node_new (PS_INVENTORY_DATASET, dataset_path, d->id);
      ps_inventory_node_set_description (node, d->label);
      ps_inventory_node_set_coverage (node, &d->coverage);
      ps_inventory_node_set_expandable (node, TRUE);
      ps_inventory_node_set_key (node, "pi_name", d->pi_name);
      ps_inventory_node_set_key (node, "pi_affiliation", d->pi_affiliation);
      ps_inventory_node_set_key (node, "notes", d->notes);
      ps_inventory_node_set_key (node, "doi", d->doi);
      ps_inventory_node_set_key (node, "instrument", instrument);
      if (d->instrument_types != NULL && d->instrument_types[0] != NULL)
        types = g_strjoinv ("; ", d->instrument_types);
      ps_inventory_node_set_key (node, "instrument_types", types);
      ps_inventory_node_add_child (parent, node);
    }
  return root;
}

/**
 * ps_cda_inventory_add_variables:
 * @dataset: a dataset node of ps_cda_inventory_from_datasets()
 * @variables: (element-type PsCdaVariable): its variables (described by
 *   its master CDF when it could be read: ps_cda_master_describe())
 *
 * Adds the parameters "cda/<DATASET>/<VARIABLE>", which inherit the
 * dataset's coverage, with their units, display kind and labels (keys
 * "label", and "labels": the components', separated by tabs). Variables
 * listed already are left as they are. The dataset is no longer
 * expandable: its variables are listed.
 */
void
ps_cda_inventory_add_variables (PsInventoryNode *dataset,
                                GPtrArray       *variables)
{
  g_return_if_fail (PS_IS_INVENTORY_NODE (dataset));
  g_return_if_fail (variables != NULL);

  for (guint i = 0; i < variables->len; i++)
    {
      const PsCdaVariable *v = g_ptr_array_index (variables, i);
      g_autofree char *path = g_strconcat (ps_inventory_node_get_path (dataset), "/", v->name, NULL);
      g_autofree char *labels = NULL;
      g_autoptr(PsInventoryNode) node = NULL;

      if (ps_inventory_node_find_child (dataset, path) != NULL)
        continue;
      node = ps_inventory_node_new (PS_INVENTORY_PARAMETER, path, v->name);
      ps_inventory_node_set_description (node, v->long_description != NULL && v->long_description[0] != '\0'
                                               ? v->long_description : v->short_description);
      ps_inventory_node_set_units (node, v->units);
      ps_inventory_node_set_display_kind (node, v->display_kind);
      ps_inventory_node_set_coverage (node, ps_inventory_node_get_coverage (dataset));
      ps_inventory_node_set_key (node, "label", v->label);
      if (v->component_labels != NULL && v->component_labels[0] != NULL)
        labels = g_strjoinv ("\t", v->component_labels);
      ps_inventory_node_set_key (node, "labels", labels);
      ps_inventory_node_add_child (dataset, node);
    }
  ps_inventory_node_set_expandable (dataset, FALSE);
}
