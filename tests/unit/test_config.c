/* SPDX-License-Identifier: MIT */
/*
 * The config library (include/auth0logout/config.h), white-box: reading of the
 * three forms (JSON, auth0-deploy-cli YAML, auth0-deploy-cli directory),
 * ##KEY## placeholders, --client-id-from name, the YAML safety rules, and
 * a0l_config_build.  Decisions from a YAML or directory export equal those
 * from the same lists in JSON.
 *
 * Environment:
 *   AUTH0LOGOUT_SRCDIR   source root, for tests/data/import/ and
 *                        examples/demo.json (default ".")
 *
 * Fixtures are under tests/data/import/; cases that need a file the
 * repository cannot hold (unreadable, a file where a directory belongs)
 * are made in a temporary directory.
 */
#include <check.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth0logout.h"
/* White-box: the config as read, in the library's own model. */
#include "../../lib/config/internal.h"
#include "testutil.h"

#define DEMO "examples/demo.json"
#define IMP  "tests/data/import/"

#define src_path tu_src_path

static const auth0logout_config_options by_name = {
    NULL, NULL, 0, AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME, NULL, {0}};

/* ---- helpers ----------------------------------------------------------- */

static struct auth0logout_config *read_ok(const char *rel,
                                          const auth0logout_config_options *opt)
{
	struct auth0logout_config *cfg = NULL;
	char err[TU_ERR_SIZE];
	int rc = tu_config_read(src_path(rel), opt, &cfg, err, sizeof(err));

	ck_assert_msg(rc == 0, "%s: %s", rel, err);
	ck_assert_ptr_nonnull(cfg);
	return cfg;
}

/* Every non-NULL want[i] is in msg. */
static void expect_in(const char *msg, const char *const *want, size_t n)
{
	size_t i;

	for (i = 0; i < n && want[i] != NULL; i++)
		ck_assert_msg(strstr(msg, want[i]) != NULL,
		              "message lacks '%s': %s", want[i], msg);
}

#define WANT(...)                                                              \
	(const char *const[])                                                  \
	{                                                                      \
		__VA_ARGS__, NULL                                              \
	}

/* tu_config_read(path) fails; the message starts with path and holds
 * every string of want. */
static void read_fails_at(const char *path,
                          const auth0logout_config_options *opt,
                          const char *const *want)
{
	struct auth0logout_config *cfg = (struct auth0logout_config *)&cfg;
	char err[TU_ERR_SIZE];
	size_t n = 0;

	ck_assert_int_eq(tu_config_read(path, opt, &cfg, err, sizeof(err)), -1);
	ck_assert_ptr_null(cfg);
	ck_assert_msg(strncmp(err, path, strlen(path)) == 0 &&
	                  strncmp(err + strlen(path), ": ", 2) == 0,
	              "message does not start with %s: %s", path, err);
	while (want[n] != NULL)
		n++;
	expect_in(err, want, n);
}

static void read_fails(const char *rel, const auth0logout_config_options *opt,
                       const char *const *want)
{
	read_fails_at(src_path(rel), opt, want);
}

/* Reads rel and builds it: the build fails with a message holding want. */
static void build_fails(const char *rel, const auth0logout_config_options *opt,
                        const char *const *want)
{
	struct auth0logout_config *cfg = read_ok(rel, opt);
	auth0logout_memstore *ms = (auth0logout_memstore *)&ms;
	char err[TU_ERR_SIZE];
	size_t n = 0;

	ck_assert_int_eq(tu_config_build(cfg, &ms, err, sizeof(err)), -1);
	ck_assert_ptr_null(ms);
	ck_assert_msg(strncmp(err, src_path(rel), strlen(src_path(rel))) == 0,
	              "message does not name the file: %s", err);
	while (want[n] != NULL)
		n++;
	expect_in(err, want, n);
	auth0logout_config_free(cfg);
}

/* An inline document (YAML when name ends in .yaml) read with opt. */
static int read_text(const char *name, const char *text,
                     const auth0logout_config_options *opt,
                     struct auth0logout_config **cfg, char *err, size_t errlen)
{
	return tu_config_read_buffer(name, text, strlen(text), opt, cfg, err,
	                             errlen);
}

static void text_fails(const char *name, const char *text,
                       const auth0logout_config_options *opt,
                       const char *const *want)
{
	struct auth0logout_config *cfg = NULL;
	char err[TU_ERR_SIZE];
	size_t n = 0;

	ck_assert_msg(read_text(name, text, opt, &cfg, err, sizeof(err)) == -1,
	              "read, want an error: %s", text);
	ck_assert_ptr_null(cfg);
	ck_assert_msg(strncmp(err, name, strlen(name)) == 0, "%s", err);
	while (want[n] != NULL)
		n++;
	expect_in(err, want, n);
}

static struct auth0logout_config *text_ok(const char *name, const char *text,
                                          const auth0logout_config_options *opt)
{
	struct auth0logout_config *cfg = NULL;
	char err[TU_ERR_SIZE];

	ck_assert_msg(read_text(name, text, opt, &cfg, err, sizeof(err)) == 0,
	              "%s", err);
	return cfg;
}

static void expect_entry(const struct a0l_config_list *l, size_t i,
                         const char *want)
{
	ck_assert_msg(i < l->n, "only %zu entries", l->n);
	ck_assert_msg(l->lens[i] == strlen(want) &&
	                  memcmp(l->entries[i], want, l->lens[i]) == 0,
	              "entry %zu is %s, want %s", i,
	              tu_show(l->entries[i], l->lens[i]), want);
	ck_assert(l->entries[i][l->lens[i]] == '\0');
}

/* ---- the forms, read ---------------------------------------------------- */

/* The JSON form keeps its messages' names: "clients[N] (client_id ...)". */
START_TEST(json_form_model)
{
	struct auth0logout_config *cfg = read_ok(DEMO, NULL);

	ck_assert_str_eq(cfg->source, src_path(DEMO));
	ck_assert_uint_eq(cfg->tenant.n, 2);
	expect_entry(&cfg->tenant, 1, "https://www.example.com/logged-out");
	ck_assert_uint_eq(cfg->n_clients, 4);
	ck_assert_str_eq(cfg->clients[0].client_id, "AbC123");
	ck_assert_uint_eq(cfg->clients[0].client_id_len, 6);
	ck_assert_str_eq(cfg->clients[0].name, "My SPA");
	ck_assert_int_eq(cfg->clients[0].client_id_from_name, 0);
	ck_assert_str_eq(cfg->clients[0].where,
	                 "clients[0] (client_id \"AbC123\")");
	expect_entry(&cfg->clients[0].list, 1, "https://*.example.org");
	ck_assert_uint_eq(cfg->clients[3].list.n, 0);
	auth0logout_config_free(cfg);
	auth0logout_config_free(NULL);
}
END_TEST

/* tenant.yaml as deploy-cli exports it: keyed by name on request; a
 * null list (~) is empty; unknown keys (rules:, callbacks:) ignored. */
START_TEST(yaml_form_model)
{
	struct auth0logout_config *cfg =
	    read_ok(IMP "yaml/tenant.yaml", &by_name);
	const struct a0l_config_client *c = &cfg->clients[0];

	ck_assert_uint_eq(cfg->tenant.n, 2);
	expect_entry(&cfg->tenant, 0, "https://www.example.com");
	ck_assert_uint_eq(cfg->n_clients, 4);
	ck_assert_str_eq(c->client_id, "My SPA");
	ck_assert_int_eq(c->client_id_from_name, 1);
	ck_assert_str_eq(c->name, "My SPA");
	ck_assert_str_eq(c->where, "clients[0] (name \"My SPA\")");
	ck_assert_uint_eq(c->list.n, 3);
	expect_entry(&c->list, 1, "https://*.example.org");
	expect_entry(&cfg->clients[1].list, 0, "com.example.app://callback");
	ck_assert_uint_eq(cfg->clients[3].list.n, 0);
	auth0logout_config_free(cfg);

	/* With client_ids in the file, they are the keys, option or not. */
	cfg = read_ok(IMP "with_ids.yaml", &by_name);
	ck_assert_str_eq(cfg->clients[0].client_id, "AbC123");
	ck_assert_int_eq(cfg->clients[0].client_id_from_name, 0);
	ck_assert_str_eq(cfg->clients[0].where,
	                 "clients[0] (client_id \"AbC123\")");
	auth0logout_config_free(cfg);
}
END_TEST

/* The directory form: clients/ *.json in bytewise file-name order,
 * other files ignored, each client named by its file. */
START_TEST(dir_form_model)
{
	static const char *const order[] = {"Machine to machine", "My SPA",
	                                    "My native app",
	                                    "Preview deployments"};
	struct auth0logout_config *cfg = read_ok(IMP "dir", &by_name);
	char want[128];
	size_t i;

	ck_assert_str_eq(cfg->source, src_path(IMP "dir"));
	ck_assert_uint_eq(cfg->tenant.n, 2);
	ck_assert_uint_eq(cfg->n_clients, 4); /* not README.md */
	for (i = 0; i < 4; i++) {
		ck_assert_str_eq(cfg->clients[i].client_id, order[i]);
		snprintf(want, sizeof(want), "clients/%s.json", order[i]);
		ck_assert_str_eq(cfg->clients[i].where, want);
	}
	ck_assert_uint_eq(cfg->clients[0].list.n, 0);
	expect_entry(&cfg->clients[1].list, 2, "http://localhost:3000");
	auth0logout_config_free(cfg);
}
END_TEST

/* ---- equivalence: same decisions ---------------------------------------- */

static auth0logout_memstore *store_of(const char *rel,
                                      const auth0logout_config_options *opt)
{
	struct auth0logout_config *cfg = read_ok(rel, opt);
	auth0logout_memstore *ms = NULL;
	char err[TU_ERR_SIZE];

	ck_assert_msg(tu_config_build(cfg, &ms, err, sizeof(err)) == 0, "%s",
	              err);
	auth0logout_config_free(cfg);
	return ms;
}

static int same_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	if (a == NULL || b == NULL)
		return a == b;
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* Every query decides the same in both stores.  "@N" in a query stands
 * for the Nth client id of ids (percent-encoded). */
static void expect_same(const char *a_rel, const auth0logout_config_options *a,
                        const char *b_rel, const auth0logout_config_options *b,
                        const char *const *queries, size_t n)
{
	auth0logout_memstore *ma = store_of(a_rel, a), *mb = store_of(b_rel, b);
	auth0logout_store sa, sb;
	auth0logout_decision da, db;
	char *ba = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	char *bb = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	size_t i;

	ck_assert(ba != NULL && bb != NULL);
	ck_assert_int_eq(auth0logout_memstore_get(ma, &sa), AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_memstore_get(mb, &sb), AUTH0LOGOUT_OK);
	ck_assert_uint_eq(auth0logout_memstore_client_count(ma),
	                  auth0logout_memstore_client_count(mb));
	for (i = 0; i < n; i++) {
		const char *q = queries[i];

		auth0logout_decide_query(&sa, q, strlen(q), ba,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &da);
		auth0logout_decide_query(&sb, q, strlen(q), bb,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &db);
		ck_assert_msg(da.outcome == db.outcome &&
		                  da.http_status == db.http_status &&
		                  da.list == db.list && da.error == db.error,
		              "%s: %s vs %s differ", q, tu_oname(da.outcome),
		              tu_oname(db.outcome));
		ck_assert_msg(same_bytes(da.location, da.location_len,
		                         db.location, db.location_len) &&
		                  same_bytes(da.matched, da.matched_len,
		                             db.matched, db.matched_len),
		              "%s: location or matched differ", q);
	}
	free(ba);
	free(bb);
	auth0logout_memstore_free(ma);
	auth0logout_memstore_free(mb);
}

/* Queries over every list of the demo config, by the names of its
 * clients (what --client-id-from name keys them by). */
static const char *const name_queries[] = {
    "",
    "returnTo=https%3A%2F%2Fwww.example.com",
    "returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out",
    "returnTo=https%3A%2F%2Fapp.example.com%2Fbye",
    "returnTo=https%3A%2F%2Fevil.com",
    "client_id=My%20SPA",
    "client_id=My+SPA&returnTo=https%3A%2F%2Fshop.example.org",
    "client_id=My%20SPA&returnTo=http%3A%2F%2Flocalhost%3A3000",
    "client_id=My%20SPA&returnTo=https%3A%2F%2Fa.b.example.org",
    "client_id=My%20SPA&returnTo=https%3A%2F%2Fwww.example.com",
    "client_id=My%20native%20app",
    "client_id=My%20native%20app&returnTo=com.example.app%3A%2F%2Fcallback",
    "client_id=Preview%20deployments",
    "client_id=Preview%20deployments&returnTo=https%3A%2F%2Fpr-7-preview."
    "example.net",
    "client_id=Preview%20deployments&returnTo=https%3A%2F%2Fwww.example.net"
    "%2Fsigned-out",
    "client_id=Machine%20to%20machine",
    "client_id=Machine%20to%20machine&returnTo=https%3A%2F%2Fwww.example."
    "com",
    "client_id=Nobody",
    "client_id=my%20spa",
};

static const char *const id_queries[] = {
    "",
    "returnTo=https%3A%2F%2Fwww.example.com",
    "returnTo=https%3A%2F%2Fevil.com",
    "client_id=AbC123",
    "client_id=AbC123&returnTo=https%3A%2F%2Fshop.example.org",
    "client_id=AbC123&returnTo=https%3A%2F%2Fwww.example.com",
    "client_id=NaTiVe9",
    "client_id=WiLd42",
    "client_id=WiLd42&returnTo=https%3A%2F%2Fpr-42-preview.example.net",
    "client_id=NoList7",
    "client_id=NoList7&returnTo=https%3A%2F%2Fwww.example.com",
    "client_id=Nobody",
};

START_TEST(yaml_equals_json)
{
	expect_same(IMP "by_name.json", NULL, IMP "yaml/tenant.yaml", &by_name,
	            name_queries, sizeof(name_queries) / sizeof(*name_queries));
	expect_same(DEMO, NULL, IMP "with_ids.yaml", NULL, id_queries,
	            sizeof(id_queries) / sizeof(*id_queries));
}
END_TEST

START_TEST(dir_equals_json)
{
	expect_same(IMP "by_name.json", NULL, IMP "dir", &by_name, name_queries,
	            sizeof(name_queries) / sizeof(*name_queries));
	expect_same(IMP "yaml/tenant.yaml", &by_name, IMP "dir", &by_name,
	            name_queries, sizeof(name_queries) / sizeof(*name_queries));
}
END_TEST

/* a0l_config_load takes every form, with no options. */
START_TEST(load_takes_every_form)
{
	auth0logout_memstore *ms = NULL;
	char err[TU_ERR_SIZE];

	ck_assert_msg(tu_config_load(src_path(IMP "with_ids.yaml"), &ms, err,
	                             sizeof(err)) == 0,
	              "%s", err);
	ck_assert_uint_eq(auth0logout_memstore_client_count(ms), 4);
	auth0logout_memstore_free(ms);
	/* Without --client-id-from name, a deploy-cli export fails. */
	ck_assert_int_eq(
	    tu_config_load(src_path(IMP "dir"), &ms, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "--client-id-from name"));
	/* _load_buffer is JSON whatever the name. */
	ck_assert_int_eq(
	    tu_config_load_buffer("x.yaml", "a: 1", 4, &ms, err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "invalid JSON"));
}
END_TEST

/* ---- placeholders ------------------------------------------------------- */

static const char *const ph_defines[] = {
    "TENANT_HOST=www.example.com", "APP_HOST=wrong.example.com",
    "APP_HOST=app.example.com", /* the last one wins */
    "PORT=3000"};

START_TEST(placeholders_from_defines)
{
	auth0logout_config_options opt = {
	    ph_defines, NULL, 4, AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME,
	    NULL,       {0}};
	struct auth0logout_config *cfg = read_ok(IMP "placeholders.yaml", &opt);

	expect_entry(&cfg->tenant, 0, "https://www.example.com/logged-out");
	expect_entry(&cfg->clients[0].list, 0, "https://app.example.com/bye");
	expect_entry(&cfg->clients[0].list, 1, "http://localhost:3000");
	auth0logout_config_free(cfg);
}
END_TEST

/* The environment fills what the defines leave; defines win. */
START_TEST(placeholders_from_environment)
{
	static const char *const defs[] = {"APP_HOST=app.example.com"};
	auth0logout_config_options opt = {
	    defs,
	    NULL,
	    1,
	    AUTH0LOGOUT_CONFIG_ENVIRONMENT | AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME,
	    NULL,
	    {0}};
	struct auth0logout_config *cfg;

	ck_assert_int_eq(setenv("TENANT_HOST", "env.example.com", 1), 0);
	ck_assert_int_eq(setenv("APP_HOST", "env-app.example.com", 1), 0);
	ck_assert_int_eq(setenv("PORT", "8080", 1), 0);
	cfg = read_ok(IMP "placeholders.yaml", &opt);
	expect_entry(&cfg->tenant, 0, "https://env.example.com/logged-out");
	expect_entry(&cfg->clients[0].list, 0, "https://app.example.com/bye");
	expect_entry(&cfg->clients[0].list, 1, "http://localhost:8080");
	auth0logout_config_free(cfg);

	/* Not without AUTH0LOGOUT_CONFIG_ENVIRONMENT. */
	opt.flags &= ~AUTH0LOGOUT_CONFIG_ENVIRONMENT;
	read_fails(IMP "placeholders.yaml", &opt,
	           WANT("tenant", "allowed_logout_urls[0]", "##TENANT_HOST##",
	                "--define TENANT_HOST=VALUE"));

	/* With a prefix, only PREFIX KEY is read. */
	opt.flags |= AUTH0LOGOUT_CONFIG_ENVIRONMENT;
	opt.env_prefix = "A0L_TEST_KW_";
	read_fails(IMP "placeholders.yaml", &opt,
	           WANT("##TENANT_HOST##", "A0L_TEST_KW_TENANT_HOST"));
	ck_assert_int_eq(setenv("A0L_TEST_KW_TENANT_HOST", "p.example.com", 1),
	                 0);
	ck_assert_int_eq(setenv("A0L_TEST_KW_PORT", "1", 1), 0);
	cfg = read_ok(IMP "placeholders.yaml", &opt);
	expect_entry(&cfg->tenant, 0, "https://p.example.com/logged-out");
	expect_entry(&cfg->clients[0].list, 1, "http://localhost:1");
	auth0logout_config_free(cfg);
	unsetenv("TENANT_HOST");
	unsetenv("APP_HOST");
	unsetenv("PORT");
	unsetenv("A0L_TEST_KW_TENANT_HOST");
	unsetenv("A0L_TEST_KW_PORT");
}
END_TEST

/* An unreplaced placeholder is named, with its file, client and entry. */
START_TEST(placeholder_unreplaced)
{
	static const char *const defs[] = {"TENANT_HOST=www.example.com"};
	auth0logout_config_options opt = {
	    defs, NULL, 1, AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME, NULL, {0}};

	read_fails(IMP "placeholders.yaml", &opt,
	           WANT("clients[0] (name \"My SPA\")",
	                "allowed_logout_urls[0]",
	                "\"https://##APP_HOST##/bye\"", "##APP_HOST##"));
	/* In the client_id and the name, too. */
	text_fails("x.json",
	           "{\"clients\":[{\"client_id\":\"##ID##\",\"name\":\"n\"}]}",
	           NULL, WANT("clients[0]: client_id", "##ID##"));
	text_fails("x.yaml", "clients:\n  - name: '##WHO##'\n", &by_name,
	           WANT("clients[0]: name", "##WHO##"));
}
END_TEST

/* Only ##[A-Za-z0-9_]+## is a placeholder; values are not re-scanned;
 * an empty VALUE is a value. */
START_TEST(placeholder_syntax)
{
	static const char *const defs[] = {"A=##B##", "E=", "k_9=x"};
	auth0logout_config_options opt = {defs, NULL, 3, 0, NULL, {0}};
	struct auth0logout_config *cfg =
	    text_ok("x.yaml",
	            "tenant:\n  allowed_logout_urls:\n"
	            "    - '##A##'\n"
	            "    - 'a##E##b'\n"
	            "    - '###k_9###'\n"
	            "    - '##not-a-key## ## #### #'\n"
	            "    - '##A'\n",
	            &opt);

	expect_entry(&cfg->tenant, 0, "##B##");
	expect_entry(&cfg->tenant, 1, "ab");
	expect_entry(&cfg->tenant, 2, "#x#");
	expect_entry(&cfg->tenant, 3, "##not-a-key## ## #### #");
	expect_entry(&cfg->tenant, 4, "##A");
	auth0logout_config_free(cfg);
	ck_assert(
	    (auth0logout_config_define_check("K=V", 3) == AUTH0LOGOUT_OK));
	ck_assert((auth0logout_config_define_check("K=", 2) == AUTH0LOGOUT_OK));
	ck_assert(
	    !(auth0logout_config_define_check("=V", 2) == AUTH0LOGOUT_OK));
	ck_assert(!(auth0logout_config_define_check("K", 1) == AUTH0LOGOUT_OK));
	ck_assert(
	    !(auth0logout_config_define_check("K-1=V", 5) == AUTH0LOGOUT_OK));
	ck_assert(
	    !(auth0logout_config_define_check(NULL, 0) == AUTH0LOGOUT_OK));
}
END_TEST

START_TEST(define_invalid)
{
	static const char *const defs[] = {"OK=1", "no equals"};
	auth0logout_config_options opt = {defs, NULL, 2, 0, NULL, {0}};

	read_fails(DEMO, &opt, WANT("define \"no equals\"", "KEY=VALUE"));
}
END_TEST

/* deploy-cli's @@KEY@@ array replacement is not supported: say so. */
START_TEST(array_placeholder_refused)
{
	read_fails(IMP "array_placeholder.yaml", &by_name,
	           WANT("clients[0] (name \"My SPA\")", "@@LOGOUT_URLS@@",
	                "not supported"));
}
END_TEST

/* ---- client ids --------------------------------------------------------- */

START_TEST(client_id_missing_suggests_option)
{
	read_fails(
	    IMP "yaml/tenant.yaml", NULL,
	    WANT("clients[0]: client_id is missing", "--client-id-from name"));
	read_fails(IMP "dir_no_id", NULL,
	           WANT("clients/A.json: client_id is missing",
	                "--client-id-from name"));
	/* No name either: nothing to suggest; the old message. */
	text_fails("x.json", "{\"clients\":[{\"allowed_logout_urls\":[]}]}",
	           NULL, WANT("x.json: clients[0]: client_id is missing"));
	/* With the option and no name. */
	text_fails("x.yaml", "clients:\n  - app_type: spa\n", &by_name,
	           WANT("clients[0]: client_id is missing", "name"));
	text_fails("x.yaml", "clients:\n  - name: [a]\n", &by_name,
	           WANT("clients[0]", "name", "a sequence"));
}
END_TEST

START_TEST(duplicate_names)
{
	build_fails(IMP "duplicate_name.yaml", &by_name,
	            WANT("clients[2] (name \"Same\")", "duplicate",
	                 "(also clients[0])"));
	build_fails(
	    IMP "dir_dup", &by_name,
	    WANT("clients/b.json", "duplicate", "(also clients/a.json)"));
	/* A name equal to another client's client_id collides too. */
	{
		struct auth0logout_config *cfg = text_ok(
		    "x.yaml", "clients:\n  - client_id: A\n  - name: A\n",
		    &by_name);
		auth0logout_memstore *ms;
		char err[TU_ERR_SIZE];

		ck_assert_int_eq(tu_config_build(cfg, &ms, err, sizeof(err)),
		                 -1);
		ck_assert_ptr_nonnull(strstr(err, "(also clients[0])"));
		auth0logout_config_free(cfg);
	}
}
END_TEST

/* ---- YAML safety -------------------------------------------------------- */

START_TEST(yaml_syntax_error_has_position)
{
	read_fails(IMP "bad_syntax.yaml", NULL,
	           WANT("invalid YAML at line 5, column 1"));
	text_fails("x.yaml", "tenant:\n  a: b\n c: d\n", NULL,
	           WANT("invalid YAML at line 3, column 2"));
	text_fails("x.yaml", "clients: [\"\\q\"]\n", NULL,
	           WANT("invalid YAML at line 1"));
	/* Not UTF-8: libyaml's reader says where, in bytes. */
	text_fails("x.yaml", "tenant: \"\xff\"\n", NULL,
	           WANT("invalid YAML at byte 9"));
}
END_TEST

/* Aliases and anchors are refused: nothing is ever expanded. */
START_TEST(yaml_aliases_refused)
{
	read_fails(IMP "alias.yaml", NULL,
	           WANT("line 3, column 26", "anchor", "\"urls\""));
	text_fails("x.yaml", "tenant: *x\n", NULL,
	           WANT("line 1, column 9", "alias", "\"x\""));
	text_fails("x.yaml",
	           "a: &a [x, x, x, x, x, x, x, x, x]\n"
	           "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
	           NULL, WANT("line 1, column 4", "anchor"));
	text_fails("x.yaml", "clients:\n  - &c {client_id: A}\n", NULL,
	           WANT("line 2, column 5", "anchor"));
}
END_TEST

START_TEST(yaml_duplicate_keys_refused)
{
	read_fails(IMP "duplicate_key.yaml", NULL,
	           WANT("line 8, column 5", "duplicate key",
	                "\"allowed_logout_urls\""));
	text_fails("x.yaml", "tenant: {}\ntenant: {}\n", NULL,
	           WANT("line 2, column 1", "duplicate key \"tenant\""));
}
END_TEST

/* null, ~, nothing and a missing key are all empty lists or absent
 * sections, as null is in JSON. */
START_TEST(yaml_nulls_are_empty)
{
	struct auth0logout_config *cfg =
	    text_ok("x.yaml",
	            "tenant:\n  allowed_logout_urls:\n"
	            "clients:\n"
	            "  - {client_id: A, allowed_logout_urls: null}\n"
	            "  - {client_id: B, allowed_logout_urls: ~}\n"
	            "  - {client_id: C}\n"
	            "  - {client_id: D, allowed_logout_urls: []}\n",
	            NULL);
	size_t i;

	ck_assert_uint_eq(cfg->tenant.n, 0);
	ck_assert_uint_eq(cfg->n_clients, 4);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(cfg->clients[i].list.n, 0);
	auth0logout_config_free(cfg);
	cfg = text_ok("x.yaml", "tenant: ~\nclients:\n", NULL);
	ck_assert_uint_eq(cfg->n_clients, 0);
	auth0logout_config_free(cfg);
	cfg = text_ok("x.yml", "{}", NULL);
	ck_assert_uint_eq(cfg->tenant.n, 0);
	auth0logout_config_free(cfg);
}
END_TEST

/* Entries must be strings; what is wrong is said in YAML's words. */
START_TEST(yaml_shapes)
{
	read_fails(IMP "entry_not_scalar.yaml", NULL,
	           WANT("clients[0] (client_id \"One\")",
	                "allowed_logout_urls[1] must be a string, not a "
	                "mapping"));
	text_fails("x.yaml", "tenant:\n  allowed_logout_urls: [[a]]\n", NULL,
	           WANT("tenant: allowed_logout_urls[0] must be a string, "
	                "not a sequence"));
	text_fails("x.yaml", "tenant:\n  allowed_logout_urls: [123]\n", NULL,
	           WANT("allowed_logout_urls[0]", "not an integer"));
	text_fails("x.yaml", "tenant:\n  allowed_logout_urls: [1.5e3]\n", NULL,
	           WANT("allowed_logout_urls[0]", "not a number"));
	text_fails("x.yaml", "tenant:\n  allowed_logout_urls: [true]\n", NULL,
	           WANT("allowed_logout_urls[0]", "not true"));
	text_fails("x.yaml", "tenant:\n  allowed_logout_urls: https://a\n",
	           NULL,
	           WANT("tenant: allowed_logout_urls must be a sequence of "
	                "strings, not a string"));
	text_fails("x.yaml", "- a\n", NULL,
	           WANT("the top level must be a mapping, not a sequence"));
	text_fails("x.yaml", "---\n", NULL,
	           WANT("the top level must be a mapping, not null"));
	text_fails("x.yaml", "", NULL, WANT("empty YAML file"));
	text_fails("x.yaml", "# only a comment\n", NULL,
	           WANT("empty YAML file"));
	text_fails("x.yaml", "clients: {a: b}\n", NULL,
	           WANT("clients must be a sequence of client objects, not a "
	                "mapping"));
	text_fails("x.yaml", "clients: [a]\n", NULL,
	           WANT("clients[0] must be a mapping, not a string"));
	text_fails("x.yaml", "tenant: []\n", NULL,
	           WANT("tenant must be a mapping, not a sequence"));
	text_fails("x.yaml", "clients:\n  - client_id: 12345\n", NULL,
	           WANT("clients[0]: client_id must be a string, not an "
	                "integer"));
}
END_TEST

/* Quoted scalars and !!str are strings, whatever they look like. */
START_TEST(yaml_strings)
{
	struct auth0logout_config *cfg =
	    text_ok("x.yaml",
	            "clients:\n"
	            "  - client_id: '12345'\n"
	            "    allowed_logout_urls:\n"
	            "      - \"true\"\n"
	            "      - !!str 123\n"
	            "      - |-\n"
	            "        https://block.example.com\n"
	            "      - \"https://a.example.com\\0.evil.com\"\n",
	            NULL);
	const struct a0l_config_list *l = &cfg->clients[0].list;
	auth0logout_memstore *ms;
	char err[TU_ERR_SIZE];

	ck_assert_str_eq(cfg->clients[0].client_id, "12345");
	expect_entry(l, 0, "true");
	expect_entry(l, 1, "123");
	expect_entry(l, 2, "https://block.example.com");
	/* A NUL is kept, with the length, for the build to refuse. */
	ck_assert_uint_eq(l->lens[3], 31);
	ck_assert_int_eq(l->entries[3][21], '\0');
	ck_assert_int_eq(tu_config_build(cfg, &ms, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "allowed_logout_urls[0] \"true\"") != NULL,
	              "%s", err);
	auth0logout_config_free(cfg);
}
END_TEST

START_TEST(yaml_other_refusals)
{
	text_fails("x.yaml", "tenant: !!binary aGVsbG8=\n", NULL,
	           WANT("line 1, column 9", "unsupported tag",
	                "tag:yaml.org,2002:binary"));
	text_fails("x.yaml", "tenant: !custom {}\n", NULL,
	           WANT("unsupported tag"));
	text_fails("x.yaml", "tenant: {}\n---\nclients: []\n", NULL,
	           WANT("line 2, column 1", "more than one document"));
	text_fails("x.yaml", "? [a]\n: b\n", NULL,
	           WANT("line 1, column 3", "mapping key must be a scalar"));
	text_fails("x.yaml", "\"a\\0b\": 1\n", NULL, WANT("NUL"));
}
END_TEST

/* Deep nesting is refused before it costs anything. */
START_TEST(yaml_deep_nesting)
{
	size_t depth = 100000, i;
	char *text = malloc(2 * depth + 16);

	ck_assert_ptr_nonnull(text);
	memcpy(text, "x: ", 3);
	for (i = 0; i < depth; i++)
		text[3 + i] = '[';
	for (i = 0; i < depth; i++)
		text[3 + depth + i] = ']';
	text[3 + 2 * depth] = '\0';
	text_fails("x.yaml", text, NULL, WANT("nested too deeply"));
	free(text);
}
END_TEST

/* ---- directories -------------------------------------------------------- */

START_TEST(dir_errors)
{
	read_fails(IMP "no-such-dir", NULL,
	           WANT("cannot open", "No such file"));
	read_fails(IMP "dir_bad_json", &by_name,
	           WANT("clients/Broken.json: invalid JSON at line 3"));
	read_fails(IMP "dir_not_object", &by_name,
	           WANT("clients/List.json must be an object, not an array"));
	read_fails("tests/data/cli", NULL,
	           WANT("cannot read", "neither tenant.json nor clients/"));
}
END_TEST

/* A scratch directory; its path is returned (static). */
static const char *scratch(void)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "/tmp/a0l-test-config-XXXXXX");
	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
	return dir;
}

static void put(const char *dir, const char *rel, const char *text)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void rm(const char *dir, const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	ck_assert_msg(remove(path) == 0, "%s: %s", path, strerror(errno));
}

START_TEST(dir_scratch_cases)
{
	const char *d = scratch();
	char sub[256];

	/* tenant.json alone is an export; it must be an object. */
	put(d, "tenant.json", "[]");
	read_fails_at(d, NULL, WANT("tenant.json must be an object"));
	put(d, "tenant.json", "{\"allowed_logout_urls\":[\"https://##H##\"]}");
	read_fails_at(d, NULL,
	              WANT("tenant.json: allowed_logout_urls[0]", "##H##"));
	/* clients that is a file, not a directory. */
	put(d, "tenant.json", "{}");
	put(d, "clients", "");
	read_fails_at(d, NULL, WANT("clients: cannot open", "directory"));
	rm(d, "clients");
	snprintf(sub, sizeof(sub), "%s/clients", d);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	/* Dot files and other names are skipped. */
	put(d, "clients/.hidden.json", "not json");
	put(d, "clients/notes.txt", "not json");
	put(d, "clients/x.json.bak", "not json");
	{
		struct auth0logout_config *cfg = NULL;
		char err[TU_ERR_SIZE];

		ck_assert_msg(tu_config_read(d, NULL, &cfg, err, sizeof(err)) ==
		                  0,
		              "%s", err);
		ck_assert_uint_eq(cfg->n_clients, 0);
		auth0logout_config_free(cfg);
	}
	/* An unreadable client file (root reads anything: not checked). */
	put(d, "clients/x.json", "{\"client_id\":\"X\"}");
	if (geteuid() != 0) {
		snprintf(sub, sizeof(sub), "%s/clients/x.json", d);
		ck_assert_int_eq(chmod(sub, 0), 0);
		read_fails_at(
		    d, NULL,
		    WANT("clients/x.json: cannot open", "Permission denied"));
	}
	rm(d, "clients/x.json");
	/* A FIFO among the files is refused, not read (it would block). */
	snprintf(sub, sizeof(sub), "%s/clients/fifo.json", d);
	ck_assert_int_eq(mkfifo(sub, 0600), 0);
	read_fails_at(d, NULL, WANT("clients/fifo.json: not a regular file"));
	rm(d, "clients/fifo.json");
	/* A file name's control bytes are escaped in messages: one line, no
	 * terminal escapes. */
	put(d, "clients/e\033[31m\nx.json", "[]");
	{
		struct auth0logout_config *cfg = NULL;
		char err[TU_ERR_SIZE];

		ck_assert_int_eq(
		    tu_config_read(d, NULL, &cfg, err, sizeof(err)), -1);
		ck_assert_msg(strstr(err, "clients/e\\x1B[31m\\x0Ax.json") !=
		                  NULL,
		              "%s", err);
		ck_assert_ptr_null(strchr(err, '\033'));
		ck_assert_ptr_null(strchr(err, '\n'));
	}
	rm(d, "clients/e\033[31m\nx.json");
	rm(d, "clients/.hidden.json");
	rm(d, "clients/notes.txt");
	rm(d, "clients/x.json.bak");
	rm(d, "clients");
	rm(d, "tenant.json");
	ck_assert_int_eq(rmdir(d), 0);
}
END_TEST

/* R7.5, with the diag's meaning of client and where (config.h): a fault in
 * clients/NAME.json -- its JSON, its shape, the file itself -- is the
 * fault of the client read from it, whether or not clients were read
 * before it: client is its index in the order read, where names the
 * file, and the reason does not repeat it.  tenant.json's faults name
 * tenant.json. */
static void dir_diag_is(const char *dir, int status, size_t client,
                        const char *where, const char *reason)
{
	auth0logout_config_diag d;
	auth0logout_config *cfg = (auth0logout_config *)&cfg;
	auth0logout_memstore *ms = (auth0logout_memstore *)&ms;
	auth0logout_status st;
	char text[600];

	st = auth0logout_config_read_file(dir, strlen(dir), NULL, &cfg, &d);
	ck_assert_ptr_null(cfg);
	ck_assert_msg((int)st == status, "%s: %s (%s)", where,
	              auth0logout_status_name(st), d.text);
	ck_assert_msg(d.client == client, "%s: client %zd (%s)", where,
	              (ssize_t)d.client, d.text);
	ck_assert_str_eq(d.where, where);
	ck_assert_str_eq(d.file, dir);
	ck_assert_msg(strncmp(d.reason, reason, strlen(reason)) == 0,
	              "%s: reason %s", where, d.reason);
	if (strncmp(reason, where, strlen(where)) == 0)
		snprintf(text, sizeof text, "%s: %s", dir, reason);
	else
		snprintf(text, sizeof text, "%s: %s: %s", dir, where, reason);
	ck_assert_msg(strncmp(d.text, text, strlen(text)) == 0, "%s", d.text);
	/* load_file says the same. */
	memset(&d, 0, sizeof d);
	ck_assert_int_eq(
	    auth0logout_config_load_file(dir, strlen(dir), NULL, &ms, &d), st);
	ck_assert_ptr_null(ms);
	ck_assert_uint_eq(d.client, client);
	ck_assert_str_eq(d.where, where);
}

START_TEST(r7_5_dir_diag_names_the_client_file_at_fault)
{
	static const char good[] =
	    "{\"name\":\"A\",\"client_id\":\"a\",\"allowed_logout_urls\":"
	    "[\"https://a.com\"]}";
	const char *d = scratch();
	char sub[256];

	snprintf(sub, sizeof(sub), "%s/clients", d);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	/* The first file read is broken: client 0. */
	put(d, "clients/a.json", "{\"name\":\"A\", \"client_id\": \"a\", ");
	dir_diag_is(d, AUTH0LOGOUT_E_CONFIG_SYNTAX, 0, "clients/a.json",
	            "invalid JSON at line 1");
	/* A later one, after a client read well: its own index, not the
	 * previous client's. */
	put(d, "clients/a.json", good);
	put(d, "clients/b.json", "{\"name\":\"B\", \"client_id\": \"b\", ");
	dir_diag_is(d, AUTH0LOGOUT_E_CONFIG_SYNTAX, 1, "clients/b.json",
	            "invalid JSON at line 1");
	put(d, "clients/b.json", "[]");
	dir_diag_is(d, AUTH0LOGOUT_E_CONFIG_SHAPE, 1, "clients/b.json",
	            "clients/b.json must be an object");
	put(d, "clients/b.json",
	    "{\"client_id\": \"b\", "
	    "\"allowed_logout_urls\": [1]}");
	dir_diag_is(d, AUTH0LOGOUT_E_CONFIG_SHAPE, 1, "clients/b.json",
	            "allowed_logout_urls[0] must be a string");
	rm(d, "clients/b.json");
	snprintf(sub, sizeof(sub), "%s/clients/b.json", d);
	ck_assert_int_eq(mkfifo(sub, 0600), 0);
	dir_diag_is(d, AUTH0LOGOUT_E_CONFIG_IO, 1, "clients/b.json",
	            "not a regular file");
	rm(d, "clients/b.json");
	/* tenant.json, read first, is no client. */
	put(d, "tenant.json", "{\"allowed_logout_urls\": ");
	dir_diag_is(d, AUTH0LOGOUT_E_CONFIG_SYNTAX, (size_t)-1, "tenant.json",
	            "invalid JSON at line 1");
	rm(d, "tenant.json");
	rm(d, "clients/a.json");
	rm(d, "clients");
	ck_assert_int_eq(rmdir(d), 0);
}
END_TEST

/* R7.5: a file name's bytes are shown escaped (\xNN), so a long one can
 * outgrow the diag's fields; a field is then cut between two escapes and
 * marked "...", never inside "\x01".  The model keeps the whole name. */
static void assert_whole_escapes(const char *what, const char *s)
{
	for (size_t i = 0; s[i] != '\0'; i++) {
		if (s[i] != '\\')
			continue;
		if (s[i + 1] == '\\' || s[i + 1] == '"') {
			i++;
			continue;
		}
		ck_assert_msg(s[i + 1] == 'x' &&
		                  isxdigit((unsigned char)s[i + 2]) &&
		                  isxdigit((unsigned char)s[i + 3]),
		              "%s: a cut escape at %zu: ...%s", what, i,
		              s + (i > 16 ? i - 16 : 0));
		i += 3;
	}
}

START_TEST(r7_5_dir_long_file_name_is_cut_between_escapes)
{
	const char *d = scratch();
	char sub[256], name[256], rel[300], shown[2048];
	auth0logout_config_diag dg;
	auth0logout_config *cfg = NULL;
	auth0logout_memstore *ms = NULL;
	size_t o = 0, i;

	snprintf(sub, sizeof(sub), "%s/clients", d);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	/* 250 control bytes and ".json": 255 bytes, NAME_MAX. */
	memset(name, 1, 250);
	memcpy(name + 250, ".json", 6);
	o = (size_t)snprintf(shown, sizeof shown, "clients/");
	for (i = 0; i < 250; i++)
		o += (size_t)snprintf(shown + o, sizeof shown - o, "\\x01");
	snprintf(shown + o, sizeof shown - o, ".json");
	snprintf(rel, sizeof(rel), "clients/%s", name);

	/* Reading: the shape of its list is wrong. */
	put(d, rel, "{\"client_id\":\"x\",\"allowed_logout_urls\":[3]}");
	ck_assert_int_eq(
	    auth0logout_config_read_file(d, strlen(d), NULL, &cfg, &dg),
	    AUTH0LOGOUT_E_CONFIG_SHAPE);
	ck_assert_uint_eq(dg.client, 0);
	assert_whole_escapes("where", dg.where);
	assert_whole_escapes("reason", dg.reason);
	assert_whole_escapes("text", dg.text);
	o = strlen(dg.where);
	ck_assert_msg(o > 3 && strcmp(dg.where + o - 3, "...") == 0 &&
	                  strncmp(dg.where, shown, o - 3) == 0,
	              "where %s", dg.where);
	ck_assert_str_eq(dg.reason,
	                 "allowed_logout_urls[0] must be a string, not an "
	                 "integer");
	ck_assert_msg(strstr(dg.text, shown) != NULL, "text %s", dg.text);

	/* Building: the entry is bad; the model named the client whole. */
	put(d, rel, "{\"client_id\":\"x\",\"allowed_logout_urls\":[\"bad\"]}");
	ck_assert_int_eq(
	    auth0logout_config_read_file(d, strlen(d), NULL, &cfg, &dg),
	    AUTH0LOGOUT_OK);
	ck_assert_str_eq(cfg->clients[0].where, shown);
	ck_assert_int_eq(auth0logout_config_build(cfg, &ms, &dg),
	                 AUTH0LOGOUT_E_ENTRY_NO_SCHEME);
	assert_whole_escapes("where", dg.where);
	assert_whole_escapes("reason", dg.reason);
	assert_whole_escapes("text", dg.text);
	ck_assert_msg(strncmp(dg.where, shown, strlen(dg.where) - 3) == 0,
	              "where %s", dg.where);
	auth0logout_config_free(cfg);

	rm(d, rel);
	rm(d, "clients");
	ck_assert_int_eq(rmdir(d), 0);
}
END_TEST

/* R7.4: a JSON syntax error's place is 1-based (config.h), also where
 * jansson says column 0: at the start of a line, as when the document
 * ends right after a newline.  The message gives the same place. */
static void syntax_place_is(const char *what, auth0logout_status st,
                            const auth0logout_config_diag *d, size_t line,
                            size_t column)
{
	char at[64];

	ck_assert_int_eq(st, AUTH0LOGOUT_E_CONFIG_SYNTAX);
	ck_assert_msg(d->line == line && d->column == column,
	              "%s: line %zu column %zu, want %zu %zu", what, d->line,
	              d->column, line, column);
	snprintf(at, sizeof at, "line %zu, column %zu:", line, column);
	ck_assert_msg(strstr(d->text, at) != NULL, "%s: %s", what, d->text);
}

START_TEST(r7_4_json_syntax_error_place_is_1_based)
{
	static const char *const docs[] = {"{\"tenant\":\n", "\n",
	                                   "{\"tenant\": {]}\n"};
	static const size_t want[][2] = {{2, 1}, {2, 1}, {1, 13}};
	const char *d = scratch();
	char path[256];

	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		auth0logout_config_diag dg;
		auth0logout_config *cfg = NULL;

		syntax_place_is(docs[i],
		                auth0logout_config_read_buffer(
		                    S("x.json"), docs[i], strlen(docs[i]),
		                    AUTH0LOGOUT_CONFIG_JSON, NULL, &cfg, &dg),
		                &dg, want[i][0], want[i][1]);
		put(d, "c.json", docs[i]);
		snprintf(path, sizeof path, "%s/c.json", d);
		syntax_place_is(docs[i],
		                auth0logout_config_read_file(path, strlen(path),
		                                             NULL, &cfg, &dg),
		                &dg, want[i][0], want[i][1]);
	}
	rm(d, "c.json");
	ck_assert_int_eq(rmdir(d), 0);
}
END_TEST

/* ---- build -------------------------------------------------------------- */

/* The build checks values, with the JSON loader's messages. */
START_TEST(build_messages)
{
	struct auth0logout_config *cfg;
	auth0logout_memstore *ms;
	char err[TU_ERR_SIZE];

	build_fails(
	    IMP "bad_entry.yaml", &by_name,
	    WANT(": clients[0] (name \"My SPA\"): allowed_logout_urls[1] "
	         "\"*.example.com\": "));
	cfg = text_ok("x.json", "{\"clients\":[{\"client_id\":\"\"}]}", NULL);
	ck_assert_int_eq(tu_config_build(cfg, &ms, err, sizeof(err)), -1);
	ck_assert_str_eq(err,
	                 "x.json: clients[0]: client_id must not be empty");
	/* A model without a client_id (built by hand). */
	free(cfg->clients[0].client_id);
	cfg->clients[0].client_id = NULL;
	ck_assert_int_eq(tu_config_build(cfg, &ms, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "x.json: clients[0]: client_id is missing");
	ck_assert_int_eq(tu_config_build(NULL, &ms, err, sizeof(err)), -1);
	ck_assert_ptr_null(ms);
	auth0logout_config_free(cfg);
	/* Invalid arguments to read. */
	ck_assert_int_eq(tu_config_read(NULL, NULL, &cfg, err, sizeof(err)),
	                 -1);
	ck_assert_ptr_null(cfg);
	ck_assert_int_eq(tu_config_read(DEMO, NULL, NULL, err, sizeof(err)),
	                 -1);
	ck_assert_int_eq(
	    tu_config_read_buffer("x", NULL, 0, NULL, &cfg, err, sizeof(err)),
	    -1);
}
END_TEST

/* ---- the public API's diag: status, file, where, client, entry, line,
 * column, reason (since 0.2) ---------------------------------------------- */

struct diag_row {
	const char *rel; /* a file under the source root */
	unsigned flags;  /* auth0logout_config_options flags */
	int build;       /* the read succeeds; the build fails */
	int status;
	const char *where; /* diag.where, exactly */
	size_t client, entry;
	int has_line;       /* line and column are set */
	const char *reason; /* a part of diag.reason */
};

#define NO ((size_t)-1)
static const struct diag_row diag_rows[] = {
    {"tests/data/cli/bad_entry.json", 0, 1, AUTH0LOGOUT_E_ENTRY_NO_SCHEME,
     "clients[1] (client_id \"AbC123\")", 1, 2, 0, "https://*.example.com"},
    {"tests/data/cli/bad_tenant_entry.json", 0, 1, -1, "tenant", NO, 1, 0, ""},
    {"tests/data/cli/bad_json.json", 0, 0, AUTH0LOGOUT_E_CONFIG_SYNTAX, "", NO,
     NO, 1, "invalid JSON"},
    {"tests/data/cli/client_id_control.json", 0, 1,
     AUTH0LOGOUT_E_CLIENT_ID_CONTROL, NULL, 0, NO, 0, "control byte"},
    {"tests/data/cli/client_id_empty.json", 0, 1, AUTH0LOGOUT_E_CLIENT_ID_EMPTY,
     NULL, 0, NO, 0, "must not be empty"},
    {"tests/data/cli/client_id_not_string.json", 0, 0,
     AUTH0LOGOUT_E_CONFIG_SHAPE, "clients[0]", 0, NO, 0,
     "client_id must be a string"},
    {"tests/data/cli/duplicate_client.json", 0, 1,
     AUTH0LOGOUT_E_DUPLICATE_CLIENT, NULL, 2, NO, 0, "duplicate client_id"},
    {"tests/data/cli/entry_not_string.json", 0, 0, AUTH0LOGOUT_E_CONFIG_SHAPE,
     NULL, 0, 1, 0, "must be a string"},
    {"tests/data/cli/nope.json", 0, 0, AUTH0LOGOUT_E_CONFIG_IO, "", NO, NO, 0,
     "cannot open"},
    {"tests/data/import/alias.yaml", 0, 0, AUTH0LOGOUT_E_CONFIG_UNSUPPORTED, "",
     NO, NO, 1, "anchors and aliases"},
    {"tests/data/import/bad_syntax.yaml", 0, 0, AUTH0LOGOUT_E_CONFIG_SYNTAX, "",
     NO, NO, 1, "invalid YAML"},
    {"tests/data/import/array_placeholder.yaml",
     AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME, 0,
     AUTH0LOGOUT_E_CONFIG_UNSUPPORTED, "clients[0] (name \"My SPA\")", 0, NO, 0,
     "@@KEY@@"},
    {"tests/data/import/placeholders.yaml",
     AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME, 0,
     AUTH0LOGOUT_E_CONFIG_PLACEHOLDER, "tenant", NO, 0, 0, "##TENANT_HOST##"},
    {"tests/data/import/yaml/tenant.yaml", 0, 0, AUTH0LOGOUT_E_CONFIG_SHAPE,
     "clients[0]", 0, NO, 0, "--client-id-from name"},
};

START_TEST(api_diag_names_file_client_entry_and_reason)
{
	const struct diag_row *r = &diag_rows[_i];
	const char *path = src_path(r->rel);
	auth0logout_config_options opt = {0};
	auth0logout_config *cfg = (auth0logout_config *)&cfg;
	auth0logout_memstore *ms = (auth0logout_memstore *)&ms;
	auth0logout_config_diag d;
	auth0logout_status st;
	char prefix[600];

	opt.flags = r->flags;
	st = auth0logout_config_read_file(path, strlen(path), &opt, &cfg, &d);
	if (r->build) {
		ck_assert_msg(st == AUTH0LOGOUT_OK, "%s", d.text);
		st = auth0logout_config_build(cfg, &ms, &d);
		auth0logout_config_free(cfg);
		ck_assert_ptr_null(ms);
	} else {
		ck_assert_ptr_null(cfg);
	}
	ck_assert_msg(st != AUTH0LOGOUT_OK, "%s: no failure", r->rel);
	if (r->status >= 0)
		ck_assert_msg((int)st == r->status, "%s: %s (%s)", r->rel,
		              auth0logout_status_name(st), d.text);
	ck_assert_int_eq(d.status, (int)st);
	ck_assert_str_eq(d.file, path);
	snprintf(prefix, sizeof prefix, "%s: ", path);
	ck_assert_msg(strncmp(d.text, prefix, strlen(prefix)) == 0, "%s",
	              d.text);
	if (r->where)
		ck_assert_str_eq(d.where, r->where);
	ck_assert_msg(d.client == r->client, "%s: client %zu", r->rel,
	              d.client);
	ck_assert_msg(d.entry == r->entry, "%s: entry %zu", r->rel, d.entry);
	ck_assert_msg((d.line > 0 && d.column > 0) == r->has_line,
	              "%s: line %zu column %zu", r->rel, d.line, d.column);
	ck_assert_msg(d.reason[0] != '\0' && strstr(d.reason, r->reason),
	              "%s: reason %s", r->rel, d.reason);
	/* The reason is the end of the whole message. */
	ck_assert(
	    strlen(d.text) >= strlen(d.reason) &&
	    strcmp(d.text + strlen(d.text) - strlen(d.reason), d.reason) == 0);
	/* load_file gives the same status; without a diag too. */
	ck_assert_int_eq(
	    auth0logout_config_load_file(path, strlen(path), &opt, &ms, NULL),
	    st);
	ck_assert_ptr_null(ms);
}
END_TEST

/* JSON strings, buffers in a given format, defines with lengths, bad
 * arguments. */
START_TEST(api_load_json_buffer_and_arguments)
{
	static const char json[] =
	    "{\"clients\": [{\"client_id\": \"A\", \"allowed_logout_urls\": "
	    "[\"https://##H##/x\"]}]}";
	static const char yaml[] = "clients:\n  - client_id: A\n"
	                           "    allowed_logout_urls: [https://a.com]\n";
	const char *defs[] = {"H=a.com and more", "X=1"};
	const size_t lens[] = {7, 3};
	auth0logout_config_options opt = {0};
	auth0logout_memstore *ms = NULL;
	auth0logout_config *cfg = NULL;
	auth0logout_config_diag d;
	auth0logout_store store;

	opt.defines = defs;
	opt.define_lens = lens;
	opt.n_defines = 2;
	ck_assert_int_eq(
	    auth0logout_config_load_json(json, sizeof json - 1, &opt, &ms, &d),
	    AUTH0LOGOUT_OK);
	auth0logout_memstore_get(ms, &store);
	{
		char *buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
		auth0logout_decision dec;
		static const char q[] = "client_id=A";
		auth0logout_decide_query(&store, q, sizeof q - 1, buf,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &dec);
		ck_assert_str_eq(dec.location, "https://a.com/x");
		free(buf);
	}
	auth0logout_memstore_free(ms);

	/* Without the define: named "(config)". */
	ck_assert_int_eq(
	    auth0logout_config_load_json(json, sizeof json - 1, NULL, &ms, &d),
	    AUTH0LOGOUT_E_CONFIG_PLACEHOLDER);
	ck_assert_str_eq(d.file, "(config)");

	/* A buffer in an explicit format, whatever its name says. */
	ck_assert_int_eq(auth0logout_config_read_buffer(
	                     S("x.json"), yaml, sizeof yaml - 1,
	                     AUTH0LOGOUT_CONFIG_YAML, NULL, &cfg, &d),
	                 AUTH0LOGOUT_OK);
	ck_assert_uint_eq(auth0logout_config_client_count(cfg), 1);
	ck_assert_str_eq(auth0logout_config_source(cfg), "x.json");
	auth0logout_config_free(cfg);
	ck_assert_int_eq(auth0logout_config_read_buffer(
	                     S("x.yaml"), yaml, sizeof yaml - 1,
	                     AUTH0LOGOUT_CONFIG_JSON, NULL, &cfg, &d),
	                 AUTH0LOGOUT_E_CONFIG_SYNTAX);
	ck_assert_int_eq(auth0logout_config_read_buffer(S("x.yaml"), yaml,
	                                                sizeof yaml - 1, 7,
	                                                NULL, &cfg, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);

	/* A bad define is named; a path with a NUL byte is refused. */
	defs[1] = "-=1";
	ck_assert_int_eq(auth0logout_config_read_buffer(
	                     S("x.yaml"), yaml, sizeof yaml - 1,
	                     AUTH0LOGOUT_CONFIG_AUTO, &opt, &cfg, &d),
	                 AUTH0LOGOUT_E_CONFIG_PLACEHOLDER);
	ck_assert_msg(strstr(d.text, "define \"-=1\" is not KEY=VALUE"), "%s",
	              d.text);
	ck_assert_int_eq(
	    auth0logout_config_read_file(S("a\0b"), NULL, &cfg, &d),
	    AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_ptr_null(cfg);
	ck_assert_int_eq(auth0logout_config_read_file(S("x"), NULL, NULL, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_config_build(NULL, &ms, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_uint_eq(auth0logout_config_client_count(NULL), 0);
	ck_assert_uint_eq(auth0logout_config_diag_size(),
	                  sizeof(auth0logout_config_diag));
	ck_assert_uint_eq(auth0logout_config_options_size(),
	                  sizeof(auth0logout_config_options));
	ck_assert_str_eq(auth0logout_config_version(), auth0logout_version());
	auth0logout_config_free(NULL);
}
END_TEST

/* ABI policy (config.h): the structs the library fills end in reserved
 * space it zeroes; each starts out as 0xAA garbage. */
static void assert_zero(const void *p, size_t n, const char *what)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		ck_assert_msg(b[i] == 0, "%s: reserved byte %zu is 0x%02x",
		              what, i, b[i]);
}

static void finding_reserved_zero(void *ctx, const auth0logout_lint_finding *f)
{
	(*(size_t *)ctx)++;
	assert_zero(f->reserved, sizeof f->reserved, "lint finding");
}

START_TEST(abi_config_reserved_space_is_zeroed)
{
	static const char bad[] = "{\"tenant\": ";
	static const char lint_me[] =
	    "{\"tenant\": {\"allowed_logout_urls\": [\"http://a.com\"]}}";
	const char *demo = src_path(DEMO);
	auth0logout_config_diag d;
	auth0logout_config *cfg = NULL;
	auth0logout_memstore *ms = NULL;
	auth0logout_lint_summary sum;
	size_t findings = 0;

	memset(&d, 0xAA, sizeof d);
	ck_assert_int_eq(
	    auth0logout_config_read_file(demo, strlen(demo), NULL, &cfg, &d),
	    AUTH0LOGOUT_OK);
	assert_zero(d.reserved, sizeof d.reserved, "read_file ok");
	memset(&d, 0xAA, sizeof d);
	ck_assert_int_eq(auth0logout_config_build(cfg, &ms, &d),
	                 AUTH0LOGOUT_OK);
	assert_zero(d.reserved, sizeof d.reserved, "build ok");
	auth0logout_memstore_free(ms);
	auth0logout_config_free(cfg);

	memset(&d, 0xAA, sizeof d);
	ck_assert_int_eq(auth0logout_config_read_buffer(
	                     S("x.json"), bad, sizeof bad - 1,
	                     AUTH0LOGOUT_CONFIG_AUTO, NULL, &cfg, &d),
	                 AUTH0LOGOUT_E_CONFIG_SYNTAX);
	assert_zero(d.reserved, sizeof d.reserved, "read_buffer error");
	memset(&d, 0xAA, sizeof d);
	ck_assert_int_eq(
	    auth0logout_config_read_file(S("a\0b"), NULL, &cfg, &d),
	    AUTH0LOGOUT_E_INVALID_ARGUMENT);
	assert_zero(d.reserved, sizeof d.reserved, "read_file argument");
	memset(&d, 0xAA, sizeof d);
	ck_assert_int_eq(auth0logout_config_build(NULL, &ms, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	assert_zero(d.reserved, sizeof d.reserved, "build argument");
	memset(&d, 0xAA, sizeof d);
	ck_assert_int_eq(
	    auth0logout_config_load_json(bad, sizeof bad - 1, NULL, &ms, &d),
	    AUTH0LOGOUT_E_CONFIG_SYNTAX);
	assert_zero(d.reserved, sizeof d.reserved, "load_json error");

	ck_assert_int_eq(auth0logout_config_read_buffer(
	                     S("x.json"), lint_me, sizeof lint_me - 1,
	                     AUTH0LOGOUT_CONFIG_AUTO, NULL, &cfg, &d),
	                 AUTH0LOGOUT_OK);
	memset(&sum, 0xAA, sizeof sum);
	ck_assert_int_eq(auth0logout_config_lint(cfg, 0, finding_reserved_zero,
	                                         &findings, &sum),
	                 1);
	ck_assert_uint_gt(findings, 0);
	assert_zero(sum.reserved, sizeof sum.reserved, "lint summary");
	auth0logout_config_free(cfg);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *forms = tcase_create("forms");
	TCase *ph = tcase_create("placeholders");
	TCase *ids = tcase_create("client ids");
	TCase *yaml = tcase_create("yaml");
	TCase *dir = tcase_create("directory");

	tcase_add_test(forms, json_form_model);
	tcase_add_test(forms, yaml_form_model);
	tcase_add_test(forms, dir_form_model);
	tcase_add_test(forms, yaml_equals_json);
	tcase_add_test(forms, dir_equals_json);
	tcase_add_test(forms, load_takes_every_form);
	tcase_add_test(forms, build_messages);
	suite_add_tcase(s, forms);
	tcase_add_test(ph, placeholders_from_defines);
	tcase_add_test(ph, placeholders_from_environment);
	tcase_add_test(ph, placeholder_unreplaced);
	tcase_add_test(ph, placeholder_syntax);
	tcase_add_test(ph, define_invalid);
	tcase_add_test(ph, array_placeholder_refused);
	suite_add_tcase(s, ph);
	tcase_add_test(ids, client_id_missing_suggests_option);
	tcase_add_test(ids, duplicate_names);
	suite_add_tcase(s, ids);
	tcase_add_test(yaml, yaml_syntax_error_has_position);
	tcase_add_test(yaml, yaml_aliases_refused);
	tcase_add_test(yaml, yaml_duplicate_keys_refused);
	tcase_add_test(yaml, yaml_nulls_are_empty);
	tcase_add_test(yaml, yaml_shapes);
	tcase_add_test(yaml, yaml_strings);
	tcase_add_test(yaml, yaml_other_refusals);
	tcase_add_test(yaml, yaml_deep_nesting);
	suite_add_tcase(s, yaml);
	tcase_add_test(dir, dir_errors);
	tcase_add_test(dir, dir_scratch_cases);
	tcase_add_test(dir, r7_5_dir_diag_names_the_client_file_at_fault);
	tcase_add_test(dir, r7_5_dir_long_file_name_is_cut_between_escapes);
	tcase_add_test(dir, r7_4_json_syntax_error_place_is_1_based);
	suite_add_tcase(s, dir);

	TCase *api = tcase_create("api");
	ADD_ROWS(api, api_diag_names_file_client_entry_and_reason, diag_rows);
	tcase_add_test(api, api_load_json_buffer_and_arguments);
	tcase_add_test(api, abi_config_reserved_space_is_zeroed);
	suite_add_tcase(s, api);
	return s;
}

int main(void)
{
	return tu_run_suite(config_suite());
}
