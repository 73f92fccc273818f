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

static void check_row(const struct adv_row *r)
{
	auth0logout_memstore *ms = auth0logout_memstore_new();
	auth0logout_store store;
	auth0logout_decision d;
	auth0logout_status st;
	auth0logout_list_kind want_list =
	    r->client ? AUTH0LOGOUT_LIST_CLIENT : AUTH0LOGOUT_LIST_TENANT;
	const char *rt = tu_show(r->rt, r->rt_len);
	char *buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	char *q;
	size_t qlen, i;

	ck_assert_msg(ms != NULL && buf != NULL, "out of memory");
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
	st = auth0logout_memstore_get(ms, &store);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "memstore_get: %s", tu_name(st));

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

static Suite *adversarial_suite(void)
{
	Suite *s = suite_create("adversarial");
	TCase *tc = tcase_create("corpus");

	tcase_add_test(tc, adversarial_file_has_enough_rows);
	if (n_rows > 0)
		tcase_add_loop_test(tc, adversarial_row, 0, n_rows);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	int rc;

	load_rows();
	if (load_error[0] == '\0')
		print_summary();
	rc = tu_run_suite(adversarial_suite());
	free(rows);
	free(file_data);
	return rc;
}
