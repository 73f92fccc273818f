/*
 * auth0logout - the command-line adapter (SPEC R7).
 *
 *   auth0logout decide --config FILE [--define KEY=VALUE]...
 *                      [--client-id-from name] [QUERY]
 *   auth0logout lint --config FILE [--format text|json] [--define ...]
 *                    [--client-id-from name]
 *
 * decide prints one JSON object per decision.  Without QUERY it reads one
 * query per line from stdin (batch mode).  Exit status: 0 after a redirect
 * or logged_out in single mode and after a whole batch, 1 after an error
 * decision in single mode, 2 for usage or configuration errors.
 *
 * lint reports problems in the config's allow-lists (examples/common/
 * lint.h).  Exit status: 0 clean, 1 warnings only, 2 errors (or a config
 * that cannot be read, or a usage error).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "auth0logout.h"
#include "config.h"
#include "lint.h"
#include "text.h"

#define EXIT_DECIDED 0
#define EXIT_REFUSED 1
#define EXIT_USAGE   2

static const char usage_text[] =
    "usage: auth0logout decide --config FILE [--define KEY=VALUE]...\n"
    "                          [--client-id-from name] [QUERY]\n"
    "       auth0logout lint --config FILE [--format text|json]\n"
    "                        [--define KEY=VALUE]... [--client-id-from name]\n"
    "       auth0logout --help\n"
    "       auth0logout --version\n"
    "\n"
    "decide: decides what Auth0's GET /v2/logout does with a request.\n"
    "lint: reports problems in the allow-lists of FILE, one finding per\n"
    "line with a stable code (E1xx errors, W2xx warnings).\n"
    "\n"
    "QUERY is a query string (returnTo=...&client_id=...), a request\n"
    "target (/v2/logout?...) or an absolute URL.  Without QUERY, reads one\n"
    "per line from stdin and prints one JSON object per line.\n"
    "\n"
    "FILE is JSON in the Auth0 Management API's shapes:\n"
    "  {\"tenant\": {\"allowed_logout_urls\": [...]},\n"
    "   \"clients\": [{\"client_id\": \"...\", \"allowed_logout_urls\": "
    "[...]}]}\n"
    "or an auth0-deploy-cli export: a YAML file (FILE ending in .yaml or\n"
    ".yml, e.g. tenant.yaml) or a directory (tenant.json, clients/*.json).\n"
    "\n"
    "  --define KEY=VALUE      replace ##KEY## in the config with VALUE\n"
    "                          (repeatable; the last one wins; ##KEY##\n"
    "                          without a define comes from the environment)\n"
    "  --client-id-from name   key clients without client_id by their name\n"
    "                          (deploy-cli exports have no client_id)\n"
    "\n"
    "Each decision is printed as\n"
    "  {\"outcome\":..., \"status\":..., \"location\":..., "
    "\"federated\":...,\n"
    "   \"error\":..., \"error_description\":..., \"list\":..., "
    "\"matched\":...,\n"
    "   \"hint\":...}\n"
    "where hint explains a not_allowed error (the list checked, the\n"
    "nearest entry and what differs) and is null otherwise.\n"
    "\n"
    "Exit status of decide: 0 redirect or logged_out (or a whole batch),\n"
    "1 error decision, 2 usage or configuration error.\n"
    "Exit status of lint: 0 clean, 1 warnings only, 2 errors, or a usage\n"
    "or configuration error.\n";

static void usage_error(const char *msg, const char *arg)
{
	if (arg != NULL)
		fprintf(stderr, "auth0logout: %s: %s\n", msg, arg);
	else
		fprintf(stderr, "auth0logout: %s\n", msg);
	fputs(usage_text, stderr);
}

/* ---- JSON values ------------------------------------------------------- */

/* A JSON string of len bytes at s, or JSON null when s is NULL.  The
 * library's strings are ASCII or copies of the request (client_id,
 * returnTo), which may hold any byte: ill-formed UTF-8 is replaced with
 * U+FFFD (text.h) so that the output is always valid JSON; control bytes
 * are kept, for jansson to escape.  NULL when out of memory. */
static json_t *json_bytes(const char *s, size_t len)
{
	json_t *v;
	size_t n;
	char *text;

	if (s == NULL)
		return json_null();
	text = a0l_text_clean(s, len, 0, &n);
	if (text == NULL)
		return NULL;
	v = json_stringn(text, n);
	free(text);
	return v;
}

static json_t *json_name(const char *name)
{
	return name != NULL ? json_string(name) : json_null();
}

/* ---- output ------------------------------------------------------------ */

/* Prints d as one line of JSON (R7.2).  -1 when out of memory. */
static int print_decision(const auth0logout_decision *d, FILE *fp)
{
	json_t *o = json_object();
	int rc = 0;

	if (o == NULL)
		return -1;
	/* json_object_set_new takes the value even when it fails, and fails
	 * when the value is NULL (out of memory). */
	rc |= json_object_set_new(
	    o, "outcome", json_name(auth0logout_outcome_name((int)d->outcome)));
	rc |= json_object_set_new(o, "status", json_integer(d->http_status));
	rc |= json_object_set_new(o, "location",
	                          json_bytes(d->location, d->location_len));
	rc |= json_object_set_new(o, "federated",
	                          json_boolean(d->federated != 0));
	rc |= json_object_set_new(
	    o, "error", json_name(auth0logout_error_name((int)d->error)));
	rc |= json_object_set_new(
	    o, "error_description",
	    json_bytes(d->error_description, d->error_description_len));
	rc |= json_object_set_new(
	    o, "list", json_name(auth0logout_list_name((int)d->list)));
	rc |= json_object_set_new(o, "matched",
	                          json_bytes(d->matched, d->matched_len));
	rc |= json_object_set_new(o, "hint", json_bytes(d->hint, d->hint_len));
	if (rc == 0)
		rc = json_dumpf(o, fp, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (rc == 0 && fputc('\n', fp) == EOF)
		rc = -1;
	json_decref(o);
	return rc != 0 ? -1 : 0;
}

/* ---- decide ------------------------------------------------------------ */

/* Single mode: decides query and returns the exit status. */
static int decide_one(const auth0logout_store *store, const char *query,
                      char *buf)
{
	auth0logout_decision d;

	auth0logout_decide_query(store, query, strlen(query), buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
	if (print_decision(&d, stdout) != 0) {
		fputs("auth0logout: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	return d.outcome == AUTH0LOGOUT_OUTCOME_ERROR ? EXIT_REFUSED
	                                              : EXIT_DECIDED;
}

/* Batch mode: one query per line of stdin, one JSON object per line of
 * stdout.  The decide buffer and the line buffer are reused, so memory
 * stays flat however many lines come in.  A line of any length is decided
 * (an over-long one as an error, by the library). */
static int decide_batch(const auth0logout_store *store, char *buf)
{
	auth0logout_decision d;
	char *line = NULL;
	size_t cap = 0, len;
	ssize_t n;
	int rc = EXIT_DECIDED;
	/* Someone typing at a terminal wants each answer at once; a pipe gets
	 * full buffers and one flush at the end. */
	int interactive = isatty(STDIN_FILENO);

	while ((n = getline(&line, &cap, stdin)) != -1) {
		len = (size_t)n;
		/* A line ends in "\n", "\r\n", or, for the last one, nothing
		 * or a lone "\r" (a CRLF file cut before its final "\n"). */
		if (len > 0 && line[len - 1] == '\n')
			len--;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		auth0logout_decide_query(store, line, len, buf,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
		if (print_decision(&d, stdout) != 0) {
			fputs("auth0logout: out of memory\n", stderr);
			rc = EXIT_USAGE;
			break;
		}
		if (interactive)
			fflush(stdout);
	}
	if (rc == EXIT_DECIDED && ferror(stdin)) {
		fprintf(stderr, "auth0logout: reading stdin: %s\n",
		        strerror(errno));
		rc = EXIT_USAGE;
	}
	free(line);
	return rc;
}

/* ---- main -------------------------------------------------------------- */

static int run_decide(const char *config, const struct a0l_config_options *opt,
                      const char *query)
{
	auth0logout_memstore *ms = NULL;
	struct a0l_config *cfg = NULL;
	auth0logout_store store;
	auth0logout_status st;
	char err[A0L_CONFIG_ERR_SIZE];
	char *buf;
	int rc;

	if (a0l_config_read(config, opt, &cfg, err, sizeof(err)) != 0 ||
	    a0l_config_build(cfg, &ms, err, sizeof(err)) != 0) {
		fprintf(stderr, "auth0logout: %s\n", err);
		a0l_config_free(cfg);
		return EXIT_USAGE;
	}
	a0l_config_free(cfg);
	st = auth0logout_memstore_get(ms, &store);
	if (st != AUTH0LOGOUT_OK) {
		fprintf(stderr, "auth0logout: %s: %s\n", config,
		        auth0logout_status_message((int)st));
		auth0logout_memstore_free(ms);
		return EXIT_USAGE;
	}
	/* Allocated once: a batch of any size reuses it. */
	buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	if (buf == NULL) {
		fputs("auth0logout: out of memory\n", stderr);
		auth0logout_memstore_free(ms);
		return EXIT_USAGE;
	}
	if (query != NULL)
		rc = decide_one(&store, query, buf);
	else
		rc = decide_batch(&store, buf);
	free(buf);
	auth0logout_memstore_free(ms);
	return rc;
}

static int run_lint(const char *config, const struct a0l_config_options *opt,
                    enum a0l_lint_format format)
{
	struct a0l_config *cfg = NULL;
	struct a0l_lint_options lopt;
	char err[A0L_CONFIG_ERR_SIZE];
	int rc;

	if (a0l_config_read(config, opt, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "auth0logout: %s\n", err);
		return EXIT_USAGE;
	}
	memset(&lopt, 0, sizeof(lopt));
	lopt.format = format;
	rc = a0l_lint(cfg, &lopt, stdout);
	a0l_config_free(cfg);
	if (rc < 0) {
		fputs("auth0logout: lint: out of memory or output error\n",
		      stderr);
		return EXIT_USAGE;
	}
	return rc;
}

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

/* The command; defines has room for argc pointers. */
static int cli(int argc, char **argv, const char **defines)
{
	const char *config = NULL, *query = NULL, *v;
	struct a0l_config_options opt;
	enum a0l_lint_format format = A0L_LINT_FORMAT_TEXT;
	int i, options = 1, rc, lint;

	if (argc < 2) {
		usage_error("missing command", NULL);
		return EXIT_USAGE;
	}
	if (is_help(argv[1])) {
		fputs(usage_text, stdout);
		return fflush(stdout) == 0 ? EXIT_DECIDED : EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("auth0logout %s\n", auth0logout_version());
		return fflush(stdout) == 0 ? EXIT_DECIDED : EXIT_USAGE;
	}
	lint = strcmp(argv[1], "lint") == 0;
	if (!lint && strcmp(argv[1], "decide") != 0) {
		usage_error(argv[1][0] == '-' ? "unknown option"
		                              : "unknown command",
		            argv[1]);
		return EXIT_USAGE;
	}
	memset(&opt, 0, sizeof(opt));
	opt.defines = defines;
	opt.use_environment = 1;
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (options && strcmp(a, "--") == 0) {
			options = 0;
		} else if (options && is_option(a, "--define")) {
			v = option_value(argc, argv, &i);
			if (v == NULL) {
				usage_error("option --define needs KEY=VALUE",
				            NULL);
				return EXIT_USAGE;
			}
			if (!a0l_config_define_ok(v)) {
				usage_error("option --define needs KEY=VALUE "
				            "(KEY: letters, digits and _)",
				            v);
				return EXIT_USAGE;
			}
			defines[opt.n_defines++] = v;
		} else if (options && is_option(a, "--client-id-from")) {
			v = option_value(argc, argv, &i);
			if (v == NULL || strcmp(v, "name") != 0) {
				usage_error("option --client-id-from accepts "
				            "only \"name\"",
				            v);
				return EXIT_USAGE;
			}
			opt.client_id_from_name = 1;
		} else if (options && strcmp(a, "--config") == 0) {
			if (i + 1 >= argc) {
				usage_error("option --config needs a FILE",
				            NULL);
				return EXIT_USAGE;
			}
			if (config != NULL) {
				usage_error("option --config given twice",
				            NULL);
				return EXIT_USAGE;
			}
			config = argv[++i];
		} else if (options && strncmp(a, "--config=", 9) == 0) {
			if (config != NULL) {
				usage_error("option --config given twice",
				            NULL);
				return EXIT_USAGE;
			}
			config = a + 9;
		} else if (options && lint && is_option(a, "--format")) {
			v = option_value(argc, argv, &i);
			if (v != NULL && strcmp(v, "text") == 0) {
				format = A0L_LINT_FORMAT_TEXT;
			} else if (v != NULL && strcmp(v, "json") == 0) {
				format = A0L_LINT_FORMAT_JSON;
			} else {
				usage_error("option --format accepts \"text\" "
				            "or \"json\"",
				            v);
				return EXIT_USAGE;
			}
		} else if (options && is_help(a)) {
			fputs(usage_text, stdout);
			return fflush(stdout) == 0 ? EXIT_DECIDED : EXIT_USAGE;
		} else if (options && a[0] == '-') {
			usage_error("unknown option", a);
			return EXIT_USAGE;
		} else if (lint) {
			usage_error("lint takes no QUERY", a);
			return EXIT_USAGE;
		} else if (query != NULL) {
			usage_error("more than one QUERY", a);
			return EXIT_USAGE;
		} else {
			query = a;
		}
	}
	if (config == NULL || config[0] == '\0') {
		usage_error("option --config FILE is required", NULL);
		return EXIT_USAGE;
	}
	rc = lint ? run_lint(config, &opt, format)
	          : run_decide(config, &opt, query);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "auth0logout: writing output: %s\n",
		        strerror(errno));
		rc = EXIT_USAGE;
	}
	return rc;
}

int main(int argc, char **argv)
{
	/* At most one define per argument. */
	const char **defines = malloc((size_t)argc * sizeof(*defines));
	int rc;

	if (defines == NULL) {
		fputs("auth0logout: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	rc = cli(argc, argv, defines);
	free(defines);
	return rc;
}
