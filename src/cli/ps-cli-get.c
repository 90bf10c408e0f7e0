/* ps-cli-get.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli get PRODUCT START STOP [--base-url PROVIDER=URL]…
 *                     [--hapi-server NAME=URL]… [--folder DIR]… [--cache-dir DIR]
 *                     [--no-cache | --offline] [--format csv|json|cdf|hdf5]
 *                     [--output FILE]
 *
 * The product's series over [START, STOP) as CSV (see ps_cli_print_csv())
 * or another format (ps-cli-export.c), through the download cache
 * (ps_get_async()): a second call for the same range makes no request;
 * offline, the cache alone answers, or the error names the missing
 * ranges. Providers come from the registry (ps_provider_registry_new_default()):
 * CDAWeb ("cda/DATASET/VARIABLE"), SSCWeb ("ssc/OBSERVATORY/FRAME"), AMDA
 * ("amda/PARAMETER"), the Cluster Science Archive ("csa/DATASET/PARAMETER"), HAPI
 * servers ("hapi/SERVER/DATASET/PARAMETER": the public ones of
 * ps-hapi-servers.c, those of $PLASMASCOPE_HAPI_SERVERS and those given
 * with --hapi-server, which also replaces a known server's URL), and this
 * computer's files ("local/FILE/VARIABLE", "samples/FILE/VARIABLE"), read
 * directly, without the cache. The base
 * URL of a provider can be overridden, as DESIGN.md says, with --base-url
 * or PLASMASCOPE_<PROVIDER>_URL: tests and mirrors use the same code paths.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-cli-export.h"
#include "ps-get.h"
#include "ps-hapi-provider.h"
#include "ps-hapi-servers.h"
#include "ps-provider-registry.h"

#define PREFIX "plasmascope-cli get"

typedef struct
{
  GMainLoop *loop;
  PsSeries  *series;
  GError    *error;
} Wait;

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Wait *wait = data;

  wait->series = ps_get_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* The names of the HAPI servers of @registry, for a message */
static char *
hapi_names (PsProviderRegistry *registry)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < ps_provider_registry_get_n_items (registry); i++)
    {
      const char *prefix = ps_provider_get_prefix (ps_provider_registry_get_item (registry, i));

      if (!g_str_has_prefix (prefix, "hapi/"))
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, prefix + strlen ("hapi/"));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* The provider of @product among the registry's, or NULL with @error. */
static PsProvider *
provider_for (PsProviderRegistry  *registry,
              const char          *product,
              GError             **error)
{
  PsProvider *provider = ps_provider_registry_lookup (registry, product);
  g_autofree char *server = NULL;

  if (provider != NULL && PS_IS_HAPI_PROVIDER (provider))
    {
      g_autofree char *dataset = NULL;
      g_autofree char *parameter = NULL;

      if (!ps_hapi_provider_split_product (PS_HAPI_PROVIDER (provider), product, &dataset, &parameter))
        provider = NULL;
    }
  if (provider != NULL)
    return g_object_ref (provider);
  server = g_str_has_prefix (product, "hapi/") ? ps_hapi_servers_name_of (product) : NULL;
  if (server != NULL)
    {
      g_autofree char *prefix = g_strconcat ("hapi/", server, NULL);

      if (ps_provider_registry_get (registry, prefix) == NULL)
        {
          g_autofree char *known = hapi_names (registry);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("unknown HAPI server “%s” (known: %s; add one with --hapi-server NAME=URL)"), server, known);
          return NULL;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("unknown product: give cda/DATASET/VARIABLE or hapi/SERVER/DATASET/PARAMETER"));
  return NULL;
}

int
ps_cli_get (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) base_urls = NULL;
  g_auto(GStrv) hapi_servers = NULL;
  g_auto(GStrv) folders = NULL;
  g_auto(GStrv) local_folders = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  gboolean no_cache = FALSE;
  gboolean offline = FALSE;
  PsCliFormat format = PS_CLI_FORMAT_CSV;
  PsCache *cache = NULL;
  g_autoptr(PsFetcher) fetcher = NULL;
  g_autoptr(PsProviderRegistry) registry = NULL;
  g_autoptr(PsProvider) provider = NULL;
  PsProviderConfig config = { NULL, NULL, NULL, NULL };
  PsGetOptions opts;
  g_autoptr(GMainLoop) loop = NULL;
  PsTimeRange range;
  Wait wait = { NULL, NULL, NULL };
  const GOptionEntry entries[] = {
    { "base-url", 0, 0, G_OPTION_ARG_STRING_ARRAY, &base_urls,
      N_("A provider's base URL instead of its public one (cda=https://…)"), N_("PROVIDER=URL") },
    { "hapi-server", 0, 0, G_OPTION_ARG_STRING_ARRAY, &hapi_servers,
      N_("A HAPI server for hapi/NAME/… products, or another URL for a known one (repeatable)"),
      N_("NAME=URL") },
    { "folder", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &folders,
      N_("A folder of data files for the local provider (default: $PLASMASCOPE_LOCAL_FOLDERS, else the application’s)"),
      N_("DIR") },
    { "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &cache_dir,
      N_("The cache directory (default: $PLASMASCOPE_CACHE_DIR, else the user cache directory)"), N_("DIR") },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache,
      N_("Ask the provider for everything, without the cache"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline,
      N_("Download nothing: serve what the cache holds, and name what it lacks"), NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("csv (the default), json, cdf or hdf5"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to this file instead of the standard output"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("PRODUCT START STOP — print a product over a time range as CSV (or write another format)"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("PRODUCT is cda/DATASET/VARIABLE (CDAWeb), ssc/OBSERVATORY/FRAME (SSCWeb), "
                                      "amda/PARAMETER (AMDA), csa/DATASET/PARAMETER (Cluster Science Archive), "
                                      "hapi/SERVER/DATASET/PARAMETER (a dataset id may hold “/”: the parameter "
                                      "follows the last one), local/FILE/VARIABLE (a file of this computer) or "
                                      "samples/FILE/VARIABLE (the sample data). HAPI servers beyond the public ones "
                                      "come from --hapi-server and from PLASMASCOPE_HAPI_SERVERS=\"name=url;name2=url2\"."));
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
  if (offline && no_cache)
    {
      fprintf (stderr, "%s: %s\n", PREFIX, _("--offline serves the cache: it cannot go with --no-cache"));
      return PS_CLI_EXIT_USAGE;
    }
  if (argc != 4)
    {
      fprintf (stderr, "%s: %s\n", PREFIX, _("give a PRODUCT, a START and a STOP"));
      return PS_CLI_EXIT_USAGE;
    }
  if (!ps_time_parse_iso (argv[2], &range.start, &error) || !ps_time_parse_iso (argv[3], &range.stop, &error))
    {
      fprintf (stderr, "%s: %s\n", PREFIX, error->message);
      return PS_CLI_EXIT_USAGE;
    }
  if (range.stop <= range.start)
    {
      fprintf (stderr, "%s: %s\n", PREFIX, _("the time range is empty"));
      return PS_CLI_EXIT_USAGE;
    }

  fetcher = ps_fetcher_new ();
  config.base_urls = (const char * const *) base_urls;
  config.hapi_servers = (const char * const *) hapi_servers;
  local_folders = ps_cli_local_folders (folders);
  config.local_folders = (const char * const *) local_folders;
  registry = ps_provider_registry_new_default (fetcher, &config, &error);
  if (registry != NULL)
    provider = provider_for (registry, argv[1], &error);
  if (provider == NULL)
    {
      fprintf (stderr, "%s: %s\n", PREFIX, error->message);
      return PS_CLI_EXIT_USAGE;
    }

  if (!no_cache)
    {
      if (cache_dir == NULL && g_getenv ("PLASMASCOPE_CACHE_DIR") != NULL)
        cache_dir = g_strdup (g_getenv ("PLASMASCOPE_CACHE_DIR"));
      if ((cache = ps_cache_open (cache_dir, &error)) == NULL)
        {
          fprintf (stderr, "%s: %s\n", PREFIX, error->message);
          return PS_CLI_EXIT_BAD_INPUT;
        }
    }

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  ps_get_options_init (&opts);
  opts.offline = offline;
  ps_get_full_async (provider, cache, argv[1], &range, &opts, NULL, fetched_cb, &wait);
  g_main_loop_run (loop);
  g_clear_pointer (&cache, ps_cache_close);
  if (wait.series == NULL)
    {
      fprintf (stderr, "%s: %s\n", PREFIX, wait.error->message);
      g_clear_error (&wait.error);
      return PS_CLI_EXIT_BAD_INPUT;
    }
  if (!ps_cli_write_series (wait.series, format, output, &error))
    {
      fprintf (stderr, "%s: %s\n", PREFIX, error->message);
      ps_series_unref (wait.series);
      return PS_CLI_EXIT_BAD_INPUT;
    }
  ps_series_unref (wait.series);
  return PS_CLI_EXIT_OK;
}
