/* ps-inventory-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An inventory tree on disk, so that the next launch shows it at once
 * while the providers are asked again in the background. A saved tree
 * may carry a stamp (what it was built from: a provider, its URL, the
 * layout of its tree) and the time it was built, for the inventory cache
 * to tell whether it may still be used.
 */
#pragma once

#include "ps-inventory-node.h"

G_BEGIN_DECLS

GBytes          *ps_inventory_store_serialize        (PsInventoryNode  *root);
GBytes          *ps_inventory_store_serialize_full   (PsInventoryNode  *root,
                                                      const char       *stamp,
                                                      gint64            built_at);
PsInventoryNode *ps_inventory_store_deserialize      (GBytes           *bytes,
                                                      GError          **error);
PsInventoryNode *ps_inventory_store_deserialize_full (GBytes           *bytes,
                                                      char            **stamp,
                                                      gint64           *built_at,
                                                      GError          **error);
gboolean         ps_inventory_store_save             (PsInventoryNode  *root,
                                                      const char       *path,
                                                      GError          **error);
gboolean         ps_inventory_store_save_full        (PsInventoryNode  *root,
                                                      const char       *path,
                                                      const char       *stamp,
                                                      gint64            built_at,
                                                      GError          **error);
PsInventoryNode *ps_inventory_store_load             (const char       *path,
                                                      GError          **error);
PsInventoryNode *ps_inventory_store_load_full        (const char       *path,
                                                      char            **stamp,
                                                      gint64           *built_at,
                                                      GError          **error);

G_END_DECLS
