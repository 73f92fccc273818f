/* SPDX-License-Identifier: MIT */
/* R2, R3, R6: decisions through the public API, the built-in store and a
 * store of the test's own. */
#include <auth0logout.h>

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *buf;
static auth0logout_memstore *ms;
static auth0logout_store store;

static auth0logout_allowlist *csv(const char *s)
{
	auth0logout_allowlist *l = NULL;
	auth0logout_diag d;
	auth0logout_status st =
	    auth0logout_allowlist_compile_csv(s, strlen(s), &l, &d);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "compile \"%s\": %s", s, d.text);
	return l;
}

static void add_client(const char *id, const char *list)
{
	ck_assert_int_eq(auth0logout_memstore_add_client(
	                     ms, id, strlen(id), list ? csv(list) : NULL),
	                 AUTH0LOGOUT_OK);
}

static void setup(void)
{
	buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	ms = auth0logout_memstore_new();
	ck_assert_ptr_nonnull(ms);
	ck_assert_int_eq(auth0logout_memstore_set_tenant(
	                     ms, csv("https://tenant.example.com, "
	                             "https://shared.example.com/bye")),
	                 AUTH0LOGOUT_OK);
	add_client("app", "https://app.example.com/bye, https://*.app.example."
	                  "org, https://shared.example.com/app");
	add_client("empty", NULL);
	add_client("wildfirst",
	           "https://*.example.net, https://www.example.net/x");
	add_client("native", "com.example.app://callback");
	ck_assert_int_eq(auth0logout_memstore_get(ms, &store), AUTH0LOGOUT_OK);
}

static void teardown(void)
{
	auth0logout_memstore_free(ms);
	free(buf);
}

static auth0logout_decision decide(const char *q)
{
	auth0logout_decision d;
	auth0logout_status st = auth0logout_decide_query(
	    &store, q, strlen(q), buf, AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
	ck_assert_int_eq(st, d.status);
	return d;
}

/* ---- R3: the decision table ------------------------------------------- */

struct row {
	const char *query;
	int outcome;
	int http;
	int status;
	int list;
	const char *location; /* redirect only */
	const char *matched;  /* redirect only */
};

#define R AUTH0LOGOUT_OUTCOME_REDIRECT
#define L AUTH0LOGOUT_OUTCOME_LOGGED_OUT
#define E AUTH0LOGOUT_OUTCOME_ERROR
#define T AUTH0LOGOUT_LIST_TENANT
#define C AUTH0LOGOUT_LIST_CLIENT
#define N AUTH0LOGOUT_LIST_NONE

static const struct row r3_rows[] = {
    /* absent client_id, absent returnTo */
    {"", L, 200, AUTH0LOGOUT_OK, N, NULL, NULL},
    {"federated", L, 200, AUTH0LOGOUT_OK, N, NULL, NULL},
    {"returnTo=&client_id=", L, 200, AUTH0LOGOUT_OK, N, NULL, NULL},
    /* absent client_id, returnTo on the tenant list */
    {"returnTo=https://tenant.example.com", R, 302, AUTH0LOGOUT_OK, T,
     "https://tenant.example.com", "https://tenant.example.com"},
    {"returnTo=https%3A%2F%2Fshared.example.com%2Fbye", R, 302, AUTH0LOGOUT_OK,
     T, "https://shared.example.com/bye", "https://shared.example.com/bye"},
    /* absent client_id, returnTo not on the tenant list (even if it is on
     * an application's list) */
    {"returnTo=https://evil.example.com", E, 400, AUTH0LOGOUT_E_NOT_ALLOWED, T,
     NULL, NULL},
    {"returnTo=https://app.example.com/bye", E, 400, AUTH0LOGOUT_E_NOT_ALLOWED,
     T, NULL, NULL},
    /* known client, absent returnTo: first entry */
    {"client_id=app", R, 302, AUTH0LOGOUT_OK, C, "https://app.example.com/bye",
     "https://app.example.com/bye"},
    {"client_id=native", R, 302, AUTH0LOGOUT_OK, C,
     "com.example.app://callback", "com.example.app://callback"},
    /* known client, absent returnTo, empty list */
    {"client_id=empty", L, 200, AUTH0LOGOUT_OK, C, NULL, NULL},
    /* R3.4: first entry is a wildcard */
    {"client_id=wildfirst", L, 200, AUTH0LOGOUT_OK, C, NULL, NULL},
    /* known client, returnTo on its list */
    {"client_id=app&returnTo=https://app.example.com/bye", R, 302,
     AUTH0LOGOUT_OK, C, "https://app.example.com/bye",
     "https://app.example.com/bye"},
    {"returnTo=https://x.app.example.org&client_id=app", R, 302, AUTH0LOGOUT_OK,
     C, "https://x.app.example.org", "https://*.app.example.org"},
    /* known client, returnTo not on its list even if on the tenant's
     * (R2.1) */
    {"client_id=app&returnTo=https://tenant.example.com", E, 400,
     AUTH0LOGOUT_E_NOT_ALLOWED, C, NULL, NULL},
    {"client_id=empty&returnTo=https://tenant.example.com", E, 400,
     AUTH0LOGOUT_E_NOT_ALLOWED, C, NULL, NULL},
    /* unknown client, whatever the rest (R2.3: no fallback) */
    {"client_id=nope", E, 400, AUTH0LOGOUT_E_UNKNOWN_CLIENT, N, NULL, NULL},
    {"client_id=nope&returnTo=https://tenant.example.com", E, 400,
     AUTH0LOGOUT_E_UNKNOWN_CLIENT, N, NULL, NULL},
    {"client_id=APP&returnTo=https://app.example.com/bye", E, 400,
     AUTH0LOGOUT_E_UNKNOWN_CLIENT, N, NULL, NULL},
    /* returnTo not an acceptable URL */
    {"returnTo=https://u@tenant.example.com", E, 400,
     AUTH0LOGOUT_E_URL_USERINFO, N, NULL, NULL},
    {"client_id=app&returnTo=javascript:alert(1)", E, 400,
     AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME, N, NULL, NULL},
    {"client_id=nope&returnTo=//evil.com", E, 400, AUTH0LOGOUT_E_URL_NO_SCHEME,
     N, NULL, NULL},
    /* duplicated parameters */
    {"returnTo=https://tenant.example.com&returnTo=https://tenant.example."
     "com",
     E, 400, AUTH0LOGOUT_E_QUERY_DUPLICATE, N, NULL, NULL},
    {"client_id=app&client_id=app", E, 400, AUTH0LOGOUT_E_QUERY_DUPLICATE, N,
     NULL, NULL},
    {"client_id=&client_id=app", E, 400, AUTH0LOGOUT_E_QUERY_DUPLICATE, N, NULL,
     NULL},
};

START_TEST(r3_decision_table)
{
	const struct row *r = &r3_rows[_i];
	auth0logout_decision d = decide(r->query);
	ck_assert_msg((int)d.outcome == r->outcome, "%s: outcome %s, want %s",
	              r->query, auth0logout_outcome_name(d.outcome),
	              auth0logout_outcome_name(r->outcome));
	ck_assert_msg((int)d.status == r->status, "%s: status %s, want %s",
	              r->query, auth0logout_status_name(d.status),
	              auth0logout_status_name(r->status));
	ck_assert_int_eq(d.http_status, r->http);
	ck_assert_msg((int)d.list == r->list, "%s: list %d, want %d", r->query,
	              d.list, r->list);
	if (r->outcome == R) {
		ck_assert_str_eq(d.location, r->location);
		ck_assert_uint_eq(d.location_len, strlen(r->location));
		ck_assert_str_eq(d.matched, r->matched);
		ck_assert_uint_eq(d.matched_len, strlen(r->matched));
	} else {
		ck_assert_ptr_null(d.location);
		ck_assert_ptr_null(d.matched);
	}
	if (r->outcome == E) {
		ck_assert_int_eq(d.error, AUTH0LOGOUT_ERROR_INVALID_REQUEST);
		ck_assert_ptr_nonnull(d.error_description);
		ck_assert_uint_eq(strlen(d.error_description),
		                  d.error_description_len);
		ck_assert_uint_gt(d.error_description_len, 10);
		ck_assert_int_eq(d.federated, 0);
	} else {
		ck_assert_int_eq(d.error, AUTH0LOGOUT_ERROR_NONE);
		ck_assert_ptr_null(d.error_description);
	}
}
END_TEST

/* ---- R3.1 federated ------------------------------------------------------ */

static const char *const federated_queries[] = {
    "federated",
    "federated=",
    "federated=true",
    "federated=false",
    "federated&returnTo=https://tenant.example.com",
    "client_id=app&federated=0",
    "client_id=empty&federated",
};

START_TEST(r3_1_federated_carried_on_every_non_error)
{
	auth0logout_decision d = decide(federated_queries[_i]);
	ck_assert_int_ne(d.outcome, AUTH0LOGOUT_OUTCOME_ERROR);
	ck_assert_int_eq(d.federated, 1);
}
END_TEST

START_TEST(r3_1_federated_never_changes_the_outcome)
{
	static const char *const q[] = {
	    "returnTo=https://tenant.example.com",
	    "returnTo=https://evil.example.com",
	    "client_id=app",
	    "client_id=wildfirst",
	    "client_id=nope",
	    "",
	};
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		char with[256];
		snprintf(with, sizeof with, "%s%sfederated", q[i],
		         q[i][0] ? "&" : "");
		auth0logout_decision a = decide(q[i]);
		int ao = a.outcome, as = a.status, ah = a.http_status;
		auth0logout_decision b = decide(with);
		ck_assert_int_eq(ao, b.outcome);
		ck_assert_int_eq(as, b.status);
		ck_assert_int_eq(ah, b.http_status);
		ck_assert_int_eq(a.federated, 0);
	}
}
END_TEST

/* ---- R3.2 the not-allowed description ----------------------------------- */

START_TEST(r3_2_not_allowed_names_value_and_tenant_list)
{
	auth0logout_decision d = decide("returnTo=https://evil.example.com/x");
	ck_assert_ptr_nonnull(strstr(
	    d.error_description,
	    "The \"returnTo\" querystring parameter "
	    "\"https://evil.example.com/x\" is not defined as a valid URL in "
	    "\"Allowed Logout URLs\"."));
	ck_assert_ptr_nonnull(strstr(d.error_description, "tenant"));
}
END_TEST

START_TEST(r3_2_not_allowed_names_the_application)
{
	auth0logout_decision d =
	    decide("client_id=app&returnTo=https://tenant.example.com");
	ck_assert_ptr_nonnull(strstr(d.error_description,
	                             "\"https://tenant.example.com\" is not "
	                             "defined as a valid URL in \"Allowed "
	                             "Logout URLs\"."));
	ck_assert_ptr_nonnull(strstr(d.error_description, "application"));
	ck_assert_ptr_nonnull(strstr(d.error_description, "\"app\""));
}
END_TEST

START_TEST(r3_2_description_of_long_value_is_complete)
{
	/* A 4096-byte returnTo of spaces in the path encodes to ~12 KiB. */
	size_t n = 4096;
	char *q = malloc(16384);
	char *p = q + sprintf(q, "returnTo=https://evil.example.com/");
	size_t used = strlen("https://evil.example.com/");
	for (; used < n - 1; used++)
		*p++ = '+';
	*p++ = 'x'; /* R4.1: a trailing space would be refused */
	*p = '\0';
	auth0logout_decision d = decide(q);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_NOT_ALLOWED);
	ck_assert_uint_gt(d.error_description_len, 3 * 4000);
	ck_assert_ptr_nonnull(strstr(d.error_description, "tenant's list"));
	free(q);
}
END_TEST

/* ---- R3.5 / R6.1 fields -------------------------------------------------- */

START_TEST(r6_1_redirect_fields)
{
	auth0logout_decision d =
	    decide("returnTo=https://"
	           "A.app.example.org?x=1%26y%3D2#frag&client_id=app");
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_REDIRECT);
	ck_assert_int_eq(d.http_status, 302);
	ck_assert_str_eq(d.location, "https://A.app.example.org?x=1&y=2#frag");
	ck_assert_str_eq(d.matched, "https://*.app.example.org");
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_CLIENT);
	ck_assert_int_eq(d.error, AUTH0LOGOUT_ERROR_NONE);
	ck_assert_str_eq(auth0logout_list_name(d.list), "client");
	ck_assert_str_eq(auth0logout_outcome_name(d.outcome), "redirect");
}
END_TEST

START_TEST(r6_1_names_of_enums)
{
	ck_assert_str_eq(
	    auth0logout_outcome_name(AUTH0LOGOUT_OUTCOME_LOGGED_OUT),
	    "logged_out");
	ck_assert_str_eq(auth0logout_outcome_name(AUTH0LOGOUT_OUTCOME_ERROR),
	                 "error");
	ck_assert_ptr_null(auth0logout_outcome_name(0));
	ck_assert_str_eq(auth0logout_list_name(AUTH0LOGOUT_LIST_TENANT),
	                 "tenant");
	ck_assert_ptr_null(auth0logout_list_name(AUTH0LOGOUT_LIST_NONE));
	ck_assert_str_eq(auth0logout_error_name(AUTH0LOGOUT_ERROR_SERVER_ERROR),
	                 "server_error");
	ck_assert_str_eq(
	    auth0logout_error_name(AUTH0LOGOUT_ERROR_INVALID_REQUEST),
	    "invalid_request");
	ck_assert_ptr_null(auth0logout_error_name(AUTH0LOGOUT_ERROR_NONE));
}
END_TEST

/* R6.2: whatever the input, a Location has only header-safe bytes. */
START_TEST(r6_2_location_is_header_safe)
{
#define APP_BYE "client_id=app&returnTo=https://app.example.com/bye"
	static const char *const q[] = {
	    APP_BYE "?a=%C3%A9%20b#%E2%80%A8",
	    APP_BYE "?<script>{}|^`\"",
	    "client_id=app&returnTo=https://app.example.com/bye#%FF%FE",
	    "returnTo=https://tenant.example.com?%E2%80%A9",
	};
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		auth0logout_decision d = decide(q[i]);
		ck_assert_msg(d.outcome == AUTH0LOGOUT_OUTCOME_REDIRECT,
		              "%s: %s", q[i],
		              auth0logout_status_name(d.status));
		for (size_t k = 0; k < d.location_len; k++) {
			unsigned char c = (unsigned char)d.location[k];
			ck_assert_msg(c > 0x20 && c < 0x7f,
			              "%s: byte 0x%02X in Location", q[i], c);
		}
	}
}
END_TEST

/* ---- the store interface (R2) ----------------------------------------------
 */

struct fake {
	auth0logout_allowlist *tenant, *client;
	int fail_tenant, fail_client, bogus_rc;
	int tenant_calls, client_calls, releases;
	char last_id[300];
};

static int fake_tenant(void *ctx, const auth0logout_allowlist **out)
{
	struct fake *f = ctx;
	f->tenant_calls++;
	*out = f->tenant;
	return f->fail_tenant ? AUTH0LOGOUT_E_STORE_FAILED : AUTH0LOGOUT_OK;
}

static int fake_client(void *ctx, const char *id, size_t n,
                       const auth0logout_allowlist **out)
{
	struct fake *f = ctx;
	f->client_calls++;
	memcpy(f->last_id, id, n);
	f->last_id[n] = '\0';
	*out = NULL;
	if (f->bogus_rc)
		return f->bogus_rc;
	if (f->fail_client)
		return AUTH0LOGOUT_E_STORE_FAILED;
	if (strcmp(f->last_id, "known") != 0)
		return AUTH0LOGOUT_E_UNKNOWN_CLIENT;
	*out = f->client;
	return AUTH0LOGOUT_OK;
}

static void fake_release(void *ctx, const auth0logout_allowlist *l)
{
	struct fake *f = ctx;
	(void)l;
	f->releases++;
}

static struct fake fk;
static auth0logout_store fake_store;

static void fake_setup(void)
{
	buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	memset(&fk, 0, sizeof fk);
	fk.tenant = csv("https://t.example.com");
	fk.client = csv("https://c.example.com");
	fake_store.ctx = &fk;
	fake_store.tenant_list = fake_tenant;
	fake_store.client_list = fake_client;
	fake_store.release = fake_release;
}

static void fake_teardown(void)
{
	auth0logout_allowlist_free(fk.tenant);
	auth0logout_allowlist_free(fk.client);
	free(buf);
}

static auth0logout_decision fake_decide(const char *q)
{
	auth0logout_decision d;
	auth0logout_decide_query(&fake_store, q, strlen(q), buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
	return d;
}

/* R2.1: with a client_id only the application's list decides: a URL on the
 * tenant's list is not allowed.  The tenant's list is read then, but only
 * to say so in the hint (issue 6), and released; a decision that
 * redirects never reads it. */
START_TEST(r2_1_client_list_only_tenant_read_for_hint_only)
{
	auth0logout_decision d =
	    fake_decide("client_id=known&returnTo=https://t.example.com");
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_NOT_ALLOWED);
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_CLIENT);
	ck_assert_int_eq(fk.client_calls, 1);
	ck_assert_str_eq(fk.last_id, "known");
	ck_assert_int_eq(fk.tenant_calls, 1);
	ck_assert_int_eq(fk.releases, 2);
	ck_assert_ptr_nonnull(strstr(d.hint, "allowed by the tenant's list"));

	fk.tenant_calls = 0;
	fk.releases = 0;
	d = fake_decide("client_id=known&returnTo=https://c.example.com");
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_REDIRECT);
	ck_assert_int_eq(fk.tenant_calls, 0);
	ck_assert_int_eq(fk.releases, 1);
	ck_assert_ptr_null(d.hint);
}
END_TEST

START_TEST(r2_2_tenant_list_without_client_id)
{
	auth0logout_decision d = fake_decide("returnTo=https://t.example.com");
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_REDIRECT);
	ck_assert_int_eq(fk.tenant_calls, 1);
	ck_assert_int_eq(fk.client_calls, 0);
	ck_assert_int_eq(fk.releases, 1);
}
END_TEST

START_TEST(r2_2_no_store_call_when_nothing_to_check)
{
	auth0logout_decision d = fake_decide("federated");
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_LOGGED_OUT);
	ck_assert_int_eq(fk.tenant_calls + fk.client_calls, 0);
}
END_TEST

/* R4 before R2 for a store of the caller's: an unacceptable returnTo is
 * the error, and the store is not called at all -- whatever it would
 * have said (an unknown client, a failure). */
START_TEST(r4_bad_return_to_never_reaches_a_custom_store)
{
	auth0logout_decision d =
	    fake_decide("client_id=other&returnTo=javascript:alert(1)");
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME);
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_NONE);
	d = fake_decide("client_id=known&returnTo=https://c.example.com:99999");
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_URL_BAD_PORT);
	fk.fail_client = 1;
	fk.fail_tenant = 1;
	d = fake_decide("client_id=known&returnTo=https://c.example.com/%zz");
	ck_assert_int_eq(d.http_status, 400);
	d = fake_decide("returnTo=data:text/html,x");
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME);
	ck_assert_int_eq(fk.client_calls + fk.tenant_calls, 0);
	ck_assert_int_eq(fk.releases, 0);

	/* The store's answer still decides once the returnTo is good. */
	d = fake_decide("client_id=known&returnTo=https://c.example.com");
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_STORE_FAILED);
	ck_assert_int_eq(d.http_status, 500);
}
END_TEST

/* The built-in stores are looked up before the returnTo is checked (their
 * lookups have no effect, and the list's memory arrives meanwhile), in R3's
 * order all the same: a bad returnTo before an unknown client. */
START_TEST(r3_builtin_store_bad_return_to_before_unknown_client)
{
	static const char bad[] = "client_id=nobody&returnTo=javascript:x";
	static const char good[] =
	    "client_id=nobody&returnTo=https%3A%2F%2Fc.example.com";
	auth0logout_memstore *m = auth0logout_memstore_new();
	char *b = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	auth0logout_store st;
	auth0logout_decision d;

	ck_assert_int_eq(auth0logout_memstore_add_client(
	                     m, "c", 1, csv("https://c.example.com")),
	                 AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_memstore_get(m, &st), AUTH0LOGOUT_OK);
	auth0logout_decide_query(&st, bad, sizeof bad - 1, b,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME);
	auth0logout_decide_query(&st, good, sizeof good - 1, b,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	free(b);
	auth0logout_memstore_free(m);
}
END_TEST

START_TEST(r2_3_unknown_client_never_falls_back)
{
	auth0logout_decision d =
	    fake_decide("client_id=other&returnTo=https://t.example.com");
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	ck_assert_int_eq(d.http_status, 400);
	ck_assert_int_eq(fk.tenant_calls, 0);
	ck_assert_ptr_nonnull(strstr(d.error_description, "\"other\""));
}
END_TEST

START_TEST(r2_4_store_failure_fails_closed)
{
	fk.fail_tenant = 1;
	auth0logout_decision d = fake_decide("returnTo=https://t.example.com");
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_ERROR);
	ck_assert_int_eq(d.http_status, 500);
	ck_assert_int_eq(d.error, AUTH0LOGOUT_ERROR_SERVER_ERROR);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_STORE_FAILED);
	ck_assert_ptr_null(d.location);
	ck_assert_int_eq(fk.releases, 0);

	fk.fail_client = 1;
	d = fake_decide("client_id=known&returnTo=https://c.example.com");
	ck_assert_int_eq(d.http_status, 500);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_STORE_FAILED);
	d = fake_decide("client_id=known");
	ck_assert_int_eq(d.http_status, 500);
}
END_TEST

START_TEST(r2_4_unexpected_callback_result_fails_closed)
{
	fk.bogus_rc = 12345;
	auth0logout_decision d =
	    fake_decide("client_id=known&returnTo=https://c.example.com");
	ck_assert_int_eq(d.http_status, 500);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_STORE_FAILED);
	fk.bogus_rc = AUTH0LOGOUT_E_NOT_ALLOWED;
	d = fake_decide("client_id=known");
	ck_assert_int_eq(d.http_status, 500);
}
END_TEST

START_TEST(r2_null_list_means_empty)
{
	auth0logout_allowlist_free(fk.tenant);
	fk.tenant = NULL;
	auth0logout_decision d = fake_decide("returnTo=https://t.example.com");
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_NOT_ALLOWED);
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_TENANT);
	ck_assert_int_eq(fk.releases, 0); /* nothing was handed out */
	/* restore for teardown */
	fk.tenant = csv("https://t.example.com");
}
END_TEST

START_TEST(r3_decision_does_not_point_into_the_store)
{
	auth0logout_decision d = fake_decide("client_id=known");
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_REDIRECT);
	/* The store may drop the list once released. */
	auth0logout_allowlist_free(fk.client);
	fk.client = NULL;
	ck_assert_str_eq(d.location, "https://c.example.com");
	ck_assert_str_eq(d.matched, "https://c.example.com");
	ck_assert(d.matched >= buf &&
	          d.matched < buf + AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
}
END_TEST

/* ---- API contract ----------------------------------------------------------
 */

START_TEST(api_bad_arguments_fail_closed)
{
	auth0logout_decision d;
	auth0logout_request req = {0};
	ck_assert_int_eq(auth0logout_decide(NULL, &req, buf,
	                                    AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_ERROR);
	ck_assert_int_eq(d.http_status, 500);
	ck_assert_int_eq(auth0logout_decide(&store, &req, buf, 100, &d),
	                 AUTH0LOGOUT_E_BUFFER_TOO_SMALL);
	ck_assert_int_eq(d.http_status, 500);
	ck_assert_ptr_nonnull(d.error_description);
	ck_assert_int_eq(auth0logout_decide_query(&store, "", 0, NULL, 0, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(
	    auth0logout_decide_query(&store, NULL, 5, buf,
	                             AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d),
	    AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(
	    auth0logout_decide_query(&store, "", 0, buf,
	                             AUTH0LOGOUT_DECIDE_BUFFER_SIZE - 1, &d),
	    AUTH0LOGOUT_E_BUFFER_TOO_SMALL);
	ck_assert_int_eq(
	    auth0logout_decide_query(&store, "", 0, buf,
	                             AUTH0LOGOUT_DECIDE_BUFFER_SIZE, NULL),
	    AUTH0LOGOUT_E_INVALID_ARGUMENT);
	auth0logout_store half = {0};
	ck_assert_int_eq(
	    auth0logout_decide_query(&half, "", 0, buf,
	                             AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d),
	    AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_uint_eq(auth0logout_decide_buffer_size(),
	                  AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
}
END_TEST

START_TEST(r1_7_hand_built_request_is_checked_too)
{
	char id[300];
	memset(id, 'a', sizeof id);
	auth0logout_request req = {0};
	auth0logout_decision d;
	req.client_id = id;
	req.client_id_len = 257;
	ck_assert_int_eq(auth0logout_decide(&store, &req, buf,
	                                    AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d),
	                 AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG);
	ck_assert_int_eq(d.http_status, 400);
	id[3] = '\n';
	req.client_id_len = 10;
	ck_assert_int_eq(auth0logout_decide(&store, &req, buf,
	                                    AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d),
	                 AUTH0LOGOUT_E_CLIENT_ID_CONTROL);
	req.client_id = NULL;
	ck_assert_int_eq(auth0logout_decide(&store, &req, buf,
	                                    AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(d.http_status, 500);
	req.client_id_len = 0;
	req.return_to_len = 5;
	ck_assert_int_eq(auth0logout_decide(&store, &req, buf,
	                                    AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(api_decide_matches_decide_query)
{
	static const char *const q[] = {
	    "client_id=app&returnTo=https://app.example.com/bye",
	    "client_id=app",
	    "returnTo=https://evil.example.com",
	    "",
	    "client_id=nope",
	};
	char scratch[512];
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		auth0logout_request req;
		ck_assert_int_eq(
		    auth0logout_request_parse(q[i], strlen(q[i]), scratch,
		                              sizeof scratch, &req, NULL),
		    AUTH0LOGOUT_OK);
		auth0logout_decision a;
		auth0logout_decide(&store, &req, buf,
		                   AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &a);
		char *loc = a.location ? strdup(a.location) : NULL;
		int outcome = a.outcome, status = a.status;
		auth0logout_decision b = decide(q[i]);
		ck_assert_int_eq(outcome, b.outcome);
		ck_assert_int_eq(status, b.status);
		if (loc)
			ck_assert_str_eq(loc, b.location);
		free(loc);
	}
}
END_TEST

START_TEST(api_request_parse_error_becomes_400)
{
	auth0logout_decision d = decide("returnTo=%zz");
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_ERROR);
	ck_assert_int_eq(d.http_status, 400);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_QUERY_BAD_ESCAPE);
	ck_assert_ptr_nonnull(strstr(d.error_description, "byte 9"));
	d = decide("client_id=a&client_id=b");
	ck_assert_ptr_nonnull(
	    strstr(d.error_description, "must not be provided twice"));
}
END_TEST

START_TEST(api_request_target_and_absolute_url)
{
	auth0logout_decision d =
	    decide("/v2/logout?client_id=app#returnTo=https://evil.com");
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_REDIRECT);
	ck_assert_str_eq(d.location, "https://app.example.com/bye");
	d = decide("https://tenant.auth0.com/v2/logout?returnTo=https://"
	           "tenant.example.com&x=1#y");
	ck_assert_str_eq(d.location, "https://tenant.example.com");
}
END_TEST

/* ---- R6.3 concurrency
 * -------------------------------------------------------- */

static const char *const mt_queries[] = {
    "client_id=app&returnTo=https://app.example.com/bye",
    "returnTo=https://q.app.example.org&client_id=app",
    "returnTo=https://tenant.example.com",
    "returnTo=https://evil.example.com",
    "client_id=app",
    "client_id=nope",
    "returnTo=https://u@evil.example.com",
};
#define MT_N (sizeof mt_queries / sizeof mt_queries[0])

struct mt_arg {
	int ok;
	int expect_status[MT_N];
	char expect_loc[MT_N][64];
};

static void *mt_run(void *p)
{
	struct mt_arg *a = p;
	char *b = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	a->ok = b != NULL;
	for (int round = 0; b && round < 2000; round++) {
		size_t i = (size_t)round % MT_N;
		auth0logout_decision d;
		auth0logout_decide_query(&store, mt_queries[i],
		                         strlen(mt_queries[i]), b,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
		if ((int)d.status != a->expect_status[i] ||
		    strcmp(d.location ? d.location : "", a->expect_loc[i]) != 0)
			a->ok = 0;
	}
	free(b);
	return NULL;
}

START_TEST(r6_3_concurrent_decisions_on_one_store)
{
	struct mt_arg args[2];
	for (size_t i = 0; i < MT_N; i++) {
		auth0logout_decision d = decide(mt_queries[i]);
		for (int t = 0; t < 2; t++) {
			args[t].expect_status[i] = d.status;
			snprintf(args[t].expect_loc[i], 64, "%s",
			         d.location ? d.location : "");
		}
	}
	pthread_t th[2];
	for (int t = 0; t < 2; t++)
		ck_assert_int_eq(pthread_create(&th[t], NULL, mt_run, &args[t]),
		                 0);
	for (int t = 0; t < 2; t++) {
		pthread_join(th[t], NULL);
		ck_assert_msg(args[t].ok, "thread %d saw a different decision",
		              t);
	}
}
END_TEST

/* ---- the decision's 0.2 fields and its JSON (R7.2) ---------------------- */

/* client_id names the client whose list decided, copied into the buffer;
 * confirm is 0 for /v2/logout; the reserved space is zero. */
START_TEST(r6_1_client_id_and_confirm)
{
	static const struct {
		const char *q, *client;
	} rows[] = {
	    {"client_id=app&returnTo=https%3A%2F%2Fapp.example.com%2Fbye",
	     "app"},
	    {"client_id=app&returnTo=https%3A%2F%2Fevil.com", "app"},
	    {"client_id=app", "app"},
	    {"returnTo=https%3A%2F%2Ftenant.example.com", NULL},
	    {"client_id=nobody", NULL},
	    {"client_id=app&returnTo=javascript:x", NULL},
	    {"", NULL},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		auth0logout_decision d = decide(rows[i].q);
		ck_assert_int_eq(d.confirm, 0);
		for (size_t k = 0; k < sizeof d.reserved / sizeof d.reserved[0];
		     k++)
			ck_assert_ptr_null(d.reserved[k]);
		/* locale (R8.8) is /oidc/logout's only. */
		ck_assert_ptr_null(d.locale);
		ck_assert_uint_eq(d.locale_len, 0);
		if (!rows[i].client) {
			ck_assert_msg(d.client_id == NULL &&
			                  d.client_id_len == 0,
			              "%s", rows[i].q);
			continue;
		}
		ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_CLIENT);
		ck_assert_str_eq(d.client_id, rows[i].client);
		ck_assert_uint_eq(d.client_id_len, strlen(rows[i].client));
		ck_assert(d.client_id >= buf &&
		          d.client_id < buf + AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	}
}
END_TEST

static size_t json_of(const auth0logout_decision *d, unsigned flags, char *out,
                      size_t cap)
{
	size_t n = auth0logout_decision_json(d, flags, out, cap);
	ck_assert_uint_eq(n, strlen(out));
	return n;
}

START_TEST(r7_2_decision_json)
{
	char out[4096];
	auth0logout_decision d = decide(
	    "client_id=app&returnTo=https%3A%2F%2Fapp.example.com%2Fbye");
	json_of(&d, 0, out, sizeof out);
	ck_assert_str_eq(out, "{\"outcome\":\"redirect\",\"status\":302,"
	                      "\"location\":\"https://app.example.com/bye\","
	                      "\"federated\":false,\"error\":null,"
	                      "\"error_description\":null,\"list\":\"client\","
	                      "\"matched\":\"https://app.example.com/bye\","
	                      "\"hint\":null,\"confirm\":false,"
	                      "\"client_id\":\"app\"}");

	/* Hints can be left out (public pages, R9.3). */
	d = decide("returnTo=https%3A%2F%2Ftenant.example.com%2F");
	ck_assert_ptr_nonnull(d.hint);
	json_of(&d, 0, out, sizeof out);
	ck_assert_ptr_nonnull(strstr(out, "\"hint\":\"Checked the tenant"));
	json_of(&d, AUTH0LOGOUT_JSON_NO_HINT, out, sizeof out);
	ck_assert_ptr_nonnull(strstr(out, "\"hint\":null,\"confirm\":false,"
	                                  "\"client_id\":null}"));
	ck_assert_ptr_nonnull(strstr(out, "\"list\":\"tenant\""));
	ck_assert_ptr_nonnull(strstr(
	    out, "\"error_description\":\"The \\\"returnTo\\\" querystring "
	         "parameter \\\"https://tenant.example.com/\\\" is not"));
}
END_TEST

/* Request bytes are escaped as JSON and made valid UTF-8: a client_id
 * with '"', '\', a control byte's escape, ill-formed UTF-8. */
START_TEST(r7_2_decision_json_escapes_request_bytes)
{
	char out[4096];
	auth0logout_decision d = decide("client_id=a%22b%5Cc%FFd%E2%82%AC");
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	json_of(&d, 0, out, sizeof out);
	ck_assert_ptr_nonnull(strstr(out, "a\\\"b\\\\c\xEF\xBF\xBD"
	                                  "d\xE2\x82\xAC"));
	/* A hand-made decision with a control byte in a string. */
	auth0logout_decision h;
	memset(&h, 0, sizeof h);
	h.outcome = AUTH0LOGOUT_OUTCOME_ERROR;
	h.http_status = 400;
	h.error = AUTH0LOGOUT_ERROR_INVALID_REQUEST;
	h.error_description = "x\ny\0z";
	h.error_description_len = 5;
	json_of(&h, 0, out, sizeof out);
	ck_assert_ptr_nonnull(strstr(out, "\"x\\ny\\u0000z\""));
}
END_TEST

/* Like snprintf: the whole length always; a cut NUL-terminated copy;
 * nothing written with cap 0. */
START_TEST(r7_2_decision_json_cut_like_snprintf)
{
	char full[4096], cut[40];
	auth0logout_decision d = decide("client_id=app");
	size_t n = json_of(&d, 0, full, sizeof full);

	memset(cut, 'Z', sizeof cut);
	ck_assert_uint_eq(auth0logout_decision_json(&d, 0, cut, 30), n);
	ck_assert_uint_eq(strlen(cut), 29);
	ck_assert_int_eq(memcmp(cut, full, 29), 0);
	ck_assert_int_eq(cut[30], 'Z');
	ck_assert_uint_eq(auth0logout_decision_json(&d, 0, NULL, 0), n);
	ck_assert_uint_eq(auth0logout_decision_json(&d, 0, cut, 0), n);
	ck_assert_int_eq(cut[0], '{');
	ck_assert_uint_eq(auth0logout_decision_json(NULL, 0, full, 10), 4);
	ck_assert_str_eq(full, "null");
}
END_TEST

/* What the buffer holds at most, on the worst inputs, fits the 64 KiB the
 * header promises (the static asserts say so too). */
START_TEST(r6_3_buffer_is_64_kib)
{
	ck_assert_uint_eq(AUTH0LOGOUT_DECIDE_BUFFER_SIZE, 65536);
	ck_assert_uint_eq(auth0logout_decide_buffer_size(), 65536);
	ck_assert_uint_eq(auth0logout_request_scratch_size(), 4096 + 256);
	ck_assert_uint_eq(auth0logout_decision_size(),
	                  sizeof(auth0logout_decision));
	ck_assert_uint_eq(auth0logout_diag_size(), sizeof(auth0logout_diag));
}
END_TEST

/* ABI policy (auth0logout.h): the structs the library fills in caller
 * memory end in reserved space that the library zeroes, so that a later
 * field taking it reads 0 for callers built against this header.  Each
 * struct starts out as 0xAA garbage. */
static void assert_zero(const void *p, size_t n, const char *what)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(b[i] == 0, "%s: reserved[%zu] is 0x%02x", what, i,
		              b[i]);
}

#define ASSERT_DIAG_RESERVED_ZERO(d, what)                                     \
	assert_zero((d).reserved, sizeof(d).reserved, what)

START_TEST(abi_reserved_space_is_zeroed)
{
	auth0logout_diag d;
	auth0logout_url u;
	auth0logout_request r;
	auth0logout_allowlist *l;
	char *ubuf = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	char scratch[64];
	static const char *const entries[] = {"https://a.com", "nope"};
	/* Every function that takes a diag, succeeding and failing. */
	static const struct {
		const char *s;
		int ok;
	} inputs[] = {{"https://a.example.com", 1}, {"a b\x01", 0}};

	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		const char *s = inputs[i].s;
		size_t n = strlen(s);

		memset(&d, 0xAA, sizeof d);
		auth0logout_client_id_check(s, n, &d);
		ASSERT_DIAG_RESERVED_ZERO(d, "client_id_check");

		memset(&d, 0xAA, sizeof d);
		memset(&u, 0xAA, sizeof u);
		ck_assert_int_eq(auth0logout_url_parse(
		                     s, n, 0, ubuf, AUTH0LOGOUT_URL_BUFFER_SIZE,
		                     &u, &d) == AUTH0LOGOUT_OK,
		                 inputs[i].ok);
		ASSERT_DIAG_RESERVED_ZERO(d, "url_parse");
		if (inputs[i].ok)
			assert_zero(u.reserved, sizeof u.reserved,
			            "auth0logout_url");

		memset(&d, 0xAA, sizeof d);
		auth0logout_entry_check(s, n, &d);
		ASSERT_DIAG_RESERVED_ZERO(d, "entry_check");

		memset(&d, 0xAA, sizeof d);
		l = NULL;
		auth0logout_allowlist_compile_csv(s, n, &l, &d);
		auth0logout_allowlist_free(l);
		ASSERT_DIAG_RESERVED_ZERO(d, "allowlist_compile_csv");
	}

	memset(&d, 0xAA, sizeof d);
	l = NULL;
	ck_assert_int_ne(
	    auth0logout_allowlist_compile_array(entries, NULL, 2, &l, &d),
	    AUTH0LOGOUT_OK);
	ASSERT_DIAG_RESERVED_ZERO(d, "allowlist_compile_array");

	memset(&d, 0xAA, sizeof d);
	ck_assert_int_eq(auth0logout_request_parse("client_id=a", 11, scratch,
	                                           sizeof scratch, &r, &d),
	                 AUTH0LOGOUT_OK);
	ASSERT_DIAG_RESERVED_ZERO(d, "request_parse ok");
	memset(&d, 0xAA, sizeof d);
	ck_assert_int_ne(auth0logout_request_parse("returnTo=%zz", 12, scratch,
	                                           sizeof scratch, &r, &d),
	                 AUTH0LOGOUT_OK);
	ASSERT_DIAG_RESERVED_ZERO(d, "request_parse error");

	/* The decision, on every path that fills it. */
	static const char *const queries[] = {
	    "client_id=app&returnTo=https%3A%2F%2Fapp.example.com%2Fbye",
	    "returnTo=https%3A%2F%2Fevil.com", "returnTo=%zz", ""};
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		auth0logout_decision dec;
		memset(&dec, 0xAA, sizeof dec);
		auth0logout_decide_query(&store, queries[i], strlen(queries[i]),
		                         buf, AUTH0LOGOUT_DECIDE_BUFFER_SIZE,
		                         &dec);
		assert_zero(dec.reserved, sizeof dec.reserved, queries[i]);
	}
	auth0logout_decision dec;
	memset(&dec, 0xAA, sizeof dec);
	auth0logout_decide_query(&store, "", 0, buf, 16, &dec);
	assert_zero(dec.reserved, sizeof dec.reserved, "buffer too small");
	free(ubuf);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("decide");
	TCase *tc = tcase_create("r3_table");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, r3_decision_table, 0,
	                    sizeof r3_rows / sizeof r3_rows[0]);
	tcase_add_loop_test(tc, r3_1_federated_carried_on_every_non_error, 0,
	                    sizeof federated_queries /
	                        sizeof federated_queries[0]);
	tcase_add_test(tc, r3_1_federated_never_changes_the_outcome);
	tcase_add_test(tc, r3_2_not_allowed_names_value_and_tenant_list);
	tcase_add_test(tc, r3_2_not_allowed_names_the_application);
	tcase_add_test(tc, r3_2_description_of_long_value_is_complete);
	tcase_add_test(tc, r6_1_redirect_fields);
	tcase_add_test(tc, r6_1_names_of_enums);
	tcase_add_test(tc, r6_2_location_is_header_safe);
	tcase_add_test(tc, api_bad_arguments_fail_closed);
	tcase_add_test(tc, api_decide_matches_decide_query);
	tcase_add_test(tc, r1_7_hand_built_request_is_checked_too);
	tcase_add_test(tc, api_request_parse_error_becomes_400);
	tcase_add_test(tc, api_request_target_and_absolute_url);
	tcase_add_test(tc, r6_3_concurrent_decisions_on_one_store);
	tcase_add_test(tc, r6_1_client_id_and_confirm);
	tcase_add_test(tc, r7_2_decision_json);
	tcase_add_test(tc, r7_2_decision_json_escapes_request_bytes);
	tcase_add_test(tc, r7_2_decision_json_cut_like_snprintf);
	tcase_add_test(tc, r6_3_buffer_is_64_kib);
	tcase_add_test(tc, abi_reserved_space_is_zeroed);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);

	TCase *st = tcase_create("r2_store_interface");
	tcase_add_checked_fixture(st, fake_setup, fake_teardown);
	tcase_add_test(st, r2_1_client_list_only_tenant_read_for_hint_only);
	tcase_add_test(st, r2_2_tenant_list_without_client_id);
	tcase_add_test(st, r2_2_no_store_call_when_nothing_to_check);
	tcase_add_test(st, r2_3_unknown_client_never_falls_back);
	tcase_add_test(st, r4_bad_return_to_never_reaches_a_custom_store);
	tcase_add_test(st,
	               r3_builtin_store_bad_return_to_before_unknown_client);
	tcase_add_test(st, r2_4_store_failure_fails_closed);
	tcase_add_test(st, r2_4_unexpected_callback_result_fails_closed);
	tcase_add_test(st, r2_null_list_means_empty);
	tcase_add_test(st, r3_decision_does_not_point_into_the_store);
	suite_add_tcase(s, st);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
