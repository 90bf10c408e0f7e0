/* ps-hapi-meta.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cJSON once per response; the info objects go through the same code as
 * `info` responses (_ps_hapi_info_from_json), so that `$ref`s, limits and
 * messages are the same whichever way a dataset's info arrived.
 */

#define G_LOG_DOMAIN "ps-hapi"

#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ps-hapi-info-private.h"
#include "ps-hapi-meta.h"

/* Catalogs larger than this are refused (CDAWeb's depth=all is ~100 MB). */
#define MAX_CATALOG_ENTRIES 1000000

static void
set_invalid (GError     **error,
             const char  *what)
{
  g_set_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID, _("Invalid HAPI response: %s"), what);
}

static cJSON *
parse_object (const char  *text,
              gsize        length,
              GError     **error)
{
  cJSON *root;

  if (text == NULL || length == 0)
    {
      set_invalid (error, _("the response is empty"));
      return NULL;
    }
  root = cJSON_ParseWithLength (text, length);
  if (!cJSON_IsObject (root))
    {
      cJSON_Delete (root);
      set_invalid (error, _("the response is not a JSON object"));
      return NULL;
    }
  return root;
}

/* An error status becomes @error; no status, or a success, is fine. */
static gboolean
check_status (const cJSON  *root,
              const char   *dataset,
              GError      **error)
{
  const cJSON *status = cJSON_GetObjectItemCaseSensitive (root, "status");
  const cJSON *code, *message;

  if (status == NULL)
    return TRUE;
  code = cJSON_GetObjectItemCaseSensitive (status, "code");
  message = cJSON_GetObjectItemCaseSensitive (status, "message");
  if (!cJSON_IsNumber (code) || !(code->valuedouble >= 0 && code->valuedouble < G_MAXINT))
    {
      set_invalid (error, _("the status object has no valid code"));
      return FALSE;
    }
  if ((int) code->valuedouble == 1201)
    return TRUE;
  return ps_hapi_status_to_error ((int) code->valuedouble,
                                  cJSON_IsString (message) ? message->valuestring : NULL,
                                  dataset, error);
}

static char *
dup_string (const cJSON *object,
            const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  if (!cJSON_IsString (item) || item->valuestring == NULL)
    return NULL;
  return g_utf8_make_valid (item->valuestring, -1);
}

static gboolean
array_has (const cJSON *array,
           const char  *text)
{
  const cJSON *item;

  cJSON_ArrayForEach (item, array)
    if (cJSON_IsString (item) && g_strcmp0 (item->valuestring, text) == 0)
      return TRUE;
  return FALSE;
}

/**
 * ps_hapi_capabilities_parse:
 * @out: (out caller-allocates): filled on success; clear it with
 *   ps_hapi_capabilities_clear()
 *
 * Reads a `capabilities` response. A server that lists no format at all
 * is taken to offer csv, which every HAPI server must.
 */
gboolean
ps_hapi_capabilities_parse (const char          *text,
                            gsize                length,
                            PsHapiCapabilities  *out,
                            GError             **error)
{
  cJSON *root;
  const cJSON *formats, *item;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  memset (out, 0, sizeof *out);
  if ((root = parse_object (text, length, error)) == NULL)
    return FALSE;
  if (!check_status (root, NULL, error))
    {
      cJSON_Delete (root);
      return FALSE;
    }
  out->version = dup_string (root, "HAPI");
  formats = cJSON_GetObjectItemCaseSensitive (root, "outputFormats");
  if (cJSON_IsArray (formats))
    cJSON_ArrayForEach (item, formats)
      {
        PsHapiFormat format;

        if (cJSON_IsString (item) && ps_hapi_format_from_string (item->valuestring, &format))
          out->formats |= PS_HAPI_FORMAT_MASK (format);
      }
  if (out->formats == 0)
    out->formats = PS_HAPI_FORMAT_MASK (PS_HAPI_FORMAT_CSV);
  out->depth_all = array_has (cJSON_GetObjectItemCaseSensitive (root, "catalogDepthOptions"), "all");
  cJSON_Delete (root);
  return TRUE;
}

void
ps_hapi_capabilities_clear (PsHapiCapabilities *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->version, g_free);
  self->formats = 0;
  self->depth_all = FALSE;
}

/**
 * ps_hapi_capabilities_pick_format:
 *
 * Binary when offered (exact and compact), else csv, else json.
 *
 * Returns: %FALSE when no format is offered
 */
gboolean
ps_hapi_capabilities_pick_format (const PsHapiCapabilities *self,
                                  PsHapiFormat             *format)
{
  static const PsHapiFormat order[] = { PS_HAPI_FORMAT_BINARY, PS_HAPI_FORMAT_CSV, PS_HAPI_FORMAT_JSON };

  g_return_val_if_fail (self != NULL && format != NULL, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (order); i++)
    if (self->formats & PS_HAPI_FORMAT_MASK (order[i]))
      {
        *format = order[i];
        return TRUE;
      }
  return FALSE;
}

/* Datasets */

static void
dataset_clear (PsHapiDataset *self)
{
  g_free (self->id);
  g_free (self->title);
  g_clear_pointer (&self->info, ps_hapi_info_unref);
  g_free (self->error);
  g_free (self->modification_date);
}

/**
 * ps_hapi_dataset_new:
 * @title: (nullable)
 *
 * Returns: (transfer full): a dataset without info yet
 */
PsHapiDataset *
ps_hapi_dataset_new (const char *id,
                     const char *title)
{
  PsHapiDataset *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_atomic_rc_box_new0 (PsHapiDataset);
  self->id = g_utf8_make_valid (id, -1);
  self->title = title != NULL ? g_utf8_make_valid (title, -1) : NULL;
  return self;
}

PsHapiDataset *
ps_hapi_dataset_ref (PsHapiDataset *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
ps_hapi_dataset_unref (PsHapiDataset *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) dataset_clear);
}

/* The info of @node (an info response, or a catalog entry's "info"). */
static gboolean
read_info (PsHapiDataset  *self,
           const cJSON    *node,
           GError        **error)
{
  g_autofree char *duration = NULL;

  self->info = _ps_hapi_info_from_json (node, self->id, error);
  if (self->info == NULL)
    return FALSE;
  self->modification_date = dup_string (node, "modificationDate");
  duration = dup_string (node, "maxRequestDuration");
  if (duration != NULL && !ps_hapi_parse_duration (duration, &self->max_request_duration))
    self->max_request_duration = 0;
  if (self->info->cadence != NULL && !ps_hapi_parse_duration (self->info->cadence, &self->cadence))
    self->cadence = 0;
  return TRUE;
}

/**
 * ps_hapi_dataset_parse_info:
 * @id: the dataset's id, as the catalog gives it
 * @text: an `info` response
 *
 * Returns: (transfer full): the dataset with its info, or %NULL with
 *   @error (the server's error status, or PS_HAPI_ERROR_INVALID)
 */
PsHapiDataset *
ps_hapi_dataset_parse_info (const char  *id,
                            const char  *text,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(PsHapiDataset) self = NULL;
  cJSON *root;
  gboolean ok;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (text != NULL || length == 0, NULL);

  /* _ps_hapi_info_from_json() reads the status and names the dataset. */
  if ((root = parse_object (text, length, error)) == NULL)
    return NULL;
  self = ps_hapi_dataset_new (id, NULL);
  ok = read_info (self, root, error);
  cJSON_Delete (root);
  return ok ? g_steal_pointer (&self) : NULL;
}

/**
 * ps_hapi_catalog_all_parse:
 * @text: a `catalog?depth=all` response
 *
 * An entry whose info cannot be read keeps its id, with the reason in
 * `error`; an entry without an info object at all means the server
 * ignored depth=all, and fails the whole response (ask for the infos one
 * by one then).
 *
 * Returns: (transfer full) (element-type PsHapiDataset): the datasets in
 *   the server's order, or %NULL with @error
 */
GPtrArray *
ps_hapi_catalog_all_parse (const char  *text,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(GPtrArray) datasets = NULL;
  const cJSON *catalog, *entry;
  cJSON *root;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if ((root = parse_object (text, length, error)) == NULL)
    return NULL;
  if (!check_status (root, NULL, error))
    {
      cJSON_Delete (root);
      return NULL;
    }
  catalog = cJSON_GetObjectItemCaseSensitive (root, "catalog");
  if (!cJSON_IsArray (catalog) || cJSON_GetArraySize (catalog) > MAX_CATALOG_ENTRIES)
    {
      cJSON_Delete (root);
      set_invalid (error, _("the catalog has no list of datasets"));
      return NULL;
    }

  datasets = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_hapi_dataset_unref);
  cJSON_ArrayForEach (entry, catalog)
    {
      const cJSON *id = cJSON_GetObjectItemCaseSensitive (entry, "id");
      const cJSON *info = cJSON_GetObjectItemCaseSensitive (entry, "info");
      g_autoptr(GError) local = NULL;
      g_autofree char *title = NULL;
      PsHapiDataset *dataset;

      if (!cJSON_IsString (id) || id->valuestring == NULL || !cJSON_IsObject (info))
        {
          cJSON_Delete (root);
          g_set_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID,
                       _("Invalid HAPI response: catalog entry %u has no id or no info"), datasets->len);
          return NULL;
        }
      title = dup_string (entry, "title");
      dataset = ps_hapi_dataset_new (id->valuestring, title);
      if (!read_info (dataset, info, &local))
        dataset->error = g_strdup (local->message);
      g_ptr_array_add (datasets, dataset);
    }
  cJSON_Delete (root);
  return g_steal_pointer (&datasets);
}

/* Durations */

static gboolean
read_number (const char **p,
             double      *value)
{
  const char *start = *p;
  g_autofree char *copy = NULL;
  char *end = NULL;

  while (g_ascii_isdigit (**p) || **p == '.' || **p == ',')
    (*p)++;
  if (*p == start || *p - start > 32)
    return FALSE;
  copy = g_strndup (start, *p - start);
  g_strdelimit (copy, ",", '.');
  *value = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

/**
 * ps_hapi_parse_duration:
 * @text: an ISO 8601 duration: PnYnMnDTnHnMnS (any part may be left
 *   out, the last one may have a fraction) or PnW
 * @out: (out): nanoseconds
 *
 * Years count as 365 days and months as 30: HAPI durations are nominal
 * (a cadence, a request limit), not calendar arithmetic.
 *
 * Returns: %FALSE when @text is not such a duration or is longer than
 *   about 290 years
 */
gboolean
ps_hapi_parse_duration (const char *text,
                        PsTime     *out)
{
  static const char date_units[] = "YMWD";
  static const double date_seconds[] = { 365 * 86400.0, 30 * 86400.0, 7 * 86400.0, 86400.0 };
  static const char time_units[] = "HMS";
  static const double time_seconds[] = { 3600.0, 60.0, 1.0 };
  const char *p;
  double seconds = 0;
  gboolean in_time = FALSE, any = FALSE;
  int last = -1;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL || (text[0] != 'P' && text[0] != 'p'))
    return FALSE;
  p = text + 1;
  while (*p != '\0')
    {
      double value;
      const char *units, *unit;
      int index;

      if ((*p == 'T' || *p == 't') && !in_time)
        {
          in_time = TRUE;
          last = -1;
          p++;
          if (*p == '\0')
            return FALSE;
          continue;
        }
      if (!read_number (&p, &value) || *p == '\0')
        return FALSE;
      units = in_time ? time_units : date_units;
      unit = strchr (units, g_ascii_toupper (*p));
      if (unit == NULL)
        return FALSE;
      index = (int) (unit - units);
      if (index <= last)
        return FALSE; /* units out of order, or twice */
      last = index;
      seconds += value * (in_time ? time_seconds[index] : date_seconds[index]);
      any = TRUE;
      p++;
    }
  if (!any || !(seconds < 9.0e9))
    return FALSE;
  *out = (PsTime) llround (seconds * 1e9);
  return TRUE;
}

/**
 * ps_hapi_version_at_least:
 * @version: (nullable): "3.2", "2.0"…
 *
 * Returns: whether @version is @major.@minor or later (%FALSE for %NULL
 *   or text that is not a version)
 */
gboolean
ps_hapi_version_at_least (const char *version,
                          int         major,
                          int         minor)
{
  guint64 v_major, v_minor = 0;
  char *end = NULL;

  if (version == NULL || !g_ascii_isdigit (*version))
    return FALSE;
  v_major = g_ascii_strtoull (version, &end, 10);
  if (end != NULL && *end == '.' && g_ascii_isdigit (end[1]))
    v_minor = g_ascii_strtoull (end + 1, NULL, 10);
  return v_major > (guint64) major || (v_major == (guint64) major && v_minor >= (guint64) minor);
}
