/* test-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The executables as a user runs them: exit statuses, stdout, stderr.
 */

#include "config.h"

#include <glib.h>
#include <string.h>
#include <sys/wait.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_program (Run        *run,
             const char *program,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) program);
  va_start (args, program);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
test_app_version (void)
{
  g_auto(Run) run = { 0 };

  run_program (&run, APP_PATH, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "plasmascope " PACKAGE_VERSION "\n");
}

static void
test_app_help (void)
{
  g_auto(Run) run = { 0 };

  run_program (&run, APP_PATH, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--version"));
  g_assert_nonnull (strstr (run.out, "spacecraft measurements"));
}

static void
test_cli_help_version (void)
{
  g_auto(Run) help = { 0 };
  g_auto(Run) version = { 0 };
  g_auto(Run) none = { 0 };
  g_auto(Run) unknown = { 0 };

  run_program (&help, CLI_PATH, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "Usage:"));
  g_assert_nonnull (strstr (help.out, "time "));

  run_program (&version, CLI_PATH, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, "plasmascope-cli " PACKAGE_VERSION "\n");

  run_program (&none, CLI_PATH, NULL);
  g_assert_cmpint (none.status, ==, 1);
  g_assert_nonnull (strstr (none.err, "Usage:"));

  run_program (&unknown, CLI_PATH, "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "frobnicate"));
}

static void
test_cli_time (void)
{
  g_auto(Run) iso = { 0 };
  g_auto(Run) tt2000 = { 0 };
  g_auto(Run) leap = { 0 };
  g_auto(Run) epoch16 = { 0 };

  run_program (&iso, CLI_PATH, "time", "2020-01-01", NULL);
  g_assert_cmpint (iso.status, ==, 0);
  g_assert_cmpstr (iso.out, ==,
                   "iso      2020-01-01T00:00:00.000000000Z\n"
                   "ns       1577836800000000000\n"
                   "tt2000   631108869184000000   (2020-01-01T00:00:00.000000000)\n"
                   "epoch    63745056000000.0\n"
                   "epoch16  63745056000.0,0.0\n");

  /* cdflib's reference: TT2000 186999622360321123 is 2005-12-04T20:19:18.176321123 */
  run_program (&tt2000, CLI_PATH, "time", "--from", "tt2000", "186999622360321123", NULL);
  g_assert_cmpint (tt2000.status, ==, 0);
  g_assert_nonnull (strstr (tt2000.out, "iso      2005-12-04T20:19:18.176321123Z\n"));

  /* A TT2000 inside the 2015 leap second: shown as :60, ns is the next second. */
  run_program (&leap, CLI_PATH, "time", "--from", "tt2000", "488980867307456789", NULL);
  g_assert_cmpint (leap.status, ==, 0);
  g_assert_nonnull (strstr (leap.out, "iso      2015-07-01T00:00:00.123456789Z\n"));

  run_program (&epoch16, CLI_PATH, "time", "--from", "epoch16", "63300946758,176214648000", NULL);
  g_assert_cmpint (epoch16.status, ==, 0);
  g_assert_nonnull (strstr (epoch16.out, "iso      2005-12-04T20:19:18.176214648Z\n"));
}

static void
test_cli_time_errors (void)
{
  g_auto(Run) garbage = { 0 };
  g_auto(Run) month = { 0 };
  g_auto(Run) format = { 0 };
  g_auto(Run) missing = { 0 };

  run_program (&garbage, CLI_PATH, "time", "yesterday", NULL);
  g_assert_cmpint (garbage.status, ==, 2);
  g_assert_cmpstr (garbage.out, ==, "");
  /* One line on stderr saying why. */
  g_assert_true (g_str_has_prefix (garbage.err, "plasmascope-cli time: "));
  g_assert_true (g_str_has_suffix (garbage.err, "\n"));
  g_assert_null (strchr (garbage.err, '\n') + 1 == garbage.err + strlen (garbage.err)
                 ? NULL : "more than one line");

  run_program (&month, CLI_PATH, "time", "2020-13-01", NULL);
  g_assert_cmpint (month.status, ==, 2);
  g_assert_nonnull (strstr (month.err, "13"));

  run_program (&format, CLI_PATH, "time", "--from", "julian", "1", NULL);
  g_assert_cmpint (format.status, ==, 2);
  g_assert_nonnull (strstr (format.err, "julian"));

  run_program (&missing, CLI_PATH, "time", NULL);
  g_assert_cmpint (missing.status, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Cli/App/version", test_app_version);
  g_test_add_func ("/Cli/App/help", test_app_help);
  g_test_add_func ("/Cli/Cli/help-version", test_cli_help_version);
  g_test_add_func ("/Cli/Time/convert", test_cli_time);
  g_test_add_func ("/Cli/Time/errors", test_cli_time_errors);

  return g_test_run ();
}
