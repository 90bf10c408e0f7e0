/* test-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the expected-value JSON files of tests/data/ with cJSON.
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

/* The parsed document at @path; fails the test if it cannot be read. */
static inline cJSON *
load_json (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  cJSON *json;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  json = cJSON_Parse (text);
  g_assert_nonnull (json);
  return json;
}
