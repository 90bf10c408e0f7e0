/* ps-inventory-node-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the inventory store: nodes made from strings it allocated already.
 */
#pragma once

#include "ps-inventory-node.h"

G_BEGIN_DECLS

PsInventoryNode *_ps_inventory_node_new_take (PsInventoryKind  kind,
                                              char            *path,
                                              char            *name,
                                              char            *description,
                                              char            *units);

G_END_DECLS
