/* SPDX-License-Identifier: MIT */
/*
 * auth0logout-cgi - GET /v2/logout as a CGI or FastCGI program.
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
 * startup).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>
/* OS_LibShutdown: frees what FCGX_Init allocated, so that a CGI run ends
 * with nothing left on the heap. */
#include <fcgios.h>

#include "../common/response.h"
#include "auth0logout.h"
#include "auth0logout/config.h"

#define PROG "auth0logout-cgi"

/* Placeholder ##KEY## of the config is the variable AUTH0LOGOUT_KEYWORD_KEY. */
#define KEYWORD_PREFIX "AUTH0LOGOUT_KEYWORD_"
/* A longer QUERY_STRING is refused with 414, as the server refuses a
 * longer target. */
#define MAX_QUERY (17u * 1024u)

/* ---- the process ------------------------------------------------------- */

/* What every request of this process shares. */
struct app {
	auth0logout_memstore *ms; /* NULL when not configured */
	auth0logout_store store;
	char *buf;    /* AUTH0LOGOUT_DECIDE_BUFFER_SIZE bytes */
	char *target; /* "/?" and the query (R9.4), MAX_QUERY + 3 bytes */
	struct a0l_response_config resp; /* the cookie's name, hints */
	/* Why every request gets a 500, for the error log; "" when ready. */
	char problem[sizeof(((auth0logout_config_diag *)0)->text) + 128];
};

/* The request, as the CGI meta-variables give it (NULL when unset). */
struct request {
	const char *method;
	const char *query;
	const char *path_info;
	const char *accept;
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

/* Reads the environment and the config.  Never fails: what is wrong is
 * kept in app->problem and answered with a 500 on every request. */
static void app_init(struct app *app)
{
	const char *path = getenv("AUTH0LOGOUT_CONFIG");
	const char *cookie = getenv("AUTH0LOGOUT_COOKIE");
	const char *from = getenv("AUTH0LOGOUT_CLIENT_ID_FROM");
	auth0logout_config_options opt;
	auth0logout_config_diag diag;
	auth0logout_status st;

	const char *hints = getenv("AUTH0LOGOUT_HINTS");

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
	if (path == NULL || path[0] == '\0') {
		snprintf(app->problem, sizeof(app->problem),
		         "AUTH0LOGOUT_CONFIG is not set; set it to the JSON "
		         "config file in the web server's configuration");
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
	app->target = malloc(MAX_QUERY + 3);
	if (app->buf == NULL || app->target == NULL) {
		snprintf(app->problem, sizeof(app->problem), "out of memory");
		return;
	}
	if (auth0logout_config_load_file(path, strlen(path), &opt, &app->ms,
	                                 &diag) != AUTH0LOGOUT_OK) {
		snprintf(app->problem, sizeof(app->problem), "config: %s",
		         diag.text);
		return;
	}
	st = auth0logout_memstore_get(app->ms, &app->store);
	if (st != AUTH0LOGOUT_OK) {
		snprintf(app->problem, sizeof(app->problem), "config: %s: %s",
		         path, auth0logout_status_message((int)st));
		auth0logout_memstore_free(app->ms);
		app->ms = NULL;
	}
}

static void app_free(struct app *app)
{
	auth0logout_memstore_free(app->ms);
	free(app->buf);
	free(app->target);
	app->ms = NULL;
	app->buf = NULL;
	app->target = NULL;
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

/* An answer of the program's own: the server's, byte for byte. */
static void refuse(const struct app *app, const struct request *req,
                   struct sink *out, int head, int status,
                   const char *description)
{
	struct a0l_response a;

	a0l_response_refusal(&app->resp, status, description,
	                     a0l_accept_json(req->accept), &a);
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
	if (req->path_info != NULL && req->path_info[0] != '\0') {
		refuse(app, req, out, head, 404,
		       "There is nothing here; the logout endpoint is "
		       "/v2/logout.");
		return;
	}
	if (!head && strcmp(method, "GET") != 0) {
		refuse(app, req, out, head, 405,
		       "Only GET and HEAD are served.");
		return;
	}
	if (app->problem[0] != '\0') {
		log_line(elog, "not configured: ", app->problem);
		refuse(app, req, out, head, 500, "");
		return;
	}

	/* R9.4: QUERY_STRING is always a query string.  Handed to the
	 * library as the query of a request target, "/?QUERY", it is read as
	 * the server reads the same bytes of a target: never as a target or
	 * URL of its own (a query starting with '/' or "scheme://"). */
	memcpy(app->target, "/?", 2);
	memcpy(app->target + 2, query, qlen);
	auth0logout_decide_query(&app->store, app->target, qlen + 2, app->buf,
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
	req.accept = getenv("HTTP_ACCEPT");
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
		req.accept = FCGX_GetParam("HTTP_ACCEPT", fr.envp);
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
	int rc;

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
	app_init(&app);
	if (FCGX_IsCGI())
		rc = run_cgi(&app);
	else
		rc = run_fastcgi(&app);
	app_free(&app);
	OS_LibShutdown();
	return rc;
}
