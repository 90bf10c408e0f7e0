/* ps-cli-get.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli get PRODUCT START STOP [--base-url PROVIDER=URL]…
 *                     [--cache-dir DIR] [--no-cache]
 *
 * The product's series over [START, STOP) as CSV (see ps_cli_print_csv()),
 * through the download cache (ps_get_async()): a second call for the same
 * range makes no request. Providers so far: CDAWeb ("cda/DATASET/VARIABLE").
 * The base URL of a provider can be overridden, as DESIGN.md says, with
 * --base-url or PLASMASCOPE_<PROVIDER>_URL: tests and mirrors use the same
 * code paths.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-cda-provider.h"
#include "ps-cli.h"
#include "ps-get.h"

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

int
ps_cli_get (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) base_urls = NULL;
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
    { "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &cache_dir,
      N_("The cache directory (default: $PLASMASCOPE_CACHE_DIR, else the user cache directory)"), N_("DIR") },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache,
      N_("Ask the provider for everything, without the cache"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("PRODUCT START STOP — print a product over a time range as CSV"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
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

  provider = PS_PROVIDER (ps_cda_provider_new (base_url_for (base_urls, "cda"), NULL));
  if (!ps_provider_owns (provider, argv[1]))
    {
      fprintf (stderr, "%s: %s\n", PREFIX, _("unknown product: give cda/DATASET/VARIABLE"));
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
