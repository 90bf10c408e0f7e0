/* ps-window-local.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The files of the folders of data files (Preferences → Data) in the
 * Products panel, beside the files opened by hand: the "local" provider
 * walks the folders at start-up and again whenever they change (the data
 * context's "local-changed"); files that appeared are listed, files that
 * went away (or stopped being readable) leave the list — but only those
 * the folders brought, never a file the user opened; all of them leave
 * when the provider is turned off.
 */

#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include "ps-application.h"
#include "ps-data-context.h"
#include "ps-local-provider.h"
#include "ps-window-private.h"

static PsLocalProvider *
local_provider (PsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  PsDataContext *context;
  PsProvider *provider;

  if (!PS_IS_APPLICATION (app))
    return NULL;
  context = ps_application_get_data_context (PS_APPLICATION (app));
  provider = ps_provider_registry_get (ps_data_context_get_registry (context), "local");
  return provider != NULL && PS_IS_LOCAL_PROVIDER (provider) ? PS_LOCAL_PROVIDER (provider) : NULL;
}

static void
collect_files (PsInventoryNode *node,
               GPtrArray       *paths)
{
  if (ps_inventory_node_get_kind (node) == PS_INVENTORY_DATASET)
    {
      const char *path = ps_inventory_node_get_key (node, "file");

      if (path != NULL && ps_inventory_node_get_key (node, "format") != NULL)
        g_ptr_array_add (paths, (gpointer) path);
      return;
    }
  for (guint i = 0; i < ps_inventory_node_get_n_children (node); i++)
    collect_files (ps_inventory_node_get_child (node, i), paths);
}

static void
scanned_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsInventoryNode) root = ps_provider_build_inventory_finish (PS_PROVIDER (source), result, &error);
  GWeakRef *weak = data;
  g_autoptr(PsWindow) self = g_weak_ref_get (weak);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  const char *path;

  g_weak_ref_clear (weak);
  g_free (weak);
  if (self == NULL)
    return;
  self->local_scanning = FALSE;
  if (root == NULL)
    return; /* cancelled: the window is going */

  collect_files (root, paths);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(PsLocalFile) file = NULL;

      PsLocalFile *listed;

      path = g_ptr_array_index (paths, i);
      g_hash_table_add (now, g_strdup (path));
      file = ps_local_provider_lookup_file (PS_LOCAL_PROVIDER (source), path);
      listed = ps_product_list_lookup_file (self->product_list, path);
      if (listed != NULL && (listed == file || !g_hash_table_contains (self->folder_files, path)))
        continue; /* listed already: by hand, or unchanged since an earlier scan */
      if (listed != NULL)
        ps_product_list_remove_file (self->product_list, path); /* changed on disk: read anew */
      if (file != NULL && ps_product_list_add_file (self->product_list, file))
        g_hash_table_add (self->folder_files, g_strdup (path));
      else
        g_hash_table_remove (self->folder_files, path);
    }
  g_hash_table_iter_init (&iter, self->folder_files);
  while (g_hash_table_iter_next (&iter, (gpointer *) &path, NULL))
    if (!g_hash_table_contains (now, path))
      {
        ps_product_list_remove_file (self->product_list, path);
        g_hash_table_iter_remove (&iter);
      }
  if (self->local_again)
    {
      self->local_again = FALSE;
      _ps_window_local_rescan (self);
    }
}

/* Walks the folders again (once at a time: a change during a walk makes
 * one more walk after it) */
void
_ps_window_local_rescan (PsWindow *self)
{
  PsLocalProvider *local = local_provider (self);
  GWeakRef *weak;

  if (local == NULL)
    {
      /* The provider turned off: what the folders listed leaves */
      GHashTableIter iter;
      const char *path;

      g_hash_table_iter_init (&iter, self->folder_files);
      while (g_hash_table_iter_next (&iter, (gpointer *) &path, NULL))
        {
          ps_product_list_remove_file (self->product_list, path);
          g_hash_table_iter_remove (&iter);
        }
      return;
    }
  if (self->local_scanning)
    {
      self->local_again = TRUE;
      return;
    }
  self->local_scanning = TRUE;
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  ps_provider_build_inventory_async (PS_PROVIDER (local), self->cancellable, scanned_cb, weak);
}

/* Called once the window has its application */
void
_ps_window_local_init (PsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  self->folder_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!PS_IS_APPLICATION (app))
    return;
  g_signal_connect_object (ps_application_get_data_context (PS_APPLICATION (app)), "local-changed",
                           G_CALLBACK (_ps_window_local_rescan), self, G_CONNECT_SWAPPED);
  /* A new registry (a provider turned on or off): a new local provider */
  g_signal_connect_object (ps_application_get_data_context (PS_APPLICATION (app)), "changed",
                           G_CALLBACK (_ps_window_local_rescan), self, G_CONNECT_SWAPPED);
  _ps_window_local_rescan (self);
}

void
_ps_window_local_dispose (PsWindow *self)
{
  g_clear_pointer (&self->folder_files, g_hash_table_unref);
}
