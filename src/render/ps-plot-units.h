/* ps-plot-units.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ps_plot_units_markup (const char *units);

G_END_DECLS
