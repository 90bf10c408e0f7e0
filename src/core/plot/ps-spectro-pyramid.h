/* ps-spectro-pyramid.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsSpectroPyramid: block aggregates of every bin of a spectrogram, so
 * that the mean colour position of the samples of any range [a, b) —
 * one image column — comes from O(log n) blocks per bin instead of
 * b − a samples: a whole image in O(columns · bins · log n).
 *
 * Colour positions (PsSpectroScale, the core's mirror of the render
 * library's PsColorNorm) are clamped to [0, 1], which no sum of raw values
 * can undo; so each block also keeps, per bin, the extent of its values.
 * A block whose values all fall inside [lo, hi] adds its sum, scaled; one
 * entirely above hi adds 1 per value, one entirely below lo 0 per value;
 * only a block that straddles lo or hi is split into its children, down
 * to the samples. With an automatic colour range nothing visible is
 * clamped but the lowest decades of a log scale, so splits are rare.
 *
 * Per level, per block, per bin: the sum and count of the non-NaN values
 * and their min and max (linear scale), and the same for the log10 of the
 * positive values (log scale), extents as floats rounded outwards: 40
 * bytes. Level 0 has one block per PS_SPECTRO_PYRAMID_BASE_BLOCK samples,
 * level k + 1 one per two blocks of level k. Memory: 2n / B blocks of
 * 40 · m bytes, against 8n · (1 + m) bytes of times and values: an
 * overhead of 10m / (B (1 + m)) = 15.2 % for m = 32 with B = 64, never
 * above 15.6 %.
 *
 * Gaps are not the pyramid's business: a column holding no sample, or
 * only NaN, gets no count, and the renderer decides what covers it.
 *
 * Immutable once built and atomically refcounted; it keeps a reference on
 * its series. Building reads the whole series once (O(n · m), a log10 per
 * positive value): do it on a worker, with ps_spectro_pyramid_new_async().
 */
#pragma once

#include <gio/gio.h>
#include <math.h>

#include "ps-series.h"

G_BEGIN_DECLS

#define PS_TYPE_SPECTRO_PYRAMID (ps_spectro_pyramid_get_type ())

#define PS_SPECTRO_PYRAMID_BASE_BLOCK 64

/**
 * PsSpectroScale:
 * @log: positions from the log10 of the values; values <= 0 have none
 * @empty: no value has a position (a log scale with min or max <= 0)
 * @lo: where position 0 is, in the value's (log10 or linear) domain
 * @hi: where position 1 is
 *
 * A value's position on a colour map: (x − lo) / (hi − lo) clamped to
 * [0, 1], x the value or its log10; 0.5 for all when !(hi > lo); none
 * (NaN) for NaN. The same arithmetic as ps_color_norm_apply(), so that
 * sums agree to the last bit with the renderer's.
 */
typedef struct
{
  gboolean log;
  gboolean empty;
  double   lo;
  double   hi;
} PsSpectroScale;

typedef struct _PsSpectroPyramid PsSpectroPyramid;

void              ps_spectro_scale_init             (PsSpectroScale        *scale,
                                                     double                 min,
                                                     double                 max,
                                                     gboolean               log);

/**
 * ps_spectro_scale_position:
 *
 * Returns: where @value falls, in [0, 1], or NaN if it has no colour
 */
static inline double
ps_spectro_scale_position (const PsSpectroScale *scale,
                           double                value)
{
  double x;

  if (isnan (value) || scale->empty)
    return NAN;
  if (scale->log)
    {
      if (value <= 0.0)
        return NAN;
      x = log10 (value);
    }
  else
    x = value;
  if (!(scale->hi > scale->lo))
    return 0.5;
  x = (x - scale->lo) / (scale->hi - scale->lo);
  return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

void              ps_spectro_reduce_direct          (PsSeries              *series,
                                                     gsize                  first,
                                                     gsize                  last,
                                                     const PsSpectroScale  *scale,
                                                     double                *sum,
                                                     gsize                 *count);

GType             ps_spectro_pyramid_get_type       (void) G_GNUC_CONST;

PsSpectroPyramid *ps_spectro_pyramid_new            (PsSeries              *series);
PsSpectroPyramid *ps_spectro_pyramid_new_full       (PsSeries              *series,
                                                     GCancellable          *cancellable,
                                                     GError               **error);
void              ps_spectro_pyramid_new_async      (PsSeries              *series,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
PsSpectroPyramid *ps_spectro_pyramid_new_finish     (GAsyncResult          *result,
                                                     GError               **error);

PsSpectroPyramid *ps_spectro_pyramid_ref            (PsSpectroPyramid      *self);
void              ps_spectro_pyramid_unref          (PsSpectroPyramid      *self);

PsSeries         *ps_spectro_pyramid_get_series     (PsSpectroPyramid      *self);
gsize             ps_spectro_pyramid_get_memory_size (PsSpectroPyramid     *self);

void              ps_spectro_pyramid_reduce         (PsSpectroPyramid      *self,
                                                     gsize                  first,
                                                     gsize                  last,
                                                     const PsSpectroScale  *scale,
                                                     double                *sum,
                                                     gsize                 *count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsSpectroPyramid, ps_spectro_pyramid_unref)

G_END_DECLS
