/* ps-cli-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli account amda [--user NAME | --forget]
 *
 * The AMDA account whose time tables and catalogues the inventory lists
 * (and with which restricted periods are asked for): with --user, the
 * password is read from the standard input — without echo on a terminal,
 * so it is in no shell history — and kept where the application keeps it
 * (the Secret Service, else a file only you may read;
 * ps-amda-credentials.c); --forget removes it; without either, says who
 * is signed in and where that is kept. Never printed: the password.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ps-amda-credentials.h"
#include "ps-cli.h"

#define PREFIX "plasmascope-cli account"

/* One line of the standard input, without its newline; no echo when it
 * is a terminal. */
static char *
read_password (void)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  char buffer[1024];
  char *line;

  if (tty)
    {
      fprintf (stderr, "%s", _("AMDA password: "));
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  line = fgets (buffer, sizeof buffer, stdin);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fprintf (stderr, "\n");
    }
  if (line == NULL)
    return NULL;
  buffer[strcspn (buffer, "\r\n")] = '\0';
  line = g_strdup (buffer);
  memset (buffer, 0, sizeof buffer);
  return line;
}

int
ps_cli_account (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  gboolean forget = FALSE;
  const GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user,
      N_("Sign in as NAME; the password is read from the standard input"), N_("NAME") },
    { "forget", 0, 0, G_OPTION_ARG_NONE, &forget,
      N_("Sign out: forget the account"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("amda — sign in to AMDA, sign out, or say who is signed in"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("With an account, the AMDA inventory also lists your time tables and "
                                      "catalogues. The account is kept in the Secret Service (the keyring) when "
                                      "there is one, else in a file only you may read; never in the settings."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s: %s\n", PREFIX, error->message);
      return PS_CLI_EXIT_USAGE;
    }
  if (argc != 2 || strcmp (argv[1], "amda") != 0 || (user != NULL && forget))
    {
      fprintf (stderr, "%s: %s\n", PREFIX,
               argc != 2 || strcmp (argv[1], "amda") != 0 ? _("the provider to sign in to is expected: amda")
                                                          : _("--user and --forget exclude each other"));
      return PS_CLI_EXIT_USAGE;
    }

  if (forget)
    {
      if (!ps_amda_credentials_forget (&error))
        {
          fprintf (stderr, "%s: %s\n", PREFIX, error->message);
          return PS_CLI_EXIT_BAD_INPUT;
        }
      printf ("%s\n", _("Signed out of AMDA"));
      return PS_CLI_EXIT_OK;
    }
  if (user != NULL)
    {
      g_autofree char *password = NULL;

      if (*user == '\0')
        {
          fprintf (stderr, "%s: %s\n", PREFIX, _("the user name is empty"));
          return PS_CLI_EXIT_USAGE;
        }
      password = read_password ();
      if (password == NULL || *password == '\0')
        {
          fprintf (stderr, "%s: %s\n", PREFIX, _("no password was given"));
          return PS_CLI_EXIT_USAGE;
        }
      if (!ps_amda_credentials_save (user, password, &error))
        {
          fprintf (stderr, "%s: %s\n", PREFIX, error->message);
          return PS_CLI_EXIT_BAD_INPUT;
        }
      memset (password, 0, strlen (password));
    }

  {
    g_autofree char *known = NULL;
    g_autofree char *password = NULL;
    g_autofree char *file = NULL;

    if (!ps_amda_credentials_load (&known, &password, &error))
      {
        fprintf (stderr, "%s: %s\n", PREFIX, error->message);
        return PS_CLI_EXIT_BAD_INPUT;
      }
    if (password != NULL)
      memset (password, 0, strlen (password));
    if (known == NULL)
      {
        printf ("%s\n", _("Not signed in to AMDA"));
        return PS_CLI_EXIT_OK;
      }
    if (g_strcmp0 (ps_amda_credentials_get_backend (), "file") == 0)
      {
        file = ps_amda_credentials_get_file ();
        printf (_("Signed in to AMDA as %s (kept in %s)\n"), known, file);
      }
    else
      printf (_("Signed in to AMDA as %s (kept in the keyring)\n"), known);
  }
  return PS_CLI_EXIT_OK;
}
