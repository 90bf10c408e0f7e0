/* ps-ssc-parse.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The XML of SSCWeb's REST service (https://sscweb.gsfc.nasa.gov/WS/
 * sscr/2): the observatory list (an ObservatoryResponse) and a location
 * request's answer (a Response holding a DataResult), and the inventory
 * they make: ssc → observatory → one position product per coordinate
 * frame, "ssc/<observatory>/<frame>" (gse, gsm, sm, geo, gei), in km.
 */
#pragma once

#include <glib.h>

#include "ps-inventory-node.h"
#include "ps-series.h"
#include "ps-time-range.h"

G_BEGIN_DECLS

#define PS_SSC_ERROR (ps_ssc_error_quark ())

typedef enum
{
  PS_SSC_ERROR_PARSE,    /* not XML, or not what SSCWeb sends */
  PS_SSC_ERROR_SERVER,   /* a StatusCode other than Success */
} PsSscError;

typedef struct
{
  char        *id;          /* "ace" */
  char        *name;        /* "ACE" */
  PsTimeRange  coverage;
  guint        resolution;  /* seconds, 0 when absent */
} PsSscObservatory;

/* The frames SSCWeb computes positions in, as they appear in paths */
extern const char * const ps_ssc_frames[];

GQuark           ps_ssc_error_quark                  (void);
void             ps_ssc_observatory_free             (gpointer          observatory);
gboolean         ps_ssc_frame_is_known               (const char       *frame);

GPtrArray       *ps_ssc_parse_observatories          (const char       *xml,
                                                      gsize             length,
                                                      GError          **error);
PsSeries        *ps_ssc_parse_locations              (const char       *xml,
                                                      gsize             length,
                                                      GError          **error);

PsInventoryNode *ps_ssc_inventory_from_observatories (GPtrArray        *observatories);

G_END_DECLS
