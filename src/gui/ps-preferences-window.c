/* ps-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row is bound to its GSettings key: a change applies at once, and
 * the window has nothing to save or cancel.
 */

#define G_LOG_DOMAIN "ps-preferences-window"

#include "config.h"

#include "ps-preferences-window.h"

struct _PsPreferencesWindow
{
  GtkWindow    parent_instance;

  GSettings   *settings;

  GtkDropDown *style_dropdown;
  GtkDropDown *time_format_dropdown;
};

G_DEFINE_FINAL_TYPE (PsPreferencesWindow, ps_preferences_window, GTK_TYPE_WINDOW)

/* The drop-down items are in the order of the enum's values in the schema,
 * so "selected" is the enum value. */
static gboolean
enum_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_strcmp0 (nicks[i], nick) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
selected_to_enum (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) nicks))
    return NULL;

  return g_variant_new_string (nicks[selected]);
}

static void
bind_dropdown (PsPreferencesWindow *self,
               const char          *key,
               GtkDropDown         *dropdown,
               const char * const  *nicks)
{
  g_settings_bind_with_mapping (self->settings, key,
                                dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum,
                                (gpointer) nicks, NULL);
}

static void
ps_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (ps_preferences_window_parent_class)->dispose (object);
}

static void
ps_preferences_window_finalize (GObject *object)
{
  PsPreferencesWindow *self = PS_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ps_preferences_window_parent_class)->finalize (object);
}

static void
ps_preferences_window_class_init (PsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_preferences_window_dispose;
  object_class->finalize = ps_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ps-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, style_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, time_format_dropdown);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ps_preferences_window_init (PsPreferencesWindow *self)
{
  static const char * const style_nicks[] = { "system", "light", "dark", NULL };
  static const char * const time_format_nicks[] = { "calendar", "day-of-year", NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SCHEMA_ID);
  bind_dropdown (self, "style-variant", self->style_dropdown, style_nicks);
  bind_dropdown (self, "time-format", self->time_format_dropdown, time_format_nicks);
}

GtkWidget *
ps_preferences_window_new (void)
{
  return g_object_new (PS_TYPE_PREFERENCES_WINDOW, NULL);
}
