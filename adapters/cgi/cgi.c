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
 *
 * The decision is the library's: the raw QUERY_STRING goes to
 * auth0logout_decide_query untouched, and this adapter only turns the
 * decision into a CGI response:
 *
 *   redirect    Status: 302 Found, Location, a one-link HTML body
 *   logged_out  Status: 200 OK, text/plain "OK"
 *   error       Status: 400 (or 500), a small HTML page with error and
 *               error_description, HTML-escaped (ill-formed UTF-8 and
 *               control bytes become U+FFFD; auth0logout_escape)
 *
 * Every response carries Cache-Control: no-store.  The session cookie is
 * cleared (Set-Cookie with Max-Age=0) on redirect and logged_out only; an
 * error leaves it alone (R3.5).  Only GET and HEAD are served (405
 * otherwise); HEAD gets the headers without a body.  A missing or invalid
 * config or cookie name makes every request a 500 with a generic message;
 * the reason goes to the web server's error log (stderr in CGI mode, the
 * request's FCGI_STDERR stream in FastCGI mode, and stderr at startup).
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

#include "auth0logout.h"
#include "auth0logout/config.h"

#define PROG "auth0logout-cgi"

#define DEFAULT_COOKIE "a0session"
/* Placeholder ##KEY## of the config is the variable AUTH0LOGOUT_KEYWORD_KEY. */
#define KEYWORD_PREFIX "AUTH0LOGOUT_KEYWORD_"
/* A longer cookie name is refused: no real session cookie needs more. */
#define MAX_COOKIE_NAME 128

/* ---- the process ------------------------------------------------------- */

/* What every request of this process shares. */
struct app {
	auth0logout_memstore *ms; /* NULL when not configured */
	auth0logout_store store;
	char *buf;          /* AUTH0LOGOUT_DECIDE_BUFFER_SIZE bytes */
	const char *cookie; /* the session cookie's name */
	/* Why every request gets a 500, for the error log; "" when ready. */
	char problem[sizeof(((auth0logout_config_diag *)0)->text) + 128];
};

/* The request, as the CGI meta-variables give it (NULL when unset). */
struct request {
	const char *method;
	const char *query;
	const char *https;
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

/* RFC 6265 section 4.1.1: cookie-name is an RFC 2616 token, any CHAR
 * except CTLs and separators. */
static int is_cookie_token(const char *name)
{
	static const char separators[] = "()<>@,;:\\\"/[]?={} \t";
	size_t i;

	for (i = 0; name[i] != '\0'; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c <= 0x20 || c >= 0x7F || strchr(separators, c) != NULL)
			return 0;
	}
	return i > 0 && i <= MAX_COOKIE_NAME;
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

	memset(app, 0, sizeof(*app));
	app->cookie = DEFAULT_COOKIE;
	if (cookie != NULL && cookie[0] != '\0') {
		if (!is_cookie_token(cookie)) {
			snprintf(app->problem, sizeof(app->problem),
			         "AUTH0LOGOUT_COOKIE is not a valid cookie "
			         "name (an RFC 6265 token of at most %d "
			         "bytes)",
			         MAX_COOKIE_NAME);
			return;
		}
		app->cookie = cookie;
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
	if (app->buf == NULL) {
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
	app->ms = NULL;
	app->buf = NULL;
}

/* ---- the response ------------------------------------------------------ */

/* s[0..len) as HTML text and attribute values (auth0logout_escape): valid
 * UTF-8, control bytes (never expected) and ill-formed UTF-8 as U+FFFD,
 * & < > " ' as character references.  NULL when out of memory. */
static char *html_text(const char *s, size_t len, size_t *out_len)
{
	const unsigned flags =
	    AUTH0LOGOUT_ESCAPE_NO_CONTROL | AUTH0LOGOUT_ESCAPE_HTML;
	size_t n = auth0logout_escape(s, len, flags, NULL, 0);
	char *p = malloc(n + 1);

	if (p != NULL)
		*out_len = auth0logout_escape(s, len, flags, p, n + 1);
	return p;
}

/* The status line and the headers every response has.  The CGI header
 * lines end in LF (RFC 3875 section 7.2, UNIX). */
static void put_head(struct sink *out, const char *status,
                     const char *content_type)
{
	put_str(out, "Status: ");
	put_str(out, status);
	put_str(out, "\nCache-Control: no-store\n"
	             "X-Content-Type-Options: nosniff\n");
	if (content_type != NULL) {
		put_str(out, "Content-Type: ");
		put_str(out, content_type);
		put_str(out, "\n");
	}
}

/* The session cookie, expired: only after a redirect or logged_out (rule
 * R3.5).  Secure when the request came over HTTPS, and always for the
 * __Secure- and __Host- prefixes, which browsers accept only with it. */
static void put_clear_cookie(struct sink *out, const struct app *app,
                             const struct request *req)
{
	int secure = (req->https != NULL && (strcmp(req->https, "on") == 0 ||
	                                     strcmp(req->https, "ON") == 0)) ||
	             strncmp(app->cookie, "__Secure-", 9) == 0 ||
	             strncmp(app->cookie, "__Host-", 7) == 0;

	put_str(out, "Set-Cookie: ");
	put_str(out, app->cookie);
	put_str(out, "=; Path=/; Max-Age=0; "
	             "Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; "
	             "SameSite=Lax");
	if (secure)
		put_str(out, "; Secure");
	put_str(out, "\n");
}

/* Out of memory for a body: a fixed 500, written without allocating. */
static void put_out_of_memory(struct sink *out, struct sink *elog)
{
	log_line(elog, "out of memory", NULL);
	put_head(out, "500 Internal Server Error", "text/plain; charset=utf-8");
	put_str(out, "\n");
	put_str(out, "Out of memory.\n");
}

/* An HTML error page: error, error_description and the hint of a
 * not_allowed decision (hint may be NULL), escaped. */
static void put_error_page(struct sink *out, struct sink *elog, int head,
                           const char *status, const char *error,
                           const char *desc, size_t desc_len, const char *hint,
                           size_t hint_len)
{
	char *error_html = NULL, *desc_html = NULL, *hint_html = NULL;
	size_t error_len = 0, desc_html_len = 0, hint_html_len = 0;

	/* Escaped before anything is written, so that running out of
	 * memory can still be answered. */
	if (!head) {
		error_html = html_text(error, strlen(error), &error_len);
		desc_html = html_text(desc, desc_len, &desc_html_len);
		if (hint != NULL)
			hint_html = html_text(hint, hint_len, &hint_html_len);
		if (error_html == NULL || desc_html == NULL ||
		    (hint != NULL && hint_html == NULL)) {
			free(error_html);
			free(desc_html);
			free(hint_html);
			put_out_of_memory(out, elog);
			return;
		}
	}
	put_head(out, status, "text/html; charset=utf-8");
	put_str(out, "Content-Security-Policy: default-src 'none'\n\n");
	if (!head) {
		put_str(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>"
		             "<meta charset=\"utf-8\"><title>");
		put_str(out, status);
		put_str(out, "</title></head>\n<body>\n<h1>");
		put_str(out, status);
		put_str(out, "</h1>\n<p>error: <code>");
		put(out, error_html, error_len);
		put_str(out, "</code></p>\n<p>error_description: ");
		put(out, desc_html, desc_html_len);
		if (hint_html != NULL) {
			put_str(out, "</p>\n<p>hint: ");
			put(out, hint_html, hint_html_len);
		}
		put_str(out, "</p>\n</body>\n</html>\n");
	}
	free(error_html);
	free(desc_html);
	free(hint_html);
}

static void respond_500(struct sink *out, struct sink *elog, int head)
{
	static const char desc[] =
	    "The logout service is not available. Please try again later.";

	put_error_page(out, elog, head, "500 Internal Server Error",
	               "server_error", desc, sizeof(desc) - 1, NULL, 0);
}

/* A Location the library produced is header-safe (R6.2); checked again
 * here so that no input can ever split the response. */
static int header_safe(const char *s, size_t len)
{
	size_t i;

	if (s == NULL || len == 0)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7F)
			return 0;
	}
	return 1;
}

/* Answers one request. */
static void respond(struct app *app, const struct request *req,
                    struct sink *out, struct sink *elog)
{
	const char *query = req->query != NULL ? req->query : "";
	const char *method = req->method != NULL ? req->method : "";
	auth0logout_decision d;
	const char *name;
	char *href;
	size_t href_len = 0;
	int head;

	head = strcmp(method, "HEAD") == 0;
	if (!head && strcmp(method, "GET") != 0) {
		put_head(out, "405 Method Not Allowed",
		         "text/plain; charset=utf-8");
		put_str(out, "Allow: GET, HEAD\n\n");
		put_str(out, "Method Not Allowed\n");
		return;
	}
	if (app->problem[0] != '\0') {
		log_line(elog, "not configured: ", app->problem);
		respond_500(out, elog, head);
		return;
	}

	/* The raw QUERY_STRING: the library does all the parsing. */
	auth0logout_decide_query(&app->store, query, strlen(query), app->buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);

	switch (d.outcome) {
	case AUTH0LOGOUT_OUTCOME_REDIRECT:
		if (!header_safe(d.location, d.location_len)) {
			log_line(elog, "refused an unsafe Location", NULL);
			respond_500(out, elog, head);
			return;
		}
		href = NULL;
		if (!head) {
			href = html_text(d.location, d.location_len, &href_len);
			if (href == NULL) {
				put_out_of_memory(out, elog);
				return;
			}
		}
		/* RFC 3875 6.2.4, a client redirect response with document:
		 * an absolute URI and Status 302, so that the server passes
		 * it on instead of redirecting internally. */
		put_head(out, "302 Found", "text/html; charset=utf-8");
		put_str(out, "Location: ");
		put(out, d.location, d.location_len);
		put_str(out, "\n");
		put_clear_cookie(out, app, req);
		put_str(out, "\n");
		if (!head) {
			put_str(out,
			        "<!DOCTYPE html>\n<title>Logged out</title>\n"
			        "<p><a href=\"");
			put(out, href, href_len);
			put_str(out, "\">Continue</a></p>\n");
		}
		free(href);
		return;
	case AUTH0LOGOUT_OUTCOME_LOGGED_OUT:
		put_head(out, "200 OK", "text/plain; charset=utf-8");
		put_clear_cookie(out, app, req);
		put_str(out, "\n");
		if (!head)
			put_str(out, "OK");
		return;
	case AUTH0LOGOUT_OUTCOME_ERROR:
		if (d.error == AUTH0LOGOUT_ERROR_SERVER_ERROR ||
		    d.http_status >= 500) {
			/* A store failure (R2.4): the details are for the
			 * log, not for the client. */
			log_line(
			    elog, "server error: ",
			    d.error_description != NULL
			        ? d.error_description
			        : auth0logout_status_message((int)d.status));
			respond_500(out, elog, head);
			return;
		}
		name = auth0logout_error_name((int)d.error);
		put_error_page(out, elog, head, "400 Bad Request",
		               name != NULL ? name : "invalid_request",
		               d.error_description != NULL ? d.error_description
		                                           : "",
		               d.error_description_len, d.hint, d.hint_len);
		return;
	}
	log_line(elog, "unexpected decision", NULL);
	respond_500(out, elog, head);
}

/* ---- CGI --------------------------------------------------------------- */

static int run_cgi(struct app *app)
{
	struct request req;
	struct sink out = {NULL, stdout, 0};
	struct sink elog = {NULL, stderr, 0};

	req.method = getenv("REQUEST_METHOD");
	req.query = getenv("QUERY_STRING");
	req.https = getenv("HTTPS");
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
		req.https = FCGX_GetParam("HTTPS", fr.envp);
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
