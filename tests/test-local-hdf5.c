/* test-local-hdf5.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HDF5 and NetCDF-4 files through PsLocalFile: the three real files of
 * tests/data/hdf5 (MANIFEST.md), files written here with the HDF5 API, and
 * broken ones.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include "ps-hdf5-time.h"
#include "ps-hdf5-util.h"
#include "ps-local-file.h"
#include "ps-time-cdf.h"

#define OMNI  TEST_DATA_DIR "/hdf5/OMNItest.h5"
#define ICON  TEST_DATA_DIR "/hdf5/icon_l2-6_euv_20220307_v03r004.nc"
#define DAILI TEST_DATA_DIR "/hdf5/daili_l2_o2-density-profiles_20220303_v7.nc"

static PsTime
iso (const char *text)
{
  PsTime t = PS_TIME_INVALID;

  g_assert_true (ps_time_parse_iso (text, &t, NULL));
  return t;
}

static PsSeries *
load (PsLocalFile *file,
      const char  *variable)
{
  g_autoptr(GError) error = NULL;
  PsSeries *series = ps_local_file_load (file, variable, &error);

  g_assert_no_error (error);
  g_assert_nonnull (series);
  return series;
}

/* --- pure time interpretation ------------------------------------------ */

static void
test_time_units (void)
{
  PsHdf5TimeCodec codec;
  PsHdf5TimeHints hints = { 0 };
  gint64 days, ns;
  PsTime t;

  g_assert_cmpint (ps_hdf5_time_unit_ns ("Milliseconds", 12), ==, 1000000);
  g_assert_cmpint (ps_hdf5_time_unit_ns (" s ", 3), ==, PS_TIME_NS_PER_SECOND);
  g_assert_cmpint (ps_hdf5_time_unit_ns ("fortnights", 10), ==, 0);

  g_assert_true (ps_hdf5_time_parse_units ("milliseconds since 1970-01-01", &codec));
  g_assert_cmpint (codec.kind, ==, PS_HDF5_TIME_SINCE);
  g_assert_cmpint (ps_hdf5_time_from_int (&codec, G_GINT64_CONSTANT (1646619591234)), ==,
                   iso ("2022-03-07T02:19:51.234Z"));

  g_assert_true (ps_hdf5_time_parse_units ("seconds since 2000-01-01 12:00:00 UTC", &codec));
  g_assert_cmpint (ps_hdf5_time_from_double (&codec, 0.5), ==, iso ("2000-01-01T12:00:00.5Z"));
  g_assert_cmpint (ps_hdf5_time_from_double (&codec, -43200), ==, iso ("2000-01-01T00:00:00Z"));

  g_assert_true (ps_hdf5_time_parse_units ("Seconds Since 1970-01-01T00:00:00Z", &codec));
  /* a double cannot hold more than its last bit: no 1.23e-7 s noise */
  g_assert_cmpint (ps_hdf5_time_from_double (&codec, 1646619591.234), ==, iso ("2022-03-07T02:19:51.234Z"));
  g_assert_true (ps_hdf5_time_parse_units ("hours since 1970-1-1 0:0:0 +01:00", &codec));
  g_assert_cmpint (ps_hdf5_time_from_int (&codec, 1), ==, 0);
  g_assert_true (ps_hdf5_time_parse_units ("days since 0001-01-01", &codec));
  g_assert_cmpint (ps_hdf5_time_from_int (&codec, 719162), ==, 0);

  g_assert_false (ps_hdf5_time_parse_units ("milliseconds", &codec));
  g_assert_false (ps_hdf5_time_parse_units ("parsecs since 1970-01-01", &codec));
  g_assert_false (ps_hdf5_time_parse_units ("seconds since 1970-13-01", &codec));
  g_assert_false (ps_hdf5_time_parse_units ("seconds since 1970-01-01 25:00", &codec));
  g_assert_false (ps_hdf5_time_parse_units ("seconds since yesterday", &codec));
  g_assert_true (ps_hdf5_time_parse_origin ("2000-02-29", &days, &ns));
  g_assert_false (ps_hdf5_time_parse_origin ("2001-02-29", &days, &ns));

  /* out of PsTime's range: no time, no overflow */
  g_assert_true (ps_hdf5_time_parse_units ("days since 0001-01-01", &codec));
  g_assert_cmpint (ps_hdf5_time_from_int (&codec, G_MAXINT64), ==, PS_TIME_INVALID);
  g_assert_cmpint (ps_hdf5_time_from_int (&codec, G_MININT64), ==, PS_TIME_INVALID);
  g_assert_cmpint (ps_hdf5_time_from_double (&codec, 1e300), ==, PS_TIME_INVALID);
  g_assert_cmpint (ps_hdf5_time_from_double (&codec, NAN), ==, PS_TIME_INVALID);

  /* ISTP-in-netCDF: a bare unit and a Time_Base (ICON) */
  hints.name = "Epoch";
  hints.units = "milliseconds";
  hints.time_base = "1970-01-01 00:00:00.000 UTC";
  hints.is_int64 = TRUE;
  g_assert_cmpint (ps_hdf5_time_guess (&hints, &codec), >, 0);
  g_assert_cmpint (ps_hdf5_time_from_int (&codec, G_GINT64_CONSTANT (1646660191149)), ==,
                   iso ("2022-03-07T13:36:31.149Z"));
  /* "ms" since 0 AD (DAILI): CDF_EPOCH */
  memset (&hints, 0, sizeof hints);
  hints.name = "EPOCH";
  hints.units = "ms";
  hints.description = "Time since 0 AD Time_since_0_AD";
  hints.is_float = TRUE;
  g_assert_cmpint (ps_hdf5_time_guess (&hints, &codec), >, 0);
  g_assert_cmpint (codec.kind, ==, PS_HDF5_TIME_CDF_EPOCH);
  g_assert_cmpint (ps_hdf5_time_from_double (&codec, 63813527845010.0), ==, iso ("2022-03-03T11:57:25.010Z"));
  /* or from its magnitude alone */
  hints.description = NULL;
  hints.has_first = TRUE;
  hints.first = 63813527845010.0;
  g_assert_cmpint (ps_hdf5_time_guess (&hints, &codec), >, 0);
  g_assert_cmpint (codec.kind, ==, PS_HDF5_TIME_CDF_EPOCH);
  /* an int64 Epoch without units: TT2000 */
  memset (&hints, 0, sizeof hints);
  hints.name = "Epoch";
  hints.is_int64 = TRUE;
  g_assert_cmpint (ps_hdf5_time_guess (&hints, &codec), >, 0);
  g_assert_cmpint (codec.kind, ==, PS_HDF5_TIME_TT2000);
  g_assert_cmpint (ps_hdf5_time_from_int (&codec, ps_time_to_tt2000 (iso ("2016-12-31T23:59:59Z"))), ==,
                   iso ("2016-12-31T23:59:59Z"));
  /* rata die (spacepy's RDT), only as a last resort */
  memset (&hints, 0, sizeof hints);
  hints.name = "RDT";
  hints.is_float = TRUE;
  g_assert_cmpint (ps_hdf5_time_guess (&hints, &codec), ==, 1);
  g_assert_cmpint (ps_hdf5_time_from_double (&codec, 730518.5), ==, iso ("2001-02-02T12:00:00Z"));
  g_assert_cmpint (ps_hdf5_time_from_double (&codec, 729936.5833333334), ==, iso ("1999-07-01T14:00:00Z"));
  /* a value that is not named or used as a time is not one */
  memset (&hints, 0, sizeof hints);
  hints.name = "TIME_UT";
  hints.units = "seconds";
  hints.is_float = TRUE;
  g_assert_cmpint (ps_hdf5_time_guess (&hints, &codec), ==, 0);

  /* strings: fixed width, NUL or blank padded, "Z" or " UTC" or nothing */
  g_assert_true (ps_hdf5_time_parse_string ("1999-07-01T14:00:00\0\0\0\0", 23, &t));
  g_assert_cmpint (t, ==, iso ("1999-07-01T14:00:00Z"));
  g_assert_true (ps_hdf5_time_parse_string ("2022-03-07 02:19:51.234Z", 24, &t));
  g_assert_cmpint (t, ==, iso ("2022-03-07T02:19:51.234Z"));
  g_assert_true (ps_hdf5_time_parse_string ("2022-03-07 02:19:51 UTC   ", 26, &t));
  g_assert_cmpint (t, ==, iso ("2022-03-07T02:19:51Z"));
  g_assert_true (ps_hdf5_time_parse_string ("2022-03-07T02:19:51.234Zjunk", 24, &t));
  g_assert_false (ps_hdf5_time_parse_string ("", 0, &t));
  g_assert_false (ps_hdf5_time_parse_string ("\0\0\0", 3, &t));
  g_assert_false (ps_hdf5_time_parse_string ("not a time", 10, &t));
}

/* --- OMNItest.h5 --------------------------------------------------------- */

static void
test_omni_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = ps_local_file_open (OMNI, &error);
  const PsLocalProduct *p;

  g_assert_no_error (error);
  g_assert_cmpstr (ps_local_file_get_format_name (file), ==, "HDF5");
  /* 40 datasets, less the two times (UTC strings, RDT days) */
  g_assert_cmpuint (ps_local_file_get_n_products (file), ==, 38);
  g_assert_null (ps_local_file_lookup_product (file, "UTC"));
  g_assert_null (ps_local_file_lookup_product (file, "RDT"));
  p = ps_local_file_lookup_product (file, "ByIMF");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->label, ==, "ByIMF");
  g_assert_null (p->units);
  g_assert_null (p->description);
  g_assert_cmpint (p->kind, ==, PS_DISPLAY_LINE);
  g_assert_cmpuint (p->n_components, ==, 1);
  g_assert_cmpint (p->n_records, ==, 20002);
  /* a group: the full path names the variable */
  p = ps_local_file_lookup_product (file, "Qbits/ByIMF");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->label, ==, "Qbits/ByIMF"); /* not two "ByIMF" in the list */
  g_assert_cmpint (p->n_records, ==, 20002);
  for (const char * const *name = (const char *[]) { "Dst", "Kp", "Pdyn", "dens", "velo", "DOY", "Qbits/W6", NULL };
       *name != NULL; name++)
    g_assert_nonnull (ps_local_file_lookup_product (file, *name));

  /* a product path names the file and the variable in its group */
  {
    g_autofree char *product_path = ps_local_file_product_path (file, "Qbits/ByIMF");
    g_autofree char *file_path = NULL;
    g_autofree char *variable = NULL;

    g_assert_true (ps_local_parse_product_path (product_path, &file_path, &variable));
    g_assert_cmpstr (file_path, ==, ps_local_file_get_path (file));
    g_assert_cmpstr (variable, ==, "Qbits/ByIMF");
  }
}

static void
test_omni_values (void)
{
  static const struct
  {
    const char *name;
    double      value;  /* at 2001-02-02T12:00:00, record 13966 */
  } expected[] = {
    { "ByIMF", 0.2 }, { "BzIMF", -0.1 }, { "Bz1", -0.1 }, { "Bz6", -0.1 }, { "Dst", -9 },
    { "Kp", 0.3 }, { "Pdyn", 1.07 }, { "dens", 3.2 }, { "velo", 396 }, { "G1", 0.01 },
    { "G2", 0.03 }, { "G3", 0.01 }, { "W1", 0.026 }, { "W3", 0.316 }, { "W6", 0.022 },
    { "akp3", 1.03 }, { "DOY", 33 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = ps_local_file_open (OMNI, &error);
  PsTime noon = iso ("2001-02-02T12:00:00Z");

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(PsSeries) series = load (file, expected[i].name);
      double value = NAN;
      PsTime at = 0;

      g_assert_cmpuint (ps_series_get_n (series), ==, 20002);
      g_assert_cmpuint (ps_series_get_m (series), ==, 1);
      g_assert_cmpint (ps_series_get_time (series, 0), ==, iso ("1999-07-01T14:00:00Z"));
      g_assert_cmpint (ps_series_get_time (series, 20001), ==, iso ("2001-10-11T23:00:00Z"));
      g_assert_cmpint (ps_series_get_time (series, 13966), ==, noon);
      g_assert_cmpfloat_with_epsilon (ps_series_get_value (series, 13966, 0), expected[i].value, 1e-6);
      g_assert_true (ps_series_value_at (series, noon, 0, &value, &at));
      g_assert_cmpint (at, ==, noon);
      g_assert_cmpfloat_with_epsilon (value, expected[i].value, 1e-6);
      g_assert_cmpstr (ps_series_get_name (series), ==, expected[i].name);
    }

  {
    g_autoptr(PsSeries) by = load (file, "ByIMF");
    g_autoptr(PsSeries) quality = load (file, "Qbits/ByIMF");

    /* the 13:00 record, and first/last from the manifest */
    g_assert_cmpfloat_with_epsilon (ps_series_get_value (by, 13967, 0), -1.3, 1e-6);
    g_assert_cmpfloat_with_epsilon (ps_series_get_value (by, 0, 0), 4.6, 1e-6);
    g_assert_cmpint (ps_series_get_time (by, 1) - ps_series_get_time (by, 0), ==, 3600 * PS_TIME_NS_PER_SECOND);
    g_assert_cmpstr (ps_series_get_labels (by)[0], ==, "ByIMF");
    /* int8 */
    g_assert_cmpfloat (ps_series_get_value (quality, 0, 0), ==, 0);
    g_assert_cmpfloat (ps_series_get_value (quality, 20001, 0), ==, 2);
    g_assert_cmpstr (ps_series_get_labels (quality)[0], ==, "Qbits/ByIMF");
  }
}

/* --- ICON (NetCDF-4, ISTP attributes in mixed case) --------------------- */

static void
test_icon (void)
{
  static const char * const data[] = {
    "ICON_L26_Flag", "ICON_L26_HmF2", "ICON_L26_NmF2", "ICON_L26_Oplus",
    "ICON_L26_Sigma_HmF2", "ICON_L26_Sigma_NmF2", "ICON_L26_Sigma_Oplus",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = ps_local_file_open (ICON, &error);
  g_autoptr(PsSeries) hmf2 = NULL;
  g_autoptr(PsSeries) oplus = NULL;
  const PsLocalProduct *p;

  g_assert_no_error (error);
  /* Var_Type "data" only, as PyISTP */
  g_assert_cmpuint (ps_local_file_get_n_products (file), ==, G_N_ELEMENTS (data));
  for (guint i = 0; i < G_N_ELEMENTS (data); i++)
    g_assert_cmpstr (ps_local_file_get_product (file, i)->variable, ==, data[i]);
  g_assert_null (ps_local_file_lookup_product (file, "Epoch"));
  g_assert_null (ps_local_file_lookup_product (file, "ICON_L26_Latitude"));

  p = ps_local_file_lookup_product (file, "ICON_L26_HmF2");
  g_assert_cmpstr (p->label, ==, "HmF2");
  g_assert_cmpstr (p->description, ==, "HmF2");
  g_assert_cmpstr (p->units, ==, "km");
  g_assert_cmpint (p->kind, ==, PS_DISPLAY_LINE);
  g_assert_cmpint (p->n_records, ==, 79);
  p = ps_local_file_lookup_product (file, "ICON_L26_Oplus");
  g_assert_cmpstr (p->units, ==, "cm-3");
  g_assert_cmpint (p->kind, ==, PS_DISPLAY_MULTI);
  g_assert_cmpuint (p->n_components, ==, 72);

  /* Epoch: int64 "milliseconds" from the Time_Base 1970 (expected JSON:
   * first 1646619591234, last 1646660191149) */
  hmf2 = load (file, "ICON_L26_HmF2");
  g_assert_cmpuint (ps_series_get_n (hmf2), ==, 79);
  g_assert_cmpint (ps_series_get_time (hmf2, 0), ==, G_GINT64_CONSTANT (1646619591234) * 1000000);
  g_assert_cmpint (ps_series_get_time (hmf2, 78), ==, G_GINT64_CONSTANT (1646660191149) * 1000000);
  g_assert_cmpfloat_with_epsilon (ps_series_get_value (hmf2, 0, 0), 242.96975708007812, 1e-9);
  g_assert_cmpfloat_with_epsilon (ps_series_get_value (hmf2, 78, 0), 434.8216552734375, 1e-9);
  g_assert_cmpstr (ps_series_get_units (hmf2), ==, "km");
  g_assert_cmpstr (ps_series_get_meta (hmf2, "Var_Type"), ==, "data");
  g_assert_null (ps_series_get_meta (hmf2, "DIMENSION_LIST"));

  oplus = load (file, "ICON_L26_Oplus");
  g_assert_cmpuint (ps_series_get_m (oplus), ==, 72);
  g_assert_cmpfloat_with_epsilon (ps_series_get_value (oplus, 0, 0), 0.19130386412143707, 1e-9);
  g_assert_cmpfloat_with_epsilon (ps_series_get_value (oplus, 78, 7), 0.8998678922653198, 1e-9);
  g_assert_cmpint (ps_series_get_display_kind (oplus), ==, PS_DISPLAY_MULTI);
  /* Depend_1 "Altitude" is a bare netCDF dimension (no values): no bins */
  g_assert_cmpint (ps_series_get_bins_kind (oplus), ==, PS_BINS_NONE);
  g_assert_cmpstr (ps_series_get_labels (oplus)[3], ==, "O+ Profile[3]");
}

/* --- DAILI (NetCDF-4, ISTP master CDF not used) ------------------------- */

static void
test_daili (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = ps_local_file_open (DAILI, &error);
  g_autoptr(PsSeries) density = NULL;
  g_autoptr(PsSeries) finver = NULL;
  const PsLocalProduct *p;

  g_assert_no_error (error);
  /* the 18 VAR_TYPE "data" variables, all images (38 × a × b) */
  g_assert_cmpuint (ps_local_file_get_n_products (file), ==, 18);
  g_assert_null (ps_local_file_lookup_product (file, "z"));
  g_assert_null (ps_local_file_lookup_product (file, "EPOCH"));
  g_assert_null (ps_local_file_lookup_product (file, "SCALTITUDE")); /* support_data */
  p = ps_local_file_lookup_product (file, "O2DENSITY");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->label, ==, "O2_Density");
  g_assert_cmpstr (p->units, ==, "Molecules/cm3");
  g_assert_cmpint (p->kind, ==, PS_DISPLAY_MULTI);
  g_assert_cmpuint (p->n_components, ==, 4 * 59);
  g_assert_cmpint (p->n_records, ==, 38);
  p = ps_local_file_lookup_product (file, "RAW_IMAGE");
  g_assert_cmpuint (p->n_components, ==, 16 * 256);

  /* EPOCH: float64 "ms", "Time since 0 AD": CDF_EPOCH */
  density = load (file, "O2DENSITY");
  g_assert_cmpuint (ps_series_get_n (density), ==, 38);
  g_assert_cmpuint (ps_series_get_m (density), ==, 236);
  g_assert_cmpint (ps_series_get_time (density, 0), ==, iso ("2022-03-03T11:57:25.010Z"));
  g_assert_cmpint (ps_series_get_time (density, 37), ==, iso ("2022-03-03T12:15:55.010Z"));
  g_assert_cmpint (ps_series_get_time (density, 0), ==, ps_time_from_cdf_epoch (63813527845010.0));
  /* -999: below VALIDMIN 1e6 */
  g_assert_true (isnan (ps_series_get_value (density, 0, 0)));
  g_assert_cmpfloat_with_epsilon (ps_series_get_value (density, 37, 0), 8642300928.0, 1.0);
  g_assert_cmpstr (ps_series_get_labels (density)[60], ==, "O2_Density[1][1]");

  /* DEPEND_0 " EPOCH" with a blank */
  finver = load (file, "FINVER_630");
  g_assert_cmpuint (ps_series_get_n (finver), ==, 38);
}

/* --- files written here ------------------------------------------------- */

static void
write_attr_text (hid_t       object,
                 const char *name,
                 const char *value)
{
  hid_t type = H5Tcopy (H5T_C_S1);
  hid_t space = H5Screate (H5S_SCALAR);
  hid_t attr;

  H5Tset_size (type, strlen (value));
  attr = H5Acreate2 (object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (attr, >=, 0);
  g_assert_cmpint (H5Awrite (attr, type, value), >=, 0);
  H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);
}

static void
write_attr_double (hid_t       object,
                   const char *name,
                   hid_t       type,
                   double      value)
{
  hid_t space = H5Screate (H5S_SCALAR);
  hid_t attr = H5Acreate2 (object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);

  g_assert_cmpint (attr, >=, 0);
  g_assert_cmpint (H5Awrite (attr, H5T_NATIVE_DOUBLE, &value), >=, 0);
  H5Aclose (attr);
  H5Sclose (space);
}

static hid_t
write_dataset (hid_t        where,
               const char  *name,
               hid_t        file_type,
               hid_t        mem_type,
               int          rank,
               const hsize_t *dims,
               const void  *data)
{
  hid_t space = H5Screate_simple (rank, dims, NULL);
  hid_t set = H5Dcreate2 (where, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);

  g_assert_cmpint (set, >=, 0);
  if (data != NULL)
    g_assert_cmpint (H5Dwrite (set, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), >=, 0);
  H5Sclose (space);
  return set;
}

static char *
temp_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-local-hdf5-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}

/* CF seconds in a group, a spectrogram with constant bins, big-endian
 * int16 with a fill value, ISTP VALIDMAX. */
static void
test_synthetic (void)
{
  g_autofree char *path = temp_path ("synthetic.h5");
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = NULL;
  g_autoptr(PsSeries) flux = NULL;
  g_autoptr(PsSeries) counts = NULL;
  const double seconds[4] = { 0, 1.5, 3, 4.5 };
  const double energy[3] = { 10, 100, 1000 };
  const double values[4][3] = { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 }, { 10, 11, 1e9 } };
  const gint16 raw[4] = { 1, -32768, 3, 4 };
  hsize_t n = 4, dims[2] = { 4, 3 }, n_energy = 3;
  hid_t h5, group, set;

  ps_hdf5_lock ();
  h5 = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (h5, >=, 0);
  group = H5Gcreate2 (h5, "mission", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  set = write_dataset (group, "t", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &n, seconds);
  write_attr_text (set, "units", "seconds since 2000-01-01 12:00:00 UTC");
  H5Dclose (set);
  set = write_dataset (group, "energy", H5T_IEEE_F32BE, H5T_NATIVE_DOUBLE, 1, &n_energy, energy);
  write_attr_text (set, "UNITS", "eV");
  H5Dclose (set);
  set = write_dataset (group, "flux", H5T_IEEE_F32LE, H5T_NATIVE_DOUBLE, 2, dims, values);
  write_attr_text (set, "Depend_0", "t");
  write_attr_text (set, "DEPEND_1", "energy");
  write_attr_text (set, "var_type", "data");
  write_attr_text (set, "Display_Type", "spectrogram");
  write_attr_double (set, "VALIDMAX", H5T_IEEE_F64LE, 1e6);
  write_attr_text (set, "Units", "1/cm2/s");
  H5Dclose (set);
  set = write_dataset (group, "counts", H5T_STD_I16BE, H5T_NATIVE_INT16, 1, &n, raw);
  write_attr_double (set, "_FillValue", H5T_STD_I16BE, -32768);
  H5Dclose (set);
  H5Gclose (group);
  H5Fclose (h5);
  ps_hdf5_unlock ();

  file = ps_local_file_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_local_file_get_n_products (file), ==, 2);
  g_assert_cmpint (ps_local_file_lookup_product (file, "mission/flux")->kind, ==, PS_DISPLAY_SPECTROGRAM);
  g_assert_cmpint (ps_local_file_lookup_product (file, "mission/counts")->kind, ==, PS_DISPLAY_LINE);
  g_assert_null (ps_local_file_lookup_product (file, "mission/energy")); /* not along the time */

  flux = load (file, "mission/flux");
  g_assert_cmpuint (ps_series_get_n (flux), ==, 4);
  g_assert_cmpuint (ps_series_get_m (flux), ==, 3);
  g_assert_cmpint (ps_series_get_time (flux, 1), ==, iso ("2000-01-01T12:00:01.5Z"));
  g_assert_cmpint (ps_series_get_bins_kind (flux), ==, PS_BINS_CONSTANT);
  g_assert_cmpfloat (ps_series_get_bins (flux)[2], ==, 1000);
  g_assert_cmpstr (ps_series_get_bins_units (flux), ==, "eV");
  g_assert_cmpstr (ps_series_get_units (flux), ==, "1/cm2/s");
  g_assert_cmpfloat (ps_series_get_value (flux, 3, 1), ==, 11);
  g_assert_true (isnan (ps_series_get_value (flux, 3, 2))); /* above VALIDMAX */

  counts = load (file, "mission/counts");
  g_assert_cmpfloat (ps_series_get_value (counts, 0, 0), ==, 1);
  g_assert_true (isnan (ps_series_get_value (counts, 1, 0)));
  g_assert_cmpfloat (ps_series_get_value (counts, 3, 0), ==, 4);

  g_clear_object (&file);
  remove_temp (path);
}

/* A record without a time (the time's _FillValue) is dropped, with its
 * row of per-record bins. */
static void
test_varying_bins (void)
{
  g_autofree char *path = temp_path ("varying.h5");
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = NULL;
  g_autoptr(PsSeries) spec = NULL;
  const gint64 ms[4] = { 0, -1, 2000, 3000 };
  const double bins[4][2] = { { 1, 2 }, { 3, 4 }, { 5, 6 }, { 7, 8 } };
  const float values[4][2] = { { 10, 20 }, { 30, 40 }, { 50, 60 }, { 70, 80 } };
  hsize_t n = 4, dims[2] = { 4, 2 };
  hid_t h5, set;

  ps_hdf5_lock ();
  h5 = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  set = write_dataset (h5, "Epoch", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, &n, ms);
  write_attr_text (set, "Units", "ms since 1970-01-01");
  write_attr_double (set, "_FillValue", H5T_STD_I64LE, -1);
  H5Dclose (set);
  set = write_dataset (h5, "energy", H5T_IEEE_F64BE, H5T_NATIVE_DOUBLE, 2, dims, bins);
  write_attr_text (set, "LABLAXIS", "Energy");
  H5Dclose (set);
  set = write_dataset (h5, "spec", H5T_IEEE_F32BE, H5T_NATIVE_FLOAT, 2, dims, values);
  write_attr_text (set, "DEPEND_0", "Epoch");
  write_attr_text (set, "DEPEND_1", "energy");
  write_attr_text (set, "DISPLAY_TYPE", "spectrogram>y=log");
  H5Dclose (set);
  H5Fclose (h5);
  ps_hdf5_unlock ();

  file = ps_local_file_open (path, &error);
  g_assert_no_error (error);
  /* without VAR_TYPE, energy (4 × 2, along Epoch) is a product too */
  g_assert_cmpuint (ps_local_file_get_n_products (file), ==, 2);
  g_assert_cmpint (ps_local_file_lookup_product (file, "spec")->kind, ==, PS_DISPLAY_SPECTROGRAM);
  spec = load (file, "spec");
  g_assert_cmpuint (ps_series_get_n (spec), ==, 3);
  g_assert_cmpint (ps_series_get_time (spec, 1), ==, 2 * PS_TIME_NS_PER_SECOND);
  g_assert_cmpint (ps_series_get_bins_kind (spec), ==, PS_BINS_VARYING);
  g_assert_cmpfloat (ps_series_get_bins (spec)[2], ==, 5);
  g_assert_cmpfloat (ps_series_get_bins (spec)[5], ==, 8);
  g_assert_cmpstr (ps_series_get_bins_label (spec), ==, "Energy");
  g_assert_cmpfloat (ps_series_get_value (spec, 1, 1), ==, 60);

  g_clear_object (&file);
  remove_temp (path);
}

/* netCDF-4 style: the time is known only as the first dimension scale of
 * the data (its name says nothing); a spectrogram takes its bins from its
 * second dimension scale. */
static void
test_dimension_scales (void)
{
  g_autofree char *path = temp_path ("scales.nc");
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = NULL;
  g_autoptr(PsSeries) v = NULL;
  g_autoptr(PsSeries) spec = NULL;
  const gint64 ms[3] = { 1000, 2000, 3000 };
  const double freq[2] = { 5, 50 };
  const double values[3] = { 1, 2, 3 };
  const double spectra[3][2] = { { 1, 2 }, { 3, 4 }, { 5, 6 } };
  hsize_t n = 3, n_freq = 2, dims[2] = { 3, 2 };
  hid_t h5, tm, other, fr, set, spec_set;

  ps_hdf5_lock ();
  h5 = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  tm = write_dataset (h5, "tm", H5T_STD_I64BE, H5T_NATIVE_INT64, 1, &n, ms);
  write_attr_text (tm, "units", "milliseconds since 2010-01-01T00:00:00Z");
  g_assert_cmpint (H5DSset_scale (tm, "tm"), >=, 0);
  /* same length, CF units, but used by nothing: not a time */
  other = write_dataset (h5, "other", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &n, values);
  write_attr_text (other, "units", "seconds since 2000-01-01");
  fr = write_dataset (h5, "freq", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &n_freq, freq);
  write_attr_text (fr, "units", "Hz");
  g_assert_cmpint (H5DSset_scale (fr, "freq"), >=, 0);
  set = write_dataset (h5, "v", H5T_IEEE_F32LE, H5T_NATIVE_DOUBLE, 1, &n, values);
  g_assert_cmpint (H5DSattach_scale (set, tm, 0), >=, 0);
  spec_set = write_dataset (h5, "spec", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, dims, spectra);
  write_attr_text (spec_set, "DISPLAY_TYPE", "spectrogram");
  g_assert_cmpint (H5DSattach_scale (spec_set, tm, 0), >=, 0);
  g_assert_cmpint (H5DSattach_scale (spec_set, fr, 1), >=, 0);
  H5Dclose (spec_set);
  H5Dclose (set);
  H5Dclose (fr);
  H5Dclose (other);
  H5Dclose (tm);
  H5Fclose (h5);
  ps_hdf5_unlock ();

  file = ps_local_file_open (path, &error);
  g_assert_no_error (error);
  /* v, spec and "other" (along tm by its length) */
  g_assert_cmpuint (ps_local_file_get_n_products (file), ==, 3);
  g_assert_null (ps_local_file_lookup_product (file, "tm"));
  g_assert_null (ps_local_file_lookup_product (file, "freq"));
  g_assert_cmpint (ps_local_file_lookup_product (file, "spec")->kind, ==, PS_DISPLAY_SPECTROGRAM);

  v = load (file, "v");
  g_assert_cmpint (ps_series_get_time (v, 0), ==, iso ("2010-01-01T00:00:01Z"));
  g_assert_cmpint (ps_series_get_time (v, 2), ==, iso ("2010-01-01T00:00:03Z"));
  spec = load (file, "spec");
  g_assert_cmpint (ps_series_get_bins_kind (spec), ==, PS_BINS_CONSTANT);
  g_assert_cmpfloat (ps_series_get_bins (spec)[1], ==, 50);
  g_assert_cmpstr (ps_series_get_bins_units (spec), ==, "Hz");
  g_assert_cmpfloat (ps_series_get_value (spec, 2, 1), ==, 6);

  g_clear_object (&file);
  remove_temp (path);
}

/* Variable-length ISO strings as the time, one of them empty (dropped). */
static void
test_vlen_strings (void)
{
  g_autofree char *path = temp_path ("strings.h5");
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = NULL;
  g_autoptr(PsSeries) series = NULL;
  const char *texts[3] = { "2020-01-01T00:00:00Z", "", "2020-01-01 00:00:02.5 UTC" };
  const double values[3] = { 1, 2, 3 };
  hsize_t n = 3;
  hid_t h5, type;

  ps_hdf5_lock ();
  h5 = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, H5T_VARIABLE);
  H5Dclose (write_dataset (h5, "time", type, type, 1, &n, texts));
  H5Tclose (type);
  H5Dclose (write_dataset (h5, "b", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &n, values));
  H5Fclose (h5);
  ps_hdf5_unlock ();

  file = ps_local_file_open (path, &error);
  g_assert_no_error (error);
  series = load (file, "b");
  g_assert_cmpuint (ps_series_get_n (series), ==, 2);
  g_assert_cmpint (ps_series_get_time (series, 1), ==, iso ("2020-01-01T00:00:02.5Z"));
  g_assert_cmpfloat (ps_series_get_value (series, 1, 0), ==, 3);

  g_clear_object (&file);
  remove_temp (path);
}

static void
test_no_time (void)
{
  g_autofree char *path = temp_path ("no-time.h5");
  g_autoptr(GError) error = NULL;
  const double values[3] = { 1, 2, 3 };
  hsize_t n = 3;
  hid_t h5;

  ps_hdf5_lock ();
  h5 = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  H5Dclose (write_dataset (h5, "values", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &n, values));
  H5Fclose (h5);
  ps_hdf5_unlock ();

  g_assert_null (ps_local_file_open (path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "no-time.h5"));
  g_assert_nonnull (strstr (error->message, "no time dataset"));
  remove_temp (path);
}

static void
test_zero_length (void)
{
  g_autofree char *path = temp_path ("empty.h5");
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = NULL;
  g_autoptr(PsSeries) series = NULL;
  hsize_t n = 0;
  hid_t h5, set;

  ps_hdf5_lock ();
  h5 = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  set = write_dataset (h5, "time", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, &n, NULL);
  write_attr_text (set, "units", "ms since 1970-01-01");
  H5Dclose (set);
  H5Dclose (write_dataset (h5, "x", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, &n, NULL));
  H5Fclose (h5);
  ps_hdf5_unlock ();

  file = ps_local_file_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ps_local_file_lookup_product (file, "x")->n_records, ==, 0);
  series = load (file, "x");
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);

  g_clear_object (&file);
  remove_temp (path);
}

static void
test_broken (void)
{
  g_autofree char *path = temp_path ("OMNI-truncated.h5");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = NULL;
  gsize length = 0;
  char garbage[4096];

  g_assert_true (g_file_get_contents (OMNI, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 100000);

  /* the first 100 KB */
  g_assert_true (g_file_set_contents (path, contents, 100000, NULL));
  g_assert_null (ps_local_file_open (path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "OMNI-truncated.h5"));
  g_test_message ("truncated: %s", error->message);
  g_clear_error (&error);

  /* the signature, then garbage */
  for (gsize i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) (i * 7919 + (i >> 3));
  memcpy (garbage, "\x89HDF\r\n\x1a\n", 8);
  g_assert_true (g_file_set_contents (path, garbage, sizeof garbage, NULL));
  g_assert_null (ps_local_file_open (path, &error));
  g_assert_nonnull (error);
  g_test_message ("garbage: %s", error->message);
  g_clear_error (&error);

  /* the signature alone */
  g_assert_true (g_file_set_contents (path, "\x89HDF\r\n\x1a\n", 8, NULL));
  g_assert_null (ps_local_file_open (path, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* not a variable */
  file = ps_local_file_open (OMNI, &error);
  g_assert_no_error (error);
  g_assert_null (ps_local_file_load (file, "UTC", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  remove_temp (path);
}

typedef struct
{
  PsLocalFile *file;
  const char  *variable;
} Job;

static gpointer
load_thread (gpointer data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  double sum = 0;

  for (int k = 0; k < 5; k++)
    {
      g_autoptr(PsSeries) series = ps_local_file_load (job->file, job->variable, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (ps_series_get_n (series), ==, 20002);
      sum += ps_series_get_value (series, 13966, 0);
    }
  return GINT_TO_POINTER (sum != 0);
}

/* load() runs on several worker threads at once */
static void
test_threads (void)
{
  static const char * const names[] = { "ByIMF", "Dst", "Kp", "Qbits/dens" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = ps_local_file_open (OMNI, &error);
  GThread *threads[G_N_ELEMENTS (names)];
  Job jobs[G_N_ELEMENTS (names)];

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      jobs[i] = (Job) { file, names[i] };
      threads[i] = g_thread_new ("load", load_thread, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_thread_join (threads[i]);

  /* the same file opened twice, one closed: the other still reads */
  {
    g_autoptr(PsLocalFile) again = ps_local_file_open (OMNI, &error);
    g_autoptr(PsSeries) series = NULL;

    g_assert_no_error (error);
    g_clear_object (&file);
    series = load (again, "Dst");
    g_assert_cmpfloat (ps_series_get_value (series, 13966, 0), ==, -9);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/LocalHdf5/time-units", test_time_units);
  g_test_add_func ("/Core/LocalHdf5/omni-list", test_omni_list);
  g_test_add_func ("/Core/LocalHdf5/omni-values", test_omni_values);
  g_test_add_func ("/Core/LocalHdf5/icon", test_icon);
  g_test_add_func ("/Core/LocalHdf5/daili", test_daili);
  g_test_add_func ("/Core/LocalHdf5/synthetic", test_synthetic);
  g_test_add_func ("/Core/LocalHdf5/varying-bins", test_varying_bins);
  g_test_add_func ("/Core/LocalHdf5/dimension-scales", test_dimension_scales);
  g_test_add_func ("/Core/LocalHdf5/vlen-strings", test_vlen_strings);
  g_test_add_func ("/Core/LocalHdf5/no-time", test_no_time);
  g_test_add_func ("/Core/LocalHdf5/zero-length", test_zero_length);
  g_test_add_func ("/Core/LocalHdf5/broken", test_broken);
  g_test_add_func ("/Core/LocalHdf5/threads", test_threads);

  return g_test_run ();
}
