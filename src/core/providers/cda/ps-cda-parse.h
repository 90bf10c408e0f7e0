/* ps-cda-parse.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON of CDAWeb's REST service (CDAS, https://cdaweb.gsfc.nasa.gov/
 * WS/cdasr/1): dataset descriptions, variable descriptions and data
 * results, and the inventory tree they make, laid out as speasy lays out
 * CDAWeb's: cda → observatory group → observatory → instrument → dataset
 * → variable (the group left out when the observatory has its name), the
 * products "cda/<DATASET>/<VARIABLE>" as speasy names them.
 */
#pragma once

#include <glib.h>

#include "ps-inventory-node.h"
#include "ps-time-range.h"

G_BEGIN_DECLS

#define PS_CDA_ERROR (ps_cda_error_quark ())

typedef enum
{
  PS_CDA_ERROR_PARSE,   /* not JSON, or not what CDAS sends */
} PsCdaError;

typedef struct
{
  char        *id;
  char        *label;
  char        *doi;
  char        *pi_name;
  char        *pi_affiliation;
  char        *notes;          /* a URL */
  char       **observatories;
  char       **instruments;
  char       **groups;         /* observatory groups */
  char       **instrument_types;
  PsTimeRange  coverage;       /* empty when absent */
} PsCdaDataset;

typedef struct
{
  char          *name;
  char          *short_description;
  char          *long_description;
  /* From the dataset's master CDF (ps_cda_master_describe()), else unset */
  char          *units;
  char          *label;              /* LABLAXIS, else FIELDNAM */
  char         **component_labels;   /* LABL_PTR_1's values, or NULL */
  PsDisplayKind  display_kind;
} PsCdaVariable;

typedef struct
{
  char        *url;
  char        *mime_type;
  PsTimeRange  range;
  gint64       length;         /* bytes, -1 when absent */
  char        *last_modified;  /* as sent, for revalidation */
} PsCdaFile;

GQuark           ps_cda_error_quark              (void);
void             ps_cda_variable_free            (gpointer          variable);

GPtrArray       *ps_cda_parse_datasets           (const char       *json,
                                                  gsize             length,
                                                  GError          **error);
GPtrArray       *ps_cda_parse_variables          (const char       *json,
                                                  gsize             length,
                                                  GError          **error);
GPtrArray       *ps_cda_parse_files              (const char       *json,
                                                  gsize             length,
                                                  GError          **error);

PsInventoryNode *ps_cda_inventory_from_datasets  (GPtrArray        *datasets);
void             ps_cda_inventory_add_variables  (PsInventoryNode  *dataset,
                                                  GPtrArray        *variables);

G_END_DECLS
