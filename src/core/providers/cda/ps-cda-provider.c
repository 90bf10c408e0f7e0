/* ps-cda-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request goes through the shared PsFetcher (retries, timeouts,
 * cancellation); the small JSON answers are parsed on the caller's
 * thread, the CDF files read on a worker. A data request lists the CDF files CDAWeb
 * generated for the range; they are downloaded one after the other and
 * joined. "No data" (an answer without files) is an empty series.
 */

#define G_LOG_DOMAIN "ps-cda"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-cda-parse.h"
#include "ps-cda-provider-private.h"
#include "ps-cdf-file.h"
#include "ps-istp.h"

struct _PsCdaProvider
{
  GObject    parent_instance;

  char      *base_url;   /* without a final slash */
  PsFetcher *fetcher;
};

static void ps_cda_provider_iface_init (PsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PsCdaProvider, ps_cda_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PS_TYPE_PROVIDER, ps_cda_provider_iface_init))

static const char * const json_headers[] = { "Accept: application/json", NULL };
static const char * const json_types[] = { "application/json", NULL };

/* A file list, or the dataset list (a few megabytes for all of CDAWeb) */
#define MAX_JSON_SIZE (32u << 20)

static void
ps_cda_provider_finalize (GObject *object)
{
  PsCdaProvider *self = PS_CDA_PROVIDER (object);

  g_free (self->base_url);
  g_clear_object (&self->fetcher);

  G_OBJECT_CLASS (ps_cda_provider_parent_class)->finalize (object);
}

static void
ps_cda_provider_class_init (PsCdaProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_cda_provider_finalize;
}

static void
ps_cda_provider_init (PsCdaProvider *self)
{
}

/**
 * ps_cda_provider_new:
 * @base_url: (nullable): the CDAS base URL; %NULL: $PLASMASCOPE_CDA_URL,
 *   else %PS_CDA_DEFAULT_URL
 * @fetcher: (nullable): the fetcher to share; %NULL: a new one
 *
 * Returns: (transfer full): the provider
 */
PsCdaProvider *
ps_cda_provider_new (const char *base_url,
                     PsFetcher  *fetcher)
{
  PsCdaProvider *self = g_object_new (PS_TYPE_CDA_PROVIDER, NULL);

  if (base_url == NULL)
    base_url = g_getenv ("PLASMASCOPE_CDA_URL");
  if (base_url == NULL || *base_url == '\0')
    base_url = PS_CDA_DEFAULT_URL;
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->fetcher = fetcher != NULL ? g_object_ref (fetcher) : ps_fetcher_new ();
  return self;
}

const char *
ps_cda_provider_get_base_url (PsCdaProvider *self)
{
  g_return_val_if_fail (PS_IS_CDA_PROVIDER (self), NULL);

  return self->base_url;
}

PsFetcher *
_ps_cda_provider_get_fetcher (PsCdaProvider *self)
{
  return self->fetcher;
}

/**
 * ps_cda_provider_data_url:
 *
 * Returns: (transfer full): the data request of @variable of @dataset over
 *   @range (whole seconds: the stop rounded up)
 */
char *
ps_cda_provider_data_url (PsCdaProvider     *self,
                          const char        *dataset,
                          const char        *variable,
                          const PsTimeRange *range)
{
  g_autofree char *start = NULL;
  g_autofree char *stop = NULL;
  g_autofree char *ds = NULL;
  g_autofree char *var = NULL;

  g_return_val_if_fail (PS_IS_CDA_PROVIDER (self), NULL);
  g_return_val_if_fail (dataset != NULL && variable != NULL && range != NULL, NULL);

  start = ps_time_format_basic (range->start, FALSE);
  stop = ps_time_format_basic (range->stop, TRUE);
  ds = g_uri_escape_string (dataset, NULL, FALSE);
  var = g_uri_escape_string (variable, NULL, FALSE);
  return g_strdup_printf ("%s/dataviews/sp_phys/datasets/%s/data/%s,%s/%s?format=cdf",
                          self->base_url, ds, start, stop, var);
}

static const char *
get_name (PsProvider *provider)
{
  return "CDAWeb";
}

static const char *
get_prefix (PsProvider *provider)
{
  return "cda";
}

/* --- inventory ------------------------------------------------------------ */

static void
datasets_ready_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  g_autoptr(GPtrArray) datasets = NULL;
  gsize size = 0;
  const char *body;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  body = g_bytes_get_data (ps_fetch_result_get_body (answer), &size);
  datasets = ps_cda_parse_datasets (body, size, &error);
  if (datasets == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, ps_cda_inventory_from_datasets (datasets), g_object_unref);
}

static void
build_inventory_async (PsProvider          *provider,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  PsCdaProvider *self = PS_CDA_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->base_url, "/dataviews/sp_phys/datasets", NULL);
  PsFetchOptions opts;

  g_task_set_source_tag (task, build_inventory_async);
  ps_fetcher_init_options (self->fetcher, &opts);
  opts.headers = json_headers;
  opts.accept_types = json_types;
  if (opts.max_body_size == 0 || opts.max_body_size > MAX_JSON_SIZE)
    opts.max_body_size = MAX_JSON_SIZE;
  ps_fetcher_get_async (self->fetcher, url, &opts, cancellable, NULL, NULL, datasets_ready_cb, task);
}

static PsInventoryNode *
build_inventory_finish (PsProvider    *provider,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- data ----------------------------------------------------------------- */

typedef struct
{
  char        *dataset;
  char        *variable;
  PsTimeRange  range;
  GPtrArray   *files;   /* of PsCdaFile */
  guint        next;    /* the file being downloaded */
  GPtrArray   *pieces;  /* of PsSeries */
  char        *version; /* of the file list */
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *f = data;

  g_free (f->dataset);
  g_free (f->variable);
  g_clear_pointer (&f->files, g_ptr_array_unref);
  g_ptr_array_unref (f->pieces);
  g_free (f->version);
  g_free (f);
}

/* The version of what a data request returned: a digest of its files'
 * ranges and modification dates (their URLs change with every request:
 * CDAS writes them anew), so that a new or reprocessed file changes it. */
static char *
files_version (GPtrArray *files)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < files->len; i++)
    {
      const PsCdaFile *file = g_ptr_array_index (files, i);
      g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s\n",
                                               (gint64) file->range.start, (gint64) file->range.stop,
                                               file->last_modified != NULL ? file->last_modified : "");

      g_checksum_update (sum, (const guchar *) line, -1);
    }
  return g_strconcat ("cdas:", g_checksum_get_string (sum), NULL);
}

/* An empty series: no data in the range. */
static PsSeries *
empty_series (const char *variable)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();

  ps_series_builder_set_name (builder, variable);
  ps_series_builder_set_times (builder, NULL, 0);
  ps_series_builder_set_values (builder, NULL, 0, 1);
  return ps_series_builder_end (builder, NULL);
}

static void download_next (GTask *task);
static void check_version_async (PsProvider *, const char *, const PsTimeRange *,
                                 GCancellable *, GAsyncReadyCallback, gpointer);

/* Reading a downloaded file: on a worker, not on the caller's (main)
 * thread, whatever the file's size. */
typedef struct
{
  GBytes      *bytes;
  char        *dataset;
  char        *variable;
  PsTimeRange  range;
} Read;

static void
read_free (gpointer data)
{
  Read *r = data;

  g_bytes_unref (r->bytes);
  g_free (r->dataset);
  g_free (r->variable);
  g_free (r);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Read *r = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = ps_cdf_file_new_from_bytes (r->bytes, &error);
  PsIstpOptions opts;
  PsSeries *series;

  if (file == NULL)
    {
      g_task_return_new_error (task, PS_CDA_ERROR, PS_CDA_ERROR_PARSE,
                               _("CDAWeb sent a file for %s that is not a readable CDF: %s"),
                               r->dataset, error->message);
      return;
    }
  ps_istp_options_init (&opts);
  opts.range = r->range;
  series = ps_istp_load (file, NULL, r->variable, &opts, &error);
  if (series == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, series, (GDestroyNotify) ps_series_unref);
}

static void
read_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PsSeries *series = g_task_propagate_pointer (G_TASK (result), &error);

  if (series == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_add (f->pieces, series);
  f->next++;
  download_next (g_steal_pointer (&task));
}

static void
file_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  g_autoptr(GTask) reading = NULL;
  GCancellable *cancellable;
  Read *r;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  r = g_new0 (Read, 1);
  r->bytes = g_bytes_ref (ps_fetch_result_get_body (answer));
  r->dataset = g_strdup (f->dataset);
  r->variable = g_strdup (f->variable);
  r->range = f->range;
  cancellable = g_task_get_cancellable (task);
  reading = g_task_new (NULL, cancellable, read_ready_cb, g_steal_pointer (&task));
  g_task_set_task_data (reading, r, read_free);
  g_task_run_in_thread (reading, read_thread);
}

static void
download_next (GTask *task)
{
  PsCdaProvider *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PsSeries *joined;

  if (f->next < f->files->len)
    {
      const PsCdaFile *file = g_ptr_array_index (f->files, f->next);

      ps_fetcher_get_async (self->fetcher, file->url, NULL, g_task_get_cancellable (task),
                            NULL, NULL, file_ready_cb, task);
      return;
    }
  if (f->pieces->len == 0)
    {
      g_task_return_pointer (task, empty_series (f->variable), (GDestroyNotify) ps_series_unref);
      g_object_unref (task);
      return;
    }
  joined = f->pieces->len == 1 ? ps_series_ref (g_ptr_array_index (f->pieces, 0))
                               : ps_series_concat ((PsSeries * const *) f->pieces->pdata, f->pieces->len, &error);
  if (joined == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, joined, (GDestroyNotify) ps_series_unref);
  g_object_unref (task);
}

static void
files_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  gsize size = 0;
  const char *body;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  body = g_bytes_get_data (ps_fetch_result_get_body (answer), &size);
  f->files = ps_cda_parse_files (body, size, &error);
  if (f->files == NULL)
    {
      g_prefix_error (&error, _("CDAWeb’s list of files for %s: "), f->dataset);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  f->version = files_version (f->files);
  if (g_task_get_source_tag (task) == check_version_async)
    {
      g_task_return_pointer (task, g_steal_pointer (&f->version), g_free);
      g_object_unref (task);
      return;
    }
  download_next (task);
}

/* Asks for the file list of a data request; @tag tells whether the files
 * are then downloaded (fetch_async) or only their version wanted. */
static void
start_request (PsCdaProvider       *self,
               gpointer             tag,
               const char          *product_path,
               const PsTimeRange   *range,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  const char *rest = product_path + strlen ("cda/");
  const char *slash = strchr (rest, '/');
  g_autofree char *url = NULL;
  PsFetchOptions opts;
  Fetch *f;

  g_task_set_source_tag (task, tag);
  if (!g_str_has_prefix (product_path, "cda/") || slash == NULL || slash == rest || slash[1] == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a CDAWeb product (cda/DATASET/VARIABLE)"), product_path);
      g_object_unref (task);
      return;
    }
  f = g_new0 (Fetch, 1);
  f->dataset = g_strndup (rest, slash - rest);
  f->variable = g_strdup (slash + 1);
  f->range = *range;
  f->pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
  g_task_set_task_data (task, f, fetch_free);

  url = ps_cda_provider_data_url (self, f->dataset, f->variable, range);
  ps_fetcher_init_options (self->fetcher, &opts);
  opts.headers = json_headers;
  opts.accept_types = json_types;
  if (opts.max_body_size == 0 || opts.max_body_size > MAX_JSON_SIZE)
    opts.max_body_size = MAX_JSON_SIZE;
  ps_fetcher_get_async (self->fetcher, url, &opts, cancellable, NULL, NULL, files_ready_cb, task);
}

static void
fetch_async (PsProvider          *provider,
             const char          *product_path,
             const PsTimeRange   *range,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  start_request (PS_CDA_PROVIDER (provider), fetch_async, product_path, range, cancellable, callback, user_data);
}

static PsSeries *
fetch_finish (PsProvider    *provider,
              GAsyncResult  *result,
              char         **version,
              GError       **error)
{
  PsSeries *series;

  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  series = g_task_propagate_pointer (G_TASK (result), error);
  if (series != NULL)
    {
      Fetch *f = g_task_get_task_data (G_TASK (result));

      *version = g_strdup (f->version);
    }
  return series;
}

/* The version is that of the file list: one small JSON request. */
static void
check_version_async (PsProvider          *provider,
                     const char          *product_path,
                     const PsTimeRange   *range,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  start_request (PS_CDA_PROVIDER (provider), check_version_async, product_path, range, cancellable, callback, user_data);
}

static char *
check_version_finish (PsProvider    *provider,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ps_cda_provider_iface_init (PsProviderInterface *iface)
{
  iface->get_name = get_name;
  iface->get_prefix = get_prefix;
  iface->build_inventory_async = build_inventory_async;
  iface->build_inventory_finish = build_inventory_finish;
  iface->fetch_async = fetch_async;
  iface->fetch_finish = fetch_finish;
  iface->check_version_async = check_version_async;
  iface->check_version_finish = check_version_finish;
}
