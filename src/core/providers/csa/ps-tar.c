/* ps-tar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written from the POSIX ustar and pax descriptions (IEEE 1003.1,
 * "pax" utility) and GNU tar's manual (its 'L' long-name members and
 * base-256 sizes). A tar archive is a sequence of 512-byte blocks: a
 * header, the member's data padded to a whole block, the next header…,
 * and two blocks of zeros at the end. gzip is inflated with zlib, member
 * after member, up to a limit on the size it makes.
 */

#define G_LOG_DOMAIN "ps-tar"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zlib.h>

#include "ps-tar.h"

G_DEFINE_QUARK (ps-tar-error-quark, ps_tar_error)

#define BLOCK         512
#define MAX_LONG_NAME (64u << 10)  /* a GNU 'L' or pax 'x' member */
#define MAX_PAX       (1u << 20)

void
ps_tar_member_free (gpointer member)
{
  PsTarMember *m = member;

  if (m == NULL)
    return;
  g_free (m->name);
  g_clear_pointer (&m->contents, g_bytes_unref);
  g_free (m);
}

/**
 * ps_tar_is_gzip:
 *
 * Returns: whether @data starts like a gzip stream
 */
gboolean
ps_tar_is_gzip (GBytes *data)
{
  gsize size = 0;
  const guint8 *p = g_bytes_get_data (data, &size);

  return size >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/* --- gzip ------------------------------------------------------------------ */

static gboolean
all_zero (const guint8 *p,
          gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (p[i] != 0)
      return FALSE;
  return TRUE;
}

/**
 * ps_tar_gunzip:
 * @data: a gzip stream (one member or several, one after the other)
 * @max_size: the most bytes it may inflate to
 *
 * Returns: (transfer full): the inflated bytes, or %NULL with @error set
 */
GBytes *
ps_tar_gunzip (GBytes  *data,
               gsize    max_size,
               GError **error)
{
  gsize in_size = 0;
  const guint8 *in = g_bytes_get_data (data, &in_size);
  gsize in_pos = 0;
  guint8 *out = NULL;
  gsize out_alloc;
  gsize out_len = 0;
  z_stream z;
  int status = Z_OK;

  g_return_val_if_fail (data != NULL, NULL);

  memset (&z, 0, sizeof z);
  if (inflateInit2 (&z, 15 + 16) != Z_OK)
    {
      g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_CORRUPT, _("Could not start inflating gzip data"));
      return NULL;
    }
  out_alloc = MIN (max_size, MAX ((gsize) 65536, in_size > G_MAXSIZE / 4 ? G_MAXSIZE : in_size * 4));
  out = g_malloc (MAX (out_alloc, 1));

  for (;;)
    {
      gsize in_chunk = MIN (in_size - in_pos, (gsize) G_MAXUINT32 / 2);
      gsize out_room;

      if (out_len == out_alloc)
        {
          if (out_alloc >= max_size)
            {
              g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_TOO_LARGE,
                           _("The gzip data inflate to more than %llu bytes"), (unsigned long long) max_size);
              goto fail;
            }
          out_alloc = out_alloc > max_size / 2 ? max_size : out_alloc * 2;
          out = g_realloc (out, out_alloc);
        }
      out_room = MIN (out_alloc - out_len, (gsize) G_MAXUINT32 / 2);
      z.next_in = (Bytef *) in + in_pos;
      z.avail_in = (uInt) in_chunk;
      z.next_out = out + out_len;
      z.avail_out = (uInt) out_room;
      status = inflate (&z, Z_NO_FLUSH);
      in_pos += in_chunk - z.avail_in;
      out_len += out_room - z.avail_out;

      if (status == Z_STREAM_END)
        {
          /* Another member may follow; zeros after the last are padding */
          if (in_pos == in_size || all_zero (in + in_pos, in_size - in_pos))
            break;
          if (in_size - in_pos < 2 || in[in_pos] != 0x1f || in[in_pos + 1] != 0x8b)
            {
              g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_CORRUPT,
                           _("Unexpected bytes after the end of the gzip data"));
              goto fail;
            }
          inflateReset (&z);
          continue;
        }
      if (status == Z_OK)
        continue;
      if (status == Z_BUF_ERROR && in_pos == in_size && out_len < out_alloc)
        {
          g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_TRUNCATED, _("The gzip data stop before their end"));
          goto fail;
        }
      if (status == Z_BUF_ERROR)
        continue; /* no room: the loop grows the buffer */
      g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_CORRUPT, _("The gzip data are corrupt: %s"),
                   z.msg != NULL ? z.msg : "?");
      goto fail;
    }
  inflateEnd (&z);
  return g_bytes_new_take (g_realloc (out, MAX (out_len, 1)), out_len);

fail:
  inflateEnd (&z);
  g_free (out);
  return NULL;
}

/* --- tar ------------------------------------------------------------------- */

/* A numeric field: octal digits (leading blanks, ended by a blank or a
 * NUL), or GNU's base-256 (the first byte's high bit set). */
static gboolean
parse_number (const guint8 *field,
              gsize         width,
              guint64      *value)
{
  guint64 v = 0;
  gsize i = 0;
  gboolean digits = FALSE;

  if (field[0] & 0x80)
    {
      if (field[0] & 0x40)
        return FALSE; /* negative */
      v = field[0] & 0x3f;
      for (i = 1; i < width; i++)
        {
          if (v > (G_MAXUINT64 >> 8))
            return FALSE;
          v = (v << 8) | field[i];
        }
      *value = v;
      return TRUE;
    }
  while (i < width && field[i] == ' ')
    i++;
  for (; i < width && field[i] >= '0' && field[i] <= '7'; i++)
    {
      if (v > (G_MAXUINT64 >> 3))
        return FALSE;
      v = (v << 3) | (guint64) (field[i] - '0');
      digits = TRUE;
    }
  if (i < width && field[i] != ' ' && field[i] != '\0')
    return FALSE;
  *value = v;
  return digits || i == width || field[i] == '\0';
}

static gboolean
checksum_ok (const guint8 *h)
{
  guint64 stored;
  guint64 unsigned_sum = 0;
  gint64 signed_sum = 0;

  if (!parse_number (h + 148, 8, &stored))
    return FALSE;
  for (gsize i = 0; i < BLOCK; i++)
    {
      guint8 c = (i >= 148 && i < 156) ? ' ' : h[i];

      unsigned_sum += c;
      signed_sum += (gint8) c;
    }
  return stored == unsigned_sum || (gint64) stored == signed_sum;
}

static char *
field_string (const guint8 *field,
              gsize         width)
{
  gsize n = 0;

  while (n < width && field[n] != '\0')
    n++;
  return g_strndup ((const char *) field, n);
}

/* A name that stays inside the folder it would be extracted to. */
static gboolean
name_is_safe (const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (name[0] == '\0' || name[0] == '/' || name[0] == '\\')
    return FALSE;
  parts = g_strsplit_set (name, "/\\", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0)
      return FALSE;
  return TRUE;
}

/* The "path" and "size" records of a pax extended header:
 * "LENGTH key=value\n", one after the other. */
static gboolean
parse_pax (const guint8  *data,
           gsize          size,
           char         **path,
           gint64        *member_size)
{
  gsize pos = 0;

  while (pos < size)
    {
      guint64 len = 0;
      gsize i = pos;
      const char *record;
      const char *eq;

      if (data[pos] == '\0')
        break; /* padding */
      while (i < size && data[i] >= '0' && data[i] <= '9' && len < size)
        len = len * 10 + (guint64) (data[i++] - '0');
      if (i == pos || i >= size || data[i] != ' ' || len <= i - pos + 1 || len > size - pos
          || data[pos + len - 1] != '\n')
        return FALSE;
      record = (const char *) data + i + 1;
      eq = memchr (record, '=', (const char *) data + pos + len - 1 - record);
      if (eq == NULL)
        return FALSE;
      if (eq - record == 4 && memcmp (record, "path", 4) == 0)
        {
          g_free (*path);
          *path = g_strndup (eq + 1, (const char *) data + pos + len - 1 - (eq + 1));
        }
      else if (eq - record == 4 && memcmp (record, "size", 4) == 0)
        {
          g_autofree char *text = g_strndup (eq + 1, (const char *) data + pos + len - 1 - (eq + 1));
          guint64 v;

          if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &v, NULL))
            return FALSE;
          *member_size = (gint64) v;
        }
      pos += len;
    }
  return TRUE;
}

/**
 * ps_tar_read:
 * @archive: a tar archive, gzip-compressed or not
 * @max_size: the most bytes the archive may take once inflated
 *
 * Reads the regular files of @archive. An empty @archive has no members.
 *
 * Returns: (transfer full) (element-type PsTarMember): its regular files
 *   in order, or %NULL with @error set
 */
GPtrArray *
ps_tar_read (GBytes  *archive,
             gsize    max_size,
             GError **error)
{
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (ps_tar_member_free);
  g_autofree char *long_name = NULL;
  gint64 pax_size = -1;
  const guint8 *data;
  gsize size = 0;
  gsize offset = 0;
  guint n_headers = 0;

  g_return_val_if_fail (archive != NULL, NULL);

  if (ps_tar_is_gzip (archive))
    {
      plain = ps_tar_gunzip (archive, max_size, error);
      if (plain == NULL)
        return NULL;
    }
  else
    {
      if (g_bytes_get_size (archive) > max_size)
        {
          g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_TOO_LARGE,
                       _("The archive is larger than %llu bytes"), (unsigned long long) max_size);
          return NULL;
        }
      plain = g_bytes_ref (archive);
    }
  data = g_bytes_get_data (plain, &size);
  if (size == 0)
    return g_steal_pointer (&members);

  for (;;)
    {
      const guint8 *h;
      guint64 header_size;
      guint64 padded;
      gsize data_offset;
      char type;

      if (offset == size)
        {
          g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_TRUNCATED,
                       _("The archive stops without its end-of-archive blocks"));
          return NULL;
        }
      if (size - offset < BLOCK)
        {
          g_set_error (error, PS_TAR_ERROR, n_headers == 0 ? PS_TAR_ERROR_NOT_TAR : PS_TAR_ERROR_TRUNCATED,
                       n_headers == 0 ? _("Not a tar archive (shorter than one header)")
                                      : _("The archive stops in the middle of a header"));
          return NULL;
        }
      h = data + offset;
      if (all_zero (h, BLOCK))
        break; /* the end (a second block of zeros, and padding, may follow) */
      if (!checksum_ok (h))
        {
          if (n_headers == 0)
            g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_NOT_TAR,
                         _("Not a tar archive (its first header is not valid)"));
          else
            g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_CORRUPT,
                         _("The header at byte %llu of the archive has a bad checksum"), (unsigned long long) offset);
          return NULL;
        }
      n_headers++;
      type = (char) h[156];
      if (!parse_number (h + 124, 12, &header_size))
        {
          g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_CORRUPT,
                       _("The header at byte %llu of the archive has a bad size"), (unsigned long long) offset);
          return NULL;
        }
      if ((type == '0' || type == '\0' || type == '7') && pax_size >= 0)
        header_size = (guint64) pax_size;
      data_offset = offset + BLOCK;
      padded = header_size + (BLOCK - header_size % BLOCK) % BLOCK;
      if (header_size > size - data_offset || padded > size - data_offset)
        {
          g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_TRUNCATED,
                       _("A member of the archive announces %llu bytes, but only %llu follow"),
                       (unsigned long long) header_size, (unsigned long long) (size - data_offset));
          return NULL;
        }

      switch (type)
        {
        case 'L': /* GNU: the next member's long name */
          if (header_size > MAX_LONG_NAME)
            {
              g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_CORRUPT, _("A long name of the archive is too long"));
              return NULL;
            }
          g_free (long_name);
          long_name = field_string (data + data_offset, header_size);
          break;

        case 'x': /* pax: records for the next member */
          if (header_size > MAX_PAX || !parse_pax (data + data_offset, header_size, &long_name, &pax_size))
            {
              g_set_error (error, PS_TAR_ERROR, PS_TAR_ERROR_CORRUPT,
                           _("The archive has a broken pax extended header"));
              return NULL;
            }
          break;

        case 'K': /* GNU long link name: for a link, skipped anyway */
        case 'g': /* pax global header */
          break;

        case '0':
        case '\0':
        case '7':
          {
            g_autofree char *name = NULL;

            if (long_name != NULL)
              name = g_steal_pointer (&long_name);
            else
              {
                g_autofree char *base = field_string (h, 100);

                /* POSIX ustar (not GNU's "ustar  ") may split a name */
                if (memcmp (h + 257, "ustar\0", 6) == 0 && h[345] != '\0')
                  {
                    g_autofree char *prefix = field_string (h + 345, 155);

                    name = g_strconcat (prefix, "/", base, NULL);
                  }
                else
                  name = g_steal_pointer (&base);
              }
            if (name_is_safe (name) && !g_str_has_suffix (name, "/"))
              {
                PsTarMember *m = g_new0 (PsTarMember, 1);

                m->name = g_steal_pointer (&name);
                m->contents = g_bytes_new_from_bytes (plain, data_offset, header_size);
                g_ptr_array_add (members, m);
              }
            else
              g_debug ("skipping the member “%s”", name);
            pax_size = -1;
          }
          break;

        default: /* links, devices, folders, FIFOs… */
          g_clear_pointer (&long_name, g_free);
          pax_size = -1;
          break;
        }
      offset = data_offset + padded;
    }
  return g_steal_pointer (&members);
}
