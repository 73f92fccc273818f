/* SPDX-License-Identifier: MIT */
/* A program of a config-library user, built only from what `make install`
 * put in a staging directory, through pkg-config (scripts/consumer-test.sh):
 * loads $CONFIG (examples/demo.json), decides one request, lints. */
#include <auth0logout.h>
#include <auth0logout/config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	const char *path = getenv("CONFIG");
	auth0logout_memstore *ms = NULL;
	auth0logout_config *cfg = NULL;
	auth0logout_config_diag diag;
	auth0logout_store store;
	auth0logout_decision d;
	static char buf[AUTH0LOGOUT_DECIDE_BUFFER_SIZE];
	static const char q[] =
	    "client_id=AbC123&returnTo=https%3A%2F%2Fshop.example.org";

	if (path == NULL ||
	    auth0logout_config_load_file(path, strlen(path), NULL, &ms,
	                                 &diag) != AUTH0LOGOUT_OK) {
		fprintf(stderr, "load: %s\n", path ? diag.text : "no $CONFIG");
		return 1;
	}
	auth0logout_memstore_get(ms, &store);
	auth0logout_decide_query(&store, q, sizeof q - 1, buf, sizeof buf, &d);
	if (d.outcome != AUTH0LOGOUT_OUTCOME_REDIRECT ||
	    strcmp(d.location, "https://shop.example.org") != 0) {
		fprintf(stderr, "decision: %s\n", auth0logout_status_name(d.status));
		return 1;
	}
	auth0logout_memstore_free(ms);
	if (auth0logout_config_read_file(path, strlen(path), NULL, &cfg,
	                                 &diag) != AUTH0LOGOUT_OK ||
	    auth0logout_config_lint(cfg, 0, NULL, NULL, NULL) != 1) {
		fprintf(stderr, "lint: expected warnings only\n");
		return 1;
	}
	auth0logout_config_free(cfg);
	puts("config consumer: ok");
	return 0;
}
