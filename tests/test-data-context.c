/* test-data-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsDataContext without a display: the fetcher, the registry and the
 * offline flag follow the settings; the cache is trimmed to its limit at
 * start-up and when the limit is lowered, cleared on request, and its
 * absence is not fatal.
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ps-data-context.h"
#include "ps-local-provider.h"
#include "test-cache-util.h"

typedef struct
{
  char      *cache_dir;
  GSettings *settings;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  fixture->cache_dir = make_tmp_dir ();
  g_setenv (PS_CACHE_DIR_ENV, fixture->cache_dir, TRUE);

  fixture->settings = g_settings_new (SCHEMA_ID);
  g_object_get (fixture->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (fixture->settings, keys[i]);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->settings);
  rm_rf (fixture->cache_dir);
  g_clear_pointer (&fixture->cache_dir, g_free);
  g_unsetenv (PS_CACHE_DIR_ENV);
}

static void
count_cb (gpointer  instance,
          gpointer  user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@count is at least @n, or fails after 20 s. */
static void
wait_for_count (guint *count,
                guint  n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (*count < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

/* Runs the main loop for @ms: what must not happen has had its chance. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  return *result;
}

/* Drops the last reference to @context and waits for it to be finalized:
 * a cache job on a worker (the start-up prune) holds it until it is over. */
static void
finalize_context (PsDataContext *context)
{
  gpointer weak = context;
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  g_object_add_weak_pointer (G_OBJECT (context), &weak);
  g_object_unref (context);
  while (weak != NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (weak);
  g_source_remove (id);
}

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PsDataContext) context = ps_data_context_new (fixture->settings);
  PsProviderRegistry *registry = ps_data_context_get_registry (context);
  PsProviderRegistry *known = ps_data_context_get_known_providers (context);
  g_autofree char *dir = g_canonicalize_filename (fixture->cache_dir, NULL);

  g_assert_true (ps_data_context_get_settings (context) == fixture->settings);
  g_assert_true (PS_IS_FETCHER (ps_data_context_get_fetcher (context)));
  g_assert_null (ps_fetcher_get_proxy (ps_data_context_get_fetcher (context)));
  g_assert_false (ps_data_context_get_offline (context));
  g_assert_false (ps_data_context_get_offline_forced (context));

  /* Nothing disabled: the registry is every known provider, CDAWeb first. */
  g_assert_cmpuint (ps_provider_registry_get_n_items (registry), >=, 1);
  g_assert_cmpuint (ps_provider_registry_get_n_items (registry), ==, ps_provider_registry_get_n_items (known));
  g_assert_nonnull (ps_provider_registry_get (registry, "cda"));
  g_assert_cmpstr (ps_provider_get_name (ps_provider_registry_get (registry, "cda")), ==, "CDAWeb");
  g_assert_true (ps_data_context_get_provider_enabled (context, "cda"));

  /* The cache is the one $PLASMASCOPE_CACHE_DIR names. */
  g_assert_nonnull (ps_data_context_get_cache (context));
  g_assert_null (ps_data_context_get_cache_error (context));
  g_assert_cmpstr (ps_cache_get_dir (ps_data_context_get_cache (context)), ==, dir);

  finalize_context (g_steal_pointer (&context));
}

static void
test_disabled_providers (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PsDataContext) context = ps_data_context_new (fixture->settings);
  PsProviderRegistry *before = ps_data_context_get_registry (context);
  guint n_known = ps_provider_registry_get_n_items (ps_data_context_get_known_providers (context));
  g_auto(GStrv) disabled = NULL;
  guint changed = 0;

  g_signal_connect (context, "changed", G_CALLBACK (count_cb), &changed);

  /* Through the setting: a new registry without CDAWeb, the same known list. */
  g_settings_set_strv (fixture->settings, "disabled-providers", (const char * const[]) { "cda", NULL });
  g_assert_cmpuint (changed, ==, 1);
  g_assert_false (ps_data_context_get_registry (context) == before);
  g_assert_null (ps_provider_registry_get (ps_data_context_get_registry (context), "cda"));
  g_assert_null (ps_provider_registry_lookup (ps_data_context_get_registry (context), "cda/AC_H2_MFI/BGSEc"));
  g_assert_cmpuint (ps_provider_registry_get_n_items (ps_data_context_get_registry (context)), ==, n_known - 1);
  g_assert_cmpuint (ps_provider_registry_get_n_items (ps_data_context_get_known_providers (context)), ==, n_known);
  g_assert_nonnull (ps_provider_registry_get (ps_data_context_get_known_providers (context), "cda"));
  g_assert_false (ps_data_context_get_provider_enabled (context, "cda"));

  /* Through the context: the setting, then the registry. */
  ps_data_context_set_provider_enabled (context, "cda", TRUE);
  disabled = g_settings_get_strv (fixture->settings, "disabled-providers");
  g_assert_cmpuint (g_strv_length (disabled), ==, 0);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_nonnull (ps_provider_registry_get (ps_data_context_get_registry (context), "cda"));

  /* Enabling what is enabled writes nothing. */
  ps_data_context_set_provider_enabled (context, "cda", TRUE);
  g_assert_cmpuint (changed, ==, 2);

  ps_data_context_set_provider_enabled (context, "cda", FALSE);
  g_clear_pointer (&disabled, g_strfreev);
  disabled = g_settings_get_strv (fixture->settings, "disabled-providers");
  g_assert_cmpstrv (disabled, ((const char * const[]) { "cda", NULL }));
  g_assert_null (ps_provider_registry_get (ps_data_context_get_registry (context), "cda"));

  finalize_context (g_steal_pointer (&context));
}

/* "hapi" disables every HAPI server; enabling one of them leaves the
 * others disabled, one by one. */
static void
test_disabled_group (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PsDataContext) context = ps_data_context_new (fixture->settings);
  PsProviderRegistry *known = ps_data_context_get_known_providers (context);
  /* Copies: a settings change may rebuild the registries. */
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) disabled = NULL;
  g_autofree char *group = NULL;
  const char *chosen;

  /* The first group ("hapi/…") with two members or more. */
  for (guint i = 0; i < ps_provider_registry_get_n_items (known) && group == NULL; i++)
    {
      const char *prefix = ps_provider_get_prefix (ps_provider_registry_get_item (known, i));
      const char *slash = strchr (prefix, '/');
      guint n = 0;

      if (slash == NULL)
        continue;
      for (guint j = 0; j < ps_provider_registry_get_n_items (known); j++)
        if (strncmp (ps_provider_get_prefix (ps_provider_registry_get_item (known, j)), prefix,
                     (gsize) (slash - prefix + 1)) == 0)
          n++;
      if (n >= 2)
        group = g_strndup (prefix, (gsize) (slash - prefix));
    }
  if (group == NULL)
    {
      g_test_skip ("no group of providers (HAPI servers) in the registry yet");
      finalize_context (g_steal_pointer (&context));
      return;
    }
  for (guint j = 0; j < ps_provider_registry_get_n_items (known); j++)
    {
      const char *prefix = ps_provider_get_prefix (ps_provider_registry_get_item (known, j));

      if (g_str_has_prefix (prefix, group) && prefix[strlen (group)] == '/')
        g_ptr_array_add (members, g_strdup (prefix));
    }
  chosen = g_ptr_array_index (members, 0);

  g_settings_set_strv (fixture->settings, "disabled-providers", (const char * const[]) { group, NULL });
  for (guint j = 0; j < members->len; j++)
    {
      g_assert_false (ps_data_context_get_provider_enabled (context, g_ptr_array_index (members, j)));
      g_assert_null (ps_provider_registry_get (ps_data_context_get_registry (context),
                                               g_ptr_array_index (members, j)));
    }

  ps_data_context_set_provider_enabled (context, chosen, TRUE);
  disabled = g_settings_get_strv (fixture->settings, "disabled-providers");
  g_assert_cmpuint (g_strv_length (disabled), ==, members->len - 1);
  g_assert_false (g_strv_contains ((const char * const *) disabled, group));
  g_assert_false (g_strv_contains ((const char * const *) disabled, chosen));
  g_assert_nonnull (ps_provider_registry_get (ps_data_context_get_registry (context), chosen));
  for (guint j = 1; j < members->len; j++)
    g_assert_false (ps_data_context_get_provider_enabled (context, g_ptr_array_index (members, j)));

  finalize_context (g_steal_pointer (&context));
}

static void
test_proxy (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(PsDataContext) context = ps_data_context_new (fixture->settings);
  PsFetcher *before = ps_data_context_get_fetcher (context);
  guint changed = 0;
  guint notified = 0;

  g_signal_connect (context, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (context, "notify::fetcher", G_CALLBACK (notify_count_cb), &notified);

  g_settings_set_string (fixture->settings, "proxy", "http://proxy.example.org:3128");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (ps_data_context_get_fetcher (context) == before);
  g_assert_cmpstr (ps_fetcher_get_proxy (ps_data_context_get_fetcher (context)), ==, "http://proxy.example.org:3128");

  /* Disabling a provider keeps the fetcher (and its connections). */
  before = ps_data_context_get_fetcher (context);
  g_settings_set_strv (fixture->settings, "disabled-providers", (const char * const[]) { "cda", NULL });
  g_assert_true (ps_data_context_get_fetcher (context) == before);
  g_assert_cmpuint (notified, ==, 1);

  /* Empty: the environment's. */
  g_settings_set_string (fixture->settings, "proxy", "");
  g_assert_null (ps_fetcher_get_proxy (ps_data_context_get_fetcher (context)));

  /* Nonsense written with dconf: a warning, and the environment's. */
  g_test_expect_message ("ps-data-context", G_LOG_LEVEL_WARNING, "*is not a proxy*");
  g_settings_set_string (fixture->settings, "proxy", "proxy.example.org");
  g_test_assert_expected_messages ();
  g_assert_null (ps_fetcher_get_proxy (ps_data_context_get_fetcher (context)));

  finalize_context (g_steal_pointer (&context));
}

static void
test_check_proxy (void)
{
  static const char * const valid[] = {
    "", "http://proxy", "http://proxy.example.org:3128", "https://10.0.0.1:8443/",
    "socks5h://localhost:1080", "socks4a://[::1]:1080", "HTTP://Proxy:80", NULL
  };
  static const char * const invalid[] = {
    "proxy.example.org", "proxy:3128", "ftp://proxy", "http://", "http://:3128",
    "http://proxy:0", "http://proxy:99999", "http://proxy:port", "http://proxy/path",
    "http://proxy?x=1", "http://user:secret@proxy", "http://pro xy", " ", "http://proxy#x", NULL
  };

  for (guint i = 0; valid[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("valid: “%s”", valid[i]);
      g_assert_true (ps_data_context_check_proxy (valid[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (ps_data_context_check_proxy (NULL, NULL));
  for (guint i = 0; invalid[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("invalid: “%s”", invalid[i]);
      g_assert_false (ps_data_context_check_proxy (invalid[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PsDataContext) context = NULL;
  guint notified = 0;
  gboolean offline = FALSE;

  g_settings_set_boolean (fixture->settings, "offline", TRUE);
  context = ps_data_context_new (fixture->settings);
  g_assert_true (ps_data_context_get_offline (context));
  g_signal_connect (context, "notify::offline", G_CALLBACK (notify_count_cb), &notified);

  g_settings_set_boolean (fixture->settings, "offline", FALSE);
  g_assert_false (ps_data_context_get_offline (context));
  g_object_get (context, "offline", &offline, NULL);
  g_assert_false (offline);
  g_assert_cmpuint (notified, ==, 1);

  /* --offline: offline whatever the setting says, the setting untouched. */
  ps_data_context_set_offline_forced (context, TRUE);
  g_assert_true (ps_data_context_get_offline (context));
  g_assert_true (ps_data_context_get_offline_forced (context));
  g_assert_cmpuint (notified, ==, 2);
  g_settings_set_boolean (fixture->settings, "offline", TRUE);
  g_settings_set_boolean (fixture->settings, "offline", FALSE);
  g_assert_true (ps_data_context_get_offline (context));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_false (g_settings_get_boolean (fixture->settings, "offline"));

  finalize_context (g_steal_pointer (&context));
}

/* Over the limit at start-up: trimmed on a worker, then "cache-changed". */
static void
test_prune_at_startup (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PsDataContext) context = NULL;
  g_autoptr(PsCacheStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  PsCache *cache = ps_cache_open (fixture->cache_dir, &error);
  guint64 total;
  guint64 limit;
  guint changed = 0;

  g_assert_no_error (error);
  total = fill_cache (cache, 4);
  ps_cache_close (cache);
  limit = total / 2;
  g_settings_set_uint64 (fixture->settings, "cache-size-limit", limit);

  context = ps_data_context_new (fixture->settings);
  g_signal_connect (context, "cache-changed", G_CALLBACK (count_cb), &changed);
  wait_for_count (&changed, 1);

  stats = cache_stats (ps_data_context_get_cache (context));
  g_assert_cmpuint (stats->bytes, <=, limit);
  g_assert_cmpuint (stats->n_fragments, >=, 1);
  g_assert_cmpuint (stats->n_fragments, <, 4);

  finalize_context (g_steal_pointer (&context));
}

/* Within the limit, nothing happens; lowering it below the usage trims the
 * cache; raising it again does not. */
static void
test_prune_on_lower (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PsDataContext) context = ps_data_context_new (fixture->settings);
  g_autoptr(PsCacheStats) stats = NULL;
  PsCache *cache = ps_data_context_get_cache (context);
  guint64 total;
  guint changed = 0;

  g_signal_connect (context, "cache-changed", G_CALLBACK (count_cb), &changed);
  /* The start-up prune (of an empty cache) is over. */
  spin (200);
  total = fill_cache (cache, 4);
  g_assert_cmpuint (changed, ==, 0);

  /* Raised (from 10 GiB to none): no prune. */
  g_settings_set_uint64 (fixture->settings, "cache-size-limit", 0);
  spin (200);
  g_assert_cmpuint (changed, ==, 0);

  g_settings_set_uint64 (fixture->settings, "cache-size-limit", total - 1);
  wait_for_count (&changed, 1);
  stats = cache_stats (cache);
  g_assert_cmpuint (stats->bytes, <=, total - 1);
  g_assert_cmpuint (stats->n_fragments, ==, 3);

  g_clear_pointer (&stats, ps_cache_stats_free);
  g_settings_set_uint64 (fixture->settings, "cache-size-limit", total * 2);
  spin (200);
  g_assert_cmpuint (changed, ==, 1);

  finalize_context (g_steal_pointer (&context));
}

static void
test_clear (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(PsDataContext) context = ps_data_context_new (fixture->settings);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PsCacheStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect (context, "cache-changed", G_CALLBACK (count_cb), &changed);
  fill_cache (ps_data_context_get_cache (context), 3);

  ps_data_context_get_cache_stats_async (context, NULL, async_cb, &result);
  stats = ps_data_context_get_cache_stats_finish (context, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->n_fragments, ==, 3);
  g_clear_pointer (&stats, ps_cache_stats_free);
  g_clear_object (&result);

  ps_data_context_clear_cache_async (context, NULL, async_cb, &result);
  g_assert_true (ps_data_context_clear_cache_finish (context, wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  stats = cache_stats (ps_data_context_get_cache (context));
  g_assert_cmpuint (stats->n_fragments, ==, 0);
  g_assert_cmpuint (stats->bytes, ==, 0);

  g_clear_object (&result);
  finalize_context (g_steal_pointer (&context));
}

/* A cache directory that cannot be made: a warning, no cache, the reason
 * kept, and every cache call an error rather than a crash. */
static void
test_no_cache (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->cache_dir, "not-a-directory", NULL);
  g_autofree char *dir = g_build_filename (file, "cache", NULL);
  g_autoptr(PsDataContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_setenv (PS_CACHE_DIR_ENV, dir, TRUE);

  g_test_expect_message ("ps-data-context", G_LOG_LEVEL_WARNING, "Running without a cache: *");
  context = ps_data_context_new (fixture->settings);
  g_test_assert_expected_messages ();

  g_assert_null (ps_data_context_get_cache (context));
  g_assert_error (ps_data_context_get_cache_error (context), PS_CACHE_ERROR, PS_CACHE_ERROR_IO);
  g_assert_nonnull (ps_provider_registry_get (ps_data_context_get_registry (context), "cda"));

  ps_data_context_get_cache_stats_async (context, NULL, async_cb, &result);
  g_assert_null (ps_data_context_get_cache_stats_finish (context, wait_for_result (&result), &error));
  g_assert_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_IO);
  g_clear_error (&error);
  g_clear_object (&result);

  ps_data_context_clear_cache_async (context, NULL, async_cb, &result);
  g_assert_false (ps_data_context_clear_cache_finish (context, wait_for_result (&result), &error));
  g_assert_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_IO);

  /* Lowering the limit has nothing to prune. */
  g_settings_set_uint64 (fixture->settings, "cache-size-limit", 1);

  g_clear_object (&result);
  finalize_context (g_steal_pointer (&context));
}

/* A cancelled clear still clears (the job runs to its end), but the
 * caller hears G_IO_ERROR_CANCELLED. */
static void
test_clear_cancelled (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PsDataContext) context = ps_data_context_new (fixture->settings);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PsCacheStats) stats = NULL;
  g_autoptr(GError) error = NULL;

  fill_cache (ps_data_context_get_cache (context), 2);
  ps_data_context_clear_cache_async (context, cancellable, async_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_false (ps_data_context_clear_cache_finish (context, wait_for_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  stats = cache_stats (ps_data_context_get_cache (context));
  g_assert_cmpuint (stats->n_fragments, ==, 0);

  g_clear_object (&result);
  finalize_context (g_steal_pointer (&context));
}

/* The folders of data files: given to the local provider, watched, and
 * a file that arrives is told ("local-changed") once its burst settled. */
static void
test_local_folders (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PsDataContext) context = ps_data_context_new (fixture->settings);
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *sub = g_build_filename (dir, "mms", NULL);
  g_autofree char *late = g_build_filename (dir, "late", NULL);
  g_autofree char *file = g_build_filename (sub, "new.csv", NULL);
  g_autofree char *in_late = g_build_filename (late, "later.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = NULL;
  PsProvider *local;
  guint changed = 0;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  local = ps_provider_registry_get (ps_data_context_get_registry (context), "local");
  g_assert_nonnull (local);
  g_signal_connect (context, "local-changed", G_CALLBACK (count_cb), &changed);

  ps_data_context_add_local_folder (context, dir);
  ps_data_context_add_local_folder (context, dir); /* once */
  folders = g_settings_get_strv (fixture->settings, "local-folders");
  g_assert_cmpuint (g_strv_length (folders), ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  /* The folder and its sub-folder */
  g_assert_cmpuint (ps_data_context_get_n_watched_folders (context), ==, 2);
  g_clear_pointer (&folders, g_strfreev);
  folders = ps_local_provider_dup_folders (PS_LOCAL_PROVIDER (local));
  g_assert_cmpstr (folders[0], ==, dir);
  g_assert_null (folders[1]);

  /* A file written in the sub-folder: told once, after it settled */
  g_file_set_contents (file, "time,B\n2020-01-01T00:00:00Z,1\n", -1, &error);
  g_assert_no_error (error);
  wait_for_count (&changed, 2);
  spin (600);
  g_assert_cmpuint (changed, ==, 2);

  /* A folder created later is watched too */
  g_assert_cmpint (g_mkdir (late, 0700), ==, 0);
  wait_for_count (&changed, 3);
  g_assert_cmpuint (ps_data_context_get_n_watched_folders (context), ==, 3);
  g_file_set_contents (in_late, "x", -1, &error);
  wait_for_count (&changed, 4);

  /* Removing the folder: nothing watched, nothing listed */
  ps_data_context_remove_local_folder (context, dir);
  g_assert_cmpuint (ps_data_context_get_n_watched_folders (context), ==, 0);
  g_clear_pointer (&folders, g_strfreev);
  folders = ps_local_provider_dup_folders (PS_LOCAL_PROVIDER (local));
  g_assert_null (folders[0]);

  finalize_context (g_steal_pointer (&context));
  rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/DataContext/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("defaults", test_defaults);
  ADD ("disabled-providers", test_disabled_providers);
  ADD ("disabled-group", test_disabled_group);
  ADD ("proxy", test_proxy);
  g_test_add_func ("/DataContext/check-proxy", test_check_proxy);
  ADD ("offline", test_offline);
  ADD ("prune-at-startup", test_prune_at_startup);
  ADD ("prune-on-lower", test_prune_on_lower);
  ADD ("clear", test_clear);
  ADD ("clear-cancelled", test_clear_cancelled);
  ADD ("no-cache", test_no_cache);
  ADD ("local-folders", test_local_folders);

#undef ADD

  return g_test_run ();
}
