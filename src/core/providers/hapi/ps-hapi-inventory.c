/* ps-hapi-inventory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inventory of one HAPI server: hapi/NAME → datasets → parameters.
 *
 * With `catalog?depth=all` (HAPI 3.2, when the capabilities offer it) the
 * whole tree comes in one request, parsed on a worker; if that fails, or
 * the server does not offer it, from `catalog` and one `info` per dataset,
 * MAX_IN_FLIGHT at a time. A dataset whose info fails stays in the tree
 * without parameters, with the reason under the key "error". Every info
 * read is kept by the provider, so fetches after the inventory need none.
 *
 * Node keys: datasets have "title", "HAPI", "cadence" (as written),
 * "resourceID", "modificationDate", "maxRequestDuration" when given;
 * parameters "type", "size" ("3", "16,3"), "fill", "label" or "labels"
 * (a JSON array), and for bins of one-dimensional parameters "bins.name",
 * "bins.units", "bins.centers" (a JSON array) or, for time-varying bins,
 * "bins.centers.parameter" / "bins.ranges.parameter".
 */

#define G_LOG_DOMAIN "ps-hapi"

#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ps-hapi-provider-private.h"

#define MAX_IN_FLIGHT 8

typedef struct
{
  GPtrArray *datasets;   /* of PsHapiDataset */
  guint      next;       /* the next dataset to ask the info of */
  guint      in_flight;
  guint      done;
} Inventory;

static void
inventory_free (gpointer data)
{
  Inventory *inv = data;

  g_clear_pointer (&inv->datasets, g_ptr_array_unref);
  g_free (inv);
}

/* --- the tree ------------------------------------------------------------- */

static char *
json_strings (char **strings)
{
  cJSON *array = cJSON_CreateArray ();
  char *printed, *out;

  for (guint i = 0; strings[i] != NULL; i++)
    cJSON_AddItemToArray (array, cJSON_CreateString (strings[i]));
  printed = cJSON_PrintUnformatted (array);
  out = g_strdup (printed);
  cJSON_free (printed);
  cJSON_Delete (array);
  return out;
}

static char *
json_numbers (const double *values,
              guint         n)
{
  cJSON *array = cJSON_CreateArray ();
  char *printed, *out;

  for (guint i = 0; i < n; i++)
    cJSON_AddItemToArray (array, isfinite (values[i]) ? cJSON_CreateNumber (values[i]) : cJSON_CreateNull ());
  printed = cJSON_PrintUnformatted (array);
  out = g_strdup (printed);
  cJSON_free (printed);
  cJSON_Delete (array);
  return out;
}

static char *
units_of (const PsHapiParameter *param)
{
  if (param->units_array == NULL)
    return g_strdup (param->units);
  for (guint k = 1; k < param->m; k++)
    if (strcmp (param->units_array[k], param->units_array[0]) != 0)
      return g_strjoinv (", ", param->units_array);
  return g_strdup (param->units_array[0]);
}

/* As ps-hapi-data.c shows the series: bins for one dimension make a
 * spectrogram, three components of one unit a vector. */
static PsDisplayKind
display_kind_of (const PsHapiParameter *param)
{
  if (param->n_dims == 1 && param->n_bins == 1
      && (param->bins[0].centers != NULL || param->bins[0].ranges != NULL
          || param->bins[0].centers_parameter != NULL || param->bins[0].ranges_parameter != NULL))
    return PS_DISPLAY_SPECTROGRAM;
  if (param->m == 1)
    return PS_DISPLAY_LINE;
  if (param->m == 3 && param->n_dims == 1
      && (param->units_array == NULL || (strcmp (param->units_array[0], param->units_array[1]) == 0
                                         && strcmp (param->units_array[0], param->units_array[2]) == 0)))
    return PS_DISPLAY_VECTOR;
  return PS_DISPLAY_MULTI;
}

static void
set_bins_keys (PsInventoryNode       *node,
               const PsHapiParameter *param)
{
  const PsHapiBins *bins;

  if (param->n_dims != 1 || param->n_bins != 1)
    return;
  bins = &param->bins[0];
  ps_inventory_node_set_key (node, "bins.name", bins->label != NULL ? bins->label : bins->name);
  ps_inventory_node_set_key (node, "bins.units", bins->units);
  ps_inventory_node_set_key (node, "bins.centers.parameter", bins->centers_parameter);
  ps_inventory_node_set_key (node, "bins.ranges.parameter", bins->ranges_parameter);
  if (bins->centers != NULL)
    {
      g_autofree char *centers = json_numbers (bins->centers, bins->n_centers);

      ps_inventory_node_set_key (node, "bins.centers", centers);
    }
  else if (bins->ranges != NULL)
    {
      g_autofree double *middles = g_new (double, bins->n_ranges);
      g_autofree char *centers = NULL;

      for (guint k = 0; k < bins->n_ranges; k++)
        middles[k] = (bins->ranges[2 * k] + bins->ranges[2 * k + 1]) / 2;
      centers = json_numbers (middles, bins->n_ranges);
      ps_inventory_node_set_key (node, "bins.centers", centers);
    }
}

static void
add_parameter (PsHapiProvider        *self,
               PsInventoryNode       *parent,
               PsHapiDataset         *dataset,
               const PsHapiParameter *param)
{
  g_autofree char *path = ps_hapi_provider_product_path (self, dataset->id, param->name);
  g_autoptr(PsInventoryNode) node = NULL;
  g_autofree char *units = units_of (param);
  GString *size = g_string_new (NULL);

  if (ps_inventory_node_find_child (parent, path) != NULL)
    {
      g_string_free (size, TRUE);
      return;
    }
  node = ps_inventory_node_new (PS_INVENTORY_PARAMETER, path, param->name);
  ps_inventory_node_set_description (node, param->description);
  ps_inventory_node_set_units (node, units);
  ps_inventory_node_set_display_kind (node, display_kind_of (param));
  ps_inventory_node_set_coverage (node, ps_inventory_node_get_coverage (parent));
  ps_inventory_node_set_cadence (node, dataset->cadence);

  ps_inventory_node_set_key (node, "type", ps_hapi_type_to_string (param->type));
  for (guint d = 0; d < param->n_dims; d++)
    g_string_append_printf (size, d > 0 ? ",%u" : "%u", param->size[d]);
  ps_inventory_node_set_key (node, "size", param->n_dims > 0 ? size->str : "1");
  g_string_free (size, TRUE);
  ps_inventory_node_set_key (node, "fill", param->fill);
  if (param->label_array != NULL)
    {
      g_autofree char *labels = json_strings (param->label_array);

      ps_inventory_node_set_key (node, "labels", labels);
    }
  else
    ps_inventory_node_set_key (node, "label", param->label);
  set_bins_keys (node, param);
  ps_inventory_node_add_child (parent, node);
}

static void
add_dataset (PsHapiProvider  *self,
             PsInventoryNode *root,
             PsHapiDataset   *dataset)
{
  g_autofree char *path = g_strconcat (self->prefix, "/", dataset->id, NULL);
  g_autoptr(PsInventoryNode) node = NULL;
  PsHapiInfo *info = dataset->info;

  if (ps_inventory_node_find_child (root, path) != NULL)
    return; /* listed twice */
  node = ps_inventory_node_new (PS_INVENTORY_DATASET, path, dataset->id);
  ps_inventory_node_set_key (node, "title", dataset->title);
  if (info == NULL)
    {
      ps_inventory_node_set_description (node, dataset->title);
      ps_inventory_node_set_key (node, "error", dataset->error);
      ps_inventory_node_add_child (root, node);
      return;
    }

  ps_inventory_node_set_description (node, info->description != NULL ? info->description : dataset->title);
  if (info->start != PS_TIME_INVALID && info->stop != PS_TIME_INVALID && info->start <= info->stop)
    {
      PsTimeRange coverage = ps_time_range_make (info->start, info->stop);

      ps_inventory_node_set_coverage (node, &coverage);
    }
  ps_inventory_node_set_cadence (node, dataset->cadence);
  ps_inventory_node_set_key (node, "HAPI", info->hapi_version);
  ps_inventory_node_set_key (node, "cadence", info->cadence);
  ps_inventory_node_set_key (node, "resourceID", info->resource_id);
  ps_inventory_node_set_key (node, "modificationDate", dataset->modification_date);
  if (dataset->max_request_duration > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  dataset->max_request_duration / PS_TIME_NS_PER_SECOND);

      ps_inventory_node_set_key (node, "maxRequestDuration", seconds);
    }

  /* The time is not a product, nor are strings. */
  for (guint i = 1; i < info->n_parameters; i++)
    if (info->parameters[i].type == PS_HAPI_TYPE_DOUBLE || info->parameters[i].type == PS_HAPI_TYPE_INTEGER)
      add_parameter (self, node, dataset, &info->parameters[i]);
  ps_inventory_node_add_child (root, node);
}

static void
return_tree (GTask     *task,
             GPtrArray *datasets)
{
  PsHapiProvider *self = g_task_get_source_object (task);
  PsInventoryNode *root;
  g_autofree char *description = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  root = ps_inventory_node_new (PS_INVENTORY_PROVIDER, self->prefix, self->name);
  description = g_strdup_printf (_("HAPI server at %s"), self->base_url);
  ps_inventory_node_set_description (root, description);
  ps_inventory_node_set_key (root, "url", self->base_url);
  if (self->capabilities != NULL)
    ps_inventory_node_set_key (root, "HAPI", self->capabilities->version);
  for (guint i = 0; i < datasets->len; i++)
    add_dataset (self, root, g_ptr_array_index (datasets, i));
  g_task_return_pointer (task, root, g_object_unref);
}

/* --- catalog and infos ---------------------------------------------------- */

typedef struct
{
  GTask *task;
  guint  index;
} InfoWait;

static void ask_infos (GTask *task);

static void
info_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  InfoWait *wait = data;
  g_autoptr(GTask) task = wait->task;
  Inventory *inv = g_task_get_task_data (task);
  PsHapiDataset *dataset = g_ptr_array_index (inv->datasets, wait->index);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsHapiDataset) full = _ps_hapi_provider_dataset_finish (PS_HAPI_PROVIDER (source), result, &error);

  g_free (wait);
  if (full != NULL)
    {
      dataset->info = ps_hapi_info_ref (full->info);
      dataset->modification_date = g_strdup (full->modification_date);
      dataset->max_request_duration = full->max_request_duration;
      dataset->cadence = full->cadence;
    }
  else
    dataset->error = g_strdup (error->message);
  inv->in_flight--;
  inv->done++;
  ask_infos (g_steal_pointer (&task));
}

/* Keeps MAX_IN_FLIGHT info requests going; the tree once all are back.
 * Takes a reference to @task. */
static void
ask_infos (GTask *task)
{
  PsHapiProvider *self = g_task_get_source_object (task);
  Inventory *inv = g_task_get_task_data (task);

  while (inv->in_flight < MAX_IN_FLIGHT && inv->next < inv->datasets->len)
    {
      PsHapiDataset *dataset = g_ptr_array_index (inv->datasets, inv->next);
      InfoWait *wait = g_new (InfoWait, 1);

      wait->task = g_object_ref (task);
      wait->index = inv->next++;
      inv->in_flight++;
      _ps_hapi_provider_dataset_async (self, dataset->id, FALSE, g_task_get_cancellable (task),
                                       info_ready_cb, wait);
    }
  if (inv->done == inv->datasets->len)
    return_tree (task, inv->datasets);
  g_object_unref (task);
}

static void
catalog_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  PsHapiProvider *self = g_task_get_source_object (task);
  Inventory *inv = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  g_autoptr(GPtrArray) entries = NULL;
  gsize size = 0;
  const char *body;

  if (answer == NULL)
    {
      g_task_return_error (task, _ps_hapi_provider_request_error (self, g_steal_pointer (&error), NULL));
      return;
    }
  body = g_bytes_get_data (ps_fetch_result_get_body (answer), &size);
  entries = ps_hapi_catalog_parse (body, size, &error);
  if (entries == NULL)
    {
      g_task_return_error (task, _ps_hapi_provider_request_error (self, g_steal_pointer (&error), NULL));
      return;
    }
  inv->datasets = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_hapi_dataset_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      const PsHapiCatalogEntry *entry = g_ptr_array_index (entries, i);

      g_ptr_array_add (inv->datasets, ps_hapi_dataset_new (entry->id, entry->title));
    }
  ask_infos (g_steal_pointer (&task));
}

static void
ask_catalog (GTask *task)
{
  PsHapiProvider *self = g_task_get_source_object (task);
  g_autofree char *url = _ps_hapi_provider_url (self, "catalog", NULL);
  PsFetchOptions opts;

  _ps_hapi_fetch_options_init (&opts);
  ps_fetcher_get_async (self->fetcher, url, &opts, g_task_get_cancellable (task), NULL, NULL,
                        catalog_ready_cb, task);
}

/* --- catalog?depth=all ---------------------------------------------------- */

static void
parse_all_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GBytes *body = task_data;
  GError *error = NULL;
  gsize size = 0;
  const char *text = g_bytes_get_data (body, &size);
  GPtrArray *datasets = ps_hapi_catalog_all_parse (text, size, &error);

  if (datasets == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, datasets, (GDestroyNotify) g_ptr_array_unref);
}

static void
all_parsed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  PsHapiProvider *self = g_task_get_source_object (task);
  Inventory *inv = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  inv->datasets = g_task_propagate_pointer (G_TASK (result), &error);
  if (inv->datasets == NULL)
    {
      g_debug ("%s: catalog?depth=all unreadable (%s), asking dataset by dataset", self->name, error->message);
      ask_catalog (g_steal_pointer (&task));
      return;
    }
  for (guint i = 0; i < inv->datasets->len; i++)
    {
      PsHapiDataset *dataset = g_ptr_array_index (inv->datasets, i);

      if (dataset->info != NULL)
        _ps_hapi_provider_remember (self, dataset);
    }
  return_tree (task, inv->datasets);
}

static void
all_ready_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GTask *task = data;
  PsHapiProvider *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  g_autoptr(GTask) parsing = NULL;

  if (answer == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
      g_debug ("%s: catalog?depth=all failed (%s), asking dataset by dataset", self->name, error->message);
      ask_catalog (task);
      return;
    }
  parsing = g_task_new (NULL, g_task_get_cancellable (task), all_parsed_cb, task);
  g_task_set_task_data (parsing, g_bytes_ref (ps_fetch_result_get_body (answer)), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (parsing, parse_all_thread);
}

static void
capabilities_ready_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  GTask *task = data;
  PsHapiProvider *self = PS_HAPI_PROVIDER (source);
  g_autoptr(GError) error = NULL;
  const PsHapiCapabilities *capabilities = _ps_hapi_provider_capabilities_finish (self, result, &error);
  g_autofree char *url = NULL;
  PsFetchOptions opts;

  if (capabilities == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (!capabilities->depth_all)
    {
      ask_catalog (task);
      return;
    }
  url = _ps_hapi_provider_url (self, "catalog", "depth", "all", NULL);
  _ps_hapi_fetch_options_init (&opts);
  ps_fetcher_get_async (self->fetcher, url, &opts, g_task_get_cancellable (task), NULL, NULL,
                        all_ready_cb, task);
}

void
_ps_hapi_provider_build_inventory_async (PsProvider          *provider,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  PsHapiProvider *self = PS_HAPI_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _ps_hapi_provider_build_inventory_async);
  g_task_set_task_data (task, g_new0 (Inventory, 1), inventory_free);
  _ps_hapi_provider_capabilities_async (self, cancellable, capabilities_ready_cb, task);
}

PsInventoryNode *
_ps_hapi_provider_build_inventory_finish (PsProvider    *provider,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
