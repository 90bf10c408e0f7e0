/* ps-text-table.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsTextTable: a CSV or ASCII table of time-stamped numbers, parsed from
 * bytes in memory (no I/O, so it can be fuzzed). The first column(s) hold
 * the time; every other column is one numeric column, stored column by
 * column with its name and units. See ps-text-table.c for what is
 * recognised.
 */
#pragma once

#include <glib.h>

#include "ps-time.h"

G_BEGIN_DECLS

#define PS_TEXT_TABLE_ERROR (ps_text_table_error_quark ())

typedef enum
{
  PS_TEXT_TABLE_ERROR_NOT_TEXT, /* NUL bytes: a binary file */
  PS_TEXT_TABLE_ERROR_EMPTY,    /* no data rows */
  PS_TEXT_TABLE_ERROR_NO_TIME,  /* no row starts with a time */
  PS_TEXT_TABLE_ERROR_RAGGED,   /* a row with too few or too many fields */
  PS_TEXT_TABLE_ERROR_NUMBER,   /* a value that is not a number */
  PS_TEXT_TABLE_ERROR_TIME,     /* a time that does not parse */
} PsTextTableError;

typedef enum
{
  PS_TEXT_TIME_ISO,        /* one column: ISO 8601, or dd-mm-yyyy / yyyy/mm/dd */
  PS_TEXT_TIME_ISO_SPLIT,  /* a date column, then a clock column */
  PS_TEXT_TIME_YEAR_DOY,   /* numeric columns: year, day of year[, hour[, minute[, second]]] */
  PS_TEXT_TIME_YEAR_MONTH, /* numeric columns: year, month, day[, hour[, minute[, second]]] */
  PS_TEXT_TIME_UNIX,       /* one numeric column of seconds since 1970 */
  PS_TEXT_TIME_UNIX_MS,    /* one numeric column of milliseconds since 1970 */
} PsTextTimeKind;

typedef struct _PsTextTable PsTextTable;

GQuark          ps_text_table_error_quark      (void);

PsTextTable    *ps_text_table_parse            (const char   *data,
                                                gsize         len,
                                                GError      **error);
void            ps_text_table_free             (PsTextTable  *self);

gsize           ps_text_table_get_n_rows       (PsTextTable  *self);
guint           ps_text_table_get_n_columns    (PsTextTable  *self);
const PsTime   *ps_text_table_get_times        (PsTextTable  *self);
const double   *ps_text_table_get_column       (PsTextTable  *self,
                                                guint         column);
const char     *ps_text_table_get_name         (PsTextTable  *self,
                                                guint         column);
const char     *ps_text_table_get_units        (PsTextTable  *self,
                                                guint         column);
guint           ps_text_table_get_field_index  (PsTextTable  *self,
                                                guint         column);
PsTextTimeKind  ps_text_table_get_time_kind    (PsTextTable  *self);
char            ps_text_table_get_delimiter    (PsTextTable  *self);
gboolean        ps_text_table_has_header       (PsTextTable  *self);
gboolean        ps_text_table_has_decimal_comma (PsTextTable *self);
gboolean        ps_text_table_was_sorted       (PsTextTable  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsTextTable, ps_text_table_free)

G_END_DECLS
