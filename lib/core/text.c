/* SPDX-License-Identifier: MIT */
/*
 * Making bytes safe to show: auth0logout_escape, the one UTF-8 cleaner of
 * the library, its tools and its adapters (the CLI's JSON, the servers'
 * pages, the linter's reports).
 *
 * Ill-formed UTF-8 is replaced the way the Unicode standard recommends
 * ("U+FFFD Substitution of Maximal Subparts", chapter 3) and the WHATWG
 * decoder does: each maximal subpart of an ill-formed sequence -- the
 * longest prefix of a well-formed sequence, or else a single byte -- becomes
 * one U+FFFD.  One pass, writing into the caller's buffer as far as it
 * reaches and counting the rest, like snprintf.
 */
#include "internal.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* The length of the well-formed UTF-8 sequence at s (n > 0 bytes left), or
 * 0 when it is ill-formed; then *bad is the length of its maximal subpart
 * (at least 1), which becomes one U+FFFD.  The ranges are those of the
 * Unicode standard's table 3-7 (well-formed UTF-8 byte sequences). */
static size_t utf8_sequence(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		need = 1;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		need = 2;
		if (s[0] == 0xE0)
			lo = 0xA0; /* overlong */
		else if (s[0] == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		need = 3;
		if (s[0] == 0xF0)
			lo = 0x90; /* overlong */
		else if (s[0] == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		/* 80-C1 (a continuation byte, or an overlong lead) and
		 * F5-FF never start a sequence. */
		*bad = 1;
		return 0;
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

/* The HTML character reference for c, or NULL when c needs none. */
static const char *html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* The JSON escape of c (written into seq, 7 bytes), or NULL when c needs
 * none.  As jansson writes them, so that the CLI's output kept its form
 * when it stopped using jansson: \" \\ \b \f \n \r \t, else \u00XX. */
static const char *json_escape(unsigned char c, char seq[7])
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		if (c >= 0x20)
			return NULL;
		memcpy(seq, "\\u00", 4);
		seq[4] = a0l_hex_digit(c >> 4);
		seq[5] = a0l_hex_digit(c);
		seq[6] = '\0';
		return seq;
	}
}

/* Appends k bytes at o, as far as cap - 1 reaches. */
static void put(char *out, size_t cap, size_t o, const char *s, size_t k)
{
	if (o + 1 >= cap)
		return;
	if (k > cap - 1 - o)
		k = cap - 1 - o;
	memcpy(out + o, s, k);
}

/* What each byte may need, whatever the flags (one table, locale-free):
 * a byte of none of the classes a call's flags select is copied as it is,
 * in runs. */
#define B_HIGH 0x01u /* 0x80-0xFF: part of a UTF-8 sequence, checked */
#define B_CTRL 0x02u /* 0x00-0x1F */
#define B_DEL  0x04u /* 0x7F */
#define B_JSON 0x08u /* '"' '\\' */
#define B_HTML 0x10u /* & < > " ' */
static const unsigned char byte_class[256] = {
    [0x00] = B_CTRL,         [0x01] = B_CTRL, [0x02] = B_CTRL, [0x03] = B_CTRL,
    [0x04] = B_CTRL,         [0x05] = B_CTRL, [0x06] = B_CTRL, [0x07] = B_CTRL,
    [0x08] = B_CTRL,         [0x09] = B_CTRL, [0x0A] = B_CTRL, [0x0B] = B_CTRL,
    [0x0C] = B_CTRL,         [0x0D] = B_CTRL, [0x0E] = B_CTRL, [0x0F] = B_CTRL,
    [0x10] = B_CTRL,         [0x11] = B_CTRL, [0x12] = B_CTRL, [0x13] = B_CTRL,
    [0x14] = B_CTRL,         [0x15] = B_CTRL, [0x16] = B_CTRL, [0x17] = B_CTRL,
    [0x18] = B_CTRL,         [0x19] = B_CTRL, [0x1A] = B_CTRL, [0x1B] = B_CTRL,
    [0x1C] = B_CTRL,         [0x1D] = B_CTRL, [0x1E] = B_CTRL, [0x1F] = B_CTRL,
    ['"'] = B_JSON | B_HTML, ['\\'] = B_JSON, ['&'] = B_HTML,  ['<'] = B_HTML,
    ['>'] = B_HTML,          ['\''] = B_HTML, [0x7F] = B_DEL,
#define HIGH16                                                                 \
	B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH,        \
	    B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH, B_HIGH
    [0x80] = HIGH16,         [0x90] = HIGH16, [0xA0] = HIGH16, [0xB0] = HIGH16,
    [0xC0] = HIGH16,         [0xD0] = HIGH16, [0xE0] = HIGH16, [0xF0] = HIGH16,
#undef HIGH16
};

size_t a0l_escape(const char *s, size_t n, unsigned flags, char *out,
                  size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;
	char seq[7];
	unsigned mask =
	    B_HIGH |
	    (flags & (AUTH0LOGOUT_ESCAPE_NO_CONTROL | AUTH0LOGOUT_ESCAPE_JSON)
	         ? B_CTRL
	         : 0) |
	    (flags & AUTH0LOGOUT_ESCAPE_NO_CONTROL ? B_DEL : 0) |
	    (flags & AUTH0LOGOUT_ESCAPE_JSON ? B_JSON : 0) |
	    (flags & AUTH0LOGOUT_ESCAPE_HTML ? B_HTML : 0);

	if (!out)
		cap = 0;
	while (i < n) {
		/* A run of bytes kept as they are. */
		size_t start = i;
		while (i < n && !(byte_class[u[i]] & mask))
			i++;
		if (i > start) {
			put(out, cap, o, s + start, i - start);
			o += i - start;
			if (i == n)
				break;
		}

		size_t bad = 0, len = utf8_sequence(u + i, n - i, &bad);
		const char *rep = NULL;

		if (len == 0) {
			rep = replacement;
			len = bad;
		} else if (len == 1) {
			if ((flags & AUTH0LOGOUT_ESCAPE_NO_CONTROL) &&
			    a0l_is_control(u[i]))
				rep = replacement;
			else if (flags & AUTH0LOGOUT_ESCAPE_JSON)
				rep = json_escape(u[i], seq);
			if (!rep && (flags & AUTH0LOGOUT_ESCAPE_HTML))
				rep = html_entity(u[i]);
		}
		if (rep) {
			size_t rn = strlen(rep);
			put(out, cap, o, rep, rn);
			o += rn;
		} else {
			put(out, cap, o, s + i, len);
			o += len;
		}
		i += len;
	}
	if (cap > 0)
		out[o < cap ? o : cap - 1] = '\0';
	return o;
}

AUTH0LOGOUT_API size_t auth0logout_escape(const char *s, size_t n,
                                          unsigned flags, char *out, size_t cap)
{
	if (!s)
		n = 0;
	return a0l_escape(s, n, flags, out, cap);
}
