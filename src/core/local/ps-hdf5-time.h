/* ps-hdf5-time.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the time datasets of HDF5 and NetCDF-4 files are written, as pure
 * functions of their attributes and values (no HDF5 call, so they can be
 * fuzzed): CF "<unit> since <date>" units, bare units with an ISTP
 * Time_Base, TT2000 nanoseconds, CDF_EPOCH milliseconds, rata-die days and
 * ISO 8601 strings.
 */
#pragma once

#include <glib.h>

#include "ps-time.h"

G_BEGIN_DECLS

typedef enum
{
  PS_HDF5_TIME_NONE,       /* not a time */
  PS_HDF5_TIME_SINCE,      /* value × unit_ns after origin */
  PS_HDF5_TIME_TT2000,     /* int64 ns of TT since J2000 (CDF_TIME_TT2000) */
  PS_HDF5_TIME_CDF_EPOCH,  /* double ms since 0000-01-01 (CDF_EPOCH) */
  PS_HDF5_TIME_STRING,     /* ISO 8601 text */
} PsHdf5TimeKind;

typedef struct
{
  PsHdf5TimeKind kind;
  gint64         unit_ns;      /* SINCE: nanoseconds per unit (divides a day) */
  gint64         origin_days;  /* SINCE: the origin, days since 1970-01-01 */
  gint64         origin_ns;    /* SINCE: and nanoseconds into that day */
} PsHdf5TimeCodec;

/* What a dataset says about itself; any field may be NULL/0. */
typedef struct
{
  const char *name;         /* the dataset's own name (no group) */
  const char *units;        /* units / Units / UNITS */
  const char *time_base;    /* ISTP-in-netCDF Time_Base */
  const char *description;  /* CATDESC, FIELDNAM, long_name joined */
  gboolean    is_string;
  gboolean    is_int64;     /* a 64-bit integer type */
  gboolean    is_float;
  gboolean    referenced;   /* named as DEPEND_0 or a dimension scale of data */
  gboolean    has_first;
  double      first;        /* its first value, for magnitudes */
} PsHdf5TimeHints;

gint64   ps_hdf5_time_unit_ns      (const char             *unit,
                                    gsize                   len);
gboolean ps_hdf5_time_parse_origin (const char             *text,
                                    gint64                 *days,
                                    gint64                 *ns);
gboolean ps_hdf5_time_parse_units  (const char             *units,
                                    PsHdf5TimeCodec        *codec);
gboolean ps_hdf5_time_name_is_time (const char             *name);
/* Returns: how much to trust it (0: not a time, 1: only if nothing better) */
int      ps_hdf5_time_guess        (const PsHdf5TimeHints  *hints,
                                    PsHdf5TimeCodec        *codec);

PsTime   ps_hdf5_time_from_int     (const PsHdf5TimeCodec  *codec,
                                    gint64                  value);
PsTime   ps_hdf5_time_from_double  (const PsHdf5TimeCodec  *codec,
                                    double                  value);
gboolean ps_hdf5_time_parse_string (const char             *text,
                                    gsize                   len,
                                    PsTime                 *out);

G_END_DECLS
