/* ps-inventory-node.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Children are kept in insertion order with a path index, so that
 * building a tree of 100,000 nodes (merging entries that name the same
 * observatory or instrument) and looking a product up stay linear.
 */

#define G_LOG_DOMAIN "ps-inventory"

#include "config.h"

#include <string.h>

#include "ps-inventory-node-private.h"

struct _PsInventoryNode
{
  GObject          parent_instance;

  PsInventoryKind  kind;
  char            *path;
  char            *name;       /* NULL: the last part of the path */
  char            *description;
  char            *units;
  PsDisplayKind    display_kind;
  PsTimeRange      coverage;
  PsTime           cadence;
  GHashTable      *keys;       /* NULL until one is set */

  PsInventoryNode *parent;     /* weak */
  GPtrArray       *children;   /* NULL until one is added */
  GHashTable      *by_path;    /* path → child, with children */
};

G_DEFINE_FINAL_TYPE (PsInventoryNode, ps_inventory_node, G_TYPE_OBJECT)

static void
ps_inventory_node_finalize (GObject *object)
{
  PsInventoryNode *self = PS_INVENTORY_NODE (object);

  if (self->children != NULL)
    {
      for (guint i = 0; i < self->children->len; i++)
        PS_INVENTORY_NODE (g_ptr_array_index (self->children, i))->parent = NULL;
      g_ptr_array_unref (self->children);
      g_hash_table_unref (self->by_path);
    }
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_free (self->path);
  g_free (self->name);
  g_free (self->description);
  g_free (self->units);

  G_OBJECT_CLASS (ps_inventory_node_parent_class)->finalize (object);
}

static void
ps_inventory_node_class_init (PsInventoryNodeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_inventory_node_finalize;
}

static void
ps_inventory_node_init (PsInventoryNode *self)
{
  self->display_kind = PS_DISPLAY_LINE;
  self->coverage = ps_time_range_make (0, 0);
}

/**
 * ps_inventory_node_new:
 * @path: unique in its tree, e.g. "cda/AC_H2_MFI/BGSEc"
 * @name: (nullable): for people; the last part of @path when %NULL
 *
 * Returns: (transfer full): a node without children
 */
PsInventoryNode *
ps_inventory_node_new (PsInventoryKind  kind,
                       const char      *path,
                       const char      *name)
{
  g_return_val_if_fail (path != NULL, NULL);

  return _ps_inventory_node_new_take (kind, g_strdup (path), g_strdup (name), NULL, NULL);
}

static const char *
base_name (const char *path)
{
  const char *slash = strrchr (path, '/');

  return slash != NULL ? slash + 1 : path;
}

/* Takes @path, @name (NULL: from @path), @description and @units
 * (nullable). */
PsInventoryNode *
_ps_inventory_node_new_take (PsInventoryKind  kind,
                             char            *path,
                             char            *name,
                             char            *description,
                             char            *units)
{
  PsInventoryNode *self = g_object_new (PS_TYPE_INVENTORY_NODE, NULL);

  self->kind = kind;
  self->path = path;
  /* Most names are the last part of the path: not kept twice. */
  if (name != NULL && g_str_equal (name, base_name (path)))
    g_clear_pointer (&name, g_free);
  self->name = name;
  self->description = description;
  self->units = units;
  return self;
}

PsInventoryKind
ps_inventory_node_get_kind (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), PS_INVENTORY_PROVIDER);

  return self->kind;
}

const char *
ps_inventory_node_get_path (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);

  return self->path;
}

const char *
ps_inventory_node_get_name (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);

  return self->name != NULL ? self->name : base_name (self->path);
}

const char *
ps_inventory_node_get_description (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);

  return self->description;
}

void
ps_inventory_node_set_description (PsInventoryNode *self,
                                   const char      *description)
{
  g_return_if_fail (PS_IS_INVENTORY_NODE (self));

  g_free (self->description);
  self->description = g_strdup (description);
}

const char *
ps_inventory_node_get_units (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);

  return self->units;
}

void
ps_inventory_node_set_units (PsInventoryNode *self,
                             const char      *units)
{
  g_return_if_fail (PS_IS_INVENTORY_NODE (self));

  g_free (self->units);
  self->units = g_strdup (units);
}

PsDisplayKind
ps_inventory_node_get_display_kind (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), PS_DISPLAY_LINE);

  return self->display_kind;
}

void
ps_inventory_node_set_display_kind (PsInventoryNode *self,
                                    PsDisplayKind    kind)
{
  g_return_if_fail (PS_IS_INVENTORY_NODE (self));

  self->display_kind = kind;
}

/**
 * ps_inventory_node_get_coverage:
 *
 * Returns: the time range with data; empty when unknown
 */
const PsTimeRange *
ps_inventory_node_get_coverage (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);

  return &self->coverage;
}

void
ps_inventory_node_set_coverage (PsInventoryNode   *self,
                                const PsTimeRange *coverage)
{
  g_return_if_fail (PS_IS_INVENTORY_NODE (self));
  g_return_if_fail (coverage != NULL);

  self->coverage = *coverage;
}

/**
 * ps_inventory_node_get_cadence:
 *
 * Returns: the typical time between samples, 0 when unknown
 */
PsTime
ps_inventory_node_get_cadence (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), 0);

  return self->cadence;
}

void
ps_inventory_node_set_cadence (PsInventoryNode *self,
                               PsTime           cadence)
{
  g_return_if_fail (PS_IS_INVENTORY_NODE (self));
  g_return_if_fail (cadence >= 0);

  self->cadence = cadence;
}

/**
 * ps_inventory_node_get_key:
 *
 * Returns: (nullable): a provider-specific value ("pi_name", "doi"…)
 */
const char *
ps_inventory_node_get_key (PsInventoryNode *self,
                           const char      *key)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return self->keys != NULL ? g_hash_table_lookup (self->keys, key) : NULL;
}

/**
 * ps_inventory_node_set_key:
 * @value: (nullable): %NULL removes @key
 */
void
ps_inventory_node_set_key (PsInventoryNode *self,
                           const char      *key,
                           const char      *value)
{
  g_return_if_fail (PS_IS_INVENTORY_NODE (self));
  g_return_if_fail (key != NULL);

  if (value == NULL)
    {
      if (self->keys != NULL)
        g_hash_table_remove (self->keys, key);
      return;
    }
  if (self->keys == NULL)
    self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (self->keys, g_strdup (key), g_strdup (value));
}

/**
 * ps_inventory_node_add_child:
 * @child: (transfer none): a node without a parent, whose path no other
 *   child of @self has
 */
void
ps_inventory_node_add_child (PsInventoryNode *self,
                             PsInventoryNode *child)
{
  g_return_if_fail (PS_IS_INVENTORY_NODE (self));
  g_return_if_fail (PS_IS_INVENTORY_NODE (child));
  g_return_if_fail (child->parent == NULL && child != self);

  if (self->children == NULL)
    {
      self->children = g_ptr_array_new_with_free_func (g_object_unref);
      self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
    }
  g_return_if_fail (!g_hash_table_contains (self->by_path, child->path));
  g_ptr_array_add (self->children, g_object_ref (child));
  g_hash_table_insert (self->by_path, child->path, child);
  child->parent = self;
}

guint
ps_inventory_node_get_n_children (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), 0);

  return self->children != NULL ? self->children->len : 0;
}

/**
 * ps_inventory_node_get_child:
 *
 * Returns: (transfer none): child @index
 */
PsInventoryNode *
ps_inventory_node_get_child (PsInventoryNode *self,
                             guint            index)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);
  g_return_val_if_fail (index < ps_inventory_node_get_n_children (self), NULL);

  return g_ptr_array_index (self->children, index);
}

/**
 * ps_inventory_node_get_parent:
 *
 * Returns: (transfer none) (nullable): the parent
 */
PsInventoryNode *
ps_inventory_node_get_parent (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);

  return self->parent;
}

/**
 * ps_inventory_node_find_child:
 *
 * Returns: (transfer none) (nullable): the direct child of that path
 */
PsInventoryNode *
ps_inventory_node_find_child (PsInventoryNode *self,
                              const char      *path)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return self->by_path != NULL ? g_hash_table_lookup (self->by_path, path) : NULL;
}

/**
 * ps_inventory_node_lookup:
 *
 * Searches the whole tree under @self (itself included).
 *
 * Returns: (transfer none) (nullable): the node of that path
 */
PsInventoryNode *
ps_inventory_node_lookup (PsInventoryNode *self,
                          const char      *path)
{
  g_autoptr(GPtrArray) stack = NULL;

  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  stack = g_ptr_array_new ();
  g_ptr_array_add (stack, self);
  while (stack->len > 0)
    {
      PsInventoryNode *node = g_ptr_array_steal_index_fast (stack, stack->len - 1);
      PsInventoryNode *found;

      if (g_str_equal (node->path, path))
        return node;
      if ((found = ps_inventory_node_find_child (node, path)) != NULL)
        return found;
      for (guint i = 0; node->children != NULL && i < node->children->len; i++)
        g_ptr_array_add (stack, g_ptr_array_index (node->children, i));
    }
  return NULL;
}

/**
 * ps_inventory_node_count:
 *
 * Returns: how many nodes the tree under @self holds, itself included
 */
guint
ps_inventory_node_count (PsInventoryNode *self)
{
  guint n = 1;

  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), 0);

  for (guint i = 0; self->children != NULL && i < self->children->len; i++)
    n += ps_inventory_node_count (g_ptr_array_index (self->children, i));
  return n;
}
