/* ps-fetch-result.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsFetchResult: what one successful download gave (PsFetcher): the body,
 * the HTTP status (200…, or 304 when the request's validators matched),
 * and the response headers a cache needs. Immutable and refcounted: safe
 * to share between threads.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PS_TYPE_FETCH_RESULT (ps_fetch_result_get_type ())

typedef struct _PsFetchResult PsFetchResult;

GType          ps_fetch_result_get_type          (void) G_GNUC_CONST;

PsFetchResult *ps_fetch_result_new               (GBytes        *body,
                                                  guint          status,
                                                  const char    *content_type,
                                                  const char    *last_modified,
                                                  const char    *etag,
                                                  const char    *url);
PsFetchResult *ps_fetch_result_ref               (PsFetchResult *self);
void           ps_fetch_result_unref             (PsFetchResult *self);

GBytes        *ps_fetch_result_get_body          (PsFetchResult *self);
guint          ps_fetch_result_get_status        (PsFetchResult *self);
gboolean       ps_fetch_result_is_not_modified   (PsFetchResult *self);
const char    *ps_fetch_result_get_content_type  (PsFetchResult *self);
const char    *ps_fetch_result_get_last_modified (PsFetchResult *self);
const char    *ps_fetch_result_get_etag          (PsFetchResult *self);
const char    *ps_fetch_result_get_url           (PsFetchResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsFetchResult, ps_fetch_result_unref)

G_END_DECLS
