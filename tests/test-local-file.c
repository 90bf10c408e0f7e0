/* test-local-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ps-local-file.h"

#define ACE_K2 TEST_DATA_DIR "/cdf/speasy/ac_k2_mfi_20220101_v03.cdf"
#define HOPE   TEST_DATA_DIR "/cdf/spacepy/rbspa_rel04_ect-hope-PA-L3_20121201_v0.0.0.cdf"

static void
test_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = ps_local_file_open (ACE_K2, &error);
  const PsLocalProduct *b;
  const PsLocalProduct *magnitude;

  g_assert_no_error (error);
  g_assert_cmpstr (ps_local_file_get_title (file), ==, "ac_k2_mfi_20220101_v03.cdf");
  g_assert_true (g_path_is_absolute (ps_local_file_get_path (file)));
  /* The data variables PyISTP lists, in file order. */
  g_assert_cmpuint (ps_local_file_get_n_products (file), ==, 2);
  g_assert_cmpstr (ps_local_file_get_product (file, 0)->variable, ==, "Magnitude");
  g_assert_cmpstr (ps_local_file_get_product (file, 1)->variable, ==, "BGSEc");

  b = ps_local_file_lookup_product (file, "BGSEc");
  g_assert_nonnull (b);
  g_assert_cmpstr (b->label, ==, "Mag Field, Cartesian GSE coord");
  g_assert_cmpstr (b->description, ==, "Magnetic Field, Cartesian GSE coord");
  g_assert_cmpstr (b->units, ==, "nT");
  g_assert_cmpint (b->kind, ==, PS_DISPLAY_VECTOR);
  g_assert_cmpuint (b->n_components, ==, 3);
  g_assert_cmpint (b->n_records, ==, 24);

  /* Declared [3] but not varying along it: one value per record. */
  magnitude = ps_local_file_lookup_product (file, "Magnitude");
  g_assert_cmpuint (magnitude->n_components, ==, 1);
  g_assert_cmpint (magnitude->kind, ==, PS_DISPLAY_LINE);
  g_assert_null (ps_local_file_lookup_product (file, "Epoch"));
}

static void
test_spectrogram_kind (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = ps_local_file_open (HOPE, &error);
  const PsLocalProduct *fpdu;

  g_assert_no_error (error);
  fpdu = ps_local_file_lookup_product (file, "FPDU");
  g_assert_nonnull (fpdu);
  g_assert_cmpint (fpdu->kind, ==, PS_DISPLAY_SPECTROGRAM);
}

static void
test_product_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = ps_local_file_open (ACE_K2, &error);
  g_autofree char *path = ps_local_file_product_path (file, "BGSEc");
  g_autofree char *file_path = NULL;
  g_autofree char *variable = NULL;

  g_assert_true (g_str_has_prefix (path, "local/"));
  g_assert_true (g_str_has_suffix (path, "/ac_k2_mfi_20220101_v03.cdf/BGSEc"));
  g_assert_true (ps_local_parse_product_path (path, &file_path, &variable));
  g_assert_cmpstr (file_path, ==, ps_local_file_get_path (file));
  g_assert_cmpstr (variable, ==, "BGSEc");
  g_clear_pointer (&file_path, g_free);
  g_clear_pointer (&variable, g_free);

  /* An HDF5 variable in a group: the file is the first part that is one */
  {
    g_autofree char *nested = g_strconcat ("local", ps_local_file_get_path (file), "/Qbits/ByIMF", NULL);

    g_assert_true (ps_local_parse_product_path (nested, &file_path, &variable));
    g_assert_cmpstr (file_path, ==, ps_local_file_get_path (file));
    g_assert_cmpstr (variable, ==, "Qbits/ByIMF");
  }

  g_assert_false (ps_local_parse_product_path ("cda/AC_H2_MFI/BGSEc", NULL, NULL));
  g_assert_false (ps_local_parse_product_path ("local/", NULL, NULL));
  g_assert_false (ps_local_parse_product_path ("local/file.cdf", NULL, NULL));
  g_assert_false (ps_local_parse_product_path ("local//tmp/x.cdf/", NULL, NULL));
}

static void
ready_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = NULL;
  g_autoptr(PsSeries) series = NULL;

  ps_local_file_open_async (ACE_K2, NULL, ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  file = ps_local_file_open_finish (result, &error);
  g_assert_no_error (error);

  ps_local_file_load_async (file, "BGSEc", NULL, ready_cb, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  series = ps_local_file_load_finish (file, loaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 24);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  g_assert_cmpstr (ps_series_get_units (series), ==, "nT");
}

static void
test_errors (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = NULL;
  g_autoptr(PsSeries) series = NULL;

  /* Not a CDF */
  ps_local_file_open_async (TEST_DATA_DIR "/cdf/README.md", NULL, ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (ps_local_file_open_finish (result, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_null (ps_local_file_open (TEST_DATA_DIR "/no-such-file.cdf", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* No such variable */
  file = ps_local_file_open (ACE_K2, &error);
  g_assert_no_error (error);
  ps_local_file_load_async (file, "Nope", NULL, ready_cb, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  series = ps_local_file_load_finish (file, loaded, &error);
  g_assert_null (series);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/LocalFile/list", test_list);
  g_test_add_func ("/Core/LocalFile/spectrogram-kind", test_spectrogram_kind);
  g_test_add_func ("/Core/LocalFile/product-path", test_product_path);
  g_test_add_func ("/Core/LocalFile/async", test_async);
  g_test_add_func ("/Core/LocalFile/errors", test_errors);

  return g_test_run ();
}
