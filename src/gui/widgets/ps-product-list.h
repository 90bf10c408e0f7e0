/* ps-product-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsProductList: the products of the files the user opened, one section
 * per file, with a search entry. A product is plotted by activating it
 * (double click, Enter) or by dragging it onto the plot: the drag carries
 * its product path as a string.
 */
#pragma once

#include <gtk/gtk.h>

#include "ps-local-file.h"

G_BEGIN_DECLS

#define PS_TYPE_PRODUCT_LIST (ps_product_list_get_type ())

G_DECLARE_FINAL_TYPE (PsProductList, ps_product_list, PS, PRODUCT_LIST, GtkWidget)

GtkWidget   *ps_product_list_new         (void);
gboolean     ps_product_list_add_file    (PsProductList *self,
                                          PsLocalFile   *file);
gboolean     ps_product_list_remove_file (PsProductList *self,
                                          const char    *path);
guint        ps_product_list_get_n_files (PsProductList *self);
PsLocalFile *ps_product_list_lookup_file (PsProductList *self,
                                          const char    *path);
void         ps_product_list_set_filter  (PsProductList *self,
                                          const char    *text);
guint        ps_product_list_get_n_visible (PsProductList *self);

G_END_DECLS
