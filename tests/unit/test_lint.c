/* SPDX-License-Identifier: MIT */
/*
 * auth0logout_config_lint (include/auth0logout/config.h): every finding code on
 * the nearest config that has the problem (exactly once) and on the nearest
 * clean variant (never); every entry status the library can refuse an entry
 * with, and the rule it maps to; exit statuses; text and JSON output; the
 * fixtures in tests/data/lint/ that the CLI tests use; and a 100,000-entry
 * list, which must stay linear.
 *
 * Configs are built in memory (the library's model, struct
 * auth0logout_config); the fixtures are read
 * with a small jansson reader of the Management API shape below, so that
 * this suite does not depend on a0l_config_read.
 *
 * Environment: AUTH0LOGOUT_SRCDIR, the source root (default ".").
 */
#include <check.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth0logout/config.h"
/* White-box: configs are built in memory in the library's own model. */
#include "../../lib/config/internal.h"
#include "testutil.h"

#define NONE   ((size_t)-1)
#define TENANT NONE
#define DATA   "tests/data/lint/"

/* ---- building configs ---------------------------------------------------- */

static void list_add(struct a0l_config_list *l, const char *s, size_t n)
{
	/* Capacity doubles at each power of two: 100,000 entries stay cheap
	 * under valgrind too. */
	if ((l->n & (l->n - 1)) == 0) {
		size_t cap = l->n ? 2 * l->n : 1;
		l->entries = realloc(l->entries, cap * sizeof *l->entries);
		l->lens = realloc(l->lens, cap * sizeof *l->lens);
		if (l->entries == NULL || l->lens == NULL)
			ck_abort_msg("out of memory");
	}
	l->entries[l->n] = malloc(n + 1);
	if (l->entries[l->n] == NULL)
		ck_abort_msg("out of memory");
	memcpy(l->entries[l->n], s, n);
	l->entries[l->n][n] = '\0';
	l->lens[l->n] = n;
	l->n++;
}

/* entries: NULL-terminated array of NUL-terminated strings (or NULL). */
static void list_set(struct a0l_config_list *l, const char *const *entries)
{
	for (size_t i = 0; entries && entries[i]; i++)
		list_add(l, entries[i], strlen(entries[i]));
}

static char *dup_or_null(const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	ck_assert_ptr_nonnull(d);
	return d;
}

static struct auth0logout_config *cfg_new(const char *const *tenant)
{
	struct auth0logout_config *c = calloc(1, sizeof *c);

	ck_assert_ptr_nonnull(c);
	c->source = dup_or_null("test.json");
	list_set(&c->tenant, tenant);
	return c;
}

/* Adds a client; client_id NULL stands for a missing one. */
static struct a0l_config_client *cfg_client(struct auth0logout_config *c,
                                            const char *client_id,
                                            const char *const *entries)
{
	struct a0l_config_client *cl;

	c->clients =
	    realloc(c->clients, (c->n_clients + 1) * sizeof *c->clients);
	ck_assert_ptr_nonnull(c->clients);
	cl = &c->clients[c->n_clients++];
	memset(cl, 0, sizeof *cl);
	cl->client_id = dup_or_null(client_id);
	cl->client_id_len = client_id ? strlen(client_id) : 0;
	list_set(&cl->list, entries);
	return cl;
}

static void list_free(struct a0l_config_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->entries[i]);
	free(l->entries);
	free(l->lens);
}

static void cfg_free(struct auth0logout_config *c)
{
	if (!c)
		return;
	list_free(&c->tenant);
	for (size_t i = 0; i < c->n_clients; i++) {
		free(c->clients[i].client_id);
		free(c->clients[i].name);
		free(c->clients[i].where);
		list_free(&c->clients[i].list);
	}
	free(c->clients);
	free(c->source);
	free(c);
}

/* ---- reading a fixture (Management API shape) ---------------------------- */

static const char *src_path(const char *rel)
{
	static char buf[4096];
	const char *dir = getenv("AUTH0LOGOUT_SRCDIR");
	int n;

	if (dir == NULL || dir[0] == '\0')
		dir = ".";
	n = snprintf(buf, sizeof buf, "%s/%s", dir, rel);
	ck_assert(n > 0 && (size_t)n < sizeof buf);
	return buf;
}

static void json_list(struct a0l_config_list *l, json_t *owner)
{
	json_t *urls = json_object_get(owner, "allowed_logout_urls");
	size_t i;
	json_t *v;

	json_array_foreach(urls, i, v)
	{
		ck_assert(json_is_string(v));
		list_add(l, json_string_value(v), json_string_length(v));
	}
}

static struct auth0logout_config *cfg_read(const char *rel)
{
	json_error_t err;
	json_t *root = json_load_file(src_path(rel), 0, &err);
	struct auth0logout_config *c;
	json_t *clients, *v;
	size_t i;

	ck_assert_msg(root != NULL, "%s: %s", rel, err.text);
	c = calloc(1, sizeof *c);
	ck_assert_ptr_nonnull(c);
	c->source = dup_or_null(strrchr(rel, '/') + 1);
	json_list(&c->tenant, json_object_get(root, "tenant"));
	clients = json_object_get(root, "clients");
	json_array_foreach(clients, i, v)
	{
		json_t *id = json_object_get(v, "client_id");
		json_t *name = json_object_get(v, "name");
		struct a0l_config_client *cl =
		    cfg_client(c, json_string_value(id), NULL);
		char where[256];

		cl->name = dup_or_null(json_string_value(name));
		cl->name_len = cl->name ? strlen(cl->name) : 0;
		snprintf(where, sizeof where, "clients[%zu] (client_id \"%s\")",
		         i, cl->client_id ? cl->client_id : "");
		cl->where = dup_or_null(where);
		json_list(&cl->list, v);
	}
	json_decref(root);
	return c;
}

/* ---- collecting findings ------------------------------------------------- */

struct got {
	int code;
	size_t client, index, related;
	int status;
	char rule[16];
	char message[160];
};

struct findings {
	struct got *f;
	size_t n;
};

static void collect(void *ctx, const auth0logout_lint_finding *f)
{
	struct findings *fs = ctx;
	struct got *g;

	if ((fs->n & (fs->n - 1)) == 0) {
		fs->f = realloc(fs->f, (fs->n ? 2 * fs->n : 1) * sizeof *fs->f);
		if (fs->f == NULL)
			ck_abort_msg("out of memory");
	}
	g = &fs->f[fs->n++];
	g->code = f->code;
	g->client = f->client;
	g->index = f->index;
	g->related = f->related;
	g->status = f->status;
	snprintf(g->rule, sizeof g->rule, "%s", f->rule ? f->rule : "");
	snprintf(g->message, sizeof g->message, "%s", f->message);
	/* The finding's own fields agree with the code table.  Checked with
	 * plain ifs: a passing ck_assert costs a write, and the large test
	 * collects 75,000 findings. */
	if (strcmp(f->id, auth0logout_lint_code_id((int)f->code)) != 0 ||
	    strcmp(f->slug, auth0logout_lint_code_slug((int)f->code)) != 0 ||
	    (int)f->severity != auth0logout_lint_code_severity((int)f->code) ||
	    f->list == NULL || f->message[0] == '\0' ||
	    strchr(f->message, '\n') != NULL ||
	    (f->index == NONE) != (f->entry == NULL))
		ck_abort_msg("inconsistent finding %s at %zu: %s", f->id,
		             f->index, f->message);
}

/* Lints c (nothing printed) into fs; returns the exit status. */
static int lint(const struct auth0logout_config *c, struct findings *fs)
{
	memset(fs, 0, sizeof *fs);
	return auth0logout_config_lint(c, 0, collect, fs, NULL);
}

static size_t count(const struct findings *fs, int code)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		n += fs->f[i].code == code;
	return n;
}

static const struct got *find(const struct findings *fs, int code)
{
	for (size_t i = 0; i < fs->n; i++)
		if (fs->f[i].code == code)
			return &fs->f[i];
	return NULL;
}

static const char *show_all(const struct findings *fs)
{
	static char buf[4096];
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < fs->n && o < sizeof buf; i++) {
		int n = snprintf(
		    buf + o, sizeof buf - o, " %s[%lld]",
		    auth0logout_lint_code_id((int)fs->f[i].code),
		    fs->f[i].index == NONE ? -1LL : (long long)fs->f[i].index);
		if (n < 0)
			break;
		o += (size_t)n;
	}
	return buf;
}

/* ---- every code: positive and negative ----------------------------------- */

#define MAXE 6

struct row {
	const char *what;
	int code;
	int in_client; /* the list is a client's (else the tenant's) */
	const char *entries[MAXE + 1];
	int want; /* findings of code: 1 (positive) or 0 (negative) */
	size_t index, related; /* of the finding, when want */
};

#define C(x) AUTH0LOGOUT_LINT_##x
/* Every code, in id order. */
static const int all_codes[] = {
    C(INVALID_ENTRY),     C(DUPLICATE_CLIENT_ID),      C(INVALID_CLIENT_ID),
    C(HTTP_NOT_LOOPBACK), C(WILDCARD_PUBLIC_SUFFIX),   C(WILDCARD_FIRST_ENTRY),
    C(DUPLICATE_ENTRY),   C(NEAR_DUPLICATE),           C(QUERY_OR_FRAGMENT),
    C(TOO_MANY_ENTRIES),  C(LOOPBACK_WITH_PRODUCTION), C(SCHEME_TYPO)};
#define N_CODES (sizeof all_codes / sizeof all_codes[0])

static const struct row rows[] = {
    /* W201 */
    {"http on a public host",
     C(HTTP_NOT_LOOPBACK),
     0,
     {"http://www.example.com"},
     1,
     0,
     NONE},
    {"http on an IPv4 host",
     C(HTTP_NOT_LOOPBACK),
     1,
     {"https://a.example.com", "HTTP://192.0.2.1:8080/x"},
     1,
     1,
     NONE},
    {"https on a public host",
     C(HTTP_NOT_LOOPBACK),
     0,
     {"https://www.example.com"},
     0,
     0,
     0},
    {"http on localhost",
     C(HTTP_NOT_LOOPBACK),
     0,
     {"http://localhost:3000", "http://LOCALHOST/x", "http://127.0.0.1",
      "http://127.1.2.3:8080", "http://[::1]:3000", "http://app.localhost"},
     0,
     0,
     0},
    {"http on *.localhost and mapped IPv6",
     C(HTTP_NOT_LOOPBACK),
     0,
     {"http://*.app.localhost", "http://[::ffff:127.0.0.1]/",
      "http://[0:0:0:0:0:0:0:1]/"},
     0,
     0,
     0},

    /* W202 */
    {"wildcard over co.uk",
     C(WILDCARD_PUBLIC_SUFFIX),
     0,
     {"https://*.co.uk"},
     1,
     0,
     NONE},
    {"wildcard over github.io",
     C(WILDCARD_PUBLIC_SUFFIX),
     1,
     {"https://www.example.com", "https://*.github.io"},
     1,
     1,
     NONE},
    {"wildcard over vercel.app",
     C(WILDCARD_PUBLIC_SUFFIX),
     0,
     {"https://*.vercel.app"},
     1,
     0,
     NONE},
    {"prefixed wildcard over github.io, upper case",
     C(WILDCARD_PUBLIC_SUFFIX),
     0,
     {"https://pr-*.GitHub.IO"},
     1,
     0,
     NONE},
    {"wildcard under a registrable domain",
     C(WILDCARD_PUBLIC_SUFFIX),
     0,
     {"https://*.example.co.uk", "https://*.me.github.io",
      "https://*.example.com"},
     0,
     0,
     0},
    {"exact host that is a public suffix",
     C(WILDCARD_PUBLIC_SUFFIX),
     0,
     {"https://github.io"},
     0,
     0,
     0},

    /* W203 */
    {"client's first entry a wildcard",
     C(WILDCARD_FIRST_ENTRY),
     1,
     {"https://*.example.com", "https://app.example.com"},
     1,
     0,
     NONE},
    {"client's wildcard second",
     C(WILDCARD_FIRST_ENTRY),
     1,
     {"https://app.example.com", "https://*.example.com"},
     0,
     0,
     0},
    {"tenant's first entry a wildcard",
     C(WILDCARD_FIRST_ENTRY),
     0,
     {"https://*.example.com", "https://app.example.com"},
     0,
     0,
     0},

    /* W204 */
    {"identical entries",
     C(DUPLICATE_ENTRY),
     0,
     {"https://a.example.com/x", "https://b.example.com",
      "https://a.example.com/x"},
     1,
     2,
     0},
    {"case-only duplicate of scheme and host",
     C(DUPLICATE_ENTRY),
     1,
     {"https://a.example.com/x", "HTTPS://A.Example.COM/x"},
     1,
     1,
     0},
    {"duplicate but for the query",
     C(DUPLICATE_ENTRY),
     0,
     {"https://a.example.com/x", "https://a.example.com/x?y=1"},
     1,
     1,
     0},
    {"duplicate custom scheme",
     C(DUPLICATE_ENTRY),
     1,
     {"com.example.app://cb", "COM.Example.App://cb"},
     1,
     1,
     0},
    {"duplicate wildcard",
     C(DUPLICATE_ENTRY),
     0,
     {"https://*.example.com", "https://*.EXAMPLE.com"},
     1,
     1,
     0},
    {"path case differs",
     C(DUPLICATE_ENTRY),
     0,
     {"https://a.example.com/x", "https://a.example.com/X"},
     0,
     0,
     0},
    {"port differs",
     C(DUPLICATE_ENTRY),
     0,
     {"https://a.example.com:8443", "https://a.example.com:9443"},
     0,
     0,
     0},
    {"scheme differs",
     C(DUPLICATE_ENTRY),
     0,
     {"https://a.example.com", "http://a.example.com"},
     0,
     0,
     0},

    /* W205 */
    {"trailing slash",
     C(NEAR_DUPLICATE),
     0,
     {"https://a.example.com", "https://a.example.com/"},
     1,
     1,
     0},
    {"trailing slash on a path",
     C(NEAR_DUPLICATE),
     1,
     {"https://a.example.com/bye/", "https://a.example.com/bye"},
     1,
     1,
     0},
    {"default https port",
     C(NEAR_DUPLICATE),
     0,
     {"https://a.example.com/x", "https://A.example.com:443/x"},
     1,
     1,
     0},
    {"default http port and slash",
     C(NEAR_DUPLICATE),
     0,
     {"http://localhost:80/", "http://localhost"},
     1,
     1,
     0},
    {"non-default port",
     C(NEAR_DUPLICATE),
     0,
     {"https://a.example.com", "https://a.example.com:8443"},
     0,
     0,
     0},
    {"the other scheme's default port",
     C(NEAR_DUPLICATE),
     0,
     {"https://a.example.com", "https://a.example.com:80",
      "http://b.example.com", "http://b.example.com:443"},
     0,
     0,
     0},
    {"different paths",
     C(NEAR_DUPLICATE),
     0,
     {"https://a.example.com/x", "https://a.example.com/y/",
      "https://a.example.com/x//"},
     0,
     0,
     0},

    /* W206 */
    {"query",
     C(QUERY_OR_FRAGMENT),
     0,
     {"https://a.example.com/?from=x"},
     1,
     0,
     NONE},
    {"fragment",
     C(QUERY_OR_FRAGMENT),
     1,
     {"https://a.example.com/#bye"},
     1,
     0,
     NONE},
    {"no query or fragment",
     C(QUERY_OR_FRAGMENT),
     0,
     {"https://a.example.com/x", "myapp:cb"},
     0,
     0,
     0},

    /* W208 */
    {"localhost next to production",
     C(LOOPBACK_WITH_PRODUCTION),
     1,
     {"https://app.example.com", "http://localhost:3000"},
     1,
     1,
     0},
    {"127.0.0.1 before production",
     C(LOOPBACK_WITH_PRODUCTION),
     0,
     {"https://127.0.0.1:8443/cb", "myapp://cb", "https://*.example.com"},
     1,
     0,
     2},
    {"[::1] next to production",
     C(LOOPBACK_WITH_PRODUCTION),
     0,
     {"https://app.example.com", "http://[::1]:3000"},
     1,
     1,
     0},
    {"loopback only",
     C(LOOPBACK_WITH_PRODUCTION),
     1,
     {"http://localhost:3000", "http://127.0.0.1:3000/cb",
      "http://dev.localhost", "http://[::1]/"},
     0,
     0,
     0},
    {"loopback and a native app",
     C(LOOPBACK_WITH_PRODUCTION),
     1,
     {"http://localhost:3000", "com.example.app://example.com/cb"},
     0,
     0,
     0},
    {"not loopback: 128.0.0.1, localhost.example.com",
     C(LOOPBACK_WITH_PRODUCTION),
     0,
     {"https://128.0.0.1", "https://localhost.example.com"},
     0,
     0,
     0},

    /* W209 */
    {"htps", C(SCHEME_TYPO), 0, {"htps://www.example.com"}, 1, 0, NONE},
    {"htttp", C(SCHEME_TYPO), 1, {"htttp://www.example.com"}, 1, 0, NONE},
    {"hhtps", C(SCHEME_TYPO), 0, {"hhtps://www.example.com"}, 1, 0, NONE},
    {"HTTSP (transposed)",
     C(SCHEME_TYPO),
     0,
     {"HTTSP://www.example.com"},
     1,
     0,
     NONE},
    {"hxxps (distance 2, 5 letters)",
     C(SCHEME_TYPO),
     0,
     {"hxxps://www.example.com"},
     1,
     0,
     NONE},
    {"real custom schemes",
     C(SCHEME_TYPO),
     1,
     {"myapp://cb", "com.example.app:/cb", "ftp://a.example.com",
      "ftps://a.example.com", "sftp://a.example.com", "exp://127.0.0.1"},
     0,
     0,
     0},
    {"http and https in any case",
     C(SCHEME_TYPO),
     0,
     {"HTTPS://www.example.com", "Http://www.example.com"},
     0,
     0,
     0},
};

START_TEST(lint_row)
{
	const struct row *r = &rows[_i];
	struct auth0logout_config *c;
	struct findings fs;
	const struct got *g;
	int rc;

	if (r->in_client) {
		c = cfg_new(NULL);
		cfg_client(c, "AbC123", r->entries);
	} else {
		c = cfg_new(r->entries);
	}
	rc = lint(c, &fs);
	ck_assert_msg(count(&fs, r->code) == (size_t)r->want,
	              "%s: %s %d time(s), want %d; all:%s", r->what,
	              auth0logout_lint_code_id(r->code),
	              (int)count(&fs, r->code), r->want, show_all(&fs));
	if (r->want) {
		g = find(&fs, r->code);
		ck_assert_uint_eq(g->client, r->in_client ? 0 : TENANT);
		ck_assert_uint_eq(g->index, r->index);
		ck_assert_uint_eq(g->related, r->related);
		ck_assert_int_eq(rc, 1);
	}
	/* No errors in any row: each is a warning case. */
	ck_assert_int_ne(rc, 2);
	free(fs.f);
	cfg_free(c);
}
END_TEST

/* W201 and W208: a *.localhost name is loopback however long it is
 * (preview builds name hosts after branches); only an IP literal has a
 * length beyond which it cannot be one. */
#define LONG_LOCALHOST                                                         \
	"http://preview-build-1234-feature-branch-with-a-rather-long-name."    \
	"localhost:3000"

START_TEST(lint_w201_w208_long_localhost_name_is_loopback)
{
	static const char *const loopback_only[] = {
	    LONG_LOCALHOST, "http://short.localhost:3000", NULL};
	static const char *const with_production[] = {"https://example.com",
	                                              LONG_LOCALHOST, NULL};
	static const char *const long_public[] = {
	    "http://preview-build-1234-feature-branch-with-a-rather-long-name."
	    "example.com",
	    NULL};
	struct auth0logout_config *c;
	struct findings fs;
	const struct got *g;
	int rc;

	/* Loopback only: nothing to say. */
	c = cfg_new(loopback_only);
	rc = lint(c, &fs);
	ck_assert_msg(rc == 0 && fs.n == 0, "findings:%s", show_all(&fs));
	free(fs.f);
	cfg_free(c);

	/* Next to production: W208 on the long name, no W201. */
	c = cfg_new(with_production);
	rc = lint(c, &fs);
	ck_assert_msg(count(&fs, C(HTTP_NOT_LOOPBACK)) == 0, "findings:%s",
	              show_all(&fs));
	ck_assert_msg(count(&fs, C(LOOPBACK_WITH_PRODUCTION)) == 1,
	              "findings:%s", show_all(&fs));
	g = find(&fs, C(LOOPBACK_WITH_PRODUCTION));
	ck_assert_uint_eq(g->index, 1);
	ck_assert_uint_eq(g->related, 0);
	ck_assert_int_eq(rc, 1);
	free(fs.f);
	cfg_free(c);

	/* A long name that is not loopback is still plain http. */
	c = cfg_new(long_public);
	lint(c, &fs);
	ck_assert_msg(count(&fs, C(HTTP_NOT_LOOPBACK)) == 1, "findings:%s",
	              show_all(&fs));
	free(fs.f);
	cfg_free(c);
}
END_TEST

/* W204 and R4.5: the duplicate key is the library's, so a custom
 * scheme's authority in another case is another entry, and the message
 * says only what did fold. */
START_TEST(lint_w204_r4_5_custom_authority_is_exact)
{
	static const char *const custom_case[] = {"myapp://SignOut",
	                                          "myapp://signout", NULL};
	static const char *const custom_scheme[] = {"MyApp://signout",
	                                            "myapp://signout", NULL};
	static const char *const http_host[] = {
	    "https://App.Example.com", "https://app.example.com", NULL};
	struct auth0logout_config *c;
	struct findings fs;
	const struct got *g;

	c = cfg_new(custom_case);
	lint(c, &fs);
	ck_assert_msg(fs.n == 0, "findings:%s", show_all(&fs));
	free(fs.f);
	cfg_free(c);

	c = cfg_new(custom_scheme);
	lint(c, &fs);
	ck_assert_msg(count(&fs, C(DUPLICATE_ENTRY)) == 1, "findings:%s",
	              show_all(&fs));
	g = find(&fs, C(DUPLICATE_ENTRY));
	ck_assert_msg(strstr(g->message, "the scheme compares "
	                                 "case-insensitively") != NULL &&
	                  strstr(g->message, "host") == NULL,
	              "%s", g->message);
	free(fs.f);
	cfg_free(c);

	c = cfg_new(http_host);
	lint(c, &fs);
	ck_assert_msg(count(&fs, C(DUPLICATE_ENTRY)) == 1, "findings:%s",
	              show_all(&fs));
	g = find(&fs, C(DUPLICATE_ENTRY));
	ck_assert_msg(strstr(g->message, "scheme and host compare "
	                                 "case-insensitively") != NULL,
	              "%s", g->message);
	free(fs.f);
	cfg_free(c);
}
END_TEST

/* ---- E101: every status an entry can get, and its rule ------------------- */

struct bad {
	const char *entry; /* NULL: built by the test (too long) */
	size_t len;
	int status;
	const char *rule;
};

#define BAD(lit, st, rule)                                                     \
	{                                                                      \
		lit, sizeof(lit) - 1, AUTH0LOGOUT_E_##st, rule                 \
	}

static const struct bad bads[] = {
    {NULL, 0, AUTH0LOGOUT_E_URL_TOO_LONG, "R1.8"},
    BAD("https://a.example.com/\x01", URL_CONTROL, "R4.1"),
    BAD("https://a.example.com/\0x", URL_CONTROL, "R4.1"),
    BAD("https://a.example.com\\x", URL_BACKSLASH, "R4.1"),
    BAD(" https://a.example.com", URL_SPACE, "R4.1"),
    BAD("javascript:alert(1)", URL_FORBIDDEN_SCHEME, "R4.2"),
    BAD("https:/x", URL_NO_HOST, "R4.3"),
    BAD("https://user@example.com", URL_USERINFO, "R4.4"),
    BAD("https://a..example.com", URL_BAD_HOST, "R4.5"),
    BAD("https://xn--a.example.com", URL_BAD_PUNYCODE, "R4.5"),
    BAD("https://a.example.com:0", URL_BAD_PORT, "R4.6"),
    BAD("https://a b.example.com", URL_BAD_CHAR, "R4.7"),
    BAD("https://a.example.com/%zz", URL_SYNTAX, "R4.7"),
    BAD("www.example.com", ENTRY_NO_SCHEME, "R5.2"),
    BAD("localhost:3000", ENTRY_NO_SCHEME, "R5.2"),
    BAD("https://a.example.com/*", ENTRY_WILDCARD_PLACE, "R5.6"),
    BAD("https://*.com", ENTRY_WILDCARD_TLD, "R5.5"),
    BAD("", ENTRY_EMPTY, "R5.1"),
    BAD("http://*.example.com\xff", URL_BAD_CHAR, "R4.7"),
};

START_TEST(lint_invalid_entry)
{
	const struct bad *b = &bads[_i];
	char big[AUTH0LOGOUT_MAX_URL + 64];
	const char *s = b->entry;
	size_t n = b->len;
	struct auth0logout_config *c = cfg_new(NULL);
	struct a0l_config_client *cl;
	struct findings fs;
	const struct got *g;

	if (s == NULL) {
		memset(big, 'a', sizeof big);
		memcpy(big, "https://a.example.com/", 22);
		s = big;
		n = sizeof big;
	}
	/* A clean entry, the bad one, and its duplicate: the bad entries get
	 * the error only (no W204 for the second). */
	cl = cfg_client(c, "AbC123", NULL);
	list_add(&cl->list, S("https://app.example.com"));
	list_add(&cl->list, s, n);
	list_add(&cl->list, s, n);
	ck_assert_int_eq(lint(c, &fs), 2);
	ck_assert_msg(fs.n == 2, "%s: %zu findings:%s", tu_show(s, n), fs.n,
	              show_all(&fs));
	for (size_t k = 0; k < 2; k++) {
		g = &fs.f[k];
		ck_assert_int_eq(g->code, AUTH0LOGOUT_LINT_INVALID_ENTRY);
		ck_assert_uint_eq(g->index, k + 1);
		ck_assert_uint_eq(g->client, 0);
		ck_assert_msg(g->status == b->status, "%s: %s, want %s",
		              tu_show(s, n), tu_name(g->status),
		              tu_name(b->status));
		ck_assert_str_eq(g->rule, b->rule);
		ck_assert_str_eq(auth0logout_status_rule(g->status), b->rule);
		/* The message names the status. */
		ck_assert_ptr_nonnull(
		    strstr(g->message, auth0logout_status_name(b->status)));
	}
	free(fs.f);
	cfg_free(c);
}
END_TEST

/* Every entry-related status has a rule (auth0logout_status_rule, the
 * core's); ok and resource errors have none. */
START_TEST(lint_status_rules)
{
	for (int st = AUTH0LOGOUT_E_URL_TOO_LONG;
	     st <= AUTH0LOGOUT_E_ENTRY_EMPTY; st++) {
		if (strcmp(auth0logout_status_name(st), "unknown") == 0)
			continue;
		ck_assert_msg(auth0logout_status_rule(st) != NULL, "%s",
		              auth0logout_status_name(st));
	}
	ck_assert_str_eq(auth0logout_status_rule(AUTH0LOGOUT_E_URL_NO_SCHEME),
	                 "R4.2");
	ck_assert_str_eq(auth0logout_status_rule(AUTH0LOGOUT_E_URL_TOO_COMPLEX),
	                 "R4.7");
	ck_assert_ptr_null(auth0logout_status_rule(AUTH0LOGOUT_OK));
	ck_assert_ptr_null(auth0logout_status_rule(AUTH0LOGOUT_E_NOMEM));
	ck_assert_str_eq(auth0logout_status_rule(AUTH0LOGOUT_E_NOT_ALLOWED),
	                 "R3.2");
	ck_assert_ptr_null(auth0logout_lint_code_id(0));
	ck_assert_ptr_null(auth0logout_lint_code_id(210));
	ck_assert_ptr_null(auth0logout_lint_code_slug(-1));
	ck_assert_int_eq(auth0logout_lint_code_severity(104), 0);
	for (size_t i = 0; i < N_CODES; i++) {
		char id[8];
		snprintf(id, sizeof id, "%c%d", all_codes[i] < 200 ? 'E' : 'W',
		         all_codes[i]);
		ck_assert_str_eq(auth0logout_lint_code_id(all_codes[i]), id);
	}
}
END_TEST

START_TEST(lint_valid_entry_no_error)
{
	struct auth0logout_config *c = cfg_new(NULL);
	struct findings fs;

	cfg_client(c, "AbC123",
	           (const char *[]){"https://user.example.com/@x", NULL});
	ck_assert_int_eq(lint(c, &fs), 0);
	ck_assert_uint_eq(fs.n, 0);
	free(fs.f);
	cfg_free(c);
}
END_TEST

/* ---- clients: E102, E103 ------------------------------------------------- */

START_TEST(lint_duplicate_client_id)
{
	const char *one[] = {"https://a.example.com", NULL};
	struct auth0logout_config *c = cfg_new(NULL);
	struct findings fs;
	const struct got *g;

	cfg_client(c, "AbC123", one);
	cfg_client(c, "Other1", one);
	cfg_client(c, "AbC123", one);
	ck_assert_int_eq(lint(c, &fs), 2);
	ck_assert_uint_eq(count(&fs, AUTH0LOGOUT_LINT_DUPLICATE_CLIENT_ID), 1);
	g = find(&fs, AUTH0LOGOUT_LINT_DUPLICATE_CLIENT_ID);
	ck_assert_uint_eq(g->client, 2);
	ck_assert_uint_eq(g->index, NONE);
	ck_assert_uint_eq(g->related, 0);
	ck_assert_uint_eq(fs.n, 1);
	free(fs.f);
	cfg_free(c);

	/* Negative: ids that differ only in case are different ids. */
	c = cfg_new(NULL);
	cfg_client(c, "AbC123", one);
	cfg_client(c, "abc123", one);
	ck_assert_int_eq(lint(c, &fs), 0);
	ck_assert_uint_eq(fs.n, 0);
	free(fs.f);
	cfg_free(c);
}
END_TEST

static const struct {
	const char *id; /* NULL: missing */
	size_t len;     /* bytes of id; more than strlen: padded with 'x' */
	int want;
} ids[] = {
    {NULL, 0, 1},     {"", 0, 1},    {"a\x01", 2, 1},
    {"a\0b", 3, 1},   {"x", 257, 1}, /* too long */
    {"x", 256, 0},                   /* at the limit */
    {"AbC123", 6, 0},
};

START_TEST(lint_invalid_client_id)
{
	struct auth0logout_config *c = cfg_new(NULL);
	struct a0l_config_client *cl = cfg_client(c, NULL, NULL);
	struct findings fs;
	size_t n = ids[_i].len;

	list_add(&cl->list, S("https://a.example.com"));
	if (ids[_i].id) {
		size_t k = strlen(ids[_i].id);
		if (k < 3 && n == 3)
			k = 3; /* "a\0b" */
		cl->client_id = malloc(n + 1);
		ck_assert_ptr_nonnull(cl->client_id);
		memset(cl->client_id, 'x', n);
		memcpy(cl->client_id, ids[_i].id, k < n ? k : n);
		cl->client_id[n] = '\0';
		cl->client_id_len = n;
	}
	ck_assert_int_eq(lint(c, &fs), ids[_i].want ? 2 : 0);
	ck_assert_uint_eq(count(&fs, AUTH0LOGOUT_LINT_INVALID_CLIENT_ID),
	                  (size_t)ids[_i].want);
	ck_assert_uint_eq(fs.n, (size_t)ids[_i].want);
	if (ids[_i].want) {
		ck_assert_uint_eq(fs.f[0].client, 0);
		ck_assert_uint_eq(fs.f[0].index, NONE);
	}
	free(fs.f);
	cfg_free(c);
}
END_TEST

/* ---- W207 ---------------------------------------------------------------- */

static struct auth0logout_config *cfg_many(size_t n)
{
	struct auth0logout_config *c = cfg_new(NULL);
	struct a0l_config_client *cl = cfg_client(c, "AbC123", NULL);
	char buf[64];

	for (size_t i = 0; i < n; i++) {
		int k =
		    snprintf(buf, sizeof buf, "https://h%zu.example.com/", i);
		list_add(&cl->list, buf, (size_t)k);
	}
	return c;
}

START_TEST(lint_too_many_entries)
{
	struct auth0logout_config *c = cfg_many(101);
	struct findings fs;
	const struct got *g;

	ck_assert_int_eq(lint(c, &fs), 1);
	ck_assert_uint_eq(fs.n, 1);
	g = find(&fs, AUTH0LOGOUT_LINT_TOO_MANY_ENTRIES);
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(g->index, NONE);
	ck_assert_uint_eq(g->client, 0);
	free(fs.f);

	/* The limit can be set. */
	memset(&fs, 0, sizeof fs);
	ck_assert_int_eq(auth0logout_config_lint(c, 101, collect, &fs, NULL),
	                 0);
	ck_assert_uint_eq(fs.n, 0);
	free(fs.f);
	cfg_free(c);

	c = cfg_many(100);
	ck_assert_int_eq(lint(c, &fs), 0);
	ck_assert_uint_eq(fs.n, 0);
	free(fs.f);
	cfg_free(c);
}
END_TEST

/* ---- the fixtures and exit statuses -------------------------------------- */

/* The codes each fixture yields, in output order: (code, client, index). */
struct want {
	int code;
	size_t client, index;
};

static const struct want want_warnings[] = {
    {C(HTTP_NOT_LOOPBACK), TENANT, 0}, {C(WILDCARD_PUBLIC_SUFFIX), TENANT, 1},
    {C(DUPLICATE_ENTRY), TENANT, 3},   {C(NEAR_DUPLICATE), TENANT, 5},
    {C(QUERY_OR_FRAGMENT), TENANT, 6}, {C(LOOPBACK_WITH_PRODUCTION), TENANT, 7},
    {C(SCHEME_TYPO), TENANT, 8},       {C(WILDCARD_FIRST_ENTRY), 0, 0},
    {C(TOO_MANY_ENTRIES), 1, NONE},
};

static const struct want want_all[] = {
    {C(HTTP_NOT_LOOPBACK), TENANT, 0}, {C(WILDCARD_PUBLIC_SUFFIX), TENANT, 1},
    {C(DUPLICATE_ENTRY), TENANT, 3},   {C(NEAR_DUPLICATE), TENANT, 5},
    {C(QUERY_OR_FRAGMENT), TENANT, 6}, {C(LOOPBACK_WITH_PRODUCTION), TENANT, 7},
    {C(SCHEME_TYPO), TENANT, 8},       {C(INVALID_ENTRY), TENANT, 9},
    {C(WILDCARD_FIRST_ENTRY), 0, 0},   {C(TOO_MANY_ENTRIES), 1, NONE},
    {C(DUPLICATE_CLIENT_ID), 2, NONE}, {C(INVALID_CLIENT_ID), 3, NONE},
};

static void check_fixture(const char *rel, const struct want *w, size_t n,
                          int status)
{
	struct auth0logout_config *c = cfg_read(rel);
	struct findings fs;

	ck_assert_int_eq(lint(c, &fs), status);
	ck_assert_msg(fs.n == n, "%s: %zu findings, want %zu:%s", rel, fs.n, n,
	              show_all(&fs));
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(fs.f[i].code == w[i].code &&
		                  fs.f[i].client == w[i].client &&
		                  fs.f[i].index == w[i].index,
		              "%s: finding %zu:%s", rel, i, show_all(&fs));
	}
	free(fs.f);
	cfg_free(c);
}

START_TEST(lint_fixture_clean)
{
	check_fixture(DATA "clean.json", NULL, 0, 0);
}
END_TEST

START_TEST(lint_fixture_warnings)
{
	check_fixture(DATA "warnings.json", want_warnings,
	              (size_t)N_ROWS(want_warnings), 1);
}
END_TEST

/* One instance of each problem: every code exactly once. */
START_TEST(lint_fixture_all)
{
	struct auth0logout_config *c = cfg_read(DATA "all.json");
	struct findings fs;

	check_fixture(DATA "all.json", want_all, (size_t)N_ROWS(want_all), 2);
	ck_assert_int_eq(lint(c, &fs), 2);
	for (size_t i = 0; i < N_CODES; i++)
		ck_assert_msg(count(&fs, all_codes[i]) == 1, "%s:%s",
		              auth0logout_lint_code_id(all_codes[i]),
		              show_all(&fs));
	ck_assert_str_eq(find(&fs, C(INVALID_ENTRY))->rule, "R4.4");
	ck_assert_int_eq(find(&fs, C(INVALID_ENTRY))->status,
	                 AUTH0LOGOUT_E_URL_USERINFO);
	free(fs.f);
	cfg_free(c);
}
END_TEST

/* ---- output -------------------------------------------------------------- */

/* Runs auth0logout_config_lint_print with format on c, returning what it
 * printed. */
static char *run(const struct auth0logout_config *c, int format, int *status)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	*status = auth0logout_config_lint_print(c, format, f);
	ck_assert_int_eq(fclose(f), 0);
	/* Text and JSON alike: no NUL byte inside. */
	ck_assert_uint_eq(strlen(buf), len);
	return buf;
}

START_TEST(lint_text_clean_is_one_line)
{
	struct auth0logout_config *c = cfg_read(DATA "clean.json");
	int st;
	char *out = run(c, AUTH0LOGOUT_LINT_TEXT, &st);

	ck_assert_int_eq(st, 0);
	ck_assert_str_eq(out,
	                 "clean.json: no problems in 4 lists (9 entries)\n");
	free(out);
	cfg_free(c);
}
END_TEST

START_TEST(lint_text_lines)
{
	struct auth0logout_config *c = cfg_read(DATA "all.json");
	int st;
	char *out = run(c, AUTH0LOGOUT_LINT_TEXT, &st);
	size_t lines = 0;

	ck_assert_int_eq(st, 2);
	for (const char *p = out; *p; p++)
		lines += *p == '\n';
	ck_assert_uint_eq(lines, (size_t)N_ROWS(want_all) + 1);
	ck_assert_ptr_nonnull(
	    strstr(out, "all.json: tenant: allowed_logout_urls[9] "
	                "\"https://user@www.example.com/e\": error E101 "
	                "invalid-entry: url_userinfo: "));
	ck_assert_ptr_nonnull(strstr(out, "(R4.4)\n"));
	ck_assert_ptr_nonnull(
	    strstr(out, "all.json: clients[1] (client_id \"Big001\"): "
	                "warning W207 too-many-entries: 101 entries; Auth0 "
	                "accepts at most 100 in one list\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nall.json: 3 errors, 9 warnings "
	                                  "in 5 lists (115 entries)\n"));
	free(out);
	cfg_free(c);
}
END_TEST

/* Entries with any bytes print as one escaped line of valid UTF-8. */
START_TEST(lint_text_escapes)
{
	struct auth0logout_config *c = cfg_new(NULL);
	struct a0l_config_client *cl = cfg_client(c, "AbC123", NULL);
	int st;
	char *out;
	char big[600];

	list_add(&cl->list, S("https://a.example.com/\"\n\0\xff"));
	memset(big, 'b', sizeof big);
	memcpy(big, "\x01", 1);
	list_add(&cl->list, big, sizeof big);
	free(cl->where);
	cl->where = dup_or_null("clients/My\nApp.json");
	out = run(c, AUTH0LOGOUT_LINT_TEXT, &st);
	ck_assert_int_eq(st, 2);
	ck_assert_ptr_nonnull(strstr(
	    out, "test.json: clients/My\xEF\xBF\xBD"
	         "App.json: "
	         "allowed_logout_urls[0] "
	         "\"https://a.example.com/\\\"\\x0A\\x00\xEF\xBF\xBD\": error "
	         "E101 invalid-entry: url_control: "));
	/* A long entry is cut, with "...". */
	ck_assert_ptr_nonnull(strstr(out, "allowed_logout_urls[1] \"\\x01bbb"));
	ck_assert_ptr_nonnull(strstr(out, "bbb\"...: error E101"));
	{
		size_t lines = 0;
		for (const char *p = out; *p; p++)
			lines += *p == '\n';
		ck_assert_uint_eq(lines, 3);
	}
	free(out);
	cfg_free(c);
}
END_TEST

static void check_finding_keys(json_t *f)
{
	static const char *const keys[] = {
	    "code",  "slug",         "severity",  "rule",   "status",
	    "list",  "client_index", "client_id", "name",   "where",
	    "index", "entry",        "related",   "message"};

	ck_assert(json_is_object(f));
	ck_assert_uint_eq(json_object_size(f), N_ROWS(keys));
	for (int k = 0; k < N_ROWS(keys); k++)
		ck_assert_msg(json_object_get(f, keys[k]) != NULL, "no %s",
		              keys[k]);
	ck_assert(json_is_string(json_object_get(f, "code")));
	ck_assert(json_is_string(json_object_get(f, "slug")));
	ck_assert(json_is_string(json_object_get(f, "message")));
	ck_assert(json_is_string(json_object_get(f, "where")));
}

START_TEST(lint_json)
{
	struct auth0logout_config *c = cfg_read(DATA "all.json");
	int st;
	char *out = run(c, AUTH0LOGOUT_LINT_JSON, &st);
	json_error_t err;
	json_t *root, *fs, *f;
	size_t i;

	ck_assert_int_eq(st, 2);
	/* One line. */
	ck_assert_ptr_eq(strchr(out, '\n'), out + strlen(out) - 1);
	root = json_loads(out, 0, &err);
	ck_assert_msg(root != NULL, "%s", err.text);
	ck_assert_str_eq(json_string_value(json_object_get(root, "source")),
	                 "all.json");
	ck_assert_int_eq(
	    json_integer_value(json_object_get(root, "exit_status")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(root, "errors")),
	                 3);
	ck_assert_int_eq(json_integer_value(json_object_get(root, "warnings")),
	                 9);
	ck_assert_int_eq(json_integer_value(json_object_get(root, "lists")), 5);
	ck_assert_int_eq(json_integer_value(json_object_get(root, "entries")),
	                 115);
	fs = json_object_get(root, "findings");
	ck_assert(json_is_array(fs));
	ck_assert_uint_eq(json_array_size(fs), N_ROWS(want_all));
	json_array_foreach(fs, i, f)
	{
		check_finding_keys(f);
		ck_assert_str_eq(json_string_value(json_object_get(f, "code")),
		                 auth0logout_lint_code_id(want_all[i].code));
	}

	/* The tenant's invalid entry. */
	f = json_array_get(fs, 7);
	ck_assert_str_eq(json_string_value(json_object_get(f, "code")), "E101");
	ck_assert_str_eq(json_string_value(json_object_get(f, "slug")),
	                 "invalid-entry");
	ck_assert_str_eq(json_string_value(json_object_get(f, "severity")),
	                 "error");
	ck_assert_str_eq(json_string_value(json_object_get(f, "rule")), "R4.4");
	ck_assert_str_eq(json_string_value(json_object_get(f, "status")),
	                 "url_userinfo");
	ck_assert_str_eq(json_string_value(json_object_get(f, "list")),
	                 "tenant");
	ck_assert(json_is_null(json_object_get(f, "client_index")));
	ck_assert(json_is_null(json_object_get(f, "client_id")));
	ck_assert_str_eq(json_string_value(json_object_get(f, "where")),
	                 "tenant");
	ck_assert_int_eq(json_integer_value(json_object_get(f, "index")), 9);
	ck_assert_str_eq(json_string_value(json_object_get(f, "entry")),
	                 "https://user@www.example.com/e");
	ck_assert(json_is_null(json_object_get(f, "related")));

	/* The duplicate entry names the earlier one. */
	f = json_array_get(fs, 2);
	ck_assert_str_eq(json_string_value(json_object_get(f, "severity")),
	                 "warning");
	ck_assert(json_is_null(json_object_get(f, "status")));
	ck_assert_int_eq(json_integer_value(json_object_get(f, "related")), 2);

	/* The duplicate client. */
	f = json_array_get(fs, 10);
	ck_assert_str_eq(json_string_value(json_object_get(f, "list")),
	                 "client");
	ck_assert_int_eq(json_integer_value(json_object_get(f, "client_index")),
	                 2);
	ck_assert_str_eq(json_string_value(json_object_get(f, "client_id")),
	                 "AbC123");
	ck_assert_str_eq(json_string_value(json_object_get(f, "name")),
	                 "My SPA (copy)");
	ck_assert(json_is_null(json_object_get(f, "index")));
	ck_assert(json_is_null(json_object_get(f, "entry")));
	ck_assert_int_eq(json_integer_value(json_object_get(f, "related")), 0);

	json_decref(root);
	free(out);
	cfg_free(c);
}
END_TEST

/* A clean config in JSON: no findings, exit_status 0. */
START_TEST(lint_json_clean_and_bytes)
{
	struct auth0logout_config *c = cfg_read(DATA "clean.json");
	struct a0l_config_client *cl;
	int st;
	char *out = run(c, AUTH0LOGOUT_LINT_JSON, &st);
	json_error_t err;
	json_t *root;

	ck_assert_int_eq(st, 0);
	root = json_loads(out, 0, &err);
	ck_assert_msg(root != NULL, "%s", err.text);
	ck_assert_uint_eq(json_array_size(json_object_get(root, "findings")),
	                  0);
	ck_assert_int_eq(
	    json_integer_value(json_object_get(root, "exit_status")), 0);
	json_decref(root);
	free(out);

	/* Ill-formed UTF-8 and NULs still give valid JSON. */
	cl = cfg_client(c, "x\xff", NULL);
	list_add(&cl->list, S("https://a.example.com/\0\xc3("));
	out = run(c, AUTH0LOGOUT_LINT_JSON, &st);
	ck_assert_int_eq(st, 2);
	root = json_loads(out, JSON_ALLOW_NUL, &err);
	ck_assert_msg(root != NULL, "%s", err.text);
	{
		json_t *f =
		    json_array_get(json_object_get(root, "findings"), 0);
		ck_assert_uint_eq(
		    json_string_length(json_object_get(f, "entry")),
		    strlen("https://a.example.com/") + 1 + 3 + 1);
		ck_assert_str_eq(
		    json_string_value(json_object_get(f, "client_id")),
		    "x\xEF\xBF\xBD");
	}
	json_decref(root);
	free(out);
	cfg_free(c);
}
END_TEST

/* ---- scale --------------------------------------------------------------- */

/* 100,000 entries, half of them duplicates and a quarter near-duplicates,
 * give one finding per later entry, naming the first.  (Speed is not
 * asserted here: the checks are hash-based by construction, and the
 * suite's timeout only guards against a hang.) */
START_TEST(lint_large_list)
{
	const size_t n = 100000;
	struct auth0logout_config *c = cfg_new(NULL);
	struct findings fs;
	char buf[64];

	for (size_t i = 0; i < n; i++) {
		size_t h = i % (n / 2);
		int k = snprintf(buf, sizeof buf, "https://h%zu.example.com%s",
		                 h % (n / 4), h >= n / 4 ? "/" : "");
		list_add(&c->tenant, buf, (size_t)k);
	}
	ck_assert_int_eq(lint(c, &fs), 1);
	ck_assert_uint_eq(count(&fs, C(TOO_MANY_ENTRIES)), 1);
	ck_assert_uint_eq(count(&fs, C(NEAR_DUPLICATE)), n / 4);
	ck_assert_uint_eq(count(&fs, C(DUPLICATE_ENTRY)), n / 2);
	ck_assert_uint_eq(fs.n, 1 + n / 4 + n / 2);
	/* Each later entry names the first with its key. */
	ck_assert_uint_eq(fs.f[fs.n - 1].related, n / 2 - 1);
	free(fs.f);
	cfg_free(c);
}
END_TEST

/* Refused entries among 100,000: each gets its error, the rest are still
 * checked (one in ten refused, and a run of 5,000 refused ones). */
START_TEST(lint_large_list_refused)
{
	const size_t n = 100000;
	struct auth0logout_config *c = cfg_new(NULL);
	struct findings fs;
	char buf[64];

	for (size_t i = 0; i < n; i++) {
		int bad = i % 10 == 9 || (i >= 50000 && i < 55000);
		int k = snprintf(buf, sizeof buf, "%sh%zu.example.com",
		                 bad ? "" : "https://", i);
		list_add(&c->tenant, buf, (size_t)k);
	}
	ck_assert_int_eq(lint(c, &fs), 2);
	ck_assert_uint_eq(count(&fs, C(INVALID_ENTRY)), n / 10 + 4500);
	ck_assert_uint_eq(fs.n, 1 + n / 10 + 4500);
	for (size_t i = 1; i < fs.n; i++)
		if (fs.f[i].status != AUTH0LOGOUT_E_ENTRY_NO_SCHEME ||
		    (i > 1 && fs.f[i].index <= fs.f[i - 1].index))
			ck_abort_msg("finding %zu", i);
	free(fs.f);
	cfg_free(c);
}
END_TEST

/* ---- the suite ----------------------------------------------------------- */

static Suite *lint_suite(void)
{
	Suite *s = suite_create("lint");
	TCase *tc = tcase_create("codes");
	TCase *out = tcase_create("output");
	TCase *big = tcase_create("scale");

	ADD_ROWS(tc, lint_row, rows);
	tcase_add_test(tc, lint_w201_w208_long_localhost_name_is_loopback);
	tcase_add_test(tc, lint_w204_r4_5_custom_authority_is_exact);
	ADD_ROWS(tc, lint_invalid_entry, bads);
	ADD_ROWS(tc, lint_invalid_client_id, ids);
	tcase_add_test(tc, lint_status_rules);
	tcase_add_test(tc, lint_valid_entry_no_error);
	tcase_add_test(tc, lint_duplicate_client_id);
	tcase_add_test(tc, lint_too_many_entries);
	tcase_add_test(tc, lint_fixture_clean);
	tcase_add_test(tc, lint_fixture_warnings);
	tcase_add_test(tc, lint_fixture_all);
	suite_add_tcase(s, tc);

	tcase_add_test(out, lint_text_clean_is_one_line);
	tcase_add_test(out, lint_text_lines);
	tcase_add_test(out, lint_text_escapes);
	tcase_add_test(out, lint_json);
	tcase_add_test(out, lint_json_clean_and_bytes);
	suite_add_tcase(s, out);

	tcase_set_timeout(big, 300);
	tcase_add_test(big, lint_large_list);
	tcase_add_test(big, lint_large_list_refused);
	suite_add_tcase(s, big);
	return s;
}

int main(void)
{
	return tu_run_suite(lint_suite());
}
