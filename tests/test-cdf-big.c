/* test-cdf-big.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Range reads of data/cdf/cdfj_history/bigcdf_compressed.cdf: one GZIP
 * variable `temp` DOUBLE[1024,768] × 400 records, 2.5 GB once inflated,
 * one record per CVVR.  JCDF observed the first record as 0.1 and the
 * last as 0.0 (expected/observed/cdfj_history__bigcdf_compressed.cdf.json);
 * records 0 and 200 are uniformly 0.1 and all others 0.0, which the block
 * sizes corroborate (CVVRs 0 and 200 hold 9211 bytes, the other 398 hold
 * 6155).  Reading the whole variable range by range must keep the peak
 * RSS bounded.
 */
#define G_LOG_DOMAIN "test-cdf-big"

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "ps-cdf-file.h"

#define N_RECORDS   400
#define PER_RECORD  (1024 * 768)

static char *big_path;

static PsCdfFile *
open_big (void)
{
  g_autoptr(GError) error = NULL;
  PsCdfFile *file = ps_cdf_file_open (big_path, &error);

  g_assert_no_error (error);
  return file;
}

static double
record_value (gint64 r)
{
  return r == 0 || r == 200 ? 0.1 : 0.0;
}

static void
check_records (const double *v,
               gint64        first,
               gint64        n)
{
  for (gint64 r = 0; r < n; r++)
    {
      double expected = record_value (first + r);

      for (gsize k = 0; k < PER_RECORD; k++)
        if (v[r * PER_RECORD + k] != expected)
          g_error ("record %" G_GINT64_FORMAT " value %" G_GSIZE_FORMAT ": %g, expected %g",
                   first + r, k, v[r * PER_RECORD + k], expected);
    }
}

static void
test_metadata (void)
{
  g_autoptr(PsCdfFile) file = open_big ();
  const PsCdfVariable *var = ps_cdf_file_get_variable (file, 0);

  g_assert_cmpuint (ps_cdf_file_get_n_variables (file), ==, 1);
  g_assert_cmpstr (var->name, ==, "temp");
  g_assert_cmpint (var->type, ==, PS_CDF_DOUBLE);
  g_assert_cmpuint (var->n_dims, ==, 2);
  g_assert_cmpuint (var->dims[0], ==, 1024);
  g_assert_cmpuint (var->dims[1], ==, 768);
  g_assert_cmpint (var->n_records, ==, N_RECORDS);
  g_assert_cmpint (var->compression, ==, PS_CDF_COMPRESSION_GZIP);
  g_assert_null (ps_cdf_variable_peek (file, var, 0, 1));
}

static void
test_first_middle_last (void)
{
  g_autoptr(PsCdfFile) file = open_big ();
  g_autoptr(GError) error = NULL;
  const PsCdfVariable *var = ps_cdf_file_get_variable (file, 0);
  const gint64 ranges[][2] = { { 0, 1 }, { 0, 3 }, { 198, 5 }, { 200, 1 }, { 399, 1 }, { 396, 4 } };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      gsize size = 0;
      g_autofree double *v = ps_cdf_variable_read_alloc (file, var, ranges[i][0], ranges[i][1], &size, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (size, ==, ranges[i][1] * PER_RECORD * sizeof (double));
      check_records (v, ranges[i][0], ranges[i][1]);
    }
}

/* Into a caller's buffer, too small by one value: refused. */
static void
test_small_buffer (void)
{
  g_autoptr(PsCdfFile) file = open_big ();
  g_autoptr(GError) error = NULL;
  const PsCdfVariable *var = ps_cdf_file_get_variable (file, 0);
  gsize size = 2 * PER_RECORD * sizeof (double);
  g_autofree double *v = ps_cdf_alloc_values (size);

  g_assert_false (ps_cdf_variable_read (file, var, 199, 2, v, size - 8, &error));
  g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ps_cdf_variable_read (file, var, 199, 2, v, size, &error));
  g_assert_no_error (error);
  check_records (v, 199, 2);
}

/* The whole variable, 16 records (100 MB) at a time. */
static void
test_bounded_memory (void)
{
  g_autoptr(PsCdfFile) file = open_big ();
  g_autoptr(GError) error = NULL;
  const PsCdfVariable *var = ps_cdf_file_get_variable (file, 0);
  struct rusage ru;

  for (gint64 r = 0; r < N_RECORDS; r += 16)
    {
      gsize size = 0;
      g_autofree double *v = ps_cdf_variable_read_alloc (file, var, r, 16, &size, &error);

      g_assert_no_error (error);
      for (gint64 j = 0; j < 16; j++)
        {
          g_assert_cmpfloat (v[j * PER_RECORD], ==, record_value (r + j));
          g_assert_cmpfloat (v[(j + 1) * PER_RECORD - 1], ==, record_value (r + j));
        }
    }
  getrusage (RUSAGE_SELF, &ru);
  g_test_message ("peak RSS %ld MB", ru.ru_maxrss / 1024);
#if !defined(__SANITIZE_ADDRESS__)
  /* sanitizers keep freed memory in quarantine */
  g_assert_cmpint (ru.ru_maxrss / 1024, <=, 256);
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  big_path = g_build_filename (TEST_DATA_DIR, "cdf", "cdfj_history", "bigcdf_compressed.cdf", NULL);
  g_test_add_func ("/CdfBig/metadata", test_metadata);
  g_test_add_func ("/CdfBig/first-middle-last", test_first_middle_last);
  g_test_add_func ("/CdfBig/small-buffer", test_small_buffer);
  g_test_add_func ("/CdfBig/bounded-memory", test_bounded_memory);
  return g_test_run ();
}
