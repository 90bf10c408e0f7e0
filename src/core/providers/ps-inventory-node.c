/* ps-inventory-node.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Children are kept in insertion order; a path index (a hash table) is
 * made only for a node with many children, the first time a child is
 * looked for, so that building a tree of 100,000 nodes (merging entries
 * that name the same observatory or instrument) and looking a product up
 * stay linear without a hash table per node.
 *
 * A tree read from the inventory store is lazy: its nodes point into the
 * mapped file (no string is copied), and a node's children are made the
 * first time they are asked for, so that the next launch shows the top of
 * a 100,000-node tree without making 100,000 objects. A string that is
 * set replaces the file's for that node only ("owned" says which strings
 * are ours to free). Looking a path up in a part of the tree nobody has
 * opened yet reads the table without making nodes, then makes only the
 * nodes down to the one found.
 *
 * Like any GObject without locks, a tree is used from one thread at a
 * time (reading a lazy node may make its children).
 */

#define G_LOG_DOMAIN "ps-inventory"

#include "config.h"

#include <string.h>

#include "ps-inventory-node-private.h"

/* A path index is made for this many children or more */
#define INDEX_FROM 9

enum
{
  OWN_PATH = 1 << 0,
  OWN_NAME = 1 << 1,
  OWN_DESCRIPTION = 1 << 2,
  OWN_UNITS = 1 << 3,
};

struct _PsInventoryNode
{
  GObject           parent_instance;

  guint8            kind;
  guint8            display_kind;
  guint8            owned;              /* OWN_*: the strings to free */
  guint             expandable : 1;
  guint             children_in_table : 1; /* not made yet */
  guint             keys_in_table : 1;     /* read from the table until one is set */
  const char       *path;
  const char       *name;               /* NULL: the last part of the path */
  const char       *description;
  const char       *units;
  PsTimeRange       coverage;
  PsTime            cadence;
  GPtrArray        *keys;               /* key, value, key, value…; NULL until one is set */

  PsInventoryNode  *parent;             /* weak */
  GPtrArray        *children;           /* NULL until there is one */
  GHashTable       *by_path;            /* path → child, for many children */

  PsInventoryTable *table;              /* the saved tree it comes from, or NULL */
  guint32           index;              /* its record in @table */
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
    }
  g_clear_pointer (&self->by_path, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  if (self->owned & OWN_PATH)
    g_free ((char *) self->path);
  if (self->owned & OWN_NAME)
    g_free ((char *) self->name);
  if (self->owned & OWN_DESCRIPTION)
    g_free ((char *) self->description);
  if (self->owned & OWN_UNITS)
    g_free ((char *) self->units);
  g_clear_pointer (&self->table, _ps_inventory_table_unref);

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

static const char *
base_name (const char *path)
{
  const char *slash = strrchr (path, '/');

  return slash != NULL ? slash + 1 : path;
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
  PsInventoryNode *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (PS_TYPE_INVENTORY_NODE, NULL);
  self->kind = kind;
  self->path = g_strdup (path);
  self->owned = OWN_PATH;
  /* Most names are the last part of the path: not kept twice. */
  if (name != NULL && !g_str_equal (name, base_name (path)))
    {
      self->name = g_strdup (name);
      self->owned |= OWN_NAME;
    }
  return self;
}

/* The node of record @index of @table; its children stay in the table. */
PsInventoryNode *
_ps_inventory_node_new_from_table (PsInventoryTable *table,
                                   guint32           index)
{
  PsInventoryNode *self = g_object_new (PS_TYPE_INVENTORY_NODE, NULL);
  PsInventoryRecord record;

  _ps_inventory_table_read (table, index, &record);
  self->kind = record.kind;
  self->display_kind = record.display_kind;
  self->expandable = record.expandable;
  self->path = record.path;
  self->name = record.name;
  self->description = record.description;
  self->units = record.units;
  self->coverage = record.coverage;
  self->cadence = record.cadence;
  self->children_in_table = record.n_children > 0;
  self->keys_in_table = record.n_keys > 0;
  self->table = _ps_inventory_table_ref (table);
  self->index = index;
  return self;
}

/* Makes the children still in the table. */
static void
ensure_children (PsInventoryNode *self)
{
  PsInventoryRecord record;
  guint32 child;

  if (!self->children_in_table)
    return;
  self->children_in_table = FALSE;
  _ps_inventory_table_read (self->table, self->index, &record);
  self->children = g_ptr_array_new_full (record.n_children, g_object_unref);
  child = self->index + 1;
  for (guint32 i = 0; i < record.n_children; i++)
    {
      PsInventoryNode *node = _ps_inventory_node_new_from_table (self->table, child);

      node->parent = self;
      g_ptr_array_add (self->children, node);
      child += _ps_inventory_table_subtree_size (self->table, child);
    }
}

static void
set_string (PsInventoryNode  *self,
            const char      **field,
            guint8            flag,
            const char       *value)
{
  char *copy = g_strdup (value);

  if (self->owned & flag)
    g_free ((char *) *field);
  *field = copy;
  self->owned |= flag;
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

  set_string (self, &self->description, OWN_DESCRIPTION, description);
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

  set_string (self, &self->units, OWN_UNITS, units);
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
 * ps_inventory_node_get_expandable:
 *
 * Returns: whether the node has children its provider has not listed
 *   yet, and lists on demand (a CDAWeb dataset's variables)
 */
gboolean
ps_inventory_node_get_expandable (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), FALSE);

  return self->expandable;
}

void
ps_inventory_node_set_expandable (PsInventoryNode *self,
                                  gboolean         expandable)
{
  g_return_if_fail (PS_IS_INVENTORY_NODE (self));

  self->expandable = !!expandable;
}

/* Calls @func for each key, in the order they were set. */
void
_ps_inventory_node_foreach_key (PsInventoryNode    *self,
                                PsInventoryKeyFunc  func,
                                gpointer            user_data)
{
  if (self->keys_in_table)
    {
      PsInventoryRecord record;

      _ps_inventory_table_read (self->table, self->index, &record);
      for (guint32 k = 0; k < record.n_keys; k++)
        {
          const char *key, *value;

          _ps_inventory_table_get_key (self->table, record.first_key + k, &key, &value);
          func (key, value, user_data);
        }
      return;
    }
  for (guint i = 0; self->keys != NULL && i < self->keys->len; i += 2)
    func (g_ptr_array_index (self->keys, i), g_ptr_array_index (self->keys, i + 1), user_data);
}

typedef struct
{
  const char *key;
  const char *value;
} KeySearch;

static void
match_key_cb (const char *key,
              const char *value,
              gpointer    user_data)
{
  KeySearch *search = user_data;

  if (search->value == NULL && g_str_equal (key, search->key))
    search->value = value;
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
  KeySearch search = { key, NULL };

  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  _ps_inventory_node_foreach_key (self, match_key_cb, &search);
  return search.value;
}

static void
copy_key_cb (const char *key,
             const char *value,
             gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (key));
  g_ptr_array_add (user_data, g_strdup (value));
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

  if (self->keys == NULL)
    {
      self->keys = g_ptr_array_new_with_free_func (g_free);
      _ps_inventory_node_foreach_key (self, copy_key_cb, self->keys);
      self->keys_in_table = FALSE;
    }
  for (guint i = 0; i < self->keys->len; i += 2)
    if (g_str_equal (g_ptr_array_index (self->keys, i), key))
      {
        if (value == NULL)
          g_ptr_array_remove_range (self->keys, i, 2);
        else
          {
            g_free (g_ptr_array_index (self->keys, i + 1));
            g_ptr_array_index (self->keys, i + 1) = g_strdup (value);
          }
        return;
      }
  if (value != NULL)
    {
      g_ptr_array_add (self->keys, g_strdup (key));
      g_ptr_array_add (self->keys, g_strdup (value));
    }
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
  g_return_if_fail (ps_inventory_node_find_child (self, child->path) == NULL);

  if (self->children == NULL)
    self->children = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->children, g_object_ref (child));
  if (self->by_path != NULL)
    g_hash_table_insert (self->by_path, (gpointer) child->path, child);
  child->parent = self;
}

guint
ps_inventory_node_get_n_children (PsInventoryNode *self)
{
  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), 0);

  if (self->children_in_table)
    {
      PsInventoryRecord record;

      _ps_inventory_table_read (self->table, self->index, &record);
      return record.n_children;
    }
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

  ensure_children (self);
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

  ensure_children (self);
  if (self->children == NULL)
    return NULL;
  if (self->by_path == NULL && self->children->len < INDEX_FROM)
    {
      for (guint i = 0; i < self->children->len; i++)
        {
          PsInventoryNode *child = g_ptr_array_index (self->children, i);

          if (g_str_equal (child->path, path))
            return child;
        }
      return NULL;
    }
  if (self->by_path == NULL)
    {
      self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < self->children->len; i++)
        {
          PsInventoryNode *child = g_ptr_array_index (self->children, i);

          g_hash_table_insert (self->by_path, (gpointer) child->path, child);
        }
    }
  return g_hash_table_lookup (self->by_path, path);
}

/* The record under @self (lazy) with @path, or @self->index when none */
static guint32
table_search (PsInventoryNode *self,
              const char      *path,
              gsize            length)
{
  guint32 end = self->index + _ps_inventory_table_subtree_size (self->table, self->index);

  for (guint32 i = self->index + 1; i < end; i++)
    if (_ps_inventory_table_has_path (self->table, i, path, length))
      return i;
  return self->index;
}

/* The node of record @target, under @self: makes the nodes on the way. */
static PsInventoryNode *
make_down_to (PsInventoryNode *self,
              guint32          target)
{
  PsInventoryNode *node = self;

  while (node->index != target)
    {
      PsInventoryNode *next = NULL;

      ensure_children (node);
      for (guint i = 0; next == NULL && i < node->children->len; i++)
        {
          PsInventoryNode *child = g_ptr_array_index (node->children, i);

          if (child->table == self->table && child->index <= target
              && target < child->index + _ps_inventory_table_subtree_size (child->table, child->index))
            next = child;
        }
      g_assert (next != NULL);
      node = next;
    }
  return node;
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
  gsize length;

  g_return_val_if_fail (PS_IS_INVENTORY_NODE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  length = strlen (path);
  stack = g_ptr_array_new ();
  g_ptr_array_add (stack, self);
  while (stack->len > 0)
    {
      PsInventoryNode *node = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      if (g_str_equal (node->path, path))
        return node;
      if (node->children_in_table)
        {
          guint32 found = table_search (node, path, length);

          if (found != node->index)
            return make_down_to (node, found);
          continue;
        }
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

  if (self->children_in_table)
    return _ps_inventory_table_subtree_size (self->table, self->index);
  for (guint i = 0; self->children != NULL && i < self->children->len; i++)
    n += ps_inventory_node_count (g_ptr_array_index (self->children, i));
  return n;
}
