/* SPDX-License-Identifier: MIT */
/*
 * The adapters' one HTTP contract (doc/rules.md R9): a decision, or a
 * refusal of the adapter's own, as status, headers and body.  Every adapter
 * -- auth0logout-server, auth0logout-cgi, and the nginx and Apache modules
 * to come -- answers through this module and nothing else, so that the
 * same decision gives the same bytes everywhere.
 *
 *   redirect    302 Found, Location, the session-clearing Set-Cookie, no
 *               body
 *   logged_out  200 OK, text/plain "OK", the Set-Cookie
 *   error       400 or 500, an HTML page with error and error_description
 *               escaped (the decision's R7.2 JSON object when the request's
 *               Accept names application/json); a 500 shows a fixed
 *               sentence, never the cause (R9.2: that goes to the log)
 *   refusal     404, 405 (+ Allow), 408, 414, 431, 400 for a target the adapter
 *               refuses before deciding (R9.4), 500 when not configured;
 *               for /oidc/logout also 403 (a confirmation that is not
 *               proven), 411, 413 and 415 (a POST body without a length,
 *               too large, or not a form): the same page, as an error
 *               decision with that status
 *   consent     200, the HTML consent page of /oidc/logout (R8.7) with a
 *               POST form to the confirmation, and the consent cookie
 *   document    200, a JSON document (the OIDC discovery document and
 *               JWKS, R8.11), cacheable and readable from any origin
 *
 * Every response carries Cache-Control: no-store (a document: public,
 * max-age=300), X-Content-Type-Options: nosniff and Referrer-Policy:
 * no-referrer; an HTML page also
 * Content-Security-Policy: default-src 'none'.  Hints (which quote
 * allow-list entries) are shown only when the configuration turns them on
 * (R9.3).
 *
 * Built on the public core API only (auth0logout_escape,
 * auth0logout_decision_json).  No global state; thread-safe; the strings of
 * a response live in one block the response owns (a0l_response_free).
 */
#ifndef A0L_RESPONSE_H
#define A0L_RESPONSE_H

#include <stddef.h>

#include "auth0logout.h"

#define A0L_RESPONSE_MAX_HEADERS 8
/* A cookie name longer than this is refused: no real session cookie needs
 * more. */
#define A0L_COOKIE_NAME_MAX 128
/* The session cookie when the configuration names none. */
#define A0L_DEFAULT_COOKIE "a0session"

struct a0l_header {
	const char *name;
	const char *value;
};

struct a0l_response {
	int status; /* 200, 302, 400, 403, 404, 405, 408, 411, 413, 414,
	               415, 431, 500 */
	const char *status_line; /* "302 Found": the code and its reason */
	struct a0l_header headers[A0L_RESPONSE_MAX_HEADERS];
	size_t n_headers;
	const char *body; /* n body_len bytes; "" when empty */
	size_t body_len;
	/* For the access log (R9.8): "redirect", "logged_out", "error",
	 * "consent", "document". */
	const char *outcome;
	char *storage; /* owns what the strings point into */
};

/* What an adapter is configured with. */
struct a0l_response_config {
	const char *cookie; /* the session cookie's name (a0l_cookie_name_ok) */
	int hints;          /* show hints on public pages (R9.3; default 0) */
};

/* Non-zero when name is an RFC 6265 cookie-name (an RFC 2616 token) of at
 * most A0L_COOKIE_NAME_MAX bytes. */
int a0l_cookie_name_ok(const char *name);

/* Non-zero when an Accept header value lists the media type
 * application/json (any case; "application/jsonx" or
 * "application/json-seq" do not count) without a weight of zero
 * (";q=0"). */
int a0l_accept_json(const char *accept);

/* R9.4: non-zero when every byte of the n-byte request target is printable
 * ASCII (no NUL or other control byte, no space, no DEL, nothing >= 0x80
 * unencoded) and n > 0. */
int a0l_target_ok(const char *target, size_t n);

/* The path of a request target (its bytes up to '?' or '#'), in origin
 * form or, for an absolute-form target (RFC 9112 3.2.2,
 * "http://host/path?query"), after its scheme and authority. */
void a0l_target_path(const char *target, size_t n, const char **path,
                     size_t *path_len);

/* Optional: the calling thread's responses put their strings in buf
 * (len bytes) instead of one malloc each; a response too large for it is
 * malloc'd as before (a0l_response_free tells them apart).  For an adapter
 * that has one response alive per thread at a time (an nginx worker, which
 * copies each response out before the next): the next response reuses
 * buf.  a0l_response_arena(NULL, 0) turns it off. */
void a0l_response_arena(char *buf, size_t len);

/* The decision d as a response.  json: the request's Accept names
 * application/json.  Returns 0, or -1 when out of memory: then *out is
 * the fixed 500 answer, which needs no memory. */
int a0l_response_decision(const struct a0l_response_config *cfg,
                          const auth0logout_decision *d, int json,
                          struct a0l_response *out);

/* An answer of the adapter's own with this status (400, 403, 404, 405,
 * 408, 411, 413, 414, 415, 431 or 500) and description; 405 carries
 * Allow: GET, HEAD.  Returns as a0l_response_decision. */
int a0l_response_refusal(const struct a0l_response_config *cfg, int status,
                         const char *description, int json,
                         struct a0l_response *out);

/* As a0l_response_refusal, a 405 with Allow: allow (a static string, e.g.
 * "GET, POST"); any other status carries no Allow. */
int a0l_response_refusal_allow(const struct a0l_response_config *cfg,
                               int status, const char *description, int json,
                               const char *allow, struct a0l_response *out);

/* Adds a header whose name and value outlive the response (static
 * strings), e.g. a second Set-Cookie.  Returns 0, or -1 when the response
 * has no room left (A0L_RESPONSE_MAX_HEADERS). */
int a0l_response_add_header(struct a0l_response *r, const char *name,
                            const char *value);

/* What the consent page of /oidc/logout carries (R8.7). */
struct a0l_consent_page {
	const char *action;  /* where the form posts: "/oidc/logout/confirm" */
	const char *request; /* the request as given: a GET query or a POST
	                        body, printable ASCII */
	size_t request_len;
	int form;               /* request is a POST body */
	const char *token;      /* the anti-CSRF token (consent.h) */
	const char *set_cookie; /* the Set-Cookie value of the consent
	                           cookie */
};

/* The consent page for decision d (d->confirm set): 200, text/html, the
 * consent cookie, Cache-Control: no-store, X-Content-Type-Options:
 * nosniff, Referrer-Policy: no-referrer, Content-Security-Policy:
 * default-src 'none'; style-src 'unsafe-inline'; form-action 'self'
 * [SOURCE]; frame-ancestors 'none', X-Frame-Options: DENY; <html lang>
 * from d->locale ("en" without one); the client named when the decision
 * has one; a POST form to p->action with the hidden fields request, form
 * ("0" or "1") and token, every value HTML-escaped.  SOURCE is where a
 * redirect decision goes, so that the confirmation's 302 is not blocked
 * (CSP's form-action also governs the redirects after a submission): the
 * Location's origin for http(s) ("https://app.example.com"), else its
 * scheme ("com.example.app:"); none for logged_out.  Returns as
 * a0l_response_decision. */
int a0l_response_consent(const struct a0l_response_config *cfg,
                         const auth0logout_decision *d,
                         const struct a0l_consent_page *p,
                         struct a0l_response *out);

/* A JSON document (json, NUL-terminated; copied): 200, Content-Type:
 * application/json, Cache-Control: public, max-age=300,
 * Access-Control-Allow-Origin: *, X-Content-Type-Options: nosniff,
 * Referrer-Policy: no-referrer.  Returns as a0l_response_decision. */
int a0l_response_document(const char *json, struct a0l_response *out);

/* Non-zero when a Content-Type header value is the media type
 * application/x-www-form-urlencoded (any case), with or without
 * parameters ("; charset=UTF-8"); NULL is not. */
int a0l_content_type_form(const char *content_type);

void a0l_response_free(struct a0l_response *r);

/* The access log's clock: the date and time of the current second,
 * formatted once a second.  One per thread (no locking); zero it before
 * first use. */
struct a0l_clock {
	long long second; /* CLOCK_REALTIME seconds of text; 0: none yet */
	char text[24];    /* "YYYY-MM-DDTHH:MM:SS" */
};

/* What a request's path names. */
enum a0l_route {
	A0L_ROUTE_NONE,      /* 404 */
	A0L_ROUTE_V2,        /* /v2/logout */
	A0L_ROUTE_OIDC,      /* /oidc/logout */
	A0L_ROUTE_CONFIRM,   /* /oidc/logout/confirm */
	A0L_ROUTE_DISCOVERY, /* /.well-known/openid-configuration */
	A0L_ROUTE_JWKS       /* /.well-known/jwks.json */
};

/* The route of path[0..n): the whole path (by_end 0: a server), or its
 * end (by_end 1: a CGI program, mounted anywhere, routes by the end of
 * SCRIPT_NAME + PATH_INFO). */
enum a0l_route a0l_route_of(const char *path, size_t n, int by_end);

/* R9.8: one access-log line, "\n"-terminated, into buf (cap bytes):
 *   TIME PEER METHOD PATH STATUS OUTCOME list=LIST client_id=ID [EXTRA]
 * The path stands without its query (a query may hold a state or a
 * token); bytes outside 0x21-0x7E, '"' and '\' are shown as \xNN.  d may
 * be NULL (a refusal).  Returns the line's length.  A line longer than
 * cap - 1 is cut between two pieces (a byte or an escape of an escaped
 * field, or a whole fixed field such as the time): what is written is a
 * prefix of the whole line, then "\n" and NUL.  cap 1 writes
 * only the NUL, cap 0 nothing.  TIME is UTC with milliseconds
 * ("2026-12-06T04:23:24.402Z"); clock, when not NULL, saves formatting the
 * date for every line. */
size_t a0l_access_line(char *buf, size_t cap, const char *peer,
                       const char *method, const char *target,
                       size_t target_len, int status, const char *outcome,
                       const auth0logout_decision *d, const char *extra,
                       struct a0l_clock *clock);

/* A health page (GET /healthz, the modules' health handlers): json (len
 * bytes) as the body, never cached; 200 when a snapshot is loaded, 503
 * before.  The strings are borrowed: *a stays valid while json does, and
 * needs no a0l_response_free. */
void a0l_response_health(struct a0l_response *a, int loaded, const char *json,
                         size_t len);

/* R10.4: a swap store that has never loaded fails every logout request
 * closed, even one whose decision needs no list (a bare /v2/logout, an
 * /oidc/logout without parameters).  a0l_swapstore_unloaded is non-zero
 * for such a store (ss not NULL, auth0logout_swapstore_version 0); the
 * adapter then answers a0l_decision_unloaded's decision instead of
 * deciding: server_error (500), status AUTH0LOGOUT_E_STORE_FAILED, as a
 * store lookup that fails, through its usual decision path (the same
 * page, log line and access-log fields).  Its strings are static. */
int a0l_swapstore_unloaded(const auth0logout_swapstore *ss);
void a0l_decision_unloaded(auth0logout_decision *d);

#endif
