/* SPDX-License-Identifier: MIT */
/*
 * ASCII helpers shared by the two libraries of this build (lib/core and
 * lib/config).  Private: never installed.  Everything here is static
 * inline, so nothing is exported.  <ctype.h> is not used because it
 * depends on the locale.
 */
#ifndef AUTH0LOGOUT_ASCII_H
#define AUTH0LOGOUT_ASCII_H

#include <stddef.h>
#include <string.h>

static inline int a0l_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int a0l_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline int a0l_hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline unsigned char a0l_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static inline int a0l_is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* Case-insensitive (ASCII) equality of two byte ranges of equal length. */
static inline int a0l_eq_nocase(const char *a, const char *b, size_t n)
{
	/* Most comparisons are of equal lower-case texts. */
	if (memcmp(a, b, n) == 0)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (a0l_lower((unsigned char)a[i]) !=
		    a0l_lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* s[0..n) equals the NUL-terminated word w, ignoring ASCII case. */
static inline int a0l_is_word(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && a0l_eq_nocase(s, w, n);
}

/* "0123456789ABCDEF": R4.7 and R8.6 write escapes in upper case. */
static inline char a0l_hex_digit(unsigned v)
{
	return "0123456789ABCDEF"[v & 15u];
}

#endif
