/* SPDX-License-Identifier: MIT */
/*
 * mod_auth0logout - Auth0's logout endpoints (/v2/logout, /oidc/logout)
 * as an Apache httpd 2.4 module.
 *
 *   LoadModule auth0logout_module modules/mod_auth0logout.so
 *   <LocationMatch "^/v2/logout$">
 *       SetHandler auth0logout-v2
 *       Auth0LogoutDefine DOMAIN example.com     # ##DOMAIN## (optional)
 *       Auth0LogoutConfig /etc/auth0logout/tenant.json
 *       Auth0LogoutCookie a0session              # optional
 *       Auth0LogoutHints Off                     # optional (R9.3)
 *   </LocationMatch>
 *   <LocationMatch
 * "^/(oidc/logout(/confirm)?|\.well-known/(openid-configuration|jwks\.json))$">
 *       SetHandler auth0logout-oidc
 *       Auth0LogoutConfig /etc/auth0logout/tenant.json
 *       Auth0LogoutSidCookie a0sid               # optional (R8.7)
 *   </LocationMatch>
 *
 * Directives (server config, virtual host, <Location>/<Directory>; never
 * .htaccess):
 *
 *   Auth0LogoutConfig FILE     the config (include/auth0logout/config.h):
 *                              JSON, an auth0-deploy-cli YAML export or
 *                              directory.  Read and built while Apache
 *                              reads its configuration: a file that does
 *                              not load is a syntax error of the Apache
 *                              config (file, client and entry), so
 *                              `apache2 -t`, start and `apachectl
 *                              graceful` (which runs -t first) refuse it
 *   Auth0LogoutDefine KEY VALUE
 *                              the value of placeholder ##KEY## (as the
 *                              CLI's --define); before Auth0LogoutConfig
 *                              in the same section
 *   Auth0LogoutClientIdFrom name
 *                              key clients without client_id by name;
 *                              before Auth0LogoutConfig
 *   Auth0LogoutCookie NAME     the session cookie cleared on logout
 *                              (default a0session)
 *   Auth0LogoutSidCookie NAME  the cookie with the browser session's sid
 *   Auth0LogoutHints On|Off    show hints on error pages (default Off)
 *   Auth0LogoutStore CONNINFO  instead of Auth0LogoutConfig: the lists
 *   Auth0LogoutTenant ID       of tenant ID live in PostgreSQL
 *                              (auth0logout/pg.h, R10); CONNINFO is a
 *                              libpq connection string or URI.  Both in
 *                              one section, never with Auth0LogoutConfig,
 *                              Auth0LogoutDefine or Auth0LogoutClientIdFrom
 *                              in the same section; `apache2 -t` checks
 *                              them without connecting (libpq's own parse
 *                              of the connection string)
 *
 * With Auth0LogoutStore each child process runs one loader thread per
 * distinct (connection string, tenant) of the configuration, started in
 * child_init (never in the parent: a thread does not survive a fork) and
 * stopped by a cleanup of the child's pool.  It loads the tenant,
 * publishes, then follows the changes the database announces.  Each
 * worker thread decides through a swap store reader of its own, made on
 * its first request and freed when the child exits, so a decision never
 * waits for the database or for another thread.  A new child takes
 * connections once its loaders have loaded or failed their first attempt
 * (5 s at most; a graceful restart thus answers from the database at
 * once).  Until the first load every logout request fails closed
 * (server_error, 500; R10.4), even one that needs no list.  While the
 * database is away each child serves its last snapshot; a child started
 * then has none and fails closed.  Each child holds one connection per
 * source and makes one full load at its start: every child (under prefork
 * one per MaxRequestWorkers) and every respawn (MaxConnectionsPerChild, a
 * graceful restart) counts against max_connections and loads.  The store
 * holds the lists only: auth0logout-oidc has the settings of a config
 * without an "oidc" object, as auth0logout-server --store has them (no
 * issuer: an id_token_hint is invalid; no discovery or JWKS: 404).
 *
 * Handlers: auth0logout-v2 decides every request it is given as
 * /v2/logout (GET, HEAD); auth0logout-oidc routes by the end of the path:
 * .../oidc/logout (GET, POST), .../oidc/logout/confirm (POST), the
 * discovery document and the JWKS (GET, HEAD), else 404.
 * auth0logout-health, in a section with Auth0LogoutStore, answers the
 * child's loader as JSON (auth0logout_pg_health_json): 200 once loaded,
 * 503 before (GET, HEAD).
 *
 * The store's lifetime.  Apache reads its configuration twice at start-up
 * and once more on every restart, each time into a fresh configuration
 * pool (pconf) after clearing the previous one.  Each Auth0LogoutConfig
 * builds its store in that pool's lifetime and registers a cleanup on it,
 * so the first start-up pass's stores are freed before the second pass
 * builds its own, and a graceful restart frees the old generation once the
 * parent moves to the new one; old children keep serving their in-flight
 * requests on their own (forked) copy.  post_config only reports what was
 * loaded.
 *
 * Buffers: one set per thread (the 64 KiB decide buffer, the 96 KiB
 * /oidc/logout buffer, room for a POST body, a confirmation and a
 * target), allocated on a thread's first request and freed when the
 * thread exits (a pthread key destructor); never per request.  Under the
 * event MPM a request runs on one worker thread from the handler's start
 * to its end, so a thread's buffers are never shared.
 *
 * Responses come from adapters/common/response.c (R9), so for the same
 * decision the module sends the status, headers and body that
 * auth0logout-server sends.  What R9.8 logs is left in the request's
 * notes for mod_log_config: %{auth0logout-outcome}n, %{auth0logout-list}n
 * and %{auth0logout-client-id}n; log %U (the path), never %r or %q, so
 * that no state, id_token_hint or returnTo reaches the log.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "httpd.h"
#include "apr_strings.h"
#include "apr_tables.h"
#include "ap_config.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"

#include "../common/consent.h"
#include "../common/response.h"
#include "auth0logout.h"
#include "auth0logout/config.h"
#include "auth0logout/pg.h"

module AP_MODULE_DECLARE_DATA auth0logout_module;

#define MAX_TARGET (17u * 1024u)
#define MAX_BODY   A0L_CONSENT_BODY_MAX
#define MAX_PATH   4096u
/* The health page's JSON (auth0logout_pg_health_json wants >= 1024). */
#define HEALTH_JSON 2048u
/* How long a new child waits for its stores' first load. */
#define FIRST_LOAD_MS 5000u

struct source;

/* One Auth0LogoutConfig, built: the store and the /oidc/logout settings
 * from one reading of the file; or one Auth0LogoutStore (src set), whose
 * store is each thread's reader. */
struct loaded {
	const char *path;
	auth0logout_memstore *ms;
	auth0logout_store store;
	auth0logout_config_oidc *oidc;
	auth0logout_verifier verifier;
	auth0logout_oidc_env env;
	struct source *src; /* Auth0LogoutStore; NULL for a file */
};

/* One Auth0LogoutStore with its tenant, shared by the sections that name
 * the same pair.  Made in the configuration pool; in a child (child_init)
 * its swap store and the loader feeding it. */
struct source {
	struct loaded loaded;
	const char *conninfo;
	const char *tenant;
	int index; /* in each thread's readers */
	server_rec *s;
	auth0logout_swapstore *ss;
	auth0logout_pg *pg;
	struct source *next;
};

struct dir_cfg {
	struct loaded *loaded;       /* NULL: not configured here */
	apr_array_header_t *defines; /* "KEY=VALUE" (const char *) */
	int client_id_from_name;     /* -1 unset */
	const char *cookie;          /* NULL: unset */
	const char *sid_cookie;      /* NULL: unset */
	int hints;                   /* -1 unset */
	/* This section's own Auth0LogoutStore and Auth0LogoutTenant (never
	 * merged: together they make loaded), and where they stand. */
	const char *store;
	const char *tenant;
	const char *where;
	struct dir_cfg *next_store; /* the sections with either */
};

/* How many stores were built in this reading of the config. */
static int n_loaded;
/* This reading's stores (Auth0LogoutStore and Auth0LogoutTenant pairs),
 * and the sections that name either, for check_config. */
static struct source *sources;
static int n_sources;
static struct dir_cfg *store_sections;

/* ---- per-thread buffers ------------------------------------------------ */

struct thread_buf {
	char buf[AUTH0LOGOUT_DECIDE_BUFFER_SIZE];
	char oidc_buf[AUTH0LOGOUT_OIDC_BUFFER_SIZE];
	char body[MAX_BODY + 1];
	char scratch[MAX_BODY + 1];
	char target[AUTH0LOGOUT_MAX_QUERY + 3]; /* "/?" and a confirmed query */
};

static pthread_key_t buf_key;
static pthread_once_t buf_once = PTHREAD_ONCE_INIT;
static int buf_key_ok;

static void make_buf_key(void)
{
	/* free() itself is the destructor: it stays valid even if this
	 * module is unloaded and loaded again. */
	buf_key_ok = pthread_key_create(&buf_key, free) == 0;
}

static struct thread_buf *thread_buf(void)
{
	struct thread_buf *t;

	pthread_once(&buf_once, make_buf_key);
	if (!buf_key_ok)
		return NULL;
	t = pthread_getspecific(buf_key);
	if (t == NULL) {
		t = malloc(sizeof(*t));
		if (t != NULL && pthread_setspecific(buf_key, t) != 0) {
			free(t);
			t = NULL;
		}
	}
	return t;
}

/* ---- per-thread readers (Auth0LogoutStore) ----------------------------- */

/* A worker thread's readers of the child's swap stores, one per source,
 * each made on the thread's first request through it.  Every set is on
 * the child's list and freed when the child exits, after its threads have
 * stopped (a reader must not be freed in a decision; a thread-key
 * destructor would run in the middle of the MPM's shutdown).  my_gen
 * tells a set of an earlier child_init (a one-process restart runs in the
 * same thread, and child_exit has freed that set: my_readers then points
 * to freed memory and is never read) from the current one. */
struct readers {
	struct readers *next;
	int n;
	auth0logout_swapstore_reader *r[];
};

static _Thread_local struct readers *my_readers;
static _Thread_local unsigned long my_gen; /* child_gen of my_readers */
static pthread_mutex_t readers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct readers *all_readers;
/* Set by child_init and the child's cleanup, while no worker thread
 * runs. */
static unsigned long child_gen;

/* The calling thread's store interface for src; -1 when src has no swap
 * store (its loader did not start) or out of memory. */
static int thread_store(const struct source *src, auth0logout_store *out)
{
	struct readers *t;

	if (src->ss == NULL)
		return -1;
	/* Compared before my_readers is looked at: a set of an earlier
	 * child_init is freed. */
	if (my_readers == NULL || my_gen != child_gen) {
		my_readers = NULL;
		t = calloc(1, sizeof(*t) + (size_t)n_sources * sizeof(t->r[0]));
		if (t == NULL)
			return -1;
		t->n = n_sources;
		pthread_mutex_lock(&readers_lock);
		t->next = all_readers;
		all_readers = t;
		pthread_mutex_unlock(&readers_lock);
		my_readers = t;
		my_gen = child_gen;
	}
	t = my_readers;
	if (src->index >= t->n)
		return -1;
	if (t->r[src->index] == NULL) {
		t->r[src->index] = auth0logout_swapstore_reader_new(src->ss);
		if (t->r[src->index] == NULL)
			return -1;
	}
	auth0logout_swapstore_reader_store(t->r[src->index], out);
	return 0;
}

/* ---- configuration ----------------------------------------------------- */

static void *create_dir_cfg(apr_pool_t *p, char *dir)
{
	struct dir_cfg *c = apr_pcalloc(p, sizeof(*c));

	(void)dir;
	c->defines = apr_array_make(p, 4, sizeof(const char *));
	c->client_id_from_name = -1;
	c->hints = -1;
	return c;
}

static void *merge_dir_cfg(apr_pool_t *p, void *base_, void *add_)
{
	struct dir_cfg *base = base_, *add = add_;
	struct dir_cfg *c = apr_pcalloc(p, sizeof(*c));

	c->loaded = add->loaded != NULL ? add->loaded : base->loaded;
	c->defines = add->defines;
	c->client_id_from_name = add->client_id_from_name != -1
	                             ? add->client_id_from_name
	                             : base->client_id_from_name;
	c->cookie = add->cookie != NULL ? add->cookie : base->cookie;
	c->sid_cookie =
	    add->sid_cookie != NULL ? add->sid_cookie : base->sid_cookie;
	c->hints = add->hints != -1 ? add->hints : base->hints;
	return c;
}

static apr_status_t loaded_free(void *data)
{
	struct loaded *l = data;

	auth0logout_memstore_free(l->ms);
	auth0logout_config_oidc_free(l->oidc);
	l->ms = NULL;
	l->oidc = NULL;
	return APR_SUCCESS;
}

static const char *set_config(cmd_parms *cmd, void *mconfig, const char *arg)
{
	struct dir_cfg *c = mconfig;
	struct loaded *l;
	auth0logout_config_options opt;
	auth0logout_config_diag diag;
	auth0logout_config *read = NULL;
	const char *path = ap_server_root_relative(cmd->pool, arg);
	const char *key;
	void *shared = NULL;
	auth0logout_status st;

	if (path == NULL)
		return apr_psprintf(cmd->pool, "Auth0LogoutConfig: bad path %s",
		                    arg);
	if (c->store != NULL || c->tenant != NULL)
		return "Auth0LogoutConfig cannot be used with Auth0LogoutStore "
		       "or Auth0LogoutTenant in one section";
	if (c->loaded != NULL)
		return "Auth0LogoutConfig: given twice in one section";
	/* One store per file and options in a reading of the config:
	 * sections that name the same file with the same defines share it.
	 * The key lives in the configuration pool's user data, cleared with
	 * the pool. */
	key = apr_psprintf(cmd->pool, "auth0logout-store\n%s\n%d", path,
	                   c->client_id_from_name == 1);
	for (int i = 0; i < c->defines->nelts; i++)
		key = apr_pstrcat(cmd->pool, key, "\n",
		                  ((const char **)c->defines->elts)[i], NULL);
	if (apr_pool_userdata_get(&shared, key, cmd->pool) == APR_SUCCESS &&
	    shared != NULL) {
		c->loaded = shared;
		return NULL;
	}
	l = apr_pcalloc(cmd->pool, sizeof(*l));
	l->path = path;
	memset(&opt, 0, sizeof(opt));
	opt.defines = (const char *const *)(void *)c->defines->elts;
	opt.n_defines = (size_t)c->defines->nelts;
	if (c->client_id_from_name == 1)
		opt.flags |= AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME;
	memset(&diag, 0, sizeof(diag));
	if (auth0logout_config_read_file(path, strlen(path), &opt, &read,
	                                 &diag) != AUTH0LOGOUT_OK ||
	    auth0logout_config_build(read, &l->ms, &diag) != AUTH0LOGOUT_OK ||
	    auth0logout_config_oidc_new(read, &l->oidc, &diag) !=
	        AUTH0LOGOUT_OK) {
		auth0logout_config_free(read);
		loaded_free(l);
		/* diag.text starts with the file, then the client and
		 * the entry at fault. */
		return apr_psprintf(cmd->pool, "Auth0LogoutConfig: %s",
		                    diag.text);
	}
	auth0logout_config_free(read);
	st = auth0logout_memstore_get(l->ms, &l->store);
	if (st != AUTH0LOGOUT_OK) {
		loaded_free(l);
		return apr_psprintf(cmd->pool,
		                    "Auth0LogoutConfig: %s did not load: %s",
		                    path, auth0logout_status_message((int)st));
	}
	auth0logout_config_oidc_verifier(l->oidc, &l->verifier);
	auth0logout_config_oidc_env(l->oidc, &l->verifier, &l->env);
	/* Freed with the configuration pool: at the next reading of the
	 * configuration (start-up's second pass, a restart) or at exit. */
	apr_pool_cleanup_register(cmd->pool, l, loaded_free,
	                          apr_pool_cleanup_null);
	apr_pool_userdata_set(l, key, NULL, cmd->pool);
	c->loaded = l;
	n_loaded++;
	return NULL;
}

static const char *set_define(cmd_parms *cmd, void *mconfig, const char *key,
                              const char *value)
{
	struct dir_cfg *c = mconfig;
	const char *def = apr_pstrcat(cmd->pool, key, "=", value, NULL);

	if (c->store != NULL || c->tenant != NULL)
		return "Auth0LogoutDefine is for Auth0LogoutConfig: "
		       "Auth0LogoutStore takes the clients as stored";
	if (c->loaded != NULL)
		return "Auth0LogoutDefine must come before Auth0LogoutConfig "
		       "in its section";
	if (auth0logout_config_define_check(def, strlen(def)) != AUTH0LOGOUT_OK)
		return apr_psprintf(
		    cmd->pool,
		    "Auth0LogoutDefine: %s is not a placeholder "
		    "name (A-Z a-z 0-9 _)",
		    key);
	*(const char **)apr_array_push(c->defines) = def;
	return NULL;
}

static const char *set_client_id_from(cmd_parms *cmd, void *mconfig,
                                      const char *arg)
{
	struct dir_cfg *c = mconfig;

	(void)cmd;
	if (c->store != NULL || c->tenant != NULL)
		return "Auth0LogoutClientIdFrom is for Auth0LogoutConfig: "
		       "Auth0LogoutStore takes the clients as stored";
	if (c->loaded != NULL)
		return "Auth0LogoutClientIdFrom must come before "
		       "Auth0LogoutConfig in its section";
	if (strcmp(arg, "name") != 0)
		return "Auth0LogoutClientIdFrom: the only value is \"name\"";
	c->client_id_from_name = 1;
	return NULL;
}

/* The section's Auth0LogoutStore or Auth0LogoutTenant, noted: once it has
 * both, its source (one per pair in this reading of the config).
 * check_config refuses a section left with one of the two. */
static const char *store_section(cmd_parms *cmd, struct dir_cfg *c)
{
	struct source *src;
	auth0logout_config_diag diag;

	if (c->where == NULL) {
		c->where = cmd->directive != NULL
		               ? apr_psprintf(cmd->pool, "%s:%d",
		                              cmd->directive->filename,
		                              cmd->directive->line_num)
		               : "(unknown)";
		c->next_store = store_sections;
		store_sections = c;
	}
	if (c->store == NULL || c->tenant == NULL)
		return NULL;
	for (src = sources; src != NULL; src = src->next)
		if (strcmp(src->conninfo, c->store) == 0 &&
		    strcmp(src->tenant, c->tenant) == 0) {
			c->loaded = &src->loaded;
			return NULL;
		}
	src = apr_pcalloc(cmd->pool, sizeof(*src));
	/* The store holds the lists only: the /oidc/logout settings are
	 * those of a config without an "oidc" object, as auth0logout-server
	 * --store has them (no issuer: every id_token_hint is invalid, no
	 * discovery). */
	memset(&diag, 0, sizeof(diag));
	if (auth0logout_config_oidc_new_empty(&src->loaded.oidc, &diag) !=
	    AUTH0LOGOUT_OK) {
		return apr_psprintf(cmd->pool, "Auth0LogoutStore: %s",
		                    diag.text);
	}
	auth0logout_config_oidc_verifier(src->loaded.oidc,
	                                 &src->loaded.verifier);
	auth0logout_config_oidc_env(src->loaded.oidc, &src->loaded.verifier,
	                            &src->loaded.env);
	/* Freed with the configuration pool, as a file's. */
	apr_pool_cleanup_register(cmd->pool, &src->loaded, loaded_free,
	                          apr_pool_cleanup_null);
	src->loaded.path = "(store)";
	src->loaded.src = src;
	src->conninfo = c->store;
	src->tenant = c->tenant;
	src->index = n_sources++;
	src->next = sources;
	sources = src;
	c->loaded = &src->loaded;
	return NULL;
}

/* Auth0LogoutStore: checked as libpq will read it (PQconninfoParse, no
 * connection); the database is only reached from the children. */
static const char *set_store(cmd_parms *cmd, void *mconfig, const char *arg)
{
	struct dir_cfg *c = mconfig;
	PQconninfoOption *opts;
	char *err = NULL;

	if (c->store != NULL)
		return "Auth0LogoutStore: given twice in one section";
	if (c->loaded != NULL && c->loaded->src == NULL)
		return "Auth0LogoutStore cannot be used with Auth0LogoutConfig "
		       "in one section";
	if (c->defines->nelts > 0 || c->client_id_from_name != -1)
		return "Auth0LogoutStore takes the clients as stored: "
		       "Auth0LogoutDefine and Auth0LogoutClientIdFrom are for "
		       "Auth0LogoutConfig only";
	if (arg[0] == '\0')
		return "Auth0LogoutStore: needs a PostgreSQL connection string "
		       "or URI";
	opts = PQconninfoParse(arg, &err);
	if (opts == NULL) {
		/* Not libpq's message: it can quote the password. */
		PQfreemem(err);
		return "Auth0LogoutStore: not a valid libpq connection string "
		       "or URI";
	}
	PQconninfoFree(opts);
	c->store = arg;
	return store_section(cmd, c);
}

static const char *set_tenant(cmd_parms *cmd, void *mconfig, const char *arg)
{
	struct dir_cfg *c = mconfig;

	if (c->tenant != NULL)
		return "Auth0LogoutTenant: given twice in one section";
	if (c->loaded != NULL && c->loaded->src == NULL)
		return "Auth0LogoutTenant cannot be used with "
		       "Auth0LogoutConfig "
		       "in one section";
	if (c->defines->nelts > 0 || c->client_id_from_name != -1)
		return "Auth0LogoutTenant takes the clients as stored: "
		       "Auth0LogoutDefine and Auth0LogoutClientIdFrom are for "
		       "Auth0LogoutConfig only";
	if (arg[0] == '\0')
		return "Auth0LogoutTenant: needs a tenant id";
	for (size_t i = 0; arg[i] != '\0'; i++)
		if ((unsigned char)arg[i] < 0x20 || arg[i] == 0x7f)
			return "Auth0LogoutTenant: needs a tenant id without "
			       "control bytes";
	c->tenant = arg;
	return store_section(cmd, c);
}

static const char *set_cookie(cmd_parms *cmd, void *mconfig, const char *arg)
{
	struct dir_cfg *c = mconfig;

	if (!a0l_cookie_name_ok(arg))
		return apr_psprintf(
		    cmd->pool,
		    "%s: \"%s\" is not a cookie name (an RFC 6265 "
		    "token of at most %d bytes)",
		    cmd->cmd->name, arg, A0L_COOKIE_NAME_MAX);
	if (cmd->info != NULL)
		c->sid_cookie = arg;
	else
		c->cookie = arg;
	return NULL;
}

static const char *set_hints(cmd_parms *cmd, void *mconfig, int on)
{
	struct dir_cfg *c = mconfig;

	(void)cmd;
	c->hints = on != 0;
	return NULL;
}

static const command_rec commands[] = {
    AP_INIT_TAKE1("Auth0LogoutConfig", set_config, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "the auth0logout config file (JSON, or an "
                  "auth0-deploy-cli export)"),
    AP_INIT_TAKE2("Auth0LogoutDefine", set_define, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "KEY VALUE: the value of placeholder ##KEY## (before "
                  "Auth0LogoutConfig)"),
    AP_INIT_TAKE1("Auth0LogoutClientIdFrom", set_client_id_from, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "name: key clients without client_id by name"),
    AP_INIT_TAKE1("Auth0LogoutCookie", set_cookie, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "the session cookie cleared on logout (a0session)"),
    AP_INIT_TAKE1("Auth0LogoutSidCookie", set_cookie, (void *)"sid",
                  RSRC_CONF | ACCESS_CONF,
                  "the cookie holding the browser session's sid "
                  "(/oidc/logout consent)"),
    AP_INIT_FLAG("Auth0LogoutHints", set_hints, NULL, RSRC_CONF | ACCESS_CONF,
                 "On: show hints (which quote allow-list entries) on "
                 "error pages"),
    AP_INIT_TAKE1("Auth0LogoutStore", set_store, NULL, RSRC_CONF | ACCESS_CONF,
                  "the allow-lists from PostgreSQL: a libpq connection "
                  "string or URI (with Auth0LogoutTenant)"),
    AP_INIT_TAKE1("Auth0LogoutTenant", set_tenant, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "the tenant served from Auth0LogoutStore"),
    {.name = NULL}};

static int pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp)
{
	(void)pconf;
	(void)plog;
	(void)ptemp;
	n_loaded = 0;
	/* The previous reading's sources were in the cleared pool. */
	sources = NULL;
	n_sources = 0;
	store_sections = NULL;
	return OK;
}

/* A section with Auth0LogoutStore and no Auth0LogoutTenant, or the other
 * way round, is an error of the configuration (`apache2 -t` too). */
static int check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                        server_rec *s)
{
	const struct dir_cfg *c;
	int rc = OK;

	(void)pconf;
	(void)plog;
	(void)ptemp;
	(void)s;
	for (c = store_sections; c != NULL; c = c->next_store) {
		if (c->store != NULL && c->tenant != NULL)
			continue;
		ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_CRIT, 0, NULL,
		             "mod_auth0logout: %s (%s) needs %s in the same "
		             "section",
		             c->store != NULL ? "Auth0LogoutStore"
		                              : "Auth0LogoutTenant",
		             c->where,
		             c->store != NULL ? "an Auth0LogoutTenant"
		                              : "an Auth0LogoutStore");
		rc = HTTP_INTERNAL_SERVER_ERROR;
	}
	return rc;
}

static int post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                       server_rec *s)
{
	(void)pconf;
	(void)plog;
	(void)ptemp;
	ap_log_error(APLOG_MARK, APLOG_INFO, 0, s,
	             "mod_auth0logout %s: %d config(s) loaded",
	             auth0logout_version(), n_loaded);
	if (n_sources > 0)
		ap_log_error(APLOG_MARK, APLOG_INFO, 0, s,
		             "mod_auth0logout: %d PostgreSQL store(s), loaded "
		             "in each child",
		             n_sources);
	return OK;
}

/* ---- the children's loaders (Auth0LogoutStore) ------------------------- */

/* The loader's lines (they name the tenant), from its thread. */
static void pg_log(void *ctx, int level, const char *msg)
{
	const struct source *src = ctx;
	int lv = APLOG_INFO;

	if (level == AUTH0LOGOUT_PG_LOG_ERROR)
		lv = APLOG_ERR;
	else if (level == AUTH0LOGOUT_PG_LOG_WARNING)
		lv = APLOG_WARNING;
	ap_log_error(APLOG_MARK, lv, 0, src->s,
	             "auth0logout: Auth0LogoutStore: %s", msg);
}

/* The child's end (its pool's cleanup, after the MPM has stopped its
 * worker threads): the loaders stop (each waits for its thread), then the
 * threads' readers and the swap stores are freed. */
static apr_status_t child_exit(void *data)
{
	struct source *src;
	struct readers *t, *next;

	(void)data;
	for (src = sources; src != NULL; src = src->next) {
		auth0logout_pg_free(src->pg);
		src->pg = NULL;
	}
	pthread_mutex_lock(&readers_lock);
	for (t = all_readers; t != NULL; t = next) {
		next = t->next;
		for (int i = 0; i < t->n; i++)
			auth0logout_swapstore_reader_free(t->r[i]);
		free(t);
	}
	all_readers = NULL;
	child_gen++;
	pthread_mutex_unlock(&readers_lock);
	for (src = sources; src != NULL; src = src->next) {
		auth0logout_swapstore_free(src->ss);
		src->ss = NULL;
	}
	return APR_SUCCESS;
}

/* Until each loader has loaded or failed its first attempt, at most
 * FIRST_LOAD_MS: the child's threads take no connection before (they wait
 * in the listen queue), so that after a graceful restart the new children
 * answer from the database at once instead of 500 while they load (R9.7).
 * A database that answers makes it milliseconds; one that refuses (or a
 * tenant it lacks) ends the wait at the first attempt, and the child
 * fails closed until a later one succeeds. */
static void first_load_wait(void)
{
	const struct source *src;
	auth0logout_pg_health h;

	for (unsigned waited = 0; waited < FIRST_LOAD_MS; waited += 10) {
		for (src = sources; src != NULL; src = src->next) {
			if (src->pg == NULL)
				continue;
			auth0logout_pg_health_get(src->pg, &h);
			if (!h.loaded && !h.last_sync_failed)
				break;
		}
		if (src == NULL)
			return;
		apr_sleep(apr_time_from_msec(10));
	}
}

/* Each child: a swap store and a loader thread per source.  A loader that
 * does not start leaves its store unpublished, so that its decisions fail
 * closed (500) with the reason in the error log. */
static void child_init(apr_pool_t *pchild, server_rec *s)
{
	struct source *src;

	if (sources == NULL)
		return;
	child_gen++;
	for (src = sources; src != NULL; src = src->next) {
		auth0logout_pg_options opt;
		auth0logout_status st = AUTH0LOGOUT_E_NOMEM;

		src->s = s;
		src->ss = auth0logout_swapstore_new();
		if (src->ss != NULL) {
			memset(&opt, 0, sizeof(opt));
			opt.conninfo = src->conninfo;
			opt.tenant = src->tenant;
			opt.log = pg_log;
			opt.log_ctx = src;
			st = auth0logout_pg_new(&opt, src->ss, &src->pg);
		}
		/* Its thread blocks every signal (they are the MPM's). */
		if (st == AUTH0LOGOUT_OK)
			st = auth0logout_pg_start(src->pg);
		if (st != AUTH0LOGOUT_OK) {
			ap_log_error(APLOG_MARK, APLOG_ALERT, 0, s,
			             "auth0logout: Auth0LogoutStore (tenant "
			             "\"%s\"): the loader did not start (%s); "
			             "every decision is a 500",
			             src->tenant,
			             auth0logout_status_message((int)st));
			auth0logout_pg_free(src->pg);
			src->pg = NULL;
		}
	}
	apr_pool_cleanup_register(pchild, NULL, child_exit,
	                          apr_pool_cleanup_null);
	first_load_wait();
}

/* ---- responses --------------------------------------------------------- */

struct req {
	request_rec *r;
	const struct dir_cfg *c;
	const auth0logout_store *store; /* the config's, or the thread's */
	auth0logout_store thread_store; /* Auth0LogoutStore: the reader's */
	struct a0l_response_config resp;
	int json;
	const char *target;
	size_t target_len;
};

/* Response a as Apache's answer: the status line, the headers in their
 * order, Content-Length, the body (dropped by Apache for HEAD). */
static int send_response(struct req *q, const struct a0l_response *a)
{
	request_rec *r = q->r;

	r->status = a->status;
	r->status_line = apr_pstrdup(r->pool, a->status_line);
	for (size_t i = 0; i < a->n_headers; i++) {
		const char *name = apr_pstrdup(r->pool, a->headers[i].name);
		const char *value = apr_pstrdup(r->pool, a->headers[i].value);

		if (strcasecmp(name, "Content-Type") == 0)
			ap_set_content_type(r, value);
		apr_table_addn(r->headers_out, name, value);
	}
	ap_set_content_length(r, (apr_off_t)a->body_len);
	if (a->outcome != NULL)
		apr_table_set(r->notes, "auth0logout-outcome", a->outcome);
	if (a->body_len > 0)
		ap_rwrite(a->body, (int)a->body_len, r);
	return OK;
}

static int refuse_allow(struct req *q, int status, const char *description,
                        const char *allow)
{
	struct a0l_response a;
	int rc;

	a0l_response_refusal_allow(&q->resp, status, description, q->json,
	                           allow, &a);
	rc = send_response(q, &a);
	a0l_response_free(&a);
	return rc;
}

static int refuse(struct req *q, int status, const char *description)
{
	return refuse_allow(q, status, description, "GET, HEAD");
}

static void log_server_error(struct req *q, const auth0logout_decision *d)
{
	if (d->outcome == AUTH0LOGOUT_OUTCOME_ERROR && d->http_status >= 500)
		ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
		              "auth0logout: server error: %s",
		              d->error_description != NULL
		                  ? d->error_description
		                  : auth0logout_status_message((int)d->status));
}

/* The decision as the response, the consent cookie cleared too when
 * clear_consent is 1 (http) or 2 (https). */
static int send_decision(struct req *q, const auth0logout_decision *d,
                         int clear_consent)
{
	struct a0l_response a;
	int rc;

	log_server_error(q, d);
	if (a0l_response_decision(&q->resp, d, q->json, &a) != 0)
		ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
		              "auth0logout: out of memory");
	if (clear_consent)
		a0l_response_add_header(
		    &a, "Set-Cookie",
		    a0l_consent_clear_cookie(clear_consent == 2));
	apr_table_set(q->r->notes, "auth0logout-list",
	              auth0logout_list_name((int)d->list));
	/* The client whose list decided: from the config, never from the
	 * request (R9.8); mod_log_config escapes it. */
	if (d->client_id != NULL)
		apr_table_setn(
		    q->r->notes, "auth0logout-client-id",
		    apr_pstrmemdup(q->r->pool, d->client_id, d->client_id_len));
	rc = send_response(q, &a);
	a0l_response_free(&a);
	return rc;
}

/* ---- the endpoints ----------------------------------------------------- */

/* R10.4: the request's Auth0LogoutStore has never loaded in this child. */
static int unloaded(const struct req *q)
{
	const struct source *src = q->c->loaded->src;

	return src != NULL && a0l_swapstore_unloaded(src->ss);
}

static int over_https(request_rec *r)
{
	return strcmp(ap_http_scheme(r), "https") == 0 ||
	       a0l_proto_https(
	           apr_table_get(r->headers_in, "X-Forwarded-Proto"));
}

/* A POST's body into t->body: its media type (415), Content-Length (411
 * when missing or chunked, 400 when not a number, 413 over limit, never
 * read then), then the bytes.  Returns the length, or -1 after answering
 * (*rc set). */
static long take_body(struct req *q, struct thread_buf *t, size_t limit,
                      int *rc)
{
	request_rec *r = q->r;
	const char *cl = apr_table_get(r->headers_in, "Content-Length");
	const char *te = apr_table_get(r->headers_in, "Transfer-Encoding");
	unsigned long long n = 0;
	size_t i, got = 0;

	if (!a0l_content_type_form(
	        apr_table_get(r->headers_in, "Content-Type"))) {
		*rc = refuse(q, 415,
		             "The request body must be "
		             "application/x-www-form-urlencoded.");
		return -1;
	}
	if (cl == NULL || cl[0] == '\0' || te != NULL) {
		*rc = refuse(q, 411,
		             "A POST must give the length of its body "
		             "(Content-Length).");
		return -1;
	}
	for (i = 0; cl[i] >= '0' && cl[i] <= '9'; i++)
		n = n > limit ? n : n * 10 + (unsigned)(cl[i] - '0');
	if (cl[i] != '\0') {
		*rc = refuse(q, 400, "The Content-Length is not a number.");
		return -1;
	}
	if (n > limit) {
		*rc = refuse(q, 413,
		             limit == AUTH0LOGOUT_MAX_QUERY
		                 ? "The request body is larger than 16 KiB."
		                 : "The request body is larger than a logout "
		                   "confirmation can be.");
		return -1;
	}
	if (ap_setup_client_block(r, REQUEST_CHUNKED_ERROR) != OK) {
		*rc = refuse(q, 400, "The request body could not be read.");
		return -1;
	}
	if (ap_should_client_block(r)) {
		while (got < n) {
			long k = ap_get_client_block(r, t->body + got,
			                             (apr_size_t)(n - got));
			if (k <= 0)
				break;
			got += (size_t)k;
		}
	}
	if (got < n) {
		*rc = refuse(q, 400,
		             "The request body is shorter than its "
		             "Content-Length.");
		return -1;
	}
	t->body[n] = '\0';
	return (long)n;
}

static void request_env(struct req *q, auth0logout_oidc_env *env)
{
	const char *sid;
	size_t n;

	*env = q->c->loaded->env;
	if (q->c->sid_cookie != NULL &&
	    a0l_cookie_value(apr_table_get(q->r->headers_in, "Cookie"),
	                     q->c->sid_cookie, &sid, &n) &&
	    n > 0) {
		env->session_sid = sid;
		env->session_sid_len = n;
	}
}

/* Whether a path can stand in the consent form's action as it is. */
static int action_ok(const char *path)
{
	for (size_t i = 0; path[i] != '\0'; i++) {
		unsigned char c = (unsigned char)path[i];

		if (c <= 0x20 || c >= 0x7F || strchr("?#%\"'<>\\`", c) != NULL)
			return 0;
	}
	return path[0] == '/';
}

static int serve_oidc(struct req *q, struct thread_buf *t, const char *path,
                      int post)
{
	const char *query = q->r->args != NULL ? q->r->args : "";
	size_t qlen = strlen(query), len;
	const char *input;
	auth0logout_oidc_env env;
	auth0logout_decision d;
	int rc = OK;

	if (post) {
		long n = take_body(q, t, AUTH0LOGOUT_MAX_QUERY, &rc);
		if (n < 0)
			return rc;
		len = (size_t)n;
		if (len > 0 && !a0l_target_ok(t->body, len))
			return refuse(q, 400,
			              "The request body contains a control "
			              "byte, a space or a non-ASCII byte.");
		input = t->body;
	} else {
		/* The whole target decides, as the server's. */
		input = q->target;
		len = q->target_len;
	}
	request_env(q, &env);
	if (unloaded(q))
		a0l_decision_unloaded(&d); /* R10.4 */
	else
		auth0logout_decide_oidc_query(q->store, &env, input, len,
		                              post ? AUTH0LOGOUT_OIDC_FORM : 0,
		                              t->oidc_buf,
		                              AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d);
	if (d.outcome != AUTH0LOGOUT_OUTCOME_ERROR && d.confirm) {
		struct a0l_consent c;
		struct a0l_consent_page page;
		struct a0l_response a;

		if (a0l_consent_issue(post ? t->body : query, post ? len : qlen,
		                      post, over_https(q->r),
		                      (long long)time(NULL), &c) != 0) {
			ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
			              "auth0logout: server error: no random "
			              "bytes for a consent page");
			return refuse(q, 500, "");
		}
		page.action =
		    action_ok(path) && strlen(path) < MAX_PATH
		        ? apr_pstrcat(q->r->pool, path, "/confirm", NULL)
		        : "/oidc/logout/confirm";
		page.request = post ? t->body : query;
		page.request_len = post ? len : qlen;
		page.form = post;
		page.token = c.token;
		page.set_cookie = c.set_cookie;
		if (a0l_response_consent(&q->resp, &d, &page, &a) != 0)
			ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
			              "auth0logout: out of memory");
		rc = send_response(q, &a);
		a0l_response_free(&a);
		return rc;
	}
	return send_decision(q, &d, 0);
}

static int serve_confirm(struct req *q, struct thread_buf *t)
{
	struct a0l_consent_form f;
	auth0logout_oidc_env env;
	auth0logout_decision d;
	const char *input;
	size_t len;
	int https = over_https(q->r), rc = OK, v;
	long n = take_body(q, t, MAX_BODY, &rc);

	if (n < 0)
		return rc;
	v = a0l_consent_form_parse(t->body, (size_t)n, t->scratch, MAX_BODY + 1,
	                           &f);
	if (v != 0 || f.request_len > AUTH0LOGOUT_MAX_QUERY ||
	    (f.request_len > 0 && !a0l_target_ok(f.request, f.request_len)))
		v = A0L_CONSENT_MALFORMED;
	else
		v = a0l_consent_verify(
		    apr_table_get(q->r->headers_in, "Cookie"), https, &f,
		    (long long)time(NULL));
	if (v != A0L_CONSENT_OK)
		return refuse(q, 403, a0l_consent_message(v));
	if (f.form) {
		input = f.request;
		len = f.request_len;
	} else {
		memcpy(t->target, "/?", 2);
		memcpy(t->target + 2, f.request, f.request_len);
		input = t->target;
		len = f.request_len + 2;
	}
	request_env(q, &env);
	if (unloaded(q))
		a0l_decision_unloaded(&d); /* R10.4 */
	else
		auth0logout_decide_oidc_query(
		    q->store, &env, input, len,
		    f.form ? AUTH0LOGOUT_OIDC_FORM : 0, t->oidc_buf,
		    AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d);
	return send_decision(q, &d, https ? 2 : 1);
}

static int serve_document(struct req *q, enum a0l_route route)
{
	const auth0logout_config_oidc *o = q->c->loaded->oidc;
	const char *doc = NULL;
	struct a0l_response a;
	int rc;

	if (auth0logout_config_oidc_issuer(o) != NULL)
		doc = route == A0L_ROUTE_DISCOVERY
		          ? auth0logout_config_oidc_discovery(o)
		          : auth0logout_config_oidc_jwks(o);
	if (doc == NULL)
		return refuse(q, 404,
		              route == A0L_ROUTE_DISCOVERY
		                  ? "There is nothing here; no OpenID Connect "
		                    "issuer is configured."
		                  : "There is nothing here; no OpenID Connect "
		                    "issuer or JWKS is configured.");
	a0l_response_document(doc, &a);
	rc = send_response(q, &a);
	a0l_response_free(&a);
	return rc;
}

/* auth0logout-health: the child's loader as JSON; 200 once it has
 * loaded, 503 before (a load balancer's check).  The body is
 * auth0logout_pg_health_json's object, never the connection string. */
static int serve_health(struct req *q, int get)
{
	const struct source *src =
	    q->c->loaded != NULL ? q->c->loaded->src : NULL;
	auth0logout_pg_health h;
	struct a0l_response a;
	char json[HEALTH_JSON];
	size_t n;

	if (!get)
		return refuse(q, 405, "Only GET and HEAD are served.");
	if (src == NULL) {
		ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
		              "auth0logout: auth0logout-health needs an "
		              "Auth0LogoutStore for %s",
		              q->r->uri);
		return refuse(q, 500, "");
	}
	memset(&h, 0, sizeof(h));
	h.age_ms = -1;
	if (src->pg != NULL)
		auth0logout_pg_health_get(src->pg, &h);
	else
		strcpy(h.last_error, "the loader did not start");
	n = auth0logout_pg_health_json(&h, json, sizeof(json));
	if (n == 0) {
		ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, q->r,
		              "auth0logout: the health does not fit %u bytes",
		              HEALTH_JSON);
		return refuse(q, 500, "");
	}
	a0l_response_health(&a, h.loaded, json, n);
	return send_response(q, &a);
}

static int handler(request_rec *r)
{
	struct req q;
	struct thread_buf *t;
	const char *path;
	size_t path_len;
	enum a0l_route route;
	int v2, get, head, post, health = 0;

	if (r->handler == NULL)
		return DECLINED;
	if (strcmp(r->handler, "auth0logout-v2") == 0)
		v2 = 1;
	else if (strcmp(r->handler, "auth0logout-oidc") == 0)
		v2 = 0;
	else if (strcmp(r->handler, "auth0logout-health") == 0) {
		v2 = 0;
		health = 1;
	} else
		return DECLINED;

	memset(&q, 0, sizeof(q));
	q.r = r;
	q.c = ap_get_module_config(r->per_dir_config, &auth0logout_module);
	q.resp.cookie = q.c->cookie != NULL ? q.c->cookie : A0L_DEFAULT_COOKIE;
	q.resp.hints = q.c->hints == 1;
	q.json = a0l_accept_json(apr_table_get(r->headers_in, "Accept"));
	/* R9.4: the target as the client sent it, whole. */
	q.target = r->unparsed_uri != NULL ? r->unparsed_uri : "";
	q.target_len = strlen(q.target);
	head = r->header_only;
	get = strcmp(r->method, "GET") == 0 || head;
	post = strcmp(r->method, "POST") == 0;

	/* The same refusals, in the same order, as the server's (R9). */
	if (q.target_len > MAX_TARGET)
		return refuse(&q, 414,
		              "The request target is longer than 17 KiB.");
	if (!a0l_target_ok(q.target, q.target_len))
		return refuse(&q, 400,
		              "The request target contains a control byte, a "
		              "space or a non-ASCII byte.");
	if (health)
		return serve_health(&q, get);
	a0l_target_path(q.target, q.target_len, &path, &path_len);
	route = v2 ? A0L_ROUTE_V2 : a0l_route_of(path, path_len, 1);
	if (route == A0L_ROUTE_NONE)
		return refuse(&q, 404,
		              "There is nothing here; the logout endpoint is "
		              "/v2/logout.");
	if (route == A0L_ROUTE_OIDC && !get && !post)
		return refuse_allow(&q, 405,
		                    "Only GET and POST are served on "
		                    "/oidc/logout.",
		                    "GET, POST");
	if (route == A0L_ROUTE_OIDC && head)
		return refuse_allow(&q, 405,
		                    "Only GET and POST are served on "
		                    "/oidc/logout.",
		                    "GET, POST");
	if (route == A0L_ROUTE_CONFIRM && !post)
		return refuse_allow(&q, 405,
		                    "Only POST is served on "
		                    "/oidc/logout/confirm.",
		                    "POST");
	if (route != A0L_ROUTE_OIDC && route != A0L_ROUTE_CONFIRM && !get)
		return refuse(&q, 405, "Only GET and HEAD are served.");
	if (q.c->loaded == NULL) {
		ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
		              "auth0logout: not configured: no "
		              "Auth0LogoutConfig for %s",
		              r->uri);
		return refuse(&q, 500, "");
	}
	t = thread_buf();
	if (t == NULL) {
		ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
		              "auth0logout: out of memory for the thread's "
		              "buffers");
		return refuse(&q, 500, "");
	}
	q.store = &q.c->loaded->store;
	if (q.c->loaded->src != NULL) {
		if (thread_store(q.c->loaded->src, &q.thread_store) != 0) {
			ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
			              "auth0logout: Auth0LogoutStore (tenant "
			              "\"%s\"): no reader (the loader did not "
			              "start, or out of memory)",
			              q.c->loaded->src->tenant);
			return refuse(&q, 500, "");
		}
		q.store = &q.thread_store;
	}
	switch (route) {
	case A0L_ROUTE_OIDC:
		return serve_oidc(
		    &q, t, apr_pstrmemdup(r->pool, path, path_len), post);
	case A0L_ROUTE_CONFIRM:
		return serve_confirm(&q, t);
	case A0L_ROUTE_DISCOVERY:
	case A0L_ROUTE_JWKS:
		return serve_document(&q, route);
	default: {
		auth0logout_decision d;

		/* R10.4: a store that has never loaded fails every
		 * request, even one that needs no list. */
		if (unloaded(&q))
			a0l_decision_unloaded(&d);
		else
			auth0logout_decide_query(
			    q.store, q.target, q.target_len, t->buf,
			    AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
		return send_decision(&q, &d, 0);
	}
	}
}

static void register_hooks(apr_pool_t *p)
{
	(void)p;
	ap_hook_pre_config(pre_config, NULL, NULL, APR_HOOK_MIDDLE);
	ap_hook_check_config(check_config, NULL, NULL, APR_HOOK_MIDDLE);
	ap_hook_post_config(post_config, NULL, NULL, APR_HOOK_MIDDLE);
	ap_hook_child_init(child_init, NULL, NULL, APR_HOOK_MIDDLE);
	ap_hook_handler(handler, NULL, NULL, APR_HOOK_MIDDLE);
}

AP_DECLARE_MODULE(auth0logout) = {STANDARD20_MODULE_STUFF,
                                  create_dir_cfg, /* per-directory config */
                                  merge_dir_cfg,  /* merge per-directory */
                                  NULL,           /* per-server config */
                                  NULL,           /* merge per-server */
                                  commands,       /* directives */
                                  register_hooks,
                                  AP_MODULE_FLAG_NONE};
