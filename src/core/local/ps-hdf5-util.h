/* ps-hdf5-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the HDF5 format needs from libhdf5 beside reading values: one lock
 * for every HDF5 call in the process, its error stack as a message, and a
 * dataset's attributes read once as text and numbers.
 */
#pragma once

#include <glib.h>
#include <hdf5.h>

G_BEGIN_DECLS

/* Serialises HDF5 calls: every caller of libhdf5 in Plasmascope holds it
 * (not recursive). Taking it also silences HDF5's printing of errors on
 * the calling thread. */
void   ps_hdf5_lock                 (void);
void   ps_hdf5_unlock               (void);

/* The innermost message of the calling thread's HDF5 error stack (which is
 * then cleared), or NULL. */
char  *ps_hdf5_take_error_message   (void);

typedef struct
{
  char    *name;       /* as in the file */
  char    *text;       /* strings; numbers printed */
  gboolean has_number;
  double   number;     /* the first value of a numeric attribute */
  gboolean is_float32; /* a 4-byte float: compare values as floats */
} PsHdf5Attr;

/* All attributes of @object except references, GPtrArray of PsHdf5Attr. */
GPtrArray        *ps_hdf5_read_attributes (hid_t             object);
/* By name in any case ("Depend_0" finds "DEPEND_0"): the first of @names
 * (NULL-terminated) present. */
const PsHdf5Attr *ps_hdf5_attr_lookup     (GPtrArray        *attrs,
                                           const char * const *names);
const char       *ps_hdf5_attr_text       (GPtrArray        *attrs,
                                           const char * const *names);

typedef struct
{
  guint64 addr;       /* object header address of a dataset using the scale */
  int     dimension;  /* which of its dimensions */
} PsHdf5ScaleUse;

/* The REFERENCE_LIST of a dimension scale (HDF5 DS, netCDF-4): which
 * datasets use it along which dimension, as a GArray of PsHdf5ScaleUse,
 * or NULL. Read from that side because it is fixed-size data: a
 * DIMENSION_LIST is variable-length, read through the global heap, where
 * libhdf5 1.10 crashes on corrupt files. */
GArray           *ps_hdf5_read_scale_uses (hid_t             scale);

G_END_DECLS
