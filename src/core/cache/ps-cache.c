/* ps-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fragment cache: see ps-cache.h. One SQLite connection per PsCache,
 * guarded by a GMutex; SQLite's WAL locking and a busy timeout serialise
 * the processes sharing the directory. Write transactions are BEGIN
 * IMMEDIATE so that two writers never deadlock on a lock upgrade.
 *
 * File names carry the writing process's pid: DIR/fragments/.tmp-PID-XXXXXX
 * while being written, HASH-PID-XXXXXX.psf once renamed. A file that no
 * index row names is an orphan (its writer died between the rename and the
 * commit, or lost a race) and ps_cache_prune() removes it when its writer
 * is gone (dead pid, this very process outside a store, or older than an
 * hour for a pid we cannot check).
 *
 * Durability: a store does not fsync. The fragment is written to its
 * temporary file, renamed into place, then indexed; rename() is atomic for
 * every process, so a reader (or a writer killed at any point, even with
 * SIGKILL) never sees part of a file. Only a crash of the whole system may
 * leave an indexed file empty, short or holding garbage (the index too may
 * lose its last transactions: WAL with synchronous = NORMAL). Every fragment
 * carries its length and a CRC-32, so ps_cache_lookup() takes such a file
 * for a miss: it drops the row and the file, and the next ps_cache_plan()
 * plans the fragment as missing. A crash thus loses recent fragments, to be
 * fetched again, and never serves corrupt data; in exchange, a store costs
 * no disk flush (one per file and one per directory were 0.5 to 10 ms each,
 * most of a cold get).
 *
 * Speed: the statements of the frequent calls are prepared once per
 * PsCache and kept (reset after each use, under the mutex, so that no read
 * transaction stays open). A lookup is a read only: it records its use
 * only when the recorded one is older than USE_RESOLUTION, which is all the
 * precision LRU eviction needs.
 */

#define G_LOG_DOMAIN "ps-cache"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "ps-cache.h"
#include "ps-cache-fragment.h"

#define INDEX_NAME      "index.sqlite"
#define FRAGMENTS_DIR   "fragments"
#define BUSY_TIMEOUT_MS 10000
/* Orphans whose writer we cannot prove dead are left alone this long. */
#define ORPHAN_GRACE_S  3600
/* Nobody needs more fragments than this in one plan. */
#define MAX_PLAN_SLOTS  1000000
/* A lookup records its use when the last one recorded is older than this. */
#define USE_RESOLUTION  (600 * PS_TIME_NS_PER_SECOND)

/* The statements kept prepared, by use. */
typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_INDEXED,
  STMT_TOUCH,
  STMT_FORGET,
  STMT_INDEX,
  STMT_MARK_FRESH,
  STMT_PLAN,
  STMT_QUERY_CLAIM,
  STMT_CLAIM,
  STMT_RELEASE,
  STMT_GRID,
  N_STMTS
} StmtId;

#define KEY_WHERE " provider = ?1 AND product = ?2 AND variant = ?3 AND fragment_start = ?4 "

/* A strictly increasing use stamp, even across processes: it is computed
 * inside the write transaction of the UPDATE. */
#define NEXT_USE "MAX(?6, (SELECT COALESCE(MAX(last_use), 0) + 1 FROM fragments))"

static const char * const stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_INDEXED] = "SELECT file, last_use FROM fragments WHERE" KEY_WHERE,
  [STMT_TOUCH] = "UPDATE fragments SET last_use = " NEXT_USE " WHERE" KEY_WHERE "AND file = ?5",
  [STMT_FORGET] = "DELETE FROM fragments WHERE" KEY_WHERE "AND file = ?5",
  [STMT_INDEX] = "INSERT OR REPLACE INTO fragments (provider, product, variant, fragment_start,"
                 " file, last_use, fragment_stop, bytes, version, fetched_at)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, " NEXT_USE ", ?7, ?8, ?9, ?10)",
  [STMT_MARK_FRESH] = "UPDATE fragments SET fetched_at = ?5, version = COALESCE(?6, version)"
                      " WHERE" KEY_WHERE,
  [STMT_PLAN] = "SELECT fragment_start, fragment_stop, version, fetched_at FROM fragments"
                " WHERE provider = ?1 AND product = ?2 AND variant = ?3"
                " AND fragment_start >= ?4 AND fragment_start <= ?5",
  [STMT_QUERY_CLAIM] = "SELECT pid, host, expires_at FROM claims WHERE" KEY_WHERE,
  [STMT_CLAIM] = "INSERT OR REPLACE INTO claims (provider, product, variant, fragment_start,"
                 " pid, host, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_RELEASE] = "DELETE FROM claims WHERE" KEY_WHERE "AND pid = ?5 AND host = ?6",
  [STMT_GRID] = "SELECT MAX(fragment_stop - fragment_start) FROM fragments"
                " WHERE provider = ?1 AND product = ?2 AND variant = ?3",
};

struct _PsCache
{
  GMutex        mutex;
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];  /* prepared on first use, under the mutex */
  char         *dir;
  char         *fragments_dir;
  char         *host;
  PsTime        provisional_max_age;
};

/* Data of the last days is still arriving (real-time streams, quick-look
 * files replaced by definitive ones): a fragment fetched less than this
 * after its end is provisional, and stale after provisional_max_age. */
#define SETTLE_TIME (2 * PS_TIME_NS_PER_DAY)

/* The paths of the files this process is writing, whatever PsCache writes
 * them: prune must not take them for orphans. */
G_LOCK_DEFINE_STATIC (in_flight);
static GHashTable *in_flight;

static void
in_flight_add (const char *dir,
               const char *name)
{
  G_LOCK (in_flight);
  if (in_flight == NULL)
    in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (in_flight, g_build_filename (dir, name, NULL));
  G_UNLOCK (in_flight);
}

static void
in_flight_remove (const char *dir,
                  const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  G_LOCK (in_flight);
  g_hash_table_remove (in_flight, path);
  G_UNLOCK (in_flight);
}

static gboolean
in_flight_contains (const char *path)
{
  gboolean found;

  G_LOCK (in_flight);
  found = in_flight != NULL && g_hash_table_contains (in_flight, path);
  G_UNLOCK (in_flight);
  return found;
}

G_DEFINE_QUARK (ps-cache-error-quark, ps_cache_error)

static PsTime
now_ns (void)
{
  return g_get_real_time () * 1000;
}

static gboolean
db_error (PsCache     *self,
          GError     **error,
          const char  *what)
{
  g_set_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_DATABASE,
               _("Cache index error (%s): %s"), what, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (PsCache     *self,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_error (self, error, sql);
  return TRUE;
}

static sqlite3_stmt *
prepare (PsCache     *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      db_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}

static void
finalize_stmt (sqlite3_stmt *stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, finalize_stmt)

/* A kept statement, as lent by kept(): a g_autoptr(KeptStmt) resets it
 * when it goes out of scope, which must be before the mutex is released
 * (another thread may then take it; a SELECT not reset would also keep
 * its read transaction open). */
typedef sqlite3_stmt KeptStmt;

static void
kept_stmt_reset (KeptStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeptStmt, kept_stmt_reset)

/* Under the mutex. */
static KeptStmt *
kept (PsCache     *self,
      StmtId       id,
      GError     **error)
{
  if (self->stmts[id] == NULL
      && sqlite3_prepare_v3 (self->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                             &self->stmts[id], NULL) != SQLITE_OK)
    {
      db_error (self, error, "prepare");
      return NULL;
    }
  return self->stmts[id];
}

/* Runs a kept statement that returns no rows; under the mutex. */
static gboolean
run_kept (PsCache     *self,
          StmtId       id,
          GError     **error)
{
  g_autoptr(KeptStmt) stmt = kept (self, id, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (self, error, stmt_sql[id]);
  return TRUE;
}

static gboolean
begin (PsCache  *self,
       GError  **error)
{
  return run_kept (self, STMT_BEGIN, error);
}

static gboolean
commit (PsCache  *self,
        GError  **error)
{
  return run_kept (self, STMT_COMMIT, error);
}

static void
bind_key (sqlite3_stmt         *stmt,
          const PsCacheProduct *product,
          PsTime                fragment_start)
{
  sqlite3_bind_text (stmt, 1, product->provider, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, product->product, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, product->variant, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, fragment_start);
}

static gboolean
product_is_valid (const PsCacheProduct *product)
{
  return product != NULL && product->provider != NULL
         && product->product != NULL && product->variant != NULL;
}

static void
rollback (PsCache *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Opening */

/**
 * ps_cache_get_default_dir:
 *
 * Returns: (transfer full): g_get_user_cache_dir()/plasmascope. Callers
 * apply PLASMASCOPE_CACHE_DIR themselves.
 */
char *
ps_cache_get_default_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "plasmascope", NULL);
}

/**
 * ps_cache_fragment_length_for_cadence:
 * @cadence: the product's time between samples, 0 or less if unknown
 *
 * The rule aims at fragments of some 3 600 to 86 400 samples (a few MB per
 * component at most) that are quick to fetch and few per view:
 *   cadence ≤ 1 s  → 1 hour;
 *   cadence ≤ 1 min, or unknown → 1 day;
 *   slower         → 30 days.
 */
PsTime
ps_cache_fragment_length_for_cadence (PsTime cadence)
{
  if (cadence > 0 && cadence <= PS_TIME_NS_PER_SECOND)
    return 3600 * PS_TIME_NS_PER_SECOND;
  if (cadence <= 60 * PS_TIME_NS_PER_SECOND)
    return PS_TIME_NS_PER_DAY;
  return 30 * PS_TIME_NS_PER_DAY;
}

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS fragments ("
  "  provider TEXT NOT NULL, product TEXT NOT NULL, variant TEXT NOT NULL,"
  "  fragment_start INTEGER NOT NULL, fragment_stop INTEGER NOT NULL,"
  "  file TEXT NOT NULL, bytes INTEGER NOT NULL, version TEXT,"
  "  fetched_at INTEGER NOT NULL, last_use INTEGER NOT NULL,"
  "  PRIMARY KEY (provider, product, variant, fragment_start));"
  "CREATE INDEX IF NOT EXISTS fragments_last_use ON fragments (last_use);"
  "CREATE TABLE IF NOT EXISTS claims ("
  "  provider TEXT NOT NULL, product TEXT NOT NULL, variant TEXT NOT NULL,"
  "  fragment_start INTEGER NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  PRIMARY KEY (provider, product, variant, fragment_start));";

/**
 * ps_cache_open:
 * @dir: (nullable): the cache directory, created if needed; %NULL for
 *   ps_cache_get_default_dir()
 *
 * Returns: (transfer full) (nullable): the cache, or %NULL with @error set
 */
PsCache *
ps_cache_open (const char  *dir,
               GError     **error)
{
  PsCache *self;
  g_autofree char *path = NULL;
  int rc;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (PsCache, 1);
  g_mutex_init (&self->mutex);
  self->dir = dir != NULL ? g_canonicalize_filename (dir, NULL) : ps_cache_get_default_dir ();
  self->fragments_dir = g_build_filename (self->dir, FRAGMENTS_DIR, NULL);
  self->host = g_strdup (g_get_host_name ());
  self->provisional_max_age = PS_CACHE_PROVISIONAL_MAX_AGE;

  if (g_mkdir_with_parents (self->fragments_dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (self->fragments_dir);

      g_set_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_IO,
                   _("Could not create the cache directory %s: %s"), display, g_strerror (saved));
      ps_cache_close (self);
      return NULL;
    }

  path = g_build_filename (self->dir, INDEX_NAME, NULL);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      if (self->db != NULL)
        db_error (self, error, "open");
      else
        g_set_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_DATABASE,
                     _("Could not open the cache index: %s"), sqlite3_errstr (rc));
      ps_cache_close (self);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!exec (self, "PRAGMA journal_mode = WAL", error)
      || !exec (self, "PRAGMA synchronous = NORMAL", error)
      || !exec (self, "BEGIN IMMEDIATE", error))
    {
      ps_cache_close (self);
      return NULL;
    }
  if (!exec (self, schema, error) || !exec (self, "COMMIT", error))
    {
      rollback (self);
      ps_cache_close (self);
      return NULL;
    }

  return self;
}

void
ps_cache_close (PsCache *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < N_STMTS; i++)
    sqlite3_finalize (self->stmts[i]);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->dir);
  g_free (self->fragments_dir);
  g_free (self->host);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const char *
ps_cache_get_dir (PsCache *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->dir;
}

/* Lookup */

/* The file name indexed for a key, or NULL (absent or on error), and its
 * last recorded use; under the mutex. */
static char *
indexed_file (PsCache               *self,
              const PsCacheProduct  *product,
              PsTime                 fragment_start,
              PsTime                *last_use,
              GError               **error)
{
  g_autoptr(KeptStmt) stmt = kept (self, STMT_INDEXED, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_key (stmt, product, fragment_start);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (last_use != NULL)
        *last_use = sqlite3_column_int64 (stmt, 1);
      return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    db_error (self, error, "lookup");
  return NULL;
}

/* Deletes the row only if it still names @file: another process may have
 * replaced it meanwhile. */
static gboolean
forget_file (PsCache               *self,
             const PsCacheProduct  *product,
             PsTime                 fragment_start,
             const char            *file,
             GError               **error)
{
  g_autoptr(KeptStmt) stmt = kept (self, STMT_FORGET, error);

  if (stmt == NULL)
    return FALSE;
  bind_key (stmt, product, fragment_start);
  sqlite3_bind_text (stmt, 5, file, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (self, error, "delete");
  return TRUE;
}

/* Records a use of the fragment; under the mutex. */
static gboolean
touch (PsCache               *self,
       const PsCacheProduct  *product,
       PsTime                 fragment_start,
       const char            *file,
       GError               **error)
{
  g_autoptr(KeptStmt) stmt = kept (self, STMT_TOUCH, error);

  if (stmt == NULL)
    return FALSE;
  bind_key (stmt, product, fragment_start);
  sqlite3_bind_text (stmt, 5, file, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, now_ns ());
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (self, error, "touch");
  return TRUE;
}

/**
 * ps_cache_lookup:
 * @fragment_start: the fragment's start, on the grid
 *
 * Reads a cached fragment and records its use (when the use recorded is
 * more than 10 minutes old: otherwise the lookup writes nothing). A
 * fragment whose file is damaged, cut short or gone (after a system crash,
 * say) is dropped from the index and reported as a miss.
 *
 * Returns: (transfer full) (nullable): the series; %NULL when the fragment
 * is not cached (@error unset) or the index failed (@error set)
 */
PsSeries *
ps_cache_lookup (PsCache               *self,
                 const PsCacheProduct  *product,
                 PsTime                 fragment_start,
                 GError               **error)
{
  g_autofree char *previous = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (product_is_valid (product), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Twice at most: the file may be replaced between the query and the read. */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GError) read_error = NULL;
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      PsTime last_use = 0;
      PsSeries *series;
      gboolean ok;

      g_mutex_lock (&self->mutex);
      file = indexed_file (self, product, fragment_start, &last_use, &local_error);
      g_mutex_unlock (&self->mutex);
      if (file == NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      path = g_build_filename (self->fragments_dir, file, NULL);
      series = ps_cache_fragment_read_file (path, &read_error);

      g_mutex_lock (&self->mutex);
      if (series != NULL)
        ok = last_use >= now_ns () - USE_RESOLUTION
             || touch (self, product, fragment_start, file, error);
      else if (g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
               && g_strcmp0 (previous, file) != 0)
        ok = TRUE; /* maybe replaced: ask the index again */
      else
        {
          g_debug ("dropping cache fragment %s: %s", file, read_error->message);
          ok = forget_file (self, product, fragment_start, file, error);
          if (ok)
            g_unlink (path);
        }
      g_mutex_unlock (&self->mutex);

      if (series != NULL)
        {
          if (!ok)
            g_clear_pointer (&series, ps_series_unref);
          return series;
        }
      if (!ok || !g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
          || g_strcmp0 (previous, file) == 0)
        return NULL;
      g_free (previous);
      previous = g_steal_pointer (&file);
    }

  return NULL;
}

/* Store */

static char *
key_hash (const PsCacheProduct *product,
          PsTime                fragment_start)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, fragment_start);

  g_checksum_update (checksum, (const guchar *) product->provider, (gssize) strlen (product->provider) + 1);
  g_checksum_update (checksum, (const guchar *) product->product, (gssize) strlen (product->product) + 1);
  g_checksum_update (checksum, (const guchar *) product->variant, (gssize) strlen (product->variant) + 1);
  g_checksum_update (checksum, (const guchar *) start, -1);
  return g_strndup (g_checksum_get_string (checksum), 16);
}

static gboolean
io_error (GError     **error,
          const char  *path,
          int          saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_IO,
               _("Could not write the cache file %s: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

/* Inserts or replaces the row; *old_file gets the file it named before. */
static gboolean
index_fragment (PsCache               *self,
                const PsCacheProduct  *product,
                PsTime                 fragment_start,
                PsTime                 fragment_stop,
                const char            *version,
                const char            *file,
                gsize                  size,
                char                 **old_file,
                GError               **error)
{
  g_autoptr(KeptStmt) stmt = NULL;
  GError *local_error = NULL;

  if (!begin (self, error))
    return FALSE;

  *old_file = indexed_file (self, product, fragment_start, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      goto failed;
    }

  stmt = kept (self, STMT_INDEX, error);
  if (stmt == NULL)
    goto failed;
  bind_key (stmt, product, fragment_start);
  sqlite3_bind_text (stmt, 5, file, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, now_ns ());
  sqlite3_bind_int64 (stmt, 7, fragment_stop);
  sqlite3_bind_int64 (stmt, 8, (sqlite3_int64) size);
  if (version != NULL)
    sqlite3_bind_text (stmt, 9, version, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_int64 (stmt, 10, now_ns ());
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      db_error (self, error, "insert");
      goto failed;
    }
  g_clear_pointer (&stmt, kept_stmt_reset);
  if (!commit (self, error))
    goto failed;
  return TRUE;

failed:
  g_clear_pointer (&stmt, kept_stmt_reset);
  rollback (self);
  g_clear_pointer (old_file, g_free);
  return FALSE;
}

/**
 * ps_cache_store:
 * @fragment_start: the fragment's start, on the grid
 * @fragment_stop: its stop (start + fragment length, or earlier when the
 *   data do not go further yet: such a fragment is planned as missing)
 * @version: (nullable): the ETag or Last-Modified text of the data
 * @series: the fragment's data
 *
 * Writes the fragment atomically: readers see the old one or the new one,
 * never a part. If the index cannot be updated the new file is removed.
 * Nothing is flushed to the disk: see the durability note at the top of
 * ps-cache.c.
 */
gboolean
ps_cache_store (PsCache               *self,
                const PsCacheProduct  *product,
                PsTime                 fragment_start,
                PsTime                 fragment_stop,
                const char            *version,
                PsSeries              *series,
                GError               **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *final_name = NULL;
  g_autofree char *final_path = NULL;
  g_autofree char *old_file = NULL;
  g_autofree char *hash = NULL;
  gsize size = 0;
  gboolean ok = FALSE;
  int saved_errno;
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (product_is_valid (product), FALSE);
  g_return_val_if_fail (fragment_stop > fragment_start, FALSE);
  g_return_val_if_fail (series != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  hash = key_hash (product, fragment_start);

  /* Named, and known to be in flight, before it exists. */
  for (guint attempt = 0; ; attempt++)
    {
      static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
      char suffix[7];

      for (guint i = 0; i < 6; i++)
        suffix[i] = chars[g_random_int_range (0, sizeof chars - 1)];
      suffix[6] = '\0';
      g_free (tmp_name);
      g_free (tmp_path);
      tmp_name = g_strdup_printf (".tmp-%ld-%s", (long) getpid (), suffix);
      tmp_path = g_build_filename (self->fragments_dir, tmp_name, NULL);
      in_flight_add (self->fragments_dir, tmp_name);
      fd = g_open (tmp_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      saved_errno = errno;
      if (fd >= 0)
        break;
      in_flight_remove (self->fragments_dir, tmp_name);
      if (saved_errno != EEXIST || attempt >= 100)
        return io_error (error, tmp_path, saved_errno);
    }

  /* The slow part, outside the lock. */
  if (!ps_cache_fragment_write (series, fd, PS_CACHE_FRAGMENT_WRITE_DEFAULT, &size, error))
    {
      close (fd);
      g_unlink (tmp_path);
      goto out;
    }
  if (close (fd) != 0)
    {
      io_error (error, tmp_path, errno);
      g_unlink (tmp_path);
      goto out;
    }

  g_mutex_lock (&self->mutex);
  /* .tmp-PID-XXXXXX → HASH-PID-XXXXXX.psf */
  final_name = g_strdup_printf ("%s-%s.psf", hash, tmp_name + strlen (".tmp-"));
  final_path = g_build_filename (self->fragments_dir, final_name, NULL);
  in_flight_add (self->fragments_dir, final_name);
  if (g_file_test (final_path, G_FILE_TEST_EXISTS))
    {
      /* Left by a dead process that had our pid: never replace it blindly. */
      g_unlink (tmp_path);
      g_set_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_IO,
                   _("Could not name a cache file: %s exists"), final_name);
    }
  else if (g_rename (tmp_path, final_path) != 0)
    {
      io_error (error, final_path, errno);
      g_unlink (tmp_path);
    }
  else
    {
      ok = index_fragment (self, product, fragment_start, fragment_stop, version,
                           final_name, size, &old_file, error);
      if (!ok)
        g_unlink (final_path);
      else if (old_file != NULL && !g_str_equal (old_file, final_name))
        {
          g_autofree char *old_path = g_build_filename (self->fragments_dir, old_file, NULL);

          g_unlink (old_path);
        }
    }
  in_flight_remove (self->fragments_dir, final_name);
  g_mutex_unlock (&self->mutex);

out:
  in_flight_remove (self->fragments_dir, tmp_name);
  return ok;
}

/**
 * ps_cache_mark_fresh:
 * @version: (nullable): the new version, or %NULL to keep the stored one
 *
 * After a successful revalidation (HTTP 304): the fragment counts as
 * fetched now. Does nothing if the fragment is not cached.
 */
gboolean
ps_cache_mark_fresh (PsCache               *self,
                     const PsCacheProduct  *product,
                     PsTime                 fragment_start,
                     const char            *version,
                     GError               **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (product_is_valid (product), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->mutex);
  {
    g_autoptr(KeptStmt) stmt = kept (self, STMT_MARK_FRESH, error);

    if (stmt != NULL)
      {
        bind_key (stmt, product, fragment_start);
        sqlite3_bind_int64 (stmt, 5, now_ns ());
        if (version != NULL)
          sqlite3_bind_text (stmt, 6, version, -1, SQLITE_TRANSIENT);
        else
          sqlite3_bind_null (stmt, 6);
        ok = sqlite3_step (stmt) == SQLITE_DONE || db_error (self, error, "update");
      }
  }
  g_mutex_unlock (&self->mutex);
  return ok;
}

/* Plan */

static PsTime
floor_to_grid (PsTime t,
               PsTime length)
{
  PsTime q = t / length;

  if (t % length != 0 && t < 0)
    q--;
  return q * length;
}

static void
add_request (GArray     *requests,
             PsTime      start,
             PsTime      stop,
             PsTime      fragment_length,
             PsTime      max_span,
             const char *version)
{
  PsTime step;

  /* Whole fragments per request when the span allows it; a fragment
   * longer than the span is cut into pieces of the span. */
  if (max_span <= 0 || stop - start <= max_span)
    step = stop - start;
  else if (max_span >= fragment_length)
    step = (max_span / fragment_length) * fragment_length;
  else
    step = max_span;

  for (PsTime t = start; t < stop; t += step)
    {
      PsCacheRequest request = { t, MIN (stop, t + step), g_strdup (version) };

      g_array_append_val (requests, request);
      if (stop - t <= step)
        break;
    }
}

/* Fills the slots of the fragments the index holds; under the mutex. */
static gboolean
plan_slots (PsCache               *self,
            const PsCacheProduct  *product,
            GArray                *slots,
            PsTime                 first,
            PsTime                 last,
            PsTime                 fragment_length,
            PsTime                 max_age,
            GError               **error)
{
  g_autoptr(KeptStmt) stmt = kept (self, STMT_PLAN, error);
  PsTime now = now_ns ();
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_key (stmt, product, first);
  sqlite3_bind_int64 (stmt, 5, last);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PsTime start = sqlite3_column_int64 (stmt, 0);
      PsTime stop = sqlite3_column_int64 (stmt, 1);
      const char *version = (const char *) sqlite3_column_text (stmt, 2);
      PsTime fetched_at = sqlite3_column_int64 (stmt, 3);
      PsCacheSlot *slot;

      if ((start - first) % fragment_length != 0)
        continue; /* stored on another grid */
      slot = &g_array_index (slots, PsCacheSlot, (start - first) / fragment_length);
      if (stop < slot->stop)
        continue; /* partial: fetch it again */
      if (max_age > 0
          && (now - fetched_at > max_age
              || (fetched_at < stop + SETTLE_TIME && now - fetched_at > MIN (max_age, self->provisional_max_age))))
        slot->state = PS_CACHE_STALE;
      else
        slot->state = PS_CACHE_FRESH;
      slot->version = g_strdup (version);
    }
  if (rc != SQLITE_DONE)
    return db_error (self, error, "plan");
  return TRUE;
}

/**
 * ps_cache_plan:
 * @range: the requested [start, stop)
 * @fragment_length: the grid (see ps_cache_fragment_length_for_cadence())
 * @max_span: the longest request the provider accepts, 0 for no limit
 * @max_age: cached fragments fetched longer ago than this are stale; 0
 *   means they never are
 *
 * Lists the fragments that cover @range with their state, and the requests
 * to make: adjacent missing fragments merged into one request (split at
 * fragment boundaries when longer than @max_span), then one revalidation
 * request per stale fragment, carrying its version; all in time order.
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with @error set
 */
PsCachePlan *
ps_cache_plan (PsCache               *self,
               const PsCacheProduct  *product,
               const PsTimeRange     *range,
               PsTime                 fragment_length,
               PsTime                 max_span,
               PsTime                 max_age,
               GError               **error)
{
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GArray) requests = NULL;
  PsCachePlan *plan;
  PsTime first, last;
  gboolean ok;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (product_is_valid (product), NULL);
  g_return_val_if_fail (range != NULL, NULL);
  g_return_val_if_fail (fragment_length > 0 && fragment_length < G_MAXINT64 / 8, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plan = g_new0 (PsCachePlan, 1);
  plan->fragment_length = fragment_length;
  if (range->stop <= range->start)
    return plan;

  if (range->start < G_MININT64 + 2 * fragment_length
      || range->stop > G_MAXINT64 - 2 * fragment_length)
    {
      g_set_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_INVALID,
                   _("The time range is out of bounds"));
      ps_cache_plan_free (plan);
      return NULL;
    }
  first = floor_to_grid (range->start, fragment_length);
  last = floor_to_grid (range->stop - 1, fragment_length);
  if ((guint64) (last - first) / (guint64) fragment_length >= MAX_PLAN_SLOTS)
    {
      g_set_error (error, PS_CACHE_ERROR, PS_CACHE_ERROR_INVALID,
                   _("The time range spans too many cache fragments"));
      ps_cache_plan_free (plan);
      return NULL;
    }

  slots = g_array_new (FALSE, TRUE, sizeof (PsCacheSlot));
  for (PsTime t = first; ; t += fragment_length)
    {
      PsCacheSlot slot = { t, t + fragment_length, PS_CACHE_MISSING, NULL };

      g_array_append_val (slots, slot);
      if (t == last)
        break;
    }

  g_mutex_lock (&self->mutex);
  ok = plan_slots (self, product, slots, first, last, fragment_length, max_age, error);
  g_mutex_unlock (&self->mutex);
  if (!ok)
    {
      for (guint i = 0; i < slots->len; i++)
        g_free (g_array_index (slots, PsCacheSlot, i).version);
      ps_cache_plan_free (plan);
      return NULL;
    }

  requests = g_array_new (FALSE, TRUE, sizeof (PsCacheRequest));
  for (guint i = 0; i < slots->len; )
    {
      PsCacheSlot *slot = &g_array_index (slots, PsCacheSlot, i);
      guint j = i + 1;

      if (slot->state == PS_CACHE_STALE)
        add_request (requests, slot->start, slot->stop, fragment_length, max_span, slot->version);
      else if (slot->state == PS_CACHE_MISSING)
        {
          while (j < slots->len && g_array_index (slots, PsCacheSlot, j).state == PS_CACHE_MISSING)
            j++;
          add_request (requests, slot->start, g_array_index (slots, PsCacheSlot, j - 1).stop,
                       fragment_length, max_span, NULL);
        }
      i = j;
    }

  plan->n_slots = slots->len;
  plan->slots = (PsCacheSlot *) (void *) g_array_free (g_steal_pointer (&slots), FALSE);
  plan->n_requests = requests->len;
  plan->requests = (PsCacheRequest *) (void *) g_array_free (g_steal_pointer (&requests), FALSE);
  return plan;
}

/**
 * ps_cache_set_provisional_max_age:
 * @max_age: the age after which a provisional fragment is stale (default
 *   %PS_CACHE_PROVISIONAL_MAX_AGE)
 *
 * A fragment is provisional when it was fetched less than two days after
 * its end: its data may still have been arriving. ps_cache_plan() then
 * takes it for stale after @max_age (or its own max_age if shorter).
 */
void
ps_cache_set_provisional_max_age (PsCache *self,
                                  PsTime   max_age)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_age > 0);

  g_mutex_lock (&self->mutex);
  self->provisional_max_age = max_age;
  g_mutex_unlock (&self->mutex);
}

void
ps_cache_plan_free (PsCachePlan *plan)
{
  if (plan == NULL)
    return;

  for (guint i = 0; i < plan->n_slots; i++)
    g_free (plan->slots[i].version);
  for (guint i = 0; i < plan->n_requests; i++)
    g_free (plan->requests[i].version);
  g_free (plan->slots);
  g_free (plan->requests);
  g_free (plan);
}

/* Prune */

static gboolean
pid_is_alive (long pid)
{
  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

/* The pid in ".tmp-PID-XXXXXX" or "HASH-PID-XXXXXX.psf", or 0. */
static long
name_pid (const char *name)
{
  const char *p = g_str_has_prefix (name, ".tmp-") ? name + 5 : strchr (name, '-');
  char *end = NULL;
  long pid;

  if (p == NULL)
    return 0;
  if (*p == '-')
    p++;
  pid = strtol (p, &end, 10);
  return (end != p && *end == '-') ? pid : 0;
}

/* Whether a file no row names may go: its writer is gone. */
static gboolean
orphan_may_go (PsCache    *self,
               const char *name,
               const char *path)
{
  long pid = name_pid (name);
  GStatBuf st;

  if (in_flight_contains (path))
    return FALSE;
  if (pid == (long) getpid ())
    return TRUE;  /* ours, and not being written */
  if (pid > 0 && !pid_is_alive (pid))
    return TRUE;
  return g_stat (path, &st) == 0 && (gint64) st.st_mtime < g_get_real_time () / G_USEC_PER_SEC - ORPHAN_GRACE_S;
}

static gboolean
remove_orphans (PsCache             *self,
                PsCachePruneResult  *result,
                GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) indexed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int rc;

  stmt = prepare (self, "SELECT file FROM fragments", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (indexed, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return db_error (self, error, "list");
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Rows whose file is gone. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, indexed);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_autofree char *path = g_build_filename (self->fragments_dir, key, NULL);

        if (!g_file_test (path, G_FILE_TEST_EXISTS))
          g_ptr_array_add (missing, g_strdup (key));
      }
  }
  if (missing->len > 0)
    {
      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      stmt = prepare (self, "DELETE FROM fragments WHERE file = ?1", error);
      if (stmt == NULL)
        {
          rollback (self);
          return FALSE;
        }
      for (guint i = 0; i < missing->len; i++)
        {
          sqlite3_reset (stmt);
          sqlite3_bind_text (stmt, 1, g_ptr_array_index (missing, i), -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            {
              db_error (self, error, "delete");
              rollback (self);
              return FALSE;
            }
          result->n_missing_files += (guint) sqlite3_changes (self->db);
        }
      if (!exec (self, "COMMIT", error))
        {
          rollback (self);
          return FALSE;
        }
    }

  /* Files no row names. */
  dir = g_dir_open (self->fragments_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (g_hash_table_contains (indexed, name))
        continue;
      path = g_build_filename (self->fragments_dir, name, NULL);
      if (orphan_may_go (self, name, path))
        {
          /* The index may have gained it since we listed it: ask again. */
          g_autoptr(sqlite3_stmt) check = prepare (self, "SELECT 1 FROM fragments WHERE file = ?1", NULL);

          if (check == NULL)
            continue;
          sqlite3_bind_text (check, 1, name, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (check) == SQLITE_DONE && g_unlink (path) == 0)
            result->n_orphan_files++;
        }
    }
  return TRUE;
}

static gboolean
evict (PsCache             *self,
       guint64              max_bytes,
       PsCachePruneResult  *result,
       GError             **error)
{
  for (;;)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
      sqlite3_int64 total;

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      stmt = prepare (self, "SELECT COALESCE(SUM(bytes), 0) FROM fragments", error);
      if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
        goto failed;
      total = sqlite3_column_int64 (stmt, 0);
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (total <= 0 || (guint64) total <= max_bytes)
        return exec (self, "COMMIT", error) || (rollback (self), FALSE);

      /* Oldest use first, as many as needed in this batch. */
      stmt = prepare (self, "SELECT file, bytes FROM fragments ORDER BY last_use LIMIT 256", error);
      if (stmt == NULL)
        goto failed;
      while ((guint64) total > max_bytes && sqlite3_step (stmt) == SQLITE_ROW)
        {
          sqlite3_int64 bytes = sqlite3_column_int64 (stmt, 1);

          g_ptr_array_add (files, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
          total -= bytes;
          result->n_evicted++;
          result->bytes_evicted += (guint64) MAX (bytes, 0);
        }
      g_clear_pointer (&stmt, sqlite3_finalize);

      stmt = prepare (self, "DELETE FROM fragments WHERE file = ?1", error);
      if (stmt == NULL)
        goto failed;
      for (guint i = 0; i < files->len; i++)
        {
          sqlite3_reset (stmt);
          sqlite3_bind_text (stmt, 1, g_ptr_array_index (files, i), -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            {
              db_error (self, error, "evict");
              goto failed;
            }
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (!exec (self, "COMMIT", error))
        goto failed;

      /* Only once the rows are gone: a reader may still map the file, which
       * Unix allows. */
      for (guint i = 0; i < files->len; i++)
        {
          g_autofree char *path = g_build_filename (self->fragments_dir,
                                                    g_ptr_array_index (files, i), NULL);

          g_unlink (path);
        }
      if (files->len == 0)
        return TRUE;
      continue;

    failed:
      if (error != NULL && *error == NULL)
        db_error (self, error, "evict");
      rollback (self);
      return FALSE;
    }
}

/**
 * ps_cache_prune:
 * @max_bytes: the size to bring the cache down to
 * @result: (out caller-allocates) (optional): what was removed
 *
 * Drops index rows whose file is gone, removes files no row names (once
 * their writer is gone), then evicts least recently used fragments until
 * the fragments total at most @max_bytes.
 */
gboolean
ps_cache_prune (PsCache             *self,
                guint64              max_bytes,
                PsCachePruneResult  *result,
                GError             **error)
{
  PsCachePruneResult local = { 0 };
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->mutex);
  ok = remove_orphans (self, &local, error) && evict (self, max_bytes, &local, error);
  g_mutex_unlock (&self->mutex);

  if (result != NULL)
    *result = local;
  return ok;
}

/**
 * ps_cache_clear:
 *
 * Removes every fragment (and every orphan file whose writer is gone).
 */
gboolean
ps_cache_clear (PsCache  *self,
                GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return ps_cache_prune (self, 0, NULL, error);
}

/* Stats */

/**
 * ps_cache_get_fragment_length:
 * @length: (out): the length of the product's fragments, when found
 *
 * The grid the product's cached fragments lie on, so that later gets use
 * the same one whatever their provider knows at the time (a provider may
 * learn a dataset's cadence only after its first request).
 *
 * Returns: %TRUE with @length set when the cache holds fragments of
 *   @product; %FALSE otherwise (@error set on failure)
 */
gboolean
ps_cache_get_fragment_length (PsCache               *self,
                              const PsCacheProduct  *product,
                              PsTime                *length,
                              GError               **error)
{
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (product_is_valid (product), FALSE);
  g_return_val_if_fail (length != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  {
    g_autoptr(KeptStmt) stmt = kept (self, STMT_GRID, error);

    if (stmt != NULL)
      {
        bind_key (stmt, product, 0);
        rc = sqlite3_step (stmt);
        if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL && sqlite3_column_int64 (stmt, 0) > 0)
          {
            *length = sqlite3_column_int64 (stmt, 0);
            found = TRUE;
          }
        else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
          db_error (self, error, "grid");
      }
  }
  g_mutex_unlock (&self->mutex);
  return found;
}

/**
 * ps_cache_get_stats:
 *
 * Returns: (transfer full) (nullable): the fragment count and bytes, in all
 * and per provider
 */
PsCacheStats *
ps_cache_get_stats (PsCache  *self,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) providers = NULL;
  PsCacheStats *stats;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  providers = g_array_new (FALSE, TRUE, sizeof (PsCacheProviderStats));
  stats = g_new0 (PsCacheStats, 1);

  g_mutex_lock (&self->mutex);
  stmt = prepare (self, "SELECT provider, COUNT(*), COALESCE(SUM(bytes), 0) FROM fragments"
                  " GROUP BY provider ORDER BY provider", error);
  if (stmt != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          PsCacheProviderStats p = {
            g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
            (guint64) sqlite3_column_int64 (stmt, 1),
            (guint64) sqlite3_column_int64 (stmt, 2),
          };

          g_array_append_val (providers, p);
          stats->n_fragments += p.n_fragments;
          stats->bytes += p.bytes;
        }
      if (rc != SQLITE_DONE)
        db_error (self, error, "stats");
    }
  g_mutex_unlock (&self->mutex);

  stats->n_providers = providers->len;
  stats->providers = (PsCacheProviderStats *) (void *) g_array_free (g_steal_pointer (&providers), FALSE);
  if (rc != SQLITE_DONE)
    g_clear_pointer (&stats, ps_cache_stats_free);
  return stats;
}

void
ps_cache_stats_free (PsCacheStats *stats)
{
  if (stats == NULL)
    return;

  for (guint i = 0; i < stats->n_providers; i++)
    g_free (stats->providers[i].provider);
  g_free (stats->providers);
  g_free (stats);
}

/* Claims */

/* TRUE if the claim row is held by someone else who may still work on it. */
static gboolean
claim_is_live (PsCache    *self,
               gint64      pid,
               const char *host,
               PsTime      expires_at)
{
  if (expires_at <= now_ns ())
    return FALSE;
  if (g_strcmp0 (host, self->host) != 0)
    return TRUE; /* another machine: only the expiry tells */
  if (pid == (gint64) getpid ())
    return TRUE; /* another thread of ours */
  return pid_is_alive ((long) pid);
}

/* Whether a live claim exists; under the mutex. */
static gboolean
query_claim (PsCache               *self,
             const PsCacheProduct  *product,
             PsTime                 fragment_start,
             gboolean              *live,
             GError               **error)
{
  g_autoptr(KeptStmt) stmt = kept (self, STMT_QUERY_CLAIM, error);
  int rc;

  *live = FALSE;
  if (stmt == NULL)
    return FALSE;
  bind_key (stmt, product, fragment_start);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *live = claim_is_live (self, sqlite3_column_int64 (stmt, 0),
                           (const char *) sqlite3_column_text (stmt, 1),
                           sqlite3_column_int64 (stmt, 2));
  else if (rc != SQLITE_DONE)
    return db_error (self, error, "claim");
  return TRUE;
}

/* Under the mutex, in a transaction. */
static gboolean
insert_claim (PsCache               *self,
              const PsCacheProduct  *product,
              PsTime                 fragment_start,
              PsTime                 expires_at,
              GError               **error)
{
  g_autoptr(KeptStmt) stmt = kept (self, STMT_CLAIM, error);

  if (stmt == NULL)
    return FALSE;
  bind_key (stmt, product, fragment_start);
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) getpid ());
  sqlite3_bind_text (stmt, 6, self->host, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, expires_at);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (self, error, "claim");
  return TRUE;
}

/* Every claim, or none, in one transaction; under the mutex. */
static gboolean
claim_all (PsCache               *self,
           const PsCacheProduct  *product,
           const PsTime          *starts,
           guint                  n_starts,
           PsTime                 ttl,
           PsTime                *busy,
           GError               **error)
{
  PsTime expires_at;

  if (!begin (self, error))
    return FALSE;
  for (guint i = 0; i < n_starts; i++)
    {
      gboolean live = FALSE;

      if (!query_claim (self, product, starts[i], &live, error))
        goto failed;
      if (live)
        {
          if (busy != NULL)
            *busy = starts[i];
          rollback (self);
          return FALSE;
        }
    }
  expires_at = now_ns () + ttl;
  for (guint i = 0; i < n_starts; i++)
    if (!insert_claim (self, product, starts[i], expires_at, error))
      goto failed;
  if (commit (self, error))
    return TRUE;

failed:
  rollback (self);
  return FALSE;
}

/* Under the mutex. */
static gboolean
release_one (PsCache               *self,
             const PsCacheProduct  *product,
             PsTime                 fragment_start,
             GError               **error)
{
  g_autoptr(KeptStmt) stmt = kept (self, STMT_RELEASE, error);

  if (stmt == NULL)
    return FALSE;
  bind_key (stmt, product, fragment_start);
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) getpid ());
  sqlite3_bind_text (stmt, 6, self->host, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return db_error (self, error, "release");
  return TRUE;
}

/* Under the mutex. */
static gboolean
release_all (PsCache               *self,
             const PsCacheProduct  *product,
             const PsTime          *starts,
             guint                  n_starts,
             GError               **error)
{
  if (n_starts == 1)
    return release_one (self, product, starts[0], error);
  if (!begin (self, error))
    return FALSE;
  for (guint i = 0; i < n_starts; i++)
    if (!release_one (self, product, starts[i], error))
      {
        rollback (self);
        return FALSE;
      }
  if (commit (self, error))
    return TRUE;
  rollback (self);
  return FALSE;
}

/**
 * ps_cache_claim:
 * @ttl: how long the claim holds if we never release it (we crash on
 *   another machine, say)
 *
 * Announces that this process is about to download the fragment, so that
 * other threads and processes wait instead of downloading it too. A claim
 * that expired, or whose process is dead, is taken over.
 *
 * Returns: %TRUE if the claim is ours; %FALSE with @error unset when
 * someone else holds it (see ps_cache_wait_claim()), or with @error set
 */
gboolean
ps_cache_claim (PsCache               *self,
                const PsCacheProduct  *product,
                PsTime                 fragment_start,
                PsTime                 ttl,
                GError               **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (product_is_valid (product), FALSE);
  g_return_val_if_fail (ttl > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ps_cache_claim_fragments (self, product, &fragment_start, 1, ttl, NULL, error);
}

/**
 * ps_cache_claim_fragments:
 * @starts: (array length=n_starts): the fragments' starts, in any order
 * @ttl: as for ps_cache_claim()
 * @busy: (out) (optional): when someone else holds one of the claims, the
 *   start of the first such fragment in @starts
 *
 * ps_cache_claim() for several fragments (those of the downloads a plan
 * asks for, say) in one transaction: all the claims become ours, or none
 * does.
 *
 * Returns: %TRUE if every claim is ours (also when @n_starts is 0);
 * %FALSE with @error unset when someone else holds one (@busy tells
 * which; none was taken), or with @error set
 */
gboolean
ps_cache_claim_fragments (PsCache               *self,
                          const PsCacheProduct  *product,
                          const PsTime          *starts,
                          guint                  n_starts,
                          PsTime                 ttl,
                          PsTime                *busy,
                          GError               **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (product_is_valid (product), FALSE);
  g_return_val_if_fail (starts != NULL || n_starts == 0, FALSE);
  g_return_val_if_fail (ttl > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_starts == 0)
    return TRUE;
  g_mutex_lock (&self->mutex);
  ok = claim_all (self, product, starts, n_starts, ttl, busy, error);
  g_mutex_unlock (&self->mutex);
  return ok;
}

/**
 * ps_cache_release:
 *
 * Gives up this process's claim on the fragment, after storing it or
 * failing to. Releasing a claim we do not hold does nothing.
 */
gboolean
ps_cache_release (PsCache               *self,
                  const PsCacheProduct  *product,
                  PsTime                 fragment_start,
                  GError               **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (product_is_valid (product), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ps_cache_release_fragments (self, product, &fragment_start, 1, error);
}

/**
 * ps_cache_release_fragments:
 * @starts: (array length=n_starts): the fragments' starts
 *
 * ps_cache_release() for several fragments, in one transaction.
 */
gboolean
ps_cache_release_fragments (PsCache               *self,
                            const PsCacheProduct  *product,
                            const PsTime          *starts,
                            guint                  n_starts,
                            GError               **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (product_is_valid (product), FALSE);
  g_return_val_if_fail (starts != NULL || n_starts == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_starts == 0)
    return TRUE;
  g_mutex_lock (&self->mutex);
  ok = release_all (self, product, starts, n_starts, error);
  g_mutex_unlock (&self->mutex);
  return ok;
}

/**
 * ps_cache_wait_claim:
 * @timeout: how long to wait at most, in ns
 *
 * Waits, polling, until nobody holds a live claim on the fragment (its
 * holder released it, died or let it expire). The caller then looks the
 * fragment up, and claims it if it is still missing.
 *
 * Returns: %TRUE when no live claim remains; %FALSE on timeout (@error
 * unset) or failure (@error set)
 */
gboolean
ps_cache_wait_claim (PsCache               *self,
                     const PsCacheProduct  *product,
                     PsTime                 fragment_start,
                     PsTime                 timeout,
                     GError               **error)
{
  gint64 deadline;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (product_is_valid (product), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  deadline = g_get_monotonic_time () + timeout / 1000;
  for (;;)
    {
      gboolean live = FALSE;
      gboolean ok;

      g_mutex_lock (&self->mutex);
      ok = query_claim (self, product, fragment_start, &live, error);
      g_mutex_unlock (&self->mutex);
      if (!ok)
        return FALSE;
      if (!live)
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (20 * 1000);
    }
}
