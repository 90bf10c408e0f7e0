/* ps-csa-parse.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answers of the Cluster Science Archive's TAP service
 * (https://csa.esac.esa.int/csa-sl-tap/tap/sync, FORMAT=CSV): a table
 * with a header line (RFC 4180 CSV), or a VOTable saying why the query
 * failed. The rows of csa.v_dataset and csa.v_parameter become the
 * inventory csa → mission → observatory → instrument → dataset →
 * parameter, the products being "csa/<DATASET_ID>/<PARAMETER_ID>" as in
 * speasy.
 */
#pragma once

#include <glib.h>

#include "ps-inventory-node.h"
#include "ps-time-range.h"

G_BEGIN_DECLS

#define PS_CSA_ERROR (ps_csa_error_quark ())

typedef enum
{
  PS_CSA_ERROR_PARSE,    /* not CSV, or not the columns asked for */
  PS_CSA_ERROR_SERVER,   /* the TAP service's refusal (a VOTable with QUERY_STATUS ERROR) */
  PS_CSA_ERROR_ARCHIVE,  /* a data answer that is not a readable archive of CDF files */
} PsCsaError;

/* A CSV answer: the header, then the rows, each with as many fields */
typedef struct
{
  guint      n_columns;
  char     **header;   /* NULL-terminated */
  GPtrArray *rows;     /* of char** (n_columns fields, NULL-terminated) */
} PsCsaTable;

typedef struct
{
  char        *id;           /* "C3_CP_EFW_L3_E3D_INERT" */
  char        *title;
  char        *description;
  char        *mission;      /* "Cluster", "Double Star" */
  char        *observatory;  /* "C3" */
  char        *instrument;   /* "EFW" */
  char        *last_update;  /* as the service writes it, or NULL */
  PsTimeRange  coverage;     /* empty when unknown */
  PsTime       cadence;      /* 0 when unknown */
} PsCsaDataset;

typedef struct
{
  char  *id;           /* "E_Vec_xyz_ISR2__C3_CP_EFW_L3_E3D_INERT" */
  char  *dataset_id;
  char  *units;
  char  *label;
  char  *description;
  char  *fill;
  char  *value_type;   /* "FLOAT", "DOUBLE", "INT"… */
  guint  size;         /* values per record, 1 when unknown */
} PsCsaParameter;

GQuark           ps_csa_error_quark        (void);

void             ps_csa_table_free         (PsCsaTable   *table);
int              ps_csa_table_column       (PsCsaTable   *table,
                                            const char   *name);
PsCsaTable      *ps_csa_parse_table        (const char   *text,
                                            gsize         length,
                                            GError      **error);

void             ps_csa_dataset_free       (gpointer      dataset);
void             ps_csa_parameter_free     (gpointer      parameter);
GPtrArray       *ps_csa_parse_datasets     (const char   *text,
                                            gsize         length,
                                            GError      **error);
GPtrArray       *ps_csa_parse_parameters   (const char   *text,
                                            gsize         length,
                                            GError      **error);

PsInventoryNode *ps_csa_inventory_new      (GPtrArray    *datasets,
                                            GPtrArray    *parameters);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsCsaTable, ps_csa_table_free)

G_END_DECLS
