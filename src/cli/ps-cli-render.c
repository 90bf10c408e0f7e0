/* ps-cli-render.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plasmascope-cli render --file F --variable V [--file F2 --variable V2 …]
 *                        [--master M] [--range START STOP] [--size 1600x900]
 *                        [--scale 2] [--theme light|dark] [--panel N …]
 *                        --output OUT.png|.svg|.pdf
 * One panel per variable, in order, stacked on one time axis (or, with one
 * --panel per --variable, variables with the same N together, panels in
 * increasing N), written as
 * PNG (size × scale pixels), SVG or PDF (size in points) without a display.
 * Without --range, the figure spans the data.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ps-cli.h"
#include "ps-cli-render-oneshot.h"
#include "ps-istp.h"
#include "ps-plot-layout.h"
#include "ps-render-export.h"

#define PREFIX "plasmascope-cli render"


/* Larger than this many pixels on a side is a mistake, not a figure. */
#define MAX_SIDE 20000

static int
fail (const char *message)
{
  fprintf (stderr, "%s: %s\n", PREFIX, message);
  return PS_CLI_EXIT_BAD_INPUT;
}

/* "--range START STOP" takes two values, which GOption cannot: take them
 * out of argv first. "--range=START/STOP" is left to GOption. */
static gboolean
take_range (int     *argc,
            char  ***argv,
            char   **range_text)
{
  for (int i = 1; i < *argc; i++)
    {
      if (g_str_equal ((*argv)[i], "--"))
        break;
      if (!g_str_equal ((*argv)[i], "--range") && !g_str_equal ((*argv)[i], "-r"))
        continue;
      if (i + 2 >= *argc)
        return FALSE;
      g_free (*range_text);
      *range_text = g_strconcat ((*argv)[i + 1], "/", (*argv)[i + 2], NULL);
      for (int j = i; j + 3 <= *argc; j++)
        (*argv)[j] = (*argv)[j + 3];
      *argc -= 3;
      i--;
    }
  return TRUE;
}

static gboolean
parse_size (const char *text,
            double     *width,
            double     *height)
{
  char *end = NULL;
  gint64 w, h;

  w = g_ascii_strtoll (text, &end, 10);
  if (end == text || (*end != 'x' && *end != 'X'))
    return FALSE;
  text = end + 1;
  h = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0')
    return FALSE;
  if (w < 50 || h < 50 || w > MAX_SIDE || h > MAX_SIDE)
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

static PsCdfFile *
open_cached (GHashTable  *files,
             const char  *path,
             GError     **error)
{
  PsCdfFile *file = g_hash_table_lookup (files, path);

  if (file == NULL && (file = ps_cdf_file_open (path, error)) != NULL)
    g_hash_table_insert (files, g_strdup (path), file);
  return file;
}

/* Loads every --file/--variable pair into its own panel. */
/* With --panel, the panel of each variable: a number per variable, the
 * same number for the same panel, panels in increasing order. */
static gboolean
parse_panels (char   **numbers,
              guint    n,
              guint  **panel_of)
{
  g_autofree gint64 *values = g_new (gint64, n);
  g_autofree gint64 *sorted = NULL;
  guint n_distinct = 0;

  if (g_strv_length (numbers) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!g_ascii_string_to_signed (numbers[i], 10, 1, 1000, &values[i], NULL))
      return FALSE;
  sorted = g_memdup2 (values, n * sizeof (gint64));
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && sorted[j - 1] > sorted[j]; j--)
      {
        gint64 tmp = sorted[j];

        sorted[j] = sorted[j - 1];
        sorted[j - 1] = tmp;
      }
  *panel_of = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    if (i == 0 || sorted[i] != sorted[i - 1])
      sorted[n_distinct++] = sorted[i];
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < n_distinct; k++)
      if (sorted[k] == values[i])
        (*panel_of)[i] = k;
  return TRUE;
}

static gboolean
load_panels (PsPlotModel        *model,
             char              **paths,
             char              **variables,
             const guint        *panel_of,
             const char         *master_path,
             const PsTimeRange  *range,
             PsTimeRange        *extent,
             GError            **error)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) ps_cdf_file_unref);
  g_autoptr(PsCdfFile) master = NULL;
  PsIstpOptions opts;

  if (master_path != NULL && (master = ps_cdf_file_open (master_path, error)) == NULL)
    return FALSE;

  ps_istp_options_init (&opts);
  /* One more range's worth on either side: the lines then enter and leave
   * the figure through its edges, as in any zoomed view. */
  if (range != NULL)
    {
      PsTime d = ps_time_range_duration (range);

      opts.range = ps_time_range_make (range->start - MIN (d, range->start - G_MININT64 / 2),
                                       range->stop + MIN (d, G_MAXINT64 / 2 - range->stop));
    }
  *extent = ps_time_range_make (G_MAXINT64, G_MININT64);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(PsSeries) series = NULL;
      g_autoptr(GError) local_error = NULL;
      PsCdfFile *file;

      if ((file = open_cached (files, paths[i], error)) == NULL)
        return FALSE;
      series = ps_istp_load (file, master, variables[i], &opts, &local_error);
      if (series == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code, "%s: %s",
                       paths[i], local_error->message);
          return FALSE;
        }
      if (ps_series_get_n (series) > 0)
        {
          PsTimeRange r = ps_series_get_time_range (series);

          extent->start = MIN (extent->start, r.start);
          extent->stop = MAX (extent->stop, r.stop);
        }
      while (ps_plot_model_get_n_panels (model) <= (panel_of != NULL ? panel_of[i] : i))
        ps_plot_model_add_panel (model);
      ps_plot_model_add_series (model, panel_of != NULL ? panel_of[i] : i, series);
    }
  return TRUE;
}

/* The one-shot path (ps-cli-render-oneshot.c) when it covers the figure:
 * TRUE when it did, with *ok and @error set. */
static gboolean
render_oneshot (char              **paths,
                char              **variables,
                const guint        *panel_of,
                const char         *master_path,
                const PsPlotStyle  *style,
                double              width,
                double              height,
                double              scale,
                PsRenderFormat      format,
                const char         *output,
                gboolean           *ok,
                GError            **error)
{
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) ps_cdf_file_unref);
  g_autoptr(PsCdfFile) master = NULL;
  g_autofree PsCdfFile **files = g_new0 (PsCdfFile *, g_strv_length (paths) + 1);

  /* Errors are the generic path's to report. */
  if (master_path != NULL && (master = ps_cdf_file_open (master_path, NULL)) == NULL)
    return FALSE;
  for (guint i = 0; paths[i] != NULL; i++)
    if ((files[i] = open_cached (cache, paths[i], NULL)) == NULL)
      return FALSE;
  return _ps_cli_render_oneshot (files, variables, panel_of, master, NULL, style,
                                 width, height, scale, format, output, ok, error);
}

int
ps_cli_render (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPlotModel) model = NULL;
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) variables = NULL;
  g_auto(GStrv) panels = NULL;
  g_autofree guint *panel_of = NULL;
  g_autofree char *master_path = NULL;
  g_autofree char *range_text = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *theme_text = NULL;
  g_autofree char *output = NULL;
  double scale = 1.0, width = 1600, height = 900;
  PsTimeRange range, extent;
  PsRenderFormat format;
  PsPlotTheme theme = PS_PLOT_THEME_LIGHT;
  PsPlotStyle style;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "file", 'f', 0, G_OPTION_ARG_FILENAME_ARRAY, &paths,
      N_("A CDF file; give one per --variable"), N_("FILE.cdf") },
    { "variable", 'v', 0, G_OPTION_ARG_STRING_ARRAY, &variables,
      N_("A variable of the matching --file: one panel each, top to bottom"), N_("VARIABLE") },
    { "master", 'm', 0, G_OPTION_ARG_FILENAME, &master_path,
      N_("Master CDF of the dataset, for the metadata the files lack"), N_("MASTER.cdf") },
    { "range", 'r', 0, G_OPTION_ARG_STRING, &range_text,
      N_("Time range, “--range START STOP” (ISO 8601); the data’s extent by default"), N_("START STOP") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &size_text,
      N_("Figure size in logical pixels (points for SVG and PDF); 1600x900 by default"), N_("WxH") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale,
      N_("Device pixels per logical pixel (PNG), raster resolution (SVG, PDF); 1 by default"), N_("SCALE") },
    { "theme", 't', 0, G_OPTION_ARG_STRING, &theme_text,
      N_("Colours: light (default) or dark"), N_("THEME") },
    { "panel", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &panels,
      N_("Panel of the matching --variable: the same N for the same panel (give one per --variable)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write; .png, .svg or .pdf"), N_("OUT") },
    { NULL }
  };

  context = g_option_context_new (_("— draw CDF variables as a stacked plot, in PNG, SVG or PDF"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!take_range (&argc, &argv, &range_text))
    return fail (_("--range needs a START and a STOP"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s: %s\n", PREFIX, error->message);
      return PS_CLI_EXIT_USAGE;
    }
  if (argc != 1)
    {
      fprintf (stderr, "%s: %s\n", PREFIX, _("unexpected argument; see --help"));
      return PS_CLI_EXIT_USAGE;
    }
  if (paths == NULL || variables == NULL || output == NULL)
    {
      fprintf (stderr, "%s: %s\n", PREFIX, _("give --file, --variable and --output"));
      return PS_CLI_EXIT_USAGE;
    }
  if (g_strv_length (paths) != g_strv_length (variables))
    return fail (_("give one --file per --variable"));

  if (panels != NULL && !parse_panels (panels, g_strv_length (variables), &panel_of))
    return fail (_("give one --panel per --variable, each a number from 1 to 1000"));
  if (!ps_render_format_from_filename (output, &format))
    return fail (_("the output must end in .png, .svg or .pdf"));
  if (size_text != NULL && !parse_size (size_text, &width, &height))
    return fail (_("--size must be WIDTHxHEIGHT, each from 50 to 20000"));
  if (!(scale >= 0.25 && scale <= 8.0) || width * scale > MAX_SIDE || height * scale > MAX_SIDE)
    return fail (_("--scale must be from 0.25 to 8, and the image at most 20000 pixels a side"));
  if (theme_text != NULL && !ps_plot_theme_from_string (theme_text, &theme))
    return fail (_("--theme must be light or dark"));
  if (range_text != NULL)
    {
      if (!ps_time_range_parse (range_text, &range, &error))
        return fail (error->message);
      if (ps_time_range_is_empty (&range))
        return fail (_("the time range is empty"));
    }

  /* Fonts load on a thread while the data does. */
  ps_plot_style_init (&style, theme);
  ps_plot_layout_preload_fonts (style.font_family);
  ps_plot_style_clear (&style);

  /* PS_CLI_RENDER_GENERIC: always the generic path (tests compare both). */
  if (range_text == NULL && g_getenv ("PS_CLI_RENDER_GENERIC") == NULL)
    {
      gboolean written = FALSE;

      ps_plot_style_init (&style, theme);
      ok = render_oneshot (paths, variables, panel_of, master_path, &style, width, height, scale,
                           format, output, &written, &error);
      ps_plot_style_clear (&style);
      if (ok && !written)
        return fail (error->message);
      if (ok)
        return PS_CLI_EXIT_OK;
      g_clear_error (&error);
    }

  model = ps_plot_model_new ();
  if (!load_panels (model, paths, variables, panel_of, master_path, range_text != NULL ? &range : NULL,
                    &extent, &error))
    return fail (error->message);
  if (range_text == NULL)
    {
      if (extent.start > extent.stop)
        return fail (_("no data to plot; give a --range"));
      /* One more nanosecond, or the last sample would be out of [start, stop). */
      range = ps_time_range_make (extent.start, MAX (extent.stop + 1, extent.start + 1000));
    }
  ps_plot_model_set_time_range (model, &range);

  ps_plot_style_init (&style, theme);
  ok = ps_render_to_file (model, &style, width, height, scale, format, output, &error);
  ps_plot_style_clear (&style);
  if (!ok)
    return fail (error->message);
  return PS_CLI_EXIT_OK;
}
