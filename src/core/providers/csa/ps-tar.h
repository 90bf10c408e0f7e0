/* ps-tar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small in-memory reader of tar archives (POSIX ustar, GNU and pax
 * extensions for long names), gzip-compressed or not: what the Cluster
 * Science Archive sends for a data request. Headers are checked (their
 * checksum, the sizes they announce against what is there); names that
 * are absolute or climb out with ".." are skipped, as are links, devices
 * and folders. Nothing is written to disk: a member's contents are a
 * slice of the (decompressed) archive.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PS_TAR_ERROR (ps_tar_error_quark ())

typedef enum
{
  PS_TAR_ERROR_NOT_TAR,    /* the first header is not a tar header */
  PS_TAR_ERROR_CORRUPT,    /* a bad checksum, size or field, a broken gzip stream */
  PS_TAR_ERROR_TRUNCATED,  /* the archive stops before its end */
  PS_TAR_ERROR_TOO_LARGE,  /* decompressed, it would pass the limit */
} PsTarError;

typedef struct
{
  char   *name;      /* as stored (long names joined), UTF-8 or not */
  GBytes *contents;
} PsTarMember;

GQuark     ps_tar_error_quark (void);
void       ps_tar_member_free (gpointer      member);

gboolean   ps_tar_is_gzip     (GBytes       *data);
GBytes    *ps_tar_gunzip      (GBytes       *data,
                               gsize         max_size,
                               GError      **error);
GPtrArray *ps_tar_read        (GBytes       *archive,
                               gsize         max_size,
                               GError      **error);

G_END_DECLS
