/* ps-m4.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * M4 reduction: the samples of one component that a line plot of a time
 * range needs at a given width, found on the series' PsPyramid in
 * O(width · log n), whatever the number of samples n.
 *
 * Column c of W holds the times t with c ≤ (t − t0)·W/D < c + 1, D = t1 − t0,
 * for visible = [t0, t1): [t0 + ⌈c·D/W⌉, t0 + ⌈(c + 1)·D/W⌉) in integer
 * nanoseconds (ps_m4_column_start()). For each column the result holds, in
 * time order and once each, the first, minimum, maximum and last finite
 * samples of the column (at most 4; the earliest sample on ties), so the
 * drawn column has the exact extent of the data. Before them comes the
 * last sample before t0 and after them the first sample at or after t1,
 * each only if it is finite and joins the drawn samples without a break,
 * so lines enter and leave the view as they should (and cross it when no
 * sample falls inside).
 *
 * Between two consecutive samples the result holds PS_M4_BREAK when the
 * line between them must not be drawn: a non-finite value lies between
 * them, or a time step between them is above the pyramid's gap threshold
 * (see ps-pyramid.h). This can happen inside a column. A sample with a
 * break (or the ends) on both sides is a lone point: draw it as a dot.
 */
#pragma once

#include <glib.h>

#include "ps-pyramid.h"

G_BEGIN_DECLS

#define PS_M4_BREAK     G_MAXUINT64
#define PS_M4_MAX_WIDTH (1u << 20)

typedef struct
{
  guint64 *items;     /* sample indices in time order, or PS_M4_BREAK */
  gsize    n_items;
  gsize    allocated;
} PsM4Result;

/* A line-strip vertex: x in pixels from the left edge, y the value. */
typedef struct
{
  float x;
  float y;
} PsM4Vertex;

void   ps_m4_result_init    (PsM4Result        *result);
void   ps_m4_result_clear   (PsM4Result        *result);

PsTime ps_m4_column_start   (const PsTimeRange *visible,
                             guint              width_px,
                             guint              column);

void   ps_m4_reduce         (PsPyramid         *pyramid,
                             guint              component,
                             const PsTimeRange *visible,
                             guint              width_px,
                             PsM4Result        *out);
void   ps_m4_to_vertices    (PsPyramid         *pyramid,
                             guint              component,
                             const PsTimeRange *visible,
                             guint              width_px,
                             const PsM4Result  *result,
                             GArray            *vertices);

/* Streaming M4: the same reduction computed in one pass over the samples
 * themselves, without a pyramid, for one-shot renders that see the data
 * once (plasmascope-cli render). Samples are fed in time order, in as many
 * pieces as wanted; a stream may start anywhere in the series and streams
 * over consecutive parts can be merged, so that parts are reduced on
 * several threads. The gap threshold is given, not estimated.
 *
 * The result lists the same samples and breaks as ps_m4_reduce() on a
 * pyramid of the whole series with that threshold, each with its time and
 * value (the series need not outlive the stream), a break as a sample of
 * index PS_M4_BREAK. */
typedef struct
{
  guint64 index;   /* position in the series, or PS_M4_BREAK */
  PsTime  time;
  double  value;
  guint64 breaks;  /* breaks up to and including it in its stream */
} PsM4Sample;

typedef struct _PsM4Stream PsM4Stream;

PsM4Stream *ps_m4_stream_new          (const PsTimeRange *visible,
                                       guint              width_px,
                                       PsTime             gap_threshold);
void        ps_m4_stream_free         (PsM4Stream        *self);
void        ps_m4_stream_set_previous (PsM4Stream        *self,
                                       PsTime             time);
void        ps_m4_stream_add          (PsM4Stream        *self,
                                       guint64            first_index,
                                       const PsTime      *times,
                                       const double      *values,
                                       gsize              n,
                                       guint              m,
                                       guint              component);
void        ps_m4_stream_merge        (PsM4Stream        *self,
                                       PsM4Stream        *next);
void        ps_m4_stream_finish       (PsM4Stream        *self,
                                       GArray            *samples);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsM4Stream, ps_m4_stream_free)

G_END_DECLS
