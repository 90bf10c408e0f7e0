/* bench-cdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How fast the CDF reader delivers values next to what bounds it, in the
 * same run: memcpy into freshly allocated memory (4 KiB pages and
 * transparent huge pages) and single-core libdeflate and zlib inflate of
 * the very blocks of the GZIP file.  Test files (one day of 128 Hz
 * magnetic field: TT2000 + CDF_DOUBLE[3], 11,059,200 records, plain and
 * GZIP; a CDF_FLOAT[32] spectrogram of 86,400 records) are written once
 * with PsCdfWriter into $TMPDIR/plasmascope-bench-cdf and reused.
 * "Whole process" forks a child that opens the file, reads every
 * variable, touches the values and exits; the time is fork to exit.
 * Figures are medians of RUNS back-to-back runs; MB are 10^6 bytes of
 * decoded values.  Prints "name<TAB>value<TAB>unit<TAB>note" rows.
 */

#define G_LOG_DOMAIN "bench-cdf"

#include "config.h"

#include <libdeflate.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "ps-cdf-file.h"
#include "ps-cdf-private.h"
#include "ps-cdf-writer.h"
#include "bench-util.h"

#define RUNS          5
#define MAG_RECORDS   (128 * 86400)
#define SPEC_RECORDS  86400
#define SPEC_BINS     32
#define TT2000_START  G_GINT64_CONSTANT (631108869184000000)  /* 2020-01-01 */
#define HUGE_PAGE     ((gsize) 2 << 20)

#ifndef PS_SOURCE_DIR
#define PS_SOURCE_DIR "."
#endif

/* --- test files --------------------------------------------------------- */

static void
write_mag (const char       *path,
           PsCdfCompression  compression)
{
  g_autoptr(PsCdfWriter) w = ps_cdf_writer_new ();
  g_autoptr(GError) error = NULL;
  gint64 *t = g_new (gint64, MAG_RECORDS);
  double *b = g_new (double, (gsize) MAG_RECORDS * 3);
  const guint32 dims[] = { 3 };
  guint32 x = 12345;
  guint ve, vb;

  for (gint64 i = 0; i < MAG_RECORDS; i++)
    {
      double phase = (double) i / MAG_RECORDS * 2 * G_PI;

      t[i] = TT2000_START + i * 7812500;
      for (int c = 0; c < 3; c++)
        {
          double noise;

          x = x * 1664525u + 1013904223u;
          noise = ((double) (x >> 8) / (1 << 24) - 0.5) * 2.0;
          /* a 24-bit magnetometer: values on a 1/256 nT grid */
          b[i * 3 + c] = round ((4000.0 * sin (phase * (c + 1)) + 30.0 * sin (phase * 500) + noise) * 256.0) / 256.0;
        }
    }
  ve = ps_cdf_writer_add_variable (w, "Epoch", PS_CDF_TIME_TT2000, 1, 0, NULL, TRUE);
  vb = ps_cdf_writer_add_variable (w, "B_GSE", PS_CDF_DOUBLE, 1, 1, dims, TRUE);
  ps_cdf_writer_set_values (w, ve, g_bytes_new_take (t, (gsize) MAG_RECORDS * 8), MAG_RECORDS);
  ps_cdf_writer_set_values (w, vb, g_bytes_new_take (b, (gsize) MAG_RECORDS * 24), MAG_RECORDS);
  ps_cdf_writer_set_compression (w, ve, compression, 6);
  ps_cdf_writer_set_compression (w, vb, compression, 6);
  ps_cdf_writer_set_variable_string (w, "FIELDNAM", vb, "Magnetic field");
  ps_cdf_writer_set_variable_string (w, "DEPEND_0", vb, "Epoch");
  if (!ps_cdf_writer_write (w, path, &error))
    g_error ("%s", error->message);
}

static void
write_spectrogram (const char *path)
{
  g_autoptr(PsCdfWriter) w = ps_cdf_writer_new ();
  g_autoptr(GError) error = NULL;
  gint64 *t = g_new (gint64, SPEC_RECORDS);
  float *s = g_new (float, (gsize) SPEC_RECORDS * SPEC_BINS);
  const guint32 dims[] = { SPEC_BINS };
  guint ve, vs;

  for (gint64 i = 0; i < SPEC_RECORDS; i++)
    {
      t[i] = TT2000_START + i * G_GINT64_CONSTANT (1000000000);
      for (int k = 0; k < SPEC_BINS; k++)
        s[i * SPEC_BINS + k] = (float) (1e6 * exp (-k / 4.0) * (1.5 + sin (i / 600.0 + k)));
    }
  ve = ps_cdf_writer_add_variable (w, "Epoch", PS_CDF_TIME_TT2000, 1, 0, NULL, TRUE);
  vs = ps_cdf_writer_add_variable (w, "Flux", PS_CDF_FLOAT, 1, 1, dims, TRUE);
  ps_cdf_writer_set_values (w, ve, g_bytes_new_take (t, (gsize) SPEC_RECORDS * 8), SPEC_RECORDS);
  ps_cdf_writer_set_values (w, vs, g_bytes_new_take (s, (gsize) SPEC_RECORDS * SPEC_BINS * 4), SPEC_RECORDS);
  if (!ps_cdf_writer_write (w, path, &error))
    g_error ("%s", error->message);
}

/* --- reading ------------------------------------------------------------- */

/* Opens path, reads every variable whole and folds one value per page
 * into the sink; returns the bytes of values delivered. */
static guint64
read_all (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = ps_cdf_file_open (path, &error);
  guint64 total = 0;

  if (file == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < ps_cdf_file_get_n_variables (file); i++)
    {
      const PsCdfVariable *var = ps_cdf_file_get_variable (file, i);
      gsize size = 0;
      guint8 *buf = ps_cdf_variable_read_alloc (file, var, 0, var->n_records, &size, &error);
      guint64 sum = 0;

      if (buf == NULL)
        g_error ("%s", error->message);
      for (gsize k = 0; k < size; k += 4096)
        sum += buf[k];
      bench_sink += sum;
      total += size;
      g_free (buf);
    }
  return total;
}

static double
run_read_in_process (gpointer data)
{
  gint64 start = g_get_monotonic_time ();

  read_all (data);
  return bench_elapsed_since (start);
}

static double
run_read_whole_process (gpointer data)
{
  gint64 start = g_get_monotonic_time ();
  int status = 0;
  pid_t pid = fork ();

  if (pid == 0)
    {
      read_all (data);
      _exit (0);
    }
  g_assert (pid > 0);
  waitpid (pid, &status, 0);
  g_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return bench_elapsed_since (start);
}

/* --- references ---------------------------------------------------------- */

typedef struct
{
  const guint8 *src;
  gsize         size;
  gboolean      huge;
} CopyJob;

static double
run_memcpy_fresh (gpointer data)
{
  CopyJob *job = data;
  gint64 start = g_get_monotonic_time ();
  void *dst = NULL;
  gsize alloc = (job->size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
  double s;

  if (posix_memalign (&dst, HUGE_PAGE, alloc) != 0)
    g_error ("out of memory");
  madvise (dst, alloc, job->huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  memcpy (dst, job->src, job->size);
  s = bench_elapsed_since (start);
  bench_sink += ((guint8 *) dst)[job->size / 2];
  free (dst);
  return s;
}

typedef struct
{
  GPtrArray *blocks;     /* GBytes of gzip streams */
  GArray    *sizes;      /* gsize decompressed */
  guint8    *out;        /* warm, large enough for any block */
  guint8    *out2;       /* the same for a second thread */
  guint64    total;
} InflateJob;

static void
collect_blocks (const char *path,
                InflateJob *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = ps_cdf_file_open (path, &error);
  gsize largest = 0;

  if (file == NULL)
    g_error ("%s", error->message);
  job->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  job->sizes = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (guint i = 0; i < ps_cdf_file_get_n_variables (file); i++)
    {
      PsCdfVarPriv *var = g_ptr_array_index (file->variables, i);
      gsize rec = var->pub.values_per_record * var->pub.element_size;

      if (!ps_cdf_load_segments (file, var, &error))
        g_error ("%s", error->message);
      for (guint k = 0; k < var->segments->len; k++)
        {
          const PsCdfSegment *seg = &g_array_index (var->segments, PsCdfSegment, k);
          const guint8 *p = file->base + seg->offset + 16;
          guint64 csize = 0;
          gsize usize = (gsize) (seg->last - seg->first + 1) * rec;

          for (int b = 0; b < 8; b++)
            csize = (csize << 8) | p[b];
          g_ptr_array_add (job->blocks, g_bytes_new (p + 8, csize));
          g_array_append_val (job->sizes, usize);
          largest = MAX (largest, usize);
          job->total += usize;
        }
    }
  job->out = g_malloc (largest);
  memset (job->out, 0, largest);
  job->out2 = g_malloc (largest);
  memset (job->out2, 0, largest);
}

static double
run_libdeflate (gpointer data)
{
  InflateJob *job = data;
  struct libdeflate_decompressor *d = libdeflate_alloc_decompressor ();
  gint64 start = g_get_monotonic_time ();
  double s;

  for (guint i = 0; i < job->blocks->len; i++)
    {
      gsize in_size;
      const guint8 *in = g_bytes_get_data (g_ptr_array_index (job->blocks, i), &in_size);
      gsize usize = g_array_index (job->sizes, gsize, i);

      if (libdeflate_gzip_decompress (d, in, in_size, job->out, usize, NULL) != LIBDEFLATE_SUCCESS)
        g_error ("libdeflate failed");
    }
  s = bench_elapsed_since (start);
  libdeflate_free_decompressor (d);
  bench_sink += job->out[0];
  return s;
}

typedef struct
{
  InflateJob *job;
  guint       parity;
  guint8     *out;
} HalfJob;

static gpointer
inflate_half (gpointer data)
{
  HalfJob *half = data;
  struct libdeflate_decompressor *d = libdeflate_alloc_decompressor ();

  for (guint i = half->parity; i < half->job->blocks->len; i += 2)
    {
      gsize in_size;
      const guint8 *in = g_bytes_get_data (g_ptr_array_index (half->job->blocks, i), &in_size);

      if (libdeflate_gzip_decompress (d, in, in_size, half->out, g_array_index (half->job->sizes, gsize, i),
                                      NULL) != LIBDEFLATE_SUCCESS)
        g_error ("libdeflate failed");
    }
  libdeflate_free_decompressor (d);
  return NULL;
}

/* The same blocks on two threads, alternate blocks each: what two cores
 * give right now (other processes may be using one). */
static double
run_libdeflate_2 (gpointer data)
{
  InflateJob *job = data;
  HalfJob halves[2] = { { job, 0, job->out }, { job, 1, job->out2 } };
  gint64 start = g_get_monotonic_time ();
  GThread *t = g_thread_new ("inflate", inflate_half, &halves[1]);

  inflate_half (&halves[0]);
  g_thread_join (t);
  return bench_elapsed_since (start);
}

static double
run_zlib (gpointer data)
{
  InflateJob *job = data;
  gint64 start = g_get_monotonic_time ();
  z_stream zs;

  memset (&zs, 0, sizeof zs);
  if (inflateInit2 (&zs, 16 + 15) != Z_OK)
    g_error ("zlib init failed");
  for (guint i = 0; i < job->blocks->len; i++)
    {
      gsize in_size;
      const guint8 *in = g_bytes_get_data (g_ptr_array_index (job->blocks, i), &in_size);

      inflateReset (&zs);
      zs.next_in = (Bytef *) in;
      zs.avail_in = (uInt) in_size;
      zs.next_out = job->out;
      zs.avail_out = (uInt) g_array_index (job->sizes, gsize, i);
      if (inflate (&zs, Z_FINISH) != Z_STREAM_END)
        g_error ("zlib failed");
    }
  inflateEnd (&zs);
  bench_sink += job->out[0];
  return bench_elapsed_since (start);
}

static double
run_list_variables (gpointer data)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  PsCdfFile *file = ps_cdf_file_open (data, &error);
  guint n;

  if (file == NULL)
    g_error ("%s", error->message);
  n = ps_cdf_file_get_n_variables (file);
  for (guint i = 0; i < n; i++)
    bench_sink += (guint8) ps_cdf_file_get_variable (file, i)->name[0];
  ps_cdf_file_unref (file);
  return bench_elapsed_since (start);
}

/* Reads bigcdf 8 records (50 MB) at a time in a child process; returns
 * the child's peak RSS in MB through *rss_mb. */
static double
run_bigcdf_ranges (const char *path,
                   double     *rss_mb)
{
  gint64 start = g_get_monotonic_time ();
  struct rusage ru;
  int status = 0;
  pid_t pid = fork ();

  /* a fresh process: a forked one would count this one's pages */
  if (pid == 0)
    {
      execl ("/proc/self/exe", "bench-cdf", "--bigcdf-child", path, (char *) NULL);
      _exit (127);
    }
  g_assert (pid > 0);
  wait4 (pid, &status, 0, &ru);
  g_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  *rss_mb = ru.ru_maxrss / 1024.0;
  return bench_elapsed_since (start);
}

static int
bigcdf_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = ps_cdf_file_open (path, &error);
  const PsCdfVariable *var;

  if (file == NULL)
    g_error ("%s", error->message);
  var = ps_cdf_file_get_variable (file, 0);
  for (gint64 r = 0; r < var->n_records; r += 8)
    {
      gint64 n = MIN (8, var->n_records - r);
      gsize size = 0;
      double *v = ps_cdf_variable_read_alloc (file, var, r, n, &size, &error);

      if (v == NULL)
        g_error ("%s", error->message);
      bench_sink += (guint64) v[size / sizeof (double) - 1];
      g_free (v);
    }
  return 0;
}

static double
file_values_mb (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = ps_cdf_file_open (path, &error);
  guint64 total = 0;

  if (file == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < ps_cdf_file_get_n_variables (file); i++)
    {
      const PsCdfVariable *v = ps_cdf_file_get_variable (file, i);
      total += (guint64) v->n_records * v->values_per_record * v->element_size;
    }
  return total / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "plasmascope-bench-cdf", NULL);
  g_autofree char *plain = g_build_filename (dir, "mag-128hz-plain.cdf", NULL);
  g_autofree char *gzip = g_build_filename (dir, "mag-128hz-gzip.cdf", NULL);
  g_autofree char *spec = g_build_filename (dir, "spectrogram-float32.cdf", NULL);
  const char *source_dir = argc > 1 ? argv[1] : PS_SOURCE_DIR;
  g_autofree char *tha = g_build_filename (source_dir, "tests/data/cdf/pyistp/tha_l2_esa_00000000_v01.cdf", NULL);
  g_autofree char *big = g_build_filename (source_dir, "tests/data/cdf/cdfj_history/bigcdf_compressed.cdf", NULL);
  double mb_plain, mb_gzip, mb_spec, s, rss = 0;
  double whole_plain, whole_gzip, in_plain, in_gzip, in_spec, copy_4k, copy_huge, deflate_1, deflate_2, zlib_1;
  InflateJob inflate_job = { 0 };
  CopyJob copy = { 0 };
  guint8 *src;

  if (argc == 3 && strcmp (argv[1], "--bigcdf-child") == 0)
    return bigcdf_child (argv[2]);
  g_mkdir_with_parents (dir, 0755);
  if (!g_file_test (plain, G_FILE_TEST_EXISTS))
    write_mag (plain, PS_CDF_COMPRESSION_NONE);
  if (!g_file_test (gzip, G_FILE_TEST_EXISTS))
    write_mag (gzip, PS_CDF_COMPRESSION_GZIP);
  if (!g_file_test (spec, G_FILE_TEST_EXISTS))
    write_spectrogram (spec);
  mb_plain = file_values_mb (plain);
  mb_gzip = file_values_mb (gzip);
  mb_spec = file_values_mb (spec);
  /* warm the page cache */
  read_all (plain);
  read_all (gzip);
  read_all (spec);

  /* whole-process first, while this process is small (fork copies its
   * page tables) */
  whole_plain = mb_plain / bench_median_seconds (run_read_whole_process, plain, RUNS);
  whole_gzip = mb_gzip / bench_median_seconds (run_read_whole_process, gzip, RUNS);
  in_plain = mb_plain / bench_median_seconds (run_read_in_process, plain, RUNS);
  in_gzip = mb_gzip / bench_median_seconds (run_read_in_process, gzip, RUNS);
  in_spec = mb_spec / bench_median_seconds (run_read_in_process, spec, RUNS);

  copy.size = (gsize) (mb_plain * 1e6);
  src = g_malloc (copy.size);
  memset (src, 1, copy.size);
  copy.src = src;
  copy.huge = FALSE;
  copy_4k = mb_plain / bench_median_seconds (run_memcpy_fresh, &copy, RUNS);
  copy.huge = TRUE;
  copy_huge = mb_plain / bench_median_seconds (run_memcpy_fresh, &copy, RUNS);
  g_free (src);

  collect_blocks (gzip, &inflate_job);
  deflate_1 = inflate_job.total / 1e6 / bench_median_seconds (run_libdeflate, &inflate_job, RUNS);
  deflate_2 = inflate_job.total / 1e6 / bench_median_seconds (run_libdeflate_2, &inflate_job, RUNS);
  zlib_1 = inflate_job.total / 1e6 / bench_median_seconds (run_zlib, &inflate_job, 3);

  bench_row ("read-all/plain/whole-process", whole_plain, "MB/s", "354 MB: TT2000 + DOUBLE[3], fork to exit");
  bench_row ("read-all/plain/in-process", in_plain, "MB/s", "open + read every variable");
  bench_row ("read-all/gzip/whole-process", whole_gzip, "MB/s", "same values, GZIP blocks of 1 MiB");
  bench_row ("read-all/gzip/in-process", in_gzip, "MB/s", "");
  bench_row ("read-all/spectrogram/in-process", in_spec, "MB/s", "86,400 × FLOAT[32] + TT2000, plain");
  bench_row ("memcpy-fresh/4k-pages", copy_4k, "MB/s", "reference: memcpy into new memory");
  bench_row ("memcpy-fresh/huge-pages", copy_huge, "MB/s", "reference: same with MADV_HUGEPAGE");
  bench_row ("inflate/libdeflate-1-core", deflate_1, "MB/s", "reference: the file's GZIP blocks, warm output");
  bench_row ("inflate/libdeflate-2-threads", deflate_2, "MB/s", "reference: same blocks, what 2 cores give now");
  bench_row ("inflate/zlib-1-core", zlib_1, "MB/s", "reference: same blocks");
  bench_row ("ratio/plain-whole-vs-memcpy-4k", whole_plain / copy_4k, "x", "");
  bench_row ("ratio/plain-whole-vs-memcpy-huge", whole_plain / copy_huge, "x", "");
  bench_row ("ratio/gzip-whole-vs-libdeflate-1-core", whole_gzip / deflate_1, "x", "");
  bench_row ("ratio/gzip-in-process-vs-libdeflate-1-core", in_gzip / deflate_1, "x", "");
  bench_row ("ratio/gzip-whole-vs-libdeflate-2-threads", whole_gzip / deflate_2, "x", "");
  bench_row ("ratio/libdeflate-vs-zlib", deflate_1 / zlib_1, "x", "");
  g_ptr_array_unref (inflate_job.blocks);
  g_array_unref (inflate_job.sizes);
  g_free (inflate_job.out);
  g_free (inflate_job.out2);

  if (g_file_test (tha, G_FILE_TEST_EXISTS))
    {
      run_list_variables (tha);
      s = bench_median_seconds (run_list_variables, tha, 15);
      bench_row ("list-variables/tha_l2_esa", s * 1e6, "us", "open + list 383 variables");
    }
  if (g_file_test (big, G_FILE_TEST_EXISTS))
    {
      s = run_bigcdf_ranges (big, &rss);
      bench_row ("bigcdf/range-read", 400.0 * 786432 * 8 / 1e6 / s, "MB/s", "2.5 GB GZIP variable, 8 records at a time");
      bench_row ("bigcdf/range-read-peak-rss", rss, "MB", "child process, goal <= 256");
    }
  return bench_sink == 42 ? 1 : 0;
}
