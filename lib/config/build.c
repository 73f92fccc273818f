/* SPDX-License-Identifier: MIT */
/*
 * Compiling a config as read into an in-memory store: the tenant's list,
 * then each client, all-or-nothing (R5.7: an invalid entry fails the whole
 * build and is named with its client, index, value and reason; nothing is
 * ever silently dropped).  Every check is the core library's: the entries
 * are compiled by auth0logout_allowlist_compile_array, client_ids checked
 * by auth0logout_client_id_check.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* The core's reason for a failure: its diagnostic text, or the generic
 * message of the status when the text is empty. */
static const char *reason(const auth0logout_diag *diag, auth0logout_status st)
{
	if (diag->text[0] != '\0')
		return diag->text;
	return auth0logout_status_message((int)st);
}

/* Compiles l into *out (NULL, meaning empty, when it has no entries). */
int cfg_build_list(struct msg *m, const char *where,
                   const struct a0l_config_list *l, auth0logout_allowlist **out)
{
	auth0logout_diag diag;
	auth0logout_status st;
	char q[QUOTE_SIZE];

	*out = NULL;
	if (l->n == 0)
		return 0;
	st = auth0logout_allowlist_compile_array(
	    (const char *const *)l->entries, l->lens, l->n, out, &diag);
	if (st == AUTH0LOGOUT_OK)
		return 0;
	*out = NULL;
	m->where = where;
	if (diag.index < l->n) {
		m->entry = diag.index;
		cfg_quote(q, l->entries[diag.index], l->lens[diag.index]);
		cfg_fail(m, st, "%s: allowed_logout_urls[%zu] %s: %s", where,
		         diag.index, q, reason(&diag, st));
	} else {
		cfg_fail(m, st, "%s: allowed_logout_urls: %s", where,
		         reason(&diag, st));
	}
	cfg_reason(m, reason(&diag, st));
	return -1;
}

/* How "(also ...)" names a client: "clients[N]" or its file. */
static void short_where(char *out, size_t len,
                        const struct auth0logout_config *cfg, size_t i)
{
	const char *w = cfg->clients[i].where;
	const char *end;

	if (w == NULL || strncmp(w, "clients[", 8) != 0 ||
	    (end = strchr(w, ']')) == NULL) {
		if (w != NULL)
			snprintf(out, len, "%s", w);
		else
			snprintf(out, len, "clients[%zu]", i);
		return;
	}
	snprintf(out, len, "%.*s", (int)(end + 1 - w), w);
}

/* The client_id's fault, in words (R1.7). */
static int bad_client_id(struct msg *m, const char *where,
                         const struct a0l_config_client *c)
{
	auth0logout_diag d;
	auth0logout_status st;

	if (c->client_id == NULL) {
		cfg_fail(m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: client_id is missing", where);
		return -1;
	}
	st = auth0logout_client_id_check(c->client_id, c->client_id_len, &d);
	switch (st) {
	case AUTH0LOGOUT_OK:
		return 0;
	case AUTH0LOGOUT_E_CLIENT_ID_EMPTY:
		cfg_fail(m, st, "%s: client_id must not be empty", where);
		break;
	case AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG:
		cfg_fail(m, st, "%s: client_id is longer than %d bytes", where,
		         AUTH0LOGOUT_MAX_CLIENT_ID);
		break;
	case AUTH0LOGOUT_E_CLIENT_ID_CONTROL:
		cfg_fail(m, st,
		         "%s: client_id contains a control byte at offset %zu",
		         where, d.offset);
		break;
	default:
		cfg_fail(m, st, "%s: %s", where, reason(&d, st));
		break;
	}
	return -1;
}

int cfg_build_client_list(struct msg *m, const struct auth0logout_config *cfg,
                          size_t i, char fallback[64],
                          auth0logout_allowlist **out)
{
	const struct a0l_config_client *c = &cfg->clients[i];
	const char *where = c->where;

	*out = NULL;
	if (where == NULL) {
		snprintf(fallback, 64, "clients[%zu]", i);
		where = fallback;
	}
	m->where = where;
	m->client = i;
	m->entry = A0L_NONE;
	if (bad_client_id(m, where, c) != 0 ||
	    cfg_build_list(m, where, &c->list, out) != 0)
		return -1;
	return 0;
}

static int build_client(struct msg *m, const struct auth0logout_config *cfg,
                        size_t i, auth0logout_memstore *ms)
{
	const struct a0l_config_client *c = &cfg->clients[i];
	auth0logout_allowlist *list;
	auth0logout_status st;
	char fallback[64], other[WHERE_SIZE];
	const char *where;
	size_t j;

	if (cfg_build_client_list(m, cfg, i, fallback, &list) != 0)
		return -1;
	where = m->where; /* c->where, or fallback */
	st = auth0logout_memstore_add_client(ms, c->client_id, c->client_id_len,
	                                     list);
	if (st == AUTH0LOGOUT_E_DUPLICATE_CLIENT) {
		for (j = 0; j < i; j++) {
			const struct a0l_config_client *o = &cfg->clients[j];

			if (o->client_id_len == c->client_id_len &&
			    memcmp(o->client_id, c->client_id,
			           c->client_id_len) == 0)
				break;
		}
		short_where(other, sizeof(other), cfg, j);
		cfg_fail(m, st, "%s: duplicate %s (also %s)", where,
		         c->client_id_from_name ? "name, used as client_id"
		                                : "client_id",
		         other);
		return -1;
	}
	if (st != AUTH0LOGOUT_OK) {
		cfg_fail(m, st, "%s: %s", where,
		         auth0logout_status_message((int)st));
		return -1;
	}
	return 0;
}

static auth0logout_status build(const struct auth0logout_config *cfg,
                                auth0logout_memstore **out, struct msg *m)
{
	auth0logout_memstore *ms;
	auth0logout_allowlist *list;
	auth0logout_status st;
	size_t i;

	if (out != NULL)
		*out = NULL;
	if (cfg == NULL || out == NULL) {
		cfg_fail(m, AUTH0LOGOUT_E_INVALID_ARGUMENT, "invalid argument");
		return m->status;
	}
	ms = auth0logout_memstore_new();
	if (ms == NULL) {
		cfg_fail(m, AUTH0LOGOUT_E_NOMEM, "out of memory");
		return m->status;
	}
	st = auth0logout_memstore_reserve(ms, cfg->n_clients);
	if (st != AUTH0LOGOUT_OK) {
		cfg_fail(m, st, "%s", auth0logout_status_message((int)st));
		goto fail;
	}
	if (cfg_build_list(m, "tenant", &cfg->tenant, &list) != 0)
		goto fail;
	st = auth0logout_memstore_set_tenant(ms, list);
	if (st != AUTH0LOGOUT_OK) {
		cfg_fail(m, st, "tenant: %s",
		         auth0logout_status_message((int)st));
		goto fail;
	}
	for (i = 0; i < cfg->n_clients; i++) {
		if (build_client(m, cfg, i, ms) != 0)
			goto fail;
	}
	*out = ms;
	return AUTH0LOGOUT_OK;
fail:
	auth0logout_memstore_free(ms);
	return m->status;
}

AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_build(
    const struct auth0logout_config *cfg, auth0logout_memstore **out,
    auth0logout_config_diag *diag)
{
	struct msg m;

	cfg_msg_start(&m, cfg != NULL ? cfg->source : NULL, diag);
	return build(cfg, out, &m);
}

/* Builds cfg, if it was read (st), then frees it: the one-step loaders.
 * *out is NULL unless it succeeds. */
static auth0logout_status build_and_free(auth0logout_status st,
                                         struct auth0logout_config *cfg,
                                         auth0logout_memstore **out,
                                         auth0logout_config_diag *diag)
{
	if (out != NULL)
		*out = NULL;
	if (st == AUTH0LOGOUT_OK)
		st = auth0logout_config_build(cfg, out, diag);
	auth0logout_config_free(cfg);
	return st;
}

AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_load_file(
    const char *path, size_t path_len, const auth0logout_config_options *opt,
    auth0logout_memstore **out, auth0logout_config_diag *diag)
{
	struct auth0logout_config *cfg = NULL;
	auth0logout_status st =
	    auth0logout_config_read_file(path, path_len, opt, &cfg, diag);

	return build_and_free(st, cfg, out, diag);
}

AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_load_json(
    const char *json, size_t len, const auth0logout_config_options *opt,
    auth0logout_memstore **out, auth0logout_config_diag *diag)
{
	struct auth0logout_config *cfg = NULL;
	auth0logout_status st = auth0logout_config_read_buffer(
	    NULL, 0, json, len, AUTH0LOGOUT_CONFIG_JSON, opt, &cfg, diag);

	return build_and_free(st, cfg, out, diag);
}

AUTH0LOGOUT_CONFIG_API size_t auth0logout_config_options_size(void)
{
	return sizeof(auth0logout_config_options);
}

AUTH0LOGOUT_CONFIG_API size_t auth0logout_config_diag_size(void)
{
	return sizeof(auth0logout_config_diag);
}
