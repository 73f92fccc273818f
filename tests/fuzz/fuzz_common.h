/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the libFuzzer targets in tests/fuzz/ (see run.sh).
 *
 * Every target asserts invariants with CHECK: a violated invariant prints
 * what was expected and aborts, which libFuzzer reports as a crash and
 * saves the input as an artifact.  The helpers here are deliberately naive
 * (plain loops over bytes): they are the test oracle, not a second copy of
 * the library.
 *
 * Below the generic helpers: the URL matching oracle (R4.8, R5.4, R8.4)
 * and the decision helpers shared by fuzz_decide.c and fuzz_oidc.c (the
 * input's allow-list and store, comparing and dumping decisions, and,
 * for a target that defines FUZZ_DECISION_BUF, its buffers and the checks
 * of a decision's shape).
 */
#ifndef A0L_FUZZ_COMMON_H
#define A0L_FUZZ_COMMON_H

#include <auth0logout.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define FUZZ_UNUSED __attribute__((unused))
#else
#define FUZZ_UNUSED
#endif

/* Prints n bytes of s, escaping anything that is not printable ASCII. */
static FUZZ_UNUSED void fuzz_dump(const char *label, const char *s, size_t n)
{
	fprintf(stderr, "  %s (%zu bytes): \"", label, n);
	if (!s) {
		fputs("(null)\"\n", stderr);
		return;
	}
	for (size_t i = 0; i < n && i < 2048; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(stderr, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(stderr, "\\x%02X", c);
		else
			fputc(c, stderr);
	}
	fputs(n > 2048 ? "\"...\n" : "\"\n", stderr);
}

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "\nINVARIANT FAILED at %s:%d: %s\n  ", \
			        __FILE__, __LINE__, #cond);                    \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

/* malloc that never returns NULL (the fuzzer aborts on OOM anyway). */
static FUZZ_UNUSED void *fuzz_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("fuzz: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* An exact-size heap copy of n bytes, without a terminating NUL, so that
 * ASan catches any read past the end.  (For n == 0 a 1-byte block that
 * must not be read.) */
static FUZZ_UNUSED char *fuzz_copy(const void *src, size_t n)
{
	char *p = fuzz_xmalloc(n);
	if (n)
		memcpy(p, src, n);
	return p;
}

static FUZZ_UNUSED int fuzz_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static FUZZ_UNUSED int fuzz_eq_nocase(const char *a, size_t an, const char *b,
                                      size_t bn)
{
	if (an != bn)
		return 0;
	for (size_t i = 0; i < an; i++)
		if (fuzz_lower((unsigned char)a[i]) !=
		    fuzz_lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* The bytes SPEC R4.7 percent-encodes in path, query and fragment. */
static FUZZ_UNUSED int fuzz_r47_byte(unsigned char c)
{
	return c == ' ' || c == '"' || c == '<' || c == '>' || c == '{' ||
	       c == '}' || c == '|' || c == '^' || c == '`' || c >= 0x80;
}

/* R4.7 applied to a whole URL (an accepted URL has none of these bytes in
 * its scheme or authority, so encoding them everywhere is the same).
 * Returns a new NUL-terminated string and its length in *out_len. */
static FUZZ_UNUSED char *fuzz_r47(const char *s, size_t n, size_t *out_len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *o = fuzz_xmalloc(3 * n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (fuzz_r47_byte(c)) {
			o[k++] = '%';
			o[k++] = hex[c >> 4];
			o[k++] = hex[c & 15];
		} else {
			o[k++] = (char)c;
		}
	}
	o[k] = '\0';
	*out_len = k;
	return o;
}

/* A URL split the naive way: scheme up to the first ':'; an authority
 * when "//" follows it, up to the first '/', '?' or '#'; the path up to
 * the next '?' or '#'.  Offsets into the string; found is 0 when there is
 * no ':' at all. */
struct fuzz_parts {
	int found;
	size_t scheme_len; /* s[0..scheme_len) */
	int has_authority;
	size_t auth_off, auth_len;
	size_t prefix_len; /* "scheme:" or "scheme://authority" */
	size_t path_off, path_len;
};

static FUZZ_UNUSED struct fuzz_parts fuzz_split(const char *s, size_t n)
{
	struct fuzz_parts p;
	memset(&p, 0, sizeof p);
	const char *colon = memchr(s, ':', n);
	if (!colon)
		return p;
	p.found = 1;
	p.scheme_len = (size_t)(colon - s);
	size_t i = p.scheme_len + 1;
	if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		p.has_authority = 1;
		p.auth_off = i + 2;
		size_t e = p.auth_off;
		while (e < n && s[e] != '/' && s[e] != '?' && s[e] != '#')
			e++;
		p.auth_len = e - p.auth_off;
		i = e;
	}
	p.prefix_len = i;
	p.path_off = i;
	while (i < n && s[i] != '?' && s[i] != '#')
		i++;
	p.path_len = i - p.path_off;
	return p;
}

/* ---- the matching oracle (R4.8, R5.4, R8.4) ----------------------------- */

/* A host label's characters, as a wildcard's '*' stands for them. */
static FUZZ_UNUSED int fuzz_label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* RFC 3986's unreserved bytes: ALPHA DIGIT - . _ ~ */
static FUZZ_UNUSED int fuzz_unreserved(unsigned char c)
{
	return fuzz_label_char(c) || c == '.' || c == '~';
}

/* Writes n bytes of s to o with every byte but the unreserved ones as
 * %XX (o holds 3 * n bytes); returns how many bytes it wrote. */
static FUZZ_UNUSED size_t fuzz_put_value(char *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (fuzz_unreserved(c)) {
			o[k++] = (char)c;
		} else {
			o[k++] = '%';
			o[k++] = hex[c >> 4];
			o[k++] = hex[c & 15];
		}
	}
	return k;
}

/* Splits an authority "host[:port]" (no IPv6 here) at its first ':'. */
static FUZZ_UNUSED void fuzz_host_port(const char *a, size_t n,
                                       size_t *host_len, const char **port,
                                       size_t *port_len)
{
	const char *c = memchr(a, ':', n);
	*host_len = c ? (size_t)(c - a) : n;
	*port = c ? c + 1 : NULL;
	*port_len = c ? n - *host_len - 1 : 0;
}

/* Whether the wildcard entry e admits the URL l's scheme and authority:
 * same scheme, same port as written, and a host "<label>.<parent>" where
 * <label> is prefix, one or more label characters, suffix. */
static FUZZ_UNUSED int fuzz_wildcard_authority_ok(const char *e,
                                                  const struct fuzz_parts *ep,
                                                  const char *l,
                                                  const struct fuzz_parts *lp)
{
	if (!ep->has_authority || !lp->has_authority ||
	    !fuzz_eq_nocase(e, ep->scheme_len, l, lp->scheme_len))
		return 0;
	size_t eh, lh, epl, lpl;
	const char *eport, *lport;
	fuzz_host_port(e + ep->auth_off, ep->auth_len, &eh, &eport, &epl);
	fuzz_host_port(l + lp->auth_off, lp->auth_len, &lh, &lport, &lpl);
	if ((eport == NULL) != (lport == NULL) || epl != lpl ||
	    (eport && memcmp(eport, lport, epl) != 0))
		return 0;
	const char *ehost = e + ep->auth_off, *lhost = l + lp->auth_off;
	const char *star = memchr(ehost, '*', eh);
	const char *edot = memchr(ehost, '.', eh);
	const char *ldot = memchr(lhost, '.', lh);
	if (!star || !edot || !ldot || star > edot)
		return 0;
	size_t pre = (size_t)(star - ehost);
	size_t suf = (size_t)(edot - star - 1);
	size_t lab = (size_t)(ldot - lhost);
	if (!fuzz_eq_nocase(edot + 1, eh - (size_t)(edot - ehost) - 1, ldot + 1,
	                    lh - lab - 1))
		return 0;
	if (lab < pre + suf + 1 || !fuzz_eq_nocase(lhost, pre, ehost, pre) ||
	    !fuzz_eq_nocase(lhost + lab - suf, suf, star + 1, suf))
		return 0;
	for (size_t i = pre; i < lab - suf; i++)
		if (!fuzz_label_char((unsigned char)lhost[i]))
			return 0;
	return 1;
}

/* Whether two "scheme:" or "scheme://authority" prefixes are the same
 * origin: the scheme without regard to case, the authority too for http(s)
 * and exactly for any other scheme (R4.5). */
static FUZZ_UNUSED int fuzz_origin_eq(const char *a,
                                      const struct fuzz_parts *ap,
                                      const char *b,
                                      const struct fuzz_parts *bp)
{
	if (ap->prefix_len != bp->prefix_len ||
	    !fuzz_eq_nocase(a, ap->scheme_len, b, bp->scheme_len))
		return 0;
	int special = fuzz_eq_nocase(a, ap->scheme_len, "http", 4) ||
	              fuzz_eq_nocase(a, ap->scheme_len, "https", 5);
	size_t k = ap->scheme_len, rest = ap->prefix_len - k;
	return special ? fuzz_eq_nocase(a + k, rest, b + k, rest)
	               : memcmp(a + k, b + k, rest) == 0;
}

/* The query of s after its path (p from fuzz_split): *has is whether there
 * is a '?'; the query runs to the first '#' or the end. */
static FUZZ_UNUSED const char *fuzz_query_of(const char *s, size_t n,
                                             const struct fuzz_parts *p,
                                             int *has, size_t *len)
{
	size_t i = p->path_off + p->path_len;
	*has = i < n && s[i] == '?';
	if (!*has) {
		*len = 0;
		return NULL;
	}
	size_t e = i + 1;
	while (e < n && s[e] != '#')
		e++;
	*len = e - i - 1;
	return s + i + 1;
}

/* Whether entry e (as written) admits the URL u (R4.7 applied): origin
 * (or wildcard) and path exactly (R4.8); with_query, also the query
 * exactly, the entry's fragment ignored (R8.4: u has no fragment). */
static FUZZ_UNUSED int fuzz_oracle_match(const char *e, size_t en,
                                         const char *u, size_t un,
                                         int with_query)
{
	size_t nn;
	char *norm = fuzz_r47(e, en, &nn);
	struct fuzz_parts ep = fuzz_split(norm, nn);
	struct fuzz_parts up = fuzz_split(u, un);
	int ok = ep.found && up.found;
	if (ok) {
		if (memchr(e, '*', en))
			ok = fuzz_wildcard_authority_ok(norm, &ep, u, &up);
		else
			ok = fuzz_origin_eq(norm, &ep, u, &up);
	}
	ok = ok && ep.path_len == up.path_len &&
	     memcmp(norm + ep.path_off, u + up.path_off, ep.path_len) == 0;
	if (ok && with_query) {
		int eh, uh;
		size_t eql, uql;
		const char *eq = fuzz_query_of(norm, nn, &ep, &eh, &eql);
		const char *uq = fuzz_query_of(u, un, &up, &uh, &uql);
		ok =
		    eh == uh && eql == uql && (!eh || memcmp(eq, uq, eql) == 0);
	}
	free(norm);
	return ok;
}

/* The redirect d's Location (lp: its parts) has the matched entry's
 * origin: e is the entry as compared (as written, or R4.7 applied) and ep
 * its parts; a wildcard entry's authority must fit the Location's, an
 * exact entry's origin be the Location's as R4.5 compares them. */
static FUZZ_UNUSED void fuzz_check_origin(const auth0logout_decision *d,
                                          const char *e,
                                          const struct fuzz_parts *ep,
                                          const struct fuzz_parts *lp)
{
	CHECK(ep->found && lp->found,
	      "Location or matched entry has no scheme");
	if (memchr(d->matched, '*', d->matched_len))
		CHECK(fuzz_wildcard_authority_ok(e, ep, d->location, lp),
		      "the Location's origin does not fit the wildcard entry "
		      "\"%s\": \"%s\"",
		      d->matched, d->location);
	else
		CHECK(fuzz_origin_eq(d->location, lp, e, ep),
		      "the Location's origin \"%.*s\" is not the entry's "
		      "\"%.*s\"",
		      (int)lp->prefix_len, d->location, (int)ep->prefix_len, e);
}

/* ---- the decision targets (fuzz_decide, fuzz_oidc) ---------------------- */

/* A string compare that tells NULL from "". */
static FUZZ_UNUSED int fuzz_str_eq(const char *a, size_t an, const char *b,
                                   size_t bn)
{
	if ((a == NULL) != (b == NULL) || an != bn)
		return 0;
	return a == NULL || memcmp(a, b, an) == 0;
}

static FUZZ_UNUSED const char *fuzz_name(auth0logout_status st)
{
	return auth0logout_status_name(st);
}

static FUZZ_UNUSED int fuzz_is_url_status(auth0logout_status st)
{
	return st >= AUTH0LOGOUT_E_URL_TOO_LONG &&
	       st <= AUTH0LOGOUT_E_URL_TOO_COMPLEX;
}

static FUZZ_UNUSED void fuzz_dump_decision(const char *label,
                                           const auth0logout_decision *d)
{
	fprintf(stderr,
	        "  %s: outcome %d, http %d, status %s, error %d, list %d, "
	        "federated %d, confirm %d\n",
	        label, (int)d->outcome, d->http_status, fuzz_name(d->status),
	        (int)d->error, (int)d->list, d->federated, d->confirm);
	fuzz_dump("location", d->location, d->location_len);
	fuzz_dump("matched", d->matched, d->matched_len);
	fuzz_dump("client_id", d->client_id, d->client_id_len);
	fuzz_dump("description", d->error_description,
	          d->error_description_len);
	fuzz_dump("hint", d->hint, d->hint_len);
}

/* Two decisions are the same: every field, every string. */
static FUZZ_UNUSED void fuzz_check_same(const char *what,
                                        const auth0logout_decision *a,
                                        const auth0logout_decision *b)
{
	int same =
	    a->outcome == b->outcome && a->http_status == b->http_status &&
	    a->federated == b->federated && a->status == b->status &&
	    a->error == b->error && a->list == b->list &&
	    a->confirm == b->confirm &&
	    fuzz_str_eq(a->location, a->location_len, b->location,
	                b->location_len) &&
	    fuzz_str_eq(a->matched, a->matched_len, b->matched,
	                b->matched_len) &&
	    fuzz_str_eq(a->error_description, a->error_description_len,
	                b->error_description, b->error_description_len) &&
	    fuzz_str_eq(a->hint, a->hint_len, b->hint, b->hint_len) &&
	    fuzz_str_eq(a->client_id, a->client_id_len, b->client_id,
	                b->client_id_len) &&
	    fuzz_str_eq(a->locale, a->locale_len, b->locale, b->locale_len);
	if (!same) {
		fuzz_dump_decision("first", a);
		fuzz_dump_decision("second", b);
	}
	CHECK(same, "%s: the decisions differ", what);
}

/* A comma-separated allow-list compiled, or NULL when it does not. */
static FUZZ_UNUSED auth0logout_allowlist *fuzz_compile(const char *csv,
                                                       size_t n)
{
	auth0logout_allowlist *l = NULL;
	auth0logout_diag dg;
	if (auth0logout_allowlist_compile_csv(csv, n, &l, &dg) !=
	    AUTH0LOGOUT_OK)
		return NULL;
	return l;
}

/* The world of a decision target's input: its first line is a
 * comma-separated allow-list, compiled twice as the tenant's list and as
 * the list of a client "c1" (client "c2" has an empty list; a list that
 * does not compile gives both lists empty), in an in-memory store; the
 * rest is the request. */
struct fuzz_world {
	auth0logout_memstore *ms;
	auth0logout_store store;
	const auth0logout_allowlist *list; /* for the oracle; ms owns it */
	const char *q;                     /* the request */
	size_t qn;
};

static FUZZ_UNUSED void fuzz_world_init(struct fuzz_world *w,
                                        const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t list_len = nl ? (size_t)(nl - s) : size;
	w->q = nl ? nl + 1 : s + size;
	w->qn = size - (size_t)(w->q - s);

	char *csv = fuzz_copy(s, list_len);
	auth0logout_allowlist *tenant = fuzz_compile(csv, list_len);
	auth0logout_allowlist *client = fuzz_compile(csv, list_len);
	free(csv);
	CHECK((tenant == NULL) == (client == NULL),
	      "one list compiled and the other did not");

	w->ms = auth0logout_memstore_new();
	CHECK(w->ms != NULL, "memstore_new");
	w->list = tenant;
	CHECK(auth0logout_memstore_set_tenant(w->ms, tenant) == AUTH0LOGOUT_OK,
	      "set_tenant");
	CHECK(auth0logout_memstore_add_client(w->ms, "c1", 2, client) ==
	          AUTH0LOGOUT_OK,
	      "add_client");
	CHECK(auth0logout_memstore_add_client(w->ms, "c2", 2, NULL) ==
	          AUTH0LOGOUT_OK,
	      "add_client");
	CHECK(auth0logout_memstore_get(w->ms, &w->store) == AUTH0LOGOUT_OK,
	      "memstore_get");
}

static FUZZ_UNUSED void fuzz_world_free(struct fuzz_world *w)
{
	auth0logout_memstore_free(w->ms);
}

/* A target that defines FUZZ_DECISION_BUF (its decision buffer's size)
 * before including this file gets three such buffers, allocated once by
 * LLVMFuzzerInitialize, and the checks of a decision's shape. */
#ifdef FUZZ_DECISION_BUF

static char *buf1, *buf2, *buf3;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Allocated once; still reachable at exit, so not a leak. */
	buf1 = fuzz_xmalloc(FUZZ_DECISION_BUF);
	buf2 = fuzz_xmalloc(FUZZ_DECISION_BUF);
	buf3 = fuzz_xmalloc(FUZZ_DECISION_BUF);
	return 0;
}

/* A string of the decision: NULL with length 0, or NUL-terminated at its
 * length with no NUL inside, in [buf, buf + FUZZ_DECISION_BUF). */
static FUZZ_UNUSED void fuzz_check_string(const char *what, const char *s,
                                          size_t n, const char *buf)
{
	if (!s) {
		CHECK(n == 0, "%s is NULL with length %zu", what, n);
		return;
	}
	CHECK(s >= buf && n < FUZZ_DECISION_BUF &&
	          (size_t)(s - buf) < FUZZ_DECISION_BUF - n,
	      "%s [%p, +%zu] is not in the buffer [%p, +%u)", what,
	      (const void *)s, n, (const void *)buf, FUZZ_DECISION_BUF);
	CHECK(s[n] == '\0', "%s is not NUL-terminated at its length %zu", what,
	      n);
	CHECK(memchr(s, '\0', n) == NULL, "%s holds a NUL before its end",
	      what);
}

/* What every decision (of /v2/logout and of /oidc/logout) holds to: the
 * return value is its status and has a name; its strings are in buf; a
 * hint exactly on not_allowed; outcome, HTTP status and error agree; a
 * redirect's Location is only bytes 0x21-0x7E (R6.2). */
static FUZZ_UNUSED void fuzz_check_shape(const auth0logout_decision *d,
                                         auth0logout_status ret,
                                         const char *buf)
{
	CHECK(ret == d->status, "returned %s, decision says %s", fuzz_name(ret),
	      fuzz_name(d->status));
	CHECK(strcmp(fuzz_name(ret), "unknown") != 0, "status %d has no name",
	      (int)ret);
	fuzz_check_string("location", d->location, d->location_len, buf);
	fuzz_check_string("matched", d->matched, d->matched_len, buf);
	fuzz_check_string("error_description", d->error_description,
	                  d->error_description_len, buf);
	fuzz_check_string("hint", d->hint, d->hint_len, buf);
	/* A hint explains a not_allowed error, and only that. */
	CHECK((d->hint != NULL) == (d->status == AUTH0LOGOUT_E_NOT_ALLOWED),
	      "hint %s on a %s decision", d->hint ? "present" : "absent",
	      fuzz_name(d->status));
	CHECK(d->list == AUTH0LOGOUT_LIST_NONE ||
	          d->list == AUTH0LOGOUT_LIST_TENANT ||
	          d->list == AUTH0LOGOUT_LIST_CLIENT,
	      "list %d", (int)d->list);
	CHECK(d->federated == 0 || d->federated == 1, "federated %d",
	      d->federated);
	switch (d->outcome) {
	case AUTH0LOGOUT_OUTCOME_REDIRECT:
		CHECK(d->http_status == 302, "redirect with HTTP %d",
		      d->http_status);
		CHECK(d->location && d->location_len > 0,
		      "redirect without a location");
		CHECK(d->matched && d->matched_len > 0,
		      "redirect without a matched entry");
		CHECK(d->status == AUTH0LOGOUT_OK &&
		          d->error == AUTH0LOGOUT_ERROR_NONE &&
		          !d->error_description,
		      "redirect with an error");
		CHECK(d->list != AUTH0LOGOUT_LIST_NONE,
		      "redirect without a list");
		for (size_t i = 0; i < d->location_len; i++) {
			unsigned char c = (unsigned char)d->location[i];
			CHECK(c > 0x20 && c < 0x7f,
			      "Location byte 0x%02X at %zu is not header-safe",
			      c, i);
		}
		break;
	case AUTH0LOGOUT_OUTCOME_LOGGED_OUT:
		CHECK(d->http_status == 200, "logged_out with HTTP %d",
		      d->http_status);
		CHECK(!d->location && !d->matched,
		      "logged_out with a location or matched entry");
		CHECK(d->status == AUTH0LOGOUT_OK &&
		          d->error == AUTH0LOGOUT_ERROR_NONE &&
		          !d->error_description,
		      "logged_out with an error");
		break;
	case AUTH0LOGOUT_OUTCOME_ERROR:
		CHECK((d->http_status == 400 &&
		       d->error == AUTH0LOGOUT_ERROR_INVALID_REQUEST) ||
		          (d->http_status == 500 &&
		           d->error == AUTH0LOGOUT_ERROR_SERVER_ERROR),
		      "error with HTTP %d and error %d", d->http_status,
		      (int)d->error);
		CHECK(d->status != AUTH0LOGOUT_OK, "error with status ok");
		CHECK(d->error_description && d->error_description_len > 0,
		      "error without a description");
		CHECK(!d->location && d->location_len == 0 && !d->matched,
		      "error with a location or matched entry");
		CHECK(d->federated == 0, "error with federated %d",
		      d->federated);
		break;
	default:
		CHECK(0, "outcome %d", (int)d->outcome);
	}
}

#endif /* FUZZ_DECISION_BUF */

#endif
