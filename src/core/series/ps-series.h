/* ps-series.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsSeries: n sample times and n × m values (row-major doubles), with labels,
 * units, optional spectrogram bins and ISTP metadata. Immutable once built
 * and atomically refcounted, so any thread may read, slice or unref it.
 * Slices share the storage of the series they come from (so even a small
 * slice keeps the whole storage alive).
 *
 * PsSeriesBuilder: the mutable side, for one thread at a time. Fill it, then
 * ps_series_builder_end() validates it and hands its arrays to the new
 * series without copying them.
 */
#pragma once

#include <glib-object.h>

#include "ps-time.h"
#include "ps-time-range.h"

G_BEGIN_DECLS

#define PS_TYPE_SERIES       (ps_series_get_type ())
#define PS_TYPE_DISPLAY_KIND (ps_display_kind_get_type ())
#define PS_TYPE_BINS_KIND    (ps_bins_kind_get_type ())
#define PS_SERIES_ERROR      (ps_series_error_quark ())

typedef enum
{
  PS_DISPLAY_LINE,
  PS_DISPLAY_VECTOR,
  PS_DISPLAY_MULTI,
  PS_DISPLAY_SPECTROGRAM,
} PsDisplayKind;

typedef enum
{
  PS_BINS_NONE,
  PS_BINS_CONSTANT, /* m doubles, the same for every sample */
  PS_BINS_VARYING,  /* n × m doubles, one row per sample */
} PsBinsKind;

typedef enum
{
  PS_SERIES_ERROR_UNSORTED,     /* times (or pieces) go back in time */
  PS_SERIES_ERROR_SHAPE,        /* array sizes do not agree */
  PS_SERIES_ERROR_INVALID_TIME, /* a time is PS_TIME_INVALID */
  PS_SERIES_ERROR_INCOMPATIBLE, /* pieces cannot be joined */
} PsSeriesError;

typedef struct _PsSeries        PsSeries;
typedef struct _PsSeriesBuilder PsSeriesBuilder;

GQuark              ps_series_error_quark       (void);
GType               ps_series_get_type          (void) G_GNUC_CONST;
GType               ps_display_kind_get_type    (void) G_GNUC_CONST;
GType               ps_bins_kind_get_type       (void) G_GNUC_CONST;

const char         *ps_display_kind_to_string   (PsDisplayKind     kind);
gboolean            ps_display_kind_from_string (const char       *text,
                                                 PsDisplayKind    *kind);

/* The series */

PsSeries           *ps_series_ref               (PsSeries         *self);
void                ps_series_unref             (PsSeries         *self);

gsize               ps_series_get_n             (PsSeries         *self);
guint               ps_series_get_m             (PsSeries         *self);
const PsTime       *ps_series_get_times         (PsSeries         *self);
PsTime              ps_series_get_time          (PsSeries         *self,
                                                 gsize             i);
const double       *ps_series_get_values        (PsSeries         *self);
double              ps_series_get_value         (PsSeries         *self,
                                                 gsize             i,
                                                 guint             j);
PsTimeRange         ps_series_get_time_range    (PsSeries         *self);

const char         *ps_series_get_name          (PsSeries         *self);
const char         *ps_series_get_units         (PsSeries         *self);
const char         *ps_series_get_label         (PsSeries         *self,
                                                 guint             j);
const char * const *ps_series_get_labels        (PsSeries         *self);
PsDisplayKind       ps_series_get_display_kind  (PsSeries         *self);

PsBinsKind          ps_series_get_bins_kind     (PsSeries         *self);
const double       *ps_series_get_bins          (PsSeries         *self);
const char         *ps_series_get_bins_units    (PsSeries         *self);
const char         *ps_series_get_bins_label    (PsSeries         *self);

const char         *ps_series_get_meta          (PsSeries         *self,
                                                 const char       *key);
const char * const *ps_series_get_meta_keys     (PsSeries         *self);

gsize               ps_series_lower_bound       (PsSeries         *self,
                                                 PsTime            t);
gsize               ps_series_upper_bound       (PsSeries         *self,
                                                 PsTime            t);
gboolean            ps_series_value_at          (PsSeries         *self,
                                                 PsTime            t,
                                                 guint             j,
                                                 double           *value,
                                                 PsTime           *sample_time);
PsSeries           *ps_series_slice             (PsSeries         *self,
                                                 const PsTimeRange *range);
PsSeries           *ps_series_slice_index       (PsSeries         *self,
                                                 gsize             first,
                                                 gsize             count);
PsSeries           *ps_series_concat            (PsSeries * const *pieces,
                                                 guint             n_pieces,
                                                 GError          **error);

/* The builder */

PsSeriesBuilder    *ps_series_builder_new                 (void);
void                ps_series_builder_free                (PsSeriesBuilder     *self);

void                ps_series_builder_set_name            (PsSeriesBuilder     *self,
                                                           const char          *name);
void                ps_series_builder_set_units           (PsSeriesBuilder     *self,
                                                           const char          *units);
void                ps_series_builder_set_labels          (PsSeriesBuilder     *self,
                                                           const char * const  *labels);
void                ps_series_builder_set_display_kind    (PsSeriesBuilder     *self,
                                                           PsDisplayKind        kind);
void                ps_series_builder_set_fill_value      (PsSeriesBuilder     *self,
                                                           double               fill);
void                ps_series_builder_set_meta            (PsSeriesBuilder     *self,
                                                           const char          *key,
                                                           const char          *value);

void                ps_series_builder_set_times           (PsSeriesBuilder     *self,
                                                           const PsTime        *times,
                                                           gsize                n);
void                ps_series_builder_take_times          (PsSeriesBuilder     *self,
                                                           PsTime              *times,
                                                           gsize                n);
PsTime             *ps_series_builder_alloc_times         (PsSeriesBuilder     *self,
                                                           gsize                n);

void                ps_series_builder_set_values          (PsSeriesBuilder     *self,
                                                           const double        *values,
                                                           gsize                n,
                                                           guint                m);
void                ps_series_builder_take_values         (PsSeriesBuilder     *self,
                                                           double              *values,
                                                           gsize                n,
                                                           guint                m);
double             *ps_series_builder_alloc_values        (PsSeriesBuilder     *self,
                                                           gsize                n,
                                                           guint                m);

void                ps_series_builder_set_constant_bins   (PsSeriesBuilder     *self,
                                                           const double        *bins,
                                                           guint                m);
void                ps_series_builder_set_varying_bins    (PsSeriesBuilder     *self,
                                                           const double        *bins,
                                                           gsize                n,
                                                           guint                m);
void                ps_series_builder_take_varying_bins   (PsSeriesBuilder     *self,
                                                           double              *bins,
                                                           gsize                n,
                                                           guint                m);
double             *ps_series_builder_alloc_varying_bins  (PsSeriesBuilder     *self,
                                                           gsize                n,
                                                           guint                m);
void                ps_series_builder_set_bins_units      (PsSeriesBuilder     *self,
                                                           const char          *units);
void                ps_series_builder_set_bins_label      (PsSeriesBuilder     *self,
                                                           const char          *label);

PsSeries           *ps_series_builder_end                 (PsSeriesBuilder     *self,
                                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsSeries, ps_series_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsSeriesBuilder, ps_series_builder_free)

G_END_DECLS
