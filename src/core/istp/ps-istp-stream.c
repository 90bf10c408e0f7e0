/* ps-istp-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ps_istp_stream(): the rows ps_istp_load() would return, handed over in
 * pieces of a few thousand converted in a reused buffer, for one-pass
 * consumers (a one-shot render's reductions) that need not hold the whole
 * series: no page of the full-size arrays is ever touched, which for
 * 10^7 samples is most of the cost of a load. The same rules as
 * ps_istp_load(), applied per piece: invalid times dropped, the time
 * selection, FILLVAL as NaN, VALIDMIN/VALIDMAX masking, sorted times.
 */

#define G_LOG_DOMAIN "ps-istp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-istp-private.h"
#include "ps-time-cdf.h"

/* Rows per piece: times, flags and values of a piece stay in the L2 cache. */
#define PIECE_ROWS 8192

/* Where the records of one variable come from, a piece at a time: a view
 * of the file when the reader delivers them as they lie there (aligned as
 * @align needs), else a copy of each piece; compressed records are
 * inflated once, whole, rather than once per piece. */
typedef struct
{
  PsCdfFile           *file;
  const PsCdfVariable *var;
  gint64               first;
  gsize                stride;
  gsize                align;
  const guint8        *whole;
  guint8              *owned;
  guint8              *piece;
} Source;

static gboolean
source_init (Source               *src,
             PsCdfFile            *file,
             const PsCdfVariable  *var,
             gint64                first,
             gint64                count,
             gsize                 align,
             GError              **error)
{
  gconstpointer view = ps_cdf_variable_peek (file, var, first, count);

  src->file = file;
  src->var = var;
  src->first = first;
  src->stride = var->values_per_record * var->element_size;
  src->align = align;
  src->whole = NULL;
  src->owned = NULL;
  src->piece = NULL;
  if (view != NULL && GPOINTER_TO_SIZE (view) % align == 0)
    src->whole = view;
  else if (var->compression != PS_CDF_COMPRESSION_NONE)
    {
      src->owned = ps_cdf_variable_read_alloc (file, var, first, count, NULL, error);
      src->whole = src->owned;
      return src->owned != NULL;
    }
  else
    src->piece = g_malloc (MAX ((gsize) PIECE_ROWS * src->stride, 1));
  return TRUE;
}

static void
source_clear (Source *src)
{
  g_clear_pointer (&src->owned, g_free);
  g_clear_pointer (&src->piece, g_free);
}

/* Records [first + at, first + at + k). */
static const guint8 *
source_get (Source   *src,
            gint64    at,
            gsize     k,
            GError  **error)
{
  gconstpointer view;

  if (src->whole != NULL)
    return src->whole + at * src->stride;
  view = ps_cdf_variable_peek (src->file, src->var, src->first + at, k);
  if (view != NULL && GPOINTER_TO_SIZE (view) % src->align == 0)
    return view;
  if (!ps_cdf_variable_read (src->file, src->var, src->first + at, k, src->piece, k * src->stride, error))
    return NULL;
  return src->piece;
}

/* Whether @times are all valid and sorted, the first not before @last. */
static gboolean
piece_is_plain (const PsTime *times,
                gsize         k,
                PsTime        last)
{
  guint8 sorted = 1;

  if (k == 0 || times[0] == PS_TIME_INVALID || (last != PS_TIME_INVALID && times[0] < last))
    return FALSE;
  for (gsize i = 1; i < k; i++)
    sorted &= times[i] >= times[i - 1];
  return sorted;
}

/**
 * ps_istp_stream:
 * @file: the data file
 * @master: (nullable): the master CDF of the dataset
 * @variable: a variable of @file
 * @opts: (nullable): options, as for ps_istp_load()
 * @func: called with each piece of rows, in order; returning %FALSE
 *   stops the stream (and ps_istp_stream() returns %TRUE)
 * @error: return location for an error
 *
 * Hands over the rows of ps_istp_load() (@file, @master, @variable, @opts)
 * in order, a piece at a time, each row numbered by its position among
 * the rows of @opts's record window. The times and values given to @func
 * are valid during the call only. Several streams of one file may run on
 * different threads once its attributes are loaded.
 *
 * Returns: %TRUE when every row was handed over (or @func stopped)
 */
gboolean
ps_istp_stream (PsCdfFile            *file,
                PsCdfFile            *master,
                const char           *variable,
                const PsIstpOptions  *opts,
                PsIstpRowsFunc        func,
                gpointer              user_data,
                GError              **error)
{
  PsIstpOptions defaults;
  const PsCdfVariable *var, *tv;
  const PsCdfAttrEntry *time_fill, *fill, *vmin = NULL, *vmax = NULL;
  g_autofree guint *offsets = NULL;
  Source time_src = { 0 }, value_src = { 0 };
  gboolean ok = FALSE;
  g_autofree PsTime *times = NULL;
  g_autofree gboolean *keep = NULL;
  g_autofree double *values = NULL;
  PsIstpVar time;
  gboolean ranged, plain_tt2000;
  gint64 first, end, count, row = 0;
  PsTime last = PS_TIME_INVALID;
  guint m = 0;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (variable != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (opts == NULL)
    {
      ps_istp_options_init (&defaults);
      opts = &defaults;
    }
  if (!ps_cdf_file_load_attributes (file, error)
      || (master != NULL && !ps_cdf_file_load_attributes (master, error)))
    return FALSE;
  var = ps_cdf_file_lookup_variable (file, variable);
  if (var == NULL)
    {
      g_set_error (error, PS_ISTP_ERROR, PS_ISTP_ERROR_NOT_FOUND,
                   _("No variable “%s” in the file"), variable);
      return FALSE;
    }
  if (!_ps_istp_check_plottable (file, master, var, &time, error))
    return FALSE;
  offsets = _ps_istp_offsets (var, &m);
  if (m == 0)
    {
      g_set_error (error, PS_ISTP_ERROR, PS_ISTP_ERROR_NOT_PLOTTABLE,
                   _("Variable “%s” has no value per record"), variable);
      return FALSE;
    }

  first = CLAMP (opts->first_record, 0, var->n_records);
  end = opts->n_records < 0 ? var->n_records : MIN (var->n_records, first + opts->n_records);
  count = MAX (end - first, 0);
  if (count == 0)
    return TRUE;

  tv = time.var;
  time_fill = _ps_istp_attr (file, master, tv->name, "FILLVAL");
  fill = _ps_istp_attr (file, master, var->name, "FILLVAL");
  if (opts->mask_invalid)
    {
      vmin = _ps_istp_attr (file, master, var->name, "VALIDMIN");
      vmax = _ps_istp_attr (file, master, var->name, "VALIDMAX");
    }
  plain_tt2000 = tv->type == PS_CDF_TIME_TT2000 && tv->values_per_record == 1;
  /* TT2000 times are copied into an aligned piece first: any view will do. */
  if (!source_init (&time_src, time.file, tv, first, count, plain_tt2000 ? 1 : CLAMP (tv->element_size, 1, 8),
                    error)
      || !source_init (&value_src, file, var, first, count, CLAMP (var->element_size, 1, 8), error))
    goto out;
  ranged = opts->range.start < opts->range.stop;
  times = g_new (PsTime, PIECE_ROWS);
  keep = g_new (gboolean, PIECE_ROWS);
  values = g_new (double, (gsize) PIECE_ROWS * m);

  for (gint64 at = 0; at < count; at += PIECE_ROWS)
    {
      gsize k = (gsize) MIN (PIECE_ROWS, count - at);
      gsize n_kept = 0;
      const guint8 *time_raw = source_get (&time_src, at, k, error);
      const guint8 *value_raw;

      if (time_raw == NULL)
        goto out;
      if (plain_tt2000)
        ps_time_from_tt2000_bytes (time_raw, times, k);
      else
        for (gsize i = 0; i < k; i++)
          times[i] = _ps_istp_record_time (tv, time_raw + i * time_src.stride, time_fill);

      /* Most pieces: every time valid (PS_TIME_INVALID is the smallest
       * value, so it breaks the order), sorted, and inside the selection:
       * nothing to drop, checked without a branch per row. */
      if (piece_is_plain (times, k, last)
          && (!ranged || (times[0] >= opts->range.start && times[k - 1] < opts->range.stop)))
        {
          n_kept = k;
          last = times[k - 1];
        }
      else
        {
          for (gsize i = 0; i < k; i++)
            {
              PsTime t = times[i];

              keep[i] = FALSE;
              if (t == PS_TIME_INVALID)
                continue;
              if (last != PS_TIME_INVALID && t < last)
                {
                  g_set_error (error, PS_ISTP_ERROR, PS_ISTP_ERROR_UNSORTED,
                               _("Times of “%s” (DEPEND_0 of “%s”) are not sorted: record %lld is earlier than the one before"),
                               tv->name, var->name, (long long) (first + at + i));
                  goto out;
                }
              last = t;
              if (ranged && (t < opts->range.start || t >= opts->range.stop))
                continue;
              keep[i] = TRUE;
              times[n_kept++] = t;
            }
        }
      if (n_kept == 0)
        continue;

      if ((value_raw = source_get (&value_src, at, k, error)) == NULL)
        goto out;
      _ps_istp_convert_rows (var, value_raw, k, n_kept == k ? NULL : keep, offsets, m, fill, values);
      if (opts->mask_invalid)
        _ps_istp_mask_valid (var, vmin, vmax, values, n_kept, m);
      if (!func (row, times, values, n_kept, m, user_data))
        break;
      row += n_kept;
    }
  ok = TRUE;

out:
  source_clear (&time_src);
  source_clear (&value_src);
  return ok;
}
