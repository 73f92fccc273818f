/* SPDX-License-Identifier: MIT */
/*
 * ngx_http_auth0logout_module - /v2/logout and /oidc/logout as an nginx
 * content handler (dynamic module, built by adapters/nginx/build.sh
 * against the nginx installed here and loaded with load_module).
 *
 *   load_module /path/ngx_http_auth0logout_module.so;
 *   http {
 *       auth0logout_config /etc/auth0logout/config.json;  # http, server
 *       auth0logout_define DOMAIN example.com;             # ##DOMAIN##
 *       server {
 *           location = /v2/logout { auth0logout v2; }
 *           location /oidc/logout { auth0logout oidc; }
 *           location /.well-known/ { auth0logout oidc; }
 *       }
 *   }
 *
 * Directives:
 *   auth0logout_config PATH;     http, server: the config (JSON, an
 *                                auth0-deploy-cli YAML file or directory),
 *                                read through the config library when
 *                                nginx reads its configuration; one that
 *                                does not load makes `nginx -t`, a start
 *                                or a reload fail with the library's
 *                                message (file, client, entry), and on
 *                                reload the old configuration (and its
 *                                workers) stays in service.
 *   auth0logout_define KEY VALUE;  http, server: ##KEY## in the config.
 *   auth0logout_client_id_from name;  http, server: clients keyed by name.
 *   auth0logout v2|oidc;         location: the content handler.  v2
 *                                serves GET/HEAD /v2/logout; oidc serves
 *                                GET/POST .../oidc/logout, POST
 *                                .../oidc/logout/confirm and GET/HEAD
 *                                .../.well-known/openid-configuration and
 *                                .../.well-known/jwks.json (routed by the
 *                                end of the path; the location's own URI is
 *                                its main route).
 *   auth0logout_cookie NAME;     http, server, location (a0session)
 *   auth0logout_sid_cookie NAME; http, server, location (none)
 *   auth0logout_hints on|off;    http, server, location (off; R9.3)
 *   auth0logout_store CONNINFO;  http, server: instead of auth0logout_config,
 *   auth0logout_tenant ID;       the lists of tenant ID live in PostgreSQL
 *                                (auth0logout/pg.h, R10): a libpq
 *                                connection string or URI.  Both in one
 *                                block, never with auth0logout_config (nor
 *                                auth0logout_define or _client_id_from) in
 *                                the same block; `nginx -t` checks them
 *                                without connecting (libpq's own parse of
 *                                the connection string).
 *   auth0logout_health;          location: the store's loader as JSON
 *                                (auth0logout_pg_health_json), 200 once
 *                                loaded, 503 before; needs an
 *                                auth0logout_store in its server or http
 *                                block.
 *
 * With auth0logout_store, each worker process runs one loader thread per
 * distinct (connection string, tenant) of the configuration: started in
 * init_process (never in the master: a thread does not survive a fork),
 * stopped in exit_process.  It loads the tenant, publishes, and follows
 * the changes the database announces; the worker decides through its one
 * swap store reader (a worker is one thread), so a decision never waits
 * for the database.  A new worker takes connections once its loaders
 * have loaded or failed their first attempt (5 s at most; a reload thus
 * answers from the database at once).  Until its first load a worker's
 * store fails closed: every decision is server_error (500, R10.4).  While
 * the database is away each worker serves its last snapshot; a worker
 * started then (a reload) has none and fails closed.  The store holds
 * the lists only: /oidc/logout has the settings of a config without an
 * "oidc" object, as auth0logout-server --store has them (no issuer: an
 * id_token_hint is invalid; no discovery or JWKS: 404).
 *
 * Variables for the access log (R9.8), set when the module answered ("-"
 * otherwise): $auth0logout_outcome (redirect, logged_out, error, consent,
 * document, health), $auth0logout_list (the list consulted) and
 * $auth0logout_client_id.  nginx's default log format logs $request, whose
 * query may hold an id_token_hint or a state: log $uri instead, e.g.
 *
 *   log_format auth0logout '$time_iso8601 $remote_addr $request_method '
 *       '$uri $status $auth0logout_outcome list=$auth0logout_list '
 *       'client_id=$auth0logout_client_id';
 *
 * Every answer comes from adapters/common/response.c (R9.1), so that it
 * is the bytes auth0logout-server sends for the same decision; the status
 * line is the module's ("302 Found"), the header fields are sent in the
 * response's order with Content-Length last.
 *
 * Memory: the decide and /oidc/logout buffers (and one for a POST body and
 * one for a confirmation's fields) are allocated once per worker process
 * (init_process); a decision allocates nothing.  The header values and the
 * body are copied into the request's pool (they must outlive the handler:
 * the body may go out later, the access log may read $sent_http_*).  The
 * loaded config belongs to the cycle's pool: a reload builds a new one in
 * the master, the new workers use it and the old one is freed with the
 * old cycle, after the old workers have finished their requests (R9.7).
 * Nothing here blocks: the config is read in the master at configuration
 * time (the database in the loader's thread), a decision is CPU only, and
 * a POST body is read by nginx's asynchronous
 * ngx_http_read_client_request_body.
 */
#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include <libpq-fe.h>
#include <string.h>
#include <time.h>

#include "auth0logout.h"
#include "auth0logout/config.h"
#include "auth0logout/pg.h"
#include "consent.h"
#include "response.h"

/* As auth0logout-server: a longer target gets 414. */
#define A0L_NGX_MAX_TARGET (17u * 1024u)
#define A0L_NGX_MAX_BODY   A0L_CONSENT_BODY_MAX

#define A0L_MODE_UNSET  0
#define A0L_MODE_V2     1
#define A0L_MODE_OIDC   2
#define A0L_MODE_HEALTH 3

/* The health page's JSON (auth0logout_pg_health_json wants >= 1024). */
#define A0L_NGX_HEALTH_JSON 2048
/* How long a new worker waits for its stores' first load (a0l_stores_wait). */
#define A0L_NGX_FIRST_LOAD_MS 5000

typedef struct a0l_ngx_loaded_s a0l_ngx_loaded_t;

/* One loaded config: the store and the /oidc/logout settings from one
 * reading of the file; or one auth0logout_store, whose store is its
 * worker's swap store reader (ms NULL; the /oidc/logout settings of a
 * config without an "oidc" object). */
struct a0l_ngx_loaded_s {
	auth0logout_memstore *ms;
	auth0logout_store store;
	auth0logout_config_oidc *oidc;
	auth0logout_verifier verifier;
	auth0logout_oidc_env env;
	/* auth0logout_store (conninfo.len > 0): the connection string and
	 * the tenant, NUL-terminated; in a worker (init_process) the swap
	 * store, its loader and the worker's reader. */
	ngx_str_t conninfo;
	ngx_str_t tenant;
	auth0logout_swapstore *ss;
	auth0logout_pg *pg;
	auth0logout_swapstore_reader *reader;
	ngx_log_t *log;         /* the worker's, for the loader's lines */
	a0l_ngx_loaded_t *next; /* the cycle's stores (the main conf) */
};

/* The stores of a cycle, one per distinct connection string and tenant:
 * what each worker starts a loader for. */
typedef struct {
	a0l_ngx_loaded_t *stores;
} a0l_ngx_main_conf_t;

typedef struct {
	ngx_str_t path;       /* auth0logout_config */
	ngx_array_t *defines; /* of ngx_str_t "KEY=VALUE" */
	ngx_uint_t from_name; /* auth0logout_client_id_from name */
	ngx_flag_t from_set;
	a0l_ngx_loaded_t *cfg; /* loaded, or NULL */
	ngx_uint_t line;       /* where auth0logout_config stands */
	ngx_str_t file;
	ngx_str_t conninfo; /* auth0logout_store, NUL-terminated */
	ngx_str_t tenant;   /* auth0logout_tenant, NUL-terminated */
	ngx_str_t sfile;    /* where auth0logout_store stands */
	ngx_uint_t sline;
	ngx_str_t tfile; /* where auth0logout_tenant stands */
	ngx_uint_t tline;
} a0l_ngx_srv_conf_t;

typedef struct {
	ngx_uint_t mode;
	ngx_str_t cookie;
	ngx_str_t sid_cookie;
	ngx_flag_t hints;
	struct a0l_response_config resp;
	a0l_ngx_loaded_t *cfg;
	ngx_str_t name; /* the location's URI */
} a0l_ngx_loc_conf_t;

/* What a request keeps (its pool): the route, for a POST whose body is
 * read later, and what the access log's variables show. */
typedef struct {
	enum a0l_route route;
	const char *outcome;
	const char *list;
	ngx_str_t client_id;
} a0l_ngx_ctx_t;

/* The worker's buffers (init_process), reused by every request: a worker
 * answers one request at a time. */
static char *a0l_buf;
static char *a0l_oidc_buf;
static char *a0l_body;
static char *a0l_scratch;
static char *a0l_target;
/* The strings of the response being sent (a0l_response_arena). */
#define A0L_NGX_ARENA (128u * 1024u)
static char *a0l_arena;

static ngx_int_t a0l_init_process(ngx_cycle_t *cycle);
static void a0l_exit_process(ngx_cycle_t *cycle);
static void *a0l_create_main_conf(ngx_conf_t *cf);
static char *a0l_init_main_conf(ngx_conf_t *cf, void *conf);
static void *a0l_create_srv_conf(ngx_conf_t *cf);
static char *a0l_merge_srv_conf(ngx_conf_t *cf, void *parent, void *child);
static void *a0l_create_loc_conf(ngx_conf_t *cf);
static char *a0l_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child);
static char *a0l_config_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *a0l_define_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *a0l_from_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *a0l_mode_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *a0l_store_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *a0l_tenant_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *a0l_health_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static ngx_int_t a0l_handler(ngx_http_request_t *r);
static ngx_int_t a0l_health_handler(ngx_http_request_t *r);
static ngx_int_t a0l_add_variables(ngx_conf_t *cf);

static ngx_command_t a0l_commands[] = {
    {ngx_string("auth0logout_config"),
     NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_CONF_TAKE1, a0l_config_cmd,
     NGX_HTTP_SRV_CONF_OFFSET, 0, NULL},
    {ngx_string("auth0logout_define"),
     NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_CONF_TAKE2, a0l_define_cmd,
     NGX_HTTP_SRV_CONF_OFFSET, 0, NULL},
    {ngx_string("auth0logout_client_id_from"),
     NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_CONF_TAKE1, a0l_from_cmd,
     NGX_HTTP_SRV_CONF_OFFSET, 0, NULL},
    {ngx_string("auth0logout"), NGX_HTTP_LOC_CONF | NGX_CONF_TAKE1,
     a0l_mode_cmd, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL},
    {ngx_string("auth0logout_cookie"),
     NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_HTTP_LOC_CONF |
         NGX_CONF_TAKE1,
     ngx_conf_set_str_slot, NGX_HTTP_LOC_CONF_OFFSET,
     offsetof(a0l_ngx_loc_conf_t, cookie), NULL},
    {ngx_string("auth0logout_sid_cookie"),
     NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_HTTP_LOC_CONF |
         NGX_CONF_TAKE1,
     ngx_conf_set_str_slot, NGX_HTTP_LOC_CONF_OFFSET,
     offsetof(a0l_ngx_loc_conf_t, sid_cookie), NULL},
    {ngx_string("auth0logout_hints"),
     NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_HTTP_LOC_CONF | NGX_CONF_FLAG,
     ngx_conf_set_flag_slot, NGX_HTTP_LOC_CONF_OFFSET,
     offsetof(a0l_ngx_loc_conf_t, hints), NULL},
    {ngx_string("auth0logout_store"),
     NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_CONF_TAKE1, a0l_store_cmd,
     NGX_HTTP_SRV_CONF_OFFSET, 0, NULL},
    {ngx_string("auth0logout_tenant"),
     NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF | NGX_CONF_TAKE1, a0l_tenant_cmd,
     NGX_HTTP_SRV_CONF_OFFSET, 0, NULL},
    {ngx_string("auth0logout_health"), NGX_HTTP_LOC_CONF | NGX_CONF_NOARGS,
     a0l_health_cmd, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL},
    ngx_null_command};

static ngx_http_module_t a0l_module_ctx = {
    a0l_add_variables,    /* preconfiguration */
    NULL,                 /* postconfiguration */
    a0l_create_main_conf, /* create main configuration */
    a0l_init_main_conf,   /* init main configuration */
    a0l_create_srv_conf,  /* create server configuration */
    a0l_merge_srv_conf,   /* merge server configuration */
    a0l_create_loc_conf,  /* create location configuration */
    a0l_merge_loc_conf    /* merge location configuration */
};

ngx_module_t ngx_http_auth0logout_module = {
    NGX_MODULE_V1,
    &a0l_module_ctx,  /* module context */
    a0l_commands,     /* module directives */
    NGX_HTTP_MODULE,  /* module type */
    NULL,             /* init master */
    NULL,             /* init module */
    a0l_init_process, /* init process */
    NULL,             /* init thread */
    NULL,             /* exit thread */
    a0l_exit_process, /* exit process */
    NULL,             /* exit master */
    NGX_MODULE_V1_PADDING};

/* ---- access log variables (R9.8) ----------------------------------------- */

static ngx_int_t a0l_variable(ngx_http_request_t *r,
                              ngx_http_variable_value_t *v, uintptr_t data)
{
	a0l_ngx_ctx_t *ctx =
	    ngx_http_get_module_ctx(r, ngx_http_auth0logout_module);
	const char *p = NULL;
	size_t n = 0;

	if (ctx != NULL) {
		switch (data) {
		case 0:
			p = ctx->outcome;
			break;
		case 1:
			p = ctx->list;
			break;
		default:
			p = (const char *)ctx->client_id.data;
			n = ctx->client_id.len;
			break;
		}
		if (p != NULL && data != 2)
			n = ngx_strlen(p);
	}
	if (p == NULL || n == 0) {
		p = "-";
		n = 1;
	}
	v->data = (u_char *)p;
	v->len = n;
	v->valid = 1;
	v->no_cacheable = 0;
	v->not_found = 0;
	return NGX_OK;
}

static ngx_int_t a0l_add_variables(ngx_conf_t *cf)
{
	static ngx_str_t names[] = {ngx_string("auth0logout_outcome"),
	                            ngx_string("auth0logout_list"),
	                            ngx_string("auth0logout_client_id")};
	ngx_uint_t i;

	for (i = 0; i < 3; i++) {
		ngx_http_variable_t *var = ngx_http_add_variable(
		    cf, &names[i], NGX_HTTP_VAR_NOCACHEABLE);

		if (var == NULL)
			return NGX_ERROR;
		var->get_handler = a0l_variable;
		var->data = i;
	}
	return NGX_OK;
}

/* ---- configuration ------------------------------------------------------ */

static void *a0l_create_main_conf(ngx_conf_t *cf)
{
	return ngx_pcalloc(cf->pool, sizeof(a0l_ngx_main_conf_t));
}

static void *a0l_create_srv_conf(ngx_conf_t *cf)
{
	a0l_ngx_srv_conf_t *c = ngx_pcalloc(cf->pool, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->from_set = NGX_CONF_UNSET;
	return c;
}

static void *a0l_create_loc_conf(ngx_conf_t *cf)
{
	a0l_ngx_loc_conf_t *c = ngx_pcalloc(cf->pool, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->hints = NGX_CONF_UNSET;
	return c;
}

static char *a0l_config_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
	a0l_ngx_srv_conf_t *c = conf;
	ngx_str_t *v = cf->args->elts;

	(void)cmd;
	if (c->path.data != NULL)
		return "is duplicate";
	if (c->conninfo.data != NULL || c->tenant.data != NULL)
		return "cannot be used with \"auth0logout_store\" in the same "
		       "block";
	if (v[1].len == 0)
		return "needs a file or directory";
	c->path = v[1];
	if (ngx_conf_full_name(cf->cycle, &c->path, 1) != NGX_OK)
		return NGX_CONF_ERROR;
	c->file = cf->conf_file->file.name;
	c->line = cf->conf_file->line;
	return NGX_CONF_OK;
}

static char *a0l_define_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
	a0l_ngx_srv_conf_t *c = conf;
	ngx_str_t *v = cf->args->elts, *d;
	size_t i;

	(void)cmd;
	if (v[1].len == 0)
		return "needs a KEY";
	for (i = 0; i < v[1].len; i++) {
		u_char ch = v[1].data[i];

		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '_'))
			return "needs a KEY of A-Z, a-z, 0-9 and _";
	}
	if (c->defines == NULL) {
		c->defines = ngx_array_create(cf->pool, 4, sizeof(ngx_str_t));
		if (c->defines == NULL)
			return NGX_CONF_ERROR;
	}
	d = ngx_array_push(c->defines);
	if (d == NULL)
		return NGX_CONF_ERROR;
	d->len = v[1].len + 1 + v[2].len;
	d->data = ngx_pnalloc(cf->pool, d->len + 1);
	if (d->data == NULL)
		return NGX_CONF_ERROR;
	ngx_memcpy(d->data, v[1].data, v[1].len);
	d->data[v[1].len] = '=';
	ngx_memcpy(d->data + v[1].len + 1, v[2].data, v[2].len);
	d->data[d->len] = '\0';
	return NGX_CONF_OK;
}

static char *a0l_from_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
	a0l_ngx_srv_conf_t *c = conf;
	ngx_str_t *v = cf->args->elts;

	(void)cmd;
	if (c->from_set != NGX_CONF_UNSET)
		return "is duplicate";
	if (v[1].len == 4 && ngx_strncmp(v[1].data, "name", 4) == 0)
		c->from_name = 1;
	else if (v[1].len == 9 && ngx_strncmp(v[1].data, "client_id", 9) == 0)
		c->from_name = 0;
	else
		return "must be \"name\" or \"client_id\"";
	c->from_set = 1;
	return NGX_CONF_OK;
}

static char *a0l_mode_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
	a0l_ngx_loc_conf_t *c = conf;
	ngx_str_t *v = cf->args->elts;
	ngx_http_core_loc_conf_t *clcf;

	(void)cmd;
	if (c->mode == A0L_MODE_HEALTH)
		return "cannot be used with \"auth0logout_health\" in the same "
		       "location";
	if (c->mode != A0L_MODE_UNSET)
		return "is duplicate";
	if (v[1].len == 2 && ngx_strncmp(v[1].data, "v2", 2) == 0)
		c->mode = A0L_MODE_V2;
	else if (v[1].len == 4 && ngx_strncmp(v[1].data, "oidc", 4) == 0)
		c->mode = A0L_MODE_OIDC;
	else
		return "must be \"v2\" or \"oidc\"";
	clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);
	clcf->handler = a0l_handler;
	c->name = clcf->name;
	return NGX_CONF_OK;
}

/* auth0logout_store: checked as libpq will read it (PQconninfoParse, no
 * connection); the database is only reached from the workers. */
static char *a0l_store_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
	a0l_ngx_srv_conf_t *c = conf;
	ngx_str_t *v = cf->args->elts;
	PQconninfoOption *opts;
	char *err = NULL;

	(void)cmd;
	if (c->conninfo.data != NULL)
		return "is duplicate";
	if (c->path.data != NULL)
		return "cannot be used with \"auth0logout_config\" in the same "
		       "block";
	if (v[1].len == 0)
		return "needs a PostgreSQL connection string or URI";
	if (ngx_strlen(v[1].data) != v[1].len)
		return "has a NUL byte";
	opts = PQconninfoParse((const char *)v[1].data, &err);
	if (opts == NULL) {
		/* Not libpq's message: it can quote the password. */
		PQfreemem(err);
		return "is not a valid libpq connection string or URI";
	}
	PQconninfoFree(opts);
	c->conninfo = v[1];
	c->sfile = cf->conf_file->file.name;
	c->sline = cf->conf_file->line;
	return NGX_CONF_OK;
}

static char *a0l_tenant_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
	a0l_ngx_srv_conf_t *c = conf;
	ngx_str_t *v = cf->args->elts;
	size_t i;

	(void)cmd;
	if (c->tenant.data != NULL)
		return "is duplicate";
	if (c->path.data != NULL)
		return "cannot be used with \"auth0logout_config\" in the same "
		       "block";
	if (v[1].len == 0)
		return "needs a tenant id";
	for (i = 0; i < v[1].len; i++)
		if (v[1].data[i] < 0x20 || v[1].data[i] == 0x7f)
			return "needs a tenant id without control bytes";
	c->tenant = v[1];
	c->tfile = cf->conf_file->file.name;
	c->tline = cf->conf_file->line;
	return NGX_CONF_OK;
}

static char *a0l_health_cmd(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
	a0l_ngx_loc_conf_t *c = conf;
	ngx_http_core_loc_conf_t *clcf;

	(void)cmd;
	if (c->mode == A0L_MODE_HEALTH)
		return "is duplicate";
	if (c->mode != A0L_MODE_UNSET)
		return "cannot be used with \"auth0logout\" in the same "
		       "location";
	c->mode = A0L_MODE_HEALTH;
	clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);
	clcf->handler = a0l_health_handler;
	c->name = clcf->name;
	return NGX_CONF_OK;
}

/* What one block says about its store, before it inherits anything: the
 * connection string and the tenant go together, and the file's
 * directives have no place next to them. */
static char *a0l_check_srv(ngx_conf_t *cf, a0l_ngx_srv_conf_t *c)
{
	if (c->conninfo.data != NULL && c->tenant.data == NULL) {
		ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
		              "\"auth0logout_store\" (in %V:%ui) needs an "
		              "\"auth0logout_tenant\" in the same block",
		              &c->sfile, c->sline);
		return NGX_CONF_ERROR;
	}
	if (c->tenant.data != NULL && c->conninfo.data == NULL) {
		ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
		              "\"auth0logout_tenant\" (in %V:%ui) needs an "
		              "\"auth0logout_store\" in the same block",
		              &c->tfile, c->tline);
		return NGX_CONF_ERROR;
	}
	if (c->conninfo.data != NULL &&
	    (c->defines != NULL || c->from_set != NGX_CONF_UNSET)) {
		ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
		              "\"auth0logout_store\" (in %V:%ui) takes the "
		              "clients as stored: \"auth0logout_define\" and "
		              "\"auth0logout_client_id_from\" are for "
		              "\"auth0logout_config\" only",
		              &c->sfile, c->sline);
		return NGX_CONF_ERROR;
	}
	return NGX_CONF_OK;
}

static char *a0l_init_main_conf(ngx_conf_t *cf, void *conf)
{
	(void)conf;
	/* The http block's own directives (a server's: when it merges). */
	return a0l_check_srv(cf, ngx_http_conf_get_module_srv_conf(
	                             cf, ngx_http_auth0logout_module));
}

static void a0l_loaded_free(void *data)
{
	a0l_ngx_loaded_t *l = data;

	auth0logout_memstore_free(l->ms);
	auth0logout_config_oidc_free(l->oidc);
	l->ms = NULL;
	l->oidc = NULL;
}

/* c's store: one per connection string and tenant in the cycle, shared
 * by the blocks that name the same pair; its loader starts in each worker
 * (init_process). */
static char *a0l_store_source(ngx_conf_t *cf, a0l_ngx_srv_conf_t *c)
{
	a0l_ngx_main_conf_t *mc =
	    ngx_http_conf_get_module_main_conf(cf, ngx_http_auth0logout_module);
	a0l_ngx_loaded_t *l;
	ngx_pool_cleanup_t *cln;
	auth0logout_config_diag diag;

	for (l = mc->stores; l != NULL; l = l->next)
		if (l->conninfo.len == c->conninfo.len &&
		    l->tenant.len == c->tenant.len &&
		    ngx_memcmp(l->conninfo.data, c->conninfo.data,
		               c->conninfo.len) == 0 &&
		    ngx_memcmp(l->tenant.data, c->tenant.data, c->tenant.len) ==
		        0) {
			c->cfg = l;
			return NGX_CONF_OK;
		}
	l = ngx_pcalloc(cf->pool, sizeof(*l));
	cln = ngx_pool_cleanup_add(cf->pool, 0);
	if (l == NULL || cln == NULL)
		return NGX_CONF_ERROR;
	/* The store holds the lists only: the /oidc/logout settings are
	 * those of a config without an "oidc" object, as auth0logout-server
	 * --store has them (no issuer: every id_token_hint is invalid, no
	 * discovery). */
	if (auth0logout_config_oidc_new_empty(&l->oidc, &diag) !=
	    AUTH0LOGOUT_OK) {
		ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
		              "auth0logout_store (in %V:%ui): %s", &c->sfile,
		              c->sline, diag.text);
		return NGX_CONF_ERROR;
	}
	auth0logout_config_oidc_verifier(l->oidc, &l->verifier);
	auth0logout_config_oidc_env(l->oidc, &l->verifier, &l->env);
	cln->handler = a0l_loaded_free;
	cln->data = l;
	l->conninfo = c->conninfo;
	l->tenant = c->tenant;
	l->next = mc->stores;
	mc->stores = l;
	c->cfg = l;
	return NGX_CONF_OK;
}

/* Reads c's config now (in the master, while nginx reads its
 * configuration); the cycle's pool frees it. */
static char *a0l_load(ngx_conf_t *cf, a0l_ngx_srv_conf_t *c)
{
	auth0logout_config_options opt;
	auth0logout_config_diag diag;
	auth0logout_config *read = NULL;
	a0l_ngx_loaded_t *l;
	ngx_pool_cleanup_t *cln;
	const char **defs = NULL;
	size_t n = 0, i;

	l = ngx_pcalloc(cf->pool, sizeof(*l));
	cln = ngx_pool_cleanup_add(cf->pool, 0);
	if (l == NULL || cln == NULL)
		return NGX_CONF_ERROR;
	if (c->defines != NULL) {
		ngx_str_t *d = c->defines->elts;

		n = c->defines->nelts;
		defs = ngx_palloc(cf->pool, n * sizeof(*defs));
		if (defs == NULL)
			return NGX_CONF_ERROR;
		for (i = 0; i < n; i++)
			defs[i] = (const char *)d[i].data;
	}
	ngx_memzero(&opt, sizeof(opt));
	opt.defines = defs;
	opt.n_defines = n;
	if (c->from_name)
		opt.flags |= AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME;
	if (auth0logout_config_read_file((const char *)c->path.data,
	                                 c->path.len, &opt, &read,
	                                 &diag) != AUTH0LOGOUT_OK ||
	    auth0logout_config_build(read, &l->ms, &diag) != AUTH0LOGOUT_OK ||
	    auth0logout_config_oidc_new(read, &l->oidc, &diag) !=
	        AUTH0LOGOUT_OK) {
		auth0logout_config_free(read);
		auth0logout_memstore_free(l->ms);
		ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
		              "auth0logout_config \"%V\" (in %V:%ui) did not "
		              "load: %s",
		              &c->path, &c->file, c->line, diag.text);
		return NGX_CONF_ERROR;
	}
	auth0logout_config_free(read);
	if (auth0logout_memstore_get(l->ms, &l->store) != AUTH0LOGOUT_OK) {
		auth0logout_memstore_free(l->ms);
		auth0logout_config_oidc_free(l->oidc);
		ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
		              "auth0logout_config \"%V\": no store", &c->path);
		return NGX_CONF_ERROR;
	}
	auth0logout_config_oidc_verifier(l->oidc, &l->verifier);
	auth0logout_config_oidc_env(l->oidc, &l->verifier, &l->env);
	cln->handler = a0l_loaded_free;
	cln->data = l;
	c->cfg = l;
	return NGX_CONF_OK;
}

static char *a0l_merge_srv_conf(ngx_conf_t *cf, void *parent, void *child)
{
	a0l_ngx_srv_conf_t *prev = parent, *c = child;
	int share = 0;

	if (a0l_check_srv(cf, c) != NGX_CONF_OK)
		return NGX_CONF_ERROR;
	if (c->path.data == NULL && c->conninfo.data == NULL) {
		/* The http block's source, whichever it is. */
		c->path = prev->path;
		c->file = prev->file;
		c->line = prev->line;
		c->conninfo = prev->conninfo;
		c->tenant = prev->tenant;
		c->sfile = prev->sfile;
		c->sline = prev->sline;
		share = c->defines == NULL && c->from_set == NGX_CONF_UNSET;
	}
	if (c->defines == NULL)
		c->defines = prev->defines;
	if (c->from_set == NGX_CONF_UNSET) {
		c->from_set = prev->from_set;
		c->from_name = prev->from_name;
	}
	if (c->cfg != NULL)
		return NGX_CONF_OK;
	if (c->conninfo.data != NULL)
		return a0l_store_source(cf, c);
	if (c->path.data == NULL)
		return NGX_CONF_OK;
	if (share) {
		/* The http{} level's config, read once for every server. */
		if (prev->cfg == NULL && a0l_load(cf, prev) != NGX_CONF_OK)
			return NGX_CONF_ERROR;
		c->cfg = prev->cfg;
		return NGX_CONF_OK;
	}
	return a0l_load(cf, c);
}

static char *a0l_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
	a0l_ngx_loc_conf_t *prev = parent, *c = child;
	a0l_ngx_srv_conf_t *sc;

	ngx_conf_merge_str_value(c->cookie, prev->cookie, A0L_DEFAULT_COOKIE);
	ngx_conf_merge_str_value(c->sid_cookie, prev->sid_cookie, "");
	ngx_conf_merge_value(c->hints, prev->hints, 0);
	if (!a0l_cookie_name_ok((const char *)c->cookie.data)) {
		ngx_conf_log_error(
		    NGX_LOG_EMERG, cf, 0,
		    "auth0logout_cookie \"%V\" is not a cookie "
		    "name (an RFC 6265 token of at most %d bytes)",
		    &c->cookie, A0L_COOKIE_NAME_MAX);
		return NGX_CONF_ERROR;
	}
	if (c->sid_cookie.len > 0 &&
	    !a0l_cookie_name_ok((const char *)c->sid_cookie.data)) {
		ngx_conf_log_error(
		    NGX_LOG_EMERG, cf, 0,
		    "auth0logout_sid_cookie \"%V\" is not a "
		    "cookie name (an RFC 6265 token of at most %d "
		    "bytes)",
		    &c->sid_cookie, A0L_COOKIE_NAME_MAX);
		return NGX_CONF_ERROR;
	}
	c->resp.cookie = (const char *)c->cookie.data;
	c->resp.hints = c->hints ? 1 : 0;
	/* The server's config (merged before its locations). */
	sc = ngx_http_conf_get_module_srv_conf(cf, ngx_http_auth0logout_module);
	if (c->mode == A0L_MODE_HEALTH &&
	    (sc == NULL || sc->cfg == NULL || sc->cfg->conninfo.len == 0)) {
		ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
		                   "\"auth0logout_health\" in location \"%V\" "
		                   "needs an \"auth0logout_store\" in its "
		                   "server or http block",
		                   &c->name);
		return NGX_CONF_ERROR;
	}
	if (c->mode != A0L_MODE_UNSET) {
		if (sc == NULL || sc->cfg == NULL) {
			ngx_conf_log_error(
			    NGX_LOG_EMERG, cf, 0,
			    "\"auth0logout\" in location \"%V\" "
			    "needs an \"auth0logout_config\" or an "
			    "\"auth0logout_store\" in its server or "
			    "http block",
			    &c->name);
			return NGX_CONF_ERROR;
		}
		c->cfg = sc->cfg;
	}
	return NGX_CONF_OK;
}

/* ---- the worker --------------------------------------------------------- */

/* The loader's lines (they name the tenant), from its thread (nginx's own
 * thread pools log from theirs the same way: one write per line). */
static void a0l_pg_log(void *ctx, int level, const char *msg)
{
	a0l_ngx_loaded_t *l = ctx;
	ngx_uint_t lv = NGX_LOG_INFO;

	if (level == AUTH0LOGOUT_PG_LOG_ERROR)
		lv = NGX_LOG_ERR;
	else if (level == AUTH0LOGOUT_PG_LOG_WARNING)
		lv = NGX_LOG_WARN;
	ngx_log_error(lv, l->log, 0, "auth0logout_store: %s", msg);
}

static a0l_ngx_loaded_t *a0l_stores(ngx_cycle_t *cycle)
{
	a0l_ngx_main_conf_t *mc = ngx_http_cycle_get_module_main_conf(
	    cycle, ngx_http_auth0logout_module);

	return mc != NULL ? mc->stores : NULL;
}

/* l's swap store, the worker's reader and the loader's thread.  Only out
 * of memory fails the worker; a loader that does not start leaves the
 * store unpublished, so that every decision fails closed (500) and the
 * reason is in the error log. */
static ngx_int_t a0l_store_start(ngx_cycle_t *cycle, a0l_ngx_loaded_t *l)
{
	auth0logout_pg_options opt;
	auth0logout_status st;

	l->log = cycle->log;
	l->ss = auth0logout_swapstore_new();
	l->reader =
	    l->ss != NULL ? auth0logout_swapstore_reader_new(l->ss) : NULL;
	if (l->reader == NULL) {
		ngx_log_error(NGX_LOG_EMERG, cycle->log, 0,
		              "auth0logout_store (tenant \"%V\"): out of "
		              "memory",
		              &l->tenant);
		return NGX_ERROR;
	}
	auth0logout_swapstore_reader_store(l->reader, &l->store);
	ngx_memzero(&opt, sizeof(opt));
	opt.conninfo = (const char *)l->conninfo.data;
	opt.tenant = (const char *)l->tenant.data;
	opt.log = a0l_pg_log;
	opt.log_ctx = l;
	st = auth0logout_pg_new(&opt, l->ss, &l->pg);
	/* The loader's thread blocks every signal (auth0logout_pg_start):
	 * nginx's are for the worker's own thread, whose event loop they
	 * must interrupt. */
	if (st == AUTH0LOGOUT_OK)
		st = auth0logout_pg_start(l->pg);
	if (st != AUTH0LOGOUT_OK) {
		ngx_log_error(NGX_LOG_ALERT, cycle->log, 0,
		              "auth0logout_store (tenant \"%V\"): the loader "
		              "did not start (%s); every decision is a 500",
		              &l->tenant, auth0logout_status_message((int)st));
		auth0logout_pg_free(l->pg);
		l->pg = NULL;
	}
	return NGX_OK;
}

/* Until each loader has loaded or failed its first attempt, at most
 * A0L_NGX_FIRST_LOAD_MS: the worker takes no connection before (they wait
 * in the listen queue), so that after a reload the new workers answer
 * from the database at once instead of 500 while they load (R9.7).  A
 * database that answers makes it milliseconds; one that refuses (or a
 * tenant it lacks) ends the wait at the first attempt, and the worker
 * fails closed until a later one succeeds. */
static void a0l_stores_wait(ngx_cycle_t *cycle)
{
	a0l_ngx_loaded_t *l;
	auth0logout_pg_health h;
	ngx_uint_t waited;

	for (waited = 0; waited < A0L_NGX_FIRST_LOAD_MS; waited += 10) {
		for (l = a0l_stores(cycle); l != NULL; l = l->next) {
			if (l->pg == NULL)
				continue;
			auth0logout_pg_health_get(l->pg, &h);
			if (!h.loaded && !h.last_sync_failed)
				break;
		}
		if (l == NULL)
			return;
		ngx_msleep(10);
	}
}

/* Stops the loader (it waits for its thread), then frees the reader and
 * the store. */
static void a0l_store_stop(a0l_ngx_loaded_t *l)
{
	auth0logout_pg_free(l->pg);
	auth0logout_swapstore_reader_free(l->reader);
	auth0logout_swapstore_free(l->ss);
	l->pg = NULL;
	l->reader = NULL;
	l->ss = NULL;
}

static ngx_int_t a0l_init_process(ngx_cycle_t *cycle)
{
	a0l_ngx_loaded_t *l;

	a0l_buf = ngx_alloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE, cycle->log);
	a0l_oidc_buf = ngx_alloc(AUTH0LOGOUT_OIDC_BUFFER_SIZE, cycle->log);
	a0l_body = ngx_alloc(A0L_NGX_MAX_BODY + 1, cycle->log);
	a0l_scratch = ngx_alloc(A0L_NGX_MAX_BODY + 1, cycle->log);
	a0l_target = ngx_alloc(AUTH0LOGOUT_MAX_QUERY + 3, cycle->log);
	a0l_arena = ngx_alloc(A0L_NGX_ARENA, cycle->log);
	if (a0l_buf == NULL || a0l_oidc_buf == NULL || a0l_body == NULL ||
	    a0l_scratch == NULL || a0l_target == NULL || a0l_arena == NULL)
		return NGX_ERROR;
	/* a0l_send copies each response out and frees it before the next. */
	a0l_response_arena(a0l_arena, A0L_NGX_ARENA);
	/* The cache manager and loader serve no request. */
	if (ngx_process == NGX_PROCESS_HELPER)
		return NGX_OK;
	for (l = a0l_stores(cycle); l != NULL; l = l->next)
		if (a0l_store_start(cycle, l) != NGX_OK)
			return NGX_ERROR;
	a0l_stores_wait(cycle);
	return NGX_OK;
}

static void a0l_exit_process(ngx_cycle_t *cycle)
{
	a0l_ngx_loaded_t *l;

	for (l = a0l_stores(cycle); l != NULL; l = l->next)
		a0l_store_stop(l);
	ngx_free(a0l_buf);
	ngx_free(a0l_oidc_buf);
	ngx_free(a0l_body);
	ngx_free(a0l_scratch);
	ngx_free(a0l_target);
	a0l_response_arena(NULL, 0);
	ngx_free(a0l_arena);
	a0l_buf = a0l_oidc_buf = a0l_body = a0l_scratch = a0l_target = NULL;
	a0l_arena = NULL;
}

/* ---- requests ----------------------------------------------------------- */

/* The first request header field named name (NUL-terminated value), or
 * NULL. */
static const char *a0l_header(ngx_http_request_t *r, const char *name, size_t n)
{
	ngx_list_part_t *part = &r->headers_in.headers.part;
	ngx_table_elt_t *h = part->elts;
	ngx_uint_t i;

	for (i = 0;; i++) {
		if (i >= part->nelts) {
			if (part->next == NULL)
				return NULL;
			part = part->next;
			h = part->elts;
			i = 0;
			if (part->nelts == 0)
				continue;
		}
		if (h[i].key.len == n &&
		    ngx_strncasecmp(h[i].key.data, (u_char *)name, n) == 0)
			return (const char *)h[i].value.data;
	}
}

#define A0L_HEADER(r, lit) a0l_header(r, lit, sizeof(lit) - 1)

static int a0l_https(ngx_http_request_t *r)
{
#if (NGX_HTTP_SSL)
	if (r->connection->ssl != NULL)
		return 1;
#endif
	return a0l_proto_https(A0L_HEADER(r, "X-Forwarded-Proto"));
}

/* The request target as the client sent it: origin form, or absolute form
 * from its scheme on (R9.4, R9.5). */
static void a0l_raw_target(ngx_http_request_t *r, const char **t, size_t *n)
{
	u_char *start = r->unparsed_uri.data;
	u_char *end = r->unparsed_uri.data + r->unparsed_uri.len;

	if (r->schema_start != NULL && r->schema_start < start)
		start = r->schema_start;
	*t = (const char *)start;
	*n = (size_t)(end - start);
}

static ngx_table_elt_t *a0l_push(ngx_http_request_t *r, const char *name,
                                 const char *value, size_t vlen)
{
	ngx_table_elt_t *h = ngx_list_push(&r->headers_out.headers);

	if (h == NULL)
		return NULL;
	h->hash = 1;
	h->key.data = (u_char *)name;
	h->key.len = ngx_strlen(name);
	h->value.data = ngx_pnalloc(r->pool, vlen + 1);
	if (h->value.data == NULL)
		return NULL;
	ngx_memcpy(h->value.data, value, vlen);
	h->value.data[vlen] = '\0';
	h->value.len = vlen;
#if (nginx_version >= 1023000)
	h->next = NULL;
#endif
	return h;
}

/* Sends response a (freed here) and returns what the handler returns. */
static ngx_int_t a0l_send(ngx_http_request_t *r, struct a0l_response *a,
                          int head)
{
	ngx_table_elt_t *h;
	ngx_int_t rc;
	ngx_buf_t *b = NULL;
	ngx_chain_t out;
	size_t i, n;
	u_char len[NGX_OFF_T_LEN + 1];
	a0l_ngx_ctx_t *ctx =
	    ngx_http_get_module_ctx(r, ngx_http_auth0logout_module);

	if (ctx != NULL)
		ctx->outcome = a->outcome;
	r->headers_out.status = (ngx_uint_t)a->status;
#if (NGX_HTTP_GZIP)
	/* The bytes are the contract's (R9.1): never gzipped. */
	r->gzip_tested = 1;
	r->gzip_ok = 0;
#endif
	n = ngx_strlen(a->status_line);
	r->headers_out.status_line.data = ngx_pnalloc(r->pool, n);
	if (r->headers_out.status_line.data == NULL)
		goto fail;
	ngx_memcpy(r->headers_out.status_line.data, a->status_line, n);
	r->headers_out.status_line.len = n;
	for (i = 0; i < a->n_headers; i++)
		if (a0l_push(r, a->headers[i].name, a->headers[i].value,
		             ngx_strlen(a->headers[i].value)) == NULL)
			goto fail;
	n = (size_t)(ngx_sprintf(len, "%uz", a->body_len) - len);
	h = a0l_push(r, "Content-Length", (const char *)len, n);
	if (h == NULL)
		goto fail;
	r->headers_out.content_length = h;
	r->headers_out.content_length_n = (off_t)a->body_len;
	if (!head && a->body_len > 0) {
		b = ngx_create_temp_buf(r->pool, a->body_len);
		if (b == NULL)
			goto fail;
		b->last = ngx_cpymem(b->last, a->body, a->body_len);
		b->last_buf = (r == r->main) ? 1 : 0;
		b->last_in_chain = 1;
	} else {
		r->header_only = 1;
	}
	a0l_response_free(a);
	rc = ngx_http_send_header(r);
	if (rc == NGX_ERROR || rc > NGX_OK || r->header_only || b == NULL)
		return rc;
	out.buf = b;
	out.next = NULL;
	return ngx_http_output_filter(r, &out);
fail:
	a0l_response_free(a);
	return NGX_HTTP_INTERNAL_SERVER_ERROR;
}

static ngx_int_t a0l_refuse_allow(ngx_http_request_t *r, a0l_ngx_loc_conf_t *lc,
                                  int head, int status, const char *description,
                                  const char *allow)
{
	struct a0l_response a;
	ngx_int_t rc;

	/* A body not read yet is dropped, never read as the next request
	 * (a no-op once the body is read or dropped). */
	rc = ngx_http_discard_request_body(r);
	if (rc != NGX_OK)
		return rc;
	a0l_response_refusal_allow(&lc->resp, status, description,
	                           a0l_accept_json(A0L_HEADER(r, "Accept")),
	                           allow, &a);
	return a0l_send(r, &a, head);
}

static ngx_int_t a0l_refuse(ngx_http_request_t *r, a0l_ngx_loc_conf_t *lc,
                            int head, int status, const char *description)
{
	return a0l_refuse_allow(r, lc, head, status, description, "GET, HEAD");
}

static void a0l_log_server_error(ngx_http_request_t *r,
                                 const auth0logout_decision *d)
{
	if (d->outcome == AUTH0LOGOUT_OUTCOME_ERROR && d->http_status >= 500)
		ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
		              "auth0logout: server error: %s",
		              d->error_description != NULL
		                  ? d->error_description
		                  : auth0logout_status_message((int)d->status));
}

/* The decision's list and client_id for the access log (the client_id
 * lives in the worker's buffer, which the next decision reuses: copied
 * into the request's pool). */
static void a0l_keep_for_log(ngx_http_request_t *r,
                             const auth0logout_decision *d)
{
	a0l_ngx_ctx_t *ctx =
	    ngx_http_get_module_ctx(r, ngx_http_auth0logout_module);

	if (ctx == NULL)
		return;
	ctx->list = auth0logout_list_name((int)d->list);
	if (d->client_id != NULL && d->client_id_len > 0 &&
	    d->client_id_len <= AUTH0LOGOUT_MAX_CLIENT_ID) {
		ctx->client_id.data = ngx_pnalloc(r->pool, d->client_id_len);
		if (ctx->client_id.data != NULL) {
			ngx_memcpy(ctx->client_id.data, d->client_id,
			           d->client_id_len);
			ctx->client_id.len = d->client_id_len;
		}
	}
}

static ngx_int_t a0l_send_decision(ngx_http_request_t *r,
                                   a0l_ngx_loc_conf_t *lc, int head,
                                   const auth0logout_decision *d,
                                   int clear_consent)
{
	struct a0l_response a;

	a0l_keep_for_log(r, d);
	a0l_log_server_error(r, d);
	if (a0l_response_decision(&lc->resp, d,
	                          a0l_accept_json(A0L_HEADER(r, "Accept")),
	                          &a) != 0)
		ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
		              "auth0logout: out of memory");
	if (clear_consent)
		a0l_response_add_header(
		    &a, "Set-Cookie",
		    a0l_consent_clear_cookie(clear_consent == 2));
	return a0l_send(r, &a, head);
}

static void a0l_request_env(ngx_http_request_t *r, a0l_ngx_loc_conf_t *lc,
                            auth0logout_oidc_env *env)
{
	const char *sid;
	size_t n;

	*env = lc->cfg->env;
	if (lc->sid_cookie.len > 0 &&
	    a0l_cookie_value(A0L_HEADER(r, "Cookie"),
	                     (const char *)lc->sid_cookie.data, &sid, &n) &&
	    n > 0) {
		env->session_sid = sid;
		env->session_sid_len = n;
	}
}

/* /oidc/logout, GET (the target) or POST (the body, len bytes in
 * a0l_body). */
static ngx_int_t a0l_serve_oidc(ngx_http_request_t *r, a0l_ngx_loc_conf_t *lc,
                                const char *input, size_t len, int post)
{
	auth0logout_oidc_env env;
	auth0logout_decision d;

	if (post && len > 0 && !a0l_target_ok(input, len))
		return a0l_refuse(r, lc, 0, 400,
		                  "The request body contains a control byte, "
		                  "a space or a non-ASCII byte.");
	a0l_request_env(r, lc, &env);
	if (a0l_swapstore_unloaded(lc->cfg->ss))
		a0l_decision_unloaded(&d); /* R10.4 */
	else
		auth0logout_decide_oidc_query(&lc->cfg->store, &env, input, len,
		                              post ? AUTH0LOGOUT_OIDC_FORM : 0,
		                              a0l_oidc_buf,
		                              AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d);
	if (d.outcome != AUTH0LOGOUT_OUTCOME_ERROR && d.confirm) {
		struct a0l_consent c;
		struct a0l_consent_page page;
		struct a0l_response a;
		const char *q = input;
		size_t qn = len;

		a0l_keep_for_log(r, &d);
		if (!post) {
			const char *mark = memchr(input, '?', len);

			qn = 0;
			q = input + len;
			if (mark != NULL) {
				q = mark + 1;
				while (q + qn < input + len && q[qn] != '#')
					qn++;
			}
		}
		if (a0l_consent_issue(q, qn, post, a0l_https(r),
		                      (long long)time(NULL), &c) != 0) {
			ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
			              "auth0logout: server error: no random "
			              "bytes for a consent page");
			return a0l_refuse(r, lc, 0, 500, "");
		}
		page.action = "/oidc/logout/confirm";
		page.request = q;
		page.request_len = qn;
		page.form = post;
		page.token = c.token;
		page.set_cookie = c.set_cookie;
		a0l_response_consent(&lc->resp, &d, &page, &a);
		return a0l_send(r, &a, 0);
	}
	return a0l_send_decision(r, lc, 0, &d, 0);
}

/* POST /oidc/logout/confirm, its body in a0l_body. */
static ngx_int_t a0l_serve_confirm(ngx_http_request_t *r,
                                   a0l_ngx_loc_conf_t *lc, size_t len)
{
	struct a0l_consent_form f;
	auth0logout_oidc_env env;
	auth0logout_decision d;
	const char *input;
	int https = a0l_https(r), rc;

	rc = a0l_consent_form_parse(a0l_body, len, a0l_scratch,
	                            A0L_NGX_MAX_BODY + 1, &f);
	if (rc != 0 || f.request_len > AUTH0LOGOUT_MAX_QUERY ||
	    (f.request_len > 0 && !a0l_target_ok(f.request, f.request_len)))
		rc = A0L_CONSENT_MALFORMED;
	else
		rc = a0l_consent_verify(A0L_HEADER(r, "Cookie"), https, &f,
		                        (long long)time(NULL));
	if (rc != A0L_CONSENT_OK)
		return a0l_refuse(r, lc, 0, 403, a0l_consent_message(rc));
	if (f.form) {
		input = f.request;
		len = f.request_len;
	} else {
		ngx_memcpy(a0l_target, "/?", 2);
		ngx_memcpy(a0l_target + 2, f.request, f.request_len);
		input = a0l_target;
		len = f.request_len + 2;
	}
	a0l_request_env(r, lc, &env);
	if (a0l_swapstore_unloaded(lc->cfg->ss))
		a0l_decision_unloaded(&d); /* R10.4 */
	else
		auth0logout_decide_oidc_query(
		    &lc->cfg->store, &env, input, len,
		    f.form ? AUTH0LOGOUT_OIDC_FORM : 0, a0l_oidc_buf,
		    AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d);
	return a0l_send_decision(r, lc, 0, &d, https ? 2 : 1);
}

static ngx_int_t a0l_serve_document(ngx_http_request_t *r,
                                    a0l_ngx_loc_conf_t *lc, int head,
                                    enum a0l_route route)
{
	struct a0l_response a;
	const char *doc = NULL;
	auth0logout_config_oidc *o = lc->cfg->oidc;

	if (auth0logout_config_oidc_issuer(o) != NULL)
		doc = route == A0L_ROUTE_DISCOVERY
		          ? auth0logout_config_oidc_discovery(o)
		          : auth0logout_config_oidc_jwks(o);
	if (doc == NULL)
		return a0l_refuse(
		    r, lc, head, 404,
		    route == A0L_ROUTE_DISCOVERY
		        ? "There is nothing here; no OpenID "
		          "Connect issuer is configured."
		        : "There is nothing here; no OpenID "
		          "Connect issuer or JWKS is configured.");
	a0l_response_document(doc, &a);
	return a0l_send(r, &a, head);
}

/* The body of a POST, read: into a0l_body (at most limit bytes; 413
 * past), then answered. */
static void a0l_body_read(ngx_http_request_t *r)
{
	a0l_ngx_loc_conf_t *lc =
	    ngx_http_get_module_loc_conf(r, ngx_http_auth0logout_module);
	a0l_ngx_ctx_t *ctx =
	    ngx_http_get_module_ctx(r, ngx_http_auth0logout_module);
	enum a0l_route route = ctx != NULL ? ctx->route : A0L_ROUTE_OIDC;
	size_t limit = route == A0L_ROUTE_CONFIRM ? A0L_NGX_MAX_BODY
	                                          : AUTH0LOGOUT_MAX_QUERY;
	size_t len = 0;
	ngx_chain_t *cl;
	ngx_int_t rc;

	if (r->request_body == NULL) {
		ngx_http_finalize_request(r, NGX_HTTP_INTERNAL_SERVER_ERROR);
		return;
	}
	for (cl = r->request_body->bufs; cl != NULL; cl = cl->next) {
		ngx_buf_t *b = cl->buf;
		size_t n;

		if (b->in_file) {
			ssize_t got;

			n = (size_t)(b->file_last - b->file_pos);
			if (n > limit - len)
				goto over;
			got = ngx_read_file(b->file, (u_char *)a0l_body + len,
			                    n, b->file_pos);
			if (got != (ssize_t)n) {
				ngx_http_finalize_request(
				    r, NGX_HTTP_INTERNAL_SERVER_ERROR);
				return;
			}
		} else {
			n = (size_t)(b->last - b->pos);
			if (n > limit - len)
				goto over;
			ngx_memcpy(a0l_body + len, b->pos, n);
		}
		len += n;
	}
	a0l_body[len] = '\0';
	if (route == A0L_ROUTE_CONFIRM)
		rc = a0l_serve_confirm(r, lc, len);
	else
		rc = a0l_serve_oidc(r, lc, a0l_body, len, 1);
	ngx_http_finalize_request(r, rc);
	return;
over:
	ngx_http_finalize_request(
	    r, a0l_refuse(r, lc, 0, 413,
	                  limit == AUTH0LOGOUT_MAX_QUERY
	                      ? "The request body is larger than 16 KiB."
	                      : "The request body is larger than a logout "
	                        "confirmation can be."));
}

/* A POST's media type (415) and length (411, 413) before its body is
 * read; then the body is read (asynchronously) and a0l_body_read
 * answers. */
static ngx_int_t a0l_post(ngx_http_request_t *r, a0l_ngx_loc_conf_t *lc,
                          enum a0l_route route)
{
	size_t limit = route == A0L_ROUTE_CONFIRM ? A0L_NGX_MAX_BODY
	                                          : AUTH0LOGOUT_MAX_QUERY;
	ngx_int_t rc;

	int status = 0;
	const char *why = NULL;

	if (!a0l_content_type_form(A0L_HEADER(r, "Content-Type"))) {
		status = 415;
		why = "The request body must be "
		      "application/x-www-form-urlencoded.";
	} else if (r->headers_in.content_length_n < 0 &&
	           !r->headers_in.chunked) {
		status = 411;
		why = "A POST must give the length of its body "
		      "(Content-Length).";
	} else if (r->headers_in.content_length_n > (off_t)limit) {
		status = 413;
		why = limit == AUTH0LOGOUT_MAX_QUERY
		          ? "The request body is larger than 16 KiB."
		          : "The request body is larger than a logout "
		            "confirmation can be.";
	}
	if (status != 0) {
		/* Refused before the body is read: nginx drops it, so that
		 * it is never read as the next request (and sets
		 * content_length_n to 0, hence the status first). */
		rc = ngx_http_discard_request_body(r);
		if (rc != NGX_OK)
			return rc;
		return a0l_refuse(r, lc, 0, status, why);
	}
	rc = ngx_http_read_client_request_body(r, a0l_body_read);
	if (rc >= NGX_HTTP_SPECIAL_RESPONSE)
		return rc;
	return NGX_DONE;
}

static ngx_int_t a0l_handler(ngx_http_request_t *r)
{
	a0l_ngx_loc_conf_t *lc =
	    ngx_http_get_module_loc_conf(r, ngx_http_auth0logout_module);
	const char *target;
	size_t tlen;
	int head = r->method == NGX_HTTP_HEAD;
	int get = r->method == NGX_HTTP_GET;
	int post = r->method == NGX_HTTP_POST;
	enum a0l_route route;
	auth0logout_decision d;
	ngx_int_t rc;

	a0l_ngx_ctx_t *ctx = ngx_pcalloc(r->pool, sizeof(*ctx));

	if (ctx == NULL)
		return NGX_HTTP_INTERNAL_SERVER_ERROR;
	ngx_http_set_ctx(r, ctx, ngx_http_auth0logout_module);
	a0l_raw_target(r, &target, &tlen);
	if (!post || lc->mode != A0L_MODE_OIDC) {
		rc = ngx_http_discard_request_body(r);
		if (rc != NGX_OK)
			return rc;
	}
	/* The same refusals, in the same order, as auth0logout-server. */
	if (tlen > A0L_NGX_MAX_TARGET)
		return a0l_refuse(r, lc, head, 414,
		                  "The request target is longer than 17 KiB.");
	if (!a0l_target_ok(target, tlen))
		return a0l_refuse(r, lc, head, 400,
		                  "The request target contains a control "
		                  "byte, a space or a non-ASCII byte.");
	route = a0l_route_of((const char *)r->uri.data, r->uri.len, 1);
	if (lc->mode == A0L_MODE_V2) {
		if (route != A0L_ROUTE_V2 &&
		    !(r->uri.len == lc->name.len &&
		      ngx_strncmp(r->uri.data, lc->name.data, r->uri.len) == 0))
			route = A0L_ROUTE_NONE;
		else
			route = A0L_ROUTE_V2;
	} else if (route == A0L_ROUTE_NONE || route == A0L_ROUTE_V2) {
		route = r->uri.len == lc->name.len &&
		                ngx_strncmp(r->uri.data, lc->name.data,
		                            r->uri.len) == 0
		            ? A0L_ROUTE_OIDC
		            : A0L_ROUTE_NONE;
	}
	ctx->route = route;
	if (route == A0L_ROUTE_NONE)
		return a0l_refuse(r, lc, head, 404,
		                  lc->mode == A0L_MODE_V2
		                      ? "There is nothing here; the logout "
		                        "endpoint is /v2/logout."
		                      : "There is nothing here; the logout "
		                        "endpoint is /oidc/logout.");
	if (route == A0L_ROUTE_OIDC && !get && !post)
		return a0l_refuse_allow(r, lc, head, 405,
		                        "Only GET and POST are served on "
		                        "/oidc/logout.",
		                        "GET, POST");
	if (route == A0L_ROUTE_CONFIRM && !post)
		return a0l_refuse_allow(r, lc, head, 405,
		                        "Only POST is served on "
		                        "/oidc/logout/confirm.",
		                        "POST");
	if (route != A0L_ROUTE_OIDC && route != A0L_ROUTE_CONFIRM && !head &&
	    !get)
		return a0l_refuse(r, lc, head, 405,
		                  "Only GET and HEAD are served.");
	if (lc->cfg == NULL || a0l_buf == NULL ||
	    (lc->cfg->conninfo.len > 0 && lc->cfg->reader == NULL)) {
		ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
		              "auth0logout: not configured");
		return a0l_refuse(r, lc, head, 500, "");
	}
	switch (route) {
	case A0L_ROUTE_OIDC:
		if (post)
			return a0l_post(r, lc, route);
		return a0l_serve_oidc(r, lc, target, tlen, 0);
	case A0L_ROUTE_CONFIRM:
		return a0l_post(r, lc, route);
	case A0L_ROUTE_DISCOVERY:
	case A0L_ROUTE_JWKS:
		return a0l_serve_document(r, lc, head, route);
	default:
		break;
	}
	/* /v2/logout: the whole target goes to the library (R9.4); a store
	 * that has never loaded fails every request (R10.4). */
	if (a0l_swapstore_unloaded(lc->cfg->ss))
		a0l_decision_unloaded(&d);
	else
		auth0logout_decide_query(&lc->cfg->store, target, tlen, a0l_buf,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
	return a0l_send_decision(r, lc, head, &d, 0);
}

/* auth0logout_health: this worker's loader, as JSON; 200 once it has
 * loaded, 503 before (a load balancer's check).  The body is
 * auth0logout_pg_health_json's object, never the connection string. */
static ngx_int_t a0l_health_handler(ngx_http_request_t *r)
{
	a0l_ngx_loc_conf_t *lc =
	    ngx_http_get_module_loc_conf(r, ngx_http_auth0logout_module);
	int head = r->method == NGX_HTTP_HEAD;
	auth0logout_pg_health h;
	struct a0l_response a;
	char json[A0L_NGX_HEALTH_JSON];
	size_t n;
	ngx_int_t rc;
	a0l_ngx_ctx_t *ctx = ngx_pcalloc(r->pool, sizeof(*ctx));

	if (ctx == NULL)
		return NGX_HTTP_INTERNAL_SERVER_ERROR;
	ngx_http_set_ctx(r, ctx, ngx_http_auth0logout_module);
	rc = ngx_http_discard_request_body(r);
	if (rc != NGX_OK)
		return rc;
	if (r->method != NGX_HTTP_GET && !head)
		return a0l_refuse(r, lc, head, 405,
		                  "Only GET and HEAD are served.");
	ngx_memzero(&h, sizeof(h));
	h.age_ms = -1;
	if (lc->cfg != NULL && lc->cfg->pg != NULL)
		auth0logout_pg_health_get(lc->cfg->pg, &h);
	else
		ngx_cpystrn((u_char *)h.last_error,
		            (u_char *)"the loader did not start",
		            sizeof(h.last_error));
	n = auth0logout_pg_health_json(&h, json, sizeof(json));
	if (n == 0) {
		ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
		              "auth0logout: the health does not fit %d bytes",
		              A0L_NGX_HEALTH_JSON);
		return a0l_refuse(r, lc, head, 500, "");
	}
	a0l_response_health(&a, h.loaded, json, n);
	return a0l_send(r, &a, head);
}
