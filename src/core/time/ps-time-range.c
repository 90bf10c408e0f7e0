/* ps-time-range.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * [start, stop) intervals of PsTime. Ranges come from users (typed dates,
 * zooming by huge factors) and from files, so every operation that moves an
 * end saturates instead of overflowing: results stay within
 * [G_MININT64 + 1, G_MAXINT64], never reaching PS_TIME_INVALID.
 */

#define G_LOG_DOMAIN "ps-time-range"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ps-time-range.h"

#define TIME_MIN (G_MININT64 + 1)
#define TIME_MAX G_MAXINT64

G_DEFINE_BOXED_TYPE (PsTimeRange, ps_time_range, ps_time_range_copy, ps_time_range_free)

static PsTime
saturating_add (PsTime a,
                PsTime b)
{
  if (b > 0 && a > TIME_MAX - b)
    return TIME_MAX;
  if (b < 0 && a < TIME_MIN - b)
    return TIME_MIN;
  return a + b;
}

/* Rounds to an integer first, so that callers pick the rounding direction. */
static PsTime
clamp_long_double (long double v)
{
  /* Where long double is only a double, (long double) TIME_MAX rounds up to
   * 2^63: the comparison still sends every value that does not fit here. */
  if (v >= (long double) TIME_MAX)
    return TIME_MAX;
  if (v <= (long double) TIME_MIN)
    return TIME_MIN;
  return (PsTime) v;
}

/**
 * ps_time_range_new:
 *
 * Returns: (transfer full): a heap copy of [@start, @stop), for APIs that
 * need a boxed pointer. Free with ps_time_range_free().
 */
PsTimeRange *
ps_time_range_new (PsTime start,
                   PsTime stop)
{
  PsTimeRange *range = g_new (PsTimeRange, 1);

  range->start = start;
  range->stop = stop;
  return range;
}

PsTimeRange *
ps_time_range_copy (const PsTimeRange *range)
{
  g_return_val_if_fail (range != NULL, NULL);

  return ps_time_range_new (range->start, range->stop);
}

void
ps_time_range_free (PsTimeRange *range)
{
  g_free (range);
}

void
ps_time_range_init (PsTimeRange *range,
                    PsTime       start,
                    PsTime       stop)
{
  g_return_if_fail (range != NULL);

  range->start = start;
  range->stop = stop;
}

PsTimeRange
ps_time_range_make (PsTime start,
                    PsTime stop)
{
  PsTimeRange range = { start, stop };

  return range;
}

/* A range whose stop is before its start is empty too, not an error:
 * intersections produce such ranges all the time. */
gboolean
ps_time_range_is_empty (const PsTimeRange *range)
{
  g_return_val_if_fail (range != NULL, TRUE);

  return range->stop <= range->start;
}

/* Valid: both ends are real instants and start <= stop (empty allowed). */
gboolean
ps_time_range_is_valid (const PsTimeRange *range)
{
  g_return_val_if_fail (range != NULL, FALSE);

  return range->start != PS_TIME_INVALID &&
         range->stop != PS_TIME_INVALID &&
         range->start <= range->stop;
}

/* 0 for an empty range; saturates at G_MAXINT64 for ranges longer than
 * that (about 292 years on each side of 1970). */
PsTime
ps_time_range_duration (const PsTimeRange *range)
{
  guint64 duration;

  g_return_val_if_fail (range != NULL, 0);

  if (range->stop <= range->start)
    return 0;

  /* Unsigned wrap-around gives the exact difference even when the signed
   * one overflows. */
  duration = (guint64) range->stop - (guint64) range->start;
  return duration > (guint64) G_MAXINT64 ? G_MAXINT64 : (PsTime) duration;
}

/* Compares the ends exactly: [5, 5) and [7, 7) are both empty but differ. */
gboolean
ps_time_range_equal (const PsTimeRange *a,
                     const PsTimeRange *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->start == b->start && a->stop == b->stop;
}

gboolean
ps_time_range_contains (const PsTimeRange *range,
                        PsTime             t)
{
  g_return_val_if_fail (range != NULL, FALSE);

  return range->start <= t && t < range->stop;
}

/* An empty @inner is contained in anything, as the empty set is. */
gboolean
ps_time_range_contains_range (const PsTimeRange *outer,
                              const PsTimeRange *inner)
{
  g_return_val_if_fail (outer != NULL, FALSE);
  g_return_val_if_fail (inner != NULL, FALSE);

  if (inner->stop <= inner->start)
    return TRUE;

  return outer->start <= inner->start && inner->stop <= outer->stop;
}

/* TRUE when @a and @b share at least one instant; ranges that only touch
 * ([0, 5) and [5, 9)) do not. */
gboolean
ps_time_range_intersects (const PsTimeRange *a,
                          const PsTimeRange *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return MAX (a->start, b->start) < MIN (a->stop, b->stop);
}

/**
 * ps_time_range_intersection:
 * @out: (out) (optional): the intersection; an empty range starting at the
 *   later start when there is none
 *
 * Returns: %TRUE if the intersection is not empty
 */
gboolean
ps_time_range_intersection (const PsTimeRange *a,
                            const PsTimeRange *b,
                            PsTimeRange       *out)
{
  PsTime start;
  PsTime stop;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  start = MAX (a->start, b->start);
  stop = MIN (a->stop, b->stop);
  if (stop < start)
    stop = start;

  if (out != NULL)
    ps_time_range_init (out, start, stop);

  return start < stop;
}

/* The smallest range covering both. Empty ranges cover nothing, so they are
 * ignored: the hull of [0, 5) and [9, 9) is [0, 5). When both are empty,
 * returns @a. */
PsTimeRange
ps_time_range_union_hull (const PsTimeRange *a,
                          const PsTimeRange *b)
{
  g_return_val_if_fail (a != NULL, ps_time_range_make (0, 0));
  g_return_val_if_fail (b != NULL, *a);

  if (b->stop <= b->start)
    return *a;
  if (a->stop <= a->start)
    return *b;

  return ps_time_range_make (MIN (a->start, b->start), MAX (a->stop, b->stop));
}

/**
 * ps_time_range_union:
 * @out: (out) (optional): the union, set only when %TRUE is returned
 *
 * Returns: %TRUE if @a ∪ @b is one range: they overlap, touch, or one of
 * them is empty
 */
gboolean
ps_time_range_union (const PsTimeRange *a,
                     const PsTimeRange *b,
                     PsTimeRange       *out)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (a->start < a->stop && b->start < b->stop &&
      MAX (a->start, b->start) > MIN (a->stop, b->stop))
    return FALSE;

  if (out != NULL)
    *out = ps_time_range_union_hull (a, b);

  return TRUE;
}

/* Ends saturate at the limits of PsTime. */
PsTimeRange
ps_time_range_shift (const PsTimeRange *range,
                     PsTime             delta)
{
  g_return_val_if_fail (range != NULL, ps_time_range_make (0, 0));

  return ps_time_range_make (saturating_add (range->start, delta),
                             saturating_add (range->stop, delta));
}

/**
 * ps_time_range_scale_around:
 * @center: the instant that stays put; it need not lie inside @range
 * @factor: > 0; below 1 zooms in, above 1 zooms out
 *
 * Multiplies the distance of each end from @center by @factor. The
 * arithmetic is done in long double (exact for any gint64 on x86), ends are
 * rounded outwards and saturate at the limits of PsTime; a non-empty range
 * stays at least 1 ns long however small @factor is.
 */
PsTimeRange
ps_time_range_scale_around (const PsTimeRange *range,
                            PsTime             center,
                            double             factor)
{
  long double c = (long double) center;
  PsTimeRange out;

  g_return_val_if_fail (range != NULL, ps_time_range_make (0, 0));
  g_return_val_if_fail (isfinite (factor) && factor > 0, *range);

  out.start = clamp_long_double (floorl (c + ((long double) range->start - c) * factor));
  out.stop = clamp_long_double (ceill (c + ((long double) range->stop - c) * factor));

  if (range->start < range->stop && out.stop <= out.start)
    {
      if (out.start < TIME_MAX)
        out.stop = out.start + 1;
      else
        out.start = out.stop - 1;
    }

  return out;
}

/* Index k of the fragment [k·f + phase, (k+1)·f + phase) holding @t, with
 * 0 <= phase < f. Floor division: C's '/' truncates towards zero, which is
 * wrong for times before 1970. The decrements cannot overflow: with f = 1,
 * r and phase are 0; with f >= 2, q starts at or above G_MININT64 / 2. */
static gint64
fragment_index (PsTime t,
                PsTime fragment,
                PsTime phase)
{
  gint64 q = t / fragment;
  gint64 r = t % fragment;

  if (r < 0)
    {
      q -= 1;
      r += fragment;
    }
  if (r < phase)
    q -= 1;

  return q;
}

/* k·f + phase, saturated: only the outermost fragments of ranges at the
 * very limits of PsTime can need it. */
static PsTime
fragment_start (gint64 k,
                PsTime fragment,
                PsTime phase)
{
  if (k > 0 && k > (TIME_MAX - phase) / fragment)
    return TIME_MAX;
  if (k < 0 && k < TIME_MIN / fragment)
    return TIME_MIN;

  return saturating_add (k * fragment, phase);
}

/**
 * ps_time_range_split_aligned:
 * @range: a valid range
 * @fragment: the fragment length in ns, > 0
 * @origin: any fragment boundary; fragments are [k·@fragment + @origin,
 *   (k+1)·@fragment + @origin) for every integer k
 * @max_fragments: the most fragments the caller accepts, > 0
 * @n_fragments: (out): the number of fragments returned
 *
 * The whole fragments that cover @range, in time order: what a cache that
 * stores whole fragments must fetch. [10:30, 12:10) with 1 h fragments
 * gives [10:00, 11:00), [11:00, 12:00), [12:00, 13:00); [10:00, 12:00)
 * gives only the first two.
 *
 * Returns: (transfer full) (nullable) (array length=n_fragments): the
 * fragments, or %NULL with *@n_fragments = 0 when @range is empty or would
 * need more than @max_fragments. Free with g_free().
 */
PsTimeRange *
ps_time_range_split_aligned (const PsTimeRange *range,
                             PsTime             fragment,
                             PsTime             origin,
                             gsize              max_fragments,
                             gsize             *n_fragments)
{
  PsTimeRange *out;
  PsTime phase;
  gint64 first;
  guint64 count;

  g_return_val_if_fail (n_fragments != NULL, NULL);
  *n_fragments = 0;
  g_return_val_if_fail (range != NULL, NULL);
  g_return_val_if_fail (ps_time_range_is_valid (range), NULL);
  g_return_val_if_fail (fragment > 0, NULL);
  g_return_val_if_fail (max_fragments > 0, NULL);

  if (range->stop <= range->start)
    return NULL;

  phase = origin % fragment;
  if (phase < 0)
    phase += fragment;

  /* stop - 1 is the last instant inside the range; stop > start > G_MININT64
   * so it does not overflow. Unsigned subtraction is exact here. */
  first = fragment_index (range->start, fragment, phase);
  count = (guint64) fragment_index (range->stop - 1, fragment, phase) - (guint64) first + 1;
  if (count > (guint64) max_fragments)
    return NULL;

  out = g_new (PsTimeRange, count);
  for (guint64 i = 0; i < count; i++)
    {
      out[i].start = fragment_start (first + (gint64) i, fragment, phase);
      out[i].stop = fragment_start (first + (gint64) i + 1, fragment, phase);
    }

  *n_fragments = count;
  return out;
}

/**
 * ps_time_range_to_string:
 *
 * Returns: (transfer full): "START/STOP" in ISO 8601 interval notation, both
 * ends with nanoseconds, so that ps_time_range_parse() gives @range back
 */
char *
ps_time_range_to_string (const PsTimeRange *range)
{
  g_autofree char *start = NULL;
  g_autofree char *stop = NULL;

  g_return_val_if_fail (range != NULL, NULL);

  start = ps_time_format_iso (range->start, 9);
  stop = ps_time_format_iso (range->stop, 9);
  return g_strconcat (start, "/", stop, NULL);
}

/**
 * ps_time_range_parse:
 * @text: "START/STOP", each end in any form ps_time_parse_iso() accepts
 * @out: (out): the range
 *
 * A stop before the start is an error (%PS_TIME_ERROR_RANGE); equal ends
 * give an empty range.
 *
 * Returns: %TRUE on success; @out is untouched on failure
 */
gboolean
ps_time_range_parse (const char   *text,
                     PsTimeRange  *out,
                     GError      **error)
{
  g_autofree char *start_text = NULL;
  const char *slash;
  PsTime start;
  PsTime stop;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  slash = strchr (text, '/');
  if (slash == NULL)
    {
      g_set_error (error, PS_TIME_ERROR, PS_TIME_ERROR_SYNTAX,
                   _("“%s” is not a time range: expected START/STOP"), text);
      return FALSE;
    }

  start_text = g_strndup (text, slash - text);
  if (!ps_time_parse_iso (start_text, &start, error))
    {
      g_prefix_error (error, _("Start of time range: "));
      return FALSE;
    }
  if (!ps_time_parse_iso (slash + 1, &stop, error))
    {
      g_prefix_error (error, _("End of time range: "));
      return FALSE;
    }
  if (stop < start)
    {
      g_set_error (error, PS_TIME_ERROR, PS_TIME_ERROR_RANGE,
                   _("Time range “%s” ends before it starts"), text);
      return FALSE;
    }

  ps_time_range_init (out, start, stop);
  return TRUE;
}
