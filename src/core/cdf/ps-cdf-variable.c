/* ps-cdf-variable.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading variable values.  Records are looked up in the flattened index
 * (see ps_cdf_load_segments), so a record range only touches, and only
 * decompresses, the blocks that hold it.  Records the file does not store
 * are materialised: the pad value, or for "previous" sparse variables the
 * last stored record before them.
 */
#include "config.h"

#define G_LOG_DOMAIN "ps-cdf"

#include <string.h>

#include "ps-cdf-private.h"

typedef struct
{
  PsCdfFile    *file;
  PsCdfVarPriv *var;
  gsize         phys_bytes;
  gsize         full_bytes;
  gboolean      column_major;
  gint          block_index;   /* segment whose data is in block */
  guint8       *block;
} ReadContext;

/* Index of the last segment starting at or before record r, or -1. */
static gint
find_segment (GArray *segments,
              gint64  r)
{
  gint lo = 0, hi = (gint) segments->len - 1, found = -1;

  while (lo <= hi)
    {
      gint mid = lo + (hi - lo) / 2;
      if (g_array_index (segments, PsCdfSegment, mid).first <= r)
        found = mid, lo = mid + 1;
      else
        hi = mid - 1;
    }
  return found;
}

static const guint8 *
segment_data (ReadContext *ctx,
              gint         index,
              GError     **error)
{
  PsCdfFile *file = ctx->file;
  const PsCdfSegment *seg = &g_array_index (ctx->var->segments, PsCdfSegment, index);
  g_autoptr(GError) local_error = NULL;
  PsCdfCursor cur;
  guint64 csize, expected;
  const guint8 *in;

  if (!seg->compressed)
    return file->base + seg->offset + (file->v3 ? 12 : 8);
  if (ctx->block_index == index)
    return ctx->block;

  g_clear_pointer (&ctx->block, g_free);
  ctx->block_index = -1;
  if (!ps_cdf_record_open (file, seg->offset, PS_CDF_REC_CVVR, &cur, error))
    return NULL;
  ps_cdf_cursor_u32 (&cur);
  csize = ps_cdf_cursor_off (&cur);
  in = ps_cdf_cursor_bytes (&cur, csize);
  if (in == NULL)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "Variable “%s”: compressed block at offset %" G_GUINT64_FORMAT " is truncated",
                   ctx->var->name, seg->offset);
      return NULL;
    }
  expected = (guint64) (seg->last - seg->first + 1) * ctx->phys_bytes;
  if (expected > PS_CDF_MAX_INFLATED_BYTES || expected > G_MAXSIZE)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                   "Variable “%s”: a block of %" G_GUINT64_FORMAT " bytes is beyond the reader's limit",
                   ctx->var->name, expected);
      return NULL;
    }
  ctx->block = g_try_malloc (MAX (expected, 1));
  if (ctx->block == NULL)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                   "Variable “%s”: not enough memory for a block of %" G_GUINT64_FORMAT " bytes",
                   ctx->var->name, expected);
      return NULL;
    }
  if (!ps_cdf_decompress (ctx->var->pub.compression, in, csize, ctx->block, expected, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Variable “%s”: ", ctx->var->name);
      g_clear_pointer (&ctx->block, g_free);
      return NULL;
    }
  ctx->block_index = index;
  return ctx->block;
}

/* Copies k stored records, starting at record r of segment index, to dst. */
static gboolean
copy_stored (ReadContext *ctx,
             gint         index,
             gint64       r,
             gint64       k,
             guint8      *dst,
             GError     **error)
{
  const PsCdfSegment *seg = &g_array_index (ctx->var->segments, PsCdfSegment, index);
  const guint8 *data = segment_data (ctx, index, error);

  if (data == NULL)
    return FALSE;
  ps_cdf_reshape_records (ctx->var, ctx->column_major,
                          data + (gsize) (r - seg->first) * ctx->phys_bytes, dst, k);
  ps_cdf_decode_values (ctx->file, ctx->var->pub.type, dst, k * ctx->full_bytes);
  return TRUE;
}

static void
fill_pad (ReadContext *ctx,
          guint8      *dst,
          gint64       k)
{
  gsize elem = ctx->var->pub.element_size;
  gsize n = (gsize) k * ctx->var->pub.values_per_record;

  for (gsize i = 0; i < n; i++)
    memcpy (dst + i * elem, ctx->var->pad, elem);
}

gboolean
ps_cdf_variable_read (PsCdfFile           *file,
                      const PsCdfVariable *pub,
                      gint64               first_record,
                      gint64               n_records,
                      gpointer             out,
                      gsize                out_size,
                      GError             **error)
{
  PsCdfVarPriv *var = (PsCdfVarPriv *) pub;
  ReadContext ctx = { 0 };
  guint64 needed;
  gint64 r, end;
  gboolean ok = TRUE;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (pub != NULL, FALSE);
  g_return_val_if_fail (pub->index < file->variables->len &&
                        g_ptr_array_index (file->variables, pub->index) == var, FALSE);
  g_return_val_if_fail (out != NULL || n_records == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (first_record < 0 || n_records < 0 || first_record > pub->n_records ||
      n_records > pub->n_records - first_record)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_INVALID,
                   "Variable “%s” has %" G_GINT64_FORMAT " records; cannot read %" G_GINT64_FORMAT
                   " from record %" G_GINT64_FORMAT,
                   pub->name, pub->n_records, n_records, first_record);
      return FALSE;
    }
  ctx.full_bytes = pub->values_per_record * pub->element_size;
  needed = (guint64) n_records * ctx.full_bytes;
  if (needed > out_size)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_INVALID,
                   "Buffer of %" G_GSIZE_FORMAT " bytes too small for %" G_GUINT64_FORMAT,
                   out_size, needed);
      return FALSE;
    }
  if (n_records == 0)
    return TRUE;
  if (!ps_cdf_load_segments (file, var, error))
    return FALSE;

  ctx.file = file;
  ctx.var = var;
  ctx.phys_bytes = var->phys_values * pub->element_size;
  ctx.column_major = (file->flags & 1) == 0;
  ctx.block_index = -1;

  r = first_record;
  end = first_record + n_records;
  while (ok && r < end)
    {
      GArray *segs = var->segments;
      gint i = find_segment (segs, r);
      guint8 *dst = (guint8 *) out + (gsize) (r - first_record) * ctx.full_bytes;
      gint64 k;

      if (i >= 0 && g_array_index (segs, PsCdfSegment, i).last >= r)
        {
          k = MIN (g_array_index (segs, PsCdfSegment, i).last, end - 1) - r + 1;
          ok = copy_stored (&ctx, i, r, k, dst, error);
        }
      else
        {
          gint64 next = (guint) (i + 1) < segs->len ? g_array_index (segs, PsCdfSegment, i + 1).first : end;

          k = MIN (next, end) - r;
          if (pub->sparse == PS_CDF_SPARSE_PREVIOUS && i >= 0)
            {
              ok = copy_stored (&ctx, i, g_array_index (segs, PsCdfSegment, i).last, 1, dst, error);
              for (gint64 j = 1; ok && j < k; j++)
                memcpy (dst + j * ctx.full_bytes, dst, ctx.full_bytes);
            }
          else
            fill_pad (&ctx, dst, k);
        }
      r += k;
    }
  g_free (ctx.block);
  return ok;
}

gpointer
ps_cdf_variable_read_alloc (PsCdfFile           *file,
                            const PsCdfVariable *var,
                            gint64               first_record,
                            gint64               n_records,
                            gsize               *out_size,
                            GError             **error)
{
  guint64 size;
  guint8 *buf;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (var != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_records < 0 || (n_records > 0 &&
      (guint64) n_records > PS_CDF_MAX_INFLATED_BYTES / MAX (var->values_per_record * var->element_size, 1)))
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                   "Reading %" G_GINT64_FORMAT " records of “%s” would exceed the memory limit",
                   n_records, var->name);
      return NULL;
    }
  size = (guint64) n_records * var->values_per_record * var->element_size;
  buf = g_try_malloc (MAX (size, 1));
  if (buf == NULL)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                   "Not enough memory to read %" G_GUINT64_FORMAT " bytes of “%s”", size, var->name);
      return NULL;
    }
  if (!ps_cdf_variable_read (file, var, first_record, n_records, buf, size, error))
    {
      g_free (buf);
      return NULL;
    }
  if (out_size)
    *out_size = size;
  return buf;
}
