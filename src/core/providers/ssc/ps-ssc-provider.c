/* ps-ssc-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request goes through the shared PsFetcher (retries, timeouts,
 * cancellation). The observatory list is parsed on the caller's thread
 * (80 KB); a location answer, one XML element per value, on a worker.
 * SSCWeb limits the size of what it computes: the cache asks for one day
 * at a time, at most ten days in one request (ten days of one-minute
 * positions are about 2.5 MB of XML).
 */

#define G_LOG_DOMAIN "ps-ssc"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-ssc-parse.h"
#include "ps-ssc-provider.h"

struct _PsSscProvider
{
  GObject    parent_instance;

  char      *base_url;   /* without a final slash */
  PsFetcher *fetcher;
};

static void ps_ssc_provider_iface_init (PsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PsSscProvider, ps_ssc_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PS_TYPE_PROVIDER, ps_ssc_provider_iface_init))

static const char * const xml_headers[] = { "Accept: application/xml", NULL };
static const char * const xml_types[] = { "application/xml", "text/xml", NULL };

#define MAX_XML_SIZE (64u << 20)
#define MAX_SPAN     (10 * PS_TIME_NS_PER_DAY)

static void
ps_ssc_provider_finalize (GObject *object)
{
  PsSscProvider *self = PS_SSC_PROVIDER (object);

  g_free (self->base_url);
  g_clear_object (&self->fetcher);

  G_OBJECT_CLASS (ps_ssc_provider_parent_class)->finalize (object);
}

static void
ps_ssc_provider_class_init (PsSscProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_ssc_provider_finalize;
}

static void
ps_ssc_provider_init (PsSscProvider *self)
{
}

/**
 * ps_ssc_provider_new:
 * @base_url: (nullable): the SSCWeb REST base URL; %NULL:
 *   $PLASMASCOPE_SSC_URL, else %PS_SSC_DEFAULT_URL
 * @fetcher: (nullable): the fetcher to share; %NULL: a new one
 *
 * Returns: (transfer full): the provider
 */
PsSscProvider *
ps_ssc_provider_new (const char *base_url,
                     PsFetcher  *fetcher)
{
  PsSscProvider *self = g_object_new (PS_TYPE_SSC_PROVIDER, NULL);

  if (base_url == NULL)
    base_url = g_getenv ("PLASMASCOPE_SSC_URL");
  if (base_url == NULL || *base_url == '\0')
    base_url = PS_SSC_DEFAULT_URL;
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->fetcher = fetcher != NULL ? g_object_ref (fetcher) : ps_fetcher_new ();
  return self;
}

const char *
ps_ssc_provider_get_base_url (PsSscProvider *self)
{
  g_return_val_if_fail (PS_IS_SSC_PROVIDER (self), NULL);

  return self->base_url;
}

/**
 * ps_ssc_provider_locations_url:
 *
 * Returns: (transfer full): the location request of @observatory in
 *   @frame over @range (whole seconds: the stop rounded up)
 */
char *
ps_ssc_provider_locations_url (PsSscProvider     *self,
                               const char        *observatory,
                               const char        *frame,
                               const PsTimeRange *range)
{
  g_autofree char *start = NULL;
  g_autofree char *stop = NULL;
  g_autofree char *obs = NULL;
  g_autofree char *fr = NULL;

  g_return_val_if_fail (PS_IS_SSC_PROVIDER (self), NULL);
  g_return_val_if_fail (observatory != NULL && frame != NULL && range != NULL, NULL);

  start = ps_time_format_basic (range->start, FALSE);
  stop = ps_time_format_basic (range->stop, TRUE);
  obs = g_uri_escape_string (observatory, NULL, FALSE);
  fr = g_uri_escape_string (frame, NULL, FALSE);
  return g_strdup_printf ("%s/locations/%s/%s,%s/%s/", self->base_url, obs, start, stop, fr);
}

static const char *
get_name (PsProvider *provider)
{
  return "SSCWeb";
}

static const char *
get_prefix (PsProvider *provider)
{
  return "ssc";
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

static void
init_options (PsSscProvider  *self,
              PsFetchOptions *opts)
{
  ps_fetcher_init_options (self->fetcher, opts);
  opts->headers = xml_headers;
  opts->accept_types = xml_types;
  if (opts->max_body_size == 0 || opts->max_body_size > MAX_XML_SIZE)
    opts->max_body_size = MAX_XML_SIZE;
}

/* --- inventory ------------------------------------------------------------ */

static void
observatories_ready_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  g_autoptr(GPtrArray) observatories = NULL;
  gsize size = 0;
  const char *body;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  body = g_bytes_get_data (ps_fetch_result_get_body (answer), &size);
  observatories = ps_ssc_parse_observatories (body, size, &error);
  if (observatories == NULL)
    {
      g_prefix_error (&error, _("SSCWeb’s observatory list: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, ps_ssc_inventory_from_observatories (observatories), g_object_unref);
}

static void
build_inventory_async (PsProvider          *provider,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  PsSscProvider *self = PS_SSC_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->base_url, "/observatories", NULL);
  PsFetchOptions opts;

  g_task_set_source_tag (task, build_inventory_async);
  init_options (self, &opts);
  ps_fetcher_get_async (self->fetcher, url, &opts, cancellable, NULL, NULL, observatories_ready_cb, task);
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
  char        *observatory;
  PsTimeRange  range;
  GBytes      *body;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *f = data;

  g_free (f->observatory);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_free (f);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Fetch *f = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSeries) series = NULL;
  gsize size = 0;
  const char *body = g_bytes_get_data (f->body, &size);

  series = ps_ssc_parse_locations (body, size, &error);
  if (series == NULL)
    {
      g_prefix_error (&error, _("SSCWeb’s positions of %s: "), f->observatory);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, ps_series_slice (series, &f->range), (GDestroyNotify) ps_series_unref);
}

static void
locations_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  f->body = g_bytes_ref (ps_fetch_result_get_body (answer));
  g_task_run_in_thread (task, parse_thread);
}

static void
fetch_async (PsProvider          *provider,
             const char          *product_path,
             const PsTimeRange   *range,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  PsSscProvider *self = PS_SSC_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_auto(GStrv) parts = g_strsplit (product_path, "/", -1);
  g_autofree char *url = NULL;
  PsFetchOptions opts;
  Fetch *f;

  g_task_set_source_tag (task, fetch_async);
  if (g_strv_length (parts) != 3 || strcmp (parts[0], "ssc") != 0 || *parts[1] == '\0'
      || !ps_ssc_frame_is_known (parts[2]))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not an SSCWeb product (ssc/OBSERVATORY/FRAME, the frame one of "
                                 "gse, gsm, sm, geo, gei)"), product_path);
      return;
    }
  f = g_new0 (Fetch, 1);
  f->observatory = g_strdup (parts[1]);
  f->range = *range;
  g_task_set_task_data (task, f, fetch_free);

  url = ps_ssc_provider_locations_url (self, parts[1], parts[2], range);
  init_options (self, &opts);
  ps_fetcher_get_async (self->fetcher, url, &opts, cancellable, NULL, NULL, locations_ready_cb,
                        g_steal_pointer (&task));
}

static PsSeries *
fetch_finish (PsProvider    *provider,
              GAsyncResult  *result,
              char         **version,
              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  /* Computed positions: no version to revalidate with */
  if (version != NULL)
    *version = NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ps_ssc_provider_iface_init (PsProviderInterface *iface)
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
