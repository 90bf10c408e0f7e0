/* ps-amda-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request goes through the shared PsFetcher (retries, timeouts,
 * cancellation). The inventory: getObsDataTree.php answers the URL of the
 * tree (1.8 MB of XML, parsed on a worker); with an account, the user's
 * lists of time tables and catalogues the same way (userID and password
 * in the query, as AMDA's API wants them). A failure of the user's lists
 * does not lose the public tree: "My AMDA" then says what failed.
 *
 * Data: see ps-amda-fetch.c. Like speasy, the cache asks for at most ten
 * days in one request, in fragments of one day.
 */

#define G_LOG_DOMAIN "ps-amda"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ps-amda-answer.h"
#include "ps-amda-credentials.h"
#include "ps-amda-parse.h"
#include "ps-amda-provider-private.h"

static void ps_amda_provider_iface_init (PsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PsAmdaProvider, ps_amda_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PS_TYPE_PROVIDER, ps_amda_provider_iface_init))

#define MAX_XML_SIZE    (256u << 20)    /* the tree, the user's lists */
#define MAX_SPAN        (10 * PS_TIME_NS_PER_DAY)

static void
ps_amda_provider_finalize (GObject *object)
{
  PsAmdaProvider *self = PS_AMDA_PROVIDER (object);

  g_free (self->base_url);
  g_free (self->host);
  g_clear_object (&self->fetcher);
  g_free (self->user);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);

  G_OBJECT_CLASS (ps_amda_provider_parent_class)->finalize (object);
}

static void
ps_amda_provider_class_init (PsAmdaProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ps_amda_provider_finalize;
}

static void
ps_amda_provider_init (PsAmdaProvider *self)
{
  self->poll_first_ms = 1000;
  self->poll_max_ms = 10000;
  self->poll_limit_ms = 10 * 60 * 1000;
}

/**
 * ps_amda_provider_new:
 * @base_url: (nullable): the REST base URL (…/php/rest); %NULL:
 *   $PLASMASCOPE_AMDA_URL, else %PS_AMDA_DEFAULT_URL
 * @fetcher: (nullable): the fetcher to share; %NULL: a new one
 *
 * Returns: (transfer full): the provider; the account is the one kept by
 *   ps_amda_credentials_save(), unless ps_amda_provider_set_credentials()
 *   says otherwise
 */
PsAmdaProvider *
ps_amda_provider_new (const char *base_url,
                      PsFetcher  *fetcher)
{
  PsAmdaProvider *self = g_object_new (PS_TYPE_AMDA_PROVIDER, NULL);
  g_autoptr(GUri) uri = NULL;

  if (base_url == NULL)
    base_url = g_getenv ("PLASMASCOPE_AMDA_URL");
  if (base_url == NULL || *base_url == '\0')
    base_url = PS_AMDA_DEFAULT_URL;
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  self->host = g_strdup (uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : self->base_url);
  self->fetcher = fetcher != NULL ? g_object_ref (fetcher) : ps_fetcher_new ();
  return self;
}

const char *
ps_amda_provider_get_base_url (PsAmdaProvider *self)
{
  g_return_val_if_fail (PS_IS_AMDA_PROVIDER (self), NULL);

  return self->base_url;
}

/**
 * ps_amda_provider_set_credentials:
 * @user: (nullable): the AMDA user name; %NULL: no account
 * @password: (nullable): its password
 *
 * Uses this account (or none) instead of the one kept by
 * ps_amda_credentials_save().
 */
void
ps_amda_provider_set_credentials (PsAmdaProvider *self,
                                  const char     *user,
                                  const char     *password)
{
  g_return_if_fail (PS_IS_AMDA_PROVIDER (self));

  self->credentials_set = TRUE;
  g_free (self->user);
  g_free (self->password);
  self->user = user != NULL && *user != '\0' ? g_strdup (user) : NULL;
  self->password = self->user != NULL ? g_strdup (password != NULL ? password : "") : NULL;
}

/**
 * ps_amda_provider_dup_account:
 *
 * Blocks when the account is read from the keyring: call it off the main
 * thread (the inventory cache does, to tell one user's tree from another's).
 *
 * Returns: (transfer full) (nullable): the user name of the account the
 *   provider uses, or %NULL when it uses none
 */
char *
ps_amda_provider_dup_account (PsAmdaProvider *self)
{
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;

  g_return_val_if_fail (PS_IS_AMDA_PROVIDER (self), NULL);

  if (self->credentials_set)
    return g_strdup (self->user);
  if (!ps_amda_credentials_load (&user, &password, NULL))
    return NULL;
  if (password != NULL)
    memset (password, 0, strlen (password));
  return g_steal_pointer (&user);
}

/**
 * ps_amda_provider_set_polling:
 * @first_ms: the wait before asking again about a request in progress
 * @max_ms: the longest wait (each wait doubles the one before)
 * @limit_ms: how long a request may stay in progress before it fails
 */
void
ps_amda_provider_set_polling (PsAmdaProvider *self,
                              guint           first_ms,
                              guint           max_ms,
                              guint           limit_ms)
{
  g_return_if_fail (PS_IS_AMDA_PROVIDER (self));

  self->poll_first_ms = MAX (first_ms, 1);
  self->poll_max_ms = MAX (max_ms, self->poll_first_ms);
  self->poll_limit_ms = limit_ms;
}

/* ISO 8601 to the second; rounded up for a stop, so that it keeps its
 * last sample */
static char *
format_time (PsTime   t,
             gboolean round_up)
{
  PsTime rest = ((t % PS_TIME_NS_PER_SECOND) + PS_TIME_NS_PER_SECOND) % PS_TIME_NS_PER_SECOND;
  PsTimeParts p;

  ps_time_to_parts (round_up && rest != 0 ? t + (PS_TIME_NS_PER_SECOND - rest) : t - rest, &p);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", p.year, p.month, p.day, p.hour, p.minute, p.second);
}

char *
_ps_amda_escape (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

/**
 * ps_amda_provider_parameter_url:
 * @token: (nullable): auth.php's token
 *
 * Returns: (transfer full): the getParameter.php request of @parameter
 *   over @range, for a CDF_ISTP file
 */
char *
ps_amda_provider_parameter_url (PsAmdaProvider    *self,
                                const char        *parameter,
                                const PsTimeRange *range,
                                const char        *token)
{
  g_autofree char *start = NULL;
  g_autofree char *stop = NULL;
  g_autofree char *id = NULL;
  g_autofree char *tok = NULL;

  g_return_val_if_fail (PS_IS_AMDA_PROVIDER (self), NULL);
  g_return_val_if_fail (parameter != NULL && range != NULL, NULL);

  start = format_time (range->start, FALSE);
  stop = format_time (range->stop, TRUE);
  id = _ps_amda_escape (parameter);
  tok = token != NULL ? _ps_amda_escape (token) : NULL;
  return g_strdup_printf ("%s/getParameter.php?startTime=%s&stopTime=%s&parameterID=%s"
                          "&outputFormat=CDF_ISTP&timeFormat=ISO8601&gzip=0%s%s",
                          self->base_url, start, stop, id, tok != NULL ? "&token=" : "", tok != NULL ? tok : "");
}

static const char *
get_name (PsProvider *provider)
{
  return "AMDA";
}

static const char *
get_prefix (PsProvider *provider)
{
  return "amda";
}

static PsTime
get_fragment_length (PsProvider *provider,
                     const char *product_path)
{
  return PS_TIME_NS_PER_DAY;
}

static PsTime
get_max_span (PsProvider *provider,
              const char *product_path)
{
  return MAX_SPAN;
}

void
_ps_amda_provider_init_options (PsAmdaProvider *self,
                                PsFetchOptions *opts,
                                guint64         max_size)
{
  ps_fetcher_init_options (self->fetcher, opts);
  if (opts->max_body_size == 0 || opts->max_body_size > max_size)
    opts->max_body_size = max_size;
}

/* --- a file behind an answer --------------------------------------------- */

/* getObsDataTree.php and the lists answer the URL of the file (or, who
 * knows, the file itself): these bring the file. */

static void
indirect_file_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);

  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_bytes_ref (ps_fetch_result_get_body (answer)), (GDestroyNotify) g_bytes_unref);
}

static void
indirect_answer_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  PsAmdaProvider *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsFetchResult) answer = ps_fetcher_get_finish (PS_FETCHER (source), result, &error);
  g_autofree char *url = NULL;
  GCancellable *cancellable;
  PsFetchOptions opts;
  GBytes *body;
  const char *text;
  gsize size = 0;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  body = ps_fetch_result_get_body (answer);
  text = g_bytes_get_data (body, &size);
  if (ps_amda_is_xml_tree (text, size))
    {
      g_task_return_pointer (task, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
      return;
    }
  url = ps_amda_parse_indirect (text, size, &error);
  if (url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _ps_amda_provider_init_options (self, &opts, MAX_XML_SIZE);
  cancellable = g_task_get_cancellable (task);
  ps_fetcher_get_async (self->fetcher, url, &opts, cancellable, NULL, NULL,
                        indirect_file_cb, g_steal_pointer (&task));
}

static void
indirect_async (PsAmdaProvider      *self,
                const char          *url,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PsFetchOptions opts;

  g_task_set_source_tag (task, indirect_async);
  _ps_amda_provider_init_options (self, &opts, MAX_XML_SIZE);
  ps_fetcher_get_async (self->fetcher, url, &opts, cancellable, NULL, NULL, indirect_answer_cb, task);
}

static GBytes *
indirect_finish (PsAmdaProvider  *self,
                 GAsyncResult    *result,
                 GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- inventory ------------------------------------------------------------ */

typedef struct
{
  PsInventoryNode *root;
  char            *user;
  char            *password;
  PsInventoryNode *time_tables;
  GBytes          *tree;
} Inventory;

static void
inventory_free (gpointer data)
{
  Inventory *inv = data;

  g_clear_object (&inv->root);
  g_clear_object (&inv->time_tables);
  g_free (inv->user);
  if (inv->password != NULL)
    memset (inv->password, 0, strlen (inv->password));
  g_free (inv->password);
  g_clear_pointer (&inv->tree, g_bytes_unref);
  g_free (inv);
}

static char *
list_url (PsAmdaProvider *self,
          const char     *endpoint,
          Inventory      *inv)
{
  g_autofree char *user = _ps_amda_escape (inv->user);
  g_autofree char *password = _ps_amda_escape (inv->password);

  return g_strdup_printf ("%s/%s?userID=%s&password=%s", self->base_url, endpoint, user, password);
}

/* @text without the password (a failed request's URL holds it) */
char *
_ps_amda_redact (const char *text,
                 const char *password)
{
  g_autofree char *escaped = NULL;
  g_autofree char *step = NULL;
  g_auto(GStrv) parts = NULL;

  if (password == NULL || *password == '\0')
    return g_strdup (text);
  escaped = _ps_amda_escape (password);
  parts = g_strsplit (text, escaped, -1);
  step = g_strjoinv ("…", parts);
  g_strfreev (g_steal_pointer (&parts));
  parts = g_strsplit (step, password, -1);
  return g_strjoinv ("…", parts);
}

/* "My AMDA": the lists, or what went wrong */
static void
finish_inventory (GTask           *task,
                  PsInventoryNode *catalogs,
                  const GError    *error)
{
  Inventory *inv = g_task_get_task_data (task);
  g_autoptr(PsInventoryNode) mine = ps_inventory_node_new (PS_INVENTORY_GROUP, "amda/#/my-amda", _("My AMDA"));

  ps_inventory_node_set_key (mine, "user", inv->user);
  if (error != NULL)
    {
      g_autofree char *why = _ps_amda_redact (error->message, inv->password);
      g_autofree char *text = g_strdup_printf (_("Your time tables and catalogues could not be listed: %s"), why);

      ps_inventory_node_set_description (mine, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("Time tables and catalogues of %s"), inv->user);

      ps_inventory_node_set_description (mine, text);
      ps_inventory_node_add_child (mine, inv->time_tables);
      ps_inventory_node_add_child (mine, catalogs);
    }
  ps_inventory_node_add_child (inv->root, mine);
  g_task_return_pointer (task, g_steal_pointer (&inv->root), g_object_unref);
}

static void
catalogs_ready_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = indirect_finish (PS_AMDA_PROVIDER (source), result, &error);
  g_autoptr(PsInventoryNode) catalogs = NULL;

  if (bytes != NULL)
    {
      gsize size = 0;
      const char *xml = g_bytes_get_data (bytes, &size);

      catalogs = ps_amda_parse_event_list (xml, size, PS_AMDA_EVENT_CATALOGS, &error);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    finish_inventory (task, catalogs, error);
}

static void
time_tables_ready_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(GTask) task = data;
  PsAmdaProvider *self = PS_AMDA_PROVIDER (source);
  Inventory *inv = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = indirect_finish (self, result, &error);
  g_autofree char *url = NULL;
  GCancellable *cancellable;

  if (bytes != NULL)
    {
      gsize size = 0;
      const char *xml = g_bytes_get_data (bytes, &size);

      inv->time_tables = ps_amda_parse_event_list (xml, size, PS_AMDA_EVENT_TIME_TABLES, &error);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL)
    {
      finish_inventory (task, NULL, error);
      return;
    }
  url = list_url (self, "getCatalogsList.php", inv);
  cancellable = g_task_get_cancellable (task);
  indirect_async (self, url, cancellable, catalogs_ready_cb, g_steal_pointer (&task));
}

static void
with_account (GTask        *task,
              const GError *error)
{
  PsAmdaProvider *self = g_task_get_source_object (task);
  Inventory *inv = g_task_get_task_data (task);
  g_autofree char *url = NULL;

  if (error != NULL)
    {
      /* The kept credentials could not be read: say so under "My AMDA" */
      g_free (inv->user);
      inv->user = g_strdup ("");
      finish_inventory (task, NULL, error);
      g_object_unref (task);
      return;
    }
  if (inv->user == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&inv->root), g_object_unref);
      g_object_unref (task);
      return;
    }
  url = list_url (self, "getTimeTablesList.php", inv);
  indirect_async (self, url, g_task_get_cancellable (task), time_tables_ready_cb, task);
}

static void
credentials_ready_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  GTask *task = data;
  Inventory *inv = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  ps_amda_credentials_load_finish (result, &inv->user, &inv->password, &error);
  with_account (task, error);
}

static void
tree_parsed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  PsAmdaProvider *self = g_task_get_source_object (task);
  Inventory *inv = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  inv->root = g_task_propagate_pointer (G_TASK (result), &error);
  if (inv->root == NULL)
    {
      g_prefix_error (&error, _("AMDA’s data tree (%s): "), self->host);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (self->credentials_set)
    {
      inv->user = g_strdup (self->user);
      inv->password = g_strdup (self->password);
      with_account (task, NULL);
    }
  else
    ps_amda_credentials_load_async (g_task_get_cancellable (task), credentials_ready_cb, task);
}

static void
parse_tree_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GBytes *tree = task_data;
  GError *error = NULL;
  gsize size = 0;
  const char *xml = g_bytes_get_data (tree, &size);
  PsInventoryNode *root = ps_amda_parse_obs_tree (xml, size, &error);

  if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, g_object_unref);
}

static void
tree_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GTask *task = data;
  PsAmdaProvider *self = PS_AMDA_PROVIDER (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) tree = indirect_finish (self, result, &error);
  g_autoptr(GTask) parsing = NULL;

  if (tree == NULL)
    {
      g_prefix_error (&error, _("AMDA’s data tree (%s): "), self->host);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  parsing = g_task_new (self, g_task_get_cancellable (task), tree_parsed_cb, task);
  g_task_set_task_data (parsing, g_steal_pointer (&tree), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (parsing, parse_tree_thread);
}

static void
build_inventory_async (PsProvider          *provider,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  PsAmdaProvider *self = PS_AMDA_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->base_url, "/getObsDataTree.php", NULL);

  g_task_set_source_tag (task, build_inventory_async);
  g_task_set_task_data (task, g_new0 (Inventory, 1), inventory_free);
  indirect_async (self, url, cancellable, tree_ready_cb, task);
}

static PsInventoryNode *
build_inventory_finish (PsProvider    *provider,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- an event list's file ------------------------------------------------- */

typedef struct
{
  char *path;
  char *endpoint;  /* "getTimeTable.php?ttID=…" */
  char *password;  /* to keep it out of the messages */
} EventList;

static void
event_list_free (gpointer data)
{
  EventList *e = data;

  g_free (e->path);
  g_free (e->endpoint);
  if (e->password != NULL)
    memset (e->password, 0, strlen (e->password));
  g_free (e->password);
  g_free (e);
}

static void
event_list_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(GTask) task = data;
  PsAmdaProvider *self = PS_AMDA_PROVIDER (source);
  EventList *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GBytes *bytes = indirect_finish (self, result, &error);

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *why = _ps_amda_redact (error->message, e->password);

          g_free (error->message);
          error->message = g_strdup_printf (_("AMDA (%s), %s: %s"), self->host, e->path, why);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
event_list_request (GTask      *task,
                    const char *user,
                    const char *password)
{
  PsAmdaProvider *self = g_task_get_source_object (task);
  EventList *e = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *url = NULL;

  if (user != NULL)
    {
      g_autofree char *u = _ps_amda_escape (user);
      g_autofree char *p = _ps_amda_escape (password != NULL ? password : "");

      url = g_strdup_printf ("%s/%s&userID=%s&password=%s", self->base_url, e->endpoint, u, p);
      e->password = g_strdup (password);
    }
  else
    url = g_strdup_printf ("%s/%s", self->base_url, e->endpoint);
  indirect_async (self, url, cancellable, event_list_ready_cb, task);
}

static void
event_list_credentials_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      data)
{
  GTask *task = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;

  if (!ps_amda_credentials_load_finish (result, &user, &password, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  event_list_request (task, user, password);
}

/**
 * ps_amda_provider_download_event_list_async:
 * @path: a time table ("amda/tt/<id>") or a catalogue ("amda/catalog/<id>")
 *   of the inventory
 *
 * Downloads the file AMDA makes of it (getTimeTable.php, getCatalog.php:
 * a VOTable), with the account's credentials when there is one.
 */
void
ps_amda_provider_download_event_list_async (PsAmdaProvider      *self,
                                            const char          *path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task;
  EventList *e;
  const char *id = NULL;
  gboolean catalog = FALSE;

  g_return_if_fail (PS_IS_AMDA_PROVIDER (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ps_amda_provider_download_event_list_async);
  if (g_str_has_prefix (path, "amda/tt/"))
    id = path + strlen ("amda/tt/");
  else if (g_str_has_prefix (path, "amda/catalog/"))
    {
      id = path + strlen ("amda/catalog/");
      catalog = TRUE;
    }
  if (id == NULL || *id == '\0' || strchr (id, '/') != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not an AMDA time table (amda/tt/ID) or catalogue (amda/catalog/ID)"),
                               path);
      g_object_unref (task);
      return;
    }
  e = g_new0 (EventList, 1);
  e->path = g_strdup (path);
  {
    g_autofree char *escaped = _ps_amda_escape (id);

    e->endpoint = g_strdup_printf (catalog ? "getCatalog.php?catID=%s" : "getTimeTable.php?ttID=%s", escaped);
  }
  g_task_set_task_data (task, e, event_list_free);
  if (self->credentials_set)
    event_list_request (task, self->user, self->password);
  else
    ps_amda_credentials_load_async (cancellable, event_list_credentials_cb, task);
}

/**
 * ps_amda_provider_download_event_list_finish:
 *
 * Returns: (transfer full) (nullable): the file's bytes, or %NULL with
 *   @error set
 */
GBytes *
ps_amda_provider_download_event_list_finish (PsAmdaProvider  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ps_amda_provider_iface_init (PsProviderInterface *iface)
{
  iface->get_name = get_name;
  iface->get_prefix = get_prefix;
  iface->build_inventory_async = build_inventory_async;
  iface->build_inventory_finish = build_inventory_finish;
  iface->fetch_async = _ps_amda_provider_fetch_async;
  iface->fetch_finish = _ps_amda_provider_fetch_finish;
  iface->get_fragment_length = get_fragment_length;
  iface->get_max_span = get_max_span;
}
