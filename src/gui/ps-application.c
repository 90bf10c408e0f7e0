/* ps-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One instance per session (GtkApplication's D-Bus uniqueness): a second
 * launch only raises the existing window. The primary instance owns the
 * data objects (PsDataContext); --offline applies to it only (a second
 * launch with --offline changes nothing).
 */

#define G_LOG_DOMAIN "ps-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-application.h"
#include "ps-data-context.h"
#include "ps-preferences-window.h"
#include "ps-window.h"

struct _PsApplication
{
  GtkApplication  parent_instance;

  GSettings      *settings;
  PsDataContext  *data_context;
  gboolean        default_prefer_dark;
  gboolean        offline_option;
};

G_DEFINE_FINAL_TYPE (PsApplication, ps_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 'v', 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { "offline", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show only the data already in the cache; download nothing"), NULL },
  { NULL }
};

static void
style_variant_changed_cb (PsApplication *self,
                          const char    *key,
                          GSettings     *settings)
{
  g_autofree char *variant = g_settings_get_string (settings, "style-variant");
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  gboolean dark = self->default_prefer_dark;

  if (gtk_settings == NULL)
    return;

  /* GTK 4.8 has no portal colour scheme: "system" is whatever the desktop's
   * XSettings said at startup. */
  if (g_strcmp0 (variant, "light") == 0)
    dark = FALSE;
  else if (g_strcmp0 (variant, "dark") == 0)
    dark = TRUE;

  g_object_set (gtk_settings, "gtk-application-prefer-dark-theme", dark, NULL);
}

static void
load_style_css (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* The window to act on: the focused one, else the first. Without a window
 * manager (or before the first focus) GTK knows of no active window. */
static GtkWindow *
main_window (GtkApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (app);
  GList *windows;

  if (window != NULL)
    return window;
  windows = gtk_application_get_windows (app);
  return windows != NULL ? windows->data : NULL;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Close the windows so they save their state, then quit. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (app));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *authors[] = {
    "The Plasmascope developers",
    NULL
  };
  GtkApplication *app = GTK_APPLICATION (user_data);

  gtk_show_about_dialog (main_window (app),
                         "program-name", "Plasmascope",
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Browse, plot and catalog spacecraft measurements of space plasmas"),
                         "website", "https://plasmascope.org",
                         "copyright", "© 2026 The Plasmascope developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  PsApplication *self = PS_APPLICATION (user_data);
  GtkWindow *parent = main_window (GTK_APPLICATION (self));
  GtkWindow *preferences = GTK_WINDOW (ps_preferences_window_new (self->data_context));

  gtk_window_set_transient_for (preferences, parent);
  gtk_window_present (preferences);
}

static const GActionEntry app_entries[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static int
ps_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "plasmascope", PACKAGE_VERSION);
      return 0;
    }
  PS_APPLICATION (app)->offline_option = g_variant_dict_contains (options, "offline");

  return -1;
}

static void
ps_application_startup (GApplication *app)
{
  PsApplication *self = PS_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "settings.sidebar-visible", { "F9", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (ps_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  load_style_css ();

  self->settings = g_settings_new (SCHEMA_ID);
  g_object_get (gtk_settings_get_default (),
                "gtk-application-prefer-dark-theme", &self->default_prefer_dark,
                NULL);
  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (style_variant_changed_cb), self,
                           G_CONNECT_SWAPPED);
  style_variant_changed_cb (self, "style-variant", self->settings);

  self->data_context = ps_data_context_new (self->settings);
  ps_data_context_set_offline_forced (self->data_context, self->offline_option);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
ps_application_activate (GApplication *app)
{
  GtkWindow *window = main_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ps_window_new (PS_APPLICATION (app)));

  gtk_window_present (window);
}

/* `plasmascope FILE.cdf…`, or files opened from a file manager */
static void
ps_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  GtkWindow *window = main_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ps_window_new (PS_APPLICATION (app)));
  ps_window_open_files (PS_WINDOW (window), files, (guint) n_files);
  gtk_window_present (window);
}

static void
ps_application_finalize (GObject *object)
{
  PsApplication *self = PS_APPLICATION (object);

  g_clear_object (&self->data_context);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ps_application_parent_class)->finalize (object);
}

static void
ps_application_class_init (PsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ps_application_finalize;

  app_class->activate = ps_application_activate;
  app_class->open = ps_application_open;
  app_class->handle_local_options = ps_application_handle_local_options;
  app_class->startup = ps_application_startup;
}

static void
ps_application_init (PsApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Browse, plot and catalog spacecraft measurements of space plasmas."));
}

PsApplication *
ps_application_new (void)
{
  return g_object_new (PS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * ps_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the application's settings, once started
 */
GSettings *
ps_application_get_settings (PsApplication *self)
{
  g_return_val_if_fail (PS_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * ps_application_get_data_context:
 *
 * Returns: (transfer none) (nullable): the fetcher, cache and providers of
 *   the application, once started
 */
PsDataContext *
ps_application_get_data_context (PsApplication *self)
{
  g_return_val_if_fail (PS_IS_APPLICATION (self), NULL);

  return self->data_context;
}
