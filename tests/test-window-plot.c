/* test-window-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's plot under a real X server (xvfb-run): files opened list
 * their products; a product activated, or dragged from the list (the
 * drag source's "prepare" and the drop target's "drop" emitted as GTK
 * would), lands in the plot; lines join a panel of lines, a spectrogram
 * gets its own; files dropped from a file manager open. Back and forward
 * through the time ranges; box zoom, panel resizing and the panel menu's
 * actions; errors shown in the window. A screenshot of real data is
 * written to the build directory.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <math.h>

#include "ps-application.h"
#include "ps-plot-view-private.h"
#include "ps-local-provider.h"
#include "ps-window-private.h"
#include "test-gui.h"

#define ACE_K2 TEST_DATA_DIR "/cdf/speasy/ac_k2_mfi_20220101_v03.cdf"
#define HOPE   TEST_DATA_DIR "/cdf/spacepy/rbspa_rel04_ect-hope-PA-L3_20121201_v0.0.0.cdf"
#define OMNI_H5    TEST_DATA_DIR "/hdf5/OMNItest.h5"
#define THEMIS_CSV TEST_DATA_DIR "/csv/themis-fgm.csv"
#define ICON_NC    TEST_DATA_DIR "/hdf5/icon_l2-6_euv_20220307_v03r004.nc"
#define DAY    PS_TIME_NS_PER_DAY
#define T2022  G_GINT64_CONSTANT (1640995200000000000) /* 2022-01-01 */

static PsApplication *app;

static PsWindow *
new_window (void)
{
  PsWindow *window;

  reset_settings ();
  window = ps_window_new (app);
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_paint (GTK_WINDOW (window));
  return window;
}

static void
destroy_window (PsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Runs the main loop until @done (window) or 20 s. */
static void
wait_until (gboolean (*done) (PsWindow *),
            PsWindow *window)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (window) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (done (window));
}

static guint expected_files;
static guint expected_panels;
static guint expected_series;

static gboolean
files_listed (PsWindow *window)
{
  return ps_product_list_get_n_files (window->product_list) >= expected_files;
}

static guint
n_series (PsWindow *window)
{
  guint n = 0;

  for (guint i = 0; i < ps_plot_model_get_n_panels (window->model); i++)
    n += ps_plot_model_get_panel (window->model, i)->series->len;
  return n;
}

static gboolean
plotted (PsWindow *window)
{
  return ps_plot_model_get_n_panels (window->model) >= expected_panels
         && n_series (window) >= expected_series && window->n_loading == 0;
}

static gboolean
idle (PsWindow *window)
{
  return window->n_loading == 0;
}

static gboolean
view_ready (PsWindow *window)
{
  return _ps_plot_view_is_ready (window->plot_view);
}

static void
open_path (PsWindow   *window,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  expected_files = ps_product_list_get_n_files (window->product_list) + 1;
  ps_window_open_files (window, &file, 1);
  wait_until (files_listed, window);
}

static char *
product_path (const char *file,
              const char *variable)
{
  g_autoptr(GFile) f = g_file_new_for_path (file);
  g_autofree char *path = g_file_get_path (f);

  return g_strconcat ("local", path, "/", variable, NULL);
}

static void
add_and_wait (PsWindow   *window,
              const char *file,
              const char *variable,
              int         panel,
              guint       panels_after)
{
  g_autofree char *path = product_path (file, variable);

  expected_panels = panels_after;
  expected_series = n_series (window) + 1;
  ps_window_add_product (window, path, panel);
  wait_until (plotted, window);
  g_assert_cmpuint (ps_plot_model_get_n_panels (window->model), ==, panels_after);
}

static void
test_open_and_plot (void)
{
  PsWindow *window = new_window ();
  const PsTimeRange *range;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = NULL;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->products_stack), ==, "empty");
  open_path (window, ACE_K2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->products_stack), ==, "list");
  g_assert_cmpuint (ps_product_list_get_n_visible (window->product_list), ==, 2);
  ps_product_list_set_filter (window->product_list, "mag GSE");
  g_assert_cmpuint (ps_product_list_get_n_visible (window->product_list), ==, 1);
  ps_product_list_set_filter (window->product_list, "nothing-like-this");
  g_assert_cmpuint (ps_product_list_get_n_visible (window->product_list), ==, 0);
  ps_product_list_set_filter (window->product_list, NULL);

  /* The same file again: listed once. */
  {
    g_autoptr(GFile) again = g_file_new_for_path (ACE_K2);

    ps_window_open_files (window, &again, 1);
    wait_until (idle, window);
    g_assert_cmpuint (ps_product_list_get_n_files (window->product_list), ==, 1);
  }

  /* The first product brings the time range to its data. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->plot_stack), ==, "empty");
  add_and_wait (window, ACE_K2, "BGSEc", -1, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->plot_stack), ==, "plot");
  range = ps_time_axis_get_range (window->time_axis);
  g_assert_cmpint (range->start, <=, T2022);
  g_assert_cmpint (range->start, >=, T2022 - DAY / 24);
  g_assert_cmpint (range->stop, >=, T2022 + DAY - DAY / 24);
  g_assert_cmpint (range->stop, <=, T2022 + DAY + DAY / 24);

  /* A line onto a panel of lines joins it... */
  add_and_wait (window, ACE_K2, "Magnitude", 0, 1);
  g_assert_cmpuint (ps_plot_model_get_panel (window->model, 0)->series->len, ==, 2);
  /* ...a spectrogram never does; its file opens on the way. */
  add_and_wait (window, HOPE, "FPDU", 0, 2);
  g_assert_cmpuint (ps_product_list_get_n_files (window->product_list), ==, 2);
  g_assert_true (ps_plot_panel_is_spectrogram (ps_plot_model_get_panel (window->model, 1)));

  /* Closing a file in the list leaves what is plotted. */
  {
    g_autoptr(GFile) hope = g_file_new_for_path (HOPE);

    g_assert_true (ps_product_list_remove_file (window->product_list, g_file_peek_path (hope)));
  }
  g_assert_cmpuint (ps_product_list_get_n_files (window->product_list), ==, 1);
  g_assert_cmpuint (ps_plot_model_get_n_panels (window->model), ==, 2);

  /* For the screenshot: RBSP-A HOPE omnidirectional ion and electron
   * fluxes over energy, and where the spacecraft was */
  ps_plot_model_remove_panel (window->model, 1);
  ps_plot_model_remove_panel (window->model, 0);
  add_and_wait (window, HOPE, "FPDO", -1, 1);
  add_and_wait (window, HOPE, "FEDO", -1, 2);
  add_and_wait (window, HOPE, "Position_Ion", -1, 3);
  ps_plot_view_show_all (window->plot_view);
  wait_until (view_ready, window);
  wait_for_paint (GTK_WINDOW (window));
  spin (300);
  wait_for_paint (GTK_WINDOW (window));
  texture = render_window (GTK_WINDOW (window));
  assert_not_blank (texture);
  png = g_test_build_filename (G_TEST_BUILT, "screenshot-window-plot.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("window rendered to %s", png);

  destroy_window (window);
}

/* The first controller of @type under @widget (depth first) */
static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEventController *found = find_controller (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
emit_drop (PsWindow     *window,
           const GValue *value,
           double        x,
           double        y)
{
  GtkEventController *target = find_controller (gtk_widget_get_parent (GTK_WIDGET (window->plot_stack)),
                                                GTK_TYPE_DROP_TARGET);
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_signal_emit_by_name (target, "drop", value, x, y, &accepted);
  return accepted;
}

static void
test_drag_and_drop (void)
{
  PsWindow *window = new_window ();
  GtkEventController *source;
  g_autoptr(GdkContentProvider) content = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) files = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = product_path (ACE_K2, "Magnitude");
  const PsPlotPanelLayout *pl;
  GSList *list = NULL;

  /* Files dropped from a file manager open. */
  g_value_init (&files, GDK_TYPE_FILE_LIST);
  list = g_slist_append (list, g_file_new_for_path (ACE_K2));
  g_value_set_boxed (&files, list);
  expected_files = 1;
  g_assert_true (emit_drop (window, &files, 100, 100));
  wait_until (files_listed, window);
  g_slist_free_full (list, g_object_unref);

  /* The first product row's drag carries its product path. */
  source = find_controller (GTK_WIDGET (window->product_list), GTK_TYPE_DRAG_SOURCE);
  g_assert_nonnull (source);
  g_signal_emit_by_name (source, "prepare", 10.0, 10.0, &content);
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_value_get_string (&value), ==, expected);

  /* Dropped on the empty plot: a first panel. */
  expected_panels = 1;
  expected_series = 1;
  g_assert_true (emit_drop (window, &value, 300, 300));
  wait_until (plotted, window);
  wait_until (view_ready, window);
  wait_for_paint (GTK_WINDOW (window));

  /* Dropped on that panel: joins it. */
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (window->plot_view), 0);
  {
    graphene_point_t p;
    GtkEventController *target = find_controller (gtk_widget_get_parent (GTK_WIDGET (window->plot_stack)),
                                                  GTK_TYPE_DROP_TARGET);
    GdkDragAction action = 0;
    g_autoptr(GdkTexture) texture = NULL;
    g_autofree char *png = NULL;

    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (window->plot_view),
                                             gtk_widget_get_parent (GTK_WIDGET (window->plot_stack)),
                                             &GRAPHENE_POINT_INIT (pl->plot.x + 20, pl->plot.y + 20), &p));

    /* Over the panel: it is highlighted; elsewhere: "a new panel" */
    g_signal_emit_by_name (target, "motion", 2.0, 2.0, &action);
    g_assert_cmpint (window->plot_view->drop_panel, ==, 1);
    g_signal_emit_by_name (target, "motion", (double) p.x, (double) p.y, &action);
    g_assert_cmpint (action, ==, GDK_ACTION_COPY);
    g_assert_cmpint (window->plot_view->drop_panel, ==, 0);
    wait_for_paint (GTK_WINDOW (window));
    texture = render_window (GTK_WINDOW (window));
    png = g_test_build_filename (G_TEST_BUILT, "screenshot-window-drop.png", NULL);
    g_assert_true (gdk_texture_save_to_png (texture, png));
    g_signal_emit_by_name (target, "leave");
    g_assert_cmpint (window->plot_view->drop_panel, ==, -1);

    expected_series = 2;
    g_assert_true (emit_drop (window, &value, p.x, p.y));
    wait_until (plotted, window);
    g_assert_cmpuint (ps_plot_model_get_n_panels (window->model), ==, 1);
    g_assert_cmpuint (ps_plot_model_get_panel (window->model, 0)->series->len, ==, 2);
  }

  destroy_window (window);
}

static void
test_history (void)
{
  PsWindow *window = new_window ();
  PsTimeRange first = *ps_time_axis_get_range (window->time_axis);
  PsTimeRange second = { first.start + DAY, first.stop + DAY };

  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.history-back", NULL)
                  && !ps_time_range_equal (ps_time_axis_get_range (window->time_axis), &first));

  ps_time_axis_set_range (window->time_axis, &second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.history-back", NULL));
  g_assert_true (ps_time_range_equal (ps_time_axis_get_range (window->time_axis), &first));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.history-forward", NULL));
  g_assert_true (ps_time_range_equal (ps_time_axis_get_range (window->time_axis), &second));

  /* Panning with Ctrl+Page Up is a step too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pan-back", NULL));
  g_assert_cmpint (ps_time_axis_get_range (window->time_axis)->start, ==, second.start - DAY / 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.history-back", NULL));
  g_assert_true (ps_time_range_equal (ps_time_axis_get_range (window->time_axis), &second));

  destroy_window (window);
}

static void
test_box_zoom_and_resize (void)
{
  PsWindow *window = new_window ();
  PsPlotView *view = window->plot_view;
  const PsPlotPanelLayout *pl;
  PsTimeRange before;
  double x0, y0, v_top, v_bottom, lo, hi;
  double h0, h1, gap_y, width;
  const PsPlotPanel *panel;

  open_path (window, ACE_K2);
  add_and_wait (window, ACE_K2, "BGSEc", -1, 1);
  add_and_wait (window, ACE_K2, "Magnitude", -1, 2);
  wait_until (view_ready, window);
  wait_for_paint (GTK_WINDOW (window));

  /* A box over the middle half of panel 0, from 1/4 to 3/4 of its height */
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  before = *ps_time_axis_get_range (window->time_axis);
  x0 = pl->plot.x + pl->plot.width / 4;
  y0 = pl->plot.y + pl->plot.height / 4;
  lo = pl->y_min;
  hi = pl->y_max;
  width = pl->plot.width; /* the layout goes when the range changes */
  v_top = hi - (hi - lo) / 4;
  v_bottom = lo + (hi - lo) / 4;
  _ps_plot_view_box_begin (view, x0, y0);
  _ps_plot_view_box_update (view, pl->plot.width / 2, pl->plot.height / 2);
  _ps_plot_view_box_end (view);
  {
    const PsTimeRange *after = ps_time_axis_get_range (window->time_axis);
    double d = (double) (before.stop - before.start);

    g_assert_cmpfloat (fabs ((double) (after->start - before.start) - d / 4), <, d / width);
    g_assert_cmpfloat (fabs ((double) (after->stop - before.start) - 3 * d / 4), <, d / width);
  }
  panel = ps_plot_model_get_panel (window->model, 0);
  g_assert_false (panel->y.auto_range);
  g_assert_cmpfloat (fabs (panel->y.max - v_top), <, 1e-9 * (hi - lo));
  g_assert_cmpfloat (fabs (panel->y.min - v_bottom), <, 1e-9 * (hi - lo));

  /* A box too small is a click: nothing changes. */
  before = *ps_time_axis_get_range (window->time_axis);
  _ps_plot_view_box_begin (view, x0, y0);
  _ps_plot_view_box_update (view, 1, 1);
  _ps_plot_view_box_end (view);
  g_assert_true (ps_time_range_equal (ps_time_axis_get_range (window->time_axis), &before));

  /* Dragging the gap down by 40 px: the upper panel grows by 40 px. */
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  h0 = pl->plot.height;
  h1 = ps_plot_layout_get_panel (view->layout, 1)->plot.height;
  gap_y = (pl->plot.y + pl->plot.height + ps_plot_layout_get_panel (view->layout, 1)->plot.y) / 2;
  g_assert_cmpint (_ps_plot_view_separator_at (view, pl->plot.x + 10, gap_y), ==, 0);
  g_assert_cmpint (_ps_plot_view_separator_at (view, pl->plot.x + 10, pl->plot.y + 30), ==, -1);
  _ps_plot_view_resize_begin (view, 0);
  _ps_plot_view_resize_update (view, 40);
  view->drag_mode = PS_PLOT_DRAG_NONE;
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  g_assert_cmpfloat (fabs (pl->plot.height - (h0 + 40)), <, 0.5);
  g_assert_cmpfloat (fabs (ps_plot_layout_get_panel (view->layout, 1)->plot.height - (h1 - 40)), <, 0.5);

  destroy_window (window);
}

static void
test_panel_menu (void)
{
  PsWindow *window = new_window ();
  PsPlotView *view = window->plot_view;
  const PsPlotPanelLayout *pl;
  const PsPlotPanel *panel;
  g_autoptr(GError) error = NULL;
  GActionGroup *actions;

  open_path (window, ACE_K2);
  add_and_wait (window, ACE_K2, "Magnitude", -1, 1);
  add_and_wait (window, ACE_K2, "BGSEc", -1, 2);
  wait_until (view_ready, window);
  wait_for_paint (GTK_WINDOW (window));

  /* Typed ranges: numbers as people type them, or a clear refusal. */
  g_assert_true (_ps_plot_view_set_y_range (view, 1, " −2,5 ", "1e1", &error));
  g_assert_no_error (error);
  panel = ps_plot_model_get_panel (window->model, 1);
  g_assert_false (panel->y.auto_range);
  g_assert_cmpfloat (panel->y.min, ==, -2.5);
  g_assert_cmpfloat (panel->y.max, ==, 10.0);
  g_assert_false (_ps_plot_view_set_y_range (view, 1, "3", "2", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (_ps_plot_view_set_y_range (view, 1, "abc", "2", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* The menu of panel 0 (|B| is positive: a log scale can show it) */
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  _ps_plot_view_popup_menu (view, pl->plot.x + 10, pl->plot.y + 10);
  g_assert_cmpint (view->menu_panel, ==, 0);
  actions = view->panel_actions;
  g_assert_false (g_variant_get_boolean (g_action_group_get_action_state (actions, "log-scale")));
  g_action_group_change_action_state (actions, "log-scale", g_variant_new_boolean (TRUE));
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  g_assert_true (pl->y_log);
  g_assert_true (pl->y_min > 0);
  g_assert_false (_ps_plot_view_set_y_range (view, 0, "0", "10", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Manual, then automatic again */
  g_assert_true (_ps_plot_view_set_y_range (view, 0, "1", "100", &error));
  g_assert_false (ps_plot_model_get_panel (window->model, 0)->y.auto_range);
  g_action_group_activate_action (actions, "auto-range", NULL);
  g_assert_true (ps_plot_model_get_panel (window->model, 0)->y.auto_range);
  gtk_popover_popdown (GTK_POPOVER (view->menu));

  /* Remove panel 0: BGSEc moves up. */
  g_action_group_activate_action (actions, "remove", NULL);
  g_assert_cmpuint (ps_plot_model_get_n_panels (window->model), ==, 1);
  g_assert_cmpuint (ps_plot_model_get_panel (window->model, 0)->series->len, ==, 1);
  g_assert_cmpuint (ps_series_get_m (g_ptr_array_index (ps_plot_model_get_panel (window->model, 0)->series, 0)), ==, 3);

  /* The last panel removed: the window says what to do again. */
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  _ps_plot_view_popup_menu (view, pl->plot.x + 10, pl->plot.y + 10);
  g_action_group_activate_action (actions, "remove", NULL);
  g_assert_cmpuint (ps_plot_model_get_n_panels (window->model), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->plot_stack), ==, "empty");

  destroy_window (window);
}

/* A spectrogram's bin axis zooms like values do: Ctrl+wheel around the
 * bin under the pointer (log scale kept), a tall box, the menu's range. */
static void
test_spectrogram_bins (void)
{
  PsWindow *window = new_window ();
  PsPlotView *view = window->plot_view;
  const PsPlotPanelLayout *pl;
  const PsPlotPanel *panel;
  double lo, hi, y_mid, anchor, anchor_after;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = NULL;

  add_and_wait (window, HOPE, "FPDO", -1, 1);
  wait_until (view_ready, window);
  wait_for_paint (GTK_WINDOW (window));

  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  g_assert_true (pl->spectrogram);
  g_assert_true (pl->y_log);
  lo = pl->y_min;
  hi = pl->y_max;
  y_mid = pl->plot.y + pl->plot.height / 3;
  anchor = ps_plot_panel_layout_y_to_value (pl, y_mid);

  /* Two notches in: a narrower bin range, the bin under the pointer stays. */
  _ps_plot_view_scroll (view, pl->plot.x + 50, y_mid, -2, TRUE);
  panel = ps_plot_model_get_panel (window->model, 0);
  g_assert_false (panel->y.auto_range);
  g_assert_cmpint (panel->y.scale, ==, PS_PLOT_SCALE_LOG);
  g_assert_cmpfloat (panel->y.min, >, lo);
  g_assert_cmpfloat (panel->y.max, <, hi);
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  anchor_after = ps_plot_panel_layout_y_to_value (pl, y_mid);
  g_assert_cmpfloat (fabs (log10 (anchor_after) - log10 (anchor)), <, 1e-9);

  /* The new image, then a look */
  spin (300);
  wait_until (view_ready, window);
  wait_for_paint (GTK_WINDOW (window));
  spin (300);
  wait_for_paint (GTK_WINDOW (window));
  texture = render_window (GTK_WINDOW (window));
  png = g_test_build_filename (G_TEST_BUILT, "screenshot-window-bins-zoom.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));

  /* A tall box: its bins */
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  {
    double top = ps_plot_panel_layout_y_to_value (pl, pl->plot.y + 20);
    double bottom = ps_plot_panel_layout_y_to_value (pl, pl->plot.y + 120);

    _ps_plot_view_box_begin (view, pl->plot.x + 10, pl->plot.y + 20);
    _ps_plot_view_box_update (view, 200, 100);
    _ps_plot_view_box_end (view);
    panel = ps_plot_model_get_panel (window->model, 0);
    g_assert_cmpfloat (fabs (log10 (panel->y.max) - log10 (top)), <, 1e-9);
    g_assert_cmpfloat (fabs (log10 (panel->y.min) - log10 (bottom)), <, 1e-9);
  }

  /* Double click: the bins' own range again */
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  _ps_plot_view_reset_y (view, pl->plot.x + 10, pl->plot.y + 10);
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  g_assert_cmpfloat (pl->y_min, ==, lo);
  g_assert_cmpfloat (pl->y_max, ==, hi);

  destroy_window (window);
}

static void
test_errors (void)
{
  PsWindow *window = new_window ();
  g_autoptr(GFile) readme = g_file_new_for_path (TEST_DATA_DIR "/cdf/README.md");
  g_autofree char *missing = product_path (TEST_DATA_DIR "/cdf/no-such-file.cdf", "B");
  g_autofree char *no_var = product_path (ACE_K2, "NoSuchVariable");

  ps_window_open_files (window, &readme, 1);
  wait_until (idle, window);
  g_assert_true (gtk_revealer_get_reveal_child (window->error_revealer));
  g_assert_nonnull (strstr (gtk_label_get_text (window->error_label), "README.md"));
  g_assert_cmpuint (ps_product_list_get_n_files (window->product_list), ==, 0);
  gtk_revealer_set_reveal_child (window->error_revealer, FALSE);

  ps_window_add_product (window, missing, -1);
  wait_until (idle, window);
  g_assert_true (gtk_revealer_get_reveal_child (window->error_revealer));
  g_assert_nonnull (strstr (gtk_label_get_text (window->error_label), "no-such-file.cdf"));
  gtk_revealer_set_reveal_child (window->error_revealer, FALSE);

  ps_window_add_product (window, no_var, -1);
  wait_until (idle, window);
  g_assert_true (gtk_revealer_get_reveal_child (window->error_revealer));
  g_assert_nonnull (strstr (gtk_label_get_text (window->error_label), "NoSuchVariable"));
  gtk_revealer_set_reveal_child (window->error_revealer, FALSE);

  ps_window_add_product (window, "cda/AC_H2_MFI/BGSEc", -1);
  g_assert_true (gtk_revealer_get_reveal_child (window->error_revealer));
  g_assert_cmpuint (ps_plot_model_get_n_panels (window->model), ==, 0);

  destroy_window (window);
}

/* The window once its plot is drawn, to build/tests/@name */
static void
save_plot_screenshot (PsWindow   *window,
                      const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = g_test_build_filename (G_TEST_BUILT, name, NULL);

  wait_until (view_ready, window);
  wait_for_paint (GTK_WINDOW (window));
  spin (300);
  wait_for_paint (GTK_WINDOW (window));
  texture = render_window (GTK_WINDOW (window));
  assert_not_blank (texture);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("window rendered to %s", png);
}

/* A first launch without network: the sample data, one click away */
static void
test_samples (void)
{
  PsWindow *window = new_window ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = NULL;
  g_autofree char *mms = g_build_filename (ps_local_samples_dir (), "mms1_fgm_brst_l2_20151016130524_v4.18.1.cdf", NULL);
  g_autofree char *wind = g_build_filename (ps_local_samples_dir (), "wi_k0_mfi_20220101_v01.cdf", NULL);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->products_stack), ==, "empty");
  wait_for_paint (GTK_WINDOW (window));
  texture = render_window (GTK_WINDOW (window));
  png = g_test_build_filename (G_TEST_BUILT, "screenshot-window-first-launch.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_clear_object (&texture);
  g_clear_pointer (&png, g_free);

  expected_files = 5;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-samples", NULL));
  wait_until (files_listed, window);
  wait_until (idle, window);
  g_assert_cmpuint (ps_product_list_get_n_files (window->product_list), ==, 5);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->products_stack), ==, "list");
  g_assert_false (gtk_revealer_get_reveal_child (window->error_revealer));

  /* MMS1 burst field and Wind's, at the magnetopause crossing */
  add_and_wait (window, mms, "mms1_fgm_b_gse_brst_l2", -1, 1);
  add_and_wait (window, wind, "BGSEc", -1, 2);
  {
    PsTimeRange range;

    g_assert_true (ps_time_parse_iso ("2015-10-16T13:05:30Z", &range.start, NULL));
    g_assert_true (ps_time_parse_iso ("2015-10-16T13:07:30Z", &range.stop, NULL));
    ps_time_axis_set_range (window->time_axis, &range);
  }
  ps_plot_model_remove_panel (window->model, 1);
  save_plot_screenshot (window, "screenshot-window-samples.png");

  destroy_window (window);
}

/* HDF5 and a CSV table dropped from a file manager open and plot as a
 * CDF does: OMNI's Dst and solar wind pressure over the March 2001 storm,
 * and a THEMIS field vector exported as CSV */
static void
test_other_formats (void)
{
  PsWindow *window = new_window ();
  g_auto(GValue) files = G_VALUE_INIT;
  GSList *list = NULL;
  PsTimeRange storm;

  g_value_init (&files, GDK_TYPE_FILE_LIST);
  list = g_slist_append (list, g_file_new_for_path (OMNI_H5));
  list = g_slist_append (list, g_file_new_for_path (THEMIS_CSV));
  g_value_set_boxed (&files, list);
  expected_files = 2;
  g_assert_true (emit_drop (window, &files, 100, 100));
  wait_until (files_listed, window);
  wait_until (idle, window);
  g_slist_free_full (list, g_object_unref);
  g_assert_false (gtk_revealer_get_reveal_child (window->error_revealer));

  add_and_wait (window, OMNI_H5, "Dst", -1, 1);
  add_and_wait (window, OMNI_H5, "Pdyn", -1, 2);
  add_and_wait (window, OMNI_H5, "Qbits/BzIMF", -1, 3);
  g_assert_true (ps_time_parse_iso ("2001-03-29T00:00:00Z", &storm.start, NULL));
  g_assert_true (ps_time_parse_iso ("2001-04-03T00:00:00Z", &storm.stop, NULL));
  ps_time_axis_set_range (window->time_axis, &storm);
  save_plot_screenshot (window, "screenshot-window-hdf5.png");

  for (int i = 2; i >= 0; i--)
    ps_plot_model_remove_panel (window->model, i);
  add_and_wait (window, THEMIS_CSV, "tha_fgs_gsm", -1, 1);
  g_assert_cmpuint (ps_plot_model_get_panel (window->model, 0)->series->len, ==, 1);
  ps_plot_view_show_all (window->plot_view);
  save_plot_screenshot (window, "screenshot-window-csv.png");

  /* ICON's NetCDF-4: the F2 peak's height and density over a day */
  ps_plot_model_remove_panel (window->model, 0);
  add_and_wait (window, ICON_NC, "ICON_L26_HmF2", -1, 1);
  add_and_wait (window, ICON_NC, "ICON_L26_NmF2", -1, 2);
  ps_plot_view_show_all (window->plot_view);
  save_plot_screenshot (window, "screenshot-window-netcdf.png");

  destroy_window (window);
}

static gboolean
files_exactly (PsWindow *window)
{
  return ps_product_list_get_n_files (window->product_list) == expected_files;
}

static void
copy_into (const char *from,
           const char *dir,
           const char *name)
{
  g_autofree char *contents = NULL;
  g_autofree char *to = g_build_filename (dir, name, NULL);
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

/* The folders of data files (Preferences → Data) in the Products panel:
 * listed at once, and following files as they come and go; a file opened
 * by hand stays when the folders go */
static void
test_folders_listed (void)
{
  PsWindow *window = new_window ();
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-window-folder-XXXXXX", &error);
  g_autofree char *ace = NULL;

  g_assert_no_error (error);
  copy_into (ACE_K2, dir, "ace.cdf");
  ace = g_build_filename (dir, "ace.cdf", NULL);
  g_settings_set_strv (settings, "local-folders", (const char * const[]) { dir, NULL });
  expected_files = 1;
  wait_until (files_exactly, window);
  g_assert_nonnull (ps_product_list_lookup_file (window->product_list, ace));

  /* A file written into the folder: listed */
  copy_into (OMNI_H5, dir, "omni.h5");
  expected_files = 2;
  wait_until (files_exactly, window);
  /* One rewritten (another file's contents): listed anew */
  {
    PsLocalFile *before = ps_product_list_lookup_file (window->product_list, ace);
    gint64 wait_end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    g_assert_cmpuint (ps_local_file_get_n_products (before), ==, 2);
    copy_into (HOPE, dir, "ace.cdf");
    while (g_get_monotonic_time () < wait_end
           && (ps_product_list_lookup_file (window->product_list, ace) == NULL
               || ps_local_file_get_n_products (ps_product_list_lookup_file (window->product_list, ace)) == 2))
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    g_assert_nonnull (ps_product_list_lookup_file (window->product_list, ace));
    g_assert_cmpuint (ps_local_file_get_n_products (ps_product_list_lookup_file (window->product_list, ace)), >, 2);
    g_assert_cmpuint (ps_product_list_get_n_files (window->product_list), ==, 2);
  }
  /* One removed: no longer listed */
  g_assert_cmpint (g_unlink (ace), ==, 0);
  expected_files = 1;
  wait_until (files_exactly, window);
  g_assert_null (ps_product_list_lookup_file (window->product_list, ace));

  /* The provider turned off, then on again */
  g_settings_set_strv (settings, "disabled-providers", (const char * const[]) { "local", NULL });
  expected_files = 0;
  wait_until (files_exactly, window);
  g_settings_set_strv (settings, "disabled-providers", NULL);
  expected_files = 1;
  wait_until (files_exactly, window);

  /* Opened by hand, then the folders removed: the opened one stays */
  open_path (window, HOPE);
  g_settings_set_strv (settings, "local-folders", NULL);
  expected_files = 1;
  wait_until (files_exactly, window);
  {
    g_autoptr(GFile) hope = g_file_new_for_path (HOPE);

    g_assert_nonnull (ps_product_list_lookup_file (window->product_list, g_file_peek_path (hope)));
  }

  destroy_window (window);
  {
    g_autofree char *omni = g_build_filename (dir, "omni.h5", NULL);

    g_unlink (omni);
    g_rmdir (dir);
  }
}

/* A window closed while a file loads: the load finds no window and
 * drops its result, without touching freed memory. */
static void
test_close_while_loading (void)
{
  PsWindow *window = new_window ();
  g_autofree char *path = product_path (HOPE, "FPDU");

  ps_window_add_product (window, path, -1);
  destroy_window (window);
  spin (500);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);

  app = ps_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/Gui/WindowPlot/open-and-plot", test_open_and_plot);
  g_test_add_func ("/Gui/WindowPlot/drag-and-drop", test_drag_and_drop);
  g_test_add_func ("/Gui/WindowPlot/history", test_history);
  g_test_add_func ("/Gui/WindowPlot/box-zoom-and-resize", test_box_zoom_and_resize);
  g_test_add_func ("/Gui/WindowPlot/panel-menu", test_panel_menu);
  g_test_add_func ("/Gui/WindowPlot/spectrogram-bins", test_spectrogram_bins);
  g_test_add_func ("/Gui/WindowPlot/errors", test_errors);
  g_test_add_func ("/Gui/WindowPlot/samples", test_samples);
  g_test_add_func ("/Gui/WindowPlot/other-formats", test_other_formats);
  g_test_add_func ("/Gui/WindowPlot/folders-listed", test_folders_listed);
  g_test_add_func ("/Gui/WindowPlot/close-while-loading", test_close_while_loading);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
