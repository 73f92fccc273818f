/*
 * Loading allow-lists from a JSON config file (SPEC R7.4), shared by the
 * example adapters (the auth0logout command, web servers).
 *
 * The file uses the Auth0 Management API's own shapes; unknown fields are
 * ignored:
 *
 *   {
 *     "tenant":  { "allowed_logout_urls": ["https://www.example.com"] },
 *     "clients": [
 *       { "client_id": "AbC123", "name": "My SPA",
 *         "allowed_logout_urls": ["https://app.example.com/bye"] }
 *     ]
 *   }
 *
 * "tenant" is a tenant-settings object and "clients" an array of client
 * objects; either may be missing (or null).  A client without
 * "allowed_logout_urls" (or with null) has an empty list.  Every entry is
 * compiled with auth0logout_allowlist_compile_array, so an invalid entry
 * fails the whole load (R5.7): nothing is ever silently dropped.
 *
 * The same model also comes from auth0-deploy-cli exports (YAML file or
 * directory; a0l_config_read below).  In every form, "##KEY##" (KEY one
 * or more of A-Z a-z 0-9 _) in a string the loader keeps (client_id,
 * name, each entry) is a placeholder, replaced from the options' defines,
 * then the environment; one without a value is an error.  Other "#"s are
 * kept as written.
 *
 * This module prints nothing and keeps no global state; it is safe to call
 * from any thread (it reads the environment only when asked to, with
 * getenv).  It is not part of the library (it needs jansson and libyaml).
 */
#ifndef A0L_CONFIG_H
#define A0L_CONFIG_H

#include <stddef.h>

#include "auth0logout.h"

/* A buffer of this many bytes holds any message a0l_config_load writes
 * (longer quoted values are shortened with "..."). */
#define A0L_CONFIG_ERR_SIZE 1024

/* Loads the config at path (any form a0l_config_read accepts, with no
 * options: no defines, no environment, client_id required) into a new
 * in-memory store.
 *
 * On success returns 0 and sets *out to a store the caller owns (free it
 * with auth0logout_memstore_free; call auth0logout_memstore_get to use it).
 * On failure returns -1, sets *out to NULL and, when err is not NULL and
 * errlen > 0, writes a NUL-terminated message naming the file, the client
 * (index and client_id), the entry at fault and the reason, e.g.
 *
 *   demo.json: clients[1] (client_id "AbC123"): allowed_logout_urls[2]
 *   "*.example.com": <reason>
 *
 * A message longer than errlen is truncated. */
int a0l_config_load(const char *path, auth0logout_memstore **out, char *err,
                    size_t errlen);

/* As a0l_config_load, but parses the len bytes at json (no NUL needed);
 * name stands for the file in messages. */
int a0l_config_load_buffer(const char *name, const char *json, size_t len,
                           auth0logout_memstore **out, char *err,
                           size_t errlen);

/* ---- The config as read, before compilation (for lint and import) ------
 *
 * a0l_config_read reads any of the three forms --config accepts:
 *   - a JSON file in the Management API's shapes (above);
 *   - an auth0-deploy-cli YAML export (tenant.yaml: "tenant:" and
 *     "clients:"), parsed with libyaml;
 *   - an auth0-deploy-cli directory export (tenant.json + clients/x.json).
 * It checks shapes and types only: entries are kept as written, even when
 * the library would refuse them, so that lint can report each one.
 * a0l_config_build then compiles it into a store (all-or-nothing, as
 * a0l_config_load).  Strings are NUL-terminated copies that may also hold
 * NUL bytes (use the lengths). */

struct a0l_config_list {
	char **entries; /* n entries as written */
	size_t *lens;
	size_t n;
};

struct a0l_config_client {
	char *client_id; /* NULL when the export has none (deploy-cli) and
	                    --client-id-from name was not given */
	size_t client_id_len;
	char *name; /* NULL when absent */
	size_t name_len;
	struct a0l_config_list list; /* allowed_logout_urls */
	char *where; /* how messages name it: "clients[1] (client_id \"x\")"
	                or "clients/My App.json" */
	int client_id_from_name; /* non-zero: client_id is a copy of name
	                            (--client-id-from name) */
};

struct a0l_config {
	char *source;                  /* the path (or name) it was read from */
	struct a0l_config_list tenant; /* tenant allowed_logout_urls */
	struct a0l_config_client *clients;
	size_t n_clients;
};

struct a0l_config_options {
	/* KEY=VALUE pairs for ##KEY## placeholders (--define); they take
	 * precedence over the environment. */
	const char *const *defines;
	size_t n_defines;
	/* Non-zero: look placeholders up in the environment too. */
	int use_environment;
	/* Non-zero (--client-id-from name): a client without client_id is
	 * keyed by its name. */
	int client_id_from_name;
	/* With use_environment: placeholder ##KEY## is the environment
	 * variable env_prefix KEY (NULL: KEY itself).  The CGI adapter uses
	 * a prefix, since in CGI the environment also holds the request. */
	const char *env_prefix;
};

/* Reads path (a JSON file, a YAML file or a deploy-cli directory).  opt
 * may be NULL (no defines, no environment, client_id required).  Returns 0
 * and a new config in *out (free with a0l_config_free), or -1 with a
 * message in err as for a0l_config_load. */
int a0l_config_read(const char *path, const struct a0l_config_options *opt,
                    struct a0l_config **out, char *err, size_t errlen);

/* As a0l_config_read, from the len bytes at data: YAML when name ends in
 * ".yaml" or ".yml", else JSON; name stands for the file in messages. */
int a0l_config_read_buffer(const char *name, const char *data, size_t len,
                           const struct a0l_config_options *opt,
                           struct a0l_config **out, char *err, size_t errlen);

/* Non-zero when def is KEY=VALUE with KEY one or more of [A-Za-z0-9_]
 * (what --define accepts; VALUE may be empty). */
int a0l_config_define_ok(const char *def);

void a0l_config_free(struct a0l_config *cfg);

/* Compiles cfg into a new in-memory store; return and messages as for
 * a0l_config_load. */
int a0l_config_build(const struct a0l_config *cfg, auth0logout_memstore **out,
                     char *err, size_t errlen);

#endif /* A0L_CONFIG_H */
