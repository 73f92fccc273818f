/* SPDX-License-Identifier: MIT */
/* The swap store (R10.1, R10.2): snapshots, readers, per-client changes. */
#include <auth0logout.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static auth0logout_allowlist *csv(const char *s)
{
	return tu_compile_csv_ok(s);
}

struct fx {
	auth0logout_swapstore *ss;
	auth0logout_swapstore_reader *r;
	auth0logout_store st;
	char *buf;
	auth0logout_decision d;
};

static void fx_init(struct fx *f)
{
	f->ss = auth0logout_swapstore_new();
	ck_assert_ptr_nonnull(f->ss);
	f->r = auth0logout_swapstore_reader_new(f->ss);
	ck_assert_ptr_nonnull(f->r);
	auth0logout_swapstore_reader_store(f->r, &f->st);
	f->buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	ck_assert_ptr_nonnull(f->buf);
}

static void fx_free(struct fx *f)
{
	auth0logout_swapstore_reader_free(f->r);
	auth0logout_swapstore_free(f->ss);
	free(f->buf);
}

static int decide(struct fx *f, const char *query)
{
	return auth0logout_decide_query(&f->st, query, strlen(query), f->buf,
	                                AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &f->d);
}

#define Q_APP "client_id=app&returnTo=https%3A%2F%2Fapp.example.com%2Fbye"

START_TEST(r10_4_fails_closed_before_first_publish)
{
	struct fx f;
	fx_init(&f);
	ck_assert_int_eq(auth0logout_swapstore_version(f.ss), 0);
	ck_assert_int_eq(decide(&f, Q_APP), AUTH0LOGOUT_E_STORE_FAILED);
	ck_assert_int_eq(f.d.http_status, 500);
	ck_assert_int_eq(decide(&f, "returnTo=https%3A%2F%2Fa.example.com"),
	                 AUTH0LOGOUT_E_STORE_FAILED);
	/* Staged but not published: still closed. */
	ck_assert_int_eq(
	    auth0logout_swapstore_put_client(
	        f.ss, S("app"), csv("https://app.example.com/bye")),
	    AUTH0LOGOUT_OK);
	ck_assert_int_eq(decide(&f, Q_APP), AUTH0LOGOUT_E_STORE_FAILED);
	ck_assert_int_eq(auth0logout_swapstore_publish(f.ss), AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_swapstore_version(f.ss), 1);
	ck_assert_int_eq(decide(&f, Q_APP), AUTH0LOGOUT_OK);
	ck_assert_int_eq(f.d.http_status, 302);
	ck_assert_str_eq(f.d.location, "https://app.example.com/bye");
	fx_free(&f);
}
END_TEST

START_TEST(r10_2_put_replace_remove_client)
{
	struct fx f;
	fx_init(&f);
	auth0logout_swapstore_put_client(f.ss, S("app"),
	                                 csv("https://other.example.com"));
	auth0logout_swapstore_publish(f.ss);
	ck_assert_int_eq(decide(&f, Q_APP), AUTH0LOGOUT_E_NOT_ALLOWED);
	/* Replaced: the new list decides after publish, not before. */
	ck_assert_int_eq(
	    auth0logout_swapstore_put_client(
	        f.ss, S("app"), csv("https://app.example.com/bye")),
	    AUTH0LOGOUT_OK);
	ck_assert_int_eq(decide(&f, Q_APP), AUTH0LOGOUT_E_NOT_ALLOWED);
	auth0logout_swapstore_publish(f.ss);
	ck_assert_int_eq(decide(&f, Q_APP), AUTH0LOGOUT_OK);
	ck_assert_uint_eq(auth0logout_swapstore_client_count(f.ss), 1);
	/* Removed: an unknown client (400), as for a store without it. */
	ck_assert_int_eq(auth0logout_swapstore_remove_client(f.ss, S("app")),
	                 AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_swapstore_remove_client(f.ss, S("app")),
	                 AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	auth0logout_swapstore_publish(f.ss);
	ck_assert_int_eq(decide(&f, Q_APP), AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	ck_assert_int_eq(f.d.http_status, 400);
	ck_assert_uint_eq(auth0logout_swapstore_client_count(f.ss), 0);
	fx_free(&f);
}
END_TEST

START_TEST(r10_5_failed_client_is_a_500_not_unknown)
{
	struct fx f;
	fx_init(&f);
	ck_assert_int_eq(auth0logout_swapstore_fail_client(f.ss, S("app")),
	                 AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_swapstore_client_state(f.ss, S("app")),
	                 AUTH0LOGOUT_SWAPSTORE_FAILED);
	ck_assert_int_eq(auth0logout_swapstore_client_state(f.ss, S("nope")),
	                 AUTH0LOGOUT_SWAPSTORE_ABSENT);
	auth0logout_swapstore_publish(f.ss);
	ck_assert_int_eq(decide(&f, Q_APP), AUTH0LOGOUT_E_STORE_FAILED);
	ck_assert_int_eq(f.d.http_status, 500);
	auth0logout_swapstore_put_client(f.ss, S("app"),
	                                 csv("https://app.example.com/bye"));
	ck_assert_int_eq(auth0logout_swapstore_client_state(f.ss, S("app")),
	                 AUTH0LOGOUT_SWAPSTORE_GOOD);
	auth0logout_swapstore_publish(f.ss);
	ck_assert_int_eq(decide(&f, Q_APP), AUTH0LOGOUT_OK);
	/* A failed tenant: the tenant's decisions are 500s. */
	auth0logout_swapstore_fail_tenant(f.ss);
	auth0logout_swapstore_publish(f.ss);
	ck_assert_int_eq(decide(&f, "returnTo=https%3A%2F%2Fa.example.com"),
	                 AUTH0LOGOUT_E_STORE_FAILED);
	auth0logout_swapstore_set_tenant(f.ss, csv("https://a.example.com"));
	auth0logout_swapstore_publish(f.ss);
	ck_assert_int_eq(decide(&f, "returnTo=https%3A%2F%2Fa.example.com"),
	                 AUTH0LOGOUT_OK);
	fx_free(&f);
}
END_TEST

START_TEST(r10_1_empty_lists_are_handed_out_and_released)
{
	struct fx f;
	fx_init(&f);
	auth0logout_swapstore_put_client(f.ss, S("app"), NULL);
	auth0logout_swapstore_publish(f.ss);
	const auth0logout_allowlist *l = NULL;
	ck_assert_int_eq(f.st.tenant_list(f.st.ctx, &l), AUTH0LOGOUT_OK);
	ck_assert_ptr_nonnull(l); /* never NULL: every hold gets a release */
	ck_assert_uint_eq(auth0logout_allowlist_count(l), 0);
	f.st.release(f.st.ctx, l);
	ck_assert_int_eq(decide(&f, "client_id=app"), AUTH0LOGOUT_OK);
	ck_assert_int_eq(f.d.outcome, AUTH0LOGOUT_OUTCOME_LOGGED_OUT);
	ck_assert_int_eq(decide(&f, Q_APP), AUTH0LOGOUT_E_NOT_ALLOWED);
	/* The hint, which reads the tenant's list too, works on it. */
	ck_assert_ptr_nonnull(f.d.hint);
	fx_free(&f);
}
END_TEST

/* A reader that holds a list keeps its snapshot for every lookup until it
 * releases it, while the writer publishes; the next decision sees the new
 * snapshot. */
START_TEST(r10_1_one_snapshot_per_decision)
{
	struct fx f;
	fx_init(&f);
	auth0logout_swapstore_put_client(f.ss, S("app"), csv("https://v1.a"));
	auth0logout_swapstore_set_tenant(f.ss, csv("https://v1.t"));
	auth0logout_swapstore_publish(f.ss);

	const auth0logout_allowlist *c = NULL, *t = NULL;
	ck_assert_int_eq(f.st.client_list(f.st.ctx, S("app"), &c),
	                 AUTH0LOGOUT_OK);
	auth0logout_swapstore_put_client(f.ss, S("app"), csv("https://v2.a"));
	auth0logout_swapstore_set_tenant(f.ss, csv("https://v2.t"));
	auth0logout_swapstore_publish(f.ss);
	/* The old snapshot is held: it cannot be freed yet. */
	ck_assert_uint_eq(auth0logout_swapstore_collect(f.ss), 1);
	ck_assert_int_eq(f.st.tenant_list(f.st.ctx, &t), AUTH0LOGOUT_OK);
	ck_assert_str_eq(auth0logout_allowlist_entry(c, 0, NULL),
	                 "https://v1.a");
	ck_assert_str_eq(auth0logout_allowlist_entry(t, 0, NULL),
	                 "https://v1.t");
	/* A lookup that finds nothing inside the decision keeps the hold. */
	const auth0logout_allowlist *u = NULL;
	ck_assert_int_eq(f.st.client_list(f.st.ctx, S("nope"), &u),
	                 AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	f.st.release(f.st.ctx, t);
	ck_assert_uint_eq(auth0logout_swapstore_collect(f.ss), 1);
	f.st.release(f.st.ctx, c);
	/* Released: the old snapshot goes at the next collect. */
	ck_assert_uint_eq(auth0logout_swapstore_collect(f.ss), 0);
	ck_assert_int_eq(f.st.client_list(f.st.ctx, S("app"), &c),
	                 AUTH0LOGOUT_OK);
	ck_assert_str_eq(auth0logout_allowlist_entry(c, 0, NULL),
	                 "https://v2.a");
	f.st.release(f.st.ctx, c);
	/* An unknown client at the start of a decision ends its hold. */
	ck_assert_int_eq(f.st.client_list(f.st.ctx, S("nope"), &u),
	                 AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	auth0logout_swapstore_put_client(f.ss, S("app"), csv("https://v3.a"));
	auth0logout_swapstore_publish(f.ss);
	ck_assert_uint_eq(auth0logout_swapstore_collect(f.ss), 0);
	fx_free(&f);
}
END_TEST

START_TEST(r10_1_readers_are_reused)
{
	auth0logout_swapstore *ss = auth0logout_swapstore_new();
	auth0logout_swapstore_reader *a = auth0logout_swapstore_reader_new(ss);
	auth0logout_swapstore_reader *b = auth0logout_swapstore_reader_new(ss);
	ck_assert_ptr_ne(a, b);
	auth0logout_swapstore_reader_free(a);
	auth0logout_swapstore_reader *c = auth0logout_swapstore_reader_new(ss);
	ck_assert_ptr_eq(a, c);
	auth0logout_swapstore_reader_free(b);
	auth0logout_swapstore_reader_free(c);
	auth0logout_swapstore_free(ss);
}
END_TEST

START_TEST(r10_2_client_ids_checked_and_long_ids_kept)
{
	struct fx f;
	fx_init(&f);
	ck_assert_int_eq(auth0logout_swapstore_put_client(f.ss, "", 0, NULL),
	                 AUTH0LOGOUT_E_CLIENT_ID_EMPTY);
	ck_assert_int_eq(
	    auth0logout_swapstore_put_client(f.ss, S("a\x01"), NULL),
	    AUTH0LOGOUT_E_CLIENT_ID_CONTROL);
	char id[257];
	memset(id, 'x', sizeof id);
	ck_assert_int_eq(
	    auth0logout_swapstore_put_client(f.ss, id, 257, csv("https://a.b")),
	    AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG);
	/* 49..256 bytes live outside the slot. */
	for (size_t n = 40; n <= 256; n += 8) {
		id[0] = (char)('A' + n % 26);
		ck_assert_int_eq(auth0logout_swapstore_put_client(
		                     f.ss, id, n, csv("https://long.example")),
		                 AUTH0LOGOUT_OK);
	}
	auth0logout_swapstore_publish(f.ss);
	for (size_t n = 40; n <= 256; n += 8) {
		id[0] = (char)('A' + n % 26);
		ck_assert_int_eq(
		    auth0logout_swapstore_client_state(f.ss, id, n),
		    AUTH0LOGOUT_SWAPSTORE_GOOD);
		ck_assert_int_eq(
		    auth0logout_swapstore_remove_client(f.ss, id, n),
		    AUTH0LOGOUT_OK);
	}
	auth0logout_swapstore_publish(f.ss);
	ck_assert_uint_eq(auth0logout_swapstore_client_count(f.ss), 0);
	fx_free(&f);
}
END_TEST

/* Random puts, replacements and removals over 20,000 clients, published
 * in batches, against a plain array: every client is found exactly when
 * the model has it, with its list. */
START_TEST(r10_2_random_changes_match_a_model)
{
	enum { N = 20000, OPS = 120000 };
	struct fx f;
	fx_init(&f);
	static const auth0logout_allowlist *model[N];
	static auth0logout_allowlist *lists[N];
	memset(model, 0, sizeof model);
	unsigned long long x = 88172645463325252ull;
	char id[64];
	for (int op = 0; op < OPS; op++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int i = (int)(x % N);
		int n =
		    snprintf(id, sizeof id, "client-%d%s", i,
		             i % 7 ? "" : "-with-a-long-suffix-past-48-bytes");
		if ((x >> 20) % 4 == 0 && model[i]) {
			ck_assert_int_eq(auth0logout_swapstore_remove_client(
			                     f.ss, id, (size_t)n),
			                 AUTH0LOGOUT_OK);
			model[i] = NULL;
		} else {
			auth0logout_allowlist *l = csv("https://x.example");
			ck_assert_int_eq(auth0logout_swapstore_put_client(
			                     f.ss, id, (size_t)n, l),
			                 AUTH0LOGOUT_OK);
			model[i] = l;
		}
		if (op % 997 == 0 || op == OPS - 1) {
			ck_assert_int_eq(auth0logout_swapstore_publish(f.ss),
			                 AUTH0LOGOUT_OK);
			/* Every 7th publish: check all clients. */
			if (op % (997 * 7) && op != OPS - 1)
				continue;
			size_t have = 0;
			for (int k = 0; k < N; k++) {
				int m =
				    snprintf(id, sizeof id, "client-%d%s", k,
				             k % 7 ? ""
				                   : "-with-a-long-suffix-past-"
				                     "48-bytes");
				const auth0logout_allowlist *l = NULL;
				int rc = f.st.client_list(f.st.ctx, id,
				                          (size_t)m, &l);
				if (model[k]) {
					have++;
					ck_assert_int_eq(rc, AUTH0LOGOUT_OK);
					ck_assert_ptr_eq(l, model[k]);
					f.st.release(f.st.ctx, l);
				} else {
					ck_assert_int_eq(
					    rc, AUTH0LOGOUT_E_UNKNOWN_CLIENT);
				}
			}
			ck_assert_uint_eq(
			    auth0logout_swapstore_client_count(f.ss), have);
		}
	}
	(void)lists;
	/* Clear, publish: every client gone, the tenant's list empty. */
	ck_assert_int_eq(auth0logout_swapstore_clear(f.ss), AUTH0LOGOUT_OK);
	auth0logout_swapstore_publish(f.ss);
	ck_assert_uint_eq(auth0logout_swapstore_client_count(f.ss), 0);
	ck_assert_int_eq(decide(&f, Q_APP), AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	fx_free(&f);
}
END_TEST

/* The same decisions as the memstore for every query of the fixture
 * lists: the swap store is only another way to hold the lists. */
START_TEST(r10_1_decides_as_the_memstore)
{
	static const char *const queries[] = {
	    Q_APP,
	    "client_id=app",
	    "client_id=app&returnTo=https%3A%2F%2Fevil.example",
	    "client_id=app&returnTo=https%3A%2F%2Ft.example.com%2F",
	    "returnTo=https%3A%2F%2Ft.example.com%2F",
	    "returnTo=https%3A%2F%2Fx.sub.example.org%2F",
	    "client_id=none&returnTo=https%3A%2F%2Fapp.example.com%2Fbye",
	    "",
	    "federated&client_id=app",
	};
	static const char tenant[] =
	    "https://t.example.com,https://*.example.org";
	static const char app[] =
	    "https://app.example.com/bye,https://*.app.example.com";
	struct fx f;
	fx_init(&f);
	auth0logout_swapstore_set_tenant(f.ss, csv(tenant));
	auth0logout_swapstore_put_client(f.ss, S("app"), csv(app));
	auth0logout_swapstore_publish(f.ss);
	auth0logout_memstore *ms = auth0logout_memstore_new();
	auth0logout_memstore_set_tenant(ms, csv(tenant));
	auth0logout_memstore_add_client(ms, S("app"), csv(app));
	auth0logout_store mst;
	auth0logout_memstore_get(ms, &mst);
	char *buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		auth0logout_decision d;
		int a = decide(&f, queries[i]);
		int b = auth0logout_decide_query(
		    &mst, queries[i], strlen(queries[i]), buf,
		    AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
		ck_assert_msg(a == b, "%s: %d vs %d", queries[i], a, b);
		ck_assert_int_eq(f.d.http_status, d.http_status);
		ck_assert_int_eq(f.d.outcome, d.outcome);
		ck_assert_str_eq(tu_shows(f.d.location), tu_shows(d.location));
		ck_assert_str_eq(tu_shows(f.d.hint), tu_shows(d.hint));
		ck_assert_str_eq(tu_shows(f.d.error_description),
		                 tu_shows(d.error_description));
	}
	free(buf);
	auth0logout_memstore_free(ms);
	fx_free(&f);
}
END_TEST

START_TEST(r10_null_arguments)
{
	ck_assert_int_eq(auth0logout_swapstore_publish(NULL),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_swapstore_put_client(NULL, S("a"), NULL),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_swapstore_set_tenant(NULL, NULL),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_swapstore_version(NULL), 0);
	ck_assert_ptr_null(auth0logout_swapstore_reader_new(NULL));
	auth0logout_swapstore_free(NULL);
	auth0logout_swapstore_reader_free(NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("swapstore");
	TCase *tc = tcase_create("r10");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, r10_4_fails_closed_before_first_publish);
	tcase_add_test(tc, r10_2_put_replace_remove_client);
	tcase_add_test(tc, r10_5_failed_client_is_a_500_not_unknown);
	tcase_add_test(tc, r10_1_empty_lists_are_handed_out_and_released);
	tcase_add_test(tc, r10_1_one_snapshot_per_decision);
	tcase_add_test(tc, r10_1_readers_are_reused);
	tcase_add_test(tc, r10_2_client_ids_checked_and_long_ids_kept);
	tcase_add_test(tc, r10_2_random_changes_match_a_model);
	tcase_add_test(tc, r10_1_decides_as_the_memstore);
	tcase_add_test(tc, r10_null_arguments);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
