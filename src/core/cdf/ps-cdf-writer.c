/* ps-cdf-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout of a written file: magic numbers, CDR, GDR, the ADR chain (each
 * ADR followed by its entries), the zVDR chain (each VDR followed by its
 * CPR when compressed), then for each variable its data blocks and the
 * VXR chain that indexes them.  All metadata has a size known in advance,
 * so it is built in memory, the data is streamed after it, and the few
 * offsets only known at the end (VXR heads, MaxRec, EOF) are patched in
 * memory before the metadata is written at the start of the file.
 */
#include "config.h"

#define G_LOG_DOMAIN "ps-cdf"

#include <errno.h>
#include <libdeflate.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ps-cdf-private.h"
#include "ps-cdf-writer.h"

#define CDR_OFFSET      8
#define NAME_BYTES      256
#define VXR_ENTRIES     256
#define BLOCK_BYTES     (1u << 20)
#define NONE64          G_MAXUINT64
#define NONE32          G_MAXUINT32

typedef struct
{
  guint     number;
  PsCdfType type;
  guint     num_elems;
  GBytes   *data;               /* host order */
} WEntry;

typedef struct
{
  char     *name;
  gboolean  global;
  GArray   *entries;            /* WEntry, in insertion order */
} WAttr;

typedef struct
{
  char            *name;
  PsCdfType        type;
  guint            num_elems;
  guint            n_dims;
  guint32          dims[PS_CDF_MAX_DIMS];
  gboolean         record_varys;
  PsCdfCompression compression;
  guint            level;
  guint            block_records;
  guint8          *pad;         /* host order, or NULL */
  GBytes          *values;
  gint64           n_records;
  gsize            vdr_pos;     /* of the VDR in the metadata */
} WVar;

struct _PsCdfWriter
{
  guint      encoding;
  gboolean   swap;
  GPtrArray *vars;
  GPtrArray *attrs;
};

typedef struct
{
  gint64  first;
  gint64  last;
  guint64 offset;
} WBlock;

static void
wentry_clear (gpointer data)
{
  WEntry *e = data;

  g_clear_pointer (&e->data, g_bytes_unref);
}

static void
wattr_free (gpointer data)
{
  WAttr *a = data;

  g_free (a->name);
  g_array_unref (a->entries);
  g_free (a);
}

static void
wvar_free (gpointer data)
{
  WVar *v = data;

  g_free (v->name);
  g_free (v->pad);
  g_clear_pointer (&v->values, g_bytes_unref);
  g_free (v);
}

PsCdfWriter *
ps_cdf_writer_new (void)
{
  PsCdfWriter *w = g_new0 (PsCdfWriter, 1);

  w->encoding = G_BYTE_ORDER == G_LITTLE_ENDIAN ? PS_CDF_ENCODING_IBMPC : PS_CDF_ENCODING_NETWORK;
  w->vars = g_ptr_array_new_with_free_func (wvar_free);
  w->attrs = g_ptr_array_new_with_free_func (wattr_free);
  return w;
}

void
ps_cdf_writer_free (PsCdfWriter *writer)
{
  if (writer == NULL)
    return;
  g_ptr_array_unref (writer->vars);
  g_ptr_array_unref (writer->attrs);
  g_free (writer);
}

void
ps_cdf_writer_set_encoding (PsCdfWriter *writer,
                            guint        encoding)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (encoding == PS_CDF_ENCODING_IBMPC || encoding == PS_CDF_ENCODING_NETWORK);

  writer->encoding = encoding;
  writer->swap = (encoding == PS_CDF_ENCODING_IBMPC) != (G_BYTE_ORDER == G_LITTLE_ENDIAN);
}

static WVar *
get_var (PsCdfWriter *writer,
         guint        var)
{
  g_return_val_if_fail (writer != NULL, NULL);
  g_return_val_if_fail (var < writer->vars->len, NULL);

  return g_ptr_array_index (writer->vars, var);
}

static gsize
var_record_bytes (const WVar *v)
{
  gsize n = ps_cdf_type_size (v->type) * v->num_elems;

  for (guint i = 0; i < v->n_dims; i++)
    n *= v->dims[i];
  return n;
}

static gint64
block_records (const WVar *v)
{
  gint64 n = v->block_records;

  if (n <= 0)
    n = MAX (1, BLOCK_BYTES / MAX (var_record_bytes (v), 1));
  return MAX (1, MIN (n, v->n_records));
}

guint
ps_cdf_writer_add_variable (PsCdfWriter   *writer,
                            const char    *name,
                            PsCdfType      type,
                            guint          num_elems,
                            guint          n_dims,
                            const guint32 *dims,
                            gboolean       record_varys)
{
  WVar *v;

  g_return_val_if_fail (writer != NULL, 0);
  g_return_val_if_fail (name != NULL && strlen (name) < NAME_BYTES, 0);
  g_return_val_if_fail (ps_cdf_type_is_valid (type), 0);
  g_return_val_if_fail (n_dims <= PS_CDF_MAX_DIMS, 0);
  g_return_val_if_fail (num_elems >= 1, 0);
  g_return_val_if_fail (num_elems == 1 || type == PS_CDF_CHAR || type == PS_CDF_UCHAR, 0);

  v = g_new0 (WVar, 1);
  v->name = g_strdup (name);
  v->type = type;
  v->num_elems = num_elems;
  v->n_dims = n_dims;
  for (guint i = 0; i < n_dims; i++)
    {
      g_return_val_if_fail (dims[i] > 0, 0);
      v->dims[i] = dims[i];
    }
  v->record_varys = record_varys;
  g_ptr_array_add (writer->vars, v);
  return writer->vars->len - 1;
}

void
ps_cdf_writer_set_compression (PsCdfWriter      *writer,
                               guint             var,
                               PsCdfCompression  compression,
                               guint             level)
{
  WVar *v = get_var (writer, var);

  g_return_if_fail (v != NULL);
  g_return_if_fail (compression == PS_CDF_COMPRESSION_NONE || compression == PS_CDF_COMPRESSION_GZIP);

  v->compression = compression;
  v->level = CLAMP (level, 1, 9);
}

void
ps_cdf_writer_set_block_records (PsCdfWriter *writer,
                                 guint        var,
                                 guint        n_records)
{
  WVar *v = get_var (writer, var);

  g_return_if_fail (v != NULL);
  v->block_records = n_records;
}

void
ps_cdf_writer_set_pad_value (PsCdfWriter   *writer,
                             guint          var,
                             gconstpointer  value)
{
  WVar *v = get_var (writer, var);

  g_return_if_fail (v != NULL);
  g_free (v->pad);
  v->pad = g_memdup2 (value, ps_cdf_type_size (v->type) * v->num_elems);
}

void
ps_cdf_writer_set_values (PsCdfWriter *writer,
                          guint        var,
                          GBytes      *values,
                          gint64       n_records)
{
  WVar *v = get_var (writer, var);

  g_return_if_fail (v != NULL);
  g_return_if_fail (n_records >= 0 && n_records <= G_MAXINT32);
  g_return_if_fail (v->record_varys || n_records <= 1);
  g_return_if_fail (values != NULL || n_records == 0);
  g_return_if_fail (values == NULL || g_bytes_get_size (values) >= (gsize) n_records * var_record_bytes (v));

  g_clear_pointer (&v->values, g_bytes_unref);
  v->values = values ? g_bytes_ref (values) : NULL;
  v->n_records = n_records;
}

static WAttr *
lookup_attr (PsCdfWriter *writer,
             const char  *name,
             gboolean     global)
{
  WAttr *a;

  for (guint i = 0; i < writer->attrs->len; i++)
    {
      a = g_ptr_array_index (writer->attrs, i);
      if (strcmp (a->name, name) == 0)
        {
          g_return_val_if_fail (a->global == global, NULL);
          return a;
        }
    }
  a = g_new0 (WAttr, 1);
  a->name = g_strdup (name);
  a->global = global;
  a->entries = g_array_new (FALSE, TRUE, sizeof (WEntry));
  g_array_set_clear_func (a->entries, wentry_clear);
  g_ptr_array_add (writer->attrs, a);
  return a;
}

static void
set_entry (WAttr         *a,
           guint          number,
           PsCdfType      type,
           guint          num_elems,
           gconstpointer  data)
{
  WEntry e = { number, type, num_elems, NULL };

  e.data = g_bytes_new (data, ps_cdf_type_size (type) * num_elems);
  for (guint i = 0; i < a->entries->len; i++)
    if (g_array_index (a->entries, WEntry, i).number == number)
      {
        g_array_remove_index (a->entries, i);
        break;
      }
  g_array_append_val (a->entries, e);
}

void
ps_cdf_writer_add_global_entry (PsCdfWriter   *writer,
                                const char    *attr,
                                guint          entry,
                                PsCdfType      type,
                                guint          num_elems,
                                gconstpointer  data)
{
  WAttr *a;

  g_return_if_fail (writer != NULL && attr != NULL && strlen (attr) < NAME_BYTES);
  g_return_if_fail (ps_cdf_type_is_valid (type) && num_elems >= 1);

  a = lookup_attr (writer, attr, TRUE);
  g_return_if_fail (a != NULL);
  set_entry (a, entry, type, num_elems, data);
}

void
ps_cdf_writer_set_variable_entry (PsCdfWriter   *writer,
                                  const char    *attr,
                                  guint          var,
                                  PsCdfType      type,
                                  guint          num_elems,
                                  gconstpointer  data)
{
  WAttr *a;

  g_return_if_fail (get_var (writer, var) != NULL);
  g_return_if_fail (attr != NULL && strlen (attr) < NAME_BYTES);
  g_return_if_fail (ps_cdf_type_is_valid (type) && num_elems >= 1);

  a = lookup_attr (writer, attr, FALSE);
  g_return_if_fail (a != NULL);
  set_entry (a, var, type, num_elems, data);
}

void
ps_cdf_writer_set_variable_string (PsCdfWriter *writer,
                                   const char  *attr,
                                   guint        var,
                                   const char  *value)
{
  g_return_if_fail (value != NULL);

  /* CDF has no empty strings: a single space stands for one */
  if (*value == '\0')
    value = " ";
  ps_cdf_writer_set_variable_entry (writer, attr, var, PS_CDF_CHAR, strlen (value), value);
}

/* Big-endian metadata helpers */
static void
put_u32 (GByteArray *b,
         guint32     v)
{
  guint8 p[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (b, p, 4);
}

static void
put_u64 (GByteArray *b,
         guint64     v)
{
  put_u32 (b, (guint32) (v >> 32));
  put_u32 (b, (guint32) v);
}

static void
set_u32_at (GByteArray *b,
            gsize       pos,
            guint32     v)
{
  guint8 p[4] = { v >> 24, v >> 16, v >> 8, v };

  memcpy (b->data + pos, p, 4);
}

static void
set_u64_at (GByteArray *b,
            gsize       pos,
            guint64     v)
{
  set_u32_at (b, pos, (guint32) (v >> 32));
  set_u32_at (b, pos + 4, (guint32) v);
}

static void
put_name (GByteArray *b,
          const char *name)
{
  guint8 buf[NAME_BYTES] = { 0 };

  memcpy (buf, name, MIN (strlen (name), NAME_BYTES - 1));
  g_byte_array_append (b, buf, NAME_BYTES);
}

/* Host order to file order, in place, in units of the type's component. */
static void
to_file_order (const PsCdfWriter *writer,
               PsCdfType          type,
               guint8            *data,
               gsize              n_bytes)
{
  gsize unit = ps_cdf_type_component_size (type);

  if (!writer->swap || unit <= 1)
    return;
  for (gsize i = 0; i + unit <= n_bytes; i += unit)
    for (gsize j = 0; j < unit / 2; j++)
      {
        guint8 t = data[i + j];
        data[i + j] = data[i + unit - 1 - j];
        data[i + unit - 1 - j] = t;
      }
}

/* Appends a record header: size and type. */
static gsize
begin_record (GByteArray *b,
              gint        type)
{
  gsize start = b->len;

  put_u64 (b, 0);
  put_u32 (b, type);
  return start;
}

static void
end_record (GByteArray *b,
            gsize       start)
{
  set_u64_at (b, start, b->len - start);
}

static void
put_entry (const PsCdfWriter *writer,
           GByteArray        *b,
           const WAttr       *a,
           guint              attr_num,
           const WEntry      *e,
           gsize             *next_pos)
{
  gsize start = begin_record (b, a->global ? PS_CDF_REC_AGREDR : PS_CDF_REC_AZEDR);
  gsize size;
  const guint8 *data = g_bytes_get_data (e->data, &size);
  g_autofree guint8 *copy = g_memdup2 (data, size);
  gboolean is_char = e->type == PS_CDF_CHAR || e->type == PS_CDF_UCHAR;

  *next_pos = b->len;
  put_u64 (b, 0);                       /* AEDRnext */
  put_u32 (b, attr_num);
  put_u32 (b, e->type);
  put_u32 (b, e->number);
  put_u32 (b, e->num_elems);
  put_u32 (b, is_char ? 1 : 0);         /* NumStrings */
  put_u32 (b, 0);                       /* rfuB */
  put_u32 (b, 0);                       /* rfuC */
  put_u32 (b, NONE32);                  /* rfuD */
  put_u32 (b, NONE32);                  /* rfuE */
  to_file_order (writer, e->type, copy, size);
  g_byte_array_append (b, copy, size);
  end_record (b, start);
}

static gint
wentry_cmp (gconstpointer a,
            gconstpointer b)
{
  const WEntry *x = a, *y = b;

  return x->number < y->number ? -1 : x->number > y->number;
}

static void
put_attributes (const PsCdfWriter *writer,
                GByteArray        *b,
                gsize              gdr_adr_head)
{
  gsize link = gdr_adr_head;

  for (guint i = 0; i < writer->attrs->len; i++)
    {
      WAttr *a = g_ptr_array_index (writer->attrs, i);
      gsize start, head_pos, next_pos, entry_link;
      guint max_entry = 0;

      g_array_sort (a->entries, wentry_cmp);
      for (guint j = 0; j < a->entries->len; j++)
        max_entry = MAX (max_entry, g_array_index (a->entries, WEntry, j).number);
      set_u64_at (b, link, b->len);
      start = begin_record (b, PS_CDF_REC_ADR);
      next_pos = b->len;
      put_u64 (b, 0);                             /* ADRnext */
      head_pos = b->len;
      put_u64 (b, 0);                             /* AgrEDRhead */
      put_u32 (b, a->global ? 1 : 2);             /* scope */
      put_u32 (b, i);
      put_u32 (b, a->global ? a->entries->len : 0);
      put_u32 (b, a->global && a->entries->len ? max_entry : NONE32);
      put_u32 (b, 0);                             /* rfuA */
      put_u64 (b, 0);                             /* AzEDRhead */
      put_u32 (b, a->global ? 0 : a->entries->len);
      put_u32 (b, !a->global && a->entries->len ? max_entry : NONE32);
      put_u32 (b, NONE32);                        /* rfuE */
      put_name (b, a->name);
      end_record (b, start);
      link = next_pos;

      /* the entries follow their ADR; zEntries head is 8 bytes further */
      entry_link = a->global ? head_pos : head_pos + 8 + 4 * 5;
      for (guint j = 0; j < a->entries->len; j++)
        {
          gsize aedr_next;

          set_u64_at (b, entry_link, b->len);
          put_entry (writer, b, a, i, &g_array_index (a->entries, WEntry, j), &aedr_next);
          entry_link = aedr_next;
        }
    }
}

static void
put_variables (const PsCdfWriter *writer,
               GByteArray        *b,
               gsize              gdr_zvdr_head)
{
  gsize link = gdr_zvdr_head;

  for (guint i = 0; i < writer->vars->len; i++)
    {
      WVar *v = g_ptr_array_index (writer->vars, i);
      gsize start, next_pos, cpr_pos;
      guint32 flags = (v->record_varys ? 1 : 0) | (v->pad ? 2 : 0) |
                      (v->compression != PS_CDF_COMPRESSION_NONE ? 4 : 0);

      set_u64_at (b, link, b->len);
      start = begin_record (b, PS_CDF_REC_ZVDR);
      v->vdr_pos = start;
      next_pos = b->len;
      put_u64 (b, 0);                     /* VDRnext */
      put_u32 (b, v->type);
      put_u32 (b, NONE32);                /* MaxRec, patched */
      put_u64 (b, 0);                     /* VXRhead, patched */
      put_u64 (b, 0);                     /* VXRtail, patched */
      put_u32 (b, flags);
      put_u32 (b, 0);                     /* SRecords */
      put_u32 (b, 0);                     /* rfuB */
      put_u32 (b, NONE32);                /* rfuC */
      put_u32 (b, NONE32);                /* rfuF */
      put_u32 (b, v->num_elems);
      put_u32 (b, i);
      cpr_pos = b->len;
      put_u64 (b, NONE64);                /* CPRorSPRoffset */
      put_u32 (b, (guint32) block_records (v));
      put_name (b, v->name);
      put_u32 (b, v->n_dims);
      for (guint d = 0; d < v->n_dims; d++)
        put_u32 (b, v->dims[d]);
      for (guint d = 0; d < v->n_dims; d++)
        put_u32 (b, NONE32);              /* VARY */
      if (v->pad)
        {
          gsize size = ps_cdf_type_size (v->type) * v->num_elems;
          g_autofree guint8 *pad = g_memdup2 (v->pad, size);

          to_file_order (writer, v->type, pad, size);
          g_byte_array_append (b, pad, size);
        }
      end_record (b, start);
      link = next_pos;

      if (v->compression != PS_CDF_COMPRESSION_NONE)
        {
          set_u64_at (b, cpr_pos, b->len);
          start = begin_record (b, PS_CDF_REC_CPR);
          put_u32 (b, v->compression);
          put_u32 (b, 0);                 /* rfuA */
          put_u32 (b, 1);                 /* pCount */
          put_u32 (b, v->level);
          end_record (b, start);
        }
    }
}

typedef struct
{
  FILE    *fp;
  guint64  pos;
  gboolean ok;
} Out;

static void
out_write (Out           *out,
           gconstpointer  data,
           gsize          size)
{
  if (out->ok && size > 0 && fwrite (data, 1, size, out->fp) != size)
    out->ok = FALSE;
  out->pos += size;
}

static void
out_header (Out    *out,
            guint64 size,
            gint    type)
{
  guint8 h[12];

  for (int i = 0; i < 8; i++)
    h[i] = (guint8) (size >> (56 - 8 * i));
  for (int i = 0; i < 4; i++)
    h[8 + i] = (guint8) ((guint32) type >> (24 - 8 * i));
  out_write (out, h, sizeof h);
}

/* Writes the blocks of v, then its VXR chain; patches its VDR. */
static void
write_variable_data (const PsCdfWriter *writer,
                     WVar              *v,
                     GByteArray        *meta,
                     Out               *out)
{
  gsize rec_bytes = var_record_bytes (v);
  gint64 per_block = block_records (v);
  g_autoptr(GArray) blocks = g_array_new (FALSE, FALSE, sizeof (WBlock));
  g_autoptr(GByteArray) vxr = g_byte_array_new ();
  struct libdeflate_compressor *comp = NULL;
  g_autofree guint8 *tmp = NULL;
  g_autofree guint8 *cbuf = NULL;
  gsize cbuf_size = 0;
  const guint8 *values;
  guint64 head = 0, tail = 0;

  if (v->n_records == 0 || v->values == NULL)
    return;
  values = g_bytes_get_data (v->values, NULL);
  if (writer->swap)
    tmp = g_malloc (per_block * rec_bytes);
  if (v->compression == PS_CDF_COMPRESSION_GZIP)
    {
      comp = libdeflate_alloc_compressor ((int) v->level);
      cbuf_size = libdeflate_gzip_compress_bound (comp, per_block * rec_bytes);
      cbuf = g_malloc (cbuf_size);
    }

  for (gint64 r = 0; r < v->n_records; r += per_block)
    {
      gint64 k = MIN (per_block, v->n_records - r);
      gsize n = (gsize) k * rec_bytes;
      const guint8 *data = values + (gsize) r * rec_bytes;
      WBlock blk = { r, r + k - 1, out->pos };

      if (writer->swap)
        {
          memcpy (tmp, data, n);
          to_file_order (writer, v->type, tmp, n);
          data = tmp;
        }
      if (comp != NULL)
        {
          gsize csize = libdeflate_gzip_compress (comp, data, n, cbuf, cbuf_size);
          guint8 extra[12] = { 0 };

          g_assert (csize > 0);
          out_header (out, 24 + csize, PS_CDF_REC_CVVR);
          for (int i = 0; i < 8; i++)
            extra[4 + i] = (guint8) ((guint64) csize >> (56 - 8 * i));
          out_write (out, extra, sizeof extra);     /* rfuA, cSize */
          out_write (out, cbuf, csize);
        }
      else
        {
          out_header (out, 12 + n, PS_CDF_REC_VVR);
          out_write (out, data, n);
        }
      g_array_append_val (blocks, blk);
    }
  if (comp != NULL)
    libdeflate_free_compressor (comp);

  /* VXR chain, VXR_ENTRIES entries per record */
  for (guint i = 0; i < blocks->len; i += VXR_ENTRIES)
    {
      guint n = MIN (VXR_ENTRIES, blocks->len - i);
      gsize start;

      g_byte_array_set_size (vxr, 0);
      start = begin_record (vxr, PS_CDF_REC_VXR);
      put_u64 (vxr, i + n < blocks->len ? out->pos + 12 + 8 + 8 + (guint64) n * 16 : 0);
      put_u32 (vxr, n);
      put_u32 (vxr, n);
      for (guint j = 0; j < n; j++)
        put_u32 (vxr, (guint32) g_array_index (blocks, WBlock, i + j).first);
      for (guint j = 0; j < n; j++)
        put_u32 (vxr, (guint32) g_array_index (blocks, WBlock, i + j).last);
      for (guint j = 0; j < n; j++)
        put_u64 (vxr, g_array_index (blocks, WBlock, i + j).offset);
      end_record (vxr, start);
      if (head == 0)
        head = out->pos;
      tail = out->pos;
      out_write (out, vxr->data, vxr->len);
    }

  set_u32_at (meta, v->vdr_pos + 12 + 8 + 4, (guint32) (v->n_records - 1));
  set_u64_at (meta, v->vdr_pos + 12 + 8 + 8, head);
  set_u64_at (meta, v->vdr_pos + 12 + 8 + 8 + 8, tail);
}

gboolean
ps_cdf_writer_write (PsCdfWriter *writer,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  g_autofree char *tmp_path = NULL;
  gsize start, gdr_pos, gdr_zvdr, gdr_adr, gdr_eof;
  guint8 copyright[NAME_BYTES] = { 0 };
  Out out = { NULL, 0, TRUE };
  int saved_errno;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  put_u32 (meta, 0xCDF30001u);
  put_u32 (meta, 0x0000FFFFu);

  start = begin_record (meta, PS_CDF_REC_CDR);
  gdr_pos = meta->len;
  put_u64 (meta, 0);                      /* GDRoffset */
  put_u32 (meta, 3);                      /* Version */
  put_u32 (meta, 9);                      /* Release */
  put_u32 (meta, writer->encoding);
  put_u32 (meta, 1 | 2);                  /* row-major, single file */
  put_u32 (meta, 0);                      /* rfuA */
  put_u32 (meta, 0);                      /* rfuB */
  put_u32 (meta, 0);                      /* Increment */
  put_u32 (meta, 3);                      /* Identifier */
  put_u32 (meta, NONE32);                 /* rfuE */
  memcpy (copyright, "Common Data Format (CDF)\nWritten by Plasmascope\n", 48);
  g_byte_array_append (meta, copyright, sizeof copyright);
  end_record (meta, start);
  g_assert (meta->len == 8 + 312);

  set_u64_at (meta, gdr_pos, meta->len);
  start = begin_record (meta, PS_CDF_REC_GDR);
  put_u64 (meta, 0);                      /* rVDRhead */
  gdr_zvdr = meta->len;
  put_u64 (meta, 0);                      /* zVDRhead */
  gdr_adr = meta->len;
  put_u64 (meta, 0);                      /* ADRhead */
  gdr_eof = meta->len;
  put_u64 (meta, 0);                      /* eof */
  put_u32 (meta, 0);                      /* NrVars */
  put_u32 (meta, writer->attrs->len);
  put_u32 (meta, NONE32);                 /* rMaxRec */
  put_u32 (meta, 0);                      /* rNumDims */
  put_u32 (meta, writer->vars->len);
  put_u64 (meta, 0);                      /* UIRhead */
  put_u32 (meta, 0);                      /* rfuC */
  put_u32 (meta, 20170101);               /* LeapSecondLastUpdated */
  put_u32 (meta, NONE32);                 /* rfuE */
  end_record (meta, start);

  put_attributes (writer, meta, gdr_adr);
  put_variables (writer, meta, gdr_zvdr);

  tmp_path = g_strconcat (path, ".part", NULL);
  out.fp = g_fopen (tmp_path, "wb");
  if (out.fp == NULL)
    goto fail;
  out.pos = meta->len;
  if (fseeko (out.fp, (off_t) meta->len, SEEK_SET) != 0)
    out.ok = FALSE;
  for (guint i = 0; i < writer->vars->len && out.ok; i++)
    write_variable_data (writer, g_ptr_array_index (writer->vars, i), meta, &out);
  set_u64_at (meta, gdr_eof, out.pos);
  if (out.ok && fseeko (out.fp, 0, SEEK_SET) != 0)
    out.ok = FALSE;
  out_write (&out, meta->data, meta->len);
  if (fclose (out.fp) != 0)
    out.ok = FALSE;
  if (!out.ok || g_rename (tmp_path, path) != 0)
    goto fail;
  return TRUE;

fail:
  saved_errno = errno;
  g_unlink (tmp_path);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "Cannot write %s: %s", path, g_strerror (saved_errno));
  return FALSE;
}
