/* test-http.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starting and stopping tests/test-server.py (TEST_SERVER) for the tests
 * that talk HTTP: it prints "PORT <n>" first and leaves when its stdin
 * closes.
 */
#pragma once

#include <gio/gio.h>

typedef struct
{
  GSubprocess *process;
  char        *base_url;   /* http://127.0.0.1:PORT */
} TestServer;

/* @args: the server's arguments (--root DIR, --routes FILE…), NULL-ended */
static inline void
test_server_start (TestServer        *server,
                   const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *line = NULL;
  guint64 port;

  g_ptr_array_add (argv, (gpointer) "python3");
  g_ptr_array_add (argv, (gpointer) TEST_SERVER);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  server->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                       G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                       &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  port = g_ascii_strtoull (line + 5, NULL, 10);
  g_assert_cmpuint (port, >, 0);
  server->base_url = g_strdup_printf ("http://127.0.0.1:%u", (guint) port);
}

static inline void
test_server_stop (TestServer *server)
{
  g_autoptr(GError) error = NULL;

  /* Closing its stdin is what makes it leave. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (server->process), NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->process);
  g_clear_pointer (&server->base_url, g_free);
}

/* plasmascope-cli (or any program) run to its end, as a user runs it
 * against the test server: its standard output; it must succeed. */
static inline char *
test_run_cli (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("stderr: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}
