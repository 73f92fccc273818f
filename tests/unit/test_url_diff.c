/* SPDX-License-Identifier: MIT */
/*
 * R4.7: url.c parses only the scheme, authority and path with uriparser
 * and checks the query and fragment itself.  This suite proves that
 * split changes nothing, against uriparser on the WHOLE normalized URL
 * (the oracle is tests/unit/urldiff.h): the same acceptance, the same
 * refusal at the same byte, the same components, the same normalized
 * text, and the same Location from a decision.
 *
 * Inputs: every line of the shared corpora (every file of ../shared/corpora,
 * else the copy in tests/data/corpora), the URLs written in the other suites
 * and in tests/data/adversarial.tsv, every one-byte insertion, replacement and
 * deletion of a set of bytes at every position of seed URLs with queries
 * and fragments, and URLs from a fixed-seed generator.  Each is checked
 * as a returnTo and as an allow-list entry.
 */
#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/ascii.h" /* a0l_hex_value */
#include "auth0logout.h"
#include "testutil.h"
#include "urldiff.h"

/* ---- the inputs, as a list of byte strings ---------------------------- */

struct inputs {
	char **s;
	size_t *n;
	size_t count, cap;
};

static void add(struct inputs *in, const char *s, size_t n)
{
	if (in->count == in->cap) {
		in->cap = in->cap ? 2 * in->cap : 1024;
		in->s = realloc(in->s, in->cap * sizeof *in->s);
		in->n = realloc(in->n, in->cap * sizeof *in->n);
		ck_assert_msg(in->s && in->n, "out of memory");
	}
	in->s[in->count] = tu_dup_exact(s, n);
	in->n[in->count] = n;
	in->count++;
}

static void free_inputs(struct inputs *in)
{
	for (size_t i = 0; i < in->count; i++)
		free(in->s[i]);
	free(in->s);
	free(in->n);
	memset(in, 0, sizeof *in);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);
	size_t k;
	while (b && (k = fread(b + n, 1, cap - n, fp)) > 0) {
		n += k;
		if (n == cap) {
			cap *= 2;
			b = realloc(b, cap);
		}
	}
	fclose(fp);
	*len = n;
	return b;
}

/* Every non-empty line of the file (a final '\r' kept: it is data). */
static size_t add_lines(struct inputs *in, const char *path)
{
	size_t len = 0, lines = 0;
	char *b = read_file(path, &len);
	if (!b)
		return 0;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && b[i] != '\n')
			continue;
		if (i > start) {
			add(in, b + start, i - start);
			lines++;
		}
		start = i + 1;
	}
	free(b);
	return lines;
}

/* ---- the checks ------------------------------------------------------- */

struct stats {
	size_t inputs, compared, accepted, refused_by_parse, decisions;
};

static char *url_buf, *decide_buf;

static void setup(void)
{
	url_buf = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	decide_buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	ck_assert_msg(url_buf && decide_buf, "out of memory");
}

static void teardown(void)
{
	free(url_buf);
	free(decide_buf);
}

/* One input, as a returnTo and as an entry; with decide, the decision
 * too. */
static void check_one(const char *s, size_t n, int decide, struct stats *st)
{
	struct urldiff_result r;
	const char *fail;

	st->inputs++;
	for (unsigned flags = 0; flags <= AUTH0LOGOUT_URL_ENTRY;
	     flags += AUTH0LOGOUT_URL_ENTRY) {
		fail = urldiff_check(s, n, flags, url_buf, &r);
		ck_assert_msg(fail == NULL, "%s", fail);
		if (r.compared) {
			st->compared++;
			st->accepted += r.ref_ok;
			st->refused_by_parse += !r.ref_ok;
		}
		if (flags == 0 && decide) {
			int checked = 0;
			fail = urldiff_check_decision(s, n, &r, decide_buf,
			                              &checked);
			ck_assert_msg(fail == NULL, "%s", fail);
			st->decisions += (size_t)checked;
		}
		urldiff_result_free(&r);
	}
}

static void report(const char *what, const struct stats *st)
{
	printf("url_diff %s: %zu inputs, %zu compared (%zu accepted by "
	       "uriparser, %zu refused), %zu decisions\n",
	       what, st->inputs, st->compared, st->accepted,
	       st->refused_by_parse, st->decisions);
}

/* ---- 1: the shared corpora -------------------------------------------- */

#define CORPUS_LIST                                                            \
	"https://www.whitelisteddomain.tld, https://example.com, "             \
	"https://*.whitelisteddomain.tld"

START_TEST(corpora_agree)
{
	char dir[1024];
	const char *src = getenv("AUTH0LOGOUT_SRCDIR");
	snprintf(dir, sizeof dir, "%s/../shared/corpora", src ? src : ".");
	DIR *dp = opendir(dir);
	if (!dp) {
		snprintf(dir, sizeof dir, "%s",
		         tu_src_path("tests/data/corpora"));
		dp = opendir(dir);
	}
	ck_assert_msg(dp != NULL, "no corpora directory (%s)", dir);

	struct inputs in = {0};
	struct inputs attacks = {0};
	struct dirent *de;
	size_t files = 0;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char path[2048];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		size_t before = in.count;
		if (add_lines(&in, path) > 0)
			files++;
		/* The attack lists (not their README) must be refused. */
		if (strstr(de->d_name, ".txt"))
			for (size_t i = before; i < in.count; i++)
				add(&attacks, in.s[i], in.n[i]);
	}
	closedir(dp);
	ck_assert_msg(files > 0 && attacks.count > 0,
	              "no corpus lines under %s", dir);

	struct stats st = {0};
	for (size_t i = 0; i < in.count; i++)
		check_one(in.s[i], in.n[i], 1, &st);
	report("corpora", &st);

	/* Every attack line is still refused by a decision. */
	struct tu_fx f;
	tu_fx_init(&f, tu_compile_csv_ok(CORPUS_LIST),
	           tu_compile_csv_ok(TU_UNRELATED));
	for (size_t i = 0; i < attacks.count; i++) {
		size_t qlen;
		char *q = urldiff_query(attacks.s[i], attacks.n[i], &qlen);
		ck_assert_msg(q != NULL, "out of memory");
		auth0logout_decide_query(&f.store, q, qlen, f.buf,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &f.d);
		free(q);
		ck_assert_msg(f.d.outcome == AUTH0LOGOUT_OUTCOME_ERROR,
		              "corpus line %s: %s (%s); must be refused",
		              tu_show(attacks.s[i], attacks.n[i]),
		              tu_oname(f.d.outcome), tu_name(f.d.status));
	}
	tu_fx_free(&f);
	free_inputs(&attacks);
	free_inputs(&in);
}
END_TEST

/* ---- 2: the URLs of the other suites ---------------------------------- */

/* The string literals of a C file that hold a ':' (comments and character
 * literals skipped; escapes decoded). */
static size_t add_literals(struct inputs *in, const char *path)
{
	size_t len = 0, found = 0;
	char *b = read_file(path, &len);
	if (!b)
		return 0;
	char *lit = malloc(len + 1);
	size_t i = 0;
	while (i < len) {
		if (b[i] == '/' && i + 1 < len && b[i + 1] == '*') {
			char *e = strstr(b + i + 2, "*/");
			i = e ? (size_t)(e - b) + 2 : len;
			continue;
		}
		if (b[i] == '/' && i + 1 < len && b[i + 1] == '/') {
			while (i < len && b[i] != '\n')
				i++;
			continue;
		}
		if (b[i] == '\'') {
			i++;
			if (i < len && b[i] == '\\')
				i++;
			while (i < len && b[i] != '\'')
				i++;
			i++;
			continue;
		}
		if (b[i] != '"') {
			i++;
			continue;
		}
		size_t o = 0;
		for (i++; i < len && b[i] != '"'; i++) {
			if (b[i] != '\\' || i + 1 >= len) {
				lit[o++] = b[i];
				continue;
			}
			char c = b[++i];
			if (c == 'x') {
				int v = 0, d;
				while (i + 1 < len &&
				       (d = a0l_hex_value(
				            (unsigned char)b[i + 1])) >= 0) {
					v = v * 16 + d;
					i++;
				}
				lit[o++] = (char)v;
			} else if (c >= '0' && c <= '7') {
				int v = c - '0';
				for (int k = 0;
				     k < 2 && i + 1 < len && b[i + 1] >= '0' &&
				     b[i + 1] <= '7';
				     k++)
					v = v * 8 + (b[++i] - '0');
				lit[o++] = (char)v;
			} else {
				lit[o++] = c == 'n'   ? '\n'
				           : c == 't' ? '\t'
				           : c == 'r' ? '\r'
				                      : c;
			}
		}
		i++;
		if (o > 1 && memchr(lit, ':', o)) {
			add(in, lit, o);
			found++;
		}
	}
	free(lit);
	free(b);
	return found;
}

/* Every tab-separated field of a .tsv that holds a ':'. */
static size_t add_fields(struct inputs *in, const char *path)
{
	size_t len = 0, found = 0;
	char *b = read_file(path, &len);
	if (!b)
		return 0;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && b[i] != '\t' && b[i] != '\n')
			continue;
		if (i > start && b[start] != '#' &&
		    memchr(b + start, ':', i - start)) {
			add(in, b + start, i - start);
			found++;
		}
		start = i + 1;
	}
	free(b);
	return found;
}

static const char *const suite_files[] = {
    "tests/unit/test_url.c",      "tests/unit/test_allowlist.c",
    "tests/unit/test_decide.c",   "tests/unit/test_adversarial.c",
    "tests/unit/test_hint.c",     "tests/unit/test_query.c",
    "tests/unit/test_cases.c",    "tests/unit/test_oidc.c",
    "tests/unit/test_memstore.c", "tests/unit/test_swapstore.c",
    "tests/unit/test_noalloc.c",  "tests/unit/test_config.c",
    "tests/unit/test_lint.c",     "tests/unit/test_object.c",
};

START_TEST(suite_urls_agree)
{
	struct inputs in = {0};
	for (size_t f = 0; f < sizeof suite_files / sizeof suite_files[0]; f++)
		add_literals(&in, tu_src_path(suite_files[f]));
	size_t from_suites = in.count;
	add_fields(&in, tu_src_path("tests/data/adversarial.tsv"));
	ck_assert_msg(from_suites > 500 && in.count > from_suites,
	              "only %zu URLs from the suites, %zu from "
	              "adversarial.tsv (AUTH0LOGOUT_SRCDIR?)",
	              from_suites, in.count - from_suites);

	struct stats st = {0};
	for (size_t i = 0; i < in.count; i++)
		check_one(in.s[i], in.n[i], 1, &st);
	report("suite URLs", &st);
	ck_assert(st.compared > 500 && st.accepted > 100 &&
	          st.refused_by_parse > 10);
	free_inputs(&in);
}
END_TEST

/* ---- 3: one-byte mutants of seeds ------------------------------------- */

static const char *const seeds[] = {
    "https://app.example.com/cb?x=1&y=%41#frag",
    "https://user:pw@app.example.com:8443/a/b?q=a:b@c/d?e#f/g?h:i@j",
    "http://[::1]:8080/p?q#f",
    "http://[1:2::3]/?",
    "http://[v1.x]/p?q",
    "http://[::ffff:1.2.3.4]/a?b#c",
    "myapp://cb?state=a%2Fb#x",
    "myapp://?#",
    "myapp:/cb?x#y",
    "urn:x:y?z#w",
    "mailto:a@b.c?subject=hi%20there",
    "https://xn--bcher-kva.example/p?#",
    "https://a.com?#?",
    "https://a.com#?#",
    "https://a.com/%41%7A?%4f%2B#%3A",
    "https://192.168.0.1/?a/b?c",
    "https://a.com:/p?",
    "https://a.com/\xc3\xa4?\xc3\xbc#\xc3\xb6",
    "HTTPS://A.COM/P?Q#F",
    "https://a.com/p;x?!$&'()*+,;=-._~#!$&'()*+,;=-._~",
    "https://a.com/a b?c d#e f",
    "https://a.com?q=<>{}|^`\"",
};

/* Bytes inserted and written over: the query and fragment grammar's edges
 * (escapes, '[' ']' '#', what R4.7 encodes), the authority's separators,
 * and bytes refused before the parse. */
static const char mutant_bytes[] = {
    '%', '[', ']', '#', '?', '@', ':',  '/',  '\\', ' ', '\x7f', '\x80',
    'G', 'a', 'F', '0', '.', '*', '\0', '\t', '<',  '{', '|',    '^',
    '`', '"', '+', '=', '&', ';', '!',  '~',  '\'', 'v', '\xff',
};

START_TEST(mutants_agree)
{
	const char *seed = seeds[_i];
	size_t n = strlen(seed);
	char *m = malloc(n + 2);
	struct stats st = {0};
	size_t k = 0;

	ck_assert_msg(m != NULL, "out of memory");
	/* The seed itself, and each deletion. */
	check_one(seed, n, 1, &st);
	for (size_t p = 0; p < n; p++) {
		memcpy(m, seed, p);
		memcpy(m + p, seed + p + 1, n - p - 1);
		check_one(m, n - 1, 1, &st);
	}
	for (size_t b = 0; b < sizeof mutant_bytes; b++) {
		for (size_t p = 0; p <= n; p++) {
			/* insertion before p */
			memcpy(m, seed, p);
			m[p] = mutant_bytes[b];
			memcpy(m + p + 1, seed + p, n - p);
			check_one(m, n + 1, (k++ % 7) == 0, &st);
			if (p == n)
				break;
			/* replacement at p */
			memcpy(m, seed, n);
			m[p] = mutant_bytes[b];
			check_one(m, n, (k++ % 7) == 0, &st);
		}
	}
	/* Escapes cut short or malformed at every place. */
	static const char *const pieces[] = {"%",  "%4", "%G", "%4G", "%%",
	                                     "#%", "?%", "%#", "%?",  "[]"};
	for (size_t c = 0; c < sizeof pieces / sizeof pieces[0]; c++) {
		size_t pl = strlen(pieces[c]);
		char *w = malloc(n + pl);
		for (size_t p = 0; p <= n; p++) {
			memcpy(w, seed, p);
			memcpy(w + p, pieces[c], pl);
			memcpy(w + p + pl, seed + p, n - p);
			check_one(w, n + pl, 1, &st);
			/* and the URL cut just after it */
			check_one(w, p + pl, 1, &st);
		}
		free(w);
	}
	free(m);
	char what[160];
	snprintf(what, sizeof what, "mutants of \"%s\"", seed);
	report(what, &st);
	ck_assert(st.compared > st.inputs / 4);
}
END_TEST

/* ---- 4: generated URLs ------------------------------------------------ */

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *pick(const char *const *v, size_t n)
{
	return v[rnd((unsigned)n)];
}
#define PICK(v) pick(v, sizeof(v) / sizeof((v)[0]))

static const char *const g_schemes[] = {
    "https:", "http:", "HTTP:", "myapp:", "a+b-c.d:", "urn:"};
static const char *const g_auths[] = {
    "//a.com",    "//A.example.COM", "//a.com:8080",
    "//a.com:",   "//u@a.com",       "//u:p@a.com:1",
    "//[::1]",    "//[::1]:443",     "//[1:2:3:4:5:6:7:8]",
    "//[v7.a:b]", "//1.2.3.4",       "//",
    "",           "//a..b",          "//xn--nxasmq6b.com",
    "//a%41.com", "//a.com.",        "//[::1",
    "//a_b-c.d"};
static const char *const g_chunks[] = {
    "a",   "Z",   "0",   "/",  "//",       "?",    "#",  "%",   "%4",
    "%41", "%zz", "%7e", "[",  "]",        "@",    ":",  ";",   "=",
    "&",   "+",   "!",   "$",  "'",        "(",    ")",  "*",   ",",
    "-",   ".",   "_",   "~",  " ",        "\"",   "<",  ">",   "{",
    "}",   "|",   "^",   "`",  "\xc3\xa9", "\x80", "..", "/./", "/../",
    "%2F", "%23", "%3F", "%%", "a=b",      "x&y",  "?#", "#?"};

START_TEST(generated_agree)
{
	struct stats st = {0};
	char url[512];
	for (int k = 0; k < 20000; k++) {
		size_t o = 0;
		const char *parts[2] = {PICK(g_schemes), PICK(g_auths)};
		for (int p = 0; p < 2; p++) {
			size_t l = strlen(parts[p]);
			memcpy(url + o, parts[p], l);
			o += l;
		}
		unsigned chunks = rnd(24);
		for (unsigned c = 0; c < chunks; c++) {
			const char *ch = PICK(g_chunks);
			size_t l = strlen(ch);
			if (o + l >= sizeof url)
				break;
			memcpy(url + o, ch, l);
			o += l;
		}
		/* now and then a raw byte anywhere */
		if (rnd(4) == 0 && o > 0)
			url[rnd((unsigned)o)] = (char)rnd(256);
		check_one(url, o, (k % 5) == 0, &st);
	}
	report("generated", &st);
	ck_assert(st.compared > 10000 && st.accepted > 2000 &&
	          st.refused_by_parse > 2000);
}
END_TEST

/* ---- 5: what the split must get right, spelled out -------------------- */

/* Where uriparser stops, as an input offset, for URLs whose error lies at
 * the seam between the part it parses and the part url.c checks. */
static const struct {
	const char *url;
	auth0logout_status st;
	size_t at;
} seam_rows[] = {
    /* "[:" then '?': uriparser stops at the lone ':' (byte 8), not at
     * the end of the text before the '?' */
    {"http://[:?x", AUTH0LOGOUT_E_URL_SYNTAX, 8},
    {"http://[::1?x]", AUTH0LOGOUT_E_URL_SYNTAX, 11},
    {"http://a.com/%4?x", AUTH0LOGOUT_E_URL_SYNTAX, 15},
    {"http://a.com/%?x", AUTH0LOGOUT_E_URL_SYNTAX, 14},
    {"http://a.com/?%", AUTH0LOGOUT_E_URL_SYNTAX, 14},
    {"http://a.com/?%4", AUTH0LOGOUT_E_URL_SYNTAX, 15},
    {"http://a.com/?%4g", AUTH0LOGOUT_E_URL_SYNTAX, 16},
    {"http://a.com/?%g4", AUTH0LOGOUT_E_URL_SYNTAX, 15},
    {"http://a.com/?a[b", AUTH0LOGOUT_E_URL_SYNTAX, 15},
    {"http://a.com/#a]b", AUTH0LOGOUT_E_URL_SYNTAX, 15},
    {"http://a.com/#a#b", AUTH0LOGOUT_E_URL_SYNTAX, 15},
    {"http://a.com/?a#b#", AUTH0LOGOUT_E_URL_SYNTAX, 17},
    {"http://a.com/?a?b#c?d/", AUTH0LOGOUT_OK, 0},
    /* "%" then a byte R4.7 encodes: the '%' of its escape stops it */
    {"http://a.com/?%\xc3\xa9", AUTH0LOGOUT_E_URL_SYNTAX, 15},
    {"http://a.com/?%4 ", AUTH0LOGOUT_E_URL_SPACE, 16},
    {"http://a.com/?%4\"", AUTH0LOGOUT_E_URL_SYNTAX, 16},
    /* a bad host is found first when the query is bad too */
    {"http://a b.com/?%", AUTH0LOGOUT_E_URL_BAD_CHAR, 8},
    {"http://u@a.com/?%", AUTH0LOGOUT_E_URL_SYNTAX, 16},
    {"http://u@a.com/?%41", AUTH0LOGOUT_E_URL_USERINFO, 7},
};

START_TEST(seam_rows_agree)
{
	const char *u = seam_rows[_i].url;
	size_t n = strlen(u);
	struct stats st = {0};
	auth0logout_diag d;
	auth0logout_url out;

	check_one(u, n, 1, &st);
	auth0logout_status s = auth0logout_url_parse(
	    u, n, 0, url_buf, AUTH0LOGOUT_URL_BUFFER_SIZE, &out, &d);
	ck_assert_msg(s == seam_rows[_i].st, "%s: %s (%s), want %s",
	              tu_show(u, n), tu_name(s), d.text,
	              tu_name(seam_rows[_i].st));
	if (s != AUTH0LOGOUT_OK)
		ck_assert_msg(d.offset == seam_rows[_i].at,
		              "%s: offset %zu, want %zu (%s)", tu_show(u, n),
		              d.offset, seam_rows[_i].at, d.text);
}
END_TEST

static Suite *url_diff_suite(void)
{
	Suite *s = suite_create("url_diff");
	TCase *tc = tcase_create("whole-url parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	/* Under valgrind each input costs ~50x. */
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, corpora_agree);
	tcase_add_test(tc, suite_urls_agree);
	tcase_add_loop_test(tc, mutants_agree, 0, N_ROWS(seeds));
	tcase_add_test(tc, generated_agree);
	tcase_add_loop_test(tc, seam_rows_agree, 0, N_ROWS(seam_rows));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(url_diff_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
