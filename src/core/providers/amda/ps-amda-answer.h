/* ps-amda-answer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The small answers of AMDA's REST service (…/php/rest/):
 *  - getParameter.php and getStatus.php answer JSON: {"success": true,
 *    "dataFileURLs": "http://…/file.cdf"} when the file is ready,
 *    {"success": true, "status": "in progress", "id": "…"} while AMDA
 *    still works on it (the client then asks getStatus.php?id=… until
 *    "done"), {"success": false, "message": "…"} when AMDA refuses;
 *  - auth.php answers a token, as plain text;
 *  - getObsDataTree.php, getTimeTablesList.php and getCatalogsList.php
 *    answer the URL of an XML file, bare or in one element
 *    (<LocalDataBaseParameters>http://…</LocalDataBaseParameters>);
 *  - the user's lists of time tables and catalogues are XML:
 *    <timetabList><timetab xml:id="tt_0" name="…" intervals="389"/>…,
 *    <catalogList><catalog xml:id="cat_0" name="…" intervals="…"/>….
 */
#pragma once

#include <glib.h>

#include "ps-amda-parse.h"
#include "ps-inventory-node.h"

G_BEGIN_DECLS

typedef enum
{
  PS_AMDA_ANSWER_DONE,         /* urls holds the files (none: no data) */
  PS_AMDA_ANSWER_IN_PROGRESS,  /* ask getStatus.php with id (NULL: the same as before) */
} PsAmdaAnswerStatus;

typedef struct
{
  PsAmdaAnswerStatus   status;
  char                *id;
  char               **urls;   /* NULL-terminated, never NULL */
} PsAmdaAnswer;

typedef enum
{
  PS_AMDA_EVENT_TIME_TABLES,
  PS_AMDA_EVENT_CATALOGS,
} PsAmdaEventKind;

PsAmdaAnswer    *ps_amda_parse_answer      (const char       *json,
                                            gsize             length,
                                            GError          **error);
void             ps_amda_answer_free       (PsAmdaAnswer     *answer);

char            *ps_amda_parse_token       (const char       *text,
                                            gsize             length,
                                            GError          **error);
char            *ps_amda_parse_indirect    (const char       *text,
                                            gsize             length,
                                            GError          **error);
gboolean         ps_amda_is_xml_tree       (const char       *text,
                                            gsize             length);
PsInventoryNode *ps_amda_parse_event_list  (const char       *xml,
                                            gsize             length,
                                            PsAmdaEventKind   kind,
                                            GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsAmdaAnswer, ps_amda_answer_free)

G_END_DECLS
