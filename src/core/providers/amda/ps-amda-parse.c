/* ps-amda-parse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tree is read with GMarkup in one pass, each element making its node
 * as it opens: the open elements' nodes are kept on a stack. Elements of
 * no known kind (dataCenter, a parameter's arguments, whatever AMDA adds
 * tomorrow) make no node: what they hold goes to the node above them.
 * Only local names count, of elements and of attributes ("xml:id" is
 * "id"). AMDA writes HTML in its descriptions ("…&lt;br/&gt;…"): a
 * description is its text before the first <br/>.
 */

#define G_LOG_DOMAIN "ps-amda"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-amda-parse.h"
#include "ps-time.h"

G_DEFINE_QUARK (ps-amda-error-quark, ps_amda_error)

typedef struct
{
  PsInventoryNode *root;
  GPtrArray       *stack;  /* (element-type PsInventoryNode) borrowed: each open element's node, or its parent's */
  guint            n_elements;
} Reader;

typedef struct
{
  const char *id;
  const char *name;
  const char *desc;
  const char *description;
  const char *units;
  const char *size;
  const char *display_type;
  const char *data_start;
  const char *data_stop;
  const char *sampling;
  const char *last_modification;
  const char *time_restriction;
} Attributes;

static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

static void
read_attributes (const char **names,
                 const char **values,
                 Attributes  *a)
{
  memset (a, 0, sizeof *a);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = local_name (names[i]);

      if (strcmp (name, "id") == 0)
        a->id = values[i];
      else if (strcmp (name, "name") == 0)
        a->name = values[i];
      else if (strcmp (name, "desc") == 0)
        a->desc = values[i];
      else if (strcmp (name, "description") == 0)
        a->description = values[i];
      else if (strcmp (name, "units") == 0)
        a->units = values[i];
      else if (strcmp (name, "size") == 0)
        a->size = values[i];
      else if (strcmp (name, "display_type") == 0)
        a->display_type = values[i];
      else if (strcmp (name, "dataStart") == 0)
        a->data_start = values[i];
      else if (strcmp (name, "dataStop") == 0)
        a->data_stop = values[i];
      else if (strcmp (name, "sampling") == 0)
        a->sampling = values[i];
      else if (strcmp (name, "lastModificationDate") == 0)
        a->last_modification = values[i];
      else if (strcmp (name, "timeRestriction") == 0)
        a->time_restriction = values[i];
    }
}

/* The text before the first <br/>, without the spaces around it */
static char *
first_line (const char *html)
{
  const char *br;

  if (html == NULL)
    return NULL;
  br = strstr (html, "<br");
  return g_strstrip (br != NULL ? g_strndup (html, br - html) : g_strdup (html));
}

/*
 * parse_sampling:
 *
 * "5M", "16S", "0.5S", "1H", "1D": a number and its unit (seconds when
 * there is none). Returns: 0 (unknown) when it is not that.
 */
static PsTime
parse_sampling (const char *text)
{
  char *end = NULL;
  double value;
  double unit;

  if (text == NULL || *text == '\0')
    return 0;
  value = g_ascii_strtod (text, &end);
  if (end == text || !(value > 0))
    return 0;
  switch (g_ascii_toupper (*end))
    {
    case '\0':
    case 'S':
      unit = 1;
      break;
    case 'M':
      unit = 60;
      break;
    case 'H':
      unit = 3600;
      break;
    case 'D':
      unit = 86400;
      break;
    default:
      return 0;
    }
  if ((*end != '\0' && end[1] != '\0') || value * unit > 1e9)
    return 0;
  return (PsTime) (value * unit * PS_TIME_NS_PER_SECOND + 0.5);
}

static PsInventoryKind
kind_of (const char *element,
         gboolean   *known)
{
  static const struct
  {
    const char      *element;
    PsInventoryKind  kind;
  } kinds[] = {
    { "mission", PS_INVENTORY_MISSION },
    { "observatory", PS_INVENTORY_OBSERVATORY },
    { "instrument", PS_INVENTORY_INSTRUMENT },
    { "datasetGroup", PS_INVENTORY_GROUP },
    { "dataset", PS_INVENTORY_DATASET },
    { "parameter", PS_INVENTORY_PARAMETER },
    { "component", PS_INVENTORY_COMPONENT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (element, kinds[i].element) == 0)
      {
        *known = TRUE;
        return kinds[i].kind;
      }
  *known = FALSE;
  return PS_INVENTORY_GROUP;
}

static PsInventoryNode *
make_node (PsInventoryKind     kind,
           PsInventoryNode    *parent,
           const Attributes   *a,
           GMarkupParseContext *context,
           GError            **error)
{
  g_autoptr(PsInventoryNode) node = NULL;
  g_autofree char *path = NULL;
  g_autofree char *description = NULL;
  const char *id = a->id;
  const char *name;

  if (id == NULL || *id == '\0')
    {
      int line = 0;

      g_markup_parse_context_get_position (context, &line, NULL);
      if (kind == PS_INVENTORY_PARAMETER || kind == PS_INVENTORY_COMPONENT)
        {
          g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                       kind == PS_INVENTORY_PARAMETER
                       ? _("A parameter without an xml:id (line %d)")
                       : _("A component without an xml:id (line %d)"), line);
          return NULL;
        }
      id = a->name;
      if (id == NULL || *id == '\0')
        {
          g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                       _("An element with neither an xml:id nor a name (line %d)"), line);
          return NULL;
        }
    }
  name = a->name != NULL && *a->name != '\0' ? a->name : id;

  if (kind == PS_INVENTORY_PARAMETER || kind == PS_INVENTORY_COMPONENT)
    path = g_strconcat ("amda/", id, NULL);
  else
    path = g_strconcat ("amda/#/", id, NULL);
  node = ps_inventory_node_new (kind, path, name);
  description = first_line (a->description != NULL ? a->description : a->desc);
  if (description != NULL && *description != '\0')
    ps_inventory_node_set_description (node, description);

  if (kind == PS_INVENTORY_DATASET)
    {
      PsTimeRange coverage = { PS_TIME_INVALID, PS_TIME_INVALID };

      ps_inventory_node_set_key (node, "id", id);
      if (a->data_start != NULL && a->data_stop != NULL
          && ps_time_parse_iso (a->data_start, &coverage.start, NULL)
          && ps_time_parse_iso (a->data_stop, &coverage.stop, NULL)
          && coverage.start <= coverage.stop)
        ps_inventory_node_set_coverage (node, &coverage);
      ps_inventory_node_set_cadence (node, parse_sampling (a->sampling));
      ps_inventory_node_set_key (node, "sampling", a->sampling);
      ps_inventory_node_set_key (node, "last_modification", a->last_modification);
      /* Data after this time need an AMDA account */
      ps_inventory_node_set_key (node, "time_restriction", a->time_restriction);
    }
  else if (kind == PS_INVENTORY_PARAMETER)
    {
      PsDisplayKind display = PS_DISPLAY_LINE;

      if (a->display_type != NULL && strcmp (a->display_type, "spectrogram") == 0)
        display = PS_DISPLAY_SPECTROGRAM;
      else if (a->size != NULL && strcmp (a->size, "3") == 0)
        display = PS_DISPLAY_VECTOR;
      ps_inventory_node_set_display_kind (node, display);
      ps_inventory_node_set_units (node, a->units);
      ps_inventory_node_set_key (node, "id", id);
      if (ps_inventory_node_get_kind (parent) == PS_INVENTORY_DATASET)
        {
          ps_inventory_node_set_coverage (node, ps_inventory_node_get_coverage (parent));
          ps_inventory_node_set_cadence (node, ps_inventory_node_get_cadence (parent));
        }
    }
  else if (kind == PS_INVENTORY_COMPONENT)
    {
      ps_inventory_node_set_units (node, ps_inventory_node_get_units (parent));
      ps_inventory_node_set_coverage (node, ps_inventory_node_get_coverage (parent));
      ps_inventory_node_set_cadence (node, ps_inventory_node_get_cadence (parent));
      /* Its id is its path's: "amda/imf(0)" (no key: 6,500 components) */
    }

  ps_inventory_node_add_child (parent, node);
  return node; /* owned by the parent now */
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element_name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Reader *r = user_data;
  const char *name = local_name (element_name);
  PsInventoryNode *parent;
  PsInventoryNode *node;
  PsInventoryKind kind;
  Attributes a;
  gboolean known;

  if (r->n_elements++ == 0)
    {
      if (strcmp (name, "dataRoot") != 0)
        {
          g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                       _("Not AMDA’s data tree: <%s> where <dataRoot> was expected"), name);
          return;
        }
      g_ptr_array_add (r->stack, r->root);
      return;
    }

  parent = g_ptr_array_index (r->stack, r->stack->len - 1);
  kind = kind_of (name, &known);
  if (!known)
    {
      g_ptr_array_add (r->stack, parent);
      return;
    }
  read_attributes (attribute_names, attribute_values, &a);
  node = make_node (kind, parent, &a, context, error);
  if (node == NULL)
    return;
  g_ptr_array_add (r->stack, node);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element_name,
             gpointer              user_data,
             GError              **error)
{
  Reader *r = user_data;

  if (r->stack->len > 0)
    g_ptr_array_set_size (r->stack, r->stack->len - 1);
}

static const GMarkupParser parser = {
  start_element,
  end_element,
  NULL,
  NULL,
  NULL,
};

/**
 * ps_amda_parse_obs_tree:
 * @xml: AMDA's observation-data tree (getObsDataTree)
 * @length: its length in bytes
 * @error: where to say why it could not be read
 *
 * Builds the inventory: the root "amda" (named "AMDA"), then missions,
 * observatories, instruments, dataset groups and datasets
 * ("amda/#/<xml:id>"; datasets have their coverage, their cadence from
 * their sampling and their xml:id as key "id"), parameters
 * ("amda/<xml:id>", with units, description, display kind, and their
 * dataset's coverage and cadence) and their components
 * ("amda/<xml:id>", "imf(0)": with their parameter's units, coverage and
 * cadence).
 *
 * Returns: (transfer full) (nullable): the root, or %NULL with @error set
 */
PsInventoryNode *
ps_amda_parse_obs_tree (const char  *xml,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(PsInventoryNode) root = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_sized_new (16);
  g_autoptr(GError) local = NULL;
  Reader r = { 0 };

  g_return_val_if_fail (xml != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = ps_inventory_node_new (PS_INVENTORY_PROVIDER, "amda", "AMDA");
  ps_inventory_node_set_description (root, _("CDPP’s Automated Multi-Dataset Analysis"));
  r.root = root;
  r.stack = stack;
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &r, NULL);
  if (!g_markup_parse_context_parse (context, xml != NULL ? xml : "", (gssize) length, &local)
      || !g_markup_parse_context_end_parse (context, &local))
    {
      if (local->domain == PS_AMDA_ERROR)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                     _("Not AMDA’s data tree: %s"), local->message);
      return NULL;
    }
  return g_steal_pointer (&root);
}
