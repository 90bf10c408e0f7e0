/* ps-cdf-writer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small writer of single-file, row-major CDF 3.9 files: zVariables of
 * any numeric type, TT2000 or CHAR, global and variable attributes, and
 * optional per-variable GZIP compression.  Values are given in host byte
 * order and row-major order; the writer converts them to the chosen
 * encoding.  Record-varying data is split into blocks (VVR, or CVVR when
 * compressed) indexed by VXR records.
 */
#pragma once

#include "ps-cdf-file.h"

G_BEGIN_DECLS

#define PS_CDF_ENCODING_NETWORK 1   /* big-endian IEEE */
#define PS_CDF_ENCODING_IBMPC   6   /* little-endian IEEE */

typedef struct _PsCdfWriter PsCdfWriter;

PsCdfWriter *ps_cdf_writer_new             (void);
void         ps_cdf_writer_free            (PsCdfWriter      *writer);

/* PS_CDF_ENCODING_IBMPC or PS_CDF_ENCODING_NETWORK; the default is the
 * host's. */
void         ps_cdf_writer_set_encoding    (PsCdfWriter      *writer,
                                            guint             encoding);

/* Returns the variable number.  num_elems is the string length for CHAR
 * and UCHAR, 1 otherwise; dims may be NULL when n_dims is 0. */
guint        ps_cdf_writer_add_variable    (PsCdfWriter      *writer,
                                            const char       *name,
                                            PsCdfType         type,
                                            guint             num_elems,
                                            guint             n_dims,
                                            const guint32    *dims,
                                            gboolean          record_varys);
/* PS_CDF_COMPRESSION_NONE or PS_CDF_COMPRESSION_GZIP (level 1 to 9). */
void         ps_cdf_writer_set_compression (PsCdfWriter      *writer,
                                            guint             var,
                                            PsCdfCompression  compression,
                                            guint             level);
/* Records per VVR or CVVR; 0 picks about 1 MiB per block. */
void         ps_cdf_writer_set_block_records (PsCdfWriter    *writer,
                                              guint           var,
                                              guint           n_records);
/* One element in host order. */
void         ps_cdf_writer_set_pad_value   (PsCdfWriter      *writer,
                                            guint             var,
                                            gconstpointer     value);
/* n_records full records, host order; the bytes are referenced until
 * the writer is freed, not copied. */
void         ps_cdf_writer_set_values      (PsCdfWriter      *writer,
                                            guint             var,
                                            GBytes           *values,
                                            gint64            n_records);

/* Adds entry number `entry` of a global attribute (created on first use). */
void         ps_cdf_writer_add_global_entry (PsCdfWriter     *writer,
                                             const char      *attr,
                                             guint            entry,
                                             PsCdfType        type,
                                             guint            num_elems,
                                             gconstpointer    data);
/* Sets the entry of a variable attribute for variable var. */
void         ps_cdf_writer_set_variable_entry (PsCdfWriter   *writer,
                                               const char    *attr,
                                               guint          var,
                                               PsCdfType      type,
                                               guint          num_elems,
                                               gconstpointer  data);
void         ps_cdf_writer_set_variable_string (PsCdfWriter  *writer,
                                                const char   *attr,
                                                guint         var,
                                                const char   *value);

/* Writes the whole file (through a temporary file renamed into place). */
gboolean     ps_cdf_writer_write           (PsCdfWriter      *writer,
                                            const char       *path,
                                            GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsCdfWriter, ps_cdf_writer_free)

G_END_DECLS
