/* bench-plot-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frame time of PsPlotView while zooming and panning a 1600×900 window,
 * as n grows from 1e4 to 1e8 samples (one panel of 3 components) and for
 * 4 panels × 3 components of 1e7 samples each. The goal is flat in n and
 * at most 16 ms per frame. The reference is the same window with an empty
 * model: the floor that GTK, GSK and the GL renderer (Mesa llvmpipe
 * under Xvfb) give at that size.
 *
 * The data: per component a sine of a tenth of the series plus noise, so
 * every n draws the same picture and only n changes; and one case at
 * n = 1e7 with a short period, where every pixel column spans the whole
 * amplitude and the lines fill a band (the cost of ink, not of n).
 *
 * A frame is timed from the range change (the PsTimeAxis call, which runs
 * the view's handlers) plus the frame clock's before-paint to after-paint
 * (update, layout, snapshot, the GL area's render, GSK composition and the
 * swap): the work of one frame, not the wait for the frame clock's next
 * slot, which would round every figure up to 1/60 s. Each figure is the
 * median (and the 95th percentile) of 60 back-to-back frames. The "cpu"
 * rows give the median CPU time of the same frames, over every thread
 * (llvmpipe rasterises on one per core): on a shared machine it moves much
 * less than the wall time, so compare changes with it, then confirm.
 *
 * With an empty model nothing on screen would change, and GTK would
 * repaint nothing; so for the reference each step also flips the window's
 * background between two near-identical greys, which makes GSK redraw
 * the whole 1600×900 window: the cost of a full frame with no plot.
 *
 * Needs a display: bench/run wraps it in xvfb-run when there is none.
 * Arguments, if any, keep only the cases whose names contain one of them
 * (e.g. "n=1e+04"), for profiling. Prints "name<TAB>value<TAB>unit<TAB>note".
 */

#define G_LOG_DOMAIN "bench-plot-view"

#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ps-plot-view-private.h"
#include "bench-util.h"

#define WIDTH   1600
#define HEIGHT  900
#define STEPS   60
#define WARMUP  5
#define TABLE   4096            /* a sine period, tabulated */
#define CADENCE (PS_TIME_NS_PER_SECOND / 100)
#define T0      (G_GINT64_CONSTANT (1577836800) * PS_TIME_NS_PER_SECOND)

typedef enum { MOTION_PAN, MOTION_ZOOM } Motion;

typedef struct
{
  GtkWindow  *window;
  PsPlotView *view;
  PsTimeAxis *axis;
  gint64      paint_start;
  gboolean    flip;       /* the reference: repaint the background */
  gboolean    armed;
  gboolean    painted;
  double      paint_ms;
  double      cpu_ms;     /* of the last step, every thread */
} Bench;

/* CPU time of the process, every thread, in ms. */
static double
process_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

static void
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Iterates until *@flag or @ms pass; returns *@flag. */
static gboolean
wait_flag (const gboolean *flag,
           guint           ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_once (ms, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *b)
{
  b->paint_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  if (!b->armed)
    return;
  b->paint_ms = (g_get_monotonic_time () - b->paint_start) / 1e3;
  b->painted = TRUE;
  b->armed = FALSE;
}

/* A sine of @period samples plus a little noise, per component, at
 * 100 Hz: a table and xorshift, so 1e8 × 3 values fill in seconds. */
static PsSeries *
make_series (gsize  n,
             guint  index,
             double period)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, 3);
  static double table[TABLE];
  guint64 state = 0x9E3779B97F4A7C15 + index;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("b%u", index);
  PsSeries *series;

  for (guint k = 0; k < TABLE; k++)
    table[k] = sin (2 * G_PI * k / TABLE);
  for (gsize i = 0; i < n; i++)
    {
      gsize phase = (gsize) ((double) i * (TABLE / period));

      times[i] = T0 + (PsTime) i * CADENCE;
      for (guint j = 0; j < 3; j++)
        {
          state ^= state << 13;
          state ^= state >> 7;
          state ^= state << 17;
          values[i * 3 + j] = (j + 1) * table[(phase + j * TABLE / 3) % TABLE]
                              + 0.1 * ((double) (state >> 11) / 9007199254740992.0 - 0.5);
        }
    }
  ps_series_builder_set_name (builder, name);
  ps_series_builder_set_units (builder, "nT");
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_LINE);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  return series;
}

static gboolean
view_ready (Bench *b)
{
  return _ps_plot_view_is_ready (b->view);
}

static void
open_window (Bench       *b,
             PsPlotModel *model,
             PsTimeRange *range)
{
  GdkFrameClock *clock;

  b->window = GTK_WINDOW (gtk_window_new ());
  b->view = PS_PLOT_VIEW (ps_plot_view_new ());
  b->axis = ps_time_axis_new (range);
  ps_plot_view_set_time_axis (b->view, b->axis);
  ps_plot_view_set_model (b->view, model);
  gtk_window_set_default_size (b->window, WIDTH, HEIGHT);
  gtk_window_set_decorated (b->window, FALSE);
  gtk_window_set_child (b->window, GTK_WIDGET (b->view));
  gtk_window_present (b->window);

  /* Pyramids are built on workers; wait for them (1e8 takes a while). */
  while (!view_ready (b) || !gtk_widget_get_mapped (GTK_WIDGET (b->view)))
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (b->window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), b);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), b);
}

static void
close_window (Bench *b)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (b->window));

  g_signal_handlers_disconnect_by_data (clock, b);
  gtk_window_destroy (b->window);
  g_clear_object (&b->axis);
  /* Let the destruction and any idle work finish before the next case. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* One step of @motion, and its frame; returns the frame's ms. */
static double
step (Bench  *b,
      Motion  motion,
      int     i)
{
  const PsTimeRange *r = ps_time_axis_get_range (b->axis);
  PsTime center = r->start + (r->stop - r->start) / 2;
  gint64 start;
  double change_ms;
  double cpu_start;

  b->painted = FALSE;
  b->armed = TRUE;
  cpu_start = process_cpu_ms ();
  start = g_get_monotonic_time ();
  if (b->flip)
    {
      if (i % 2 == 0)
        gtk_widget_add_css_class (GTK_WIDGET (b->window), "bench-flip");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (b->window), "bench-flip");
    }
  /* Half the steps one way, half back: the view stays on the data. */
  if (motion == MOTION_PAN)
    ps_time_axis_pan (b->axis, (i % STEPS) < STEPS / 2 ? 0.01 : -0.01);
  else
    ps_time_axis_zoom (b->axis, (i % STEPS) < STEPS / 2 ? 1.0 / 1.1 : 1.1, center);
  change_ms = (g_get_monotonic_time () - start) / 1e3;
  if (!wait_flag (&b->painted, 10000))
    g_error ("no frame after a range change");
  b->cpu_ms = process_cpu_ms () - cpu_start;
  return change_ms + b->paint_ms;
}

static void
measure (Bench      *b,
         Motion      motion,
         const char *label,
         const char *note)
{
  double ms[STEPS];
  double cpu[STEPS];
  char name[96];
  char full_note[256];

  for (int i = 0; i < WARMUP; i++)
    step (b, motion, i % 2 == 0 ? 0 : STEPS - 1);
  for (int i = 0; i < STEPS; i++)
    {
      ms[i] = step (b, motion, i);
      cpu[i] = b->cpu_ms;
    }
  qsort (ms, STEPS, sizeof (double), bench_compare_doubles);
  qsort (cpu, STEPS, sizeof (double), bench_compare_doubles);

  g_snprintf (full_note, sizeof full_note, "%s; median of %d frames", note, STEPS);
  g_snprintf (name, sizeof name, "%s/%s/median", label, motion == MOTION_PAN ? "pan" : "zoom");
  bench_row (name, ms[STEPS / 2], "ms/frame", full_note);
  g_snprintf (name, sizeof name, "%s/%s/p95", label, motion == MOTION_PAN ? "pan" : "zoom");
  bench_row (name, ms[(int) ceil (0.95 * STEPS) - 1], "ms/frame", "95th percentile, same frames");
  g_snprintf (name, sizeof name, "%s/%s/cpu", label, motion == MOTION_PAN ? "pan" : "zoom");
  bench_row (name, cpu[STEPS / 2], "ms/frame",
             "CPU time of the same frames, every thread, median: steadier on a busy machine");
}

/* @n_panels panels of 3 components of @n samples (0: an empty model). */
static char **filters;

static gboolean
wanted (const char *label)
{
  if (filters == NULL || filters[0] == NULL)
    return TRUE;
  for (char **f = filters; *f != NULL; f++)
    if (strstr (label, *f) != NULL)
      return TRUE;
  return FALSE;
}

/* @period: of the sine, in samples (0: a tenth of the series, so that
 * every n draws the same picture and only n changes). */
static void
bench_case (guint       n_panels,
            gsize       n,
            double      period,
            gboolean    zoom,
            const char *label,
            const char *note)
{
  g_autoptr(PsPlotModel) model = ps_plot_model_new ();
  PsTimeRange range = { T0, T0 + (PsTime) MAX (n, 10000) * CADENCE };
  Bench b = { 0 };

  if (!wanted (label))
    return;
  b.flip = n_panels == 0;
  for (guint p = 0; p < n_panels; p++)
    {
      g_autoptr(PsSeries) series = make_series (n, p, period > 0 ? period : n / 10.0);

      ps_plot_model_add_series (model, ps_plot_model_add_panel (model), series);
    }
  open_window (&b, model, &range);

  measure (&b, MOTION_PAN, label, note);
  if (zoom)
    measure (&b, MOTION_ZOOM, label, note);
  close_window (&b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  /* Software GL on X11, no settings or accessibility daemons. */
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSK_RENDERER", "gl", FALSE);
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_init ();
  filters = argv + 1;
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (css, "window.bench-flip { background-color: #fafafb; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  bench_case (0, 0, 0, TRUE, "empty", "reference: same window, empty model, background flipped: full repaint");
  for (gsize n = 10000; n <= 10000000; n *= 10)
    {
      char label[32];

      g_snprintf (label, sizeof label, "1x3/n=1e%d", (int) round (log10 ((double) n)));
      bench_case (1, n, 0, TRUE, label, "1 panel × 3 components");
    }
  bench_case (4, 10000000, 0, TRUE, "4x3/n=1e7", "4 panels × 3 components, 1e7 each");
  bench_case (1, 100000000, 0, TRUE, "1x3/n=1e8", "1 panel × 3 components");
  /* The same n with a sine of 4096 samples: 2441 periods in 1600 pixels,
   * every column spans the whole amplitude and the lines fill a band. */
  bench_case (1, 10000000, TABLE, TRUE, "1x3/n=1e7/dense",
              "1 panel × 3 components, a filled band: bound by llvmpipe's fill rate");
  return 0;
}
