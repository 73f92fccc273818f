/* SPDX-License-Identifier: MIT */
/*
 * libauth0logout-pg - a swap store (auth0logout.h, R10) fed live from
 * PostgreSQL (doc/rules.md R10.3-R10.5), through libpq.
 *
 * The database keeps Auth0 Management API objects as they are (the schema
 * and its triggers: sql/auth0logout-pg.sql, installed as
 * share/auth0logout/auth0logout-pg.sql):
 *   auth0logout_tenants (id text, settings jsonb)    the tenant settings
 *   auth0logout_clients (tenant_id, client_id, client jsonb)
 * Every insert, update or delete takes the next value of a change sequence
 * (writers are serialized by a transaction advisory lock, so the sequence
 * is in commit order) and NOTIFYs channel "auth0logout" with the tenant id;
 * a deleted client leaves a tombstone with its sequence number.
 *
 * The loader: connects (one dedicated session connection; LISTEN does not
 * work through a transaction-pooling PgBouncer), LISTENs, loads the tenant
 * in full, publishes, then on every notification (and every ping interval)
 * reads the rows whose change sequence is past the last one applied and
 * publishes them.  After a disconnect it reconnects (with backoff),
 * LISTENs again and catches up by the same query, so a notification lost
 * with the connection costs nothing.  Should the change numbers go back (a
 * failover to a replica that lagged, a point-in-time restore, a setval of
 * the sequence), new commits could be numbered below what a catch-up
 * reads: each catch-up also reads the sequence's last value and the
 * largest number among the tenant's rows, and when either is below the
 * last change applied the loader logs a warning ("the change sequence
 * went back from N to M: reloading in full") and loads the tenant in full
 * again (at every sync, until the numbers are past N again).  Every
 * connection has client_encoding UTF8, whatever the connection string,
 * PGCLIENTENCODING or the server's default say.  Each row is compiled by
 * the config library (auth0logout_config_compile_client / _tenant: the
 * JSON code path of R7.4).  A row that does not compile keeps the
 * client's last good version and is reported (a warning naming the
 * tenant, and the health: client, entry, reason); a client that never had
 * a good version is marked failed in the store (its decisions are
 * server_error).  The request path never touches the database: decisions
 * read the swap store.
 *
 * libpq's message about a connection string it cannot parse quotes the
 * part it could not parse, which may be the password: the library never
 * keeps, logs or returns it (_new and _import refuse such a string with
 * AUTH0LOGOUT_E_INVALID_ARGUMENT; the health never shows it).
 *
 * Threads: _start runs the loader in a thread of its own; _health is safe
 * from any thread; everything else from one thread.  Nothing is global.
 * Link with pkg-config auth0logout-pg.  Since 0.4.
 */
#ifndef AUTH0LOGOUT_PG_H
#define AUTH0LOGOUT_PG_H

#include <stddef.h>
#include <stdint.h>

#include "auth0logout.h"
#include "auth0logout/config.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(AUTH0LOGOUT_PG_BUILDING) && defined(__GNUC__)
#define AUTH0LOGOUT_PG_API __attribute__((visibility("default")))
#else
#define AUTH0LOGOUT_PG_API
#endif

/* The NOTIFY channel the triggers use. */
#define AUTH0LOGOUT_PG_CHANNEL "auth0logout"

#define AUTH0LOGOUT_PG_LOG_ERROR   1
#define AUTH0LOGOUT_PG_LOG_WARNING 2
#define AUTH0LOGOUT_PG_LOG_INFO    3

/* One line (no newline), called from the loader's thread. */
typedef void (*auth0logout_pg_log_fn)(void *ctx, int level, const char *msg);

/* Zero it before setting fields; reserved stays zero (_new refuses
 * anything else).  The connection's application_name is
 * auth0logout-loader unless conninfo names one. */
typedef struct auth0logout_pg_options {
	const char *conninfo; /* libpq connection string or URI (required) */
	const char *tenant;   /* the tenant's id (required) */
	auth0logout_pg_log_fn log; /* may be NULL: no log */
	void *log_ctx;
	unsigned ping_ms;      /* how often an idle loader checks the
	                          connection and the sequence (0: 1000) */
	unsigned timeout_ms;   /* a connect that takes longer, or a query
	                          during which the server sends nothing
	                          for that long, fails the connection (0:
	                          5000).  For queries an idle timeout:
	                          restarted whenever bytes arrive, so a big
	                          tenant loads however long its transfer
	                          takes, while a hung server is caught */
	unsigned retry_min_ms; /* reconnect backoff, doubling (0: 100) */
	unsigned retry_max_ms; /* (0: 5000) */
	void *reserved[4];
} auth0logout_pg_options;

typedef struct auth0logout_pg auth0logout_pg;

/* A loader feeding ss (which it does not own and which must outlive it).
 * Copies the options' strings; does not connect.  conninfo is parsed as
 * libpq will (a connection string or URI; anything else is a database
 * name): one libpq cannot parse is AUTH0LOGOUT_E_INVALID_ARGUMENT, and
 * libpq's reason, which may quote the password, is dropped unread (say
 * "not a valid libpq connection string", never the string).
 * AUTH0LOGOUT_E_INVALID_ARGUMENT, AUTH0LOGOUT_E_NOMEM. */
AUTH0LOGOUT_PG_API auth0logout_status
auth0logout_pg_new(const auth0logout_pg_options *opt, auth0logout_swapstore *ss,
                   auth0logout_pg **out);

/* Connects, loads the tenant in full and publishes, once, in the calling
 * thread (the CLI's decide --store; a server that wants to start only
 * with data), within timeout_ms per step (connecting; idle in a
 * query).  AUTH0LOGOUT_OK, or AUTH0LOGOUT_E_STORE_FAILED with the reason
 * in err (err_len bytes, NUL-terminated).  A tenant with no row is a
 * failure ("no such tenant"); so is a failure to connect (nothing is
 * retried here).  The connection stays open for a later _start, which
 * then only catches up.  AUTH0LOGOUT_E_INVALID_ARGUMENT once the thread
 * runs. */
AUTH0LOGOUT_PG_API auth0logout_status auth0logout_pg_load(auth0logout_pg *pg,
                                                          char *err,
                                                          size_t err_len);

/* Starts the loader thread (it loads, then follows changes until _free;
 * it blocks every signal).  AUTH0LOGOUT_E_NOMEM when the thread cannot
 * start, AUTH0LOGOUT_E_INVALID_ARGUMENT when it runs already. */
AUTH0LOGOUT_PG_API auth0logout_status auth0logout_pg_start(auth0logout_pg *pg);

/* Stops the thread, closes the connection, frees.  Prompt whatever the
 * server does (the thread waits on a descriptor _free signals, and looks
 * at it every few hundred rows while it applies a load, which it then
 * abandons unpublished); only a host name being resolved at that moment
 * can delay it.  NULL: nothing. */
AUTH0LOGOUT_PG_API void auth0logout_pg_free(auth0logout_pg *pg);

/* What the loader knows, for /healthz.  Safe from any thread. */
typedef struct auth0logout_pg_health {
	int loaded;           /* a full load has been published */
	int connected;        /* the connection is up now */
	int last_sync_failed; /* the last attempt to sync failed */
	int64_t age_ms;       /* since the snapshot was last known current
	                         (the last successful sync or ping); -1 before
	                         the first load */
	uint64_t change_seq;  /* the last change applied */
	uint64_t version;     /* the swap store's snapshot number */
	size_t clients;       /* clients in the store */
	size_t bad_rows;      /* rows that do not compile now */
	uint64_t reconnects;
	char last_error[512]; /* the last failure or bad row; "" once a
	                         sync succeeds with no bad row */
	unsigned char reserved[64];
} auth0logout_pg_health;

AUTH0LOGOUT_PG_API void auth0logout_pg_health_get(auth0logout_pg *pg,
                                                  auth0logout_pg_health *out);

/* Writes the health as one JSON object (NUL-terminated), keys in the
 * order of the struct:
 *   {"loaded":true,"connected":true,"last_sync_failed":false,
 *    "age_ms":12,"change_seq":42,"version":7,"clients":3,"bad_rows":0,
 *    "reconnects":1,"last_error":""}
 * last_error is made valid UTF-8 (U+FFFD for each bad byte, control
 * bytes too) and, when the whole object would not fit, cut between two
 * characters and ended with "...", so the output is always valid JSON;
 * with out_len >= 1024 it always fits.  Returns the length written, or 0
 * (and "") when out cannot hold even the other fields (~300 bytes). */
AUTH0LOGOUT_PG_API size_t auth0logout_pg_health_json(
    const auth0logout_pg_health *h, char *out, size_t out_len);

/* R10.3: replaces what tenant has in the tables with cfg (a config as read
 * with AUTH0LOGOUT_CONFIG_KEEP_OBJECTS), in one transaction: the tenant
 * row (created if missing) and every client; clients the tenant had that
 * cfg lacks are deleted.  Each client must build (auth0logout_config_build
 * is run first; nothing is written when it fails).  AUTH0LOGOUT_OK, or
 * AUTH0LOGOUT_E_STORE_FAILED / the build's status with the reason in err.
 * A conninfo libpq cannot parse is AUTH0LOGOUT_E_INVALID_ARGUMENT with
 * "the connection string is not valid" in err (never libpq's reason,
 * which may quote the password), before any connection.  STORE_FAILED
 * means nothing was written, except when the connection failed during
 * the COMMIT: then err says "the commit's outcome is unknown: check the
 * tables". */
AUTH0LOGOUT_PG_API auth0logout_status
auth0logout_pg_import(const char *conninfo, const char *tenant,
                      const auth0logout_config *cfg, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif

#endif /* AUTH0LOGOUT_PG_H */
