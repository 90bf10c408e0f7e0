/* ps-cli-inventory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli inventory [--search TEXT] [--provider NAME]…
 *                           [--base-url PROVIDER=URL]… [--hapi-server NAME=URL]…
 *                           [--cache-dir DIR] [--refresh] [--offline]
 *
 * The providers' inventories (all of them, or those --provider names: a
 * prefix "cda", "hapi/NAME", "hapi" for every HAPI server, or a name as
 * it is written, "CDAWeb" or a HAPI server's "amda"), from the inventory cache when it is recent, else built by the
 * providers and saved (ps-inventory-cache.c). Without --search, the trees,
 * indented two spaces a level:
 *
 *   CDAWeb
 *     Apollo
 *       ALSEP
 *         SWS
 *           APOLLO12_SWS_1HR: Apollo 12 Solar Wind measurements… (variables not listed yet)
 *     …
 *             AC_H2_MFI: ACE Magnetic Field 1-Hour Level 2 Data…
 *               BGSEc [nT]: Magnetic Field Vector in GSE Cartesian coordinates (1 hr)
 *
 * With --search, the products (parameters) whose path, name, description
 * or dataset's description hold every word of TEXT, ignoring case, one a
 * line in tree order, tab-separated: path, units, coverage (ISO 8601
 * START/STOP, empty when unknown), description. CDAWeb lists a dataset's
 * variables on demand: the datasets whose path, name or description hold
 * a word of TEXT and whose variables are not listed yet are asked for
 * them first (those matching most words first, at most MAX_EXPAND), and
 * the tree is saved with them. Messages go to stderr; the exit status is 2
 * when a provider gave no inventory.
 *
 * Providers come from the provider registry (ps_provider_registry_new_default());
 * a provider that lists children on demand says so in expand_datasets().
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-cda-provider.h"
#include "ps-cda-variables.h"
#include "ps-cli.h"
#include "ps-inventory-cache.h"
#include "ps-provider-registry.h"

#define PREFIX     "plasmascope-cli inventory"
#define MAX_EXPAND 32

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  gboolean   failed;
} Run;

typedef struct
{
  PsProvider        *provider;
  PsInventoryNode   *tree;      /* NULL when none */
  PsInventoryOrigin  origin;
  gint64             built_at;
  Run               *run;
} Inventory;

static void
inventory_free (gpointer data)
{
  Inventory *inv = data;

  g_object_unref (inv->provider);
  g_clear_object (&inv->tree);
  g_free (inv);
}

/* Whether @provider is one --provider names */
static gboolean
selected (PsProvider  *provider,
          char       **names)
{
  const char *prefix = ps_provider_get_prefix (provider);

  if (names == NULL)
    return TRUE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      gsize n = strlen (names[i]);

      if (g_str_equal (prefix, names[i]) || g_str_equal (ps_provider_get_name (provider), names[i])
          || (strncmp (prefix, names[i], n) == 0 && prefix[n] == '/'))
        return TRUE;
    }
  return FALSE;
}

/* The providers: CDAWeb and every HAPI server, as plasmascope-cli get
 * sees them */
static PsProviderRegistry *
make_registry (PsFetcher  *fetcher,
               char      **base_urls,
               char      **hapi_servers,
               char      **folders,
               GError    **error)
{
  g_auto(GStrv) local_folders = ps_cli_local_folders (folders);
  PsProviderConfig config = { NULL, (const char * const *) base_urls, (const char * const *) hapi_servers,
                              (const char * const *) local_folders };

  return ps_provider_registry_new_default (fetcher, &config, error);
}

static void
got_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  Inventory *inv = data;
  Run *run = inv->run;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) build_error = NULL;

  inv->tree = ps_inventory_cache_get_finish (PS_INVENTORY_CACHE (source), result, &inv->origin,
                                             &inv->built_at, &build_error, &error);
  if (inv->tree == NULL)
    {
      fprintf (stderr, "%s: %s: %s\n", PREFIX, ps_provider_get_name (inv->provider), error->message);
      run->failed = TRUE;
    }
  else if (inv->origin == PS_INVENTORY_ORIGIN_STALE)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (inv->built_at / G_USEC_PER_SEC);
      g_autofree char *date = when != NULL ? g_date_time_format (when, "%F") : g_strdup ("?");

      if (build_error != NULL)
        fprintf (stderr, _("%s: %s could not be asked (%s): its inventory of %s is shown\n"), PREFIX,
                 ps_provider_get_name (inv->provider), build_error->message, date);
      else
        fprintf (stderr, _("%s: %s: the inventory of %s is shown (offline)\n"), PREFIX,
                 ps_provider_get_name (inv->provider), date);
    }
  if (--run->pending == 0)
    g_main_loop_quit (run->loop);
}

/* --- search --------------------------------------------------------------- */

/* How many of @words @text (casefolded) holds */
static guint
count_words (const char  *text,
             char       **words)
{
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    n += strstr (text, words[i]) != NULL;
  return n;
}

/* Path, name and description of @node, casefolded, appended to @out */
static void
append_text (GString         *out,
             PsInventoryNode *node)
{
  const char *parts[] = { ps_inventory_node_get_path (node), ps_inventory_node_get_name (node),
                          ps_inventory_node_get_description (node) };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      {
        g_autofree char *folded = g_utf8_casefold (parts[i], -1);

        g_string_append_c (out, '\n');
        g_string_append (out, folded);
      }
}

typedef struct
{
  PsInventoryNode *dataset;
  guint            score;   /* words found */
  guint            order;
} Candidate;

static gint
by_score (gconstpointer a,
          gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static void
find_candidates (PsInventoryNode *node,
                 char           **words,
                 GArray          *out)
{
  if (ps_inventory_node_get_kind (node) == PS_INVENTORY_DATASET && ps_inventory_node_get_expandable (node))
    {
      g_autoptr(GString) text = g_string_new (NULL);
      Candidate c = { node, 0, out->len };

      append_text (text, node);
      if ((c.score = count_words (text->str, words)) > 0)
        g_array_append_val (out, c);
      return;
    }
  for (guint i = 0; i < ps_inventory_node_get_n_children (node); i++)
    find_candidates (ps_inventory_node_get_child (node, i), words, out);
}

static void
expanded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Run *run = data;
  g_autoptr(GPtrArray) failures = NULL;
  g_autoptr(GError) error = NULL;

  ps_cda_provider_expand_finish (PS_CDA_PROVIDER (source), result, &failures, &error);
  for (guint i = 0; failures != NULL && i < failures->len; i++)
    fprintf (stderr, "%s: %s\n", PREFIX, ((GError *) g_ptr_array_index (failures, i))->message);
  g_main_loop_quit (run->loop);
}

/* Lists the variables of the datasets that may hold matches, when the
 * provider lists them on demand; saves the tree then. */
static void
expand_datasets (Inventory         *inv,
                 PsInventoryCache  *cache,
                 char             **words,
                 GMainLoop         *loop)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GPtrArray) datasets = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Run run = { loop, 0, FALSE };

  if (!PS_IS_CDA_PROVIDER (inv->provider))
    return;
  find_candidates (inv->tree, words, candidates);
  if (candidates->len == 0)
    return;
  g_array_sort (candidates, by_score);
  for (guint i = 0; i < MIN (candidates->len, MAX_EXPAND); i++)
    g_ptr_array_add (datasets, g_array_index (candidates, Candidate, i).dataset);
  if (candidates->len > MAX_EXPAND)
    fprintf (stderr, _("%s: %u more datasets of %s may hold matching variables, not listed yet: "
                       "make the search narrower\n"),
             PREFIX, candidates->len - MAX_EXPAND, ps_provider_get_name (inv->provider));
  ps_cda_provider_expand_async (PS_CDA_PROVIDER (inv->provider), datasets, NULL, expanded_cb, &run);
  g_main_loop_run (loop);
  if (!ps_inventory_cache_save (cache, inv->provider, inv->tree, inv->built_at, &error))
    fprintf (stderr, "%s: %s\n", PREFIX, error->message);
}

static void
print_coverage (const PsTimeRange *coverage)
{
  g_autofree char *start = NULL;
  g_autofree char *stop = NULL;

  if (ps_time_range_is_empty (coverage))
    return;
  start = ps_time_format_iso (coverage->start, 0);
  stop = ps_time_format_iso (coverage->stop, 0);
  printf ("%s/%s", start, stop);
}

/* Prints the products under @node that match; @dataset: the text of the
 * dataset above, casefolded */
static void
print_matches (PsInventoryNode *node,
               const char      *dataset,
               char           **words)
{
  g_autoptr(GString) text = g_string_new (dataset);
  PsInventoryKind kind = ps_inventory_node_get_kind (node);

  append_text (text, node);
  if (kind == PS_INVENTORY_PARAMETER && count_words (text->str, words) == g_strv_length (words))
    {
      const char *units = ps_inventory_node_get_units (node);
      const char *description = ps_inventory_node_get_description (node);

      printf ("%s\t%s\t", ps_inventory_node_get_path (node), units != NULL ? units : "");
      print_coverage (ps_inventory_node_get_coverage (node));
      printf ("\t%s\n", description != NULL ? description : "");
    }
  if (kind == PS_INVENTORY_DATASET)
    {
      const char *description = ps_inventory_node_get_description (node);
      g_autofree char *folded = description != NULL ? g_utf8_casefold (description, -1) : g_strdup ("");

      dataset = folded;
      for (guint i = 0; i < ps_inventory_node_get_n_children (node); i++)
        print_matches (ps_inventory_node_get_child (node, i), dataset, words);
      return;
    }
  for (guint i = 0; i < ps_inventory_node_get_n_children (node); i++)
    print_matches (ps_inventory_node_get_child (node, i), dataset, words);
}

/* --- tree ----------------------------------------------------------------- */

static void
print_tree (PsInventoryNode *node,
            guint            depth)
{
  PsInventoryKind kind = ps_inventory_node_get_kind (node);
  const char *units = ps_inventory_node_get_units (node);
  const char *description = ps_inventory_node_get_description (node);

  printf ("%*s%s", (int) depth * 2, "", ps_inventory_node_get_name (node));
  if (kind == PS_INVENTORY_PARAMETER && units != NULL)
    printf (" [%s]", units);
  if ((kind == PS_INVENTORY_DATASET || kind == PS_INVENTORY_PARAMETER) && description != NULL && *description != '\0')
    printf (": %s", description);
  if (ps_inventory_node_get_expandable (node))
    printf (" %s", _("(variables not listed yet)"));
  printf ("\n");
  for (guint i = 0; i < ps_inventory_node_get_n_children (node); i++)
    print_tree (ps_inventory_node_get_child (node, i), depth + 1);
}

/* --- the command ---------------------------------------------------------- */

int
ps_cli_inventory (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) base_urls = NULL;
  g_auto(GStrv) hapi_servers = NULL;
  g_auto(GStrv) folders = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) words = NULL;
  g_autofree char *search = NULL;
  g_autofree char *cache_dir = NULL;
  gboolean refresh = FALSE, offline = FALSE;
  g_autoptr(PsFetcher) fetcher = NULL;
  g_autoptr(PsProviderRegistry) registry = NULL;
  g_autoptr(PsInventoryCache) cache = NULL;
  g_autoptr(GPtrArray) inventories = g_ptr_array_new_with_free_func (inventory_free);
  g_autoptr(GMainLoop) loop = NULL;
  PsInventoryCacheFlags flags = PS_INVENTORY_CACHE_DEFAULT;
  Run run = { NULL, 0, FALSE };
  const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &search,
      N_("Print the products whose path, name or description hold every word of TEXT"), N_("TEXT") },
    { "provider", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &names,
      N_("Only this provider (cda, ssc, local, samples, hapi/NAME, hapi for every HAPI server, or its name)"), N_("NAME") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING_ARRAY, &base_urls,
      N_("A provider's base URL instead of its public one (cda=https://…)"), N_("PROVIDER=URL") },
    { "hapi-server", 0, 0, G_OPTION_ARG_STRING_ARRAY, &hapi_servers,
      N_("A HAPI server, added or in place of a known one of that name"), N_("NAME=URL") },
    { "folder", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &folders,
      N_("A folder of data files for the local provider (default: $PLASMASCOPE_LOCAL_FOLDERS, else the application’s)"),
      N_("DIR") },
    { "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &cache_dir,
      N_("The cache directory (default: $PLASMASCOPE_CACHE_DIR, else the user cache directory)"), N_("DIR") },
    { "refresh", 0, 0, G_OPTION_ARG_NONE, &refresh,
      N_("Ask the providers again, even when the saved inventory is recent"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline,
      N_("Ask no provider: the saved inventories, whatever their age"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— print the providers’ inventories, or the products a search finds"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s: %s\n", PREFIX, error->message);
      return PS_CLI_EXIT_USAGE;
    }
  if (argc != 1 || (refresh && offline))
    {
      fprintf (stderr, "%s: %s\n", PREFIX,
               argc != 1 ? _("no argument is expected") : _("--refresh and --offline exclude each other"));
      return PS_CLI_EXIT_USAGE;
    }
  if (search != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (search, -1);
      g_auto(GStrv) parts = g_strsplit_set (folded, " \t\n", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        if (parts[i][0] != '\0')
          g_strv_builder_add (builder, parts[i]);
      words = g_strv_builder_end (builder);
      if (words[0] == NULL)
        {
          fprintf (stderr, "%s: %s\n", PREFIX, _("the search has no word"));
          return PS_CLI_EXIT_USAGE;
        }
    }

  fetcher = ps_fetcher_new ();
  if ((registry = make_registry (fetcher, base_urls, hapi_servers, folders, &error)) == NULL)
    {
      fprintf (stderr, "%s: %s\n", PREFIX, error->message);
      return PS_CLI_EXIT_USAGE;
    }
  for (guint i = 0; i < ps_provider_registry_get_n_items (registry); i++)
    {
      PsProvider *provider = ps_provider_registry_get_item (registry, i);

      if (selected (provider, names))
        {
          Inventory *inv = g_new0 (Inventory, 1);

          inv->provider = g_object_ref (provider);
          g_ptr_array_add (inventories, inv);
        }
    }
  if (inventories->len == 0)
    {
      g_autoptr(GString) known = g_string_new (NULL);
      g_autofree char *asked = NULL;

      for (guint i = 0; i < ps_provider_registry_get_n_items (registry); i++)
        g_string_append_printf (known, "%s%s", i > 0 ? ", " : "",
                                ps_provider_get_prefix (ps_provider_registry_get_item (registry, i)));
      asked = g_strjoinv (", ", names);
      fprintf (stderr, _("%s: no provider %s (known: %s)\n"), PREFIX, asked, known->str);
      return PS_CLI_EXIT_USAGE;
    }

  if (cache_dir == NULL && g_getenv ("PLASMASCOPE_CACHE_DIR") != NULL)
    cache_dir = g_strdup (g_getenv ("PLASMASCOPE_CACHE_DIR"));
  cache = ps_inventory_cache_new (cache_dir);
  if (refresh)
    flags = PS_INVENTORY_CACHE_REFRESH;
  else if (offline)
    flags = PS_INVENTORY_CACHE_OFFLINE;

  /* Every provider at once */
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.pending = inventories->len;
  for (guint i = 0; i < inventories->len; i++)
    {
      Inventory *inv = g_ptr_array_index (inventories, i);

      inv->run = &run;
      ps_inventory_cache_get_async (cache, inv->provider, flags, NULL, got_cb, inv);
    }
  g_main_loop_run (loop);

  for (guint i = 0; i < inventories->len; i++)
    {
      Inventory *inv = g_ptr_array_index (inventories, i);

      if (inv->tree == NULL)
        continue;
      if (words == NULL)
        print_tree (inv->tree, 0);
      else
        {
          if (!offline)
            expand_datasets (inv, cache, words, loop);
          print_matches (inv->tree, "", words);
        }
    }
  return run.failed ? PS_CLI_EXIT_BAD_INPUT : PS_CLI_EXIT_OK;
}
