/* SPDX-License-Identifier: MIT */
/*
 * Internal declarations shared by the files of lib/.  Nothing here is
 * exported: the library is built with -fvisibility=hidden and only
 * AUTH0LOGOUT_API functions are visible.
 */
#ifndef AUTH0LOGOUT_INTERNAL_H
#define AUTH0LOGOUT_INTERNAL_H

#include "auth0logout.h"
#include "../ascii.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Byte classes of a URL (R4.1, R4.7), one entry per byte value (url.c):
 * A0L_C_CONTROL (0x00-0x1F, 0x7F) and A0L_C_BACKSLASH are refused
 * anywhere; A0L_C_ENCODE bytes (space " < > { } | ^ ` and 0x80-0xFF) are
 * percent-encoded in path, query and fragment and refused in scheme and
 * authority.  0: a byte that is kept as it is. */
#define A0L_C_CONTROL   1u
#define A0L_C_BACKSLASH 2u
#define A0L_C_ENCODE    4u
extern const unsigned char a0l_url_classes[256];

/* The 256 entries of a0l_url_classes, one row per 16 byte values, with
 * PCT for '%' and PLUS for '+' (both of class 0), so that query.c can
 * build a table of the same classes plus its own bits for those two. */
/* clang-format off */
#define A0L_URL_CLASS_ROWS(PCT, PLUS) \
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, \
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, \
	4, 0, 4, 0, 0, PCT, 0, 0, 0, 0, 0, PLUS, 0, 0, 0, 0, \
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 4, 0, \
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 4, 0, \
	4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 4, 0, 1, \
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, \
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, \
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, \
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, \
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, \
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, \
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, \
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4
/* clang-format on */

/* Fills diag (if not NULL) and returns status.  fmt is printf-style. */
auth0logout_status a0l_fail(auth0logout_diag *diag, auth0logout_status status,
                            size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void a0l_diag_reset(auth0logout_diag *diag);

/* ---- query.c ------------------------------------------------------------ */

/* auth0logout_request_parse, also returning the OR of the a0l_url_classes of
 * every byte of the decoded returnTo (0 when absent).  store (may be NULL):
 * the store the request will be decided on, told of the client_id as soon
 * as it is decoded (a0l_store_prefetch_client). */
auth0logout_status a0l_request_parse(const char *input, size_t input_len,
                                     char *scratch, size_t scratch_len,
                                     auth0logout_request *out,
                                     auth0logout_diag *diag,
                                     unsigned *rt_classes,
                                     const auth0logout_store *store);

/* ---- memstore.c ---------------------------------------------------------- */

/* When store is the built-in in-memory store's interface, starts fetching
 * the slot of client_id (n bytes) into the cache, so that the lookup
 * decide makes a little later finds it there; does nothing otherwise.
 * Never changes what the store answers. */
void a0l_store_prefetch_client(const auth0logout_store *store, const char *id,
                               size_t n);
/* Whether store is the interface of a built-in store (the memstore's or a
 * swap store reader's), whose callbacks have no effect but their answer. */
int a0l_store_is_builtin(const auth0logout_store *store);
/* swapstore.c: whether store is a swap store reader's interface. */
int a0l_swapstore_owns(const auth0logout_store *store);

/* R1.1: the query's place in input: [*start, *end). */
void a0l_query_find(const char *in, size_t len, size_t *start, size_t *end);
/* R1.2: decodes in[0..n) into out (at most cap bytes written); returns the
 * whole decoded length (the part past cap is counted, not written), or
 * (size_t)-1 with *bad at a '%' without two hex digits.  ORs the
 * a0l_url_classes of the decoded bytes into *classes. */
size_t a0l_query_decode(const char *in, size_t n, char *out, size_t cap,
                        size_t *bad, unsigned *classes);
/* R1.2: 1 when every '%' in in[0..n) is followed by two hex digits, else
 * 0 with *bad at the first that is not. */
int a0l_query_escapes_ok(const char *in, size_t n, size_t *bad);

/* ---- url.c: R4 ---------------------------------------------------------- */

/* The most bytes a normalized (R4.7) URL can take: every byte of a
 * MAX_URL-byte input percent-encoded, plus a NUL. */
#define A0L_NORM_MAX   (3 * AUTH0LOGOUT_MAX_URL + 1)
#define A0L_ALIGN16(n) (((size_t)(n) + 15u) & ~(size_t)15u)
/* Arena for uriparser's allocations while parsing one normalized URL
 * (url.c's bump allocator rounds every block to 16 bytes): one path
 * segment of 4 pointers per segment, two more for the segments uriparser
 * may add while fixing up a path, and the IPv4/IPv6 host data.  url.c
 * checks these sizes against uriparser's own structs at compile time. */
#define A0L_SEGMENT_SIZE A0L_ALIGN16(4 * sizeof(void *))
#define A0L_ARENA_SIZE                                                         \
	((AUTH0LOGOUT_MAX_PATH_SEGMENTS + 2) * A0L_SEGMENT_SIZE + 64)
/* auth0logout_url_parse's buffer: the normalized text, then the arena. */
#define A0L_URL_ARENA_OFF A0L_ALIGN16(A0L_NORM_MAX)
_Static_assert(A0L_URL_ARENA_OFF + A0L_ARENA_SIZE + 15 <=
                   AUTH0LOGOUT_URL_BUFFER_SIZE,
               "AUTH0LOGOUT_URL_BUFFER_SIZE is too small");

/* The public struct is the library's own description of a URL: one
 * definition for the decision, the allow-lists and the tools. */
typedef auth0logout_url a0l_url;
#define A0L_HOST_NONE AUTH0LOGOUT_HOST_NONE
#define A0L_HOST_NAME AUTH0LOGOUT_HOST_NAME
#define A0L_HOST_IPV4 AUTH0LOGOUT_HOST_IPV4
#define A0L_HOST_IPV6 AUTH0LOGOUT_HOST_IPV6

/* Checks a URL (R4; with is_entry also R5.2/R5.3/R5.5/R5.6), writes its
 * normalized form to norm (A0L_NORM_MAX bytes, NUL-terminated) and describes
 * it in *u.  arena: A0L_ARENA_SIZE bytes of scratch for uriparser, suitably
 * aligned.  Allocation-free except for libidn2 on xn-- labels. */
auth0logout_status a0l_url_check(const char *in, size_t len, int is_entry,
                                 char *norm, void *arena, a0l_url *u,
                                 auth0logout_diag *diag);
/* The same for a URL whose every byte the caller knows to be of class 0
 * (a0l_url_classes): the screening pass becomes a copy. */
auth0logout_status a0l_url_check_clean(const char *in, size_t len, char *norm,
                                       void *arena, a0l_url *u,
                                       auth0logout_diag *diag);
/* An allow-list entry: refused when empty (R5.1), else a0l_url_check with
 * is_entry. */
auth0logout_status a0l_entry_check(const char *in, size_t len, char *norm,
                                   void *arena, a0l_url *u,
                                   auth0logout_diag *diag);

/* ---- query.c: R1.7 ------------------------------------------------------ */

/* auth0logout_client_id_check without the diag: the status, and in *at
 * the offset of the first control byte. */
auth0logout_status a0l_client_id_check(const char *id, size_t len, size_t *at);

/* ---- allowlist.c -------------------------------------------------------- */

/* Looks for the first entry (in list order) that returnTo matches; returns
 * its index or (size_t)-1. */
size_t a0l_allowlist_match(const auth0logout_allowlist *list, const a0l_url *u);
/* The same, the query compared too, byte for byte after R4.7 (R8.4: an
 * entry without '?' matches only a URL without '?'); fragments are
 * ignored. */
size_t a0l_allowlist_match_query(const auth0logout_allowlist *list,
                                 const a0l_url *u);
/* Starts fetching the list's first cache lines (it is read next). */
void a0l_allowlist_prefetch(const auth0logout_allowlist *list);
/* The entry as written. */
const char *a0l_allowlist_raw(const auth0logout_allowlist *list, size_t i,
                              size_t *len);
/* The entry's normalized text, and whether it is a wildcard entry. */
const char *a0l_allowlist_norm(const auth0logout_allowlist *list, size_t i,
                               size_t *len, int *wildcard);

/* Wildcard entries whose parent domain is u's host from parent_off on
 * (same scheme, port and path), whatever their first label: the first in
 * list order, or (size_t)-1. */
size_t a0l_allowlist_wildcard_over(const auth0logout_allowlist *list,
                                   const a0l_url *u, size_t parent_off);

/* For hints: the hashes of a host (h[0]) and, when labels is non-zero
 * (a DNS name), of its parent domain (h[1], after the first dot) and its
 * grandparent (h[2]); n says how many are set.  One pass over the host. */
typedef struct a0l_host_sig {
	uint32_t h[3];
	int n;
} a0l_host_sig;
void a0l_host_sig_of(const char *host, size_t n, int labels, a0l_host_sig *sig);

/* For hints, by a Bloom filter of each list (false positives, never false
 * negatives): 0 when no exact entry has the host whose hash is h (""
 * for URLs without an authority), or no wildcard entry stands over the
 * parent domain whose hash is h; 0 from may_match when neither the host
 * (sig->h[0]) nor a wildcard over its parent (sig->h[1]) can match;
 * else 1. */
int a0l_allowlist_may_have_host(const auth0logout_allowlist *list, uint32_t h);
int a0l_allowlist_may_have_wildcard_over(const auth0logout_allowlist *list,
                                         uint32_t h);
int a0l_allowlist_may_match(const auth0logout_allowlist *list,
                            const a0l_host_sig *sig);

/* ---- a string appender that truncates (no snprintf on the decision
 * path: its long "%.*s" conversions may allocate) ---------------------- */
typedef struct a0l_sb {
	char *p;
	size_t cap, len; /* cap includes the NUL */
} a0l_sb;

static inline void a0l_sb_add(a0l_sb *b, const char *s, size_t n)
{
	if (n > b->cap - 1 - b->len)
		n = b->cap - 1 - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void a0l_sb_cstr(a0l_sb *b, const char *s)
{
	a0l_sb_add(b, s, strlen(s));
}

/* Appends v in decimal. */
static inline void a0l_sb_num(a0l_sb *b, size_t v)
{
	char d[24];
	size_t n = 0;
	do {
		d[sizeof d - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	a0l_sb_add(b, d + sizeof d - n, n);
}

/* ---- hint.c ---------------------------------------------------------------
 */

/* The most bytes a hint takes, with its NUL. */
#define A0L_HINT_MAX                                                           \
	(2 * AUTH0LOGOUT_MAX_URL + AUTH0LOGOUT_MAX_CLIENT_ID + 1024)
/* Scratch a0l_hint needs: a variant URL, the hint, a changed path. */
#define A0L_HINT_SCRATCH (A0L_NORM_MAX + 64 + A0L_HINT_MAX + A0L_NORM_MAX + 1)

/* Explains why returnTo u matched no entry of list (the list of the
 * decision: the application's when client_id is given, else the
 * tenant's).  Consults the store's tenant list when a client_id was given.
 * Writes the hint into scratch (A0L_HINT_SCRATCH bytes) and returns it;
 * *len gets its length. */
typedef struct a0l_hint_req {
	const char *client_id; /* the client whose list was checked */
	size_t client_id_len;
	int client_from_token; /* named by the id_token_hint (R8.2) */
	int exact_query;       /* /oidc/logout: queries compare (R8.4) */
} a0l_hint_req;
const char *a0l_hint(const auth0logout_store *store, const a0l_hint_req *req,
                     const auth0logout_allowlist *list, const a0l_url *u,
                     char *scratch, size_t *len);

/* ---- decide.c layout of the caller buffer ------------------------------ */
#define A0L_DESC_MAX    (A0L_NORM_MAX + 2 * AUTH0LOGOUT_MAX_CLIENT_ID + 512)
#define A0L_MATCHED_MAX (AUTH0LOGOUT_MAX_URL + 1)

/* ---- decide.c: what both endpoints' decisions share --------------------- */

/* Makes *out an error decision with status: 500 server_error for the
 * statuses that are the server's fault, else 400 invalid_request; no
 * Location, match, federated flag or confirm (list, client_id and hint
 * stay: a not_allowed decision names the list it checked). */
void a0l_error_fields(auth0logout_decision *out, auth0logout_status status);
/* A fail-closed decision when the arguments themselves are wrong; its
 * description is a static string, since there may be no buffer. */
auth0logout_status a0l_bad_call(auth0logout_decision *out,
                                auth0logout_status status);
/* Entry i of list as written, copied to m (A0L_MATCHED_MAX bytes) as the
 * decision's matched entry. */
void a0l_copy_matched(auth0logout_decision *out, char *m,
                      const auth0logout_allowlist *list, size_t i);

/* ---- text.c: the one UTF-8 cleaner ------------------------------------ */

/* auth0logout_escape. */
size_t a0l_escape(const char *s, size_t n, unsigned flags, char *out,
                  size_t cap);

#endif
