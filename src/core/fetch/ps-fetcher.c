/* ps-fetcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CURLM handle, owned by one worker thread that runs
 * curl_multi_perform/curl_multi_poll. Other threads never touch it except
 * through curl_multi_wakeup(): they put requests to start and requests to
 * cancel on two queues under the fetcher's lock, and wake the worker.
 *
 * A PsFetchRequest is refcounted; refs are held by the worker (while it is
 * being transferred or waits for a retry), by the cancellable handler, and
 * by the idles that carry progress and the completion to the caller's main
 * context. Its GTask is only touched on that context: the completion idle
 * returns it, so the final progress call and the disconnection of the
 * cancellable happen there before the callback, and nothing follows it.
 */

#define G_LOG_DOMAIN "ps-fetch"

#include "config.h"

#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "ps-fetcher.h"

#define PROGRESS_INTERVAL_US (50 * G_TIME_SPAN_MILLISECOND)
#define MAX_REDIRECTS 5

struct _PsFetcher
{
  GObject  parent_instance;

  char    *proxy;                 /* NULL: libcurl's default (the environment) */
  char    *ca_file;               /* NULL: the system's certificate authorities */
  guint    max_host_connections;
  guint    max_connections;
  char    *user_agent;
  PsFetchOptions defaults;        /* timeouts and retries (headers etc. unused) */

  CURLM   *multi;
  GThread *thread;

  /* Protected by lock: what other threads hand to the worker. */
  GMutex   lock;
  GQueue   incoming;              /* PsFetchRequest, one ref each */
  GQueue   cancels;               /* PsFetchRequest, one ref each */
  gboolean quit;
};

G_DEFINE_FINAL_TYPE (PsFetcher, ps_fetcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROXY,
  PROP_CA_FILE,
  PROP_MAX_HOST_CONNECTIONS,
  PROP_MAX_CONNECTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* PS_FETCH_ERROR_HTTP errors carry the status and the start of the body
 * the server sent with it (HAPI and other services explain themselves
 * there): an extended error domain. */
typedef struct
{
  guint   status;
  GBytes *body;
} PsFetchErrorPrivate;

static void
ps_fetch_error_private_init (PsFetchErrorPrivate *priv)
{
  priv->status = 0;
  priv->body = NULL;
}

static void
ps_fetch_error_private_copy (const PsFetchErrorPrivate *src,
                             PsFetchErrorPrivate       *dest)
{
  dest->status = src->status;
  dest->body = src->body != NULL ? g_bytes_ref (src->body) : NULL;
}

static void
ps_fetch_error_private_clear (PsFetchErrorPrivate *priv)
{
  g_clear_pointer (&priv->body, g_bytes_unref);
}

G_DEFINE_EXTENDED_ERROR (PsFetchError, ps_fetch_error)

/* An error body kept for ps_fetch_error_get_body(): enough for any
 * explanation, never a whole error page of a misconfigured server. */
#define MAX_ERROR_BODY (64 * 1024)

/* A body announced by its Content-Length is allocated at once up to this
 * (a lying server costs address space, not memory: pages are touched as
 * bytes arrive); beyond, it grows as it comes. */
#define MAX_PREALLOCATION (G_GINT64_CONSTANT (512) << 20)

/**
 * ps_fetch_error_get_status:
 * @error: a %PS_FETCH_ERROR_HTTP error
 *
 * Returns: the HTTP status of the answer, or 0 for another error
 */
guint
ps_fetch_error_get_status (const GError *error)
{
  PsFetchErrorPrivate *priv = error != NULL ? ps_fetch_error_get_private (error) : NULL;

  return priv != NULL ? priv->status : 0;
}

/**
 * ps_fetch_error_get_body:
 * @error: a %PS_FETCH_ERROR_HTTP error
 *
 * Returns: (transfer none) (nullable): the first 64 KiB of the body the
 *   server sent with its error status, or %NULL
 */
GBytes *
ps_fetch_error_get_body (const GError *error)
{
  PsFetchErrorPrivate *priv = error != NULL ? ps_fetch_error_get_private (error) : NULL;

  return priv != NULL ? priv->body : NULL;
}

typedef struct
{
  gatomicrefcount      ref_count;
  PsFetcher           *fetcher;        /* no ref: the task holds one */

  /* Fixed at creation. */
  char                *url;
  char                *server;         /* host[:port], for messages */
  PsFetchOptions       opts;           /* strings below, not the caller's */
  char               **accept_types;
  char               **request_headers; /* opts->headers, owned */
  char                *if_modified_since;
  char                *if_none_match;
  PsFetchProgressFunc  progress;
  gpointer             progress_data;
  GMainContext        *context;
  GCancellable        *cancellable;

  /* Caller's context only. */
  GTask               *task;
  gulong               cancel_id;
  gboolean             finished;
  gboolean             delivered_any;
  guint64              delivered;

  /* Worker only. */
  CURL                *easy;
  struct curl_slist   *headers;
  char                 errbuf[CURL_ERROR_SIZE];
  gboolean             completed;
  guint                attempt;        /* 1 for the first */
  gboolean             connected;      /* this attempt has a connection */
  gint64               last_activity;  /* monotonic µs: connection, or last byte */
  gint64               due;            /* monotonic µs, while waiting to retry */
  GByteArray          *body;
  guint64              received;       /* of the current response */
  guint                status;         /* of the current response */
  char                *reason;
  char                *content_type;
  char                *last_modified;
  char                *etag;
  char                *retry_after;
  gint64               content_length; /* -1: unknown */
  gboolean             encoded;        /* Content-Encoding other than identity */
  gboolean             checked;        /* status and type checked at the first body byte */
  gboolean             aborted;        /* abort_code/abort_message are set */
  PsFetchError         abort_code;
  char                *abort_message;
  gint64               last_progress_post;

  /* Worker → caller's context. */
  GError              *error;
  PsFetchResult       *result;

  /* Progress, shared. */
  GMutex               progress_lock;
  guint64              p_received;
  gint64               p_total;
  gboolean             p_pending;
} PsFetchRequest;

static void
response_clear (PsFetchRequest *req)
{
  if (req->body != NULL)
    g_byte_array_set_size (req->body, 0);
  req->received = 0;
  req->status = 0;
  g_clear_pointer (&req->reason, g_free);
  g_clear_pointer (&req->content_type, g_free);
  g_clear_pointer (&req->last_modified, g_free);
  g_clear_pointer (&req->etag, g_free);
  g_clear_pointer (&req->retry_after, g_free);
  req->content_length = -1;
  req->encoded = FALSE;
  req->checked = FALSE;
}

static PsFetchRequest *
request_ref (PsFetchRequest *req)
{
  g_atomic_ref_count_inc (&req->ref_count);
  return req;
}

static void
request_unref (gpointer data)
{
  PsFetchRequest *req = data;

  if (!g_atomic_ref_count_dec (&req->ref_count))
    return;

  g_assert (req->easy == NULL);
  g_assert (req->task == NULL);

  response_clear (req);
  g_free (req->url);
  g_free (req->server);
  g_strfreev (req->accept_types);
  g_strfreev (req->request_headers);
  g_free (req->if_modified_since);
  g_free (req->if_none_match);
  g_clear_pointer (&req->context, g_main_context_unref);
  g_clear_object (&req->cancellable);
  g_clear_pointer (&req->headers, curl_slist_free_all);
  g_clear_pointer (&req->body, g_byte_array_unref);
  g_free (req->abort_message);
  g_clear_error (&req->error);
  g_clear_pointer (&req->result, ps_fetch_result_unref);
  g_mutex_clear (&req->progress_lock);
  g_free (req);
}

/**
 * ps_fetch_options_init:
 * @opts: options to fill
 *
 * Sets @opts to the defaults (see PsFetchOptions).
 */
void
ps_fetch_options_init (PsFetchOptions *opts)
{
  g_return_if_fail (opts != NULL);

  memset (opts, 0, sizeof *opts);
  opts->connect_timeout_ms = 15000;
  opts->stall_timeout_ms = 30000;
  opts->max_retries = 3;
  opts->retry_base_ms = 1000;
  opts->retry_max_ms = 30000;
}

/* -- progress, on the caller's context ------------------------------------ */

static void
deliver_progress (PsFetchRequest *req,
                  guint64         received,
                  gint64          total)
{
  if (req->finished || req->progress == NULL)
    return;
  /* A retry starts again from 0: stay silent until it gets past what was
   * already said. */
  if (req->delivered_any && received <= req->delivered)
    return;
  req->delivered_any = TRUE;
  req->delivered = received;
  req->progress (received, total, req->progress_data);
}

static gboolean
progress_in_context (gpointer data)
{
  PsFetchRequest *req = data;
  guint64 received;
  gint64 total;

  g_mutex_lock (&req->progress_lock);
  received = req->p_received;
  total = req->p_total;
  req->p_pending = FALSE;
  g_mutex_unlock (&req->progress_lock);

  deliver_progress (req, received, total);

  return G_SOURCE_REMOVE;
}

/* Worker: note the progress; hand it over at most every 50 ms. */
static void
post_progress (PsFetchRequest *req)
{
  gint64 now;
  gboolean post = FALSE;

  if (req->progress == NULL)
    return;

  now = g_get_monotonic_time ();
  g_mutex_lock (&req->progress_lock);
  req->p_received = req->received;
  req->p_total = req->encoded ? -1 : req->content_length;
  if (!req->p_pending && now - req->last_progress_post >= PROGRESS_INTERVAL_US)
    {
      req->p_pending = TRUE;
      req->last_progress_post = now;
      post = TRUE;
    }
  g_mutex_unlock (&req->progress_lock);

  if (post)
    g_main_context_invoke_full (req->context, G_PRIORITY_DEFAULT,
                                progress_in_context, request_ref (req), request_unref);
}

/* -- completion, on the caller's context ---------------------------------- */

static gboolean
complete_in_context (gpointer data)
{
  PsFetchRequest *req = data;
  GTask *task;

  if (req->error == NULL && req->result != NULL)
    {
      gsize size = g_bytes_get_size (ps_fetch_result_get_body (req->result));

      if (!req->delivered_any || req->delivered != size)
        {
          req->delivered_any = FALSE;
          deliver_progress (req, size, size);
        }
    }
  req->finished = TRUE;

  if (req->cancel_id != 0)
    {
      g_cancellable_disconnect (req->cancellable, req->cancel_id);
      req->cancel_id = 0;
    }

  task = g_steal_pointer (&req->task);
  if (req->error != NULL)
    g_task_return_error (task, g_steal_pointer (&req->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&req->result),
                           (GDestroyNotify) ps_fetch_result_unref);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

/* -- worker --------------------------------------------------------------- */

/* Called once the connection is there (new or reused), before the request
 * is sent: from now on the stall timeout applies. */
static int
prereq_cb (void *data,
           char *conn_primary_ip,
           char *conn_local_ip,
           int   conn_primary_port,
           int   conn_local_port)
{
  PsFetchRequest *req = data;

  req->connected = TRUE;
  req->last_activity = g_get_monotonic_time ();
  return CURL_PREREQFUNC_OK;
}

static void
remove_easy (PsFetcher      *self,
             PsFetchRequest *req)
{
  if (req->easy == NULL)
    return;
  curl_multi_remove_handle (self->multi, req->easy);
  curl_easy_cleanup (req->easy);
  req->easy = NULL;
  g_clear_pointer (&req->headers, curl_slist_free_all);
}

/* Worker: the end of a request (req->error or req->result set). Drops the
 * worker's ref. */
static void
finish (PsFetcher      *self,
        PsFetchRequest *req)
{
  g_assert (!req->completed);
  g_assert ((req->error != NULL) != (req->result != NULL));

  req->completed = TRUE;
  remove_easy (self, req);
  g_main_context_invoke_full (req->context, G_PRIORITY_DEFAULT,
                              complete_in_context, req, request_unref);
}

static void
finish_cancelled (PsFetcher      *self,
                  PsFetchRequest *req)
{
  g_clear_pointer (&req->result, ps_fetch_result_unref);
  g_clear_error (&req->error);
  req->error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                            _("The download of %s was cancelled"), req->url);
  finish (self, req);
}

static gboolean
media_type_accepted (PsFetchRequest *req,
                     const char     *content_type)
{
  g_autofree char *media = NULL;
  char *semicolon;

  if (req->accept_types == NULL || content_type == NULL)
    return TRUE;

  media = g_strstrip (g_ascii_strdown (content_type, -1));
  semicolon = strchr (media, ';');
  if (semicolon != NULL)
    *semicolon = '\0';
  g_strstrip (media);

  for (guint i = 0; req->accept_types[i] != NULL; i++)
    {
      const char *want = req->accept_types[i];
      gsize len = strlen (want);

      if (g_ascii_strcasecmp (want, media) == 0 || strcmp (want, "*/*") == 0)
        return TRUE;
      if (len >= 2 && want[len - 1] == '*' && want[len - 2] == '/'
          && g_ascii_strncasecmp (want, media, len - 1) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
set_abort (PsFetchRequest *req,
           PsFetchError    code,
           char           *message)
{
  req->aborted = TRUE;
  req->abort_code = code;
  g_free (req->abort_message);
  req->abort_message = message;
}

static char *
too_large_message (PsFetchRequest *req)
{
  g_autofree char *limit = g_format_size (req->opts.max_body_size > 0
                                          ? req->opts.max_body_size : G_MAXUINT);

  return g_strdup_printf (_("Could not download %s: %s sent more than the %s allowed"),
                          req->url, req->server, limit);
}

/* Checks the type of a 2xx once, at its first body byte (or at its end
 * when it has none). Returns FALSE, with the abort set, when refused. */
static gboolean
check_type (PsFetchRequest *req)
{
  g_autofree char *wanted = NULL;

  if (req->checked)
    return TRUE;
  req->checked = TRUE;
  if (req->status < 200 || req->status >= 300 || media_type_accepted (req, req->content_type))
    return TRUE;

  wanted = g_strjoinv (", ", req->accept_types);
  set_abort (req, PS_FETCH_ERROR_CONTENT_TYPE,
             g_strdup_printf (_("Could not download %s: %s sent “%s” data instead of %s"),
                              req->url, req->server, req->content_type, wanted));
  return FALSE;
}

static size_t
write_cb (char   *ptr,
          size_t  size,
          size_t  nmemb,
          void   *data)
{
  PsFetchRequest *req = data;
  size_t n = size * nmemb;
  guint64 limit;

  req->last_activity = g_get_monotonic_time ();

  if (!check_type (req))
    return 0;

  /* An error's body is kept up to MAX_ERROR_BODY, for the error. */
  if (req->status < 200 || req->status >= 300)
    {
      if (req->body->len < MAX_ERROR_BODY)
        g_byte_array_append (req->body, (const guint8 *) ptr, MIN (n, MAX_ERROR_BODY - req->body->len));
      return n;
    }

  /* A GByteArray holds at most 4 GiB. */
  limit = req->opts.max_body_size > 0 ? MIN (req->opts.max_body_size, G_MAXUINT) : G_MAXUINT;
  if (req->received + n > limit)
    {
      set_abort (req, PS_FETCH_ERROR_TOO_LARGE, too_large_message (req));
      return 0;
    }

  g_byte_array_append (req->body, (const guint8 *) ptr, n);
  req->received += n;
  post_progress (req);

  return n;
}

static gboolean
header_is (const char *line,
           gsize       len,
           const char *name,
           char      **value)
{
  gsize name_len = strlen (name);

  if (len <= name_len || line[name_len] != ':'
      || g_ascii_strncasecmp (line, name, name_len) != 0)
    return FALSE;

  g_free (*value);
  *value = g_strstrip (g_strndup (line + name_len + 1, len - name_len - 1));
  return TRUE;
}

static size_t
header_cb (char   *buffer,
           size_t  size,
           size_t  nitems,
           void   *data)
{
  PsFetchRequest *req = data;
  gsize len = size * nitems;
  char *scratch = NULL;

  req->last_activity = g_get_monotonic_time ();

  if (len >= 5 && strncmp (buffer, "HTTP/", 5) == 0)
    {
      /* A new response (after a redirect, a 100 Continue…): start over. */
      g_autofree char *line = g_strstrip (g_strndup (buffer, len));
      char *space;

      response_clear (req);
      space = strchr (line, ' ');
      if (space != NULL)
        {
          char *end = NULL;
          guint64 code = g_ascii_strtoull (space + 1, &end, 10);

          req->status = code < 1000 ? (guint) code : 0;
          if (end != NULL && *end == ' ' && end[1] != '\0')
            req->reason = g_strdup (end + 1);
        }
      return len;
    }

  if (header_is (buffer, len, "Content-Type", &req->content_type)
      || header_is (buffer, len, "Last-Modified", &req->last_modified)
      || header_is (buffer, len, "ETag", &req->etag)
      || header_is (buffer, len, "Retry-After", &req->retry_after))
    return len;

  if (header_is (buffer, len, "Content-Encoding", &scratch))
    {
      req->encoded = scratch[0] != '\0' && g_ascii_strcasecmp (scratch, "identity") != 0;
      g_free (scratch);
      return len;
    }

  if (header_is (buffer, len, "Content-Length", &scratch))
    {
      char *end = NULL;
      guint64 value = g_ascii_strtoull (scratch, &end, 10);

      if (end != scratch && *end == '\0' && value <= G_MAXINT64)
        req->content_length = (gint64) value;
      g_free (scratch);
      /* Refused from the announcement, before any body byte. */
      if (req->status >= 200 && req->status < 300 && !req->encoded
          && req->opts.max_body_size > 0 && req->content_length > 0
          && (guint64) req->content_length > req->opts.max_body_size)
        {
          set_abort (req, PS_FETCH_ERROR_TOO_LARGE, too_large_message (req));
          return 0;
        }
      /* One allocation for the whole body, not a realloc per doubling. */
      if (req->status >= 200 && req->status < 300 && !req->encoded && req->content_length > 0
          && req->content_length <= MAX_PREALLOCATION && req->body->len == 0)
        {
          g_byte_array_set_size (req->body, (guint) req->content_length);
          g_byte_array_set_size (req->body, 0);
        }
      if (req->status >= 200 && req->status < 300)
        post_progress (req);
      return len;
    }

  return len;
}

/* Worker: returns FALSE when the request finished at once. */
static gboolean
start_attempt (PsFetcher      *self,
               PsFetchRequest *req)
{
  CURL *easy;

  g_assert (req->easy == NULL);

  req->attempt++;
  req->connected = FALSE;
  response_clear (req);
  req->aborted = FALSE;
  g_clear_pointer (&req->abort_message, g_free);
  req->errbuf[0] = '\0';

  easy = curl_easy_init ();
  if (easy == NULL)
    {
      req->error = g_error_new (PS_FETCH_ERROR, PS_FETCH_ERROR_NETWORK,
                                _("Could not download %s: out of resources"), req->url);
      finish (self, req);
      return FALSE;
    }
  req->easy = easy;

  curl_easy_setopt (easy, CURLOPT_URL, req->url);
  curl_easy_setopt (easy, CURLOPT_PRIVATE, req);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, req->errbuf);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  /* Fewer, larger reads and callbacks for big bodies (the default is 16 KiB) */
  curl_easy_setopt (easy, CURLOPT_BUFFERSIZE, 256L * 1024L);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, req);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, req);
  curl_easy_setopt (easy, CURLOPT_PREREQFUNCTION, prereq_cb);
  curl_easy_setopt (easy, CURLOPT_PREREQDATA, req);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (easy, CURLOPT_MAXREDIRS, (long) MAX_REDIRECTS);
  curl_easy_setopt (easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt (easy, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt (easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (easy, CURLOPT_USERAGENT, self->user_agent);
  curl_easy_setopt (easy, CURLOPT_TCP_KEEPALIVE, 1L);
  if (self->proxy != NULL)
    curl_easy_setopt (easy, CURLOPT_PROXY, self->proxy);
  if (self->ca_file != NULL)
    curl_easy_setopt (easy, CURLOPT_CAINFO, self->ca_file);
  if (req->opts.connect_timeout_ms > 0)
    curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) req->opts.connect_timeout_ms);
  if (req->opts.max_body_size > 0 && req->opts.max_body_size <= G_MAXINT64)
    curl_easy_setopt (easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) req->opts.max_body_size);

  g_clear_pointer (&req->headers, curl_slist_free_all);
  if (req->if_modified_since != NULL)
    {
      g_autofree char *h = g_strdup_printf ("If-Modified-Since: %s", req->if_modified_since);
      req->headers = curl_slist_append (req->headers, h);
    }
  if (req->if_none_match != NULL)
    {
      g_autofree char *h = g_strdup_printf ("If-None-Match: %s", req->if_none_match);
      req->headers = curl_slist_append (req->headers, h);
    }
  for (guint i = 0; req->request_headers != NULL && req->request_headers[i] != NULL; i++)
    req->headers = curl_slist_append (req->headers, req->request_headers[i]);
  if (req->headers != NULL)
    curl_easy_setopt (easy, CURLOPT_HTTPHEADER, req->headers);

  if (curl_multi_add_handle (self->multi, easy) != CURLM_OK)
    {
      req->error = g_error_new (PS_FETCH_ERROR, PS_FETCH_ERROR_NETWORK,
                                _("Could not download %s: out of resources"), req->url);
      finish (self, req);
      return FALSE;
    }
  return TRUE;
}

/* Milliseconds the server asked us to wait, or -1. */
static gint64
retry_after_ms (PsFetchRequest *req)
{
  const char *value = req->retry_after;
  char *end = NULL;
  guint64 seconds;
  time_t when;

  if (value == NULL || *value == '\0')
    return -1;

  if (g_ascii_isdigit (value[0]))
    {
      seconds = g_ascii_strtoull (value, &end, 10);
      if (*end == '\0')
        return seconds > G_MAXINT64 / 1000 ? G_MAXINT64 : (gint64) seconds * 1000;
      return -1;
    }

  when = curl_getdate (value, NULL);
  if (when == -1)
    return -1;
  return MAX (0, ((gint64) when - (gint64) time (NULL)) * 1000);
}

/* Worker: wait, then try again. Returns FALSE when no attempt is left. */
static gboolean
schedule_retry (PsFetcher      *self,
                PsFetchRequest *req,
                GQueue         *waiting)
{
  gint64 delay_ms;
  gint64 asked;

  if (req->attempt > req->opts.max_retries)
    return FALSE;

  asked = retry_after_ms (req);
  if (asked >= 0)
    {
      delay_ms = asked;
    }
  else
    {
      double base = (double) req->opts.retry_base_ms * (double) (1u << MIN (req->attempt - 1, 20u));

      /* "Equal jitter": between half and all of the exponential delay. */
      delay_ms = (gint64) (base * g_random_double_range (0.5, 1.0));
    }
  delay_ms = MIN (delay_ms, (gint64) req->opts.retry_max_ms);

  g_debug ("%s: attempt %u failed (status %u), next in %" G_GINT64_FORMAT " ms",
           req->url, req->attempt, req->status, delay_ms);

  remove_easy (self, req);
  req->due = g_get_monotonic_time () + delay_ms * G_TIME_SPAN_MILLISECOND;
  g_queue_push_tail (waiting, req);
  return TRUE;
}

static char *
attempts_suffix (PsFetchRequest *req)
{
  if (req->attempt <= 1)
    return g_strdup ("");
  return g_strdup_printf (_(" (after %u attempts)"), req->attempt);
}

static void
transfer_done (PsFetcher      *self,
               PsFetchRequest *req,
               CURLcode        code,
               GQueue         *waiting)
{
  g_autofree char *after = NULL;
  const char *detail;
  char *effective_url = NULL;

  curl_easy_getinfo (req->easy, CURLINFO_EFFECTIVE_URL, &effective_url);
  detail = req->errbuf[0] != '\0' ? req->errbuf : curl_easy_strerror (code);

  /* An empty 2xx had no body byte to check its type at. */
  if (code == CURLE_OK && !req->aborted)
    check_type (req);

  if (req->aborted && (code == CURLE_WRITE_ERROR || code == CURLE_OK))
    {
      req->error = g_error_new_literal (PS_FETCH_ERROR, req->abort_code, req->abort_message);
      finish (self, req);
      return;
    }

  switch (code)
    {
    case CURLE_OK:
      if (req->status == 304 || (req->status >= 200 && req->status < 300))
        {
          g_autoptr(GBytes) body = NULL;

          /* libcurl checks this too (CURLE_PARTIAL_FILE); an unencoded body
           * must match its announced length. */
          if (req->status != 304 && !req->encoded && req->content_length >= 0
              && req->received != (guint64) req->content_length)
            {
              req->error = g_error_new (PS_FETCH_ERROR, PS_FETCH_ERROR_TRUNCATED,
                                        _("Could not download %s: the connection to %s closed before the end of the data"),
                                        req->url, req->server);
              finish (self, req);
              return;
            }

          body = g_byte_array_free_to_bytes (g_steal_pointer (&req->body));
          req->body = g_byte_array_new ();
          req->result = ps_fetch_result_new (body, req->status, req->content_type,
                                             req->status == 304 && req->last_modified == NULL
                                               ? req->if_modified_since : req->last_modified,
                                             req->status == 304 && req->etag == NULL
                                               ? req->if_none_match : req->etag,
                                             effective_url != NULL ? effective_url : req->url);
          finish (self, req);
          return;
        }
      if ((req->status == 429 || req->status >= 500) && schedule_retry (self, req, waiting))
        return;
      after = attempts_suffix (req);
      req->error = g_error_new (PS_FETCH_ERROR, PS_FETCH_ERROR_HTTP,
                                _("Could not download %s: %s answered HTTP %u%s%s%s"),
                                req->url, req->server, req->status,
                                req->reason != NULL ? " " : "",
                                req->reason != NULL ? req->reason : "",
                                after);
      {
        PsFetchErrorPrivate *priv = ps_fetch_error_get_private (req->error);

        priv->status = req->status;
        if (req->body->len > 0)
          priv->body = g_bytes_new (req->body->data, req->body->len);
      }
      finish (self, req);
      return;

    case CURLE_PARTIAL_FILE:
      req->error = g_error_new (PS_FETCH_ERROR, PS_FETCH_ERROR_TRUNCATED,
                                _("Could not download %s: the connection to %s closed before the end of the data"),
                                req->url, req->server);
      break;

    case CURLE_FILESIZE_EXCEEDED:
      {
        g_autofree char *message = too_large_message (req);

        req->error = g_error_new_literal (PS_FETCH_ERROR, PS_FETCH_ERROR_TOO_LARGE, message);
      }
      break;

    case CURLE_TOO_MANY_REDIRECTS:
      req->error = g_error_new (PS_FETCH_ERROR, PS_FETCH_ERROR_TOO_MANY_REDIRECTS,
                                _("Could not download %s: %s redirected it more than %d times"),
                                req->url, req->server, MAX_REDIRECTS);
      break;

    case CURLE_OPERATION_TIMEDOUT:
      /* Only the connection has a libcurl timeout (the stall one is ours). */
      if (schedule_retry (self, req, waiting))
        return;
      after = attempts_suffix (req);
      req->error = g_error_new (PS_FETCH_ERROR, PS_FETCH_ERROR_TIMEOUT,
                                _("Could not download %s: %s did not answer within %.1f s%s"),
                                req->url, req->server,
                                req->opts.connect_timeout_ms / 1000.0, after);
      break;

    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      if (schedule_retry (self, req, waiting))
        return;
      after = attempts_suffix (req);
      req->error = g_error_new (PS_FETCH_ERROR, PS_FETCH_ERROR_NETWORK,
                                _("Could not download %s: no working connection to %s (%s)%s"),
                                req->url, req->server, detail, after);
      break;

    default:
      req->error = g_error_new (PS_FETCH_ERROR, PS_FETCH_ERROR_NETWORK,
                                _("Could not download %s from %s: %s"),
                                req->url, req->server, detail);
      break;
    }

  finish (self, req);
}

static void
cancel_request (PsFetcher      *self,
                PsFetchRequest *req,
                GQueue         *waiting,
                GQueue         *active)
{
  if (req->completed)
    return;
  if (g_queue_remove (waiting, req) || g_queue_remove (active, req))
    finish_cancelled (self, req);
}

/* Worker: ends the transfers that received nothing for their stall timeout;
 * lowers *timeout_ms to wake up for the next deadline. */
static void
check_stalls (PsFetcher *self,
              GQueue    *active,
              int       *timeout_ms)
{
  gint64 now = g_get_monotonic_time ();

  for (GList *l = active->head; l != NULL;)
    {
      GList *next = l->next;
      PsFetchRequest *req = l->data;
      gint64 deadline;

      l = next;
      if (!req->connected || req->opts.stall_timeout_ms == 0)
        continue;

      deadline = req->last_activity + (gint64) req->opts.stall_timeout_ms * G_TIME_SPAN_MILLISECOND;
      if (now >= deadline)
        {
          g_queue_remove (active, req);
          req->error = g_error_new (PS_FETCH_ERROR, PS_FETCH_ERROR_TIMEOUT,
                                    _("Could not download %s: %s sent nothing for %.1f s"),
                                    req->url, req->server, req->opts.stall_timeout_ms / 1000.0);
          finish (self, req);
        }
      else
        {
          *timeout_ms = (int) MIN ((gint64) *timeout_ms, (deadline - now + 999) / 1000);
        }
    }
}

static gpointer
worker_main (gpointer data)
{
  PsFetcher *self = data;
  GQueue active = G_QUEUE_INIT;   /* in the multi handle; the worker's refs */
  GQueue waiting = G_QUEUE_INIT;  /* waiting to retry; the worker's refs */

  for (;;)
    {
      GQueue incoming = G_QUEUE_INIT;
      GQueue cancels = G_QUEUE_INIT;
      PsFetchRequest *req;
      gboolean quit;
      CURLMsg *msg;
      char *priv;
      int running = 0;
      int left = 0;
      int timeout_ms = 1000;
      gint64 now;

      g_mutex_lock (&self->lock);
      incoming = self->incoming;
      g_queue_init (&self->incoming);
      cancels = self->cancels;
      g_queue_init (&self->cancels);
      quit = self->quit;
      g_mutex_unlock (&self->lock);

      while ((req = g_queue_pop_head (&incoming)) != NULL)
        {
          if (quit || (req->cancellable != NULL && g_cancellable_is_cancelled (req->cancellable)))
            {
              finish_cancelled (self, req);
              continue;
            }
          if (start_attempt (self, req))
            g_queue_push_tail (&active, req);
        }

      while ((req = g_queue_pop_head (&cancels)) != NULL)
        {
          cancel_request (self, req, &waiting, &active);
          request_unref (req);
        }

      if (quit)
        {
          while ((req = g_queue_pop_head (&active)) != NULL)
            finish_cancelled (self, req);
          while ((req = g_queue_pop_head (&waiting)) != NULL)
            finish_cancelled (self, req);
          break;
        }

      curl_multi_perform (self->multi, &running);
      while ((msg = curl_multi_info_read (self->multi, &left)) != NULL)
        {
          if (msg->msg != CURLMSG_DONE)
            continue;
          priv = NULL;
          curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, &priv);
          req = (PsFetchRequest *) (gpointer) priv;
          g_assert (req != NULL);
          g_queue_remove (&active, req);
          /* msg is invalid once the handle is removed: read it first. */
          transfer_done (self, req, msg->data.result, &waiting);
        }

      check_stalls (self, &active, &timeout_ms);

      now = g_get_monotonic_time ();
      for (GList *l = waiting.head; l != NULL;)
        {
          GList *next = l->next;

          req = l->data;
          if (req->due <= now)
            {
              g_queue_delete_link (&waiting, l);
              if (start_attempt (self, req))
                g_queue_push_tail (&active, req);
              timeout_ms = 0;
            }
          else
            {
              timeout_ms = (int) MIN ((gint64) timeout_ms, (req->due - now + 999) / 1000);
            }
          l = next;
        }

      curl_multi_poll (self->multi, NULL, 0, timeout_ms, NULL);
    }

  return NULL;
}

/* -- cancellation --------------------------------------------------------- */

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  PsFetchRequest *req = data;
  PsFetcher *self = req->fetcher;

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->cancels, request_ref (req));
  g_mutex_unlock (&self->lock);
  curl_multi_wakeup (self->multi);
}

/* -- GObject -------------------------------------------------------------- */

static void
ps_fetcher_constructed (GObject *object)
{
  PsFetcher *self = PS_FETCHER (object);

  G_OBJECT_CLASS (ps_fetcher_parent_class)->constructed (object);

  self->multi = curl_multi_init ();
  g_assert (self->multi != NULL);
  curl_multi_setopt (self->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long) self->max_host_connections);
  curl_multi_setopt (self->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long) self->max_connections);
  curl_multi_setopt (self->multi, CURLMOPT_MAXCONNECTS, (long) self->max_connections);
  curl_multi_setopt (self->multi, CURLMOPT_PIPELINING, (long) CURLPIPE_MULTIPLEX);

  self->thread = g_thread_new ("ps-fetcher", worker_main, self);
}

static void
ps_fetcher_dispose (GObject *object)
{
  PsFetcher *self = PS_FETCHER (object);

  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->quit = TRUE;
      g_mutex_unlock (&self->lock);
      curl_multi_wakeup (self->multi);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  G_OBJECT_CLASS (ps_fetcher_parent_class)->dispose (object);
}

static void
ps_fetcher_finalize (GObject *object)
{
  PsFetcher *self = PS_FETCHER (object);

  g_assert (g_queue_is_empty (&self->incoming));
  g_queue_clear_full (&self->cancels, request_unref);
  g_clear_pointer (&self->multi, curl_multi_cleanup);
  g_free (self->proxy);
  g_free (self->ca_file);
  g_free (self->user_agent);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ps_fetcher_parent_class)->finalize (object);
}

static void
ps_fetcher_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PsFetcher *self = PS_FETCHER (object);

  switch (prop_id)
    {
    case PROP_PROXY:
      g_value_set_string (value, self->proxy);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_MAX_HOST_CONNECTIONS:
      g_value_set_uint (value, self->max_host_connections);
      break;
    case PROP_MAX_CONNECTIONS:
      g_value_set_uint (value, self->max_connections);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_fetcher_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PsFetcher *self = PS_FETCHER (object);

  switch (prop_id)
    {
    case PROP_PROXY:
      g_free (self->proxy);
      self->proxy = g_value_dup_string (value);
      if (self->proxy != NULL && self->proxy[0] == '\0')
        g_clear_pointer (&self->proxy, g_free);
      break;
    case PROP_CA_FILE:
      g_free (self->ca_file);
      self->ca_file = g_value_dup_string (value);
      if (self->ca_file != NULL && self->ca_file[0] == '\0')
        g_clear_pointer (&self->ca_file, g_free);
      break;
    case PROP_MAX_HOST_CONNECTIONS:
      self->max_host_connections = g_value_get_uint (value);
      break;
    case PROP_MAX_CONNECTIONS:
      self->max_connections = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_fetcher_class_init (PsFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* Before any thread uses libcurl; class_init runs once. */
  curl_global_init (CURL_GLOBAL_DEFAULT);

  object_class->constructed = ps_fetcher_constructed;
  object_class->dispose = ps_fetcher_dispose;
  object_class->finalize = ps_fetcher_finalize;
  object_class->get_property = ps_fetcher_get_property;
  object_class->set_property = ps_fetcher_set_property;

  /**
   * PsFetcher:proxy:
   *
   * A proxy URL ("http://host:3128", "socks5h://host") for every request;
   * %NULL uses the environment (http_proxy, https_proxy, no_proxy).
   */
  properties[PROP_PROXY] =
    g_param_spec_string ("proxy", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * PsFetcher:ca-file:
   *
   * A PEM file of the certificate authorities to trust instead of the
   * system's (a site whose proxy re-signs TLS, a test server); %NULL:
   * the system's. Certificates are always verified, host names too.
   */
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * PsFetcher:max-host-connections:
   *
   * Parallel connections to one host; more transfers wait their turn.
   */
  properties[PROP_MAX_HOST_CONNECTIONS] =
    g_param_spec_uint ("max-host-connections", NULL, NULL, 1, 64, 4,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * PsFetcher:max-connections:
   *
   * Parallel connections in all.
   */
  properties[PROP_MAX_CONNECTIONS] =
    g_param_spec_uint ("max-connections", NULL, NULL, 1, 256, 16,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_fetcher_init (PsFetcher *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->incoming);
  g_queue_init (&self->cancels);
  self->max_host_connections = 4;
  self->max_connections = 16;
  self->user_agent = ps_fetcher_get_user_agent ();
  ps_fetch_options_init (&self->defaults);
}

/**
 * ps_fetcher_new:
 *
 * Returns: (transfer full): a fetcher with the default limits and the
 * environment's proxy. Use g_object_new() for the properties.
 */
PsFetcher *
ps_fetcher_new (void)
{
  return g_object_new (PS_TYPE_FETCHER, NULL);
}

/**
 * ps_fetcher_init_options:
 *
 * Sets @opts to this fetcher's defaults: ps_fetch_options_init()'s, with
 * the timeouts, retries and size bound of ps_fetcher_set_defaults().
 * Providers start their requests' options from here, so that the
 * application (or a test) sets the policy in one place.
 */
void
ps_fetcher_init_options (PsFetcher      *self,
                         PsFetchOptions *opts)
{
  g_return_if_fail (PS_IS_FETCHER (self));
  g_return_if_fail (opts != NULL);

  ps_fetch_options_init (opts);
  g_mutex_lock (&self->lock);
  opts->connect_timeout_ms = self->defaults.connect_timeout_ms;
  opts->stall_timeout_ms = self->defaults.stall_timeout_ms;
  opts->max_retries = self->defaults.max_retries;
  opts->retry_base_ms = self->defaults.retry_base_ms;
  opts->retry_max_ms = self->defaults.retry_max_ms;
  opts->max_body_size = self->defaults.max_body_size;
  g_mutex_unlock (&self->lock);
}

/**
 * ps_fetcher_set_defaults:
 * @defaults: the timeouts, retries and max_body_size to use (the other
 *   fields are ignored)
 *
 * Changes what ps_fetcher_init_options() gives, for later requests.
 */
void
ps_fetcher_set_defaults (PsFetcher            *self,
                         const PsFetchOptions *defaults)
{
  g_return_if_fail (PS_IS_FETCHER (self));
  g_return_if_fail (defaults != NULL);

  g_mutex_lock (&self->lock);
  self->defaults.connect_timeout_ms = defaults->connect_timeout_ms;
  self->defaults.stall_timeout_ms = defaults->stall_timeout_ms;
  self->defaults.max_retries = defaults->max_retries;
  self->defaults.retry_base_ms = defaults->retry_base_ms;
  self->defaults.retry_max_ms = defaults->retry_max_ms;
  self->defaults.max_body_size = defaults->max_body_size;
  g_mutex_unlock (&self->lock);
}

/**
 * ps_fetcher_get_user_agent:
 *
 * Returns: (transfer full): the User-Agent sent with every request
 */
char *
ps_fetcher_get_user_agent (void)
{
  return g_strdup ("Plasmascope/" PACKAGE_VERSION " (+https://plasmascope.org)");
}

const char *
ps_fetcher_get_proxy (PsFetcher *self)
{
  g_return_val_if_fail (PS_IS_FETCHER (self), NULL);
  return self->proxy;
}

guint
ps_fetcher_get_max_host_connections (PsFetcher *self)
{
  g_return_val_if_fail (PS_IS_FETCHER (self), 0);
  return self->max_host_connections;
}

guint
ps_fetcher_get_max_connections (PsFetcher *self)
{
  g_return_val_if_fail (PS_IS_FETCHER (self), 0);
  return self->max_connections;
}

/**
 * ps_fetcher_get_async:
 * @self: a fetcher
 * @url: an http:// or https:// URL
 * @opts: (nullable): options, copied; %NULL for the defaults
 * @cancellable: (nullable): aborts the transfer (G_IO_ERROR_CANCELLED)
 * @progress: (nullable) (scope notified): called on this thread's main
 *   context while the body arrives; @progress_data must live until @callback
 * @callback: called on this thread's thread-default main context
 *
 * Downloads @url into memory. Finish with ps_fetcher_get_finish().
 */
void
ps_fetcher_get_async (PsFetcher            *self,
                      const char           *url,
                      const PsFetchOptions *opts,
                      GCancellable         *cancellable,
                      PsFetchProgressFunc   progress,
                      gpointer              progress_data,
                      GAsyncReadyCallback   callback,
                      gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  PsFetchOptions defaults;
  PsFetchRequest *req;
  gint port = -1;

  g_return_if_fail (PS_IS_FETCHER (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_fetcher_get_async);

  if (!g_uri_split_network (url, G_URI_FLAGS_NONE, &scheme, &host, &port, &error)
      || scheme == NULL || host == NULL
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_task_return_new_error (task, PS_FETCH_ERROR, PS_FETCH_ERROR_NETWORK,
                               _("Could not download %s: it is not an http or https address"),
                               url);
      return;
    }

  if (opts == NULL)
    {
      ps_fetcher_init_options (self, &defaults);
      opts = &defaults;
    }

  req = g_new0 (PsFetchRequest, 1);
  g_atomic_ref_count_init (&req->ref_count);
  g_mutex_init (&req->progress_lock);
  req->fetcher = self;
  req->url = g_strdup (url);
  req->server = port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);
  req->opts = *opts;
  req->accept_types = opts->accept_types != NULL ? g_strdupv ((char **) opts->accept_types) : NULL;
  req->if_modified_since = g_strdup (opts->if_modified_since);
  req->if_none_match = g_strdup (opts->if_none_match);
  req->request_headers = opts->headers != NULL ? g_strdupv ((char **) opts->headers) : NULL;
  req->opts.headers = NULL;
  req->opts.accept_types = NULL;
  req->opts.if_modified_since = NULL;
  req->opts.if_none_match = NULL;
  req->progress = progress;
  req->progress_data = progress_data;
  req->context = g_main_context_ref_thread_default ();
  req->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  req->task = g_steal_pointer (&task);
  req->body = g_byte_array_new ();
  req->content_length = -1;
  req->last_progress_post = G_MININT64 / 2;

  g_mutex_lock (&self->lock);
  if (self->quit)
    {
      /* Disposed: nobody will take it. */
      g_mutex_unlock (&self->lock);
      task = g_steal_pointer (&req->task);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The download of %s was cancelled"), url);
      request_unref (req);
      return;
    }
  g_queue_push_tail (&self->incoming, request_ref (req));
  g_mutex_unlock (&self->lock);
  curl_multi_wakeup (self->multi);

  if (cancellable != NULL)
    req->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                            request_ref (req), request_unref);

  request_unref (req);
}

/**
 * ps_fetcher_get_finish:
 *
 * Returns: (transfer full): the result (a 2xx, or a 304 when the options'
 * validators matched), or %NULL with @error set: PS_FETCH_ERROR, or
 * G_IO_ERROR_CANCELLED
 */
PsFetchResult *
ps_fetcher_get_finish (PsFetcher     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (PS_IS_FETCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ps_fetcher_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
