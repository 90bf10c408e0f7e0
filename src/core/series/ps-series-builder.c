/* ps-series-builder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mutable half of PsSeries. Readers of big files decode straight into
 * arrays from the _alloc_ functions (64-byte aligned), or hand over arrays
 * they already have with the _take_ ones; either way
 * ps_series_builder_end() moves the arrays into the series, so a 354 MB
 * variable is never copied. The _set_ functions copy, for small inputs and
 * for data the caller keeps.
 *
 * Rules applied by ps_series_builder_end():
 *  - times must be non-decreasing (duplicates are kept) and not
 *    PS_TIME_INVALID; values must have as many rows as there are times;
 *  - without labels, components are labelled by their index: "0", "1", …
 *    (readers that know better, from ISTP LABLAXIS or LABL_PTR_1, set them);
 *  - values equal to the fill value become NaN; bins and times are left
 *    alone (ISTP fill in a bin variable is a different, rarer problem, for
 *    the reader to solve);
 *  - without an explicit display kind: spectrogram if there are bins, line
 *    for one component, multi for several.
 */

#define G_LOG_DOMAIN "ps-series"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ps-series-private.h"

struct _PsSeriesBuilder
{
  PsSeriesArray  times;
  gsize          n_times;

  PsSeriesArray  values;
  gsize          n_rows;
  guint          m;

  PsSeriesArray  bins;
  PsBinsKind     bins_kind;
  gsize          bins_rows;
  guint          bins_m;
  char          *bins_units;
  char          *bins_label;

  char          *name;
  char          *units;
  char         **labels;
  PsDisplayKind  display_kind;
  gboolean       has_display_kind;
  double         fill;          /* NaN: no fill value */
  GHashTable    *meta;
};

static gsize
checked_count (gsize n,
               guint m)
{
  gsize count;

  if (!g_size_checked_mul (&count, n, m))
    g_error ("%s: %" G_GSIZE_FORMAT " × %u elements overflow", G_STRLOC, n, m);

  return count;
}

/* Allocates the copy before releasing the old array, in case @src is it. */
static void
array_copy (PsSeriesArray *array,
            gconstpointer  src,
            gsize          n_elements,
            gsize          element_size)
{
  PsSeriesArray copy = { NULL, NULL };
  gpointer dest = _ps_series_array_alloc (&copy, n_elements, element_size);

  if (dest != NULL)
    memcpy (dest, src, n_elements * element_size);

  _ps_series_array_clear (array);
  *array = copy;
}

static void
array_take (PsSeriesArray *array,
            gpointer       data)
{
  if (array->data == data)
    return;

  _ps_series_array_clear (array);
  array->data = data;
  array->free_func = g_free;
}

static void
replace_string (char       **field,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
builder_reset (PsSeriesBuilder *self)
{
  _ps_series_array_clear (&self->times);
  _ps_series_array_clear (&self->values);
  _ps_series_array_clear (&self->bins);
  g_clear_pointer (&self->bins_units, g_free);
  g_clear_pointer (&self->bins_label, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->units, g_free);
  g_clear_pointer (&self->labels, g_strfreev);
  g_hash_table_remove_all (self->meta);

  self->n_times = 0;
  self->n_rows = 0;
  self->m = 0;
  self->bins_kind = PS_BINS_NONE;
  self->bins_rows = 0;
  self->bins_m = 0;
  self->display_kind = PS_DISPLAY_LINE;
  self->has_display_kind = FALSE;
  self->fill = NAN;
}

PsSeriesBuilder *
ps_series_builder_new (void)
{
  PsSeriesBuilder *self = g_new0 (PsSeriesBuilder, 1);

  self->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  builder_reset (self);
  return self;
}

void
ps_series_builder_free (PsSeriesBuilder *self)
{
  if (self == NULL)
    return;

  builder_reset (self);
  g_hash_table_unref (self->meta);
  g_free (self);
}

/* Description */

/* @name: (nullable): the product path, e.g. "cda/AC_H2_MFI/BGSEc" */
void
ps_series_builder_set_name (PsSeriesBuilder *self,
                            const char      *name)
{
  g_return_if_fail (self != NULL);

  replace_string (&self->name, name);
}

void
ps_series_builder_set_units (PsSeriesBuilder *self,
                             const char      *units)
{
  g_return_if_fail (self != NULL);

  replace_string (&self->units, units);
}

/* @labels: (nullable) (array zero-terminated=1): none, or one per component */
void
ps_series_builder_set_labels (PsSeriesBuilder    *self,
                              const char * const *labels)
{
  char **copy;

  g_return_if_fail (self != NULL);

  copy = g_strdupv ((char **) labels);
  g_strfreev (self->labels);
  self->labels = copy;
}

void
ps_series_builder_set_display_kind (PsSeriesBuilder *self,
                                    PsDisplayKind    kind)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) kind <= PS_DISPLAY_SPECTROGRAM);

  self->display_kind = kind;
  self->has_display_kind = TRUE;
}

/* Values equal to @fill become NaN when the series is built. NaN (the
 * default) means no fill value. */
void
ps_series_builder_set_fill_value (PsSeriesBuilder *self,
                                  double           fill)
{
  g_return_if_fail (self != NULL);

  self->fill = fill;
}

/* @value: (nullable): the new value, or %NULL to remove @key */
void
ps_series_builder_set_meta (PsSeriesBuilder *self,
                            const char      *key,
                            const char      *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  if (value == NULL)
    g_hash_table_remove (self->meta, key);
  else
    g_hash_table_replace (self->meta, g_strdup (key), g_strdup (value));
}

/* Times */

void
ps_series_builder_set_times (PsSeriesBuilder *self,
                             const PsTime    *times,
                             gsize            n)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (times != NULL || n == 0);

  array_copy (&self->times, times, n, sizeof (PsTime));
  self->n_times = n;
}

/* @times: (transfer full): from g_malloc(); released with g_free() */
void
ps_series_builder_take_times (PsSeriesBuilder *self,
                              PsTime          *times,
                              gsize            n)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (times != NULL || n == 0);

  array_take (&self->times, times);
  self->n_times = n;
}

/* Returns: (transfer none): @n uninitialised times, owned by the builder,
 * to fill before ps_series_builder_end(); %NULL if @n is 0 */
PsTime *
ps_series_builder_alloc_times (PsSeriesBuilder *self,
                               gsize            n)
{
  g_return_val_if_fail (self != NULL, NULL);

  self->n_times = n;
  return _ps_series_array_alloc (&self->times, n, sizeof (PsTime));
}

/* Values */

static void
set_values_shape (PsSeriesBuilder *self,
                  gsize            n,
                  guint            m)
{
  self->n_rows = n;
  self->m = m;
}

/* @values: @n rows of @m components, row-major; @m > 0 */
void
ps_series_builder_set_values (PsSeriesBuilder *self,
                              const double    *values,
                              gsize            n,
                              guint            m)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (m > 0);
  g_return_if_fail (values != NULL || n == 0);

  array_copy (&self->values, values, checked_count (n, m), sizeof (double));
  set_values_shape (self, n, m);
}

/* @values: (transfer full): from g_malloc(); released with g_free(); the
 * fill value is replaced in place */
void
ps_series_builder_take_values (PsSeriesBuilder *self,
                               double          *values,
                               gsize            n,
                               guint            m)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (m > 0);
  g_return_if_fail (values != NULL || n == 0);

  array_take (&self->values, values);
  set_values_shape (self, n, m);
}

/* Returns: (transfer none): @n × @m uninitialised values owned by the
 * builder; %NULL if @n is 0 */
double *
ps_series_builder_alloc_values (PsSeriesBuilder *self,
                                gsize            n,
                                guint            m)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (m > 0, NULL);

  set_values_shape (self, n, m);
  return _ps_series_array_alloc (&self->values, checked_count (n, m), sizeof (double));
}

/* Bins */

static void
set_bins_shape (PsSeriesBuilder *self,
                PsBinsKind       kind,
                gsize            n,
                guint            m)
{
  self->bins_kind = kind;
  self->bins_rows = n;
  self->bins_m = m;
}

/* One bin centre per component, the same for every sample; copied. */
void
ps_series_builder_set_constant_bins (PsSeriesBuilder *self,
                                     const double    *bins,
                                     guint            m)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (bins != NULL && m > 0);

  array_copy (&self->bins, bins, m, sizeof (double));
  set_bins_shape (self, PS_BINS_CONSTANT, 0, m);
}

/* @bins: one row of @m bins per sample; copied */
void
ps_series_builder_set_varying_bins (PsSeriesBuilder *self,
                                    const double    *bins,
                                    gsize            n,
                                    guint            m)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (m > 0);
  g_return_if_fail (bins != NULL || n == 0);

  array_copy (&self->bins, bins, checked_count (n, m), sizeof (double));
  set_bins_shape (self, PS_BINS_VARYING, n, m);
}

/* @bins: (transfer full): from g_malloc(); released with g_free() */
void
ps_series_builder_take_varying_bins (PsSeriesBuilder *self,
                                     double          *bins,
                                     gsize            n,
                                     guint            m)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (m > 0);
  g_return_if_fail (bins != NULL || n == 0);

  array_take (&self->bins, bins);
  set_bins_shape (self, PS_BINS_VARYING, n, m);
}

/* Returns: (transfer none): @n × @m uninitialised bins owned by the builder */
double *
ps_series_builder_alloc_varying_bins (PsSeriesBuilder *self,
                                      gsize            n,
                                      guint            m)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (m > 0, NULL);

  set_bins_shape (self, PS_BINS_VARYING, n, m);
  return _ps_series_array_alloc (&self->bins, checked_count (n, m), sizeof (double));
}

void
ps_series_builder_set_bins_units (PsSeriesBuilder *self,
                                  const char      *units)
{
  g_return_if_fail (self != NULL);

  replace_string (&self->bins_units, units);
}

void
ps_series_builder_set_bins_label (PsSeriesBuilder *self,
                                  const char      *label)
{
  g_return_if_fail (self != NULL);

  replace_string (&self->bins_label, label);
}

/* Building */

static gboolean
check_shape (PsSeriesBuilder  *self,
             GError          **error)
{
  guint n_labels = self->labels != NULL ? g_strv_length (self->labels) : 0;

  if (self->n_rows != self->n_times)
    {
      g_set_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_SHAPE,
                   _("The series has %lu times but %lu rows of values"),
                   (unsigned long) self->n_times, (unsigned long) self->n_rows);
      return FALSE;
    }
  if (n_labels != 0 && n_labels != self->m)
    {
      g_set_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_SHAPE,
                   _("The series has %u components but %u labels"),
                   self->m, n_labels);
      return FALSE;
    }
  if (self->bins_kind != PS_BINS_NONE &&
      (self->bins_m != self->m ||
       (self->bins_kind == PS_BINS_VARYING && self->bins_rows != self->n_times)))
    {
      g_set_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_SHAPE,
                   _("The bins (%lu × %u) do not match the values (%lu × %u)"),
                   (unsigned long) (self->bins_kind == PS_BINS_VARYING ? self->bins_rows : 1),
                   self->bins_m, (unsigned long) self->n_times, self->m);
      return FALSE;
    }

  return TRUE;
}

/* Names the first offending sample, so that a broken file can be found. */
static gboolean
check_times (const PsTime  *times,
             gsize          n,
             GError       **error)
{
  for (gsize i = 1; i < n; i++)
    {
      if (times[i] < times[i - 1])
        {
          g_autofree char *before = ps_time_format_iso (times[i - 1], 9);
          g_autofree char *after = ps_time_format_iso (times[i], 9);

          g_set_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_UNSORTED,
                       _("Times are not sorted: sample %lu (%s) is earlier than sample %lu (%s)"),
                       (unsigned long) i, after, (unsigned long) (i - 1), before);
          return FALSE;
        }
    }

  /* Sorted, so an invalid time (G_MININT64) can only come first. */
  if (n > 0 && times[0] == PS_TIME_INVALID)
    {
      g_set_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_INVALID_TIME,
                   _("Sample 0 has no valid time"));
      return FALSE;
    }

  return TRUE;
}

static void
replace_fill (double *values,
              gsize   count,
              double  fill)
{
  if (isnan (fill))
    return;

  for (gsize i = 0; i < count; i++)
    if (values[i] == fill)
      values[i] = NAN;
}

static char **
default_labels (guint m)
{
  char **labels = g_new (char *, m + 1);

  for (guint j = 0; j < m; j++)
    labels[j] = g_strdup_printf ("%u", j);
  labels[m] = NULL;
  return labels;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
move_meta (PsSeriesBuilder *self,
           PsSeriesData    *data)
{
  guint n;
  g_autofree char **keys = (char **) g_hash_table_get_keys_as_array (self->meta, &n);

  qsort (keys, n, sizeof (char *), compare_strings);
  data->n_meta = n;
  data->meta_keys = g_new (char *, n + 1);
  data->meta_values = g_new (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      data->meta_keys[i] = g_strdup (keys[i]);
      data->meta_values[i] = g_strdup (g_hash_table_lookup (self->meta, keys[i]));
    }
  data->meta_keys[n] = NULL;
  data->meta_values[n] = NULL;
}

static PsDisplayKind
default_display_kind (PsSeriesBuilder *self)
{
  if (self->bins_kind != PS_BINS_NONE)
    return PS_DISPLAY_SPECTROGRAM;

  return self->m > 1 ? PS_DISPLAY_MULTI : PS_DISPLAY_LINE;
}

/* Moves everything into @data: arrays change owner, nothing is copied. */
static void
move_into (PsSeriesBuilder *self,
           PsSeriesData    *data)
{
  PsSeriesArray none = { NULL, NULL };

  data->n = self->n_times;
  data->m = self->m;
  data->times = self->times;
  data->values = self->values;
  data->bins = self->bins;
  self->times = self->values = self->bins = none;

  data->bins_kind = self->bins_kind;
  data->display_kind = self->has_display_kind ? self->display_kind
                                              : default_display_kind (self);
  data->name = g_steal_pointer (&self->name);
  data->units = g_steal_pointer (&self->units);
  data->bins_units = g_steal_pointer (&self->bins_units);
  data->bins_label = g_steal_pointer (&self->bins_label);

  if (self->labels != NULL && self->labels[0] != NULL)
    data->labels = g_steal_pointer (&self->labels);
  else
    data->labels = default_labels (self->m);

  move_meta (self, data);
}

/**
 * ps_series_builder_end:
 * @error: set with a %PS_SERIES_ERROR when the contents are inconsistent
 *
 * Validates the contents and moves them into a new series. Either way the
 * builder is left empty, ready for another series, and must still be freed.
 * A builder given nothing gives an empty series with m = 0.
 *
 * Returns: (transfer full) (nullable): the series, or %NULL with @error set
 */
PsSeries *
ps_series_builder_end (PsSeriesBuilder  *self,
                       GError          **error)
{
  PsSeriesData *data;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_shape (self, error) ||
      !check_times (self->times.data, self->n_times, error))
    {
      builder_reset (self);
      return NULL;
    }

  replace_fill (self->values.data, self->n_rows * self->m, self->fill);

  data = _ps_series_data_new ();
  move_into (self, data);
  builder_reset (self);

  return _ps_series_new (data, 0, data->n);
}
