/* ps-cdf-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internals shared by the ps-cdf-*.c files.  Every read from the file goes
 * through PsCdfCursor, whose error is sticky: a read past its window sets
 * ok to FALSE and returns zeros, so parsers check once at the end of a
 * record instead of after every field.
 */
#pragma once

#include "ps-cdf-file.h"

G_BEGIN_DECLS

/* Limits that keep hostile files from exhausting memory or time. */
#define PS_CDF_MAX_DIMS            10          /* CDF_MAX_DIMS in the spec */
#define PS_CDF_MAX_RECORD_BYTES    ((guint64) 1 << 31)
#define PS_CDF_MAX_INFLATED_BYTES  ((guint64) 1 << 32)
#define PS_CDF_MAX_VXR_DEPTH       64
#define PS_CDF_MAX_CHAIN           (1u << 22)

/* Internal record types */
enum
{
  PS_CDF_REC_CDR = 1,
  PS_CDF_REC_GDR = 2,
  PS_CDF_REC_RVDR = 3,
  PS_CDF_REC_ADR = 4,
  PS_CDF_REC_AGREDR = 5,
  PS_CDF_REC_VXR = 6,
  PS_CDF_REC_VVR = 7,
  PS_CDF_REC_ZVDR = 8,
  PS_CDF_REC_AZEDR = 9,
  PS_CDF_REC_CCR = 10,
  PS_CDF_REC_CPR = 11,
  PS_CDF_REC_SPR = 12,
  PS_CDF_REC_CVVR = 13,
};

typedef struct
{
  const guint8 *base;
  guint64       start;   /* window in base: [start, end) */
  guint64       end;
  guint64       pos;
  gboolean      v3;      /* offsets are 8 bytes */
  gboolean      ok;
} PsCdfCursor;

typedef enum
{
  PS_CDF_FLOAT_IEEE,
  PS_CDF_FLOAT_VAX_D,    /* F_FLOAT for 4 bytes, D_FLOAT for 8 */
  PS_CDF_FLOAT_VAX_G,    /* F_FLOAT for 4 bytes, G_FLOAT for 8 */
} PsCdfFloatKind;

typedef struct
{
  gint64   first;
  gint64   last;
  guint64  offset;       /* of the VVR or CVVR */
  gboolean compressed;
} PsCdfSegment;

typedef struct
{
  PsCdfVariable pub;
  guint64       vxr_head;
  guint64       cpr_offset;
  char         *name;
  guint32       dims[PS_CDF_MAX_DIMS];
  gboolean      dim_varys[PS_CDF_MAX_DIMS];
  guint8       *pad;
  gsize         phys_values;        /* values stored per record */
  /* loaded on first read, under file->lock */
  gboolean      segments_loaded;
  GArray       *segments;           /* PsCdfSegment sorted by first */
} PsCdfVarPriv;

typedef struct
{
  PsCdfAttribute pub;
  char          *name;
  GArray        *g_entries;  /* PsCdfAttrEntry, sorted by number */
  GArray        *r_entries;
  GArray        *z_entries;
} PsCdfAttrPriv;

struct _PsCdfFile
{
  gatomicrefcount ref_count;
  GMappedFile    *mapped;
  GBytes         *bytes;       /* what base points into (mapping or inflated) */
  GBytes         *raw;         /* the stored bytes when bytes is inflated */
  const guint8   *base;
  gsize           size;
  gboolean        v3;
  guint           version, release, increment;
  guint           encoding;
  gboolean        swap;        /* file byte order differs from host */
  PsCdfFloatKind  float_kind;
  guint32         flags;
  PsCdfCompression compression;
  gint            leap_last_updated;
  guint64         gdr_offset;
  GPtrArray      *variables;   /* PsCdfVarPriv* */
  GPtrArray      *attributes;  /* PsCdfAttrPriv*, filled on first use */
  guint64         adr_head;
  guint           n_attr_declared;
  gsize           attributes_once;
  GError         *attributes_error;
  GHashTable     *var_by_name;
  GMutex          lock;
  /* Attribute entry values: many small pieces that live as long as the
   * file, so they come from a few large blocks (ps_cdf_file_arena_alloc). */
  GSList         *arena_blocks;
  guint8         *arena_pos;
  gsize           arena_left;
};

gpointer ps_cdf_file_arena_alloc (PsCdfFile *file,
                                  gsize      size);

/* cursor helpers (ps-cdf-records.c) */
gboolean ps_cdf_record_open     (PsCdfFile   *file,
                                 guint64      offset,
                                 gint         expected_type,
                                 PsCdfCursor *cur,
                                 GError     **error);

/* Cursor reads: inline, they run for every field of every record. A
 * failed read clears cur->ok and returns 0 or NULL. */
static inline guint32
ps_cdf_cursor_u32 (PsCdfCursor *cur)
{
  const guint8 *p;

  if (!cur->ok || cur->end - cur->pos < 4 || cur->pos > cur->end)
    {
      cur->ok = FALSE;
      return 0;
    }
  p = cur->base + cur->pos;
  cur->pos += 4;
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static inline guint64
ps_cdf_cursor_off (PsCdfCursor *cur)
{
  guint64 hi;

  if (!cur->v3)
    return ps_cdf_cursor_u32 (cur);
  hi = ps_cdf_cursor_u32 (cur);
  return (hi << 32) | ps_cdf_cursor_u32 (cur);
}

static inline void
ps_cdf_cursor_skip (PsCdfCursor *cur,
                    guint64      n)
{
  if (!cur->ok || cur->pos > cur->end || cur->end - cur->pos < n)
    cur->ok = FALSE;
  else
    cur->pos += n;
}

static inline const guint8 *
ps_cdf_cursor_bytes (PsCdfCursor *cur,
                     guint64      n)
{
  const guint8 *p = cur->base + cur->pos;

  ps_cdf_cursor_skip (cur, n);
  return cur->ok ? p : NULL;
}

gboolean ps_cdf_read_variables  (PsCdfFile   *file,
                                 guint64      rvdr_head,
                                 guint        n_r,
                                 guint64      zvdr_head,
                                 guint        n_z,
                                 guint        r_n_dims,
                                 const guint32 *r_dims,
                                 GError     **error);
gboolean ps_cdf_read_attributes (PsCdfFile   *file,
                                 guint64      adr_head,
                                 guint        n_attrs,
                                 GError     **error);
gboolean ps_cdf_load_segments   (PsCdfFile    *file,
                                 PsCdfVarPriv *var,
                                 GError      **error);
gboolean ps_cdf_read_cpr        (PsCdfFile        *file,
                                 guint64           offset,
                                 PsCdfCompression *type,
                                 guint            *level,
                                 GError          **error);
void     ps_cdf_var_priv_free   (gpointer data);
void     ps_cdf_attr_priv_free  (gpointer data);

/* ps-cdf-decode.c */
gboolean ps_cdf_type_is_valid   (guint32 type);
gsize    ps_cdf_type_component_size (PsCdfType type);
void     ps_cdf_decode_values   (PsCdfFile *file,
                                 PsCdfType  type,
                                 guint8    *data,
                                 gsize      n_bytes);
void     ps_cdf_default_pad     (PsCdfType  type,
                                 guint      num_elems,
                                 guint8    *out);
void     ps_cdf_reshape_records (const PsCdfVarPriv *var,
                                 gboolean            column_major,
                                 const guint8       *src,
                                 guint8             *dst,
                                 gsize               n_records);

/* ps-cdf-inflate.c: out_size is exact; anything else is an error */
gboolean ps_cdf_decompress      (PsCdfCompression type,
                                 const guint8    *in,
                                 gsize            in_size,
                                 guint8          *out,
                                 gsize            out_size,
                                 GError         **error);

/* FALSE (CORRUPT) when in_size bytes of this method cannot possibly
 * expand to out_size: checked before allocating for a declared size. */
gboolean ps_cdf_check_expansion (PsCdfCompression type,
                                 guint64          in_size,
                                 guint64          out_size,
                                 GError         **error);

/* ps-cdf-huffman.c: the same contract as ps_cdf_decompress() */
gboolean ps_cdf_huffman_decode  (const guint8 *in, gsize in_size, guint8 *out, gsize out_size, GError **error);
gboolean ps_cdf_ahuffman_decode (const guint8 *in, gsize in_size, guint8 *out, gsize out_size, GError **error);

G_END_DECLS
