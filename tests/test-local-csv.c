/* test-local-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text tables (tests/data/csv/, written to look like what scientists
 * have: OMNIWeb and OMNI2 listings, a THEMIS CSV export, a CDAWeb text
 * listing, whitespace tables with split dates and times, numpy's savetxt,
 * the CSV of `plasmascope-cli get`, European spreadsheets' exports with
 * ';' or tabs and decimal commas), read by PsTextTable and through
 * PsLocalFile.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "ps-local-file.h"
#include "ps-text-table.h"

#define CSV_DIR TEST_DATA_DIR "/csv/"
#define ACE_K2  TEST_DATA_DIR "/cdf/speasy/ac_k2_mfi_20220101_v03.cdf"

static PsTime
iso (const char *text)
{
  PsTime t = 0;

  g_assert_true (ps_time_parse_iso (text, &t, NULL));
  return t;
}

static PsTextTable *
parse_file (const char  *name,
            GError     **error)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "csv", name, NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return ps_text_table_parse (contents, len, error);
}

static PsTextTable *
parse_ok (const char *name)
{
  g_autoptr(GError) error = NULL;
  PsTextTable *table = parse_file (name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static double
value (PsTextTable *table,
       guint        column,
       gsize        row)
{
  g_assert_cmpuint (row, <, ps_text_table_get_n_rows (table));
  return ps_text_table_get_column (table, column)[row];
}

static PsLocalFile *
open_ok (const char *name)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "csv", name, NULL);
  g_autoptr(GError) error = NULL;
  PsLocalFile *file = ps_local_file_open (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ps_local_file_get_format_name (file), ==, "CSV");
  return file;
}

static PsSeries *
load_ok (PsLocalFile *file,
         const char  *variable)
{
  g_autoptr(GError) error = NULL;
  PsSeries *series = ps_local_file_load (file, variable, &error);

  g_assert_no_error (error);
  g_assert_nonnull (series);
  return series;
}

static void
test_omniweb_hourly (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("omniweb-hourly.txt");

  /* The preamble is skipped; YEAR DOY HR make the time. */
  g_assert_cmpint (ps_text_table_get_time_kind (t), ==, PS_TEXT_TIME_YEAR_DOY);
  g_assert_cmpint (ps_text_table_get_delimiter (t), ==, ' ');
  g_assert_true (ps_text_table_has_header (t));
  g_assert_cmpuint (ps_text_table_get_n_rows (t), ==, 4);
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 5);
  /* The legend names the numbered columns */
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "Scalar B");
  g_assert_cmpstr (ps_text_table_get_units (t, 0), ==, "nT");
  g_assert_cmpstr (ps_text_table_get_name (t, 1), ==, "BX (GSE, GSM)");
  g_assert_cmpstr (ps_text_table_get_units (t, 1), ==, "nT");
  g_assert_cmpstr (ps_text_table_get_name (t, 4), ==, "SW Proton Density");
  g_assert_cmpstr (ps_text_table_get_units (t, 4), ==, "N/cm^3");
  g_assert_cmpint (ps_text_table_get_times (t)[0], ==, iso ("2003-10-28T00:00:00Z"));
  g_assert_cmpint (ps_text_table_get_times (t)[3], ==, iso ("2003-10-28T03:00:00Z"));
  g_assert_cmpfloat (value (t, 0, 1), ==, 24.7);
  g_assert_cmpfloat (value (t, 3, 2), ==, -23.7);
  /* OMNIWeb's fill values (nines) are missing values */
  g_assert_true (isnan (value (t, 4, 2)));
  g_assert_cmpfloat (value (t, 4, 3), ==, 15.2);
}

static void
test_omni2_no_header (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("omni2-noheader.dat");

  g_assert_cmpint (ps_text_table_get_time_kind (t), ==, PS_TEXT_TIME_YEAR_DOY);
  g_assert_false (ps_text_table_has_header (t));
  /* year, day and hour; 2315 is a Bartels rotation, not a minute */
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 7);
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "column 4");
  g_assert_cmpuint (ps_text_table_get_field_index (t, 3), ==, 7);
  g_assert_cmpint (ps_text_table_get_times (t)[1], ==, iso ("2003-10-28T01:00:00Z"));
  g_assert_cmpfloat (value (t, 0, 0), ==, 2315);
  g_assert_cmpfloat (value (t, 3, 0), ==, 21.4);
  g_assert_cmpfloat (value (t, 6, 2), ==, -23.7);
}

static void
test_omni_minute_no_header (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("omni-min-noheader.asc");

  /* Rows share the hour: the fourth column is the minute. */
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 4);
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "column 5");
  g_assert_cmpint (ps_text_table_get_times (t)[2], ==, iso ("2003-10-28T06:02:00Z"));
  g_assert_cmpfloat (value (t, 3, 1), ==, 5.02);
}

static void
test_themis_export (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("themis-fgm.csv");
  g_autoptr(PsLocalFile) file = open_ok ("themis-fgm.csv");
  g_autoptr(PsSeries) b = NULL;
  const PsLocalProduct *p;

  g_assert_cmpint (ps_text_table_get_delimiter (t), ==, ',');
  g_assert_cmpint (ps_text_table_get_time_kind (t), ==, PS_TEXT_TIME_ISO);
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "tha_fgs_gsm_x");
  g_assert_cmpstr (ps_text_table_get_units (t, 0), ==, "nT");
  g_assert_cmpint (ps_text_table_get_times (t)[0], ==, iso ("2008-02-26T04:50:00.123Z"));
  g_assert_cmpfloat (value (t, 2, 2), ==, 39.90);

  /* the vector first, then one product per column */
  g_assert_cmpuint (ps_local_file_get_n_products (file), ==, 5);
  p = ps_local_file_get_product (file, 0);
  g_assert_cmpstr (p->variable, ==, "tha_fgs_gsm");
  g_assert_cmpint (p->kind, ==, PS_DISPLAY_VECTOR);
  g_assert_cmpuint (p->n_components, ==, 3);
  g_assert_cmpstr (p->units, ==, "nT");
  g_assert_cmpint (p->n_records, ==, 3);
  g_assert_cmpstr (ps_local_file_get_product (file, 1)->variable, ==, "tha_fgs_gsm_x");
  g_assert_cmpstr (ps_local_file_get_product (file, 4)->variable, ==, "tha_fgs_btotal");
  g_assert_cmpint (ps_local_file_get_product (file, 4)->kind, ==, PS_DISPLAY_LINE);

  b = load_ok (file, "tha_fgs_gsm");
  g_assert_cmpuint (ps_series_get_n (b), ==, 3);
  g_assert_cmpuint (ps_series_get_m (b), ==, 3);
  g_assert_cmpint (ps_series_get_display_kind (b), ==, PS_DISPLAY_VECTOR);
  g_assert_cmpstr (ps_series_get_units (b), ==, "nT");
  g_assert_cmpstr (ps_series_get_label (b, 1), ==, "tha_fgs_gsm_y");
  g_assert_cmpfloat (ps_series_get_value (b, 1, 2), ==, 39.95);
  g_assert_cmpint (ps_series_get_time (b, 2), ==, iso ("2008-02-26T04:50:06.123Z"));
}

static void
test_cdaweb_listing (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("cdaweb-listing.txt");
  g_autoptr(PsLocalFile) file = open_ok ("cdaweb-listing.txt");
  g_autoptr(PsSeries) b = NULL;

  /* dd-mm-yyyy and a clock in two columns, names with a blank in them,
   * a line of units, ISTP fill as NaN */
  g_assert_cmpint (ps_text_table_get_time_kind (t), ==, PS_TEXT_TIME_ISO_SPLIT);
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 4);
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "MAGNITUDE");
  g_assert_cmpstr (ps_text_table_get_name (t, 1), ==, "Bx GSE");
  g_assert_cmpstr (ps_text_table_get_units (t, 1), ==, "nT");
  g_assert_cmpint (ps_text_table_get_times (t)[0], ==, iso ("2022-01-01T00:30:00Z"));
  g_assert_cmpint (ps_text_table_get_times (t)[1], ==, iso ("2022-01-01T01:30:00Z"));
  g_assert_cmpfloat (value (t, 0, 1), ==, 5.324);
  g_assert_true (isnan (value (t, 3, 2)));

  g_assert_nonnull (ps_local_file_lookup_product (file, "B GSE"));
  b = load_ok (file, "B GSE");
  g_assert_cmpuint (ps_series_get_m (b), ==, 3);
  g_assert_cmpfloat (ps_series_get_value (b, 0, 0), ==, -3.536);
  g_assert_cmpfloat (ps_series_get_value (b, 1, 2), ==, -3.734);
  g_assert_true (isnan (ps_series_get_value (b, 2, 1)));
}

static void
test_split_date_time (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("split-datetime.txt");

  g_assert_cmpint (ps_text_table_get_time_kind (t), ==, PS_TEXT_TIME_ISO_SPLIT);
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 3);
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "Np");
  g_assert_cmpstr (ps_text_table_get_units (t, 0), ==, "cm^-3");
  g_assert_cmpstr (ps_text_table_get_name (t, 1), ==, "V");
  g_assert_cmpstr (ps_text_table_get_units (t, 1), ==, "km/s");
  g_assert_cmpstr (ps_text_table_get_units (t, 2), ==, "K");
  g_assert_cmpint (ps_text_table_get_times (t)[1], ==, iso ("2001-01-01T00:01:32.5Z"));
  g_assert_cmpfloat (value (t, 2, 1), ==, 1.19e5);
  g_assert_true (isnan (value (t, 0, 2)));
  g_assert_true (isnan (value (t, 2, 2)));
  g_assert_cmpfloat (value (t, 1, 2), ==, 404.0);
}

static void
test_units_line (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("units-line.csv");

  g_assert_cmpuint (ps_text_table_get_n_rows (t), ==, 2);
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "Np");
  g_assert_cmpstr (ps_text_table_get_units (t, 0), ==, "cm^-3");
  g_assert_cmpstr (ps_text_table_get_units (t, 1), ==, "km/s");
  g_assert_cmpstr (ps_text_table_get_units (t, 2), ==, "K");
  g_assert_cmpfloat (value (t, 2, 1), ==, 1.3e5);
}

static void
assert_error (const char *name,
              int         code,
              const char *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsTextTable) t = parse_file (name, &error);
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "csv", name, NULL);
  g_autoptr(GError) open_error = NULL;
  g_autoptr(PsLocalFile) file = NULL;

  g_assert_null (t);
  g_assert_error (error, PS_TEXT_TABLE_ERROR, code);
  if (part != NULL && strstr (error->message, part) == NULL)
    g_error ("“%s” not in “%s”", part, error->message);

  /* Opening says which file, then why. */
  file = ps_local_file_open (path, &open_error);
  g_assert_null (file);
  g_assert_nonnull (open_error);
  g_assert_nonnull (strstr (open_error->message, name));
}

static void
test_errors (void)
{
  assert_error ("ragged.csv", PS_TEXT_TABLE_ERROR_RAGGED, "Line 4 has 3 fields where the table has 4");
  assert_error ("bad-number.csv", PS_TEXT_TABLE_ERROR_NUMBER, "Line 3: “oops” in column “By”");
  assert_error ("bad-time.csv", PS_TEXT_TABLE_ERROR_TIME, "Line 3");
  assert_error ("header-only.csv", PS_TEXT_TABLE_ERROR_EMPTY, "no data rows");
  assert_error ("garbage.txt", PS_TEXT_TABLE_ERROR_EMPTY, NULL);
  assert_error ("notes.txt", PS_TEXT_TABLE_ERROR_NO_TIME, "No row starts with a time");
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsTextTable) t = parse_file ("empty.csv", &error);
  g_autoptr(PsLocalFile) file = NULL;

  g_assert_null (t);
  g_assert_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_EMPTY);
  g_clear_error (&error);
  /* An empty .csv is a CSV file with no table, not "no format". */
  file = ps_local_file_open (CSV_DIR "empty.csv", &error);
  g_assert_null (file);
  g_assert_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_EMPTY);

  g_clear_error (&error);
  g_assert_null (ps_text_table_parse ("", 0, &error));
  g_assert_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_null (ps_text_table_parse ("# only\n# comments\n\n", 19, &error));
  g_assert_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_null (ps_text_table_parse ("2001-01-01,1\0\0", 14, &error));
  g_assert_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_NOT_TEXT);
}

static void
test_one_row (void)
{
  g_autoptr(PsLocalFile) file = open_ok ("one-row.csv");
  g_autoptr(PsSeries) np = load_ok (file, "Np");

  g_assert_cmpuint (ps_local_file_get_n_products (file), ==, 1);
  g_assert_cmpuint (ps_series_get_n (np), ==, 1);
  g_assert_cmpint (ps_series_get_time (np, 0), ==, iso ("2020-05-05T12:00:00.5Z"));
  g_assert_cmpfloat (ps_series_get_value (np, 0, 0), ==, 7.25);
  g_assert_null (ps_series_get_units (np));
}

static void
test_export_format (void)
{
  g_autoptr(PsLocalFile) file = open_ok ("export.csv");
  g_autoptr(PsSeries) b = NULL;
  const PsLocalProduct *p;

  p = ps_local_file_get_product (file, 0);
  g_assert_cmpstr (p->variable, ==, "B GSE");
  g_assert_cmpint (p->kind, ==, PS_DISPLAY_VECTOR);
  b = load_ok (file, "B GSE");
  g_assert_cmpstr (ps_series_get_units (b), ==, "nT");
  g_assert_cmpstr (ps_series_get_label (b, 0), ==, "Bx GSE");
  g_assert_cmpint (ps_series_get_time (b, 1), ==, iso ("2022-01-01T01:30:00Z"));
  /* %.17g read back to the same doubles */
  g_assert_cmpfloat (ps_series_get_value (b, 0, 0), ==, -3.536);
  g_assert_cmpfloat (ps_series_get_value (b, 0, 1), ==, -1.217);
  g_assert_cmpfloat (ps_series_get_value (b, 1, 1), ==, -0.863);
  g_assert_true (isnan (ps_series_get_value (b, 2, 0)));
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

/* `plasmascope-cli cdf-series` writes the CSV of `get`: reading it back
 * gives the very series. */
static void
test_export_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ps-csv-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "bgse.csv", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) cdf = NULL;
  g_autoptr(PsLocalFile) csv = NULL;
  g_autoptr(PsSeries) expected = NULL;
  g_autoptr(PsSeries) got = NULL;
  const char *argv[] = { CLI_PATH, "cdf-series", "--output", out, ACE_K2, "BGSEc", NULL };
  const PsLocalProduct *vector = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  cdf = ps_local_file_open (ACE_K2, &error);
  g_assert_no_error (error);
  expected = load_ok (cdf, "BGSEc");
  csv = ps_local_file_open (out, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ps_local_file_get_n_products (csv) && vector == NULL; i++)
    if (ps_local_file_get_product (csv, i)->n_components == 3)
      vector = ps_local_file_get_product (csv, i);
  g_assert_nonnull (vector);
  got = load_ok (csv, vector->variable);

  g_assert_cmpuint (ps_series_get_n (got), ==, ps_series_get_n (expected));
  g_assert_cmpuint (ps_series_get_m (got), ==, 3);
  g_assert_cmpstr (ps_series_get_units (got), ==, ps_series_get_units (expected));
  for (guint j = 0; j < 3; j++)
    g_assert_cmpstr (ps_series_get_label (got, j), ==, ps_series_get_label (expected, j));
  for (gsize i = 0; i < ps_series_get_n (expected); i++)
    g_assert_cmpint (ps_series_get_time (got, i), ==, ps_series_get_time (expected, i));
  for (gsize k = 0; k < ps_series_get_n (expected) * 3; k++)
    assert_same_double (ps_series_get_values (got)[k], ps_series_get_values (expected)[k]);

  g_unlink (out);
  g_rmdir (dir);
}

static void
test_unsorted (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("unsorted.csv");
  const double expected[] = { 0, 0.5, 1, 1.5, 1.75, 2 };

  g_assert_true (ps_text_table_was_sorted (t));
  g_assert_cmpuint (ps_text_table_get_n_rows (t), ==, 6);
  /* stable: equal times keep the file's order */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpfloat (value (t, 0, i), ==, expected[i]);
  g_assert_cmpint (ps_text_table_get_times (t)[3], ==, iso ("2001-01-01T00:01:00Z"));
  g_assert_cmpint (ps_text_table_get_times (t)[5], ==, iso ("2001-01-01T00:02:00Z"));

  {
    g_autoptr(PsLocalFile) file = open_ok ("unsorted.csv");

    g_assert_nonnull (strstr (ps_local_file_get_product (file, 0)->description, "sorted by time"));
  }
}

static void
test_missing (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("missing.csv");

  for (gsize i = 0; i < 3; i++)
    {
      g_assert_true (isnan (value (t, 0, i)));
      g_assert_true (isnan (value (t, 1, i)));
      g_assert_cmpfloat (value (t, 2, i), ==, i + 1);
    }
}

static void
test_bom_crlf_tabs (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("bom-crlf.tsv");

  g_assert_cmpint (ps_text_table_get_delimiter (t), ==, '\t');
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 3);
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "Bx");
  g_assert_cmpstr (ps_text_table_get_units (t, 2), ==, "nT");
  g_assert_cmpfloat (value (t, 2, 1), ==, 3.6);
  g_assert_cmpint (ps_text_table_get_times (t)[1], ==, iso ("2010-05-01T00:00:01Z"));
}

static void
test_semicolon_quoted (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("semicolon-quoted.csv");

  g_assert_cmpint (ps_text_table_get_delimiter (t), ==, ';');
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "Density; protons");
  g_assert_cmpstr (ps_text_table_get_units (t, 0), ==, "cm^-3");
  g_assert_cmpstr (ps_text_table_get_name (t, 1), ==, "Speed \"bulk\"");
  g_assert_cmpstr (ps_text_table_get_units (t, 1), ==, "km/s");
  g_assert_cmpfloat (value (t, 1, 1), ==, 455);
  g_assert_cmpint (ps_text_table_get_times (t)[0], ==, iso ("2015-03-17T04:00:00Z"));
}

static void
test_pipe (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("pipe.txt");

  g_assert_cmpint (ps_text_table_get_delimiter (t), ==, '|');
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 2);
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "Bx");
  g_assert_cmpfloat (value (t, 1, 1), ==, -0.75);
  g_assert_cmpint (ps_text_table_get_times (t)[1], ==, iso ("2019-04-01T00:00:10Z"));
}

static void
test_unix_seconds (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("unix.csv");
  g_autoptr(PsLocalFile) file = open_ok ("unix.csv");
  const PsLocalProduct *p;

  g_assert_cmpint (ps_text_table_get_time_kind (t), ==, PS_TEXT_TIME_UNIX);
  g_assert_cmpint (ps_text_table_get_times (t)[0], ==, iso ("2001-01-01T00:00:00Z"));
  g_assert_cmpint (ps_text_table_get_times (t)[1], ==, iso ("2001-01-01T00:00:01.5Z"));
  /* "B" is the magnitude column: the vector is B_xyz */
  p = ps_local_file_get_product (file, 0);
  g_assert_cmpstr (p->variable, ==, "B_xyz");
  g_assert_cmpint (p->kind, ==, PS_DISPLAY_VECTOR);
  g_assert_nonnull (ps_local_file_lookup_product (file, "B"));
  g_assert_cmpuint (ps_local_file_get_n_products (file), ==, 5);
}

static void
test_numpy_savetxt (void)
{
  /* No table extension: recognised from its content. Comment header. */
  g_autoptr(PsLocalFile) file = open_ok ("numpy-savetxt.out");
  g_autoptr(PsSeries) ey = load_ok (file, "Ey");

  g_assert_cmpint (ps_series_get_time (ey, 1), ==, iso ("2001-01-01T00:00:01Z"));
  g_assert_cmpfloat (ps_series_get_value (ey, 1, 0), ==, 0.4);
}

static void
test_year_doy_iso (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("year-doy-iso.csv");

  g_assert_cmpint (ps_text_table_get_times (t)[0], ==, iso ("2004-02-29T12:00:00Z"));
  g_assert_cmpint (ps_text_table_get_times (t)[1], ==, iso ("2004-03-01T00:00:00.25Z"));
  g_assert_cmpfloat (value (t, 0, 0), ==, 1000.0);
  g_assert_cmpfloat (value (t, 0, 1), ==, 0.25);
}

static void
test_year_month_columns (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("ymd-columns.txt");

  g_assert_cmpint (ps_text_table_get_time_kind (t), ==, PS_TEXT_TIME_YEAR_MONTH);
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 1);
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "Kp");
  g_assert_cmpint (ps_text_table_get_times (t)[1], ==, iso ("2015-03-17T03:00:00Z"));
  g_assert_cmpfloat (value (t, 0, 1), ==, 7.7);
}

/* Every number the fast path takes must be the one strtod gives. */
static void
test_numbers_exact (void)
{
  static const char *const numbers[] = {
    "0.1", "-0.3", "1e-300", "1.7976931348623157e308", "123456789012345678901234567890",
    "9007199254740993", "4.9406564584124654e-324", "0.000001", "1234.5678e-3", "+7", "-0",
    "3.0000000000000004", "2.2250738585072014e-308", "1.0D+03", "inf", "-Infinity",
  };
  g_autoptr(GString) text = g_string_new ("time,v\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(PsTextTable) t = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    g_string_append_printf (text, "2001-01-01T00:00:%02u,%s\n", i, numbers[i]);
  t = ps_text_table_parse (text->str, text->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *c = g_strdelimit (g_strdup (numbers[i]), "D", 'e');
      double expected = g_ascii_strtod (c, NULL);

      assert_same_double (value (t, 0, i), expected);
    }
}

/* Random doubles at 15 to 17 digits, written as the exporter does, read
 * back bit for bit (the long double path and its double rounding check). */
static void
test_numbers_random (void)
{
  g_autoptr(GString) text = g_string_new ("time,v\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(PsTextTable) t = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (double));
  GRand *rand = g_rand_new_with_seed (20251122);
  PsTime start = iso ("2020-01-01T00:00:00Z");

  for (guint i = 0; i < 200000; i++)
    {
      static const char *const formats[] = { "%.17g", "%.16g", "%.15g", "%.17e" };
      char time[64];
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double v = g_rand_double_range (rand, -1.0, 1.0) * pow (10.0, g_rand_int_range (rand, -30, 31));
      double back;

      g_ascii_formatd (buf, sizeof buf, formats[i % 4], v);
      back = g_ascii_strtod (buf, NULL);
      g_array_append_val (expected, back);
      ps_time_format_iso_buf (start + (PsTime) i * PS_TIME_NS_PER_SECOND, 0, time, sizeof time);
      g_string_append_printf (text, "%s,%s\n", time, buf);
    }
  g_rand_free (rand);
  t = ps_text_table_parse (text->str, text->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < expected->len; i++)
    assert_same_double (value (t, 0, i), g_array_index (expected, double, i));
}

/* Rows past the 64 KiB the layout is found from, and a ragged row there. */
static void
test_many_rows (void)
{
  g_autoptr(GString) text = g_string_new ("time;a;b\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(PsTextTable) t = NULL;
  PsTime start = iso ("2020-01-01T00:00:00Z");

  for (guint i = 0; i < 20000; i++)
    {
      char buf[64];

      ps_time_format_iso_buf (start + (PsTime) i * PS_TIME_NS_PER_SECOND, 3, buf, sizeof buf);
      g_string_append_printf (text, "%s;%u;%u.5\n", buf, i, i);
    }
  t = ps_text_table_parse (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_text_table_get_n_rows (t), ==, 20000);
  g_assert_cmpfloat (value (t, 1, 19999), ==, 19999.5);
  g_assert_cmpint (ps_text_table_get_times (t)[19999], ==, start + 19999 * PS_TIME_NS_PER_SECOND);
  g_assert_false (ps_text_table_was_sorted (t));

  g_string_append (text, "2020-01-02T00:00:00;1\n");
  g_clear_pointer (&t, ps_text_table_free);
  t = ps_text_table_parse (text->str, text->len, &error);
  g_assert_null (t);
  g_assert_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_RAGGED);
  g_assert_nonnull (strstr (error->message, "Line 20002"));
}

static void
test_not_a_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = NULL;

  /* A CDF is still a CDF. */
  file = ps_local_file_open (ACE_K2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ps_local_file_get_format_name (file), ==, "CDF");
  g_clear_object (&file);

  file = ps_local_file_open (CSV_DIR "notes.txt", &error);
  g_assert_null (file);
  g_assert_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_NO_TIME);
  g_assert_nonnull (strstr (error->message, "notes.txt"));
  g_clear_error (&error);

  {
    g_autoptr(PsLocalFile) f = open_ok ("units-line.csv");
    g_autoptr(PsSeries) none = ps_local_file_load (f, "nothing", &error);

    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
}

/* European spreadsheets: ';' (or tab) between fields, a decimal comma. */
static void
test_decimal_comma (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("decimal-comma.csv");
  g_autoptr(PsLocalFile) file = open_ok ("decimal-comma.csv");
  g_autoptr(PsSeries) b = NULL;
  g_autoptr(PsSeries) np = NULL;
  const PsLocalProduct *p;

  g_assert_cmpint (ps_text_table_get_delimiter (t), ==, ';');
  g_assert_true (ps_text_table_has_decimal_comma (t));
  g_assert_true (ps_text_table_has_header (t));
  g_assert_cmpint (ps_text_table_get_time_kind (t), ==, PS_TEXT_TIME_ISO);
  g_assert_cmpuint (ps_text_table_get_n_rows (t), ==, 4);
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 4);
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "Bx");
  g_assert_cmpstr (ps_text_table_get_units (t, 0), ==, "nT");
  g_assert_cmpstr (ps_text_table_get_name (t, 3), ==, "Np");
  g_assert_cmpstr (ps_text_table_get_units (t, 3), ==, "cm^-3");
  g_assert_cmpfloat (value (t, 0, 0), ==, 1.25);
  g_assert_cmpfloat (value (t, 1, 0), ==, -3.5);
  g_assert_cmpfloat (value (t, 2, 0), ==, 12);
  g_assert_cmpfloat (value (t, 3, 0), ==, 4.125);
  g_assert_cmpfloat (value (t, 1, 1), ==, -3.25);
  g_assert_cmpfloat (value (t, 3, 1), ==, 4.0);
  g_assert_cmpfloat (value (t, 1, 2), ==, -3);
  g_assert_true (isnan (value (t, 3, 2)));
  g_assert_cmpfloat (value (t, 0, 3), ==, -0.001);
  g_assert_cmpfloat (value (t, 2, 3), ==, 9.5);
  /* ISO 8601's comma before the seconds' fraction */
  g_assert_cmpint (ps_text_table_get_times (t)[2], ==, iso ("2021-03-01T00:00:02.5Z"));
  g_assert_cmpint (ps_text_table_get_times (t)[3], ==, iso ("2021-03-01T00:00:03Z"));

  g_assert_cmpuint (ps_local_file_get_n_products (file), ==, 5);
  p = ps_local_file_get_product (file, 0);
  g_assert_cmpstr (p->variable, ==, "B");
  g_assert_cmpint (p->kind, ==, PS_DISPLAY_VECTOR);
  g_assert_cmpstr (p->units, ==, "nT");
  g_assert_cmpint (p->n_records, ==, 4);
  b = load_ok (file, "B");
  g_assert_cmpuint (ps_series_get_n (b), ==, 4);
  g_assert_cmpuint (ps_series_get_m (b), ==, 3);
  g_assert_cmpfloat (ps_series_get_value (b, 0, 0), ==, 1.25);
  g_assert_cmpfloat (ps_series_get_value (b, 0, 1), ==, -3.5);
  g_assert_cmpfloat (ps_series_get_value (b, 1, 1), ==, -3.25);
  g_assert_cmpfloat (ps_series_get_value (b, 3, 0), ==, -0.001);
  g_assert_cmpint (ps_series_get_time (b, 2), ==, iso ("2021-03-01T00:00:02.500Z"));
  np = load_ok (file, "Np");
  g_assert_cmpstr (ps_series_get_units (np), ==, "cm^-3");
  g_assert_cmpfloat (ps_series_get_value (np, 0, 0), ==, 4.125);
  g_assert_true (isnan (ps_series_get_value (np, 2, 0)));
}

/* Tab-separated, German dates (dd.mm.yyyy), CRLF, an empty field, exponents. */
static void
test_decimal_comma_tabs (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("decimal-comma.tsv");
  g_autoptr(PsLocalFile) file = open_ok ("decimal-comma.tsv");
  g_autoptr(PsSeries) b = NULL;

  g_assert_cmpint (ps_text_table_get_delimiter (t), ==, '\t');
  g_assert_true (ps_text_table_has_decimal_comma (t));
  g_assert_cmpuint (ps_text_table_get_n_rows (t), ==, 3);
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 3);
  g_assert_cmpstr (ps_text_table_get_name (t, 2), ==, "Bz");
  g_assert_cmpstr (ps_text_table_get_units (t, 2), ==, "nT");
  g_assert_cmpint (ps_text_table_get_times (t)[1], ==, iso ("2021-03-01T00:01:00Z"));
  g_assert_cmpfloat (value (t, 0, 0), ==, 1.25);
  g_assert_cmpfloat (value (t, 1, 0), ==, -3.5);
  g_assert_cmpfloat (value (t, 2, 0), ==, 12);
  g_assert_cmpfloat (value (t, 0, 1), ==, -0.125);
  g_assert_cmpfloat (value (t, 1, 1), ==, 2.0e-3);
  g_assert_true (isnan (value (t, 0, 2)));
  g_assert_cmpfloat (value (t, 2, 2), ==, 150);

  b = load_ok (file, "B");
  g_assert_cmpuint (ps_series_get_m (b), ==, 3);
  g_assert_cmpfloat (ps_series_get_value (b, 1, 1), ==, 2.0e-3);
  g_assert_cmpfloat (ps_series_get_value (b, 2, 2), ==, 150);
}

/* Integers and decimal commas in one table, year and day-of-year columns. */
static void
test_decimal_comma_mixed (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("decimal-comma-mixed.csv");
  g_autoptr(PsLocalFile) file = open_ok ("decimal-comma-mixed.csv");
  g_autoptr(PsSeries) v = NULL;

  g_assert_cmpint (ps_text_table_get_delimiter (t), ==, ';');
  g_assert_cmpint (ps_text_table_get_time_kind (t), ==, PS_TEXT_TIME_YEAR_DOY);
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 3);
  g_assert_cmpuint (ps_text_table_get_n_rows (t), ==, 4);
  g_assert_cmpstr (ps_text_table_get_name (t, 0), ==, "Np");
  g_assert_cmpint (ps_text_table_get_times (t)[2], ==, iso ("2021-03-01T02:00:00Z"));
  g_assert_cmpfloat (value (t, 0, 0), ==, 4.5);
  g_assert_cmpfloat (value (t, 0, 1), ==, 5);
  g_assert_cmpfloat (value (t, 0, 2), ==, 12.75);
  g_assert_cmpfloat (value (t, 0, 3), ==, 13);
  g_assert_cmpfloat (value (t, 1, 0), ==, 420);
  g_assert_cmpfloat (value (t, 1, 1), ==, 415.25);
  g_assert_cmpfloat (value (t, 2, 2), ==, 1.5e5);

  v = load_ok (file, "V");
  g_assert_cmpuint (ps_series_get_n (v), ==, 4);
  g_assert_cmpfloat (ps_series_get_value (v, 1, 0), ==, 415.25);
  g_assert_cmpint (ps_series_get_time (v, 1), ==, iso ("2021-03-01T01:00:00Z"));
}

static PsTextTable *
parse_text (const char  *text,
            GError     **error)
{
  return ps_text_table_parse (text, strlen (text), error);
}

static void
assert_parse_error (const char *text,
                    int         code,
                    const char *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsTextTable) t = parse_text (text, &error);

  g_assert_null (t);
  g_assert_error (error, PS_TEXT_TABLE_ERROR, code);
  if (part != NULL && strstr (error->message, part) == NULL)
    g_error ("“%s” not in “%s”", part, error->message);
}

/* A comma is never a decimal point in a ','-delimited table; nor are two
 * commas, a comma and a dot, or a comma that is not between digits. */
static void
test_decimal_comma_not (void)
{
  g_autoptr(PsTextTable) t = NULL;
  g_autoptr(GError) error = NULL;

  assert_error ("comma-quoted-decimal.csv", PS_TEXT_TABLE_ERROR_NUMBER, "Line 3: “1,5” in column “Bx” is not a number");
  assert_parse_error ("time,v\n2021-03-01T00:00:00,\"1,5\"\n2021-03-01T00:00:01,\"2,5\"\n",
                      PS_TEXT_TABLE_ERROR_NO_TIME, NULL);
  /* (a time's fraction after a comma is ISO 8601, quoted here) */
  t = parse_text ("time,v\n2021-03-01T00:00:00,1\n\"2021-03-01T00:00:01,5\",2\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ps_text_table_get_times (t)[1], ==, iso ("2021-03-01T00:00:01.5Z"));
  g_clear_pointer (&t, ps_text_table_free);

  assert_parse_error ("t;v\n2021-03-01T00:00:00;1,5\n2021-03-01T00:00:01;1,234,5\n",
                      PS_TEXT_TABLE_ERROR_NUMBER, "Line 3: “1,234,5”");
  assert_parse_error ("t;v\n2021-03-01T00:00:00;1,5\n2021-03-01T00:00:01;1.234,5\n",
                      PS_TEXT_TABLE_ERROR_NUMBER, "Line 3: “1.234,5”");
  assert_parse_error ("t;v\n2021-03-01T00:00:00;1,5\n2021-03-01T00:00:01;1,5.3\n",
                      PS_TEXT_TABLE_ERROR_NUMBER, "Line 3: “1,5.3”");
  assert_parse_error ("t;v\n2021-03-01T00:00:00;1,5\n2021-03-01T00:00:01;1,\n",
                      PS_TEXT_TABLE_ERROR_NUMBER, "Line 3: “1,”");
  assert_parse_error ("t;v\n2021-03-01T00:00:00;1,5\n2021-03-01T00:00:01;,5\n",
                      PS_TEXT_TABLE_ERROR_NUMBER, "Line 3: “,5”");
  assert_parse_error ("t;v\n2021-03-01T00:00:00;1,5\n2021-03-01T00:00:01;-,5\n",
                      PS_TEXT_TABLE_ERROR_NUMBER, "Line 3: “-,5”");
  /* more digits than the fast path takes: strtod, comma read the same */
  assert_parse_error ("t;v\n2021-03-01T00:00:00;1,5\n2021-03-01T00:00:01;1,23456789012345678901,2\n",
                      PS_TEXT_TABLE_ERROR_NUMBER, "Line 3");

  /* An ordinary CSV stays one, spaces after the commas or not. */
  t = parse_text ("time,Bx,By\n2021-03-01T00:00:00,1.5,2\n2021-03-01T00:00:01,2.5,3\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ps_text_table_get_delimiter (t), ==, ',');
  g_assert_false (ps_text_table_has_decimal_comma (t));
  g_assert_cmpfloat (value (t, 0, 1), ==, 2.5);
  g_clear_pointer (&t, ps_text_table_free);
  t = parse_text ("2021-03-01T00:00:00, 1, 2\n2021-03-01T00:00:01, 3, 4\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ps_text_table_get_delimiter (t), ==, ',');
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 2);
  g_assert_cmpfloat (value (t, 1, 1), ==, 4);
  g_clear_pointer (&t, ps_text_table_free);
  t = parse_text ("YEAR, DOY, HR, V\n2021, 60, 0, 400\n2021, 60, 1, 410\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ps_text_table_get_delimiter (t), ==, ',');
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 1);
  g_assert_cmpfloat (value (t, 0, 1), ==, 410);
}

/* "1,5;2,5" split at ',' is "1", "5;2", "5": the ';' split wins, whatever
 * the time, one column or several, a header or not. */
static void
test_decimal_comma_detection (void)
{
  static const struct
  {
    const char *text;
    char        delim;
    guint       n_columns;
    double      v;     /* last column, last row */
  } cases[] = {
    { "2021-03-01T00:00:00;1,25\n2021-03-01T00:00:01;2,5\n", ';', 1, 2.5 },
    { "Time;Bx [nT];By [nT]\n2021-03-01T00:00:00;1,25;-3,5\n2021-03-01T00:00:01;1,5;-3,75\n", ';', 2, -3.75 },
    { "2021-03-01 00:00:00;1,5;2,5\n2021-03-01 00:00:01;1,5;2,75\n", ';', 2, 2.75 },
    { "2021-03-01;00:00:00;1,5;2,5\n2021-03-01;00:00:01;1,5;2,75\n", ';', 2, 2.75 },
    { "01/03/2021 00:00;1,5;2,5\n01/03/2021 00:01;1,5;2,75\n", ';', 2, 2.75 },
    { "year;doy;v\n2021;60;1,5\n2021;61;1,75\n", ';', 1, 1.75 },
    { "time;v\n1614556800;1,5\n1614556801,5;1,25\n", ';', 1, 1.25 },
    { "2021-03-01T00:00:00 1,25 -3,5\n2021-03-01T00:00:01 1,5 -3,625\n", ' ', 2, -3.625 },
    { "| 2021-03-01T00:00:00 | 1,25 |\n| 2021-03-01T00:00:01 | 0,5 |\n", '|', 1, 0.5 },
    { "t;v\n2021-03-01T00:00:00;0.5\n2021-03-01T00:00:01;0,25\n", ';', 1, 0.25 },
    { "t;v\n2021-03-01T00:00:00;1,5E-03\n2021-03-01T00:00:01;-2,5e+3\n", ';', 1, -2500 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsTextTable) t = parse_text (cases[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpint (ps_text_table_get_delimiter (t), ==, cases[i].delim);
      g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, cases[i].n_columns);
      g_assert_cmpuint (ps_text_table_get_n_rows (t), ==, 2);
      g_assert_cmpfloat (value (t, cases[i].n_columns - 1, 1), ==, cases[i].v);
    }
}

/* A decimal comma reads exactly as its '.' twin, fast path or strtod. */
static void
test_decimal_comma_exact (void)
{
  static const char *const numbers[] = {
    "0,1", "-0,3", "1,7976931348623157e308", "4,9406564584124654e-324", "1234,5678e-3",
    "3,0000000000000004", "0,123456789012345678901234567890", "123456789012345678901,5",
    "2,2250738585072014e-308", "1,0D+03", "-0,000001",
  };
  g_autoptr(GString) text = g_string_new ("time;v\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(PsTextTable) t = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    g_string_append_printf (text, "2001-01-01T00:00:%02u;%s\n", i, numbers[i]);
  t = ps_text_table_parse (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_text_table_get_n_rows (t), ==, G_N_ELEMENTS (numbers));
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *c = g_strdelimit (g_strdup (numbers[i]), "D", 'e');
      double expected = g_ascii_strtod (g_strdelimit (c, ",", '.'), NULL);

      assert_same_double (value (t, 0, i), expected);
    }
}

static void
test_latin1 (void)
{
  g_autoptr(PsLocalFile) file = open_ok ("latin1.csv");
  const PsLocalProduct *t = ps_local_file_get_product (file, 0);

  /* Not UTF-8, but a .csv: read as Latin-1, "°C" kept */
  g_assert_cmpstr (t->variable, ==, "T");
  g_assert_cmpstr (t->units, ==, "°C");
  g_assert_cmpstr (ps_local_file_get_product (file, 1)->units, ==, "hPa");
  g_assert_cmpint (t->n_records, ==, 2);
}

static void
test_stray_preamble (void)
{
  g_autoptr(PsTextTable) t = parse_ok ("stray-preamble.txt");

  /* "2021-06-01 3" in the preamble looks like a row, but not like most. */
  g_assert_cmpuint (ps_text_table_get_n_rows (t), ==, 3);
  g_assert_cmpuint (ps_text_table_get_n_columns (t), ==, 3);
  g_assert_cmpstr (ps_text_table_get_name (t, 2), ==, "Z");
  g_assert_cmpfloat (value (t, 2, 2), ==, 52.2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/LocalCsv/omniweb-hourly", test_omniweb_hourly);
  g_test_add_func ("/LocalCsv/omni2-no-header", test_omni2_no_header);
  g_test_add_func ("/LocalCsv/omni-minute-no-header", test_omni_minute_no_header);
  g_test_add_func ("/LocalCsv/themis-export", test_themis_export);
  g_test_add_func ("/LocalCsv/cdaweb-listing", test_cdaweb_listing);
  g_test_add_func ("/LocalCsv/split-date-time", test_split_date_time);
  g_test_add_func ("/LocalCsv/units-line", test_units_line);
  g_test_add_func ("/LocalCsv/errors", test_errors);
  g_test_add_func ("/LocalCsv/empty", test_empty);
  g_test_add_func ("/LocalCsv/one-row", test_one_row);
  g_test_add_func ("/LocalCsv/export-format", test_export_format);
  g_test_add_func ("/LocalCsv/export-round-trip", test_export_round_trip);
  g_test_add_func ("/LocalCsv/unsorted", test_unsorted);
  g_test_add_func ("/LocalCsv/missing", test_missing);
  g_test_add_func ("/LocalCsv/bom-crlf-tabs", test_bom_crlf_tabs);
  g_test_add_func ("/LocalCsv/semicolon-quoted", test_semicolon_quoted);
  g_test_add_func ("/LocalCsv/decimal-comma", test_decimal_comma);
  g_test_add_func ("/LocalCsv/decimal-comma-tabs", test_decimal_comma_tabs);
  g_test_add_func ("/LocalCsv/decimal-comma-mixed", test_decimal_comma_mixed);
  g_test_add_func ("/LocalCsv/decimal-comma-not", test_decimal_comma_not);
  g_test_add_func ("/LocalCsv/decimal-comma-detection", test_decimal_comma_detection);
  g_test_add_func ("/LocalCsv/decimal-comma-exact", test_decimal_comma_exact);
  g_test_add_func ("/LocalCsv/pipe", test_pipe);
  g_test_add_func ("/LocalCsv/unix-seconds", test_unix_seconds);
  g_test_add_func ("/LocalCsv/numpy-savetxt", test_numpy_savetxt);
  g_test_add_func ("/LocalCsv/year-doy-iso", test_year_doy_iso);
  g_test_add_func ("/LocalCsv/year-month-columns", test_year_month_columns);
  g_test_add_func ("/LocalCsv/numbers-exact", test_numbers_exact);
  g_test_add_func ("/LocalCsv/numbers-random", test_numbers_random);
  g_test_add_func ("/LocalCsv/many-rows", test_many_rows);
  g_test_add_func ("/LocalCsv/not-a-table", test_not_a_table);
  g_test_add_func ("/LocalCsv/latin1", test_latin1);
  g_test_add_func ("/LocalCsv/stray-preamble", test_stray_preamble);

  return g_test_run ();
}
