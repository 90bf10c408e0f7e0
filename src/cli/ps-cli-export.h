/* ps-cli-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing a series in the formats of `plasmascope-cli get --format`.
 */
#pragma once

#include "ps-cli.h"

G_BEGIN_DECLS

typedef enum
{
  PS_CLI_FORMAT_CSV,
  PS_CLI_FORMAT_JSON,
  PS_CLI_FORMAT_CDF,
  PS_CLI_FORMAT_HDF5,
} PsCliFormat;

gboolean ps_cli_format_from_string (const char   *text,
                                    PsCliFormat  *format);
gboolean ps_cli_write_series       (PsSeries     *series,
                                    PsCliFormat   format,
                                    const char   *output,
                                    GError      **error);

G_END_DECLS
