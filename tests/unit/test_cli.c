/* SPDX-License-Identifier: MIT */
/*
 * R7: the auth0logout command, run as a real process.
 *
 * Environment:
 *   AUTH0LOGOUT_CLI      path of the binary under test (required)
 *   AUTH0LOGOUT_SRCDIR   source root, for examples/demo.json,
 *                        tests/data/cli/ and tests/data/import/
 *                        (default ".")
 *   AUTH0LOGOUT_WRAPPER  optional command prefix, split on spaces, e.g.
 *                        "valgrind -q --error-exitcode=99 --leak-check=full"
 *
 * Each run feeds stdin from a temporary file and collects stdout and stderr
 * in temporary files, so that neither side can block on a full pipe.
 */
#include <check.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth0logout.h"
#include "testutil.h"

#define DEMO "examples/demo.json"
#define DATA "tests/data/cli/"
#define IMP  "tests/data/import/"

/* The not-allowed description starts with Auth0's wording (R3.2). */
#define NOT_ALLOWED(v)                                                         \
	"The \"returnTo\" querystring parameter \"" v "\" is not defined as "  \
	"a valid URL in \"Allowed Logout URLs\"."

/* ---- running the binary ------------------------------------------------ */

struct run {
	int code; /* exit status, or 128 + signal */
	char *out;
	size_t out_len;
	char *err;
	size_t err_len;
};

static const char *cli_path(void)
{
	const char *p = getenv("AUTH0LOGOUT_CLI");

	ck_assert_msg(p != NULL && p[0] != '\0',
	              "set AUTH0LOGOUT_CLI to the auth0logout binary");
	return p;
}

static int wrapped(void)
{
	const char *w = getenv("AUTH0LOGOUT_WRAPPER");

	return w != NULL && w[0] != '\0';
}

#define src_path tu_src_path

static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 65536, n = 0, got;
	char *b = malloc(cap + 1);

	ck_assert_ptr_nonnull(b);
	rewind(f);
	while ((got = fread(b + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			b = realloc(b, cap + 1);
			ck_assert_ptr_nonnull(b);
		}
	}
	ck_assert_msg(!ferror(f), "reading captured output failed");
	b[n] = '\0';
	*len = n;
	return b;
}

/* Runs [WRAPPER...] CLI args... with input on stdin. */
static void run_args(struct run *r, const char *input, size_t input_len,
                     const char *const *args)
{
	const char *argv[64];
	char *words = NULL, *save = NULL, *tok;
	size_t n = 0, i;
	FILE *in = tmpfile(), *out = tmpfile(), *err = tmpfile();
	pid_t pid;
	int status;

	ck_assert_msg(in != NULL && out != NULL && err != NULL, "tmpfile: %s",
	              strerror(errno));
	if (input_len > 0)
		ck_assert_uint_eq(fwrite(input, 1, input_len, in), input_len);
	ck_assert_int_eq(fflush(in), 0);
	rewind(in);

	if (wrapped()) {
		words = strdup(getenv("AUTH0LOGOUT_WRAPPER"));
		ck_assert_ptr_nonnull(words);
		for (tok = strtok_r(words, " \t", &save); tok != NULL;
		     tok = strtok_r(NULL, " \t", &save)) {
			ck_assert(n < 32);
			argv[n++] = tok;
		}
	}
	argv[n++] = cli_path();
	for (i = 0; args[i] != NULL; i++) {
		ck_assert(n < 62);
		argv[n++] = args[i];
	}
	argv[n] = NULL;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		if (dup2(fileno(in), 0) < 0 || dup2(fileno(out), 1) < 0 ||
		    dup2(fileno(err), 2) < 0)
			_exit(126);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		ck_assert_msg(errno == EINTR, "waitpid: %s", strerror(errno));
	if (WIFEXITED(status))
		r->code = WEXITSTATUS(status);
	else
		r->code = 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	r->out = slurp(out, &r->out_len);
	r->err = slurp(err, &r->err_len);
	ck_assert_msg(r->code != 127 && r->code != 126,
	              "could not run %s (exit %d)", argv[0], r->code);
	fclose(in);
	fclose(out);
	fclose(err);
	free(words);
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* auth0logout decide --config SRCDIR/config QUERY, or batch mode with
 * input on stdin when query is NULL. */
static void run_decide(struct run *r, const char *config, const char *query,
                       const char *input, size_t input_len)
{
	const char *args[] = {"decide", "--config", src_path(config), query,
	                      NULL};

	run_args(r, input, input_len, args);
}

static void expect_code(const struct run *r, int code)
{
	ck_assert_msg(r->code == code, "exit status %d, want %d; stderr: %s",
	              r->code, code, r->err);
}

/* A configuration error: exit 2, nothing on stdout, one line on stderr
 * that names path and holds each of the first n non-NULL want[]. */
static void expect_config_error(const struct run *r, const char *path,
                                const char *const *want, size_t n)
{
	size_t i;

	expect_code(r, 2);
	ck_assert_msg(r->out_len == 0, "stdout: %s", r->out);
	ck_assert_msg(strstr(r->err, path) != NULL,
	              "stderr does not name %s: %s", path, r->err);
	for (i = 0; i < n && want[i] != NULL; i++)
		ck_assert_msg(strstr(r->err, want[i]) != NULL,
		              "stderr lacks '%s': %s", want[i], r->err);
	ck_assert_msg(strchr(r->err, '\n') == r->err + r->err_len - 1,
	              "want one line on stderr: %s", r->err);
}

/* A usage error: exit 2, nothing on stdout, one line on stderr that points
 * to the help of the command (cmd NULL: the program's). */
static void expect_usage_error(const struct run *r, const char *cmd)
{
	char want[64];

	expect_code(r, 2);
	ck_assert_msg(r->out_len == 0, "stdout: %s", r->out);
	ck_assert_msg(r->err_len > 0 &&
	                  strchr(r->err, '\n') == r->err + r->err_len - 1,
	              "want one line on stderr: %s", r->err);
	ck_assert_msg(strncmp(r->err, "auth0logout: ", 13) == 0, "stderr: %s",
	              r->err);
	snprintf(want, sizeof want, "(see 'auth0logout%s%s --help')\n",
	         cmd ? " " : "", cmd ? cmd : "");
	ck_assert_msg(r->err_len > strlen(want) &&
	                  strcmp(r->err + r->err_len - strlen(want), want) == 0,
	              "stderr does not end with %s: %s", want, r->err);
}

/* ---- checking the JSON ------------------------------------------------- */

static const char *const keys[] = {"outcome",   "status",   "location",
                                   "federated", "error",    "error_description",
                                   "list",      "matched",  "hint",
                                   "confirm",   "client_id"};

static json_t *parse_line(const char *s, size_t len)
{
	json_error_t jerr;
	json_t *v = json_loadb(s, len, JSON_ALLOW_NUL, &jerr);

	ck_assert_msg(v != NULL, "not JSON (%s): %.*s", jerr.text, (int)len, s);
	ck_assert_msg(json_is_object(v), "not an object: %.*s", (int)len, s);
	return v;
}

static int is_one_of(const char *s, const char *a, const char *b, const char *c)
{
	return s != NULL && (strcmp(s, a) == 0 || strcmp(s, b) == 0 ||
	                     (c != NULL && strcmp(s, c) == 0));
}

/* R7.2: all eleven keys, in order, nothing else, each of the right type;
 * the types agree with the outcome.  "confirm" is false for /v2/logout;
 * "client_id" names the client whose list was used. */
static void check_shape(const json_t *o)
{
	void *it = json_object_iter((json_t *)o);
	const char *outcome;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		ck_assert_msg(it != NULL, "key \"%s\" missing", keys[i]);
		ck_assert_str_eq(json_object_iter_key(it), keys[i]);
		it = json_object_iter_next((json_t *)o, it);
	}
	ck_assert_msg(it == NULL, "extra key \"%s\"", json_object_iter_key(it));

	outcome = json_string_value(json_object_get(o, "outcome"));
	ck_assert_msg(is_one_of(outcome, "redirect", "logged_out", "error"),
	              "bad outcome");
	ck_assert(json_is_integer(json_object_get(o, "status")));
	ck_assert(json_is_boolean(json_object_get(o, "federated")));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const json_t *v = json_object_get(o, keys[i]);

		if (i == 0 || i == 1 || i == 3)
			continue;
		if (i == 9) {
			/* confirm: a bool (always false for /v2/logout,
			 * which r3_decision_table checks). */
			ck_assert(json_is_boolean(v));
			continue;
		}
		ck_assert_msg(json_is_string(v) || json_is_null(v),
		              "\"%s\" is neither a string nor null", keys[i]);
	}
	if (!json_is_null(json_object_get(o, "list")))
		ck_assert(
		    is_one_of(json_string_value(json_object_get(o, "list")),
		              "tenant", "client", NULL));
	/* client_id exactly when the application's list was used. */
	ck_assert_int_eq(
	    json_is_string(json_object_get(o, "client_id")),
	    is_one_of(json_string_value(json_object_get(o, "list")), "client",
	              "client", NULL));
	if (strcmp(outcome, "error") == 0) {
		ck_assert(
		    is_one_of(json_string_value(json_object_get(o, "error")),
		              "invalid_request", "server_error", NULL));
		ck_assert(
		    json_is_string(json_object_get(o, "error_description")));
		ck_assert(json_is_null(json_object_get(o, "location")));
		ck_assert(json_is_null(json_object_get(o, "matched")));
		ck_assert(json_is_false(json_object_get(o, "federated")));
	} else {
		ck_assert(json_is_null(json_object_get(o, "error")));
		ck_assert(
		    json_is_null(json_object_get(o, "error_description")));
		ck_assert(json_is_null(json_object_get(o, "hint")));
	}
	if (strcmp(outcome, "redirect") == 0) {
		ck_assert(json_is_string(json_object_get(o, "location")));
		ck_assert(json_is_string(json_object_get(o, "matched")));
		ck_assert_int_eq(
		    json_integer_value(json_object_get(o, "status")), 302);
	} else {
		ck_assert(json_is_null(json_object_get(o, "location")));
	}
}

/* Single mode: runs the query, checks the exit status and that stdout is
 * exactly one line of JSON of the right shape, and returns it. */
static json_t *decide_json(const char *config, const char *query, int code)
{
	struct run r;
	json_t *o;

	run_decide(&r, config, query, NULL, 0);
	expect_code(&r, code);
	ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
	ck_assert_msg(r.out_len > 0 && r.out[r.out_len - 1] == '\n',
	              "stdout does not end with a newline: %s", r.out);
	ck_assert_msg(memchr(r.out, '\n', r.out_len - 1) == NULL,
	              "more than one line: %s", r.out);
	o = parse_line(r.out, r.out_len - 1);
	check_shape(o);
	run_free(&r);
	return o;
}

/* A string member equals want, or is null when want is NULL. */
static void expect_str(const json_t *o, const char *key, const char *want)
{
	const json_t *v = json_object_get(o, key);

	if (want == NULL) {
		ck_assert_msg(json_is_null(v), "\"%s\" is %s, want null", key,
		              json_is_string(v) ? json_string_value(v)
		                                : "not a string");
		return;
	}
	ck_assert_msg(json_is_string(v), "\"%s\" is not a string, want %s", key,
	              want);
	ck_assert_msg(strlen(want) == json_string_length(v) &&
	                  memcmp(json_string_value(v), want, strlen(want)) == 0,
	              "\"%s\" is \"%s\", want \"%s\"", key,
	              json_string_value(v), want);
}

static void expect_prefix(const json_t *o, const char *key, const char *prefix)
{
	const char *s = json_string_value(json_object_get(o, key));

	ck_assert_msg(s != NULL, "\"%s\" is not a string", key);
	ck_assert_msg(strncmp(s, prefix, strlen(prefix)) == 0,
	              "\"%s\" is \"%s\", want it to start with \"%s\"", key, s,
	              prefix);
}

/* ---- R3: the decision table through the CLI ----------------------------- */

struct row {
	const char *config; /* NULL: examples/demo.json */
	const char *query;
	const char *outcome;
	int status;
	const char *location;
	int federated;
	const char *error;
	const char *description; /* prefix; NULL: must be null */
	const char *list;
	const char *matched;
};

static const struct row table[] = {
    /* absent | absent -> logged_out, no list */
    {NULL, "", "logged_out", 200, NULL, 0, NULL, NULL, NULL, NULL},
    /* absent | matches tenant list -> redirect */
    {NULL, "returnTo=https%3A%2F%2Fwww.example.com", "redirect", 302,
     "https://www.example.com", 0, NULL, NULL, "tenant",
     "https://www.example.com"},
    {NULL, "returnTo=https://www.example.com/logged-out", "redirect", 302,
     "https://www.example.com/logged-out", 0, NULL, NULL, "tenant",
     "https://www.example.com/logged-out"},
    /* absent | no match (only on an app's list) -> not allowed */
    {NULL, "returnTo=https%3A%2F%2Fapp.example.com%2Fbye", "error", 400, NULL,
     0, "invalid_request", NOT_ALLOWED("https://app.example.com/bye"), "tenant",
     NULL},
    /* absent | tenant list empty -> not allowed */
    {DATA "clients_only.json", "returnTo=https%3A%2F%2Fwww.example.com",
     "error", 400, NULL, 0, "invalid_request",
     NOT_ALLOWED("https://www.example.com"), "tenant", NULL},
    /* known | absent, list non-empty -> the first entry */
    {NULL, "client_id=AbC123", "redirect", 302, "https://app.example.com/bye",
     0, NULL, NULL, "client", "https://app.example.com/bye"},
    {NULL, "client_id=NaTiVe9", "redirect", 302, "com.example.app://callback",
     0, NULL, NULL, "client", "com.example.app://callback"},
    /* known | absent, list empty -> logged_out */
    {NULL, "client_id=NoList7", "logged_out", 200, NULL, 0, NULL, NULL,
     "client", NULL},
    {DATA "nulls.json", "client_id=Empty2", "logged_out", 200, NULL, 0, NULL,
     NULL, "client", NULL},
    /* R3.4 known | absent, first entry a wildcard -> logged_out */
    {NULL, "client_id=WiLd42", "logged_out", 200, NULL, 0, NULL, NULL, "client",
     NULL},
    /* known | matches app list -> redirect */
    {NULL, "client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye",
     "redirect", 302, "https://app.example.com/bye", 0, NULL, NULL, "client",
     "https://app.example.com/bye"},
    {NULL, "client_id=AbC123&returnTo=http%3A%2F%2Flocalhost%3A3000",
     "redirect", 302, "http://localhost:3000", 0, NULL, NULL, "client",
     "http://localhost:3000"},
    {NULL,
     "client_id=AbC123&returnTo=https%3A%2F%2Fshop.example.org%3Fa%3D1%23top",
     "redirect", 302, "https://shop.example.org?a=1#top", 0, NULL, NULL,
     "client", "https://*.example.org"},
    {NULL, "client_id=WiLd42&returnTo=https%3A%2F%2Fpr-42-preview.example.net",
     "redirect", 302, "https://pr-42-preview.example.net", 0, NULL, NULL,
     "client", "https://pr-*-preview.example.net"},
    {NULL, "client_id=NaTiVe9&returnTo=com.example.app%3A%2F%2Fcallback",
     "redirect", 302, "com.example.app://callback", 0, NULL, NULL, "client",
     "com.example.app://callback"},
    /* known | no match, even though on the tenant list -> not allowed */
    {NULL, "client_id=AbC123&returnTo=https%3A%2F%2Fwww.example.com", "error",
     400, NULL, 0, "invalid_request", NOT_ALLOWED("https://www.example.com"),
     "client", NULL},
    {NULL, "client_id=NoList7&returnTo=https%3A%2F%2Fwww.example.com", "error",
     400, NULL, 0, "invalid_request", NOT_ALLOWED("https://www.example.com"),
     "client", NULL},
    /* R5.4: '*' is one label */
    {NULL, "client_id=AbC123&returnTo=https%3A%2F%2Fa.b.example.org", "error",
     400, NULL, 0, "invalid_request", NOT_ALLOWED("https://a.b.example.org"),
     "client", NULL},
    /* unknown client -> error, never the tenant list */
    {NULL, "client_id=Nobody", "error", 400, NULL, 0, "invalid_request", "",
     NULL, NULL},
    {NULL, "client_id=Nobody&returnTo=https%3A%2F%2Fwww.example.com", "error",
     400, NULL, 0, "invalid_request", "", NULL, NULL},
    {DATA "tenant_only.json", "client_id=AbC123", "error", 400, NULL, 0,
     "invalid_request", "", NULL, NULL},
    /* returnTo not an acceptable URL (R4) -> error, no list */
    {NULL, "returnTo=javascript:alert(1)", "error", 400, NULL, 0,
     "invalid_request", "", NULL, NULL},
    {NULL, "client_id=AbC123&returnTo=https://app.example.com@evil.com",
     "error", 400, NULL, 0, "invalid_request", "", NULL, NULL},
    {NULL, "client_id=AbC123&returnTo=https://evil.com%5C.example.org", "error",
     400, NULL, 0, "invalid_request", "", NULL, NULL},
    {NULL, "returnTo=www.example.com", "error", 400, NULL, 0, "invalid_request",
     "", NULL, NULL},
    /* duplicated returnTo / client_id -> error */
    {NULL,
     "returnTo=https%3A%2F%2Fwww.example.com&returnTo=https%3A%2F%2Fwww."
     "example.com",
     "error", 400, NULL, 0, "invalid_request", "", NULL, NULL},
    {NULL, "client_id=AbC123&client_id=AbC123", "error", 400, NULL, 0,
     "invalid_request", "", NULL, NULL},
    /* R1.2 a bad escape */
    {NULL, "returnTo=%ZZ", "error", 400, NULL, 0, "invalid_request", "", NULL,
     NULL},
    /* R1.6/R3.1 federated is a flag, carried on non-errors only */
    {NULL, "federated&returnTo=https%3A%2F%2Fwww.example.com", "redirect", 302,
     "https://www.example.com", 1, NULL, NULL, "tenant",
     "https://www.example.com"},
    {NULL, "federated=false", "logged_out", 200, NULL, 1, NULL, NULL, NULL,
     NULL},
    {NULL, "client_id=NoList7&federated=", "logged_out", 200, NULL, 1, NULL,
     NULL, "client", NULL},
    {NULL, "federated&returnTo=https%3A%2F%2Fevil.com", "error", 400, NULL, 0,
     "invalid_request", NOT_ALLOWED("https://evil.com"), "tenant", NULL},
    /* R1.1 request target and absolute URL */
    {NULL, "/v2/logout?returnTo=https%3A%2F%2Fwww.example.com", "redirect", 302,
     "https://www.example.com", 0, NULL, NULL, "tenant",
     "https://www.example.com"},
    {NULL, "https://tenant.auth0.com/v2/logout?client_id=AbC123#returnTo=x",
     "redirect", 302, "https://app.example.com/bye", 0, NULL, NULL, "client",
     "https://app.example.com/bye"},
    /* R4.7 the Location is percent-encoded as a browser would */
    {NULL,
     "returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out%3Fq%3D%3Ca+b%3E%"
     "C3%A9",
     "redirect", 302, "https://www.example.com/logged-out?q=%3Ca%20b%3E%C3%A9",
     0, NULL, NULL, "tenant", "https://www.example.com/logged-out"},
};

#define TABLE_ROWS ((int)(sizeof(table) / sizeof(table[0])))

START_TEST(r3_decision_table)
{
	const struct row *t = &table[_i];
	int code = strcmp(t->outcome, "error") == 0 ? 1 : 0;
	json_t *o = decide_json(t->config ? t->config : DEMO, t->query, code);

	expect_str(o, "outcome", t->outcome);
	ck_assert_msg(
	    json_integer_value(json_object_get(o, "status")) == t->status,
	    "%s: status %d, want %d", t->query,
	    (int)json_integer_value(json_object_get(o, "status")), t->status);
	expect_str(o, "location", t->location);
	ck_assert_msg(json_is_true(json_object_get(o, "federated")) ==
	                  t->federated,
	              "%s: federated is not %d", t->query, t->federated);
	expect_str(o, "error", t->error);
	if (t->description == NULL)
		expect_str(o, "error_description", NULL);
	else
		expect_prefix(o, "error_description", t->description);
	expect_str(o, "list", t->list);
	expect_str(o, "matched", t->matched);
	/* R7.2: confirm is always false for /v2/logout. */
	ck_assert(json_is_false(json_object_get(o, "confirm")));
	json_decref(o);
}
END_TEST

/* R3.2: the not-allowed error on an application's list names the client. */
START_TEST(r3_2_not_allowed_names_client)
{
	json_t *o = decide_json(
	    DEMO, "client_id=AbC123&returnTo=https%3A%2F%2Fevil.com", 1);
	const char *d =
	    json_string_value(json_object_get(o, "error_description"));

	ck_assert_ptr_nonnull(d);
	ck_assert_msg(strstr(d, "AbC123") != NULL,
	              "description does not name the client: %s", d);
	json_decref(o);
}
END_TEST

/* ---- R7.2 output -------------------------------------------------------- */

START_TEST(r7_keys_always_present)
{
	static const char *const queries[] = {
	    "returnTo=https%3A%2F%2Fwww.example.com", /* redirect */
	    "",                                       /* logged_out */
	    "returnTo=https%3A%2F%2Fevil.com",        /* error */
	};
	static const int codes[] = {0, 0, 1};
	struct run r;
	size_t i;

	for (i = 0; i < 3; i++) {
		json_t *o = decide_json(DEMO, queries[i], codes[i]);

		json_decref(o);
	}
	/* The raw text: compact, keys in the R7.2 order. */
	run_decide(&r, DEMO, "", NULL, 0);
	ck_assert_str_eq(r.out, "{\"outcome\":\"logged_out\",\"status\":200,"
	                        "\"location\":null,\"federated\":false,"
	                        "\"error\":null,\"error_description\":null,"
	                        "\"list\":null,\"matched\":null,"
	                        "\"hint\":null,\"confirm\":false,"
	                        "\"client_id\":null}\n");
	run_free(&r);
}
END_TEST

/* Bytes that are not UTF-8 in client_id or returnTo still give valid JSON
 * (jansson refuses to parse anything else). */
START_TEST(r7_2_output_is_valid_utf8)
{
	static const char *const queries[] = {
	    "client_id=%FF%FE",
	    "client_id=%C3%28abc",
	    "client_id=%ED%A0%80",
	    "client_id=%F0%9F%98",
	    "returnTo=https%3A%2F%2Fevil.com%2F%FF%C0%AF",
	    "returnTo=https://evil.com/\xff\xe2\x82",
	    "client_id=AbC123&returnTo=https%3A%2F%2Fevil.com%2F%80",
	    "returnTo=https%3A%2F%2F%FF.example.com",
	};
	size_t i;

	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		json_t *o = decide_json(DEMO, queries[i], 1);

		expect_str(o, "outcome", "error");
		json_decref(o);
	}
}
END_TEST

/* Well-formed UTF-8 passes through unchanged. */
START_TEST(r7_2_utf8_kept)
{
	json_t *o = decide_json(DEMO, "client_id=caf%C3%A9%F0%9F%98%80", 1);
	const char *d =
	    json_string_value(json_object_get(o, "error_description"));

	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_null(strstr(d, "\xEF\xBF\xBD"));
	if (strstr(d, "caf") != NULL)
		ck_assert_ptr_nonnull(strstr(d, "caf\xC3\xA9\xF0\x9F\x98\x80"));
	json_decref(o);
}
END_TEST

/* ---- R7.3 exit status -------------------------------------------------- */

START_TEST(r7_exit_0_on_redirect_and_logged_out)
{
	json_decref(decide_json(DEMO, "client_id=AbC123", 0));
	json_decref(decide_json(DEMO, "client_id=NoList7", 0));
}
END_TEST

START_TEST(r7_exit_1_on_error_decision)
{
	json_decref(decide_json(DEMO, "returnTo=https%3A%2F%2Fevil.com", 1));
	json_decref(decide_json(DEMO, "client_id=Nobody", 1));
}
END_TEST

/* Usage errors: exit 2, usage on stderr, nothing on stdout.  "@demo"
 * stands for the demo config. */
static const char *const usage_cases[][7] = {
    {NULL},
    {"bogus", NULL},
    {"--bogus", NULL},
    {"decide", NULL},
    {"decide", "returnTo=x", NULL},
    {"decide", "--config", NULL},
    {"decide", "--config=", NULL},
    {"decide", "--config", "@demo", "--nope", NULL},
    {"decide", "--config", "@demo", "a=1", "b=2", NULL},
    {"decide", "--config", "@demo", "--config", "@demo", "", NULL},
    {"decide", "--config=@demo", "-x", NULL},
};

#define USAGE_CASES ((int)(sizeof(usage_cases) / sizeof(usage_cases[0])))

START_TEST(r7_exit_2_on_usage_error)
{
	const char *args[8];
	char with_eq[4200];
	struct run r;
	size_t i;

	for (i = 0; usage_cases[_i][i] != NULL; i++) {
		const char *a = usage_cases[_i][i];

		if (strcmp(a, "@demo") == 0) {
			a = src_path(DEMO);
		} else if (strcmp(a, "--config=@demo") == 0) {
			snprintf(with_eq, sizeof(with_eq), "--config=%s",
			         src_path(DEMO));
			a = with_eq;
		}
		args[i] = a;
	}
	args[i] = NULL;
	run_args(&r, NULL, 0, args);
	expect_usage_error(&r, _i < 3 ? NULL : "decide");
	run_free(&r);
}
END_TEST

START_TEST(r7_help_and_version)
{
	const char *help[] = {"--help", NULL};
	const char *decide_help[] = {"decide", "--help", NULL};
	const char *version[] = {"--version", NULL};
	struct run r;

	run_args(&r, NULL, 0, help);
	expect_code(&r, 0);
	ck_assert_msg(strstr(r.out, "auth0logout decide --config FILE") != NULL,
	              "stdout: %s", r.out);
	ck_assert_uint_eq(r.err_len, 0);
	run_free(&r);

	/* Each command's help shows that command alone. */
	run_args(&r, NULL, 0, decide_help);
	expect_code(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "usage: auth0logout decide"));
	ck_assert_ptr_null(strstr(r.out, "auth0logout lint"));
	ck_assert_ptr_null(strstr(r.out, "--format"));
	run_free(&r);
	{
		const char *lint_help[] = {"lint", "--config", "x", "--help",
		                           NULL};
		run_args(&r, NULL, 0, lint_help);
		expect_code(&r, 0);
		ck_assert_ptr_nonnull(strstr(r.out, "usage: auth0logout lint"));
		ck_assert_ptr_nonnull(strstr(r.out, "--format"));
		ck_assert_ptr_null(strstr(r.out, "auth0logout decide"));
		ck_assert_ptr_null(strstr(r.out, "QUERY"));
		run_free(&r);
	}

	run_args(&r, NULL, 0, version);
	expect_code(&r, 0);
	ck_assert_msg(strstr(r.out, auth0logout_version()) != NULL,
	              "stdout: %s", r.out);
	ck_assert_uint_eq(r.err_len, 0);
	run_free(&r);
}
END_TEST

/* Configuration errors: exit 2, nothing on stdout, and stderr names the
 * file, the client and the entry at fault (R7.3, R5.7). */
struct config_case {
	const char *file;
	const char *want[5]; /* substrings of stderr besides the file name */
};

static const struct config_case config_cases[] = {
    {DATA "does-not-exist.json", {"cannot open"}},
    {"tests/data/cli", {"cannot read"}},
    {DATA "empty_file.json", {"invalid JSON", "line 1"}},
    {DATA "bad_json.json", {"invalid JSON", "line 3"}},
    {DATA "not_object.json", {"top level"}},
    {DATA "duplicate_key.json", {"duplicate"}},
    {DATA "bad_entry.json",
     {"clients[1]", "\"AbC123\"", "allowed_logout_urls[2]",
      "\"*.example.com\""}},
    {DATA "bad_tenant_entry.json",
     {"tenant", "allowed_logout_urls[1]", "\"https://*.com\""}},
    {DATA "urls_not_array.json",
     {"clients[0]", "\"Csv1\"", "allowed_logout_urls", "array"}},
    {DATA "entry_not_string.json",
     {"clients[0]", "\"Num1\"", "allowed_logout_urls[1]", "string"}},
    {DATA "entry_nul.json",
     {"clients[0]", "\"Nul1\"", "allowed_logout_urls[0]",
      "\"https://a.example.com\\x00.evil.com\""}},
    {DATA "entry_empty.json",
     {"clients[0]", "\"Empty1\"", "allowed_logout_urls[1]"}},
    {DATA "client_id_missing.json", {"clients[1]", "client_id", "missing"}},
    {DATA "client_id_not_string.json", {"clients[0]", "client_id", "string"}},
    {DATA "client_id_empty.json", {"clients[0]", "client_id", "empty"}},
    {DATA "client_id_control.json",
     {"clients[0]", "\"Bad\\x09Id\"", "control"}},
    {DATA "duplicate_client.json",
     {"clients[2]", "\"Dup1\"", "duplicate", "clients[0]"}},
    {DATA "clients_not_array.json", {"clients", "array"}},
    {DATA "client_not_object.json", {"clients[0]", "object"}},
    {DATA "tenant_not_object.json", {"tenant", "object"}},
};

#define CONFIG_CASES ((int)(sizeof(config_cases) / sizeof(config_cases[0])))

START_TEST(r7_exit_2_on_config_error)
{
	const struct config_case *c = &config_cases[_i];
	const char *path = src_path(c->file);
	struct run r;

	run_decide(&r, c->file, "", NULL, 0);
	expect_config_error(&r, path, c->want, 5);
	run_free(&r);
}
END_TEST

/* ---- R7.4 config shapes ------------------------------------------------ */

START_TEST(r7_config_equals_form)
{
	char opt[4200];
	const char *args[] = {"decide", opt, "client_id=AbC123", NULL};
	struct run r;
	json_t *o;

	snprintf(opt, sizeof(opt), "--config=%s", src_path(DEMO));
	run_args(&r, NULL, 0, args);
	expect_code(&r, 0);
	o = parse_line(r.out, r.out_len - 1);
	check_shape(o);
	expect_str(o, "location", "https://app.example.com/bye");
	json_decref(o);
	run_free(&r);
}
END_TEST

/* "--" ends the options; the options may come after the QUERY. */
START_TEST(r7_argument_order)
{
	const char *after[] = {"decide", "client_id=AbC123", "--config",
	                       src_path(DEMO), NULL};
	const char *dashdash[] = {"decide", "--config",         src_path(DEMO),
	                          "--",     "client_id=AbC123", NULL};
	struct run r;

	run_args(&r, NULL, 0, after);
	expect_code(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "\"redirect\""));
	run_free(&r);
	run_args(&r, NULL, 0, dashdash);
	expect_code(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "\"redirect\""));
	run_free(&r);
}
END_TEST

START_TEST(r7_4_unknown_fields_ignored)
{
	json_t *o;

	o = decide_json(DATA "unknown_fields.json",
	                "returnTo=https%3A%2F%2Fwww.example.com", 0);
	expect_str(o, "list", "tenant");
	json_decref(o);
	o = decide_json(DATA "unknown_fields.json", "client_id=AbC123", 0);
	expect_str(o, "location", "https://app.example.com/bye");
	json_decref(o);
	/* allowed_logout_urls nested in other objects is not a list. */
	o = decide_json(DATA "unknown_fields.json",
	                "returnTo=https%3A%2F%2Fevil.com", 1);
	expect_str(o, "list", "tenant");
	json_decref(o);
	o = decide_json(DATA "unknown_fields.json",
	                "client_id=AbC123&returnTo=https%3A%2F%2Fevil.com", 1);
	expect_str(o, "list", "client");
	json_decref(o);
}
END_TEST

START_TEST(r7_4_client_without_list)
{
	json_t *o;

	o = decide_json(DEMO, "client_id=NoList7", 0);
	expect_str(o, "outcome", "logged_out");
	expect_str(o, "list", "client");
	json_decref(o);
	o = decide_json(DATA "nulls.json", "client_id=Null1", 0);
	expect_str(o, "outcome", "logged_out");
	json_decref(o);
	o = decide_json(
	    DATA "nulls.json",
	    "client_id=Null1&returnTo=https%3A%2F%2Fwww.example.com", 1);
	expect_str(o, "list", "client");
	json_decref(o);
}
END_TEST

START_TEST(r7_4_missing_tenant_and_clients)
{
	json_t *o;

	o = decide_json(DATA "empty_object.json", "", 0);
	expect_str(o, "outcome", "logged_out");
	json_decref(o);
	o = decide_json(DATA "empty_object.json",
	                "returnTo=https%3A%2F%2Fwww.example.com", 1);
	expect_str(o, "list", "tenant");
	json_decref(o);
	o = decide_json(DATA "empty_object.json", "client_id=AbC123", 1);
	expect_str(o, "list", NULL);
	json_decref(o);
	o = decide_json(DATA "clients_only.json", "client_id=AbC123", 0);
	expect_str(o, "location", "https://app.example.com/bye");
	json_decref(o);
	o = decide_json(DATA "tenant_only.json",
	                "returnTo=https%3A%2F%2Fwww.example.com", 0);
	expect_str(o, "location", "https://www.example.com");
	json_decref(o);
}
END_TEST

/* ---- R7.1 batch mode ---------------------------------------------------- */

/* Splits out into lines, checks each is one JSON object of the right
 * shape, and returns how many there are; outcomes[i] gets line i's
 * outcome (up to max). */
static size_t batch_lines(const struct run *r, const char **outcomes,
                          size_t max)
{
	const char *p = r->out, *end = r->out + r->out_len, *nl;
	size_t n = 0;

	ck_assert_msg(r->out_len == 0 || end[-1] == '\n',
	              "output does not end with a newline");
	for (; p < end; p = nl + 1, n++) {
		json_t *o;

		nl = memchr(p, '\n', (size_t)(end - p));
		o = parse_line(p, (size_t)(nl - p));
		check_shape(o);
		if (n < max) {
			const char *s =
			    json_string_value(json_object_get(o, "outcome"));

			outcomes[n] = strcmp(s, "redirect") == 0 ? "redirect"
			              : strcmp(s, "error") == 0  ? "error"
			                                         : "logged_out";
		}
		json_decref(o);
	}
	return n;
}

START_TEST(r7_1_batch_one_json_per_line)
{
	static const char input[] =
	    "returnTo=https%3A%2F%2Fwww.example.com\n"
	    "returnTo=https%3A%2F%2Fevil.com\n"
	    "\n"
	    "returnTo=https%3A%2F%2Fwww.example.com\r\n" /* CRLF */
	    "client_id=Nobody\n"
	    "/v2/logout?client_id=AbC123&federated\n"
	    "client_id=AbC123\n"
	    "returnTo=https%3A%2F%2Fwww.example.com\r"; /* CRLF cut short */
	static const char *const want[] = {"redirect", "error",   "logged_out",
	                                   "redirect", "error",   "redirect",
	                                   "redirect", "redirect"};
	const char *got[9];
	struct run r;
	size_t i, n;

	run_decide(&r, DEMO, NULL, input, sizeof(input) - 1);
	expect_code(&r, 0); /* even though some decisions are errors */
	ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
	n = batch_lines(&r, got, 9);
	ck_assert_uint_eq(n, 8);
	for (i = 0; i < n; i++)
		ck_assert_msg(strcmp(got[i], want[i]) == 0,
		              "line %zu: %s, want %s", i + 1, got[i], want[i]);
	ck_assert_ptr_nonnull(strstr(r.out, "\"federated\":true"));
	run_free(&r);
}
END_TEST

START_TEST(r7_1_batch_empty_input)
{
	struct run r;

	run_decide(&r, DEMO, NULL, "", 0);
	expect_code(&r, 0);
	ck_assert_uint_eq(r.out_len, 0);
	ck_assert_uint_eq(r.err_len, 0);
	run_free(&r);
}
END_TEST

/* Lines of any length are read whole; over-long ones are error decisions
 * (R1.8) and do not disturb the lines after them. */
START_TEST(r7_1_batch_long_lines)
{
	static const char head[] = "returnTo=https%3A%2F%2Fwww.example.com%2F";
	static const char ok[] = "returnTo=https%3A%2F%2Fwww.example.com\n";
	const size_t sizes[] = {5000, 20000, 300000};
	const char *got[8];
	char *input, *p;
	size_t total = 0, i, n;
	struct run r;

	for (i = 0; i < 3; i++)
		total += sizes[i] + 1 + sizeof(ok);
	input = malloc(total);
	ck_assert_ptr_nonnull(input);
	p = input;
	for (i = 0; i < 3; i++) {
		memcpy(p, head, sizeof(head) - 1);
		memset(p + sizeof(head) - 1, 'a',
		       sizes[i] - (sizeof(head) - 1));
		p += sizes[i];
		*p++ = '\n';
		memcpy(p, ok, sizeof(ok) - 1);
		p += sizeof(ok) - 1;
	}
	run_decide(&r, DEMO, NULL, input, (size_t)(p - input));
	expect_code(&r, 0);
	n = batch_lines(&r, got, 8);
	ck_assert_uint_eq(n, 6);
	for (i = 0; i < 6; i++)
		ck_assert_str_eq(got[i], i % 2 == 0 ? "error" : "redirect");
	run_free(&r);
	free(input);
}
END_TEST

/* 100,000 lines in one run, quickly.  Under AUTH0LOGOUT_WRAPPER (valgrind)
 * this would take minutes, so only 200 lines are run there: the point of
 * the wrapped run is leaks and memory errors, which 200 lines show as well
 * as 100,000. */
START_TEST(r7_1_batch_100000_lines)
{
	static const char *const q[] = {
	    "returnTo=https%3A%2F%2Fwww.example.com\n",
	    "client_id=AbC123&returnTo=https://shop.example.org?x=1\n",
	    "returnTo=https%3A%2F%2Fevil.com\n",
	    "\n",
	};
	static const char *const want[] = {"redirect", "redirect", "error",
	                                   "logged_out"};
	size_t lines = wrapped() ? 200 : 100000;
	size_t cap = 0, len = 0, i, n;
	const char *p, *end, *bad = NULL;
	char *input;
	struct run r;
	struct timespec t0, t1;
	double secs;

	for (i = 0; i < 4; i++)
		cap += strlen(q[i]);
	cap = cap * (lines / 4 + 1);
	input = malloc(cap);
	ck_assert_ptr_nonnull(input);
	for (i = 0; i < lines; i++) {
		size_t l = strlen(q[i % 4]);

		memcpy(input + len, q[i % 4], l);
		len += l;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_decide(&r, DEMO, NULL, input, len);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	expect_code(&r, 0);
	ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
	/* Every line is the outcome its query calls for, in order.  Plain
	 * comparisons in the loop: each passing ck_assert costs Check a
	 * message to its parent process. */
	p = r.out;
	end = r.out + r.out_len;
	for (n = 0; p < end; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char key[32];

		if (nl == NULL)
			break;
		snprintf(key, sizeof(key), "{\"outcome\":\"%s\"", want[n % 4]);
		if (strncmp(p, key, strlen(key)) != 0 && bad == NULL)
			bad = p;
		p = nl + 1;
	}
	ck_assert_msg(p == end, "output does not end with a newline");
	ck_assert_msg(bad == NULL, "unexpected line: %.300s", bad);
	ck_assert_uint_eq(n, lines);
	if (!wrapped())
		ck_assert_msg(secs < 30.0, "%zu lines took %.1f s", lines,
		              secs);
	run_free(&r);
	free(input);
}
END_TEST

/* ---- auth0-deploy-cli exports (issue 6) -------------------------------- */

/* Runs decide with args (after "decide"; "@X" stands for SRCDIR/X) and
 * returns the one line of JSON it prints, after checking the exit code. */
static json_t *import_json(const char *const *args, int code)
{
	const char *argv[16];
	struct run r;
	json_t *o;
	size_t i;

	argv[0] = "decide";
	for (i = 0; args[i] != NULL; i++) {
		ck_assert(i < 14);
		argv[i + 1] =
		    args[i][0] == '@' ? src_path(args[i] + 1) : args[i];
	}
	argv[i + 1] = NULL;
	run_args(&r, NULL, 0, argv);
	expect_code(&r, code);
	ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
	ck_assert_msg(r.out_len > 0 && r.out[r.out_len - 1] == '\n',
	              "stdout: %s", r.out);
	o = parse_line(r.out, r.out_len - 1);
	check_shape(o);
	run_free(&r);
	return o;
}

START_TEST(r7_4_import_yaml_and_dir)
{
	static const char *const yaml[] = {
	    "--config",
	    "@" IMP "yaml/tenant.yaml",
	    "--client-id-from",
	    "name",
	    "client_id=My%20SPA&returnTo=https%3A%2F%2Fshop.example.org",
	    NULL};
	static const char *const dir[] = {
	    "--client-id-from=name", "--config", "@" IMP "dir",
	    "client_id=My%20SPA&returnTo=https%3A%2F%2Fshop.example.org", NULL};
	static const char *const tenant[] = {
	    "--config",
	    "@" IMP "dir",
	    "--client-id-from",
	    "name",
	    "returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out",
	    NULL};
	static const char *const refused[] = {
	    "--config",
	    "@" IMP "yaml/tenant.yaml",
	    "--client-id-from",
	    "name",
	    "client_id=My%20native%20app&returnTo=https%3A%2F%2Fwww.example."
	    "com",
	    NULL};
	static const char *const ids[] = {"--config", "@" IMP "with_ids.yaml",
	                                  "client_id=AbC123", NULL};
	json_t *o;

	o = import_json(yaml, 0);
	expect_str(o, "location", "https://shop.example.org");
	expect_str(o, "matched", "https://*.example.org");
	json_decref(o);
	o = import_json(dir, 0);
	expect_str(o, "location", "https://shop.example.org");
	expect_str(o, "list", "client");
	json_decref(o);
	o = import_json(tenant, 0);
	expect_str(o, "list", "tenant");
	expect_str(o, "location", "https://www.example.com/logged-out");
	json_decref(o);
	o = import_json(refused, 1);
	expect_str(o, "error", "invalid_request");
	expect_str(o, "list", "client");
	json_decref(o);
	o = import_json(ids, 0);
	expect_str(o, "location", "https://app.example.com/bye");
	json_decref(o);
}
END_TEST

/* --define first (the last one wins), then the environment. */
START_TEST(r7_4_import_placeholders)
{
	static const char *const defined[] = {
	    "--config",
	    "@" IMP "placeholders.yaml",
	    "--client-id-from",
	    "name",
	    "--define",
	    "TENANT_HOST=www.example.com",
	    "--define=APP_HOST=nope.example.com",
	    "--define",
	    "APP_HOST=app.example.com",
	    "client_id=My%20SPA&returnTo=https%3A%2F%2Fapp.example.com%2Fbye",
	    NULL};
	static const char *const from_env[] = {
	    "--config",
	    "@" IMP "placeholders.yaml",
	    "--client-id-from",
	    "name",
	    "--define",
	    "APP_HOST=app.example.com",
	    "returnTo=https%3A%2F%2Fenv.example.com%2Flogged-out",
	    NULL};
	json_t *o;

	ck_assert_int_eq(setenv("PORT", "3000", 1), 0);
	o = import_json(defined, 0);
	expect_str(o, "location", "https://app.example.com/bye");
	json_decref(o);
	ck_assert_int_eq(setenv("TENANT_HOST", "env.example.com", 1), 0);
	ck_assert_int_eq(setenv("APP_HOST", "env-app.example.com", 1), 0);
	o = import_json(from_env, 0);
	expect_str(o, "location", "https://env.example.com/logged-out");
	json_decref(o);
	unsetenv("PORT");
	unsetenv("TENANT_HOST");
	unsetenv("APP_HOST");
}
END_TEST

/* Broken exports: exit 2, nothing on stdout, one line on stderr naming
 * the file and what is wrong.  "@X" stands for SRCDIR/X. */
struct import_case {
	const char *args[6]; /* after decide --config FILE */
	const char *want[4];
};

static const struct import_case import_cases[] = {
    {{"@" IMP "bad_syntax.yaml"}, {"invalid YAML at line 5, column 1"}},
    {{"@" IMP "no-such-dir"}, {"cannot open"}},
    {{"@" IMP "no-such-file.yaml"}, {"cannot open"}},
    {{"@" IMP "dir_bad_json", "--client-id-from", "name"},
     {"clients/Broken.json", "invalid JSON", "line 3"}},
    {{"@" IMP "dir_not_object", "--client-id-from", "name"},
     {"clients/List.json", "object"}},
    {{"@" IMP "placeholders.yaml", "--client-id-from", "name"},
     {"tenant", "allowed_logout_urls[0]", "##TENANT_HOST##", "--define"}},
    {{"@" IMP "yaml/tenant.yaml"},
     {"clients[0]", "client_id is missing", "--client-id-from name"}},
    {{"@" IMP "dir"},
     {"clients/Machine to machine.json", "client_id is missing",
      "--client-id-from name"}},
    {{"@" IMP "duplicate_name.yaml", "--client-id-from", "name"},
     {"clients[2]", "\"Same\"", "duplicate", "clients[0]"}},
    {{"@" IMP "alias.yaml"}, {"line 3, column 26", "anchor"}},
    {{"@" IMP "duplicate_key.yaml"}, {"line 8, column 5", "duplicate key"}},
    {{"@" IMP "bad_entry.yaml", "--client-id-from", "name"},
     {"clients[0] (name \"My SPA\")", "allowed_logout_urls[1]",
      "\"*.example.com\""}},
};

#define IMPORT_CASES ((int)(sizeof(import_cases) / sizeof(import_cases[0])))

START_TEST(r7_exit_2_on_import_error)
{
	const struct import_case *c = &import_cases[_i];
	const char *argv[12] = {"decide", "--config"};
	const char *path = src_path(c->args[0] + 1);
	struct run r;
	size_t i, n = 2;

	for (i = 0; i < 6 && c->args[i] != NULL; i++)
		argv[n++] = c->args[i][0] == '@' ? src_path(c->args[i] + 1)
		                                 : c->args[i];
	argv[n++] = "";
	argv[n] = NULL;
	unsetenv("TENANT_HOST");
	run_args(&r, NULL, 0, argv);
	expect_config_error(&r, path, c->want, 4);
	run_free(&r);
}
END_TEST

/* Bad --define and --client-id-from are usage errors. */
static const char *const import_usage_cases[][6] = {
    {"--client-id-from", "id", NULL},
    {"--client-id-from=", NULL},
    {"--client-id-from", NULL},
    {"--define", "NOVALUE", NULL},
    {"--define", "=x", NULL},
    {"--define", "A-B=x", NULL},
    {"--define", NULL},
};

#define IMPORT_USAGE_CASES                                                     \
	((int)(sizeof(import_usage_cases) / sizeof(import_usage_cases[0])))

START_TEST(r7_exit_2_on_import_usage_error)
{
	const char *argv[10] = {"decide", "--config", src_path(DEMO)};
	struct run r;
	size_t i, n = 3;

	for (i = 0; import_usage_cases[_i][i] != NULL; i++)
		argv[n++] = import_usage_cases[_i][i];
	argv[n] = NULL;
	run_args(&r, NULL, 0, argv);
	expect_usage_error(&r, "decide");
	run_free(&r);
}
END_TEST

START_TEST(r7_help_names_import_options)
{
	const char *help[] = {"decide", "--help", NULL};
	struct run r;

	run_args(&r, NULL, 0, help);
	expect_code(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "--define KEY=VALUE"));
	ck_assert_ptr_nonnull(strstr(r.out, "--client-id-from name"));
	ck_assert_ptr_nonnull(strstr(r.out, "auth0-deploy-cli"));
	run_free(&r);
}
END_TEST

/* ---- the config module, called directly ------------------------------- */

START_TEST(r7_4_config_module)
{
	static const char good[] =
	    "{\"tenant\":{\"allowed_logout_urls\":[\"https://a.example.com\"]},"
	    "\"clients\":[{\"client_id\":\"X1\"},{\"client_id\":\"X2\","
	    "\"allowed_logout_urls\":[\"https://b.example.com\"]}]}";
	static const char bad[] =
	    "{\"clients\":[{\"client_id\":\"X1\",\"allowed_logout_urls\":"
	    "[\"https://b.example.com\",\"example.com\"]}]}";
	static const char want[] = "inline: clients[0] (client_id \"X1\"): "
	                           "allowed_logout_urls[1] \"example.com\": ";
	auth0logout_memstore *ms = NULL;
	char err[TU_ERR_SIZE];
	char tiny[12];

	ck_assert_int_eq(tu_config_load_buffer("inline", good, sizeof(good) - 1,
	                                       &ms, err, sizeof(err)),
	                 0);
	ck_assert_ptr_nonnull(ms);
	ck_assert_uint_eq(auth0logout_memstore_client_count(ms), 2);
	auth0logout_memstore_free(ms);

	ck_assert_int_eq(tu_config_load_buffer("inline", bad, sizeof(bad) - 1,
	                                       &ms, err, sizeof(err)),
	                 -1);
	ck_assert_ptr_null(ms);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s", err);

	/* A short buffer gets a truncated, terminated message. */
	ck_assert_int_eq(tu_config_load_buffer("inline", bad, sizeof(bad) - 1,
	                                       &ms, tiny, sizeof(tiny)),
	                 -1);
	ck_assert_uint_eq(strlen(tiny), sizeof(tiny) - 1);
	ck_assert_int_eq(
	    tu_config_load_buffer("inline", bad, sizeof(bad) - 1, &ms, NULL, 0),
	    -1);

	ck_assert_int_eq(tu_config_load(src_path(DEMO), &ms, err, sizeof(err)),
	                 0);
	ck_assert_uint_eq(auth0logout_memstore_client_count(ms), 4);
	auth0logout_memstore_free(ms);
}
END_TEST

/* ---- issue 6: hints and lint ------------------------------------------- */

/* Every not_allowed decision carries a hint; it names the nearest entry. */
START_TEST(hint_in_every_not_allowed_decision)
{
	json_t *o =
	    decide_json(DEMO, "returnTo=https%3A%2F%2Fwww.example.com%2F", 1);
	const char *hint = json_string_value(json_object_get(o, "hint"));

	ck_assert_ptr_nonnull(hint);
	ck_assert_ptr_nonnull(strstr(hint, "Checked the tenant's list"));
	ck_assert_ptr_nonnull(strstr(hint, "trailing slash"));
	json_decref(o);
	o = decide_json(DEMO, "returnTo=https%3A%2F%2Fevil.com", 1);
	ck_assert(json_is_string(json_object_get(o, "hint")));
	json_decref(o);
	/* Other errors have none. */
	o = decide_json(DEMO, "returnTo=javascript%3Aalert(1)", 1);
	ck_assert(json_is_null(json_object_get(o, "hint")));
	json_decref(o);
}
END_TEST

/* auth0logout lint --config FILE [--format json]: output, exit status. */
static void run_lint(struct run *r, const char *config, const char *format)
{
	const char *args[] = {"lint",           "--config",
	                      src_path(config), format ? "--format" : NULL,
	                      format,           NULL};

	run_args(r, NULL, 0, args);
}

/* How many lines of out hold " CODE " (text format). */
static size_t count_code(const char *out, const char *code)
{
	char pat[16];
	size_t n = 0;
	const char *p = out;

	snprintf(pat, sizeof(pat), " %s ", code);
	while ((p = strstr(p, pat)) != NULL) {
		n++;
		p += strlen(pat);
	}
	return n;
}

static const char *const all_codes[] = {"E101", "E102", "E103", "W201",
                                        "W202", "W203", "W204", "W205",
                                        "W206", "W207", "W208", "W209"};

START_TEST(lint_each_finding_once_and_exit_status)
{
	struct run r;
	size_t i;

	/* One instance of each problem: each code once, errors: exit 2. */
	run_lint(&r, "tests/data/lint/all.json", NULL);
	expect_code(&r, 2);
	for (i = 0; i < sizeof(all_codes) / sizeof(all_codes[0]); i++)
		ck_assert_msg(count_code(r.out, all_codes[i]) == 1,
		              "%s found %zu times in:\n%s", all_codes[i],
		              count_code(r.out, all_codes[i]), r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "3 errors, 9 warnings"));
	run_free(&r);

	/* Warnings only: exit 1, no error code. */
	run_lint(&r, "tests/data/lint/warnings.json", NULL);
	expect_code(&r, 1);
	ck_assert_uint_eq(count_code(r.out, "E101"), 0);
	ck_assert_uint_eq(count_code(r.out, "W201"), 1);
	run_free(&r);

	/* Clean: exit 0, only the summary line. */
	run_lint(&r, "tests/data/lint/clean.json", NULL);
	expect_code(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "no problems"));
	ck_assert_ptr_null(memchr(r.out, '\n', r.out_len - 1));
	run_free(&r);

	/* The demo config shows two behaviours on purpose (a wildcard
	 * first entry, localhost beside production): two warnings. */
	run_lint(&r, DEMO, NULL);
	expect_code(&r, 1);
	ck_assert_uint_eq(count_code(r.out, "W203"), 1);
	ck_assert_uint_eq(count_code(r.out, "W208"), 1);
	run_free(&r);
}
END_TEST

START_TEST(lint_format_json)
{
	struct run r;
	json_t *o, *findings;
	size_t i;

	run_lint(&r, "tests/data/lint/all.json", "json");
	expect_code(&r, 2);
	o = parse_line(r.out, r.out_len);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "exit_status")),
	                 2);
	findings = json_object_get(o, "findings");
	ck_assert(json_is_array(findings));
	ck_assert_uint_eq(json_array_size(findings), 12);
	for (i = 0; i < json_array_size(findings); i++) {
		const json_t *f = json_array_get(findings, i);
		const char *code =
		    json_string_value(json_object_get(f, "code"));
		size_t k, seen = 0;

		ck_assert_ptr_nonnull(code);
		/* Each code once: code i is found at exactly one index. */
		for (k = 0; k < json_array_size(findings); k++)
			seen +=
			    strcmp(json_string_value(json_object_get(
			               json_array_get(findings, k), "code")),
			           code) == 0;
		ck_assert_msg(seen == 1, "%s appears %zu times", code, seen);
		ck_assert(json_is_string(json_object_get(f, "message")));
		ck_assert(
		    is_one_of(json_string_value(json_object_get(f, "severity")),
		              "error", "warning", NULL));
	}
	json_decref(o);
	run_free(&r);
}
END_TEST

/* lint reads the deploy-cli forms too, and refuses what it cannot read
 * with exit 2. */
START_TEST(lint_reads_imports_and_fails_clearly)
{
	const char *yaml[] = {"lint",
	                      "--config",
	                      src_path("tests/data/import/yaml/tenant.yaml"),
	                      "--client-id-from",
	                      "name",
	                      "--define",
	                      "DOMAIN=example.com",
	                      NULL};
	struct run r;

	run_args(&r, NULL, 0, yaml);
	expect_code(&r, 1);
	ck_assert_uint_eq(count_code(r.out, "W203"), 1);
	run_free(&r);

	run_lint(&r, "tests/data/import/bad_syntax.yaml", NULL);
	expect_code(&r, 2);
	ck_assert_uint_eq(r.out_len, 0);
	ck_assert_ptr_nonnull(strstr(r.err, "bad_syntax.yaml"));
	run_free(&r);

	run_lint(&r, "tests/data/lint/missing.json", NULL);
	expect_code(&r, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "missing.json"));
	run_free(&r);
}
END_TEST

static const char *const lint_usage_cases[][6] = {
    {"lint", NULL},
    {"lint", "--config", "examples/demo.json", "--format", "xml", NULL},
    {"lint", "--config", "examples/demo.json", "--format", NULL},
    {"lint", "--config", "examples/demo.json", "returnTo=x", NULL},
    {"decide", "--config", "examples/demo.json", "--format", "json", NULL},
};
#define LINT_USAGE_CASES                                                       \
	((int)(sizeof(lint_usage_cases) / sizeof(lint_usage_cases[0])))

START_TEST(lint_exit_2_on_usage_error)
{
	struct run r;

	run_args(&r, NULL, 0, lint_usage_cases[_i]);
	expect_usage_error(&r, lint_usage_cases[_i][0]);
	run_free(&r);
}
END_TEST

/* ---- R7.6 / R8.5: decide --endpoint oidc ------------------------------- */

#define OIDC       DATA "oidc.json"
#define OIDC_ISS   "https://tenant.example.com/"
#define APP_SECRET "cli-test-secret-0123456789-abcdefghijklmnop"

/* base64url without padding of n bytes, appended at out (NUL-terminated);
 * returns the end. */
static char *b64url(char *out, const void *in, size_t n)
{
	int len = EVP_EncodeBlock((unsigned char *)out,
	                          (const unsigned char *)in, (int)n);
	ck_assert_int_ge(len, 0);
	char *e = out + len;
	while (e > out && e[-1] == '=')
		*--e = '\0';
	for (char *p = out; p < e; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	*e = '\0';
	return e;
}

/* An HS256 token (made here with OpenSSL) with the given payload, as a
 * query value: the compact form needs no escaping. */
static const char *hs256(const char *secret, const char *payload)
{
	static char tok[2048];
	const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
	char *p = b64url(tok, header, sizeof header - 1);
	*p++ = '.';
	p = b64url(p, payload, strlen(payload));
	unsigned char mac[32];
	unsigned int mac_len = 0;
	ck_assert_ptr_nonnull(HMAC(EVP_sha256(), secret, (int)strlen(secret),
	                           (const unsigned char *)tok,
	                           (size_t)(p - tok), mac, &mac_len));
	*p++ = '.';
	b64url(p, mac, mac_len);
	return tok;
}

struct oidc_row {
	const char *name;
	const char *query;
	const char *extra[3]; /* more options (NULL-terminated) */
	const char *outcome;
	int status;
	const char *location;
	const char *list;
	const char *client_id;
	int confirm;
	const char *description; /* prefix, or NULL */
};

/* Token payloads, filled in by setup_tokens(). */
static char q_token[4096], q_token_state[4096], q_token_other[4096],
    q_token_mismatch[4096], q_token_hint_bad[4096], q_token_forged[4096],
    q_token_iss[4096], q_form[4096];

static const struct oidc_row oidc_rows[] = {
    /* R8.5 row 1: no client, no URI */
    {"none_absent", "", {NULL}, "logged_out", 200, NULL, NULL, NULL, 1, NULL},
    /* row 2: no client, the tenant's list, state appended */
    {"none_match",
     "post_logout_redirect_uri=https%3A%2F%2Ftenant.example.com%2Fbye&state="
     "a%23b",
     {NULL},
     "redirect",
     302,
     "https://tenant.example.com/bye?state=a%23b",
     "tenant",
     NULL,
     1,
     NULL},
    /* row 3: no client, not on the tenant's list */
    {"none_no_match",
     "post_logout_redirect_uri=https%3A%2F%2Fevil.example",
     {NULL},
     "error",
     400,
     NULL,
     "tenant",
     NULL,
     0,
     "The \"post_logout_redirect_uri\" querystring parameter "
     "\"https://evil.example\" is not defined as a valid URL in \"Allowed "
     "Logout URLs\"."},
    /* row 4: a client, no URI: its first entry, no state */
    {"known_absent_first",
     "client_id=app&state=zz",
     {NULL},
     "redirect",
     302,
     "https://app.example.com/bye",
     "client",
     "app",
     1,
     NULL},
    {"known_absent_wildcard_first",
     "client_id=wild",
     {NULL},
     "logged_out",
     200,
     NULL,
     "client",
     "wild",
     1,
     NULL},
    /* row 5: a client with an empty list */
    {"known_absent_empty",
     "client_id=empty",
     {NULL},
     "logged_out",
     200,
     NULL,
     "client",
     "empty",
     1,
     NULL},
    /* row 6: on the client's list, the query exact, state added */
    {"known_match",
     "client_id=app&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%"
     "2Fcb%3Fx%3D1&state=s%20t",
     {NULL},
     "redirect",
     302,
     "https://app.example.com/cb?x=1&state=s%20t",
     "client",
     "app",
     1,
     NULL},
    /* row 7: not on the client's list, even though on the tenant's */
    {"known_no_match",
     "client_id=app&post_logout_redirect_uri=https%3A%2F%2Ftenant.example."
     "com%2Fbye",
     {NULL},
     "error",
     400,
     NULL,
     "client",
     "app",
     0,
     "The \"post_logout_redirect_uri\" querystring parameter"},
    {"known_query_differs",
     "client_id=app&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%"
     "2Fcb%3Fx%3D2",
     {NULL},
     "error",
     400,
     NULL,
     "client",
     "app",
     0,
     NULL},
    /* row 8: a broken rule is invalid_request */
    {"broken_duplicate",
     "state=a&state=b",
     {NULL},
     "error",
     400,
     NULL,
     NULL,
     NULL,
     0,
     "Invalid request: the \"state\" parameter must not be"},
    {"broken_fragment",
     "client_id=app&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%"
     "2Fbye%23x",
     {NULL},
     "error",
     400,
     NULL,
     NULL,
     NULL,
     0,
     "Invalid request: the "
     "\"post_logout_redirect_"
     "uri\" parameter must not"},
    {"broken_locale",
     "client_id=app&ui_locales=de",
     {NULL},
     "error",
     400,
     NULL,
     NULL,
     NULL,
     0,
     "Invalid request: the \"ui_locales\""},
    {"broken_unknown_client",
     "client_id=nobody",
     {NULL},
     "error",
     400,
     NULL,
     NULL,
     NULL,
     0,
     "Unknown client"},
    {"broken_token_garbage",
     "id_token_hint=a.b.c",
     {NULL},
     "error",
     400,
     NULL,
     NULL,
     NULL,
     0,
     "Invalid request: the \"id_token_hint\" parameter is "
     "invalid"},
    /* R8.2 with a real token (HS256, the client's secret) */
    {"token_names_client",
     q_token,
     {NULL},
     "redirect",
     302,
     "https://app.example.com/bye",
     "client",
     "app",
     0,
     NULL},
    {"token_match_state",
     q_token_state,
     {NULL},
     "redirect",
     302,
     "https://app.example.com/cb?x=1&state=xyz",
     "client",
     "app",
     0,
     NULL},
    {"token_other_client",
     q_token_other,
     {NULL},
     "redirect",
     302,
     "https://other.example.com/bye",
     "client",
     "other",
     0,
     NULL},
    {"token_client_mismatch",
     q_token_mismatch,
     {NULL},
     "error",
     400,
     NULL,
     NULL,
     NULL,
     0,
     "Invalid request: the \"client_id\" parameter \"app\" does not match"},
    {"token_logout_hint_mismatch",
     q_token_hint_bad,
     {NULL},
     "error",
     400,
     NULL,
     NULL,
     NULL,
     0,
     "Invalid request: the \"logout_hint\""},
    {"token_forged_secret",
     q_token_forged,
     {NULL},
     "error",
     400,
     NULL,
     NULL,
     NULL,
     0,
     "Invalid request: the \"id_token_hint\" parameter is invalid"},
    {"token_wrong_issuer",
     q_token_iss,
     {NULL},
     "error",
     400,
     NULL,
     NULL,
     NULL,
     0,
     "Invalid request: the \"id_token_hint\" parameter is invalid"},
    /* R8.7 with the session's sid (R7.6 --session-sid) */
    {"session_same_sid",
     q_token,
     {"--session-sid", "S1", NULL},
     "redirect",
     302,
     "https://app.example.com/bye",
     "client",
     "app",
     0,
     NULL},
    {"session_other_sid",
     q_token,
     {"--session-sid", "S2", NULL},
     "redirect",
     302,
     "https://app.example.com/bye",
     "client",
     "app",
     1,
     NULL},
    /* R7.6 --form: a POST body */
    {"form_body",
     q_form,
     {"--form", NULL},
     "redirect",
     302,
     "https://app.example.com/bye?state=%2Fa%3Fb%23c",
     "client",
     "app",
     0,
     NULL},
    {"form_federated_bad",
     "federated=yes",
     {"--form", NULL},
     "error",
     400,
     NULL,
     NULL,
     NULL,
     0,
     "Invalid request: the \"federated\" parameter"},
};

#define OIDC_ROWS ((int)(sizeof(oidc_rows) / sizeof(oidc_rows[0])))

static void setup_tokens(void)
{
	const char *p_app = "{\"iss\":\"" OIDC_ISS "\",\"aud\":\"app\","
	                    "\"sub\":\"u1\",\"sid\":\"S1\"}";
	snprintf(q_token, sizeof q_token, "id_token_hint=%s",
	         hs256(APP_SECRET, p_app));
	snprintf(q_token_state, sizeof q_token_state,
	         "id_token_hint=%s&post_logout_redirect_uri=https%%3A%%2F%%2F"
	         "app.example.com%%2Fcb%%3Fx%%3D1&state=xyz&logout_hint=S1",
	         hs256(APP_SECRET, p_app));
	snprintf(q_token_other, sizeof q_token_other, "id_token_hint=%s",
	         hs256("another-secret-0123456789-abcdefghijklmnop",
	               "{\"iss\":\"" OIDC_ISS "\",\"aud\":[\"other\"],"
	               "\"sid\":\"S1\"}"));
	snprintf(q_token_mismatch, sizeof q_token_mismatch,
	         "client_id=app&id_token_hint=%s",
	         hs256("another-secret-0123456789-abcdefghijklmnop",
	               "{\"iss\":\"" OIDC_ISS "\",\"aud\":\"other\"}"));
	snprintf(q_token_hint_bad, sizeof q_token_hint_bad,
	         "logout_hint=S9&id_token_hint=%s", hs256(APP_SECRET, p_app));
	snprintf(q_token_forged, sizeof q_token_forged, "id_token_hint=%s",
	         hs256("not-the-secret", p_app));
	snprintf(q_token_iss, sizeof q_token_iss, "id_token_hint=%s",
	         hs256(APP_SECRET, "{\"iss\":\"https://evil.example/\","
	                           "\"aud\":\"app\"}"));
	snprintf(
	    q_form, sizeof q_form,
	    "state=/a?b#c&post_logout_redirect_uri=https://app.example.com/"
	    "bye&id_token_hint=%s",
	    hs256(APP_SECRET, p_app));
}

START_TEST(r8_5_cli_table_row)
{
	const struct oidc_row *t = &oidc_rows[_i];
	const char *args[12] = {"decide", "--config", src_path(OIDC),
	                        "--endpoint", "oidc"};
	size_t n = 5;
	setup_tokens();
	for (size_t i = 0; t->extra[i]; i++)
		args[n++] = t->extra[i];
	args[n++] = t->query;
	args[n] = NULL;
	struct run r;
	run_args(&r, NULL, 0, args);
	int code = strcmp(t->outcome, "error") == 0 ? 1 : 0;
	ck_assert_msg(r.code == code, "%s: exit %d, want %d; %s%s", t->name,
	              r.code, code, r.out, r.err);
	json_t *o = parse_line(r.out, r.out_len - 1);
	check_shape(o);
	expect_str(o, "outcome", t->outcome);
	ck_assert_msg(json_integer_value(json_object_get(o, "status")) ==
	                  t->status,
	              "%s: %s", t->name, r.out);
	expect_str(o, "location", t->location);
	expect_str(o, "list", t->list);
	expect_str(o, "client_id", t->client_id);
	ck_assert_msg(json_is_true(json_object_get(o, "confirm")) == t->confirm,
	              "%s: confirm is not %d: %s", t->name, t->confirm, r.out);
	if (t->description)
		expect_prefix(o, "error_description", t->description);
	json_decref(o);
	run_free(&r);
}
END_TEST

START_TEST(r7_6_oidc_options_need_the_endpoint)
{
	struct run r;
	const char *a1[] = {"decide", "--config", src_path(OIDC),
	                    "--form", "x=1",      NULL};
	run_args(&r, NULL, 0, a1);
	expect_usage_error(&r, "decide");
	run_free(&r);
	const char *a2[] = {"decide",     "--config", src_path(OIDC),
	                    "--endpoint", "v3",       "x=1",
	                    NULL};
	run_args(&r, NULL, 0, a2);
	expect_usage_error(&r, "decide");
	run_free(&r);
	const char *a3[] = {"decide",     "--config", src_path(OIDC),
	                    "--endpoint", "oidc",     "--max-age",
	                    "-5",         "x=1",      NULL};
	run_args(&r, NULL, 0, a3);
	expect_usage_error(&r, "decide");
	run_free(&r);
}
END_TEST

START_TEST(r7_6_oidc_batch_mode)
{
	struct run r;
	const char in[] = "client_id=app\npost_logout_redirect_uri=x\n\n";
	const char *args[] = {"decide",     "--config", src_path(OIDC),
	                      "--endpoint", "oidc",     NULL};
	run_args(&r, in, sizeof in - 1, args);
	expect_code(&r, 0);
	size_t lines = 0;
	for (size_t i = 0; i < r.out_len; i++)
		lines += r.out[i] == '\n';
	ck_assert_uint_eq(lines, 3);
	ck_assert_ptr_nonnull(strstr(r.out, "\"confirm\":true"));
	run_free(&r);
}
END_TEST

/* ---- R10: decide --store and import, without a database --------------- */

/* A connection string that fails at once: a socket directory that is not
 * there. */
#define NO_DB "host=/nonexistent/auth0logout-test dbname=none"

/* Each row: the command and its arguments ("@demo": the demo config). */
static const char *const store_usage_cases[][11] = {
    {"decide", "--store", NO_DB, NULL},
    {"decide", "--store", NO_DB, "--tenant", "", NULL},
    {"decide", "--store", "", "--tenant", "t", NULL},
    {"decide", "--store", NULL},
    {"decide", "--tenant", NULL},
    {"decide", "--store", NO_DB, "--tenant", "t", "--config", "@demo", NULL},
    {"decide", "--config", "@demo", "--store", NO_DB, "--tenant", "t", NULL},
    {"decide", "--tenant", "t", "--config", "@demo", NULL},
    {"decide", "--store", NO_DB, "--tenant", "t", "--define", "A=b", NULL},
    {"decide", "--store", NO_DB, "--tenant", "t", "--client-id-from", "name",
     NULL},
    {"decide", "--store", NO_DB, "--tenant", "a\tb", NULL},
    {"decide", "--store", NO_DB, "--tenant", "a\nb", NULL},
    {"decide", "--store=" NO_DB, "--store=" NO_DB, "--tenant", "t", NULL},
    {"decide", "--store", NO_DB, "--tenant=t", "--tenant=u", NULL},
    {"decide", "--store", NO_DB, "--tenant", "t", "--form", NULL},
    {"decide", "--to", NO_DB, "--tenant", "t", NULL},
    {"lint", "--config", "@demo", "--store", NO_DB, NULL},
    {"lint", "--config", "@demo", "--tenant", "t", NULL},
    {"import", NULL},
    {"import", "--to", NO_DB, "--tenant", "t", NULL},
    {"import", "--config", "@demo", "--tenant", "t", NULL},
    {"import", "--to", NO_DB, "--config", "@demo", NULL},
    {"import", "--to", "", "--tenant", "t", "--config", "@demo", NULL},
    {"import", "--to", NO_DB, "--tenant", "", "--config", "@demo", NULL},
    {"import", "--to", NO_DB, "--tenant", "t", "--config", "@demo", "x", NULL},
    {"import", "--store", NO_DB, "--tenant", "t", "--config", "@demo", NULL},
    {"import", "--to", NO_DB, "--to", NO_DB, "--tenant", "t", "--config",
     "@demo", NULL},
    {"import", "--to", NO_DB, "--tenant", "t", "--config", "@demo",
     "--endpoint", "oidc", NULL},
    {"import", "--to", NO_DB, "--tenant", "t", "--config", "@demo", "--format",
     "json", NULL},
    {"import", "--to", NO_DB, "--tenant", "t", "--config", "@demo", "--define",
     "bad", NULL},
    {"import", "--to", NULL},
};
#define STORE_USAGE_CASES                                                      \
	((int)(sizeof(store_usage_cases) / sizeof(store_usage_cases[0])))

START_TEST(r10_store_and_import_usage_errors)
{
	const char *args[12];
	struct run r;
	size_t i;

	for (i = 0; store_usage_cases[_i][i] != NULL; i++)
		args[i] = strcmp(store_usage_cases[_i][i], "@demo") == 0
		              ? src_path(DEMO)
		              : store_usage_cases[_i][i];
	args[i] = NULL;
	run_args(&r, NULL, 0, args);
	expect_usage_error(&r, store_usage_cases[_i][0]);
	run_free(&r);
}
END_TEST

START_TEST(r10_import_help)
{
	const char *help[] = {"--help", NULL};
	const char *import_help[] = {"import", "--help", NULL};
	const char *decide_help[] = {"decide", "--help", NULL};
	struct run r;

	run_args(&r, NULL, 0, help);
	expect_code(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "auth0logout import --to"));
	ck_assert_ptr_nonnull(strstr(r.out, "decide --store CONNINFO"));
	run_free(&r);

	run_args(&r, NULL, 0, import_help);
	expect_code(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "usage: auth0logout import"));
	ck_assert_ptr_nonnull(strstr(r.out, "--tenant ID"));
	ck_assert_ptr_nonnull(strstr(r.out, "--define KEY=VALUE"));
	ck_assert_ptr_null(strstr(r.out, "QUERY"));
	ck_assert_ptr_null(strstr(r.out, "--endpoint"));
	ck_assert_uint_eq(r.err_len, 0);
	run_free(&r);

	run_args(&r, NULL, 0, decide_help);
	expect_code(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "--store CONNINFO"));
	ck_assert_ptr_null(strstr(r.out, "--to "));
	run_free(&r);
}
END_TEST

/* A database that cannot be reached: decide --store is a store that does
 * not load (2, nothing on stdout, the reason on stderr); import is 1
 * (nothing written); a config that does not read or build is 2 before
 * any connection. */
START_TEST(r10_no_database)
{
	const char *decide[] = {"decide", "--store",          NO_DB, "--tenant",
	                        "demo",   "client_id=AbC123", NULL};
	const char *import[] = {"import",       "--to",     NO_DB,  "--config",
	                        src_path(DEMO), "--tenant", "demo", NULL};
	const char *bad[] = {"import",
	                     "--to",
	                     NO_DB,
	                     "--config",
	                     src_path(DATA "bad_entry.json"),
	                     "--tenant",
	                     "demo",
	                     NULL};
	struct run r;

	run_args(&r, NULL, 0, decide);
	expect_code(&r, 2);
	ck_assert_msg(r.out_len == 0, "stdout: %s", r.out);
	ck_assert_msg(strncmp(r.err, "auth0logout: --store: ", 22) == 0 &&
	                  strstr(r.err, "tenant \"demo\"") != NULL &&
	                  strchr(r.err, '\n') == r.err + r.err_len - 1,
	              "want one line naming the tenant: %s", r.err);
	run_free(&r);

	run_args(&r, NULL, 0, import);
	expect_code(&r, 1);
	ck_assert_msg(r.out_len == 0, "stdout: %s", r.out);
	ck_assert_msg(strncmp(r.err, "auth0logout: ", 13) == 0 &&
	                  strstr(r.err, "tenant \"demo\"") != NULL &&
	                  strstr(r.err, "(nothing was written)\n") != NULL &&
	                  strchr(r.err, '\n') == r.err + r.err_len - 1,
	              "want one line naming the tenant: %s", r.err);
	run_free(&r);

	run_args(&r, NULL, 0, bad);
	expect_code(&r, 2);
	ck_assert_msg(r.out_len == 0, "stdout: %s", r.out);
	ck_assert_msg(strstr(r.err, "bad_entry.json") != NULL, "stderr: %s",
	              r.err);
	run_free(&r);
}
END_TEST

/* A connection string libpq cannot parse (a bad percent-escape in the
 * password): decide --store and import --to exit 2 with one line that
 * shows neither the string nor libpq's message (which would quote the
 * password), before any connection or config. */
#define BAD_CONNINFO "postgresql://app:Hunter%zz2@127.0.0.1:1/db"

START_TEST(r10_unparsable_conninfo)
{
	const char *decide[] = {"decide",   "--store", BAD_CONNINFO,
	                        "--tenant", "t",       "client_id=x",
	                        NULL};
	const char *import[] = {
	    "import",       "--to",     BAD_CONNINFO, "--config",
	    src_path(DEMO), "--tenant", "t",          NULL};
	struct run r;

	run_args(&r, NULL, 0, decide);
	expect_code(&r, 2);
	ck_assert_msg(r.out_len == 0, "stdout: %s", r.out);
	ck_assert_msg(strcmp(r.err, "auth0logout: --store: not a valid libpq "
	                            "connection string\n") == 0,
	              "stderr: %s", r.err);
	run_free(&r);

	run_args(&r, NULL, 0, import);
	expect_code(&r, 2);
	ck_assert_msg(r.out_len == 0, "stdout: %s", r.out);
	ck_assert_msg(strcmp(r.err, "auth0logout: --to: not a valid libpq "
	                            "connection string\n") == 0,
	              "stderr: %s", r.err);
	run_free(&r);
}
END_TEST

/* ---- R11 test ------------------------------------------------------------ */

#define CASES_DEMO    "examples/demo-cases.yaml"
#define CASES_FAILING "tests/data/cases-failing.yaml"
#define CASES_DATA    "tests/data/cases/"

/* auth0logout test --config demo.json [--junit junit] files... */
static void run_test_cmd(struct run *r, const char *junit,
                         const char *const *files)
{
	const char *args[16];
	size_t n = 0, i;

	args[n++] = "test";
	args[n++] = "--config";
	args[n++] = src_path(DEMO);
	if (junit != NULL) {
		args[n++] = "--junit";
		args[n++] = junit;
	}
	for (i = 0; files[i] != NULL; i++) {
		ck_assert(n < 15);
		args[n++] = files[i];
	}
	args[n] = NULL;
	run_args(r, NULL, 0, args);
}

START_TEST(r11_all_pass)
{
	const char *files[] = {src_path(CASES_DEMO), NULL};
	struct run r;

	run_test_cmd(&r, NULL, files);
	expect_code(&r, 0);
	ck_assert_str_eq(r.out, "11 passed, 0 failed\n");
	ck_assert_uint_eq(r.err_len, 0);
	run_free(&r);
}
END_TEST

/* tests/data/shared: the decision table every binding runs too (issue 15),
 * here through the C library by auth0logout test. */
START_TEST(r11_shared_table)
{
	const char *args[] = {"test", "--config",
	                      src_path("tests/data/shared/config.json"),
	                      src_path("tests/data/shared/cases.json"), NULL};
	struct run r;

	run_args(&r, NULL, 0, args);
	expect_code(&r, 0);
	ck_assert_str_eq(r.out, "20 passed, 0 failed\n");
	run_free(&r);
}
END_TEST

/* The failing fixture: one FAIL line with every mismatching field and the
 * hint, then the totals; exit 1. */
START_TEST(r11_failing_case)
{
	const char *files[] = {src_path(CASES_FAILING), NULL};
	char want[2048];
	struct run r;

	snprintf(want, sizeof(want),
	         "FAIL %s:the shop is allowed for the SPA: expected outcome "
	         "redirect, got error; expected status 302, got 400; "
	         "expected location \"http://shop.example.org\", got null "
	         "(hint: Checked the application's list (client_id "
	         "\"AbC123\") because a client_id was given; the tenant's "
	         "list is not used then. Nearest entry: "
	         "\"https://*.example.org\" (entry 2 of 3), which uses https "
	         "where the returnTo uses http.)\n"
	         "2 passed, 1 failed\n",
	         files[0]);
	run_test_cmd(&r, NULL, files);
	expect_code(&r, 1);
	ck_assert_str_eq(r.out, want);
	ck_assert_uint_eq(r.err_len, 0);
	run_free(&r);
}
END_TEST

/* Several files, JSON among them, totals over all. */
START_TEST(r11_several_files)
{
	const char *files[] = {src_path(CASES_DEMO),
	                       src_path(CASES_DATA "all.json"),
	                       src_path(CASES_FAILING), NULL};
	struct run r;
	const char *last;

	run_test_cmd(&r, NULL, files);
	expect_code(&r, 1);
	last = strstr(r.out, "\n16 passed, 1 failed\n");
	ck_assert_msg(last != NULL && last[21] == '\0', "stdout: %s", r.out);
	ck_assert_ptr_eq(strstr(r.out, "FAIL "), r.out);
	ck_assert_ptr_null(strstr(r.out + 1, "FAIL "));
	run_free(&r);
}
END_TEST

/* A cases file that cannot be used: exit 2, nothing run, one line on
 * stderr naming the file and the fault. */
struct cases_error {
	const char *file;
	const char *want;
};

static const struct cases_error cases_errors[] = {
    {CASES_DATA "unknown_key.yaml",
     ": cases[1] (name \"typo in expect\"): unknown key \"expct\" (known: "
     "name, query, target, endpoint, method, session_sid, expect)\n"},
    {CASES_DATA "unknown_expect_key.json",
     ": cases[0] (name \"typo inside expect\"): expect: unknown key "
     "\"stauts\" (known: outcome, status, location, list, matched, "
     "error)\n"},
    {CASES_DATA "bad_yaml.yaml",
     ": invalid YAML at line 5, column 1: found unexpected end of stream "
     "while scanning a quoted scalar\n"},
    {CASES_DATA "missing_expect.yaml",
     ": cases[0] (name \"nothing expected\"): expect is missing (give at "
     "least one of outcome, status, location, list, matched, error)\n"},
    {CASES_DATA "wrong_type.yaml",
     ": cases[0] (name \"status as a string\"): expect: status must be "
     "an integer, not a string\n"},
    {CASES_DATA "no_such_file.yaml", ": cannot open: "},
};

START_TEST(r11_cases_file_errors)
{
	const struct cases_error *c = &cases_errors[_i];
	/* A good file first: nothing runs when a later one is bad. */
	const char *files[] = {src_path(CASES_DEMO), src_path(c->file), NULL};
	char want[1024];
	struct run r;

	snprintf(want, sizeof(want), "auth0logout: %s%s", files[1], c->want);
	run_test_cmd(&r, NULL, files);
	expect_code(&r, 2);
	ck_assert_msg(r.out_len == 0, "stdout: %s", r.out);
	ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0,
	              "stderr: %s\nwant: %s", r.err, want);
	ck_assert_msg(strchr(r.err, '\n') == r.err + r.err_len - 1,
	              "want one line on stderr: %s", r.err);
	run_free(&r);
}
END_TEST

static size_t count_of(const char *s, const char *sub)
{
	size_t n = 0;

	while ((s = strstr(s, sub)) != NULL) {
		n++;
		s += strlen(sub);
	}
	return n;
}

START_TEST(r11_junit)
{
	const char *files[] = {src_path(CASES_DEMO), src_path(CASES_FAILING),
	                       NULL};
	char dir[] = "/tmp/test_cli_junit_XXXXXX", path[256], *xml;
	struct run r;
	size_t len;
	FILE *f;

	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/report.xml", dir);
	run_test_cmd(&r, path, files);
	expect_code(&r, 1);
	ck_assert_ptr_nonnull(strstr(r.out, "13 passed, 1 failed\n"));
	run_free(&r);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	xml = slurp(f, &len);
	fclose(f);
	unlink(path);
	rmdir(dir);
	ck_assert_msg(
	    strncmp(xml,
	            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	            "<testsuites name=\"auth0logout test\" "
	            "tests=\"14\" failures=\"1\"",
	            strlen("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	                   "\n<testsuites name=\"auth0logout test\" "
	                   "tests=\"14\" failures=\"1\"")) == 0,
	    "%s", xml);
	ck_assert_uint_eq(count_of(xml, "<testsuite "), 2);
	ck_assert_uint_eq(count_of(xml, "</testsuite>"), 2);
	ck_assert_uint_eq(count_of(xml, "<testcase "), 14);
	ck_assert_uint_eq(count_of(xml, "<failure message=\""), 1);
	ck_assert_uint_eq(count_of(xml, "</failure>"), 1);
	ck_assert_uint_eq(count_of(xml, "</testcase>"), 1);
	ck_assert_uint_eq(count_of(xml, "/>\n"), 13);
	/* Quotes in the message are escaped in the attribute. */
	ck_assert_ptr_nonnull(
	    strstr(xml, "<failure message=\"expected outcome redirect, got "
	                "error; expected status 302, got 400; expected "
	                "location &quot;http://shop.example.org&quot;, got "
	                "null (hint: "));
	ck_assert_ptr_nonnull(strstr(xml, "<testsuite name=\""));
	ck_assert_uint_eq(count_of(xml, "<"), count_of(xml, ">"));
	ck_assert_ptr_null(strchr(xml, '\''));
	ck_assert(len > 14 && strcmp(xml + len - 14, "</testsuites>\n") == 0);
	free(xml);
}
END_TEST

static const char *const test_usage_cases[][8] = {
    {"test", "--config", "examples/demo.json", NULL},
    {"test", "examples/demo-cases.yaml", NULL},
    {"test", "--config", "examples/demo.json", "--endpoint", "oidc",
     "examples/demo-cases.yaml", NULL},
    {"test", "--config", "examples/demo.json", "--junit", NULL},
    {"test", "--config", "examples/demo.json", "--junit", "a", "--junit=b",
     "examples/demo-cases.yaml"},
    {"test", "--store", "postgresql://x", "--config", "examples/demo.json",
     "examples/demo-cases.yaml", NULL},
};

START_TEST(r11_usage_errors)
{
	struct run r;

	run_args(&r, NULL, 0, test_usage_cases[_i]);
	expect_usage_error(&r, "test");
	run_free(&r);
}
END_TEST

START_TEST(r11_help)
{
	const char *help[] = {"test", "--help", NULL};
	const char *main_help[] = {"--help", NULL};
	struct run r;

	run_args(&r, NULL, 0, help);
	expect_code(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "usage: auth0logout test"));
	ck_assert_ptr_nonnull(strstr(r.out, "--junit FILE"));
	ck_assert_ptr_nonnull(strstr(r.out, "N passed, M failed"));
	ck_assert_ptr_null(strstr(r.out, "usage: auth0logout decide"));
	run_free(&r);
	run_args(&r, NULL, 0, main_help);
	expect_code(&r, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "auth0logout test --config FILE"));
	run_free(&r);
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	/* Generous: under valgrind every run of the binary is slow. */
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, r3_decision_table, 0, TABLE_ROWS);
	tcase_add_loop_test(tc, r8_5_cli_table_row, 0, OIDC_ROWS);
	tcase_add_test(tc, r7_6_oidc_options_need_the_endpoint);
	tcase_add_test(tc, r7_6_oidc_batch_mode);
	tcase_add_test(tc, r3_2_not_allowed_names_client);
	tcase_add_test(tc, r7_keys_always_present);
	tcase_add_test(tc, r7_2_output_is_valid_utf8);
	tcase_add_test(tc, r7_2_utf8_kept);
	tcase_add_test(tc, r7_exit_0_on_redirect_and_logged_out);
	tcase_add_test(tc, r7_exit_1_on_error_decision);
	tcase_add_loop_test(tc, r7_exit_2_on_usage_error, 0, USAGE_CASES);
	tcase_add_test(tc, r7_help_and_version);
	tcase_add_loop_test(tc, r7_exit_2_on_config_error, 0, CONFIG_CASES);
	tcase_add_test(tc, r7_config_equals_form);
	tcase_add_test(tc, r7_argument_order);
	tcase_add_test(tc, r7_4_unknown_fields_ignored);
	tcase_add_test(tc, r7_4_client_without_list);
	tcase_add_test(tc, r7_4_missing_tenant_and_clients);
	tcase_add_test(tc, r7_1_batch_one_json_per_line);
	tcase_add_test(tc, r7_1_batch_empty_input);
	tcase_add_test(tc, r7_1_batch_long_lines);
	tcase_add_test(tc, r7_1_batch_100000_lines);
	tcase_add_test(tc, r7_4_config_module);
	tcase_add_test(tc, r7_4_import_yaml_and_dir);
	tcase_add_test(tc, r7_4_import_placeholders);
	tcase_add_loop_test(tc, r7_exit_2_on_import_error, 0, IMPORT_CASES);
	tcase_add_loop_test(tc, r7_exit_2_on_import_usage_error, 0,
	                    IMPORT_USAGE_CASES);
	tcase_add_test(tc, r7_help_names_import_options);
	tcase_add_test(tc, hint_in_every_not_allowed_decision);
	tcase_add_test(tc, lint_each_finding_once_and_exit_status);
	tcase_add_test(tc, lint_format_json);
	tcase_add_test(tc, lint_reads_imports_and_fails_clearly);
	tcase_add_loop_test(tc, lint_exit_2_on_usage_error, 0,
	                    LINT_USAGE_CASES);
	tcase_add_loop_test(tc, r10_store_and_import_usage_errors, 0,
	                    STORE_USAGE_CASES);
	tcase_add_test(tc, r10_import_help);
	tcase_add_test(tc, r10_no_database);
	tcase_add_test(tc, r10_unparsable_conninfo);
	tcase_add_test(tc, r11_all_pass);
	tcase_add_test(tc, r11_shared_table);
	tcase_add_test(tc, r11_failing_case);
	tcase_add_test(tc, r11_several_files);
	tcase_add_loop_test(tc, r11_cases_file_errors, 0, N_ROWS(cases_errors));
	tcase_add_test(tc, r11_junit);
	tcase_add_loop_test(tc, r11_usage_errors, 0, N_ROWS(test_usage_cases));
	tcase_add_test(tc, r11_help);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cli_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
