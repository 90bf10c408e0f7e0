/* fuzz-hapi-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the HAPI data parser on arbitrary bytes, in the three
 * formats, whole and in chunks (the chunk size comes from the first byte),
 * with and without a given info. Both ways must agree; bad input must give
 * a PS_HAPI_ERROR, never a crash, a hang or an allocation beyond the input.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-hapi-data.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* An info for bodies without header: a time, a vector, an integer, a
 * string, and a spectrum with time-varying bins. */
static const char info_text[] =
  "{\"HAPI\":\"3.3\",\"status\":{\"code\":1200,\"message\":\"OK\"},\"parameters\":["
  "{\"name\":\"Time\",\"type\":\"isotime\",\"units\":\"UTC\",\"fill\":null,\"length\":24},"
  "{\"name\":\"b\",\"type\":\"double\",\"units\":\"nT\",\"fill\":\"-1e31\",\"size\":[3]},"
  "{\"name\":\"q\",\"type\":\"integer\",\"fill\":\"-1\"},"
  "{\"name\":\"s\",\"type\":\"string\",\"length\":4},"
  "{\"name\":\"f\",\"type\":\"double\",\"size\":[2]},"
  "{\"name\":\"spec\",\"type\":\"double\",\"size\":[2],\"bins\":[{\"name\":\"e\",\"centers\":\"f\"}]}]}";

static void
check_error (GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == PS_HAPI_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static GPtrArray *
parse (PsHapiFormat  format,
       PsHapiInfo   *info,
       const guint8 *data,
       size_t        size,
       gsize         chunk,
       GError      **error)
{
  g_autoptr(PsHapiDataParser) parser = ps_hapi_data_parser_new (format, info, NULL, "fuzz");

  for (gsize pos = 0; pos < size; pos += chunk)
    if (!ps_hapi_data_parser_feed (parser, data + pos, MIN (chunk, size - pos), error))
      return NULL;
  return ps_hapi_data_parser_finish (parser, error);
}

static void
same_series (PsSeries *a,
             PsSeries *b)
{
  gsize n = ps_series_get_n (a);
  guint m = ps_series_get_m (a);

  g_assert_cmpuint (n, ==, ps_series_get_n (b));
  g_assert_cmpuint (m, ==, ps_series_get_m (b));
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (ps_series_get_time (a, i), ==, ps_series_get_time (b, i));
  for (gsize i = 0; i < n * m; i++)
    {
      double x = ps_series_get_values (a)[i], y = ps_series_get_values (b)[i];

      g_assert_true ((isnan (x) && isnan (y)) || x == y);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static PsHapiInfo *info;
  PsHapiFormat format;
  gsize chunk;

  if (info == NULL)
    info = ps_hapi_info_parse (info_text, strlen (info_text), NULL, NULL);
  g_assert_nonnull (info);

  if (size < 1)
    return 0;
  format = data[0] % 3;
  chunk = 1 + (data[0] >> 2) * 3;
  data++, size--;

  for (guint with_info = 0; with_info < 2; with_info++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) chunked_error = NULL;
      g_autoptr(GPtrArray) whole = parse (format, with_info ? info : NULL, data, size, MAX (size, 1), &error);
      g_autoptr(GPtrArray) chunked = parse (format, with_info ? info : NULL, data, size, chunk, &chunked_error);

      if (whole == NULL)
        {
          check_error (error);
          check_error (chunked_error);
          g_assert_cmpstr (error->message, ==, chunked_error->message);
          continue;
        }
      g_assert_nonnull (chunked);
      g_assert_cmpuint (whole->len, ==, chunked->len);
      for (guint i = 0; i < whole->len; i++)
        same_series (whole->pdata[i], chunked->pdata[i]);
    }

  return 0;
}
