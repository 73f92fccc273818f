/* SPDX-License-Identifier: MIT */
/*
 * libauth0logout-config - allow-lists from the configs people already
 * have, into a store the decision library reads; and a linter for them.
 *
 * A config comes in one of the forms of doc/rules.md R7.4-R7.5:
 *   - JSON in the Auth0 Management API's own shapes (unknown fields are
 *     ignored; "tenant" and "clients" may each be missing or null):
 *       {"tenant":  {"allowed_logout_urls": ["https://www.example.com"]},
 *        "clients": [{"client_id": "AbC123", "name": "My SPA",
 *                     "allowed_logout_urls": ["https://app.example.com"]}]}
 *   - an auth0-deploy-cli YAML export (tenant.yaml: "tenant:" and
 *     "clients:"), read with libyaml; anchors, aliases, tags other than the
 *     standard ones, several documents and duplicate keys are refused;
 *   - an auth0-deploy-cli directory export: tenant.json and
 *     clients/NAME.json (regular files only, read in byte order of their
 *     names).
 * In every form "##KEY##" (KEY: one or more of A-Z a-z 0-9 _) in a string
 * the loader keeps (client_id, name, each entry) is a placeholder, replaced
 * from the options' defines, then (when asked) the environment.
 *
 * Two steps, or one:
 *   auth0logout_config_read_*   the config as read (shapes and types
 *                               checked, placeholders filled, clients
 *                               keyed; entries kept as written)
 *   auth0logout_config_build    compiles it into a new in-memory store,
 *                               all-or-nothing: one bad entry fails the
 *                               whole build and is named (R5.7)
 *   auth0logout_config_load_*   both at once
 *   auth0logout_config_lint     findings about a config as read
 *
 * Conventions are the core library's (auth0logout.h): (pointer, length)
 * inputs, auth0logout_status results (the AUTH0LOGOUT_E_CONFIG_* codes and
 * the core's own), _new/_free ownership, an optional diag.  Nothing here
 * keeps global state or prints, except auth0logout_config_lint_print,
 * which writes to the FILE it is given.  Every function is safe to call
 * from any thread on distinct objects; a config as read is immutable and
 * may be shared.  The environment is read (getenv) only when the options
 * ask for it.  ABI policy as for the core: versioned symbols
 * (AUTH0LOGOUT_CONFIG_0.2; the /oidc/logout functions of 0.3 in
 * AUTH0LOGOUT_CONFIG_0.3), reserved space at the end of the structs the
 * library fills or reads.
 *
 * Link with pkg-config auth0logout-config (it requires auth0logout).
 * Since 0.2.
 */
#ifndef AUTH0LOGOUT_CONFIG_H
#define AUTH0LOGOUT_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "auth0logout.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(AUTH0LOGOUT_CONFIG_BUILDING) && defined(__GNUC__)
#define AUTH0LOGOUT_CONFIG_API __attribute__((visibility("default")))
#else
#define AUTH0LOGOUT_CONFIG_API
#endif

/* The version of the config library actually linked ("0.4.0"). */
AUTH0LOGOUT_CONFIG_API const char *auth0logout_config_version(void);

/* ----------------------------------------------------------------------- */
/* Options and diagnostics                                                 */

/* Placeholders may also come from the environment: ##KEY## is the
 * variable env_prefix KEY (KEY alone without a prefix).  Defines win. */
#define AUTH0LOGOUT_CONFIG_ENVIRONMENT 0x1u
/* A client without client_id is keyed by its name (auth0-deploy-cli
 * exports have no client_id): --client-id-from name. */
#define AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME 0x2u

/* How to read a config.  Zero it (= {0} or memset) before setting fields:
 * reserved must stay zero.  NULL options mean all zero: no defines, no
 * environment, client_id required. */
typedef struct auth0logout_config_options {
	/* n_defines "KEY=VALUE" strings (--define); the last define of a
	 * KEY wins.  define_lens gives their lengths, or is NULL when each
	 * is NUL-terminated. */
	const char *const *defines;
	const size_t *define_lens;
	size_t n_defines;
	unsigned flags; /* AUTH0LOGOUT_CONFIG_* */
	/* With AUTH0LOGOUT_CONFIG_ENVIRONMENT: the prefix of the variables
	 * (NUL-terminated; NULL for none).  A CGI program uses one, since its
	 * environment also holds the request. */
	const char *env_prefix;
	void *reserved[4];
} auth0logout_config_options;

/* Why reading, building or loading failed.  All fields are reset on
 * entry; no pointers, so it can be copied.  Strings are NUL-terminated and
 * printable: bytes of the config (a client_id, an entry) are quoted with
 * control bytes shown as \xNN and cut with "..." past 80 bytes.  A field
 * too small for its text (a long file name, every byte shown as \xNN)
 * is cut between two escapes or characters and ends in "...". */
typedef struct auth0logout_config_diag {
	int status;          /* the auth0logout_status returned */
	size_t client;       /* 0-based index of the client at fault, in the
	                        order read, or (size_t)-1 (the tenant, the
	                        whole file) */
	size_t entry;        /* 0-based index in that allowed_logout_urls, or
	                        (size_t)-1 */
	size_t line, column; /* 1-based place of a JSON/YAML syntax error, or
	                        0 */
	char file[256];      /* the file (or name) the message starts with */
	char where[384];     /* the list or client: "tenant", "clients[1]
	                        (client_id \"AbC123\")", "clients/My App.json";
	                        empty for a fault of the whole file.  In a
	                        directory export every fault of a client's
	                        file (opening it, its JSON) is that client's,
	                        and tenant.json's are "tenant.json" */
	char reason[512];    /* what is wrong (for an entry: the core's
	                        reason) */
	char text[1280];     /* the whole message, e.g.
	                        demo.json: clients[1] (client_id "AbC123"):
	                        allowed_logout_urls[2] "*.example.com": the
	                        entry has no scheme: ... */
	unsigned char reserved[64];
} auth0logout_config_diag;

/* AUTH0LOGOUT_OK when def (len bytes) is KEY=VALUE with KEY one or more
 * of A-Z a-z 0-9 _ (VALUE may be empty), else
 * AUTH0LOGOUT_E_CONFIG_PLACEHOLDER. */
AUTH0LOGOUT_CONFIG_API auth0logout_status
auth0logout_config_define_check(const char *def, size_t len);

/* ----------------------------------------------------------------------- */
/* Reading, building, loading                                              */

/* A config as read: immutable, may be shared between threads. */
typedef struct auth0logout_config auth0logout_config;

typedef enum auth0logout_config_format {
	AUTH0LOGOUT_CONFIG_AUTO = 0, /* by the name: .yaml or .yml is YAML */
	AUTH0LOGOUT_CONFIG_JSON = 1,
	AUTH0LOGOUT_CONFIG_YAML = 2
} auth0logout_config_format;

/* Reads the file or directory at path (path_len bytes, no NUL byte in
 * it): a directory is a deploy-cli directory export; a file is YAML when
 * its name ends in .yaml or .yml, else JSON.  On success *out is a new
 * config the caller frees with auth0logout_config_free; on failure *out is
 * NULL and diag (may be NULL) says why.  Statuses: the
 * AUTH0LOGOUT_E_CONFIG_* codes, AUTH0LOGOUT_E_NOMEM,
 * AUTH0LOGOUT_E_INVALID_ARGUMENT. */
AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_read_file(
    const char *path, size_t path_len, const auth0logout_config_options *opt,
    auth0logout_config **out, auth0logout_config_diag *diag);

/* As _read_file, from len bytes of memory in the given format; name
 * (name_len bytes) stands for the file in messages and, with
 * AUTH0LOGOUT_CONFIG_AUTO, chooses the format. */
AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_read_buffer(
    const char *name, size_t name_len, const char *data, size_t len, int format,
    const auth0logout_config_options *opt, auth0logout_config **out,
    auth0logout_config_diag *diag);

AUTH0LOGOUT_CONFIG_API void auth0logout_config_free(auth0logout_config *cfg);

/* The number of clients read, and the file (or name) it was read from
 * (lives as long as cfg). */
AUTH0LOGOUT_CONFIG_API size_t
auth0logout_config_client_count(const auth0logout_config *cfg);
AUTH0LOGOUT_CONFIG_API const char *
auth0logout_config_source(const auth0logout_config *cfg);

/* Compiles cfg into a new in-memory store (the caller frees it with
 * auth0logout_memstore_free): the tenant's list, then each client, whose
 * client_id must pass auth0logout_client_id_check and be unique.
 * All-or-nothing; on failure *out is NULL and diag names the client and
 * the entry (statuses: the entry's R4/R5 status, the client_id statuses,
 * AUTH0LOGOUT_E_DUPLICATE_CLIENT, AUTH0LOGOUT_E_CONFIG_SHAPE for a
 * missing client_id, AUTH0LOGOUT_E_NOMEM). */
AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_build(
    const auth0logout_config *cfg, auth0logout_memstore **out,
    auth0logout_config_diag *diag);

/* _read_file then _build. */
AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_load_file(
    const char *path, size_t path_len, const auth0logout_config_options *opt,
    auth0logout_memstore **out, auth0logout_config_diag *diag);

/* _read_buffer of a JSON string (named "(config)" in messages), then
 * _build. */
AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_load_json(
    const char *json, size_t len, const auth0logout_config_options *opt,
    auth0logout_memstore **out, auth0logout_config_diag *diag);

/* ----------------------------------------------------------------------- */
/* R7.7/R8.10/R8.11 /oidc/logout: settings, the reference verifier,        */
/* discovery (since 0.3)                                                    */

/* What a config says for /oidc/logout, built from it once: the issuer,
 * the JWKS (its keys made into OpenSSL keys), each client's pinned
 * algorithm (jwt_configuration.alg, RS256 by default) and, for HS256, its
 * client_secret, the tenant's sessions.oidc_logout_prompt_enabled and
 * enabled_locales, and the discovery document's extra members.
 * Immutable once built (but for _set_max_age before first use); safe to
 * share between threads. */
typedef struct auth0logout_config_oidc auth0logout_config_oidc;

/* Builds the oidc settings of cfg (reading oidc.jwks_file relative to the
 * config's directory when it is not absolute).  A config without an
 * "oidc" object builds settings with no issuer: every id_token_hint is
 * then invalid, and there is no discovery.  On failure *out is NULL and
 * diag says why (AUTH0LOGOUT_E_CONFIG_SHAPE for a value of the wrong type,
 * an issuer that is not an https URL (http allowed for loopback hosts),
 * AUTH0LOGOUT_E_CONFIG_KEY for a JWKS key that cannot be used, naming the
 * key's index and kid; AUTH0LOGOUT_E_CONFIG_IO for jwks_file;
 * AUTH0LOGOUT_E_NOMEM).
 *
 * Where the fields come from: the JSON and YAML forms have "oidc" next to
 * "tenant" and "clients"; a directory export has it as oidc.json (not a
 * deploy-cli file).  jwks_file is relative to the config file's directory,
 * or to the export's directory; for a config read from memory
 * (_read_buffer), to the current directory.  ##KEY## placeholders are
 * filled in oidc.issuer, oidc.jwks_file and each client's client_secret
 * too.  Reading (_read_*) already refuses wrong types and a
 * jwt_configuration.alg other than RS256, PS256, ES256 or HS256
 * (AUTH0LOGOUT_E_CONFIG_SHAPE, naming the client); an HS256 client
 * without client_secret is read, and its tokens are invalid.
 *
 * A usable JWKS key: kty "RSA" (n and e; at least 2048 bits, and what
 * OpenSSL's public-key check accepts) or "EC" (crv "P-256", x and y of 32
 * bytes, a point on the curve), every value unpadded base64url; kid,
 * alg and use strings when present, kid unique.  kty "oct" is refused
 * (HS256 keys are client secrets), as is any other kty.  Other members
 * (x5c, private members) are ignored and never served.  Two clients with
 * one client_id fail with AUTH0LOGOUT_E_DUPLICATE_CLIENT (which pinned
 * algorithm counts would be unclear).  The settings copy what they need:
 * cfg may be freed afterwards. */
AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_oidc_new(
    const auth0logout_config *cfg, auth0logout_config_oidc **out,
    auth0logout_config_diag *diag);
AUTH0LOGOUT_CONFIG_API void
auth0logout_config_oidc_free(auth0logout_config_oidc *oidc);

/* The settings of a config without an "oidc" object and without clients
 * (since 0.4): no issuer, so every id_token_hint is invalid and there is
 * no discovery; the tenant's defaults (a prompt when R8.7 asks for one,
 * no enabled_locales).  What an adapter serving from a swap store (R10)
 * uses: the store holds allow-lists only.  Statuses as for _oidc_new
 * (AUTH0LOGOUT_E_NOMEM, AUTH0LOGOUT_E_INVALID_ARGUMENT for a NULL out). */
AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_oidc_new_empty(
    auth0logout_config_oidc **out, auth0logout_config_diag *diag);

/* R8.10: tokens whose iat is more than seconds in the past are invalid
 * (0, the default: exp and iat are not enforced).  Call before sharing. */
AUTH0LOGOUT_CONFIG_API void
auth0logout_config_oidc_set_max_age(auth0logout_config_oidc *oidc,
                                    long seconds);

/* Fills *out with the reference verifier (OpenSSL 3): JWS compact form,
 * the algorithm pinned by the token's client (azp, else a single aud),
 * RS256/PS256/ES256 by kid from the JWKS, HS256 with the client_secret;
 * iss equal to the issuer.  Valid until _free.
 *
 * In detail, a token is AUTH0LOGOUT_E_OIDC_TOKEN_INVALID unless:
 *   - it is at most AUTH0LOGOUT_MAX_ID_TOKEN_HINT bytes of three
 *     non-empty parts of unpadded base64url (no '=', '+', '/', white
 *     space; unused trailing bits zero);
 *   - header and payload are JSON objects without a member given twice;
 *     the header has no "crit";
 *   - the header's alg is exactly the algorithm the client pins
 *     (jwt_configuration.alg; RS256 for a client the config does not
 *     have).  The client is read from the payload before the signature
 *     is checked, only to choose the algorithm;
 *   - RS256/PS256/ES256: the key is the JWKS key with the header's kid
 *     (without kid: the only key of the algorithm's kty), of that kty,
 *     its alg and use (when present) equal to the algorithm and "sig".
 *     PS256: MGF1 SHA-256, salt 32 bytes.  ES256: a 64-byte r || s.  An
 *     RSA signature is as long as the modulus.  HS256: HMAC-SHA-256
 *     keyed with the client_secret's bytes as written;
 *   - iss is a string equal to the issuer; aud a string or a non-empty
 *     array of strings (several need azp); azp, sid, sub strings when
 *     present;
 *   - with _set_max_age(n > 0): iat a number, at most n seconds in the
 *     past and at most 60 in the future.
 * The claims are copied into the scratch (release is NULL); claims that
 * do not fit it make the token invalid.  AUTH0LOGOUT_E_VERIFIER_FAILED
 * when memory or OpenSSL fails.  Thread-safe; each call leaves the
 * thread's OpenSSL error queue as it found it. */
AUTH0LOGOUT_CONFIG_API void
auth0logout_config_oidc_verifier(const auth0logout_config_oidc *oidc,
                                 auth0logout_verifier *out);

/* Fills *env for auth0logout_decide_oidc from the tenant's settings, with
 * verifier (may be NULL) as its verifier; session_sid is left NULL.  The
 * locales point into oidc and live as long as it. */
AUTH0LOGOUT_CONFIG_API void
auth0logout_config_oidc_env(const auth0logout_config_oidc *oidc,
                            const auth0logout_verifier *verifier,
                            auth0logout_oidc_env *env);

/* The issuer ("https://tenant.example.com/"), or NULL when none is
 * configured (then an adapter serves no discovery). */
AUTH0LOGOUT_CONFIG_API const char *
auth0logout_config_oidc_issuer(const auth0logout_config_oidc *oidc);

/* R8.11: the discovery document (/.well-known/openid-configuration) and
 * the public JWKS (/.well-known/jwks.json, only the public members of each
 * key) as NUL-terminated JSON, built once; NULL when there is no issuer
 * (the JWKS: no keys configured).  Live as long as oidc.
 *
 * The discovery document, compact: "issuer" (as configured),
 * "end_session_endpoint" (the issuer's scheme://host[:port] +
 * "/oidc/logout"), "jwks_uri" (the same origin +
 * "/.well-known/jwks.json", when the JWKS has keys), then the members of
 * oidc.discovery in their order, except those three names (jwks_uri of
 * oidc.discovery is kept when no keys are configured).  The JWKS:
 * {"keys": [...]} with each key's kty, kid, use, alg, n, e, crv, x and y
 * as configured, when present; never d, p, q, dp, dq, qi, oth or k. */
AUTH0LOGOUT_CONFIG_API const char *
auth0logout_config_oidc_discovery(const auth0logout_config_oidc *oidc);
AUTH0LOGOUT_CONFIG_API const char *
auth0logout_config_oidc_jwks(const auth0logout_config_oidc *oidc);

/* ----------------------------------------------------------------------- */
/* R10.3: one Management API object at a time (since 0.4)                  */

/* A config read with this flag keeps each client's object and the tenant
 * object (JSON, or YAML made JSON), with the strings the reader fills
 * (client_id, name, allowed_logout_urls, jwt_configuration.alg) as
 * filled, for auth0logout_config_*_object.  A client's client_secret is
 * left out: the objects are meant for tables every node reads (R10.3),
 * and allow-lists never need it. */
#define AUTH0LOGOUT_CONFIG_KEEP_OBJECTS 0x4u

/* The object of client i (0-based, in the order read), or of the tenant,
 * as compact JSON text the caller frees with free(); NULL when the config
 * was not read with AUTH0LOGOUT_CONFIG_KEEP_OBJECTS, i is out of range, or
 * out of memory.  A config without a tenant object gives "{}". */
AUTH0LOGOUT_CONFIG_API char *
auth0logout_config_client_object(const auth0logout_config *cfg, size_t i);
AUTH0LOGOUT_CONFIG_API char *
auth0logout_config_tenant_object(const auth0logout_config *cfg);

/* Compiles one client object (JSON text, len bytes: what a config's
 * "clients" array holds) by the code that reads and builds a whole config
 * (R7.4, R5.7): on success *client_id (a NUL-terminated copy the caller
 * frees with free(), *client_id_len bytes) and *list (NULL when empty; the
 * caller owns it).  On failure both are NULL and diag names the entry and
 * the reason (where: "client"); statuses as for _read_buffer and _build.
 * No placeholders, no environment: the object is taken as stored. */
AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_compile_client(
    const char *json, size_t len, char **client_id, size_t *client_id_len,
    auth0logout_allowlist **list, auth0logout_config_diag *diag);

/* As _compile_client for a tenant settings object (its
 * allowed_logout_urls). */
AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_compile_tenant(
    const char *json, size_t len, auth0logout_allowlist **list,
    auth0logout_config_diag *diag);

/* ----------------------------------------------------------------------- */
/* Linting                                                                 */

/* Finding codes.  The number is the code's id: 101 is "E101". */
typedef enum auth0logout_lint_code {
	AUTH0LOGOUT_LINT_INVALID_ENTRY = 101,       /* the library refuses
	                                               the entry */
	AUTH0LOGOUT_LINT_DUPLICATE_CLIENT_ID = 102, /* two clients share a
	                                               client_id */
	AUTH0LOGOUT_LINT_INVALID_CLIENT_ID = 103,   /* missing, empty, too
	                                               long, control byte */
	AUTH0LOGOUT_LINT_HTTP_NOT_LOOPBACK = 201,   /* http:// off loopback */
	AUTH0LOGOUT_LINT_WILDCARD_PUBLIC_SUFFIX = 202, /* *.co.uk (libpsl) */
	AUTH0LOGOUT_LINT_WILDCARD_FIRST_ENTRY = 203,   /* no default redirect */
	AUTH0LOGOUT_LINT_DUPLICATE_ENTRY = 204,        /* same R4.8 key */
	AUTH0LOGOUT_LINT_NEAR_DUPLICATE = 205,         /* a trailing slash or
	                                                  default port apart */
	AUTH0LOGOUT_LINT_QUERY_OR_FRAGMENT = 206,      /* ignored (R4.9) */
	AUTH0LOGOUT_LINT_TOO_MANY_ENTRIES = 207,       /* over Auth0's 100 */
	AUTH0LOGOUT_LINT_LOOPBACK_WITH_PRODUCTION = 208,
	AUTH0LOGOUT_LINT_SCHEME_TYPO = 209 /* "htps", "hxxps" */
} auth0logout_lint_code;

#define AUTH0LOGOUT_LINT_WARNING 1
#define AUTH0LOGOUT_LINT_ERROR   2
/* Auth0 accepts at most this many entries in one list (W207). */
#define AUTH0LOGOUT_LINT_MAX_ENTRIES 100

/* The id ("E101"), slug ("invalid-entry") and severity of a code; NULL /
 * 0 for a value that is not a code.  Static strings. */
AUTH0LOGOUT_CONFIG_API const char *auth0logout_lint_code_id(int code);
AUTH0LOGOUT_CONFIG_API const char *auth0logout_lint_code_slug(int code);
AUTH0LOGOUT_CONFIG_API int auth0logout_lint_code_severity(int code);

/* One finding, as the callback sees it.  Its strings are NUL-terminated
 * and live only during the callback. */
typedef struct auth0logout_lint_finding {
	int code;          /* auth0logout_lint_code */
	const char *id;    /* "E101", "W202", ... */
	const char *slug;  /* "invalid-entry", ... */
	int severity;      /* AUTH0LOGOUT_LINT_WARNING or _ERROR */
	const char *rule;  /* the rule concerned ("R4.4"), or NULL */
	int status;        /* E101: why the library refuses the entry (an
	                      auth0logout_status); else AUTH0LOGOUT_OK */
	size_t client;     /* the client's index, or (size_t)-1: the tenant */
	const char *list;  /* "tenant", or how the client is named */
	size_t index;      /* the entry's index in its list, or (size_t)-1
	                      for a finding about a whole list or client */
	const char *entry; /* the entry as written (entry_len bytes, any
	                      bytes), or NULL */
	size_t entry_len;
	size_t related;      /* the earlier entry (W204, W205), the first
	                        production entry (W208), the earlier client
	                        (E102); else (size_t)-1 */
	const char *message; /* one line of valid UTF-8, no control bytes */
	void *reserved[4];
} auth0logout_lint_finding;

typedef void (*auth0logout_lint_fn)(void *ctx,
                                    const auth0logout_lint_finding *f);

/* What a lint found in all. */
typedef struct auth0logout_lint_summary {
	size_t errors, warnings;
	size_t lists;   /* the tenant's and one per client */
	size_t entries; /* in all lists */
	size_t reserved[4];
} auth0logout_lint_summary;

/* Lints cfg: the tenant's list, then each client's, entry by entry (every
 * check is linear in the list's length).  Calls fn (may be NULL) once per
 * finding, in report order, and fills summary (may be NULL).  max_entries
 * is W207's limit (0: AUTH0LOGOUT_LINT_MAX_ENTRIES).  Returns 0 when there
 * is no finding, 1 for warnings only, 2 with an error; -1 when out of
 * memory. */
AUTH0LOGOUT_CONFIG_API int
auth0logout_config_lint(const auth0logout_config *cfg, size_t max_entries,
                        auth0logout_lint_fn fn, void *ctx,
                        auth0logout_lint_summary *summary);

#define AUTH0LOGOUT_LINT_TEXT 0
#define AUTH0LOGOUT_LINT_JSON 1

/* Lints cfg and writes the report to out, in the format of `auth0logout
 * lint` (auth0logout(1)):
 *   text: one line per finding, then a summary line;
 *   JSON: one object {"source", "exit_status", "errors", "warnings",
 *         "lists", "entries", "findings": [...]} and a newline.
 * Returns as auth0logout_config_lint, and -1 when writing failed. */
AUTH0LOGOUT_CONFIG_API int
auth0logout_config_lint_print(const auth0logout_config *cfg, int format,
                              FILE *out);

/* ----------------------------------------------------------------------- */
/* R11 policy tests (since 0.4)                                            */

/* A cases file of `auth0logout test` (R11.1), YAML or JSON:
 *   cases:
 *     - name: app logout goes back to the app          (required, unique)
 *       query: "client_id=AbC123&returnTo=..."          (or target)
 *       target: "/v2/logout?client_id=AbC123&..."       (or query; its
 *                          path, /v2/logout or /oidc/logout, is the
 *                          endpoint; its query part is the request)
 *       endpoint: v2       (optional: v2, the default, or oidc)
 *       method: GET        (oidc only, optional: GET, the default, or
 *                          POST: the query is a form body, as decide
 *                          --form)
 *       session_sid: SID   (oidc only, optional: as decide --session-sid)
 *       expect: { outcome: redirect, status: 302, location: "https://...",
 *                 list: client, matched: "https://...",
 *                 error: invalid_request }
 * Each expected field is optional, at least one is required: outcome
 * (redirect, logged_out, error), status (an integer), location and
 * matched (a string, or null for none), list (tenant, client, or null:
 * no list consulted), error (invalid_request, server_error, or null).
 * Names as `auth0logout decide` prints them.  Every other key, at any
 * level, is refused with a message naming the case and the key, as are
 * values of the wrong type: a typo must not make a test pass. */
typedef struct auth0logout_cases auth0logout_cases;

#define AUTH0LOGOUT_CASE_V2   0
#define AUTH0LOGOUT_CASE_OIDC 1

/* Which fields a case expects (auth0logout_case.expect). */
#define AUTH0LOGOUT_EXPECT_OUTCOME  0x01u
#define AUTH0LOGOUT_EXPECT_STATUS   0x02u
#define AUTH0LOGOUT_EXPECT_LOCATION 0x04u
#define AUTH0LOGOUT_EXPECT_LIST     0x08u
#define AUTH0LOGOUT_EXPECT_MATCHED  0x10u
#define AUTH0LOGOUT_EXPECT_ERROR    0x20u

/* One case, as read.  Strings live as long as the cases; name and
 * session_sid are NUL-terminated without NUL bytes inside, query,
 * location and matched are (pointer, length) (also NUL-terminated). */
typedef struct auth0logout_case {
	const char *name;
	const char *query; /* the request: the query, or the target's query
	                      part (empty when it has none) */
	size_t query_len;
	int endpoint;            /* AUTH0LOGOUT_CASE_V2 or _OIDC */
	int form;                /* oidc: method POST (a form body) */
	const char *session_sid; /* oidc: the session's sid, or NULL */
	unsigned expect;         /* AUTH0LOGOUT_EXPECT_* */
	int outcome;             /* an auth0logout_outcome */
	int status;              /* the HTTP status */
	const char *location;    /* NULL: expected null */
	size_t location_len;
	int list; /* an auth0logout_list_kind (NONE: expected null) */
	const char *matched; /* NULL: expected null */
	size_t matched_len;
	int error; /* an auth0logout_error_code (NONE: expected null) */
	void *reserved[4];
} auth0logout_case;

/* Reads the cases file at path (path_len bytes, no NUL byte in it): YAML
 * when its name ends in .yaml or .yml, else JSON (duplicate keys refused
 * in both).  On success *out is new cases the caller frees with
 * auth0logout_config_cases_free; on failure *out is NULL and diag (may be NULL)
 * says why, in diag->text ("cases.yaml: cases[2] (name \"x\"): unknown
 * key \"expct\" ...").  Statuses: AUTH0LOGOUT_E_CONFIG_IO,
 * AUTH0LOGOUT_E_CONFIG_SYNTAX, AUTH0LOGOUT_E_CONFIG_SHAPE (a wrong key,
 * type or value), AUTH0LOGOUT_E_NOMEM, AUTH0LOGOUT_E_INVALID_ARGUMENT. */
AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_cases_read_file(
    const char *path, size_t path_len, auth0logout_cases **out,
    auth0logout_config_diag *diag);

/* The number of cases (at least one), case i (NULL when i is out of
 * range), and the path read from; valid until _free. */
AUTH0LOGOUT_CONFIG_API size_t
auth0logout_config_cases_count(const auth0logout_cases *cases);
AUTH0LOGOUT_CONFIG_API const auth0logout_case *
auth0logout_config_cases_get(const auth0logout_cases *cases, size_t i);
AUTH0LOGOUT_CONFIG_API const char *
auth0logout_config_cases_source(const auth0logout_cases *cases);

AUTH0LOGOUT_CONFIG_API void
auth0logout_config_cases_free(auth0logout_cases *cases);

/* Compares what case c expects with decision d (as decided for c's query
 * and endpoint) and writes why they differ into buf (cap bytes,
 * NUL-terminated when cap > 0, cut like snprintf): "expected F X, got Y"
 * per mismatching field, in the order outcome, status, location, list,
 * matched, error, joined by "; ", then " (hint: ...)" when d has a hint.
 * Strings are shown as JSON strings or null, names as
 * auth0logout_outcome_name and friends print them.  Returns the length of
 * the whole message, 0 when the case passes (then buf is "").  The one
 * comparison `auth0logout test` and the bindings' test helpers make.
 * Allocation-free, thread-safe.  Since 0.4. */
AUTH0LOGOUT_CONFIG_API size_t
auth0logout_config_case_check(const auth0logout_case *c,
                              const auth0logout_decision *d, char *buf,
                              size_t cap);

/* sizeof each public struct, for bindings. */
AUTH0LOGOUT_CONFIG_API size_t auth0logout_config_options_size(void);
AUTH0LOGOUT_CONFIG_API size_t auth0logout_config_diag_size(void);
AUTH0LOGOUT_CONFIG_API size_t auth0logout_lint_finding_size(void);
AUTH0LOGOUT_CONFIG_API size_t auth0logout_lint_summary_size(void);
/* sizeof(auth0logout_case).  Since 0.4. */
AUTH0LOGOUT_CONFIG_API size_t auth0logout_config_case_size(void);

#ifdef __cplusplus
}
#endif

#endif /* AUTH0LOGOUT_CONFIG_H */
