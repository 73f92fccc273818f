/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the whole decision (SPEC R1-R6) through
 * auth0logout_decide_query and the in-memory store.
 *
 * Input: the first line is a comma-separated allow-list (the dashboard
 * form), used as the tenant's list and as the list of a client "c1"
 * (client "c2" has an empty list); the rest is the query (a query string,
 * request target or URL, R1.1).  An allow-list that does not compile gives both
 * an empty list.
 *
 * Invariants:
 *   - the return value is out.status and has a name; outcome, HTTP status
 *     and error agree: redirect => 302, location and matched non-NULL,
 *     no error; logged_out => 200, no location, no error; error => 400
 *     (invalid_request) or 500 (server_error), a description, no location,
 *     federated 0;
 *   - every string is NUL-terminated at its length, holds no NUL, and lies
 *     in the caller's buffer (a decision never points into the store);
 *     a hint is present exactly on not_allowed decisions;
 *   - a redirect's Location is only bytes 0x21-0x7E (R6.2);
 *   - deciding twice (into another buffer filled differently) and
 *     deciding the parsed request with auth0logout_decide give identical
 *     decisions (every field, every string);
 *   - the decision table (R2, R3) against a naive oracle: a request that
 *     does not parse is that parse error; no parameters => logged_out;
 *     an unknown client => unknown_client (unless returnTo is invalid); a
 *     returnTo without '*' is invalid exactly when entry_check refuses it
 *     (same reason); client "c2" (empty list) never redirects, even to
 *     a URL on the tenant's list (R2.1); with client "c1" and no
 *     returnTo => the first entry
 *     (logged_out when the list is empty or starts with a wildcard); a
 *     valid returnTo => redirect to the first entry that matches by the
 *     oracle below, or not_allowed when none does;
 *   - a redirect goes to the returnTo (or first entry) with R4.7's bytes
 *     percent-encoded, and the matched entry is the list's entry of that
 *     index as written;
 *   - the Location's "scheme://host[:port]" equals the matched entry's
 *     case-insensitively (exact entries), or has the same scheme and port
 *     and a host whose first label fits the entry's "prefix*suffix" and
 *     whose rest equals the entry's parent domain (wildcard entries); the
 *     paths are equal after R4.7 (R4.8);
 *   - normalization is idempotent: deciding "returnTo=<Location
 *     percent-encoded>" with the same client_id and federated flag gives
 *     the same redirect (Locations longer than R1.8's 4096 bytes, which
 *     R4.7 can produce from a shorter returnTo, cannot be sent back and
 *     are skipped);
 *   - each exact entry (of the first four), sent as returnTo without a
 *     client_id, redirects to itself (R4.7 applied) and names the first
 *     entry that matches it.
 * Heap use while deciding is not checked here (ASan owns malloc; see
 * tests/unit/test_noalloc.c).
 */
#include "fuzz_common.h"

#define BUF AUTH0LOGOUT_DECIDE_BUFFER_SIZE

static char *buf1, *buf2, *buf3;

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

static void dump_decision(const char *label, const auth0logout_decision *d)
{
	fprintf(stderr,
	        "  %s: outcome %d, http %d, status %s, error %d, list %d, "
	        "federated %d\n",
	        label, (int)d->outcome, d->http_status, name(d->status),
	        (int)d->error, (int)d->list, d->federated);
	fuzz_dump("location", d->location, d->location_len);
	fuzz_dump("matched", d->matched, d->matched_len);
	fuzz_dump("description", d->error_description,
	          d->error_description_len);
	fuzz_dump("hint", d->hint, d->hint_len);
}

/* A string of the decision: NULL with length 0, or NUL-terminated at its
 * length with no NUL inside, in [buf, buf + BUF). */
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
	/* A hint explains a not_allowed error, and only that. */
	CHECK((d->hint != NULL) == (d->status == AUTH0LOGOUT_E_NOT_ALLOWED),
	      "hint %s on a %s decision", d->hint ? "present" : "absent",
	      name(d->status));
	CHECK(d->list == AUTH0LOGOUT_LIST_NONE ||
	          d->list == AUTH0LOGOUT_LIST_TENANT ||
	          d->list == AUTH0LOGOUT_LIST_CLIENT,
	      "list %d", (int)d->list);
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
			CHECK(c >= 0x21 && c < 0x7f,
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
		CHECK(!d->location && !d->matched,
		      "error with a location or matched entry");
		CHECK(d->federated == 0, "error with federated %d",
		      d->federated);
		break;
	default:
		CHECK(0, "outcome %d", (int)d->outcome);
	}
	CHECK(d->federated == 0 || d->federated == 1, "federated %d",
	      d->federated);
}

static int str_eq(const char *a, size_t an, const char *b, size_t bn)
{
	if ((a == NULL) != (b == NULL) || an != bn)
		return 0;
	return a == NULL || memcmp(a, b, an) == 0;
}

static void check_same(const char *what, const auth0logout_decision *a,
                       const auth0logout_decision *b)
{
	int same =
	    a->outcome == b->outcome && a->http_status == b->http_status &&
	    a->federated == b->federated && a->status == b->status &&
	    a->error == b->error && a->list == b->list &&
	    str_eq(a->location, a->location_len, b->location,
	           b->location_len) &&
	    str_eq(a->matched, a->matched_len, b->matched, b->matched_len) &&
	    str_eq(a->error_description, a->error_description_len,
	           b->error_description, b->error_description_len) &&
	    str_eq(a->hint, a->hint_len, b->hint, b->hint_len);
	if (!same) {
		dump_decision("first", a);
		dump_decision("second", b);
	}
	CHECK(same, "%s: the decisions differ", what);
}

/* ---- the matching oracle (R4.8, R5.4) ----------------------------------- */

static int is_label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Splits an authority "host[:port]" (no IPv6 here) at its first ':'. */
static void host_port(const char *a, size_t n, size_t *host_len,
                      const char **port, size_t *port_len)
{
	const char *c = memchr(a, ':', n);
	*host_len = c ? (size_t)(c - a) : n;
	*port = c ? c + 1 : NULL;
	*port_len = c ? n - *host_len - 1 : 0;
}

/* Whether the wildcard entry e (as written) admits the Location's scheme
 * and authority: same scheme, same port as written, and a host
 * "<label>.<parent>" where <label> is prefix, one or more label
 * characters, suffix. */
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

/* Whether Location loc (normalized) matches entry e (as written). */
static int oracle_match(const char *e, size_t en, const char *loc, size_t ln)
{
	size_t nn;
	char *norm = fuzz_r47(e, en, &nn);
	struct fuzz_parts ep = fuzz_split(norm, nn);
	struct fuzz_parts lp = fuzz_split(loc, ln);
	int ok = ep.found && lp.found;
	if (ok) {
		if (memchr(e, '*', en))
			ok = wildcard_authority_ok(norm, &ep, loc, &lp);
		else
			ok = origin_eq(norm, &ep, loc, &lp);
	}
	ok = ok && ep.path_len == lp.path_len &&
	     memcmp(norm + ep.path_off, loc + lp.path_off, ep.path_len) == 0;
	free(norm);
	return ok;
}

/* The brief's explicit check: the Location's scheme://host[:port] against
 * the matched entry's, for exact and wildcard entries. */
static void check_origin(const auth0logout_decision *d)
{
	struct fuzz_parts lp = fuzz_split(d->location, d->location_len);
	struct fuzz_parts mp = fuzz_split(d->matched, d->matched_len);
	CHECK(lp.found && mp.found, "Location or matched entry has no scheme");
	if (memchr(d->matched, '*', d->matched_len)) {
		CHECK(wildcard_authority_ok(d->matched, &mp, d->location, &lp),
		      "the Location's origin does not fit the wildcard entry "
		      "\"%s\": \"%s\"",
		      d->matched, d->location);
	} else {
		CHECK(origin_eq(d->location, &lp, d->matched, &mp),
		      "the Location's origin \"%.*s\" is not the entry's "
		      "\"%.*s\"",
		      (int)lp.prefix_len, d->location, (int)mp.prefix_len,
		      d->matched);
	}
}

/* ---- percent-encoding a value into a query ------------------------------ */

static size_t put_value(char *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_label_char(c) || c == '.' || c == '~') {
			o[k++] = (char)c;
		} else {
			o[k++] = '%';
			o[k++] = hex[c >> 4];
			o[k++] = hex[c & 15];
		}
	}
	return k;
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

static auth0logout_status decide(const auth0logout_store *store, const char *q,
                                 size_t n, char *buf, auth0logout_decision *d)
{
	char *in = fuzz_copy(q, n);
	memset(d, 0xA5, sizeof *d);
	auth0logout_status st =
	    auth0logout_decide_query(store, in, n, buf, BUF, d);
	free(in);
	check_shape(d, st, buf);
	return st;
}

/* The decision table, from the parsed request and the list. */
static void check_table(const auth0logout_decision *d, const char *q, size_t qn,
                        const auth0logout_allowlist *list)
{
	char *in = fuzz_copy(q, qn);
	char *scratch = fuzz_xmalloc(qn);
	auth0logout_request r;
	auth0logout_diag pd;
	auth0logout_status pst =
	    auth0logout_request_parse(in, qn, scratch, qn, &r, &pd);
	char *expect_loc = NULL;
	size_t expect_len = 0;

	if (pst != AUTH0LOGOUT_OK) {
		CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_ERROR &&
		          d->status == pst && d->http_status == 400 &&
		          d->list == AUTH0LOGOUT_LIST_NONE,
		      "the query does not parse (%s), the decision says %s",
		      name(pst), name(d->status));
		goto out;
	}
	int has_rt = r.return_to_len > 0, has_client = r.client_id_len > 0;
	int is_c1 = r.client_id_len == 2 && memcmp(r.client_id, "c1", 2) == 0;
	int is_c2 = r.client_id_len == 2 && memcmp(r.client_id, "c2", 2) == 0;
	/* R2.1: with a client_id only its list counts (c2's is empty). */
	if (is_c2)
		list = NULL;

	if (has_rt && !memchr(r.return_to, '*', r.return_to_len)) {
		/* Entries and returnTo share R4; without '*' they agree. */
		auth0logout_diag ed;
		auth0logout_status est =
		    auth0logout_entry_check(r.return_to, r.return_to_len, &ed);
		if (est == AUTH0LOGOUT_E_ENTRY_NO_SCHEME)
			est = AUTH0LOGOUT_E_URL_NO_SCHEME;
		if (est != AUTH0LOGOUT_OK) {
			CHECK(d->status == est && d->http_status == 400,
			      "entry_check refuses returnTo (%s: %s), the "
			      "decision says %s",
			      name(est), ed.text, name(d->status));
		} else {
			CHECK(!is_url_status(d->status),
			      "entry_check accepts returnTo, the decision "
			      "refuses it (%s)",
			      name(d->status));
		}
	}
	if (is_url_status(d->status)) {
		CHECK(has_rt && d->list == AUTH0LOGOUT_LIST_NONE,
		      "URL status %s (list %d)", name(d->status), (int)d->list);
		goto out;
	}
	CHECK(d->status != AUTH0LOGOUT_E_STORE_FAILED, "the memstore failed");
	if (!has_rt && !has_client) {
		CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_LOGGED_OUT &&
		          d->list == AUTH0LOGOUT_LIST_NONE &&
		          d->federated == r.federated,
		      "no parameters: not logged_out (%s)", name(d->status));
		goto out;
	}
	if (has_client && !is_c1 && !is_c2) {
		CHECK(d->status == AUTH0LOGOUT_E_UNKNOWN_CLIENT &&
		          d->http_status == 400 &&
		          d->list == AUTH0LOGOUT_LIST_NONE,
		      "an unknown client gave %s", name(d->status));
		goto out;
	}
	CHECK(d->list == (has_client ? AUTH0LOGOUT_LIST_CLIENT
	                             : AUTH0LOGOUT_LIST_TENANT),
	      "list %d, client given: %d", (int)d->list, has_client);
	size_t count = auth0logout_allowlist_count(list);

	if (!has_rt) {
		size_t n0 = 0;
		const char *e0 = auth0logout_allowlist_entry(list, 0, &n0);
		if (!e0 || memchr(e0, '*', n0)) {
			CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_LOGGED_OUT &&
			          d->federated == r.federated,
			      "client without returnTo, list %s: not "
			      "logged_out",
			      e0 ? "starting with a wildcard" : "empty");
			goto out;
		}
		expect_loc = fuzz_r47(e0, n0, &expect_len);
		CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT &&
		          d->federated == r.federated &&
		          str_eq(d->location, d->location_len, expect_loc,
		                 expect_len) &&
		          str_eq(d->matched, d->matched_len, e0, n0),
		      "client without returnTo: not a redirect to the first "
		      "entry \"%s\"",
		      e0);
		goto out;
	}

	expect_loc = fuzz_r47(r.return_to, r.return_to_len, &expect_len);
	size_t first = (size_t)-1;
	for (size_t i = 0; i < count && first == (size_t)-1; i++) {
		size_t en;
		const char *e = auth0logout_allowlist_entry(list, i, &en);
		if (oracle_match(e, en, expect_loc, expect_len))
			first = i;
	}
	if (first == (size_t)-1) {
		if (d->outcome != AUTH0LOGOUT_OUTCOME_ERROR)
			dump_decision("decision", d);
		CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_ERROR &&
		          d->status == AUTH0LOGOUT_E_NOT_ALLOWED &&
		          d->http_status == 400,
		      "no entry matches \"%s\" by the oracle, the decision "
		      "says %s",
		      expect_loc, name(d->status));
		static const char head[] =
		    "The \"returnTo\" querystring parameter \"";
		CHECK(d->error_description_len >=
		              sizeof head - 1 + expect_len &&
		          memcmp(d->error_description, head, sizeof head - 1) ==
		              0 &&
		          memcmp(d->error_description + sizeof head - 1,
		                 expect_loc, expect_len) == 0,
		      "the not-allowed text does not name the value: %s",
		      d->error_description);
	} else {
		size_t en;
		const char *e = auth0logout_allowlist_entry(list, first, &en);
		if (d->outcome != AUTH0LOGOUT_OUTCOME_REDIRECT ||
		    !str_eq(d->matched, d->matched_len, e, en))
			dump_decision("decision", d);
		CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT,
		      "entry %zu \"%s\" matches \"%s\" by the oracle, the "
		      "decision says %s",
		      first, e, expect_loc, name(d->status));
		CHECK(str_eq(d->matched, d->matched_len, e, en),
		      "the first match by the oracle is entry %zu \"%s\"",
		      first, e);
		CHECK(str_eq(d->location, d->location_len, expect_loc,
		             expect_len),
		      "the Location is not returnTo with R4.7 applied: "
		      "\"%s\"",
		      expect_loc);
		CHECK(d->federated == r.federated, "federated differs");
	}
out:
	free(expect_loc);
	free(scratch);
	free(in);
}

/* Sends the Location back as returnTo: the same redirect. */
static void check_idempotent(const auth0logout_store *store,
                             const auth0logout_decision *d, const char *q,
                             size_t qn)
{
	if (d->location_len > AUTH0LOGOUT_MAX_URL)
		return; /* R1.8: not acceptable as a returnTo */
	char *in = fuzz_copy(q, qn);
	char *scratch = fuzz_xmalloc(qn);
	auth0logout_request r;
	auth0logout_diag pd;
	auth0logout_status pst =
	    auth0logout_request_parse(in, qn, scratch, qn, &r, &pd);
	CHECK(pst == AUTH0LOGOUT_OK, "a redirect from a request that does "
	                             "not parse");

	size_t cap = 3 * d->location_len + 3 * r.client_id_len + 64;
	char *nq = fuzz_xmalloc(cap);
	size_t k = 0;
	memcpy(nq + k, "returnTo=", 9);
	k += 9;
	k += put_value(nq + k, d->location, d->location_len);
	if (r.client_id_len) {
		memcpy(nq + k, "&client_id=", 11);
		k += 11;
		k += put_value(nq + k, r.client_id, r.client_id_len);
	}
	if (r.federated) {
		memcpy(nq + k, "&federated", 10);
		k += 10;
	}
	auth0logout_decision d2;
	decide(store, nq, k, buf3, &d2);
	if (d2.outcome != AUTH0LOGOUT_OUTCOME_REDIRECT ||
	    !str_eq(d2.location, d2.location_len, d->location,
	            d->location_len) ||
	    !str_eq(d2.matched, d2.matched_len, d->matched, d->matched_len) ||
	    d2.list != d->list || d2.federated != d->federated) {
		dump_decision("first", d);
		fuzz_dump("query sent back", nq, k);
		dump_decision("sent back", &d2);
		CHECK(0, "sending the Location back as returnTo does not give "
		         "the same redirect");
	}
	free(nq);
	free(scratch);
	free(in);
}

/* Every exact entry (the first few), sent as returnTo through the tenant
 * list, is allowed: entries and returnTo share R4, and an entry matches
 * itself.  The redirect names the first entry that matches by the
 * oracle, which is this one or an earlier one. */
static void check_entries_allowed(const auth0logout_store *store,
                                  const auth0logout_allowlist *list)
{
	size_t count = auth0logout_allowlist_count(list);
	for (size_t i = 0; i < count && i < 4; i++) {
		size_t en;
		const char *e = auth0logout_allowlist_entry(list, i, &en);
		if (memchr(e, '*', en))
			continue;
		char *nq = fuzz_xmalloc(9 + 3 * en);
		memcpy(nq, "returnTo=", 9);
		size_t k = 9 + put_value(nq + 9, e, en);
		auth0logout_decision d;
		decide(store, nq, k, buf3, &d);
		size_t ln;
		char *loc = fuzz_r47(e, en, &ln);
		size_t first = i;
		for (size_t j = 0; j < i; j++) {
			size_t jn;
			const char *ej =
			    auth0logout_allowlist_entry(list, j, &jn);
			if (oracle_match(ej, jn, loc, ln)) {
				first = j;
				break;
			}
		}
		size_t fn;
		const char *ef = auth0logout_allowlist_entry(list, first, &fn);
		if (d.outcome != AUTH0LOGOUT_OUTCOME_REDIRECT ||
		    !str_eq(d.location, d.location_len, loc, ln) ||
		    !str_eq(d.matched, d.matched_len, ef, fn) ||
		    d.list != AUTH0LOGOUT_LIST_TENANT) {
			dump_decision("decision", &d);
			CHECK(0,
			      "entry %zu \"%s\" sent as returnTo is not a "
			      "redirect to it matching entry %zu",
			      i, e, first);
		}
		free(loc);
		free(nq);
	}
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
	const auth0logout_allowlist *list = tenant; /* for the oracle */
	CHECK(auth0logout_memstore_set_tenant(ms, tenant) == AUTH0LOGOUT_OK,
	      "set_tenant");
	CHECK(auth0logout_memstore_add_client(ms, "c1", 2, client) ==
	          AUTH0LOGOUT_OK,
	      "add_client");
	auth0logout_store store;
	CHECK(auth0logout_memstore_add_client(ms, "c2", 2, NULL) ==
	          AUTH0LOGOUT_OK,
	      "add_client");
	CHECK(auth0logout_memstore_get(ms, &store) == AUTH0LOGOUT_OK,
	      "memstore_get");

	/* Two buffers filled differently: nothing may depend on them. */
	memset(buf1, 0xAA, BUF);
	memset(buf2, 0x55, BUF);
	auth0logout_decision d1, d2;
	decide(&store, q, qn, buf1, &d1);
	decide(&store, q, qn, buf2, &d2);
	check_same("deciding twice", &d1, &d2);

	/* The same request, parsed first, through auth0logout_decide. */
	{
		char *in = fuzz_copy(q, qn);
		char *scratch = fuzz_xmalloc(qn);
		auth0logout_request r;
		auth0logout_diag pd;
		if (auth0logout_request_parse(in, qn, scratch, qn, &r, &pd) ==
		    AUTH0LOGOUT_OK) {
			auth0logout_decision d3;
			auth0logout_status st3 =
			    auth0logout_decide(&store, &r, buf3, BUF, &d3);
			check_shape(&d3, st3, buf3);
			check_same("decide vs decide_query", &d1, &d3);
		}
		free(scratch);
		free(in);
	}

	check_table(&d1, q, qn, list);
	check_entries_allowed(&store, list);
	if (d1.outcome == AUTH0LOGOUT_OUTCOME_REDIRECT) {
		check_origin(&d1);
		check_idempotent(&store, &d1, q, qn);
	}

	auth0logout_memstore_free(ms);
	return 0;
}
