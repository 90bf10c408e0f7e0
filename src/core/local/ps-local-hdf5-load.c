/* ps-local-hdf5-load.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One variable of an HDF5/NetCDF-4 file as a PsSeries:
 *  - values are read as doubles, HDF5 converting from any integer or float
 *    type and byte order;
 *  - _FillValue, FILLVAL and missing_value become NaN (compared as floats
 *    for 4-byte float data, as the file wrote them), and so do values
 *    outside VALIDMIN/VALIDMAX for ISTP variables (those with a VAR_TYPE);
 *  - the time axis is read once per file and kept; records whose time is
 *    missing (its fill value, an empty string) are dropped; times that go
 *    back are an error, nothing is reordered;
 *  - spectrograms take their bins from DEPEND_1 or the second dimension
 *    scale when it has values: constant for a 1-D one of m values, one row
 *    per record for an n × m one;
 *  - labels: LABLAXIS, FIELDNAM or long_name, else the dataset's path,
 *    with "[i]" or "[i][j]" per component; every attribute becomes
 *    metadata.
 */

#define G_LOG_DOMAIN "ps-local"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ps-local-hdf5-private.h"

/* 2 GiB of doubles: a crafted dataset can claim any size. */
#define MAX_VALUES (G_GUINT64_CONSTANT (1) << 28)

static const char * const fill_names[][2] = {
  { "_FillValue", NULL }, { "FILLVAL", NULL }, { "missing_value", NULL },
};
static const char * const validmin_names[] = { "VALIDMIN", "valid_min", NULL };
static const char * const validmax_names[] = { "VALIDMAX", "valid_max", NULL };
static const char * const units_names[] = { "units", NULL };
static const char * const label_names[] = { "LABLAXIS", "FIELDNAM", "long_name", NULL };
static const char * const depend1_names[] = { "DEPEND_1", NULL };
/* Attributes that describe the HDF5/netCDF structure, not the data. */
static const char * const structural[] = {
  "DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME", "_Netcdf4Dimid", "_Netcdf4Coordinates",
};

/* @why: HDF5's message, taken right after the call that failed (any other
 * call clears it) */
static void
set_hdf5_error (GError     **error,
                Hdf5State   *state,
                const char  *dataset,
                const char  *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Cannot read “%s” in “%s”: %s"), dataset, state->file_name,
               why != NULL ? why : _("unknown error"));
}

static void
set_too_large (GError     **error,
               Hdf5State   *state,
               const char  *dataset)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               _("“%s” in “%s” is too large to load"), dataset, state->file_name);
}

static gboolean
is_fill (GPtrArray *attrs,
         double     value)
{
  for (guint k = 0; k < G_N_ELEMENTS (fill_names); k++)
    {
      const PsHdf5Attr *fill = ps_hdf5_attr_lookup (attrs, fill_names[k]);

      if (fill != NULL && fill->has_number && value == fill->number)
        return TRUE;
    }
  return FALSE;
}

static gboolean
read_string_times (Hdf5Dataset  *axis,
                   hid_t         set,
                   PsTime       *times,
                   char        **why)
{
  gsize n = axis->dims[0];
  hid_t memtype = H5Tcopy (H5T_C_S1);
  gboolean ok = FALSE;

  H5Tset_cset (memtype, axis->cset);

  if (axis->is_vlen_string)
    {
      hid_t space = H5Dget_space (set);
      char **texts = g_try_new0 (char *, n);

      H5Tset_size (memtype, H5T_VARIABLE);
      if (texts != NULL && space >= 0 && H5Dread (set, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts) < 0)
        *why = ps_hdf5_take_error_message ();
      else if (texts != NULL && space >= 0)
        {
          for (gsize i = 0; i < n; i++)
            if (texts[i] == NULL || !ps_hdf5_time_parse_string (texts[i], strlen (texts[i]), &times[i]))
              times[i] = PS_TIME_INVALID;
          H5Dvlen_reclaim (memtype, space, H5P_DEFAULT, texts);
          ok = TRUE;
        }
      g_free (texts);
      if (space >= 0)
        H5Sclose (space);
    }
  else
    {
      gsize size = axis->type_size;
      char *texts = size > 0 && size <= 256 ? g_try_malloc (n * size) : NULL;

      H5Tset_size (memtype, MAX (size, 1));
      if (texts != NULL && H5Dread (set, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts) < 0)
        *why = ps_hdf5_take_error_message ();
      else if (texts != NULL)
        {
          for (gsize i = 0; i < n; i++)
            if (!ps_hdf5_time_parse_string (texts + i * size, size, &times[i]))
              times[i] = PS_TIME_INVALID;
          ok = TRUE;
        }
      g_free (texts);
    }
  H5Tclose (memtype);
  return ok;
}

static gboolean
read_number_times (Hdf5Dataset  *axis,
                   hid_t         set,
                   PsTime       *times,
                   char        **why)
{
  gsize n = axis->dims[0];

  if (axis->klass == H5T_INTEGER)
    {
      g_autofree gint64 *raw = g_try_new (gint64, n);

      if (raw == NULL)
        return FALSE;
      if (H5Dread (set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0)
        {
          *why = ps_hdf5_take_error_message ();
          return FALSE;
        }
      for (gsize i = 0; i < n; i++)
        times[i] = is_fill (axis->attrs, (double) raw[i]) ? PS_TIME_INVALID
                   : ps_hdf5_time_from_int (&axis->codec, raw[i]);
    }
  else
    {
      g_autofree double *raw = g_try_new (double, n);

      if (raw == NULL)
        return FALSE;
      if (H5Dread (set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0)
        {
          *why = ps_hdf5_take_error_message ();
          return FALSE;
        }
      for (gsize i = 0; i < n; i++)
        times[i] = is_fill (axis->attrs, raw[i]) ? PS_TIME_INVALID
                   : ps_hdf5_time_from_double (&axis->codec, raw[i]);
    }
  return TRUE;
}

/* Reads the time axis into axis->times, once. Holding the lock. */
static gboolean
ensure_times (Hdf5State    *state,
              Hdf5Dataset  *axis,
              GError      **error)
{
  gsize n = axis->dims[0];
  g_autofree char *why = NULL;
  PsTime *times;
  hid_t set;
  gboolean ok;

  if (axis->times != NULL || n == 0)
    return TRUE;
  if (n > MAX_VALUES || (times = g_try_new (PsTime, n)) == NULL)
    {
      set_too_large (error, state, axis->path);
      return FALSE;
    }
  set = H5Dopen2 (state->file, axis->path, H5P_DEFAULT);
  if (set < 0)
    {
      why = ps_hdf5_take_error_message ();
      ok = FALSE;
    }
  else if (axis->codec.kind == PS_HDF5_TIME_STRING)
    ok = read_string_times (axis, set, times, &why);
  else
    ok = read_number_times (axis, set, times, &why);
  if (set >= 0)
    H5Dclose (set);
  if (!ok)
    {
      set_hdf5_error (error, state, axis->path, why);
      g_free (times);
      return FALSE;
    }
  axis->times = times;
  axis->n_times = n;
  return TRUE;
}

static gboolean
read_doubles (Hdf5State    *state,
              Hdf5Dataset  *ds,
              double       *out,
              GError      **error)
{
  hid_t set = H5Dopen2 (state->file, ds->path, H5P_DEFAULT);
  gboolean ok = set >= 0 && H5Dread (set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0;

  if (!ok)
    {
      g_autofree char *why = ps_hdf5_take_error_message ();

      set_hdf5_error (error, state, ds->path, why);
    }
  if (set >= 0)
    H5Dclose (set);
  return ok;
}

static void
mask (Hdf5Dataset *ds,
      double      *values,
      gsize        count)
{
  gboolean as_float = ds->klass == H5T_FLOAT && ds->type_size == 4;
  double fills[G_N_ELEMENTS (fill_names)];
  guint n_fills = 0;
  double lo = -INFINITY, hi = INFINITY;
  const PsHdf5Attr *attr;

  for (guint k = 0; k < G_N_ELEMENTS (fill_names); k++)
    if ((attr = ps_hdf5_attr_lookup (ds->attrs, fill_names[k])) != NULL && attr->has_number)
      fills[n_fills++] = as_float ? (double) (float) attr->number : attr->number;
  if (ds->istp)
    {
      if ((attr = ps_hdf5_attr_lookup (ds->attrs, validmin_names)) != NULL && attr->has_number)
        lo = as_float ? (double) (float) attr->number : attr->number;
      if ((attr = ps_hdf5_attr_lookup (ds->attrs, validmax_names)) != NULL && attr->has_number)
        hi = as_float ? (double) (float) attr->number : attr->number;
    }
  for (gsize i = 0; i < count; i++)
    {
      double v = values[i];

      for (guint k = 0; k < n_fills; k++)
        if (v == fills[k])
          v = NAN;
      if (v < lo || v > hi)
        v = NAN;
      values[i] = v;
    }
}

/* Spectrogram bins (holding the lock); nothing when there are none.
 * Constant bins go to @builder, per-record ones (n × m) to *varying. */
static void
load_bins (Hdf5State       *state,
           Hdf5Dataset     *ds,
           PsSeriesBuilder *builder,
           double         **varying)
{
  Hdf5Dataset *bins = _ps_local_hdf5_resolve (state, ds, ps_hdf5_attr_text (ds->attrs, depend1_names));
  g_autofree double *values = NULL;
  const char *label;

  if (bins == NULL && ds->scale1 != NULL)
    bins = g_hash_table_lookup (state->by_path, ds->scale1);
  if (bins == NULL || bins->is_bare || (bins->klass != H5T_INTEGER && bins->klass != H5T_FLOAT))
    return;
  if (bins->rank == 1 && bins->dims[0] == ds->m)
    {
      values = g_new (double, ds->m);
      if (!read_doubles (state, bins, values, NULL))
        return;
      ps_series_builder_set_constant_bins (builder, values, ds->m);
    }
  else if (bins->rank == 2 && bins->dims[0] == ds->dims[0] && bins->dims[1] == ds->m && ds->dims[0] > 0)
    {
      values = g_try_new (double, (gsize) ds->dims[0] * ds->m);
      if (values == NULL || !read_doubles (state, bins, values, NULL))
        return;
      *varying = g_steal_pointer (&values);
    }
  else
    return;
  H5Eclear2 (H5E_DEFAULT);
  ps_series_builder_set_bins_units (builder, ps_hdf5_attr_text (bins->attrs, units_names));
  label = ps_hdf5_attr_text (bins->attrs, label_names);
  ps_series_builder_set_bins_label (builder, label != NULL ? label : bins->leaf);
}

static char **
make_labels (Hdf5Dataset *ds)
{
  const char *base = ps_hdf5_attr_text (ds->attrs, label_names);
  char **labels = g_new0 (char *, ds->m + 1);

  if (base == NULL)
    base = ds->path;
  for (guint k = 0; k < ds->m; k++)
    {
      GString *label;
      guint rest = k;

      if (ds->m == 1)
        {
          labels[k] = g_strdup (base);
          continue;
        }
      label = g_string_new (NULL);
      for (int d = ds->rank - 1; d >= 1; d--)
        {
          g_autofree char *index = g_strdup_printf ("[%u]", (guint) (rest % ds->dims[d]));

          rest /= ds->dims[d];
          g_string_prepend (label, index);
        }
      g_string_prepend (label, base);
      labels[k] = g_string_free (label, FALSE);
    }
  return labels;
}

static void
add_meta (Hdf5Dataset     *ds,
          PsSeriesBuilder *builder)
{
  for (guint i = 0; i < ds->attrs->len; i++)
    {
      const PsHdf5Attr *attr = g_ptr_array_index (ds->attrs, i);
      gboolean skip = attr->text == NULL || *attr->text == '\0';

      for (guint k = 0; k < G_N_ELEMENTS (structural) && !skip; k++)
        skip = g_str_equal (attr->name, structural[k]);
      if (!skip)
        ps_series_builder_set_meta (builder, attr->name, attr->text);
    }
}

/* Drops the records without a time; checks the rest go forward. */
static gboolean
select_records (Hdf5State    *state,
                Hdf5Dataset  *ds,
                Hdf5Dataset  *axis,
                PsTime       *times,
                double       *values,
                double       *bins,
                gsize        *n,
                GError      **error)
{
  gsize kept = 0;

  for (gsize i = 0; i < *n; i++)
    {
      PsTime t = axis->times[i];

      if (t == PS_TIME_INVALID)
        continue;
      if (kept > 0 && t < times[kept - 1])
        {
          char before[64], after[64];

          ps_time_format_iso_buf (times[kept - 1], 9, before, sizeof before);
          ps_time_format_iso_buf (t, 9, after, sizeof after);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Times of “%s” (for “%s”) in “%s” are not sorted: record %lu (%s) is earlier than the one before (%s)"),
                       axis->path, ds->path, state->file_name, (unsigned long) i, after, before);
          return FALSE;
        }
      if (kept != i)
        {
          memmove (values + kept * ds->m, values + i * ds->m, ds->m * sizeof (double));
          if (bins != NULL)
            memmove (bins + kept * ds->m, bins + i * ds->m, ds->m * sizeof (double));
        }
      times[kept++] = t;
    }
  *n = kept;
  return TRUE;
}

PsSeries *
_ps_local_hdf5_load (Hdf5State   *state,
                     const char  *variable,
                     GError     **error)
{
  Hdf5Dataset *ds = g_hash_table_lookup (state->by_path, variable);
  g_autoptr(PsSeriesBuilder) builder = NULL;
  g_autofree double *values = NULL;
  g_autofree PsTime *times = NULL;
  g_autofree double *bins = NULL;
  g_auto(GStrv) labels = NULL;
  Hdf5Dataset *axis;
  gsize n;
  gboolean ok;

  if (ds == NULL || ds->time < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No variable “%s” along a time in “%s”"), variable, state->file_name);
      return NULL;
    }
  axis = g_ptr_array_index (state->datasets, ds->time);
  n = ds->dims[0];
  if (n > 0 && ds->m > MAX_VALUES / n)
    {
      set_too_large (error, state, ds->path);
      return NULL;
    }
  values = g_try_new (double, MAX (n * ds->m, 1));
  times = g_try_new (PsTime, MAX (n, 1));
  if (values == NULL || times == NULL)
    {
      set_too_large (error, state, ds->path);
      return NULL;
    }

  builder = ps_series_builder_new ();
  ps_hdf5_lock ();
  ok = ensure_times (state, axis, error) && (n == 0 || read_doubles (state, ds, values, error));
  if (ok && ds->kind == PS_DISPLAY_SPECTROGRAM)
    load_bins (state, ds, builder, &bins);
  ps_hdf5_unlock ();
  if (!ok)
    return NULL;

  mask (ds, values, n * ds->m);
  if (!select_records (state, ds, axis, times, values, bins, &n, error))
    return NULL;
  if (bins != NULL && n > 0)
    ps_series_builder_take_varying_bins (builder, g_steal_pointer (&bins), n, ds->m);
  labels = make_labels (ds);
  ps_series_builder_set_name (builder, ds->path);
  ps_series_builder_set_labels (builder, (const char * const *) labels);
  ps_series_builder_set_units (builder, ps_hdf5_attr_text (ds->attrs, units_names));
  ps_series_builder_set_display_kind (builder, ds->kind);
  add_meta (ds, builder);
  ps_series_builder_take_times (builder, g_steal_pointer (&times), n);
  ps_series_builder_take_values (builder, g_steal_pointer (&values), n, ds->m);
  return ps_series_builder_end (builder, error);
}
