/* test-cli-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The formats of `plasmascope-cli get --format` (src/cli/ps-cli-export.c),
 * through `cdf-series --format … --output …` on real CDF files: a vector
 * with labels (ACE K2 BGSEc), a spectrogram with constant bins (STEREO-A
 * HET Proton_Flux with its master) and one with time-varying bins and fill
 * values (RBSP-A HOPE FPDU). Each file written is read back — JSON with
 * cJSON, CDF with our reader and ISTP rules, HDF5 with the HDF5 library —
 * and must hold exactly the series the reader gives in-process: every time
 * to the nanosecond, every value bit for bit, NaN where NaN, the units,
 * the labels and the bins.
 */

#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "ps-istp.h"
#include "ps-time.h"

typedef struct
{
  const char *file;
  const char *master;   /* or NULL */
  const char *variable;
} Case;

static const Case cases[] = {
  { "speasy/ac_k2_mfi_20220101_v03.cdf", NULL, "BGSEc" },
  { "pyistp/sta_l1_het_20240103_v01.cdf", "pyistp/sta_l1_het_00000000_v01.cdf", "Proton_Flux" },
  { "spacepy/rbspa_rel04_ect-hope-PA-L3_20121201_v0.0.0.cdf", NULL, "FPDU" },
};

static char *
data_path (const char *relative)
{
  return g_build_filename (TEST_DATA_DIR, "cdf", relative, NULL);
}

static PsSeries *
load_expected (const Case *c)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path (c->file);
  g_autofree char *master_path = c->master != NULL ? data_path (c->master) : NULL;
  g_autoptr(PsCdfFile) file = ps_cdf_file_open (path, &error);
  g_autoptr(PsCdfFile) master = NULL;
  PsIstpOptions opts;
  PsSeries *series;

  g_assert_no_error (error);
  if (master_path != NULL)
    {
      master = ps_cdf_file_open (master_path, &error);
      g_assert_no_error (error);
    }
  ps_istp_options_init (&opts);
  series = ps_istp_load (file, master, c->variable, &opts, &error);
  g_assert_no_error (error);
  return series;
}

/* Runs cdf-series on @c; returns the exit status, stderr in @err. */
static int
run_export (const Case  *c,
            const char  *format,
            const char  *output,
            char       **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, g_strdup (CLI_PATH));
  g_ptr_array_add (argv, g_strdup ("cdf-series"));
  if (c->master != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--master"));
      g_ptr_array_add (argv, data_path (c->master));
    }
  g_ptr_array_add (argv, g_strdup ("--format"));
  g_ptr_array_add (argv, g_strdup (format));
  if (output != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--output"));
      g_ptr_array_add (argv, g_strdup (output));
    }
  g_ptr_array_add (argv, data_path (c->file));
  g_ptr_array_add (argv, g_strdup (c->variable));
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a) || isnan (b))
    g_assert_true (isnan (a) && isnan (b));
  else
    g_assert_true (memcmp (&a, &b, sizeof a) == 0);
}

static void
assert_same_series (PsSeries *got,
                     PsSeries *expected)
{
  gsize n = ps_series_get_n (expected);
  guint m = ps_series_get_m (expected);

  g_assert_cmpuint (ps_series_get_n (got), ==, n);
  g_assert_cmpuint (ps_series_get_m (got), ==, m);
  g_assert_cmpstr (ps_series_get_units (got), ==, ps_series_get_units (expected));
  for (guint j = 0; j < m; j++)
    g_assert_cmpstr (ps_series_get_label (got, j), ==, ps_series_get_label (expected, j));
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (ps_series_get_time (got, i), ==, ps_series_get_time (expected, i));
  for (gsize k = 0; k < n * m; k++)
    assert_same_double (ps_series_get_values (got)[k], ps_series_get_values (expected)[k]);
  g_assert_cmpint (ps_series_get_bins_kind (got), ==, ps_series_get_bins_kind (expected));
  if (ps_series_get_bins_kind (expected) != PS_BINS_NONE)
    {
      gsize rows = ps_series_get_bins_kind (expected) == PS_BINS_VARYING ? n : 1;

      for (gsize k = 0; k < rows * m; k++)
        assert_same_double (ps_series_get_bins (got)[k], ps_series_get_bins (expected)[k]);
    }
}

static double
json_value (const cJSON *item)
{
  return cJSON_IsNull (item) ? NAN : item->valuedouble;
}

static void
check_json (const char *path,
            PsSeries   *expected)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize n = ps_series_get_n (expected);
  guint m = ps_series_get_m (expected);
  const cJSON *times, *values, *labels;
  cJSON *root;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  root = cJSON_Parse (text);
  g_assert_nonnull (root);
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (root, "name")), ==, ps_series_get_name (expected));
  g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetObjectItem (root, "units")), ==, ps_series_get_units (expected));
  labels = cJSON_GetObjectItem (root, "labels");
  g_assert_cmpint (cJSON_GetArraySize (labels), ==, (int) m);
  for (guint j = 0; j < m; j++)
    g_assert_cmpstr (cJSON_GetStringValue (cJSON_GetArrayItem (labels, (int) j)), ==, ps_series_get_label (expected, j));
  times = cJSON_GetObjectItem (root, "times");
  values = cJSON_GetObjectItem (root, "values");
  g_assert_cmpint (cJSON_GetArraySize (times), ==, (int) n);
  g_assert_cmpint (cJSON_GetArraySize (values), ==, (int) n);
  for (gsize i = 0; i < n; i++)
    {
      const cJSON *row = cJSON_GetArrayItem (values, (int) i);
      PsTime t = 0;

      g_assert_true (ps_time_parse_iso (cJSON_GetStringValue (cJSON_GetArrayItem (times, (int) i)), &t, NULL));
      g_assert_cmpint (t, ==, ps_series_get_time (expected, i));
      if (m == 1)
        assert_same_double (json_value (row), ps_series_get_value (expected, i, 0));
      else
        for (guint j = 0; j < m; j++)
          assert_same_double (json_value (cJSON_GetArrayItem (row, (int) j)), ps_series_get_value (expected, i, j));
    }
  if (ps_series_get_bins_kind (expected) != PS_BINS_NONE)
    {
      const cJSON *bins = cJSON_GetObjectItem (root, "bins");
      const cJSON *rows = cJSON_GetObjectItem (bins, "values");

      g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (bins, "varying"))
                     == (ps_series_get_bins_kind (expected) == PS_BINS_VARYING));
      assert_same_double (json_value (cJSON_GetArrayItem (cJSON_GetArrayItem (rows, 0), 0)),
                          ps_series_get_bins (expected)[0]);
    }
  cJSON_Delete (root);
}

static void
check_cdf (const char *path,
           PsSeries   *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = ps_cdf_file_open (path, &error);
  g_autoptr(PsSeries) got = NULL;
  PsIstpOptions opts;

  g_assert_no_error (error);
  ps_istp_options_init (&opts);
  got = ps_istp_load (file, NULL, ps_series_get_name (expected), &opts, &error);
  g_assert_no_error (error);
  assert_same_series (got, expected);
  g_assert_cmpint (ps_series_get_display_kind (got), ==, ps_series_get_display_kind (expected));
}

static char *
h5_string (hid_t       object,
           const char *name)
{
  hid_t attr = H5Aopen (object, name, H5P_DEFAULT);
  hid_t type = H5Aget_type (attr);
  gsize size = H5Tget_size (type);
  char *value = g_malloc0 (size + 1);

  g_assert_cmpint (attr, >=, 0);
  g_assert_cmpint (H5Aread (attr, type, value), >=, 0);
  H5Tclose (type);
  H5Aclose (attr);
  return g_strchomp (value);
}

static void
check_hdf5 (const char *path,
            PsSeries   *expected)
{
  gsize n = ps_series_get_n (expected);
  guint m = ps_series_get_m (expected);
  g_autofree gint64 *times = g_new (gint64, MAX (n, 1));
  g_autofree double *values = g_new (double, MAX (n * m, 1));
  g_autofree char *units = NULL;
  g_autofree char *name = NULL;
  hid_t file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  hid_t set;

  g_assert_cmpint (file, >=, 0);
  name = h5_string (file, "name");
  g_assert_cmpstr (name, ==, ps_series_get_name (expected));
  set = H5Dopen2 (file, "time", H5P_DEFAULT);
  g_assert_cmpint (H5Dread (set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, times), >=, 0);
  H5Dclose (set);
  set = H5Dopen2 (file, "values", H5P_DEFAULT);
  g_assert_cmpint (H5Dread (set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
  units = h5_string (set, "units");
  H5Dclose (set);
  if (ps_series_get_units (expected) != NULL)
    g_assert_cmpstr (units, ==, ps_series_get_units (expected));
  if (ps_series_get_bins_kind (expected) != PS_BINS_NONE)
    {
      gsize rows = ps_series_get_bins_kind (expected) == PS_BINS_VARYING ? n : 1;
      g_autofree double *bins = g_new (double, rows * m);

      set = H5Dopen2 (file, "bins", H5P_DEFAULT);
      g_assert_cmpint (set, >=, 0);
      g_assert_cmpint (H5Dread (set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, bins), >=, 0);
      H5Dclose (set);
      for (gsize k = 0; k < rows * m; k++)
        assert_same_double (bins[k], ps_series_get_bins (expected)[k]);
    }
  H5Fclose (file);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (times[i], ==, ps_series_get_time (expected, i));
  for (gsize k = 0; k < n * m; k++)
    assert_same_double (values[k], ps_series_get_values (expected)[k]);
}

static void
test_round_trip (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(PsSeries) expected = load_expected (c);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ps-export-XXXXXX", &error);
  static const char * const formats[] = { "json", "cdf", "hdf5", "csv" };

  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (expected), >, 0);
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *path = g_strdup_printf ("%s/out.%s", dir, formats[f]);
      g_autofree char *err = NULL;

      g_test_message ("%s %s as %s", c->file, c->variable, formats[f]);
      g_assert_cmpint (run_export (c, formats[f], path, &err), ==, 0);
      g_assert_cmpstr (err, ==, "");
      if (f == 0)
        check_json (path, expected);
      else if (f == 1)
        check_cdf (path, expected);
      else if (f == 2)
        check_hdf5 (path, expected);
      else
        {
          g_autofree char *text = NULL;
          g_auto(GStrv) lines = NULL;

          g_file_get_contents (path, &text, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (g_str_has_prefix (text, "time,"));
          lines = g_strsplit (text, "\n", -1);
          g_assert_cmpuint (g_strv_length (lines), ==, ps_series_get_n (expected) + 2);
        }
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_errors (void)
{
  g_autofree char *err = NULL;

  /* Binary formats need a file */
  g_assert_cmpint (run_export (&cases[0], "cdf", NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--output"));
  g_clear_pointer (&err, g_free);
  /* An unknown format */
  g_assert_cmpint (run_export (&cases[0], "xlsx", NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "csv, json, cdf, hdf5"));
  g_clear_pointer (&err, g_free);
  /* A folder that does not exist */
  g_assert_cmpint (run_export (&cases[0], "hdf5", "/nonexistent/x.h5", &err), ==, 2);
  g_assert_nonnull (strstr (err, "/nonexistent/x.h5"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/Cli/Export/%s", cases[i].variable);

      g_test_add_data_func (name, &cases[i], test_round_trip);
    }
  g_test_add_func ("/Cli/Export/errors", test_errors);
  return g_test_run ();
}
