/* ps-hapi-fetch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A product over a range: capabilities (the format, the request names),
 * the dataset's info, then `data` requests for the parts of the range
 * still to get, one after the other, in time order. A part the server
 * finds too large (1408) is replaced by its two halves, down to
 * MAX_SPLIT_DEPTH halvings; a part with no data (1201, 1405) gives
 * nothing. Each answer is parsed on a worker and cut to its part, so that
 * a server sending a record too many cannot put it in the cache twice.
 *
 * A parameter whose bins are other parameters (HAPI 3 time-varying bins)
 * is asked for together with them, in info order as HAPI requires, so
 * that the parser can attach them.
 */

#define G_LOG_DOMAIN "ps-hapi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-hapi-provider-private.h"

/* 2^8 = 256 pieces at most; and no piece shorter than a second. */
#define MAX_SPLIT_DEPTH 8
#define MIN_SPLIT_SPAN  PS_TIME_NS_PER_SECOND

typedef struct
{
  PsTimeRange range;
  guint       depth;
} Part;

typedef struct
{
  char           *dataset_id;
  char           *parameter;
  PsTimeRange     range;
  PsHapiDataset  *dataset;
  PsHapiFormat    format;
  char          **request;   /* the parameters asked for, in info order */
  GArray         *parts;     /* of Part: still to get, in time order */
  GPtrArray      *pieces;    /* of PsSeries: what came, in time order */
  GString        *validators; /* ETag or Last-Modified of each answer */
  char           *version;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *f = data;

  g_free (f->dataset_id);
  g_free (f->parameter);
  g_clear_pointer (&f->dataset, ps_hapi_dataset_unref);
  g_strfreev (f->request);
  g_array_unref (f->parts);
  g_ptr_array_unref (f->pieces);
  g_string_free (f->validators, TRUE);
  g_free (f->version);
  g_free (f);
}

/* HAPI times: whole seconds when they are, else milliseconds, else
 * nanoseconds (servers must read nanoseconds; not all read them well). */
static char *
hapi_time (PsTime t)
{
  int digits = t % PS_TIME_NS_PER_SECOND == 0 ? 0 : t % G_GINT64_CONSTANT (1000000) == 0 ? 3 : 9;

  return ps_time_format_iso (t, digits);
}

/* The series @f->parameter from a parsed answer, or NULL. */
static PsSeries *
pick_series (GPtrArray  *series,
             const char *parameter)
{
  for (guint i = 0; i < series->len; i++)
    if (g_strcmp0 (ps_series_get_name (g_ptr_array_index (series, i)), parameter) == 0)
      return ps_series_ref (g_ptr_array_index (series, i));
  return NULL;
}

/* No data: an empty series with the parameter's metadata, from an empty
 * body read with the info. */
static PsSeries *
empty_series (Fetch   *f,
              GError **error)
{
  g_autoptr(GBytes) nothing = g_bytes_new_static ("", 0);
  g_autoptr(GPtrArray) series = ps_hapi_data_parse (PS_HAPI_FORMAT_CSV, f->dataset->info,
                                                    (const char * const *) f->request,
                                                    f->dataset_id, nothing, error);
  PsSeries *one;

  if (series == NULL)
    return NULL;
  one = pick_series (series, f->parameter);
  if (one == NULL)
    g_set_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID,
                 _("The info of dataset “%s” gives no series for parameter “%s”"), f->dataset_id, f->parameter);
  return one;
}

static void
finish (GTask *task)
{
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PsSeries *joined;

  if (f->dataset->modification_date != NULL)
    f->version = g_strdup (f->dataset->modification_date);
  else if (f->validators->len > 0)
    f->version = g_strdup (f->validators->str);

  if (f->pieces->len == 0)
    joined = empty_series (f, &error);
  else if (f->pieces->len == 1)
    joined = ps_series_ref (g_ptr_array_index (f->pieces, 0));
  else
    joined = ps_series_concat ((PsSeries * const *) f->pieces->pdata, f->pieces->len, &error);
  if (joined == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, joined, (GDestroyNotify) ps_series_unref);
  g_object_unref (task);
}

/* --- parsing, on a worker ------------------------------------------------- */

typedef struct
{
  GBytes       *body;
  PsHapiFormat  format;
  PsHapiInfo   *info;
  char        **request;
  char         *dataset_id;
  char         *parameter;
  PsTimeRange   range;
} Parse;

static void
parse_free (gpointer data)
{
  Parse *p = data;

  g_bytes_unref (p->body);
  ps_hapi_info_unref (p->info);
  g_strfreev (p->request);
  g_free (p->dataset_id);
  g_free (p->parameter);
  g_free (p);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Parse *p = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(PsSeries) one = NULL;

  series = ps_hapi_data_parse (p->format, p->info, (const char * const *) p->request, p->dataset_id,
                               p->body, &error);
  if (series == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  one = pick_series (series, p->parameter);
  if (one == NULL)
    {
      g_task_return_new_error (task, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID,
                               _("The data of dataset “%s” has no parameter “%s”"), p->dataset_id, p->parameter);
      return;
    }
  g_task_return_pointer (task, ps_series_slice (one, &p->range), (GDestroyNotify) ps_series_unref);
}

/* --- data requests -------------------------------------------------------- */

static void request_next (GTask *task);

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  PsHapiProvider *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PsSeries *series = g_task_propagate_pointer (G_TASK (result), &error);

  if (series == NULL)
    {
      g_task_return_error (task, _ps_hapi_provider_request_error (self, g_steal_pointer (&error), f->dataset_id));
      return;
    }
  if (ps_series_get_n (series) > 0)
    g_ptr_array_add (f->pieces, series);
  else
    ps_series_unref (series);
  g_array_remove_index (f->parts, 0);
  request_next (g_steal_pointer (&task));
}

/* What a HAPI status of the first part means; FALSE: report @error. */
static gboolean
handle_status (Fetch   *f,
               int      code)
{
  Part *part = &g_array_index (f->parts, Part, 0);
  PsTime span = part->range.stop - part->range.start;

  if (code == PS_HAPI_ERROR_NO_DATA || code == PS_HAPI_ERROR_OUTSIDE_COVERAGE)
    {
      g_array_remove_index (f->parts, 0);
      return TRUE;
    }
  if (code == PS_HAPI_ERROR_TOO_MUCH_DATA && part->depth < MAX_SPLIT_DEPTH && span >= 2 * MIN_SPLIT_SPAN)
    {
      /* Halves on whole seconds, which every server reads. */
      PsTime middle = part->range.start + span / 2;
      Part halves[2];

      middle -= middle % PS_TIME_NS_PER_SECOND;
      if (middle <= part->range.start)
        middle += PS_TIME_NS_PER_SECOND;
      halves[0] = (Part) { ps_time_range_make (part->range.start, middle), part->depth + 1 };
      halves[1] = (Part) { ps_time_range_make (middle, part->range.stop), part->depth + 1 };
      g_array_remove_index (f->parts, 0);
      g_array_insert_vals (f->parts, 0, halves, 2);
      return TRUE;
    }
  return FALSE;
}

static void
data_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GTask *task = data;
  PsHapiProvider *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  g_autoptr(GTask) parsing = NULL;
  const char *validator;
  const char *body;
  gsize size = 0;
  Parse *p;
  int code = 0;

  if (answer == NULL)
    {
      error = _ps_hapi_provider_request_error (self, g_steal_pointer (&error), f->dataset_id);
      if (error->domain == PS_HAPI_ERROR && handle_status (f, error->code))
        {
          g_debug ("%s %s: HAPI status %d, going on", self->name, f->dataset_id, error->code);
          request_next (task);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* A status object instead of records: an error with HTTP 200, or a
   * header without data. */
  body = g_bytes_get_data (ps_fetch_result_get_body (answer), &size);
  if (f->format != PS_HAPI_FORMAT_JSON && size > 0 && body[0] == '{')
    {
      if (ps_hapi_parse_status (body, size, f->dataset_id, &code, &error))
        error = g_error_new_literal (PS_HAPI_ERROR, PS_HAPI_ERROR_NO_DATA, "");
      if (handle_status (f, error->code))
        {
          request_next (task);
          return;
        }
      g_task_return_error (task, _ps_hapi_provider_request_error (self, g_steal_pointer (&error), NULL));
      g_object_unref (task);
      return;
    }

  validator = ps_fetch_result_get_etag (answer);
  if (validator == NULL)
    validator = ps_fetch_result_get_last_modified (answer);
  if (validator != NULL)
    g_string_append_printf (f->validators, f->validators->len > 0 ? " %s" : "%s", validator);

  p = g_new0 (Parse, 1);
  p->body = g_bytes_ref (ps_fetch_result_get_body (answer));
  p->format = f->format;
  p->info = ps_hapi_info_ref (f->dataset->info);
  p->request = g_strdupv (f->request);
  p->dataset_id = g_strdup (f->dataset_id);
  p->parameter = g_strdup (f->parameter);
  p->range = g_array_index (f->parts, Part, 0).range;
  parsing = g_task_new (NULL, g_task_get_cancellable (task), parsed_cb, task);
  g_task_set_task_data (parsing, p, parse_free);
  g_task_run_in_thread (parsing, parse_thread);
}

static void
request_next (GTask *task)
{
  PsHapiProvider *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);
  g_autofree char *parameters = NULL;
  g_autofree char *start = NULL;
  g_autofree char *stop = NULL;
  g_autofree char *url = NULL;
  gboolean v3;
  const Part *part;
  PsFetchOptions opts;

  if (f->parts->len == 0)
    {
      finish (task);
      return;
    }
  part = &g_array_index (f->parts, Part, 0);
  v3 = _ps_hapi_provider_is_v3 (self, f->dataset);
  parameters = g_strjoinv (",", f->request);
  start = hapi_time (part->range.start);
  stop = hapi_time (part->range.stop);
  url = _ps_hapi_provider_url (self, "data",
                               v3 ? "dataset" : "id", f->dataset_id,
                               "parameters", parameters,
                               v3 ? "start" : "time.min", start,
                               v3 ? "stop" : "time.max", stop,
                               "format", f->format == PS_HAPI_FORMAT_BINARY ? "binary"
                                         : f->format == PS_HAPI_FORMAT_JSON ? "json" : "csv",
                               NULL);
  ps_fetch_options_init (&opts);
  ps_fetcher_get_async (self->fetcher, url, &opts, g_task_get_cancellable (task), NULL, NULL, data_ready_cb, task);
}

/* The parameters to ask for: @f->parameter and the parameters its bins
 * name, in info order. */
static char **
request_list (PsHapiInfo      *info,
              int              index)
{
  const PsHapiParameter *param = &info->parameters[index];
  g_autofree gboolean *wanted = g_new0 (gboolean, info->n_parameters);
  GPtrArray *names = g_ptr_array_new ();

  wanted[index] = TRUE;
  for (guint d = 0; d < param->n_bins; d++)
    {
      int centers = param->bins[d].centers_parameter != NULL
                    ? ps_hapi_info_find (info, param->bins[d].centers_parameter) : -1;
      int ranges = param->bins[d].ranges_parameter != NULL
                   ? ps_hapi_info_find (info, param->bins[d].ranges_parameter) : -1;

      if (centers > 0)
        wanted[centers] = TRUE;
      if (ranges > 0)
        wanted[ranges] = TRUE;
    }
  for (guint i = 1; i < info->n_parameters; i++)
    if (wanted[i])
      g_ptr_array_add (names, g_strdup (info->parameters[i].name));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

static void
dataset_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  GTask *task = data;
  PsHapiProvider *self = PS_HAPI_PROVIDER (source);
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const PsHapiParameter *param;
  PsHapiInfo *info;
  PsTimeRange asked = f->range;
  int index;

  f->dataset = _ps_hapi_provider_dataset_finish (self, result, &error);
  if (f->dataset == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  info = f->dataset->info;
  index = ps_hapi_info_find (info, f->parameter);
  param = index >= 0 ? &info->parameters[index] : NULL;
  if (param == NULL)
    {
      g_task_return_new_error (task, PS_HAPI_ERROR, PS_HAPI_ERROR_UNKNOWN_PARAMETER,
                               _("HAPI server “%s”: dataset “%s” has no parameter “%s”"),
                               self->name, f->dataset_id, f->parameter);
      g_object_unref (task);
      return;
    }
  if (index == 0 || (param->type != PS_HAPI_TYPE_DOUBLE && param->type != PS_HAPI_TYPE_INTEGER))
    {
      g_task_return_new_error (task, PS_HAPI_ERROR, PS_HAPI_ERROR_UNKNOWN_PARAMETER,
                               _("HAPI server “%s”: parameter “%s” of dataset “%s” holds %s values, not numbers"),
                               self->name, f->parameter, f->dataset_id, ps_hapi_type_to_string (param->type));
      g_object_unref (task);
      return;
    }
  f->request = request_list (info, index);

  /* Nothing is asked for outside the coverage: the server would refuse
   * (1405), and there is no data there. */
  if (info->start != PS_TIME_INVALID && info->stop != PS_TIME_INVALID && info->start < info->stop)
    {
      PsTimeRange coverage = ps_time_range_make (info->start, info->stop);

      if (!ps_time_range_intersection (&f->range, &coverage, &asked))
        asked = ps_time_range_make (0, 0);
    }
  if (asked.stop > asked.start)
    {
      Part part = { asked, 0 };

      g_array_append_val (f->parts, part);
    }
  request_next (task);
}

static void
capabilities_ready_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  GTask *task = data;
  PsHapiProvider *self = PS_HAPI_PROVIDER (source);
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const PsHapiCapabilities *capabilities = _ps_hapi_provider_capabilities_finish (self, result, &error);

  if (capabilities == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (!ps_hapi_capabilities_pick_format (capabilities, &f->format))
    f->format = PS_HAPI_FORMAT_CSV;
  _ps_hapi_provider_dataset_async (self, f->dataset_id, FALSE, g_task_get_cancellable (task),
                                   dataset_ready_cb, task);
}

static GTask *
start_task (PsHapiProvider       *self,
            gpointer              tag,
            const char           *product_path,
            const PsTimeRange    *range,
            GCancellable         *cancellable,
            GAsyncReadyCallback   callback,
            gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Fetch *f = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, tag);
  f->range = *range;
  f->parts = g_array_new (FALSE, FALSE, sizeof (Part));
  f->pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
  f->validators = g_string_new (NULL);
  g_task_set_task_data (task, f, fetch_free);
  if (!ps_hapi_provider_split_product (self, product_path, &f->dataset_id, &f->parameter))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a product of HAPI server “%s” (%s/DATASET/PARAMETER)"),
                               product_path, self->name, self->prefix);
      g_object_unref (task);
      return NULL;
    }
  return task;
}

void
_ps_hapi_provider_fetch_async (PsProvider          *provider,
                               const char          *product_path,
                               const PsTimeRange   *range,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  PsHapiProvider *self = PS_HAPI_PROVIDER (provider);
  GTask *task = start_task (self, _ps_hapi_provider_fetch_async, product_path, range,
                            cancellable, callback, user_data);

  if (task != NULL)
    _ps_hapi_provider_capabilities_async (self, cancellable, capabilities_ready_cb, task);
}

PsSeries *
_ps_hapi_provider_fetch_finish (PsProvider    *provider,
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

/* --- versions ------------------------------------------------------------- */

static void
fresh_dataset_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsHapiDataset) dataset = _ps_hapi_provider_dataset_finish (PS_HAPI_PROVIDER (source), result, &error);

  if (dataset == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_strdup (dataset->modification_date), g_free);
}

/* The version is the info's modificationDate, asked for again (the
 * provider's copy may be old). A dataset known to have none has no
 * version to check: NULL, without a request. */
void
_ps_hapi_provider_check_version_async (PsProvider          *provider,
                                       const char          *product_path,
                                       const PsTimeRange   *range,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  PsHapiProvider *self = PS_HAPI_PROVIDER (provider);
  GTask *task = start_task (self, _ps_hapi_provider_check_version_async, product_path, range,
                            cancellable, callback, user_data);
  Fetch *f;
  PsHapiDataset *known;

  if (task == NULL)
    return;
  f = g_task_get_task_data (task);
  known = g_hash_table_lookup (self->datasets, f->dataset_id);
  if (known != NULL && known->modification_date == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  _ps_hapi_provider_dataset_async (self, f->dataset_id, TRUE, cancellable, fresh_dataset_cb, task);
}

char *
_ps_hapi_provider_check_version_finish (PsProvider    *provider,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
