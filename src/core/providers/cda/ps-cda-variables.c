/* ps-cda-variables.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why on demand: CDAWeb has some 3,000 datasets. Listing all their
 * variables up front means 3,000 `variables` requests and 3,000 master
 * CDFs (from tens of kilobytes to megabytes each, hundreds of megabytes in
 * all: speasy downloads them as one master.tar, and its first start takes
 * minutes). Nobody opens 3,000 datasets. So the inventory is the dataset
 * list (one request, and all a search needs of a dataset: id, label,
 * observatory, instrument, PI), its datasets "expandable"; a dataset's
 * variables are listed when someone opens it (two small requests made
 * together), and saved with the tree in the inventory cache, so each
 * dataset costs this once. Listing several datasets (the datasets a search
 * matches; everything, in the background) goes through
 * ps_cda_provider_expand_async(), which keeps at most half the fetcher's
 * connections to a host busy (two requests per dataset), so that other
 * downloads go on and CDAWeb is not flooded.
 *
 * Faults: without a master (404, not a CDF) the variables are listed as
 * CDAS lists them, without units; without CDAS's list, the master's data
 * variables are; without both, an error. JSON is parsed and the master
 * read on a worker thread.
 */

#define G_LOG_DOMAIN "ps-cda"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-cda-master.h"
#include "ps-cda-parse.h"
#include "ps-cda-provider-private.h"
#include "ps-cda-variables.h"

#define MAX_VARIABLES_SIZE (8u << 20)
#define MAX_MASTER_SIZE    (64u << 20)
#define MASTERS_FOLDER     "/pub/software/cdawlib/0MASTERS"

static const char * const json_headers[] = { "Accept: application/json", NULL };
static const char * const json_types[] = { "application/json", NULL };

/**
 * ps_cda_provider_variables_url:
 *
 * Returns: (transfer full): the request for @dataset's variables
 */
char *
ps_cda_provider_variables_url (PsCdaProvider *self,
                               const char    *dataset)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (PS_IS_CDA_PROVIDER (self), NULL);
  g_return_val_if_fail (dataset != NULL, NULL);

  escaped = g_uri_escape_string (dataset, NULL, FALSE);
  return g_strdup_printf ("%s/dataviews/sp_phys/datasets/%s/variables", ps_cda_provider_get_base_url (self), escaped);
}

/**
 * ps_cda_provider_master_url:
 *
 * The master CDFs are in CDAWeb's 0MASTERS folder, on the host of the
 * REST service (https://cdaweb.gsfc.nasa.gov/pub/software/cdawlib/
 * 0MASTERS/), so that a mirror or a test server given as the base URL
 * serves them too; $PLASMASCOPE_CDA_MASTERS_URL names another folder.
 *
 * Returns: (transfer full): the URL of @dataset's master CDF
 */
char *
ps_cda_provider_master_url (PsCdaProvider *self,
                            const char    *dataset)
{
  const char *folder = g_getenv ("PLASMASCOPE_CDA_MASTERS_URL");
  g_autofree char *name = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *from_base = NULL;
  g_autoptr(GUri) base = NULL;

  g_return_val_if_fail (PS_IS_CDA_PROVIDER (self), NULL);
  g_return_val_if_fail (dataset != NULL, NULL);

  if (folder == NULL || *folder == '\0')
    {
      base = g_uri_parse (ps_cda_provider_get_base_url (self), G_URI_FLAGS_NONE, NULL);
      if (base != NULL)
        from_base = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (base), NULL, g_uri_get_host (base),
                                g_uri_get_port (base), MASTERS_FOLDER, NULL, NULL);
      else
        from_base = g_strconcat (ps_cda_provider_get_base_url (self), MASTERS_FOLDER, NULL);
      folder = from_base;
    }
  name = ps_cda_master_file_name (dataset);
  escaped = g_uri_escape_string (name, NULL, FALSE);
  return g_strconcat (folder, g_str_has_suffix (folder, "/") ? "" : "/", escaped, NULL);
}

/* --- one dataset ---------------------------------------------------------- */

typedef struct
{
  char   *dataset;
  guint   pending;          /* answers still awaited */
  GBytes *variables;        /* CDAS's answer, or NULL and… */
  GError *variables_error;  /* …why */
  GBytes *master;           /* the master's bytes, or NULL */
} List;

static void
list_free (gpointer data)
{
  List *l = data;

  g_free (l->dataset);
  g_clear_pointer (&l->variables, g_bytes_unref);
  g_clear_error (&l->variables_error);
  g_clear_pointer (&l->master, g_bytes_unref);
  g_free (l);
}

/* The master of the answer, NULL when it is not a readable CDF */
static PsCdfFile *
read_master (GBytes *bytes)
{
  g_autoptr(PsCdfFile) master = NULL;

  if (bytes == NULL || (master = ps_cdf_file_new_from_bytes (bytes, NULL)) == NULL
      || !ps_cdf_file_load_attributes (master, NULL))
    return NULL;
  return g_steal_pointer (&master);
}

static void
describe_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  List *l = task_data;
  g_autoptr(GPtrArray) variables = NULL;
  g_autoptr(PsCdfFile) master = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (l->variables != NULL)
    {
      gsize size = 0;
      const char *json = g_bytes_get_data (l->variables, &size);

      variables = ps_cda_parse_variables (json, size, &error);
    }
  else
    error = g_error_copy (l->variables_error);
  master = read_master (l->master);
  if (variables != NULL && master != NULL)
    ps_cda_master_describe (variables, master);
  else if (variables == NULL && master != NULL)
    variables = ps_cda_master_list_variables (master);
  if (variables == NULL)
    {
      g_prefix_error (&error, _("The variables of %s: "), l->dataset);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&variables), (GDestroyNotify) g_ptr_array_unref);
}

static void
answered (GTask *task)
{
  List *l = g_task_get_task_data (task);

  if (--l->pending == 0)
    g_task_run_in_thread (task, describe_thread);
}

static void
variables_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  List *l = g_task_get_task_data (task);
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &l->variables_error);

  if (answer != NULL)
    l->variables = g_bytes_ref (ps_fetch_result_get_body (answer));
  answered (task);
}

static void
master_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  List *l = g_task_get_task_data (task);
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, NULL);

  if (answer != NULL)
    l->master = g_bytes_ref (ps_fetch_result_get_body (answer));
  answered (task);
}

/**
 * ps_cda_provider_list_variables_async:
 * @dataset: a dataset id, "AC_H2_MFI"
 *
 * Lists @dataset's products: asks CDAS for its variables and CDAWeb for
 * its master CDF, together.
 */
void
ps_cda_provider_list_variables_async (PsCdaProvider       *self,
                                      const char          *dataset,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  PsFetcher *fetcher;
  g_autoptr(GTask) task = NULL;
  g_autofree char *variables_url = NULL;
  g_autofree char *master_url = NULL;
  PsFetchOptions opts;
  List *l;

  g_return_if_fail (PS_IS_CDA_PROVIDER (self));
  g_return_if_fail (dataset != NULL);

  fetcher = _ps_cda_provider_get_fetcher (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_cda_provider_list_variables_async);
  l = g_new0 (List, 1);
  l->dataset = g_strdup (dataset);
  l->pending = 2;
  g_task_set_task_data (task, l, list_free);

  variables_url = ps_cda_provider_variables_url (self, dataset);
  ps_fetcher_init_options (fetcher, &opts);
  opts.headers = json_headers;
  opts.accept_types = json_types;
  if (opts.max_body_size == 0 || opts.max_body_size > MAX_VARIABLES_SIZE)
    opts.max_body_size = MAX_VARIABLES_SIZE;
  ps_fetcher_get_async (fetcher, variables_url, &opts, cancellable, NULL, NULL, variables_cb, g_object_ref (task));

  master_url = ps_cda_provider_master_url (self, dataset);
  ps_fetcher_init_options (fetcher, &opts);
  if (opts.max_body_size == 0 || opts.max_body_size > MAX_MASTER_SIZE)
    opts.max_body_size = MAX_MASTER_SIZE;
  ps_fetcher_get_async (fetcher, master_url, &opts, cancellable, NULL, NULL, master_cb, g_object_ref (task));
}

/**
 * ps_cda_provider_list_variables_finish:
 *
 * Returns: (transfer full) (element-type PsCdaVariable): the variables,
 *   described by the master when it could be read (for
 *   ps_cda_inventory_add_variables()), or %NULL with @error set
 */
GPtrArray *
ps_cda_provider_list_variables_finish (PsCdaProvider  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- several datasets ----------------------------------------------------- */

typedef struct
{
  GPtrArray *datasets;  /* of PsInventoryNode */
  guint      next;      /* the next to ask for */
  guint      running;
  guint      max_running;
  guint      expanded;
  GPtrArray *failures;  /* of GError */
} Expand;

static void
expand_free (gpointer data)
{
  Expand *e = data;

  g_ptr_array_unref (e->datasets);
  g_ptr_array_unref (e->failures);
  g_free (e);
}

typedef struct
{
  GTask           *task;
  PsInventoryNode *dataset;
} One;

static void start_more (GTask *task);

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  One *one = data;
  g_autoptr(GTask) task = one->task;
  g_autoptr(PsInventoryNode) dataset = one->dataset;
  Expand *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) variables = ps_cda_provider_list_variables_finish (PS_CDA_PROVIDER (source), result, &error);

  g_free (one);
  e->running--;
  if (variables != NULL)
    {
      ps_cda_inventory_add_variables (dataset, variables);
      e->expanded++;
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_ptr_array_add (e->failures, g_steal_pointer (&error));
  start_more (g_steal_pointer (&task));
}

/* Takes @task */
static void
start_more (GTask *task)
{
  PsCdaProvider *self = g_task_get_source_object (task);
  Expand *e = g_task_get_task_data (task);
  gboolean cancelled = g_cancellable_is_cancelled (g_task_get_cancellable (task));

  while (!cancelled && e->running < e->max_running && e->next < e->datasets->len)
    {
      PsInventoryNode *dataset = g_ptr_array_index (e->datasets, e->next++);
      const char *path = ps_inventory_node_get_path (dataset);
      One *one;

      if (!g_str_has_prefix (path, "cda/") || strchr (path + 4, '/') != NULL || path[4] == '\0')
        {
          g_ptr_array_add (e->failures, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                     _("“%s” is not a CDAWeb dataset"), path));
          continue;
        }
      one = g_new0 (One, 1);
      one->task = g_object_ref (task);
      one->dataset = g_object_ref (dataset);
      e->running++;
      ps_cda_provider_list_variables_async (self, path + 4, g_task_get_cancellable (task), listed_cb, one);
    }
  if (e->running == 0 && (cancelled || e->next == e->datasets->len))
    {
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_int (task, e->expanded);
    }
  g_object_unref (task);
}

/**
 * ps_cda_provider_expand_async:
 * @datasets: (element-type PsInventoryNode): dataset nodes of this
 *   provider's tree
 *
 * Lists the variables of each of @datasets and adds them to it
 * (ps_cda_inventory_add_variables()), a few datasets at a time. A
 * dataset that fails is left as it was, and reported.
 */
void
ps_cda_provider_expand_async (PsCdaProvider       *self,
                              GPtrArray           *datasets,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Expand *e;

  g_return_if_fail (PS_IS_CDA_PROVIDER (self));
  g_return_if_fail (datasets != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_cda_provider_expand_async);
  e = g_new0 (Expand, 1);
  e->datasets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < datasets->len; i++)
    g_ptr_array_add (e->datasets, g_object_ref (g_ptr_array_index (datasets, i)));
  e->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  e->max_running = MAX (1, ps_fetcher_get_max_host_connections (_ps_cda_provider_get_fetcher (self)) / 2);
  g_task_set_task_data (task, e, expand_free);
  start_more (task);
}

/**
 * ps_cda_provider_expand_finish:
 * @failures: (out) (optional) (transfer full) (element-type GError): why
 *   the datasets not expanded were not
 *
 * Returns: how many datasets have their variables now; 0 with @error set
 *   when cancelled
 */
guint
ps_cda_provider_expand_finish (PsCdaProvider  *self,
                               GAsyncResult   *result,
                               GPtrArray     **failures,
                               GError        **error)
{
  Expand *e;
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  e = g_task_get_task_data (G_TASK (result));
  n = g_task_propagate_int (G_TASK (result), error);
  if (failures != NULL)
    *failures = g_ptr_array_ref (e->failures);
  return n < 0 ? 0 : (guint) n;
}
