/* ps-istp-values.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Raw CDF records to doubles. FILLVAL is compared in the variable's own
 * type before the conversion: a REAL4 fill of -1e31 is the float nearest
 * to -1e31, which is not the double -1e31, and an INT8 fill may not survive
 * a trip through double. VALIDMIN/VALIDMAX are narrowed to the variable's
 * type the same way.
 */

#define G_LOG_DOMAIN "ps-istp"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-istp-private.h"
#include "ps-time-cdf.h"

typedef enum
{
  CLASS_OTHER,
  CLASS_FLOAT,
  CLASS_DOUBLE,
  CLASS_SIGNED,
  CLASS_UNSIGNED,
} TypeClass;

static TypeClass
type_class (PsCdfType type)
{
  switch (type)
    {
    case PS_CDF_REAL4:
    case PS_CDF_FLOAT:
      return CLASS_FLOAT;
    case PS_CDF_REAL8:
    case PS_CDF_DOUBLE:
    case PS_CDF_EPOCH:
      return CLASS_DOUBLE;
    case PS_CDF_INT1:
    case PS_CDF_INT2:
    case PS_CDF_INT4:
    case PS_CDF_INT8:
    case PS_CDF_BYTE:
    case PS_CDF_TIME_TT2000:
      return CLASS_SIGNED;
    case PS_CDF_UINT1:
    case PS_CDF_UINT2:
    case PS_CDF_UINT4:
      return CLASS_UNSIGNED;
    case PS_CDF_EPOCH16:
    case PS_CDF_CHAR:
    case PS_CDF_UCHAR:
    default:
      return CLASS_OTHER;
    }
}

gboolean
_ps_istp_is_numeric (PsCdfType type)
{
  return type != PS_CDF_EPOCH && type != PS_CDF_TIME_TT2000 && type_class (type) != CLASS_OTHER;
}

gboolean
_ps_istp_is_time (PsCdfType type)
{
  return type == PS_CDF_EPOCH || type == PS_CDF_EPOCH16 || type == PS_CDF_TIME_TT2000;
}

/* Integers of any width as gint64 (UINT4 fits). */
static gint64
raw_int (PsCdfType     type,
         const guint8 *p)
{
  switch (ps_cdf_type_size (type))
    {
    case 1:
      return type_class (type) == CLASS_UNSIGNED ? (gint64) *p : (gint64) (gint8) *p;
    case 2:
      {
        guint16 v;
        memcpy (&v, p, 2);
        return type_class (type) == CLASS_UNSIGNED ? (gint64) v : (gint64) (gint16) v;
      }
    case 4:
      {
        guint32 v;
        memcpy (&v, p, 4);
        return type_class (type) == CLASS_UNSIGNED ? (gint64) v : (gint64) (gint32) v;
      }
    default:
      {
        gint64 v;
        memcpy (&v, p, 8);
        return v;
      }
    }
}

static double
raw_double (PsCdfType     type,
            const guint8 *p)
{
  switch (type_class (type))
    {
    case CLASS_FLOAT:
      {
        float v;
        memcpy (&v, p, sizeof v);
        return v;
      }
    case CLASS_DOUBLE:
      {
        double v;
        memcpy (&v, p, sizeof v);
        return v;
      }
    case CLASS_SIGNED:
    case CLASS_UNSIGNED:
      return (double) raw_int (type, p);
    case CLASS_OTHER:
    default:
      if (type == PS_CDF_EPOCH16)
        {
          double v;
          memcpy (&v, p, sizeof v);
          return v;
        }
      return NAN;
    }
}

gboolean
_ps_istp_entry_double (const PsCdfAttrEntry *entry,
                       guint                 i,
                       double               *out)
{
  gsize size;

  if (entry == NULL || (type_class (entry->type) == CLASS_OTHER && entry->type != PS_CDF_EPOCH16))
    return FALSE;
  size = ps_cdf_type_size (entry->type);
  if (i >= entry->num_elems || (gsize) (i + 1) * size > entry->size)
    return FALSE;
  *out = raw_double (entry->type, entry->data + i * size);
  return TRUE;
}

/* A fill value as the variable's type sees it. */
typedef struct
{
  gboolean has_double;
  double   d;
  gboolean has_float;
  float    f;
  gboolean has_int;
  gint64   i;
} Fill;

static void
fill_init (Fill                 *fill,
           const PsCdfAttrEntry *entry)
{
  memset (fill, 0, sizeof *fill);
  if (entry == NULL || entry->num_elems < 1 || entry->size < ps_cdf_type_size (entry->type))
    return;

  switch (type_class (entry->type))
    {
    case CLASS_SIGNED:
    case CLASS_UNSIGNED:
      fill->has_int = TRUE;
      fill->i = raw_int (entry->type, entry->data);
      fill->has_double = TRUE;
      fill->d = (double) fill->i;
      break;
    case CLASS_FLOAT:
    case CLASS_DOUBLE:
      fill->d = raw_double (entry->type, entry->data);
      fill->has_double = !isnan (fill->d);
      fill->has_float = fill->has_double;
      fill->f = (float) fill->d;
      fill->has_int = isfinite (fill->d) && fill->d == floor (fill->d) && fabs (fill->d) < 9.2e18;
      fill->i = fill->has_int ? (gint64) fill->d : 0;
      /* A REAL4 fill on a double variable: compare as floats. */
      if (type_class (entry->type) == CLASS_FLOAT)
        fill->has_double = FALSE;
      break;
    case CLASS_OTHER:
    default:
      break;
    }
}

static double
convert_one (PsCdfType     type,
             TypeClass     klass,
             const guint8 *p,
             const Fill   *fill)
{
  switch (klass)
    {
    case CLASS_FLOAT:
      {
        float v;
        memcpy (&v, p, sizeof v);
        return fill->has_float && v == fill->f ? NAN : (double) v;
      }
    case CLASS_DOUBLE:
      {
        double v;
        memcpy (&v, p, sizeof v);
        if ((fill->has_double && v == fill->d)
            || (!fill->has_double && fill->has_float && (float) v == fill->f))
          return NAN;
        return v;
      }
    case CLASS_SIGNED:
    case CLASS_UNSIGNED:
      {
        gint64 v = raw_int (type, p);
        return fill->has_int && v == fill->i ? NAN : (double) v;
      }
    case CLASS_OTHER:
    default:
      return NAN;
    }
}

/* Offsets (in values) of the stored values of one record: the reader
 * repeats the values of dimensions that do not vary (dimVarys false), and
 * only index 0 of those is kept. *m receives the count. */
guint *
_ps_istp_offsets (const PsCdfVariable *var,
                  guint               *m)
{
  gsize full = var->values_per_record;
  guint *offsets = g_new (guint, MAX (full, 1));
  guint count = 0;

  for (gsize k = 0; k < full; k++)
    {
      gsize rest = k;
      gboolean keep = TRUE;

      for (guint d = var->n_dims; d-- > 0;)
        {
          gsize index = var->dims[d] ? rest % var->dims[d] : 0;

          rest = var->dims[d] ? rest / var->dims[d] : 0;
          if (index != 0 && !var->dim_varys[d])
            keep = FALSE;
        }
      if (keep)
        offsets[count++] = (guint) k;
    }
  *m = count;
  return offsets;
}

/* Whole records of REAL4/REAL8 values, every value kept: the common case
 * (field vectors, densities, spectrogram fluxes), converted in one tight
 * loop the compiler vectorises instead of one call per value. */
static void
convert_plain_rows (const PsCdfVariable *var,
                    TypeClass            klass,
                    const guint8        *raw,
                    gsize                n_values,
                    const Fill          *fill,
                    double              *out)
{
  if (klass == CLASS_DOUBLE && !fill->has_double && !fill->has_float)
    memcpy (out, raw, n_values * sizeof (double));
  else if (klass == CLASS_DOUBLE && fill->has_double)
    {
      const double fv = fill->d;

      memcpy (out, raw, n_values * sizeof (double));
      for (gsize k = 0; k < n_values; k++)
        out[k] = out[k] == fv ? NAN : out[k];
    }
  else if (klass == CLASS_FLOAT)
    {
      const gboolean has_fill = fill->has_float;
      const float fv = fill->f;

      for (gsize k = 0; k < n_values; k++)
        {
          float v;

          memcpy (&v, raw + k * sizeof v, sizeof v);
          out[k] = has_fill && v == fv ? NAN : (double) v;
        }
    }
  else
    for (gsize k = 0; k < n_values; k++)
      out[k] = convert_one (var->type, klass, raw + k * var->element_size, fill);
}

/* Converts the records flagged in @keep (all when NULL) of @raw (@count
 * records as the reader delivers them) into m doubles each, packed in
 * @out. Returns the number of records written. */
gsize
_ps_istp_convert_rows (const PsCdfVariable  *var,
                       const guint8         *raw,
                       gsize                 count,
                       const gboolean       *keep,
                       const guint          *offsets,
                       guint                 m,
                       const PsCdfAttrEntry *fill_entry,
                       double               *out)
{
  TypeClass klass = type_class (var->type);
  gsize stride = var->values_per_record * var->element_size;
  gboolean all_values = m == var->values_per_record;
  gsize rows = 0;
  Fill fill;

  fill_init (&fill, fill_entry);
  for (guint j = 0; j < m && all_values; j++)
    all_values = offsets[j] == j;

  for (gsize i = 0; i < count; )
    {
      /* A run of kept records is one block of values when every value of a
       * record is kept. */
      gsize run = 0;

      while (i + run < count && (keep == NULL || keep[i + run]))
        run++;
      if (run > 0 && all_values && (klass == CLASS_DOUBLE || klass == CLASS_FLOAT))
        convert_plain_rows (var, klass, raw + i * stride, run * m, &fill, out + rows * m);
      else
        for (gsize r = 0; r < run; r++)
          for (guint j = 0; j < m; j++)
            out[(rows + r) * m + j] = convert_one (var->type, klass,
                                                  raw + (i + r) * stride
                                                  + (gsize) offsets[j] * var->element_size,
                                                  &fill);
      rows += run;
      i += run + (run == 0);
    }
  return rows;
}

void
_ps_istp_convert_record (const PsCdfVariable  *var,
                         const guint8         *record,
                         const guint          *offsets,
                         guint                 m,
                         const PsCdfAttrEntry *fill_entry,
                         double               *out)
{
  TypeClass klass = type_class (var->type);
  Fill fill;

  fill_init (&fill, fill_entry);
  for (guint j = 0; j < m; j++)
    out[j] = convert_one (var->type, klass, record + (gsize) offsets[j] * var->element_size, &fill);
}

/* The bound for component j, narrowed to the variable's type. */
static gboolean
bound (const PsCdfVariable  *var,
       const PsCdfAttrEntry *entry,
       guint                 j,
       guint                 m,
       double               *out)
{
  double v;

  if (!_ps_istp_entry_double (entry, entry && entry->num_elems == m ? j : 0, &v) || isnan (v))
    return FALSE;
  if (type_class (var->type) == CLASS_FLOAT)
    v = (float) v;
  *out = v;
  return TRUE;
}

void
_ps_istp_mask_valid (const PsCdfVariable  *var,
                     const PsCdfAttrEntry *vmin,
                     const PsCdfAttrEntry *vmax,
                     double               *values,
                     gsize                 n,
                     guint                 m)
{
  for (guint j = 0; j < m; j++)
    {
      double lo = -INFINITY, hi = INFINITY;
      gboolean has_lo = bound (var, vmin, j, m, &lo);
      gboolean has_hi = bound (var, vmax, j, m, &hi);

      if (!has_lo && !has_hi)
        continue;
      for (gsize i = 0; i < n; i++)
        {
          double *v = &values[i * m + j];

          if (*v < lo || *v > hi)
            *v = NAN;
        }
    }
}

/* The time of one record of a DEPEND_0 variable (its first value). */
PsTime
_ps_istp_record_time (const PsCdfVariable  *var,
                      const guint8         *record,
                      const PsCdfAttrEntry *fill)
{
  double fill_d = NAN;

  if (fill != NULL && fill->type == var->type)
    _ps_istp_entry_double (fill, 0, &fill_d);

  switch (var->type)
    {
    case PS_CDF_EPOCH:
      {
        double v;
        memcpy (&v, record, sizeof v);
        return v == fill_d ? PS_TIME_INVALID : ps_time_from_cdf_epoch (v);
      }
    case PS_CDF_EPOCH16:
      {
        double v[2];
        memcpy (v, record, sizeof v);
        return v[0] == fill_d ? PS_TIME_INVALID : ps_time_from_cdf_epoch16 (v[0], v[1]);
      }
    case PS_CDF_TIME_TT2000:
      {
        gint64 v;
        memcpy (&v, record, sizeof v);
        return v == PS_TT2000_FILL ? PS_TIME_INVALID : ps_time_from_tt2000 (v);
      }
    default:
      return PS_TIME_INVALID;
    }
}
