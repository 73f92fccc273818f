/* SPDX-License-Identifier: MIT */
/*
 * libauth0logout-pg inside: one libpq connection driven without blocking
 * (conn.c), the set of rows that do not compile (badset.c), the loader and
 * its thread (loader.c), the health as JSON (health.c), the import
 * (import.c).
 */
#ifndef AUTH0LOGOUT_PG_INTERNAL_H
#define AUTH0LOGOUT_PG_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "auth0logout.h"
#include "auth0logout/config.h"
#include "auth0logout/pg.h"

/* ---- conn.c: libpq with deadlines --------------------------------------- */

/* What a wait or a query ended with. */
#define PGC_OK      0
#define PGC_FAILED  -1 /* the query failed; the connection is usable */
#define PGC_LOST    -2 /* the connection is broken, or timed out: drop it */
#define PGC_STOPPED -3 /* the stop descriptor became readable */

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t pgc_now_ms(void);

/* What is said instead of libpq's message about a connection string it
 * cannot parse (which may quote the password). */
#define PG_BAD_CONNINFO "the connection string is not valid"

/* Whether libpq can parse conninfo as pgc_connect hands it over (a
 * connection string or URI; anything else is a database name): 0 yes,
 * 1 no, -1 out of memory.  libpq's reason is never kept. */
int pgc_conninfo_check(const char *conninfo);

/* Connects to conninfo (a connection string or URI) within timeout_ms,
 * with application_name app unless conninfo names one and client_encoding
 * UTF8 whatever it names, then puts the connection in non-blocking mode.
 * stop_fd (-1: none) ends the wait early.  PGC_OK with *out set, else
 * PGC_LOST / PGC_STOPPED with the reason in err (PG_BAD_CONNINFO, never
 * libpq's words, for a string libpq cannot parse). */
int pgc_connect(const char *conninfo, const char *app, int stop_fd,
                unsigned timeout_ms, PGconn **out, char *err, size_t err_len);

/* Runs one statement with text parameters.  timeout_ms is an idle
 * timeout: the query fails when the socket stays still that long (nothing
 * can be sent, nothing arrives); a big result that keeps coming takes as
 * long as it needs.  PGC_OK with *res (the last result, to PQclear; NULL
 * when res is NULL), PGC_FAILED (the server refused it: its message in
 * err), PGC_LOST or PGC_STOPPED. */
int pgc_query(PGconn *conn, const char *sql, int n_params,
              const char *const *params, int stop_fd, unsigned timeout_ms,
              PGresult **res, char *err, size_t err_len);

/* Waits until conn's socket is readable, stop_fd is, or deadline_ms (of
 * pgc_now_ms) passes; then reads what arrived.  PGC_OK (data read, or the
 * deadline passed), PGC_LOST, PGC_STOPPED. */
int pgc_wait_input(PGconn *conn, int stop_fd, int64_t deadline_ms, char *err,
                   size_t err_len);

/* Sleeps until deadline_ms unless stop_fd becomes readable: PGC_OK or
 * PGC_STOPPED. */
int pgc_sleep(int stop_fd, int64_t deadline_ms);

/* 1 when stop_fd (-1: none) is readable now, without waiting. */
int pgc_stopped(int stop_fd);

/* The connection's last error as one line (control bytes as spaces, no
 * trailing blanks), prefixed with what. */
void pgc_error(char *err, size_t err_len, const char *what, const char *msg);

/* ---- badset.c: client ids whose rows do not compile now ----------------- */

struct pg_badset {
	char **slots; /* open addressing, linear probing; NULL: empty */
	size_t cap;   /* a power of two, or 0 */
	size_t n;
};

/* Adds id (NUL-terminated; copied) if missing: 0, or -1 out of memory. */
int pg_badset_add(struct pg_badset *s, const char *id);
void pg_badset_remove(struct pg_badset *s, const char *id);
void pg_badset_clear(struct pg_badset *s);
void pg_badset_free(struct pg_badset *s);

/* A string quoted for a message ('"' and '\' escaped, control bytes as
 * \xNN, cut with "..." past PG_QUOTE_MAX bytes) needs PG_QUOTED bytes. */
#define PG_QUOTE_MAX 80
#define PG_QUOTED    (4 * PG_QUOTE_MAX + 8)
void pg_quote(char out[PG_QUOTED], const char *s);

/* ---- loader.c ----------------------------------------------------------- */

/* The defaults of auth0logout_pg_options' zero fields. */
#define PG_PING_MS      1000u
#define PG_TIMEOUT_MS   5000u
#define PG_RETRY_MIN_MS 100u
#define PG_RETRY_MAX_MS 5000u

struct auth0logout_pg {
	/* The options, copied. */
	char *conninfo;
	char *tenant;
	char tenant_q[PG_QUOTED]; /* tenant quoted, for messages */
	auth0logout_pg_log_fn log;
	void *log_ctx;
	unsigned ping_ms, timeout_ms, retry_min_ms, retry_max_ms;
	auth0logout_swapstore *ss;

	/* The loader's own (the thread's once started, else the caller's). */
	PGconn *conn;
	int ever_connected;
	int loaded;            /* a full load was published */
	uint64_t last_seq;     /* the last change applied */
	int seq_back;          /* the sequence is below last_seq: warned */
	int tenant_good;       /* the store holds a good tenant list */
	int tenant_bad;        /* the tenant row does not compile now */
	struct pg_badset bad;  /* the clients whose rows do not compile now */
	char last_logged[512]; /* the last failure logged, not to repeat it */

	/* The thread. */
	pthread_t thread;
	int started;
	int stop_pipe[2]; /* a byte written to [1] stops the thread */

	/* The health, under mu. */
	pthread_mutex_t mu;
	int h_loaded;
	int h_connected;
	int h_last_sync_failed;
	int64_t h_current_ms; /* when last known current (pgc_now_ms) */
	uint64_t h_change_seq;
	size_t h_clients;
	size_t h_bad_rows;
	uint64_t h_reconnects;
	char h_last_error[512];
};

/* Copies s into out (cap bytes), cut at a UTF-8 character's start. */
void pg_copy_cut(char *out, size_t cap, const char *s);

#endif
