/* ps-status-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An empty state: a large dimmed icon, a title and a line of explanation,
 * centred in whatever space it is given (GTK 4.8 has no AdwStatusPage).
 */

#define G_LOG_DOMAIN "ps-status-page"

#include "config.h"

#include "ps-status-page.h"

struct _PsStatusPage
{
  GtkWidget  parent_instance;

  GtkImage  *image;
  GtkLabel  *title_label;
  GtkLabel  *description_label;
};

G_DEFINE_FINAL_TYPE (PsStatusPage, ps_status_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ICON_NAME,
  PROP_TITLE,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ps_status_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), PS_TYPE_STATUS_PAGE);
  /* The template's root is not a bound child: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ps_status_page_parent_class)->dispose (object);
}

static void
ps_status_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PsStatusPage *self = PS_STATUS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      g_value_set_string (value, ps_status_page_get_icon_name (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, ps_status_page_get_title (self));
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, ps_status_page_get_description (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_status_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PsStatusPage *self = PS_STATUS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      ps_status_page_set_icon_name (self, g_value_get_string (value));
      break;

    case PROP_TITLE:
      ps_status_page_set_title (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      ps_status_page_set_description (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_status_page_class_init (PsStatusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ps_status_page_dispose;
  object_class->get_property = ps_status_page_get_property;
  object_class->set_property = ps_status_page_set_property;

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ps-status-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsStatusPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, PsStatusPage, image);
  gtk_widget_class_bind_template_child (widget_class, PsStatusPage, title_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statuspage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ps_status_page_init (PsStatusPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ps_status_page_new (void)
{
  return g_object_new (PS_TYPE_STATUS_PAGE, NULL);
}

const char *
ps_status_page_get_icon_name (PsStatusPage *self)
{
  g_return_val_if_fail (PS_IS_STATUS_PAGE (self), NULL);

  return gtk_image_get_icon_name (self->image);
}

void
ps_status_page_set_icon_name (PsStatusPage *self,
                              const char   *icon_name)
{
  g_return_if_fail (PS_IS_STATUS_PAGE (self));

  if (g_strcmp0 (icon_name, gtk_image_get_icon_name (self->image)) == 0)
    return;

  gtk_image_set_from_icon_name (self->image, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->image), icon_name != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

const char *
ps_status_page_get_title (PsStatusPage *self)
{
  g_return_val_if_fail (PS_IS_STATUS_PAGE (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
ps_status_page_set_title (PsStatusPage *self,
                          const char   *title)
{
  g_return_if_fail (PS_IS_STATUS_PAGE (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->title_label)) == 0)
    return;

  gtk_label_set_label (self->title_label, title ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), title && *title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
ps_status_page_get_description (PsStatusPage *self)
{
  g_return_val_if_fail (PS_IS_STATUS_PAGE (self), NULL);

  return gtk_label_get_label (self->description_label);
}

void
ps_status_page_set_description (PsStatusPage *self,
                                const char   *description)
{
  g_return_if_fail (PS_IS_STATUS_PAGE (self));

  if (g_strcmp0 (description, gtk_label_get_label (self->description_label)) == 0)
    return;

  gtk_label_set_label (self->description_label, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description && *description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}
