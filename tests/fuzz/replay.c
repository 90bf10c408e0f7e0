/* replay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a libFuzzer target over files, without libFuzzer: the regression
 * corpora of tests/fuzz/corpus/ run this way in every test run (and under
 * ASan+UBSan), with any compiler.
 * Usage: replay-TARGET FILE_OR_DIRECTORY…
 */

#include <glib.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static guint
replay_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint count = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      /* Sorted, so a failure names the same file every time. */
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint i = 0; i < names->len; i++)
        count += replay_path (g_ptr_array_index (names, i));
      return count;
    }

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  guint count = 0;

  for (int i = 1; i < argc; i++)
    count += replay_path (argv[i]);

  if (count == 0)
    {
      fprintf (stderr, "replay: no input\n");
      return 1;
    }
  printf ("replayed %u inputs\n", count);
  return 0;
}
