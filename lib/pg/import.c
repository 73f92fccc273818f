/* SPDX-License-Identifier: MIT */
/* R10.3: a config into the tables, one tenant in one transaction. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole tenant may take a while; a server that does not answer at all
 * must not hang the import forever.  An idle timeout (pgc_query): a
 * statement fails when the server says nothing for this long. */
#define IMPORT_TIMEOUT_MS 120000u

/* $1 the tenant, $2 its settings object. */
static const char SQL_TENANT[] =
    "INSERT INTO auth0logout_tenants (id, settings) VALUES ($1, $2::jsonb)"
    " ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings";
/* $1 the tenant, $2 the JSON array of its client objects. */
static const char SQL_DELETE[] =
    "DELETE FROM auth0logout_clients c WHERE c.tenant_id = $1"
    " AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements($2::jsonb) e"
    " WHERE e->>'client_id' = c.client_id)";
static const char SQL_UPSERT[] =
    "INSERT INTO auth0logout_clients (tenant_id, client_id, client)"
    " SELECT $1, e->>'client_id', e FROM jsonb_array_elements($2::jsonb) e"
    " ON CONFLICT (tenant_id, client_id)"
    " DO UPDATE SET client = EXCLUDED.client";

static void say(char *err, size_t err_len, const char *msg)
{
	if (err != NULL && err_len > 0)
		pg_copy_cut(err, err_len, msg);
}

/* "[o0,o1,...]" of the config's client objects, or NULL (out of memory,
 * or a config read without AUTH0LOGOUT_CONFIG_KEEP_OBJECTS: *kept 0). */
static char *client_array(const auth0logout_config *cfg, int *kept)
{
	size_t n = auth0logout_config_client_count(cfg), i, len = 1, cap = 256;
	char *a = malloc(cap), *o, *b;

	*kept = 1;
	if (a == NULL)
		return NULL;
	a[0] = '[';
	for (i = 0; i < n; i++) {
		size_t k;

		o = auth0logout_config_client_object(cfg, i);
		if (o == NULL) {
			*kept = 0;
			free(a);
			return NULL;
		}
		k = strlen(o);
		if (len + k + 3 > cap) {
			while (len + k + 3 > cap)
				cap *= 2;
			b = realloc(a, cap);
			if (b == NULL) {
				free(o);
				free(a);
				return NULL;
			}
			a = b;
		}
		if (i > 0)
			a[len++] = ',';
		memcpy(a + len, o, k);
		len += k;
		free(o);
	}
	a[len++] = ']';
	a[len] = '\0';
	return a;
}

AUTH0LOGOUT_PG_API auth0logout_status
auth0logout_pg_import(const char *conninfo, const char *tenant,
                      const auth0logout_config *cfg, char *err, size_t err_len)
{
	auth0logout_config_diag diag;
	auth0logout_memstore *ms = NULL;
	auth0logout_status st;
	char *settings = NULL, *clients = NULL, e[512];
	const char *params[2];
	PGconn *conn = NULL;
	int kept = 1, commit_lost = 0, r;

	say(err, err_len, "");
	if (conninfo == NULL || tenant == NULL || cfg == NULL) {
		say(err, err_len, "no conninfo, tenant or config");
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	}
	/* libpq's reason would quote the string, password and all. */
	r = pgc_conninfo_check(conninfo);
	if (r != 0) {
		say(err, err_len,
		    r > 0 ? PG_BAD_CONNINFO
		          : auth0logout_status_message(AUTH0LOGOUT_E_NOMEM));
		return r > 0 ? AUTH0LOGOUT_E_INVALID_ARGUMENT
		             : AUTH0LOGOUT_E_NOMEM;
	}
	/* Every client must build: nothing is written otherwise. */
	st = auth0logout_config_build(cfg, &ms, &diag);
	if (st != AUTH0LOGOUT_OK) {
		say(err, err_len,
		    diag.text[0] != '\0' ? diag.text
		                         : auth0logout_status_message(st));
		return st;
	}
	auth0logout_memstore_free(ms);
	settings = auth0logout_config_tenant_object(cfg);
	if (settings == NULL)
		kept = 0;
	else
		clients = client_array(cfg, &kept);
	if (settings == NULL || clients == NULL) {
		free(settings);
		free(clients);
		if (!kept) {
			say(err, err_len,
			    "the config was not read with "
			    "AUTH0LOGOUT_CONFIG_KEEP_OBJECTS");
			return AUTH0LOGOUT_E_INVALID_ARGUMENT;
		}
		say(err, err_len,
		    auth0logout_status_message(AUTH0LOGOUT_E_NOMEM));
		return AUTH0LOGOUT_E_NOMEM;
	}

	r = pgc_connect(conninfo, "auth0logout-import", -1, IMPORT_TIMEOUT_MS,
	                &conn, e, sizeof e);
	if (r == PGC_OK)
		r = pgc_query(conn, "BEGIN", 0, NULL, -1, IMPORT_TIMEOUT_MS,
		              NULL, e, sizeof e);
	params[0] = tenant;
	params[1] = settings;
	if (r == PGC_OK)
		r = pgc_query(conn, SQL_TENANT, 2, params, -1,
		              IMPORT_TIMEOUT_MS, NULL, e, sizeof e);
	params[1] = clients;
	if (r == PGC_OK)
		r = pgc_query(conn, SQL_DELETE, 2, params, -1,
		              IMPORT_TIMEOUT_MS, NULL, e, sizeof e);
	if (r == PGC_OK)
		r = pgc_query(conn, SQL_UPSERT, 2, params, -1,
		              IMPORT_TIMEOUT_MS, NULL, e, sizeof e);
	if (r == PGC_OK) {
		r = pgc_query(conn, "COMMIT", 0, NULL, -1, IMPORT_TIMEOUT_MS,
		              NULL, e, sizeof e);
		/* The connection went while the COMMIT was on its way: it
		 * may have been done or not, and nobody can ask now. */
		commit_lost = r == PGC_LOST;
	}
	/* A failed statement leaves the transaction aborted: closing the
	 * connection rolls it back. */
	if (conn != NULL)
		PQfinish(conn);
	free(settings);
	free(clients);
	if (r != PGC_OK) {
		char q[PG_QUOTED], msg[1024];

		pg_quote(q, tenant);
		if (commit_lost)
			snprintf(msg, sizeof msg,
			         "import of tenant %s: the commit's outcome is"
			         " unknown: check the tables (%s)",
			         q, e);
		else
			snprintf(msg, sizeof msg, "import of tenant %s: %s", q,
			         e);
		say(err, err_len, msg);
		return AUTH0LOGOUT_E_STORE_FAILED;
	}
	return AUTH0LOGOUT_OK;
}
