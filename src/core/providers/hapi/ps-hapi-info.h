/* ps-hapi-info.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The metadata side of HAPI (https://github.com/hapi-server/data-specification),
 * versions 2.x and 3.x: the `info` response (a dataset and its parameters),
 * the `catalog` response (dataset ids and titles) and the `status` object
 * every response carries, mapped to PS_HAPI_ERROR errors.
 *
 * Everything here is pure parsing of bytes already received: no network.
 */
#pragma once

#include <glib.h>

#include "ps-time.h"

G_BEGIN_DECLS

#define PS_HAPI_ERROR (ps_hapi_error_quark ())

/* The codes 1201…1599 are the HAPI status codes themselves; a status code
 * this enum does not name becomes PS_HAPI_ERROR_BAD_REQUEST (14xx),
 * PS_HAPI_ERROR_SERVER (15xx) or PS_HAPI_ERROR_UNKNOWN_STATUS. */
typedef enum
{
  PS_HAPI_ERROR_INVALID = 1,           /* the response is malformed */
  PS_HAPI_ERROR_UNKNOWN_STATUS = 2,    /* a status code outside 1200…1599 */
  PS_HAPI_ERROR_NO_DATA = 1201,        /* OK, but no data in the time range:
                                        * an empty series, not a failure */
  PS_HAPI_ERROR_BAD_REQUEST = 1400,    /* user input error, and other 14xx */
  PS_HAPI_ERROR_UNKNOWN_API_PARAMETER = 1401,
  PS_HAPI_ERROR_BAD_START = 1402,
  PS_HAPI_ERROR_BAD_STOP = 1403,
  PS_HAPI_ERROR_START_NOT_BEFORE_STOP = 1404,
  PS_HAPI_ERROR_OUTSIDE_COVERAGE = 1405,
  PS_HAPI_ERROR_UNKNOWN_DATASET = 1406,
  PS_HAPI_ERROR_UNKNOWN_PARAMETER = 1407,
  PS_HAPI_ERROR_TOO_MUCH_DATA = 1408,  /* split the request and retry */
  PS_HAPI_ERROR_UNSUPPORTED_FORMAT = 1409,
  PS_HAPI_ERROR_UNSUPPORTED_INCLUDE = 1410,
  PS_HAPI_ERROR_PARAMETER_ORDER = 1411,
  PS_HAPI_ERROR_UNSUPPORTED_RESOLVE_REFERENCES = 1412,
  PS_HAPI_ERROR_UNSUPPORTED_DEPTH = 1413,
  PS_HAPI_ERROR_SERVER = 1500,         /* internal server error, and other 15xx */
  PS_HAPI_ERROR_UPSTREAM = 1501,
} PsHapiError;

typedef enum
{
  PS_HAPI_TYPE_ISOTIME,
  PS_HAPI_TYPE_DOUBLE,
  PS_HAPI_TYPE_INTEGER,
  PS_HAPI_TYPE_STRING,
} PsHapiType;

/* Limits, so that a hostile response cannot ask for huge allocations. */
#define PS_HAPI_MAX_DIMS       8
#define PS_HAPI_MAX_COMPONENTS (1u << 16) /* product of size, per parameter:
                                          * each component gets a label */
#define PS_HAPI_MAX_LENGTH     (1u << 16) /* isotime and string lengths */

/* One dimension's bins. Centers and ranges are either numbers given in the
 * info (constant) or, in HAPI 3, the name of another parameter whose values
 * are the time-varying centers (size [k]) or ranges (size [k, 2]). */
typedef struct
{
  char    *name;
  char    *units;             /* or NULL */
  char    *label;             /* or NULL */
  double  *centers;           /* n_centers numbers (null → NaN), or NULL */
  guint    n_centers;
  double  *ranges;            /* 2 × n_ranges numbers, or NULL */
  guint    n_ranges;
  char    *centers_parameter; /* HAPI 3 time-varying centers, or NULL */
  char    *ranges_parameter;  /* HAPI 3 time-varying ranges, or NULL */
} PsHapiBins;

typedef struct
{
  char        *name;
  PsHapiType   type;
  guint        length;       /* bytes, isotime and string only; else 0 */
  guint        n_dims;       /* 0 for a scalar */
  guint        size[PS_HAPI_MAX_DIMS];
  guint        m;            /* product of size (1 for a scalar) */
  char        *units;        /* one string for every component, or NULL */
  char       **units_array;  /* m strings ("" for null), or NULL */
  char        *label;        /* or NULL */
  char       **label_array;  /* m strings, or NULL */
  char        *description;  /* or NULL */
  char        *fill;         /* the fill as the server wrote it, or NULL */
  double       fill_value;   /* parsed fill; NaN for none, "NaN" or text */
  guint        n_bins;       /* 0, or n_dims */
  PsHapiBins  *bins;
} PsHapiParameter;

typedef struct
{
  char            *hapi_version;   /* "2.0", "3.3"… or NULL */
  int              status_code;    /* 0 when the response had no status */
  char            *status_message;
  char            *format;         /* "csv", "binary", "json" in data headers */
  char            *start_date;     /* as written, or NULL */
  char            *stop_date;
  PsTime           start;          /* PS_TIME_INVALID when missing or bad */
  PsTime           stop;
  char            *cadence;        /* ISO 8601 duration as written, or NULL */
  char            *description;
  char            *resource_id;
  guint            n_parameters;
  PsHapiParameter *parameters;     /* the first one is the time (isotime) */
} PsHapiInfo;

typedef struct
{
  char *id;
  char *title; /* or NULL */
} PsHapiCatalogEntry;

GQuark                 ps_hapi_error_quark        (void);

const char            *ps_hapi_type_to_string     (PsHapiType   type);

/* Status */

/* Turns a HAPI status code into @error. Returns %TRUE for 1200 (and other
 * 12xx except 1201) without setting @error; 1201 sets PS_HAPI_ERROR_NO_DATA,
 * which callers turn into an empty series. @dataset (nullable) is named in
 * the message, @message (nullable) is the server's own text. */
gboolean               ps_hapi_status_to_error    (int          code,
                                                   const char  *message,
                                                   const char  *dataset,
                                                   GError     **error);

/* Parses a JSON response body (an error body or any response) for its
 * status object: returns %TRUE and sets @code for success codes (1200,
 * 1201…), %FALSE with @error for errors and for bodies that are not a HAPI
 * JSON object with a status. */
gboolean               ps_hapi_parse_status       (const char  *text,
                                                   gsize        length,
                                                   const char  *dataset,
                                                   int         *code,
                                                   GError     **error);

/* Info */

/* Parses an `info` response (or the JSON header of a data response).
 * `$ref` references to "#/definitions/…" are resolved; x_ keys ignored.
 * A status other than 1200/1201 gives its PS_HAPI_ERROR. */
PsHapiInfo            *ps_hapi_info_parse         (const char  *text,
                                                   gsize        length,
                                                   const char  *dataset,
                                                   GError     **error);
PsHapiInfo            *ps_hapi_info_ref           (PsHapiInfo  *self);
void                   ps_hapi_info_unref         (PsHapiInfo  *self);

const PsHapiParameter *ps_hapi_info_lookup        (PsHapiInfo  *self,
                                                   const char  *name);
/* The index of @name in parameters, or -1. */
int                    ps_hapi_info_find          (PsHapiInfo  *self,
                                                   const char  *name);

/* Catalog */

/* Returns: (transfer full) (element-type PsHapiCatalogEntry): the
 * datasets, in the server's order; free with g_ptr_array_unref(). */
GPtrArray             *ps_hapi_catalog_parse      (const char  *text,
                                                   gsize        length,
                                                   GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsHapiInfo, ps_hapi_info_unref)

G_END_DECLS
