/* SPDX-License-Identifier: MIT */
/*
 * Hints in not_allowed decisions (issue 6): which list was checked and
 * why, and the nearest entry with what differs.  A hint never changes the
 * outcome and is absent from every other decision.
 */
#include <auth0logout.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

struct hint_row {
	const char *tenant; /* CSV */
	const char *client; /* CSV of TU_CLIENT's list, or NULL */
	const char *query;
	const char *want[3]; /* substrings the hint must hold */
};

#define APP "client_id=" TU_CLIENT "&"

static const struct hint_row rows[] = {
    /* which list, and why */
    {"https://a.example.com",
     NULL,
     "returnTo=https://b.example.com",
     {"Checked the tenant's list because no client_id was given."}},
    {NULL,
     "https://a.example.com",
     APP "returnTo=https://b.example.com",
     {"Checked the application's list (client_id \"" TU_CLIENT "\")",
      "the tenant's list is not used then"}},
    {NULL,
     NULL,
     "returnTo=https://b.example.com",
     {"The tenant's list is empty."}},
    {"https://b.example.com",
     "",
     APP "returnTo=https://b.example.com",
     {"The application's list is empty.",
      "allowed by the tenant's list (\"https://b.example.com\")",
      "Auth0 checks only the application's list"}},
    /* the other list */
    {"https://t.example.com/x",
     "https://a.example.com",
     APP "returnTo=https://T.example.com/x?q=1",
     {"allowed by the tenant's list (\"https://t.example.com/x\")",
      "add it to the application's Allowed Logout URLs"}},
    /* a trailing slash, both ways */
    {"https://a.example.com/cb",
     NULL,
     "returnTo=https://a.example.com/cb/",
     {"Nearest entry: \"https://a.example.com/cb\" (entry 1 of 1)",
      "differs only by a trailing slash"}},
    {"https://x.example, https://a.example.com/",
     NULL,
     "returnTo=https://a.example.com",
     {"\"https://a.example.com/\" (entry 2 of 2)",
      "differs only by a trailing slash"}},
    /* the default port, both ways */
    {"https://a.example.com",
     NULL,
     "returnTo=https://a.example.com:443",
     {"\"https://a.example.com\"", "differs only by the default port"}},
    {"http://a.example.com:80/x",
     NULL,
     "returnTo=http://a.example.com/x",
     {"\"http://a.example.com:80/x\"", "differs only by the default port"}},
    /* http versus https, both ways */
    {"https://a.example.com",
     NULL,
     "returnTo=http://a.example.com",
     {"\"https://a.example.com\"", "uses https where the returnTo uses http"}},
    {"http://localhost:3000",
     NULL,
     "returnTo=https://localhost:3000",
     {"\"http://localhost:3000\"", "uses http where the returnTo uses https"}},
    /* the case of the path */
    {"https://a.example.com/logout",
     NULL,
     "returnTo=https://a.example.com/LogOut",
     {"\"https://a.example.com/logout\"", "case of the path"}},
    /* a subdomain level less, more, and a label that does not fit */
    {"https://*.example.com",
     NULL,
     "returnTo=https://example.com",
     {"\"https://*.example.com\"",
      "matches subdomains of \"example.com\" only, not the domain itself"}},
    {"https://*.example.com",
     NULL,
     "returnTo=https://a.b.example.com",
     {"\"https://*.example.com\"", "exactly one subdomain level",
      "has one more"}},
    {"https://pr-*.example.com",
     NULL,
     "returnTo=https://main.example.com",
     {"\"https://pr-*.example.com\"", "does not match the label \"main\""}},
    /* the same variants against wildcard entries (the Bloom filter of
     * hosts must not rule them out) */
    {"https://*.example.org/",
     NULL,
     "returnTo=https://a.example.org",
     {"\"https://*.example.org/\"", "trailing slash"}},
    {"https://*.example.com",
     NULL,
     "returnTo=http://a.example.com",
     {"\"https://*.example.com\"", "uses https where the returnTo uses http"}},
    {"https://*.example.com",
     NULL,
     "returnTo=https://a.example.com:443",
     {"\"https://*.example.com\"", "default port"}},
    /* the case of a path with escapes: R4.7's upper-case hex is kept, and
     * an entry written with lower-case hex is found too */
    {"https://www.x.com/caf%C3%A9",
     NULL,
     "returnTo=https://www.x.com/Caf%25C3%25A9",
     {"\"https://www.x.com/caf%C3%A9\"", "case of the path"}},
    {"https://www.y.com/a%2fb",
     NULL,
     "returnTo=https://www.y.com/A%252Fb",
     {"\"https://www.y.com/a%2fb\"", "case of the path"}},
    /* nothing near */
    {"https://a.example.com",
     NULL,
     "returnTo=https://evil.example",
     {"No entry differs from it only by"}},
    /* custom schemes: only the path variants apply */
    {"com.example.app://callback/",
     NULL,
     "returnTo=com.example.app://callback",
     {"\"com.example.app://callback/\"", "trailing slash"}},
};

START_TEST(hint_explains_not_allowed)
{
	const struct hint_row *r = &rows[_i];
	struct tu_fx f;
	tu_fx_init(&f, r->tenant ? tu_compile_csv_ok(r->tenant) : NULL,
	           r->client ? tu_compile_csv_ok(r->client) : NULL);
	auth0logout_decide_query(&f.store, r->query, strlen(r->query), f.buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &f.d);
	ck_assert_msg(f.d.status == AUTH0LOGOUT_E_NOT_ALLOWED, "%s: %s",
	              r->query, tu_name(f.d.status));
	ck_assert_ptr_nonnull(f.d.hint);
	ck_assert_uint_eq(strlen(f.d.hint), f.d.hint_len);
	for (size_t k = 0; k < 3 && r->want[k]; k++)
		ck_assert_msg(strstr(f.d.hint, r->want[k]) != NULL,
		              "%s: hint %s lacks %s", r->query,
		              tu_shows(f.d.hint), tu_shows(r->want[k]));
	tu_fx_free(&f);
}
END_TEST

/* Only not_allowed decisions carry a hint. */
START_TEST(hint_absent_from_other_decisions)
{
	static const char *const queries[] = {
	    "",
	    "returnTo=https://a.example.com",
	    APP "returnTo=https://c.example.com",
	    ("client_id=" TU_CLIENT),
	    "client_id=nobody&returnTo=https://a.example.com",
	    "returnTo=javascript:alert(1)",
	    "returnTo=%zz",
	};
	struct tu_fx f;
	tu_fx_init(&f, tu_compile_csv_ok("https://a.example.com"),
	           tu_compile_csv_ok("https://c.example.com"));
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		auth0logout_decide_query(&f.store, queries[i],
		                         strlen(queries[i]), f.buf,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &f.d);
		ck_assert_msg(f.d.status != AUTH0LOGOUT_E_NOT_ALLOWED, "%s",
		              queries[i]);
		ck_assert_msg(f.d.hint == NULL && f.d.hint_len == 0, "%s",
		              queries[i]);
	}
	tu_fx_free(&f);
}
END_TEST

/* A hint never turns a refusal into a redirect: the variants the hint
 * finds are all still refused. */
START_TEST(hint_never_changes_the_outcome)
{
	for (int i = 0; i < (int)(sizeof rows / sizeof rows[0]); i++) {
		struct tu_fx f;
		tu_fx_init(
		    &f,
		    rows[i].tenant ? tu_compile_csv_ok(rows[i].tenant) : NULL,
		    rows[i].client ? tu_compile_csv_ok(rows[i].client) : NULL);
		for (int rep = 0; rep < 2; rep++) {
			auth0logout_decide_query(
			    &f.store, rows[i].query, strlen(rows[i].query),
			    f.buf, AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &f.d);
			ck_assert_int_eq(f.d.outcome,
			                 AUTH0LOGOUT_OUTCOME_ERROR);
			ck_assert_int_eq(f.d.http_status, 400);
			ck_assert_ptr_null(f.d.location);
		}
		tu_fx_free(&f);
	}
}
END_TEST

/* On a 100,000-entry list the hint is still found by lookups (the entry
 * it names is the last one), and a miss gives the fallback sentence. */
START_TEST(hint_on_100000_entries)
{
	enum { N = 100000 };
	char **e = malloc(N * sizeof *e);
	for (int i = 0; i < N; i++) {
		e[i] = malloc(64);
		snprintf(e[i], 64, "https://h%d.example.com/cb%d", i, i % 7);
	}
	auth0logout_allowlist *l = NULL;
	ck_assert_int_eq(auth0logout_allowlist_compile_array(
	                     (const char *const *)e, NULL, N, &l, NULL),
	                 AUTH0LOGOUT_OK);
	for (int i = 0; i < N; i++)
		free(e[i]);
	free(e);
	struct tu_fx f;
	tu_fx_init(&f, l, NULL);
	char q[128];
	snprintf(q, sizeof q, "returnTo=https://h%d.example.com/cb%d/", N - 1,
	         (N - 1) % 7);
	auth0logout_decide_query(&f.store, q, strlen(q), f.buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &f.d);
	ck_assert_int_eq(f.d.status, AUTH0LOGOUT_E_NOT_ALLOWED);
	ck_assert_ptr_nonnull(strstr(f.d.hint, "(entry 100000 of 100000)"));
	const char *miss = "returnTo=https://h1.example.com/other";
	auth0logout_decide_query(&f.store, miss, strlen(miss), f.buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &f.d);
	ck_assert_ptr_nonnull(strstr(f.d.hint, "No entry differs"));
	tu_fx_free(&f);
}
END_TEST

static Suite *hint_suite(void)
{
	Suite *s = suite_create("hint");
	TCase *tc = tcase_create("hints");
	tcase_set_timeout(tc, 60);
	ADD_ROWS(tc, hint_explains_not_allowed, rows);
	tcase_add_test(tc, hint_absent_from_other_decisions);
	tcase_add_test(tc, hint_never_changes_the_outcome);
	tcase_add_test(tc, hint_on_100000_entries);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(hint_suite());
}
