/* ps-cdf-inflate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decompression of CDF blocks (whole file or one variable block).  The
 * caller always knows the exact decompressed size from the CDF records,
 * so output never grows beyond it: a block that would inflate further is
 * an error, which makes decompression bombs harmless.
 */
#include "config.h"

#define G_LOG_DOMAIN "ps-cdf"

#include <libdeflate.h>
#include <string.h>
#include <zlib.h>

#include "ps-cdf-private.h"

static gboolean
size_mismatch (const char *what,
               gsize       got,
               gsize       expected,
               GError    **error)
{
  g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
               "%s data decompressed to %s%" G_GSIZE_FORMAT " bytes, expected %" G_GSIZE_FORMAT,
               what, got >= expected ? "more than " : "", got, expected);
  return FALSE;
}

/* zlib handles what libdeflate refuses: concatenated gzip members, zlib
 * or raw streams, and trailing garbage after a complete stream. */
static gboolean
inflate_zlib (const guint8 *in,
              gsize         in_size,
              guint8       *out,
              gsize         out_size,
              GError      **error)
{
  z_stream zs;
  gsize produced = 0;
  int ret = Z_OK;

  memset (&zs, 0, sizeof zs);
  if (inflateInit2 (&zs, 15 + 32) != Z_OK)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT, "Cannot initialise zlib");
      return FALSE;
    }
  zs.next_in = (Bytef *) in;
  while (produced < out_size)
    {
      gsize in_left = in_size - (gsize) (zs.next_in - in);
      zs.avail_in = (uInt) MIN (in_left, G_MAXUINT32);
      zs.next_out = out + produced;
      zs.avail_out = (uInt) MIN (out_size - produced, G_MAXUINT32);
      ret = inflate (&zs, Z_NO_FLUSH);
      produced = (gsize) (zs.next_out - out);
      if (ret == Z_STREAM_END)
        {
          /* another gzip member may follow */
          in_left = in_size - (gsize) (zs.next_in - in);
          if (produced < out_size && in_left >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b)
            {
              inflateReset (&zs);
              continue;
            }
          break;
        }
      if (ret != Z_OK)
        break;
      if (zs.avail_in == 0 && in_left == 0)
        break;
    }
  inflateEnd (&zs);
  if (ret != Z_OK && ret != Z_STREAM_END)
    {
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
                   "GZIP data is corrupt (%s)", zs.msg ? zs.msg : "zlib error");
      return FALSE;
    }
  if (produced != out_size)
    return size_mismatch ("GZIP", produced, out_size, error);
  return TRUE;
}

/* One decompressor per thread, kept: blocks are read in parallel. */
static GPrivate decompressor_key = G_PRIVATE_INIT ((GDestroyNotify) libdeflate_free_decompressor);

static struct libdeflate_decompressor *
get_decompressor (void)
{
  struct libdeflate_decompressor *d = g_private_get (&decompressor_key);

  if (d == NULL)
    {
      d = libdeflate_alloc_decompressor ();
      g_private_set (&decompressor_key, d);
    }
  return d;
}

static gboolean
inflate_gzip (const guint8 *in,
              gsize         in_size,
              guint8       *out,
              gsize         out_size,
              GError      **error)
{
  struct libdeflate_decompressor *d = get_decompressor ();
  enum libdeflate_result res = LIBDEFLATE_BAD_DATA;
  size_t actual = 0;

  /* the exact output size is known: libdeflate inflates in one pass */
  if (d != NULL)
    {
      if (in_size >= 2 && in[0] == 0x1f && in[1] == 0x8b)
        res = libdeflate_gzip_decompress (d, in, in_size, out, out_size, &actual);
      else if (in_size >= 2 && (in[0] & 0x0f) == 8 && ((in[0] << 8) | in[1]) % 31 == 0)
        res = libdeflate_zlib_decompress (d, in, in_size, out, out_size, &actual);
    }
  if (res == LIBDEFLATE_SUCCESS && actual == out_size)
    return TRUE;
  if (res == LIBDEFLATE_INSUFFICIENT_SPACE)
    return size_mismatch ("GZIP", out_size, out_size, error);
  return inflate_zlib (in, in_size, out, out_size, error);
}

/* CDF's RLE only encodes runs of zero bytes: 0x00 followed by n stands for
 * n + 1 zeros; any other byte is itself. */
static gboolean
inflate_rle (const guint8 *in,
             gsize         in_size,
             guint8       *out,
             gsize         out_size,
             GError      **error)
{
  gsize o = 0;

  for (gsize i = 0; i < in_size && o < out_size; i++)
    {
      gsize run;

      if (in[i] != 0)
        {
          out[o++] = in[i];
          continue;
        }
      if (i + 1 >= in_size)
        {
          g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT, "RLE data ends inside a run");
          return FALSE;
        }
      run = (gsize) in[++i] + 1;
      if (run > out_size - o)
        return size_mismatch ("RLE", out_size + 1, out_size, error);
      memset (out + o, 0, run);
      o += run;
    }
  if (o != out_size)
    return size_mismatch ("RLE", o, out_size, error);
  return TRUE;
}

/* The most a compressed byte can stand for: a deflate stream reaches about
 * 1032:1, CDF's RLE codes at most 256 zeros in 2 bytes, a Huffman code is
 * at least one bit. A small header allowance covers tiny streams. */
static guint64
max_expansion (PsCdfCompression type)
{
  switch (type)
    {
    case PS_CDF_COMPRESSION_GZIP:
      return 1040;
    case PS_CDF_COMPRESSION_RLE:
      return 130;
    case PS_CDF_COMPRESSION_HUFFMAN:
    case PS_CDF_COMPRESSION_AHUFFMAN:
      return 8;
    case PS_CDF_COMPRESSION_NONE:
    default:
      return 1;
    }
}

gboolean
ps_cdf_check_expansion (PsCdfCompression type,
                        guint64          in_size,
                        guint64          out_size,
                        GError         **error)
{
  guint64 limit = in_size * max_expansion (type) + 1024;

  if (in_size > G_MAXUINT64 / 2048 || out_size <= limit)
    return TRUE;
  g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT,
               "%" G_GUINT64_FORMAT " %s-compressed bytes cannot hold the %" G_GUINT64_FORMAT
               " bytes they are declared to",
               in_size, ps_cdf_compression_name (type), out_size);
  return FALSE;
}

gboolean
ps_cdf_decompress (PsCdfCompression type,
                   const guint8    *in,
                   gsize            in_size,
                   guint8          *out,
                   gsize            out_size,
                   GError         **error)
{
  if (!ps_cdf_check_expansion (type, in_size, out_size, error))
    return FALSE;

  switch (type)
    {
    case PS_CDF_COMPRESSION_NONE:
      if (in_size < out_size)
        return size_mismatch ("Uncompressed", in_size, out_size, error);
      memcpy (out, in, out_size);
      return TRUE;
    case PS_CDF_COMPRESSION_GZIP:
      return inflate_gzip (in, in_size, out, out_size, error);
    case PS_CDF_COMPRESSION_RLE:
      return inflate_rle (in, in_size, out, out_size, error);
    case PS_CDF_COMPRESSION_HUFFMAN:
      return ps_cdf_huffman_decode (in, in_size, out, out_size, error);
    case PS_CDF_COMPRESSION_AHUFFMAN:
      return ps_cdf_ahuffman_decode (in, in_size, out, out_size, error);
    default:
      g_set_error (error, PS_CDF_ERROR, PS_CDF_ERROR_UNSUPPORTED,
                   "%s compression is not supported yet",
                   ps_cdf_compression_name (type));
      return FALSE;
    }
}
