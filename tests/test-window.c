/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window under a real X server (xvfb-run): structure, actions,
 * settings round trips, and a rendering of the window to PNG in English and
 * in French (written to the build directory, to be looked at).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "ps-application.h"
#include "ps-preferences-window.h"
#include "ps-status-page.h"
#include "ps-time-range-bar.h"
#include "ps-window-private.h"
#include "test-gui.h"

static PsApplication *app;

static PsWindow *
new_window (void)
{
  PsWindow *window = ps_window_new (app);

  /* Tests own a reference: gtk_window_destroy() then finalizes it. */
  g_object_ref_sink (window);
  return window;
}

static void
destroy_window (PsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_structure (void)
{
  PsWindow *window;

  reset_settings ();
  window = new_window ();

  g_assert_true (PS_IS_TIME_RANGE_BAR (window->time_range_bar));
  g_assert_nonnull (gtk_stack_get_child_by_name (window->sidebar_stack, "products"));
  g_assert_nonnull (gtk_stack_get_child_by_name (window->sidebar_stack, "catalogs"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "products");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->plot_stack), ==, "empty");
  g_assert_true (PS_IS_STATUS_PAGE (gtk_stack_get_visible_child (window->plot_stack)));
  g_assert_cmpstr (ps_status_page_get_title (PS_STATUS_PAGE (gtk_stack_get_visible_child (window->plot_stack))),
                   ==, "Drag a Product Here");
  g_assert_nonnull (gtk_menu_button_get_menu_model (window->primary_menu_button));
  g_assert_true (gtk_widget_get_visible (window->sidebar));

  /* The main menu offers exactly what the issue names, and they work. */
  for (guint i = 0; i < 4; i++)
    {
      static const char *actions[] = { "app.about", "app.preferences", "win.show-help-overlay", "app.quit" };
      g_autofree char *group = g_strndup (actions[i], strchr (actions[i], '.') - actions[i]);
      GActionGroup *muxer;

      if (g_str_equal (group, "app"))
        muxer = G_ACTION_GROUP (app);
      else
        muxer = G_ACTION_GROUP (window);
      g_assert_true (g_action_group_has_action (muxer, strchr (actions[i], '.') + 1));
    }

  destroy_window (window);
}

static void
test_sidebar_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *page = NULL;
  PsWindow *window;

  reset_settings ();
  window = new_window ();

  g_settings_set_boolean (settings, "sidebar-visible", FALSE);
  g_assert_false (gtk_widget_get_visible (window->sidebar));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "settings.sidebar-visible", NULL));
  g_assert_true (g_settings_get_boolean (settings, "sidebar-visible"));
  g_assert_true (gtk_widget_get_visible (window->sidebar));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar-page", "s", "catalogs"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "catalogs");
  page = g_settings_get_string (settings, "sidebar-page");
  g_assert_cmpstr (page, ==, "catalogs");

  destroy_window (window);
}

static void
test_window_size_restored (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  PsWindow *window;
  int width = 0;
  int height = 0;

  reset_settings ();
  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);

  window = new_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);

  /* Closing saves the size it has now. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1111, 777);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_paint (GTK_WINDOW (window));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1111);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 777);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_assert_finalize_object (window);
}

static void
test_time_range (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  PsWindow *window;
  const PsTimeRange *range;
  g_autofree char *saved_start = NULL;
  g_autofree char *saved_stop = NULL;

  reset_settings ();
  g_settings_set_string (settings, "time-range-start", "2015-06-30T12:00:00Z");
  g_settings_set_string (settings, "time-range-stop", "2015-07-01T12:00:00Z");
  window = new_window ();

  range = ps_time_axis_get_range (ps_window_get_time_axis (window));
  g_assert_cmpint (range->start, ==, G_GINT64_CONSTANT (1435665600000000000));
  g_assert_cmpint (range->stop, ==, G_GINT64_CONSTANT (1435752000000000000));
  g_assert_cmpstr (ps_time_range_bar_get_label (window->time_range_bar), ==,
                   "2015-06-30 12:00:00 – 2015-07-01 12:00:00");

  /* Ctrl+Page Up moves back by half the range, Ctrl++ halves it around its centre. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pan-back", NULL));
  g_assert_cmpstr (ps_time_range_bar_get_label (window->time_range_bar), ==,
                   "2015-06-30 00:00:00 – 2015-07-01 00:00:00");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpstr (ps_time_range_bar_get_label (window->time_range_bar), ==,
                   "2015-06-30 06:00:00 – 2015-06-30 18:00:00");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pan-forward", NULL));
  g_assert_cmpstr (ps_time_range_bar_get_label (window->time_range_bar), ==,
                   "2015-06-30 12:00:00 – 2015-07-01 12:00:00");

  /* The day-of-year preference changes how the bar shows the range. */
  g_settings_set_string (settings, "time-format", "day-of-year");
  g_assert_cmpstr (ps_time_range_bar_get_label (window->time_range_bar), ==,
                   "2015-181 12:00:00 – 2015-182 12:00:00");

  /* Closing keeps the range for the next launch. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pan-forward", NULL));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_paint (GTK_WINDOW (window));
  gtk_window_close (GTK_WINDOW (window));
  saved_start = g_settings_get_string (settings, "time-range-start");
  saved_stop = g_settings_get_string (settings, "time-range-stop");
  g_assert_cmpstr (saved_start, ==, "2015-07-01T00:00:00Z");
  g_assert_cmpstr (saved_stop, ==, "2015-07-02T00:00:00Z");
  g_assert_finalize_object (window);
}

static void
test_bad_saved_time_range (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  PsWindow *window;
  const PsTimeRange *range;

  reset_settings ();
  g_settings_set_string (settings, "time-range-start", "yesterday");
  g_settings_set_string (settings, "time-range-stop", "2015-07-01T12:00:00Z");
  window = new_window ();

  /* A damaged setting falls back to the default range, no warning. */
  range = ps_time_axis_get_range (ps_window_get_time_axis (window));
  g_assert_cmpint (range->start, ==, G_GINT64_CONSTANT (1577836800000000000));
  g_assert_cmpint (range->stop - range->start, ==, PS_TIME_NS_PER_DAY);

  destroy_window (window);
}

static void
render_and_check (const char *png_name)
{
  PsWindow *window;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width;
  int height;

  reset_settings ();
  window = new_window ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_paint (GTK_WINDOW (window));
  spin (200);

  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  /* The default size counts the client-side decoration's margins. */
  g_test_message ("window is %d×%d", width, height);
  g_assert_cmpint (ABS (width - 1280), <=, 32);
  g_assert_cmpint (ABS (height - 800), <=, 32);

  texture = render_window (GTK_WINDOW (window));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
  assert_not_blank (texture);

  path = g_test_build_filename (G_TEST_BUILT, png_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("window rendered to %s", path);

  destroy_window (window);
}

static void
test_render (void)
{
  render_and_check ("screenshot-window.png");
}

static void
test_render_french (void)
{
  PsWindow *window;
  GtkWidget *empty;

  g_setenv ("LANGUAGE", "fr", TRUE);
  setlocale (LC_ALL, "");

  window = new_window ();
  empty = gtk_stack_get_visible_child (window->plot_stack);
  g_assert_cmpstr (ps_status_page_get_title (PS_STATUS_PAGE (empty)), ==, "Glissez un produit ici");
  destroy_window (window);

  render_and_check ("screenshot-window-fr.png");

  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static void
save_png (GtkWindow  *window,
          const char *png_name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  wait_for_paint (window);
  spin (200);
  texture = render_window (window);
  assert_not_blank (texture);
  path = g_test_build_filename (G_TEST_BUILT, png_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *format = NULL;
  g_autofree char *style = NULL;
  PsWindow *window;
  GtkWindow *preferences;
  GtkWidget *child;
  GtkDropDown *dropdowns[2] = { NULL, NULL };
  guint n_dropdowns = 0;

  reset_settings ();
  window = new_window ();
  gtk_window_present (GTK_WINDOW (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = find_toplevel (PS_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));

  /* The drop-downs, in the order they appear: style, then time format. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (preferences)); child != NULL; )
    {
      if (GTK_IS_DROP_DOWN (child) && n_dropdowns < 2)
        dropdowns[n_dropdowns++] = GTK_DROP_DOWN (child);

      if (gtk_widget_get_first_child (child) != NULL && !GTK_IS_DROP_DOWN (child))
        child = gtk_widget_get_first_child (child);
      else
        {
          while (child != NULL && gtk_widget_get_next_sibling (child) == NULL)
            {
              child = gtk_widget_get_parent (child);
              if (child == GTK_WIDGET (preferences))
                child = NULL;
            }
          if (child != NULL)
            child = gtk_widget_get_next_sibling (child);
        }
    }
  g_assert_cmpuint (n_dropdowns, ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdowns[0]), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdowns[1]), ==, 0);

  save_png (preferences, "screenshot-preferences.png");

  /* A choice is a setting at once, and the window follows it. */
  gtk_drop_down_set_selected (dropdowns[1], 1);
  format = g_settings_get_string (settings, "time-format");
  g_assert_cmpstr (format, ==, "day-of-year");
  g_assert_cmpstr (ps_time_range_bar_get_label (window->time_range_bar), ==,
                   "2020-001 00:00:00 – 2020-002 00:00:00");

  gtk_drop_down_set_selected (dropdowns[0], 2);
  style = g_settings_get_string (settings, "style-variant");
  g_assert_cmpstr (style, ==, "dark");
  g_settings_set_string (settings, "style-variant", "light");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdowns[0]), ==, 1);

  gtk_window_destroy (preferences);
  reset_settings ();
  destroy_window (window);
}

static void
test_shortcuts (void)
{
  PsWindow *window;
  GtkShortcutsWindow *overlay;

  reset_settings ();
  window = new_window ();
  gtk_window_present (GTK_WINDOW (window));

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  save_png (GTK_WINDOW (overlay), "screenshot-shortcuts.png");
  gtk_window_close (GTK_WINDOW (overlay));

  destroy_window (window);
}

static void
test_about (void)
{
  PsWindow *window;
  GtkAboutDialog *about;

  reset_settings ();
  window = new_window ();
  gtk_window_present (GTK_WINDOW (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = GTK_ABOUT_DIALOG (find_toplevel (GTK_TYPE_ABOUT_DIALOG));
  g_assert_nonnull (about);
  g_assert_cmpstr (gtk_about_dialog_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpint (gtk_about_dialog_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (gtk_about_dialog_get_comments (about));
  g_assert_cmpstr (gtk_about_dialog_get_logo_icon_name (about), ==, APP_ID);
  /* The logo resolves from the compiled-in resources, installed or not. */
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                          APP_ID));
  save_png (GTK_WINDOW (about), "screenshot-about.png");

  gtk_window_destroy (GTK_WINDOW (about));
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALE_DIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);

  app = ps_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/Gui/Window/structure", test_structure);
  g_test_add_func ("/Gui/Window/sidebar-settings", test_sidebar_settings);
  g_test_add_func ("/Gui/Window/size-restored", test_window_size_restored);
  g_test_add_func ("/Gui/Window/time-range", test_time_range);
  g_test_add_func ("/Gui/Window/bad-saved-time-range", test_bad_saved_time_range);
  g_test_add_func ("/Gui/Window/render", test_render);
  g_test_add_func ("/Gui/Window/render-french", test_render_french);
  g_test_add_func ("/Gui/Window/preferences", test_preferences);
  g_test_add_func ("/Gui/Window/shortcuts", test_shortcuts);
  g_test_add_func ("/Gui/Window/about", test_about);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
