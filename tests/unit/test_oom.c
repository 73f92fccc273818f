/* SPDX-License-Identifier: MIT */
/*
 * Out of memory while reading a config: whichever allocation fails, the
 * diag blames the right client (config.h: client is the index of the
 * client at fault and where names it, or client is (size_t)-1 and where
 * names no client).
 *
 * This binary interposes malloc and friends to fail the Nth allocation,
 * over glibc's __libc_* entry points (the libraries are linked
 * statically, so their allocations, jansson's and libc's own come here).
 * The sanitizers own malloc: under them, and wherever the interposition
 * does not take (a probe allocation is refused first), the checks are
 * skipped.
 */
#include <auth0logout/config.h>

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define A0L_NO_INTERPOSE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define A0L_NO_INTERPOSE 1
#endif
#endif

#ifndef A0L_NO_INTERPOSE
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

/* 0: no failure; else the allocation number (from 1) that fails. */
static volatile long fail_at;
static volatile long seen;
static volatile int failed;

static int fail_now(void)
{
	if (fail_at == 0)
		return 0;
	if (++seen != fail_at)
		return 0;
	failed = 1;
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);
int posix_memalign(void **p, size_t a, size_t n);
void *aligned_alloc(size_t a, size_t n);

void *malloc(size_t n)
{
	return fail_now() ? NULL : __libc_malloc(n);
}
void *calloc(size_t n, size_t m)
{
	return fail_now() ? NULL : __libc_calloc(n, m);
}
void *realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __libc_realloc(p, n);
}
void free(void *p)
{
	__libc_free(p);
}
int posix_memalign(void **p, size_t a, size_t n)
{
	if (fail_now())
		return ENOMEM;
	*p = __libc_memalign(a, n);
	return *p ? 0 : ENOMEM;
}
void *aligned_alloc(size_t a, size_t n)
{
	return fail_now() ? NULL : __libc_memalign(a, n);
}

/* 1 when a failure can be injected here. */
static int interposed(void)
{
	void *(*volatile alloc)(size_t) = malloc;
	void *p;

	seen = 0;
	fail_at = 1;
	p = alloc(16);
	fail_at = 0;
	if (p == NULL)
		return 1;
	free(p);
	return 0;
}
#else
static volatile long fail_at, seen;
static volatile int failed;

static int interposed(void)
{
	return 0;
}
#endif

#define N_CLIENTS 10 /* more than the first room for clients (8) */

static char dir[64];

static void put(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void make_export(void)
{
	char path[256], rel[64], text[256];

	snprintf(dir, sizeof(dir), "/tmp/a0l-test-oom-XXXXXX");
	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/clients", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	for (int i = 0; i < N_CLIENTS; i++) {
		snprintf(rel, sizeof(rel), "clients/c%02d.json", i);
		snprintf(text, sizeof(text),
		         "{\"client_id\": \"id%d\", \"name\": \"C%d\", "
		         "\"allowed_logout_urls\": [\"https://c%d.example\"]}",
		         i, i, i);
		put(rel, text);
	}
}

static void remove_export(void)
{
	char path[256];

	for (int i = 0; i < N_CLIENTS; i++) {
		snprintf(path, sizeof(path), "%s/clients/c%02d.json", dir, i);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/clients", dir);
	rmdir(path);
	rmdir(dir);
}

/* The JSON form of the same clients. */
static char *json_form(size_t *len)
{
	static char doc[4096];
	size_t o = 0;

	o += (size_t)snprintf(doc + o, sizeof(doc) - o, "{\"clients\": [");
	for (int i = 0; i < N_CLIENTS; i++)
		o += (size_t)snprintf(
		    doc + o, sizeof(doc) - o,
		    "%s{\"client_id\": \"id%d\", \"allowed_logout_urls\": "
		    "[\"https://c%d.example\"]}",
		    i > 0 ? ", " : "", i, i);
	o += (size_t)snprintf(doc + o, sizeof(doc) - o, "]}");
	*len = o;
	return doc;
}

/* d names client d->client consistently: "clients/cNN.json" in a
 * directory, "clients[N]..." in the JSON form; no client, no where (or
 * the tenant's). */
static void diag_is_consistent(const auth0logout_config_diag *d, int in_dir,
                               long at)
{
	char want[64];

	if (d->client == (size_t)-1) {
		ck_assert_msg(strncmp(d->where, "clients", 7) != 0,
		              "allocation %ld: no client, where %s (%s)", at,
		              d->where, d->text);
		return;
	}
	ck_assert_msg(d->client < N_CLIENTS, "allocation %ld: client %zu (%s)",
	              at, d->client, d->text);
	if (in_dir)
		snprintf(want, sizeof(want), "clients/c%02zu.json", d->client);
	else
		snprintf(want, sizeof(want), "clients[%zu]", d->client);
	ck_assert_msg(strncmp(d->where, want, strlen(want)) == 0,
	              "allocation %ld: client %zu, where \"%s\" (%s)", at,
	              d->client, d->where, d->text);
}

/* Fails each allocation of one read in turn, until a read succeeds. */
static void every_allocation_fails_once(int in_dir)
{
	size_t len = 0;
	const char *doc = in_dir ? NULL : json_form(&len);
	long at, failures = 0;

	if (!interposed())
		return;
	for (at = 1;; at++) {
		auth0logout_config_diag d;
		auth0logout_config *cfg = NULL;
		auth0logout_status st;

		seen = 0;
		failed = 0;
		fail_at = at;
		if (in_dir)
			st = auth0logout_config_read_file(dir, strlen(dir),
			                                  NULL, &cfg, &d);
		else
			st = auth0logout_config_read_buffer(
			    "x.json", 6, doc, len, AUTH0LOGOUT_CONFIG_JSON,
			    NULL, &cfg, &d);
		fail_at = 0;
		if (!failed) {
			ck_assert_msg(st == AUTH0LOGOUT_OK, "%s", d.text);
			ck_assert_uint_eq(auth0logout_config_client_count(cfg),
			                  N_CLIENTS);
			auth0logout_config_free(cfg);
			break;
		}
		if (st == AUTH0LOGOUT_OK) {
			/* A failure the reader recovered from (libc's). */
			auth0logout_config_free(cfg);
			continue;
		}
		failures++;
		ck_assert_ptr_null(cfg);
		ck_assert_int_eq(d.status, (int)st);
		diag_is_consistent(&d, in_dir, at);
	}
	ck_assert_int_gt(failures, N_CLIENTS);
}

START_TEST(r7_5_dir_out_of_memory_names_the_client)
{
	make_export();
	every_allocation_fails_once(1);
	remove_export();
}
END_TEST

START_TEST(r7_4_json_out_of_memory_names_the_client)
{
	every_allocation_fails_once(0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("oom");
	TCase *tc = tcase_create("config");
	SRunner *sr;
	int failed_tests;

	tcase_add_test(tc, r7_5_dir_out_of_memory_names_the_client);
	tcase_add_test(tc, r7_4_json_out_of_memory_names_the_client);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed_tests = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed_tests ? EXIT_FAILURE : EXIT_SUCCESS;
}
