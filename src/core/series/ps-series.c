/* ps-series.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A PsSeries is a small view (offset, count) on a PsSeriesData that holds
 * the arrays. Both are atomically refcounted: a slice is one small
 * allocation and one atomic increment, whatever the size of the data, and
 * the data lives as long as any view of it does, in any thread. Nothing is
 * ever written after ps_series_builder_end(), so readers need no lock.
 */

#define G_LOG_DOMAIN "ps-series"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ps-series-private.h"

G_DEFINE_BOXED_TYPE (PsSeries, ps_series, ps_series_ref, ps_series_unref)

G_DEFINE_QUARK (ps-series-error-quark, ps_series_error)

G_DEFINE_ENUM_TYPE (PsDisplayKind, ps_display_kind,
  G_DEFINE_ENUM_VALUE (PS_DISPLAY_LINE, "line"),
  G_DEFINE_ENUM_VALUE (PS_DISPLAY_VECTOR, "vector"),
  G_DEFINE_ENUM_VALUE (PS_DISPLAY_MULTI, "multi"),
  G_DEFINE_ENUM_VALUE (PS_DISPLAY_SPECTROGRAM, "spectrogram"))

G_DEFINE_ENUM_TYPE (PsBinsKind, ps_bins_kind,
  G_DEFINE_ENUM_VALUE (PS_BINS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PS_BINS_CONSTANT, "constant"),
  G_DEFINE_ENUM_VALUE (PS_BINS_VARYING, "varying"))

/* Same order as PsDisplayKind, same strings as the GEnum nicks; a table
 * rather than GEnumClass so that no class needs to be referenced. */
static const char * const display_kind_names[] = {
  "line", "vector", "multi", "spectrogram",
};

const char *
ps_display_kind_to_string (PsDisplayKind kind)
{
  g_return_val_if_fail ((guint) kind <= PS_DISPLAY_SPECTROGRAM, NULL);

  return display_kind_names[kind];
}

gboolean
ps_display_kind_from_string (const char    *text,
                             PsDisplayKind *kind)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (display_kind_names); i++)
    {
      if (strcmp (text, display_kind_names[i]) == 0)
        {
          *kind = (PsDisplayKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Storage */

#define HUGE_PAGE_BYTES  ((gsize) 2 << 20)
#define HUGE_ARRAY_BYTES ((gsize) 4 << 20)

gpointer
_ps_series_array_alloc (PsSeriesArray *array,
                        gsize          n_elements,
                        gsize          element_size)
{
  g_assert (array != NULL);

  _ps_series_array_clear (array);
  if (n_elements == 0)
    return NULL;

#if defined(MADV_HUGEPAGE)
  /* Large arrays on transparent huge pages: filling fresh memory costs
   * page faults, 512 times fewer of them with 2 MiB pages (a 1e7-sample
   * series is 80 MB per array). Freed with free(), like g_free(). */
  if (n_elements >= HUGE_ARRAY_BYTES / element_size)
    {
      gsize size;
      void *p = NULL;

      if (!g_size_checked_mul (&size, n_elements, element_size)
          || size > G_MAXSIZE - HUGE_PAGE_BYTES)
        g_error ("%s: %" G_GSIZE_FORMAT " × %" G_GSIZE_FORMAT " bytes overflow",
                 G_STRLOC, n_elements, element_size);
      size = (size + HUGE_PAGE_BYTES - 1) / HUGE_PAGE_BYTES * HUGE_PAGE_BYTES;
      if (posix_memalign (&p, HUGE_PAGE_BYTES, size) != 0)
        g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);
      madvise (p, size, MADV_HUGEPAGE);
      array->data = p;
      array->free_func = g_free;
      return array->data;
    }
#endif

  /* Aborts on overflow of n_elements × element_size, as g_malloc_n does. */
  array->data = g_aligned_alloc (n_elements, element_size, PS_SERIES_ALIGNMENT);
  array->free_func = g_aligned_free;
  return array->data;
}

void
_ps_series_array_clear (PsSeriesArray *array)
{
  g_assert (array != NULL);

  if (array->data != NULL && array->free_func != NULL)
    array->free_func (array->data);
  array->data = NULL;
  array->free_func = NULL;
}

/* The refcounts are g_atomic_int rather than g_atomic_rc_box: the same
 * atomic operations, but inlined here, so that ThreadSanitizer sees the
 * ordering between the last unref in one thread and the free (through
 * libglib's uninstrumented code it reports a race that is not there). */

static void
series_data_free (PsSeriesData *data)
{
  _ps_series_array_clear (&data->times);
  _ps_series_array_clear (&data->values);
  _ps_series_array_clear (&data->bins);
  g_free (data->name);
  g_free (data->units);
  g_free (data->bins_units);
  g_free (data->bins_label);
  g_strfreev (data->labels);
  g_strfreev (data->meta_keys);
  g_strfreev (data->meta_values);
  g_free (data);
}

static PsSeriesData *
series_data_ref (PsSeriesData *data)
{
  g_atomic_int_inc (&data->ref_count);
  return data;
}

static void
series_data_unref (PsSeriesData *data)
{
  if (g_atomic_int_dec_and_test (&data->ref_count))
    series_data_free (data);
}

PsSeriesData *
_ps_series_data_new (void)
{
  PsSeriesData *data = g_new0 (PsSeriesData, 1);

  data->ref_count = 1;
  return data;
}

/* Takes over one reference to @data. */
PsSeries *
_ps_series_new (PsSeriesData *data,
                gsize         offset,
                gsize         n)
{
  PsSeries *self;

  g_assert (data != NULL);
  g_assert (offset <= data->n && n <= data->n - offset);

  self = g_new0 (PsSeries, 1);
  self->ref_count = 1;
  self->data = data;
  self->offset = offset;
  self->n = n;
  return self;
}

PsSeries *
ps_series_ref (PsSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (g_atomic_int_get (&self->ref_count) > 0, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
ps_series_unref (PsSeries *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (g_atomic_int_get (&self->ref_count) > 0);

  if (g_atomic_int_dec_and_test (&self->ref_count))
    {
      series_data_unref (self->data);
      g_free (self);
    }
}

/* Samples */

gsize
ps_series_get_n (PsSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n;
}

guint
ps_series_get_m (PsSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->data->m;
}

/**
 * ps_series_get_times:
 *
 * Returns: (transfer none) (array) (nullable): the n sample times,
 * non-decreasing; may be %NULL when n is 0
 */
const PsTime *
ps_series_get_times (PsSeries *self)
{
  const PsTime *times;

  g_return_val_if_fail (self != NULL, NULL);

  times = self->data->times.data;
  return times != NULL ? times + self->offset : NULL;
}

PsTime
ps_series_get_time (PsSeries *self,
                    gsize     i)
{
  g_return_val_if_fail (self != NULL, PS_TIME_INVALID);
  g_return_val_if_fail (i < self->n, PS_TIME_INVALID);

  return ps_series_get_times (self)[i];
}

/**
 * ps_series_get_values:
 *
 * Returns: (transfer none) (array) (nullable): n × m values, row-major:
 * component j of sample i is at [i * m + j]; fill values are NaN. May be
 * %NULL when n or m is 0.
 */
const double *
ps_series_get_values (PsSeries *self)
{
  const double *values;

  g_return_val_if_fail (self != NULL, NULL);

  values = self->data->values.data;
  return values != NULL ? values + self->offset * self->data->m : NULL;
}

double
ps_series_get_value (PsSeries *self,
                     gsize     i,
                     guint     j)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (i < self->n, NAN);
  g_return_val_if_fail (j < self->data->m, NAN);

  return ps_series_get_values (self)[i * self->data->m + j];
}

/* [first time, last time + 1 ns): the smallest range that slices back to
 * the whole series. An empty series gives the empty range [0, 0). */
PsTimeRange
ps_series_get_time_range (PsSeries *self)
{
  const PsTime *times;
  PsTime last;

  g_return_val_if_fail (self != NULL, ps_time_range_make (0, 0));

  if (self->n == 0)
    return ps_time_range_make (0, 0);

  times = ps_series_get_times (self);
  last = times[self->n - 1];
  return ps_time_range_make (times[0], last < G_MAXINT64 ? last + 1 : last);
}

/* Description */

const char *
ps_series_get_name (PsSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data->name;
}

const char *
ps_series_get_units (PsSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data->units;
}

const char *
ps_series_get_label (PsSeries *self,
                     guint     j)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (j < self->data->m, NULL);

  return self->data->labels[j];
}

/**
 * ps_series_get_labels:
 *
 * Returns: (transfer none) (array zero-terminated=1): the m labels
 */
const char * const *
ps_series_get_labels (PsSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->data->labels;
}

PsDisplayKind
ps_series_get_display_kind (PsSeries *self)
{
  g_return_val_if_fail (self != NULL, PS_DISPLAY_LINE);

  return self->data->display_kind;
}

PsBinsKind
ps_series_get_bins_kind (PsSeries *self)
{
  g_return_val_if_fail (self != NULL, PS_BINS_NONE);

  return self->data->bins_kind;
}

/**
 * ps_series_get_bins:
 *
 * Returns: (transfer none) (nullable): %NULL without bins, m doubles for
 * constant bins, n × m row-major doubles (aligned with the values) for
 * time-varying ones
 */
const double *
ps_series_get_bins (PsSeries *self)
{
  const double *bins;

  g_return_val_if_fail (self != NULL, NULL);

  bins = self->data->bins.data;
  if (bins == NULL || self->data->bins_kind != PS_BINS_VARYING)
    return bins;

  return bins + self->offset * self->data->m;
}

const char *
ps_series_get_bins_units (PsSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data->bins_units;
}

const char *
ps_series_get_bins_label (PsSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data->bins_label;
}

static int
compare_keys (const void *a,
              const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Returns: (nullable): the ISTP attribute @key, or %NULL */
const char *
ps_series_get_meta (PsSeries   *self,
                    const char *key)
{
  PsSeriesData *data;
  char **found;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  data = self->data;
  found = bsearch (&key, data->meta_keys, data->n_meta, sizeof (char *), compare_keys);
  return found != NULL ? data->meta_values[found - data->meta_keys] : NULL;
}

/**
 * ps_series_get_meta_keys:
 *
 * Returns: (transfer none) (array zero-terminated=1): the metadata keys,
 * sorted by strcmp() so that listings are reproducible
 */
const char * const *
ps_series_get_meta_keys (PsSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->data->meta_keys;
}

/* Searching and slicing */

/* The first index whose time is >= @t (n if none): std::lower_bound. */
gsize
ps_series_lower_bound (PsSeries *self,
                       PsTime    t)
{
  const PsTime *times;
  gsize lo = 0;
  gsize hi;

  g_return_val_if_fail (self != NULL, 0);

  times = ps_series_get_times (self);
  hi = self->n;
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (times[mid] < t)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The first index whose time is > @t (n if none): std::upper_bound. */
gsize
ps_series_upper_bound (PsSeries *self,
                       PsTime    t)
{
  const PsTime *times;
  gsize lo = 0;
  gsize hi;

  g_return_val_if_fail (self != NULL, 0);

  times = ps_series_get_times (self);
  hi = self->n;
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (times[mid] <= t)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/**
 * ps_series_value_at:
 * @self: a #PsSeries
 * @t: a time
 * @j: a component, below ps_series_get_m()
 * @value: (out) (optional): the value of the sample
 * @sample_time: (out) (optional): the time of the sample
 *
 * Finds the last sample at or before @t, the one a scientist reads off a
 * cursor: values hold until the next sample, and nothing is interpolated.
 * Of samples sharing a time, the last one wins. A NaN value (a gap or a
 * fill value) is returned as it is.
 *
 * Returns: %FALSE if @t comes before the first sample (or there is none)
 */
gboolean
ps_series_value_at (PsSeries *self,
                    PsTime    t,
                    guint     j,
                    double   *value,
                    PsTime   *sample_time)
{
  gsize i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (j < ps_series_get_m (self), FALSE);

  i = ps_series_upper_bound (self, t);
  if (i == 0)
    return FALSE;
  if (value != NULL)
    *value = ps_series_get_value (self, i - 1, j);
  if (sample_time != NULL)
    *sample_time = ps_series_get_time (self, i - 1);
  return TRUE;
}

/**
 * ps_series_slice_index:
 * @first: index of the first sample, <= n
 * @count: number of samples, <= n - @first
 *
 * Returns: (transfer full): a view of samples [@first, @first + @count),
 * sharing the storage of @self (no copy); it stays valid after @self is
 * unreferenced
 */
PsSeries *
ps_series_slice_index (PsSeries *self,
                       gsize     first,
                       gsize     count)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (first <= self->n, NULL);
  g_return_val_if_fail (count <= self->n - first, NULL);

  if (first == 0 && count == self->n)
    return ps_series_ref (self);

  return _ps_series_new (series_data_ref (self->data),
                         self->offset + first, count);
}

/**
 * ps_series_slice:
 *
 * Returns: (transfer full): a view of the samples with start <= t < stop,
 * found by binary search and sharing the storage of @self. No sample in
 * the range (or an empty range) gives an empty series with the same m,
 * labels and metadata.
 */
PsSeries *
ps_series_slice (PsSeries          *self,
                 const PsTimeRange *range)
{
  gsize first;
  gsize last;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (range != NULL, NULL);

  /* A reversed range is empty, not an error: it can come from arithmetic. */
  first = ps_series_lower_bound (self, range->start);
  last = range->stop > range->start ? ps_series_lower_bound (self, range->stop) : first;
  return ps_series_slice_index (self, first, last - first);
}

/* Concatenation */

static gboolean
check_joinable (PsSeries  *first,
                guint      first_index,
                PsSeries  *piece,
                guint      index,
                GError   **error)
{
  PsSeriesData *a = first->data;
  PsSeriesData *b = piece->data;

  if (a->m != b->m)
    {
      g_set_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_INCOMPATIBLE,
                   _("Cannot join series: piece %u has %u components, piece %u has %u"),
                   first_index, a->m, index, b->m);
      return FALSE;
    }
  if (g_strcmp0 (a->units, b->units) != 0)
    {
      g_set_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_INCOMPATIBLE,
                   _("Cannot join series: piece %u is in “%s”, piece %u in “%s”"),
                   first_index, a->units ? a->units : "", index, b->units ? b->units : "");
      return FALSE;
    }
  if ((a->bins_kind == PS_BINS_NONE) != (b->bins_kind == PS_BINS_NONE) ||
      g_strcmp0 (a->bins_units, b->bins_units) != 0)
    {
      g_set_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_INCOMPATIBLE,
                   _("Cannot join series: the bins of piece %u and piece %u differ in kind or units"),
                   first_index, index);
      return FALSE;
    }

  return TRUE;
}

/* Constant bins stay constant only if every contributing piece has the same
 * ones; otherwise (an instrument changed its energy table between files)
 * they become time-varying. */
static PsBinsKind
joined_bins_kind (PsSeries * const *pieces,
                  guint             n_pieces,
                  const gsize      *skip)
{
  const double *constant = NULL;

  for (guint i = 0; i < n_pieces; i++)
    {
      PsSeries *piece = pieces[i];

      if (skip[i] == piece->n)
        continue;
      if (piece->data->bins_kind != PS_BINS_CONSTANT)
        return piece->data->bins_kind;
      if (constant == NULL)
        constant = piece->data->bins.data;
      else if (memcmp (constant, piece->data->bins.data, piece->data->m * sizeof (double)) != 0)
        return PS_BINS_VARYING;
    }

  return PS_BINS_CONSTANT;
}

static void
copy_description (PsSeriesBuilder *builder,
                  PsSeries        *model)
{
  PsSeriesData *data = model->data;

  ps_series_builder_set_name (builder, data->name);
  ps_series_builder_set_units (builder, data->units);
  ps_series_builder_set_labels (builder, (const char * const *) data->labels);
  ps_series_builder_set_display_kind (builder, data->display_kind);
  ps_series_builder_set_bins_units (builder, data->bins_units);
  ps_series_builder_set_bins_label (builder, data->bins_label);
  for (guint i = 0; data->meta_keys[i] != NULL; i++)
    ps_series_builder_set_meta (builder, data->meta_keys[i], data->meta_values[i]);
}

/* Copies rows [skip[i], n) of every piece, one after the other. */
static PsSeries *
join_pieces (PsSeries * const  *pieces,
             guint              n_pieces,
             const gsize       *skip,
             PsSeries          *model,
             gsize              total,
             GError           **error)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  guint m = model->data->m;
  PsBinsKind bins_kind = joined_bins_kind (pieces, n_pieces, skip);
  PsTime *times = ps_series_builder_alloc_times (builder, total);
  double *values = ps_series_builder_alloc_values (builder, total, m);
  double *bins = NULL;
  gsize row = 0;

  copy_description (builder, model);
  if (bins_kind == PS_BINS_VARYING)
    bins = ps_series_builder_alloc_varying_bins (builder, total, m);
  else if (bins_kind == PS_BINS_CONSTANT)
    ps_series_builder_set_constant_bins (builder, model->data->bins.data, m);

  for (guint i = 0; i < n_pieces; i++)
    {
      PsSeries *piece = pieces[i];
      gsize count = piece->n - skip[i];

      if (count == 0)
        continue;

      memcpy (times + row, ps_series_get_times (piece) + skip[i], count * sizeof (PsTime));
      memcpy (values + row * m, ps_series_get_values (piece) + skip[i] * m,
              count * m * sizeof (double));

      if (bins != NULL && piece->data->bins_kind == PS_BINS_VARYING)
        memcpy (bins + row * m, ps_series_get_bins (piece) + skip[i] * m,
                count * m * sizeof (double));
      else if (bins != NULL)
        for (gsize k = 0; k < count; k++)
          memcpy (bins + (row + k) * m, piece->data->bins.data, m * sizeof (double));

      row += count;
    }

  g_assert (row == total);
  return ps_series_builder_end (builder, error);
}

static PsSeries *
new_empty_series (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();

  return ps_series_builder_end (builder, NULL);
}

/**
 * ps_series_concat:
 * @pieces: (array length=n_pieces): series in time order
 * @error: set when pieces are out of order or cannot be joined
 *
 * Joins @pieces, e.g. the cache fragments covering a request. Empty pieces
 * are skipped. Pieces must start in time order and agree on m, units and
 * whether they have bins (constant bins that differ become time-varying).
 * Where pieces overlap, the earlier piece wins: a piece contributes only
 * its samples strictly after the last sample kept so far, so a boundary
 * sample present in both is kept once, from the earlier piece. Duplicate
 * times inside one piece are kept.
 *
 * Description (name, labels, display kind, metadata) comes from the first
 * non-empty piece. When a single piece contributes samples, the result is a
 * view of it, not a copy.
 *
 * Returns: (transfer full) (nullable): the joined series (empty if every
 * piece is), or %NULL with @error set
 */
PsSeries *
ps_series_concat (PsSeries * const  *pieces,
                  guint              n_pieces,
                  GError           **error)
{
  g_autofree gsize *skip = NULL;
  PsSeries *model = NULL;
  guint model_index = 0;
  guint contributor = 0;
  guint previous = 0;
  guint n_contributors = 0;
  gsize total = 0;
  PsTime last = 0;

  g_return_val_if_fail (pieces != NULL || n_pieces == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_pieces == 0)
    return new_empty_series ();

  skip = g_new0 (gsize, n_pieces);
  for (guint i = 0; i < n_pieces; i++)
    {
      PsSeries *piece = pieces[i];
      const PsTime *times;

      g_return_val_if_fail (piece != NULL, NULL);

      skip[i] = piece->n;
      if (piece->n == 0)
        continue;

      times = ps_series_get_times (piece);
      if (model == NULL)
        {
          model = piece;
          model_index = i;
          skip[i] = 0;
        }
      else
        {
          if (!check_joinable (model, model_index, piece, i, error))
            return NULL;
          if (times[0] < ps_series_get_times (pieces[previous])[0])
            {
              g_set_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_UNSORTED,
                           _("Cannot join series: piece %u starts before piece %u"),
                           i, previous);
              return NULL;
            }
          skip[i] = ps_series_upper_bound (piece, last);
        }

      previous = i;
      if (skip[i] < piece->n)
        {
          total += piece->n - skip[i];
          last = times[piece->n - 1];
          contributor = i;
          n_contributors++;
        }
    }

  if (model == NULL)
    return ps_series_ref (pieces[0]);
  if (n_contributors == 1)
    return ps_series_slice_index (pieces[contributor], skip[contributor],
                                  pieces[contributor]->n - skip[contributor]);

  return join_pieces (pieces, n_pieces, skip, model, total, error);
}
