/* SPDX-License-Identifier: MIT */
/* A program of a user of libauth0logout-pg, built through pkg-config
 * auth0logout-pg against a staged install (scripts/consumer-test.sh): a
 * swap store fed by a loader that is never started, its health, and the
 * store failing closed before any load.  Needs no database.  Exits 0 when
 * every check holds. */
#include <auth0logout.h>
#include <auth0logout/pg.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
	int bad = 0;
	auth0logout_swapstore *ss = auth0logout_swapstore_new();
	auth0logout_pg_options opt;
	memset(&opt, 0, sizeof opt);
	opt.conninfo = "postgresql:///nowhere?host=/nonexistent";
	opt.tenant = "demo";
	auth0logout_pg *pg = NULL;
	if (auth0logout_pg_new(&opt, ss, &pg) != AUTH0LOGOUT_OK || !pg) {
		puts("auth0logout_pg_new failed");
		bad = 1;
	}
	auth0logout_pg_health h;
	auth0logout_pg_health_get(pg, &h);
	char json[1024];
	if (h.loaded || auth0logout_pg_health_json(&h, json, sizeof json) == 0 ||
	    strstr(json, "\"loaded\":false") == NULL) {
		printf("health: %s\n", json);
		bad = 1;
	}
	/* Never loaded: every decision is a 500 (R10.4). */
	auth0logout_swapstore_reader *r = auth0logout_swapstore_reader_new(ss);
	auth0logout_store st;
	auth0logout_swapstore_reader_store(r, &st);
	static char buf[AUTH0LOGOUT_DECIDE_BUFFER_SIZE];
	auth0logout_decision d;
	if (auth0logout_decide_query(&st, "client_id=a", 11, buf, sizeof buf,
	                             &d) != AUTH0LOGOUT_E_STORE_FAILED ||
	    d.http_status != 500) {
		puts("a never-loaded store did not fail closed");
		bad = 1;
	}
	auth0logout_swapstore_reader_free(r);
	auth0logout_pg_free(pg);
	auth0logout_swapstore_free(ss);
	return bad;
}
