/* ps-cli-get.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli get PRODUCT START STOP [--base-url PROVIDER=URL]…
 *                     [--hapi-server NAME=URL]… [--cache-dir DIR] [--no-cache]
 *
 * The product's series over [START, STOP) as CSV (see ps_cli_print_csv()),
 * through the download cache (ps_get_async()): a second call for the same
 * range makes no request. Providers so far: CDAWeb ("cda/DATASET/VARIABLE")
 * and HAPI servers ("hapi/SERVER/DATASET/PARAMETER": the public ones of
 * ps-hapi-servers.c, those of $PLASMASCOPE_HAPI_SERVERS and those given
 * with --hapi-server, which also replaces a known server's URL). The base
 * URL of a provider can be overridden, as DESIGN.md says, with --base-url
 * or PLASMASCOPE_<PROVIDER>_URL: tests and mirrors use the same code paths.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-cda-provider.h"
#include "ps-cli.h"
#include "ps-get.h"
#include "ps-hapi-provider.h"
#include "ps-hapi-servers.h"

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

/* The URL given for @provider with --base-url, or NULL */
static const char *
base_url_for (char       **base_urls,
              const char  *provider)
{
  gsize n = strlen (provider);

  for (guint i = 0; base_urls != NULL && base_urls[i] != NULL; i++)
    if (strncmp (base_urls[i], provider, n) == 0 && base_urls[i][n] == '=')
      return base_urls[i] + n + 1;
  return NULL;
}

/* The provider of a "hapi/SERVER/…" product, or NULL with @error. */
static PsProvider *
hapi_provider_for (const char  *product,
                   char       **hapi_servers,
                   GError     **error)
{
  g_autoptr(PsHapiServers) servers = ps_hapi_servers_new_default (error);
  g_autoptr(PsHapiProvider) provider = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dataset = NULL;
  g_autofree char *parameter = NULL;
  const char *url;

  if (servers == NULL)
    return NULL;
  for (guint i = 0; hapi_servers != NULL && hapi_servers[i] != NULL; i++)
    if (!ps_hapi_servers_add (servers, hapi_servers[i], error))
      return NULL;
  name = ps_hapi_servers_name_of (product);
  url = name != NULL ? ps_hapi_servers_lookup (servers, name) : NULL;
  if (name != NULL && url == NULL)
    {
      g_autofree char *known = ps_hapi_servers_list_names (servers);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("unknown HAPI server “%s” (known: %s; add one with --hapi-server NAME=URL)"), name, known);
      return NULL;
    }
  if (name != NULL)
    provider = ps_hapi_provider_new (name, url, NULL);
  if (provider == NULL || !ps_hapi_provider_split_product (provider, product, &dataset, &parameter))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("unknown product: give hapi/SERVER/DATASET/PARAMETER"));
      return NULL;
    }
  return PS_PROVIDER (g_steal_pointer (&provider));
}

/* The provider of @product, or NULL with @error. */
static PsProvider *
provider_for (const char  *product,
              char       **base_urls,
              char       **hapi_servers,
              GError     **error)
{
  g_autoptr(PsProvider) provider = NULL;

  if (g_str_has_prefix (product, "hapi/"))
    return hapi_provider_for (product, hapi_servers, error);
  provider = PS_PROVIDER (ps_cda_provider_new (base_url_for (base_urls, "cda"), NULL));
  if (!ps_provider_owns (provider, product))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("unknown product: give cda/DATASET/VARIABLE or hapi/SERVER/DATASET/PARAMETER"));
      return NULL;
    }
  return g_steal_pointer (&provider);
}

int
ps_cli_get (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) base_urls = NULL;
  g_auto(GStrv) hapi_servers = NULL;
  g_autofree char *cache_dir = NULL;
  gboolean no_cache = FALSE;
  PsCache *cache = NULL;
  g_autoptr(PsProvider) provider = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  PsTimeRange range;
  Wait wait = { NULL, NULL, NULL };
  const GOptionEntry entries[] = {
    { "base-url", 0, 0, G_OPTION_ARG_STRING_ARRAY, &base_urls,
      N_("A provider's base URL instead of its public one (cda=https://…)"), N_("PROVIDER=URL") },
    { "hapi-server", 0, 0, G_OPTION_ARG_STRING_ARRAY, &hapi_servers,
      N_("A HAPI server for hapi/NAME/… products, or another URL for a known one (repeatable)"),
      N_("NAME=URL") },
    { "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &cache_dir,
      N_("The cache directory (default: $PLASMASCOPE_CACHE_DIR, else the user cache directory)"), N_("DIR") },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache,
      N_("Ask the provider for everything, without the cache"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("PRODUCT START STOP — print a product over a time range as CSV"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("PRODUCT is cda/DATASET/VARIABLE or hapi/SERVER/DATASET/PARAMETER (a dataset "
                                      "id may hold “/”: the parameter follows the last one). HAPI servers beyond "
                                      "the public ones come from --hapi-server and from "
                                      "PLASMASCOPE_HAPI_SERVERS=\"name=url;name2=url2\"."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s: %s\n", PREFIX, error->message);
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

  provider = provider_for (argv[1], base_urls, hapi_servers, &error);
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
  ps_get_async (provider, cache, argv[1], &range, NULL, fetched_cb, &wait);
  g_main_loop_run (loop);
  g_clear_pointer (&cache, ps_cache_close);
  if (wait.series == NULL)
    {
      fprintf (stderr, "%s: %s\n", PREFIX, wait.error->message);
      g_clear_error (&wait.error);
      return PS_CLI_EXIT_BAD_INPUT;
    }
  ps_cli_print_csv (wait.series);
  ps_series_unref (wait.series);
  return PS_CLI_EXIT_OK;
}
