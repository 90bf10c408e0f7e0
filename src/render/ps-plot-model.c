/* ps-plot-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include <math.h>

#include "ps-plot-model.h"

struct _PsPlotModel
{
  GObject      parent_instance;

  PsTimeRange  range;
  GPtrArray   *panels; /* of PsPlotPanel */
};

G_DEFINE_FINAL_TYPE (PsPlotModel, ps_plot_model, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
panel_free (gpointer data)
{
  PsPlotPanel *panel = data;

  g_ptr_array_unref (panel->series);
  g_ptr_array_unref (panel->pyramids);
  g_ptr_array_unref (panel->spectro_pyramids);
  g_free (panel);
}

static void
pyramid_unref0 (gpointer data)
{
  if (data != NULL)
    ps_pyramid_unref (data);
}

static void
spectro_pyramid_unref0 (gpointer data)
{
  if (data != NULL)
    ps_spectro_pyramid_unref (data);
}

static void
ps_plot_model_finalize (GObject *object)
{
  PsPlotModel *self = (PsPlotModel *) object;

  g_ptr_array_unref (self->panels);

  G_OBJECT_CLASS (ps_plot_model_parent_class)->finalize (object);
}

static void
ps_plot_model_class_init (PsPlotModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ps_plot_model_finalize;

  /**
   * PsPlotModel::changed:
   *
   * Something shown changed: the time range, a panel, a series or a
   * setting. Layouts made before are stale.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ps_plot_model_init (PsPlotModel *self)
{
  self->panels = g_ptr_array_new_with_free_func (panel_free);
}

PsPlotModel *
ps_plot_model_new (void)
{
  return g_object_new (PS_TYPE_PLOT_MODEL, NULL);
}

void
ps_plot_model_set_time_range (PsPlotModel       *self,
                              const PsTimeRange *range)
{
  g_return_if_fail (PS_IS_PLOT_MODEL (self));
  g_return_if_fail (range != NULL);

  if (ps_time_range_equal (&self->range, range))
    return;
  self->range = *range;
  g_signal_emit (self, signals[CHANGED], 0);
}

const PsTimeRange *
ps_plot_model_get_time_range (PsPlotModel *self)
{
  g_return_val_if_fail (PS_IS_PLOT_MODEL (self), NULL);

  return &self->range;
}

/**
 * ps_plot_model_add_panel:
 *
 * Appends an empty panel below the others.
 *
 * Returns: its index
 */
guint
ps_plot_model_add_panel (PsPlotModel *self)
{
  PsPlotPanel *panel;

  g_return_val_if_fail (PS_IS_PLOT_MODEL (self), 0);

  panel = g_new0 (PsPlotPanel, 1);
  panel->series = g_ptr_array_new_with_free_func ((GDestroyNotify) ps_series_unref);
  panel->pyramids = g_ptr_array_new_with_free_func (pyramid_unref0);
  panel->spectro_pyramids = g_ptr_array_new_with_free_func (spectro_pyramid_unref0);
  ps_plot_axis_settings_init (&panel->y);
  ps_plot_axis_settings_init (&panel->z);
  panel->colormap = PS_COLORMAP_VIRIDIS;
  panel->weight = 1.0;
  g_ptr_array_add (self->panels, panel);
  g_signal_emit (self, signals[CHANGED], 0);
  return self->panels->len - 1;
}

/**
 * ps_plot_model_remove_panel:
 *
 * Removes @panel and its series; the panels below move up.
 */
void
ps_plot_model_remove_panel (PsPlotModel *self,
                            guint        panel)
{
  g_return_if_fail (PS_IS_PLOT_MODEL (self));
  g_return_if_fail (panel < self->panels->len);

  g_ptr_array_remove_index (self->panels, panel);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * ps_plot_model_set_panel_weight:
 * @weight: > 0; a panel's height is its weight's share of the total
 */
void
ps_plot_model_set_panel_weight (PsPlotModel *self,
                                guint        panel,
                                double       weight)
{
  PsPlotPanel *p;

  g_return_if_fail (PS_IS_PLOT_MODEL (self));
  g_return_if_fail (panel < self->panels->len);
  g_return_if_fail (weight > 0 && isfinite (weight));

  p = g_ptr_array_index (self->panels, panel);
  if (p->weight == weight)
    return;
  p->weight = weight;
  g_signal_emit (self, signals[CHANGED], 0);
}

guint
ps_plot_model_get_n_panels (PsPlotModel *self)
{
  g_return_val_if_fail (PS_IS_PLOT_MODEL (self), 0);

  return self->panels->len;
}

const PsPlotPanel *
ps_plot_model_get_panel (PsPlotModel *self,
                         guint        panel)
{
  g_return_val_if_fail (PS_IS_PLOT_MODEL (self), NULL);
  g_return_val_if_fail (panel < self->panels->len, NULL);

  return g_ptr_array_index (self->panels, panel);
}

void
ps_plot_model_add_series (PsPlotModel *self,
                          guint        panel,
                          PsSeries    *series)
{
  PsPlotPanel *p;

  g_return_if_fail (PS_IS_PLOT_MODEL (self));
  g_return_if_fail (panel < self->panels->len);
  g_return_if_fail (series != NULL);

  p = g_ptr_array_index (self->panels, panel);
  g_ptr_array_add (p->series, ps_series_ref (series));
  g_ptr_array_add (p->pyramids, NULL);
  g_ptr_array_add (p->spectro_pyramids, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Panel @panel, when it has a series @index (else a programmer's error,
 * and NULL). */
static PsPlotPanel *
panel_with_series (PsPlotModel *self,
                   guint        panel,
                   guint        index)
{
  PsPlotPanel *p;

  g_return_val_if_fail (panel < self->panels->len, NULL);

  p = g_ptr_array_index (self->panels, panel);
  g_return_val_if_fail (index < p->series->len, NULL);
  return p;
}

/**
 * ps_plot_model_get_pyramid:
 *
 * The min/max pyramid of series @index of @panel, built now (O(n), on the
 * calling thread) the first time it is asked for. The interactive view
 * builds it off-thread instead; export has nothing better to do.
 *
 * Returns: (transfer none): the pyramid
 */
PsPyramid *
ps_plot_model_get_pyramid (PsPlotModel *self,
                           guint        panel,
                           guint        index)
{
  PsPlotPanel *p;

  g_return_val_if_fail (PS_IS_PLOT_MODEL (self), NULL);

  if ((p = panel_with_series (self, panel, index)) == NULL)
    return NULL;

  if (g_ptr_array_index (p->pyramids, index) == NULL)
    g_ptr_array_index (p->pyramids, index) = ps_pyramid_new (g_ptr_array_index (p->series, index));
  return g_ptr_array_index (p->pyramids, index);
}

/**
 * ps_plot_model_set_pyramid:
 * @pyramid: the pyramid of series @index of @panel, built elsewhere (for
 *   instance with ps_pyramid_new_async())
 *
 * Hands the model a pyramid it would otherwise build on demand, so that
 * ps_plot_model_get_pyramid() does not block. Emits ::changed.
 */
void
ps_plot_model_set_pyramid (PsPlotModel *self,
                           guint        panel,
                           guint        index,
                           PsPyramid   *pyramid)
{
  PsPlotPanel *p;

  g_return_if_fail (PS_IS_PLOT_MODEL (self));
  g_return_if_fail (pyramid != NULL);

  if ((p = panel_with_series (self, panel, index)) == NULL)
    return;
  g_return_if_fail (ps_pyramid_get_series (pyramid) == g_ptr_array_index (p->series, index));

  if (g_ptr_array_index (p->pyramids, index) == pyramid)
    return;
  g_clear_pointer (&g_ptr_array_index (p->pyramids, index), ps_pyramid_unref);
  g_ptr_array_index (p->pyramids, index) = ps_pyramid_ref (pyramid);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * ps_plot_model_get_spectro_pyramid:
 *
 * The spectrogram pyramid of series @index of @panel, if one was set.
 * Unlike ps_plot_model_get_pyramid() it is never built on demand: a
 * build reads every value once, which costs more than one direct
 * reduction of what is visible, so only a view that redraws often (the
 * interactive one) builds it, off-thread.
 *
 * Returns: (transfer none) (nullable): the pyramid, %NULL if none
 */
PsSpectroPyramid *
ps_plot_model_get_spectro_pyramid (PsPlotModel *self,
                                   guint        panel,
                                   guint        index)
{
  PsPlotPanel *p;

  g_return_val_if_fail (PS_IS_PLOT_MODEL (self), NULL);

  if ((p = panel_with_series (self, panel, index)) == NULL)
    return NULL;

  return g_ptr_array_index (p->spectro_pyramids, index);
}

/**
 * ps_plot_model_set_spectro_pyramid:
 * @pyramid: the spectrogram pyramid of series @index of @panel (for
 *   instance from ps_spectro_pyramid_new_async())
 *
 * Hands the model a spectrogram pyramid. Does not emit ::changed: what
 * is shown stays the same, only faster to reduce.
 */
void
ps_plot_model_set_spectro_pyramid (PsPlotModel      *self,
                                   guint             panel,
                                   guint             index,
                                   PsSpectroPyramid *pyramid)
{
  PsPlotPanel *p;

  g_return_if_fail (PS_IS_PLOT_MODEL (self));
  g_return_if_fail (pyramid != NULL);

  if ((p = panel_with_series (self, panel, index)) == NULL)
    return;
  g_return_if_fail (ps_spectro_pyramid_get_series (pyramid) == g_ptr_array_index (p->series, index));

  if (g_ptr_array_index (p->spectro_pyramids, index) == pyramid)
    return;
  g_clear_pointer (&g_ptr_array_index (p->spectro_pyramids, index), ps_spectro_pyramid_unref);
  g_ptr_array_index (p->spectro_pyramids, index) = ps_spectro_pyramid_ref (pyramid);
}

static PsPlotPanel *
lookup_panel (PsPlotModel *self,
              guint        panel)
{
  g_assert (PS_IS_PLOT_MODEL (self));
  g_assert (panel < self->panels->len);

  return g_ptr_array_index (self->panels, panel);
}

void
ps_plot_model_set_y_axis (PsPlotModel              *self,
                          guint                     panel,
                          const PsPlotAxisSettings *settings)
{
  g_return_if_fail (PS_IS_PLOT_MODEL (self));
  g_return_if_fail (panel < self->panels->len);
  g_return_if_fail (settings != NULL);

  lookup_panel (self, panel)->y = *settings;
  g_signal_emit (self, signals[CHANGED], 0);
}

void
ps_plot_model_set_z_axis (PsPlotModel              *self,
                          guint                     panel,
                          const PsPlotAxisSettings *settings)
{
  g_return_if_fail (PS_IS_PLOT_MODEL (self));
  g_return_if_fail (panel < self->panels->len);
  g_return_if_fail (settings != NULL);

  lookup_panel (self, panel)->z = *settings;
  g_signal_emit (self, signals[CHANGED], 0);
}

void
ps_plot_model_set_colormap (PsPlotModel *self,
                            guint        panel,
                            PsColormap   colormap)
{
  g_return_if_fail (PS_IS_PLOT_MODEL (self));
  g_return_if_fail (panel < self->panels->len);

  lookup_panel (self, panel)->colormap = colormap;
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
ps_plot_panel_is_spectrogram (const PsPlotPanel *panel)
{
  g_return_val_if_fail (panel != NULL, FALSE);

  return panel->series->len > 0
         && ps_series_get_display_kind (g_ptr_array_index (panel->series, 0)) == PS_DISPLAY_SPECTROGRAM;
}

void
ps_plot_axis_settings_init (PsPlotAxisSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->auto_range = TRUE;
  settings->min = 0.0;
  settings->max = 1.0;
  settings->scale = PS_PLOT_SCALE_AUTO;
}
