/* ps-cda-master.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dataset's master CDF: the skeleton CDAWeb publishes for each dataset,
 * https://cdaweb.gsfc.nasa.gov/pub/software/cdawlib/0MASTERS/
 * <dataset in lower case>_00000000_v01.cdf, with the ISTP attributes of
 * its variables and no data. It says which of the variables CDAS lists
 * are data (VAR_TYPE "data") and what they are: units, labels, display
 * type. Pure functions of a CDF already read: no network.
 */
#pragma once

#include <glib.h>

#include "ps-cda-parse.h"
#include "ps-cdf-file.h"

G_BEGIN_DECLS

char      *ps_cda_master_file_name      (const char *dataset);
void       ps_cda_master_describe       (GPtrArray  *variables,
                                         PsCdfFile  *master);
GPtrArray *ps_cda_master_list_variables (PsCdfFile  *master);

G_END_DECLS
