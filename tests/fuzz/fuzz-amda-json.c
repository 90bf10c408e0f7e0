/* fuzz-amda-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the answers of AMDA's REST service from arbitrary
 * bytes (src/core/providers/amda/ps-amda-answer.h): getParameter.php and
 * getStatus.php JSON, auth.php's token, the URL answers of
 * getObsDataTree.php and the lists, and the user's lists of time tables
 * and catalogues. Each either gives what it should (an answer with URLs
 * that are http(s), a one-word token, a group of event lists) or an
 * error says why; never both, never neither.
 */

#include "config.h"

#include <string.h>

#include "ps-amda-answer.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_event_list (const char      *text,
                  gsize            size,
                  PsAmdaEventKind  kind)
{
  GError *error = NULL;
  PsInventoryNode *group = ps_amda_parse_event_list (text, size, kind, &error);

  g_assert_true ((group == NULL) == (error != NULL));
  if (group != NULL)
    {
      for (guint i = 0; i < ps_inventory_node_get_n_children (group); i++)
        {
          PsInventoryNode *child = ps_inventory_node_get_child (group, i);

          g_assert_true (g_str_has_prefix (ps_inventory_node_get_path (child),
                                           kind == PS_AMDA_EVENT_TIME_TABLES ? "amda/tt/" : "amda/catalog/"));
          g_assert_nonnull (ps_inventory_node_get_key (child, "id"));
        }
      g_object_unref (group);
    }
  g_clear_error (&error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  GError *error = NULL;
  PsAmdaAnswer *answer;
  char *out;

  answer = ps_amda_parse_answer (text, size, &error);
  g_assert_true ((answer == NULL) == (error != NULL));
  if (answer != NULL)
    {
      g_assert_nonnull (answer->urls);
      for (guint i = 0; answer->urls[i] != NULL; i++)
        g_assert_true (g_str_has_prefix (answer->urls[i], "http://") || g_str_has_prefix (answer->urls[i], "https://"));
      if (answer->status == PS_AMDA_ANSWER_IN_PROGRESS)
        g_assert_null (answer->urls[0]);
      ps_amda_answer_free (answer);
    }
  else
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);

  out = ps_amda_parse_token (text, size, &error);
  g_assert_true ((out == NULL) == (error != NULL));
  if (out != NULL)
    g_assert_null (strpbrk (out, " \t\r\n"));
  g_free (out);
  g_clear_error (&error);

  (void) ps_amda_is_xml_tree (text, size);
  out = ps_amda_parse_indirect (text, size, &error);
  g_assert_true ((out == NULL) == (error != NULL));
  if (out != NULL)
    g_assert_true (g_str_has_prefix (out, "http://") || g_str_has_prefix (out, "https://"));
  g_free (out);
  g_clear_error (&error);

  check_event_list (text, size, PS_AMDA_EVENT_TIME_TABLES);
  check_event_list (text, size, PS_AMDA_EVENT_CATALOGS);
  return 0;
}
