/* ps-ticks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parts the tick generators share. Labels are written from integers
 * (a tick is n × 10^k), never by printing a double, so 0.1 + 0.2 cannot
 * come out as "0.30000000000000004" and -0 cannot appear.
 */

#define G_LOG_DOMAIN "ps-plot"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ps-ticks-private.h"

static const char * const superscript_digits[] = {
  "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹",
};

double
_ps_ticks_pow10 (int k)
{
  char text[16];

  /* strtod rounds correctly, which repeated multiplication does not. */
  g_snprintf (text, sizeof text, "1e%d", k);
  return g_ascii_strtod (text, NULL);
}

double
_ps_ticks_value (gint64 n,
                 int    k)
{
  /* One rounding: n and 10^|k| (|k| <= 22) are exact doubles. */
  if (k >= 0)
    return (double) n * _ps_ticks_pow10 (k);
  return (double) n / _ps_ticks_pow10 (-k);
}

static void
append_superscript (GString *str,
                    int      e)
{
  char digits[16];

  if (e < 0)
    g_string_append (str, "⁻");
  g_snprintf (digits, sizeof digits, "%d", ABS (e));
  for (const char *p = digits; *p != '\0'; p++)
    g_string_append (str, superscript_digits[*p - '0']);
}

char *
_ps_ticks_format_power (int e)
{
  GString *str = g_string_new ("10");

  append_superscript (str, e);
  return g_string_free (str, FALSE);
}

char *
_ps_ticks_format_exact (gint64   n,
                        int      k,
                        gboolean scientific)
{
  GString *str;
  char digits[32];
  int len;

  if (n == 0)
    return g_strdup ("0");

  /* U+2212 MINUS SIGN, as typeset figures have it, not a hyphen. */
  str = g_string_new (n < 0 ? "−" : NULL);
  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT,
              n < 0 ? (guint64) 0 - (guint64) n : (guint64) n);
  len = (int) strlen (digits);
  while (len > 1 && digits[len - 1] == '0')
    {
      digits[--len] = '\0';
      k++;
    }

  if (scientific)
    {
      int e = k + len - 1;

      g_string_append_c (str, digits[0]);
      if (len > 1)
        g_string_append_printf (str, ".%s", digits + 1);
      if (e != 0)
        {
          g_string_append (str, "×10");
          append_superscript (str, e);
        }
    }
  else if (k >= 0)
    {
      g_string_append (str, digits);
      for (int i = 0; i < k; i++)
        g_string_append_c (str, '0');
    }
  else if (len + k > 0)
    {
      g_string_append_len (str, digits, len + k);
      g_string_append_printf (str, ".%s", digits + len + k);
    }
  else
    {
      g_string_append (str, "0.");
      for (int i = 0; i < -(len + k); i++)
        g_string_append_c (str, '0');
      g_string_append (str, digits);
    }

  return g_string_free (str, FALSE);
}

void
_ps_ticks_take (PsTicks   *out,
                GArray    *major,
                GPtrArray *labels,
                GArray    *minor)
{
  g_assert (major->len == labels->len);

  out->n_major = major->len;
  out->major = (double *) (void *) g_array_free (major, FALSE);
  g_ptr_array_add (labels, NULL);
  out->labels = (char **) g_ptr_array_free (labels, FALSE);
  out->n_minor = minor->len;
  out->minor = (double *) (void *) g_array_free (minor, FALSE);
}

void
ps_ticks_clear (PsTicks *ticks)
{
  g_return_if_fail (ticks != NULL);

  g_clear_pointer (&ticks->major, g_free);
  g_clear_pointer (&ticks->labels, g_strfreev);
  g_clear_pointer (&ticks->minor, g_free);
  ticks->n_major = 0;
  ticks->n_minor = 0;
}

void
ps_time_ticks_clear (PsTimeTicks *ticks)
{
  g_return_if_fail (ticks != NULL);

  g_clear_pointer (&ticks->major, g_free);
  g_clear_pointer (&ticks->labels, g_strfreev);
  g_clear_pointer (&ticks->minor, g_free);
  g_clear_pointer (&ticks->context, g_free);
  ticks->n_major = 0;
  ticks->n_minor = 0;
}

gboolean
ps_finite_extent (const double *values,
                  gsize         n_values,
                  gboolean      log,
                  double       *out_lo,
                  double       *out_hi)
{
  double lo = INFINITY;
  double hi = -INFINITY;

  g_return_val_if_fail (values != NULL || n_values == 0, FALSE);
  g_return_val_if_fail (out_lo != NULL && out_hi != NULL, FALSE);

  for (gsize i = 0; i < n_values; i++)
    {
      double v = values[i];

      if (!isfinite (v) || (log && !(v > 0)))
        continue;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }

  if (lo > hi)
    return FALSE;
  *out_lo = lo;
  *out_hi = hi;
  return TRUE;
}
