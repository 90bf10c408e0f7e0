/* test-cli-cdf-dump.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli cdf-dump against the copied corpus: each file with an
 * observation in data/cdf/expected/observed/ is dumped with --values, once
 * with --raw-times (compared with the raw values JCDF observed) and once
 * without (time values compared with the ISO strings it observed); then the
 * peers' assertions of data/cdf/expected/peer_expectations.json are checked
 * on the dumps, and damaged files must fail with status 2, one line on
 * stderr and nothing on stdout.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-json.h"

static char *data_dir;
static GHashTable *dumps;   /* "flags path" → cJSON*, parsed once */

typedef struct
{
  char  *out;
  gsize  out_len;
  char  *err;
  int    status;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run        *run,
         const char *flags,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = g_strsplit (flags, " ", -1);
  int wait_status = 0;

  g_ptr_array_add (argv, g_strdup (CLI_PATH));
  g_ptr_array_add (argv, g_strdup ("cdf-dump"));
  for (guint i = 0; split[i] != NULL; i++)
    if (*split[i] != '\0')
      g_ptr_array_add (argv, g_strdup (split[i]));
  g_ptr_array_add (argv, g_strdup (path));
  g_ptr_array_add (argv, NULL);

  *run = (Run) { 0 };
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  run->out_len = strlen (run->out);
}

/* The dump of a file, checked to be one valid UTF-8 JSON document. */
static const cJSON *
dump (const char *flags,
      const char *rel)
{
  g_autofree char *key = g_strdup_printf ("%s %s", flags, rel);
  g_autofree char *path = g_build_filename (data_dir, rel, NULL);
  g_auto(Run) run = { 0 };
  const char *end = NULL;
  cJSON *json;

  json = g_hash_table_lookup (dumps, key);
  if (json != NULL)
    return json;

  run_cli (&run, flags, path);
  if (run.status != 0)
    g_error ("cdf-dump %s %s: status %d: %s", flags, rel, run.status, run.err);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_utf8_validate (run.out, run.out_len, NULL));
  g_assert_true (g_str_has_suffix (run.out, "}\n"));
  json = cJSON_ParseWithOpts (run.out, &end, TRUE);
  if (json == NULL)
    g_error ("cdf-dump %s %s: invalid JSON near “%.40s”", flags, rel, end);
  g_assert_true (cJSON_IsObject (json));
  g_hash_table_insert (dumps, g_steal_pointer (&key), json);
  return json;
}

static const cJSON *
find_variable (const cJSON *root,
               const char  *name)
{
  const cJSON *var;

  cJSON_ArrayForEach (var, cJSON_GetObjectItem (root, "variables"))
    if (g_strcmp0 (cJSON_GetObjectItem (var, "name")->valuestring, name) == 0)
      return var;
  g_error ("no variable “%s” in the dump", name);
  return NULL;
}

static const char *
get_string (const cJSON *object,
            const char  *key)
{
  const cJSON *item = cJSON_GetObjectItem (object, key);

  if (!cJSON_IsString (item))
    g_error ("“%s” is not a string", key);
  return item->valuestring;
}

static gboolean
is_truncation_marker (const cJSON *item)
{
  return cJSON_IsString (item) && g_str_has_prefix (item->valuestring, "...(");
}

/* The leaves of nested lists, in order; FALSE when the observer cut the
 * list short with a "...(N items)" marker. */
static gboolean
flatten (const cJSON *item,
         GPtrArray   *out)
{
  const cJSON *child;

  if (!cJSON_IsArray (item))
    {
      if (is_truncation_marker (item))
        return FALSE;
      g_ptr_array_add (out, (gpointer) item);
      return TRUE;
    }
  cJSON_ArrayForEach (child, item)
    if (!flatten (child, out))
      return FALSE;
  return TRUE;
}

static double
number_of (const cJSON *item)
{
  if (cJSON_IsNumber (item))
    return item->valuedouble;
  if (!cJSON_IsString (item))
    {
      g_autofree char *text = cJSON_PrintUnformatted (item);
      g_error ("%s is not a number", text);
    }
  if (g_str_equal (item->valuestring, "NaN"))
    return NAN;
  if (g_str_equal (item->valuestring, "Infinity"))
    return INFINITY;
  if (g_str_equal (item->valuestring, "-Infinity"))
    return -INFINITY;
  g_error ("“%s” is not a number", item->valuestring);
  return 0;
}

static gboolean
is_float_type (const char *type)
{
  return g_str_has_suffix (type, "REAL4") || g_str_has_suffix (type, "FLOAT");
}

/* cJSON cuts strings at \u0000, as both sides do; the observer cut long
 * texts with "..." and replaced undecodable bytes with U+FFFD. */
static gboolean
text_matches (const char *want,
              const char *got)
{
  const char *replacement = strstr (want, "\xEF\xBF\xBD");
  gsize wlen = strlen (want);

  if (g_str_equal (want, got))
    return TRUE;
  if (replacement != NULL)
    return strncmp (want, got, replacement - want) == 0;
  return wlen > 3 && g_str_has_suffix (want, "...") && strncmp (want, got, wlen - 3) == 0;
}

static void
compare_leaf (const cJSON *want,
              const cJSON *got,
              const char  *type,
              const char  *what,
              guint        i)
{
  double w, g;

  if (cJSON_IsNull (want))
    return;
  if (cJSON_IsString (want) && !g_str_equal (want->valuestring, "NaN")
      && !g_str_has_suffix (want->valuestring, "Infinity"))
    {
      if (!cJSON_IsString (got) || !text_matches (want->valuestring, got->valuestring))
        g_error ("%s[%u]: expected \"%s\", got %s", what, i, want->valuestring,
                 cJSON_IsString (got) ? got->valuestring : "a non-string");
      return;
    }
  w = number_of (want);
  g = number_of (got);
  if (isnan (w) ? !isnan (g) : is_float_type (type) ? (float) w != (float) g : w != g)
    g_error ("%s[%u]: expected %.17g, got %.17g", what, i, w, g);
}

/* Compares leaf by leaf; the expected list may be a prefix (cut short by
 * the observer, or when prefix_ok). */
static void
compare_values (const cJSON *want,
                const cJSON *got,
                const char  *type,
                gboolean     prefix_ok,
                const char  *what)
{
  g_autoptr(GPtrArray) w = g_ptr_array_new ();
  g_autoptr(GPtrArray) g = g_ptr_array_new ();
  gboolean whole = flatten (want, w);

  g_assert_true (flatten (got, g));
  if (whole && !prefix_ok && w->len != g->len)
    g_error ("%s: %u values expected, %u dumped", what, w->len, g->len);
  if (w->len > g->len)
    g_error ("%s: %u values expected, only %u dumped", what, w->len, g->len);
  for (guint i = 0; i < w->len; i++)
    compare_leaf (w->pdata[i], g->pdata[i], type, what, i);
}

/* The ISO strings the observer wrote, against ours; its notes instead of
 * a time ("pre-1972 (drift era, not converted)", "FILLVAL(…)") are skipped. */
static void
compare_iso (const cJSON *want,
             const cJSON *got,
             const char  *what)
{
  g_autoptr(GPtrArray) w = g_ptr_array_new ();
  g_autoptr(GPtrArray) g = g_ptr_array_new ();

  flatten (want, w);
  g_assert_true (flatten (got, g));
  g_assert_cmpuint (w->len, <=, g->len);
  for (guint i = 0; i < w->len; i++)
    {
      const cJSON *wi = w->pdata[i];
      const cJSON *gi = g->pdata[i];

      g_assert_true (cJSON_IsString (gi));
      if (!g_ascii_isdigit (wi->valuestring[0]))
        continue;
      if (!g_str_equal (wi->valuestring, gi->valuestring))
        g_error ("%s[%u]: expected %s, got %s", what, i, wi->valuestring, gi->valuestring);
    }
}

static gboolean
is_time_type (const char *type)
{
  return g_str_equal (type, "CDF_EPOCH") || g_str_equal (type, "CDF_EPOCH16")
         || g_str_equal (type, "CDF_TIME_TT2000");
}

static const char *
encoding_name (int code)
{
  switch (code)
    {
    case 1: return "NETWORK";
    case 2: return "SUN";
    case 4: return "DECSTATION";
    case 6: return "IBMPC";
    case 7: return "IBMRS";
    case 9: return "PPC";
    default: return NULL;
    }
}

/* One attribute entry as observed ({type, n, value}) against the dump. */
static void
compare_entry (const cJSON *want,
               const cJSON *got,
               gboolean     raw,
               const char  *what)
{
  g_autofree char *type = g_strconcat ("CDF_", get_string (want, "type"), NULL);

  if (is_time_type (type) && !raw)
    {
      if (cJSON_GetObjectItem (want, "value_iso") != NULL)
        compare_iso (cJSON_GetObjectItem (want, "value_iso"), got, what);
      return;
    }
  if (!cJSON_IsString (got) && !g_str_equal (type, "CDF_EPOCH16"))
    {
      int n = cJSON_GetObjectItem (want, "n")->valueint;
      g_assert_cmpint (cJSON_IsArray (got), ==, n != 1);
    }
  compare_values (cJSON_GetObjectItem (want, "value"), got, type, FALSE, what);
}

static void
check_global_attributes (const cJSON *want,
                         const cJSON *got,
                         gboolean     raw)
{
  const cJSON *attr;

  g_assert_cmpint (cJSON_GetArraySize (want), ==, cJSON_GetArraySize (got));
  cJSON_ArrayForEach (attr, want)
    {
      const cJSON *entries = cJSON_GetObjectItem (got, attr->string);
      const cJSON *entry;
      int k = 0;

      if (entries == NULL)
        g_error ("global attribute %s not dumped", attr->string);
      cJSON_ArrayForEach (entry, attr)
        {
          g_autofree char *what = g_strdup_printf ("global %s[%d]", attr->string, k);
          const cJSON *mine = cJSON_GetArrayItem (entries, k++);

          if (is_truncation_marker (entry))
            break;
          g_assert_nonnull (mine);
          if (cJSON_IsNull (entry))
            g_assert_true (cJSON_IsNull (mine));
          else
            compare_entry (entry, mine, raw, what);
        }
      if (!is_truncation_marker (cJSON_GetArrayItem (attr, cJSON_GetArraySize (attr) - 1)))
        g_assert_cmpint (cJSON_GetArraySize (attr), ==, cJSON_GetArraySize (entries));
    }
}

/* Every record must nest as dims says, down to the leaves. */
static void
check_shape (const cJSON *value,
             const cJSON *dims,
             int          d,
             const char  *type,
             gboolean     raw)
{
  const cJSON *child;

  if (d == cJSON_GetArraySize (dims))
    {
      if (g_str_equal (type, "CDF_EPOCH16") && raw)
        g_assert_cmpint (cJSON_GetArraySize (value), ==, 2);
      else if (g_str_has_suffix (type, "CHAR") || (is_time_type (type) && !raw))
        g_assert_true (cJSON_IsString (value));
      else
        g_assert_true (cJSON_IsNumber (value) || cJSON_IsString (value));
      return;
    }
  g_assert_true (cJSON_IsArray (value));
  g_assert_cmpint (cJSON_GetArraySize (value), ==, cJSON_GetArrayItem (dims, d)->valueint);
  cJSON_ArrayForEach (child, value)
    check_shape (child, dims, d + 1, type, raw);
}

static void
check_variable (const cJSON *jv,
                const cJSON *var,
                gboolean     raw,
                gboolean     compare_data)
{
  const char *name = get_string (var, "name");
  g_autofree char *type = g_strconcat ("CDF_", get_string (jv, "type"), NULL);
  const cJSON *values = cJSON_GetObjectItem (var, "values");
  const cJSON *dims = cJSON_GetObjectItem (var, "dims");
  const cJSON *attr;
  const cJSON *item;
  int records = cJSON_GetObjectItem (jv, "record_count")->valueint;
  int i = 0;

  if (compare_data)
    g_assert_cmpstr (name, ==, get_string (jv, "name"));
  g_assert_cmpstr (get_string (var, "kind"), ==, get_string (jv, "kind"));
  g_assert_cmpstr (get_string (var, "type"), ==, type);
  g_assert_cmpint (cJSON_GetArraySize (dims), ==, cJSON_GetArraySize (cJSON_GetObjectItem (jv, "dimSizes")));
  cJSON_ArrayForEach (item, cJSON_GetObjectItem (jv, "dimSizes"))
    g_assert_cmpint (cJSON_GetArrayItem (dims, i++)->valueint, ==, item->valueint);
  g_assert_cmpint (cJSON_GetObjectItem (var, "records")->valueint, ==, records);
  g_assert_cmpint (cJSON_IsTrue (cJSON_GetObjectItem (var, "record_varying")), ==,
                   cJSON_IsTrue (cJSON_GetObjectItem (jv, "recVary")));
  g_assert_cmpint (g_str_equal (get_string (var, "compression"), "none"), ==,
                   !cJSON_IsTrue (cJSON_GetObjectItem (jv, "compressed")));

  g_assert_true (cJSON_IsArray (values));
  g_assert_cmpint (cJSON_GetArraySize (values), ==, records);
  cJSON_ArrayForEach (item, values)
    check_shape (item, dims, 0, type, raw);

  if (!compare_data)
    return;

  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (var, "attributes")), ==,
                   cJSON_GetArraySize (cJSON_GetObjectItem (jv, "attributes")));
  cJSON_ArrayForEach (attr, cJSON_GetObjectItem (jv, "attributes"))
    {
      g_autofree char *what = g_strdup_printf ("%s attribute %s", name, attr->string);
      const cJSON *mine = cJSON_GetObjectItem (cJSON_GetObjectItem (var, "attributes"), attr->string);

      if (mine == NULL)
        g_error ("%s: not dumped", what);
      compare_entry (attr, mine, raw, what);
    }

  if (records == 0)
    return;
  if (is_time_type (type) && !raw)
    {
      if (cJSON_GetObjectItem (jv, "first_record_iso") != NULL)
        compare_iso (cJSON_GetObjectItem (jv, "first_record_iso"), cJSON_GetArrayItem (values, 0), name);
      if (cJSON_GetObjectItem (jv, "last_record_iso") != NULL)
        compare_iso (cJSON_GetObjectItem (jv, "last_record_iso"),
                     cJSON_GetArrayItem (values, records - 1), name);
      return;
    }
  if (cJSON_GetObjectItem (jv, "first_record") != NULL)
    compare_values (cJSON_GetObjectItem (jv, "first_record"), cJSON_GetArrayItem (values, 0),
                    type, FALSE, name);
  if (cJSON_GetObjectItem (jv, "last_record") != NULL)
    compare_values (cJSON_GetObjectItem (jv, "last_record"), cJSON_GetArrayItem (values, records - 1),
                    type, FALSE, name);
  if (cJSON_GetObjectItem (jv, "all_records") != NULL)
    compare_values (cJSON_GetObjectItem (jv, "all_records"), values, type, FALSE, name);
}

/* JCDF 1.2.4 misreads pre-2.5 VDRs (see data/cdf/README.md): no names,
 * values or attributes of theirs are compared. */
static gboolean
observer_misread (const char *rel)
{
  return strstr (rel, "ia_k0_epi_") != NULL || strstr (rel, "ge_k0_cpi_1992") != NULL;
}

static void
check_observed (const cJSON *root,
                const cJSON *j,
                const char  *rel,
                gboolean     raw)
{
  const cJSON *container = cJSON_GetObjectItem (root, "container");
  const cJSON *got = dump (raw ? "--values --raw-times" : "--values", rel);
  const cJSON *leap = cJSON_GetObjectItem (j, "leapSecondLastUpdated");
  const cJSON *jv;
  const char *encoding = encoding_name (cJSON_GetObjectItem (j, "encoding")->valueint);
  gboolean misread = observer_misread (rel);
  int i = 0;

  g_assert_cmpstr (get_string (got, "version"), ==, get_string (j, "version"));
  if (encoding != NULL)
    g_assert_cmpstr (get_string (got, "encoding"), ==, encoding);
  g_assert_cmpstr (get_string (got, "majority"), ==,
                   cJSON_IsTrue (cJSON_GetObjectItem (j, "row_major")) ? "row" : "column");
  if (cJSON_IsTrue (cJSON_GetObjectItem (container, "file_compressed")))
    g_assert_cmpint (g_ascii_strcasecmp (get_string (got, "compression"),
                                         get_string (container, "file_compression")), ==, 0);
  else
    g_assert_cmpstr (get_string (got, "compression"), ==, "none");
  if (cJSON_IsNumber (leap) && leap->valueint > 0)
    g_assert_cmpint (cJSON_GetObjectItem (got, "leap_second_last_updated")->valueint, ==, leap->valueint);
  else
    g_assert_true (cJSON_IsNull (cJSON_GetObjectItem (got, "leap_second_last_updated")));

  check_global_attributes (cJSON_GetObjectItem (j, "global_attributes"),
                           cJSON_GetObjectItem (got, "attributes"), raw);

  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (got, "variables")), ==,
                   cJSON_GetArraySize (cJSON_GetObjectItem (j, "variables")));
  cJSON_ArrayForEach (jv, cJSON_GetObjectItem (j, "variables"))
    check_variable (jv, cJSON_GetArrayItem (cJSON_GetObjectItem (got, "variables"), i++), raw, !misread);
}

/* Time values differ between the two dumps, nothing else does. */
static void
check_same_but_times (const cJSON *raw,
                      const cJSON *iso)
{
  const cJSON *rv;
  int i = 0;

  cJSON_ArrayForEach (rv, cJSON_GetObjectItem (raw, "variables"))
    {
      const cJSON *iv = cJSON_GetArrayItem (cJSON_GetObjectItem (iso, "variables"), i++);

      if (!is_time_type (get_string (rv, "type")))
        g_assert_true (cJSON_Compare (cJSON_GetObjectItem (rv, "values"),
                                      cJSON_GetObjectItem (iv, "values"), TRUE));
    }
}

/* Above this many values a dump is too big to hold parsed (bigcdf:
 * 315 M values, 630 MB of JSON). */
#define LARGE_VALUES 4000000

static gint64
count_values (const cJSON *j)
{
  const cJSON *jv;
  gint64 n = 0;

  cJSON_ArrayForEach (jv, cJSON_GetObjectItem (j, "variables"))
    n += (gint64) cJSON_GetObjectItem (jv, "record_count")->valuedouble
         * (gint64) cJSON_GetObjectItem (jv, "shaped_items_per_record")->valuedouble;
  return n;
}

static const cJSON *
parse_record_line (const char *line,
                   gsize       len,
                   cJSON      *previous)
{
  cJSON_Delete (previous);
  if (len > 0 && line[len - 1] == ',')
    len--;
  previous = cJSON_ParseWithLength (line, len);
  g_assert_nonnull (previous);
  return previous;
}

/* The dump goes to a file and is checked line by line: the layout puts one
 * record per line, so each record line is parsed on its own, and the rest
 * (with empty "values") must be a valid document too. */
static void
check_large (const cJSON *j,
             const char  *rel)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir, rel, NULL);
  g_autofree char *tmp = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GString) skeleton = g_string_new (NULL);
  const char *argv[] = { CLI_PATH, "cdf-dump", "--values", "--raw-times", path, NULL };
  const char *text, *end, *line;
  const cJSON *first = NULL, *last = NULL;
  cJSON *doc;
  GPtrArray *counts = g_ptr_array_new ();
  gsize n_records = 0;
  gboolean in_values = FALSE;
  GPid pid;
  int fd, wait_status = 0;

  fd = g_file_open_tmp ("test-cli-cdf-dump-XXXXXX.json", &tmp, &error);
  g_assert_no_error (error);
  g_spawn_async_with_fds (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                          &pid, -1, fd, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_close (fd, NULL);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);

  mapped = g_mapped_file_new (tmp, FALSE, &error);
  g_assert_no_error (error);
  g_unlink (tmp);
  text = g_mapped_file_get_contents (mapped);
  end = text + g_mapped_file_get_length (mapped);
  g_assert_true (g_utf8_validate (text, end - text, NULL));

  for (line = text; line < end;)
    {
      const char *eol = memchr (line, '\n', end - line);
      gsize len = (eol != NULL ? eol : end) - line;

      if (in_values && len >= 7 && strncmp (line, "      ]", 7) == 0)
        {
          in_values = FALSE;
          g_ptr_array_add (counts, GSIZE_TO_POINTER (n_records));
        }
      if (in_values)
        {
          const cJSON *record = parse_record_line (line, len, (cJSON *) last);

          if (n_records++ == 0)
            {
              cJSON_Delete ((cJSON *) first);
              first = cJSON_Duplicate (record, TRUE);
              last = record;
            }
          else
            last = record;
        }
      else
        {
          g_string_append_len (skeleton, line, len);
          g_string_append_c (skeleton, '\n');
        }
      if (!in_values && len >= 11 && memcmp (line + len - 11, "\"values\": [", 11) == 0)
        {
          in_values = TRUE;
          n_records = 0;
        }
      line = eol != NULL ? eol + 1 : end;
    }

  doc = cJSON_Parse (skeleton->str);
  g_assert_nonnull (doc);
  g_assert_cmpstr (get_string (doc, "version"), ==, get_string (j, "version"));
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (doc, "variables")), ==,
                   cJSON_GetArraySize (cJSON_GetObjectItem (j, "variables")));
  g_assert_cmpuint (counts->len, ==, cJSON_GetArraySize (cJSON_GetObjectItem (j, "variables")));
  for (guint i = 0; i < counts->len; i++)
    {
      const cJSON *jv = cJSON_GetArrayItem (cJSON_GetObjectItem (j, "variables"), i);
      const cJSON *var = cJSON_GetArrayItem (cJSON_GetObjectItem (doc, "variables"), i);

      g_assert_cmpstr (get_string (var, "name"), ==, get_string (jv, "name"));
      g_assert_cmpint (cJSON_GetObjectItem (var, "records")->valueint, ==,
                       cJSON_GetObjectItem (jv, "record_count")->valueint);
      g_assert_cmpuint (GPOINTER_TO_SIZE (counts->pdata[i]), ==,
                        cJSON_GetObjectItem (jv, "record_count")->valueint);
    }
  /* first and last records of the last variable (bigcdf has one) */
  if (counts->len == 1 && n_records > 0)
    {
      const cJSON *jv = cJSON_GetArrayItem (cJSON_GetObjectItem (j, "variables"), 0);
      g_autofree char *type = g_strconcat ("CDF_", get_string (jv, "type"), NULL);

      check_shape (first, cJSON_GetObjectItem (cJSON_GetArrayItem (cJSON_GetObjectItem (doc, "variables"), 0), "dims"),
                   0, type, TRUE);
      compare_values (cJSON_GetObjectItem (jv, "first_record"), first, type, FALSE, "first");
      compare_values (cJSON_GetObjectItem (jv, "last_record"), last, type, FALSE, "last");
    }
  cJSON_Delete ((cJSON *) first);
  cJSON_Delete ((cJSON *) last);
  cJSON_Delete (doc);
  g_ptr_array_unref (counts);
}

static void
test_observed (gconstpointer data)
{
  const char *json_path = data;
  cJSON *root = load_json (json_path);
  const cJSON *j = cJSON_GetObjectItem (root, "jcdf");
  const char *rel = get_string (root, "path");

  g_assert_nonnull (j);
  if (count_values (j) > LARGE_VALUES)
    {
#if defined(__SANITIZE_ADDRESS__)
      /* 630 MB of JSON through an instrumented writer takes minutes; the
       * plain build checks it, the sanitizers see the same code on the
       * other files. */
      g_test_skip ("the 630 MB dump is checked in the build without sanitizers");
      cJSON_Delete (root);
      return;
#endif
      g_test_message ("%s: %" G_GINT64_FORMAT " values, checked line by line", rel, count_values (j));
      check_large (j, rel);
      cJSON_Delete (root);
      return;
    }
  check_observed (root, j, rel, TRUE);
  check_observed (root, j, rel, FALSE);
  check_same_but_times (dump ("--values --raw-times", rel), dump ("--values", rel));
  cJSON_Delete (root);
}

/* The peers' assertions; kinds about the file layout (gdr, cdr, md5, …)
 * belong to the reader's own test. */
static gboolean
check_expectation (const cJSON *e)
{
  const char *rel = get_string (e, "file");
  const char *kind = get_string (e, "kind");
  const cJSON *expected = cJSON_GetObjectItem (e, "expected");
  const cJSON *vname = cJSON_GetObjectItem (e, "variable");
  const cJSON *aname = cJSON_GetObjectItem (e, "attr");
  g_autofree char *path = g_build_filename (data_dir, rel, NULL);
  gboolean raw = g_str_equal (kind, "global_attribute_raw") || g_str_equal (kind, "first_last")
                 || g_str_equal (kind, "all_records");
  const cJSON *root, *var = NULL, *values = NULL;
  const char *type = "";

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  if (g_str_equal (kind, "not_a_cdf"))
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, "--values", path);
      g_assert_cmpint (run.status, ==, 2);
      return TRUE;
    }
  root = dump (raw ? "--values --raw-times" : "--values", rel);
  if (cJSON_IsString (vname))
    {
      var = find_variable (root, vname->valuestring);
      values = cJSON_GetObjectItem (var, "values");
      type = get_string (var, "type");
    }

  if (g_str_equal (kind, "version"))
    g_assert_cmpstr (get_string (root, "version"), ==, expected->valuestring);
  else if (g_str_equal (kind, "variable_count"))
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (root, "variables")), ==, expected->valueint);
  else if (g_str_equal (kind, "global_attribute_count"))
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (root, "attributes")), ==, expected->valueint);
  else if (g_str_equal (kind, "majority"))
    g_assert_cmpstr (get_string (root, "majority"), ==, expected->valuestring);
  else if (g_str_equal (kind, "file_compression"))
    g_assert_cmpint (g_ascii_strcasecmp (get_string (root, "compression"), expected->valuestring), ==, 0);
  else if (g_str_equal (kind, "leapSecondLastUpdated"))
    g_assert_cmpint (cJSON_GetObjectItem (root, "leap_second_last_updated")->valueint, ==, expected->valueint);
  else if (g_str_equal (kind, "global_attribute") || g_str_equal (kind, "global_attribute_raw"))
    {
      const cJSON *entries = cJSON_GetObjectItem (cJSON_GetObjectItem (root, "attributes"), aname->valuestring);
      const cJSON *entry;
      int k = 0;

      g_assert_nonnull (entries);
      if (g_str_equal (kind, "global_attribute"))
        g_assert_cmpint (cJSON_GetArraySize (entries), ==, cJSON_GetArraySize (expected));
      cJSON_ArrayForEach (entry, expected)
        compare_values (entry, cJSON_GetArrayItem (entries, k++), "", TRUE, aname->valuestring);
    }
  else if (g_str_equal (kind, "shape"))
    {
      g_assert_cmpint (cJSON_GetObjectItem (var, "records")->valueint, ==,
                       cJSON_GetObjectItem (expected, "records")->valueint);
      compare_values (cJSON_GetObjectItem (expected, "dims"), cJSON_GetObjectItem (var, "dims"), "",
                      FALSE, "dims");
    }
  else if (g_str_equal (kind, "shape_records"))
    g_assert_cmpint (cJSON_GetObjectItem (var, "records")->valueint, ==, expected->valueint);
  else if (g_str_equal (kind, "type"))
    g_assert_cmpstr (type + strlen ("CDF_"), ==, expected->valuestring);
  else if (g_str_equal (kind, "attribute"))
    {
      const cJSON *want;

      cJSON_ArrayForEach (want, expected)
        compare_values (want, cJSON_GetObjectItem (cJSON_GetObjectItem (var, "attributes"), want->string),
                        "", FALSE, want->string);
    }
  else if (g_str_equal (kind, "attribute_value"))
    compare_values (expected, cJSON_GetObjectItem (cJSON_GetObjectItem (var, "attributes"), aname->valuestring),
                    "", FALSE, aname->valuestring);
  else if (g_str_equal (kind, "first_last"))
    {
      int n = cJSON_GetArraySize (values);

      compare_values (cJSON_GetArrayItem (expected, 0), cJSON_GetArrayItem (values, 0), type, TRUE, "first");
      if (cJSON_GetArraySize (expected) > 1)   /* one record, or a first one only */
        compare_values (cJSON_GetArrayItem (expected, 1), cJSON_GetArrayItem (values, n - 1), type, TRUE, "last");
    }
  else if (g_str_equal (kind, "all_records"))
    compare_values (expected, values, type, FALSE, vname->valuestring);
  else if (g_str_equal (kind, "first_last_iso"))
    {
      g_assert_cmpstr (cJSON_GetArrayItem (values, 0)->valuestring, ==,
                       cJSON_GetArrayItem (expected, 0)->valuestring);
      g_assert_cmpstr (cJSON_GetArrayItem (values, cJSON_GetArraySize (values) - 1)->valuestring, ==,
                       cJSON_GetArrayItem (expected, 1)->valuestring);
    }
  else if (g_str_equal (kind, "last_iso"))
    g_assert_cmpstr (cJSON_GetArrayItem (values, cJSON_GetArraySize (values) - 1)->valuestring, ==,
                     expected->valuestring);
  else if (g_str_equal (kind, "all_records_iso"))
    {
      const cJSON *want;
      int k = 0;

      g_assert_cmpint (cJSON_GetArraySize (values), ==, cJSON_GetArraySize (expected));
      cJSON_ArrayForEach (want, expected)
        g_assert_cmpstr (cJSON_GetArrayItem (values, k++)->valuestring, ==, want->valuestring);
    }
  else
    return FALSE;
  return TRUE;
}

static void
test_peer_expectations (void)
{
  g_autofree char *path = g_build_filename (data_dir, "expected", "peer_expectations.json", NULL);
  cJSON *root = load_json (path);
  const cJSON *e;
  guint checked = 0, skipped = 0;

  cJSON_ArrayForEach (e, root)
    {
      if (check_expectation (e))
        checked++;
      else
        skipped++;
    }
  g_test_message ("%u peer assertions checked, %u not applicable here", checked, skipped);
  g_assert_cmpuint (checked, >, 150);
  cJSON_Delete (root);
}

/* Exact 64-bit integers, which cJSON (doubles) cannot tell apart. */
static void
test_exact_integers (void)
{
  g_autofree char *path = g_build_filename (data_dir, "cdfpp", "testutf8.cdf", NULL);
  g_autofree char *a_cdf = g_build_filename (data_dir, "cdfpp", "a_cdf.cdf", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) run2 = { 0 };

  run_cli (&run, "--values --raw-times", path);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "[9223372036854775807,-9223372036854775808]"));
  g_assert_nonnull (strstr (run.out, "\"validmin\": -12345678900"));
  g_assert_nonnull (strstr (run.out, "488980867307456789"));
  /* NUL padding kept */
  g_assert_nonnull (strstr (run.out, "[\"123456789\\u0000\",\"13579\\u0000\\u0000\\u0000\\u0000\\u0000\"]"));
  /* the leap second */
  run_cli (&run2, "--values", path);
  g_assert_nonnull (strstr (run2.out, "\"2015-06-30T23:59:60.123456789\""));
  run_clear (&run2);

  run_cli (&run2, "--raw-times", a_cdf);
  g_assert_cmpint (run2.status, ==, 0);
  g_assert_nonnull (strstr (run2.out, "[-946727959814622001,-931175959348062000,-915623958881502000,"));
  g_assert_null (strstr (run2.out, "\"values\""));
}

static void
expect_failure (const char *path)
{
  g_auto(Run) run = { 0 };
  const char *newline;

  run_cli (&run, "--values", path);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  newline = strchr (run.err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpint (newline[1], ==, '\0');
  g_assert_true (g_str_has_prefix (run.err, "plasmascope-cli cdf-dump: "));
  g_assert_nonnull (strstr (run.err, path));
}

static void
test_not_a_cdf (void)
{
  g_autofree char *path = g_build_filename (data_dir, "cdfpp", "not_a_cdf.cdf", NULL);
  g_autofree char *missing = g_build_filename (data_dir, "cdfpp", "no-such-file.cdf", NULL);

  expect_failure (path);
  expect_failure (missing);
}

static char *
write_temp (const guint8 *data,
            gsize         len)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("test-cli-cdf-dump-XXXXXX.cdf", &path, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, (const char *) data, len, &error);
  g_assert_no_error (error);
  return path;
}

/* A writable copy of a test file, to damage on purpose. */
static char *
file_copy (const char *rel,
           gsize      *len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir, rel, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

/* cdf-dump FLAGS on bytes written to a temporary file. */
static void
run_cli_on_bytes (Run        *run,
                  const char *flags,
                  const char *contents,
                  gsize       len)
{
  g_autofree char *tmp = write_temp ((const guint8 *) contents, len);

  run_cli (run, flags, tmp);
  g_unlink (tmp);
}

static void
test_truncated (void)
{
  const char *files[] = { "cdfpp/a_cdf.cdf", "cdfpp/a_compressed_cdf.cdf", "cdfpp/testutf8.cdf" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (data_dir, files[f], NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;
      gsize cuts[] = { 4, 12, 100, 0, 0, 0 };

      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      cuts[3] = len / 3;
      cuts[4] = len / 2;
      cuts[5] = len * 3 / 4;
      for (guint c = 0; c < G_N_ELEMENTS (cuts); c++)
        {
          g_autofree char *tmp = write_temp ((const guint8 *) contents, cuts[c]);

          g_test_message ("%s cut at %" G_GSIZE_FORMAT " bytes", files[f], cuts[c]);
          expect_failure (tmp);
          g_unlink (tmp);
        }
    }
}

/* Text that is not UTF-8 is Latin-1, and control characters are escaped. */
static void
test_latin1 (void)
{
  g_auto(Run) run = { 0 };
  gsize len = 0;
  g_autofree char *contents = file_copy ("cdfpp/a_cdf.cdf", &len);
  char *text;
  cJSON *json;

  for (text = contents; text + 20 <= contents + len; text++)
    if (memcmp (text, "a cdf text attribute", 20) == 0)
      break;
  g_assert_true (text + 20 <= contents + len);
  text[0] = (char) 0xE9;     /* é in Latin-1 */
  text[1] = '\x01';
  text[5] = '"';
  text[10] = '\\';

  run_cli_on_bytes (&run, "", contents, len);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_utf8_validate (run.out, -1, NULL));
  g_assert_nonnull (strstr (run.out, "\"attr\": [\"\xC3\xA9\\u0001cdf\\\"text\\\\attribute\"]"));
  json = cJSON_Parse (run.out);
  g_assert_nonnull (json);
  g_assert_cmpstr (cJSON_GetArrayItem (cJSON_GetObjectItem (cJSON_GetObjectItem (json, "attributes"), "attr"), 0)->valuestring,
                   ==, "\xC3\xA9\001cdf\"text\\attribute");
  cJSON_Delete (json);
}

/* A leap-second table newer than ours: the file opens and dumps, with one
 * warning on stderr. */
static void
test_newer_leap_table (void)
{
  g_auto(Run) run = { 0 };
  gsize len = 0;
  g_autofree char *contents = file_copy ("cdfpp/testutf8.cdf", &len);
  guint8 *p;
  /* v3 GDR at 320 (as the peers assert for this file): RecordSize (8),
   * RecordType (4), four offsets (32), five counts (20), UIRhead (8),
   * rfuC (4), then LeapSecondLastUpdated, big-endian. */
  const gsize leap_at = 320 + 8 + 4 + 32 + 20 + 8 + 4;

  p = (guint8 *) contents + leap_at;
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) p), ==, 20170101);
  *(guint32 *) p = GUINT32_TO_BE (20991231);

  run_cli_on_bytes (&run, "--values", contents, len);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"leap_second_last_updated\": 20991231"));
  g_assert_nonnull (strstr (run.out, "2015-06-30T23:59:60.123456789"));
  g_assert_nonnull (strstr (run.err, "warning"));
  g_assert_nonnull (strstr (run.err, "20991231"));
  g_assert_null (strchr (strchr (run.err, '\n') + 1, '\n'));
}

/* Attributes are read lazily by the reader: the dump must still fail on a
 * damaged attribute chain rather than print a file without attributes. */
static void
test_damaged_attributes (void)
{
  g_auto(Run) run = { 0 };
  gsize len = 0;
  g_autofree char *contents = file_copy ("cdfpp/testutf8.cdf", &len);
  /* v3 GDR at 320: ADRhead after RecordSize, RecordType, rVDRhead, zVDRhead */
  const gsize adr_head = 320 + 8 + 4 + 8 + 8;

  contents[adr_head + 3] = 0x7f;

  run_cli_on_bytes (&run, "", contents, len);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_suffix (run.err, "\n"));
  g_assert_null (strchr (run.err, '\n')[1] == '\0' ? NULL : "more than one line");
}

static void
test_usage (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *help[] = { CLI_PATH, "cdf-dump", "--help", NULL };
  const char *none[] = { CLI_PATH, "cdf-dump", NULL };
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) help, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
  g_assert_nonnull (strstr (out, "--values"));
  g_assert_nonnull (strstr (out, "--raw-times"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_spawn_sync (NULL, (char **) none, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 1);
  g_assert_cmpstr (out, ==, "");
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
dump_free (gpointer data)
{
  cJSON_Delete (data);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *observed = NULL;
  const char *name;
  int status;

  g_test_init (&argc, &argv, NULL);

  data_dir = g_build_filename (TEST_DATA_DIR, "cdf", NULL);
  dumps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, dump_free);
  observed = g_build_filename (data_dir, "expected", "observed", NULL);
  dir = g_dir_open (observed, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *json_path = g_build_filename (observed, name, NULL);
      cJSON *root;
      g_autofree char *cdf = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      root = load_json (json_path);
      cdf = g_build_filename (data_dir, get_string (root, "path"), NULL);
      if (cJSON_GetObjectItem (root, "jcdf") != NULL && g_file_test (cdf, G_FILE_TEST_EXISTS))
        g_ptr_array_add (paths, g_steal_pointer (&json_path));
      cJSON_Delete (root);
    }
  g_ptr_array_sort (paths, compare_paths);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *base = g_path_get_basename (paths->pdata[i]);
      g_autofree char *test = g_strdup_printf ("/Cli/CdfDump/observed/%s", base);

      g_test_add_data_func (test, paths->pdata[i], test_observed);
    }
  g_test_add_func ("/Cli/CdfDump/peer-expectations", test_peer_expectations);
  g_test_add_func ("/Cli/CdfDump/exact-integers", test_exact_integers);
  g_test_add_func ("/Cli/CdfDump/not-a-cdf", test_not_a_cdf);
  g_test_add_func ("/Cli/CdfDump/truncated", test_truncated);
  g_test_add_func ("/Cli/CdfDump/latin1", test_latin1);
  g_test_add_func ("/Cli/CdfDump/newer-leap-table", test_newer_leap_table);
  g_test_add_func ("/Cli/CdfDump/damaged-attributes", test_damaged_attributes);
  g_test_add_func ("/Cli/CdfDump/usage", test_usage);

  status = g_test_run ();
  g_hash_table_unref (dumps);
  g_free (data_dir);
  return status;
}
