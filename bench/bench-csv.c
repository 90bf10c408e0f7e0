/* bench-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How fast text tables parse next to what bounds them, in the same run:
 * a generated table of 1,000,000 rows (an ISO 8601 time and 4 numbers)
 * parsed by PsTextTable, against a plain strtod() pass over the same
 * numbers (each line's number fields, the time skipped). Twice: with
 * short numbers ("%.3f", as instruments write) and with the full
 * precision ("%.17g") of `plasmascope-cli get --format csv`. Then the
 * whole way through PsLocalFile (mapping the file, sniffing, listing,
 * loading a vector). Then the short table as a European spreadsheet
 * writes it: ';' between fields, decimal commas (times' fractions too).
 * Figures are medians of RUNS back-to-back runs.
 * Prints "name<TAB>value<TAB>unit<TAB>note" rows.
 */

#define G_LOG_DOMAIN "bench-csv"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ps-local-file.h"
#include "ps-text-table.h"
#include "bench-util.h"

#define RUNS   5
#define N_ROWS 1000000

typedef struct
{
  GString    *text;
  const char *path;
} Bench;

static GString *
generate (gboolean full_precision)
{
  GString *text = g_string_sized_new ((gsize) N_ROWS * (full_precision ? 110 : 60));
  PsTime start = 1577836800 * PS_TIME_NS_PER_SECOND; /* 2020-01-01 */
  guint32 x = 12345;

  g_string_append (text, "time,Bx (nT),By (nT),Bz (nT),Np (cm^-3)\n");
  for (guint i = 0; i < N_ROWS; i++)
    {
      char buf[64];

      ps_time_format_iso_buf (start + (PsTime) i * 250 * 1000 * 1000, 3, buf, sizeof buf);
      g_string_append (text, buf);
      for (int c = 0; c < 4; c++)
        {
          double v;

          x = x * 1664525u + 1013904223u;
          v = ((double) (x >> 8) / (1 << 24) - 0.5) * 200.0;
          g_string_append_c (text, ',');
          g_string_append (text, g_ascii_formatd (buf, sizeof buf, full_precision ? "%.17g" : "%.3f", v));
        }
      g_string_append_c (text, '\n');
    }
  return text;
}

static double
run_parse (gpointer data)
{
  Bench *b = data;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  PsTextTable *table = ps_text_table_parse (b->text->str, b->text->len, &error);
  double s = bench_elapsed_since (start);

  if (table == NULL)
    g_error ("%s", error->message);
  g_assert (ps_text_table_get_n_rows (table) == N_ROWS);
  bench_sink += (guint64) ps_text_table_get_column (table, 2)[N_ROWS / 2];
  ps_text_table_free (table);
  return s;
}

/* The floor: strtod on every number, into an array as big as the
 * table's, the time field skipped with memchr. */
static double
run_strtod (gpointer data)
{
  Bench *b = data;
  double *values = g_new (double, (gsize) N_ROWS * 4);
  gint64 start = g_get_monotonic_time ();
  const char *p = (const char *) memchr (b->text->str, '\n', b->text->len) + 1;
  const char *end = b->text->str + b->text->len;
  gsize k = 0;
  double s;

  while (p < end)
    {
      char *q;

      p = memchr (p, ',', end - p);
      for (int c = 0; c < 4; c++)
        {
          values[k++] = strtod (p + 1, &q);
          p = q;
        }
      p++; /* '\n' */
    }
  s = bench_elapsed_since (start);
  g_assert (k == (gsize) N_ROWS * 4);
  bench_sink += (guint64) values[k / 2];
  g_free (values);
  return s;
}

static double
run_local_file (gpointer data)
{
  Bench *b = data;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PsLocalFile) file = ps_local_file_open (b->path, &error);
  g_autoptr(PsSeries) series = NULL;
  double s;

  if (file == NULL)
    g_error ("%s", error->message);
  series = ps_local_file_load (file, "B", &error);
  if (series == NULL)
    g_error ("%s", error->message);
  s = bench_elapsed_since (start);
  bench_sink += ps_series_get_n (series);
  return s;
}

static void
measure (const char *name,
         gboolean    full_precision)
{
  Bench b = { generate (full_precision), NULL };
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "plasmascope-bench.csv", NULL);
  g_autofree char *row = NULL;
  g_autofree char *note = NULL;
  double parse, floor_s, local;
  double mb = b.text->len / 1e6;

  parse = bench_median_seconds (run_parse, &b, RUNS);
  floor_s = bench_median_seconds (run_strtod, &b, RUNS);
  note = g_strdup_printf ("1e6 rows × (time + 4 numbers), %.0f MB; strtod pass %.0f ms", mb, floor_s * 1e3);
  row = g_strdup_printf ("%s-parse", name);
  bench_row (row, parse * 1e3, "ms", note);
  g_free (row);
  row = g_strdup_printf ("%s-parse/strtod", name);
  bench_row (row, parse / floor_s, "ratio", "PsTextTable over a bare strtod of the same numbers");
  g_free (row);
  row = g_strdup_printf ("%s-rate", name);
  bench_row (row, mb / parse, "MB/s", "parse");

  if (!g_file_set_contents (path, b.text->str, b.text->len, NULL))
    g_error ("cannot write %s", path);
  b.path = path;
  local = bench_median_seconds (run_local_file, &b, RUNS);
  g_free (row);
  row = g_strdup_printf ("%s-local-file", name);
  bench_row (row, local * 1e3, "ms", "ps_local_file_open + load of the B vector");
  g_unlink (path);
  g_string_free (b.text, TRUE);
}

/* The short table with ';' for ',' and ',' for '.'. */
static void
measure_decimal_comma (void)
{
  Bench b = { generate (FALSE), NULL };
  double parse;

  for (gsize i = 0; i < b.text->len; i++)
    if (b.text->str[i] == ',')
      b.text->str[i] = ';';
    else if (b.text->str[i] == '.')
      b.text->str[i] = ',';
  parse = bench_median_seconds (run_parse, &b, RUNS);
  bench_row ("decimal-comma-parse", parse * 1e3, "ms", "the short table with ';' and decimal commas");
  bench_row ("decimal-comma-rate", b.text->len / 1e6 / parse, "MB/s", "parse");
  g_string_free (b.text, TRUE);
}

int
main (int    argc,
      char **argv)
{
  measure ("short", FALSE);
  measure ("full", TRUE);
  measure_decimal_comma ();
  return 0;
}
