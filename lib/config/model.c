/* SPDX-License-Identifier: MIT */
/*
 * The config model from JSON values (R7.4): the JSON form is read with
 * jansson, the YAML form is turned into the same values (yaml.c), and a
 * directory export is read file by file (files.c); this file reads
 * "tenant", "clients" and (R7.7) "oidc" out of them, checking shapes and
 * types only.
 * Entries are kept as written, even when the library would refuse them,
 * so that lint can report each one; build.c then compiles them.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

static void list_free(struct a0l_config_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->entries[i]);
	free(l->entries);
	free(l->lens);
	memset(l, 0, sizeof(*l));
}

AUTH0LOGOUT_CONFIG_API void
auth0logout_config_free(struct auth0logout_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->n_clients; i++) {
		struct a0l_config_client *c = &cfg->clients[i];

		free(c->client_id);
		free(c->name);
		free(c->where);
		list_free(&c->list);
		free(c->jwt_alg);
		if (c->client_secret != NULL)
			OPENSSL_cleanse(c->client_secret, c->client_secret_len);
		free(c->client_secret);
		json_decref(c->object);
	}
	free(cfg->clients);
	list_free(&cfg->tenant);
	list_free(&cfg->enabled_locales);
	free(cfg->oidc.where);
	free(cfg->oidc.issuer);
	free(cfg->oidc.jwks_file);
	json_decref(cfg->oidc.jwks);
	json_decref(cfg->oidc.discovery);
	json_decref(cfg->tenant_object);
	free(cfg->base_dir);
	free(cfg->source);
	free(cfg);
}

/* ---- reading the model from JSON values ------------------------------- */

const char *cfg_type_name(const struct reader *rd, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return rd->yaml ? "a mapping" : "an object";
	case JSON_ARRAY:
		return rd->yaml ? "a sequence" : "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
		return "null";
	}
	return "an unknown value";
}

const char *cfg_an_object(const struct reader *rd)
{
	return rd->yaml ? "a mapping" : "an object";
}

static const char *an_array(const struct reader *rd)
{
	return rd->yaml ? "a sequence" : "an array";
}

/* deploy-cli's array replacement: the whole string is "@@KEY@@". */
static int is_array_placeholder(const char *s, size_t len)
{
	size_t i;

	if (len < 5 || memcmp(s, "@@", 2) != 0 ||
	    memcmp(s + len - 2, "@@", 2) != 0)
		return 0;
	for (i = 2; i < len - 2; i++) {
		if (!cfg_is_key_char((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/* Reads owner's "allowed_logout_urls" into *out (empty when it is
 * missing, null or []).  where names owner in messages. */
int cfg_read_list(struct reader *rd, const char *where, const json_t *owner,
                  struct a0l_config_list *out)
{
	const json_t *arr = json_object_get(owner, "allowed_logout_urls");
	char field[64];
	size_t n, i;

	memset(out, 0, sizeof(*out));
	rd->m.where = where;
	rd->m.entry = A0L_NONE;
	if (arr == NULL || json_is_null(arr))
		return 0;
	if (json_is_string(arr) &&
	    is_array_placeholder(json_string_value(arr),
	                         json_string_length(arr))) {
		cfg_fail(
		    &rd->m, AUTH0LOGOUT_E_CONFIG_UNSUPPORTED,
		    "%s: allowed_logout_urls is \"%s\": array placeholders "
		    "(@@KEY@@) are not supported; list the URLs, each may use "
		    "##KEY## placeholders",
		    where, json_string_value(arr));
		return -1;
	}
	if (!json_is_array(arr)) {
		cfg_fail(
		    &rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		    "%s: allowed_logout_urls must be %s of strings, not %s",
		    where, an_array(rd), cfg_type_name(rd, arr));
		return -1;
	}
	n = json_array_size(arr);
	if (n == 0)
		return 0;
	out->entries = calloc(n, sizeof(*out->entries));
	out->lens = calloc(n, sizeof(*out->lens));
	if (out->entries == NULL || out->lens == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM,
		         "%s: allowed_logout_urls: out of memory", where);
		list_free(out);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const json_t *v = json_array_get(arr, i);

		rd->m.entry = i;
		if (!json_is_string(v)) {
			cfg_fail(
			    &rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			    "%s: allowed_logout_urls[%zu] must be a string, "
			    "not %s",
			    where, i, cfg_type_name(rd, v));
			list_free(out);
			return -1;
		}
		/* Strings may hold NUL bytes (JSON_ALLOW_NUL, YAML "\0"):
		 * the lengths carry them to the library, which refuses
		 * them. */
		snprintf(field, sizeof(field), "allowed_logout_urls[%zu]", i);
		if (cfg_expand(rd, where, field, json_string_value(v),
		               json_string_length(v), &out->entries[i],
		               &out->lens[i]) != 0) {
			list_free(out);
			return -1;
		}
		out->n = i + 1;
	}
	rd->m.entry = A0L_NONE;
	return 0;
}

/* A member of obj that is present and not null, or NULL. */
static const json_t *member(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return v != NULL && !json_is_null(v) ? v : NULL;
}

/* R7.7: enabled_locales, an array of strings, kept as written. */
static int read_locales(struct reader *rd, const char *where, const json_t *arr)
{
	struct a0l_config_list *out = &rd->cfg->enabled_locales;
	size_t n = json_array_size(arr), i;

	if (!json_is_array(arr)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: enabled_locales must be %s of strings, not %s",
		         where, an_array(rd), cfg_type_name(rd, arr));
		return -1;
	}
	rd->cfg->has_enabled_locales = 1;
	if (n == 0)
		return 0;
	out->entries = calloc(n, sizeof(*out->entries));
	out->lens = calloc(n, sizeof(*out->lens));
	if (out->entries == NULL || out->lens == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM,
		         "%s: enabled_locales: out of memory", where);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const json_t *v = json_array_get(arr, i);

		if (!json_is_string(v)) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "%s: enabled_locales[%zu] must be a string, "
			         "not %s",
			         where, i, cfg_type_name(rd, v));
			return -1;
		}
		out->lens[i] = json_string_length(v);
		out->entries[i] = cfg_dupn(json_string_value(v), out->lens[i]);
		if (out->entries[i] == NULL) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM,
			         "%s: enabled_locales: out of memory", where);
			return -1;
		}
		out->n = i + 1;
	}
	return 0;
}

/* R7.7: the tenant's settings for /oidc/logout. */
static int read_tenant_oidc(struct reader *rd, const char *where,
                            const json_t *tenant)
{
	const json_t *sessions = member(tenant, "sessions"), *prompt;
	const json_t *locales = member(tenant, "enabled_locales");

	rd->m.where = where;
	if (sessions != NULL) {
		if (!json_is_object(sessions)) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "%s: sessions must be %s, not %s", where,
			         cfg_an_object(rd),
			         cfg_type_name(rd, sessions));
			return -1;
		}
		prompt = member(sessions, "oidc_logout_prompt_enabled");
		if (prompt != NULL && !json_is_boolean(prompt)) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "%s: sessions.oidc_logout_prompt_enabled must "
			         "be true or false, not %s",
			         where, cfg_type_name(rd, prompt));
			return -1;
		}
		rd->cfg->oidc_prompt_disabled = json_is_false(prompt);
	}
	if (locales != NULL && read_locales(rd, where, locales) != 0)
		return -1;
	return 0;
}

int cfg_read_tenant(struct reader *rd, const char *where, const json_t *tenant)
{
	if (tenant == NULL || json_is_null(tenant))
		return 0;
	rd->m.where = where;
	rd->m.client = A0L_NONE;
	if (!json_is_object(tenant)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s must be %s, not %s", where, cfg_an_object(rd),
		         cfg_type_name(rd, tenant));
		return -1;
	}
	if (cfg_read_list(rd, where, tenant, &rd->cfg->tenant) != 0 ||
	    read_tenant_oidc(rd, where, tenant) != 0)
		return -1;
	return cfg_keep_tenant(rd, where, tenant);
}

/* R7.7: a string member of the oidc object, placeholders filled; *out
 * stays NULL when it is absent or null. */
static int oidc_string(struct reader *rd, const char *where, const json_t *oidc,
                       const char *key, char **out, size_t *len)
{
	const json_t *v = member(oidc, key);
	size_t n;

	if (v == NULL)
		return 0;
	if (!json_is_string(v)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: %s must be a string, not %s", where, key,
		         cfg_type_name(rd, v));
		return -1;
	}
	return cfg_expand(rd, where, key, json_string_value(v),
	                  json_string_length(v), out, len != NULL ? len : &n);
}

/* R7.7: an object member of the oidc object, kept as a copy. */
static int oidc_object(struct reader *rd, const char *where, const json_t *oidc,
                       const char *key, json_t **out)
{
	const json_t *v = member(oidc, key);

	if (v == NULL)
		return 0;
	if (!json_is_object(v)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: %s must be %s, not %s", where, key,
		         cfg_an_object(rd), cfg_type_name(rd, v));
		return -1;
	}
	*out = json_deep_copy(v);
	if (*out == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "%s: %s: out of memory",
		         where, key);
		return -1;
	}
	return 0;
}

int cfg_read_oidc(struct reader *rd, const char *where, const json_t *oidc)
{
	struct a0l_config_oidc *o = &rd->cfg->oidc;
	size_t n = 0;

	if (oidc == NULL || json_is_null(oidc))
		return 0;
	rd->m.where = where;
	rd->m.client = A0L_NONE;
	rd->m.entry = A0L_NONE;
	if (!json_is_object(oidc)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s must be %s, not %s", where, cfg_an_object(rd),
		         cfg_type_name(rd, oidc));
		return -1;
	}
	o->present = 1;
	o->where = cfg_dupn(where, strlen(where));
	if (o->where == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "%s: out of memory",
		         where);
		return -1;
	}
	if (oidc_string(rd, where, oidc, "issuer", &o->issuer,
	                &o->issuer_len) != 0 ||
	    oidc_string(rd, where, oidc, "jwks_file", &o->jwks_file, &n) != 0 ||
	    oidc_object(rd, where, oidc, "jwks", &o->jwks) != 0 ||
	    oidc_object(rd, where, oidc, "discovery", &o->discovery) != 0)
		return -1;
	if (o->jwks != NULL && o->jwks_file != NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: give jwks or jwks_file, not both", where);
		return -1;
	}
	if (o->jwks_file != NULL && (n == 0 || memchr(o->jwks_file, '\0', n))) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: jwks_file must be a path: not empty, no NUL "
		         "byte",
		         where);
		return -1;
	}
	rd->m.where = NULL;
	return 0;
}

/* R7.7/R8.10: the client's jwt_configuration.alg and client_secret.
 * where names the client. */
static int read_client_jwt(struct reader *rd, const char *where,
                           const json_t *client, struct a0l_config_client *c)
{
	const json_t *jc = member(client, "jwt_configuration"), *alg = NULL;
	const json_t *secret = member(client, "client_secret");
	char q[QUOTE_SIZE];

	rd->m.where = where;
	rd->m.entry = A0L_NONE;
	if (jc != NULL && !json_is_object(jc)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: jwt_configuration must be %s, not %s", where,
		         cfg_an_object(rd), cfg_type_name(rd, jc));
		return -1;
	}
	if (jc != NULL)
		alg = member(jc, "alg");
	if (alg != NULL) {
		if (!json_is_string(alg)) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "%s: jwt_configuration.alg must be a string, "
			         "not %s",
			         where, cfg_type_name(rd, alg));
			return -1;
		}
		if (cfg_jwt_alg_parse(json_string_value(alg),
		                      json_string_length(alg)) < 0) {
			cfg_quote(q, json_string_value(alg),
			          json_string_length(alg));
			cfg_fail(
			    &rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			    "%s: jwt_configuration.alg %s is not supported "
			    "(RS256, PS256, ES256 or HS256)",
			    where, q);
			return -1;
		}
		c->jwt_alg =
		    cfg_dupn(json_string_value(alg), json_string_length(alg));
		if (c->jwt_alg == NULL) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM,
			         "%s: out of memory", where);
			return -1;
		}
	}
	if (secret == NULL)
		return 0;
	if (!json_is_string(secret)) {
		/* Never the value: it is a secret. */
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: client_secret must be a string, not %s", where,
		         cfg_type_name(rd, secret));
		return -1;
	}
	return cfg_expand(rd, where, "client_secret", json_string_value(secret),
	                  json_string_length(secret), &c->client_secret,
	                  &c->client_secret_len);
}

/* Reads one client object into c.  base names it in messages about its
 * shape ("clients[1]", "clients/My App.json"); file is non-zero for a
 * directory export, whose clients are named by their file throughout. */
static int read_client(struct reader *rd, const char *base, int file,
                       const json_t *client, struct a0l_config_client *c)
{
	const json_t *idv, *namev;
	char q[QUOTE_SIZE];
	char where[WHERE_SIZE];
	int rc;
	int from_name =
	    rd->opt != NULL &&
	    (rd->opt->flags & AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME);

	if (!json_is_object(client)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s must be %s, not %s", base, cfg_an_object(rd),
		         cfg_type_name(rd, client));
		return -1;
	}
	namev = json_object_get(client, "name");
	if (json_is_string(namev) &&
	    cfg_expand(rd, base, "name", json_string_value(namev),
	               json_string_length(namev), &c->name, &c->name_len) != 0)
		return -1;
	idv = json_object_get(client, "client_id");
	if (from_name && (idv == NULL || json_is_null(idv))) {
		if (c->name == NULL) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "%s: client_id is missing and name, which "
			         "--client-id-from name would use, is %s",
			         base,
			         namev == NULL ? "missing"
			                       : cfg_type_name(rd, namev));
			return -1;
		}
		c->client_id = cfg_dupn(c->name, c->name_len);
		c->client_id_len = c->name_len;
		c->client_id_from_name = 1;
		if (c->client_id == NULL) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM,
			         "%s: out of memory", base);
			return -1;
		}
		cfg_quote(q, c->name, c->name_len);
		snprintf(where, sizeof(where), "%s (name %s)", base, q);
	} else if (idv == NULL) {
		if (c->name != NULL) {
			/* deploy-cli exports have no client_id. */
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "%s: client_id is missing (for an "
			         "auth0-deploy-cli export, key clients by name "
			         "with --client-id-from name)",
			         base);
		} else {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "%s: client_id is missing", base);
		}
		return -1;
	} else if (!json_is_string(idv)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: client_id must be a string, not %s", base,
		         cfg_type_name(rd, idv));
		return -1;
	} else {
		if (cfg_expand(rd, base, "client_id", json_string_value(idv),
		               json_string_length(idv), &c->client_id,
		               &c->client_id_len) != 0)
			return -1;
		if (c->client_id_len == 0) {
			snprintf(where, sizeof(where), "%s", base);
		} else {
			cfg_quote(q, c->client_id, c->client_id_len);
			snprintf(where, sizeof(where), "%s (client_id %s)",
			         base, q);
		}
	}
	/* A directory export's client is named by its file, whole: a
	 * shown file name (its bytes escaped) can be longer than where. */
	if (file)
		c->where = cfg_dupn(base, strlen(base));
	else
		c->where = cfg_dupn(where, strlen(where));
	if (c->where == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "%s: out of memory",
		         base);
		return -1;
	}
	rc = cfg_read_list(rd, c->where, client, &c->list);
	if (rc == 0)
		rc = read_client_jwt(rd, c->where, client, c);
	if (rc == 0)
		rc = cfg_keep_client(rd, client, c);
	rd->m.where = NULL;
	return rc;
}

void cfg_client_begin(struct reader *rd, const char *base)
{
	rd->m.where = base;
	rd->m.client = rd->cfg->n_clients;
	rd->m.entry = A0L_NONE;
}

void cfg_client_end(struct reader *rd)
{
	rd->m.where = NULL;
	rd->m.client = A0L_NONE;
	rd->m.entry = A0L_NONE;
}

int cfg_read_client(struct reader *rd, const char *base, int file,
                    const json_t *client, struct a0l_config_client *c)
{
	int rc;

	rd->m.where = base;
	rd->m.client = rd->cfg->n_clients - 1;
	rc = read_client(rd, base, file, client, c);
	/* Nothing read after this client is its fault. */
	cfg_client_end(rd);
	return rc;
}

struct a0l_config_client *cfg_new_client(struct reader *rd, size_t *cap)
{
	struct auth0logout_config *cfg = rd->cfg;
	struct a0l_config_client *c;

	if (cfg->n_clients == *cap) {
		size_t n = *cap > 0 ? *cap * 2 : 8;

		c = realloc(cfg->clients, n * sizeof(*c));
		if (c == NULL) {
			if (rd->m.where != NULL)
				cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM,
				         "%s: out of memory", rd->m.where);
			else
				cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM,
				         "out of memory");
			return NULL;
		}
		cfg->clients = c;
		*cap = n;
	}
	c = &cfg->clients[cfg->n_clients++];
	memset(c, 0, sizeof(*c));
	return c;
}

/* The JSON and YAML forms: one document with "tenant" and "clients". */
int cfg_read_root(struct reader *rd, const json_t *root)
{
	const json_t *clients;
	size_t i, cap = 0;
	char base[64];

	rd->m.where = NULL;
	if (!json_is_object(root)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "the top level must be %s, not %s", cfg_an_object(rd),
		         cfg_type_name(rd, root));
		return -1;
	}
	if (cfg_read_tenant(rd, "tenant", json_object_get(root, "tenant")) !=
	        0 ||
	    cfg_read_oidc(rd, "oidc", json_object_get(root, "oidc")) != 0)
		return -1;
	clients = json_object_get(root, "clients");
	rd->m.where = NULL;
	rd->m.client = A0L_NONE;
	if (clients == NULL || json_is_null(clients))
		return 0;
	if (!json_is_array(clients)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "clients must be %s of client objects, not %s",
		         an_array(rd), cfg_type_name(rd, clients));
		return -1;
	}
	for (i = 0; i < json_array_size(clients); i++) {
		struct a0l_config_client *c;

		snprintf(base, sizeof(base), "clients[%zu]", i);
		cfg_client_begin(rd, base);
		c = cfg_new_client(rd, &cap);
		if (c == NULL) {
			cfg_client_end(rd);
			return -1;
		}
		if (cfg_read_client(rd, base, 0, json_array_get(clients, i),
		                    c) != 0)
			return -1;
	}
	return 0;
}

AUTH0LOGOUT_CONFIG_API size_t
auth0logout_config_client_count(const struct auth0logout_config *cfg)
{
	return cfg != NULL ? cfg->n_clients : 0;
}

AUTH0LOGOUT_CONFIG_API const char *
auth0logout_config_source(const struct auth0logout_config *cfg)
{
	return cfg != NULL ? cfg->source : NULL;
}

AUTH0LOGOUT_CONFIG_API const char *auth0logout_config_version(void)
{
	return AUTH0LOGOUT_VERSION_STRING;
}
