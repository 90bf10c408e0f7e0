/* ps-cli-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli time [--from FORMAT] VALUE…
 * Shows one instant in every time representation Plasmascope meets, the
 * quickest way to check what a raw CDF value means.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "ps-cli.h"
#include "ps-time-cdf.h"

static gboolean
parse_number (const char *text,
              gboolean    integer,
              gint64     *out_int,
              double     *out_double)
{
  char *end = NULL;

  errno = 0;
  if (integer)
    *out_int = g_ascii_strtoll (text, &end, 10);
  else
    *out_double = g_ascii_strtod (text, &end);

  return errno == 0 && end != text && *end == '\0';
}

static gboolean
parse_value (const char  *from,
             const char  *text,
             PsTime      *out,
             GError     **error)
{
  gint64 integer = 0;
  double number = 0;

  if (g_str_equal (from, "iso"))
    return ps_time_parse_iso (text, out, error);

  if (g_str_equal (from, "ns") || g_str_equal (from, "tt2000"))
    {
      if (!parse_number (text, TRUE, &integer, NULL))
        goto not_a_number;
      *out = g_str_equal (from, "ns") ? integer : ps_time_from_tt2000 (integer);
      return TRUE;
    }

  if (g_str_equal (from, "epoch"))
    {
      if (!parse_number (text, FALSE, NULL, &number) || !isfinite (number))
        goto not_a_number;
      *out = ps_time_from_cdf_epoch (number);
      return TRUE;
    }

  if (g_str_equal (from, "epoch16"))
    {
      g_auto(GStrv) halves = g_strsplit (text, ",", 2);
      double picoseconds = 0;

      if (g_strv_length (halves) != 2
          || !parse_number (g_strstrip (halves[0]), FALSE, NULL, &number)
          || !parse_number (g_strstrip (halves[1]), FALSE, NULL, &picoseconds))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not a CDF_EPOCH16 value: write SECONDS,PICOSECONDS"), text);
          return FALSE;
        }
      *out = ps_time_from_cdf_epoch16 (number, picoseconds);
      return TRUE;
    }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("Unknown time format “%s”: use iso, ns, tt2000, epoch or epoch16"), from);
  return FALSE;

not_a_number:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a number"), text);
  return FALSE;
}

static void
print_time (PsTime t)
{
  char iso[64];
  char tt2000_iso[64];
  double epoch16_s = 0;
  double epoch16_ps = 0;
  gint64 tt2000 = ps_time_to_tt2000 (t);

  ps_time_format_iso_buf (t, 9, iso, sizeof iso);
  ps_tt2000_format_iso_buf (tt2000, tt2000_iso, sizeof tt2000_iso);
  ps_time_to_cdf_epoch16 (t, &epoch16_s, &epoch16_ps);

  g_print ("iso      %s\n", iso);
  g_print ("ns       %" G_GINT64_FORMAT "\n", t);
  g_print ("tt2000   %" G_GINT64_FORMAT "   (%s)\n", tt2000, tt2000_iso);
  g_print ("epoch    %.1f\n", ps_time_to_cdf_epoch (t));
  g_print ("epoch16  %.1f,%.1f\n", epoch16_s, epoch16_ps);
}

int
ps_cli_time (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  const GOptionEntry entries[] = {
    { "from", 'f', 0, G_OPTION_ARG_STRING, &from,
      N_("How VALUE is written: iso (default), ns (since 1970), tt2000, epoch (ms) or epoch16 (s,ps)"),
      N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (_("VALUE… — show a time in every representation"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Values: 2020-01-02T03:04:05.123456789Z, 2020-032, 1577836800000000000 (--from ns), …\n"
      "Times are UTC; TT2000 counts leap seconds, the others do not."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "plasmascope-cli time: %s\n", error->message);
      return PS_CLI_EXIT_USAGE;
    }

  if (argc < 2)
    {
      fprintf (stderr, "plasmascope-cli time: %s\n", _("no VALUE given"));
      return PS_CLI_EXIT_USAGE;
    }

  for (int i = 1; i < argc; i++)
    {
      PsTime t = 0;

      if (!parse_value (from != NULL ? from : "iso", argv[i], &t, &error))
        {
          fprintf (stderr, "plasmascope-cli time: %s\n", error->message);
          return PS_CLI_EXIT_BAD_INPUT;
        }
      if (t == PS_TIME_INVALID)
        {
          fprintf (stderr, "plasmascope-cli time: %s\n", _("the value is a CDF fill value, not a time"));
          return PS_CLI_EXIT_BAD_INPUT;
        }
      if (i > 1)
        g_print ("\n");
      print_time (t);
    }

  return PS_CLI_EXIT_OK;
}
