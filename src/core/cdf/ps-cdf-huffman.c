/* ps-cdf-huffman.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The two Huffman schemes of the CDF library (compression types 2 and 3),
 * which follow the programs in Mark Nelson's "The Data Compression Book".
 * Bits are read most significant first; both streams end with a 257th
 * END_OF_STREAM symbol.
 *
 * HUFF: a byte-aligned table of 8-bit counts, stored as runs
 * "first last count[first..last]" until a first of 0 (the first run is
 * always present), then the codes.  Both sides rebuild the tree from the
 * counts by repeatedly joining the two lightest live nodes, scanning in
 * index order with strict comparisons, so ties must break exactly as the
 * writer's did.
 *
 * AHUFF: no table.  The tree starts with END_OF_STREAM and ESCAPE and is
 * updated after each symbol, keeping the nodes sorted by falling weight;
 * a symbol seen for the first time is sent as ESCAPE plus 8 raw bits.
 * Weights are halved when the root reaches 0x8000.
 *
 * A stream must decode to exactly the expected size and then end; every
 * read is bounds-checked, each symbol consumes at least one bit, and the
 * output never grows past its buffer, so damaged data ends in an error.
 */
#include "config.h"

#define G_LOG_DOMAIN "ps-cdf"

#include <string.h>

#include "ps-cdf-private.h"

#define END_OF_STREAM  256
#define ESCAPE         257
#define N_SYMBOLS      258
#define HUFF_SENTINEL  513              /* a node heavier than any real one */
#define AHUFF_N_NODES  (N_SYMBOLS * 2 - 1)
#define AHUFF_ROOT     0
#define AHUFF_MAX_WEIGHT 0x8000

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         pos;
  guint         rack;
  guint         mask;   /* next bit of rack; 0 when a byte must be fetched */
} BitReader;

/* Returns 0 or 1, or -1 at the end of the input. */
static inline int
read_bit (BitReader *br)
{
  int bit;

  if (br->mask == 0)
    {
      if (br->pos >= br->size)
        return -1;
      br->rack = br->data[br->pos++];
      br->mask = 0x80;
    }
  bit = (br->rack & br->mask) != 0;
  br->mask >>= 1;
  return bit;
}

static gboolean
corrupt (GError    **error,
         const char *scheme,
         const char *what)
{
  g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT, "%s data is corrupt: %s", scheme, what);
  return FALSE;
}

static gboolean
wrong_size (GError    **error,
            const char *scheme,
            gboolean    longer,
            gsize       got,
            gsize       expected)
{
  g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
               "%s data decompressed to %s%" G_GSIZE_FORMAT " bytes, expected %" G_GSIZE_FORMAT,
               scheme, longer ? "more than " : "", got, expected);
  return FALSE;
}

/* ------------------------------------------------------------------ HUFF */

typedef struct
{
  guint  count;
  gint16 child_0;
  gint16 child_1;
} HuffNode;

/* Joins the two lightest live nodes until one is left, which is returned.
 * Counts are at most 255 per leaf, so sums stay below the sentinel. */
static int
huff_build_tree (HuffNode *nodes)
{
  int next;

  nodes[HUFF_SENTINEL].count = 0xffff;
  for (next = END_OF_STREAM + 1; next < HUFF_SENTINEL; next++)
    {
      int min_1 = HUFF_SENTINEL, min_2 = HUFF_SENTINEL;

      for (int i = 0; i < next; i++)
        {
          if (nodes[i].count == 0)
            continue;
          if (nodes[i].count < nodes[min_1].count)
            {
              min_2 = min_1;
              min_1 = i;
            }
          else if (nodes[i].count < nodes[min_2].count)
            min_2 = i;
        }
      if (min_2 == HUFF_SENTINEL)
        break;
      nodes[next].count = nodes[min_1].count + nodes[min_2].count;
      nodes[next].child_0 = (gint16) min_1;
      nodes[next].child_1 = (gint16) min_2;
      nodes[min_1].count = 0;
      nodes[min_2].count = 0;
    }
  return next - 1;
}

gboolean
ps_cdf_huffman_decode (const guint8 *in,
                       gsize         in_size,
                       guint8       *out,
                       gsize         out_size,
                       GError      **error)
{
  g_autofree HuffNode *nodes = g_new0 (HuffNode, HUFF_SENTINEL + 1);
  BitReader br = { in, in_size, 0, 0, 0 };
  guint first, last;
  gsize o = 0;
  int root;

  if (in_size < 2)
    return corrupt (error, "Huffman", "the count table is truncated");
  first = in[br.pos++];
  last = in[br.pos++];
  for (;;)
    {
      for (guint i = first; i <= last; i++)
        {
          if (br.pos >= in_size)
            return corrupt (error, "Huffman", "the count table is truncated");
          nodes[i].count = in[br.pos++];
        }
      if (br.pos >= in_size)
        return corrupt (error, "Huffman", "the count table is truncated");
      first = in[br.pos++];
      if (first == 0)
        break;
      if (br.pos >= in_size)
        return corrupt (error, "Huffman", "the count table is truncated");
      last = in[br.pos++];
    }
  nodes[END_OF_STREAM].count = 1;

  /* A writer always counts at least one byte besides END_OF_STREAM, so
   * the root is a join; a lone leaf would decode nothing but garbage. */
  root = huff_build_tree (nodes);
  if (root <= END_OF_STREAM)
    return corrupt (error, "Huffman", "the count table is empty");

  for (;;)
    {
      int node = root;

      /* children always have lower indices: the walk ends */
      while (node > END_OF_STREAM)
        {
          int bit = read_bit (&br);

          if (bit < 0)
            return corrupt (error, "Huffman", "the data ends before the end-of-stream code");
          node = bit ? nodes[node].child_1 : nodes[node].child_0;
        }
      if (node == END_OF_STREAM)
        break;
      if (o == out_size)
        return wrong_size (error, "Huffman", TRUE, out_size, out_size);
      out[o++] = (guint8) node;
    }
  if (o != out_size)
    return wrong_size (error, "Huffman", FALSE, o, out_size);
  return TRUE;
}

/* ----------------------------------------------------------------- AHUFF */

typedef struct
{
  guint16  weight;
  gint16   parent;
  gboolean is_leaf;
  gint16   child;    /* symbol of a leaf, else the first of two siblings */
} AhuffNode;

typedef struct
{
  gint16    leaf[N_SYMBOLS];   /* node of each symbol, or -1 */
  int       next_free;
  AhuffNode nodes[AHUFF_N_NODES];
} AhuffTree;

static void
ahuff_init (AhuffTree *t)
{
  t->nodes[AHUFF_ROOT] = (AhuffNode) { 2, -1, FALSE, AHUFF_ROOT + 1 };
  t->nodes[AHUFF_ROOT + 1] = (AhuffNode) { 1, AHUFF_ROOT, TRUE, END_OF_STREAM };
  t->nodes[AHUFF_ROOT + 2] = (AhuffNode) { 1, AHUFF_ROOT, TRUE, ESCAPE };
  for (int i = 0; i < END_OF_STREAM; i++)
    t->leaf[i] = -1;
  t->leaf[END_OF_STREAM] = AHUFF_ROOT + 1;
  t->leaf[ESCAPE] = AHUFF_ROOT + 2;
  t->next_free = AHUFF_ROOT + 3;
}

/* Points whoever refers to the subtree now held by node at its new place. */
static void
ahuff_relink (AhuffTree *t,
              int        node)
{
  const AhuffNode *n = &t->nodes[node];

  if (n->is_leaf)
    t->leaf[n->child] = (gint16) node;
  else
    t->nodes[n->child].parent = t->nodes[n->child + 1].parent = (gint16) node;
}

/* Exchanges the subtrees under i and j; each keeps its place's parent. */
static void
ahuff_swap (AhuffTree *t,
            int        i,
            int        j)
{
  AhuffNode tmp = t->nodes[i];
  gint16 parent_i = t->nodes[i].parent;

  t->nodes[i] = t->nodes[j];
  t->nodes[i].parent = parent_i;
  tmp.parent = t->nodes[j].parent;
  t->nodes[j] = tmp;
  ahuff_relink (t, i);
  ahuff_relink (t, j);
}

/* Halves every weight (rounding up) and rebuilds the tree: the leaves,
 * kept in order, move to the end, then each new join of the two last
 * unjoined nodes is inserted where the falling weight order wants it. */
static void
ahuff_rebuild (AhuffTree *t)
{
  int j = t->next_free - 1;

  for (int i = j; i >= AHUFF_ROOT; i--)
    if (t->nodes[i].is_leaf)
      {
        t->nodes[j] = t->nodes[i];
        t->nodes[j].weight = (guint16) ((t->nodes[j].weight + 1) / 2);
        j--;
      }
  for (int i = t->next_free - 2; j >= AHUFF_ROOT; i -= 2, j--)
    {
      guint16 weight = (guint16) (t->nodes[i].weight + t->nodes[i + 1].weight);
      int k = j + 1;

      while (k < t->next_free && weight < t->nodes[k].weight)
        k++;
      k--;
      memmove (&t->nodes[j], &t->nodes[j + 1], (gsize) (k - j) * sizeof (AhuffNode));
      t->nodes[k].weight = weight;
      t->nodes[k].child = (gint16) i;
      t->nodes[k].is_leaf = FALSE;
    }
  for (int i = t->next_free - 1; i >= AHUFF_ROOT; i--)
    ahuff_relink (t, i);
  t->nodes[AHUFF_ROOT].parent = -1;
}

static void
ahuff_update (AhuffTree *t,
              int        c)
{
  int node;

  if (t->nodes[AHUFF_ROOT].weight == AHUFF_MAX_WEIGHT)
    ahuff_rebuild (t);
  for (node = t->leaf[c]; node != -1; node = t->nodes[node].parent)
    {
      int target = node;

      t->nodes[node].weight++;
      while (target > AHUFF_ROOT && t->nodes[target - 1].weight < t->nodes[node].weight)
        target--;
      if (target != node)
        {
          ahuff_swap (t, node, target);
          node = target;
        }
    }
}

/* Splits the lightest node, always a leaf, into itself and a new leaf of
 * weight 0 for c. */
static gboolean
ahuff_add (AhuffTree *t,
           int        c)
{
  int lightest = t->next_free - 1;
  int moved = t->next_free;
  int added = t->next_free + 1;

  if (t->leaf[c] != -1 || added >= AHUFF_N_NODES || !t->nodes[lightest].is_leaf)
    return FALSE;
  t->next_free += 2;
  t->nodes[moved] = t->nodes[lightest];
  t->nodes[moved].parent = (gint16) lightest;
  t->leaf[t->nodes[moved].child] = (gint16) moved;
  t->nodes[lightest].child = (gint16) moved;
  t->nodes[lightest].is_leaf = FALSE;
  t->nodes[added] = (AhuffNode) { 0, (gint16) lightest, TRUE, (gint16) c };
  t->leaf[c] = (gint16) added;
  return TRUE;
}

gboolean
ps_cdf_ahuffman_decode (const guint8 *in,
                        gsize         in_size,
                        guint8       *out,
                        gsize         out_size,
                        GError      **error)
{
  g_autofree AhuffTree *t = g_new0 (AhuffTree, 1);
  BitReader br = { in, in_size, 0, 0, 0 };
  gsize o = 0;

  ahuff_init (t);
  for (;;)
    {
      int node = AHUFF_ROOT;
      int c;

      /* the tree stays well formed (children after parents), so the
       * walk ends within the node count */
      while (!t->nodes[node].is_leaf)
        {
          int bit = read_bit (&br);

          if (bit < 0)
            return corrupt (error, "Adaptive Huffman", "the data ends before the end-of-stream code");
          node = t->nodes[node].child + bit;
        }
      c = t->nodes[node].child;
      if (c == END_OF_STREAM)
        break;
      if (c == ESCAPE)
        {
          c = 0;
          for (int b = 0; b < 8; b++)
            {
              int bit = read_bit (&br);

              if (bit < 0)
                return corrupt (error, "Adaptive Huffman", "the data ends inside a new symbol");
              c = (c << 1) | bit;
            }
          if (!ahuff_add (t, c))
            return corrupt (error, "Adaptive Huffman", "a known symbol is sent as new");
        }
      if (o == out_size)
        return wrong_size (error, "Adaptive Huffman", TRUE, out_size, out_size);
      out[o++] = (guint8) c;
      ahuff_update (t, c);
    }
  if (o != out_size)
    return wrong_size (error, "Adaptive Huffman", FALSE, o, out_size);
  return TRUE;
}
