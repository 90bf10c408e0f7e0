/* bench-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How fast the time code is next to what it replaces or is bounded by:
 * TT2000 array conversion against a plain memcpy of the same bytes (the
 * CDF reader's floor), ISO formatting against GDateTime and strftime,
 * ISO parsing against GDateTime. Each figure is the median of 7
 * back-to-back runs. Prints "name<TAB>value<TAB>unit<TAB>note" rows.
 */

#define G_LOG_DOMAIN "bench-time"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ps-time.h"
#include "ps-time-cdf.h"
#include "bench-util.h"

#define RUNS        7
#define N_VALUES    (10 * 1000 * 1000)
#define N_STRINGS   (300 * 1000)
#define STRING_SIZE 40

typedef struct
{
  gint64 *tt2000;
  PsTime *warm;     /* N_VALUES, already faulted in */
  PsTime *times;
  char   *strings;  /* N_STRINGS × STRING_SIZE */
  guint64 sink;     /* keeps results observable */
} Bench;

/* Both array runs write into freshly allocated memory, as the CDF reader
 * does, so page faults are in both figures. */
static double
run_tt2000_array (gpointer data)
{
  Bench *b = data;
  PsTime *out = g_new (PsTime, N_VALUES);
  gint64 start = g_get_monotonic_time ();
  double s;

  ps_time_from_tt2000_array (b->tt2000, out, N_VALUES);
  s = bench_elapsed_since (start);
  b->sink += (guint64) out[N_VALUES / 2];
  g_free (out);
  return s;
}

static double
run_memcpy (gpointer data)
{
  Bench *b = data;
  gint64 *out = g_new (gint64, N_VALUES);
  gint64 start = g_get_monotonic_time ();
  double s;

  memcpy (out, b->tt2000, N_VALUES * sizeof (gint64));
  s = bench_elapsed_since (start);
  b->sink += (guint64) out[N_VALUES / 2];
  g_free (out);
  return s;
}

/* The same into memory already written once: the conversion's own cost. */
static double
run_tt2000_array_warm (gpointer data)
{
  Bench *b = data;
  gint64 start = g_get_monotonic_time ();
  double s;

  ps_time_from_tt2000_array (b->tt2000, b->warm, N_VALUES);
  s = bench_elapsed_since (start);
  b->sink += (guint64) b->warm[N_VALUES / 2];
  return s;
}

static double
run_memcpy_warm (gpointer data)
{
  Bench *b = data;
  gint64 start = g_get_monotonic_time ();
  double s;

  memcpy (b->warm, b->tt2000, N_VALUES * sizeof (gint64));
  s = bench_elapsed_since (start);
  b->sink += (guint64) b->warm[N_VALUES / 2];
  return s;
}

static double
run_format (gpointer data)
{
  Bench *b = data;
  gint64 start = g_get_monotonic_time ();
  int i;

  for (i = 0; i < N_STRINGS; i++)
    b->sink += ps_time_format_iso_buf (b->times[i], 9, b->strings + i * STRING_SIZE, STRING_SIZE);
  return bench_elapsed_since (start);
}

static double
run_format_gdatetime (gpointer data)
{
  Bench *b = data;
  gint64 start = g_get_monotonic_time ();
  int i;

  for (i = 0; i < N_STRINGS; i++)
    {
      PsTime t = b->times[i];
      GDateTime *whole = g_date_time_new_from_unix_utc (t / PS_TIME_NS_PER_SECOND);
      GDateTime *dt = g_date_time_add (whole, t % PS_TIME_NS_PER_SECOND / 1000);
      char *s = g_date_time_format_iso8601 (dt);

      b->sink += (guint64) s[0];
      g_free (s);
      g_date_time_unref (dt);
      g_date_time_unref (whole);
    }
  return bench_elapsed_since (start);
}

static double
run_format_strftime (gpointer data)
{
  Bench *b = data;
  gint64 start = g_get_monotonic_time ();
  char buf[64];
  int i;

  for (i = 0; i < N_STRINGS; i++)
    {
      PsTime t = b->times[i];
      time_t secs = (time_t) (t / PS_TIME_NS_PER_SECOND);
      struct tm tm;
      size_t n;

      gmtime_r (&secs, &tm);
      n = strftime (buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
      snprintf (buf + n, sizeof buf - n, ".%09dZ", (int) (t % PS_TIME_NS_PER_SECOND));
      b->sink += (guint64) buf[n + 3];
    }
  return bench_elapsed_since (start);
}

static double
run_parse (gpointer data)
{
  Bench *b = data;
  gint64 start = g_get_monotonic_time ();
  int i;

  for (i = 0; i < N_STRINGS; i++)
    {
      PsTime t = 0;

      ps_time_parse_iso (b->strings + i * STRING_SIZE, &t, NULL);
      b->sink += (guint64) t;
    }
  return bench_elapsed_since (start);
}

static double
run_parse_gdatetime (gpointer data)
{
  Bench *b = data;
  gint64 start = g_get_monotonic_time ();
  int i;

  for (i = 0; i < N_STRINGS; i++)
    {
      GDateTime *dt = g_date_time_new_from_iso8601 (b->strings + i * STRING_SIZE, NULL);

      b->sink += (guint64) g_date_time_to_unix (dt);
      g_date_time_unref (dt);
    }
  return bench_elapsed_since (start);
}

static void
setup (Bench *b)
{
  /* 2015-01-01 to 2016-01-01 (one leap second), sorted, ~3.15 s apart. */
  const gint64 first = ps_time_to_tt2000 (G_GINT64_CONSTANT (1420070400) * PS_TIME_NS_PER_SECOND);
  const gint64 step = (gint64) 365 * PS_TIME_NS_PER_DAY / N_VALUES + 7;
  GRand *rand = g_rand_new_with_seed (2015);
  int i;

  b->tt2000 = g_new (gint64, N_VALUES);
  for (i = 0; i < N_VALUES; i++)
    b->tt2000[i] = first + i * step;
  b->warm = g_new (PsTime, N_VALUES);
  memset (b->warm, 0, N_VALUES * sizeof (PsTime));

  /* Instants of 2015 with every nanosecond digit in play. */
  b->times = g_new (PsTime, N_STRINGS);
  b->strings = g_malloc0 (N_STRINGS * STRING_SIZE);
  for (i = 0; i < N_STRINGS; i++)
    {
      b->times[i] = G_GINT64_CONSTANT (1420070400) * PS_TIME_NS_PER_SECOND
                    + (gint64) (g_rand_double (rand) * 365 * PS_TIME_NS_PER_DAY);
      ps_time_format_iso_buf (b->times[i], 9, b->strings + i * STRING_SIZE, STRING_SIZE);
    }
  g_rand_free (rand);
}

int
main (void)
{
  Bench b = { 0 };
  double convert, copy, convert_warm, copy_warm, ours, glib, libc, parse, parse_glib;

  setup (&b);

  convert = N_VALUES / bench_median_seconds (run_tt2000_array, &b, RUNS) / 1e6;
  copy = N_VALUES / bench_median_seconds (run_memcpy, &b, RUNS) / 1e6;
  convert_warm = N_VALUES / bench_median_seconds (run_tt2000_array_warm, &b, RUNS) / 1e6;
  copy_warm = N_VALUES / bench_median_seconds (run_memcpy_warm, &b, RUNS) / 1e6;
  ours = N_STRINGS / bench_median_seconds (run_format, &b, RUNS) / 1e6;
  glib = N_STRINGS / bench_median_seconds (run_format_gdatetime, &b, RUNS) / 1e6;
  libc = N_STRINGS / bench_median_seconds (run_format_strftime, &b, RUNS) / 1e6;
  parse = N_STRINGS / bench_median_seconds (run_parse, &b, RUNS) / 1e6;
  parse_glib = N_STRINGS / bench_median_seconds (run_parse_gdatetime, &b, RUNS) / 1e6;

  bench_row ("tt2000_to_pstime_array", convert, "M values/s",
       "10 M sorted TT2000 over 2015 (leap second included) into fresh memory");
  bench_row ("memcpy_80MB", copy, "M values/s", "memcpy of the same 80 MB into freshly malloc'd memory");
  bench_row ("tt2000_array_vs_memcpy", convert / copy, "ratio", "1 = as fast as copying");
  bench_row ("tt2000_to_pstime_array_warm", convert_warm, "M values/s",
       "the same into memory already faulted in: the conversion's own cost");
  bench_row ("memcpy_80MB_warm", copy_warm, "M values/s", "memcpy into that memory");
  bench_row ("tt2000_array_vs_memcpy_warm", convert_warm / copy_warm, "ratio", "");
  bench_row ("format_iso_ns", ours, "M strings/s", "ps_time_format_iso_buf, 9 digits");
  bench_row ("format_gdatetime", glib, "M strings/s",
       "g_date_time_new_from_unix_utc + _add + _format_iso8601 (µs only)");
  bench_row ("format_vs_gdatetime", ours / glib, "ratio", "");
  bench_row ("format_strftime", libc, "M strings/s", "gmtime_r + strftime + snprintf of the ns");
  bench_row ("format_vs_strftime", ours / libc, "ratio", "");
  bench_row ("parse_iso_ns", parse, "M strings/s", "ps_time_parse_iso on the 9-digit strings");
  bench_row ("parse_gdatetime", parse_glib, "M strings/s", "g_date_time_new_from_iso8601, same strings");
  bench_row ("parse_vs_gdatetime", parse / parse_glib, "ratio", "");

  /* Stored so that no run can be optimised away. */
  bench_sink = b.sink;

  g_free (b.tt2000);
  g_free (b.warm);
  g_free (b.times);
  g_free (b.strings);
  return 0;
}
