/* SPDX-License-Identifier: MIT */
/*
 * The adapters' one HTTP contract (R9).  See response.h.
 */
#include "response.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The page every error and refusal shows: the status, error and
 * error_description, and (when enabled) the hint, HTML-escaped. */
static const char page_head[] = "<!DOCTYPE html>\n"
                                "<html lang=\"en\">\n"
                                "<head><meta charset=\"utf-8\"><title>";
static const char page_title_end[] = "</title></head>\n<body>\n<h1>";
static const char page_h1_end[] = "</h1>\n<p>error: <code>";
static const char page_desc[] = "</code></p>\n<p>error_description: ";
static const char page_hint[] = "</p>\n<p>hint: ";
static const char page_tail[] = "</p>\n</body>\n</html>\n";

/* R9.2: what a 500 says; the cause goes to the adapter's log. */
static const char unavailable[] =
    "The logout service is not available. Please try again later.";

/* The session cookie, expired, with the same attributes in every adapter
 * (R9.1): Secure always (browsers treat localhost as secure, and the
 * __Secure- and __Host- prefixes need it), HttpOnly, SameSite=Lax, Path=/
 * like the session it ends; Expires for clients without Max-Age. */
static const char cookie_attrs[] =
    "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; "
    "HttpOnly; SameSite=Lax";

static const unsigned html_flags =
    AUTH0LOGOUT_ESCAPE_NO_CONTROL | AUTH0LOGOUT_ESCAPE_HTML;

static const char *status_line(int status)
{
	switch (status) {
	case 200:
		return "200 OK";
	case 302:
		return "302 Found";
	case 400:
		return "400 Bad Request";
	case 403:
		return "403 Forbidden";
	case 404:
		return "404 Not Found";
	case 405:
		return "405 Method Not Allowed";
	case 408:
		return "408 Request Timeout";
	case 411:
		return "411 Length Required";
	case 413:
		return "413 Content Too Large";
	case 414:
		return "414 URI Too Long";
	case 415:
		return "415 Unsupported Media Type";
	case 431:
		return "431 Request Header Fields Too Large";
	default:
		return "500 Internal Server Error";
	}
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int a0l_cookie_name_ok(const char *name)
{
	static const char separators[] = "()<>@,;:\\\"/[]?={} \t";
	size_t i;

	if (name == NULL)
		return 0;
	for (i = 0; name[i] != '\0'; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c <= 0x20 || c >= 0x7F || strchr(separators, c) != NULL)
			return 0;
	}
	return i > 0 && i <= A0L_COOKIE_NAME_MAX;
}

/* Whether s[0..n) equals the lowercase word w, ignoring case. */
static int word_is(const char *s, size_t n, const char *w)
{
	size_t i = 0;

	while (i < n && w[i] != '\0' && lower((unsigned char)s[i]) == w[i])
		i++;
	return i == n && w[i] == '\0';
}

/* Whether the parameters of one media range, ";"-separated, hold a
 * weight of zero (q=0, q=0.0, q=0.00, q=0.000): "not acceptable". */
static int weight_zero(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j;

		while (i < n && (p[i] == ';' || p[i] == ' ' || p[i] == '\t'))
			i++;
		j = i;
		while (j < n && p[j] != ';')
			j++;
		if (j - i >= 3 && lower((unsigned char)p[i]) == 'q' &&
		    p[i + 1] == '=' && p[i + 2] == '0') {
			size_t k = i + 3;

			if (k < j && p[k] == '.')
				k++;
			while (k < j && p[k] == '0')
				k++;
			while (k < j && (p[k] == ' ' || p[k] == '\t'))
				k++;
			if (k == j)
				return 1;
		}
		i = j;
	}
	return 0;
}

int a0l_accept_json(const char *accept)
{
	const char *p = accept;

	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, ',');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		size_t a = 0, b;

		/* One media range: the type up to ';', trimmed. */
		while (a < n && (p[a] == ' ' || p[a] == '\t'))
			a++;
		b = a;
		while (b < n && p[b] != ';' && p[b] != ' ' && p[b] != '\t')
			b++;
		if (word_is(p + a, b - a, "application/json"))
			return !weight_zero(p + b, n - b);
		p = end != NULL ? end + 1 : NULL;
	}
	return 0;
}

int a0l_target_ok(const char *target, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)target[i];

		if (c <= 0x20 || c >= 0x7F)
			return 0;
	}
	return n > 0;
}

void a0l_target_path(const char *t, size_t n, const char **path,
                     size_t *path_len)
{
	size_t i = 0, end;

	/* Absolute form: scheme "://" authority, then the path. */
	if (n > 0 && t[0] != '/') {
		while (i < n && t[i] != ':' && t[i] != '/' && t[i] != '?')
			i++;
		if (n - i >= 3 && memcmp(t + i, "://", 3) == 0) {
			i += 3;
			while (i < n && t[i] != '/' && t[i] != '?' &&
			       t[i] != '#')
				i++;
		} else {
			i = 0;
		}
	}
	for (end = i; end < n && t[end] != '?' && t[end] != '#'; end++)
		;
	*path = t + i;
	*path_len = end - i;
}

/* The calling thread's arena (a0l_response_arena), or NULL. */
static _Thread_local char *arena;
static _Thread_local size_t arena_len;

void a0l_response_arena(char *buf, size_t len)
{
	arena = len > 0 ? buf : NULL;
	arena_len = buf != NULL ? len : 0;
}

/* Memory for a response's strings: the thread's arena when it has one
 * and n fits, else the heap. */
static char *storage_alloc(size_t n)
{
	return arena != NULL && n <= arena_len ? arena : malloc(n);
}

void a0l_response_free(struct a0l_response *r)
{
	if (r != NULL) {
		if (r->storage != arena)
			free(r->storage);
		r->storage = NULL;
	}
}

static void add_header(struct a0l_response *r, const char *name,
                       const char *value)
{
	r->headers[r->n_headers].name = name;
	r->headers[r->n_headers].value = value;
	r->n_headers++;
}

/* The headers every response ends with (R9.1). */
static void common_headers(struct a0l_response *r, int html)
{
	add_header(r, "Cache-Control", "no-store");
	add_header(r, "X-Content-Type-Options", "nosniff");
	add_header(r, "Referrer-Policy", "no-referrer");
	if (html)
		add_header(r, "Content-Security-Policy", "default-src 'none'");
}

static void start(struct a0l_response *r, int status, const char *outcome)
{
	memset(r, 0, sizeof *r);
	r->status = status;
	r->status_line = status_line(status);
	r->outcome = outcome;
	r->body = "";
}

/* The 500 that needs no memory: a fixed text page. */
static int out_of_memory(struct a0l_response *r)
{
	static const char body[] = "The logout service is not available. "
	                           "Please try again later.\n";

	start(r, 500, "error");
	add_header(r, "Content-Type", "text/plain; charset=utf-8");
	common_headers(r, 0);
	r->body = body;
	r->body_len = sizeof body - 1;
	return -1;
}

/* Appends n bytes (counting only when p is NULL). */
static char *put(char *p, size_t *len, const char *s, size_t n)
{
	*len += n;
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	return p + n;
}

static char *put_escaped(char *p, size_t *len, const char *s, size_t n)
{
	size_t k = auth0logout_escape(s, n, html_flags, NULL, 0);

	*len += k;
	if (p == NULL)
		return NULL;
	auth0logout_escape(s, n, html_flags, p, k + 1);
	return p + k;
}

/* Writes the error page of d into p (or, with p NULL, only counts);
 * returns its length. */
static size_t page(char *p, const char *status, const auth0logout_decision *d,
                   int hints)
{
	const char *error = auth0logout_error_name((int)d->error);
	size_t len = 0;

	if (error == NULL)
		error = "server_error";
	p = put(p, &len, page_head, sizeof page_head - 1);
	p = put(p, &len, status, strlen(status));
	p = put(p, &len, page_title_end, sizeof page_title_end - 1);
	p = put(p, &len, status, strlen(status));
	p = put(p, &len, page_h1_end, sizeof page_h1_end - 1);
	p = put(p, &len, error, strlen(error));
	p = put(p, &len, page_desc, sizeof page_desc - 1);
	p = put_escaped(p, &len, d->error_description,
	                d->error_description_len);
	if (hints && d->hint != NULL) {
		p = put(p, &len, page_hint, sizeof page_hint - 1);
		p = put_escaped(p, &len, d->hint, d->hint_len);
	}
	put(p, &len, page_tail, sizeof page_tail - 1);
	return len;
}

/* An error (or refusal) decision as a page or JSON. */
static int error_response(const struct a0l_response_config *cfg,
                          const auth0logout_decision *d, int json,
                          struct a0l_response *r)
{
	int hints = cfg->hints != 0;
	size_t n;

	start(r, d->http_status, "error");
	if (json)
		n = auth0logout_decision_json(
		    d, hints ? 0 : AUTH0LOGOUT_JSON_NO_HINT, NULL, 0);
	else
		n = page(NULL, r->status_line, d, hints);
	r->storage = storage_alloc(n + 1);
	if (r->storage == NULL)
		return out_of_memory(r);
	if (json)
		auth0logout_decision_json(
		    d, hints ? 0 : AUTH0LOGOUT_JSON_NO_HINT, r->storage, n + 1);
	else
		page(r->storage, r->status_line, d, hints);
	r->body = r->storage;
	r->body_len = n;
	add_header(r, "Content-Type",
	           json ? "application/json" : "text/html; charset=utf-8");
	common_headers(r, !json);
	return 0;
}

/* A decision made up for a refusal or a 500: the same page, the same
 * JSON shape. */
static auth0logout_decision made_up(int status, const char *description)
{
	auth0logout_decision d;

	memset(&d, 0, sizeof d);
	d.outcome = AUTH0LOGOUT_OUTCOME_ERROR;
	d.http_status = status;
	d.error = status >= 500 ? AUTH0LOGOUT_ERROR_SERVER_ERROR
	                        : AUTH0LOGOUT_ERROR_INVALID_REQUEST;
	d.status = status >= 500 ? AUTH0LOGOUT_E_STORE_FAILED
	                         : AUTH0LOGOUT_E_INVALID_ARGUMENT;
	d.error_description = description;
	d.error_description_len = strlen(description);
	return d;
}

/* The Location is header-safe (R6.2); checked again so that nothing can
 * ever split a response. */
static int header_safe(const char *s, size_t n)
{
	return s != NULL && n > 0 && a0l_target_ok(s, n);
}

int a0l_response_decision(const struct a0l_response_config *cfg,
                          const auth0logout_decision *d, int json,
                          struct a0l_response *r)
{
	size_t cn = strlen(cfg->cookie), need;
	auth0logout_decision e;
	char *p;

	if (d->outcome == AUTH0LOGOUT_OUTCOME_ERROR ||
	    (d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT &&
	     !header_safe(d->location, d->location_len)) ||
	    (d->outcome != AUTH0LOGOUT_OUTCOME_REDIRECT &&
	     d->outcome != AUTH0LOGOUT_OUTCOME_LOGGED_OUT)) {
		if (d->outcome == AUTH0LOGOUT_OUTCOME_ERROR &&
		    d->http_status < 500)
			return error_response(cfg, d, json, r);
		e = made_up(500, unavailable);
		return error_response(cfg, &e, json, r);
	}
	start(r, d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT ? 302 : 200,
	      d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT ? "redirect"
	                                                 : "logged_out");
	/* One block: the Location, NUL, the Set-Cookie value, NUL. */
	need =
	    (d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT ? d->location_len : 0) +
	    1 + cn + sizeof cookie_attrs;
	r->storage = storage_alloc(need);
	if (r->storage == NULL)
		return out_of_memory(r);
	p = r->storage;
	if (d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT) {
		memcpy(p, d->location, d->location_len);
		p[d->location_len] = '\0';
		add_header(r, "Location", p);
		p += d->location_len + 1;
	}
	memcpy(p, cfg->cookie, cn);
	memcpy(p + cn, cookie_attrs, sizeof cookie_attrs);
	add_header(r, "Set-Cookie", p);
	if (d->outcome == AUTH0LOGOUT_OUTCOME_LOGGED_OUT) {
		add_header(r, "Content-Type", "text/plain; charset=utf-8");
		r->body = "OK";
		r->body_len = 2;
	}
	common_headers(r, 0);
	return 0;
}

int a0l_response_refusal_allow(const struct a0l_response_config *cfg,
                               int status, const char *description, int json,
                               const char *allow, struct a0l_response *r)
{
	auth0logout_decision d;
	int rc;

	if (status >= 500)
		description = unavailable;
	d = made_up(status, description);
	rc = error_response(cfg, &d, json, r);
	if (rc == 0 && status == 405)
		add_header(r, "Allow", allow);
	return rc;
}

int a0l_response_refusal(const struct a0l_response_config *cfg, int status,
                         const char *description, int json,
                         struct a0l_response *r)
{
	return a0l_response_refusal_allow(cfg, status, description, json,
	                                  "GET, HEAD", r);
}

int a0l_response_add_header(struct a0l_response *r, const char *name,
                            const char *value)
{
	if (r->n_headers >= A0L_RESPONSE_MAX_HEADERS)
		return -1;
	add_header(r, name, value);
	return 0;
}

/* ---- /oidc/logout: the consent page and documents (R8.7, R8.11) -------- */

static const char consent_head[] = "<!DOCTYPE html>\n<html lang=\"";
static const char consent_title[] =
    "\">\n<head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, "
    "initial-scale=1\"><title>Log out?</title>\n"
    "<style>body{font-family:sans-serif;max-width:36em;margin:4em auto;"
    "padding:0 1em;line-height:1.5}button{font-size:1em;padding:.5em "
    "1.5em}</style></head>\n<body>\n<h1>Log out?</h1>\n";
static const char consent_ask[] = "<p>Do you want to log out";
static const char consent_client[] = " of the application <code>";
static const char consent_client_end[] = "</code>";
static const char consent_form[] = "?</p>\n<form method=\"post\" action=\"";
static const char consent_request[] =
    "\">\n<input type=\"hidden\" name=\"request\" value=\"";
static const char consent_flag[] =
    "\">\n<input type=\"hidden\" name=\"form\" value=\"";
static const char consent_token[] =
    "\">\n<input type=\"hidden\" name=\"token\" value=\"";
static const char consent_tail[] =
    "\">\n<button type=\"submit\">Log out</button>\n</form>\n"
    "<p>If you did not ask to log out, close this page.</p>\n"
    "</body>\n</html>\n";

/* Writes the consent page into p (or, with p NULL, only counts); returns
 * its length. */
static size_t consent_page(char *p, const auth0logout_decision *d,
                           const struct a0l_consent_page *c)
{
	size_t len = 0;

	p = put(p, &len, consent_head, sizeof consent_head - 1);
	if (d->locale != NULL && d->locale_len > 0)
		p = put_escaped(p, &len, d->locale, d->locale_len);
	else
		p = put(p, &len, "en", 2);
	p = put(p, &len, consent_title, sizeof consent_title - 1);
	p = put(p, &len, consent_ask, sizeof consent_ask - 1);
	if (d->client_id != NULL && d->client_id_len > 0) {
		p = put(p, &len, consent_client, sizeof consent_client - 1);
		p = put_escaped(p, &len, d->client_id, d->client_id_len);
		p = put(p, &len, consent_client_end,
		        sizeof consent_client_end - 1);
	}
	p = put(p, &len, consent_form, sizeof consent_form - 1);
	p = put_escaped(p, &len, c->action, strlen(c->action));
	p = put(p, &len, consent_request, sizeof consent_request - 1);
	p = put_escaped(p, &len, c->request, c->request_len);
	p = put(p, &len, consent_flag, sizeof consent_flag - 1);
	p = put(p, &len, c->form ? "1" : "0", 1);
	p = put(p, &len, consent_token, sizeof consent_token - 1);
	p = put_escaped(p, &len, c->token, strlen(c->token));
	put(p, &len, consent_tail, sizeof consent_tail - 1);
	return len;
}

static int scheme_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

static int host_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* The CSP source that lets the confirmation's redirect through: CSP
 * applies form-action to the redirects that follow a form's submission
 * too (Chromium blocks a 302 to another origin under form-action 'self'
 * alone), so the page also allows where the confirmed decision will
 * redirect to.  For http(s) with a host of letters, digits, '-' and '.',
 * its origin ("https://app.example.com:8443"); otherwise its scheme
 * ("com.example.app:", "https:" for an IPv6 literal, which CSP's
 * host-source cannot name); "" when the decision does not redirect.
 * Writes into out (at least d->location_len + 2 bytes), returns the
 * length. */
static size_t redirect_source(const auth0logout_decision *d, char *out)
{
	const char *l = d->location;
	size_t n = d->location_len, i = 0, h, e;

	if (d->outcome != AUTH0LOGOUT_OUTCOME_REDIRECT || l == NULL)
		return 0;
	while (i < n && scheme_char((unsigned char)l[i]))
		i++;
	if (i == 0 || i >= n || l[i] != ':')
		return 0;
	if (!((i == 4 && word_is(l, 4, "http")) ||
	      (i == 5 && word_is(l, 5, "https"))) ||
	    n - i < 3 || memcmp(l + i, "://", 3) != 0)
		goto scheme_only;
	h = i + 3;
	for (e = h; e < n && host_char((unsigned char)l[e]); e++)
		;
	if (e == h)
		goto scheme_only;
	if (e < n && l[e] == ':') {
		size_t p = e + 1;

		while (p < n && l[p] >= '0' && l[p] <= '9')
			p++;
		if (p == e + 1)
			goto scheme_only;
		e = p;
	}
	if (e < n && l[e] != '/' && l[e] != '?' && l[e] != '#')
		goto scheme_only;
	memcpy(out, l, e);
	return e;
scheme_only:
	memcpy(out, l, i + 1);
	return i + 1;
}

int a0l_response_consent(const struct a0l_response_config *cfg,
                         const auth0logout_decision *d,
                         const struct a0l_consent_page *c,
                         struct a0l_response *r)
{
	static const char csp_head[] =
	    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
	static const char csp_tail[] = "; frame-ancestors 'none'";
	size_t n = consent_page(NULL, d, c), cn = strlen(c->set_cookie);
	size_t csp_max =
	    sizeof csp_head + d->location_len + 2 + sizeof csp_tail;
	char *csp, *p;
	size_t k;

	(void)cfg;
	start(r, 200, "consent");
	/* One block: the page, NUL, the Set-Cookie value, NUL, the CSP,
	 * NUL. */
	r->storage = storage_alloc(n + 1 + cn + 1 + csp_max);
	if (r->storage == NULL)
		return out_of_memory(r);
	consent_page(r->storage, d, c);
	r->storage[n] = '\0';
	memcpy(r->storage + n + 1, c->set_cookie, cn + 1);
	csp = p = r->storage + n + 1 + cn + 1;
	memcpy(p, csp_head, sizeof csp_head - 1);
	p += sizeof csp_head - 1;
	*p = ' ';
	k = redirect_source(d, p + 1);
	if (k > 0)
		p += 1 + k;
	memcpy(p, csp_tail, sizeof csp_tail);
	r->body = r->storage;
	r->body_len = n;
	add_header(r, "Content-Type", "text/html; charset=utf-8");
	add_header(r, "Set-Cookie", r->storage + n + 1);
	add_header(r, "Cache-Control", "no-store");
	add_header(r, "X-Content-Type-Options", "nosniff");
	add_header(r, "Referrer-Policy", "no-referrer");
	add_header(r, "Content-Security-Policy", csp);
	add_header(r, "X-Frame-Options", "DENY");
	return 0;
}

int a0l_response_document(const char *json, struct a0l_response *r)
{
	size_t n = strlen(json);

	start(r, 200, "document");
	r->storage = storage_alloc(n + 1);
	if (r->storage == NULL)
		return out_of_memory(r);
	memcpy(r->storage, json, n + 1);
	r->body = r->storage;
	r->body_len = n;
	add_header(r, "Content-Type", "application/json");
	add_header(r, "Cache-Control", "public, max-age=300");
	add_header(r, "Access-Control-Allow-Origin", "*");
	add_header(r, "X-Content-Type-Options", "nosniff");
	add_header(r, "Referrer-Policy", "no-referrer");
	return 0;
}

int a0l_content_type_form(const char *ct)
{
	size_t a = 0, b;

	if (ct == NULL)
		return 0;
	while (ct[a] == ' ' || ct[a] == '\t')
		a++;
	b = a;
	while (ct[b] != '\0' && ct[b] != ';' && ct[b] != ' ' && ct[b] != '\t')
		b++;
	if (!word_is(ct + a, b - a, "application/x-www-form-urlencoded"))
		return 0;
	while (ct[b] == ' ' || ct[b] == '\t')
		b++;
	return ct[b] == '\0' || ct[b] == ';';
}

/* ---- the access log (R9.8) ---------------------------------------------- */

/* An access-log line being written: whole pieces (a byte or a \xNN
 * escape) while they fit in cap less room for "\n" and NUL; after the
 * first that does not, nothing more, so that a cut line is a prefix of
 * the whole one. */
struct line {
	char *buf;
	size_t cap, o;
	int full;
};

static void line_put(struct line *l, const char *s, size_t n)
{
	if (l->full || n > l->cap - 2 - l->o) {
		l->full = 1;
		return;
	}
	memcpy(l->buf + l->o, s, n);
	l->o += n;
}

/* Appends s[0..n), escaping what could forge a line: bytes outside
 * 0x21-0x7E, '"' and '\' as \xNN. */
static void log_escape(struct line *l, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !l->full; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\') {
			char e[4] = {'\\', 'x', "0123456789ABCDEF"[c >> 4],
			             "0123456789ABCDEF"[c & 15]};

			line_put(l, e, 4);
		} else {
			line_put(l, (const char *)&c, 1);
		}
	}
}

static void log_text(struct line *l, const char *s)
{
	line_put(l, s, strlen(s));
}

/* "YYYY-MM-DDTHH:MM:SS.mmmZ" (or "-") into when, the date and time from
 * clock when it holds this second. */
static void log_time(struct a0l_clock *clock, char when[32])
{
	struct a0l_clock own = {0, ""};
	struct timespec ts;
	struct tm tm;
	unsigned ms;

	if (clock == NULL)
		clock = &own;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
		strcpy(when, "-");
		return;
	}
	if (clock->second != (long long)ts.tv_sec || clock->text[0] == '\0') {
		if (gmtime_r(&ts.tv_sec, &tm) == NULL ||
		    strftime(clock->text, sizeof clock->text,
		             "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
			strcpy(when, "-");
			return;
		}
		clock->second = (long long)ts.tv_sec;
	}
	ms = (unsigned)(ts.tv_nsec / 1000000L);
	memcpy(when, clock->text, 19);
	when[19] = '.';
	when[20] = (char)('0' + ms / 100);
	when[21] = (char)('0' + ms / 10 % 10);
	when[22] = (char)('0' + ms % 10);
	when[23] = 'Z';
	when[24] = '\0';
}

size_t a0l_access_line(char *buf, size_t cap, const char *peer,
                       const char *method, const char *target,
                       size_t target_len, int status, const char *outcome,
                       const auth0logout_decision *d, const char *extra,
                       struct a0l_clock *clock)
{
	char when[32], num[16];
	const char *path, *list;
	size_t path_len;
	struct line l = {buf, cap, 0, 0};

	if (cap < 2) {
		if (cap == 1)
			buf[0] = '\0';
		return 0;
	}
	log_time(clock, when);
	a0l_target_path(target, target_len, &path, &path_len);
	log_text(&l, when);
	log_text(&l, " ");
	log_text(&l, peer != NULL ? peer : "-");
	log_text(&l, " ");
	log_escape(&l, method, strlen(method));
	log_text(&l, " ");
	log_escape(&l, path, path_len > 256 ? 256 : path_len);
	snprintf(num, sizeof num, " %d ", status);
	log_text(&l, num);
	log_text(&l, outcome != NULL ? outcome : "-");
	list = d != NULL ? auth0logout_list_name((int)d->list) : NULL;
	log_text(&l, " list=");
	log_text(&l, list != NULL ? list : "-");
	log_text(&l, " client_id=");
	if (d != NULL && d->client_id != NULL)
		log_escape(&l, d->client_id, d->client_id_len);
	else
		log_text(&l, "-");
	if (extra != NULL) {
		log_text(&l, " ");
		log_text(&l, extra);
	}
	buf[l.o++] = '\n';
	buf[l.o] = '\0';
	return l.o;
}

enum a0l_route a0l_route_of(const char *path, size_t n, int by_end)
{
	/* The longer of two paths that end alike comes first. */
	static const struct {
		const char *path;
		enum a0l_route route;
	} routes[] = {
	    {"/oidc/logout/confirm", A0L_ROUTE_CONFIRM},
	    {"/oidc/logout", A0L_ROUTE_OIDC},
	    {"/.well-known/openid-configuration", A0L_ROUTE_DISCOVERY},
	    {"/.well-known/jwks.json", A0L_ROUTE_JWKS},
	    {"/v2/logout", A0L_ROUTE_V2},
	};
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		size_t k = strlen(routes[i].path);
		if (by_end
		        ? n >= k && memcmp(path + n - k, routes[i].path, k) == 0
		        : n == k && memcmp(path, routes[i].path, k) == 0)
			return routes[i].route;
	}
	return A0L_ROUTE_NONE;
}

void a0l_response_health(struct a0l_response *a, int loaded, const char *json,
                         size_t len)
{
	memset(a, 0, sizeof *a);
	a->status = loaded ? 200 : 503;
	a->status_line = loaded ? "200 OK" : "503 Service Unavailable";
	a->outcome = "health";
	a->headers[0].name = "Content-Type";
	a->headers[0].value = "application/json";
	a->headers[1].name = "Cache-Control";
	a->headers[1].value = "no-store";
	a->headers[2].name = "X-Content-Type-Options";
	a->headers[2].value = "nosniff";
	a->headers[3].name = "Referrer-Policy";
	a->headers[3].value = "no-referrer";
	a->n_headers = 4;
	a->body = json;
	a->body_len = len;
}

void a0l_decision_unloaded(auth0logout_decision *d)
{
	static const char description[] =
	    "The Allowed Logout URLs have not been loaded yet (the store "
	    "has never loaded); nothing was changed.";

	memset(d, 0, sizeof *d);
	d->outcome = AUTH0LOGOUT_OUTCOME_ERROR;
	d->http_status = 500;
	d->status = AUTH0LOGOUT_E_STORE_FAILED;
	d->error = AUTH0LOGOUT_ERROR_SERVER_ERROR;
	d->error_description = description;
	d->error_description_len = sizeof description - 1;
	d->list = AUTH0LOGOUT_LIST_NONE;
}

int a0l_swapstore_unloaded(const auth0logout_swapstore *ss)
{
	return ss != NULL && auth0logout_swapstore_version(ss) == 0;
}
