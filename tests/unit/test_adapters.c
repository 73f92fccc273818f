/* SPDX-License-Identifier: MIT */
/*
 * The adapters' shared code, which only the integration tests covered:
 *
 *   adapters/common/response.c  the one HTTP contract of R9: a decision, or
 *       a refusal of the adapter's own, as status, headers (in the order
 *       response.c builds them) and body (R9.1); a 500 that never shows
 *       its cause (R9.2); hints only when turned on (R9.3); the request
 *       target checks (R9.4, R9.5); the cookie name and Accept helpers;
 *       the access-log line (R9.8);
 *   adapters/common/swap.c  the hazard-pointer swap the server reloads its
 *       config with (R9.7): single-thread semantics, slots, a publisher
 *       waiting for a reader, and readers racing 20,000 publishes or
 *       more (for half a second at least, ten at most) whose old values
 *       are poisoned and freed.
 * And, for /oidc/logout:
 *   adapters/common/consent.c  the consent step of /oidc/logout (R8.7):
 *       the token against an HMAC computed here with OpenSSL's HMAC(),
 *       every way a confirmation is refused, the form's fields and the
 *       Cookie header; with response.c's consent page, JSON documents
 *       (R8.11), the form media type and the refusals 403, 411, 413, 415.
 *
 * Inputs the code reads by length are copied into blocks of exactly that
 * length, and the access line is written into blocks of exactly its cap,
 * so that an overread or overrun shows up under ASan or valgrind.
 */
#include <check.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "../../adapters/common/consent.h"
#include "../../adapters/common/response.h"
#include "../../adapters/common/swap.h"
#include "testutil.h"

/* ---- fixtures and helpers ------------------------------------------------ */

/* The session-clearing cookie's attributes (R9.1), after "NAME". */
#define COOKIE_ATTRS                                                           \
	"=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; "        \
	"Secure; HttpOnly; SameSite=Lax"
#define HTML_TYPE "text/html; charset=utf-8"
#define TEXT_TYPE "text/plain; charset=utf-8"
#define CSP       "default-src 'none'"
/* R9.2: what every 500 says. */
#define UNAVAILABLE                                                            \
	"The logout service is not available. Please try again later."

#define TENANT_CSV                                                             \
	"https://app.example.com/logged-out, https://app.example.com/bye"
#define CLIENT_CSV  "https://client.example.org/done"
#define ENTRY_1     "https://app.example.com/logged-out"
#define ENTRY_2     "https://app.example.com/bye"
#define ENTRY_OF_ID "https://client.example.org/done"

static const struct a0l_response_config no_hints = {A0L_DEFAULT_COOKIE, 0};
static const struct a0l_response_config hints_on = {A0L_DEFAULT_COOKIE, 1};

struct hdr {
	const char *name;
	const char *value;
};

static struct tu_fx fx;

static void fx_setup(void)
{
	tu_fx_init(&fx, tu_compile_csv_ok(TENANT_CSV),
	           tu_compile_csv_ok(CLIENT_CSV));
}

static void fx_teardown(void)
{
	tu_fx_free(&fx);
}

/* Decides query (copied into a block of exactly its length) into fx.d. */
static const auth0logout_decision *decide(const char *query)
{
	size_t n = strlen(query);
	char *q = tu_dup_exact(query, n);

	auth0logout_decide_query(&fx.store, q, n, fx.buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &fx.d);
	free(q);
	return &fx.d;
}

/* Non-zero when needle occurs in s[0..n). */
static int contains(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; k <= n && i <= n - k; i++)
		if (memcmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

static int body_has(const struct a0l_response *r, const char *needle)
{
	return contains(r->body, r->body_len, needle);
}

/* The value of header name, or NULL. */
static const char *header(const struct a0l_response *r, const char *name)
{
	for (size_t i = 0; i < r->n_headers; i++)
		if (strcmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

/* The headers, exactly these and in this order. */
static void expect_headers(const struct a0l_response *r, const struct hdr *want,
                           size_t n)
{
	for (size_t i = 0; i < n && i < r->n_headers; i++) {
		ck_assert_msg(strcmp(r->headers[i].name, want[i].name) == 0 &&
		                  strcmp(r->headers[i].value, want[i].value) ==
		                      0,
		              "header %zu is %s: %s, want %s: %s", i,
		              r->headers[i].name, tu_shows(r->headers[i].value),
		              want[i].name, tu_shows(want[i].value));
	}
	ck_assert_msg(r->n_headers == n, "%zu headers, want %zu", r->n_headers,
	              n);
}

static void expect_status(const struct a0l_response *r, int status,
                          const char *line, const char *outcome)
{
	ck_assert_int_eq(r->status, status);
	ck_assert_str_eq(r->status_line, line);
	ck_assert_str_eq(r->outcome, outcome);
}

static void expect_body(const struct a0l_response *r, const char *want,
                        size_t n)
{
	ck_assert_ptr_nonnull(r->body);
	ck_assert_msg(r->body_len == n && memcmp(r->body, want, n) == 0,
	              "body %s, want %s", tu_show(r->body, r->body_len),
	              tu_show(want, n));
}

/* The HTML page of an error: the headers of R9.1, never the cookie or a
 * Location. */
static void expect_html_error(const struct a0l_response *r)
{
	static const struct hdr want[] = {
	    {"Content-Type", HTML_TYPE},
	    {"Cache-Control", "no-store"},
	    {"X-Content-Type-Options", "nosniff"},
	    {"Referrer-Policy", "no-referrer"},
	    {"Content-Security-Policy", CSP},
	};

	expect_headers(r, want, N_ROWS(want));
	ck_assert_ptr_null(header(r, "Set-Cookie"));
	ck_assert_ptr_null(header(r, "Location"));
	ck_assert_msg(body_has(r, "<!DOCTYPE html>"), "not a page: %s",
	              tu_show(r->body, r->body_len));
}

static void expect_json_error(const struct a0l_response *r)
{
	static const struct hdr want[] = {
	    {"Content-Type", "application/json"},
	    {"Cache-Control", "no-store"},
	    {"X-Content-Type-Options", "nosniff"},
	    {"Referrer-Policy", "no-referrer"},
	};

	expect_headers(r, want, N_ROWS(want));
	ck_assert_ptr_null(header(r, "Set-Cookie"));
	ck_assert_ptr_null(header(r, "Location"));
}

/* auth0logout_decision_json's whole output in a new block. */
static char *json_of(const auth0logout_decision *d, unsigned flags, size_t *len)
{
	size_t n = auth0logout_decision_json(d, flags, NULL, 0);
	char *out = malloc(n + 1);

	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(auth0logout_decision_json(d, flags, out, n + 1), n);
	*len = n;
	return out;
}

/* An error decision made by hand (what decide could hand an adapter). */
static auth0logout_decision hand_error(int http_status, const char *desc)
{
	auth0logout_decision d;

	memset(&d, 0, sizeof d);
	d.outcome = AUTH0LOGOUT_OUTCOME_ERROR;
	d.http_status = http_status;
	d.error = http_status >= 500 ? AUTH0LOGOUT_ERROR_SERVER_ERROR
	                             : AUTH0LOGOUT_ERROR_INVALID_REQUEST;
	d.status = http_status >= 500 ? AUTH0LOGOUT_E_STORE_FAILED
	                              : AUTH0LOGOUT_E_NOT_ALLOWED;
	d.error_description = desc;
	d.error_description_len = strlen(desc);
	return d;
}

/* ---- R9.1 redirect and logged_out ---------------------------------------- */

START_TEST(r9_1_redirect_is_302_with_location_cookie_and_no_body)
{
	static const struct hdr want[] = {
	    {"Location", "https://app.example.com/bye?x=1"},
	    {"Set-Cookie", A0L_DEFAULT_COOKIE COOKIE_ATTRS},
	    {"Cache-Control", "no-store"},
	    {"X-Content-Type-Options", "nosniff"},
	    {"Referrer-Policy", "no-referrer"},
	};
	const auth0logout_decision *d =
	    decide("returnTo=https%3A%2F%2Fapp.example.com%2Fbye%3Fx%3D1");
	struct a0l_response r;

	ck_assert_int_eq(d->outcome, AUTH0LOGOUT_OUTCOME_REDIRECT);
	for (int json = 0; json <= 1; json++) {
		ck_assert_int_eq(a0l_response_decision(&no_hints, d, json, &r),
		                 0);
		expect_status(&r, 302, "302 Found", "redirect");
		expect_headers(&r, want, N_ROWS(want));
		ck_assert_ptr_null(header(&r, "Content-Type"));
		ck_assert_ptr_null(header(&r, "Content-Security-Policy"));
		expect_body(&r, "", 0);
		a0l_response_free(&r);
	}
}
END_TEST

START_TEST(r9_1_redirect_has_no_body)
{
	const auth0logout_decision *d =
	    decide("client_id=" TU_CLIENT
	           "&returnTo=https%3A%2F%2Fclient.example.org%2Fdone");
	struct a0l_response r;

	ck_assert_int_eq(d->outcome, AUTH0LOGOUT_OUTCOME_REDIRECT);
	ck_assert_int_eq(a0l_response_decision(&hints_on, d, 0, &r), 0);
	ck_assert_int_eq(r.status, 302);
	ck_assert_str_eq(header(&r, "Location"), ENTRY_OF_ID);
	ck_assert_ptr_nonnull(r.body);
	ck_assert_uint_eq(r.body_len, 0);
	ck_assert_str_eq(r.body, "");
	a0l_response_free(&r);
}
END_TEST

START_TEST(r9_1_logged_out_is_200_ok_text_with_cookie)
{
	static const struct hdr want[] = {
	    {"Set-Cookie", A0L_DEFAULT_COOKIE COOKIE_ATTRS},
	    {"Content-Type", TEXT_TYPE},
	    {"Cache-Control", "no-store"},
	    {"X-Content-Type-Options", "nosniff"},
	    {"Referrer-Policy", "no-referrer"},
	};
	const char *queries[] = {"", "/v2/logout?federated"};
	struct a0l_response r;

	for (int i = 0; i < N_ROWS(queries); i++) {
		const auth0logout_decision *d = decide(queries[i]);

		ck_assert_int_eq(d->outcome, AUTH0LOGOUT_OUTCOME_LOGGED_OUT);
		for (int json = 0; json <= 1; json++) {
			ck_assert_int_eq(
			    a0l_response_decision(&no_hints, d, json, &r), 0);
			expect_status(&r, 200, "200 OK", "logged_out");
			expect_headers(&r, want, N_ROWS(want));
			expect_body(&r, "OK", 2);
			ck_assert_ptr_null(header(&r, "Location"));
			a0l_response_free(&r);
		}
	}
}
END_TEST

/* The configured cookie name, not the default, is the one cleared. */
START_TEST(r9_1_custom_cookie_name_in_set_cookie)
{
	static const struct a0l_response_config host = {"__Host-sid", 0};
	struct a0l_response r;

	ck_assert(a0l_cookie_name_ok(host.cookie));
	ck_assert_int_eq(
	    a0l_response_decision(
	        &host,
	        decide("returnTo=https%3A%2F%2Fapp.example.com%2Flogged-out"),
	        0, &r),
	    0);
	ck_assert_int_eq(r.status, 302);
	ck_assert_str_eq(header(&r, "Set-Cookie"), "__Host-sid" COOKIE_ATTRS);
	ck_assert_msg(strstr(header(&r, "Set-Cookie"), A0L_DEFAULT_COOKIE) ==
	                  NULL,
	              "the default cookie name leaked");
	a0l_response_free(&r);

	ck_assert_int_eq(a0l_response_decision(&host, decide(""), 0, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(header(&r, "Set-Cookie"), "__Host-sid" COOKIE_ATTRS);
	a0l_response_free(&r);
}
END_TEST

/* The response owns its strings: it outlives the decision's buffer (a
 * use-after-free here shows under ASan or valgrind). */
START_TEST(r9_1_response_outlives_decision_buffer)
{
	struct a0l_response r;

	ck_assert_int_eq(a0l_response_decision(
	                     &no_hints,
	                     decide("returnTo=https%3A%2F%2Fapp.example.com%"
	                            "2Fbye%3Fx%3D1"),
	                     0, &r),
	                 0);
	memset(fx.buf, 'X', AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	free(fx.buf);
	fx.buf = NULL;
	ck_assert_str_eq(header(&r, "Location"),
	                 "https://app.example.com/bye?x=1");
	ck_assert_str_eq(header(&r, "Set-Cookie"),
	                 A0L_DEFAULT_COOKIE COOKIE_ATTRS);
	a0l_response_free(&r);
	/* Freeing twice, or a NULL response, does nothing. */
	a0l_response_free(&r);
	a0l_response_free(NULL);
}
END_TEST

/* A Location that is not header-safe can never split a response: such a
 * redirect, or a decision with no known outcome, is a 500. */
START_TEST(r9_1_unsafe_or_unknown_decision_is_500)
{
	static const char *const bad[] = {
	    "https://a.example/\r\nSet-Cookie: x=1",
	    "https://a.example/ x",
	    "https://a.example/\x7f",
	    "https://a.example/\xc3\xa9",
	};
	auth0logout_decision d;
	struct a0l_response r;

	for (int i = 0; i <= N_ROWS(bad) + 1; i++) {
		char *loc = NULL;

		memset(&d, 0, sizeof d);
		d.outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
		d.http_status = 302;
		if (i < N_ROWS(bad)) {
			d.location_len = strlen(bad[i]);
			loc = tu_dup_exact(bad[i], d.location_len);
			d.location = loc;
		} else if (i == N_ROWS(bad)) {
			d.location = NULL; /* a redirect without Location */
		} else {
			d.outcome = (auth0logout_outcome)0;
			d.http_status = 200;
		}
		ck_assert_int_eq(a0l_response_decision(&no_hints, &d, 0, &r),
		                 0);
		expect_status(&r, 500, "500 Internal Server Error", "error");
		expect_html_error(&r);
		ck_assert(body_has(&r, UNAVAILABLE));
		a0l_response_free(&r);
		free(loc);
	}
}
END_TEST

/* ---- R9.1 errors --------------------------------------------------------- */

/* error and error_description are escaped for HTML: a client_id (and a
 * returnTo) holding <script>&"' shows only as character references. */
START_TEST(r9_1_error_400_page_escapes_description)
{
	const auth0logout_decision *d;
	struct a0l_response r;

	d = decide("client_id=%3Cscript%3E%26%22%27&returnTo=https%3A%2F%2Fa."
	           "example%2F");
	ck_assert_int_eq(d->http_status, 400);
	ck_assert_msg(contains(d->error_description, d->error_description_len,
	                       "<script>&\"'"),
	              "the description does not quote the client_id: %s",
	              tu_show(d->error_description, d->error_description_len));
	ck_assert_int_eq(a0l_response_decision(&no_hints, d, 0, &r), 0);
	expect_status(&r, 400, "400 Bad Request", "error");
	expect_html_error(&r);
	ck_assert(body_has(&r, "<title>400 Bad Request</title>"));
	ck_assert(body_has(&r, "<p>error: <code>invalid_request</code></p>"));
	ck_assert(body_has(&r, "&lt;script&gt;&amp;&quot;&#39;"));
	ck_assert(!body_has(&r, "<script"));
	ck_assert(!body_has(&r, "&\"'"));
	a0l_response_free(&r);

	/* A returnTo: R4.7 encodes < and ", the & and ' it keeps are
	 * escaped on the page. */
	d = decide("returnTo=https%3A%2F%2Fa.example%2F%3Cscript%3E%26%22%27");
	ck_assert_int_eq(d->http_status, 400);
	ck_assert_int_eq(a0l_response_decision(&no_hints, d, 0, &r), 0);
	expect_html_error(&r);
	ck_assert(body_has(&r, "https://a.example/%3Cscript%3E&amp;%22&#39;"));
	ck_assert(!body_has(&r, "<script"));
	ck_assert(!body_has(&r, "%3Cscript%3E&%22'"));
	a0l_response_free(&r);
}
END_TEST

/* Control bytes and ill-formed UTF-8 in a description become U+FFFD. */
START_TEST(r9_1_error_page_cleans_control_bytes)
{
	auth0logout_decision d = hand_error(400, "a\x01"
	                                         "b\xff<c");
	struct a0l_response r;

	ck_assert_int_eq(a0l_response_decision(&no_hints, &d, 0, &r), 0);
	expect_html_error(&r);
	ck_assert(body_has(&r, "error_description: a\xEF\xBF\xBD"
	                       "b\xEF\xBF\xBD&lt;c</p>"));
	ck_assert(!body_has(&r, "\x01"));
	a0l_response_free(&r);
}
END_TEST

/* With Accept naming application/json, the body is the decision's R7.2
 * object, byte for byte. */
START_TEST(r9_1_error_json_is_decision_json)
{
	const auth0logout_decision *d =
	    decide("client_id=%3Cscript%3E%26%22%27");
	struct a0l_response r;
	size_t n;
	char *want = json_of(d, AUTH0LOGOUT_JSON_NO_HINT, &n);

	ck_assert_int_eq(d->http_status, 400);
	ck_assert_int_eq(a0l_response_decision(&no_hints, d, 1, &r), 0);
	expect_status(&r, 400, "400 Bad Request", "error");
	expect_json_error(&r);
	expect_body(&r, want, n);
	ck_assert(body_has(&r, "\"status\":400"));
	ck_assert(body_has(&r, "\"error\":\"invalid_request\""));
	free(want);
	a0l_response_free(&r);
}
END_TEST

static int fail_tenant(void *ctx, const auth0logout_allowlist **out)
{
	(void)ctx;
	*out = NULL;
	return AUTH0LOGOUT_E_STORE_FAILED;
}

static int fail_client(void *ctx, const char *id, size_t n,
                       const auth0logout_allowlist **out)
{
	(void)ctx;
	(void)id;
	(void)n;
	*out = NULL;
	return AUTH0LOGOUT_E_STORE_FAILED;
}

/* R9.2: a 500 from the core (a store that fails) shows the fixed
 * sentence, never the decision's description. */
START_TEST(r9_2_server_error_shows_fixed_text)
{
	static const char *const queries[] = {
	    "returnTo=https%3A%2F%2Fapp.example.com%2Fbye",
	    "client_id=" TU_CLIENT,
	};
	auth0logout_store failing = {NULL, fail_tenant, fail_client, NULL};
	auth0logout_decision d;
	struct a0l_response r;

	for (int i = 0; i < N_ROWS(queries); i++) {
		size_t n = strlen(queries[i]);
		char *q = tu_dup_exact(queries[i], n);

		auth0logout_decide_query(&failing, q, n, fx.buf,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
		free(q);
		ck_assert_int_eq(d.http_status, 500);
		ck_assert_int_eq(d.error, AUTH0LOGOUT_ERROR_SERVER_ERROR);
		ck_assert_ptr_nonnull(d.error_description);

		ck_assert_int_eq(a0l_response_decision(&hints_on, &d, 0, &r),
		                 0);
		expect_status(&r, 500, "500 Internal Server Error", "error");
		expect_html_error(&r);
		ck_assert(body_has(&r, "<code>server_error</code>"));
		ck_assert(body_has(&r, UNAVAILABLE));
		ck_assert(!body_has(&r, d.error_description));
		ck_assert(!body_has(&r, "store"));
		a0l_response_free(&r);

		ck_assert_int_eq(a0l_response_decision(&hints_on, &d, 1, &r),
		                 0);
		expect_status(&r, 500, "500 Internal Server Error", "error");
		expect_json_error(&r);
		expect_body(
		    &r,
		    S("{\"outcome\":\"error\",\"status\":500,\"location\":null,"
		      "\"federated\":false,\"error\":\"server_error\","
		      "\"error_description\":\"" UNAVAILABLE "\",\"list\":null,"
		      "\"matched\":null,\"hint\":null,\"confirm\":false,"
		      "\"client_id\":null}"));
		a0l_response_free(&r);
	}
}
END_TEST

/* R9.2 for a 500 decision built by hand: its secret never shows. */
START_TEST(r9_2_hand_built_500_hides_description)
{
	auth0logout_decision d =
	    hand_error(500, "db password=hunter2 at 10.0.0.5");
	struct a0l_response r;

	for (int json = 0; json <= 1; json++) {
		ck_assert_int_eq(a0l_response_decision(&hints_on, &d, json, &r),
		                 0);
		ck_assert_int_eq(r.status, 500);
		ck_assert(body_has(&r, UNAVAILABLE));
		ck_assert(!body_has(&r, "hunter2"));
		ck_assert(!body_has(&r, "10.0.0.5"));
		a0l_response_free(&r);
	}
}
END_TEST

/* ---- R9.1 refusals ------------------------------------------------------- */

struct refusal_row {
	int status;
	const char *line;
	const char *description;
	const char *error;
};

static const struct refusal_row refusals[] = {
    {400, "400 Bad Request",
     "The request target holds a byte that is not allowed.", "invalid_request"},
    {404, "404 Not Found", "Not found: <b>/x</b>", "invalid_request"},
    {405, "405 Method Not Allowed", "Only GET and HEAD.", "invalid_request"},
    {408, "408 Request Timeout", "The request head took too long.",
     "invalid_request"},
    {414, "414 URI Too Long", "The request target is too long.",
     "invalid_request"},
    {431, "431 Request Header Fields Too Large", "Too many headers.",
     "invalid_request"},
    {500, "500 Internal Server Error", "config /etc/secret.json: EACCES",
     "server_error"},
};

START_TEST(r9_1_refusal_page_and_headers)
{
	const struct refusal_row *t = &refusals[_i];
	char title[128], code[128];
	struct a0l_response r;
	size_t n;

	ck_assert_int_eq(
	    a0l_response_refusal(&hints_on, t->status, t->description, 0, &r),
	    0);
	expect_status(&r, t->status, t->line, "error");
	if (t->status == 405) {
		static const struct hdr want[] = {
		    {"Content-Type", HTML_TYPE},
		    {"Cache-Control", "no-store"},
		    {"X-Content-Type-Options", "nosniff"},
		    {"Referrer-Policy", "no-referrer"},
		    {"Content-Security-Policy", CSP},
		    {"Allow", "GET, HEAD"},
		};
		expect_headers(&r, want, N_ROWS(want));
	} else {
		expect_html_error(&r);
		ck_assert_ptr_null(header(&r, "Allow"));
	}
	ck_assert_ptr_null(header(&r, "Set-Cookie"));
	ck_assert_ptr_null(header(&r, "Location"));
	snprintf(title, sizeof title, "<title>%s</title>", t->line);
	snprintf(code, sizeof code, "<code>%s</code>", t->error);
	ck_assert(body_has(&r, title));
	ck_assert(body_has(&r, code));
	if (t->status == 500) {
		ck_assert(body_has(&r, UNAVAILABLE));
		ck_assert(!body_has(&r, "secret"));
	} else {
		char *esc;

		n = auth0logout_escape(t->description, strlen(t->description),
		                       AUTH0LOGOUT_ESCAPE_HTML, NULL, 0);
		esc = malloc(n + 1);
		ck_assert_ptr_nonnull(esc);
		auth0logout_escape(t->description, strlen(t->description),
		                   AUTH0LOGOUT_ESCAPE_HTML, esc, n + 1);
		ck_assert_msg(body_has(&r, esc), "%s not in %s", esc,
		              tu_show(r.body, r.body_len));
		free(esc);
	}
	ck_assert(!body_has(&r, "<b>"));
	a0l_response_free(&r);

	/* The same refusal as JSON: the R7.2 shape; 405 keeps its Allow. */
	ck_assert_int_eq(
	    a0l_response_refusal(&hints_on, t->status, t->description, 1, &r),
	    0);
	expect_status(&r, t->status, t->line, "error");
	ck_assert_str_eq(header(&r, "Content-Type"), "application/json");
	ck_assert_ptr_null(header(&r, "Content-Security-Policy"));
	ck_assert_str_eq(header(&r, "Cache-Control"), "no-store");
	ck_assert_str_eq(header(&r, "X-Content-Type-Options"), "nosniff");
	ck_assert_str_eq(header(&r, "Referrer-Policy"), "no-referrer");
	if (t->status == 405) {
		ck_assert_uint_eq(r.n_headers, 5);
		ck_assert_str_eq(r.headers[4].name, "Allow");
		ck_assert_str_eq(r.headers[4].value, "GET, HEAD");
	} else {
		ck_assert_uint_eq(r.n_headers, 4);
	}
	snprintf(code, sizeof code, "\"status\":%d,", t->status);
	ck_assert(body_has(&r, code));
	snprintf(code, sizeof code, "\"error\":\"%s\",", t->error);
	ck_assert(body_has(&r, code));
	ck_assert(!body_has(&r, "secret"));
	a0l_response_free(&r);
}
END_TEST

/* One refusal byte for byte: the page every error and refusal shows. */
START_TEST(r9_1_refusal_404_exact_bytes)
{
	static const char page[] =
	    "<!DOCTYPE html>\n"
	    "<html lang=\"en\">\n"
	    "<head><meta charset=\"utf-8\"><title>404 Not "
	    "Found</title></head>\n"
	    "<body>\n"
	    "<h1>404 Not Found</h1>\n"
	    "<p>error: <code>invalid_request</code></p>\n"
	    "<p>error_description: Not found: &lt;b&gt;/x&lt;/b&gt;</p>\n"
	    "</body>\n"
	    "</html>\n";
	static const char json[] =
	    "{\"outcome\":\"error\",\"status\":404,\"location\":null,"
	    "\"federated\":false,\"error\":\"invalid_request\","
	    "\"error_description\":\"Not found: <b>/x</b>\",\"list\":null,"
	    "\"matched\":null,\"hint\":null,\"confirm\":false,"
	    "\"client_id\":null}";
	struct a0l_response r;

	ck_assert_int_eq(
	    a0l_response_refusal(&no_hints, 404, "Not found: <b>/x</b>", 0, &r),
	    0);
	expect_body(&r, page, sizeof page - 1);
	a0l_response_free(&r);
	ck_assert_int_eq(
	    a0l_response_refusal(&no_hints, 404, "Not found: <b>/x</b>", 1, &r),
	    0);
	expect_body(&r, json, sizeof json - 1);
	a0l_response_free(&r);
}
END_TEST

/* ---- R9.3 hints ---------------------------------------------------------- */

/* A not_allowed decision whose hint names the nearest entry. */
static const auth0logout_decision *not_allowed_with_hint(void)
{
	const auth0logout_decision *d =
	    decide("returnTo=http%3A%2F%2Fapp.example.com%2Flogged-out");

	ck_assert_int_eq(d->status, AUTH0LOGOUT_E_NOT_ALLOWED);
	ck_assert_ptr_nonnull(d->hint);
	ck_assert_msg(contains(d->hint, d->hint_len, "\"" ENTRY_1 "\""),
	              "the hint does not quote the entry: %s",
	              tu_show(d->hint, d->hint_len));
	/* The page could not show the entry through the description. */
	ck_assert(
	    !contains(d->error_description, d->error_description_len, ENTRY_1));
	return d;
}

START_TEST(r9_3_hints_off_page_shows_no_hint_or_entry)
{
	const auth0logout_decision *d = not_allowed_with_hint();
	struct a0l_response r;

	ck_assert_int_eq(a0l_response_decision(&no_hints, d, 0, &r), 0);
	expect_status(&r, 400, "400 Bad Request", "error");
	expect_html_error(&r);
	ck_assert(!body_has(&r, "hint"));
	ck_assert(!body_has(&r, "Nearest"));
	ck_assert(!body_has(&r, ENTRY_1));
	ck_assert(!body_has(&r, ENTRY_2));
	ck_assert(!body_has(&r, "app.example.com/bye"));
	/* The description still says what is wrong. */
	ck_assert(body_has(&r, "http://app.example.com/logged-out"));
	a0l_response_free(&r);
}
END_TEST

START_TEST(r9_3_hints_off_json_hint_is_null)
{
	const auth0logout_decision *d = not_allowed_with_hint();
	struct a0l_response r;
	size_t n;
	char *want = json_of(d, AUTH0LOGOUT_JSON_NO_HINT, &n);

	ck_assert_int_eq(a0l_response_decision(&no_hints, d, 1, &r), 0);
	expect_json_error(&r);
	expect_body(&r, want, n);
	ck_assert(body_has(&r, "\"hint\":null"));
	ck_assert(!body_has(&r, ENTRY_1));
	ck_assert(!body_has(&r, ENTRY_2));
	free(want);
	a0l_response_free(&r);
}
END_TEST

START_TEST(r9_3_hints_on_page_shows_escaped_hint)
{
	const auth0logout_decision *d = not_allowed_with_hint();
	struct a0l_response r;
	size_t n = auth0logout_escape(
	    d->hint, d->hint_len,
	    AUTH0LOGOUT_ESCAPE_NO_CONTROL | AUTH0LOGOUT_ESCAPE_HTML, NULL, 0);
	char *esc = malloc(n + 1);

	ck_assert_ptr_nonnull(esc);
	auth0logout_escape(d->hint, d->hint_len,
	                   AUTH0LOGOUT_ESCAPE_NO_CONTROL |
	                       AUTH0LOGOUT_ESCAPE_HTML,
	                   esc, n + 1);
	ck_assert_int_eq(a0l_response_decision(&hints_on, d, 0, &r), 0);
	expect_html_error(&r);
	ck_assert(body_has(&r, "<p>hint: "));
	ck_assert_msg(body_has(&r, esc), "hint %s not in %s", esc,
	              tu_show(r.body, r.body_len));
	ck_assert(body_has(&r, "&quot;" ENTRY_1 "&quot;"));
	ck_assert(!body_has(&r, "\"" ENTRY_1 "\""));
	free(esc);
	a0l_response_free(&r);
}
END_TEST

START_TEST(r9_3_hints_on_json_has_hint)
{
	const auth0logout_decision *d = not_allowed_with_hint();
	struct a0l_response r;
	size_t n;
	char *want = json_of(d, 0, &n);

	ck_assert_int_eq(a0l_response_decision(&hints_on, d, 1, &r), 0);
	expect_json_error(&r);
	expect_body(&r, want, n);
	ck_assert(body_has(&r, "\\\"" ENTRY_1 "\\\""));
	free(want);
	a0l_response_free(&r);
}
END_TEST

/* ---- R9.4, R9.5 the request target --------------------------------------- */

/* Every byte at the start, in the middle and at the end of a target: only
 * 0x21-0x7E pass. */
START_TEST(r9_4_target_ok_refuses_controls_space_del_and_high_bytes)
{
	static const char base[] = "/v2/logout?x=1";
	size_t n = sizeof base - 1;

	for (int b = 0; b < 256; b++) {
		int want = b >= 0x21 && b <= 0x7E;
		size_t at[] = {0, n / 2, n - 1};

		for (int k = 0; k < 3; k++) {
			char *t = tu_dup_exact(base, n);

			t[at[k]] = (char)b;
			ck_assert_msg(!a0l_target_ok(t, n) == !want,
			              "byte 0x%02x at %zu: %d, want %d", b,
			              at[k], a0l_target_ok(t, n), want);
			free(t);
		}
		/* The byte alone. */
		{
			char *t = tu_dup_exact((const char[]){(char)b}, 1);

			ck_assert(!a0l_target_ok(t, 1) == !want);
			free(t);
		}
	}
}
END_TEST

START_TEST(r9_4_target_ok_refuses_empty_accepts_printable)
{
	char printable[0x7E - 0x21 + 1];
	char *t;

	t = tu_dup_exact("", 0);
	ck_assert_int_eq(a0l_target_ok(t, 0), 0);
	free(t);
	ck_assert_int_eq(a0l_target_ok(NULL, 0), 0);
	for (int c = 0x21; c <= 0x7E; c++)
		printable[c - 0x21] = (char)c;
	t = tu_dup_exact(printable, sizeof printable);
	ck_assert(a0l_target_ok(t, sizeof printable));
	free(t);
	/* Only n bytes count. */
	ck_assert(a0l_target_ok("/v2/logout\n", 10));
	ck_assert(!a0l_target_ok("/v2/logout\n", 11));
}
END_TEST

struct path_row {
	const char *target;
	const char *path;
};

static const struct path_row paths[] = {
    /* origin form */
    {"/v2/logout?x", "/v2/logout"},
    {"/v2/logout#f", "/v2/logout"},
    {"/v2/logout", "/v2/logout"},
    {"/v2/logout?a#b", "/v2/logout"},
    {"/?q", "/"},
    {"?q", ""},
    {"", ""},
    /* absolute form (R9.5): after the scheme and authority */
    {"http://h:1/v2/logout?q", "/v2/logout"},
    {"https://tenant.example.com/v2/logout?returnTo=x", "/v2/logout"},
    {"HTTP://H/v2/logout#f", "/v2/logout"},
    {"https://h", ""},
    {"http://h?q", ""},
    {"http://h#f", ""},
    {"http://", ""},
    {"http://h/", "/"},
    /* neither: the target itself up to '?' or '#' */
    {"*", "*"},
    {"v2/logout?q", "v2/logout"},
    {"http:/x", "http:/x"},
    {"http:", "http:"},
};

START_TEST(r9_5_target_path)
{
	const struct path_row *t = &paths[_i];
	size_t n = strlen(t->target), len = 99;
	char *target = tu_dup_exact(t->target, n);
	const char *path = NULL;

	a0l_target_path(target, n, &path, &len);
	/* Never outside the target's bytes. */
	ck_assert_ptr_nonnull(path);
	ck_assert_msg(path >= target && path + len <= target + n,
	              "%s: path outside the target", t->target);
	ck_assert_msg(len == strlen(t->path) && memcmp(path, t->path, len) == 0,
	              "%s: path %s, want %s", tu_shows(t->target),
	              tu_show(path, len), tu_shows(t->path));
	free(target);
}
END_TEST

/* Every prefix of a few targets: the path stays within the bytes given. */
START_TEST(r9_5_target_path_within_every_prefix)
{
	static const char *const targets[] = {
	    "http://h:1/v2/logout?q#f",       "*", "a:/", "x://y",
	    "/v2/logout?returnTo=http://a/b",
	};

	for (int i = 0; i < N_ROWS(targets); i++) {
		size_t full = strlen(targets[i]);

		for (size_t n = 0; n <= full; n++) {
			char *t = tu_dup_exact(targets[i], n);
			const char *path = NULL;
			size_t len = 99;

			a0l_target_path(t, n, &path, &len);
			ck_assert_msg(path >= t && path <= t + n &&
			                  len <= (size_t)(t + n - path),
			              "%s cut at %zu: path outside", targets[i],
			              n);
			ck_assert(memchr(path, '?', len) == NULL);
			ck_assert(memchr(path, '#', len) == NULL);
			free(t);
		}
	}
}
END_TEST

/* ---- the cookie name and Accept ------------------------------------------ */

/* RFC 2616 separators: never in a token. */
static int separator(int c)
{
	return c != '\0' && strchr("()<>@,;:\\\"/[]?={} \t", c) != NULL;
}

START_TEST(r9_1_cookie_name_token_chars_only)
{
	static const char *const good[] = {
	    "a0session",       "__Host-sid", "__Secure-session",
	    "!#$%&'*+-.^_`|~", "0",          "AZaz09",
	};

	for (int i = 0; i < N_ROWS(good); i++)
		ck_assert_msg(a0l_cookie_name_ok(good[i]), "%s refused",
		              good[i]);
	ck_assert(a0l_cookie_name_ok(A0L_DEFAULT_COOKIE));
	ck_assert(!a0l_cookie_name_ok(""));
	ck_assert(!a0l_cookie_name_ok(NULL));
	/* Every byte, alone, first, inside and last. */
	for (int c = 1; c < 256; c++) {
		int want = c > 0x20 && c < 0x7F && !separator(c);
		char forms[4][4] = {{(char)c, 0},
		                    {(char)c, 'a', 0},
		                    {'a', (char)c, 'b', 0},
		                    {'a', (char)c, 0}};

		for (int k = 0; k < 4; k++)
			ck_assert_msg(!a0l_cookie_name_ok(forms[k]) == !want,
			              "byte 0x%02x (form %d): %d, want %d", c,
			              k, a0l_cookie_name_ok(forms[k]), want);
	}
}
END_TEST

START_TEST(r9_1_cookie_name_length_cap)
{
	char *name = malloc(A0L_COOKIE_NAME_MAX + 2);

	ck_assert_ptr_nonnull(name);
	memset(name, 'a', A0L_COOKIE_NAME_MAX + 1);
	name[A0L_COOKIE_NAME_MAX] = '\0';
	ck_assert(a0l_cookie_name_ok(name));
	name[A0L_COOKIE_NAME_MAX] = 'a';
	name[A0L_COOKIE_NAME_MAX + 1] = '\0';
	ck_assert(!a0l_cookie_name_ok(name));
	free(name);
}
END_TEST

struct accept_row {
	const char *accept;
	int json;
};

/* response.h: the media type application/json, any case, listed without
 * a weight of zero. */
static const struct accept_row accepts[] = {
    {NULL, 0},
    {"", 0},
    {"*/*", 0},
    {"text/html", 0},
    {"application/*", 0},
    {"application/jso", 0},
    {"application/problem+json", 0},
    {"text/json", 0},
    {",", 0},
    {";q=1", 0},
    {"application/json", 1},
    {"APPLICATION/JSON", 1},
    {"Application/Json; charset=utf-8", 1},
    {"text/html;q=0.5, Application/JSON", 1},
    {"text/html,application/json;q=0.9,*/*;q=0.8", 1},
    {"  application/json  ", 1},
    {"text/html,\tapplication/json", 1},
    {"application/json;q=1", 1},
    {"application/json;q=0.5", 1},
    {"application/json;q=0.001", 1},
    {"application/json;q=1.0", 1},
    /* A longer type is another type. */
    {"application/jsonx", 0},
    {"application/json-seq", 0},
    {"text/html, application/jsonlines", 0},
    {"xapplication/json", 0},
    {"application/json/x", 0},
    /* A weight of zero: not acceptable. */
    {"application/json;q=0", 0},
    {"application/json; q=0.000", 0},
    {"application/json;Q=0.0", 0},
    {"application/json ;q=0", 0},
    {"application/json;charset=utf-8;q=0", 0},
    {"text/html, application/json;q=0", 0},
};

START_TEST(r9_1_accept_json)
{
	const struct accept_row *t = &accepts[_i];
	char *a = NULL;

	if (t->accept != NULL) {
		size_t n = strlen(t->accept);

		a = tu_dup_exact(t->accept, n + 1); /* with its NUL */
	}
	ck_assert_msg(!a0l_accept_json(a) == !t->json, "%s: %d, want %d",
	              tu_shows(t->accept), a0l_accept_json(a), t->json);
	free(a);
}
END_TEST

/* ---- R9.8 the access line ------------------------------------------------ */

#define TIME_LEN 24 /* 2024-01-31T12:34:56.789Z */

/* The line's time field: YYYY-MM-DDTHH:MM:SS.mmmZ then a space. */
static void expect_time(const char *line)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ ";

	for (size_t i = 0; i < sizeof shape - 1; i++) {
		if (shape[i] == 'd')
			ck_assert_msg(line[i] >= '0' && line[i] <= '9',
			              "time %s", tu_show(line, TIME_LEN));
		else
			ck_assert_msg(line[i] == shape[i], "time %s",
			              tu_show(line, TIME_LEN));
	}
}

/* The access line of target (copied into a block of exactly its length)
 * in a large buffer; returns its length, the line in out. */
static size_t access_line(char *out, size_t cap, const char *peer,
                          const char *method, const char *target, size_t n,
                          int status, const char *outcome,
                          const auth0logout_decision *d, const char *extra)
{
	char *t = tu_dup_exact(target, n);
	size_t len = a0l_access_line(out, cap, peer, method, t, n, status,
	                             outcome, d, extra, NULL);

	free(t);
	ck_assert_msg(len < cap && out[len] == '\0' && strlen(out) == len,
	              "length %zu, cap %zu", len, cap);
	return len;
}

/* With a clock the line is the same as without: the same fields, a time
 * of the same form, within the same few seconds. */
START_TEST(r9_8_access_line_clock_formats_the_same)
{
	struct a0l_clock clock;
	char a[256], b[256], c[256];
	char *t = tu_dup_exact(S("/v2/logout?state=SECRET"));

	memset(&clock, 0, sizeof clock);
	a0l_access_line(a, sizeof a, "192.0.2.7", "GET", t, 23, 200,
	                "logged_out", NULL, NULL, NULL);
	a0l_access_line(b, sizeof b, "192.0.2.7", "GET", t, 23, 200,
	                "logged_out", NULL, NULL, &clock);
	a0l_access_line(c, sizeof c, "192.0.2.7", "GET", t, 23, 200,
	                "logged_out", NULL, NULL, &clock);
	free(t);
	expect_time(a);
	expect_time(b);
	expect_time(c);
	ck_assert_str_eq(a + TIME_LEN, b + TIME_LEN);
	ck_assert_str_eq(b + TIME_LEN, c + TIME_LEN);
	/* Same date and time to the second, or the next second. */
	ck_assert_msg(strncmp(a, b, 17) == 0, "%s vs %s", a, b);
	ck_assert_msg(clock.second > 0 && strncmp(clock.text, c, 19) == 0,
	              "clock %s vs %s", clock.text, c);
}
END_TEST

START_TEST(r9_8_access_line_fields)
{
	static const char target[] =
	    "/v2/logout?client_id=" TU_CLIENT
	    "&returnTo=https%3A%2F%2Fclient.example.org"
	    "%2Fdone";
	char line[1024];
	const auth0logout_decision *d = decide(target);
	size_t n;

	ck_assert_int_eq(d->outcome, AUTH0LOGOUT_OUTCOME_REDIRECT);
	n = access_line(line, sizeof line, "192.0.2.7", "GET", S(target), 302,
	                "redirect", d, NULL);
	expect_time(line);
	ck_assert_str_eq(line + TIME_LEN,
	                 " 192.0.2.7 GET /v2/logout 302 "
	                 "redirect list=client client_id=" TU_CLIENT "\n");
	ck_assert_uint_eq(n, strlen(line));

	d = decide("returnTo=https%3A%2F%2Fapp.example.com%2Fbye");
	access_line(line, sizeof line, "::1", "HEAD", S("/v2/logout?x"), 302,
	            "redirect", d, "federated");
	expect_time(line);
	ck_assert_str_eq(line + TIME_LEN,
	                 " ::1 HEAD /v2/logout 302 redirect "
	                 "list=tenant client_id=- federated\n");

	/* A refusal: no decision; no peer. */
	access_line(line, sizeof line, NULL, "POST", S("/v2/logout"), 405,
	            "error", NULL, NULL);
	expect_time(line);
	ck_assert_str_eq(line + TIME_LEN,
	                 " - POST /v2/logout 405 error list=- client_id=-\n");
}
END_TEST

/* R9.8: never the query (a state, an id_token_hint); the absolute form's
 * scheme and authority neither. */
START_TEST(r9_8_access_line_has_no_query)
{
	static const char *const targets[] = {
	    "/v2/logout?state=SECRET&id_token_hint=SECRET2",
	    "/v2/logout?client_id=" TU_CLIENT "&state=SECRET&id_token_hint="
	    "SECRET2&returnTo=https%3A%2F%2Fclient.example.org%2Fdone",
	    "https://tenant.example.com/v2/logout?state=SECRET#SECRET2",
	    "/v2/logout#state=SECRET",
	    "/v2/logout?\x01SECRET\x7f",
	};
	char line[1024];

	for (int i = 0; i < N_ROWS(targets); i++) {
		const auth0logout_decision *d = decide(targets[i]);

		access_line(line, sizeof line, "192.0.2.7", "GET", targets[i],
		            strlen(targets[i]), d->http_status,
		            auth0logout_outcome_name(d->outcome), d, NULL);
		ck_assert_msg(strstr(line, "SECRET") == NULL,
		              "the query is in %s", line);
		ck_assert_msg(strstr(line, " GET /v2/logout ") != NULL,
		              "the path is not in %s", line);
		ck_assert(strstr(line, "tenant.example.com") == NULL);
	}
}
END_TEST

/* Bytes outside 0x21-0x7E, '"' and '\' in the method, the path and the
 * client_id show as \xNN: nothing can forge a field or a line. */
START_TEST(r9_8_access_line_escapes)
{
	static const char target[] = "/p a\x01\"\\\x7f\x80\xff\n?q";
	static const char id[] = "id \"x\\\n\x80";
	char line[1024];
	auth0logout_decision d;

	memset(&d, 0, sizeof d);
	d.outcome = AUTH0LOGOUT_OUTCOME_ERROR;
	d.http_status = 400;
	d.list = AUTH0LOGOUT_LIST_CLIENT;
	d.client_id = tu_dup_exact(id, sizeof id - 1);
	d.client_id_len = sizeof id - 1;
	access_line(line, sizeof line, "192.0.2.7", "G\"E\\T X\r", S(target),
	            400, "error", &d, NULL);
	free((char *)d.client_id);
	expect_time(line);
	ck_assert_str_eq(
	    line + TIME_LEN,
	    " 192.0.2.7 G\\x22E\\x5CT\\x20X\\x0D "
	    "/p\\x20a\\x01\\x22\\x5C\\x7F\\x80\\xFF\\x0A 400 error "
	    "list=client client_id=id\\x20\\x22x\\x5C\\x0A\\x80\n");
	/* One line: the only newline ends it. */
	ck_assert_ptr_eq(strchr(line, '\n'), line + strlen(line) - 1);
	/* A NUL in the target is a byte like any other. */
	access_line(line, sizeof line, "p", "GET", S("/a\0b?\0"), 400, "error",
	            NULL, NULL);
	ck_assert_str_eq(line + TIME_LEN,
	                 " p GET /a\\x00b 400 error list=- client_id=-\n");
}
END_TEST

/* The full line used by the cut tests: escapes in the method, the path and
 * the client_id, so that cuts land inside them. */
static const char cut_target[] = "/v2/\"logout\\ x?state=SECRET";
static const char cut_id[] = "app \"client\" \\1";

static auth0logout_decision cut_decision(void)
{
	auth0logout_decision d;

	memset(&d, 0, sizeof d);
	d.outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
	d.http_status = 302;
	d.list = AUTH0LOGOUT_LIST_CLIENT;
	d.client_id = cut_id;
	d.client_id_len = sizeof cut_id - 1;
	return d;
}

static size_t cut_line(char *buf, size_t cap, const auth0logout_decision *d)
{
	char *t = tu_dup_exact(S(cut_target));
	size_t n = a0l_access_line(buf, cap, "198.51.100.23", "GET\tX", t,
	                           sizeof cut_target - 1, 302, "redirect", d,
	                           "extra", NULL);

	free(t);
	return n;
}

/* Whether line[0..n) is a prefix of whole[0..len): the time field (the
 * first TIME_LEN bytes, which move between calls) only by its shape. */
static int prefix_of(const char *line, size_t n, const char *whole, size_t len)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";

	if (n > len)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (i < TIME_LEN && shape[i] == 'd') {
			if (line[i] < '0' || line[i] > '9')
				return 0;
		} else if (line[i] != whole[i]) {
			return 0;
		}
	}
	return 1;
}

/* Every cap from 0 to past the full length, into a block of exactly cap
 * bytes (response.h): cap 0 writes nothing, cap 1 only the NUL; from 2 on,
 * a prefix of the whole line, never cut inside a \xNN escape, then "\n"
 * and NUL, never past cap; the whole line once it fits.  All buffers are freed
 * before anything is asserted, so that a failure leaks nothing under
 * valgrind with CK_FORK=no. */
START_TEST(r9_8_access_line_every_cap_cut_as_prefix)
{
	auth0logout_decision d = cut_decision();
	char full[2048], first[1024] = "";
	size_t len = cut_line(full, sizeof full, &d);
	int bad = 0;

	ck_assert_uint_gt(len, TIME_LEN + 32);
	ck_assert(full[len - 1] == '\n' && full[len] == '\0');
	ck_assert(strstr(full, "SECRET") == NULL);
	for (size_t cap = 0; cap <= len + 2; cap++) {
		char *buf = malloc(cap ? cap : 1);
		const char *why = NULL;
		size_t n;

		ck_assert_ptr_nonnull(buf);
		memset(buf, 'Z', cap ? cap : 1);
		n = cut_line(buf, cap, &d);
		if (cap == 0) {
			if (n != 0 || buf[0] != 'Z')
				why = "cap 0 wrote";
		} else if (cap == 1) {
			if (n != 0 || buf[0] != '\0')
				why = "cap 1 is not just a NUL";
		} else if (n >= cap || buf[n] != '\0' || strlen(buf) != n) {
			why = "not NUL-terminated within cap";
		} else if (n == 0 || buf[n - 1] != '\n' ||
		           strchr(buf, '\n') != buf + n - 1) {
			why = "not one line ending in a newline";
		} else if (!prefix_of(buf, n - 1, full, len - 1)) {
			why = "not a prefix of the whole line";
		} else if (cap > len && n != len) {
			why = "cut although it fits";
		} else {
			/* No escape cut in two. */
			for (const char *p = strchr(buf, '\\'); p != NULL;
			     p = strchr(p + 1, '\\'))
				if (p + 4 > buf + n - 1 || p[1] != 'x')
					why = "an escape cut in two";
		}
		if (why != NULL && bad++ == 0)
			snprintf(first, sizeof first, "cap %zu: %s: %s", cap,
			         why, tu_show(buf, n < cap ? n : 0));
		free(buf);
	}
	ck_assert_msg(bad == 0, "%d caps wrong; first, %s", bad, first);
}
END_TEST

/* ---- the swap (R9.7) ----------------------------------------------------- */

START_TEST(swap_single_thread)
{
	struct a0l_swap *s = malloc(sizeof *s);
	int a = 1, b = 2;
	int slot;

	ck_assert_ptr_nonnull(s);
	a0l_swap_init(s, &a);
	slot = a0l_swap_slot(s);
	ck_assert_int_eq(slot, 0);
	ck_assert_ptr_eq(a0l_swap_acquire(s, slot), &a);
	ck_assert_ptr_eq(a0l_swap_acquire(s, slot), &a); /* again */
	a0l_swap_release(s, slot);
	ck_assert_ptr_eq(a0l_swap_publish(s, &b), &a);
	ck_assert_ptr_eq(a0l_swap_acquire(s, slot), &b);
	a0l_swap_release(s, slot);
	ck_assert_ptr_eq(a0l_swap_publish(s, &b), &b); /* same value */
	ck_assert_ptr_eq(a0l_swap_publish(s, NULL), &b);
	ck_assert_ptr_null(a0l_swap_acquire(s, slot));
	a0l_swap_release(s, slot);
	ck_assert_ptr_null(a0l_swap_publish(s, &a));
	ck_assert_ptr_eq(a0l_swap_acquire(s, slot), &a);
	a0l_swap_release(s, slot);

	/* Starting with NULL. */
	a0l_swap_init(s, NULL);
	slot = a0l_swap_slot(s);
	ck_assert_int_eq(slot, 0);
	ck_assert_ptr_null(a0l_swap_acquire(s, slot));
	a0l_swap_release(s, slot);
	ck_assert_ptr_null(a0l_swap_publish(s, &a));
	ck_assert_ptr_eq(a0l_swap_acquire(s, slot), &a);
	a0l_swap_release(s, slot);
	free(s);
}
END_TEST

/* A0L_SWAP_SLOTS slots, numbered from 0; then -1, however often asked. */
START_TEST(swap_slots_run_out)
{
	struct a0l_swap *s = malloc(sizeof *s);
	int x = 0;

	ck_assert_ptr_nonnull(s);
	a0l_swap_init(s, &x);
	for (int i = 0; i < A0L_SWAP_SLOTS; i++)
		ck_assert_int_eq(a0l_swap_slot(s), i);
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(a0l_swap_slot(s), -1);
	/* Every slot counts for the writer, and all is still well. */
	ck_assert_ptr_eq(a0l_swap_acquire(s, A0L_SWAP_SLOTS - 1), &x);
	a0l_swap_release(s, A0L_SWAP_SLOTS - 1);
	ck_assert_ptr_eq(a0l_swap_publish(s, NULL), &x);
	free(s);
}
END_TEST

struct publisher {
	struct a0l_swap *s;
	void *next;
	void *old;
	atomic_int done;
};

static void *publish_thread(void *p)
{
	struct publisher *w = p;

	w->old = a0l_swap_publish(w->s, w->next);
	atomic_store(&w->done, 1);
	return NULL;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* The writer waits while a reader holds the old value; readers never wait
 * for the writer: a new acquire has the new value at once. */
START_TEST(swap_publish_waits_for_reader)
{
	struct a0l_swap *s = malloc(sizeof *s);
	struct publisher w;
	pthread_t th;
	int a = 1, b = 2;
	int r0, r1;

	ck_assert_ptr_nonnull(s);
	a0l_swap_init(s, &a);
	r0 = a0l_swap_slot(s);
	r1 = a0l_swap_slot(s);
	ck_assert_int_eq(r0, 0);
	ck_assert_int_eq(r1, 1);
	ck_assert_ptr_eq(a0l_swap_acquire(s, r0), &a);
	w.s = s;
	w.next = &b;
	w.old = NULL;
	atomic_init(&w.done, 0);
	ck_assert_int_eq(pthread_create(&th, NULL, publish_thread, &w), 0);
	/* Until the writer has swapped, then a little longer. */
	for (int i = 0; i < 5000; i++) {
		void *p = a0l_swap_acquire(s, r1);

		a0l_swap_release(s, r1);
		if (p == &b)
			break;
		sleep_ms(1);
	}
	ck_assert_ptr_eq(a0l_swap_acquire(s, r1), &b);
	a0l_swap_release(s, r1);
	sleep_ms(100);
	ck_assert_msg(atomic_load(&w.done) == 0,
	              "publish returned while a reader held the old value");
	a0l_swap_release(s, r0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_int_eq(atomic_load(&w.done), 1);
	ck_assert_ptr_eq(w.old, &a);
	free(s);
}
END_TEST

#define LIVE      0x4C1FE5EDu
#define DEAD      0xDEADBEEFu
#define READERS   4
#define PUBLISHES 20000
#define RUN_MS    500
#define MAX_MS    10000

struct snapshot {
	unsigned magic;
	unsigned long seq;
};

struct reader {
	struct a0l_swap *s;
	atomic_int *stop;
	atomic_int *ready;
	int slot;
	atomic_ulong iterations;
	unsigned long dead;      /* a value seen after it was freed */
	unsigned long backwards; /* an older value after a newer one */
};

static void *read_thread(void *p)
{
	struct reader *r = p;
	unsigned long last = 0, n = 0;

	r->slot = a0l_swap_slot(r->s);
	atomic_fetch_add(r->ready, 1);
	if (r->slot < 0)
		return NULL;
	/* A reader the scheduler preempts at any instruction of acquire is
	 * what a broken swap fails on; one preempted while it holds a
	 * snapshot stalls the writer for a time slice.  So no yield while
	 * holding, and a yield now and then after releasing, so that the
	 * writer runs often (also under valgrind, which runs one thread at
	 * a time).  A swap without acquire's second look failed here in 6
	 * runs of 10 on two cores (a swap whose publish does not wait fails
	 * swap_publish_waits_for_reader every time). */
	while (!atomic_load(r->stop)) {
		struct snapshot *snap = a0l_swap_acquire(r->s, r->slot);

		if (snap->magic != LIVE)
			r->dead++;
		if (snap->seq < last)
			r->backwards++;
		last = snap->seq;
		n++;
		if (snap->magic != LIVE) /* still, after the reads */
			r->dead++;
		a0l_swap_release(r->s, r->slot);
		atomic_store_explicit(&r->iterations, n, memory_order_relaxed);
		if (n % 64 == 0)
			sched_yield();
	}
	return NULL;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t0->tv_sec) * 1000 +
	       (now.tv_nsec - t0->tv_nsec) / 1000000;
}

static struct snapshot *snapshot_new(unsigned long seq)
{
	struct snapshot *snap = malloc(sizeof *snap);

	ck_assert_ptr_nonnull(snap);
	snap->magic = LIVE;
	snap->seq = seq;
	return snap;
}

/* R9.7: 4 readers acquire, check and release while 20,000 snapshots (or
 * more, for half a second) are published; each old one is poisoned and freed as
 * soon as publish hands it back.  A reader that ever sees the poison (or, under
 * ASan, touches freed memory) fails the test. */
START_TEST(swap_readers_never_see_freed_snapshot)
{
	struct a0l_swap *s = malloc(sizeof *s);
	struct reader readers[READERS];
	pthread_t th[READERS];
	atomic_int stop, ready;
	struct snapshot *old;
	struct timespec start;
	unsigned long last;
	int seen[READERS] = {0};

	ck_assert_ptr_nonnull(s);
	a0l_swap_init(s, snapshot_new(0));
	atomic_init(&stop, 0);
	atomic_init(&ready, 0);
	for (int i = 0; i < READERS; i++) {
		readers[i].s = s;
		readers[i].stop = &stop;
		readers[i].ready = &ready;
		readers[i].slot = -1;
		atomic_init(&readers[i].iterations, 0);
		readers[i].dead = 0;
		readers[i].backwards = 0;
		ck_assert_int_eq(
		    pthread_create(&th[i], NULL, read_thread, &readers[i]), 0);
	}
	while (atomic_load(&ready) < READERS)
		sched_yield();
	/* At least PUBLISHES, and for at least half a second: the more
	 * often a reader is preempted inside acquire, the likelier a broken
	 * swap shows.  At most MAX_MS, whatever the count, for a slow
	 * machine or valgrind. */
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (last = 1;; last++) {
		long ms;

		old = a0l_swap_publish(s, snapshot_new(last));
		ck_assert_ptr_nonnull(old);
		ck_assert_uint_eq(old->seq, last - 1);
		old->magic = DEAD;
		free(old);
		ms = ms_since(&start);
		if ((last >= PUBLISHES && ms >= RUN_MS) || ms >= MAX_MS)
			break;
	}
	/* Every reader has run while publishes went on or since. */
	for (int i = 0; i < READERS; i++)
		while (atomic_load(&readers[i].iterations) == 0)
			sched_yield();
	atomic_store(&stop, 1);
	for (int i = 0; i < READERS; i++)
		ck_assert_int_eq(pthread_join(th[i], NULL), 0);
	old = a0l_swap_publish(s, NULL);
	ck_assert_uint_eq(old->seq, last);
	free(old);
	for (int i = 0; i < READERS; i++) {
		const struct reader *r = &readers[i];

		ck_assert_int_ge(r->slot, 0);
		ck_assert_int_lt(r->slot, READERS);
		ck_assert_msg(!seen[r->slot], "slot %d given twice", r->slot);
		seen[r->slot] = 1;
		ck_assert_msg(r->dead == 0, "reader %d saw %lu freed snapshots",
		              i, r->dead);
		ck_assert_msg(
		    r->backwards == 0,
		    "reader %d saw %lu older snapshots after newer ones", i,
		    r->backwards);
		ck_assert_uint_gt(atomic_load(&r->iterations), 0);
	}
	free(s);
}
END_TEST

/* ---- R8.7 consent, R8.11 documents, R8.1 POST bodies ------------------- */

/* base64url without padding, for the expected tokens. */
static void b64url(const unsigned char *in, size_t n, char *out)
{
	char tmp[128];
	int k;
	size_t o = 0;

	ck_assert_uint_le(n, 64);
	k = EVP_EncodeBlock((unsigned char *)tmp, in, (int)n);
	for (int i = 0; i < k && tmp[i] != '='; i++)
		out[o++] = tmp[i] == '+' ? '-' : tmp[i] == '/' ? '_' : tmp[i];
	out[o] = '\0';
}

/* The token consent.h defines, computed with OpenSSL's one-shot HMAC():
 * the key is the nonce's 32 bytes, the message the label, the expiry,
 * the form flag and the request, NUL-separated. */
static void expected_token(const unsigned char key[32], long long expiry,
                           int form, const char *request, char *out)
{
	static const char label[] = "auth0logout oidc consent v1";
	unsigned char msg[256], mac[32];
	unsigned int mac_len = 0;
	int n;
	size_t m;

	n = snprintf((char *)msg, sizeof msg, "%s%c%lld%c%c%c", label, 0,
	             expiry, 0, form ? '1' : '0', 0);
	ck_assert_int_gt(n, 0);
	m = strlen(request);
	ck_assert_uint_lt((size_t)n + m, sizeof msg);
	memcpy(msg + n, request, m);
	ck_assert_ptr_nonnull(
	    HMAC(EVP_sha256(), key, 32, msg, (size_t)n + m, mac, &mac_len));
	ck_assert_uint_eq(mac_len, 32);
	n = sprintf(out, "%lld.", expiry);
	b64url(mac, 32, out + n);
}

START_TEST(r8_7_consent_token_is_the_documented_hmac)
{
	unsigned char key[32];
	char nonce[64], want[128], got[A0L_CONSENT_TOKEN_MAX];
	size_t n;

	for (int i = 0; i < 32; i++)
		key[i] = (unsigned char)(i * 37 + 11);
	b64url(key, 32, nonce);
	ck_assert_uint_eq(strlen(nonce), A0L_CONSENT_NONCE_LEN);
	expected_token(key, 1700000000, 0, "client_id=AbC123&state=x", want);
	n = a0l_consent_token(nonce, strlen(nonce), 1700000000,
	                      "client_id=AbC123&state=x", 24, 0, got,
	                      sizeof got);
	ck_assert_uint_eq(n, strlen(want));
	ck_assert_str_eq(got, want);
	/* The form flag is part of the message. */
	expected_token(key, 1700000000, 1, "client_id=AbC123&state=x", want);
	a0l_consent_token(nonce, strlen(nonce), 1700000000,
	                  "client_id=AbC123&state=x", 24, 1, got, sizeof got);
	ck_assert_str_eq(got, want);
	/* An empty request. */
	expected_token(key, 42, 0, "", want);
	a0l_consent_token(nonce, strlen(nonce), 42, "", 0, 0, got, sizeof got);
	ck_assert_str_eq(got, want);
	/* Not a nonce: too short, too long, a byte outside base64url, the
	 * last character's unused bits set; no room. */
	ck_assert_uint_eq(
	    a0l_consent_token(nonce, 42, 1, "", 0, 0, got, sizeof got), 0);
	ck_assert_str_eq(got, "");
	nonce[5] = '+';
	ck_assert_uint_eq(
	    a0l_consent_token(nonce, 43, 1, "", 0, 0, got, sizeof got), 0);
	b64url(key, 32, nonce);
	nonce[42] = nonce[42] == 'B' ? 'C' : 'B'; /* 'B' has a low bit */
	ck_assert_uint_eq(
	    a0l_consent_token(nonce, 43, 1, "", 0, 0, got, sizeof got), 0);
	b64url(key, 32, nonce);
	ck_assert_uint_eq(a0l_consent_token(nonce, 43, 1, "", 0, 0, got, 40),
	                  0);
	ck_assert_uint_eq(
	    a0l_consent_token(nonce, 43, 0, "", 0, 0, got, sizeof got), 0);
}
END_TEST

START_TEST(r8_7_consent_issue_and_check)
{
	static const char req[] = "client_id=AbC123&post_logout_redirect_uri="
	                          "https%3A%2F%2Fa.example.com";
	const long long now = 1800000000;
	struct a0l_consent c, c2;
	char *q = tu_dup_exact(req, sizeof req - 1), tok[A0L_CONSENT_TOKEN_MAX];
	size_t n = sizeof req - 1, tn;

	ck_assert_int_eq(a0l_consent_issue(q, n, 0, 0, now, &c), 0);
	ck_assert_uint_eq(strlen(c.nonce), A0L_CONSENT_NONCE_LEN);
	ck_assert_uint_eq(strspn(c.nonce, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh"
	                                  "ijklmnopqrstuvwxyz0123456789-_"),
	                  A0L_CONSENT_NONCE_LEN);
	ck_assert_msg(strncmp(c.token, "1800000600.", 11) == 0, "token %s",
	              c.token);
	tn = strlen(c.token);
	ck_assert_int_eq(
	    a0l_consent_check(c.nonce, 43, c.token, tn, q, n, 0, now),
	    A0L_CONSENT_OK);
	ck_assert_int_eq(
	    a0l_consent_check(c.nonce, 43, c.token, tn, q, n, 0, now + 600),
	    A0L_CONSENT_OK);
	ck_assert_int_eq(
	    a0l_consent_check(c.nonce, 43, c.token, tn, q, n, 0, now + 601),
	    A0L_CONSENT_EXPIRED);
	/* Another request, form flag, nonce; no cookie. */
	ck_assert_int_eq(
	    a0l_consent_check(c.nonce, 43, c.token, tn, q, n - 1, 0, now),
	    A0L_CONSENT_MISMATCH);
	ck_assert_int_eq(
	    a0l_consent_check(c.nonce, 43, c.token, tn, q, n, 1, now),
	    A0L_CONSENT_MISMATCH);
	ck_assert_int_eq(a0l_consent_issue(q, n, 0, 0, now, &c2), 0);
	ck_assert_str_ne(c.nonce, c2.nonce);
	ck_assert_int_eq(
	    a0l_consent_check(c2.nonce, 43, c.token, tn, q, n, 0, now),
	    A0L_CONSENT_MISMATCH);
	ck_assert_int_eq(a0l_consent_check(NULL, 0, c.token, tn, q, n, 0, now),
	                 A0L_CONSENT_NO_COOKIE);
	ck_assert_int_eq(
	    a0l_consent_check("not-a-nonce", 11, c.token, tn, q, n, 0, now),
	    A0L_CONSENT_MISMATCH);
	/* A MAC changed in one character. */
	memcpy(tok, c.token, tn + 1);
	tok[tn - 3] = tok[tn - 3] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(a0l_consent_check(c.nonce, 43, tok, tn, q, n, 0, now),
	                 A0L_CONSENT_MISMATCH);
	/* Malformed tokens. */
	ck_assert_int_eq(a0l_consent_check(c.nonce, 43, "", 0, q, n, 0, now),
	                 A0L_CONSENT_MALFORMED);
	ck_assert_int_eq(
	    a0l_consent_check(c.nonce, 43, c.token, tn - 1, q, n, 0, now),
	    A0L_CONSENT_MALFORMED);
	tok[0] = '0';
	ck_assert_int_eq(a0l_consent_check(c.nonce, 43, tok, tn, q, n, 0, now),
	                 A0L_CONSENT_MALFORMED);
	ck_assert_int_eq(a0l_consent_check(c.nonce, 43,
	                                   "99999999999999999999999.x", 25, q,
	                                   n, 0, now),
	                 A0L_CONSENT_MALFORMED);
	/* A true token whose expiry is past the TTL from now: refused. */
	{
		tn = a0l_consent_token(c.nonce, 43, now + 3600, q, n, 0, tok,
		                       sizeof tok);
		ck_assert_uint_gt(tn, 0);
		ck_assert_int_eq(
		    a0l_consent_check(c.nonce, 43, tok, tn, q, n, 0, now),
		    A0L_CONSENT_EXPIRED);
	}
	free(q);
}
END_TEST

START_TEST(r8_7_consent_cookies)
{
	struct a0l_consent c;

	ck_assert_int_eq(a0l_consent_issue("", 0, 1, 0, 1000, &c), 0);
	ck_assert_msg(strncmp(c.set_cookie, "a0l_consent=", 12) == 0 &&
	                  strcmp(c.set_cookie + 12 + 43,
	                         "; Max-Age=600; Path=/; HttpOnly; "
	                         "SameSite=Strict") == 0 &&
	                  strncmp(c.set_cookie + 12, c.nonce, 43) == 0,
	              "%s", c.set_cookie);
	ck_assert_int_eq(a0l_consent_issue("", 0, 1, 1, 1000, &c), 0);
	ck_assert_msg(strncmp(c.set_cookie, "__Host-a0l_consent=", 19) == 0 &&
	                  strcmp(c.set_cookie + 19 + 43,
	                         "; Max-Age=600; Path=/; Secure; HttpOnly; "
	                         "SameSite=Strict") == 0,
	              "%s", c.set_cookie);
	ck_assert_str_eq(a0l_consent_cookie_name(0), "a0l_consent");
	ck_assert_str_eq(a0l_consent_cookie_name(1), "__Host-a0l_consent");
	ck_assert_str_eq(a0l_consent_clear_cookie(0),
	                 "a0l_consent=; Max-Age=0; Path=/; HttpOnly; "
	                 "SameSite=Strict");
	ck_assert_str_eq(a0l_consent_clear_cookie(1),
	                 "__Host-a0l_consent=; Max-Age=0; Path=/; Secure; "
	                 "HttpOnly; SameSite=Strict");
	for (int r = A0L_CONSENT_NO_COOKIE; r <= A0L_CONSENT_EXPIRED; r++)
		ck_assert(strlen(a0l_consent_message(r)) > 20);
	ck_assert_ptr_nonnull(
	    strstr(a0l_consent_message(A0L_CONSENT_EXPIRED), "expired"));
	ck_assert_ptr_nonnull(strstr(a0l_consent_message(A0L_CONSENT_NO_COOKIE),
	                             "cookie is missing"));
}
END_TEST

START_TEST(r8_7_consent_verify_reads_the_cookie_header)
{
	static const char req[] = "client_id=AbC123";
	const long long now = 1800000000;
	struct a0l_consent c, other;
	struct a0l_consent_form f;
	char header[512];

	ck_assert_int_eq(a0l_consent_issue(req, 16, 0, 0, now, &c), 0);
	ck_assert_int_eq(a0l_consent_issue(req, 16, 0, 1, now, &other), 0);
	memset(&f, 0, sizeof f);
	f.request = req;
	f.request_len = 16;
	f.token = c.token;
	f.token_len = strlen(c.token);
	ck_assert_int_eq(a0l_consent_verify(NULL, 0, &f, now),
	                 A0L_CONSENT_NO_COOKIE);
	ck_assert_int_eq(a0l_consent_verify("a0session=x", 0, &f, now),
	                 A0L_CONSENT_NO_COOKIE);
	snprintf(header, sizeof header, "a=1; a0l_consent=%s; b=2", c.nonce);
	ck_assert_int_eq(a0l_consent_verify(header, 0, &f, now),
	                 A0L_CONSENT_OK);
	ck_assert_int_eq(a0l_consent_verify(header, 0, &f, now + 601),
	                 A0L_CONSENT_EXPIRED);
	/* Over https only the __Host- cookie counts. */
	ck_assert_int_eq(a0l_consent_verify(header, 1, &f, now),
	                 A0L_CONSENT_NO_COOKIE);
	snprintf(header, sizeof header, "__Host-a0l_consent=%s", c.nonce);
	ck_assert_int_eq(a0l_consent_verify(header, 1, &f, now),
	                 A0L_CONSENT_OK);
	ck_assert_int_eq(a0l_consent_verify(header, 0, &f, now),
	                 A0L_CONSENT_NO_COOKIE);
	/* Two cookies of the name: one that proves it is enough. */
	snprintf(header, sizeof header, "a0l_consent=%s;a0l_consent=%s",
	         other.nonce, c.nonce);
	ck_assert_int_eq(a0l_consent_verify(header, 0, &f, now),
	                 A0L_CONSENT_OK);
	snprintf(header, sizeof header, "a0l_consent=%s", other.nonce);
	ck_assert_int_eq(a0l_consent_verify(header, 0, &f, now),
	                 A0L_CONSENT_MISMATCH);
	snprintf(header, sizeof header, "xa0l_consent=%s", c.nonce);
	ck_assert_int_eq(a0l_consent_verify(header, 0, &f, now),
	                 A0L_CONSENT_NO_COOKIE);
}
END_TEST

struct form_row {
	const char *body;
	int ok;
	const char *request; /* decoded */
	int form;
	const char *token;
};

static const struct form_row forms[] = {
    {"request=a%3D1%26b%3D2&form=0&token=1.x", 1, "a=1&b=2", 0, "1.x"},
    {"token=t&form=1&request=x+y%2Bz", 1, "x y+z", 1, "t"},
    {"request=&form=0&token=t", 1, "", 0, "t"},
    {"request=a&form=0", 0, NULL, 0, NULL},
    {"request=a&token=t", 0, NULL, 0, NULL},
    {"form=0&token=t", 0, NULL, 0, NULL},
    {"request=a&request=b&form=0&token=t", 0, NULL, 0, NULL},
    {"request=a&form=0&token=t&extra=1", 0, NULL, 0, NULL},
    {"request=a&form=2&token=t", 0, NULL, 0, NULL},
    {"request=a&form=&token=t", 0, NULL, 0, NULL},
    {"request=%zz&form=0&token=t", 0, NULL, 0, NULL},
    {"request=a%2&form=0&token=t", 0, NULL, 0, NULL},
    {"request&form=0&token=t", 0, NULL, 0, NULL},
    {"request=a&form=0&token=t&", 1, "a", 0, "t"},
    {"", 0, NULL, 0, NULL},
};

START_TEST(r8_7_consent_form_fields)
{
	const struct form_row *t = &forms[_i];
	size_t n = strlen(t->body);
	char *body = tu_dup_exact(t->body, n);
	char *scratch = malloc(n + 1);
	struct a0l_consent_form f;
	int rc;

	ck_assert_ptr_nonnull(scratch);
	rc = a0l_consent_form_parse(body, n, scratch, n + 1, &f);
	ck_assert_msg((rc == 0) == t->ok, "%s: %d", t->body, rc);
	if (t->ok) {
		ck_assert_msg(
		    f.request_len == strlen(t->request) &&
		        memcmp(f.request, t->request, f.request_len) == 0,
		    "%s: request %s", t->body,
		    tu_show(f.request, f.request_len));
		ck_assert_int_eq(f.form, t->form);
		ck_assert(f.token_len == strlen(t->token) &&
		          memcmp(f.token, t->token, f.token_len) == 0);
	}
	free(body);
	free(scratch);
}
END_TEST

START_TEST(r8_7_cookie_value)
{
	const char *v;
	size_t n;

	ck_assert(a0l_cookie_value("a0sid=abc", "a0sid", &v, &n));
	ck_assert(n == 3 && memcmp(v, "abc", 3) == 0);
	ck_assert(
	    a0l_cookie_value("x=1;  a0sid=\"q v\" ; y=2", "a0sid", &v, &n));
	ck_assert(n == 3 && memcmp(v, "q v", 3) == 0);
	ck_assert(a0l_cookie_value("xa0sid=1; a0sid=2", "a0sid", &v, &n));
	ck_assert(n == 1 && v[0] == '2');
	ck_assert(a0l_cookie_value("a0sid=", "a0sid", &v, &n) && n == 0);
	ck_assert(!a0l_cookie_value("a0sidx=1; a0si=2", "a0sid", &v, &n));
	ck_assert(!a0l_cookie_value(NULL, "a0sid", &v, &n));
	ck_assert(!a0l_cookie_value("", "a0sid", &v, &n));
}
END_TEST

struct type_row {
	const char *value;
	int form;
};

static const struct type_row types[] = {
    {"application/x-www-form-urlencoded", 1},
    {"Application/X-WWW-Form-Urlencoded", 1},
    {"application/x-www-form-urlencoded; charset=UTF-8", 1},
    {"application/x-www-form-urlencoded;charset=utf-8", 1},
    {" application/x-www-form-urlencoded ", 1},
    {"application/x-www-form-urlencodedx", 0},
    {"application/x-www-form", 0},
    {"multipart/form-data; boundary=x", 0},
    {"text/plain", 0},
    {"application/json", 0},
    {"", 0},
    {NULL, 0},
};

START_TEST(r8_1_content_type_form)
{
	const struct type_row *t = &types[_i];

	ck_assert_msg(a0l_content_type_form(t->value) == t->form, "%s",
	              tu_shows(t->value));
}
END_TEST

START_TEST(r8_7_forwarded_https)
{
	ck_assert(a0l_proto_https("https"));
	ck_assert(a0l_proto_https("HTTPS"));
	ck_assert(a0l_proto_https(" https , http"));
	ck_assert(!a0l_proto_https("http"));
	ck_assert(!a0l_proto_https("http, https"));
	ck_assert(!a0l_proto_https("httpsx"));
	ck_assert(!a0l_proto_https(""));
	ck_assert(!a0l_proto_https(NULL));
}
END_TEST

START_TEST(r8_7_consent_page)
{
	static const char token[] = "1800000600.abc";
	static const char set_cookie[] = "a0l_consent=N; Max-Age=600";
	static const char req[] = "client_id=%3Cx%3E&state=\"'&lt;";
	static const struct hdr want[] = {
	    {"Content-Type", HTML_TYPE},
	    {"Set-Cookie", set_cookie},
	    {"Cache-Control", "no-store"},
	    {"X-Content-Type-Options", "nosniff"},
	    {"Referrer-Policy", "no-referrer"},
	    {"Content-Security-Policy",
	     "default-src 'none'; style-src 'unsafe-inline'; form-action "
	     "'self' https://app.example.com; frame-ancestors 'none'"},
	    {"X-Frame-Options", "DENY"},
	};
	struct a0l_consent_page page;
	auth0logout_decision d;
	struct a0l_response r;

	memset(&d, 0, sizeof d);
	d.outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
	d.http_status = 302;
	d.location = "https://app.example.com/bye";
	d.location_len = strlen(d.location);
	d.confirm = 1;
	d.client_id = "<App>";
	d.client_id_len = 5;
	d.locale = "fr-CA";
	d.locale_len = 5;
	memset(&page, 0, sizeof page);
	page.action = "/oidc/logout/confirm";
	page.request = req;
	page.request_len = sizeof req - 1;
	page.form = 1;
	page.token = token;
	page.set_cookie = set_cookie;
	ck_assert_int_eq(a0l_response_consent(&no_hints, &d, &page, &r), 0);
	expect_status(&r, 200, "200 OK", "consent");
	expect_headers(&r, want, N_ROWS(want));
	ck_assert_ptr_null(header(&r, "Location"));
	ck_assert(body_has(&r, "<html lang=\"fr-CA\">"));
	ck_assert(body_has(&r, "<code>&lt;App&gt;</code>"));
	ck_assert(body_has(&r, "<form method=\"post\" "
	                       "action=\"/oidc/logout/confirm\">"));
	ck_assert(body_has(&r, "name=\"request\" value=\"client_id=%3Cx%3E"
	                       "&amp;state=&quot;&#39;&amp;lt;\""));
	ck_assert(body_has(&r, "name=\"form\" value=\"1\""));
	ck_assert(body_has(&r, "name=\"token\" value=\"1800000600.abc\""));
	ck_assert(!body_has(&r, "https://app.example.com/bye"));
	ck_assert(!body_has(&r, "<App>"));
	a0l_response_free(&r);

	/* Without a locale or a client. */
	d.locale = NULL;
	d.locale_len = 0;
	d.client_id = NULL;
	d.client_id_len = 0;
	page.form = 0;
	ck_assert_int_eq(a0l_response_consent(&no_hints, &d, &page, &r), 0);
	ck_assert(body_has(&r, "<html lang=\"en\">"));
	ck_assert(!body_has(&r, "<code>"));
	ck_assert(body_has(&r, "name=\"form\" value=\"0\""));
	a0l_response_free(&r);
}
END_TEST

/* CSP's form-action also governs the redirects after a submission: the
 * consent page allows where the confirmed decision redirects to. */
struct csp_row {
	const char *location; /* NULL: logged_out */
	const char *form_action;
};

static const struct csp_row csps[] = {
    {"https://app.example.com/bye",
     "form-action 'self' https://app.example.com;"},
    {"https://app.example.com:8443/x?y=1",
     "form-action 'self' https://app.example.com:8443;"},
    {"http://127.0.0.1:3000?state=x",
     "form-action 'self' http://127.0.0.1:3000;"},
    {"https://shop.example.org",
     "form-action 'self' https://shop.example.org;"},
    {"com.example.app://callback", "form-action 'self' com.example.app:;"},
    {"https://[::1]:8443/x", "form-action 'self' https:;"},
    {NULL, "form-action 'self'; frame-ancestors 'none'"},
};

START_TEST(r8_7_consent_page_lets_its_redirect_through)
{
	const struct csp_row *t = &csps[_i];
	struct a0l_consent_page page;
	auth0logout_decision d;
	struct a0l_response r;
	const char *csp;
	char *loc = NULL;

	memset(&d, 0, sizeof d);
	d.confirm = 1;
	if (t->location != NULL) {
		d.outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
		d.http_status = 302;
		d.location_len = strlen(t->location);
		d.location = loc = tu_dup_exact(t->location, d.location_len);
	} else {
		d.outcome = AUTH0LOGOUT_OUTCOME_LOGGED_OUT;
		d.http_status = 200;
	}
	memset(&page, 0, sizeof page);
	page.action = "/oidc/logout/confirm";
	page.request = "";
	page.token = "1.x";
	page.set_cookie = "a0l_consent=N";
	ck_assert_int_eq(a0l_response_consent(&no_hints, &d, &page, &r), 0);
	free(loc);
	csp = header(&r, "Content-Security-Policy");
	ck_assert_ptr_nonnull(csp);
	ck_assert_msg(strstr(csp, t->form_action) != NULL &&
	                  strncmp(csp, "default-src 'none'; ", 20) == 0,
	              "%s: %s", tu_shows(t->location), csp);
	a0l_response_free(&r);
}
END_TEST

START_TEST(r9_arena_holds_the_response_strings)
{
	static char arena[64 * 1024];
	struct a0l_response_config cfg = {A0L_DEFAULT_COOKIE, 0};
	auth0logout_decision d;
	memset(&d, 0, sizeof d);
	d.outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
	d.http_status = 302;
	d.location = "https://app.example.com/bye";
	d.location_len = strlen(d.location);
	struct a0l_response a;
	a0l_response_arena(arena, sizeof arena);
	ck_assert_int_eq(a0l_response_decision(&cfg, &d, 0, &a), 0);
	ck_assert_ptr_eq(a.storage, arena);
	ck_assert_str_eq(a.headers[0].value, "https://app.example.com/bye");
	a0l_response_free(&a); /* not free()d: it is the arena */
	/* Too large for a small arena: the heap, as without one. */
	a0l_response_arena(arena, 8);
	ck_assert_int_eq(a0l_response_decision(&cfg, &d, 0, &a), 0);
	ck_assert_ptr_ne(a.storage, arena);
	a0l_response_free(&a);
	a0l_response_arena(NULL, 0);
	ck_assert_int_eq(a0l_response_decision(&cfg, &d, 0, &a), 0);
	ck_assert_ptr_ne(a.storage, arena);
	a0l_response_free(&a);
}
END_TEST

START_TEST(r9_routes_by_path_and_by_end)
{
	static const struct {
		const char *path;
		int by_end;
		enum a0l_route route;
	} rows[] = {
	    {"/v2/logout", 0, A0L_ROUTE_V2},
	    {"/oidc/logout", 0, A0L_ROUTE_OIDC},
	    {"/oidc/logout/confirm", 0, A0L_ROUTE_CONFIRM},
	    {"/.well-known/openid-configuration", 0, A0L_ROUTE_DISCOVERY},
	    {"/.well-known/jwks.json", 0, A0L_ROUTE_JWKS},
	    {"/oidc/logout/", 0, A0L_ROUTE_NONE},
	    {"/x/oidc/logout", 0, A0L_ROUTE_NONE},
	    {"/OIDC/logout", 0, A0L_ROUTE_NONE},
	    {"", 0, A0L_ROUTE_NONE},
	    {"/cgi-bin/a0l.cgi/oidc/logout", 1, A0L_ROUTE_OIDC},
	    {"/cgi-bin/a0l.cgi/oidc/logout/confirm", 1, A0L_ROUTE_CONFIRM},
	    {"/logout/v2/logout", 1, A0L_ROUTE_V2},
	    {"/a/.well-known/jwks.json", 1, A0L_ROUTE_JWKS},
	    {"/oidc/logout/x", 1, A0L_ROUTE_NONE},
	    {"logout", 1, A0L_ROUTE_NONE},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		ck_assert_msg(a0l_route_of(rows[i].path, strlen(rows[i].path),
		                           rows[i].by_end) == rows[i].route,
		              "%s (by_end %d)", rows[i].path, rows[i].by_end);
}
END_TEST

START_TEST(r8_11_document)
{
	static const struct hdr want[] = {
	    {"Content-Type", "application/json"},
	    {"Cache-Control", "public, max-age=300"},
	    {"Access-Control-Allow-Origin", "*"},
	    {"X-Content-Type-Options", "nosniff"},
	    {"Referrer-Policy", "no-referrer"},
	};
	char doc[] = "{\"issuer\":\"https://t.example.com/\"}";
	struct a0l_response r;

	ck_assert_int_eq(a0l_response_document(doc, &r), 0);
	expect_status(&r, 200, "200 OK", "document");
	expect_headers(&r, want, N_ROWS(want));
	expect_body(&r, "{\"issuer\":\"https://t.example.com/\"}",
	            sizeof doc - 1);
	/* A copy: the response outlives the settings it came from. */
	doc[2] = 'X';
	ck_assert(body_has(&r, "\"issuer\""));
	a0l_response_free(&r);
}
END_TEST

START_TEST(r8_refusals_of_oidc)
{
	static const struct {
		int status;
		const char *line;
	} rows[] = {
	    {403, "403 Forbidden"},
	    {411, "411 Length Required"},
	    {413, "413 Content Too Large"},
	    {415, "415 Unsupported Media Type"},
	};
	struct a0l_response r;

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		ck_assert_int_eq(a0l_response_refusal(&no_hints, rows[i].status,
		                                      "Refused <here>.", 0, &r),
		                 0);
		expect_status(&r, rows[i].status, rows[i].line, "error");
		expect_html_error(&r);
		ck_assert(body_has(&r, "Refused &lt;here&gt;."));
		a0l_response_free(&r);
	}
	ck_assert_int_eq(a0l_response_refusal_allow(&no_hints, 405, "No.", 0,
	                                            "GET, POST", &r),
	                 0);
	ck_assert_str_eq(header(&r, "Allow"), "GET, POST");
	a0l_response_free(&r);
	ck_assert_int_eq(
	    a0l_response_refusal_allow(&no_hints, 404, "No.", 1, "POST", &r),
	    0);
	ck_assert_ptr_null(header(&r, "Allow"));
	a0l_response_free(&r);
	/* Headers added until the response is full. */
	ck_assert_int_eq(a0l_response_refusal(&no_hints, 403, "No.", 0, &r), 0);
	ck_assert_int_eq(a0l_response_add_header(&r, "Set-Cookie", "a=; x"), 0);
	ck_assert_str_eq(r.headers[r.n_headers - 1].value, "a=; x");
	while (r.n_headers < A0L_RESPONSE_MAX_HEADERS)
		ck_assert_int_eq(a0l_response_add_header(&r, "X", "y"), 0);
	ck_assert_int_eq(a0l_response_add_header(&r, "X", "z"), -1);
	ck_assert_uint_eq(r.n_headers, A0L_RESPONSE_MAX_HEADERS);
	a0l_response_free(&r);
}
END_TEST

/* ---- the suite ----------------------------------------------------------- */

static Suite *adapters_suite(void)
{
	Suite *s = suite_create("adapters");
	TCase *resp = tcase_create("response");
	TCase *target = tcase_create("target");
	TCase *log = tcase_create("access_line");
	TCase *swap = tcase_create("swap");
	TCase *oidc = tcase_create("oidc");

	tcase_add_checked_fixture(resp, fx_setup, fx_teardown);
	tcase_add_test(resp,
	               r9_1_redirect_is_302_with_location_cookie_and_no_body);
	tcase_add_test(resp, r9_1_redirect_has_no_body);
	tcase_add_test(resp, r9_1_logged_out_is_200_ok_text_with_cookie);
	tcase_add_test(resp, r9_1_custom_cookie_name_in_set_cookie);
	tcase_add_test(resp, r9_1_response_outlives_decision_buffer);
	tcase_add_test(resp, r9_1_unsafe_or_unknown_decision_is_500);
	tcase_add_test(resp, r9_1_error_400_page_escapes_description);
	tcase_add_test(resp, r9_1_error_page_cleans_control_bytes);
	tcase_add_test(resp, r9_1_error_json_is_decision_json);
	tcase_add_test(resp, r9_2_server_error_shows_fixed_text);
	tcase_add_test(resp, r9_2_hand_built_500_hides_description);
	ADD_ROWS(resp, r9_1_refusal_page_and_headers, refusals);
	tcase_add_test(resp, r9_1_refusal_404_exact_bytes);
	tcase_add_test(resp, r9_3_hints_off_page_shows_no_hint_or_entry);
	tcase_add_test(resp, r9_3_hints_off_json_hint_is_null);
	tcase_add_test(resp, r9_3_hints_on_page_shows_escaped_hint);
	tcase_add_test(resp, r9_3_hints_on_json_has_hint);
	tcase_add_test(resp, r9_1_cookie_name_token_chars_only);
	tcase_add_test(resp, r9_1_cookie_name_length_cap);
	ADD_ROWS(resp, r9_1_accept_json, accepts);
	suite_add_tcase(s, resp);

	tcase_add_test(
	    target, r9_4_target_ok_refuses_controls_space_del_and_high_bytes);
	tcase_add_test(target, r9_4_target_ok_refuses_empty_accepts_printable);
	ADD_ROWS(target, r9_5_target_path, paths);
	tcase_add_test(target, r9_5_target_path_within_every_prefix);
	suite_add_tcase(s, target);

	tcase_add_checked_fixture(log, fx_setup, fx_teardown);
	tcase_add_test(log, r9_8_access_line_fields);
	tcase_add_test(log, r9_8_access_line_clock_formats_the_same);
	tcase_add_test(log, r9_8_access_line_has_no_query);
	tcase_add_test(log, r9_8_access_line_escapes);
	tcase_add_test(log, r9_8_access_line_every_cap_cut_as_prefix);
	suite_add_tcase(s, log);

	/* valgrind runs threads one at a time. */
	tcase_set_timeout(swap, 300);
	tcase_add_test(swap, swap_single_thread);
	tcase_add_test(swap, swap_slots_run_out);
	tcase_add_test(swap, swap_publish_waits_for_reader);
	tcase_add_test(swap, swap_readers_never_see_freed_snapshot);
	suite_add_tcase(s, swap);

	tcase_add_test(oidc, r8_7_consent_token_is_the_documented_hmac);
	tcase_add_test(oidc, r8_7_consent_issue_and_check);
	tcase_add_test(oidc, r8_7_consent_cookies);
	tcase_add_test(oidc, r8_7_consent_verify_reads_the_cookie_header);
	ADD_ROWS(oidc, r8_7_consent_form_fields, forms);
	tcase_add_test(oidc, r8_7_cookie_value);
	ADD_ROWS(oidc, r8_1_content_type_form, types);
	tcase_add_test(oidc, r8_7_forwarded_https);
	tcase_add_test(oidc, r8_7_consent_page);
	ADD_ROWS(oidc, r8_7_consent_page_lets_its_redirect_through, csps);
	tcase_add_test(oidc, r9_routes_by_path_and_by_end);
	tcase_add_test(oidc, r9_arena_holds_the_response_strings);
	tcase_add_test(oidc, r8_11_document);
	tcase_add_test(oidc, r8_refusals_of_oidc);
	suite_add_tcase(s, oidc);
	return s;
}

int main(void)
{
	return tu_run_suite(adapters_suite());
}
