/* ps-local-cdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CDF files on this computer: opening reads the descriptors and
 * attributes (not the values) and lists the data variables as PyISTP
 * does — or, in a CDF with none, every variable that plots against a time
 * variable; loading reads one variable through the ISTP interpretation. The
 * PsCdfFile is only read after opening, which is safe from any thread.
 */

#define G_LOG_DOMAIN "ps-local"

#include "config.h"

#include <string.h>

#include "ps-cdf-file.h"
#include "ps-istp.h"
#include "ps-local-format-private.h"

static PsDisplayKind
guess_kind (const char          *display_type,
            const PsCdfVariable *var,
            guint                n_components)
{
  if (display_type != NULL && g_ascii_strncasecmp (display_type, "spectrogram", 11) == 0)
    return PS_DISPLAY_SPECTROGRAM;
  if (n_components == 1)
    return PS_DISPLAY_LINE;
  if (n_components == 3 && var->n_dims == 1)
    return PS_DISPLAY_VECTOR;
  return PS_DISPLAY_MULTI;
}

static void
describe (PsCdfFile  *cdf,
          GArray     *products,
          const char *variable)
{
  const PsCdfVariable *var = ps_cdf_file_lookup_variable (cdf, variable);
  g_autofree char *display = NULL;
  PsLocalProduct product = { 0 };

  if (var == NULL)
    return;
  product.variable = g_strdup (variable);
  product.label = ps_istp_get_text_attribute (cdf, NULL, variable, "FIELDNAM");
  if (product.label == NULL)
    product.label = g_strdup (variable);
  product.description = ps_istp_get_text_attribute (cdf, NULL, variable, "CATDESC");
  product.units = ps_istp_get_text_attribute (cdf, NULL, variable, "UNITS");
  display = ps_istp_get_text_attribute (cdf, NULL, variable, "DISPLAY_TYPE");
  product.n_components = 1;
  for (guint d = 0; d < var->n_dims; d++)
    if (var->dim_varys == NULL || var->dim_varys[d])
      product.n_components *= var->dims[d];
  product.kind = guess_kind (display, var, product.n_components);
  product.n_records = var->n_records;
  g_array_append_val (products, product);
}

static gboolean
cdf_sniff (const char   *path,
           const guint8 *head,
           gsize         head_len)
{
  guint32 magic;

  if (head_len < 8)
    return FALSE;
  magic = ((guint32) head[0] << 24) | ((guint32) head[1] << 16) | ((guint32) head[2] << 8) | head[3];
  return magic == 0xCDF30001u || magic == 0xCDF26002u || magic == 0x0000FFFFu;
}

static gpointer
cdf_open (const char  *path,
          GArray      *products,
          GError     **error)
{
  PsCdfFile *cdf = ps_cdf_file_open (path, error);
  g_autoptr(GPtrArray) names = NULL;

  if (cdf == NULL)
    return NULL;
  if (!ps_cdf_file_load_attributes (cdf, error))
    {
      ps_cdf_file_unref (cdf);
      return NULL;
    }
  names = ps_istp_list_data_variables (cdf, NULL);
  for (guint i = 0; i < names->len; i++)
    describe (cdf, products, g_ptr_array_index (names, i));
  /* No ISTP data variable (a CDF a script wrote, a data file whose
   * metadata live in a master): every variable that plots */
  if (names->len == 0)
    for (guint i = 0; i < ps_cdf_file_get_n_variables (cdf); i++)
      {
        const PsCdfVariable *var = ps_cdf_file_get_variable (cdf, i);

        if (ps_istp_is_plottable (cdf, NULL, var->name))
          describe (cdf, products, var->name);
      }
  return cdf;
}

static PsSeries *
cdf_load (gpointer     state,
          const char  *variable,
          GError     **error)
{
  PsIstpOptions opts;

  ps_istp_options_init (&opts);
  opts.mask_invalid = TRUE;
  return ps_istp_load (state, NULL, variable, &opts, error);
}

static void
cdf_close (gpointer state)
{
  ps_cdf_file_unref (state);
}

const PsLocalFormat ps_local_format_cdf = {
  .name = "CDF",
  .sniff = cdf_sniff,
  .open = cdf_open,
  .load = cdf_load,
  .close = cdf_close,
};
