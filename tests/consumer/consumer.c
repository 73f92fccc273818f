/* SPDX-License-Identifier: MIT */
/* A program of a library user, built only from what `make install` put in
 * a staging directory, through pkg-config (see scripts/consumer-test.sh). */
#include <auth0logout.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

START_TEST(consumer_decides_through_installed_library)
{
	const char *urls[] = {"https://app.example.com/bye",
	                      "https://*.example.org"};
	auth0logout_allowlist *l = NULL;
	auth0logout_diag diag;
	ck_assert_int_eq(
	    auth0logout_allowlist_compile_array(urls, NULL, 2, &l, &diag),
	    AUTH0LOGOUT_OK);
	auth0logout_memstore *ms = auth0logout_memstore_new();
	ck_assert_int_eq(auth0logout_memstore_add_client(ms, "spa", 3, l),
	                 AUTH0LOGOUT_OK);
	auth0logout_store st;
	ck_assert_int_eq(auth0logout_memstore_get(ms, &st), AUTH0LOGOUT_OK);
	char *buf = malloc(auth0logout_decide_buffer_size());
	auth0logout_decision d;
	const char *q = "client_id=spa&returnTo=https://x.example.org";
	ck_assert_int_eq(
	    auth0logout_decide_query(&st, q, strlen(q), buf,
	                             AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d),
	    AUTH0LOGOUT_OK);
	ck_assert_str_eq(d.location, "https://x.example.org");
	ck_assert_str_eq(auth0logout_version(), AUTH0LOGOUT_VERSION_STRING);
	free(buf);
	auth0logout_memstore_free(ms);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("consumer");
	TCase *tc = tcase_create("installed");
	tcase_add_test(tc, consumer_decides_through_installed_library);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
