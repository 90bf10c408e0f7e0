/* ps-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ps-data-context.h"

G_BEGIN_DECLS

#define PS_TYPE_APPLICATION (ps_application_get_type ())

G_DECLARE_FINAL_TYPE (PsApplication, ps_application, PS, APPLICATION, GtkApplication)

PsApplication *ps_application_new              (void);
GSettings     *ps_application_get_settings     (PsApplication *self);
PsDataContext *ps_application_get_data_context (PsApplication *self);

G_END_DECLS
