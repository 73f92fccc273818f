/* SPDX-License-Identifier: MIT */
/*
 * auth0logout - the command-line adapter (R7), a user of the two public
 * libraries: the config library reads the config and lints it, the core
 * decides and renders each decision (auth0logout_decision_json).
 *
 *   auth0logout decide --config FILE [--define KEY=VALUE]...
 *                      [--client-id-from name] [--endpoint v2|oidc]
 *                      [--form] [--session-sid SID] [--max-age SECONDS]
 *                      [QUERY]
 *   auth0logout decide --store CONNINFO --tenant ID [--endpoint v2|oidc]
 *                      [...] [QUERY]
 *   auth0logout lint --config FILE [--format text|json] [--define ...]
 *                    [--client-id-from name]
 *   auth0logout import --to CONNINFO --tenant ID --config FILE
 *                      [--define ...] [--client-id-from name]
 *   auth0logout test --config FILE [--define ...] [--client-id-from name]
 *                    [--junit FILE] CASES...
 *   auth0logout test --store CONNINFO --tenant ID [--junit FILE] CASES...
 *
 * decide prints one JSON object per decision.  Without QUERY it reads one
 * query per line from stdin (batch mode).  With --store it loads the
 * tenant from PostgreSQL once (auth0logout/pg.h) and decides the same
 * way.  Exit status: 0 after a redirect or logged_out in single mode and
 * after a whole batch, 1 after an error decision in single mode, 2 for
 * usage or configuration errors (or a store that does not load).  lint:
 * 0 clean, 1 warnings only, 2 errors (or a config that cannot be read, or
 * a usage error).  import (R10.3) writes the config's Management API
 * objects into the tenant's rows in one transaction: 0 imported, 1 the
 * database failed (nothing written), 2 usage or configuration errors.
 * test (R11) decides each case of the CASES files as decide would and
 * compares the fields the case expects: 0 all pass, 1 any fails, 2 usage,
 * configuration or cases-file errors.  A usage error prints one line and
 * a pointer to --help.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth0logout.h"
#include "auth0logout/config.h"
#include "auth0logout/pg.h"

#define EXIT_DECIDED 0
#define EXIT_REFUSED 1
#define EXIT_USAGE   2
/* import: the database could not be reached or refused the change. */
#define EXIT_STORE 1
/* test: at least one case failed. */
#define EXIT_FAILED 1

static const char main_help[] =
    "usage: auth0logout decide --config FILE [OPTION]... [QUERY]\n"
    "       auth0logout decide --store CONNINFO --tenant ID [OPTION]... "
    "[QUERY]\n"
    "       auth0logout lint --config FILE [OPTION]...\n"
    "       auth0logout import --to CONNINFO --tenant ID --config FILE\n"
    "                          [OPTION]...\n"
    "       auth0logout test --config FILE [OPTION]... CASES...\n"
    "       auth0logout --help | --version\n"
    "\n"
    "Decides what Auth0's /v2/logout or /oidc/logout does with a request\n"
    "(decide), reports problems in a config's Allowed Logout URLs\n"
    "(lint), writes a config into PostgreSQL for auth0logout-server\n"
    "--store (import), or checks expected decisions against a config\n"
    "(test).\n"
    "\n"
    "  decide   one JSON object per decision\n"
    "  lint     one line per finding, stable codes (E1xx, W2xx)\n"
    "  import   a tenant's rows replaced by the config, in one transaction\n"
    "  test     one line per failing case, then 'N passed, M failed'\n"
    "\n"
    "'auth0logout decide --help', 'auth0logout lint --help',\n"
    "'auth0logout import --help' and 'auth0logout test --help' describe\n"
    "each command; man auth0logout has all of it.\n";

/* Options both commands take. */
#define CONFIG_OPTIONS                                                         \
	"  --config FILE           the allow-lists (required): JSON in the "   \
	"Auth0\n"                                                              \
	"                          Management API's shapes, or an "            \
	"auth0-deploy-cli\n"                                                   \
	"                          export (a .yaml/.yml file or a "            \
	"directory)\n"                                                         \
	"  --define KEY=VALUE      replace ##KEY## in the config with VALUE\n" \
	"                          (repeatable; the last one wins; without "   \
	"one,\n"                                                               \
	"                          ##KEY## comes from the environment)\n"      \
	"  --client-id-from name   key clients without client_id by their "    \
	"name\n"                                                               \
	"                          (deploy-cli exports have no client_id)\n"   \
	"  --help                  show this help\n"

static const char decide_help[] =
    "usage: auth0logout decide --config FILE [--define KEY=VALUE]...\n"
    "                          [--client-id-from name] [--endpoint v2|oidc]\n"
    "                          [--form] [--session-sid SID]\n"
    "                          [--max-age SECONDS] [QUERY]\n"
    "       auth0logout decide --store CONNINFO --tenant ID\n"
    "                          [--endpoint v2|oidc] [--form]\n"
    "                          [--session-sid SID] [--max-age SECONDS]\n"
    "                          [QUERY]\n"
    "\n"
    "Decides what Auth0's GET /v2/logout (or, with --endpoint oidc,\n"
    "/oidc/logout) does with QUERY: a query string\n"
    "(returnTo=...&client_id=...), a request target (/v2/logout?...) or an\n"
    "absolute URL.  Without QUERY, reads one per line from stdin and prints\n"
    "one JSON object per line.\n"
    "\n" CONFIG_OPTIONS
    "  --store CONNINFO        the allow-lists from PostgreSQL instead of\n"
    "                          --config, loaded once: a libpq connection\n"
    "                          string (postgresql://... or \"host=...\n"
    "                          dbname=...\"; PG* variables apply)\n"
    "  --tenant ID             the tenant to load (required with --store)\n"
    "  --endpoint v2|oidc      decide GET /v2/logout requests (v2, the\n"
    "                          default) or /oidc/logout ones (oidc: the\n"
    "                          config's \"oidc\" object verifies\n"
    "                          id_token_hint; with --store there is none,\n"
    "                          and every id_token_hint is invalid)\n"
    "  --form                  with oidc: each QUERY is a POST body\n"
    "  --session-sid SID       with oidc: the browser session's sid, for\n"
    "                          the consent rule (confirm)\n"
    "  --max-age SECONDS       with oidc: refuse tokens issued (iat) longer\n"
    "                          ago (default: no limit)\n"
    "\n"
    "Each decision is one line of JSON with the keys outcome, status,\n"
    "location, federated, error, error_description, list, matched, hint,\n"
    "confirm and client_id; hint explains a not_allowed error (the list\n"
    "checked, the nearest entry and what differs) and is null otherwise.\n"
    "\n"
    "Exit status: 0 redirect or logged_out (or a whole batch), 1 an error\n"
    "decision, 2 a usage or configuration error, or a store that does not\n"
    "load.\n";

static const char lint_help[] =
    "usage: auth0logout lint --config FILE [--format text|json]\n"
    "                        [--define KEY=VALUE]... [--client-id-from "
    "name]\n"
    "\n"
    "Reports problems in the allow-lists of FILE: one line per finding with\n"
    "a stable code (E1xx errors, W2xx warnings), then a summary line.\n"
    "\n" CONFIG_OPTIONS
    "  --format text|json      text lines (default) or one JSON object\n"
    "\n"
    "Exit status: 0 clean, 1 warnings only, 2 errors, or a usage or\n"
    "configuration error.\n";

static const char import_help[] =
    "usage: auth0logout import --to CONNINFO --tenant ID --config FILE\n"
    "                          [--define KEY=VALUE]... [--client-id-from "
    "name]\n"
    "\n"
    "Writes the tenant settings and the clients of FILE, as Management API\n"
    "objects, into the PostgreSQL tables auth0logout-server --store reads\n"
    "(auth0logout-pg.sql), in one transaction: the tenant's row is created\n"
    "or replaced, each client's too, and the tenant's clients that FILE\n"
    "lacks are deleted.  Every client must build first (as decide would);\n"
    "nothing is written otherwise.  Prints 'imported N clients into tenant\n"
    "\"ID\"'.\n"
    "\n" CONFIG_OPTIONS
    "  --to CONNINFO           the database: a libpq connection string\n"
    "                          (postgresql://... or \"host=... dbname=...\";\n"
    "                          PG* variables and ~/.pgpass apply) (required)\n"
    "  --tenant ID             the tenant's id in the database (required)\n"
    "\n"
    "Exit status: 0 imported, 1 the database could not be reached or\n"
    "refused it (nothing written), 2 a usage or configuration error.\n";

static const char test_help[] =
    "usage: auth0logout test --config FILE [--define KEY=VALUE]...\n"
    "                        [--client-id-from name] [--junit FILE] "
    "CASES...\n"
    "       auth0logout test --store CONNINFO --tenant ID [--junit FILE]\n"
    "                        CASES...\n"
    "\n"
    "Runs policy tests: each case of the CASES files (YAML when the name\n"
    "ends in .yaml or .yml, else JSON) is a request, decided exactly as\n"
    "'auth0logout decide' would, and the fields it expects:\n"
    "\n"
    "  cases:\n"
    "    - name: app logout goes back to the app\n"
    "      query: \"client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com"
    "\"\n"
    "      expect: { outcome: redirect, status: 302, list: client }\n"
    "\n"
    "A case has a name (unique), query or target (/v2/logout?... or\n"
    "/oidc/logout?...), optionally endpoint (v2, the default, or oidc)\n"
    "and, for oidc, method (GET or POST: a form body) and session_sid;\n"
    "expect holds one or more of outcome, status, location, list,\n"
    "matched and error, as decide prints them (null for none).  Any other\n"
    "key is an error.\n"
    "\n" CONFIG_OPTIONS
    "  --store CONNINFO        the allow-lists from PostgreSQL instead of\n"
    "                          --config (as for decide)\n"
    "  --tenant ID             the tenant to load (required with --store)\n"
    "  --junit FILE            also write a JUnit XML report to FILE\n"
    "\n"
    "Prints one line per failing case (FAIL FILE:NAME: expected ..., got\n"
    "..., and the decision's hint), then 'N passed, M failed'.\n"
    "\n"
    "Exit status: 0 all cases pass, 1 at least one fails, 2 a usage,\n"
    "configuration or cases-file error.\n";

/* One line on stderr: what is wrong, and where to learn more. */
static int usage_error(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "auth0logout: %s%s%s (see 'auth0logout%s%s --help')\n",
	        msg, arg ? ": " : "", arg ? arg : "", cmd ? " " : "",
	        cmd ? cmd : "");
	return EXIT_USAGE;
}

static int print_text(const char *text)
{
	fputs(text, stdout);
	return fflush(stdout) == 0 ? EXIT_DECIDED : EXIT_USAGE;
}

/* ---- decide ------------------------------------------------------------ */

/* The JSON of a decision: at most 6 bytes per byte of its strings plus
 * the keys; the strings live in the decide buffer, so its size bounds
 * them. */
#define JSON_SIZE (6 * AUTH0LOGOUT_OIDC_BUFFER_SIZE + 1024)
#define BUF_SIZE  AUTH0LOGOUT_OIDC_BUFFER_SIZE
_Static_assert(AUTH0LOGOUT_OIDC_BUFFER_SIZE >= AUTH0LOGOUT_DECIDE_BUFFER_SIZE,
               "one buffer serves both endpoints");

/* What decides: the store, and for /oidc/logout (R7.6) its env. */
struct decider {
	auth0logout_store store;
	int oidc;
	unsigned flags; /* AUTH0LOGOUT_OIDC_FORM */
	auth0logout_oidc_env env;
};

/* Decides len bytes of query into *d (strings in buf, BUF_SIZE bytes):
 * what decide and test both do. */
static void decide_one(const struct decider *dc, const char *query, size_t len,
                       char *buf, auth0logout_decision *d)
{
	if (dc->oidc)
		auth0logout_decide_oidc_query(&dc->store, &dc->env, query, len,
		                              dc->flags, buf, BUF_SIZE, d);
	else
		auth0logout_decide_query(&dc->store, query, len, buf,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, d);
}

/* Decides len bytes of query and prints the decision as one line. */
static int decide_print(const struct decider *dc, const char *query, size_t len,
                        char *buf, char *json, auth0logout_decision *d)
{
	size_t n;

	decide_one(dc, query, len, buf, d);
	n = auth0logout_decision_json(d, 0, json, JSON_SIZE);
	if (n >= JSON_SIZE)
		return -1; /* cannot happen: JSON_SIZE bounds it */
	json[n++] = '\n';
	return fwrite(json, 1, n, stdout) == n ? 0 : -1;
}

/* Batch mode: one query per line of stdin, one JSON object per line of
 * stdout.  The buffers are reused, so memory stays flat however many lines
 * come in.  A line of any length is decided (an over-long one as an error,
 * by the library). */
static int decide_batch(const struct decider *dc, char *buf, char *json)
{
	auth0logout_decision d;
	char *line = NULL;
	size_t cap = 0, len;
	ssize_t n;
	int rc = EXIT_DECIDED;
	/* Someone typing at a terminal wants each answer at once; a pipe gets
	 * full buffers. */
	int interactive = isatty(STDIN_FILENO);

	while ((n = getline(&line, &cap, stdin)) != -1) {
		len = (size_t)n;
		/* A line ends in "\n", "\r\n", or, for the last one, nothing
		 * or a lone "\r" (a CRLF file cut before its final "\n"). */
		if (len > 0 && line[len - 1] == '\n')
			len--;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (decide_print(dc, line, len, buf, json, &d) != 0)
			break; /* reported below, by ferror(stdout) */
		if (interactive)
			fflush(stdout);
	}
	if (ferror(stdin)) {
		fprintf(stderr, "auth0logout: reading stdin: %s\n",
		        strerror(errno));
		rc = EXIT_USAGE;
	}
	free(line);
	return rc;
}

static void config_error(const auth0logout_config_diag *diag)
{
	fprintf(stderr, "auth0logout: %s\n", diag->text);
}

/* Where the allow-lists come from: a config file, or a tenant in
 * PostgreSQL (--store, --to). */
struct source {
	const char *config;
	const char *conninfo;
	const char *tenant;
};

/* The options of decide beyond the config. */
struct decide_opts {
	int oidc, form;
	const char *session_sid;
	long max_age;
};

/* A connection string libpq cannot parse.  Neither the string nor
 * libpq's message is shown: either can quote the password. */
#define BAD_CONNINFO "not a valid libpq connection string"

/* import --to: whether libpq can parse conninfo, asked of
 * auth0logout_pg_new (which parses and does not connect).  0, or
 * EXIT_USAGE after a message. */
static int import_conninfo_check(const struct source *src)
{
	auth0logout_swapstore *ss = auth0logout_swapstore_new();
	auth0logout_pg_options po;
	auth0logout_pg *pg = NULL;
	auth0logout_status st = AUTH0LOGOUT_E_NOMEM;

	if (ss != NULL) {
		memset(&po, 0, sizeof po);
		po.conninfo = src->conninfo;
		po.tenant = src->tenant;
		st = auth0logout_pg_new(&po, ss, &pg);
	}
	auth0logout_pg_free(pg);
	auth0logout_swapstore_free(ss);
	if (st == AUTH0LOGOUT_OK)
		return 0;
	fprintf(stderr, "auth0logout: --to: %s\n",
	        st == AUTH0LOGOUT_E_INVALID_ARGUMENT
	            ? BAD_CONNINFO
	            : auth0logout_status_message((int)st));
	return EXIT_USAGE;
}

/* The loader's warnings (a row that does not compile, R10.5); not its
 * progress, nor its errors: a load that fails says why itself. */
static void on_pg_log(void *ctx, int level, const char *msg)
{
	(void)ctx;
	if (level == AUTH0LOGOUT_PG_LOG_WARNING)
		fprintf(stderr, "auth0logout: store: warning: %s\n", msg);
}

/* decide --store: the tenant loaded once into a new swap store (*ss,
 * with its loader *pg), in this thread.  0, or -1 after a message. */
static int load_store(const struct source *src, auth0logout_swapstore **ss,
                      auth0logout_pg **pg)
{
	auth0logout_pg_options po;
	auth0logout_status st;
	char err[1024];

	*ss = auth0logout_swapstore_new();
	if (*ss == NULL) {
		fputs("auth0logout: out of memory\n", stderr);
		return -1;
	}
	memset(&po, 0, sizeof po);
	po.conninfo = src->conninfo;
	po.tenant = src->tenant;
	po.log = on_pg_log;
	st = auth0logout_pg_new(&po, *ss, pg);
	if (st != AUTH0LOGOUT_OK) {
		fprintf(stderr, "auth0logout: --store: %s\n",
		        st == AUTH0LOGOUT_E_INVALID_ARGUMENT
		            ? BAD_CONNINFO
		            : auth0logout_status_message((int)st));
		return -1;
	}
	err[0] = '\0';
	st = auth0logout_pg_load(*pg, err, sizeof err);
	if (st != AUTH0LOGOUT_OK) {
		fprintf(stderr, "auth0logout: --store: tenant \"%s\": %s\n",
		        src->tenant,
		        err[0] != '\0' ? err
		                       : auth0logout_status_message((int)st));
		return -1;
	}
	return 0;
}

/* What decide and test decide with, set up once: the store (a config
 * built, or a tenant loaded from PostgreSQL) and, when oidc, the
 * /oidc/logout settings.  Not to be copied: dc.env points to verifier. */
struct decide_env {
	auth0logout_config *cfg;
	auth0logout_memstore *ms;
	auth0logout_swapstore *ss;
	auth0logout_pg *pg;
	auth0logout_swapstore_reader *reader;
	auth0logout_config_oidc *oidc;
	auth0logout_verifier verifier;
	struct decider dc; /* dc.oidc and dc.flags: the caller's to set */
};

static void decide_env_close(struct decide_env *e)
{
	auth0logout_config_oidc_free(e->oidc);
	auth0logout_memstore_free(e->ms);
	auth0logout_config_free(e->cfg);
	auth0logout_swapstore_reader_free(e->reader);
	auth0logout_pg_free(e->pg);
	auth0logout_swapstore_free(e->ss);
	memset(e, 0, sizeof(*e));
}

/* Sets up *e (oidc: with the /oidc/logout settings and max_age).  0, or
 * -1 after a message (then decide_env_close still frees it). */
static int decide_env_open(struct decide_env *e, const struct source *src,
                           const auth0logout_config_options *opt, int oidc,
                           long max_age)
{
	auth0logout_config_diag diag;

	memset(e, 0, sizeof(*e));
	if (src->conninfo != NULL) {
		/* The store, and for oidc the settings of a config without
		 * an "oidc" object: no issuer, every id_token_hint
		 * invalid. */
		if (load_store(src, &e->ss, &e->pg) != 0)
			return -1;
		e->reader = auth0logout_swapstore_reader_new(e->ss);
		if (e->reader == NULL) {
			fputs("auth0logout: out of memory\n", stderr);
			return -1;
		}
		auth0logout_swapstore_reader_store(e->reader, &e->dc.store);
		if (oidc && auth0logout_config_oidc_new_empty(
		                &e->oidc, &diag) != AUTH0LOGOUT_OK) {
			config_error(&diag);
			return -1;
		}
	} else {
		if (auth0logout_config_read_file(
		        src->config, strlen(src->config), opt, &e->cfg,
		        &diag) != AUTH0LOGOUT_OK ||
		    auth0logout_config_build(e->cfg, &e->ms, &diag) !=
		        AUTH0LOGOUT_OK ||
		    (oidc && auth0logout_config_oidc_new(
		                 e->cfg, &e->oidc, &diag) != AUTH0LOGOUT_OK)) {
			config_error(&diag);
			return -1;
		}
		auth0logout_memstore_get(e->ms, &e->dc.store);
	}
	if (oidc) {
		auth0logout_config_oidc_set_max_age(e->oidc, max_age);
		auth0logout_config_oidc_verifier(e->oidc, &e->verifier);
		auth0logout_config_oidc_env(e->oidc, &e->verifier, &e->dc.env);
	}
	return 0;
}

static int run_decide(const struct source *src,
                      const auth0logout_config_options *opt,
                      const struct decide_opts *o, const char *query)
{
	struct decide_env e;
	auth0logout_decision d;
	char *buf = NULL, *json = NULL;
	int rc = EXIT_USAGE;

	if (decide_env_open(&e, src, opt, o->oidc, o->max_age) != 0)
		goto out;
	if (o->oidc) {
		e.dc.oidc = 1;
		e.dc.flags = o->form ? AUTH0LOGOUT_OIDC_FORM : 0;
		if (o->session_sid) {
			e.dc.env.session_sid = o->session_sid;
			e.dc.env.session_sid_len = strlen(o->session_sid);
		}
	}
	/* Allocated once: a batch of any size reuses them. */
	buf = malloc(BUF_SIZE);
	json = malloc(JSON_SIZE);
	if (buf == NULL || json == NULL) {
		fputs("auth0logout: out of memory\n", stderr);
	} else if (query != NULL) {
		rc = decide_print(&e.dc, query, strlen(query), buf, json, &d);
		rc = rc != 0                                  ? EXIT_USAGE
		     : d.outcome == AUTH0LOGOUT_OUTCOME_ERROR ? EXIT_REFUSED
		                                              : EXIT_DECIDED;
	} else {
		rc = decide_batch(&e.dc, buf, json);
	}
out:
	free(json);
	free(buf);
	decide_env_close(&e);
	return rc;
}

/* ---- test (R11) -------------------------------------------------------- */

/* s[0..len) made safe to show with flags (auth0logout_escape), written
 * to out; -1 when out of memory. */
static int put_escaped(FILE *out, const char *s, size_t len, unsigned flags)
{
	size_t n = auth0logout_escape(s, len, flags, NULL, 0);
	char *t = malloc(n + 1);

	if (t == NULL)
		return -1;
	auth0logout_escape(s, len, flags, t, n + 1);
	fwrite(t, 1, n, out);
	free(t);
	return 0;
}

/* Compares what case c expects with d (auth0logout_config_case_check).
 * *msg is NULL when it passes, else a new string.  0, or -1 when out of
 * memory. */
static int case_compare(const auth0logout_case *c,
                        const auth0logout_decision *d, char **msg)
{
	size_t n = auth0logout_config_case_check(c, d, NULL, 0);

	*msg = NULL;
	if (n == 0)
		return 0;
	if ((*msg = malloc(n + 1)) == NULL)
		return -1;
	auth0logout_config_case_check(c, d, *msg, n + 1);
	return 0;
}

/* s as XML character data or an attribute value: valid UTF-8, & < > " '
 * as entities, control bytes and the non-characters U+FFFE and U+FFFF
 * (not allowed in XML 1.0) as U+FFFD.  -1 when out of memory. */
static int put_xml(FILE *out, const char *s)
{
	size_t len = strlen(s);
	size_t n = auth0logout_escape(
	    s, len, AUTH0LOGOUT_ESCAPE_HTML | AUTH0LOGOUT_ESCAPE_NO_CONTROL,
	    NULL, 0);
	char *t = malloc(n + 1);
	size_t i;

	if (t == NULL)
		return -1;
	auth0logout_escape(
	    s, len, AUTH0LOGOUT_ESCAPE_HTML | AUTH0LOGOUT_ESCAPE_NO_CONTROL, t,
	    n + 1);
	for (i = 0; i + 2 < n; i++)
		if ((unsigned char)t[i] == 0xEF &&
		    (unsigned char)t[i + 1] == 0xBF &&
		    ((unsigned char)t[i + 2] == 0xBE ||
		     (unsigned char)t[i + 2] == 0xBF))
			t[i + 2] = (char)0xBD;
	fwrite(t, 1, n, out);
	free(t);
	return 0;
}

/* The JUnit XML report: one testsuite per cases file, one testcase per
 * case, a failure (its message, as printed) per failing case.  0, or -1
 * after a message. */
static int write_junit(const char *path, auth0logout_cases *const *sets,
                       size_t n_sets, char *const *msgs, size_t failed)
{
	FILE *f = fopen(path, "w");
	size_t i, j, k = 0, total = 0, nf;
	int rc = 0;

	if (f == NULL) {
		fprintf(stderr, "auth0logout: --junit: %s: %s\n", path,
		        strerror(errno));
		return -1;
	}
	for (i = 0; i < n_sets; i++)
		total += auth0logout_config_cases_count(sets[i]);
	fprintf(f,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<testsuites name=\"auth0logout test\" tests=\"%zu\" "
	        "failures=\"%zu\" errors=\"0\">\n",
	        total, failed);
	for (i = 0; i < n_sets; i++) {
		const char *src = auth0logout_config_cases_source(sets[i]);
		size_t n = auth0logout_config_cases_count(sets[i]);

		for (j = 0, nf = 0; j < n; j++)
			nf += msgs[k + j] != NULL;
		fputs("  <testsuite name=\"", f);
		rc |= put_xml(f, src);
		fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
		        n, nf);
		for (j = 0; j < n; j++, k++) {
			fputs("    <testcase classname=\"", f);
			rc |= put_xml(f, src);
			fputs("\" name=\"", f);
			rc |= put_xml(
			    f, auth0logout_config_cases_get(sets[i], j)->name);
			if (msgs[k] == NULL) {
				fputs("\"/>\n", f);
				continue;
			}
			fputs("\">\n      <failure message=\"", f);
			rc |= put_xml(f, msgs[k]);
			fputs("\">", f);
			rc |= put_xml(f, msgs[k]);
			fputs("</failure>\n    </testcase>\n", f);
		}
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
	if (ferror(f))
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc != 0)
		fprintf(stderr, "auth0logout: --junit: %s: cannot write\n",
		        path);
	return rc != 0 ? -1 : 0;
}

/* R11: runs every case of the files against the source. */
static int run_test(const struct source *src,
                    const auth0logout_config_options *opt,
                    const char *const *files, size_t n_files, const char *junit)
{
	auth0logout_cases **sets = calloc(n_files, sizeof(*sets));
	auth0logout_config_diag diag;
	struct decide_env e;
	struct decider dc;
	auth0logout_decision d;
	char **msgs = NULL, *buf = NULL;
	size_t i, j, k, total = 0, failed = 0;
	int oidc = 0, rc = EXIT_USAGE;

	memset(&e, 0, sizeof(e));
	if (sets == NULL)
		goto oom;
	/* Every file first: a typo in the last one fails before any run. */
	for (i = 0; i < n_files; i++) {
		if (auth0logout_config_cases_read_file(
		        files[i], strlen(files[i]), &sets[i], &diag) !=
		    AUTH0LOGOUT_OK) {
			config_error(&diag);
			goto out;
		}
		for (j = 0; j < auth0logout_config_cases_count(sets[i]); j++)
			oidc |= auth0logout_config_cases_get(sets[i], j)
			            ->endpoint == AUTH0LOGOUT_CASE_OIDC;
		total += auth0logout_config_cases_count(sets[i]);
	}
	msgs = calloc(total, sizeof(*msgs));
	buf = malloc(BUF_SIZE);
	if (msgs == NULL || buf == NULL)
		goto oom;
	if (decide_env_open(&e, src, opt, oidc, 0) != 0)
		goto out;
	for (i = 0, k = 0; i < n_files; i++) {
		for (j = 0; j < auth0logout_config_cases_count(sets[i]);
		     j++, k++) {
			const auth0logout_case *c =
			    auth0logout_config_cases_get(sets[i], j);

			/* As decide --endpoint, --form, --session-sid. */
			dc = e.dc;
			dc.oidc = c->endpoint == AUTH0LOGOUT_CASE_OIDC;
			dc.flags = c->form ? AUTH0LOGOUT_OIDC_FORM : 0;
			if (c->session_sid != NULL) {
				dc.env.session_sid = c->session_sid;
				dc.env.session_sid_len = strlen(c->session_sid);
			}
			decide_one(&dc, c->query, c->query_len, buf, &d);
			if (case_compare(c, &d, &msgs[k]) != 0)
				goto oom;
			if (msgs[k] == NULL)
				continue;
			failed++;
			fputs("FAIL ", stdout);
			if (put_escaped(stdout, files[i], strlen(files[i]),
			                AUTH0LOGOUT_ESCAPE_NO_CONTROL) != 0)
				goto oom;
			fputc(':', stdout);
			if (put_escaped(stdout, c->name, strlen(c->name),
			                AUTH0LOGOUT_ESCAPE_NO_CONTROL) != 0)
				goto oom;
			printf(": %s\n", msgs[k]);
		}
	}
	printf("%zu passed, %zu failed\n", total - failed, failed);
	if (junit != NULL &&
	    write_junit(junit, sets, n_files, msgs, failed) != 0)
		goto out;
	rc = failed > 0 ? EXIT_FAILED : EXIT_DECIDED;
	goto out;
oom:
	fputs("auth0logout: out of memory\n", stderr);
out:
	decide_env_close(&e);
	free(buf);
	for (k = 0; msgs != NULL && k < total; k++)
		free(msgs[k]);
	free(msgs);
	for (i = 0; sets != NULL && i < n_files; i++)
		auth0logout_config_cases_free(sets[i]);
	free(sets);
	return rc;
}

/* ---- import ------------------------------------------------------------ */

/* R10.3: the config's objects into the tenant's rows (opt has
 * AUTH0LOGOUT_CONFIG_KEEP_OBJECTS). */
static int run_import(const struct source *src,
                      const auth0logout_config_options *opt)
{
	auth0logout_config *cfg = NULL;
	auth0logout_config_diag diag;
	auth0logout_status st;
	char err[1536];
	size_t n;

	if (import_conninfo_check(src) != 0)
		return EXIT_USAGE;
	if (auth0logout_config_read_file(src->config, strlen(src->config), opt,
	                                 &cfg, &diag) != AUTH0LOGOUT_OK) {
		config_error(&diag);
		return EXIT_USAGE;
	}
	err[0] = '\0';
	st = auth0logout_pg_import(src->conninfo, src->tenant, cfg, err,
	                           sizeof err);
	n = auth0logout_config_client_count(cfg);
	auth0logout_config_free(cfg);
	/* err names the tenant, or the config's client and entry. */
	if (err[0] == '\0')
		snprintf(err, sizeof err, "import of tenant \"%s\": %s",
		         src->tenant, auth0logout_status_message((int)st));
	if (st == AUTH0LOGOUT_E_STORE_FAILED) {
		/* A lost COMMIT leaves the outcome unknown: err says so. */
		fprintf(stderr, "auth0logout: %s%s\n", err,
		        strstr(err, "outcome is unknown") != NULL
		            ? ""
		            : " (nothing was written)");
		return EXIT_STORE;
	}
	if (st != AUTH0LOGOUT_OK) {
		/* A client that does not build: the config's fault. */
		fprintf(stderr, "auth0logout: %s\n", err);
		return EXIT_USAGE;
	}
	printf("imported %zu client%s into tenant \"%s\"\n", n,
	       n == 1 ? "" : "s", src->tenant);
	return EXIT_DECIDED;
}

/* ---- lint -------------------------------------------------------------- */

static int run_lint(const char *config, const auth0logout_config_options *opt,
                    int format)
{
	auth0logout_config *cfg = NULL;
	auth0logout_config_diag diag;
	int rc;

	if (auth0logout_config_read_file(config, strlen(config), opt, &cfg,
	                                 &diag) != AUTH0LOGOUT_OK) {
		config_error(&diag);
		return EXIT_USAGE;
	}
	rc = auth0logout_config_lint_print(cfg, format, stdout);
	auth0logout_config_free(cfg);
	if (rc < 0) {
		fputs("auth0logout: lint: out of memory or output error\n",
		      stderr);
		return EXIT_USAGE;
	}
	return rc;
}

/* ---- main -------------------------------------------------------------- */

static int is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

/* Non-zero when a is the option name, as "--name" or "--name=VALUE". */
static int is_option(const char *a, const char *name)
{
	size_t n = strlen(name);

	return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

/* The value of the option at argv[*i] ("--name VALUE" or "--name=VALUE"),
 * advancing *i past it; NULL when VALUE is missing. */
static const char *option_value(int argc, char **argv, int *i)
{
	const char *eq = strchr(argv[*i], '=');

	if (eq != NULL)
		return eq + 1;
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* A tenant id for --tenant: not empty, no control character.  0, or
 * EXIT_USAGE (reported). */
static int tenant_check(const char *cmd, const char *tenant)
{
	if (tenant[0] == '\0')
		return usage_error(cmd, "option --tenant needs an ID", NULL);
	for (const char *c = tenant; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7F)
			return usage_error(cmd,
			                   "option --tenant: the tenant id "
			                   "contains a control character",
			                   NULL);
	return 0;
}

/* What the options say about the source of each command, once all are
 * read: 0, or EXIT_USAGE (reported). */
static int source_check(const char *cmd, int lint, int import,
                        const struct source *src,
                        const auth0logout_config_options *opt)
{
	int config = src->config != NULL && src->config[0] != '\0';

	if (import || lint || src->conninfo == NULL) {
		if (!config)
			return usage_error(
			    cmd,
			    lint || import ? "option --config FILE is "
			                     "required"
			                   : "option --config FILE (or "
			                     "--store CONNINFO) is required",
			    NULL);
		if (!import && src->tenant != NULL)
			return usage_error(cmd,
			                   "option --tenant needs --store (it "
			                   "names a tenant in the database)",
			                   NULL);
		if (!import)
			return 0;
		if (src->conninfo == NULL)
			return usage_error(cmd,
			                   "option --to CONNINFO is required "
			                   "(the database to import into)",
			                   NULL);
	} else if (src->config != NULL) {
		return usage_error(cmd,
		                   "options --config and --store cannot be "
		                   "used together",
		                   NULL);
	} else if (opt->n_defines > 0 ||
	           (opt->flags & AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME)) {
		return usage_error(cmd,
		                   "options --define and --client-id-from "
		                   "apply to --config only: --store takes the "
		                   "objects as stored",
		                   NULL);
	}
	if (src->conninfo[0] == '\0')
		return usage_error(cmd,
		                   import ? "option --to needs a connection "
		                            "string (postgresql://... or "
		                            "\"host=... dbname=...\")"
		                          : "option --store needs a connection "
		                            "string (postgresql://... or "
		                            "\"host=... dbname=...\")",
		                   NULL);
	if (src->tenant == NULL)
		return usage_error(cmd,
		                   import ? "option --tenant ID is required"
		                          : "option --store needs --tenant ID",
		                   NULL);
	return tenant_check(cmd, src->tenant);
}

/* The command; defines and files have room for argc pointers each. */
static int cli(int argc, char **argv, const char **defines, const char **files)
{
	const char *query = NULL, *v, *cmd, *junit = NULL;
	size_t n_files = 0;
	struct source src = {NULL, NULL, NULL};
	auth0logout_config_options opt;
	struct decide_opts dopt = {0, 0, NULL, 0};
	int oidc_only = 0; /* an option that needs --endpoint oidc */
	int format = AUTH0LOGOUT_LINT_TEXT;
	int i, options = 1, rc, lint, import, decide, test;

	if (argc < 2)
		return usage_error(
		    NULL, "missing command (decide, lint, import or test)",
		    NULL);
	if (is_help(argv[1]))
		return print_text(main_help);
	if (strcmp(argv[1], "--version") == 0) {
		printf("auth0logout %s\n", auth0logout_version());
		return fflush(stdout) == 0 ? EXIT_DECIDED : EXIT_USAGE;
	}
	cmd = argv[1];
	lint = strcmp(cmd, "lint") == 0;
	import = strcmp(cmd, "import") == 0;
	decide = strcmp(cmd, "decide") == 0;
	test = strcmp(cmd, "test") == 0;
	if (!lint && !import && !decide && !test)
		return usage_error(
		    NULL, cmd[0] == '-' ? "unknown option" : "unknown command",
		    cmd);
	memset(&opt, 0, sizeof(opt));
	opt.defines = defines;
	opt.flags = AUTH0LOGOUT_CONFIG_ENVIRONMENT;
	if (import)
		opt.flags |= AUTH0LOGOUT_CONFIG_KEEP_OBJECTS;
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (options && strcmp(a, "--") == 0) {
			options = 0;
		} else if (options && is_help(a)) {
			return print_text(lint     ? lint_help
			                  : import ? import_help
			                  : test   ? test_help
			                           : decide_help);
		} else if (options && is_option(a, "--define")) {
			v = option_value(argc, argv, &i);
			if (v == NULL)
				return usage_error(
				    cmd, "option --define needs KEY=VALUE",
				    NULL);
			if (auth0logout_config_define_check(v, strlen(v)) !=
			    AUTH0LOGOUT_OK)
				return usage_error(
				    cmd,
				    "option --define needs KEY=VALUE (KEY: "
				    "letters, digits and _)",
				    v);
			defines[opt.n_defines++] = v;
		} else if (options && is_option(a, "--client-id-from")) {
			v = option_value(argc, argv, &i);
			if (v == NULL || strcmp(v, "name") != 0)
				return usage_error(cmd,
				                   "option --client-id-from "
				                   "accepts only \"name\"",
				                   v);
			opt.flags |= AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME;
		} else if (options && is_option(a, "--config")) {
			v = option_value(argc, argv, &i);
			if (v == NULL)
				return usage_error(
				    cmd, "option --config needs a FILE", NULL);
			if (src.config != NULL)
				return usage_error(
				    cmd, "option --config given twice", NULL);
			src.config = v;
		} else if (options &&
		           (((decide || test) && is_option(a, "--store")) ||
		            (import && is_option(a, "--to")))) {
			v = option_value(argc, argv, &i);
			if (v == NULL)
				return usage_error(
				    cmd,
				    !import ? "option --store needs a "
				              "connection string"
				            : "option --to needs a connection "
				              "string",
				    NULL);
			if (src.conninfo != NULL)
				return usage_error(
				    cmd,
				    !import ? "option --store given twice"
				            : "option --to given twice",
				    NULL);
			src.conninfo = v;
		} else if (options && !lint && is_option(a, "--tenant")) {
			v = option_value(argc, argv, &i);
			if (v == NULL)
				return usage_error(
				    cmd, "option --tenant needs an ID", NULL);
			if (src.tenant != NULL)
				return usage_error(
				    cmd, "option --tenant given twice", NULL);
			src.tenant = v;
		} else if (options && lint && is_option(a, "--format")) {
			v = option_value(argc, argv, &i);
			if (v != NULL && strcmp(v, "text") == 0)
				format = AUTH0LOGOUT_LINT_TEXT;
			else if (v != NULL && strcmp(v, "json") == 0)
				format = AUTH0LOGOUT_LINT_JSON;
			else
				return usage_error(cmd,
				                   "option --format accepts "
				                   "\"text\" or \"json\"",
				                   v);
		} else if (options && decide && is_option(a, "--endpoint")) {
			v = option_value(argc, argv, &i);
			if (v != NULL && strcmp(v, "v2") == 0)
				dopt.oidc = 0;
			else if (v != NULL && strcmp(v, "oidc") == 0)
				dopt.oidc = 1;
			else
				return usage_error(cmd,
				                   "option --endpoint accepts "
				                   "\"v2\" or \"oidc\"",
				                   v);
		} else if (options && decide && strcmp(a, "--form") == 0) {
			dopt.form = 1;
			oidc_only = 1;
		} else if (options && decide && is_option(a, "--session-sid")) {
			v = option_value(argc, argv, &i);
			if (v == NULL || v[0] == '\0')
				return usage_error(
				    cmd, "option --session-sid needs a SID",
				    NULL);
			dopt.session_sid = v;
			oidc_only = 1;
		} else if (options && decide && is_option(a, "--max-age")) {
			char *end;
			v = option_value(argc, argv, &i);
			errno = 0;
			dopt.max_age = v ? strtol(v, &end, 10) : 0;
			if (v == NULL || v[0] < '0' || v[0] > '9' || *end ||
			    errno || dopt.max_age <= 0)
				return usage_error(cmd,
				                   "option --max-age needs a "
				                   "number of seconds (1 or "
				                   "more)",
				                   v);
			oidc_only = 1;
		} else if (options && test && is_option(a, "--junit")) {
			v = option_value(argc, argv, &i);
			if (v == NULL || v[0] == '\0')
				return usage_error(
				    cmd, "option --junit needs a FILE", NULL);
			if (junit != NULL)
				return usage_error(
				    cmd, "option --junit given twice", NULL);
			junit = v;
		} else if (options && a[0] == '-') {
			return usage_error(cmd, "unknown option", a);
		} else if (test) {
			files[n_files++] = a;
		} else if (lint) {
			return usage_error(cmd, "lint takes no QUERY", a);
		} else if (import) {
			return usage_error(cmd, "import takes no arguments", a);
		} else if (query != NULL) {
			return usage_error(cmd, "more than one QUERY", a);
		} else {
			query = a;
		}
	}
	rc = source_check(cmd, lint, import, &src, &opt);
	if (rc != 0)
		return rc;
	if (test && n_files == 0)
		return usage_error(cmd, "test needs one or more CASES files",
		                   NULL);
	if (oidc_only && !dopt.oidc)
		return usage_error(cmd,
		                   "options --form, --session-sid and "
		                   "--max-age need --endpoint oidc",
		                   NULL);
	rc = lint     ? run_lint(src.config, &opt, format)
	     : import ? run_import(&src, &opt)
	     : test   ? run_test(&src, &opt, files, n_files, junit)
	              : run_decide(&src, &opt, &dopt, query);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "auth0logout: writing output: %s\n",
		        strerror(errno));
		rc = EXIT_USAGE;
	}
	return rc;
}

int main(int argc, char **argv)
{
	/* At most one define, or one CASES file, per argument. */
	const char **defines = malloc(2 * (size_t)argc * sizeof(*defines));
	int rc;

	if (defines == NULL) {
		fputs("auth0logout: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	rc = cli(argc, argv, defines, defines + argc);
	free(defines);
	return rc;
}
