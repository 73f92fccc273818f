/* SPDX-License-Identifier: MIT */
/*
 * libauth0logout - the decision behind Auth0's GET /v2/logout.
 *
 * Given the query string of a logout request and the Allowed Logout URLs of
 * a tenant and its applications, decide whether to redirect (and where),
 * show the logged-out page, or refuse the request.  Rule numbers (R1.2,
 * R4.7, ...) refer to doc/rules.md, the behaviour contract shipped with the
 * library.
 *
 * Conventions
 *   - Every input string is (pointer, length) and need not be NUL-terminated.
 *   - Every function that can fail returns an auth0logout_status;
 *     AUTH0LOGOUT_OK is 0.  Details (which entry, which byte) go into an
 *     optional auth0logout_diag supplied by the caller.
 *   - Objects built ahead of time come in _new/_free pairs; _free(NULL) does
 *     nothing.  Compiled allow-lists and a built in-memory store are
 *     immutable and may be shared by any number of threads.
 *   - Deciding (auth0logout_request_parse, auth0logout_decide,
 *     auth0logout_decide_query) uses only caller memory: no global state, no
 *     locale, no I/O except through the store callbacks, and no heap
 *     allocation, with one exception: when the returnTo host has a label
 *     starting with "xn--", libidn2 validates it and allocates internally
 *     (freed before returning).  libidn2 offers no allocation-free check.
 *   - Functions marked "since 0.2" are new in 0.2.0, "since 0.3" in 0.3.0
 *     (/oidc/logout, R8), "since 0.4" in 0.4.0 (the swap store, R10); the
 *     rest date from 0.1.0.
 *
 * ABI policy
 *   - The API version (AUTH0LOGOUT_VERSION_*) follows semantic versioning;
 *     the ABI is the shared library's SONAME, libauth0logout.so.1.  0.2.0
 *     changed the ABI of 0.1.0 (auth0logout_decision and auth0logout_diag
 *     grew), hence SONAME 1; programs built against 0.1 need a rebuild.
 *   - Every exported symbol is versioned (AUTH0LOGOUT_0.2 for the symbols of
 *     0.2); a later release adds its symbols under a new version node and
 *     never changes or removes an existing one without a new SONAME.
 *   - Structs the library fills in memory the caller allocates
 *     (auth0logout_decision, auth0logout_diag, auth0logout_url) end in
 *     reserved space, zeroed by the library.  A later 0.x release adds a
 *     field by taking reserved space, so the struct's size and the offsets
 *     of every earlier field stay the same, and a caller built against the
 *     older header keeps working (it ignores the new field).  A field is
 *     never removed, retyped or moved within a SONAME.
 *   - auth0logout_request and auth0logout_store are filled by the caller;
 *     they do not grow within a SONAME.
 *   - The *_size() functions report sizeof each public struct, and the
 *     limits are functions too, so that a binding can check its mirror
 *     against the library it loaded.
 *   - Buffer sizes (AUTH0LOGOUT_DECIDE_BUFFER_SIZE, ...) never grow within
 *     a SONAME: a caller built against an older header passes a buffer
 *     that is still large enough.
 *   - An ABI baseline of each release is kept in abi/ and checked with
 *     abidiff by the project's CI.
 */
#ifndef AUTH0LOGOUT_H
#define AUTH0LOGOUT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(AUTH0LOGOUT_BUILDING) && defined(__GNUC__)
#define AUTH0LOGOUT_API __attribute__((visibility("default")))
#else
#define AUTH0LOGOUT_API
#endif

/* ----------------------------------------------------------------------- */
/* Versions                                                                */

/* API version of this header (semantic versioning). */
#define AUTH0LOGOUT_VERSION_MAJOR  0
#define AUTH0LOGOUT_VERSION_MINOR  4
#define AUTH0LOGOUT_VERSION_PATCH  0
#define AUTH0LOGOUT_VERSION_STRING "0.4.0"

/* The version of the library actually linked, e.g. "0.2.0".  Static
 * string. */
AUTH0LOGOUT_API const char *auth0logout_version(void);

/* ----------------------------------------------------------------------- */
/* Limits (as macros for C, as functions for FFI)                           */

/* R1.8: a query string longer than this is refused. */
#define AUTH0LOGOUT_MAX_QUERY 16384
/* R1.8: a decoded returnTo (and an allow-list entry) longer than this is
 * refused. */
#define AUTH0LOGOUT_MAX_URL 4096
/* R1.7: a decoded client_id longer than this is refused. */
#define AUTH0LOGOUT_MAX_CLIENT_ID 256
/* R4.7: a URL whose path has more segments than this (the parts between
 * '/'s, as RFC 3986 counts them: "https://a.com/x/y/" has 3) is refused
 * with AUTH0LOGOUT_E_URL_TOO_COMPLEX.  This bounds the parser memory of
 * every decision.  Since 0.2. */
#define AUTH0LOGOUT_MAX_PATH_SEGMENTS 1024
/* The scratch auth0logout_request_parse needs at most: the decoded returnTo
 * and client_id (longer values are refused before they are written).
 * Since 0.2. */
#define AUTH0LOGOUT_REQUEST_SCRATCH_SIZE                                       \
	(AUTH0LOGOUT_MAX_URL + AUTH0LOGOUT_MAX_CLIENT_ID)
/* The size of the caller buffer that auth0logout_decide and
 * auth0logout_decide_query need.  What bounds each part (lib/core/decide.c
 * checks at compile time that they fit):
 *   - the decoded returnTo and client_id: AUTH0LOGOUT_REQUEST_SCRATCH_SIZE;
 *   - the Location, and in its place the error description: a 4096-byte
 *     URL, every byte percent-encoded (R4.7), is 12288 bytes; the
 *     description quotes it and the client_id;
 *   - the matched entry (4096 bytes) and the client_id (256);
 *   - scratch, used first by uriparser for AUTH0LOGOUT_MAX_PATH_SEGMENTS
 *     path segments and then, on not_allowed only, by the hint.
 * 0.2 uses about 55 KiB; the rest is room for later endpoints within this
 * SONAME (buffer sizes never grow within one).  0.1 needed 208 KiB. */
#define AUTH0LOGOUT_DECIDE_BUFFER_SIZE (64u * 1024u)

AUTH0LOGOUT_API size_t auth0logout_max_query(void);
AUTH0LOGOUT_API size_t auth0logout_max_url(void);
AUTH0LOGOUT_API size_t auth0logout_max_client_id(void);
AUTH0LOGOUT_API size_t auth0logout_decide_buffer_size(void);
/* Since 0.2. */
AUTH0LOGOUT_API size_t auth0logout_max_path_segments(void);
AUTH0LOGOUT_API size_t auth0logout_request_scratch_size(void);
AUTH0LOGOUT_API size_t auth0logout_url_buffer_size(void);

/* sizeof each public struct, so that a binding (FFI) can check its mirror
 * of the layout against the library it loaded. */
AUTH0LOGOUT_API size_t auth0logout_decision_size(void);
AUTH0LOGOUT_API size_t auth0logout_request_size(void);
AUTH0LOGOUT_API size_t auth0logout_store_size(void);
AUTH0LOGOUT_API size_t auth0logout_diag_size(void);
AUTH0LOGOUT_API size_t auth0logout_url_size(void); /* since 0.2 */

/* ----------------------------------------------------------------------- */
/* Status codes                                                            */

typedef enum auth0logout_status {
	AUTH0LOGOUT_OK = 0,

	/* Caller and resource errors */
	AUTH0LOGOUT_E_INVALID_ARGUMENT = 1, /* a NULL pointer or bad flag */
	AUTH0LOGOUT_E_NOMEM = 2,            /* malloc failed (building only) */
	AUTH0LOGOUT_E_BUFFER_TOO_SMALL =
	    3, /* see AUTH0LOGOUT_DECIDE_BUFFER_SIZE */

	/* R1 the request */
	AUTH0LOGOUT_E_QUERY_TOO_LONG = 10, /* R1.8 */
	AUTH0LOGOUT_E_QUERY_BAD_ESCAPE =
	    11, /* R1.2 '%' without two hex digits */
	AUTH0LOGOUT_E_QUERY_DUPLICATE = 12, /* R1.4 returnTo/client_id twice */
	AUTH0LOGOUT_E_CLIENT_ID_CONTROL =
	    13, /* R1.7 control byte in client_id */
	AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG = 14, /* R1.7 */
	AUTH0LOGOUT_E_RETURN_TO_TOO_LONG = 15, /* R1.8 */
	AUTH0LOGOUT_E_CLIENT_ID_EMPTY = 16,    /* a store's client_id is
	                                          empty (since 0.2) */

	/* R4 acceptable URLs (returnTo and entries) */
	AUTH0LOGOUT_E_URL_TOO_LONG = 20,  /* longer than MAX_URL */
	AUTH0LOGOUT_E_URL_CONTROL = 21,   /* R4.1 byte 0x00-0x1F or 0x7F */
	AUTH0LOGOUT_E_URL_BACKSLASH = 22, /* R4.1 */
	AUTH0LOGOUT_E_URL_SPACE = 23,     /* R4.1 leading/trailing space */
	AUTH0LOGOUT_E_URL_NO_SCHEME = 24, /* R4.2 relative or host:port */
	AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME =
	    25,                              /* R4.2 javascript:, data:, ... */
	AUTH0LOGOUT_E_URL_NO_HOST = 26,      /* R4.3 http(s) without host */
	AUTH0LOGOUT_E_URL_USERINFO = 27,     /* R4.4 user@ or user:pass@ */
	AUTH0LOGOUT_E_URL_BAD_HOST = 28,     /* R4.5 */
	AUTH0LOGOUT_E_URL_BAD_PUNYCODE = 29, /* R4.5 invalid xn-- label */
	AUTH0LOGOUT_E_URL_BAD_PORT = 30,     /* R4.6 */
	AUTH0LOGOUT_E_URL_BAD_CHAR =
	    31,                        /* R4.7 space etc. in scheme/authority */
	AUTH0LOGOUT_E_URL_SYNTAX = 32, /* R4.7 not an RFC 3986 URI */
	AUTH0LOGOUT_E_URL_TOO_COMPLEX =
	    33, /* more than AUTH0LOGOUT_MAX_PATH_SEGMENTS path segments */

	/* R5 allow-list entries */
	AUTH0LOGOUT_E_ENTRY_NO_SCHEME = 40,      /* R5.2 add https:// */
	AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE = 41, /* R5.3/R5.6 */
	AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD = 42,   /* R5.5 *.com */
	AUTH0LOGOUT_E_ENTRY_EMPTY = 43,          /* empty array item */

	/* R2/R3 the decision */
	AUTH0LOGOUT_E_UNKNOWN_CLIENT = 50, /* R2.3 */
	AUTH0LOGOUT_E_NOT_ALLOWED = 51,  /* R3 returnTo not on the list used */
	AUTH0LOGOUT_E_STORE_FAILED = 52, /* R2.4 */

	/* In-memory store */
	AUTH0LOGOUT_E_DUPLICATE_CLIENT = 60, /* client_id added twice */
	AUTH0LOGOUT_E_STORE_FROZEN = 61,     /* changed after being built */

	/* Configs (libauth0logout-config, auth0logout/config.h; since 0.2) */
	AUTH0LOGOUT_E_CONFIG_IO = 70,          /* cannot open or read a file */
	AUTH0LOGOUT_E_CONFIG_SYNTAX = 71,      /* not valid JSON or YAML */
	AUTH0LOGOUT_E_CONFIG_SHAPE = 72,       /* a value of the wrong type, or
	                                          a required one missing */
	AUTH0LOGOUT_E_CONFIG_PLACEHOLDER = 73, /* ##KEY## without a value, or a
	                                          define not KEY=VALUE */
	AUTH0LOGOUT_E_CONFIG_UNSUPPORTED = 74, /* YAML anchors, aliases, tags
	                                          or documents; @@KEY@@ */
	AUTH0LOGOUT_E_CONFIG_KEY = 75,         /* R7.7: a JWKS key that cannot
	                                          be used (since 0.3) */

	/* R8 /oidc/logout (since 0.3) */
	AUTH0LOGOUT_E_OIDC_PARAM_TOO_LONG = 80, /* R8.1 a value over its
	                                           limit */
	AUTH0LOGOUT_E_OIDC_PARAM_CONTROL = 81,  /* R8.1 a control byte */
	AUTH0LOGOUT_E_OIDC_FEDERATED = 82,      /* R8.1 POST federated neither
	                                           true nor false */
	AUTH0LOGOUT_E_OIDC_TOKEN_INVALID = 83,  /* R8.2 id_token_hint does not
	                                           verify (or no verifier) */
	AUTH0LOGOUT_E_OIDC_CLIENT_MISMATCH = 84, /* R8.2 client_id is not the
	                                            token's client */
	AUTH0LOGOUT_E_OIDC_LOGOUT_HINT = 85,    /* R8.2 logout_hint is not the
	                                           token's sid */
	AUTH0LOGOUT_E_OIDC_URI_FRAGMENT = 86,   /* R8.4 a fragment in
	                                           post_logout_redirect_uri */
	AUTH0LOGOUT_E_OIDC_LOCALE = 87,         /* R8.8 ui_locales not enabled */
	AUTH0LOGOUT_E_VERIFIER_FAILED = 88      /* R8.10 the verifier could not
	                                           decide (HTTP 500) */
} auth0logout_status;

/* A stable lower-case name for a status ("ok", "url_userinfo", ...), or
 * "unknown" for a value that is not a status.  Static string. */
AUTH0LOGOUT_API const char *auth0logout_status_name(int status);
/* A one-sentence English description of a status.  Static string. */
AUTH0LOGOUT_API const char *auth0logout_status_message(int status);
/* The rule of doc/rules.md a status stands for ("R4.4" for
 * AUTH0LOGOUT_E_URL_USERINFO), or NULL for a status no rule names (ok,
 * nomem, ...).  Static string.  Since 0.2. */
AUTH0LOGOUT_API const char *auth0logout_status_rule(int status);

/* Optional details about a failure, filled by functions that take one.
 * All fields are reset on entry.  No pointers: it can be copied freely. */
typedef struct auth0logout_diag {
	int status;     /* the auth0logout_status returned */
	size_t offset;  /* byte offset in the input at fault, or (size_t)-1 */
	size_t index;   /* 0-based entry position in a list, or (size_t)-1 */
	char text[256]; /* NUL-terminated human message */
	unsigned char reserved[32]; /* zero; for later fields (ABI policy) */
} auth0logout_diag;

/* R1.7: checks a client_id as a store keeps it: 1 to
 * AUTH0LOGOUT_MAX_CLIENT_ID bytes, none of them a control byte (0x00-0x1F,
 * 0x7F).  Returns AUTH0LOGOUT_OK, AUTH0LOGOUT_E_CLIENT_ID_EMPTY,
 * AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG or AUTH0LOGOUT_E_CLIENT_ID_CONTROL
 * (diag's offset: the first control byte), or
 * AUTH0LOGOUT_E_INVALID_ARGUMENT for id NULL with len > 0.  Every check of
 * a client_id in the library, the config library and the tools is this
 * one.  Allocation-free, thread-safe.  Since 0.2. */
AUTH0LOGOUT_API auth0logout_status
auth0logout_client_id_check(const char *id, size_t len, auth0logout_diag *diag);

/* ----------------------------------------------------------------------- */
/* R1 the request                                                          */

/* A parsed logout request.  The pointers point into the scratch buffer given
 * to auth0logout_request_parse (decoded values) and live as long as it.
 * A parameter that is absent or empty (R1.5) has ptr NULL and len 0. */
typedef struct auth0logout_request {
	const char *return_to;
	size_t return_to_len;
	const char *client_id;
	size_t client_id_len;
	int federated; /* R1.6: 1 when the parameter is present at all */
} auth0logout_request;

/* Parses a raw query string, a request target ("/v2/logout?...") or an
 * absolute URL ("https://host/v2/logout?...") per R1.
 *
 * Decoded values are written to scratch, which needs as many bytes as the
 * query part of the input or AUTH0LOGOUT_REQUEST_SCRATCH_SIZE, whichever is
 * less (either of input_len and AUTH0LOGOUT_REQUEST_SCRATCH_SIZE always
 * suffices).  Returns
 * AUTH0LOGOUT_OK or one of the R1 statuses; diag (may be NULL) gets the byte
 * offset at fault.  Allocation-free, thread-safe. */
AUTH0LOGOUT_API auth0logout_status auth0logout_request_parse(
    const char *input, size_t input_len, char *scratch, size_t scratch_len,
    auth0logout_request *out, auth0logout_diag *diag);

/* ----------------------------------------------------------------------- */
/* R4/R5 allow-lists                                                       */

/* A compiled, immutable, ordered allow-list.  Safe to share between threads
 * once built. */
typedef struct auth0logout_allowlist auth0logout_allowlist;

/* Compiles the dashboard form: comma-separated, surrounding spaces trimmed,
 * empty items skipped (R5.1).  On success *out is a new list the caller owns
 * (free with auth0logout_allowlist_free).  On failure *out is NULL and diag
 * names the item (0-based index among non-empty items), the byte offset in
 * csv and the reason (R5.7).  An empty string compiles to an empty list. */
AUTH0LOGOUT_API auth0logout_status auth0logout_allowlist_compile_csv(
    const char *csv, size_t csv_len, auth0logout_allowlist **out,
    auth0logout_diag *diag);

/* Compiles the API form: an array of n entries.  lens may be NULL, then each
 * entry is NUL-terminated.  An empty entry is refused
 * (AUTH0LOGOUT_E_ENTRY_EMPTY).  Ownership and diag as for _compile_csv; the
 * offset in diag is within the entry at fault. */
AUTH0LOGOUT_API auth0logout_status auth0logout_allowlist_compile_array(
    const char *const *entries, const size_t *lens, size_t n,
    auth0logout_allowlist **out, auth0logout_diag *diag);

/* Checks one entry (R4 + R5) without building a list: the same check as
 * auth0logout_url_parse with AUTH0LOGOUT_URL_ENTRY, on one heap block of
 * AUTH0LOGOUT_URL_BUFFER_SIZE bytes that it frees (AUTH0LOGOUT_E_NOMEM when
 * it cannot have it).  Thread-safe. */
AUTH0LOGOUT_API auth0logout_status
auth0logout_entry_check(const char *entry, size_t len, auth0logout_diag *diag);

AUTH0LOGOUT_API void auth0logout_allowlist_free(auth0logout_allowlist *list);

/* Number of entries (0 for NULL). */
AUTH0LOGOUT_API size_t
auth0logout_allowlist_count(const auth0logout_allowlist *list);

/* A list is one block of memory holding no pointer, so it can be moved:
 * for a store that packs its lists into large arenas, which it may offer
 * huge pages (madvise(MADV_HUGEPAGE)), as the in-memory store does; see
 * README "Speed".  _size: the bytes of the block (0 for NULL).  _copy:
 * copies list to dst (cap bytes, 16-byte aligned, not overlapping list)
 * and returns the copy, a list like any other that depends on nothing of
 * the original (free that as usual) and lives in dst until the caller
 * frees or reuses dst -- never pass the copy to
 * auth0logout_allowlist_free; NULL when list or dst is NULL, dst is not
 * 16-byte aligned or cap is less than _size.  Thread-safe (the source is
 * only read).  Since 0.4. */
AUTH0LOGOUT_API size_t
auth0logout_allowlist_size(const auth0logout_allowlist *list);
AUTH0LOGOUT_API auth0logout_allowlist *
auth0logout_allowlist_copy(const auth0logout_allowlist *list, void *dst,
                           size_t cap);

/* Entry i as written (NUL-terminated; *len may be NULL), or NULL when i is
 * out of range.  Lives as long as the list. */
AUTH0LOGOUT_API const char *
auth0logout_allowlist_entry(const auth0logout_allowlist *list, size_t i,
                            size_t *len);

/* ----------------------------------------------------------------------- */
/* R4/R5 the parts of an acceptable URL (since 0.2)                         */

/* For tools that need what the library knows about a URL (the linter, an
 * importer): the one check of R4 (and R5 for entries) that decisions and
 * allow-lists use, with the parts it found. */

/* The caller buffer auth0logout_url_parse needs: the URL after R4.7
 * encoding (at most 3 * AUTH0LOGOUT_MAX_URL + 1 bytes) and uriparser's
 * memory for AUTH0LOGOUT_MAX_PATH_SEGMENTS segments. */
#define AUTH0LOGOUT_URL_BUFFER_SIZE (48u * 1024u)

/* Check as an allow-list entry: R5 applies too (a wildcard '*' may stand
 * in the leftmost host label of an http(s) entry; an entry without a
 * scheme, or an empty one, is refused with an R5 status). */
#define AUTH0LOGOUT_URL_ENTRY 0x1u

typedef enum auth0logout_host_kind {
	AUTH0LOGOUT_HOST_NONE = 0, /* no authority, or an empty host */
	AUTH0LOGOUT_HOST_NAME = 1, /* a DNS name (R4.5) */
	AUTH0LOGOUT_HOST_IPV4 = 2, /* a dotted quad */
	AUTH0LOGOUT_HOST_IPV6 = 3  /* a bracketed IPv6 literal */
} auth0logout_host_kind;

/* An acceptable URL, as auth0logout_url_parse found it.  text is the URL
 * after R4.7 (what matching compares and a redirect emits), NUL-terminated,
 * in the caller's buffer, and lives as long as it; every _off is an offset
 * in text, every range [off, off + len). */
typedef struct auth0logout_url {
	const char *text;
	size_t len;
	size_t scheme_len;         /* text[0, scheme_len) is the scheme */
	int special;               /* the scheme is http or https (any case) */
	int has_authority;         /* "scheme://" */
	int host_kind;             /* auth0logout_host_kind */
	size_t host_off, host_len; /* IPv6: without the brackets */
	int has_port;
	size_t port_off, port_len;
	size_t path_off, path_len; /* up to '?', '#' or the end */
	int has_query_or_fragment; /* ignored by matching (R4.9) */
	int wildcard;              /* an entry with '*' in its host (R5.3) */
	size_t star_off;           /* wildcard: the '*' */
	size_t parent_off;         /* wildcard: after the first label's '.' */
	size_t reserved[4];        /* zero; for later fields (ABI policy) */
} auth0logout_url;

/* Checks url (len bytes) as R4 says -- and R5 with AUTH0LOGOUT_URL_ENTRY
 * in flags -- and describes it in *out.  buf (buf_len >=
 * AUTH0LOGOUT_URL_BUFFER_SIZE bytes, any alignment) receives out->text.
 * Returns AUTH0LOGOUT_OK, an R4/R5 status (diag: offset in url, reason),
 * AUTH0LOGOUT_E_BUFFER_TOO_SMALL or AUTH0LOGOUT_E_INVALID_ARGUMENT.
 * Allocation-free but for libidn2 on xn-- labels (see the top of this
 * file); thread-safe. */
AUTH0LOGOUT_API auth0logout_status auth0logout_url_parse(
    const char *url, size_t len, unsigned flags, char *buf, size_t buf_len,
    auth0logout_url *out, auth0logout_diag *diag);

/* R4.8: non-zero when a and b have the same comparison key -- the key by
 * which allow-list entries are matched and indexed: the scheme
 * case-insensitively; the host case-insensitively when the scheme is http
 * or https (special), and exactly, byte for byte, for any other scheme,
 * whose authority is opaque (R4.5: myapp://SignOut is not
 * myapp://signout); the port as written, the path exactly, query and
 * fragment ignored (a wildcard host compares as text, '*' included, not
 * as a pattern).  A caller may derive a looser key by changing
 * its own copy (has_port = 0, a shorter path_len) before comparing. */
AUTH0LOGOUT_API int auth0logout_url_key_equal(const auth0logout_url *a,
                                              const auth0logout_url *b);
/* A hash of the same key (the host folded only where it compares
 * case-insensitively): equal keys have equal hashes. */
AUTH0LOGOUT_API uint32_t auth0logout_url_key_hash(const auth0logout_url *u);

/* ----------------------------------------------------------------------- */
/* The store interface (R2)                                                */

/* Where decide finds allow-lists.  Back it with your own database, or use
 * the in-memory store below.
 *
 * tenant_list: sets *out to the tenant's list (NULL means an empty list) and
 *   returns AUTH0LOGOUT_OK, or returns AUTH0LOGOUT_E_STORE_FAILED.
 * client_list: for client_id (client_id_len bytes, not NUL-terminated, no
 *   control bytes), sets *out to the application's list (NULL means empty)
 *   and returns AUTH0LOGOUT_OK; returns AUTH0LOGOUT_E_UNKNOWN_CLIENT when
 *   the store has no such client, AUTH0LOGOUT_E_STORE_FAILED on failure.
 *   Any other return value is treated as a failure (fail closed, R2.4).
 * release: optional (may be NULL).  Called once for every non-NULL list a
 *   callback handed out with AUTH0LOGOUT_OK, when decide is done with it,
 *   before decide returns.
 *
 * AUTH0LOGOUT_OK is 0.  Bindings whose callbacks can fail silently (Python's
 * ctypes returns 0 when a callback raises) must catch every error and return
 * AUTH0LOGOUT_E_STORE_FAILED, or a failure reads as an empty list.
 *
 * Decisions call a store of yours only for requests that need a list and
 * whose returnTo is acceptable (R4 comes first).  The built-in stores are
 * looked up earlier, while the returnTo is checked (their lookups have no
 * effect but their answer); the decision is the same.
 *
 * A list handed out must stay valid until release (or, without release,
 * until decide returns).  decide copies what it keeps into the caller's
 * buffer, so a decision never points into a store.  The callbacks must be
 * safe to call from as many threads as call decide on the store. */
typedef struct auth0logout_store {
	void *ctx;
	int (*tenant_list)(void *ctx, const auth0logout_allowlist **out);
	int (*client_list)(void *ctx, const char *client_id,
	                   size_t client_id_len,
	                   const auth0logout_allowlist **out);
	void (*release)(void *ctx, const auth0logout_allowlist *list);
} auth0logout_store;

/* The built-in in-memory store: a tenant list and clients by client_id,
 * found by hash.  Build it from one thread, then call auth0logout_memstore_get
 * to obtain the store interface; from then on it is frozen (further changes
 * fail with AUTH0LOGOUT_E_STORE_FROZEN) and safe for any number of
 * concurrent readers. */
typedef struct auth0logout_memstore auth0logout_memstore;

/* NULL when out of memory. */
AUTH0LOGOUT_API auth0logout_memstore *auth0logout_memstore_new(void);

/* Frees the store and every list it owns. */
AUTH0LOGOUT_API void auth0logout_memstore_free(auth0logout_memstore *ms);

/* Sets the tenant's list; the store takes ownership of list (NULL = empty)
 * on success, and also on failure (it frees it), so the caller never frees a
 * list it handed over.  A previous tenant list is freed. */
AUTH0LOGOUT_API auth0logout_status auth0logout_memstore_set_tenant(
    auth0logout_memstore *ms, auth0logout_allowlist *list);

/* Adds a client; ownership of list (NULL = empty) as for _set_tenant.
 * client_id must pass auth0logout_client_id_check, whose status is
 * returned otherwise (0.1 returned AUTH0LOGOUT_E_INVALID_ARGUMENT); adding
 * it twice fails with AUTH0LOGOUT_E_DUPLICATE_CLIENT. */
AUTH0LOGOUT_API auth0logout_status auth0logout_memstore_add_client(
    auth0logout_memstore *ms, const char *client_id, size_t client_id_len,
    auth0logout_allowlist *list);

/* Number of clients. */
AUTH0LOGOUT_API size_t
auth0logout_memstore_client_count(const auth0logout_memstore *ms);

/* Makes room for clients clients in all, so that adding them grows the
 * client table no more (a store of a million clients otherwise builds
 * and drops tables of half, a quarter, ... its size).  Never shrinks the
 * table; optional: adding works without it, and changes no answer.
 * AUTH0LOGOUT_OK, AUTH0LOGOUT_E_NOMEM (also for a count too large to
 * hold), AUTH0LOGOUT_E_STORE_FROZEN, AUTH0LOGOUT_E_INVALID_ARGUMENT (ms
 * NULL).  Since 0.4. */
AUTH0LOGOUT_API auth0logout_status
auth0logout_memstore_reserve(auth0logout_memstore *ms, size_t clients);

/* Freezes the store and fills *out with its store interface.  *out stays
 * valid until auth0logout_memstore_free. */
AUTH0LOGOUT_API auth0logout_status
auth0logout_memstore_get(auth0logout_memstore *ms, auth0logout_store *out);

/* ----------------------------------------------------------------------- */
/* R10 the swap store: live changes under concurrent decisions (since 0.4) */

/* A store that changes while it serves.  Decisions read an immutable
 * snapshot; one writer stages changes (a client added, replaced, removed
 * or marked failed; the tenant's list replaced) and publishes them all at
 * once.  R10.1 and R10.2 in detail:
 *   - Publishing is one atomic pointer exchange: a decision sees the
 *     snapshot before or the one after, never a mix.  Readers take no lock
 *     and never wait for the writer or for each other.
 *   - One decision reads one snapshot for all its lookups (the client's
 *     list and, for the hint, the tenant's): see the readers below.
 *   - What a published snapshot no longer shares with the current one is
 *     freed once no reader holds it (at the next _publish or _collect).
 *   - Clients sit in a persistent hash trie (256-way nodes over a 64-bit
 *     hash, small open-addressing leaves); a change copies only the path
 *     to its client, a few KiB whatever the store's size, so it costs time
 *     in proportion to the client's list, not to the number of clients.
 *     Several changes before one _publish copy each path once.
 *
 * Before its first _publish the store fails closed: every lookup is
 * AUTH0LOGOUT_E_STORE_FAILED (R10.4, a 500).  So is a client or a tenant
 * marked failed (R10.5: one that has no good version yet).
 *
 * Threads: the writer functions (_set_tenant ... _collect) are for one
 * thread at a time (the caller serializes them); readers are for one
 * thread at a time each; any number of readers run next to the writer. */
typedef struct auth0logout_swapstore auth0logout_swapstore;

/* A new, empty, never published store; NULL when out of memory. */
AUTH0LOGOUT_API auth0logout_swapstore *auth0logout_swapstore_new(void);

/* Frees the store, every snapshot and every list.  No reader may be in a
 * decision; readers not yet freed become unusable (free them before). */
AUTH0LOGOUT_API void auth0logout_swapstore_free(auth0logout_swapstore *ss);

/* Stages the tenant's list (NULL: empty).  Ownership of list passes to the
 * store on success and on failure, as for auth0logout_memstore_set_tenant.
 * AUTH0LOGOUT_E_NOMEM, AUTH0LOGOUT_E_INVALID_ARGUMENT. */
AUTH0LOGOUT_API auth0logout_status auth0logout_swapstore_set_tenant(
    auth0logout_swapstore *ss, auth0logout_allowlist *list);

/* Stages the tenant as failed: tenant lookups fail (a 500) until the next
 * _set_tenant. */
AUTH0LOGOUT_API auth0logout_status
auth0logout_swapstore_fail_tenant(auth0logout_swapstore *ss);

/* Stages a client, adding it or replacing its list (NULL: empty).
 * client_id must pass auth0logout_client_id_check (its status otherwise);
 * ownership of list as for _set_tenant. */
AUTH0LOGOUT_API auth0logout_status auth0logout_swapstore_put_client(
    auth0logout_swapstore *ss, const char *client_id, size_t client_id_len,
    auth0logout_allowlist *list);

/* Stages a client as failed (R10.5: a client with no good version): its
 * lookups are AUTH0LOGOUT_E_STORE_FAILED, not unknown_client.  Replaces a
 * list it had. */
AUTH0LOGOUT_API auth0logout_status auth0logout_swapstore_fail_client(
    auth0logout_swapstore *ss, const char *client_id, size_t client_id_len);

/* Stages the removal of a client; AUTH0LOGOUT_E_UNKNOWN_CLIENT when the
 * staged state has no such client. */
AUTH0LOGOUT_API auth0logout_status auth0logout_swapstore_remove_client(
    auth0logout_swapstore *ss, const char *client_id, size_t client_id_len);

/* Stages the removal of every client and an empty tenant list (a full
 * reload starts with it).  Time in proportion to the number of clients. */
AUTH0LOGOUT_API auth0logout_status
auth0logout_swapstore_clear(auth0logout_swapstore *ss);

/* What the staged state holds for client_id: AUTH0LOGOUT_SWAPSTORE_ABSENT,
 * _GOOD (a list) or _FAILED. */
#define AUTH0LOGOUT_SWAPSTORE_ABSENT 0
#define AUTH0LOGOUT_SWAPSTORE_GOOD   1
#define AUTH0LOGOUT_SWAPSTORE_FAILED 2
AUTH0LOGOUT_API int
auth0logout_swapstore_client_state(const auth0logout_swapstore *ss,
                                   const char *client_id, size_t client_id_len);

/* Number of clients staged (good and failed). */
AUTH0LOGOUT_API size_t
auth0logout_swapstore_client_count(const auth0logout_swapstore *ss);

/* Publishes the staged state as the new snapshot (even with no change:
 * the first _publish ends the fail-closed start), then frees what no
 * reader can reach any more.  Never waits for a reader.
 * AUTH0LOGOUT_E_NOMEM (nothing published; the staged state is kept). */
AUTH0LOGOUT_API auth0logout_status
auth0logout_swapstore_publish(auth0logout_swapstore *ss);

/* Frees what no reader can reach any more (_publish does it too); a
 * writer that publishes rarely calls it now and then.  Returns the number
 * of snapshots still waiting for a reader to leave. */
AUTH0LOGOUT_API size_t auth0logout_swapstore_collect(auth0logout_swapstore *ss);

/* The number of the current snapshot: 0 before the first _publish, then
 * 1, 2, ...  Safe from any thread. */
AUTH0LOGOUT_API uint64_t
auth0logout_swapstore_version(const auth0logout_swapstore *ss);

/* A reader: the store interface one thread decides through.  Its first
 * lookup in a decision takes the current snapshot and holds it; the
 * lookups made while a list is held (decide makes them all so) read that
 * same snapshot; release of the last list it handed out ends the hold.
 * The lists it hands out are never NULL (an empty list is an empty
 * allowlist), so that every hold ends in a release.  One thread at a time
 * per reader; make one per thread (they cost 64 bytes and are reused
 * after _reader_free).  NULL when out of memory. */
typedef struct auth0logout_swapstore_reader auth0logout_swapstore_reader;

AUTH0LOGOUT_API auth0logout_swapstore_reader *
auth0logout_swapstore_reader_new(auth0logout_swapstore *ss);
/* Not while in a decision. */
AUTH0LOGOUT_API void
auth0logout_swapstore_reader_free(auth0logout_swapstore_reader *r);

/* Fills *out with the reader's store interface, valid until
 * _reader_free. */
AUTH0LOGOUT_API void
auth0logout_swapstore_reader_store(auth0logout_swapstore_reader *r,
                                   auth0logout_store *out);

/* ----------------------------------------------------------------------- */
/* R3/R6 the decision                                                      */

typedef enum auth0logout_outcome {
	AUTH0LOGOUT_OUTCOME_REDIRECT = 1,   /* 302 to location */
	AUTH0LOGOUT_OUTCOME_LOGGED_OUT = 2, /* 200, body "OK" */
	AUTH0LOGOUT_OUTCOME_ERROR = 3       /* 400 or 500 */
} auth0logout_outcome;

typedef enum auth0logout_list_kind {
	AUTH0LOGOUT_LIST_NONE = 0, /* no list was consulted */
	AUTH0LOGOUT_LIST_TENANT = 1,
	AUTH0LOGOUT_LIST_CLIENT = 2
} auth0logout_list_kind;

typedef enum auth0logout_error_code {
	AUTH0LOGOUT_ERROR_NONE = 0,
	AUTH0LOGOUT_ERROR_INVALID_REQUEST = 1, /* HTTP 400 */
	AUTH0LOGOUT_ERROR_SERVER_ERROR = 2     /* HTTP 500 */
} auth0logout_error_code;

/* The decision (R6.1).  Every string is NUL-terminated, lives in the buffer
 * given to decide, and is valid until that buffer is reused or freed (except
 * when decide refuses its arguments: then error_description is a static
 * string).  Absent strings are NULL with length 0.  The enum fields are
 * C ints.  The fields from confirm on are new in 0.2. */
typedef struct auth0logout_decision {
	auth0logout_outcome outcome;
	int http_status;      /* 302, 200, 400 or 500 */
	const char *location; /* redirect only; header-safe ASCII (R6.2) */
	size_t location_len;
	int federated;             /* R3.1: the request's flag; 0 on errors */
	auth0logout_status status; /* AUTH0LOGOUT_OK, or why it is an error */
	auth0logout_error_code error;
	const char *error_description; /* errors only */
	size_t error_description_len;
	auth0logout_list_kind list; /* the list consulted */
	const char *matched;        /* redirect only: the entry as written */
	size_t matched_len;
	/* not_allowed errors only: an English explanation for humans of
	 * which list was checked and why, and the nearest entry with what
	 * differs (a trailing slash, a default port written or not, http
	 * versus https, the case of the path, a subdomain level more or less
	 * than a wildcard allows, the URL being on the tenant's list when a
	 * client_id was given).  Never changes the outcome; not computed on
	 * any other path.  Its wording may change between versions: show
	 * it, do not parse it. */
	const char *hint;
	size_t hint_len;
	/* R8.7: the adapter must ask the user to confirm before acting on
	 * the decision.  Always 0 for /v2/logout. */
	int confirm;
	/* The client whose list decided (list == AUTH0LOGOUT_LIST_CLIENT),
	 * else NULL. */
	const char *client_id;
	size_t client_id_len;
	/* R8.8 (/oidc/logout only): the language the adapter's pages should
	 * use -- the first tag of ui_locales as the tenant's enabled_locales
	 * spell it, or as given when the tenant lists none and it is a
	 * well-formed tag (letters, digits, '-'); else NULL.  Since 0.3. */
	const char *locale;
	size_t locale_len;
	void *reserved[6]; /* zero; for later fields (ABI policy) */
} auth0logout_decision;

/* Decides a parsed request against a store (R2, R3).
 *
 * buf must hold at least AUTH0LOGOUT_DECIDE_BUFFER_SIZE bytes; the
 * decision's strings are written there.  req's strings must not overlap buf
 * (auth0logout_decide_query arranges this itself).  Returns out->status:
 * AUTH0LOGOUT_OK for redirect and logged_out, else the reason of the error
 * decision.  When an argument is NULL or buf is too small, returns
 * AUTH0LOGOUT_E_INVALID_ARGUMENT or AUTH0LOGOUT_E_BUFFER_TOO_SMALL and, if out
 * is not NULL, fills it as a server_error decision (fail closed).
 *
 * Thread-safe for concurrent calls on one store (with distinct buffers);
 * allocation-free (see the exception at the top of this file). */
AUTH0LOGOUT_API auth0logout_status auth0logout_decide(
    const auth0logout_store *store, const auth0logout_request *req, char *buf,
    size_t buf_len, auth0logout_decision *out);

/* Parses input as auth0logout_request_parse does, then decides.  A request
 * that does not parse becomes an error decision (invalid_request, 400) whose
 * description says what is wrong.  buf as for auth0logout_decide (it also
 * holds the decoded values).  Return value and guarantees as for
 * auth0logout_decide. */
AUTH0LOGOUT_API auth0logout_status auth0logout_decide_query(
    const auth0logout_store *store, const char *input, size_t input_len,
    char *buf, size_t buf_len, auth0logout_decision *out);

/* ----------------------------------------------------------------------- */
/* R8 /oidc/logout: OpenID Connect RP-Initiated Logout 1.0 (since 0.3)       */

/* R8.1 limits of the decoded values. */
#define AUTH0LOGOUT_MAX_ID_TOKEN_HINT 8192
#define AUTH0LOGOUT_MAX_STATE         2048
#define AUTH0LOGOUT_MAX_LOGOUT_HINT   256
#define AUTH0LOGOUT_MAX_UI_LOCALES    256
/* The scratch auth0logout_oidc_request_parse needs at most: every decoded
 * value at its limit. */
#define AUTH0LOGOUT_OIDC_REQUEST_SCRATCH_SIZE                                  \
	(AUTH0LOGOUT_MAX_ID_TOKEN_HINT + AUTH0LOGOUT_MAX_STATE +                 \
	 AUTH0LOGOUT_MAX_LOGOUT_HINT + AUTH0LOGOUT_MAX_CLIENT_ID +              \
	 AUTH0LOGOUT_MAX_UI_LOCALES + AUTH0LOGOUT_MAX_URL)
/* The caller buffer of auth0logout_decide_oidc and
 * auth0logout_decide_oidc_query: the decoded values, the Location (a
 * 12288-byte URI plus a 6144-byte encoded state), the matched entry, the
 * client_id and locale, and scratch shared by uriparser, the verifier and
 * the hint (lib/core/oidc.c checks at compile time that they fit). */
#define AUTH0LOGOUT_OIDC_BUFFER_SIZE (96u * 1024u)
/* The scratch a verifier is handed (see auth0logout_verifier). */
#define AUTH0LOGOUT_VERIFIER_SCRATCH_SIZE (32u * 1024u)

AUTH0LOGOUT_API size_t auth0logout_oidc_buffer_size(void);
AUTH0LOGOUT_API size_t auth0logout_oidc_request_scratch_size(void);
AUTH0LOGOUT_API size_t auth0logout_oidc_request_size(void);
AUTH0LOGOUT_API size_t auth0logout_oidc_env_size(void);
AUTH0LOGOUT_API size_t auth0logout_claims_size(void);
AUTH0LOGOUT_API size_t auth0logout_verifier_size(void);
AUTH0LOGOUT_API size_t auth0logout_verifier_scratch_size(void);

/* A parsed /oidc/logout request (R8.1).  Pointers into the scratch given
 * to auth0logout_oidc_request_parse; absent or empty values are NULL with
 * length 0.  Filled by the caller when built by hand: zero it first. */
typedef struct auth0logout_oidc_request {
	const char *id_token_hint;
	size_t id_token_hint_len;
	const char *logout_hint;
	size_t logout_hint_len;
	const char *client_id;
	size_t client_id_len;
	const char *post_logout_redirect_uri;
	size_t post_logout_redirect_uri_len;
	const char *state;
	size_t state_len;
	const char *ui_locales;
	size_t ui_locales_len;
	int federated; /* R8.1: GET, present at all; POST, "true" */
	void *reserved[4];
} auth0logout_oidc_request;

/* The input is an application/x-www-form-urlencoded POST body rather than
 * a GET query (R8.1: "federated" must then be "true" or "false"; the body
 * is read whole, never framed as a request target). */
#define AUTH0LOGOUT_OIDC_FORM 0x1u

/* Parses a GET query (framed as R1.1) or, with AUTH0LOGOUT_OIDC_FORM, a
 * POST body, per R8.1.  Decoded values go to scratch (scratch_len >=
 * AUTH0LOGOUT_OIDC_REQUEST_SCRATCH_SIZE, or >= the input's length).
 * Returns AUTH0LOGOUT_OK, an R1 status (too long, bad escape, duplicate,
 * client_id), AUTH0LOGOUT_E_RETURN_TO_TOO_LONG (the URI over
 * AUTH0LOGOUT_MAX_URL), AUTH0LOGOUT_E_OIDC_PARAM_TOO_LONG,
 * AUTH0LOGOUT_E_OIDC_PARAM_CONTROL or AUTH0LOGOUT_E_OIDC_FEDERATED; diag
 * names the parameter.  Allocation-free, thread-safe. */
AUTH0LOGOUT_API auth0logout_status auth0logout_oidc_request_parse(
    const char *input, size_t input_len, unsigned flags, char *scratch,
    size_t scratch_len, auth0logout_oidc_request *out,
    auth0logout_diag *diag);

/* What a verifier found in a valid ID token (R8.10), as views: into the
 * scratch the verifier was handed, or into memory the verifier keeps
 * valid until its release callback.  Absent claims are NULL with length
 * 0.  aud is the audience when there is exactly one (aud_count == 1). */
typedef struct auth0logout_claims {
	const char *iss;
	size_t iss_len;
	const char *sub;
	size_t sub_len;
	const char *sid;
	size_t sid_len;
	const char *azp;
	size_t azp_len;
	const char *aud;
	size_t aud_len;
	size_t aud_count; /* audiences in "aud": 0, 1 or more */
	void *reserved[4];
} auth0logout_claims;

/* Verifies id_token_hint for the decision (R8.10): like the store, a set
 * of callbacks the caller provides (or auth0logout_config_oidc_verifier
 * from libauth0logout-config, the reference one on OpenSSL 3).
 *
 * verify: checks token (token_len bytes as decoded from the request, not
 *   NUL-terminated): its signature, algorithm and issuer as the verifier
 *   is configured.  scratch (scratch_len == AUTH0LOGOUT_VERIFIER_SCRATCH_SIZE
 *   bytes, 16-byte aligned, in the decide buffer) is the verifier's to
 *   use.  Returns AUTH0LOGOUT_OK with *claims filled (the core zeroed it),
 *   or AUTH0LOGOUT_E_OIDC_TOKEN_INVALID when the token does not verify,
 *   or AUTH0LOGOUT_E_VERIFIER_FAILED when it cannot tell (a key store
 *   down).  Any other return is treated as AUTH0LOGOUT_E_VERIFIER_FAILED:
 *   the decision is a server_error, never a redirect (fail closed).
 * release: optional; called once after every AUTH0LOGOUT_OK, when decide
 *   is done with the claims, before it returns.
 *
 * The callbacks must be safe to call from as many threads as decide. */
typedef struct auth0logout_verifier {
	void *ctx;
	int (*verify)(void *ctx, const char *token, size_t token_len,
	              char *scratch, size_t scratch_len,
	              auth0logout_claims *claims);
	void (*release)(void *ctx, const auth0logout_claims *claims);
} auth0logout_verifier;

/* Sessions.oidc_logout_prompt_enabled is false: never ask for consent
 * (R8.7). */
#define AUTH0LOGOUT_OIDC_NO_PROMPT 0x1u

/* What /oidc/logout needs besides the store: the tenant's settings (R8.7,
 * R8.8), the verifier and the browser session.  Zero it before setting
 * fields; a NULL env is all zero: no verifier (every id_token_hint is
 * invalid), prompts enabled, no enabled_locales, no session. */
typedef struct auth0logout_oidc_env {
	const auth0logout_verifier *verifier;
	unsigned flags; /* AUTH0LOGOUT_OIDC_NO_PROMPT */
	/* The tenant's enabled_locales: n tags, lens NULL when each is
	 * NUL-terminated. */
	const char *const *enabled_locales;
	const size_t *enabled_locale_lens;
	size_t enabled_locale_count;
	/* The sid of the browser's session, when the adapter knows it
	 * (R8.7); NULL otherwise. */
	const char *session_sid;
	size_t session_sid_len;
	void *reserved[4];
} auth0logout_oidc_env;

/* Decides a parsed /oidc/logout request (R8.2-R8.9) against a store.
 * buf: at least AUTH0LOGOUT_OIDC_BUFFER_SIZE bytes; req's strings must not
 * overlap it.  The decision is as for auth0logout_decide, plus confirm
 * (R8.7), client_id (the client C or T whose list decided) and locale
 * (R8.8).  Returns out->status.  Checks in this order: the request's
 * values (R8.1), ui_locales (R8.8), the URI (R4, R8.4 fragment), the
 * token (R8.10: one verify call), client_id against the token, logout_hint
 * against its sid (R8.2), the client in the store, the match.
 * Thread-safe; allocation-free in the core (a verifier may allocate). */
AUTH0LOGOUT_API auth0logout_status auth0logout_decide_oidc(
    const auth0logout_store *store, const auth0logout_oidc_env *env,
    const auth0logout_oidc_request *req, char *buf, size_t buf_len,
    auth0logout_decision *out);

/* Parses input (flags: AUTH0LOGOUT_OIDC_FORM) as
 * auth0logout_oidc_request_parse does, then decides; a request that does
 * not parse is an invalid_request decision.  buf as for
 * auth0logout_decide_oidc (it also holds the decoded values). */
AUTH0LOGOUT_API auth0logout_status auth0logout_decide_oidc_query(
    const auth0logout_store *store, const auth0logout_oidc_env *env,
    const char *input, size_t input_len, unsigned flags, char *buf,
    size_t buf_len, auth0logout_decision *out);

/* Writes the decision as the JSON object of R7.2, on one line without a
 * newline, into out (cap bytes, NUL-terminated when cap > 0):
 *   {"outcome":"redirect","status":302,"location":"https://...",
 *    "federated":false,"error":null,"error_description":null,
 *    "list":"client","matched":"https://...","hint":null,"confirm":false,
 *    "client_id":"AbC123"}
 * Keys always in this order, absent strings as null.  Strings are valid
 * UTF-8 (each ill-formed sequence becomes U+FFFD, as auth0logout_escape
 * does) with '"', '\' and control bytes escaped.  With
 * AUTH0LOGOUT_JSON_NO_HINT in flags, "hint" is null (for public pages,
 * where hints would show allow-list entries).  Returns the length of the
 * whole object (without the NUL), like snprintf: the output is complete
 * when that is less than cap (a cut one is a byte prefix, neither JSON
 * nor, necessarily, UTF-8).  At most
 * 6 * (the lengths of the decision's strings) + 512 bytes.
 * Allocation-free, thread-safe.  Since 0.2. */
#define AUTH0LOGOUT_JSON_NO_HINT 0x1u
AUTH0LOGOUT_API size_t auth0logout_decision_json(const auth0logout_decision *d,
                                                 unsigned flags, char *out,
                                                 size_t cap);

/* Makes n bytes (s may be NULL when n is 0) safe to show: valid UTF-8,
 * where each maximal subpart of an ill-formed sequence becomes one U+FFFD
 * (the Unicode standard's recommended practice, as WHATWG's decoder does;
 * e.g. C3 28 gives U+FFFD "(", C0 AF two U+FFFD), plus with flags:
 *   AUTH0LOGOUT_ESCAPE_NO_CONTROL  control bytes (0x00-0x1F, 0x7F) become
 *                                  U+FFFD too;
 *   AUTH0LOGOUT_ESCAPE_HTML        & < > " ' become &amp; &lt; &gt; &quot;
 *                                  &#39; (HTML text and quoted
 *                                  attributes);
 *   AUTH0LOGOUT_ESCAPE_JSON        the inside of a JSON string: '"' and
 *                                  '\' escaped, control bytes as \n, \t,
 *                                  ... or \u00XX.
 * Writes into out (cap bytes, NUL-terminated when cap > 0) and returns the
 * length of the whole result, like snprintf (at most 6 * n).  The promises
 * above hold for the complete result only (return value < cap): a cut
 * one is a byte prefix of it, and may end inside a UTF-8 character, an
 * HTML entity or a JSON escape; size out from a first call with cap 0.
 * Without NO_CONTROL or JSON the result may hold NUL bytes.
 * Allocation-free, thread-safe.  Since 0.2. */
#define AUTH0LOGOUT_ESCAPE_NO_CONTROL 0x1u
#define AUTH0LOGOUT_ESCAPE_HTML       0x2u
#define AUTH0LOGOUT_ESCAPE_JSON       0x4u
AUTH0LOGOUT_API size_t auth0logout_escape(const char *s, size_t n,
                                          unsigned flags, char *out,
                                          size_t cap);

/* Names for the decision's enums, as the CLI prints them: "redirect",
 * "logged_out", "error"; "tenant", "client" (NULL for NONE);
 * "invalid_request", "server_error" (NULL for NONE).  Static strings. */
AUTH0LOGOUT_API const char *auth0logout_outcome_name(int outcome);
AUTH0LOGOUT_API const char *auth0logout_list_name(int list);
AUTH0LOGOUT_API const char *auth0logout_error_name(int error);

#ifdef __cplusplus
}
#endif

#endif /* AUTH0LOGOUT_H */
