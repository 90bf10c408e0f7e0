/* ps-window-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window plots and where it comes from: files opened (Open…,
 * the command line, dropped from a file manager) list their products in
 * the side panel; a product activated there, or dropped on a panel, is
 * loaded off the main thread and added to that panel (lines join lines)
 * or below the others. The first product shown brings the time range to
 * its data.
 */

#define G_LOG_DOMAIN "ps-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ps-window-private.h"

typedef struct
{
  PsWindow *window;   /* weak: the load outlives a closed window */
  char     *variable;
  int       panel;    /* to add to, or -1: a new panel */
} Load;

static void
load_free (Load *load)
{
  g_clear_weak_pointer (&load->window);
  g_free (load->variable);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static Load *
load_new (PsWindow   *window,
          const char *variable,
          int         panel)
{
  Load *load = g_new0 (Load, 1);

  g_set_weak_pointer (&load->window, window);
  load->variable = g_strdup (variable);
  load->panel = panel;
  return load;
}

void
_ps_window_show_error (PsWindow   *self,
                       const char *message)
{
  g_return_if_fail (PS_IS_WINDOW (self));

  g_debug ("%s", message);
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
busy (PsWindow *self,
      int       delta)
{
  self->n_loading += delta;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->n_loading > 0);
  gtk_spinner_set_spinning (self->spinner, self->n_loading > 0);
}

static gboolean
is_error_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
update_plot_page (PsWindow *self)
{
  gboolean any = ps_plot_model_get_n_panels (self->model) > 0;

  gtk_stack_set_visible_child_name (self->plot_stack, any ? "plot" : "empty");
}

static void
add_series (PsWindow *self,
            PsSeries *series,
            int       panel)
{
  gboolean first = ps_plot_model_get_n_panels (self->model) == 0;
  gboolean spectrogram = ps_series_get_display_kind (series) == PS_DISPLAY_SPECTROGRAM;

  if (panel < 0 || (guint) panel >= ps_plot_model_get_n_panels (self->model)
      || spectrogram
      || ps_plot_panel_is_spectrogram (ps_plot_model_get_panel (self->model, (guint) panel)))
    panel = (int) ps_plot_model_add_panel (self->model);
  ps_plot_model_add_series (self->model, (guint) panel, series);
  if (first)
    ps_plot_view_show_all (self->plot_view);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(Load) load = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSeries) series = ps_local_file_load_finish (PS_LOCAL_FILE (source), result, &error);
  PsWindow *self = load->window;

  if (self == NULL || is_error_cancelled (error))
    return;
  busy (self, -1);
  if (series == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not plot “%s”: %s"),
                                                  load->variable, error->message);

      _ps_window_show_error (self, message);
      return;
    }
  add_series (self, series, load->panel);
}

static void
load (PsWindow    *self,
      PsLocalFile *file,
      const char  *variable,
      int          panel)
{
  busy (self, 1);
  ps_local_file_load_async (file, variable, self->cancellable, loaded_cb,
                            load_new (self, variable, panel));
}

/* Opening a file, then maybe plotting one of its products */
typedef struct
{
  PsWindow *window;   /* weak */
  char     *path;
  char     *variable; /* to plot once open, or NULL */
  int       panel;
} Open;

static void
open_free (Open *open)
{
  g_clear_weak_pointer (&open->window);
  g_free (open->path);
  g_free (open->variable);
  g_free (open);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Open, open_free)

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(Open) open = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsLocalFile) file = ps_local_file_open_finish (result, &error);
  PsWindow *self = open->window;
  PsLocalFile *listed;

  if (self == NULL || is_error_cancelled (error))
    return;
  busy (self, -1);
  if (file == NULL)
    {
      g_autofree char *name = g_path_get_basename (open->path);
      g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);

      _ps_window_show_error (self, message);
      return;
    }
  if (ps_local_file_get_n_products (file) == 0 && open->variable == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” holds no data variable to plot"),
                                                  ps_local_file_get_title (file));

      _ps_window_show_error (self, message);
    }
  /* Opened twice at once: keep the first. */
  ps_product_list_add_file (self->product_list, file);
  listed = ps_product_list_lookup_file (self->product_list, ps_local_file_get_path (file));
  g_settings_set_boolean (self->settings, "sidebar-visible", TRUE);
  g_settings_set_string (self->settings, "sidebar-page", "products");
  if (open->variable != NULL)
    load (self, listed, open->variable, open->panel);
}

static void
open_path (PsWindow   *self,
           const char *path,
           const char *variable,
           int         panel)
{
  Open *open = g_new0 (Open, 1);

  g_set_weak_pointer (&open->window, self);
  open->path = g_strdup (path);
  open->variable = g_strdup (variable);
  open->panel = panel;
  busy (self, 1);
  ps_local_file_open_async (path, self->cancellable, opened_cb, open);
}

/**
 * ps_window_open_files:
 *
 * Lists the products of @files in the side panel (files listed already
 * are left as they are).
 */
void
ps_window_open_files (PsWindow  *self,
                      GFile    **files,
                      guint      n_files)
{
  g_return_if_fail (PS_IS_WINDOW (self));

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *message = g_strdup_printf (_("Could not open “%s”: only local files can be opened"), uri);

          _ps_window_show_error (self, message);
          continue;
        }
      if (ps_product_list_lookup_file (self->product_list, path) == NULL)
        open_path (self, path, NULL, -1);
    }
}

/**
 * ps_window_add_product:
 * @product_path: "local/<file>/<variable>"
 * @panel: the panel to add it to, or -1 for a new panel below the others
 *
 * Loads the product and plots it. A line added to a panel of lines joins
 * them; anything else gets a panel of its own.
 */
void
ps_window_add_product (PsWindow   *self,
                       const char *product_path,
                       int         panel)
{
  g_autofree char *file_path = NULL;
  g_autofree char *variable = NULL;
  PsLocalFile *file;

  g_return_if_fail (PS_IS_WINDOW (self));
  g_return_if_fail (product_path != NULL);

  if (!ps_local_parse_product_path (product_path, &file_path, &variable))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown product “%s”"), product_path);

      _ps_window_show_error (self, message);
      return;
    }
  file = ps_product_list_lookup_file (self->product_list, file_path);
  if (file != NULL)
    load (self, file, variable, panel);
  else
    open_path (self, file_path, variable, panel);
}

static void
product_activated_cb (PsWindow      *self,
                      const char    *product_path,
                      PsProductList *list)
{
  ps_window_add_product (self, product_path, -1);
}

static void
n_files_changed_cb (PsWindow      *self,
                    GParamSpec    *pspec,
                    PsProductList *list)
{
  gtk_stack_set_visible_child_name (self->products_stack,
                                    ps_product_list_get_n_files (list) > 0 ? "list" : "empty");
}

static void
error_dismissed_cb (PsWindow *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

/* The panel a product dropped at (@x, @y) of @widget would join, or -1
 * for a new panel: spectrograms and places outside the panels make one. */
static int
drop_panel_at (PsWindow  *self,
               GtkWidget *widget,
               double     x,
               double     y)
{
  graphene_point_t in_view;
  int panel;

  if (ps_plot_model_get_n_panels (self->model) == 0
      || !gtk_widget_compute_point (widget, GTK_WIDGET (self->plot_view),
                                    &GRAPHENE_POINT_INIT ((float) x, (float) y), &in_view))
    return -1;
  panel = ps_plot_view_get_panel_at (self->plot_view, in_view.x, in_view.y);
  if (panel >= 0 && ps_plot_panel_is_spectrogram (ps_plot_model_get_panel (self->model, (guint) panel)))
    return -1;
  return panel;
}

static gboolean
drags_files (GtkDropTarget *target)
{
  GdkDrop *drop = gtk_drop_target_get_current_drop (target);

  return drop != NULL && gdk_content_formats_contain_gtype (gdk_drop_get_formats (drop), GDK_TYPE_FILE_LIST);
}

static GdkDragAction
drop_motion_cb (GtkDropTarget *target,
                double         x,
                double         y,
                PsWindow      *self)
{
  int panel;

  if (drags_files (target))
    {
      ps_plot_view_set_drop_highlight (self->plot_view, -1);
      return GDK_ACTION_COPY;
    }
  panel = drop_panel_at (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)), x, y);
  ps_plot_view_set_drop_highlight (self->plot_view,
                                   panel >= 0 ? panel : (int) ps_plot_model_get_n_panels (self->model));
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *target,
               PsWindow      *self)
{
  ps_plot_view_set_drop_highlight (self->plot_view, -1);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         PsWindow      *self)
{
  ps_plot_view_set_drop_highlight (self->plot_view, -1);
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *list = g_value_get_boxed (value);
      g_autoptr(GPtrArray) files = g_ptr_array_new ();

      for (GSList *l = list; l != NULL; l = l->next)
        g_ptr_array_add (files, l->data);
      ps_window_open_files (self, (GFile **) files->pdata, files->len);
      return files->len > 0;
    }
  if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) != NULL)
    {
      int panel = drop_panel_at (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)), x, y);

      ps_window_add_product (self, g_value_get_string (value), panel);
      return TRUE;
    }
  return FALSE;
}

void
_ps_window_class_plot_init (PsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_child (widget_class, PsWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, plot_view);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, product_list);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, products_stack);
  gtk_widget_class_bind_template_child (widget_class, PsWindow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, error_dismissed_cb);
  gtk_widget_class_bind_template_callback (widget_class, n_files_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, product_activated_cb);

  g_type_ensure (PS_TYPE_PLOT_VIEW);
  g_type_ensure (PS_TYPE_PRODUCT_LIST);
}

void
_ps_window_plot_init (PsWindow *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_STRING };

  self->cancellable = g_cancellable_new ();
  self->model = ps_plot_model_new ();
  g_signal_connect_object (self->model, "changed", G_CALLBACK (update_plot_page), self, G_CONNECT_SWAPPED);
  ps_plot_view_set_time_axis (self->plot_view, self->time_axis);
  ps_plot_view_set_model (self->plot_view, self->model);
  g_settings_bind (self->settings, "show-cursor", self->plot_view, "show-cursor", G_SETTINGS_BIND_GET);

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  g_signal_connect (target, "motion", G_CALLBACK (drop_motion_cb), self);
  g_signal_connect (target, "leave", G_CALLBACK (drop_leave_cb), self);
  gtk_widget_add_controller (gtk_widget_get_parent (GTK_WIDGET (self->plot_stack)),
                             GTK_EVENT_CONTROLLER (target));
}

void
_ps_window_plot_dispose (PsWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->model);
}
