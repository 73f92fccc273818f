/* SPDX-License-Identifier: MIT */
/*
 * R11: the cases files of `auth0logout test`, read by the config library
 * (auth0logout_config_cases_*): every field, a target's path and query, YAML
 * numbers, and each refusal with its message (unknown keys, wrong types,
 * missing or empty expect, syntax).
 *
 * Environment:
 *   AUTH0LOGOUT_SRCDIR   source root, for examples/demo-cases.yaml and
 *                        tests/data/cases/ (default ".")
 *
 * Refusals are written to a temporary directory, one file each.
 */
#include <check.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth0logout.h"
#include "auth0logout/config.h"
#include "testutil.h"

#define src_path tu_src_path

static auth0logout_cases *read_ok(const char *path)
{
	auth0logout_cases *cs = NULL;
	auth0logout_config_diag diag;
	auth0logout_status st;

	st = auth0logout_config_cases_read_file(path, strlen(path), &cs, &diag);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "%s: %s", path, diag.text);
	ck_assert_ptr_nonnull(cs);
	return cs;
}

START_TEST(demo_cases_read)
{
	auth0logout_cases *cs = read_ok(src_path("examples/demo-cases.yaml"));
	const auth0logout_case *c;

	ck_assert_uint_eq(auth0logout_config_cases_count(cs), 11);
	ck_assert_str_eq(auth0logout_config_cases_source(cs),
	                 src_path("examples/demo-cases.yaml"));
	c = auth0logout_config_cases_get(cs, 0);
	ck_assert_str_eq(c->name, "the SPA goes back to its goodbye page");
	ck_assert_str_eq(c->query, "client_id=AbC123&returnTo=https%3A%2F%2F"
	                           "app.example.com%2Fbye");
	ck_assert_uint_eq(c->query_len, strlen(c->query));
	ck_assert_int_eq(c->endpoint, AUTH0LOGOUT_CASE_V2);
	ck_assert_int_eq(c->form, 0);
	ck_assert_ptr_null(c->session_sid);
	ck_assert_uint_eq(c->expect, AUTH0LOGOUT_EXPECT_OUTCOME |
	                                 AUTH0LOGOUT_EXPECT_STATUS |
	                                 AUTH0LOGOUT_EXPECT_LOCATION |
	                                 AUTH0LOGOUT_EXPECT_LIST);
	ck_assert_int_eq(c->outcome, AUTH0LOGOUT_OUTCOME_REDIRECT);
	/* A YAML plain integer keeps its value. */
	ck_assert_int_eq(c->status, 302);
	ck_assert_str_eq(c->location, "https://app.example.com/bye");
	ck_assert_int_eq(c->list, AUTH0LOGOUT_LIST_CLIENT);
	/* list: null is "no list" */
	c = auth0logout_config_cases_get(cs, 2);
	ck_assert_uint_eq(c->query_len, 0);
	ck_assert_int_eq(c->outcome, AUTH0LOGOUT_OUTCOME_LOGGED_OUT);
	ck_assert_int_eq(c->status, 200);
	ck_assert(c->expect & AUTH0LOGOUT_EXPECT_LIST);
	ck_assert_int_eq(c->list, AUTH0LOGOUT_LIST_NONE);
	/* the last: oidc, POST */
	c = auth0logout_config_cases_get(cs, 10);
	ck_assert_int_eq(c->endpoint, AUTH0LOGOUT_CASE_OIDC);
	ck_assert_int_eq(c->form, 1);
	ck_assert_ptr_null(auth0logout_config_cases_get(cs, 11));
	auth0logout_config_cases_free(cs);
}
END_TEST

START_TEST(json_targets_and_nulls)
{
	auth0logout_cases *cs = read_ok(src_path("tests/data/cases/all.json"));
	const auth0logout_case *c = auth0logout_config_cases_get(cs, 0);

	ck_assert_uint_eq(auth0logout_config_cases_count(cs), 3);
	/* An absolute URL: its query part, without the fragment. */
	ck_assert_uint_eq(c->query_len,
	                  strlen("returnTo=https%3A%2F%2Fwww.example.com"));
	ck_assert(memcmp(c->query, "returnTo=https%3A%2F%2Fwww.example.com",
	                 c->query_len) == 0);
	ck_assert_int_eq(c->endpoint, AUTH0LOGOUT_CASE_V2);
	ck_assert_str_eq(c->matched, "https://www.example.com");
	ck_assert(c->expect & AUTH0LOGOUT_EXPECT_ERROR);
	ck_assert_int_eq(c->error, AUTH0LOGOUT_ERROR_NONE);
	c = auth0logout_config_cases_get(cs, 1);
	ck_assert_int_eq(c->endpoint, AUTH0LOGOUT_CASE_OIDC);
	ck_assert_uint_eq(c->query_len, strlen("client_id=AbC123"));
	ck_assert_str_eq(c->session_sid, "s1");
	c = auth0logout_config_cases_get(cs, 2);
	ck_assert_uint_eq(c->expect, AUTH0LOGOUT_EXPECT_ERROR |
	                                 AUTH0LOGOUT_EXPECT_LOCATION);
	ck_assert_int_eq(c->error, AUTH0LOGOUT_ERROR_INVALID_REQUEST);
	ck_assert_ptr_null(c->location);
	auth0logout_config_cases_free(cs);
}
END_TEST

/* A file that is refused: its name, text, status and what the message
 * says. */
struct refusal {
	const char *file;
	const char *text;
	int status;
	const char *want;
};

#define SHAPE AUTH0LOGOUT_E_CONFIG_SHAPE
static const struct refusal refusals[] = {
    {"unknown.yaml",
     "cases:\n  - name: a\n    query: ''\n    expct: {outcome: error}\n", SHAPE,
     "cases[0] (name \"a\"): unknown key \"expct\" (known: name, "},
    {"unknown_expect.json",
     "{\"cases\":[{\"name\":\"b\",\"query\":\"\",\"expect\":{\"stauts\":"
     "200}}]}",
     SHAPE, "cases[0] (name \"b\"): expect: unknown key \"stauts\""},
    {"top.yaml", "cases: []\nextra: 1\n", SHAPE,
     "the file: unknown key \"extra\""},
    {"empty.yaml", "cases: []\n", SHAPE, "cases is empty"},
    {"nocases.json", "{}", SHAPE,
     "cases must be an array of cases, not "
     "missing"},
    {"notobj.yaml", "- 1\n", SHAPE, "must be a mapping"},
    {"case.yaml", "cases: [1]\n", SHAPE,
     "cases[0] must be a mapping, not an integer"},
    {"noname.yaml", "cases: [{query: ''}]\n", SHAPE,
     "cases[0]: name is missing"},
    {"dup.yaml",
     "cases:\n - {name: x, query: '', expect: {status: 200}}\n"
     " - {name: x, query: '', expect: {status: 200}}\n",
     SHAPE, "cases[1] (name \"x\"): another case has this name"},
    {"noexpect.yaml", "cases: [{name: c, query: ''}]\n", SHAPE,
     "expect is missing"},
    {"emptyexpect.yaml", "cases: [{name: c, query: '', expect: {}}]\n", SHAPE,
     "expect is empty"},
    {"both.yaml",
     "cases: [{name: c, query: '', target: /v2/logout, expect: {status: "
     "200}}]\n",
     SHAPE, "give either query or target, not both"},
    {"neither.yaml", "cases: [{name: c, expect: {status: 200}}]\n", SHAPE,
     "give either query or target"},
    {"path.yaml",
     "cases: [{name: c, target: /v3/logout?x=1, expect: {status: 200}}]\n",
     SHAPE, "target must be /v2/logout?QUERY"},
    {"contra.yaml",
     "cases: [{name: c, target: /v2/logout, endpoint: oidc, expect: "
     "{status: 200}}]\n",
     SHAPE, "endpoint oidc contradicts the target's path"},
    {"post.yaml",
     "cases: [{name: c, query: '', method: POST, expect: {status: 200}}]\n",
     SHAPE, "method POST needs endpoint oidc"},
    {"sid.yaml",
     "cases: [{name: c, query: '', session_sid: s, expect: {status: "
     "200}}]\n",
     SHAPE, "session_sid needs endpoint oidc"},
    {"status.yaml", "cases: [{name: c, query: '', expect: {status: 99}}]\n",
     SHAPE, "status must be an HTTP status (100 to 599), not 99"},
    {"statusstr.yaml",
     "cases: [{name: c, query: '', expect: {status: '302'}}]\n", SHAPE,
     "status must be an integer, not a string"},
    {"outcome.yaml",
     "cases: [{name: c, query: '', expect: {outcome: redirected}}]\n", SHAPE,
     "outcome must be one of redirect, logged_out, error, not "
     "\"redirected\""},
    {"list.json",
     "{\"cases\":[{\"name\":\"c\",\"query\":\"\",\"expect\":{\"list\":1}}]"
     "}",
     SHAPE, "list must be one of tenant, client, null, not an integer"},
    {"endpoint.yaml",
     "cases: [{name: c, query: '', endpoint: v3, expect: {status: 200}}]\n",
     SHAPE, "endpoint must be one of v2, oidc, not \"v3\""},
    {"query.yaml", "cases: [{name: c, query: 1, expect: {status: 200}}]\n",
     SHAPE, "query must be a string, not an integer"},
    {"location.yaml",
     "cases: [{name: c, query: '', expect: {location: [x]}}]\n", SHAPE,
     "location must be a string or null, not a sequence"},
    {"bad.yaml", "cases:\n  - name: \"open\n", AUTH0LOGOUT_E_CONFIG_SYNTAX,
     "invalid YAML at line"},
    {"bad.json", "{\"cases\": [", AUTH0LOGOUT_E_CONFIG_SYNTAX,
     "invalid JSON at line 1"},
    {"dupkey.json", "{\"cases\": [], \"cases\": []}",
     AUTH0LOGOUT_E_CONFIG_SYNTAX, "duplicate"},
    {"dupkey.yaml", "cases: []\ncases: []\n", AUTH0LOGOUT_E_CONFIG_SYNTAX,
     "cases"},
};

START_TEST(refused_with_message)
{
	const struct refusal *r = &refusals[_i];
	char dir[] = "/tmp/test_cases_XXXXXX", path[256];
	auth0logout_cases *cs = (auth0logout_cases *)1;
	auth0logout_config_diag diag;
	auth0logout_status st;
	FILE *f;

	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/%s", dir, r->file);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(r->text, f);
	ck_assert_int_eq(fclose(f), 0);
	st = auth0logout_config_cases_read_file(path, strlen(path), &cs, &diag);
	unlink(path);
	rmdir(dir);
	ck_assert_ptr_null(cs);
	ck_assert_msg((int)st == r->status && diag.status == r->status,
	              "%s: status %s, want %s: %s", r->file, tu_name((int)st),
	              tu_name(r->status), diag.text);
	ck_assert_msg(strncmp(diag.text, path, strlen(path)) == 0 &&
	                  strstr(diag.text, r->want) != NULL,
	              "%s: message lacks '%s': %s", r->file, r->want,
	              diag.text);
}
END_TEST

START_TEST(bad_arguments_and_missing_file)
{
	auth0logout_cases *cs = (auth0logout_cases *)1;
	auth0logout_config_diag diag;

	ck_assert_int_eq(
	    auth0logout_config_cases_read_file(NULL, 0, &cs, &diag),
	    AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_ptr_null(cs);
	ck_assert_int_eq(
	    auth0logout_config_cases_read_file("a\0b", 3, &cs, NULL),
	    AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(
	    auth0logout_config_cases_read_file("x.yaml", 6, NULL, &diag),
	    AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_config_cases_read_file(
	                     S("/nonexistent/cases.yaml"), &cs, &diag),
	                 AUTH0LOGOUT_E_CONFIG_IO);
	ck_assert_ptr_null(cs);
	ck_assert_msg(strstr(diag.text, "/nonexistent/cases.yaml: cannot "
	                                "open: ") == diag.text,
	              "%s", diag.text);
	ck_assert_int_eq(
	    auth0logout_config_cases_read_file(S("/tmp"), &cs, &diag),
	    AUTH0LOGOUT_E_CONFIG_IO);
	ck_assert_ptr_nonnull(strstr(diag.text, "not a regular file"));
	ck_assert_uint_eq(auth0logout_config_cases_count(NULL), 0);
	ck_assert_ptr_null(auth0logout_config_cases_get(NULL, 0));
	ck_assert_ptr_null(auth0logout_config_cases_source(NULL));
	auth0logout_config_cases_free(NULL);
}
END_TEST

/* R11.2: the one comparison of a case with a decision, as `auth0logout
 * test` prints it: each mismatching field in order, values as JSON strings
 * or null, the hint last; "" and 0 when the case passes; cut like
 * snprintf. */
START_TEST(r11_case_check_message)
{
	auth0logout_case c;
	auth0logout_decision d;
	char buf[512], small[12];
	const char *want =
	    "expected outcome redirect, got error; expected status 302, got "
	    "400; expected location \"https://a.example/\\\"x\", got null; "
	    "expected list client, got null; expected error null, got "
	    "invalid_request (hint: why\xef\xbf\xbd)";
	size_t n;

	ck_assert_uint_eq(auth0logout_config_case_size(), sizeof(c));
	memset(&c, 0, sizeof(c));
	memset(&d, 0, sizeof(d));
	c.expect = AUTH0LOGOUT_EXPECT_OUTCOME | AUTH0LOGOUT_EXPECT_STATUS |
	           AUTH0LOGOUT_EXPECT_LOCATION | AUTH0LOGOUT_EXPECT_LIST |
	           AUTH0LOGOUT_EXPECT_MATCHED | AUTH0LOGOUT_EXPECT_ERROR;
	c.outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
	c.status = 302;
	c.location = "https://a.example/\"x";
	c.location_len = strlen(c.location);
	c.list = AUTH0LOGOUT_LIST_CLIENT;
	c.error = AUTH0LOGOUT_ERROR_NONE;
	d.outcome = AUTH0LOGOUT_OUTCOME_ERROR;
	d.http_status = 400;
	d.list = AUTH0LOGOUT_LIST_NONE;
	d.error = AUTH0LOGOUT_ERROR_INVALID_REQUEST;
	d.hint = "why\n";
	d.hint_len = 4;
	n = auth0logout_config_case_check(&c, &d, buf, sizeof(buf));
	ck_assert_str_eq(buf, want);
	ck_assert_uint_eq(n, strlen(want));
	ck_assert_uint_eq(auth0logout_config_case_check(&c, &d, NULL, 0), n);
	ck_assert_uint_eq(
	    auth0logout_config_case_check(&c, &d, small, sizeof(small)), n);
	ck_assert_str_eq(small, "expected ou");

	/* What matches is not mentioned; no mismatch, no hint. */
	d.outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
	d.http_status = 302;
	d.location = c.location;
	d.location_len = c.location_len;
	d.list = AUTH0LOGOUT_LIST_CLIENT;
	d.error = AUTH0LOGOUT_ERROR_NONE;
	ck_assert_uint_eq(
	    auth0logout_config_case_check(&c, &d, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	d.http_status = 200;
	auth0logout_config_case_check(&c, &d, buf, sizeof(buf));
	ck_assert_str_eq(
	    buf, "expected status 302, got 200 (hint: why\xef\xbf\xbd)");
	/* A field not expected is not compared. */
	c.expect = AUTH0LOGOUT_EXPECT_OUTCOME;
	ck_assert_uint_eq(auth0logout_config_case_check(&c, &d, buf, 0), 0);
	ck_assert_uint_eq(auth0logout_config_case_check(NULL, &d, buf, 1), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

static Suite *cases_suite(void)
{
	Suite *s = suite_create("cases");
	TCase *tc = tcase_create("cases");

	tcase_add_test(tc, demo_cases_read);
	tcase_add_test(tc, json_targets_and_nulls);
	ADD_ROWS(tc, refused_with_message, refusals);
	tcase_add_test(tc, bad_arguments_and_missing_file);
	tcase_add_test(tc, r11_case_check_message);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cases_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
