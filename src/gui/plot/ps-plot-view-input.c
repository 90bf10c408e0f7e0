/* ps-plot-view-input.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pointer and keyboard on a PsPlotView. The wheel zooms time around the
 * pointer (the instant under it stays put), Ctrl+wheel zooms the values
 * of the panel under the pointer around the value under it, a drag pans
 * time exactly with the pointer (N pixels move the range by N·D/W for a
 * plot W pixels wide showing a duration D), a double click puts the
 * panel's values back on automatic. Arrows pan, +/- zoom, Home shows all
 * the data. No kinetic scrolling: a plot stops when the hand does.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <math.h>

#include "ps-plot-view-private.h"

/* One wheel notch */
#define ZOOM_STEP 1.2
/* One arrow key press, as a fraction of the range */
#define PAN_STEP  0.1

void
_ps_plot_view_zoom_time (PsPlotView *self,
                         double      factor,
                         PsTime      center)
{
  if (self->time_axis != NULL)
    ps_time_axis_zoom (self->time_axis, factor, center);
}

static void
zoom_values (PsPlotView *self,
             int         panel,
             double      y,
             double      factor)
{
  const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (self->layout, panel);
  const PsPlotPanel *p = ps_plot_model_get_panel (self->model, panel);
  PsPlotAxisSettings settings = p->y;
  double lo = pl->y_log ? log10 (pl->y_min) : pl->y_min;
  double hi = pl->y_log ? log10 (pl->y_max) : pl->y_max;
  double anchor = lo + (hi - lo) * (1.0 - (y - pl->plot.y) / pl->plot.height);

  lo = anchor - (anchor - lo) * factor;
  hi = anchor + (hi - anchor) * factor;
  if (!(hi > lo) || !isfinite (hi - lo))
    return;

  settings.auto_range = FALSE;
  settings.min = pl->y_log ? pow (10.0, lo) : lo;
  settings.max = pl->y_log ? pow (10.0, hi) : hi;
  /* Keep the scale the layout resolved, not "auto", which could flip. */
  settings.scale = pl->y_log ? PS_PLOT_SCALE_LOG : PS_PLOT_SCALE_LINEAR;
  if (pl->spectrogram)
    return; /* the bin axis follows its bins for now */
  ps_plot_model_set_y_axis (self->model, (guint) panel, &settings);
}

/* @dy > 0 (wheel towards the user) zooms out. */
void
_ps_plot_view_scroll (PsPlotView *self,
                      double      x,
                      double      y,
                      double      dy,
                      gboolean    y_axis)
{
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (self);
  double factor = pow (ZOOM_STEP, dy);
  int panel;

  if (layout == NULL || dy == 0)
    return;
  panel = _ps_plot_view_panel_at (self, x, y);
  if (y_axis)
    {
      if (panel >= 0)
        zoom_values (self, panel, y, factor);
      return;
    }
  _ps_plot_view_zoom_time (self, factor, ps_plot_layout_x_to_time (layout, x));
}

static double
plot_width (PsPlotView *self)
{
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (self);

  if (layout == NULL || ps_plot_layout_get_n_panels (layout) == 0)
    return 0;
  return ps_plot_layout_get_panel (layout, 0)->plot.width;
}

void
_ps_plot_view_drag_begin (PsPlotView *self)
{
  if (self->time_axis == NULL)
    return;
  self->drag_range = *ps_time_axis_get_range (self->time_axis);
  /* The width at the start: the y axis labels may widen mid-drag. */
  self->drag_width = plot_width (self);
  self->dragging = self->drag_width > 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The range at the start of the drag moved by @offset_x pixels: the
 * instant that was under the pointer stays under it. */
void
_ps_plot_view_drag_update (PsPlotView *self,
                           double      offset_x)
{
  double duration = (double) (self->drag_range.stop - self->drag_range.start);
  double shift;
  PsTimeRange range;

  if (!self->dragging || self->time_axis == NULL)
    return;
  shift = -offset_x * duration / self->drag_width;
  shift = CLAMP (shift,
                 (double) (PS_TIME_AXIS_LOWER - self->drag_range.start),
                 (double) (PS_TIME_AXIS_UPPER - self->drag_range.stop));
  range.start = self->drag_range.start + (gint64) llround (shift);
  range.stop = self->drag_range.stop + (gint64) llround (shift);
  ps_time_axis_set_range (self->time_axis, &range);
}

void
_ps_plot_view_reset_y (PsPlotView *self,
                       double      x,
                       double      y)
{
  int panel = _ps_plot_view_panel_at (self, x, y);
  PsPlotAxisSettings settings;

  if (panel < 0)
    return;
  settings = ps_plot_model_get_panel (self->model, (guint) panel)->y;
  settings.auto_range = TRUE;
  ps_plot_model_set_y_axis (self->model, (guint) panel, &settings);
}

static gboolean
scroll_cb (PsPlotView               *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  /* Scroll events come with the surface's coordinates; the motion
   * controller has the pointer in ours. */
  if (self->pointer_x < 0)
    return FALSE;
  _ps_plot_view_scroll (self, self->pointer_x, self->pointer_y, dy, (state & GDK_CONTROL_MASK) != 0);
  return TRUE;
}

static void
drag_begin_cb (PsPlotView     *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  if (_ps_plot_view_panel_at (self, x, y) < 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  _ps_plot_view_drag_begin (self);
}

static void
drag_update_cb (PsPlotView     *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  _ps_plot_view_drag_update (self, offset_x);
}

static void
drag_end_cb (PsPlotView     *self,
             double          offset_x,
             double          offset_y,
             GtkGestureDrag *gesture)
{
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pressed_cb (PsPlotView      *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2)
    _ps_plot_view_reset_y (self, x, y);
}

static void
motion_cb (PsPlotView               *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  self->pointer_x = x;
  self->pointer_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (PsPlotView               *self,
          GtkEventControllerMotion *controller)
{
  self->pointer_x = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
key_pressed_cb (PsPlotView            *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  const PsTimeRange *range;

  if (self->time_axis == NULL)
    return FALSE;
  range = ps_time_axis_get_range (self->time_axis);
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      ps_time_axis_pan (self->time_axis, -PAN_STEP);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      ps_time_axis_pan (self->time_axis, PAN_STEP);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      _ps_plot_view_zoom_time (self, 1.0 / ZOOM_STEP, range->start + (range->stop - range->start) / 2);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      _ps_plot_view_zoom_time (self, ZOOM_STEP, range->start + (range->stop - range->start) / 2);
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      ps_plot_view_show_all (self);
      return TRUE;
    default:
      return FALSE;
    }
}

void
_ps_plot_view_init_input (PsPlotView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
