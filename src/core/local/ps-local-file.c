/* ps-local-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening reads the CDF's descriptors and attributes (not its values) and
 * lists the data variables as PyISTP does; loading reads one variable
 * through the ISTP interpretation. Both run on GTask worker threads: the
 * PsCdfFile is only read after opening, which is safe from any thread.
 */

#define G_LOG_DOMAIN "ps-local"

#include "config.h"

#include <string.h>

#include "ps-cdf-file.h"
#include "ps-istp.h"
#include "ps-local-file.h"

struct _PsLocalFile
{
  GObject    parent_instance;

  char      *path;
  char      *title;     /* the file's name, for people */
  PsCdfFile *cdf;
  GArray    *products;  /* of PsLocalProduct */
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
  g_clear_pointer (&self->cdf, ps_cdf_file_unref);
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

static PsDisplayKind
guess_kind (const char          *display_type,
            const PsCdfVariable *var,
            guint                n_components)
{
  if (display_type != NULL && g_ascii_strncasecmp (display_type, "spectrogram", 11) == 0)
    return PS_DISPLAY_SPECTROGRAM;
  if (n_components == 1)
    return PS_DISPLAY_LINE;
  if (n_components == 3 && var->n_dims == 1)
    return PS_DISPLAY_VECTOR;
  return PS_DISPLAY_MULTI;
}

static void
describe (PsLocalFile *self,
          const char  *variable)
{
  const PsCdfVariable *var = ps_cdf_file_lookup_variable (self->cdf, variable);
  g_autofree char *display = NULL;
  PsLocalProduct product = { 0 };

  if (var == NULL)
    return;
  product.variable = g_strdup (variable);
  product.label = ps_istp_get_text_attribute (self->cdf, NULL, variable, "FIELDNAM");
  if (product.label == NULL)
    product.label = g_strdup (variable);
  product.description = ps_istp_get_text_attribute (self->cdf, NULL, variable, "CATDESC");
  product.units = ps_istp_get_text_attribute (self->cdf, NULL, variable, "UNITS");
  display = ps_istp_get_text_attribute (self->cdf, NULL, variable, "DISPLAY_TYPE");
  product.n_components = 1;
  for (guint d = 0; d < var->n_dims; d++)
    if (var->dim_varys == NULL || var->dim_varys[d])
      product.n_components *= var->dims[d];
  product.kind = guess_kind (display, var, product.n_components);
  product.n_records = var->n_records;
  g_array_append_val (self->products, product);
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
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  self = g_object_new (PS_TYPE_LOCAL_FILE, NULL);
  self->path = g_file_get_path (file); /* absolute, canonical */
  self->title = g_file_get_basename (file);
  self->cdf = ps_cdf_file_open (self->path, error);
  if (self->cdf == NULL || !ps_cdf_file_load_attributes (self->cdf, error))
    return NULL;
  names = ps_istp_list_data_variables (self->cdf, NULL);
  for (guint i = 0; i < names->len; i++)
    describe (self, g_ptr_array_index (names, i));
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
 * Splits "local/<absolute path>/<variable>" at its last slash.
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

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PsLocalFile *self = source_object;
  PsIstpOptions opts;
  GError *error = NULL;
  PsSeries *series;

  ps_istp_options_init (&opts);
  opts.mask_invalid = TRUE;
  series = ps_istp_load (self->cdf, NULL, task_data, &opts, &error);
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
