/* fuzz-hapi-meta.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the HAPI metadata the provider reads beyond the info
 * (ps-hapi-meta.h): capabilities, catalog?depth=all, an info with its
 * modificationDate and maxRequestDuration, and ISO 8601 durations. Bad
 * input must give a PS_HAPI_ERROR, never a crash or a hang, and what
 * parses must hold together.
 */

#include "config.h"

#include <string.h>

#include "ps-hapi-meta.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_error (GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == PS_HAPI_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
check_dataset (PsHapiDataset *dataset)
{
  g_assert_nonnull (dataset->id);
  g_assert_true (g_utf8_validate (dataset->id, -1, NULL));
  g_assert_true ((dataset->info != NULL) != (dataset->error != NULL));
  g_assert_cmpint (dataset->max_request_duration, >=, 0);
  g_assert_cmpint (dataset->cadence, >=, 0);
  if (dataset->info != NULL)
    g_assert_cmpuint (dataset->info->n_parameters, >, 0);
  if (dataset->modification_date != NULL)
    g_assert_true (g_utf8_validate (dataset->modification_date, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) catalog = NULL;
  g_autoptr(PsHapiDataset) dataset = NULL;
  g_autofree char *line = NULL;
  PsHapiCapabilities capabilities;
  PsTime duration = -1;

  if (ps_hapi_capabilities_parse (text, size, &capabilities, &error))
    {
      PsHapiFormat format;

      g_assert_cmpuint (capabilities.formats, !=, 0);
      g_assert_true (ps_hapi_capabilities_pick_format (&capabilities, &format));
      ps_hapi_capabilities_clear (&capabilities);
    }
  else
    check_error (error);
  g_clear_error (&error);

  catalog = ps_hapi_catalog_all_parse (text, size, &error);
  if (catalog != NULL)
    for (guint i = 0; i < catalog->len; i++)
      check_dataset (g_ptr_array_index (catalog, i));
  else
    check_error (error);
  g_clear_error (&error);

  dataset = ps_hapi_dataset_parse_info ("fuzz", text, size, &error);
  if (dataset != NULL)
    check_dataset (dataset);
  else
    check_error (error);

  /* The first line as a duration, and as a version */
  line = g_strndup (text, MIN (size, 64));
  line[strcspn (line, "\n")] = '\0';
  if (ps_hapi_parse_duration (line, &duration))
    g_assert_cmpint (duration, >=, 0);
  (void) ps_hapi_version_at_least (line, 3, 2);

  return 0;
}
