/* ps-hdf5-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libhdf5 is built thread-safe on some systems and not on others; in both
 * cases one process-wide mutex around our calls is correct (a thread-safe
 * build takes its own global lock anyway, so nothing is lost). HDF5 keeps
 * error-printing settings per thread in thread-safe builds, hence the
 * H5Eset_auto2() each time the lock is taken.
 */

#define G_LOG_DOMAIN "ps-local"

#include "config.h"

#include <string.h>

#include "ps-hdf5-util.h"

/* Attributes larger than this are not read (text or numbers). */
#define MAX_ATTR_POINTS 4096
#define MAX_ATTR_BYTES  (1 << 20)

static GMutex hdf5_mutex;

void
ps_hdf5_lock (void)
{
  g_mutex_lock (&hdf5_mutex);
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
}

void
ps_hdf5_unlock (void)
{
  g_mutex_unlock (&hdf5_mutex);
}

static herr_t
walk_cb (unsigned                  n,
         const H5E_error2_t       *err,
         void                     *data)
{
  char **message = data;

  if (err->desc != NULL && *err->desc != '\0')
    {
      g_free (*message);
      *message = g_strdup (err->desc);
    }
  return 0;
}

char *
ps_hdf5_take_error_message (void)
{
  char *message = NULL;

  H5Ewalk2 (H5E_DEFAULT, H5E_WALK_DOWNWARD, walk_cb, &message);
  H5Eclear2 (H5E_DEFAULT);
  if (message != NULL && !g_utf8_validate (message, -1, NULL))
    {
      char *valid = g_utf8_make_valid (message, -1);

      g_free (message);
      message = valid;
    }
  return message;
}

static void
attr_free (gpointer data)
{
  PsHdf5Attr *attr = data;

  g_free (attr->name);
  g_free (attr->text);
  g_free (attr);
}

static char *
read_string (hid_t    attr,
             hid_t    type,
             hid_t    space,
             hssize_t n)
{
  hid_t memtype = H5Tcopy (H5T_C_S1);
  char *text = NULL;

  /* HDF5 does not convert between ASCII and UTF-8 */
  H5Tset_cset (memtype, H5Tget_cset (type));

  if (H5Tis_variable_str (type) > 0)
    {
      char **values = g_new0 (char *, n);

      H5Tset_size (memtype, H5T_VARIABLE);
      if (H5Aread (attr, memtype, values) >= 0)
        {
          for (hssize_t i = 0; i < n && text == NULL; i++)
            if (values[i] != NULL && *values[i] != '\0')
              text = g_strdup (values[i]);
          H5Dvlen_reclaim (memtype, space, H5P_DEFAULT, values);
        }
      g_free (values);
    }
  else
    {
      size_t size = H5Tget_size (type);
      char *values;

      if (size == 0 || size > MAX_ATTR_BYTES / (size_t) n)
        {
          H5Tclose (memtype);
          return NULL;
        }
      values = g_malloc0 (size * n + 1);
      H5Tset_size (memtype, size);
      if (H5Aread (attr, memtype, values) >= 0)
        text = g_strndup (values, size);
      g_free (values);
    }
  H5Tclose (memtype);
  if (text != NULL)
    {
      if (!g_utf8_validate (text, -1, NULL))
        {
          char *valid = g_utf8_make_valid (text, -1);

          g_free (text);
          text = valid;
        }
      g_strstrip (text);
    }
  return text;
}

static herr_t
attribute_cb (hid_t             object,
              const char       *name,
              const H5A_info_t *info,
              void             *data)
{
  GPtrArray *attrs = data;
  hid_t attr = H5Aopen (object, name, H5P_DEFAULT);
  hid_t type = -1, space = -1;
  H5T_class_t klass;
  hssize_t n;
  PsHdf5Attr *out;

  if (attr < 0)
    return 0;
  type = H5Aget_type (attr);
  space = H5Aget_space (attr);
  if (type < 0 || space < 0)
    goto out;
  n = H5Sget_simple_extent_npoints (space);
  klass = H5Tget_class (type);
  if (n <= 0 || n > MAX_ATTR_POINTS)
    goto out;

  out = g_new0 (PsHdf5Attr, 1);
  out->name = g_utf8_make_valid (name, -1);
  if (klass == H5T_STRING)
    out->text = read_string (attr, type, space, n);
  else if (klass == H5T_INTEGER || klass == H5T_FLOAT)
    {
      double *values = g_new (double, n);

      if (H5Aread (attr, H5T_NATIVE_DOUBLE, values) >= 0)
        {
          out->has_number = TRUE;
          out->number = values[0];
          out->is_float32 = klass == H5T_FLOAT && H5Tget_size (type) == 4;
          if (klass == H5T_INTEGER)
            out->text = g_strdup_printf ("%.0f", values[0]);
          else
            out->text = g_strdup_printf (out->is_float32 ? "%.9g" : "%.17g", values[0]);
        }
      g_free (values);
    }
  if (out->text == NULL && !out->has_number)
    attr_free (out);
  else
    g_ptr_array_add (attrs, out);

out:
  if (space >= 0)
    H5Sclose (space);
  if (type >= 0)
    H5Tclose (type);
  H5Aclose (attr);
  return 0;
}

GPtrArray *
ps_hdf5_read_attributes (hid_t object)
{
  GPtrArray *attrs = g_ptr_array_new_with_free_func (attr_free);
  hsize_t index = 0;

  H5Aiterate2 (object, H5_INDEX_NAME, H5_ITER_NATIVE, &index, attribute_cb, attrs);
  H5Eclear2 (H5E_DEFAULT);
  return attrs;
}

const PsHdf5Attr *
ps_hdf5_attr_lookup (GPtrArray          *attrs,
                     const char * const *names)
{
  g_return_val_if_fail (names != NULL, NULL);

  if (attrs == NULL)
    return NULL;
  for (guint k = 0; names[k] != NULL; k++)
    for (guint i = 0; i < attrs->len; i++)
      {
        const PsHdf5Attr *attr = g_ptr_array_index (attrs, i);

        if (g_ascii_strcasecmp (attr->name, names[k]) == 0)
          return attr;
      }
  return NULL;
}

const char *
ps_hdf5_attr_text (GPtrArray          *attrs,
                   const char * const *names)
{
  const PsHdf5Attr *attr = ps_hdf5_attr_lookup (attrs, names);

  return attr != NULL && attr->text != NULL && *attr->text != '\0' ? attr->text : NULL;
}

GArray *
ps_hdf5_read_scale_uses (hid_t scale)
{
  typedef struct
  {
    hobj_ref_t ref;
    int        dimension;
  } Entry;
  hid_t attr, space, type, memtype;
  hssize_t n;
  GArray *uses = NULL;

  if (H5Aexists (scale, "REFERENCE_LIST") <= 0)
    {
      H5Eclear2 (H5E_DEFAULT);
      return NULL;
    }
  attr = H5Aopen (scale, "REFERENCE_LIST", H5P_DEFAULT);
  if (attr < 0)
    {
      H5Eclear2 (H5E_DEFAULT);
      return NULL;
    }
  space = H5Aget_space (attr);
  type = H5Aget_type (attr);
  n = space >= 0 ? H5Sget_simple_extent_npoints (space) : -1;
  memtype = H5Tcreate (H5T_COMPOUND, sizeof (Entry));
  H5Tinsert (memtype, "dataset", G_STRUCT_OFFSET (Entry, ref), H5T_STD_REF_OBJ);
  H5Tinsert (memtype, "dimension", G_STRUCT_OFFSET (Entry, dimension), H5T_NATIVE_INT);
  if (n > 0 && n <= MAX_ATTR_POINTS && type >= 0 && H5Tget_class (type) == H5T_COMPOUND)
    {
      Entry *entries = g_new0 (Entry, n);

      if (H5Aread (attr, memtype, entries) >= 0)
        {
          uses = g_array_sized_new (FALSE, FALSE, sizeof (PsHdf5ScaleUse), n);
          for (hssize_t i = 0; i < n; i++)
            {
              PsHdf5ScaleUse use = { (guint64) entries[i].ref, entries[i].dimension };

              g_array_append_val (uses, use);
            }
        }
      g_free (entries);
    }
  H5Tclose (memtype);
  if (type >= 0)
    H5Tclose (type);
  if (space >= 0)
    H5Sclose (space);
  H5Aclose (attr);
  H5Eclear2 (H5E_DEFAULT);
  return uses;
}
