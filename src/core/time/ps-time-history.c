/* ps-time-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history holds the settled range ("current") and two stacks. Every
 * change of the axis (re)starts a short timer; when it fires, or when
 * back/forward is asked for first, the axis's range becomes a step:
 * the previous current goes onto the back stack and the forward stack is
 * forgotten. Going back or forward moves the axis without recording.
 */

#define G_LOG_DOMAIN "ps-time-history"

#include "config.h"

#include "ps-time-history.h"

struct _PsTimeHistory
{
  GObject      parent_instance;

  PsTimeAxis  *axis;
  gulong       range_handler;
  PsTimeRange  current;
  GArray      *back;       /* of PsTimeRange, the most recent last */
  GArray      *forward;    /* the same */
  guint        settle_id;  /* a change waits to become a step */
  gboolean     navigating; /* moving the axis ourselves */
  gboolean     could_go_back;
  gboolean     could_go_forward;
};

G_DEFINE_FINAL_TYPE (PsTimeHistory, ps_time_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AXIS,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
same_range (const PsTimeRange *a,
            const PsTimeRange *b)
{
  return a->start == b->start && a->stop == b->stop;
}

static void
update_can_go (PsTimeHistory *self)
{
  gboolean back = ps_time_history_get_can_go_back (self);
  gboolean forward = ps_time_history_get_can_go_forward (self);

  if (back != self->could_go_back)
    {
      self->could_go_back = back;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
    }
  if (forward != self->could_go_forward)
    {
      self->could_go_forward = forward;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_FORWARD]);
    }
}

static gboolean
settle_cb (gpointer data)
{
  PsTimeHistory *self = data;

  self->settle_id = 0;
  ps_time_history_settle (self);
  return G_SOURCE_REMOVE;
}

static void
range_changed_cb (PsTimeHistory *self)
{
  if (self->navigating)
    return;
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (PS_TIME_HISTORY_SETTLE_MS, settle_cb, self);
  update_can_go (self);
}

static void
ps_time_history_dispose (GObject *object)
{
  PsTimeHistory *self = PS_TIME_HISTORY (object);

  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->axis != NULL)
    g_clear_signal_handler (&self->range_handler, self->axis);
  g_clear_object (&self->axis);

  G_OBJECT_CLASS (ps_time_history_parent_class)->dispose (object);
}

static void
ps_time_history_finalize (GObject *object)
{
  PsTimeHistory *self = PS_TIME_HISTORY (object);

  g_array_unref (self->back);
  g_array_unref (self->forward);

  G_OBJECT_CLASS (ps_time_history_parent_class)->finalize (object);
}

static void
ps_time_history_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PsTimeHistory *self = PS_TIME_HISTORY (object);

  switch (prop_id)
    {
    case PROP_AXIS:
      g_value_set_object (value, self->axis);
      break;
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, ps_time_history_get_can_go_back (self));
      break;
    case PROP_CAN_GO_FORWARD:
      g_value_set_boolean (value, ps_time_history_get_can_go_forward (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_time_history_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PsTimeHistory *self = PS_TIME_HISTORY (object);

  switch (prop_id)
    {
    case PROP_AXIS:
      self->axis = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_time_history_constructed (GObject *object)
{
  PsTimeHistory *self = PS_TIME_HISTORY (object);

  G_OBJECT_CLASS (ps_time_history_parent_class)->constructed (object);

  g_assert (self->axis != NULL);
  self->current = *ps_time_axis_get_range (self->axis);
  self->range_handler = g_signal_connect_swapped (self->axis, "notify::range",
                                                  G_CALLBACK (range_changed_cb), self);
}

static void
ps_time_history_class_init (PsTimeHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ps_time_history_constructed;
  object_class->dispose = ps_time_history_dispose;
  object_class->finalize = ps_time_history_finalize;
  object_class->get_property = ps_time_history_get_property;
  object_class->set_property = ps_time_history_set_property;

  properties[PROP_AXIS] =
    g_param_spec_object ("axis", NULL, NULL,
                         PS_TYPE_TIME_AXIS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_FORWARD] =
    g_param_spec_boolean ("can-go-forward", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_time_history_init (PsTimeHistory *self)
{
  self->back = g_array_new (FALSE, FALSE, sizeof (PsTimeRange));
  self->forward = g_array_new (FALSE, FALSE, sizeof (PsTimeRange));
}

/**
 * ps_time_history_new:
 * @axis: the axis whose ranges are remembered
 *
 * Returns: (transfer full): a history starting at @axis's range
 */
PsTimeHistory *
ps_time_history_new (PsTimeAxis *axis)
{
  g_return_val_if_fail (PS_IS_TIME_AXIS (axis), NULL);

  return g_object_new (PS_TYPE_TIME_HISTORY, "axis", axis, NULL);
}

/**
 * ps_time_history_get_axis:
 *
 * Returns: (transfer none): the axis
 */
PsTimeAxis *
ps_time_history_get_axis (PsTimeHistory *self)
{
  g_return_val_if_fail (PS_IS_TIME_HISTORY (self), NULL);

  return self->axis;
}

/**
 * ps_time_history_settle:
 *
 * Makes the axis's range a step now, without waiting for the timer (when
 * it differs from the last step).
 */
void
ps_time_history_settle (PsTimeHistory *self)
{
  const PsTimeRange *range;

  g_return_if_fail (PS_IS_TIME_HISTORY (self));

  g_clear_handle_id (&self->settle_id, g_source_remove);
  range = ps_time_axis_get_range (self->axis);
  if (!same_range (range, &self->current))
    {
      if (self->back->len == PS_TIME_HISTORY_MAX_STEPS)
        g_array_remove_index (self->back, 0);
      g_array_append_val (self->back, self->current);
      g_array_set_size (self->forward, 0);
      self->current = *range;
    }
  update_can_go (self);
}

gboolean
ps_time_history_get_can_go_back (PsTimeHistory *self)
{
  g_return_val_if_fail (PS_IS_TIME_HISTORY (self), FALSE);

  /* A change still waiting to settle can already be undone. */
  return self->back->len > 0
         || !same_range (ps_time_axis_get_range (self->axis), &self->current);
}

gboolean
ps_time_history_get_can_go_forward (PsTimeHistory *self)
{
  g_return_val_if_fail (PS_IS_TIME_HISTORY (self), FALSE);

  return self->forward->len > 0
         && same_range (ps_time_axis_get_range (self->axis), &self->current);
}

static void
move (PsTimeHistory *self,
      GArray        *from,
      GArray        *to)
{
  PsTimeRange target = g_array_index (from, PsTimeRange, from->len - 1);

  g_array_set_size (from, from->len - 1);
  g_array_append_val (to, self->current);
  self->navigating = TRUE;
  ps_time_axis_set_range (self->axis, &target);
  self->navigating = FALSE;
  /* The axis may have clamped it. */
  self->current = *ps_time_axis_get_range (self->axis);
  update_can_go (self);
}

/**
 * ps_time_history_go_back:
 *
 * Returns: %TRUE if the axis moved to the previous step
 */
gboolean
ps_time_history_go_back (PsTimeHistory *self)
{
  g_return_val_if_fail (PS_IS_TIME_HISTORY (self), FALSE);

  ps_time_history_settle (self);
  if (self->back->len == 0)
    return FALSE;
  move (self, self->back, self->forward);
  return TRUE;
}

/**
 * ps_time_history_go_forward:
 *
 * Returns: %TRUE if the axis moved to the next step
 */
gboolean
ps_time_history_go_forward (PsTimeHistory *self)
{
  g_return_val_if_fail (PS_IS_TIME_HISTORY (self), FALSE);

  ps_time_history_settle (self);
  if (self->forward->len == 0)
    return FALSE;
  move (self, self->forward, self->back);
  return TRUE;
}

/**
 * ps_time_history_clear:
 *
 * Forgets every step; the axis's range becomes the only one.
 */
void
ps_time_history_clear (PsTimeHistory *self)
{
  g_return_if_fail (PS_IS_TIME_HISTORY (self));

  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_array_set_size (self->back, 0);
  g_array_set_size (self->forward, 0);
  self->current = *ps_time_axis_get_range (self->axis);
  update_can_go (self);
}
