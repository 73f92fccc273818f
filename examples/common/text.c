/*
 * Making the library's strings safe to print.  See text.h.
 *
 * Two passes over the input with the same code: the first counts the bytes
 * of the result, the second writes them into a block of exactly that size.
 */
#include "text.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The longest replacement of one input byte: "&quot;". */
#define MAX_GROWTH 6

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

/* Cleans s[0..n) into out (when not NULL); returns the length of the
 * result either way. */
static size_t clean_into(const unsigned char *s, size_t n, unsigned flags,
                         char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		size_t bad = 0, len = utf8_sequence(s + i, n - i, &bad);
		const char *rep = NULL;

		if (len == 0) {
			rep = replacement;
			len = bad;
		} else if (len == 1 && (flags & A0L_TEXT_NO_CONTROL) &&
		           (s[i] < 0x20 || s[i] == 0x7F)) {
			rep = replacement;
		} else if (len == 1 && (flags & A0L_TEXT_HTML)) {
			rep = html_entity(s[i]);
		}
		if (rep != NULL) {
			size_t rn = strlen(rep);

			if (out != NULL)
				memcpy(out + o, rep, rn);
			o += rn;
		} else {
			if (out != NULL)
				memcpy(out + o, s + i, len);
			o += len;
		}
		i += len;
	}
	return o;
}

char *a0l_text_clean(const char *s, size_t n, unsigned flags, size_t *out_len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	char *out;

	/* The result and its NUL must fit in a size_t. */
	if (n > (SIZE_MAX - 1) / MAX_GROWTH) {
		errno = ENOMEM;
		return NULL;
	}
	len = clean_into(u, n, flags, NULL);
	out = malloc(len + 1);
	if (out == NULL)
		return NULL;
	clean_into(u, n, flags, out);
	out[len] = '\0';
	if (out_len != NULL)
		*out_len = len;
	return out;
}
