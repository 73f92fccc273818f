/* SPDX-License-Identifier: MIT */
/*
 * auth0logout-cgi - GET /v2/logout, GET and POST /oidc/logout and the
 * OpenID Connect discovery documents as a CGI or FastCGI program.
 *
 * One binary serves both interfaces:
 *
 *   - Plain CGI (RFC 3875): the web server starts the program once per
 *     request with the request in the environment (REQUEST_METHOD,
 *     QUERY_STRING, HTTPS) and reads the response from stdout.
 *   - FastCGI: a FastCGI process manager (lighttpd's "bin-path", spawn-fcgi,
 *     ...) starts the program with a listening socket as stdin; it then
 *     answers requests over that socket until it is told to stop (SIGTERM,
 *     SIGINT, or libfcgi's SIGUSR1).
 *
 * libfcgi's FCGX_IsCGI() tells the two apart: stdin is a listening socket
 * (getpeername fails with ENOTCONN) only under a FastCGI manager.  The
 * fcgiapp.h API does not serve plain CGI (FCGX_Accept_r fails with ENOTSOCK
 * there), so CGI mode reads getenv() and writes stdout itself.
 *
 * Environment (set by the web server's configuration, e.g. lighttpd's
 * setenv.add-environment for CGI or the FastCGI "bin-environment"):
 *
 *   AUTH0LOGOUT_CONFIG  the config (include/auth0logout/config.h): a JSON
 *                       file, or an auth0-deploy-cli export (a .yaml/.yml
 *                       file or a directory); read once at startup (so
 *                       once per request in CGI mode, once per process in
 *                       FastCGI mode)
 *   AUTH0LOGOUT_STORE   instead of AUTH0LOGOUT_CONFIG: a libpq connection
 *                       string (postgresql://... or "host=... dbname=..."):
 *                       the allow-lists come from PostgreSQL (R10,
 *                       auth0logout/pg.h).  In FastCGI mode the loader's
 *                       thread loads the tenant once and follows its
 *                       changes live (every logout request is 500 until
 *                       the first load, R10.4); in CGI mode each request's
 *                       process loads the whole tenant once,
 *                       synchronously (one connection and one full load
 *                       per request: run it as FastCGI).  Each FastCGI
 *                       process holds one connection and makes one full
 *                       load at its start.  A string libpq cannot parse
 *                       makes every request a 500, logged without it
 *   AUTH0LOGOUT_TENANT  with AUTH0LOGOUT_STORE (required): the tenant's id
 *   AUTH0LOGOUT_CLIENT_ID_FROM
 *                       "name": key clients without client_id by their
 *                       name, as auth0logout's --client-id-from name;
 *                       any other non-empty value is a configuration error
 *   AUTH0LOGOUT_KEYWORD_KEY
 *                       the value of placeholder ##KEY## in the config
 *                       (auth0logout's --define KEY=VALUE).  Only variables
 *                       with this prefix are read: in CGI mode the
 *                       environment also holds the request (HTTP_*
 *                       headers), which must never reach an allow-list.
 *   AUTH0LOGOUT_COOKIE  the session cookie cleared on logout (default
 *                       "a0session"); must be an RFC 6265 token
 *   AUTH0LOGOUT_HINTS   "1": show the hint of a not_allowed error on the
 *                       error page (it quotes allow-list entries; R9.3)
 *   AUTH0LOGOUT_MAX_TOKEN_AGE
 *                       seconds: refuse an id_token_hint issued (iat)
 *                       longer ago (R8.10; default: no limit)
 *   AUTH0LOGOUT_SID_COOKIE
 *                       the cookie holding the browser session's sid:
 *                       /oidc/logout asks for consent when it differs
 *                       from the id_token_hint's sid (R8.7); must be an
 *                       RFC 6265 token
 *
 * Routes, by the request's path (SCRIPT_NAME, then PATH_INFO):
 *
 *   .../oidc/logout          GET (QUERY_STRING) or POST (the body,
 *                            application/x-www-form-urlencoded, else 415;
 *                            CONTENT_LENGTH at most 16 KiB, else 413
 *                            without reading it; none: 411) (R8)
 *   .../oidc/logout/confirm  POST: the confirmation of a consent page
 *                            (R8.7, adapters/common/consent.h; 403 when
 *                            it is not proven)
 *   .../.well-known/openid-configuration, .../.well-known/jwks.json
 *                            GET, HEAD: the discovery document and JWKS
 *                            of the config's "oidc" issuer (R8.11; 404
 *                            without one)
 *   .../v2/logout, or any other path without a PATH_INFO
 *                            GET, HEAD: /v2/logout, as before
 *
 * so that one program can be mounted at each of those URLs (or at a
 * prefix, with the route in PATH_INFO).  The consent cookie is
 * __Host-a0l_consent when HTTPS is "on", REQUEST_SCHEME "https" or
 * X-Forwarded-Proto "https", else a0l_consent; the consent is checked
 * statelessly, so any process can confirm what another issued.
 *
 * The decision is the library's and the response the adapters' one HTTP
 * contract (adapters/common/response.c, R9): for the same decision this
 * program sends the same status, headers and body as auth0logout-server.
 * QUERY_STRING is always a query string (R9.4): it reaches the library
 * as the query of the target "/?QUERY", never as a target or URL of its
 * own.  A QUERY_STRING with a control byte or a space (which a web server
 * should never pass) gets the server's 400, a PATH_INFO its 404, methods
 * other than GET and HEAD its 405 (HEAD gets the headers alone).  A missing
 * or invalid config or cookie name makes every request a 500 with a fixed
 * sentence; the reason goes to the web server's error log (stderr in CGI
 * mode, the request's FCGI_STDERR stream in FastCGI mode, and stderr at
 * startup).  The store's loader writes its lines to stderr.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcgiapp.h>
/* OS_LibShutdown: frees what FCGX_Init allocated, so that a CGI run ends
 * with nothing left on the heap. */
#include <fcgios.h>

#include "../common/consent.h"
#include "../common/response.h"
#include "auth0logout.h"
#include "auth0logout/config.h"
#include "auth0logout/pg.h"

#define PROG "auth0logout-cgi"

/* Placeholder ##KEY## of the config is the variable AUTH0LOGOUT_KEYWORD_KEY. */
#define KEYWORD_PREFIX "AUTH0LOGOUT_KEYWORD_"
/* A longer QUERY_STRING is refused with 414, as the server refuses a
 * longer target. */
#define MAX_QUERY (17u * 1024u)

/* ---- the process ------------------------------------------------------- */

/* The largest POST body taken (a confirmation's), and a request path
 * (SCRIPT_NAME and PATH_INFO) that names a route. */
#define MAX_BODY A0L_CONSENT_BODY_MAX
#define MAX_PATH 4096u

/* What every request of this process shares. */
struct app {
	auth0logout_memstore *ms; /* NULL when not configured */
	/* AUTH0LOGOUT_STORE: the swap store, its loader and the one reader
	 * requests decide through (a FastCGI process answers one request at
	 * a time); NULL otherwise. */
	auth0logout_swapstore *ss;
	auth0logout_pg *pg;
	auth0logout_swapstore_reader *reader;
	auth0logout_store store;
	/* /oidc/logout: the config's settings, their verifier and env (its
	 * session_sid set per request). */
	auth0logout_config_oidc *oidc;
	auth0logout_verifier verifier;
	auth0logout_oidc_env env;
	const char *sid_cookie; /* AUTH0LOGOUT_SID_COOKIE, or NULL */
	char *buf;              /* AUTH0LOGOUT_DECIDE_BUFFER_SIZE bytes */
	char *oidc_buf;         /* AUTH0LOGOUT_OIDC_BUFFER_SIZE bytes */
	/* "/?" and the query (R9.4): MAX_QUERY + 3 bytes, or a confirmed
	 * GET's; a POST body (MAX_BODY + 1) and the confirmation's decoded
	 * fields (as many). */
	char *target;
	char *body;
	char *scratch;
	struct a0l_response_config resp; /* the cookie's name, hints */
	/* Why every request gets a 500, for the error log; "" when ready. */
	char problem[sizeof(((auth0logout_config_diag *)0)->text) + 128];
};

/* The request, as the CGI meta-variables give it (NULL when unset),
 * and where its body comes from. */
struct request {
	const char *method;
	const char *query;
	const char *path_info;
	const char *script_name;
	const char *accept;
	const char *content_type;
	const char *content_length;
	const char *cookie;
	const char *https;           /* HTTPS ("on") */
	const char *scheme;          /* REQUEST_SCHEME */
	const char *forwarded_proto; /* HTTP_X_FORWARDED_PROTO */
	FCGX_Stream *in;             /* FastCGI; else stdin */
};

/* Where a response (or a log line) goes: a FastCGI stream, or a stdio
 * file in CGI mode. */
struct sink {
	FCGX_Stream *fcgi;
	FILE *fp;
	int failed;
};

static void put(struct sink *s, const char *p, size_t n)
{
	while (n > 0 && !s->failed) {
		size_t chunk = n > INT_MAX ? (size_t)INT_MAX : n;

		if (s->fcgi != NULL) {
			if (FCGX_PutStr(p, (int)chunk, s->fcgi) != (int)chunk)
				s->failed = 1;
		} else if (fwrite(p, 1, chunk, s->fp) != chunk) {
			s->failed = 1;
		}
		p += chunk;
		n -= chunk;
	}
}

static void put_str(struct sink *s, const char *str)
{
	put(s, str, strlen(str));
}

/* Writes "auth0logout-cgi: <a><b>\n" to the error log. */
static void log_line(struct sink *elog, const char *a, const char *b)
{
	put_str(elog, PROG ": ");
	put_str(elog, a);
	if (b != NULL)
		put_str(elog, b);
	put_str(elog, "\n");
	if (elog->fp != NULL)
		fflush(elog->fp);
}

/* The loader's lines, to stderr (the web server's error log).  In CGI
 * mode (ctx non-NULL) only its warnings: every request loads, its
 * progress would fill the log, and a load that fails says why itself. */
static void on_pg_log(void *ctx, int level, const char *msg)
{
	if (ctx != NULL && level != AUTH0LOGOUT_PG_LOG_WARNING)
		return;
	fprintf(stderr, PROG ": store: %s%s\n",
	        level == AUTH0LOGOUT_PG_LOG_ERROR     ? "error: "
	        : level == AUTH0LOGOUT_PG_LOG_WARNING ? "warning: "
	                                              : "",
	        msg);
}

/* AUTH0LOGOUT_STORE: the swap store, its reader (app->store), the oidc
 * settings of a config without an "oidc" object (no issuer: every
 * id_token_hint is invalid, no discovery) and the loader.  CGI mode loads
 * the tenant now, once; FastCGI mode starts the loader's thread, which
 * loads and then follows the changes.  Until a load has published, every
 * decision is a 500 (R10.4); a load that fails is logged, and the
 * decisions fail closed. */
static void app_store(struct app *app, const char *conninfo, const char *tenant,
                      int cgi, long max_token_age)
{
	static char cgi_mode; /* its address: the log's ctx in CGI mode */
	auth0logout_pg_options po;
	auth0logout_config_diag diag;
	auth0logout_status st;
	char err[1024];
	sigset_t stop, old;

	app->ss = auth0logout_swapstore_new();
	app->reader =
	    app->ss != NULL ? auth0logout_swapstore_reader_new(app->ss) : NULL;
	if (app->reader == NULL) {
		snprintf(app->problem, sizeof(app->problem), "out of memory");
		return;
	}
	auth0logout_swapstore_reader_store(app->reader, &app->store);
	if (auth0logout_config_oidc_new_empty(&app->oidc, &diag) !=
	    AUTH0LOGOUT_OK) {
		snprintf(app->problem, sizeof(app->problem), "config: %s",
		         diag.text);
		return;
	}
	auth0logout_config_oidc_set_max_age(app->oidc, max_token_age);
	auth0logout_config_oidc_verifier(app->oidc, &app->verifier);
	auth0logout_config_oidc_env(app->oidc, &app->verifier, &app->env);

	memset(&po, 0, sizeof(po));
	po.conninfo = conninfo;
	po.tenant = tenant;
	po.log = on_pg_log;
	po.log_ctx = cgi ? &cgi_mode : NULL;
	st = auth0logout_pg_new(&po, app->ss, &app->pg);
	if (st != AUTH0LOGOUT_OK) {
		/* Neither the string nor libpq's message is logged: either
		 * can quote the password. */
		snprintf(app->problem, sizeof(app->problem), "%s",
		         st == AUTH0LOGOUT_E_INVALID_ARGUMENT
		             ? "AUTH0LOGOUT_STORE: not a valid libpq "
		               "connection string"
		             : auth0logout_status_message((int)st));
		return;
	}
	if (cgi) {
		err[0] = '\0';
		st = auth0logout_pg_load(app->pg, err, sizeof err);
		if (st != AUTH0LOGOUT_OK)
			fprintf(stderr, PROG ": store: tenant \"%s\": %s\n",
			        tenant,
			        err[0] != '\0'
			            ? err
			            : auth0logout_status_message((int)st));
		return;
	}
	/* The loader's thread must not take the stop signals meant for the
	 * accept loop (see catch_stop_signals): it starts with them
	 * blocked. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	st = auth0logout_pg_start(app->pg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (st != AUTH0LOGOUT_OK)
		snprintf(app->problem, sizeof(app->problem),
		         "cannot start the store's loader thread");
}

/* Reads the environment and the config (or the store).  Never fails: what
 * is wrong is kept in app->problem and answered with a 500 on every
 * request.  cgi: plain CGI mode (one request per process). */
static void app_init(struct app *app, int cgi)
{
	const char *path = getenv("AUTH0LOGOUT_CONFIG");
	const char *store = getenv("AUTH0LOGOUT_STORE");
	const char *tenant = getenv("AUTH0LOGOUT_TENANT");
	const char *cookie = getenv("AUTH0LOGOUT_COOKIE");
	const char *from = getenv("AUTH0LOGOUT_CLIENT_ID_FROM");
	auth0logout_config_options opt;
	auth0logout_config_diag diag;
	auth0logout_status st;

	const char *hints = getenv("AUTH0LOGOUT_HINTS");
	const char *sid = getenv("AUTH0LOGOUT_SID_COOKIE");
	const char *max_age = getenv("AUTH0LOGOUT_MAX_TOKEN_AGE");
	long max_token_age = 0;
	auth0logout_config *read = NULL;

	memset(app, 0, sizeof(*app));
	app->resp.cookie = A0L_DEFAULT_COOKIE;
	/* R9.3: hints quote allow-list entries; shown only when asked. */
	app->resp.hints = hints != NULL && strcmp(hints, "1") == 0;
	if (cookie != NULL && cookie[0] != '\0') {
		if (!a0l_cookie_name_ok(cookie)) {
			snprintf(app->problem, sizeof(app->problem),
			         "AUTH0LOGOUT_COOKIE is not a valid cookie "
			         "name (an RFC 6265 token of at most %d "
			         "bytes)",
			         A0L_COOKIE_NAME_MAX);
			return;
		}
		app->resp.cookie = cookie;
	}
	if (sid != NULL && sid[0] != '\0') {
		if (!a0l_cookie_name_ok(sid)) {
			snprintf(app->problem, sizeof(app->problem),
			         "AUTH0LOGOUT_SID_COOKIE is not a valid cookie "
			         "name (an RFC 6265 token of at most %d "
			         "bytes)",
			         A0L_COOKIE_NAME_MAX);
			return;
		}
		app->sid_cookie = sid;
	}
	if (max_age != NULL && max_age[0] != '\0') {
		char *end;
		errno = 0;
		max_token_age = strtol(max_age, &end, 10);
		if (max_age[0] < '0' || max_age[0] > '9' || *end != '\0' ||
		    errno != 0 || max_token_age < 1 ||
		    max_token_age > 31536000) {
			snprintf(app->problem, sizeof(app->problem),
			         "AUTH0LOGOUT_MAX_TOKEN_AGE must be a number "
			         "of seconds from 1 to 31536000, or unset");
			return;
		}
	}
	if (store != NULL && store[0] != '\0') {
		if (path != NULL && path[0] != '\0') {
			snprintf(app->problem, sizeof(app->problem),
			         "AUTH0LOGOUT_CONFIG and AUTH0LOGOUT_STORE are "
			         "both set; set one (a config file, or a "
			         "PostgreSQL store)");
			return;
		}
		if (tenant == NULL || tenant[0] == '\0') {
			snprintf(app->problem, sizeof(app->problem),
			         "AUTH0LOGOUT_STORE needs AUTH0LOGOUT_TENANT, "
			         "the id of the tenant to serve");
			return;
		}
		for (const char *c = tenant; *c != '\0'; c++) {
			if ((unsigned char)*c < 0x20 || *c == 0x7F) {
				snprintf(app->problem, sizeof(app->problem),
				         "AUTH0LOGOUT_TENANT contains a "
				         "control character");
				return;
			}
		}
		if (from != NULL && from[0] != '\0') {
			snprintf(app->problem, sizeof(app->problem),
			         "AUTH0LOGOUT_CLIENT_ID_FROM applies to "
			         "AUTH0LOGOUT_CONFIG only: the store's objects "
			         "are taken as stored");
			return;
		}
	} else if (tenant != NULL && tenant[0] != '\0') {
		snprintf(app->problem, sizeof(app->problem),
		         "AUTH0LOGOUT_TENANT is set but AUTH0LOGOUT_STORE is "
		         "not; set both (PostgreSQL) or AUTH0LOGOUT_CONFIG "
		         "alone");
		return;
	} else if (path == NULL || path[0] == '\0') {
		snprintf(app->problem, sizeof(app->problem),
		         "AUTH0LOGOUT_CONFIG is not set; set it to the JSON "
		         "config file in the web server's configuration (or "
		         "AUTH0LOGOUT_STORE and AUTH0LOGOUT_TENANT)");
		return;
	}
	memset(&opt, 0, sizeof(opt));
	opt.flags = AUTH0LOGOUT_CONFIG_ENVIRONMENT;
	opt.env_prefix = KEYWORD_PREFIX;
	if (from != NULL && from[0] != '\0') {
		if (strcmp(from, "name") != 0) {
			snprintf(app->problem, sizeof(app->problem),
			         "AUTH0LOGOUT_CLIENT_ID_FROM must be \"name\" "
			         "or unset");
			return;
		}
		opt.flags |= AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME;
	}
	app->buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	app->oidc_buf = malloc(AUTH0LOGOUT_OIDC_BUFFER_SIZE);
	app->target = malloc(MAX_QUERY + 3);
	app->body = malloc(MAX_BODY + 1);
	app->scratch = malloc(MAX_BODY + 1);
	if (app->buf == NULL || app->oidc_buf == NULL || app->target == NULL ||
	    app->body == NULL || app->scratch == NULL) {
		snprintf(app->problem, sizeof(app->problem), "out of memory");
		return;
	}
	if (store != NULL && store[0] != '\0') {
		app_store(app, store, tenant, cgi, max_token_age);
		return;
	}
	/* The store and the oidc settings from one reading of the file. */
	if (auth0logout_config_read_file(path, strlen(path), &opt, &read,
	                                 &diag) != AUTH0LOGOUT_OK ||
	    auth0logout_config_build(read, &app->ms, &diag) != AUTH0LOGOUT_OK ||
	    auth0logout_config_oidc_new(read, &app->oidc, &diag) !=
	        AUTH0LOGOUT_OK) {
		snprintf(app->problem, sizeof(app->problem), "config: %s",
		         diag.text);
		auth0logout_config_free(read);
		auth0logout_memstore_free(app->ms);
		app->ms = NULL;
		return;
	}
	auth0logout_config_free(read);
	st = auth0logout_memstore_get(app->ms, &app->store);
	if (st != AUTH0LOGOUT_OK) {
		snprintf(app->problem, sizeof(app->problem), "config: %s: %s",
		         path, auth0logout_status_message((int)st));
		auth0logout_memstore_free(app->ms);
		app->ms = NULL;
		return;
	}
	auth0logout_config_oidc_set_max_age(app->oidc, max_token_age);
	auth0logout_config_oidc_verifier(app->oidc, &app->verifier);
	auth0logout_config_oidc_env(app->oidc, &app->verifier, &app->env);
}

static void app_free(struct app *app)
{
	/* The loader first (it writes the store), then the reader, then the
	 * store. */
	auth0logout_pg_free(app->pg);
	auth0logout_swapstore_reader_free(app->reader);
	auth0logout_swapstore_free(app->ss);
	app->pg = NULL;
	app->reader = NULL;
	app->ss = NULL;
	auth0logout_memstore_free(app->ms);
	auth0logout_config_oidc_free(app->oidc);
	free(app->buf);
	free(app->oidc_buf);
	free(app->target);
	free(app->body);
	free(app->scratch);
	app->ms = NULL;
	app->oidc = NULL;
	app->buf = NULL;
	app->oidc_buf = NULL;
	app->target = NULL;
	app->body = NULL;
	app->scratch = NULL;
}

/* ---- the response ------------------------------------------------------ */

/* Writes response a (adapters/common/response.h) as CGI output: Status,
 * the headers, Content-Length, a blank line, and the body unless HEAD.
 * The header lines end in LF (RFC 3875 section 7.2, UNIX). */
static void put_response(struct sink *out, const struct a0l_response *a,
                         int head)
{
	char len[32];

	put_str(out, "Status: ");
	put_str(out, a->status_line);
	put_str(out, "\n");
	for (size_t i = 0; i < a->n_headers; i++) {
		put_str(out, a->headers[i].name);
		put_str(out, ": ");
		put_str(out, a->headers[i].value);
		put_str(out, "\n");
	}
	snprintf(len, sizeof len, "Content-Length: %zu\n\n", a->body_len);
	put_str(out, len);
	if (!head)
		put(out, a->body, a->body_len);
}

/* An answer of the program's own: the server's, byte for byte; a 405
 * carries Allow: allow. */
static void refuse_allow(const struct app *app, const struct request *req,
                         struct sink *out, int head, int status,
                         const char *description, const char *allow)
{
	struct a0l_response a;

	a0l_response_refusal_allow(&app->resp, status, description,
	                           a0l_accept_json(req->accept), allow, &a);
	put_response(out, &a, head);
	a0l_response_free(&a);
}

static void refuse(const struct app *app, const struct request *req,
                   struct sink *out, int head, int status,
                   const char *description)
{
	refuse_allow(app, req, out, head, status, description, "GET, HEAD");
}

/* The route of a request: by the end of SCRIPT_NAME and PATH_INFO
 * together, so that the program serves its URLs wherever it is mounted;
 * any other path is /v2/logout when there is no PATH_INFO (the program
 * mounted at a URL of its own), else nothing (404).  path gets the
 * request's path (cap bytes, NUL-terminated; cut when longer, and then
 * named no route). */
static enum a0l_route route_of(const struct request *req, char *path,
                               size_t cap)
{
	const char *sn = req->script_name != NULL ? req->script_name : "";
	const char *pi = req->path_info != NULL ? req->path_info : "";
	size_t a = strlen(sn), b = strlen(pi);

	path[0] = '\0';
	if (a + b >= cap)
		return pi[0] != '\0' ? A0L_ROUTE_NONE : A0L_ROUTE_V2;
	memcpy(path, sn, a);
	memcpy(path + a, pi, b + 1);
	enum a0l_route route = a0l_route_of(path, a + b, 1);
	return route == A0L_ROUTE_NONE && pi[0] == '\0' ? A0L_ROUTE_V2 : route;
}

/* Whether the request came over https (it names the consent cookie). */
static int over_https(const struct request *req)
{
	return (req->https != NULL && (strcmp(req->https, "on") == 0 ||
	                               strcmp(req->https, "ON") == 0)) ||
	       a0l_proto_https(req->scheme) ||
	       a0l_proto_https(req->forwarded_proto);
}

/* R9.2: the cause of a 500 goes to the log, never to the client. */
static void log_server_error(struct sink *elog, const auth0logout_decision *d)
{
	if (d->outcome == AUTH0LOGOUT_OUTCOME_ERROR && d->http_status >= 500)
		log_line(elog, "server error: ",
		         d->error_description != NULL
		             ? d->error_description
		             : auth0logout_status_message((int)d->status));
}

/* The decision as the response, the consent cookie cleared too when
 * clear_consent is 1 (http) or 2 (https). */
static void put_decision(struct app *app, const struct request *req,
                         struct sink *out, struct sink *elog, int head,
                         const auth0logout_decision *d, int clear_consent)
{
	struct a0l_response a;

	log_server_error(elog, d);
	if (a0l_response_decision(&app->resp, d, a0l_accept_json(req->accept),
	                          &a) != 0)
		log_line(elog, "out of memory", NULL);
	if (clear_consent)
		a0l_response_add_header(
		    &a, "Set-Cookie",
		    a0l_consent_clear_cookie(clear_consent == 2));
	put_response(out, &a, head);
	a0l_response_free(&a);
}

/* Reads n bytes of the body into buf; 0, or -1 when it ends early. */
static int read_body(const struct request *req, char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		size_t chunk = n - got > INT_MAX ? (size_t)INT_MAX : n - got;
		size_t k;

		if (req->in != NULL) {
			int r = FCGX_GetStr(buf + got, (int)chunk, req->in);

			k = r > 0 ? (size_t)r : 0;
		} else {
			k = fread(buf + got, 1, chunk, stdin);
		}
		if (k == 0)
			return -1;
		got += k;
	}
	return 0;
}

/* A POST's body into app->body: its media type (415), CONTENT_LENGTH
 * (411 when missing, 400 when not a number, 413 over limit, never read
 * then), then the bytes.  Returns the length, or (size_t)-1 after
 * answering. */
static size_t take_body(struct app *app, const struct request *req,
                        struct sink *out, size_t limit)
{
	const char *cl = req->content_length;
	unsigned long long n = 0;
	size_t i;

	if (!a0l_content_type_form(req->content_type)) {
		refuse(app, req, out, 0, 415,
		       "The request body must be "
		       "application/x-www-form-urlencoded.");
		return (size_t)-1;
	}
	if (cl == NULL || cl[0] == '\0') {
		refuse(app, req, out, 0, 411,
		       "A POST must give the length of its body "
		       "(Content-Length).");
		return (size_t)-1;
	}
	for (i = 0; cl[i] >= '0' && cl[i] <= '9'; i++)
		n = n > limit ? n : n * 10 + (unsigned)(cl[i] - '0');
	if (cl[i] != '\0') {
		refuse(app, req, out, 0, 400,
		       "The Content-Length is not a number.");
		return (size_t)-1;
	}
	if (n > limit) {
		refuse(app, req, out, 0, 413,
		       limit == AUTH0LOGOUT_MAX_QUERY
		           ? "The request body is larger than 16 KiB."
		           : "The request body is larger than a logout "
		             "confirmation can be.");
		return (size_t)-1;
	}
	if (read_body(req, app->body, (size_t)n) != 0) {
		refuse(app, req, out, 0, 400,
		       "The request body is shorter than its Content-Length.");
		return (size_t)-1;
	}
	app->body[n] = '\0';
	return (size_t)n;
}

/* The env of this request: the config's, with the browser session's sid
 * from AUTH0LOGOUT_SID_COOKIE (R8.7). */
static void request_env(const struct app *app, const struct request *req,
                        auth0logout_oidc_env *env)
{
	const char *sid;
	size_t n;

	*env = app->env;
	if (app->sid_cookie != NULL &&
	    a0l_cookie_value(req->cookie, app->sid_cookie, &sid, &n) && n > 0) {
		env->session_sid = sid;
		env->session_sid_len = n;
	}
}

/* Whether the request's path can stand in the consent form's action as
 * it is: printable ASCII that neither ends the path ('?', '#') nor needs
 * escaping. */
static int action_ok(const char *path)
{
	for (size_t i = 0; path[i] != '\0'; i++) {
		unsigned char c = (unsigned char)path[i];

		if (c <= 0x20 || c >= 0x7F || strchr("?#%\"'<>\\`", c) != NULL)
			return 0;
	}
	return path[0] == '/';
}

static const char body_bytes[] = "The request body contains a control byte, "
                                 "a space or a non-ASCII byte.";

/* GET or POST /oidc/logout (R8): the decision, or the consent page. */
static void serve_oidc(struct app *app, const struct request *req,
                       struct sink *out, struct sink *elog, const char *path,
                       int post)
{
	const char *query = req->query != NULL ? req->query : "";
	size_t qlen = strlen(query), len;
	const char *input;
	auth0logout_oidc_env env;
	auth0logout_decision d;

	if (post) {
		len = take_body(app, req, out, AUTH0LOGOUT_MAX_QUERY);
		if (len == (size_t)-1)
			return;
		/* R9.4 for a body: what a form sends is printable ASCII,
		 * and only that comes back through the consent page
		 * unchanged. */
		if (len > 0 && !a0l_target_ok(app->body, len)) {
			refuse(app, req, out, 0, 400, body_bytes);
			return;
		}
		input = app->body;
	} else {
		/* R9.4, as for /v2/logout: the query of "/?QUERY". */
		memcpy(app->target, "/?", 2);
		memcpy(app->target + 2, query, qlen);
		input = app->target;
		len = qlen + 2;
	}
	request_env(app, req, &env);
	if (a0l_swapstore_unloaded(app->ss))
		a0l_decision_unloaded(&d); /* R10.4 */
	else
		auth0logout_decide_oidc_query(&app->store, &env, input, len,
		                              post ? AUTH0LOGOUT_OIDC_FORM : 0,
		                              app->oidc_buf,
		                              AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d);
	if (d.outcome != AUTH0LOGOUT_OUTCOME_ERROR && d.confirm) {
		/* R8.7: nothing is done yet; the form carries the request
		 * as given, the body or QUERY_STRING. */
		struct a0l_consent c;
		struct a0l_consent_page page;
		struct a0l_response a;
		char action[MAX_PATH + 16];

		if (a0l_consent_issue(post ? app->body : query,
		                      post ? len : qlen, post, over_https(req),
		                      (long long)time(NULL), &c) != 0) {
			log_line(elog,
			         "server error: no random bytes for a "
			         "consent page",
			         NULL);
			refuse(app, req, out, 0, 500, "");
			return;
		}
		if (action_ok(path) && strlen(path) < MAX_PATH)
			snprintf(action, sizeof action, "%s/confirm", path);
		else
			snprintf(action, sizeof action, "/oidc/logout/confirm");
		page.action = action;
		page.request = post ? app->body : query;
		page.request_len = post ? len : qlen;
		page.form = post;
		page.token = c.token;
		page.set_cookie = c.set_cookie;
		if (a0l_response_consent(&app->resp, &d, &page, &a) != 0)
			log_line(elog, "out of memory", NULL);
		put_response(out, &a, 0);
		a0l_response_free(&a);
		return;
	}
	put_decision(app, req, out, elog, 0, &d, 0);
}

/* POST /oidc/logout/confirm (R8.7): the confirmation of a consent page,
 * proven by its token and cookie (else 403); then the same request
 * decided again and acted on. */
static void serve_confirm(struct app *app, const struct request *req,
                          struct sink *out, struct sink *elog)
{
	struct a0l_consent_form f;
	auth0logout_oidc_env env;
	auth0logout_decision d;
	const char *input;
	size_t len = take_body(app, req, out, MAX_BODY);
	int https = over_https(req), rc;

	if (len == (size_t)-1)
		return;
	rc = a0l_consent_form_parse(app->body, len, app->scratch, MAX_BODY + 1,
	                            &f);
	if (rc != 0 || f.request_len > AUTH0LOGOUT_MAX_QUERY ||
	    (f.request_len > 0 && !a0l_target_ok(f.request, f.request_len)))
		rc = A0L_CONSENT_MALFORMED;
	else
		rc = a0l_consent_verify(req->cookie, https, &f,
		                        (long long)time(NULL));
	if (rc != A0L_CONSENT_OK) {
		refuse(app, req, out, 0, 403, a0l_consent_message(rc));
		return;
	}
	if (f.form) {
		input = f.request;
		len = f.request_len;
	} else {
		memcpy(app->target, "/?", 2);
		memcpy(app->target + 2, f.request, f.request_len);
		input = app->target;
		len = f.request_len + 2;
	}
	request_env(app, req, &env);
	if (a0l_swapstore_unloaded(app->ss))
		a0l_decision_unloaded(&d); /* R10.4 */
	else
		auth0logout_decide_oidc_query(
		    &app->store, &env, input, len,
		    f.form ? AUTH0LOGOUT_OIDC_FORM : 0, app->oidc_buf,
		    AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d);
	/* Confirmed: acted on as if no consent were asked. */
	put_decision(app, req, out, elog, 0, &d, https ? 2 : 1);
}

/* GET /.well-known/openid-configuration and /.well-known/jwks.json
 * (R8.11), when the config has an issuer. */
static void serve_document(struct app *app, const struct request *req,
                           struct sink *out, int head, enum a0l_route route)
{
	struct a0l_response a;
	const char *doc = NULL;

	if (auth0logout_config_oidc_issuer(app->oidc) != NULL)
		doc = route == A0L_ROUTE_DISCOVERY
		          ? auth0logout_config_oidc_discovery(app->oidc)
		          : auth0logout_config_oidc_jwks(app->oidc);
	if (doc == NULL) {
		refuse(app, req, out, head, 404,
		       route == A0L_ROUTE_DISCOVERY
		           ? "There is nothing here; no OpenID Connect issuer "
		             "is configured."
		           : "There is nothing here; no OpenID Connect issuer "
		             "or JWKS is configured.");
		return;
	}
	a0l_response_document(doc, &a);
	put_response(out, &a, head);
	a0l_response_free(&a);
}

/* Answers one request. */
static void respond(struct app *app, const struct request *req,
                    struct sink *out, struct sink *elog)
{
	const char *query = req->query != NULL ? req->query : "";
	const char *method = req->method != NULL ? req->method : "";
	size_t qlen = strlen(query);
	auth0logout_decision d;
	struct a0l_response a;
	int head = strcmp(method, "HEAD") == 0;
	int get = strcmp(method, "GET") == 0;
	int post = strcmp(method, "POST") == 0;
	char path[MAX_PATH];
	enum a0l_route route;

	/* The same refusals, in the same order, as the server's (R9). */
	if (qlen > MAX_QUERY) {
		refuse(app, req, out, head, 414,
		       "The request target is longer than 17 KiB.");
		return;
	}
	if (qlen > 0 && !a0l_target_ok(query, qlen)) {
		refuse(app, req, out, head, 400,
		       "The request target contains a control byte, a space "
		       "or a non-ASCII byte.");
		return;
	}
	route = route_of(req, path, sizeof path);
	if (route == A0L_ROUTE_NONE) {
		refuse(app, req, out, head, 404,
		       "There is nothing here; the logout endpoint is "
		       "/v2/logout.");
		return;
	}
	if (route == A0L_ROUTE_OIDC && !get && !post) {
		refuse_allow(app, req, out, head, 405,
		             "Only GET and POST are served on /oidc/logout.",
		             "GET, POST");
		return;
	}
	if (route == A0L_ROUTE_CONFIRM && !post) {
		refuse_allow(app, req, out, head, 405,
		             "Only POST is served on /oidc/logout/confirm.",
		             "POST");
		return;
	}
	if (route != A0L_ROUTE_OIDC && route != A0L_ROUTE_CONFIRM && !head &&
	    !get) {
		refuse(app, req, out, head, 405,
		       "Only GET and HEAD are served.");
		return;
	}
	if (app->problem[0] != '\0') {
		log_line(elog, "not configured: ", app->problem);
		refuse(app, req, out, head, 500, "");
		return;
	}
	switch (route) {
	case A0L_ROUTE_OIDC:
		serve_oidc(app, req, out, elog, path, post);
		return;
	case A0L_ROUTE_CONFIRM:
		serve_confirm(app, req, out, elog);
		return;
	case A0L_ROUTE_DISCOVERY:
	case A0L_ROUTE_JWKS:
		serve_document(app, req, out, head, route);
		return;
	default:
		break;
	}

	/* R9.4: QUERY_STRING is always a query string.  Handed to the
	 * library as the query of a request target, "/?QUERY", it is read as
	 * the server reads the same bytes of a target: never as a target or
	 * URL of its own (a query starting with '/' or "scheme://"). */
	memcpy(app->target, "/?", 2);
	memcpy(app->target + 2, query, qlen);
	/* R10.4: a store that has never loaded fails every request, even
	 * one that needs no list. */
	if (a0l_swapstore_unloaded(app->ss))
		a0l_decision_unloaded(&d);
	else
		auth0logout_decide_query(&app->store, app->target, qlen + 2,
		                         app->buf,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
	if (d.outcome == AUTH0LOGOUT_OUTCOME_ERROR && d.http_status >= 500) {
		/* R9.2: the cause is for the log, not for the client. */
		log_line(elog, "server error: ",
		         d.error_description != NULL
		             ? d.error_description
		             : auth0logout_status_message((int)d.status));
	}
	if (a0l_response_decision(&app->resp, &d, a0l_accept_json(req->accept),
	                          &a) != 0)
		log_line(elog, "out of memory", NULL);
	put_response(out, &a, head);
	a0l_response_free(&a);
}

/* ---- CGI --------------------------------------------------------------- */

static int run_cgi(struct app *app)
{
	struct request req;
	struct sink out = {NULL, stdout, 0};
	struct sink elog = {NULL, stderr, 0};

	req.method = getenv("REQUEST_METHOD");
	req.query = getenv("QUERY_STRING");
	req.path_info = getenv("PATH_INFO");
	req.script_name = getenv("SCRIPT_NAME");
	req.accept = getenv("HTTP_ACCEPT");
	req.content_type = getenv("CONTENT_TYPE");
	req.content_length = getenv("CONTENT_LENGTH");
	req.cookie = getenv("HTTP_COOKIE");
	req.https = getenv("HTTPS");
	req.scheme = getenv("REQUEST_SCHEME");
	req.forwarded_proto = getenv("HTTP_X_FORWARDED_PROTO");
	req.in = NULL;
	respond(app, &req, &out, &elog);
	if (fflush(stdout) != 0 || out.failed) {
		fprintf(stderr, PROG ": writing the response: %s\n",
		        strerror(errno));
		return 1;
	}
	return 0;
}

/* ---- FastCGI ----------------------------------------------------------- */

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
	/* Makes a blocked FCGX_Accept_r give up (FCGI_FAIL_ACCEPT_ON_INTR
	 * alone only stops it from retrying on EINTR). */
	FCGX_ShutdownPending();
}

/* Without SA_RESTART, so that a blocked accept() returns. */
static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int run_fastcgi(struct app *app)
{
	FCGX_Request fr;
	int rc = 0;

	if (app->problem[0] != '\0')
		fprintf(stderr, PROG ": not configured: %s\n", app->problem);
	if (FCGX_InitRequest(&fr, 0, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		fputs(PROG ": FCGX_InitRequest failed\n", stderr);
		return 1;
	}
	catch_stop_signals();
	while (!stopping && (rc = FCGX_Accept_r(&fr)) >= 0) {
		struct request req;
		struct sink out = {fr.out, NULL, 0};
		struct sink elog = {fr.err, NULL, 0};

		req.method = FCGX_GetParam("REQUEST_METHOD", fr.envp);
		req.query = FCGX_GetParam("QUERY_STRING", fr.envp);
		req.path_info = FCGX_GetParam("PATH_INFO", fr.envp);
		req.script_name = FCGX_GetParam("SCRIPT_NAME", fr.envp);
		req.accept = FCGX_GetParam("HTTP_ACCEPT", fr.envp);
		req.content_type = FCGX_GetParam("CONTENT_TYPE", fr.envp);
		req.content_length = FCGX_GetParam("CONTENT_LENGTH", fr.envp);
		req.cookie = FCGX_GetParam("HTTP_COOKIE", fr.envp);
		req.https = FCGX_GetParam("HTTPS", fr.envp);
		req.scheme = FCGX_GetParam("REQUEST_SCHEME", fr.envp);
		req.forwarded_proto =
		    FCGX_GetParam("HTTP_X_FORWARDED_PROTO", fr.envp);
		req.in = fr.in;
		respond(app, &req, &out, &elog);
		FCGX_Finish_r(&fr);
	}
	FCGX_Free(&fr, 1);
	if (rc < 0 && !stopping) {
		/* Not a stop signal: the listening socket failed, or libfcgi
		 * was asked to stop (SIGUSR1). */
		fprintf(stderr, PROG ": FCGX_Accept_r: %s; exiting\n",
		        rc > -1000 ? strerror(-rc) : "failed");
	}
	return 0;
}

/* ---- main -------------------------------------------------------------- */

int main(int argc, char **argv)
{
	struct app app;
	int rc, cgi;

	/* Outside a web server only (a CGI server may pass words of an
	 * ISINDEX query string as arguments, RFC 3875 4.4; they never count
	 * here): --version. */
	if (getenv("GATEWAY_INTERFACE") == NULL && argc == 2 &&
	    strcmp(argv[1], "--version") == 0) {
		printf(PROG " %s\n", auth0logout_version());
		return fflush(stdout) == 0 ? 0 : 1;
	}

	if (FCGX_Init() != 0) {
		fputs(PROG ": FCGX_Init failed\n", stderr);
		return 1;
	}
	cgi = FCGX_IsCGI();
	app_init(&app, cgi);
	if (cgi)
		rc = run_cgi(&app);
	else
		rc = run_fastcgi(&app);
	app_free(&app);
	OS_LibShutdown();
	return rc;
}
