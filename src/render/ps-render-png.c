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
 *
 * Large images are filtered and compressed in two halves on two threads:
 * the top half by zlib (raw deflate, ended by a sync flush: byte-aligned,
 * not final), the bottom half by libdeflate (a whole raw deflate stream,
 * final), so that the two concatenated, behind one zlib header and one
 * Adler-32, make one valid zlib stream. The bottom half never refers back
 * into the top one, which costs a little size at the seam. On a
 * 1600×900 figure zlib at level 1 is about as fast as libdeflate at
 * level 2 and its output ~30 % larger; each takes ~10 ms for its half.
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <libdeflate.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "ps-render-private.h"

/* libdeflate level: 1 is fastest; past ~4 the files barely shrink for
 * plots while the time grows quickly. */
#define PNG_DEFLATE_LEVEL 2
#define PNG_ZLIB_LEVEL    1
#define IDAT_MAX          ((gsize) 1 << 20)
/* Below this many bytes of scanlines, one thread does it all. */
#define PARALLEL_BYTES    ((gsize) 1 << 18)

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

/* Pixel row @y of @data as @channels bytes per pixel, un-premultiplied. */
static void
unpack_row (const guint8 *data,
            int           stride,
            int           width,
            int           y,
            int           channels,
            guint8       *out)
{
  const guint32 *src = (const guint32 *) (data + (gsize) y * stride);

  if (channels == 3)
    {
      for (int x = 0; x < width; x++)
        {
          guint32 rgb = src[x];

          out[0] = (guint8) (rgb >> 16);
          out[1] = (guint8) (rgb >> 8);
          out[2] = (guint8) rgb;
          out += 3;
        }
      return;
    }
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
      out[0] = (guint8) r;
      out[1] = (guint8) g;
      out[2] = (guint8) b;
      out[3] = (guint8) a;
      out += 4;
    }
}

/* Rows [@y0, @y1) of ARGB32 (native-endian, premultiplied) as filtered
 * PNG scanlines of @channels bytes per pixel ("Up" filter: each byte minus
 * the one above), into @out. */
static void
scanlines (cairo_surface_t *surface,
           int              channels,
           int              y0,
           int              y1,
           guint8          *out)
{
  int width = cairo_image_surface_get_width (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  gsize row_bytes = (gsize) width * channels;
  g_autofree guint8 *prev = g_malloc0 (row_bytes);
  g_autofree guint8 *cur = g_malloc (row_bytes);

  if (y0 > 0)
    unpack_row (data, stride, width, y0 - 1, channels, prev);
  for (int y = y0; y < y1; y++)
    {
      guint8 *line = out + (row_bytes + 1) * (y - y0);
      guint8 *swap;

      unpack_row (data, stride, width, y, channels, cur);
      line[0] = 2; /* Up */
      for (gsize k = 0; k < row_bytes; k++)
        line[1 + k] = cur[k] - prev[k];
      swap = prev;
      prev = cur;
      cur = swap;
    }
}

/* One horizontal band of the image, filtered and compressed. */
typedef struct
{
  cairo_surface_t *surface;
  int              channels;
  int              y0;
  int              y1;
  gboolean         last;     /* the final block; else ends byte-aligned */
  guint8          *packed;   /* raw deflate */
  gsize            packed_size;
  guint32          adler;    /* of this band's scanlines */
  gsize            raw_size;
  gboolean         ok;
} Band;

static gpointer
band_run (gpointer data)
{
  Band *band = data;
  int width = cairo_image_surface_get_width (band->surface);
  g_autofree guint8 *raw = NULL;

  band->raw_size = ((gsize) width * band->channels + 1) * (band->y1 - band->y0);
  raw = g_malloc (band->raw_size);
  scanlines (band->surface, band->channels, band->y0, band->y1, raw);
  band->adler = libdeflate_adler32 (1, raw, band->raw_size);

  if (band->last)
    {
      struct libdeflate_compressor *compressor = libdeflate_alloc_compressor (PNG_DEFLATE_LEVEL);
      gsize bound;

      if (compressor == NULL)
        return NULL;
      bound = libdeflate_deflate_compress_bound (compressor, band->raw_size);
      band->packed = g_malloc (bound);
      band->packed_size = libdeflate_deflate_compress (compressor, raw, band->raw_size,
                                                       band->packed, bound);
      libdeflate_free_compressor (compressor);
      band->ok = band->packed_size > 0;
    }
  else
    {
      z_stream z = { 0 };
      uLong bound;

      if (deflateInit2 (&z, PNG_ZLIB_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
      /* deflateBound() assumes Z_FINISH: room for the sync flush too. */
      bound = deflateBound (&z, band->raw_size) + 16;
      band->packed = g_malloc (bound);
      z.next_in = raw;
      z.avail_in = (uInt) band->raw_size;
      z.next_out = band->packed;
      z.avail_out = (uInt) bound;
      band->ok = deflate (&z, Z_SYNC_FLUSH) == Z_OK && z.avail_in == 0 && z.avail_out > 0;
      band->packed_size = z.total_out;
      deflateEnd (&z);
    }
  return NULL;
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
  Band bands[2] = { { 0 } };
  guint n_bands;
  GThread *thread = NULL;
  g_autofree guint8 *packed = NULL;
  int channels;
  guint8 ihdr[13];
  gsize packed_size;
  guint32 adler;
  gboolean ok;
  FILE *f;

  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return CAIRO_STATUS_INVALID_FORMAT;
  if (width <= 0 || height <= 0)
    return CAIRO_STATUS_INVALID_SIZE;
  /* Band sizes are given to zlib as uInt. */
  if (((gsize) width * 4 + 1) * height > G_MAXUINT32 / 2)
    return CAIRO_STATUS_INVALID_SIZE;
  cairo_surface_flush (surface);

  channels = is_opaque (surface) ? 3 : 4;
  n_bands = ((gsize) width * channels + 1) * height >= PARALLEL_BYTES && height >= 2 ? 2 : 1;
  for (guint i = 0; i < n_bands; i++)
    {
      bands[i].surface = surface;
      bands[i].channels = channels;
      bands[i].y0 = (int) ((gint64) height * i / n_bands);
      bands[i].y1 = (int) ((gint64) height * (i + 1) / n_bands);
      bands[i].last = i + 1 == n_bands;
    }
  if (n_bands == 2)
    thread = g_thread_try_new ("ps-png", band_run, &bands[1], NULL);
  band_run (&bands[0]);
  if (n_bands == 2)
    {
      if (thread != NULL)
        g_thread_join (thread);
      else
        band_run (&bands[1]);
    }

  ok = TRUE;
  for (guint i = 0; i < n_bands; i++)
    ok = ok && bands[i].ok;
  /* One zlib stream: header (deflate, 32 KiB window, fastest), the bands'
   * deflate data, the Adler-32 of all scanlines. */
  packed_size = 2 + 4;
  adler = bands[0].adler;
  for (guint i = 0; i < n_bands; i++)
    {
      packed_size += bands[i].packed_size;
      if (i > 0)
        adler = (guint32) adler32_combine (adler, bands[i].adler, (z_off_t) bands[i].raw_size);
    }
  if (ok)
    {
      gsize at = 2;

      packed = g_malloc (packed_size);
      packed[0] = 0x78;
      packed[1] = 0x01;
      for (guint i = 0; i < n_bands; i++)
        {
          memcpy (packed + at, bands[i].packed, bands[i].packed_size);
          at += bands[i].packed_size;
        }
      put_be32 (packed + at, adler);
    }
  for (guint i = 0; i < n_bands; i++)
    g_free (bands[i].packed);
  if (!ok)
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
