/* ps-cli-render-oneshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one-shot path of `plasmascope-cli render` for line panels: a figure
 * drawn once needs neither the whole series in memory nor its min/max
 * pyramid (which the interactive view keeps for panning and zooming).
 * Each variable is streamed twice from the file (ps_istp_stream(), each
 * pass on two threads over the two halves of the records):
 *
 *  1. the extent of the visible values (which sets the y axis, hence the
 *     layout and the width in pixels of the plot) and the samples the
 *     cadence estimate reads (hence the gap threshold);
 *  2. the streaming M4 reduction at that width (ps_m4_stream_*).
 *
 * Most variables need only pass 2 (probe()): for TT2000 times and double
 * values the cadence samples and a guess of the extent are read directly
 * from a few thousand records; pass 2 then checks that every record was a
 * row, and the exact extent it yields (every column keeps its minimum and
 * maximum) gives the exact width, which is reduced again in the rare case
 * it differs from the guessed one.
 *
 * The figure is then drawn by the ordinary renderer from a series of the
 * reduced samples only (a break as a NaN sample) with a pyramid that never
 * breaks on time: its M4 reduction at the same width and range gives
 * exactly the samples and breaks the whole series would, and its extent is
 * the whole series' (every column keeps its minimum and maximum), so the
 * picture is the same, pixel for pixel.
 *
 * Whatever this path does not cover (spectrograms, multi-component
 * variables, records dropped by the time selection or by invalid times,
 * any error) is left to the generic path, which loads the series whole.
 */

#define G_LOG_DOMAIN "plasmascope-cli"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "ps-cli-render-oneshot.h"
#include "ps-m4.h"
#include "ps-plot-layout.h"
#include "ps-time-cdf.h"

/* Below this many records one thread does it all. */
#define PARALLEL_RECORDS 65536
#define N_PARTS          2
/* As ps_pyramid_estimate_cadence(). */
#define CADENCE_SAMPLES  4096

typedef struct
{
  gsize    n_samples;     /* steps sampled, 0 if none */
  gint64   n_rows;        /* rows the sampling assumes */
  PsTime  *a;             /* time of row k_s */
  PsTime  *b;             /* time of row k_s + 1 */
} Cadence;

typedef struct
{
  PsCdfFile          *file;
  PsCdfFile          *master;
  const char         *variable;
  PsIstpOptions       opts;       /* this part's record window */
  const PsTimeRange  *visible;    /* NULL: every row is visible */
  Cadence            *cadence;
  PsM4Stream         *stream;     /* pass 2 */
  GError             *error;
  gboolean            ok;
  /* pass 1 */
  gint64              n_rows;
  PsTime              first_time;
  PsTime              last_time;
  gboolean            has_extent;
  PsTime              lo_time;
  double              lo;
  PsTime              hi_time;
  double              hi;
  gsize               next_sample;
} Part;

static int
compare_steps (const void *a,
               const void *b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

static gsize
sample_row (const Cadence *c,
            gsize          s)
{
  return (gsize) ((guint64) s * (guint64) (c->n_rows - 1) / c->n_samples);
}

/* Pass 1 on a piece. Rows are numbered from the start of the part; with
 * every record kept, part row r is series row (record - first record). */
static gboolean
extent_rows (gint64        first_row,
             const PsTime *times,
             const double *values,
             gsize         n,
             guint         m,
             gpointer      user_data)
{
  Part *part = user_data;
  Cadence *c = part->cadence;
  gint64 g0 = part->opts.first_record + first_row;
  gsize a = 0, b = n;

  g_assert (m == 1);
  if (part->n_rows == 0)
    part->first_time = times[0];
  part->last_time = times[n - 1];
  part->n_rows += n;

  /* The steps the cadence estimate samples. */
  while (c->n_samples > 0 && part->next_sample < c->n_samples)
    {
      gint64 k = sample_row (c, part->next_sample);

      if (k >= g0 + (gint64) n)
        break;
      if (k >= g0)
        c->a[part->next_sample] = times[k - g0];
      if (k + 1 >= g0 + (gint64) n)
        break;
      if (k + 1 >= g0)
        c->b[part->next_sample] = times[k + 1 - g0];
      part->next_sample++;
    }

  if (part->visible != NULL)
    {
      while (a < n && times[a] < part->visible->start)
        a++;
      while (b > a && times[b - 1] >= part->visible->stop)
        b--;
    }
  for (gsize i = a; i < b; i++)
    {
      double v = values[i];

      if (!isfinite (v))
        continue;
      if (!part->has_extent)
        {
          part->has_extent = TRUE;
          part->lo = part->hi = v;
          part->lo_time = part->hi_time = times[i];
        }
      else if (v < part->lo)
        {
          part->lo = v;
          part->lo_time = times[i];
        }
      else if (v > part->hi)
        {
          part->hi = v;
          part->hi_time = times[i];
        }
    }
  return TRUE;
}

static gboolean
reduce_rows (gint64        first_row,
             const PsTime *times,
             const double *values,
             gsize         n,
             guint         m,
             gpointer      user_data)
{
  Part *part = user_data;

  if (part->n_rows == 0)
    part->first_time = times[0];
  part->last_time = times[n - 1];
  part->n_rows += n;
  /* Record numbers order the samples across parts. */
  ps_m4_stream_add (part->stream, (guint64) (part->opts.first_record + first_row),
                    times, values, n, m, 0);
  return TRUE;
}

static gpointer
run_part (gpointer data)
{
  Part *part = data;
  PsIstpRowsFunc func = part->stream != NULL ? reduce_rows : extent_rows;

  part->ok = ps_istp_stream (part->file, part->master, part->variable, &part->opts,
                             func, part, &part->error);
  return NULL;
}

/* Runs every part, the first on this thread. */
static gboolean
run_parts (Part  *parts,
           guint  n_parts)
{
  GThread *threads[N_PARTS] = { NULL };
  gboolean ok = TRUE;

  for (guint i = 1; i < n_parts; i++)
    if ((threads[i] = g_thread_try_new ("ps-render-part", run_part, &parts[i], NULL)) == NULL)
      run_part (&parts[i]);
  run_part (&parts[0]);
  for (guint i = 0; i < n_parts; i++)
    {
      if (threads[i] != NULL)
        g_thread_join (threads[i]);
      ok = ok && parts[i].ok;
      g_clear_error (&parts[i].error);
    }
  return ok;
}

/* A series with the metadata of @like and the given rows. */
static PsSeries *
series_like (PsSeries *like,
             GArray   *times,
             GArray   *values)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  const char * const *keys = ps_series_get_meta_keys (like);

  ps_series_builder_set_name (builder, ps_series_get_name (like));
  ps_series_builder_set_units (builder, ps_series_get_units (like));
  ps_series_builder_set_labels (builder, ps_series_get_labels (like));
  ps_series_builder_set_display_kind (builder, ps_series_get_display_kind (like));
  for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
    ps_series_builder_set_meta (builder, keys[k], ps_series_get_meta (like, keys[k]));
  ps_series_builder_set_times (builder, (const PsTime *) times->data, times->len);
  ps_series_builder_set_values (builder, (const double *) values->data, values->len, 1);
  return ps_series_builder_end (builder, NULL);
}

typedef struct
{
  PsCdfFile  *file;
  const char *variable;
  PsSeries   *meta;      /* metadata, at most one row */
  Part        parts[N_PARTS];
  guint       n_parts;
  Cadence     cadence;
  PsTime      threshold;
  guint       panel;
  /* pass 1, all parts */
  gint64      n_rows;
  PsTime      first_time;
  PsTime      last_time;
  gboolean    has_extent;
  PsTime      lo_time, hi_time;
  double      lo, hi;
  /* pass 1 skipped: the extent is a guess until pass 2 */
  gboolean    probed;
  const PsCdfVariable *time_var;
  guint       width_px;  /* reduced at */
} Variable;

static void
variable_clear (Variable *v)
{
  g_clear_pointer (&v->meta, ps_series_unref);
  g_clear_pointer (&v->cadence.a, g_free);
  g_clear_pointer (&v->cadence.b, g_free);
  for (guint i = 0; i < N_PARTS; i++)
    g_clear_pointer (&v->parts[i].stream, ps_m4_stream_free);
}

/* ps_pyramid_estimate_cadence() and the pyramid's default threshold,
 * from the sampled steps. */
static PsTime
cadence_threshold (const Cadence *c)
{
  g_autofree guint64 *steps = g_new (guint64, MAX (c->n_samples, 1));
  guint n_steps = 0;
  PsTime cadence;

  for (gsize s = 0; s < c->n_samples; s++)
    {
      guint64 step = (guint64) c->b[s] - (guint64) c->a[s];

      if (step > 0)
        steps[n_steps++] = step;
    }
  if (n_steps == 0)
    return G_MAXINT64;
  qsort (steps, n_steps, sizeof (guint64), compare_steps);
  cadence = (PsTime) MIN (steps[n_steps / 2], (guint64) G_MAXINT64);
  if (cadence > 0 && cadence <= G_MAXINT64 / PS_PYRAMID_GAP_FACTOR)
    return cadence * PS_PYRAMID_GAP_FACTOR;
  return G_MAXINT64;
}

/* The time of record @k of @tv (plain TT2000), or PS_TIME_INVALID. */
static PsTime
read_time (PsCdfFile           *file,
           const PsCdfVariable *tv,
           gint64               k)
{
  gint64 tt2000;

  if (!ps_cdf_variable_read (file, tv, k, 1, &tt2000, sizeof tt2000, NULL))
    return PS_TIME_INVALID;
  return ps_time_from_tt2000 (tt2000);
}

/* Instead of pass 1, for TT2000 times and double values stored plainly
 * in the data file: the cadence samples, the first and last times read
 * from their records, and the extent of the values of the sampled
 * records (a guess: pass 2 gives the true one). FALSE: run pass 1. */
static gboolean
probe (Variable            *v,
       PsCdfFile           *master,
       const PsCdfVariable *var)
{
  g_autofree char *depend = ps_istp_get_text_attribute (v->file, master, v->variable, "DEPEND_0");
  const PsCdfVariable *tv = depend != NULL ? ps_cdf_file_lookup_variable (v->file, depend) : NULL;
  Cadence *c = &v->cadence;
  gint64 n = var->n_records;

  if (tv == NULL || tv->type != PS_CDF_TIME_TT2000 || tv->values_per_record != 1
      || tv->compression != PS_CDF_COMPRESSION_NONE || tv->n_records < n
      || (var->type != PS_CDF_DOUBLE && var->type != PS_CDF_REAL8) || var->values_per_record != 1
      || var->compression != PS_CDF_COMPRESSION_NONE)
    return FALSE;

  v->first_time = read_time (v->file, tv, 0);
  v->last_time = read_time (v->file, tv, n - 1);
  if (v->first_time == PS_TIME_INVALID || v->last_time == PS_TIME_INVALID)
    return FALSE;
  for (gsize s = 0; s < c->n_samples; s++)
    {
      gint64 k = (gint64) sample_row (c, s);
      gint64 tt2000[2];
      double value;

      if (!ps_cdf_variable_read (v->file, tv, k, 2, tt2000, sizeof tt2000, NULL))
        return FALSE;
      c->a[s] = ps_time_from_tt2000 (tt2000[0]);
      c->b[s] = ps_time_from_tt2000 (tt2000[1]);
      if (c->a[s] == PS_TIME_INVALID || c->b[s] == PS_TIME_INVALID)
        return FALSE;
      /* A quarter of them guess the extent; fill values (ISTP's are
       * ±1e31) and NaN are no guide. */
      if (s % 4 != 0
          || !ps_cdf_variable_read (v->file, var, k, 1, &value, sizeof value, NULL)
          || !isfinite (value) || fabs (value) >= 1e30)
        continue;
      if (!v->has_extent || value < v->lo)
        {
          v->lo = value;
          v->lo_time = c->a[s];
        }
      if (!v->has_extent || value > v->hi)
        {
          v->hi = value;
          v->hi_time = c->a[s];
        }
      v->has_extent = TRUE;
    }
  if (!v->has_extent)
    return FALSE;
  v->n_rows = n;
  v->threshold = cadence_threshold (c);
  v->time_var = tv;
  v->probed = TRUE;
  g_debug ("%s: probed, no first pass", v->variable);
  return TRUE;
}

/* Pass 1 of one variable; FALSE when this path does not cover it. */
static gboolean
measure (Variable           *v,
         PsCdfFile          *master,
         const PsTimeRange  *range)
{
  const PsCdfVariable *var = ps_cdf_file_lookup_variable (v->file, v->variable);
  PsIstpOptions opts;
  gint64 n_records;
  Cadence *c = &v->cadence;

  if (var == NULL || var->n_records <= 0)
    return FALSE;
  n_records = var->n_records;

  /* The metadata, from a load of the first record alone. */
  ps_istp_options_init (&opts);
  opts.n_records = 1;
  v->meta = ps_istp_load (v->file, master, v->variable, &opts, NULL);
  if (v->meta == NULL || ps_series_get_m (v->meta) != 1
      || ps_series_get_display_kind (v->meta) == PS_DISPLAY_SPECTROGRAM
      || ps_series_get_bins_kind (v->meta) != PS_BINS_NONE)
    return FALSE;

  /* Which steps the cadence estimate reads, if every record is a row. */
  c->n_rows = n_records;
  c->n_samples = n_records >= 2 ? (gsize) MIN (n_records - 1, CADENCE_SAMPLES) : 0;
  c->a = g_new (PsTime, MAX (c->n_samples, 1));
  c->b = g_new (PsTime, MAX (c->n_samples, 1));

  v->n_parts = n_records >= PARALLEL_RECORDS ? N_PARTS : 1;
  for (guint i = 0; i < v->n_parts; i++)
    {
      Part *p = &v->parts[i];

      p->file = v->file;
      p->master = master;
      p->variable = v->variable;
      ps_istp_options_init (&p->opts);
      p->opts.first_record = n_records * i / v->n_parts;
      p->opts.n_records = n_records * (i + 1) / v->n_parts - p->opts.first_record;
      p->visible = range;
      p->cadence = c;
    }
  if (range == NULL && probe (v, master, var))
    return TRUE;
  if (!run_parts (v->parts, v->n_parts))
    return FALSE;

  for (guint i = 0; i < v->n_parts; i++)
    {
      Part *p = &v->parts[i];

      /* Every record a row, in order, or the generic path. */
      if (p->n_rows != p->opts.n_records)
        return FALSE;
      if (i > 0 && p->first_time < v->last_time)
        return FALSE;
      if (i == 0)
        v->first_time = p->first_time;
      v->last_time = p->last_time;
      v->n_rows += p->n_rows;
      if (p->has_extent && (!v->has_extent || p->lo < v->lo))
        {
          v->lo = p->lo;
          v->lo_time = p->lo_time;
        }
      if (p->has_extent && (!v->has_extent || p->hi > v->hi))
        {
          v->hi = p->hi;
          v->hi_time = p->hi_time;
        }
      v->has_extent = v->has_extent || p->has_extent;
    }

  v->threshold = cadence_threshold (c);
  return TRUE;
}

/* Pass 2 of one variable: its reduced series. */
static PsSeries *
reduce (Variable          *v,
        const PsTimeRange *range,
        guint              width_px)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (PsM4Sample));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (PsTime));
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  PsTime previous = PS_TIME_INVALID;

  for (guint i = 0; i < v->n_parts; i++)
    {
      /* The time before each part's first: from pass 1, or the file. */
      if (i > 0 && v->probed)
        previous = read_time (v->file, v->time_var, v->parts[i].opts.first_record - 1);
      else if (i > 0)
        previous = v->parts[i - 1].last_time;
      if (i > 0 && previous == PS_TIME_INVALID)
        return NULL;
      g_clear_pointer (&v->parts[i].stream, ps_m4_stream_free);
      v->parts[i].stream = ps_m4_stream_new (range, width_px, v->threshold);
      if (i > 0)
        ps_m4_stream_set_previous (v->parts[i].stream, previous);
      v->parts[i].n_rows = 0;
    }
  v->width_px = width_px;
  if (!run_parts (v->parts, v->n_parts))
    return NULL;
  /* Without pass 1, pass 2 checks what it would have: every record a row,
   * in order, from the first time read to the last. */
  for (guint i = 0; i < v->n_parts && v->probed; i++)
    {
      const Part *p = &v->parts[i];

      if (p->n_rows != p->opts.n_records
          || (i == 0 && p->first_time != v->first_time)
          || (i > 0 && p->first_time < v->parts[i - 1].last_time)
          || (i + 1 == v->n_parts && p->last_time != v->last_time))
        return NULL;
    }
  for (guint i = 1; i < v->n_parts; i++)
    ps_m4_stream_merge (v->parts[0].stream, v->parts[i].stream);
  ps_m4_stream_finish (v->parts[0].stream, samples);

  for (guint k = 0; k < samples->len; k++)
    {
      const PsM4Sample *s = &g_array_index (samples, PsM4Sample, k);
      double value = s->index == PS_M4_BREAK ? NAN : s->value;

      g_array_append_val (times, s->time);
      g_array_append_val (values, value);
    }
  return series_like (v->meta, times, values);
}

/* The series of the visible extent alone: its lowest and highest samples. */
static PsSeries *
extent_series (Variable *v)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (PsTime));
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean lo_first = v->lo_time <= v->hi_time;
  PsTime t[2] = { lo_first ? v->lo_time : v->hi_time, lo_first ? v->hi_time : v->lo_time };
  double x[2] = { lo_first ? v->lo : v->hi, lo_first ? v->hi : v->lo };

  g_array_append_vals (times, t, 2);
  g_array_append_vals (values, x, 2);
  return series_like (v->meta, times, values);
}

static PsPlotModel *
make_model (Variable          *vars,
            guint              n_vars,
            PsSeries         **series,
            const PsTimeRange *range)
{
  PsPlotModel *model = ps_plot_model_new ();

  for (guint i = 0; i < n_vars; i++)
    {
      while (ps_plot_model_get_n_panels (model) <= vars[i].panel)
        ps_plot_model_add_panel (model);
      ps_plot_model_add_series (model, vars[i].panel, series[i]);
    }
  ps_plot_model_set_time_range (model, range);
  return model;
}

/* Each variable's plot width in device pixels, from a layout of the
 * extents alone; FALSE when a panel is beyond this path. */
static gboolean
plot_widths (Variable          *vars,
             guint              n_vars,
             const PsTimeRange *visible,
             const PsPlotStyle *style,
             double             width,
             double             height,
             double             scale,
             guint             *widths)
{
  g_autofree PsSeries **extents = g_new0 (PsSeries *, n_vars);
  g_autoptr(PsPlotModel) model = NULL;
  g_autoptr(PsPlotLayout) layout = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; i < n_vars; i++)
    extents[i] = extent_series (&vars[i]);
  model = make_model (vars, n_vars, extents, visible);
  layout = ps_plot_layout_new (model, style, NULL, width, height, scale);
  for (guint i = 0; i < n_vars; i++)
    {
      const PsPlotPanelLayout *pl = ps_plot_layout_get_panel (layout, vars[i].panel);

      widths[i] = (guint) MAX (1.0, ceil (pl->plot.width * ps_plot_layout_get_scale (layout)));
      ok = ok && !pl->spectrogram && widths[i] <= PS_M4_MAX_WIDTH;
      ps_series_unref (extents[i]);
    }
  return ok;
}

/* The extent of @v's values from its reduction, which keeps every
 * column's minimum and maximum: the first lowest and highest samples, as
 * pass 1 finds them. FALSE when an infinity hides what lies behind it. */
static gboolean
exact_extent (Variable *v,
              PsSeries *reduced)
{
  gsize n = ps_series_get_n (reduced);
  const double *values = ps_series_get_values (reduced);

  v->has_extent = FALSE;
  for (gsize i = 0; i < n; i++)
    {
      double value = values[i];

      if (isnan (value))
        continue;
      if (isinf (value))
        return FALSE;
      if (!v->has_extent || value < v->lo)
        {
          v->lo = value;
          v->lo_time = ps_series_get_time (reduced, i);
        }
      if (!v->has_extent || value > v->hi)
        {
          v->hi = value;
          v->hi_time = ps_series_get_time (reduced, i);
        }
      v->has_extent = TRUE;
    }
  return v->has_extent;
}

/**
 * _ps_cli_render_oneshot:
 * @files: the open file of each variable
 * @range: (nullable): the time range asked for, %NULL for the data's
 * @ok: set to whether the figure was written
 *
 * Returns: %FALSE when this path does not cover the figure (nothing was
 *   written: use the generic path), else %TRUE with *@ok and @error set
 */
gboolean
_ps_cli_render_oneshot (PsCdfFile          **files,
                        char               **variables,
                        const guint         *panel_of,
                        PsCdfFile           *master,
                        const PsTimeRange   *range,
                        const PsPlotStyle   *style,
                        double               width,
                        double               height,
                        double               scale,
                        PsRenderFormat       format,
                        const char          *output,
                        gboolean            *ok,
                        GError             **error)
{
  guint n_vars = g_strv_length (variables);
  g_autofree Variable *vars = g_new0 (Variable, n_vars);
  g_autofree PsSeries **series = g_new0 (PsSeries *, n_vars);
  g_autofree guint *widths = g_new0 (guint, n_vars);
  g_autoptr(PsPlotModel) model = NULL;
  PsTimeRange visible;
  gboolean handled = FALSE;
  gboolean probed = FALSE;

  /* A time selection drops records, which this path leaves to the other. */
  if (range != NULL)
    return FALSE;

  for (guint i = 0; i < n_vars; i++)
    {
      vars[i].file = files[i];
      vars[i].variable = variables[i];
      vars[i].panel = panel_of != NULL ? panel_of[i] : i;
      if (!measure (&vars[i], master, NULL) || !vars[i].has_extent)
        goto out;
    }

  /* As the generic path: the data's extent, one more nanosecond. */
  visible = ps_time_range_make (G_MAXINT64, G_MININT64);
  for (guint i = 0; i < n_vars; i++)
    {
      visible.start = MIN (visible.start, vars[i].first_time);
      visible.stop = MAX (visible.stop, vars[i].last_time);
    }
  visible = ps_time_range_make (visible.start, MAX (visible.stop + 1, visible.start + 1000));

  if (!plot_widths (vars, n_vars, &visible, style, width, height, scale, widths))
    goto out;
  for (guint i = 0; i < n_vars; i++)
    if ((series[i] = reduce (&vars[i], &visible, widths[i])) == NULL)
      goto out;

  /* Guessed extents: the reductions give the true ones, hence the true
   * widths; a variable whose width was wrong is reduced again. */
  for (guint i = 0; i < n_vars; i++)
    {
      probed = probed || vars[i].probed;
      if (vars[i].probed && !exact_extent (&vars[i], series[i]))
        goto out;
    }
  if (probed && !plot_widths (vars, n_vars, &visible, style, width, height, scale, widths))
    goto out;
  for (guint i = 0; i < n_vars && probed; i++)
    if (widths[i] != vars[i].width_px)
      {
        g_debug ("%s: %u px guessed, %u px true: reducing again", vars[i].variable,
                 vars[i].width_px, widths[i]);
        g_clear_pointer (&series[i], ps_series_unref);
        if ((series[i] = reduce (&vars[i], &visible, widths[i])) == NULL)
          goto out;
      }

  model = make_model (vars, n_vars, series, &visible);
  for (guint i = 0; i < n_vars; i++)
    {
      g_autoptr(PsPyramid) pyramid = ps_pyramid_new_full (series[i], PS_PYRAMID_GAP_NEVER, NULL, NULL);
      const PsPlotPanel *p = ps_plot_model_get_panel (model, vars[i].panel);
      guint index = 0;

      while (g_ptr_array_index (p->series, index) != series[i])
        index++;
      ps_plot_model_set_pyramid (model, vars[i].panel, index, pyramid);
    }
  *ok = ps_render_to_file (model, style, width, height, scale, format, output, error);
  handled = TRUE;
  g_debug ("one-shot path");

out:
  for (guint i = 0; i < n_vars; i++)
    {
      g_clear_pointer (&series[i], ps_series_unref);
      variable_clear (&vars[i]);
    }
  return handled;
}
