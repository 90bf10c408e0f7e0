/* ps-hapi-meta.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HAPI metadata a provider needs beyond ps-hapi-info.h: the
 * `capabilities` response (version, output formats, catalog depths), a
 * dataset as the provider keeps it (its info, plus the `modificationDate`
 * and `maxRequestDuration` of HAPI 3.2 and the cadence as a duration), the
 * `catalog?depth=all` response of HAPI 3.2 (every dataset with its info,
 * in one request), and ISO 8601 durations ("PT1M", "P1DT12H", "PT0.5S").
 *
 * Pure parsing of bytes already received, like ps-hapi-info.c: errors are
 * PS_HAPI_ERROR.
 */
#pragma once

#include <glib.h>

#include "ps-hapi-data.h"
#include "ps-hapi-info.h"

G_BEGIN_DECLS

#define PS_HAPI_FORMAT_MASK(format) (1u << (format))

typedef struct
{
  char     *version;    /* "3.3", or NULL when the server did not say */
  guint     formats;    /* PS_HAPI_FORMAT_MASK() of the formats offered */
  gboolean  depth_all;  /* catalog?depth=all is offered */
} PsHapiCapabilities;

typedef struct
{
  char       *id;
  char       *title;                /* or NULL */
  PsHapiInfo *info;                 /* or NULL, with error */
  char       *error;                /* why there is no info, or NULL */
  char       *modification_date;    /* as written, or NULL */
  PsTime      max_request_duration; /* 0: not given or not understood */
  PsTime      cadence;              /* 0: not given or not understood */
} PsHapiDataset;

gboolean       ps_hapi_capabilities_parse       (const char                *text,
                                                 gsize                      length,
                                                 PsHapiCapabilities        *out,
                                                 GError                   **error);
void           ps_hapi_capabilities_clear       (PsHapiCapabilities        *self);
gboolean       ps_hapi_capabilities_pick_format (const PsHapiCapabilities  *self,
                                                 PsHapiFormat              *format);

PsHapiDataset *ps_hapi_dataset_new              (const char                *id,
                                                 const char                *title);
PsHapiDataset *ps_hapi_dataset_parse_info       (const char                *id,
                                                 const char                *text,
                                                 gsize                      length,
                                                 GError                   **error);
PsHapiDataset *ps_hapi_dataset_ref              (PsHapiDataset             *self);
void           ps_hapi_dataset_unref            (PsHapiDataset             *self);

GPtrArray     *ps_hapi_catalog_all_parse        (const char                *text,
                                                 gsize                      length,
                                                 GError                   **error);

gboolean       ps_hapi_parse_duration           (const char                *text,
                                                 PsTime                    *out);
gboolean       ps_hapi_version_at_least         (const char                *version,
                                                 int                        major,
                                                 int                        minor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsHapiDataset, ps_hapi_dataset_unref)

G_END_DECLS
