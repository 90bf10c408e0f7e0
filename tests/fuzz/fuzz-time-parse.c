/* fuzz-time-parse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: ISO 8601 parsing of arbitrary bytes, as read from CSV,
 * HAPI and catalog files. A time that parses must format and parse back to
 * itself.
 */

#include "config.h"

#include <string.h>

#include "ps-time.h"
#include "ps-time-range.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  PsTimeRange range;
  PsTime t = 0;

  if (ps_time_parse_iso (text, &t, &error))
    {
      char buf[64];
      PsTime back = 0;

      g_assert_no_error (error);
      g_assert_cmpint (t, !=, PS_TIME_INVALID);
      ps_time_format_iso_buf (t, 9, buf, sizeof buf);
      g_assert_true (ps_time_parse_iso (buf, &back, NULL));
      g_assert_cmpint (back, ==, t);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, PS_TIME_ERROR, PS_TIME_ERROR_SYNTAX)
                     || g_error_matches (error, PS_TIME_ERROR, PS_TIME_ERROR_RANGE));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  g_clear_error (&error);
  if (ps_time_range_parse (text, &range, &error))
    g_assert_true (range.start <= range.stop);
  else
    g_assert_nonnull (error);

  return 0;
}
