/* ps-hapi-servers.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PsHapiServers: the HAPI servers Plasmascope knows, by name. Each one is
 * a provider whose products are "hapi/NAME/DATASET/PARAMETER".
 *
 * The defaults are the public servers of the hapi-server.org list
 * (github.com/hapi-server/servers, all.txt and all.json; its test servers
 * are left out). The environment adds to them or replaces some:
 *
 *   PLASMASCOPE_HAPI_SERVERS="name=url;name2=url2"
 *
 * and so does `--hapi-server NAME=URL` on the command line. An entry whose
 * name is known replaces that server's URL; a new name adds a server. A
 * name is not empty and has no '/', ';', '=' or blank; a URL starts with
 * http:// or https://. Entries are separated by ';' (blanks around them
 * are ignored; empty entries too).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PS_HAPI_SERVERS_ENV "PLASMASCOPE_HAPI_SERVERS"

typedef struct _PsHapiServers PsHapiServers;

PsHapiServers *ps_hapi_servers_new          (void);
PsHapiServers *ps_hapi_servers_new_default  (GError              **error);
void           ps_hapi_servers_free         (PsHapiServers        *self);

gboolean       ps_hapi_servers_add          (PsHapiServers        *self,
                                             const char           *spec,
                                             GError              **error);
gboolean       ps_hapi_servers_add_list     (PsHapiServers        *self,
                                             const char           *list,
                                             GError              **error);

guint          ps_hapi_servers_get_n        (PsHapiServers        *self);
const char    *ps_hapi_servers_get_name     (PsHapiServers        *self,
                                             guint                 index);
const char    *ps_hapi_servers_get_url      (PsHapiServers        *self,
                                             guint                 index);
const char    *ps_hapi_servers_lookup       (PsHapiServers        *self,
                                             const char           *name);
char          *ps_hapi_servers_list_names   (PsHapiServers        *self);

char          *ps_hapi_servers_name_of      (const char           *product_path);
const char    *ps_hapi_servers_title_for    (const char           *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsHapiServers, ps_hapi_servers_free)

G_END_DECLS
