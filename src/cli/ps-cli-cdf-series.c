/* ps-cli-cdf-series.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli cdf-series [--master MASTER.cdf] [--validmin-validmax]
 *                            [--format csv|json|cdf|hdf5] [--output FILE] FILE VARIABLE
 * plasmascope-cli cdf-series [--master MASTER.cdf] --list FILE
 * One CDF variable as ISTP interprets it, as CSV by default (the format of
 * `plasmascope-cli get`): a header `time,<label> (<units>),…`, then one line
 * per sample, ISO 8601 times with nanoseconds and values with %.17g, NaN as
 * `NaN`; or in the other forms of ps-cli-export.c.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ps-cli-export.h"
#include "ps-istp.h"

#define PREFIX "plasmascope-cli cdf-series"

static PsCdfFile *
open_or_complain (const char *path)
{
  g_autoptr(GError) error = NULL;
  PsCdfFile *file = ps_cdf_file_open (path, &error);

  /* The reader's messages already name the file. */
  if (file == NULL)
    fprintf (stderr, "%s: %s\n", PREFIX, error->message);
  return file;
}

int
ps_cli_cdf_series (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = NULL;
  g_autoptr(PsCdfFile) master = NULL;
  g_autoptr(PsSeries) series = NULL;
  g_autofree char *master_path = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  PsCliFormat format = PS_CLI_FORMAT_CSV;
  gboolean validmin_validmax = FALSE;
  gboolean list = FALSE;
  PsIstpOptions opts;
  const GOptionEntry entries[] = {
    { "master", 'm', 0, G_OPTION_ARG_FILENAME, &master_path,
      N_("Master CDF of the dataset, for the metadata the data file lacks"), N_("MASTER.cdf") },
    { "validmin-validmax", 0, 0, G_OPTION_ARG_NONE, &validmin_validmax,
      N_("Turn values outside VALIDMIN…VALIDMAX into NaN"), NULL },
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list,
      N_("List the plottable data variables of FILE, one per line"), NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("csv (the default), json, cdf or hdf5"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to this file instead of the standard output"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("FILE [VARIABLE] — print a CDF variable, interpreted with ISTP, as CSV (or another format)"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s: %s\n", PREFIX, error->message);
      return PS_CLI_EXIT_USAGE;
    }
  if (format_name != NULL && !ps_cli_format_from_string (format_name, &format))
    {
      fprintf (stderr, "%s: %s\n", PREFIX, _("the format is one of csv, json, cdf, hdf5"));
      return PS_CLI_EXIT_USAGE;
    }
  if (argc != (list ? 2 : 3))
    {
      fprintf (stderr, "%s: %s\n", PREFIX,
               list ? _("give one FILE with --list") : _("give a FILE and a VARIABLE"));
      return PS_CLI_EXIT_USAGE;
    }

  if ((file = open_or_complain (argv[1])) == NULL)
    return PS_CLI_EXIT_BAD_INPUT;
  if (master_path != NULL && (master = open_or_complain (master_path)) == NULL)
    return PS_CLI_EXIT_BAD_INPUT;

  if (list)
    {
      g_autoptr(GPtrArray) names = ps_istp_list_data_variables (file, master);

      for (guint i = 0; i < names->len; i++)
        printf ("%s\n", (const char *) g_ptr_array_index (names, i));
      return PS_CLI_EXIT_OK;
    }

  ps_istp_options_init (&opts);
  opts.mask_invalid = validmin_validmax;
  series = ps_istp_load (file, master, argv[2], &opts, &error);
  if (series == NULL)
    {
      fprintf (stderr, "%s: %s: %s\n", PREFIX, argv[1], error->message);
      return PS_CLI_EXIT_BAD_INPUT;
    }
  if (!ps_cli_write_series (series, format, output, &error))
    {
      fprintf (stderr, "%s: %s\n", PREFIX, error->message);
      return PS_CLI_EXIT_BAD_INPUT;
    }
  return PS_CLI_EXIT_OK;
}
