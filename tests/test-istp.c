/* test-istp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ISTP interpretation (src/core/istp) on real CDF files, checked against
 * PyISTP's assertions (SciQLop/PyISTP tests/test_pyistp.py @ 11155d77),
 * the values other readers observed, and `plasmascope-cli cdf-series`.
 */

#include "config.h"

#include <math.h>
#include <sys/wait.h>

#include "ps-istp.h"
#include "ps-time-cdf.h"

static PsCdfFile *
open_cdf (const char *relative)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "cdf", relative, NULL);
  PsCdfFile *file = ps_cdf_file_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (file);
  return file;
}

static PsSeries *
load (PsCdfFile           *file,
      PsCdfFile           *master,
      const char          *variable,
      const PsIstpOptions *opts)
{
  g_autoptr(GError) error = NULL;
  PsSeries *series = ps_istp_load (file, master, variable, opts, &error);

  g_assert_no_error (error);
  g_assert_nonnull (series);
  return series;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The data variables of @relative are exactly @expected (any order). */
static void
assert_data_set (const char        *relative,
                 const char        *master_relative,
                 const char * const *expected,
                 guint              n_expected)
{
  g_autoptr(PsCdfFile) file = open_cdf (relative);
  g_autoptr(PsCdfFile) master = master_relative ? open_cdf (master_relative) : NULL;
  g_autoptr(GPtrArray) names = ps_istp_list_data_variables (file, master);
  g_autoptr(GPtrArray) want = g_ptr_array_new ();

  for (guint i = 0; i < n_expected; i++)
    g_ptr_array_add (want, (gpointer) expected[i]);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_sort (want, compare_strings);
  g_assert_cmpuint (names->len, ==, want->len);
  for (guint i = 0; i < want->len; i++)
    g_assert_cmpstr (g_ptr_array_index (names, i), ==, g_ptr_array_index (want, i));
}

static void
test_list_wind_mfi (void)
{
  const char *expected[] = { "PGSM", "BGSEc", "BF1", "PGSE", "BGSMa", "DIST", "BGSEa", "BGSMc", "RMS" };
  g_autoptr(PsCdfFile) file = open_cdf ("pyistp/wi_k0_mfi_20220101_v01.cdf");
  g_autoptr(GPtrArray) names = ps_istp_list_data_variables (file, NULL);

  assert_data_set ("pyistp/wi_k0_mfi_20220101_v01.cdf", NULL, expected, G_N_ELEMENTS (expected));
  /* File order */
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "BF1");
  g_assert_cmpstr (g_ptr_array_index (names, names->len - 1), ==, "PGSE");
}

static void
test_list_solo (void)
{
  const char *expected[] = { "DENSITYSTD", "DENSITY" };

  assert_data_set ("pyistp/solo_l3_rpw-bia-density-10-seconds_00000000_v01.cdf", NULL,
                   expected, G_N_ELEMENTS (expected));
}

static void
test_list_themis_efi (void)
{
  const char *expected[] = {
    "thd_eff_e34_efs", "thd_eff_q_mag", "thd_efs_dot0_gsm", "thd_efs_dot0_dsl", "thd_efs_dot0_gse",
    "thd_eff_q_pha", "thd_eff_dot0_gse", "thd_eff_e12_efs", "thd_eff_dot0_dsl", "thd_eff_dot0_gsm",
  };

  assert_data_set ("pyistp/thd_l2_efi_00000000_v01.cdf", NULL, expected, G_N_ELEMENTS (expected));
}

static void
test_list_cluster (void)
{
  const char *expected[] = {
    "delta_Ez_ISR2__C3_CP_EFW_L3_E3D_INERT", "E_Vec_xyz_ISR2__C3_CP_EFW_L3_E3D_INERT",
    "E_sigma__C3_CP_EFW_L3_E3D_INERT",
  };

  assert_data_set ("pyistp/c3_cp_efw_l3_e3d_inert_00000000_v01.cdf", NULL, expected, G_N_ELEMENTS (expected));
}

/* The 200 names of PyISTP's test, in its order. */
static const char *themis_esa[] = {
  "tha_iesa_solarwind_flag", "tha_peeb_velocity_gsm", "tha_peeb_velocity_gse",
  "tha_peeb_velocity_dsl", "tha_peeb_symm_ang", "tha_peeb_symm", "tha_peeb_ptens", "tha_peeb_t3",
  "tha_peeb_sc_pot", "tha_peeb_vthermal", "tha_peeb_avgtemp", "tha_peeb_density",
  "tha_peib_velocity_gsm", "tha_eesa_solarwind_flag", "tha_peib_velocity_gse", "tha_peib_magf",
  "tha_peib_symm_ang", "tha_peib_symm", "tha_peib_flux", "tha_peib_mftens", "tha_peib_magt3",
  "tha_peib_t3", "tha_peib_vthermal", "tha_peib_avgtemp", "tha_peib_density",
  "tha_peer_velocity_gsm", "tha_peer_velocity_gse", "tha_peer_magf", "tha_peer_symm_ang",
  "tha_peer_symm", "tha_peeb_fluxQ", "tha_peif_magt3", "tha_peib_en_eflux", "tha_peif_t3",
  "tha_peeb_velocity_gsmQ", "tha_peif_densityQ", "tha_peeb_sc_potQ", "tha_peeb_magf",
  "tha_peeb_velocity_dslQ", "tha_peeb_vthermalQ", "tha_peeb_avgtempQ", "tha_peif_symm",
  "tha_peef_symm_ang", "tha_peif_sc_pot", "tha_peib_velocity_gseQ", "tha_peib_velocity_dslQ",
  "tha_peer_magfQ", "tha_peib_magfQ", "tha_peif_en_eflux", "tha_peef_sc_potQ", "tha_peir_t3Q",
  "tha_peef_velocity_gsm", "tha_peib_mftensQ", "tha_peeb_en_efluxQ", "tha_peeb_t3Q",
  "tha_peef_ptensQ", "tha_peeb_en_eflux", "tha_peib_t3Q", "tha_peib_en_efluxQ",
  "tha_peeb_velocity_gseQ", "tha_peef_vthermal", "tha_peib_avgtempQ", "tha_peib_densityQ",
  "tha_peib_data_quality", "tha_peif_velocity_gse", "tha_peif_density", "tha_peif_symm_angQ",
  "tha_peer_flux", "tha_peib_vthermalQ", "tha_peer_avgtemp", "tha_peer_velocity_dslQ",
  "tha_peif_vthermal", "tha_peer_symmQ", "tha_peef_fluxQ", "tha_peir_mftens", "tha_peer_fluxQ",
  "tha_peer_mftensQ", "tha_peer_ptensQ", "tha_peef_symm", "tha_peef_t3Q", "tha_peeb_symm_angQ",
  "tha_peib_sc_potW", "tha_peer_t3Q", "tha_peib_symmQ", "tha_peir_magfQ", "tha_peef_avgtempQ",
  "tha_peif_flux", "tha_peef_magf", "tha_peef_densityQ", "tha_peif_velocity_gseQ",
  "tha_peef_velocity_gsmQ", "tha_peif_vthermalQ", "tha_peer_sc_potQ", "tha_peir_vthermal",
  "tha_peeb_mftensQ", "tha_peib_fluxQ", "tha_peir_mftensQ", "tha_peir_vthermalQ", "tha_peir_symmQ",
  "tha_peef_vthermalQ", "tha_peif_data_quality", "tha_peif_sc_potQ", "tha_peif_avgtemp",
  "tha_peef_mftensQ", "tha_peif_mftensQ", "tha_peir_avgtemp", "tha_peir_velocity_gse",
  "tha_peib_velocity_gsmQ", "tha_peer_vthermalQ", "tha_peir_t3", "tha_peer_mftens",
  "tha_peif_mftens", "tha_peer_velocity_gsmQ", "tha_peef_magfQ", "tha_peeb_mftens",
  "tha_peif_magt3Q", "tha_peif_velocity_gsmQ", "tha_peer_sc_pot", "tha_peif_fluxQ",
  "tha_peif_en_efluxQ", "tha_peir_symm_angQ", "tha_peeb_symmQ", "tha_peir_ptens",
  "tha_peir_sc_pot", "tha_peer_symm_angQ", "tha_peef_symm_angQ", "tha_peef_en_efluxQ",
  "tha_peif_ptens", "tha_peif_avgtempQ", "tha_peeb_flux", "tha_peir_ptensQ",
  "tha_peef_velocity_dslQ", "tha_peif_velocity_dslQ", "tha_peer_en_efluxQ", "tha_peir_densityQ",
  "tha_peer_magt3", "tha_peir_data_quality", "tha_peib_magt3Q", "tha_peif_ptensQ",
  "tha_peer_en_eflux", "tha_peer_densityQ", "tha_peib_ptens", "tha_peeb_magt3Q",
  "tha_peeb_densityQ", "tha_peib_velocity_dsl", "tha_peeb_data_quality", "tha_peir_avgtempQ",
  "tha_peib_ptensQ", "tha_peef_data_quality", "tha_peir_velocity_dslQ", "tha_peir_en_efluxQ",
  "tha_peef_en_eflux", "tha_peir_fluxQ", "tha_peir_magt3Q", "tha_peir_velocity_gsmQ",
  "tha_peer_data_quality", "tha_peer_t3", "tha_peir_density", "tha_peif_t3Q", "tha_peer_avgtempQ",
  "tha_peer_magt3Q", "tha_peir_sc_potQ", "tha_peif_magf", "tha_peir_symm",
  "tha_peer_velocity_gseQ", "tha_peif_velocity_dsl", "tha_peif_velocity_gsm", "tha_peeb_magt3",
  "tha_peef_density", "tha_peef_t3", "tha_peef_avgtemp", "tha_peef_sc_pot",
  "tha_peef_velocity_gse", "tha_peif_symm_ang", "tha_peef_ptens", "tha_peef_mftens",
  "tha_peef_flux", "tha_peif_symmQ", "tha_peir_flux", "tha_peib_sc_pot", "tha_peef_velocity_dsl",
  "tha_peir_magf", "tha_peef_velocity_gseQ", "tha_peef_magt3", "tha_peef_symmQ", "tha_peef_magt3Q",
  "tha_peif_magfQ", "tha_peir_en_eflux", "tha_peer_velocity_dsl", "tha_peir_magt3",
  "tha_peib_symm_angQ", "tha_peir_velocity_gseQ", "tha_peir_symm_ang", "tha_peir_velocity_dsl",
  "tha_peeb_ptensQ", "tha_peir_velocity_gsm", "tha_peer_density", "tha_peer_vthermal",
  "tha_peer_ptens", "tha_peeb_magfQ",
};

static void
test_list_themis_esa (void)
{
  g_autoptr(PsCdfFile) file = open_cdf ("pyistp/tha_l2_esa_00000000_v01.cdf");

  g_assert_cmpuint (ps_cdf_file_get_n_variables (file), ==, 383);
  g_assert_cmpuint (G_N_ELEMENTS (themis_esa), ==, 200);
  assert_data_set ("pyistp/tha_l2_esa_00000000_v01.cdf", NULL, themis_esa, G_N_ELEMENTS (themis_esa));
}

/* CDAWeb wrote 3 records of tha_fge_dsl but 1 of its EPOCH16 axis. */
static void
test_no_records (void)
{
  g_autoptr(PsCdfFile) file = open_cdf ("pyistp/tha_l2s_fgm_CDA_NO_RECORDS.cdf");
  g_autoptr(GPtrArray) names = ps_istp_list_data_variables (file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSeries) series = NULL;

  g_assert_cmpuint (names->len, ==, 0);
  g_assert_false (ps_istp_is_data_variable (file, NULL, "tha_fge_dsl"));
  series = ps_istp_load (file, NULL, "tha_fge_dsl", NULL, &error);
  g_assert_error (error, PS_ISTP_ERROR, PS_ISTP_ERROR_NOT_PLOTTABLE);
  g_assert_null (series);
  g_clear_error (&error);

  series = ps_istp_load (file, NULL, "no_such_variable", NULL, &error);
  g_assert_error (error, PS_ISTP_ERROR, PS_ISTP_ERROR_NOT_FOUND);
  g_assert_null (series);
}

static void
test_solo_density (void)
{
  g_autoptr(PsCdfFile) file = open_cdf ("pyistp/solo_l3_rpw-bia-density-10-seconds_00000000_v01.cdf");
  g_autoptr(PsSeries) series = load (file, NULL, "DENSITY", NULL);
  const PsCdfVariable *var = ps_cdf_file_lookup_variable (file, "DENSITY");
  const PsCdfVariable *epoch = ps_cdf_file_lookup_variable (file, "Epoch");

  g_assert_cmpint (var->type, ==, PS_CDF_FLOAT);
  g_assert_cmpint (epoch->type, ==, PS_CDF_TIME_TT2000);
  g_assert_true (epoch->record_varys);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);
  g_assert_cmpuint (ps_series_get_m (series), ==, 1);
  g_assert_cmpstr (ps_series_get_name (series), ==, "DENSITY");
  g_assert_cmpstr (ps_series_get_label (series, 0), ==, "N median");
  g_assert_cmpstr (ps_series_get_units (series), ==, "cm^-3");
  g_assert_cmpint (ps_series_get_display_kind (series), ==, PS_DISPLAY_LINE);
  g_assert_cmpstr (ps_series_get_meta (series, "VAR_TYPE"), ==, "data");
  g_assert_cmpstr (ps_series_get_meta (series, "DEPEND_0"), ==, "Epoch");
  g_assert_cmpstr (ps_series_get_meta (series, "FILLVAL"), ==, "-1e+31");
}

static void
test_cluster_epoch16 (void)
{
  g_autoptr(PsCdfFile) file = open_cdf ("pyistp/c3_cp_efw_l3_e3d_inert_00000000_v01.cdf");
  g_autoptr(PsSeries) series = load (file, NULL, "E_Vec_xyz_ISR2__C3_CP_EFW_L3_E3D_INERT", NULL);
  const PsCdfVariable *time = ps_cdf_file_lookup_variable (file, "time_tags__C3_CP_EFW_L3_E3D_INERT");

  g_assert_cmpint (time->type, ==, PS_CDF_EPOCH16);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  g_assert_cmpint (ps_series_get_display_kind (series), ==, PS_DISPLAY_VECTOR);
  g_assert_cmpstr (ps_series_get_label (series, 0), ==, "Ex");
  g_assert_cmpstr (ps_series_get_label (series, 2), ==, "Ez");
  g_assert_cmpstr (ps_series_get_units (series), ==, "mV/m");
}

/* speasy issue #223: the data file's DEPEND_1 names a CHAR variable; the
 * master's names the numeric energies, which only the master holds. */
static void
test_master_sta_het (void)
{
  g_autoptr(PsCdfFile) file = open_cdf ("pyistp/sta_l1_het_20240103_v01.cdf");
  g_autoptr(PsCdfFile) master = open_cdf ("pyistp/sta_l1_het_00000000_v01.cdf");
  g_autoptr(PsSeries) series = load (file, master, "Proton_Flux", NULL);
  g_autoptr(PsSeries) alone = load (file, NULL, "Proton_Flux", NULL);
  const double *bins;

  g_assert_cmpuint (ps_series_get_n (series), ==, 1440);
  g_assert_cmpuint (ps_series_get_m (series), ==, 11);
  g_assert_cmpstr (ps_series_get_label (series, 0), ==, "13.6 - 15.1 MeV");
  g_assert_cmpint (ps_series_get_display_kind (series), ==, PS_DISPLAY_MULTI);
  g_assert_cmpint (ps_series_get_bins_kind (series), ==, PS_BINS_CONSTANT);
  bins = ps_series_get_bins (series);
  g_assert_cmpfloat (bins[0], >, 13.6);
  g_assert_cmpfloat (bins[0], <, 15.1);
  for (guint j = 1; j < 11; j++)
    g_assert_cmpfloat (bins[j], >, bins[j - 1]);
  g_assert_cmpstr (ps_series_get_bins_units (series), ==, "MeV");
  /* The master's own attribute, absent from the data file */
  g_assert_cmpstr (ps_series_get_meta (series, "LABLAXIS"), ==, "Proton Flux");
  /* The data file's attribute wins */
  g_assert_cmpstr (ps_series_get_meta (series, "DEPEND_1"), ==, "Proton_Flux_Energies");

  g_assert_cmpint (ps_series_get_bins_kind (alone), ==, PS_BINS_NONE);
  g_assert_cmpuint (ps_series_get_n (alone), ==, 1440);
  g_assert_cmpfloat (ps_series_get_value (alone, 0, 0), ==, ps_series_get_value (series, 0, 0));
}

/* The data file has no attribute at all. */
static void
test_master_wind_3dp (void)
{
  g_autoptr(PsCdfFile) file = open_cdf ("pyistp/wi_plsp_3dp_19990329_v02.cdf");
  g_autoptr(PsCdfFile) master = open_cdf ("pyistp/wi_plsp_3dp_00000000_v01.cdf");
  g_autoptr(PsSeries) series = load (file, master, "MOM.P.AVGTEMP", NULL);
  g_autoptr(PsSeries) flux = load (file, master, "FLUX", NULL);
  g_autoptr(GPtrArray) names = ps_istp_list_data_variables (file, master);
  g_autoptr(GPtrArray) none = ps_istp_list_data_variables (file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSeries) failed = NULL;
  char iso[64];

  g_assert_true (g_ptr_array_find_with_equal_func (names, "MOM.P.AVGTEMP", g_str_equal, NULL));
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_cmpuint (ps_series_get_n (series), ==, 412);
  g_assert_cmpuint (ps_series_get_m (series), ==, 1);
  g_assert_cmpstr (ps_series_get_units (series), ==, "eV");
  g_assert_cmpstr (ps_series_get_label (series, 0), ==, "Tavg_Protons");
  g_assert_cmpfloat (ps_series_get_value (series, 0, 0), ==, (double) 21.994956970214844f);
  ps_time_format_iso_buf (ps_series_get_time (series, 0), 9, iso, sizeof iso);
  g_assert_cmpstr (iso, ==, "1999-03-29T00:03:07.128125000Z");

  /* DEPEND_1 (from the master) is ENERGY_good, which only the master has,
   * without records: no bins, but still the spectrogram DISPLAY_TYPE asks */
  g_assert_cmpuint (ps_series_get_m (flux), ==, 15);
  g_assert_cmpint (ps_series_get_bins_kind (flux), ==, PS_BINS_NONE);
  g_assert_cmpint (ps_series_get_display_kind (flux), ==, PS_DISPLAY_SPECTROGRAM);
  g_assert_cmpstr (ps_series_get_label (flux, 14), ==, "Proton_No_Flux[14]");

  /* Without the master: no DEPEND_0 anywhere, so the file's one time
   * variable, Epoch (412 records), is the axis — the master's own choice;
   * the units and labels only the master has are missing */
  failed = ps_istp_load (file, NULL, "MOM.P.AVGTEMP", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (failed), ==, 412);
  g_assert_cmpfloat (ps_series_get_value (failed, 0, 0), ==, (double) 21.994956970214844f);
  g_assert_cmpint (ps_series_get_time (failed, 0), ==, ps_series_get_time (series, 0));
  g_assert_null (ps_series_get_units (failed));
  g_assert_true (ps_istp_is_plottable (file, NULL, "MOM.P.AVGTEMP"));
  g_assert_false (ps_istp_is_plottable (file, NULL, "Epoch"));
}

/* Van Allen Probes HOPE: FPDO [72] against HOPE_ENERGY_Ion [72] per record;
 * FPDU [11, 72] flattened. */
static void
test_spectrogram_hope (void)
{
  g_autoptr(PsCdfFile) file = open_cdf ("spacepy/rbspa_rel04_ect-hope-PA-L3_20121201_v0.0.0.cdf");
  g_autoptr(PsSeries) fpdo = load (file, NULL, "FPDO", NULL);
  g_autoptr(PsSeries) fpdu = load (file, NULL, "FPDU", NULL);
  const PsCdfVariable *energy = ps_cdf_file_lookup_variable (file, "HOPE_ENERGY_Ion");
  const PsCdfVariable *raw_var = ps_cdf_file_lookup_variable (file, "FPDU");
  g_autofree float *energies = ps_cdf_variable_read_alloc (file, energy, 0, energy->n_records, NULL, NULL);
  g_autofree float *raw = ps_cdf_variable_read_alloc (file, raw_var, 0, 1, NULL, NULL);
  const double *bins;
  gsize n;

  g_assert_cmpint (ps_series_get_display_kind (fpdo), ==, PS_DISPLAY_SPECTROGRAM);
  g_assert_cmpint (ps_series_get_bins_kind (fpdo), ==, PS_BINS_VARYING);
  n = ps_series_get_n (fpdo);
  g_assert_cmpuint (n, ==, 100);
  g_assert_cmpuint (ps_series_get_m (fpdo), ==, 72);
  g_assert_cmpstr (ps_series_get_label (fpdo, 0), ==, "E1");
  g_assert_cmpstr (ps_series_get_bins_units (fpdo), ==, "eV");
  g_assert_cmpstr (ps_series_get_bins_label (fpdo), ==, "Ion Energy");
  bins = ps_series_get_bins (fpdo);
  g_assert_nonnull (energies);
  for (gsize k = 0; k < n * 72; k++)
    if (energies[k] != -1e31f)
      g_assert_cmpfloat (bins[k], ==, (double) energies[k]);

  g_assert_cmpint (ps_series_get_display_kind (fpdu), ==, PS_DISPLAY_SPECTROGRAM);
  g_assert_cmpuint (ps_series_get_m (fpdu), ==, 11 * 72);
  g_assert_cmpstr (ps_series_get_label (fpdu, 0), ==, "4.5 E1");
  g_assert_cmpstr (ps_series_get_label (fpdu, 73), ==, "18.0 E2");

  /* FILLVAL: the stored float -1e31 is NaN, the others are kept. */
  g_assert_nonnull (raw);
  g_assert_true (raw[0] == -1e31f);
  g_assert_true (isnan (ps_series_get_value (fpdu, 0, 0)));
  for (guint j = 0; j < 11 * 72; j++)
    if (raw[j] != -1e31f)
      g_assert_cmpfloat (ps_series_get_value (fpdu, 0, j), ==, (double) raw[j]);
    else
      g_assert_true (isnan (ps_series_get_value (fpdu, 0, j)));
}

static void
test_labels (void)
{
  g_autoptr(PsCdfFile) solo = open_cdf ("cdfpp/solo_l2_rpw-lfr-surv-swf-e_00000000_v01.cdf");
  g_autoptr(PsCdfFile) geotail = open_cdf ("speasy/ge_h0_cpi_00000000_v01.cdf");
  g_autoptr(PsSeries) vdc = load (solo, NULL, "VDC", NULL);
  g_autoptr(PsSeries) sw_vc = load (geotail, NULL, "SW_Vc", NULL);
  g_autoptr(PsSeries) sw_t = load (geotail, NULL, "SW_T", NULL);

  g_assert_cmpuint (ps_series_get_m (vdc), ==, 2048 * 3);
  g_assert_cmpstr (ps_series_get_label (vdc, 0), ==, "Vdc1[0]");
  g_assert_cmpstr (ps_series_get_label (vdc, 1), ==, "Vdc2[0]");
  g_assert_cmpstr (ps_series_get_label (vdc, 2), ==, "Vdc3[0]");
  g_assert_cmpstr (ps_series_get_label (vdc, 3 * 17 + 1), ==, "Vdc2[17]");

  g_assert_cmpstr (ps_series_get_label (sw_vc, 0), ==, "Ion Vx GSE");
  g_assert_cmpstr (ps_series_get_label (sw_vc, 1), ==, "Ion Vy GSE");
  g_assert_cmpstr (ps_series_get_label (sw_vc, 2), ==, "Ion Vz GSE");
  g_assert_cmpstr (ps_series_get_units (sw_vc), ==, "km/sec");
  g_assert_cmpint (ps_series_get_display_kind (sw_vc), ==, PS_DISPLAY_VECTOR);

  g_assert_cmpstr (ps_series_get_label (sw_t, 0), ==, "Ion Temp");
  g_assert_cmpstr (ps_series_get_units (sw_t), ==, "Kelvin");
}

static void
assert_iso (PsTime      t,
            const char *expected)
{
  char iso[64];

  ps_time_format_iso_buf (t, 9, iso, sizeof iso);
  g_assert_cmpstr (iso, ==, expected);
}

static void
test_ace_mfi (void)
{
  g_autoptr(PsCdfFile) file = open_cdf ("speasy/ac_k2_mfi_20220101_v03.cdf");
  g_autoptr(PsSeries) series = load (file, NULL, "BGSEc", NULL);
  PsIstpOptions opts;
  g_autoptr(PsSeries) part = NULL;
  g_autoptr(PsSeries) ranged = NULL;
  gsize n;

  n = ps_series_get_n (series);
  g_assert_cmpuint (n, ==, 24);
  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  g_assert_cmpint (ps_series_get_display_kind (series), ==, PS_DISPLAY_VECTOR);
  g_assert_cmpstr (ps_series_get_label (series, 0), ==, "Bx GSE");
  g_assert_cmpstr (ps_series_get_units (series), ==, "nT");
  assert_iso (ps_series_get_time (series, 0), "2022-01-01T00:00:00.000000000Z");
  assert_iso (ps_series_get_time (series, n - 1), "2022-01-01T23:00:00.000000000Z");
  g_assert_cmpfloat (ps_series_get_value (series, 0, 0), ==, (double) -6.069f);
  g_assert_cmpfloat (ps_series_get_value (series, 0, 1), ==, (double) 4.097f);
  g_assert_cmpfloat (ps_series_get_value (series, 0, 2), ==, (double) -2.176f);
  g_assert_cmpfloat (ps_series_get_value (series, n - 1, 0), ==, (double) -2.832f);
  g_assert_cmpfloat (ps_series_get_value (series, n - 1, 1), ==, (double) 5.644f);
  g_assert_cmpfloat (ps_series_get_value (series, n - 1, 2), ==, (double) -0.14f);
  g_assert_cmpstr (ps_series_get_meta (series, "VAR_TYPE"), ==, "data");
  g_assert_cmpstr (ps_series_get_meta (series, "DISPLAY_TYPE"), ==, "time_series");
  g_assert_nonnull (ps_series_get_meta (series, "CATDESC"));

  /* Record range */
  ps_istp_options_init (&opts);
  opts.first_record = 1;
  opts.n_records = 2;
  part = load (file, NULL, "BGSEc", &opts);
  g_assert_cmpuint (ps_series_get_n (part), ==, 2);
  assert_iso (ps_series_get_time (part, 0), "2022-01-01T01:00:00.000000000Z");
  g_assert_cmpfloat (ps_series_get_value (part, 1, 0), ==, ps_series_get_value (series, 2, 0));

  /* Time range [05:00, 07:00) */
  ps_istp_options_init (&opts);
  opts.range.start = ps_series_get_time (series, 5);
  opts.range.stop = ps_series_get_time (series, 7);
  ranged = load (file, NULL, "BGSEc", &opts);
  g_assert_cmpuint (ps_series_get_n (ranged), ==, 2);
  g_assert_cmpint (ps_series_get_time (ranged, 0), ==, ps_series_get_time (series, 5));
  g_assert_cmpfloat (ps_series_get_value (ranged, 1, 2), ==, ps_series_get_value (series, 6, 2));
}

/* Wind sits near L1, about 242 Re away: beyond PGSM's VALIDMAX of 220. */
static void
test_validmin_validmax (void)
{
  g_autoptr(PsCdfFile) file = open_cdf ("pyistp/wi_k0_mfi_20220101_v01.cdf");
  g_autoptr(PsSeries) plain = load (file, NULL, "PGSM", NULL);
  g_autoptr(PsSeries) masked = NULL;
  PsIstpOptions opts;

  ps_istp_options_init (&opts);
  opts.mask_invalid = TRUE;
  masked = load (file, NULL, "PGSM", &opts);
  g_assert_cmpuint (ps_series_get_n (plain), ==, 939);
  g_assert_cmpfloat (ps_series_get_value (plain, 0, 0), ==, (double) 241.93359375f);
  g_assert_true (isnan (ps_series_get_value (masked, 0, 0)));
  g_assert_cmpfloat (ps_series_get_value (masked, 0, 1), ==, ps_series_get_value (plain, 0, 1));
  g_assert_cmpfloat (ps_series_get_value (masked, 0, 2), ==, ps_series_get_value (plain, 0, 2));
  assert_iso (ps_series_get_time (plain, 0), "2022-01-01T00:01:19.474500000Z");
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) CLI_PATH);
  g_ptr_array_add (argv, (gpointer) "cdf-series");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
test_cli (void)
{
  g_autofree char *ace = g_build_filename (TEST_DATA_DIR, "cdf", "speasy", "ac_k2_mfi_20220101_v03.cdf", NULL);
  g_autofree char *sta = g_build_filename (TEST_DATA_DIR, "cdf", "pyistp", "sta_l1_het_20240103_v01.cdf", NULL);
  g_autofree char *sta_master = g_build_filename (TEST_DATA_DIR, "cdf", "pyistp", "sta_l1_het_00000000_v01.cdf", NULL);
  g_autofree char *hope = g_build_filename (TEST_DATA_DIR, "cdf", "spacepy",
                                            "rbspa_rel04_ect-hope-PA-L3_20121201_v0.0.0.cdf", NULL);
  g_auto(GStrv) lines = NULL;
  Run run = { 0 };

  run_cli (&run, ace, "BGSEc", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 24 + 1);
  g_assert_cmpstr (lines[0], ==, "time,Bx GSE (nT),By GSE (nT),Bz GSE (nT)");
  g_assert_cmpstr (lines[1], ==,
                   "2022-01-01T00:00:00.000000000Z,-6.0689997673034668,4.0970001220703125,-2.1760001182556152");
  g_assert_cmpstr (lines[24], ==,
                   "2022-01-01T23:00:00.000000000Z,-2.8320000171661377,5.6440000534057617,-0.14000000059604645");
  g_assert_cmpstr (lines[25], ==, "");
  g_clear_pointer (&lines, g_strfreev);
  run_clear (&run);

  run_cli (&run, "--list", ace, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Magnitude\nBGSEc\n");
  run_clear (&run);

  /* NaN for fill values */
  run_cli (&run, hope, "FPDU", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "time,4.5 E1 (s!E-1!Ncm!E-2!Nster!E-1!NkeV!E-1!N),"));
  g_assert_nonnull (strstr (run.out, "\n2012-12-01T00:00:05.691000000Z,NaN,"));
  run_clear (&run);

  run_cli (&run, "--master", sta_master, sta, "Proton_Flux", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "time,13.6 - 15.1 MeV (#/(cm2-steradian-second-MeV/nucleon)),"));
  run_clear (&run);

  run_cli (&run, ace, "NoSuchVariable", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "NoSuchVariable"));
  g_assert_nonnull (strchr (run.err, '\n'));
  g_assert_cmpstr (strchr (run.err, '\n'), ==, "\n");
  run_clear (&run);

  run_cli (&run, "/nonexistent.cdf", "BGSEc", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (strchr (run.err, '\n'), ==, "\n");
  run_clear (&run);

  run_cli (&run, ace, NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Istp/list/wind-mfi", test_list_wind_mfi);
  g_test_add_func ("/Istp/list/solo-density", test_list_solo);
  g_test_add_func ("/Istp/list/themis-efi", test_list_themis_efi);
  g_test_add_func ("/Istp/list/themis-esa", test_list_themis_esa);
  g_test_add_func ("/Istp/list/cluster", test_list_cluster);
  g_test_add_func ("/Istp/no-records", test_no_records);
  g_test_add_func ("/Istp/load/solo-density-tt2000", test_solo_density);
  g_test_add_func ("/Istp/load/cluster-epoch16", test_cluster_epoch16);
  g_test_add_func ("/Istp/master/sta-het", test_master_sta_het);
  g_test_add_func ("/Istp/master/wind-3dp", test_master_wind_3dp);
  g_test_add_func ("/Istp/load/spectrogram-hope", test_spectrogram_hope);
  g_test_add_func ("/Istp/load/labels", test_labels);
  g_test_add_func ("/Istp/load/ace-mfi", test_ace_mfi);
  g_test_add_func ("/Istp/load/validmin-validmax", test_validmin_validmax);
  g_test_add_func ("/Istp/cli", test_cli);

  return g_test_run ();
}
