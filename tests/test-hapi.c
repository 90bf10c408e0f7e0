/* test-hapi.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HAPI formats: info, catalog, status, and data in CSV, binary and JSON,
 * on the real responses of tests/data/providers/hapi/ (see its README for
 * where each comes from and which values the peers' tests assert).
 */

#include "config.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "ps-hapi-data.h"
#include "ps-hapi-info.h"

#define HAPI_DIR TEST_DATA_DIR "/providers/hapi/"

static GBytes *
load (const char *name)
{
  g_autofree char *path = g_build_filename (HAPI_DIR, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static PsHapiInfo *
load_info (const char *name)
{
  g_autoptr(GBytes) bytes = load (name);
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  PsHapiInfo *info = ps_hapi_info_parse (text, length, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static PsTime
iso (const char *text)
{
  PsTime t = PS_TIME_INVALID;

  g_assert_true (ps_time_parse_iso (text, &t, NULL));
  return t;
}

static void
assert_time (PsTime      t,
             const char *expected)
{
  g_autofree char *text = ps_time_format_iso (t, 3);

  g_assert_cmpint (t, ==, iso (expected));
  (void) text;
}

/* Parses @body whole, then again in chunks of @chunk bytes, and checks
 * both give the same series. */
static GPtrArray *
parse_chunked (PsHapiFormat        format,
               PsHapiInfo         *info,
               const char * const *parameters,
               GBytes             *body,
               gsize               chunk,
               GError            **error)
{
  g_autoptr(PsHapiDataParser) parser = ps_hapi_data_parser_new (format, info, parameters, "test");
  gsize length;
  const guint8 *data = g_bytes_get_data (body, &length);

  for (gsize pos = 0; pos < length; pos += chunk)
    {
      g_autoptr(GBytes) piece = g_bytes_new_from_bytes (body, pos, MIN (chunk, length - pos));

      if (!ps_hapi_data_parser_feed_bytes (parser, piece, error))
        return NULL;
    }
  (void) data;
  return ps_hapi_data_parser_finish (parser, error);
}

static void
assert_same_values (PsSeries *a,
                    PsSeries *b)
{
  gsize n = ps_series_get_n (a);
  guint m = ps_series_get_m (a);

  g_assert_cmpuint (n, ==, ps_series_get_n (b));
  g_assert_cmpuint (m, ==, ps_series_get_m (b));
  g_assert_cmpmem (ps_series_get_times (a), n * sizeof (PsTime), ps_series_get_times (b), n * sizeof (PsTime));
  for (gsize i = 0; i < n * m; i++)
    {
      double x = ps_series_get_values (a)[i], y = ps_series_get_values (b)[i];

      g_assert_true ((isnan (x) && isnan (y)) || x == y);
    }
  g_assert_cmpint (ps_series_get_bins_kind (a), ==, ps_series_get_bins_kind (b));
}

static void
assert_same_series (PsSeries *a,
                    PsSeries *b)
{
  g_assert_cmpstr (ps_series_get_name (a), ==, ps_series_get_name (b));
  g_assert_cmpstr (ps_series_get_units (a), ==, ps_series_get_units (b));
  g_assert_cmpint (ps_series_get_display_kind (a), ==, ps_series_get_display_kind (b));
  assert_same_values (a, b);
}

static GPtrArray *
parse_file (PsHapiFormat        format,
            PsHapiInfo         *info,
            const char * const *parameters,
            const char         *name)
{
  g_autoptr(GBytes) body = load (name);
  g_autoptr(GError) error = NULL;
  GPtrArray *series;
  static const gsize chunks[] = { 1, 7, 4096 };

  series = ps_hapi_data_parse (format, info, parameters, name, body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (series);

  for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
    {
      g_autoptr(GPtrArray) again = parse_chunked (format, info, parameters, body, chunks[c], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (again->len, ==, series->len);
      for (guint i = 0; i < series->len; i++)
        assert_same_series (series->pdata[i], again->pdata[i]);
    }
  return series;
}

static void
parse_fails (PsHapiFormat  format,
             PsHapiInfo   *info,
             const char   *text,
             gsize         length,
             int           code,
             const char   *in_message)
{
  g_autoptr(GBytes) body = g_bytes_new (text, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) series = NULL;

  series = ps_hapi_data_parse (format, info, NULL, "bad", body, &error);
  g_assert_null (series);
  g_assert_error (error, PS_HAPI_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” not in “%s”", in_message, error->message);

  /* The same in chunks, fed byte by byte. */
  g_clear_pointer (&error, g_error_free);
  series = parse_chunked (format, info, NULL, body, 1, &error);
  g_assert_null (series);
  g_assert_error (error, PS_HAPI_ERROR, code);
}

static PsSeries *
find_series (GPtrArray  *series,
             const char *name)
{
  for (guint i = 0; i < series->len; i++)
    if (g_strcmp0 (ps_series_get_name (series->pdata[i]), name) == 0)
      return series->pdata[i];
  g_error ("no series %s", name);
  return NULL;
}

static void
assert_row (PsSeries     *series,
            gsize         i,
            const double *expected,
            guint         m)
{
  g_assert_cmpuint (ps_series_get_m (series), ==, m);
  for (guint j = 0; j < m; j++)
    g_assert_cmpfloat_with_epsilon (ps_series_get_value (series, i, j), expected[j], 1e-9);
}

/* Status */

static void
test_status_codes (void)
{
  g_autoptr(GBytes) bytes = load ("status_codes.json");
  cJSON *root = cJSON_ParseWithLength (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  const cJSON *entry;
  guint count = 0;

  g_assert_nonnull (root);
  cJSON_ArrayForEach (entry, root)
    {
      g_autofree char *text = cJSON_PrintUnformatted (entry);
      g_autoptr(GError) error = NULL;
      int code = (int) g_ascii_strtoll (entry->string, NULL, 10);
      int got = 0;
      gboolean ok = ps_hapi_parse_status (text, strlen (text), "AC_H2_MFI", &got, &error);

      count++;
      if (code == 1200 || code == 1201)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (got, ==, code);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, PS_HAPI_ERROR, code);
          g_assert_nonnull (strstr (error->message, "AC_H2_MFI"));
          g_assert_nonnull (strstr (error->message, cJSON_GetObjectItem (cJSON_GetObjectItem (entry, "status"), "message")->valuestring));
        }
    }
  g_assert_cmpuint (count, ==, 18);
  cJSON_Delete (root);

  {
    g_autoptr(GError) error = NULL;

    g_assert_true (ps_hapi_status_to_error (1200, "OK", "x", &error));
    g_assert_no_error (error);
    g_assert_false (ps_hapi_status_to_error (1201, NULL, "x", &error));
    g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_NO_DATA);
    g_clear_error (&error);
    g_assert_false (ps_hapi_status_to_error (1408, "too much", "x", &error));
    g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_TOO_MUCH_DATA);
    g_clear_error (&error);
    g_assert_false (ps_hapi_status_to_error (1499, NULL, NULL, &error));
    g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_BAD_REQUEST);
    g_clear_error (&error);
    g_assert_false (ps_hapi_status_to_error (1599, NULL, NULL, &error));
    g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_SERVER);
    g_clear_error (&error);
    g_assert_false (ps_hapi_status_to_error (42, NULL, NULL, &error));
    g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_UNKNOWN_STATUS);
  }
}

static void
test_status_1406 (void)
{
  g_autoptr(GBytes) bytes = load ("error_1406.json");
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  g_autoptr(PsHapiInfo) info = NULL;
  int code = 0;

  g_assert_false (ps_hapi_parse_status (text, length, "nope", &code, &error));
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_UNKNOWN_DATASET);
  g_assert_nonnull (strstr (error->message, "“nope”"));
  g_assert_nonnull (strstr (error->message, "unknown dataset id"));
  g_clear_error (&error);

  /* The same body where an info was expected. */
  info = ps_hapi_info_parse (text, length, "nope", &error);
  g_assert_null (info);
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_UNKNOWN_DATASET);
  g_clear_error (&error);

  /* Not a status at all. */
  g_assert_false (ps_hapi_parse_status ("<html>", 6, NULL, &code, &error));
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ps_hapi_parse_status ("{}", 2, NULL, &code, &error));
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID);
}

/* Catalog */

static void
test_catalog (void)
{
  static const char text[] =
    "{\"HAPI\": \"3.3\", \"status\": {\"code\": 1200, \"message\": \"OK\"},"
    " \"catalog\": [{\"id\": \"dataset1\", \"title\": \"a dataset\"}, {\"id\": \"dataset2\"},"
    " {\"id\": \"dataset3\", \"x_extra\": 1}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = ps_hapi_catalog_parse (text, strlen (text), &error);
  g_autoptr(GBytes) spec = load ("catalog.json");
  PsHapiCatalogEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->id, ==, "dataset1");
  g_assert_cmpstr (entry->title, ==, "a dataset");
  entry = entries->pdata[1];
  g_assert_cmpstr (entry->id, ==, "dataset2");
  g_assert_null (entry->title);

  /* The spec's catalog.json example shows only the other keys. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ps_hapi_catalog_parse (g_bytes_get_data (spec, NULL), g_bytes_get_size (spec), &error);
  g_assert_null (entries);
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID);
  g_clear_error (&error);

  entries = ps_hapi_catalog_parse ("{\"status\":{\"code\":1500,\"message\":\"down\"}}", 42, &error);
  g_assert_null (entries);
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_SERVER);
}

/* Info */

static void
test_info_testdata20 (void)
{
  g_autoptr(PsHapiInfo) info = load_info ("TestData2.0_dataset1_info.json");
  const PsHapiParameter *p;

  g_assert_cmpstr (info->hapi_version, ==, "2.0");
  g_assert_cmpint (info->status_code, ==, 1200);
  g_assert_cmpstr (info->cadence, ==, "PT1S");
  g_assert_cmpint (info->start, ==, iso ("1970-01-01"));
  g_assert_cmpint (info->stop, ==, iso ("2016-12-31"));
  g_assert_cmpuint (info->n_parameters, ==, 18);

  p = &info->parameters[0];
  g_assert_cmpstr (p->name, ==, "Time");
  g_assert_cmpint (p->type, ==, PS_HAPI_TYPE_ISOTIME);
  g_assert_cmpuint (p->length, ==, 24);
  g_assert_null (p->fill);

  p = ps_hapi_info_lookup (info, "scalar");
  g_assert_cmpint (p->type, ==, PS_HAPI_TYPE_DOUBLE);
  g_assert_cmpstr (p->fill, ==, "nan");
  g_assert_true (isnan (p->fill_value));
  g_assert_cmpstr (p->units, ==, "m");
  g_assert_cmpuint (p->m, ==, 1);
  g_assert_cmpuint (p->n_dims, ==, 0);

  p = ps_hapi_info_lookup (info, "scalarint");
  g_assert_cmpint (p->type, ==, PS_HAPI_TYPE_INTEGER);
  g_assert_cmpfloat (p->fill_value, ==, -2147483648.0);

  p = ps_hapi_info_lookup (info, "scalarstr");
  g_assert_cmpint (p->type, ==, PS_HAPI_TYPE_STRING);
  g_assert_cmpuint (p->length, ==, 3);

  p = ps_hapi_info_lookup (info, "vectoriso");
  g_assert_cmpint (p->type, ==, PS_HAPI_TYPE_ISOTIME);
  g_assert_cmpuint (p->length, ==, 20);
  g_assert_cmpuint (p->m, ==, 3);

  p = ps_hapi_info_lookup (info, "vectormulti");
  g_assert_cmpuint (p->n_dims, ==, 2);
  g_assert_cmpuint (p->size[0], ==, 2);
  g_assert_cmpuint (p->size[1], ==, 3);
  g_assert_cmpuint (p->m, ==, 6);
  g_assert_cmpfloat (p->fill_value, ==, -1e31);

  p = ps_hapi_info_lookup (info, "spectra");
  g_assert_cmpuint (p->m, ==, 10);
  g_assert_cmpuint (p->n_bins, ==, 1);
  g_assert_cmpuint (p->bins[0].n_centers, ==, 10);
  g_assert_nonnull (p->bins[0].name);

  p = ps_hapi_info_lookup (info, "spectramulti");
  g_assert_cmpuint (p->m, ==, 20);
  g_assert_cmpuint (p->n_bins, ==, 2);
  g_assert_cmpstr (p->bins[0].name, ==, "instrumentID");
  g_assert_cmpstr (p->bins[0].units, ==, "kHz");
  g_assert_cmpuint (p->bins[0].n_centers, ==, 2);
  g_assert_cmpuint (p->bins[1].n_centers, ==, 10);

  g_assert_null (ps_hapi_info_lookup (info, "nope"));
  g_assert_cmpint (ps_hapi_info_find (info, "Time"), ==, 0);
}

static void
test_info_spec (void)
{
  g_autoptr(PsHapiInfo) arrays = load_info ("info_units_label_arrays.json");
  g_autoptr(PsHapiInfo) refs = load_info ("info_json_references_resolved.json");
  g_autoptr(PsHapiInfo) ranges = load_info ("info_proton_spectrum_bins.json");
  g_autoptr(PsHapiInfo) object = load_info ("info_parameter_object_example.json");
  g_autoptr(PsHapiInfo) vector = load_info ("info_mag_vector_size3.json");
  g_autoptr(PsHapiInfo) scalars = load_info ("info_mag_scalar_components.json");
  const PsHapiParameter *p;

  p = ps_hapi_info_lookup (arrays, "mag_GSE");
  g_assert_null (p->units);
  g_assert_cmpuint (g_strv_length (p->units_array), ==, 3);
  g_assert_cmpstr (p->units_array[0], ==, "nT");
  g_assert_cmpstr (p->units_array[2], ==, "degrees");
  g_assert_cmpstr (p->label_array[0], ==, "B Magnitude");
  g_assert_cmpstr (p->label_array[1], ==, "theta");
  p = ps_hapi_info_lookup (arrays, "radial_position");
  g_assert_cmpstr (p->label, ==, "R Position");
  g_assert_cmpstr (p->description, ==, "radial position of the spacecraft");
  /* 1998-001Z: a day-of-year date. */
  g_assert_cmpint (arrays->start, ==, iso ("1998-01-01T00:00:00Z"));
  g_assert_cmpint (arrays->stop, ==, iso ("2017-04-10T00:00:00Z"));

  /* $ref resolved: strings, arrays, whole bins objects. */
  g_assert_cmpstr (refs->hapi_version, ==, "3.3");
  g_assert_cmpint (refs->stop, ==, iso ("2016-02-01T00:00:00Z")); /* 31T24:00 */
  for (guint i = 1; i <= 3; i++)
    {
      p = &refs->parameters[i];
      g_assert_cmpuint (p->n_bins, ==, 1);
      g_assert_cmpstr (p->bins[0].name, ==, "energy");
      g_assert_cmpstr (p->bins[0].units, ==, "keV");
      g_assert_cmpuint (p->bins[0].n_centers, ==, 4);
      g_assert_cmpfloat (p->bins[0].centers[0], ==, 15);
      g_assert_cmpfloat (p->bins[0].centers[3], ==, 45);
    }
  g_assert_cmpstr (refs->parameters[1].units, ==, "particles/(sec ster cm^2 keV)");
  g_assert_cmpfloat (refs->parameters[1].fill_value, ==, -1e31);
  g_assert_cmpstr (refs->parameters[2].units, ==, "particles/(sec ster cm^2 keV)");
  g_assert_null (refs->parameters[3].units);
  g_assert_cmpstr (refs->parameters[3].units_array[3], ==, "particles/(sec ster cm^2 keV)");

  p = ps_hapi_info_lookup (ranges, "pitchAngleSpectrum");
  g_assert_cmpuint (p->bins[0].n_ranges, ==, 6);
  g_assert_null (p->bins[0].centers);
  g_assert_cmpfloat (p->bins[0].ranges[0], ==, 0);
  g_assert_cmpfloat (p->bins[0].ranges[11], ==, 180);
  g_assert_cmpstr (p->bins[0].units, ==, "degrees");

  p = ps_hapi_info_lookup (object, "mag_GSE");
  g_assert_cmpstr (p->label, ==, "B field in GSE");
  g_assert_cmpuint (p->m, ==, 3);
  p = ps_hapi_info_lookup (object, "quality_flag");
  g_assert_cmpint (p->type, ==, PS_HAPI_TYPE_INTEGER);
  g_assert_null (p->description); /* the spec's key is "description " */

  g_assert_cmpuint (vector->parameters[1].m, ==, 3);
  g_assert_cmpuint (scalars->n_parameters, ==, 4);
}

static char *
testdata33_info (guint dataset)
{
  g_autoptr(GBytes) bytes = load ("metadata_TestData3.3.json");
  cJSON *root = cJSON_ParseWithLength (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  cJSON *info;
  char *text;

  g_assert_nonnull (root);
  info = cJSON_GetObjectItem (cJSON_GetArrayItem (cJSON_GetObjectItem (root, "catalog_inline"), dataset), "info");
  g_assert_nonnull (info);
  text = cJSON_PrintUnformatted (info);
  cJSON_Delete (root);
  return text;
}

static void
test_info_bad (void)
{
  static const struct
  {
    const char *text;
    const char *in_message;
  } cases[] = {
    { "", "empty" },
    { "not json", "not JSON" },
    { "[1,2]", "not a JSON object" },
    { "{\"HAPI\":\"3.0\"}", "no parameters" },
    { "{\"parameters\":[]}", "no parameters" },
    { "{\"parameters\":[{\"name\":\"x\",\"type\":\"double\"}]}", "not an isotime" },
    { "{\"parameters\":[{\"type\":\"isotime\"}]}", "no name" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"float\"}]}", "unknown type" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\",\"length\":-3}]}", "invalid length" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\",\"length\":1e300}]}", "invalid length" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"t\",\"type\":\"double\"}]}", "twice" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"x\",\"type\":\"double\",\"size\":[0]}]}", "invalid size" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"x\",\"type\":\"double\",\"size\":[2.5]}]}", "invalid size" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"x\",\"type\":\"double\",\"size\":[1000,1000]}]}", "too many" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"x\",\"type\":\"double\",\"size\":[1,1,1,1,1,1,1,1,1]}]}", "invalid size" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"x\",\"type\":\"double\",\"size\":[3],\"units\":[\"a\",\"b\"]}]}", "3 strings" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"x\",\"type\":\"double\",\"size\":[3],\"label\":5}]}", "neither" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"x\",\"type\":\"double\",\"size\":[2],\"bins\":[{\"centers\":[1]}]}]}", "1 bin centers" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"x\",\"type\":\"double\",\"size\":[1],\"bins\":[{\"ranges\":[1]}]}]}", "pair" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"x\",\"type\":\"double\",\"size\":[2],\"bins\":[{},{}]}]}", "2 bins for 1" },
    /* A reference cycle, and references that go nowhere. */
    { "{\"definitions\":{\"a\":{\"$ref\":\"#/definitions/b\"},\"b\":{\"$ref\":\"#/definitions/a\"}},"
      "\"parameters\":{\"$ref\":\"#/definitions/a\"}}", "no parameters" },
    { "{\"parameters\":[{\"name\":{\"$ref\":\"#/nowhere\"},\"type\":\"isotime\"}]}", "no name" },
    { "{\"parameters\":[{\"name\":{\"$ref\":\"http://x\"},\"type\":\"isotime\"}]}", "no name" },
    { "{\"status\":{\"code\":\"1200\"},\"parameters\":[]}", "status" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsHapiInfo) info = ps_hapi_info_parse (cases[i].text, strlen (cases[i].text), "d", &error);

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_null (info);
      g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_INVALID);
      if (strstr (error->message, cases[i].in_message) == NULL)
        g_error ("case %u: “%s” not in “%s”", i, cases[i].in_message, error->message);
    }

  /* An 8-dimensional size within the limits is fine. */
  {
    static const char text[] =
      "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"x\",\"type\":\"double\",\"size\":[1,2,1,2,1,2,1,2],"
      "\"label\":[[[[[[[[\"a\",\"b\"]]]]]]],[[[[[[[\"c\",\"d\"]]]]]]],[[[[[[[\"e\",\"f\"]]]]]]],[[[[[[[\"g\",\"h\"]]]]]]],"
      "[[[[[[[\"i\",\"j\"]]]]]]],[[[[[[[\"k\",\"l\"]]]]]]],[[[[[[[\"m\",\"n\"]]]]]]],[[[[[[[\"o\",\"p\"]]]]]]]]}]}";
    g_autoptr(GError) error = NULL;
    g_autoptr(PsHapiInfo) info = ps_hapi_info_parse (text, strlen (text), NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (info->parameters[1].m, ==, 16);
    g_assert_cmpstr (info->parameters[1].label_array[15], ==, "p");
  }
}

/* Data: CSV */

static void
test_csv_sample (void)
{
  g_autoptr(GPtrArray) series = parse_file (PS_HAPI_FORMAT_CSV, NULL, NULL, "HAPI_sample_csv.csv");
  PsSeries *mag;

  g_assert_cmpuint (series->len, ==, 1);
  mag = series->pdata[0];
  g_assert_cmpstr (ps_series_get_name (mag), ==, "Magnitude");
  g_assert_cmpstr (ps_series_get_units (mag), ==, "nT");
  g_assert_cmpstr (ps_series_get_meta (mag, "description"), ==, "B-field magnitude");
  g_assert_cmpstr (ps_series_get_meta (mag, "fill"), ==, "-1.0E31");
  g_assert_cmpfloat (g_ascii_strtod (ps_series_get_meta (mag, "fill"), NULL), ==, -1e31);
  g_assert_cmpstr (ps_series_get_meta (mag, "HAPI"), ==, "2.0");
  g_assert_cmpuint (ps_series_get_n (mag), ==, 48);
  g_assert_cmpuint (ps_series_get_m (mag), ==, 1);
  g_assert_cmpint (ps_series_get_display_kind (mag), ==, PS_DISPLAY_LINE);
  assert_time (ps_series_get_time (mag, 0), "1997-09-02T00:00:00.000");
  assert_time (ps_series_get_time (mag, 47), "1997-09-03T23:00:00.000");
  g_assert_cmpfloat (ps_series_get_value (mag, 0, 0), ==, 2.658);
  g_assert_cmpfloat (ps_series_get_value (mag, 47, 0), ==, 14.743);
}

static void
test_csv_multiple (void)
{
  g_autoptr(GPtrArray) series = parse_file (PS_HAPI_FORMAT_CSV, NULL, NULL, "HAPI_sample_csv_multiple_vars.csv");
  static const double bgsec_first[] = { 0.654, -1.157, -2.252 }, bgsec_last[] = { 4.955, -5.523, 3.774 };
  static const double bgsm_first[] = { 0.654, -1.622, -1.944 }, bgsm_last[] = { 4.955, -4.626, 4.835 };
  static const double pos_first[] = { 744944, 37435, 95794 }, pos_last[] = { 842254, 30870, 103923 };
  PsSeries *s;
  guint columns = 0;

  g_assert_cmpuint (series->len, ==, 4);
  for (guint i = 0; i < series->len; i++)
    {
      g_assert_cmpuint (ps_series_get_n (series->pdata[i]), ==, 48);
      columns += ps_series_get_m (series->pdata[i]);
    }
  g_assert_cmpuint (columns, ==, 10);

  s = find_series (series, "BGSEc");
  assert_row (s, 0, bgsec_first, 3);
  assert_row (s, 47, bgsec_last, 3);
  g_assert_cmpint (ps_series_get_display_kind (s), ==, PS_DISPLAY_VECTOR);
  g_assert_cmpstr (ps_series_get_units (s), ==, "nT");
  g_assert_cmpstr (ps_series_get_label (s, 2), ==, "BGSEc[2]");
  g_assert_cmpstr (ps_series_get_meta (s, "description"), ==, "Magnetic Field Vector in GSE Cartesian coordinates (1 hr)");

  s = find_series (series, "BGSM");
  assert_row (s, 0, bgsm_first, 3);
  assert_row (s, 47, bgsm_last, 3);
  g_assert_cmpstr (ps_series_get_meta (s, "description"), ==, "Magnetic field vector in GSM coordinates (1 hr)");

  s = find_series (series, "SC_pos_GSE");
  assert_row (s, 0, pos_first, 3);
  assert_row (s, 47, pos_last, 3);
  g_assert_cmpstr (ps_series_get_units (s), ==, "km");
  g_assert_cmpstr (ps_series_get_meta (s, "description"), ==, "ACE s/c position, 3 comp. in GSE coord.");
}

static void
test_csv_bins (void)
{
  g_autoptr(GPtrArray) fixed = parse_file (PS_HAPI_FORMAT_CSV, NULL, NULL, "HAPI_ndData_TimeIndependent_Axis.csv");
  g_autoptr(GBytes) cut = load ("HAPI_ndData_TimeVarying_Axis.csv");
  g_autoptr(GBytes) complete = NULL;
  g_autoptr(GPtrArray) varying = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = g_bytes_get_data (cut, NULL);
  PsSeries *s;
  const double *bins;

  g_assert_cmpuint (fixed->len, ==, 1);
  s = fixed->pdata[0];
  g_assert_cmpstr (ps_series_get_name (s), ==, "ace_epam_de_e");
  g_assert_cmpuint (ps_series_get_n (s), ==, 19);
  g_assert_cmpuint (ps_series_get_m (s), ==, 4);
  g_assert_cmpint (ps_series_get_display_kind (s), ==, PS_DISPLAY_SPECTROGRAM);
  g_assert_cmpint (ps_series_get_bins_kind (s), ==, PS_BINS_CONSTANT);
  g_assert_cmpstr (ps_series_get_bins_units (s), ==, "MeV");
  g_assert_cmpstr (ps_series_get_bins_label (s), ==, "Energy");
  bins = ps_series_get_bins (s);
  g_assert_cmpfloat (bins[0], ==, 0.0455);
  g_assert_cmpfloat (bins[3], ==, 0.245);
  g_assert_cmpfloat (ps_series_get_value (s, 0, 0), ==, 6576.2);
  g_assert_cmpfloat (ps_series_get_value (s, 0, 3), ==, 55.765);

  /* The file's second (last) row is cut after 21 of its 41 fields, and
   * has no newline: speasy's pandas pads it with NaN into 2 rows; here a
   * truncated record is an error, and the complete rows parse. */
  parse_fails (PS_HAPI_FORMAT_CSV, NULL, text, g_bytes_get_size (cut), PS_HAPI_ERROR_INVALID,
               "line 3 has 21 fields instead of 41");
  complete = g_bytes_new_from_bytes (cut, 0, strrchr (text, '\n') + 1 - text);
  varying = ps_hapi_data_parse (PS_HAPI_FORMAT_CSV, NULL, NULL, NULL, complete, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (varying->len, ==, 3);
  s = find_series (varying, "spectra_time_dependent_bins");
  g_assert_cmpuint (ps_series_get_n (s), ==, 1);
  g_assert_cmpuint (ps_series_get_m (s), ==, 10);
  g_assert_cmpint (ps_series_get_display_kind (s), ==, PS_DISPLAY_SPECTROGRAM);
  g_assert_cmpint (ps_series_get_bins_kind (s), ==, PS_BINS_VARYING);
  g_assert_cmpstr (ps_series_get_bins_units (s), ==, "Hz");
  g_assert_cmpstr (ps_series_get_bins_label (s), ==, "frequency");
  bins = ps_series_get_bins (s);
  g_assert_cmpfloat (bins[0], ==, 11);  /* row 0: 11, 13, … 29 */
  g_assert_cmpfloat (bins[9], ==, 29);
  g_assert_cmpfloat (ps_series_get_value (s, 0, 1), ==, 1);
  assert_time (ps_series_get_time (s, 0), "1970-01-01T00:00:00Z");

  s = find_series (varying, "frequency_ranges_time_varying");
  g_assert_cmpuint (ps_series_get_m (s), ==, 20);
  g_assert_cmpint (ps_series_get_display_kind (s), ==, PS_DISPLAY_MULTI);
  g_assert_cmpstr (ps_series_get_label (s, 3), ==, "frequency_ranges_time_varying[1,1]");
  g_assert_cmpfloat (ps_series_get_value (s, 0, 3), ==, 14);
}

static void
test_csv_spec (void)
{
  g_autoptr(GPtrArray) with_header = parse_file (PS_HAPI_FORMAT_CSV, NULL, NULL, "data_with_header_no_ellipsis.csv");
  g_autoptr(PsHapiInfo) info = load_info ("info_parameter_object_example.json");
  g_autoptr(GPtrArray) without = parse_file (PS_HAPI_FORMAT_CSV, info, NULL, "data_only_no_ellipsis.csv");
  static const double last[] = { 2.74, 0.17, -28.62 };
  g_autoptr(GBytes) ellipsis = load ("data_with_header.csv");
  g_autoptr(GBytes) ellipsis2 = load ("data_only.csv");
  PsSeries *s;

  g_assert_cmpuint (with_header->len, ==, 3);
  g_assert_cmpuint (without->len, ==, 3);
  /* The spec's header says "quality flag", its info "quality_flag". */
  for (guint i = 0; i < 3; i++)
    assert_same_values (with_header->pdata[i], without->pdata[i]);
  s = find_series (with_header, "mag_GSE");
  assert_row (s, 2, last, 3);
  assert_time (ps_series_get_time (s, 2), "2016-01-01T02:00:00Z");
  g_assert_true (isnan (ps_series_get_value (find_series (with_header, "radial_position"), 0, 0)) == FALSE);
  g_assert_cmpfloat (ps_series_get_value (find_series (without, "radial_position"), 1, 0), ==, 6.890149);
  g_assert_cmpstr (ps_series_get_label (find_series (without, "radial_position"), 0), ==, "R Position");

  /* Units and labels per component. */
  {
    g_autoptr(PsHapiInfo) arrays = load_info ("info_units_label_arrays.json");
    g_autoptr(GPtrArray) polar = parse_file (PS_HAPI_FORMAT_CSV, arrays, NULL, "data_only_no_ellipsis.csv");

    s = find_series (polar, "mag_GSE");
    g_assert_cmpstr (ps_series_get_units (s), ==, "nT, degrees, degrees");
    g_assert_cmpstr (ps_series_get_label (s, 0), ==, "B Magnitude");
    g_assert_cmpstr (ps_series_get_label (s, 2), ==, "phi");
    g_assert_cmpint (ps_series_get_display_kind (s), ==, PS_DISPLAY_MULTI);
    assert_row (s, 2, last, 3);
  }

  /* The spec's "..." lines are not data. */
  parse_fails (PS_HAPI_FORMAT_CSV, NULL, g_bytes_get_data (ellipsis, NULL), g_bytes_get_size (ellipsis),
               PS_HAPI_ERROR_INVALID, "line 3");
  parse_fails (PS_HAPI_FORMAT_CSV, info, g_bytes_get_data (ellipsis2, NULL), g_bytes_get_size (ellipsis2),
               PS_HAPI_ERROR_INVALID, "line 3");
}

static void
test_csv_no_header_subset (void)
{
  g_autofree char *text = testdata33_info (0);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsHapiInfo) info = ps_hapi_info_parse (text, strlen (text), "dataset1", &error);
  const char *parameters[] = { "vector", NULL };
  const char *unknown[] = { "vector", "nope", NULL };
  static const double first[] = { 0, -0.7071067811865475, -1 };
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GBytes) body = load ("metadata_TestData3.3.csv");
  PsSeries *s;

  g_assert_no_error (error);
  g_assert_cmpstr (info->hapi_version, ==, NULL); /* the server adds it */
  series = parse_file (PS_HAPI_FORMAT_CSV, info, parameters, "metadata_TestData3.3.csv");
  g_assert_cmpuint (series->len, ==, 1);
  s = series->pdata[0];
  g_assert_cmpuint (ps_series_get_n (s), ==, 60);
  assert_row (s, 0, first, 3);
  g_assert_cmpstr (ps_series_get_units (s), ==, "m");
  assert_time (ps_series_get_time (s, 59), "1970-01-01T00:00:59Z");

  g_clear_pointer (&series, g_ptr_array_unref);
  series = ps_hapi_data_parse (PS_HAPI_FORMAT_CSV, info, unknown, "dataset1", body, &error);
  g_assert_null (series);
  g_assert_error (error, PS_HAPI_ERROR, PS_HAPI_ERROR_UNKNOWN_PARAMETER);
  g_assert_nonnull (strstr (error->message, "nope"));
}

/* Data: binary */

static void
test_binary (void)
{
  g_autoptr(GPtrArray) td33 = parse_file (PS_HAPI_FORMAT_BINARY, NULL, NULL, "HAPI_sample_TestData3.3.binary");
  g_autoptr(GPtrArray) amda = parse_file (PS_HAPI_FORMAT_BINARY, NULL, NULL, "HAPI_amda_imf_all.binary");
  g_autoptr(GPtrArray) fixed = parse_file (PS_HAPI_FORMAT_BINARY, NULL, NULL, "HAPI_ndData_TimeIndependent_Axis.binary");
  g_autoptr(GPtrArray) varying = parse_file (PS_HAPI_FORMAT_BINARY, NULL, NULL, "HAPI_ndData_TimeVarying_Axis.binary");
  g_autoptr(GPtrArray) csv = parse_file (PS_HAPI_FORMAT_CSV, NULL, NULL, "HAPI_ndData_TimeIndependent_Axis.csv");
  g_autoptr(GBytes) body = load ("HAPI_sample_TestData3.3.binary");
  g_autoptr(PsHapiDataParser) parser = ps_hapi_data_parser_new (PS_HAPI_FORMAT_BINARY, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  PsHapiInfo *info;
  PsSeries *s;

  /* TestData3.3 dataset3 */
  g_assert_cmpuint (td33->len, ==, 1);
  s = td33->pdata[0];
  g_assert_cmpstr (ps_series_get_name (s), ==, "vector parameter");
  g_assert_cmpstr (ps_series_get_units (s), ==, "m");
  g_assert_cmpstr (ps_series_get_meta (s, "description"), ==, "");
  g_assert_cmpuint (ps_series_get_n (s), ==, 60);
  g_assert_cmpuint (ps_series_get_m (s), ==, 3);
  assert_time (ps_series_get_time (s, 0), "1970-01-01T00:00:00.000");
  assert_time (ps_series_get_time (s, 59), "1970-01-01T00:00:59.000");
  g_assert_cmpfloat_with_epsilon (ps_series_get_value (s, 0, 1), -0.7071067811865475, 1e-15);

  ps_hapi_data_parser_feed_bytes (parser, body, &error);
  g_assert_no_error (error);
  info = ps_hapi_data_parser_get_info (parser);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->parameters[0].units, ==, "UTC");
  g_assert_cmpint (info->parameters[0].type, ==, PS_HAPI_TYPE_ISOTIME);
  g_assert_cmpuint (info->parameters[0].length, ==, 24);
  g_assert_cmpuint (ps_hapi_data_parser_get_n_records (parser), ==, 60);

  /* AMDA ace_imf_all */
  g_assert_cmpuint (amda->len, ==, 2);
  s = find_series (amda, "imf_mag");
  g_assert_cmpuint (ps_series_get_n (s), ==, 48);
  g_assert_cmpuint (ps_series_get_m (s), ==, 1);
  g_assert_cmpstr (ps_series_get_units (s), ==, "nT");
  g_assert_cmpstr (ps_series_get_meta (s, "description"), ==, "Magnetic field magnitude");
  assert_time (ps_series_get_time (s, 0), "1997-09-02T17:01:00.000Z");
  g_assert_cmpfloat_with_epsilon (ps_series_get_value (s, 0, 0), 3.0796, 1e-4);
  s = find_series (amda, "imf");
  g_assert_cmpuint (ps_series_get_n (s), ==, 48);
  g_assert_cmpuint (ps_series_get_m (s), ==, 3);
  g_assert_cmpstr (ps_series_get_units (s), ==, "nT");
  g_assert_cmpstr (ps_series_get_meta (s, "description"), ==, "Magnetic field vector in GSE Cartesian coordinates (16 sec)");
  g_assert_cmpfloat_with_epsilon (ps_series_get_value (s, 0, 0), -0.594, 1e-3);
  g_assert_cmpfloat_with_epsilon (ps_series_get_value (s, 0, 1), -0.476, 1e-3);
  g_assert_cmpint (ps_series_get_display_kind (s), ==, PS_DISPLAY_VECTOR);

  /* ace_epam_de_e: binary and CSV agree where the CSV stops. */
  s = fixed->pdata[0];
  g_assert_cmpuint (ps_series_get_n (s), ==, 1106);
  g_assert_cmpuint (ps_series_get_m (s), ==, 4);
  g_assert_cmpint (ps_series_get_bins_kind (s), ==, PS_BINS_CONSTANT);
  g_assert_cmpstr (ps_series_get_bins_units (s), ==, "MeV");
  for (gsize i = 0; i < 19; i++)
    {
      g_assert_cmpint (ps_series_get_time (s, i), ==, ps_series_get_time (csv->pdata[0], i));
      for (guint j = 0; j < 4; j++)
        g_assert_cmpfloat_with_epsilon (ps_series_get_value (s, i, j),
                                        ps_series_get_value (csv->pdata[0], i, j), 1e-9);
    }

  /* Time-varying bins */
  g_assert_cmpuint (varying->len, ==, 4);
  s = find_series (varying, "spectra_time_dependent_bins");
  g_assert_cmpuint (ps_series_get_n (s), ==, 71);
  g_assert_cmpint (ps_series_get_bins_kind (s), ==, PS_BINS_VARYING);
  g_assert_cmpstr (ps_series_get_bins_label (s), ==, "frequency");
  g_assert_cmpstr (ps_series_get_bins_units (s), ==, "Hz");
  g_assert_cmpmem (ps_series_get_bins (s), 71 * 10 * sizeof (double),
                   ps_series_get_values (find_series (varying, "frequency_centers_time_varying")),
                   71 * 10 * sizeof (double));
  s = find_series (varying, "spectra");
  g_assert_cmpint (ps_series_get_bins_kind (s), ==, PS_BINS_CONSTANT);
  g_assert_cmpfloat (ps_series_get_bins (s)[9], ==, 19);
}

/* Data: JSON */

static void
test_json (void)
{
  g_autoptr(GPtrArray) series = parse_file (PS_HAPI_FORMAT_JSON, NULL, NULL, "data_format_json.json");
  static const double first[] = { 0.44302, 0.398, -8.49 }, last[] = { 0.43904, 0.399, -9.16 };
  PsSeries *s;

  g_assert_cmpuint (series->len, ==, 2); /* region is a string */
  s = find_series (series, "quality_flag");
  g_assert_cmpuint (ps_series_get_n (s), ==, 4);
  g_assert_cmpfloat (ps_series_get_value (s, 3, 0), ==, 1);
  assert_time (ps_series_get_time (s, 0), "2010-01-01T12:01:00Z");
  s = find_series (series, "mag_GSE");
  assert_row (s, 0, first, 3);
  assert_row (s, 3, last, 3);
  assert_time (ps_series_get_time (s, 3), "2010-001T12:04:00Z");
}

/* Status in data headers */

static void
test_data_status (void)
{
  static const char no_data[] =
    "#{\"HAPI\":\"3.0\",\"status\":{\"code\":1201,\"message\":\"OK - no data for time range\"},"
    "#\"parameters\":[{\"name\":\"Time\",\"type\":\"isotime\",\"length\":24},{\"name\":\"b\",\"type\":\"double\",\"size\":[3]}]}\n";
  static const char no_data_lines[] =
    "#{\"HAPI\":\"3.0\",\"status\":{\"code\":1201,\"message\":\"OK - no data for time range\"},\n"
    "#\"parameters\":[{\"name\":\"Time\",\"type\":\"isotime\",\"length\":24},{\"name\":\"b\",\"type\":\"double\",\"size\":[3]}]}\n";
  static const char too_much[] =
    "#{\"HAPI\":\"3.0\",\"status\":{\"code\":1408,\"message\":\"Bad request - too much time or data requested\"}}\n";
  static const char json_error[] = "{\"HAPI\":\"3.0\",\"status\":{\"code\":1405,\"message\":\"out\"}}";
  g_autoptr(PsHapiInfo) info = load_info ("info_mag_vector_size3.json");
  PsHapiFormat formats[] = { PS_HAPI_FORMAT_CSV, PS_HAPI_FORMAT_BINARY };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      const char *bodies[] = { no_data_lines, "" };

      for (guint b = 0; b < G_N_ELEMENTS (bodies); b++)
        {
          g_autoptr(GBytes) body = g_bytes_new_static (bodies[b], strlen (bodies[b]));
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) series = ps_hapi_data_parse (formats[f], info, NULL, "d", body, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (series->len, ==, 1);
          g_assert_cmpuint (ps_series_get_n (series->pdata[0]), ==, 0);
          g_assert_cmpuint (ps_series_get_m (series->pdata[0]), ==, 3);
        }
      parse_fails (formats[f], NULL, too_much, strlen (too_much), PS_HAPI_ERROR_TOO_MUCH_DATA, "“bad”");
      /* A header whose JSON spans one line with no newline at the end. */
      parse_fails (formats[f], NULL, no_data, strlen (no_data), PS_HAPI_ERROR_INVALID, "not a valid HAPI info");
    }

  {
    static const char json_no_data[] = "{\"HAPI\":\"3.0\",\"status\":{\"code\":1201,\"message\":\"none\"}}";
    g_autoptr(GBytes) body = g_bytes_new_static (json_no_data, strlen (json_no_data));
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) series = ps_hapi_data_parse (PS_HAPI_FORMAT_JSON, info, NULL, "d", body, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (series->len, ==, 1);
    g_assert_cmpuint (ps_series_get_n (series->pdata[0]), ==, 0);
  }
  parse_fails (PS_HAPI_FORMAT_JSON, info, json_error, strlen (json_error), PS_HAPI_ERROR_OUTSIDE_COVERAGE, "“bad”");
  parse_fails (PS_HAPI_FORMAT_CSV, NULL, "", 0, PS_HAPI_ERROR_INVALID, "no info");
}

/* Bad data */

#define HEADER(params) \
  "#{\"HAPI\":\"3.0\",\"status\":{\"code\":1200,\"message\":\"OK\"},\n" \
  "#\"parameters\":[{\"name\":\"Time\",\"type\":\"isotime\",\"length\":24}" params "]}\n"
#define VEC ",{\"name\":\"b\",\"type\":\"double\",\"size\":[3],\"fill\":\"-1\"}"
#define T0 "2020-01-01T00:00:00.000Z"
#define T1 "2020-01-01T00:00:01.000Z"

static void
test_csv_bad (void)
{
  static const struct
  {
    const char *text;
    const char *in_message;
  } cases[] = {
    { HEADER (VEC) T0 ",1,2\n", "line 1 has 3 fields instead of 4" },
    { HEADER (VEC) T0 ",1,2,3,4\n", "line 1 has more than 4 fields" },
    { HEADER (VEC) T0 ",1,2,x\n", "“x” is not a number" },
    { HEADER (VEC) T0 ",1,2,\n", "“” is not a number" },
    { HEADER (VEC) "garbage,1,2,3\n", "line 1" },
    { HEADER (VEC) T1 ",1,2,3\n" T0 ",1,2,3\n", "line 2: time " T0 " is earlier" },
    { HEADER (VEC) T0 ",1,2,3\n\x01\x02\x03\n", "line 2" },
    { "#{not json\n" T0 ",1\n", "not a valid HAPI info" },
    { "#\n" T0 ",1\n", "not a valid HAPI info" },
    { HEADER (",{\"name\":\"b\",\"type\":\"double\",\"size\":[1000000,1000]}") T0 ",1\n", "too many components" },
    { HEADER (",{\"name\":\"b\",\"type\":\"double\",\"size\":[65536]},{\"name\":\"c\",\"type\":\"double\",\"size\":[65536]},"
              "{\"name\":\"d\",\"type\":\"double\",\"size\":[65536]},{\"name\":\"e\",\"type\":\"double\",\"size\":[65536]},"
              "{\"name\":\"f\",\"type\":\"double\",\"size\":[1]}")
      T0 ",1\n", "too large" },
    { HEADER (",{\"name\":\"b\",\"type\":\"double\",\"size\":[65537]}") T0 ",1\n", "too many components" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      parse_fails (PS_HAPI_FORMAT_CSV, NULL, cases[i].text, strlen (cases[i].text),
                   PS_HAPI_ERROR_INVALID, cases[i].in_message);
    }

  /* Fill, CRLF, blank lines, a last line without newline, quoted strings. */
  {
    static const char text[] =
      HEADER (VEC ",{\"name\":\"s\",\"type\":\"string\",\"length\":8}")
      T0 ",1,-1,3,\"a,\"\"b\"\r\n\r\n" T1 ", 4 ,5,NaN,plain";
    g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) series = ps_hapi_data_parse (PS_HAPI_FORMAT_CSV, NULL, NULL, NULL, body, &error);
    PsSeries *s;

    g_assert_no_error (error);
    g_assert_cmpuint (series->len, ==, 1);
    s = series->pdata[0];
    g_assert_cmpuint (ps_series_get_n (s), ==, 2);
    g_assert_true (isnan (ps_series_get_value (s, 0, 1)));
    g_assert_cmpfloat (ps_series_get_value (s, 1, 0), ==, 4);
    g_assert_true (isnan (ps_series_get_value (s, 1, 2)));
  }
}

static void
test_binary_bad (void)
{
  g_autoptr(GBytes) good = load ("HAPI_sample_TestData3.3.binary");
  gsize length;
  const char *data = g_bytes_get_data (good, &length);
  const char *records = strchr (data, '\n') + 1;
  gsize header = records - data;
  g_autofree char *swapped = g_memdup2 (data, length);
  g_autofree char *garbage = g_memdup2 (data, length);

  /* 24 + 3 × 8 bytes a record. */
  g_assert_cmpuint ((length - header) % 48, ==, 0);
  parse_fails (PS_HAPI_FORMAT_BINARY, NULL, data, length - 1, PS_HAPI_ERROR_INVALID,
               "the last record is truncated: 47 bytes instead of 48");
  parse_fails (PS_HAPI_FORMAT_BINARY, NULL, data, header + 10, PS_HAPI_ERROR_INVALID, "truncated");

  /* Record 1 before record 0. */
  memcpy (swapped + header, data + header + 48, 48);
  memcpy (swapped + header + 48, data + header, 48);
  parse_fails (PS_HAPI_FORMAT_BINARY, NULL, swapped, length, PS_HAPI_ERROR_INVALID, "record 1: time");

  memset (garbage + header + 48 * 5, 'x', 24);
  parse_fails (PS_HAPI_FORMAT_BINARY, NULL, garbage, length, PS_HAPI_ERROR_INVALID, "record 5");

  /* Binary without the lengths it needs. */
  {
    static const char text[] = "#{\"parameters\":[{\"name\":\"Time\",\"type\":\"isotime\"}]}\n" T0;

    parse_fails (PS_HAPI_FORMAT_BINARY, NULL, text, strlen (text), PS_HAPI_ERROR_INVALID, "no length");
  }
}

static void
test_json_bad (void)
{
  static const struct
  {
    const char *text;
    const char *in_message;
  } cases[] = {
    { "", "empty" },
    { "[]", "not a JSON object" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"b\",\"type\":\"double\",\"size\":[2]}],"
      "\"data\":[[\"" T0 "\",[1]]]}", "does not have 2 numbers" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"b\",\"type\":\"double\",\"size\":[2]}],"
      "\"data\":[[\"" T0 "\",[1,2,3]]]}", "does not have 2 numbers" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"b\",\"type\":\"double\"}],"
      "\"data\":[[\"" T0 "\"]]}", "not an array of 2 values" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"b\",\"type\":\"double\"}],"
      "\"data\":[[1, 2]]}", "no time string" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"b\",\"type\":\"double\"}],"
      "\"data\":{}}", "not an array" },
    { "{\"parameters\":[{\"name\":\"t\",\"type\":\"isotime\"},{\"name\":\"b\",\"type\":\"double\"}],"
      "\"data\":[[\"" T1 "\",1],[\"" T0 "\",2]]}", "earlier" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      parse_fails (PS_HAPI_FORMAT_JSON, NULL, cases[i].text, strlen (cases[i].text),
                   PS_HAPI_ERROR_INVALID, cases[i].in_message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/Hapi/status/codes", test_status_codes);
  g_test_add_func ("/Core/Hapi/status/1406", test_status_1406);
  g_test_add_func ("/Core/Hapi/catalog", test_catalog);
  g_test_add_func ("/Core/Hapi/info/testdata2.0", test_info_testdata20);
  g_test_add_func ("/Core/Hapi/info/spec", test_info_spec);
  g_test_add_func ("/Core/Hapi/info/bad", test_info_bad);
  g_test_add_func ("/Core/Hapi/csv/sample", test_csv_sample);
  g_test_add_func ("/Core/Hapi/csv/multiple", test_csv_multiple);
  g_test_add_func ("/Core/Hapi/csv/bins", test_csv_bins);
  g_test_add_func ("/Core/Hapi/csv/spec", test_csv_spec);
  g_test_add_func ("/Core/Hapi/csv/no-header-subset", test_csv_no_header_subset);
  g_test_add_func ("/Core/Hapi/csv/bad", test_csv_bad);
  g_test_add_func ("/Core/Hapi/binary", test_binary);
  g_test_add_func ("/Core/Hapi/binary/bad", test_binary_bad);
  g_test_add_func ("/Core/Hapi/json", test_json);
  g_test_add_func ("/Core/Hapi/json/bad", test_json_bad);
  g_test_add_func ("/Core/Hapi/data/status", test_data_status);

  return g_test_run ();
}
