/* ps-fetcher.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsFetcher: HTTP(S) downloads for the providers. One libcurl multi handle
 * driven by one worker thread (DESIGN.md, "Threads"): connections are
 * reused, HTTP/2 is used where offered, gzip/deflate are decoded, at most 5
 * redirects are followed, TLS is always verified, the proxy comes from the
 * environment (or the "proxy" property). Failed attempts are retried with
 * exponential backoff and jitter for 429, 5xx and connection failures only,
 * honouring Retry-After. Calls are made from one thread with a main context
 * (normally the main thread): results and progress come back on the
 * GMainContext that was thread-default when the call was made.
 */
#pragma once

#include <gio/gio.h>

#include "ps-fetch-result.h"

G_BEGIN_DECLS

#define PS_FETCH_ERROR (ps_fetch_error_quark ())

/* Cancellation is G_IO_ERROR_CANCELLED, not one of these. */
typedef enum
{
  PS_FETCH_ERROR_NETWORK,            /* no connection, DNS, TLS, reset… */
  PS_FETCH_ERROR_TIMEOUT,            /* connect timeout, or no byte for the stall timeout */
  PS_FETCH_ERROR_HTTP,               /* a status other than 2xx/304; the message has it */
  PS_FETCH_ERROR_TOO_LARGE,          /* the body is larger than max_body_size */
  PS_FETCH_ERROR_TRUNCATED,          /* the connection closed before the end of the body */
  PS_FETCH_ERROR_CONTENT_TYPE,       /* not one of accept_types */
  PS_FETCH_ERROR_TOO_MANY_REDIRECTS, /* more than 5 redirects */
} PsFetchError;

/* Per-request options. Fill with ps_fetch_options_init() (the defaults),
 * then change what you need; passing NULL means the defaults. The fetcher
 * copies what it needs: the struct and its strings may be freed after the
 * call. */
typedef struct
{
  guint               connect_timeout_ms;  /* default 15000 */
  guint               stall_timeout_ms;    /* connected, and no byte received for this
                                            * long: TIMEOUT (never retried); default 30000;
                                            * 0: none */
  guint               max_retries;         /* attempts after the first; default 3 */
  guint               retry_base_ms;       /* first backoff (then doubled, with jitter); default 1000 */
  guint               retry_max_ms;        /* cap on any wait, Retry-After included; default 30000 */
  guint64             max_body_size;       /* bytes, decoded; 0: unlimited (the default) */
  const char * const *accept_types;        /* NULL-terminated media types ("application/json";
                                            * a "*" subtype matches any); a 2xx with another Content-Type is a
                                            * CONTENT_TYPE error (none sent: accepted).
                                            * NULL (the default): anything */
  const char         *if_modified_since;   /* an HTTP date (a cached Last-Modified) or NULL */
  const char         *if_none_match;       /* a cached ETag or NULL */
  const char * const *headers;             /* NULL-terminated "Name: value" request
                                            * headers ("Accept: application/json"), or NULL */
} PsFetchOptions;

/* @received: body bytes so far (decoded); @total: the final size when known
 * (Content-Length of an unencoded body), else -1. Called on the caller's main
 * context, at most every 50 ms, never decreasing, the last call (on success)
 * with @received equal to the body's size, and never after the completion
 * callback. */
typedef void (*PsFetchProgressFunc) (guint64  received,
                                     gint64   total,
                                     gpointer user_data);

#define PS_TYPE_FETCHER (ps_fetcher_get_type ())

G_DECLARE_FINAL_TYPE (PsFetcher, ps_fetcher, PS, FETCHER, GObject)

GQuark         ps_fetch_error_quark        (void);
guint          ps_fetch_error_get_status   (const GError          *error);
GBytes        *ps_fetch_error_get_body     (const GError          *error);

void           ps_fetch_options_init       (PsFetchOptions        *opts);

PsFetcher     *ps_fetcher_new              (void);

const char    *ps_fetcher_get_proxy        (PsFetcher             *self);
guint          ps_fetcher_get_max_host_connections (PsFetcher     *self);
guint          ps_fetcher_get_max_connections (PsFetcher          *self);
char          *ps_fetcher_get_user_agent   (void);
void           ps_fetcher_init_options     (PsFetcher             *self,
                                            PsFetchOptions        *opts);
void           ps_fetcher_set_defaults     (PsFetcher             *self,
                                            const PsFetchOptions  *defaults);

void           ps_fetcher_get_async        (PsFetcher             *self,
                                            const char            *url,
                                            const PsFetchOptions  *opts,
                                            GCancellable          *cancellable,
                                            PsFetchProgressFunc    progress,
                                            gpointer               progress_data,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
PsFetchResult *ps_fetcher_get_finish       (PsFetcher             *self,
                                            GAsyncResult          *result,
                                            GError               **error);

G_END_DECLS
