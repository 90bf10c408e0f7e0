/* ps-fetch-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ps-fetch"

#include "config.h"

#include "ps-fetch-result.h"

struct _PsFetchResult
{
  gatomicrefcount  ref_count;
  GBytes          *body;           /* never NULL; empty for 304 */
  guint            status;
  char            *content_type;   /* as sent, parameters included; may be NULL */
  char            *last_modified;  /* may be NULL */
  char            *etag;           /* may be NULL */
  char            *url;            /* after redirects */
};

G_DEFINE_BOXED_TYPE (PsFetchResult, ps_fetch_result, ps_fetch_result_ref, ps_fetch_result_unref)

/**
 * ps_fetch_result_new:
 * @body: (nullable): the body; %NULL means empty
 *
 * Returns: (transfer full): a new result
 */
PsFetchResult *
ps_fetch_result_new (GBytes     *body,
                     guint       status,
                     const char *content_type,
                     const char *last_modified,
                     const char *etag,
                     const char *url)
{
  PsFetchResult *self = g_new0 (PsFetchResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->body = body != NULL ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  self->status = status;
  self->content_type = g_strdup (content_type);
  self->last_modified = g_strdup (last_modified);
  self->etag = g_strdup (etag);
  self->url = g_strdup (url);

  return self;
}

PsFetchResult *
ps_fetch_result_ref (PsFetchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ps_fetch_result_unref (PsFetchResult *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_bytes_unref (self->body);
  g_free (self->content_type);
  g_free (self->last_modified);
  g_free (self->etag);
  g_free (self->url);
  g_free (self);
}

/**
 * ps_fetch_result_get_body:
 *
 * Returns: (transfer none): the body, decoded (gzip/deflate removed); empty
 * for a 304
 */
GBytes *
ps_fetch_result_get_body (PsFetchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->body;
}

guint
ps_fetch_result_get_status (PsFetchResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->status;
}

/**
 * ps_fetch_result_is_not_modified:
 *
 * Returns: %TRUE when the server answered 304 Not Modified to the
 * If-None-Match / If-Modified-Since of the request: the cached copy is
 * still good and the body is empty
 */
gboolean
ps_fetch_result_is_not_modified (PsFetchResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->status == 304;
}

const char *
ps_fetch_result_get_content_type (PsFetchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->content_type;
}

const char *
ps_fetch_result_get_last_modified (PsFetchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->last_modified;
}

const char *
ps_fetch_result_get_etag (PsFetchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->etag;
}

const char *
ps_fetch_result_get_url (PsFetchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}
