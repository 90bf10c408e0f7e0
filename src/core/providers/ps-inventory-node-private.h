/* ps-inventory-node-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Between the nodes and the inventory store: a saved tree is a table of
 * fixed-size records over a mapped file (PsInventoryTable, in
 * ps-inventory-store.c), and nodes made from it point into it. A node's
 * children are made from the table the first time someone asks for them.
 */
#pragma once

#include "ps-inventory-node.h"

G_BEGIN_DECLS

typedef struct _PsInventoryTable PsInventoryTable;

/* One record of a table, its strings resolved (pointers into the table,
 * valid while it lives) */
typedef struct
{
  PsInventoryKind  kind;
  PsDisplayKind    display_kind;
  gboolean         expandable;
  const char      *path;
  const char      *name;          /* NULL: the last part of the path */
  const char      *description;
  const char      *units;
  PsTimeRange      coverage;
  PsTime           cadence;
  guint32          n_children;
  guint32          subtree_size;  /* the node and all its descendants */
  guint32          first_key;
  guint32          n_keys;
} PsInventoryRecord;

typedef void (*PsInventoryKeyFunc) (const char *key,
                                    const char *value,
                                    gpointer    user_data);

/* ps-inventory-store.c */
PsInventoryTable *_ps_inventory_table_ref          (PsInventoryTable  *table);
void              _ps_inventory_table_unref        (PsInventoryTable  *table);
void              _ps_inventory_table_read         (PsInventoryTable  *table,
                                                    guint32            index,
                                                    PsInventoryRecord *out);
guint32           _ps_inventory_table_subtree_size (PsInventoryTable  *table,
                                                    guint32            index);
gboolean          _ps_inventory_table_has_path     (PsInventoryTable  *table,
                                                    guint32            index,
                                                    const char        *path,
                                                    gsize              length);
void              _ps_inventory_table_get_key      (PsInventoryTable  *table,
                                                    guint32            key_index,
                                                    const char       **key,
                                                    const char       **value);

/* ps-inventory-node.c */
PsInventoryNode  *_ps_inventory_node_new_from_table (PsInventoryTable  *table,
                                                     guint32            index);
void              _ps_inventory_node_foreach_key   (PsInventoryNode   *self,
                                                    PsInventoryKeyFunc func,
                                                    gpointer           user_data);

G_END_DECLS
