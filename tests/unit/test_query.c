/* SPDX-License-Identifier: MIT */
/*
 * R1: the request, through auth0logout_request_parse.
 *
 * Every row's input is copied into a malloc'ed block of exactly its length
 * (no terminating NUL), and the scratch buffer is exactly as large as the
 * header promises is enough, so an overread shows up under ASan or
 * valgrind.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth0logout.h"
#include "testutil.h"

#define ABSENT    NULL, 0
#define NO_OFFSET ((size_t)-1)

static int inside(const char *p, size_t n, const char *buf, size_t buf_len)
{
	uintptr_t a = (uintptr_t)p;
	uintptr_t b = (uintptr_t)buf;

	return a >= b && a + n <= b + buf_len;
}

/* Checks one decoded value against what is expected (NULL = absent). */
static void expect_value(const char *input, size_t input_len, const char *what,
                         const char *got, size_t got_len, const char *want,
                         size_t want_len, const char *scratch,
                         size_t scratch_len)
{
	if (want == NULL) {
		ck_assert_msg(got == NULL && got_len == 0,
		              "parse(%s): %s should be absent, got %s",
		              tu_show(input, input_len), what,
		              tu_show(got, got ? got_len : 0));
		return;
	}
	ck_assert_msg(got != NULL, "parse(%s): %s absent, want %s",
	              tu_show(input, input_len), what, tu_show(want, want_len));
	ck_assert_msg(got_len == want_len && memcmp(got, want, want_len) == 0,
	              "parse(%s): %s is %s, want %s", tu_show(input, input_len),
	              what, tu_show(got, got_len), tu_show(want, want_len));
	ck_assert_msg(inside(got, got_len, scratch, scratch_len),
	              "parse(%s): %s does not point into scratch",
	              tu_show(input, input_len), what);
}

/* One row: input, expected status and, on success, the decoded request. */
struct parse_row {
	const char *in;
	size_t in_len;
	auth0logout_status status;
	const char *rt; /* expected returnTo, NULL = absent */
	size_t rt_len;
	const char *cid; /* expected client_id, NULL = absent */
	size_t cid_len;
	int federated;
	size_t offset; /* expected diag.offset on error, or NO_OFFSET */
};

/* clang-format off */
#define ERR(in, st) {S(in), st, ABSENT, ABSENT, 0, NO_OFFSET}
#define ESC(in, off) \
	{S(in), AUTH0LOGOUT_E_QUERY_BAD_ESCAPE, ABSENT, ABSENT, 0, off}
/* clang-format on */

static void check_parse_row(const struct parse_row *r)
{
	char *in = tu_dup_exact(r->in, r->in_len);
	size_t scratch_len = r->in_len;
	char *scratch = malloc(scratch_len ? scratch_len : 1);
	auth0logout_request req;
	auth0logout_diag diag;
	auth0logout_status st;

	ck_assert_msg(scratch != NULL, "out of memory");
	memset(&req, 0xa5, sizeof(req));
	memset(&diag, 0x5a, sizeof(diag));
	st = auth0logout_request_parse(in, r->in_len, scratch, scratch_len,
	                               &req, &diag);
	ck_assert_msg(st == r->status, "parse(%s): got %s, want %s",
	              tu_show(r->in, r->in_len), tu_name(st),
	              tu_name(r->status));
	if (st != AUTH0LOGOUT_OK) {
		ck_assert_msg(diag.status == (int)st,
		              "parse(%s): diag.status %d, want %s",
		              tu_show(r->in, r->in_len), diag.status,
		              tu_name(st));
		if (r->offset != NO_OFFSET)
			ck_assert_msg(diag.offset == r->offset,
			              "parse(%s): %s at offset %zu, want %zu",
			              tu_show(r->in, r->in_len), tu_name(st),
			              diag.offset, r->offset);
	} else {
		expect_value(r->in, r->in_len, "returnTo", req.return_to,
		             req.return_to_len, r->rt, r->rt_len, scratch,
		             scratch_len);
		expect_value(r->in, r->in_len, "client_id", req.client_id,
		             req.client_id_len, r->cid, r->cid_len, scratch,
		             scratch_len);
		ck_assert_msg(req.federated == r->federated,
		              "parse(%s) (%s): federated %d, want %d",
		              tu_show(r->in, r->in_len), tu_name(st),
		              req.federated, r->federated);
	}
	free(scratch);
	free(in);
}

/* R1.1: what part of the input is read. */
static const struct parse_row r1_1_rows[] = {
    /* request targets: between the first '?' and the first '#' */
    {S("/v2/logout?returnTo=https%3A%2F%2Fa.com&client_id=abc#frag"),
     AUTH0LOGOUT_OK, S("https://a.com"), S("abc"), 0, NO_OFFSET},
    {S("/v2/logout?returnTo=x#client_id=y"), AUTH0LOGOUT_OK, S("x"), ABSENT, 0,
     NO_OFFSET},
    {S("/v2/logout?client_id=a#&client_id=b"), AUTH0LOGOUT_OK, ABSENT, S("a"),
     0, NO_OFFSET},
    {S("/v2/logout?returnTo=x#%zz"), AUTH0LOGOUT_OK, S("x"), ABSENT, 0,
     NO_OFFSET},
    {S("/v2/logout?returnTo=x#federated"), AUTH0LOGOUT_OK, S("x"), ABSENT, 0,
     NO_OFFSET},
    {S("/v2/logout"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("/v2/logout?"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("/v2/logout?#returnTo=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("/v2/logout?a=1?returnTo=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0,
     NO_OFFSET},
    {S("/v2/logout?returnTo=a?b"), AUTH0LOGOUT_OK, S("a?b"), ABSENT, 0,
     NO_OFFSET},
    {S("/v2/logout#x?returnTo=y"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0,
     NO_OFFSET},
    {S("/?federated"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 1, NO_OFFSET},
    /* absolute URLs */
    {S("https://t.auth0.com/v2/logout?returnTo=https%3A%2F%2Fa.com&"
       "federated#x"),
     AUTH0LOGOUT_OK, S("https://a.com"), ABSENT, 1, NO_OFFSET},
    {S("https://t.auth0.com/v2/logout?client_id=a%23b#returnTo=x"),
     AUTH0LOGOUT_OK, ABSENT, S("a#b"), 0, NO_OFFSET},
    {S("HTTPS://T.AUTH0.COM/v2/logout?client_id=abc"), AUTH0LOGOUT_OK, ABSENT,
     S("abc"), 0, NO_OFFSET},
    {S("http://localhost:3000/v2/logout?returnTo=x&client_id=y"),
     AUTH0LOGOUT_OK, S("x"), S("y"), 0, NO_OFFSET},
    {S("https://t.auth0.com/v2/logout"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0,
     NO_OFFSET},
    {S("https://t.auth0.com/v2/logout#returnTo=x"), AUTH0LOGOUT_OK, ABSENT,
     ABSENT, 0, NO_OFFSET},
    {S("https://t.auth0.com/v2/logout?returnTo=x#y#z"), AUTH0LOGOUT_OK, S("x"),
     ABSENT, 0, NO_OFFSET},
    /* bare query strings are read whole: '#' and '?' are value bytes */
    {S("returnTo=https://a.com/#frag"), AUTH0LOGOUT_OK,
     S("https://a.com/#frag"), ABSENT, 0, NO_OFFSET},
    {S("client_id=a#b"), AUTH0LOGOUT_OK, ABSENT, S("a#b"), 0, NO_OFFSET},
    {S("returnTo=x#&client_id=y"), AUTH0LOGOUT_OK, S("x#"), S("y"), 0,
     NO_OFFSET},
    {S("#client_id=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnTo=a?b=c"), AUTH0LOGOUT_OK, S("a?b=c"), ABSENT, 0, NO_OFFSET},
    {S("?returnTo=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
};

START_TEST(r1_1_reads_query_part)
{
	check_parse_row(&r1_1_rows[_i]);
}
END_TEST

/* R1.2: '+' and %XX decoding. */
static const struct parse_row r1_2_decode_rows[] = {
    {S("returnTo=a+b"), AUTH0LOGOUT_OK, S("a b"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=a%20b"), AUTH0LOGOUT_OK, S("a b"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=++"), AUTH0LOGOUT_OK, S("  "), ABSENT, 0, NO_OFFSET},
    {S("returnTo=%2b"), AUTH0LOGOUT_OK, S("+"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=%2B"), AUTH0LOGOUT_OK, S("+"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=%e2%82%ac"), AUTH0LOGOUT_OK, S("\xe2\x82\xac"), ABSENT, 0,
     NO_OFFSET},
    {S("returnTo=%E2%82%aC"), AUTH0LOGOUT_OK, S("\xe2\x82\xac"), ABSENT, 0,
     NO_OFFSET},
    {S("returnTo=https%3a%2f%2fA.com%2Fx"), AUTH0LOGOUT_OK,
     S("https://A.com/x"), ABSENT, 0, NO_OFFSET},
    {S("client_id=%41%62c"), AUTH0LOGOUT_OK, ABSENT, S("Abc"), 0, NO_OFFSET},
    {S("returnTo=100%25"), AUTH0LOGOUT_OK, S("100%"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=%2525"), AUTH0LOGOUT_OK, S("%25"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=%252B"), AUTH0LOGOUT_OK, S("%2B"), ABSENT, 0, NO_OFFSET},
    {S("client_id=a%26returnTo%3Dx"), AUTH0LOGOUT_OK, ABSENT, S("a&returnTo=x"),
     0, NO_OFFSET},
    {S("returnTo=a%3Db"), AUTH0LOGOUT_OK, S("a=b"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=%2B+%2b"), AUTH0LOGOUT_OK, S("+ +"), ABSENT, 0, NO_OFFSET},
    {S("client_id=%7e%7E"), AUTH0LOGOUT_OK, ABSENT, S("~~"), 0, NO_OFFSET},
    {S("client_id=%20"), AUTH0LOGOUT_OK, ABSENT, S(" "), 0, NO_OFFSET},
    {S("returnTo=+"), AUTH0LOGOUT_OK, S(" "), ABSENT, 0, NO_OFFSET},
};

START_TEST(r1_2_decodes_plus_and_percent)
{
	check_parse_row(&r1_2_decode_rows[_i]);
}
END_TEST

/* R1.2: a '%' without two hex digits, anywhere; offset at the '%'. */
static const struct parse_row r1_2_escape_rows[] = {
    ESC("returnTo=%", 9),
    ESC("returnTo=%4", 9),
    ESC("returnTo=%zz", 9),
    ESC("returnTo=%4g", 9),
    ESC("returnTo=%g4", 9),
    ESC("returnTo=%+1", 9),
    ESC("returnTo=% 1", 9),
    ESC("returnTo=ab%", 11),
    ESC("returnTo=%41%", 12),
    ESC("returnTo=%%41", 9),
    ESC("client_id=%0", 10),
    ESC("client_id=abc&x=1%2", 17),
    ESC("foo=%x1&returnTo=a", 4),
    ESC("a=%20&b=%2", 8),
    ESC("re%turnTo=x", 2),
    ESC("%=x", 0),
    ESC("%", 0),
    ESC("x%zz", 1),
    ESC("federated=%", 10),
    ESC("federated%", 9),
    ESC("returnTo=x&%G0=1", 11),
    ESC("/v2/logout?returnTo=%zz#x", 20),
    ESC("/v2/logout?a=b&c=%1#", 17),
    ESC("https://t.auth0.com/v2/logout?x=%#", 32),
    ESC("https://t.auth0.com/v2/logout?returnTo=%C3%A#", 42),
};

START_TEST(r1_2_refuses_bad_escape)
{
	check_parse_row(&r1_2_escape_rows[_i]);
}
END_TEST

/* R1.3: names are decoded, then compared exactly. */
static const struct parse_row r1_3_rows[] = {
    {S("return%54o=x"), AUTH0LOGOUT_OK, S("x"), ABSENT, 0, NO_OFFSET},
    {S("%72eturnTo=x"), AUTH0LOGOUT_OK, S("x"), ABSENT, 0, NO_OFFSET},
    {S("%72%65%74%75%72%6e%54%6F=x"), AUTH0LOGOUT_OK, S("x"), ABSENT, 0,
     NO_OFFSET},
    {S("client%5Fid=abc"), AUTH0LOGOUT_OK, ABSENT, S("abc"), 0, NO_OFFSET},
    {S("client%5fid=abc"), AUTH0LOGOUT_OK, ABSENT, S("abc"), 0, NO_OFFSET},
    {S("fed%65rated"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 1, NO_OFFSET},
    {S("ReturnTo=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnto=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("RETURNTO=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("return_to=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("Client_id=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("CLIENT_ID=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("clientId=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("client+id=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("Federated"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("FEDERATED=1"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("federatedx=1"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnTo%3Dx"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S(" returnTo=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnTo =x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnTo+=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnTo%00=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnTox=1"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("xreturnTo=1"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnTo=federated"), AUTH0LOGOUT_OK, S("federated"), ABSENT, 0,
     NO_OFFSET},
    {S("ReturnTo=a&returnTo=b"), AUTH0LOGOUT_OK, S("b"), ABSENT, 0, NO_OFFSET},
    {S("x=1&returnTo=a&y=2&client_id=b&z"), AUTH0LOGOUT_OK, S("a"), S("b"), 0,
     NO_OFFSET},
};

START_TEST(r1_3_decodes_names_case_sensitively)
{
	check_parse_row(&r1_3_rows[_i]);
}
END_TEST

/* R1.4: returnTo or client_id given twice, in any form. */
static const struct parse_row r1_4_rows[] = {
    ERR("returnTo=a&returnTo=b", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("returnTo=a&returnTo=a", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("returnTo=&returnTo=b", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("returnTo=a&returnTo=", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("returnTo=&returnTo=", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("returnTo&returnTo=a", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("client_id=a&client_id=b", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("client_id=&client_id=", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("client_id=a&client_id=a", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("returnTo=a&client_id=b&returnTo=c", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("client_id=a&returnTo=x&federated&client_id=a",
        AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("return%54o=a&returnTo=b", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("client_id=a&client%5Fid=b", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("/v2/logout?returnTo=a&returnTo=b#x", AUTH0LOGOUT_E_QUERY_DUPLICATE),
    ERR("https://t.auth0.com/v2/logout?client_id=a&client_id=b",
        AUTH0LOGOUT_E_QUERY_DUPLICATE),
    /* not duplicates */
    {S("returnTo=a&ReturnTo=b"), AUTH0LOGOUT_OK, S("a"), ABSENT, 0, NO_OFFSET},
    {S("/v2/logout?returnTo=a#returnTo=b"), AUTH0LOGOUT_OK, S("a"), ABSENT, 0,
     NO_OFFSET},
    {S("returnTo=a&client_id=a"), AUTH0LOGOUT_OK, S("a"), S("a"), 0, NO_OFFSET},
};

START_TEST(r1_4_refuses_duplicates)
{
	check_parse_row(&r1_4_rows[_i]);
}
END_TEST

/* R1.5: an empty value, or no '=', counts as absent. */
static const struct parse_row r1_5_rows[] = {
    {S("returnTo="), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("client_id="), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnTo"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("client_id"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnTo=&client_id=abc"), AUTH0LOGOUT_OK, ABSENT, S("abc"), 0,
     NO_OFFSET},
    {S("returnTo=x&client_id="), AUTH0LOGOUT_OK, S("x"), ABSENT, 0, NO_OFFSET},
    {S("client_id&returnTo&federated"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 1,
     NO_OFFSET},
    {S("/v2/logout?returnTo=#x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
};

START_TEST(r1_5_empty_value_is_absent)
{
	check_parse_row(&r1_5_rows[_i]);
}
END_TEST

/* R1.6: federated present in any form is 1; it may repeat. */
static const struct parse_row r1_6_rows[] = {
    {S("federated"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 1, NO_OFFSET},
    {S("federated="), AUTH0LOGOUT_OK, ABSENT, ABSENT, 1, NO_OFFSET},
    {S("federated=true"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 1, NO_OFFSET},
    {S("federated=false"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 1, NO_OFFSET},
    {S("federated=0"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 1, NO_OFFSET},
    {S("federated=%00"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 1, NO_OFFSET},
    {S("federated&federated=1&federated=false"), AUTH0LOGOUT_OK, ABSENT, ABSENT,
     1, NO_OFFSET},
    {S("returnTo=x&federated"), AUTH0LOGOUT_OK, S("x"), ABSENT, 1, NO_OFFSET},
    {S("federated&returnTo=x&client_id=y"), AUTH0LOGOUT_OK, S("x"), S("y"), 1,
     NO_OFFSET},
    {S("returnTo=x"), AUTH0LOGOUT_OK, S("x"), ABSENT, 0, NO_OFFSET},
    {S(""), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
};

START_TEST(r1_6_federated_flag)
{
	check_parse_row(&r1_6_rows[_i]);
}
END_TEST

/* R1.7: a decoded client_id with a control byte. */
static const struct parse_row r1_7_rows[] = {
    ERR("client_id=%00", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("client_id=a%0Ab", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("client_id=a%0ab", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("client_id=%7F", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("client_id=%7f", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("client_id=%1F", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("client_id=%1f", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("client_id=%09abc", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("client_id=abc%0D", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("client_id=%01", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("client_id=a\tb", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("client_id=a\x7f", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    {S("client_id=a\0b"), AUTH0LOGOUT_E_CLIENT_ID_CONTROL, ABSENT, ABSENT, 0,
     NO_OFFSET},
    ERR("returnTo=x&client%5Fid=%00", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    ERR("/v2/logout?client_id=%0a#", AUTH0LOGOUT_E_CLIENT_ID_CONTROL),
    /* not control bytes */
    {S("client_id=%80"), AUTH0LOGOUT_OK, ABSENT, S("\x80"), 0, NO_OFFSET},
    {S("client_id=%C3%A9"), AUTH0LOGOUT_OK, ABSENT, S("\xc3\xa9"), 0,
     NO_OFFSET},
    {S("client_id=%FF"), AUTH0LOGOUT_OK, ABSENT, S("\xff"), 0, NO_OFFSET},
    {S("client_id=a+b"), AUTH0LOGOUT_OK, ABSENT, S("a b"), 0, NO_OFFSET},
    {S("client_id=%7E"), AUTH0LOGOUT_OK, ABSENT, S("~"), 0, NO_OFFSET},
    /* other parameters may decode to control bytes */
    {S("x=%00&client_id=a"), AUTH0LOGOUT_OK, ABSENT, S("a"), 0, NO_OFFSET},
};

START_TEST(r1_7_refuses_client_id_control)
{
	check_parse_row(&r1_7_rows[_i]);
}
END_TEST

/* Odd but valid shapes. */
static const struct parse_row r1_2_shape_rows[] = {
    {S(""), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("&"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("&&&"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("="), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("=x"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("==&=="), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnTo=a=b"), AUTH0LOGOUT_OK, S("a=b"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=="), AUTH0LOGOUT_OK, S("="), ABSENT, 0, NO_OFFSET},
    {S("client_id=a%3Db=c"), AUTH0LOGOUT_OK, ABSENT, S("a=b=c"), 0, NO_OFFSET},
    {S("&returnTo=x&"), AUTH0LOGOUT_OK, S("x"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=x&&&client_id=y"), AUTH0LOGOUT_OK, S("x"), S("y"), 0,
     NO_OFFSET},
    {S("x&returnTo=a"), AUTH0LOGOUT_OK, S("a"), ABSENT, 0, NO_OFFSET},
    {S("=&returnTo=a&="), AUTH0LOGOUT_OK, S("a"), ABSENT, 0, NO_OFFSET},
    {S(";returnTo=a"), AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
    {S("returnTo=a;client_id=b"), AUTH0LOGOUT_OK, S("a;client_id=b"), ABSENT, 0,
     NO_OFFSET},
};

START_TEST(r1_2_accepts_odd_shapes)
{
	check_parse_row(&r1_2_shape_rows[_i]);
}
END_TEST

/* Values are kept as bytes: the URL check comes later (R4). */
static const struct parse_row r1_2_byte_rows[] = {
    {S("returnTo=%00"), AUTH0LOGOUT_OK, S("\0"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=a%00b"), AUTH0LOGOUT_OK, S("a\0b"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=%ff%80"), AUTH0LOGOUT_OK, S("\xff\x80"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=%0d%0a"), AUTH0LOGOUT_OK, S("\r\n"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=%5C%5c"), AUTH0LOGOUT_OK, S("\\\\"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=\xc3\xa9"), AUTH0LOGOUT_OK, S("\xc3\xa9"), ABSENT, 0,
     NO_OFFSET},
    {S("returnTo=a b"), AUTH0LOGOUT_OK, S("a b"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=a\0b"), AUTH0LOGOUT_OK, S("a\0b"), ABSENT, 0, NO_OFFSET},
    {S("returnTo=\x01\x7f"), AUTH0LOGOUT_OK, S("\x01\x7f"), ABSENT, 0,
     NO_OFFSET},
    {S("returnTo=javascript:alert(1)"), AUTH0LOGOUT_OK,
     S("javascript:alert(1)"), ABSENT, 0, NO_OFFSET},
};

START_TEST(r1_2_keeps_value_bytes)
{
	check_parse_row(&r1_2_byte_rows[_i]);
}
END_TEST

/* Only input_len bytes are read (the input is a prefix of the literal). */
static const struct parse_row r1_1_prefix_rows[] = {
    {"returnTo=abc&client_id=x", 12, AUTH0LOGOUT_OK, S("abc"), ABSENT, 0,
     NO_OFFSET},
    {"returnTo=%41", 11, AUTH0LOGOUT_E_QUERY_BAD_ESCAPE, ABSENT, ABSENT, 0, 9},
    {"returnTo=%41", 10, AUTH0LOGOUT_E_QUERY_BAD_ESCAPE, ABSENT, ABSENT, 0, 9},
    {"federatedX", 9, AUTH0LOGOUT_OK, ABSENT, ABSENT, 1, NO_OFFSET},
    {"client_id=ab%00", 12, AUTH0LOGOUT_OK, ABSENT, S("ab"), 0, NO_OFFSET},
    {"returnTo=a&returnTo=b", 10, AUTH0LOGOUT_OK, S("a"), ABSENT, 0, NO_OFFSET},
    {"/v2/logout?returnTo=x#", 21, AUTH0LOGOUT_OK, S("x"), ABSENT, 0,
     NO_OFFSET},
    {"/v2/logout?returnTo=xy", 21, AUTH0LOGOUT_OK, S("x"), ABSENT, 0,
     NO_OFFSET},
    {"returnTo", 0, AUTH0LOGOUT_OK, ABSENT, ABSENT, 0, NO_OFFSET},
};

START_TEST(r1_1_reads_only_input_len)
{
	check_parse_row(&r1_1_prefix_rows[_i]);
}
END_TEST

/*
 * R1.7/R1.8 limits, on generated inputs: prefix, then unit repeated count
 * times, then suffix.  On success the value named by which is want_len
 * copies of want_byte.
 */
enum which { W_NONE, W_RETURN_TO, W_CLIENT_ID, W_FEDERATED };

struct limit_row {
	const char *prefix;
	const char *unit;
	size_t count;
	const char *suffix;
	auth0logout_status status;
	enum which which;
	size_t want_len;
	char want_byte;
};

static const struct limit_row r1_limit_rows[] = {
    /* R1.8 query part: 16384 bytes fine, 16385 too long */
    {"x=", "a", 16382, "", AUTH0LOGOUT_OK, W_NONE, 0, 0},
    {"x=", "a", 16383, "", AUTH0LOGOUT_E_QUERY_TOO_LONG, W_NONE, 0, 0},
    {"federated=", "1", 16374, "", AUTH0LOGOUT_OK, W_FEDERATED, 0, 0},
    {"federated=", "1", 16375, "", AUTH0LOGOUT_E_QUERY_TOO_LONG, W_NONE, 0, 0},
    {"x=", "%41", 5460, "aa", AUTH0LOGOUT_OK, W_NONE, 0, 0},
    {"x=", "%41", 5460, "aaa", AUTH0LOGOUT_E_QUERY_TOO_LONG, W_NONE, 0, 0},
    {"/v2/logout?x=", "a", 16382, "#fragment", AUTH0LOGOUT_OK, W_NONE, 0, 0},
    {"/v2/logout?x=", "a", 16383, "#f", AUTH0LOGOUT_E_QUERY_TOO_LONG, W_NONE, 0,
     0},
    {"https://t.auth0.com/v2/logout?federated=", "1", 16374, "#x",
     AUTH0LOGOUT_OK, W_FEDERATED, 0, 0},
    {"https://t.auth0.com/v2/logout?federated=", "1", 16375, "#x",
     AUTH0LOGOUT_E_QUERY_TOO_LONG, W_NONE, 0, 0},
    {"&", "&", 16383, "", AUTH0LOGOUT_OK, W_NONE, 0, 0},
    {"&", "&", 16384, "", AUTH0LOGOUT_E_QUERY_TOO_LONG, W_NONE, 0, 0},
    /* R1.8 decoded returnTo: 4096 bytes fine, 4097 too long */
    {"returnTo=", "a", 4096, "", AUTH0LOGOUT_OK, W_RETURN_TO, 4096, 'a'},
    {"returnTo=", "a", 4097, "", AUTH0LOGOUT_E_RETURN_TO_TOO_LONG, W_NONE, 0,
     0},
    {"returnTo=", "%41", 4096, "", AUTH0LOGOUT_OK, W_RETURN_TO, 4096, 'A'},
    {"returnTo=", "%41", 4097, "", AUTH0LOGOUT_E_RETURN_TO_TOO_LONG, W_NONE, 0,
     0},
    {"returnTo=", "+", 4096, "", AUTH0LOGOUT_OK, W_RETURN_TO, 4096, ' '},
    {"returnTo=", "+", 4097, "", AUTH0LOGOUT_E_RETURN_TO_TOO_LONG, W_NONE, 0,
     0},
    {"/v2/logout?returnTo=", "%2f", 4096, "#x", AUTH0LOGOUT_OK, W_RETURN_TO,
     4096, '/'},
    {"x=1&returnTo=", "b", 4097, "&y=2", AUTH0LOGOUT_E_RETURN_TO_TOO_LONG,
     W_NONE, 0, 0},
    /* R1.7 decoded client_id: 256 bytes fine, 257 too long */
    {"client_id=", "a", 256, "", AUTH0LOGOUT_OK, W_CLIENT_ID, 256, 'a'},
    {"client_id=", "a", 257, "", AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG, W_NONE, 0,
     0},
    {"client_id=", "%62", 256, "", AUTH0LOGOUT_OK, W_CLIENT_ID, 256, 'b'},
    {"client_id=", "%62", 257, "", AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG, W_NONE, 0,
     0},
    {"client_id=", "+", 257, "", AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG, W_NONE, 0,
     0},
    {"returnTo=x&client_id=", "Z", 257, "&federated",
     AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG, W_NONE, 0, 0},
};

static char *build_limit_input(const struct limit_row *r, size_t *len)
{
	size_t pl = strlen(r->prefix);
	size_t ul = strlen(r->unit);
	size_t sl = strlen(r->suffix);
	size_t n = pl + ul * r->count + sl;
	char *p = malloc(n);
	size_t i;

	ck_assert_msg(p != NULL, "out of memory");
	memcpy(p, r->prefix, pl);
	for (i = 0; i < r->count; i++)
		memcpy(p + pl + i * ul, r->unit, ul);
	memcpy(p + pl + ul * r->count, r->suffix, sl);
	*len = n;
	return p;
}

START_TEST(r1_8_limits)
{
	const struct limit_row *r = &r1_limit_rows[_i];
	size_t len;
	char *in = build_limit_input(r, &len);
	char *scratch = malloc(len);
	auth0logout_request req;
	auth0logout_diag diag;
	auth0logout_status st;
	const char *v = NULL;
	size_t vlen = 0;
	size_t k;

	ck_assert_msg(scratch != NULL, "out of memory");
	st = auth0logout_request_parse(in, len, scratch, len, &req, &diag);
	ck_assert_msg(st == r->status,
	              "parse(%s + %zu x %s + %s, %zu bytes): got %s, want %s",
	              r->prefix, r->count, r->unit, r->suffix, len, tu_name(st),
	              tu_name(r->status));
	if (st == AUTH0LOGOUT_OK) {
		if (r->which == W_RETURN_TO) {
			v = req.return_to;
			vlen = req.return_to_len;
		} else if (r->which == W_CLIENT_ID) {
			v = req.client_id;
			vlen = req.client_id_len;
		}
		if (r->which == W_RETURN_TO || r->which == W_CLIENT_ID) {
			ck_assert_msg(
			    v != NULL && vlen == r->want_len,
			    "parse(%s + %zu x %s): value of %zu bytes, "
			    "want %zu",
			    r->prefix, r->count, r->unit, vlen, r->want_len);
			for (k = 0; k < vlen; k++)
				ck_assert_msg(
				    v[k] == r->want_byte,
				    "parse(%s + %zu x %s): byte %zu is "
				    "0x%02x",
				    r->prefix, r->count, r->unit, k,
				    (unsigned char)v[k]);
		}
		ck_assert_msg(req.federated == (r->which == W_FEDERATED),
		              "parse(%s + %zu x %s): federated %d", r->prefix,
		              r->count, r->unit, req.federated);
	} else {
		ck_assert_msg(diag.status == (int)st, "diag.status %d, want %s",
		              diag.status, tu_name(st));
	}
	free(scratch);
	free(in);
}
END_TEST

/* Argument handling. */
START_TEST(r1_api_null_input)
{
	char scratch[16];
	auth0logout_request req;
	auth0logout_status st;

	st = auth0logout_request_parse(NULL, 5, scratch, sizeof(scratch), &req,
	                               NULL);
	ck_assert_msg(st == AUTH0LOGOUT_E_INVALID_ARGUMENT,
	              "parse(NULL, 5): got %s, want invalid_argument",
	              tu_name(st));
}
END_TEST

START_TEST(r1_api_null_scratch)
{
	auth0logout_request req;
	auth0logout_status st;

	st = auth0logout_request_parse("returnTo=x", 10, NULL, 10, &req, NULL);
	ck_assert_msg(st == AUTH0LOGOUT_E_INVALID_ARGUMENT,
	              "parse(\"returnTo=x\") with scratch NULL: got %s, want "
	              "invalid_argument",
	              tu_name(st));
}
END_TEST

START_TEST(r1_api_null_out)
{
	char scratch[16];
	auth0logout_diag diag;
	auth0logout_status st;

	st = auth0logout_request_parse("returnTo=x", 10, scratch,
	                               sizeof(scratch), NULL, &diag);
	ck_assert_msg(st == AUTH0LOGOUT_E_INVALID_ARGUMENT,
	              "parse(\"returnTo=x\") with out NULL: got %s, want "
	              "invalid_argument",
	              tu_name(st));
	ck_assert_msg(diag.status == (int)st, "diag.status %d", diag.status);
}
END_TEST

START_TEST(r1_api_diag_is_optional)
{
	char scratch[32];
	auth0logout_request req;
	auth0logout_status st;

	st = auth0logout_request_parse("returnTo=%zz", 12, scratch,
	                               sizeof(scratch), &req, NULL);
	ck_assert_msg(st == AUTH0LOGOUT_E_QUERY_BAD_ESCAPE,
	              "parse(\"returnTo=%%zz\") without diag: got %s",
	              tu_name(st));
	st = auth0logout_request_parse("returnTo=x", 10, scratch,
	                               sizeof(scratch), &req, NULL);
	ck_assert_msg(st == AUTH0LOGOUT_OK,
	              "parse(\"returnTo=x\") without diag: got %s",
	              tu_name(st));
	ck_assert_msg(req.return_to_len == 1 && req.return_to[0] == 'x',
	              "returnTo not decoded");
}
END_TEST

/* Scratch sizes: the query part is enough, less is too small. */
struct scratch_row {
	const char *in;
	size_t scratch_len;
	auth0logout_status status;
};

static const struct scratch_row r1_scratch_rows[] = {
    {"returnTo=abc", 12, AUTH0LOGOUT_OK},
    {"returnTo=abc", 11, AUTH0LOGOUT_E_BUFFER_TOO_SMALL},
    {"returnTo=abc", 1, AUTH0LOGOUT_E_BUFFER_TOO_SMALL},
    {"returnTo=abc", 0, AUTH0LOGOUT_E_BUFFER_TOO_SMALL},
    {"/v2/logout?returnTo=abc#frag", 12, AUTH0LOGOUT_OK},
    {"/v2/logout?returnTo=abc#frag", 11, AUTH0LOGOUT_E_BUFFER_TOO_SMALL},
    {"https://t.auth0.com/v2/logout?client_id=x", 11, AUTH0LOGOUT_OK},
    {"https://t.auth0.com/v2/logout?client_id=x", 10,
     AUTH0LOGOUT_E_BUFFER_TOO_SMALL},
};

START_TEST(r1_api_scratch_size)
{
	const struct scratch_row *r = &r1_scratch_rows[_i];
	size_t len = strlen(r->in);
	char *in = tu_dup_exact(r->in, len);
	char *scratch = malloc(r->scratch_len ? r->scratch_len : 1);
	auth0logout_request req;
	auth0logout_diag diag;
	auth0logout_status st;

	ck_assert_msg(scratch != NULL, "out of memory");
	st = auth0logout_request_parse(in, len, scratch, r->scratch_len, &req,
	                               &diag);
	ck_assert_msg(st == r->status,
	              "parse(%s) with %zu bytes of scratch: got %s, want %s",
	              tu_show(r->in, len), r->scratch_len, tu_name(st),
	              tu_name(r->status));
	free(scratch);
	free(in);
}
END_TEST

/* ---- R1.7: the one client_id check (since 0.2) -------------------------- */

START_TEST(r1_7_client_id_check)
{
	auth0logout_diag d;
	char big[257];
	memset(big, 'a', sizeof big);

	ck_assert_int_eq(auth0logout_client_id_check(S("AbC123"), &d),
	                 AUTH0LOGOUT_OK);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_client_id_check(big, 256, &d),
	                 AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_client_id_check(big, 257, &d),
	                 AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG);
	ck_assert_int_eq(auth0logout_client_id_check("", 0, &d),
	                 AUTH0LOGOUT_E_CLIENT_ID_EMPTY);
	ck_assert_int_eq(auth0logout_client_id_check(S("ab\x7f"
	                                               "c"),
	                                             &d),
	                 AUTH0LOGOUT_E_CLIENT_ID_CONTROL);
	ck_assert_uint_eq(d.offset, 2);
	ck_assert_msg(strstr(d.text, "0x7F") != NULL, "%s", d.text);
	ck_assert_int_eq(auth0logout_client_id_check(S("a\0b"), NULL),
	                 AUTH0LOGOUT_E_CLIENT_ID_CONTROL);
	ck_assert_int_eq(auth0logout_client_id_check(NULL, 3, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	/* Non-ASCII bytes are no control bytes. */
	ck_assert_int_eq(auth0logout_client_id_check(S("caf\xC3\xA9"), &d),
	                 AUTH0LOGOUT_OK);
	ck_assert_str_eq(auth0logout_status_rule(AUTH0LOGOUT_E_CLIENT_ID_EMPTY),
	                 "R1.7");
}
END_TEST

/* The scratch never needs more than AUTH0LOGOUT_REQUEST_SCRATCH_SIZE, for
 * a query of any length: longer values are refused before they are
 * written. */
START_TEST(r1_8_scratch_bounded)
{
	size_t n = AUTH0LOGOUT_MAX_QUERY;
	char *q = malloc(n + 1);
	char *scratch = malloc(AUTH0LOGOUT_REQUEST_SCRATCH_SIZE);
	auth0logout_request r;
	auth0logout_diag d;
	size_t len;

	/* A 4096-byte returnTo and a 256-byte client_id, each escaped. */
	len = (size_t)sprintf(q, "client_id=");
	for (int i = 0; i < 256; i++)
		len += (size_t)sprintf(q + len, "%%41");
	len += (size_t)sprintf(q + len, "&returnTo=https://a.com/");
	for (int i = 0; i < 4096 - 14; i++)
		len += (size_t)sprintf(q + len, "%%42");
	ck_assert_int_eq(
	    auth0logout_request_parse(q, len, scratch,
	                              AUTH0LOGOUT_REQUEST_SCRATCH_SIZE, &r, &d),
	    AUTH0LOGOUT_OK);
	ck_assert_uint_eq(r.client_id_len, 256);
	ck_assert_uint_eq(r.return_to_len, 4096);
	ck_assert(r.return_to_len <= AUTH0LOGOUT_MAX_URL);
	/* One byte less is refused as too small, whatever the values. */
	ck_assert_int_eq(
	    auth0logout_request_parse(
	        q, len, scratch, AUTH0LOGOUT_REQUEST_SCRATCH_SIZE - 1, &r, &d),
	    AUTH0LOGOUT_E_BUFFER_TOO_SMALL);

	/* A returnTo that decodes to 4097 bytes: refused, nothing written
	 * past the scratch (ASan and valgrind watch the block). */
	len = (size_t)sprintf(q, "returnTo=");
	for (int i = 0; i < 4097; i++)
		len += (size_t)sprintf(q + len, "%%42");
	ck_assert_int_eq(
	    auth0logout_request_parse(q, len, scratch,
	                              AUTH0LOGOUT_REQUEST_SCRATCH_SIZE, &r, &d),
	    AUTH0LOGOUT_E_RETURN_TO_TOO_LONG);
	ck_assert_msg(strstr(d.text, "4097 bytes decoded") != NULL, "%s",
	              d.text);
	free(scratch);
	free(q);
}
END_TEST

static Suite *query_suite(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("R1");

	tcase_set_timeout(tc, 60);
	ADD_ROWS(tc, r1_1_reads_query_part, r1_1_rows);
	ADD_ROWS(tc, r1_1_reads_only_input_len, r1_1_prefix_rows);
	ADD_ROWS(tc, r1_2_decodes_plus_and_percent, r1_2_decode_rows);
	ADD_ROWS(tc, r1_2_refuses_bad_escape, r1_2_escape_rows);
	ADD_ROWS(tc, r1_2_accepts_odd_shapes, r1_2_shape_rows);
	ADD_ROWS(tc, r1_2_keeps_value_bytes, r1_2_byte_rows);
	ADD_ROWS(tc, r1_3_decodes_names_case_sensitively, r1_3_rows);
	ADD_ROWS(tc, r1_4_refuses_duplicates, r1_4_rows);
	ADD_ROWS(tc, r1_5_empty_value_is_absent, r1_5_rows);
	ADD_ROWS(tc, r1_6_federated_flag, r1_6_rows);
	ADD_ROWS(tc, r1_7_refuses_client_id_control, r1_7_rows);
	ADD_ROWS(tc, r1_8_limits, r1_limit_rows);
	ADD_ROWS(tc, r1_api_scratch_size, r1_scratch_rows);
	tcase_add_test(tc, r1_api_null_input);
	tcase_add_test(tc, r1_api_null_scratch);
	tcase_add_test(tc, r1_api_null_out);
	tcase_add_test(tc, r1_api_diag_is_optional);
	tcase_add_test(tc, r1_7_client_id_check);
	tcase_add_test(tc, r1_8_scratch_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(query_suite());
}
