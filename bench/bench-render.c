/* bench-render.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whole-process time of `plasmascope-cli render` drawing a 10^7-sample
 * line into a 1600×900 PNG, next to matplotlib (Agg) drawing the same data
 * into a PNG of the same size in the same run, and the ratio. Also:
 * Python startup with `import matplotlib.pyplot` alone (how much of the
 * reference is startup), and our render of 10^5 and 10^6 samples.
 *
 * Test data, written once into $TMPDIR/plasmascope-bench-render and reused:
 * a noisy sine sampled every 10 ms from 2020-01-01, with a few NaN gaps,
 * as a CDF (TT2000 Epoch + CDF_DOUBLE scalar with DEPEND_0, FIELDNAM,
 * UNITS, VAR_TYPE data, FILLVAL) for us, and as raw little-endian files
 * (int64 Unix nanoseconds, float64 values) for numpy.fromfile. The Python
 * script is written next to them.
 *
 * A run is spawn to exit of the child (stdout to /dev/null); figures are
 * medians of RUNS back-to-back runs. Without python3-matplotlib the
 * reference rows are skipped with a note. Prints
 * "name<TAB>value<TAB>unit<TAB>note" rows.
 */

#define G_LOG_DOMAIN "bench-render"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ps-cdf-writer.h"
#include "bench-util.h"

#define RUNS          5
#define PAIRS         9
#define BIG_N         10000000
#define CADENCE_NS    G_GINT64_CONSTANT (10000000)            /* 100 Hz */
#define TT2000_START  G_GINT64_CONSTANT (631108869184000000)  /* 2020-01-01 */
#define UNIX_START_NS G_GINT64_CONSTANT (1577836800000000000) /* the same instant */
#define FILL_VALUE    (-1e31)

#ifndef PS_CLI_PATH
#define PS_CLI_PATH "plasmascope-cli"
#endif

/* The reference: the same data, the same size, a line with a date axis. */
static const char python_script[] =
  "import sys\n"
  "import numpy as np\n"
  "import matplotlib\n"
  "matplotlib.use('Agg')\n"
  "import matplotlib.pyplot as plt\n"
  "t = np.fromfile(sys.argv[1], dtype='<i8').view('datetime64[ns]')\n"
  "y = np.fromfile(sys.argv[2], dtype='<f8')\n"
  "fig, ax = plt.subplots(figsize=(16, 9), dpi=100)\n"
  "ax.plot(t, y, linewidth=1)\n"
  "ax.set_xlabel('Time (UTC)')\n"
  "ax.set_ylabel('Signal (nT)')\n"
  "fig.savefig(sys.argv[3], dpi=100, format='png')\n";

static const char python_import_only[] =
  "import numpy, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot";

/* --- test data ----------------------------------------------------------- */

static double
signal_at (gint64    i,
           gint64    n,
           guint32  *x)
{
  double phase = (double) i / n * 2 * G_PI;
  double noise;

  *x = *x * 1664525u + 1013904223u;
  noise = ((double) (*x >> 8) / (1 << 24) - 0.5) * 2.0;
  /* Three NaN gaps of n/1000 samples each. */
  for (int g = 1; g <= 3; g++)
    if (i >= g * n / 4 && i < g * n / 4 + n / 1000)
      return NAN;
  return 100.0 * sin (phase * 3) + 20.0 * sin (phase * 200) + 5.0 * noise;
}

static void
write_data (const char *cdf_path,
            const char *t_path,
            const char *y_path,
            gint64      n)
{
  g_autoptr(PsCdfWriter) w = ps_cdf_writer_new ();
  g_autoptr(GError) error = NULL;
  gint64 *tt = g_new (gint64, n);
  gint64 *unix_ns = g_new (gint64, n);
  double *y = g_new (double, n);
  const double fill = FILL_VALUE;
  guint32 x = 12345;
  guint ve, vy;

  for (gint64 i = 0; i < n; i++)
    {
      tt[i] = TT2000_START + i * CADENCE_NS;
      unix_ns[i] = UNIX_START_NS + i * CADENCE_NS;
      y[i] = signal_at (i, n, &x);
    }
  /* numpy reads NaN; the CDF stores FILLVAL, which the loader makes NaN. */
  if (!g_file_set_contents (t_path, (const char *) unix_ns, n * 8, &error) ||
      !g_file_set_contents (y_path, (const char *) y, n * 8, &error))
    g_error ("%s", error->message);
  g_free (unix_ns);
  for (gint64 i = 0; i < n; i++)
    if (isnan (y[i]))
      y[i] = fill;

  ve = ps_cdf_writer_add_variable (w, "Epoch", PS_CDF_TIME_TT2000, 1, 0, NULL, TRUE);
  vy = ps_cdf_writer_add_variable (w, "signal", PS_CDF_DOUBLE, 1, 0, NULL, TRUE);
  ps_cdf_writer_set_values (w, ve, g_bytes_new_take (tt, n * 8), n);
  ps_cdf_writer_set_values (w, vy, g_bytes_new_take (y, n * 8), n);
  ps_cdf_writer_set_variable_string (w, "FIELDNAM", ve, "Epoch");
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", ve, "support_data");
  ps_cdf_writer_set_variable_string (w, "DEPEND_0", vy, "Epoch");
  ps_cdf_writer_set_variable_string (w, "FIELDNAM", vy, "Signal");
  ps_cdf_writer_set_variable_string (w, "UNITS", vy, "nT");
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", vy, "data");
  ps_cdf_writer_set_variable_entry (w, "FILLVAL", vy, PS_CDF_DOUBLE, 1, &fill);
  if (!ps_cdf_writer_write (w, cdf_path, &error))
    g_error ("%s", error->message);
}

typedef struct
{
  char *cdf;
  char *t;
  char *y;
} DataFiles;

static void
data_files (const char *dir,
            gint64      n,
            DataFiles  *files)
{
  files->cdf = g_strdup_printf ("%s/line-%" G_GINT64_FORMAT ".cdf", dir, n);
  files->t = g_strdup_printf ("%s/line-%" G_GINT64_FORMAT "-t.i8", dir, n);
  files->y = g_strdup_printf ("%s/line-%" G_GINT64_FORMAT "-y.f8", dir, n);
  if (!g_file_test (files->cdf, G_FILE_TEST_EXISTS) ||
      !g_file_test (files->t, G_FILE_TEST_EXISTS) ||
      !g_file_test (files->y, G_FILE_TEST_EXISTS))
    write_data (files->cdf, files->t, files->y, n);
}

static void
data_files_clear (DataFiles *files)
{
  g_free (files->cdf);
  g_free (files->t);
  g_free (files->y);
}

/* --- processes ----------------------------------------------------------- */

/* Spawn to exit of argv, stdout to /dev/null; aborts if it fails. */
static double
run_process (gpointer data)
{
  char **argv = data;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;
  int status = 0;

  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  seconds = bench_elapsed_since (start);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", argv[0], error->message);
  return seconds;
}

/* The first Python with matplotlib: Debian's python3-matplotlib is for
 * /usr/bin/python3, which may not be the python3 on PATH (pyenv, venvs). */
static char *
find_python_with_matplotlib (void)
{
  char *candidates[] = { g_strdup ("/usr/bin/python3"), g_find_program_in_path ("python3") };
  char *found = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
    {
      char *argv[] = { candidates[k], (char *) "-c", (char *) python_import_only, NULL };
      int status = 0;

      if (found == NULL && candidates[k] != NULL &&
          g_file_test (candidates[k], G_FILE_TEST_IS_EXECUTABLE) &&
          g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, NULL, NULL, &status, NULL) &&
          g_spawn_check_wait_status (status, NULL))
        found = g_strdup (candidates[k]);
      g_free (candidates[k]);
    }
  return found;
}

static double
render_seconds (const DataFiles *files,
                const char      *png)
{
  /* The whole data: 2020-01-01 plus n · 10 ms. */
  char *argv[] = {
    (char *) PS_CLI_PATH, (char *) "render", (char *) "--file", files->cdf,
    (char *) "--variable", (char *) "signal", (char *) "--size", (char *) "1600x900",
    (char *) "--output", (char *) png, NULL
  };

  return bench_median_seconds (run_process, argv, RUNS);
}

/* Ours and matplotlib alternately, one ratio per pair: the VM's speed
 * drifts over seconds, which blocks of runs of one then the other see as
 * a difference between them. */
static double
paired_ratio (const DataFiles *files,
              const char      *png,
              char           **mpl_argv)
{
  char *argv[] = {
    (char *) PS_CLI_PATH, (char *) "render", (char *) "--file", files->cdf,
    (char *) "--variable", (char *) "signal", (char *) "--size", (char *) "1600x900",
    (char *) "--output", (char *) png, NULL
  };
  double ratios[PAIRS];

  for (int i = 0; i < PAIRS; i++)
    {
      double ours = run_process (argv);

      ratios[i] = run_process (mpl_argv) / ours;
    }
  qsort (ratios, PAIRS, sizeof (double), bench_compare_doubles);
  return ratios[PAIRS / 2];
}

int
main (void)
{
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "plasmascope-bench-render", NULL);
  g_autofree char *script = g_build_filename (dir, "render.py", NULL);
  g_autofree char *ours_png = g_build_filename (dir, "ours.png", NULL);
  g_autofree char *mpl_png = g_build_filename (dir, "matplotlib.png", NULL);
  g_autofree char *note = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 sizes[] = { 100000, 1000000, BIG_N };
  double ours[G_N_ELEMENTS (sizes)];
  g_autofree char *python = NULL;
  DataFiles big = { 0 };

  g_mkdir_with_parents (dir, 0755);
  if (!g_file_set_contents (script, python_script, -1, &error))
    g_error ("%s", error->message);

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      DataFiles files;
      g_autofree char *name = NULL;

      data_files (dir, sizes[k], &files);
      ours[k] = render_seconds (&files, ours_png);
      name = g_strdup_printf ("ours-1e%d", (int) lround (log10 ((double) sizes[k])));
      bench_row (name, ours[k] * 1e3, "ms",
                 "plasmascope-cli render, whole process, 1600x900 PNG");
      if (sizes[k] == BIG_N)
        big = files;
      else
        data_files_clear (&files);
    }

  if ((python = find_python_with_matplotlib ()) == NULL)
    {
      bench_row ("matplotlib-1e7", NAN, "ms", "skipped: python3-matplotlib missing "
                 "(build-aux/install-deps.sh --bench)");
    }
  else
    {
      char *import_argv[] = { python, (char *) "-c", (char *) python_import_only, NULL };
      char *mpl_argv[] = { python, script, big.t, big.y, mpl_png, NULL };
      double startup, mpl;

      startup = bench_median_seconds (run_process, import_argv, RUNS);
      bench_row ("python-import-matplotlib", startup * 1e3, "ms",
                 "python3 -c 'import matplotlib.pyplot' alone (startup)");
      mpl = bench_median_seconds (run_process, mpl_argv, RUNS);
      bench_row ("matplotlib-1e7", mpl * 1e3, "ms",
                 "python3 numpy.fromfile + plot + savefig, Agg, 1600x900 PNG");
      bench_row ("ratio-1e7", mpl / ours[G_N_ELEMENTS (sizes) - 1], "x",
                 "matplotlib / ours, whole process (goal >= 20)");
      bench_row ("ratio-1e7-paired", paired_ratio (&big, ours_png, mpl_argv), "x",
                 "median of " G_STRINGIFY (PAIRS) " ratios, each of one run of ours and one of "
                 "matplotlib back to back (the VM's speed drifts between blocks of runs)");
      note = g_strdup_printf ("matplotlib minus its startup / ours (%.0f ms startup)",
                              startup * 1e3);
      bench_row ("ratio-1e7-no-startup",
                 (mpl - startup) / ours[G_N_ELEMENTS (sizes) - 1], "x", note);
    }
  data_files_clear (&big);
  return 0;
}
