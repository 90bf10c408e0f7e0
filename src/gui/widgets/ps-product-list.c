/* ps-product-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GtkListBox: for every file a header row (its name and a close
 * button) followed by one row per product (name, description, units).
 * The search matches every word typed against the variable name, its
 * label and its description; a file's header stays while any of its
 * products matches.
 */

#define G_LOG_DOMAIN "ps-product-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-plot-units.h"
#include "ps-product-list.h"

struct _PsProductList
{
  GtkWidget       parent_instance;

  GHashTable     *files;      /* path → PsLocalFile */
  char          **words;      /* the search, case-folded; NULL: none */
  gboolean        syncing;    /* setting the entry's text ourselves */

  GtkSearchEntry *search_entry;
  GtkListBox     *list_box;
};

G_DEFINE_FINAL_TYPE (PsProductList, ps_product_list, GTK_TYPE_WIDGET)

enum {
  PRODUCT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_N_FILES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Row data keys */
#define KEY_FILE    "ps-file-path"    /* on every row: its file's path */
#define KEY_PRODUCT "ps-product-path" /* on product rows */
#define KEY_TEXT    "ps-search-text"  /* on product rows: what the search sees */

static const char *
kind_icon (PsDisplayKind kind)
{
  switch (kind)
    {
    case PS_DISPLAY_SPECTROGRAM:
      return "view-grid-symbolic";
    case PS_DISPLAY_VECTOR:
    case PS_DISPLAY_MULTI:
      return "view-list-symbolic";
    case PS_DISPLAY_LINE:
    default:
      return "view-continuous-symbolic";
    }
}

static const char *
kind_name (PsDisplayKind kind)
{
  switch (kind)
    {
    case PS_DISPLAY_SPECTROGRAM:
      return _("Spectrogram");
    case PS_DISPLAY_VECTOR:
      return _("Vector");
    case PS_DISPLAY_MULTI:
      return _("Several components");
    case PS_DISPLAY_LINE:
    default:
      return _("Scalar");
    }
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), KEY_PRODUCT);
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, icon, (int) x, (int) y);
  return gdk_content_provider_new_typed (G_TYPE_STRING, path);
}

static GtkWidget *
product_row_new (PsLocalFile          *file,
                 const PsLocalProduct *product)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (kind_icon (product->kind));
  GtkWidget *name = gtk_label_new (product->variable);
  GtkWidget *units;
  GtkDragSource *source;
  g_autofree char *tooltip = NULL;
  g_autofree char *count = NULL;
  g_autofree char *search = NULL;
  const char *description = product->description != NULL ? product->description : product->label;

  gtk_widget_set_tooltip_text (icon, kind_name (product->kind));
  gtk_box_append (GTK_BOX (box), icon);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (texts), name);
  if (g_strcmp0 (description, product->variable) != 0)
    {
      GtkWidget *label = gtk_label_new (description);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (texts), label);
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), texts);

  if (product->units != NULL)
    {
      g_autofree char *markup = ps_plot_units_markup (product->units);

      units = gtk_label_new (NULL);
      gtk_label_set_markup (GTK_LABEL (units), markup);
      gtk_label_set_max_width_chars (GTK_LABEL (units), 12);
      gtk_label_set_ellipsize (GTK_LABEL (units), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (units, "caption");
      gtk_widget_add_css_class (units, "dim-label");
      gtk_box_append (GTK_BOX (box), units);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  count = g_strdup_printf ("%" G_GINT64_FORMAT, product->n_records);
  /* Translators: a product's tooltip: its description, then its kind
   * (Scalar, Vector…), then how many records the file holds. */
  tooltip = g_strdup_printf (ngettext ("%s\n%s, %s record", "%s\n%s, %s records",
                                       (gulong) MIN (product->n_records, G_MAXLONG)),
                             description, kind_name (product->kind), count);
  gtk_widget_set_tooltip_text (row, tooltip);

  search = g_strjoin (" ", product->variable, product->label,
                      product->description != NULL ? product->description : "", NULL);
  g_object_set_data_full (G_OBJECT (row), KEY_TEXT, g_utf8_casefold (search, -1), g_free);
  g_object_set_data_full (G_OBJECT (row), KEY_FILE, g_strdup (ps_local_file_get_path (file)), g_free);
  g_object_set_data_full (G_OBJECT (row), KEY_PRODUCT,
                          ps_local_file_product_path (file, product->variable), g_free);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  return row;
}

static void
close_clicked_cb (GtkButton *button,
                  gpointer   data)
{
  PsProductList *self = PS_PRODUCT_LIST (gtk_widget_get_ancestor (GTK_WIDGET (button), PS_TYPE_PRODUCT_LIST));
  const char *path = g_object_get_data (G_OBJECT (button), KEY_FILE);

  if (self != NULL)
    ps_product_list_remove_file (self, path);
}

static GtkWidget *
file_row_new (PsLocalFile *file)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (ps_local_file_get_title (file));
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_tooltip_text (title, ps_local_file_get_path (file));
  gtk_box_append (GTK_BOX (box), title);

  gtk_widget_add_css_class (close, "flat");
  gtk_widget_set_valign (close, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (close, _("Close File"));
  g_object_set_data_full (G_OBJECT (close), KEY_FILE, g_strdup (ps_local_file_get_path (file)), g_free);
  g_signal_connect (close, "clicked", G_CALLBACK (close_clicked_cb), NULL);
  gtk_box_append (GTK_BOX (box), close);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "file-header");
  g_object_set_data_full (G_OBJECT (row), KEY_FILE, g_strdup (ps_local_file_get_path (file)), g_free);
  return row;
}

static gboolean
row_matches (PsProductList *self,
             GtkWidget     *row)
{
  const char *text = g_object_get_data (G_OBJECT (row), KEY_TEXT);

  if (self->words == NULL)
    return TRUE;
  for (guint i = 0; self->words[i] != NULL; i++)
    if (strstr (text, self->words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
filter_func (GtkListBoxRow *row,
             gpointer       data)
{
  PsProductList *self = data;
  const char *file;

  if (g_object_get_data (G_OBJECT (row), KEY_PRODUCT) != NULL)
    return row_matches (self, GTK_WIDGET (row));

  /* A header: shown while one of its products is. */
  file = g_object_get_data (G_OBJECT (row), KEY_FILE);
  for (GtkWidget *next = gtk_widget_get_next_sibling (GTK_WIDGET (row));
       next != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (next), KEY_FILE), file) == 0;
       next = gtk_widget_get_next_sibling (next))
    if (row_matches (self, next))
      return TRUE;
  return FALSE;
}

static void
search_changed_cb (PsProductList  *self,
                   GtkSearchEntry *entry)
{
  if (self->syncing)
    return;
  ps_product_list_set_filter (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
row_activated_cb (PsProductList *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list_box)
{
  const char *path = g_object_get_data (G_OBJECT (row), KEY_PRODUCT);

  if (path != NULL)
    g_signal_emit (self, signals[PRODUCT_ACTIVATED], 0, path);
}

static void
ps_product_list_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), PS_TYPE_PRODUCT_LIST);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ps_product_list_parent_class)->dispose (object);
}

static void
ps_product_list_finalize (GObject *object)
{
  PsProductList *self = PS_PRODUCT_LIST (object);

  g_hash_table_unref (self->files);
  g_strfreev (self->words);

  G_OBJECT_CLASS (ps_product_list_parent_class)->finalize (object);
}

static void
ps_product_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PsProductList *self = PS_PRODUCT_LIST (object);

  switch (prop_id)
    {
    case PROP_N_FILES:
      g_value_set_uint (value, ps_product_list_get_n_files (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_product_list_class_init (PsProductListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_product_list_dispose;
  object_class->finalize = ps_product_list_finalize;
  object_class->get_property = ps_product_list_get_property;

  properties[PROP_N_FILES] =
    g_param_spec_uint ("n-files", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsProductList::product-activated:
   * @product_path: the product's path
   *
   * The user asked for a product to be plotted.
   */
  signals[PRODUCT_ACTIVATED] =
    g_signal_new ("product-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ps-product-list.ui");
  gtk_widget_class_bind_template_child (widget_class, PsProductList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PsProductList, list_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ps_product_list_init (PsProductList *self)
{
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->list_box, filter_func, self, NULL);
}

GtkWidget *
ps_product_list_new (void)
{
  return g_object_new (PS_TYPE_PRODUCT_LIST, NULL);
}

/**
 * ps_product_list_add_file:
 *
 * Lists @file's products under its name.
 *
 * Returns: %FALSE if a file of the same path is listed already
 */
gboolean
ps_product_list_add_file (PsProductList *self,
                          PsLocalFile   *file)
{
  const char *path;

  g_return_val_if_fail (PS_IS_PRODUCT_LIST (self), FALSE);
  g_return_val_if_fail (PS_IS_LOCAL_FILE (file), FALSE);

  path = ps_local_file_get_path (file);
  if (g_hash_table_contains (self->files, path))
    return FALSE;
  g_hash_table_insert (self->files, g_strdup (path), g_object_ref (file));
  gtk_list_box_append (self->list_box, file_row_new (file));
  for (guint i = 0; i < ps_local_file_get_n_products (file); i++)
    gtk_list_box_append (self->list_box, product_row_new (file, ps_local_file_get_product (file, i)));
  /* The header was filtered before its products were there. */
  gtk_list_box_invalidate_filter (self->list_box);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FILES]);
  return TRUE;
}

/**
 * ps_product_list_remove_file:
 *
 * Returns: %TRUE if @path was listed
 */
gboolean
ps_product_list_remove_file (PsProductList *self,
                             const char    *path)
{
  GtkWidget *row;

  g_return_val_if_fail (PS_IS_PRODUCT_LIST (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_hash_table_remove (self->files, path))
    return FALSE;
  row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
  while (row != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (row);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), KEY_FILE), path) == 0)
        gtk_list_box_remove (self->list_box, row);
      row = next;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FILES]);
  return TRUE;
}

guint
ps_product_list_get_n_files (PsProductList *self)
{
  g_return_val_if_fail (PS_IS_PRODUCT_LIST (self), 0);

  return g_hash_table_size (self->files);
}

/**
 * ps_product_list_lookup_file:
 *
 * Returns: (transfer none) (nullable): the listed file of @path
 */
PsLocalFile *
ps_product_list_lookup_file (PsProductList *self,
                             const char    *path)
{
  g_return_val_if_fail (PS_IS_PRODUCT_LIST (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return g_hash_table_lookup (self->files, path);
}

/**
 * ps_product_list_set_filter:
 * @text: (nullable): words that every shown product must contain
 */
void
ps_product_list_set_filter (PsProductList *self,
                            const char    *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (PS_IS_PRODUCT_LIST (self));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text != NULL ? text : "") != 0)
    {
      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
      self->syncing = FALSE;
    }
  g_clear_pointer (&self->words, g_strfreev);
  if (text != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) parts = NULL;

      folded = g_utf8_casefold (text, -1);
      parts = g_strsplit_set (folded, " \t\n", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        if (parts[i][0] != '\0')
          g_strv_builder_add (builder, parts[i]);
      self->words = g_strv_builder_end (builder);
      if (self->words[0] == NULL)
        g_clear_pointer (&self->words, g_strfreev);
    }
  gtk_list_box_invalidate_filter (self->list_box);
}

/**
 * ps_product_list_get_n_visible:
 *
 * Returns: how many products the search lets through
 */
guint
ps_product_list_get_n_visible (PsProductList *self)
{
  guint n = 0;

  g_return_val_if_fail (PS_IS_PRODUCT_LIST (self), 0);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), KEY_PRODUCT) != NULL && row_matches (self, row))
      n++;
  return n;
}
