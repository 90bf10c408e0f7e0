/* ps-hapi-data.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HAPI `data` responses, in the three formats of the specification, into
 * one PsSeries per non-time parameter:
 *  - csv: one record per line, arrays flattened row-major;
 *  - binary: fixed-size records, isotime and string as fixed-length ASCII
 *    (NUL padded), double 8 bytes and integer 4 bytes, little-endian;
 *  - json: the info object plus "data": [[time, value, [array…], …], …].
 * With include=header, csv and binary bodies start with the info as JSON on
 * lines prefixed by "#", and that header describes the columns; otherwise
 * the info comes from the caller (the `info` response), restricted to the
 * parameters the request asked for.
 *
 * A push parser: feed the body as it arrives, in chunks of any size, then
 * finish. CSV lines and binary records are decoded as soon as they are
 * complete, so memory stays proportional to the decoded data. Input that
 * does not follow the format (truncated records, wrong column counts,
 * garbage, times going back) is a PS_HAPI_ERROR_INVALID error naming the
 * record; a status 1201 in the header gives empty series.
 *
 * String parameters (and isotime parameters after the first) have no
 * numeric values and give no series. A parameter whose bins name other
 * parameters (HAPI 3 time-varying bins) gets them as time-varying bins
 * when those parameters are in the response.
 */
#pragma once

#include <glib.h>

#include "ps-hapi-info.h"
#include "ps-series.h"

G_BEGIN_DECLS

typedef enum
{
  PS_HAPI_FORMAT_CSV,
  PS_HAPI_FORMAT_BINARY,
  PS_HAPI_FORMAT_JSON,
} PsHapiFormat;

typedef struct _PsHapiDataParser PsHapiDataParser;

/* @info (nullable): the dataset's info, needed when the body has no header.
 * @parameters (nullable): the parameters the request named, in any order
 * (the response has them in info order); %NULL or empty for all.
 * @dataset (nullable): named in error messages. */
PsHapiDataParser *ps_hapi_data_parser_new       (PsHapiFormat         format,
                                                 PsHapiInfo          *info,
                                                 const char * const  *parameters,
                                                 const char          *dataset);
void              ps_hapi_data_parser_free      (PsHapiDataParser    *self);

/* Once a call failed, later ones fail with the same error. */
gboolean          ps_hapi_data_parser_feed      (PsHapiDataParser    *self,
                                                 const guint8        *data,
                                                 gsize                length,
                                                 GError             **error);
gboolean          ps_hapi_data_parser_feed_bytes (PsHapiDataParser   *self,
                                                 GBytes              *chunk,
                                                 GError             **error);

/* Returns: (transfer full) (element-type PsSeries): one series per numeric
 * parameter, in response order, or %NULL with @error. */
GPtrArray        *ps_hapi_data_parser_finish    (PsHapiDataParser    *self,
                                                 GError             **error);

/* The info the columns come from (the header's when there is one), once
 * known; %NULL before. (transfer none) */
PsHapiInfo       *ps_hapi_data_parser_get_info  (PsHapiDataParser    *self);
/* Records decoded so far. */
gsize             ps_hapi_data_parser_get_n_records (PsHapiDataParser *self);

/* The whole body at once. */
GPtrArray        *ps_hapi_data_parse            (PsHapiFormat         format,
                                                 PsHapiInfo          *info,
                                                 const char * const  *parameters,
                                                 const char          *dataset,
                                                 GBytes              *body,
                                                 GError             **error);

gboolean          ps_hapi_format_from_string    (const char          *text,
                                                 PsHapiFormat        *format);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsHapiDataParser, ps_hapi_data_parser_free)

G_END_DECLS
