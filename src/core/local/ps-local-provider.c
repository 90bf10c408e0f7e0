/* ps-local-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scanning walks the folders on a worker thread and opens every file
 * whose format PsLocalFile recognises (metadata only). What it opened is
 * kept by path with the file's size and modification time, so a rescan
 * (a folder changed) only reopens the files that changed. The last series
 * read are kept too: zooming and panning over a file ask for many ranges
 * of the same variable, read once.
 */

#define G_LOG_DOMAIN "ps-local"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <stdint.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ps-local-file.h"
#include "ps-local-provider.h"

#define MAX_DEPTH     16
#define MAX_LOADED    8   /* series kept… */
#define MAX_LOADED_BYTES (G_GUINT64_CONSTANT (512) << 20) /* …in at most this */

typedef struct
{
  gint64       mtime;  /* µs */
  goffset      size;
  PsLocalFile *file;   /* NULL: not a data file, or unreadable */
  char        *error;  /* why it could not be opened */
  int          code;   /* a GIOErrorEnum */
  gboolean     hidden; /* left out of listings */
} Entry;

typedef struct
{
  char     *path;
  char     *variable;
  gint64    mtime;
  PsSeries *series;
} Loaded;

struct _PsLocalProvider
{
  GObject     parent_instance;

  char       *prefix;    /* "local", "samples" */
  char       *name;
  gboolean    relative;  /* product paths relative to the one folder */

  GMutex      lock;      /* guards what follows */
  char      **folders;   /* absolute */
  GHashTable *entries;   /* absolute path → Entry */
  GQueue      loaded;    /* of Loaded, most recent first */
};

static void ps_local_provider_iface_init (PsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PsLocalProvider, ps_local_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PS_TYPE_PROVIDER, ps_local_provider_iface_init))

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->file);
  g_free (entry->error);
  g_free (entry);
}

static void
loaded_free (gpointer data)
{
  Loaded *loaded = data;

  g_free (loaded->path);
  g_free (loaded->variable);
  ps_series_unref (loaded->series);
  g_free (loaded);
}

static void
ps_local_provider_finalize (GObject *object)
{
  PsLocalProvider *self = PS_LOCAL_PROVIDER (object);

  g_free (self->prefix);
  g_free (self->name);
  g_strfreev (self->folders);
  g_hash_table_unref (self->entries);
  g_queue_clear_full (&self->loaded, loaded_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ps_local_provider_parent_class)->finalize (object);
}

static void
ps_local_provider_class_init (PsLocalProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_local_provider_finalize;
}

static void
ps_local_provider_init (PsLocalProvider *self)
{
  g_mutex_init (&self->lock);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  g_queue_init (&self->loaded);
  self->folders = g_new0 (char *, 1);
}

static char **
absolute_folders (const char * const *folders)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; folders != NULL && folders[i] != NULL; i++)
    {
      g_autoptr(GFile) file = NULL;
      char *path;

      if (*folders[i] == '\0')
        continue;
      file = g_file_new_for_commandline_arg (folders[i]);
      path = g_file_get_path (file);
      if (path != NULL)
        g_ptr_array_add (out, path);
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/**
 * ps_local_provider_new:
 * @folders: (nullable): the folders whose files it lists
 *
 * Returns: (transfer full): the "local" provider
 */
PsLocalProvider *
ps_local_provider_new (const char * const *folders)
{
  PsLocalProvider *self = g_object_new (PS_TYPE_LOCAL_PROVIDER, NULL);

  self->prefix = g_strdup ("local");
  self->name = g_strdup (_("Local files"));
  ps_local_provider_set_folders (self, folders);
  return self;
}

/**
 * ps_local_provider_new_samples:
 * @folder: (nullable): where the samples are, or %NULL for
 *   ps_local_samples_dir()
 *
 * Returns: (transfer full): the "samples" provider
 */
PsLocalProvider *
ps_local_provider_new_samples (const char *folder)
{
  PsLocalProvider *self = g_object_new (PS_TYPE_LOCAL_PROVIDER, NULL);
  const char *folders[] = { folder != NULL ? folder : ps_local_samples_dir (), NULL };

  self->prefix = g_strdup ("samples");
  self->name = g_strdup (_("Samples"));
  self->relative = TRUE;
  ps_local_provider_set_folders (self, folders);
  return self;
}

/**
 * ps_local_samples_dir:
 *
 * Returns: where the sample data files are: $PLASMASCOPE_SAMPLES_DIR, else
 *   the installed ones, else (a build run from its tree) the source tree's
 */
const char *
ps_local_samples_dir (void)
{
  static char *dir;

  if (g_once_init_enter (&dir))
    {
      const char *env = g_getenv ("PLASMASCOPE_SAMPLES_DIR");
      char *found;

      if (env != NULL && *env != '\0')
        found = g_strdup (env);
      else
        {
          found = g_build_filename (PKGDATADIR, "samples", NULL);
          if (!g_file_test (found, G_FILE_TEST_IS_DIR)
              && g_file_test (SOURCE_SAMPLES_DIR, G_FILE_TEST_IS_DIR))
            {
              g_free (found);
              found = g_strdup (SOURCE_SAMPLES_DIR);
            }
        }
      g_once_init_leave (&dir, found);
    }
  return dir;
}

/**
 * ps_local_provider_set_folders:
 *
 * Replaces the folders whose files the inventory lists.
 */
void
ps_local_provider_set_folders (PsLocalProvider    *self,
                               const char * const *folders)
{
  char **copy;

  g_return_if_fail (PS_IS_LOCAL_PROVIDER (self));

  copy = absolute_folders (folders);
  g_mutex_lock (&self->lock);
  g_strfreev (self->folders);
  self->folders = copy;
  g_mutex_unlock (&self->lock);
}

/**
 * ps_local_provider_dup_folders:
 *
 * Returns: (transfer full): the folders, absolute
 */
char **
ps_local_provider_dup_folders (PsLocalProvider *self)
{
  char **copy;

  g_return_val_if_fail (PS_IS_LOCAL_PROVIDER (self), NULL);

  g_mutex_lock (&self->lock);
  copy = g_strdupv (self->folders);
  g_mutex_unlock (&self->lock);
  return copy;
}

/* What a product path says of a file, after the prefix and its slash */
static char *
file_part (PsLocalProvider *self,
           const char      *file_path)
{
  if (!self->relative)
    return g_strdup (file_path + 1); /* absolute: drop the first slash */
  g_mutex_lock (&self->lock);
  if (self->folders[0] != NULL && g_str_has_prefix (file_path, self->folders[0])
      && file_path[strlen (self->folders[0])] == '/')
    {
      char *part = g_strdup (file_path + strlen (self->folders[0]) + 1);

      g_mutex_unlock (&self->lock);
      return part;
    }
  g_mutex_unlock (&self->lock);
  return g_path_get_basename (file_path);
}

/**
 * ps_local_provider_product_path:
 * @file_path: an absolute path
 *
 * Returns: (transfer full): the product path of @variable of @file_path
 */
char *
ps_local_provider_product_path (PsLocalProvider *self,
                                const char      *file_path,
                                const char      *variable)
{
  g_autofree char *part = NULL;

  g_return_val_if_fail (PS_IS_LOCAL_PROVIDER (self), NULL);
  g_return_val_if_fail (file_path != NULL && g_path_is_absolute (file_path), NULL);
  g_return_val_if_fail (variable != NULL, NULL);

  part = file_part (self, file_path);
  return g_strconcat (self->prefix, "/", part, "/", variable, NULL);
}

/**
 * ps_local_provider_split_product:
 * @file_path: (out) (transfer full): the absolute path of the file
 * @variable: (out) (transfer full): the variable, which may hold slashes
 *   (an HDF5 dataset in a group)
 *
 * The file is the shortest leading part of the path that names a file
 * (not a folder): "local/data/omni.h5/Qbits/ByIMF" is the variable
 * "Qbits/ByIMF" of /data/omni.h5.
 *
 * Returns: whether @product_path is one of this provider's products
 */
gboolean
ps_local_provider_split_product (PsLocalProvider  *self,
                                 const char       *product_path,
                                 char            **file_path,
                                 char            **variable)
{
  g_autofree char *base = NULL;
  const char *rest;
  gsize prefix_len;

  g_return_val_if_fail (PS_IS_LOCAL_PROVIDER (self), FALSE);
  g_return_val_if_fail (product_path != NULL, FALSE);

  prefix_len = strlen (self->prefix);
  if (strncmp (product_path, self->prefix, prefix_len) != 0 || product_path[prefix_len] != '/')
    return FALSE;
  rest = product_path + prefix_len + 1;
  if (self->relative)
    {
      g_mutex_lock (&self->lock);
      base = g_strconcat (self->folders[0] != NULL ? self->folders[0] : "", "/", NULL);
      g_mutex_unlock (&self->lock);
    }
  else
    base = g_strdup ("/");

  return ps_local_split_file_path (base, rest, file_path, variable);
}

static gint64
mtime_us (const GStatBuf *st)
{
  return (gint64) st->st_mtim.tv_sec * G_USEC_PER_SEC + st->st_mtim.tv_nsec / 1000;
}

static gboolean
has_data_suffix (const char *path)
{
  static const char * const suffixes[] = { ".cdf", ".h5", ".hdf5", ".he5", ".nc", ".nc4", ".csv", ".tsv" };
  const char *dot = strrchr (path, '.');

  for (guint i = 0; dot != NULL && i < G_N_ELEMENTS (suffixes); i++)
    if (g_ascii_strcasecmp (dot, suffixes[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The entry of @path as it is on disk now: opened again when it changed.
 * Returns a new reference to the file, or NULL with @error set; then
 * @hidden says whether a listing leaves the file out: not a data file (a
 * note, a README.txt) unless its name says it should be one, and then why
 * it cannot be read is shown. */
static PsLocalFile *
get_file (PsLocalProvider  *self,
          const char       *path,
          GStatBuf         *st,
          gboolean         *hidden,
          GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PsLocalFile) file = NULL;
  gint64 mtime = mtime_us (st);
  Entry *entry;

  *hidden = FALSE;
  g_mutex_lock (&self->lock);
  entry = g_hash_table_lookup (self->entries, path);
  if (entry != NULL && entry->mtime == mtime && entry->size == (goffset) st->st_size)
    {
      PsLocalFile *known = entry->file != NULL ? g_object_ref (entry->file) : NULL;

      if (entry->error != NULL)
        g_set_error_literal (error, G_IO_ERROR, entry->code, entry->error);
      *hidden = entry->hidden;
      g_mutex_unlock (&self->lock);
      return known;
    }
  g_mutex_unlock (&self->lock);

  file = ps_local_file_open (path, &local_error);
  entry = g_new0 (Entry, 1);
  entry->mtime = mtime;
  entry->size = st->st_size;
  entry->file = file != NULL ? g_object_ref (file) : NULL;
  if (local_error != NULL)
    {
      entry->error = g_strdup (local_error->message);
      entry->code = local_error->domain == G_IO_ERROR ? local_error->code : G_IO_ERROR_FAILED;
      entry->hidden = !has_data_suffix (path);
      *hidden = entry->hidden;
    }
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->entries, g_strdup (path), entry);
  g_mutex_unlock (&self->lock);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return g_steal_pointer (&file);
}

static char *
node_path (PsLocalProvider *self,
           const char      *file_path)
{
  g_autofree char *part = file_part (self, file_path);

  /* '#': no product path holds one there */
  return g_strconcat (self->prefix, "/#/", part, NULL);
}

static PsInventoryNode *
file_node (PsLocalProvider *self,
           const char      *path,
           PsLocalFile     *file,
           const char      *error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *npath = node_path (self, path);
  PsInventoryNode *node = ps_inventory_node_new (PS_INVENTORY_DATASET, npath, name);

  ps_inventory_node_set_key (node, "file", path);
  if (file == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not be read: %s"), error);

      ps_inventory_node_set_description (node, text);
      return node;
    }
  ps_inventory_node_set_key (node, "format", ps_local_file_get_format_name (file));
  for (guint i = 0; i < ps_local_file_get_n_products (file); i++)
    {
      const PsLocalProduct *product = ps_local_file_get_product (file, i);
      g_autofree char *ppath = ps_local_provider_product_path (self, path, product->variable);
      PsInventoryNode *leaf = ps_inventory_node_new (PS_INVENTORY_PARAMETER, ppath, product->variable);
      g_autofree char *records = g_strdup_printf ("%" G_GINT64_FORMAT, product->n_records);

      if (product->description != NULL)
        ps_inventory_node_set_description (leaf, product->description);
      else if (g_strcmp0 (product->label, product->variable) != 0)
        ps_inventory_node_set_description (leaf, product->label);
      ps_inventory_node_set_units (leaf, product->units);
      ps_inventory_node_set_display_kind (leaf, product->kind);
      ps_inventory_node_set_key (leaf, "records", records);
      ps_inventory_node_add_child (node, leaf);
    }
  if (ps_local_file_get_n_products (file) == 0)
    ps_inventory_node_set_description (node, _("No data variable to plot"));
  else
    ps_inventory_node_set_description (node, ps_local_file_get_format_name (file));
  return node;
}

typedef struct
{
  PsLocalProvider *self;
  GCancellable    *cancellable;
  GHashTable      *visited;  /* "dev:ino" of the folders walked */
  guint            n_files;
  GThreadPool     *pool;     /* opens files; NULL: one core */
  GMutex           lock;
  GCond            done;
  guint            pending;  /* files the pool has not opened yet */
} Scan;

typedef struct _Item Item;

/* Whether @folder was not walked yet, and is now */
static gboolean
visit (Scan       *scan,
       const char *folder)
{
  GStatBuf st;

  if (g_stat (folder, &st) != 0)
    return FALSE;
  return g_hash_table_add (scan->visited,
                           g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino));
}

/* One entry of a folder, opened by a worker of the scan's pool */
struct _Item
{
  char        *name;
  char        *path;
  GStatBuf     st;
  PsLocalFile *file;
  GError      *error;
  gboolean     hidden;
  Scan        *scan;
};

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *ka = g_utf8_collate_key_for_filename ((*(Item **) a)->name, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename ((*(Item **) b)->name, -1);

  return strcmp (ka, kb);
}

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->name);
  g_free (item->path);
  g_clear_object (&item->file);
  g_clear_error (&item->error);
  g_free (item);
}

static void
open_item (gpointer data,
           gpointer user_data)
{
  Item *item = data;
  Scan *scan = item->scan;

  item->file = get_file (scan->self, item->path, &item->st, &item->hidden, &item->error);
  g_mutex_lock (&scan->lock);
  scan->pending--;
  g_cond_signal (&scan->done);
  g_mutex_unlock (&scan->lock);
}

/* Opens the files of @items, on the pool's threads when there are several
 * (a folder of a mission's archive holds hundreds: each open reads a
 * file's descriptors and attributes) */
static void
open_items (Scan      *scan,
            GPtrArray *items)
{
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    if (S_ISREG (((Item *) g_ptr_array_index (items, i))->st.st_mode))
      n++;
  if (n < 2 || scan->pool == NULL)
    {
      for (guint i = 0; i < items->len; i++)
        {
          Item *item = g_ptr_array_index (items, i);

          if (S_ISREG (item->st.st_mode))
            item->file = get_file (scan->self, item->path, &item->st, &item->hidden, &item->error);
        }
      return;
    }
  g_mutex_lock (&scan->lock);
  scan->pending += n;
  g_mutex_unlock (&scan->lock);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);

      if (S_ISREG (item->st.st_mode))
        g_thread_pool_push (scan->pool, item, NULL);
    }
  g_mutex_lock (&scan->lock);
  while (scan->pending > 0)
    g_cond_wait (&scan->done, &scan->lock);
  g_mutex_unlock (&scan->lock);
}

static void
scan_folder (Scan            *scan,
             const char      *folder,
             PsInventoryNode *parent,
             guint            depth)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (item_free);
  const char *name;

  if (depth > MAX_DEPTH || !visit (scan, folder))
    return; /* too deep, or a link back up */
  dir = g_dir_open (folder, 0, NULL);
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      Item *item;

      if (name[0] == '.')
        continue;
      item = g_new0 (Item, 1);
      item->name = g_strdup (name);
      item->path = g_build_filename (folder, name, NULL);
      item->scan = scan;
      if (g_stat (item->path, &item->st) != 0 || !(S_ISDIR (item->st.st_mode) || S_ISREG (item->st.st_mode)))
        item_free (item);
      else
        g_ptr_array_add (items, item);
    }
  g_ptr_array_sort (items, compare_names);
  if (g_cancellable_is_cancelled (scan->cancellable))
    return;
  open_items (scan, items);

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);

      if (g_cancellable_is_cancelled (scan->cancellable))
        return;
      if (S_ISDIR (item->st.st_mode))
        {
          g_autofree char *npath = node_path (scan->self, item->path);
          g_autoptr(PsInventoryNode) node = NULL;

          node = ps_inventory_node_new (PS_INVENTORY_GROUP, npath, item->name);
          ps_inventory_node_set_key (node, "folder", item->path);
          scan_folder (scan, item->path, node, depth + 1);
          if (ps_inventory_node_get_n_children (node) > 0)
            ps_inventory_node_add_child (parent, node);
        }
      else if (item->file != NULL || !item->hidden)
        {
          g_autoptr(PsInventoryNode) node = NULL;

          node = file_node (scan->self, item->path, item->file,
                            item->error != NULL ? item->error->message : NULL);
          ps_inventory_node_add_child (parent, node);
          scan->n_files++;
        }
    }
}

/* Forget the files that are in none of the folders any more */
static void
forget_others (PsLocalProvider *self)
{
  GHashTableIter iter;
  const char *path;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, (gpointer *) &path, NULL))
    {
      gboolean inside = FALSE;

      for (guint i = 0; self->folders[i] != NULL && !inside; i++)
        inside = g_str_has_prefix (path, self->folders[i]) && path[strlen (self->folders[i])] == '/';
      if (!inside)
        g_hash_table_iter_remove (&iter);
    }
  g_mutex_unlock (&self->lock);
}

/**
 * ps_local_provider_scan:
 * @n_files: (out) (optional): how many data files were found
 *
 * Walks the folders (blocking; build_inventory runs this on a worker):
 * files that did not change since the last scan are not read again.
 *
 * Returns: (transfer full): the inventory
 */
PsInventoryNode *
ps_local_provider_scan (PsLocalProvider *self,
                        GCancellable    *cancellable,
                        guint           *n_files)
{
  g_auto(GStrv) folders = NULL;
  g_autoptr(GHashTable) visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Scan scan = { self, cancellable, visited, 0, NULL, { 0 }, { 0 }, 0 };
  PsInventoryNode *root;
  g_autofree char *home = NULL;

  g_return_val_if_fail (PS_IS_LOCAL_PROVIDER (self), NULL);

  folders = ps_local_provider_dup_folders (self);
  root = ps_inventory_node_new (PS_INVENTORY_PROVIDER, self->prefix, self->name);
  g_mutex_init (&scan.lock);
  g_cond_init (&scan.done);
  if (g_get_num_processors () > 1)
    scan.pool = g_thread_pool_new (open_item, NULL, MIN (g_get_num_processors (), 8), TRUE, NULL);
  home = g_strdup (g_get_home_dir ());
  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autofree char *npath = node_path (self, folders[i]);
      g_autofree char *title = NULL;
      g_autoptr(PsInventoryNode) node = NULL;

      if (self->relative)
        {
          /* One folder, the samples: its files are the provider's */
          scan_folder (&scan, folders[i], root, 0);
          continue;
        }
      if (g_str_has_prefix (folders[i], home) && folders[i][strlen (home)] == '/')
        title = g_strconcat ("~", folders[i] + strlen (home), NULL);
      else
        title = g_strdup (folders[i]);
      node = ps_inventory_node_new (PS_INVENTORY_GROUP, npath, title);
      ps_inventory_node_set_key (node, "folder", folders[i]);
      if (!g_file_test (folders[i], G_FILE_TEST_IS_DIR))
        ps_inventory_node_set_description (node, _("This folder does not exist (any more)"));
      else
        scan_folder (&scan, folders[i], node, 0);
      ps_inventory_node_add_child (root, node);
    }
  if (scan.pool != NULL)
    g_thread_pool_free (scan.pool, FALSE, TRUE);
  g_mutex_clear (&scan.lock);
  g_cond_clear (&scan.done);
  forget_others (self);
  if (n_files != NULL)
    *n_files = scan.n_files;
  return root;
}

/**
 * ps_local_provider_lookup_file:
 * @path: an absolute file path
 *
 * Returns: (transfer full) (nullable): the file as the last scan opened
 *   it, or %NULL when it did not (not listed, not a data file, unreadable)
 */
PsLocalFile *
ps_local_provider_lookup_file (PsLocalProvider *self,
                               const char      *path)
{
  PsLocalFile *file = NULL;
  Entry *entry;

  g_return_val_if_fail (PS_IS_LOCAL_PROVIDER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  g_mutex_lock (&self->lock);
  entry = g_hash_table_lookup (self->entries, path);
  if (entry != NULL && entry->file != NULL)
    file = g_object_ref (entry->file);
  g_mutex_unlock (&self->lock);
  return file;
}

static const char *
get_name (PsProvider *provider)
{
  return PS_LOCAL_PROVIDER (provider)->name;
}

static const char *
get_prefix (PsProvider *provider)
{
  return PS_LOCAL_PROVIDER (provider)->prefix;
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PsInventoryNode *root = ps_local_provider_scan (source_object, cancellable, NULL);

  if (g_task_return_error_if_cancelled (task))
    g_object_unref (root);
  else
    g_task_return_pointer (task, root, g_object_unref);
}

static void
build_inventory_async (PsProvider          *provider,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, build_inventory_async);
  g_task_run_in_thread (task, scan_thread);
}

static PsInventoryNode *
build_inventory_finish (PsProvider    *provider,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static guint64
loaded_bytes (GQueue *queue)
{
  guint64 bytes = 0;

  for (GList *l = queue->head; l != NULL; l = l->next)
    {
      PsSeries *series = ((Loaded *) l->data)->series;

      bytes += (guint64) ps_series_get_n (series) * (ps_series_get_m (series) + 1) * 8;
    }
  return bytes;
}

/* The whole series of @variable of @path: kept from an earlier read when
 * the file did not change (the last MAX_LOADED, MAX_LOADED_BYTES at most,
 * the one just read always). */
static PsSeries *
read_series (PsLocalProvider  *self,
             const char       *path,
             const char       *variable,
             GError          **error)
{
  g_autoptr(PsLocalFile) file = NULL;
  gboolean hidden;
  PsSeries *series;
  Loaded *loaded;
  GStatBuf st;
  gint64 mtime;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_path_get_basename (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read “%s”: %s"), name, g_strerror (saved));
      return NULL;
    }
  mtime = mtime_us (&st);

  g_mutex_lock (&self->lock);
  for (GList *l = self->loaded.head; l != NULL; l = l->next)
    {
      loaded = l->data;
      if (loaded->mtime == mtime && strcmp (loaded->path, path) == 0
          && strcmp (loaded->variable, variable) == 0)
        {
          g_queue_unlink (&self->loaded, l);
          g_queue_push_head_link (&self->loaded, l);
          series = ps_series_ref (loaded->series);
          g_mutex_unlock (&self->lock);
          return series;
        }
    }
  g_mutex_unlock (&self->lock);

  file = get_file (self, path, &st, &hidden, error);
  if (file == NULL)
    return NULL;
  if (ps_local_file_lookup_product (file, variable) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” has no data variable “%s”"), ps_local_file_get_title (file), variable);
      return NULL;
    }
  series = ps_local_file_load (file, variable, error);
  if (series == NULL)
    return NULL;

  loaded = g_new0 (Loaded, 1);
  loaded->path = g_strdup (path);
  loaded->variable = g_strdup (variable);
  loaded->mtime = mtime;
  loaded->series = ps_series_ref (series);
  g_mutex_lock (&self->lock);
  g_queue_push_head (&self->loaded, loaded);
  while (g_queue_get_length (&self->loaded) > MAX_LOADED
         || (g_queue_get_length (&self->loaded) > 1 && loaded_bytes (&self->loaded) > MAX_LOADED_BYTES))
    loaded_free (g_queue_pop_tail (&self->loaded));
  g_mutex_unlock (&self->lock);
  return series;
}

typedef struct
{
  char        *path;
  char        *variable;
  PsTimeRange  range;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *f = data;

  g_free (f->path);
  g_free (f->variable);
  g_free (f);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Fetch *f = task_data;
  GError *error = NULL;
  g_autoptr(PsSeries) series = read_series (source_object, f->path, f->variable, &error);

  if (series == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ps_series_slice (series, &f->range), (GDestroyNotify) ps_series_unref);
}

static void
fetch_async (PsProvider          *provider,
             const char          *product_path,
             const PsTimeRange   *range,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  PsLocalProvider *self = PS_LOCAL_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Fetch *f = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, fetch_async);
  g_task_set_task_data (task, f, fetch_free);
  if (!ps_local_provider_split_product (self, product_path, &f->path, &f->variable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("No file for “%s”: it names no file of this computer, or the file is gone"),
                               product_path);
      return;
    }
  f->range = *range;
  g_task_run_in_thread (task, fetch_thread);
}

static PsSeries *
fetch_finish (PsProvider    *provider,
              GAsyncResult  *result,
              char         **version,
              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  /* Never cached: no version to revalidate with */
  if (version != NULL)
    *version = NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static PsTime
get_fragment_length (PsProvider *provider,
                     const char *product_path)
{
  return PS_TIME_NS_PER_DAY;
}

static PsTime
get_max_span (PsProvider *provider,
              const char *product_path)
{
  return 0;
}

static gboolean
is_local (PsProvider *provider)
{
  return TRUE;
}

static void
ps_local_provider_iface_init (PsProviderInterface *iface)
{
  iface->get_name = get_name;
  iface->get_prefix = get_prefix;
  iface->build_inventory_async = build_inventory_async;
  iface->build_inventory_finish = build_inventory_finish;
  iface->fetch_async = fetch_async;
  iface->fetch_finish = fetch_finish;
  iface->get_fragment_length = get_fragment_length;
  iface->get_max_span = get_max_span;
  iface->is_local = is_local;
}
