/* bench-get-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Values are a slow rotation, a faster wave and noise, FLOAT like the
 * real ACE and MMS magnetic fields, with a whole record of FILLVAL now and
 * then; they depend only on the sample's time, so any two files agree
 * where they overlap. Files are uncompressed: the direct read the warm
 * figure compares with is then as fast as it gets.
 */

#define G_LOG_DOMAIN "bench-get"

#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <ftw.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "bench-get-data.h"
#include "ps-cdf-writer.h"
#include "ps-time-cdf.h"

#ifndef PS_SOURCE_DIR
#define PS_SOURCE_DIR "."
#endif

#define FILL_VALUE    (-1e31f)
#define LABEL_LENGTH  8

static void
request_free (gpointer data)
{
  BenchRequest *r = data;

  g_free (r->data_path);
  g_free (r->answer_file);
  g_free (r->cdf_file);
  g_free (r->cdf_path);
  g_free (r);
}

static void
scenario_free (gpointer data)
{
  BenchScenario *s = data;

  g_free (s->product);
  g_ptr_array_unref (s->requests);
  g_free (s);
}

static int
remove_entry (const char        *path,
              const struct stat *st,
              int                flag,
              struct FTW        *ftw)
{
  remove (path);
  return 0;
}

void
bench_rm_rf (const char *path)
{
  nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#define DIR_PREFIX "plasmascope-bench-get-"

/* What a run that died left (hundreds of MB with the 128 Hz day): the
 * directories of processes that are gone. */
static void
remove_dead_runs (void)
{
  g_autoptr(GDir) tmp = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;

  while (tmp != NULL && (name = g_dir_read_name (tmp)) != NULL)
    {
      char *end = NULL;
      gint64 pid;

      if (!g_str_has_prefix (name, DIR_PREFIX))
        continue;
      pid = g_ascii_strtoll (name + strlen (DIR_PREFIX), &end, 10);
      if (pid > 0 && *end == '\0' && kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        {
          g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);

          bench_rm_rf (path);
        }
    }
}

/* Files go to $TMPDIR/plasmascope-bench-get-PID, removed at the end. */
BenchSite *
bench_site_new (void)
{
  BenchSite *site = g_new0 (BenchSite, 1);
  g_autofree char *name = g_strdup_printf (DIR_PREFIX "%ld", (long) getpid ());
  g_autofree char *files = NULL;

  remove_dead_runs ();
  site->dir = g_build_filename (g_get_tmp_dir (), name, NULL);
  bench_rm_rf (site->dir);
  files = g_build_filename (site->dir, "files", NULL);
  if (g_mkdir_with_parents (files, 0700) != 0)
    g_error ("cannot create %s", files);
  site->routes = g_ptr_array_new_with_free_func (g_free);
  site->scenarios = g_ptr_array_new_with_free_func (scenario_free);
  site->fetcher = ps_fetcher_new ();
  return site;
}

void
bench_site_free (BenchSite *site)
{
  if (site->server != NULL)
    {
      /* Closing its stdin is what makes it leave. */
      g_output_stream_close (g_subprocess_get_stdin_pipe (site->server), NULL, NULL);
      g_subprocess_wait (site->server, NULL, NULL);
      g_object_unref (site->server);
    }
  bench_rm_rf (site->dir);
  g_free (site->dir);
  g_free (site->base_url);
  g_ptr_array_unref (site->routes);
  g_ptr_array_unref (site->scenarios);
  g_object_unref (site->fetcher);
  g_free (site);
}

/* --- CDF files ------------------------------------------------------------ */

static guint32
mix (guint64 x)
{
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  x ^= x >> 33;
  return (guint32) x;
}

static void
fill_values (const BenchDataset *dataset,
             PsTime              start,
             gint64              n,
             gint64             *tt2000,
             float              *values)
{
  for (gint64 i = 0; i < n; i++)
    {
      PsTime t = start + i * dataset->cadence;
      guint64 k = (guint64) (t / dataset->cadence);
      double hours = t / (3600.0 * PS_TIME_NS_PER_SECOND);
      double slow = 5.0 * sin (hours * 0.7);
      double fast = 0.8 * cos ((double) k * 0.05);
      float *row = values + i * dataset->m;

      tt2000[i] = ps_time_to_tt2000 (t);
      if (mix (k) % 9973 == 0)
        {
          for (guint c = 0; c < dataset->m; c++)
            row[c] = FILL_VALUE;
          continue;
        }
      for (guint c = 0; c < dataset->m; c++)
        {
          double noise = (mix (k * 8 + c) >> 8) / (double) (1 << 24) - 0.5;

          row[c] = (float) ((c == 0 ? slow : c == 1 ? -slow : 2.0) + fast * (c + 1) + 0.1 * noise);
        }
      if (dataset->m == 4)
        row[3] = sqrtf (row[0] * row[0] + row[1] * row[1] + row[2] * row[2]);
    }
}

static void
global_text (PsCdfWriter *w,
             const char  *name,
             const char  *value)
{
  ps_cdf_writer_add_global_entry (w, name, 0, PS_CDF_CHAR, strlen (value), value);
}

static void
write_cdf (const BenchDataset *dataset,
           const PsTimeRange  *range,
           const char         *path,
           gint64             *n_records)
{
  g_autoptr(PsCdfWriter) w = ps_cdf_writer_new ();
  g_autoptr(GError) error = NULL;
  gint64 n = (range->stop - range->start + dataset->cadence - 1) / dataset->cadence;
  gint64 *tt2000 = g_new (gint64, n);
  float *values = g_new (float, (gsize) n * dataset->m);
  char *labels = g_malloc0 ((gsize) dataset->m * LABEL_LENGTH);
  g_autofree char *label_name = g_strdup_printf ("label_%s", dataset->variable);
  g_autofree char *source = g_ascii_strdown (dataset->dataset, -1);
  const guint32 dims[] = { dataset->m };
  const gint64 time_fill = G_MININT64;
  const gint64 time_min = ps_time_to_tt2000 (ps_time_days_from_civil (1990, 1, 1) * PS_TIME_NS_PER_DAY);
  const gint64 time_max = ps_time_to_tt2000 (ps_time_days_from_civil (2100, 1, 1) * PS_TIME_NS_PER_DAY);
  const float fill = FILL_VALUE, vmin = -65534.0f, vmax = 65534.0f;
  guint ve, vb, vl;

  fill_values (dataset, range->start, n, tt2000, values);
  for (guint c = 0; c < dataset->m; c++)
    strncpy (labels + c * LABEL_LENGTH, dataset->labels[c], LABEL_LENGTH);

  global_text (w, "Project", "ISTP>International Solar-Terrestrial Physics");
  global_text (w, "Discipline", "Space Physics>Interplanetary Studies");
  global_text (w, "Source_name", "Plasmascope>bench-get");
  global_text (w, "Data_type", "H0>Synthetic");
  global_text (w, "Descriptor", "MAG>Magnetometer");
  global_text (w, "Logical_source", source);
  global_text (w, "Logical_source_description", dataset->fieldnam);
  global_text (w, "PI_name", "Synthetic data");

  ve = ps_cdf_writer_add_variable (w, "Epoch", PS_CDF_TIME_TT2000, 1, 0, NULL, TRUE);
  vb = ps_cdf_writer_add_variable (w, dataset->variable, PS_CDF_FLOAT, 1, 1, dims, TRUE);
  vl = ps_cdf_writer_add_variable (w, label_name, PS_CDF_CHAR, LABEL_LENGTH, 1, dims, FALSE);
  ps_cdf_writer_set_values (w, ve, g_bytes_new_take (tt2000, (gsize) n * 8), n);
  ps_cdf_writer_set_values (w, vb, g_bytes_new_take (values, (gsize) n * dataset->m * 4), n);
  ps_cdf_writer_set_values (w, vl, g_bytes_new_take (labels, (gsize) dataset->m * LABEL_LENGTH), 1);

  ps_cdf_writer_set_variable_string (w, "FIELDNAM", ve, "Time Line");
  ps_cdf_writer_set_variable_string (w, "CATDESC", ve, "Time, centered, TT2000");
  ps_cdf_writer_set_variable_string (w, "UNITS", ve, "ns");
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", ve, "support_data");
  ps_cdf_writer_set_variable_string (w, "MONOTON", ve, "INCREASE");
  ps_cdf_writer_set_variable_entry (w, "FILLVAL", ve, PS_CDF_TIME_TT2000, 1, &time_fill);
  ps_cdf_writer_set_variable_entry (w, "VALIDMIN", ve, PS_CDF_TIME_TT2000, 1, &time_min);
  ps_cdf_writer_set_variable_entry (w, "VALIDMAX", ve, PS_CDF_TIME_TT2000, 1, &time_max);

  ps_cdf_writer_set_variable_string (w, "FIELDNAM", vb, dataset->fieldnam);
  ps_cdf_writer_set_variable_string (w, "CATDESC", vb, dataset->fieldnam);
  ps_cdf_writer_set_variable_string (w, "DEPEND_0", vb, "Epoch");
  ps_cdf_writer_set_variable_string (w, "LABL_PTR_1", vb, label_name);
  ps_cdf_writer_set_variable_string (w, "UNITS", vb, "nT");
  ps_cdf_writer_set_variable_string (w, "FORMAT", vb, "F9.3");
  ps_cdf_writer_set_variable_string (w, "DISPLAY_TYPE", vb, "time_series");
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", vb, "data");
  ps_cdf_writer_set_variable_string (w, "SCALETYP", vb, "linear");
  ps_cdf_writer_set_variable_entry (w, "FILLVAL", vb, PS_CDF_FLOAT, 1, &fill);
  ps_cdf_writer_set_variable_entry (w, "VALIDMIN", vb, PS_CDF_FLOAT, 1, &vmin);
  ps_cdf_writer_set_variable_entry (w, "VALIDMAX", vb, PS_CDF_FLOAT, 1, &vmax);

  ps_cdf_writer_set_variable_string (w, "FIELDNAM", vl, "Labels");
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", vl, "metadata");

  if (!ps_cdf_writer_write (w, path, &error))
    g_error ("%s", error->message);
  *n_records = n;
}

/* --- requests and answers -------------------------------------------------- */

static char *
compact_time (PsTime t)
{
  PsTimeParts p;

  ps_time_to_parts (t, &p);
  return g_strdup_printf ("%04d%02d%02d%02d%02d%02d", p.year, p.month, p.day, p.hour, p.minute, p.second);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    g_error ("cannot stat %s", path);
  return st.st_size;
}

/**
 * bench_site_add:
 * @planner: a CDAWeb provider whose base URL is "http://127.0.0.1"
 *
 * Plans @range of @dataset on an empty cache, writes one CDF file per
 * request and adds the routes of the data requests.
 */
BenchScenario *
bench_site_add (BenchSite          *site,
                PsCdaProvider      *planner,
                const BenchDataset *dataset,
                const PsTimeRange  *range)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = g_build_filename (site->dir, "plan-cache", NULL);
  g_autoptr(PsCache) cache = ps_cache_open (cache_dir, &error);
  g_autoptr(PsCachePlan) plan = NULL;
  BenchScenario *s = g_new0 (BenchScenario, 1);
  PsProvider *provider = PS_PROVIDER (planner);
  g_autofree char *source = g_ascii_strdown (dataset->dataset, -1);
  PsCacheProduct product;

  if (cache == NULL)
    g_error ("%s", error->message);
  s->dataset = dataset;
  s->product = g_strdup_printf ("cda/%s/%s", dataset->dataset, dataset->variable);
  s->range = *range;
  s->requests = g_ptr_array_new_with_free_func (request_free);
  product = (PsCacheProduct) { ps_provider_get_prefix (provider), s->product, "" };
  plan = ps_cache_plan (cache, &product, range,
                        ps_provider_get_fragment_length (provider, s->product),
                        ps_provider_get_max_span (provider, s->product), 0, &error);
  if (plan == NULL)
    g_error ("%s", error->message);
  s->n_fragments = plan->n_slots;
  s->n_records = (range->stop - range->start + dataset->cadence - 1) / dataset->cadence;

  for (guint i = 0; i < plan->n_requests; i++)
    {
      BenchRequest *r = g_new0 (BenchRequest, 1);
      g_autofree char *url = NULL;
      g_autofree char *start = compact_time (plan->requests[i].start);
      g_autofree char *stop = compact_time (plan->requests[i].stop);
      g_autofree char *cdf_name = g_strdup_printf ("%s_%s_%s_cdaweb.cdf", source, start, stop);
      g_autofree char *answer_name = g_strdup_printf ("%s_%s_%s.json", source, start, stop);
      const char *base = "http://127.0.0.1";
      const char *query;
      g_autofree char *escaped_path = NULL;
      cJSON *route;

      r->range = ps_time_range_make (plan->requests[i].start, plan->requests[i].stop);
      url = ps_cda_provider_data_url (planner, dataset->dataset, dataset->variable, &r->range);
      if (!g_str_has_prefix (url, base) || (query = strchr (url, '?')) == NULL || strcmp (query, "?format=cdf") != 0)
        g_error ("unexpected CDAS data URL %s", url);
      escaped_path = g_strndup (url + strlen (base), query - url - strlen (base));
      r->data_path = g_uri_unescape_string (escaped_path, NULL);
      r->cdf_file = g_build_filename (site->dir, "files", cdf_name, NULL);
      r->cdf_path = g_strconcat ("/files/", cdf_name, NULL);
      r->answer_file = g_build_filename (site->dir, answer_name, NULL);
      write_cdf (dataset, &r->range, r->cdf_file, &r->n_records);
      r->cdf_bytes = file_size (r->cdf_file);

      route = cJSON_CreateObject ();
      cJSON_AddStringToObject (route, "path", r->data_path);
      cJSON_AddItemToObject (cJSON_AddObjectToObject (route, "query"), "format", cJSON_CreateString ("cdf"));
      cJSON_AddStringToObject (route, "file", answer_name);
      cJSON_AddStringToObject (route, "content_type", "application/json");
      g_ptr_array_add (site->routes, cJSON_PrintUnformatted (route));
      cJSON_Delete (route);
      g_ptr_array_add (s->requests, r);
    }
  g_ptr_array_add (site->scenarios, s);
  return s;
}

/* What CDAS answers a data request with: the file it generated. */
static void
write_answer (BenchSite    *site,
              BenchRequest *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *start = ps_time_format_iso (r->range.start, 3);
  g_autofree char *stop = ps_time_format_iso (r->range.stop, 3);
  g_autofree char *json = g_strdup_printf ("{\"FileDescription\":[{\"Name\":\"%s%s\","
                                           "\"MimeType\":\"application/x-cdf\","
                                           "\"StartTime\":\"%s\",\"EndTime\":\"%s\","
                                           "\"Length\":%" G_GINT64_FORMAT ","
                                           "\"LastModified\":\"2020-06-01T00:00:00.000Z\"}]}",
                                           site->base_url, r->cdf_path, start, stop, r->cdf_bytes);

  if (!g_file_set_contents (r->answer_file, json, -1, &error))
    g_error ("%s", error->message);
  r->answer_bytes = (gint64) strlen (json);
}

/* Writes routes.json, starts tests/test-server.py, then writes the file
 * lists, which name the server's port. */
void
bench_site_start (BenchSite *site)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *routes_file = g_build_filename (site->dir, "routes.json", NULL);
  g_autofree char *script = g_build_filename (PS_SOURCE_DIR, "tests", "test-server.py", NULL);
  g_autoptr(GString) routes = g_string_new ("[");
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  guint port;

  for (guint i = 0; i < site->routes->len; i++)
    g_string_append_printf (routes, "%s%s\n", i > 0 ? "," : "", (char *) g_ptr_array_index (site->routes, i));
  g_string_append (routes, "]\n");
  if (!g_file_set_contents (routes_file, routes->str, -1, &error))
    g_error ("%s", error->message);

  site->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                   "python3", script, "--root", site->dir, "--routes", routes_file, NULL);
  if (site->server == NULL)
    g_error ("cannot start %s: %s", script, error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (site->server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "PORT ") || (port = atoi (line + 5)) == 0)
    g_error ("%s did not start: %s", script, error != NULL ? error->message : line);
  site->base_url = g_strdup_printf ("http://127.0.0.1:%u", port);

  for (guint i = 0; i < site->scenarios->len; i++)
    {
      BenchScenario *s = g_ptr_array_index (site->scenarios, i);

      s->total_bytes = 0;
      for (guint k = 0; k < s->requests->len; k++)
        {
          BenchRequest *r = g_ptr_array_index (s->requests, k);

          write_answer (site, r);
          s->total_bytes += r->answer_bytes + r->cdf_bytes;
        }
    }
}

/**
 * bench_site_add_blob:
 *
 * Returns: (transfer full): the URL path of one file holding every
 *   answer and CDF file of @scenario one after the other: the same bytes
 *   in one response
 */
char *
bench_site_add_blob (BenchSite     *site,
                     BenchScenario *scenario)
{
  BenchRequest *first = g_ptr_array_index (scenario->requests, 0);
  g_autofree char *base = g_path_get_basename (first->cdf_file);
  g_autofree char *name = g_strconcat ("blob-", base, ".bin", NULL);
  g_autofree char *path = g_build_filename (site->dir, "files", name, NULL);
  FILE *f = fopen (path, "wb");

  if (f == NULL)
    g_error ("cannot write %s", path);
  for (guint k = 0; k < scenario->requests->len; k++)
    {
      BenchRequest *r = g_ptr_array_index (scenario->requests, k);
      const char *files[] = { r->answer_file, r->cdf_file };

      for (guint j = 0; j < G_N_ELEMENTS (files); j++)
        {
          g_autoptr(GMappedFile) mapped = g_mapped_file_new (files[j], FALSE, NULL);

          if (mapped == NULL || fwrite (g_mapped_file_get_contents (mapped), 1,
                                        g_mapped_file_get_length (mapped), f) != g_mapped_file_get_length (mapped))
            g_error ("cannot copy %s", files[j]);
        }
    }
  if (fclose (f) != 0 || file_size (path) != scenario->total_bytes)
    g_error ("cannot write %s", path);
  return g_strconcat ("/files/", name, NULL);
}

/* --- talking to the server ------------------------------------------------- */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  ((Wait *) data)->result = g_object_ref (result);
}

/**
 * bench_site_get:
 * @fetcher: (nullable): the fetcher to use; %NULL: the site's
 *
 * Returns: (transfer full): the body of @url_path on the server
 */
GBytes *
bench_site_get (BenchSite  *site,
                PsFetcher  *fetcher,
                const char *url_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = NULL;
  g_autofree char *url = g_strconcat (site->base_url, url_path, NULL);
  Wait wait = { NULL };

  if (fetcher == NULL)
    fetcher = site->fetcher;
  ps_fetcher_get_async (fetcher, url, NULL, NULL, NULL, NULL, done_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  answer = ps_fetcher_get_finish (fetcher, wait.result, &error);
  g_object_unref (wait.result);
  if (answer == NULL)
    g_error ("%s: %s", url, error->message);
  return g_bytes_ref (ps_fetch_result_get_body (answer));
}

void
bench_site_reset_log (BenchSite *site)
{
  g_bytes_unref (bench_site_get (site, NULL, "/_reset"));
}

/* The requests the server logged whose path starts with @path_prefix. */
guint
bench_site_count_requests (BenchSite  *site,
                           const char *path_prefix)
{
  g_autoptr(GBytes) body = bench_site_get (site, NULL, "/_log");
  gsize size = 0;
  const char *json = g_bytes_get_data (body, &size);
  cJSON *log = cJSON_ParseWithLength (json, size);
  const cJSON *requests = cJSON_GetObjectItemCaseSensitive (log, "requests");
  const cJSON *request;
  guint n = 0;

  if (!cJSON_IsArray (requests))
    g_error ("the server's /_log is not what test-server.py sends");
  cJSON_ArrayForEach (request, requests)
    {
      const cJSON *path = cJSON_GetObjectItemCaseSensitive (request, "path");

      if (cJSON_IsString (path) && g_str_has_prefix (path->valuestring, path_prefix))
        n++;
    }
  cJSON_Delete (log);
  return n;
}
