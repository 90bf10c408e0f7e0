/* ps-cdf-variable.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading variable values.  Records are looked up in the flattened index
 * (see ps_cdf_load_segments), so a record range only touches, and only
 * decompresses, the blocks that hold it.  Records the file does not store
 * are materialised: the pad value, or for "previous" sparse variables the
 * last stored record before them.
 *
 * Speed: the stored records are cut into jobs (one per compressed block,
 * at most JOB_BYTES of an uncompressed block) that write straight into the
 * caller's buffer: a memcpy (plus an in-cache byte swap when the encoding
 * differs) from the mapping, or an inflate directly into the output when
 * a whole block is wanted and its layout is the delivered one.  Large
 * reads run the jobs on a few threads.  No decompressed block outlives
 * its job, so memory stays bounded by the output plus one block per
 * thread.
 */
#include "config.h"

#define G_LOG_DOMAIN "ps-cdf"

#include <stdlib.h>
#include <string.h>

#include "ps-cdf-private.h"

#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

#define JOB_BYTES        ((gsize) 4 << 20)   /* uncompressed work unit */
#define PIECE_BYTES      ((gsize) 256 << 10) /* copy-then-swap, in cache */
#define PARALLEL_BYTES   ((gsize) 8 << 20)   /* smaller reads stay serial */
#define MAX_THREADS      8
#define HUGE_PAGE_BYTES  ((gsize) 2 << 20)
#define HUGE_ALLOC_BYTES ((gsize) 4 << 20)

typedef struct
{
  gint    seg;        /* segment index */
  gint64  r;          /* first record, within the segment */
  gint64  k;          /* number of records */
  guint8 *dst;
} Job;

typedef struct
{
  PsCdfFile    *file;
  PsCdfVarPriv *var;
  gsize         phys_bytes;
  gsize         full_bytes;
  gboolean      column_major;
  gboolean      same_layout;   /* stored records are delivered records */
  GArray       *jobs;          /* Job */
  gint          next_job;      /* atomic */
  gint          failed;        /* atomic */
  GMutex        lock;
  GError       *error;         /* the first failure, under lock */
} Reader;

typedef struct
{
  guint8 *data;
  gsize   size;
} Scratch;

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

/* Whether ps_cdf_reshape_records() would be a plain copy. */
static gboolean
layout_is_plain (const PsCdfVarPriv *var,
                 gboolean            column_major)
{
  guint longer = 0;

  if (var->phys_values != var->pub.values_per_record)
    return FALSE;
  for (guint i = 0; i < var->pub.n_dims; i++)
    if (var->dims[i] > 1)
      longer++;
  return !column_major || longer <= 1;
}

/* Reshapes and decodes k stored records at src into dst, in pieces small
 * enough that the decode pass finds them in cache. */
static void
deliver (Reader       *rd,
         const guint8 *src,
         guint8       *dst,
         gint64        k)
{
  gsize per_piece = MAX (PIECE_BYTES / MAX (rd->full_bytes, 1), 1);

  if (rd->same_layout && !rd->file->swap && rd->file->float_kind == PS_CDF_FLOAT_IEEE)
    {
      memcpy (dst, src, (gsize) k * rd->full_bytes);
      return;
    }
  for (gint64 done = 0; done < k; done += per_piece)
    {
      gsize n = (gsize) MIN ((gint64) per_piece, k - done);
      guint8 *out = dst + (gsize) done * rd->full_bytes;

      ps_cdf_reshape_records (rd->var, rd->column_major, src + (gsize) done * rd->phys_bytes, out, n);
      ps_cdf_decode_values (rd->file, rd->var->pub.type, out, n * rd->full_bytes);
    }
}

static gboolean
run_compressed (Reader     *rd,
                const Job  *job,
                Scratch    *scratch,
                GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  const PsCdfSegment *seg = &g_array_index (rd->var->segments, PsCdfSegment, job->seg);
  PsCdfCursor cur;
  guint64 csize, expected;
  const guint8 *in;
  gboolean whole;
  guint8 *out;

  if (!ps_cdf_record_open (rd->file, seg->offset, PS_CDF_REC_CVVR, &cur, error))
    return FALSE;
  ps_cdf_cursor_u32 (&cur);
  csize = ps_cdf_cursor_off (&cur);
  in = ps_cdf_cursor_bytes (&cur, csize);
  if (in == NULL)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "Variable “%s”: compressed block at offset %" G_GUINT64_FORMAT " is truncated",
                   rd->var->name, seg->offset);
      return FALSE;
    }
  expected = (guint64) (seg->last - seg->first + 1) * rd->phys_bytes;
  if (expected > PS_CDF_MAX_INFLATED_BYTES || expected > G_MAXSIZE)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                   "Variable “%s”: a block of %" G_GUINT64_FORMAT " bytes is beyond the reader's limit",
                   rd->var->name, expected);
      return FALSE;
    }
  if (!ps_cdf_check_expansion (rd->var->pub.compression, csize, expected, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Variable “%s”: ", rd->var->name);
      return FALSE;
    }
  /* a whole block in the delivered layout inflates straight into place */
  whole = rd->same_layout && job->r == seg->first && job->k == seg->last - seg->first + 1;
  if (whole)
    out = job->dst;
  else
    {
      if (scratch->size < expected)
        {
          g_free (scratch->data);
          scratch->data = g_try_malloc (MAX (expected, 1));
          scratch->size = scratch->data ? expected : 0;
          if (scratch->data == NULL)
            {
              g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                           "Variable “%s”: not enough memory for a block of %" G_GUINT64_FORMAT " bytes",
                           rd->var->name, expected);
              return FALSE;
            }
        }
      out = scratch->data;
    }
  if (!ps_cdf_decompress (rd->var->pub.compression, in, csize, out, expected, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Variable “%s”: ", rd->var->name);
      return FALSE;
    }
  if (whole)
    ps_cdf_decode_values (rd->file, rd->var->pub.type, out, expected);
  else
    deliver (rd, out + (gsize) (job->r - seg->first) * rd->phys_bytes, job->dst, job->k);
  return TRUE;
}

static gboolean
run_job (Reader     *rd,
         const Job  *job,
         Scratch    *scratch,
         GError    **error)
{
  const PsCdfSegment *seg = &g_array_index (rd->var->segments, PsCdfSegment, job->seg);

  if (seg->compressed)
    return run_compressed (rd, job, scratch, error);
  deliver (rd, rd->file->base + seg->offset + (rd->file->v3 ? 12 : 8) +
               (gsize) (job->r - seg->first) * rd->phys_bytes,
           job->dst, job->k);
  return TRUE;
}

static gpointer
worker (gpointer data)
{
  Reader *rd = data;
  Scratch scratch = { NULL, 0 };
  gint i;

  while (!g_atomic_int_get (&rd->failed) &&
         (i = g_atomic_int_add (&rd->next_job, 1)) < (gint) rd->jobs->len)
    {
      GError *error = NULL;

      if (!run_job (rd, &g_array_index (rd->jobs, Job, i), &scratch, &error))
        {
          g_mutex_lock (&rd->lock);
          if (rd->error == NULL)
            rd->error = error;
          else
            g_error_free (error);
          g_mutex_unlock (&rd->lock);
          g_atomic_int_set (&rd->failed, 1);
        }
    }
  g_free (scratch.data);
  return NULL;
}

/* Runs every job, on several threads when there is enough work. */
static gboolean
run_jobs (Reader  *rd,
          gsize    total_bytes,
          GError **error)
{
  GThread *threads[MAX_THREADS];
  guint n_threads = 0, wanted = 1;

  if (total_bytes >= PARALLEL_BYTES && rd->jobs->len > 1)
    wanted = MIN (MIN ((guint) g_get_num_processors (), MAX_THREADS), rd->jobs->len);
  for (guint i = 1; i < wanted; i++)
    {
      threads[n_threads] = g_thread_try_new ("ps-cdf-read", worker, rd, NULL);
      if (threads[n_threads] != NULL)
        n_threads++;
    }
  worker (rd);
  for (guint i = 0; i < n_threads; i++)
    g_thread_join (threads[i]);
  if (rd->error != NULL)
    {
      g_propagate_error (error, rd->error);
      rd->error = NULL;
      return FALSE;
    }
  return TRUE;
}

static void
fill_pad (const PsCdfVarPriv *var,
          guint8             *dst,
          gint64              k)
{
  gsize elem = var->pub.element_size;
  gsize n = (gsize) k * var->pub.values_per_record;

  for (gsize i = 0; i < n; i++)
    memcpy (dst + i * elem, var->pad, elem);
}

static void
add_stored_jobs (Reader *rd,
                 gint    seg_index,
                 gint64  r,
                 gint64  k,
                 guint8 *dst)
{
  const PsCdfSegment *seg = &g_array_index (rd->var->segments, PsCdfSegment, seg_index);
  gint64 per_job = seg->compressed ? k : (gint64) MAX (JOB_BYTES / MAX (rd->full_bytes, 1), 1);

  for (gint64 done = 0; done < k; done += per_job)
    {
      Job job = { seg_index, r + done, MIN (per_job, k - done), dst + (gsize) done * rd->full_bytes };

      g_array_append_val (rd->jobs, job);
    }
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
  g_autoptr(GArray) jobs = NULL;
  g_autoptr(GArray) repeats = NULL;  /* Job: sparse "previous" fills */
  Reader rd = { 0 };
  guint64 needed;
  gint64 r, end;
  gboolean ok;

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
  rd.full_bytes = pub->values_per_record * pub->element_size;
  needed = (guint64) n_records * rd.full_bytes;
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

  rd.file = file;
  rd.var = var;
  rd.phys_bytes = var->phys_values * pub->element_size;
  rd.column_major = (file->flags & 1) == 0;
  rd.same_layout = layout_is_plain (var, rd.column_major);
  jobs = g_array_new (FALSE, FALSE, sizeof (Job));
  repeats = g_array_new (FALSE, FALSE, sizeof (Job));
  rd.jobs = jobs;
  g_mutex_init (&rd.lock);

  r = first_record;
  end = first_record + n_records;
  while (r < end)
    {
      GArray *segs = var->segments;
      gint i = find_segment (segs, r);
      guint8 *dst = (guint8 *) out + (gsize) (r - first_record) * rd.full_bytes;
      gint64 k;

      if (i >= 0 && g_array_index (segs, PsCdfSegment, i).last >= r)
        {
          k = MIN (g_array_index (segs, PsCdfSegment, i).last, end - 1) - r + 1;
          add_stored_jobs (&rd, i, r, k, dst);
        }
      else
        {
          gint64 next = (guint) (i + 1) < segs->len ? g_array_index (segs, PsCdfSegment, i + 1).first : end;

          k = MIN (next, end) - r;
          if (pub->sparse == PS_CDF_SPARSE_PREVIOUS && i >= 0)
            {
              Job job = { i, g_array_index (segs, PsCdfSegment, i).last, k, dst };

              g_array_append_val (repeats, job);
            }
          else
            fill_pad (var, dst, k);
        }
      r += k;
    }

  ok = run_jobs (&rd, needed, error);
  /* "previous" fills: the last stored record, repeated */
  for (guint j = 0; ok && j < repeats->len; j++)
    {
      Job job = g_array_index (repeats, Job, j);
      Scratch scratch = { NULL, 0 };
      gint64 k = job.k;

      job.k = 1;
      ok = run_job (&rd, &job, &scratch, error);
      g_free (scratch.data);
      for (gint64 n = 1; ok && n < k; n++)
        memcpy (job.dst + n * rd.full_bytes, job.dst, rd.full_bytes);
    }
  g_mutex_clear (&rd.lock);
  return ok;
}

/**
 * ps_cdf_alloc_values:
 * @size: bytes
 *
 * Allocates memory for values the way ps_cdf_variable_read_alloc() does:
 * large blocks are aligned on 2 MiB and backed by transparent huge pages
 * when the system allows it, which makes first writes several times
 * cheaper.  Free with g_free().
 *
 * Returns: (nullable): the memory, or %NULL when it cannot be allocated
 */
gpointer
ps_cdf_alloc_values (gsize size)
{
#if defined(G_OS_UNIX) && defined(MADV_HUGEPAGE)
  if (size >= HUGE_ALLOC_BYTES && size <= G_MAXSIZE - HUGE_PAGE_BYTES)
    {
      gsize rounded = (size + HUGE_PAGE_BYTES - 1) / HUGE_PAGE_BYTES * HUGE_PAGE_BYTES;
      void *p = NULL;

      if (posix_memalign (&p, HUGE_PAGE_BYTES, rounded) != 0)
        return NULL;
      madvise (p, rounded, MADV_HUGEPAGE);
      return p;
    }
#endif
  return g_try_malloc (MAX (size, 1));
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
  buf = ps_cdf_alloc_values (size);
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

/**
 * ps_cdf_variable_peek:
 *
 * The values of records [first_record, first_record + n_records) as they
 * lie in the file, without copying, when that is what
 * ps_cdf_variable_read() would deliver: the records are in one
 * uncompressed block, in host byte order and IEEE floats, and their
 * layout needs no reshaping.  The pointer is valid as long as @file.
 *
 * Returns: (nullable): the values, or %NULL when a copy is needed
 */
gconstpointer
ps_cdf_variable_peek (PsCdfFile           *file,
                      const PsCdfVariable *pub,
                      gint64               first_record,
                      gint64               n_records)
{
  PsCdfVarPriv *var = (PsCdfVarPriv *) pub;
  const PsCdfSegment *seg;
  gint i;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (pub != NULL, NULL);
  g_return_val_if_fail (pub->index < file->variables->len &&
                        g_ptr_array_index (file->variables, pub->index) == var, NULL);

  if (first_record < 0 || n_records <= 0 || first_record > pub->n_records ||
      n_records > pub->n_records - first_record)
    return NULL;
  if (file->float_kind != PS_CDF_FLOAT_IEEE ||
      (file->swap && ps_cdf_type_component_size (pub->type) > 1) ||
      !layout_is_plain (var, (file->flags & 1) == 0) ||
      !ps_cdf_load_segments (file, var, NULL))
    return NULL;
  i = find_segment (var->segments, first_record);
  if (i < 0)
    return NULL;
  seg = &g_array_index (var->segments, PsCdfSegment, i);
  if (seg->compressed || seg->last < first_record + n_records - 1)
    return NULL;
  return file->base + seg->offset + (file->v3 ? 12 : 8) +
         (gsize) (first_record - seg->first) * var->phys_values * pub->element_size;
}
