/* ps-plot-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsPlotView draws three layers: the background and grids (cairo, from
 * the render library), the data (a GtkGLArea child, ps-plot-view-gl.c) and
 * the axes, legends and text (cairo again), all placed by one
 * PsPlotLayout, the one exports use. The GL area is a child rather than
 * the view a GtkGLArea subclass so that GTK caches its texture apart from
 * the rest: moving the cursor line or hovering re-snapshots the view
 * without re-rendering GL, and the GL area re-renders only when the data
 * it shows changes (gtk_gl_area_queue_render()).
 *
 * Pyramids are built off the main thread (ps_pyramid_new_async()) and
 * handed to the model; a line appears when its pyramid is ready.
 * Spectrograms are rasterised on a worker (ps-plot-view-spectrogram.c).
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include "ps-plot-view-private.h"

G_DEFINE_FINAL_TYPE (PsPlotView, ps_plot_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_TIME_AXIS,
  PROP_SHOW_CURSOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint n_renders;

/* The layout and the cairo layers are stale; the GL data may be too. */
void
_ps_plot_view_invalidate (PsPlotView *self)
{
  g_clear_pointer (&self->layout, ps_plot_layout_unref);
  g_clear_pointer (&self->below, gsk_render_node_unref);
  g_clear_pointer (&self->above, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_gl_area_queue_render (GTK_GL_AREA (self->gl_area));
}

PsPlotLayout *
_ps_plot_view_ensure_layout (PsPlotView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->layout != NULL
      && (ps_plot_layout_get_width (self->layout) != width
          || ps_plot_layout_get_height (self->layout) != height
          || ps_plot_layout_get_scale (self->layout) != gtk_widget_get_scale_factor (GTK_WIDGET (self))))
    _ps_plot_view_invalidate (self);

  if (self->layout == NULL && self->model != NULL && width > 0 && height > 0
      && ps_plot_model_get_n_panels (self->model) > 0)
    self->layout = ps_plot_layout_new (self->model, &self->style, self->pango, width, height,
                                       gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  return self->layout;
}

/* The panel whose plot area or y axis contains (x, y), or -1. */
int
_ps_plot_view_panel_at (PsPlotView *self,
                        double      x,
                        double      y)
{
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (self);

  if (layout == NULL)
    return -1;
  for (guint i = 0; i < ps_plot_layout_get_n_panels (layout); i++)
    {
      const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, i);
      double left = pl->y_axis.x;

      if (y >= pl->plot.y && y < pl->plot.y + pl->plot.height
          && x >= left && x < pl->plot.x + pl->plot.width)
        return (int) i;
    }
  return -1;
}

static void
pyramid_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PsPlotView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPyramid) pyramid = ps_pyramid_new_finish (result, &error);

  if (pyramid != NULL)
    g_hash_table_remove (self->building, ps_pyramid_get_series (pyramid));
  if (pyramid == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot index a series for plotting: %s", error->message);
      return;
    }
  if (self->model == NULL)
    return;

  /* The model may have changed meanwhile: find the series again. */
  for (guint i = 0; i < ps_plot_model_get_n_panels (self->model); i++)
    {
      const PsPlotPanel *p = ps_plot_model_get_panel (self->model, i);

      for (guint k = 0; k < p->series->len; k++)
        if (g_ptr_array_index (p->series, k) == ps_pyramid_get_series (pyramid)
            && g_ptr_array_index (p->pyramids, k) == NULL)
          ps_plot_model_set_pyramid (self->model, i, k, pyramid);
    }
}

/* Starts a build for each series without a pyramid, once per series. */
static void
build_pyramids (PsPlotView *self)
{
  for (guint i = 0; i < ps_plot_model_get_n_panels (self->model); i++)
    {
      const PsPlotPanel *p = ps_plot_model_get_panel (self->model, i);

      for (guint k = 0; k < p->series->len; k++)
        {
          PsSeries *series = g_ptr_array_index (p->series, k);

          if (g_ptr_array_index (p->pyramids, k) != NULL
              || g_hash_table_contains (self->building, series))
            continue;
          g_hash_table_add (self->building, ps_series_ref (series));
          ps_pyramid_new_async (series, PS_PYRAMID_GAP_AUTO, self->cancellable,
                                pyramid_ready_cb, g_object_ref (self));
        }
    }
}

static void
model_changed_cb (PsPlotView  *self,
                  PsPlotModel *model)
{
  /* Builds under way finish into the model; only new series start one. */
  build_pyramids (self);
  _ps_plot_view_invalidate (self);
}

static void
time_range_changed_cb (PsPlotView *self)
{
  if (self->model != NULL)
    ps_plot_model_set_time_range (self->model, ps_time_axis_get_range (self->time_axis));
  _ps_plot_view_invalidate (self);
}

/* GL area */

static void
gl_realize_cb (PsPlotView *self,
               GtkGLArea  *area)
{
  g_autoptr(GError) error = NULL;

  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) != NULL)
    return;
  self->gl = ps_plot_gl_new (&error);
  if (self->gl == NULL)
    {
      g_warning ("Cannot draw plots with OpenGL: %s", error->message);
      gtk_gl_area_set_error (area, error);
    }
}

static void
gl_unrealize_cb (PsPlotView *self,
                 GtkGLArea  *area)
{
  gtk_gl_area_make_current (area);
  g_clear_pointer (&self->gl, ps_plot_gl_free);
}

static gboolean
gl_render_cb (PsPlotView   *self,
              GdkGLContext *context,
              GtkGLArea    *area)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (area));

  if (self->gl == NULL || gtk_gl_area_get_error (area) != NULL)
    return FALSE;
  n_renders++;
  ps_plot_gl_draw (self->gl, self->model, _ps_plot_view_ensure_layout (self), &self->style,
                   gtk_widget_get_width (GTK_WIDGET (area)) * scale,
                   gtk_widget_get_height (GTK_WIDGET (area)) * scale);
  return TRUE;
}

/* Snapshot */

static void
snapshot_cursor (PsPlotView  *self,
                 GtkSnapshot *snapshot)
{
  GdkRGBA color = { self->style.foreground.red, self->style.foreground.green,
                    self->style.foreground.blue, 0.5 };

  if (!self->show_cursor || self->pointer_x < 0 || self->dragging)
    return;
  for (guint i = 0; i < ps_plot_layout_get_n_panels (self->layout); i++)
    {
      const PsRect *r = &ps_plot_layout_get_panel (self->layout, i)->plot;

      if (self->pointer_x < r->x || self->pointer_x >= r->x + r->width)
        continue;
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT ((float) floor (self->pointer_x), (float) r->y,
                                                      1.0f, (float) r->height));
    }
}

static void
ps_plot_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  PsPlotView *self = PS_PLOT_VIEW (widget);

  if (_ps_plot_view_ensure_layout (self) == NULL)
    return;
  /* Lines go through GL, spectrograms through a worker; the layers
   * around them are cheap to rebuild (ps-plot-view-layers.c). */
  if (self->below == NULL)
    self->below = _ps_plot_view_below_layer (self);
  if (self->above == NULL)
    self->above = _ps_plot_view_above_layer (self);

  gtk_snapshot_append_node (snapshot, self->below);
  _ps_plot_view_snapshot_spectrograms (self, snapshot);
  gtk_widget_snapshot_child (widget, self->gl_area, snapshot);
  gtk_snapshot_append_node (snapshot, self->above);
  snapshot_cursor (self, snapshot);
  _ps_plot_view_snapshot_feedback (self, snapshot);
}

static void
ps_plot_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  PsPlotView *self = PS_PLOT_VIEW (widget);

  gtk_widget_allocate (self->gl_area, width, height, baseline, NULL);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
  if (self->range_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->range_popover));
  _ps_plot_view_invalidate (self);
}

static void
ps_plot_view_dispose (GObject *object)
{
  PsPlotView *self = PS_PLOT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->gl_area, gtk_widget_unparent);
  _ps_plot_view_dispose_menu (self);
  ps_plot_view_set_model (self, NULL);
  ps_plot_view_set_time_axis (self, NULL);
  g_clear_pointer (&self->layout, ps_plot_layout_unref);
  g_clear_pointer (&self->below, gsk_render_node_unref);
  g_clear_pointer (&self->above, gsk_render_node_unref);
  g_clear_pointer (&self->spectro_layout, ps_plot_layout_unref);
  g_clear_object (&self->spectro_texture);

  G_OBJECT_CLASS (ps_plot_view_parent_class)->dispose (object);
}

static void
ps_plot_view_finalize (GObject *object)
{
  PsPlotView *self = PS_PLOT_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->building, g_hash_table_unref);
  g_clear_object (&self->pango);
  ps_plot_style_clear (&self->style);

  G_OBJECT_CLASS (ps_plot_view_parent_class)->finalize (object);
}

static void
ps_plot_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PsPlotView *self = PS_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_TIME_AXIS:
      g_value_set_object (value, self->time_axis);
      break;
    case PROP_SHOW_CURSOR:
      g_value_set_boolean (value, self->show_cursor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_plot_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PsPlotView *self = PS_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      ps_plot_view_set_model (self, g_value_get_object (value));
      break;
    case PROP_TIME_AXIS:
      ps_plot_view_set_time_axis (self, g_value_get_object (value));
      break;
    case PROP_SHOW_CURSOR:
      ps_plot_view_set_show_cursor (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_plot_view_class_init (PsPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_plot_view_dispose;
  object_class->finalize = ps_plot_view_finalize;
  object_class->get_property = ps_plot_view_get_property;
  object_class->set_property = ps_plot_view_set_property;

  widget_class->snapshot = ps_plot_view_snapshot;
  widget_class->size_allocate = ps_plot_view_size_allocate;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         PS_TYPE_PLOT_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_AXIS] =
    g_param_spec_object ("time-axis", NULL, NULL,
                         PS_TYPE_TIME_AXIS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PsPlotView:show-cursor:
   *
   * Whether a vertical line follows the pointer across the panels, with
   * a tooltip of every graph's value at its time.
   */
  properties[PROP_SHOW_CURSOR] =
    g_param_spec_boolean ("show-cursor", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "plotview");
}

static void
ps_plot_view_init (PsPlotView *self)
{
  ps_plot_style_init (&self->style, PS_PLOT_THEME_LIGHT);
  self->pango = ps_plot_layout_create_context ();
  self->cancellable = g_cancellable_new ();
  self->building = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) ps_series_unref, NULL);
  self->pointer_x = -1;
  self->drop_panel = -1;
  self->show_cursor = TRUE;

  self->gl_area = gtk_gl_area_new ();
  gtk_gl_area_set_has_stencil_buffer (GTK_GL_AREA (self->gl_area), FALSE);
  gtk_gl_area_set_has_depth_buffer (GTK_GL_AREA (self->gl_area), FALSE);
  /* Renders when the data it shows changes, not at every snapshot. Its
   * framebuffer has alpha (always, in GTK 4): cleared to transparent, it
   * lets the grid show between the lines. */
  gtk_gl_area_set_auto_render (GTK_GL_AREA (self->gl_area), FALSE);
  gtk_widget_set_can_target (self->gl_area, FALSE);
  g_signal_connect_swapped (self->gl_area, "realize", G_CALLBACK (gl_realize_cb), self);
  g_signal_connect_swapped (self->gl_area, "unrealize", G_CALLBACK (gl_unrealize_cb), self);
  g_signal_connect_swapped (self->gl_area, "render", G_CALLBACK (gl_render_cb), self);
  gtk_widget_set_parent (self->gl_area, GTK_WIDGET (self));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  _ps_plot_view_init_input (self);
  _ps_plot_view_init_cursor (self);
  _ps_plot_view_init_menu (self);
}

GtkWidget *
ps_plot_view_new (void)
{
  return g_object_new (PS_TYPE_PLOT_VIEW, NULL);
}

PsPlotModel *
ps_plot_view_get_model (PsPlotView *self)
{
  g_return_val_if_fail (PS_IS_PLOT_VIEW (self), NULL);

  return self->model;
}

void
ps_plot_view_set_model (PsPlotView  *self,
                        PsPlotModel *model)
{
  g_return_if_fail (PS_IS_PLOT_VIEW (self));
  g_return_if_fail (model == NULL || PS_IS_PLOT_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_changed_cb, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    {
      g_signal_connect_object (model, "changed", G_CALLBACK (model_changed_cb), self,
                               G_CONNECT_SWAPPED);
      if (self->time_axis != NULL)
        ps_plot_model_set_time_range (model, ps_time_axis_get_range (self->time_axis));
      build_pyramids (self);
    }
  if (self->gl_area != NULL)
    _ps_plot_view_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

PsTimeAxis *
ps_plot_view_get_time_axis (PsPlotView *self)
{
  g_return_val_if_fail (PS_IS_PLOT_VIEW (self), NULL);

  return self->time_axis;
}

void
ps_plot_view_set_time_axis (PsPlotView *self,
                            PsTimeAxis *time_axis)
{
  g_return_if_fail (PS_IS_PLOT_VIEW (self));
  g_return_if_fail (time_axis == NULL || PS_IS_TIME_AXIS (time_axis));

  if (self->time_axis == time_axis)
    return;
  if (self->time_axis != NULL)
    g_signal_handlers_disconnect_by_func (self->time_axis, time_range_changed_cb, self);
  g_set_object (&self->time_axis, time_axis);
  if (time_axis != NULL)
    {
      g_signal_connect_object (time_axis, "notify::range", G_CALLBACK (time_range_changed_cb),
                               self, G_CONNECT_SWAPPED);
      time_range_changed_cb (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_AXIS]);
}

gboolean
ps_plot_view_get_show_cursor (PsPlotView *self)
{
  g_return_val_if_fail (PS_IS_PLOT_VIEW (self), FALSE);

  return self->show_cursor;
}

void
ps_plot_view_set_show_cursor (PsPlotView *self,
                              gboolean    show_cursor)
{
  g_return_if_fail (PS_IS_PLOT_VIEW (self));

  show_cursor = !!show_cursor;
  if (self->show_cursor == show_cursor)
    return;
  self->show_cursor = show_cursor;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), show_cursor);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CURSOR]);
}

/**
 * ps_plot_view_show_all:
 *
 * Sets the time axis to the full extent of the data of every panel, the
 * last sample counting for one mean sampling step, widened to round
 * instants (to within 1/500 of the span).
 */
void
ps_plot_view_show_all (PsPlotView *self)
{
  PsTimeRange range = { G_MAXINT64, G_MININT64 };

  g_return_if_fail (PS_IS_PLOT_VIEW (self));

  if (self->model == NULL || self->time_axis == NULL)
    return;
  for (guint i = 0; i < ps_plot_model_get_n_panels (self->model); i++)
    {
      const PsPlotPanel *p = ps_plot_model_get_panel (self->model, i);

      for (guint k = 0; k < p->series->len; k++)
        {
          PsSeries *series = g_ptr_array_index (p->series, k);
          gsize n = ps_series_get_n (series);

          PsTime first, last;

          if (n == 0)
            continue;
          first = ps_series_get_time (series, 0);
          last = ps_series_get_time (series, n - 1);
          range.start = MIN (range.start, first);
          /* The last sample stands for one step of data, as the others
           * do: hourly samples of a day show as that whole day. */
          range.stop = MAX (range.stop, last + (n > 1 ? MAX ((last - first) / (PsTime) (n - 1), 1) : 1));
        }
    }
  if (range.stop > range.start)
    {
      /* Outwards to a round instant, finer than 1/500 of the span: a
       * range bar reading 00:00:05 – 00:45:11, not to the nanosecond. */
      static const PsTime grains[] = {
        1, 1000, 1000000, 1000000000, 60 * G_GINT64_CONSTANT (1000000000),
        3600 * G_GINT64_CONSTANT (1000000000), PS_TIME_NS_PER_DAY,
      };
      PsTime grain = 1;

      for (guint i = 0; i < G_N_ELEMENTS (grains); i++)
        if (grains[i] <= (range.stop - range.start) / 500)
          grain = grains[i];
      range.start -= ((range.start % grain) + grain) % grain;
      range.stop += (grain - ((range.stop % grain) + grain) % grain) % grain;
      ps_time_axis_set_range (self->time_axis, &range);
    }
}

gboolean
_ps_plot_view_is_ready (PsPlotView *self)
{
  if (self->model == NULL)
    return FALSE;
  for (guint i = 0; i < ps_plot_model_get_n_panels (self->model); i++)
    {
      const PsPlotPanel *p = ps_plot_model_get_panel (self->model, i);

      for (guint k = 0; k < p->series->len; k++)
        if (g_ptr_array_index (p->pyramids, k) == NULL)
          return FALSE;
    }
  return TRUE;
}

guint
_ps_plot_view_get_n_renders (PsPlotView *self)
{
  return n_renders;
}

/**
 * ps_plot_view_get_panel_at:
 * @x: in the view's coordinates
 * @y: the same
 *
 * Returns: the panel whose plot area or value axis holds (@x, @y), or -1
 */
int
ps_plot_view_get_panel_at (PsPlotView *self,
                           double      x,
                           double      y)
{
  g_return_val_if_fail (PS_IS_PLOT_VIEW (self), -1);

  if (_ps_plot_view_ensure_layout (self) == NULL)
    return -1;
  return _ps_plot_view_panel_at (self, x, y);
}

/**
 * ps_plot_view_set_drop_highlight:
 * @panel: the panel a drop would add to, a number ≥ the number of panels
 *   for "a new panel below the others", or -1 for no highlight
 *
 * Shows where a product being dragged would land.
 */
void
ps_plot_view_set_drop_highlight (PsPlotView *self,
                                 int         panel)
{
  g_return_if_fail (PS_IS_PLOT_VIEW (self));

  if (self->drop_panel == panel)
    return;
  self->drop_panel = panel;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
