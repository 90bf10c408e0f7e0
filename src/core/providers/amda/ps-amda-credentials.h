/* ps-amda-credentials.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The user name and password of an AMDA account (its time tables,
 * catalogues and derived parameters are private): kept in the Secret
 * Service (GNOME Keyring, KWallet…; schema
 * "org.plasmascope.Plasmascope.Credentials", attributes provider="amda"
 * and user) when Plasmascope is built with libsecret and a Secret Service
 * answers; otherwise in $XDG_CONFIG_HOME/plasmascope/credentials/amda,
 * a file only its owner may read (mode 0600: a file others may read is
 * refused). Never in GSettings. PLASMASCOPE_CREDENTIALS_BACKEND=file
 * makes the file the only place. The calls block (D-Bus, disk): call
 * them from a worker, or use the _async form.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean    ps_amda_credentials_save         (const char           *user,
                                              const char           *password,
                                              GError              **error);
gboolean    ps_amda_credentials_load         (char                **user,
                                              char                **password,
                                              GError              **error);
gboolean    ps_amda_credentials_forget       (GError              **error);

void        ps_amda_credentials_load_async   (GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean    ps_amda_credentials_load_finish  (GAsyncResult         *result,
                                              char                **user,
                                              char                **password,
                                              GError              **error);

char       *ps_amda_credentials_get_file     (void);
const char *ps_amda_credentials_get_backend  (void);

G_END_DECLS
