/* ps-json-writer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small streaming JSON writer for the command line: values go straight
 * to a FILE, nothing is accumulated, so a large array costs no memory.
 * Objects and arrays are indented one member per line unless opened
 * "compact", in which case they and everything inside them stay on one line.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef struct _PsJsonWriter PsJsonWriter;

PsJsonWriter *ps_json_writer_new          (FILE          *stream);
void          ps_json_writer_free         (PsJsonWriter  *writer);

void          ps_json_writer_begin_object (PsJsonWriter  *writer,
                                           gboolean       compact);
void          ps_json_writer_end_object   (PsJsonWriter  *writer);
void          ps_json_writer_begin_array  (PsJsonWriter  *writer,
                                           gboolean       compact);
void          ps_json_writer_end_array    (PsJsonWriter  *writer);

/* Keys and strings are bytes: valid UTF-8 is kept, anything else is read
 * as Latin-1.  Embedded NULs are written as \u0000. */
void          ps_json_writer_key          (PsJsonWriter  *writer,
                                           const char    *key);
void          ps_json_writer_string       (PsJsonWriter  *writer,
                                           const char    *bytes,
                                           gssize         len);
void          ps_json_writer_null         (PsJsonWriter  *writer);
void          ps_json_writer_boolean      (PsJsonWriter  *writer,
                                           gboolean       value);
void          ps_json_writer_int64        (PsJsonWriter  *writer,
                                           gint64         value);
void          ps_json_writer_uint64       (PsJsonWriter  *writer,
                                           guint64        value);
/* The shortest text that reads back as the same double (or float);
 * NaN and infinities as the strings "NaN", "Infinity", "-Infinity". */
void          ps_json_writer_double       (PsJsonWriter  *writer,
                                           double         value);
void          ps_json_writer_float        (PsJsonWriter  *writer,
                                           float          value);

/* Ends the document with a newline and flushes; FALSE on a write error. */
gboolean      ps_json_writer_finish       (PsJsonWriter  *writer,
                                           GError       **error);

/* Exposed for tests: the number formatting, locale independent. */
void          ps_json_format_double       (double         value,
                                           char          *buf,
                                           gsize          size);
void          ps_json_format_float        (float          value,
                                           char          *buf,
                                           gsize          size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsJsonWriter, ps_json_writer_free)

G_END_DECLS
