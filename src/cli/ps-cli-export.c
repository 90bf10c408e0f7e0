/* ps-cli-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A series written as CSV, JSON, CDF or HDF5 (plasmascope-cli get
 * --format). Every form keeps the exact times (nanoseconds) and values
 * (doubles), the units and the component labels:
 *
 * - JSON: {"name", "units", "labels", "display", "n", "m", "times":
 *   [ISO 8601 with ns…], "values": [v…] (m = 1) or [[v…]…], "bins"};
 *   NaN is null. Times are text: JSON numbers are doubles, which cannot
 *   hold nanoseconds since 1970.
 * - CDF: an ISTP file our reader (and CDAWeb's tools) read back: Epoch
 *   (TT2000), the data variable (DOUBLE, FILLVAL −1e31 where NaN,
 *   DEPEND_0, UNITS, labels through LABL_PTR_1, DISPLAY_TYPE), bins as
 *   DEPEND_1.
 * - HDF5: /time (int64 ns since 1970-01-01 UTC, leap seconds not
 *   counted, as PsTime), /values (n × m doubles, NaN kept), /bins when
 *   the series has them; name, units, labels and display as attributes.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <string.h>

#include "ps-cdf-writer.h"
#include "ps-cli-export.h"
#include "ps-json-writer.h"
#include "ps-time-cdf.h"
#include "ps-time.h"

#define CDF_FILL (-1e31)

gboolean
ps_cli_format_from_string (const char  *text,
                           PsCliFormat *format)
{
  static const char * const names[] = { "csv", "json", "cdf", "hdf5" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *format = (PsCliFormat) i;
        return TRUE;
      }
  return FALSE;
}

/* --- JSON ------------------------------------------------------------------ */

static void
json_number (PsJsonWriter *w,
             double        v)
{
  if (isnan (v))
    ps_json_writer_null (w);
  else
    ps_json_writer_double (w, v);
}

static gboolean
write_json (PsSeries  *series,
            FILE      *stream,
            GError   **error)
{
  g_autoptr(PsJsonWriter) w = ps_json_writer_new (stream);
  gsize n = ps_series_get_n (series);
  guint m = ps_series_get_m (series);
  const double *values = ps_series_get_values (series);
  const double *bins = ps_series_get_bins (series);
  PsBinsKind bins_kind = ps_series_get_bins_kind (series);
  const char *units = ps_series_get_units (series);

  ps_json_writer_begin_object (w, FALSE);
  ps_json_writer_key (w, "name");
  ps_json_writer_string (w, ps_series_get_name (series), -1);
  ps_json_writer_key (w, "units");
  if (units != NULL)
    ps_json_writer_string (w, units, -1);
  else
    ps_json_writer_null (w);
  ps_json_writer_key (w, "labels");
  ps_json_writer_begin_array (w, TRUE);
  for (guint j = 0; j < m; j++)
    ps_json_writer_string (w, ps_series_get_label (series, j), -1);
  ps_json_writer_end_array (w);
  ps_json_writer_key (w, "display");
  ps_json_writer_string (w, ps_display_kind_to_string (ps_series_get_display_kind (series)), -1);
  ps_json_writer_key (w, "n");
  ps_json_writer_uint64 (w, n);
  ps_json_writer_key (w, "m");
  ps_json_writer_uint64 (w, m);

  ps_json_writer_key (w, "times");
  ps_json_writer_begin_array (w, FALSE);
  for (gsize i = 0; i < n; i++)
    {
      char buf[64];

      ps_time_format_iso_buf (ps_series_get_time (series, i), 9, buf, sizeof buf);
      ps_json_writer_string (w, buf, -1);
    }
  ps_json_writer_end_array (w);

  ps_json_writer_key (w, "values");
  ps_json_writer_begin_array (w, FALSE);
  for (gsize i = 0; i < n; i++)
    {
      if (m == 1)
        {
          json_number (w, values[i]);
          continue;
        }
      ps_json_writer_begin_array (w, TRUE);
      for (guint j = 0; j < m; j++)
        json_number (w, values[i * m + j]);
      ps_json_writer_end_array (w);
    }
  ps_json_writer_end_array (w);

  if (bins_kind != PS_BINS_NONE && bins != NULL)
    {
      gsize rows = bins_kind == PS_BINS_VARYING ? n : 1;

      ps_json_writer_key (w, "bins");
      ps_json_writer_begin_object (w, FALSE);
      ps_json_writer_key (w, "label");
      ps_json_writer_string (w, ps_series_get_bins_label (series) != NULL ? ps_series_get_bins_label (series) : "", -1);
      ps_json_writer_key (w, "units");
      ps_json_writer_string (w, ps_series_get_bins_units (series) != NULL ? ps_series_get_bins_units (series) : "", -1);
      ps_json_writer_key (w, "varying");
      ps_json_writer_boolean (w, bins_kind == PS_BINS_VARYING);
      ps_json_writer_key (w, "values");
      ps_json_writer_begin_array (w, FALSE);
      for (gsize i = 0; i < rows; i++)
        {
          ps_json_writer_begin_array (w, TRUE);
          for (guint j = 0; j < m; j++)
            json_number (w, bins[i * m + j]);
          ps_json_writer_end_array (w);
        }
      ps_json_writer_end_array (w);
      ps_json_writer_end_object (w);
    }
  ps_json_writer_end_object (w);
  return ps_json_writer_finish (w, error);
}

/* --- CDF ------------------------------------------------------------------- */

static gboolean
write_cdf (PsSeries    *series,
           const char  *path,
           GError     **error)
{
  g_autoptr(PsCdfWriter) w = ps_cdf_writer_new ();
  gsize n = ps_series_get_n (series);
  guint m = ps_series_get_m (series);
  const PsTime *times = ps_series_get_times (series);
  const double *values = ps_series_get_values (series);
  const double *bins = ps_series_get_bins (series);
  PsBinsKind bins_kind = ps_series_get_bins_kind (series);
  const char *name = ps_series_get_name (series);
  const char *units = ps_series_get_units (series);
  gint64 *tt = g_new (gint64, MAX (n, 1));
  double *v = g_new (double, MAX (n * m, 1));
  guint32 dims[1] = { m };
  guint32 label_dims[1] = { m };
  gsize label_length = 1;
  g_autofree char *labels = NULL;
  double fill = CDF_FILL;
  gint64 tt_fill = G_MININT64;
  const char *generated = "Plasmascope " PACKAGE_VERSION;
  guint epoch, data, label_var;
  g_autoptr(GBytes) tt_bytes = NULL;
  g_autoptr(GBytes) v_bytes = NULL;
  g_autoptr(GBytes) label_bytes = NULL;
  g_autoptr(GBytes) bins_bytes = NULL;

  for (gsize i = 0; i < n; i++)
    tt[i] = ps_time_to_tt2000 (times[i]);
  for (gsize k = 0; k < n * m; k++)
    v[k] = isnan (values[k]) ? CDF_FILL : values[k];
  tt_bytes = g_bytes_new_take (tt, n * sizeof *tt);
  v_bytes = g_bytes_new_take (v, n * m * sizeof *v);

  ps_cdf_writer_add_global_entry (w, "Project", 0, PS_CDF_CHAR, strlen ("Plasmascope export"), "Plasmascope export");
  ps_cdf_writer_add_global_entry (w, "Generated_by", 0, PS_CDF_CHAR, strlen (generated), generated);
  ps_cdf_writer_add_global_entry (w, "Logical_source", 0, PS_CDF_CHAR, strlen (name), name);

  epoch = ps_cdf_writer_add_variable (w, "Epoch", PS_CDF_TIME_TT2000, 1, 0, NULL, TRUE);
  ps_cdf_writer_set_values (w, epoch, tt_bytes, (gint64) n);
  ps_cdf_writer_set_pad_value (w, epoch, &tt_fill);
  ps_cdf_writer_set_variable_string (w, "FIELDNAM", epoch, "Epoch");
  ps_cdf_writer_set_variable_string (w, "CATDESC", epoch, "Time (TT2000)");
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", epoch, "support_data");
  ps_cdf_writer_set_variable_string (w, "UNITS", epoch, "ns");
  ps_cdf_writer_set_variable_entry (w, "FILLVAL", epoch, PS_CDF_TIME_TT2000, 1, &tt_fill);

  data = ps_cdf_writer_add_variable (w, name, PS_CDF_DOUBLE, 1, m > 1 ? 1 : 0, m > 1 ? dims : NULL, TRUE);
  ps_cdf_writer_set_values (w, data, v_bytes, (gint64) n);
  ps_cdf_writer_set_compression (w, data, PS_CDF_COMPRESSION_GZIP, 6);
  ps_cdf_writer_set_pad_value (w, data, &fill);
  ps_cdf_writer_set_variable_string (w, "FIELDNAM", data, name);
  ps_cdf_writer_set_variable_string (w, "CATDESC", data, name);
  ps_cdf_writer_set_variable_string (w, "VAR_TYPE", data, "data");
  ps_cdf_writer_set_variable_string (w, "DEPEND_0", data, "Epoch");
  ps_cdf_writer_set_variable_string (w, "UNITS", data, units != NULL && *units != '\0' ? units : " ");
  ps_cdf_writer_set_variable_string (w, "DISPLAY_TYPE", data,
                                     ps_series_get_display_kind (series) == PS_DISPLAY_SPECTROGRAM
                                     ? "spectrogram" : "time_series");
  ps_cdf_writer_set_variable_entry (w, "FILLVAL", data, PS_CDF_DOUBLE, 1, &fill);
  if (m == 1)
    ps_cdf_writer_set_variable_string (w, "LABLAXIS", data, ps_series_get_label (series, 0));

  if (m > 1)
    {
      g_autofree char *label_name = g_strconcat (name, "_labels", NULL);

      for (guint j = 0; j < m; j++)
        label_length = MAX (label_length, strlen (ps_series_get_label (series, j)));
      labels = g_malloc0 (label_length * m);
      for (guint j = 0; j < m; j++)
        memcpy (labels + j * label_length, ps_series_get_label (series, j), strlen (ps_series_get_label (series, j)));
      label_bytes = g_bytes_new_static (labels, label_length * m);
      label_var = ps_cdf_writer_add_variable (w, label_name, PS_CDF_CHAR, (guint) label_length, 1, label_dims, FALSE);
      ps_cdf_writer_set_values (w, label_var, label_bytes, 1);
      ps_cdf_writer_set_variable_string (w, "FIELDNAM", label_var, label_name);
      ps_cdf_writer_set_variable_string (w, "CATDESC", label_var, "Component labels");
      ps_cdf_writer_set_variable_string (w, "VAR_TYPE", label_var, "metadata");
      ps_cdf_writer_set_variable_string (w, "LABL_PTR_1", data, label_name);
    }

  if (m > 1 && bins_kind != PS_BINS_NONE && bins != NULL)
    {
      g_autofree char *bins_name = g_strconcat (name, "_bins", NULL);
      gboolean varying = bins_kind == PS_BINS_VARYING;
      gsize rows = varying ? n : 1;
      const char *bins_units = ps_series_get_bins_units (series);
      const char *bins_label = ps_series_get_bins_label (series);
      guint bins_var;

      bins_bytes = g_bytes_new (bins, rows * m * sizeof (double));
      bins_var = ps_cdf_writer_add_variable (w, bins_name, PS_CDF_DOUBLE, 1, 1, dims, varying);
      ps_cdf_writer_set_values (w, bins_var, bins_bytes, (gint64) rows);
      ps_cdf_writer_set_variable_string (w, "FIELDNAM", bins_var,
                                         bins_label != NULL && *bins_label != '\0' ? bins_label : bins_name);
      ps_cdf_writer_set_variable_string (w, "CATDESC", bins_var, "Bin centres");
      ps_cdf_writer_set_variable_string (w, "VAR_TYPE", bins_var, "support_data");
      ps_cdf_writer_set_variable_string (w, "UNITS", bins_var, bins_units != NULL && *bins_units != '\0' ? bins_units : " ");
      if (bins_label != NULL && *bins_label != '\0')
        ps_cdf_writer_set_variable_string (w, "LABLAXIS", bins_var, bins_label);
      if (varying)
        ps_cdf_writer_set_variable_string (w, "DEPEND_0", bins_var, "Epoch");
      ps_cdf_writer_set_variable_string (w, "DEPEND_1", data, bins_name);
    }

  return ps_cdf_writer_write (w, path, error);
}

/* --- HDF5 ------------------------------------------------------------------ */

static gboolean
h5_string_attribute (hid_t       object,
                     const char *name,
                     const char *value)
{
  hid_t type = H5Tcopy (H5T_C_S1);
  hid_t space = H5Screate (H5S_SCALAR);
  hid_t attr;
  gboolean ok;

  H5Tset_size (type, MAX (strlen (value), 1));
  H5Tset_cset (type, H5T_CSET_UTF8);
  attr = H5Acreate2 (object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  ok = attr >= 0 && H5Awrite (attr, type, *value != '\0' ? value : " ") >= 0;
  if (attr >= 0)
    H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);
  return ok;
}

static gboolean
h5_labels_attribute (hid_t     object,
                     PsSeries *series)
{
  guint m = ps_series_get_m (series);
  hsize_t dims[1] = { m };
  g_autofree const char **labels = g_new (const char *, m);
  hid_t type = H5Tcopy (H5T_C_S1);
  hid_t space = H5Screate_simple (1, dims, NULL);
  hid_t attr;
  gboolean ok;

  for (guint j = 0; j < m; j++)
    labels[j] = ps_series_get_label (series, j);
  H5Tset_size (type, H5T_VARIABLE);
  H5Tset_cset (type, H5T_CSET_UTF8);
  attr = H5Acreate2 (object, "labels", type, space, H5P_DEFAULT, H5P_DEFAULT);
  ok = attr >= 0 && H5Awrite (attr, type, labels) >= 0;
  if (attr >= 0)
    H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);
  return ok;
}

static hid_t
h5_dataset (hid_t          file,
            const char    *name,
            hid_t          type,
            int            rank,
            const hsize_t *dims,
            const void    *data)
{
  hid_t space = H5Screate_simple (rank, dims, NULL);
  hid_t plist = H5Pcreate (H5P_DATASET_CREATE);
  hid_t set;
  hsize_t chunk[2] = { MIN (dims[0], 65536), rank > 1 ? dims[1] : 1 };

  if (dims[0] > 0)
    {
      H5Pset_chunk (plist, rank, chunk);
      H5Pset_deflate (plist, 4);
    }
  set = H5Dcreate2 (file, name, type, space, H5P_DEFAULT, plist, H5P_DEFAULT);
  if (set >= 0 && dims[0] > 0 && H5Dwrite (set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    {
      H5Dclose (set);
      set = -1;
    }
  H5Pclose (plist);
  H5Sclose (space);
  return set;
}

static gboolean
write_hdf5 (PsSeries    *series,
            const char  *path,
            GError     **error)
{
  gsize n = ps_series_get_n (series);
  guint m = ps_series_get_m (series);
  const char *units = ps_series_get_units (series);
  const double *bins = ps_series_get_bins (series);
  PsBinsKind bins_kind = ps_series_get_bins_kind (series);
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  hsize_t time_dims[1] = { n };
  hsize_t value_dims[2] = { n, m };
  gboolean ok = TRUE;
  hid_t file, set;

  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
  file = H5Fcreate (tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not create the HDF5 file %s"), path);
      return FALSE;
    }
  ok &= h5_string_attribute (file, "name", ps_series_get_name (series));
  ok &= h5_string_attribute (file, "units", units != NULL ? units : "");
  ok &= h5_string_attribute (file, "display", ps_display_kind_to_string (ps_series_get_display_kind (series)));
  ok &= h5_string_attribute (file, "generated_by", "Plasmascope " PACKAGE_VERSION);

  set = h5_dataset (file, "time", H5T_NATIVE_INT64, 1, time_dims, ps_series_get_times (series));
  ok &= set >= 0;
  if (set >= 0)
    {
      ok &= h5_string_attribute (set, "units", "ns since 1970-01-01T00:00:00Z (UTC, leap seconds not counted)");
      H5Dclose (set);
    }
  set = h5_dataset (file, "values", H5T_NATIVE_DOUBLE, 2, value_dims, ps_series_get_values (series));
  ok &= set >= 0;
  if (set >= 0)
    {
      ok &= h5_string_attribute (set, "units", units != NULL ? units : "");
      ok &= h5_labels_attribute (set, series);
      H5Dclose (set);
    }
  if (bins_kind != PS_BINS_NONE && bins != NULL)
    {
      hsize_t bins_dims[2] = { bins_kind == PS_BINS_VARYING ? n : 1, m };
      const char *bins_units = ps_series_get_bins_units (series);
      const char *bins_label = ps_series_get_bins_label (series);

      set = h5_dataset (file, "bins", H5T_NATIVE_DOUBLE, 2, bins_dims, bins);
      ok &= set >= 0;
      if (set >= 0)
        {
          ok &= h5_string_attribute (set, "units", bins_units != NULL ? bins_units : "");
          ok &= h5_string_attribute (set, "label", bins_label != NULL ? bins_label : "");
          H5Dclose (set);
        }
    }
  ok &= H5Fclose (file) >= 0;
  if (!ok || g_rename (tmp, path) != 0)
    {
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the HDF5 file %s"), path);
      return FALSE;
    }
  return TRUE;
}

/* --- all ------------------------------------------------------------------- */

/**
 * ps_cli_write_series:
 * @output: (nullable): a file; %NULL: standard output (CSV and JSON only)
 *
 * Returns: %FALSE with @error set when the file could not be written
 */
gboolean
ps_cli_write_series (PsSeries     *series,
                     PsCliFormat   format,
                     const char   *output,
                     GError      **error)
{
  FILE *stream;
  gboolean ok;

  if (format == PS_CLI_FORMAT_CDF || format == PS_CLI_FORMAT_HDF5)
    {
      if (output == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("CDF and HDF5 are written to a file: give --output"));
          return FALSE;
        }
      return format == PS_CLI_FORMAT_CDF ? write_cdf (series, output, error) : write_hdf5 (series, output, error);
    }
  stream = output != NULL ? g_fopen (output, "w") : stdout;
  if (stream == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write %s: %s"), output, g_strerror (saved));
      return FALSE;
    }
  if (format == PS_CLI_FORMAT_JSON)
    ok = write_json (series, stream, error);
  else
    {
      ps_cli_write_csv (series, stream);
      ok = fflush (stream) == 0;
      if (!ok)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s"), output != NULL ? output : "stdout");
    }
  if (output != NULL && fclose (stream) != 0 && ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s"), output);
      ok = FALSE;
    }
  return ok;
}
