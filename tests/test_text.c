/*
 * a0l_text_clean (examples/common/text.h), the adapters' shared output
 * cleaner: valid UTF-8 kept, each class of ill-formed UTF-8 replaced with
 * one U+FFFD per maximal subpart, A0L_TEXT_NO_CONTROL, A0L_TEXT_HTML,
 * embedded NULs and empty input.
 *
 * Inputs are copied into blocks of exactly their length (no terminating
 * NUL) so overreads show up under ASan or valgrind.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "text.h"

#define R "\xEF\xBF\xBD" /* U+FFFD */

#define NOCTL A0L_TEXT_NO_CONTROL
#define HTML  A0L_TEXT_HTML

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

    /* Control bytes: kept, or U+FFFD each with A0L_TEXT_NO_CONTROL. */
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
};

START_TEST(text_clean_table)
{
	const struct row *t = &rows[_i];
	char *in = tu_dup_exact(t->in, t->in_len);
	size_t len = (size_t)-1;
	char *out = a0l_text_clean(in, t->in_len, t->flags, &len);

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
	unsigned flags = t->flags & A0L_TEXT_NO_CONTROL;
	size_t len, len2;
	char *once = a0l_text_clean(t->in, t->in_len, flags, &len);
	char *twice;

	ck_assert_ptr_nonnull(once);
	twice = a0l_text_clean(once, len, flags, &len2);
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
	char *out = a0l_text_clean("abc", 2, 0, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, 2);
	ck_assert_str_eq(out, "ab");
	free(out);
	out = a0l_text_clean("x\xC3\xA9", 2, 0, &len);
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
	char *out = a0l_text_clean(NULL, 0, A0L_TEXT_HTML, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(out, "");
	free(out);
	out = a0l_text_clean("<\xFF", 2, A0L_TEXT_HTML, NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_str_eq(out, "&lt;" R);
	free(out);
}
END_TEST

/* A length whose result could not fit in a size_t fails before any byte
 * is read. */
START_TEST(text_clean_huge_length)
{
	char byte = 'x';

	ck_assert_ptr_null(a0l_text_clean(&byte, SIZE_MAX, 0, NULL));
	ck_assert_ptr_null(
	    a0l_text_clean(&byte, SIZE_MAX / 2, A0L_TEXT_HTML, NULL));
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
	tcase_add_test(tc, text_clean_huge_length);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(text_suite());
}
