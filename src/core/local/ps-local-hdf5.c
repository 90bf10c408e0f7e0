/* ps-local-hdf5.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HDF5 and NetCDF-4 files on this computer (a NetCDF-4 file is an HDF5
 * file). Opening walks every group and reads the datasets' shapes, types
 * and attributes, not their values (but the first value of a would-be time
 * axis, to check it). Then:
 *
 *  - time axes are 1-D datasets that say so (ps_hdf5_time_guess(): CF
 *    "<unit> since <date>" units, ISTP Time_Base, names such as Epoch,
 *    time or UTC, ISO strings), when named by a DEPEND_0, used as the first
 *    netCDF dimension scale of data, or named like a time;
 *  - a data variable is an integer or float dataset, not a time axis nor
 *    a dimension scale, whose first dimension follows a time axis, found
 *    through its DEPEND_0 (any case, ISTP), else its first dimension scale
 *    (known from the scales' REFERENCE_LIST), else a time axis of the same
 *    length in its group or the nearest group above it (OMNI's Qbits/ByIMF
 *    uses /UTC);
 *  - as with CDF and PyISTP, when a variable has a VAR_TYPE only "data" is
 *    listed (ICON: 7 of 50; support_data and ignore_data are left out);
 *  - kinds: spectrogram when DISPLAY_TYPE says so and the data are 2-D,
 *    vector for 3 components, multi for several (3-D records are flattened
 *    row-major), line for one.
 *
 * A file without any time axis, or with no dataset along one, does not
 * open: an empty file would leave people wondering.
 *
 * ISTP master CDFs are not read. DAILI's .nc is plottable alone: its
 * EPOCH ("ms", "Time since 0 AD") is CDF_EPOCH, and its VAR_TYPE "data"
 * images load as flattened multi-component series (O2DENSITY: 236 values
 * per record). What only the master adds: EPOCH's CDF_EPOCH type (guessed
 * here), DEPEND_1/DEPEND_2 naming w, x, y (bare netCDF dimensions, no
 * values, so no bins anyway) and RAW_IMAGE as ignore_data (listed here).
 *
 * Every HDF5 call is made holding ps_hdf5_lock().
 */

#define G_LOG_DOMAIN "ps-local"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ps-local-hdf5-private.h"

/* Enough for any real file; a crafted one stops there. */
#define MAX_DATASETS 100000

static const guint8 signature[8] = { 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };

static const char * const depend0_names[] = { "DEPEND_0", NULL };
static const char * const var_type_names[] = { "VAR_TYPE", NULL };
static const char * const units_names[] = { "units", NULL };
static const char * const time_base_names[] = { "Time_Base", NULL };
static const char * const class_names[] = { "CLASS", NULL };
static const char * const name_names[] = { "NAME", NULL };
static const char * const label_names[] = { "FIELDNAM", "long_name", NULL };
static const char * const description_names[] = { "CATDESC", "VAR_NOTES", NULL };
static const char * const display_names[] = { "DISPLAY_TYPE", NULL };

static void
dataset_free (gpointer data)
{
  Hdf5Dataset *ds = data;

  g_free (ds->path);
  g_clear_pointer (&ds->attrs, g_ptr_array_unref);
  g_free (ds->scale0);
  g_free (ds->scale1);
  g_clear_pointer (&ds->scale_uses, g_array_unref);
  g_free (ds->times);
  g_free (ds);
}

static void
state_free (Hdf5State *state)
{
  if (state->file >= 0)
    {
      ps_hdf5_lock ();
      H5Fclose (state->file);
      H5Eclear2 (H5E_DEFAULT);
      ps_hdf5_unlock ();
    }
  g_clear_pointer (&state->by_path, g_hash_table_unref);
  g_clear_pointer (&state->datasets, g_ptr_array_unref);
  g_free (state->file_path);
  g_free (state->file_name);
  g_free (state);
}

static gboolean
hdf5_sniff (const char   *path,
            const guint8 *head,
            gsize         head_len)
{
  static const gsize offsets[] = { 0, 512, 1024, 2048 };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    if (head_len >= offsets[i] + sizeof signature
        && memcmp (head + offsets[i], signature, sizeof signature) == 0)
      return TRUE;
  return FALSE;
}

/* Shape, type and attributes of the dataset at @name. */
static Hdf5Dataset *
describe (hid_t       group,
          const char *name,
          guint64     addr)
{
  hid_t set = H5Dopen2 (group, name, H5P_DEFAULT);
  hid_t type, space;
  Hdf5Dataset *ds;
  const char *klass, *dim_name;

  if (set < 0)
    return NULL;
  type = H5Dget_type (set);
  space = H5Dget_space (set);
  if (type < 0 || space < 0)
    {
      if (type >= 0)
        H5Tclose (type);
      if (space >= 0)
        H5Sclose (space);
      H5Dclose (set);
      return NULL;
    }

  ds = g_new0 (Hdf5Dataset, 1);
  ds->path = g_utf8_make_valid (name[0] == '/' ? name + 1 : name, -1);
  ds->leaf = strrchr (ds->path, '/') != NULL ? strrchr (ds->path, '/') + 1 : ds->path;
  ds->time = -1;
  ds->addr = addr;
  ds->klass = H5Tget_class (type);
  ds->type_size = H5Tget_size (type);
  ds->is_vlen_string = ds->klass == H5T_STRING && H5Tis_variable_str (type) > 0;
  ds->cset = ds->klass == H5T_STRING ? H5Tget_cset (type) : H5T_CSET_ASCII;
  ds->rank = H5Sget_simple_extent_ndims (space);
  if (ds->rank < 0 || ds->rank > H5S_MAX_RANK
      || H5Sget_simple_extent_dims (space, ds->dims, NULL) < 0)
    ds->rank = 0;
  ds->attrs = ps_hdf5_read_attributes (set);
  klass = ps_hdf5_attr_text (ds->attrs, class_names);
  ds->is_scale = klass != NULL && g_str_equal (klass, "DIMENSION_SCALE");
  dim_name = ps_hdf5_attr_text (ds->attrs, name_names);
  ds->is_bare = ds->is_scale && dim_name != NULL
                && g_str_has_prefix (dim_name, "This is a netCDF dimension but not a netCDF variable");
  ds->istp = ps_hdf5_attr_lookup (ds->attrs, var_type_names) != NULL;
  if (ds->is_scale)
    ds->scale_uses = ps_hdf5_read_scale_uses (set);

  H5Tclose (type);
  H5Sclose (space);
  H5Dclose (set);
  H5Eclear2 (H5E_DEFAULT);
  return ds;
}

typedef struct
{
  Hdf5State  *state;
  GHashTable *seen; /* object addresses */
} Walk;

static herr_t
visit_cb (hid_t             group,
          const char       *name,
          const H5L_info_t *info,
          void             *data)
{
  Walk *walk = data;
  H5O_info_t oinfo;
  Hdf5Dataset *ds;
  guint64 addr;

  if (info->type != H5L_TYPE_HARD)
    return 0; /* soft links name what we visit anyway; external ones are other files */
  if (H5Oget_info_by_name2 (group, name, &oinfo, H5O_INFO_BASIC, H5P_DEFAULT) < 0)
    {
      H5Eclear2 (H5E_DEFAULT);
      return 0;
    }
  if (oinfo.type != H5O_TYPE_DATASET)
    return 0;
  addr = oinfo.addr;
  if (g_hash_table_contains (walk->seen, &addr))
    return 0;
  g_hash_table_add (walk->seen, g_memdup2 (&addr, sizeof addr));
  ds = describe (group, name, addr);
  if (ds == NULL || g_hash_table_contains (walk->state->by_path, ds->path))
    {
      g_clear_pointer (&ds, dataset_free);
      return 0;
    }
  g_ptr_array_add (walk->state->datasets, ds);
  g_hash_table_insert (walk->state->by_path, ds->path, ds);
  return walk->state->datasets->len >= MAX_DATASETS ? 1 : 0;
}

Hdf5Dataset *
_ps_local_hdf5_resolve (Hdf5State         *state,
                        const Hdf5Dataset *from,
                        const char        *name)
{
  g_autofree char *clean = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sibling = NULL;
  Hdf5Dataset *found = NULL;
  const char *key;

  if (name == NULL)
    return NULL;
  clean = g_strstrip (g_strdup (name));
  key = clean[0] == '/' ? clean + 1 : clean;
  if (*key == '\0')
    return NULL;
  if ((found = g_hash_table_lookup (state->by_path, key)) != NULL)
    return found;
  dir = g_path_get_dirname (from->path);
  sibling = g_strconcat (dir, "/", key, NULL);
  if ((found = g_hash_table_lookup (state->by_path, sibling)) != NULL)
    return found;
  for (guint i = 0; i < state->datasets->len; i++)
    {
      Hdf5Dataset *ds = g_ptr_array_index (state->datasets, i);

      if (g_str_equal (ds->leaf, key))
        {
          if (found != NULL)
            return NULL; /* ambiguous */
          found = ds;
        }
    }
  return found;
}

/* The first value, as a double, of a numeric 1-D dataset. */
static gboolean
read_first (Hdf5State   *state,
            Hdf5Dataset *ds,
            double      *value)
{
  hid_t set, file_space, mem_space;
  hsize_t start = 0, count = 1;
  gboolean ok = FALSE;

  if (ds->rank != 1 || ds->dims[0] == 0 || (ds->klass != H5T_INTEGER && ds->klass != H5T_FLOAT))
    return FALSE;
  set = H5Dopen2 (state->file, ds->path, H5P_DEFAULT);
  if (set < 0)
    return FALSE;
  file_space = H5Dget_space (set);
  mem_space = H5Screate_simple (1, &count, NULL);
  if (file_space >= 0 && mem_space >= 0
      && H5Sselect_hyperslab (file_space, H5S_SELECT_SET, &start, NULL, &count, NULL) >= 0)
    ok = H5Dread (set, H5T_NATIVE_DOUBLE, mem_space, file_space, H5P_DEFAULT, value) >= 0;
  if (mem_space >= 0)
    H5Sclose (mem_space);
  if (file_space >= 0)
    H5Sclose (file_space);
  H5Dclose (set);
  H5Eclear2 (H5E_DEFAULT);
  return ok;
}

/* Whether the first string of a string dataset is a time. */
static gboolean
first_string_is_time (Hdf5State   *state,
                      Hdf5Dataset *ds)
{
  hid_t set, file_space, mem_space, memtype;
  hsize_t start = 0, count = 1;
  gboolean ok = FALSE;
  PsTime t;

  if (ds->rank != 1 || ds->dims[0] == 0 || (!ds->is_vlen_string && (ds->type_size == 0 || ds->type_size > 256)))
    return FALSE;
  set = H5Dopen2 (state->file, ds->path, H5P_DEFAULT);
  if (set < 0)
    return FALSE;
  file_space = H5Dget_space (set);
  mem_space = H5Screate_simple (1, &count, NULL);
  memtype = H5Tcopy (H5T_C_S1);
  H5Tset_cset (memtype, ds->cset);
  H5Tset_size (memtype, ds->is_vlen_string ? H5T_VARIABLE : ds->type_size);
  if (file_space >= 0 && mem_space >= 0
      && H5Sselect_hyperslab (file_space, H5S_SELECT_SET, &start, NULL, &count, NULL) >= 0)
    {
      if (ds->is_vlen_string)
        {
          char *text = NULL;

          if (H5Dread (set, memtype, mem_space, file_space, H5P_DEFAULT, &text) >= 0 && text != NULL)
            {
              ok = ps_hdf5_time_parse_string (text, strlen (text), &t);
              H5Dvlen_reclaim (memtype, mem_space, H5P_DEFAULT, &text);
            }
        }
      else
        {
          char text[256];

          if (H5Dread (set, memtype, mem_space, file_space, H5P_DEFAULT, text) >= 0)
            ok = ps_hdf5_time_parse_string (text, ds->type_size, &t);
        }
    }
  H5Tclose (memtype);
  if (mem_space >= 0)
    H5Sclose (mem_space);
  if (file_space >= 0)
    H5Sclose (file_space);
  H5Dclose (set);
  H5Eclear2 (H5E_DEFAULT);
  return ok;
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* Each dataset learns its scales from the scales' REFERENCE_LIST. */
static void
link_scales (Hdf5State *state)
{
  g_autoptr(GHashTable) by_addr = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < state->datasets->len; i++)
    {
      Hdf5Dataset *ds = g_ptr_array_index (state->datasets, i);

      g_hash_table_insert (by_addr, &ds->addr, ds);
    }
  for (guint i = 0; i < state->datasets->len; i++)
    {
      Hdf5Dataset *scale = g_ptr_array_index (state->datasets, i);

      for (guint k = 0; scale->scale_uses != NULL && k < scale->scale_uses->len; k++)
        {
          const PsHdf5ScaleUse *use = &g_array_index (scale->scale_uses, PsHdf5ScaleUse, k);
          Hdf5Dataset *ds = g_hash_table_lookup (by_addr, &use->addr);
          char **slot;

          if (ds == NULL || ds == scale || use->dimension < 0 || use->dimension > 1)
            continue;
          slot = use->dimension == 0 ? &ds->scale0 : &ds->scale1;
          if (*slot == NULL)
            *slot = g_strdup (scale->path);
        }
    }
}

static void
find_time_axes (Hdf5State *state)
{
  /* What data point at: DEPEND_0 and first dimension scales. */
  for (guint i = 0; i < state->datasets->len; i++)
    {
      Hdf5Dataset *ds = g_ptr_array_index (state->datasets, i);
      Hdf5Dataset *target;

      target = _ps_local_hdf5_resolve (state, ds, ps_hdf5_attr_text (ds->attrs, depend0_names));
      if (target != NULL && target != ds)
        target->referenced = TRUE;
      target = ds->scale0 != NULL ? g_hash_table_lookup (state->by_path, ds->scale0) : NULL;
      if (target != NULL && target != ds && (ds->klass == H5T_INTEGER || ds->klass == H5T_FLOAT))
        target->referenced = TRUE;
    }

  for (guint i = 0; i < state->datasets->len; i++)
    {
      Hdf5Dataset *ds = g_ptr_array_index (state->datasets, i);
      PsHdf5TimeHints hints = { 0 };
      g_autofree char *description = NULL;

      if (ds->rank != 1 || ds->is_bare)
        continue;
      if (!ds->referenced && !ps_hdf5_time_name_is_time (ds->leaf))
        continue;
      description = g_strjoin (" ",
                               or_empty (ps_hdf5_attr_text (ds->attrs, (const char *[]) { "CATDESC", NULL })),
                               or_empty (ps_hdf5_attr_text (ds->attrs, (const char *[]) { "FIELDNAM", NULL })),
                               or_empty (ps_hdf5_attr_text (ds->attrs, (const char *[]) { "long_name", NULL })),
                               NULL);
      hints.name = ds->leaf;
      hints.units = ps_hdf5_attr_text (ds->attrs, units_names);
      hints.time_base = ps_hdf5_attr_text (ds->attrs, time_base_names);
      hints.description = description;
      hints.is_string = ds->klass == H5T_STRING;
      hints.is_int64 = ds->klass == H5T_INTEGER && ds->type_size == 8;
      hints.is_float = ds->klass == H5T_FLOAT;
      hints.referenced = ds->referenced;
      hints.has_first = read_first (state, ds, &hints.first);
      ds->trust = ps_hdf5_time_guess (&hints, &ds->codec);
      if (ds->trust > 0 && ds->codec.kind == PS_HDF5_TIME_STRING
          && ds->dims[0] > 0 && !first_string_is_time (state, ds))
        ds->trust = 0;
    }
}

static gboolean
is_ancestor_dir (const char *dir,
                 const char *path)
{
  gsize len = strlen (dir);

  if (g_str_equal (dir, "."))
    return TRUE;
  return strncmp (dir, path, len) == 0 && path[len] == '/';
}

/* A time axis of @ds's length in its group or the nearest one above. */
static int
nearest_time_axis (Hdf5State   *state,
                   Hdf5Dataset *ds)
{
  int best = -1;
  gsize best_depth = 0;

  for (guint i = 0; i < state->datasets->len; i++)
    {
      Hdf5Dataset *t = g_ptr_array_index (state->datasets, i);
      g_autofree char *dir = NULL;
      gsize depth;

      if (t->trust == 0 || t->dims[0] != ds->dims[0])
        continue;
      dir = g_path_get_dirname (t->path);
      if (!is_ancestor_dir (dir, ds->path))
        continue;
      depth = g_str_equal (dir, ".") ? 0 : strlen (dir) + 1;
      if (best < 0 || depth > best_depth
          || (depth == best_depth && t->trust > ((Hdf5Dataset *) g_ptr_array_index (state->datasets, best))->trust))
        {
          best = i;
          best_depth = depth;
        }
    }
  return best;
}

static int
index_of (Hdf5State   *state,
          Hdf5Dataset *ds)
{
  guint index;

  return ds != NULL && g_ptr_array_find (state->datasets, ds, &index) ? (int) index : -1;
}

static gboolean
usable_axis (Hdf5Dataset *axis,
             Hdf5Dataset *ds)
{
  return axis != NULL && axis != ds && axis->trust > 0 && axis->dims[0] >= ds->dims[0];
}

static void
list_products (Hdf5State *state,
               GArray    *products)
{
  for (guint i = 0; i < state->datasets->len; i++)
    {
      Hdf5Dataset *ds = g_ptr_array_index (state->datasets, i);
      const char *var_type = ps_hdf5_attr_text (ds->attrs, var_type_names);
      const char *display;
      Hdf5Dataset *axis;
      PsLocalProduct product = { 0 };
      guint64 m = 1;

      if ((ds->klass != H5T_INTEGER && ds->klass != H5T_FLOAT) || ds->rank < 1
          || ds->trust > 0 || ds->is_scale)
        continue;
      if (ds->istp && (var_type == NULL || g_ascii_strcasecmp (var_type, "data") != 0))
        continue;
      for (int d = 1; d < ds->rank && m > 0; d++)
        m = ds->dims[d] > G_MAXINT32 / m ? 0 : m * ds->dims[d];
      if (m == 0)
        continue;

      axis = _ps_local_hdf5_resolve (state, ds, ps_hdf5_attr_text (ds->attrs, depend0_names));
      if (!usable_axis (axis, ds))
        axis = ds->scale0 != NULL ? g_hash_table_lookup (state->by_path, ds->scale0) : NULL;
      if (!usable_axis (axis, ds))
        {
          int nearest = nearest_time_axis (state, ds);

          axis = nearest >= 0 ? g_ptr_array_index (state->datasets, nearest) : NULL;
        }
      if (!usable_axis (axis, ds))
        continue;
      ds->time = index_of (state, axis);
      ds->m = (guint) m;

      display = ps_hdf5_attr_text (ds->attrs, display_names);
      if (display != NULL && g_ascii_strncasecmp (display, "spectrogram", 11) == 0 && ds->rank == 2)
        ds->kind = PS_DISPLAY_SPECTROGRAM;
      else if (ds->m == 1)
        ds->kind = PS_DISPLAY_LINE;
      else if (ds->m == 3 && ds->rank == 2)
        ds->kind = PS_DISPLAY_VECTOR;
      else
        ds->kind = PS_DISPLAY_MULTI;

      product.variable = g_strdup (ds->path);
      product.label = g_strdup (ps_hdf5_attr_text (ds->attrs, label_names));
      /* the whole path: "Qbits/ByIMF" beside "ByIMF" */
      if (product.label == NULL)
        product.label = g_strdup (ds->path);
      product.description = g_strdup (ps_hdf5_attr_text (ds->attrs, description_names));
      product.units = g_strdup (ps_hdf5_attr_text (ds->attrs, units_names));
      product.kind = ds->kind;
      product.n_components = ds->m;
      product.n_records = (gint64) ds->dims[0];
      g_array_append_val (products, product);
    }
}

static gpointer
hdf5_open (const char  *path,
           GArray      *products,
           GError     **error)
{
  Hdf5State *state = g_new0 (Hdf5State, 1);
  Walk walk = { state, g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL) };
  hid_t fapl;
  herr_t visited;
  guint n_axes = 0;

  state->file_path = g_strdup (path);
  state->file_name = g_path_get_basename (path);
  state->datasets = g_ptr_array_new_with_free_func (dataset_free);
  state->by_path = g_hash_table_new (g_str_hash, g_str_equal);

  ps_hdf5_lock ();
  fapl = H5Pcreate (H5P_FILE_ACCESS);
  /* closing the file closes whatever an error path left open */
  H5Pset_fclose_degree (fapl, H5F_CLOSE_STRONG);
  state->file = H5Fopen (path, H5F_ACC_RDONLY, fapl);
  if (state->file < 0)
    {
      /* before any other call, which would clear the error stack */
      g_autofree char *why = ps_hdf5_take_error_message ();

      H5Pclose (fapl);
      ps_hdf5_unlock ();
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot read “%s” as HDF5: %s"), state->file_name,
                   why != NULL ? why : _("unknown error"));
      g_hash_table_unref (walk.seen);
      state_free (state);
      return NULL;
    }
  H5Pclose (fapl);
  visited = H5Lvisit (state->file, H5_INDEX_NAME, H5_ITER_INC, visit_cb, &walk);
  g_hash_table_unref (walk.seen);
  if (visited < 0)
    {
      g_autofree char *why = ps_hdf5_take_error_message ();

      ps_hdf5_unlock ();
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot list the datasets of “%s”: %s"), state->file_name,
                   why != NULL ? why : _("unknown error"));
      state_free (state);
      return NULL;
    }
  link_scales (state);
  find_time_axes (state);
  ps_hdf5_unlock ();

  for (guint i = 0; i < state->datasets->len; i++)
    if (((Hdf5Dataset *) g_ptr_array_index (state->datasets, i))->trust > 0)
      n_axes++;
  if (n_axes == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” has no time dataset: Plasmascope plots datasets along a 1-D time "
                     "(a DEPEND_0, units such as “seconds since 1970-01-01”, or a dataset named "
                     "Epoch, time or UTC)"), state->file_name);
      state_free (state);
      return NULL;
    }
  list_products (state, products);
  if (products->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” has no numeric dataset along its time"), state->file_name);
      state_free (state);
      return NULL;
    }
  return state;
}

static PsSeries *
hdf5_load (gpointer     state,
           const char  *variable,
           GError     **error)
{
  return _ps_local_hdf5_load (state, variable, error);
}

static void
hdf5_close (gpointer state)
{
  state_free (state);
}

const PsLocalFormat ps_local_format_hdf5 = {
  .name = "HDF5",
  .sniff = hdf5_sniff,
  .open = hdf5_open,
  .load = hdf5_load,
  .close = hdf5_close,
};
