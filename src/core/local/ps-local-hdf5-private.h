/* ps-local-hdf5-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state of an open HDF5/NetCDF-4 file, shared by ps-local-hdf5.c
 * (opening: which datasets are times, which are data) and
 * ps-local-hdf5-load.c (reading one variable).
 */
#pragma once

#include <hdf5.h>

#include "ps-hdf5-time.h"
#include "ps-hdf5-util.h"
#include "ps-local-format-private.h"

G_BEGIN_DECLS

typedef struct
{
  char           *path;      /* full HDF5 path without the leading '/' */
  const char     *leaf;      /* its last component */
  int             rank;
  hsize_t         dims[H5S_MAX_RANK];
  H5T_class_t     klass;
  size_t          type_size;
  gboolean        is_vlen_string;
  H5T_cset_t      cset;      /* of strings */
  GPtrArray      *attrs;     /* of PsHdf5Attr */
  guint64         addr;      /* object header address */
  char           *scale0;    /* dimension scales of dimensions 0 and 1 */
  char           *scale1;
  GArray         *scale_uses; /* a scale's REFERENCE_LIST, of PsHdf5ScaleUse */
  gboolean        is_scale;  /* CLASS = DIMENSION_SCALE */
  gboolean        is_bare;   /* a netCDF dimension without values */
  gboolean        referenced;
  int             trust;     /* as a time axis; 0: not one */
  PsHdf5TimeCodec codec;
  int             time;      /* a data variable's time axis (index), or -1 */
  gboolean        istp;      /* has VAR_TYPE */
  PsDisplayKind   kind;
  guint           m;         /* values per record */
  /* time axes: read on the first load, under the lock */
  PsTime         *times;
  gsize           n_times;
} Hdf5Dataset;

typedef struct
{
  char       *file_path;
  char       *file_name;  /* for messages */
  hid_t       file;
  GPtrArray  *datasets;   /* of Hdf5Dataset */
  GHashTable *by_path;    /* path → Hdf5Dataset */
} Hdf5State;

PsSeries *_ps_local_hdf5_load (Hdf5State   *state,
                               const char  *variable,
                               GError     **error);
/* The dataset @name (DEPEND_0 and the like) refers to from @from: a full
 * path, a path next to @from, or a unique leaf name. */
Hdf5Dataset *_ps_local_hdf5_resolve (Hdf5State         *state,
                                     const Hdf5Dataset *from,
                                     const char        *name);

G_END_DECLS
