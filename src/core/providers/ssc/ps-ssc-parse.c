/* ps-ssc-parse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both answers are read with GMarkup, element by element: only the local
 * names count (SSCWeb qualifies them with its schema's namespace, as a
 * default namespace today, maybe with a prefix tomorrow). A location
 * answer gives its arrays one element per value (<X>…</X><X>…</X>), the
 * times in <Time> elements (ISO 8601, UTC); the first <Data> is read.
 */

#define G_LOG_DOMAIN "ps-ssc"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-ssc-parse.h"
#include "ps-time.h"

G_DEFINE_QUARK (ps-ssc-error-quark, ps_ssc_error)

const char * const ps_ssc_frames[] = { "gse", "gsm", "sm", "geo", "gei", NULL };

void
ps_ssc_observatory_free (gpointer observatory)
{
  PsSscObservatory *o = observatory;

  if (o == NULL)
    return;
  g_free (o->id);
  g_free (o->name);
  g_free (o);
}

/**
 * ps_ssc_frame_is_known:
 *
 * Returns: whether @frame is one of %ps_ssc_frames
 */
gboolean
ps_ssc_frame_is_known (const char *frame)
{
  return frame != NULL && g_strv_contains (ps_ssc_frames, frame);
}

static void
set_str (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

typedef enum
{
  READ_OBSERVATORIES,
  READ_LOCATIONS,
} ReadWhat;

typedef struct
{
  ReadWhat   what;
  GPtrArray *stack;         /* local names of the open elements */
  GString   *text;

  /* observatories */
  GPtrArray        *observatories;
  PsSscObservatory *current;
  char             *start_text;
  char             *stop_text;

  /* locations */
  char      *status_code;
  char      *status_text;
  char      *id;
  char      *frame;
  guint      n_data;        /* <Data> elements seen */
  guint      n_coordinates; /* <Coordinates> of the first <Data> */
  GArray    *x;
  GArray    *y;
  GArray    *z;
  GArray    *times;
} Reader;

static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

static const char *
parent_name (Reader *r,
             guint   up)
{
  /* The element just closed is already off the stack */
  if (r->stack->len < up)
    return "";
  return g_ptr_array_index (r->stack, r->stack->len - up);
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

  if (r->stack->len == 0)
    {
      const char *root = r->what == READ_OBSERVATORIES ? "ObservatoryResponse" : "Response";

      if (strcmp (name, root) != 0)
        {
          g_set_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE,
                       _("Not an SSCWeb answer: <%s> where <%s> was expected"), name, root);
          return;
        }
    }
  if (r->what == READ_OBSERVATORIES && strcmp (name, "Observatory") == 0 && r->stack->len == 1)
    {
      g_clear_pointer (&r->current, ps_ssc_observatory_free);
      r->current = g_new0 (PsSscObservatory, 1);
      g_clear_pointer (&r->start_text, g_free);
      g_clear_pointer (&r->stop_text, g_free);
    }
  if (r->what == READ_LOCATIONS && strcmp (name, "Data") == 0)
    r->n_data++;
  if (r->what == READ_LOCATIONS && strcmp (name, "Coordinates") == 0 && r->n_data == 1)
    r->n_coordinates++;
  g_ptr_array_add (r->stack, g_strdup (name));
  g_string_truncate (r->text, 0);
}

static gboolean
parse_double (const char  *text,
              double      *out,
              GError     **error)
{
  char *end = NULL;

  if (*text == '\0')
    {
      g_set_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE, _("An empty number"));
      return FALSE;
    }
  *out = g_ascii_strtod (text, &end);
  if (end == NULL || *end != '\0')
    {
      g_set_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE, _("“%s” is not a number"), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_time (const char  *text,
            PsTime      *out,
            GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (!ps_time_parse_iso (text, out, &local))
    {
      g_set_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE, _("“%s” is not a time: %s"), text, local->message);
      return FALSE;
    }
  return TRUE;
}

static void
end_observatory_child (Reader      *r,
                       const char  *name,
                       const char  *text,
                       GError     **error)
{
  PsSscObservatory *o = r->current;

  if (strcmp (name, "Id") == 0)
    set_str (&o->id, text);
  else if (strcmp (name, "Name") == 0)
    set_str (&o->name, text);
  else if (strcmp (name, "StartTime") == 0)
    set_str (&r->start_text, text);
  else if (strcmp (name, "EndTime") == 0)
    set_str (&r->stop_text, text);
  else if (strcmp (name, "Resolution") == 0)
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
        {
          g_set_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE,
                       _("“%s” is not a resolution in seconds"), text);
          return;
        }
      o->resolution = (guint) value;
    }
}

static void
end_observatory (Reader  *r,
                 GError **error)
{
  PsSscObservatory *o = r->current;
  PsTime start = 0;
  PsTime stop = 0;

  if (o->id == NULL || *o->id == '\0' || strchr (o->id, '/') != NULL)
    {
      g_set_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE,
                   _("An observatory without a usable Id"));
      return;
    }
  if (r->start_text != NULL && r->stop_text != NULL)
    {
      if (!parse_time (r->start_text, &start, error) || !parse_time (r->stop_text, &stop, error))
        return;
      if (stop >= start)
        o->coverage = ps_time_range_make (start, stop);
    }
  g_ptr_array_add (r->observatories, g_steal_pointer (&r->current));
}

static void
append_double (GArray      *array,
               const char  *text,
               GError     **error)
{
  double value;

  if (parse_double (text, &value, error))
    g_array_append_val (array, value);
}

static void
end_location_child (Reader      *r,
                    const char  *name,
                    const char  *text,
                    GError     **error)
{
  const char *parent = parent_name (r, 1);

  if (strcmp (parent, "Result") == 0)
    {
      if (strcmp (name, "StatusCode") == 0)
        set_str (&r->status_code, text);
      else if (strcmp (name, "StatusText") == 0)
        {
          if (r->status_text == NULL || *r->status_text == '\0')
            set_str (&r->status_text, text);
          else if (*text != '\0')
            {
              g_autofree char *joined = g_strconcat (r->status_text, " ", text, NULL);

              set_str (&r->status_text, joined);
            }
        }
      return;
    }
  if (r->n_data != 1)
    return;
  if (strcmp (parent, "Data") == 0)
    {
      if (strcmp (name, "Id") == 0)
        set_str (&r->id, text);
      else if (strcmp (name, "Time") == 0)
        {
          PsTime t;

          if (parse_time (text, &t, error))
            g_array_append_val (r->times, t);
        }
      return;
    }
  if (strcmp (parent, "Coordinates") == 0 && r->n_coordinates == 1)
    {
      if (strcmp (name, "CoordinateSystem") == 0)
        set_str (&r->frame, text);
      else if (strcmp (name, "X") == 0)
        append_double (r->x, text, error);
      else if (strcmp (name, "Y") == 0)
        append_double (r->y, text, error);
      else if (strcmp (name, "Z") == 0)
        append_double (r->z, text, error);
    }
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element_name,
             gpointer              user_data,
             GError              **error)
{
  Reader *r = user_data;
  g_autofree char *name = g_ptr_array_steal_index (r->stack, r->stack->len - 1);
  g_autofree char *text = g_strstrip (g_strdup (r->text->str));

  g_string_truncate (r->text, 0);
  if (r->what == READ_OBSERVATORIES)
    {
      if (strcmp (name, "Observatory") == 0 && r->stack->len == 1 && r->current != NULL)
        end_observatory (r, error);
      else if (r->current != NULL && r->stack->len == 2 && strcmp (parent_name (r, 1), "Observatory") == 0)
        end_observatory_child (r, name, text, error);
    }
  else
    end_location_child (r, name, text, error);
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 text_len,
      gpointer              user_data,
      GError              **error)
{
  Reader *r = user_data;

  g_string_append_len (r->text, text, (gssize) text_len);
}

static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };

static void
reader_init (Reader   *r,
             ReadWhat  what)
{
  memset (r, 0, sizeof *r);
  r->what = what;
  r->stack = g_ptr_array_new_with_free_func (g_free);
  r->text = g_string_new (NULL);
  r->observatories = g_ptr_array_new_with_free_func (ps_ssc_observatory_free);
  r->x = g_array_new (FALSE, FALSE, sizeof (double));
  r->y = g_array_new (FALSE, FALSE, sizeof (double));
  r->z = g_array_new (FALSE, FALSE, sizeof (double));
  r->times = g_array_new (FALSE, FALSE, sizeof (PsTime));
}

static void
reader_clear (Reader *r)
{
  g_ptr_array_unref (r->stack);
  g_string_free (r->text, TRUE);
  g_clear_pointer (&r->observatories, g_ptr_array_unref);
  g_clear_pointer (&r->current, ps_ssc_observatory_free);
  g_free (r->start_text);
  g_free (r->stop_text);
  g_free (r->status_code);
  g_free (r->status_text);
  g_free (r->id);
  g_free (r->frame);
  g_array_unref (r->x);
  g_array_unref (r->y);
  g_array_unref (r->z);
  g_array_unref (r->times);
}

static gboolean
reader_run (Reader      *r,
            const char  *xml,
            gsize        length,
            GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local = NULL;

  if (length > G_MAXSSIZE)
    length = G_MAXSSIZE;
  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, r, NULL);
  if (!g_markup_parse_context_parse (context, xml, (gssize) length, &local)
      || !g_markup_parse_context_end_parse (context, &local))
    {
      if (local->domain == PS_SSC_ERROR)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE,
                     _("SSCWeb’s answer is not readable XML: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * ps_ssc_parse_observatories:
 * @xml: an ObservatoryResponse (need not be nul-terminated)
 *
 * Returns: (transfer full) (element-type PsSscObservatory): the
 *   observatories, in the answer's order; %NULL with @error set when
 *   @xml is not an observatory list
 */
GPtrArray *
ps_ssc_parse_observatories (const char  *xml,
                            gsize        length,
                            GError     **error)
{
  Reader r;
  GPtrArray *out = NULL;

  g_return_val_if_fail (xml != NULL || length == 0, NULL);

  reader_init (&r, READ_OBSERVATORIES);
  if (reader_run (&r, xml != NULL ? xml : "", length, error))
    out = g_steal_pointer (&r.observatories);
  reader_clear (&r);
  return out;
}

static char *
frame_name (const char *frame)
{
  /* "Gse" → "GSE"; SSCWeb's enumeration is of such names */
  return g_ascii_strup (frame != NULL && *frame != '\0' ? frame : "?", -1);
}

/**
 * ps_ssc_parse_locations:
 * @xml: a Response to a location request (need not be nul-terminated)
 *
 * The positions of the answer's first observatory in its coordinate
 * frame: X, Y, Z in km, named "<id> <FRAME>". An answer without data is
 * an empty series.
 *
 * Returns: (transfer full): the series, or %NULL with @error set (code
 *   %PS_SSC_ERROR_SERVER, the server's StatusText in the message, when it
 *   reports a failure)
 */
PsSeries *
ps_ssc_parse_locations (const char  *xml,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(PsSeriesBuilder) builder = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *frame = NULL;
  g_autofree char *name = NULL;
  PsSeries *series = NULL;
  Reader r;
  double *values;
  gsize n;

  g_return_val_if_fail (xml != NULL || length == 0, NULL);

  reader_init (&r, READ_LOCATIONS);
  if (!reader_run (&r, xml != NULL ? xml : "", length, error))
    goto out;
  if (r.status_code == NULL)
    {
      g_set_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE, _("SSCWeb’s answer has no StatusCode"));
      goto out;
    }
  if (strcmp (r.status_code, "Success") != 0)
    {
      g_set_error (error, PS_SSC_ERROR, PS_SSC_ERROR_SERVER, _("SSCWeb answered %s: %s"), r.status_code,
                   r.status_text != NULL && *r.status_text != '\0' ? r.status_text : _("no explanation"));
      goto out;
    }
  n = r.times->len;
  if (r.x->len != n || r.y->len != n || r.z->len != n)
    {
      g_set_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE,
                   _("SSCWeb’s answer has %u times but %u X, %u Y and %u Z values"),
                   r.times->len, r.x->len, r.y->len, r.z->len);
      goto out;
    }

  frame = frame_name (r.frame);
  {
    g_autofree char *lx = g_strconcat ("X ", frame, NULL);
    g_autofree char *ly = g_strconcat ("Y ", frame, NULL);
    g_autofree char *lz = g_strconcat ("Z ", frame, NULL);
    const char *labels[] = { lx, ly, lz, NULL };

    builder = ps_series_builder_new ();
    name = g_strdup_printf ("%s %s", r.id != NULL && *r.id != '\0' ? r.id : "?", frame);
    ps_series_builder_set_name (builder, name);
    ps_series_builder_set_units (builder, "km");
    ps_series_builder_set_labels (builder, labels);
  }
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_VECTOR);
  ps_series_builder_set_meta (builder, "COORDINATE_SYSTEM", frame);
  ps_series_builder_set_times (builder, (const PsTime *) (gpointer) r.times->data, n);
  values = ps_series_builder_alloc_values (builder, n, 3);
  for (gsize i = 0; i < n; i++)
    {
      values[3 * i] = g_array_index (r.x, double, i);
      values[3 * i + 1] = g_array_index (r.y, double, i);
      values[3 * i + 2] = g_array_index (r.z, double, i);
    }
  series = ps_series_builder_end (builder, &local);
  if (series == NULL)
    g_set_error (error, PS_SSC_ERROR, PS_SSC_ERROR_PARSE, _("SSCWeb’s answer is not a series: %s"),
                 local->message);

out:
  reader_clear (&r);
  return series;
}

/**
 * ps_ssc_inventory_from_observatories:
 * @observatories: (element-type PsSscObservatory)
 *
 * Returns: (transfer full): the root, path "ssc": one node per
 *   observatory ("ssc/<id>"), with one product per frame
 */
PsInventoryNode *
ps_ssc_inventory_from_observatories (GPtrArray *observatories)
{
  PsInventoryNode *root = ps_inventory_node_new (PS_INVENTORY_PROVIDER, "ssc", "SSCWeb");

  g_return_val_if_fail (observatories != NULL, root);

  ps_inventory_node_set_description (root, _("NASA’s Satellite Situation Center: spacecraft positions"));
  for (guint i = 0; i < observatories->len; i++)
    {
      const PsSscObservatory *o = g_ptr_array_index (observatories, i);
      g_autofree char *path = g_strconcat ("ssc/", o->id, NULL);
      g_autoptr(PsInventoryNode) node = NULL;
      PsTime cadence = (PsTime) o->resolution * PS_TIME_NS_PER_SECOND;

      if (ps_inventory_node_find_child (root, path) != NULL)
        continue;
      node = ps_inventory_node_new (PS_INVENTORY_OBSERVATORY, path, o->name != NULL ? o->name : o->id);
      ps_inventory_node_set_coverage (node, &o->coverage);
      if (cadence > 0)
        ps_inventory_node_set_cadence (node, cadence);
      for (guint f = 0; ps_ssc_frames[f] != NULL; f++)
        {
          g_autofree char *product = g_strconcat (path, "/", ps_ssc_frames[f], NULL);
          g_autofree char *upper = g_ascii_strup (ps_ssc_frames[f], -1);
          g_autofree char *description = g_strdup_printf (_("Position of %s in %s coordinates"),
                                                          o->name != NULL ? o->name : o->id, upper);
          g_autoptr(PsInventoryNode) param = ps_inventory_node_new (PS_INVENTORY_PARAMETER, product, upper);

          ps_inventory_node_set_description (param, description);
          ps_inventory_node_set_units (param, "km");
          ps_inventory_node_set_display_kind (param, PS_DISPLAY_VECTOR);
          ps_inventory_node_set_coverage (param, &o->coverage);
          if (cadence > 0)
            ps_inventory_node_set_cadence (param, cadence);
          ps_inventory_node_add_child (node, param);
        }
      ps_inventory_node_add_child (root, node);
    }
  return root;
}
