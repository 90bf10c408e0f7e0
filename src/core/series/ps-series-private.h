/* ps-series-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by ps-series.c (the immutable series and its views) and
 * ps-series-builder.c (which fills PsSeriesData once).
 */
#pragma once

#include "ps-series.h"

G_BEGIN_DECLS

/* Arrays we allocate ourselves are 64-byte aligned (cache lines, AVX-512). */
#define PS_SERIES_ALIGNMENT 64

/* One owned array and how to release it: g_aligned_free() for ours,
 * g_free() for arrays the builder took from its caller. */
typedef struct
{
  gpointer       data;
  GDestroyNotify free_func;
} PsSeriesArray;

/* The storage, written once by the builder and then only read. Every view
 * (PsSeries) of it holds a reference. */
typedef struct
{
  int            ref_count;    /* atomic */
  gsize          n;            /* rows stored */
  guint          m;            /* components per row */
  PsSeriesArray  times;        /* n PsTime, non-decreasing */
  PsSeriesArray  values;       /* n × m, row-major, fill already NaN */
  PsSeriesArray  bins;         /* m (constant) or n × m (varying) */
  PsBinsKind     bins_kind;
  PsDisplayKind  display_kind;
  char          *name;
  char          *units;
  char          *bins_units;
  char          *bins_label;
  char         **labels;       /* m strings, NULL-terminated */
  guint          n_meta;
  char         **meta_keys;    /* n_meta, sorted by strcmp(), NULL-terminated */
  char         **meta_values;  /* meta_values[i] belongs to meta_keys[i] */
} PsSeriesData;

/* A view of rows [offset, offset + n) of data. */
struct _PsSeries
{
  int           ref_count;  /* atomic */
  PsSeriesData *data;
  gsize         offset;
  gsize         n;
};

gpointer      _ps_series_array_alloc (PsSeriesArray *array,
                                      gsize          n_elements,
                                      gsize          element_size);
void          _ps_series_array_clear (PsSeriesArray *array);

PsSeriesData *_ps_series_data_new    (void);
PsSeries     *_ps_series_new         (PsSeriesData  *data,
                                      gsize          offset,
                                      gsize          n);

G_END_DECLS
