/* ps-amda-answer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is accepted is what speasy's and amdapy's clients accept, and no
 * more: a JSON object with "success"; "dataFileURLs" a string (one file,
 * "" for none) or a list of strings; "status" "in progress" (with an "id"
 * on the first answer), "done", or anything else with a message (an
 * error). AMDA's texts are kept short in the errors (at most 200 bytes,
 * valid UTF-8): they are shown to people.
 */

#define G_LOG_DOMAIN "ps-amda"

#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-amda-answer.h"

#define MAX_TEXT 200
#define MAX_URLS 10000

void
ps_amda_answer_free (PsAmdaAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->id);
  g_strfreev (answer->urls);
  g_free (answer);
}

/* Some text of the server's, fit for a message: valid UTF-8, short, on one line */
static char *
excerpt (const char *text,
         gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) MIN (length, (gsize) MAX_TEXT * 2));
  glong n = g_utf8_strlen (valid, -1);
  char *out;

  if (n > MAX_TEXT)
    {
      char *end = g_utf8_offset_to_pointer (valid, MAX_TEXT);

      *end = '\0';
      out = g_strconcat (valid, "…", NULL);
    }
  else
    out = g_strdup (valid);
  for (char *p = out; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  return g_strstrip (out);
}

/* An http(s) URL of printable ASCII, no spaces, quotes or brackets */
static gboolean
is_url (const char *text)
{
  if (!g_str_has_prefix (text, "http://") && !g_str_has_prefix (text, "https://"))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isgraph (*p) || *p == '"' || *p == '<' || *p == '>')
      return FALSE;
  return TRUE;
}

/* The first of AMDA's ways of saying why */
static const char *
message_of (const cJSON *doc)
{
  static const char * const keys[] = { "message", "error", "msg", "status", NULL };

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const cJSON *item = cJSON_GetObjectItemCaseSensitive (doc, keys[i]);

      if (cJSON_IsString (item) && *item->valuestring != '\0')
        return item->valuestring;
    }
  return NULL;
}

static void
set_refusal (const cJSON  *doc,
             GError      **error)
{
  const char *message = message_of (doc);

  if (message != NULL)
    {
      g_autofree char *text = excerpt (message, strlen (message));

      g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_SERVER, _("AMDA says: %s"), text);
    }
  else
    g_set_error_literal (error, PS_AMDA_ERROR, PS_AMDA_ERROR_SERVER,
                         _("AMDA could not serve the request and did not say why"));
}

static gboolean
read_urls (const cJSON   *item,
           PsAmdaAnswer  *answer,
           GError       **error)
{
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);

  if (cJSON_IsString (item))
    {
      if (*item->valuestring != '\0')
        g_ptr_array_add (urls, g_strdup (item->valuestring));
    }
  else if (cJSON_IsArray (item))
    {
      const cJSON *url;

      cJSON_ArrayForEach (url, item)
        {
          if (!cJSON_IsString (url))
            {
              g_set_error_literal (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                                   _("AMDA’s answer lists a file that is not a URL"));
              return FALSE;
            }
          if (urls->len >= MAX_URLS)
            {
              g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                           _("AMDA’s answer lists more than %u files"), MAX_URLS);
              return FALSE;
            }
          g_ptr_array_add (urls, g_strdup (url->valuestring));
        }
    }
  else
    {
      g_set_error_literal (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                           _("AMDA’s answer has “dataFileURLs” that is neither a URL nor a list of URLs"));
      return FALSE;
    }
  for (guint i = 0; i < urls->len; i++)
    if (!is_url (g_ptr_array_index (urls, i)))
      {
        const char *url = g_ptr_array_index (urls, i);
        g_autofree char *text = excerpt (url, strlen (url));

        g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                     _("AMDA’s answer lists “%s”, which is not an http(s) URL"), text);
        return FALSE;
      }
  g_ptr_array_add (urls, NULL);
  answer->urls = (char **) g_ptr_array_free (g_steal_pointer (&urls), FALSE);
  return TRUE;
}

/**
 * ps_amda_parse_answer:
 * @json: the body of a getParameter.php or getStatus.php answer
 *
 * Returns: (transfer full) (nullable): what AMDA answered, or %NULL with
 *   @error set: %PS_AMDA_ERROR_SERVER when AMDA refused (its message
 *   quoted), %PS_AMDA_ERROR_PARSE when it is not such an answer
 */
PsAmdaAnswer *
ps_amda_parse_answer (const char  *json,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(PsAmdaAnswer) answer = g_new0 (PsAmdaAnswer, 1);
  cJSON *doc;
  const cJSON *success;
  const cJSON *status;
  const cJSON *urls;
  const cJSON *id;
  gboolean ok = FALSE;

  g_return_val_if_fail (json != NULL || length == 0, NULL);

  doc = cJSON_ParseWithLength (json != NULL ? json : "", length);
  if (!cJSON_IsObject (doc))
    {
      g_autofree char *text = excerpt (json != NULL ? json : "", length);

      g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                   _("AMDA’s answer is not the JSON expected: “%s”"), text);
      cJSON_Delete (doc);
      return NULL;
    }

  success = cJSON_GetObjectItemCaseSensitive (doc, "success");
  status = cJSON_GetObjectItemCaseSensitive (doc, "status");
  urls = cJSON_GetObjectItemCaseSensitive (doc, "dataFileURLs");
  id = cJSON_GetObjectItemCaseSensitive (doc, "id");

  if (cJSON_IsFalse (success))
    set_refusal (doc, error);
  else if (cJSON_IsString (status) && g_ascii_strcasecmp (status->valuestring, "in progress") == 0)
    {
      answer->status = PS_AMDA_ANSWER_IN_PROGRESS;
      if (cJSON_IsString (id) && *id->valuestring != '\0' && strlen (id->valuestring) <= 256)
        answer->id = g_strdup (id->valuestring);
      else if (cJSON_IsNumber (id))
        answer->id = g_strdup_printf ("%.0f", id->valuedouble);
      else if (id != NULL)
        {
          g_set_error_literal (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                               _("AMDA’s answer has a request “id” that is not a name"));
          goto out;
        }
      answer->urls = g_new0 (char *, 1);
      ok = TRUE;
    }
  else if (status != NULL && !(cJSON_IsString (status) && g_ascii_strcasecmp (status->valuestring, "done") == 0))
    set_refusal (doc, error);
  else if (urls == NULL)
    {
      if (success == NULL)
        g_set_error_literal (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                             _("AMDA’s answer says neither “success” nor where the data are"));
      else
        g_set_error_literal (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                             _("AMDA’s answer has no “dataFileURLs”"));
    }
  else if (read_urls (urls, answer, error))
    {
      answer->status = PS_AMDA_ANSWER_DONE;
      ok = TRUE;
    }

out:
  cJSON_Delete (doc);
  return ok ? g_steal_pointer (&answer) : NULL;
}

/**
 * ps_amda_parse_token:
 *
 * Returns: (transfer full) (nullable): the token auth.php answered (one
 *   word of printable ASCII), or %NULL with @error set
 */
char *
ps_amda_parse_token (const char  *text,
                     gsize        length,
                     GError     **error)
{
  g_autofree char *token = g_strstrip (g_strndup (text != NULL ? text : "", MIN (length, 4096)));

  if (*token == '\0' || length > 1024)
    {
      g_set_error_literal (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE, _("AMDA did not give a token"));
      return NULL;
    }
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isgraph (*p) || *p == '<' || *p == '{' || *p == '&')
      {
        g_autofree char *shown = excerpt (token, strlen (token));

        g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                     _("AMDA’s token is not one: “%s”"), shown);
        return NULL;
      }
  return g_steal_pointer (&token);
}

/**
 * ps_amda_is_xml_tree:
 *
 * Returns: whether @text is XML (an answer that is the file itself), not
 *   the URL of the file
 */
gboolean
ps_amda_is_xml_tree (const char *text,
                     gsize       length)
{
  gsize i = 0;

  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (text[i]))
    i++;
  if (i >= length || text[i] != '<')
    return FALSE;
  /* Past the declaration and comments: the first element */
  while (i + 1 < length && text[i] == '<' && (text[i + 1] == '?' || text[i + 1] == '!'))
    {
      const char *end = memchr (text + i, '>', length - i);

      if (end == NULL)
        return TRUE;
      i = (gsize) (end - text) + 1;
      while (i < length && g_ascii_isspace (text[i]))
        i++;
    }
  /* <LocalDataBaseParameters>URL</…> is an indirection, not the tree */
  for (gsize j = i; j < length && j < i + 512; j++)
    if (text[j] == '>')
      {
        gsize k = j + 1;

        while (k < length && g_ascii_isspace (text[k]))
          k++;
        return !(length - k >= 7 && (memcmp (text + k, "http://", 7) == 0
                                     || (length - k >= 8 && memcmp (text + k, "https://", 8) == 0)));
      }
  return TRUE;
}

/**
 * ps_amda_parse_indirect:
 *
 * Returns: (transfer full) (nullable): the URL of the file an answer
 *   points to ("http://…", or "<Element>http://…</Element>"), or %NULL
 *   with @error set
 */
char *
ps_amda_parse_indirect (const char  *text,
                        gsize        length,
                        GError     **error)
{
  g_autofree char *body = g_strndup (text != NULL ? text : "", MIN (length, 65536));
  char *url = g_strstrip (body);

  while (url[0] == '<' && (url[1] == '?' || url[1] == '!'))
    {
      char *end = strchr (url, '>');

      if (end == NULL)
        break;
      url = g_strchug (end + 1);
    }
  if (*url == '<')
    {
      char *open_end = strchr (url, '>');
      char *close = open_end != NULL ? strchr (open_end + 1, '<') : NULL;

      if (close != NULL)
        {
          *close = '\0';
          url = g_strstrip (open_end + 1);
        }
    }
  if (length > 65536 || !is_url (url))
    {
      g_autofree char *shown = excerpt (text != NULL ? text : "", length);

      g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                   _("AMDA’s answer is not the URL of a file: “%s”"), shown);
      return NULL;
    }
  return g_strdup (url);
}

/* --- the user's time tables and catalogues -------------------------------- */

typedef struct
{
  PsInventoryNode *group;
  PsAmdaEventKind  kind;
  guint            depth;
  guint            n;
} ListReader;

static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

static void
list_start_element (GMarkupParseContext  *context,
                    const char           *element_name,
                    const char          **attribute_names,
                    const char          **attribute_values,
                    gpointer              user_data,
                    GError              **error)
{
  ListReader *r = user_data;
  const char *name = local_name (element_name);
  const char *id = NULL;
  const char *title = NULL;
  const char *intervals = NULL;
  const char *description = NULL;
  g_autoptr(PsInventoryNode) node = NULL;
  g_autofree char *path = NULL;
  gboolean wanted;

  r->depth++;
  wanted = r->kind == PS_AMDA_EVENT_TIME_TABLES
           ? (strcmp (name, "timetab") == 0 || strcmp (name, "timeTable") == 0)
           : strcmp (name, "catalog") == 0;
  if (!wanted)
    return;
  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      const char *attr = local_name (attribute_names[i]);

      if (strcmp (attr, "id") == 0)
        id = attribute_values[i];
      else if (strcmp (attr, "name") == 0)
        title = attribute_values[i];
      else if (strcmp (attr, "intervals") == 0 || strcmp (attr, "nbIntervals") == 0)
        intervals = attribute_values[i];
      else if (strcmp (attr, "description") == 0)
        description = attribute_values[i];
    }
  if (id == NULL || *id == '\0' || strchr (id, '/') != NULL)
    {
      int line = 0;

      g_markup_parse_context_get_position (context, &line, NULL);
      g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                   _("A time table or catalogue without a usable xml:id (line %d)"), line);
      return;
    }
  path = g_strconcat (r->kind == PS_AMDA_EVENT_TIME_TABLES ? "amda/tt/" : "amda/catalog/", id, NULL);
  node = ps_inventory_node_new (PS_INVENTORY_GROUP, path, title != NULL && *title != '\0' ? title : id);
  ps_inventory_node_set_key (node, "id", id);
  ps_inventory_node_set_key (node, "event_list", r->kind == PS_AMDA_EVENT_TIME_TABLES ? "timetable" : "catalog");
  ps_inventory_node_set_key (node, "intervals", intervals);
  if (description != NULL && *description != '\0')
    ps_inventory_node_set_description (node, description);
  else if (intervals != NULL)
    {
      g_autofree char *text = g_strdup_printf (r->kind == PS_AMDA_EVENT_TIME_TABLES
                                               ? _("Time table of %s intervals")
                                               : _("Catalogue of %s events"), intervals);

      ps_inventory_node_set_description (node, text);
    }
  ps_inventory_node_add_child (r->group, node);
  r->n++;
}

static void
list_end_element (GMarkupParseContext  *context,
                  const char           *element_name,
                  gpointer              user_data,
                  GError              **error)
{
  ((ListReader *) user_data)->depth--;
}

static const GMarkupParser list_parser = {
  list_start_element,
  list_end_element,
  NULL,
  NULL,
  NULL,
};

/**
 * ps_amda_parse_event_list:
 * @kind: time tables (getTimeTablesList's file) or catalogues
 *   (getCatalogsList's)
 *
 * Returns: (transfer full) (nullable): a group ("amda/#/my-timetables" or
 *   "amda/#/my-catalogs") of one node per time table ("amda/tt/<id>") or
 *   catalogue ("amda/catalog/<id>"): groups without children, with keys
 *   "id", "event_list" ("timetable" or "catalog") and "intervals"; or
 *   %NULL with @error set
 */
PsInventoryNode *
ps_amda_parse_event_list (const char       *xml,
                          gsize             length,
                          PsAmdaEventKind   kind,
                          GError          **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(PsInventoryNode) group = NULL;
  g_autoptr(GError) local = NULL;
  ListReader r = { 0 };

  g_return_val_if_fail (xml != NULL || length == 0, NULL);

  if (kind == PS_AMDA_EVENT_TIME_TABLES)
    group = ps_inventory_node_new (PS_INVENTORY_GROUP, "amda/#/my-timetables", _("Time tables"));
  else
    group = ps_inventory_node_new (PS_INVENTORY_GROUP, "amda/#/my-catalogs", _("Catalogues"));
  r.group = group;
  r.kind = kind;
  context = g_markup_parse_context_new (&list_parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &r, NULL);
  if (!g_markup_parse_context_parse (context, xml != NULL ? xml : "", (gssize) length, &local)
      || !g_markup_parse_context_end_parse (context, &local))
    {
      if (local->domain == PS_AMDA_ERROR)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, PS_AMDA_ERROR, PS_AMDA_ERROR_PARSE,
                     kind == PS_AMDA_EVENT_TIME_TABLES ? _("Not AMDA’s list of time tables: %s")
                                                       : _("Not AMDA’s list of catalogues: %s"),
                     local->message);
      return NULL;
    }
  return g_steal_pointer (&group);
}
