/* ps-csa-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request goes through the shared PsFetcher (retries, timeouts,
 * cancellation). The inventory is two synchronous TAP queries (the
 * datasets delivered as ISTP CDF, then their data parameters, as speasy
 * asks for them), parsed on a worker. A data request
 * (RETRIEVAL_TYPE=product, DELIVERY_FORMAT=CDF_ISTP, whole seconds) is
 * answered with a tar archive, usually gzip-compressed, of one CDF file
 * or several: the archive is read in memory and the files joined in time
 * order, on a worker. An empty answer, or an archive without files, is
 * "no data": an empty series. The cache asks for one day at a time, at
 * most three days in one request (a day of a high-rate dataset, FGM at
 * 22 vectors a second, is tens of megabytes).
 */

#define G_LOG_DOMAIN "ps-csa"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-cdf-file.h"
#include "ps-csa-parse.h"
#include "ps-csa-provider.h"
#include "ps-istp.h"
#include "ps-tar.h"

struct _PsCsaProvider
{
  GObject    parent_instance;

  char      *base_url;   /* without a final slash */
  PsFetcher *fetcher;
};

static void ps_csa_provider_iface_init (PsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PsCsaProvider, ps_csa_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PS_TYPE_PROVIDER, ps_csa_provider_iface_init))

static const char * const csv_headers[] = { "Accept: text/csv, text/plain;q=0.9, */*;q=0.5", NULL };
/* What a TAP service may call CSV (a VOTable error is text/xml) */
static const char * const csv_types[] = { "text/csv", "text/plain", "application/csv", "text/x-csv", "text/xml",
                                          "application/xml", "application/x-votable+xml", "application/octet-stream",
                                          NULL };

/* All the parameters of the archive: a few tens of megabytes of CSV */
#define MAX_CSV_SIZE     (256u << 20)
#define MAX_ARCHIVE_SIZE (1024u << 20)
#define MAX_SPAN         (3 * PS_TIME_NS_PER_DAY)


static void
ps_csa_provider_finalize (GObject *object)
{
  PsCsaProvider *self = PS_CSA_PROVIDER (object);

  g_free (self->base_url);
  g_clear_object (&self->fetcher);

  G_OBJECT_CLASS (ps_csa_provider_parent_class)->finalize (object);
}

static void
ps_csa_provider_class_init (PsCsaProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_csa_provider_finalize;
}

static void
ps_csa_provider_init (PsCsaProvider *self)
{
}

/**
 * ps_csa_provider_new:
 * @base_url: (nullable): the CSA service's base URL (the TAP service is
 *   BASE/tap, the data requests BASE/data); %NULL: $PLASMASCOPE_CSA_URL,
 *   else %PS_CSA_DEFAULT_URL
 * @fetcher: (nullable): the fetcher to share; %NULL: a new one
 *
 * Returns: (transfer full): the provider
 */
PsCsaProvider *
ps_csa_provider_new (const char *base_url,
                     PsFetcher  *fetcher)
{
  PsCsaProvider *self = g_object_new (PS_TYPE_CSA_PROVIDER, NULL);

  if (base_url == NULL)
    base_url = g_getenv ("PLASMASCOPE_CSA_URL");
  if (base_url == NULL || *base_url == '\0')
    base_url = PS_CSA_DEFAULT_URL;
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->fetcher = fetcher != NULL ? g_object_ref (fetcher) : ps_fetcher_new ();
  return self;
}

const char *
ps_csa_provider_get_base_url (PsCsaProvider *self)
{
  g_return_val_if_fail (PS_IS_CSA_PROVIDER (self), NULL);

  return self->base_url;
}

/**
 * ps_csa_provider_query_url:
 *
 * Returns: (transfer full): the synchronous TAP request of @adql,
 *   answered in CSV
 */
char *
ps_csa_provider_query_url (PsCsaProvider *self,
                           const char    *adql)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (PS_IS_CSA_PROVIDER (self), NULL);
  g_return_val_if_fail (adql != NULL, NULL);

  query = g_uri_escape_string (adql, NULL, FALSE);
  return g_strdup_printf ("%s/tap/sync?REQUEST=doQuery&LANG=ADQL&FORMAT=CSV&QUERY=%s", self->base_url, query);
}

/* "2005-01-01T00:00:00Z": whole seconds, @t rounded down or up */
static char *
format_date (PsTime   t,
             gboolean round_up)
{
  PsTime rest = t % PS_TIME_NS_PER_SECOND;
  PsTimeParts parts;

  if (rest < 0)
    rest += PS_TIME_NS_PER_SECOND;
  t -= rest;
  if (round_up && rest != 0 && t <= G_MAXINT64 - PS_TIME_NS_PER_SECOND)
    t += PS_TIME_NS_PER_SECOND;
  ps_time_to_parts (t, &parts);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year, parts.month, parts.day,
                          parts.hour, parts.minute, MIN (parts.second, 59));
}

/**
 * ps_csa_provider_data_url:
 *
 * Returns: (transfer full): the data request of @dataset over @range
 *   (whole seconds: the stop rounded up), in ISTP CDF files
 */
char *
ps_csa_provider_data_url (PsCsaProvider     *self,
                          const char        *dataset,
                          const PsTimeRange *range)
{
  g_autofree char *start = NULL;
  g_autofree char *stop = NULL;
  g_autofree char *ds = NULL;

  g_return_val_if_fail (PS_IS_CSA_PROVIDER (self), NULL);
  g_return_val_if_fail (dataset != NULL && range != NULL, NULL);

  start = format_date (range->start, FALSE);
  stop = format_date (range->stop, TRUE);
  ds = g_uri_escape_string (dataset, NULL, FALSE);
  return g_strdup_printf ("%s/data?RETRIEVAL_TYPE=product&DATASET_ID=%s&START_DATE=%s&END_DATE=%s"
                          "&DELIVERY_FORMAT=CDF_ISTP&DELIVERY_INTERVAL=all",
                          self->base_url, ds, start, stop);
}

static const char *
get_name (PsProvider *provider)
{
  return "Cluster Science Archive";
}

static const char *
get_prefix (PsProvider *provider)
{
  return "csa";
}

static PsTime
get_fragment_length (PsProvider *provider,
                     const char *product_path)
{
  return PS_TIME_NS_PER_DAY;
}

static PsTime
get_max_span (PsProvider *provider,
              const char *product_path)
{
  return MAX_SPAN;
}

/* --- inventory ------------------------------------------------------------ */

typedef struct
{
  GBytes *datasets;
  GBytes *parameters;
} Inventory;

static void
inventory_free (gpointer data)
{
  Inventory *inv = data;

  g_clear_pointer (&inv->datasets, g_bytes_unref);
  g_clear_pointer (&inv->parameters, g_bytes_unref);
  g_free (inv);
}

static void
init_csv_options (PsCsaProvider  *self,
                  PsFetchOptions *opts)
{
  ps_fetcher_init_options (self->fetcher, opts);
  opts->headers = csv_headers;
  opts->accept_types = csv_types;
  if (opts->max_body_size == 0 || opts->max_body_size > MAX_CSV_SIZE)
    opts->max_body_size = MAX_CSV_SIZE;
}

static void
inventory_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Inventory *inv = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GPtrArray) parameters = NULL;
  gsize size = 0;
  const char *text;

  text = g_bytes_get_data (inv->datasets, &size);
  datasets = ps_csa_parse_datasets (text, size, &error);
  if (datasets == NULL)
    {
      g_prefix_error (&error, _("The Cluster Science Archive’s list of datasets: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  text = g_bytes_get_data (inv->parameters, &size);
  parameters = ps_csa_parse_parameters (text, size, &error);
  if (parameters == NULL)
    {
      g_prefix_error (&error, _("The Cluster Science Archive’s list of parameters: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, ps_csa_inventory_new (datasets, parameters), g_object_unref);
}

static void
parameters_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(GTask) task = data;
  Inventory *inv = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  inv->parameters = g_bytes_ref (ps_fetch_result_get_body (answer));
  g_task_run_in_thread (task, inventory_thread);
}

static void
datasets_ready_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  PsCsaProvider *self = g_task_get_source_object (task);
  Inventory *inv = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *url = NULL;
  PsFetchOptions opts;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  inv->datasets = g_bytes_ref (ps_fetch_result_get_body (answer));
  url = ps_csa_provider_query_url (self, PS_CSA_PARAMETERS_QUERY);
  init_csv_options (self, &opts);
  ps_fetcher_get_async (self->fetcher, url, &opts, cancellable, NULL, NULL, parameters_ready_cb,
                        g_steal_pointer (&task));
}

static void
build_inventory_async (PsProvider          *provider,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  PsCsaProvider *self = PS_CSA_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = ps_csa_provider_query_url (self, PS_CSA_DATASETS_QUERY);
  PsFetchOptions opts;

  g_task_set_source_tag (task, build_inventory_async);
  g_task_set_task_data (task, g_new0 (Inventory, 1), inventory_free);
  init_csv_options (self, &opts);
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

/* --- reading an archive ----------------------------------------------------- */

static PsSeries *
empty_series (const char *parameter)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();

  ps_series_builder_set_name (builder, parameter);
  ps_series_builder_set_times (builder, NULL, 0);
  ps_series_builder_set_values (builder, NULL, 0, 1);
  return ps_series_builder_end (builder, NULL);
}

static gboolean
is_cdf (GBytes *contents)
{
  static const guint8 magics[][4] = {
    { 0xcd, 0xf3, 0x00, 0x01 },  /* CDF 3 */
    { 0xcd, 0xf2, 0x60, 0x02 },  /* CDF 2.6 and later 2.x */
    { 0x00, 0x00, 0xff, 0xff },  /* CDF 2.5 and earlier */
  };
  gsize size = 0;
  const guint8 *p = g_bytes_get_data (contents, &size);

  if (size < 8)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    if (memcmp (p, magics[i], 4) == 0)
      return TRUE;
  return FALSE;
}

static gint
compare_first_times (gconstpointer a,
                     gconstpointer b)
{
  PsSeries *sa = *(PsSeries * const *) a;
  PsSeries *sb = *(PsSeries * const *) b;
  PsTime ta = ps_series_get_time (sa, 0);
  PsTime tb = ps_series_get_time (sb, 0);

  return ta < tb ? -1 : ta > tb;
}

/* An HTML page or an XML document where an archive was expected */
static gboolean
looks_like_markup (GBytes *bytes)
{
  gsize size = 0;
  const char *p = g_bytes_get_data (bytes, &size);
  gsize i = 0;

  while (i < size && i < 64 && g_ascii_isspace (p[i]))
    i++;
  return i < size && p[i] == '<';
}

/**
 * ps_csa_read_archive:
 * @archive: the answer to a data request: a tar archive (gzip-compressed
 *   or not) of CDF files, or nothing
 * @dataset: the dataset asked for, for messages
 * @parameter: the CDF variable to read
 * @range: (nullable): the samples to keep; %NULL: all
 *
 * Reads @parameter from every CDF file of @archive and joins the pieces
 * in time order (a piece starting before the end of the previous one
 * loses its first samples). An empty @archive, or one without files, is
 * an empty series; an archive with files but no CDF is an error.
 *
 * Returns: (transfer full): the series, or %NULL with @error set
 */
PsSeries *
ps_csa_read_archive (GBytes            *archive,
                     const char        *dataset,
                     const char        *parameter,
                     const PsTimeRange *range,
                     GError           **error)
{
  g_autoptr(GError) why = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
  g_autoptr(GPtrArray) joined = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
  PsSeries *first_empty = NULL;
  PsSeries *result;
  guint n_cdf = 0;

  g_return_val_if_fail (archive != NULL && dataset != NULL && parameter != NULL, NULL);

  if (g_bytes_get_size (archive) == 0)
    return empty_series (parameter);
  if (looks_like_markup (archive))
    {
      g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_ARCHIVE,
                   _("The Cluster Science Archive sent a web page or an XML document, not the data of %s"),
                   dataset);
      return NULL;
    }
  members = ps_tar_read (archive, MAX_ARCHIVE_SIZE, &why);
  if (members == NULL)
    {
      g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_ARCHIVE,
                   _("The Cluster Science Archive sent an unreadable archive for %s: %s"), dataset, why->message);
      return NULL;
    }
  if (members->len == 0)
    return empty_series (parameter);

  for (guint i = 0; i < members->len; i++)
    {
      const PsTarMember *m = g_ptr_array_index (members, i);
      g_autoptr(PsCdfFile) file = NULL;
      g_autofree char *shown = NULL;
      PsIstpOptions opts;
      PsSeries *series;

      if (!is_cdf (m->contents))
        continue;
      n_cdf++;
      shown = g_utf8_make_valid (m->name, -1);
      file = ps_cdf_file_new_from_bytes (m->contents, &why);
      if (file == NULL)
        {
          g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_ARCHIVE,
                       _("The file %s that the Cluster Science Archive sent for %s is not a readable CDF: %s"),
                       shown, dataset, why->message);
          return NULL;
        }
      ps_istp_options_init (&opts);
      if (range != NULL)
        opts.range = *range;
      series = ps_istp_load (file, NULL, parameter, &opts, &why);
      if (series == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&why), _("%s, file %s: "), dataset, shown);
          return NULL;
        }
      g_ptr_array_add (pieces, series);
    }
  if (n_cdf == 0)
    {
      g_autofree char *shown = g_utf8_make_valid (((const PsTarMember *) g_ptr_array_index (members, 0))->name, -1);

      g_set_error (error, PS_CSA_ERROR, PS_CSA_ERROR_ARCHIVE,
                   _("The archive the Cluster Science Archive sent for %s holds no CDF file (it holds %s)"),
                   dataset, shown);
      return NULL;
    }

  /* Empty pieces aside; the others in time order, without overlaps */
  for (guint i = 0; i < pieces->len; i++)
    {
      PsSeries *piece = g_ptr_array_index (pieces, i);

      if (ps_series_get_n (piece) > 0)
        g_ptr_array_add (sorted, ps_series_ref (piece));
      else if (first_empty == NULL)
        first_empty = piece;
    }
  if (sorted->len == 0)
    return ps_series_ref (first_empty);
  g_ptr_array_sort (sorted, compare_first_times);
  for (guint i = 0; i < sorted->len; i++)
    {
      PsSeries *piece = g_ptr_array_index (sorted, i);
      gsize keep = 0;

      if (joined->len > 0)
        {
          PsSeries *previous = g_ptr_array_index (joined, joined->len - 1);

          keep = ps_series_upper_bound (piece, ps_series_get_time (previous, ps_series_get_n (previous) - 1));
        }
      if (keep == 0)
        g_ptr_array_add (joined, ps_series_ref (piece));
      else if (keep < ps_series_get_n (piece))
        g_ptr_array_add (joined, ps_series_slice_index (piece, keep, ps_series_get_n (piece) - keep));
    }
  if (joined->len == 1)
    return ps_series_ref (g_ptr_array_index (joined, 0));
  result = ps_series_concat ((PsSeries * const *) joined->pdata, joined->len, &why);
  if (result == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&why), _("%s: the files cannot be joined: "), dataset);
  return result;
}

/* --- data ----------------------------------------------------------------- */

typedef struct
{
  char        *dataset;
  char        *parameter;
  PsTimeRange  range;
  GBytes      *body;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *f = data;

  g_free (f->dataset);
  g_free (f->parameter);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_free (f);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Fetch *f = task_data;
  g_autoptr(GError) error = NULL;
  PsSeries *series = ps_csa_read_archive (f->body, f->dataset, f->parameter, &f->range, &error);

  if (series == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, series, (GDestroyNotify) ps_series_unref);
}

static void
archive_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  const char *type;

  if (answer == NULL)
    {
      g_prefix_error (&error, _("The data of %s: "), f->dataset);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  type = ps_fetch_result_get_content_type (answer);
  if (type != NULL && g_str_has_prefix (type, "text/html"))
    {
      g_task_return_new_error (task, PS_CSA_ERROR, PS_CSA_ERROR_ARCHIVE,
                               _("The Cluster Science Archive sent a web page, not the data of %s"), f->dataset);
      return;
    }
  f->body = g_bytes_ref (ps_fetch_result_get_body (answer));
  g_task_run_in_thread (task, read_thread);
}

static void
fetch_async (PsProvider          *provider,
             const char          *product_path,
             const PsTimeRange   *range,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  PsCsaProvider *self = PS_CSA_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_auto(GStrv) parts = g_strsplit (product_path, "/", -1);
  g_autofree char *url = NULL;
  PsFetchOptions opts;
  Fetch *f;

  g_task_set_source_tag (task, fetch_async);
  if (g_strv_length (parts) != 3 || strcmp (parts[0], "csa") != 0 || *parts[1] == '\0' || *parts[2] == '\0'
      || strcmp (parts[1], "#") == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a Cluster Science Archive product (csa/DATASET/PARAMETER)"),
                               product_path);
      return;
    }
  f = g_new0 (Fetch, 1);
  f->dataset = g_strdup (parts[1]);
  f->parameter = g_strdup (parts[2]);
  f->range = *range;
  g_task_set_task_data (task, f, fetch_free);

  url = ps_csa_provider_data_url (self, f->dataset, range);
  ps_fetcher_init_options (self->fetcher, &opts);
  if (opts.max_body_size == 0 || opts.max_body_size > MAX_ARCHIVE_SIZE)
    opts.max_body_size = MAX_ARCHIVE_SIZE;
  ps_fetcher_get_async (self->fetcher, url, &opts, cancellable, NULL, NULL, archive_ready_cb,
                        g_steal_pointer (&task));
}

static PsSeries *
fetch_finish (PsProvider    *provider,
              GAsyncResult  *result,
              char         **version,
              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  /* Archives made for each request: no version to revalidate with */
  if (version != NULL)
    *version = NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ps_csa_provider_iface_init (PsProviderInterface *iface)
{
  iface->get_name = get_name;
  iface->get_prefix = get_prefix;
  iface->build_inventory_async = build_inventory_async;
  iface->build_inventory_finish = build_inventory_finish;
  iface->fetch_async = fetch_async;
  iface->fetch_finish = fetch_finish;
  iface->get_fragment_length = get_fragment_length;
  iface->get_max_span = get_max_span;
}
