/* ps-hapi-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HAPI `info`, `catalog` and `status` responses, with cJSON. Numbers in
 * JSON are doubles to cJSON, so integers (size, length) are checked to be
 * whole and in range; fill values are strings in HAPI and are parsed here.
 *
 * HAPI 3.3 JSON references ({"$ref": "#/definitions/NAME"}) are resolved
 * wherever a value is read, with a bounded number of hops so that a
 * reference cycle is an error rather than a hang.
 */

#define G_LOG_DOMAIN "ps-hapi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ps-hapi-info.h"
#include "ps-hapi-info-private.h"

#define MAX_REF_HOPS 16

G_DEFINE_QUARK (ps-hapi-error-quark, ps_hapi_error)

const char *
ps_hapi_type_to_string (PsHapiType type)
{
  switch (type)
    {
    case PS_HAPI_TYPE_ISOTIME:
      return "isotime";
    case PS_HAPI_TYPE_DOUBLE:
      return "double";
    case PS_HAPI_TYPE_INTEGER:
      return "integer";
    case PS_HAPI_TYPE_STRING:
      return "string";
    default:
      return "unknown";
    }
}

/* Status */

typedef struct
{
  int         code;
  const char *text;
} StatusText;

static const StatusText status_texts[] = {
  { 1201, N_("No data in the requested time range") },
  { 1400, N_("Bad request") },
  { 1401, N_("Unknown request parameter") },
  { 1402, N_("Syntax error in the start time") },
  { 1403, N_("Syntax error in the stop time") },
  { 1404, N_("The start time is not before the stop time") },
  { 1405, N_("The requested time range is outside the dataset’s coverage") },
  { 1406, N_("Unknown dataset") },
  { 1407, N_("Unknown parameter") },
  { 1408, N_("Too much data requested") },
  { 1409, N_("Unsupported output format") },
  { 1410, N_("Unsupported include value") },
  { 1411, N_("Parameters out of order or repeated") },
  { 1412, N_("Unsupported resolve_references value") },
  { 1413, N_("Unsupported depth value") },
  { 1500, N_("Internal server error") },
  { 1501, N_("Upstream request error") },
};

gboolean
ps_hapi_status_to_error (int          code,
                         const char  *message,
                         const char  *dataset,
                         GError     **error)
{
  g_autofree char *valid_message = NULL;
  const char *text = NULL;
  int error_code = 0;

  if (code >= 1200 && code < 1300 && code != 1201)
    return TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (status_texts); i++)
    if (status_texts[i].code == code)
      {
        text = _(status_texts[i].text);
        error_code = code;
      }

  if (text == NULL)
    {
      if (code >= 1400 && code < 1500)
        {
          text = _("Bad request");
          error_code = PS_HAPI_ERROR_BAD_REQUEST;
        }
      else if (code >= 1500 && code < 1600)
        {
          text = _("Server error");
          error_code = PS_HAPI_ERROR_SERVER;
        }
      else
        {
          text = _("Unknown HAPI status");
          error_code = PS_HAPI_ERROR_UNKNOWN_STATUS;
        }
    }

  /* The server's text may be anything: messages must be UTF-8. */
  valid_message = g_utf8_make_valid (message != NULL && *message != '\0' ? message : "-", -1);
  if (dataset != NULL)
    {
      g_autofree char *valid_dataset = g_utf8_make_valid (dataset, -1);

      g_set_error (error, PS_HAPI_ERROR, error_code,
                   _("dataset “%s”: %s (HAPI status %d: %s)"),
                   valid_dataset, text, code, valid_message);
    }
  else
    g_set_error (error, PS_HAPI_ERROR, error_code,
                 _("%s (HAPI status %d: %s)"), text, code, valid_message);
  return FALSE;
}

static void
set_invalid (GError     **error,
             const char  *dataset,
             const char  *what)
{
  if (dataset != NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (dataset, -1);

      g_set_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID,
                   _("Invalid HAPI response for dataset “%s”: %s"), valid, what);
    }
  else
    g_set_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID,
                 _("Invalid HAPI response: %s"), what);
}

G_GNUC_PRINTF (3, 4)
static void
set_invalid_printf (GError     **error,
                    const char  *dataset,
                    const char  *format,
                    ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  set_invalid (error, dataset, what);
}

static cJSON *
parse_json (const char  *text,
            gsize        length,
            const char  *dataset,
            GError     **error)
{
  cJSON *root;

  if (text == NULL || length == 0)
    {
      set_invalid (error, dataset, _("the response is empty"));
      return NULL;
    }

  root = cJSON_ParseWithLength (text, length);
  if (root == NULL)
    {
      set_invalid (error, dataset, _("the response is not JSON"));
      return NULL;
    }
  if (!cJSON_IsObject (root))
    {
      cJSON_Delete (root);
      set_invalid (error, dataset, _("the response is not a JSON object"));
      return NULL;
    }
  return root;
}

/* JSON helpers */

/* Follows "$ref": "#/definitions/…" (any JSON pointer into the document). */
static const cJSON *
resolve (const cJSON *root,
         const cJSON *node)
{
  for (int hops = 0; node != NULL && hops < MAX_REF_HOPS; hops++)
    {
      const cJSON *ref;
      const char *p;
      const cJSON *target = root;

      if (!cJSON_IsObject (node))
        return node;
      ref = cJSON_GetObjectItemCaseSensitive (node, "$ref");
      if (!cJSON_IsString (ref) || ref->valuestring == NULL)
        return node;

      p = ref->valuestring;
      if (p[0] != '#')
        return NULL;
      p++;
      while (*p == '/' && target != NULL)
        {
          const char *end = strchr (p + 1, '/');
          g_autofree char *key = end != NULL ? g_strndup (p + 1, end - p - 1) : g_strdup (p + 1);

          if (!cJSON_IsObject (target))
            return NULL;
          target = cJSON_GetObjectItemCaseSensitive (target, key);
          p = end != NULL ? end : p + 1 + strlen (p + 1);
        }
      if (*p != '\0')
        return NULL;
      node = target;
    }

  /* Still a reference after so many hops: a cycle. */
  if (node != NULL && cJSON_IsObject (node)
      && cJSON_GetObjectItemCaseSensitive (node, "$ref") != NULL)
    return NULL;
  return node;
}

static const cJSON *
member (const cJSON *root,
        const cJSON *object,
        const char  *key)
{
  if (!cJSON_IsObject (object))
    return NULL;
  return resolve (root, cJSON_GetObjectItemCaseSensitive (object, key));
}

static char *
dup_text (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_utf8_make_valid (text, -1);
}

static char *
member_string (const cJSON *root,
               const cJSON *object,
               const char  *key)
{
  const cJSON *item = member (root, object, key);

  if (!cJSON_IsString (item))
    return NULL;
  return dup_text (item->valuestring);
}

static gboolean
is_whole (double  value,
          double  min,
          double  max,
          guint  *out)
{
  if (!(value >= min && value <= max) || value != floor (value))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* Flattens (nested) arrays of strings and nulls into @out, row-major. */
static gboolean
flatten_strings (const cJSON *root,
                 const cJSON *node,
                 GPtrArray   *out,
                 guint        limit,
                 int          depth)
{
  const cJSON *item;

  if (depth > PS_HAPI_MAX_DIMS)
    return FALSE;
  cJSON_ArrayForEach (item, node)
    {
      const cJSON *value = resolve (root, item);

      if (out->len >= limit)
        return FALSE;
      if (cJSON_IsArray (value))
        {
          if (!flatten_strings (root, value, out, limit, depth + 1))
            return FALSE;
        }
      else if (cJSON_IsString (value))
        g_ptr_array_add (out, dup_text (value->valuestring));
      else if (cJSON_IsNull (value))
        g_ptr_array_add (out, g_strdup (""));
      else
        return FALSE;
    }
  return TRUE;
}

/* A string, null, or an array of m strings (nested as size says). */
static gboolean
read_string_or_array (const cJSON      *root,
                      const cJSON      *object,
                      const char       *key,
                      PsHapiParameter  *param,
                      char            **single,
                      char           ***array,
                      const char       *dataset,
                      GError          **error)
{
  const cJSON *item = member (root, object, key);
  g_autoptr(GPtrArray) strings = NULL;

  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  if (cJSON_IsString (item))
    {
      *single = dup_text (item->valuestring);
      return TRUE;
    }
  if (!cJSON_IsArray (item))
    {
      set_invalid_printf (error, dataset, _("the %s of parameter “%s” is neither a string nor an array"),
                          key, param->name);
      return FALSE;
    }

  strings = g_ptr_array_new_with_free_func (g_free);
  if (!flatten_strings (root, item, strings, param->m + 1, 0) || strings->len != param->m)
    {
      set_invalid_printf (error, dataset, _("the %s of parameter “%s” is not an array of %u strings"),
                          key, param->name, param->m);
      return FALSE;
    }
  g_ptr_array_add (strings, NULL);
  *array = (char **) g_ptr_array_free (g_steal_pointer (&strings), FALSE);
  return TRUE;
}

static double
number_or_nan (const cJSON *item)
{
  if (cJSON_IsNumber (item))
    return item->valuedouble;
  return NAN;
}

/* Parses a whole string as a double; "NaN" and blanks around are fine. */
static gboolean
parse_double (const char *text,
              double     *out)
{
  char *end = NULL;

  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  while (g_ascii_isspace (*end))
    end++;
  return *end == '\0';
}

static gboolean
read_bins (const cJSON      *root,
           const cJSON      *node,
           PsHapiParameter  *param,
           guint             dim,
           PsHapiBins       *bins,
           const char       *dataset,
           GError          **error)
{
  const cJSON *centers, *ranges, *item;
  guint k = param->size[dim];
  guint i;

  if (!cJSON_IsObject (node))
    {
      set_invalid_printf (error, dataset, _("the bins of parameter “%s” are not objects"), param->name);
      return FALSE;
    }

  bins->name = member_string (root, node, "name");
  bins->units = member_string (root, node, "units");
  bins->label = member_string (root, node, "label");

  centers = member (root, node, "centers");
  if (cJSON_IsString (centers))
    bins->centers_parameter = dup_text (centers->valuestring);
  else if (cJSON_IsArray (centers))
    {
      if ((guint) cJSON_GetArraySize (centers) != k)
        {
          set_invalid_printf (error, dataset, _("parameter “%s” has %u bin centers for %u components"),
                              param->name, (guint) cJSON_GetArraySize (centers), k);
          return FALSE;
        }
      bins->centers = g_new (double, k);
      bins->n_centers = k;
      i = 0;
      cJSON_ArrayForEach (item, centers)
        bins->centers[i++] = number_or_nan (resolve (root, item));
    }
  else if (centers != NULL && !cJSON_IsNull (centers))
    {
      set_invalid_printf (error, dataset, _("the bin centers of parameter “%s” are invalid"), param->name);
      return FALSE;
    }

  ranges = member (root, node, "ranges");
  if (cJSON_IsString (ranges))
    bins->ranges_parameter = dup_text (ranges->valuestring);
  else if (cJSON_IsArray (ranges))
    {
      if ((guint) cJSON_GetArraySize (ranges) != k)
        {
          set_invalid_printf (error, dataset, _("parameter “%s” has %u bin ranges for %u components"),
                              param->name, (guint) cJSON_GetArraySize (ranges), k);
          return FALSE;
        }
      bins->ranges = g_new (double, 2 * (gsize) k);
      bins->n_ranges = k;
      i = 0;
      cJSON_ArrayForEach (item, ranges)
        {
          const cJSON *pair = resolve (root, item);

          if (cJSON_IsNull (pair))
            {
              bins->ranges[2 * i] = bins->ranges[2 * i + 1] = NAN;
            }
          else if (cJSON_IsArray (pair) && cJSON_GetArraySize (pair) == 2)
            {
              bins->ranges[2 * i] = number_or_nan (resolve (root, cJSON_GetArrayItem (pair, 0)));
              bins->ranges[2 * i + 1] = number_or_nan (resolve (root, cJSON_GetArrayItem (pair, 1)));
            }
          else
            {
              set_invalid_printf (error, dataset, _("a bin range of parameter “%s” is not a pair of numbers"),
                                  param->name);
              return FALSE;
            }
          i++;
        }
    }
  else if (ranges != NULL && !cJSON_IsNull (ranges))
    {
      set_invalid_printf (error, dataset, _("the bin ranges of parameter “%s” are invalid"), param->name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_parameter (const cJSON      *root,
                const cJSON      *node,
                guint             index,
                PsHapiParameter  *param,
                const char       *dataset,
                GError          **error)
{
  const cJSON *item;
  g_autofree char *type = NULL;

  param->fill_value = NAN;
  param->m = 1;

  if (!cJSON_IsObject (node))
    {
      set_invalid_printf (error, dataset, _("parameter %u is not an object"), index);
      return FALSE;
    }

  param->name = member_string (root, node, "name");
  if (param->name == NULL)
    {
      set_invalid_printf (error, dataset, _("parameter %u has no name"), index);
      return FALSE;
    }

  type = member_string (root, node, "type");
  if (g_strcmp0 (type, "isotime") == 0)
    param->type = PS_HAPI_TYPE_ISOTIME;
  else if (g_strcmp0 (type, "double") == 0)
    param->type = PS_HAPI_TYPE_DOUBLE;
  else if (g_strcmp0 (type, "integer") == 0)
    param->type = PS_HAPI_TYPE_INTEGER;
  else if (g_strcmp0 (type, "string") == 0)
    param->type = PS_HAPI_TYPE_STRING;
  else
    {
      set_invalid_printf (error, dataset, _("parameter “%s” has an unknown type “%s”"),
                          param->name, type != NULL ? type : "null");
      return FALSE;
    }

  item = member (root, node, "length");
  if (item != NULL && !cJSON_IsNull (item)
      && (param->type == PS_HAPI_TYPE_ISOTIME || param->type == PS_HAPI_TYPE_STRING))
    {
      if (!cJSON_IsNumber (item) || !is_whole (item->valuedouble, 1, PS_HAPI_MAX_LENGTH, &param->length))
        {
          set_invalid_printf (error, dataset, _("parameter “%s” has an invalid length"), param->name);
          return FALSE;
        }
    }

  item = member (root, node, "size");
  if (item != NULL && !cJSON_IsNull (item))
    {
      const cJSON *dim;
      guint64 product = 1;

      if (!cJSON_IsArray (item) || cJSON_GetArraySize (item) < 1
          || cJSON_GetArraySize (item) > PS_HAPI_MAX_DIMS)
        {
          set_invalid_printf (error, dataset, _("parameter “%s” has an invalid size"), param->name);
          return FALSE;
        }
      cJSON_ArrayForEach (dim, item)
        {
          const cJSON *value = resolve (root, dim);
          guint k;

          if (!cJSON_IsNumber (value) || !is_whole (value->valuedouble, 1, G_MAXUINT32, &k))
            {
              set_invalid_printf (error, dataset, _("parameter “%s” has an invalid size"), param->name);
              return FALSE;
            }
          product *= k;
          if (product > PS_HAPI_MAX_COMPONENTS)
            {
              set_invalid_printf (error, dataset, _("parameter “%s” has too many components"), param->name);
              return FALSE;
            }
          param->size[param->n_dims++] = k;
        }
      param->m = (guint) product;
    }

  if (!read_string_or_array (root, node, "units", param, &param->units, &param->units_array, dataset, error) ||
      !read_string_or_array (root, node, "label", param, &param->label, &param->label_array, dataset, error))
    return FALSE;
  param->description = member_string (root, node, "description");

  item = member (root, node, "fill");
  if (cJSON_IsString (item))
    {
      double value;

      param->fill = dup_text (item->valuestring);
      if ((param->type == PS_HAPI_TYPE_DOUBLE || param->type == PS_HAPI_TYPE_INTEGER)
          && parse_double (param->fill, &value))
        param->fill_value = value;
    }
  else if (cJSON_IsNumber (item))
    {
      /* Not the spec (fill is a string), but some servers write numbers. */
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      param->fill = g_strdup (g_ascii_dtostr (buf, sizeof buf, item->valuedouble));
      param->fill_value = item->valuedouble;
    }

  item = member (root, node, "bins");
  if (item != NULL && !cJSON_IsNull (item) && param->n_dims > 0)
    {
      const cJSON *bins;
      guint d = 0;

      if (!cJSON_IsArray (item) || (guint) cJSON_GetArraySize (item) != param->n_dims)
        {
          set_invalid_printf (error, dataset, _("parameter “%s” has %d bins for %u dimensions"),
                              param->name, cJSON_IsArray (item) ? cJSON_GetArraySize (item) : 0,
                              param->n_dims);
          return FALSE;
        }
      param->bins = g_new0 (PsHapiBins, param->n_dims);
      param->n_bins = param->n_dims;
      cJSON_ArrayForEach (bins, item)
        {
          if (!read_bins (root, resolve (root, bins), param, d, &param->bins[d], dataset, error))
            return FALSE;
          d++;
        }
    }

  return TRUE;
}

static void
clear_parameter (PsHapiParameter *param)
{
  g_free (param->name);
  g_free (param->units);
  g_strfreev (param->units_array);
  g_free (param->label);
  g_strfreev (param->label_array);
  g_free (param->description);
  g_free (param->fill);
  for (guint d = 0; d < param->n_bins; d++)
    {
      PsHapiBins *bins = &param->bins[d];

      g_free (bins->name);
      g_free (bins->units);
      g_free (bins->label);
      g_free (bins->centers);
      g_free (bins->ranges);
      g_free (bins->centers_parameter);
      g_free (bins->ranges_parameter);
    }
  g_free (param->bins);
}

static void
info_clear (PsHapiInfo *self)
{
  g_free (self->hapi_version);
  g_free (self->status_message);
  g_free (self->format);
  g_free (self->start_date);
  g_free (self->stop_date);
  g_free (self->cadence);
  g_free (self->description);
  g_free (self->resource_id);
  for (guint i = 0; i < self->n_parameters; i++)
    clear_parameter (&self->parameters[i]);
  g_free (self->parameters);
}

PsHapiInfo *
ps_hapi_info_ref (PsHapiInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
ps_hapi_info_unref (PsHapiInfo *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) info_clear);
}

/* Reads the status object, if any; FALSE with @error for an error status. */
static gboolean
read_status (const cJSON  *root,
             const char   *dataset,
             int          *code,
             char        **message,
             GError      **error)
{
  const cJSON *status = member (root, root, "status");
  const cJSON *item;
  guint value;

  *code = 0;
  if (status == NULL)
    return TRUE;

  item = member (root, status, "code");
  if (!cJSON_IsObject (status) || !cJSON_IsNumber (item)
      || !is_whole (item->valuedouble, 0, G_MAXINT, &value))
    {
      set_invalid (error, dataset, _("the status object has no valid code"));
      return FALSE;
    }
  *code = (int) value;
  *message = member_string (root, status, "message");

  if (*code == 1201)
    return TRUE;
  return ps_hapi_status_to_error (*code, *message, dataset, error);
}

gboolean
ps_hapi_parse_status (const char  *text,
                      gsize        length,
                      const char  *dataset,
                      int         *code,
                      GError     **error)
{
  cJSON *root;
  g_autofree char *message = NULL;
  int value = 0;
  gboolean ok;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  root = parse_json (text, length, dataset, error);
  if (root == NULL)
    return FALSE;

  ok = read_status (root, dataset, &value, &message, error);
  if (ok && value == 0)
    {
      set_invalid (error, dataset, _("the response has no status"));
      ok = FALSE;
    }
  cJSON_Delete (root);
  if (ok && code != NULL)
    *code = value;
  return ok;
}

gboolean
_ps_hapi_parse_time (const char  *text,
                     PsTime      *out,
                     GError     **error)
{
  gsize length = strlen (text);

  if (length > 1 && length < 64 && (text[length - 1] == 'Z' || text[length - 1] == 'z')
      && strchr (text, 'T') == NULL && strchr (text, 't') == NULL)
    {
      char buf[64];

      memcpy (buf, text, length - 1);
      buf[length - 1] = '\0';
      return ps_time_parse_iso (buf, out, error);
    }
  return ps_time_parse_iso (text, out, error);
}

static PsTime
parse_date (const char *text)
{
  PsTime t = PS_TIME_INVALID;

  if (text == NULL || !_ps_hapi_parse_time (text, &t, NULL))
    return PS_TIME_INVALID;
  return t;
}

PsHapiInfo *
_ps_hapi_info_from_json (const cJSON  *root,
                         const char   *dataset,
                         GError      **error)
{
  g_autoptr(PsHapiInfo) info = NULL;
  const cJSON *parameters, *item;
  int code;
  char *message = NULL;
  guint i;

  g_assert (root != NULL);

  if (!cJSON_IsObject (root))
    {
      set_invalid (error, dataset, _("the info is not a JSON object"));
      return NULL;
    }
  if (!read_status (root, dataset, &code, &message, error))
    {
      g_free (message);
      return NULL;
    }

  info = g_atomic_rc_box_new0 (PsHapiInfo);
  info->status_code = code;
  info->status_message = message;
  info->start = info->stop = PS_TIME_INVALID;
  info->hapi_version = member_string (root, root, "HAPI");
  info->format = member_string (root, root, "format");
  info->start_date = member_string (root, root, "startDate");
  info->stop_date = member_string (root, root, "stopDate");
  info->start = parse_date (info->start_date);
  info->stop = parse_date (info->stop_date);
  info->cadence = member_string (root, root, "cadence");
  info->description = member_string (root, root, "description");
  info->resource_id = member_string (root, root, "resourceID");

  parameters = member (root, root, "parameters");
  if (!cJSON_IsArray (parameters) || cJSON_GetArraySize (parameters) == 0)
    {
      set_invalid (error, dataset, _("the info lists no parameters"));
      return NULL;
    }

  info->parameters = g_new0 (PsHapiParameter, cJSON_GetArraySize (parameters));
  i = 0;
  cJSON_ArrayForEach (item, parameters)
    {
      PsHapiParameter *param = &info->parameters[i];

      info->n_parameters = ++i;
      if (!read_parameter (root, resolve (root, item), i - 1, param, dataset, error))
        return NULL;
      for (guint j = 0; j + 1 < i; j++)
        if (strcmp (info->parameters[j].name, param->name) == 0)
          {
            set_invalid_printf (error, dataset, _("parameter “%s” is listed twice"), param->name);
            return NULL;
          }
    }

  if (info->parameters[0].type != PS_HAPI_TYPE_ISOTIME)
    {
      set_invalid_printf (error, dataset, _("the first parameter, “%s”, is not an isotime"),
                          info->parameters[0].name);
      return NULL;
    }

  return g_steal_pointer (&info);
}

PsHapiInfo *
ps_hapi_info_parse (const char  *text,
                    gsize        length,
                    const char  *dataset,
                    GError     **error)
{
  cJSON *root;
  PsHapiInfo *info;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = parse_json (text, length, dataset, error);
  if (root == NULL)
    return NULL;
  info = _ps_hapi_info_from_json (root, dataset, error);
  cJSON_Delete (root);
  return info;
}

int
ps_hapi_info_find (PsHapiInfo *self,
                   const char *name)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->n_parameters; i++)
    if (strcmp (self->parameters[i].name, name) == 0)
      return (int) i;
  return -1;
}

const PsHapiParameter *
ps_hapi_info_lookup (PsHapiInfo *self,
                     const char *name)
{
  int i;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  i = ps_hapi_info_find (self, name);
  return i >= 0 ? &self->parameters[i] : NULL;
}

/* Catalog */

static void
catalog_entry_free (gpointer data)
{
  PsHapiCatalogEntry *entry = data;

  g_free (entry->id);
  g_free (entry->title);
  g_free (entry);
}

GPtrArray *
ps_hapi_catalog_parse (const char  *text,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *message = NULL;
  const cJSON *catalog, *item;
  cJSON *root;
  int code;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = parse_json (text, length, NULL, error);
  if (root == NULL)
    return NULL;
  if (!read_status (root, NULL, &code, &message, error))
    {
      cJSON_Delete (root);
      return NULL;
    }

  catalog = member (root, root, "catalog");
  if (!cJSON_IsArray (catalog))
    {
      cJSON_Delete (root);
      set_invalid (error, NULL, _("the catalog has no list of datasets"));
      return NULL;
    }

  entries = g_ptr_array_new_with_free_func (catalog_entry_free);
  cJSON_ArrayForEach (item, catalog)
    {
      const cJSON *node = resolve (root, item);
      char *id = member_string (root, node, "id");
      PsHapiCatalogEntry *entry;

      if (id == NULL)
        {
          cJSON_Delete (root);
          set_invalid_printf (error, NULL, _("catalog entry %u has no id"), entries->len);
          return NULL;
        }
      entry = g_new0 (PsHapiCatalogEntry, 1);
      entry->id = id;
      entry->title = member_string (root, node, "title");
      g_ptr_array_add (entries, entry);
    }

  cJSON_Delete (root);
  return g_steal_pointer (&entries);
}
