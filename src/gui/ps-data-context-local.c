/* ps-data-context-local.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The folders of data files (the "local-folders" setting): the "local"
 * provider lists them, and every folder and sub-folder is watched
 * (GFileMonitor) so that the list follows files as they come, change and
 * go. Events arrive in bursts (a copy of many files): "local-changed" is
 * emitted once the burst is over.
 */

#define G_LOG_DOMAIN "ps-data-context"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-data-context-private.h"
#include "ps-local-provider.h"

#define SETTLE_MS       400  /* quiet time after the last event */
#define MAX_WATCHED     512  /* folders watched at most */
#define MAX_DEPTH       8

static void
changed_settled (gpointer data)
{
  PsDataContext *self = data;

  self->local_timeout = 0;
  _ps_data_context_emit_local_changed (self);
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    gpointer           data)
{
  PsDataContext *self = data;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
      break;
    default:
      return;
    }
  /* A new sub-folder is watched too */
  if (event == G_FILE_MONITOR_EVENT_CREATED || event == G_FILE_MONITOR_EVENT_MOVED_IN)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && g_file_test (path, G_FILE_TEST_IS_DIR))
        _ps_data_context_watch (self, path, 0);
    }
  g_clear_handle_id (&self->local_timeout, g_source_remove);
  self->local_timeout = g_timeout_add_once (SETTLE_MS, changed_settled, self);
}

/* Watches @folder and its sub-folders (hidden ones left out) */
void
_ps_data_context_watch (PsDataContext *self,
                        const char    *folder,
                        guint          depth)
{
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  GFileMonitor *monitor;
  const char *name;

  if (depth > MAX_DEPTH || g_hash_table_size (self->monitors) >= MAX_WATCHED
      || g_hash_table_contains (self->monitors, folder))
    return;
  monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (monitor == NULL)
    {
      g_debug ("Not watching %s: %s", folder, error->message);
      return;
    }
  g_signal_connect (monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
  g_hash_table_insert (self->monitors, g_strdup (folder), monitor);

  dir = g_dir_open (folder, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = NULL;

      if (name[0] == '.')
        continue;
      child = g_build_filename (folder, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        _ps_data_context_watch (self, child, depth + 1);
    }
}

static void
set_folders (PsProviderRegistry *registry,
             const char * const *folders)
{
  PsProvider *local = registry != NULL ? ps_provider_registry_get (registry, "local") : NULL;

  if (local != NULL && PS_IS_LOCAL_PROVIDER (local))
    ps_local_provider_set_folders (PS_LOCAL_PROVIDER (local), folders);
}

/* The setting changed (or was read the first time) */
void
_ps_data_context_local_folders_changed (PsDataContext *self)
{
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "local-folders");

  set_folders (self->registry, (const char * const *) folders);
  set_folders (self->known, (const char * const *) folders);
  g_hash_table_remove_all (self->monitors);
  for (guint i = 0; folders[i] != NULL; i++)
    _ps_data_context_watch (self, folders[i], 0);
  g_clear_handle_id (&self->local_timeout, g_source_remove);
  _ps_data_context_emit_local_changed (self);
}

static void
monitor_free (gpointer data)
{
  GFileMonitor *monitor = data;

  g_signal_handlers_disconnect_matched (monitor, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, monitor_changed_cb, NULL);
  g_file_monitor_cancel (monitor);
  g_object_unref (monitor);
}

void
_ps_data_context_init_local (PsDataContext *self)
{
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, monitor_free);
}

void
_ps_data_context_finalize_local (PsDataContext *self)
{
  g_clear_handle_id (&self->local_timeout, g_source_remove);
  g_clear_pointer (&self->monitors, g_hash_table_unref);
}

/**
 * ps_data_context_add_local_folder:
 *
 * Adds @folder to the folders of data files (the "local-folders"
 * setting), unless it is there already.
 */
void
ps_data_context_add_local_folder (PsDataContext *self,
                                  const char    *folder)
{
  g_auto(GStrv) folders = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  g_return_if_fail (PS_IS_DATA_CONTEXT (self));
  g_return_if_fail (folder != NULL && g_path_is_absolute (folder));

  folders = g_settings_get_strv (self->settings, "local-folders");
  if (g_strv_contains ((const char * const *) folders, folder))
    return;
  g_strv_builder_addv (builder, (const char **) folders);
  g_strv_builder_add (builder, folder);
  list = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "local-folders", (const char * const *) list);
}

/**
 * ps_data_context_remove_local_folder:
 *
 * Removes @folder from the folders of data files.
 */
void
ps_data_context_remove_local_folder (PsDataContext *self,
                                     const char    *folder)
{
  g_auto(GStrv) folders = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  g_return_if_fail (PS_IS_DATA_CONTEXT (self));
  g_return_if_fail (folder != NULL);

  folders = g_settings_get_strv (self->settings, "local-folders");
  for (guint i = 0; folders[i] != NULL; i++)
    if (g_strcmp0 (folders[i], folder) != 0)
      g_strv_builder_add (builder, folders[i]);
  list = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "local-folders", (const char * const *) list);
}

/**
 * ps_data_context_get_n_watched_folders:
 *
 * Returns: how many folders are watched for changes (the folders of data
 *   files and their sub-folders)
 */
guint
ps_data_context_get_n_watched_folders (PsDataContext *self)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (self), 0);

  return g_hash_table_size (self->monitors);
}
