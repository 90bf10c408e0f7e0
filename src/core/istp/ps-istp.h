/* ps-istp.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ISTP interpretation of CDF variables: a data variable becomes a PsSeries
 * the way scientists expect it (DEPEND_0 time axis, DEPEND_1 bins, FILLVAL
 * as NaN, labels, units, display kind, ISTP attributes as metadata).
 *
 * Every function takes an optional master CDF (the "00000000" skeleton that
 * CDAWeb publishes per dataset): attributes missing from the data file are
 * read from the master, and support variables (DEPEND_x, LABL_PTR_x,
 * UNIT_PTR) that are missing or empty in the data file are read from the
 * master too. Values always come from the data file.
 */
#pragma once

#include <glib.h>

#include "ps-cdf-file.h"
#include "ps-series.h"

G_BEGIN_DECLS

#define PS_ISTP_ERROR (ps_istp_error_quark ())

typedef enum
{
  PS_ISTP_ERROR_NOT_FOUND,      /* no such variable in the data file */
  PS_ISTP_ERROR_NOT_PLOTTABLE,  /* not numeric, or no usable DEPEND_0 time axis */
  PS_ISTP_ERROR_UNSORTED,       /* DEPEND_0 times go back in time */
} PsIstpError;

typedef struct
{
  /* Values outside [VALIDMIN, VALIDMAX] become NaN. */
  gboolean    mask_invalid;
  /* Records [first_record, first_record + n_records) only; n_records < 0
   * means up to the last record. */
  gint64      first_record;
  gint64      n_records;
  /* Samples in [range.start, range.stop) only, when the range is not
   * empty (ps_istp_options_init() leaves it empty: no time selection). */
  PsTimeRange range;
} PsIstpOptions;

/* A piece of ps_istp_stream(): @n rows from row @first_row on, @m values
 * each. Return FALSE to stop. */
typedef gboolean (*PsIstpRowsFunc) (gint64        first_row,
                                    const PsTime *times,
                                    const double *values,
                                    gsize         n,
                                    guint         m,
                                    gpointer      user_data);

GQuark     ps_istp_error_quark          (void);

void       ps_istp_options_init         (PsIstpOptions *opts);

GPtrArray *ps_istp_list_data_variables  (PsCdfFile           *file,
                                         PsCdfFile           *master);
gboolean   ps_istp_is_data_variable     (PsCdfFile           *file,
                                         PsCdfFile           *master,
                                         const char          *variable);
gboolean   ps_istp_is_plottable         (PsCdfFile           *file,
                                         PsCdfFile           *master,
                                         const char          *variable);

char      *ps_istp_get_text_attribute   (PsCdfFile           *file,
                                         PsCdfFile           *master,
                                         const char          *variable,
                                         const char          *name);

PsSeries  *ps_istp_load                 (PsCdfFile           *file,
                                         PsCdfFile           *master,
                                         const char          *variable,
                                         const PsIstpOptions *opts,
                                         GError             **error);
gboolean   ps_istp_stream               (PsCdfFile           *file,
                                         PsCdfFile           *master,
                                         const char          *variable,
                                         const PsIstpOptions *opts,
                                         PsIstpRowsFunc       func,
                                         gpointer             user_data,
                                         GError             **error);

G_END_DECLS
