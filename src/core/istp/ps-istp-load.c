/* ps-istp-load.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ps_istp_load(): the rules are listed at the top of ps-istp.c.
 */

#define G_LOG_DOMAIN "ps-istp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ps-istp-private.h"
#include "ps-time-cdf.h"

typedef struct
{
  PsCdfFile           *file;
  PsCdfFile           *master;
  const PsCdfVariable *var;
  PsIstpVar            time;
  gint64               first;     /* first record read */
  gint64               count;     /* records read */
  PsTime              *times;     /* count times, kept ones compacted */
  gboolean            *keep;      /* count flags */
  gsize                n;         /* kept records */
  guint               *offsets;
  guint                m;
} Load;

static void
load_clear (Load *self)
{
  g_clear_pointer (&self->times, g_free);
  g_clear_pointer (&self->keep, g_free);
  g_clear_pointer (&self->offsets, g_free);
}

static guint
n_varying_dims (const PsCdfVariable *var)
{
  guint count = 0;

  for (guint d = 0; d < var->n_dims; d++)
    if (var->dim_varys[d])
      count++;
  return count;
}

/* The records as the reader delivers them: a view of the file itself when
 * no conversion is needed (no copy, no fresh pages to fault in), else a
 * new array left in *owned. */
static const guint8 *
read_records (PsCdfFile            *file,
              const PsCdfVariable  *var,
              gint64                first,
              gint64                count,
              guint8              **owned,
              GError              **error)
{
  gconstpointer view = ps_cdf_variable_peek (file, var, first, count);

  /* Values are read as their type from there: only an aligned view will do. */
  if (view != NULL && (GPOINTER_TO_SIZE (view) % CLAMP (var->element_size, 1, 8)) == 0)
    return view;
  *owned = ps_cdf_variable_read_alloc (file, var, first, count, NULL, error);
  return *owned;
}

/* Reads the time axis over the selected records, marks the records to
 * keep and narrows [first, first + count) to the kept ones. */
static gboolean
load_times (Load                 *self,
            const PsIstpOptions  *opts,
            GError              **error)
{
  const PsCdfVariable *tv = self->time.var;
  const PsCdfAttrEntry *fill = _ps_istp_attr (self->file, self->master, tv->name, "FILLVAL");
  g_autofree guint8 *raw = NULL;
  const guint8 *data;
  gboolean ranged = opts->range.start < opts->range.stop;
  gsize stride = tv->values_per_record * tv->element_size;
  gint64 lo = -1, hi = -1, n_kept = 0;
  PsTime last = PS_TIME_INVALID;

  if (self->count == 0)
    return TRUE;
  data = read_records (self->time.file, tv, self->first, self->count, &raw, error);
  if (data == NULL)
    return FALSE;

  /* Huge-page backed when large; handed to the series, freed with g_free. */
  self->times = ps_cdf_alloc_values ((gsize) self->count * sizeof (PsTime));
  if (self->times == NULL)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_TOO_LARGE,
                   _("Not enough memory for %lld times"), (long long) self->count);
      return FALSE;
    }
  self->keep = g_new0 (gboolean, self->count);
  if (tv->type == PS_CDF_TIME_TT2000 && tv->values_per_record == 1)
    ps_time_from_tt2000_array ((const gint64 *) data, self->times, self->count);
  else
    for (gint64 i = 0; i < self->count; i++)
      self->times[i] = _ps_istp_record_time (tv, data + i * stride, fill);

  for (gint64 i = 0; i < self->count; i++)
    {
      PsTime t = self->times[i];

      if (t == PS_TIME_INVALID)
        continue;
      if (last != PS_TIME_INVALID && t < last)
        {
          char before[64], after[64];

          ps_time_format_iso_buf (last, 9, before, sizeof before);
          ps_time_format_iso_buf (t, 9, after, sizeof after);
          g_set_error (error, PS_ISTP_ERROR, PS_ISTP_ERROR_UNSORTED,
                       _("Times of “%s” (DEPEND_0 of “%s”) are not sorted: record %lld (%s) is earlier than the one before (%s)"),
                       tv->name, self->var->name, (long long) (self->first + i), after, before);
          return FALSE;
        }
      last = t;
      if (ranged && (t < opts->range.start || t >= opts->range.stop))
        continue;
      self->keep[i] = TRUE;
      n_kept++;
      if (lo < 0)
        lo = i;
      hi = i;
    }

  /* Compact the kept times and narrow the window to them. */
  if (lo < 0)
    {
      self->count = 0;
      return TRUE;
    }
  if (lo > 0)
    {
      memmove (self->times, self->times + lo, (hi - lo + 1) * sizeof (PsTime));
      memmove (self->keep, self->keep + lo, (hi - lo + 1) * sizeof (gboolean));
    }
  self->first += lo;
  self->count = hi - lo + 1;
  /* Usually every record in the window is kept: nothing to compact. */
  if (n_kept == self->count)
    {
      self->n = self->count;
      return TRUE;
    }
  for (gint64 i = 0; i < self->count; i++)
    if (self->keep[i])
      self->times[self->n++] = self->times[i];
  return TRUE;
}

/* Converts the records of @var (same record window) into @out, n × m. */
static gboolean
load_rows (Load                 *self,
           const PsIstpVar      *sv,
           const guint          *offsets,
           guint                 m,
           double               *out,
           GError              **error)
{
  const PsCdfAttrEntry *fill = _ps_istp_attr (self->file, self->master, sv->var->name, "FILLVAL");
  g_autofree guint8 *raw = NULL;
  const guint8 *data;

  if (self->n == 0)
    return TRUE;
  data = read_records (sv->file, sv->var, self->first, self->count, &raw, error);
  if (data == NULL)
    return FALSE;
  _ps_istp_convert_rows (sv->var, data, self->count, self->keep, offsets, m, fill, out);
  return TRUE;
}

static void
load_bins (Load            *self,
           PsSeriesBuilder *builder)
{
  PsIstpVar bv;
  g_autofree guint *offsets = NULL;
  g_autofree char *units = NULL;
  g_autofree char *label = NULL;
  guint bm = 0;

  if (n_varying_dims (self->var) != 1
      || !_ps_istp_resolve (self->file, self->master, self->var->name, "DEPEND_1", PS_ISTP_WANT_NUMBER, &bv)
      || bv.var->n_records <= 0)
    return;
  offsets = _ps_istp_offsets (bv.var, &bm);
  if (bm != self->m)
    return;

  if (!bv.var->record_varys)
    {
      g_autofree guint8 *raw = ps_cdf_variable_read_alloc (bv.file, bv.var, 0, 1, NULL, NULL);
      g_autofree double *bins = g_new (double, bm);
      const PsCdfAttrEntry *fill = _ps_istp_attr (self->file, self->master, bv.var->name, "FILLVAL");

      if (raw == NULL)
        return;
      _ps_istp_convert_record (bv.var, raw, offsets, bm, fill, bins);
      ps_series_builder_set_constant_bins (builder, bins, bm);
    }
  else if (bv.var->n_records >= self->first + self->count)
    {
      double *bins = g_new (double, MAX (self->n * bm, 1));

      if (!load_rows (self, &bv, offsets, bm, bins, NULL))
        {
          g_free (bins);
          return;
        }
      ps_series_builder_take_varying_bins (builder, bins, self->n, bm);
    }
  else
    return;

  units = _ps_istp_attr_text (self->file, self->master, bv.var->name, "UNITS");
  label = _ps_istp_attr_text (self->file, self->master, bv.var->name, "LABLAXIS");
  if (label == NULL)
    label = _ps_istp_attr_text (self->file, self->master, bv.var->name, "FIELDNAM");
  ps_series_builder_set_bins_units (builder, units);
  ps_series_builder_set_bins_label (builder, label != NULL ? label : bv.var->name);
}

static char **
ptr_strings (Load       *self,
             const char *attr,
             guint       expected)
{
  PsIstpVar sv;
  char **strings;

  if (!_ps_istp_resolve (self->file, self->master, self->var->name, attr, PS_ISTP_WANT_TEXT, &sv))
    return NULL;
  strings = _ps_istp_read_strings (&sv);
  if (strings != NULL && expected > 0 && g_strv_length (strings) != expected)
    g_clear_pointer (&strings, g_strfreev);
  return strings;
}

/* Labels of a flattened multi-dimensional record: each varying dimension
 * takes the LABL_PTR_k strings of its size (the file's LABL_PTR_k order
 * need not follow the CDF dimension order: solo VDC [2048, 3] has a
 * LABL_PTR_1 of 3), e.g. "4.5 E1"; a dimension without labels adds its
 * index, "Vdc1[17]". NULL when no dimension has labels. */
static char **
multi_dim_labels (Load *self)
{
  const PsCdfVariable *var = self->var;
  guint sizes[8] = { 0 };
  char **names[8] = { NULL };
  gboolean used[8] = { FALSE };
  guint n = 0;
  gboolean any = FALSE;
  char **labels = NULL;

  for (guint d = 0; d < var->n_dims && n < G_N_ELEMENTS (sizes); d++)
    if (var->dim_varys[d])
      sizes[n++] = var->dims[d];

  for (guint k = 1; k <= n; k++)
    {
      g_autofree char *attr = g_strdup_printf ("LABL_PTR_%u", k);
      g_auto(GStrv) strings = ptr_strings (self, attr, 0);

      for (guint d = 0; strings != NULL && d < n; d++)
        if (!used[d] && g_strv_length (strings) == sizes[d])
          {
            names[d] = g_steal_pointer (&strings);
            used[d] = any = TRUE;
          }
    }

  if (any)
    {
      labels = g_new0 (char *, self->m + 1);
      for (guint k = 0; k < self->m; k++)
        {
          GString *label = g_string_new (NULL);
          GString *index = g_string_new (NULL);
          guint rest = k;

          for (guint d = n; d-- > 0;)
            {
              guint i = rest % sizes[d];

              rest /= sizes[d];
              if (names[d] != NULL)
                {
                  if (label->len > 0)
                    g_string_prepend_c (label, ' ');
                  g_string_prepend (label, names[d][i]);
                }
              else
                {
                  g_autofree char *text = g_strdup_printf ("[%u]", i);
                  g_string_prepend (index, text);
                }
            }
          g_string_append (label, index->str);
          g_string_free (index, TRUE);
          labels[k] = g_string_free (label, FALSE);
        }
    }
  for (guint d = 0; d < n; d++)
    g_strfreev (names[d]);
  return labels;
}

static char **
make_labels (Load *self)
{
  g_autofree char *base = NULL;
  char **labels;

  if (n_varying_dims (self->var) <= 1)
    {
      if ((labels = ptr_strings (self, "LABL_PTR_1", self->m)) != NULL)
        return labels;
    }
  else if ((labels = multi_dim_labels (self)) != NULL)
    return labels;

  base = _ps_istp_attr_text (self->file, self->master, self->var->name, "LABLAXIS");
  if (base == NULL)
    base = _ps_istp_attr_text (self->file, self->master, self->var->name, "FIELDNAM");
  if (base == NULL)
    base = g_strdup (self->var->name);
  labels = g_new0 (char *, self->m + 1);
  for (guint k = 0; k < self->m; k++)
    labels[k] = self->m == 1 ? g_strdup (base) : g_strdup_printf ("%s[%u]", base, k);
  return labels;
}

static char *
make_units (Load *self)
{
  char *units = _ps_istp_attr_text (self->file, self->master, self->var->name, "UNITS");
  g_auto(GStrv) per_component = NULL;

  if (units != NULL)
    return units;
  per_component = ptr_strings (self, "UNIT_PTR", 0);
  for (guint k = 0; per_component != NULL && per_component[k] != NULL; k++)
    if (*per_component[k] != '\0')
      return g_strdup (per_component[k]);
  return NULL;
}

static PsDisplayKind
display_kind (Load *self)
{
  g_autofree char *display = _ps_istp_attr_text (self->file, self->master, self->var->name, "DISPLAY_TYPE");

  if (display != NULL && g_ascii_strncasecmp (display, "spectrogram", strlen ("spectrogram")) == 0)
    return PS_DISPLAY_SPECTROGRAM;
  if (self->m == 3)
    return PS_DISPLAY_VECTOR;
  return self->m > 1 ? PS_DISPLAY_MULTI : PS_DISPLAY_LINE;
}

static PsSeries *
build (Load                 *self,
       const PsIstpOptions  *opts,
       GError              **error)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_auto(GStrv) labels = NULL;
  g_autofree char *units = NULL;
  PsIstpVar data = { self->file, self->var };
  double *values;

  if (!load_times (self, opts, error))
    return NULL;

  values = ps_series_builder_alloc_values (builder, self->n, self->m);
  if (!load_rows (self, &data, self->offsets, self->m, values, error))
    return NULL;
  if (opts->mask_invalid)
    _ps_istp_mask_valid (self->var,
                         _ps_istp_attr (self->file, self->master, self->var->name, "VALIDMIN"),
                         _ps_istp_attr (self->file, self->master, self->var->name, "VALIDMAX"),
                         values, self->n, self->m);
  ps_series_builder_take_times (builder, g_steal_pointer (&self->times), self->n);

  load_bins (self, builder);
  labels = make_labels (self);
  units = make_units (self);
  ps_series_builder_set_name (builder, self->var->name);
  ps_series_builder_set_labels (builder, (const char * const *) labels);
  ps_series_builder_set_units (builder, units);
  ps_series_builder_set_display_kind (builder, display_kind (self));
  _ps_istp_add_meta (builder, self->file, self->master, self->var->name);
  return ps_series_builder_end (builder, error);
}

/**
 * ps_istp_load:
 * @file: the data file
 * @master: (nullable): the master CDF of the dataset
 * @variable: a variable of @file
 * @opts: (nullable): options, or %NULL for ps_istp_options_init()'s
 * @error: return location for an error
 *
 * Returns: (transfer full): the variable as a series, or %NULL
 */
PsSeries *
ps_istp_load (PsCdfFile            *file,
              PsCdfFile            *master,
              const char           *variable,
              const PsIstpOptions  *opts,
              GError              **error)
{
  Load self = { 0 };
  PsIstpOptions defaults;
  PsSeries *series;
  gint64 end;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (variable != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (opts == NULL)
    {
      ps_istp_options_init (&defaults);
      opts = &defaults;
    }

  /* The metadata is the interpretation: an unreadable attribute chain is
   * an error here, not a file without attributes. */
  if (!ps_cdf_file_load_attributes (file, error)
      || (master != NULL && !ps_cdf_file_load_attributes (master, error)))
    return NULL;

  self.file = file;
  self.master = master;
  self.var = ps_cdf_file_lookup_variable (file, variable);
  if (self.var == NULL)
    {
      g_set_error (error, PS_ISTP_ERROR, PS_ISTP_ERROR_NOT_FOUND,
                   _("No variable “%s” in the file"), variable);
      return NULL;
    }
  if (!_ps_istp_check_plottable (file, master, self.var, &self.time, error))
    return NULL;

  self.offsets = _ps_istp_offsets (self.var, &self.m);
  if (self.m == 0)
    {
      g_set_error (error, PS_ISTP_ERROR, PS_ISTP_ERROR_NOT_PLOTTABLE,
                   _("Variable “%s” has no value per record"), variable);
      load_clear (&self);
      return NULL;
    }

  self.first = CLAMP (opts->first_record, 0, self.var->n_records);
  end = opts->n_records < 0 ? self.var->n_records : MIN (self.var->n_records, self.first + opts->n_records);
  self.count = MAX (end - self.first, 0);

  series = build (&self, opts, error);
  load_clear (&self);
  return series;
}
