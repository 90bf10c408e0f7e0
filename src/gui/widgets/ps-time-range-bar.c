/* ps-time-range-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The header bar's time controls: step back, the shown range (a button that
 * opens an editor for its start and end), step forward. The bar only shows
 * and edits a PsTimeAxis; the plots follow the same axis.
 */

#define G_LOG_DOMAIN "ps-time-range-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-time-display.h"
#include "ps-time-range-bar.h"

struct _PsTimeRangeBar
{
  GtkWidget      parent_instance;

  PsTimeAxis    *axis;
  PsTimeDisplay  display;

  GtkLabel      *range_label;
  GtkMenuButton *range_button;
  GtkEntry      *start_entry;
  GtkEntry      *stop_entry;
  GtkLabel      *error_label;
};

G_DEFINE_FINAL_TYPE (PsTimeRangeBar, ps_time_range_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TIME_AXIS,
  PROP_TIME_FORMAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
digits_for_range (const PsTimeRange *range)
{
  return MAX (ps_time_display_digits_needed (range->start),
              ps_time_display_digits_needed (range->stop));
}

static void
update_label (PsTimeRangeBar *self)
{
  const PsTimeRange *range;
  g_autofree char *start = NULL;
  g_autofree char *stop = NULL;
  g_autofree char *label = NULL;
  int digits;

  g_assert (PS_IS_TIME_RANGE_BAR (self));

  if (self->axis == NULL)
    {
      gtk_label_set_label (self->range_label, "");
      return;
    }

  range = ps_time_axis_get_range (self->axis);
  digits = digits_for_range (range);
  start = ps_time_format_display (range->start, self->display, digits);
  stop = ps_time_format_display (range->stop, self->display, digits);
  /* Translators: a time range shown in the header bar, "START – END" */
  label = g_strdup_printf (_("%s – %s"), start, stop);
  gtk_label_set_label (self->range_label, label);
}

static void
fill_entries (PsTimeRangeBar *self)
{
  const PsTimeRange *range;
  g_autofree char *start = NULL;
  g_autofree char *stop = NULL;
  int digits;

  if (self->axis == NULL)
    return;

  range = ps_time_axis_get_range (self->axis);
  digits = digits_for_range (range);
  start = ps_time_format_display (range->start, self->display, digits);
  stop = ps_time_format_display (range->stop, self->display, digits);
  gtk_editable_set_text (GTK_EDITABLE (self->start_entry), start);
  gtk_editable_set_text (GTK_EDITABLE (self->stop_entry), stop);
  gtk_widget_remove_css_class (GTK_WIDGET (self->start_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->stop_entry), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_error (PsTimeRangeBar *self,
            GtkEntry       *entry,
            const char     *message)
{
  if (entry != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (entry));
    }
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
axis_range_changed_cb (PsTimeRangeBar *self,
                       GParamSpec     *pspec,
                       PsTimeAxis     *axis)
{
  update_label (self);
}

static void
popover_show_cb (PsTimeRangeBar *self,
                 GtkPopover     *popover)
{
  fill_entries (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->start_entry));
}

static void
entry_changed_cb (PsTimeRangeBar *self,
                  GtkEditable    *editable)
{
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
}

static void
apply_cb (PsTimeRangeBar *self)
{
  g_autoptr(GError) error = NULL;
  PsTimeRange range;

  if (self->axis == NULL)
    return;

  if (!ps_time_parse_iso (gtk_editable_get_text (GTK_EDITABLE (self->start_entry)),
                          &range.start, &error))
    {
      show_error (self, self->start_entry, error->message);
      return;
    }

  if (!ps_time_parse_iso (gtk_editable_get_text (GTK_EDITABLE (self->stop_entry)),
                          &range.stop, &error))
    {
      show_error (self, self->stop_entry, error->message);
      return;
    }

  if (range.stop <= range.start)
    {
      show_error (self, self->stop_entry, _("The end must come after the start."));
      return;
    }

  if (range.start < PS_TIME_AXIS_LOWER || range.stop > PS_TIME_AXIS_UPPER)
    {
      show_error (self, NULL, _("Times must lie between 1900 and 2150."));
      return;
    }

  ps_time_axis_set_range (self->axis, &range);
  gtk_menu_button_popdown (self->range_button);
}

static void
ps_time_range_bar_dispose (GObject *object)
{
  PsTimeRangeBar *self = PS_TIME_RANGE_BAR (object);
  GtkWidget *child;

  ps_time_range_bar_set_time_axis (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PS_TYPE_TIME_RANGE_BAR);
  /* The template's root is not a bound child: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ps_time_range_bar_parent_class)->dispose (object);
}

static void
ps_time_range_bar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PsTimeRangeBar *self = PS_TIME_RANGE_BAR (object);

  switch (prop_id)
    {
    case PROP_TIME_AXIS:
      g_value_set_object (value, self->axis);
      break;

    case PROP_TIME_FORMAT:
      g_value_set_string (value, ps_time_range_bar_get_time_format (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_time_range_bar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PsTimeRangeBar *self = PS_TIME_RANGE_BAR (object);

  switch (prop_id)
    {
    case PROP_TIME_AXIS:
      ps_time_range_bar_set_time_axis (self, g_value_get_object (value));
      break;

    case PROP_TIME_FORMAT:
      ps_time_range_bar_set_time_format (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_time_range_bar_class_init (PsTimeRangeBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_time_range_bar_dispose;
  object_class->get_property = ps_time_range_bar_get_property;
  object_class->set_property = ps_time_range_bar_set_property;

  properties[PROP_TIME_AXIS] =
    g_param_spec_object ("time-axis", NULL, NULL,
                         PS_TYPE_TIME_AXIS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_FORMAT] =
    g_param_spec_string ("time-format", NULL, NULL,
                         "calendar",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ps-time-range-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, PsTimeRangeBar, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsTimeRangeBar, range_button);
  gtk_widget_class_bind_template_child (widget_class, PsTimeRangeBar, range_label);
  gtk_widget_class_bind_template_child (widget_class, PsTimeRangeBar, start_entry);
  gtk_widget_class_bind_template_child (widget_class, PsTimeRangeBar, stop_entry);
  gtk_widget_class_bind_template_callback (widget_class, apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timerangebar");
}

static void
ps_time_range_bar_init (PsTimeRangeBar *self)
{
  self->display = PS_TIME_DISPLAY_CALENDAR;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ps_time_range_bar_new (PsTimeAxis *axis)
{
  return g_object_new (PS_TYPE_TIME_RANGE_BAR, "time-axis", axis, NULL);
}

PsTimeAxis *
ps_time_range_bar_get_time_axis (PsTimeRangeBar *self)
{
  g_return_val_if_fail (PS_IS_TIME_RANGE_BAR (self), NULL);

  return self->axis;
}

void
ps_time_range_bar_set_time_axis (PsTimeRangeBar *self,
                                 PsTimeAxis     *axis)
{
  g_return_if_fail (PS_IS_TIME_RANGE_BAR (self));
  g_return_if_fail (axis == NULL || PS_IS_TIME_AXIS (axis));

  if (self->axis == axis)
    return;

  if (self->axis != NULL)
    g_signal_handlers_disconnect_by_func (self->axis, axis_range_changed_cb, self);

  g_set_object (&self->axis, axis);

  if (axis != NULL)
    g_signal_connect_object (axis, "notify::range",
                             G_CALLBACK (axis_range_changed_cb), self,
                             G_CONNECT_SWAPPED);

  update_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_AXIS]);
}

const char *
ps_time_range_bar_get_time_format (PsTimeRangeBar *self)
{
  g_return_val_if_fail (PS_IS_TIME_RANGE_BAR (self), NULL);

  return ps_time_display_to_nick (self->display);
}

void
ps_time_range_bar_set_time_format (PsTimeRangeBar *self,
                                   const char     *time_format)
{
  PsTimeDisplay display;

  g_return_if_fail (PS_IS_TIME_RANGE_BAR (self));

  display = ps_time_display_from_nick (time_format);
  if (display == self->display)
    return;

  self->display = display;
  update_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_FORMAT]);
}

/* Opens the range editor, as Ctrl+L does. */
void
ps_time_range_bar_edit (PsTimeRangeBar *self)
{
  g_return_if_fail (PS_IS_TIME_RANGE_BAR (self));

  gtk_menu_button_popup (self->range_button);
}

/* The text the bar shows now (for tests and accessibility). */
const char *
ps_time_range_bar_get_label (PsTimeRangeBar *self)
{
  g_return_val_if_fail (PS_IS_TIME_RANGE_BAR (self), NULL);

  return gtk_label_get_label (self->range_label);
}
