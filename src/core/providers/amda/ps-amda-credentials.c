/* ps-amda-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saving goes to the Secret Service when it answers, else to the file;
 * loading asks the Secret Service first, then the file (saved there when
 * no keyring answered); forgetting clears both. The file is a key file
 * ([AMDA] user=…, password=…) written atomically with mode 0600 in a
 * folder of mode 0700; before reading it, its owner and mode are checked.
 */

#define G_LOG_DOMAIN "ps-amda"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "ps-amda-credentials.h"

#define GROUP "AMDA"

/**
 * ps_amda_credentials_get_file:
 *
 * Returns: (transfer full): where the credentials are kept without a
 *   Secret Service
 */
char *
ps_amda_credentials_get_file (void)
{
  return g_build_filename (g_get_user_config_dir (), "plasmascope", "credentials", "amda", NULL);
}

/* --- the file ------------------------------------------------------------- */

static gboolean
file_save (const char  *user,
           const char  *password,
           GError     **error)
{
  g_autofree char *path = ps_amda_credentials_get_file ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length = 0;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  g_key_file_set_string (keys, GROUP, "user", user);
  g_key_file_set_string (keys, GROUP, "password", password);
  data = g_key_file_to_data (keys, &length, NULL);
  return g_file_set_contents_full (path, data, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
file_load (char   **user,
           char   **password,
           GError **error)
{
  g_autofree char *path = ps_amda_credentials_get_file ();
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) local = NULL;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        return TRUE; /* nothing saved */
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read AMDA’s credentials in %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (st.st_uid != getuid () || (st.st_mode & 077) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("AMDA’s credentials in %s are not read: other users may read or change that "
                     "file (make it yours alone: chmod 600 %s)"), path, path);
      return FALSE;
    }
  if (!g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Could not read AMDA’s credentials in %s: %s"), path, local->message);
      return FALSE;
    }
  *user = g_key_file_get_string (keys, GROUP, "user", NULL);
  *password = g_key_file_get_string (keys, GROUP, "password", NULL);
  if (*user == NULL || **user == '\0' || *password == NULL)
    {
      g_clear_pointer (user, g_free);
      g_clear_pointer (password, g_free);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s does not hold an AMDA user name and password"), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
file_forget (GError **error)
{
  g_autofree char *path = ps_amda_credentials_get_file ();

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not remove %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* --- the Secret Service ------------------------------------------------------ */

#if HAVE_LIBSECRET
static gboolean
file_only (void)
{
  return g_strcmp0 (g_getenv ("PLASMASCOPE_CREDENTIALS_BACKEND"), "file") == 0;
}

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "org.plasmascope.Plasmascope.Credentials", SECRET_SCHEMA_NONE,
    {
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Whether a Secret Service answers on the session bus: no bus, or nobody
 * owning org.freedesktop.secrets (nor activatable), is "no". */
static gboolean
secret_service_reachable (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;
  g_autoptr(GVariant) names = NULL;
  GVariantIter *iter = NULL;
  const char *name;

  if (file_only ())
    return FALSE;
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_autofree char *runtime_bus = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);

      /* Without either, GDBus would try to launch a bus for us */
      if (!g_file_test (runtime_bus, G_FILE_TEST_EXISTS))
        return FALSE;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  if (has_owner)
    return TRUE;
  names = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (names == NULL)
    return FALSE;
  g_variant_get (names, "(as)", &iter);
  while (g_variant_iter_loop (iter, "&s", &name))
    if (strcmp (name, "org.freedesktop.secrets") == 0)
      {
        has_owner = TRUE;
        break;
      }
  g_variant_iter_free (iter);
  return has_owner;
}

static gboolean
secret_load (char   **user,
             char   **password,
             GError **error)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GList *items;
  gboolean found = FALSE;

  g_hash_table_insert (attributes, (gpointer) "provider", (gpointer) "amda");
  items = secret_service_search_sync (NULL, get_schema (), attributes,
                                      SECRET_SEARCH_LOAD_SECRETS | SECRET_SEARCH_UNLOCK, NULL, error);
  if (items == NULL)
    return error == NULL || *error == NULL;
  for (GList *l = items; l != NULL && !found; l = l->next)
    {
      SecretItem *item = l->data;
      g_autoptr(GHashTable) attrs = secret_item_get_attributes (item);
      SecretValue *value = secret_item_get_secret (item);
      const char *name = g_hash_table_lookup (attrs, "user");

      if (value != NULL && name != NULL && *name != '\0')
        {
          *user = g_strdup (name);
          *password = g_strdup (secret_value_get_text (value));
          found = *password != NULL;
          if (!found)
            g_clear_pointer (user, g_free);
        }
      if (value != NULL)
        secret_value_unref (value);
    }
  g_list_free_full (items, g_object_unref);
  return TRUE;
}
#endif

/* --- public ----------------------------------------------------------------- */

/**
 * ps_amda_credentials_get_backend:
 *
 * Returns: where ps_amda_credentials_save() would keep them now:
 *   "secret-service" or "file"
 */
const char *
ps_amda_credentials_get_backend (void)
{
#if HAVE_LIBSECRET
  if (secret_service_reachable ())
    return "secret-service";
#endif
  return "file";
}

/**
 * ps_amda_credentials_save:
 *
 * Keeps @user and @password, replacing what was kept.
 */
gboolean
ps_amda_credentials_save (const char  *user,
                          const char  *password,
                          GError     **error)
{
  g_return_val_if_fail (user != NULL && *user != '\0', FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

#if HAVE_LIBSECRET
  if (secret_service_reachable ())
    {
      g_autofree char *label = g_strdup_printf (_("AMDA account %s (Plasmascope)"), user);

      if (!secret_password_clear_sync (get_schema (), NULL, error, "provider", "amda", NULL)
          && error != NULL && *error != NULL)
        return FALSE;
      if (!secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, password, NULL, error,
                                       "provider", "amda", "user", user, NULL))
        return FALSE;
      /* One place only: an older file copy goes */
      return file_forget (error);
    }
#endif
  return file_save (user, password, error);
}

/**
 * ps_amda_credentials_load:
 * @user: (out) (transfer full): the user name, %NULL when none is kept
 * @password: (out) (transfer full): the password, %NULL when none is kept
 *
 * Returns: %FALSE with @error set when what is kept cannot be read (a
 *   credentials file others may read, a keyring that failed); %TRUE
 *   otherwise, @user and @password %NULL when nothing is kept
 */
gboolean
ps_amda_credentials_load (char   **user,
                          char   **password,
                          GError **error)
{
  g_return_val_if_fail (user != NULL && password != NULL, FALSE);

  *user = NULL;
  *password = NULL;
#if HAVE_LIBSECRET
  if (secret_service_reachable ())
    {
      if (!secret_load (user, password, error))
        return FALSE;
      if (*user != NULL)
        return TRUE;
    }
#endif
  return file_load (user, password, error);
}

/**
 * ps_amda_credentials_forget:
 *
 * Removes what is kept, wherever it is.
 */
gboolean
ps_amda_credentials_forget (GError **error)
{
#if HAVE_LIBSECRET
  if (secret_service_reachable ())
    {
      g_autoptr(GError) local = NULL;

      secret_password_clear_sync (get_schema (), NULL, &local, "provider", "amda", NULL);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
#endif
  return file_forget (error);
}

typedef struct
{
  char *user;
  char *password;
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *l = data;

  g_free (l->user);
  if (l->password != NULL)
    memset (l->password, 0, strlen (l->password));
  g_free (l->password);
  g_free (l);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Loaded *l = g_new0 (Loaded, 1);
  GError *error = NULL;

  if (!ps_amda_credentials_load (&l->user, &l->password, &error))
    {
      loaded_free (l);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, l, loaded_free);
}

void
ps_amda_credentials_load_async (GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ps_amda_credentials_load_async);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ps_amda_credentials_load_finish:
 *
 * As ps_amda_credentials_load().
 */
gboolean
ps_amda_credentials_load_finish (GAsyncResult  *result,
                                 char         **user,
                                 char         **password,
                                 GError       **error)
{
  Loaded *l;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  *user = NULL;
  *password = NULL;
  l = g_task_propagate_pointer (G_TASK (result), error);
  if (l == NULL)
    return FALSE;
  *user = g_steal_pointer (&l->user);
  *password = g_steal_pointer (&l->password);
  loaded_free (l);
  return TRUE;
}
