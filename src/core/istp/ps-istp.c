/* ps-istp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data variables of an ISTP CDF, and one of them as a PsSeries.
 *
 * A data variable, as PyISTP lists them: VAR_TYPE "data" (or the Cluster
 * CSA PARAMETER_TYPE "data"), a numeric type, record-varying, and a
 * DEPEND_0 that names a CDF_EPOCH, CDF_EPOCH16 or CDF_TIME_TT2000 variable
 * with at least as many records (a CDAWeb "NO_RECORDS" file, whose data
 * outnumber their times, is left out).
 *
 * A CDF without any ISTP attribute still plots: a variable without
 * DEPEND_0 takes the file's one time variable of as many records.
 *
 * Loading:
 *  - one bulk read per variable (times, values, bins) over the selected
 *    records;
 *  - records whose time is a fill value (or outside what PsTime holds) are
 *    dropped, since a PsSeries needs valid, sorted times; times that go
 *    back are an error (PS_ISTP_ERROR_UNSORTED), nothing is reordered;
 *  - values equal to FILLVAL (compared in the variable's own type) become
 *    NaN, and so do values outside VALIDMIN/VALIDMAX when asked;
 *  - multi-dimensional records (n × a × b) are flattened row-major into
 *    m = a·b components, labelled from the LABL_PTR_k of matching sizes
 *    ("4.5 E1" for rbspa FPDU, "Vdc1[17]" for solo VDC), else
 *    "LABLAXIS[k]" with k the flat index;
 *  - bins come from DEPEND_1 when it is numeric with m values per record:
 *    constant when it does not vary by record, n × m otherwise; the display
 *    kind is spectrogram when DISPLAY_TYPE says so, else vector for 3
 *    components, multi for several and line for one;
 *  - labels: LABL_PTR_1, else LABLAXIS ("LABLAXIS[i]" for several
 *    components), else FIELDNAM, else the variable name; units: UNITS,
 *    else the first of UNIT_PTR.
 */

#define G_LOG_DOMAIN "ps-istp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ps-istp-private.h"
#include "ps-time-cdf.h"

G_DEFINE_QUARK (ps-istp-error-quark, ps_istp_error)

void
ps_istp_options_init (PsIstpOptions *opts)
{
  g_return_if_fail (opts != NULL);

  memset (opts, 0, sizeof *opts);
  opts->n_records = -1;
  opts->range.start = opts->range.stop = 0;
}

static gboolean
is_data_var_type (PsCdfFile  *file,
                  PsCdfFile  *master,
                  const char *name)
{
  g_autofree char *var_type = _ps_istp_attr_text (file, master, name, "VAR_TYPE");
  g_autofree char *param_type = NULL;

  if (var_type != NULL && g_str_equal (var_type, "data"))
    return TRUE;
  param_type = _ps_istp_attr_text (file, master, name, "PARAMETER_TYPE");
  return param_type != NULL && g_ascii_strcasecmp (param_type, "data") == 0;
}

static gboolean
is_time_type (PsCdfType type)
{
  return type == PS_CDF_EPOCH || type == PS_CDF_EPOCH16 || type == PS_CDF_TIME_TT2000;
}

/* A CDF without ISTP attributes (no DEPEND_0 at all): its time axis is its
 * one record-varying time variable with as many records, when there is
 * exactly one (wi_plsp_3dp's data file, a CDF written by a script). */
static gboolean
guess_time (PsCdfFile           *file,
            const PsCdfVariable *var,
            PsIstpVar           *time)
{
  const PsCdfVariable *found = NULL;

  if (var->n_records <= 0 || is_time_type (var->type))
    return FALSE;
  for (guint i = 0; i < ps_cdf_file_get_n_variables (file); i++)
    {
      const PsCdfVariable *candidate = ps_cdf_file_get_variable (file, i);

      if (!is_time_type (candidate->type) || !candidate->record_varys
          || candidate->n_records != var->n_records)
        continue;
      if (found != NULL)
        return FALSE; /* which one? */
      found = candidate;
    }
  if (found == NULL)
    return FALSE;
  time->file = file;
  time->var = found;
  return TRUE;
}

/* Whether @variable can be loaded: numeric, record-varying, with a time
 * axis that covers its records (its DEPEND_0; without one, see
 * guess_time()); *time receives the axis. */
gboolean
_ps_istp_check_plottable (PsCdfFile            *file,
                          PsCdfFile            *master,
                          const PsCdfVariable  *var,
                          PsIstpVar            *time,
                          GError              **error)
{
  if (!_ps_istp_is_numeric (var->type) || !var->record_varys)
    {
      g_set_error (error, PS_ISTP_ERROR, PS_ISTP_ERROR_NOT_PLOTTABLE,
                   _("Variable “%s” is not a record-varying numeric variable (%s)"),
                   var->name, ps_cdf_type_name (var->type));
      return FALSE;
    }
  if (!_ps_istp_resolve (file, master, var->name, "DEPEND_0", PS_ISTP_WANT_TIME, time)
      && (_ps_istp_attr (file, master, var->name, "DEPEND_0") != NULL || !guess_time (file, var, time)))
    {
      g_set_error (error, PS_ISTP_ERROR, PS_ISTP_ERROR_NOT_PLOTTABLE,
                   _("Variable “%s” has no DEPEND_0 time variable"), var->name);
      return FALSE;
    }
  if (time->var->n_records < var->n_records)
    {
      g_set_error (error, PS_ISTP_ERROR, PS_ISTP_ERROR_NOT_PLOTTABLE,
                   _("Variable “%s” has %lld records but its time variable “%s” only %lld"),
                   var->name, (long long) var->n_records, time->var->name,
                   (long long) time->var->n_records);
      return FALSE;
    }
  return TRUE;
}

gboolean
ps_istp_is_data_variable (PsCdfFile  *file,
                          PsCdfFile  *master,
                          const char *variable)
{
  const PsCdfVariable *var;
  PsIstpVar time;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (variable != NULL, FALSE);

  var = ps_cdf_file_lookup_variable (file, variable);
  return var != NULL
         && is_data_var_type (file, master, var->name)
         && _ps_istp_check_plottable (file, master, var, &time, NULL);
}

/**
 * ps_istp_is_plottable:
 *
 * Returns: whether @variable can be loaded as a time series, data
 *   variable or not: numeric, record-varying, with a time axis (its
 *   DEPEND_0, or the file's one time variable of as many records when it
 *   has no DEPEND_0)
 */
gboolean
ps_istp_is_plottable (PsCdfFile  *file,
                      PsCdfFile  *master,
                      const char *variable)
{
  const PsCdfVariable *var;
  PsIstpVar time;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (variable != NULL, FALSE);

  var = ps_cdf_file_lookup_variable (file, variable);
  return var != NULL && !is_time_type (var->type) && _ps_istp_check_plottable (file, master, var, &time, NULL);
}

/* Returns: (transfer full) (element-type utf8): the names of the plottable
 * data variables, in file order */
GPtrArray *
ps_istp_list_data_variables (PsCdfFile *file,
                             PsCdfFile *master)
{
  GPtrArray *names;

  g_return_val_if_fail (file != NULL, NULL);

  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ps_cdf_file_get_n_variables (file); i++)
    {
      const PsCdfVariable *var = ps_cdf_file_get_variable (file, i);

      if (ps_istp_is_data_variable (file, master, var->name))
        g_ptr_array_add (names, g_strdup (var->name));
    }
  return names;
}
