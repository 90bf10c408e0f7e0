/* ps-inventory-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tree as one file, read in place (mapped) rather than parsed: a
 * header, then fixed-size node records in preorder, each with its number
 * of children and the size of its subtree (so a node's children are found
 * by hopping over their subtrees, and a subtree is one run of records),
 * then the keys, then the strings (each once: descriptions, units and
 * keys repeat a lot), as a table of ends and NUL-terminated UTF-8 bytes.
 * Little-endian integers, read with memcpy (no alignment assumed).
 *
 *   header   magic "PSINV\0\0\0", u32 version, u32 nodes, u32 keys,
 *            u32 strings, u32 string bytes, u32 stamp, i64 built_at (µs)
 *   node     u8 kind, u8 display kind, u8 flags, u8 0, u32 path, name,
 *            description, units (string numbers, 0: none), u32 children,
 *            u32 subtree size, u32 first key, u32 keys, u32 0,
 *            i64 coverage start, stop, cadence                 (64 bytes)
 *   key      u32 key, u32 value                                 (8 bytes)
 *   strings  u32 end of each string (string 0 is "", "none"), then bytes
 *
 * Loading checks the whole file once (sizes add up, records are in range,
 * every node but the root is the child of exactly one node, strings are
 * UTF-8): a damaged file is an error, never trusted. Then only the root
 * is made; the nodes point into the mapping and make their children when
 * asked (ps-inventory-node.c). Measured on 100,000 nodes in
 * bench/bench-inventory.c: the parse-everything format before this one
 * (version 1) took 116–177 ms to reload, three quarters of it in
 * allocations (one GObject, a hash table and four strings per node).
 */

#define G_LOG_DOMAIN "ps-inventory"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-inventory-node-private.h"
#include "ps-inventory-store.h"

#define STORE_MAGIC   "PSINV\0\0\0"
#define STORE_VERSION 2
#define HEADER_SIZE   40
#define NODE_SIZE     64
#define KEY_SIZE      8
#define FLAG_EXPANDABLE 1

struct _PsInventoryTable
{
  gatomicrefcount  ref;
  GBytes          *bytes;
  const guint8    *nodes;
  const guint8    *keys;
  const guint8    *ends;
  const char      *text;
  guint32          n_nodes;
  guint32          n_keys;
  guint32          n_strings;
};

static inline guint32
get_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

static inline gint64
get_i64 (const guint8 *p)
{
  gint64 v;

  memcpy (&v, p, 8);
  return GINT64_FROM_LE (v);
}

static inline void
set_u32 (guint8  *p,
         guint32  v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, 4);
}

static inline void
set_i64 (guint8 *p,
         gint64  v)
{
  v = GINT64_TO_LE (v);
  memcpy (p, &v, 8);
}

/* --- writing --------------------------------------------------------------- */

/* UTF-8 without NUL; most of it is ASCII, checked eight bytes at a time */
static gboolean
valid_text (const char *p,
            gsize       n)
{
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    {
      guint64 w;

      memcpy (&w, p + i, 8);
      if ((w & G_GUINT64_CONSTANT (0x8080808080808080)) != 0
          || ((w - G_GUINT64_CONSTANT (0x0101010101010101)) & ~w & G_GUINT64_CONSTANT (0x8080808080808080)) != 0)
        break;
    }
  return g_utf8_validate_len (p + i, n - i, NULL);
}


typedef struct
{
  GByteArray *nodes;
  GByteArray *keys;
  GByteArray *ends;
  GByteArray *text;
  GHashTable *strings;  /* text → number, for the strings that repeat */
  guint32     n_nodes;
  guint32     n_keys;
  guint32     n_strings;
} Writer;

/* The number of @s in the file (0 for NULL); @shared: kept once. Text
 * that is not UTF-8 (a provider's bytes, not checked) is made UTF-8, so
 * that what is saved loads. */
static guint32
add_string (Writer     *w,
            const char *s,
            gboolean    shared)
{
  g_autofree char *valid = NULL;
  gpointer found;
  guint32 number;
  guint8 end[4];
  gsize length;

  if (s == NULL)
    return 0;
  if (shared && g_hash_table_lookup_extended (w->strings, s, NULL, &found))
    return GPOINTER_TO_UINT (found);
  number = w->n_strings++;
  length = strlen (s);
  if (!valid_text (s, length))
    {
      valid = g_utf8_make_valid (s, length);
      length = strlen (valid);
    }
  g_byte_array_append (w->text, (const guint8 *) (valid != NULL ? valid : s), length + 1);
  set_u32 (end, w->text->len);
  g_byte_array_append (w->ends, end, 4);
  if (shared)
    g_hash_table_insert (w->strings, (gpointer) s, GUINT_TO_POINTER (number));
  return number;
}

static void
add_key_cb (const char *key,
            const char *value,
            gpointer    user_data)
{
  Writer *w = user_data;
  guint8 entry[KEY_SIZE];

  set_u32 (entry, add_string (w, key, TRUE));
  set_u32 (entry + 4, add_string (w, value, TRUE));
  g_byte_array_append (w->keys, entry, KEY_SIZE);
  w->n_keys++;
}

static void
add_node (Writer          *w,
          PsInventoryNode *node)
{
  const PsTimeRange *coverage = ps_inventory_node_get_coverage (node);
  const char *path = ps_inventory_node_get_path (node);
  const char *name = ps_inventory_node_get_name (node);
  const char *slash = strrchr (path, '/');
  guint n = ps_inventory_node_get_n_children (node);
  guint32 index = w->n_nodes++;
  guint32 first_key = w->n_keys;
  guint8 *r;

  /* Most names are the last part of their path: not stored. */
  if (g_str_equal (name, slash != NULL ? slash + 1 : path))
    name = NULL;
  g_byte_array_set_size (w->nodes, w->nodes->len + NODE_SIZE);
  r = w->nodes->data + (gsize) index * NODE_SIZE;
  memset (r, 0, NODE_SIZE);
  r[0] = (guint8) ps_inventory_node_get_kind (node);
  r[1] = (guint8) ps_inventory_node_get_display_kind (node);
  r[2] = ps_inventory_node_get_expandable (node) ? FLAG_EXPANDABLE : 0;
  set_u32 (r + 4, add_string (w, path, FALSE));
  set_u32 (r + 8, add_string (w, name, TRUE));
  set_u32 (r + 12, add_string (w, ps_inventory_node_get_description (node), TRUE));
  set_u32 (r + 16, add_string (w, ps_inventory_node_get_units (node), TRUE));
  set_u32 (r + 20, n);
  _ps_inventory_node_foreach_key (node, add_key_cb, w);
  r = w->nodes->data + (gsize) index * NODE_SIZE;
  set_u32 (r + 28, first_key);
  set_u32 (r + 32, w->n_keys - first_key);
  set_i64 (r + 40, coverage->start);
  set_i64 (r + 48, coverage->stop);
  set_i64 (r + 56, ps_inventory_node_get_cadence (node));
  for (guint i = 0; i < n; i++)
    add_node (w, ps_inventory_node_get_child (node, i));
  /* The array may have grown: find the record again. */
  set_u32 (w->nodes->data + (gsize) index * NODE_SIZE + 24, w->n_nodes - index);
}

/**
 * ps_inventory_store_serialize_full:
 * @stamp: (nullable): what the tree was built from, read back by
 *   ps_inventory_store_deserialize_full()
 * @built_at: when it was built, in µs since 1970 (g_get_real_time()), or 0
 *
 * Returns: (transfer full): the tree under @root as bytes
 */
GBytes *
ps_inventory_store_serialize_full (PsInventoryNode *root,
                                   const char      *stamp,
                                   gint64           built_at)
{
  Writer w = { 0 };
  GByteArray *out;
  guint8 header[HEADER_SIZE] = { 0 };
  guint32 stamp_number;

  g_return_val_if_fail (PS_IS_INVENTORY_NODE (root), NULL);

  w.nodes = g_byte_array_new ();
  w.keys = g_byte_array_new ();
  w.ends = g_byte_array_new ();
  w.text = g_byte_array_new ();
  w.strings = g_hash_table_new (g_str_hash, g_str_equal);
  add_string (&w, "", FALSE); /* string 0: none */
  stamp_number = add_string (&w, stamp, FALSE);
  add_node (&w, root);

  memcpy (header, STORE_MAGIC, 8);
  set_u32 (header + 8, STORE_VERSION);
  set_u32 (header + 12, w.n_nodes);
  set_u32 (header + 16, w.n_keys);
  set_u32 (header + 20, w.n_strings);
  set_u32 (header + 24, w.text->len);
  set_u32 (header + 28, stamp_number);
  set_i64 (header + 32, built_at);
  out = g_byte_array_sized_new (HEADER_SIZE + w.nodes->len + w.keys->len + w.ends->len + w.text->len);
  g_byte_array_append (out, header, HEADER_SIZE);
  g_byte_array_append (out, w.nodes->data, w.nodes->len);
  g_byte_array_append (out, w.keys->data, w.keys->len);
  g_byte_array_append (out, w.ends->data, w.ends->len);
  g_byte_array_append (out, w.text->data, w.text->len);
  g_byte_array_unref (w.nodes);
  g_byte_array_unref (w.keys);
  g_byte_array_unref (w.ends);
  g_byte_array_unref (w.text);
  g_hash_table_unref (w.strings);
  return g_byte_array_free_to_bytes (out);
}

/**
 * ps_inventory_store_serialize:
 *
 * Returns: (transfer full): the tree under @root as bytes, without stamp
 */
GBytes *
ps_inventory_store_serialize (PsInventoryNode *root)
{
  return ps_inventory_store_serialize_full (root, NULL, 0);
}

/* --- reading --------------------------------------------------------------- */

PsInventoryTable *
_ps_inventory_table_ref (PsInventoryTable *table)
{
  g_atomic_ref_count_inc (&table->ref);
  return table;
}

void
_ps_inventory_table_unref (PsInventoryTable *table)
{
  if (g_atomic_ref_count_dec (&table->ref))
    {
      g_bytes_unref (table->bytes);
      g_free (table);
    }
}

static inline guint32
string_start (PsInventoryTable *table,
              guint32           number)
{
  return number == 0 ? 0 : get_u32 (table->ends + 4 * ((gsize) number - 1));
}

/* String @number, NULL for 0 (checked by table_new()) */
static inline const char *
string_at (PsInventoryTable *table,
           guint32           number)
{
  return number == 0 ? NULL : table->text + string_start (table, number);
}

void
_ps_inventory_table_read (PsInventoryTable  *table,
                          guint32            index,
                          PsInventoryRecord *out)
{
  const guint8 *r = table->nodes + (gsize) index * NODE_SIZE;
  PsTime start = get_i64 (r + 40), stop = get_i64 (r + 48);

  out->kind = r[0];
  out->display_kind = r[1];
  out->expandable = (r[2] & FLAG_EXPANDABLE) != 0;
  out->path = string_at (table, get_u32 (r + 4));
  out->name = string_at (table, get_u32 (r + 8));
  out->description = string_at (table, get_u32 (r + 12));
  out->units = string_at (table, get_u32 (r + 16));
  out->n_children = get_u32 (r + 20);
  out->subtree_size = get_u32 (r + 24);
  out->first_key = get_u32 (r + 28);
  out->n_keys = get_u32 (r + 32);
  out->coverage = stop >= start ? ps_time_range_make (start, stop) : ps_time_range_make (0, 0);
  out->cadence = get_i64 (r + 56);
}

guint32
_ps_inventory_table_subtree_size (PsInventoryTable *table,
                                  guint32           index)
{
  return get_u32 (table->nodes + (gsize) index * NODE_SIZE + 24);
}

/* Whether record @index has @path (of @length bytes), without making it */
gboolean
_ps_inventory_table_has_path (PsInventoryTable *table,
                              guint32           index,
                              const char       *path,
                              gsize             length)
{
  guint32 number = get_u32 (table->nodes + (gsize) index * NODE_SIZE + 4);
  guint32 start = string_start (table, number);
  guint32 end = get_u32 (table->ends + 4 * (gsize) number);

  return end - start - 1 == length && memcmp (table->text + start, path, length) == 0;
}

void
_ps_inventory_table_get_key (PsInventoryTable  *table,
                             guint32            key_index,
                             const char       **key,
                             const char       **value)
{
  const guint8 *k = table->keys + (gsize) key_index * KEY_SIZE;

  *key = string_at (table, get_u32 (k));
  *value = string_at (table, get_u32 (k + 4));
}

static gpointer
invalid (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The saved inventory is damaged"));
  return NULL;
}

static gboolean
check_strings (PsInventoryTable *table,
               guint32           text_size)
{
  guint32 start = 0;

  for (guint32 i = 0; i < table->n_strings; i++)
    {
      guint32 end = get_u32 (table->ends + 4 * (gsize) i);

      if (end <= start || end > text_size || table->text[end - 1] != '\0'
          || !valid_text (table->text + start, end - start - 1))
        return FALSE;
      start = end;
    }
  /* String 0 is "", and the strings fill the text */
  return get_u32 (table->ends) == 1 && start == text_size;
}

typedef struct
{
  guint32 end;       /* one past its last descendant */
  guint32 left;      /* children not met yet */
} Open;

/* Every node but the root is the child of exactly one node: walking the
 * records in order, each lies within the subtree of the innermost node
 * still open, and that node had a child left to meet. */
static gboolean
check_nodes (PsInventoryTable *table)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Open));
  guint32 keys = 0;

  for (guint32 i = 0; i < table->n_nodes; i++)
    {
      const guint8 *r = table->nodes + (gsize) i * NODE_SIZE;
      guint32 n_children = get_u32 (r + 20);
      guint32 size = get_u32 (r + 24);
      guint32 first_key = get_u32 (r + 28);
      guint32 n_keys = get_u32 (r + 32);

      if (r[0] > PS_INVENTORY_COMPONENT || r[1] > PS_DISPLAY_SPECTROGRAM || r[2] > FLAG_EXPANDABLE
          || r[3] != 0 || get_u32 (r + 36) != 0 || get_i64 (r + 56) < 0)
        return FALSE;
      if (get_u32 (r + 4) == 0)
        return FALSE;
      for (guint s = 4; s <= 16; s += 4)
        if (get_u32 (r + s) >= table->n_strings)
          return FALSE;
      if (first_key != keys || n_keys > table->n_keys - keys)
        return FALSE;
      keys += n_keys;
      if (size == 0 || (size == 1) != (n_children == 0) || n_children >= size)
        return FALSE;

      while (stack->len > 0 && g_array_index (stack, Open, stack->len - 1).end == i)
        {
          if (g_array_index (stack, Open, stack->len - 1).left != 0)
            return FALSE;
          g_array_set_size (stack, stack->len - 1);
        }
      if (i == 0)
        {
          if (size != table->n_nodes)
            return FALSE;
        }
      else
        {
          Open *parent;

          if (stack->len == 0)
            return FALSE;
          parent = &g_array_index (stack, Open, stack->len - 1);
          if (parent->left == 0 || size > parent->end - i)
            return FALSE;
          parent->left--;
        }
      if (n_children > 0)
        {
          Open open = { i + size, n_children };

          g_array_append_val (stack, open);
        }
    }
  for (guint i = 0; i < stack->len; i++)
    if (g_array_index (stack, Open, i).left != 0)
      return FALSE;
  if (keys != table->n_keys)
    return FALSE;
  for (guint32 k = 0; k < table->n_keys; k++)
    {
      guint32 key = get_u32 (table->keys + (gsize) k * KEY_SIZE);
      guint32 value = get_u32 (table->keys + (gsize) k * KEY_SIZE + 4);

      if (key == 0 || key >= table->n_strings || value == 0 || value >= table->n_strings)
        return FALSE;
    }
  return TRUE;
}

/* The checked table of @bytes, or NULL with @error set */
static PsInventoryTable *
table_new (GBytes   *bytes,
           char    **stamp,
           gint64   *built_at,
           GError  **error)
{
  PsInventoryTable *table;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint32 version, text_size, stamp_number;
  guint64 expected;

  if (size < 12 || memcmp (data, STORE_MAGIC, 8) != 0)
    return invalid (error);
  version = get_u32 (data + 8);
  if (version != STORE_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The saved inventory has version %u, not %u"), version, STORE_VERSION);
      return NULL;
    }
  if (size < HEADER_SIZE)
    return invalid (error);

  table = g_new0 (PsInventoryTable, 1);
  g_atomic_ref_count_init (&table->ref);
  table->bytes = g_bytes_ref (bytes);
  table->n_nodes = get_u32 (data + 12);
  table->n_keys = get_u32 (data + 16);
  table->n_strings = get_u32 (data + 20);
  text_size = get_u32 (data + 24);
  stamp_number = get_u32 (data + 28);
  expected = HEADER_SIZE + (guint64) table->n_nodes * NODE_SIZE + (guint64) table->n_keys * KEY_SIZE
             + (guint64) table->n_strings * 4 + text_size;
  if (table->n_nodes == 0 || table->n_strings == 0 || expected != size || stamp_number >= table->n_strings)
    goto damaged;
  table->nodes = data + HEADER_SIZE;
  table->keys = table->nodes + (gsize) table->n_nodes * NODE_SIZE;
  table->ends = table->keys + (gsize) table->n_keys * KEY_SIZE;
  table->text = (const char *) table->ends + (gsize) table->n_strings * 4;
  if (!check_strings (table, text_size) || !check_nodes (table))
    goto damaged;
  if (stamp != NULL)
    *stamp = g_strdup (string_at (table, stamp_number));
  if (built_at != NULL)
    *built_at = get_i64 (data + 32);
  return table;

damaged:
  _ps_inventory_table_unref (table);
  return invalid (error);
}

/**
 * ps_inventory_store_deserialize_full:
 * @bytes: a saved tree; the tree keeps a reference to it
 * @stamp: (out) (optional) (nullable): the stamp it was saved with
 * @built_at: (out) (optional): when it was built (µs since 1970), or 0
 *
 * Checks the whole of @bytes, then makes the root only: the other nodes
 * are made as they are asked for.
 *
 * Returns: (transfer full): the tree, or %NULL with @error set when the
 *   bytes are not a saved inventory of this version
 */
PsInventoryNode *
ps_inventory_store_deserialize_full (GBytes  *bytes,
                                     char   **stamp,
                                     gint64  *built_at,
                                     GError **error)
{
  PsInventoryTable *table;
  PsInventoryNode *root;

  g_return_val_if_fail (bytes != NULL, NULL);

  table = table_new (bytes, stamp, built_at, error);
  if (table == NULL)
    return NULL;
  root = _ps_inventory_node_new_from_table (table, 0);
  _ps_inventory_table_unref (table);
  return root;
}

/**
 * ps_inventory_store_deserialize:
 *
 * Returns: (transfer full): the tree, or %NULL with @error set when the
 *   bytes are not a saved inventory of this version
 */
PsInventoryNode *
ps_inventory_store_deserialize (GBytes  *bytes,
                                GError **error)
{
  return ps_inventory_store_deserialize_full (bytes, NULL, NULL, error);
}

/**
 * ps_inventory_store_save_full:
 *
 * Writes the tree atomically: a temporary file, flushed, renamed over
 * @path (g_file_set_contents_full()), so that a reader (another process
 * too) sees the old file or the new one, never a part.
 */
gboolean
ps_inventory_store_save_full (PsInventoryNode  *root,
                              const char       *path,
                              const char       *stamp,
                              gint64            built_at,
                              GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (PS_IS_INVENTORY_NODE (root), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = ps_inventory_store_serialize_full (root, stamp, built_at);
  return g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

/**
 * ps_inventory_store_save:
 *
 * Writes the tree atomically (see ps_inventory_store_save_full()).
 */
gboolean
ps_inventory_store_save (PsInventoryNode  *root,
                         const char       *path,
                         GError          **error)
{
  return ps_inventory_store_save_full (root, path, NULL, 0, error);
}

/**
 * ps_inventory_store_load_full:
 * @stamp: (out) (optional) (nullable): the stamp it was saved with
 * @built_at: (out) (optional): when it was built (µs since 1970), or 0
 *
 * Maps @path and checks it; the tree keeps the mapping (a file replaced
 * on disk meanwhile does not change it).
 *
 * Returns: (transfer full): the tree saved in @path, or %NULL with @error
 */
PsInventoryNode *
ps_inventory_store_load_full (const char  *path,
                              char       **stamp,
                              gint64      *built_at,
                              GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (file);
  return ps_inventory_store_deserialize_full (bytes, stamp, built_at, error);
}

/**
 * ps_inventory_store_load:
 *
 * Returns: (transfer full): the tree saved in @path, or %NULL with @error
 */
PsInventoryNode *
ps_inventory_store_load (const char  *path,
                         GError     **error)
{
  return ps_inventory_store_load_full (path, NULL, NULL, error);
}
