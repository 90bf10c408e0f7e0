/* ps-hapi-info-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For ps-hapi-data.c, which parses `format=json` bodies with cJSON once and
 * reads the info out of the same tree.
 */
#pragma once

#include <cjson/cJSON.h>

#include "ps-hapi-info.h"

G_BEGIN_DECLS

PsHapiInfo *_ps_hapi_info_from_json (const cJSON  *root,
                                     const char   *dataset,
                                     GError      **error);

/* ps_time_parse_iso(), plus the date-only forms with a "Z" that HAPI uses
 * ("1970-01-01Z", "1998-001Z"). */
gboolean    _ps_hapi_parse_time     (const char   *text,
                                     PsTime       *out,
                                     GError      **error);

G_END_DECLS
