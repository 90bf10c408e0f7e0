/* ps-time-axis.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The time range a window shows. Every plot panel of a window subscribes to
 * one axis (notify::range), so zooming or panning any of them moves all.
 * The axis keeps its range sane: never shorter than PS_TIME_AXIS_MIN_DURATION,
 * never outside [PS_TIME_AXIS_LOWER, PS_TIME_AXIS_UPPER), which also keeps
 * every computation on it far from gint64 overflow.
 */

#define G_LOG_DOMAIN "ps-time-axis"

#include "config.h"

#include <math.h>

#include "ps-time-axis.h"

struct _PsTimeAxis
{
  GObject     parent_instance;
  PsTimeRange range;
};

G_DEFINE_FINAL_TYPE (PsTimeAxis, ps_time_axis, G_TYPE_OBJECT)

/* Durations are computed in gint64: the whole allowed span must fit. */
G_STATIC_ASSERT (PS_TIME_AXIS_UPPER / 2 - PS_TIME_AXIS_LOWER / 2 < G_MAXINT64 / 2);

enum {
  PROP_0,
  PROP_RANGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clamp_range (PsTimeRange *range)
{
  gint64 duration;

  g_assert (range != NULL);

  if (range->start < PS_TIME_AXIS_LOWER)
    range->start = PS_TIME_AXIS_LOWER;
  if (range->stop > PS_TIME_AXIS_UPPER)
    range->stop = PS_TIME_AXIS_UPPER;
  if (range->stop < range->start)
    range->stop = range->start;

  duration = range->stop - range->start;
  if (duration < PS_TIME_AXIS_MIN_DURATION)
    {
      /* Grow around the centre, then slide back inside the bounds. */
      PsTime center = range->start + duration / 2;

      range->start = center - PS_TIME_AXIS_MIN_DURATION / 2;
      range->stop = range->start + PS_TIME_AXIS_MIN_DURATION;
      if (range->start < PS_TIME_AXIS_LOWER)
        {
          range->start = PS_TIME_AXIS_LOWER;
          range->stop = PS_TIME_AXIS_LOWER + PS_TIME_AXIS_MIN_DURATION;
        }
      else if (range->stop > PS_TIME_AXIS_UPPER)
        {
          range->stop = PS_TIME_AXIS_UPPER;
          range->start = PS_TIME_AXIS_UPPER - PS_TIME_AXIS_MIN_DURATION;
        }
    }
}

static void
ps_time_axis_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PsTimeAxis *self = PS_TIME_AXIS (object);

  switch (prop_id)
    {
    case PROP_RANGE:
      g_value_set_boxed (value, &self->range);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_time_axis_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PsTimeAxis *self = PS_TIME_AXIS (object);

  switch (prop_id)
    {
    case PROP_RANGE:
      if (g_value_get_boxed (value) != NULL)
        ps_time_axis_set_range (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_time_axis_class_init (PsTimeAxisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ps_time_axis_get_property;
  object_class->set_property = ps_time_axis_set_property;

  properties[PROP_RANGE] =
    g_param_spec_boxed ("range", NULL, NULL,
                        PS_TYPE_TIME_RANGE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_time_axis_init (PsTimeAxis *self)
{
  /* One day, 2020-01-01: a calm default until settings say otherwise. */
  self->range.start = G_GINT64_CONSTANT (1577836800000000000);
  self->range.stop = self->range.start + G_GINT64_CONSTANT (86400000000000);
}

PsTimeAxis *
ps_time_axis_new (const PsTimeRange *range)
{
  return g_object_new (PS_TYPE_TIME_AXIS, "range", range, NULL);
}

const PsTimeRange *
ps_time_axis_get_range (PsTimeAxis *self)
{
  g_return_val_if_fail (PS_IS_TIME_AXIS (self), NULL);

  return &self->range;
}

void
ps_time_axis_set_range (PsTimeAxis        *self,
                        const PsTimeRange *range)
{
  PsTimeRange clamped;

  g_return_if_fail (PS_IS_TIME_AXIS (self));
  g_return_if_fail (range != NULL);

  clamped = *range;
  clamp_range (&clamped);

  if (clamped.start == self->range.start && clamped.stop == self->range.stop)
    return;

  self->range = clamped;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE]);
}

/* Moves the range by @fraction of its duration (negative: back in time),
 * keeping the duration when it meets a bound. */
void
ps_time_axis_pan (PsTimeAxis *self,
                  double      fraction)
{
  PsTimeRange range;
  double delta;

  g_return_if_fail (PS_IS_TIME_AXIS (self));
  g_return_if_fail (isfinite (fraction));

  /* In double, then clamped to the bounds: no product can overflow. */
  delta = fraction * (double) (self->range.stop - self->range.start);
  delta = CLAMP (delta,
                 (double) (PS_TIME_AXIS_LOWER - self->range.start),
                 (double) (PS_TIME_AXIS_UPPER - self->range.stop));

  range.start = self->range.start + (gint64) llround (delta);
  range.stop = self->range.stop + (gint64) llround (delta);
  ps_time_axis_set_range (self, &range);
}

/* Multiplies the duration by @factor (< 1 zooms in), keeping @center at the
 * same relative position in the range. */
void
ps_time_axis_zoom (PsTimeAxis *self,
                   double      factor,
                   PsTime      center)
{
  PsTimeRange range;
  double duration;
  double before;
  double after;

  g_return_if_fail (PS_IS_TIME_AXIS (self));
  g_return_if_fail (isfinite (factor) && factor > 0);

  center = CLAMP (center, self->range.start, self->range.stop);
  duration = (double) (self->range.stop - self->range.start);
  before = (double) (center - self->range.start) * factor;
  after = (double) (self->range.stop - center) * factor;

  /* Never past the bounds, and never by more than the whole allowed span. */
  before = MIN (before, (double) (center - PS_TIME_AXIS_LOWER));
  after = MIN (after, (double) (PS_TIME_AXIS_UPPER - center));
  if (duration == 0)
    return;

  range.start = center - (gint64) llround (before);
  range.stop = center + (gint64) llround (after);
  ps_time_axis_set_range (self, &range);
}
