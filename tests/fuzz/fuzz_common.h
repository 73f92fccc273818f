/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the libFuzzer targets in tests/fuzz/ (see run.sh).
 *
 * Every target asserts invariants with CHECK: a violated invariant prints
 * what was expected and aborts, which libFuzzer reports as a crash and
 * saves the input as an artifact.  The helpers here are deliberately naive
 * (plain loops over bytes): they are the test oracle, not a second copy of
 * the library.
 */
#ifndef A0L_FUZZ_COMMON_H
#define A0L_FUZZ_COMMON_H

#include <auth0logout.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define FUZZ_UNUSED __attribute__((unused))
#else
#define FUZZ_UNUSED
#endif

/* Prints n bytes of s, escaping anything that is not printable ASCII. */
static FUZZ_UNUSED void fuzz_dump(const char *label, const char *s, size_t n)
{
	fprintf(stderr, "  %s (%zu bytes): \"", label, n);
	if (!s) {
		fputs("(null)\"\n", stderr);
		return;
	}
	for (size_t i = 0; i < n && i < 2048; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(stderr, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(stderr, "\\x%02X", c);
		else
			fputc(c, stderr);
	}
	fputs(n > 2048 ? "\"...\n" : "\"\n", stderr);
}

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "\nINVARIANT FAILED at %s:%d: %s\n  ", \
			        __FILE__, __LINE__, #cond);                    \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

/* malloc that never returns NULL (the fuzzer aborts on OOM anyway). */
static FUZZ_UNUSED void *fuzz_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("fuzz: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* An exact-size heap copy of n bytes, without a terminating NUL, so that
 * ASan catches any read past the end.  (For n == 0 a 1-byte block that
 * must not be read.) */
static FUZZ_UNUSED char *fuzz_copy(const void *src, size_t n)
{
	char *p = fuzz_xmalloc(n);
	if (n)
		memcpy(p, src, n);
	return p;
}

static FUZZ_UNUSED int fuzz_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static FUZZ_UNUSED int fuzz_eq_nocase(const char *a, size_t an, const char *b,
                                      size_t bn)
{
	if (an != bn)
		return 0;
	for (size_t i = 0; i < an; i++)
		if (fuzz_lower((unsigned char)a[i]) !=
		    fuzz_lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* The bytes SPEC R4.7 percent-encodes in path, query and fragment. */
static FUZZ_UNUSED int fuzz_r47_byte(unsigned char c)
{
	return c == ' ' || c == '"' || c == '<' || c == '>' || c == '{' ||
	       c == '}' || c == '|' || c == '^' || c == '`' || c >= 0x80;
}

/* R4.7 applied to a whole URL (an accepted URL has none of these bytes in
 * its scheme or authority, so encoding them everywhere is the same).
 * Returns a new NUL-terminated string and its length in *out_len. */
static FUZZ_UNUSED char *fuzz_r47(const char *s, size_t n, size_t *out_len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *o = fuzz_xmalloc(3 * n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (fuzz_r47_byte(c)) {
			o[k++] = '%';
			o[k++] = hex[c >> 4];
			o[k++] = hex[c & 15];
		} else {
			o[k++] = (char)c;
		}
	}
	o[k] = '\0';
	*out_len = k;
	return o;
}

/* A URL split the naive way: scheme up to the first ':'; an authority
 * when "//" follows it, up to the first '/', '?' or '#'; the path up to
 * the next '?' or '#'.  Offsets into the string; found is 0 when there is
 * no ':' at all. */
struct fuzz_parts {
	int found;
	size_t scheme_len; /* s[0..scheme_len) */
	int has_authority;
	size_t auth_off, auth_len;
	size_t prefix_len; /* "scheme:" or "scheme://authority" */
	size_t path_off, path_len;
};

static FUZZ_UNUSED struct fuzz_parts fuzz_split(const char *s, size_t n)
{
	struct fuzz_parts p;
	memset(&p, 0, sizeof p);
	const char *colon = memchr(s, ':', n);
	if (!colon)
		return p;
	p.found = 1;
	p.scheme_len = (size_t)(colon - s);
	size_t i = p.scheme_len + 1;
	if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		p.has_authority = 1;
		p.auth_off = i + 2;
		size_t e = p.auth_off;
		while (e < n && s[e] != '/' && s[e] != '?' && s[e] != '#')
			e++;
		p.auth_len = e - p.auth_off;
		i = e;
	}
	p.prefix_len = i;
	p.path_off = i;
	while (i < n && s[i] != '?' && s[i] != '#')
		i++;
	p.path_len = i - p.path_off;
	return p;
}

#endif
