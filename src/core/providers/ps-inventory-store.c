/* ps-inventory-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tree as one file: a magic, a version and a node count, then the
 * nodes in preorder, each with its number of children, so that loading is
 * one pass with a stack. Little-endian integers; strings as a 32-bit
 * length and UTF-8 bytes. Every read is bounded by the file's length and
 * the structure is checked (child counts must add up, strings must be
 * UTF-8): a damaged file is an error, never trusted. (GVariant did this
 * too, but GLib 2.74 checks untrusted arrays of variable-size items in
 * quadratic time: 8 s for 100,000 nodes.)
 */

#define G_LOG_DOMAIN "ps-inventory"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-inventory-node-private.h"
#include "ps-inventory-store.h"

#define STORE_MAGIC   "PSINV\0\0\0"
#define STORE_VERSION 1
#define MAX_KEYS      64

static const char * const stored_keys[] = {
  "pi_name", "pi_affiliation", "notes", "doi", "instrument", "dataset", "parameter", "server",
};

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

static void
put_i64 (GByteArray *out,
         gint64      v)
{
  gint64 le = GINT64_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 8);
}

static void
put_string (GByteArray *out,
            const char *s)
{
  gsize n = s != NULL ? strlen (s) : 0;

  put_u32 (out, (guint32) n);
  g_byte_array_append (out, (const guint8 *) (s != NULL ? s : ""), (guint) n);
}

static void
put_node (GByteArray      *out,
          PsInventoryNode *node,
          guint32         *count)
{
  const PsTimeRange *coverage = ps_inventory_node_get_coverage (node);
  guint n = ps_inventory_node_get_n_children (node);
  guint32 n_keys = 0;

  (*count)++;
  put_u32 (out, (guint32) ps_inventory_node_get_kind (node));
  put_u32 (out, (guint32) ps_inventory_node_get_display_kind (node));
  put_u32 (out, (guint32) n);
  put_i64 (out, coverage->start);
  put_i64 (out, coverage->stop);
  put_i64 (out, ps_inventory_node_get_cadence (node));
  put_string (out, ps_inventory_node_get_path (node));
  put_string (out, ps_inventory_node_get_name (node));
  put_string (out, ps_inventory_node_get_description (node));
  put_string (out, ps_inventory_node_get_units (node));
  for (guint i = 0; i < G_N_ELEMENTS (stored_keys); i++)
    n_keys += ps_inventory_node_get_key (node, stored_keys[i]) != NULL;
  put_u32 (out, n_keys);
  for (guint i = 0; i < G_N_ELEMENTS (stored_keys); i++)
    {
      const char *value = ps_inventory_node_get_key (node, stored_keys[i]);

      if (value != NULL)
        {
          put_string (out, stored_keys[i]);
          put_string (out, value);
        }
    }
  for (guint i = 0; i < n; i++)
    put_node (out, ps_inventory_node_get_child (node, i), count);
}

/**
 * ps_inventory_store_serialize:
 *
 * Returns: (transfer full): the tree under @root as bytes
 */
GBytes *
ps_inventory_store_serialize (PsInventoryNode *root)
{
  GByteArray *out;
  guint32 count = 0;
  guint32 le;

  g_return_val_if_fail (PS_IS_INVENTORY_NODE (root), NULL);

  out = g_byte_array_new ();
  g_byte_array_append (out, (const guint8 *) STORE_MAGIC, 8);
  put_u32 (out, STORE_VERSION);
  put_u32 (out, 0); /* the count, below */
  put_node (out, root, &count);
  le = GUINT32_TO_LE (count);
  memcpy (out->data + 12, &le, 4);
  return g_byte_array_free_to_bytes (out);
}

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  gboolean      ok;
} Reader;

static guint32
get_u32 (Reader *r)
{
  guint32 v;

  if (!r->ok || r->end - r->p < 4)
    {
      r->ok = FALSE;
      return 0;
    }
  memcpy (&v, r->p, 4);
  r->p += 4;
  return GUINT32_FROM_LE (v);
}

static gint64
get_i64 (Reader *r)
{
  gint64 v;

  if (!r->ok || r->end - r->p < 8)
    {
      r->ok = FALSE;
      return 0;
    }
  memcpy (&v, r->p, 8);
  r->p += 8;
  return GINT64_FROM_LE (v);
}

/* A string of the file, as a new nul-terminated copy, NULL when empty;
 * NULL and !ok when damaged. */
static char *
get_string (Reader *r)
{
  guint32 n = get_u32 (r);
  char *s;

  if (!r->ok || (gsize) (r->end - r->p) < n || !g_utf8_validate ((const char *) r->p, n, NULL))
    {
      r->ok = FALSE;
      return NULL;
    }
  if (n == 0)
    return NULL;
  s = g_strndup ((const char *) r->p, n);
  r->p += n;
  return s;
}

typedef struct
{
  PsInventoryNode *node;
  guint32          left;   /* children still to read */
} Open;

static gpointer
invalid (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The saved inventory is damaged"));
  return NULL;
}

/* One node, its fields checked; NULL when damaged. */
static PsInventoryNode *
read_node (Reader  *r,
           guint32 *n_children)
{
  guint32 kind = get_u32 (r);
  guint32 display = get_u32 (r);
  gint64 start, stop, cadence;
  g_autofree char *path = NULL, *name = NULL, *description = NULL, *units = NULL;
  g_autoptr(PsInventoryNode) node = NULL;
  PsTimeRange coverage;
  guint32 n_keys;

  *n_children = get_u32 (r);
  start = get_i64 (r);
  stop = get_i64 (r);
  cadence = get_i64 (r);
  path = get_string (r);
  name = get_string (r);
  description = get_string (r);
  units = get_string (r);
  n_keys = get_u32 (r);
  if (!r->ok || kind > PS_INVENTORY_COMPONENT || display > PS_DISPLAY_SPECTROGRAM
      || cadence < 0 || path == NULL || name == NULL || n_keys > MAX_KEYS)
    return NULL;

  node = _ps_inventory_node_new_take ((PsInventoryKind) kind, g_steal_pointer (&path),
                                      g_steal_pointer (&name), g_steal_pointer (&description),
                                      g_steal_pointer (&units));
  ps_inventory_node_set_display_kind (node, (PsDisplayKind) display);
  coverage = stop >= start ? ps_time_range_make (start, stop) : ps_time_range_make (0, 0);
  ps_inventory_node_set_coverage (node, &coverage);
  ps_inventory_node_set_cadence (node, cadence);
  for (guint32 k = 0; k < n_keys; k++)
    {
      g_autofree char *key = get_string (r);
      g_autofree char *value = get_string (r);

      if (!r->ok || key == NULL)
        return NULL;
      ps_inventory_node_set_key (node, key, value);
    }
  return g_steal_pointer (&node);
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
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Open));
  g_autoptr(PsInventoryNode) root = NULL;
  gsize size = 0;
  const guint8 *data;
  Reader r;
  guint32 version, count;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size < 16 || memcmp (data, STORE_MAGIC, 8) != 0)
    return invalid (error);
  r = (Reader) { data + 8, data + size, TRUE };
  version = get_u32 (&r);
  count = get_u32 (&r);
  if (version != STORE_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The saved inventory has version %u, not %u"), version, STORE_VERSION);
      return NULL;
    }
  /* Each node takes at least 58 bytes: a count beyond that is a lie. */
  if (count == 0 || count > size / 58)
    return invalid (error);

  for (guint32 i = 0; i < count; i++)
    {
      guint32 n_children = 0;
      g_autoptr(PsInventoryNode) node = read_node (&r, &n_children);

      if (node == NULL || (i == 0) != (stack->len == 0) || n_children > count - i - 1)
        return invalid (error);
      if (i == 0)
        root = g_object_ref (node);
      else
        {
          Open *top = &g_array_index (stack, Open, stack->len - 1);

          if (ps_inventory_node_find_child (top->node, ps_inventory_node_get_path (node)) != NULL)
            return invalid (error);
          ps_inventory_node_add_child (top->node, node);
          top->left--;
        }
      if (n_children > 0)
        {
          Open open = { node, n_children };

          g_array_append_val (stack, open);
        }
      while (stack->len > 0 && g_array_index (stack, Open, stack->len - 1).left == 0)
        g_array_set_size (stack, stack->len - 1);
    }
  if (root == NULL || stack->len > 0 || r.p != r.end)
    return invalid (error);
  return g_steal_pointer (&root);
}

/**
 * ps_inventory_store_save:
 *
 * Writes the tree atomically (a temporary file renamed over @path).
 */
gboolean
ps_inventory_store_save (PsInventoryNode  *root,
                         const char       *path,
                         GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (PS_IS_INVENTORY_NODE (root), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = ps_inventory_store_serialize (root);
  return g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
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
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (file);
  return ps_inventory_store_deserialize (bytes, error);
}
