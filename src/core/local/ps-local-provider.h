/* ps-local-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsLocalProvider: the data files in folders of this computer (CDF, text
 * tables, HDF5, NetCDF-4) as a provider. Its inventory is the folders,
 * their sub-folders and files, each file's plottable variables; a
 * product over a range is the variable read from its file (kept in
 * memory while it is used) and cut to the range. Files are their own
 * cache: a get asks the provider directly, also offline.
 *
 * Two providers are made of it: "local" (the folders the user adds;
 * product paths "local/<absolute file path>/<variable>", any file of the
 * computer can be asked for) and "samples" (the real data files
 * Plasmascope installs; "samples/<file name>/<variable>").
 */
#pragma once

#include "ps-local-file.h"
#include "ps-provider.h"

G_BEGIN_DECLS

#define PS_TYPE_LOCAL_PROVIDER (ps_local_provider_get_type ())

G_DECLARE_FINAL_TYPE (PsLocalProvider, ps_local_provider, PS, LOCAL_PROVIDER, GObject)

PsLocalProvider     *ps_local_provider_new          (const char * const *folders);
PsLocalProvider     *ps_local_provider_new_samples  (const char         *folder);
const char          *ps_local_samples_dir           (void);

void                 ps_local_provider_set_folders  (PsLocalProvider    *self,
                                                     const char * const *folders);
char               **ps_local_provider_dup_folders  (PsLocalProvider    *self);
char                *ps_local_provider_product_path (PsLocalProvider    *self,
                                                     const char         *file_path,
                                                     const char         *variable);
gboolean             ps_local_provider_split_product (PsLocalProvider   *self,
                                                     const char         *product_path,
                                                     char              **file_path,
                                                     char              **variable);
PsLocalFile         *ps_local_provider_lookup_file  (PsLocalProvider    *self,
                                                     const char         *path);
PsInventoryNode     *ps_local_provider_scan         (PsLocalProvider    *self,
                                                     GCancellable       *cancellable,
                                                     guint              *n_files);

G_END_DECLS
