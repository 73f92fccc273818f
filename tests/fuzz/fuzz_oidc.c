/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the /oidc/logout decision (SPEC R8, with R4 for the
 * URI) through auth0logout_decide_oidc_query, the in-memory store and a
 * verifier of the test's own.
 *
 * Input: the first line is a comma-separated allow-list (the dashboard
 * form), used as the tenant's list and as the list of a client "c1"
 * (client "c2" has an empty list); the rest is the request, decided twice:
 * as a GET query (a query string, request target or URL, R1.1; prompts
 * enabled) and as a POST form body (AUTH0LOGOUT_OIDC_FORM; with
 * AUTH0LOGOUT_OIDC_NO_PROMPT).  An allow-list that does not compile gives
 * both lists empty.
 *
 * The verifier reads the token's bytes: "v" then ";name=value" claims
 * (aud, azp, sid; n=<digit> the audience count) verifies, with the claims
 * as views into the scratch it is handed; "f" fails (a key store down),
 * "z" returns a status a verifier must not return, anything else does not
 * verify.
 *
 * Invariants, for each of the two decisions:
 *   - the return value is out.status and has a name; outcome, HTTP status
 *     and error agree: redirect => 302, location and matched, no error;
 *     logged_out => 200, no location; error => 400 invalid_request or
 *     500 server_error, a description, no location, no matched entry,
 *     federated 0 and confirm 0; a hint exactly on not_allowed;
 *   - every string is NUL-terminated at its length and lies in the
 *     caller's buffer; every claim the verifier handed out was released;
 *   - deciding again into a buffer filled differently, and deciding the
 *     parsed request with auth0logout_decide_oidc, give the same decision;
 *   - a redirect's Location has no byte <= 0x20 or >= 0x7F (R6.2);
 *   - the decision table (R8.1-R8.6) against a naive oracle, in the
 *     library's order: a request that does not parse is that error; a URI
 *     without '*' is refused by R4 exactly when auth0logout_entry_check
 *     refuses it; a URI with '#' is never a redirect (R8.4); the token's
 *     verdict; client_id against the token's client; logout_hint against
 *     its sid; an unknown client; then the list (R8.3) and the outcome
 *     (R8.5);
 *   - a redirect to the URI goes to the URI with R4.7's bytes
 *     percent-encoded, followed, when state was given, by '?' or '&' (as
 *     the URI has a query or not), "state=" and the state with every byte
 *     but ALPHA DIGIT - . _ ~ as %XX (R8.6): so the Location has exactly
 *     one more "state=" parameter than the URI, and nothing after it but
 *     unreserved bytes and escapes; the matched entry is the first entry
 *     whose scheme, host (case-insensitively for http(s), one label for a
 *     wildcard), port and path are the URI's and whose query is the URI's
 *     exactly (R8.4), and the Location starts with that entry's
 *     "scheme://authority/path?query" (case-insensitively where R4.5 says
 *     so);
 *   - a redirect without a URI goes to the client's first entry, R4.7
 *     applied, without the state;
 *   - confirm (R8.7, no session): 1 unless an id_token_hint verified or
 *     prompts are off.
 * The matching oracle is fuzz_decide.c's, plus the query.
 */
#include "fuzz_common.h"

#define BUF AUTH0LOGOUT_OIDC_BUFFER_SIZE

static char *buf1, *buf2, *buf3;
static int ok_calls, release_calls;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Allocated once; still reachable at exit, so not a leak. */
	buf1 = fuzz_xmalloc(BUF);
	buf2 = fuzz_xmalloc(BUF);
	buf3 = fuzz_xmalloc(BUF);
	return 0;
}

static const char *name(auth0logout_status st)
{
	return auth0logout_status_name(st);
}

static int is_url_status(auth0logout_status st)
{
	return st >= AUTH0LOGOUT_E_URL_TOO_LONG &&
	       st <= AUTH0LOGOUT_E_URL_TOO_COMPLEX;
}

static int str_eq(const char *a, size_t an, const char *b, size_t bn)
{
	if ((a == NULL) != (b == NULL) || an != bn)
		return 0;
	return a == NULL || memcmp(a, b, an) == 0;
}

/* ---- the verifier ------------------------------------------------------- */

struct claims_seen {
	const char *azp, *aud, *sid;
	size_t azp_len, aud_len, sid_len, aud_count;
};

/* The claims of a "v" token, as views into s (the token or a copy). */
static void read_claims(const char *s, size_t n, struct claims_seen *c)
{
	memset(c, 0, sizeof *c);
	size_t i = 1;
	while (i < n) {
		size_t k = i + 1, e = k;
		while (e < n && s[e] != ';')
			e++;
		const char *eq = memchr(s + k, '=', e - k);
		if (eq) {
			size_t kn = (size_t)(eq - (s + k));
			const char *v = eq + 1;
			size_t vn = (size_t)(s + e - v);
			if (kn == 3 && memcmp(s + k, "aud", 3) == 0) {
				c->aud = v;
				c->aud_len = vn;
				if (c->aud_count == 0)
					c->aud_count = 1;
			} else if (kn == 3 && memcmp(s + k, "azp", 3) == 0) {
				c->azp = v;
				c->azp_len = vn;
			} else if (kn == 3 && memcmp(s + k, "sid", 3) == 0) {
				c->sid = v;
				c->sid_len = vn;
			} else if (kn == 1 && s[k] == 'n' && vn > 0 &&
			           v[0] >= '0' && v[0] <= '9') {
				c->aud_count = (size_t)(v[0] - '0');
			}
		}
		i = e;
	}
}

static int fuzz_verify(void *ctx, const char *tok, size_t n, char *scratch,
                       size_t scratch_len, auth0logout_claims *c)
{
	(void)ctx;
	CHECK(scratch_len == AUTH0LOGOUT_VERIFIER_SCRATCH_SIZE &&
	          ((uintptr_t)scratch % 16) == 0,
	      "verifier scratch of %zu bytes at %p", scratch_len,
	      (void *)scratch);
	CHECK(n > 0 && n <= AUTH0LOGOUT_MAX_ID_TOKEN_HINT,
	      "the verifier was handed %zu bytes", n);
	switch (tok[0]) {
	case 'v':
		break;
	case 'f':
		return AUTH0LOGOUT_E_VERIFIER_FAILED;
	case 'z':
		return 12345;
	default:
		return AUTH0LOGOUT_E_OIDC_TOKEN_INVALID;
	}
	memcpy(scratch, tok, n);
	struct claims_seen s;
	read_claims(scratch, n, &s);
	c->azp = s.azp;
	c->azp_len = s.azp_len;
	c->aud = s.aud;
	c->aud_len = s.aud_len;
	c->aud_count = s.aud_count;
	c->sid = s.sid;
	c->sid_len = s.sid_len;
	ok_calls++;
	return AUTH0LOGOUT_OK;
}

static void fuzz_release(void *ctx, const auth0logout_claims *c)
{
	(void)ctx;
	(void)c;
	release_calls++;
}

static const auth0logout_verifier verifier = {NULL, fuzz_verify, fuzz_release};

/* ---- the decision's shape ----------------------------------------------- */

static void dump_decision(const char *label, const auth0logout_decision *d)
{
	fprintf(stderr,
	        "  %s: outcome %d, http %d, status %s, error %d, list %d, "
	        "federated %d, confirm %d\n",
	        label, (int)d->outcome, d->http_status, name(d->status),
	        (int)d->error, (int)d->list, d->federated, d->confirm);
	fuzz_dump("location", d->location, d->location_len);
	fuzz_dump("matched", d->matched, d->matched_len);
	fuzz_dump("client_id", d->client_id, d->client_id_len);
	fuzz_dump("description", d->error_description,
	          d->error_description_len);
	fuzz_dump("hint", d->hint, d->hint_len);
}

static void check_string(const char *what, const char *s, size_t n,
                         const char *buf)
{
	if (!s) {
		CHECK(n == 0, "%s is NULL with length %zu", what, n);
		return;
	}
	CHECK(s >= buf && n < BUF && (size_t)(s - buf) < BUF - n,
	      "%s [%p, +%zu] is not in the buffer [%p, +%u)", what,
	      (const void *)s, n, (const void *)buf, BUF);
	CHECK(s[n] == '\0', "%s is not NUL-terminated at its length %zu", what,
	      n);
	CHECK(memchr(s, '\0', n) == NULL, "%s holds a NUL before its end",
	      what);
}

static void check_shape(const auth0logout_decision *d, auth0logout_status ret,
                        const char *buf)
{
	CHECK(ret == d->status, "returned %s, decision says %s", name(ret),
	      name(d->status));
	CHECK(strcmp(name(ret), "unknown") != 0, "status %d has no name",
	      (int)ret);
	check_string("location", d->location, d->location_len, buf);
	check_string("matched", d->matched, d->matched_len, buf);
	check_string("error_description", d->error_description,
	             d->error_description_len, buf);
	check_string("hint", d->hint, d->hint_len, buf);
	check_string("client_id", d->client_id, d->client_id_len, buf);
	check_string("locale", d->locale, d->locale_len, buf);
	CHECK((d->hint != NULL) == (d->status == AUTH0LOGOUT_E_NOT_ALLOWED),
	      "hint %s on a %s decision", d->hint ? "present" : "absent",
	      name(d->status));
	CHECK(d->list == AUTH0LOGOUT_LIST_NONE ||
	          d->list == AUTH0LOGOUT_LIST_TENANT ||
	          d->list == AUTH0LOGOUT_LIST_CLIENT,
	      "list %d", (int)d->list);
	CHECK((d->client_id != NULL) == (d->list == AUTH0LOGOUT_LIST_CLIENT),
	      "client_id %s with list %d", d->client_id ? "set" : "NULL",
	      (int)d->list);
	CHECK(d->confirm == 0 || d->confirm == 1, "confirm %d", d->confirm);
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
		CHECK(d->confirm == 0, "an error asks for consent");
		break;
	default:
		CHECK(0, "outcome %d", (int)d->outcome);
	}
	CHECK(ok_calls == release_calls,
	      "%d verified tokens, %d releases: claims not released", ok_calls,
	      release_calls);
}

static void check_same(const char *what, const auth0logout_decision *a,
                       const auth0logout_decision *b)
{
	int same =
	    a->outcome == b->outcome && a->http_status == b->http_status &&
	    a->federated == b->federated && a->status == b->status &&
	    a->error == b->error && a->list == b->list &&
	    a->confirm == b->confirm &&
	    str_eq(a->location, a->location_len, b->location,
	           b->location_len) &&
	    str_eq(a->matched, a->matched_len, b->matched, b->matched_len) &&
	    str_eq(a->error_description, a->error_description_len,
	           b->error_description, b->error_description_len) &&
	    str_eq(a->hint, a->hint_len, b->hint, b->hint_len) &&
	    str_eq(a->client_id, a->client_id_len, b->client_id,
	           b->client_id_len) &&
	    str_eq(a->locale, a->locale_len, b->locale, b->locale_len);
	if (!same) {
		dump_decision("first", a);
		dump_decision("second", b);
	}
	CHECK(same, "%s: the decisions differ", what);
}

/* ---- the matching oracle (R4.8, R5.4, R8.4) ----------------------------- */

static int is_label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void host_port(const char *a, size_t n, size_t *host_len,
                      const char **port, size_t *port_len)
{
	const char *c = memchr(a, ':', n);
	*host_len = c ? (size_t)(c - a) : n;
	*port = c ? c + 1 : NULL;
	*port_len = c ? n - *host_len - 1 : 0;
}

/* Whether the wildcard entry e admits the URL l's scheme and authority:
 * same scheme, same port as written, and a host "<label>.<parent>" where
 * <label> is prefix, one or more label characters, suffix. */
static int wildcard_authority_ok(const char *e, const struct fuzz_parts *ep,
                                 const char *l, const struct fuzz_parts *lp)
{
	if (!ep->has_authority || !lp->has_authority ||
	    !fuzz_eq_nocase(e, ep->scheme_len, l, lp->scheme_len))
		return 0;
	size_t eh, lh, epl, lpl;
	const char *eport, *lport;
	host_port(e + ep->auth_off, ep->auth_len, &eh, &eport, &epl);
	host_port(l + lp->auth_off, lp->auth_len, &lh, &lport, &lpl);
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
		if (!is_label_char((unsigned char)lhost[i]))
			return 0;
	return 1;
}

/* Whether two "scheme:" or "scheme://authority" prefixes are the same
 * origin: the scheme without regard to case, the authority too for http(s)
 * and exactly for any other scheme (R4.5). */
static int origin_eq(const char *a, const struct fuzz_parts *ap, const char *b,
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
static const char *query_of(const char *s, size_t n, const struct fuzz_parts *p,
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

/* Whether entry e (as written) admits the URL u (R4.7 applied, no
 * fragment) by R8.4: origin (or wildcard), path exactly, query exactly
 * (the entry's fragment ignored). */
static int oracle_match(const char *e, size_t en, const char *u, size_t un)
{
	size_t nn;
	char *norm = fuzz_r47(e, en, &nn);
	struct fuzz_parts ep = fuzz_split(norm, nn);
	struct fuzz_parts up = fuzz_split(u, un);
	int ok = ep.found && up.found;
	if (ok) {
		if (memchr(e, '*', en))
			ok = wildcard_authority_ok(norm, &ep, u, &up);
		else
			ok = origin_eq(norm, &ep, u, &up);
	}
	ok = ok && ep.path_len == up.path_len &&
	     memcmp(norm + ep.path_off, u + up.path_off, ep.path_len) == 0;
	if (ok) {
		int eh, uh;
		size_t eql, uql;
		const char *eq = query_of(norm, nn, &ep, &eh, &eql);
		const char *uq = query_of(u, un, &up, &uh, &uql);
		ok =
		    eh == uh && eql == uql && (!eh || memcmp(eq, uq, eql) == 0);
	}
	free(norm);
	return ok;
}

/* The Location starts with the matched entry's "scheme://authority/path"
 * and query, R4.7 applied, compared as R4.5 says (for a wildcard entry,
 * the authority fits it). */
static void check_entry_prefix(const auth0logout_decision *d, size_t uri_len)
{
	size_t nn;
	char *norm = fuzz_r47(d->matched, d->matched_len, &nn);
	struct fuzz_parts ep = fuzz_split(norm, nn);
	struct fuzz_parts lp = fuzz_split(d->location, uri_len);
	CHECK(ep.found && lp.found, "Location or matched entry has no scheme");
	if (memchr(d->matched, '*', d->matched_len))
		CHECK(wildcard_authority_ok(norm, &ep, d->location, &lp),
		      "the Location's origin does not fit the wildcard entry "
		      "\"%s\": \"%s\"",
		      d->matched, d->location);
	else
		CHECK(origin_eq(d->location, &lp, norm, &ep),
		      "the Location's origin \"%.*s\" is not the entry's "
		      "\"%.*s\"",
		      (int)lp.prefix_len, d->location, (int)ep.prefix_len,
		      norm);
	/* The path and query: the entry's up to its fragment. */
	const char *hash = memchr(norm + ep.path_off, '#', nn - ep.path_off);
	size_t tail = (hash ? (size_t)(hash - norm) : nn) - ep.path_off;
	CHECK(uri_len - lp.path_off == tail &&
	          memcmp(d->location + lp.path_off, norm + ep.path_off, tail) ==
	              0,
	      "the Location's path and query \"%.*s\" are not the entry's "
	      "\"%.*s\"",
	      (int)(uri_len - lp.path_off), d->location + lp.path_off,
	      (int)tail, norm + ep.path_off);
	free(norm);
}

/* ---- R8.6 -------------------------------------------------------------- */

static int unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

/* u (a NUL-terminated R4.7 URI) with "?state=" or "&state=" and the
 * encoded state appended. */
static char *with_state(const char *u, size_t un, const char *s, size_t sn,
                        size_t *len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *o = fuzz_xmalloc(un + 7 + 3 * sn + 1);
	memcpy(o, u, un);
	size_t k = un;
	o[k++] = memchr(u, '?', un) ? '&' : '?';
	memcpy(o + k, "state=", 6);
	k += 6;
	for (size_t i = 0; i < sn; i++) {
		unsigned char c = (unsigned char)s[i];
		if (unreserved(c)) {
			o[k++] = (char)c;
		} else {
			o[k++] = '%';
			o[k++] = hex[c >> 4];
			o[k++] = hex[c & 15];
		}
	}
	o[k] = '\0';
	*len = k;
	return o;
}

/* How many parameters named "state" the query of s has. */
static size_t state_params(const char *s, size_t n)
{
	const char *q = memchr(s, '?', n);
	size_t count = 0;
	if (!q)
		return 0;
	for (size_t i = (size_t)(q - s) + 1; i < n;) {
		if (n - i >= 6 && memcmp(s + i, "state=", 6) == 0)
			count++;
		const char *amp = memchr(s + i, '&', n - i);
		if (!amp)
			break;
		i = (size_t)(amp - s) + 1;
	}
	return count;
}

/* ---- the decision table ------------------------------------------------- */

struct world {
	const auth0logout_store *store;
	const auth0logout_allowlist *list; /* tenant's = c1's */
};

static int is_client(const char *s, size_t n, const char *id)
{
	return n == strlen(id) && memcmp(s, id, n) == 0;
}

static void expect_error(const auth0logout_decision *d, auth0logout_status st,
                         const char *why)
{
	if (d->status != st || d->outcome != AUTH0LOGOUT_OUTCOME_ERROR)
		dump_decision("decision", d);
	CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_ERROR && d->status == st,
	      "%s: want %s, the decision says %s", why, name(st),
	      name(d->status));
}

static void check_table(const struct world *w, const auth0logout_decision *d,
                        const char *in, size_t n, unsigned flags,
                        unsigned env_flags)
{
	char *copy = fuzz_copy(in, n);
	char *scratch = fuzz_xmalloc(n);
	auth0logout_oidc_request r;
	auth0logout_diag pd;
	auth0logout_status pst =
	    auth0logout_oidc_request_parse(copy, n, flags, scratch, n, &r, &pd);
	char *uri = NULL, *expect = NULL;
	size_t uri_len = 0, expect_len = 0;

	if (pst != AUTH0LOGOUT_OK) {
		expect_error(d, pst, "the request does not parse");
		CHECK(d->http_status == 400 && d->list == AUTH0LOGOUT_LIST_NONE,
		      "a parse error with HTTP %d, list %d", d->http_status,
		      (int)d->list);
		goto out;
	}
	int has_uri = r.post_logout_redirect_uri_len > 0;
	int token = r.id_token_hint_len > 0;
	if (has_uri) {
		uri = fuzz_r47(r.post_logout_redirect_uri,
		               r.post_logout_redirect_uri_len, &uri_len);
		/* R8.4: never to a URI with a fragment. */
		if (memchr(r.post_logout_redirect_uri, '#',
		           r.post_logout_redirect_uri_len))
			CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_ERROR,
			      "a URI with a '#' gave outcome %d (%s)",
			      (int)d->outcome, d->location);
	}

	/* R4 on the URI (entries and URIs share it; '*' is an entry's). */
	if (has_uri && !memchr(r.post_logout_redirect_uri, '*',
	                       r.post_logout_redirect_uri_len)) {
		auth0logout_diag ed;
		auth0logout_status est = auth0logout_entry_check(
		    r.post_logout_redirect_uri, r.post_logout_redirect_uri_len,
		    &ed);
		if (est == AUTH0LOGOUT_E_ENTRY_NO_SCHEME)
			est = AUTH0LOGOUT_E_URL_NO_SCHEME;
		if (est != AUTH0LOGOUT_OK) {
			expect_error(d, est, "entry_check refuses the URI");
			goto out;
		}
		CHECK(!is_url_status(d->status),
		      "entry_check accepts the URI, the decision refuses it "
		      "(%s)",
		      name(d->status));
	}
	if (is_url_status(d->status)) {
		CHECK(has_uri && d->list == AUTH0LOGOUT_LIST_NONE,
		      "URL status %s (list %d)", name(d->status), (int)d->list);
		goto out;
	}
	if (has_uri && memchr(uri, '#', uri_len)) {
		expect_error(d, AUTH0LOGOUT_E_OIDC_URI_FRAGMENT,
		             "an acceptable URI with a fragment");
		goto out;
	}

	/* R8.10, R8.2: the token's client T. */
	const char *t = NULL;
	size_t tn = 0;
	if (token) {
		char tk = r.id_token_hint[0];
		if (tk == 'f' || tk == 'z') {
			expect_error(d, AUTH0LOGOUT_E_VERIFIER_FAILED,
			             "the verifier failed");
			CHECK(d->http_status == 500,
			      "verifier failure: HTTP %d", d->http_status);
			goto out;
		}
		if (tk != 'v') {
			expect_error(d, AUTH0LOGOUT_E_OIDC_TOKEN_INVALID,
			             "the token does not verify");
			goto out;
		}
		struct claims_seen c;
		read_claims(r.id_token_hint, r.id_token_hint_len, &c);
		if (c.azp_len) {
			t = c.azp;
			tn = c.azp_len;
		} else if (c.aud_count == 1 && c.aud_len) {
			t = c.aud;
			tn = c.aud_len;
		}
		auth0logout_diag cd;
		if (!t ||
		    auth0logout_client_id_check(t, tn, &cd) != AUTH0LOGOUT_OK) {
			expect_error(d, AUTH0LOGOUT_E_OIDC_TOKEN_INVALID,
			             "the token names no usable client");
			goto out;
		}
		if (r.logout_hint_len &&
		    !(c.sid_len == r.logout_hint_len &&
		      memcmp(c.sid, r.logout_hint, c.sid_len) == 0)) {
			expect_error(d, AUTH0LOGOUT_E_OIDC_LOGOUT_HINT,
			             "logout_hint is not the token's sid");
			goto out;
		}
	}
	const char *client = NULL;
	size_t client_len = 0;
	if (r.client_id_len) {
		if (t && !str_eq(t, tn, r.client_id, r.client_id_len)) {
			expect_error(d, AUTH0LOGOUT_E_OIDC_CLIENT_MISMATCH,
			             "client_id is not the token's client");
			goto out;
		}
		client = r.client_id;
		client_len = r.client_id_len;
	} else if (t) {
		client = t;
		client_len = tn;
	}
	const auth0logout_allowlist *list = NULL;
	if (client) {
		if (is_client(client, client_len, "c1"))
			list = w->list;
		else if (!is_client(client, client_len, "c2")) {
			expect_error(d, AUTH0LOGOUT_E_UNKNOWN_CLIENT,
			             "an unknown client");
			CHECK(d->list == AUTH0LOGOUT_LIST_NONE,
			      "unknown client with list %d", (int)d->list);
			goto out;
		}
	} else if (has_uri) {
		list = w->list;
	}
	CHECK(d->status != AUTH0LOGOUT_E_STORE_FAILED, "the memstore failed");

	/* R8.3 */
	auth0logout_list_kind want_list = client    ? AUTH0LOGOUT_LIST_CLIENT
	                                  : has_uri ? AUTH0LOGOUT_LIST_TENANT
	                                            : AUTH0LOGOUT_LIST_NONE;
	CHECK(d->list == want_list, "list %d, want %d", (int)d->list,
	      (int)want_list);
	if (client)
		CHECK(
		    str_eq(d->client_id, d->client_id_len, client, client_len),
		    "the decision's client_id is not the client");
	size_t count = auth0logout_allowlist_count(list);

	if (!has_uri) {
		/* R8.5: the client's first entry, never with the state. */
		size_t n0 = 0;
		const char *e0 =
		    client ? auth0logout_allowlist_entry(list, 0, &n0) : NULL;
		if (!e0 || memchr(e0, '*', n0)) {
			if (d->outcome != AUTH0LOGOUT_OUTCOME_LOGGED_OUT)
				dump_decision("decision", d);
			CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_LOGGED_OUT,
			      "no URI, %s: not logged_out",
			      !client ? "no client"
			      : e0    ? "the list starts with a wildcard"
			              : "an empty list");
		} else {
			expect = fuzz_r47(e0, n0, &expect_len);
			if (d->outcome != AUTH0LOGOUT_OUTCOME_REDIRECT ||
			    !str_eq(d->location, d->location_len, expect,
			            expect_len) ||
			    !str_eq(d->matched, d->matched_len, e0, n0))
				dump_decision("decision", d);
			CHECK(
			    d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT &&
			        str_eq(d->location, d->location_len, expect,
			               expect_len) &&
			        str_eq(d->matched, d->matched_len, e0, n0),
			    "no URI: not a redirect to the first entry \"%s\" "
			    "without state",
			    e0);
		}
	} else {
		size_t first = (size_t)-1;
		for (size_t i = 0; i < count && first == (size_t)-1; i++) {
			size_t en;
			const char *e =
			    auth0logout_allowlist_entry(list, i, &en);
			if (oracle_match(e, en, uri, uri_len))
				first = i;
		}
		if (first == (size_t)-1) {
			expect_error(d, AUTH0LOGOUT_E_NOT_ALLOWED,
			             "no entry matches by the oracle");
			static const char head[] =
			    "The \"post_logout_redirect_uri\" querystring "
			    "parameter \"";
			CHECK(d->error_description_len >=
			              sizeof head - 1 + uri_len &&
			          memcmp(d->error_description, head,
			                 sizeof head - 1) == 0 &&
			          memcmp(d->error_description + sizeof head - 1,
			                 uri, uri_len) == 0,
			      "the not-allowed text does not name the URI: %s",
			      d->error_description);
			goto out;
		}
		size_t en;
		const char *e = auth0logout_allowlist_entry(list, first, &en);
		if (r.state_len)
			expect = with_state(uri, uri_len, r.state, r.state_len,
			                    &expect_len);
		else
			expect = fuzz_r47(r.post_logout_redirect_uri,
			                  r.post_logout_redirect_uri_len,
			                  &expect_len);
		if (d->outcome != AUTH0LOGOUT_OUTCOME_REDIRECT ||
		    !str_eq(d->matched, d->matched_len, e, en) ||
		    !str_eq(d->location, d->location_len, expect, expect_len)) {
			dump_decision("decision", d);
			fuzz_dump("expected Location", expect, expect_len);
		}
		CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT,
		      "entry %zu \"%s\" matches \"%s\" by the oracle, the "
		      "decision says %s",
		      first, e, uri, name(d->status));
		CHECK(str_eq(d->matched, d->matched_len, e, en),
		      "the first match by the oracle is entry %zu \"%s\"",
		      first, e);
		CHECK(str_eq(d->location, d->location_len, expect, expect_len),
		      "the Location is not the URI with R4.7 applied and the "
		      "state appended (R8.6)");
		check_entry_prefix(d, uri_len);
		/* The state stays in one parameter. */
		CHECK(state_params(d->location, d->location_len) ==
		          state_params(uri, uri_len) + (r.state_len ? 1 : 0),
		      "the Location has %zu state parameters, the URI %zu",
		      state_params(d->location, d->location_len),
		      state_params(uri, uri_len));
		for (size_t i = uri_len + (r.state_len ? 7 : 0);
		     i < d->location_len; i++)
			CHECK(unreserved((unsigned char)d->location[i]) ||
			          d->location[i] == '%',
			      "byte %zu '%c' of the Location's state", i,
			      d->location[i]);
	}
	if (d->outcome != AUTH0LOGOUT_OUTCOME_ERROR) {
		CHECK(d->federated == (r.federated != 0), "federated differs");
		int want =
		    (env_flags & AUTH0LOGOUT_OIDC_NO_PROMPT) ? 0 : !token;
		CHECK(d->confirm == want,
		      "confirm %d, want %d (R8.7, no session, token %d)",
		      d->confirm, want, token);
	}
out:
	free(expect);
	free(uri);
	free(scratch);
	free(copy);
}

/* ---- the target ---------------------------------------------------------- */

static auth0logout_allowlist *compile(const char *csv, size_t n)
{
	auth0logout_allowlist *l = NULL;
	auth0logout_diag dg;
	if (auth0logout_allowlist_compile_csv(csv, n, &l, &dg) !=
	    AUTH0LOGOUT_OK)
		return NULL;
	return l;
}

static auth0logout_status decide(const auth0logout_store *store,
                                 const auth0logout_oidc_env *env, const char *q,
                                 size_t n, unsigned flags, char *buf,
                                 auth0logout_decision *d)
{
	char *in = fuzz_copy(q, n);
	memset(d, 0xA5, sizeof *d);
	auth0logout_status st = auth0logout_decide_oidc_query(
	    store, env, in, n, flags, buf, BUF, d);
	free(in);
	check_shape(d, st, buf);
	return st;
}

static void run(const struct world *w, const char *q, size_t qn, unsigned flags,
                unsigned env_flags)
{
	auth0logout_oidc_env env;
	memset(&env, 0, sizeof env);
	env.verifier = &verifier;
	env.flags = env_flags;

	/* Two buffers filled differently: nothing may depend on them. */
	memset(buf1, 0xAA, BUF);
	memset(buf2, 0x55, BUF);
	auth0logout_decision d1, d2;
	decide(w->store, &env, q, qn, flags, buf1, &d1);
	decide(w->store, &env, q, qn, flags, buf2, &d2);
	check_same("deciding twice", &d1, &d2);

	/* The same request, parsed first, through auth0logout_decide_oidc. */
	{
		char *in = fuzz_copy(q, qn);
		char *scratch = fuzz_xmalloc(qn);
		auth0logout_oidc_request r;
		auth0logout_diag pd;
		if (auth0logout_oidc_request_parse(in, qn, flags, scratch, qn,
		                                   &r, &pd) == AUTH0LOGOUT_OK) {
			auth0logout_decision d3;
			memset(&d3, 0xA5, sizeof d3);
			auth0logout_status st3 = auth0logout_decide_oidc(
			    w->store, &env, &r, buf3, BUF, &d3);
			check_shape(&d3, st3, buf3);
			check_same("decide_oidc vs decide_oidc_query", &d1,
			           &d3);
		}
		free(scratch);
		free(in);
	}

	check_table(w, &d1, q, qn, flags, env_flags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t list_len = nl ? (size_t)(nl - s) : size;
	const char *q = nl ? nl + 1 : s + size;
	size_t qn = size - (size_t)(q - s);

	char *csv = fuzz_copy(s, list_len);
	auth0logout_allowlist *tenant = compile(csv, list_len);
	auth0logout_allowlist *client = compile(csv, list_len);
	free(csv);
	CHECK((tenant == NULL) == (client == NULL),
	      "one list compiled and the other did not");

	auth0logout_memstore *ms = auth0logout_memstore_new();
	CHECK(ms != NULL, "memstore_new");
	struct world w;
	w.list = tenant; /* for the oracle; the store owns it */
	CHECK(auth0logout_memstore_set_tenant(ms, tenant) == AUTH0LOGOUT_OK,
	      "set_tenant");
	CHECK(auth0logout_memstore_add_client(ms, "c1", 2, client) ==
	          AUTH0LOGOUT_OK,
	      "add_client");
	CHECK(auth0logout_memstore_add_client(ms, "c2", 2, NULL) ==
	          AUTH0LOGOUT_OK,
	      "add_client");
	auth0logout_store store;
	CHECK(auth0logout_memstore_get(ms, &store) == AUTH0LOGOUT_OK,
	      "memstore_get");
	w.store = &store;

	run(&w, q, qn, 0, 0);
	run(&w, q, qn, AUTH0LOGOUT_OIDC_FORM, AUTH0LOGOUT_OIDC_NO_PROMPT);

	auth0logout_memstore_free(ms);
	return 0;
}
