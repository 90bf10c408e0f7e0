/* ps-amda-parse.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AMDA's observation-data tree (the XML of its web service's
 * getObsDataTree) and the inventory it makes: amda → mission →
 * (observatory) → instrument → (dataset group) → dataset → parameter →
 * component. Parameters and components have speasy's paths,
 * "amda/<xml:id>"; the levels above them "amda/#/<xml:id>" ('#' is in no
 * parameter id).
 */
#pragma once

#include <glib.h>

#include "ps-inventory-node.h"

G_BEGIN_DECLS

#define PS_AMDA_ERROR (ps_amda_error_quark ())

typedef enum
{
  PS_AMDA_ERROR_PARSE,   /* not XML, or not AMDA's tree; an answer not AMDA's */
  PS_AMDA_ERROR_SERVER,  /* AMDA refused, or its request failed; the message says why */
  PS_AMDA_ERROR_TIMEOUT, /* AMDA still worked on a request after the time limit */
} PsAmdaError;

GQuark           ps_amda_error_quark      (void);

PsInventoryNode *ps_amda_parse_obs_tree   (const char  *xml,
                                           gsize        length,
                                           GError     **error);

G_END_DECLS
