/* ps-local-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening recognises the file's format from its first bytes and name
 * (PsLocalFormat: CDF, text tables, HDF5/NetCDF-4), reads its metadata
 * (not its values) and lists the plottable variables; loading reads one
 * variable. Both run on GTask worker threads.
 */

#define G_LOG_DOMAIN "ps-local"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ps-local-format-private.h"

struct _PsLocalFile
{
  GObject    parent_instance;

  char                *path;
  char                *title;   /* the file's name, for people */
  const PsLocalFormat *format;
  gpointer             state;   /* the format's */
  GArray              *products; /* of PsLocalProduct */
};

G_DEFINE_FINAL_TYPE (PsLocalFile, ps_local_file, G_TYPE_OBJECT)

static void
product_clear (gpointer data)
{
  PsLocalProduct *product = data;

  g_free (product->variable);
  g_free (product->label);
  g_free (product->description);
  g_free (product->units);
}

static void
ps_local_file_finalize (GObject *object)
{
  PsLocalFile *self = PS_LOCAL_FILE (object);

  g_free (self->path);
  g_free (self->title);
  if (self->state != NULL)
    self->format->close (self->state);
  g_array_unref (self->products);

  G_OBJECT_CLASS (ps_local_file_parent_class)->finalize (object);
}

static void
ps_local_file_class_init (PsLocalFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_local_file_finalize;
}

static void
ps_local_file_init (PsLocalFile *self)
{
  self->products = g_array_new (FALSE, TRUE, sizeof (PsLocalProduct));
  g_array_set_clear_func (self->products, product_clear);
}

static const PsLocalFormat *const formats[] = {
  &ps_local_format_cdf,
  &ps_local_format_hdf5,
  &ps_local_format_csv,
};

/**
 * ps_local_format_detect:
 *
 * Returns: the format of the file at @path, or %NULL with @error set
 * (unreadable, or of no format we read)
 */
const PsLocalFormat *
ps_local_format_detect (const char  *path,
                        GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  guint8 head[4096];
  gsize head_len = 0;

  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &head_len, NULL, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i]->sniff (path, head, head_len))
      return formats[i];
  {
    g_autofree char *name = g_path_get_basename (path);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("“%s” is not a file Plasmascope reads (CDF, text table, HDF5 or NetCDF-4)"), name);
  }
  return NULL;
}

/**
 * ps_local_file_open:
 *
 * Opens @path and lists its products; blocks (see ps_local_file_open_async()).
 *
 * Returns: (transfer full): the file, or %NULL with @error set
 */
PsLocalFile *
ps_local_file_open (const char  *path,
                    GError     **error)
{
  g_autoptr(PsLocalFile) self = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  self = g_object_new (PS_TYPE_LOCAL_FILE, NULL);
  self->path = g_file_get_path (file); /* absolute, canonical */
  self->title = g_file_get_basename (file);
  self->format = ps_local_format_detect (self->path, error);
  if (self->format == NULL)
    return NULL;
  self->state = self->format->open (self->path, self->products, error);
  if (self->state == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  PsLocalFile *file = ps_local_file_open (task_data, &error);

  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file, g_object_unref);
}

/**
 * ps_local_file_open_async:
 *
 * Opens @path on a worker thread.
 */
void
ps_local_file_open_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_local_file_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, open_thread);
}

/**
 * ps_local_file_open_finish:
 *
 * Returns: (transfer full): the file, or %NULL with @error set
 */
PsLocalFile *
ps_local_file_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
ps_local_file_get_path (PsLocalFile *self)
{
  g_return_val_if_fail (PS_IS_LOCAL_FILE (self), NULL);

  return self->path;
}

const char *
ps_local_file_get_title (PsLocalFile *self)
{
  g_return_val_if_fail (PS_IS_LOCAL_FILE (self), NULL);

  return self->title;
}

guint
ps_local_file_get_n_products (PsLocalFile *self)
{
  g_return_val_if_fail (PS_IS_LOCAL_FILE (self), 0);

  return self->products->len;
}

const PsLocalProduct *
ps_local_file_get_product (PsLocalFile *self,
                           guint        index)
{
  g_return_val_if_fail (PS_IS_LOCAL_FILE (self), NULL);
  g_return_val_if_fail (index < self->products->len, NULL);

  return &g_array_index (self->products, PsLocalProduct, index);
}

const PsLocalProduct *
ps_local_file_lookup_product (PsLocalFile *self,
                              const char  *variable)
{
  g_return_val_if_fail (PS_IS_LOCAL_FILE (self), NULL);
  g_return_val_if_fail (variable != NULL, NULL);

  for (guint i = 0; i < self->products->len; i++)
    if (g_strcmp0 (g_array_index (self->products, PsLocalProduct, i).variable, variable) == 0)
      return &g_array_index (self->products, PsLocalProduct, i);
  return NULL;
}

/**
 * ps_local_file_product_path:
 *
 * Returns: (transfer full): "local/<path>/<variable>"
 */
char *
ps_local_file_product_path (PsLocalFile *self,
                            const char  *variable)
{
  g_return_val_if_fail (PS_IS_LOCAL_FILE (self), NULL);
  g_return_val_if_fail (variable != NULL, NULL);

  /* The path is absolute: "local/" + "/dir/file.cdf" keeps its slash. */
  return g_strconcat ("local", self->path, "/", variable, NULL);
}

/**
 * ps_local_parse_product_path:
 * @file_path: (out) (transfer full): the absolute path of the file
 * @variable: (out) (transfer full): the variable
 *
 * Splits "local/<absolute path>/<variable>": the file is the first
 * leading part that names a file (an HDF5 variable may hold slashes:
 * "local/data/omni.h5/Qbits/ByIMF"), else (the file is gone) the part
 * before the last slash.
 *
 * Returns: %TRUE if @product_path is a local product path
 */
gboolean
ps_local_parse_product_path (const char  *product_path,
                             char       **file_path,
                             char       **variable)
{
  const char *path;
  const char *slash;

  g_return_val_if_fail (product_path != NULL, FALSE);

  if (!g_str_has_prefix (product_path, PS_LOCAL_PREFIX))
    return FALSE;
  if (ps_local_split_file_path ("/", product_path + strlen (PS_LOCAL_PREFIX), file_path, variable))
    return TRUE;
  /* No such file (any more): the file is what the last slash ends */
  path = product_path + strlen (PS_LOCAL_PREFIX) - 1; /* keep the "/" */
  slash = strrchr (path, '/');
  if (slash == path || slash[1] == '\0')
    return FALSE;
  if (file_path != NULL)
    *file_path = g_strndup (path, slash - path);
  if (variable != NULL)
    *variable = g_strdup (slash + 1);
  return TRUE;
}

/**
 * ps_local_split_file_path:
 * @base: what @rest is relative to, ending with '/' ("/", a folder)
 * @rest: "data/omni.h5/Qbits/ByIMF"
 * @file_path: (out) (transfer full) (optional): @base + the file's part
 * @variable: (out) (transfer full) (optional): the rest, which may hold
 *   slashes (an HDF5 dataset in a group)
 *
 * Splits @rest where its shortest leading part names a file of this
 * computer (not a folder); parts holding ".." are not looked at.
 *
 * Returns: whether such a file exists, followed by a variable
 */
gboolean
ps_local_split_file_path (const char  *base,
                          const char  *rest,
                          char       **file_path,
                          char       **variable)
{
  g_return_val_if_fail (base != NULL && rest != NULL, FALSE);

  for (const char *slash = strchr (rest, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
    {
      g_autofree char *part = g_strndup (rest, slash - rest);
      g_autofree char *candidate = NULL;

      if (slash == rest || slash[1] == '\0' || strstr (part, "..") != NULL)
        continue;
      candidate = g_strconcat (base, part, NULL);
      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
        {
          if (file_path != NULL)
            *file_path = g_steal_pointer (&candidate);
          if (variable != NULL)
            *variable = g_strdup (slash + 1);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * ps_local_file_load:
 *
 * Reads @variable's whole series; blocks (see ps_local_file_load_async()).
 * Safe from any thread, several at once.
 *
 * Returns: (transfer full): the series, or %NULL with @error set
 */
PsSeries *
ps_local_file_load (PsLocalFile  *self,
                    const char   *variable,
                    GError      **error)
{
  g_return_val_if_fail (PS_IS_LOCAL_FILE (self), NULL);
  g_return_val_if_fail (variable != NULL, NULL);

  return self->format->load (self->state, variable, error);
}

/**
 * ps_local_file_get_format_name:
 *
 * Returns: "CDF", "CSV", "HDF5"…
 */
const char *
ps_local_file_get_format_name (PsLocalFile *self)
{
  g_return_val_if_fail (PS_IS_LOCAL_FILE (self), NULL);

  return self->format->name;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PsLocalFile *self = source_object;
  GError *error = NULL;
  PsSeries *series;

  series = ps_local_file_load (self, task_data, &error);
  if (series == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, series, (GDestroyNotify) ps_series_unref);
}

/**
 * ps_local_file_load_async:
 *
 * Reads @variable's whole series on a worker thread.
 */
void
ps_local_file_load_async (PsLocalFile         *self,
                          const char          *variable,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PS_IS_LOCAL_FILE (self));
  g_return_if_fail (variable != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_local_file_load_async);
  g_task_set_task_data (task, g_strdup (variable), g_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ps_local_file_load_finish:
 *
 * Returns: (transfer full): the series, or %NULL with @error set
 */
PsSeries *
ps_local_file_load_finish (PsLocalFile   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
