/* ps-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: header bar (side-panel toggle, time range, main menu),
 * the side panel (Products, Catalogs) and the plot area. Its size, the side
 * panel and the time range are kept in GSettings and come back at the next
 * launch.
 */

#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-time-display.h"
#include "ps-window-private.h"

G_DEFINE_FINAL_TYPE (PsWindow, ps_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_TIME_AXIS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
restore_time_range (PsWindow *self)
{
  g_autofree char *start_text = g_settings_get_string (self->settings, "time-range-start");
  g_autofree char *stop_text = g_settings_get_string (self->settings, "time-range-stop");
  PsTimeRange range;

  if (ps_time_parse_iso (start_text, &range.start, NULL)
      && ps_time_parse_iso (stop_text, &range.stop, NULL)
      && range.stop > range.start)
    ps_time_axis_set_range (self->time_axis, &range);
  else
    g_debug ("Ignoring saved time range “%s”/“%s”", start_text, stop_text);
}

/* Saved when the window closes, not on every change: panning and zooming
 * change the range many times a second. */
static void
save_time_range (PsWindow *self)
{
  const PsTimeRange *range = ps_time_axis_get_range (self->time_axis);
  g_autofree char *start = ps_time_format_iso (range->start, ps_time_display_digits_needed (range->start));
  g_autofree char *stop = ps_time_format_iso (range->stop, ps_time_display_digits_needed (range->stop));

  g_settings_set_string (self->settings, "time-range-start", start);
  g_settings_set_string (self->settings, "time-range-stop", stop);
}

static void
save_window_state (PsWindow *self)
{
  int width = 0;
  int height = 0;
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  /* The default size is the unmaximized size, the one worth restoring. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width >= 360 && height >= 300)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  save_time_range (self);
  g_settings_apply (self->settings);
}

static gboolean
ps_window_close_request (GtkWindow *window)
{
  save_window_state (PS_WINDOW (window));

  return GTK_WINDOW_CLASS (ps_window_parent_class)->close_request (window);
}

static void
ps_window_constructed (GObject *object)
{
  PsWindow *self = PS_WINDOW (object);

  G_OBJECT_CLASS (ps_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "sidebar-visible",
                   self->sidebar, "visible",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sidebar-width",
                   self->paned, "position",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sidebar-page",
                   self->sidebar_stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "time-format",
                   self->time_range_bar, "time-format",
                   G_SETTINGS_BIND_GET);

  restore_time_range (self);
  /* The range of the last session is where history starts. */
  self->history = ps_time_history_new (self->time_axis);

  _ps_window_actions_init (self);
  _ps_window_plot_init (self);
}

static void
ps_window_dispose (GObject *object)
{
  PsWindow *self = PS_WINDOW (object);

  _ps_window_plot_dispose (self);
  _ps_window_local_dispose (self);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (ps_window_parent_class)->dispose (object);
}

static void
ps_window_finalize (GObject *object)
{
  PsWindow *self = PS_WINDOW (object);

  g_clear_object (&self->time_axis);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ps_window_parent_class)->finalize (object);
}

static void
ps_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PsWindow *self = PS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_TIME_AXIS:
      g_value_set_object (value, self->time_axis);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_window_class_init (PsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ps_window_constructed;
  object_class->dispose = ps_window_dispose;
  object_class->finalize = ps_window_finalize;
  object_class->get_property = ps_window_get_property;

  window_class->close_request = ps_window_close_request;

  properties[PROP_TIME_AXIS] =
    g_param_spec_object ("time-axis", NULL, NULL,
                         PS_TYPE_TIME_AXIS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ps-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PsWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, plot_stack);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, time_range_bar);

  _ps_window_class_actions_init (klass);
  _ps_window_class_plot_init (klass);

  g_type_ensure (PS_TYPE_STATUS_PAGE);
  g_type_ensure (PS_TYPE_TIME_RANGE_BAR);
}

static void
ps_window_init (PsWindow *self)
{
  self->settings = g_settings_new (SCHEMA_ID);
  self->time_axis = ps_time_axis_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  ps_time_range_bar_set_time_axis (self->time_range_bar, self->time_axis);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

PsWindow *
ps_window_new (PsApplication *application)
{
  PsWindow *self;

  g_return_val_if_fail (PS_IS_APPLICATION (application), NULL);

  self = g_object_new (PS_TYPE_WINDOW, "application", application, NULL);
  /* The application is set after constructed(): now */
  _ps_window_local_init (self);
  return self;
}

/**
 * ps_window_get_time_axis:
 *
 * Returns: (transfer none): the time axis every plot of the window follows
 */
PsTimeAxis *
ps_window_get_time_axis (PsWindow *self)
{
  g_return_val_if_fail (PS_IS_WINDOW (self), NULL);

  return self->time_axis;
}
