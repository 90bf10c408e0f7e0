/* fuzz-tar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: tar archives, gzip-compressed or not, from arbitrary
 * bytes (what the Cluster Science Archive answers a data request with).
 * Either members come out, whose contents lie inside what was inflated,
 * or an error says why; never more than the limit is inflated.
 */

#include "config.h"

#include "ps-tar.h"

#define LIMIT (16u << 20)

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  GBytes *archive = g_bytes_new_static (data, size);
  GError *error = NULL;
  GPtrArray *members = ps_tar_read (archive, LIMIT, &error);
  gsize total = 0;

  g_assert_true ((members == NULL) == (error != NULL));
  if (members != NULL)
    {
      for (guint i = 0; i < members->len; i++)
        {
          const PsTarMember *m = g_ptr_array_index (members, i);
          gsize n = 0;
          const guint8 *p = g_bytes_get_data (m->contents, &n);
          volatile guint8 sink = 0;

          g_assert_nonnull (m->name);
          g_assert_true (m->name[0] != '/');
          if (n > 0)
            sink = p[0] ^ p[n - 1];
          (void) sink;
          total += n;
        }
      g_assert_cmpuint (total, <=, LIMIT);
      g_ptr_array_unref (members);
    }
  g_clear_error (&error);
  g_bytes_unref (archive);
  return 0;
}
