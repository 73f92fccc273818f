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
 * The matching oracle is fuzz_decide.c's (fuzz_common.h), plus the query.
 */
#define BUF               AUTH0LOGOUT_OIDC_BUFFER_SIZE
#define FUZZ_DECISION_BUF BUF
#include "fuzz_common.h"

static int ok_calls, release_calls;

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

/* fuzz_check_shape, and what only /oidc/logout decides: client_id (set
 * exactly with a client's list), locale, confirm; and every claim the
 * verifier handed out was released. */
static void check_shape(const auth0logout_decision *d, auth0logout_status ret,
                        const char *buf)
{
	fuzz_check_shape(d, ret, buf);
	fuzz_check_string("client_id", d->client_id, d->client_id_len, buf);
	fuzz_check_string("locale", d->locale, d->locale_len, buf);
	CHECK((d->client_id != NULL) == (d->list == AUTH0LOGOUT_LIST_CLIENT),
	      "client_id %s with list %d", d->client_id ? "set" : "NULL",
	      (int)d->list);
	CHECK(d->confirm == 0 || d->confirm == 1, "confirm %d", d->confirm);
	CHECK(d->outcome != AUTH0LOGOUT_OUTCOME_ERROR || d->confirm == 0,
	      "an error asks for consent");
	CHECK(ok_calls == release_calls,
	      "%d verified tokens, %d releases: claims not released", ok_calls,
	      release_calls);
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
	fuzz_check_origin(d, norm, &ep, &lp);
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

/* u (a NUL-terminated R4.7 URI) with "?state=" or "&state=" and the
 * encoded state appended. */
static char *with_state(const char *u, size_t un, const char *s, size_t sn,
                        size_t *len)
{
	char *o = fuzz_xmalloc(un + 7 + 3 * sn + 1);
	memcpy(o, u, un);
	size_t k = un;
	o[k++] = memchr(u, '?', un) ? '&' : '?';
	memcpy(o + k, "state=", 6);
	k += 6;
	k += fuzz_put_value(o + k, s, sn);
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

static int is_client(const char *s, size_t n, const char *id)
{
	return n == strlen(id) && memcmp(s, id, n) == 0;
}

static void expect_error(const auth0logout_decision *d, auth0logout_status st,
                         const char *why)
{
	if (d->status != st || d->outcome != AUTH0LOGOUT_OUTCOME_ERROR)
		fuzz_dump_decision("decision", d);
	CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_ERROR && d->status == st,
	      "%s: want %s, the decision says %s", why, fuzz_name(st),
	      fuzz_name(d->status));
}

static void check_table(const struct fuzz_world *w,
                        const auth0logout_decision *d, const char *in, size_t n,
                        unsigned flags, unsigned env_flags)
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
		CHECK(!fuzz_is_url_status(d->status),
		      "entry_check accepts the URI, the decision refuses it "
		      "(%s)",
		      fuzz_name(d->status));
	}
	if (fuzz_is_url_status(d->status)) {
		CHECK(has_uri && d->list == AUTH0LOGOUT_LIST_NONE,
		      "URL status %s (list %d)", fuzz_name(d->status),
		      (int)d->list);
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
		if (t && !fuzz_str_eq(t, tn, r.client_id, r.client_id_len)) {
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
		CHECK(fuzz_str_eq(d->client_id, d->client_id_len, client,
		                  client_len),
		      "the decision's client_id is not the client");
	size_t count = auth0logout_allowlist_count(list);

	if (!has_uri) {
		/* R8.5: the client's first entry, never with the state. */
		size_t n0 = 0;
		const char *e0 =
		    client ? auth0logout_allowlist_entry(list, 0, &n0) : NULL;
		if (!e0 || memchr(e0, '*', n0)) {
			if (d->outcome != AUTH0LOGOUT_OUTCOME_LOGGED_OUT)
				fuzz_dump_decision("decision", d);
			CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_LOGGED_OUT,
			      "no URI, %s: not logged_out",
			      !client ? "no client"
			      : e0    ? "the list starts with a wildcard"
			              : "an empty list");
		} else {
			expect = fuzz_r47(e0, n0, &expect_len);
			if (d->outcome != AUTH0LOGOUT_OUTCOME_REDIRECT ||
			    !fuzz_str_eq(d->location, d->location_len, expect,
			                 expect_len) ||
			    !fuzz_str_eq(d->matched, d->matched_len, e0, n0))
				fuzz_dump_decision("decision", d);
			CHECK(
			    d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT &&
			        fuzz_str_eq(d->location, d->location_len,
			                    expect, expect_len) &&
			        fuzz_str_eq(d->matched, d->matched_len, e0, n0),
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
			if (fuzz_oracle_match(e, en, uri, uri_len, 1))
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
		    !fuzz_str_eq(d->matched, d->matched_len, e, en) ||
		    !fuzz_str_eq(d->location, d->location_len, expect,
		                 expect_len)) {
			fuzz_dump_decision("decision", d);
			fuzz_dump("expected Location", expect, expect_len);
		}
		CHECK(d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT,
		      "entry %zu \"%s\" matches \"%s\" by the oracle, the "
		      "decision says %s",
		      first, e, uri, fuzz_name(d->status));
		CHECK(fuzz_str_eq(d->matched, d->matched_len, e, en),
		      "the first match by the oracle is entry %zu \"%s\"",
		      first, e);
		CHECK(fuzz_str_eq(d->location, d->location_len, expect,
		                  expect_len),
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
			CHECK(fuzz_unreserved((unsigned char)d->location[i]) ||
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

static void run(const struct fuzz_world *w, const char *q, size_t qn,
                unsigned flags, unsigned env_flags)
{
	auth0logout_oidc_env env;
	memset(&env, 0, sizeof env);
	env.verifier = &verifier;
	env.flags = env_flags;

	/* Two buffers filled differently: nothing may depend on them. */
	memset(buf1, 0xAA, BUF);
	memset(buf2, 0x55, BUF);
	auth0logout_decision d1, d2;
	decide(&w->store, &env, q, qn, flags, buf1, &d1);
	decide(&w->store, &env, q, qn, flags, buf2, &d2);
	fuzz_check_same("deciding twice", &d1, &d2);

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
			    &w->store, &env, &r, buf3, BUF, &d3);
			check_shape(&d3, st3, buf3);
			fuzz_check_same("decide_oidc vs decide_oidc_query", &d1,
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
	struct fuzz_world w;
	fuzz_world_init(&w, data, size);

	run(&w, w.q, w.qn, 0, 0);
	run(&w, w.q, w.qn, AUTH0LOGOUT_OIDC_FORM, AUTH0LOGOUT_OIDC_NO_PROMPT);

	fuzz_world_free(&w);
	return 0;
}
