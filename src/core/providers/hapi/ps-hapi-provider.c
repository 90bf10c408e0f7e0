/* ps-hapi-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object, the URLs of its requests, what a failed request means in
 * HAPI terms, and the two memos: the server's capabilities and the
 * datasets' infos. The inventory is in ps-hapi-inventory.c, data requests
 * in ps-hapi-fetch.c.
 *
 * A HAPI error status is read from the status document the server sends
 * with its HTTP error (ps_fetch_error_get_body()), else from the HTTP
 * reason phrase, where the specification recommends servers put it too
 * ("404 Not Found; HAPI 1406 Bad request - unknown dataset id"); without
 * either an HTTP error stays a PS_FETCH_ERROR.
 */

#define G_LOG_DOMAIN "ps-hapi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "ps-cache.h"
#include "ps-hapi-provider-private.h"
#include "ps-hapi-servers.h"

static void ps_hapi_provider_iface_init (PsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PsHapiProvider, ps_hapi_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PS_TYPE_PROVIDER, ps_hapi_provider_iface_init))

static const char * const json_headers[] = { "Accept: application/json", NULL };

static void
ps_hapi_provider_finalize (GObject *object)
{
  PsHapiProvider *self = PS_HAPI_PROVIDER (object);

  g_free (self->name);
  g_free (self->prefix);
  g_free (self->base_url);
  g_clear_object (&self->fetcher);
  if (self->capabilities != NULL)
    {
      ps_hapi_capabilities_clear (self->capabilities);
      g_free (self->capabilities);
    }
  g_hash_table_unref (self->datasets);

  G_OBJECT_CLASS (ps_hapi_provider_parent_class)->finalize (object);
}

static void
ps_hapi_provider_class_init (PsHapiProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_hapi_provider_finalize;
}

static void
ps_hapi_provider_init (PsHapiProvider *self)
{
  self->datasets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) ps_hapi_dataset_unref);
}

/**
 * ps_hapi_provider_new:
 * @name: the server's name in product paths ("cdaweb"): no '/'
 * @base_url: the server's URL, up to and including "/hapi"
 * @fetcher: (nullable): the fetcher to share; %NULL: a new one
 *
 * Returns: (transfer full): the provider of "hapi/@name/…"
 */
PsHapiProvider *
ps_hapi_provider_new (const char *name,
                      const char *base_url,
                      PsFetcher  *fetcher)
{
  PsHapiProvider *self;

  g_return_val_if_fail (name != NULL && *name != '\0' && strchr (name, '/') == NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (PS_TYPE_HAPI_PROVIDER, NULL);
  self->name = g_strdup (name);
  self->prefix = g_strconcat ("hapi/", name, NULL);
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->fetcher = fetcher != NULL ? g_object_ref (fetcher) : ps_fetcher_new ();
  return self;
}

const char *
ps_hapi_provider_get_server_name (PsHapiProvider *self)
{
  g_return_val_if_fail (PS_IS_HAPI_PROVIDER (self), NULL);

  return self->name;
}

const char *
ps_hapi_provider_get_base_url (PsHapiProvider *self)
{
  g_return_val_if_fail (PS_IS_HAPI_PROVIDER (self), NULL);

  return self->base_url;
}

/**
 * ps_hapi_provider_product_path:
 *
 * Returns: (transfer full): "hapi/NAME/@dataset/@parameter", the
 *   parameter's '%' and '/' escaped
 */
char *
ps_hapi_provider_product_path (PsHapiProvider *self,
                               const char     *dataset,
                               const char     *parameter)
{
  GString *path;

  g_return_val_if_fail (PS_IS_HAPI_PROVIDER (self), NULL);
  g_return_val_if_fail (dataset != NULL && parameter != NULL, NULL);

  path = g_string_new (self->prefix);
  g_string_append_printf (path, "/%s/", dataset);
  for (const char *p = parameter; *p != '\0'; p++)
    {
      if (*p == '%')
        g_string_append (path, "%25");
      else if (*p == '/')
        g_string_append (path, "%2F");
      else
        g_string_append_c (path, *p);
    }
  return g_string_free (path, FALSE);
}

/**
 * ps_hapi_provider_split_product:
 * @dataset: (out) (transfer full): the dataset id
 * @parameter: (out) (transfer full): the parameter name, unescaped
 *
 * Returns: whether @product_path is "hapi/NAME/DATASET/PARAMETER" of
 *   this provider, both parts non-empty
 */
gboolean
ps_hapi_provider_split_product (PsHapiProvider  *self,
                                const char      *product_path,
                                char           **dataset,
                                char           **parameter)
{
  const char *rest, *slash;
  GString *name;

  g_return_val_if_fail (PS_IS_HAPI_PROVIDER (self), FALSE);
  g_return_val_if_fail (product_path != NULL && dataset != NULL && parameter != NULL, FALSE);

  if (!ps_provider_owns (PS_PROVIDER (self), product_path))
    return FALSE;
  rest = product_path + strlen (self->prefix) + 1;
  slash = strrchr (rest, '/');
  if (slash == NULL || slash == rest || slash[1] == '\0')
    return FALSE;

  name = g_string_new (NULL);
  for (const char *p = slash + 1; *p != '\0'; p++)
    {
      if (g_ascii_strncasecmp (p, "%25", 3) == 0)
        {
          g_string_append_c (name, '%');
          p += 2;
        }
      else if (g_ascii_strncasecmp (p, "%2F", 3) == 0)
        {
          g_string_append_c (name, '/');
          p += 2;
        }
      else
        g_string_append_c (name, *p);
    }
  *dataset = g_strndup (rest, slash - rest);
  *parameter = g_string_free (name, FALSE);
  return TRUE;
}

static const char *
get_name (PsProvider *provider)
{
  const char *name = PS_HAPI_PROVIDER (provider)->name;
  const char *title = ps_hapi_servers_title_for (name);

  return title != NULL ? title : name;
}

static const char *
get_prefix (PsProvider *provider)
{
  return PS_HAPI_PROVIDER (provider)->prefix;
}

/* --- requests ------------------------------------------------------------- */

/* BASE/ENDPOINT?KEY=VALUE&…, from NULL-terminated key/value pairs; values
 * are escaped, a NULL value drops its key. */
char *
_ps_hapi_provider_url (PsHapiProvider *self,
                       const char     *endpoint,
                       ...)
{
  GString *url = g_string_new (self->base_url);
  const char *key;
  char separator = '?';
  va_list args;

  g_string_append_printf (url, "/%s", endpoint);
  va_start (args, endpoint);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;
      g_string_append_printf (url, "%c%s=", separator, key);
      g_string_append_uri_escaped (url, value, ",:/", FALSE);
      separator = '&';
    }
  va_end (args);
  return g_string_free (url, FALSE);
}

void
_ps_hapi_fetch_options_init (PsFetchOptions *opts)
{
  ps_fetch_options_init (opts);
  opts->headers = json_headers;
}

/* Whether requests about @dataset use the HAPI 3 names (dataset, start,
 * stop) rather than those of HAPI 2 (id, time.min, time.max): by the
 * info's version, else the server's. HAPI 3 servers still accept the old
 * names, HAPI 2 servers refuse the new ones: when in doubt, the old. */
gboolean
_ps_hapi_provider_is_v3 (PsHapiProvider *self,
                         PsHapiDataset  *dataset)
{
  const char *version = NULL;

  if (dataset != NULL && dataset->info != NULL)
    version = dataset->info->hapi_version;
  if (version == NULL && self->capabilities != NULL)
    version = self->capabilities->version;
  return ps_hapi_version_at_least (version, 3, 0);
}

/* The last "HAPI NNNN" of a fetch error's message ("… answered HTTP 400
 * Bad Request; HAPI 1408 too much data"): the reason phrase comes after
 * the URL. NULL when there is none. */
static const char *
find_status (const GError *error)
{
  const char *p, *found = NULL;

  if (error == NULL || error->domain != PS_FETCH_ERROR || error->code != PS_FETCH_ERROR_HTTP)
    return NULL;
  for (p = strstr (error->message, "HAPI "); p != NULL; p = strstr (p + 1, "HAPI "))
    if (g_ascii_isdigit (p[5]) && g_ascii_isdigit (p[6]) && g_ascii_isdigit (p[7]) && g_ascii_isdigit (p[8])
        && !g_ascii_isdigit (p[9]))
      found = p;
  return found;
}

/* The HAPI status a fetch error carries, or 0. */
static int
status_in_error (const GError *error)
{
  const char *found = find_status (error);

  return found != NULL ? (int) g_ascii_strtoull (found + 5, NULL, 10) : 0;
}

/**
 * _ps_hapi_provider_request_error:
 * @error: (transfer full): why a request failed
 * @dataset: (nullable): what it was about
 *
 * Returns: (transfer full): the error to report: the server's HAPI status
 *   when it gave one, and in any case a message naming the server
 */
GError *
_ps_hapi_provider_request_error (PsHapiProvider *self,
                                 GError         *error,
                                 const char     *dataset)
{
  const char *found = find_status (error);
  GBytes *body = ps_fetch_error_get_body (error);
  GError *mapped = NULL;
  int code = 0;

  /* The HAPI status document the server sent with its HTTP error */
  if (body != NULL
      && !ps_hapi_parse_status (g_bytes_get_data (body, NULL), g_bytes_get_size (body), dataset, &code, &mapped)
      && !g_error_matches (mapped, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID))
    {
      g_error_free (error);
      error = mapped;
      found = NULL;
    }
  else
    g_clear_error (&mapped);
  if (found != NULL)
    {
      /* The server's own words follow the code. */
      const char *message = found + strlen ("HAPI 1234");

      while (*message == ' ' || *message == ':' || *message == '-')
        message++;
      if (!ps_hapi_status_to_error (status_in_error (error), message, dataset, &mapped))
        {
          g_error_free (error);
          error = mapped;
        }
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;
  if (error->domain == PS_HAPI_ERROR || dataset == NULL)
    g_prefix_error (&error, _("HAPI server “%s”: "), self->name);
  else
    g_prefix_error (&error, _("HAPI server “%s”, dataset “%s”: "), self->name, dataset);
  return error;
}

/* --- capabilities --------------------------------------------------------- */

static void
capabilities_ready_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  g_autoptr(GTask) task = data;
  PsHapiProvider *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  PsHapiCapabilities capabilities;
  gsize size = 0;
  const char *body;

  if (answer == NULL)
    {
      g_task_return_error (task, _ps_hapi_provider_request_error (self, g_steal_pointer (&error), NULL));
      return;
    }
  body = g_bytes_get_data (ps_fetch_result_get_body (answer), &size);
  if (!ps_hapi_capabilities_parse (body, size, &capabilities, &error))
    {
      g_task_return_error (task, _ps_hapi_provider_request_error (self, g_steal_pointer (&error), NULL));
      return;
    }
  if (self->capabilities == NULL)
    {
      self->capabilities = g_new (PsHapiCapabilities, 1);
      *self->capabilities = capabilities;
    }
  else
    ps_hapi_capabilities_clear (&capabilities); /* a request made at the same time won */
  g_task_return_pointer (task, self->capabilities, NULL);
}

/* The server's capabilities, asked for once. */
void
_ps_hapi_provider_capabilities_async (PsHapiProvider      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = NULL;
  PsFetchOptions opts;

  g_task_set_source_tag (task, _ps_hapi_provider_capabilities_async);
  if (self->capabilities != NULL)
    {
      g_task_return_pointer (task, self->capabilities, NULL);
      g_object_unref (task);
      return;
    }
  url = _ps_hapi_provider_url (self, "capabilities", NULL);
  _ps_hapi_fetch_options_init (&opts);
  ps_fetcher_get_async (self->fetcher, url, &opts, cancellable, NULL, NULL, capabilities_ready_cb, task);
}

/* Returns: (transfer none): the capabilities, owned by @self */
const PsHapiCapabilities *
_ps_hapi_provider_capabilities_finish (PsHapiProvider  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- datasets ------------------------------------------------------------- */

void
_ps_hapi_provider_remember (PsHapiProvider *self,
                            PsHapiDataset  *dataset)
{
  g_return_if_fail (dataset->info != NULL);

  g_hash_table_replace (self->datasets, g_strdup (dataset->id), ps_hapi_dataset_ref (dataset));
}

static void
info_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  PsHapiProvider *self = g_task_get_source_object (task);
  const char *id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  PsHapiDataset *dataset;
  gsize size = 0;
  const char *body;

  if (answer == NULL)
    {
      g_task_return_error (task, _ps_hapi_provider_request_error (self, g_steal_pointer (&error), id));
      return;
    }
  body = g_bytes_get_data (ps_fetch_result_get_body (answer), &size);
  dataset = ps_hapi_dataset_parse_info (id, body, size, &error);
  if (dataset == NULL)
    {
      g_task_return_error (task, _ps_hapi_provider_request_error (self, g_steal_pointer (&error), id));
      return;
    }
  _ps_hapi_provider_remember (self, dataset);
  g_task_return_pointer (task, dataset, (GDestroyNotify) ps_hapi_dataset_unref);
}

static void
info_capabilities_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  GTask *task = data;
  PsHapiProvider *self = PS_HAPI_PROVIDER (source);
  const char *id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  PsFetchOptions opts;

  if (_ps_hapi_provider_capabilities_finish (self, result, &error) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  url = _ps_hapi_provider_url (self, "info", _ps_hapi_provider_is_v3 (self, NULL) ? "dataset" : "id", id, NULL);
  _ps_hapi_fetch_options_init (&opts);
  ps_fetcher_get_async (self->fetcher, url, &opts, g_task_get_cancellable (task), NULL, NULL, info_ready_cb, task);
}

/* The dataset @id with its info: the one kept unless @fresh. */
void
_ps_hapi_provider_dataset_async (PsHapiProvider      *self,
                                 const char          *id,
                                 gboolean             fresh,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PsHapiDataset *known = g_hash_table_lookup (self->datasets, id);

  g_task_set_source_tag (task, _ps_hapi_provider_dataset_async);
  if (known != NULL && !fresh)
    {
      g_task_return_pointer (task, ps_hapi_dataset_ref (known), (GDestroyNotify) ps_hapi_dataset_unref);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, g_strdup (id), g_free);
  _ps_hapi_provider_capabilities_async (self, cancellable, info_capabilities_cb, task);
}

/* Returns: (transfer full): the dataset, with an info */
PsHapiDataset *
_ps_hapi_provider_dataset_finish (PsHapiProvider  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- cache hints ---------------------------------------------------------- */

static PsHapiDataset *
known_dataset (PsHapiProvider *self,
               const char     *product_path)
{
  g_autofree char *dataset = NULL;
  g_autofree char *parameter = NULL;

  if (!ps_hapi_provider_split_product (self, product_path, &dataset, &parameter))
    return NULL;
  return g_hash_table_lookup (self->datasets, dataset);
}

/* From the cadence once the dataset's info is known (after the inventory
 * or a first fetch), else one day. */
static PsTime
get_fragment_length (PsProvider *provider,
                     const char *product_path)
{
  PsHapiDataset *dataset = known_dataset (PS_HAPI_PROVIDER (provider), product_path);

  if (dataset == NULL || dataset->cadence <= 0)
    return PS_TIME_NS_PER_DAY;
  return ps_cache_fragment_length_for_cadence (dataset->cadence);
}

/* The dataset's maxRequestDuration (HAPI 3.2) when known; requests longer
 * than the server takes are split anyway (1408). */
static PsTime
get_max_span (PsProvider *provider,
              const char *product_path)
{
  PsHapiDataset *dataset = known_dataset (PS_HAPI_PROVIDER (provider), product_path);

  if (dataset == NULL || dataset->max_request_duration <= 0)
    return 30 * PS_TIME_NS_PER_DAY;
  return dataset->max_request_duration;
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  g_autoptr(PsHapiDataset) dataset = _ps_hapi_provider_dataset_finish (PS_HAPI_PROVIDER (source), result, &error);

  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The dataset's info (kept: the fetch that follows needs it too), for its
 * cadence and maxRequestDuration. */
static void
prepare_async (PsProvider          *provider,
               const char          *product_path,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  PsHapiProvider *self = PS_HAPI_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *dataset = NULL;
  g_autofree char *parameter = NULL;

  g_task_set_source_tag (task, prepare_async);
  if (!ps_hapi_provider_split_product (self, product_path, &dataset, &parameter))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a product of HAPI server “%s”"), product_path, self->name);
      g_object_unref (task);
      return;
    }
  _ps_hapi_provider_dataset_async (self, dataset, FALSE, cancellable, prepared_cb, task);
}

static gboolean
prepare_finish (PsProvider    *provider,
                GAsyncResult  *result,
                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ps_hapi_provider_iface_init (PsProviderInterface *iface)
{
  iface->get_name = get_name;
  iface->get_prefix = get_prefix;
  iface->build_inventory_async = _ps_hapi_provider_build_inventory_async;
  iface->build_inventory_finish = _ps_hapi_provider_build_inventory_finish;
  iface->fetch_async = _ps_hapi_provider_fetch_async;
  iface->fetch_finish = _ps_hapi_provider_fetch_finish;
  iface->check_version_async = _ps_hapi_provider_check_version_async;
  iface->check_version_finish = _ps_hapi_provider_check_version_finish;
  iface->get_fragment_length = get_fragment_length;
  iface->get_max_span = get_max_span;
  iface->prepare_async = prepare_async;
  iface->prepare_finish = prepare_finish;
}
