/* SPDX-License-Identifier: MIT */
/*
 * The adversarial corpus (tests/data/adversarial.tsv) through the library
 * API: bypass attempts that must be refused and look-alikes that must still
 * redirect, one row per case, each with the decision doc/rules.md (and the
 * README's choices) require.
 *
 * The file is read when the suite is built, from
 * "$AUTH0LOGOUT_SRCDIR/tests/data/adversarial.tsv" (or
 * "tests/data/adversarial.tsv" when AUTH0LOGOUT_SRCDIR is not set); its
 * header comment describes the columns and the escapes.  Each row gets its
 * own in-memory store: with client_id "-" the row's list is the tenant's
 * (and a client holds an unrelated URL); with a client_id the row's list
 * is that client's and the tenant list holds an unrelated URL, so that
 * R2.1 (only the application's list is used) is exercised.  The returnTo
 * is fully percent-encoded into the query, so the library decodes exactly
 * the row's bytes.  One loop check per row.
 *
 * /oidc/logout (R8) gets the same attacks: every row again with the
 * returnTo as post_logout_redirect_uri and a hostile state (refused rows
 * stay refused, a fragment is refused, a query must be the entry's, a
 * redirect carries the state in one parameter); and every line of the
 * open-redirect corpus (shared/corpora beside the checkout, else
 * tests/data/corpora) as post_logout_redirect_uri, which must be refused,
 * and as the state of an allowed URI, which must stay in its parameter.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth0logout.h"
#include "testutil.h"

#define ADV_FILE     "tests/data/adversarial.tsv"
#define ADV_MIN_ROWS 200
/* The client that holds an unrelated list when the row's list is the
 * tenant's. */
#define ADV_OTHER_CLIENT "other-client"

struct adv_row {
	int line;             /* in the file, 1-based */
	char *family;         /* column 1 */
	char *list;           /* column 2, dashboard form */
	char *client;         /* column 3, NULL for "-" */
	char *rt;             /* column 4, unescaped */
	size_t rt_len;        /* bytes of rt */
	char *expect;         /* column 5, as written */
	int outcome;          /* from column 5 */
	const char *err_name; /* status name for errors (in expect) */
	char *location;       /* column 6, NULL for "-" */
	char problem[200];    /* a malformed row: why; else empty */
};

static struct adv_row *rows;
static int n_rows;
static char load_error[1100];
static char adv_path[1024];

/* ---- reading the file ---------------------------------------------------- */

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Undoes the returnTo escapes in place; 0, or -1 with r->problem set. */
static int unescape(struct adv_row *r, char *s)
{
	char *o = s;
	const char *p = s;

	while (*p != '\0') {
		if (*p != '\\') {
			*o++ = *p++;
			continue;
		}
		p++;
		switch (*p) {
		case 't':
			*o++ = '\t';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case '0':
			*o++ = '\0';
			break;
		case 's':
			*o++ = ' ';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case 'x': {
			int hi = hex_digit((unsigned char)p[1]);
			int lo = hi < 0 ? -1 : hex_digit((unsigned char)p[2]);

			if (hi < 0 || lo < 0) {
				snprintf(r->problem, sizeof(r->problem),
				         "\\x not followed by two hex digits");
				return -1;
			}
			*o++ = (char)(hi * 16 + lo);
			p += 2;
			break;
		}
		default:
			snprintf(r->problem, sizeof(r->problem),
			         "unknown escape \\%c in returnTo (write a "
			         "backslash as \\\\)",
			         *p ? *p : '?');
			return -1;
		}
		p++;
	}
	r->rt_len = (size_t)(o - s);
	return 0;
}

/* A status name that auth0logout_status_name knows, or NULL. */
static const char *known_status(const char *name)
{
	int st;

	for (st = 0; st < 128; st++)
		if (strcmp(auth0logout_status_name(st), name) == 0 &&
		    strcmp(name, "unknown") != 0)
			return name;
	return NULL;
}

/* Splits one data line (NUL-terminated, without the newline) into r. */
static void parse_row(struct adv_row *r, char *text)
{
	char *col[6];
	int n = 0;
	char *p = text;

	for (;;) {
		char *tab = strchr(p, '\t');

		if (n < 6)
			col[n] = p;
		n++;
		if (tab == NULL)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	if (n != 6) {
		snprintf(r->problem, sizeof(r->problem),
		         "%d tab-separated columns, want 6", n);
		return;
	}
	r->family = col[0];
	r->list = col[1];
	r->client = strcmp(col[2], "-") == 0 ? NULL : col[2];
	r->rt = col[3];
	r->expect = col[4];
	r->location = strcmp(col[5], "-") == 0 ? NULL : col[5];
	if (r->family[0] == '\0' || r->list[0] == '\0' || col[2][0] == '\0') {
		snprintf(r->problem, sizeof(r->problem),
		         "family, allow-list and client_id must not be empty");
		return;
	}
	if (unescape(r, r->rt) != 0)
		return;
	if (strcmp(r->expect, "redirect") == 0) {
		r->outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
		if (r->location == NULL)
			snprintf(r->problem, sizeof(r->problem),
			         "a redirect row needs its Location");
	} else if (strcmp(r->expect, "logged_out") == 0) {
		r->outcome = AUTH0LOGOUT_OUTCOME_LOGGED_OUT;
	} else if (strncmp(r->expect, "error:", 6) == 0) {
		r->outcome = AUTH0LOGOUT_OUTCOME_ERROR;
		r->err_name = known_status(r->expect + 6);
		if (r->err_name == NULL)
			snprintf(r->problem, sizeof(r->problem),
			         "\"%s\" names no status", r->expect + 6);
	} else {
		snprintf(r->problem, sizeof(r->problem),
		         "expected decision \"%s\" is not redirect, "
		         "logged_out or error:<status>",
		         r->expect);
	}
	if (r->outcome != AUTH0LOGOUT_OUTCOME_REDIRECT && r->location != NULL)
		snprintf(r->problem, sizeof(r->problem),
		         "only a redirect row has a Location (write -)");
}

static char *file_data;

static void load_rows(void)
{
	const char *srcdir = getenv("AUTH0LOGOUT_SRCDIR");
	FILE *fp;
	long size;
	char *p, *end;
	int lineno = 0, cap = 0;

	if (srcdir != NULL && srcdir[0] != '\0')
		snprintf(adv_path, sizeof(adv_path), "%s/%s", srcdir, ADV_FILE);
	else
		snprintf(adv_path, sizeof(adv_path), "%s", ADV_FILE);
	errno = 0;
	fp = fopen(adv_path, "rb");
	if (fp == NULL) {
		snprintf(load_error, sizeof(load_error), "cannot open %s: %s",
		         adv_path, strerror(errno));
		return;
	}
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0 ||
	    (file_data = malloc((size_t)size + 1)) == NULL ||
	    fread(file_data, 1, (size_t)size, fp) != (size_t)size) {
		snprintf(load_error, sizeof(load_error), "cannot read %s",
		         adv_path);
		fclose(fp);
		return;
	}
	fclose(fp);
	file_data[size] = '\0';

	for (p = file_data, end = file_data + size; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *line = p;
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		p = nl ? nl + 1 : end;
		lineno++;
		line[len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (n_rows == cap) {
			struct adv_row *grown;

			cap = cap ? 2 * cap : 256;
			grown = realloc(rows, (size_t)cap * sizeof(*rows));
			if (grown == NULL) {
				snprintf(load_error, sizeof(load_error),
				         "out of memory");
				return;
			}
			rows = grown;
		}
		memset(&rows[n_rows], 0, sizeof(rows[n_rows]));
		rows[n_rows].line = lineno;
		parse_row(&rows[n_rows], line);
		n_rows++;
	}
}

/* "family: n, ..." for the summary line. */
static void print_summary(void)
{
	int i, j;

	printf("%s: %d rows (", adv_path, n_rows);
	for (i = 0; i < n_rows; i++) {
		int n = 0, seen = 0;

		if (rows[i].family == NULL)
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = rows[j].family != NULL &&
			       strcmp(rows[j].family, rows[i].family) == 0;
		if (seen)
			continue;
		for (j = i; j < n_rows; j++)
			n += rows[j].family != NULL &&
			     strcmp(rows[j].family, rows[i].family) == 0;
		printf("%s%s %d", i ? ", " : "", rows[i].family, n);
	}
	printf(")\n");
	fflush(stdout);
}

/* ---- one row ------------------------------------------------------------- */

static auth0logout_allowlist *compile_row_list(const struct adv_row *r,
                                               const char *csv)
{
	auth0logout_allowlist *l = NULL;
	auth0logout_diag diag;
	auth0logout_status st;

	st = auth0logout_allowlist_compile_csv(csv, strlen(csv), &l, &diag);
	ck_assert_msg(st == AUTH0LOGOUT_OK,
	              "line %d: allow-list %s does not compile: %s at item "
	              "%zu: %s",
	              r->line, tu_shows(csv), tu_name(st), diag.index,
	              diag.text);
	return l;
}

/* "returnTo=<rt>[&client_id=<id>]", everything percent-encoded, in a block
 * of exactly its length. */
static char *row_query(const struct adv_row *r, size_t *len)
{
	size_t id_len = r->client ? strlen(r->client) : 0;
	char *q = malloc(32 + 3 * r->rt_len + 3 * id_len);
	char *p = q;
	char *exact;

	ck_assert_msg(q != NULL, "out of memory");
	memcpy(p, "returnTo=", 9);
	p = tu_pct_encode(p + 9, r->rt, r->rt_len);
	if (r->client) {
		memcpy(p, "&client_id=", 11);
		p = tu_pct_encode(p + 11, r->client, id_len);
	}
	*len = (size_t)(p - q);
	exact = tu_dup_exact(q, *len);
	free(q);
	return exact;
}

/* Whether entry (matched_len bytes) is one of the items of csv. */
static int on_list(const char *csv, const char *entry, size_t entry_len)
{
	const char *p = csv;

	for (;;) {
		const char *comma = strchr(p, ',');
		const char *a = p;
		const char *b = comma ? comma : p + strlen(p);

		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		if ((size_t)(b - a) == entry_len &&
		    memcmp(a, entry, entry_len) == 0)
			return 1;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* The row's store: its list as the tenant's or as its client's (see the
 * top of the file). */
static auth0logout_memstore *row_store(const struct adv_row *r,
                                       auth0logout_store *store)
{
	auth0logout_memstore *ms = auth0logout_memstore_new();
	auth0logout_status st;

	ck_assert_msg(ms != NULL, "out of memory");
	if (r->client) {
		st = auth0logout_memstore_set_tenant(
		    ms, compile_row_list(r, TU_UNRELATED));
		ck_assert_msg(st == AUTH0LOGOUT_OK, "set_tenant: %s",
		              tu_name(st));
		st = auth0logout_memstore_add_client(
		    ms, r->client, strlen(r->client),
		    compile_row_list(r, r->list));
	} else {
		st = auth0logout_memstore_set_tenant(
		    ms, compile_row_list(r, r->list));
		ck_assert_msg(st == AUTH0LOGOUT_OK, "set_tenant: %s",
		              tu_name(st));
		st = auth0logout_memstore_add_client(
		    ms, ADV_OTHER_CLIENT, strlen(ADV_OTHER_CLIENT),
		    compile_row_list(r, TU_UNRELATED));
	}
	ck_assert_msg(st == AUTH0LOGOUT_OK, "line %d: add_client: %s", r->line,
	              tu_name(st));
	st = auth0logout_memstore_get(ms, store);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "memstore_get: %s", tu_name(st));
	return ms;
}

static void check_row(const struct adv_row *r)
{
	auth0logout_store store;
	auth0logout_memstore *ms = row_store(r, &store);
	auth0logout_decision d;
	auth0logout_status st;
	auth0logout_list_kind want_list =
	    r->client ? AUTH0LOGOUT_LIST_CLIENT : AUTH0LOGOUT_LIST_TENANT;
	const char *rt = tu_show(r->rt, r->rt_len);
	char *buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	char *q;
	size_t qlen, i;

	ck_assert_msg(buf != NULL, "out of memory");
	q = row_query(r, &qlen);
	memset(&d, 0xa5, sizeof(d));
	st = auth0logout_decide_query(&store, q, qlen, buf,
	                              AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
	free(q);

	ck_assert_msg(st == d.status, "line %d: returned %s, decision says %s",
	              r->line, tu_name(st), tu_name(d.status));
	ck_assert_msg(
	    (int)d.outcome == r->outcome &&
	        (r->outcome != AUTH0LOGOUT_OUTCOME_ERROR ||
	         strcmp(tu_name(d.status), r->err_name) == 0),
	    "line %d [%s] returnTo=%s client_id=%s list %s: got %s%s%s, want "
	    "%s (%s)",
	    r->line, r->family, rt, r->client ? r->client : "-",
	    tu_shows(r->list), tu_oname(d.outcome),
	    d.outcome == AUTH0LOGOUT_OUTCOME_ERROR ? ":" : "",
	    d.outcome == AUTH0LOGOUT_OUTCOME_ERROR ? tu_name(d.status) : "",
	    r->expect,
	    d.outcome == AUTH0LOGOUT_OUTCOME_ERROR
	        ? tu_show(d.error_description, d.error_description_len)
	        : tu_show(d.location, d.location_len));

	switch (r->outcome) {
	case AUTH0LOGOUT_OUTCOME_REDIRECT:
		ck_assert_msg(d.http_status == 302 &&
		                  d.error == AUTH0LOGOUT_ERROR_NONE,
		              "line %d: http %d error %d, want 302 and none",
		              r->line, d.http_status, d.error);
		ck_assert_msg(d.list == want_list,
		              "line %d: decided on list %d, want %d (R2)",
		              r->line, d.list, want_list);
		ck_assert_msg(d.location != NULL, "line %d: no Location",
		              r->line);
		/* R6.2 */
		for (i = 0; i < d.location_len; i++)
			ck_assert_msg((unsigned char)d.location[i] >= 0x21 &&
			                  (unsigned char)d.location[i] < 0x7f,
			              "line %d: Location byte %zu is 0x%02x",
			              r->line, i, (unsigned char)d.location[i]);
		ck_assert_msg(
		    d.location_len == strlen(r->location) &&
		        memcmp(d.location, r->location, d.location_len) == 0,
		    "line %d [%s] returnTo=%s: Location %s, want %s", r->line,
		    r->family, rt, tu_show(d.location, d.location_len),
		    tu_shows(r->location));
		ck_assert_msg(d.matched != NULL &&
		                  on_list(r->list, d.matched, d.matched_len),
		              "line %d: matched %s is not an entry of %s",
		              r->line, tu_show(d.matched, d.matched_len),
		              tu_shows(r->list));
		break;
	case AUTH0LOGOUT_OUTCOME_LOGGED_OUT:
		ck_assert_msg(d.http_status == 200 && d.location == NULL,
		              "line %d: http %d Location %s, want 200 and none",
		              r->line, d.http_status,
		              tu_show(d.location, d.location_len));
		break;
	default:
		ck_assert_msg(d.http_status == 400 &&
		                  d.error == AUTH0LOGOUT_ERROR_INVALID_REQUEST,
		              "line %d: http %d error %d, want 400 "
		              "invalid_request",
		              r->line, d.http_status, d.error);
		ck_assert_msg(d.location == NULL && d.location_len == 0,
		              "line %d: an error with a Location %s", r->line,
		              tu_show(d.location, d.location_len));
		/* R3.2: not-allowed says which list was checked; R4
		 * errors come before any list. */
		if (d.status == AUTH0LOGOUT_E_NOT_ALLOWED)
			ck_assert_msg(d.list == want_list,
			              "line %d: checked list %d, want %d (R2)",
			              r->line, d.list, want_list);
		break;
	}
	free(buf);
	auth0logout_memstore_free(ms);
}

START_TEST(adversarial_row)
{
	const struct adv_row *r = &rows[_i];

	ck_assert_msg(r->problem[0] == '\0', "%s line %d is malformed: %s",
	              adv_path, r->line, r->problem);
	check_row(r);
}
END_TEST

START_TEST(adversarial_file_has_enough_rows)
{
	ck_assert_msg(load_error[0] == '\0', "%s", load_error);
	ck_assert_msg(n_rows >= ADV_MIN_ROWS, "%s has %d rows, want >= %d",
	              adv_path, n_rows, ADV_MIN_ROWS);
}
END_TEST

/* ----------------------------------------------------------------------- */
/* R8: the same attacks through /oidc/logout                               */
/*
 * The rows above again, with the returnTo as post_logout_redirect_uri and
 * a hostile state; then every line of the open-redirect corpus (the
 * project's shared copy, see tests/data/corpora/README.md) as
 * post_logout_redirect_uri, which must be refused, and as the state of an
 * allowed URI, which must stay inside the state parameter.  Each request
 * is sent as a GET query and as a POST form (AUTH0LOGOUT_OIDC_FORM), in a
 * block of exactly its length, without an id_token_hint (no verifier).
 */

static int islower_hex(char c)
{
	return c >= 'a' && c <= 'f';
}

/* R8.6: the state as the Location carries it. */
static char *state_enc(const char *s, size_t n, size_t *len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *o = malloc(3 * n + 1);
	size_t k = 0, i;

	ck_assert_msg(o != NULL, "out of memory");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
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

/* "post_logout_redirect_uri=<uri>[&state=<state>][&client_id=<id>]", each
 * value raw (as given) or percent-encoded, in a block of exactly its
 * length.  A NULL state is left out. */
static char *oidc_query(const char *uri, size_t uri_len, int uri_pct,
                        const char *state, size_t state_len, int state_pct,
                        const char *client, size_t *len)
{
	size_t id_len = client ? strlen(client) : 0;
	char *q = malloc(64 + 3 * uri_len + 3 * state_len + 3 * id_len);
	char *p = q;
	char *exact;

	ck_assert_msg(q != NULL, "out of memory");
	memcpy(p, "post_logout_redirect_uri=", 25);
	p += 25;
	if (uri_pct) {
		p = tu_pct_encode(p, uri, uri_len);
	} else {
		memcpy(p, uri, uri_len);
		p += uri_len;
	}
	if (state) {
		memcpy(p, "&state=", 7);
		p += 7;
		if (state_pct) {
			p = tu_pct_encode(p, state, state_len);
		} else {
			memcpy(p, state, state_len);
			p += state_len;
		}
	}
	if (client) {
		memcpy(p, "&client_id=", 11);
		p = tu_pct_encode(p + 11, client, id_len);
	}
	*len = (size_t)(p - q);
	exact = tu_dup_exact(q, *len);
	free(q);
	return exact;
}

static auth0logout_status oidc_decide(const auth0logout_store *store,
                                      const char *q, size_t qlen,
                                      unsigned flags, char *buf,
                                      auth0logout_decision *d)
{
	auth0logout_status st;

	memset(d, 0xa5, sizeof(*d));
	st = auth0logout_decide_oidc_query(store, NULL, q, qlen, flags, buf,
	                                   AUTH0LOGOUT_OIDC_BUFFER_SIZE, d);
	ck_assert_msg(st == d->status,
	              "query %s: returned %s, decision says %s",
	              tu_show(q, qlen), tu_name(st), tu_name(d->status));
	return st;
}

static const char *form_name(unsigned flags)
{
	return flags & AUTH0LOGOUT_OIDC_FORM ? "POST form" : "GET";
}

/* An error decision: 400 invalid_request, no Location, no entry (R8.5). */
static void expect_refused(const auth0logout_decision *d, const char *what,
                           const char *q, size_t qlen)
{
	ck_assert_msg(d->outcome == AUTH0LOGOUT_OUTCOME_ERROR,
	              "%s: query %s: %s, Location %s; must be refused", what,
	              tu_show(q, qlen), tu_oname(d->outcome),
	              tu_show(d->location, d->location ? d->location_len : 0));
	ck_assert_msg(d->http_status == 400 &&
	                  d->error == AUTH0LOGOUT_ERROR_INVALID_REQUEST,
	              "%s: http %d error %d (%s), want 400 invalid_request",
	              what, d->http_status, d->error, tu_name(d->status));
	ck_assert_msg(d->location == NULL && d->location_len == 0 &&
	                  d->matched == NULL,
	              "%s: an error with a Location %s", what,
	              tu_show(d->location, d->location_len));
	ck_assert_msg(d->confirm == 0, "%s: an error asks for consent", what);
}

/* R6.2 and R8.6: a redirect to prefix (the URI as R4.7 emits it) with the
 * state after it: only bytes 0x21-0x7E; prefix, then '?' or '&' (as prefix
 * has a '?' or not), "state=", then only unreserved bytes and %XX
 * (uppercase), which decode to state; so no second '?', no '#', no '&'
 * after the prefix: nothing leaves the state parameter. */
static void expect_state_contained(const auth0logout_decision *d,
                                   const char *what, const char *prefix,
                                   size_t prefix_len, const char *state,
                                   size_t state_len)
{
	const char *loc = d->location;
	size_t n = d->location_len, i, k, bad = (size_t)-1;
	char *dec;

	/* One assertion per property, not per byte: a passing ck_assert
	 * costs a message to the runner. */
	ck_assert_msg(d->outcome == AUTH0LOGOUT_OUTCOME_REDIRECT &&
	                  d->http_status == 302 && loc != NULL,
	              "%s: %s (%s), want a redirect", what,
	              tu_oname(d->outcome), tu_name(d->status));
	for (i = 0; i < n && bad == (size_t)-1; i++)
		if ((unsigned char)loc[i] < 0x21 ||
		    (unsigned char)loc[i] >= 0x7f)
			bad = i;
	ck_assert_msg(bad == (size_t)-1,
	              "%s: Location byte %zu is 0x%02x (R6.2): %s", what, bad,
	              bad < n ? (unsigned char)loc[bad] : 0, tu_show(loc, n));
	ck_assert_msg(loc[n] == '\0', "%s: Location not NUL-terminated", what);
	ck_assert_msg(n >= prefix_len + 7 &&
	                  memcmp(loc, prefix, prefix_len) == 0 &&
	                  loc[prefix_len] ==
	                      (memchr(prefix, '?', prefix_len) ? '&' : '?') &&
	                  memcmp(loc + prefix_len + 1, "state=", 6) == 0,
	              "%s: Location %s does not start with %s then the state",
	              what, tu_show(loc, n), tu_show(prefix, prefix_len));
	dec = malloc(n + 1);
	ck_assert_msg(dec != NULL, "out of memory");
	for (i = prefix_len + 7, k = 0; i < n && bad == (size_t)-1; i++) {
		unsigned char c = (unsigned char)loc[i];
		int hi, lo;

		if (c != '%') {
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
			    c == '_' || c == '~')
				dec[k++] = (char)c;
			else
				bad = i;
			continue;
		}
		hi = i + 2 < n ? hex_digit((unsigned char)loc[i + 1]) : -1;
		lo = i + 2 < n ? hex_digit((unsigned char)loc[i + 2]) : -1;
		if (hi < 0 || lo < 0 || islower_hex(loc[i + 1]) ||
		    islower_hex(loc[i + 2])) {
			bad = i;
			continue;
		}
		dec[k++] = (char)(hi * 16 + lo);
		i += 2;
	}
	ck_assert_msg(bad == (size_t)-1,
	              "%s: byte %zu of the Location's state is neither "
	              "unreserved nor %%XX in upper case (R8.6): %s",
	              what, bad, tu_show(loc, n));
	ck_assert_msg(k == state_len && memcmp(dec, state, k) == 0,
	              "%s: the Location's state decodes to %s, the request's "
	              "is %s",
	              what, tu_show(dec, k), tu_show(state, state_len));
	free(dec);
}

/* Hostile states for the rows: separators, a second parameter, CR LF as
 * text, non-ASCII and line separators, '%', '+', spaces. */
static const struct {
	const char *s;
	size_t n;
} row_states[] = {
    {S("a?b#c&post_logout_redirect_uri=https://evil.example/")},
    {S("%0D%0ALocation:%20https://evil.example")},
    {S("\xc3\xa9\xe2\x80\xa8\xe2\x80\xae +&state=x")},
    {S("%25%2525%%zz")},
    {S("#?&=;/\\\"'<>`{}|^[]")},
    {S("\xff\xfe\x80\xc0\xaf")},
};

/* R8.4 with R4: a returnTo row through /oidc/logout. */
static void check_row_oidc(const struct adv_row *r)
{
	auth0logout_store store;
	auth0logout_memstore *ms = row_store(r, &store);
	auth0logout_list_kind want_list =
	    r->client ? AUTH0LOGOUT_LIST_CLIENT : AUTH0LOGOUT_LIST_TENANT;
	const char *state = row_states[r->line % N_ROWS(row_states)].s;
	size_t state_len = row_states[r->line % N_ROWS(row_states)].n;
	char *buf = malloc(AUTH0LOGOUT_OIDC_BUFFER_SIZE);
	int hash = memchr(r->rt, '#', r->rt_len) != NULL;
	int query = memchr(r->rt, '?', r->rt_len) != NULL;
	/* An entry with a query or fragment matches differently (R8.4). */
	int list_qf = strchr(r->list, '?') != NULL || strchr(r->list, '#');
	char what[600];
	unsigned flags;

	ck_assert_msg(buf != NULL, "out of memory");
	for (flags = 0; flags <= AUTH0LOGOUT_OIDC_FORM; flags++) {
		auth0logout_decision d;
		size_t qlen;
		char *q = oidc_query(r->rt, r->rt_len, 1, state, state_len, 1,
		                     r->client, &qlen);

		snprintf(what, sizeof(what),
		         "line %d [%s] %s post_logout_redirect_uri=%s "
		         "client_id=%s list %s",
		         r->line, r->family, form_name(flags),
		         tu_show(r->rt, r->rt_len), r->client ? r->client : "-",
		         tu_shows(r->list));
		oidc_decide(&store, q, qlen, flags, buf, &d);
		if (r->outcome == AUTH0LOGOUT_OUTCOME_ERROR) {
			/* Refused by /v2/logout: refused here, for the same
			 * reason, or (R8.4) for its fragment. */
			expect_refused(&d, what, q, qlen);
			ck_assert_msg(
			    strcmp(tu_name(d.status), r->err_name) == 0 ||
			        (hash &&
			         d.status == AUTH0LOGOUT_E_OIDC_URI_FRAGMENT),
			    "%s: %s, want %s", what, tu_name(d.status),
			    r->err_name);
		} else if (r->outcome == AUTH0LOGOUT_OUTCOME_LOGGED_OUT) {
			ck_assert_msg(d.outcome ==
			                      AUTH0LOGOUT_OUTCOME_LOGGED_OUT &&
			                  d.location == NULL,
			              "%s: %s (%s), want logged_out", what,
			              tu_oname(d.outcome), tu_name(d.status));
		} else if (r->rt_len == 0) {
			/* The first entry, never with a state (R8.6). */
			ck_assert_msg(d.outcome ==
			                      AUTH0LOGOUT_OUTCOME_REDIRECT &&
			                  d.location != NULL &&
			                  strcmp(d.location, r->location) == 0,
			              "%s: %s Location %s, want %s", what,
			              tu_oname(d.outcome),
			              tu_show(d.location, d.location_len),
			              tu_shows(r->location));
		} else if (hash) {
			/* R8.4: redirection URIs carry no fragment. */
			expect_refused(&d, what, q, qlen);
			ck_assert_msg(d.status ==
			                  AUTH0LOGOUT_E_OIDC_URI_FRAGMENT,
			              "%s: %s, want oidc_uri_fragment", what,
			              tu_name(d.status));
		} else if ((query && !list_qf) ||
		           ((query || list_qf) &&
		            d.outcome == AUTH0LOGOUT_OUTCOME_ERROR)) {
			/* R8.4: the entry's query must be the URI's, and
			 * no entry has one (or, with entries that have
			 * one, this one may not match). */
			expect_refused(&d, what, q, qlen);
			ck_assert_msg(d.status == AUTH0LOGOUT_E_NOT_ALLOWED,
			              "%s: %s, want not_allowed", what,
			              tu_name(d.status));
		} else {
			expect_state_contained(&d, what, r->location,
			                       strlen(r->location), state,
			                       state_len);
			ck_assert_msg(d.list == want_list,
			              "%s: decided on list %d, want %d (R8.3)",
			              what, d.list, want_list);
			ck_assert_msg(
			    d.matched != NULL &&
			        on_list(r->list, d.matched, d.matched_len),
			    "%s: matched %s is not an entry", what,
			    tu_show(d.matched, d.matched_len));
			/* R8.4: the query is the matched entry's. */
			ck_assert_msg(
			    !query || memchr(d.matched, '?', d.matched_len),
			    "%s: the URI has a query and the matched entry %s "
			    "has none",
			    what, tu_show(d.matched, d.matched_len));
		}
		free(q);
	}
	free(buf);
	auth0logout_memstore_free(ms);
}

START_TEST(r8_4_adversarial_row)
{
	const struct adv_row *r = &rows[_i];

	ck_assert_msg(r->problem[0] == '\0', "%s line %d is malformed: %s",
	              adv_path, r->line, r->problem);
	check_row_oidc(r);
}
END_TEST

/* ---- the open-redirect corpus ------------------------------------------ */

#define CORPUS_NAME "shared/corpora/open-redirect-payloads.txt"
#define CORPUS_COPY "tests/data/corpora/open-redirect-payloads.txt"
#define CORPUS_LIST                                                            \
	"https://www.whitelisteddomain.tld, https://example.com, "             \
	"https://*.whitelisteddomain.tld"
#define CORPUS_CLIENT  "corpus-client"
#define CORPUS_ALLOWED "https://www.whitelisteddomain.tld"

static char *corpus_data;
static const char **corpus_lines;
static size_t *corpus_lens;
static size_t corpus_n;
static char corpus_path[1024];
static char corpus_tried[3200];
static auth0logout_memstore *corpus_ms;
static auth0logout_store corpus_store;

/* Reads the lines of path (without their newlines, empty ones skipped);
 * 0 when it cannot. */
static int corpus_read(const char *path)
{
	FILE *fp = fopen(path, "rb");
	long size;
	size_t n = 1, i, start = 0;

	if (fp == NULL)
		return 0;
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0 ||
	    (corpus_data = malloc((size_t)size + 1)) == NULL ||
	    fread(corpus_data, 1, (size_t)size, fp) != (size_t)size) {
		fclose(fp);
		free(corpus_data);
		corpus_data = NULL;
		return 0;
	}
	fclose(fp);
	corpus_data[size] = '\n';
	for (i = 0; i < (size_t)size; i++)
		n += corpus_data[i] == '\n';
	corpus_lines = malloc(n * sizeof(*corpus_lines));
	corpus_lens = malloc(n * sizeof(*corpus_lens));
	if (corpus_lines == NULL || corpus_lens == NULL)
		return 0;
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
	snprintf(corpus_path, sizeof(corpus_path), "%s", path);
	return corpus_n > 0;
}

static void corpus_try(const char *path)
{
	size_t used = strlen(corpus_tried);

	if (corpus_n > 0)
		return;
	errno = 0;
	if (corpus_read(path))
		return;
	snprintf(corpus_tried + used, sizeof(corpus_tried) - used, "%s%s (%s)",
	         used ? ", " : "", path, errno ? strerror(errno) : "no lines");
}

/* The shared corpus beside the checkout is the source of truth; the copy
 * in tests/data keeps a lone clone testable (as tests/unit/test_url.c). */
static void corpus_load(void)
{
	const char *srcdir = getenv("AUTH0LOGOUT_SRCDIR");
	char path[1024];
	auth0logout_allowlist *tenant = NULL, *client = NULL;
	auth0logout_diag diag;

	if (srcdir != NULL && srcdir[0] != '\0') {
		snprintf(path, sizeof(path), "%s/../%s", srcdir, CORPUS_NAME);
		corpus_try(path);
	}
	snprintf(path, sizeof(path), "../%s", CORPUS_NAME);
	corpus_try(path);
	snprintf(path, sizeof(path), "%s/%s",
	         srcdir != NULL && srcdir[0] != '\0' ? srcdir : ".",
	         CORPUS_COPY);
	corpus_try(path);
	if (corpus_n == 0)
		return;

	/* The payloads target these hosts: the tenant and the client both
	 * allow them.  (Built before the suite runs: no ck_assert here.) */
	corpus_ms = auth0logout_memstore_new();
	if (corpus_ms == NULL ||
	    auth0logout_allowlist_compile_csv(CORPUS_LIST, strlen(CORPUS_LIST),
	                                      &tenant,
	                                      &diag) != AUTH0LOGOUT_OK ||
	    auth0logout_memstore_set_tenant(corpus_ms, tenant) !=
	        AUTH0LOGOUT_OK ||
	    auth0logout_allowlist_compile_csv(CORPUS_LIST, strlen(CORPUS_LIST),
	                                      &client,
	                                      &diag) != AUTH0LOGOUT_OK ||
	    auth0logout_memstore_add_client(corpus_ms, CORPUS_CLIENT,
	                                    strlen(CORPUS_CLIENT),
	                                    client) != AUTH0LOGOUT_OK ||
	    auth0logout_memstore_get(corpus_ms, &corpus_store) !=
	        AUTH0LOGOUT_OK) {
		snprintf(corpus_tried, sizeof(corpus_tried),
		         "the corpus store cannot be built");
		corpus_n = 0;
	}
}

static void corpus_free(void)
{
	auth0logout_memstore_free(corpus_ms);
	free(corpus_lines);
	free(corpus_lens);
	free(corpus_data);
}

START_TEST(r8_4_corpus_is_loaded)
{
	ck_assert_msg(corpus_n > 0,
	              "open-redirect corpus not found or empty; tried %s "
	              "(set AUTH0LOGOUT_SRCDIR to the source tree)",
	              corpus_tried);
}
END_TEST

/* R4 and R8.4: the payload as post_logout_redirect_uri, raw and
 * percent-encoded, in a GET query and a POST form, is refused. */
static void check_corpus_refused(size_t i, const char *client)
{
	const char *p = corpus_lines[i];
	size_t n = corpus_lens[i];
	char *buf = malloc(AUTH0LOGOUT_OIDC_BUFFER_SIZE);
	char what[400];
	int pct;
	unsigned flags;

	ck_assert_msg(buf != NULL, "out of memory");
	for (pct = 0; pct <= 1; pct++) {
		for (flags = 0; flags <= AUTH0LOGOUT_OIDC_FORM; flags++) {
			auth0logout_decision d;
			size_t qlen;
			char *q =
			    oidc_query(p, n, pct, NULL, 0, 0, client, &qlen);

			snprintf(what, sizeof(what),
			         "corpus line %zu %s, %s, %s, client_id %s",
			         i + 1, tu_show(p, n),
			         pct ? "percent-encoded" : "raw",
			         form_name(flags), client ? client : "-");
			oidc_decide(&corpus_store, q, qlen, flags, buf, &d);
			expect_refused(&d, what, q, qlen);
			free(q);
		}
	}
	free(buf);
}

START_TEST(r8_4_corpus_refused)
{
	check_corpus_refused((size_t)_i, NULL);
}
END_TEST

START_TEST(r8_4_corpus_refused_with_client_id)
{
	check_corpus_refused((size_t)_i, CORPUS_CLIENT);
}
END_TEST

/* What the library decodes from a raw value (R1.2): up to the first '&',
 * '+' as a space, %XX as the byte.  Returns 0 with *bad set when a '%' is
 * not followed by two hex digits; *len is the decoded length and *rest
 * whether a '&' ended the value. */
static int raw_decode(const char *s, size_t n, char *out, size_t *len,
                      int *rest)
{
	size_t i, k = 0;

	*rest = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '&') {
			*rest = 1;
			break;
		}
		if (s[i] == '+') {
			out[k++] = ' ';
		} else if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= n)
				return 0;
			hi = hex_digit((unsigned char)s[i + 1]);
			lo = hex_digit((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return 0;
			out[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	*len = k;
	return 1;
}

static int has_control(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] == 0x7f)
			return 1;
	return 0;
}

/* R8.6: the payload as the state of an allowed URI, raw and
 * percent-encoded, GET and POST form, with and without client_id: a
 * redirect to that URI whose state parameter holds exactly the payload
 * (as decoded), or, when the decoded state has a control byte (R8.1) or
 * a raw '%' is not an escape (R1.2), a refusal. */
static void check_corpus_state(size_t i)
{
	const char *p = corpus_lines[i];
	size_t n = corpus_lens[i];
	char *buf = malloc(AUTH0LOGOUT_OIDC_BUFFER_SIZE);
	char *dec = malloc(n + 1);
	char what[400];
	int pct, via;
	unsigned flags;

	ck_assert_msg(buf != NULL && dec != NULL, "out of memory");
	for (via = 0; via <= 1; via++) {
		for (pct = 0; pct <= 1; pct++) {
			size_t dlen = n;
			int rest = 0, escapes_ok = 1;

			if (pct)
				memcpy(dec, p, n);
			else
				escapes_ok =
				    raw_decode(p, n, dec, &dlen, &rest);
			for (flags = 0; flags <= AUTH0LOGOUT_OIDC_FORM;
			     flags++) {
				auth0logout_decision d;
				size_t qlen;
				char *q = oidc_query(
				    CORPUS_ALLOWED, strlen(CORPUS_ALLOWED), 1,
				    p, n, pct, via ? CORPUS_CLIENT : NULL,
				    &qlen);

				snprintf(what, sizeof(what),
				         "corpus line %zu %s as state, %s, %s, "
				         "client_id %s",
				         i + 1, tu_show(p, n),
				         pct ? "percent-encoded" : "raw",
				         form_name(flags),
				         via ? CORPUS_CLIENT : "-");
				oidc_decide(&corpus_store, q, qlen, flags, buf,
				            &d);
				if (!escapes_ok) {
					expect_refused(&d, what, q, qlen);
					ck_assert_msg(
					    d.status ==
					        AUTH0LOGOUT_E_QUERY_BAD_ESCAPE,
					    "%s: %s, want query_bad_escape",
					    what, tu_name(d.status));
				} else if (has_control(dec, dlen)) {
					expect_refused(&d, what, q, qlen);
					ck_assert_msg(
					    d.status ==
					        AUTH0LOGOUT_E_OIDC_PARAM_CONTROL,
					    "%s: %s, want oidc_param_control",
					    what, tu_name(d.status));
				} else if (rest &&
				           d.outcome ==
				               AUTH0LOGOUT_OUTCOME_ERROR) {
					/* The raw payload's '&' starts more
					 * parameters, which may be refused. */
					expect_refused(&d, what, q, qlen);
				} else if (dlen == 0) {
					ck_assert_msg(
					    d.outcome ==
					            AUTH0LOGOUT_OUTCOME_REDIRECT &&
					        d.location != NULL &&
					        strcmp(d.location,
					               CORPUS_ALLOWED) == 0,
					    "%s: an empty state is no state "
					    "(R1.5): %s %s",
					    what, tu_oname(d.outcome),
					    tu_show(d.location,
					            d.location_len));
				} else {
					size_t elen;
					char *want =
					    state_enc(dec, dlen, &elen);

					expect_state_contained(
					    &d, what, CORPUS_ALLOWED,
					    strlen(CORPUS_ALLOWED), dec, dlen);
					ck_assert_msg(
					    d.location_len ==
					            strlen(CORPUS_ALLOWED) + 7 +
					                elen &&
					        memcmp(
					            d.location +
					                strlen(CORPUS_ALLOWED) +
					                7,
					            want, elen) == 0,
					    "%s: Location %s, want the state "
					    "%s",
					    what,
					    tu_show(d.location, d.location_len),
					    want);
					ck_assert_msg(
					    d.matched != NULL &&
					        strcmp(d.matched,
					               CORPUS_ALLOWED) == 0,
					    "%s: matched %s", what,
					    tu_shows(d.matched));
					free(want);
				}
				free(q);
			}
		}
	}
	free(dec);
	free(buf);
}

START_TEST(r8_6_corpus_state_contained)
{
	check_corpus_state((size_t)_i);
}
END_TEST

static Suite *adversarial_suite(void)
{
	Suite *s = suite_create("adversarial");
	TCase *tc = tcase_create("corpus");

	TCase *oidc = tcase_create("oidc");
	TCase *corpus = tcase_create("oidc corpus");

	tcase_add_test(tc, adversarial_file_has_enough_rows);
	if (n_rows > 0)
		tcase_add_loop_test(tc, adversarial_row, 0, n_rows);
	suite_add_tcase(s, tc);
	if (n_rows > 0)
		tcase_add_loop_test(oidc, r8_4_adversarial_row, 0, n_rows);
	suite_add_tcase(s, oidc);
	tcase_add_test(corpus, r8_4_corpus_is_loaded);
	if (corpus_n > 0) {
		tcase_add_loop_test(corpus, r8_4_corpus_refused, 0,
		                    (int)corpus_n);
		tcase_add_loop_test(corpus, r8_4_corpus_refused_with_client_id,
		                    0, (int)corpus_n);
		tcase_add_loop_test(corpus, r8_6_corpus_state_contained, 0,
		                    (int)corpus_n);
	}
	suite_add_tcase(s, corpus);
	return s;
}

int main(void)
{
	int rc;

	load_rows();
	if (load_error[0] == '\0')
		print_summary();
	corpus_load();
	if (corpus_n > 0) {
		printf("%s: %zu payloads\n", corpus_path, corpus_n);
		fflush(stdout);
	}
	rc = tu_run_suite(adversarial_suite());
	corpus_free();
	free(rows);
	free(file_data);
	return rc;
}
