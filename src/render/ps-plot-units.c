/* ps-plot-units.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Units as CDF files write them (IDL format codes: "cm!E-3!N") to Pango
 * markup for axis titles.
 */

#define G_LOG_DOMAIN "ps-render"

#include "config.h"

#include "ps-plot-layout-private.h"
#include "ps-plot-units.h"

/* Digits and signs as Unicode super- or subscripts: they need no markup,
 * so they survive ellipsising (Pango 1.50 warns about leftover font
 * scales when it ellipsises <sup>). NULL for any other character. */
static const char *
script_char (char c,
             int  level)
{
  static const char *const sup_digits[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  static const char *const sub_digits[] = { "₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉" };

  if (c >= '0' && c <= '9')
    return level > 0 ? sup_digits[c - '0'] : sub_digits[c - '0'];
  if (c == '-')
    return level > 0 ? "⁻" : "₋";
  if (c == '+')
    return level > 0 ? "⁺" : "₊";
  return NULL;
}

static void
append_escaped (GString *out,
                char     c)
{
  if (c == '<')
    g_string_append (out, "&lt;");
  else if (c == '>')
    g_string_append (out, "&gt;");
  else if (c == '&')
    g_string_append (out, "&amp;");
  else
    g_string_append_c (out, c);
}

/* Appends @run (@len bytes of raised or lowered text) to @out: as Unicode
 * scripts when it can, else in <sup> or <sub>. */
static void
append_script (GString    *out,
               const char *run,
               gsize       len,
               int         level)
{
  gboolean plain = TRUE;

  for (gsize i = 0; i < len; i++)
    plain = plain && script_char (run[i], level) != NULL;
  if (plain)
    {
      for (gsize i = 0; i < len; i++)
        g_string_append (out, script_char (run[i], level));
      return;
    }
  g_string_append (out, level > 0 ? "<sup>" : "<sub>");
  for (gsize i = 0; i < len; i++)
    append_escaped (out, run[i]);
  g_string_append (out, level > 0 ? "</sup>" : "</sub>");
}

/**
 * _ps_plot_units_markup:
 *
 * @units as Pango markup, IDL format codes turned into what they mean:
 * "cm!E-3!N" is cm⁻³ ("!E"/"!U" superscript, "!D"/"!I" subscript, "!N"
 * back to normal, "!!" a "!").
 */
char *
_ps_plot_units_markup (const char *units)
{
  GString *out = g_string_new (NULL);
  GString *run = g_string_new (NULL);
  int level = 0; /* > 0 raised, < 0 lowered */

  for (const char *p = units; *p != '\0'; p++)
    {
      if (p[0] == '!' && p[1] != '\0')
        {
          char code = g_ascii_toupper (p[1]);

          if (code == 'E' || code == 'U' || code == 'D' || code == 'I' || code == 'N')
            {
              if (level != 0)
                append_script (out, run->str, run->len, level);
              g_string_truncate (run, 0);
              level = (code == 'E' || code == 'U') ? 1 : (code == 'D' || code == 'I') ? -1 : 0;
              p++;
              continue;
            }
          if (p[1] == '!')
            p++;
        }
      if (level != 0)
        g_string_append_c (run, *p);
      else
        append_escaped (out, *p);
    }
  if (level != 0)
    append_script (out, run->str, run->len, level);
  g_string_free (run, TRUE);
  return g_string_free (out, FALSE);
}

/**
 * ps_plot_units_markup:
 * @units: units as a CDF's UNITS attribute writes them
 *
 * Returns: (transfer full): @units as Pango markup, as the plots show them
 */
char *
ps_plot_units_markup (const char *units)
{
  g_return_val_if_fail (units != NULL, NULL);

  return _ps_plot_units_markup (units);
}
