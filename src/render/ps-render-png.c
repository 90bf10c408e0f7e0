/* ps-render-png.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A PNG writer for cairo image surfaces, used by export in place of
 * cairo_surface_write_to_png(): that one goes through libpng and zlib at
 * their default level with adaptive filtering, which took ~75–95 ms of a
 * 1600×900 figure, the largest part of a `plasmascope-cli render` of a
 * 10^5-sample line. Plots are mostly flat colour, so the "Up" filter and
 * a fast libdeflate level compress them about as well, several times
 * faster. Fully opaque images are written as RGB, others as RGBA
 * (un-premultiplied, rounding as cairo does), 8 bits per channel.
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <libdeflate.h>
#include <stdio.h>
#include <string.h>

#include "ps-render-private.h"

/* libdeflate level: 1 is fastest; past ~4 the files barely shrink for
 * plots while the time grows quickly. */
#define PNG_DEFLATE_LEVEL 2
#define IDAT_MAX          ((gsize) 1 << 20)

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

static gboolean
write_chunk (FILE          *f,
             const char    *type,
             const guint8  *data,
             gsize          size)
{
  guint8 head[8], tail[4];
  guint32 crc;

  put_be32 (head, (guint32) size);
  memcpy (head + 4, type, 4);
  crc = libdeflate_crc32 (0, head + 4, 4);
  if (size > 0) /* with NULL, libdeflate_crc32() returns its initial value */
    crc = libdeflate_crc32 (crc, data, size);
  put_be32 (tail, crc);
  return fwrite (head, 1, 8, f) == 8 &&
         (size == 0 || fwrite (data, 1, size, f) == size) &&
         fwrite (tail, 1, 4, f) == 4;
}

/* Rows of ARGB32 (native-endian, premultiplied) as filtered PNG scanlines
 * of @channels bytes per pixel ("Up" filter: each byte minus the one above). */
static guint8 *
scanlines (cairo_surface_t *surface,
           int              channels,
           gsize           *size)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  gsize row_bytes = (gsize) width * channels;
  g_autofree guint8 *prev = g_malloc0 (row_bytes);
  guint8 *cur = g_malloc (row_bytes);
  guint8 *out = g_malloc ((row_bytes + 1) * height);

  for (int y = 0; y < height; y++)
    {
      const guint32 *src = (const guint32 *) (data + (gsize) y * stride);
      guint8 *line = out + (row_bytes + 1) * y;
      guint8 *p = cur;

      for (int x = 0; x < width; x++)
        {
          guint32 argb = src[x];
          guint a = argb >> 24, r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;

          if (a != 255 && a != 0)
            {
              r = (r * 255 + a / 2) / a;
              g = (g * 255 + a / 2) / a;
              b = (b * 255 + a / 2) / a;
            }
          *p++ = r;
          *p++ = g;
          *p++ = b;
          if (channels == 4)
            *p++ = a;
        }
      line[0] = 2; /* Up */
      for (gsize k = 0; k < row_bytes; k++)
        line[1 + k] = cur[k] - prev[k];
      memcpy (prev, cur, row_bytes);
    }
  g_free (cur);
  *size = (row_bytes + 1) * height;
  return out;
}

static gboolean
is_opaque (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);

  if (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24)
    return TRUE;
  for (int y = 0; y < height; y++)
    {
      const guint32 *src = (const guint32 *) (data + (gsize) y * stride);
      guint32 all = 0xffffffffu;

      for (int x = 0; x < width; x++)
        all &= src[x];
      if ((all >> 24) != 0xff)
        return FALSE;
    }
  return TRUE;
}

/**
 * _ps_render_write_png:
 * @surface: an ARGB32 or RGB24 image surface
 *
 * Returns: %CAIRO_STATUS_SUCCESS, or the error, as
 *   cairo_surface_write_to_png() would
 */
cairo_status_t
_ps_render_write_png (cairo_surface_t *surface,
                      const char      *path)
{
  cairo_format_t format = cairo_image_surface_get_format (surface);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int channels;
  g_autofree guint8 *raw = NULL;
  g_autofree guint8 *packed = NULL;
  struct libdeflate_compressor *compressor;
  guint8 ihdr[13];
  gsize raw_size, packed_size, bound;
  gboolean ok;
  FILE *f;

  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return CAIRO_STATUS_INVALID_FORMAT;
  if (width <= 0 || height <= 0)
    return CAIRO_STATUS_INVALID_SIZE;
  cairo_surface_flush (surface);

  channels = is_opaque (surface) ? 3 : 4;
  raw = scanlines (surface, channels, &raw_size);
  compressor = libdeflate_alloc_compressor (PNG_DEFLATE_LEVEL);
  if (compressor == NULL)
    return CAIRO_STATUS_NO_MEMORY;
  bound = libdeflate_zlib_compress_bound (compressor, raw_size);
  packed = g_malloc (bound);
  packed_size = libdeflate_zlib_compress (compressor, raw, raw_size, packed, bound);
  libdeflate_free_compressor (compressor);
  if (packed_size == 0)
    return CAIRO_STATUS_NO_MEMORY;

  put_be32 (ihdr, width);
  put_be32 (ihdr + 4, height);
  ihdr[8] = 8;                        /* bits per channel */
  ihdr[9] = channels == 4 ? 6 : 2;    /* RGBA or RGB */
  ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filters, no interlace */

  if ((f = fopen (path, "wb")) == NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  ok = fwrite ("\x89PNG\r\n\x1a\n", 1, 8, f) == 8 &&
       write_chunk (f, "IHDR", ihdr, sizeof ihdr);
  /* The zlib stream in IDAT chunks of at most 1 MiB (a chunk's length
   * must stay below 2^31). */
  for (gsize at = 0; ok && at < packed_size; at += IDAT_MAX)
    ok = write_chunk (f, "IDAT", packed + at, MIN (IDAT_MAX, packed_size - at));
  ok = ok && write_chunk (f, "IEND", NULL, 0);
  if (fclose (f) != 0)
    ok = FALSE;
  return ok ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}
