/* ps-cda-master.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The variables of a master that become products are those our ISTP rules
 * can plot: VAR_TYPE "data", numeric, with a DEPEND_0 time axis
 * (ps_istp_is_data_variable()), as speasy keeps pyistp's data variables.
 * A variable CDAS lists that the master does not have is kept as CDAS
 * describes it. Attribute text that is not UTF-8 (some masters are
 * written in Latin-1) is read as Latin-1.
 */

#define G_LOG_DOMAIN "ps-cda"

#include "config.h"

#include <string.h>

#include "ps-cda-master.h"
#include "ps-istp.h"

/**
 * ps_cda_master_file_name:
 * @dataset: a dataset id, "AC_H2_MFI"
 *
 * Returns: (transfer full): the name of its master CDF in CDAWeb's
 *   0MASTERS folder, "ac_h2_mfi_00000000_v01.cdf"
 */
char *
ps_cda_master_file_name (const char *dataset)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (dataset != NULL, NULL);

  lower = g_ascii_strdown (dataset, -1);
  return g_strconcat (lower, "_00000000_v01.cdf", NULL);
}

/* Text as UTF-8: as it is when it is, else read as Latin-1 */
static char *
utf8 (char *text)
{
  char *converted;

  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return text;
  converted = g_convert (text, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  g_free (text);
  return converted;
}

static char *
attribute (PsCdfFile  *master,
           const char *variable,
           const char *name)
{
  return utf8 (ps_istp_get_text_attribute (master, NULL, variable, name));
}

/* The values of the text variable @name (LABL_PTR_1's), one per element of
 * its first record, trimmed; NULL when it cannot be read */
static char **
read_labels (PsCdfFile  *master,
             const char *name)
{
  const PsCdfVariable *var = ps_cdf_file_lookup_variable (master, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree guint8 *data = NULL;
  gsize size = 0;

  if (var == NULL || (var->type != PS_CDF_CHAR && var->type != PS_CDF_UCHAR) || var->n_records < 1
      || var->num_elems == 0 || var->values_per_record == 0 || var->values_per_record > 1024)
    return NULL;
  data = ps_cdf_variable_read_alloc (master, var, 0, 1, &size, NULL);
  if (data == NULL || size < (gsize) var->num_elems * var->values_per_record)
    return NULL;
  builder = g_strv_builder_new ();
  for (gsize i = 0; i < var->values_per_record; i++)
    {
      g_autofree char *label = utf8 (g_strndup ((const char *) data + i * var->num_elems, var->num_elems));

      g_strv_builder_add (builder, label != NULL ? g_strstrip (label) : "");
    }
  return g_strv_builder_end (builder);
}

static PsDisplayKind
display_kind (const char          *display_type,
              const PsCdfVariable *var)
{
  gsize n = 1;

  for (guint d = 0; d < var->n_dims; d++)
    if (var->dim_varys == NULL || var->dim_varys[d])
      n *= var->dims[d];
  if (display_type != NULL && g_ascii_strncasecmp (display_type, "spectrogram", 11) == 0)
    return PS_DISPLAY_SPECTROGRAM;
  if (n == 1)
    return PS_DISPLAY_LINE;
  if (n == 3 && var->n_dims == 1)
    return PS_DISPLAY_VECTOR;
  return PS_DISPLAY_MULTI;
}

/* Fills what the master says of @v (a data variable of @master) */
static void
describe (PsCdfFile           *master,
          const PsCdfVariable *var,
          PsCdaVariable       *v)
{
  g_autofree char *display = attribute (master, var->name, "DISPLAY_TYPE");
  g_autofree char *labels_from = attribute (master, var->name, "LABL_PTR_1");

  g_clear_pointer (&v->units, g_free);
  v->units = attribute (master, var->name, "UNITS");
  g_clear_pointer (&v->label, g_free);
  v->label = attribute (master, var->name, "LABLAXIS");
  if (v->label == NULL)
    v->label = attribute (master, var->name, "FIELDNAM");
  if (v->long_description == NULL || v->long_description[0] == '\0')
    {
      g_free (v->long_description);
      v->long_description = attribute (master, var->name, "CATDESC");
    }
  g_clear_pointer (&v->component_labels, g_strfreev);
  if (labels_from != NULL)
    v->component_labels = read_labels (master, labels_from);
  v->display_kind = display_kind (display, var);
}

/**
 * ps_cda_master_describe:
 * @variables: (element-type PsCdaVariable): a dataset's variables, from
 *   ps_cda_parse_variables()
 * @master: the dataset's master CDF, its attributes loaded
 *
 * Removes from @variables those the master says are not data, and fills
 * the units, labels and display kind of the others.
 */
void
ps_cda_master_describe (GPtrArray *variables,
                        PsCdfFile *master)
{
  g_return_if_fail (variables != NULL);
  g_return_if_fail (master != NULL);

  for (guint i = 0; i < variables->len;)
    {
      PsCdaVariable *v = g_ptr_array_index (variables, i);
      const PsCdfVariable *var = ps_cdf_file_lookup_variable (master, v->name);

      if (var == NULL)
        i++;
      else if (!ps_istp_is_data_variable (master, NULL, v->name))
        g_ptr_array_remove_index (variables, i);
      else
        {
          describe (master, var, v);
          i++;
        }
    }
}

/**
 * ps_cda_master_list_variables:
 * @master: a dataset's master CDF, its attributes loaded
 *
 * For when CDAS does not list a dataset's variables: the master's.
 *
 * Returns: (transfer full) (element-type PsCdaVariable): its data
 *   variables, described
 */
GPtrArray *
ps_cda_master_list_variables (PsCdfFile *master)
{
  g_autoptr(GPtrArray) names = NULL;
  GPtrArray *variables;

  g_return_val_if_fail (master != NULL, NULL);

  names = ps_istp_list_data_variables (master, NULL);
  variables = g_ptr_array_new_with_free_func (ps_cda_variable_free);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      PsCdaVariable *v = g_new0 (PsCdaVariable, 1);

      v->name = g_strdup (name);
      describe (master, ps_cdf_file_lookup_variable (master, name), v);
      g_ptr_array_add (variables, v);
    }
  return variables;
}
