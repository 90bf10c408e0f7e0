/* ps-local-file.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsLocalFile: a data file on this computer, opened off the main thread,
 * and the products (plottable variables) it holds. Their product paths
 * are "local/<absolute file path>/<variable>" (DESIGN.md).
 */
#pragma once

#include <gio/gio.h>

#include "ps-series.h"

G_BEGIN_DECLS

#define PS_TYPE_LOCAL_FILE (ps_local_file_get_type ())

G_DECLARE_FINAL_TYPE (PsLocalFile, ps_local_file, PS, LOCAL_FILE, GObject)

#define PS_LOCAL_PREFIX "local/"

typedef struct
{
  char          *variable;
  char          *label;        /* FIELDNAM, or the variable's name */
  char          *description;  /* CATDESC; may be NULL */
  char          *units;        /* may be NULL */
  PsDisplayKind  kind;         /* what it will look like, from metadata */
  guint          n_components; /* values per record */
  gint64         n_records;
} PsLocalProduct;

void                  ps_local_file_open_async    (const char          *path,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
PsLocalFile          *ps_local_file_open_finish   (GAsyncResult        *result,
                                                   GError             **error);
PsLocalFile          *ps_local_file_open          (const char          *path,
                                                   GError             **error);

const char           *ps_local_file_get_path      (PsLocalFile         *self);
const char           *ps_local_file_get_title     (PsLocalFile         *self);
guint                 ps_local_file_get_n_products (PsLocalFile        *self);
const PsLocalProduct *ps_local_file_get_product   (PsLocalFile         *self,
                                                   guint                index);
const PsLocalProduct *ps_local_file_lookup_product (PsLocalFile        *self,
                                                   const char          *variable);
char                 *ps_local_file_product_path  (PsLocalFile         *self,
                                                   const char          *variable);

PsSeries             *ps_local_file_load          (PsLocalFile         *self,
                                                   const char          *variable,
                                                   GError             **error);
const char           *ps_local_file_get_format_name (PsLocalFile       *self);
void                  ps_local_file_load_async    (PsLocalFile         *self,
                                                   const char          *variable,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
PsSeries             *ps_local_file_load_finish   (PsLocalFile         *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

gboolean              ps_local_parse_product_path (const char          *product_path,
                                                   char               **file_path,
                                                   char               **variable);
gboolean              ps_local_split_file_path    (const char          *base,
                                                   const char          *rest,
                                                   char               **file_path,
                                                   char               **variable);

G_END_DECLS
