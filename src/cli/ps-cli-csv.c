/* ps-cli-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Series as CSV, for cdf-series and get.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ps-cli.h"
#include "ps-time.h"

/* A CSV field, quoted when it holds a comma, a quote or a line break. */
static void
append_field (GString    *out,
              const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * ps_cli_write_csv:
 *
 * Writes @series to @stream as DESIGN.md says: a header line
 * "time,<label> (<units>),…", then ISO 8601 times with nanoseconds and
 * values at full precision ("%.17g"), NaN as "NaN".
 */
void
ps_cli_write_csv (PsSeries *series,
                  FILE     *stream)
{
  g_autoptr(GString) line = g_string_new ("time");
  const char *units = ps_series_get_units (series);
  gsize n = ps_series_get_n (series);
  guint m = ps_series_get_m (series);
  const double *values = ps_series_get_values (series);
  const PsTime *times = ps_series_get_times (series);

  for (guint j = 0; j < m; j++)
    {
      g_autofree char *title = NULL;

      if (units != NULL && *units != '\0')
        title = g_strdup_printf ("%s (%s)", ps_series_get_label (series, j), units);
      else
        title = g_strdup (ps_series_get_label (series, j));
      g_string_append_c (line, ',');
      append_field (line, title);
    }
  g_string_append_c (line, '\n');
  fputs (line->str, stream);

  for (gsize i = 0; i < n; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      ps_time_format_iso_buf (times[i], 9, buf, sizeof buf);
      g_string_assign (line, buf);
      for (guint j = 0; j < m; j++)
        {
          double v = values[i * m + j];

          g_string_append_c (line, ',');
          if (isnan (v))
            g_string_append (line, "NaN");
          else
            g_string_append (line, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
        }
      g_string_append_c (line, '\n');
      fputs (line->str, stream);
    }
}


/**
 * ps_cli_print_csv:
 *
 * ps_cli_write_csv() to standard output.
 */
void
ps_cli_print_csv (PsSeries *series)
{
  ps_cli_write_csv (series, stdout);
}
