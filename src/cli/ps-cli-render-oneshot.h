/* ps-cli-render-oneshot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ps-istp.h"
#include "ps-render-export.h"

G_BEGIN_DECLS

gboolean _ps_cli_render_oneshot (PsCdfFile          **files,
                                 char               **variables,
                                 const guint         *panel_of,
                                 PsCdfFile           *master,
                                 const PsTimeRange   *range,
                                 const PsPlotStyle   *style,
                                 double               width,
                                 double               height,
                                 double               scale,
                                 PsRenderFormat       format,
                                 const char          *output,
                                 gboolean            *ok,
                                 GError             **error);

G_END_DECLS
