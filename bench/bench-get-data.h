/* bench-get-data.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake CDAWeb of bench-get.c: ISTP CDF files written with PsCdfWriter,
 * the JSON file lists CDAS would answer, and tests/test-server.py serving
 * both on 127.0.0.1. A scenario is a product over a range; its requests
 * are those ps_cache_plan() makes on an empty cache with the provider's
 * fragment length and maximum span, one CDF file each.
 */
#pragma once

#include <gio/gio.h>

#include "ps-cache.h"
#include "ps-cda-provider.h"

G_BEGIN_DECLS

typedef struct
{
  const char         *dataset;    /* CDAWeb id, "AC_H0_MFI" */
  const char         *variable;   /* "BGSEc" */
  PsTime              cadence;
  guint               m;          /* CDF_FLOAT[m] */
  const char * const *labels;     /* m labels */
  const char         *fieldnam;
} BenchDataset;

typedef struct
{
  PsTimeRange  range;
  char        *data_path;     /* the data request's URL path, without ?format=cdf */
  char        *answer_file;   /* the JSON file list, absolute */
  char        *cdf_file;      /* absolute */
  char        *cdf_path;      /* its URL path, "/files/….cdf" */
  gint64       n_records;
  gint64       answer_bytes;
  gint64       cdf_bytes;
} BenchRequest;

typedef struct
{
  const BenchDataset *dataset;
  char               *product;       /* "cda/DATASET/VARIABLE" */
  PsTimeRange         range;
  guint               n_fragments;
  GPtrArray          *requests;      /* of BenchRequest */
  gint64              n_records;     /* in range */
  gint64              total_bytes;   /* every answer and CDF file */
} BenchScenario;

typedef struct
{
  char        *dir;        /* $TMPDIR/plasmascope-bench-get-PID, removed by
                            * bench_site_free() (or by the next run, if this
                            * one dies) */
  GPtrArray   *routes;     /* of char *: JSON objects of routes.json */
  GPtrArray   *scenarios;  /* of BenchScenario */
  GSubprocess *server;
  char        *base_url;   /* http://127.0.0.1:PORT once started */
  PsFetcher   *fetcher;    /* for /_log and /_reset */
} BenchSite;

BenchSite     *bench_site_new          (void);
void           bench_site_free         (BenchSite          *site);
BenchScenario *bench_site_add          (BenchSite          *site,
                                        PsCdaProvider      *planner,
                                        const BenchDataset *dataset,
                                        const PsTimeRange  *range);
void           bench_site_start        (BenchSite          *site);
char          *bench_site_add_blob     (BenchSite          *site,
                                        BenchScenario      *scenario);
void           bench_site_reset_log    (BenchSite          *site);
guint          bench_site_count_requests (BenchSite        *site,
                                          const char       *path_prefix);
GBytes        *bench_site_get          (BenchSite          *site,
                                        PsFetcher          *fetcher,
                                        const char         *url_path);
void           bench_rm_rf             (const char         *path);

G_END_DECLS
