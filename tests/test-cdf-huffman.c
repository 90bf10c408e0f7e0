/* test-cdf-huffman.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CDF Huffman (type 2) and adaptive Huffman (type 3) decompression.  No
 * sample file uses them, so this test carries its own encoders, written
 * from the CDF library's description of both schemes (Nelson's "The Data
 * Compression Book" programs), and a few streams worked out by hand.  The
 * encoders are deliberately plain: they share no code with the reader.
 */
#include "config.h"

#include <string.h>

#include "cdf-bytes.h"
#include "ps-cdf-private.h"

#define EOS     256
#define ESC     257

/* ------------------------------------------------------------ bit writer */

typedef struct
{
  GByteArray *out;
  guint       rack;
  guint       mask;
} BitWriter;

static void
bits_init (BitWriter  *w,
           GByteArray *out)
{
  *w = (BitWriter) { out, 0, 0x80 };
}

/* n bits of code, most significant first */
static void
bits_put (BitWriter *w,
          guint64    code,
          guint      n)
{
  while (n-- > 0)
    {
      if ((code >> n) & 1)
        w->rack |= w->mask;
      w->mask >>= 1;
      if (w->mask == 0)
        {
          guint8 byte = (guint8) w->rack;
          g_byte_array_append (w->out, &byte, 1);
          w->rack = 0;
          w->mask = 0x80;
        }
    }
}

static void
bits_flush (BitWriter *w)
{
  if (w->mask != 0x80)
    {
      guint8 byte = (guint8) w->rack;
      g_byte_array_append (w->out, &byte, 1);
    }
}

/* ---------------------------------------------------- static Huffman (2) */

typedef struct
{
  guint count;
  int   child[2];
} TNode;

static void
tree_codes (const TNode *nodes,
            int          node,
            guint64      code,
            guint        len,
            guint64     *codes,
            guint       *lens)
{
  if (node <= EOS)
    {
      g_assert_cmpuint (len, <=, 64);
      codes[node] = code;
      lens[node] = len;
      return;
    }
  tree_codes (nodes, nodes[node].child[0], code << 1, len + 1, codes, lens);
  tree_codes (nodes, nodes[node].child[1], (code << 1) | 1, len + 1, codes, lens);
}

static GByteArray *
huff_encode (const guint8 *in,
             gsize         n)
{
  GByteArray *out = g_byte_array_new ();
  TNode nodes[514] = { { 0 } };
  guint64 counts[256] = { 0 }, max = 0, scale, codes[257];
  guint lens[257];
  guint8 byte;
  BitWriter w;
  int next, first;

  for (gsize i = 0; i < n; i++)
    counts[in[i]]++;
  for (int i = 0; i < 256; i++)
    max = MAX (max, counts[i]);
  if (max == 0)
    counts[0] = max = 1;
  /* counts are scaled to fit a byte; a seen byte never drops to 0 */
  scale = max / 255 + 1;
  for (int i = 0; i < 256; i++)
    {
      nodes[i].count = (guint) (counts[i] / scale);
      if (nodes[i].count == 0 && counts[i] != 0)
        nodes[i].count = 1;
    }
  nodes[EOS].count = 1;

  /* runs of counts, split where at least four zeros follow each other;
   * the first run is always written, a first of 0 ends the table */
  first = 0;
  while (first < 255 && nodes[first].count == 0)
    first++;
  while (first < 256)
    {
      int last = first, zeros = 0;

      for (int i = first + 1; i < 256 && zeros < 4; i++)
        {
          if (nodes[i].count != 0)
            last = i, zeros = 0;
          else
            zeros++;
        }
      byte = (guint8) first;
      g_byte_array_append (out, &byte, 1);
      byte = (guint8) last;
      g_byte_array_append (out, &byte, 1);
      for (int i = first; i <= last; i++)
        {
          byte = (guint8) nodes[i].count;
          g_byte_array_append (out, &byte, 1);
        }
      first = last + 1;
      while (first < 256 && nodes[first].count == 0)
        first++;
    }
  byte = 0;
  g_byte_array_append (out, &byte, 1);

  /* join the two lightest live nodes, ties to the lower index */
  nodes[513].count = 0xffff;
  for (next = 257; ; next++)
    {
      int a = 513, b = 513;

      for (int i = 0; i < next; i++)
        {
          if (nodes[i].count == 0)
            continue;
          if (nodes[i].count < nodes[a].count)
            b = a, a = i;
          else if (nodes[i].count < nodes[b].count)
            b = i;
        }
      if (b == 513)
        break;
      nodes[next].count = nodes[a].count + nodes[b].count;
      nodes[next].child[0] = a;
      nodes[next].child[1] = b;
      nodes[a].count = nodes[b].count = 0;
    }
  tree_codes (nodes, next - 1, 0, 0, codes, lens);

  bits_init (&w, out);
  for (gsize i = 0; i < n; i++)
    bits_put (&w, codes[in[i]], lens[in[i]]);
  bits_put (&w, codes[EOS], lens[EOS]);
  bits_flush (&w);
  return out;
}

/* -------------------------------------------------- adaptive Huffman (3) */

typedef struct
{
  int  weight, parent, leaf, child;
} ANode;

typedef struct
{
  int   where[258];   /* node of each symbol, -1 if not yet seen */
  int   n;            /* nodes in use */
  ANode node[515];
} ATree;

static void
at_fix_links (ATree *t,
              int    i)
{
  if (t->node[i].leaf)
    t->where[t->node[i].child] = i;
  else
    t->node[t->node[i].child].parent = t->node[t->node[i].child + 1].parent = i;
}

static void
at_init (ATree *t)
{
  memset (t, 0, sizeof *t);
  for (int i = 0; i < 258; i++)
    t->where[i] = -1;
  t->node[0] = (ANode) { 2, -1, FALSE, 1 };
  t->node[1] = (ANode) { 1, 0, TRUE, EOS };
  t->node[2] = (ANode) { 1, 0, TRUE, ESC };
  t->where[EOS] = 1;
  t->where[ESC] = 2;
  t->n = 3;
}

static void
at_halve (ATree *t)
{
  ANode leaves[515];
  int n_leaves = 0, j;

  /* keep the leaves in order, halved, at the end of the table */
  for (int i = 0; i < t->n; i++)
    if (t->node[i].leaf)
      {
        leaves[n_leaves] = t->node[i];
        leaves[n_leaves].weight = (leaves[n_leaves].weight + 1) / 2;
        n_leaves++;
      }
  j = t->n - n_leaves;
  memcpy (&t->node[j], leaves, n_leaves * sizeof (ANode));
  j--;
  /* joins of the pairs from the end, each placed after the heavier ones */
  for (int pair = t->n - 2; j >= 0; pair -= 2, j--)
    {
      int weight = t->node[pair].weight + t->node[pair + 1].weight;
      int k = j;

      while (k + 1 < t->n && weight < t->node[k + 1].weight)
        {
          t->node[k] = t->node[k + 1];
          k++;
        }
      t->node[k] = (ANode) { weight, 0, FALSE, pair };
    }
  for (int i = 0; i < t->n; i++)
    at_fix_links (t, i);
  t->node[0].parent = -1;
}

static void
at_update (ATree *t,
           int    c)
{
  if (t->node[0].weight == 0x8000)
    at_halve (t);
  for (int i = t->where[c]; i != -1; i = t->node[i].parent)
    {
      int j = i;

      t->node[i].weight++;
      while (j > 0 && t->node[j - 1].weight < t->node[i].weight)
        j--;
      if (j != i)
        {
          ANode a = t->node[i], b = t->node[j];

          t->node[i] = b;
          t->node[i].parent = a.parent;
          t->node[j] = a;
          t->node[j].parent = b.parent;
          at_fix_links (t, i);
          at_fix_links (t, j);
          i = j;
        }
    }
}

static void
at_add (ATree *t,
        int    c)
{
  int light = t->n - 1;

  t->node[t->n] = t->node[light];
  t->node[t->n].parent = light;
  t->where[t->node[light].child] = t->n;
  t->node[t->n + 1] = (ANode) { 0, light, TRUE, c };
  t->where[c] = t->n + 1;
  t->node[light].leaf = FALSE;
  t->node[light].child = t->n;
  t->n += 2;
}

static void
at_emit (ATree     *t,
         BitWriter *w,
         int        c)
{
  guint64 code = 0;
  guint len = 0;

  /* the first of two siblings, at an odd index, is the 0 branch */
  for (int i = t->where[c] != -1 ? t->where[c] : t->where[ESC]; i != 0; i = t->node[i].parent)
    code |= (guint64) ((i & 1) == 0) << len++;
  bits_put (w, code, len);
  if (c < 256 && t->where[c] == -1)
    {
      bits_put (w, c, 8);
      at_add (t, c);
    }
}

static GByteArray *
ahuff_encode (const guint8 *in,
              gsize         n)
{
  GByteArray *out = g_byte_array_new ();
  g_autofree ATree *t = g_new (ATree, 1);
  BitWriter w;

  at_init (t);
  bits_init (&w, out);
  for (gsize i = 0; i < n; i++)
    {
      at_emit (t, &w, in[i]);
      at_update (t, in[i]);
    }
  at_emit (t, &w, EOS);
  bits_flush (&w);
  return out;
}

/* ----------------------------------------------------------------- tests */

static GByteArray *
encode (PsCdfCompression type,
        const guint8    *in,
        gsize            n)
{
  return type == PS_CDF_COMPRESSION_HUFFMAN ? huff_encode (in, n) : ahuff_encode (in, n);
}

static const PsCdfCompression schemes[] = { PS_CDF_COMPRESSION_HUFFMAN, PS_CDF_COMPRESSION_AHUFFMAN };

static void
assert_decodes (PsCdfCompression type,
                const guint8    *enc,
                gsize            enc_size,
                const guint8    *expected,
                gsize            n)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *out = g_malloc (n + 1);

  gboolean ok = ps_cdf_decompress (type, enc, enc_size, out, n, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpmem (out, n, expected, n);
}

static void
assert_corrupt (PsCdfCompression type,
                const guint8    *enc,
                gsize            enc_size,
                gsize            n)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *out = g_malloc (n + 1);

  g_assert_false (ps_cdf_decompress (type, enc, enc_size, out, n, &error));
  g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT);
}

/* Round trip, then every wrong expected size and every cut of the stream
 * (each cut removes part of the end-of-stream code) must be refused. */
static void
check_roundtrip (const guint8 *data,
                 gsize         n)
{
  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    {
      g_autoptr(GByteArray) enc = encode (schemes[s], data, n);
      gsize step = MAX (enc->len / 64, 1);

      assert_decodes (schemes[s], enc->data, enc->len, data, n);
      if (n > 0)
        assert_corrupt (schemes[s], enc->data, enc->len, n - 1);
      assert_corrupt (schemes[s], enc->data, enc->len, n + 1);
      for (gsize cut = 0; cut < enc->len; cut += step)
        assert_corrupt (schemes[s], enc->data, cut, n);
      assert_corrupt (schemes[s], enc->data, enc->len - 1, n);
      /* trailing bytes after the end code are ignored, as the library does */
      g_byte_array_append (enc, (const guint8 *) "\xff\x00", 2);
      assert_decodes (schemes[s], enc->data, enc->len, data, n);
    }
}

static void
test_empty (void)
{
  check_roundtrip (NULL, 0);
}

static void
test_one_byte (void)
{
  const guint8 values[] = { 0x00, 0x01, 0x61, 0x80, 0xff };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    check_roundtrip (&values[i], 1);
}

static void
test_all_equal (void)
{
  /* 100 000 symbols take the adaptive tree through three halvings */
  const gsize sizes[] = { 2, 1000, 100000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *data = g_malloc (sizes[i]);

      memset (data, 0x55, sizes[i]);
      check_roundtrip (data, sizes[i]);
      memset (data, 0, sizes[i]);
      check_roundtrip (data, sizes[i]);
    }
}

static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  gsize n = 64 * 1024;
  g_autofree guint8 *data = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) g_rand_int (rand);
  check_roundtrip (data, n);
  /* skewed: a geometric distribution gives long codes */
  for (gsize i = 0; i < n; i++)
    {
      guint k = 0;
      while (k < 40 && g_rand_boolean (rand))
        k++;
      data[i] = (guint8) (k * 37);
    }
  check_roundtrip (data, n);
  /* every byte value, in order */
  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) i;
  check_roundtrip (data, n);
}

static void
test_text (void)
{
  static const char text[] =
    "Common Data Format files hold scientific data as variables of records; "
    "the CDF library may compress each variable or the whole file with "
    "run-length, Huffman, adaptive Huffman or GZIP coding.\n";
  g_autoptr(GString) s = g_string_new (NULL);

  check_roundtrip ((const guint8 *) text, strlen (text));
  for (int i = 0; i < 200; i++)
    g_string_append_printf (s, "%d: %s", i, text);
  check_roundtrip ((const guint8 *) s->str, s->len);
}

/* Streams worked out by hand from the description of the schemes. */
static void
test_known_streams (void)
{
  /* table 'a'..'a' = 1; tree: a = 0, EOS = 1 */
  static const guint8 huff_a[] = { 0x61, 0x61, 0x01, 0x00, 0x40 };
  /* table 'a'..'b' = 1, 2; b = 0, a = 10, EOS = 11 */
  static const guint8 huff_abb[] = { 0x61, 0x62, 0x01, 0x02, 0x00, 0x8c };
  /* ESCAPE (1) 'a' (01100001), EOS (1) */
  static const guint8 ahuff_a[] = { 0xb0, 0xc0 };
  /* ESCAPE 'a', then 'a' is 01; after the swap EOS is 01 too */
  static const guint8 ahuff_aa[] = { 0xb0, 0xa8 };
  g_autoptr(GByteArray) e1 = huff_encode ((const guint8 *) "a", 1);
  g_autoptr(GByteArray) e2 = huff_encode ((const guint8 *) "abb", 3);
  g_autoptr(GByteArray) e3 = ahuff_encode ((const guint8 *) "a", 1);
  g_autoptr(GByteArray) e4 = ahuff_encode ((const guint8 *) "aa", 2);

  assert_decodes (PS_CDF_COMPRESSION_HUFFMAN, huff_a, sizeof huff_a, (const guint8 *) "a", 1);
  assert_decodes (PS_CDF_COMPRESSION_HUFFMAN, huff_abb, sizeof huff_abb, (const guint8 *) "abb", 3);
  assert_decodes (PS_CDF_COMPRESSION_AHUFFMAN, ahuff_a, sizeof ahuff_a, (const guint8 *) "a", 1);
  assert_decodes (PS_CDF_COMPRESSION_AHUFFMAN, ahuff_aa, sizeof ahuff_aa, (const guint8 *) "aa", 2);
  /* the test encoders agree with the hand-made streams */
  g_assert_cmpmem (e1->data, e1->len, huff_a, sizeof huff_a);
  g_assert_cmpmem (e2->data, e2->len, huff_abb, sizeof huff_abb);
  g_assert_cmpmem (e3->data, e3->len, ahuff_a, sizeof ahuff_a);
  g_assert_cmpmem (e4->data, e4->len, ahuff_aa, sizeof ahuff_aa);
}

static void
test_damaged (void)
{
  /* ESCAPE 'a', then ESCAPE (00) 'a' again: a known symbol sent as new */
  static const guint8 ahuff_dup[] = { 0xb0, 0x8c, 0x20 };
  /* a count table whose runs never end */
  static const guint8 huff_open[] = { 0x10, 0x20, 1, 2, 3 };
  /* all counts zero: the tree is END_OF_STREAM alone */
  static const guint8 huff_zero[] = { 0x00, 0x00, 0x00, 0x00, 0xff, 0xff };

  assert_corrupt (PS_CDF_COMPRESSION_AHUFFMAN, ahuff_dup, sizeof ahuff_dup, 2);
  assert_corrupt (PS_CDF_COMPRESSION_HUFFMAN, huff_open, sizeof huff_open, 4);
  assert_corrupt (PS_CDF_COMPRESSION_HUFFMAN, huff_zero, sizeof huff_zero, 4);
  assert_corrupt (PS_CDF_COMPRESSION_HUFFMAN, huff_zero, 1, 4);
  assert_corrupt (PS_CDF_COMPRESSION_HUFFMAN, NULL, 0, 0);
  assert_corrupt (PS_CDF_COMPRESSION_AHUFFMAN, NULL, 0, 0);
}

/* Random bytes and damaged streams: any outcome but a crash, a hang or an
 * error other than CORRUPT. */
static void
test_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  static const char text[] = "The quick brown fox jumps over the lazy dog, 0123456789 times.";
  guint8 buf[600], out[4096];

  for (int iter = 0; iter < 3000; iter++)
    {
      PsCdfCompression type = schemes[iter & 1];
      gsize len = g_rand_int_range (rand, 0, sizeof buf);
      gsize n = g_rand_int_range (rand, 0, sizeof out);
      g_autoptr(GError) error = NULL;

      if (iter % 3 == 0)
        {
          g_autoptr(GByteArray) enc = encode (type, (const guint8 *) text, sizeof text);

          len = MIN (enc->len, sizeof buf);
          memcpy (buf, enc->data, len);
          for (int f = 0; f <= iter % 4; f++)
            buf[g_rand_int_range (rand, 0, len)] ^= 1 << g_rand_int_range (rand, 0, 8);
          n = sizeof text;
        }
      else
        for (gsize i = 0; i < len; i++)
          buf[i] = (guint8) g_rand_int (rand);
      if (!ps_cdf_decompress (type, buf, len, out, n, &error))
        g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT);
    }
}

/* ------------------------------------------------- a CDF file around it */

static void
put_cpr (GByteArray      *b,
         PsCdfCompression type)
{
  gsize at = record_begin (b, PS_CDF_REC_CPR);

  put32 (b, type);
  put32 (b, 0);
  put32 (b, 1);
  put32 (b, 0);   /* OPTIMAL_ENCODING_TREES */
  record_end (b, at);
}

/* A v3 NETWORK-encoded file with one INT4 zVariable "h" of n records in
 * one block, compressed with type unless it is NONE; cut drops the last
 * bytes of the compressed block. */
static GByteArray *
build_file (PsCdfCompression type,
            const gint32    *values,
            gsize            n,
            gsize            cut)
{
  GByteArray *b = g_byte_array_new ();
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  gsize cdr, gdr, vdr, vxr, blk, name;

  for (gsize i = 0; i < n; i++)
    put32 (raw, (guint32) values[i]);

  put32 (b, 0xCDF30001);
  put32 (b, 0x0000FFFF);
  cdr = record_begin (b, PS_CDF_REC_CDR);
  put64 (b, 0);                       /* GDR, set below */
  put32 (b, 3);
  put32 (b, 9);
  put32 (b, 1);                       /* NETWORK */
  put32 (b, 3);                       /* row major, single file */
  put32 (b, 0);
  put32 (b, 0);
  put32 (b, 0);
  put32 (b, 0);
  put32 (b, 0xFFFFFFFF);
  put_zeros (b, 256);
  record_end (b, cdr);
  gdr = record_begin (b, PS_CDF_REC_GDR);
  set64 (b, cdr + 12, gdr);
  put64 (b, 0);                       /* rVDRhead */
  put64 (b, 0);                       /* zVDRhead, set below */
  put64 (b, 0);                       /* ADRhead */
  put64 (b, 0);                       /* eof, set below */
  put32 (b, 0);
  put32 (b, 0);
  put32 (b, 0xFFFFFFFF);
  put32 (b, 0);
  put32 (b, 1);                       /* one zVariable */
  put64 (b, 0);
  put32 (b, 0);
  put32 (b, 20170101);
  put32 (b, 0xFFFFFFFF);
  record_end (b, gdr);

  vdr = record_begin (b, PS_CDF_REC_ZVDR);
  set64 (b, gdr + 20, vdr);
  put64 (b, 0);
  put32 (b, PS_CDF_INT4);
  put32 (b, (guint32) n - 1);
  put64 (b, 0);                       /* VXRhead, VXRtail */
  put64 (b, 0);
  put32 (b, type != PS_CDF_COMPRESSION_NONE ? 5 : 1);
  put32 (b, 0);
  put32 (b, 0);
  put32 (b, 0xFFFFFFFF);
  put32 (b, 0xFFFFFFFF);
  put32 (b, 1);
  put32 (b, 0);
  put64 (b, 0xFFFFFFFFFFFFFFFF);      /* CPR, set below */
  put32 (b, 0);
  name = b->len;
  put_zeros (b, 256);
  b->data[name] = 'h';
  put32 (b, 0);                       /* no dimensions */
  record_end (b, vdr);

  vxr = record_begin (b, PS_CDF_REC_VXR);
  set64 (b, vdr + 28, vxr);
  set64 (b, vdr + 36, vxr);
  put64 (b, 0);
  put32 (b, 1);
  put32 (b, 1);
  put32 (b, 0);
  put32 (b, (guint32) n - 1);
  put64 (b, 0);
  record_end (b, vxr);

  if (type == PS_CDF_COMPRESSION_NONE)
    {
      blk = record_begin (b, PS_CDF_REC_VVR);
      g_byte_array_append (b, raw->data, raw->len);
    }
  else
    {
      g_autoptr(GByteArray) enc = encode (type, raw->data, raw->len);
      gsize size = enc->len - MIN (cut, enc->len);

      blk = record_begin (b, PS_CDF_REC_CVVR);
      put32 (b, 0);
      put64 (b, size);
      g_byte_array_append (b, enc->data, size);
    }
  record_end (b, blk);
  set64 (b, vxr + 36, blk);
  if (type != PS_CDF_COMPRESSION_NONE)
    {
      set64 (b, vdr + 72, b->len);
      put_cpr (b, type);
    }
  set64 (b, gdr + 36, b->len);
  return b;
}

/* The whole file after the magic numbers, compressed behind a CCR. */
static GByteArray *
compress_file (PsCdfCompression type,
               GByteArray      *plain,
               gsize            cut)
{
  GByteArray *b = g_byte_array_new ();
  g_autoptr(GByteArray) enc = encode (type, plain->data + 8, plain->len - 8);
  gsize ccr;

  g_byte_array_set_size (enc, enc->len - cut);

  put32 (b, 0xCDF30001);
  put32 (b, 0xCCCC0001);
  ccr = record_begin (b, PS_CDF_REC_CCR);
  put64 (b, 0);
  put64 (b, plain->len - 8);
  put32 (b, 0);
  g_byte_array_append (b, enc->data, enc->len);
  record_end (b, ccr);
  set64 (b, ccr + 12, b->len);
  put_cpr (b, type);
  return b;
}

static PsCdfFile *
open_array (GByteArray *b,
            GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (b->data, b->len);

  return ps_cdf_file_new_from_bytes (bytes, error);
}

static void
check_file (PsCdfFile        *file,
            PsCdfCompression  type,
            const gint32     *values,
            gsize             n)
{
  g_autoptr(GError) error = NULL;
  const PsCdfVariable *var = ps_cdf_file_lookup_variable (file, "h");
  g_autofree gint32 *all = NULL;
  gint32 part[10];
  gsize size = 0;

  g_assert_nonnull (var);
  g_assert_cmpint (var->compression, ==, type);
  g_assert_cmpint (var->n_records, ==, n);
  all = ps_cdf_variable_read_alloc (file, var, 0, n, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (all, size, values, n * sizeof (gint32));
  g_assert_true (ps_cdf_variable_read (file, var, 500, 10, part, sizeof part, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (part, sizeof part, values + 500, sizeof part);
}

static void
test_cdf_file (void)
{
  gint32 values[1000];

  for (int i = 0; i < 1000; i++)
    values[i] = (i * i) % 977 - 400;
  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) good = build_file (schemes[s], values, 1000, 0);
      g_autoptr(GByteArray) cut = build_file (schemes[s], values, 1000, 3);
      g_autoptr(GByteArray) plain = build_file (PS_CDF_COMPRESSION_NONE, values, 1000, 0);
      g_autoptr(GByteArray) whole = compress_file (schemes[s], plain, 0);
      g_autoptr(GByteArray) whole_cut = compress_file (schemes[s], plain, 5);
      g_autoptr(PsCdfFile) f1 = open_array (good, &error);
      g_autoptr(PsCdfFile) f2 = NULL;
      g_autoptr(PsCdfFile) f3 = NULL;
      g_autoptr(PsCdfFile) f4 = NULL;
      g_autofree gint32 *data = NULL;

      g_assert_no_error (error);
      check_file (f1, schemes[s], values, 1000);

      /* whole-file compression */
      f2 = open_array (whole, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ps_cdf_file_get_compression (f2), ==, schemes[s]);
      check_file (f2, PS_CDF_COMPRESSION_NONE, values, 1000);

      /* a truncated block opens (blocks are read lazily) but cannot be read */
      f3 = open_array (cut, &error);
      g_assert_no_error (error);
      data = ps_cdf_variable_read_alloc (f3, ps_cdf_file_lookup_variable (f3, "h"), 0, 1000, NULL, &error);
      g_assert_null (data);
      g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT);
      g_clear_error (&error);

      /* a truncated whole file does not open */
      f4 = open_array (whole_cut, &error);
      g_assert_null (f4);
      g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Cdf/Huffman/known-streams", test_known_streams);
  g_test_add_func ("/Cdf/Huffman/empty", test_empty);
  g_test_add_func ("/Cdf/Huffman/one-byte", test_one_byte);
  g_test_add_func ("/Cdf/Huffman/all-equal", test_all_equal);
  g_test_add_func ("/Cdf/Huffman/random", test_random);
  g_test_add_func ("/Cdf/Huffman/text", test_text);
  g_test_add_func ("/Cdf/Huffman/damaged", test_damaged);
  g_test_add_func ("/Cdf/Huffman/garbage", test_garbage);
  g_test_add_func ("/Cdf/Huffman/cdf-file", test_cdf_file);

  return g_test_run ();
}
