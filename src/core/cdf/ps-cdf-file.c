/* ps-cdf-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening a CDF: magic numbers, CDR, GDR, whole-file decompression, and the
 * metadata accessors.  The file is memory-mapped; variable index trees are
 * only walked when a variable is first read.
 */
#include "config.h"

#define G_LOG_DOMAIN "ps-cdf"

#include <string.h>

#include "ps-cdf-private.h"

#define MAGIC_V3        0xCDF30001u
#define MAGIC_V26       0xCDF26002u
#define MAGIC_V2        0x0000FFFFu
#define MAGIC_COMPRESSED 0xCCCC0001u

G_DEFINE_QUARK (ps-cdf-error-quark, ps_cdf_error)

static const struct
{
  guint          code;
  const char    *name;
  gboolean       little_endian;
  PsCdfFloatKind floats;
} encodings[] = {
  { 1, "NETWORK", FALSE, PS_CDF_FLOAT_IEEE },
  { 2, "SUN", FALSE, PS_CDF_FLOAT_IEEE },
  { 3, "VAX", TRUE, PS_CDF_FLOAT_VAX_D },
  { 4, "DECSTATION", TRUE, PS_CDF_FLOAT_IEEE },
  { 5, "SGi", FALSE, PS_CDF_FLOAT_IEEE },
  { 6, "IBMPC", TRUE, PS_CDF_FLOAT_IEEE },
  { 7, "IBMRS", FALSE, PS_CDF_FLOAT_IEEE },
  { 9, "PPC", FALSE, PS_CDF_FLOAT_IEEE },
  { 11, "HP", FALSE, PS_CDF_FLOAT_IEEE },
  { 12, "NeXT", FALSE, PS_CDF_FLOAT_IEEE },
  { 13, "ALPHAOSF1", TRUE, PS_CDF_FLOAT_IEEE },
  { 14, "ALPHAVMSd", TRUE, PS_CDF_FLOAT_VAX_D },
  { 15, "ALPHAVMSg", TRUE, PS_CDF_FLOAT_VAX_G },
  { 16, "ALPHAVMSi", TRUE, PS_CDF_FLOAT_IEEE },
  { 17, "ARM_LITTLE", TRUE, PS_CDF_FLOAT_IEEE },
  { 18, "ARM_BIG", FALSE, PS_CDF_FLOAT_IEEE },
  { 19, "IA64VMSi", TRUE, PS_CDF_FLOAT_IEEE },
  { 20, "IA64VMSd", TRUE, PS_CDF_FLOAT_VAX_D },
  { 21, "IA64VMSg", TRUE, PS_CDF_FLOAT_VAX_G },
};

const char *
ps_cdf_encoding_name (guint encoding)
{
  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (encodings[i].code == encoding)
      return encodings[i].name;
  return "UNKNOWN";
}

const char *
ps_cdf_compression_name (PsCdfCompression compression)
{
  switch (compression)
    {
    case PS_CDF_COMPRESSION_NONE: return "none";
    case PS_CDF_COMPRESSION_RLE: return "rle";
    case PS_CDF_COMPRESSION_HUFFMAN: return "huffman";
    case PS_CDF_COMPRESSION_AHUFFMAN: return "ahuffman";
    case PS_CDF_COMPRESSION_GZIP: return "gzip";
    default: return "unknown";
    }
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

PsCdfFile *
ps_cdf_file_ref (PsCdfFile *file)
{
  g_return_val_if_fail (file != NULL, NULL);

  g_atomic_ref_count_inc (&file->ref_count);
  return file;
}

void
ps_cdf_file_unref (PsCdfFile *file)
{
  g_return_if_fail (file != NULL);

  if (!g_atomic_ref_count_dec (&file->ref_count))
    return;
  g_clear_pointer (&file->variables, g_ptr_array_unref);
  g_clear_pointer (&file->attributes, g_ptr_array_unref);
  g_clear_error (&file->attributes_error);
  g_clear_pointer (&file->var_by_name, g_hash_table_unref);
  g_clear_pointer (&file->bytes, g_bytes_unref);
  g_clear_pointer (&file->raw, g_bytes_unref);
  g_slist_free_full (file->arena_blocks, g_free);
  g_mutex_clear (&file->lock);
  g_free (file);
}

#define ARENA_BLOCK_SIZE ((gsize) 64 << 10)
#define ARENA_ALIGN      ((gsize) 16)

/* 16-byte aligned memory freed with the file. Only called while reading
 * the attributes, which happens once per file (ensure_attributes). */
gpointer
ps_cdf_file_arena_alloc (PsCdfFile *file,
                         gsize      size)
{
  gsize rounded = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
  gpointer p;

  if (rounded < size)
    g_error ("%s: %" G_GSIZE_FORMAT " bytes overflow", G_STRLOC, size);

  if (rounded > file->arena_left)
    {
      /* Big pieces get a block of their own; the current block stays. */
      if (rounded > ARENA_BLOCK_SIZE / 4)
        {
          p = g_malloc (rounded);
          file->arena_blocks = g_slist_prepend (file->arena_blocks, p);
          return p;
        }
      file->arena_pos = g_malloc (ARENA_BLOCK_SIZE);
      file->arena_left = ARENA_BLOCK_SIZE;
      file->arena_blocks = g_slist_prepend (file->arena_blocks, file->arena_pos);
    }

  p = file->arena_pos;
  file->arena_pos += rounded;
  file->arena_left -= rounded;
  return p;
}

/* Whole-file compression: a CCR right after the magic numbers holds the
 * rest of the file compressed; offsets inside refer to the uncompressed
 * file, so we rebuild it with an uncompressed magic. */
static gboolean
inflate_file (PsCdfFile *file,
              GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  PsCdfCursor cur;
  guint64 cpr, usize;
  PsCdfCompression type;
  guint level;
  guint8 *buf;

  if (!ps_cdf_record_open (file, 8, PS_CDF_REC_CCR, &cur, error))
    return FALSE;
  cpr = ps_cdf_cursor_off (&cur);
  usize = ps_cdf_cursor_off (&cur);
  ps_cdf_cursor_u32 (&cur);
  if (!cur.ok)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT, "Compressed CDF header is truncated");
      return FALSE;
    }
  if (!ps_cdf_read_cpr (file, cpr, &type, &level, error))
    return FALSE;
  if (usize > PS_CDF_MAX_INFLATED_BYTES || usize > G_MAXSIZE - 8 || usize < 8)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                   "Compressed CDF declares %" G_GUINT64_FORMAT " uncompressed bytes", usize);
      return FALSE;
    }
  /* A few bytes declaring gigabytes must not cost gigabytes of memory. */
  if (!ps_cdf_check_expansion (type, cur.end - cur.pos, usize, error))
    return FALSE;
  buf = g_try_malloc (usize + 8);
  if (buf == NULL)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                   "Not enough memory to decompress %" G_GUINT64_FORMAT " bytes", usize);
      return FALSE;
    }
  memcpy (buf, file->base, 4);
  memcpy (buf + 4, "\0\0\xff\xff", 4);
  if (!ps_cdf_decompress (type, file->base + cur.pos, cur.end - cur.pos, buf + 8, usize, &local_error))
    {
      g_free (buf);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Whole-file compression: ");
      return FALSE;
    }
  file->raw = file->bytes;
  file->bytes = g_bytes_new_take (buf, usize + 8);
  file->base = buf;
  file->size = usize + 8;
  file->compression = type;
  return TRUE;
}

static gboolean
read_headers (PsCdfFile *file,
              GError   **error)
{
  PsCdfCursor cur;
  guint64 rvdr, zvdr, adr;
  guint32 n_r, n_attr, r_n_dims, n_z, leap;
  guint32 r_dims[PS_CDF_MAX_DIMS] = { 0 };
  gboolean found = FALSE;

  if (!ps_cdf_record_open (file, 8, PS_CDF_REC_CDR, &cur, error))
    return FALSE;
  file->gdr_offset = ps_cdf_cursor_off (&cur);
  file->version = ps_cdf_cursor_u32 (&cur);
  file->release = ps_cdf_cursor_u32 (&cur);
  file->encoding = ps_cdf_cursor_u32 (&cur);
  file->flags = ps_cdf_cursor_u32 (&cur);
  ps_cdf_cursor_skip (&cur, 8);
  file->increment = ps_cdf_cursor_u32 (&cur);
  if (!cur.ok)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT, "CDF descriptor record is truncated");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (encodings[i].code == file->encoding)
      {
        file->swap = encodings[i].little_endian != (G_BYTE_ORDER == G_LITTLE_ENDIAN);
        file->float_kind = encodings[i].floats;
        found = TRUE;
      }
  if (!found)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_UNSUPPORTED,
                   "Unknown data encoding %u", file->encoding);
      return FALSE;
    }
  if ((file->flags & 2) == 0)
    {
      g_set_error_literal (error, PS_CDF_ERROR, PS_CDF_ERROR_UNSUPPORTED,
                           "Multi-file CDFs (one .vN file per variable) are not supported");
      return FALSE;
    }

  if (!ps_cdf_record_open (file, file->gdr_offset, PS_CDF_REC_GDR, &cur, error))
    return FALSE;
  rvdr = ps_cdf_cursor_off (&cur);
  zvdr = ps_cdf_cursor_off (&cur);
  adr = ps_cdf_cursor_off (&cur);
  ps_cdf_cursor_off (&cur);                 /* eof */
  n_r = ps_cdf_cursor_u32 (&cur);
  n_attr = ps_cdf_cursor_u32 (&cur);
  ps_cdf_cursor_u32 (&cur);                 /* rMaxRec */
  r_n_dims = ps_cdf_cursor_u32 (&cur);
  n_z = ps_cdf_cursor_u32 (&cur);
  ps_cdf_cursor_off (&cur);                 /* UIRhead */
  ps_cdf_cursor_u32 (&cur);                 /* rfuC */
  leap = ps_cdf_cursor_u32 (&cur);          /* rfuD before v3 */
  ps_cdf_cursor_u32 (&cur);
  if (r_n_dims > PS_CDF_MAX_DIMS)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "The file declares %u rVariable dimensions (at most %d allowed)",
                   r_n_dims, PS_CDF_MAX_DIMS);
      return FALSE;
    }
  for (guint i = 0; i < r_n_dims; i++)
    r_dims[i] = ps_cdf_cursor_u32 (&cur);
  if (!cur.ok)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT, "Global descriptor record is truncated");
      return FALSE;
    }
  /* each VDR and ADR takes well over 64 bytes: larger counts are lies */
  if ((guint64) n_r + n_z > file->size / 64 || n_attr > file->size / 64)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "The file declares more variables or attributes than it can hold");
      return FALSE;
    }
  file->leap_last_updated = file->v3 && (gint32) leap > 0 ? (gint) leap : 0;

  /* Attributes are read on first use (ensure_attributes): they are most
   * of the metadata of ISTP files, and listing variables needs none. */
  file->adr_head = adr;
  file->n_attr_declared = n_attr;

  return ps_cdf_read_variables (file, rvdr, n_r, zvdr, n_z, r_n_dims, r_dims, error);
}

PsCdfFile *
ps_cdf_file_new_from_bytes (GBytes  *bytes,
                            GError **error)
{
  g_autoptr(PsCdfFile) file = NULL;
  guint32 magic1, magic2;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_new0 (PsCdfFile, 1);
  g_atomic_ref_count_init (&file->ref_count);
  g_mutex_init (&file->lock);
  file->variables = g_ptr_array_new_with_free_func (ps_cdf_var_priv_free);
  file->attributes = g_ptr_array_new_with_free_func (ps_cdf_attr_priv_free);
  file->var_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  file->bytes = g_bytes_ref (bytes);
  file->base = g_bytes_get_data (bytes, &size);
  file->size = size;

  if (file->size < 8)
    {
      g_set_error_literal (error, PS_CDF_ERROR, PS_CDF_ERROR_NOT_CDF,
                           "Not a CDF file (too short)");
      return NULL;
    }
  magic1 = be32 (file->base);
  magic2 = be32 (file->base + 4);
  if ((magic1 != MAGIC_V3 && magic1 != MAGIC_V26 && magic1 != MAGIC_V2) ||
      (magic2 != MAGIC_V2 && magic2 != MAGIC_COMPRESSED) ||
      (magic1 == MAGIC_V2 && magic2 != MAGIC_V2))
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_NOT_CDF,
                   "Not a CDF file (magic numbers %08X %08X)", magic1, magic2);
      return NULL;
    }
  file->v3 = magic1 == MAGIC_V3;
  if (magic2 == MAGIC_COMPRESSED && !inflate_file (file, error))
    return NULL;
  if (!read_headers (file, error))
    return NULL;
  return g_steal_pointer (&file);
}

PsCdfFile *
ps_cdf_file_open (const char *path,
                  GError    **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  PsCdfFile *file;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (mapped);
  file = ps_cdf_file_new_from_bytes (bytes, &local_error);
  if (file == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", display);
    }
  return file;
}

void
ps_cdf_file_get_version (PsCdfFile *file,
                         guint     *version,
                         guint     *release,
                         guint     *increment)
{
  g_return_if_fail (file != NULL);

  if (version)
    *version = file->version;
  if (release)
    *release = file->release;
  if (increment)
    *increment = file->increment;
}

guint
ps_cdf_file_get_encoding (PsCdfFile *file)
{
  g_return_val_if_fail (file != NULL, 0);
  return file->encoding;
}

PsCdfMajority
ps_cdf_file_get_majority (PsCdfFile *file)
{
  g_return_val_if_fail (file != NULL, PS_CDF_MAJORITY_ROW);
  return (file->flags & 1) ? PS_CDF_MAJORITY_ROW : PS_CDF_MAJORITY_COLUMN;
}

PsCdfCompression
ps_cdf_file_get_compression (PsCdfFile *file)
{
  g_return_val_if_fail (file != NULL, PS_CDF_COMPRESSION_NONE);
  return file->compression;
}

gint
ps_cdf_file_get_leap_second_last_updated (PsCdfFile *file)
{
  g_return_val_if_fail (file != NULL, 0);
  return file->leap_last_updated;
}

gboolean
ps_cdf_file_has_md5 (PsCdfFile *file)
{
  g_return_val_if_fail (file != NULL, FALSE);
  return (file->flags & 0xC) == 0xC;
}

/* The MD5 digest of everything before them is the last 16 bytes of the
 * file as stored (compressed, if the file is). */
gboolean
ps_cdf_verify_md5 (PsCdfFile *file,
                   GError   **error)
{
  g_autoptr(GChecksum) sum = NULL;
  GBytes *raw;
  const guint8 *data;
  guint8 digest[16];
  gsize size, len = sizeof digest;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ps_cdf_file_has_md5 (file))
    {
      g_set_error_literal (error, PS_CDF_ERROR, PS_CDF_ERROR_CHECKSUM,
                           "The file has no MD5 checksum");
      return FALSE;
    }
  raw = file->raw ? file->raw : file->bytes;
  data = g_bytes_get_data (raw, &size);
  if (size < 8 + 16)
    {
      g_set_error_literal (error, PS_CDF_ERROR, PS_CDF_ERROR_CHECKSUM, "File too short for a checksum");
      return FALSE;
    }
  sum = g_checksum_new (G_CHECKSUM_MD5);
  g_checksum_update (sum, data, size - 16);
  g_checksum_get_digest (sum, digest, &len);
  if (memcmp (digest, data + size - 16, 16) != 0)
    {
      g_set_error_literal (error, PS_CDF_ERROR, PS_CDF_ERROR_CHECKSUM,
                           "MD5 checksum mismatch: the file is damaged");
      return FALSE;
    }
  return TRUE;
}

guint
ps_cdf_file_get_n_variables (PsCdfFile *file)
{
  g_return_val_if_fail (file != NULL, 0);
  return file->variables->len;
}

const PsCdfVariable *
ps_cdf_file_get_variable (PsCdfFile *file,
                          guint      index)
{
  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (index < file->variables->len, NULL);
  return &((PsCdfVarPriv *) g_ptr_array_index (file->variables, index))->pub;
}

/* Equal, or equal once trailing spaces are ignored on both sides. */
static gboolean
name_matches (const char *stored,
              const char *name)
{
  gsize a = strlen (stored), b = strlen (name);

  while (a > 0 && stored[a - 1] == ' ')
    a--;
  while (b > 0 && name[b - 1] == ' ')
    b--;
  return a == b && memcmp (stored, name, a) == 0;
}

const PsCdfVariable *
ps_cdf_file_lookup_variable (PsCdfFile  *file,
                             const char *name)
{
  PsCdfVarPriv *v;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  v = g_hash_table_lookup (file->var_by_name, name);
  if (v != NULL)
    return &v->pub;
  for (guint i = 0; i < file->variables->len; i++)
    {
      v = g_ptr_array_index (file->variables, i);
      if (name_matches (v->name, name))
        return &v->pub;
    }
  return NULL;
}

/* Reads every attribute once, from whichever thread asks first. A damaged
 * attribute chain leaves the file with no attributes and the error kept
 * for ps_cdf_file_load_attributes(). */
static gboolean
ensure_attributes (PsCdfFile  *file,
                   GError    **error)
{
  if (g_once_init_enter (&file->attributes_once))
    {
      GError *local = NULL;

      if (!ps_cdf_read_attributes (file, file->adr_head, file->n_attr_declared, &local))
        {
          g_ptr_array_set_size (file->attributes, 0);
          file->attributes_error = local;
        }
      g_once_init_leave (&file->attributes_once, 1);
    }

  if (file->attributes_error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (file->attributes_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * ps_cdf_file_load_attributes:
 *
 * Attributes are read on first use; this reads them now and says whether
 * they could be. The attribute getters see an unreadable attribute chain as
 * no attributes at all: callers that must not lose metadata silently (a
 * dump, an export) call this first.
 */
gboolean
ps_cdf_file_load_attributes (PsCdfFile  *file,
                             GError    **error)
{
  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ensure_attributes (file, error);
}

guint
ps_cdf_file_get_n_attributes (PsCdfFile *file)
{
  g_return_val_if_fail (file != NULL, 0);
  ensure_attributes (file, NULL);
  return file->attributes->len;
}

const PsCdfAttribute *
ps_cdf_file_get_attribute (PsCdfFile *file,
                           guint      index)
{
  g_return_val_if_fail (file != NULL, NULL);
  ensure_attributes (file, NULL);
  g_return_val_if_fail (index < file->attributes->len, NULL);
  return &((PsCdfAttrPriv *) g_ptr_array_index (file->attributes, index))->pub;
}

const PsCdfAttribute *
ps_cdf_file_lookup_attribute (PsCdfFile  *file,
                              const char *name)
{
  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  ensure_attributes (file, NULL);
  for (guint i = 0; i < file->attributes->len; i++)
    {
      PsCdfAttrPriv *a = g_ptr_array_index (file->attributes, i);
      if (strcmp (a->name, name) == 0)
        return &a->pub;
    }
  for (guint i = 0; i < file->attributes->len; i++)
    {
      PsCdfAttrPriv *a = g_ptr_array_index (file->attributes, i);
      if (name_matches (a->name, name))
        return &a->pub;
    }
  return NULL;
}

const PsCdfAttrEntry *
ps_cdf_variable_get_attribute_entry (PsCdfFile            *file,
                                     const PsCdfVariable  *var,
                                     const PsCdfAttribute *attr)
{
  const PsCdfAttrPriv *a = (const PsCdfAttrPriv *) attr;
  GArray *entries;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (var != NULL, NULL);
  g_return_val_if_fail (attr != NULL, NULL);
  if (attr->is_global)
    return NULL;
  entries = var->is_z ? a->z_entries : a->r_entries;
  for (guint i = 0; i < entries->len; i++)
    {
      const PsCdfAttrEntry *e = &g_array_index (entries, PsCdfAttrEntry, i);
      if (e->number == var->number)
        return e;
    }
  return NULL;
}

const PsCdfAttrEntry *
ps_cdf_variable_get_attribute (PsCdfFile           *file,
                               const PsCdfVariable *var,
                               const char          *name)
{
  const PsCdfAttribute *attr;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (var != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  attr = ps_cdf_file_lookup_attribute (file, name);
  return attr ? ps_cdf_variable_get_attribute_entry (file, var, attr) : NULL;
}
