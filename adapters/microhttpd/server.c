/* SPDX-License-Identifier: MIT */
/*
 * auth0logout-server - GET /v2/logout as a real HTTP server, on
 * libmicrohttpd.
 *
 *   auth0logout-server --config FILE [--listen HOST:PORT] [--threads N]
 *                      [--cookie NAME] [--ready-file PATH]
 *                      [--define KEY=VALUE]... [--client-id-from name]
 *
 * Every decision comes from the library: the server hands it the raw
 * request target and turns the decision into HTTP (R3, R6):
 *
 *   redirect    302, Location: the decision's location
 *   logged_out  200, text/plain "OK"
 *   error       400 or 500, a small HTML page (JSON when the Accept header
 *               names application/json)
 *
 * and clears the session cookie on redirect and logged_out only, never on
 * an error (R3.5).  Other methods get 405, other paths 404, request
 * targets over 20 KiB 414.  Every answer carries Cache-Control: no-store.
 *
 * Design
 *   - The raw request target.  libmicrohttpd hands the access handler the
 *     decoded path without its query, so the URI log callback (which sees
 *     the request target as the client sent it) copies the target into a
 *     per-request struct that becomes the request's con_cls; the
 *     request-completed callback logs the request and frees it.  The whole
 *     target ("/v2/logout?...") goes to auth0logout_decide_query, which
 *     reads the bytes between the first '?' and the first '#' (R1.1).
 *     Handing over only the part after '?' would let a query that itself
 *     starts with '/' or "scheme://" be read as a target or URL again.
 *   - The decide buffer (AUTH0LOGOUT_DECIDE_BUFFER_SIZE bytes) is
 *     allocated once per worker thread, on the thread's first request, and
 *     kept under a pthread key whose destructor frees it when the thread
 *     ends (MHD_stop_daemon joins the workers, so nothing is left).
 *     Memory is bounded by the number of threads, not of connections.
 *   - The listening socket is opened here, not by libmicrohttpd, so that a
 *     port in use is reported with its errno and port 0 can be resolved
 *     with getsockname for --ready-file.
 *   - SIGINT and SIGTERM are blocked before any thread starts and taken
 *     with sigwait in main, which then stops the daemon and frees
 *     everything.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "auth0logout.h"
#include "auth0logout/config.h"

#if defined(__GNUC__)
#define A0L_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define A0L_PRINTF(f, a)
#endif

#define PROG        "auth0logout-server"
#define EXIT_USAGE  2
#define LOGOUT_PATH "/v2/logout"

/* Request targets longer than this get 414. */
#define MAX_TARGET (20u * 1024u)
/* Per-connection memory (request line, headers, response headers); must
 * comfortably exceed MAX_TARGET so that such targets reach the handler. */
#define CONNECTION_MEMORY  (64u * 1024u)
#define CONNECTION_TIMEOUT 15u   /* seconds of inactivity */
#define CONNECTION_LIMIT   1000u /* concurrent connections */
#define MAX_THREADS        256ul
#define COOKIE_NAME_MAX    128
/* At most this many bytes of a request target are written to the log. */
#define LOG_TARGET_MAX 1024

#define DEFAULT_LISTEN  "127.0.0.1:8080"
#define DEFAULT_THREADS 2u
#define DEFAULT_COOKIE  "a0session"

static const char usage_text[] =
    "usage: " PROG " --config FILE [--listen HOST:PORT] [--threads N]\n"
    "                          [--cookie NAME] [--ready-file PATH]\n"
    "                          [--define KEY=VALUE]... [--client-id-from "
    "name]\n"
    "       " PROG " --help | --version\n"
    "\n"
    "Serves Auth0's GET /v2/logout: each request is decided by\n"
    "libauth0logout against the Allowed Logout URLs in FILE (the config\n"
    "the auth0logout command reads: JSON, or an auth0-deploy-cli export,\n"
    "a .yaml/.yml file or a directory).\n"
    "\n"
    "  --config FILE      the allow-lists (required)\n"
    "  --define KEY=VALUE replace ##KEY## in the config with VALUE\n"
    "                     (repeatable, the last wins; else the environment)\n"
    "  --client-id-from name\n"
    "                     key clients without client_id by their name\n"
    "  --listen HOST:PORT where to listen; HOST is an IPv4 address or a\n"
    "                     bracketed IPv6 address ([::1]:8080); port 0 picks\n"
    "                     a free port (default " DEFAULT_LISTEN ")\n"
    "  --threads N        worker threads, 1-256 (default 2)\n"
    "  --cookie NAME      the session cookie cleared on redirect and\n"
    "                     logged_out (default " DEFAULT_COOKIE ")\n"
    "  --ready-file PATH  once listening, write the bound HOST:PORT to PATH\n"
    "  --help             show this help\n"
    "  --version          show the version\n"
    "\n"
    "Answers 302 with Location (redirect), 200 \"OK\" (logged_out), or the\n"
    "decision's 400/500 with an HTML page (JSON when Accept names\n"
    "application/json); 405 for methods other than GET and HEAD, 404 for\n"
    "other paths, 414 for request targets over 20 KiB.  Logs one line per\n"
    "request on stderr.  SIGINT or SIGTERM stops it (exit 0); bad options,\n"
    "a bad config or an address that cannot be bound exit 2.\n";

/* Read-only once the daemon runs; shared by all worker threads. */
struct server {
	auth0logout_store store;
	pthread_key_t buf_key; /* each thread's decide buffer */
	char set_cookie[COOKIE_NAME_MAX + 64];
};

/* One request, from the URI log callback to the completed callback. */
struct request {
	unsigned int status; /* the status queued; 0 until then */
	const char *outcome; /* for the log: static strings */
	const char *detail;
	char method[16];
	size_t target_len; /* the full length, even when not all is kept */
	char target[];     /* the raw request target (at most MAX_TARGET
	                      bytes of it), NUL-terminated */
};

/* What to send; see send_answer. */
struct answer {
	unsigned int status;
	const char *outcome;
	const char *detail;
	const char *content_type; /* NULL: no body */
	const char *body;
	size_t body_len;
	const char *location;   /* or NULL */
	const char *allow;      /* or NULL */
	const char *set_cookie; /* or NULL */
	int html;               /* add the HTML page's CSP */
};

/* ---- small helpers ----------------------------------------------------- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether needle (lower case) occurs in hay, ignoring ASCII case. */
static int contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay != '\0'; hay++) {
		size_t i = 0;
		while (i < n && hay[i] != '\0' &&
		       lower((unsigned char)hay[i]) == needle[i])
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

/* RFC 6265 cookie-name: an RFC 2616 token. */
static int is_token(const char *s)
{
	static const char separators[] = "()<>@,;:\\\"/[]?={} \t";
	if (*s == '\0' || strlen(s) > COOKIE_NAME_MAX)
		return 0;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c >= 0x7F || strchr(separators, c) != NULL)
			return 0;
	}
	return 1;
}

/* ---- the access log ---------------------------------------------------- */

static const char *termination_name(enum MHD_RequestTerminationCode toe)
{
	switch (toe) {
	case MHD_REQUEST_TERMINATED_COMPLETED_OK:
		return "completed";
	case MHD_REQUEST_TERMINATED_WITH_ERROR:
		return "error";
	case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
		return "timeout";
	case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN:
		return "shutdown";
	case MHD_REQUEST_TERMINATED_READ_ERROR:
		return "read_error";
	case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
		return "client_abort";
	}
	return "unknown";
}

/* Appends s[0..n) to line[*o..), escaping what could forge a log line or
 * break the quoting: bytes outside 0x21-0x7E, '"' and '\\' as \xNN. */
static void log_escape(char *line, size_t *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\') {
			line[(*o)++] = '\\';
			line[(*o)++] = 'x';
			line[(*o)++] = hex[c >> 4];
			line[(*o)++] = hex[c & 15];
		} else {
			line[(*o)++] = (char)c;
		}
	}
}

static void appendf(char *line, size_t size, size_t *o, const char *fmt, ...)
    A0L_PRINTF(4, 5);

/* Appends to line[*o..size), always leaving room for "\n" and the NUL. */
static void appendf(char *line, size_t size, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (*o + 2 >= size)
		return;
	va_start(ap, fmt);
	k = vsnprintf(line + *o, size - 2 - *o, fmt, ap);
	va_end(ap);
	if (k > 0)
		*o += (size_t)k < size - 2 - *o ? (size_t)k : size - 3 - *o;
}

/* One line per request:
 *   TIME CLIENT METHOD "TARGET" STATUS OUTCOME [DETAIL] [terminated=WHY]
 * written with one call, so lines from several threads never mix. */
static void log_request(struct MHD_Connection *conn, const struct request *r,
                        enum MHD_RequestTerminationCode toe)
{
	/* The escaped method and target take at most 4 bytes per byte;
	 * the rest is short, and appendf never overruns. */
	char line[4 * (LOG_TARGET_MAX + sizeof r->method) + 512];
	char when[40] = "-", client[INET6_ADDRSTRLEN] = "-";
	struct timespec ts;
	struct tm tm;
	const union MHD_ConnectionInfo *ci;
	size_t o = 0, n;

	if (clock_gettime(CLOCK_REALTIME, &ts) == 0 &&
	    gmtime_r(&ts.tv_sec, &tm) != NULL) {
		n = strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(when + n, sizeof when - n, ".%03ldZ",
		         ts.tv_nsec / 1000000L);
	}
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci != NULL && ci->client_addr != NULL) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(
			    AF_INET,
			    &((const struct sockaddr_in *)(const void *)sa)
			         ->sin_addr,
			    client, sizeof client);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(
			    AF_INET6,
			    &((const struct sockaddr_in6 *)(const void *)sa)
			         ->sin6_addr,
			    client, sizeof client);
	}

	appendf(line, sizeof line, &o, "%s %s ", when, client);
	if (r->method[0] != '\0')
		log_escape(line, &o, r->method, strlen(r->method));
	else
		line[o++] = '-';
	line[o++] = ' ';
	line[o++] = '"';
	n = r->target_len < LOG_TARGET_MAX ? r->target_len : LOG_TARGET_MAX;
	log_escape(line, &o, r->target, n);
	line[o++] = '"';
	if (n < r->target_len)
		appendf(line, sizeof line, &o, "...(%zu bytes)", r->target_len);
	if (r->status != 0)
		appendf(line, sizeof line, &o, " %u %s", r->status, r->outcome);
	else
		appendf(line, sizeof line, &o, " - -");
	if (r->detail != NULL)
		appendf(line, sizeof line, &o, " %s", r->detail);
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		appendf(line, sizeof line, &o, " terminated=%s",
		        termination_name(toe));
	line[o++] = '\n';
	line[o] = '\0';
	fputs(line, stderr);
}

/* ---- MHD callbacks ----------------------------------------------------- */

/* Called once per request with the target as the client sent it; the
 * result becomes the request's con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	size_t n = strlen(uri);
	size_t keep = n < MAX_TARGET ? n : MAX_TARGET;
	struct request *r = malloc(sizeof *r + keep + 1);

	(void)cls;
	(void)conn;
	if (r == NULL)
		return NULL;
	r->status = 0;
	r->outcome = "-";
	r->detail = NULL;
	r->method[0] = '\0';
	r->target_len = n;
	memcpy(r->target, uri, keep);
	r->target[keep] = '\0';
	return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct request *r = *con_cls;

	(void)cls;
	if (r == NULL)
		return;
	log_request(conn, r, toe);
	free(r);
	*con_cls = NULL;
}

/* This thread's decide buffer, allocated on its first request; NULL when
 * out of memory. */
static char *thread_buffer(const struct server *srv)
{
	char *buf = pthread_getspecific(srv->buf_key);

	if (buf == NULL) {
		buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
		if (buf != NULL &&
		    pthread_setspecific(srv->buf_key, buf) != 0) {
			free(buf);
			buf = NULL;
		}
	}
	return buf;
}

static void free_thread_buffer(void *buf)
{
	free(buf);
}

/* Queues a, with the headers every answer carries.  Records what was sent
 * in r for the log (r may be NULL). */
static enum MHD_Result send_answer(struct MHD_Connection *conn,
                                   struct request *r, const struct answer *a)
{
	struct MHD_Response *resp;
	enum MHD_Result ok = MHD_YES;

	resp = MHD_create_response_from_buffer(
	    a->body_len, (void *)(a->body != NULL ? a->body : ""),
	    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	                            "no-store") != MHD_YES ||
	    MHD_add_response_header(resp,
	                            MHD_HTTP_HEADER_X_CONTENT_TYPE_OPTIONS,
	                            "nosniff") != MHD_YES)
		ok = MHD_NO;
	if (ok == MHD_YES && a->content_type != NULL)
		ok = MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		                             a->content_type);
	if (ok == MHD_YES && a->html)
		ok = MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_CONTENT_SECURITY_POLICY,
		    "default-src 'none'");
	if (ok == MHD_YES && a->location != NULL)
		ok = MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION,
		                             a->location);
	if (ok == MHD_YES && a->allow != NULL)
		ok = MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
		                             a->allow);
	if (ok == MHD_YES && a->set_cookie != NULL)
		ok = MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE,
		                             a->set_cookie);
	if (ok == MHD_YES)
		ok = MHD_queue_response(conn, a->status, resp);
	MHD_destroy_response(resp);
	if (ok == MHD_YES && r != NULL) {
		r->status = a->status;
		r->outcome = a->outcome;
		r->detail = a->detail;
	}
	return ok;
}

/* A plain-text answer of the server's own (404, 405, 414, 500). */
static enum MHD_Result send_plain(struct MHD_Connection *conn,
                                  struct request *r, unsigned int status,
                                  const char *outcome, const char *text,
                                  const char *allow)
{
	struct answer a = {0};

	a.status = status;
	a.outcome = outcome;
	a.content_type = "text/plain; charset=utf-8";
	a.body = text;
	a.body_len = strlen(text);
	a.allow = allow;
	return send_answer(conn, r, &a);
}

static const char html_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head><meta charset=\"utf-8\"><title>Logout failed</title></head>\n"
    "<body>\n"
    "<h1>Logout failed</h1>\n"
    "<p>error: <code>";
static const char html_mid[] = "</code></p>\n<p>error_description: ";
static const char html_hint[] = "</p>\n<p>hint: ";
static const char html_tail[] = "</p>\n</body>\n</html>\n";

/* The error decision d as an HTML page, or as JSON when the client asked
 * for it.  Nothing here clears the session (R3.5). */
static enum MHD_Result send_error(struct MHD_Connection *conn,
                                  struct request *r,
                                  const auth0logout_decision *d)
{
	const char *error = auth0logout_error_name(d->error);
	const char *accept = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
	const char *desc =
	    d->error_description != NULL ? d->error_description : "";
	int json =
	    accept != NULL && contains_nocase(accept, "application/json");
	struct answer a = {0};
	enum MHD_Result ok;
	char *body = NULL;
	size_t body_len = 0;

	if (error == NULL)
		error = "server_error";
	a.status = (unsigned int)d->http_status;
	a.outcome = "error";
	a.detail = auth0logout_status_name(d->status);

	if (json) {
		/* The decision as the CLI prints it (R7.2). */
		body_len = auth0logout_decision_json(d, 0, NULL, 0);
		body = malloc(body_len + 1);
		if (body != NULL)
			auth0logout_decision_json(d, 0, body, body_len + 1);
		a.content_type = "application/json";
	} else {
		/* Valid UTF-8 without control bytes, HTML-escaped; a
		 * not_allowed decision explains itself (its hint).  error is
		 * one of two fixed ASCII names: nothing to escape. */
		const unsigned flags =
		    AUTH0LOGOUT_ESCAPE_NO_CONTROL | AUTH0LOGOUT_ESCAPE_HTML;
		size_t hn = sizeof html_head - 1, en = strlen(error),
		       mn = sizeof html_mid - 1, tn = sizeof html_tail - 1,
		       in = d->hint != NULL ? sizeof html_hint - 1 : 0,
		       dn = auth0logout_escape(desc, d->error_description_len,
		                               flags, NULL, 0),
		       hintn = d->hint != NULL
		                   ? auth0logout_escape(d->hint, d->hint_len,
		                                        flags, NULL, 0)
		                   : 0;
		body_len = hn + en + mn + dn + in + hintn + tn;
		body = malloc(body_len + 1);
		if (body != NULL) {
			char *p = body;
			memcpy(p, html_head, hn);
			p += hn;
			memcpy(p, error, en);
			p += en;
			memcpy(p, html_mid, mn);
			p += mn;
			p += auth0logout_escape(desc, d->error_description_len,
			                        flags, p, dn + 1);
			if (d->hint != NULL) {
				memcpy(p, html_hint, in);
				p += in;
				p += auth0logout_escape(d->hint, d->hint_len,
				                        flags, p, hintn + 1);
			}
			memcpy(p, html_tail, tn + 1);
		}
		a.content_type = "text/html; charset=utf-8";
		a.html = 1;
	}
	if (body == NULL)
		return send_plain(conn, r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		                  "server_error", "Out of memory.\n", NULL);
	a.body = body;
	a.body_len = body_len;
	ok = send_answer(conn, r, &a);
	free(body);
	return ok;
}

/* MHD calls this at least twice per request: first when the headers are
 * in, then for each piece of body, then once more with *upload_size 0.
 * Refusals that need no body (414, and 404/405 for methods other than GET
 * and HEAD) are sent on the first call, which makes MHD skip the body and
 * close the connection; every other answer is sent on the last call, so
 * that the connection can be kept alive. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	const struct server *srv = cls;
	struct request *r = *con_cls;
	int get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
	          strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	int logout = strcmp(url, LOGOUT_PATH) == 0;
	auth0logout_decision d;
	struct answer a = {0};
	char *buf;
	size_t i;

	(void)version;
	(void)upload;
	if (r == NULL) /* the URI log callback ran out of memory */
		return send_plain(conn, NULL, MHD_HTTP_INTERNAL_SERVER_ERROR,
		                  "server_error", "Out of memory.\n", NULL);
	if (r->method[0] == '\0') {
		/* The first call. */
		for (i = 0; i + 1 < sizeof r->method && method[i] != '\0'; i++)
			r->method[i] = method[i];
		r->method[i] = '\0';
		if (r->target_len > MAX_TARGET)
			return send_plain(conn, r, MHD_HTTP_URI_TOO_LONG,
			                  "uri_too_long",
			                  "Request-URI Too Long.\n", NULL);
		if (!get && logout)
			return send_plain(conn, r, MHD_HTTP_METHOD_NOT_ALLOWED,
			                  "method_not_allowed",
			                  "Method Not Allowed.\n", "GET, HEAD");
		if (!get)
			return send_plain(conn, r, MHD_HTTP_NOT_FOUND,
			                  "not_found", "Not Found.\n", NULL);
		return MHD_YES;
	}
	if (*upload_size != 0 || r->status != 0) {
		/* A body on a GET or HEAD, or after an early answer: drop. */
		*upload_size = 0;
		return MHD_YES;
	}
	if (!logout)
		return send_plain(conn, r, MHD_HTTP_NOT_FOUND, "not_found",
		                  "Not Found.\n", NULL);

	/* The whole target goes to the library, which reads the query
	 * between its first '?' and first '#' (R1.1).  With a NULL buffer
	 * (out of memory) the library itself fails closed with a
	 * server_error decision. */
	buf = thread_buffer(srv);
	auth0logout_decide_query(
	    &srv->store, r->target, r->target_len, buf,
	    buf != NULL ? AUTH0LOGOUT_DECIDE_BUFFER_SIZE : 0, &d);
	switch (d.outcome) {
	case AUTH0LOGOUT_OUTCOME_REDIRECT:
		a.status = MHD_HTTP_FOUND;
		a.outcome = "redirect";
		a.location = d.location;
		a.set_cookie = srv->set_cookie;
		a.detail = d.federated ? "federated" : NULL;
		return send_answer(conn, r, &a);
	case AUTH0LOGOUT_OUTCOME_LOGGED_OUT:
		a.status = MHD_HTTP_OK;
		a.outcome = "logged_out";
		a.content_type = "text/plain; charset=utf-8";
		a.body = "OK";
		a.body_len = 2;
		a.set_cookie = srv->set_cookie;
		a.detail = d.federated ? "federated" : NULL;
		return send_answer(conn, r, &a);
	case AUTH0LOGOUT_OUTCOME_ERROR:
		break;
	}
	return send_error(conn, r, &d);
}

/* ---- start-up ---------------------------------------------------------- */

struct options {
	const char *config;
	auth0logout_config_options cfg; /* its defines are defines */
	const char **defines;           /* room for argc */
	const char *listen;
	const char *cookie;
	const char *ready_file;
	unsigned int threads;
};

static int usage_error(const char *fmt, ...) A0L_PRINTF(1, 2);

/* Reports a usage error; returns EXIT_USAGE. */
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see '" PROG " --help')\n", stderr);
	return EXIT_USAGE;
}

/* --define KEY=VALUE and --client-id-from name (or --NAME=VALUE) at
 * argv[*i], into opt.  Returns 0 when argv[*i] is neither, 1 when taken,
 * EXIT_USAGE after a usage error (reported). */
static int config_option(int argc, char **argv, int *i, struct options *opt)
{
	static const char *const names[] = {"--define", "--client-id-from"};
	const char *arg = argv[*i], *value;
	size_t k, n = 0;

	for (k = 0; k < 2; k++) {
		n = strlen(names[k]);
		if (strncmp(arg, names[k], n) == 0 &&
		    (arg[n] == '\0' || arg[n] == '='))
			break;
	}
	if (k == 2)
		return 0;
	if (arg[n] == '=')
		value = arg + n + 1;
	else if (*i + 1 < argc)
		value = argv[++*i];
	else
		return usage_error("%s needs a value", names[k]);
	if (k == 1) {
		if (strcmp(value, "name") != 0)
			return usage_error("--client-id-from: \"%s\": only "
			                   "\"name\" is accepted",
			                   value);
		opt->cfg.flags |= AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME;
		return 1;
	}
	if (auth0logout_config_define_check(value, strlen(value)) !=
	    AUTH0LOGOUT_OK)
		return usage_error("--define: \"%s\" is not KEY=VALUE (KEY: "
		                   "letters, digits and _)",
		                   value);
	opt->defines[opt->cfg.n_defines++] = value;
	return 1;
}

/* Returns -1 after --help, 0 when parsed, else EXIT_USAGE (reported). */
static int parse_options(int argc, char **argv, struct options *opt)
{
	static const char *const names[] = {"--config", "--listen", "--threads",
	                                    "--cookie", "--ready-file"};
	const char **slots[] = {&opt->config, &opt->listen, NULL, &opt->cookie,
	                        &opt->ready_file};
	const char *threads = NULL;
	int rc;

	memset(&opt->cfg, 0, sizeof opt->cfg);
	opt->cfg.defines = opt->defines;
	opt->cfg.flags = AUTH0LOGOUT_CONFIG_ENVIRONMENT;
	opt->config = NULL;
	opt->listen = DEFAULT_LISTEN;
	opt->cookie = DEFAULT_COOKIE;
	opt->ready_file = NULL;
	opt->threads = DEFAULT_THREADS;
	slots[2] = &threads;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		size_t k, nlen;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(usage_text, stdout);
			return -1;
		}
		if (strcmp(arg, "--version") == 0) {
			printf(PROG " %s\n", auth0logout_version());
			return -1;
		}
		rc = config_option(argc, argv, &i, opt);
		if (rc == EXIT_USAGE)
			return rc;
		if (rc != 0)
			continue;
		for (k = 0; k < sizeof names / sizeof names[0]; k++) {
			nlen = strlen(names[k]);
			if (strncmp(arg, names[k], nlen) != 0)
				continue;
			if (arg[nlen] == '=') {
				value = arg + nlen + 1;
				break;
			}
			if (arg[nlen] == '\0') {
				if (i + 1 >= argc)
					return usage_error("%s needs a value",
					                   arg);
				value = argv[++i];
				break;
			}
		}
		if (k == sizeof names / sizeof names[0])
			return usage_error(arg[0] == '-'
			                       ? "unknown option %s"
			                       : "unexpected argument %s",
			                   arg);
		*slots[k] = value;
	}
	if (opt->config == NULL)
		return usage_error("%s is required", "--config FILE");
	if (!is_token(opt->cookie))
		return usage_error("--cookie: \"%s\" is not a cookie name (an "
		                   "RFC 6265 token: no spaces, separators or "
		                   "control characters)",
		                   opt->cookie);
	if (threads != NULL) {
		char *end;
		unsigned long n;
		errno = 0;
		n = strtoul(threads, &end, 10);
		if (threads[0] < '0' || threads[0] > '9' || *end != '\0' ||
		    errno != 0 || n < 1 || n > MAX_THREADS)
			return usage_error("--threads: \"%s\" is not a number "
			                   "from 1 to 256",
			                   threads);
		opt->threads = (unsigned int)n;
	}
	return 0;
}

/* Parses HOST:PORT (IPv4 literal, or [IPv6 literal]) into *ss. */
static int parse_listen(const char *s, struct sockaddr_storage *ss,
                        socklen_t *sslen)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *port, *end;
	size_t hlen;
	unsigned long p = 0;

	memset(ss, 0, sizeof *ss);
	if (s[0] == '[') {
		end = strchr(s, ']');
		if (end == NULL || end[1] != ':')
			return -1;
		hlen = (size_t)(end - s - 1);
		if (hlen >= sizeof host)
			return -1;
		memcpy(host, s + 1, hlen);
		port = end + 2;
	} else {
		end = strchr(s, ':');
		if (end == NULL || strchr(end + 1, ':') != NULL)
			return -1;
		hlen = (size_t)(end - s);
		if (hlen >= sizeof host)
			return -1;
		memcpy(host, s, hlen);
		port = end + 1;
	}
	host[hlen] = '\0';
	if (port[0] == '\0' || strlen(port) > 5)
		return -1;
	for (const char *c = port; *c != '\0'; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		p = p * 10 + (unsigned long)(*c - '0');
	}
	if (p > 65535)
		return -1;
	if (s[0] == '[') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)(void *)ss;
		if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1)
			return -1;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)p);
		*sslen = sizeof *a6;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)(void *)ss;
		if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			return -1;
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)p);
		*sslen = sizeof *a4;
	}
	return 0;
}

/* Opens a non-blocking listening socket on ss; -1 with errno set. */
static int open_listener(const struct sockaddr_storage *ss, socklen_t len)
{
	int one = 1, fd, e, flags;

	fd = socket(ss->ss_family, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    (ss->ss_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) !=
	         0) ||
	    bind(fd, (const struct sockaddr *)(const void *)ss, len) != 0 ||
	    listen(fd, 128) != 0 || (flags = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* The address fd is bound to, as HOST:PORT ([HOST]:PORT for IPv6). */
static int bound_address(int fd, char *out, size_t outlen)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[INET6_ADDRSTRLEN];

	if (getsockname(fd, (struct sockaddr *)(void *)&ss, &len) != 0)
		return -1;
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *a6 =
		    (const struct sockaddr_in6 *)(const void *)&ss;
		if (inet_ntop(AF_INET6, &a6->sin6_addr, host, sizeof host) ==
		    NULL)
			return -1;
		snprintf(out, outlen, "[%s]:%u", host,
		         (unsigned)ntohs(a6->sin6_port));
	} else {
		const struct sockaddr_in *a4 =
		    (const struct sockaddr_in *)(const void *)&ss;
		if (inet_ntop(AF_INET, &a4->sin_addr, host, sizeof host) ==
		    NULL)
			return -1;
		snprintf(out, outlen, "%s:%u", host,
		         (unsigned)ntohs(a4->sin_port));
	}
	return 0;
}

/* Writes text and a newline to path, through a temporary file and rename
 * so that a reader never sees it half written. */
static int write_ready_file(const char *path, const char *text)
{
	size_t n = strlen(path) + 8;
	char *tmp = malloc(n);
	FILE *f;
	int ok;

	if (tmp == NULL)
		return -1;
	snprintf(tmp, n, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL) {
		free(tmp);
		return -1;
	}
	ok = fprintf(f, "%s\n", text) > 0;
	ok = fclose(f) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

/* The server; defines has room for argc pointers. */
static int serve(int argc, char **argv, const char **defines)
{
	struct options opt;
	struct server srv;
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	auth0logout_memstore *ms = NULL;
	auth0logout_config_diag diag;
	struct MHD_Daemon *daemon = NULL;
	char where[INET6_ADDRSTRLEN + 16];
	sigset_t stop;
	struct sigaction sa;
	int rc, fd = -1, sig = 0, status = EXIT_USAGE, key = 0;
	unsigned int flags;

	opt.defines = defines;
	rc = parse_options(argc, argv, &opt);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (parse_listen(opt.listen, &ss, &sslen) != 0)
		return usage_error("--listen: \"%s\" is not HOST:PORT (an IPv4 "
		                   "address, or [IPv6]:PORT, and a port "
		                   "0-65535)",
		                   opt.listen);

	memset(&srv, 0, sizeof srv);
	snprintf(srv.set_cookie, sizeof srv.set_cookie,
	         "%s=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax",
	         opt.cookie);
	if (auth0logout_config_load_file(opt.config, strlen(opt.config),
	                                 &opt.cfg, &ms,
	                                 &diag) != AUTH0LOGOUT_OK) {
		fprintf(stderr, PROG ": %s\n", diag.text);
		return EXIT_USAGE;
	}
	if (auth0logout_memstore_get(ms, &srv.store) != AUTH0LOGOUT_OK) {
		fprintf(stderr, PROG ": %s: cannot use the store\n",
		        opt.config);
		goto out;
	}

	fd = open_listener(&ss, sslen);
	if (fd < 0) {
		fprintf(stderr, PROG ": cannot listen on %s: %s\n", opt.listen,
		        strerror(errno));
		goto out;
	}
	if (bound_address(fd, where, sizeof where) != 0) {
		fprintf(stderr, PROG ": cannot read the bound address: %s\n",
		        strerror(errno));
		goto out;
	}
	if (pthread_key_create(&srv.buf_key, free_thread_buffer) != 0) {
		fprintf(stderr, PROG ": cannot create a thread key\n");
		goto out;
	}
	key = 1;

	/* Block the stop signals before MHD starts its threads, which
	 * inherit the mask; main takes them with sigwait.  A shell may have
	 * started us with SIGINT ignored: reset it, since an ignored signal
	 * need not be kept pending for sigwait. */
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);

	flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, &srv, MHD_OPTION_LISTEN_SOCKET,
	    (MHD_socket)fd, MHD_OPTION_THREAD_POOL_SIZE, opt.threads,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, (void *)NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)NULL,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
	    MHD_OPTION_CONNECTION_TIMEOUT, CONNECTION_TIMEOUT,
	    MHD_OPTION_CONNECTION_LIMIT, CONNECTION_LIMIT, MHD_OPTION_END);
	if (daemon == NULL) {
		fprintf(stderr, PROG ": cannot start the HTTP server on %s\n",
		        where);
		goto out;
	}
	/* MHD_stop_daemon closes the listening socket from now on. */
	fd = -1;
	if (opt.ready_file != NULL &&
	    write_ready_file(opt.ready_file, where) != 0) {
		fprintf(stderr, PROG ": cannot write --ready-file %s: %s\n",
		        opt.ready_file, strerror(errno));
		goto out;
	}
	fprintf(stderr,
	        PROG ": listening on http://%s" LOGOUT_PATH
	             " (%u threads, %zu clients from %s)\n",
	        where, opt.threads, auth0logout_memstore_client_count(ms),
	        opt.config);

	do {
		rc = sigwait(&stop, &sig);
	} while (rc == EINTR);
	if (rc != 0) {
		fprintf(stderr, PROG ": sigwait: %s\n", strerror(rc));
		goto out;
	}
	fprintf(stderr, PROG ": %s received, stopping\n",
	        sig == SIGINT ? "SIGINT" : "SIGTERM");
	status = 0;
out:
	if (daemon != NULL)
		MHD_stop_daemon(daemon);
	if (fd >= 0)
		close(fd);
	if (key)
		pthread_key_delete(srv.buf_key);
	auth0logout_memstore_free(ms);
	return status;
}

int main(int argc, char **argv)
{
	/* At most one define per argument. */
	const char **defines = malloc((size_t)argc * sizeof *defines);
	int rc;

	if (defines == NULL) {
		fputs(PROG ": out of memory\n", stderr);
		return EXIT_USAGE;
	}
	rc = serve(argc, argv, defines);
	free(defines);
	return rc;
}
