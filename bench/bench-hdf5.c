/* bench-hdf5.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How fast HDF5 files open and load next to libhdf5 doing the bare
 * minimum of the same work, in the same run:
 *  - opening OMNItest.h5 (40 datasets, 20002 records) through
 *    PsLocalFile (metadata, attributes, first values of would-be times)
 *    against H5Fopen + H5Lvisit + H5Oget_info of every link + H5Fclose;
 *  - loading ByIMF on a fresh file (its UTC time strings read and parsed,
 *    the float32 values converted) against raw H5Dread of the same two
 *    datasets (strings and doubles), no parsing;
 *  - loading it again (times kept) against raw H5Dread of ByIMF alone;
 *  - ICON's gzip-chunked ICON_L26_Oplus (79 × 72) against raw H5Dread.
 * Figures are medians of RUNS back-to-back runs, in milliseconds.
 * Prints "name<TAB>value<TAB>unit<TAB>note" rows.
 */

#define G_LOG_DOMAIN "bench-hdf5"

#include "config.h"

#include <hdf5.h>

#include "ps-hdf5-util.h"
#include "ps-local-file.h"
#include "bench-util.h"

#ifndef PS_SOURCE_DIR
#define PS_SOURCE_DIR "."
#endif

#define RUNS 9
#define OMNI PS_SOURCE_DIR "/tests/data/hdf5/OMNItest.h5"
#define ICON PS_SOURCE_DIR "/tests/data/hdf5/icon_l2-6_euv_20220307_v03r004.nc"

typedef struct
{
  const char  *path;
  const char  *variable;
  PsLocalFile *file; /* for warm loads */
} Job;

static double
run_open (gpointer data)
{
  Job *job = data;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  PsLocalFile *file = ps_local_file_open (job->path, &error);
  double s = bench_elapsed_since (start);

  g_assert_no_error (error);
  bench_sink += ps_local_file_get_n_products (file);
  g_object_unref (file);
  return s;
}

/* PsLocalFile opens with H5F_CLOSE_STRONG; HDF5 wants the same degree
 * from every opener of a file open twice. */
static hid_t
open_raw (const char *path)
{
  hid_t fapl = H5Pcreate (H5P_FILE_ACCESS);
  hid_t file;

  H5Pset_fclose_degree (fapl, H5F_CLOSE_STRONG);
  file = H5Fopen (path, H5F_ACC_RDONLY, fapl);
  H5Pclose (fapl);
  g_assert (file >= 0);
  return file;
}

static herr_t
visit_cb (hid_t             group,
          const char       *name,
          const H5L_info_t *info,
          void             *data)
{
  H5O_info_t oinfo;

  if (H5Oget_info_by_name2 (group, name, &oinfo, H5O_INFO_BASIC, H5P_DEFAULT) >= 0)
    bench_sink += oinfo.type;
  return 0;
}

static double
run_raw_open (gpointer data)
{
  Job *job = data;
  gint64 start = g_get_monotonic_time ();
  hid_t file;
  double s;

  ps_hdf5_lock ();
  file = open_raw (job->path);
  H5Lvisit (file, H5_INDEX_NAME, H5_ITER_INC, visit_cb, NULL);
  H5Fclose (file);
  ps_hdf5_unlock ();
  s = bench_elapsed_since (start);
  return s;
}

/* A fresh file each time: the load reads and parses the times. Only the
 * load is timed. */
static double
run_load_cold (gpointer data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = ps_local_file_open (job->path, &error);
  g_autoptr(PsSeries) series = NULL;
  gint64 start;
  double s;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  series = ps_local_file_load (file, job->variable, &error);
  s = bench_elapsed_since (start);
  g_assert_no_error (error);
  bench_sink += ps_series_get_n (series);
  return s;
}

static double
run_load_warm (gpointer data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PsSeries) series = ps_local_file_load (job->file, job->variable, &error);
  double s = bench_elapsed_since (start);

  g_assert_no_error (error);
  bench_sink += ps_series_get_n (series);
  return s;
}

/* Reads @name whole: as doubles, or as fixed-size strings. */
static void
raw_read (hid_t       file,
          const char *name)
{
  hid_t set = H5Dopen2 (file, name, H5P_DEFAULT);
  hid_t type = H5Dget_type (set);
  hid_t space = H5Dget_space (set);
  hssize_t n = H5Sget_simple_extent_npoints (space);

  if (H5Tget_class (type) == H5T_STRING)
    {
      size_t size = H5Tget_size (type);
      char *buf = g_malloc (n * size);
      hid_t memtype = H5Tcopy (H5T_C_S1);

      H5Tset_size (memtype, size);
      g_assert (H5Dread (set, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
      bench_sink += buf[0];
      H5Tclose (memtype);
      g_free (buf);
    }
  else
    {
      double *buf = g_malloc (n * sizeof (double));

      g_assert (H5Dread (set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
      bench_sink += (guint64) buf[0];
      g_free (buf);
    }
  H5Sclose (space);
  H5Tclose (type);
  H5Dclose (set);
}

typedef struct
{
  const char *path;
  const char *names[3];
} RawJob;

/* The file is opened outside the timing, as in run_load_cold(). */
static double
run_raw_read (gpointer data)
{
  RawJob *job = data;
  hid_t file;
  gint64 start;
  double s;

  ps_hdf5_lock ();
  file = open_raw (job->path);
  start = g_get_monotonic_time ();
  for (int i = 0; job->names[i] != NULL; i++)
    raw_read (file, job->names[i]);
  s = bench_elapsed_since (start);
  H5Fclose (file);
  ps_hdf5_unlock ();
  return s;
}

int
main (int   argc,
      char *argv[])
{
  Job omni = { OMNI, "ByIMF", NULL };
  Job icon = { ICON, "ICON_L26_Oplus", NULL };
  RawJob raw_omni_both = { OMNI, { "UTC", "ByIMF", NULL } };
  RawJob raw_omni_values = { OMNI, { "ByIMF", NULL } };
  RawJob raw_icon = { ICON, { "Epoch", "ICON_L26_Oplus", NULL } };
  g_autoptr(GError) error = NULL;
  double ours, raw;
  char note[160];

  /* one of each first: libhdf5's start-up is not what we measure */
  run_open (&omni);
  run_raw_open (&omni);

  ours = bench_median_seconds (run_open, &omni, RUNS);
  raw = bench_median_seconds (run_raw_open, &omni, RUNS);
  g_snprintf (note, sizeof note, "H5Fopen+H5Lvisit+H5Oget_info+H5Fclose %.2f ms (×%.1f)", raw * 1e3, ours / raw);
  bench_row ("open-omni", ours * 1e3, "ms", note);

  ours = bench_median_seconds (run_load_cold, &omni, RUNS);
  raw = bench_median_seconds (run_raw_read, &raw_omni_both, RUNS);
  g_snprintf (note, sizeof note, "20002 UTC S35 parsed + float32; raw H5Dread of both %.2f ms (×%.1f)", raw * 1e3, ours / raw);
  bench_row ("load-omni-ByIMF-first", ours * 1e3, "ms", note);

  omni.file = ps_local_file_open (OMNI, &error);
  g_assert_no_error (error);
  run_load_warm (&omni);
  ours = bench_median_seconds (run_load_warm, &omni, RUNS);
  raw = bench_median_seconds (run_raw_read, &raw_omni_values, RUNS);
  g_snprintf (note, sizeof note, "times kept; raw H5Dread of ByIMF %.3f ms (×%.1f)", raw * 1e3, ours / raw);
  bench_row ("load-omni-ByIMF-again", ours * 1e3, "ms", note);
  g_clear_object (&omni.file);

  ours = bench_median_seconds (run_load_cold, &icon, RUNS);
  raw = bench_median_seconds (run_raw_read, &raw_icon, RUNS);
  g_snprintf (note, sizeof note, "gzip chunks, 79×72; raw H5Dread of Epoch+Oplus %.3f ms (×%.1f)", raw * 1e3, ours / raw);
  bench_row ("load-icon-Oplus-first", ours * 1e3, "ms", note);
  return 0;
}
