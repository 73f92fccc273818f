/* SPDX-License-Identifier: MIT */
/* R8: /oidc/logout decisions through the public API, with a verifier of
 * the test's own (the reference verifier on OpenSSL is tested by
 * test_verify.c).  Test names cite the rule. */
#include <auth0logout.h>

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *buf;
static auth0logout_memstore *ms;
static auth0logout_store store;
static auth0logout_oidc_env env;
static int verify_calls, ok_calls, release_calls;

#define S_(lit) lit, sizeof(lit) - 1

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

/* The test verifier.  A token is "v" (valid) followed by ;key=value
 * claims (aud, azp, sid, sub, iss, n = the audience count); "x" is
 * refused as invalid, "f" fails (an I/O error), "z" returns a status a
 * verifier must not return, "m" a claim view without memory. */
static int test_verify(void *ctx, const char *tok, size_t n, char *scratch,
                       size_t scratch_len, auth0logout_claims *c)
{
	(void)ctx;
	verify_calls++;
	ck_assert_uint_eq(scratch_len, AUTH0LOGOUT_VERIFIER_SCRATCH_SIZE);
	ck_assert_uint_eq((uintptr_t)scratch % 16, 0);
	if (n == 0)
		return AUTH0LOGOUT_E_OIDC_TOKEN_INVALID;
	switch (tok[0]) {
	case 'x':
		return AUTH0LOGOUT_E_OIDC_TOKEN_INVALID;
	case 'f':
		return AUTH0LOGOUT_E_VERIFIER_FAILED;
	case 'z':
		return 12345;
	case 'm':
		c->aud_len = 3;
		c->aud_count = 1;
		ok_calls++;
		return AUTH0LOGOUT_OK;
	case 'v':
		break;
	default:
		return AUTH0LOGOUT_E_OIDC_TOKEN_INVALID;
	}
	ck_assert_uint_lt(n, scratch_len);
	memcpy(scratch, tok, n);
	size_t i = 1;
	while (i < n) {
		size_t k = i + 1, e = k;
		while (e < n && scratch[e] != ';')
			e++;
		const char *eq = memchr(scratch + k, '=', e - k);
		ck_assert_ptr_nonnull(eq);
		size_t kn = (size_t)(eq - (scratch + k));
		const char *v = eq + 1;
		size_t vn = (size_t)(scratch + e - v);
		if (kn == 3 && memcmp(scratch + k, "aud", 3) == 0) {
			c->aud = v;
			c->aud_len = vn;
			if (c->aud_count == 0)
				c->aud_count = 1;
		} else if (kn == 3 && memcmp(scratch + k, "azp", 3) == 0) {
			c->azp = v;
			c->azp_len = vn;
		} else if (kn == 3 && memcmp(scratch + k, "sid", 3) == 0) {
			c->sid = v;
			c->sid_len = vn;
		} else if (kn == 1 && scratch[k] == 'n') {
			c->aud_count = (size_t)(v[0] - '0');
		}
		i = e;
	}
	ok_calls++;
	return AUTH0LOGOUT_OK;
}

static void test_release(void *ctx, const auth0logout_claims *c)
{
	(void)ctx;
	(void)c;
	release_calls++;
}

static const auth0logout_verifier verifier = {NULL, test_verify, test_release};

static void setup(void)
{
	buf = malloc(AUTH0LOGOUT_OIDC_BUFFER_SIZE);
	ms = auth0logout_memstore_new();
	ck_assert_ptr_nonnull(ms);
	ck_assert_int_eq(auth0logout_memstore_set_tenant(
	                     ms, csv("https://tenant.example.com/bye, "
	                             "https://tenant.example.com/q?a=1, "
	                             "https://shared.example.com/bye")),
	                 AUTH0LOGOUT_OK);
	add_client("app", "https://app.example.com/bye, "
	                  "https://app.example.com/cb?x=1&y=2, "
	                  "https://app.example.com/cb?x=2, "
	                  "https://app.example.com/cb, "
	                  "https://*.app.example.org/done?k=v, "
	                  "https://app.example.com/frag#ignored");
	add_client("other", "https://other.example.com/bye");
	add_client("empty", NULL);
	add_client("wildfirst",
	           "https://*.example.net, https://www.example.net/x");
	ck_assert_int_eq(auth0logout_memstore_get(ms, &store), AUTH0LOGOUT_OK);
	memset(&env, 0, sizeof env);
	env.verifier = &verifier;
	verify_calls = ok_calls = release_calls = 0;
}

static void teardown(void)
{
	auth0logout_memstore_free(ms);
	free(buf);
}

static auth0logout_decision decide_f(const char *q, unsigned flags)
{
	auth0logout_decision d;
	auth0logout_status st = auth0logout_decide_oidc_query(
	    &store, &env, q, strlen(q), flags, buf,
	    AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d);
	ck_assert_int_eq(st, d.status);
	/* Every claim handed out is released before decide returns. */
	ck_assert_int_eq(ok_calls, release_calls);
	return d;
}

static auth0logout_decision decide(const char *q)
{
	return decide_f(q, 0);
}

#define assert_redirect(d, loc)                                                \
	do {                                                                   \
		ck_assert_msg((d).outcome == AUTH0LOGOUT_OUTCOME_REDIRECT,     \
		              "outcome %d status %s: %s", (d).outcome,         \
		              auth0logout_status_name((d).status),             \
		              (d).error_description ? (d).error_description    \
		                                    : "");                     \
		ck_assert_int_eq((d).http_status, 302);                        \
		ck_assert_str_eq((d).location, loc);                           \
		ck_assert_uint_eq((d).location_len, strlen(loc));              \
	} while (0)

#define assert_error(d, st, code)                                              \
	do {                                                                   \
		ck_assert_msg((d).outcome == AUTH0LOGOUT_OUTCOME_ERROR,        \
		              "outcome %d, location %s", (d).outcome,          \
		              (d).location ? (d).location : "-");              \
		ck_assert_str_eq(auth0logout_status_name((d).status),          \
		                 auth0logout_status_name(st));                 \
		ck_assert_int_eq((d).http_status, code);                       \
		ck_assert_ptr_null((d).location);                              \
		ck_assert_int_eq((d).confirm, 0);                              \
	} while (0)

#define assert_logged_out(d)                                                   \
	do {                                                                   \
		ck_assert_msg((d).outcome == AUTH0LOGOUT_OUTCOME_LOGGED_OUT,   \
		              "outcome %d status %s", (d).outcome,             \
		              auth0logout_status_name((d).status));            \
		ck_assert_int_eq((d).http_status, 200);                        \
		ck_assert_ptr_null((d).location);                              \
	} while (0)

/* ---- R8.5, the outcome table, row by row ------------------------------- */

START_TEST(r8_5_row1_no_client_no_uri_logged_out)
{
	auth0logout_decision d = decide("");
	assert_logged_out(d);
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_NONE);
	ck_assert_ptr_null(d.client_id);
}
END_TEST

START_TEST(r8_5_row2_tenant_match_redirects_with_state)
{
	auth0logout_decision d = decide("post_logout_redirect_uri=https%3A%2F%"
	                                "2Ftenant.example.com%2Fbye&state=s1");
	assert_redirect(d, "https://tenant.example.com/bye?state=s1");
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_TENANT);
	ck_assert_str_eq(d.matched, "https://tenant.example.com/bye");
	ck_assert_ptr_null(d.client_id);
}
END_TEST

START_TEST(r8_5_row3_tenant_no_match_not_allowed)
{
	auth0logout_decision d =
	    decide("post_logout_redirect_uri=https://evil.example.com/");
	assert_error(d, AUTH0LOGOUT_E_NOT_ALLOWED, 400);
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_TENANT);
	ck_assert_str_eq(
	    d.error_description,
	    "The \"post_logout_redirect_uri\" querystring parameter "
	    "\"https://evil.example.com/\" is not defined as a valid URL in "
	    "\"Allowed Logout URLs\". The tenant's list was checked (no "
	    "client_id or id_token_hint was given).");
	ck_assert_ptr_nonnull(d.hint);
}
END_TEST

START_TEST(r8_5_row4_client_no_uri_first_entry_without_state)
{
	auth0logout_decision d = decide("client_id=app&state=zzz");
	assert_redirect(d, "https://app.example.com/bye");
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_CLIENT);
	ck_assert_str_eq(d.client_id, "app");
	ck_assert_str_eq(d.matched, "https://app.example.com/bye");
}
END_TEST

START_TEST(r8_5_row4_wildcard_first_entry_logged_out)
{
	auth0logout_decision d = decide("client_id=wildfirst");
	assert_logged_out(d);
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_CLIENT);
}
END_TEST

START_TEST(r8_5_row5_client_empty_list_logged_out)
{
	auth0logout_decision d = decide("client_id=empty");
	assert_logged_out(d);
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_CLIENT);
	ck_assert_str_eq(d.client_id, "empty");
}
END_TEST

START_TEST(r8_5_row6_client_match_redirects_with_state)
{
	auth0logout_decision d =
	    decide("client_id=app&post_logout_redirect_uri=https://"
	           "app.example.com/cb%3Fx%3D1%26y%3D2&state=a%20b");
	assert_redirect(d, "https://app.example.com/cb?x=1&y=2&state=a%20b");
	ck_assert_str_eq(d.matched, "https://app.example.com/cb?x=1&y=2");
}
END_TEST

START_TEST(r8_5_row7_client_no_match_even_on_tenant_list)
{
	auth0logout_decision d =
	    decide("client_id=app&post_logout_redirect_uri=https://"
	           "tenant.example.com/bye");
	assert_error(d, AUTH0LOGOUT_E_NOT_ALLOWED, 400);
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_CLIENT);
	ck_assert_ptr_nonnull(strstr(d.hint, "allowed by the tenant's list"));
}
END_TEST

START_TEST(r8_5_row8_broken_rule_invalid_request)
{
	auth0logout_decision d = decide("client_id=app&client_id=app");
	assert_error(d, AUTH0LOGOUT_E_QUERY_DUPLICATE, 400);
	ck_assert_int_eq(d.error, AUTH0LOGOUT_ERROR_INVALID_REQUEST);
}
END_TEST

/* ---- R8.1 the request ------------------------------------------------- */

static const char *const dup_names[] = {
    "id_token_hint", "logout_hint", "client_id", "post_logout_redirect_uri",
    "state",         "ui_locales",  "federated"};

START_TEST(r8_1_every_parameter_twice_refused)
{
	char q[256];
	snprintf(q, sizeof q, "%s=a&%s=b", dup_names[_i], dup_names[_i]);
	auth0logout_decision d = decide(q);
	assert_error(d, AUTH0LOGOUT_E_QUERY_DUPLICATE, 400);
	ck_assert_ptr_nonnull(strstr(d.error_description, dup_names[_i]));
}
END_TEST

START_TEST(r8_1_encoded_name_counts_as_the_name)
{
	auth0logout_decision d = decide("state=a&st%61te=b");
	assert_error(d, AUTH0LOGOUT_E_QUERY_DUPLICATE, 400);
}
END_TEST

START_TEST(r8_1_names_are_case_sensitive)
{
	auth0logout_decision d =
	    decide("Post_Logout_Redirect_Uri=https://evil.example.com/");
	assert_logged_out(d);
}
END_TEST

START_TEST(r8_1_empty_value_counts_as_absent)
{
	auth0logout_decision d = decide(
	    "post_logout_redirect_uri=&client_id=&id_token_hint=&state=");
	assert_logged_out(d);
	ck_assert_int_eq(verify_calls, 0);
}
END_TEST

START_TEST(r8_1_bad_escape_refused)
{
	auth0logout_decision d = decide("state=%zz");
	assert_error(d, AUTH0LOGOUT_E_QUERY_BAD_ESCAPE, 400);
	d = decide("other=%4");
	assert_error(d, AUTH0LOGOUT_E_QUERY_BAD_ESCAPE, 400);
}
END_TEST

START_TEST(r8_1_get_federated_is_a_flag)
{
	auth0logout_decision d = decide("federated=false");
	assert_logged_out(d);
	ck_assert_int_eq(d.federated, 1);
	d = decide("federated");
	ck_assert_int_eq(d.federated, 1);
}
END_TEST

START_TEST(r8_1_post_federated_true_or_false)
{
	auth0logout_decision d =
	    decide_f("federated=true", AUTH0LOGOUT_OIDC_FORM);
	ck_assert_int_eq(d.federated, 1);
	d = decide_f("federated=false", AUTH0LOGOUT_OIDC_FORM);
	assert_logged_out(d);
	ck_assert_int_eq(d.federated, 0);
	d = decide_f("federated=", AUTH0LOGOUT_OIDC_FORM);
	ck_assert_int_eq(d.federated, 0);
	d = decide_f("federated=yes", AUTH0LOGOUT_OIDC_FORM);
	assert_error(d, AUTH0LOGOUT_E_OIDC_FEDERATED, 400);
	d = decide_f("federated", AUTH0LOGOUT_OIDC_FORM);
	ck_assert_int_eq(d.federated, 0);
	d = decide_f("federated=TRUE", AUTH0LOGOUT_OIDC_FORM);
	assert_error(d, AUTH0LOGOUT_E_OIDC_FEDERATED, 400);
}
END_TEST

START_TEST(r8_1_post_body_is_read_whole)
{
	/* A body is not a request target: '/', '?' and '#' are data. */
	auth0logout_decision d = decide_f(
	    "client_id=app&post_logout_redirect_uri=https://app.example.com/"
	    "bye&state=/x?y#z",
	    AUTH0LOGOUT_OIDC_FORM);
	assert_redirect(d, "https://app.example.com/bye?state=%2Fx%3Fy%23z");
	/* ... while a GET input framed as a target reads the query only. */
	d = decide("/oidc/logout?client_id=app#post_logout_redirect_uri=x");
	assert_redirect(d, "https://app.example.com/bye");
}
END_TEST

struct limit_row {
	const char *name;
	size_t max;
	auth0logout_status st;
};
static const struct limit_row limit_rows[] = {
    {"id_token_hint", AUTH0LOGOUT_MAX_ID_TOKEN_HINT,
     AUTH0LOGOUT_E_OIDC_PARAM_TOO_LONG},
    {"state", AUTH0LOGOUT_MAX_STATE, AUTH0LOGOUT_E_OIDC_PARAM_TOO_LONG},
    {"logout_hint", AUTH0LOGOUT_MAX_LOGOUT_HINT,
     AUTH0LOGOUT_E_OIDC_PARAM_TOO_LONG},
    {"ui_locales", AUTH0LOGOUT_MAX_UI_LOCALES,
     AUTH0LOGOUT_E_OIDC_PARAM_TOO_LONG},
    {"client_id", AUTH0LOGOUT_MAX_CLIENT_ID, AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG},
    {"post_logout_redirect_uri", AUTH0LOGOUT_MAX_URL,
     AUTH0LOGOUT_E_RETURN_TO_TOO_LONG},
};

START_TEST(r8_1_limits_at_and_over)
{
	const struct limit_row *r = &limit_rows[_i];
	size_t cap = r->max + 64;
	char *q = malloc(cap + 64);
	int n = snprintf(q, cap, "%s=", r->name);
	memset(q + n, 'a', r->max + 1);
	q[n + r->max + 1] = '\0';
	auth0logout_decision d = decide(q);
	assert_error(d, r->st, 400);
	ck_assert_ptr_nonnull(strstr(d.error_description, r->name));
	/* At the limit: not refused for its length. */
	q[n + r->max] = '\0';
	d = decide(q);
	ck_assert_int_ne(d.status, r->st);
	free(q);
}
END_TEST

static const char *const control_names[] = {"id_token_hint", "state",
                                            "logout_hint", "ui_locales"};

START_TEST(r8_1_control_bytes_refused)
{
	const char *bytes[] = {"%00", "%0A", "%0D", "%1F", "%7F"};
	for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++) {
		char q[128];
		snprintf(q, sizeof q, "%s=a%sb", control_names[_i], bytes[i]);
		auth0logout_decision d = decide(q);
		assert_error(d, AUTH0LOGOUT_E_OIDC_PARAM_CONTROL, 400);
	}
	auth0logout_decision d = decide("client_id=a%0Ab");
	assert_error(d, AUTH0LOGOUT_E_CLIENT_ID_CONTROL, 400);
}
END_TEST

START_TEST(r8_1_whole_input_over_16k_refused)
{
	size_t n = AUTH0LOGOUT_MAX_QUERY + 1;
	char *q = malloc(n + 1);
	memset(q, 'x', n);
	q[n] = '\0';
	auth0logout_decision d = decide_f(q, AUTH0LOGOUT_OIDC_FORM);
	assert_error(d, AUTH0LOGOUT_E_QUERY_TOO_LONG, 400);
	free(q);
}
END_TEST

/* ---- R8.2 the client ----------------------------------------------------- */

START_TEST(r8_2_token_names_the_client_by_aud)
{
	auth0logout_decision d =
	    decide("id_token_hint=v;aud=app&post_logout_redirect_uri=https://"
	           "app.example.com/cb");
	assert_redirect(d, "https://app.example.com/cb");
	ck_assert_str_eq(d.client_id, "app");
	ck_assert_int_eq(d.list, AUTH0LOGOUT_LIST_CLIENT);
	ck_assert_int_eq(verify_calls, 1);
	ck_assert_int_eq(release_calls, 1);
}
END_TEST

START_TEST(r8_2_azp_wins_over_aud)
{
	auth0logout_decision d =
	    decide("id_token_hint=v;aud=other;n=2;azp=app");
	assert_redirect(d, "https://app.example.com/bye");
	ck_assert_str_eq(d.client_id, "app");
}
END_TEST

START_TEST(r8_2_several_audiences_without_azp_invalid)
{
	auth0logout_decision d = decide("id_token_hint=v;aud=app;n=2");
	assert_error(d, AUTH0LOGOUT_E_OIDC_TOKEN_INVALID, 400);
	ck_assert_ptr_nonnull(strstr(d.error_description, "several audiences"));
	d = decide("id_token_hint=v;sid=1");
	assert_error(d, AUTH0LOGOUT_E_OIDC_TOKEN_INVALID, 400);
	ck_assert_int_eq(release_calls, ok_calls);
}
END_TEST

START_TEST(r8_2_client_id_must_equal_token_client)
{
	auth0logout_decision d =
	    decide("client_id=other&id_token_hint=v;aud=app");
	assert_error(d, AUTH0LOGOUT_E_OIDC_CLIENT_MISMATCH, 400);
	ck_assert_ptr_nonnull(
	    strstr(d.error_description, "does not match the id_token_hint"));
	d = decide("client_id=app&id_token_hint=v;aud=app");
	assert_redirect(d, "https://app.example.com/bye");
}
END_TEST

START_TEST(r8_2_invalid_token_refused)
{
	auth0logout_decision d = decide("client_id=app&id_token_hint=x");
	assert_error(d, AUTH0LOGOUT_E_OIDC_TOKEN_INVALID, 400);
	ck_assert_ptr_nonnull(strstr(d.error_description, "id_token_hint"));
	ck_assert_int_eq(d.error, AUTH0LOGOUT_ERROR_INVALID_REQUEST);
}
END_TEST

START_TEST(r8_2_no_verifier_means_invalid)
{
	env.verifier = NULL;
	auth0logout_decision d = decide("id_token_hint=v;aud=app");
	assert_error(d, AUTH0LOGOUT_E_OIDC_TOKEN_INVALID, 400);
	auth0logout_decision e;
	auth0logout_decide_oidc_query(&store, NULL,
	                              S_("id_token_hint=v;aud=app"), 0, buf,
	                              AUTH0LOGOUT_OIDC_BUFFER_SIZE, &e);
	assert_error(e, AUTH0LOGOUT_E_OIDC_TOKEN_INVALID, 400);
}
END_TEST

START_TEST(r8_10_verifier_failure_is_500_fail_closed)
{
	auth0logout_decision d = decide(
	    "id_token_hint=f&post_logout_redirect_uri=https://app.example.com/"
	    "bye");
	assert_error(d, AUTH0LOGOUT_E_VERIFIER_FAILED, 500);
	ck_assert_int_eq(d.error, AUTH0LOGOUT_ERROR_SERVER_ERROR);
	d = decide("id_token_hint=z");
	assert_error(d, AUTH0LOGOUT_E_VERIFIER_FAILED, 500);
	d = decide("id_token_hint=m");
	assert_error(d, AUTH0LOGOUT_E_VERIFIER_FAILED, 500);
}
END_TEST

START_TEST(r8_2_logout_hint_must_equal_sid)
{
	auth0logout_decision d =
	    decide("id_token_hint=v;aud=app;sid=S1&logout_hint=S2");
	assert_error(d, AUTH0LOGOUT_E_OIDC_LOGOUT_HINT, 400);
	d = decide("id_token_hint=v;aud=app&logout_hint=S2");
	assert_error(d, AUTH0LOGOUT_E_OIDC_LOGOUT_HINT, 400);
	d = decide("id_token_hint=v;aud=app;sid=S1&logout_hint=S1");
	assert_redirect(d, "https://app.example.com/bye");
}
END_TEST

START_TEST(r8_2_unknown_client_never_falls_back)
{
	auth0logout_decision d = decide(
	    "client_id=nope&post_logout_redirect_uri=https://tenant.example."
	    "com/bye");
	assert_error(d, AUTH0LOGOUT_E_UNKNOWN_CLIENT, 400);
	d = decide("id_token_hint=v;aud=nope&post_logout_redirect_uri=https://"
	           "tenant.example.com/bye");
	assert_error(d, AUTH0LOGOUT_E_UNKNOWN_CLIENT, 400);
	ck_assert_ptr_nonnull(strstr(d.error_description, "id_token_hint"));
}
END_TEST

/* ---- R8.4 matching ----------------------------------------------------- */

struct match_row {
	const char *uri;      /* percent-encoded as it would be sent */
	const char *location; /* NULL: not allowed */
};
static const struct match_row match_rows[] = {
    /* the query compares exactly */
    {"https://app.example.com/cb%3Fx%3D1%26y%3D2",
     "https://app.example.com/cb?x=1&y=2"},
    {"https://app.example.com/cb%3Fy%3D2%26x%3D1", NULL},
    {"https://app.example.com/cb%3Fx%3D1", NULL},
    {"https://app.example.com/cb%3Fx%3D2", "https://app.example.com/cb?x=2"},
    {"https://app.example.com/cb", "https://app.example.com/cb"},
    {"https://app.example.com/cb%3F", NULL},
    {"https://app.example.com/bye%3Fa%3D1", NULL},
    {"https://app.example.com/bye", "https://app.example.com/bye"},
    /* scheme and host without regard to case, path exactly */
    {"HTTPS://APP.example.COM/cb%3Fx%3D2", "HTTPS://APP.example.COM/cb?x=2"},
    {"https://app.example.com/CB", NULL},
    /* wildcard host with an exact query */
    {"https://a.app.example.org/done%3Fk%3Dv",
     "https://a.app.example.org/done?k=v"},
    {"https://a.app.example.org/done", NULL},
    {"https://a.app.example.org/done%3Fk%3DV", NULL},
    /* the entry's fragment is ignored */
    {"https://app.example.com/frag", "https://app.example.com/frag"},
    /* R4.7 encoding applies before comparing */
    {"https://app.example.com/cb%3Fx%3D1%20%26y%3D2", NULL},
};

START_TEST(r8_4_query_compared_exactly)
{
	const struct match_row *r = &match_rows[_i];
	char q[512];
	snprintf(q, sizeof q, "client_id=app&post_logout_redirect_uri=%s",
	         r->uri);
	auth0logout_decision d = decide(q);
	if (r->location) {
		assert_redirect(d, r->location);
	} else {
		assert_error(d, AUTH0LOGOUT_E_NOT_ALLOWED, 400);
	}
}
END_TEST

START_TEST(r8_4_fragment_refused)
{
	auth0logout_decision d =
	    decide("client_id=app&post_logout_redirect_uri=https://"
	           "app.example.com/bye%23x");
	assert_error(d, AUTH0LOGOUT_E_OIDC_URI_FRAGMENT, 400);
	d = decide("client_id=app&post_logout_redirect_uri=https://"
	           "app.example.com/bye%23");
	assert_error(d, AUTH0LOGOUT_E_OIDC_URI_FRAGMENT, 400);
}
END_TEST

START_TEST(r8_4_r4_screening_applies)
{
	const char *bad[] = {"javascript:alert(1)",
	                     "https://evil.com%5C@app.example.com/",
	                     "https://a@app.example.com/bye",
	                     "//app.example.com/bye",
	                     "https://app.example.com/bye%0D%0ALocation:x",
	                     "https://app.example.com:0/",
	                     " https://app.example.com/bye"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char q[512];
		snprintf(q, sizeof q,
		         "client_id=app&post_logout_redirect_uri=%s", bad[i]);
		auth0logout_decision d = decide(q);
		ck_assert_msg(d.outcome == AUTH0LOGOUT_OUTCOME_ERROR &&
		                  d.http_status == 400 && !d.location,
		              "%s: outcome %d", bad[i], d.outcome);
	}
}
END_TEST

START_TEST(r8_9_hint_names_the_query_mismatch)
{
	auth0logout_decision d =
	    decide("client_id=app&post_logout_redirect_uri=https://"
	           "app.example.com/cb%3Fx%3D3");
	assert_error(d, AUTH0LOGOUT_E_NOT_ALLOWED, 400);
	ck_assert_msg(strstr(d.hint, "the entry has query \"x=1&y=2\", the "
	                             "URI query \"x=3\"") != NULL,
	              "%s", d.hint);
	ck_assert_ptr_nonnull(
	    strstr(d.error_description, "(client_id \"app\")"));
	d = decide("id_token_hint=v;aud=app&post_logout_redirect_uri=https://"
	           "app.example.com/bye%3Fa%3D1");
	ck_assert_msg(strstr(d.hint, "the entry has no query, the URI query "
	                             "\"a=1\"") != NULL,
	              "%s", d.hint);
	ck_assert_ptr_nonnull(strstr(d.hint, "because the id_token_hint"));
}
END_TEST

/* ---- R8.6 state ---------------------------------------------------------- */

struct state_row {
	const char *state; /* as sent */
	const char *uri;
	const char *location;
};
static const struct state_row state_rows[] = {
    {"abc-._~XYZ09", "https://app.example.com/cb",
     "https://app.example.com/cb?state=abc-._~XYZ09"},
    {"abc", "https://app.example.com/cb%3Fx%3D2",
     "https://app.example.com/cb?x=2&state=abc"},
    /* injections: a second '?', '#', CR/LF, a second parameter */
    {"a%3Fb", "https://app.example.com/cb",
     "https://app.example.com/cb?state=a%3Fb"},
    {"a%23evil", "https://app.example.com/cb",
     "https://app.example.com/cb?state=a%23evil"},
    {"a%0D%0ALocation%3A%20https%3A%2F%2Fevil", "https://app.example.com/cb",
     NULL},
    {"x%26post_logout_redirect_uri%3Dhttps%3A%2F%2Fevil.com",
     "https://app.example.com/cb",
     "https://app.example.com/cb?state=x%26post_logout_redirect_uri%"
     "3Dhttps%3A%2F%2Fevil.com"},
    {"a+b%2Bc", "https://app.example.com/cb",
     "https://app.example.com/cb?state=a%20b%2Bc"},
    {"%C3%A9%FF", "https://app.example.com/cb",
     "https://app.example.com/cb?state=%C3%A9%FF"},
    {"%25", "https://app.example.com/cb",
     "https://app.example.com/cb?state=%25"},
};

START_TEST(r8_6_state_appended_encoded)
{
	const struct state_row *r = &state_rows[_i];
	char q[512];
	snprintf(q, sizeof q,
	         "client_id=app&post_logout_redirect_uri=%s&state=%s", r->uri,
	         r->state);
	auth0logout_decision d = decide(q);
	if (r->location) {
		assert_redirect(d, r->location);
	} else {
		assert_error(d, AUTH0LOGOUT_E_OIDC_PARAM_CONTROL, 400);
	}
}
END_TEST

START_TEST(r8_6_longest_state_fits)
{
	size_t n = AUTH0LOGOUT_MAX_STATE;
	char *q = malloc(3 * n + 256);
	char *p = q + sprintf(q, "client_id=app&post_logout_redirect_uri=https:"
	                         "//app.example.com/cb&state=");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%%FF");
	auth0logout_decision d = decide(q);
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_REDIRECT);
	ck_assert_uint_eq(d.location_len,
	                  strlen("https://app.example.com/cb?state=") + 3 * n);
	for (size_t i = 0; i < d.location_len; i++)
		ck_assert((unsigned char)d.location[i] > 0x20 &&
		          (unsigned char)d.location[i] < 0x7f);
	free(q);
}
END_TEST

/* ---- R8.7 consent ------------------------------------------------------ */

struct consent_row {
	const char *query;
	const char *session_sid; /* NULL: the adapter knows none */
	int confirm;
};
static const struct consent_row consent_rows[] = {
    /* neither hint */
    {"client_id=app", NULL, 1},
    {"client_id=app", "S1", 1},
    /* the token alone */
    {"id_token_hint=v;aud=app;sid=S1", NULL, 0},
    {"id_token_hint=v;aud=app;sid=S1", "S1", 0},
    {"id_token_hint=v;aud=app;sid=S1", "S2", 1},
    {"id_token_hint=v;aud=app", "S1", 1},
    /* logout_hint alone */
    {"client_id=app&logout_hint=S1", NULL, 1},
    {"client_id=app&logout_hint=S1", "S1", 0},
    {"client_id=app&logout_hint=S1", "S2", 1},
    /* both */
    {"id_token_hint=v;aud=app;sid=S1&logout_hint=S1", NULL, 0},
    {"id_token_hint=v;aud=app;sid=S1&logout_hint=S1", "S1", 0},
    {"id_token_hint=v;aud=app;sid=S1&logout_hint=S1", "S9", 1},
};

START_TEST(r8_7_consent_table)
{
	const struct consent_row *r = &consent_rows[_i];
	env.session_sid = r->session_sid;
	env.session_sid_len = r->session_sid ? strlen(r->session_sid) : 0;
	auth0logout_decision d = decide(r->query);
	ck_assert_int_ne(d.outcome, AUTH0LOGOUT_OUTCOME_ERROR);
	ck_assert_msg(d.confirm == r->confirm, "%s (session %s): confirm %d",
	              r->query, r->session_sid ? r->session_sid : "-",
	              d.confirm);
	/* The rest is what happens once confirmed. */
	assert_redirect(d, "https://app.example.com/bye");
	/* Prompts disabled: never. */
	env.flags = AUTH0LOGOUT_OIDC_NO_PROMPT;
	d = decide(r->query);
	ck_assert_int_eq(d.confirm, 0);
}
END_TEST

START_TEST(r8_7_logged_out_asks_too_errors_never)
{
	auth0logout_decision d = decide("");
	assert_logged_out(d);
	ck_assert_int_eq(d.confirm, 1);
	d = decide("post_logout_redirect_uri=https://evil.example.com/");
	ck_assert_int_eq(d.confirm, 0);
}
END_TEST

/* ---- R8.8 ui_locales ---------------------------------------------------- */

START_TEST(r8_8_first_tag_must_be_enabled)
{
	const char *locales[] = {"en", "fr-CA"};
	env.enabled_locales = locales;
	env.enabled_locale_count = 2;
	auth0logout_decision d = decide("ui_locales=FR-ca+en");
	assert_logged_out(d);
	ck_assert_str_eq(d.locale, "fr-CA");
	d = decide("ui_locales=de+en");
	assert_error(d, AUTH0LOGOUT_E_OIDC_LOCALE, 400);
	ck_assert_ptr_nonnull(strstr(d.error_description, "\"de\""));
	d = decide("ui_locales=+en");
	ck_assert_str_eq(d.locale, "en");
	d = decide("");
	ck_assert_ptr_null(d.locale);
}
END_TEST

START_TEST(r8_8_without_enabled_locales_tag_carried_when_well_formed)
{
	auth0logout_decision d = decide("ui_locales=pt-BR+en");
	ck_assert_str_eq(d.locale, "pt-BR");
	d = decide("ui_locales=%3Cscript%3E");
	assert_logged_out(d);
	ck_assert_ptr_null(d.locale);
}
END_TEST

/* ---- API ---------------------------------------------------------------- */

START_TEST(r6_bad_arguments_fail_closed)
{
	auth0logout_decision d;
	ck_assert_int_eq(auth0logout_decide_oidc_query(
	                     &store, &env, S_("client_id=app"), 0, buf,
	                     AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d),
	                 AUTH0LOGOUT_E_BUFFER_TOO_SMALL);
	ck_assert_int_eq(d.http_status, 500);
	ck_assert_int_eq(auth0logout_decide_oidc_query(
	                     &store, &env, S_("client_id=app"), 2, buf,
	                     AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	auth0logout_oidc_request r;
	memset(&r, 0, sizeof r);
	r.state_len = 3;
	ck_assert_int_eq(auth0logout_decide_oidc(&store, &env, &r, buf,
	                                         AUTH0LOGOUT_OIDC_BUFFER_SIZE,
	                                         &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_ERROR);
}
END_TEST

START_TEST(r8_hand_built_request_checked_like_a_parsed_one)
{
	auth0logout_oidc_request r;
	memset(&r, 0, sizeof r);
	r.client_id = "app";
	r.client_id_len = 3;
	r.state = "a\nb";
	r.state_len = 3;
	auth0logout_decision d;
	auth0logout_decide_oidc(&store, &env, &r, buf,
	                        AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d);
	assert_error(d, AUTH0LOGOUT_E_OIDC_PARAM_CONTROL, 400);
	r.state = "ok";
	r.state_len = 2;
	r.post_logout_redirect_uri = "https://app.example.com/cb";
	r.post_logout_redirect_uri_len = strlen(r.post_logout_redirect_uri);
	auth0logout_decide_oidc(&store, &env, &r, buf,
	                        AUTH0LOGOUT_OIDC_BUFFER_SIZE, &d);
	assert_redirect(d, "https://app.example.com/cb?state=ok");
}
END_TEST

START_TEST(r8_1_parse_reports_values)
{
	char scratch[AUTH0LOGOUT_OIDC_REQUEST_SCRATCH_SIZE];
	auth0logout_oidc_request r;
	auth0logout_diag dg;
	ck_assert_int_eq(
	    auth0logout_oidc_request_parse(
	        S_("id_token_hint=t&logout_hint=l&client_id=c&post_logout_"
	           "redirect_uri=u&state=s%20x&ui_locales=en&federated=true&"
	           "x=y"),
	        AUTH0LOGOUT_OIDC_FORM, scratch, sizeof scratch, &r, &dg),
	    AUTH0LOGOUT_OK);
	ck_assert_uint_eq(r.id_token_hint_len, 1);
	ck_assert_uint_eq(r.state_len, 3);
	ck_assert(memcmp(r.state, "s x", 3) == 0);
	ck_assert_uint_eq(r.ui_locales_len, 2);
	ck_assert_int_eq(r.federated, 1);
	ck_assert_int_eq(
	    auth0logout_oidc_request_parse(S_("state=a&state=b"), 0, scratch,
	                                   sizeof scratch, &r, &dg),
	    AUTH0LOGOUT_E_QUERY_DUPLICATE);
	ck_assert_ptr_nonnull(strstr(dg.text, "\"state\""));
}
END_TEST

START_TEST(r8_sizes_for_bindings)
{
	ck_assert_uint_eq(auth0logout_oidc_buffer_size(),
	                  AUTH0LOGOUT_OIDC_BUFFER_SIZE);
	ck_assert_uint_eq(auth0logout_oidc_request_size(),
	                  sizeof(auth0logout_oidc_request));
	ck_assert_uint_eq(auth0logout_oidc_env_size(),
	                  sizeof(auth0logout_oidc_env));
	ck_assert_uint_eq(auth0logout_claims_size(),
	                  sizeof(auth0logout_claims));
	ck_assert_uint_eq(auth0logout_verifier_size(),
	                  sizeof(auth0logout_verifier));
	ck_assert_uint_eq(auth0logout_decision_size(),
	                  sizeof(auth0logout_decision));
	ck_assert_str_eq(auth0logout_status_rule(AUTH0LOGOUT_E_OIDC_LOCALE),
	                 "R8.8");
	ck_assert_str_eq(auth0logout_status_name(AUTH0LOGOUT_E_VERIFIER_FAILED),
	                 "verifier_failed");
}
END_TEST

/* R6.3: decisions from many threads at once on one store. */
static void *worker(void *arg)
{
	(void)arg;
	char *b = malloc(AUTH0LOGOUT_OIDC_BUFFER_SIZE);
	int bad = 0;
	for (int i = 0; i < 2000; i++) {
		auth0logout_decision d;
		const char q[] =
		    "client_id=app&post_logout_redirect_uri=https://"
		    "app.example.com/cb%3Fx%3D2&state=t";
		auth0logout_decide_oidc_query(&store, NULL, q, sizeof q - 1, 0,
		                              b, AUTH0LOGOUT_OIDC_BUFFER_SIZE,
		                              &d);
		bad += d.outcome != AUTH0LOGOUT_OUTCOME_REDIRECT ||
		       strcmp(d.location,
		              "https://app.example.com/cb?x=2&state=t") != 0;
	}
	free(b);
	return (void *)(intptr_t)bad;
}

START_TEST(r6_3_concurrent_decisions)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, worker, NULL), 0);
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		ck_assert_int_eq((int)(intptr_t)r, 0);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("oidc");
	TCase *tc = tcase_create("r8");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, r8_5_row1_no_client_no_uri_logged_out);
	tcase_add_test(tc, r8_5_row2_tenant_match_redirects_with_state);
	tcase_add_test(tc, r8_5_row3_tenant_no_match_not_allowed);
	tcase_add_test(tc, r8_5_row4_client_no_uri_first_entry_without_state);
	tcase_add_test(tc, r8_5_row4_wildcard_first_entry_logged_out);
	tcase_add_test(tc, r8_5_row5_client_empty_list_logged_out);
	tcase_add_test(tc, r8_5_row6_client_match_redirects_with_state);
	tcase_add_test(tc, r8_5_row7_client_no_match_even_on_tenant_list);
	tcase_add_test(tc, r8_5_row8_broken_rule_invalid_request);
	tcase_add_loop_test(tc, r8_1_every_parameter_twice_refused, 0,
	                    (int)(sizeof dup_names / sizeof dup_names[0]));
	tcase_add_test(tc, r8_1_encoded_name_counts_as_the_name);
	tcase_add_test(tc, r8_1_names_are_case_sensitive);
	tcase_add_test(tc, r8_1_empty_value_counts_as_absent);
	tcase_add_test(tc, r8_1_bad_escape_refused);
	tcase_add_test(tc, r8_1_get_federated_is_a_flag);
	tcase_add_test(tc, r8_1_post_federated_true_or_false);
	tcase_add_test(tc, r8_1_post_body_is_read_whole);
	tcase_add_loop_test(tc, r8_1_limits_at_and_over, 0,
	                    (int)(sizeof limit_rows / sizeof limit_rows[0]));
	tcase_add_loop_test(
	    tc, r8_1_control_bytes_refused, 0,
	    (int)(sizeof control_names / sizeof control_names[0]));
	tcase_add_test(tc, r8_1_whole_input_over_16k_refused);
	tcase_add_test(tc, r8_2_token_names_the_client_by_aud);
	tcase_add_test(tc, r8_2_azp_wins_over_aud);
	tcase_add_test(tc, r8_2_several_audiences_without_azp_invalid);
	tcase_add_test(tc, r8_2_client_id_must_equal_token_client);
	tcase_add_test(tc, r8_2_invalid_token_refused);
	tcase_add_test(tc, r8_2_no_verifier_means_invalid);
	tcase_add_test(tc, r8_10_verifier_failure_is_500_fail_closed);
	tcase_add_test(tc, r8_2_logout_hint_must_equal_sid);
	tcase_add_test(tc, r8_2_unknown_client_never_falls_back);
	tcase_add_loop_test(tc, r8_4_query_compared_exactly, 0,
	                    (int)(sizeof match_rows / sizeof match_rows[0]));
	tcase_add_test(tc, r8_4_fragment_refused);
	tcase_add_test(tc, r8_4_r4_screening_applies);
	tcase_add_test(tc, r8_9_hint_names_the_query_mismatch);
	tcase_add_loop_test(tc, r8_6_state_appended_encoded, 0,
	                    (int)(sizeof state_rows / sizeof state_rows[0]));
	tcase_add_test(tc, r8_6_longest_state_fits);
	tcase_add_loop_test(
	    tc, r8_7_consent_table, 0,
	    (int)(sizeof consent_rows / sizeof consent_rows[0]));
	tcase_add_test(tc, r8_7_logged_out_asks_too_errors_never);
	tcase_add_test(tc, r8_8_first_tag_must_be_enabled);
	tcase_add_test(
	    tc, r8_8_without_enabled_locales_tag_carried_when_well_formed);
	tcase_add_test(tc, r6_bad_arguments_fail_closed);
	tcase_add_test(tc, r8_hand_built_request_checked_like_a_parsed_one);
	tcase_add_test(tc, r8_1_parse_reports_values);
	tcase_add_test(tc, r8_sizes_for_bindings);
	tcase_add_test(tc, r6_3_concurrent_decisions);
	suite_add_tcase(s, tc);
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
