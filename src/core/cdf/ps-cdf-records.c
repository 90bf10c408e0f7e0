/* ps-cdf-records.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsing of the internal records (VDR, ADR, AEDR, VXR, CPR).  Internal
 * records are always big-endian whatever the data encoding; offsets are
 * 8 bytes in v3 files and 4 bytes before.  Every offset read from the file
 * is checked against the mapping before it is followed.
 */
#include "config.h"

#define G_LOG_DOMAIN "ps-cdf"

#include <string.h>

#include "ps-cdf-private.h"

/* Opens the record at offset, checks its type and confines the cursor to
 * the record's own bytes; the cursor is left just after the header. */
gboolean
ps_cdf_record_open (PsCdfFile   *file,
                    guint64      offset,
                    gint         expected_type,
                    PsCdfCursor *cur,
                    GError     **error)
{
  guint64 size;
  gint32 type;
  guint64 header = file->v3 ? 12 : 8;

  *cur = (PsCdfCursor) { file->base, 0, file->size, offset, file->v3, TRUE };
  if (offset < 8 || offset >= file->size || file->size - offset < header)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "Record offset %" G_GUINT64_FORMAT " is outside the file (%" G_GSIZE_FORMAT " bytes)",
                   offset, file->size);
      return FALSE;
    }
  size = ps_cdf_cursor_off (cur);
  type = (gint32) ps_cdf_cursor_u32 (cur);
  if (size < header || size > file->size - offset)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "Record at offset %" G_GUINT64_FORMAT " has an impossible size %" G_GUINT64_FORMAT,
                   offset, size);
      return FALSE;
    }
  if (expected_type != 0 && type != expected_type)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "Record at offset %" G_GUINT64_FORMAT " has type %d, expected %d",
                   offset, type, expected_type);
      return FALSE;
    }
  cur->start = offset;
  cur->end = offset + size;
  return TRUE;
}

static gboolean
truncated (PsCdfCursor *cur,
           const char  *what,
           GError     **error)
{
  if (cur->ok)
    return FALSE;
  g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
               "%s record at offset %" G_GUINT64_FORMAT " is truncated",
               what, cur->start);
  return TRUE;
}

static char *
read_name (PsCdfCursor *cur,
           gsize        len)
{
  const guint8 *p = ps_cdf_cursor_bytes (cur, len);
  gsize n = 0;
  char *s;

  if (p == NULL)
    return NULL;
  while (n < len && p[n] != 0)
    n++;
  /* Trailing spaces (common in v2 files) are kept: they are part of the
   * name as stored; the lookup functions ignore them. */
  s = g_strndup ((const char *) p, n);
  if (!g_utf8_validate (s, -1, NULL))
    {
      char *t = g_utf8_make_valid (s, -1);
      g_free (s);
      s = t;
    }
  return s;
}

void
ps_cdf_var_priv_free (gpointer data)
{
  PsCdfVarPriv *v = data;

  g_free (v->name);
  g_free (v->pad);
  g_clear_pointer (&v->segments, g_array_unref);
  g_free (v);
}

gboolean
ps_cdf_read_cpr (PsCdfFile        *file,
                 guint64           offset,
                 PsCdfCompression *type,
                 guint            *level,
                 GError          **error)
{
  PsCdfCursor cur;
  guint32 ctype, pcount;

  if (!ps_cdf_record_open (file, offset, PS_CDF_REC_CPR, &cur, error))
    return FALSE;
  ctype = ps_cdf_cursor_u32 (&cur);
  ps_cdf_cursor_u32 (&cur);
  pcount = ps_cdf_cursor_u32 (&cur);
  *level = pcount > 0 ? ps_cdf_cursor_u32 (&cur) : 0;
  if (truncated (&cur, "CPR", error))
    return FALSE;
  switch (ctype)
    {
    case PS_CDF_COMPRESSION_NONE:
    case PS_CDF_COMPRESSION_RLE:
    case PS_CDF_COMPRESSION_HUFFMAN:
    case PS_CDF_COMPRESSION_AHUFFMAN:
    case PS_CDF_COMPRESSION_GZIP:
      *type = ctype;
      return TRUE;
    default:
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_UNSUPPORTED,
                   "Unknown compression type %u", ctype);
      return FALSE;
    }
}

static PsCdfVarPriv *
read_vdr (PsCdfFile      *file,
          guint64         offset,
          gboolean        is_z,
          guint           r_n_dims,
          const guint32  *r_dims,
          guint64        *next,
          GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  PsCdfCursor cur;
  PsCdfVarPriv *v;
  guint32 type, flags, srecords, num_elems, n_dims;
  gint32 max_rec;
  guint64 cpr;
  gsize type_size;
  guint64 phys = 1, full = 1;

  if (!ps_cdf_record_open (file, offset, is_z ? PS_CDF_REC_ZVDR : PS_CDF_REC_RVDR, &cur, error))
    return NULL;
  v = g_new0 (PsCdfVarPriv, 1);
  *next = ps_cdf_cursor_off (&cur);
  type = ps_cdf_cursor_u32 (&cur);
  max_rec = (gint32) ps_cdf_cursor_u32 (&cur);
  v->vxr_head = ps_cdf_cursor_off (&cur);
  ps_cdf_cursor_off (&cur);                 /* VXRtail */
  flags = ps_cdf_cursor_u32 (&cur);
  srecords = ps_cdf_cursor_u32 (&cur);
  ps_cdf_cursor_skip (&cur, 12);            /* rfuB, rfuC, rfuF */
  /* files written before 2.5 reserve 128 more bytes here (observed in
   * 2.4.6 files: the VDR is exactly that much longer) */
  if (!file->v3 && file->version == 2 && file->release < 5)
    ps_cdf_cursor_skip (&cur, 128);
  num_elems = ps_cdf_cursor_u32 (&cur);
  v->pub.number = ps_cdf_cursor_u32 (&cur);
  cpr = ps_cdf_cursor_off (&cur);
  ps_cdf_cursor_u32 (&cur);                 /* BlockingFactor */
  v->name = read_name (&cur, file->v3 ? 256 : 64);
  if (is_z)
    n_dims = ps_cdf_cursor_u32 (&cur);
  else
    n_dims = r_n_dims;
  if (n_dims > PS_CDF_MAX_DIMS)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "Variable at offset %" G_GUINT64_FORMAT " has %u dimensions (at most %d allowed)",
                   offset, n_dims, PS_CDF_MAX_DIMS);
      goto fail;
    }
  for (guint i = 0; i < n_dims; i++)
    v->dims[i] = is_z ? ps_cdf_cursor_u32 (&cur) : r_dims[i];
  for (guint i = 0; i < n_dims; i++)
    v->dim_varys[i] = ps_cdf_cursor_u32 (&cur) != 0;
  if (truncated (&cur, "VDR", error))
    goto fail;

  if (!ps_cdf_type_is_valid (type))
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "Variable “%s” has unknown data type %u", v->name, type);
      goto fail;
    }
  type_size = ps_cdf_type_size (type);
  if (num_elems == 0 || num_elems > 65536 ||
      (num_elems != 1 && type != PS_CDF_CHAR && type != PS_CDF_UCHAR))
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "Variable “%s” has an invalid element count %u", v->name, num_elems);
      goto fail;
    }
  for (guint i = 0; i < n_dims; i++)
    {
      if (v->dims[i] == 0 || v->dims[i] > G_MAXINT32)
        {
          g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                       "Variable “%s” has an invalid dimension size %u", v->name, v->dims[i]);
          goto fail;
        }
      full *= v->dims[i];
      if (v->dim_varys[i])
        phys *= v->dims[i];
      if (full * type_size * num_elems > PS_CDF_MAX_RECORD_BYTES)
        {
          g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                       "Variable “%s” has records larger than %" G_GUINT64_FORMAT " bytes",
                       v->name, PS_CDF_MAX_RECORD_BYTES);
          goto fail;
        }
    }

  v->pub.name = v->name;
  v->pub.is_z = is_z;
  v->pub.type = type;
  v->pub.num_elems = num_elems;
  v->pub.n_dims = n_dims;
  v->pub.dims = v->dims;
  v->pub.dim_varys = v->dim_varys;
  v->pub.record_varys = (flags & 1) != 0;
  v->pub.max_rec = max_rec < -1 ? -1 : max_rec;
  v->pub.n_records = v->pub.max_rec + 1;
  v->pub.sparse = srecords <= 2 ? srecords : PS_CDF_SPARSE_NONE;
  v->pub.element_size = type_size * num_elems;
  v->pub.values_per_record = full;
  v->phys_values = phys;

  v->pad = g_malloc0 (v->pub.element_size);
  if (flags & 2)
    {
      const guint8 *p = ps_cdf_cursor_bytes (&cur, v->pub.element_size);

      /* A pad value cut short by a damaged record is not worth refusing
       * the file for: fall back to the type default. */
      if (p != NULL)
        {
          memcpy (v->pad, p, v->pub.element_size);
          ps_cdf_decode_values (file, type, v->pad, v->pub.element_size);
          v->pub.pad_value_set = TRUE;
        }
    }
  if (!v->pub.pad_value_set)
    ps_cdf_default_pad (type, num_elems, v->pad);
  v->pub.pad_value = v->pad;

  if (flags & 4)
    {
      if (!ps_cdf_read_cpr (file, cpr, &v->pub.compression, &v->pub.compression_level, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "Variable “%s”: ", v->name);
          goto fail;
        }
    }
  return v;

fail:
  ps_cdf_var_priv_free (v);
  return NULL;
}

gboolean
ps_cdf_read_variables (PsCdfFile     *file,
                       guint64        rvdr_head,
                       guint          n_r,
                       guint64        zvdr_head,
                       guint          n_z,
                       guint          r_n_dims,
                       const guint32 *r_dims,
                       GError       **error)
{
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean is_z = pass == 1;
      guint64 offset = is_z ? zvdr_head : rvdr_head;
      guint n = is_z ? n_z : n_r;

      /* The chain length is bounded by the declared count, which also
       * stops a next-pointer loop. */
      for (guint i = 0; i < n; i++)
        {
          guint64 next = 0;
          PsCdfVarPriv *v = read_vdr (file, offset, is_z, r_n_dims, r_dims, &next, error);

          if (v == NULL)
            return FALSE;
          v->pub.index = file->variables->len;
          g_ptr_array_add (file->variables, v);
          if (!g_hash_table_contains (file->var_by_name, v->name))
            g_hash_table_insert (file->var_by_name, v->name, v);
          offset = next;
        }
    }
  return TRUE;
}

void
ps_cdf_attr_priv_free (gpointer data)
{
  PsCdfAttrPriv *a = data;
  GArray *arrays[] = { a->g_entries, a->r_entries, a->z_entries };

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    {
      /* Entry data belongs to the file's arena. */
      g_array_unref (arrays[i]);
    }
  g_free (a->name);
  g_free (a);
}

static gint
entry_cmp (gconstpointer a,
           gconstpointer b)
{
  const PsCdfAttrEntry *ea = a, *eb = b;

  return ea->number < eb->number ? -1 : ea->number > eb->number;
}

static gboolean
read_entries (PsCdfFile *file,
              guint64    offset,
              guint      n,
              gint       rec_type,
              GArray    *out,
              GError   **error)
{
  for (guint i = 0; i < n && offset != 0; i++)
    {
      PsCdfCursor cur;
      PsCdfAttrEntry e = { 0 };
      guint32 type, num_elems;
      const guint8 *p;
      guint8 *data;
      guint64 size;

      if (!ps_cdf_record_open (file, offset, rec_type, &cur, error))
        return FALSE;
      offset = ps_cdf_cursor_off (&cur);
      ps_cdf_cursor_u32 (&cur);               /* AttrNum */
      type = ps_cdf_cursor_u32 (&cur);
      e.number = ps_cdf_cursor_u32 (&cur);
      num_elems = ps_cdf_cursor_u32 (&cur);
      ps_cdf_cursor_skip (&cur, 20);
      if (truncated (&cur, "AEDR", error))
        return FALSE;
      if (!ps_cdf_type_is_valid (type))
        {
          g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                       "Attribute entry at offset %" G_GUINT64_FORMAT " has unknown type %u",
                       cur.start, type);
          return FALSE;
        }
      size = (guint64) num_elems * ps_cdf_type_size (type);
      p = ps_cdf_cursor_bytes (&cur, size);
      if (truncated (&cur, "AEDR", error))
        return FALSE;
      /* one spare NUL so that strings can be used directly */
      data = ps_cdf_file_arena_alloc (file, size + 1);
      memcpy (data, p, size);
      data[size] = 0;
      ps_cdf_decode_values (file, type, data, size);
      e.type = type;
      e.num_elems = num_elems;
      e.size = size;
      e.data = data;
      g_array_append_val (out, e);
    }
  /* Writers chain entries in number order, nearly always: check before
   * paying for a sort (which shows in opening files of many variables). */
  for (guint i = 1; i < out->len; i++)
    if (entry_cmp (&g_array_index (out, PsCdfAttrEntry, i - 1),
                   &g_array_index (out, PsCdfAttrEntry, i)) > 0)
      {
        g_array_sort (out, entry_cmp);
        break;
      }
  return TRUE;
}

gboolean
ps_cdf_read_attributes (PsCdfFile *file,
                        guint64    offset,
                        guint      n_attrs,
                        GError   **error)
{
  for (guint i = 0; i < n_attrs; i++)
    {
      PsCdfCursor cur;
      PsCdfAttrPriv *a;
      guint64 gr_head, z_head;
      guint32 scope, n_gr, n_z;

      if (!ps_cdf_record_open (file, offset, PS_CDF_REC_ADR, &cur, error))
        return FALSE;
      a = g_new0 (PsCdfAttrPriv, 1);
      a->g_entries = g_array_new (FALSE, TRUE, sizeof (PsCdfAttrEntry));
      a->r_entries = g_array_new (FALSE, TRUE, sizeof (PsCdfAttrEntry));
      a->z_entries = g_array_new (FALSE, TRUE, sizeof (PsCdfAttrEntry));
      g_ptr_array_add (file->attributes, a);

      offset = ps_cdf_cursor_off (&cur);
      gr_head = ps_cdf_cursor_off (&cur);
      scope = ps_cdf_cursor_u32 (&cur);
      a->pub.number = ps_cdf_cursor_u32 (&cur);
      n_gr = ps_cdf_cursor_u32 (&cur);
      ps_cdf_cursor_skip (&cur, 8);           /* MAXgrEntry, rfuA */
      z_head = ps_cdf_cursor_off (&cur);
      n_z = ps_cdf_cursor_u32 (&cur);
      ps_cdf_cursor_skip (&cur, 8);           /* MAXzEntry, rfuE */
      a->name = read_name (&cur, file->v3 ? 256 : 64);
      if (truncated (&cur, "ADR", error))
        return FALSE;
      a->pub.name = a->name;
      /* scopes 3 and 4 are the "assumed" variants of 1 and 2 */
      a->pub.is_global = scope == 1 || scope == 3;
      if (!read_entries (file, gr_head, n_gr, PS_CDF_REC_AGREDR,
                         a->pub.is_global ? a->g_entries : a->r_entries, error))
        return FALSE;
      if (!a->pub.is_global &&
          !read_entries (file, z_head, n_z, PS_CDF_REC_AZEDR, a->z_entries, error))
        return FALSE;
      a->pub.n_entries = a->g_entries->len;
      a->pub.entries = (const PsCdfAttrEntry *) a->g_entries->data;
    }
  return TRUE;
}

static gint
segment_cmp (gconstpointer a,
             gconstpointer b)
{
  const PsCdfSegment *sa = a, *sb = b;

  return sa->first < sb->first ? -1 : sa->first > sb->first;
}

static gboolean
walk_vxr (PsCdfFile    *file,
          PsCdfVarPriv *var,
          guint64       offset,
          guint         depth,
          GHashTable   *seen,
          GError      **error)
{
  gsize rec_bytes = var->phys_values * var->pub.element_size;

  if (depth > PS_CDF_MAX_VXR_DEPTH)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "Variable “%s”: index tree deeper than %d levels",
                   var->name, PS_CDF_MAX_VXR_DEPTH);
      return FALSE;
    }
  while (offset != 0)
    {
      PsCdfCursor cur, idx;
      guint32 n_entries, n_used;
      guint64 next, first_pos;

      if (g_hash_table_contains (seen, &offset))
        {
          g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                       "Variable “%s”: loop in the index records (VXR at offset %" G_GUINT64_FORMAT ")",
                       var->name, offset);
          return FALSE;
        }
      g_hash_table_add (seen, g_memdup2 (&offset, sizeof offset));
      if (!ps_cdf_record_open (file, offset, PS_CDF_REC_VXR, &cur, error))
        return FALSE;
      next = ps_cdf_cursor_off (&cur);
      n_entries = ps_cdf_cursor_u32 (&cur);
      n_used = ps_cdf_cursor_u32 (&cur);
      if (n_used > n_entries)
        n_used = n_entries;
      first_pos = cur.pos;
      /* the three arrays must fit in the record before we trust n_entries */
      ps_cdf_cursor_skip (&cur, (guint64) n_entries * (8 + (file->v3 ? 8 : 4)));
      if (truncated (&cur, "VXR", error))
        return FALSE;
      for (guint32 i = 0; i < n_used; i++)
        {
          PsCdfSegment seg;
          PsCdfCursor child;
          gint32 first, last;

          idx = cur;
          idx.pos = first_pos + (guint64) i * 4;
          first = (gint32) ps_cdf_cursor_u32 (&idx);
          idx.pos = first_pos + (guint64) n_entries * 4 + (guint64) i * 4;
          last = (gint32) ps_cdf_cursor_u32 (&idx);
          idx.pos = first_pos + (guint64) n_entries * 8 + (guint64) i * (file->v3 ? 8 : 4);
          seg.offset = ps_cdf_cursor_off (&idx);
          if (first < 0 || last < first)
            {
              g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                           "Variable “%s”: invalid record range %d–%d in VXR", var->name, first, last);
              return FALSE;
            }
          seg.first = first;
          seg.last = last;
          if (!ps_cdf_record_open (file, seg.offset, 0, &child, error))
            return FALSE;
          /* the record type, right after the size, was bounds-checked by
           * ps_cdf_record_open() */
          idx = (PsCdfCursor) { file->base, 0, file->size, seg.offset + (file->v3 ? 8 : 4), file->v3, TRUE };
          switch ((gint32) ps_cdf_cursor_u32 (&idx))
            {
            case PS_CDF_REC_VXR:
              if (!walk_vxr (file, var, seg.offset, depth + 1, seen, error))
                return FALSE;
              continue;
            case PS_CDF_REC_VVR:
              seg.compressed = FALSE;
              if ((child.end - child.pos) / MAX (rec_bytes, 1) < (guint64) (last - first) + 1)
                {
                  g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                               "Variable “%s”: VVR at offset %" G_GUINT64_FORMAT " is shorter than its %d records",
                               var->name, seg.offset, last - first + 1);
                  return FALSE;
                }
              break;
            case PS_CDF_REC_CVVR:
              seg.compressed = TRUE;
              break;
            default:
              g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                           "Variable “%s”: VXR entry points to a record of unexpected type",
                           var->name);
              return FALSE;
            }
          if (var->segments->len >= PS_CDF_MAX_CHAIN)
            {
              g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                           "Variable “%s”: too many data blocks", var->name);
              return FALSE;
            }
          g_array_append_val (var->segments, seg);
        }
      offset = next;
    }
  return TRUE;
}

/* Flattens the VXR tree into a sorted list of blocks, once per variable. */
gboolean
ps_cdf_load_segments (PsCdfFile    *file,
                      PsCdfVarPriv *var,
                      GError      **error)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GArray) segments = NULL;
  gboolean ok;

  g_mutex_lock (&file->lock);
  if (var->segments_loaded)
    {
      g_mutex_unlock (&file->lock);
      return TRUE;
    }
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  segments = g_array_new (FALSE, FALSE, sizeof (PsCdfSegment));
  var->segments = segments;
  ok = walk_vxr (file, var, var->vxr_head, 0, seen, error);
  var->segments = NULL;
  if (ok)
    {
      g_array_sort (segments, segment_cmp);
      for (guint i = 1; i < segments->len; i++)
        {
          PsCdfSegment *prev = &g_array_index (segments, PsCdfSegment, i - 1);
          PsCdfSegment *cur = &g_array_index (segments, PsCdfSegment, i);

          if (cur->first <= prev->last)
            {
              g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                           "Variable “%s”: overlapping record blocks", var->name);
              ok = FALSE;
              break;
            }
        }
    }
  if (ok)
    {
      var->segments = g_steal_pointer (&segments);
      var->segments_loaded = TRUE;
    }
  g_mutex_unlock (&file->lock);
  return ok;
}
