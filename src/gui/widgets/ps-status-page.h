/* ps-status-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PS_TYPE_STATUS_PAGE (ps_status_page_get_type ())

G_DECLARE_FINAL_TYPE (PsStatusPage, ps_status_page, PS, STATUS_PAGE, GtkWidget)

GtkWidget  *ps_status_page_new             (void);
const char *ps_status_page_get_icon_name   (PsStatusPage *self);
void        ps_status_page_set_icon_name   (PsStatusPage *self,
                                            const char   *icon_name);
const char *ps_status_page_get_title       (PsStatusPage *self);
void        ps_status_page_set_title       (PsStatusPage *self,
                                            const char   *title);
const char *ps_status_page_get_description (PsStatusPage *self);
void        ps_status_page_set_description (PsStatusPage *self,
                                            const char   *description);

G_END_DECLS
