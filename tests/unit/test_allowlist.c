/* SPDX-License-Identifier: MIT */
/*
 * R5: allow-list entries, through auth0logout_allowlist_compile_csv,
 * auth0logout_allowlist_compile_array and auth0logout_entry_check, and
 * wildcard matching through whole decisions on an in-memory store.
 *
 * Inputs are copied into blocks of exactly their length (no terminating
 * NUL) so overreads show up under ASan or valgrind.
 */
#include <check.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth0logout.h"
#include "testutil.h"

#define MAX_ITEMS 4

/* A non-NULL pointer to preset *out with, to see that failure clears it. */
static int not_a_list;
#define BOGUS_LIST ((auth0logout_allowlist *)(void *)&not_a_list)

/* Checks that list holds exactly want[0..n-1], in order, as written. */
static void expect_entries(const char *what, const auth0logout_allowlist *l,
                           const char *const *want, size_t n)
{
	size_t i;
	size_t len;
	const char *e;

	ck_assert_msg(auth0logout_allowlist_count(l) == n,
	              "%s: %zu entries, want %zu", what,
	              auth0logout_allowlist_count(l), n);
	for (i = 0; i < n; i++) {
		len = (size_t)-1;
		e = auth0logout_allowlist_entry(l, i, &len);
		ck_assert_msg(e != NULL && len == strlen(want[i]) &&
		                  strcmp(e, want[i]) == 0,
		              "%s: entry %zu is %s, want %s", what, i,
		              tu_show(e, e ? len : 0), tu_shows(want[i]));
		ck_assert_msg(auth0logout_allowlist_entry(l, i, NULL) == e,
		              "%s: entry %zu differs without len", what, i);
	}
	ck_assert_msg(auth0logout_allowlist_entry(l, n, &len) == NULL,
	              "%s: entry %zu (out of range) is not NULL", what, n);
}

/* ----------------------------------------------------------------------- */
/* R5.1 the comma-separated (dashboard) form.                               */

/* The checks both list forms share.  Returns 1 when compiling failed as
 * expected, so that the caller can check what only it knows (the offset). */
static int expect_compiled(const char *what, auth0logout_status st,
                           auth0logout_status want_st, auth0logout_allowlist *l,
                           const auth0logout_diag *diag,
                           const char *const *want, size_t count, size_t index)
{
	ck_assert_msg(st == want_st, "%s: got %s, want %s (%s)", what,
	              tu_name(st), tu_name(want_st), diag->text);
	if (st == AUTH0LOGOUT_OK) {
		ck_assert_msg(l != NULL && l != BOGUS_LIST, "%s: no list",
		              what);
		expect_entries(what, l, want, count);
		auth0logout_allowlist_free(l);
		return 0;
	}
	ck_assert_msg(l == NULL, "%s: *out not NULL after %s", what,
	              tu_name(st));
	ck_assert_msg(diag->status == (int)st, "%s: diag.status %d", what,
	              diag->status);
	ck_assert_msg(diag->index == index, "%s: diag.index %zu, want %zu",
	              what, diag->index, index);
	if (st == AUTH0LOGOUT_E_ENTRY_NO_SCHEME)
		ck_assert_msg(strstr(diag->text, "https://") != NULL,
		              "%s: message \"%s\" does not say to add https://",
		              what, diag->text);
	return 1;
}

struct csv_row {
	const char *csv;
	auth0logout_status status;
	size_t count;                /* on success */
	const char *want[MAX_ITEMS]; /* on success */
	size_t index;                /* on failure: the bad item */
};

static const struct csv_row r5_1_csv_rows[] = {
    {" https://a.com , ,https://b.com,",
     AUTH0LOGOUT_OK,
     2,
     {"https://a.com", "https://b.com"},
     0},
    {"", AUTH0LOGOUT_OK, 0, {NULL}, 0},
    {" ", AUTH0LOGOUT_OK, 0, {NULL}, 0},
    {" , ,, ", AUTH0LOGOUT_OK, 0, {NULL}, 0},
    {",,,", AUTH0LOGOUT_OK, 0, {NULL}, 0},
    {"https://a.com", AUTH0LOGOUT_OK, 1, {"https://a.com"}, 0},
    {"  https://a.com/x  ", AUTH0LOGOUT_OK, 1, {"https://a.com/x"}, 0},
    {"https://a.com,https://b.com,https://c.com",
     AUTH0LOGOUT_OK,
     3,
     {"https://a.com", "https://b.com", "https://c.com"},
     0},
    {"https://c.com, https://a.com, https://b.com",
     AUTH0LOGOUT_OK,
     3,
     {"https://c.com", "https://a.com", "https://b.com"},
     0},
    {",https://a.com/a b,", AUTH0LOGOUT_OK, 1, {"https://a.com/a b"}, 0},
    {"HTTPS://A.COM/X , myapp://logout,https://*.example.com",
     AUTH0LOGOUT_OK,
     3,
     {"HTTPS://A.COM/X", "myapp://logout", "https://*.example.com"},
     0},
    {"https://a.com/x?q=1#f", AUTH0LOGOUT_OK, 1, {"https://a.com/x?q=1#f"}, 0},
    /* the failing item is named by its index among non-empty items */
    {"example.com", AUTH0LOGOUT_E_ENTRY_NO_SCHEME, 0, {NULL}, 0},
    {"https://a.com,example.com", AUTH0LOGOUT_E_ENTRY_NO_SCHEME, 0, {NULL}, 1},
    {"https://a.com, , example.com",
     AUTH0LOGOUT_E_ENTRY_NO_SCHEME,
     0,
     {NULL},
     1},
    {", ,*.example.com,https://a.com",
     AUTH0LOGOUT_E_ENTRY_NO_SCHEME,
     0,
     {NULL},
     0},
    {"https://a.com,https://b.com,javascript:x",
     AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME,
     0,
     {NULL},
     2},
    {"https://a.com,,https://*.com",
     AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD,
     0,
     {NULL},
     1},
    {"https://a.com, https://a.com/\\x",
     AUTH0LOGOUT_E_URL_BACKSLASH,
     0,
     {NULL},
     1},
    {"https://a.com/*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE, 0, {NULL}, 0},
    {"https://a.com, https://u@b.com, https://c.com",
     AUTH0LOGOUT_E_URL_USERINFO,
     0,
     {NULL},
     1},
    {"https://a.com:0", AUTH0LOGOUT_E_URL_BAD_PORT, 0, {NULL}, 0},
    {"https://a.com, localhost:3000",
     AUTH0LOGOUT_E_ENTRY_NO_SCHEME,
     0,
     {NULL},
     1},
};

/* Byte range [start, end) of the index-th non-empty trimmed item. */
static int csv_item_range(const char *csv, size_t index, size_t *start,
                          size_t *end)
{
	size_t n = strlen(csv);
	size_t i = 0;
	size_t k = 0;

	while (i <= n) {
		size_t s = i;
		size_t e;

		while (i < n && csv[i] != ',')
			i++;
		e = i;
		while (s < e && csv[s] == ' ')
			s++;
		while (e > s && csv[e - 1] == ' ')
			e--;
		if (e > s) {
			if (k == index) {
				*start = s;
				*end = e;
				return 1;
			}
			k++;
		}
		i++;
	}
	return 0;
}

START_TEST(r5_1_compiles_csv)
{
	const struct csv_row *r = &r5_1_csv_rows[_i];
	size_t len = strlen(r->csv);
	char *csv = tu_dup_exact(r->csv, len);
	auth0logout_allowlist *l = BOGUS_LIST;
	auth0logout_diag diag;
	auth0logout_status st;
	char what[700];
	size_t start = 0, end = 0;

	memset(&diag, 0x5a, sizeof(diag));
	st = auth0logout_allowlist_compile_csv(csv, len, &l, &diag);
	snprintf(what, sizeof(what), "compile_csv(%s)", tu_shows(r->csv));
	if (expect_compiled(what, st, r->status, l, &diag, r->want, r->count,
	                    r->index)) {
		ck_assert_msg(csv_item_range(r->csv, r->index, &start, &end),
		              "table error");
		ck_assert_msg(diag.offset >= start && diag.offset <= end,
		              "%s: diag.offset %zu outside the bad item [%zu, "
		              "%zu]",
		              what, diag.offset, start, end);
	}
	free(csv);
}
END_TEST

/* ----------------------------------------------------------------------- */
/* R5.1 the array (API) form.                                               */

struct array_row {
	const char *entries[MAX_ITEMS];
	size_t n;
	const size_t *lens; /* NULL: NUL-terminated entries */
	auth0logout_status status;
	size_t index;                /* on failure */
	const char *want[MAX_ITEMS]; /* on success */
};

static const size_t lens_13_13[] = {13, 13};
static const size_t lens_0[] = {0};
static const size_t lens_13_0[] = {13, 0};
static const size_t lens_17[] = {17};

static const struct array_row r5_1_array_rows[] = {
    {{"https://a.com", "https://b.com"},
     2,
     NULL,
     AUTH0LOGOUT_OK,
     0,
     {"https://a.com", "https://b.com"}},
    {{"https://b.com", "https://a.com"},
     2,
     NULL,
     AUTH0LOGOUT_OK,
     0,
     {"https://b.com", "https://a.com"}},
    {{"https://a.com", "https://a.com/x", "myapp://cb"},
     3,
     NULL,
     AUTH0LOGOUT_OK,
     0,
     {"https://a.com", "https://a.com/x", "myapp://cb"}},
    {{NULL}, 0, NULL, AUTH0LOGOUT_OK, 0, {NULL}},
    /* with lens: entries need no terminator */
    {{"https://a.com/zzz", "https://b.comzzz"},
     2,
     lens_13_13,
     AUTH0LOGOUT_OK,
     0,
     {"https://a.com", "https://b.com"}},
    {{"https://a.com/xyz,https://b.com"},
     1,
     lens_17,
     AUTH0LOGOUT_OK,
     0,
     {"https://a.com/xyz"}},
    /* an empty item is refused, not skipped */
    {{""}, 1, NULL, AUTH0LOGOUT_E_ENTRY_EMPTY, 0, {NULL}},
    {{"https://a.com", ""}, 2, NULL, AUTH0LOGOUT_E_ENTRY_EMPTY, 1, {NULL}},
    {{"https://a.com"}, 1, lens_0, AUTH0LOGOUT_E_ENTRY_EMPTY, 0, {NULL}},
    {{"https://a.com", "https://b.com"},
     2,
     lens_13_0,
     AUTH0LOGOUT_E_ENTRY_EMPTY,
     1,
     {NULL}},
    /* the array form is not trimmed or split */
    {{" https://a.com"}, 1, NULL, AUTH0LOGOUT_E_URL_SPACE, 0, {NULL}},
    {{"https://a.com", "https://b.com "},
     2,
     NULL,
     AUTH0LOGOUT_E_URL_SPACE,
     1,
     {NULL}},
    /* other refusals carry the index */
    {{"https://a.com", "a.com"},
     2,
     NULL,
     AUTH0LOGOUT_E_ENTRY_NO_SCHEME,
     1,
     {NULL}},
    {{"*.example.com", "https://a.com"},
     2,
     NULL,
     AUTH0LOGOUT_E_ENTRY_NO_SCHEME,
     0,
     {NULL}},
    {{"https://a.com", "https://b.com", "https://*.*.example.com"},
     3,
     NULL,
     AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE,
     2,
     {NULL}},
    {{"https://a.com", "https://*"},
     2,
     NULL,
     AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD,
     1,
     {NULL}},
    {{"https://a.com", "https://b.com", "https://c.com", "data:,x"},
     4,
     NULL,
     AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME,
     3,
     {NULL}},
};

START_TEST(r5_1_compiles_array)
{
	const struct array_row *r = &r5_1_array_rows[_i];
	char *copies[MAX_ITEMS] = {NULL};
	const char *entries[MAX_ITEMS] = {NULL};
	auth0logout_allowlist *l = BOGUS_LIST;
	auth0logout_diag diag;
	auth0logout_status st;
	char what[1024];
	size_t i;
	size_t o = 0;

	o += (size_t)snprintf(what, sizeof(what), "compile_array([");
	for (i = 0; i < r->n; i++) {
		size_t len = r->lens ? r->lens[i] : strlen(r->entries[i]);

		/* without lens the terminator is part of the entry */
		copies[i] =
		    tu_dup_exact(r->entries[i], r->lens ? len : len + 1);
		entries[i] = copies[i];
		if (o < sizeof(what))
			o += (size_t)snprintf(what + o, sizeof(what) - o,
			                      "%s%s", i ? ", " : "",
			                      tu_show(r->entries[i], len));
	}
	if (o < sizeof(what))
		snprintf(what + o, sizeof(what) - o, "])");

	memset(&diag, 0x5a, sizeof(diag));
	st = auth0logout_allowlist_compile_array(entries, r->lens, r->n, &l,
	                                         &diag);
	expect_compiled(what, st, r->status, l, &diag, r->want, r->n, r->index);
	for (i = 0; i < r->n; i++)
		free(copies[i]);
}
END_TEST

/* ----------------------------------------------------------------------- */
/* R5.2, R5.3, R5.5, R5.6 single entries.                                  */

struct entry_row {
	const char *entry;
	auth0logout_status status;
};

static const struct entry_row r5_entry_rows[] = {
    /* R5.2 no scheme */
    {"*.example.com", AUTH0LOGOUT_E_ENTRY_NO_SCHEME},
    {"example.com", AUTH0LOGOUT_E_ENTRY_NO_SCHEME},
    {"www.example.com/logout", AUTH0LOGOUT_E_ENTRY_NO_SCHEME},
    {"//example.com", AUTH0LOGOUT_E_ENTRY_NO_SCHEME},
    {"/logout", AUTH0LOGOUT_E_ENTRY_NO_SCHEME},
    {"localhost:3000", AUTH0LOGOUT_E_ENTRY_NO_SCHEME},
    {"example.com:8080/x", AUTH0LOGOUT_E_ENTRY_NO_SCHEME},
    /* R5.3 wildcards that are fine */
    {"https://*.example.com", AUTH0LOGOUT_OK},
    {"http://*.example.com", AUTH0LOGOUT_OK},
    {"HTTPS://*.EXAMPLE.COM", AUTH0LOGOUT_OK},
    {"https://pr-*-preview.example.com", AUTH0LOGOUT_OK},
    {"https://*-dev.example.com", AUTH0LOGOUT_OK},
    {"https://app-*.example.com", AUTH0LOGOUT_OK},
    {"https://*.example.com/logout", AUTH0LOGOUT_OK},
    {"https://*.example.com:8443", AUTH0LOGOUT_OK},
    {"https://*.example.com:8443/cb?x=1#y", AUTH0LOGOUT_OK},
    {"https://*.a.b.example.com", AUTH0LOGOUT_OK},
    /* R5.6 wildcards elsewhere */
    {"https://a.com/*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://a.com/x/*/y", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://a.com/?q=*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://a.com/#*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://a.com:*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://a.com:80*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://*.a.com:*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"http*://a.com", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://*.*.example.com", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://**.example.com", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://*a*.example.com", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://*.example.com/*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://a.*.example.com", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://a.example.*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"https://www.example.co*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"myapp://*.cb.com", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"com.example.app://*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    {"myapp://cb/*", AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE},
    /* R5.5 wildcard directly over a top-level domain */
    {"https://*.com", AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD},
    {"http://*.org", AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD},
    {"https://*.com/logout", AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD},
    {"https://*", AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD},
    {"https://*/x", AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD},
};

START_TEST(r5_checks_entry)
{
	const struct entry_row *r = &r5_entry_rows[_i];
	size_t len = strlen(r->entry);
	char *e = tu_dup_exact(r->entry, len);
	auth0logout_diag diag;
	auth0logout_status st;

	memset(&diag, 0x5a, sizeof(diag));
	st = auth0logout_entry_check(e, len, &diag);
	ck_assert_msg(st == r->status, "entry_check(%s): got %s, want %s (%s)",
	              tu_shows(r->entry), tu_name(st), tu_name(r->status),
	              diag.text);
	if (st != AUTH0LOGOUT_OK)
		ck_assert_msg(diag.status == (int)st,
		              "entry_check(%s): diag.status %d",
		              tu_shows(r->entry), diag.status);
	if (st == AUTH0LOGOUT_E_ENTRY_NO_SCHEME)
		ck_assert_msg(strstr(diag.text, "https://") != NULL,
		              "entry_check(%s): message \"%s\" does not say to "
		              "add https://",
		              tu_shows(r->entry), diag.text);
	st = auth0logout_entry_check(e, len, NULL);
	ck_assert_msg(st == r->status, "entry_check(%s) without diag: got %s",
	              tu_shows(r->entry), tu_name(st));
	free(e);
}
END_TEST

/* The same entries in a list, at index 1 after a valid entry. */
START_TEST(r5_7_reports_entry_position)
{
	const struct entry_row *r = &r5_entry_rows[_i];
	char *csv;
	size_t len = strlen(r->entry);
	auth0logout_allowlist *l = BOGUS_LIST;
	auth0logout_diag diag;
	auth0logout_status st;
	const char *first = "https://ok.example, ";
	size_t fl = strlen(first);

	csv = malloc(fl + len);
	ck_assert_msg(csv != NULL, "out of memory");
	memcpy(csv, first, fl);
	memcpy(csv + fl, r->entry, len);
	memset(&diag, 0x5a, sizeof(diag));
	st = auth0logout_allowlist_compile_csv(csv, fl + len, &l, &diag);
	ck_assert_msg(st == r->status,
	              "compile_csv(\"%s%s\"): got %s, want %s (%s)", first,
	              r->entry, tu_name(st), tu_name(r->status), diag.text);
	if (st == AUTH0LOGOUT_OK) {
		ck_assert_msg(auth0logout_allowlist_count(l) == 2,
		              "compile_csv(\"%s%s\"): %zu entries", first,
		              r->entry, auth0logout_allowlist_count(l));
		auth0logout_allowlist_free(l);
	} else {
		ck_assert_msg(l == NULL && diag.index == 1,
		              "compile_csv(\"%s%s\"): out %p, index %zu, want "
		              "NULL and 1",
		              first, r->entry, (void *)l, diag.index);
		ck_assert_msg(diag.offset >= fl && diag.offset <= fl + len,
		              "compile_csv(\"%s%s\"): offset %zu outside the "
		              "entry",
		              first, r->entry, diag.offset);
	}
	free(csv);
}
END_TEST

/* ----------------------------------------------------------------------- */
/* R5.4 wildcard matching, through decisions.                              */

/* Decides returnTo=rt (after client_id=TU_CLIENT when via_client). */
static void fx_decide(struct tu_fx *f, int via_client, const char *rt)
{
	size_t rl = strlen(rt);
	char *q = malloc(64 + 3 * rl);
	char *p = q;
	char *exact;
	auth0logout_status st;

	ck_assert_msg(q != NULL, "out of memory");
	if (via_client) {
		memcpy(p, "client_id=" TU_CLIENT "&", 11 + strlen(TU_CLIENT));
		p += 11 + strlen(TU_CLIENT);
	}
	memcpy(p, "returnTo=", 9);
	p = tu_pct_encode(p + 9, rt, rl);
	exact = tu_dup_exact(q, (size_t)(p - q));
	memset(&f->d, 0xa5, sizeof(f->d));
	st = auth0logout_decide_query(&f->store, exact, (size_t)(p - q), f->buf,
	                              AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &f->d);
	free(exact);
	free(q);
	ck_assert_msg(st == f->d.status,
	              "returnTo=%s: returned %s, decision.status %s",
	              tu_shows(rt), tu_name(st), tu_name(f->d.status));
}

struct match_row {
	const char *list;
	const char *rt;
	auth0logout_status status; /* OK: redirect to rt */
	const char *matched;
};

/* clang-format off */
#define MATCH(list, rt, m) {list, rt, AUTH0LOGOUT_OK, m}
#define NOMATCH(list, rt) {list, rt, AUTH0LOGOUT_E_NOT_ALLOWED, NULL}
/* clang-format on */

#define WILD "https://*.example.com"
#define PR   "https://pr-*-preview.example.com"

static const struct match_row r5_4_rows[] = {
    MATCH(WILD, "https://a.example.com", WILD),
    MATCH(WILD, "https://A-b_9.EXAMPLE.com", WILD),
    MATCH(WILD, "https://www.example.com", WILD),
    MATCH(WILD, "HTTPS://X.Example.Com", WILD),
    MATCH(WILD, "https://a_b.example.com", WILD),
    MATCH(WILD, "https://123.example.com", WILD),
    MATCH(WILD, "https://xn--bcher-kva.example.com", WILD),
    MATCH(WILD, "https://a.example.com?x=1#y", WILD),
    MATCH(WILD, "https://a.example.com#/logout", WILD),
    NOMATCH(WILD, "https://example.com"),
    NOMATCH(WILD, "https://a.b.example.com"),
    NOMATCH(WILD, "https://evilexample.com"),
    NOMATCH(WILD, "https://example.com.evil.com"),
    NOMATCH(WILD, "https://a.example.com.evil.com"),
    NOMATCH(WILD, "https://a.example.co"),
    NOMATCH(WILD, "https://a.example.comx"),
    NOMATCH(WILD, "https://a-example.com"),
    NOMATCH(WILD, "http://a.example.com"),
    NOMATCH(WILD, "https://a.example.com/"),
    NOMATCH(WILD, "https://a.example.com:443"),
    NOMATCH(WILD, "https://evil.com/a.example.com"),
    /* a returnTo that is not an acceptable URL never matches */
    {WILD, "https://.example.com", AUTH0LOGOUT_E_URL_BAD_HOST, NULL},
    {WILD, "https://*.example.com", AUTH0LOGOUT_E_URL_BAD_HOST, NULL},
    {WILD, "https://evil.com@a.example.com", AUTH0LOGOUT_E_URL_USERINFO, NULL},
    {WILD, "https://a.example.com\\@evil.com", AUTH0LOGOUT_E_URL_BACKSLASH,
     NULL},
    {WILD, "https://a%2eb.example.com", AUTH0LOGOUT_E_URL_BAD_HOST, NULL},
    {WILD, "https://a!.example.com", AUTH0LOGOUT_E_URL_BAD_HOST, NULL},
    /* path and port of a wildcard entry match exactly */
    MATCH("https://*.example.com/cb", "https://a.example.com/cb",
          "https://*.example.com/cb"),
    MATCH("https://*.example.com/cb", "https://a.example.com/cb?x",
          "https://*.example.com/cb"),
    NOMATCH("https://*.example.com/cb", "https://a.example.com/cb/"),
    NOMATCH("https://*.example.com/cb", "https://a.example.com/CB"),
    NOMATCH("https://*.example.com/cb", "https://a.example.com"),
    NOMATCH("https://*.example.com/cb", "https://a.example.com/cb/../x"),
    MATCH("https://*.example.com:8443", "https://a.example.com:8443",
          "https://*.example.com:8443"),
    NOMATCH("https://*.example.com:8443", "https://a.example.com"),
    NOMATCH("https://*.example.com:8443", "https://a.example.com:8444"),
    NOMATCH("https://*.example.com", "https://a.example.com:8443"),
    MATCH("http://*.example.com", "http://a.example.com",
          "http://*.example.com"),
    NOMATCH("http://*.example.com", "https://a.example.com"),
    /* prefix and suffix around the star */
    MATCH(PR, "https://pr-12-preview.example.com", PR),
    MATCH(PR, "https://PR-AB-PREVIEW.example.com", PR),
    MATCH(PR, "https://pr-a_b-c-preview.example.com", PR),
    NOMATCH(PR, "https://pr--preview.example.com"),
    NOMATCH(PR, "https://pr-1.example.com"),
    NOMATCH(PR, "https://pr-1-preview.example.co"),
    NOMATCH(PR, "https://xpr-1-preview.example.com"),
    NOMATCH(PR, "https://pr-1-previewx.example.com"),
    NOMATCH(PR, "https://pr-1.x-preview.example.com"),
    NOMATCH(PR, "https://a.pr-1-preview.example.com"),
    MATCH("https://*-dev.example.com", "https://a-dev.example.com",
          "https://*-dev.example.com"),
    NOMATCH("https://*-dev.example.com", "https://-dev.example.com"),
    NOMATCH("https://*-dev.example.com", "https://a-dev-x.example.com"),
    NOMATCH("https://*-dev.example.com", "https://dev.example.com"),
    MATCH("https://app-*.example.com", "https://app-1.example.com",
          "https://app-*.example.com"),
    NOMATCH("https://app-*.example.com", "https://app-.example.com"),
    NOMATCH("https://app-*.example.com", "https://app.example.com"),
    /* the first matching entry in list order is matched */
    MATCH(WILD ", https://a.example.com", "https://a.example.com", WILD),
    MATCH("https://a.example.com, " WILD, "https://a.example.com",
          "https://a.example.com"),
    MATCH("https://a.com, " WILD, "https://b.example.com", WILD),
    MATCH("https://*.example.com/x, " WILD ", https://b.example.com",
          "https://b.example.com", WILD),
    MATCH(PR ", " WILD, "https://pr-7-preview.example.com", PR),
    MATCH(PR ", " WILD, "https://pr-7.example.com", WILD),
    NOMATCH("https://a.com, " WILD ", " PR, "https://example.com"),
};

static void check_match_row(const struct match_row *r, int via_client)
{
	struct tu_fx f;
	const auth0logout_decision *d = &f.d;
	auth0logout_list_kind list =
	    via_client ? AUTH0LOGOUT_LIST_CLIENT : AUTH0LOGOUT_LIST_TENANT;
	size_t i;

	if (via_client)
		tu_fx_init(&f, tu_compile_csv_ok(TU_UNRELATED),
		           tu_compile_csv_ok(r->list));
	else
		tu_fx_init(&f, tu_compile_csv_ok(r->list),
		           tu_compile_csv_ok(TU_UNRELATED));
	fx_decide(&f, via_client, r->rt);
	if (r->status == AUTH0LOGOUT_OK) {
		ck_assert_msg(
		    d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT &&
		        d->status == AUTH0LOGOUT_OK && d->http_status == 302 &&
		        d->error == AUTH0LOGOUT_ERROR_NONE,
		    "list %s, returnTo %s: outcome %s status %s "
		    "http %d, want a redirect",
		    tu_shows(r->list), tu_shows(r->rt), tu_oname(d->outcome),
		    tu_name(d->status), d->http_status);
		ck_assert_msg(d->list == list, "returnTo %s: list %d, want %d",
		              tu_shows(r->rt), d->list, list);
		ck_assert_msg(
		    d->location != NULL && d->location_len == strlen(r->rt) &&
		        strcmp(d->location, r->rt) == 0,
		    "returnTo %s: Location %s", tu_shows(r->rt),
		    tu_show(d->location, d->location ? d->location_len : 0));
		for (i = 0; i < d->location_len; i++)
			ck_assert_msg((unsigned char)d->location[i] >= 0x21 &&
			                  (unsigned char)d->location[i] < 0x7f,
			              "returnTo %s: Location byte %zu unsafe",
			              tu_shows(r->rt), i);
		ck_assert_msg(
		    d->matched != NULL &&
		        d->matched_len == strlen(r->matched) &&
		        strcmp(d->matched, r->matched) == 0,
		    "list %s, returnTo %s: matched %s, want %s",
		    tu_shows(r->list), tu_shows(r->rt),
		    tu_show(d->matched, d->matched ? d->matched_len : 0),
		    tu_shows(r->matched));
	} else {
		auth0logout_list_kind want_list =
		    r->status == AUTH0LOGOUT_E_NOT_ALLOWED
		        ? list
		        : AUTH0LOGOUT_LIST_NONE;

		ck_assert_msg(d->outcome == AUTH0LOGOUT_OUTCOME_ERROR &&
		                  d->status == r->status,
		              "list %s, returnTo %s: outcome %s status %s, "
		              "want error %s",
		              tu_shows(r->list), tu_shows(r->rt),
		              tu_oname(d->outcome), tu_name(d->status),
		              tu_name(r->status));
		ck_assert_msg(d->http_status == 400 &&
		                  d->error ==
		                      AUTH0LOGOUT_ERROR_INVALID_REQUEST &&
		                  d->location == NULL,
		              "returnTo %s: http %d error %d", tu_shows(r->rt),
		              d->http_status, d->error);
		ck_assert_msg(
		    d->list == want_list, "returnTo %s (%s): list %d, want %d",
		    tu_shows(r->rt), tu_name(d->status), d->list, want_list);
	}
	tu_fx_free(&f);
}

START_TEST(r5_4_matches_wildcards_tenant_list)
{
	check_match_row(&r5_4_rows[_i], 0);
}
END_TEST

START_TEST(r5_4_matches_wildcards_client_list)
{
	check_match_row(&r5_4_rows[_i], 1);
}
END_TEST

/* ----------------------------------------------------------------------- */
/* Argument handling and accessors.                                        */

START_TEST(r5_api_csv_null_arguments)
{
	auth0logout_allowlist *l = BOGUS_LIST;
	auth0logout_diag diag;
	auth0logout_status st;

	st = auth0logout_allowlist_compile_csv(NULL, 5, &l, &diag);
	ck_assert_msg(st == AUTH0LOGOUT_E_INVALID_ARGUMENT,
	              "compile_csv(NULL, 5): got %s", tu_name(st));
	ck_assert_msg(l == NULL, "compile_csv(NULL, 5): *out not NULL");
	ck_assert_msg(diag.status == (int)st, "diag.status %d", diag.status);
	st = auth0logout_allowlist_compile_csv("https://a.com", 13, NULL, NULL);
	ck_assert_msg(st == AUTH0LOGOUT_E_INVALID_ARGUMENT,
	              "compile_csv(out NULL): got %s", tu_name(st));
}
END_TEST

START_TEST(r5_api_array_null_arguments)
{
	const char *entries[2] = {"https://a.com", NULL};
	auth0logout_allowlist *l = BOGUS_LIST;
	auth0logout_status st;

	st = auth0logout_allowlist_compile_array(NULL, NULL, 2, &l, NULL);
	ck_assert_msg(st == AUTH0LOGOUT_E_INVALID_ARGUMENT,
	              "compile_array(NULL, n=2): got %s", tu_name(st));
	ck_assert_msg(l == NULL, "compile_array(NULL, n=2): *out not NULL");
	st = auth0logout_allowlist_compile_array(entries, NULL, 1, NULL, NULL);
	ck_assert_msg(st == AUTH0LOGOUT_E_INVALID_ARGUMENT,
	              "compile_array(out NULL): got %s", tu_name(st));
	l = BOGUS_LIST;
	st = auth0logout_allowlist_compile_array(entries, NULL, 2, &l, NULL);
	ck_assert_msg(st == AUTH0LOGOUT_E_INVALID_ARGUMENT,
	              "compile_array with a NULL item: got %s", tu_name(st));
	ck_assert_msg(l == NULL, "compile_array with a NULL item: *out set");
}
END_TEST

START_TEST(r5_api_entry_check_null)
{
	auth0logout_diag diag;
	auth0logout_status st;

	st = auth0logout_entry_check(NULL, 5, &diag);
	ck_assert_msg(st == AUTH0LOGOUT_E_INVALID_ARGUMENT,
	              "entry_check(NULL, 5): got %s", tu_name(st));
	ck_assert_msg(diag.status == (int)st, "diag.status %d", diag.status);
}
END_TEST

START_TEST(r5_api_null_list_accessors)
{
	size_t len = 7;

	auth0logout_allowlist_free(NULL);
	ck_assert_msg(auth0logout_allowlist_count(NULL) == 0,
	              "count(NULL) is not 0");
	ck_assert_msg(auth0logout_allowlist_entry(NULL, 0, &len) == NULL,
	              "entry(NULL, 0) is not NULL");
	ck_assert_msg(auth0logout_allowlist_entry(NULL, 0, NULL) == NULL,
	              "entry(NULL, 0, NULL) is not NULL");
}
END_TEST

START_TEST(r5_api_entries_outlive_input)
{
	/* entries are copied: the list does not point into the input */
	char csv[] = "https://a.com, https://b.com/x";
	auth0logout_allowlist *l = NULL;
	auth0logout_status st;
	static const char *const want[] = {"https://a.com", "https://b.com/x"};

	st = auth0logout_allowlist_compile_csv(csv, strlen(csv), &l, NULL);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "compile_csv: %s", tu_name(st));
	memset(csv, 'z', sizeof(csv) - 1);
	expect_entries("compile_csv after overwriting its input", l, want, 2);
	ck_assert_msg(auth0logout_allowlist_entry(l, (size_t)-1, NULL) == NULL,
	              "entry(SIZE_MAX) is not NULL");
	auth0logout_allowlist_free(l);
}
END_TEST

/* R5.4 whatever the wildcards' shapes: lists of many wildcard entries with
 * prefixes and suffixes of many lengths (fixed parts of 63 bytes and more
 * among them), case variants, duplicates and exact entries, over a few
 * parent domains and paths, decide like a scan of the list in order
 * written here from the rule: the first entry whose parent domain and
 * path are the returnTo's and whose label pattern fits its first label.
 * When none fits and a wildcard stands over the parent domain, the hint
 * names the first such wildcard. */
static uint64_t shape_rng = 0x9E3779B97F4A7C15ull;

static unsigned shape_rnd(unsigned n)
{
	shape_rng ^= shape_rng << 13;
	shape_rng ^= shape_rng >> 7;
	shape_rng ^= shape_rng << 17;
	return (unsigned)(shape_rng % n);
}

struct shape_entry {
	char text[256];
	char prefix[80], suffix[80]; /* wildcards only */
	int wildcard;
	char label[16]; /* exact entries only */
	int parent, path;
};

static const char *const shape_parents[] = {"x.example.com", "y.example.com",
                                            "X.Example.COM"};
static const char *const shape_paths[] = {"/a", "/b"};

static void shape_part(char *out, size_t n)
{
	static const char alphabet[] = "abAB1-";
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = alphabet[shape_rnd(sizeof alphabet - 1)];
	out[n] = '\0';
}

static size_t shape_len(void)
{
	unsigned r = shape_rnd(20);

	return r < 18 ? r % 4 : 63 + shape_rnd(5); /* long now and then */
}

static int same_nocase(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tolower((unsigned char)a[i]) !=
		    tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

static int shape_fits(const struct shape_entry *e, const char *label,
                      int parent, int path)
{
	size_t n = strlen(label), pl, sl;

	if (!same_nocase(shape_parents[e->parent], shape_parents[parent],
	                 strlen(shape_parents[parent])) ||
	    strlen(shape_parents[e->parent]) != strlen(shape_parents[parent]) ||
	    e->path != path)
		return 0;
	if (!e->wildcard)
		return strlen(e->label) == n && same_nocase(e->label, label, n);
	pl = strlen(e->prefix);
	sl = strlen(e->suffix);
	return n >= pl + sl + 1 && same_nocase(label, e->prefix, pl) &&
	       same_nocase(label + n - sl, e->suffix, sl);
}

START_TEST(r5_4_any_wildcard_shapes_match_like_a_scan)
{
	enum { MAX_ENTRIES = 400, QUERIES = 150 };
	struct shape_entry *es = calloc(MAX_ENTRIES, sizeof *es);
	const char **texts = calloc(MAX_ENTRIES, sizeof *texts);
	int round;

	ck_assert_ptr_nonnull(es);
	ck_assert_ptr_nonnull(texts);
	for (round = 0; round < 40; round++) {
		size_t n = 1 + shape_rnd(round < 30 ? 40 : MAX_ENTRIES), i;
		auth0logout_allowlist *list;
		auth0logout_diag diag;
		struct tu_fx f;
		int q;

		for (i = 0; i < n; i++) {
			struct shape_entry *e = &es[i];
			e->parent = (int)shape_rnd(3);
			e->path = (int)shape_rnd(2);
			e->wildcard = shape_rnd(5) != 0;
			if (e->wildcard) {
				shape_part(e->prefix, shape_len());
				shape_part(e->suffix, shape_len());
				snprintf(e->text, sizeof e->text,
				         "https://%s*%s.%s%s", e->prefix,
				         e->suffix, shape_parents[e->parent],
				         shape_paths[e->path]);
			} else {
				shape_part(e->label, 1 + shape_rnd(6));
				snprintf(e->text, sizeof e->text,
				         "https://%s.%s%s", e->label,
				         shape_parents[e->parent],
				         shape_paths[e->path]);
			}
			texts[i] = e->text;
		}
		ck_assert_int_eq(auth0logout_allowlist_compile_array(
		                     texts, NULL, n, &list, &diag),
		                 AUTH0LOGOUT_OK);
		tu_fx_init(&f, list, NULL);
		for (q = 0; q < QUERIES; q++) {
			const struct shape_entry *src =
			    &es[shape_rnd((unsigned)n)];
			int parent = (int)shape_rnd(3),
			    path = (int)shape_rnd(2);
			char label[200], mid[8], rt[300];
			size_t want = (size_t)-1, over = (size_t)-1;

			if (src->wildcard && shape_rnd(4) != 0) {
				shape_part(mid, shape_rnd(3));
				snprintf(label, sizeof label, "%s%s%s",
				         src->prefix, mid, src->suffix);
			} else if (!src->wildcard && shape_rnd(2) == 0) {
				snprintf(label, sizeof label, "%s", src->label);
			} else {
				shape_part(label, 1 + shape_rnd(8));
			}
			if (label[0] == '\0' || label[0] == '-' ||
			    label[strlen(label) - 1] == '-')
				snprintf(label, sizeof label, "z");
			snprintf(rt, sizeof rt, "https://%s.%s%s", label,
			         shape_parents[parent], shape_paths[path]);
			for (i = 0; i < n && want == (size_t)-1; i++)
				if (shape_fits(&es[i], label, parent, path))
					want = i;
			fx_decide(&f, 0, rt);
			if (want != (size_t)-1) {
				ck_assert_msg(
				    f.d.outcome == AUTH0LOGOUT_OUTCOME_REDIRECT,
				    "round %d: %s: want %s, got %s", round, rt,
				    es[want].text, tu_name(f.d.status));
				ck_assert_msg(
				    strcmp(f.d.matched, es[want].text) == 0,
				    "round %d: %s: matched %s, want %s", round,
				    rt, f.d.matched, es[want].text);
				continue;
			}
			ck_assert_msg(f.d.status == AUTH0LOGOUT_E_NOT_ALLOWED,
			              "round %d: %s: want not allowed, got %s",
			              round, rt, tu_name(f.d.status));
			for (i = 0; i < n && over == (size_t)-1; i++)
				if (es[i].wildcard && es[i].path == path &&
				    strlen(shape_parents[es[i].parent]) ==
				        strlen(shape_parents[parent]) &&
				    same_nocase(shape_parents[es[i].parent],
				                shape_parents[parent],
				                strlen(shape_parents[parent])))
					over = i;
			if (over != (size_t)-1 &&
			    strstr(f.d.hint, "over the same parent domain")) {
				char quoted[300];

				snprintf(quoted, sizeof quoted,
				         "Nearest entry: \"%s\"",
				         es[over].text);
				ck_assert_msg(strstr(f.d.hint, quoted) != NULL,
				              "round %d: %s: hint %s, want %s",
				              round, rt, f.d.hint, quoted);
			}
		}
		tu_fx_free(&f);
	}
	free(texts);
	free(es);
}
END_TEST

/* A list moved with auth0logout_allowlist_copy (a store's own arena)
 * decides exactly like the original; bad destinations are refused. */
static int copy_tenant(void *ctx, const auth0logout_allowlist **out)
{
	*out = ctx;
	return AUTH0LOGOUT_OK;
}

static int copy_client(void *ctx, const char *id, size_t n,
                       const auth0logout_allowlist **out)
{
	(void)ctx;
	(void)id;
	(void)n;
	*out = NULL;
	return AUTH0LOGOUT_E_UNKNOWN_CLIENT;
}

START_TEST(r5_list_copy_decides_like_the_original)
{
	static const char *const queries[] = {
	    "returnTo=https%3A%2F%2Fapp.example.com%2Fcb",
	    "returnTo=https%3A%2F%2Fx.pr-1.example.com",
	    "returnTo=https%3A%2F%2Fx.example.com",
	    "returnTo=https%3A%2F%2Fapp.example.com%2Fcb%2F",
	    "returnTo=myapp%3A%2F%2FSignOut"};
	auth0logout_allowlist *orig = tu_compile_csv_ok(
	    "https://app.example.com/cb, https://*.pr-1.example.com, "
	    "https://a*b.example.com, myapp://SignOut");
	size_t size = auth0logout_allowlist_size(orig), i;
	char *arena = aligned_alloc(16, (size + 31) & ~(size_t)15);
	char *b1 = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	char *b2 = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	auth0logout_allowlist *copy;

	ck_assert_uint_gt(size, 0);
	ck_assert_uint_eq(auth0logout_allowlist_size(NULL), 0);
	ck_assert_ptr_null(auth0logout_allowlist_copy(orig, arena, size - 1));
	ck_assert_ptr_null(auth0logout_allowlist_copy(orig, arena + 8, size));
	ck_assert_ptr_null(auth0logout_allowlist_copy(NULL, arena, size));
	ck_assert_ptr_null(auth0logout_allowlist_copy(orig, NULL, size));
	copy = auth0logout_allowlist_copy(orig, arena, size);
	ck_assert_ptr_eq(copy, arena);
	/* The original is gone: the copy owns nothing of it. */
	auth0logout_allowlist_free(orig);
	ck_assert_uint_eq(auth0logout_allowlist_count(copy), 4);
	ck_assert_str_eq(auth0logout_allowlist_entry(copy, 3, NULL),
	                 "myapp://SignOut");
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		auth0logout_store st = {copy, copy_tenant, copy_client, NULL};
		auth0logout_decision d1, d2;
		auth0logout_allowlist *again = tu_compile_csv_ok(
		    "https://app.example.com/cb, "
		    "https://*.pr-1.example.com, "
		    "https://a*b.example.com, myapp://SignOut");
		auth0logout_store so = {again, copy_tenant, copy_client, NULL};

		auth0logout_decide_query(&st, queries[i], strlen(queries[i]),
		                         b1, AUTH0LOGOUT_DECIDE_BUFFER_SIZE,
		                         &d1);
		auth0logout_decide_query(&so, queries[i], strlen(queries[i]),
		                         b2, AUTH0LOGOUT_DECIDE_BUFFER_SIZE,
		                         &d2);
		ck_assert_int_eq(d1.status, d2.status);
		ck_assert_int_eq(d1.http_status, d2.http_status);
		ck_assert_int_eq(d1.location_len, d2.location_len);
		if (d1.location)
			ck_assert_str_eq(d1.location, d2.location);
		if (d1.hint)
			ck_assert_str_eq(d1.hint, d2.hint);
		auth0logout_allowlist_free(again);
	}
	free(b2);
	free(b1);
	free(arena);
}
END_TEST

static Suite *allowlist_suite(void)
{
	Suite *s = suite_create("allowlist");
	TCase *tc = tcase_create("R5");
	TCase *tm = tcase_create("R5.4");

	tcase_set_timeout(tc, 60);
	ADD_ROWS(tc, r5_1_compiles_csv, r5_1_csv_rows);
	ADD_ROWS(tc, r5_1_compiles_array, r5_1_array_rows);
	ADD_ROWS(tc, r5_checks_entry, r5_entry_rows);
	ADD_ROWS(tc, r5_7_reports_entry_position, r5_entry_rows);
	tcase_add_test(tc, r5_api_csv_null_arguments);
	tcase_add_test(tc, r5_api_array_null_arguments);
	tcase_add_test(tc, r5_api_entry_check_null);
	tcase_add_test(tc, r5_api_null_list_accessors);
	tcase_add_test(tc, r5_api_entries_outlive_input);
	tcase_add_test(tc, r5_list_copy_decides_like_the_original);
	suite_add_tcase(s, tc);

	tcase_set_timeout(tm, 60);
	ADD_ROWS(tm, r5_4_matches_wildcards_tenant_list, r5_4_rows);
	ADD_ROWS(tm, r5_4_matches_wildcards_client_list, r5_4_rows);
	tcase_add_test(tm, r5_4_any_wildcard_shapes_match_like_a_scan);
	suite_add_tcase(s, tm);
	return s;
}

int main(void)
{
	return tu_run_suite(allowlist_suite());
}
