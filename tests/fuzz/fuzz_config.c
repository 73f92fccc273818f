/*
 * libFuzzer target: the JSON config loader of the adapters
 * (examples/common/config.c, a0l_config_load_buffer), SPEC R7.4.
 *
 * The input is the file's contents (an exact-size heap copy, no NUL).
 *
 * Invariants:
 *   - the loader returns 0 with a store, or -1 with no store and a
 *     non-empty, NUL-terminated message that starts with the name given
 *     for the file;
 *   - with a small message buffer (a fuzz-chosen size) the result is the
 *     same and the message is the full message truncated, NUL-terminated
 *     within the buffer; without a buffer (NULL / 0) the result is the
 *     same too;
 *   - a loaded store can be frozen and decides a request without
 *     parameters as logged_out;
 *   - the same bytes read as YAML (a0l_config_read_buffer, "fuzz.yaml",
 *     with a define and --client-id-from name) give a model or a message
 *     starting with that name; every entry of a model is terminated after
 *     its length; building the model gives a store or a message with
 *     that name too;
 *   - everything is freed (LeakSanitizer is on).
 */
#include "config.h"
#include "fuzz_common.h"

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

static void check_result(const char *what, int rc, auth0logout_memstore *ms,
                         const char *err, size_t errlen)
{
	CHECK(rc == 0 || rc == -1, "%s: returned %d", what, rc);
	if (rc == 0) {
		CHECK(ms != NULL, "%s: success without a store", what);
	} else {
		CHECK(ms == NULL, "%s: failure with a store", what);
		if (err && errlen > 0) {
			CHECK(memchr(err, '\0', errlen) != NULL,
			      "%s: the message is not NUL-terminated within "
			      "its %zu bytes",
			      what, errlen);
		}
	}
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
	struct a0l_config_options opt = {defines, 1, 0, 1, NULL};
	struct a0l_config *cfg = (struct a0l_config *)&cfg;
	char err[A0L_CONFIG_ERR_SIZE];
	int rc = a0l_config_read_buffer(YAML_NAME, text, size, &opt, &cfg, err,
	                                sizeof err);

	CHECK(rc == 0 || rc == -1, "yaml: returned %d", rc);
	if (rc != 0) {
		CHECK(cfg == NULL, "yaml: failure with a model");
		CHECK(strncmp(err, YAML_NAME ": ", strlen(YAML_NAME ": ")) == 0,
		      "yaml: the message does not start with the name: %s",
		      err);
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
	auth0logout_memstore *ms = (auth0logout_memstore *)err;
	rc = a0l_config_build(cfg, &ms, err, sizeof err);
	check_result("yaml build", rc, ms, err, sizeof err);
	if (rc != 0)
		CHECK(strncmp(err, YAML_NAME ": ", strlen(YAML_NAME ": ")) == 0,
		      "yaml build: the message does not start with the name: "
		      "%s",
		      err);
	auth0logout_memstore_free(ms);
	a0l_config_free(cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *json = fuzz_copy(data, size);
	char err[A0L_CONFIG_ERR_SIZE];
	memset(err, 'X', sizeof err);
	auth0logout_memstore *ms = (auth0logout_memstore *)err;

	int rc = a0l_config_load_buffer(NAME, json, size, &ms, err, sizeof err);
	check_result("load", rc, ms, err, sizeof err);
	if (rc != 0) {
		CHECK(err[0] != '\0', "failure without a message");
		CHECK(strncmp(err, NAME ": ", strlen(NAME ": ")) == 0,
		      "the message does not start with the file's name: %s",
		      err);
		CHECK(strlen(err) > strlen(NAME ": "),
		      "the message says nothing after the name: %s", err);
	}

	/* A small buffer: the same result, the message truncated. */
	size_t small_len = 1 + (size ? data[size - 1] % 48 : 0);
	char *small = fuzz_xmalloc(small_len);
	memset(small, 'Y', small_len);
	auth0logout_memstore *ms2 = (auth0logout_memstore *)err;
	int rc2 =
	    a0l_config_load_buffer(NAME, json, size, &ms2, small, small_len);
	check_result("load with a small buffer", rc2, ms2, small, small_len);
	CHECK(rc2 == rc, "a %zu-byte message buffer changes the result",
	      small_len);
	if (rc != 0) {
		size_t n = strlen(small);
		CHECK(n < small_len &&
		          n == (strlen(err) < small_len - 1 ? strlen(err)
		                                            : small_len - 1) &&
		          memcmp(small, err, n) == 0,
		      "the %zu-byte message \"%s\" is not \"%s\" truncated",
		      small_len, small, err);
	}
	auth0logout_memstore_free(ms2);
	free(small);

	/* No message buffer at all. */
	auth0logout_memstore *ms3 = (auth0logout_memstore *)err;
	int rc3 = a0l_config_load_buffer(NAME, json, size, &ms3, NULL, 0);
	check_result("load without a buffer", rc3, ms3, NULL, 0);
	CHECK(rc3 == rc, "no message buffer changes the result");
	auth0logout_memstore_free(ms3);

	/* A loaded store works. */
	if (rc == 0) {
		auth0logout_store store;
		CHECK(auth0logout_memstore_get(ms, &store) == AUTH0LOGOUT_OK,
		      "memstore_get on a loaded store");
		static char *buf;
		if (!buf)
			buf = fuzz_xmalloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
		auth0logout_decision d;
		auth0logout_status st = auth0logout_decide_query(
		    &store, "", 0, buf, AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
		CHECK(st == AUTH0LOGOUT_OK &&
		          d.outcome == AUTH0LOGOUT_OUTCOME_LOGGED_OUT,
		      "a request without parameters: %s",
		      auth0logout_status_name(st));
	}
	auth0logout_memstore_free(ms);
	check_yaml(json, size);
	free(json);
	return 0;
}
