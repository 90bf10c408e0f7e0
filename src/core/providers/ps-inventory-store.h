/* ps-inventory-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An inventory tree on disk, so that the next launch shows it at once
 * while the providers are asked again in the background.
 */
#pragma once

#include "ps-inventory-node.h"

G_BEGIN_DECLS

GBytes          *ps_inventory_store_serialize   (PsInventoryNode  *root);
PsInventoryNode *ps_inventory_store_deserialize (GBytes           *bytes,
                                                 GError          **error);
gboolean         ps_inventory_store_save        (PsInventoryNode  *root,
                                                 const char       *path,
                                                 GError          **error);
PsInventoryNode *ps_inventory_store_load        (const char       *path,
                                                 GError          **error);

G_END_DECLS
