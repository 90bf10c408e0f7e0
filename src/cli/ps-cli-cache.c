/* ps-cli-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli cache stats|clear|prune [--cache-dir DIR] [--max-size BYTES] [--json]
 * Looks after the download cache: the directory is --cache-dir, else
 * $PLASMASCOPE_CACHE_DIR, else the user cache directory.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "ps-cache.h"
#include "ps-cli.h"
#include "ps-json-writer.h"


/* "1000", "512K", "20M", "2G" (powers of 1024) */
static gboolean
parse_size (const char *text,
            guint64    *out)
{
  char *end = NULL;
  guint64 value, scale = 1;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || end == text)
    return FALSE;
  switch (g_ascii_toupper (*end))
    {
    case '\0':
      break;
    case 'K':
      scale = 1024;
      break;
    case 'M':
      scale = 1024 * 1024;
      break;
    case 'G':
      scale = 1024 * 1024 * 1024;
      break;
    default:
      return FALSE;
    }
  if (*end != '\0' && end[1] != '\0' && !(g_ascii_toupper (end[1]) == 'B' && end[2] == '\0'))
    return FALSE;
  return g_uint64_checked_mul (out, value, scale);
}

static void
print_stats (PsCache      *cache,
             PsCacheStats *stats,
             gboolean      json)
{
  if (json)
    {
      PsJsonWriter *writer = ps_json_writer_new (stdout);

      ps_json_writer_begin_object (writer, FALSE);
      ps_json_writer_key (writer, "directory");
      ps_json_writer_string (writer, ps_cache_get_dir (cache), -1);
      ps_json_writer_key (writer, "fragments");
      ps_json_writer_uint64 (writer, stats->n_fragments);
      ps_json_writer_key (writer, "bytes");
      ps_json_writer_uint64 (writer, stats->bytes);
      ps_json_writer_key (writer, "providers");
      ps_json_writer_begin_array (writer, FALSE);
      for (guint i = 0; i < stats->n_providers; i++)
        {
          ps_json_writer_begin_object (writer, TRUE);
          ps_json_writer_key (writer, "provider");
          ps_json_writer_string (writer, stats->providers[i].provider, -1);
          ps_json_writer_key (writer, "fragments");
          ps_json_writer_uint64 (writer, stats->providers[i].n_fragments);
          ps_json_writer_key (writer, "bytes");
          ps_json_writer_uint64 (writer, stats->providers[i].bytes);
          ps_json_writer_end_object (writer);
        }
      ps_json_writer_end_array (writer);
      ps_json_writer_end_object (writer);
      ps_json_writer_finish (writer, NULL);
      ps_json_writer_free (writer);
      return;
    }

  {
    g_autofree char *size = g_format_size (stats->bytes);

    g_print (_("Cache directory: %s\n"), ps_cache_get_dir (cache));
    g_print (_("Fragments: %llu (%s, %llu bytes)\n"),
             (unsigned long long) stats->n_fragments, size, (unsigned long long) stats->bytes);
  }
  for (guint i = 0; i < stats->n_providers; i++)
    {
      g_autofree char *size = g_format_size (stats->providers[i].bytes);

      g_print (_("  %s: %llu fragments, %s\n"),
               stats->providers[i].provider, (unsigned long long) stats->providers[i].n_fragments, size);
    }
}

int
ps_cli_cache (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCache) cache = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *max_size = NULL;
  gboolean json = FALSE;
  guint64 max_bytes = 0;
  const char *action;
  const GOptionEntry entries[] = {
    { "cache-dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir,
      N_("The cache directory (default: $PLASMASCOPE_CACHE_DIR, else the user cache directory)"),
      N_("DIR") },
    { "max-size", 's', 0, G_OPTION_ARG_STRING, &max_size,
      N_("For prune: the size to bring the cache down to, in bytes (suffixes K, M, G)"),
      N_("BYTES") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("For stats: print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("stats|clear|prune — look after the download cache"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("stats   what the cache holds, in all and per provider\n"
      "clear   remove every cached fragment\n"
      "prune   remove the least recently used fragments down to --max-size,\n"
      "        and the leftovers of interrupted downloads"));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "plasmascope-cli cache: %s\n", error->message);
      return PS_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      fprintf (stderr, "plasmascope-cli cache: %s\n", _("give one of stats, clear or prune"));
      return PS_CLI_EXIT_USAGE;
    }
  action = argv[1];
  if (!g_str_equal (action, "stats") && !g_str_equal (action, "clear") && !g_str_equal (action, "prune"))
    {
      fprintf (stderr, "plasmascope-cli cache: ");
      fprintf (stderr, _("unknown action “%s”: use stats, clear or prune"), action);
      fprintf (stderr, "\n");
      return PS_CLI_EXIT_USAGE;
    }
  if (g_str_equal (action, "prune"))
    {
      if (max_size == NULL)
        {
          fprintf (stderr, "plasmascope-cli cache: %s\n", _("prune needs --max-size"));
          return PS_CLI_EXIT_USAGE;
        }
      if (!parse_size (max_size, &max_bytes))
        {
          fprintf (stderr, "plasmascope-cli cache: ");
          fprintf (stderr, _("“%s” is not a size"), max_size);
          fprintf (stderr, "\n");
          return PS_CLI_EXIT_USAGE;
        }
    }

  if (dir == NULL && g_getenv ("PLASMASCOPE_CACHE_DIR") != NULL && *g_getenv ("PLASMASCOPE_CACHE_DIR") != '\0')
    dir = g_strdup (g_getenv ("PLASMASCOPE_CACHE_DIR"));

  cache = ps_cache_open (dir, &error);
  if (cache == NULL)
    {
      fprintf (stderr, "plasmascope-cli cache: %s\n", error->message);
      return PS_CLI_EXIT_BAD_INPUT;
    }

  if (g_str_equal (action, "stats"))
    {
      g_autoptr(PsCacheStats) stats = ps_cache_get_stats (cache, &error);

      if (stats == NULL)
        goto failed;
      print_stats (cache, stats, json);
    }
  else if (g_str_equal (action, "clear"))
    {
      if (!ps_cache_clear (cache, &error))
        goto failed;
      g_print (_("Cache cleared: %s\n"), ps_cache_get_dir (cache));
    }
  else
    {
      PsCachePruneResult result = { 0 };
      g_autofree char *freed = NULL;

      if (!ps_cache_prune (cache, max_bytes, &result, &error))
        goto failed;
      freed = g_format_size (result.bytes_evicted);
      g_print (_("Evicted %u fragments (%s); removed %u orphan files and %u entries without a file\n"),
               result.n_evicted, freed, result.n_orphan_files, result.n_missing_files);
    }
  return PS_CLI_EXIT_OK;

failed:
  fprintf (stderr, "plasmascope-cli cache: %s\n", error->message);
  return PS_CLI_EXIT_BAD_INPUT;
}
