/* ps-cache-fragment.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache's file format for one PsSeries: compact, binary, little-endian,
 * checked. A file that is damaged, truncated or from another version is
 * reported with a PS_CACHE_FRAGMENT_ERROR and never trusted.
 *
 * Layout (all integers little-endian, doubles as IEEE 754 binary64):
 *
 *   offset  size  field
 *        0     8  magic "PSCFRAG\0"
 *        8     4  format version (1)
 *       12     4  flags (0)
 *       16     8  n, rows
 *       24     4  m, components per row
 *       28     1  display kind (PsDisplayKind)
 *       29     1  bins kind (PsBinsKind)
 *       30     2  reserved (0)
 *       32     4  number of meta entries
 *       36     4  reserved (0)
 *       40     8  total file length, trailer included
 *       48  8n    times (PsTime, int64)
 *           8nm   values, row-major
 *           8b    bins: b = 0, m or n × m by the bins kind
 *                 strings: name, units, bins units, bins label, the m labels,
 *                 then key, value per meta entry. Each is a uint32 length and
 *                 that many bytes of UTF-8 (no NUL); length 0xFFFFFFFF is NULL.
 *  len-4       4  CRC-32 (zlib) of every byte before it
 *
 * Counts are checked against the file length before anything is allocated,
 * so a corrupt header never causes a large allocation. The CRC-32 is
 * zlib's (ps_cache_fragment_crc32() computes the same values faster).
 */
#pragma once

#include <gio/gio.h>

#include "ps-series.h"

G_BEGIN_DECLS

#define PS_CACHE_FRAGMENT_ERROR   (ps_cache_fragment_error_quark ())
#define PS_CACHE_FRAGMENT_VERSION 1

typedef enum
{
  PS_CACHE_FRAGMENT_ERROR_TRUNCATED, /* shorter than its header says */
  PS_CACHE_FRAGMENT_ERROR_MAGIC,     /* not a fragment file */
  PS_CACHE_FRAGMENT_ERROR_VERSION,   /* a format version we do not read */
  PS_CACHE_FRAGMENT_ERROR_CHECKSUM,  /* the bytes were damaged */
  PS_CACHE_FRAGMENT_ERROR_CORRUPT,   /* inconsistent contents */
  PS_CACHE_FRAGMENT_ERROR_IO,        /* the file could not be read or written */
} PsCacheFragmentError;

typedef enum
{
  PS_CACHE_FRAGMENT_WRITE_DEFAULT = 0,
  PS_CACHE_FRAGMENT_WRITE_SYNC    = 1 << 0, /* fsync the file before returning */
} PsCacheFragmentWriteFlags;

GQuark    ps_cache_fragment_error_quark (void);

guint32   ps_cache_fragment_crc32       (guint32                     crc,
                                         const guint8               *data,
                                         gsize                       size);
GBytes   *ps_cache_fragment_serialize   (PsSeries                   *series);
PsSeries *ps_cache_fragment_parse       (const guint8               *data,
                                         gsize                       size,
                                         GError                    **error);
PsSeries *ps_cache_fragment_read_file   (const char                 *path,
                                         GError                    **error);
gboolean  ps_cache_fragment_write       (PsSeries                   *series,
                                         int                         fd,
                                         PsCacheFragmentWriteFlags   flags,
                                         gsize                      *out_size,
                                         GError                    **error);
gboolean  ps_cache_fragment_write_fd    (PsSeries                   *series,
                                         int                         fd,
                                         gsize                      *out_size,
                                         GError                    **error);

G_END_DECLS
