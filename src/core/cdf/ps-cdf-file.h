/* ps-cdf-file.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reader for NASA Common Data Format files, versions 2.2 to 3.9, written
 * from the CDF Internal Format Description.  A PsCdfFile is immutable once
 * opened and may be shared between threads; values are always delivered in
 * host byte order and row-major order.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PS_CDF_ERROR (ps_cdf_error_quark ())

typedef enum
{
  PS_CDF_ERROR_NOT_CDF,       /* bad magic numbers */
  PS_CDF_ERROR_UNSUPPORTED,   /* valid CDF using a feature we do not read */
  PS_CDF_ERROR_CORRUPT,       /* offsets, sizes or structure are inconsistent */
  PS_CDF_ERROR_TOO_LARGE,     /* would exceed the memory limits */
  PS_CDF_ERROR_CHECKSUM,      /* MD5 mismatch */
  PS_CDF_ERROR_INVALID,       /* bad argument (record range, buffer size) */
} PsCdfError;

/* Values are the CDF data type codes. */
typedef enum
{
  PS_CDF_INT1 = 1,
  PS_CDF_INT2 = 2,
  PS_CDF_INT4 = 4,
  PS_CDF_INT8 = 8,
  PS_CDF_UINT1 = 11,
  PS_CDF_UINT2 = 12,
  PS_CDF_UINT4 = 14,
  PS_CDF_REAL4 = 21,
  PS_CDF_REAL8 = 22,
  PS_CDF_EPOCH = 31,
  PS_CDF_EPOCH16 = 32,
  PS_CDF_TIME_TT2000 = 33,
  PS_CDF_BYTE = 41,
  PS_CDF_FLOAT = 44,
  PS_CDF_DOUBLE = 45,
  PS_CDF_CHAR = 51,
  PS_CDF_UCHAR = 52,
} PsCdfType;

/* Values are the CDF compression type codes. */
typedef enum
{
  PS_CDF_COMPRESSION_NONE = 0,
  PS_CDF_COMPRESSION_RLE = 1,
  PS_CDF_COMPRESSION_HUFFMAN = 2,
  PS_CDF_COMPRESSION_AHUFFMAN = 3,
  PS_CDF_COMPRESSION_GZIP = 5,
} PsCdfCompression;

typedef enum
{
  PS_CDF_SPARSE_NONE = 0,
  PS_CDF_SPARSE_PAD = 1,
  PS_CDF_SPARSE_PREVIOUS = 2,
} PsCdfSparse;

typedef enum
{
  PS_CDF_MAJORITY_ROW,
  PS_CDF_MAJORITY_COLUMN,
} PsCdfMajority;

typedef struct _PsCdfFile PsCdfFile;

/* One attribute entry, decoded to host byte order.  For CHAR/UCHAR,
 * num_elems is the string length in bytes (no terminating NUL counted;
 * data is nevertheless NUL-terminated for convenience). */
typedef struct
{
  PsCdfType     type;
  guint         num_elems;
  guint         number;     /* gEntry number, or the variable number */
  gsize         size;       /* bytes in data */
  const guint8 *data;
} PsCdfAttrEntry;

typedef struct
{
  const char *name;
  guint       number;
  gboolean    is_global;
  /* global entries sorted by entry number (there may be gaps) */
  guint                 n_entries;
  const PsCdfAttrEntry *entries;
} PsCdfAttribute;

/* Read-only description of a variable, owned by its PsCdfFile. */
typedef struct
{
  const char      *name;
  guint            index;          /* position in ps_cdf_file_get_variable() */
  guint            number;         /* r- or z-variable number in the file */
  gboolean         is_z;
  PsCdfType        type;
  guint            num_elems;      /* string length for CHAR/UCHAR, else 1 */
  guint            n_dims;
  const guint32   *dims;           /* row-major order, as declared */
  const gboolean  *dim_varys;
  gboolean         record_varys;
  gint64           max_rec;        /* -1 when no record was written */
  gint64           n_records;      /* max_rec + 1 */
  PsCdfSparse      sparse;
  PsCdfCompression compression;
  guint            compression_level;
  gsize            element_size;   /* bytes of one value in host memory */
  gsize            values_per_record; /* product of dims */
  const guint8    *pad_value;      /* element_size bytes, host order */
  gboolean         pad_value_set;  /* the VDR declares a pad value */
} PsCdfVariable;

GQuark       ps_cdf_error_quark            (void);

PsCdfFile   *ps_cdf_file_open              (const char *path,
                                            GError    **error);
PsCdfFile   *ps_cdf_file_new_from_bytes    (GBytes     *bytes,
                                            GError    **error);
PsCdfFile   *ps_cdf_file_ref               (PsCdfFile  *file);
void         ps_cdf_file_unref             (PsCdfFile  *file);

void         ps_cdf_file_get_version       (PsCdfFile  *file,
                                            guint      *version,
                                            guint      *release,
                                            guint      *increment);
guint        ps_cdf_file_get_encoding      (PsCdfFile  *file);
const char  *ps_cdf_encoding_name          (guint       encoding);
PsCdfMajority ps_cdf_file_get_majority     (PsCdfFile  *file);
PsCdfCompression ps_cdf_file_get_compression (PsCdfFile *file);
/* YYYYMMDD, or 0 when the file does not say (v2 files, or -1 in the GDR) */
gint         ps_cdf_file_get_leap_second_last_updated (PsCdfFile *file);
gboolean     ps_cdf_file_has_md5           (PsCdfFile  *file);
gboolean     ps_cdf_verify_md5             (PsCdfFile  *file,
                                            GError    **error);

guint        ps_cdf_file_get_n_variables   (PsCdfFile  *file);
const PsCdfVariable *ps_cdf_file_get_variable    (PsCdfFile  *file,
                                                  guint       index);
const PsCdfVariable *ps_cdf_file_lookup_variable (PsCdfFile  *file,
                                                  const char *name);

gboolean     ps_cdf_file_load_attributes   (PsCdfFile  *file,
                                            GError    **error);
guint        ps_cdf_file_get_n_attributes  (PsCdfFile  *file);
const PsCdfAttribute *ps_cdf_file_get_attribute    (PsCdfFile  *file,
                                                    guint       index);
const PsCdfAttribute *ps_cdf_file_lookup_attribute (PsCdfFile  *file,
                                                    const char *name);
/* The entry of a variable-scope attribute for var, or NULL. */
const PsCdfAttrEntry *ps_cdf_variable_get_attribute_entry (PsCdfFile            *file,
                                                           const PsCdfVariable  *var,
                                                           const PsCdfAttribute *attr);
const PsCdfAttrEntry *ps_cdf_variable_get_attribute       (PsCdfFile           *file,
                                                           const PsCdfVariable *var,
                                                           const char          *name);

gboolean     ps_cdf_variable_read          (PsCdfFile           *file,
                                            const PsCdfVariable *var,
                                            gint64               first_record,
                                            gint64               n_records,
                                            gpointer             out,
                                            gsize                out_size,
                                            GError             **error);
gpointer     ps_cdf_variable_read_alloc    (PsCdfFile           *file,
                                            const PsCdfVariable *var,
                                            gint64               first_record,
                                            gint64               n_records,
                                            gsize               *out_size,
                                            GError             **error);

/* Memory for values, huge-page backed when large; free with g_free(). */
gpointer     ps_cdf_alloc_values           (gsize                size);
/* Zero-copy view of records when no conversion is needed, else NULL. */
gconstpointer ps_cdf_variable_peek         (PsCdfFile           *file,
                                            const PsCdfVariable *var,
                                            gint64               first_record,
                                            gint64               n_records);

const char  *ps_cdf_type_name              (PsCdfType   type);
gsize        ps_cdf_type_size              (PsCdfType   type);
const char  *ps_cdf_compression_name       (PsCdfCompression compression);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsCdfFile, ps_cdf_file_unref)

G_END_DECLS
