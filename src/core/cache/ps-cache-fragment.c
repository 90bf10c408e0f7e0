/* ps-cache-fragment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes and reads the cache's fragment files; the format is described in
 * ps-cache-fragment.h. The reader trusts nothing: the CRC is checked first,
 * then every count against the bytes that remain. Large files are read
 * straight into the series' arrays instead: their header's counts are
 * checked against the file's length first (nothing larger than the file is
 * allocated), the CRC as the pieces arrive; a header in doubt makes the
 * reader read the file whole and parse it as above, so that the error is
 * the same.
 */

#define G_LOG_DOMAIN "ps-cache"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_CRC32_PCLMUL 1
#include <immintrin.h>
#endif

#include "ps-cache-fragment.h"

#define HEADER_SIZE  48
#define TRAILER_SIZE 4
#define NULL_STRING  G_MAXUINT32

static const guint8 magic[8] = { 'P', 'S', 'C', 'F', 'R', 'A', 'G', '\0' };

G_DEFINE_QUARK (ps-cache-fragment-error-quark, ps_cache_fragment_error)

/* Checksums */

#ifdef HAVE_CRC32_PCLMUL
#define PCLMUL_TARGET __attribute__ ((target ("pclmul,sse4.1")))

/* x × k folded onto the next 128 bits: the low halves' product plus the
 * high halves'. */
PCLMUL_TARGET static inline __m128i
fold_128 (__m128i x,
          __m128i k,
          __m128i next)
{
  return _mm_xor_si128 (_mm_xor_si128 (_mm_clmulepi64_si128 (x, k, 0x00),
                                       _mm_clmulepi64_si128 (x, k, 0x11)),
                        next);
}

/* zlib's CRC-32 (reflected, polynomial 0xEDB88320) by carry-less
 * multiplication, 64 bytes a step in four independent lanes: Gopal et al.,
 * "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ
 * Instruction" (Intel, 2009), with the constants of its appendix for this
 * polynomial. @crc is the inner state (the complement of zlib's value);
 * @size is at least 64 and a multiple of 16. Three to four times the speed
 * of zlib 1.2's tables, which were most of the time of reading a fragment
 * back. */
PCLMUL_TARGET static guint32
crc32_pclmul (guint32       crc,
              const guint8 *p,
              gsize         size)
{
  const __m128i k1k2 = _mm_set_epi64x (0x01c6e41596, 0x0154442bd4);
  const __m128i k3k4 = _mm_set_epi64x (0x00ccaa009e, 0x01751997d0);
  const __m128i k5 = _mm_set_epi64x (0, 0x0163cd6124);
  const __m128i poly = _mm_set_epi64x (0x01f7011641, 0x01db710641);
  const __m128i low32 = _mm_setr_epi32 (-1, 0, -1, 0);
  __m128i x1, x2, x3, x4, t;

  g_assert (size >= 64 && size % 16 == 0);

  x1 = _mm_xor_si128 (_mm_loadu_si128 ((const __m128i *) p), _mm_cvtsi32_si128 ((int) crc));
  x2 = _mm_loadu_si128 ((const __m128i *) (p + 16));
  x3 = _mm_loadu_si128 ((const __m128i *) (p + 32));
  x4 = _mm_loadu_si128 ((const __m128i *) (p + 48));
  p += 64;
  size -= 64;
  while (size >= 64)
    {
      x1 = fold_128 (x1, k1k2, _mm_loadu_si128 ((const __m128i *) p));
      x2 = fold_128 (x2, k1k2, _mm_loadu_si128 ((const __m128i *) (p + 16)));
      x3 = fold_128 (x3, k1k2, _mm_loadu_si128 ((const __m128i *) (p + 32)));
      x4 = fold_128 (x4, k1k2, _mm_loadu_si128 ((const __m128i *) (p + 48)));
      p += 64;
      size -= 64;
    }

  /* the four lanes into one, then the last blocks of 16 */
  x1 = fold_128 (x1, k3k4, x2);
  x1 = fold_128 (x1, k3k4, x3);
  x1 = fold_128 (x1, k3k4, x4);
  for (; size >= 16; p += 16, size -= 16)
    x1 = fold_128 (x1, k3k4, _mm_loadu_si128 ((const __m128i *) p));

  /* 128 bits to 64, to 32, then Barrett's reduction */
  t = _mm_clmulepi64_si128 (x1, k3k4, 0x10);
  x1 = _mm_xor_si128 (_mm_srli_si128 (x1, 8), t);
  t = _mm_srli_si128 (x1, 4);
  x1 = _mm_xor_si128 (_mm_clmulepi64_si128 (_mm_and_si128 (x1, low32), k5, 0x00), t);
  t = _mm_clmulepi64_si128 (_mm_and_si128 (x1, low32), poly, 0x10);
  t = _mm_clmulepi64_si128 (_mm_and_si128 (t, low32), poly, 0x00);
  x1 = _mm_xor_si128 (x1, t);
  return (guint32) _mm_extract_epi32 (x1, 1);
}

static gboolean
have_pclmul (void)
{
  return __builtin_cpu_supports ("pclmul") && __builtin_cpu_supports ("sse4.1");
}
#endif

/**
 * ps_cache_fragment_crc32:
 * @crc: the CRC-32 of the bytes before, 0 to start
 * @data: (array length=size): the next bytes
 *
 * zlib's crc32(), with the same values, but by carry-less multiplication
 * on x86-64 processors that have it (three to four times faster) and with
 * no limit on @size.
 *
 * Returns: the CRC-32 of the bytes before and @data
 */
guint32
ps_cache_fragment_crc32 (guint32       crc,
                         const guint8 *data,
                         gsize         size)
{
  g_return_val_if_fail (data != NULL || size == 0, crc);

#ifdef HAVE_CRC32_PCLMUL
  if (size >= 64 && have_pclmul ())
    {
      gsize bulk = size & ~(gsize) 15;

      crc = ~crc32_pclmul (~crc, data, bulk);
      data += bulk;
      size -= bulk;
    }
#endif
  /* zlib takes uInt lengths: feed large buffers in pieces */
  while (size > 0)
    {
      gsize piece = MIN (size, (gsize) 1 << 30);

      crc = (guint32) crc32 (crc, data, (uInt) piece);
      data += piece;
      size -= piece;
    }
  return crc;
}

/* Writing */

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

static void
put_u64 (GByteArray *out,
         guint64     v)
{
  guint64 le = GUINT64_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 8);
}

static void
put_string (GByteArray *out,
            const char *text)
{
  gsize len;

  if (text == NULL)
    {
      put_u32 (out, NULL_STRING);
      return;
    }
  len = strlen (text);
  g_assert (len < NULL_STRING);
  put_u32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) text, len);
}

static gsize
bins_count (PsBinsKind kind,
            gsize      n,
            guint      m)
{
  switch (kind)
    {
    case PS_BINS_CONSTANT:
      return m;
    case PS_BINS_VARYING:
      return n * m;
    case PS_BINS_NONE:
    default:
      return 0;
    }
}

/* A fragment file in pieces, so that it is written without a copy of its
 * arrays: the header, then the times, values and bins (the series' own
 * memory on little-endian hosts; copied into the header elsewhere), then
 * the strings and the CRC-32. */
typedef struct
{
  GByteArray   *head;
  const guint8 *arrays[3];
  gsize         array_sizes[3];
  GByteArray   *tail;
} Pieces;

static void
pieces_clear (Pieces *pieces)
{
  g_clear_pointer (&pieces->head, g_byte_array_unref);
  g_clear_pointer (&pieces->tail, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pieces, pieces_clear)

static void
put_words (Pieces       *pieces,
           guint         i,
           gconstpointer words,
           gsize         count)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  pieces->arrays[i] = words;
  pieces->array_sizes[i] = count * 8;
#else
  const guint8 *p = words;

  (void) i;
  for (gsize k = 0; k < count; k++)
    {
      guint64 bits;

      memcpy (&bits, p + 8 * k, 8);
      put_u64 (pieces->head, bits);
    }
#endif
}

static void
pieces_init (Pieces   *pieces,
             PsSeries *series)
{
  gsize n, nb;
  guint m;
  const char * const *keys;
  guint n_meta;
  guint64 total;
  guint32 crc;

  n = ps_series_get_n (series);
  m = ps_series_get_m (series);
  nb = bins_count (ps_series_get_bins_kind (series), n, m);
  keys = ps_series_get_meta_keys (series);
  n_meta = keys != NULL ? g_strv_length ((char **) keys) : 0;

  memset (pieces, 0, sizeof *pieces);
  pieces->head = g_byte_array_sized_new (HEADER_SIZE);
  g_byte_array_append (pieces->head, magic, sizeof magic);
  put_u32 (pieces->head, PS_CACHE_FRAGMENT_VERSION);
  put_u32 (pieces->head, 0);
  put_u64 (pieces->head, n);
  put_u32 (pieces->head, m);
  {
    guint8 kinds[4] = { (guint8) ps_series_get_display_kind (series),
                        (guint8) ps_series_get_bins_kind (series), 0, 0 };

    g_byte_array_append (pieces->head, kinds, 4);
  }
  put_u32 (pieces->head, n_meta);
  put_u32 (pieces->head, 0);
  put_u64 (pieces->head, 0); /* total length, patched below */

  /* PsTime is an int64: written as its two's complement bits */
  put_words (pieces, 0, ps_series_get_times (series), n);
  put_words (pieces, 1, ps_series_get_values (series), n * m);
  put_words (pieces, 2, ps_series_get_bins (series), nb);

  pieces->tail = g_byte_array_sized_new (256);
  put_string (pieces->tail, ps_series_get_name (series));
  put_string (pieces->tail, ps_series_get_units (series));
  put_string (pieces->tail, ps_series_get_bins_units (series));
  put_string (pieces->tail, ps_series_get_bins_label (series));
  for (guint j = 0; j < m; j++)
    put_string (pieces->tail, ps_series_get_label (series, j));
  for (guint k = 0; k < n_meta; k++)
    {
      put_string (pieces->tail, keys[k]);
      put_string (pieces->tail, ps_series_get_meta (series, keys[k]));
    }

  total = (guint64) pieces->head->len + pieces->tail->len + TRAILER_SIZE;
  for (guint i = 0; i < G_N_ELEMENTS (pieces->arrays); i++)
    total += pieces->array_sizes[i];
  total = GUINT64_TO_LE (total);
  memcpy (pieces->head->data + 40, &total, 8);

  crc = ps_cache_fragment_crc32 (0, pieces->head->data, pieces->head->len);
  for (guint i = 0; i < G_N_ELEMENTS (pieces->arrays); i++)
    crc = ps_cache_fragment_crc32 (crc, pieces->arrays[i], pieces->array_sizes[i]);
  crc = ps_cache_fragment_crc32 (crc, pieces->tail->data, pieces->tail->len);
  put_u32 (pieces->tail, crc);
}

/**
 * ps_cache_fragment_serialize:
 * @series: any series (a slice is written as its own rows only)
 *
 * Returns: (transfer full): the whole fragment file
 */
GBytes *
ps_cache_fragment_serialize (PsSeries *series)
{
  g_auto(Pieces) pieces = { 0 };
  GByteArray *out;
  gsize size;

  g_return_val_if_fail (series != NULL, NULL);

  pieces_init (&pieces, series);
  size = pieces.head->len + pieces.tail->len;
  for (guint i = 0; i < G_N_ELEMENTS (pieces.arrays); i++)
    size += pieces.array_sizes[i];

  out = g_byte_array_sized_new ((guint) size);
  g_byte_array_append (out, pieces.head->data, pieces.head->len);
  for (guint i = 0; i < G_N_ELEMENTS (pieces.arrays); i++)
    if (pieces.array_sizes[i] > 0)
      g_byte_array_append (out, pieces.arrays[i], (guint) pieces.array_sizes[i]);
  g_byte_array_append (out, pieces.tail->data, pieces.tail->len);

  return g_byte_array_free_to_bytes (out);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         size)
{
  while (size > 0)
    {
      gssize w = write (fd, data, MIN (size, (gsize) G_MAXSSIZE));

      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        {
          if (w == 0)
            errno = EIO;
          return FALSE;
        }
      data += w;
      size -= (gsize) w;
    }
  return TRUE;
}

/**
 * ps_cache_fragment_write:
 * @fd: a file open for writing, positioned at its start
 * @flags: %PS_CACHE_FRAGMENT_WRITE_SYNC to fsync the file before returning
 * @out_size: (out) (optional): the bytes written
 *
 * Writes the fragment of @series, straight from the series' arrays.
 */
gboolean
ps_cache_fragment_write (PsSeries                   *series,
                         int                         fd,
                         PsCacheFragmentWriteFlags   flags,
                         gsize                      *out_size,
                         GError                    **error)
{
  g_auto(Pieces) pieces = { 0 };
  gsize size;

  g_return_val_if_fail (series != NULL, FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pieces_init (&pieces, series);
  if (!write_all (fd, pieces.head->data, pieces.head->len))
    goto failed;
  size = pieces.head->len;
  for (guint i = 0; i < G_N_ELEMENTS (pieces.arrays); i++)
    {
      if (!write_all (fd, pieces.arrays[i], pieces.array_sizes[i]))
        goto failed;
      size += pieces.array_sizes[i];
    }
  if (!write_all (fd, pieces.tail->data, pieces.tail->len))
    goto failed;
  size += pieces.tail->len;
  if ((flags & PS_CACHE_FRAGMENT_WRITE_SYNC) != 0 && fsync (fd) != 0)
    goto failed;

  if (out_size != NULL)
    *out_size = size;
  return TRUE;

failed:
  {
    int saved = errno;

    g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_IO,
                 _("Could not write a cache fragment: %s"), g_strerror (saved));
  }
  return FALSE;
}

/**
 * ps_cache_fragment_write_fd:
 * @fd: a file open for writing, positioned at its start
 * @out_size: (out) (optional): the bytes written
 *
 * Writes the fragment of @series and flushes it to the disk (fsync):
 * ps_cache_fragment_write() with %PS_CACHE_FRAGMENT_WRITE_SYNC.
 */
gboolean
ps_cache_fragment_write_fd (PsSeries  *series,
                            int        fd,
                            gsize     *out_size,
                            GError   **error)
{
  return ps_cache_fragment_write (series, fd, PS_CACHE_FRAGMENT_WRITE_SYNC, out_size, error);
}

/* Reading */

typedef struct
{
  const guint8 *p;
  gsize         left;
} Reader;

static guint32
get_u32 (Reader *r)
{
  guint32 v;

  g_assert (r->left >= 4);
  memcpy (&v, r->p, 4);
  r->p += 4;
  r->left -= 4;
  return GUINT32_FROM_LE (v);
}

static guint64
get_u64 (Reader *r)
{
  guint64 v;

  g_assert (r->left >= 8);
  memcpy (&v, r->p, 8);
  r->p += 8;
  r->left -= 8;
  return GUINT64_FROM_LE (v);
}

/* @count 64-bit words (times or doubles) into @dest */
static void
get_words (Reader   *r,
           gpointer  dest,
           gsize     count)
{
  g_assert (r->left / 8 >= count);
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if (count > 0)
    memcpy (dest, r->p, count * 8);
  r->p += count * 8;
  r->left -= count * 8;
#else
  for (gsize i = 0; i < count; i++)
    {
      guint64 bits = get_u64 (r);

      memcpy ((guint8 *) dest + 8 * i, &bits, 8);
    }
#endif
}

static gboolean
corrupt (GError     **error,
         const char  *what)
{
  g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_CORRUPT,
               _("The cache fragment is corrupt: %s"), what);
  return FALSE;
}

/* *out is NULL for the NULL string; otherwise newly allocated */
static gboolean
get_string (Reader  *r,
            char   **out,
            GError **error)
{
  guint32 len;

  *out = NULL;
  if (r->left < 4)
    return corrupt (error, _("a string runs past the end"));
  len = get_u32 (r);
  if (len == NULL_STRING)
    return TRUE;
  if (len > r->left)
    return corrupt (error, _("a string runs past the end"));
  if (memchr (r->p, '\0', len) != NULL)
    return corrupt (error, _("a string contains a NUL byte"));
  *out = g_strndup ((const char *) r->p, len);
  r->p += len;
  r->left -= len;
  return TRUE;
}

static gboolean
get_labels (Reader   *r,
            guint     m,
            char   ***out,
            GError  **error)
{
  g_autoptr(GPtrArray) labels = NULL;

  *out = NULL;
  /* each label takes at least its 4-byte length */
  if (m > r->left / 4)
    return corrupt (error, _("more labels than the file can hold"));
  labels = g_ptr_array_new_full (m + 1, g_free);
  for (guint j = 0; j < m; j++)
    {
      char *label = NULL;

      if (!get_string (r, &label, error))
        return FALSE;
      if (label == NULL)
        return corrupt (error, _("a label is missing"));
      g_ptr_array_add (labels, label);
    }
  g_ptr_array_add (labels, NULL);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&labels), FALSE);
  return TRUE;
}

static gboolean
get_meta (Reader           *r,
          guint32           n_meta,
          PsSeriesBuilder  *builder,
          GError          **error)
{
  g_autoptr(GHashTable) seen = NULL;

  if (n_meta > r->left / 8)
    return corrupt (error, _("more metadata than the file can hold"));
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint32 k = 0; k < n_meta; k++)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (!get_string (r, &key, error) || !get_string (r, &value, error))
        return FALSE;
      if (key == NULL || value == NULL)
        return corrupt (error, _("a metadata entry is missing"));
      if (!g_hash_table_add (seen, g_strdup (key)))
        return corrupt (error, _("a metadata key appears twice"));
      ps_series_builder_set_meta (builder, key, value);
    }
  return TRUE;
}

/* What the header says, checked against the file's length. */
typedef struct
{
  guint64 n;
  guint32 m;
  guint32 n_meta;
  guint8  display;
  guint8  bins;
  guint64 nb;           /* bins values */
  guint64 array_bytes;  /* times, values and bins */
} Header;

/* The checks that come before the checksum's: the magic, the version and
 * the length. @data holds the first MIN (@size, HEADER_SIZE) bytes of a
 * file of @size bytes. */
static gboolean
check_frame (const guint8  *data,
             gsize          size,
             GError       **error)
{
  guint32 version;
  guint64 total;

  if (size < sizeof magic || memcmp (data, magic, sizeof magic) != 0)
    {
      g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_MAGIC,
                   _("This is not a Plasmascope cache fragment"));
      return FALSE;
    }
  if (size < HEADER_SIZE + TRAILER_SIZE)
    {
      g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_TRUNCATED,
                   _("The cache fragment is truncated (%lu bytes)"), (unsigned long) size);
      return FALSE;
    }
  memcpy (&version, data + 8, 4);
  version = GUINT32_FROM_LE (version);
  if (version != PS_CACHE_FRAGMENT_VERSION)
    {
      g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_VERSION,
                   _("The cache fragment has format version %u, this program reads version %u"),
                   version, PS_CACHE_FRAGMENT_VERSION);
      return FALSE;
    }
  memcpy (&total, data + 40, 8);
  total = GUINT64_FROM_LE (total);
  if (total != size)
    {
      g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_TRUNCATED,
                   _("The cache fragment should be %llu bytes long but is %lu"),
                   (unsigned long long) total, (unsigned long) size);
      return FALSE;
    }
  return TRUE;
}

/* The header's fields, after check_frame(): every count must fit in the
 * file, so that nothing large is allocated for a corrupt one. */
static gboolean
read_header (const guint8  *data,
             gsize          size,
             Header        *h,
             GError       **error)
{
  Reader r = { data + 12, HEADER_SIZE - 12 };
  guint64 nm = 0, count = 0;

  memset (h, 0, sizeof *h);
  if (get_u32 (&r) != 0)
    return corrupt (error, _("unknown flags"));
  h->n = get_u64 (&r);
  h->m = get_u32 (&r);
  h->display = r.p[0];
  h->bins = r.p[1];
  if (r.p[2] != 0 || r.p[3] != 0)
    return corrupt (error, _("reserved bytes are set"));
  r.p += 4;
  r.left -= 4;
  h->n_meta = get_u32 (&r);
  if (get_u32 (&r) != 0)
    return corrupt (error, _("reserved bytes are set"));

  if (h->display > PS_DISPLAY_SPECTROGRAM)
    return corrupt (error, _("unknown display kind"));
  if (h->bins > PS_BINS_VARYING)
    return corrupt (error, _("unknown bins kind"));
  if (h->bins != PS_BINS_NONE && h->m == 0)
    return corrupt (error, _("bins without components"));
  if (h->n > 0 && h->m == 0)
    return corrupt (error, _("rows without components"));

  if (h->bins == PS_BINS_CONSTANT)
    h->nb = h->m;
  else if (h->bins == PS_BINS_VARYING && !g_uint64_checked_mul (&h->nb, h->n, h->m))
    return corrupt (error, _("absurd sizes"));
  if (!g_uint64_checked_mul (&nm, h->n, h->m)
      || !g_uint64_checked_add (&count, h->n, nm)
      || !g_uint64_checked_add (&count, count, h->nb)
      || !g_uint64_checked_mul (&h->array_bytes, count, 8)
      || h->array_bytes > size - HEADER_SIZE - TRAILER_SIZE)
    return corrupt (error, _("the arrays are larger than the file"));
  return TRUE;
}

/* The strings after the arrays, then the series. */
static PsSeries *
finish (PsSeriesBuilder  *builder,
        Reader           *r,
        const Header     *h,
        GError          **error)
{
  g_autofree char *name = NULL;
  g_autofree char *units = NULL;
  g_autofree char *bins_units = NULL;
  g_autofree char *bins_label = NULL;
  g_auto(GStrv) labels = NULL;

  if (!get_string (r, &name, error)
      || !get_string (r, &units, error)
      || !get_string (r, &bins_units, error)
      || !get_string (r, &bins_label, error)
      || !get_labels (r, h->m, &labels, error)
      || !get_meta (r, h->n_meta, builder, error))
    return NULL;
  if (r->left != 0)
    return corrupt (error, _("unexpected bytes after the contents")), NULL;

  ps_series_builder_set_name (builder, name);
  ps_series_builder_set_units (builder, units);
  ps_series_builder_set_bins_units (builder, bins_units);
  ps_series_builder_set_bins_label (builder, bins_label);
  if (h->m > 0)
    ps_series_builder_set_labels (builder, (const char * const *) labels);
  ps_series_builder_set_display_kind (builder, (PsDisplayKind) h->display);

  return ps_series_builder_end (builder, error);
}

static void
checksum_error (GError **error)
{
  g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_CHECKSUM,
               _("The cache fragment is damaged (its checksum does not match)"));
}

static guint32
stored_crc (const guint8 *end)
{
  guint32 crc;

  memcpy (&crc, end - TRAILER_SIZE, 4);
  return GUINT32_FROM_LE (crc);
}

/**
 * ps_cache_fragment_parse:
 * @data: (array length=size): a whole fragment file
 *
 * Returns: (transfer full) (nullable): the series, or %NULL with @error set
 * (a %PS_CACHE_FRAGMENT_ERROR, or a %PS_SERIES_ERROR for unsorted times)
 */
PsSeries *
ps_cache_fragment_parse (const guint8  *data,
                         gsize          size,
                         GError       **error)
{
  g_autoptr(PsSeriesBuilder) builder = NULL;
  Header h;
  Reader r;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_frame (data, size, error))
    return NULL;
  if (ps_cache_fragment_crc32 (0, data, size - TRAILER_SIZE) != stored_crc (data + size))
    {
      checksum_error (error);
      return NULL;
    }
  if (!read_header (data, size, &h, error))
    return NULL;

  r.p = data + HEADER_SIZE;
  r.left = size - HEADER_SIZE - TRAILER_SIZE;
  builder = ps_series_builder_new ();
  if (h.n > 0)
    get_words (&r, ps_series_builder_alloc_times (builder, h.n), h.n);
  if (h.m > 0)
    get_words (&r, ps_series_builder_alloc_values (builder, h.n, h.m), h.n * h.m);
  if (h.bins == PS_BINS_CONSTANT)
    {
      g_autofree double *b = g_new (double, h.m);

      get_words (&r, b, h.m);
      ps_series_builder_set_constant_bins (builder, b, h.m);
    }
  else if (h.bins == PS_BINS_VARYING)
    {
      double *b = ps_series_builder_alloc_varying_bins (builder, h.n, h.m);

      if (h.n > 0)
        get_words (&r, b, h.n * h.m);
    }

  return finish (builder, &r, &h, error);
}

/* Files from this size on are read straight into the series' arrays
 * (one copy instead of two, the checksum over each piece while it is
 * still in the processor's cache); smaller ones whole, then parsed. */
#define READ_IN_PLACE_MIN ((gsize) 256 << 10)
#define READ_PIECE        ((gsize) 256 << 10)

static gboolean
read_error (GError **error,
            int      saved_errno)
{
  g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_IO,
               _("Could not read a cache fragment: %s"), g_strerror (saved_errno));
  return FALSE;
}

/* Exactly @size bytes at @offset; a file that ends before is truncated. */
static gboolean
read_at (int       fd,
         guint8   *dest,
         gsize     size,
         goffset   offset,
         GError  **error)
{
  while (size > 0)
    {
      gssize got = pread (fd, dest, MIN (size, READ_PIECE), offset);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        return read_error (error, errno);
      if (got == 0)
        {
          g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_TRUNCATED,
                       _("The cache fragment is truncated"));
          return FALSE;
        }
      dest += got;
      size -= (gsize) got;
      offset += got;
    }
  return TRUE;
}

/* read_at(), adding what it reads to *crc piece by piece */
static gboolean
read_at_crc (int       fd,
             gpointer  dest,
             gsize     size,
             goffset  *offset,
             guint32  *crc,
             GError  **error)
{
  guint8 *p = dest;

  while (size > 0)
    {
      gsize piece = MIN (size, READ_PIECE);

      if (!read_at (fd, p, piece, *offset, error))
        return FALSE;
      *crc = ps_cache_fragment_crc32 (*crc, p, piece);
      p += piece;
      size -= piece;
      *offset += (goffset) piece;
    }
  return TRUE;
}

/* A large file, its arrays read into the builder's. *whole is set when the
 * header is bad: the caller then reads the file whole to say exactly why,
 * as ps_cache_fragment_parse() would. */
static PsSeries *
read_in_place (int        fd,
               gsize      size,
               gboolean  *whole,
               GError   **error)
{
  g_autoptr(PsSeriesBuilder) builder = NULL;
  g_autofree guint8 *tail = NULL;
  guint8 head[HEADER_SIZE];
  goffset offset = HEADER_SIZE;
  gsize tail_size;
  guint32 crc;
  Header h;
  Reader r;

  *whole = TRUE;
  if (!read_at (fd, head, HEADER_SIZE, 0, NULL)
      || !check_frame (head, size, NULL)
      || !read_header (head, size, &h, NULL))
    return NULL;
  *whole = FALSE;

  crc = ps_cache_fragment_crc32 (0, head, HEADER_SIZE);
  builder = ps_series_builder_new ();
  if (h.n > 0 && !read_at_crc (fd, ps_series_builder_alloc_times (builder, h.n), h.n * 8,
                               &offset, &crc, error))
    return NULL;
  if (h.m > 0 && !read_at_crc (fd, ps_series_builder_alloc_values (builder, h.n, h.m), h.n * h.m * 8,
                               &offset, &crc, error))
    return NULL;
  if (h.bins == PS_BINS_CONSTANT)
    {
      g_autofree double *b = g_new (double, h.m);

      if (!read_at_crc (fd, b, h.m * 8, &offset, &crc, error))
        return NULL;
      ps_series_builder_set_constant_bins (builder, b, h.m);
    }
  else if (h.bins == PS_BINS_VARYING)
    {
      double *b = ps_series_builder_alloc_varying_bins (builder, h.n, h.m);

      if (h.n > 0 && !read_at_crc (fd, b, h.n * h.m * 8, &offset, &crc, error))
        return NULL;
    }

  /* read_header() made sure the trailer is left */
  tail_size = size - (gsize) offset;
  tail = g_malloc (tail_size);
  if (!read_at (fd, tail, tail_size, offset, error))
    return NULL;
  crc = ps_cache_fragment_crc32 (crc, tail, tail_size - TRAILER_SIZE);
  if (crc != stored_crc (tail + tail_size))
    {
      checksum_error (error);
      return NULL;
    }

  r.p = tail;
  r.left = tail_size - TRAILER_SIZE;
  return finish (builder, &r, &h, error);
}

/**
 * ps_cache_fragment_read_file:
 *
 * Reads the fragment in @path: a small file whole, then as
 * ps_cache_fragment_parse() does; a large one straight into the series'
 * arrays, with the same checks.
 *
 * Returns: (transfer full) (nullable): the series, or %NULL with @error set;
 * a missing file gives G_FILE_ERROR_NOENT
 */
PsSeries *
ps_cache_fragment_read_file (const char  *path,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *data = NULL;
  PsSeries *series = NULL;
  gboolean whole = TRUE;
  struct stat st;
  gsize size;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not read the cache fragment %s: %s"), display, g_strerror (saved));
      if (fd >= 0)
        close (fd);
      return NULL;
    }
  size = (gsize) st.st_size;

#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if (size >= READ_IN_PLACE_MIN)
    series = read_in_place (fd, size, &whole, &local_error);
#endif
  if (whole)
    {
      data = g_malloc (size);
      if (read_at (fd, data, size, 0, &local_error))
        series = ps_cache_fragment_parse (data, size, &local_error);
    }
  close (fd);

  if (series == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", display);
    }
  return series;
}
