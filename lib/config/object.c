/* SPDX-License-Identifier: MIT */
/*
 * R10.3: Management API objects one at a time.  A PostgreSQL row holds one
 * client object or one tenant-settings object; compiling it runs the code
 * that reads and builds a whole config (R7.4, R5.7) on a config of that
 * one object, so a row is judged exactly as the same object in a file.
 * The other way, a config read with AUTH0LOGOUT_CONFIG_KEEP_OBJECTS keeps
 * each object (with the strings the reader filled) for `auth0logout import`.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* A JSON array of the list's entries, or NULL (not UTF-8, or memory). */
static json_t *list_array(const struct a0l_config_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; a != NULL && i < l->n; i++) {
		json_t *s = json_stringn(l->entries[i], l->lens[i]);
		if (s == NULL || json_array_append_new(a, s) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

/* Sets key of obj to the string s (n bytes); NULL s leaves it alone. */
static int set_string(json_t *obj, const char *key, const char *s, size_t n)
{
	if (s == NULL)
		return 0;
	json_t *v = json_stringn(s, n);
	return v == NULL ? -1 : json_object_set_new(obj, key, v);
}

static int keep_fail(struct reader *rd, const char *where)
{
	cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
	         "%s: cannot be kept as JSON (a filled value is not UTF-8, or "
	         "memory ran out)",
	         where);
	return -1;
}

static int keeping(const struct reader *rd)
{
	return rd->opt != NULL &&
	       (rd->opt->flags & AUTH0LOGOUT_CONFIG_KEEP_OBJECTS) != 0;
}

int cfg_keep_client(struct reader *rd, const json_t *client,
                    struct a0l_config_client *c)
{
	if (!keeping(rd))
		return 0;
	json_t *o = json_deep_copy(client);
	json_t *urls = list_array(&c->list);
	int bad = o == NULL || urls == NULL ||
	          json_object_set_new(o, "allowed_logout_urls", urls) != 0;
	if (!bad && c->jwt_alg != NULL) {
		json_t *jwt = json_object_get(o, "jwt_configuration");
		bad = !json_is_object(jwt) ||
		      set_string(jwt, "alg", c->jwt_alg, strlen(c->jwt_alg));
	}
	/* The secret is left out: the object goes into tables every node
	 * reads, and allow-lists never need it. */
	if (!bad && json_object_get(o, "client_secret") != NULL)
		bad = json_object_del(o, "client_secret") != 0;
	if (bad || set_string(o, "client_id", c->client_id, c->client_id_len) ||
	    set_string(o, "name", c->name, c->name_len)) {
		json_decref(o);
		return keep_fail(rd, c->where);
	}
	c->object = o;
	return 0;
}

int cfg_keep_tenant(struct reader *rd, const char *where, const json_t *tenant)
{
	if (!keeping(rd))
		return 0;
	json_t *o = json_deep_copy(tenant);
	json_t *urls = list_array(&rd->cfg->tenant);
	if (o == NULL || urls == NULL ||
	    json_object_set_new(o, "allowed_logout_urls", urls) != 0) {
		json_decref(o);
		return keep_fail(rd, where);
	}
	json_decref(rd->cfg->tenant_object);
	rd->cfg->tenant_object = o;
	return 0;
}

static char *dump(const json_t *o)
{
	return json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

AUTH0LOGOUT_CONFIG_API char *
auth0logout_config_client_object(const auth0logout_config *cfg, size_t i)
{
	if (cfg == NULL || i >= cfg->n_clients ||
	    cfg->clients[i].object == NULL)
		return NULL;
	return dump(cfg->clients[i].object);
}

AUTH0LOGOUT_CONFIG_API char *
auth0logout_config_tenant_object(const auth0logout_config *cfg)
{
	if (cfg == NULL)
		return NULL;
	if (cfg->tenant_object != NULL)
		return dump(cfg->tenant_object);
	/* Kept objects: every client has one (none: not kept). */
	if (cfg->n_clients > 0 && cfg->clients[0].object == NULL)
		return NULL;
	char *empty = malloc(3);
	if (empty != NULL)
		memcpy(empty, "{}", 3);
	return empty;
}

/* Reads json (one object) as the member key of a config: {"key": obj} or
 * {"clients": [obj]}. */
static auth0logout_status read_one(const char *name, const char *json,
                                   size_t len, int as_client,
                                   auth0logout_config **cfg,
                                   auth0logout_config_diag *diag)
{
	json_error_t jerr;
	json_t *obj, *root;
	auth0logout_status st;

	*cfg = NULL;
	if (json == NULL && len > 0)
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	obj = json_loadb(json, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
	                 &jerr);
	if (obj == NULL) {
		struct msg m;
		cfg_msg_start(&m, name, diag);
		cfg_fail(&m, AUTH0LOGOUT_E_CONFIG_SYNTAX, "%s: %s", name,
		         jerr.text);
		cfg_line(&m, (size_t)jerr.line, (size_t)jerr.column);
		return m.status;
	}
	if (!json_is_object(obj)) {
		struct msg m;
		cfg_msg_start(&m, name, diag);
		cfg_fail(&m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s must be an object, not %s", name,
		         json_is_array(obj)    ? "an array"
		         : json_is_string(obj) ? "a string"
		         : json_is_null(obj)   ? "null"
		                               : "a number or boolean");
		json_decref(obj);
		return m.status;
	}
	root = as_client ? json_pack("{s:[o]}", "clients", obj)
	                 : json_pack("{s:o}", "tenant", obj);
	if (root == NULL) {
		struct msg m;
		cfg_msg_start(&m, name, diag);
		cfg_fail(&m, AUTH0LOGOUT_E_NOMEM, "out of memory");
		return m.status;
	}
	st = cfg_read_value(name, root, NULL, cfg, diag);
	json_decref(root);
	return st;
}

AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_compile_client(
    const char *json, size_t len, char **client_id, size_t *client_id_len,
    auth0logout_allowlist **list, auth0logout_config_diag *diag)
{
	auth0logout_config *cfg;
	auth0logout_status st;
	struct msg m;
	char fallback[64];

	if (client_id == NULL || client_id_len == NULL || list == NULL)
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	*client_id = NULL;
	*client_id_len = 0;
	*list = NULL;
	st = read_one("client", json, len, 1, &cfg, diag);
	if (st != AUTH0LOGOUT_OK)
		return st;
	cfg_msg_start(&m, "client", diag);
	if (cfg_build_client_list(&m, cfg, 0, fallback, list) == 0) {
		const struct a0l_config_client *c = &cfg->clients[0];
		*client_id = cfg_dupn(c->client_id, c->client_id_len);
		if (*client_id == NULL) {
			auth0logout_allowlist_free(*list);
			*list = NULL;
			cfg_fail(&m, AUTH0LOGOUT_E_NOMEM, "out of memory");
		} else {
			*client_id_len = c->client_id_len;
		}
	}
	auth0logout_config_free(cfg);
	return m.status;
}

AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_compile_tenant(
    const char *json, size_t len, auth0logout_allowlist **list,
    auth0logout_config_diag *diag)
{
	auth0logout_config *cfg;
	auth0logout_status st;
	struct msg m;

	if (list == NULL)
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	*list = NULL;
	st = read_one("tenant", json, len, 0, &cfg, diag);
	if (st != AUTH0LOGOUT_OK)
		return st;
	cfg_msg_start(&m, "tenant", diag);
	cfg_build_list(&m, "tenant", &cfg->tenant, list);
	auth0logout_config_free(cfg);
	return m.status;
}
