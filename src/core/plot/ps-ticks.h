/* ps-ticks.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Axis ticks for the plot engine: where the ticks go and what their labels
 * say, for the shared time axis and for linear or logarithmic value axes.
 * Pure computation on GLib; the widgets measure text and draw.
 *
 * Every function fills an output struct that the caller owns and releases
 * with the matching _clear(); the struct is overwritten, so it must not
 * hold ticks already (zero it, or clear it, first). Ticks lie inside the
 * closed interval of the range, in increasing order.
 */
#pragma once

#include <glib.h>

#include "ps-time-display.h"
#include "ps-time-range.h"

G_BEGIN_DECLS

/* How a time step advances. */
typedef enum
{
  PS_TIME_TICK_UNIT_NANOSECOND, /* fixed length, aligned to multiples since 1970 (UTC days) */
  PS_TIME_TICK_UNIT_DAY,        /* days aligned within each month (calendar display) or year (day of year) */
  PS_TIME_TICK_UNIT_MONTH,      /* month starts, months 1, 1+n, 1+2n… of each year */
  PS_TIME_TICK_UNIT_YEAR,       /* starts of years that are multiples of n */
} PsTimeTickUnit;

typedef struct
{
  guint           n_major;
  PsTime         *major;   /* n_major instants */
  char          **labels;  /* n_major labels, NULL-terminated */
  guint           n_minor;
  PsTime         *minor;   /* n_minor instants, none at a major tick */
  /* What every label leaves out, to show once at the axis start: the date
   * ("2020-01-04", "2020-004") when the labels are times of day; NULL when
   * the labels carry their date. */
  char           *context;
  PsTimeTickUnit  unit;    /* the major step: unit × count */
  gint64          count;
} PsTimeTicks;

typedef struct
{
  guint    n_major;
  double  *major;
  char   **labels;  /* n_major labels, NULL-terminated */
  guint    n_minor;
  double  *minor;
} PsTicks;

/* @label_width_px is the width of an eight-character label ("12:30:15");
 * longer labels, with fractions of a second, count as proportionally
 * wider. Chooses the smallest calendar-aligned step whose labels stay
 * 1.5 label widths apart. FALSE, and no ticks, for an empty or unusable
 * range or geometry. */
gboolean ps_time_ticks        (const PsTimeRange *range,
                               double             width_px,
                               double             label_width_px,
                               PsTimeDisplay      display,
                               PsTimeTicks       *out);
void     ps_time_ticks_clear  (PsTimeTicks       *ticks);

/* Steps of 1, 2 or 5 × 10^k, labels at least 1.5 @label_px apart.
 * lo > hi is accepted (an inverted axis); lo == hi gives one tick.
 * FALSE, and no ticks, for NaN, infinities or unusable geometry. */
gboolean ps_linear_ticks      (double             lo,
                               double             hi,
                               double             length_px,
                               double             label_px,
                               PsTicks           *out);
/* Decades ("10⁻³"), or every n-th decade when they crowd, with minor ticks
 * at 2…9; 1, 2, 5 × 10^k when fewer than two decades are in range, and
 * linear steps when even those are fewer than two. FALSE, and no ticks,
 * when lo or hi is not a finite positive number. */
gboolean ps_log_ticks         (double             lo,
                               double             hi,
                               double             length_px,
                               double             label_px,
                               PsTicks           *out);
void     ps_ticks_clear       (PsTicks           *ticks);

/* Pads a data extent for auto-fit (5 % of the span, or a factor on a log
 * axis) and rounds it out to a 1, 2, 5 × 10^k boundary; an extent that
 * starts or ends at 0 keeps the 0. A single value gets a window around it.
 * FALSE for NaN, infinities, lo > hi, or lo <= 0 with @log. */
gboolean ps_nice_range        (double             lo,
                               double             hi,
                               gboolean           log,
                               double            *out_lo,
                               double            *out_hi);

/* The extent of the finite values among @values (and, with @log, of the
 * positive ones): what auto-fit pads. FALSE when there is none. */
gboolean ps_finite_extent     (const double      *values,
                               gsize              n_values,
                               gboolean           log,
                               double            *out_lo,
                               double            *out_hi);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PsTimeTicks, ps_time_ticks_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PsTicks, ps_ticks_clear)

G_END_DECLS
