/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the config library's readers and store builder
 * (lib/config, include/auth0logout/config.h), R7.4-R7.5.
 *
 * The input is the file's contents (an exact-size heap copy, no NUL).
 *
 * Invariants:
 *   - read as JSON ("fuzz.json") and built, the result is a store, or a
 *     status with no store and a diag whose status is that status, whose
 *     strings are NUL-terminated within their arrays, whose file is the
 *     name given, whose text starts with "fuzz.json: " and says something
 *     after it, and whose reason is not empty; an entry's R4/R5 status
 *     names the entry (diag.entry);
 *   - without a diag, and through auth0logout_config_load_json, the status
 *     is the same;
 *   - a loaded store can be frozen and decides a request without
 *     parameters as logged_out;
 *   - the same bytes read as YAML ("fuzz.yaml", with a define and
 *     --client-id-from name) give a model or a diag naming that file;
 *     every entry of a model is terminated after its length (white-box:
 *     lib/config/internal.h); building the model gives a store or a diag
 *     naming that file too;
 *   - the same bytes as one client object and as one tenant object
 *     (R10.3, a PostgreSQL row): a result, or a status its diag
 *     explains; a client_id the core accepts;
 *   - everything is freed (LeakSanitizer is on).
 */
#include "auth0logout/config.h"
#include "fuzz_common.h"
/* White-box: the model as read. */
#include "../../lib/config/internal.h"

#include <jansson.h>

#define NAME      "fuzz.json"
#define YAML_NAME "fuzz.yaml"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* jansson seeds its hash function randomly otherwise. */
	json_object_seed(1);
	return 0;
}

/* The result of a load or build: a store, or a status and a diag that
 * explains it. */
static void check_result(const char *what, const char *name,
                         auth0logout_status st, auth0logout_memstore *ms,
                         const auth0logout_config_diag *d)
{
	size_t nl = strlen(name);

	if (st == AUTH0LOGOUT_OK) {
		CHECK(ms != NULL, "%s: success without a store", what);
		return;
	}
	CHECK(ms == NULL, "%s: failure with a store", what);
	CHECK(d->status == (int)st, "%s: diag status %d, returned %d", what,
	      d->status, (int)st);
	CHECK(memchr(d->text, '\0', sizeof d->text) &&
	          memchr(d->file, '\0', sizeof d->file) &&
	          memchr(d->where, '\0', sizeof d->where) &&
	          memchr(d->reason, '\0', sizeof d->reason),
	      "%s: a diag string is not NUL-terminated", what);
	CHECK(strcmp(d->file, name) == 0, "%s: diag file %s", what, d->file);
	CHECK(
	    strncmp(d->text, name, nl) == 0 &&
	        strncmp(d->text + nl, ": ", 2) == 0 && strlen(d->text) > nl + 2,
	    "%s: the message does not start with the name: %s", what, d->text);
	CHECK(d->reason[0] != '\0', "%s: no reason: %s", what, d->text);
	if (st >= AUTH0LOGOUT_E_URL_TOO_LONG && st <= AUTH0LOGOUT_E_ENTRY_EMPTY)
		CHECK(d->entry != (size_t)-1,
		      "%s: an entry status without "
		      "the entry: %s",
		      what, d->text);
}

static void check_list(const struct a0l_config_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		CHECK(l->entries[i] != NULL &&
		          l->entries[i][l->lens[i]] == '\0',
		      "entry %zu is not terminated after its length", i);
}

/* The input as a deploy-cli YAML export. */
static void check_yaml(const char *text, size_t size)
{
	static const char *const defines[] = {"HOST=example.com"};
	auth0logout_config_options opt = {0};
	auth0logout_config *cfg = (auth0logout_config *)&cfg;
	auth0logout_config_diag d;

	opt.defines = defines;
	opt.n_defines = 1;
	opt.flags = AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME;
	auth0logout_status st = auth0logout_config_read_buffer(
	    YAML_NAME, strlen(YAML_NAME), text, size, AUTH0LOGOUT_CONFIG_AUTO,
	    &opt, &cfg, &d);
	if (st != AUTH0LOGOUT_OK) {
		CHECK(cfg == NULL, "yaml: failure with a model");
		check_result("yaml", YAML_NAME, st, NULL, &d);
		return;
	}
	CHECK(cfg != NULL, "yaml: success without a model");
	check_list(&cfg->tenant);
	for (size_t i = 0; i < cfg->n_clients; i++) {
		CHECK(cfg->clients[i].client_id != NULL &&
		          cfg->clients[i].where != NULL,
		      "yaml: clients[%zu] without client_id or where", i);
		check_list(&cfg->clients[i].list);
	}
	auth0logout_memstore *ms = (auth0logout_memstore *)&d;
	st = auth0logout_config_build(cfg, &ms, &d);
	check_result("yaml build", YAML_NAME, st, ms, &d);
	auth0logout_memstore_free(ms);
	auth0logout_config_free(cfg);
}

/* Reads json as NAME and builds it. */
static auth0logout_status load(const char *json, size_t size,
                               auth0logout_memstore **ms,
                               auth0logout_config_diag *d)
{
	auth0logout_config *cfg = (auth0logout_config *)ms;
	auth0logout_status st = auth0logout_config_read_buffer(
	    NAME, strlen(NAME), json, size, AUTH0LOGOUT_CONFIG_JSON, NULL, &cfg,
	    d);

	*ms = (auth0logout_memstore *)&cfg;
	if (st != AUTH0LOGOUT_OK) {
		CHECK(cfg == NULL, "load: failure with a model");
		*ms = NULL;
		return st;
	}
	st = auth0logout_config_build(cfg, ms, d);
	auth0logout_config_free(cfg);
	return st;
}

/* R10.3: the same bytes as one client object and as one tenant object (a
 * PostgreSQL row): a client_id and list, or a status its diag explains;
 * the client read as the only member of a config's "clients" builds the
 * same way. */
static void check_objects(const char *json, size_t size)
{
	char *id = NULL;
	size_t idn = 0;
	auth0logout_allowlist *l = NULL;
	auth0logout_config_diag d;
	auth0logout_status st =
	    auth0logout_config_compile_client(json, size, &id, &idn, &l, &d);
	if (st == AUTH0LOGOUT_OK) {
		CHECK(id != NULL && idn > 0 && id[idn] == '\0',
		      "compile_client: success without a client_id");
		CHECK(auth0logout_client_id_check(id, idn, NULL) ==
		          AUTH0LOGOUT_OK,
		      "compile_client: a client_id the core refuses");
	} else {
		CHECK(id == NULL && l == NULL,
		      "compile_client: failure with a result");
		CHECK(d.status == (int)st && d.text[0] != '\0',
		      "compile_client: diag status %d, returned %d", d.status,
		      (int)st);
		CHECK(memchr(d.text, '\0', sizeof d.text) != NULL,
		      "compile_client: diag text not terminated");
	}
	free(id);
	auth0logout_allowlist_free(l);
	l = NULL;
	st = auth0logout_config_compile_tenant(json, size, &l, &d);
	if (st != AUTH0LOGOUT_OK) {
		CHECK(l == NULL, "compile_tenant: failure with a list");
		CHECK(d.status == (int)st && d.text[0] != '\0',
		      "compile_tenant: diag status %d, returned %d", d.status,
		      (int)st);
	}
	auth0logout_allowlist_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *json = fuzz_copy(data, size);
	auth0logout_config_diag d;
	auth0logout_memstore *ms = NULL, *ms2 = (auth0logout_memstore *)&d;

	memset(&d, 'X', sizeof d);
	auth0logout_status st = load(json, size, &ms, &d);
	check_result("load", NAME, st, ms, &d);

	/* Without a diag, and in one step: the same status. */
	auth0logout_memstore *ms3 = NULL;
	CHECK(load(json, size, &ms3, NULL) == st, "no diag changes the result");
	auth0logout_memstore_free(ms3);
	CHECK(auth0logout_config_load_json(json, size, NULL, &ms2, NULL) == st,
	      "auth0logout_config_load_json differs");
	CHECK((st == AUTH0LOGOUT_OK) == (ms2 != NULL),
	      "auth0logout_config_load_json: store and status disagree");
	auth0logout_memstore_free(ms2);

	/* A loaded store works. */
	if (st == AUTH0LOGOUT_OK) {
		auth0logout_store store;
		CHECK(auth0logout_memstore_get(ms, &store) == AUTH0LOGOUT_OK,
		      "memstore_get on a loaded store");
		static char *buf;
		if (!buf)
			buf = fuzz_xmalloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
		auth0logout_decision dec;
		auth0logout_status ds = auth0logout_decide_query(
		    &store, "", 0, buf, AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &dec);
		CHECK(ds == AUTH0LOGOUT_OK &&
		          dec.outcome == AUTH0LOGOUT_OUTCOME_LOGGED_OUT,
		      "a request without parameters: %s",
		      auth0logout_status_name(ds));
	}
	auth0logout_memstore_free(ms);
	check_yaml(json, size);
	check_objects(json, size);
	free(json);
	return 0;
}
