/* SPDX-License-Identifier: MIT */
/* The loader (include/auth0logout/pg.h): a dedicated connection that
 * LISTENs, a full load, then catch-ups by change sequence on every
 * notification and every ping, each applied to the swap store and
 * published as one batch; reconnects with backoff.  Only this file's
 * thread (or the caller's, in auth0logout_pg_load) touches libpq. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The rows of a load.  One statement reads one snapshot (as a REPEATABLE
 * READ transaction would), and since writers take change_seq in commit
 * order (sql/auth0logout-pg.sql), the snapshot holds every change up to
 * the largest number it shows.  Kinds: 0 the tenant row, 1 a client, 2 a
 * tombstone, 3 the largest tombstone number (full load only: the catch-up
 * starts past it); the catch-up's 4 and 5 say whether the numbers went
 * back (see went_back). */
#define KIND_TENANT    0
#define KIND_CLIENT    1
#define KIND_TOMBSTONE 2
#define KIND_MAX_TOMB  3
#define KIND_SEQ       4
#define KIND_MAX_ROW   5

/* Rows applied between two looks at the stop descriptor: a long full
 * load is abandoned promptly when auth0logout_pg_free asks. */
#define STOP_CHECK_ROWS 256

static const char SQL_FULL[] =
    "SELECT 0, NULL::text, t.settings::text, t.change_seq"
    " FROM auth0logout_tenants t WHERE t.id = $1"
    " UNION ALL"
    " SELECT 1, c.client_id, c.client::text, c.change_seq"
    " FROM auth0logout_clients c WHERE c.tenant_id = $1"
    " UNION ALL"
    " SELECT 3, NULL, NULL, max(d.change_seq)"
    " FROM auth0logout_deleted_clients d WHERE d.tenant_id = $1";

/* The tenant row always (its absence is news), its object only when it
 * changed.  Then the sequence's last value (4: NULL when the loader may
 * not read it) and the largest number among the tenant's rows and
 * tombstones (5): either below the last change applied means the numbers
 * went back (a failover to a replica that lags, a restore, a setval), and
 * new commits may be numbered at or below it. */
static const char SQL_CATCH_UP[] =
    "SELECT 0, NULL::text,"
    " CASE WHEN t.change_seq > $2::bigint THEN t.settings::text END,"
    " t.change_seq"
    " FROM auth0logout_tenants t WHERE t.id = $1"
    " UNION ALL"
    " SELECT 1, c.client_id, c.client::text, c.change_seq"
    " FROM auth0logout_clients c"
    " WHERE c.tenant_id = $1 AND c.change_seq > $2::bigint"
    " UNION ALL"
    " SELECT 2, d.client_id, NULL, d.change_seq"
    " FROM auth0logout_deleted_clients d"
    " WHERE d.tenant_id = $1 AND d.change_seq > $2::bigint"
    " UNION ALL"
    " SELECT 4, NULL, NULL, CASE WHEN has_sequence_privilege("
    "to_regclass('auth0logout_change_seq'), 'SELECT,USAGE')"
    " THEN pg_sequence_last_value(to_regclass('auth0logout_change_seq'))"
    " END"
    " UNION ALL"
    " SELECT 5, NULL, NULL, greatest("
    "(SELECT t.change_seq FROM auth0logout_tenants t WHERE t.id = $1),"
    " (SELECT max(c.change_seq) FROM auth0logout_clients c"
    " WHERE c.tenant_id = $1),"
    " (SELECT max(d.change_seq) FROM auth0logout_deleted_clients d"
    " WHERE d.tenant_id = $1))"
    " ORDER BY 4";

/* What a sync is. */
#define SYNC_FIRST    0 /* the first full load */
#define SYNC_CATCH_UP 1 /* the changes past last_seq */
#define SYNC_RELOAD   2 /* a full load again: the numbers went back */

static const char SQL_LISTEN[] = "LISTEN " AUTH0LOGOUT_PG_CHANNEL;

/* ---- small helpers ------------------------------------------------------ */

void pg_copy_cut(char *out, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (cap == 0)
		return;
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
say(auth0logout_pg *pg, int level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (pg->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pg->log(pg->log_ctx, level, msg);
}

void pg_quote(char out[PG_QUOTED], const char *id)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	out[o++] = '"';
	for (i = 0; id[i] != '\0' && i < PG_QUOTE_MAX; i++) {
		unsigned char c = (unsigned char)id[i];

		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o++] = '"';
	if (id[i] != '\0') {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* What is wrong with an object, from the config library's diag, without
 * the name and place it starts with: 'allowed_logout_urls[2] "x": the
 * entry has no scheme ...'. */
static const char *diag_detail(const auth0logout_config_diag *d)
{
	const char *t = d->text;
	size_t n;

	if (t[0] == '\0')
		return d->reason[0] != '\0'
		           ? d->reason
		           : auth0logout_status_message(d->status);
	n = strlen(d->file);
	if (n > 0 && strncmp(t, d->file, n) == 0 && t[n] == ':' &&
	    t[n + 1] == ' ')
		t += n + 2;
	n = strlen(d->where);
	if (n > 0 && strncmp(t, d->where, n) == 0 && t[n] == ':' &&
	    t[n + 1] == ' ')
		t += n + 2;
	return t;
}

/* ---- health ------------------------------------------------------------- */

static void set_connected(auth0logout_pg *pg, int up)
{
	pthread_mutex_lock(&pg->mu);
	if (up && !pg->h_connected && pg->ever_connected)
		pg->h_reconnects++;
	pg->h_connected = up;
	pthread_mutex_unlock(&pg->mu);
	if (up)
		pg->ever_connected = 1;
}

static void set_last_error(auth0logout_pg *pg, const char *msg)
{
	pthread_mutex_lock(&pg->mu);
	pg_copy_cut(pg->h_last_error, sizeof pg->h_last_error, msg);
	pthread_mutex_unlock(&pg->mu);
}

/* A sync or a connect failed: health, and the log unless it said the
 * same last time. */
static void sync_failed(auth0logout_pg *pg, const char *err)
{
	pthread_mutex_lock(&pg->mu);
	pg->h_last_sync_failed = 1;
	pg_copy_cut(pg->h_last_error, sizeof pg->h_last_error, err);
	pthread_mutex_unlock(&pg->mu);
	if (strcmp(err, pg->last_logged) != 0) {
		say(pg, AUTH0LOGOUT_PG_LOG_ERROR, "tenant %s: %s", pg->tenant_q,
		    err);
		pg_copy_cut(pg->last_logged, sizeof pg->last_logged, err);
	}
}

static void sync_done(auth0logout_pg *pg)
{
	size_t bad = pg->bad.n + (pg->tenant_bad ? 1 : 0);
	size_t clients = auth0logout_swapstore_client_count(pg->ss);

	pthread_mutex_lock(&pg->mu);
	pg->h_loaded = pg->loaded;
	pg->h_last_sync_failed = 0;
	pg->h_current_ms = pgc_now_ms();
	pg->h_change_seq = pg->last_seq;
	pg->h_clients = clients;
	pg->h_bad_rows = bad;
	if (bad == 0)
		pg->h_last_error[0] = '\0';
	pthread_mutex_unlock(&pg->mu);
	pg->last_logged[0] = '\0';
}

/* ---- applying rows ------------------------------------------------------ */

/* A row that does not compile (R10.5): logged (the line names the
 * tenant, as every other one does), kept in last_error. */
static void report_bad(auth0logout_pg *pg, const char *what, const char *id,
                       const char *detail, const char *outcome)
{
	char q[PG_QUOTED], msg[1024];

	pg_quote(q, id);
	snprintf(msg, sizeof msg, "%s %s: %s; %s", what, q, detail, outcome);
	if (strcmp(what, "tenant") == 0) /* 'tenant "t": ...' already */
		say(pg, AUTH0LOGOUT_PG_LOG_WARNING, "%s", msg);
	else
		say(pg, AUTH0LOGOUT_PG_LOG_WARNING, "tenant %s: %s",
		    pg->tenant_q, msg);
	set_last_error(pg, msg);
}

/* The tenant's settings object.  PGC_OK, or PGC_FAILED out of memory. */
static int apply_tenant(auth0logout_pg *pg, const char *json, size_t len,
                        char *err, size_t err_len)
{
	auth0logout_allowlist *list = NULL;
	auth0logout_config_diag diag;
	auth0logout_status st;

	st = auth0logout_config_compile_tenant(json, len, &list, &diag);
	if (st == AUTH0LOGOUT_OK) {
		st = auth0logout_swapstore_set_tenant(pg->ss, list);
		if (st != AUTH0LOGOUT_OK)
			goto fail;
		pg->tenant_good = 1;
		pg->tenant_bad = 0;
		return PGC_OK;
	}
	if (st == AUTH0LOGOUT_E_NOMEM)
		goto fail;
	pg->tenant_bad = 1;
	if (pg->tenant_good) {
		report_bad(pg, "tenant", pg->tenant, diag_detail(&diag),
		           "kept its last good list");
		return PGC_OK;
	}
	st = auth0logout_swapstore_fail_tenant(pg->ss);
	if (st != AUTH0LOGOUT_OK)
		goto fail;
	report_bad(pg, "tenant", pg->tenant, diag_detail(&diag),
	           "no good list yet: its decisions are server_error");
	return PGC_OK;
fail:
	pgc_error(err, err_len, "staging the tenant",
	          auth0logout_status_message(st));
	return PGC_FAILED;
}

/* The tenant row is gone (deleted): its lookups fail from now on. */
static int tenant_gone(auth0logout_pg *pg, char *err, size_t err_len)
{
	auth0logout_status st;

	if (pg->tenant_bad && !pg->tenant_good)
		return PGC_OK; /* failed already */
	st = auth0logout_swapstore_fail_tenant(pg->ss);
	if (st != AUTH0LOGOUT_OK) {
		pgc_error(err, err_len, "staging the tenant",
		          auth0logout_status_message(st));
		return PGC_FAILED;
	}
	pg->tenant_good = 0;
	pg->tenant_bad = 1;
	report_bad(pg, "tenant", pg->tenant,
	           "no such tenant (its row was "
	           "deleted)",
	           "its decisions are server_error");
	return PGC_OK;
}

/* One client row: id is the row's client_id (the key).  PGC_OK, or
 * PGC_FAILED out of memory. */
static int apply_client(auth0logout_pg *pg, const char *id, const char *json,
                        size_t len, char *err, size_t err_len)
{
	size_t id_len = strlen(id), got_len = 0;
	auth0logout_allowlist *list = NULL;
	auth0logout_config_diag diag;
	char *got = NULL;
	const char *detail;
	char why[2 * PG_QUOTED + 64];
	auth0logout_status st;
	int state;

	st = auth0logout_config_compile_client(json, len, &got, &got_len, &list,
	                                       &diag);
	if (st == AUTH0LOGOUT_E_NOMEM)
		goto fail;
	detail = st == AUTH0LOGOUT_OK ? NULL : diag_detail(&diag);
	if (st == AUTH0LOGOUT_OK &&
	    (got_len != id_len || memcmp(got, id, id_len) != 0)) {
		char q[PG_QUOTED];

		pg_quote(q, got);
		snprintf(why, sizeof why,
		         "the object's client_id %s is not the row's", q);
		detail = why;
		auth0logout_allowlist_free(list);
		list = NULL;
	}
	free(got);
	if (detail == NULL) {
		st = auth0logout_swapstore_put_client(pg->ss, id, id_len, list);
		if (st == AUTH0LOGOUT_E_NOMEM)
			goto fail;
		if (st == AUTH0LOGOUT_OK) {
			pg_badset_remove(&pg->bad, id);
			return PGC_OK;
		}
		detail = auth0logout_status_message(st);
	}
	/* R10.5: a bad row keeps the client's last good version; a client
	 * without one fails closed. */
	state = auth0logout_swapstore_client_state(pg->ss, id, id_len);
	if (state == AUTH0LOGOUT_SWAPSTORE_ABSENT) {
		st = auth0logout_swapstore_fail_client(pg->ss, id, id_len);
		if (st == AUTH0LOGOUT_E_NOMEM)
			goto fail;
		/* Any other refusal is of the id itself, which no request
		 * can name: nothing to store. */
	}
	if (pg_badset_add(&pg->bad, id) != 0) {
		st = AUTH0LOGOUT_E_NOMEM;
		goto fail;
	}
	report_bad(pg, "client", id, detail,
	           state == AUTH0LOGOUT_SWAPSTORE_GOOD
	               ? "kept its last good version"
	               : "no good version yet: its decisions are "
	                 "server_error");
	return PGC_OK;
fail:
	pgc_error(err, err_len, "staging a client",
	          auth0logout_status_message(st));
	return PGC_FAILED;
}

static uint64_t seq_of(const PGresult *res, int row)
{
	if (PQgetisnull(res, row, 3))
		return 0;
	return strtoull(PQgetvalue(res, row, 3), NULL, 10);
}

/* Applies a load's rows (a SYNC_ kind) to the staged state and publishes
 * them.  PGC_OK, PGC_FAILED (err says why; the last applied change stays,
 * so the next catch-up applies the same rows again) or PGC_STOPPED (the
 * stop descriptor, looked at every STOP_CHECK_ROWS rows: abandoned
 * unpublished). */
static int apply(auth0logout_pg *pg, const PGresult *res, int kind_of_sync,
                 char *err, size_t err_len)
{
	int rows = PQntuples(res), i, have_tenant = 0, r = PGC_OK;
	int full = kind_of_sync != SYNC_CATCH_UP;
	/* A reload starts from nothing: the numbers are lower now. */
	uint64_t max_seq = kind_of_sync == SYNC_RELOAD ? 0 : pg->last_seq, seq;
	size_t changes = 0, applied = 0;
	auth0logout_status st;

	for (i = 0; i < rows; i++)
		if (atoi(PQgetvalue(res, i, 0)) == KIND_TENANT)
			have_tenant = 1;
	/* The first load needs the tenant; a reload without it fails the
	 * tenant, as a catch-up would. */
	if (kind_of_sync == SYNC_FIRST && !have_tenant) {
		snprintf(err, err_len, "no such tenant %s", pg->tenant_q);
		return PGC_FAILED;
	}
	if (full) {
		st = auth0logout_swapstore_clear(pg->ss);
		if (st != AUTH0LOGOUT_OK) {
			pgc_error(err, err_len, "clearing the store",
			          auth0logout_status_message(st));
			return PGC_FAILED;
		}
		pg_badset_clear(&pg->bad);
		pg->tenant_good = 0;
		pg->tenant_bad = 0;
		changes++;
	}
	for (i = 0; i < rows && r == PGC_OK; i++) {
		int kind = atoi(PQgetvalue(res, i, 0));
		const char *id = PQgetvalue(res, i, 1);

		if (i % STOP_CHECK_ROWS == STOP_CHECK_ROWS - 1 &&
		    pgc_stopped(pg->stop_pipe[0])) {
			pgc_error(err, err_len, "loading", "stopped");
			r = PGC_STOPPED;
			break;
		}
		if (kind == KIND_SEQ || kind == KIND_MAX_ROW)
			continue; /* not changes: see went_back */
		seq = seq_of(res, i);
		if (seq > max_seq)
			max_seq = seq;
		switch (kind) {
		case KIND_TENANT:
			if (PQgetisnull(res, i, 2))
				break;
			changes++;
			applied++;
			r = apply_tenant(pg, PQgetvalue(res, i, 2),
			                 (size_t)PQgetlength(res, i, 2), err,
			                 err_len);
			break;
		case KIND_CLIENT:
			changes++;
			applied++;
			r = apply_client(pg, id, PQgetvalue(res, i, 2),
			                 (size_t)PQgetlength(res, i, 2), err,
			                 err_len);
			break;
		case KIND_TOMBSTONE:
			changes++;
			applied++;
			pg_badset_remove(&pg->bad, id);
			st = auth0logout_swapstore_remove_client(pg->ss, id,
			                                         strlen(id));
			if (st != AUTH0LOGOUT_OK &&
			    st != AUTH0LOGOUT_E_UNKNOWN_CLIENT) {
				pgc_error(err, err_len, "removing a client",
				          auth0logout_status_message(st));
				r = PGC_FAILED;
			}
			break;
		default:
			break;
		}
	}
	if (r == PGC_OK && !have_tenant) {
		int was = pg->tenant_bad && !pg->tenant_good;

		r = tenant_gone(pg, err, err_len);
		if (!was)
			changes++;
	}
	if (r != PGC_OK)
		return r;
	if (changes > 0) {
		st = auth0logout_swapstore_publish(pg->ss);
		if (st != AUTH0LOGOUT_OK) {
			pgc_error(err, err_len, "publishing",
			          auth0logout_status_message(st));
			return PGC_FAILED;
		}
	}
	if (full || changes > 0 || max_seq != pg->last_seq)
		say(pg, AUTH0LOGOUT_PG_LOG_INFO,
		    "tenant %s: %s up to change %" PRIu64 " (%zu rows)",
		    pg->tenant_q,
		    kind_of_sync == SYNC_FIRST    ? "loaded"
		    : kind_of_sync == SYNC_RELOAD ? "reloaded"
		                                  : "caught up",
		    max_seq, applied);
	pg->last_seq = max_seq;
	pg->loaded = 1;
	return PGC_OK;
}

/* Whether a catch-up's result says the change numbers went back below
 * the last change applied: 1 with *now the lower number seen, else 0.
 * The sequence's last value is never below a number it handed out, and
 * neither is the largest number among the tenant's rows and tombstones
 * (a row changed or deleted takes a larger one), unless the database
 * went back: then new commits may take numbers the catch-up would never
 * read.  The tenant's rows count only while its row is there (a tenant
 * deleted without clients leaves no tombstone: that is a change, which
 * the catch-up applies). */
static int went_back(const auth0logout_pg *pg, const PGresult *res,
                     uint64_t *now)
{
	int rows = PQntuples(res), i, have_tenant = 0, back = 0;
	uint64_t low = pg->last_seq, v;

	for (i = 0; i < rows; i++)
		if (atoi(PQgetvalue(res, i, 0)) == KIND_TENANT)
			have_tenant = 1;
	for (i = 0; i < rows; i++) {
		int kind = atoi(PQgetvalue(res, i, 0));

		if (PQgetisnull(res, i, 3))
			continue; /* unknown, or no row at all */
		if (kind != KIND_SEQ && !(kind == KIND_MAX_ROW && have_tenant))
			continue;
		v = seq_of(res, i);
		if (v < low) {
			low = v;
			back = 1;
		}
	}
	*now = low;
	return back;
}

static int fetch(auth0logout_pg *pg, int kind_of_sync, PGresult **res,
                 char *err, size_t err_len)
{
	char since[24];
	const char *params[2] = {pg->tenant, since};
	int catch_up = kind_of_sync == SYNC_CATCH_UP, r;

	snprintf(since, sizeof since, "%" PRIu64, pg->last_seq);
	r = pgc_query(pg->conn, catch_up ? SQL_CATCH_UP : SQL_FULL,
	              catch_up ? 2 : 1, params, pg->stop_pipe[0],
	              pg->timeout_ms, res, err, err_len);
	if (r == PGC_OK && PQnfields(*res) != 4) {
		pgc_error(err, err_len, "query", "unexpected result shape");
		PQclear(*res);
		*res = NULL;
		r = PGC_FAILED;
	}
	return r;
}

/* A full load (the first, or again when the change numbers went back) or
 * a catch-up: PGC_OK, PGC_FAILED (the connection stays), PGC_LOST,
 * PGC_STOPPED. */
static int sync_store(auth0logout_pg *pg, char *err, size_t err_len)
{
	int kind_of_sync = pg->loaded ? SYNC_CATCH_UP : SYNC_FIRST, r;
	PGresult *res = NULL;
	uint64_t now;

	r = fetch(pg, kind_of_sync, &res, err, err_len);
	if (r != PGC_OK)
		return r;
	if (kind_of_sync == SYNC_CATCH_UP) {
		if (went_back(pg, res, &now)) {
			/* Warned once until the numbers are past again; in
			 * between, every sync is a full one. */
			if (!pg->seq_back)
				say(pg, AUTH0LOGOUT_PG_LOG_WARNING,
				    "tenant %s: the change sequence went back"
				    " from %" PRIu64 " to %" PRIu64
				    ": reloading in full",
				    pg->tenant_q, pg->last_seq, now);
			pg->seq_back = 1;
			PQclear(res);
			res = NULL;
			kind_of_sync = SYNC_RELOAD;
			r = fetch(pg, kind_of_sync, &res, err, err_len);
			if (r != PGC_OK)
				return r;
		} else {
			pg->seq_back = 0;
		}
	}
	r = apply(pg, res, kind_of_sync, err, err_len);
	PQclear(res);
	if (r == PGC_OK)
		sync_done(pg);
	return r;
}

/* ---- the connection ----------------------------------------------------- */

static void drop(auth0logout_pg *pg)
{
	if (pg->conn != NULL) {
		PQfinish(pg->conn);
		pg->conn = NULL;
	}
	set_connected(pg, 0);
}

/* The server's notices (a NOTICE, the FATAL of a terminated backend),
 * to the log. */
static void notice(void *arg, const char *message)
{
	auth0logout_pg *pg = arg;
	char line[512];

	pgc_error(line, sizeof line, "server", message);
	say(pg, AUTH0LOGOUT_PG_LOG_INFO, "tenant %s: %s", pg->tenant_q, line);
}

static int connect_and_listen(auth0logout_pg *pg, char *err, size_t err_len)
{
	int r =
	    pgc_connect(pg->conninfo, "auth0logout-loader", pg->stop_pipe[0],
	                pg->timeout_ms, &pg->conn, err, err_len);

	if (r != PGC_OK)
		return r;
	PQsetNoticeProcessor(pg->conn, notice, pg);
	r = pgc_query(pg->conn, SQL_LISTEN, 0, NULL, pg->stop_pipe[0],
	              pg->timeout_ms, NULL, err, err_len);
	if (r != PGC_OK) {
		PQfinish(pg->conn);
		pg->conn = NULL;
		return r == PGC_FAILED ? PGC_LOST : r;
	}
	set_connected(pg, 1);
	say(pg, AUTH0LOGOUT_PG_LOG_INFO,
	    "tenant %s: connected, listening on " AUTH0LOGOUT_PG_CHANNEL,
	    pg->tenant_q);
	return PGC_OK;
}

/* Takes the notifications that arrived: 1 when one is for our tenant. */
static int notified(auth0logout_pg *pg)
{
	PGnotify *n;
	int mine = 0;

	while ((n = PQnotifies(pg->conn)) != NULL) {
		if (strcmp(n->relname, AUTH0LOGOUT_PG_CHANNEL) == 0 &&
		    n->extra != NULL && strcmp(n->extra, pg->tenant) == 0)
			mine = 1;
		PQfreemem(n);
	}
	return mine;
}

static unsigned doubled(unsigned ms, unsigned max)
{
	return ms >= max / 2 ? max : ms * 2;
}

static void *run(void *arg)
{
	auth0logout_pg *pg = arg;
	unsigned delay = pg->retry_min_ms;
	int need_sync = 1, attempts = 0, r;
	int64_t next_ping = 0;
	char err[512];

	for (;;) {
		if (pg->conn == NULL) {
			if (attempts++ > 0) {
				if (pgc_sleep(pg->stop_pipe[0],
				              pgc_now_ms() + delay) ==
				    PGC_STOPPED)
					break;
				delay = doubled(delay, pg->retry_max_ms);
			}
			r = connect_and_listen(pg, err, sizeof err);
			if (r == PGC_STOPPED)
				break;
			if (r != PGC_OK) {
				sync_failed(pg, err);
				continue;
			}
			need_sync = 1;
		}
		if (need_sync) {
			need_sync = 0;
			r = sync_store(pg, err, sizeof err);
			if (r == PGC_STOPPED)
				break;
			if (r == PGC_OK) {
				delay = pg->retry_min_ms;
				auth0logout_swapstore_collect(pg->ss);
			} else {
				sync_failed(pg, err);
				if (r == PGC_LOST) {
					drop(pg);
					continue;
				}
			}
			next_ping = pgc_now_ms() + pg->ping_ms;
			/* What came during the query may be newer than its
			 * snapshot. */
			if (notified(pg)) {
				need_sync = 1;
				continue;
			}
		}
		r = pgc_wait_input(pg->conn, pg->stop_pipe[0], next_ping, err,
		                   sizeof err);
		if (r == PGC_STOPPED)
			break;
		if (r != PGC_OK) {
			sync_failed(pg, err);
			drop(pg);
			continue;
		}
		if (notified(pg) || pgc_now_ms() >= next_ping)
			need_sync = 1;
	}
	return NULL;
}

/* ---- the API ------------------------------------------------------------ */

static int zero_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

AUTH0LOGOUT_PG_API auth0logout_status
auth0logout_pg_new(const auth0logout_pg_options *opt, auth0logout_swapstore *ss,
                   auth0logout_pg **out)
{
	auth0logout_pg *pg;
	int i;

	if (out != NULL)
		*out = NULL;
	if (opt == NULL || ss == NULL || out == NULL || opt->conninfo == NULL ||
	    opt->tenant == NULL ||
	    !zero_bytes(opt->reserved, sizeof opt->reserved))
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	/* A string libpq cannot parse: refused now, and libpq's reason
	 * (which may quote the password) is never kept. */
	i = pgc_conninfo_check(opt->conninfo);
	if (i != 0)
		return i > 0 ? AUTH0LOGOUT_E_INVALID_ARGUMENT
		             : AUTH0LOGOUT_E_NOMEM;
	pg = calloc(1, sizeof(*pg));
	if (pg == NULL)
		return AUTH0LOGOUT_E_NOMEM;
	pg->stop_pipe[0] = pg->stop_pipe[1] = -1;
	pg->conninfo = strdup(opt->conninfo);
	pg->tenant = strdup(opt->tenant);
	if (pg->conninfo == NULL || pg->tenant == NULL ||
	    pipe(pg->stop_pipe) != 0) {
		free(pg->conninfo);
		free(pg->tenant);
		free(pg);
		return AUTH0LOGOUT_E_NOMEM;
	}
	for (i = 0; i < 2; i++) {
		fcntl(pg->stop_pipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(pg->stop_pipe[i], F_SETFL,
		      fcntl(pg->stop_pipe[i], F_GETFL) | O_NONBLOCK);
	}
	if (pthread_mutex_init(&pg->mu, NULL) != 0) {
		close(pg->stop_pipe[0]);
		close(pg->stop_pipe[1]);
		free(pg->conninfo);
		free(pg->tenant);
		free(pg);
		return AUTH0LOGOUT_E_NOMEM;
	}
	pg_quote(pg->tenant_q, pg->tenant);
	pg->log = opt->log;
	pg->log_ctx = opt->log_ctx;
	pg->ping_ms = opt->ping_ms != 0 ? opt->ping_ms : PG_PING_MS;
	pg->timeout_ms = opt->timeout_ms != 0 ? opt->timeout_ms : PG_TIMEOUT_MS;
	pg->retry_min_ms =
	    opt->retry_min_ms != 0 ? opt->retry_min_ms : PG_RETRY_MIN_MS;
	pg->retry_max_ms =
	    opt->retry_max_ms != 0 ? opt->retry_max_ms : PG_RETRY_MAX_MS;
	if (pg->retry_max_ms < pg->retry_min_ms)
		pg->retry_max_ms = pg->retry_min_ms;
	pg->ss = ss;
	*out = pg;
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_PG_API auth0logout_status auth0logout_pg_load(auth0logout_pg *pg,
                                                          char *err,
                                                          size_t err_len)
{
	char e[512];
	int r;

	if (err != NULL && err_len > 0)
		err[0] = '\0';
	if (pg == NULL || pg->started) {
		if (err != NULL && err_len > 0)
			pg_copy_cut(err, err_len,
			            pg == NULL
			                ? "no loader"
			                : "the loader thread is running");
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	}
	r = PGC_OK;
	if (pg->conn == NULL)
		r = connect_and_listen(pg, e, sizeof e);
	if (r == PGC_OK) {
		r = sync_store(pg, e, sizeof e);
		if (r == PGC_LOST || r == PGC_STOPPED)
			drop(pg);
	}
	if (r != PGC_OK) {
		sync_failed(pg, e);
		if (err != NULL && err_len > 0)
			pg_copy_cut(err, err_len, e);
		return AUTH0LOGOUT_E_STORE_FAILED;
	}
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_PG_API auth0logout_status auth0logout_pg_start(auth0logout_pg *pg)
{
	sigset_t all, old;
	int r;

	if (pg == NULL || pg->started)
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	/* The thread takes no signals: they are the application's. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&pg->thread, NULL, run, pg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r != 0)
		return AUTH0LOGOUT_E_NOMEM;
	pg->started = 1;
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_PG_API void auth0logout_pg_free(auth0logout_pg *pg)
{
	ssize_t w;

	if (pg == NULL)
		return;
	if (pg->started) {
		do
			w = write(pg->stop_pipe[1], "x", 1);
		while (w < 0 && errno == EINTR);
		pthread_join(pg->thread, NULL);
	}
	if (pg->conn != NULL)
		PQfinish(pg->conn);
	close(pg->stop_pipe[0]);
	close(pg->stop_pipe[1]);
	pg_badset_free(&pg->bad);
	pthread_mutex_destroy(&pg->mu);
	free(pg->conninfo);
	free(pg->tenant);
	free(pg);
}

AUTH0LOGOUT_PG_API void auth0logout_pg_health_get(auth0logout_pg *pg,
                                                  auth0logout_pg_health *out)
{
	if (out == NULL)
		return;
	memset(out, 0, sizeof(*out));
	if (pg == NULL) {
		out->age_ms = -1;
		return;
	}
	pthread_mutex_lock(&pg->mu);
	out->loaded = pg->h_loaded;
	out->connected = pg->h_connected;
	out->last_sync_failed = pg->h_last_sync_failed;
	out->age_ms = pg->h_loaded ? pgc_now_ms() - pg->h_current_ms : -1;
	out->change_seq = pg->h_change_seq;
	out->clients = pg->h_clients;
	out->bad_rows = pg->h_bad_rows;
	out->reconnects = pg->h_reconnects;
	memcpy(out->last_error, pg->h_last_error, sizeof out->last_error);
	pthread_mutex_unlock(&pg->mu);
	out->version = auth0logout_swapstore_version(pg->ss);
}
