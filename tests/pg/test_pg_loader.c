/* SPDX-License-Identifier: MIT */
/*
 * libauth0logout-pg (include/auth0logout/pg.h) against a real PostgreSQL
 * server: the schema and triggers of sql/auth0logout-pg.sql, the loader
 * (full load, catch-up on notification, reconnect, timeouts), the R10.5
 * handling of rows that do not compile, the health, and the import.
 * Tests are named after the rules they check (doc/rules.md R10.3-R10.5).
 *
 * Environment:
 *   AUTH0LOGOUT_PG_CONNINFO  a libpq URI of a database with the schema
 *                            applied, as a superuser (the tests terminate
 *                            and stop the loader's backend); set by
 *                            tests/integration/pg_loader.sh, which starts a
 *                            throwaway cluster
 *
 * Every test works in a tenant of its own ("t-NAME-PID"), so tests share
 * the database without seeing each other's rows.  Times (how long a
 * committed change takes to show, how long a big tenant takes to load)
 * are printed as "# ..." lines.
 */
#include <check.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>
#if defined(__has_include)
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif
#else
#include <libpq-fe.h>
#endif

#include "auth0logout.h"
#include "auth0logout/config.h"
#include "auth0logout/pg.h"
#include "../unit/testutil.h"

/* How long a change may take to show (R10.4: under 1 s). */
#define SHOW_MS 1000
/* How long to wait for anything that should happen soon. */
#define SOON_MS 5000

/* ---- time --------------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Polls cond every 2 ms for limit ms at most: took is the ms it took to
 * hold, or -1. */
#define AWAIT(took, limit, cond)                                               \
	do {                                                                   \
		int64_t t0_ = now_ms();                                        \
		(took) = -1;                                                   \
		for (;;) {                                                     \
			if (cond) {                                            \
				(took) = now_ms() - t0_;                       \
				break;                                         \
			}                                                      \
			if (now_ms() - t0_ > (limit))                          \
				break;                                         \
			sleep_ms(2);                                           \
		}                                                              \
	} while (0)

/* ---- SQL ---------------------------------------------------------------- */

static const char *conninfo(void)
{
	const char *c = getenv("AUTH0LOGOUT_PG_CONNINFO");

	ck_assert_msg(c != NULL && c[0] != '\0',
	              "AUTH0LOGOUT_PG_CONNINFO is not set (run "
	              "tests/integration/pg_loader.sh)");
	return c;
}

static PGconn *db_connect(void)
{
	PGconn *db = PQconnectdb(conninfo());

	ck_assert_msg(PQstatus(db) == CONNECTION_OK, "connecting: %s",
	              PQerrorMessage(db));
	return db;
}

/* Runs q with n text parameters; the result, which must be a success. */
static PGresult *vsql(PGconn *db, const char *q, int n, va_list ap)
{
	const char *p[8];
	PGresult *r;
	int i;

	ck_assert_int_le(n, 8);
	for (i = 0; i < n; i++)
		p[i] = va_arg(ap, const char *);
	r = PQexecParams(db, q, n, NULL, p, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK ||
	                  PQresultStatus(r) == PGRES_TUPLES_OK,
	              "%s: %s", q, PQresultErrorMessage(r));
	return r;
}

static void sql(PGconn *db, const char *q, int n, ...)
{
	va_list ap;

	va_start(ap, n);
	PQclear(vsql(db, q, n, ap));
	va_end(ap);
}

/* The first column of the first row, as a number (0 for none or NULL). */
static int64_t sql_int(PGconn *db, const char *q, int n, ...)
{
	va_list ap;
	PGresult *r;
	int64_t v = 0;

	va_start(ap, n);
	r = vsql(db, q, n, ap);
	va_end(ap);
	if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return v;
}

/* ---- the fixture -------------------------------------------------------- */

struct logbuf {
	pthread_mutex_t mu;
	char text[32768];
	size_t n;
};

static void log_cb(void *ctx, int level, const char *msg)
{
	struct logbuf *l = ctx;
	static const char *const names[] = {"?", "error", "warning", "info"};
	int k;

	pthread_mutex_lock(&l->mu);
	k = snprintf(l->text + l->n, sizeof l->text - l->n, "%s: %s\n",
	             names[level >= 1 && level <= 3 ? level : 0], msg);
	if (k > 0 && (size_t)k < sizeof l->text - l->n)
		l->n += (size_t)k;
	pthread_mutex_unlock(&l->mu);
}

struct fx {
	PGconn *db; /* the writer */
	char tenant[96];
	auth0logout_swapstore *ss;
	auth0logout_swapstore_reader *rd;
	auth0logout_store store;
	auth0logout_pg *pg;
	char *buf;
	auth0logout_decision d;
	struct logbuf log;
};

/* A fixture with a tenant id of its own; no rows, no loader yet. */
static void fx_init(struct fx *f, const char *name)
{
	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->log.mu, NULL);
	f->db = db_connect();
	snprintf(f->tenant, sizeof f->tenant, "t-%s-%ld", name, (long)getpid());
	f->ss = auth0logout_swapstore_new();
	ck_assert_ptr_nonnull(f->ss);
	f->rd = auth0logout_swapstore_reader_new(f->ss);
	ck_assert_ptr_nonnull(f->rd);
	auth0logout_swapstore_reader_store(f->rd, &f->store);
	f->buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	ck_assert_ptr_nonnull(f->buf);
}

static void fx_free(struct fx *f)
{
	auth0logout_pg_free(f->pg);
	auth0logout_swapstore_reader_free(f->rd);
	auth0logout_swapstore_free(f->ss);
	free(f->buf);
	PQfinish(f->db);
	pthread_mutex_destroy(&f->log.mu);
}

/* How many times s is in the log. */
static int log_count(struct fx *f, const char *s)
{
	const char *p;
	int n = 0;

	pthread_mutex_lock(&f->log.mu);
	f->log.text[f->log.n] = '\0';
	for (p = f->log.text; (p = strstr(p, s)) != NULL; p += strlen(s))
		n++;
	pthread_mutex_unlock(&f->log.mu);
	return n;
}

static int log_has(struct fx *f, const char *s)
{
	return log_count(f, s) > 0;
}

/* log_has of a line made with printf. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
log_hasf(struct fx *f, const char *fmt, ...)
{
	char s[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof s, fmt, ap);
	va_end(ap);
	return log_has(f, s);
}

/* A loader on the fixture's store (0: the option's default). */
static void fx_loader(struct fx *f, unsigned ping_ms, unsigned timeout_ms,
                      unsigned retry_min_ms)
{
	auth0logout_pg_options o;

	memset(&o, 0, sizeof o);
	o.conninfo = conninfo();
	o.tenant = f->tenant;
	o.log = log_cb;
	o.log_ctx = &f->log;
	o.ping_ms = ping_ms;
	o.timeout_ms = timeout_ms;
	o.retry_min_ms = retry_min_ms;
	o.retry_max_ms = 1000;
	ck_assert_int_eq(auth0logout_pg_new(&o, f->ss, &f->pg), AUTH0LOGOUT_OK);
}

static void fx_load(struct fx *f)
{
	char err[512];
	auth0logout_status st = auth0logout_pg_load(f->pg, err, sizeof err);

	ck_assert_msg(st == AUTH0LOGOUT_OK, "load: %s: %s", tu_name(st), err);
}

static auth0logout_pg_health health(struct fx *f)
{
	auth0logout_pg_health h;

	auth0logout_pg_health_get(f->pg, &h);
	return h;
}

/* The tenant row, with allowed_logout_urls urls (a JSON array). */
static void put_tenant(struct fx *f, const char *urls)
{
	char json[1024];

	snprintf(json, sizeof json,
	         "{\"friendly_name\":\"Test\",\"allowed_logout_urls\":%s}",
	         urls);
	sql(f->db,
	    "INSERT INTO auth0logout_tenants (id, settings)"
	    " VALUES ($1, $2::jsonb) ON CONFLICT (id)"
	    " DO UPDATE SET settings = EXCLUDED.settings",
	    2, f->tenant, json);
}

/* A client row: column client_id id, object client_id obj_id. */
static void put_client_as(struct fx *f, const char *id, const char *obj_id,
                          const char *urls)
{
	char json[2048];

	snprintf(json, sizeof json,
	         "{\"client_id\":\"%s\",\"name\":\"App %s\","
	         "\"app_type\":\"spa\",\"allowed_logout_urls\":%s}",
	         obj_id, obj_id, urls);
	sql(f->db,
	    "INSERT INTO auth0logout_clients (tenant_id, client_id, client)"
	    " VALUES ($1, $2, $3::jsonb) ON CONFLICT (tenant_id, client_id)"
	    " DO UPDATE SET client = EXCLUDED.client",
	    3, f->tenant, id, json);
}

static void put_client(struct fx *f, const char *id, const char *urls)
{
	put_client_as(f, id, id, urls);
}

static void del_client(struct fx *f, const char *id)
{
	sql(f->db,
	    "DELETE FROM auth0logout_clients"
	    " WHERE tenant_id = $1 AND client_id = $2",
	    2, f->tenant, id);
}

/* The largest change number of the tenant's rows and tombstones. */
static uint64_t db_seq(struct fx *f)
{
	return (uint64_t)sql_int(
	    f->db,
	    "SELECT max(s) FROM (SELECT change_seq s FROM auth0logout_tenants"
	    " WHERE id = $1 UNION ALL SELECT change_seq FROM"
	    " auth0logout_clients WHERE tenant_id = $1 UNION ALL SELECT"
	    " change_seq FROM auth0logout_deleted_clients WHERE tenant_id ="
	    " $1) x",
	    1, f->tenant);
}

/* Decides returnTo=url (&client_id=cid unless NULL) on the store. */
static auth0logout_status decide(struct fx *f, const char *cid, const char *url)
{
	char q[4096], *p = q;

	memcpy(p, "returnTo=", 9);
	p = tu_pct_encode(p + 9, url, strlen(url));
	if (cid != NULL) {
		memcpy(p, "&client_id=", 11);
		p = tu_pct_encode(p + 11, cid, strlen(cid));
	}
	return auth0logout_decide_query(&f->store, q, (size_t)(p - q), f->buf,
	                                AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &f->d);
}

static int redirects(struct fx *f, const char *cid, const char *url)
{
	return decide(f, cid, url) == AUTH0LOGOUT_OK &&
	       f->d.outcome == AUTH0LOGOUT_OUTCOME_REDIRECT;
}

static int decides(struct fx *f, const char *cid, const char *url,
                   auth0logout_status want)
{
	return decide(f, cid, url) == want;
}

/* The decision is a fail-closed server_error (R10.4, R10.5). */
static void assert_server_error(struct fx *f, const char *cid, const char *url)
{
	auth0logout_status st = decide(f, cid, url);

	ck_assert_msg(st == AUTH0LOGOUT_E_STORE_FAILED,
	              "%s %s: %s, want store_failed", cid ? cid : "(tenant)",
	              url, tu_name(st));
	ck_assert_int_eq(f->d.http_status, 500);
	ck_assert_int_eq(f->d.error, AUTH0LOGOUT_ERROR_SERVER_ERROR);
	ck_assert_int_eq(f->d.outcome, AUTH0LOGOUT_OUTCOME_ERROR);
}

/* The pid of the loader's backend (application_name auth0logout-loader;
 * the tests run one loader at a time). */
static int loader_backend(struct fx *f)
{
	int64_t pid = sql_int(f->db,
	                      "SELECT pid FROM pg_stat_activity WHERE"
	                      " application_name = 'auth0logout-loader'"
	                      " ORDER BY backend_start DESC LIMIT 1",
	                      0);

	ck_assert_msg(pid > 0, "no backend with application_name "
	                       "auth0logout-loader");
	return (int)pid;
}

/* The parent of process pid (Linux /proc): a backend's is the
 * postmaster. */
static int parent_of(int pid)
{
	char path[64], line[512];
	const char *p;
	FILE *fp;
	int ppid = 0;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
	n = fread(line, 1, sizeof line - 1, fp);
	fclose(fp);
	line[n] = '\0';
	/* "pid (comm) state ppid ..." */
	p = strrchr(line, ')');
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(sscanf(p + 1, " %*c %d", &ppid), 1);
	return ppid;
}

/* Stops processes a and b (0: none) with SIGSTOP, and starts a watchdog
 * that sends them SIGCONT after ms, should the test fail before
 * thaw_now: the watchdog's pid. */
static pid_t freeze(int a, int b, int ms)
{
	pid_t w;

	ck_assert_msg(kill(a, SIGSTOP) == 0, "kill -STOP %d: %s", a,
	              strerror(errno));
	ck_assert_msg(b == 0 || kill(b, SIGSTOP) == 0, "kill -STOP %d: %s", b,
	              strerror(errno));
	w = fork();
	if (w == 0) {
		sleep_ms(ms);
		kill(a, SIGCONT);
		if (b != 0)
			kill(b, SIGCONT);
		_exit(0);
	}
	if (w < 0) {
		kill(a, SIGCONT);
		if (b != 0)
			kill(b, SIGCONT);
		ck_abort_msg("fork: %s", strerror(errno));
	}
	return w;
}

static void thaw_now(pid_t watchdog, int a, int b)
{
	kill(a, SIGCONT);
	if (b != 0)
		kill(b, SIGCONT);
	kill(watchdog, SIGKILL);
	waitpid(watchdog, NULL, 0);
}

#define APP1_BYE  "https://app1.example/bye"
#define APP1_NEW  "https://app1.example/new"
#define APP2_BYE  "https://app2.example/bye"
#define TENANT_OK "https://tenant.example/"

/* The tenant and two clients, the usual start. */
static void seed(struct fx *f)
{
	put_tenant(f, "[\"" TENANT_OK "\"]");
	put_client(f, "app1", "[\"" APP1_BYE "\"]");
	put_client(f, "app2", "[\"" APP2_BYE "\"]");
}

/* A started loader that has published its first load. */
static void fx_running(struct fx *f, unsigned ping_ms, unsigned timeout_ms,
                       unsigned retry_min_ms)
{
	int64_t took;

	fx_loader(f, ping_ms, timeout_ms, retry_min_ms);
	ck_assert_int_eq(auth0logout_pg_start(f->pg), AUTH0LOGOUT_OK);
	AWAIT(took, SOON_MS, health(f).loaded);
	ck_assert_msg(took >= 0, "the loader did not load: %s",
	              health(f).last_error);
}

/* ---- R10.3: the schema, the full load ----------------------------------- */

START_TEST(r10_3_full_load)
{
	struct fx f;
	auth0logout_pg_health h;

	fx_init(&f, "full");
	seed(&f);
	put_client(&f, "app3", "[]");
	fx_loader(&f, 0, 0, 0);
	fx_load(&f);

	ck_assert(redirects(&f, "app1", APP1_BYE));
	ck_assert_int_eq(f.d.list, AUTH0LOGOUT_LIST_CLIENT);
	ck_assert(redirects(&f, "app2", APP2_BYE));
	ck_assert(redirects(&f, NULL, TENANT_OK));
	ck_assert_int_eq(f.d.list, AUTH0LOGOUT_LIST_TENANT);
	ck_assert(decides(&f, "app1", APP2_BYE, AUTH0LOGOUT_E_NOT_ALLOWED));
	ck_assert(decides(&f, "app3", APP1_BYE, AUTH0LOGOUT_E_NOT_ALLOWED));
	ck_assert(
	    decides(&f, "nobody", APP1_BYE, AUTH0LOGOUT_E_UNKNOWN_CLIENT));
	ck_assert_int_eq(f.d.http_status, 400);

	h = health(&f);
	ck_assert_int_eq(h.loaded, 1);
	ck_assert_int_eq(h.connected, 1);
	ck_assert_int_eq(h.last_sync_failed, 0);
	ck_assert_uint_eq(h.clients, 3);
	ck_assert_uint_eq(h.bad_rows, 0);
	ck_assert_uint_eq(h.change_seq, db_seq(&f));
	ck_assert_uint_eq(h.version, auth0logout_swapstore_version(f.ss));
	ck_assert_uint_ge(h.version, 1);
	ck_assert_int_ge(h.age_ms, 0);
	ck_assert_int_lt(h.age_ms, SOON_MS);
	ck_assert_str_eq(h.last_error, "");
	ck_assert(log_has(&f, "info: tenant \""));
	fx_free(&f);
}
END_TEST

/* The triggers: a sequence number per change, tombstones, no-op updates
 * keep theirs, TRUNCATE refused, a renamed key leaves a tombstone. */
START_TEST(r10_3_triggers)
{
	struct fx f;
	int64_t s1, s2, n;
	PGresult *r;

	fx_init(&f, "trig");
	seed(&f);
	s1 = sql_int(f.db,
	             "SELECT change_seq FROM auth0logout_clients"
	             " WHERE tenant_id = $1 AND client_id = 'app1'",
	             1, f.tenant);
	put_client(&f, "app1", "[\"" APP1_BYE "\"]"); /* the same object */
	s2 = sql_int(f.db,
	             "SELECT change_seq FROM auth0logout_clients"
	             " WHERE tenant_id = $1 AND client_id = 'app1'",
	             1, f.tenant);
	ck_assert_int_eq(s1, s2);
	put_client(&f, "app1", "[\"" APP1_NEW "\"]");
	s2 = sql_int(f.db,
	             "SELECT change_seq FROM auth0logout_clients"
	             " WHERE tenant_id = $1 AND client_id = 'app1'",
	             1, f.tenant);
	ck_assert_int_gt(s2, s1);

	del_client(&f, "app2");
	n = sql_int(f.db,
	            "SELECT change_seq FROM auth0logout_deleted_clients"
	            " WHERE tenant_id = $1 AND client_id = 'app2'",
	            1, f.tenant);
	ck_assert_int_gt(n, s2);
	put_client(&f, "app2", "[]");
	ck_assert_int_eq(sql_int(f.db,
	                         "SELECT count(*) FROM"
	                         " auth0logout_deleted_clients WHERE"
	                         " tenant_id = $1 AND client_id = 'app2'",
	                         1, f.tenant),
	                 0);

	sql(f.db,
	    "UPDATE auth0logout_clients SET client_id = 'app1b'"
	    " WHERE tenant_id = $1 AND client_id = 'app1'",
	    1, f.tenant);
	ck_assert_int_eq(sql_int(f.db,
	                         "SELECT count(*) FROM"
	                         " auth0logout_deleted_clients WHERE"
	                         " tenant_id = $1 AND client_id = 'app1'",
	                         1, f.tenant),
	                 1);

	r = PQexec(f.db, "TRUNCATE auth0logout_clients");
	ck_assert_int_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
	ck_assert_ptr_nonnull(strstr(PQresultErrorMessage(r), "use DELETE"));
	PQclear(r);
	ck_assert_int_eq(sql_int(f.db,
	                         "SELECT count(*) FROM auth0logout_clients"
	                         " WHERE tenant_id = $1",
	                         1, f.tenant),
	                 2);
	fx_free(&f);
}
END_TEST

/* ---- R10.4: fail closed, changes show, reconnects ----------------------- */

START_TEST(r10_4_fail_closed_before_first_load)
{
	struct fx f;
	auth0logout_pg_options o;
	auth0logout_pg_health h;
	int64_t took;

	fx_init(&f, "closed");
	seed(&f);
	/* A store nobody loaded. */
	assert_server_error(&f, "app1", APP1_BYE);
	assert_server_error(&f, NULL, TENANT_OK);
	ck_assert_uint_eq(auth0logout_swapstore_version(f.ss), 0);

	/* A loader that cannot reach its server. */
	memset(&o, 0, sizeof o);
	o.conninfo = "postgresql:///nowhere?host=/nonexistent-a0l-dir";
	o.tenant = f.tenant;
	o.log = log_cb;
	o.log_ctx = &f.log;
	o.retry_min_ms = 10;
	o.retry_max_ms = 40;
	ck_assert_int_eq(auth0logout_pg_new(&o, f.ss, &f.pg), AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_pg_start(f.pg), AUTH0LOGOUT_OK);
	AWAIT(took, SOON_MS, health(&f).last_sync_failed);
	ck_assert_int_ge(took, 0);
	h = health(&f);
	ck_assert_int_eq(h.loaded, 0);
	ck_assert_int_eq(h.connected, 0);
	ck_assert_int_eq(h.age_ms, -1);
	ck_assert_msg(strstr(h.last_error, "cannot connect") != NULL, "%s",
	              h.last_error);
	ck_assert(log_has(&f, "error: tenant \""));
	assert_server_error(&f, "app1", APP1_BYE);
	assert_server_error(&f, NULL, TENANT_OK);
	fx_free(&f);
}
END_TEST

START_TEST(r10_4_no_tenant_row_fails_load)
{
	struct fx f;
	char err[512];
	auth0logout_pg_health h;
	int64_t took;

	fx_init(&f, "notenant");
	fx_loader(&f, 0, 0, 0);
	ck_assert_int_eq(auth0logout_pg_load(f.pg, err, sizeof err),
	                 AUTH0LOGOUT_E_STORE_FAILED);
	ck_assert_msg(strstr(err, "no such tenant") != NULL, "%s", err);
	ck_assert_msg(strstr(err, f.tenant) != NULL, "%s", err);
	ck_assert_uint_eq(auth0logout_swapstore_version(f.ss), 0);
	assert_server_error(&f, NULL, TENANT_OK);
	h = health(&f);
	ck_assert_int_eq(h.loaded, 0);
	ck_assert_int_eq(h.last_sync_failed, 1);
	ck_assert_msg(strstr(h.last_error, "no such tenant") != NULL, "%s",
	              h.last_error);

	/* The thread waits; the tenant's row, when it comes, wakes it. */
	ck_assert_int_eq(auth0logout_pg_start(f.pg), AUTH0LOGOUT_OK);
	seed(&f);
	AWAIT(took, SOON_MS, redirects(&f, "app1", APP1_BYE));
	ck_assert_int_ge(took, 0);
	h = health(&f);
	ck_assert_int_eq(h.loaded, 1);
	ck_assert_int_eq(h.last_sync_failed, 0);
	ck_assert_str_eq(h.last_error, "");
	fx_free(&f);
}
END_TEST

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

START_TEST(r10_4_change_shows)
{
	struct fx f;
	int64_t took[20], total;
	uint64_t v0;
	char url[128], urls[256];
	size_t i;

	fx_init(&f, "shows");
	seed(&f);
	/* A ping interval far longer than the target: only the
	 * notification can make the change show in time. */
	fx_running(&f, 60000, 0, 0);
	for (i = 0; i < 20; i++) {
		snprintf(url, sizeof url, "https://app1.example/v%zu", i);
		snprintf(urls, sizeof urls, "[\"%s\"]", url);
		ck_assert(!redirects(&f, "app1", url));
		v0 = auth0logout_swapstore_version(f.ss);
		total = now_ms();
		put_client(&f, "app1", urls);
		AWAIT(took[i], SHOW_MS, redirects(&f, "app1", url));
		ck_assert_msg(took[i] >= 0,
		              "change %zu did not show within %d ms", i,
		              SHOW_MS);
		took[i] = now_ms() - total; /* from before the commit */
		ck_assert_uint_gt(auth0logout_swapstore_version(f.ss), v0);
	}
	qsort(took, 20, sizeof took[0], cmp_i64);
	printf("# r10_4_change_shows: 20 committed changes showed in"
	       " median %" PRId64 " ms, max %" PRId64 " ms (target %d ms)\n",
	       took[10], took[19], SHOW_MS);
	fflush(stdout);

	/* A new client shows too. */
	put_client(&f, "app9", "[\"https://app9.example/\"]");
	AWAIT(total, SHOW_MS, redirects(&f, "app9", "https://app9.example/"));
	ck_assert_int_ge(total, 0);
	ck_assert_uint_eq(health(&f).clients, 3);
	ck_assert_uint_eq(health(&f).change_seq, db_seq(&f));
	fx_free(&f);
}
END_TEST

START_TEST(r10_4_delete_shows)
{
	struct fx f;
	int64_t took;

	fx_init(&f, "delete");
	seed(&f);
	fx_running(&f, 60000, 0, 0);
	ck_assert(redirects(&f, "app2", APP2_BYE));
	del_client(&f, "app2");
	AWAIT(took, SHOW_MS,
	      decides(&f, "app2", APP2_BYE, AUTH0LOGOUT_E_UNKNOWN_CLIENT));
	ck_assert_int_ge(took, 0);
	ck_assert_int_eq(f.d.http_status, 400);
	ck_assert(redirects(&f, "app1", APP1_BYE));
	ck_assert_uint_eq(health(&f).clients, 1);
	ck_assert_uint_eq(health(&f).change_seq, db_seq(&f));

	/* Back again. */
	put_client(&f, "app2", "[\"" APP2_BYE "\"]");
	AWAIT(took, SHOW_MS, redirects(&f, "app2", APP2_BYE));
	ck_assert_int_ge(took, 0);
	fx_free(&f);
}
END_TEST

START_TEST(r10_4_rollback_changes_nothing)
{
	struct fx f;
	PGconn *other;
	uint64_t v0;
	int64_t took;

	fx_init(&f, "rollback");
	seed(&f);
	fx_running(&f, 50, 0, 0);
	v0 = auth0logout_swapstore_version(f.ss);

	/* An open transaction: several pings see nothing of it. */
	other = db_connect();
	sql(other, "BEGIN", 0);
	sql(other,
	    "UPDATE auth0logout_clients SET client = $2::jsonb"
	    " WHERE tenant_id = $1 AND client_id = 'app1'",
	    2, f.tenant,
	    "{\"client_id\":\"app1\",\"allowed_logout_urls\":"
	    "[\"" APP1_NEW "\"]}");
	sleep_ms(300);
	ck_assert(redirects(&f, "app1", APP1_BYE));
	ck_assert(!redirects(&f, "app1", APP1_NEW));
	ck_assert_uint_eq(auth0logout_swapstore_version(f.ss), v0);
	sql(other, "ROLLBACK", 0);
	PQfinish(other);

	/* A later committed change shows; the rolled-back one never. */
	put_client(&f, "app2", "[\"https://app2.example/marker\"]");
	AWAIT(took, SHOW_MS,
	      redirects(&f, "app2", "https://app2.example/marker"));
	ck_assert_int_ge(took, 0);
	ck_assert(redirects(&f, "app1", APP1_BYE));
	ck_assert(!redirects(&f, "app1", APP1_NEW));
	ck_assert_uint_eq(auth0logout_swapstore_version(f.ss), v0 + 1);
	ck_assert_uint_eq(health(&f).change_seq, db_seq(&f));
	fx_free(&f);
}
END_TEST

START_TEST(r10_4_reconnect_catches_up)
{
	struct fx f;
	auth0logout_pg_health h;
	int64_t took, t0;
	char pid[24];

	fx_init(&f, "reconnect");
	seed(&f);
	/* No ping within the test, and a reconnect 1 s after the drop:
	 * a change committed in between sends its notification to nobody,
	 * and only the catch-up on reconnect can bring it. */
	fx_running(&f, 60000, 0, 1000);
	snprintf(pid, sizeof pid, "%d", loader_backend(&f));
	ck_assert_int_eq(sql_int(f.db,
	                         "SELECT pg_terminate_backend($1::int, 5000)"
	                         "::int",
	                         1, pid),
	                 1);
	t0 = now_ms();
	AWAIT(took, SOON_MS, !health(&f).connected);
	ck_assert_int_ge(took, 0);
	put_client(&f, "app1", "[\"" APP1_NEW "\"]");
	ck_assert_msg(now_ms() - t0 < 400,
	              "the change took too long to commit to be sure it came"
	              " before the reconnect");
	ck_assert(redirects(&f, "app1", APP1_BYE)); /* the last snapshot */
	AWAIT(took, SOON_MS, redirects(&f, "app1", APP1_NEW));
	ck_assert_int_ge(took, 0);
	printf("# r10_4_reconnect_catches_up: a change made while"
	       " disconnected showed %" PRId64 " ms after the drop"
	       " (reconnect after 1000 ms)\n",
	       now_ms() - t0);
	fflush(stdout);
	h = health(&f);
	ck_assert_int_eq(h.connected, 1);
	ck_assert_uint_eq(h.reconnects, 1);
	ck_assert_uint_eq(h.change_seq, db_seq(&f));
	ck_assert(log_has(&f, "connection lost"));
	fx_free(&f);
}
END_TEST

/* A server that stops answering (SIGSTOP of the loader's backend): the
 * query times out, the loader keeps deciding on its last snapshot,
 * reconnects, and catches up. */
START_TEST(r10_4_hung_server_times_out)
{
	struct fx f;
	int pid;
	pid_t w;
	int64_t took, t0;

	fx_init(&f, "hung");
	seed(&f);
	fx_running(&f, 50, 300, 50);
	pid = loader_backend(&f);
	w = freeze(pid, 0, 20000);
	t0 = now_ms();
	ck_assert(redirects(&f, "app1", APP1_BYE));
	AWAIT(took, SOON_MS, health(&f).reconnects >= 1);
	ck_assert_int_ge(took, 0);
	ck_assert(log_has(&f, "no answer within 300 ms"));
	ck_assert(redirects(&f, "app1", APP1_BYE));
	put_client(&f, "app1", "[\"" APP1_NEW "\"]");
	AWAIT(took, SOON_MS, redirects(&f, "app1", APP1_NEW));
	ck_assert_int_ge(took, 0);
	printf("# r10_4_hung_server_times_out: reconnected and caught up"
	       " %" PRId64 " ms after the backend stopped (timeout 300 ms)\n",
	       now_ms() - t0);
	fflush(stdout);
	thaw_now(w, pid, 0);
	fx_free(&f);
}
END_TEST

/* The whole server stops answering (its postmaster and the loader's
 * backend stopped: no query, no new connection): decisions go on from the
 * last snapshot, the health says since when; once it answers again the
 * loader reconnects and catches up what was committed meanwhile. */
START_TEST(r10_4_unreachable_keeps_last_snapshot)
{
	struct fx f;
	auth0logout_pg_health h;
	int backend, postmaster;
	pid_t w;
	int64_t took, t0;

	fx_init(&f, "unreachable");
	seed(&f);
	fx_running(&f, 50, 200, 50);
	backend = loader_backend(&f);
	postmaster = parent_of(backend);
	ck_assert_int_gt(postmaster, 1);
	w = freeze(postmaster, backend, 20000);
	t0 = now_ms();
	AWAIT(took, SOON_MS,
	      !health(&f).connected && health(&f).last_sync_failed);
	ck_assert_int_ge(took, 0);
	/* The writer's own backend still runs: a change is committed that
	 * the loader cannot see. */
	put_client(&f, "app1", "[\"" APP1_NEW "\"]");
	AWAIT(took, SOON_MS, health(&f).age_ms >= 1500);
	ck_assert_int_ge(took, 0);
	h = health(&f);
	ck_assert_int_eq(h.loaded, 1);
	ck_assert_int_eq(h.connected, 0);
	ck_assert_int_eq(h.last_sync_failed, 1);
	ck_assert_msg(strstr(h.last_error, "cannot connect") != NULL, "%s",
	              h.last_error);
	ck_assert(redirects(&f, "app1", APP1_BYE)); /* the last snapshot */
	ck_assert(decides(&f, "app1", APP1_NEW, AUTH0LOGOUT_E_NOT_ALLOWED));
	ck_assert(redirects(&f, NULL, TENANT_OK));
	ck_assert(log_has(&f, "timed out after 200 ms"));

	thaw_now(w, postmaster, backend);
	AWAIT(took, SOON_MS, redirects(&f, "app1", APP1_NEW));
	ck_assert_int_ge(took, 0);
	printf("# r10_4_unreachable_keeps_last_snapshot: %" PRId64
	       " ms unreachable (age_ms reached %" PRId64
	       "), caught up %" PRId64 " ms after\n",
	       now_ms() - took - t0, h.age_ms, took);
	fflush(stdout);
	h = health(&f);
	ck_assert_int_eq(h.connected, 1);
	ck_assert_int_eq(h.last_sync_failed, 0);
	ck_assert_int_lt(h.age_ms, 1000);
	ck_assert_uint_ge(h.reconnects, 1);
	ck_assert_uint_eq(h.change_seq, db_seq(&f));
	fx_free(&f);
}
END_TEST

START_TEST(r10_4_free_is_prompt_when_server_hangs)
{
	struct fx f;
	int pid;
	pid_t w;
	int64_t t0, took;

	fx_init(&f, "prompt");
	seed(&f);
	fx_running(&f, 20, 30000, 0);
	pid = loader_backend(&f);
	w = freeze(pid, 0, 20000);
	sleep_ms(100); /* a ping is on its way, and will not be answered */
	t0 = now_ms();
	auth0logout_pg_free(f.pg);
	f.pg = NULL;
	took = now_ms() - t0;
	thaw_now(w, pid, 0);
	ck_assert_msg(took < 1000, "auth0logout_pg_free took %" PRId64 " ms",
	              took);
	fx_free(&f);
}
END_TEST

START_TEST(r10_4_tenant_deleted)
{
	struct fx f;
	auth0logout_pg_health h;
	int64_t took;

	fx_init(&f, "gone");
	seed(&f);
	fx_running(&f, 60000, 0, 0);
	sql(f.db, "DELETE FROM auth0logout_tenants WHERE id = $1", 1, f.tenant);
	AWAIT(took, SHOW_MS,
	      decides(&f, NULL, TENANT_OK, AUTH0LOGOUT_E_STORE_FAILED));
	ck_assert_int_ge(took, 0);
	ck_assert(decides(&f, "app1", APP1_BYE, AUTH0LOGOUT_E_UNKNOWN_CLIENT));
	h = health(&f);
	ck_assert_uint_eq(h.clients, 0);
	ck_assert_uint_eq(h.bad_rows, 1);
	ck_assert_msg(strstr(h.last_error, "no such tenant") != NULL, "%s",
	              h.last_error);
	ck_assert_uint_eq(h.change_seq, db_seq(&f));

	seed(&f); /* the tenant, then app1, then app2 */
	AWAIT(took, SHOW_MS, redirects(&f, "app2", APP2_BYE));
	ck_assert_int_ge(took, 0);
	ck_assert(redirects(&f, NULL, TENANT_OK));
	ck_assert(redirects(&f, "app1", APP1_BYE));
	ck_assert_uint_eq(health(&f).bad_rows, 0);
	fx_free(&f);
}
END_TEST

/* ---- R10.5: rows that do not compile ------------------------------------ */

#define BAD_ENTRY "no-scheme.example/path"

START_TEST(r10_5_bad_row_keeps_last_good)
{
	struct fx f;
	auth0logout_pg_health h;
	int64_t took;

	fx_init(&f, "keep");
	seed(&f);
	fx_running(&f, 60000, 0, 0);
	ck_assert(redirects(&f, "app1", APP1_BYE));
	put_client(&f, "app1",
	           "[\"" APP1_BYE "\",\"" APP1_NEW "\",\"" BAD_ENTRY "\"]");
	AWAIT(took, SHOW_MS, health(&f).bad_rows == 1);
	ck_assert_int_ge(took, 0);
	h = health(&f);
	ck_assert_uint_eq(h.change_seq, db_seq(&f));
	ck_assert_int_eq(h.last_sync_failed, 0);
	/* The last good version decides. */
	ck_assert(redirects(&f, "app1", APP1_BYE));
	ck_assert(decides(&f, "app1", APP1_NEW, AUTH0LOGOUT_E_NOT_ALLOWED));
	/* Reported with the client, the entry and the reason. */
	ck_assert_msg(strstr(h.last_error, "client \"app1\"") != NULL &&
	                  strstr(h.last_error, "allowed_logout_urls[2]") !=
	                      NULL &&
	                  strstr(h.last_error, "\"" BAD_ENTRY "\"") != NULL &&
	                  strstr(h.last_error, "last good") != NULL,
	              "last_error: %s", h.last_error);
	/* The log line names the tenant, as the others do. */
	ck_assert_msg(log_hasf(&f,
	                       "warning: tenant \"%s\": client \"app1\": "
	                       "allowed_logout_urls[2] \"" BAD_ENTRY "\": ",
	                       f.tenant),
	              "%s", f.log.text);
	ck_assert_msg(strlen(h.last_error) >
	                  strlen("client \"app1\": allowed_logout_urls[2] "
	                         "\"" BAD_ENTRY "\": ; kept its last good "
	                         "version"),
	              "no reason in: %s", h.last_error);

	/* Fixed: the new version, no bad row. */
	put_client(&f, "app1", "[\"" APP1_BYE "\",\"" APP1_NEW "\"]");
	AWAIT(took, SHOW_MS, redirects(&f, "app1", APP1_NEW));
	ck_assert_int_ge(took, 0);
	h = health(&f);
	ck_assert_uint_eq(h.bad_rows, 0);
	ck_assert_str_eq(h.last_error, "");
	fx_free(&f);
}
END_TEST

START_TEST(r10_5_new_bad_client_is_server_error)
{
	struct fx f;
	auth0logout_pg_health h;
	int64_t took;

	fx_init(&f, "newbad");
	seed(&f);
	fx_running(&f, 60000, 0, 0);
	put_client(&f, "app7", "[\"https://ok.example/\",\"" BAD_ENTRY "\"]");
	AWAIT(took, SHOW_MS, health(&f).bad_rows == 1);
	ck_assert_int_ge(took, 0);
	assert_server_error(&f, "app7", "https://ok.example/");
	ck_assert(log_hasf(&f,
	                   "warning: tenant \"%s\": client \"app7\": "
	                   "allowed_logout_urls[1] \"" BAD_ENTRY "\": ",
	                   f.tenant));

	/* The row's key and its object's client_id differ: a bad row. */
	put_client_as(&f, "app8", "someone-else", "[\"https://ok.example/\"]");
	AWAIT(took, SHOW_MS, health(&f).bad_rows == 2);
	ck_assert_int_ge(took, 0);
	assert_server_error(&f, "app8", "https://ok.example/");
	ck_assert(decides(&f, "someone-else", "https://ok.example/",
	                  AUTH0LOGOUT_E_UNKNOWN_CLIENT));
	h = health(&f);
	ck_assert_msg(strstr(h.last_error, "client \"app8\"") != NULL &&
	                  strstr(h.last_error, "\"someone-else\"") != NULL,
	              "%s", h.last_error);
	ck_assert_uint_eq(h.clients, 4);

	/* A bad client deleted is no longer bad; the other still is. */
	del_client(&f, "app8");
	AWAIT(took, SHOW_MS, health(&f).bad_rows == 1);
	ck_assert_int_ge(took, 0);
	ck_assert(decides(&f, "app8", "https://ok.example/",
	                  AUTH0LOGOUT_E_UNKNOWN_CLIENT));
	assert_server_error(&f, "app7", "https://ok.example/");
	fx_free(&f);
}
END_TEST

START_TEST(r10_5_bad_row_at_first_load)
{
	struct fx f;

	fx_init(&f, "firstbad");
	seed(&f);
	put_client(&f, "app7", "[\"" BAD_ENTRY "\"]");
	fx_loader(&f, 0, 0, 0);
	fx_load(&f);
	assert_server_error(&f, "app7", "https://ok.example/");
	ck_assert(redirects(&f, "app1", APP1_BYE));
	ck_assert_uint_eq(health(&f).bad_rows, 1);
	ck_assert_uint_eq(health(&f).clients, 3);
	fx_free(&f);
}
END_TEST

START_TEST(r10_5_bad_tenant_row)
{
	struct fx f;
	auth0logout_pg_health h;
	int64_t took;

	fx_init(&f, "badtenant");
	put_tenant(&f, "[\"" BAD_ENTRY "\"]");
	put_client(&f, "app1", "[\"" APP1_BYE "\"]");
	fx_loader(&f, 60000, 0, 0);
	fx_load(&f);
	/* No good list yet: the tenant's decisions fail closed; the
	 * clients' do not depend on it. */
	assert_server_error(&f, NULL, TENANT_OK);
	ck_assert(redirects(&f, "app1", APP1_BYE));
	h = health(&f);
	ck_assert_uint_eq(h.bad_rows, 1);
	ck_assert_msg(strstr(h.last_error, "tenant \"") != NULL &&
	                  strstr(h.last_error, BAD_ENTRY) != NULL,
	              "%s", h.last_error);

	ck_assert_int_eq(auth0logout_pg_start(f.pg), AUTH0LOGOUT_OK);
	put_tenant(&f, "[\"" TENANT_OK "\"]");
	AWAIT(took, SHOW_MS, redirects(&f, NULL, TENANT_OK));
	ck_assert_int_ge(took, 0);
	ck_assert_uint_eq(health(&f).bad_rows, 0);

	/* Bad again: the last good list stays. */
	put_tenant(&f, "[\"https://tenant.example/new\",\"" BAD_ENTRY "\"]");
	AWAIT(took, SHOW_MS, health(&f).bad_rows == 1);
	ck_assert_int_ge(took, 0);
	ck_assert(redirects(&f, NULL, TENANT_OK));
	ck_assert(decides(&f, NULL, "https://tenant.example/new",
	                  AUTH0LOGOUT_E_NOT_ALLOWED));
	fx_free(&f);
}
END_TEST

/* ---- health ------------------------------------------------------------- */

START_TEST(r10_4_health_json)
{
	struct fx f;
	auth0logout_pg_health h;
	char out[4096];
	json_t *j;
	json_error_t je;
	size_t n;

	fx_init(&f, "health");
	seed(&f);
	fx_loader(&f, 0, 0, 0);
	fx_load(&f);
	h = health(&f);
	n = auth0logout_pg_health_json(&h, out, sizeof out);
	ck_assert_uint_gt(n, 0);
	ck_assert_uint_eq(n, strlen(out));
	j = json_loads(out, 0, &je);
	ck_assert_msg(j != NULL, "%s: %s", out, je.text);
	ck_assert(json_is_true(json_object_get(j, "loaded")));
	ck_assert(json_is_true(json_object_get(j, "connected")));
	ck_assert(json_is_false(json_object_get(j, "last_sync_failed")));
	ck_assert_int_eq(json_integer_value(json_object_get(j, "age_ms")),
	                 h.age_ms);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "change_seq")),
	                 (json_int_t)h.change_seq);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "version")),
	                 (json_int_t)h.version);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "clients")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "bad_rows")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "reconnects")),
	                 0);
	ck_assert_str_eq(json_string_value(json_object_get(j, "last_error")),
	                 "");
	ck_assert_uint_eq(json_object_size(j), 10);
	json_decref(j);
	/* The keys in the documented order. */
	ck_assert_msg(strncmp(out,
	                      "{\"loaded\":true,\"connected\":true,"
	                      "\"last_sync_failed\":false,\"age_ms\":",
	                      63) == 0,
	              "%s", out);
	fx_free(&f);
}
END_TEST

/* last_error's bytes, whatever they are, make valid JSON; a long one is
 * cut to fit 1024 bytes. */
START_TEST(r10_4_health_json_escapes)
{
	auth0logout_pg_health h;
	char out[4096], small[1024];
	json_t *j;
	json_error_t je;
	const char *s;
	size_t n;

	memset(&h, 0, sizeof h);
	h.age_ms = -1;
	h.change_seq = INT64_MAX; /* as far as jansson reads */
	strcpy(h.last_error, "a\"b\\c\x01"
	                     "d\xff"
	                     "e\xc3\xa9");
	n = auth0logout_pg_health_json(&h, out, sizeof out);
	ck_assert_uint_gt(n, 0);
	j = json_loads(out, 0, &je);
	ck_assert_msg(j != NULL, "%s: %s", out, je.text);
	s = json_string_value(json_object_get(j, "last_error"));
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "a\"b\\c\xef\xbf\xbd"
	                    "d\xef\xbf\xbd"
	                    "e\xc3\xa9");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "age_ms")), -1);
	ck_assert(json_is_false(json_object_get(j, "loaded")));
	json_decref(j);
	ck_assert_ptr_nonnull(
	    strstr(out, "\"change_seq\":9223372036854775807,"));
	h.change_seq = UINT64_MAX;
	h.age_ms = INT64_MIN;
	ck_assert_uint_gt(auth0logout_pg_health_json(&h, out, sizeof out), 0);
	ck_assert_ptr_nonnull(strstr(out,
	                             "\"age_ms\":-9223372036854775808,"
	                             "\"change_seq\":18446744073709551615,"));

	/* 511 quotes escape to 1022 bytes: cut, still JSON, in 1024. */
	h.change_seq = 1;
	h.age_ms = 5;
	memset(h.last_error, '"', sizeof h.last_error - 1);
	h.last_error[sizeof h.last_error - 1] = '\0';
	n = auth0logout_pg_health_json(&h, small, sizeof small);
	ck_assert_uint_gt(n, 0);
	ck_assert_uint_lt(n, sizeof small);
	j = json_loads(small, 0, &je);
	ck_assert_msg(j != NULL, "%s: %s", small, je.text);
	s = json_string_value(json_object_get(j, "last_error"));
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_gt(strlen(s), 100);
	ck_assert_str_eq(s + strlen(s) - 3, "...");
	json_decref(j);
	/* Whole when it fits. */
	n = auth0logout_pg_health_json(&h, out, sizeof out);
	j = json_loads(out, 0, &je);
	ck_assert_ptr_nonnull(j);
	ck_assert_uint_eq(
	    strlen(json_string_value(json_object_get(j, "last_error"))), 511);
	json_decref(j);
	/* Too small for anything: 0, and an empty string. */
	ck_assert_uint_eq(auth0logout_pg_health_json(&h, small, 64), 0);
	ck_assert_str_eq(small, "");
}
END_TEST

/* ---- R10.3: import ------------------------------------------------------ */

static auth0logout_config *read_cfg(const char *json, unsigned flags)
{
	auth0logout_config_options o;
	auth0logout_config *cfg = NULL;
	char err[TU_ERR_SIZE];

	memset(&o, 0, sizeof o);
	o.flags = flags;
	ck_assert_msg(tu_config_read_buffer("import.json", json, strlen(json),
	                                    &o, &cfg, err, sizeof err) == 0,
	              "%s", err);
	return cfg;
}

static const char IMPORT_CFG[] =
    "{\"tenant\":{\"friendly_name\":\"Imported\",\"allowed_logout_urls\":"
    "[\"https://tenant.example/imported\"]},"
    "\"clients\":["
    "{\"client_id\":\"app2\",\"name\":\"Two\",\"allowed_logout_urls\":"
    "[\"https://app2.example/imported\"]},"
    "{\"client_id\":\"app3\",\"name\":\"Three\",\"app_type\":\"spa\","
    "\"allowed_logout_urls\":[\"https://app3.example/\"]}]}";

START_TEST(r10_3_import_replaces_tenant)
{
	struct fx f;
	auth0logout_config *cfg;
	char err[512];
	auth0logout_status st;
	uint64_t v0;
	int64_t took;

	fx_init(&f, "import");
	seed(&f);
	fx_running(&f, 60000, 0, 0);
	v0 = auth0logout_swapstore_version(f.ss);
	cfg = read_cfg(IMPORT_CFG, AUTH0LOGOUT_CONFIG_KEEP_OBJECTS);
	st = auth0logout_pg_import(conninfo(), f.tenant, cfg, err, sizeof err);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "%s: %s", tu_name(st), err);
	auth0logout_config_free(cfg);

	/* The rows. */
	ck_assert_int_eq(sql_int(f.db,
	                         "SELECT count(*) FROM auth0logout_clients"
	                         " WHERE tenant_id = $1 AND client_id IN"
	                         " ('app2', 'app3')",
	                         1, f.tenant),
	                 2);
	ck_assert_int_eq(sql_int(f.db,
	                         "SELECT count(*) FROM auth0logout_clients"
	                         " WHERE tenant_id = $1",
	                         1, f.tenant),
	                 2);
	ck_assert_int_eq(sql_int(f.db,
	                         "SELECT count(*) FROM"
	                         " auth0logout_deleted_clients WHERE"
	                         " tenant_id = $1 AND client_id = 'app1'",
	                         1, f.tenant),
	                 1);
	ck_assert_int_eq(sql_int(f.db,
	                         "SELECT count(*) FROM auth0logout_clients"
	                         " WHERE tenant_id = $1 AND client_id = 'app3'"
	                         " AND client->>'app_type' = 'spa'",
	                         1, f.tenant),
	                 1);
	/* All written by one transaction. */
	ck_assert_int_eq(
	    sql_int(f.db,
	            "SELECT count(DISTINCT x::text) FROM ("
	            " SELECT xmin x FROM auth0logout_tenants WHERE id = $1"
	            " UNION ALL SELECT xmin FROM auth0logout_clients"
	            " WHERE tenant_id = $1"
	            " UNION ALL SELECT xmin FROM auth0logout_deleted_clients"
	            " WHERE tenant_id = $1) s",
	            1, f.tenant),
	    1);

	/* The running loader got it in one batch: one more snapshot. */
	AWAIT(took, SHOW_MS, redirects(&f, "app3", "https://app3.example/"));
	ck_assert_int_ge(took, 0);
	ck_assert_uint_eq(auth0logout_swapstore_version(f.ss), v0 + 1);
	ck_assert(decides(&f, "app1", APP1_BYE, AUTH0LOGOUT_E_UNKNOWN_CLIENT));
	ck_assert(redirects(&f, "app2", "https://app2.example/imported"));
	ck_assert(decides(&f, "app2", APP2_BYE, AUTH0LOGOUT_E_NOT_ALLOWED));
	ck_assert(redirects(&f, NULL, "https://tenant.example/imported"));
	ck_assert(decides(&f, NULL, TENANT_OK, AUTH0LOGOUT_E_NOT_ALLOWED));
	ck_assert_uint_eq(health(&f).clients, 2);
	fx_free(&f);
}
END_TEST

START_TEST(r10_3_import_creates_tenant)
{
	struct fx f;
	auth0logout_config *cfg;
	char err[512];
	auth0logout_status st;

	fx_init(&f, "newtenant");
	cfg = read_cfg(IMPORT_CFG, AUTH0LOGOUT_CONFIG_KEEP_OBJECTS);
	st = auth0logout_pg_import(conninfo(), f.tenant, cfg, err, sizeof err);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "%s: %s", tu_name(st), err);
	/* Again: the same rows, and no change at all. */
	{
		int64_t s0 = (int64_t)db_seq(&f);

		st = auth0logout_pg_import(conninfo(), f.tenant, cfg, err,
		                           sizeof err);
		ck_assert_msg(st == AUTH0LOGOUT_OK, "%s", err);
		ck_assert_int_eq((int64_t)db_seq(&f), s0);
	}
	auth0logout_config_free(cfg);
	fx_loader(&f, 0, 0, 0);
	fx_load(&f);
	ck_assert(redirects(&f, "app3", "https://app3.example/"));
	ck_assert(redirects(&f, NULL, "https://tenant.example/imported"));
	ck_assert_uint_eq(health(&f).clients, 2);
	fx_free(&f);
}
END_TEST

START_TEST(r10_3_import_refuses_bad_config)
{
	struct fx f;
	auth0logout_config *cfg;
	char err[512];
	auth0logout_status st;
	int64_t s0, n0;

	fx_init(&f, "importbad");
	seed(&f);
	s0 = (int64_t)db_seq(&f);
	n0 = sql_int(f.db,
	             "SELECT count(*) FROM auth0logout_clients"
	             " WHERE tenant_id = $1",
	             1, f.tenant);
	cfg = read_cfg("{\"tenant\":{\"allowed_logout_urls\":[]},"
	               "\"clients\":[{\"client_id\":\"app5\","
	               "\"allowed_logout_urls\":[\"https://ok.example/\"]},"
	               "{\"client_id\":\"app6\",\"allowed_logout_urls\":"
	               "[\"https://ok.example/\",\"" BAD_ENTRY "\"]}]}",
	               AUTH0LOGOUT_CONFIG_KEEP_OBJECTS);
	st = auth0logout_pg_import(conninfo(), f.tenant, cfg, err, sizeof err);
	auth0logout_config_free(cfg);
	ck_assert_int_ne(st, AUTH0LOGOUT_OK);
	ck_assert_int_ne(st, AUTH0LOGOUT_E_STORE_FAILED);
	ck_assert_msg(strstr(err, BAD_ENTRY) != NULL && strstr(err, "app6"),
	              "%s", err);
	ck_assert_int_eq((int64_t)db_seq(&f), s0);
	ck_assert_int_eq(sql_int(f.db,
	                         "SELECT count(*) FROM auth0logout_clients"
	                         " WHERE tenant_id = $1",
	                         1, f.tenant),
	                 n0);

	/* Read without the objects: refused too, nothing written. */
	cfg = read_cfg(IMPORT_CFG, 0);
	st = auth0logout_pg_import(conninfo(), f.tenant, cfg, err, sizeof err);
	auth0logout_config_free(cfg);
	ck_assert_int_eq(st, AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_msg(strstr(err, "KEEP_OBJECTS") != NULL, "%s", err);
	ck_assert_int_eq((int64_t)db_seq(&f), s0);

	/* A server that refuses: store_failed, nothing written. */
	cfg = read_cfg(IMPORT_CFG, AUTH0LOGOUT_CONFIG_KEEP_OBJECTS);
	st = auth0logout_pg_import(
	    "postgresql:///nowhere?host=/nonexistent-a0l-dir", f.tenant, cfg,
	    err, sizeof err);
	auth0logout_config_free(cfg);
	ck_assert_int_eq(st, AUTH0LOGOUT_E_STORE_FAILED);
	ck_assert_msg(strstr(err, "cannot connect") != NULL, "%s", err);
	fx_free(&f);
}
END_TEST

/* ---- big tenants -------------------------------------------------------- */

/* Clients c<from> ... c<from + n - 1> in one statement, each with urls
 * entries https://cN.example/path/1 ...; every bad_every-th (0: none)
 * with an entry that does not compile as well. */
static void put_many(struct fx *f, int from, int n, int urls, int bad_every)
{
	char sf[16], sn[16], su[16], sb[16];

	snprintf(sf, sizeof sf, "%d", from);
	snprintf(sn, sizeof sn, "%d", n);
	snprintf(su, sizeof su, "%d", urls);
	snprintf(sb, sizeof sb, "%d", bad_every);
	sql(f->db,
	    "INSERT INTO auth0logout_clients (tenant_id, client_id, client)"
	    " SELECT $1, 'c' || i, jsonb_build_object('client_id', 'c' || i,"
	    " 'name', 'Client ' || i, 'app_type', 'spa',"
	    " 'allowed_logout_urls', (SELECT jsonb_agg(format("
	    "'https://c%s.example/path/%s', i, j))"
	    " FROM generate_series(1, $4::int) j)"
	    " || CASE WHEN $5::int > 0 AND i % $5::int = 0"
	    " THEN jsonb_build_array('" BAD_ENTRY "') ELSE '[]'::jsonb END)"
	    " FROM generate_series($2::int, $2::int + $3::int - 1) i",
	    5, f->tenant, sf, sn, su, sb);
}

/* How long the tenant's client objects take to fetch, as text. */
static int64_t fetch_ms(struct fx *f)
{
	int64_t t0 = now_ms();

	sql(f->db,
	    "SELECT client_id, client::text FROM auth0logout_clients"
	    " WHERE tenant_id = $1",
	    1, f->tenant);
	return now_ms() - t0;
}

/* A process that makes backend pid crawl: stopped stop_ms, running run_ms,
 * again and again, until throttle_end (or the test's death: the pipe
 * closes); it always leaves the backend running. */
struct throttle {
	pid_t child;
	int fd; /* the pipe's write end */
};

static void throttle_start(struct throttle *t, int pid, int stop_ms, int run_ms)
{
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	t->child = fork();
	ck_assert_int_ge(t->child, 0);
	if (t->child == 0) {
		struct pollfd q;

		close(p[1]);
		q.fd = p[0];
		q.events = POLLIN;
		for (;;) {
			kill(pid, SIGSTOP);
			sleep_ms(stop_ms);
			kill(pid, SIGCONT);
			q.revents = 0;
			if (poll(&q, 1, run_ms) != 0)
				_exit(0);
		}
	}
	close(p[0]);
	t->fd = p[1];
}

static void throttle_end(struct throttle *t, int pid)
{
	close(t->fd);
	waitpid(t->child, NULL, 0);
	kill(pid, SIGCONT);
}

/* R10.4: timeout_ms is an idle timeout.  A tenant whose rows take longer
 * than timeout_ms to arrive still loads, as long as they keep coming; the
 * hung server (nothing at all for timeout_ms) is r10_4_hung_server_times_out.
 */
START_TEST(r10_4_timeout_is_idle_big_tenant_loads)
{
	struct fx f;
	struct throttle t;
	char err[512];
	auth0logout_status st;
	int64_t t0, crawl_ms, full_ms, fetch;
	int pid;

	fx_init(&f, "big");
	/* Connected, with no tenant yet: the load fails, the connection
	 * stays, and its backend is known. */
	fx_loader(&f, 60000, 200, 0);
	ck_assert_int_eq(auth0logout_pg_load(f.pg, err, sizeof err),
	                 AUTH0LOGOUT_E_STORE_FAILED);
	ck_assert_msg(strstr(err, "no such tenant") != NULL, "%s", err);
	pid = loader_backend(&f);
	put_tenant(&f, "[\"" TENANT_OK "\"]");
	put_many(&f, 0, 20000, 8, 0);
	fetch = fetch_ms(&f);

	/* The full load from a backend that crawls: stopped 120 ms, running
	 * 10 ms, so that the rows take far longer than 200 ms to arrive,
	 * with never 200 ms without a byte. */
	throttle_start(&t, pid, 120, 10);
	t0 = now_ms();
	st = auth0logout_pg_load(f.pg, err, sizeof err);
	crawl_ms = now_ms() - t0;
	throttle_end(&t, pid);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "%s: %s (after %" PRId64 " ms)",
	              tu_name(st), err, crawl_ms);
	ck_assert_uint_eq(health(&f).clients, 20000);
	ck_assert(redirects(&f, "c19999", "https://c19999.example/path/8"));
	ck_assert_uint_eq(health(&f).change_seq, db_seq(&f));

	/* And at full speed, by a new loader. */
	auth0logout_pg_free(f.pg);
	f.pg = NULL;
	fx_loader(&f, 60000, 200, 0);
	t0 = now_ms();
	st = auth0logout_pg_load(f.pg, err, sizeof err);
	full_ms = now_ms() - t0;
	ck_assert_msg(st == AUTH0LOGOUT_OK, "%s: %s", tu_name(st), err);
	ck_assert_uint_eq(health(&f).clients, 20000);
	printf("# r10_4_timeout_is_idle_big_tenant_loads: 20000 clients"
	       " loaded in %" PRId64 " ms (their rows alone take %" PRId64
	       " ms to fetch), in %" PRId64 " ms from a crawling backend"
	       " (idle timeout 200 ms)\n",
	       full_ms, fetch, crawl_ms);
	fflush(stdout);
	ck_assert_msg(crawl_ms > 200,
	              "the crawling load took %" PRId64 " ms: it does not"
	              " show that the timeout is an idle one",
	              crawl_ms);
	fx_free(&f);
}
END_TEST

/* auth0logout_pg_free is prompt in the middle of a long full load: the
 * loader looks at the stop descriptor every few hundred rows and
 * abandons the load unpublished. */
START_TEST(r10_4_free_is_prompt_during_full_load)
{
	struct fx f;
	int64_t took, t0;
	char line[256];

	fx_init(&f, "bigfree");
	put_tenant(&f, "[\"" TENANT_OK "\"]");
	/* Every 1000th client is bad: its warning, logged while the rows
	 * are applied, says the loader is at it. */
	put_many(&f, 0, 50000, 4, 1000);
	fx_loader(&f, 0, 0, 0);
	t0 = now_ms();
	ck_assert_int_eq(auth0logout_pg_start(f.pg), AUTH0LOGOUT_OK);
	snprintf(line, sizeof line, "warning: tenant \"%s\": client \"c",
	         f.tenant);
	AWAIT(took, 60000, log_has(&f, line));
	ck_assert_msg(took >= 0, "no bad row reported: %s", f.log.text);
	ck_assert_int_eq(health(&f).loaded, 0);
	took = now_ms();
	auth0logout_pg_free(f.pg);
	f.pg = NULL;
	took = now_ms() - took;
	printf("# r10_4_free_is_prompt_during_full_load: freed in %" PRId64
	       " ms, %" PRId64 " ms into a full load of 50000 clients"
	       " (%d of its bad rows reported by then)\n",
	       took, now_ms() - took - t0, log_count(&f, line));
	fflush(stdout);
	ck_assert_msg(took < 1000, "auth0logout_pg_free took %" PRId64 " ms",
	              took);
	/* Abandoned: nothing published. */
	ck_assert_uint_eq(auth0logout_swapstore_version(f.ss), 0);
	assert_server_error(&f, "c1", "https://c1.example/path/1");
	fx_free(&f);
}
END_TEST

/* ---- R10.4: the change numbers go back ---------------------------------- */

/* The sequence set back (as by a failover to a replica that lagged, a
 * restore, a setval): a change numbered below the last one applied still
 * shows, by a full reload, with a warning. */
START_TEST(r10_4_sequence_went_back_reloads)
{
	struct fx f;
	int64_t took, now;
	uint64_t before;
	char line[512];

	fx_init(&f, "seqback");
	seed(&f);
	fx_running(&f, 60000, 0, 0);
	before = health(&f).change_seq;
	ck_assert_uint_gt(before, 2);
	sql(f.db, "SELECT setval('auth0logout_change_seq', 1)", 0);
	/* Numbered 3 (the upsert's insert took 2). */
	put_client(&f, "app1", "[\"" APP1_NEW "\"]");
	now = sql_int(f.db, "SELECT last_value FROM auth0logout_change_seq", 0);
	ck_assert_int_lt(now, (int64_t)before);
	ck_assert_int_eq(sql_int(f.db,
	                         "SELECT change_seq FROM auth0logout_clients"
	                         " WHERE tenant_id = $1 AND client_id = 'app1'",
	                         1, f.tenant),
	                 now);
	AWAIT(took, SHOW_MS, redirects(&f, "app1", APP1_NEW));
	ck_assert_msg(took >= 0, "the change did not show: %s", f.log.text);
	snprintf(line, sizeof line,
	         "warning: tenant \"%s\": the change sequence went back from"
	         " %" PRIu64 " to %" PRId64 ": reloading in full",
	         f.tenant, before, now);
	ck_assert_msg(log_has(&f, line), "%s", f.log.text);
	ck_assert(redirects(&f, "app2", APP2_BYE));
	ck_assert(redirects(&f, NULL, TENANT_OK));
	ck_assert_uint_eq(health(&f).clients, 2);

	/* The sequence past every number again: plain catch-ups, no more
	 * warnings. */
	sql(f.db,
	    "SELECT setval('auth0logout_change_seq', greatest("
	    "(SELECT max(change_seq) FROM auth0logout_tenants),"
	    " (SELECT max(change_seq) FROM auth0logout_clients),"
	    " (SELECT max(change_seq) FROM auth0logout_deleted_clients)))",
	    0);
	put_client(&f, "app2", "[\"https://app2.example/again\"]");
	AWAIT(took, SHOW_MS,
	      redirects(&f, "app2", "https://app2.example/again"));
	ck_assert_int_ge(took, 0);
	ck_assert_uint_eq(health(&f).change_seq, db_seq(&f));
	ck_assert_int_eq(log_count(&f, "went back"), 1);
	fx_free(&f);
}
END_TEST

/* The rows went back (a restore to before the last change applied: a
 * delete lost), the sequence did not: the tenant's rows are all numbered
 * below what the loader applied, and it reloads. */
START_TEST(r10_4_rows_went_back_reloads)
{
	struct fx f;
	int64_t took;
	char seq[24];

	fx_init(&f, "rowsback");
	seed(&f);
	/* The restore sends no notification: a ping finds it. */
	fx_running(&f, 50, 0, 0);
	snprintf(seq, sizeof seq, "%" PRId64,
	         sql_int(f.db,
	                 "SELECT change_seq FROM auth0logout_clients"
	                 " WHERE tenant_id = $1 AND client_id = 'app2'",
	                 1, f.tenant));
	del_client(&f, "app2");
	AWAIT(took, SHOW_MS,
	      decides(&f, "app2", APP2_BYE, AUTH0LOGOUT_E_UNKNOWN_CLIENT));
	ck_assert_int_ge(took, 0);
	/* Back to before the delete, triggers off as in a restore. */
	sql(f.db, "SET session_replication_role = replica", 0);
	sql(f.db,
	    "INSERT INTO auth0logout_clients"
	    " (tenant_id, client_id, client, change_seq) VALUES ($1, 'app2',"
	    " $2::jsonb, $3::bigint)",
	    3, f.tenant,
	    "{\"client_id\":\"app2\",\"allowed_logout_urls\":"
	    "[\"" APP2_BYE "\"]}",
	    seq);
	sql(f.db,
	    "DELETE FROM auth0logout_deleted_clients WHERE tenant_id = $1", 1,
	    f.tenant);
	sql(f.db, "RESET session_replication_role", 0);
	AWAIT(took, SOON_MS, redirects(&f, "app2", APP2_BYE));
	ck_assert_msg(took >= 0, "the restored row did not show: %s",
	              f.log.text);
	ck_assert(log_has(&f, "the change sequence went back from"));
	ck_assert_uint_eq(health(&f).change_seq, db_seq(&f));
	ck_assert_uint_eq(health(&f).clients, 2);
	/* Once reloaded, plain catch-ups again. */
	sleep_ms(200);
	ck_assert_int_eq(log_count(&f, "went back"), 1);
	fx_free(&f);
}
END_TEST

/* ---- R10.3: the triggers and the encoding ------------------------------- */

/* The trigger functions find the tables and the sequence whatever the
 * writer's search_path (SET search_path FROM CURRENT). */
START_TEST(r10_3_triggers_ignore_search_path)
{
	struct fx f;
	PGresult *r;
	char schema[256], q[1024];
	int64_t took;

	fx_init(&f, "path");
	seed(&f);
	fx_running(&f, 60000, 0, 0);
	r = PQexec(f.db, "SELECT quote_ident(current_schema())");
	ck_assert_int_eq(PQresultStatus(r), PGRES_TUPLES_OK);
	snprintf(schema, sizeof schema, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);

	sql(f.db, "SET search_path = pg_catalog", 0);
	snprintf(q, sizeof q,
	         "INSERT INTO %s.auth0logout_clients (tenant_id, client_id,"
	         " client) VALUES ($1, 'app5', $2::jsonb)",
	         schema);
	sql(f.db, q, 2, f.tenant,
	    "{\"client_id\":\"app5\",\"allowed_logout_urls\":"
	    "[\"https://app5.example/\"]}");
	snprintf(q, sizeof q,
	         "UPDATE %s.auth0logout_tenants SET settings = $2::jsonb"
	         " WHERE id = $1",
	         schema);
	sql(f.db, q, 2, f.tenant,
	    "{\"allowed_logout_urls\":[\"https://tenant.example/path\"]}");
	snprintf(q, sizeof q,
	         "DELETE FROM %s.auth0logout_clients WHERE tenant_id = $1"
	         " AND client_id = 'app2'",
	         schema);
	sql(f.db, q, 1, f.tenant);
	sql(f.db, "RESET search_path", 0);

	AWAIT(took, SHOW_MS,
	      redirects(&f, "app5", "https://app5.example/") &&
	          redirects(&f, NULL, "https://tenant.example/path") &&
	          decides(&f, "app2", APP2_BYE, AUTH0LOGOUT_E_UNKNOWN_CLIENT));
	ck_assert_int_ge(took, 0);
	ck_assert_uint_eq(health(&f).change_seq, db_seq(&f));
	ck_assert_int_gt(sql_int(f.db,
	                         "SELECT change_seq FROM auth0logout_clients"
	                         " WHERE tenant_id = $1 AND client_id = 'app5'",
	                         1, f.tenant),
	                 0);
	fx_free(&f);
}
END_TEST

#define CAFE "Caf\xc3\xa9" /* UTF-8 */

/* client_encoding is UTF8 whatever the environment says: a client named
 * "Café" reads as the JSON it is (LATIN1 would make it invalid UTF-8) and
 * an import writes it as it is (LATIN1 would make it "CafÃ©"). */
START_TEST(r10_3_client_encoding_is_utf8)
{
	struct fx f;
	auth0logout_config *cfg;
	char err[512], err2[512];
	auth0logout_status st, st2;

	fx_init(&f, "encoding");
	put_tenant(&f, "[\"" TENANT_OK "\"]");
	sql(f.db,
	    "INSERT INTO auth0logout_clients (tenant_id, client_id, client)"
	    " VALUES ($1, 'cafe', $2::jsonb)",
	    2, f.tenant,
	    "{\"client_id\":\"cafe\",\"name\":\"" CAFE "\","
	    "\"allowed_logout_urls\":[\"https://cafe.example/\"]}");
	fx_loader(&f, 0, 0, 0);
	cfg = read_cfg("{\"tenant\":{\"allowed_logout_urls\":"
	               "[\"" TENANT_OK "\"]},\"clients\":["
	               "{\"client_id\":\"cafe\",\"name\":\"" CAFE "\","
	               "\"allowed_logout_urls\":[\"https://cafe.example/\"]},"
	               "{\"client_id\":\"cafe2\",\"name\":\"" CAFE " 2\","
	               "\"allowed_logout_urls\":"
	               "[\"https://cafe2.example/\"]}]}",
	               AUTH0LOGOUT_CONFIG_KEEP_OBJECTS);

	setenv("PGCLIENTENCODING", "LATIN1", 1);
	st = auth0logout_pg_load(f.pg, err, sizeof err);
	st2 =
	    auth0logout_pg_import(conninfo(), f.tenant, cfg, err2, sizeof err2);
	unsetenv("PGCLIENTENCODING");
	auth0logout_config_free(cfg);

	ck_assert_msg(st == AUTH0LOGOUT_OK, "load: %s: %s", tu_name(st), err);
	ck_assert_msg(redirects(&f, "cafe", "https://cafe.example/"), "%s; %s",
	              tu_name(decide(&f, "cafe", "https://cafe.example/")),
	              health(&f).last_error);
	ck_assert_uint_eq(health(&f).bad_rows, 0);
	ck_assert_msg(st2 == AUTH0LOGOUT_OK, "import: %s: %s", tu_name(st2),
	              err2);
	ck_assert_int_eq(sql_int(f.db,
	                         "SELECT count(*) FROM auth0logout_clients"
	                         " WHERE tenant_id = $1 AND client->>'name'"
	                         " IN ($2, $2 || ' 2')",
	                         2, f.tenant, CAFE),
	                 2);
	fx_free(&f);
}
END_TEST

/* ---- connection strings ------------------------------------------------- */

/* libpq's message about a connection string it cannot parse quotes it,
 * password included: _new refuses the string, _import says only that it
 * is not valid, and nothing ever shows libpq's words. */
START_TEST(r10_4_bad_conninfo_is_never_shown)
{
	static const char *const bad[] = {
	    "postgresql://app:Hunter%zz2@127.0.0.1:1/db",
	    "postgresql://app:Hunter2@[::1/db",
	    "host=127.0.0.1 user=app password='Hunter2",
	    "host=127.0.0.1 password=Hunter2 bogus=1",
	};
	auth0logout_swapstore *ss = auth0logout_swapstore_new();
	auth0logout_config *cfg;
	auth0logout_pg_options o;
	PQconninfoOption *opts;
	auth0logout_pg *pg;
	char err[512], *msg = NULL;
	size_t i;

	/* What libpq would have said. */
	opts = PQconninfoParse(bad[0], &msg);
	ck_assert_ptr_null(opts);
	ck_assert_msg(msg != NULL && strstr(msg, "Hunter%zz2") != NULL, "%s",
	              msg != NULL ? msg : "(null)");
	PQfreemem(msg);

	cfg = read_cfg(IMPORT_CFG, AUTH0LOGOUT_CONFIG_KEEP_OBJECTS);
	memset(&o, 0, sizeof o);
	o.tenant = "t";
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		o.conninfo = bad[i];
		pg = (auth0logout_pg *)1;
		ck_assert_int_eq(auth0logout_pg_new(&o, ss, &pg),
		                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
		ck_assert_ptr_null(pg);
		ck_assert_int_eq(
		    auth0logout_pg_import(bad[i], "t", cfg, err, sizeof err),
		    AUTH0LOGOUT_E_INVALID_ARGUMENT);
		ck_assert_msg(strstr(err, "Hunter") == NULL, "%s", err);
		ck_assert_str_eq(err, "the connection string is not valid");
	}
	auth0logout_config_free(cfg);

	/* A database name is not a connection string: not parsed, as
	 * libpq's expand_dbname does not. */
	o.conninfo = "a0l_no_such_database";
	ck_assert_int_eq(auth0logout_pg_new(&o, ss, &pg), AUTH0LOGOUT_OK);
	auth0logout_pg_free(pg);
	auth0logout_swapstore_free(ss);
}
END_TEST

/* The connection breaks during the COMMIT of an import (the backend dies
 * in a deferred trigger): its outcome is unknown, and err says so rather
 * than that nothing was written. */
START_TEST(r10_3_import_commit_lost_is_unknown)
{
	struct fx f;
	auth0logout_config *cfg;
	char err[512], q[512];
	auth0logout_status st;

	fx_init(&f, "commitlost");
	sql(f.db,
	    "CREATE OR REPLACE FUNCTION a0l_test_die() RETURNS trigger"
	    " LANGUAGE plpgsql AS $$ BEGIN"
	    " PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL;"
	    " END $$",
	    0);
	snprintf(q, sizeof q,
	         "CREATE CONSTRAINT TRIGGER a0l_test_die AFTER INSERT ON"
	         " auth0logout_clients DEFERRABLE INITIALLY DEFERRED"
	         " FOR EACH ROW WHEN (NEW.tenant_id = '%s')"
	         " EXECUTE FUNCTION a0l_test_die()",
	         f.tenant);
	sql(f.db, q, 0);
	cfg = read_cfg(IMPORT_CFG, AUTH0LOGOUT_CONFIG_KEEP_OBJECTS);
	st = auth0logout_pg_import(conninfo(), f.tenant, cfg, err, sizeof err);
	auth0logout_config_free(cfg);
	sql(f.db, "DROP TRIGGER a0l_test_die ON auth0logout_clients", 0);
	sql(f.db, "DROP FUNCTION a0l_test_die()", 0);
	ck_assert_int_eq(st, AUTH0LOGOUT_E_STORE_FAILED);
	ck_assert_msg(strstr(err, "the commit's outcome is unknown: check the"
	                          " tables") != NULL &&
	                  strstr(err, f.tenant) != NULL,
	              "%s", err);
	fx_free(&f);
}
END_TEST

START_TEST(r10_4_api_arguments)
{
	auth0logout_pg_options o;
	auth0logout_swapstore *ss = auth0logout_swapstore_new();
	auth0logout_pg *pg = (auth0logout_pg *)1;
	auth0logout_pg_health h;
	char err[64];

	memset(&o, 0, sizeof o);
	ck_assert_int_eq(auth0logout_pg_new(&o, ss, &pg),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_ptr_null(pg);
	o.conninfo = "postgresql:///x?host=/nonexistent-a0l-dir";
	o.tenant = "t";
	ck_assert_int_eq(auth0logout_pg_new(NULL, ss, &pg),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_pg_new(&o, NULL, &pg),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	o.reserved[0] = &o;
	ck_assert_int_eq(auth0logout_pg_new(&o, ss, &pg),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	o.reserved[0] = NULL;
	ck_assert_int_eq(auth0logout_pg_new(&o, ss, &pg), AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_pg_start(pg), AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_pg_start(pg),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_pg_load(pg, err, sizeof err),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	auth0logout_pg_free(pg);
	auth0logout_pg_free(NULL);
	auth0logout_pg_health_get(NULL, &h);
	ck_assert_int_eq(h.loaded, 0);
	ck_assert_int_eq(h.age_ms, -1);
	ck_assert_uint_eq(auth0logout_pg_health_json(NULL, err, sizeof err), 0);
	ck_assert_int_eq(
	    auth0logout_pg_import(NULL, "t", NULL, err, sizeof err),
	    AUTH0LOGOUT_E_INVALID_ARGUMENT);
	auth0logout_swapstore_free(ss);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pg_loader");
	TCase *tc = tcase_create("pg_loader");

	tcase_add_test(tc, r10_3_full_load);
	tcase_add_test(tc, r10_3_triggers);
	tcase_add_test(tc, r10_4_fail_closed_before_first_load);
	tcase_add_test(tc, r10_4_no_tenant_row_fails_load);
	tcase_add_test(tc, r10_4_change_shows);
	tcase_add_test(tc, r10_4_delete_shows);
	tcase_add_test(tc, r10_4_rollback_changes_nothing);
	tcase_add_test(tc, r10_4_reconnect_catches_up);
	tcase_add_test(tc, r10_4_hung_server_times_out);
	tcase_add_test(tc, r10_4_unreachable_keeps_last_snapshot);
	tcase_add_test(tc, r10_4_free_is_prompt_when_server_hangs);
	tcase_add_test(tc, r10_4_tenant_deleted);
	tcase_add_test(tc, r10_5_bad_row_keeps_last_good);
	tcase_add_test(tc, r10_5_new_bad_client_is_server_error);
	tcase_add_test(tc, r10_5_bad_row_at_first_load);
	tcase_add_test(tc, r10_5_bad_tenant_row);
	tcase_add_test(tc, r10_4_health_json);
	tcase_add_test(tc, r10_4_health_json_escapes);
	tcase_add_test(tc, r10_3_import_replaces_tenant);
	tcase_add_test(tc, r10_3_import_creates_tenant);
	tcase_add_test(tc, r10_3_import_refuses_bad_config);
	tcase_add_test(tc, r10_4_api_arguments);
	tcase_add_test(tc, r10_4_bad_conninfo_is_never_shown);
	tcase_add_test(tc, r10_3_client_encoding_is_utf8);
	tcase_add_test(tc, r10_3_triggers_ignore_search_path);
	tcase_add_test(tc, r10_3_import_commit_lost_is_unknown);
	tcase_add_test(tc, r10_4_sequence_went_back_reloads);
	tcase_add_test(tc, r10_4_rows_went_back_reloads);
	tcase_add_test(tc, r10_4_timeout_is_idle_big_tenant_loads);
	tcase_add_test(tc, r10_4_free_is_prompt_during_full_load);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
