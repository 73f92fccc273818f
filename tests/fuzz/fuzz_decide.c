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
#define BUF               AUTH0LOGOUT_DECIDE_BUFFER_SIZE
#define FUZZ_DECISION_BUF BUF
#include "fuzz_common.h"

/* The brief's explicit check: the Location's scheme://host[:port] against
 * the matched entry's (as written), for exact and wildcard entries. */
static void check_origin(const auth0logout_decision *d)
{
	struct fuzz_parts lp = fuzz_split(d->location, d->location_len);
	struct fuzz_parts mp = fuzz_split(d->matched, d->matched_len);
	fuzz_check_origin(d, d->matched, &mp, &lp);
}

/* ---- the target ---------------------------------------------------------- */

static auth0logout_status decide(const auth0logout_store *store, const char *q,
                                 size_t n, char *buf, auth0logout_decision *d)
{
	char *in = fuzz_copy(q, n);
	memset(d, 0xA5, sizeof *d);
	auth0logout_status st =
	    auth0logout_decide_query(store, in, n, buf, BUF, d);
	free(in);
	fuzz_check_shape(d, st, buf);
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
		      fuzz_name(pst), fuzz_name(d->status));
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
			      fuzz_name(est), ed.text, fuzz_name(d->status));
		} else {
			CHECK(!fuzz_is_url_status(d->status),
			      "entry_check accepts returnTo, the decision "
			      "refuses it (%s)",
			      fuzz_name(d->status));
		}
	}
	if (fuzz_is_url_status(d->status)) {
		CHECK(has_rt && d->list == AUTH0LOGOUT_LIST_NONE,
		      "URL status %s (list %d)", fuzz_name(d->status),
		      (int)d->list);
		goto out;
	}
	CHECK(d->status != AUTH0LOGOUT_E_STORE_FAILED, "the memstore failed");
	if (!has_rt && !has_client) {
		CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_LOGGED_OUT &&
		          d->list == AUTH0LOGOUT_LIST_NONE &&
		          d->federated == r.federated,
		      "no parameters: not logged_out (%s)",
		      fuzz_name(d->status));
		goto out;
	}
	if (has_client && !is_c1 && !is_c2) {
		CHECK(d->status == AUTH0LOGOUT_E_UNKNOWN_CLIENT &&
		          d->http_status == 400 &&
		          d->list == AUTH0LOGOUT_LIST_NONE,
		      "an unknown client gave %s", fuzz_name(d->status));
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
		          fuzz_str_eq(d->location, d->location_len, expect_loc,
		                      expect_len) &&
		          fuzz_str_eq(d->matched, d->matched_len, e0, n0),
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
		if (fuzz_oracle_match(e, en, expect_loc, expect_len, 0))
			first = i;
	}
	if (first == (size_t)-1) {
		if (d->outcome != AUTH0LOGOUT_OUTCOME_ERROR)
			fuzz_dump_decision("decision", d);
		CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_ERROR &&
		          d->status == AUTH0LOGOUT_E_NOT_ALLOWED &&
		          d->http_status == 400,
		      "no entry matches \"%s\" by the oracle, the decision "
		      "says %s",
		      expect_loc, fuzz_name(d->status));
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
		    !fuzz_str_eq(d->matched, d->matched_len, e, en))
			fuzz_dump_decision("decision", d);
		CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT,
		      "entry %zu \"%s\" matches \"%s\" by the oracle, the "
		      "decision says %s",
		      first, e, expect_loc, fuzz_name(d->status));
		CHECK(fuzz_str_eq(d->matched, d->matched_len, e, en),
		      "the first match by the oracle is entry %zu \"%s\"",
		      first, e);
		CHECK(fuzz_str_eq(d->location, d->location_len, expect_loc,
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
	k += fuzz_put_value(nq + k, d->location, d->location_len);
	if (r.client_id_len) {
		memcpy(nq + k, "&client_id=", 11);
		k += 11;
		k += fuzz_put_value(nq + k, r.client_id, r.client_id_len);
	}
	if (r.federated) {
		memcpy(nq + k, "&federated", 10);
		k += 10;
	}
	auth0logout_decision d2;
	decide(store, nq, k, buf3, &d2);
	if (d2.outcome != AUTH0LOGOUT_OUTCOME_REDIRECT ||
	    !fuzz_str_eq(d2.location, d2.location_len, d->location,
	                 d->location_len) ||
	    !fuzz_str_eq(d2.matched, d2.matched_len, d->matched,
	                 d->matched_len) ||
	    d2.list != d->list || d2.federated != d->federated) {
		fuzz_dump_decision("first", d);
		fuzz_dump("query sent back", nq, k);
		fuzz_dump_decision("sent back", &d2);
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
		size_t k = 9 + fuzz_put_value(nq + 9, e, en);
		auth0logout_decision d;
		decide(store, nq, k, buf3, &d);
		size_t ln;
		char *loc = fuzz_r47(e, en, &ln);
		size_t first = i;
		for (size_t j = 0; j < i; j++) {
			size_t jn;
			const char *ej =
			    auth0logout_allowlist_entry(list, j, &jn);
			if (fuzz_oracle_match(ej, jn, loc, ln, 0)) {
				first = j;
				break;
			}
		}
		size_t fn;
		const char *ef = auth0logout_allowlist_entry(list, first, &fn);
		if (d.outcome != AUTH0LOGOUT_OUTCOME_REDIRECT ||
		    !fuzz_str_eq(d.location, d.location_len, loc, ln) ||
		    !fuzz_str_eq(d.matched, d.matched_len, ef, fn) ||
		    d.list != AUTH0LOGOUT_LIST_TENANT) {
			fuzz_dump_decision("decision", &d);
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
	struct fuzz_world w;
	fuzz_world_init(&w, data, size);
	const char *q = w.q;
	size_t qn = w.qn;

	/* Two buffers filled differently: nothing may depend on them. */
	memset(buf1, 0xAA, BUF);
	memset(buf2, 0x55, BUF);
	auth0logout_decision d1, d2;
	decide(&w.store, q, qn, buf1, &d1);
	decide(&w.store, q, qn, buf2, &d2);
	fuzz_check_same("deciding twice", &d1, &d2);

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
			    auth0logout_decide(&w.store, &r, buf3, BUF, &d3);
			fuzz_check_shape(&d3, st3, buf3);
			fuzz_check_same("decide vs decide_query", &d1, &d3);
		}
		free(scratch);
		free(in);
	}

	check_table(&d1, q, qn, w.list);
	check_entries_allowed(&w.store, w.list);
	if (d1.outcome == AUTH0LOGOUT_OUTCOME_REDIRECT) {
		check_origin(&d1);
		check_idempotent(&w.store, &d1, q, qn);
	}

	fuzz_world_free(&w);
	return 0;
}
