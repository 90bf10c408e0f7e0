/* ps-cache-fragment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes and reads the cache's fragment files; the format is described in
 * ps-cache-fragment.h. The reader trusts nothing: the CRC is checked first,
 * then every count against the bytes that remain.
 */

#define G_LOG_DOMAIN "ps-cache"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "ps-cache-fragment.h"

#define HEADER_SIZE  48
#define TRAILER_SIZE 4
#define NULL_STRING  G_MAXUINT32

static const guint8 magic[8] = { 'P', 'S', 'C', 'F', 'R', 'A', 'G', '\0' };

G_DEFINE_QUARK (ps-cache-fragment-error-quark, ps_cache_fragment_error)

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
put_doubles (GByteArray   *out,
             const double *values,
             gsize         count)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if (count > 0)
    g_byte_array_append (out, (const guint8 *) values, count * sizeof (double));
#else
  for (gsize i = 0; i < count; i++)
    {
      guint64 bits;

      memcpy (&bits, &values[i], 8);
      put_u64 (out, bits);
    }
#endif
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

/**
 * ps_cache_fragment_serialize:
 * @series: any series (a slice is written as its own rows only)
 *
 * Returns: (transfer full): the whole fragment file
 */
GBytes *
ps_cache_fragment_serialize (PsSeries *series)
{
  GByteArray *out;
  gsize n, nb;
  guint m;
  guint32 crc;
  const char * const *keys;
  guint n_meta;
  const PsTime *times;

  g_return_val_if_fail (series != NULL, NULL);

  n = ps_series_get_n (series);
  m = ps_series_get_m (series);
  nb = bins_count (ps_series_get_bins_kind (series), n, m);
  keys = ps_series_get_meta_keys (series);
  n_meta = keys != NULL ? g_strv_length ((char **) keys) : 0;

  out = g_byte_array_sized_new (HEADER_SIZE + 8 * (n + n * m + nb) + 256);
  g_byte_array_append (out, magic, sizeof magic);
  put_u32 (out, PS_CACHE_FRAGMENT_VERSION);
  put_u32 (out, 0);
  put_u64 (out, n);
  put_u32 (out, m);
  {
    guint8 kinds[4] = { (guint8) ps_series_get_display_kind (series),
                        (guint8) ps_series_get_bins_kind (series), 0, 0 };

    g_byte_array_append (out, kinds, 4);
  }
  put_u32 (out, n_meta);
  put_u32 (out, 0);
  put_u64 (out, 0); /* total length, patched below */

  times = ps_series_get_times (series);
  for (gsize i = 0; i < n; i++)
    put_u64 (out, (guint64) times[i]);
  put_doubles (out, ps_series_get_values (series), n * m);
  put_doubles (out, ps_series_get_bins (series), nb);

  put_string (out, ps_series_get_name (series));
  put_string (out, ps_series_get_units (series));
  put_string (out, ps_series_get_bins_units (series));
  put_string (out, ps_series_get_bins_label (series));
  for (guint j = 0; j < m; j++)
    put_string (out, ps_series_get_label (series, j));
  for (guint k = 0; k < n_meta; k++)
    {
      put_string (out, keys[k]);
      put_string (out, ps_series_get_meta (series, keys[k]));
    }

  {
    guint64 total = GUINT64_TO_LE ((guint64) out->len + TRAILER_SIZE);

    memcpy (out->data + 40, &total, 8);
  }
  crc = (guint32) crc32 (0L, out->data, out->len);
  put_u32 (out, crc);

  return g_byte_array_free_to_bytes (out);
}

/**
 * ps_cache_fragment_write_fd:
 * @fd: a file open for writing, positioned at its start
 * @out_size: (out) (optional): the bytes written
 *
 * Writes the fragment of @series and flushes it to the disk (fsync).
 */
gboolean
ps_cache_fragment_write_fd (PsSeries  *series,
                            int        fd,
                            gsize     *out_size,
                            GError   **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize size, done = 0;

  g_return_val_if_fail (series != NULL, FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = ps_cache_fragment_serialize (series);
  data = g_bytes_get_data (bytes, &size);
  while (done < size)
    {
      gssize w = write (fd, data + done, size - done);

      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        goto failed;
      done += (gsize) w;
    }
  if (fsync (fd) != 0)
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

static void
get_doubles (Reader *r,
             double *dest,
             gsize   count)
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

      memcpy (&dest[i], &bits, 8);
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
  g_autofree char *name = NULL;
  g_autofree char *units = NULL;
  g_autofree char *bins_units = NULL;
  g_autofree char *bins_label = NULL;
  g_auto(GStrv) labels = NULL;
  Reader r;
  guint32 version, stored_crc, n_meta;
  guint64 n, total, need, nb = 0;
  guint32 m;
  guint8 display, bins;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (size < sizeof magic || memcmp (data, magic, sizeof magic) != 0)
    {
      g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_MAGIC,
                   _("This is not a Plasmascope cache fragment"));
      return NULL;
    }
  if (size < HEADER_SIZE + TRAILER_SIZE)
    {
      g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_TRUNCATED,
                   _("The cache fragment is truncated (%lu bytes)"), (unsigned long) size);
      return NULL;
    }

  r.p = data + sizeof magic;
  r.left = size - sizeof magic - TRAILER_SIZE;
  version = get_u32 (&r);
  if (version != PS_CACHE_FRAGMENT_VERSION)
    {
      g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_VERSION,
                   _("The cache fragment has format version %u, this program reads version %u"),
                   version, PS_CACHE_FRAGMENT_VERSION);
      return NULL;
    }
  memcpy (&total, data + 40, 8);
  total = GUINT64_FROM_LE (total);
  if (total != size)
    {
      g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_TRUNCATED,
                   _("The cache fragment should be %llu bytes long but is %lu"),
                   (unsigned long long) total, (unsigned long) size);
      return NULL;
    }
  memcpy (&stored_crc, data + size - TRAILER_SIZE, 4);
  stored_crc = GUINT32_FROM_LE (stored_crc);
  {
    /* zlib takes uInt lengths: feed large files in pieces */
    uLong crc = crc32 (0L, Z_NULL, 0);
    gsize done = 0, todo = size - TRAILER_SIZE;

    while (done < todo)
      {
        gsize piece = MIN (todo - done, (gsize) 1 << 30);

        crc = crc32 (crc, data + done, (uInt) piece);
        done += piece;
      }
    if ((guint32) crc != stored_crc)
      {
        g_set_error (error, PS_CACHE_FRAGMENT_ERROR, PS_CACHE_FRAGMENT_ERROR_CHECKSUM,
                     _("The cache fragment is damaged (its checksum does not match)"));
        return NULL;
      }
  }

  if (get_u32 (&r) != 0)
    return corrupt (error, _("unknown flags")), NULL;
  n = get_u64 (&r);
  m = get_u32 (&r);
  display = r.p[0];
  bins = r.p[1];
  if (r.p[2] != 0 || r.p[3] != 0)
    return corrupt (error, _("reserved bytes are set")), NULL;
  r.p += 4;
  r.left -= 4;
  n_meta = get_u32 (&r);
  if (get_u32 (&r) != 0)
    return corrupt (error, _("reserved bytes are set")), NULL;
  (void) get_u64 (&r);

  if (display > PS_DISPLAY_SPECTROGRAM)
    return corrupt (error, _("unknown display kind")), NULL;
  if (bins > PS_BINS_VARYING)
    return corrupt (error, _("unknown bins kind")), NULL;
  if (bins != PS_BINS_NONE && m == 0)
    return corrupt (error, _("bins without components")), NULL;
  if (n > 0 && m == 0)
    return corrupt (error, _("rows without components")), NULL;

  /* Every array must fit in what is left, before anything is allocated. */
  if (bins == PS_BINS_CONSTANT)
    nb = m;
  else if (bins == PS_BINS_VARYING && !g_uint64_checked_mul (&nb, n, m))
    return corrupt (error, _("absurd sizes")), NULL;
  {
    guint64 nm = 0, count = 0;

    if (!g_uint64_checked_mul (&nm, n, m)
        || !g_uint64_checked_add (&count, n, nm)
        || !g_uint64_checked_add (&count, count, nb)
        || !g_uint64_checked_mul (&need, count, 8)
        || need > r.left)
      return corrupt (error, _("the arrays are larger than the file")), NULL;
  }

  builder = ps_series_builder_new ();
  if (n > 0)
    {
      PsTime *times = ps_series_builder_alloc_times (builder, n);

      for (guint64 i = 0; i < n; i++)
        times[i] = (PsTime) get_u64 (&r);
    }
  if (m > 0)
    get_doubles (&r, ps_series_builder_alloc_values (builder, n, m), n * m);
  if (bins == PS_BINS_CONSTANT)
    {
      g_autofree double *b = g_new (double, m);

      get_doubles (&r, b, m);
      ps_series_builder_set_constant_bins (builder, b, m);
    }
  else if (bins == PS_BINS_VARYING)
    {
      double *b = ps_series_builder_alloc_varying_bins (builder, n, m);

      if (n > 0)
        get_doubles (&r, b, n * m);
    }

  if (!get_string (&r, &name, error)
      || !get_string (&r, &units, error)
      || !get_string (&r, &bins_units, error)
      || !get_string (&r, &bins_label, error)
      || !get_labels (&r, m, &labels, error)
      || !get_meta (&r, n_meta, builder, error))
    return NULL;
  if (r.left != 0)
    return corrupt (error, _("unexpected bytes after the contents")), NULL;

  ps_series_builder_set_name (builder, name);
  ps_series_builder_set_units (builder, units);
  ps_series_builder_set_bins_units (builder, bins_units);
  ps_series_builder_set_bins_label (builder, bins_label);
  if (m > 0)
    ps_series_builder_set_labels (builder, (const char * const *) labels);
  ps_series_builder_set_display_kind (builder, (PsDisplayKind) display);

  return ps_series_builder_end (builder, error);
}

/**
 * ps_cache_fragment_read_file:
 *
 * Maps @path and reads the fragment in it.
 *
 * Returns: (transfer full) (nullable): the series, or %NULL with @error set;
 * a missing file gives G_FILE_ERROR_NOENT
 */
PsSeries *
ps_cache_fragment_read_file (const char  *path,
                             GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  PsSeries *series;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  series = ps_cache_fragment_parse ((const guint8 *) g_mapped_file_get_contents (mapped),
                                    g_mapped_file_get_length (mapped), &local_error);
  if (series == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", display);
    }
  return series;
}
