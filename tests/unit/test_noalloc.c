/* SPDX-License-Identifier: MIT */
/*
 * R6.3: deciding allocates nothing on the heap.
 *
 * This binary interposes malloc and friends with counting wrappers over
 * glibc's __libc_* entry points; the library is linked statically, so every
 * allocation it (or uriparser, or libidn2) makes goes through them.  Under
 * the sanitizers, which own malloc, it is built with
 * AUTH0LOGOUT_NO_INTERPOSE and the counting checks are left out.
 */
#include <auth0logout.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef AUTH0LOGOUT_NO_INTERPOSE
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static volatile int counting;
static volatile long allocs, frees, moves;

void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);
int posix_memalign(void **p, size_t a, size_t n);
void *aligned_alloc(size_t a, size_t n);

void *malloc(size_t n)
{
	if (counting)
		allocs++;
	return __libc_malloc(n);
}
void *calloc(size_t n, size_t m)
{
	if (counting)
		allocs++;
	return __libc_calloc(n, m);
}
void *realloc(void *p, size_t n)
{
	if (counting) {
		if (!p)
			allocs++;
		else
			moves++; /* a block grows: not a new one */
	}
	return __libc_realloc(p, n);
}
void free(void *p)
{
	if (counting && p)
		frees++;
	__libc_free(p);
}
int posix_memalign(void **p, size_t a, size_t n)
{
	if (counting)
		allocs++;
	*p = __libc_memalign(a, n);
	return *p ? 0 : 12;
}
void *aligned_alloc(size_t a, size_t n)
{
	if (counting)
		allocs++;
	return __libc_memalign(a, n);
}
#endif

static char *buf;
static auth0logout_memstore *ms;
static auth0logout_store store;

static void setup(void)
{
	buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	ms = auth0logout_memstore_new();
	const char *tenant = "https://www.example.com, https://*.example.org, "
	                     "http://127.0.0.1:8080/x, https://[::1]:8443/";
	const char *app = "https://app.example.com/bye, "
	                  "https://pr-*-preview.example.net/x, "
	                  "com.example.app://callback";
	auth0logout_allowlist *t = NULL, *a = NULL;
	ck_assert_int_eq(
	    auth0logout_allowlist_compile_csv(tenant, strlen(tenant), &t, NULL),
	    AUTH0LOGOUT_OK);
	ck_assert_int_eq(
	    auth0logout_allowlist_compile_csv(app, strlen(app), &a, NULL),
	    AUTH0LOGOUT_OK);
	auth0logout_memstore_set_tenant(ms, t);
	auth0logout_memstore_add_client(ms, "app", 3, a);
	auth0logout_memstore_add_client(ms, "none", 4, NULL);
	auth0logout_memstore_get(ms, &store);
}

static void teardown(void)
{
	auth0logout_memstore_free(ms);
	free(buf);
}

/* Every kind of decision and refusal, no xn-- host among them. */
static const char *const queries[] = {
    "",
    "federated",
    "returnTo=https://www.example.com",
    "returnTo=https://a.example.org?x=1#y",
    "returnTo=http://127.0.0.1:8080/x",
    "returnTo=https://[::1]:8443/",
    "returnTo=https://evil.com",
    "client_id=app",
    "client_id=none",
    "client_id=app&returnTo=https://pr-7-preview.example.net/x",
    "client_id=app&returnTo=com.example.app://callback",
    "client_id=app&returnTo=https://www.example.com",
    "client_id=nope&returnTo=https://www.example.com",
    "returnTo=https://u:p@www.example.com",
    "returnTo=javascript:alert(1)",
    "returnTo=//evil.com",
    "returnTo=https://www.example.com%5C@evil.com",
    "returnTo=https://www.example.com%09",
    "returnTo=https://a..example.org",
    "returnTo=https://1.2.3",
    "returnTo=https://www.example.com:0",
    "returnTo=https://www.example.com/%zz",
    "returnTo=https://www.example.com/a%20b%C3%A9?%22%3C%3E#%7B%7D",
    "returnTo=%zz",
    "returnTo=a&returnTo=b",
    "client_id=%01",
    "/v2/logout?returnTo=https://www.example.com#x",
    "https://t.auth0.com/v2/logout?client_id=app",
    /* not_allowed, with each kind of hint */
    "client_id=app&returnTo=https://app.example.com/bye/",
    "returnTo=https://www.example.com:443",
    "returnTo=http://www.example.com",
    "client_id=app&returnTo=https://app.example.com/BYE",
    "returnTo=https://example.org",
    "returnTo=https://a.b.example.org",
    "client_id=app&returnTo=https://x.example.net/x",
    "client_id=none&returnTo=https://nowhere.example",
};

#ifndef AUTH0LOGOUT_NO_INTERPOSE
static long count_decide(const char *q, size_t n, auth0logout_decision *d)
{
	allocs = frees = moves = 0;
	counting = 1;
	auth0logout_decide_query(&store, q, n, buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, d);
	counting = 0;
	return allocs + moves + frees;
}

START_TEST(r6_3_counter_sees_allocations)
{
	/* The counter must be able to fail the tests below. */
	allocs = 0;
	counting = 1;
	void *volatile p = malloc(16);
	counting = 0;
	free(p);
	ck_assert_int_eq(allocs, 1);
}
END_TEST

START_TEST(r6_3_decide_allocates_nothing)
{
	auth0logout_decision d;
	long n = count_decide(queries[_i], strlen(queries[_i]), &d);
	ck_assert_msg(n == 0, "%s: %ld heap calls (%s)", queries[_i], n,
	              auth0logout_status_name(d.status));
}
END_TEST

START_TEST(r6_3_hostile_sizes_allocate_nothing)
{
	/* A returnTo of AUTH0LOGOUT_MAX_PATH_SEGMENTS path segments (the
	 * most parser memory a decision needs), and one more (refused); a
	 * 4096-byte returnTo of path segments; a 16 KiB query of escapes; a
	 * 4096-byte returnTo of bytes that get percent-encoded. */
	char *q = malloc(20000);
	auth0logout_decision d;
	int len = sprintf(q, "returnTo=https://www.example.com");
	for (int i = 0; i < AUTH0LOGOUT_MAX_PATH_SEGMENTS; i++)
		q[len++] = '/';
	ck_assert_int_eq(count_decide(q, (size_t)len, &d), 0);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_NOT_ALLOWED);
	q[len++] = '/';
	ck_assert_int_eq(count_decide(q, (size_t)len, &d), 0);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_URL_TOO_COMPLEX);

	len = sprintf(q, "returnTo=https://www.example.com");
	while (len < 9 + 4096)
		q[len++] = '/';
	q[len] = '\0';
	ck_assert_int_eq(count_decide(q, (size_t)len, &d), 0);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_URL_TOO_COMPLEX);

	len = sprintf(q, "x=");
	while (len + 3 <= AUTH0LOGOUT_MAX_QUERY)
		len += sprintf(q + len, "%%41");
	ck_assert_int_eq(count_decide(q, (size_t)len, &d), 0);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_OK);

	len = sprintf(q, "returnTo=https://www.example.com/");
	while (len < 9 + 4095)
		len += sprintf(q + len, "%%C3");
	q[len++] = 'x';
	q[len] = '\0';
	ck_assert_int_eq(count_decide(q, (size_t)len, &d), 0);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_NOT_ALLOWED);
	free(q);
}
END_TEST

START_TEST(r6_3_idn_check_frees_what_libidn2_allocates)
{
	/* The documented exception: libidn2 allocates while validating an
	 * xn-- label; all of it is freed before decide returns. */
	const char *q = "returnTo=https://xn--bcher-kva.example.org";
	auth0logout_decision d;
	count_decide(q, strlen(q), &d);
	ck_assert_int_eq(d.outcome, AUTH0LOGOUT_OUTCOME_REDIRECT);
	ck_assert_int_eq(allocs, frees);
}
END_TEST
#endif

/* R8: /oidc/logout decisions allocate nothing either (the verifier here
 * is the test's: a caller's verifier may allocate, the core does not). */
#ifndef AUTH0LOGOUT_NO_INTERPOSE
static const char *const oidc_queries[] = {
    "",
    "client_id=app",
    "client_id=none",
    "post_logout_redirect_uri=https://www.example.com&state=a%23b",
    "client_id=app&post_logout_redirect_uri=https://pr-7.example.net/x&state=x",
    "client_id=app&post_logout_redirect_uri=https://app.example.com/bye/",
    "client_id=app&post_logout_redirect_uri=https://app.example.com/bye%3Fa",
    "client_id=app&post_logout_redirect_uri=https://app.example.com/bye%23f",
    "client_id=nope",
    "id_token_hint=tok",
    "id_token_hint=tok&client_id=none",
    "id_token_hint=tok&logout_hint=other",
    "id_token_hint=bad",
    "ui_locales=fr+en",
    "state=a&state=b",
    "state=%00",
    "federated=maybe",
};

static int oidc_verify(void *ctx, const char *tok, size_t n, char *scratch,
                       size_t scratch_len, auth0logout_claims *c)
{
	(void)ctx;
	(void)scratch_len;
	if (n != 3 || memcmp(tok, "tok", 3) != 0)
		return AUTH0LOGOUT_E_OIDC_TOKEN_INVALID;
	memcpy(scratch, "appS1", 5);
	c->aud = scratch;
	c->aud_len = 3;
	c->aud_count = 1;
	c->sid = scratch + 3;
	c->sid_len = 2;
	return AUTH0LOGOUT_OK;
}

static const auth0logout_verifier oidc_verifier = {NULL, oidc_verify, NULL};

static void oidc_decide(const char *q, char *b, unsigned flags,
                        auth0logout_decision *d)
{
	auth0logout_oidc_env env;
	memset(&env, 0, sizeof env);
	env.verifier = &oidc_verifier;
	env.session_sid = "S1";
	env.session_sid_len = 2;
	auth0logout_decide_oidc_query(&store, &env, q, strlen(q), flags, b,
	                              AUTH0LOGOUT_OIDC_BUFFER_SIZE, d);
}

START_TEST(r8_oidc_decide_allocates_nothing)
{
	char *b = malloc(AUTH0LOGOUT_OIDC_BUFFER_SIZE);
	auth0logout_decision d;
	for (unsigned flags = 0; flags <= AUTH0LOGOUT_OIDC_FORM;
	     flags += AUTH0LOGOUT_OIDC_FORM) {
		allocs = frees = moves = 0;
		counting = 1;
		oidc_decide(oidc_queries[_i], b, flags, &d);
		counting = 0;
		ck_assert_msg(allocs + moves + frees == 0,
		              "%s: %ld heap calls (%s)", oidc_queries[_i],
		              allocs + moves + frees,
		              auth0logout_status_name(d.status));
	}
	free(b);
}
END_TEST
#endif

START_TEST(r6_3_decisions_are_repeatable)
{
	auth0logout_decision a, b;
	const char *q = queries[_i];
	auth0logout_decide_query(&store, q, strlen(q), buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &a);
	char loc[256] = "", desc[512] = "";
	if (a.location)
		snprintf(loc, sizeof loc, "%s", a.location);
	if (a.error_description)
		snprintf(desc, sizeof desc, "%s", a.error_description);
	int outcome = a.outcome, status = a.status;
	auth0logout_decide_query(&store, q, strlen(q), buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &b);
	ck_assert_int_eq(outcome, b.outcome);
	ck_assert_int_eq(status, b.status);
	ck_assert_str_eq(loc, b.location ? b.location : "");
	ck_assert_str_eq(desc, b.error_description ? b.error_description : "");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("noalloc");
	TCase *tc = tcase_create("r6_3");
	tcase_add_checked_fixture(tc, setup, teardown);
	size_t n = sizeof queries / sizeof queries[0];
#ifndef AUTH0LOGOUT_NO_INTERPOSE
	tcase_add_test(tc, r6_3_counter_sees_allocations);
	tcase_add_loop_test(tc, r6_3_decide_allocates_nothing, 0, (int)n);
	tcase_add_test(tc, r6_3_hostile_sizes_allocate_nothing);
	tcase_add_test(tc, r6_3_idn_check_frees_what_libidn2_allocates);
#endif
	tcase_add_loop_test(tc, r6_3_decisions_are_repeatable, 0, (int)n);
#ifndef AUTH0LOGOUT_NO_INTERPOSE
	tcase_add_loop_test(
	    tc, r8_oidc_decide_allocates_nothing, 0,
	    (int)(sizeof oidc_queries / sizeof oidc_queries[0]));
#endif
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
