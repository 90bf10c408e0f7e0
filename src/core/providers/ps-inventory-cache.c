/* ps-inventory-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One file per provider and source: CACHE_DIR/inventory/PREFIX-HASH.inventory,
 * HASH from the stamp "PREFIX SOURCE plasmascope-VERSION" (SOURCE: the
 * provider's base URL), which the file also carries. So a mirror, a test
 * server and the public service never share a tree, and a new version of
 * Plasmascope (whose providers may lay their trees out otherwise) builds
 * its own. A tree is rebuilt when it is older than the maximum age (a
 * week by default), unreadable, damaged or of another format version;
 * when the provider cannot be asked then, the old tree is served, said to
 * be stale (offline use). Files are written atomically (a temporary file
 * renamed over the old one: ps_inventory_store_save_full()), so two
 * processes sharing the cache read one whole tree or the other.
 *
 * Reading and writing files happen on worker threads; the tree is handed
 * to the caller's thread only when no worker touches it any more (a lazy
 * tree makes its nodes as they are read: one thread at a time).
 */

#define G_LOG_DOMAIN "ps-inventory"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ps-amda-provider.h"
#include "ps-cache.h"
#include "ps-cda-provider.h"
#include "ps-hapi-provider.h"
#include "ps-inventory-cache.h"
#include "ps-inventory-store.h"

struct _PsInventoryCache
{
  GObject    parent_instance;

  char      *dir;
  GTimeSpan  max_age;
};

G_DEFINE_FINAL_TYPE (PsInventoryCache, ps_inventory_cache, G_TYPE_OBJECT)

static void
ps_inventory_cache_finalize (GObject *object)
{
  PsInventoryCache *self = PS_INVENTORY_CACHE (object);

  g_free (self->dir);

  G_OBJECT_CLASS (ps_inventory_cache_parent_class)->finalize (object);
}

static void
ps_inventory_cache_class_init (PsInventoryCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_inventory_cache_finalize;
}

static void
ps_inventory_cache_init (PsInventoryCache *self)
{
  self->max_age = PS_INVENTORY_CACHE_MAX_AGE;
}

/**
 * ps_inventory_cache_new:
 * @cache_dir: (nullable): the download cache's directory (the trees go
 *   in its "inventory" folder); %NULL for ps_cache_get_default_dir()
 *   (callers apply $PLASMASCOPE_CACHE_DIR themselves, as for PsCache)
 *
 * Nothing is created on disk until a tree is saved.
 *
 * Returns: (transfer full): the inventory cache
 */
PsInventoryCache *
ps_inventory_cache_new (const char *cache_dir)
{
  PsInventoryCache *self = g_object_new (PS_TYPE_INVENTORY_CACHE, NULL);
  g_autofree char *base = cache_dir != NULL ? g_canonicalize_filename (cache_dir, NULL)
                                            : ps_cache_get_default_dir ();

  self->dir = g_build_filename (base, "inventory", NULL);
  return self;
}

/**
 * ps_inventory_cache_get_dir:
 *
 * Returns: the folder of the saved trees
 */
const char *
ps_inventory_cache_get_dir (PsInventoryCache *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_CACHE (self), NULL);

  return self->dir;
}

GTimeSpan
ps_inventory_cache_get_max_age (PsInventoryCache *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_CACHE (self), 0);

  return self->max_age;
}

/**
 * ps_inventory_cache_set_max_age:
 * @max_age: how old a saved tree may be, in µs (0: always rebuilt)
 */
void
ps_inventory_cache_set_max_age (PsInventoryCache *self,
                                GTimeSpan         max_age)
{
  g_return_if_fail (PS_IS_INVENTORY_CACHE (self));
  g_return_if_fail (max_age >= 0);

  self->max_age = max_age;
}

/**
 * ps_inventory_cache_stamp:
 *
 * Returns: (transfer full): what a saved tree of @provider must have been
 *   built from: "PREFIX BASE-URL plasmascope-VERSION"
 */
char *
ps_inventory_cache_stamp (PsProvider *provider)
{
  const char *source = "";
  g_autofree char *account = NULL;

  g_return_val_if_fail (PS_IS_PROVIDER (provider), NULL);

  if (PS_IS_AMDA_PROVIDER (provider))
    {
      /* One tree per account: "My AMDA" is the user's */
      g_autofree char *user = ps_amda_provider_dup_account (PS_AMDA_PROVIDER (provider));

      account = g_strconcat (ps_amda_provider_get_base_url (PS_AMDA_PROVIDER (provider)), " user:",
                             user != NULL ? user : "", NULL);
      source = account;
    }
  else if (PS_IS_CDA_PROVIDER (provider))
    source = ps_cda_provider_get_base_url (PS_CDA_PROVIDER (provider));
  else if (PS_IS_HAPI_PROVIDER (provider))
    source = ps_hapi_provider_get_base_url (PS_HAPI_PROVIDER (provider));
  return g_strdup_printf ("%s %s plasmascope-%s", ps_provider_get_prefix (provider), source, PACKAGE_VERSION);
}

/**
 * ps_inventory_cache_get_path:
 *
 * Returns: (transfer full): the file of @provider's saved tree
 */
char *
ps_inventory_cache_get_path (PsInventoryCache *self,
                             PsProvider       *provider)
{
  g_autofree char *stamp = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (PS_IS_INVENTORY_CACHE (self), NULL);
  g_return_val_if_fail (PS_IS_PROVIDER (provider), NULL);

  stamp = ps_inventory_cache_stamp (provider);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, stamp, -1);
  name = g_strdup_printf ("%s-%.16s.inventory", ps_provider_get_prefix (provider), hash);
  g_strcanon (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", '-');
  return g_build_filename (self->dir, name, NULL);
}

/**
 * ps_inventory_cache_is_fresh:
 * @built_at: when a tree was built (µs since 1970)
 *
 * Returns: whether a tree built then may be used without asking again
 */
gboolean
ps_inventory_cache_is_fresh (PsInventoryCache *self,
                             gint64            built_at)
{
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (PS_IS_INVENTORY_CACHE (self), FALSE);

  /* A time ahead of the clock (it was set back) is no proof of youth. */
  return built_at > 0 && built_at <= now + G_TIME_SPAN_MINUTE && now - built_at < self->max_age;
}

/**
 * ps_inventory_cache_load:
 * @built_at: (out) (optional): when it was built (µs since 1970)
 *
 * Reads @provider's saved tree, whatever its age. Blocks: call it from a
 * worker thread, or a command-line tool.
 *
 * Returns: (transfer full): the tree, or %NULL with @error set (none
 *   saved, damaged, of another version or source)
 */
PsInventoryNode *
ps_inventory_cache_load (PsInventoryCache  *self,
                         PsProvider        *provider,
                         gint64            *built_at,
                         GError           **error)
{
  g_autofree char *path = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *saved_stamp = NULL;
  g_autoptr(PsInventoryNode) root = NULL;

  g_return_val_if_fail (PS_IS_INVENTORY_CACHE (self), NULL);
  g_return_val_if_fail (PS_IS_PROVIDER (provider), NULL);

  path = ps_inventory_cache_get_path (self, provider);
  stamp = ps_inventory_cache_stamp (provider);
  root = ps_inventory_store_load_full (path, &saved_stamp, built_at, error);
  if (root == NULL)
    return NULL;
  if (g_strcmp0 (saved_stamp, stamp) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The saved inventory of %s was made from another source"),
                   ps_provider_get_name (provider));
      return NULL;
    }
  return g_steal_pointer (&root);
}

/**
 * ps_inventory_cache_save:
 * @built_at: when the tree was built (µs since 1970): now for a tree the
 *   provider just built, the saved one's for a saved tree with more in it
 *   (a dataset's variables listed since)
 *
 * Saves @root as @provider's tree, atomically. Blocks: call it from a
 * worker thread, or a command-line tool.
 */
gboolean
ps_inventory_cache_save (PsInventoryCache  *self,
                         PsProvider        *provider,
                         PsInventoryNode   *root,
                         gint64             built_at,
                         GError           **error)
{
  g_autofree char *path = NULL;
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (PS_IS_INVENTORY_CACHE (self), FALSE);
  g_return_val_if_fail (PS_IS_PROVIDER (provider), FALSE);
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (root), FALSE);

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (self->dir);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the inventory cache directory %s: %s"), display, g_strerror (saved));
      return FALSE;
    }
  path = ps_inventory_cache_get_path (self, provider);
  stamp = ps_inventory_cache_stamp (provider);
  return ps_inventory_store_save_full (root, path, stamp, built_at, error);
}

/* --- get ------------------------------------------------------------------ */

typedef struct
{
  PsProvider            *provider;
  PsInventoryCacheFlags  flags;
  PsInventoryNode       *saved;         /* any age, or NULL */
  gint64                 saved_at;
  PsInventoryNode       *built;
  gint64                 built_at;
  GError                *build_error;
  PsInventoryOrigin      origin;
  gint64                 result_at;
} Get;

static void
get_free (gpointer data)
{
  Get *get = data;

  g_object_unref (get->provider);
  g_clear_object (&get->saved);
  g_clear_object (&get->built);
  g_clear_error (&get->build_error);
  g_free (get);
}

static void
finish (GTask             *task,
        PsInventoryNode   *tree,
        PsInventoryOrigin  origin,
        gint64             at)
{
  Get *get = g_task_get_task_data (task);

  get->origin = origin;
  get->result_at = at;
  g_task_return_pointer (task, g_object_ref (tree), g_object_unref);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GTask *outer = task_data;
  Get *get = g_task_get_task_data (outer);

  get->saved = ps_inventory_cache_load (g_task_get_source_object (outer), get->provider, &get->saved_at, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GTask *outer = task_data;
  Get *get = g_task_get_task_data (outer);
  g_autoptr(GError) error = NULL;

  /* Not saved is not a failure: the tree is there, it will be built
   * again next time. Said, so that it is not a mystery. */
  if (!ps_inventory_cache_save (g_task_get_source_object (outer), get->provider, get->built, get->built_at, &error))
    g_message (_("The inventory of %s could not be saved: %s"), ps_provider_get_name (get->provider), error->message);
  g_task_return_boolean (task, TRUE);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GTask) outer = data;
  Get *get = g_task_get_task_data (outer);

  finish (outer, get->built, PS_INVENTORY_ORIGIN_PROVIDER, get->built_at);
}

static void
built_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GTask) outer = data;
  Get *get = g_task_get_task_data (outer);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) saving = NULL;

  get->built = ps_provider_build_inventory_finish (get->provider, result, &error);
  if (get->built == NULL)
    {
      if (get->saved == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (outer, g_steal_pointer (&error));
          return;
        }
      get->build_error = g_steal_pointer (&error);
      finish (outer, get->saved, PS_INVENTORY_ORIGIN_STALE, get->saved_at);
      return;
    }
  get->built_at = g_get_real_time ();
  if (ps_provider_is_local (get->provider))
    {
      /* This computer's files: listed anew each time, never saved */
      finish (outer, get->built, PS_INVENTORY_ORIGIN_PROVIDER, get->built_at);
      return;
    }
  saving = g_task_new (NULL, NULL, saved_cb, g_object_ref (outer));
  g_task_set_task_data (saving, outer, NULL);
  g_task_run_in_thread (saving, save_thread);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) outer = data;
  PsInventoryCache *self = g_task_get_source_object (outer);
  Get *get = g_task_get_task_data (outer);
  GCancellable *cancellable;

  if (g_task_return_error_if_cancelled (outer))
    return;
  if (get->saved != NULL && (get->flags & PS_INVENTORY_CACHE_OFFLINE) != 0)
    {
      finish (outer, get->saved, ps_inventory_cache_is_fresh (self, get->saved_at)
                                 ? PS_INVENTORY_ORIGIN_CACHE : PS_INVENTORY_ORIGIN_STALE, get->saved_at);
      return;
    }
  if (get->saved != NULL && (get->flags & PS_INVENTORY_CACHE_REFRESH) == 0
      && ps_inventory_cache_is_fresh (self, get->saved_at))
    {
      finish (outer, get->saved, PS_INVENTORY_ORIGIN_CACHE, get->saved_at);
      return;
    }
  if ((get->flags & PS_INVENTORY_CACHE_OFFLINE) != 0)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("No inventory of %s is saved, and it may not be asked for (offline)"),
                               ps_provider_get_name (get->provider));
      return;
    }
  cancellable = g_task_get_cancellable (outer);
  ps_provider_build_inventory_async (get->provider, cancellable, built_cb, g_steal_pointer (&outer));
}

/**
 * ps_inventory_cache_get_async:
 *
 * Gets @provider's tree: the saved one when it is recent enough (see
 * #PsInventoryCacheFlags), else the one the provider builds now, which is
 * then saved; the saved one, stale, when the provider fails. The tree of
 * a provider of this computer's files is built each time (also offline)
 * and not saved.
 */
void
ps_inventory_cache_get_async (PsInventoryCache      *self,
                              PsProvider            *provider,
                              PsInventoryCacheFlags  flags,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) loading = NULL;
  Get *get;

  g_return_if_fail (PS_IS_INVENTORY_CACHE (self));
  g_return_if_fail (PS_IS_PROVIDER (provider));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_inventory_cache_get_async);
  get = g_new0 (Get, 1);
  get->provider = g_object_ref (provider);
  get->flags = flags;
  g_task_set_task_data (task, get, get_free);

  if (ps_provider_is_local (provider))
    {
      ps_provider_build_inventory_async (provider, cancellable, built_cb, g_steal_pointer (&task));
      return;
    }
  loading = g_task_new (NULL, NULL, loaded_cb, g_object_ref (task));
  g_task_set_task_data (loading, task, NULL);
  g_task_run_in_thread (loading, load_thread);
}

/**
 * ps_inventory_cache_get_finish:
 * @origin: (out) (optional): where the tree comes from
 * @built_at: (out) (optional): when it was built (µs since 1970)
 * @build_error: (out) (optional): why the provider could not be asked,
 *   when @origin is %PS_INVENTORY_ORIGIN_STALE for that reason
 *
 * Returns: (transfer full): the tree, or %NULL with @error set (the
 *   provider failed and nothing was saved)
 */
PsInventoryNode *
ps_inventory_cache_get_finish (PsInventoryCache   *self,
                               GAsyncResult       *result,
                               PsInventoryOrigin  *origin,
                               gint64             *built_at,
                               GError            **build_error,
                               GError            **error)
{
  Get *get;
  PsInventoryNode *tree;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  tree = g_task_propagate_pointer (G_TASK (result), error);
  get = g_task_get_task_data (G_TASK (result));
  if (tree != NULL && origin != NULL)
    *origin = get->origin;
  if (tree != NULL && built_at != NULL)
    *built_at = get->result_at;
  if (tree != NULL && build_error != NULL && get->build_error != NULL)
    *build_error = g_error_copy (get->build_error);
  return tree;
}
