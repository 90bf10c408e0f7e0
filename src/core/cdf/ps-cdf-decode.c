/* ps-cdf-decode.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data types, byte order and layout: values leave here in host byte order,
 * IEEE floats and row-major order, with non-varying dimensions repeated so
 * that every record has the full declared shape.
 */
#include "config.h"

#define G_LOG_DOMAIN "ps-cdf"

#include <math.h>
#include <string.h>

#include "ps-cdf-private.h"

/* Indexed by the CDF type code: a lookup per attribute entry and per
 * variable at open, so no search. */
static const struct
{
  const char *name;
  gsize       size;
} types[PS_CDF_UCHAR + 1] = {
  [PS_CDF_INT1] = { "CDF_INT1", 1 },
  [PS_CDF_INT2] = { "CDF_INT2", 2 },
  [PS_CDF_INT4] = { "CDF_INT4", 4 },
  [PS_CDF_INT8] = { "CDF_INT8", 8 },
  [PS_CDF_UINT1] = { "CDF_UINT1", 1 },
  [PS_CDF_UINT2] = { "CDF_UINT2", 2 },
  [PS_CDF_UINT4] = { "CDF_UINT4", 4 },
  [PS_CDF_REAL4] = { "CDF_REAL4", 4 },
  [PS_CDF_REAL8] = { "CDF_REAL8", 8 },
  [PS_CDF_EPOCH] = { "CDF_EPOCH", 8 },
  [PS_CDF_EPOCH16] = { "CDF_EPOCH16", 16 },
  [PS_CDF_TIME_TT2000] = { "CDF_TIME_TT2000", 8 },
  [PS_CDF_BYTE] = { "CDF_BYTE", 1 },
  [PS_CDF_FLOAT] = { "CDF_FLOAT", 4 },
  [PS_CDF_DOUBLE] = { "CDF_DOUBLE", 8 },
  [PS_CDF_CHAR] = { "CDF_CHAR", 1 },
  [PS_CDF_UCHAR] = { "CDF_UCHAR", 1 },
};

gboolean
ps_cdf_type_is_valid (guint32 type)
{
  return type < G_N_ELEMENTS (types) && types[type].name != NULL;
}

const char *
ps_cdf_type_name (PsCdfType type)
{
  return ps_cdf_type_is_valid (type) ? types[type].name : "CDF_UNKNOWN";
}

gsize
ps_cdf_type_size (PsCdfType type)
{
  return ps_cdf_type_is_valid (type) ? types[type].size : 0;
}

/* The unit that byte order applies to: EPOCH16 is two doubles. */
gsize
ps_cdf_type_component_size (PsCdfType type)
{
  return type == PS_CDF_EPOCH16 ? 8 : ps_cdf_type_size (type);
}

static gboolean
type_is_float (PsCdfType type)
{
  switch (type)
    {
    case PS_CDF_REAL4:
    case PS_CDF_FLOAT:
    case PS_CDF_REAL8:
    case PS_CDF_DOUBLE:
    case PS_CDF_EPOCH:
    case PS_CDF_EPOCH16:
      return TRUE;
    default:
      return FALSE;
    }
}

/* VAX floats are stored as little-endian 16-bit words, most significant
 * word first, with an exponent bias of 128 (F, D) or 1024 (G) and the
 * hidden bit worth one half.  Reserved operands and zeros become 0. */
static void
vax_to_ieee (guint8         *p,
             gsize           size,
             PsCdfFloatKind  kind)
{
  guint64 bits = 0;
  gboolean negative;
  int exp_bits, frac_bits, bias, e;
  guint64 frac;
  double v;

  for (gsize w = 0; w < size / 2; w++)
    bits = (bits << 16) | ((guint64) p[2 * w + 1] << 8) | p[2 * w];
  negative = (bits >> (size * 8 - 1)) & 1;
  if (size == 4 || kind == PS_CDF_FLOAT_VAX_D)
    exp_bits = 8, bias = 128;
  else
    exp_bits = 11, bias = 1024;
  frac_bits = (int) size * 8 - 1 - exp_bits;
  e = (int) ((bits >> frac_bits) & ((1u << exp_bits) - 1));
  frac = bits & (((guint64) 1 << frac_bits) - 1);
  if (e == 0)
    v = 0.0;
  else
    v = ldexp ((double) (frac | ((guint64) 1 << frac_bits)), e - bias - frac_bits - 1);
  if (negative)
    v = -v;
  if (size == 4)
    {
      float f = (float) v;
      memcpy (p, &f, 4);
    }
  else
    memcpy (p, &v, 8);
}

void
ps_cdf_decode_values (PsCdfFile *file,
                      PsCdfType  type,
                      guint8    *data,
                      gsize      n_bytes)
{
  gsize unit = ps_cdf_type_component_size (type);

  if (unit <= 1)
    return;
  if (file->float_kind != PS_CDF_FLOAT_IEEE && type_is_float (type))
    {
      for (gsize i = 0; i + unit <= n_bytes; i += unit)
        vax_to_ieee (data + i, unit, file->float_kind);
      return;
    }
  if (!file->swap)
    return;
  switch (unit)
    {
    case 2:
      for (gsize i = 0; i + 2 <= n_bytes; i += 2)
        {
          guint16 v;
          memcpy (&v, data + i, 2);
          v = GUINT16_SWAP_LE_BE (v);
          memcpy (data + i, &v, 2);
        }
      break;
    case 4:
      for (gsize i = 0; i + 4 <= n_bytes; i += 4)
        {
          guint32 v;
          memcpy (&v, data + i, 4);
          v = GUINT32_SWAP_LE_BE (v);
          memcpy (data + i, &v, 4);
        }
      break;
    case 8:
      for (gsize i = 0; i + 8 <= n_bytes; i += 8)
        {
          guint64 v;
          memcpy (&v, data + i, 8);
          v = GUINT64_SWAP_LE_BE (v);
          memcpy (data + i, &v, 8);
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The defaults of the CDF library 3.x when no pad value is declared. */
void
ps_cdf_default_pad (PsCdfType  type,
                    guint      num_elems,
                    guint8    *out)
{
  union { gint8 i1; gint16 i2; gint32 i4; gint64 i8; guint8 u1; guint16 u2;
          guint32 u4; float f; double d[2]; } v;
  gsize size = ps_cdf_type_size (type);

  memset (&v, 0, sizeof v);
  switch (type)
    {
    case PS_CDF_INT1:
    case PS_CDF_BYTE: v.i1 = -127; break;
    case PS_CDF_INT2: v.i2 = -32767; break;
    case PS_CDF_INT4: v.i4 = -2147483647; break;
    case PS_CDF_INT8:
    case PS_CDF_TIME_TT2000: v.i8 = G_MININT64 + 1; break;
    case PS_CDF_UINT1: v.u1 = 254; break;
    case PS_CDF_UINT2: v.u2 = 65534; break;
    case PS_CDF_UINT4: v.u4 = 4294967294u; break;
    case PS_CDF_REAL4:
    case PS_CDF_FLOAT: v.f = -1.0e30f; break;
    case PS_CDF_REAL8:
    case PS_CDF_DOUBLE: v.d[0] = -1.0e30; break;
    case PS_CDF_EPOCH:
    case PS_CDF_EPOCH16: break;
    case PS_CDF_CHAR:
    case PS_CDF_UCHAR:
      memset (out, ' ', num_elems);
      return;
    default:
      break;
    }
  for (guint i = 0; i < num_elems; i++)
    memcpy (out + i * size, &v, size);
}

/* Copies n_records physical records to full row-major records.  Each full
 * dimension gets a stride in the physical record: 0 when it does not vary
 * (the stored value is repeated), otherwise its stride in the majority the
 * file was written in. */
void
ps_cdf_reshape_records (const PsCdfVarPriv *var,
                        gboolean            column_major,
                        const guint8       *src,
                        guint8             *dst,
                        gsize               n_records)
{
  guint n = var->pub.n_dims;
  gsize elem = var->pub.element_size;
  gsize phys_bytes = var->phys_values * elem;
  gsize full = var->pub.values_per_record;
  gsize stride[PS_CDF_MAX_DIMS];
  guint32 idx[PS_CDF_MAX_DIMS];
  gboolean trivial = TRUE;
  gsize s = 1;

  for (guint i = 0; i < n; i++)
    if (!var->dim_varys[i] && var->dims[i] > 1)
      trivial = FALSE;
  /* with at most one dimension longer than 1, both majorities coincide */
  if (column_major)
    {
      guint longer = 0;
      for (guint i = 0; i < n; i++)
        if (var->dim_varys[i] && var->dims[i] > 1)
          longer++;
      if (longer > 1)
        trivial = FALSE;
    }
  if (trivial)
    {
      if (phys_bytes == full * elem)
        memcpy (dst, src, n_records * phys_bytes);
      else
        for (gsize r = 0; r < n_records; r++)
          for (gsize k = 0; k < full; k++)
            memcpy (dst + (r * full + k) * elem, src + r * phys_bytes, elem);
      return;
    }

  if (column_major)
    for (guint i = 0; i < n; i++)
      {
        stride[i] = var->dim_varys[i] ? s : 0;
        if (var->dim_varys[i])
          s *= var->dims[i];
      }
  else
    for (guint i = n; i-- > 0;)
      {
        stride[i] = var->dim_varys[i] ? s : 0;
        if (var->dim_varys[i])
          s *= var->dims[i];
      }

  for (gsize r = 0; r < n_records; r++)
    {
      const guint8 *rec = src + r * phys_bytes;
      guint8 *out = dst + r * full * elem;
      gsize off = 0;

      memset (idx, 0, sizeof idx);
      for (gsize k = 0; k < full; k++)
        {
          memcpy (out + k * elem, rec + off * elem, elem);
          /* odometer over the row-major index, last dimension fastest */
          for (guint i = n; i-- > 0;)
            {
              idx[i]++;
              off += stride[i];
              if (idx[i] < var->dims[i])
                break;
              off -= stride[i] * idx[i];
              idx[i] = 0;
            }
        }
    }
}
