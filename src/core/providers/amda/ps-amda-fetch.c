/* ps-amda-fetch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A parameter over a range: a token from auth.php, then getParameter.php
 * (outputFormat CDF_ISTP, ISO 8601 times, whole seconds, the stop rounded
 * up). AMDA answers the file's URL, or "in progress" with a request id:
 * getStatus.php is then asked again after 1 s, 2 s, 4 s… (at most 10 s
 * apart) until the file is ready, for at most 10 minutes, unless the
 * request is cancelled. The file is read on a worker; the data variable
 * is the one named after the parameter (speasy reads it so), else the
 * file's first ISTP data variable. A component "id(k)" is column k of its
 * parameter (the parameter is asked for). No file: no data, an empty
 * series. When AMDA refuses and there is an account, the request is made
 * once more with it (the data of a restricted period need one: speasy
 * sends the account for those).
 */

#define G_LOG_DOMAIN "ps-amda"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-amda-answer.h"
#include "ps-amda-credentials.h"
#include "ps-amda-parse.h"
#include "ps-amda-provider-private.h"
#include "ps-cdf-file.h"
#include "ps-istp.h"

#define MAX_ANSWER_SIZE (1u << 20)      /* JSON answers, tokens */
#define MAX_CDF_SIZE    (G_GUINT64_CONSTANT (4) << 30)
/* AMDA works on a request for up to 4 minutes (speasy's
 * AMDA_BATCH_MODE_TIME) before it answers "in progress": the connection
 * stays silent that long */
#define ANSWER_STALL_MS (5 * 60 * 1000)

typedef struct
{
  char        *product;     /* "amda/imf(0)" */
  char        *parameter;   /* "imf" */
  int          column;      /* 0, or -1 for the whole parameter */
  PsTimeRange  range;
  char        *token;
  char        *request;     /* the id of a request in progress */
  gint64       deadline;    /* monotonic µs */
  guint        delay_ms;
  char       **urls;
  guint        next;
  GPtrArray   *pieces;      /* of PsSeries */
  GSource     *timer;
  GSource     *cancelled;
  gboolean     with_account;  /* the request carries userID and password */
  char        *user;
  char        *password;
  GError      *refusal;      /* AMDA's answer without the account */
} Fetch;

static void
init_answer_options (PsAmdaProvider *self,
                     PsFetchOptions *opts)
{
  _ps_amda_provider_init_options (self, opts, MAX_ANSWER_SIZE);
  if (opts->stall_timeout_ms != 0 && opts->stall_timeout_ms < ANSWER_STALL_MS)
    opts->stall_timeout_ms = ANSWER_STALL_MS;
}

static void
fetch_free (gpointer data)
{
  Fetch *f = data;

  g_free (f->product);
  g_free (f->parameter);
  g_free (f->token);
  g_free (f->request);
  g_strfreev (f->urls);
  g_ptr_array_unref (f->pieces);
  g_free (f->user);
  if (f->password != NULL)
    memset (f->password, 0, strlen (f->password));
  g_free (f->password);
  g_clear_error (&f->refusal);
  if (f->timer != NULL)
    {
      g_source_destroy (f->timer);
      g_source_unref (f->timer);
    }
  if (f->cancelled != NULL)
    {
      g_source_destroy (f->cancelled);
      g_source_unref (f->cancelled);
    }
  g_free (f);
}

/* Ends @task (whose reference the caller gives) with @error, saying which
 * server and which product */
static void
fail (GTask  *task,
      GError *error)
{
  PsAmdaProvider *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A failed request's URL may hold the password */
      g_autofree char *why = _ps_amda_redact (error->message, f->password);

      g_free (error->message);
      error->message = g_strdup_printf (_("AMDA (%s), %s: %s"), self->host, f->product, why);
    }
  g_task_return_error (task, error);
  g_object_unref (task);
}

static PsSeries *
empty_series (const char *name)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();

  ps_series_builder_set_name (builder, name);
  ps_series_builder_set_times (builder, NULL, 0);
  ps_series_builder_set_values (builder, NULL, 0, 1);
  return ps_series_builder_end (builder, NULL);
}

/* Column @column of @series, as a series of its own */
static PsSeries *
column_of (PsSeries    *series,
           guint        column,
           const char  *name,
           GError     **error)
{
  g_autoptr(PsSeriesBuilder) builder = NULL;
  gsize n = ps_series_get_n (series);
  guint m = ps_series_get_m (series);
  const char *label;
  double *values;

  if (column >= m)
    {
      g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                   _("the parameter has %u components, there is no component %u"), m, column);
      return NULL;
    }
  builder = ps_series_builder_new ();
  ps_series_builder_set_name (builder, name);
  ps_series_builder_set_units (builder, ps_series_get_units (series));
  label = ps_series_get_label (series, column);
  if (label != NULL)
    {
      const char *labels[] = { label, NULL };

      ps_series_builder_set_labels (builder, labels);
    }
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_LINE);
  ps_series_builder_set_times (builder, ps_series_get_times (series), n);
  values = ps_series_builder_alloc_values (builder, n, 1);
  for (gsize i = 0; i < n; i++)
    values[i] = ps_series_get_value (series, i, column);
  return ps_series_builder_end (builder, error);
}

typedef struct
{
  GBytes      *bytes;
  char        *parameter;
  PsTimeRange  range;
} Read;

static void
read_free (gpointer data)
{
  Read *r = data;

  g_bytes_unref (r->bytes);
  g_free (r->parameter);
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
  g_autoptr(GPtrArray) variables = NULL;
  const char *variable = r->parameter;
  PsIstpOptions opts;
  PsSeries *series;

  if (file == NULL)
    {
      g_task_return_new_error (task, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                               _("the file AMDA sent is not a readable CDF: %s"), error->message);
      return;
    }
  if (!ps_istp_is_data_variable (file, NULL, variable))
    {
      variables = ps_istp_list_data_variables (file, NULL);
      if (variables == NULL || variables->len == 0)
        {
          g_task_return_new_error (task, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                                   _("the file AMDA sent holds no data variable"));
          return;
        }
      variable = g_ptr_array_index (variables, 0);
    }
  ps_istp_options_init (&opts);
  opts.range = r->range;
  series = ps_istp_load (file, NULL, variable, &opts, &error);
  if (series == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, series, (GDestroyNotify) ps_series_unref);
}

static void download_next (GTask *task);

static void
read_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GTask *task = data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PsSeries *series = g_task_propagate_pointer (G_TASK (result), &error);

  if (series == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_add (f->pieces, series);
  f->next++;
  download_next (task);
}

static void
file_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GTask *task = data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  g_autoptr(GTask) reading = NULL;
  Read *r;

  if (answer == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  r = g_new0 (Read, 1);
  r->bytes = g_bytes_ref (ps_fetch_result_get_body (answer));
  r->parameter = g_strdup (f->parameter);
  r->range = f->range;
  reading = g_task_new (NULL, g_task_get_cancellable (task), read_ready_cb, task);
  g_task_set_task_data (reading, r, read_free);
  g_task_run_in_thread (reading, read_thread);
}

static void
download_next (GTask *task)
{
  PsAmdaProvider *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSeries) joined = NULL;
  PsFetchOptions opts;
  PsSeries *result;

  if (f->urls[f->next] != NULL)
    {
      _ps_amda_provider_init_options (self, &opts, MAX_CDF_SIZE);
      ps_fetcher_get_async (self->fetcher, f->urls[f->next], &opts, g_task_get_cancellable (task),
                            NULL, NULL, file_ready_cb, task);
      return;
    }
  if (f->pieces->len == 0)
    {
      g_task_return_pointer (task, empty_series (f->product + strlen ("amda/")), (GDestroyNotify) ps_series_unref);
      g_object_unref (task);
      return;
    }
  joined = f->pieces->len == 1 ? ps_series_ref (g_ptr_array_index (f->pieces, 0))
                               : ps_series_concat ((PsSeries * const *) f->pieces->pdata, f->pieces->len, &error);
  if (joined == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  if (f->column >= 0)
    result = column_of (joined, (guint) f->column, f->product + strlen ("amda/"), &error);
  else
    result = ps_series_ref (joined);
  if (result == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) ps_series_unref);
  g_object_unref (task);
}

static void answer_ready_cb (GObject *source, GAsyncResult *result, gpointer data);
static void try_with_account (GTask *task);

static void
ask_status (GTask *task)
{
  PsAmdaProvider *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);
  g_autofree char *id = _ps_amda_escape (f->request);
  g_autofree char *url = g_strdup_printf ("%s/getStatus.php?id=%s", self->base_url, id);
  PsFetchOptions opts;

  init_answer_options (self, &opts);
  ps_fetcher_get_async (self->fetcher, url, &opts, g_task_get_cancellable (task), NULL, NULL,
                        answer_ready_cb, task);
}

static void
stop_waiting (Fetch *f)
{
  g_source_destroy (f->timer);
  g_clear_pointer (&f->timer, g_source_unref);
  if (f->cancelled != NULL)
    {
      g_source_destroy (f->cancelled);
      g_clear_pointer (&f->cancelled, g_source_unref);
    }
}

static gboolean
wait_over_cb (gpointer data)
{
  GTask *task = data;

  stop_waiting (g_task_get_task_data (task));
  ask_status (task);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      data)
{
  GTask *task = data;
  g_autoptr(GError) error = NULL;

  stop_waiting (g_task_get_task_data (task));
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  g_task_return_error (task, g_steal_pointer (&error));
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/* AMDA is still at work: ask again later, unless it has been too long */
static void
wait_for_request (GTask *task)
{
  PsAmdaProvider *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gint64 now = g_get_monotonic_time ();

  if (f->deadline == 0)
    {
      f->deadline = now + (gint64) self->poll_limit_ms * 1000;
      f->delay_ms = self->poll_first_ms;
    }
  else
    f->delay_ms = MIN (f->delay_ms * 2, self->poll_max_ms);
  if (now + (gint64) f->delay_ms * 1000 > f->deadline)
    {
      fail (task, g_error_new (PS_AMDA_ERROR, PS_AMDA_ERROR_TIMEOUT,
                               _("AMDA was still preparing the data after %u s; try a shorter range"),
                               self->poll_limit_ms / 1000));
      return;
    }
  f->timer = g_timeout_source_new (f->delay_ms);
  g_source_set_callback (f->timer, wait_over_cb, task, NULL);
  g_source_attach (f->timer, g_task_get_context (task));
  if (cancellable != NULL)
    {
      f->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (f->cancelled, G_SOURCE_FUNC (wait_cancelled_cb), task, NULL);
      g_source_attach (f->cancelled, g_task_get_context (task));
    }
}

/* getParameter.php, with the account once AMDA refused without it */
static void
request_parameter (GTask *task)
{
  PsAmdaProvider *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);
  g_autofree char *url = ps_amda_provider_parameter_url (self, f->parameter, &f->range, f->token);
  PsFetchOptions opts;

  if (f->with_account)
    {
      g_autofree char *user = _ps_amda_escape (f->user);
      g_autofree char *password = _ps_amda_escape (f->password);
      char *with = g_strdup_printf ("%s&userID=%s&password=%s", url, user, password);

      g_free (url);
      url = with;
    }
  init_answer_options (self, &opts);
  ps_fetcher_get_async (self->fetcher, url, &opts, g_task_get_cancellable (task), NULL, NULL,
                        answer_ready_cb, task);
}

static void
with_account (GTask      *task,
              const char *user,
              const char *password)
{
  Fetch *f = g_task_get_task_data (task);

  if (user == NULL)
    {
      fail (task, g_steal_pointer (&f->refusal));
      return;
    }
  f->with_account = TRUE;
  f->user = g_strdup (user);
  f->password = g_strdup (password != NULL ? password : "");
  request_parameter (task);
}

static void
account_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  GTask *task = data;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;

  /* Unreadable credentials: AMDA's refusal is the answer */
  ps_amda_credentials_load_finish (result, &user, &password, NULL);
  with_account (task, user, password);
  if (password != NULL)
    memset (password, 0, strlen (password));
}

static void
try_with_account (GTask *task)
{
  PsAmdaProvider *self = g_task_get_source_object (task);

  if (self->credentials_set)
    with_account (task, self->user, self->password);
  else
    ps_amda_credentials_load_async (g_task_get_cancellable (task), account_loaded_cb, task);
}

static void
answer_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) reply = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  g_autoptr(PsAmdaAnswer) answer = NULL;
  gsize size = 0;
  const char *body;

  if (reply == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  body = g_bytes_get_data (ps_fetch_result_get_body (reply), &size);
  answer = ps_amda_parse_answer (body, size, &error);
  if (answer == NULL)
    {
      /* Refused: perhaps data of a restricted period, which an account
       * may see (speasy sends the account for those) */
      if (g_error_matches (error, PS_AMDA_ERROR, PS_AMDA_ERROR_SERVER) && !f->with_account && f->request == NULL)
        {
          f->refusal = g_steal_pointer (&error);
          try_with_account (task);
          return;
        }
      fail (task, g_steal_pointer (&error));
      return;
    }
  if (answer->status == PS_AMDA_ANSWER_IN_PROGRESS)
    {
      if (answer->id != NULL)
        {
          g_free (f->request);
          f->request = g_steal_pointer (&answer->id);
        }
      if (f->request == NULL)
        {
          fail (task, g_error_new_literal (PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                                           _("AMDA said the request is in progress without naming it")));
          return;
        }
      wait_for_request (task);
      return;
    }
  f->urls = g_steal_pointer (&answer->urls);
  f->next = 0;
  download_next (task);
}

static void
token_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) reply = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  gsize size = 0;
  const char *body;

  if (reply == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  body = g_bytes_get_data (ps_fetch_result_get_body (reply), &size);
  f->token = ps_amda_parse_token (body, size, &error);
  if (f->token == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  request_parameter (task);
}

/* "imf(0)": parameter "imf", column 0 */
static gboolean
split_component (const char  *id,
                 char       **parameter,
                 int         *column)
{
  gsize len = strlen (id);
  const char *open;
  guint64 index = 0;

  *column = -1;
  *parameter = g_strdup (id);
  if (len < 4 || id[len - 1] != ')')
    return TRUE;
  open = strrchr (id, '(');
  if (open == NULL || open == id || open + 1 == id + len - 1)
    return TRUE;
  for (const char *p = open + 1; p < id + len - 1; p++)
    {
      if (!g_ascii_isdigit (*p))
        return TRUE;
      index = index * 10 + (guint64) (*p - '0');
      if (index > 100000)
        return FALSE;
    }
  g_free (*parameter);
  *parameter = g_strndup (id, open - id);
  *column = (int) index;
  return TRUE;
}

void
_ps_amda_provider_fetch_async (PsProvider          *provider,
                               const char          *product_path,
                               const PsTimeRange   *range,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  PsAmdaProvider *self = PS_AMDA_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  const char *id = product_path + strlen ("amda/");
  g_autofree char *url = NULL;
  PsFetchOptions opts;
  Fetch *f;

  g_task_set_source_tag (task, _ps_amda_provider_fetch_async);
  if (!g_str_has_prefix (product_path, "amda/") || *id == '\0' || strchr (id, '/') != NULL
      || strchr (id, '#') != NULL)
    {
      if (g_str_has_prefix (product_path, "amda/tt/") || g_str_has_prefix (product_path, "amda/catalog/"))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 _("“%s” is a list of events (a time table or catalogue) of AMDA, "
                                   "not a time series"), product_path);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 _("“%s” is not an AMDA parameter (amda/PARAMETER)"), product_path);
      g_object_unref (task);
      return;
    }
  f = g_new0 (Fetch, 1);
  f->product = g_strdup (product_path);
  f->range = *range;
  f->pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
  g_task_set_task_data (task, f, fetch_free);
  if (!split_component (id, &f->parameter, &f->column))
    {
      fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("the component index of “%s” is too large"), id));
      return;
    }
  if (range->stop <= range->start)
    {
      g_task_return_pointer (task, empty_series (id), (GDestroyNotify) ps_series_unref);
      g_object_unref (task);
      return;
    }
  url = g_strconcat (self->base_url, "/auth.php", NULL);
  _ps_amda_provider_init_options (self, &opts, MAX_ANSWER_SIZE);
  ps_fetcher_get_async (self->fetcher, url, &opts, cancellable, NULL, NULL, token_ready_cb, task);
}

PsSeries *
_ps_amda_provider_fetch_finish (PsProvider    *provider,
                                GAsyncResult  *result,
                                char         **version,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  /* Files computed for each request: no version to revalidate with */
  if (version != NULL)
    *version = NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}
