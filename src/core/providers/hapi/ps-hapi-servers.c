/* ps-hapi-servers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The default list comes from github.com/hapi-server/servers: the URLs of
 * all.txt (@0a2fc376) and all.json (@034c8e5e), the names of their "id"s
 * (servers.json, abouts.json) in lower case. Where the two lists disagree
 * (CCMC ISWA), the URL all.json, servers.json and abouts.json share wins.
 */

#define G_LOG_DOMAIN "ps-hapi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-hapi-servers.h"

typedef struct
{
  const char *name;
  const char *url;
  const char *title;  /* for people; proper names, not translated */
} Default;

static const Default defaults[] = {
  { "cdaweb",      "https://cdaweb.gsfc.nasa.gov/hapi",                   "CDAWeb (HAPI)" },
  { "amda",        "https://amda.irap.omp.eu/service/hapi",               "AMDA (HAPI)" },
  { "csa",         "https://csatools.esac.esa.int/HapiServer/hapi",       "Cluster Science Archive (HAPI)" },
  { "sscweb",      "http://hapi-server.org/servers/SSCWeb/hapi",          "SSCWeb (HAPI)" },
  { "ccmc_iswa",   "https://iswa.gsfc.nasa.gov/IswaSystemWebApp/hapi",    "CCMC iSWA" },
  { "vires",       "https://vires.services/hapi",                         "VirES for Swarm" },
  { "intermagnet", "https://imag-data.bgs.ac.uk/GIN_V1/hapi",             "INTERMAGNET" },
  { "wdc",         "https://wdcapi.bgs.ac.uk/hapi",                       "WDC for Geomagnetism, Edinburgh" },
  { "ucalgary",    "https://api.phys.ucalgary.ca/hapi",                   "University of Calgary" },
  { "ncei",        "https://www.ncei.noaa.gov/cloud-access/space-weather-portal/api/v1/hapi",
                                                                          "NOAA NCEI Space Weather" },
  { "lisird",      "http://lasp.colorado.edu/lisird/hapi",                "LISIRD (LASP)" },
  { "kyoto",       "https://wdc.kugi.kyoto-u.ac.jp/hapi",                 "WDC for Geomagnetism, Kyoto" },
  { "knmi",        "https://hapi.spaceweather.knmi.nl/hapi",              "KNMI Space Weather" },
  { "helioviewer", "https://api.helioviewer.org/hapi/Helioviewer/hapi",   "Helioviewer" },
  { "das2",        "https://planet.physics.uiowa.edu/das/das2Server/hapi", "das2 (University of Iowa)" },
};

/**
 * ps_hapi_servers_title_for:
 * @name: a server name ("cdaweb")
 *
 * Returns: (nullable): the name people know a default server by, or
 *   %NULL for a server that is not one of the defaults
 */
const char *
ps_hapi_servers_title_for (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (strcmp (defaults[i].name, name) == 0)
      return defaults[i].title;
  return NULL;
}

struct _PsHapiServers
{
  GPtrArray *names;  /* in the order they were added */
  GPtrArray *urls;
};

/**
 * ps_hapi_servers_new:
 *
 * Returns: (transfer full): an empty list
 */
PsHapiServers *
ps_hapi_servers_new (void)
{
  PsHapiServers *self = g_new0 (PsHapiServers, 1);

  self->names = g_ptr_array_new_with_free_func (g_free);
  self->urls = g_ptr_array_new_with_free_func (g_free);
  return self;
}

/**
 * ps_hapi_servers_new_default:
 *
 * The public servers, then what $PLASMASCOPE_HAPI_SERVERS says.
 *
 * Returns: (transfer full): the list, or %NULL with @error set when the
 *   environment variable is malformed
 */
PsHapiServers *
ps_hapi_servers_new_default (GError **error)
{
  g_autoptr(PsHapiServers) self = ps_hapi_servers_new ();
  const char *env = g_getenv (PS_HAPI_SERVERS_ENV);

  for (gsize i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      g_ptr_array_add (self->names, g_strdup (defaults[i].name));
      g_ptr_array_add (self->urls, g_strdup (defaults[i].url));
    }
  if (env != NULL && !ps_hapi_servers_add_list (self, env, error))
    {
      g_prefix_error (error, "%s: ", PS_HAPI_SERVERS_ENV);
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
ps_hapi_servers_free (PsHapiServers *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->urls);
  g_free (self);
}

static int
find (PsHapiServers *self,
      const char    *name)
{
  for (guint i = 0; i < self->names->len; i++)
    if (strcmp (g_ptr_array_index (self->names, i), name) == 0)
      return (int) i;
  return -1;
}

static gboolean
valid_name (const char *name)
{
  if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (*p == '/' || *p == ';' || *p == '=' || g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/**
 * ps_hapi_servers_add:
 * @spec: "NAME=URL"
 *
 * Adds a server, or gives a known one another URL.
 *
 * Returns: %FALSE with @error (G_IO_ERROR_INVALID_ARGUMENT) when @spec is
 *   not NAME=URL
 */
gboolean
ps_hapi_servers_add (PsHapiServers  *self,
                     const char     *spec,
                     GError        **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *valid = NULL;
  char *name, *url, *equal;
  int index;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  copy = g_strdup (spec);
  equal = strchr (copy, '=');
  if (equal != NULL)
    {
      *equal = '\0';
      name = g_strstrip (copy);
      url = g_strstrip (equal + 1);
      while (g_str_has_suffix (url, "/"))
        url[strlen (url) - 1] = '\0';
      if (valid_name (name) && (g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://"))
          && strlen (url) > strlen ("https://"))
        {
          index = find (self, name);
          if (index >= 0)
            {
              g_free (self->urls->pdata[index]);
              self->urls->pdata[index] = g_strdup (url);
            }
          else
            {
              g_ptr_array_add (self->names, g_strdup (name));
              g_ptr_array_add (self->urls, g_strdup (url));
            }
          return TRUE;
        }
    }
  valid = g_utf8_make_valid (spec, -1);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a HAPI server as NAME=URL (a name without “/”, “;”, “=” or blanks, "
                 "and an http:// or https:// URL)"), valid);
  return FALSE;
}

/**
 * ps_hapi_servers_add_list:
 * @list: "NAME=URL;NAME2=URL2", as $PLASMASCOPE_HAPI_SERVERS
 *
 * Returns: %FALSE with @error at the first malformed entry (those before
 *   it are added)
 */
gboolean
ps_hapi_servers_add_list (PsHapiServers  *self,
                          const char     *list,
                          GError        **error)
{
  g_auto(GStrv) entries = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (list != NULL, FALSE);

  entries = g_strsplit (list, ";", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      if (*g_strstrip (entries[i]) == '\0')
        continue;
      if (!ps_hapi_servers_add (self, entries[i], error))
        return FALSE;
    }
  return TRUE;
}

guint
ps_hapi_servers_get_n (PsHapiServers *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->names->len;
}

const char *
ps_hapi_servers_get_name (PsHapiServers *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->names->len, NULL);

  return g_ptr_array_index (self->names, index);
}

/**
 * ps_hapi_servers_get_url:
 *
 * Returns: the base URL of server @index, without a final slash
 */
const char *
ps_hapi_servers_get_url (PsHapiServers *self,
                         guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->urls->len, NULL);

  return g_ptr_array_index (self->urls, index);
}

/**
 * ps_hapi_servers_lookup:
 *
 * Returns: (nullable): the base URL of the server called @name
 */
const char *
ps_hapi_servers_lookup (PsHapiServers *self,
                        const char    *name)
{
  int index;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  index = find (self, name);
  return index >= 0 ? g_ptr_array_index (self->urls, index) : NULL;
}

/**
 * ps_hapi_servers_list_names:
 *
 * Returns: (transfer full): the names, separated by ", ", for messages
 */
char *
ps_hapi_servers_list_names (PsHapiServers *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < self->names->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (self->names, i));
    }
  return g_string_free (out, FALSE);
}

/**
 * ps_hapi_servers_name_of:
 * @product_path: "hapi/NAME/…"
 *
 * Returns: (transfer full) (nullable): NAME, or %NULL when @product_path
 *   is not a HAPI product path
 */
char *
ps_hapi_servers_name_of (const char *product_path)
{
  const char *rest, *slash;

  g_return_val_if_fail (product_path != NULL, NULL);

  if (!g_str_has_prefix (product_path, "hapi/"))
    return NULL;
  rest = product_path + strlen ("hapi/");
  slash = strchr (rest, '/');
  if (slash == NULL || slash == rest)
    return NULL;
  return g_strndup (rest, slash - rest);
}
