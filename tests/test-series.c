/* test-series.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-object.h>
#include <math.h>
#include <string.h>

#include "ps-series.h"

#define FILL (-1e31)

/* A series with times[i] and values[i][j] = base + 10·i + j. */
static PsSeries *
make_series (const PsTime *times,
             gsize         n,
             guint         m,
             double        base)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(GError) error = NULL;
  double *values;
  PsSeries *series;

  ps_series_builder_set_times (builder, times, n);
  values = ps_series_builder_alloc_values (builder, n, m);
  for (gsize i = 0; i < n; i++)
    for (guint j = 0; j < m; j++)
      values[i * m + j] = base + 10.0 * (double) i + j;
  ps_series_builder_set_units (builder, "nT");
  ps_series_builder_set_name (builder, "test/product");

  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  g_assert_nonnull (series);
  return series;
}

/* Times 0, 10, …, 10·(n-1). */
static PsSeries *
make_regular (gsize  n,
              guint  m,
              PsTime t0,
              double base)
{
  g_autofree PsTime *times = g_new (PsTime, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    times[i] = t0 + 10 * (PsTime) i;
  return make_series (times, n, m, base);
}

static void
assert_times (PsSeries     *series,
              const PsTime *expected,
              gsize         n)
{
  g_assert_cmpuint (ps_series_get_n (series), ==, n);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (ps_series_get_time (series, i), ==, expected[i]);
}

static void
test_empty (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(PsSeries) nothing = NULL;
  g_autoptr(PsSeries) empty3 = NULL;
  g_autoptr(PsSeries) slice = NULL;
  PsTimeRange range;
  PsTimeRange all = ps_time_range_make (G_MININT64 + 1, G_MAXINT64);

  nothing = ps_series_builder_end (builder, NULL);
  g_assert_nonnull (nothing);
  g_assert_cmpuint (ps_series_get_n (nothing), ==, 0);
  g_assert_cmpuint (ps_series_get_m (nothing), ==, 0);
  g_assert_null (ps_series_get_times (nothing));
  g_assert_null (ps_series_get_values (nothing));
  g_assert_cmpuint (g_strv_length ((char **) ps_series_get_labels (nothing)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) ps_series_get_meta_keys (nothing)), ==, 0);
  g_assert_null (ps_series_get_meta (nothing, "FIELDNAM"));
  g_assert_cmpint (ps_series_get_bins_kind (nothing), ==, PS_BINS_NONE);
  g_assert_null (ps_series_get_bins (nothing));
  range = ps_series_get_time_range (nothing);
  g_assert_true (ps_time_range_is_empty (&range));
  g_assert_cmpuint (ps_series_lower_bound (nothing, 0), ==, 0);
  g_assert_cmpuint (ps_series_upper_bound (nothing, 0), ==, 0);
  slice = ps_series_slice (nothing, &all);
  g_assert_cmpuint (ps_series_get_n (slice), ==, 0);

  /* No samples but a shape: m and labels are kept. */
  ps_series_builder_set_values (builder, NULL, 0, 3);
  empty3 = ps_series_builder_end (builder, NULL);
  g_assert_cmpuint (ps_series_get_n (empty3), ==, 0);
  g_assert_cmpuint (ps_series_get_m (empty3), ==, 3);
  g_assert_cmpstr (ps_series_get_label (empty3, 2), ==, "2");
  g_assert_cmpint (ps_series_get_display_kind (empty3), ==, PS_DISPLAY_MULTI);
}

static void
test_one_sample (void)
{
  PsTime t = 1234567890123456789;
  g_autoptr(PsSeries) series = make_series (&t, 1, 1, 7.0);
  g_autoptr(PsSeries) hit = NULL;
  g_autoptr(PsSeries) miss = NULL;
  PsTimeRange range = ps_series_get_time_range (series);

  g_assert_cmpuint (ps_series_get_n (series), ==, 1);
  g_assert_cmpfloat (ps_series_get_value (series, 0, 0), ==, 7.0);
  g_assert_cmpint (range.start, ==, t);
  g_assert_cmpint (range.stop, ==, t + 1);
  g_assert_cmpstr (ps_series_get_label (series, 0), ==, "0");
  g_assert_cmpint (ps_series_get_display_kind (series), ==, PS_DISPLAY_LINE);

  hit = ps_series_slice (series, &range);
  g_assert_cmpuint (ps_series_get_n (hit), ==, 1);
  range.start = t + 1;
  range.stop = t + 100;
  miss = ps_series_slice (series, &range);
  g_assert_cmpuint (ps_series_get_n (miss), ==, 0);
  g_assert_cmpuint (ps_series_get_m (miss), ==, 1);

  /* The last instant of PsTime cannot be followed by one more. */
  g_clear_pointer (&series, ps_series_unref);
  t = G_MAXINT64;
  series = make_series (&t, 1, 1, 0.0);
  range = ps_series_get_time_range (series);
  g_assert_cmpint (range.start, ==, G_MAXINT64);
  g_assert_cmpint (range.stop, ==, G_MAXINT64);
}

static void
test_description (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(PsSeries) series = NULL;
  const char * const labels[] = { "Bx", "By", "Bz", NULL };
  const PsTime times[] = { 1, 2 };
  const double values[] = { 1, 2, 3, 4, 5, 6 };
  const char * const *keys;

  ps_series_builder_set_name (builder, "cda/AC_H2_MFI/BGSEc");
  ps_series_builder_set_units (builder, "nT");
  ps_series_builder_set_labels (builder, labels);
  ps_series_builder_set_display_kind (builder, PS_DISPLAY_VECTOR);
  ps_series_builder_set_meta (builder, "VAR_TYPE", "data");
  ps_series_builder_set_meta (builder, "FIELDNAM", "B-field");
  ps_series_builder_set_meta (builder, "CATDESC", "to be removed");
  ps_series_builder_set_meta (builder, "CATDESC", NULL);
  ps_series_builder_set_meta (builder, "DEPEND_0", "wrong");
  ps_series_builder_set_meta (builder, "DEPEND_0", "Epoch");
  ps_series_builder_set_times (builder, times, 2);
  ps_series_builder_set_values (builder, values, 2, 3);
  series = ps_series_builder_end (builder, NULL);

  g_assert_cmpstr (ps_series_get_name (series), ==, "cda/AC_H2_MFI/BGSEc");
  g_assert_cmpstr (ps_series_get_units (series), ==, "nT");
  g_assert_cmpstr (ps_series_get_label (series, 0), ==, "Bx");
  g_assert_cmpstr (ps_series_get_label (series, 2), ==, "Bz");
  g_assert_true (g_strv_equal ((const char * const *) ps_series_get_labels (series), labels));
  g_assert_cmpint (ps_series_get_display_kind (series), ==, PS_DISPLAY_VECTOR);
  g_assert_null (ps_series_get_bins_units (series));

  /* Keys come back sorted. */
  keys = ps_series_get_meta_keys (series);
  g_assert_cmpuint (g_strv_length ((char **) keys), ==, 3);
  g_assert_cmpstr (keys[0], ==, "DEPEND_0");
  g_assert_cmpstr (keys[1], ==, "FIELDNAM");
  g_assert_cmpstr (keys[2], ==, "VAR_TYPE");
  g_assert_cmpstr (ps_series_get_meta (series, "DEPEND_0"), ==, "Epoch");
  g_assert_cmpstr (ps_series_get_meta (series, "FIELDNAM"), ==, "B-field");
  g_assert_cmpstr (ps_series_get_meta (series, "VAR_TYPE"), ==, "data");
  g_assert_null (ps_series_get_meta (series, "CATDESC"));
  g_assert_null (ps_series_get_meta (series, "AAA"));
  g_assert_null (ps_series_get_meta (series, "ZZZ"));
}

static void
test_display_kind (void)
{
  const char *names[] = { "line", "vector", "multi", "spectrogram" };
  g_autoptr(GEnumClass) klass = g_type_class_ref (PS_TYPE_DISPLAY_KIND);
  PsDisplayKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GEnumValue *value = g_enum_get_value (klass, (int) i);

      g_assert_cmpstr (ps_display_kind_to_string ((PsDisplayKind) i), ==, names[i]);
      g_assert_true (ps_display_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_nonnull (value);
      g_assert_cmpstr (value->value_nick, ==, names[i]);
    }

  kind = PS_DISPLAY_MULTI;
  g_assert_false (ps_display_kind_from_string ("Line", &kind));
  g_assert_false (ps_display_kind_from_string ("", &kind));
  g_assert_cmpint (kind, ==, PS_DISPLAY_MULTI);
  g_assert_true (G_TYPE_IS_ENUM (PS_TYPE_BINS_KIND));
}

static void
test_unsorted (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsSeries) series = NULL;
  const PsTime times[] = { 0, 1, 2, 2, 1, 0 };
  const double values[] = { 0, 1, 2, 3, 4, 5 };

  ps_series_builder_set_times (builder, times, 6);
  ps_series_builder_set_values (builder, values, 6, 1);
  series = ps_series_builder_end (builder, &error);
  g_assert_null (series);
  g_assert_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_UNSORTED);
  /* The first offending sample, not a later one. */
  g_assert_nonnull (strstr (error->message, "sample 4"));
  g_assert_nonnull (strstr (error->message, "sample 3"));
  g_assert_null (strstr (error->message, "sample 5"));
  g_clear_error (&error);

  /* The builder is left empty after a failure. */
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ps_series_get_n (series), ==, 0);
  g_clear_pointer (&series, ps_series_unref);

  /* PS_TIME_INVALID (a fill time that nobody replaced) is refused. */
  {
    const PsTime bad[] = { PS_TIME_INVALID, PS_TIME_INVALID, 5 };

    ps_series_builder_set_times (builder, bad, 3);
    ps_series_builder_set_values (builder, values, 3, 1);
    g_assert_null (ps_series_builder_end (builder, &error));
    g_assert_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_INVALID_TIME);
  }
}

static void
expect_shape_error (PsSeriesBuilder *builder)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ps_series_builder_end (builder, &error));
  g_assert_error (error, PS_SERIES_ERROR, PS_SERIES_ERROR_SHAPE);
}

static void
test_shape (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  const PsTime times[] = { 0, 1, 2 };
  const double values[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
  const char * const two_labels[] = { "a", "b", NULL };

  /* Times without values, and values without times. */
  ps_series_builder_set_times (builder, times, 3);
  expect_shape_error (builder);
  ps_series_builder_set_values (builder, values, 3, 3);
  expect_shape_error (builder);

  ps_series_builder_set_times (builder, times, 3);
  ps_series_builder_set_values (builder, values, 2, 3);
  expect_shape_error (builder);

  ps_series_builder_set_times (builder, times, 3);
  ps_series_builder_set_values (builder, values, 3, 3);
  ps_series_builder_set_labels (builder, two_labels);
  expect_shape_error (builder);

  ps_series_builder_set_times (builder, times, 3);
  ps_series_builder_set_values (builder, values, 3, 3);
  ps_series_builder_set_constant_bins (builder, values, 2);
  expect_shape_error (builder);

  ps_series_builder_set_times (builder, times, 3);
  ps_series_builder_set_values (builder, values, 3, 3);
  ps_series_builder_set_varying_bins (builder, values, 2, 3);
  expect_shape_error (builder);

  ps_series_builder_set_times (builder, times, 3);
  ps_series_builder_set_values (builder, values, 3, 2);
  ps_series_builder_set_varying_bins (builder, values, 3, 3);
  expect_shape_error (builder);
}

/* The cursor's rule: the last sample at or before t, none before the
 * first, NaN kept. */
static void
test_value_at (void)
{
  const PsTime times[] = { 10, 20, 20, 40 };
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  const double values[] = { 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, NAN, 4.0 };
  g_autoptr(PsSeries) series = NULL;
  g_autoptr(PsSeries) empty = make_regular (0, 1, 0, 0.0);
  g_autoptr(GError) error = NULL;
  double value = 0;
  PsTime when = 0;

  ps_series_builder_set_times (builder, times, 4);
  ps_series_builder_set_values (builder, values, 4, 2);
  series = ps_series_builder_end (builder, &error);
  g_assert_no_error (error);

  /* Before the first sample: nothing, outputs untouched */
  g_assert_false (ps_series_value_at (series, 9, 0, &value, &when));
  g_assert_cmpfloat (value, ==, 0.0);
  g_assert_cmpint (when, ==, 0);
  g_assert_false (ps_series_value_at (empty, 100, 0, &value, &when));

  /* Exactly on a sample, and between two */
  g_assert_true (ps_series_value_at (series, 10, 1, &value, &when));
  g_assert_cmpfloat (value, ==, -1.0);
  g_assert_cmpint (when, ==, 10);
  g_assert_true (ps_series_value_at (series, 19, 0, &value, &when));
  g_assert_cmpfloat (value, ==, 1.0);
  g_assert_cmpint (when, ==, 10);

  /* Duplicate times: the last of them */
  g_assert_true (ps_series_value_at (series, 20, 0, &value, &when));
  g_assert_cmpfloat (value, ==, 3.0);
  g_assert_cmpint (when, ==, 20);
  g_assert_true (ps_series_value_at (series, 39, 1, &value, NULL));
  g_assert_cmpfloat (value, ==, -3.0);

  /* NaN stays NaN; after the last sample, the last one holds */
  g_assert_true (ps_series_value_at (series, 40, 0, &value, &when));
  g_assert_true (isnan (value));
  g_assert_cmpint (when, ==, 40);
  g_assert_true (ps_series_value_at (series, G_MAXINT64, 1, &value, NULL));
  g_assert_cmpfloat (value, ==, 4.0);
  g_assert_true (ps_series_value_at (series, 40, 1, NULL, NULL));
}

static void
test_duplicates (void)
{
  const PsTime times[] = { 0, 1, 1, 1, 2 };
  g_autoptr(PsSeries) series = make_series (times, 5, 2, 0.0);
  g_autoptr(PsSeries) slice = NULL;
  PsTimeRange range = ps_time_range_make (1, 2);

  assert_times (series, times, 5);
  g_assert_cmpuint (ps_series_lower_bound (series, 1), ==, 1);
  g_assert_cmpuint (ps_series_upper_bound (series, 1), ==, 4);
  g_assert_cmpuint (ps_series_lower_bound (series, -5), ==, 0);
  g_assert_cmpuint (ps_series_upper_bound (series, 2), ==, 5);
  g_assert_cmpuint (ps_series_lower_bound (series, 3), ==, 5);

  slice = ps_series_slice (series, &range);
  g_assert_cmpuint (ps_series_get_n (slice), ==, 3);
  g_assert_cmpfloat (ps_series_get_value (slice, 0, 1), ==, 11.0);
  g_assert_cmpfloat (ps_series_get_value (slice, 2, 0), ==, 30.0);
}

static void
test_fill (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(PsSeries) series = NULL;
  const PsTime times[] = { 0, 1, 2 };
  const double bins[] = { FILL, 2.0 };
  double *values = g_new (double, 6);

  values[0] = 1.0;
  values[1] = FILL;
  values[2] = NAN;
  values[3] = -FILL;
  values[4] = FILL;
  values[5] = 0.0;
  ps_series_builder_set_times (builder, times, 3);
  ps_series_builder_take_values (builder, values, 3, 2);
  ps_series_builder_set_constant_bins (builder, bins, 2);
  ps_series_builder_set_fill_value (builder, FILL);
  series = ps_series_builder_end (builder, NULL);

  g_assert_cmpfloat (ps_series_get_value (series, 0, 0), ==, 1.0);
  g_assert_true (isnan (ps_series_get_value (series, 0, 1)));
  g_assert_true (isnan (ps_series_get_value (series, 1, 0)));
  g_assert_cmpfloat (ps_series_get_value (series, 1, 1), ==, -FILL);
  g_assert_true (isnan (ps_series_get_value (series, 2, 0)));
  g_assert_cmpfloat (ps_series_get_value (series, 2, 1), ==, 0.0);
  /* Values only: bins and times are never filled. */
  g_assert_cmpfloat (ps_series_get_bins (series)[0], ==, FILL);
  g_assert_cmpint (ps_series_get_display_kind (series), ==, PS_DISPLAY_SPECTROGRAM);
  g_clear_pointer (&series, ps_series_unref);

  /* The fill value does not survive ps_series_builder_end(); NaN as fill
   * is no fill at all. */
  {
    const double copied[] = { FILL, NAN, 3.0 };

    ps_series_builder_set_times (builder, times, 3);
    ps_series_builder_set_values (builder, copied, 3, 1);
    series = ps_series_builder_end (builder, NULL);
    g_assert_cmpfloat (ps_series_get_value (series, 0, 0), ==, FILL);
    g_clear_pointer (&series, ps_series_unref);

    ps_series_builder_set_fill_value (builder, NAN);
    ps_series_builder_set_times (builder, times, 3);
    ps_series_builder_set_values (builder, copied, 3, 1);
    series = ps_series_builder_end (builder, NULL);
    g_assert_cmpfloat (ps_series_get_value (series, 0, 0), ==, FILL);
    g_assert_true (isnan (ps_series_get_value (series, 1, 0)));
    g_assert_cmpfloat (ps_series_get_value (series, 2, 0), ==, 3.0);
    g_clear_pointer (&series, ps_series_unref);

    /* A copied array is filled in the copy, never in the caller's. */
    ps_series_builder_set_fill_value (builder, 3.0);
    ps_series_builder_set_times (builder, times, 3);
    ps_series_builder_set_values (builder, copied, 3, 1);
    series = ps_series_builder_end (builder, NULL);
    g_assert_true (isnan (ps_series_get_value (series, 2, 0)));
    g_assert_cmpfloat (copied[2], ==, 3.0);
  }
}

static void
test_row_major (void)
{
  g_autoptr(PsSeries) series = make_regular (4, 3, 100, 0.0);
  const double *values = ps_series_get_values (series);

  g_assert_cmpuint (ps_series_get_m (series), ==, 3);
  for (gsize i = 0; i < 4; i++)
    for (guint j = 0; j < 3; j++)
      {
        g_assert_cmpfloat (values[i * 3 + j], ==, 10.0 * i + j);
        g_assert_cmpfloat (ps_series_get_value (series, i, j), ==, 10.0 * i + j);
      }
  g_assert_cmpint (ps_series_get_times (series)[3], ==, 130);
}

static void
test_zero_copy (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  g_autoptr(PsSeries) series = NULL;
  gsize n = 1 << 20;
  PsTime *times = g_new (PsTime, n);
  double *values = g_new (double, n * 2);
  double *bins = NULL;
  const PsTime *alloc_times;
  const double small[] = { 1, 2 };

  for (gsize i = 0; i < n; i++)
    {
      times[i] = (PsTime) i;
      values[2 * i] = values[2 * i + 1] = (double) i;
    }

  /* Taken arrays become the series' arrays. */
  ps_series_builder_take_times (builder, times, n);
  ps_series_builder_take_values (builder, values, n, 2);
  bins = ps_series_builder_alloc_varying_bins (builder, n, 2);
  memset (bins, 0, n * 2 * sizeof (double));
  series = ps_series_builder_end (builder, NULL);
  g_assert_true (ps_series_get_times (series) == times);
  g_assert_true (ps_series_get_values (series) == values);
  g_assert_true (ps_series_get_bins (series) == bins);
  g_assert_cmpuint ((guintptr) bins % 64, ==, 0);
  g_clear_pointer (&series, ps_series_unref);

  /* Allocated ones too, 64-byte aligned; set ones are aligned copies. */
  {
    PsTime *t = ps_series_builder_alloc_times (builder, 2);
    double *v = ps_series_builder_alloc_values (builder, 2, 1);

    t[0] = 5;
    t[1] = 6;
    v[0] = v[1] = 1.0;
    ps_series_builder_set_constant_bins (builder, small, 1);
    alloc_times = t;
    series = ps_series_builder_end (builder, NULL);
    g_assert_true (ps_series_get_times (series) == alloc_times);
    g_assert_true (ps_series_get_values (series) == v);
    g_assert_cmpuint ((guintptr) ps_series_get_times (series) % 64, ==, 0);
    g_assert_cmpuint ((guintptr) ps_series_get_values (series) % 64, ==, 0);
    g_assert_cmpuint ((guintptr) ps_series_get_bins (series) % 64, ==, 0);
    g_clear_pointer (&series, ps_series_unref);
  }

  /* Setting twice releases the first array (ASan/valgrind would notice). */
  ps_series_builder_take_times (builder, g_new0 (PsTime, 3), 3);
  ps_series_builder_set_times (builder, (PsTime[]) { 7 }, 1);
  ps_series_builder_take_values (builder, g_new0 (double, 3), 3, 1);
  ps_series_builder_set_values (builder, small, 1, 1);
  series = ps_series_builder_end (builder, NULL);
  g_assert_cmpuint (ps_series_get_n (series), ==, 1);
  g_assert_cmpint (ps_series_get_time (series, 0), ==, 7);
}

static void
test_slice (void)
{
  g_autoptr(PsSeries) series = make_regular (10, 2, 0, 0.0);
  const PsTime *times = ps_series_get_times (series);
  const double *values = ps_series_get_values (series);
  struct {
    PsTime start;
    PsTime stop;
    gsize  first;
    gsize  count;
  } cases[] = {
    { 0, 100, 0, 10 },      /* exactly the whole series */
    { -1000, 1000, 0, 10 }, /* more than the whole */
    { 10, 30, 1, 2 },       /* exact boundaries: start in, stop out */
    { 11, 30, 2, 1 },
    { 10, 31, 1, 3 },
    { -100, 1, 0, 1 },      /* overlapping the start */
    { -100, 0, 0, 0 },      /* entirely before */
    { 90, 91, 9, 1 },       /* the last sample alone */
    { 91, 1000, 10, 0 },    /* entirely after */
    { 50, 50, 5, 0 },       /* empty range */
    { 55, 56, 6, 0 },       /* between two samples */
    { 60, 40, 6, 0 },       /* reversed, hence empty */
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      PsTimeRange range = ps_time_range_make (cases[c].start, cases[c].stop);
      g_autoptr(PsSeries) slice = ps_series_slice (series, &range);

      g_test_message ("slice [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                      range.start, range.stop);
      g_assert_cmpuint (ps_series_get_n (slice), ==, cases[c].count);
      g_assert_cmpuint (ps_series_get_m (slice), ==, 2);
      g_assert_cmpstr (ps_series_get_units (slice), ==, "nT");
      g_assert_cmpstr (ps_series_get_label (slice, 1), ==, "1");
      /* A view into the parent's arrays, not a copy. */
      g_assert_true (ps_series_get_times (slice) == times + cases[c].first);
      g_assert_true (ps_series_get_values (slice) == values + 2 * cases[c].first);
      if (cases[c].count > 0)
        g_assert_cmpfloat (ps_series_get_value (slice, 0, 1), ==, 10.0 * cases[c].first + 1);
    }
}

static void
test_slice_of_slice (void)
{
  g_autoptr(PsSeries) series = make_regular (10, 1, 0, 0.0);
  PsTimeRange outer = ps_time_range_make (20, 80);
  PsTimeRange inner = ps_time_range_make (0, 45);
  PsTimeRange beyond = ps_time_range_make (85, 1000);
  g_autoptr(PsSeries) a = ps_series_slice (series, &outer);
  g_autoptr(PsSeries) b = ps_series_slice (a, &inner);
  g_autoptr(PsSeries) c = ps_series_slice (a, &beyond);
  g_autoptr(PsSeries) d = ps_series_slice_index (a, 1, 2);
  g_autoptr(PsSeries) e = ps_series_slice_index (a, 6, 0);
  g_autoptr(PsSeries) whole = ps_series_slice_index (a, 0, 6);
  const PsTime expected[] = { 20, 30, 40 };

  g_assert_cmpuint (ps_series_get_n (a), ==, 6);
  /* The inner range reaches before a: it is clipped to a, not to series. */
  assert_times (b, expected, 3);
  g_assert_cmpfloat (ps_series_get_value (b, 2, 0), ==, 40.0);
  g_assert_cmpuint (ps_series_get_n (c), ==, 0);
  assert_times (d, expected + 1, 2);
  g_assert_cmpuint (ps_series_get_n (e), ==, 0);
  g_assert_true (whole == a);
}

static void
test_slice_outlives_parent (void)
{
  PsSeries *series = make_regular (100, 3, 1000, 0.0);
  PsTimeRange range = ps_time_range_make (1500, 1600);
  PsSeries *slice = ps_series_slice (series, &range);
  PsSeries *inner;

  ps_series_unref (series);
  g_assert_cmpuint (ps_series_get_n (slice), ==, 10);
  g_assert_cmpfloat (ps_series_get_value (slice, 9, 2), ==, 10.0 * 59 + 2);
  g_assert_cmpstr (ps_series_get_name (slice), ==, "test/product");

  inner = ps_series_slice_index (slice, 5, 5);
  ps_series_unref (slice);
  g_assert_cmpint (ps_series_get_time (inner, 0), ==, 1550);
  g_assert_cmpfloat (ps_series_get_value (inner, 4, 0), ==, 590.0);
  ps_series_unref (inner);
}

static PsSeries *
make_with_bins (PsTime        t0,
                gsize         n,
                PsBinsKind    kind,
                const double *constant)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, 2);

  for (gsize i = 0; i < n; i++)
    {
      times[i] = t0 + (PsTime) i;
      values[2 * i] = values[2 * i + 1] = (double) times[i];
    }

  if (kind == PS_BINS_CONSTANT)
    {
      ps_series_builder_set_constant_bins (builder, constant, 2);
    }
  else
    {
      double *bins = ps_series_builder_alloc_varying_bins (builder, n, 2);

      for (gsize i = 0; i < n; i++)
        {
          bins[2 * i] = (double) times[i];
          bins[2 * i + 1] = (double) times[i] + 0.5;
        }
    }
  ps_series_builder_set_units (builder, "nT");
  ps_series_builder_set_bins_units (builder, "eV");
  ps_series_builder_set_bins_label (builder, "Energy");

  return ps_series_builder_end (builder, NULL);
}

static void
test_varying_bins (void)
{
  const double constant[] = { 10.0, 20.0 };
  g_autoptr(PsSeries) varying = make_with_bins (0, 5, PS_BINS_VARYING, NULL);
  g_autoptr(PsSeries) fixed = make_with_bins (0, 5, PS_BINS_CONSTANT, constant);
  PsTimeRange range = ps_time_range_make (2, 4);
  g_autoptr(PsSeries) vslice = ps_series_slice (varying, &range);
  g_autoptr(PsSeries) fslice = ps_series_slice (fixed, &range);
  const double *bins = ps_series_get_bins (vslice);

  g_assert_cmpint (ps_series_get_bins_kind (vslice), ==, PS_BINS_VARYING);
  g_assert_cmpstr (ps_series_get_bins_units (vslice), ==, "eV");
  g_assert_cmpstr (ps_series_get_bins_label (vslice), ==, "Energy");
  g_assert_cmpuint (ps_series_get_n (vslice), ==, 2);
  g_assert_cmpfloat (bins[0], ==, 2.0);
  g_assert_cmpfloat (bins[1], ==, 2.5);
  g_assert_cmpfloat (bins[3], ==, 3.5);

  /* Constant bins are the same m doubles for every slice. */
  g_assert_cmpint (ps_series_get_bins_kind (fslice), ==, PS_BINS_CONSTANT);
  g_assert_true (ps_series_get_bins (fslice) == ps_series_get_bins (fixed));
  g_assert_cmpfloat (ps_series_get_bins (fslice)[1], ==, 20.0);
}

static PsSeries *
concat_ok (PsSeries **pieces,
           guint      n)
{
  g_autoptr(GError) error = NULL;
  PsSeries *joined = ps_series_concat (pieces, n, &error);

  g_assert_no_error (error);
  g_assert_nonnull (joined);
  return joined;
}

static void
test_concat_adjacent (void)
{
  g_autoptr(PsSeries) a = make_regular (5, 2, 0, 0.0);
  g_autoptr(PsSeries) b = make_regular (5, 2, 50, 1000.0);
  PsSeries *pieces[] = { a, b };
  g_autoptr(PsSeries) joined = concat_ok (pieces, 2);

  g_assert_cmpuint (ps_series_get_n (joined), ==, 10);
  g_assert_cmpuint (ps_series_get_m (joined), ==, 2);
  for (gsize i = 0; i < 10; i++)
    g_assert_cmpint (ps_series_get_time (joined, i), ==, 10 * (PsTime) i);
  g_assert_cmpfloat (ps_series_get_value (joined, 4, 1), ==, 41.0);
  g_assert_cmpfloat (ps_series_get_value (joined, 5, 0), ==, 1000.0);
  g_assert_cmpfloat (ps_series_get_value (joined, 9, 1), ==, 1041.0);
  g_assert_cmpstr (ps_series_get_units (joined), ==, "nT");
  g_assert_cmpstr (ps_series_get_name (joined), ==, "test/product");
  g_assert_cmpstr (ps_series_get_label (joined, 1), ==, "1");
  g_assert_cmpuint ((guintptr) ps_series_get_values (joined) % 64, ==, 0);
}

static void
test_concat_overlap (void)
{
  const PsTime ta[] = { 0, 1, 2, 3 };
  const PsTime tb[] = { 2, 3, 4, 5 };
  const PsTime tc[] = { 0, 1, 2, 2 };
  const PsTime td[] = { 2, 2, 3 };
  g_autoptr(PsSeries) a = make_series (ta, 4, 1, 0.0);
  g_autoptr(PsSeries) b = make_series (tb, 4, 1, 100.0);
  g_autoptr(PsSeries) c = make_series (tc, 4, 1, 0.0);
  g_autoptr(PsSeries) d = make_series (td, 3, 1, 200.0);
  g_autoptr(PsSeries) ab = NULL;
  g_autoptr(PsSeries) cd = NULL;
  g_autoptr(PsSeries) inside = NULL;
  g_autoptr(PsSeries) big = make_regular (10, 1, 0, 0.0);
  g_autoptr(PsSeries) small = make_regular (3, 1, 30, 500.0);
  const PsTime tab[] = { 0, 1, 2, 3, 4, 5 };
  const PsTime tcd[] = { 0, 1, 2, 2, 3 };

  /* The earlier piece wins where they overlap. */
  ab = concat_ok ((PsSeries *[]) { a, b }, 2);
  assert_times (ab, tab, 6);
  g_assert_cmpfloat (ps_series_get_value (ab, 2, 0), ==, 20.0);
  g_assert_cmpfloat (ps_series_get_value (ab, 3, 0), ==, 30.0);
  g_assert_cmpfloat (ps_series_get_value (ab, 4, 0), ==, 120.0);

  /* Duplicates inside a piece are kept; the next piece's copies of the
   * boundary time are not. */
  cd = concat_ok ((PsSeries *[]) { c, d }, 2);
  assert_times (cd, tcd, 5);
  g_assert_cmpfloat (ps_series_get_value (cd, 3, 0), ==, 30.0);
  g_assert_cmpfloat (ps_series_get_value (cd, 4, 0), ==, 220.0);

  /* A piece inside the previous one adds nothing: the result is a view of
   * the first piece. */
  inside = concat_ok ((PsSeries *[]) { big, small }, 2);
  g_assert_cmpuint (ps_series_get_n (inside), ==, 10);
  g_assert_true (ps_series_get_values (inside) == ps_series_get_values (big));
}

static void
test_concat_empties (void)
{
  PsTimeRange nowhere = ps_time_range_make (-10, -5);
  g_autoptr(PsSeries) a = make_regular (3, 2, 0, 0.0);
  g_autoptr(PsSeries) b = make_regular (3, 2, 30, 100.0);
  g_autoptr(PsSeries) e = ps_series_slice (a, &nowhere);
  g_autoptr(PsSeries) e1 = make_regular (0, 1, 0, 0.0);
  g_autoptr(PsSeries) joined = NULL;
  g_autoptr(PsSeries) single = NULL;
  g_autoptr(PsSeries) all_empty = NULL;
  g_autoptr(PsSeries) none = NULL;

  /* Empty pieces are skipped, even with another m. */
  joined = concat_ok ((PsSeries *[]) { e, a, e1, e, b, e }, 6);
  g_assert_cmpuint (ps_series_get_n (joined), ==, 6);
  g_assert_cmpuint (ps_series_get_m (joined), ==, 2);
  g_assert_cmpfloat (ps_series_get_value (joined, 3, 0), ==, 100.0);

  /* One contributing piece: shared, not copied. */
  single = concat_ok ((PsSeries *[]) { e1, b, e }, 3);
  g_assert_true (ps_series_get_values (single) == ps_series_get_values (b));

  all_empty = concat_ok ((PsSeries *[]) { e, e1 }, 2);
  g_assert_cmpuint (ps_series_get_n (all_empty), ==, 0);
  g_assert_cmpuint (ps_series_get_m (all_empty), ==, 2);

  none = concat_ok (NULL, 0);
  g_assert_cmpuint (ps_series_get_n (none), ==, 0);
}

static void
expect_concat_error (PsSeries **pieces,
                     guint      n,
                     int        code)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ps_series_concat (pieces, n, &error));
  g_assert_error (error, PS_SERIES_ERROR, code);
  g_test_message ("%s", error->message);
}

static void
test_concat_errors (void)
{
  const double constant[] = { 1.0, 2.0 };
  g_autoptr(PsSeries) a = make_regular (3, 2, 0, 0.0);
  g_autoptr(PsSeries) b3 = make_regular (3, 3, 30, 0.0);
  g_autoptr(PsSeries) early = make_regular (3, 2, -100, 0.0);
  g_autoptr(PsSeries) bins = make_with_bins (100, 3, PS_BINS_CONSTANT, constant);
  g_autoptr(PsSeries) other_units = NULL;
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  const PsTime times[] = { 50 };

  ps_series_builder_set_times (builder, times, 1);
  ps_series_builder_set_values (builder, constant, 1, 2);
  ps_series_builder_set_units (builder, "cm^-3");
  other_units = ps_series_builder_end (builder, NULL);

  expect_concat_error ((PsSeries *[]) { a, b3 }, 2, PS_SERIES_ERROR_INCOMPATIBLE);
  expect_concat_error ((PsSeries *[]) { a, other_units }, 2, PS_SERIES_ERROR_INCOMPATIBLE);
  expect_concat_error ((PsSeries *[]) { a, bins }, 2, PS_SERIES_ERROR_INCOMPATIBLE);
  expect_concat_error ((PsSeries *[]) { a, early }, 2, PS_SERIES_ERROR_UNSORTED);
}

static void
test_concat_bins (void)
{
  const double c1[] = { 1.0, 2.0 };
  const double c2[] = { 5.0, 6.0 };
  g_autoptr(PsSeries) k1 = make_with_bins (0, 2, PS_BINS_CONSTANT, c1);
  g_autoptr(PsSeries) k1b = make_with_bins (2, 2, PS_BINS_CONSTANT, c1);
  g_autoptr(PsSeries) k2 = make_with_bins (4, 2, PS_BINS_CONSTANT, c2);
  g_autoptr(PsSeries) v1 = make_with_bins (10, 3, PS_BINS_VARYING, NULL);
  g_autoptr(PsSeries) v2 = make_with_bins (13, 2, PS_BINS_VARYING, NULL);
  g_autoptr(PsSeries) same = concat_ok ((PsSeries *[]) { k1, k1b }, 2);
  g_autoptr(PsSeries) differ = concat_ok ((PsSeries *[]) { k1, k2 }, 2);
  g_autoptr(PsSeries) varying = concat_ok ((PsSeries *[]) { v1, v2 }, 2);
  g_autoptr(PsSeries) mixed = concat_ok ((PsSeries *[]) { k1, v1 }, 2);
  PsTimeRange tail = ps_time_range_make (11, 15);
  g_autoptr(PsSeries) sliced = ps_series_slice (varying, &tail);
  const double *bins;

  g_assert_cmpint (ps_series_get_bins_kind (same), ==, PS_BINS_CONSTANT);
  g_assert_cmpuint (ps_series_get_n (same), ==, 4);
  g_assert_cmpfloat (ps_series_get_bins (same)[1], ==, 2.0);
  g_assert_cmpstr (ps_series_get_bins_units (same), ==, "eV");

  /* An energy table that changes between pieces becomes time-varying. */
  g_assert_cmpint (ps_series_get_bins_kind (differ), ==, PS_BINS_VARYING);
  bins = ps_series_get_bins (differ);
  g_assert_cmpfloat (bins[0], ==, 1.0);
  g_assert_cmpfloat (bins[3], ==, 2.0);
  g_assert_cmpfloat (bins[4], ==, 5.0);
  g_assert_cmpfloat (bins[7], ==, 6.0);

  g_assert_cmpint (ps_series_get_bins_kind (varying), ==, PS_BINS_VARYING);
  g_assert_cmpuint (ps_series_get_n (varying), ==, 5);
  bins = ps_series_get_bins (varying);
  for (gsize i = 0; i < 5; i++)
    {
      g_assert_cmpfloat (bins[2 * i], ==, 10.0 + i);
      g_assert_cmpfloat (bins[2 * i + 1], ==, 10.5 + i);
    }

  /* Slicing the joined series slices its bins with it. */
  g_assert_cmpuint (ps_series_get_n (sliced), ==, 4);
  g_assert_cmpfloat (ps_series_get_bins (sliced)[0], ==, 11.0);
  g_assert_cmpfloat (ps_series_get_bins (sliced)[7], ==, 14.5);

  g_assert_cmpint (ps_series_get_bins_kind (mixed), ==, PS_BINS_VARYING);
  bins = ps_series_get_bins (mixed);
  g_assert_cmpfloat (bins[2], ==, 1.0);
  g_assert_cmpfloat (bins[4], ==, 10.0);
  g_assert_cmpfloat (bins[9], ==, 12.5);
}

static void
test_boxed (void)
{
  g_autoptr(PsSeries) series = make_regular (3, 1, 0, 0.0);
  g_auto(GValue) value = G_VALUE_INIT;
  PsSeries *copy;

  g_assert_true (G_TYPE_IS_BOXED (PS_TYPE_SERIES));
  copy = g_boxed_copy (PS_TYPE_SERIES, series);
  g_assert_true (copy == series);
  g_boxed_free (PS_TYPE_SERIES, copy);

  g_value_init (&value, PS_TYPE_SERIES);
  g_value_set_boxed (&value, series);
  g_assert_true (g_value_get_boxed (&value) == series);
}

typedef struct
{
  PsSeries *series;
  guint     seed;
} ThreadData;

/* Each thread owns one reference and drops it at the end: whichever thread
 * comes last frees the data. */
static gpointer
slice_in_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  GRand *rand = g_rand_new_with_seed (data->seed);
  gsize n = ps_series_get_n (data->series);

  for (guint k = 0; k < 20000; k++)
    {
      PsTime start = g_rand_int_range (rand, -10, (gint32) (10 * n + 10));
      PsTime stop = start + g_rand_int_range (rand, 0, 200);
      PsTimeRange range = ps_time_range_make (start, stop);
      PsSeries *ref = ps_series_ref (data->series);
      PsSeries *slice = ps_series_slice (ref, &range);
      PsSeries *inner = ps_series_slice_index (slice, 0, ps_series_get_n (slice) / 2);

      ps_series_unref (ref);
      for (gsize i = 0; i < ps_series_get_n (slice); i++)
        {
          PsTime t = ps_series_get_time (slice, i);

          g_assert_true (ps_time_range_contains (&range, t));
          g_assert_cmpfloat (ps_series_get_value (slice, i, 0), ==, (double) t);
        }
      ps_series_unref (slice);
      g_assert_cmpuint (ps_series_get_n (inner), <=, 10);
      ps_series_unref (inner);
    }

  g_rand_free (rand);
  ps_series_unref (data->series);
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(PsSeriesBuilder) builder = ps_series_builder_new ();
  PsSeries *series;
  GThread *threads[8];
  ThreadData data[8];
  gsize n = 10000;
  PsTime *times = ps_series_builder_alloc_times (builder, n);
  double *values = ps_series_builder_alloc_values (builder, n, 1);

  for (gsize i = 0; i < n; i++)
    {
      times[i] = 10 * (PsTime) i;
      values[i] = (double) times[i];
    }
  series = ps_series_builder_end (builder, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      data[i].series = ps_series_ref (series);
      data[i].seed = i + 1;
      threads[i] = g_thread_new ("slicer", slice_in_thread, &data[i]);
    }
  ps_series_unref (series);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Core/Series/empty", test_empty);
  g_test_add_func ("/Core/Series/one-sample", test_one_sample);
  g_test_add_func ("/Core/Series/description", test_description);
  g_test_add_func ("/Core/Series/display-kind", test_display_kind);
  g_test_add_func ("/Core/Series/unsorted", test_unsorted);
  g_test_add_func ("/Core/Series/shape", test_shape);
  g_test_add_func ("/Core/Series/duplicates", test_duplicates);
  g_test_add_func ("/Core/Series/fill", test_fill);
  g_test_add_func ("/Core/Series/row-major", test_row_major);
  g_test_add_func ("/Core/Series/zero-copy", test_zero_copy);
  g_test_add_func ("/Core/Series/slice/boundaries", test_slice);
  g_test_add_func ("/Core/Series/slice/of-slice", test_slice_of_slice);
  g_test_add_func ("/Core/Series/slice/outlives-parent", test_slice_outlives_parent);
  g_test_add_func ("/Core/Series/slice/varying-bins", test_varying_bins);
  g_test_add_func ("/Core/Series/concat/adjacent", test_concat_adjacent);
  g_test_add_func ("/Core/Series/concat/overlap", test_concat_overlap);
  g_test_add_func ("/Core/Series/concat/empties", test_concat_empties);
  g_test_add_func ("/Core/Series/concat/errors", test_concat_errors);
  g_test_add_func ("/Core/Series/concat/bins", test_concat_bins);
  g_test_add_func ("/Core/Series/value-at", test_value_at);
  g_test_add_func ("/Core/Series/boxed", test_boxed);
  g_test_add_func ("/Core/Series/threads", test_threads);

  return g_test_run ();
}
