/* test-plot-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsPlotView under a real X server (xvfb-run, Mesa llvmpipe): a sine of a
 * million samples and a real CDF vector drawn through GL, saved as PNGs
 * (the lines are checked where the sine is), and the interaction
 * arithmetic: the wheel keeps the instant under the pointer, a drag moves
 * the range by exactly N·D/W, Ctrl+wheel keeps the value under the
 * pointer, a Y zoom reuses the VBOs; the cursor's tooltip shows the
 * sample at or before the pointer's time, and show-cursor hides it.
 */

#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "ps-istp.h"
#include "ps-plot-view-private.h"
#include "ps-render-cairo.h"
#include "ps-time-display.h"

#define SECOND G_GINT64_CONSTANT (1000000000)
#define T0     G_GINT64_CONSTANT (1444996800000000000) /* 2015-10-16T12:00:00Z */
#define SINE_N 1000000
#define SINE_PERIOD_S 100.0

static void
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Iterates until @done() or @ms pass; returns @done(). */
static gboolean
wait_until (gboolean  (*done) (PsPlotView *),
            PsPlotView *view,
            guint       ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_once (ms, timeout_cb, &timed_out);

  while (!done (view) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return done (view);
}

static guint renders_before;

static gboolean
rendered (PsPlotView *view)
{
  return _ps_plot_view_get_n_renders (view) > renders_before;
}

static void
wait_for_render (PsPlotView *view)
{
  renders_before = _ps_plot_view_get_n_renders (view);
  g_assert_true (wait_until (rendered, view, 10000));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  (*(int *) data)--;
  return G_SOURCE_CONTINUE;
}

static int frames_left;

static gboolean
frames_done (PsPlotView *view)
{
  return frames_left <= 0;
}

/* Lets the frame clock run @n frames (layout, then paint). */
static void
wait_frames (PsPlotView *view,
             int         n)
{
  guint id;

  frames_left = n;
  id = gtk_widget_add_tick_callback (GTK_WIDGET (view), tick_cb, &frames_left, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  g_assert_true (wait_until (frames_done, view, 5000));
  gtk_widget_remove_tick_callback (GTK_WIDGET (view), id);
}

static PsSeries *
make_sine (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  PsTime *times = ps_series_builder_alloc_times (builder, SINE_N);
  double *values = ps_series_builder_alloc_values (builder, SINE_N, 1);
  g_autoptr(GError) error = NULL;
  PsSeries *series;

  /* 1 kHz for 1000 s: ten periods */
  for (gsize i = 0; i < SINE_N; i++)
    {
      times[i] = T0 + (PsTime) i * (SECOND / 1000);
      values[i] = sin (2 * G_PI * ((double) i / 1000.0) / SINE_PERIOD_S);
    }
  ps_series_builder_set_name (builder, "sine");
  ps_series_builder_set_units (builder, "nT");
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_LINE);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

/* 64 log-spaced channels, a band drifting up in time */
static PsSeries *
make_spectrogram (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  gsize n = 20000;
  guint m = 64;
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, m);
  double bins[64];
  g_autoptr(GError) error = NULL;
  PsSeries *series;

  for (guint k = 0; k < m; k++)
    bins[k] = 10.0 * pow (10.0, k / 16.0);
  for (gsize i = 0; i < n; i++)
    {
      double centre = 8.0 + 48.0 * (double) i / (double) n;

      times[i] = T0 + (PsTime) i * (SECOND / 10);
      for (guint k = 0; k < m; k++)
        values[i * m + k] = 1e3 * exp (-(k - centre) * (k - centre) / 18.0) + 1.0;
    }
  ps_series_builder_set_constant_bins (builder, bins, m);
  ps_series_builder_set_name (builder, "flux");
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_SPECTROGRAM);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

static PsSeries *
load_mms (void)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "cdf", "cdflib_history", "mms1.cdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = ps_cdf_file_open (path, &error);
  PsIstpOptions opts;
  PsSeries *series;

  g_assert_no_error (error);
  ps_istp_options_init (&opts);
  series = ps_istp_load (file, NULL, "mms1_fgm_b_gse_brst_l2", &opts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_m (series), >=, 3);
  return series;
}

/* A window showing @series in a PsPlotView on the whole of its extent,
 * with the pyramid built and the data drawn. */
static PsPlotView *
show (PsSeries    *series,
      GtkWindow  **window_out)
{
  g_autoptr(PsPlotModel) model = ps_plot_model_new ();
  g_autoptr(PsTimeAxis) axis = NULL;
  PsTimeRange range = { ps_series_get_time (series, 0),
                        ps_series_get_time (series, ps_series_get_n (series) - 1) + 1 };
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PsPlotView *view = PS_PLOT_VIEW (ps_plot_view_new ());

  ps_plot_model_add_series (model, ps_plot_model_add_panel (model), series);
  axis = ps_time_axis_new (&range);
  ps_plot_view_set_time_axis (view, axis);
  ps_plot_view_set_model (view, model);
  gtk_window_set_default_size (window, 1000, 500);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);

  g_assert_true (wait_until (_ps_plot_view_is_ready, view, 20000));
  wait_for_render (view);
  *window_out = window;
  return view;
}

static GdkTexture *
render_view (PsPlotView *view)
{
  int width = gtk_widget_get_width (GTK_WIDGET (view));
  int height = gtk_widget_get_height (GTK_WIDGET (view));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (view));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (view)));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static GdkTexture *
save_png (PsPlotView *view,
          const char *name)
{
  GdkTexture *texture = render_view (view);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
  return texture;
}

/* Pixels of a line: dark (a single component is drawn in the foreground
 * colour) or saturated (the palette); the background and the grid are
 * light grey. Only asked inside the plot area, away from its frame. */
static gboolean
is_line_pixel (const guchar *p)
{
  int hi = MAX (p[0], MAX (p[1], p[2]));
  int lo = MIN (p[0], MIN (p[1], p[2]));

  return hi - lo > 60 || hi < 140;
}

/* The same figure through the export path, to compare by eye. */
static void
save_cairo_png (PsPlotView *view,
                const char *name)
{
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (view);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                         (int) ps_plot_layout_get_width (layout),
                                                         (int) ps_plot_layout_get_height (layout));
  cairo_t *cr = cairo_create (surface);

  ps_render_cairo_draw (cr, ps_plot_view_get_model (view), layout, &view->style);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
test_sine (void)
{
  g_autoptr(PsSeries) series = make_sine ();
  GtkWindow *window;
  PsPlotView *view = show (series, &window);
  g_autoptr(GdkTexture) texture = save_png (view, "plot-view-sine.png");
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (view);
  const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, 0);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  guint checked = 0;

  gdk_texture_download (texture, pixels, (gsize) width * 4);

  /* Where the sine crosses each column, a line pixel within 3 rows. */
  for (double x = pl->plot.x + 5; x < pl->plot.x + pl->plot.width - 5; x += 37)
    {
      PsTime t = ps_plot_layout_x_to_time (layout, x + 0.5);
      double v = sin (2 * G_PI * ((double) (t - T0) / SECOND) / SINE_PERIOD_S);
      int row = (int) round (ps_plot_panel_layout_value_to_y (pl, v));
      int best = G_MAXINT;

      for (int y = (int) pl->plot.y + 2; y < (int) (pl->plot.y + pl->plot.height) - 2; y++)
        if (is_line_pixel (pixels + ((gsize) y * width + (gsize) x) * 4))
          best = MIN (best, ABS (y - row));
      g_assert_cmpint (best, <=, 3);
      checked++;
    }
  g_assert_cmpuint (checked, >, 20);
  save_cairo_png (view, "plot-view-sine-cairo.png");

  /* Nothing drawn above or below the sine's extent */
  for (int x = (int) pl->plot.x + 2; x < (int) (pl->plot.x + pl->plot.width) - 2; x++)
    {
      int top = (int) floor (ps_plot_panel_layout_value_to_y (pl, 1.0)) - 3;

      for (int y = (int) pl->plot.y + 2; y < top; y++)
        g_assert_false (is_line_pixel (pixels + ((gsize) y * width + (gsize) x) * 4));
    }

  gtk_window_destroy (window);
}

static void
test_cdf (void)
{
  g_autoptr(PsSeries) series = load_mms ();
  GtkWindow *window;
  PsPlotView *view = show (series, &window);
  g_autoptr(GdkTexture) texture = save_png (view, "plot-view-mms1.png");
  const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  int width = gdk_texture_get_width (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) width * gdk_texture_get_height (texture) * 4);
  guint line_pixels = 0;

  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int y = (int) pl->plot.y + 2; y < (int) (pl->plot.y + pl->plot.height) - 2; y++)
    for (int x = (int) pl->plot.x + 2; x < (int) (pl->plot.x + pl->plot.width) - 2; x++)
      line_pixels += is_line_pixel (pixels + ((gsize) y * width + (gsize) x) * 4);
  /* Four components, across the whole width */
  g_assert_cmpuint (line_pixels, >, (guint) pl->plot.width * 4);
  save_cairo_png (view, "plot-view-mms1-cairo.png");

  gtk_window_destroy (window);
}

static gboolean
spectrogram_ready (PsPlotView *view)
{
  return view->spectro_texture != NULL && view->spectro_layout == view->layout;
}

static void
test_spectrogram (void)
{
  g_autoptr(PsSeries) series = make_spectrogram ();
  GtkWindow *window;
  PsPlotView *view = show (series, &window);
  g_autoptr(GdkTexture) texture = NULL;
  const PsPlotPanelLayout *pl;
  int width;
  g_autofree guchar *pixels = NULL;
  guint coloured = 0;

  g_assert_true (wait_until (spectrogram_ready, view, 20000));
  wait_frames (view, 2);
  texture = save_png (view, "plot-view-spectrogram.png");
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  width = gdk_texture_get_width (texture);
  pixels = g_malloc ((gsize) width * gdk_texture_get_height (texture) * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int y = (int) pl->plot.y + 2; y < (int) (pl->plot.y + pl->plot.height) - 2; y++)
    for (int x = (int) pl->plot.x + 2; x < (int) (pl->plot.x + pl->plot.width) - 2; x++)
      coloured += is_line_pixel (pixels + ((gsize) y * width + (gsize) x) * 4);
  /* The colour map fills the plot area */
  g_assert_cmpuint (coloured, >, (guint) (pl->plot.width * pl->plot.height / 2));
  save_cairo_png (view, "plot-view-spectrogram-cairo.png");

  gtk_window_destroy (window);
}

static void
test_interaction (void)
{
  g_autoptr(PsSeries) series = make_sine ();
  GtkWindow *window;
  PsPlotView *view = show (series, &window);
  PsTimeAxis *axis = ps_plot_view_get_time_axis (view);
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (view);
  const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, 0);
  double x = pl->plot.x + 0.3 * pl->plot.width;
  double y = pl->plot.y + 0.25 * pl->plot.height;
  PsTimeRange before = *ps_time_axis_get_range (axis);
  PsTime under = ps_plot_layout_x_to_time (layout, x);
  double width = pl->plot.width;
  double value = ps_plot_panel_layout_y_to_value (pl, y);
  double span = pl->y_max - pl->y_min;
  PsTimeRange after;
  guint uploads;

  /* The wheel: the instant under the pointer stays under it. */
  _ps_plot_view_scroll (view, x, y, -1.0, FALSE);
  after = *ps_time_axis_get_range (axis);
  g_assert_cmpint (after.stop - after.start, <, before.stop - before.start);
  g_assert_cmpfloat_with_epsilon ((double) (after.stop - after.start),
                                  (double) (before.stop - before.start) / 1.2, 2.0);
  layout = _ps_plot_view_ensure_layout (view);
  g_assert_cmpfloat (ps_plot_layout_get_panel (layout, 0)->plot.width, ==, width);
  g_assert_cmpint (ABS (ps_plot_layout_x_to_time (layout, x) - under), <=, 2);
  wait_for_render (view);

  /* A 100-pixel drag to the right shows what was 100·D/W earlier. */
  before = *ps_time_axis_get_range (axis);
  _ps_plot_view_drag_begin (view);
  _ps_plot_view_drag_update (view, 40.0);
  _ps_plot_view_drag_update (view, 100.0);
  after = *ps_time_axis_get_range (axis);
  g_assert_cmpint (after.stop - after.start, ==, before.stop - before.start);
  g_assert_cmpint (after.start, ==,
                   before.start - llround (100.0 * (double) (before.stop - before.start) / width));
  wait_for_render (view);

  /* Ctrl+wheel: the value under the pointer stays; GL reuses the VBOs. */
  uploads = ps_plot_gl_get_n_uploads (view->gl);
  _ps_plot_view_scroll (view, x, y, -1.0, TRUE);
  g_assert_false (ps_plot_model_get_panel (ps_plot_view_get_model (view), 0)->y.auto_range);
  pl = ps_plot_layout_get_panel (_ps_plot_view_ensure_layout (view), 0);
  g_assert_cmpfloat_with_epsilon (ps_plot_panel_layout_y_to_value (pl, y), value, 1e-9);
  g_assert_cmpfloat_with_epsilon (pl->y_max - pl->y_min, span / 1.2, 1e-9);
  wait_for_render (view);
  g_assert_cmpuint (ps_plot_gl_get_n_uploads (view->gl), ==, uploads);

  /* Double click: automatic again */
  _ps_plot_view_reset_y (view, x, y);
  g_assert_true (ps_plot_model_get_panel (ps_plot_view_get_model (view), 0)->y.auto_range);

  /* Home: the whole series */
  ps_plot_view_show_all (view);
  after = *ps_time_axis_get_range (axis);
  g_assert_cmpint (after.start, ==, T0);
  /* ...and one step after its last sample, rounded up to a round
   * instant within 1/500 of the span */
  {
    PsTime end = ps_series_get_time (series, SINE_N - 1)
                 + (ps_series_get_time (series, SINE_N - 1) - T0) / (SINE_N - 1);

    g_assert_cmpint (after.stop, >=, end);
    g_assert_cmpint (after.stop - end, <=, (end - T0) / 500);
  }
  wait_for_render (view);
  save_png (view, "plot-view-interaction.png");

  gtk_window_destroy (window);
}

static char *
sine_value_text (gsize i)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* A minus is U+2212, as on the axes. */
  g_string_printf (text, "sine: %.4g nT", sin (2 * G_PI * ((double) i / 1000.0) / SINE_PERIOD_S));
  g_string_replace (text, "-", "−", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The cursor's tooltip: the time, then the sample at or before it (not
 * the nearest one); nothing once show-cursor is off. */
static void
test_cursor (void)
{
  g_autoptr(PsSeries) series = make_sine ();
  GtkWindow *window;
  PsPlotView *view = show (series, &window);
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (view);
  const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, 0);
  /* Near the zero crossing at 500 s, where neighbouring samples differ
   * in the fourth significant digit. */
  double x = pl->plot.x + 0.5 * pl->plot.width + 0.37;
  PsTime t = ps_plot_layout_x_to_time (layout, x);
  gsize i = (gsize) ((t - T0) / (SECOND / 1000));
  g_autofree char *markup = _ps_plot_view_cursor_markup (view, x);
  g_autofree char *expected = sine_value_text (i);
  g_autofree char *after = sine_value_text (i + 1);
  g_autofree char *time = ps_time_format_display (t, PS_TIME_DISPLAY_CALENDAR, 3);
  double value;
  PsTime when;

  g_assert_true (ps_plot_view_get_show_cursor (view));
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (view)));
  g_assert_nonnull (markup);
  g_test_message ("t = %" G_GINT64_FORMAT ": %s", t, markup);
  g_assert_true (g_str_has_prefix (markup, "<b>"));
  g_assert_nonnull (strstr (markup, time));
  g_assert_nonnull (strstr (markup, expected));
  g_assert_cmpstr (expected, !=, after);
  g_assert_null (strstr (markup, after));
  g_assert_true (ps_series_value_at (series, t, 0, &value, &when));
  g_assert_cmpint (when, <=, t);
  g_assert_cmpint (when, ==, T0 + (PsTime) i * (SECOND / 1000));
  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));

  /* A quarter later the sine is negative: a real minus sign */
  {
    double x3 = pl->plot.x + 0.775 * pl->plot.width;
    gsize i3 = (gsize) ((ps_plot_layout_x_to_time (layout, x3) - T0) / (SECOND / 1000));
    g_autofree char *negative = _ps_plot_view_cursor_markup (view, x3);
    g_autofree char *negative_text = sine_value_text (i3);

    g_assert_nonnull (strstr (negative_text, "−"));
    g_assert_nonnull (strstr (negative, negative_text));
  }

  /* Off the plot area: no tooltip */
  g_assert_null (_ps_plot_view_cursor_markup (view, pl->plot.x - 5));

  /* Toggled off: neither line nor tooltip */
  ps_plot_view_set_show_cursor (view, FALSE);
  g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (view)));
  g_assert_null (_ps_plot_view_cursor_markup (view, x));
  g_object_set (view, "show-cursor", TRUE, NULL);
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (view)));
  g_free (markup);
  markup = _ps_plot_view_cursor_markup (view, x);
  g_assert_nonnull (strstr (markup, expected));

  gtk_window_destroy (window);
}

/* Four bins, 1 eV to 1 keV, value (i + 1) · 10^k at sample i: the
 * tooltip shows the bin under the pointer and its value at the cursor,
 * or the bins' range when the pointer is elsewhere. The view builds the
 * spectrogram pyramid meanwhile. */
static PsSeries *
make_cursor_spectrogram (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  gsize n = 100;
  guint m = 4;
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, m);
  double bins[] = { 1.0, 10.0, 100.0, 1000.0 };
  g_autoptr(GError) error = NULL;
  PsSeries *series;

  for (gsize i = 0; i < n; i++)
    {
      times[i] = T0 + (PsTime) i * 10 * SECOND;
      for (guint k = 0; k < m; k++)
        values[i * m + k] = (double) (i + 1) * pow (10.0, k);
    }
  ps_series_builder_set_constant_bins (builder, bins, m);
  ps_series_builder_set_bins_units (builder, "eV");
  ps_series_builder_set_name (builder, "FLUX");
  ps_series_builder_set_meta (builder, "FIELDNAM", "Ion flux");
  ps_series_builder_set_units (builder, "1/(cm² s sr eV)");
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_SPECTROGRAM);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

static gboolean
spectro_pyramid_set (PsPlotView *view)
{
  if (ps_plot_model_get_spectro_pyramid (ps_plot_view_get_model (view), 0, 0) != NULL)
    return TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (view));
  return FALSE;
}

static void
test_cursor_spectrogram (void)
{
  g_autoptr(PsSeries) series = make_cursor_spectrogram ();
  GtkWindow *window;
  PsPlotView *view = show (series, &window);
  PsPlotLayout *layout = _ps_plot_view_ensure_layout (view);
  const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, 0);
  double x = pl->plot.x + 0.42 * pl->plot.width;
  PsTime t = ps_plot_layout_x_to_time (layout, x);
  gsize i = ps_series_upper_bound (series, t) - 1;
  g_autofree char *markup = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (pl->spectrogram);
  g_assert_cmpuint (i, <, 100);

  /* Over bin 2 (100 eV), and over bin 0 */
  view->pointer_x = x;
  view->pointer_y = ps_plot_panel_layout_value_to_y (pl, 100.0);
  markup = _ps_plot_view_cursor_markup (view, x);
  g_test_message ("%s", markup);
  expected = g_strdup_printf ("Ion flux — 100 eV: %.4g 1/(cm² s sr eV)", (double) (i + 1) * 100.0);
  g_assert_nonnull (strstr (markup, expected));
  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));
  g_clear_pointer (&markup, g_free);
  g_clear_pointer (&expected, g_free);

  view->pointer_y = ps_plot_panel_layout_value_to_y (pl, 1.1);
  markup = _ps_plot_view_cursor_markup (view, x);
  expected = g_strdup_printf ("Ion flux — 1 eV: %.4g 1/(cm² s sr eV)", (double) (i + 1));
  g_assert_nonnull (strstr (markup, expected));
  g_clear_pointer (&markup, g_free);

  /* Off the panel (above it), or the pointer gone: the bins' range */
  view->pointer_y = pl->plot.y - 3;
  markup = _ps_plot_view_cursor_markup (view, x);
  g_test_message ("%s", markup);
  g_assert_nonnull (strstr (markup, "Ion flux — 1–1000 eV"));
  g_assert_null (strstr (markup, ": "));
  g_clear_pointer (&markup, g_free);
  view->pointer_x = -1;
  markup = _ps_plot_view_cursor_markup (view, x);
  g_assert_nonnull (strstr (markup, "Ion flux — 1–1000 eV"));

  /* The view indexes the spectrogram off the main thread. */
  g_assert_true (wait_until (spectro_pyramid_set, view, 20000));

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gui/PlotView/sine", test_sine);
  g_test_add_func ("/Gui/PlotView/cdf", test_cdf);
  g_test_add_func ("/Gui/PlotView/spectrogram", test_spectrogram);
  g_test_add_func ("/Gui/PlotView/interaction", test_interaction);
  g_test_add_func ("/Gui/PlotView/cursor", test_cursor);
  g_test_add_func ("/Gui/PlotView/cursor-spectrogram", test_cursor_spectrogram);

  return g_test_run ();
}
