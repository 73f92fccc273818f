/* SPDX-License-Identifier: MIT */
/* R10.3: Management API objects one at a time (a PostgreSQL row), and the
 * objects a config keeps for `auth0logout import`. */
#include <auth0logout.h>
#include <auth0logout/config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static auth0logout_status client(const char *json, char **id, size_t *n,
                                 auth0logout_allowlist **l,
                                 auth0logout_config_diag *d)
{
	return auth0logout_config_compile_client(json, strlen(json), id, n, l,
	                                         d);
}

START_TEST(r10_3_client_row_compiles_like_a_config)
{
	char *id;
	size_t n;
	auth0logout_allowlist *l;
	auth0logout_config_diag d;
	ck_assert_int_eq(
	    client("{\"client_id\":\"AbC\",\"name\":\"x\",\"app_type\":\"spa\","
	           "\"allowed_logout_urls\":[\"https://a.example.com\","
	           "\"https://*.b.example.com\"]}",
	           &id, &n, &l, &d),
	    AUTH0LOGOUT_OK);
	ck_assert_str_eq(id, "AbC");
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(auth0logout_allowlist_count(l), 2);
	ck_assert_str_eq(auth0logout_allowlist_entry(l, 1, NULL),
	                 "https://*.b.example.com");
	free(id);
	auth0logout_allowlist_free(l);
	/* No list: empty (NULL). */
	ck_assert_int_eq(client("{\"client_id\":\"e\"}", &id, &n, &l, &d),
	                 AUTH0LOGOUT_OK);
	ck_assert_ptr_null(l);
	free(id);
}
END_TEST

START_TEST(r10_5_bad_row_names_entry_and_reason)
{
	char *id = (char *)1;
	size_t n;
	auth0logout_allowlist *l = (auth0logout_allowlist *)1;
	auth0logout_config_diag d;
	auth0logout_status st = client(
	    "{\"client_id\":\"AbC\",\"allowed_logout_urls\":"
	    "[\"https://a.example.com\",\"https://x.com\",\"*.example.com\"]}",
	    &id, &n, &l, &d);
	ck_assert_int_ne(st, AUTH0LOGOUT_OK);
	ck_assert_int_eq(d.status, st);
	ck_assert_ptr_null(id);
	ck_assert_ptr_null(l);
	ck_assert_uint_eq(d.entry, 2);
	ck_assert_ptr_nonnull(strstr(d.text, "client_id \"AbC\""));
	ck_assert_ptr_nonnull(strstr(d.text, "allowed_logout_urls[2]"));
	ck_assert_ptr_nonnull(strstr(d.text, "\"*.example.com\""));
	ck_assert_str_ne(d.reason, "");
}
END_TEST

START_TEST(r10_5_bad_rows_of_every_kind)
{
	static const struct {
		const char *json;
		int status;
		const char *text;
	} rows[] = {
	    {"{\"name\":\"x\"}", AUTH0LOGOUT_E_CONFIG_SHAPE,
	     "client_id is missing"},
	    {"{\"client_id\":7}", AUTH0LOGOUT_E_CONFIG_SHAPE,
	     "client_id must be a string"},
	    {"{\"client_id\":\"\"}", AUTH0LOGOUT_E_CLIENT_ID_EMPTY,
	     "must not be empty"},
	    {"[1]", AUTH0LOGOUT_E_CONFIG_SHAPE, "must be an object"},
	    {"{\"client_id\":\"a\",\"client_id\":\"b\"}",
	     AUTH0LOGOUT_E_CONFIG_SYNTAX, "duplicate"},
	    {"{\"client_id\":\"a\"", AUTH0LOGOUT_E_CONFIG_SYNTAX, "client:"},
	    {"{\"client_id\":\"a\",\"allowed_logout_urls\":\"https://a.b\"}",
	     AUTH0LOGOUT_E_CONFIG_SHAPE, "allowed_logout_urls"},
	    {"{\"client_id\":\"a\",\"jwt_configuration\":{\"alg\":\"none\"}}",
	     AUTH0LOGOUT_E_CONFIG_SHAPE, "alg"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		char *id;
		size_t n;
		auth0logout_allowlist *l;
		auth0logout_config_diag d;
		ck_assert_msg((int)client(rows[i].json, &id, &n, &l, &d) ==
		                  rows[i].status,
		              "%s: %d %s", rows[i].json, d.status, d.text);
		ck_assert_msg(strstr(d.text, rows[i].text) != NULL, "%s: %s",
		              rows[i].json, d.text);
		ck_assert_ptr_null(l);
	}
}
END_TEST

START_TEST(r10_3_tenant_row)
{
	auth0logout_allowlist *l;
	auth0logout_config_diag d;
	static const char ok[] = "{\"friendly_name\":\"T\",\"allowed_logout_"
	                         "urls\":[\"https://t.example.com\"]}";
	ck_assert_int_eq(auth0logout_config_compile_tenant(S(ok), &l, &d),
	                 AUTH0LOGOUT_OK);
	ck_assert_uint_eq(auth0logout_allowlist_count(l), 1);
	auth0logout_allowlist_free(l);
	ck_assert_int_eq(auth0logout_config_compile_tenant(S("{}"), &l, &d),
	                 AUTH0LOGOUT_OK);
	ck_assert_ptr_null(l);
	static const char bad[] =
	    "{\"allowed_logout_urls\":[\"*.example.com\"]}";
	ck_assert_int_ne(auth0logout_config_compile_tenant(S(bad), &l, &d),
	                 AUTH0LOGOUT_OK);
	ck_assert_ptr_null(l);
	ck_assert_uint_eq(d.entry, 0);
	ck_assert_ptr_nonnull(strstr(d.text, "tenant"));
}
END_TEST

START_TEST(r10_3_kept_objects_have_filled_strings)
{
	static const char json[] =
	    "{\"tenant\":{\"friendly_name\":\"T\",\"allowed_logout_urls\":"
	    "[\"https://##HOST##\"]},\"clients\":[{\"client_id\":\"##ID##\","
	    "\"name\":\"App\",\"app_type\":\"spa\",\"client_secret\":\"##"
	    "SECRET##\","
	    "\"allowed_logout_urls\":[\"https://##HOST##/bye\"]}]}";
	const char *defs[] = {"HOST=t.example.com", "ID=AbC", "SECRET=s3cr3t"};
	auth0logout_config_options opt = {0};
	opt.defines = defs;
	opt.n_defines = 3;
	opt.flags = AUTH0LOGOUT_CONFIG_KEEP_OBJECTS;
	auth0logout_config *cfg;
	ck_assert_int_eq(auth0logout_config_read_buffer(S("c.json"), S(json),
	                                                AUTH0LOGOUT_CONFIG_JSON,
	                                                &opt, &cfg, NULL),
	                 AUTH0LOGOUT_OK);
	char *c = auth0logout_config_client_object(cfg, 0);
	char *t = auth0logout_config_tenant_object(cfg);
	ck_assert_str_eq(c, "{\"client_id\":\"AbC\",\"name\":\"App\","
	                    "\"app_type\":\"spa\",\"allowed_logout_urls\":"
	                    "[\"https://t.example.com/bye\"]}");
	ck_assert_str_eq(t, "{\"friendly_name\":\"T\",\"allowed_logout_urls\":"
	                    "[\"https://t.example.com\"]}");
	ck_assert_ptr_null(auth0logout_config_client_object(cfg, 1));
	/* The kept object compiles back to the same client. */
	char *id;
	size_t n;
	auth0logout_allowlist *l;
	ck_assert_int_eq(client(c, &id, &n, &l, NULL), AUTH0LOGOUT_OK);
	ck_assert_str_eq(id, "AbC");
	ck_assert_str_eq(auth0logout_allowlist_entry(l, 0, NULL),
	                 "https://t.example.com/bye");
	free(id);
	auth0logout_allowlist_free(l);
	free(c);
	free(t);
	auth0logout_config_free(cfg);
}
END_TEST

START_TEST(r10_3_objects_kept_only_when_asked)
{
	static const char json[] = "{\"clients\":[{\"client_id\":\"a\"}]}";
	auth0logout_config *cfg;
	ck_assert_int_eq(auth0logout_config_read_buffer(S("c.json"), S(json),
	                                                AUTH0LOGOUT_CONFIG_JSON,
	                                                NULL, &cfg, NULL),
	                 AUTH0LOGOUT_OK);
	ck_assert_ptr_null(auth0logout_config_client_object(cfg, 0));
	ck_assert_ptr_null(auth0logout_config_tenant_object(cfg));
	auth0logout_config_free(cfg);
	/* Kept, no tenant: "{}". */
	auth0logout_config_options opt = {0};
	opt.flags = AUTH0LOGOUT_CONFIG_KEEP_OBJECTS;
	ck_assert_int_eq(auth0logout_config_read_buffer(
	                     S("c.yaml"), S("clients:\n  - client_id: a\n"),
	                     AUTH0LOGOUT_CONFIG_AUTO, &opt, &cfg, NULL),
	                 AUTH0LOGOUT_OK);
	char *t = auth0logout_config_tenant_object(cfg);
	char *c = auth0logout_config_client_object(cfg, 0);
	ck_assert_str_eq(t, "{}");
	ck_assert_str_eq(c, "{\"client_id\":\"a\",\"allowed_logout_urls\":[]}");
	free(t);
	free(c);
	auth0logout_config_free(cfg);
}
END_TEST

/* What an adapter serving from a store uses for /oidc/logout: no issuer,
 * no discovery, every id_token_hint invalid. */
START_TEST(r10_oidc_settings_of_a_store)
{
	auth0logout_config_oidc *o = NULL;
	auth0logout_config_diag d;
	ck_assert_int_eq(auth0logout_config_oidc_new_empty(&o, &d),
	                 AUTH0LOGOUT_OK);
	ck_assert_ptr_nonnull(o);
	ck_assert_ptr_null(auth0logout_config_oidc_issuer(o));
	ck_assert_ptr_null(auth0logout_config_oidc_discovery(o));
	ck_assert_ptr_null(auth0logout_config_oidc_jwks(o));
	auth0logout_verifier v;
	auth0logout_config_oidc_verifier(o, &v);
	static char scratch[AUTH0LOGOUT_VERIFIER_SCRATCH_SIZE];
	auth0logout_claims c;
	static const char tok[] = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ4In0.AAAA";
	ck_assert_int_eq(
	    v.verify(v.ctx, tok, sizeof tok - 1, scratch, sizeof scratch, &c),
	    AUTH0LOGOUT_E_OIDC_TOKEN_INVALID);
	auth0logout_config_oidc_free(o);
	ck_assert_int_eq(auth0logout_config_oidc_new_empty(NULL, NULL),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("object");
	TCase *tc = tcase_create("r10_3");
	tcase_add_test(tc, r10_3_client_row_compiles_like_a_config);
	tcase_add_test(tc, r10_5_bad_row_names_entry_and_reason);
	tcase_add_test(tc, r10_5_bad_rows_of_every_kind);
	tcase_add_test(tc, r10_3_tenant_row);
	tcase_add_test(tc, r10_3_kept_objects_have_filled_strings);
	tcase_add_test(tc, r10_3_objects_kept_only_when_asked);
	tcase_add_test(tc, r10_oidc_settings_of_a_store);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
