/* SPDX-License-Identifier: MIT */
/* The built-in in-memory store, status names and messages, versions. */
#include <auth0logout.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static auth0logout_allowlist *csv(const char *s)
{
	auth0logout_allowlist *l = NULL;
	ck_assert_int_eq(
	    auth0logout_allowlist_compile_csv(s, strlen(s), &l, NULL),
	    AUTH0LOGOUT_OK);
	return l;
}

START_TEST(memstore_finds_clients_by_exact_id)
{
	auth0logout_memstore *ms = auth0logout_memstore_new();
	ck_assert_int_eq(auth0logout_memstore_add_client(
	                     ms, "abc", 3, csv("https://a.example.com")),
	                 AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_memstore_add_client(
	                     ms, "ABC", 3, csv("https://b.example.com")),
	                 AUTH0LOGOUT_OK);
	ck_assert_uint_eq(auth0logout_memstore_client_count(ms), 2);
	auth0logout_store st;
	ck_assert_int_eq(auth0logout_memstore_get(ms, &st), AUTH0LOGOUT_OK);
	const auth0logout_allowlist *l = NULL;
	ck_assert_int_eq(st.client_list(st.ctx, "ABC", 3, &l), AUTH0LOGOUT_OK);
	ck_assert_str_eq(auth0logout_allowlist_entry(l, 0, NULL),
	                 "https://b.example.com");
	ck_assert_int_eq(st.client_list(st.ctx, "ab", 2, &l),
	                 AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	ck_assert_int_eq(st.client_list(st.ctx, "abcd", 4, &l),
	                 AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	ck_assert_int_eq(st.tenant_list(st.ctx, &l), AUTH0LOGOUT_OK);
	ck_assert_ptr_null(l);
	auth0logout_memstore_free(ms);
}
END_TEST

START_TEST(memstore_many_clients)
{
	auth0logout_memstore *ms = auth0logout_memstore_new();
	char id[32];
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(id, sizeof id, "client-%d", i);
		ck_assert_int_eq(auth0logout_memstore_add_client(
		                     ms, id, (size_t)n,
		                     i % 100 ? NULL : csv("https://x.example")),
		                 AUTH0LOGOUT_OK);
	}
	auth0logout_store st;
	auth0logout_memstore_get(ms, &st);
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(id, sizeof id, "client-%d", i);
		const auth0logout_allowlist *l = NULL;
		ck_assert_int_eq(st.client_list(st.ctx, id, (size_t)n, &l),
		                 AUTH0LOGOUT_OK);
		ck_assert_uint_eq(auth0logout_allowlist_count(l),
		                  i % 100 ? 0 : 1);
	}
	const auth0logout_allowlist *l;
	ck_assert_int_eq(st.client_list(st.ctx, "client-5000", 11, &l),
	                 AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	auth0logout_memstore_free(ms);
}
END_TEST

/* Client ids of every length up to the limit are found, also those too
 * long to be kept inside the table's slot, and ids that share a prefix
 * stay apart. */
START_TEST(memstore_finds_ids_of_every_length)
{
	auth0logout_memstore *ms = auth0logout_memstore_new();
	char id[AUTH0LOGOUT_MAX_CLIENT_ID];
	memset(id, 'k', sizeof id);
	for (size_t n = 1; n <= sizeof id; n++) {
		char entry[64];
		snprintf(entry, sizeof entry, "https://c%zu.example.com", n);
		ck_assert_int_eq(
		    auth0logout_memstore_add_client(ms, id, n, csv(entry)),
		    AUTH0LOGOUT_OK);
	}
	ck_assert_int_eq(auth0logout_memstore_add_client(
	                     ms, id, 49, csv("https://x.example.com")),
	                 AUTH0LOGOUT_E_DUPLICATE_CLIENT);
	auth0logout_store st;
	ck_assert_int_eq(auth0logout_memstore_get(ms, &st), AUTH0LOGOUT_OK);
	for (size_t n = 1; n <= sizeof id; n++) {
		const auth0logout_allowlist *l = NULL;
		char entry[64];
		snprintf(entry, sizeof entry, "https://c%zu.example.com", n);
		ck_assert_int_eq(st.client_list(st.ctx, id, n, &l),
		                 AUTH0LOGOUT_OK);
		ck_assert_str_eq(auth0logout_allowlist_entry(l, 0, NULL),
		                 entry);
	}
	id[0] = 'j';
	const auth0logout_allowlist *l = NULL;
	ck_assert_int_eq(st.client_list(st.ctx, id, 200, &l),
	                 AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	auth0logout_memstore_free(ms);
}
END_TEST

START_TEST(memstore_refuses_duplicate_client)
{
	auth0logout_memstore *ms = auth0logout_memstore_new();
	ck_assert_int_eq(auth0logout_memstore_add_client(ms, "a", 1, NULL),
	                 AUTH0LOGOUT_OK);
	/* the list handed over is freed by the store even on failure */
	ck_assert_int_eq(auth0logout_memstore_add_client(
	                     ms, "a", 1, csv("https://x.example")),
	                 AUTH0LOGOUT_E_DUPLICATE_CLIENT);
	ck_assert_uint_eq(auth0logout_memstore_client_count(ms), 1);
	auth0logout_memstore_free(ms);
}
END_TEST

START_TEST(memstore_refuses_bad_client_ids)
{
	auth0logout_memstore *ms = auth0logout_memstore_new();
	char big[300];
	memset(big, 'a', sizeof big);
	/* The statuses of auth0logout_client_id_check (R1.7). */
	ck_assert_int_eq(auth0logout_memstore_add_client(ms, "", 0, NULL),
	                 AUTH0LOGOUT_E_CLIENT_ID_EMPTY);
	ck_assert_int_eq(auth0logout_memstore_add_client(ms, NULL, 3, NULL),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_memstore_add_client(ms, "a\nb", 3, NULL),
	                 AUTH0LOGOUT_E_CLIENT_ID_CONTROL);
	ck_assert_int_eq(auth0logout_memstore_add_client(ms, big, 257, NULL),
	                 AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG);
	ck_assert_int_eq(auth0logout_memstore_add_client(ms, big, 256, NULL),
	                 AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_memstore_add_client(
	                     NULL, "a", 1, csv("https://x.example")),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	auth0logout_memstore_free(ms);
}
END_TEST

START_TEST(memstore_is_frozen_once_built)
{
	auth0logout_memstore *ms = auth0logout_memstore_new();
	auth0logout_store st;
	ck_assert_int_eq(
	    auth0logout_memstore_set_tenant(ms, csv("https://t.example")),
	    AUTH0LOGOUT_OK);
	/* replacing the tenant list before building frees the old one */
	ck_assert_int_eq(
	    auth0logout_memstore_set_tenant(ms, csv("https://t2.example")),
	    AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_memstore_get(ms, &st), AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_memstore_add_client(
	                     ms, "a", 1, csv("https://x.example")),
	                 AUTH0LOGOUT_E_STORE_FROZEN);
	ck_assert_int_eq(
	    auth0logout_memstore_set_tenant(ms, csv("https://y.example")),
	    AUTH0LOGOUT_E_STORE_FROZEN);
	const auth0logout_allowlist *l;
	ck_assert_int_eq(st.tenant_list(st.ctx, &l), AUTH0LOGOUT_OK);
	ck_assert_str_eq(auth0logout_allowlist_entry(l, 0, NULL),
	                 "https://t2.example");
	ck_assert_int_eq(auth0logout_memstore_get(NULL, &st),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_memstore_get(ms, NULL),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	auth0logout_memstore_free(ms);
}
END_TEST

/* _reserve makes room ahead (before, between and after adds, smaller
 * than what is there too) and changes no answer; a frozen or NULL store
 * is refused. */
START_TEST(memstore_reserve_keeps_every_client)
{
	auth0logout_memstore *ms = auth0logout_memstore_new();
	auth0logout_store st;
	char id[32], entry[64];
	size_t i;

	ck_assert_int_eq(auth0logout_memstore_reserve(NULL, 10),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_memstore_reserve(ms, 0), AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_memstore_reserve(ms, (size_t)-1 / 4 + 1),
	                 AUTH0LOGOUT_E_NOMEM);
	ck_assert_int_eq(auth0logout_memstore_reserve(ms, (size_t)-1),
	                 AUTH0LOGOUT_E_NOMEM);
	ck_assert_int_eq(auth0logout_memstore_reserve(ms, 3000),
	                 AUTH0LOGOUT_OK);
	for (i = 0; i < 5000; i++) {
		int n = snprintf(id, sizeof id, "client%zu", i);
		snprintf(entry, sizeof entry, "https://c%zu.example.com", i);
		if (i == 1000)
			ck_assert_int_eq(auth0logout_memstore_reserve(ms, 10),
			                 AUTH0LOGOUT_OK);
		if (i == 2000)
			ck_assert_int_eq(auth0logout_memstore_reserve(ms, 9000),
			                 AUTH0LOGOUT_OK);
		ck_assert_int_eq(auth0logout_memstore_add_client(
		                     ms, id, (size_t)n, csv(entry)),
		                 AUTH0LOGOUT_OK);
	}
	ck_assert_uint_eq(auth0logout_memstore_client_count(ms), 5000);
	ck_assert_int_eq(auth0logout_memstore_get(ms, &st), AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_memstore_reserve(ms, 1),
	                 AUTH0LOGOUT_E_STORE_FROZEN);
	for (i = 0; i < 5000; i++) {
		const auth0logout_allowlist *l = NULL;
		int n = snprintf(id, sizeof id, "client%zu", i);
		snprintf(entry, sizeof entry, "https://c%zu.example.com", i);
		ck_assert_int_eq(st.client_list(st.ctx, id, (size_t)n, &l),
		                 AUTH0LOGOUT_OK);
		ck_assert_str_eq(auth0logout_allowlist_entry(l, 0, NULL),
		                 entry);
	}
	ck_assert_int_eq(st.client_list(st.ctx, "client5000", 10,
	                                &(const auth0logout_allowlist *){NULL}),
	                 AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	auth0logout_memstore_free(ms);
}
END_TEST

START_TEST(memstore_free_null_is_noop)
{
	auth0logout_memstore_free(NULL);
	auth0logout_allowlist_free(NULL);
	ck_assert_uint_eq(auth0logout_memstore_client_count(NULL), 0);
}
END_TEST

/* Every status has a distinct name and a sentence. */
static const int all_statuses[] = {
    AUTH0LOGOUT_OK,
    AUTH0LOGOUT_E_INVALID_ARGUMENT,
    AUTH0LOGOUT_E_NOMEM,
    AUTH0LOGOUT_E_BUFFER_TOO_SMALL,
    AUTH0LOGOUT_E_QUERY_TOO_LONG,
    AUTH0LOGOUT_E_QUERY_BAD_ESCAPE,
    AUTH0LOGOUT_E_QUERY_DUPLICATE,
    AUTH0LOGOUT_E_CLIENT_ID_CONTROL,
    AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG,
    AUTH0LOGOUT_E_RETURN_TO_TOO_LONG,
    AUTH0LOGOUT_E_URL_TOO_LONG,
    AUTH0LOGOUT_E_URL_CONTROL,
    AUTH0LOGOUT_E_URL_BACKSLASH,
    AUTH0LOGOUT_E_URL_SPACE,
    AUTH0LOGOUT_E_URL_NO_SCHEME,
    AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME,
    AUTH0LOGOUT_E_URL_NO_HOST,
    AUTH0LOGOUT_E_URL_USERINFO,
    AUTH0LOGOUT_E_URL_BAD_HOST,
    AUTH0LOGOUT_E_URL_BAD_PUNYCODE,
    AUTH0LOGOUT_E_URL_BAD_PORT,
    AUTH0LOGOUT_E_URL_BAD_CHAR,
    AUTH0LOGOUT_E_URL_SYNTAX,
    AUTH0LOGOUT_E_URL_TOO_COMPLEX,
    AUTH0LOGOUT_E_ENTRY_NO_SCHEME,
    AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE,
    AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD,
    AUTH0LOGOUT_E_ENTRY_EMPTY,
    AUTH0LOGOUT_E_UNKNOWN_CLIENT,
    AUTH0LOGOUT_E_NOT_ALLOWED,
    AUTH0LOGOUT_E_STORE_FAILED,
    AUTH0LOGOUT_E_DUPLICATE_CLIENT,
    AUTH0LOGOUT_E_STORE_FROZEN,
};
#define N_STATUSES (int)(sizeof all_statuses / sizeof all_statuses[0])

START_TEST(status_every_code_has_name_and_message)
{
	int s = all_statuses[_i];
	const char *name = auth0logout_status_name(s);
	ck_assert_str_ne(name, "unknown");
	ck_assert_str_ne(auth0logout_status_message(s), "Unknown status code.");
	ck_assert_uint_gt(strlen(auth0logout_status_message(s)), 5);
	for (int j = 0; j < N_STATUSES; j++)
		if (j != _i)
			ck_assert_str_ne(
			    name, auth0logout_status_name(all_statuses[j]));
}
END_TEST

START_TEST(status_unknown_code)
{
	ck_assert_str_eq(auth0logout_status_name(9999), "unknown");
	ck_assert_str_eq(auth0logout_status_name(-1), "unknown");
	ck_assert_str_eq(auth0logout_status_message(9999),
	                 "Unknown status code.");
	ck_assert_str_eq(auth0logout_status_name(AUTH0LOGOUT_OK), "ok");
	ck_assert_int_eq(AUTH0LOGOUT_OK, 0);
}
END_TEST

START_TEST(version_and_limits)
{
	ck_assert_str_eq(auth0logout_version(), AUTH0LOGOUT_VERSION_STRING);
	char v[32];
	snprintf(v, sizeof v, "%d.%d.%d", AUTH0LOGOUT_VERSION_MAJOR,
	         AUTH0LOGOUT_VERSION_MINOR, AUTH0LOGOUT_VERSION_PATCH);
	ck_assert_str_eq(v, AUTH0LOGOUT_VERSION_STRING);
	ck_assert_uint_eq(auth0logout_max_query(), 16384);
	ck_assert_uint_eq(auth0logout_max_url(), 4096);
	ck_assert_uint_eq(auth0logout_max_client_id(), 256);
	ck_assert_uint_eq(auth0logout_decide_buffer_size(),
	                  AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	ck_assert_uint_eq(auth0logout_decision_size(),
	                  sizeof(auth0logout_decision));
	ck_assert_uint_eq(auth0logout_request_size(),
	                  sizeof(auth0logout_request));
	ck_assert_uint_eq(auth0logout_store_size(), sizeof(auth0logout_store));
	ck_assert_uint_eq(auth0logout_diag_size(), sizeof(auth0logout_diag));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("memstore");
	TCase *tc = tcase_create("memstore");
	tcase_add_test(tc, memstore_finds_clients_by_exact_id);
	tcase_add_test(tc, memstore_many_clients);
	tcase_add_test(tc, memstore_finds_ids_of_every_length);
	tcase_add_test(tc, memstore_refuses_duplicate_client);
	tcase_add_test(tc, memstore_refuses_bad_client_ids);
	tcase_add_test(tc, memstore_is_frozen_once_built);
	tcase_add_test(tc, memstore_free_null_is_noop);
	tcase_add_test(tc, memstore_reserve_keeps_every_client);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	TCase *ts = tcase_create("status");
	tcase_add_loop_test(ts, status_every_code_has_name_and_message, 0,
	                    N_STATUSES);
	tcase_add_test(ts, status_unknown_code);
	tcase_add_test(ts, version_and_limits);
	suite_add_tcase(s, ts);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
