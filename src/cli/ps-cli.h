/* ps-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "ps-series.h"

G_BEGIN_DECLS

/* Exit statuses shared by every command. */
enum {
  PS_CLI_EXIT_OK = 0,
  PS_CLI_EXIT_USAGE = 1,
  PS_CLI_EXIT_BAD_INPUT = 2,
};

typedef struct
{
  const char *name;
  const char *summary;   /* untranslated; marked with N_() */
  int       (*run) (int argc, char **argv);
} PsCliCommand;

int ps_cli_account (int argc, char **argv);
int ps_cli_cache (int argc, char **argv);
int ps_cli_get (int argc, char **argv);
int ps_cli_inventory (int argc, char **argv);
int ps_cli_cdf_dump (int argc, char **argv);
int ps_cli_cdf_series (int argc, char **argv);
int ps_cli_render (int argc, char **argv);
int ps_cli_time (int argc, char **argv);

/* ps-cli.c */
char **ps_cli_local_folders (char **given);

/* ps-cli-csv.c */
void ps_cli_print_csv (PsSeries *series);
void ps_cli_write_csv (PsSeries *series,
                       FILE     *stream);

G_END_DECLS
