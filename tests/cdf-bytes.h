/* cdf-bytes.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing CDF v3 internal records byte by byte, for tests that build files
 * the writer never makes (Huffman blocks, sparse records, odd encodings).
 * Internal records are big-endian in every CDF.
 */
#pragma once

#include <glib.h>
#include <string.h>

static inline void
put32 (GByteArray *b,
       guint32     v)
{
  guint8 p[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (b, p, 4);
}

static inline void
put64 (GByteArray *b,
       guint64     v)
{
  put32 (b, (guint32) (v >> 32));
  put32 (b, (guint32) v);
}

static inline void
set64 (GByteArray *b,
       gsize       at,
       guint64     v)
{
  for (int i = 0; i < 8; i++)
    b->data[at + i] = (guint8) (v >> (56 - 8 * i));
}

static inline void
put_zeros (GByteArray *b,
           gsize       n)
{
  gsize at = b->len;

  g_byte_array_set_size (b, at + n);
  memset (b->data + at, 0, n);
}

/* A record starts with its size (patched by record_end) and its type. */
static inline gsize
record_begin (GByteArray *b,
              guint32     type)
{
  gsize at = b->len;

  put64 (b, 0);
  put32 (b, type);
  return at;
}

static inline void
record_end (GByteArray *b,
            gsize       at)
{
  set64 (b, at, b->len - at);
}
