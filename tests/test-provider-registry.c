/* test-provider-registry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsProviderRegistry: product paths go to the provider with the longest
 * prefix that owns them; the default set follows its configuration
 * (disabled providers, base URLs).
 */

#include "config.h"

#include "ps-cda-provider.h"
#include "ps-ssc-provider.h"
#include "ps-hapi-provider.h"
#include "ps-provider-registry.h"

static void
test_lookup (void)
{
  g_autoptr(PsProviderRegistry) registry = ps_provider_registry_new ();
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  g_autoptr(PsCdaProvider) cda = ps_cda_provider_new ("http://127.0.0.1:9/a", fetcher);
  g_autoptr(PsCdaProvider) again = ps_cda_provider_new ("http://127.0.0.1:9/b", fetcher);

  g_assert_cmpuint (ps_provider_registry_get_n_items (registry), ==, 0);
  g_assert_null (ps_provider_registry_lookup (registry, "cda/AC_H2_MFI/BGSEc"));
  ps_provider_registry_add (registry, PS_PROVIDER (cda));
  g_assert_true (ps_provider_registry_lookup (registry, "cda/AC_H2_MFI/BGSEc") == PS_PROVIDER (cda));
  g_assert_null (ps_provider_registry_lookup (registry, "cdaweb/AC_H2_MFI/BGSEc"));
  g_assert_null (ps_provider_registry_lookup (registry, "cda"));
  g_assert_null (ps_provider_registry_lookup (registry, "cda/"));
  g_assert_true (ps_provider_registry_get (registry, "cda") == PS_PROVIDER (cda));

  /* The same prefix again replaces the first */
  ps_provider_registry_add (registry, PS_PROVIDER (again));
  g_assert_cmpuint (ps_provider_registry_get_n_items (registry), ==, 1);
  g_assert_true (ps_provider_registry_get_item (registry, 0) == PS_PROVIDER (again));

  g_assert_true (ps_provider_registry_remove (registry, "cda"));
  g_assert_false (ps_provider_registry_remove (registry, "cda"));
  g_assert_cmpuint (ps_provider_registry_get_n_items (registry), ==, 0);
}

static void
test_config (void)
{
  g_autoptr(PsFetcher) fetcher = ps_fetcher_new ();
  const char * const disabled[] = { "cda", NULL };
  const char * const hapi_disabled[] = { "hapi", NULL };
  const char * const urls[] = { "cda=http://127.0.0.1:9/mirror", NULL };
  const char * const bad_urls[] = { "cda", NULL };
  PsProviderConfig config = { NULL, urls, NULL };
  g_autoptr(PsProviderRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  PsProvider *cda;

  registry = ps_provider_registry_new_default (fetcher, &config, &error);
  g_assert_no_error (error);
  cda = ps_provider_registry_get (registry, "cda");
  g_assert_nonnull (cda);
  g_assert_cmpstr (ps_cda_provider_get_base_url (PS_CDA_PROVIDER (cda)), ==, "http://127.0.0.1:9/mirror");
  g_assert_cmpstr (ps_provider_get_name (cda), ==, "CDAWeb");
  g_clear_object (&registry);

  config.disabled = disabled;
  registry = ps_provider_registry_new_default (fetcher, &config, &error);
  g_assert_no_error (error);
  g_assert_null (ps_provider_registry_get (registry, "cda"));
  g_clear_object (&registry);

  /* SSCWeb: "ssc" disables it alone; "ssc=URL" moves it */
  {
    const char * const ssc_disabled[] = { "ssc", NULL };
    const char * const ssc_urls[] = { "ssc=http://127.0.0.1:9/ssc/", NULL };
    PsProviderConfig ssc_config = { ssc_disabled, NULL, NULL };
    PsProvider *ssc;

    registry = ps_provider_registry_new_default (fetcher, &ssc_config, &error);
    g_assert_no_error (error);
    g_assert_null (ps_provider_registry_get (registry, "ssc"));
    g_assert_nonnull (ps_provider_registry_get (registry, "cda"));
    g_clear_object (&registry);

    ssc_config.disabled = NULL;
    ssc_config.base_urls = ssc_urls;
    registry = ps_provider_registry_new_default (fetcher, &ssc_config, &error);
    g_assert_no_error (error);
    ssc = ps_provider_registry_get (registry, "ssc");
    g_assert_nonnull (ssc);
    g_assert_cmpstr (ps_ssc_provider_get_base_url (PS_SSC_PROVIDER (ssc)), ==, "http://127.0.0.1:9/ssc");
    g_clear_object (&registry);
  }

  /* "hapi" disables hapi/… but not cda */
  g_assert_true (ps_provider_config_is_disabled (&(PsProviderConfig) { hapi_disabled, NULL, NULL }, "hapi/amda"));
  g_assert_false (ps_provider_config_is_disabled (&(PsProviderConfig) { hapi_disabled, NULL, NULL }, "hapix"));
  g_assert_false (ps_provider_config_is_disabled (&(PsProviderConfig) { hapi_disabled, NULL, NULL }, "cda"));
  g_assert_false (ps_provider_config_is_disabled (NULL, "cda"));

  /* HAPI: the public servers, one provider each, plus the configured ones */
  {
    const char * const added[] = { "emu=http://127.0.0.1:9/hapi", NULL };
    PsProviderConfig hapi = { NULL, NULL, added };
    g_autoptr(PsProviderRegistry) all = ps_provider_registry_new_default (fetcher, &hapi, &error);
    PsProvider *amda;

    g_assert_no_error (error);
    amda = ps_provider_registry_lookup (all, "hapi/amda/ace_imf_all/imf");
    g_assert_nonnull (amda);
    g_assert_cmpstr (ps_provider_get_prefix (amda), ==, "hapi/amda");
    g_assert_cmpstr (ps_provider_get_name (amda), ==, "AMDA (HAPI)");
    g_assert_cmpstr (ps_provider_get_name (ps_provider_registry_get (all, "hapi/cdaweb")), ==, "CDAWeb (HAPI)");
    g_assert_cmpstr (ps_provider_get_name (ps_provider_registry_get (all, "hapi/emu")), ==, "emu");
    g_assert_true (ps_provider_registry_get_item (all, 0) == ps_provider_registry_get (all, "cda"));
    g_assert_true (ps_provider_registry_get_item (all, 1) == ps_provider_registry_get (all, "ssc"));
    g_assert_cmpstr (ps_provider_get_name (ps_provider_registry_get (all, "ssc")), ==, "SSCWeb");
    g_assert_true (ps_provider_registry_get_item (all, 2) == ps_provider_registry_get (all, "amda"));
    g_assert_true (ps_provider_registry_get_item (all, 3) == ps_provider_registry_get (all, "csa"));
    g_assert_cmpstr (ps_provider_get_prefix (ps_provider_registry_lookup (all, "amda/imf")), ==, "amda");
    /* The longest owning prefix: AMDA's HAPI server is not AMDA */
    g_assert_cmpstr (ps_provider_get_prefix (ps_provider_registry_lookup (all, "hapi/amda/imf/x")), ==, "hapi/amda");
    g_assert_cmpstr (ps_provider_get_name (ps_provider_registry_lookup (all, "csa/C1_CP_FGM_SPIN/B_vec_xyz_gse__C1_CP_FGM_SPIN")),
                     ==, "Cluster Science Archive");
    /* CDAWeb, SSCWeb, AMDA, CSA, the public HAPI servers, the configured
     * one, this computer's files and the samples */
    g_assert_cmpuint (ps_provider_registry_get_n_items (all), ==, 4 + 15 + 1 + 2);
    g_assert_cmpstr (ps_provider_get_prefix (ps_provider_registry_lookup (all, "local/home/ann/wi.cdf/BGSE")),
                     ==, "local");
    g_assert_cmpstr (ps_provider_get_prefix (ps_provider_registry_lookup (all, "samples/wi.cdf/BGSE")),
                     ==, "samples");
    g_assert_true (ps_provider_is_local (ps_provider_registry_get (all, "samples")));
    g_assert_false (ps_provider_is_local (ps_provider_registry_get (all, "cda")));

    hapi.disabled = hapi_disabled;
    g_clear_object (&all);
    all = ps_provider_registry_new_default (fetcher, &hapi, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ps_provider_registry_get_n_items (all), ==, 4 + 2);
    g_assert_null (ps_provider_registry_lookup (all, "hapi/amda/ace_imf_all/imf"));
  }

  config.disabled = NULL;
  config.base_urls = bad_urls;
  g_assert_null (ps_provider_registry_new_default (fetcher, &config, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_unsetenv ("PLASMASCOPE_HAPI_SERVERS");
  g_unsetenv ("PLASMASCOPE_SSC_URL");
  g_unsetenv ("PLASMASCOPE_AMDA_URL");
  g_unsetenv ("PLASMASCOPE_CSA_URL");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/ProviderRegistry/lookup", test_lookup);
  g_test_add_func ("/Core/ProviderRegistry/config", test_config);
  return g_test_run ();
}
