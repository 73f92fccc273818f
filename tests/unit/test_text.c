/* SPDX-License-Identifier: MIT */
/*
 * auth0logout_escape, the one output cleaner of the library, its tools and
 * adapters: valid UTF-8 kept, each class of ill-formed UTF-8 replaced with
 * one U+FFFD per maximal subpart, AUTH0LOGOUT_ESCAPE_NO_CONTROL, _HTML and
 * _JSON, embedded NULs and empty input; its snprintf-like output (the
 * length of the whole result, a cut result NUL-terminated).
 *
 * Inputs are copied into blocks of exactly their length (no terminating
 * NUL) so overreads show up under ASan or valgrind.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define R "\xEF\xBF\xBD" /* U+FFFD */

#define NOCTL AUTH0LOGOUT_ESCAPE_NO_CONTROL
#define HTML  AUTH0LOGOUT_ESCAPE_HTML
#define JSON  AUTH0LOGOUT_ESCAPE_JSON

/* The whole result in a new block of exactly its length + 1 (so that an
 * overwrite shows under ASan or valgrind); *len gets its length. */
static char *clean(const char *s, size_t n, unsigned flags, size_t *len)
{
	size_t k = auth0logout_escape(s, n, flags, NULL, 0);
	char *out = malloc(k + 1);

	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(auth0logout_escape(s, n, flags, out, k + 1), k);
	if (len)
		*len = k;
	return out;
}

struct row {
	const char *in;
	size_t in_len;
	unsigned flags;
	const char *want;
	size_t want_len;
};

/* IN and WANT are string literals; embedded NULs count. */
#define ROW(in, flags, want)                                                   \
	{                                                                      \
		S(in), flags, S(want)                                          \
	}

static const struct row rows[] = {
    /* Empty input. */
    ROW("", 0, ""),
    ROW("", NOCTL | HTML, ""),

    /* Valid ASCII and UTF-8 are kept, the limits of each length too. */
    ROW("returnTo=https://www.example.com/", 0,
        "returnTo=https://www.example.com/"),
    ROW("caf\xC3\xA9 \xF0\x9F\x98\x80", 0, "caf\xC3\xA9 \xF0\x9F\x98\x80"),
    /* U+0080 U+07FF, U+0800 U+D7FF, U+E000 U+FFFF, U+10000 U+10FFFF */
    ROW("\xC2\x80\xDF\xBF", 0, "\xC2\x80\xDF\xBF"),
    ROW("\xE0\xA0\x80\xED\x9F\xBF", 0, "\xE0\xA0\x80\xED\x9F\xBF"),
    ROW("\xEE\x80\x80\xEF\xBF\xBF", 0, "\xEE\x80\x80\xEF\xBF\xBF"),
    ROW("\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 0,
        "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"),
    ROW(R, NOCTL | HTML, R),
    /* C1 controls are characters like any other. */
    ROW("\xC2\x85\xC2\x9F", NOCTL, "\xC2\x85\xC2\x9F"),

    /* A lone continuation byte: one U+FFFD each. */
    ROW("\x80", 0, R),
    ROW("a\x80\xBFz", 0, "a" R R "z"),
    ROW("\xC3\xA9\xA9", 0, "\xC3\xA9" R),

    /* A truncated sequence: one U+FFFD for the whole prefix. */
    ROW("\xC3", 0, R),
    ROW("\xC3(", 0, R "("),
    ROW("\xE2\x82", 0, R),
    ROW("\xE2\x82Z", 0, R "Z"),
    ROW("\xE2\x82\xE2\x82\xAC", 0, R "\xE2\x82\xAC"),
    ROW("\xF0\x9F\x98", 0, R),
    ROW("\xF0\x9F\x98Z", 0, R "Z"),
    ROW("\xF1\x80\x80\xE1\x80\xC2", 0, R R R),
    /* The Unicode standard's own example (chapter 3, table 3-8). */
    ROW("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", 0,
        "a" R R R "b" R "c" R R "d"),

    /* Overlong forms: no well-formed prefix, one U+FFFD per byte. */
    ROW("\xC0\xAF", 0, R R),
    ROW("\xC1\xBF", 0, R R),
    ROW("\xE0\x80\xAF", 0, R R R),
    ROW("\xE0\x9F\xBF", 0, R R R),
    ROW("\xF0\x80\x80\xAF", 0, R R R R),
    ROW("\xF0\x8F\xBF\xBF", 0, R R R R),

    /* Surrogates, U+D800-U+DFFF. */
    ROW("\xED\xA0\x80", 0, R R R),
    ROW("\xED\xBF\xBF", 0, R R R),
    ROW("\xED\xA0\x80\xED\xB0\x80", 0, R R R R R R),

    /* Above U+10FFFF. */
    ROW("\xF4\x90\x80\x80", 0, R R R R),
    ROW("\xF5\x80\x80\x80", 0, R R R R),
    ROW("\xF7\xBF\xBF\xBF", 0, R R R R),
    ROW("\xF8\x88\x80\x80\x80", 0, R R R R R),

    /* Bytes that never occur in UTF-8. */
    ROW("\xFE", 0, R),
    ROW("\xFF", 0, R),
    ROW("\xFE\xFFx\xFF", 0, R R "x" R),

    /* Control bytes: kept, or U+FFFD each with AUTH0LOGOUT_ESCAPE_NO_CONTROL.
     */
    ROW("a\x01\t\n\x1F\x7Fz", 0, "a\x01\t\n\x1F\x7Fz"),
    ROW("a\x01\t\n\x1F\x7Fz", NOCTL, "a" R R R R R "z"),
    ROW(" ~", NOCTL, " ~"),

    /* HTML: & < > " ' become character references, nothing else. */
    ROW("&<>\"'", 0, "&<>\"'"),
    ROW("&<>\"'", HTML, "&amp;&lt;&gt;&quot;&#39;"),
    ROW("<script>alert(1)</script>", HTML,
        "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ROW("a=1&b=%3C", HTML, "a=1&amp;b=%3C"),
    ROW("\xFF<\xC3\xA9>\xE2\x82&", HTML, R "&lt;\xC3\xA9&gt;" R "&amp;"),
    ROW("\x01<", HTML, "\x01&lt;"),
    ROW("\x01<\x7F", NOCTL | HTML, R "&lt;" R),

    /* Embedded NULs: n counts, not strlen. */
    ROW("a\0b", 0, "a\0b"),
    ROW("\0", 0, "\0"),
    ROW("a\0b", NOCTL, "a" R "b"),
    ROW("\0<\0", NOCTL | HTML, R "&lt;" R),
    ROW("\xC3\0", 0, R "\0"),
    /* JSON: '"', '\\' and control bytes escaped as jansson writes them;
     * DEL and '/' kept; ill-formed UTF-8 as U+FFFD. */
    ROW("a\"b\\c/", JSON, "a\\\"b\\\\c/"),
    ROW("\b\f\n\r\t", JSON, "\\b\\f\\n\\r\\t"),
    ROW("\0\x01\x1F\x7F", JSON, "\\u0000\\u0001\\u001F\x7F"),
    ROW("\xC3\xA9\xFF<", JSON, "\xC3\xA9" R "<"),
    ROW("\x01<\"", JSON | NOCTL | HTML, R "&lt;\\\""),
};

START_TEST(text_clean_table)
{
	const struct row *t = &rows[_i];
	char *in = tu_dup_exact(t->in, t->in_len);
	size_t len = (size_t)-1;
	char *out = clean(in, t->in_len, t->flags, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_msg(len == t->want_len && memcmp(out, t->want, len) == 0,
	              "row %d: %s (flags %u) gave %s, want %s", _i,
	              tu_show(t->in, t->in_len), t->flags, tu_show(out, len),
	              tu_show(t->want, t->want_len));
	ck_assert_msg(out[len] == '\0', "row %d: no terminating NUL", _i);
	free(out);
	free(in);
}
END_TEST

/* The result is clean: cleaning it again changes nothing. */
START_TEST(text_clean_idempotent)
{
	const struct row *t = &rows[_i];
	unsigned flags = t->flags & AUTH0LOGOUT_ESCAPE_NO_CONTROL;
	size_t len, len2;
	char *once = clean(t->in, t->in_len, flags, &len);
	char *twice;

	ck_assert_ptr_nonnull(once);
	twice = clean(once, len, flags, &len2);
	ck_assert_ptr_nonnull(twice);
	ck_assert_msg(len2 == len && memcmp(once, twice, len) == 0,
	              "row %d: %s cleaned again gave %s", _i,
	              tu_show(once, len), tu_show(twice, len2));
	free(twice);
	free(once);
}
END_TEST

/* Only the first n bytes are read; a sequence cut by n is truncated. */
START_TEST(text_clean_reads_n_bytes)
{
	size_t len;
	char *out = clean("abc", 2, 0, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, 2);
	ck_assert_str_eq(out, "ab");
	free(out);
	out = clean("x\xC3\xA9", 2, 0, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_str_eq(out, "x" R);
	ck_assert_uint_eq(len, 4);
	free(out);
}
END_TEST

/* NULL with n 0 is the empty string; out_len may be NULL. */
START_TEST(text_clean_null_and_no_len)
{
	size_t len = 99;
	char *out = clean(NULL, 0, AUTH0LOGOUT_ESCAPE_HTML, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(out, "");
	free(out);
	out = clean("<\xFF", 2, AUTH0LOGOUT_ESCAPE_HTML, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_str_eq(out, "&lt;" R);
	free(out);
}
END_TEST

/* Like snprintf: the length of the whole result always; at most cap - 1
 * bytes written and a NUL; nothing written with cap 0 or out NULL. */
START_TEST(text_escape_cut_like_snprintf)
{
	char buf[8];

	memset(buf, 'Z', sizeof buf);
	ck_assert_uint_eq(auth0logout_escape("<<<", 3, HTML, buf, 6), 12);
	ck_assert_str_eq(buf, "&lt;&");
	ck_assert_int_eq(buf[6], 'Z');
	memset(buf, 'Z', sizeof buf);
	ck_assert_uint_eq(auth0logout_escape("abc", 3, 0, buf, 0), 3);
	ck_assert_int_eq(buf[0], 'Z');
	ck_assert_uint_eq(auth0logout_escape("abc", 3, 0, NULL, 5), 3);
	ck_assert_uint_eq(auth0logout_escape("abc", 3, 0, buf, 1), 3);
	ck_assert_str_eq(buf, "");
	ck_assert_uint_eq(auth0logout_escape("abc", 3, 0, buf, 4), 3);
	ck_assert_str_eq(buf, "abc");
	/* A cut result is a byte prefix of the whole one: the UTF-8
	 * promise is for complete results (auth0logout.h). */
	ck_assert_uint_eq(auth0logout_escape("\xC3\xA9", 2, 0, buf, 2), 2);
	ck_assert_str_eq(buf, "\xC3");
	/* At most 6 bytes per input byte. */
	ck_assert_uint_eq(auth0logout_escape("\x01\x02", 2, JSON, NULL, 0), 12);
	ck_assert_uint_eq(auth0logout_escape("\"'", 2, HTML, NULL, 0), 11);
}
END_TEST

static Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("clean");

	ADD_ROWS(tc, text_clean_table, rows);
	ADD_ROWS(tc, text_clean_idempotent, rows);
	tcase_add_test(tc, text_clean_reads_n_bytes);
	tcase_add_test(tc, text_clean_null_and_no_len);
	tcase_add_test(tc, text_escape_cut_like_snprintf);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(text_suite());
}
