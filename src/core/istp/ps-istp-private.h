/* ps-istp-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers shared by the ISTP files: attribute lookups with the master
 * fallback, attribute values as text or numbers, and the conversion of raw
 * CDF records to doubles.
 */
#pragma once

#include "ps-istp.h"

G_BEGIN_DECLS

/* A variable and the file its values come from (the data file or the
 * master). */
typedef struct
{
  PsCdfFile           *file;
  const PsCdfVariable *var;
} PsIstpVar;

typedef enum
{
  PS_ISTP_WANT_NUMBER, /* numeric, for bins */
  PS_ISTP_WANT_TIME,   /* CDF_EPOCH, CDF_EPOCH16 or CDF_TIME_TT2000 */
  PS_ISTP_WANT_TEXT,   /* CDF_CHAR or CDF_UCHAR, for labels and units */
} PsIstpWant;

/* ps-istp.c */
gboolean              _ps_istp_check_plottable (PsCdfFile            *file,
                                                PsCdfFile            *master,
                                                const PsCdfVariable  *var,
                                                PsIstpVar            *time,
                                                GError              **error);

/* ps-istp-attr.c */
const PsCdfAttrEntry *_ps_istp_attr           (PsCdfFile             *file,
                                               PsCdfFile             *master,
                                               const char            *variable,
                                               const char            *name);
char                 *_ps_istp_attr_text      (PsCdfFile             *file,
                                               PsCdfFile             *master,
                                               const char            *variable,
                                               const char            *name);
char                 *_ps_istp_entry_text     (const PsCdfAttrEntry  *entry);
gboolean              _ps_istp_entry_double   (const PsCdfAttrEntry  *entry,
                                               guint                  i,
                                               double                *out);
gboolean              _ps_istp_resolve        (PsCdfFile             *file,
                                               PsCdfFile             *master,
                                               const char            *variable,
                                               const char            *name,
                                               PsIstpWant             want,
                                               PsIstpVar             *out);
char                **_ps_istp_read_strings   (const PsIstpVar       *sv);
void                  _ps_istp_add_meta       (PsSeriesBuilder       *builder,
                                               PsCdfFile             *file,
                                               PsCdfFile             *master,
                                               const char            *variable);

/* ps-istp-values.c */
gboolean              _ps_istp_is_numeric     (PsCdfType              type);
gboolean              _ps_istp_is_time        (PsCdfType              type);
guint                *_ps_istp_offsets        (const PsCdfVariable   *var,
                                               guint                 *m);
gsize                 _ps_istp_convert_rows   (const PsCdfVariable   *var,
                                               const guint8          *raw,
                                               gsize                  count,
                                               const gboolean        *keep,
                                               const guint           *offsets,
                                               guint                  m,
                                               const PsCdfAttrEntry  *fill_entry,
                                               double                *out);
void                  _ps_istp_convert_record (const PsCdfVariable   *var,
                                               const guint8          *record,
                                               const guint           *offsets,
                                               guint                  m,
                                               const PsCdfAttrEntry  *fill,
                                               double                *out);
void                  _ps_istp_mask_valid     (const PsCdfVariable   *var,
                                               const PsCdfAttrEntry  *vmin,
                                               const PsCdfAttrEntry  *vmax,
                                               double                *values,
                                               gsize                  n,
                                               guint                  m);
PsTime                _ps_istp_record_time    (const PsCdfVariable   *var,
                                               const guint8          *record,
                                               const PsCdfAttrEntry  *fill);

G_END_DECLS
