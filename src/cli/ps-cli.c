/* ps-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli: the core library from the shell, no display needed.
 * "plasmascope-cli COMMAND --help" documents each command.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <locale.h>

#include "ps-cli.h"

static const PsCliCommand commands[] = {
  { "account", N_("Sign in to AMDA, or out, for your time tables and catalogues"), ps_cli_account },
  { "cache", N_("Show, prune or clear the download cache"), ps_cli_cache },
  { "cdf-dump", N_("Print the structure and contents of a CDF file as JSON"), ps_cli_cdf_dump },
  { "cdf-series", N_("Print a CDF variable, interpreted with ISTP, as CSV"), ps_cli_cdf_series },
  { "get", N_("Print a product over a time range as CSV, from its provider"), ps_cli_get },
  { "inventory", N_("Print the providers’ inventories, or search them for products"), ps_cli_inventory },
  { "render", N_("Draw CDF variables as a stacked plot, in PNG, SVG or PDF"), ps_cli_render },
  { "time", N_("Convert times between ISO 8601, nanoseconds and the CDF time types"), ps_cli_time },
};

/**
 * ps_cli_local_folders:
 * @given: (nullable): the folders --folder gave
 *
 * The folders of the "local" provider: @given, else those of
 * $PLASMASCOPE_LOCAL_FOLDERS (separated by ':'), else the application's
 * (its "local-folders" setting, when its schema is installed).
 *
 * Returns: (transfer full): the folders
 */
char **
ps_cli_local_folders (char **given)
{
  const char *env = g_getenv ("PLASMASCOPE_LOCAL_FOLDERS");
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (given != NULL && given[0] != NULL)
    return g_strdupv (given);
  if (env != NULL && *env != '\0')
    return g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "local-folders"))
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);

      return g_settings_get_strv (settings, "local-folders");
    }
  return g_new0 (char *, 1);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n  plasmascope-cli %s\n  plasmascope-cli --version\n\n%s\n",
           _("Usage:"), _("COMMAND [OPTION…] [ARGUMENT…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “plasmascope-cli COMMAND --help” for the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return PS_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return PS_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("plasmascope-cli %s\n", PACKAGE_VERSION);
      return PS_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        /* "Usage: plasmascope-cli COMMAND [OPTION…]" in the command's --help */
        g_autofree char *prgname = g_strdup_printf ("plasmascope-cli %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  fprintf (stderr, _("plasmascope-cli: unknown command “%s”\n"), argv[1]);
  print_usage (stderr);
  return PS_CLI_EXIT_USAGE;
}
