/* SPDX-License-Identifier: MIT */
/*
 * R4: acceptable URLs, through auth0logout_entry_check (allow-list entries)
 * and through whole decisions on an in-memory store (returnTo).
 *
 * A returnTo is put in the query fully percent-encoded, so the decoded
 * value is exactly the URL of the row.  Inputs are copied into blocks of
 * exactly their length (no terminating NUL) so overreads show up under
 * ASan or valgrind.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth0logout.h"
#include "testutil.h"

#define CORPUS_NAME "shared/corpora/open-redirect-payloads.txt"
#define CORPUS_COPY "tests/data/corpora/open-redirect-payloads.txt"

/* "client_id=<id>&returnTo=<rt>", both optional, in an exact-size block. */
static char *build_query(const char *client_id, const char *rt, size_t rt_len,
                         size_t *len)
{
	size_t cap = 32 + 3 * rt_len + (client_id ? 3 * strlen(client_id) : 0);
	char *q = malloc(cap);
	char *p = q;
	char *exact;

	ck_assert_msg(q != NULL, "out of memory");
	if (client_id) {
		memcpy(p, "client_id=", 10);
		p = tu_pct_encode(p + 10, client_id, strlen(client_id));
	}
	if (rt) {
		if (p != q)
			*p++ = '&';
		memcpy(p, "returnTo=", 9);
		p = tu_pct_encode(p + 9, rt, rt_len);
	}
	*len = (size_t)(p - q);
	exact = tu_dup_exact(q, *len);
	free(q);
	return exact;
}

/* ----------------------------------------------------------------------- */
/* Lists, and decisions on the fixture's store (struct tu_fx, testutil.h).  */

static auth0logout_allowlist *compile_one_ok(const char *entry, size_t len)
{
	auth0logout_allowlist *l = NULL;
	auth0logout_diag diag;
	auth0logout_status st;
	char *e = tu_dup_exact(entry, len);
	const char *entries[1];

	entries[0] = e;
	st = auth0logout_allowlist_compile_array(entries, &len, 1, &l, &diag);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "compile_array([%s]): %s: %s",
	              tu_show(entry, len), tu_name(st), diag.text);
	free(e);
	return l;
}

/* Decides returnTo=rt (with client_id=TU_CLIENT when via_client). */
static auth0logout_status fx_decide(struct tu_fx *f, int via_client,
                                    const char *rt, size_t rt_len)
{
	size_t qlen;
	char *q = build_query(via_client ? TU_CLIENT : NULL, rt, rt_len, &qlen);
	auth0logout_status st;

	memset(&f->d, 0xa5, sizeof(f->d));
	st = auth0logout_decide_query(&f->store, q, qlen, f->buf,
	                              AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &f->d);
	free(q);
	ck_assert_msg(st == f->d.status,
	              "returnTo=%s: returned %s but "
	              "decision.status is %s",
	              tu_show(rt, rt_len), tu_name(st), tu_name(f->d.status));
	return st;
}

static const char *via_name(int via_client)
{
	return via_client ? "client list" : "tenant list";
}

/* R6.2: only bytes 0x21-0x7E in a Location. */
static void expect_header_safe(const char *rt, size_t rt_len, const char *loc,
                               size_t loc_len)
{
	size_t i;

	for (i = 0; i < loc_len; i++) {
		unsigned char c = (unsigned char)loc[i];

		ck_assert_msg(c >= 0x21 && c < 0x7f,
		              "returnTo=%s: Location byte %zu is 0x%02x (R6.2)",
		              tu_show(rt, rt_len), i, c);
	}
	ck_assert_msg(loc[loc_len] == '\0',
	              "returnTo=%s: Location not NUL-terminated",
	              tu_show(rt, rt_len));
}

static void expect_redirect(const struct tu_fx *f, int via_client,
                            const char *rt, size_t rt_len, const char *loc,
                            size_t loc_len, const char *matched)
{
	const auth0logout_decision *d = &f->d;
	auth0logout_list_kind list =
	    via_client ? AUTH0LOGOUT_LIST_CLIENT : AUTH0LOGOUT_LIST_TENANT;

	ck_assert_msg(d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT &&
	                  d->status == AUTH0LOGOUT_OK,
	              "returnTo=%s (%s): outcome %s status %s, want redirect",
	              tu_show(rt, rt_len), via_name(via_client),
	              tu_oname(d->outcome), tu_name(d->status));
	ck_assert_msg(d->http_status == 302 &&
	                  d->error == AUTH0LOGOUT_ERROR_NONE,
	              "returnTo=%s: http %d error %d, want 302 and none",
	              tu_show(rt, rt_len), d->http_status, d->error);
	ck_assert_msg(d->list == list, "returnTo=%s: list %d, want %d",
	              tu_show(rt, rt_len), d->list, list);
	ck_assert_msg(d->location != NULL, "returnTo=%s: no Location",
	              tu_show(rt, rt_len));
	expect_header_safe(rt, rt_len, d->location, d->location_len);
	ck_assert_msg(d->location_len == loc_len &&
	                  memcmp(d->location, loc, loc_len) == 0,
	              "returnTo=%s: Location %s, want %s", tu_show(rt, rt_len),
	              tu_show(d->location, d->location_len),
	              tu_show(loc, loc_len));
	if (matched != NULL)
		ck_assert_msg(
		    d->matched != NULL && d->matched_len == strlen(matched) &&
		        strcmp(d->matched, matched) == 0,
		    "returnTo=%s: matched %s, want %s", tu_show(rt, rt_len),
		    tu_show(d->matched, d->matched ? d->matched_len : 0),
		    tu_show(matched, strlen(matched)));
}

/* An error decision: 400 invalid_request with the given status. */
static void expect_error(const struct tu_fx *f, int via_client, const char *rt,
                         size_t rt_len, auth0logout_status want,
                         auth0logout_list_kind list)
{
	const auth0logout_decision *d = &f->d;

	ck_assert_msg(d->outcome == AUTH0LOGOUT_OUTCOME_ERROR &&
	                  d->status == want,
	              "returnTo=%s (%s): outcome %s status %s, want error %s",
	              tu_show(rt, rt_len), via_name(via_client),
	              tu_oname(d->outcome), tu_name(d->status), tu_name(want));
	ck_assert_msg(d->http_status == 400 &&
	                  d->error == AUTH0LOGOUT_ERROR_INVALID_REQUEST,
	              "returnTo=%s (%s): http %d error %d, want 400 "
	              "invalid_request",
	              tu_show(rt, rt_len), tu_name(want), d->http_status,
	              d->error);
	ck_assert_msg(d->list == list, "returnTo=%s (%s): list %d, want %d",
	              tu_show(rt, rt_len), tu_name(want), d->list, list);
	ck_assert_msg(d->location == NULL && d->location_len == 0,
	              "returnTo=%s (%s): an error has a Location %s",
	              tu_show(rt, rt_len), tu_name(want),
	              tu_show(d->location, d->location_len));
	ck_assert_msg(d->error_description != NULL,
	              "returnTo=%s (%s): no error_description",
	              tu_show(rt, rt_len), tu_name(want));
}

/* ----------------------------------------------------------------------- */
/* R4 rows: one URL, what entry_check says, what a returnTo gets.          */

struct url_row {
	const char *url;
	size_t len;
	auth0logout_status entry; /* auth0logout_entry_check */
	auth0logout_status rt;    /* OK: redirect when the list holds url */
	const char *location;     /* Location when rt is OK; NULL = url */
};

/* clang-format off */
#define BOTH(u, st) {S(u), st, st, NULL}
#define GOOD(u) {S(u), AUTH0LOGOUT_OK, AUTH0LOGOUT_OK, NULL}
#define NOSCHEME(u) \
	{S(u), AUTH0LOGOUT_E_ENTRY_NO_SCHEME, AUTH0LOGOUT_E_URL_NO_SCHEME, NULL}
/* clang-format on */

static void check_entry_row(const struct url_row *r)
{
	char *e = tu_dup_exact(r->url, r->len);
	auth0logout_diag diag;
	auth0logout_status st;
	auth0logout_allowlist *l;
	const char *entries[1];
	size_t lens[1];
	const char *got;
	size_t got_len = 0;

	memset(&diag, 0x5a, sizeof(diag));
	st = auth0logout_entry_check(e, r->len, &diag);
	ck_assert_msg(st == r->entry, "entry_check(%s): got %s, want %s",
	              tu_show(r->url, r->len), tu_name(st), tu_name(r->entry));
	if (st != AUTH0LOGOUT_OK)
		ck_assert_msg(diag.status == (int)st,
		              "entry_check(%s): diag.status %d",
		              tu_show(r->url, r->len), diag.status);
	if (st == AUTH0LOGOUT_E_ENTRY_NO_SCHEME)
		ck_assert_msg(strstr(diag.text, "https://") != NULL,
		              "entry_check(%s): message \"%s\" does not say to "
		              "add https://",
		              tu_show(r->url, r->len), diag.text);

	/* compiling the entry as a one-item list agrees */
	entries[0] = e;
	lens[0] = r->len;
	l = (auth0logout_allowlist *)(void *)&diag;
	st = auth0logout_allowlist_compile_array(entries, lens, 1, &l, &diag);
	ck_assert_msg(st == r->entry, "compile_array([%s]): got %s, want %s",
	              tu_show(r->url, r->len), tu_name(st), tu_name(r->entry));
	if (st != AUTH0LOGOUT_OK) {
		ck_assert_msg(l == NULL && diag.index == 0,
		              "compile_array([%s]): out %p index %zu",
		              tu_show(r->url, r->len), (void *)l, diag.index);
	} else {
		got = auth0logout_allowlist_entry(l, 0, &got_len);
		ck_assert_msg(got != NULL && got_len == r->len &&
		                  memcmp(got, r->url, r->len) == 0,
		              "compile_array([%s]): entry 0 is %s",
		              tu_show(r->url, r->len), tu_show(got, got_len));
		auth0logout_allowlist_free(l);
	}
	free(e);
}

static void check_return_to_row(const struct url_row *r)
{
	struct tu_fx f;
	int via;

	for (via = 0; via < 2; via++) {
		if (r->rt == AUTH0LOGOUT_OK) {
			const char *loc = r->location ? r->location : r->url;
			size_t loc_len =
			    r->location ? strlen(r->location) : r->len;
			char *matched;

			ck_assert_msg(r->entry == AUTH0LOGOUT_OK,
			              "table error: %s",
			              tu_show(r->url, r->len));
			if (via)
				tu_fx_init(&f, tu_compile_csv_ok(TU_UNRELATED),
				           compile_one_ok(r->url, r->len));
			else
				tu_fx_init(&f, compile_one_ok(r->url, r->len),
				           tu_compile_csv_ok(TU_UNRELATED));
			fx_decide(&f, via, r->url, r->len);
			matched = tu_dup_exact(r->url, r->len + 1);
			matched[r->len] = '\0';
			expect_redirect(&f, via, r->url, r->len, loc, loc_len,
			                matched);
			free(matched);
		} else {
			tu_fx_init(&f, tu_compile_csv_ok("https://a.com"),
			           tu_compile_csv_ok("https://a.com"));
			fx_decide(&f, via, r->url, r->len);
			expect_error(&f, via, r->url, r->len, r->rt,
			             AUTH0LOGOUT_LIST_NONE);
		}
		tu_fx_free(&f);
	}
}

/* Defines rule##_entry and rule##_return_to over one table. */
#define URL_RULE(rule, table)                                                  \
	START_TEST(rule##_entry)                                               \
	{                                                                      \
		check_entry_row(&table[_i]);                                   \
	}                                                                      \
	END_TEST                                                               \
	START_TEST(rule##_return_to)                                           \
	{                                                                      \
		check_return_to_row(&table[_i]);                               \
	}                                                                      \
	END_TEST

#define ADD_URL_RULE(tc, rule, table)                                          \
	do {                                                                   \
		tcase_add_loop_test(tc, rule##_entry, 0, N_ROWS(table));       \
		tcase_add_loop_test(tc, rule##_return_to, 0, N_ROWS(table));   \
	} while (0)

/* R4.1 control bytes anywhere. */
static const struct url_row r4_1_control_rows[] = {
    BOTH("\thttps://a.com", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com\t", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("ht\ttps://a.com", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("htt\0ps://a.com", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.\tcom", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com\0", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com\0.evil.com", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com/\r\nSet-Cookie:x", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com/a\nb", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com/a\rb", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com/?q=\x01", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com/#\x7f", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com/#frag\0", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com/\x1f", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com:80\x0b/", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://\fa.com", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("https://a.com/x\x1b[0m", AUTH0LOGOUT_E_URL_CONTROL),
    BOTH("myapp://cb/\n", AUTH0LOGOUT_E_URL_CONTROL),
};
URL_RULE(r4_1_refuses_control_bytes, r4_1_control_rows)

/* R4.1 backslash anywhere. */
static const struct url_row r4_1_backslash_rows[] = {
    BOTH("https://a.com\\@evil.com", AUTH0LOGOUT_E_URL_BACKSLASH),
    BOTH("https:\\\\evil.com", AUTH0LOGOUT_E_URL_BACKSLASH),
    BOTH("https://\\evil.com", AUTH0LOGOUT_E_URL_BACKSLASH),
    BOTH("https://a.com\\.evil.com", AUTH0LOGOUT_E_URL_BACKSLASH),
    BOTH("https://a.com/\\", AUTH0LOGOUT_E_URL_BACKSLASH),
    BOTH("https://a.com/\\evil.com", AUTH0LOGOUT_E_URL_BACKSLASH),
    BOTH("https://a.com/?q=\\", AUTH0LOGOUT_E_URL_BACKSLASH),
    BOTH("https://a.com/#\\", AUTH0LOGOUT_E_URL_BACKSLASH),
    BOTH("myapp://cb\\x", AUTH0LOGOUT_E_URL_BACKSLASH),
};
URL_RULE(r4_1_refuses_backslash, r4_1_backslash_rows)

/* R4.1 leading or trailing spaces. */
static const struct url_row r4_1_space_rows[] = {
    BOTH(" https://a.com", AUTH0LOGOUT_E_URL_SPACE),
    BOTH("https://a.com ", AUTH0LOGOUT_E_URL_SPACE),
    BOTH("  https://a.com/  ", AUTH0LOGOUT_E_URL_SPACE),
    BOTH("https://a.com/ ", AUTH0LOGOUT_E_URL_SPACE),
    BOTH("https://a.com/x?y ", AUTH0LOGOUT_E_URL_SPACE),
    BOTH("https://a.com/#x ", AUTH0LOGOUT_E_URL_SPACE),
    BOTH(" myapp://logout", AUTH0LOGOUT_E_URL_SPACE),
};
URL_RULE(r4_1_refuses_surrounding_space, r4_1_space_rows)

/* R4.2 no scheme (and host:port shapes). */
static const struct url_row r4_2_no_scheme_rows[] = {
    NOSCHEME("//evil.com"),
    NOSCHEME("///evil.com"),
    NOSCHEME("/path"),
    NOSCHEME("/"),
    NOSCHEME("evil.com"),
    NOSCHEME("evil.com/path"),
    NOSCHEME("*.example.com"),
    NOSCHEME(":foo"),
    NOSCHEME("://a.com"),
    NOSCHEME("?x=1"),
    NOSCHEME("#x"),
    NOSCHEME("./x"),
    NOSCHEME("../x"),
    NOSCHEME("1http://a.com"),
    NOSCHEME("-x://a.com"),
    NOSCHEME("localhost:3000"),
    NOSCHEME("localhost:3000/"),
    NOSCHEME("localhost:3000/logout?x=1"),
    NOSCHEME("example.com:8080/x"),
    NOSCHEME("example.com:443"),
    NOSCHEME("a:1"),
};
URL_RULE(r4_2_refuses_missing_scheme, r4_2_no_scheme_rows)

/* R4.2 forbidden schemes in any case. */
static const struct url_row r4_2_forbidden_rows[] = {
    BOTH("javascript:alert(1)", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("JaVaScRiPt:alert(1)", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("JAVASCRIPT://a.com/%0aalert(1)", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("javascript://example.com", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("data:text/html,<script>alert(1)</script>",
         AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("DATA:text/html;base64,PHNjcmlwdD4=",
         AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("vbscript:msgbox(1)", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("VBScript:x", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("file:///etc/passwd", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("FILE://localhost/etc/passwd", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("blob:https://a.com/1234", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("Blob:https://a.com/1234", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("about:blank", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
    BOTH("ABOUT:blank", AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME),
};
URL_RULE(r4_2_refuses_forbidden_scheme, r4_2_forbidden_rows)

/* R4.3 http(s) need an authority with a host. */
static const struct url_row r4_3_no_host_rows[] = {
    BOTH("https:evil.com", AUTH0LOGOUT_E_URL_NO_HOST),
    BOTH("HTTPS:evil.com", AUTH0LOGOUT_E_URL_NO_HOST),
    BOTH("https:/evil.com", AUTH0LOGOUT_E_URL_NO_HOST),
    BOTH("https:///x", AUTH0LOGOUT_E_URL_NO_HOST),
    BOTH("https:////evil.com", AUTH0LOGOUT_E_URL_NO_HOST),
    BOTH("https://", AUTH0LOGOUT_E_URL_NO_HOST),
    BOTH("http://", AUTH0LOGOUT_E_URL_NO_HOST),
    BOTH("https:", AUTH0LOGOUT_E_URL_NO_HOST),
    BOTH("http:", AUTH0LOGOUT_E_URL_NO_HOST),
    BOTH("http:evil.com/path", AUTH0LOGOUT_E_URL_NO_HOST),
    BOTH("https://?x=1", AUTH0LOGOUT_E_URL_NO_HOST),
    BOTH("https://#x", AUTH0LOGOUT_E_URL_NO_HOST),
};
URL_RULE(r4_3_refuses_missing_host, r4_3_no_host_rows)

/* R4.4 userinfo. */
static const struct url_row r4_4_userinfo_rows[] = {
    BOTH("https://u@a.com", AUTH0LOGOUT_E_URL_USERINFO),
    BOTH("https://u:p@a.com", AUTH0LOGOUT_E_URL_USERINFO),
    BOTH("https://@a.com", AUTH0LOGOUT_E_URL_USERINFO),
    BOTH("https://:@a.com", AUTH0LOGOUT_E_URL_USERINFO),
    BOTH("https://a.com@evil.com", AUTH0LOGOUT_E_URL_USERINFO),
    BOTH("https://a.com:443@evil.com", AUTH0LOGOUT_E_URL_USERINFO),
    BOTH("https://u@a.com:8080/x", AUTH0LOGOUT_E_URL_USERINFO),
    BOTH("http://www.whitelisteddomain.tld@google.com",
         AUTH0LOGOUT_E_URL_USERINFO),
    BOTH("https://u%40a.com@evil.com", AUTH0LOGOUT_E_URL_USERINFO),
    BOTH("myapp://user@callback", AUTH0LOGOUT_E_URL_USERINFO),
};
URL_RULE(r4_4_refuses_userinfo, r4_4_userinfo_rows)

/* R4.5 hosts. */
static const struct url_row r4_5_host_rows[] = {
    BOTH("https://%61.com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a%2ecom", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a.com%2f", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a.com%2F.evil.com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a..com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://.a.com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a.com.", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a.com./x", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a.com..", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://.", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a!b.com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a$b.com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a,b.com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a;b.com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a=b.com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a+b.com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a~b.com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a'b.com", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a(b).com", AUTH0LOGOUT_E_URL_BAD_HOST),
    {S("https://*.example.com"), AUTH0LOGOUT_OK, AUTH0LOGOUT_E_URL_BAD_HOST,
     NULL},
    {S("https://a*.example.com"), AUTH0LOGOUT_OK, AUTH0LOGOUT_E_URL_BAD_HOST,
     NULL},
    BOTH("https://1.2.3", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://127.1", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://1.2.3.4.5", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a.123", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://123", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://3627734734", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://01.2.3.4", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://1.2.3.04", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://1.2.3.256", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://472.314.470.462", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://0330.072.0326.0316", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://1.2.3.4.", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a.0x7f", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://0x7f.0x1", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://0x7f000001", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://0xd8.0x3a.0xd6.0xce", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://a.0X7F", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://[v1.x]", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://[v1.x]/path", AUTH0LOGOUT_E_URL_BAD_HOST),
    BOTH("https://[V7.abc]", AUTH0LOGOUT_E_URL_BAD_HOST),
    /* accepted hosts */
    GOOD("https://a_b.example.com"),
    GOOD("https://1.2.3.4"),
    GOOD("https://0.0.0.0"),
    GOOD("https://255.255.255.255"),
    GOOD("https://10.0.0.1:8080/x"),
    GOOD("https://[::1]"),
    GOOD("https://[::1]:8443/cb"),
    GOOD("https://[2001:db8::1]"),
    GOOD("https://[2001:DB8::1]/x"),
    GOOD("https://A.COM"),
    GOOD("https://localhost"),
    GOOD("http://localhost:3000/logout"),
    GOOD("https://123.example.com"),
    GOOD("https://a.b1"),
    GOOD("https://a-b.c-d.example"),
    GOOD("https://a.com/@evil.com"),
    GOOD("https://a.com/x:y@z"),
};
URL_RULE(r4_5_checks_host, r4_5_host_rows)

/* R4.5 xn-- labels must be valid Punycode. */
static const struct url_row r4_5_punycode_rows[] = {
    BOTH("https://xn--zz.example", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    BOTH("https://xn--abc-.example", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    BOTH("https://xn--.example", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    BOTH("https://xn--a.example", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    BOTH("https://XN--ZZ.example", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    BOTH("https://Xn--a.example", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    BOTH("https://www.xn--zz.example", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    BOTH("https://a.xn--zz", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    /* Valid Punycode of code points that UTS #46 maps or disallows under
     * STD3 rules, which browsers refuse in an A-label. */
    BOTH("https://xn--jshn.example", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    BOTH("https://xn--wnk.example", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    BOTH("https://xn--0vg.example", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    BOTH("https://xn--pyg.example", AUTH0LOGOUT_E_URL_BAD_PUNYCODE),
    GOOD("https://xn--bcher-kva.example"),
    GOOD("https://XN--BCHER-KVA.example"),
    GOOD("https://xn--nxasmq6b.com"),
    GOOD("https://www.xn--bcher-kva.example/x"),
    GOOD("https://shop.xn--nxasmq6b.com:8443/cb"),
};
URL_RULE(r4_5_checks_punycode, r4_5_punycode_rows)

/* R4.6 ports. */
static const struct url_row r4_6_port_rows[] = {
    BOTH("https://a.com:", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://a.com:/", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://a.com:/x", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://a.com:0", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://a.com:00", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://a.com:65536", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://a.com:080", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://a.com:0443/x", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://a.com:99999", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://a.com:4294967297", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://a.com:18446744073709551617", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://[::1]:0", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://[::1]:", AUTH0LOGOUT_E_URL_BAD_PORT),
    BOTH("https://1.2.3.4:65536", AUTH0LOGOUT_E_URL_BAD_PORT),
    GOOD("https://a.com:1"),
    GOOD("https://a.com:65535"),
    GOOD("https://a.com:8080"),
    GOOD("https://a.com:443/x"),
    GOOD("http://a.com:80/"),
    GOOD("https://1.2.3.4:443"),
};
URL_RULE(r4_6_checks_port, r4_6_port_rows)

/* R4.7 characters refused in scheme and authority. */
static const struct url_row r4_7_bad_char_rows[] = {
    BOTH("https://ex ample.com", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://ex\xc3\xa4mple.com", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://\xff.com", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://a.com\xc3\xa9/", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://a.com:8<0", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://a.com:80 /x", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://a<b.com", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://a.com>", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://a{b}.com", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://a|b.com", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://a^b.com", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://a`b.com", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://a\"b.com", AUTH0LOGOUT_E_URL_BAD_CHAR),
    BOTH("https://a.com /x", AUTH0LOGOUT_E_URL_BAD_CHAR),
};
URL_RULE(r4_7_refuses_bad_char_in_authority, r4_7_bad_char_rows)

/* R4.7 the same characters are percent-encoded in path, query, fragment. */
static const struct url_row r4_7_encode_rows[] = {
    {S("https://a.com/a b"), AUTH0LOGOUT_OK, AUTH0LOGOUT_OK,
     "https://a.com/a%20b"},
    {S("https://a.com/\"<>{}|^`"), AUTH0LOGOUT_OK, AUTH0LOGOUT_OK,
     "https://a.com/%22%3C%3E%7B%7D%7C%5E%60"},
    {S("https://a.com/\xc3\xa9"), AUTH0LOGOUT_OK, AUTH0LOGOUT_OK,
     "https://a.com/%C3%A9"},
    {S("https://a.com/?q=a b&r=\xff"), AUTH0LOGOUT_OK, AUTH0LOGOUT_OK,
     "https://a.com/?q=a%20b&r=%FF"},
    {S("https://a.com/#a b<\x80>"), AUTH0LOGOUT_OK, AUTH0LOGOUT_OK,
     "https://a.com/#a%20b%3C%80%3E"},
    {S("myapp://logout/a b"), AUTH0LOGOUT_OK, AUTH0LOGOUT_OK,
     "myapp://logout/a%20b"},
    GOOD("https://a.com/%e9?q=%2f#%7B"),
    GOOD("https://a.com/a%20b"),
    GOOD("https://a.com/!$&'()+,;=:@-._~"),
};
URL_RULE(r4_7_encodes_path_query_fragment, r4_7_encode_rows)

/* R4.7 the result must be an RFC 3986 URI. */
static const struct url_row r4_7_syntax_rows[] = {
    BOTH("https://a.com/%zz", AUTH0LOGOUT_E_URL_SYNTAX),
    BOTH("https://a.com/%4", AUTH0LOGOUT_E_URL_SYNTAX),
    BOTH("https://a.com/%", AUTH0LOGOUT_E_URL_SYNTAX),
    BOTH("https://a.com/%g1/x", AUTH0LOGOUT_E_URL_SYNTAX),
    BOTH("https://a.com/?q=%", AUTH0LOGOUT_E_URL_SYNTAX),
    BOTH("https://a.com/#%x", AUTH0LOGOUT_E_URL_SYNTAX),
    BOTH("https://a.com/[x]", AUTH0LOGOUT_E_URL_SYNTAX),
    BOTH("https://a.com/x]", AUTH0LOGOUT_E_URL_SYNTAX),
    BOTH("https://a.com/?q=[", AUTH0LOGOUT_E_URL_SYNTAX),
    BOTH("https://a.com/#[", AUTH0LOGOUT_E_URL_SYNTAX),
    BOTH("https://a.com/a#b#c", AUTH0LOGOUT_E_URL_SYNTAX),
    BOTH("https://a.com##", AUTH0LOGOUT_E_URL_SYNTAX),
};
URL_RULE(r4_7_refuses_invalid_syntax, r4_7_syntax_rows)

/* R4.3 custom schemes are allowed as exact entries, host or not. */
static const struct url_row r4_3_custom_rows[] = {
    GOOD("com.example.app://callback"),
    GOOD("myapp://logout"),
    GOOD("com.example.app:/oauth"),
    GOOD("myapp://callback/path?x=1#y"),
    GOOD("MyApp://logout"),
    GOOD("my-app+v2.x://cb"),
    /* An empty authority: uriparser 0.9.7 points its host outside the
     * input, which once crashed both compiling and deciding. */
    GOOD("myapp://"),
    GOOD("myapp:///cb"),
    GOOD("myapp://?x"),
    GOOD("myapp://#f"),
    GOOD("ws:///x"),
    GOOD("myapp://:80/x"),
};
URL_RULE(r4_3_allows_custom_schemes, r4_3_custom_rows)

/* ----------------------------------------------------------------------- */
/* Too long: 4096 bytes fine, 4097 refused (entries: url_too_long,          */
/* returnTo: the query parser's return_to_too_long).                       */

static char *long_url(size_t len)
{
	char *u = malloc(len);
	size_t i;

	ck_assert_msg(u != NULL, "out of memory");
	memcpy(u, "https://a.com/", 14);
	for (i = 14; i < len; i++)
		u[i] = (char)('a' + i % 26);
	return u;
}

static const size_t r4_length_rows[] = {4095, 4096, 4097, 5000};

START_TEST(r4_checks_entry_length)
{
	size_t len = r4_length_rows[_i];
	char *u = long_url(len);
	auth0logout_status st = auth0logout_entry_check(u, len, NULL);
	auth0logout_status want = len <= AUTH0LOGOUT_MAX_URL
	                              ? AUTH0LOGOUT_OK
	                              : AUTH0LOGOUT_E_URL_TOO_LONG;

	ck_assert_msg(st == want, "entry_check(%zu-byte URL): got %s, want %s",
	              len, tu_name(st), tu_name(want));
	free(u);
}
END_TEST

START_TEST(r4_checks_return_to_length)
{
	size_t len = r4_length_rows[_i];
	char *u = long_url(len);
	struct tu_fx f;
	auth0logout_allowlist *l;

	if (len <= AUTH0LOGOUT_MAX_URL) {
		l = compile_one_ok(u, len);
	} else {
		l = compile_one_ok(u, AUTH0LOGOUT_MAX_URL);
	}
	tu_fx_init(&f, l, NULL);
	fx_decide(&f, 0, u, len);
	if (len <= AUTH0LOGOUT_MAX_URL)
		expect_redirect(&f, 0, u, len, u, len, NULL);
	else
		expect_error(&f, 0, u, len, AUTH0LOGOUT_E_RETURN_TO_TOO_LONG,
		             AUTH0LOGOUT_LIST_NONE);
	tu_fx_free(&f);
	free(u);
}
END_TEST

/* A 4096-byte returnTo whose query is all bytes to encode: Location of
 * three times its size still fits and is header-safe. */
static const char r4_7_fill_bytes[] = {' ', '\xff', '<', '\x80'};

START_TEST(r4_7_encodes_long_query)
{
	size_t len = AUTH0LOGOUT_MAX_URL;
	char *u = malloc(len);
	char *want = malloc(3 * len);
	struct tu_fx f;
	size_t i;
	size_t wl;

	ck_assert_msg(u != NULL && want != NULL, "out of memory");
	memcpy(u, "https://a.com/?", 15);
	memset(u + 15, r4_7_fill_bytes[_i], len - 16);
	u[len - 1] = 'x';
	memcpy(want, "https://a.com/?", 15);
	wl = 15;
	for (i = 15; i < len - 1; i++) {
		snprintf(want + wl, 4, "%%%02X", (unsigned char)u[i]);
		wl += 3;
	}
	want[wl++] = 'x';
	tu_fx_init(&f, tu_compile_csv_ok("https://a.com/"), NULL);
	fx_decide(&f, 0, u, len);
	expect_redirect(&f, 0, u, len, want, wl, "https://a.com/");
	tu_fx_free(&f);
	free(want);
	free(u);
}
END_TEST

/* ----------------------------------------------------------------------- */
/* R4.8/R4.9 matching, through decisions.                                  */

struct match_row {
	const char *list; /* comma-separated allow-list */
	const char *rt;   /* returnTo */
	size_t rt_len;
	auth0logout_status status; /* OK (redirect) or NOT_ALLOWED or R4 */
	const char *location;      /* NULL: returnTo as written */
	const char *matched;
};

/* clang-format off */
#define MATCH(list, rt, matched) {list, S(rt), AUTH0LOGOUT_OK, NULL, matched}
#define NOMATCH(list, rt) {list, S(rt), AUTH0LOGOUT_E_NOT_ALLOWED, NULL, NULL}
/* clang-format on */

static const struct match_row r4_8_rows[] = {
    /* scheme and host compare case-insensitively; Location as written */
    MATCH("https://a.com/x", "HTTPS://A.COM/x", "https://a.com/x"),
    MATCH("HTTPS://A.COM/x", "https://a.com/x", "HTTPS://A.COM/x"),
    MATCH("https://a.com/x", "hTtPs://a.CoM/x", "https://a.com/x"),
    MATCH("https://xn--bcher-kva.example", "https://XN--BCHER-KVA.EXAMPLE",
          "https://xn--bcher-kva.example"),
    MATCH("https://[2001:db8::1]/x", "https://[2001:DB8::1]/x",
          "https://[2001:db8::1]/x"),
    MATCH("myapp://logout", "MYAPP://logout", "myapp://logout"),
    MATCH("com.example.app:/oauth", "com.example.app:/oauth",
          "com.example.app:/oauth"),
    NOMATCH("com.example.app:/oauth", "com.example.app:/OAUTH"),
    NOMATCH("myapp://logout", "myapp://logout/"),
    NOMATCH("myapp://logout", "otherapp://logout"),
    /* paths are case-sensitive */
    NOMATCH("https://a.com/x", "https://a.com/X"),
    NOMATCH("https://a.com/Logout", "https://a.com/logout"),
    /* trailing slash matters both ways */
    NOMATCH("https://a.com", "https://a.com/"),
    NOMATCH("https://a.com/", "https://a.com"),
    NOMATCH("https://a.com/x/", "https://a.com/x"),
    NOMATCH("https://a.com/x", "https://a.com/x/"),
    MATCH("https://a.com/", "https://a.com/", "https://a.com/"),
    /* ports compare as written */
    NOMATCH("https://a.com", "https://a.com:443"),
    NOMATCH("https://a.com:443", "https://a.com"),
    NOMATCH("http://a.com", "http://a.com:80"),
    MATCH("https://a.com:8080/x", "https://a.com:8080/x",
          "https://a.com:8080/x"),
    NOMATCH("https://a.com:8080/x", "https://a.com/x"),
    NOMATCH("https://a.com:8080/x", "https://a.com:8081/x"),
    /* scheme must be the same scheme */
    NOMATCH("http://a.com", "https://a.com"),
    NOMATCH("https://a.com", "http://a.com"),
    /* dot segments are not resolved */
    NOMATCH("https://a.com/b", "https://a.com/a/../b"),
    NOMATCH("https://a.com/a/../b", "https://a.com/b"),
    NOMATCH("https://a.com/b", "https://a.com/./b"),
    MATCH("https://a.com/a/../b", "https://a.com/a/../b",
          "https://a.com/a/../b"),
    /* percent escapes are not decoded */
    NOMATCH("https://a.com/A", "https://a.com/%41"),
    NOMATCH("https://a.com/%41", "https://a.com/A"),
    NOMATCH("https://a.com/%c3%a9", "https://a.com/%C3%A9"),
    NOMATCH("https://a.com/a/b", "https://a.com/a%2Fb"),
    /* query and fragment of returnTo ignored, kept in the Location */
    MATCH("https://a.com/x", "https://a.com/x?y=1#z", "https://a.com/x"),
    MATCH("https://a.com/x", "https://a.com/x#frag", "https://a.com/x"),
    MATCH("https://a.com/x", "https://a.com/x?", "https://a.com/x"),
    MATCH("https://a.com", "https://a.com?x=1", "https://a.com"),
    MATCH("https://a.com", "https://a.com#x", "https://a.com"),
    MATCH("https://a.com/", "https://a.com/?next=https://evil.com",
          "https://a.com/"),
    /* an entry's query and fragment are ignored too */
    MATCH("https://a.com/x?q=1", "https://a.com/x", "https://a.com/x?q=1"),
    MATCH("https://a.com/x?q=1", "https://a.com/x?q=2", "https://a.com/x?q=1"),
    MATCH("https://a.com/x#f", "https://a.com/x?z", "https://a.com/x#f"),
    NOMATCH("https://a.com/x?q=1", "https://a.com/y?q=1"),
    /* lookalike hosts */
    NOMATCH("https://a.com", "https://a.com.evil.com"),
    NOMATCH("https://a.com", "https://evil.com/https://a.com"),
    NOMATCH("https://a.com", "https://a.comx"),
    NOMATCH("https://a.com", "https://xa.com"),
    NOMATCH("https://a.com", "https://b.a.com"),
    /* matched is the first matching entry as written */
    MATCH("https://b.com, https://a.com", "https://a.com", "https://a.com"),
    MATCH("https://a.com/x?first, https://a.com/x?second", "https://a.com/x",
          "https://a.com/x?first"),
    MATCH("HTTPS://A.COM, https://a.com", "https://a.com", "HTTPS://A.COM"),
    /* R4.7 encoding before matching; Location encoded */
    {"https://a.com/a%20b", S("https://a.com/a b?x=<y>#{z}"), AUTH0LOGOUT_OK,
     "https://a.com/a%20b?x=%3Cy%3E#%7Bz%7D", "https://a.com/a%20b"},
    {"https://a.com/%C3%A9", S("https://a.com/\xc3\xa9"), AUTH0LOGOUT_OK,
     "https://a.com/%C3%A9", "https://a.com/%C3%A9"},
    {"https://a.com/a b", S("https://a.com/a%20b"), AUTH0LOGOUT_OK,
     "https://a.com/a%20b", "https://a.com/a b"},
    {"https://a.com/\xc3\xa9", S("https://a.com/%C3%A9?q=\xc3\xa9"),
     AUTH0LOGOUT_OK, "https://a.com/%C3%A9?q=%C3%A9", "https://a.com/\xc3\xa9"},
    NOMATCH("https://a.com/%c3%a9", "https://a.com/\xc3\xa9"),
    /* nothing on an empty list */
    NOMATCH("", "https://a.com"),
};

static void check_match_row(const struct match_row *r, int via_client)
{
	struct tu_fx f;
	auth0logout_allowlist *l = tu_compile_csv_ok(r->list);

	if (via_client)
		tu_fx_init(&f, tu_compile_csv_ok(TU_UNRELATED), l);
	else
		tu_fx_init(&f, l, tu_compile_csv_ok(TU_UNRELATED));
	fx_decide(&f, via_client, r->rt, r->rt_len);
	if (r->status == AUTH0LOGOUT_OK) {
		const char *loc = r->location ? r->location : r->rt;
		size_t loc_len = r->location ? strlen(r->location) : r->rt_len;

		expect_redirect(&f, via_client, r->rt, r->rt_len, loc, loc_len,
		                r->matched);
	} else {
		expect_error(&f, via_client, r->rt, r->rt_len, r->status,
		             r->status == AUTH0LOGOUT_E_NOT_ALLOWED
		                 ? (via_client ? AUTH0LOGOUT_LIST_CLIENT
		                               : AUTH0LOGOUT_LIST_TENANT)
		                 : AUTH0LOGOUT_LIST_NONE);
	}
	tu_fx_free(&f);
}

START_TEST(r4_8_matches_tenant_list)
{
	check_match_row(&r4_8_rows[_i], 0);
}
END_TEST

START_TEST(r4_8_matches_client_list)
{
	check_match_row(&r4_8_rows[_i], 1);
}
END_TEST

/* ----------------------------------------------------------------------- */
/* The open-redirect corpus: every payload is refused.                      */

static char *corpus_data;
static const char **corpus_lines;
static size_t *corpus_lens;
static size_t corpus_n;
static char corpus_tried[1024];

static int corpus_load_from(const char *path)
{
	FILE *fp = fopen(path, "rb");
	long size;
	size_t n, i, start;

	if (fp == NULL)
		return 0;
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return 0;
	}
	corpus_data = malloc((size_t)size + 1);
	if (corpus_data == NULL ||
	    fread(corpus_data, 1, (size_t)size, fp) != (size_t)size) {
		fclose(fp);
		free(corpus_data);
		corpus_data = NULL;
		return 0;
	}
	fclose(fp);
	corpus_data[size] = '\n';
	n = 0;
	for (i = 0; i < (size_t)size; i++)
		n += corpus_data[i] == '\n';
	n++;
	corpus_lines = malloc(n * sizeof(*corpus_lines));
	corpus_lens = malloc(n * sizeof(*corpus_lens));
	if (corpus_lines == NULL || corpus_lens == NULL)
		return 0;
	start = 0;
	for (i = 0; i <= (size_t)size; i++) {
		if (corpus_data[i] != '\n')
			continue;
		if (i > start) {
			corpus_lines[corpus_n] = corpus_data + start;
			corpus_lens[corpus_n] = i - start;
			corpus_n++;
		}
		start = i + 1;
	}
	return 1;
}

static void corpus_try(const char *path)
{
	size_t used = strlen(corpus_tried);

	if (corpus_n > 0)
		return;
	errno = 0;
	if (corpus_load_from(path) && corpus_n > 0)
		return;
	snprintf(corpus_tried + used, sizeof(corpus_tried) - used, "%s%s (%s)",
	         used ? ", " : "", path, errno ? strerror(errno) : "no lines");
}

static void corpus_load(void)
{
	const char *srcdir = getenv("AUTH0LOGOUT_SRCDIR");
	char path[1024];

	/* The shared corpus beside the checkout is the source of truth; the
	 * copy in tests/data keeps a lone clone testable. */
	if (srcdir != NULL) {
		snprintf(path, sizeof(path), "%s/../%s", srcdir, CORPUS_NAME);
		corpus_try(path);
	}
	if (corpus_n == 0) {
		snprintf(path, sizeof(path), "../%s", CORPUS_NAME);
		corpus_try(path);
	}
	if (corpus_n == 0) {
		snprintf(path, sizeof(path), "%s/%s", srcdir ? srcdir : ".",
		         CORPUS_COPY);
		corpus_try(path);
	}
}

static void corpus_free(void)
{
	free(corpus_lines);
	free(corpus_lens);
	free(corpus_data);
}

/* Diagnostics name the byte of the input, even after R4.7 has encoded
 * earlier bytes of the path (each e-acute below takes 6 bytes encoded). */
START_TEST(r4_diag_offsets_are_input_offsets)
{
	auth0logout_diag d;
	const char *star = "https://a.com/\xc3\xa9\xc3\xa9*";
	ck_assert_int_eq(auth0logout_entry_check(star, strlen(star), &d),
	                 AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE);
	ck_assert_uint_eq(d.offset, 18);
	ck_assert_ptr_nonnull(strstr(d.text, "byte 18"));

	const char *bad = "https://a.com/\xc3\xa9\xc3\xa9%zz";
	ck_assert_int_eq(auth0logout_entry_check(bad, strlen(bad), &d),
	                 AUTH0LOGOUT_E_URL_SYNTAX);
	/* uriparser stops at the '%' or just after it */
	ck_assert_uint_ge(d.offset, 18);
	ck_assert_uint_le(d.offset, 20);

	/* never past the end, even where uriparser stops there */
	const char *cut = "https://a.com/%";
	ck_assert_int_eq(auth0logout_entry_check(cut, strlen(cut), &d),
	                 AUTH0LOGOUT_E_URL_SYNTAX);
	ck_assert_uint_lt(d.offset, strlen(cut));

	const char *port = "https://*.example.com:*/";
	ck_assert_int_eq(auth0logout_entry_check(port, strlen(port), &d),
	                 AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE);
	ck_assert_uint_eq(d.offset, 8);

	const char *csv = "https://ok.com, https://a.com/\xc3\xa9\xc3\xa9*";
	auth0logout_allowlist *l = NULL;
	ck_assert_int_eq(
	    auth0logout_allowlist_compile_csv(csv, strlen(csv), &l, &d),
	    AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE);
	ck_assert_uint_eq(d.index, 1);
	ck_assert_uint_eq(d.offset, 16 + 18);
	ck_assert_uint_lt(d.offset, strlen(csv));
}
END_TEST

START_TEST(r4_corpus_is_loaded)
{
	ck_assert_msg(corpus_n > 0,
	              "open-redirect corpus not found or empty; tried %s "
	              "(set AUTH0LOGOUT_SRCDIR to the source tree)",
	              corpus_tried);
}
END_TEST

#define CORPUS_LIST                                                            \
	"https://www.whitelisteddomain.tld, https://example.com, "             \
	"https://*.whitelisteddomain.tld"

static void check_corpus_line(size_t i, int via_client)
{
	struct tu_fx f;
	const char *rt = corpus_lines[i];
	size_t rt_len = corpus_lens[i];

	if (via_client)
		tu_fx_init(&f, tu_compile_csv_ok(TU_UNRELATED),
		           tu_compile_csv_ok(CORPUS_LIST));
	else
		tu_fx_init(&f, tu_compile_csv_ok(CORPUS_LIST),
		           tu_compile_csv_ok(TU_UNRELATED));
	fx_decide(&f, via_client, rt, rt_len);
	ck_assert_msg(
	    f.d.outcome == AUTH0LOGOUT_OUTCOME_ERROR,
	    "corpus line %zu %s (%s): outcome %s (%s), location %s; "
	    "must be refused",
	    i + 1, tu_show(rt, rt_len), via_name(via_client),
	    tu_oname(f.d.outcome), tu_name(f.d.status),
	    tu_show(f.d.location, f.d.location ? f.d.location_len : 0));
	ck_assert_msg(f.d.http_status == 400 &&
	                  f.d.error == AUTH0LOGOUT_ERROR_INVALID_REQUEST,
	              "corpus line %zu %s: http %d (%s)", i + 1,
	              tu_show(rt, rt_len), f.d.http_status,
	              tu_name(f.d.status));
	tu_fx_free(&f);
}

START_TEST(r4_corpus_refused_by_tenant_list)
{
	check_corpus_line((size_t)_i, 0);
}
END_TEST

START_TEST(r4_corpus_refused_by_client_list)
{
	check_corpus_line((size_t)_i, 1);
}
END_TEST

/* ----------------------------------------------------------------------- */

/* ---- the public parts of a URL (auth0logout_url_parse, since 0.2) ------ */

/* Parses url (NUL-terminated) into u, in buf; returns the status. */
static int parse_url(const char *url, unsigned flags, char *buf,
                     auth0logout_url *u)
{
	auth0logout_diag d;
	return auth0logout_url_parse(url, strlen(url), flags, buf,
	                             AUTH0LOGOUT_URL_BUFFER_SIZE, u, &d);
}

/* Part what of u is the NUL-terminated want. */
#define PART_IS(u, what, want)                                                 \
	ck_assert_msg(                                                         \
	    (u).what##_len == strlen(want) &&                                  \
	        memcmp((u).text + (u).what##_off, want, strlen(want)) == 0,    \
	    #what " is %s, want %s",                                           \
	    tu_show((u).text + (u).what##_off, (u).what##_len), want)

START_TEST(r4_url_parse_gives_the_parts)
{
	char *buf = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	auth0logout_url u;

	ck_assert_int_eq(
	    parse_url("HTTPS://App.Example.com:8443/a b?q=1#f", 0, buf, &u),
	    AUTH0LOGOUT_OK);
	/* R4.7: the text is what matching compares and a redirect emits. */
	ck_assert_str_eq(u.text, "HTTPS://App.Example.com:8443/a%20b?q=1#f");
	ck_assert_uint_eq(u.len, strlen(u.text));
	ck_assert_uint_eq(u.scheme_len, 5);
	ck_assert(u.special && u.has_authority && u.has_port &&
	          u.has_query_or_fragment && !u.wildcard);
	ck_assert_int_eq(u.host_kind, AUTH0LOGOUT_HOST_NAME);
	PART_IS(u, host, "App.Example.com");
	PART_IS(u, port, "8443");
	PART_IS(u, path, "/a%20b");
	for (size_t i = 0; i < 4; i++)
		ck_assert_uint_eq(u.reserved[i], 0);

	ck_assert_int_eq(parse_url("https://[::1]/x", 0, buf, &u),
	                 AUTH0LOGOUT_OK);
	ck_assert_int_eq(u.host_kind, AUTH0LOGOUT_HOST_IPV6);
	PART_IS(u, host, "::1");
	ck_assert_int_eq(parse_url("com.example.app:/cb", 0, buf, &u),
	                 AUTH0LOGOUT_OK);
	ck_assert(!u.special && !u.has_authority);
	ck_assert_int_eq(u.host_kind, AUTH0LOGOUT_HOST_NONE);
	PART_IS(u, path, "/cb");

	/* R5: a wildcard only as an entry. */
	ck_assert_int_eq(parse_url("https://pr-*.example.com/", 0, buf, &u),
	                 AUTH0LOGOUT_E_URL_BAD_HOST);
	ck_assert_int_eq(parse_url("https://pr-*.example.com/",
	                           AUTH0LOGOUT_URL_ENTRY, buf, &u),
	                 AUTH0LOGOUT_OK);
	ck_assert(u.wildcard);
	ck_assert_int_eq(u.text[u.star_off], '*');
	ck_assert_str_eq(u.text + u.parent_off, "example.com/");
	ck_assert_int_eq(parse_url("", AUTH0LOGOUT_URL_ENTRY, buf, &u),
	                 AUTH0LOGOUT_E_ENTRY_EMPTY);
	ck_assert_int_eq(
	    parse_url("example.com", AUTH0LOGOUT_URL_ENTRY, buf, &u),
	    AUTH0LOGOUT_E_ENTRY_NO_SCHEME);
	ck_assert_int_eq(parse_url("example.com", 0, buf, &u),
	                 AUTH0LOGOUT_E_URL_NO_SCHEME);
	free(buf);
}
END_TEST

START_TEST(r4_url_parse_checks_its_arguments)
{
	char *buf = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE + 1);
	auth0logout_url u;
	auth0logout_diag d;

	ck_assert_int_eq(auth0logout_url_parse("https://a.com", 13, 0, buf,
	                                       AUTH0LOGOUT_URL_BUFFER_SIZE - 1,
	                                       &u, &d),
	                 AUTH0LOGOUT_E_BUFFER_TOO_SMALL);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_BUFFER_TOO_SMALL);
	ck_assert_int_eq(auth0logout_url_parse("https://a.com", 13, 0x80, buf,
	                                       AUTH0LOGOUT_URL_BUFFER_SIZE, &u,
	                                       &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_url_parse(NULL, 1, 0, buf,
	                                       AUTH0LOGOUT_URL_BUFFER_SIZE, &u,
	                                       &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_int_eq(auth0logout_url_parse("https://a.com", 13, 0, buf,
	                                       AUTH0LOGOUT_URL_BUFFER_SIZE,
	                                       NULL, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	/* Any alignment. */
	ck_assert_int_eq(
	    auth0logout_url_parse("https://a.com/x", 15, 0, buf + 1,
	                          AUTH0LOGOUT_URL_BUFFER_SIZE, &u, NULL),
	    AUTH0LOGOUT_OK);
	ck_assert_str_eq(u.text, "https://a.com/x");
	ck_assert_uint_eq(auth0logout_url_buffer_size(),
	                  AUTH0LOGOUT_URL_BUFFER_SIZE);
	ck_assert_uint_eq(auth0logout_url_size(), sizeof(auth0logout_url));
	ck_assert_uint_eq(auth0logout_max_path_segments(), 1024);
	free(buf);
}
END_TEST

/* R4.7: at most AUTH0LOGOUT_MAX_PATH_SEGMENTS path segments, whatever the
 * URL's shape, counted as RFC 3986 counts them; the parser never runs out
 * of its fixed memory below the limit. */
static const char *const segment_shapes[] = {
    "https://a.example.com",
    "https://[::1]:8443",
    "https://127.0.0.1",
    "myapp://host",
    "myapp:",
    "myapp:x",
};

START_TEST(r4_7_path_segments_limit)
{
	char *buf = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	char *url = malloc(8192);
	auth0logout_url u;
	auth0logout_diag d;
	const char *shape = segment_shapes[_i];
	size_t base = strlen(shape);
	/* "myapp:x" starts a rootless path: its first segment has no '/'. */
	size_t own = strcmp(shape, "myapp:x") == 0;

	for (size_t segs = AUTH0LOGOUT_MAX_PATH_SEGMENTS - 1;
	     segs <= AUTH0LOGOUT_MAX_PATH_SEGMENTS + 1; segs++) {
		size_t n = base;
		memcpy(url, shape, base);
		for (size_t i = own; i < segs; i++) {
			url[n++] = '/';
			url[n++] = 'p';
		}
		url[n++] = '?';
		url[n++] = '/'; /* a '/' in the query is no segment */
		int st = auth0logout_url_parse(
		    url, n, 0, buf, AUTH0LOGOUT_URL_BUFFER_SIZE, &u, &d);
		if (segs <= AUTH0LOGOUT_MAX_PATH_SEGMENTS) {
			ck_assert_msg(st == AUTH0LOGOUT_OK,
			              "%s: %zu segments: %s", shape, segs,
			              d.text);
		} else {
			ck_assert_int_eq(st, AUTH0LOGOUT_E_URL_TOO_COMPLEX);
			ck_assert_msg(strstr(d.text, "1025 segments") != NULL,
			              "%s", d.text);
			ck_assert_str_eq(auth0logout_status_rule(st), "R4.7");
		}
	}
	free(url);
	free(buf);
}
END_TEST

/* R4.8 as the library indexes entries: the key of the tools. */
static const struct key_row {
	const char *a, *b;
	int same;
} key_rows[] = {
    {"https://a.com/x", "HTTPS://A.COM/x", 1},
    {"https://a.com/x", "https://a.com/x?q#f", 1},
    {"https://a.com/x", "https://a.com/X", 0},
    {"https://a.com/x", "https://a.com/x/", 0},
    {"https://a.com", "https://a.com:443", 0},
    {"https://a.com:443", "https://a.com:443/", 0},
    {"https://a.com", "http://a.com", 0},
    {"https://*.a.com", "https://*.A.com", 1},
    {"https://*.a.com", "https://x.a.com", 0},
    {"https://[::1]/x", "https://[::1]/x", 1},
    {"com.example.app:/cb", "com.example.app:/cb", 1},
    {"myapp://cb", "myapp:/cb", 0},
    /* R4.5: a custom scheme's authority compares exactly; its scheme
     * does not. */
    {"com.example.app://callback", "com.example.app://CALLBACK", 0},
    {"com.example.app://callback", "COM.Example.App://callback", 1},
    {"myapp://Cb/x", "myapp://cb/x", 0},
};

START_TEST(r4_8_key_equal_and_hash)
{
	const struct key_row *r = &key_rows[_i];
	char *ba = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	char *bb = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	auth0logout_url a, b;

	ck_assert_int_eq(parse_url(r->a, AUTH0LOGOUT_URL_ENTRY, ba, &a), 0);
	ck_assert_int_eq(parse_url(r->b, AUTH0LOGOUT_URL_ENTRY, bb, &b), 0);
	ck_assert_msg(!!auth0logout_url_key_equal(&a, &b) == r->same,
	              "%s vs %s", r->a, r->b);
	ck_assert(!!auth0logout_url_key_equal(&b, &a) == r->same);
	if (r->same)
		ck_assert_uint_eq(auth0logout_url_key_hash(&a),
		                  auth0logout_url_key_hash(&b));
	/* The key the matcher uses: a list of a matches b exactly when the
	 * keys are equal (neither is a wildcard, nor matched by one). */
	if (!a.wildcard && !b.wildcard) {
		auth0logout_allowlist *l = tu_compile_csv_ok(r->a);
		auth0logout_store st;
		auth0logout_memstore *ms = auth0logout_memstore_new();
		char q[512], *enc = tu_pct_encode(q + 9, r->b, strlen(r->b));
		auth0logout_decision d;
		char *buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
		memcpy(q, "returnTo=", 9);
		*enc = '\0';
		auth0logout_memstore_set_tenant(ms, l);
		auth0logout_memstore_get(ms, &st);
		auth0logout_decide_query(&st, q, strlen(q), buf,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
		ck_assert_msg((d.outcome == AUTH0LOGOUT_OUTCOME_REDIRECT) ==
		                  r->same,
		              "%s on the list %s: %s", r->b, r->a,
		              auth0logout_status_name(d.status));
		free(buf);
		auth0logout_memstore_free(ms);
	}
	ck_assert(!auth0logout_url_key_equal(NULL, &a));
	free(ba);
	free(bb);
}
END_TEST

/* R4.5 in the tools' key: the host of an http(s) URL compares without
 * regard to case, the authority of any other scheme exactly; the key
 * agrees with matching in both directions (each as the entry, the other
 * as the returnTo), and equal keys hash equal. */
static int redirects(const char *entry, const char *return_to)
{
	auth0logout_memstore *ms = auth0logout_memstore_new();
	auth0logout_store st;
	auth0logout_decision d;
	char q[512], *end = tu_pct_encode(q + 9, return_to, strlen(return_to));
	char *buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	int ok;

	memcpy(q, "returnTo=", 9);
	*end = '\0';
	auth0logout_memstore_set_tenant(ms, tu_compile_csv_ok(entry));
	auth0logout_memstore_get(ms, &st);
	auth0logout_decide_query(&st, q, strlen(q), buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
	ok = d.outcome == AUTH0LOGOUT_OUTCOME_REDIRECT;
	free(buf);
	auth0logout_memstore_free(ms);
	return ok;
}

static const struct key_row r4_5_case_rows[] = {
    /* http(s): the host folds */
    {"https://www.example.com/x", "https://WWW.Example.COM/x", 1},
    {"http://App.Example.com:8080/", "HTTP://app.example.COM:8080/", 1},
    {"https://[::1]/x", "https://[::1]/x", 1},
    /* any other scheme: the authority compares exactly; the scheme and
     * a missing authority do not make a difference */
    {"myapp://signout", "myapp://SignOut", 0},
    {"myapp://SignOut", "MYAPP://SignOut", 1},
    {"com.example.app://callback/x", "com.example.app://CALLBACK/x", 0},
    {"exp://Host.Local:19000/--/cb", "exp://host.local:19000/--/cb", 0},
    {"myapp://[::1]/cb", "myapp://[::1]/cb", 1},
    {"Com.Example.App:/cb", "com.example.app:/cb", 1},
};

START_TEST(r4_5_key_folds_the_host_of_http_only)
{
	const struct key_row *r = &r4_5_case_rows[_i];
	char *ba = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	char *bb = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	auth0logout_url a, b;

	ck_assert_int_eq(parse_url(r->a, 0, ba, &a), 0);
	ck_assert_int_eq(parse_url(r->b, 0, bb, &b), 0);
	ck_assert_msg(!!auth0logout_url_key_equal(&a, &b) == r->same,
	              "key_equal(%s, %s) != %d", r->a, r->b, r->same);
	ck_assert_msg(!!auth0logout_url_key_equal(&b, &a) == r->same,
	              "key_equal(%s, %s) != %d", r->b, r->a, r->same);
	if (r->same)
		ck_assert_uint_eq(auth0logout_url_key_hash(&a),
		                  auth0logout_url_key_hash(&b));
	else /* not a rule, but a folding hash would make these equal */
		ck_assert_uint_ne(auth0logout_url_key_hash(&a),
		                  auth0logout_url_key_hash(&b));
	ck_assert_msg(redirects(r->a, r->b) == r->same, "%s on the list %s",
	              r->b, r->a);
	ck_assert_msg(redirects(r->b, r->a) == r->same, "%s on the list %s",
	              r->a, r->b);
	free(ba);
	free(bb);
}
END_TEST

/* A tool derives a looser key from a copy (the linter's W205). */
START_TEST(r4_8_key_of_a_changed_copy)
{
	char *ba = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	char *bb = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	auth0logout_url a, b;

	ck_assert_int_eq(parse_url("https://a.com:443/x/", 0, ba, &a), 0);
	ck_assert_int_eq(parse_url("https://a.com/x", 0, bb, &b), 0);
	ck_assert(!auth0logout_url_key_equal(&a, &b));
	a.has_port = 0;
	a.port_len = 0;
	a.path_len--;
	ck_assert(auth0logout_url_key_equal(&a, &b));
	ck_assert_uint_eq(auth0logout_url_key_hash(&a),
	                  auth0logout_url_key_hash(&b));
	free(ba);
	free(bb);
}
END_TEST

static Suite *url_suite(void)
{
	Suite *s = suite_create("url");
	TCase *tc = tcase_create("R4");
	TCase *tm = tcase_create("R4.8");
	TCase *tcorp = tcase_create("corpus");

	tcase_set_timeout(tc, 120);
	ADD_URL_RULE(tc, r4_1_refuses_control_bytes, r4_1_control_rows);
	ADD_URL_RULE(tc, r4_1_refuses_backslash, r4_1_backslash_rows);
	ADD_URL_RULE(tc, r4_1_refuses_surrounding_space, r4_1_space_rows);
	ADD_URL_RULE(tc, r4_2_refuses_missing_scheme, r4_2_no_scheme_rows);
	ADD_URL_RULE(tc, r4_2_refuses_forbidden_scheme, r4_2_forbidden_rows);
	ADD_URL_RULE(tc, r4_3_refuses_missing_host, r4_3_no_host_rows);
	ADD_URL_RULE(tc, r4_3_allows_custom_schemes, r4_3_custom_rows);
	ADD_URL_RULE(tc, r4_4_refuses_userinfo, r4_4_userinfo_rows);
	ADD_URL_RULE(tc, r4_5_checks_host, r4_5_host_rows);
	ADD_URL_RULE(tc, r4_5_checks_punycode, r4_5_punycode_rows);
	ADD_URL_RULE(tc, r4_6_checks_port, r4_6_port_rows);
	ADD_URL_RULE(tc, r4_7_refuses_bad_char_in_authority,
	             r4_7_bad_char_rows);
	ADD_URL_RULE(tc, r4_7_encodes_path_query_fragment, r4_7_encode_rows);
	ADD_URL_RULE(tc, r4_7_refuses_invalid_syntax, r4_7_syntax_rows);
	tcase_add_loop_test(tc, r4_checks_entry_length, 0,
	                    N_ROWS(r4_length_rows));
	tcase_add_loop_test(tc, r4_checks_return_to_length, 0,
	                    N_ROWS(r4_length_rows));
	tcase_add_loop_test(tc, r4_7_encodes_long_query, 0,
	                    N_ROWS(r4_7_fill_bytes));
	suite_add_tcase(s, tc);

	tcase_set_timeout(tm, 120);
	tcase_add_loop_test(tm, r4_8_matches_tenant_list, 0, N_ROWS(r4_8_rows));
	tcase_add_loop_test(tm, r4_8_matches_client_list, 0, N_ROWS(r4_8_rows));
	suite_add_tcase(s, tm);

	tcase_set_timeout(tcorp, 300);
	tcase_add_test(tcorp, r4_corpus_is_loaded);
	tcase_add_test(tcorp, r4_diag_offsets_are_input_offsets);
	tcase_add_loop_test(tcorp, r4_corpus_refused_by_tenant_list, 0,
	                    (int)corpus_n);
	tcase_add_loop_test(tcorp, r4_corpus_refused_by_client_list, 0,
	                    (int)corpus_n);
	suite_add_tcase(s, tcorp);

	TCase *tp = tcase_create("parts");
	tcase_add_test(tp, r4_url_parse_gives_the_parts);
	tcase_add_test(tp, r4_url_parse_checks_its_arguments);
	ADD_ROWS(tp, r4_7_path_segments_limit, segment_shapes);
	ADD_ROWS(tp, r4_8_key_equal_and_hash, key_rows);
	ADD_ROWS(tp, r4_5_key_folds_the_host_of_http_only, r4_5_case_rows);
	tcase_add_test(tp, r4_8_key_of_a_changed_copy);
	suite_add_tcase(s, tp);
	return s;
}

int main(void)
{
	int rc;

	corpus_load();
	rc = tu_run_suite(url_suite());
	corpus_free();
	return rc;
}
