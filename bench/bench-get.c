/* bench-get.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data-access figures of issue 5, each a ratio against a reference
 * run side by side, alternately, in the same run (the figure is the
 * median of the per-pair ratios: these VMs drift between blocks of runs):
 *
 *  - warm (bench-get-warm.c): ps_get_async() through a PsCdaProvider of
 *    one day already in the cache, against reading the same values
 *    straight from the local CDF file the server sent (ps_cdf_file_open +
 *    ps_istp_load over the same range). One day of 1-minute data (1,440
 *    records) and of 128 Hz data (11,059,200 records). Goal <= 1.2.
 *  - cold (bench-get-cold.c): ps_get_async() of 30 days into a fresh
 *    cache over loopback (file lists and CDF files requested, read,
 *    stored fragment by fragment, the answer cut from the fragments),
 *    against one curl process fetching one file of the same total bytes
 *    from the same server. 30 days of 1-minute data (0.87 MB: fixed
 *    costs, latencies and the per-fragment fsyncs dominate) and of
 *    1-second data (52 MB: the bytes dominate, as in a real month of
 *    survey data). Goal <= 1.5.
 *
 * Each figure comes with rows splitting its time into parts measured on
 * their own. The fake CDAWeb is bench-get-data.c; tests/test-server.py
 * serves it. Prints "name<TAB>value<TAB>unit<TAB>note" rows.
 *
 * Usage: bench-get [warm|cold|1min-day|128hz-day|1min-30d|1s-30d…]
 * (default: all)
 */

#define G_LOG_DOMAIN "bench-get"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench-get.h"
#include "bench-util.h"

#define DAY   PS_TIME_NS_PER_DAY
#define T2020 (ps_time_days_from_civil (2020, 1, 1) * DAY)

static const char * const ace_labels[] = { "Bx GSE", "By GSE", "Bz GSE" };
static const char * const mms_labels[] = { "Bx GSE", "By GSE", "Bz GSE", "Bt" };

static const BenchDataset ace_1min = {
  "AC_H0_MFI", "BGSEc", 60 * PS_TIME_NS_PER_SECOND, 3, ace_labels, "B-field vector in GSE cartesian",
};
static const BenchDataset ace_1s = {
  "AC_H3_MFI", "BGSEc", PS_TIME_NS_PER_SECOND, 3, ace_labels, "B-field vector in GSE cartesian",
};
static const BenchDataset mms_128hz = {
  "MMS1_FGM_BRST_L2", "mms1_fgm_b_gse_brst_l2", PS_TIME_NS_PER_SECOND / 128, 4, mms_labels,
  "Magnetic field vector in GSE plus total",
};

void
bench_get_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* ps_get_async() and the main loop until it is done. */
PsSeries *
bench_get_series (PsProvider        *provider,
                  PsCache           *cache,
                  const char        *product,
                  const PsTimeRange *range)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  PsSeries *series;

  ps_get_async (provider, cache, product, range, NULL, bench_get_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  series = ps_get_finish (result, &error);
  g_object_unref (result);
  if (series == NULL)
    g_error ("get %s: %s", product, error->message);
  return series;
}

/* The median of @n values (at most 32), left in their order. */
double
bench_get_median (const double *values,
                  int           n)
{
  double sorted[32];

  g_assert (n > 0 && n <= (int) G_N_ELEMENTS (sorted));
  memcpy (sorted, values, n * sizeof (double));
  qsort (sorted, n, sizeof (double), bench_compare_doubles);
  return sorted[n / 2];
}

typedef struct
{
  const char         *name;
  const BenchDataset *dataset;
  PsTime              start;
  int                 days;
  gboolean            cold;
} Section;

static const Section sections[] = {
  { "1min-day", &ace_1min, 0, 1, FALSE },
  { "128hz-day", &mms_128hz, 0, 1, FALSE },
  { "1min-30d", &ace_1min, 31, 30, TRUE },
  { "1s-30d", &ace_1s, 31, 30, TRUE },
};

static gboolean
wanted (const Section *section,
        int            argc,
        char          *argv[])
{
  for (int i = 1; i < argc; i++)
    if (strstr (section->name, argv[i]) != NULL
        || g_strcmp0 (argv[i], section->cold ? "cold" : "warm") == 0)
      return TRUE;
  return argc <= 1;
}

int
main (int   argc,
      char *argv[])
{
  BenchSite *site = bench_site_new ();
  g_autoptr(PsCdaProvider) planner = ps_cda_provider_new ("http://127.0.0.1", NULL);
  BenchScenario *scenarios[G_N_ELEMENTS (sections)] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      const Section *section = &sections[i];
      PsTime start = T2020 + section->start * DAY;
      PsTimeRange range = ps_time_range_make (start, start + section->days * DAY);

      if (wanted (section, argc, argv))
        scenarios[i] = bench_site_add (site, planner, section->dataset, &range);
    }
  bench_site_start (site);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      if (scenarios[i] == NULL)
        continue;
      if (sections[i].cold)
        bench_get_cold (site, scenarios[i], sections[i].name);
      else
        bench_get_warm (site, scenarios[i], sections[i].name);
    }
  bench_site_free (site);
  return bench_sink == 42 ? 1 : 0;
}
