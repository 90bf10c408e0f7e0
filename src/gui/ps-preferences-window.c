/* ps-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row is bound to its GSettings key: a change applies at once, and
 * the window has nothing to save or cancel. Two pages: General (here) and
 * Data (ps-preferences-window-data.c).
 */

#define G_LOG_DOMAIN "ps-preferences-window"

#include "config.h"

#include "ps-preferences-window-private.h"

G_DEFINE_FINAL_TYPE (PsPreferencesWindow, ps_preferences_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_DATA_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* General page */

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

/* GObject */

static void
ps_preferences_window_constructed (GObject *object)
{
  PsPreferencesWindow *self = PS_PREFERENCES_WINDOW (object);
  static const char * const style_nicks[] = { "system", "light", "dark", NULL };
  static const char * const time_format_nicks[] = { "calendar", "day-of-year", NULL };

  G_OBJECT_CLASS (ps_preferences_window_parent_class)->constructed (object);

  g_assert (PS_IS_DATA_CONTEXT (self->context));

  self->settings = g_object_ref (ps_data_context_get_settings (self->context));
  bind_dropdown (self, "style-variant", self->style_dropdown, style_nicks);
  bind_dropdown (self, "time-format", self->time_format_dropdown, time_format_nicks);
  _ps_preferences_window_data_init (self);
}

static void
ps_preferences_window_dispose (GObject *object)
{
  _ps_preferences_window_data_dispose (PS_PREFERENCES_WINDOW (object));

  gtk_widget_dispose_template (GTK_WIDGET (object), PS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (ps_preferences_window_parent_class)->dispose (object);
}

static void
ps_preferences_window_finalize (GObject *object)
{
  PsPreferencesWindow *self = PS_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->limits, g_array_unref);

  G_OBJECT_CLASS (ps_preferences_window_parent_class)->finalize (object);
}

static void
ps_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PsPreferencesWindow *self = PS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATA_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PsPreferencesWindow *self = PS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATA_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_preferences_window_class_init (PsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ps_preferences_window_constructed;
  object_class->dispose = ps_preferences_window_dispose;
  object_class->finalize = ps_preferences_window_finalize;
  object_class->get_property = ps_preferences_window_get_property;
  object_class->set_property = ps_preferences_window_set_property;

  properties[PROP_DATA_CONTEXT] =
    g_param_spec_object ("data-context", NULL, NULL,
                         PS_TYPE_DATA_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ps-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, style_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsPreferencesWindow, time_format_dropdown);
  _ps_preferences_window_class_data_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ps_preferences_window_init (PsPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ps_preferences_window_new:
 * @context: the application's data objects, for the Data page
 *
 * Returns: (transfer floating): a new preferences window
 */
GtkWidget *
ps_preferences_window_new (PsDataContext *context)
{
  g_return_val_if_fail (PS_IS_DATA_CONTEXT (context), NULL);

  return g_object_new (PS_TYPE_PREFERENCES_WINDOW, "data-context", context, NULL);
}
