/* ps-plot-view-spectrogram.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spectrograms of a PsPlotView: the render library's CPU rasteriser (one
 * image column per device pixel column) run on a worker thread for the
 * current layout, and the image shown as a texture. Until a newer image
 * is ready, the last one is shown stretched to where its time range now
 * falls, so panning stays smooth.
 *
 * The worker draws a private copy of the model (series and pyramids are
 * immutable and shareable; the panels' arrays are not), and the layout,
 * which is immutable.
 *
 * Each spectrogram also gets a spectrogram pyramid (ps-spectro-pyramid.h),
 * built on another worker beside the first image, which is reduced
 * directly meanwhile; later images reduce each column from O(log n)
 * blocks per bin. The image is the same either way, so its arrival
 * redraws nothing (and the model does not emit ::changed).
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <math.h>

#include "ps-plot-view-private.h"
#include "ps-render-cairo.h"

typedef struct
{
  PsPlotModel  *model;
  PsPlotLayout *layout;
  PsPlotStyle   style;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->model);
  g_clear_pointer (&job->layout, ps_plot_layout_unref);
  ps_plot_style_clear (&job->style);
  g_free (job);
}

static PsPlotModel *
copy_model (PsPlotModel *model)
{
  PsPlotModel *copy = ps_plot_model_new ();

  ps_plot_model_set_time_range (copy, ps_plot_model_get_time_range (model));
  for (guint i = 0; i < ps_plot_model_get_n_panels (model); i++)
    {
      const PsPlotPanel *p = ps_plot_model_get_panel (model, i);
      guint panel = ps_plot_model_add_panel (copy);

      for (guint k = 0; k < p->series->len; k++)
        {
          ps_plot_model_add_series (copy, panel, g_ptr_array_index (p->series, k));
          if (g_ptr_array_index (p->pyramids, k) != NULL)
            ps_plot_model_set_pyramid (copy, panel, k, g_ptr_array_index (p->pyramids, k));
          if (g_ptr_array_index (p->spectro_pyramids, k) != NULL)
            ps_plot_model_set_spectro_pyramid (copy, panel, k, g_ptr_array_index (p->spectro_pyramids, k));
        }
      ps_plot_model_set_y_axis (copy, panel, &p->y);
      ps_plot_model_set_z_axis (copy, panel, &p->z);
      ps_plot_model_set_colormap (copy, panel, p->colormap);
    }
  return copy;
}

static void
rasterise_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  double scale = ps_plot_layout_get_scale (job->layout);
  int width = (int) (ps_plot_layout_get_width (job->layout) * scale);
  int height = (int) (ps_plot_layout_get_height (job->layout) * scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  GBytes *bytes;
  GdkTexture *texture;

  cairo_scale (cr, scale, scale);
  ps_render_cairo_draw_parts (cr, job->model, job->layout, &job->style, PS_RENDER_SPECTROGRAMS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* ARGB32 in native order is GDK_MEMORY_DEFAULT. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                    (gsize) cairo_image_surface_get_stride (surface));
  g_bytes_unref (bytes);
  g_task_return_pointer (task, texture, g_object_unref);
}

static void
rasterised_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PsPlotView *self = PS_PLOT_VIEW (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);

  if (texture == NULL)
    return;
  self->spectro_busy = FALSE;
  g_set_object (&self->spectro_texture, texture);
  g_clear_pointer (&self->spectro_layout, ps_plot_layout_unref);
  self->spectro_layout = ps_plot_layout_ref (job->layout);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
has_spectrogram (PsPlotLayout *layout)
{
  for (guint i = 0; i < ps_plot_layout_get_n_panels (layout); i++)
    if (ps_plot_layout_get_panel (layout, i)->spectrogram)
      return TRUE;
  return FALSE;
}

/* The series whose spectrogram pyramid is being built, on the view as
 * data so that the view's structure stays as it is. */
#define BUILDING_KEY "ps-plot-view-spectro-building"

typedef struct
{
  PsPlotView *view;
  PsSeries   *series;
} Build;

static GHashTable *
building (PsPlotView *self)
{
  GHashTable *set = g_object_get_data (G_OBJECT (self), BUILDING_KEY);

  if (set == NULL)
    {
      set = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) ps_series_unref, NULL);
      g_object_set_data_full (G_OBJECT (self), BUILDING_KEY, set, (GDestroyNotify) g_hash_table_unref);
    }
  return set;
}

static void
spectro_pyramid_ready_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  Build *build = user_data;
  g_autoptr(PsPlotView) self = build->view;
  g_autoptr(PsSeries) series = build->series;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSpectroPyramid) pyramid = ps_spectro_pyramid_new_finish (result, &error);

  g_free (build);
  g_hash_table_remove (building (self), series);
  if (pyramid == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot index a spectrogram: %s", error->message);
      return;
    }
  if (self->model == NULL)
    return;

  /* The model may have changed meanwhile: find the series again. */
  for (guint i = 0; i < ps_plot_model_get_n_panels (self->model); i++)
    {
      const PsPlotPanel *p = ps_plot_model_get_panel (self->model, i);

      for (guint k = 0; k < p->series->len; k++)
        if (g_ptr_array_index (p->series, k) == series
            && g_ptr_array_index (p->spectro_pyramids, k) == NULL)
          ps_plot_model_set_spectro_pyramid (self->model, i, k, pyramid);
    }
}

/* Starts a build for the spectrogram of each spectrogram panel that has
 * no pyramid, once per series. */
static void
build_spectro_pyramids (PsPlotView *self)
{
  for (guint i = 0; i < ps_plot_model_get_n_panels (self->model); i++)
    {
      const PsPlotPanel *p = ps_plot_model_get_panel (self->model, i);
      PsSeries *series;
      Build *build;

      if (!ps_plot_panel_is_spectrogram (p) || g_ptr_array_index (p->spectro_pyramids, 0) != NULL)
        continue;
      series = g_ptr_array_index (p->series, 0);
      if (g_hash_table_contains (building (self), series))
        continue;
      g_hash_table_add (building (self), ps_series_ref (series));
      build = g_new0 (Build, 1);
      build->view = g_object_ref (self);
      build->series = ps_series_ref (series);
      ps_spectro_pyramid_new_async (series, self->cancellable, spectro_pyramid_ready_cb, build);
    }
}

/* One job at a time: a newer layout waits for the running one, then
 * starts from the snapshot that finds it stale. */
static void
start_job (PsPlotView *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (_ps_plot_view_is_ready (self))
    build_spectro_pyramids (self);
  if (self->spectro_busy || self->spectro_layout == self->layout || !_ps_plot_view_is_ready (self))
    return;
  job = g_new0 (Job, 1);
  job->model = copy_model (self->model);
  job->layout = ps_plot_layout_ref (self->layout);
  job->style = self->style;
  job->style.font_family = g_strdup (self->style.font_family);

  self->spectro_busy = TRUE;
  task = g_task_new (self, self->cancellable, rasterised_cb, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, rasterise_thread);
}

/**
 * _ps_plot_view_snapshot_spectrograms:
 *
 * Appends the last spectrogram image, each panel clipped to its plot area
 * and its time and bin ranges placed on the current ones, and starts a
 * new image if the layout changed.
 */
void
_ps_plot_view_snapshot_spectrograms (PsPlotView  *self,
                                     GtkSnapshot *snapshot)
{
  PsPlotLayout *old = self->spectro_layout;

  if (!has_spectrogram (self->layout))
    return;
  start_job (self);
  if (self->spectro_texture == NULL || old == NULL
      || ps_plot_layout_get_n_panels (old) != ps_plot_layout_get_n_panels (self->layout))
    return;

  for (guint i = 0; i < ps_plot_layout_get_n_panels (self->layout); i++)
    {
      const PsPlotPanelLayout *now = ps_plot_layout_get_panel (self->layout, i);
      const PsPlotPanelLayout *then = ps_plot_layout_get_panel (old, i);
      const PsTimeRange *range = ps_plot_layout_get_time_range (old);
      double x0, x1, sx, y0, y1, sy;

      if (!now->spectrogram || !then->spectrogram || now->y_log != then->y_log)
        continue;
      /* Where the old plot area's edges are now, in time and in bins. */
      x0 = ps_plot_layout_time_to_x (self->layout, range->start);
      x1 = ps_plot_layout_time_to_x (self->layout, range->stop);
      sx = (x1 - x0) / then->plot.width;
      y0 = ps_plot_panel_layout_value_to_y (now, then->y_max);
      y1 = ps_plot_panel_layout_value_to_y (now, then->y_min);
      sy = (y1 - y0) / then->plot.height;
      if (!isfinite (sx) || !isfinite (sy))
        continue;

      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT ((float) now->plot.x, (float) now->plot.y,
                                                              (float) now->plot.width, (float) now->plot.height));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) (x0 - then->plot.x * sx),
                                                              (float) (y0 - then->plot.y * sy)));
      gtk_snapshot_scale (snapshot, (float) sx, (float) sy);
      gtk_snapshot_append_texture (snapshot, self->spectro_texture,
                                   &GRAPHENE_RECT_INIT (0, 0,
                                                        (float) ps_plot_layout_get_width (old),
                                                        (float) ps_plot_layout_get_height (old)));
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);
    }
}
