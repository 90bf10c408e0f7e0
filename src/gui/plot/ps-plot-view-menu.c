/* ps-plot-view-menu.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The menu a right click opens on a panel: automatic or typed value
 * range, linear or logarithmic scale (for a spectrogram: of its bins and
 * of its colours), show all the data, remove the panel. The actions live
 * in a "panel" action group on the view and act on the panel the menu
 * was opened on.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ps-plot-view-private.h"

typedef enum
{
  AXIS_Y,
  AXIS_Z,
} Axis;

static gboolean
menu_panel_valid (PsPlotView *self)
{
  return self->model != NULL && self->menu_panel >= 0
         && (guint) self->menu_panel < ps_plot_model_get_n_panels (self->model);
}

static PsPlotAxisSettings
axis_settings (PsPlotView *self,
               int         panel,
               Axis        axis)
{
  const PsPlotPanel *p = ps_plot_model_get_panel (self->model, (guint) panel);

  return axis == AXIS_Y ? p->y : p->z;
}

static void
set_axis (PsPlotView               *self,
          int                       panel,
          Axis                      axis,
          const PsPlotAxisSettings *settings)
{
  if (axis == AXIS_Y)
    ps_plot_model_set_y_axis (self->model, (guint) panel, settings);
  else
    ps_plot_model_set_z_axis (self->model, (guint) panel, settings);
}

/* Whether the layout shows @axis of @panel on a log scale now */
static gboolean
axis_is_log (PsPlotView *self,
             int         panel,
             Axis        axis)
{
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (self);
  const PsPlotPanelLayout *pl;

  if (layout == NULL || (guint) panel >= ps_plot_layout_get_n_panels (layout))
    return FALSE;
  pl = ps_plot_layout_get_panel (layout, (guint) panel);
  return axis == AXIS_Y ? pl->y_log : pl->z_norm.log;
}

static void
set_log (PsPlotView *self,
         int         panel,
         Axis        axis,
         gboolean    log_scale)
{
  PsPlotAxisSettings settings = axis_settings (self, panel, axis);

  settings.scale = log_scale ? PS_PLOT_SCALE_LOG : PS_PLOT_SCALE_LINEAR;
  /* A typed range that a log scale cannot show goes back to automatic. */
  if (log_scale && !settings.auto_range && !(settings.min > 0))
    settings.auto_range = TRUE;
  set_axis (self, panel, axis, &settings);
}

void
_ps_plot_view_set_y_log (PsPlotView *self,
                         int         panel,
                         gboolean    log_scale)
{
  g_return_if_fail (self->model != NULL && panel >= 0
                    && (guint) panel < ps_plot_model_get_n_panels (self->model));

  set_log (self, panel, AXIS_Y, log_scale);
}

/* A number as people type it: "1e-3", "−5" (as the axes print it),
 * "2,5" (a decimal comma), surrounding spaces. */
static gboolean
parse_number (const char *text,
              double     *out)
{
  g_autoptr(GString) s = g_string_new (text);
  char *end;

  g_strstrip (s->str);
  g_string_set_size (s, strlen (s->str));
  g_string_replace (s, "−", "-", 0);
  g_string_replace (s, ",", ".", 0);
  if (s->len == 0)
    return FALSE;
  *out = g_ascii_strtod (s->str, &end);
  return *end == '\0' && isfinite (*out);
}

static gboolean
set_range (PsPlotView  *self,
           int          panel,
           Axis         axis,
           const char  *min_text,
           const char  *max_text,
           GError     **error)
{
  PsPlotAxisSettings settings = axis_settings (self, panel, axis);
  double min, max;

  if (!parse_number (min_text, &min) || !parse_number (max_text, &max))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Type two numbers, such as 0.5 or −1e3"));
      return FALSE;
    }
  if (!(max > min))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The maximum must be greater than the minimum"));
      return FALSE;
    }
  if (axis_is_log (self, panel, axis) && !(min > 0))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("A logarithmic scale needs a minimum above zero"));
      return FALSE;
    }
  settings.auto_range = FALSE;
  settings.min = min;
  settings.max = max;
  settings.scale = axis_is_log (self, panel, axis) ? PS_PLOT_SCALE_LOG : PS_PLOT_SCALE_LINEAR;
  set_axis (self, panel, axis, &settings);
  return TRUE;
}

/**
 * _ps_plot_view_set_y_range:
 *
 * Sets @panel's value range (its bin range for a spectrogram) from typed
 * text.
 *
 * Returns: %FALSE with @error set (for people) when the text is not a
 *   usable range
 */
gboolean
_ps_plot_view_set_y_range (PsPlotView  *self,
                           int          panel,
                           const char  *min_text,
                           const char  *max_text,
                           GError     **error)
{
  g_return_val_if_fail (self->model != NULL && panel >= 0
                        && (guint) panel < ps_plot_model_get_n_panels (self->model), FALSE);

  return set_range (self, panel, AXIS_Y, min_text, max_text, error);
}

/* --- the range popover ---------------------------------------------------- */

static GtkWidget *
popover_child (PsPlotView *self,
               const char *name)
{
  return g_object_get_data (G_OBJECT (self->range_popover), name);
}

static void
apply_range_cb (PsPlotView *self)
{
  GtkWidget *error_label = popover_child (self, "range_error");
  Axis axis = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->range_popover), "axis"));
  g_autoptr(GError) error = NULL;

  if (!menu_panel_valid (self))
    {
      gtk_popover_popdown (GTK_POPOVER (self->range_popover));
      return;
    }
  if (set_range (self, self->menu_panel, axis,
                 gtk_editable_get_text (GTK_EDITABLE (popover_child (self, "range_min"))),
                 gtk_editable_get_text (GTK_EDITABLE (popover_child (self, "range_max"))),
                 &error))
    {
      gtk_popover_popdown (GTK_POPOVER (self->range_popover));
      return;
    }
  gtk_label_set_text (GTK_LABEL (error_label), error->message);
  gtk_widget_set_visible (error_label, TRUE);
}

static void
set_entry_number (GtkWidget *entry,
                  double     value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (text, sizeof text, "%.6g", value);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
show_range_popover (PsPlotView *self,
                    Axis        axis)
{
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (self);
  const PsPlotPanelLayout *pl;
  double min, max;

  if (layout == NULL || !menu_panel_valid (self))
    return;
  pl = ps_plot_layout_get_panel (layout, (guint) self->menu_panel);
  min = axis == AXIS_Y ? pl->y_min : pl->z_norm.min;
  max = axis == AXIS_Y ? pl->y_max : pl->z_norm.max;
  g_object_set_data (G_OBJECT (self->range_popover), "axis", GINT_TO_POINTER (axis));
  gtk_label_set_text (GTK_LABEL (popover_child (self, "range_title")),
                      axis == AXIS_Y ? (pl->spectrogram ? _("Bin Range") : _("Value Range"))
                                     : _("Colour Range"));
  set_entry_number (popover_child (self, "range_min"), min);
  set_entry_number (popover_child (self, "range_max"), max);
  gtk_widget_set_visible (popover_child (self, "range_error"), FALSE);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->range_popover),
                               &(GdkRectangle) { (int) self->drag_x, (int) self->drag_y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->range_popover));
  gtk_widget_grab_focus (popover_child (self, "range_max"));
}

/* --- actions -------------------------------------------------------------- */

static void
auto_range_cb (GSimpleAction *action,
               GVariant      *param,
               gpointer       data)
{
  PsPlotView *self = data;
  Axis axis = g_str_equal (g_action_get_name (G_ACTION (action)), "auto-range") ? AXIS_Y : AXIS_Z;
  PsPlotAxisSettings settings;

  if (!menu_panel_valid (self))
    return;
  settings = axis_settings (self, self->menu_panel, axis);
  settings.auto_range = TRUE;
  set_axis (self, self->menu_panel, axis, &settings);
}

static void
set_range_cb (GSimpleAction *action,
              GVariant      *param,
              gpointer       data)
{
  PsPlotView *self = data;

  show_range_popover (self, g_str_equal (g_action_get_name (G_ACTION (action)), "set-range") ? AXIS_Y : AXIS_Z);
}

static void
log_scale_cb (GSimpleAction *action,
              GVariant      *state,
              gpointer       data)
{
  PsPlotView *self = data;
  Axis axis = g_str_equal (g_action_get_name (G_ACTION (action)), "log-scale") ? AXIS_Y : AXIS_Z;

  g_simple_action_set_state (action, state);
  if (menu_panel_valid (self))
    set_log (self, self->menu_panel, axis, g_variant_get_boolean (state));
}

static void
show_all_cb (GSimpleAction *action,
             GVariant      *param,
             gpointer       data)
{
  ps_plot_view_show_all (PS_PLOT_VIEW (data));
}

static void
remove_cb (GSimpleAction *action,
           GVariant      *param,
           gpointer       data)
{
  PsPlotView *self = data;

  if (menu_panel_valid (self))
    ps_plot_model_remove_panel (self->model, (guint) self->menu_panel);
  self->menu_panel = -1;
}

static const GActionEntry panel_entries[] = {
  { "auto-range", auto_range_cb, NULL, NULL, NULL, { 0 } },
  { "set-range", set_range_cb, NULL, NULL, NULL, { 0 } },
  { "log-scale", NULL, NULL, "false", log_scale_cb, { 0 } },
  { "auto-colour-range", auto_range_cb, NULL, NULL, NULL, { 0 } },
  { "set-colour-range", set_range_cb, NULL, NULL, NULL, { 0 } },
  { "log-colour-scale", NULL, NULL, "false", log_scale_cb, { 0 } },
  { "show-all", show_all_cb, NULL, NULL, NULL, { 0 } },
  { "remove", remove_cb, NULL, NULL, NULL, { 0 } },
};

void
_ps_plot_view_init_menu (PsPlotView *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE "/ps-plot-view-menu.ui");
  static const char * const children[] = { "range_title", "range_min", "range_max", "range_error" };
  GSimpleActionGroup *group = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), panel_entries, G_N_ELEMENTS (panel_entries), self);
  self->panel_actions = G_ACTION_GROUP (group);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "panel", self->panel_actions);
  self->menu_panel = -1;

  self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (gtk_builder_get_object (builder, "line_menu")));
  g_object_set_data_full (G_OBJECT (self->menu), "line-menu",
                          g_object_ref (gtk_builder_get_object (builder, "line_menu")), g_object_unref);
  g_object_set_data_full (G_OBJECT (self->menu), "spectrogram-menu",
                          g_object_ref (gtk_builder_get_object (builder, "spectrogram_menu")), g_object_unref);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));

  self->range_popover = GTK_WIDGET (gtk_builder_get_object (builder, "range_popover"));
  g_object_ref_sink (self->range_popover);
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    g_object_set_data (G_OBJECT (self->range_popover), children[i],
                       gtk_builder_get_object (builder, children[i]));
  g_signal_connect_swapped (gtk_builder_get_object (builder, "range_apply"), "clicked",
                            G_CALLBACK (apply_range_cb), self);
  gtk_popover_set_default_widget (GTK_POPOVER (self->range_popover),
                                  GTK_WIDGET (gtk_builder_get_object (builder, "range_apply")));
  gtk_widget_set_parent (self->range_popover, GTK_WIDGET (self));
  g_object_unref (self->range_popover);
}

void
_ps_plot_view_dispose_menu (PsPlotView *self)
{
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->range_popover, gtk_widget_unparent);
  g_clear_object (&self->panel_actions);
}

/* Opens the menu of the panel at (@x, @y) there. */
void
_ps_plot_view_popup_menu (PsPlotView *self,
                          double      x,
                          double      y)
{
  int panel = _ps_plot_view_panel_at (self, x, y);
  gboolean spectrogram;
  GMenuModel *model;

  if (panel < 0 || self->menu == NULL)
    return;
  self->menu_panel = panel;
  self->drag_x = x;
  self->drag_y = y;
  spectrogram = ps_plot_panel_is_spectrogram (ps_plot_model_get_panel (self->model, (guint) panel));
  model = g_object_get_data (G_OBJECT (self->menu), spectrogram ? "spectrogram-menu" : "line-menu");
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), model);
  /* The toggles show the scale as it is, without acting. */
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->panel_actions), "log-scale")),
                             g_variant_new_boolean (axis_is_log (self, panel, AXIS_Y)));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->panel_actions), "log-colour-scale")),
                             g_variant_new_boolean (spectrogram && axis_is_log (self, panel, AXIS_Z)));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}
