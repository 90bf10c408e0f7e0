/* fuzz-hdf5-attr.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: how HDF5/NetCDF-4 attributes and values are read as
 * times, without libhdf5 (ps-hdf5-time.c). The input is up to four lines
 * (units, dataset name, Time_Base, description), then a byte of flags,
 * then 8-byte values. Invariants: an origin keeps its nanoseconds within
 * the day; integer counts convert exactly (one more unit is unit_ns
 * later); no time is PS_TIME_INVALID unless reported as missing; strings
 * of any width parse or fail cleanly.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ps-hdf5-time.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_codec (const PsHdf5TimeCodec *codec,
             const guint8          *values,
             gsize                  size)
{
  for (gsize off = 0; off + 8 <= size && off < 8 * 64; off += 8)
    {
      gint64 i;
      double d;
      PsTime a, b;

      memcpy (&i, values + off, 8);
      memcpy (&d, values + off, 8);
      a = ps_hdf5_time_from_int (codec, i);
      (void) ps_hdf5_time_from_double (codec, d);
      (void) ps_hdf5_time_from_double (codec, (double) i);
      if (codec->kind == PS_HDF5_TIME_SINCE && a != PS_TIME_INVALID && i < G_MAXINT64)
        {
          b = ps_hdf5_time_from_int (codec, i + 1);
          if (b != PS_TIME_INVALID)
            g_assert_cmpint (b - a, ==, codec->unit_ns);
        }
      /* a small integer count read as a double lands on the same time */
      if (codec->kind == PS_HDF5_TIME_SINCE && a != PS_TIME_INVALID && i > -(1 << 24) && i < (1 << 24))
        g_assert_cmpint (ps_hdf5_time_from_double (codec, (double) i), ==, a);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, MIN (size, 4096));
  g_auto(GStrv) lines = g_strsplit (text, "\n", 5);
  guint n_lines = g_strv_length (lines);
  PsHdf5TimeHints hints = { 0 };
  PsHdf5TimeCodec codec;
  const guint8 *rest = data;
  gsize rest_size = size;
  gint64 days, ns;
  PsTime t;
  guint8 flags = 0;

  /* strings of any width, not terminated */
  for (gsize width = 0; width <= MIN (size, 80); width += 7)
    if (ps_hdf5_time_parse_string ((const char *) data, width, &t))
      g_assert_cmpint (t, !=, PS_TIME_INVALID);

  for (guint k = 0; k < n_lines; k++)
    {
      if (ps_hdf5_time_parse_origin (lines[k], &days, &ns))
        {
          g_assert_cmpint (ns, >=, 0);
          g_assert_cmpint (ns, <, PS_TIME_NS_PER_DAY);
        }
      if (ps_hdf5_time_parse_units (lines[k], &codec))
        {
          g_assert_cmpint (codec.kind, ==, PS_HDF5_TIME_SINCE);
          g_assert_cmpint (codec.unit_ns, >, 0);
          check_codec (&codec, data, size);
        }
      if (ps_hdf5_time_parse_string (lines[k], strlen (lines[k]), &t))
        g_assert_cmpint (t, !=, PS_TIME_INVALID);
      (void) ps_hdf5_time_unit_ns (lines[k], strlen (lines[k]));
      (void) ps_hdf5_time_name_is_time (lines[k]);
    }

  /* after the fourth newline: flags, then values */
  for (guint k = 0, seen = 0; k < size && seen < 4; k++)
    if (data[k] == '\n' && ++seen == 4)
      {
        rest = data + k + 1;
        rest_size = size - k - 1;
      }
  if (rest_size > 0 && rest != data)
    {
      flags = rest[0];
      rest++;
      rest_size--;
    }

  hints.units = n_lines > 0 ? lines[0] : NULL;
  hints.name = n_lines > 1 ? lines[1] : NULL;
  hints.time_base = n_lines > 2 ? lines[2] : NULL;
  hints.description = n_lines > 3 ? lines[3] : NULL;
  hints.is_string = (flags & 1) != 0;
  hints.is_int64 = (flags & 2) != 0;
  hints.is_float = (flags & 4) != 0;
  hints.referenced = (flags & 8) != 0;
  if (rest_size >= 8)
    {
      hints.has_first = TRUE;
      memcpy (&hints.first, rest, 8);
    }
  if (ps_hdf5_time_guess (&hints, &codec) > 0)
    {
      g_assert_cmpint (codec.kind, !=, PS_HDF5_TIME_NONE);
      check_codec (&codec, rest, rest_size);
    }
  else
    g_assert_cmpint (codec.kind, ==, PS_HDF5_TIME_NONE);
  return 0;
}
