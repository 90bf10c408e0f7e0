/* test-gui.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the GUI tests share: waiting for the window to be painted, running
 * the main loop for a while, rendering a window to a texture and checking
 * it is not blank, resetting the settings.
 */
#pragma once

#include <gtk/gtk.h>

#include "config.h"

static inline void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  gboolean *painted = user_data;

  *painted = TRUE;
}

static inline gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the window has been mapped and painted twice
 * (the first frame may still be laying out), or fails after 20 s. */
static inline void
wait_for_paint (GtkWindow *window)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (20, timeout_cb, &timed_out);
  GdkFrameClock *clock;

  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  for (int i = 0; i < 2; i++)
    {
      gboolean painted = FALSE;
      gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

      gtk_widget_queue_draw (GTK_WIDGET (window));
      while (!painted && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (clock, id);
    }
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

static inline void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static inline GdkTexture *
render_window (GtkWindow *window)
{
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* A blank or nearly blank picture has one colour almost everywhere: count
 * the pixels that differ from the most common colour. */
static inline void
assert_not_blank (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;
  gsize most = 0;
  double differing;

  gdk_texture_download (texture, pixels, stride);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        gpointer pixel = GUINT_TO_POINTER (*(guint32 *) (pixels + stride * y + (gsize) x * 4));
        gsize count = GPOINTER_TO_SIZE (g_hash_table_lookup (counts, pixel)) + 1;

        g_hash_table_insert (counts, pixel, GSIZE_TO_POINTER (count));
      }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    most = MAX (most, GPOINTER_TO_SIZE (value));
  differing = 1.0 - (double) most / ((double) width * height);

  g_test_message ("%u colours, %.1f %% of pixels differ from the background",
                  g_hash_table_size (counts), 100.0 * differing);
  g_assert_cmpuint (g_hash_table_size (counts), >, 32);
  g_assert_cmpfloat (differing, >, 0.02);
}

/* Every key of the application's settings back to its default. */
static inline void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}
