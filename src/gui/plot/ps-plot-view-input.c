/* ps-plot-view-input.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pointer and keyboard on a PsPlotView. The wheel zooms time around the
 * pointer (the instant under it stays put), Ctrl+wheel zooms the values
 * of the panel under the pointer around the value under it, a drag pans
 * time exactly with the pointer (N pixels move the range by N·D/W for a
 * plot W pixels wide showing a duration D), a double click puts the
 * panel's values back on automatic. A right drag (or Ctrl+drag) draws a
 * box that becomes the new time range and, if it is tall enough, the
 * panel's value range; a right click opens the panel's menu. Dragging the
 * gap between two panels shares their height differently. Shift+drag is
 * kept for marking catalog events. Arrows pan, +/- zoom, Home shows all
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
/* A right press that moves less than this is a click (the menu) */
#define CLICK_SLOP 4.0
/* Half the height of the grip around the gap between two panels */
#define SEPARATOR_GRIP 4.0
/* The smallest panel height a resize leaves */
#define MIN_PANEL_HEIGHT 32.0

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

/* --- box zoom ------------------------------------------------------------ */

void
_ps_plot_view_box_begin (PsPlotView *self,
                         double      x,
                         double      y)
{
  self->drag_mode = PS_PLOT_DRAG_BOX;
  self->drag_panel = _ps_plot_view_panel_at (self, x, y);
  self->drag_x = x;
  self->drag_y = y;
  self->drag_dx = self->drag_dy = 0;
}

void
_ps_plot_view_box_update (PsPlotView *self,
                          double      dx,
                          double      dy)
{
  if (self->drag_mode != PS_PLOT_DRAG_BOX)
    return;
  self->drag_dx = dx;
  self->drag_dy = dy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The box, in the view, clipped to its panel's plot area. */
static gboolean
box_rect (PsPlotView      *self,
          graphene_rect_t *rect)
{
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (self);
  const PsPlotPanelLayout *pl;
  double x0, x1, y0, y1;

  if (self->drag_mode != PS_PLOT_DRAG_BOX || layout == NULL || self->drag_panel < 0
      || (guint) self->drag_panel >= ps_plot_layout_get_n_panels (layout))
    return FALSE;
  pl = ps_plot_layout_get_panel (layout, (guint) self->drag_panel);
  x0 = CLAMP (MIN (self->drag_x, self->drag_x + self->drag_dx), pl->plot.x, pl->plot.x + pl->plot.width);
  x1 = CLAMP (MAX (self->drag_x, self->drag_x + self->drag_dx), pl->plot.x, pl->plot.x + pl->plot.width);
  y0 = CLAMP (MIN (self->drag_y, self->drag_y + self->drag_dy), pl->plot.y, pl->plot.y + pl->plot.height);
  y1 = CLAMP (MAX (self->drag_y, self->drag_y + self->drag_dy), pl->plot.y, pl->plot.y + pl->plot.height);
  graphene_rect_init (rect, (float) x0, (float) y0, (float) (x1 - x0), (float) (y1 - y0));
  return TRUE;
}

/* The box becomes the time range; a box at least CLICK_SLOP tall also
 * becomes the panel's value range (its bin range for a spectrogram). */
void
_ps_plot_view_box_end (PsPlotView *self)
{
  graphene_rect_t rect;
  const PsPlotPanelLayout *pl;
  gboolean tall;
  PsTimeRange range;

  if (!box_rect (self, &rect))
    {
      self->drag_mode = PS_PLOT_DRAG_NONE;
      return;
    }
  self->drag_mode = PS_PLOT_DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  pl = ps_plot_layout_get_panel (self->layout, (guint) self->drag_panel);
  tall = rect.size.height >= CLICK_SLOP;
  /* Everything from the layout first: a new value range drops it. */
  range.start = ps_plot_layout_x_to_time (self->layout, rect.origin.x);
  range.stop = ps_plot_layout_x_to_time (self->layout, rect.origin.x + rect.size.width);
  if (tall)
    {
      PsPlotAxisSettings settings = ps_plot_model_get_panel (self->model, (guint) self->drag_panel)->y;

      settings.auto_range = FALSE;
      settings.scale = pl->y_log ? PS_PLOT_SCALE_LOG : PS_PLOT_SCALE_LINEAR;
      settings.min = ps_plot_panel_layout_y_to_value (pl, rect.origin.y + rect.size.height);
      settings.max = ps_plot_panel_layout_y_to_value (pl, rect.origin.y);
      if (settings.max > settings.min && isfinite (settings.max - settings.min))
        ps_plot_model_set_y_axis (self->model, (guint) self->drag_panel, &settings);
    }
  if (rect.size.width >= CLICK_SLOP && self->time_axis != NULL && range.stop > range.start)
    ps_time_axis_set_range (self->time_axis, &range);
}

static void
append_outlined (GtkSnapshot           *snapshot,
                 const graphene_rect_t *rect,
                 double                 fill_alpha)
{
  const GdkRGBA fill = { 0.21f, 0.52f, 0.89f, (float) fill_alpha };
  static const GdkRGBA edge = { 0.21f, 0.52f, 0.89f, 0.85f };
  const GdkRGBA edges[4] = { edge, edge, edge, edge };
  const float widths[4] = { 1, 1, 1, 1 };
  GskRoundedRect outline;

  gtk_snapshot_append_color (snapshot, &fill, rect);
  gsk_rounded_rect_init_from_rect (&outline, rect, 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, edges);
}

/* What the hand is doing: the zoom box, or where a drop would land (the
 * panel it joins, or a band under the last panel for a new one). */
void
_ps_plot_view_snapshot_feedback (PsPlotView  *self,
                                 GtkSnapshot *snapshot)
{
  PsPlotLayout *layout = self->layout;
  guint n = layout != NULL ? ps_plot_layout_get_n_panels (layout) : 0;
  graphene_rect_t rect;

  if (box_rect (self, &rect))
    append_outlined (snapshot, &rect, 0.15);
  if (self->drop_panel < 0 || n == 0)
    return;
  if ((guint) self->drop_panel < n)
    {
      const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, (guint) self->drop_panel);

      graphene_rect_init (&rect, (float) pl->plot.x, (float) pl->plot.y,
                          (float) pl->plot.width, (float) pl->plot.height);
      append_outlined (snapshot, &rect, 0.10);
    }
  else
    {
      const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, n - 1);

      graphene_rect_init (&rect, (float) pl->plot.x, (float) (pl->plot.y + pl->plot.height - 6),
                          (float) pl->plot.width, 6.0f);
      append_outlined (snapshot, &rect, 0.6);
    }
}

/* --- panel heights ------------------------------------------------------- */

/* The panel above the gap at (@x, @y), or -1 when not on a gap. */
int
_ps_plot_view_separator_at (PsPlotView *self,
                            double      x,
                            double      y)
{
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (self);
  guint n = layout != NULL ? ps_plot_layout_get_n_panels (layout) : 0;

  for (guint i = 0; i + 1 < n; i++)
    {
      const PsPlotPanelLayout *upper = ps_plot_layout_get_panel (layout, i);
      const PsPlotPanelLayout *lower = ps_plot_layout_get_panel (layout, i + 1);

      if (x >= upper->y_axis.x && x < upper->plot.x + upper->plot.width
          && y >= upper->plot.y + upper->plot.height - SEPARATOR_GRIP
          && y < lower->plot.y + SEPARATOR_GRIP)
        return (int) i;
    }
  return -1;
}

void
_ps_plot_view_resize_begin (PsPlotView *self,
                            int         upper)
{
  const PsPlotPanelLayout *a = ps_plot_layout_get_panel (self->layout, (guint) upper);
  const PsPlotPanelLayout *b = ps_plot_layout_get_panel (self->layout, (guint) upper + 1);

  self->drag_mode = PS_PLOT_DRAG_RESIZE;
  self->drag_panel = upper;
  self->drag_y = a->plot.height; /* the upper panel's height at the start */
  self->resize_height = a->plot.height + b->plot.height;
  self->resize_weight = ps_plot_model_get_panel (self->model, (guint) upper)->weight
                        + ps_plot_model_get_panel (self->model, (guint) upper + 1)->weight;
}

/* The gap follows the pointer: the upper panel grows by @dy pixels and
 * the lower one shrinks as much; the others keep their heights. */
void
_ps_plot_view_resize_update (PsPlotView *self,
                             double      dy)
{
  double height;
  double weight;

  if (self->drag_mode != PS_PLOT_DRAG_RESIZE || self->resize_height < 2 * MIN_PANEL_HEIGHT)
    return;
  height = CLAMP (self->drag_y + dy, MIN_PANEL_HEIGHT, self->resize_height - MIN_PANEL_HEIGHT);
  weight = self->resize_weight * height / self->resize_height;
  ps_plot_model_set_panel_weight (self->model, (guint) self->drag_panel, weight);
  ps_plot_model_set_panel_weight (self->model, (guint) self->drag_panel + 1, self->resize_weight - weight);
}

/* --- gestures ------------------------------------------------------------ */

static void
drag_begin_cb (PsPlotView     *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  int separator = _ps_plot_view_separator_at (self, x, y);

  if (separator >= 0)
    {
      _ps_plot_view_resize_begin (self, separator);
      return;
    }
  /* Shift+drag will mark catalog events. */
  if (_ps_plot_view_panel_at (self, x, y) < 0 || (state & GDK_SHIFT_MASK) != 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  if ((state & GDK_CONTROL_MASK) != 0)
    _ps_plot_view_box_begin (self, x, y);
  else
    {
      self->drag_mode = PS_PLOT_DRAG_PAN;
      _ps_plot_view_drag_begin (self);
    }
}

static void
drag_update_cb (PsPlotView     *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  switch (self->drag_mode)
    {
    case PS_PLOT_DRAG_PAN:
      _ps_plot_view_drag_update (self, offset_x);
      break;
    case PS_PLOT_DRAG_BOX:
      _ps_plot_view_box_update (self, offset_x, offset_y);
      break;
    case PS_PLOT_DRAG_RESIZE:
      _ps_plot_view_resize_update (self, offset_y);
      break;
    case PS_PLOT_DRAG_NONE:
    default:
      break;
    }
}

static void
drag_end_cb (PsPlotView     *self,
             double          offset_x,
             double          offset_y,
             GtkGestureDrag *gesture)
{
  if (self->drag_mode == PS_PLOT_DRAG_BOX)
    _ps_plot_view_box_end (self);
  self->drag_mode = PS_PLOT_DRAG_NONE;
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
secondary_begin_cb (PsPlotView     *self,
                    double          x,
                    double          y,
                    GtkGestureDrag *gesture)
{
  if (_ps_plot_view_panel_at (self, x, y) < 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  _ps_plot_view_box_begin (self, x, y);
}

static void
secondary_update_cb (PsPlotView     *self,
                     double          offset_x,
                     double          offset_y,
                     GtkGestureDrag *gesture)
{
  _ps_plot_view_box_update (self, offset_x, offset_y);
}

static void
secondary_end_cb (PsPlotView     *self,
                  double          offset_x,
                  double          offset_y,
                  GtkGestureDrag *gesture)
{
  if (self->drag_mode != PS_PLOT_DRAG_BOX)
    return;
  if (fabs (offset_x) < CLICK_SLOP && fabs (offset_y) < CLICK_SLOP)
    {
      /* A click, not a box */
      self->drag_mode = PS_PLOT_DRAG_NONE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      _ps_plot_view_popup_menu (self, self->drag_x, self->drag_y);
      return;
    }
  _ps_plot_view_box_end (self);
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
  if (self->drag_mode == PS_PLOT_DRAG_NONE)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                     _ps_plot_view_separator_at (self, x, y) >= 0 ? "row-resize" : NULL);
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

  /* Alt+arrows go back and forward through the window's history,
   * Ctrl+… are the window's too. */
  if (self->time_axis == NULL
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK)) != 0)
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

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (secondary_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (secondary_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (secondary_end_cb), self);
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
