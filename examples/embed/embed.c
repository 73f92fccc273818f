/* SPDX-License-Identifier: MIT */
/*
 * Embedding libauth0logout with a store of your own.
 *
 * A real server would look the client up in its database; here the "database"
 * is a small array.  Lists are compiled once, up front, and the store
 * callbacks only hand them out, so deciding stays allocation-free.
 *
 *   cc embed.c $(pkg-config --cflags --libs auth0logout) -o embed
 *   ./embed 'client_id=spa&returnTo=https://app.example.com/bye'
 */
#include <auth0logout.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct app {
	const char *client_id;
	const char *logout_urls; /* the dashboard's comma-separated form */
	auth0logout_allowlist *list;
};

struct db {
	auth0logout_allowlist *tenant;
	struct app apps[2];
};

static int tenant_list(void *ctx, const auth0logout_allowlist **out)
{
	*out = ((struct db *)ctx)->tenant;
	return AUTH0LOGOUT_OK;
}

static int client_list(void *ctx, const char *id, size_t len,
                       const auth0logout_allowlist **out)
{
	struct db *db = ctx;
	for (size_t i = 0; i < 2; i++)
		if (strlen(db->apps[i].client_id) == len &&
		    memcmp(db->apps[i].client_id, id, len) == 0) {
			*out = db->apps[i].list;
			return AUTH0LOGOUT_OK;
		}
	return AUTH0LOGOUT_E_UNKNOWN_CLIENT; /* or _E_STORE_FAILED on I/O error
	                                      */
}

static auth0logout_allowlist *compile(const char *csv)
{
	auth0logout_allowlist *l = NULL;
	auth0logout_diag diag;
	if (auth0logout_allowlist_compile_csv(csv, strlen(csv), &l, &diag)) {
		fprintf(stderr, "entry %zu of \"%s\": %s\n", diag.index, csv,
		        diag.text);
		exit(2);
	}
	return l;
}

int main(int argc, char **argv)
{
	struct db db = {
	    .apps = {{"spa",
	              "https://app.example.com/bye, https://*.example.org",
	              NULL},
	             {"native", "com.example.app://callback", NULL}},
	};
	db.tenant = compile("https://www.example.com");
	for (size_t i = 0; i < 2; i++)
		db.apps[i].list = compile(db.apps[i].logout_urls);
	auth0logout_store store = {&db, tenant_list, client_list, NULL};

	/* One buffer per thread, reused for every request. */
	char *buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	const char *query = argc > 1 ? argv[1] : "client_id=spa";
	auth0logout_decision d;
	auth0logout_decide_query(&store, query, strlen(query), buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);

	switch (d.outcome) {
	case AUTH0LOGOUT_OUTCOME_REDIRECT: /* clear the session, then: */
		printf("HTTP/1.1 302 Found\r\nLocation: %s\r\n", d.location);
		break;
	case AUTH0LOGOUT_OUTCOME_LOGGED_OUT:
		printf("HTTP/1.1 200 OK\r\n\r\nOK\n");
		break;
	default: /* leave the session alone */
		printf("HTTP/1.1 %d\r\n\r\n%s: %s\n", d.http_status,
		       auth0logout_error_name(d.error), d.error_description);
	}

	free(buf);
	auth0logout_allowlist_free(db.tenant);
	for (size_t i = 0; i < 2; i++)
		auth0logout_allowlist_free(db.apps[i].list);
	return d.outcome == AUTH0LOGOUT_OUTCOME_ERROR;
}
