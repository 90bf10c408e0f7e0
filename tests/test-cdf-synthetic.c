/* test-cdf-synthetic.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CDF features that no file of the corpus shows, tested on v3 files built
 * here byte by byte following the CDF Internal Format Description: sparse
 * records (pad and previous, gaps at either end), every data encoding,
 * non-record-varying and empty variables, and column-major arrays.
 */
#include "config.h"

#include <string.h>

#include "cdf-bytes.h"
#include "ps-cdf-private.h"

/* ------------------------------------------------------------- builder */

typedef struct
{
  gint32        first;
  gint32        last;
  const void   *values;    /* physical records, host order (or raw) */
} Block;

typedef struct
{
  const char   *name;
  PsCdfType     type;
  guint         num_elems;
  guint         n_dims;
  guint32       dims[2];
  gboolean      dim_varys[2];
  gboolean      rec_vary;
  PsCdfSparse   sparse;
  gint32        max_rec;
  const void   *pad;       /* one value, host order (or raw), or NULL */
  guint         n_blocks;
  Block         blocks[3];
} VarSpec;

typedef struct
{
  const char   *name;
  gboolean      global;
  PsCdfType     type;
  guint         num_elems;
  guint         number;    /* gEntry number, or zVariable number */
  const void   *value;     /* host order */
} AttrSpec;

typedef struct
{
  guint         encoding;
  gboolean      little;    /* data byte order of the encoding */
  gboolean      raw;       /* values are already in the file's form */
  gboolean      column_major;
} FileSpec;

static void
put_name (GByteArray *b,
          const char *name)
{
  gsize at = b->len;

  put_zeros (b, 256);
  memcpy (b->data + at, name, strlen (name));
}

/* Appends n_values values in the file's byte order. */
static void
put_values (GByteArray     *b,
            const FileSpec *fs,
            PsCdfType       type,
            guint           num_elems,
            const void     *values,
            gsize           n_values)
{
  gsize unit = ps_cdf_type_component_size (type);
  gsize size = n_values * ps_cdf_type_size (type) * num_elems;
  gsize at = b->len;
  gboolean swap = !fs->raw && fs->little != (G_BYTE_ORDER == G_LITTLE_ENDIAN);

  g_byte_array_append (b, values, size);
  if (swap && unit > 1)
    for (gsize i = at; i < at + size; i += unit)
      for (gsize k = 0; k < unit / 2; k++)
        {
          guint8 t = b->data[i + k];
          b->data[i + k] = b->data[i + unit - 1 - k];
          b->data[i + unit - 1 - k] = t;
        }
}

static gsize
phys_values (const VarSpec *v)
{
  gsize n = 1;

  for (guint i = 0; i < v->n_dims; i++)
    if (v->dim_varys[i])
      n *= v->dims[i];
  return n;
}

static void
put_var (GByteArray     *b,
         const FileSpec *fs,
         const VarSpec  *v,
         guint           number,
         gsize           gdr,
         gsize          *prev_vdr)
{
  gsize vdr = record_begin (b, PS_CDF_REC_ZVDR);
  gsize vxr;

  set64 (b, *prev_vdr == 0 ? gdr + 20 : *prev_vdr + 12, vdr);
  *prev_vdr = vdr;
  put64 (b, 0);                             /* VDRnext */
  put32 (b, v->type);
  put32 (b, (guint32) v->max_rec);
  put64 (b, 0);                             /* VXRhead, VXRtail */
  put64 (b, 0);
  put32 (b, (v->rec_vary ? 1 : 0) | (v->pad ? 2 : 0));
  put32 (b, v->sparse);
  put32 (b, 0);
  put32 (b, 0xFFFFFFFF);
  put32 (b, 0xFFFFFFFF);
  put32 (b, MAX (v->num_elems, 1));
  put32 (b, number);
  put64 (b, 0xFFFFFFFFFFFFFFFF);            /* no CPR/SPR */
  put32 (b, 0);
  put_name (b, v->name);
  put32 (b, v->n_dims);
  for (guint i = 0; i < v->n_dims; i++)
    put32 (b, v->dims[i]);
  for (guint i = 0; i < v->n_dims; i++)
    put32 (b, v->dim_varys[i] ? 0xFFFFFFFF : 0);
  if (v->pad)
    put_values (b, fs, v->type, MAX (v->num_elems, 1), v->pad, 1);
  record_end (b, vdr);

  if (v->n_blocks == 0)
    return;
  vxr = record_begin (b, PS_CDF_REC_VXR);
  set64 (b, vdr + 28, vxr);
  set64 (b, vdr + 36, vxr);
  put64 (b, 0);
  put32 (b, v->n_blocks + 1);               /* one unused entry */
  put32 (b, v->n_blocks);
  for (guint i = 0; i <= v->n_blocks; i++)
    put32 (b, i < v->n_blocks ? (guint32) v->blocks[i].first : 0xFFFFFFFF);
  for (guint i = 0; i <= v->n_blocks; i++)
    put32 (b, i < v->n_blocks ? (guint32) v->blocks[i].last : 0xFFFFFFFF);
  for (guint i = 0; i <= v->n_blocks; i++)
    put64 (b, i < v->n_blocks ? 0 : 0xFFFFFFFFFFFFFFFF);
  record_end (b, vxr);
  for (guint i = 0; i < v->n_blocks; i++)
    {
      const Block *bl = &v->blocks[i];
      gsize vvr = record_begin (b, PS_CDF_REC_VVR);

      set64 (b, vxr + 28 + (v->n_blocks + 1) * 8 + i * 8, vvr);
      put_values (b, fs, v->type, MAX (v->num_elems, 1), bl->values,
                  (gsize) (bl->last - bl->first + 1) * phys_values (v));
      record_end (b, vvr);
    }
}

static void
put_attr (GByteArray     *b,
          const FileSpec *fs,
          const AttrSpec *a,
          guint           number,
          gsize           gdr,
          gsize          *prev_adr)
{
  gsize adr = record_begin (b, PS_CDF_REC_ADR);
  gsize aedr;

  set64 (b, *prev_adr == 0 ? gdr + 28 : *prev_adr + 12, adr);
  *prev_adr = adr;
  put64 (b, 0);                             /* ADRnext */
  put64 (b, 0);                             /* AgrEDRhead */
  put32 (b, a->global ? 1 : 2);
  put32 (b, number);
  put32 (b, a->global ? 1 : 0);
  put32 (b, a->global ? a->number : 0xFFFFFFFF);
  put32 (b, 0);
  put64 (b, 0);                             /* AzEDRhead */
  put32 (b, a->global ? 0 : 1);
  put32 (b, a->global ? 0xFFFFFFFF : a->number);
  put32 (b, 0);
  put_name (b, a->name);
  record_end (b, adr);

  aedr = record_begin (b, a->global ? PS_CDF_REC_AGREDR : PS_CDF_REC_AZEDR);
  set64 (b, adr + (a->global ? 20 : 48), aedr);
  put64 (b, 0);
  put32 (b, number);
  put32 (b, a->type);
  put32 (b, a->number);
  put32 (b, a->num_elems);
  put32 (b, 0);
  put32 (b, 0);
  put32 (b, 0);
  put32 (b, 0xFFFFFFFF);
  put32 (b, 0xFFFFFFFF);
  put_values (b, fs, a->type, 1, a->value, a->num_elems);
  record_end (b, aedr);
}

static GBytes *
build_cdf (const FileSpec *fs,
           const VarSpec  *vars,
           guint           n_vars,
           const AttrSpec *attrs,
           guint           n_attrs)
{
  GByteArray *b = g_byte_array_new ();
  gsize cdr, gdr, prev = 0;

  put32 (b, 0xCDF30001);
  put32 (b, 0x0000FFFF);
  cdr = record_begin (b, PS_CDF_REC_CDR);
  put64 (b, 0);                             /* GDRoffset */
  put32 (b, 3);
  put32 (b, 9);
  put32 (b, fs->encoding);
  put32 (b, (fs->column_major ? 0 : 1) | 2);
  put32 (b, 0);
  put32 (b, 0);
  put32 (b, 0);
  put32 (b, 0xFFFFFFFF);
  put32 (b, 0xFFFFFFFF);
  put_name (b, "synthetic");
  record_end (b, cdr);

  gdr = record_begin (b, PS_CDF_REC_GDR);
  set64 (b, cdr + 12, gdr);
  put64 (b, 0);                             /* rVDRhead */
  put64 (b, 0);                             /* zVDRhead */
  put64 (b, 0);                             /* ADRhead */
  put64 (b, 0);                             /* eof */
  put32 (b, 0);
  put32 (b, n_attrs);
  put32 (b, 0xFFFFFFFF);
  put32 (b, 0);
  put32 (b, n_vars);
  put64 (b, 0);
  put32 (b, 0);
  put32 (b, 0xFFFFFFFF);
  put32 (b, 0xFFFFFFFF);
  record_end (b, gdr);

  for (guint i = 0; i < n_vars; i++)
    put_var (b, fs, &vars[i], i, gdr, &prev);
  prev = 0;
  for (guint i = 0; i < n_attrs; i++)
    put_attr (b, fs, &attrs[i], i, gdr, &prev);
  set64 (b, gdr + 36, b->len);
  return g_byte_array_free_to_bytes (b);
}

static PsCdfFile *
open_cdf (const FileSpec *fs,
          const VarSpec  *vars,
          guint           n_vars,
          const AttrSpec *attrs,
          guint           n_attrs)
{
  g_autoptr(GBytes) bytes = build_cdf (fs, vars, n_vars, attrs, n_attrs);
  g_autoptr(GError) error = NULL;
  PsCdfFile *file = ps_cdf_file_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (file);
  return file;
}

static gpointer
read_all (PsCdfFile  *file,
          const char *name,
          gint64      first,
          gint64      n,
          gsize      *size)
{
  g_autoptr(GError) error = NULL;
  const PsCdfVariable *var = ps_cdf_file_lookup_variable (file, name);
  gpointer data;

  g_assert_nonnull (var);
  data = ps_cdf_variable_read_alloc (file, var, first, n, size, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

static const FileSpec network = { 1, FALSE, FALSE, FALSE };

/* -------------------------------------------------------------- sparse */

/* Stored records 3-5 and 10-11 of 20 (0-19); each record is two INT4
 * values 100 r and 100 r + 1. */
static const gint32 block_a[] = { 300, 301, 400, 401, 500, 501 };
static const gint32 block_b[] = { 1000, 1001, 1100, 1101 };

static void
sparse_var (VarSpec     *v,
            const char  *name,
            PsCdfSparse  sparse,
            const void  *pad)
{
  *v = (VarSpec) {
    name, PS_CDF_INT4, 1, 1, { 2 }, { TRUE }, TRUE, sparse, 19, pad, 2,
    { { 3, 5, block_a }, { 10, 11, block_b } }
  };
}

/* Expected value of record r, component k. */
static gint32
sparse_expect (PsCdfSparse sparse,
               gint32      pad,
               gint64      r,
               int         k)
{
  gint64 src = r;

  if ((r >= 3 && r <= 5) || (r >= 10 && r <= 11))
    return (gint32) (100 * r + k);
  if (sparse != PS_CDF_SPARSE_PREVIOUS || r < 3)
    return pad;
  src = r < 10 ? 5 : 11;
  return (gint32) (100 * src + k);
}

static void
check_sparse_range (PsCdfFile  *file,
                    const char *name,
                    PsCdfSparse sparse,
                    gint32      pad,
                    gint64      first,
                    gint64      n)
{
  gsize size = 0;
  g_autofree gint32 *v = read_all (file, name, first, n, &size);

  g_assert_cmpuint (size, ==, n * 2 * sizeof (gint32));
  for (gint64 i = 0; i < n; i++)
    for (int k = 0; k < 2; k++)
      {
        if (v[i * 2 + k] != sparse_expect (sparse, pad, first + i, k))
          g_error ("%s: record %" G_GINT64_FORMAT "[%d] is %d, expected %d", name,
                   first + i, k, v[i * 2 + k], sparse_expect (sparse, pad, first + i, k));
      }
}

static void
test_sparse (void)
{
  static const gint32 pad = -99;
  /* [first, n]: whole, from a gap at the start, starting in a middle gap,
   * across a stored block, inside the end gap, one record of each kind */
  static const gint64 ranges[][2] = {
    { 0, 20 }, { 0, 2 }, { 1, 4 }, { 7, 5 }, { 6, 4 }, { 4, 8 }, { 12, 8 },
    { 19, 1 }, { 15, 3 }, { 5, 1 }, { 6, 1 }, { 11, 2 }, { 20, 0 },
  };
  VarSpec vars[4];
  g_autoptr(PsCdfFile) file = NULL;

  sparse_var (&vars[0], "prev", PS_CDF_SPARSE_PREVIOUS, &pad);
  sparse_var (&vars[1], "pad", PS_CDF_SPARSE_PAD, &pad);
  sparse_var (&vars[2], "prev_nopad", PS_CDF_SPARSE_PREVIOUS, NULL);
  sparse_var (&vars[3], "none", PS_CDF_SPARSE_NONE, &pad);
  file = open_cdf (&network, vars, G_N_ELEMENTS (vars), NULL, 0);

  for (guint v = 0; v < G_N_ELEMENTS (vars); v++)
    {
      const PsCdfVariable *var = ps_cdf_file_lookup_variable (file, vars[v].name);
      gint32 p = vars[v].pad ? pad : -2147483647;

      g_assert_nonnull (var);
      g_assert_cmpint (var->sparse, ==, vars[v].sparse);
      g_assert_cmpint (var->n_records, ==, 20);
      g_assert_cmpint (var->pad_value_set, ==, vars[v].pad != NULL);
      g_assert_cmpint (*(const gint32 *) var->pad_value, ==, p);
      for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
        {
          if (ranges[i][1] == 0)
            continue;
          check_sparse_range (file, vars[v].name, vars[v].sparse, p, ranges[i][0], ranges[i][1]);
        }
    }

  /* reading one record at a time agrees with one read of everything */
  {
    g_autofree gint32 *all = read_all (file, "prev", 0, 20, NULL);

    for (gint64 r = 0; r < 20; r++)
      {
        g_autofree gint32 *one = read_all (file, "prev", r, 1, NULL);
        g_assert_cmpmem (one, 8, all + r * 2, 8);
      }
  }
}

/* A file whose only stored records are at neither end: "previous" has
 * nothing before the first block, so pads. */
static void
test_sparse_single (void)
{
  static const gint32 pad = 7;
  static const gint32 stored[] = { 55, 56 };
  VarSpec v = { "s", PS_CDF_INT4, 1, 1, { 2 }, { TRUE }, TRUE, PS_CDF_SPARSE_PREVIOUS, 9, &pad, 1,
                { { 4, 4, stored } } };
  g_autoptr(PsCdfFile) file = open_cdf (&network, &v, 1, NULL, 0);
  g_autofree gint32 *all = read_all (file, "s", 0, 10, NULL);

  for (int r = 0; r < 10; r++)
    {
      g_assert_cmpint (all[r * 2], ==, r < 4 ? 7 : 55);
      g_assert_cmpint (all[r * 2 + 1], ==, r < 4 ? 7 : 56);
    }
}

/* ----------------------------------------------------------- encodings */

typedef struct
{
  gint16  i2[3];
  guint32 u4[3];
  gint64  i8[3];
  float   r4[3][2];       /* dims [2] */
  double  r8[3];
  double  e16[3][2];
  gint64  tt[3];
  char    c[3][4];
  guint16 u2[3];
} Values;

static const Values vals = {
  { -2, 300, -32000 },
  { 1, 4000000000u, 7 },
  { -1, G_GINT64_CONSTANT (0x0102030405060708), G_MININT64 + 1 },
  { { 1.5f, -2.25e10f }, { 3e-20f, 0.0f }, { -0.0f, 65504.0f } },
  { 3.25, -1e300, 6.02214076e23 },
  { { 63745056000.0, 5e11 }, { 0.0, 1.0 }, { -1.0, 999999999999.0 } },
  { G_GINT64_CONSTANT (536500869184000000), 0, -1 },
  { "abcd", "efgh", "ijkl" },
  { 0, 65535, 258 },
};

static void
encoding_vars (VarSpec *v)
{
  v[0] = (VarSpec) { "i2", PS_CDF_INT2, 1, 0, { 0 }, { 0 }, TRUE, 0, 2, NULL, 1, { { 0, 2, vals.i2 } } };
  v[1] = (VarSpec) { "u4", PS_CDF_UINT4, 1, 0, { 0 }, { 0 }, TRUE, 0, 2, NULL, 1, { { 0, 2, vals.u4 } } };
  v[2] = (VarSpec) { "i8", PS_CDF_INT8, 1, 0, { 0 }, { 0 }, TRUE, 0, 2, NULL, 1, { { 0, 2, vals.i8 } } };
  v[3] = (VarSpec) { "r4", PS_CDF_REAL4, 1, 1, { 2 }, { TRUE }, TRUE, 0, 2, NULL, 1, { { 0, 2, vals.r4 } } };
  v[4] = (VarSpec) { "r8", PS_CDF_DOUBLE, 1, 0, { 0 }, { 0 }, TRUE, 0, 2, NULL, 2,
                     { { 0, 0, vals.r8 }, { 1, 2, vals.r8 + 1 } } };
  v[5] = (VarSpec) { "e16", PS_CDF_EPOCH16, 1, 0, { 0 }, { 0 }, TRUE, 0, 2, NULL, 1, { { 0, 2, vals.e16 } } };
  v[6] = (VarSpec) { "tt", PS_CDF_TIME_TT2000, 1, 0, { 0 }, { 0 }, TRUE, 0, 2, NULL, 1, { { 0, 2, vals.tt } } };
  v[7] = (VarSpec) { "c", PS_CDF_CHAR, 4, 0, { 0 }, { 0 }, TRUE, 0, 2, NULL, 1, { { 0, 2, vals.c } } };
  v[8] = (VarSpec) { "u2", PS_CDF_UINT2, 1, 0, { 0 }, { 0 }, TRUE, 0, 2, NULL, 1, { { 0, 2, vals.u2 } } };
}

static const double attr_g[] = { 3.25, -1e300 };
static const gint16 attr_v = -4242;
static const AttrSpec encoding_attrs[] = {
  { "G", TRUE, PS_CDF_REAL8, 2, 0, attr_g },
  { "V", FALSE, PS_CDF_INT2, 1, 4, &attr_v },   /* on "r8" */
};

static void
check_encoding_file (PsCdfFile *file)
{
  struct { const char *name; const void *expect; gsize size; } checks[] = {
    { "i2", vals.i2, sizeof vals.i2 }, { "u4", vals.u4, sizeof vals.u4 },
    { "i8", vals.i8, sizeof vals.i8 }, { "r4", vals.r4, sizeof vals.r4 },
    { "r8", vals.r8, sizeof vals.r8 }, { "e16", vals.e16, sizeof vals.e16 },
    { "tt", vals.tt, sizeof vals.tt }, { "c", vals.c, sizeof vals.c },
    { "u2", vals.u2, sizeof vals.u2 },
  };
  const PsCdfAttribute *g = ps_cdf_file_lookup_attribute (file, "G");
  const PsCdfAttrEntry *e;

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      gsize size = 0;
      g_autofree guint8 *data = read_all (file, checks[i].name, 0, 3, &size);

      g_assert_cmpmem (data, size, checks[i].expect, checks[i].size);
    }
  g_assert_nonnull (g);
  g_assert_true (g->is_global);
  g_assert_cmpuint (g->n_entries, ==, 1);
  g_assert_cmpint (g->entries[0].type, ==, PS_CDF_REAL8);
  g_assert_cmpmem (g->entries[0].data, g->entries[0].size, attr_g, sizeof attr_g);
  e = ps_cdf_variable_get_attribute (file, ps_cdf_file_lookup_variable (file, "r8"), "V");
  g_assert_nonnull (e);
  g_assert_cmpmem (e->data, e->size, &attr_v, sizeof attr_v);
}

static void
test_encodings (void)
{
  static const struct { guint code; gboolean little; } ieee[] = {
    { 1, FALSE }, { 2, FALSE }, { 5, FALSE }, { 7, FALSE }, { 9, FALSE }, { 11, FALSE },
    { 12, FALSE }, { 18, FALSE },
    { 4, TRUE }, { 6, TRUE }, { 13, TRUE }, { 16, TRUE }, { 17, TRUE }, { 19, TRUE },
  };
  VarSpec vars[9];

  encoding_vars (vars);
  for (guint i = 0; i < G_N_ELEMENTS (ieee); i++)
    {
      FileSpec fs = { ieee[i].code, ieee[i].little, FALSE, FALSE };
      g_autoptr(PsCdfFile) file = open_cdf (&fs, vars, G_N_ELEMENTS (vars),
                                            encoding_attrs, G_N_ELEMENTS (encoding_attrs));

      g_test_message ("encoding %u (%s)", ieee[i].code, ps_cdf_encoding_name (ieee[i].code));
      g_assert_cmpuint (ps_cdf_file_get_encoding (file), ==, ieee[i].code);
      g_assert_cmpstr (ps_cdf_encoding_name (ieee[i].code), !=, "UNKNOWN");
      check_encoding_file (file);
    }
}

/* VAX and DEC Alpha/Itanium VMS floats: F for 4 bytes, D or G for 8,
 * stored as little-endian 16-bit words, most significant word first. */
static void
test_vax_floats (void)
{
  static const guint8 f[] = { 0x80, 0x40, 0, 0,  0x20, 0xc1, 0, 0 };        /* 1.0, -2.5 */
  static const guint8 d[] = { 0x80, 0x40, 0, 0, 0, 0, 0, 0,  0x20, 0xc1, 0, 0, 0, 0, 0, 0 };
  static const guint8 g[] = { 0x10, 0x40, 0, 0, 0, 0, 0, 0,  0x24, 0xc0, 0, 0, 0, 0, 0, 0 };
  static const guint8 i4[] = { 0x01, 0x02, 0x03, 0x84,  0xff, 0xff, 0xff, 0xff };
  static const struct { guint code; const guint8 *r8; } kinds[] = {
    { 3, d }, { 14, d }, { 20, d }, { 15, g }, { 21, g },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      FileSpec fs = { kinds[i].code, TRUE, TRUE, FALSE };
      VarSpec v[] = {
        { "f", PS_CDF_REAL4, 1, 0, { 0 }, { 0 }, TRUE, 0, 1, NULL, 1, { { 0, 1, f } } },
        { "d", PS_CDF_REAL8, 1, 0, { 0 }, { 0 }, TRUE, 0, 1, NULL, 1, { { 0, 1, kinds[i].r8 } } },
        { "i", PS_CDF_INT4, 1, 0, { 0 }, { 0 }, TRUE, 0, 1, NULL, 1, { { 0, 1, i4 } } },
      };
      g_autoptr(PsCdfFile) file = open_cdf (&fs, v, G_N_ELEMENTS (v), NULL, 0);
      g_autofree float *rf = read_all (file, "f", 0, 2, NULL);
      g_autofree double *rd = read_all (file, "d", 0, 2, NULL);
      g_autofree gint32 *ri = read_all (file, "i", 0, 2, NULL);

      g_test_message ("encoding %u (%s)", kinds[i].code, ps_cdf_encoding_name (kinds[i].code));
      g_assert_cmpfloat (rf[0], ==, 1.0f);
      g_assert_cmpfloat (rf[1], ==, -2.5f);
      g_assert_cmpfloat (rd[0], ==, 1.0);
      g_assert_cmpfloat (rd[1], ==, -2.5);
      g_assert_cmpint (ri[0], ==, (gint32) 0x84030201);
      g_assert_cmpint (ri[1], ==, -1);
    }
}

/* ------------------------------------------------------ variable shapes */

static void
test_non_record_varying (void)
{
  static const double values[] = { 1.0, 2.0, 3.0 };
  VarSpec v = { "nrv", PS_CDF_REAL8, 1, 1, { 3 }, { TRUE }, FALSE, 0, 0, NULL, 1, { { 0, 0, values } } };
  g_autoptr(PsCdfFile) file = open_cdf (&network, &v, 1, NULL, 0);
  const PsCdfVariable *var = ps_cdf_file_lookup_variable (file, "nrv");
  gsize size = 0;
  g_autofree double *data = read_all (file, "nrv", 0, 1, &size);

  g_assert_false (var->record_varys);
  g_assert_cmpint (var->n_records, ==, 1);
  g_assert_cmpuint (var->values_per_record, ==, 3);
  g_assert_cmpmem (data, size, values, sizeof values);
}

static void
test_zero_records (void)
{
  VarSpec v = { "empty", PS_CDF_INT4, 1, 1, { 4 }, { TRUE }, TRUE, 0, -1, NULL, 0, { { 0 } } };
  g_autoptr(PsCdfFile) file = open_cdf (&network, &v, 1, NULL, 0);
  const PsCdfVariable *var = ps_cdf_file_lookup_variable (file, "empty");
  g_autoptr(GError) error = NULL;
  gint32 one[4];
  gsize size = 1;
  g_autofree gpointer none = NULL;

  g_assert_cmpint (var->max_rec, ==, -1);
  g_assert_cmpint (var->n_records, ==, 0);
  g_assert_true (ps_cdf_variable_read (file, var, 0, 0, one, sizeof one, &error));
  g_assert_no_error (error);
  none = ps_cdf_variable_read_alloc (file, var, 0, 0, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, ==, 0);
  g_assert_false (ps_cdf_variable_read (file, var, 0, 1, one, sizeof one, &error));
  g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_INVALID);
}

/* [2][3] INT2 records, values 100 r + 10 i + j for element [i][j]. */
static void
test_majority (void)
{
  gint16 row[2][6], col[2][6], expect[2][6], half[2][2], half_expect[2][6];

  for (int r = 0; r < 2; r++)
    for (int i = 0; i < 2; i++)
      {
        for (int j = 0; j < 3; j++)
          {
            gint16 value = (gint16) (100 * r + 10 * i + j);
            expect[r][i * 3 + j] = value;
            row[r][i * 3 + j] = value;
            col[r][j * 2 + i] = value;     /* first index fastest */
            half_expect[r][i * 3 + j] = (gint16) (100 * r + 10 * i);
          }
        half[r][i] = (gint16) (100 * r + 10 * i);
      }

  for (int column_major = 0; column_major < 2; column_major++)
    {
      FileSpec fs = { 1, FALSE, FALSE, column_major };
      VarSpec v[] = {
        { "a", PS_CDF_INT2, 1, 2, { 2, 3 }, { TRUE, TRUE }, TRUE, 0, 1, NULL, 1,
          { { 0, 1, column_major ? (const void *) col : (const void *) row } } },
        /* the second dimension does not vary: one value per row, repeated */
        { "h", PS_CDF_INT2, 1, 2, { 2, 3 }, { TRUE, FALSE }, TRUE, 0, 1, NULL, 1, { { 0, 1, half } } },
      };
      g_autoptr(PsCdfFile) file = open_cdf (&fs, v, G_N_ELEMENTS (v), NULL, 0);
      gsize size = 0;
      g_autofree gint16 *a = read_all (file, "a", 0, 2, &size);
      g_autofree gint16 *h = NULL;
      g_autofree gint16 *a1 = read_all (file, "a", 1, 1, NULL);

      g_assert_cmpint (ps_cdf_file_get_majority (file), ==,
                       column_major ? PS_CDF_MAJORITY_COLUMN : PS_CDF_MAJORITY_ROW);
      g_assert_cmpmem (a, size, expect, sizeof expect);
      g_assert_cmpmem (a1, 12, expect[1], 12);
      h = read_all (file, "h", 0, 2, &size);
      g_assert_cmpmem (h, size, half_expect, sizeof half_expect);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Cdf/Synthetic/sparse", test_sparse);
  g_test_add_func ("/Cdf/Synthetic/sparse-single", test_sparse_single);
  g_test_add_func ("/Cdf/Synthetic/encodings", test_encodings);
  g_test_add_func ("/Cdf/Synthetic/vax-floats", test_vax_floats);
  g_test_add_func ("/Cdf/Synthetic/non-record-varying", test_non_record_varying);
  g_test_add_func ("/Cdf/Synthetic/zero-records", test_zero_records);
  g_test_add_func ("/Cdf/Synthetic/majority", test_majority);

  return g_test_run ();
}
