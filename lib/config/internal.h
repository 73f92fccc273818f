/* SPDX-License-Identifier: MIT */
/*
 * Internal declarations of libauth0logout-config, shared by the files of
 * lib/config.  Nothing here is exported (-fvisibility=hidden; only
 * AUTH0LOGOUT_CONFIG_API functions are visible).
 *
 * The config as read (struct auth0logout_config) is a plain model: the
 * tenant's list and the clients, each list its entries as written.  The
 * readers (model.c from JSON values, yaml.c turning YAML into JSON values,
 * files.c for files and directories, placeholders.c) fill it; build.c
 * compiles it into a store; lint.c and lint_print.c report on it.
 */
#ifndef AUTH0LOGOUT_CONFIG_INTERNAL_H
#define AUTH0LOGOUT_CONFIG_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "../ascii.h"
#include "auth0logout.h"
#include "auth0logout/config.h"

#if defined(__GNUC__)
#define A0L_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define A0L_PRINTF(f, a)
#endif

#define A0L_NONE ((size_t)-1)

/* At most this many bytes of a value are shown in a message. */
#define QUOTE_MAX 80
/* Room for a quoted value: every shown byte escaped as \xNN, the quotes,
 * the "..." of a shortened value and the NUL. */
#define QUOTE_SIZE (4 * QUOTE_MAX + 8)
/* Room for "clients[N] (client_id QUOTED)". */
#define WHERE_SIZE (QUOTE_SIZE + 64)

/* ---- the model ----------------------------------------------------------
 * Strings are NUL-terminated copies that may also hold NUL bytes (use the
 * lengths). */

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
	int client_id_from_name; /* non-zero: client_id is a copy of name */
	/* R7.7: jwt_configuration.alg (a name cfg_jwt_alg_parse knows;
	 * NULL when absent: RS256) and client_secret (NULL when absent;
	 * placeholders filled).  Read for every config, used only by
	 * oidc.c. */
	char *jwt_alg;
	char *client_secret;
	size_t client_secret_len;
	/* R10.3: the object as read, its filled strings set (only with
	 * AUTH0LOGOUT_CONFIG_KEEP_OBJECTS; else NULL) */
	json_t *object;
};

/* R7.7: the config's "oidc" object as read: types checked, strings
 * copied (placeholders filled in issuer and jwks_file), the JWKS and the
 * discovery members kept as JSON values; oidc.c makes the keys. */
struct a0l_config_oidc {
	int present;  /* an "oidc" object (or oidc.json) was read */
	char *where;  /* how messages name it: "oidc" or "oidc.json" */
	char *issuer; /* NULL when absent */
	size_t issuer_len;
	json_t *jwks;      /* "jwks" (an object), or NULL */
	char *jwks_file;   /* "jwks_file", or NULL */
	json_t *discovery; /* "discovery" (an object), or NULL */
};

struct auth0logout_config {
	char *source;                  /* the path (or name) read from */
	struct a0l_config_list tenant; /* tenant allowed_logout_urls */
	struct a0l_config_client *clients;
	size_t n_clients;
	/* Where relative paths in the config (oidc.jwks_file) start: the
	 * file's directory, or the directory of a directory export; NULL
	 * for a config read from memory (the current directory). */
	char *base_dir;
	/* R7.7: the tenant's sessions.oidc_logout_prompt_enabled is false */
	int oidc_prompt_disabled;
	/* R7.7: the tenant's enabled_locales (has_enabled_locales: given,
	 * even empty) */
	int has_enabled_locales;
	struct a0l_config_list enabled_locales;
	struct a0l_config_oidc oidc;
	/* R10.3: the tenant object as read, its list as filled (only with
	 * AUTH0LOGOUT_CONFIG_KEEP_OBJECTS; NULL without a tenant) */
	json_t *tenant_object;
};

/* ---- messages (diag.c) -------------------------------------------------- */

/* Where a failure is reported: the caller's diag (may be NULL) and the
 * status, kept even without a diag. */
struct msg {
	const char *name; /* the file, as messages call it */
	auth0logout_config_diag *diag;
	auth0logout_status status;
	/* What is being read, for the diag: the list or client (NULL: the
	 * whole file), its client index and entry index (A0L_NONE). */
	const char *where;
	size_t client, entry;
};

/* Starts reporting for the file called name (NULL: "(config)"); resets
 * diag. */
void cfg_msg_start(struct msg *m, const char *name,
                   auth0logout_config_diag *diag);

/* Records a failure: status, the message "NAME: <fmt...>", and the
 * context m->where, m->client, m->entry; the reason is the message
 * without "NAME: " and "WHERE: " (unless cfg_reason sets another).  The
 * first failure wins. */
void cfg_fail(struct msg *m, auth0logout_status status, const char *fmt, ...)
    A0L_PRINTF(3, 4);
/* The parts of the failure just recorded. */
void cfg_reason(struct msg *m, const char *reason);
void cfg_line(struct msg *m, size_t line, size_t column);

/* strerror_r into buf, or "error N". */
const char *cfg_errtext(int e, char *buf, size_t len);

/* Quotes len bytes of s for a message: "..." with '"' and '\' escaped and
 * control bytes shown as \xNN; values longer than QUOTE_MAX bytes are cut
 * (never inside a UTF-8 sequence) and marked with "...". */
void cfg_quote(char out[QUOTE_SIZE], const char *s, size_t len);
/* The same with another limit: out needs 4 * max + 8 bytes. */
void cfg_quote_max(char *out, const char *s, size_t len, size_t max);

/* prefix then the NUL-terminated name with control bytes (and DEL) shown
 * as \xNN and '\' as \\, so that a file name cannot break a message across
 * lines or send terminal escapes; cut to fit cap. */
void cfg_shown_name(char *out, size_t cap, const char *prefix,
                    const char *name);

/* auth0logout_escape of s[0..n) with flags into a new string (its length
 * in *len unless len is NULL), or NULL when out of memory. */
char *cfg_clean(const char *s, size_t n, unsigned flags, size_t *len);

/* A NUL-terminated copy of len bytes (which may hold NULs), or NULL. */
char *cfg_dupn(const char *s, size_t len);

/* A growing byte buffer, always NUL-terminated once non-empty. */
struct cfg_buf {
	char *p;
	size_t len, cap;
};
int cfg_buf_add(struct cfg_buf *b, const char *s, size_t len);

/* ---- reading ------------------------------------------------------------ */

struct reader {
	struct msg m;
	const auth0logout_config_options *opt;
	int yaml; /* messages say "mapping" and "sequence" */
	struct auth0logout_config *cfg;
};

/* placeholders.c: KEY characters, and s[0..len) into a new string with
 * every ##KEY## replaced; "WHERE: FIELD ..." in messages.  0 or -1. */
static inline int cfg_is_key_char(unsigned char c)
{
	return a0l_is_alpha(c) || a0l_is_digit(c) || c == '_';
}
int cfg_expand(struct reader *rd, const char *where, const char *field,
               const char *s, size_t len, char **out, size_t *outlen);
/* Checks every define of the options; 0 or -1 after a message. */
int cfg_check_defines(struct reader *rd);

/* object.c (R10.3): with AUTH0LOGOUT_CONFIG_KEEP_OBJECTS, keeps a copy
 * of the object read, with the strings the reader filled set as filled.
 * 0, or -1 after a message. */
int cfg_keep_client(struct reader *rd, const json_t *client,
                    struct a0l_config_client *c);
int cfg_keep_tenant(struct reader *rd, const char *where,
                    const json_t *tenant);
/* files.c: reads a config from a JSON value already parsed (named name
 * in messages), as _read_buffer does from text. */
auth0logout_status cfg_read_value(const char *name, const json_t *root,
                                  const auth0logout_config_options *opt,
                                  struct auth0logout_config **out,
                                  auth0logout_config_diag *diag);
/* build.c: compiles client i's list after checking its client_id (*out
 * NULL when empty), as _build does; 0, or -1 after a message.  m->where
 * is then its name: c->where, or fallback when that is NULL. */
int cfg_build_client_list(struct msg *m, const struct auth0logout_config *cfg,
                          size_t i, char fallback[64],
                          auth0logout_allowlist **out);
/* build.c: compiles a list named where (*out NULL when empty). */
int cfg_build_list(struct msg *m, const char *where,
                   const struct a0l_config_list *l,
                   auth0logout_allowlist **out);

/* model.c: the model from JSON values.  0 or -1 after a message. */
int cfg_read_root(struct reader *rd, const json_t *root);
/* The tenant-settings object (NULL or null: none): allowed_logout_urls
 * and the R7.7 fields (sessions.oidc_logout_prompt_enabled,
 * enabled_locales).  where names it ("tenant", "tenant.json"). */
int cfg_read_tenant(struct reader *rd, const char *where, const json_t *tenant);
/* R7.7: the "oidc" object (NULL or null: none); where names it ("oidc",
 * "oidc.json"). */
int cfg_read_oidc(struct reader *rd, const char *where, const json_t *oidc);
int cfg_read_list(struct reader *rd, const char *where, const json_t *owner,
                  struct a0l_config_list *out);
/* A client is read in three steps, every fault of which is the client's
 * (diag client: its index, where: base): cfg_client_begin, before
 * anything about it can fail (opening its file, its JSON, room for it);
 * cfg_new_client; cfg_read_client, which ends it. */
void cfg_client_begin(struct reader *rd, const char *base);
/* Room for the client begun (zeroed), or NULL after a message. */
struct a0l_config_client *cfg_new_client(struct reader *rd, size_t *cap);
/* Reads the client object into c, the client just made; ends the
 * client's context (where and client reset) whatever the result. */
int cfg_read_client(struct reader *rd, const char *base, int file,
                    const json_t *client, struct a0l_config_client *c);
/* Ends a client's context without reading it (after a failure). */
void cfg_client_end(struct reader *rd);
const char *cfg_type_name(const struct reader *rd, const json_t *v);
const char *cfg_an_object(const struct reader *rd);

/* yaml.c: len bytes of YAML as a JSON value, or NULL after a message. */
json_t *cfg_yaml_to_json(struct reader *rd, const char *data, size_t len);

/* files.c: opens path for reading only if it is a regular file (after
 * symlinks); NULL with errno set otherwise (EINVAL: not a regular
 * file). */
FILE *cfg_open_regular(const char *path);

/* ---- /oidc/logout (oidc.c) ---------------------------------------------- */

/* The JWS algorithms a client may pin (jwt_configuration.alg, R8.10). */
enum cfg_jwt_alg {
	CFG_ALG_RS256 = 0,
	CFG_ALG_PS256 = 1,
	CFG_ALG_ES256 = 2,
	CFG_ALG_HS256 = 3
};
/* The cfg_jwt_alg named exactly by s[0..len), or -1. */
int cfg_jwt_alg_parse(const char *s, size_t len);

/* Decodes len bytes of unpadded base64url (RFC 7515 section 2: only
 * A-Z a-z 0-9 '-' '_', no '=', no white space; the bits left over after
 * the last byte must be zero, so that every byte string has one
 * encoding) into out, which needs room for len / 4 * 3 + 2 bytes.  0 with
 * *out_len set, or -1. */
int cfg_b64url_decode(const char *in, size_t len, unsigned char *out,
                      size_t *out_len);

#endif
