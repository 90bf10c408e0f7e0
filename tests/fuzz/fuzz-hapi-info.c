/* fuzz-hapi-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the HAPI info, catalog and status parsers on arbitrary
 * bytes. Bad input must give a PS_HAPI_ERROR, never a crash or a hang, and
 * what parses must hold together (sizes, arrays of m strings, bins).
 */

#include "config.h"

#include <string.h>

#include "ps-hapi-info.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_error (GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == PS_HAPI_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
check_strings (char **strings,
               guint  m)
{
  if (strings == NULL)
    return;
  g_assert_cmpuint (g_strv_length (strings), ==, m);
  for (guint k = 0; k < m; k++)
    g_assert_true (g_utf8_validate (strings[k], -1, NULL));
}

static void
check_info (PsHapiInfo *info)
{
  volatile double sum = 0;

  g_assert_cmpuint (info->n_parameters, >, 0);
  g_assert_cmpint (info->parameters[0].type, ==, PS_HAPI_TYPE_ISOTIME);
  for (guint i = 0; i < info->n_parameters; i++)
    {
      const PsHapiParameter *p = &info->parameters[i];
      guint64 m = 1;

      g_assert_nonnull (p->name);
      g_assert_true (g_utf8_validate (p->name, -1, NULL));
      g_assert_true (ps_hapi_info_lookup (info, p->name) == p);
      g_assert_cmpuint (p->n_dims, <=, PS_HAPI_MAX_DIMS);
      for (guint d = 0; d < p->n_dims; d++)
        m *= p->size[d];
      g_assert_cmpuint (m, ==, p->m);
      g_assert_cmpuint (p->m, <=, PS_HAPI_MAX_COMPONENTS);
      check_strings (p->units_array, p->m);
      check_strings (p->label_array, p->m);
      g_assert_true (p->n_bins == 0 || p->n_bins == p->n_dims);
      for (guint d = 0; d < p->n_bins; d++)
        {
          const PsHapiBins *b = &p->bins[d];

          g_assert_true (b->n_centers == 0 || b->n_centers == p->size[d]);
          g_assert_true (b->n_ranges == 0 || b->n_ranges == p->size[d]);
          for (guint k = 0; k < b->n_centers; k++)
            sum += b->centers[k];
          for (guint k = 0; k < 2 * b->n_ranges; k++)
            sum += b->ranges[k];
        }
    }
  (void) sum;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsHapiInfo) info = NULL;
  g_autoptr(GPtrArray) catalog = NULL;
  int code = 0;

  info = ps_hapi_info_parse (text, size, "fuzz", &error);
  if (info != NULL)
    check_info (info);
  else
    check_error (error);
  g_clear_error (&error);

  catalog = ps_hapi_catalog_parse (text, size, &error);
  if (catalog != NULL)
    for (guint i = 0; i < catalog->len; i++)
      g_assert_nonnull (((PsHapiCatalogEntry *) catalog->pdata[i])->id);
  else
    check_error (error);
  g_clear_error (&error);

  if (!ps_hapi_parse_status (text, size, NULL, &code, &error))
    check_error (error);
  else
    g_assert_cmpint (code, >=, 1200);

  return 0;
}
