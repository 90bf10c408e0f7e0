/* ps-text-table.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text tables as scientists write them, parsed from memory:
 *
 *  - a UTF-8 byte order mark and CRLF line ends are ignored; lines whose
 *    first non-blank character is '#', '%' or ';' are comments; blank lines
 *    are skipped; lines above the table (a preamble) are ignored;
 *  - the delimiter is found from the first rows (64 KiB at most): tab,
 *    comma, semicolon, '|' or runs of blanks, the one that makes the most
 *    rows of "time, then numbers" with one field count; fields may be
 *    quoted with '"' ("" inside is a quote);
 *  - the time is one ISO 8601 column (with 'T' or one space, 'Z' or not,
 *    fractions, year-day-of-year dates, and the dd-mm-yyyy and yyyy/mm/dd
 *    dates of CDAWeb listings and spreadsheets), or a date column then a
 *    clock column, or numeric columns: year and day of year (OMNI: "YEAR
 *    DOY HR", also recognised without a header), year, month and day, or
 *    Unix seconds (or milliseconds) when the first column's name says so
 *    ("time", "epoch", "unix", "timestamp"; "ms" in it for milliseconds);
 *  - the header is the line right above the first row when it has as many
 *    fields and is not all numbers (or a comment line there, as numpy's
 *    savetxt writes it); a line of units may sit between the names and
 *    the rows; "Bx (nT)" and "Bx [nT]" give name and units; without a
 *    header the columns are "column N", N counting fields from 1;
 *  - decimal commas, as European spreadsheets write them ("1,25" next to
 *    ';' or tab): a table whose delimiter is not ',' reads one ',' between
 *    digits in a number as the decimal point ("-3,5", "1,5E-03"); a plain
 *    number ("12", "0.5") stays one (ISO times take a ',' before the
 *    seconds' fraction in any table, as ISO 8601 allows). This is decided by
 *    the table's delimiter, not field by field: in a ','-delimited table a
 *    comma is never a decimal point (a quoted "1,5" there is an error), and
 *    a field with two commas ("1,234,5"), or a comma and a dot ("1.234,5",
 *    thousands grouped), is not a number. Detection gives ';' for such
 *    files: split at ',', "t;1,5;2,5" gives fields ("t;1", "5;2", "5")
 *    that are neither a time nor numbers, so ',' makes no rows;
 *  - missing values: an empty field, NaN (any case), NA, N/A, null, and
 *    ISTP's fill -1e31 (as a double or a float) that CDAWeb listings print; other fill
 *    values (OMNI's 999.9) are kept as numbers, since nothing says so;
 *  - a row with another field count, a value that is not a number or a
 *    time that does not parse is an error naming its line: nothing is
 *    dropped silently;
 *  - rows out of time order are sorted (stable: equal times keep their
 *    order), as concatenated files need.
 *
 * Speed: lines are found with memchr, fields are spans into the input
 * (no allocation per field), numbers take an exact fast path (mantissa
 * below 2^53, power of ten up to 22; on x86, up to 19 digits through long
 * double with a check for double rounding) before strtod in the C locale,
 * and the values go into one array allocated once (bounded by the input's
 * size, so hostile input cannot make it huge).
 */

#define G_LOG_DOMAIN "ps-local"

#include "config.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ps-text-table.h"

#define DETECT_BYTES   (64 * 1024)
#define DETECT_LINES   256
#define MAX_TIME_FIELDS 6
#define ISTP_FILL      (-1e31)

struct _PsTextTable
{
  gsize           n_rows;
  gsize           stride;      /* of values: the capacity of a column */
  guint           n_columns;
  PsTime         *times;
  double         *values;      /* column j at values + j * stride */
  char          **names;
  char          **units;
  guint          *field_index; /* 1-based position of each column in its row */
  PsTextTimeKind  time_kind;
  char            delimiter;   /* ' ' for runs of blanks */
  gboolean        decimal_comma; /* "1,5" is 1.5: any delimiter but ',' */
  gboolean        has_header;
  gboolean        sorted;
};

typedef struct
{
  const char *p;
  guint       len;
  gboolean    quoted;
} Span;

/* Fields of one line, reused from line to line. */
typedef struct
{
  Span  *v;
  guint  len;
  guint  cap;
} Spans;

typedef struct
{
  const char *start;
  const char *stop;    /* without the line end */
  guint       line_no; /* 1-based */
  gboolean    comment;
} Line;

typedef struct
{
  const char *pos;
  const char *end;
  guint       line_no;
} Lines;

typedef enum
{
  ROW_OTHER,
  ROW_TIME1,
  ROW_TIME2,
  ROW_NUMERIC,
} RowKind;

G_DEFINE_QUARK (ps-text-table-error-quark, ps_text_table_error)

/* Lines */

static gboolean
next_line (Lines       *l,
           const char **start,
           const char **stop)
{
  const char *nl;

  if (l->pos >= l->end)
    return FALSE;
  nl = memchr (l->pos, '\n', l->end - l->pos);
  *start = l->pos;
  *stop = nl != NULL ? nl : l->end;
  l->pos = nl != NULL ? nl + 1 : l->end;
  l->line_no++;
  if (*stop > *start && (*stop)[-1] == '\r')
    (*stop)--;
  return TRUE;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* A line of '-', '=', '+', '|' and ':' under a header: "|----|----|". */
static gboolean
is_rule (const char *start,
         const char *stop)
{
  gboolean dash = FALSE;

  for (const char *p = start; p < stop; p++)
    {
      if (*p == '-' || *p == '=')
        dash = TRUE;
      else if (*p != '+' && *p != '|' && *p != ':' && !is_blank (*p))
        return FALSE;
    }
  return dash;
}

/* 0: blank line (or a rule), 1: comment, 2: something else */
static int
line_kind (const char *start,
           const char *stop)
{
  while (start < stop && is_blank (*start))
    start++;
  if (start == stop)
    return 0;
  if (*start == '#' || *start == '%' || *start == ';')
    return 1;
  return is_rule (start, stop) ? 0 : 2;
}

/* Fields */

static const char *
skip_quoted (const char *p,
             const char *stop)
{
  /* p is just past the opening quote; returns the closing quote or stop */
  while (p < stop)
    {
      if (*p == '"')
        {
          if (p + 1 < stop && p[1] == '"')
            p += 2;
          else
            return p;
        }
      else
        p++;
    }
  return stop;
}

static void
spans_free (Spans *spans)
{
  g_free (spans->v);
  g_free (spans);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Spans, spans_free)

static inline void
add_span (Spans      *spans,
          const char *p,
          const char *q,
          gboolean    quoted)
{
  if (G_UNLIKELY (spans->len == spans->cap))
    {
      spans->cap = MAX (16, spans->cap * 2);
      spans->v = g_renew (Span, spans->v, spans->cap);
    }
  spans->v[spans->len].p = p;
  spans->v[spans->len].len = (guint) (q - p);
  spans->v[spans->len].quoted = quoted;
  spans->len++;
}

/* Splits a line at @delim (' ' for runs of blanks) into @spans; fields
 * are trimmed, quotes removed. */
static guint
split_line (const char *start,
            const char *stop,
            char        delim,
            Spans      *spans)
{
  const char *p = start;

  spans->len = 0;
  if (delim == '|')
    {
      while (p < stop && is_blank (*p))
        p++;
      while (stop > p && is_blank (stop[-1]))
        stop--;
      if (p < stop && *p == '|')
        p++;
      if (stop > p && stop[-1] == '|')
        stop--;
    }

  if (delim == ' ')
    {
      for (;;)
        {
          const char *q;

          while (p < stop && is_blank (*p))
            p++;
          if (p >= stop)
            break;
          if (*p == '"')
            {
              q = skip_quoted (p + 1, stop);
              add_span (spans, p + 1, q, TRUE);
              p = q;
              while (p < stop && !is_blank (*p))
                p++;
            }
          else
            {
              q = p;
              while (q < stop && !is_blank (*q))
                q++;
              add_span (spans, p, q, FALSE);
              p = q;
            }
        }
      return spans->len;
    }

  for (;;)
    {
      const char *q;

      while (p < stop && is_blank (*p) && *p != delim)
        p++;
      if (p < stop && *p == '"')
        {
          q = skip_quoted (p + 1, stop);
          add_span (spans, p + 1, q, TRUE);
          p = q;
          while (p < stop && *p != delim)
            p++;
        }
      else
        {
          const char *e;

          q = p < stop ? memchr (p, delim, (gsize) (stop - p)) : NULL;
          if (q == NULL)
            q = stop;
          e = q;
          while (e > p && is_blank (e[-1]))
            e--;
          add_span (spans, p, e, FALSE);
          p = q;
        }
      if (p >= stop)
        break;
      p++; /* the delimiter */
    }
  return spans->len;
}

/* Numbers */

static gboolean
span_equal_ci (const Span *s,
               const char *word)
{
  gsize n = strlen (word);

  return s->len == n && g_ascii_strncasecmp (s->p, word, n) == 0;
}

static gboolean
is_missing (const Span *s)
{
  return s->len == 0 || span_equal_ci (s, "nan") || span_equal_ci (s, "na")
         || span_equal_ci (s, "n/a") || span_equal_ci (s, "null")
         || span_equal_ci (s, "-nan") || span_equal_ci (s, "+nan");
}

static const double pow10_exact[23] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#ifdef __GLIBC__
/* strtod in the C locale without g_ascii_strtod()'s per-call localeconv() */
static locale_t
c_locale (void)
{
  static gsize once = 0;
  static locale_t locale;

  if (g_once_init_enter (&once))
    {
      locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
      g_once_init_leave (&once, 1);
    }
  return locale;
}
#endif

#if LDBL_MANT_DIG == 64 && (defined (__x86_64__) || defined (__i386__))
/* Exact in long double up to 10^27 (5^27 < 2^64). */
static const long double pow10_long[28] = {
  1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L, 1e11L, 1e12L, 1e13L,
  1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L,
  1e26L, 1e27L,
};
#endif

static gboolean
parse_number_slow (const char *p,
                   guint       len,
                   gboolean    comma,
                   double     *out)
{
  char buf[128];
  char *heap = NULL;
  char *text = buf;
  char *endp = NULL;
  guint commas = 0; /* decimal separators, with @comma */
  gboolean ok;

  /* strtod's own leading blanks are not numbers here */
  if (len == 0 || is_blank (p[0]) || p[0] == '\n')
    return FALSE;
  if (len >= sizeof buf)
    text = heap = g_malloc (len + 1);
  for (guint i = 0; i < len; i++)
    {
      char c = p[i];

      /* nor are NULs and hexadecimal forms */
      if (c == '\0' || c == 'x' || c == 'X')
        {
          g_free (heap);
          return FALSE;
        }
      /* a decimal comma: one, between digits, and no '.' besides */
      if (c == ',' && comma)
        {
          if (i == 0 || i + 1 == len || !g_ascii_isdigit (p[i - 1]) || !g_ascii_isdigit (p[i + 1])
              || commas++ > 0)
            {
              g_free (heap);
              return FALSE;
            }
          c = '.';
        }
      else if (c == '.' && comma && commas++ > 0)
        {
          g_free (heap);
          return FALSE;
        }
      /* Fortran's 1.0D+03 */
      text[i] = (c == 'd' || c == 'D') ? 'e' : c;
    }
  text[len] = '\0';
#ifdef __GLIBC__
  if (c_locale () != (locale_t) 0)
    *out = strtod_l (text, &endp, c_locale ());
  else
#endif
    *out = g_ascii_strtod (text, &endp);
  ok = endp == text + len;
  g_free (heap);
  return ok;
}

/* A number or a missing value (NaN). With @comma (a decimal-comma table),
 * one ',' between digits may stand for the '.', not both. */
static gboolean
parse_number (const Span *s,
              gboolean    comma,
              double     *out)
{
  const char *p = s->p;
  const char *end = s->p + s->len;
  guint64 mantissa = 0;
  int digits = 0;
  int exp10 = 0;
  gboolean negative = FALSE;
  gboolean any = FALSE;

  if (p < end && (*p == '-' || *p == '+'))
    {
      negative = *p == '-';
      p++;
    }
  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      any = TRUE;
      if (digits < 19)
        {
          if (mantissa != 0 || *p != '0')
            {
              mantissa = mantissa * 10 + (guint64) (*p - '0');
              digits++;
            }
        }
      else
        exp10++;
    }
  if (p < end && (*p == '.' || (*p == ',' && comma && any && p + 1 < end && g_ascii_isdigit (p[1]))))
    {
      for (p++; p < end && g_ascii_isdigit (*p); p++)
        {
          any = TRUE;
          if (digits < 19)
            {
              if (mantissa != 0 || *p != '0')
                {
                  mantissa = mantissa * 10 + (guint64) (*p - '0');
                  digits++;
                }
              exp10--;
            }
        }
    }
  if (any && p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean eneg = FALSE;
      int e = 0;
      const char *q = p + 1;

      if (q < end && (*q == '-' || *q == '+'))
        {
          eneg = *q == '-';
          q++;
        }
      if (q < end && g_ascii_isdigit (*q))
        {
          for (; q < end && g_ascii_isdigit (*q); q++)
            if (e < 100000)
              e = e * 10 + (*q - '0');
          exp10 += eneg ? -e : e;
          p = q;
        }
    }
  if (any && p == end && mantissa <= (G_GUINT64_CONSTANT (1) << 53)
      && digits < 19 && exp10 >= -22 && exp10 <= 22)
    {
      double v = (double) mantissa;

      v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
      *out = negative ? -v : v;
      return TRUE;
    }
#if LDBL_MANT_DIG == 64 && (defined (__x86_64__) || defined (__i386__))
  /* 17 digits (%.17g, as the exporter writes): one rounding to the 64 bits
   * of x87's long double, exact operands; then to double, which is the
   * correctly rounded result unless the first rounding landed next to a
   * halfway point between two doubles (low 11 bits near 0x400). */
  if (any && p == end && digits < 19 && exp10 >= -27 && exp10 <= 27)
    {
      long double v = (long double) mantissa;
      guint64 bits;

      v = exp10 < 0 ? v / pow10_long[-exp10] : v * pow10_long[exp10];
      memcpy (&bits, &v, sizeof bits); /* x87: the 64-bit significand first */
      if (mantissa == 0 || ((bits & 0x7FF) != 0x3FF && (bits & 0x7FF) != 0x400 && (bits & 0x7FF) != 0x401))
        {
          *out = negative ? -(double) v : (double) v;
          return TRUE;
        }
    }
#endif
  if ((s->len == 0 || !g_ascii_isdigit (s->p[s->len - 1])) && is_missing (s))
    {
      *out = NAN;
      return TRUE;
    }
  return parse_number_slow (s->p, s->len, comma, out);
}

static gboolean
is_number (const Span *s,
           gboolean    comma)
{
  double v;

  return parse_number (s, comma, &v);
}

/* Times */

static gboolean
digits_at (const char *p,
           guint       len,
           guint       from,
           guint       n)
{
  if (from + n > len)
    return FALSE;
  for (guint i = from; i < from + n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

static gboolean
looks_like_clock (const Span *s)
{
  return digits_at (s->p, s->len, 0, 2) && s->len >= 5 && s->p[2] == ':';
}

/* Writes @date as an ISO date into @buf (dd-mm-yyyy and yyyy/mm/dd
 * rewritten), then 'T' and @clock if any. FALSE unless the date names a
 * day (yyyy-mm-dd or yyyy-ddd), so that a year alone is not a time. */
static gboolean
build_iso (const Span *date,
           const Span *clock,
           char       *buf,
           gsize       size)
{
  const char *d = date->p;
  guint len = date->len;
  gsize n;

  if (len + (clock != NULL ? clock->len : 0) + 2 > size)
    return FALSE;
  if (len >= 10 && digits_at (d, len, 0, 2) && (d[2] == '-' || d[2] == '/' || d[2] == '.')
      && digits_at (d, len, 3, 2) && d[5] == d[2] && digits_at (d, len, 6, 4)
      && !digits_at (d, len, 10, 1))
    {
      /* dd-mm-yyyy (CDAWeb listings), dd/mm/yyyy, dd.mm.yyyy */
      memcpy (buf, d + 6, 4);
      buf[4] = '-';
      memcpy (buf + 5, d + 3, 2);
      buf[7] = '-';
      memcpy (buf + 8, d, 2);
      memcpy (buf + 10, d + 10, len - 10);
    }
  else
    {
      memcpy (buf, d, len);
      if (len >= 10 && digits_at (d, len, 0, 4) && d[4] == '/' && d[7] == '/')
        buf[4] = buf[7] = '-';
    }
  n = len;
  if (!digits_at (buf, n, 0, 4) || buf[4] != '-')
    return FALSE;
  if (!(digits_at (buf, n, 5, 2) && n >= 10 && buf[7] == '-' && digits_at (buf, n, 8, 2))
      && !(digits_at (buf, n, 5, 3) && !digits_at (buf, n, 8, 1)))
    return FALSE;
  if (clock != NULL)
    {
      if (n != 10 && n != 8)
        return FALSE;
      buf[n++] = 'T';
      memcpy (buf + n, clock->p, clock->len);
      n += clock->len;
    }
  buf[n] = '\0';
  return memchr (buf, '\0', n) == NULL;
}

static inline int
two_digits (const char *p)
{
  return (p[0] - '0') * 10 + (p[1] - '0');
}

/* The common case without a copy: yyyy-mm-dd and hh:mm:ss[.f…][Z] (or
 * ISO 8601's ",f…", as ps_time_parse_iso() takes it too), years 1678 to
 * 2261; FALSE sends anything else to ps_time_parse_iso(). */
static gboolean
fast_time (const char *d,
           const char *c,
           guint       clen,
           PsTime     *out)
{
  static const int days_in[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int year, month, day, hour, minute, second;
  gint64 nanosecond = 0;
  guint i = 8;
  gboolean leap;

  if (!digits_at (d, 10, 0, 4) || d[4] != '-' || !digits_at (d, 10, 5, 2) || d[7] != '-'
      || !digits_at (d, 10, 8, 2) || clen < 8 || !digits_at (c, clen, 0, 2) || c[2] != ':'
      || !digits_at (c, clen, 3, 2) || c[5] != ':' || !digits_at (c, clen, 6, 2))
    return FALSE;
  year = two_digits (d) * 100 + two_digits (d + 2);
  month = two_digits (d + 5);
  day = two_digits (d + 8);
  hour = two_digits (c);
  minute = two_digits (c + 3);
  second = two_digits (c + 6);
  leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1678 || year > 2261 || month < 1 || month > 12 || day < 1
      || day > (month == 2 && leap ? 29 : days_in[month - 1]) || hour > 23 || minute > 59 || second > 59)
    return FALSE;
  if (i < clen && (c[i] == '.' || c[i] == ','))
    {
      guint n = 0;

      for (i++; i < clen && g_ascii_isdigit (c[i]) && n < 9; i++, n++)
        nanosecond = nanosecond * 10 + (c[i] - '0');
      if (n == 0 || (i < clen && g_ascii_isdigit (c[i])))
        return FALSE;
      for (; n < 9; n++)
        nanosecond *= 10;
    }
  if (i < clen && (c[i] == 'Z' || c[i] == 'z'))
    i++;
  if (i != clen)
    return FALSE;
  *out = ps_time_days_from_civil (year, month, day) * PS_TIME_NS_PER_DAY
         + (PsTime) (hour * 3600 + minute * 60 + second) * PS_TIME_NS_PER_SECOND + nanosecond;
  return TRUE;
}

static gboolean
parse_time (const Span *date,
            const Span *clock,
            PsTime     *out)
{
  char buf[128];

  if (clock == NULL && date->len >= 19 && (date->p[10] == 'T' || date->p[10] == ' ')
      && fast_time (date->p, date->p + 11, date->len - 11, out))
    return TRUE;
  if (clock != NULL && date->len == 10 && fast_time (date->p, clock->p, clock->len, out))
    return TRUE;
  return build_iso (date, clock, buf, sizeof buf) && ps_time_parse_iso (buf, out, NULL);
}

/* The message of ps_time_parse_iso(), for errors. */
static char *
time_error (const Span *date,
            const Span *clock)
{
  g_autoptr(GError) error = NULL;
  char buf[128];
  PsTime t;

  if (build_iso (date, clock, buf, sizeof buf) && !ps_time_parse_iso (buf, &t, &error))
    return g_strdup (error->message);
  return g_strdup (_("not a date and time"));
}

/* Rows */

static gboolean
all_numbers (const Span *f,
             guint       from,
             guint       n,
             gboolean    comma)
{
  for (guint i = from; i < n; i++)
    if (!is_number (&f[i], comma))
      return FALSE;
  return TRUE;
}

static RowKind
classify (const Span *f,
          guint       n,
          gboolean    comma)
{
  PsTime t;

  if (n < 2)
    return ROW_OTHER;
  if (n >= 3 && looks_like_clock (&f[1]) && parse_time (&f[0], &f[1], &t))
    return all_numbers (f, 2, n, comma) ? ROW_TIME2 : ROW_OTHER;
  if (parse_time (&f[0], NULL, &t))
    return all_numbers (f, 1, n, comma) ? ROW_TIME1 : ROW_OTHER;
  if (!is_missing (&f[0]) && all_numbers (f, 0, n, comma))
    return ROW_NUMERIC;
  return ROW_OTHER;
}

/* Header lines */

/* Decimal commas ("1,25") are read in any table not delimited by ',':
 * there a comma cannot be a delimiter, and ';' or tab is what European
 * spreadsheets write next to them. */
static inline gboolean
delim_has_decimal_comma (char delim)
{
  return delim != ',';
}

/* With blanks as delimiter, "Bx (nT)" is one name: a field opening with
 * '(' or '[' joins the one before. */
/* Fixed-width tables (CDAWeb listings) put two blanks or more between
 * columns, and names may hold one: "Bx GSE". */
static guint
split_wide (const char *p,
            const char *stop,
            Spans      *spans)
{
  spans->len = 0;
  for (;;)
    {
      const char *q;

      while (p < stop && is_blank (*p))
        p++;
      if (p >= stop)
        break;
      q = p;
      while (q < stop && !(is_blank (*q) && (q + 1 == stop || is_blank (q[1]) || *q == '\t')))
        q++;
      add_span (spans, p, q, FALSE);
      p = q;
    }
  return spans->len;
}

static guint
split_header (const Line *line,
              char        delim,
              gboolean    try_wide,
              Spans      *spans)
{
  const char *start = line->start;
  guint n;

  if (line->comment)
    {
      while (start < line->stop && is_blank (*start))
        start++;
      start++; /* the comment character */
    }
  n = split_line (start, line->stop, delim, spans);
  if (delim != ' ')
    return n;
  if (try_wide)
    return split_wide (start, line->stop, spans);
  for (guint i = 1; i < spans->len;)
    {
      Span *s = &spans->v[i];
      Span *prev = &spans->v[i - 1];

      if (s->len > 0 && (s->p[0] == '(' || s->p[0] == '[') && !s->quoted && !prev->quoted)
        {
          prev->len = (guint) (s->p + s->len - prev->p);
          memmove (&spans->v[i], &spans->v[i + 1], (spans->len - i - 1) * sizeof (Span));
          spans->len--;
        }
      else
        i++;
    }
  return spans->len;
}

static gboolean
header_fits (Spans   *spans,
             guint    n,
             guint    n_fields,
             RowKind  kind,
             gboolean comma)
{
  if (n != n_fields && !(kind == ROW_TIME2 && n == n_fields - 1))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!is_number (&spans->v[i], comma))
      return TRUE;
  return FALSE;
}

/* The header split as it fits the rows: by blanks, else by wide gaps. */
static guint
split_header_fitting (const Line *line,
                      char        delim,
                      guint       n_fields,
                      RowKind     kind,
                      Spans      *spans)
{
  guint n = split_header (line, delim, FALSE, spans);

  if (delim != ' ' || n == n_fields || (kind == ROW_TIME2 && n == n_fields - 1))
    return n;
  return split_header (line, delim, TRUE, spans);
}

static char *
span_text (const Span *s)
{
  g_autofree char *raw = g_strndup (s->p, s->len);
  char *valid;

  if (s->quoted && strstr (raw, "\"\"") != NULL)
    {
      char *w = raw;

      for (const char *r = raw; *r; r++)
        {
          *w++ = *r;
          if (r[0] == '"' && r[1] == '"')
            r++;
        }
      *w = '\0';
    }
  /* Not UTF-8: Latin-1 (Windows-1252 is its superset), as tables written
   * by older tools are: "°C" stays "°C" */
  if (g_utf8_validate (raw, -1, NULL))
    valid = g_strdup (raw);
  else
    valid = g_convert (raw, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (valid == NULL)
    valid = g_utf8_make_valid (raw, -1);
  return g_strstrip (valid);
}

/* "Bx (nT)" or "Bx [nT]": the name and the units; @units NULL if none. */
static char *
split_units (char  *text,
             char **units)
{
  gsize len = strlen (text);
  char close;
  char open;
  char *o;

  *units = NULL;
  if (len < 3 || (text[len - 1] != ')' && text[len - 1] != ']'))
    return text;
  close = text[len - 1];
  open = close == ')' ? '(' : '[';
  o = strrchr (text, open);
  if (o == NULL || o == text)
    return text;
  *units = g_strstrip (g_strndup (o + 1, text + len - 1 - (o + 1)));
  *o = '\0';
  g_strstrip (text);
  if (**units == '\0')
    g_clear_pointer (units, g_free);
  return text;
}

/* A field of a units line: brackets removed; "-", "none" → no units. */
static char *
units_text (const Span *s)
{
  char *text = span_text (s);
  gsize len = strlen (text);

  if (len >= 2 && ((text[0] == '(' && text[len - 1] == ')') || (text[0] == '[' && text[len - 1] == ']')))
    {
      memmove (text, text + 1, len - 2);
      text[len - 2] = '\0';
      g_strstrip (text);
    }
  if (*text == '\0' || strcmp (text, "-") == 0 || g_ascii_strcasecmp (text, "none") == 0)
    g_clear_pointer (&text, g_free);
  return text;
}

/* Numeric time columns */

static gboolean
name_is (const Span  *s,
         const char  *const *words)
{
  g_autofree char *text = span_text (s);
  char *units = NULL;

  split_units (text, &units);
  g_free (units);
  for (guint i = 0; words[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, words[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char *const year_words[] = { "year", "yr", "yyyy", "yy", "years", NULL };
static const char *const doy_words[] = { "doy", "day", "ddd", "jday", "day_of_year", "dayofyear", "julian_day", NULL };
static const char *const month_words[] = { "month", "mon", "mo", "mm", NULL };
static const char *const dom_words[] = { "day", "dd", "dom", "mday", NULL };
static const char *const hour_words[] = { "hour", "hr", "hh", "h", "hours", NULL };
static const char *const minute_words[] = { "minute", "min", "mn", "mm", "mi", "minutes", NULL };
static const char *const second_words[] = { "second", "sec", "s", "ss", "seconds", "secs", NULL };

/* From the header: the time columns of an all-numbers table, or FALSE. */
static gboolean
numeric_time_from_header (Spans          *header,
                          guint           n_fields,
                          PsTextTimeKind *kind,
                          guint          *n_time)
{
  const Span *h = header->v;
  guint i;

  if (header->len != n_fields)
    return FALSE;
  if (name_is (&h[0], year_words) && n_fields >= 3)
    {
      if (name_is (&h[1], month_words) && n_fields >= 4 && name_is (&h[2], dom_words))
        {
          *kind = PS_TEXT_TIME_YEAR_MONTH;
          i = 3;
        }
      else if (name_is (&h[1], doy_words))
        {
          *kind = PS_TEXT_TIME_YEAR_DOY;
          i = 2;
        }
      else
        return FALSE;
      if (i + 1 < n_fields && name_is (&h[i], hour_words))
        {
          i++;
          if (i + 1 < n_fields && name_is (&h[i], minute_words))
            {
              i++;
              if (i + 1 < n_fields && name_is (&h[i], second_words))
                i++;
            }
        }
      *n_time = i;
      return TRUE;
    }
  {
    g_autofree char *name = span_text (&h[0]);
    g_autofree char *lower = g_ascii_strdown (name, -1);

    if (strstr (lower, "unix") != NULL || strstr (lower, "epoch") != NULL
        || strstr (lower, "time") != NULL || strstr (lower, "posix") != NULL)
      {
        *kind = (strstr (lower, "ms") != NULL || strstr (lower, "milli") != NULL)
                ? PS_TEXT_TIME_UNIX_MS : PS_TEXT_TIME_UNIX;
        *n_time = 1;
        return TRUE;
      }
  }
  return FALSE;
}

static gboolean
int_in (double v,
        double lo,
        double hi)
{
  return v >= lo && v <= hi && v == floor (v);
}

/* Without a header: OMNI's "YEAR DOY HR", and minute (then second) columns
 * when consecutive sampled rows share the hour (then the minute). */
static gboolean
numeric_time_guess (const double *first,
                    guint         n_fields,
                    GPtrArray    *sample_rows,
                    guint        *n_time)
{
  guint n = 2;

  if (n_fields < 4 || !int_in (first[0], 1900, 2100) || !int_in (first[1], 1, 366)
      || !int_in (first[2], 0, 24))
    return FALSE;
  n = 3;
  for (guint level = 3; level <= 4 && n == level && level + 1 < n_fields; level++)
    {
      gboolean repeats = FALSE;
      gboolean fits = TRUE;

      for (guint r = 0; r < sample_rows->len; r++)
        {
          const double *row = g_ptr_array_index (sample_rows, r);

          fits = fits && (level == 3 ? int_in (row[3], 0, 59) : (row[4] >= 0 && row[4] < 61));
          if (r > 0)
            {
              const double *prev = g_ptr_array_index (sample_rows, r - 1);

              repeats = repeats || memcmp (prev, row, level * sizeof (double)) == 0;
            }
        }
      if (fits && repeats)
        n = level + 1;
    }
  *n_time = n;
  return TRUE;
}

static gboolean
days_ok (double year,
         double month,
         double day)
{
  static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int y = (int) year;
  int m = (int) month;
  gboolean leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

  return day <= (m == 2 && leap ? 29 : days[m - 1]);
}

/* Numeric time columns @v[0..n_time) to a PsTime. */
static gboolean
numeric_time (PsTextTimeKind  kind,
              const double   *v,
              guint           n_time,
              PsTime         *out)
{
  double seconds = 0.0;
  gint64 days;
  guint i;

  if (kind == PS_TEXT_TIME_UNIX || kind == PS_TEXT_TIME_UNIX_MS)
    {
      double s = kind == PS_TEXT_TIME_UNIX_MS ? v[0] / 1000.0 : v[0];
      double whole;

      if (!(s > -9.2e9 && s < 9.2e9))
        return FALSE;
      whole = floor (s);
      *out = (PsTime) whole * PS_TIME_NS_PER_SECOND + (PsTime) llround ((s - whole) * 1e9);
      return TRUE;
    }
  if (!int_in (v[0], 1678, 2261))
    return FALSE;
  if (kind == PS_TEXT_TIME_YEAR_DOY)
    {
      gboolean leap = ((int) v[0] % 4 == 0 && (int) v[0] % 100 != 0) || (int) v[0] % 400 == 0;

      if (!int_in (v[1], 1, leap ? 366 : 365))
        return FALSE;
      days = ps_time_days_from_civil ((gint64) v[0], 1, 1) + (gint64) v[1] - 1;
      i = 2;
    }
  else
    {
      if (!int_in (v[1], 1, 12) || !int_in (v[2], 1, 31) || !days_ok (v[0], v[1], v[2]))
        return FALSE;
      days = ps_time_days_from_civil ((gint64) v[0], (int) v[1], (int) v[2]);
      i = 3;
    }
  if (i < n_time)
    {
      if (!(v[i] >= 0 && v[i] <= 24))
        return FALSE;
      seconds += v[i++] * 3600.0;
    }
  if (i < n_time)
    {
      if (!(v[i] >= 0 && v[i] < 60))
        return FALSE;
      seconds += v[i++] * 60.0;
    }
  if (i < n_time)
    {
      if (!(v[i] >= 0 && v[i] < 61))
        return FALSE;
      seconds += v[i++];
    }
  *out = days * PS_TIME_NS_PER_DAY + (PsTime) llround (seconds * 1e9);
  return TRUE;
}

/* The layout */

typedef struct
{
  char            delim;
  RowKind         kind;
  guint           n_fields;
  guint           first;     /* index in the candidate lines */
  guint           score;
} Layout;

static gboolean
layout_for (const Line *lines,
            guint       n_lines,
            char        delim,
            Spans      *spans,
            Layout     *layout)
{
  /* The most frequent shape of row wins, so that a stray line of the
   * preamble that happens to start with a date does not set the table. */
  Layout seen[8];
  guint n_seen = 0;

  layout->delim = delim;
  layout->score = 0;
  for (guint i = 0; i < n_lines; i++)
    {
      guint n;
      guint k;
      RowKind kind;

      if (lines[i].comment)
        continue;
      n = split_line (lines[i].start, lines[i].stop, delim, spans);
      kind = classify (spans->v, n, delim_has_decimal_comma (delim));
      if (kind == ROW_OTHER)
        continue;
      for (k = 0; k < n_seen; k++)
        if (seen[k].kind == kind && seen[k].n_fields == n)
          break;
      if (k == n_seen)
        {
          if (n_seen == G_N_ELEMENTS (seen))
            continue;
          seen[k].delim = delim;
          seen[k].kind = kind;
          seen[k].n_fields = n;
          seen[k].first = i;
          seen[k].score = 0;
          n_seen++;
        }
      seen[k].score++;
    }
  for (guint k = 0; k < n_seen; k++)
    if (seen[k].score > layout->score)
      *layout = seen[k];
  return layout->score > 0;
}

static char *
shown_field (const Span *s)
{
  g_autofree char *text = span_text (s);

  if (g_utf8_strlen (text, -1) > 40)
    {
      g_autofree char *head = g_utf8_substring (text, 0, 39);

      return g_strconcat (head, "…", NULL);
    }
  return g_steal_pointer (&text);
}

void
ps_text_table_free (PsTextTable *self)
{
  if (self == NULL)
    return;
  g_free (self->times);
  g_free (self->values);
  for (guint j = 0; j < self->n_columns; j++)
    {
      g_free (self->names[j]);
      g_free (self->units[j]);
    }
  g_free (self->names);
  g_free (self->units);
  g_free (self->field_index);
  g_free (self);
}

typedef struct
{
  PsTime t;
  gsize  i;
} Order;

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const Order *x = a;
  const Order *y = b;

  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

static void
sort_rows (PsTextTable *self)
{
  gsize n = self->n_rows;
  Order *order = g_new (Order, n);
  double *tmp = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    {
      order[i].t = self->times[i];
      order[i].i = i;
    }
  qsort (order, n, sizeof (Order), compare_order);
  for (gsize i = 0; i < n; i++)
    self->times[i] = order[i].t;
  for (guint j = 0; j < self->n_columns; j++)
    {
      double *col = self->values + j * self->stride;

      for (gsize i = 0; i < n; i++)
        tmp[i] = col[order[i].i];
      memcpy (col, tmp, n * sizeof (double));
    }
  g_free (tmp);
  g_free (order);
  self->sorted = TRUE;
}

/* Names and units of the value columns. */
static void
set_names (PsTextTable *self,
           const Line  *names_line,
           const Line  *units_line,
           guint        n_fields,
           guint        n_time,
           Spans       *spans)
{
  guint n_cols = self->n_columns;

  self->names = g_new0 (char *, n_cols);
  self->units = g_new0 (char *, n_cols);
  self->field_index = g_new0 (guint, n_cols);
  for (guint j = 0; j < n_cols; j++)
    self->field_index[j] = n_time + j + 1;

  if (names_line != NULL)
    {
      guint n = split_header_fitting (names_line, self->delimiter, n_fields, n_time == 2 ? ROW_TIME2 : ROW_TIME1, spans);
      guint skip = n_time - (n_fields - n); /* a split time may have one name */

      for (guint j = 0; j < n_cols && skip + j < n; j++)
        {
          char *text = span_text (&spans->v[skip + j]);

          self->names[j] = split_units (text, &self->units[j]);
        }
    }
  if (units_line != NULL)
    {
      guint n = split_header_fitting (units_line, self->delimiter, n_fields, n_time == 2 ? ROW_TIME2 : ROW_TIME1, spans);
      guint skip = n_time - (n_fields - MIN (n, n_fields));

      if (n == n_fields || n + 1 == n_fields)
        for (guint j = 0; j < n_cols && skip + j < n; j++)
          if (self->units[j] == NULL)
            self->units[j] = units_text (&spans->v[skip + j]);
    }
  for (guint j = 0; j < n_cols; j++)
    if (self->names[j] == NULL || self->names[j][0] == '\0')
      {
        g_free (self->names[j]);
        self->names[j] = g_strdup_printf (_("column %u"), self->field_index[j]);
      }
}

/* Lines up to DETECT_BYTES / DETECT_LINES, blank lines left out. */
static GArray *
collect_lines (const char *data,
               gsize       len,
               guint      *n_other)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  Lines it = { data, data + len, 0 };
  const char *start;
  const char *stop;

  *n_other = 0;
  while (lines->len < DETECT_LINES && it.pos < data + DETECT_BYTES && next_line (&it, &start, &stop))
    {
      int kind = line_kind (start, stop);
      Line line = { start, stop, it.line_no, kind == 1 };

      if (kind == 0)
        continue;
      if (kind == 2)
        (*n_other)++;
      g_array_append_val (lines, line);
    }
  return lines;
}

static gboolean
has_digit (const Line *lines,
           guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!lines[i].comment)
      for (const char *p = lines[i].start; p < lines[i].stop; p++)
        if (g_ascii_isdigit (*p))
          return TRUE;
  return FALSE;
}

/* The header (and units) line above the first row, if any. */
static void
find_header (const Line   *lines,
             const Layout *layout,
             Spans        *spans,
             const Line  **names_line,
             const Line  **units_line)
{
  const Line *row = &lines[layout->first];
  const Line *above;
  guint n;

  *names_line = *units_line = NULL;
  if (layout->first == 0)
    return;
  above = &lines[layout->first - 1];
  n = split_header_fitting (above, layout->delim, layout->n_fields, layout->kind, spans);
  if (!header_fits (spans, n, layout->n_fields, layout->kind, delim_has_decimal_comma (layout->delim)))
    return;
  *names_line = above;
  if (above->comment || layout->first < 2 || above->line_no + 1 != row->line_no)
    return;
  /* Names, then units, then the rows, one right after the other. */
  {
    const Line *top = &lines[layout->first - 2];

    if (top->comment || top->line_no + 1 != above->line_no)
      return;
    n = split_header_fitting (top, layout->delim, layout->n_fields, layout->kind, spans);
    if (!header_fits (spans, n, layout->n_fields, layout->kind, delim_has_decimal_comma (layout->delim)))
      return;
    *units_line = above;
    *names_line = top;
  }
}

/* Reads every row from the first one; fills self->times and values. */
static gboolean
read_rows (PsTextTable  *self,
           const char   *data,
           gsize         len,
           const Line   *first,
           guint         n_fields,
           guint         n_time,
           Spans        *spans,
           GError      **error)
{
  Lines it = { first->start, data + len, first->line_no - 1 };
  const char *start;
  const char *stop;
  gsize max_rows = 1;
  gsize by_size;
  gsize i = 0;
  PsTime prev = G_MININT64;
  gboolean in_order = TRUE;
  double tv[MAX_TIME_FIELDS];
  const gboolean comma = self->decimal_comma;

  /* As many rows as lines, and no more than the bytes allow: each row has
   * n_fields - 1 delimiters and a line end. */
  for (const char *p = first->start; (p = memchr (p, '\n', data + len - p)) != NULL; p++)
    max_rows++;
  by_size = (gsize) (data + len - first->start) / n_fields + 1;
  max_rows = MIN (max_rows, by_size);
  self->stride = max_rows;
  self->times = g_new (PsTime, max_rows);
  self->values = g_new (double, max_rows * self->n_columns);

  while (next_line (&it, &start, &stop))
    {
      const Span *f;
      guint n;
      PsTime t = 0;
      gboolean ok;

      if (line_kind (start, stop) != 2)
        continue;
      n = split_line (start, stop, self->delimiter, spans);
      f = spans->v;
      if (n != n_fields)
        {
          g_set_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_RAGGED,
                       _("Line %u has %u fields where the table has %u"),
                       it.line_no, n, n_fields);
          return FALSE;
        }
      g_assert (i < max_rows);
      switch (self->time_kind)
        {
        case PS_TEXT_TIME_ISO:
          ok = parse_time (&f[0], NULL, &t);
          break;
        case PS_TEXT_TIME_ISO_SPLIT:
          ok = parse_time (&f[0], &f[1], &t);
          break;
        default:
          ok = TRUE;
          for (guint k = 0; k < n_time && ok; k++)
            ok = parse_number (&f[k], comma, &tv[k]);
          ok = ok && numeric_time (self->time_kind, tv, n_time, &t);
          break;
        }
      if (!ok)
        {
          g_autofree char *shown = shown_field (&f[0]);
          g_autofree char *why = NULL;

          if (self->time_kind == PS_TEXT_TIME_ISO || self->time_kind == PS_TEXT_TIME_ISO_SPLIT)
            why = time_error (&f[0], self->time_kind == PS_TEXT_TIME_ISO_SPLIT ? &f[1] : NULL);
          else
            why = g_strdup (_("not a valid time"));
          g_set_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_TIME,
                       _("Line %u: the time “%s” cannot be read (%s)"), it.line_no, shown, why);
          return FALSE;
        }
      self->times[i] = t;
      if (t < prev)
        in_order = FALSE;
      prev = t;
      for (guint j = 0; j < self->n_columns; j++)
        if (parse_number (&f[n_time + j], comma, &self->values[j * self->stride + i]))
          {
            /* ISTP's fill value for floats, as CDAWeb listings print it */
            if (self->values[j * self->stride + i] <= ISTP_FILL && self->values[j * self->stride + i] >= 1.0001 * ISTP_FILL)
              self->values[j * self->stride + i] = NAN;
          }
        else
          {
            g_autofree char *shown = shown_field (&f[n_time + j]);

            g_set_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_NUMBER,
                         _("Line %u: “%s” in column “%s” is not a number"),
                         it.line_no, shown, self->names[j]);
            return FALSE;
          }
      i++;
    }
  self->n_rows = i;
  if (!in_order)
    sort_rows (self);
  return TRUE;
}

/**
 * ps_text_table_parse:
 * @data: the file's bytes (need not end with a NUL)
 *
 * Returns: (transfer full): the table, or %NULL with @error set
 * (PS_TEXT_TABLE_ERROR), a message naming the line at fault
 */
/* OMNIWeb's listings number their columns ("YEAR DOY HR 1 2 3") and name
 * them in a legend above, after "Selected parameters:", one per line:
 * " 2 BX, nT (GSE, GSM)". The columns take those names and units
 * ("BX (GSE, GSM)", "nT"), and OMNIWeb's fill values, numbers of nines
 * only as wide as the field (999.9, 9999., 99999), become NaN: OMNIWeb
 * documents them so. */
#define LEGEND_MARK   "Selected parameters:"
#define LEGEND_WINDOW 65536

static gboolean
is_omni_fill (double v)
{
  char text[32];
  guint nines = 0;

  if (!isfinite (v))
    return FALSE;
  g_snprintf (text, sizeof text, "%.6f", fabs (v));
  /* "999.900000": the nines, then only zeros */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '9')
        nines++;
      else if (*p == '.')
        continue;
      else if (*p == '0' && nines > 0 && strchr (p, '.') == NULL)
        continue;
      else
        return FALSE;
    }
  return nines >= 3;
}

static void
apply_legend (PsTextTable *self,
              const char  *data,
              gsize        len)
{
  g_autoptr(GHashTable) legend = NULL;
  const char *mark;
  const char *p;
  const char *end = data + MIN (len, LEGEND_WINDOW);

  mark = g_strstr_len (data, end - data, LEGEND_MARK);
  if (mark == NULL)
    return;
  legend = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p = memchr (mark, '\n', end - mark);
  while (p != NULL && p + 1 < end)
    {
      const char *start = p + 1;
      const char *stop = memchr (start, '\n', end - start);
      g_autofree char *line = g_strndup (start, (stop != NULL ? stop : end) - start);
      char *text;
      char *number;

      g_strstrip (line);
      if (line[0] == '\0' || !g_ascii_isdigit (line[0]))
        break;
      number = line;
      text = line;
      while (g_ascii_isdigit (*text))
        text++;
      if (*text != ' ' && *text != '\t')
        break;
      *text++ = '\0';
      g_strstrip (text);
      if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
        break;
      g_hash_table_replace (legend, g_strdup (number), g_strdup (text));
      p = stop;
    }

  for (guint j = 0; j < self->n_columns; j++)
    {
      const char *text = self->names[j] != NULL ? g_hash_table_lookup (legend, self->names[j]) : NULL;
      const char *comma;
      double *column;

      if (text == NULL)
        continue;
      comma = strchr (text, ',');
      g_free (self->names[j]);
      g_free (self->units[j]);
      self->units[j] = NULL;
      if (comma == NULL)
        self->names[j] = g_strdup (text);
      else
        {
          const char *paren = strchr (comma, '(');
          g_autofree char *name = g_strndup (text, comma - text);
          g_autofree char *units = g_strndup (comma + 1, paren != NULL ? (gsize) (paren - comma - 1)
                                                                       : strlen (comma + 1));

          g_strstrip (name);
          g_strstrip (units);
          self->names[j] = paren != NULL ? g_strdup_printf ("%s %s", name, paren) : g_strdup (name);
          self->units[j] = units[0] != '\0' ? g_strdup (units) : NULL;
        }
      column = self->values + j * self->stride;
      for (gsize i = 0; i < self->n_rows; i++)
        if (is_omni_fill (column[i]))
          column[i] = NAN;
    }
}

PsTextTable *
ps_text_table_parse (const char  *data,
                     gsize        len,
                     GError     **error)
{
  static const char delims[] = { '\t', ',', ';', '|', ' ' };
  g_autoptr(PsTextTable) self = NULL;
  g_autoptr(Spans) spans = g_new0 (Spans, 1);
  g_autoptr(GArray) lines = NULL;
  const Line *names_line = NULL;
  const Line *units_line = NULL;
  const Line *all;
  Layout best = { 0 };
  guint n_time = 1;
  guint n_other;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len == 0)
    {
      g_set_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_EMPTY,
                   _("There is no table here: the file is empty or only holds comments"));
      return NULL;
    }
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_NOT_TEXT,
                   _("This is not a text file (it holds NUL bytes)"));
      return NULL;
    }

  lines = collect_lines (data, len, &n_other);
  all = (const Line *) lines->data;
  for (guint d = 0; d < G_N_ELEMENTS (delims); d++)
    {
      Layout layout;

      if (layout_for (all, lines->len, delims[d], spans, &layout) && layout.score > best.score)
        best = layout;
    }
  if (best.score == 0)
    {
      if (n_other == 0)
        g_set_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_EMPTY,
                     _("There is no table here: the file is empty or only holds comments"));
      else if (!has_digit (all, lines->len))
        g_set_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_EMPTY,
                     _("The table has no data rows"));
      else
        g_set_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_NO_TIME,
                     _("No row starts with a time followed by numbers (an ISO 8601 time, a date "
                       "and a clock, or year and day-of-year columns)"));
      return NULL;
    }

  self = g_new0 (PsTextTable, 1);
  self->delimiter = best.delim;
  self->decimal_comma = delim_has_decimal_comma (best.delim);
  find_header (all, &best, spans, &names_line, &units_line);
  switch (best.kind)
    {
    case ROW_TIME1:
      self->time_kind = PS_TEXT_TIME_ISO;
      n_time = 1;
      break;
    case ROW_TIME2:
      self->time_kind = PS_TEXT_TIME_ISO_SPLIT;
      n_time = 2;
      break;
    case ROW_NUMERIC:
    default:
      {
        const Line *first = &all[best.first];
        gboolean found = FALSE;

        if (names_line != NULL)
          {
            guint n = split_header_fitting (names_line, best.delim, best.n_fields, best.kind, spans);

            found = n == best.n_fields
                    && numeric_time_from_header (spans, best.n_fields, &self->time_kind, &n_time);
          }
        if (!found)
          {
            g_autoptr(GPtrArray) sample = g_ptr_array_new_with_free_func (g_free);
            double *row0 = NULL;

            for (guint i = best.first; i < lines->len && sample->len < 16; i++)
              {
                guint n;
                double *row;

                if (all[i].comment)
                  continue;
                n = split_line (all[i].start, all[i].stop, best.delim, spans);
                if (n != best.n_fields || classify (spans->v, n, self->decimal_comma) != ROW_NUMERIC)
                  break;
                row = g_new (double, n);
                for (guint k = 0; k < n; k++)
                  parse_number (&spans->v[k], self->decimal_comma, &row[k]);
                g_ptr_array_add (sample, row);
              }
            row0 = g_ptr_array_index (sample, 0);
            found = numeric_time_guess (row0, best.n_fields, sample, &n_time);
            self->time_kind = PS_TEXT_TIME_YEAR_DOY;
          }
        if (!found)
          {
            g_set_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_NO_TIME,
                         _("Line %u: the first column is a number but not a time; name it "
                           "“time” (Unix seconds), or use ISO 8601 times or “year doy” columns"),
                         first->line_no);
            return NULL;
          }
      }
      break;
    }
  if (n_time >= best.n_fields)
    {
      g_set_error (error, PS_TEXT_TABLE_ERROR, PS_TEXT_TABLE_ERROR_NO_TIME,
                   _("The table has a time but no value columns"));
      return NULL;
    }
  self->has_header = names_line != NULL;
  self->n_columns = best.n_fields - n_time;
  set_names (self, names_line, units_line, best.n_fields, n_time, spans);
  if (!read_rows (self, data, len, &all[best.first], best.n_fields, n_time, spans, error))
    return NULL;
  apply_legend (self, data, len);
  return g_steal_pointer (&self);
}

gsize
ps_text_table_get_n_rows (PsTextTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

guint
ps_text_table_get_n_columns (PsTextTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_columns;
}

const PsTime *
ps_text_table_get_times (PsTextTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->times;
}

/**
 * ps_text_table_get_column:
 *
 * Returns: (transfer none): the n_rows values of @column (NaN: missing)
 */
const double *
ps_text_table_get_column (PsTextTable *self,
                          guint        column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->values + column * self->stride;
}

const char *
ps_text_table_get_name (PsTextTable *self,
                        guint        column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->names[column];
}

/**
 * ps_text_table_get_units:
 *
 * Returns: (nullable): the units of @column, from "name (units)",
 * "name [units]" or a line of units
 */
const char *
ps_text_table_get_units (PsTextTable *self,
                         guint        column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->units[column];
}

/* The column's position in its row, counting the time's fields, from 1. */
guint
ps_text_table_get_field_index (PsTextTable *self,
                               guint        column)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (column < self->n_columns, 0);

  return self->field_index[column];
}

PsTextTimeKind
ps_text_table_get_time_kind (PsTextTable *self)
{
  g_return_val_if_fail (self != NULL, PS_TEXT_TIME_ISO);

  return self->time_kind;
}

/* ' ' for runs of blanks */
char
ps_text_table_get_delimiter (PsTextTable *self)
{
  g_return_val_if_fail (self != NULL, ' ');

  return self->delimiter;
}

/* Whether a ',' between digits in a number is its decimal point ("1,25"
 * is 1.25): the delimiter is not ','. */
gboolean
ps_text_table_has_decimal_comma (PsTextTable *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->decimal_comma;
}

gboolean
ps_text_table_has_header (PsTextTable *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->has_header;
}

/* Whether rows were out of time order (and were sorted). */
gboolean
ps_text_table_was_sorted (PsTextTable *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->sorted;
}
