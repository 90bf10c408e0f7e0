/* ps-inventory-node.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsInventoryNode: one entry of a provider's inventory tree (DESIGN.md):
 * a path (the product path for parameters: "cda/AC_H2_MFI/BGSEc"), a
 * name for people, a kind, and what is known of the data: display kind,
 * units, description, coverage, cadence, and provider-specific keys.
 * A node may be "expandable": its provider lists its children on demand.
 * A tree is used from one thread at a time (a tree read from the
 * inventory store makes its nodes as they are asked for).
 */
#pragma once

#include <glib-object.h>

#include "ps-series.h"
#include "ps-time-range.h"

G_BEGIN_DECLS

#define PS_TYPE_INVENTORY_NODE (ps_inventory_node_get_type ())

G_DECLARE_FINAL_TYPE (PsInventoryNode, ps_inventory_node, PS, INVENTORY_NODE, GObject)

typedef enum
{
  PS_INVENTORY_PROVIDER,
  PS_INVENTORY_GROUP,       /* an observatory group, a mission family */
  PS_INVENTORY_MISSION,
  PS_INVENTORY_OBSERVATORY,
  PS_INVENTORY_INSTRUMENT,
  PS_INVENTORY_DATASET,
  PS_INVENTORY_PARAMETER,   /* a product: can be plotted */
  PS_INVENTORY_COMPONENT,   /* one component of a parameter */
} PsInventoryKind;

PsInventoryNode    *ps_inventory_node_new              (PsInventoryKind    kind,
                                                        const char        *path,
                                                        const char        *name);
PsInventoryKind     ps_inventory_node_get_kind         (PsInventoryNode   *self);
const char         *ps_inventory_node_get_path         (PsInventoryNode   *self);
const char         *ps_inventory_node_get_name         (PsInventoryNode   *self);

const char         *ps_inventory_node_get_description  (PsInventoryNode   *self);
void                ps_inventory_node_set_description  (PsInventoryNode   *self,
                                                        const char        *description);
const char         *ps_inventory_node_get_units        (PsInventoryNode   *self);
void                ps_inventory_node_set_units        (PsInventoryNode   *self,
                                                        const char        *units);
PsDisplayKind       ps_inventory_node_get_display_kind (PsInventoryNode   *self);
void                ps_inventory_node_set_display_kind (PsInventoryNode   *self,
                                                        PsDisplayKind      kind);
const PsTimeRange  *ps_inventory_node_get_coverage     (PsInventoryNode   *self);
void                ps_inventory_node_set_coverage     (PsInventoryNode   *self,
                                                        const PsTimeRange *coverage);
PsTime              ps_inventory_node_get_cadence      (PsInventoryNode   *self);
void                ps_inventory_node_set_cadence      (PsInventoryNode   *self,
                                                        PsTime             cadence);
gboolean            ps_inventory_node_get_expandable   (PsInventoryNode   *self);
void                ps_inventory_node_set_expandable   (PsInventoryNode   *self,
                                                        gboolean           expandable);
const char         *ps_inventory_node_get_key          (PsInventoryNode   *self,
                                                        const char        *key);
void                ps_inventory_node_set_key          (PsInventoryNode   *self,
                                                        const char        *key,
                                                        const char        *value);

void                ps_inventory_node_add_child        (PsInventoryNode   *self,
                                                        PsInventoryNode   *child);
guint               ps_inventory_node_get_n_children   (PsInventoryNode   *self);
PsInventoryNode    *ps_inventory_node_get_child        (PsInventoryNode   *self,
                                                        guint              index);
PsInventoryNode    *ps_inventory_node_get_parent       (PsInventoryNode   *self);
PsInventoryNode    *ps_inventory_node_find_child       (PsInventoryNode   *self,
                                                        const char        *path);
PsInventoryNode    *ps_inventory_node_lookup           (PsInventoryNode   *self,
                                                        const char        *path);
guint               ps_inventory_node_count            (PsInventoryNode   *self);

G_END_DECLS
