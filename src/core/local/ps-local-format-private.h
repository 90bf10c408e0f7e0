/* ps-local-format-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsLocalFormat: one kind of data file PsLocalFile reads (CDF, CSV/ASCII
 * tables, HDF5 and NetCDF-4). open() reads the metadata only and appends
 * one PsLocalProduct per plottable variable; load() reads one variable's
 * whole series. load() may be called from several worker threads at once
 * on the same state: a format whose library is not thread-safe serialises
 * its calls itself.
 */
#pragma once

#include "ps-local-file.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;                       /* "CDF", "CSV", "HDF5" */
  /* Whether the file is of this format, from its first bytes (at most
   * 4096; fewer for a short file) and its name. */
  gboolean  (*sniff) (const char   *path,
                      const guint8 *head,
                      gsize         head_len);
  gpointer  (*open)  (const char   *path,
                      GArray       *products, /* of PsLocalProduct, to append to */
                      GError      **error);
  PsSeries *(*load)  (gpointer      state,
                      const char   *variable,
                      GError      **error);
  void      (*close) (gpointer      state);
} PsLocalFormat;

extern const PsLocalFormat ps_local_format_cdf;
extern const PsLocalFormat ps_local_format_hdf5;
extern const PsLocalFormat ps_local_format_csv;

const PsLocalFormat *ps_local_format_detect (const char  *path,
                                             GError     **error);

G_END_DECLS
