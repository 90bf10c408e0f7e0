/* test-cdf.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CDF reader against the copied corpus: every file listed in
 * data/cdf/expected/observed/ whose CDF was copied is compared with what an
 * independent reader (JCDF) observed, then the peers' own assertions are
 * checked, then damaged files must fail cleanly.  PS_TEST_CDF_DIR may point
 * at another corpus with the same layout, for manual runs.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "test-json.h"
#include "ps-cdf-file.h"
#include "ps-cdf-private.h"
#include "ps-istp.h"

static char *data_dir;

/* Values of one entry or record range, walked as a flat list of
 * components: one per number (two per EPOCH16 value), one per string. */
typedef struct
{
  PsCdfType     type;
  guint         num_elems;
  const guint8 *data;
  gsize         n;      /* components */
  gsize         pos;
  gboolean      stop;   /* reached a "...(N items)" truncation marker */
  const char   *what;
} Vals;

static void
vals_init (Vals         *v,
           PsCdfType     type,
           guint         num_elems,
           const guint8 *data,
           gsize         n_values,
           const char   *what)
{
  *v = (Vals) { type, num_elems, data, n_values * (type == PS_CDF_EPOCH16 ? 2 : 1), 0, FALSE, what };
}

static double
vals_number (const Vals *v,
             gsize       i)
{
  const guint8 *p = v->data;

  switch (v->type)
    {
    case PS_CDF_INT1: case PS_CDF_BYTE: return ((const gint8 *) p)[i];
    case PS_CDF_UINT1: return p[i];
    case PS_CDF_INT2: return ((const gint16 *) p)[i];
    case PS_CDF_UINT2: return ((const guint16 *) p)[i];
    case PS_CDF_INT4: return ((const gint32 *) p)[i];
    case PS_CDF_UINT4: return ((const guint32 *) p)[i];
    case PS_CDF_INT8: case PS_CDF_TIME_TT2000: return (double) ((const gint64 *) p)[i];
    case PS_CDF_REAL4: case PS_CDF_FLOAT: return ((const float *) p)[i];
    default: return ((const double *) p)[i];
    }
}

static gboolean
is_float_type (PsCdfType type)
{
  return type == PS_CDF_REAL4 || type == PS_CDF_FLOAT;
}

static void
compare_item (const cJSON *item,
              Vals        *v)
{
  if (v->stop)
    return;
  if (cJSON_IsArray (item))
    {
      const cJSON *child;
      cJSON_ArrayForEach (child, item)
        {
          compare_item (child, v);
          if (v->stop)
            return;
        }
      return;
    }
  if (cJSON_IsString (item) && g_str_has_prefix (item->valuestring, "...("))
    {
      v->stop = TRUE;
      return;
    }
  if (cJSON_IsNull (item))
    {
      v->pos++;
      return;
    }
  if (v->pos >= v->n)
    g_error ("%s: more expected values than the %" G_GSIZE_FORMAT " read", v->what, v->n);

  if (v->type == PS_CDF_CHAR || v->type == PS_CDF_UCHAR)
    {
      const char *got = (const char *) v->data + v->pos * v->num_elems;
      g_autofree char *latin1 = NULL;

      g_assert_true (cJSON_IsString (item));
      if (strlen (item->valuestring) == v->num_elems &&
          memcmp (item->valuestring, got, v->num_elems) == 0)
        {
          v->pos++;
          return;
        }
      /* the observer decoded non-UTF-8 text as LATIN-1 */
      latin1 = g_convert (got, v->num_elems, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      if (latin1 == NULL || strcmp (latin1, item->valuestring) != 0)
        g_error ("%s[%" G_GSIZE_FORMAT "]: expected \"%s\", got \"%.*s\"", v->what, v->pos,
                 item->valuestring, (int) v->num_elems, got);
      v->pos++;
      return;
    }
  else
    {
      double got = vals_number (v, v->pos);
      double want;

      if (cJSON_IsString (item))
        want = g_ascii_strtod (item->valuestring, NULL);   /* NaN, Infinity */
      else
        {
          g_assert_true (cJSON_IsNumber (item));
          want = item->valuedouble;
        }
      if (isnan (want) ? !isnan (got)
          : is_float_type (v->type) ? (float) want != (float) got : want != got)
        g_error ("%s[%" G_GSIZE_FORMAT "]: expected %.17g, got %.17g", v->what, v->pos, want, got);
      v->pos++;
    }
}

static const char *
short_type (PsCdfType type)
{
  return ps_cdf_type_name (type) + strlen ("CDF_");
}

/* The observer cut long texts and ended them with "..." */
static gboolean
text_matches (const char *want,
              const char *got,
              gsize       got_len)
{
  g_autofree char *g = g_strndup (got, got_len);
  g_autofree char *latin1 = NULL;
  gsize wlen = strlen (want);

  if (strcmp (want, g) == 0)
    return TRUE;
  latin1 = g_convert (g, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  if (latin1 != NULL && strcmp (want, latin1) == 0)
    return TRUE;
  if (!g_utf8_validate (g, -1, NULL))
    {
      /* the observer replaced undecodable bytes with U+FFFD */
      g_free (latin1);
      latin1 = g_utf8_make_valid (g, -1);
    }
  if (latin1 != NULL && strcmp (want, latin1) == 0)
    return TRUE;
  if (wlen > 3 && g_str_has_suffix (want, "..."))
    return strncmp (want, g, wlen - 3) == 0 ||
           (latin1 != NULL && strncmp (want, latin1, wlen - 3) == 0);
  return FALSE;
}

static void
compare_entry (const cJSON          *json,
               const PsCdfAttrEntry *entry,
               const char           *what)
{
  Vals v;
  gsize n_values;

  g_assert_cmpstr (short_type (entry->type), ==, cJSON_GetObjectItem (json, "type")->valuestring);
  if (entry->type == PS_CDF_CHAR || entry->type == PS_CDF_UCHAR)
    {
      /* one string of num_elems bytes (multi-string entries are not split) */
      const cJSON *value = cJSON_GetObjectItem (json, "value");

      if (cJSON_GetArraySize (value) == 1 &&
          !text_matches (cJSON_GetArrayItem (value, 0)->valuestring, (const char *) entry->data, entry->size))
        g_error ("%s: expected \"%s\", got \"%s\"", what,
                 cJSON_GetArrayItem (value, 0)->valuestring, entry->data);
      return;
    }
  g_assert_cmpint (entry->num_elems, ==, cJSON_GetObjectItem (json, "n")->valueint);
  n_values = entry->num_elems;
  vals_init (&v, entry->type, 1, entry->data, n_values, what);
  compare_item (cJSON_GetObjectItem (json, "value"), &v);
  if (!v.stop)
    g_assert_cmpuint (v.pos, ==, v.n);
}

static void
compare_records (PsCdfFile           *file,
                 const PsCdfVariable *var,
                 gint64               first,
                 gint64               n,
                 const cJSON         *json,
                 gboolean             whole,
                 const char          *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buf = NULL;
  gsize size = 0;
  Vals v;

  if (json == NULL)
    return;
  buf = ps_cdf_variable_read_alloc (file, var, first, n, &size, &error);
  g_assert_no_error (error);
  vals_init (&v, var->type, var->num_elems, buf, n * var->values_per_record, what);
  compare_item (json, &v);
  if (whole && !v.stop)
    g_assert_cmpuint (v.pos, ==, v.n);
}

static void
check_variable (PsCdfFile           *file,
                const PsCdfVariable *var,
                const cJSON         *jv)
{
  const cJSON *item, *attrs;
  g_autofree char *what = g_strdup_printf ("variable %s", var->name);
  guint n_attr = 0;
  gint64 n = var->n_records;
  gint i = 0;
  /* JCDF 1.2.4 misreads pre-2.5 VDRs (which have 128 more reserved
   * bytes): it reports empty names and 0 elements.  The names are really
   * there ("Epoch", ...), so those two fields are not compared. */
  gboolean misread = cJSON_GetObjectItem (jv, "numElems")->valueint == 0;

  if (!misread)
    {
      g_assert_cmpstr (var->name, ==, cJSON_GetObjectItem (jv, "name")->valuestring);
      g_assert_cmpint (var->num_elems, ==, cJSON_GetObjectItem (jv, "numElems")->valueint);
    }
  g_assert_cmpstr (var->is_z ? "z" : "r", ==, cJSON_GetObjectItem (jv, "kind")->valuestring);
  g_assert_cmpint (var->type, ==, cJSON_GetObjectItem (jv, "type_code")->valueint);
  g_assert_cmpint (var->n_dims, ==, cJSON_GetArraySize (cJSON_GetObjectItem (jv, "dimSizes")));
  cJSON_ArrayForEach (item, cJSON_GetObjectItem (jv, "dimSizes"))
    g_assert_cmpint (var->dims[i++], ==, item->valueint);
  if (misread)   /* its dimVarys and values are then garbage too */
    return;
  i = 0;
  cJSON_ArrayForEach (item, cJSON_GetObjectItem (jv, "dimVarys"))
    g_assert_cmpint (var->dim_varys[i++], ==, cJSON_IsTrue (item));
  g_assert_cmpint (var->record_varys, ==, cJSON_IsTrue (cJSON_GetObjectItem (jv, "recVary")));
  g_assert_cmpint (var->sparse, ==, cJSON_GetObjectItem (jv, "sRecords")->valueint);
  g_assert_cmpint (var->max_rec, ==, cJSON_GetObjectItem (jv, "maxRec")->valueint);
  g_assert_cmpint (n, ==, cJSON_GetObjectItem (jv, "record_count")->valueint);
  g_assert_cmpint (var->compression != PS_CDF_COMPRESSION_NONE, ==,
                   cJSON_IsTrue (cJSON_GetObjectItem (jv, "compressed")));

  attrs = cJSON_GetObjectItem (jv, "attributes");
  for (guint a = 0; a < ps_cdf_file_get_n_attributes (file); a++)
    {
      const PsCdfAttribute *attr = ps_cdf_file_get_attribute (file, a);
      const PsCdfAttrEntry *e = ps_cdf_variable_get_attribute_entry (file, var, attr);
      g_autofree char *ewhat = NULL;

      if (e == NULL)
        continue;
      n_attr++;
      ewhat = g_strdup_printf ("%s attribute %s", var->name, attr->name);
      item = cJSON_GetObjectItem (attrs, attr->name);
      if (item == NULL)
        g_error ("%s: not observed", ewhat);
      compare_entry (item, e, ewhat);
    }
  g_assert_cmpint (n_attr, ==, cJSON_GetArraySize (attrs));

  if (n == 0)
    return;
  compare_records (file, var, 0, 1, cJSON_GetObjectItem (jv, "first_record"), TRUE, what);
  compare_records (file, var, n - 1, 1, cJSON_GetObjectItem (jv, "last_record"), TRUE, what);
  compare_records (file, var, 0, n, cJSON_GetObjectItem (jv, "all_records"), TRUE, what);
}

static void
check_globals (PsCdfFile   *file,
               const cJSON *globals)
{
  const cJSON *item;
  guint n_global = 0;

  for (guint a = 0; a < ps_cdf_file_get_n_attributes (file); a++)
    {
      const PsCdfAttribute *attr = ps_cdf_file_get_attribute (file, a);
      const cJSON *jentries;
      guint k = 0;

      if (!attr->is_global)
        continue;
      n_global++;
      jentries = cJSON_GetObjectItem (globals, attr->name);
      g_assert_nonnull (jentries);
      cJSON_ArrayForEach (item, jentries)
        {
          const PsCdfAttrEntry *e = NULL;
          g_autofree char *what = NULL;

          if (cJSON_IsString (item))   /* "...(N entries)" */
            break;
          for (guint j = 0; j < attr->n_entries; j++)
            if (attr->entries[j].number == k)
              e = &attr->entries[j];
          what = g_strdup_printf ("global %s[%u]", attr->name, k);
          k++;
          if (cJSON_IsNull (item))
            {
              g_assert_null (e);
              continue;
            }
          g_assert_nonnull (e);
          compare_entry (item, e, what);
        }
    }
  g_assert_cmpint (n_global, ==, cJSON_GetArraySize (globals));
}

static void
test_observed (gconstpointer data)
{
  const char *json_path = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = NULL;
  cJSON *root = load_json (json_path);
  const cJSON *container = cJSON_GetObjectItem (root, "container");
  const cJSON *j = cJSON_GetObjectItem (root, "jcdf");
  const char *rel = cJSON_GetObjectItem (root, "path")->valuestring;
  g_autofree char *path = g_build_filename (data_dir, rel, NULL);
  g_autofree char *version = NULL;
  const cJSON *jvars, *jv;
  guint ver, rel_, inc, i = 0;

  file = ps_cdf_file_open (path, &error);
  if (j == NULL)
    {
      g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_NOT_CDF);
      g_assert_nonnull (strstr (error->message, "Not a CDF"));
      cJSON_Delete (root);
      return;
    }
  g_assert_no_error (error);

  ps_cdf_file_get_version (file, &ver, &rel_, &inc);
  version = g_strdup_printf ("%u.%u.%u", ver, rel_, inc);
  g_assert_cmpstr (version, ==, cJSON_GetObjectItem (j, "version")->valuestring);
  g_assert_cmpint (ps_cdf_file_get_encoding (file), ==, cJSON_GetObjectItem (j, "encoding")->valueint);
  g_assert_cmpint (ps_cdf_file_get_majority (file) == PS_CDF_MAJORITY_ROW, ==,
                   cJSON_IsTrue (cJSON_GetObjectItem (j, "row_major")));
  if (cJSON_IsTrue (cJSON_GetObjectItem (container, "file_compressed")))
    {
      g_autofree char *name = g_ascii_strup (ps_cdf_compression_name (ps_cdf_file_get_compression (file)), -1);
      g_assert_cmpstr (name, ==, cJSON_GetObjectItem (container, "file_compression")->valuestring);
    }
  else
    g_assert_cmpint (ps_cdf_file_get_compression (file), ==, PS_CDF_COMPRESSION_NONE);
  if (cJSON_IsNumber (cJSON_GetObjectItem (j, "leapSecondLastUpdated")))
    g_assert_cmpint (ps_cdf_file_get_leap_second_last_updated (file), ==,
                     MAX (cJSON_GetObjectItem (j, "leapSecondLastUpdated")->valueint, 0));

  check_globals (file, cJSON_GetObjectItem (j, "global_attributes"));

  jvars = cJSON_GetObjectItem (j, "variables");
  g_assert_cmpint (ps_cdf_file_get_n_variables (file), ==, cJSON_GetArraySize (jvars));
  cJSON_ArrayForEach (jv, jvars)
    {
      const PsCdfVariable *var = ps_cdf_file_get_variable (file, i++);
      check_variable (file, var, jv);
      g_assert_true (ps_cdf_file_lookup_variable (file, var->name) != NULL);
    }
  if (ps_cdf_file_has_md5 (file))
    {
      g_assert_true (ps_cdf_verify_md5 (file, &error));
      g_assert_no_error (error);
    }
  cJSON_Delete (root);
}

static PsCdfFile *
open_rel (const char *rel)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir, rel, NULL);
  PsCdfFile *file;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  file = ps_cdf_file_open (path, &error);
  g_assert_no_error (error);
  return file;
}

static gint
sort_strings (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static guint64
json_u64 (const cJSON *obj,
          const char  *key)
{
  const cJSON *item = cJSON_GetObjectItem (obj, key);

  g_assert_nonnull (item);
  return (guint64) item->valuedouble;
}

/* The CDR and GDR fields the peers assert, read with the reader's own
 * record cursor (internal records are big-endian in every file). */
static void
check_header_records (PsCdfFile   *file,
                      const char  *kind,
                      const cJSON *want)
{
  g_autoptr(GError) error = NULL;
  PsCdfCursor cur;

  if (strcmp (kind, "cdr") == 0)
    {
      guint32 flags;

      g_assert_true (ps_cdf_record_open (file, 8, PS_CDF_REC_CDR, &cur, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (cur.end - cur.start, ==, json_u64 (want, "record_size"));
      g_assert_cmpuint (ps_cdf_cursor_off (&cur), ==, json_u64 (want, "gdr_offset"));
      ps_cdf_cursor_skip (&cur, 8);           /* Version, Release */
      g_assert_cmpuint (ps_cdf_cursor_u32 (&cur), ==, json_u64 (want, "encoding"));
      flags = ps_cdf_cursor_u32 (&cur);
      g_assert_true (cur.ok);
      g_assert_cmpint ((flags & 1) != 0, ==, cJSON_IsTrue (cJSON_GetObjectItem (want, "row_major")));
      g_assert_cmpint ((flags & 2) != 0, ==, cJSON_IsTrue (cJSON_GetObjectItem (want, "single_file")));
      g_assert_cmpint ((flags & 4) != 0, ==, cJSON_IsTrue (cJSON_GetObjectItem (want, "checksum")));
      g_assert_cmpint ((flags & 8) != 0, ==, cJSON_IsTrue (cJSON_GetObjectItem (want, "md5")));
    }
  else
    {
      guint64 zvdr_head, adr_head, eof, uir_head;
      guint32 n_attr, n_z, leap;

      g_assert_true (ps_cdf_record_open (file, file->gdr_offset, PS_CDF_REC_GDR, &cur, &error));
      g_assert_no_error (error);
      ps_cdf_cursor_off (&cur);               /* rVDRhead */
      zvdr_head = ps_cdf_cursor_off (&cur);
      adr_head = ps_cdf_cursor_off (&cur);
      eof = ps_cdf_cursor_off (&cur);
      ps_cdf_cursor_u32 (&cur);               /* NrVars */
      n_attr = ps_cdf_cursor_u32 (&cur);
      ps_cdf_cursor_skip (&cur, 8);           /* rMaxRec, rNumDims */
      n_z = ps_cdf_cursor_u32 (&cur);
      uir_head = ps_cdf_cursor_off (&cur);
      ps_cdf_cursor_skip (&cur, 4);           /* rfuC */
      leap = ps_cdf_cursor_u32 (&cur);
      g_assert_true (cur.ok);
      g_assert_cmpuint (zvdr_head, ==, json_u64 (want, "zVdrHead"));
      g_assert_cmpuint (adr_head, ==, json_u64 (want, "adrHead"));
      g_assert_cmpuint (eof, ==, json_u64 (want, "eof"));
      g_assert_cmpuint (n_attr, ==, json_u64 (want, "num_attributes"));
      g_assert_cmpuint (n_z, ==, json_u64 (want, "num_zvars"));
      g_assert_cmpuint (uir_head, ==, json_u64 (want, "uirHead"));
      g_assert_cmpuint (leap, ==, json_u64 (want, "leapSecondLastUpdated"));
    }
}

/* Assertions transcribed from the peers' own test suites, every one of
 * them: a kind this walker does not know fails the test. */
static void
test_peer_expectations (void)
{
  g_autofree char *path = g_build_filename (data_dir, "expected", "peer_expectations.json", NULL);
  cJSON *root = load_json (path);
  const cJSON *e;
  guint checked = 0, skipped = 0;

  cJSON_ArrayForEach (e, root)
    {
      const char *rel = cJSON_GetObjectItem (e, "file")->valuestring;
      const char *kind = cJSON_GetObjectItem (e, "kind")->valuestring;
      const cJSON *want = cJSON_GetObjectItem (e, "expected");
      const cJSON *jvar = cJSON_GetObjectItem (e, "variable");
      const cJSON *jattr = cJSON_GetObjectItem (e, "attr");
      g_autoptr(PsCdfFile) file = NULL;
      g_autofree char *full = g_build_filename (data_dir, rel, NULL);
      const PsCdfVariable *var = NULL;
      g_autofree char *what = g_strdup_printf ("%s %s %s", rel, kind, jvar ? jvar->valuestring : "");

      if (!g_file_test (full, G_FILE_TEST_EXISTS))
        continue;
      if (strcmp (kind, "not_a_cdf") == 0)
        {
          g_autoptr(GError) error = NULL;
          file = ps_cdf_file_open (full, &error);
          g_assert_null (file);
          g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_NOT_CDF);
          checked++;
          continue;
        }
      file = open_rel (rel);
      if (jvar != NULL)
        {
          var = ps_cdf_file_lookup_variable (file, jvar->valuestring);
          g_assert_nonnull (var);
        }
      checked++;
      if (strcmp (kind, "version") == 0)
        {
          guint a, b, c;
          g_autofree char *v = NULL;
          ps_cdf_file_get_version (file, &a, &b, &c);
          v = g_strdup_printf ("%u.%u.%u", a, b, c);
          g_assert_cmpstr (v, ==, want->valuestring);
        }
      else if (strcmp (kind, "variable_count") == 0)
        g_assert_cmpint (ps_cdf_file_get_n_variables (file), ==, want->valueint);
      else if (strcmp (kind, "global_attribute_count") == 0)
        {
          guint n = 0;
          for (guint i = 0; i < ps_cdf_file_get_n_attributes (file); i++)
            n += ps_cdf_file_get_attribute (file, i)->is_global;
          g_assert_cmpint (n, ==, want->valueint);
        }
      else if (strcmp (kind, "type") == 0)
        g_assert_cmpstr (short_type (var->type), ==, want->valuestring);
      else if (strcmp (kind, "kind") == 0)
        g_assert_cmpstr (var->is_z ? "z" : "r", ==, want->valuestring);
      else if (strcmp (kind, "majority") == 0)
        g_assert_cmpstr (ps_cdf_file_get_majority (file) == PS_CDF_MAJORITY_ROW ? "row" : "column",
                         ==, want->valuestring);
      else if (strcmp (kind, "file_compression") == 0)
        {
          g_assert_cmpint (g_ascii_strcasecmp (ps_cdf_compression_name (ps_cdf_file_get_compression (file)),
                                               want->valuestring), ==, 0);
        }
      else if (strcmp (kind, "leapSecondLastUpdated") == 0)
        g_assert_cmpint (ps_cdf_file_get_leap_second_last_updated (file), ==, want->valueint);
      else if (strcmp (kind, "shape") == 0 || strcmp (kind, "shape_records") == 0)
        {
          const cJSON *recs = cJSON_IsObject (want) ? cJSON_GetObjectItem (want, "records") : want;
          g_assert_cmpint (var->n_records, ==, recs->valueint);
          if (cJSON_IsObject (want))
            {
              const cJSON *d;
              guint i = 0;
              g_assert_cmpint (var->n_dims, ==, cJSON_GetArraySize (cJSON_GetObjectItem (want, "dims")));
              cJSON_ArrayForEach (d, cJSON_GetObjectItem (want, "dims"))
                g_assert_cmpint (var->dims[i++], ==, d->valueint);
            }
        }
      else if (strcmp (kind, "first_last") == 0)
        {
          compare_records (file, var, 0, 1, cJSON_GetArrayItem (want, 0), FALSE, what);
          compare_records (file, var, var->n_records - 1, 1, cJSON_GetArrayItem (want, 1), FALSE, what);
        }
      else if (strcmp (kind, "all_records") == 0)
        {
          g_autoptr(GError) error = NULL;
          g_autofree guint8 *buf = ps_cdf_variable_read_alloc (file, var, 0, var->n_records, NULL, &error);
          Vals v;
          g_assert_no_error (error);
          vals_init (&v, var->type, var->num_elems, buf, var->n_records * var->values_per_record, what);
          compare_item (want, &v);
        }
      else if (strcmp (kind, "attribute_value") == 0)
        {
          const PsCdfAttrEntry *entry = ps_cdf_variable_get_attribute (file, var, jattr->valuestring);
          Vals v;
          g_assert_nonnull (entry);
          vals_init (&v, entry->type, 1, entry->data, entry->num_elems, what);
          compare_item (want, &v);
        }
      else if (strcmp (kind, "global_attribute") == 0 || strcmp (kind, "global_attribute_raw") == 0)
        {
          const PsCdfAttribute *attr = ps_cdf_file_lookup_attribute (file, jattr->valuestring);
          const cJSON *item;
          guint k = 0;

          g_assert_nonnull (attr);
          g_assert_cmpint (attr->n_entries, ==, cJSON_GetArraySize (want));
          cJSON_ArrayForEach (item, want)
            {
              const PsCdfAttrEntry *entry = &attr->entries[k++];
              if (entry->type == PS_CDF_CHAR || entry->type == PS_CDF_UCHAR)
                {
                  g_assert_true (text_matches (item->valuestring, (const char *) entry->data, entry->size));
                }
              else
                {
                  Vals v;
                  vals_init (&v, entry->type, 1, entry->data, entry->num_elems, what);
                  compare_item (item, &v);
                }
            }
        }
      else if (strcmp (kind, "attribute") == 0)
        {
          const cJSON *item;
          cJSON_ArrayForEach (item, want)
            {
              const PsCdfAttrEntry *entry = ps_cdf_variable_get_attribute (file, var, item->string);
              g_assert_nonnull (entry);
              if (cJSON_IsString (item))
                g_assert_cmpstr ((const char *) entry->data, ==, item->valuestring);
            }
        }
      else if (strcmp (kind, "md5") == 0)
        {
          g_autofree char *contents = NULL;
          g_autofree char *digest = NULL;
          gsize length = 0;

          g_assert_true (g_file_get_contents (full, &contents, &length, NULL));
          digest = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guchar *) contents, length);
          g_assert_cmpstr (digest, ==, want->valuestring);
        }
      else if (strcmp (kind, "cdr") == 0 || strcmp (kind, "gdr") == 0)
        check_header_records (file, kind, want);
      else if (strcmp (kind, "var_type_data_set") == 0)
        {
          g_autoptr(GPtrArray) names = ps_istp_list_data_variables (file, NULL);
          const cJSON *item;
          guint i = 0;

          /* The peers list them sorted; the reader lists them in file order. */
          g_ptr_array_sort (names, sort_strings);
          g_assert_cmpuint (names->len, ==, cJSON_GetArraySize (want));
          cJSON_ArrayForEach (item, want)
            g_assert_cmpstr (g_ptr_array_index (names, i++), ==, item->valuestring);
        }
      else if (strcmp (kind, "global_attribute_prefix") == 0)
        {
          const PsCdfAttribute *attr = ps_cdf_file_lookup_attribute (file, jattr->valuestring);
          g_autofree char *text = NULL;

          g_assert_nonnull (attr);
          g_assert_cmpuint (attr->n_entries, >, 0);
          /* THEMIS writes Latin-1 ("Tromsø"); the expectation is UTF-8. */
          text = g_utf8_validate ((const char *) attr->entries[0].data, -1, NULL)
                 ? g_strdup ((const char *) attr->entries[0].data)
                 : g_convert ((const char *) attr->entries[0].data, -1, "UTF-8", "ISO-8859-1",
                              NULL, NULL, NULL);
          g_assert_nonnull (text);
          g_assert_true (g_str_has_prefix (text, want->valuestring));
        }
      else if (strcmp (kind, "first_last_iso") == 0 || strcmp (kind, "last_iso") == 0
               || strcmp (kind, "all_records_iso") == 0)
        {
          /* Times as text are what cdf-dump prints: test-cli-cdf-dump checks them. */
          checked--;
          skipped++;
        }
      else
        g_error ("%s: no check for the expectation kind “%s”", what, kind);
    }
  g_test_message ("%u peer expectations checked, %u time-text ones left to test-cli-cdf-dump",
                  checked, skipped);
  g_assert_cmpuint (checked, >, 0);
  cJSON_Delete (root);
}

static void
expect_failure (GBytes     *bytes,
                const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = ps_cdf_file_new_from_bytes (bytes, &error);

  if (file != NULL)
    {
      /* metadata may be intact: the damage must then show when reading */
      for (guint i = 0; i < ps_cdf_file_get_n_variables (file); i++)
        {
          const PsCdfVariable *var = ps_cdf_file_get_variable (file, i);
          g_autofree gpointer buf = NULL;

          buf = ps_cdf_variable_read_alloc (file, var, 0, var->n_records, NULL, &error);
          if (buf == NULL)
            break;
        }
    }
  if (error == NULL)
    g_test_message ("%s: damage not detected (data still consistent)", what);
  else
    g_assert_true (error->domain == PS_CDF_ERROR);
}

static GBytes *
read_file (const char *rel)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir, rel, NULL);
  char *data;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
test_truncated (void)
{
  const char *files[] = { "cdfpp/a_cdf.cdf", "cdfpp/a_compressed_cdf.cdf",
                          "cdfpp/a_rle_compressed_cdf.cdf", "cdfpp/ac_h2_sis_20101105_v06.cdf",
                          "cdfpp/a_cdf_with_compressed_vars.cdf" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(GBytes) bytes = read_file (files[f]);
      gsize size = g_bytes_get_size (bytes);
      gsize cuts[] = { 0, 4, 8, 12, 20, 100, 320, 400, 1000, size / 3, size / 2, size - 17, size - 1 };

      for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
        {
          g_autoptr(GBytes) part = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(PsCdfFile) file = NULL;

          if (cuts[i] >= size)
            continue;
          /* a private copy, so ASan sees reads past the cut */
          part = g_bytes_new (g_bytes_get_data (bytes, NULL), cuts[i]);
          file = ps_cdf_file_new_from_bytes (part, &error);
          if (cuts[i] < 320)
            g_assert_null (file);
          expect_failure (part, files[f]);
        }
    }
}

/* Overwrites every 4-byte big-endian word that looks like an in-file
 * offset with one pointing past the end, one word at a time. */
static void
test_bad_offsets (void)
{
  g_autoptr(GBytes) bytes = read_file ("cdfpp/fragmented.cdf");
  gsize size;
  const guint8 *orig = g_bytes_get_data (bytes, &size);
  guint tried = 0;

  for (gsize pos = 8; pos + 4 <= size && pos < 4000; pos += 4)
    {
      guint8 *copy = g_memdup2 (orig, size);
      g_autoptr(GBytes) damaged = NULL;
      guint32 be = 0xFFFFFF00u;

      memcpy (copy + pos, &be, 4);
      damaged = g_bytes_new_take (copy, size);
      expect_failure (damaged, "bad offset");
      tried++;
    }
  g_assert_cmpuint (tried, >, 100);
}

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Makes the first VXR of the first variable point to itself. */
static void
test_vxr_loop (void)
{
  g_autoptr(GBytes) bytes = read_file ("cdfpp/fragmented.cdf");
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = NULL;
  g_autofree gpointer buf = NULL;
  gsize size;
  const guint8 *orig = g_bytes_get_data (bytes, &size);
  guint8 *copy = g_memdup2 (orig, size);
  gboolean patched = FALSE;

  /* v3 records: 8-byte size, 4-byte type; VXRnext follows the header */
  for (gsize pos = 8; pos + 20 <= size;)
    {
      guint64 rsize = ((guint64) get_be32 (copy + pos) << 32) | get_be32 (copy + pos + 4);
      if (get_be32 (copy + pos + 8) == 6)
        {
          copy[pos + 12] = 0; copy[pos + 13] = 0; copy[pos + 14] = 0; copy[pos + 15] = 0;
          copy[pos + 16] = (pos >> 24) & 0xff; copy[pos + 17] = (pos >> 16) & 0xff;
          copy[pos + 18] = (pos >> 8) & 0xff; copy[pos + 19] = pos & 0xff;
          patched = TRUE;
          break;
        }
      if (rsize < 12)
        break;
      pos += rsize;
    }
  g_assert_true (patched);
  damaged = g_bytes_new_take (copy, size);
  file = ps_cdf_file_new_from_bytes (damaged, &error);
  g_assert_no_error (error);
  buf = ps_cdf_variable_read_alloc (file, ps_cdf_file_get_variable (file, 0), 0, 1, NULL, &error);
  g_assert_null (buf);
  g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "loop"));
}

static void
test_record_range (void)
{
  g_autoptr(PsCdfFile) file = open_rel ("cdfpp/fragmented.cdf");
  g_autoptr(GError) error = NULL;
  const PsCdfVariable *var;
  gint32 vals[10];

  if (file == NULL)
    {
      g_test_skip ("fragmented.cdf not present");
      return;
    }
  var = ps_cdf_file_lookup_variable (file, "split_zvar");
  g_assert_nonnull (var);
  /* a range straddling the two VVRs */
  g_assert_true (ps_cdf_variable_read (file, var, 3, 5, vals, sizeof vals, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 5; i++)
    g_assert_cmpint (vals[i], ==, 3 + i);
  g_assert_false (ps_cdf_variable_read (file, var, 8, 5, vals, sizeof vals, &error));
  g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ps_cdf_variable_read (file, var, 0, 10, vals, 8, &error));
  g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_INVALID);
}

/* A writable copy of a test file, to damage on purpose. */
static guint8 *
file_copy (const char *rel,
           gsize      *size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir, rel, NULL);
  char *data = NULL;

  g_file_get_contents (path, &data, size, &error);
  g_assert_no_error (error);
  return (guint8 *) data;
}

/* Opens bytes made by file_copy(), taking them. */
static PsCdfFile *
open_copy (guint8  *copy,
           gsize    size,
           GError **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_take (copy, size);

  return ps_cdf_file_new_from_bytes (bytes, error);
}

static void
test_md5_damage (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = NULL;
  gsize size = 0;
  guint8 *copy = file_copy ("cdfpp/testutf8.cdf", &size);

  copy[size - 1] ^= 0x55;
  file = open_copy (copy, size, &error);
  g_assert_no_error (error);
  g_assert_true (ps_cdf_file_has_md5 (file));
  g_assert_false (ps_cdf_verify_md5 (file, &error));
  g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CHECKSUM);
}

/* The single-file flag cleared: the variables would be in .z0, .z1… files
 * next to it. We read none of those, and say so. */
static void
test_multi_file_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = NULL;
  gsize size = 0;
  guint8 *copy = file_copy ("cdfpp/rvariable.cdf", &size);
  /* v3 CDR: magic (8), RecordSize (8), RecordType (4), GDRoffset (8),
   * Version, Release, Encoding (4 each), then Flags, big-endian. */
  const gsize flags_lsb = 8 + 8 + 4 + 8 + 4 + 4 + 4 + 3;

  g_assert_cmpuint (copy[flags_lsb] & 2, ==, 2);
  copy[flags_lsb] &= ~2;
  file = open_copy (copy, size, &error);
  g_assert_null (file);
  g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "Multi-file"));
}

/* Attributes are read on first use. A damaged attribute chain does not
 * stop the file from opening (variables and values stay readable), but it
 * is an error for whoever asks for the attributes, never silence. */
static void
test_lazy_attributes_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsCdfFile) file = NULL;
  gsize size = 0;
  guint8 *copy = file_copy ("cdfpp/testutf8.cdf", &size);
  /* v3 GDR at 320: RecordSize (8), RecordType (4), rVDRhead (8),
   * zVDRhead (8), then ADRhead: point it past the end of the file. */
  const gsize adr_head = 320 + 8 + 4 + 8 + 8;

  copy[adr_head + 3] = 0x7f;
  file = open_copy (copy, size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_cdf_file_get_n_variables (file), ==, 21);

  g_assert_false (ps_cdf_file_load_attributes (file, &error));
  g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT);
  g_clear_error (&error);
  /* Asked again: the same answer, from the kept error. */
  g_assert_false (ps_cdf_file_load_attributes (file, &error));
  g_assert_error (error, PS_CDF_ERROR, PS_CDF_ERROR_CORRUPT);
  g_assert_cmpuint (ps_cdf_file_get_n_attributes (file), ==, 0);
  g_assert_null (ps_cdf_file_lookup_attribute (file, "TITLE"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *observed = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);

  data_dir = g_strdup (g_getenv ("PS_TEST_CDF_DIR"));
  if (data_dir == NULL)
    data_dir = g_build_filename (TEST_DATA_DIR, "cdf", NULL);
  observed = g_build_filename (data_dir, "expected", "observed", NULL);
  dir = g_dir_open (observed, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".cdf.json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *rel = g_strdup (n);
      g_autofree char *cdf = NULL;
      g_autofree char *test = NULL;
      char *sep = strstr (rel, "__");

      rel[strlen (rel) - strlen (".json")] = 0;
      *sep = '/';
      memmove (sep + 1, sep + 2, strlen (sep + 2) + 1);
      cdf = g_build_filename (data_dir, rel, NULL);
      /* the 2.5 GB-when-inflated file is exercised elsewhere */
      if (!g_file_test (cdf, G_FILE_TEST_EXISTS) || strstr (rel, "bigcdf") != NULL)
        continue;
      test = g_strdup_printf ("/Cdf/observed/%s", rel);
      g_test_add_data_func_full (test, g_build_filename (observed, n, NULL), test_observed, g_free);
    }
  g_test_add_func ("/Cdf/peer-expectations", test_peer_expectations);
  g_test_add_func ("/Cdf/record-range", test_record_range);
  g_test_add_func ("/Cdf/damaged/truncated", test_truncated);
  g_test_add_func ("/Cdf/damaged/offsets", test_bad_offsets);
  g_test_add_func ("/Cdf/damaged/vxr-loop", test_vxr_loop);
  g_test_add_func ("/Cdf/damaged/md5", test_md5_damage);
  g_test_add_func ("/Cdf/multi-file-refused", test_multi_file_refused);
  g_test_add_func ("/Cdf/damaged/lazy-attributes", test_lazy_attributes_damaged);

  return g_test_run ();
}
