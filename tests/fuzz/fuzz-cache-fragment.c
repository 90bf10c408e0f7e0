/* fuzz-cache-fragment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the cache's fragment reader on arbitrary bytes. Bad
 * input must give an error, never a crash or a large allocation; good input
 * must survive a second round trip unchanged. Each input is read twice: as
 * it is, then with its length field and checksum made right, so that the
 * fuzzer gets past the checksum to the structure behind it.
 */

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "ps-cache-fragment.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check (const guint8 *data,
       size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(PsSeries) again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  gsize first_size;
  const guint8 *first_data;

  series = ps_cache_fragment_parse (data, size, &error);
  if (series == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PS_CACHE_FRAGMENT_ERROR || error->domain == PS_SERIES_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  /* Meta keys may come in another order than ours: compare the rewrites. */
  first = ps_cache_fragment_serialize (series);
  first_data = g_bytes_get_data (first, &first_size);
  again = ps_cache_fragment_parse (first_data, first_size, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  second = ps_cache_fragment_serialize (again);
  g_assert_true (g_bytes_equal (first, second));
  g_assert_cmpuint (first_size, ==, size);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree guint8 *fixed = NULL;
  guint64 total = GUINT64_TO_LE ((guint64) size);
  guint32 crc;

  check (data, size);

  if (size < 52)
    return 0;
  fixed = g_memdup2 (data, size);
  memcpy (fixed + 40, &total, 8);
  crc = GUINT32_TO_LE ((guint32) crc32 (0L, fixed, (uInt) (size - 4)));
  memcpy (fixed + size - 4, &crc, 4);
  check (fixed, size);
  return 0;
}
