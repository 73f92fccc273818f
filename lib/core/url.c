/* SPDX-License-Identifier: MIT */
/*
 * R4: the one acceptable-URL check, used for allow-list entries and for
 * returnTo.  The raw URL is screened for bytes a browser would read
 * differently (R4.1), its scheme checked (R4.2), its path, query and
 * fragment percent-encoded as a browser would (R4.7), and the result parsed
 * as RFC 3986 says: scheme, authority and path by uriparser, the query and
 * fragment (which matching ignores, R4.9) by query_fragment_error below,
 * which holds them to the same grammar as uriparser would.  The components
 * uriparser finds are then held to R4.3-R4.6 (and, for entries, R5).
 *
 * uriparser allocates path segments while parsing; it is given a memory
 * manager over a caller-provided arena, so parsing touches no heap.
 */
#include "internal.h"

#include <idn2.h>
#include <string.h>
#include <uriparser/Uri.h>

/* ---- a bump allocator for uriparser ------------------------------------ */

/* What the arena (A0L_ARENA_SIZE) is sized for: uriparser's path segment
 * and host data structs, each block rounded to 16 bytes. */
_Static_assert(A0L_ALIGN16(sizeof(UriPathSegmentA)) <= A0L_SEGMENT_SIZE,
               "a path segment does not fit A0L_SEGMENT_SIZE");
_Static_assert(A0L_ALIGN16(sizeof(UriIp4)) + A0L_ALIGN16(sizeof(UriIp6)) <= 64,
               "uriparser's host data does not fit the arena's slack");

struct arena {
	char *base;
	size_t cap;
	size_t used;
};

static void *arena_malloc(UriMemoryManager *mm, size_t size)
{
	struct arena *a = mm->userData;
	size_t need = (size + 15u) & ~(size_t)15u;
	if (size == 0 || need < size || a->cap - a->used < need)
		return NULL;
	void *p = a->base + a->used;
	a->used += need;
	return p;
}

static void *arena_calloc(UriMemoryManager *mm, size_t n, size_t size)
{
	if (size != 0 && n > (size_t)-1 / size)
		return NULL;
	void *p = arena_malloc(mm, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

/* uriparser's parser never grows a block; growing is refused rather than
 * emulated, which would need each block's size. */
static void *arena_realloc(UriMemoryManager *mm, void *ptr, size_t size)
{
	return ptr ? NULL : arena_malloc(mm, size);
}

static void *arena_reallocarray(UriMemoryManager *mm, void *ptr, size_t n,
                                size_t size)
{
	if (size != 0 && n > (size_t)-1 / size)
		return NULL;
	return arena_realloc(mm, ptr, n * size);
}

static void arena_free(UriMemoryManager *mm, void *ptr)
{
	(void)mm; /* released all at once with the arena */
	(void)ptr;
}

/* ---- R4.1-R4.2: before parsing ----------------------------------------- */

static int is_scheme_char(unsigned char c)
{
	return a0l_is_alpha(c) || a0l_is_digit(c) || c == '+' || c == '-' ||
	       c == '.';
}

/* See internal.h (A0L_URL_CLASS_ROWS). */
const unsigned char a0l_url_classes[256] = {A0L_URL_CLASS_ROWS(0, 0)};

static int needs_encoding(unsigned char c)
{
	return (a0l_url_classes[c] & A0L_C_ENCODE) != 0;
}

static int is_special(const char *scheme, size_t n)
{
	return (n == 4 && a0l_eq_nocase(scheme, "http", 4)) ||
	       (n == 5 && a0l_eq_nocase(scheme, "https", 5));
}

static auth0logout_status no_scheme(const char *in, size_t len,
                                    size_t scheme_end, int is_entry,
                                    auth0logout_diag *diag)
{
	if (!is_entry)
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_NO_SCHEME, 0,
		                "it is not an absolute URL with a scheme such "
		                "as https://");
	/* '*' before "://": a wildcard in the scheme (R5.6). */
	const char *sep = NULL;
	for (size_t i = 0; i + 3 <= len; i++)
		if (memcmp(in + i, "://", 3) == 0) {
			sep = in + i;
			break;
		}
	if (sep && memchr(in, '*', (size_t)(sep - in)))
		return a0l_fail(
		    diag, AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE, 0,
		    "a wildcard cannot stand in the scheme; it may "
		    "stand only in the leftmost label of an http(s) "
		    "host");
	(void)scheme_end;
	return a0l_fail(diag, AUTH0LOGOUT_E_ENTRY_NO_SCHEME, 0,
	                "the entry has no scheme: write it with https:// in "
	                "front (https://%.*s)",
	                (int)(len > 200 ? 200 : len), in);
}

/* ---- R4.5: the host ----------------------------------------------------- */

static auth0logout_status check_punycode(const char *label, size_t n,
                                         size_t off, auth0logout_diag *diag)
{
	char lab[64];
	if (n > 63)
		return a0l_fail(
		    diag, AUTH0LOGOUT_E_URL_BAD_PUNYCODE, off,
		    "the host label at byte %zu starts with xn-- but "
		    "is longer than 63 bytes",
		    off);
	for (size_t i = 0; i < n; i++)
		lab[i] = (char)a0l_lower((unsigned char)label[i]);
	lab[n] = '\0';
	uint8_t *ascii = NULL;
	/* STD3 rules refuse the code points UTS #46 maps or disallows under
	 * them (U+2485, U+202F, ...), which browsers refuse in an A-label. */
	int rc =
	    idn2_lookup_u8((const uint8_t *)lab, &ascii,
	                   IDN2_NONTRANSITIONAL | IDN2_USE_STD3_ASCII_RULES);
	/* A valid A-label comes back unchanged; anything else means a browser
	 * would refuse it or read it as another name. */
	int same = rc == IDN2_OK && ascii && strcmp((char *)ascii, lab) == 0;
	idn2_free(ascii);
	if (!same)
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_BAD_PUNYCODE, off,
		                "the host label \"%s\" is not valid Punycode "
		                "(%s)",
		                lab,
		                rc == IDN2_OK ? "it does not round-trip"
		                              : idn2_strerror(rc));
	return AUTH0LOGOUT_OK;
}

static int all_digits(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!a0l_is_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* WHATWG's "ends in a number": a last label of 0x followed by hex digits
 * is read as an IPv4 part by browsers. */
static int is_hex_number(const char *s, size_t n)
{
	if (n < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return 0;
	for (size_t i = 2; i < n; i++)
		if (a0l_hex_value((unsigned char)s[i]) < 0)
			return 0;
	return 1;
}

/* A dotted quad with each part 0-255 and no leading zeros. */
static int is_dotted_quad(const char *h, size_t n)
{
	size_t parts = 0, i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && h[j] != '.')
			j++;
		size_t k = j - i;
		if (k == 0 || k > 3 || !all_digits(h + i, k) ||
		    (k > 1 && h[i] == '0'))
			return 0;
		unsigned v = 0;
		for (size_t m = i; m < j; m++)
			v = v * 10 + (unsigned)(h[m] - '0');
		if (v > 255)
			return 0;
		parts++;
		i = j + 1;
	}
	return parts == 4;
}

/* Host bytes (R4.5): letters, digits, '-' and '_' are label bytes; '.'
 * separates labels; everything else is refused (a '*' in an entry is
 * handled apart).  One row per 16 byte values. */
enum { H_LABEL = 1, H_DOT = 2 };
/* clang-format off */
static const unsigned char host_classes[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
/* clang-format on */

static auth0logout_status check_host(const char *text, a0l_url *u, int is_entry,
                                     auth0logout_diag *diag)
{
	const char *h = text + u->host_off;
	size_t n = u->host_len;
	size_t stars = 0;

	/* One pass over the bytes and labels.  A bad byte is reported at
	 * once; an empty label only after every byte was seen (bad bytes are
	 * reported first wherever they stand). */
	size_t labels = 0, first_end = n, last_start = 0, label_start = 0;
	size_t empty = (size_t)-1, xn_labels = 0;
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)h[i] : '.';
		unsigned k = host_classes[c];
		if (k == H_LABEL)
			continue;
		if (k == H_DOT) {
			if (i == label_start && empty == (size_t)-1)
				empty = i;
			if (labels == 0)
				first_end = i;
			if (i - label_start >= 4 &&
			    a0l_eq_nocase(h + label_start, "xn--", 4))
				xn_labels++;
			labels++;
			last_start = label_start;
			label_start = i + 1;
			continue;
		}
		size_t off = u->host_off + i;
		if (c == '%')
			return a0l_fail(
			    diag, AUTH0LOGOUT_E_URL_BAD_HOST, off,
			    "percent-escapes are not allowed in the "
			    "host (byte %zu)",
			    off);
		if (c == '*' && is_entry) {
			if (stars++ == 0)
				u->star_off = off;
			continue;
		}
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_BAD_HOST, off,
		                "the host contains '%c' (byte %zu); only "
		                "letters, digits, '-', '_' and '.' are "
		                "allowed",
		                c, off);
	}
	if (stars > 0 && !u->special)
		return a0l_fail(diag, AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE,
		                u->star_off,
		                "wildcards are allowed only in http and https "
		                "hosts, not in custom-scheme entries");
	if (stars > 1)
		return a0l_fail(diag, AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE,
		                u->star_off,
		                "only one wildcard is allowed, in the host's "
		                "leftmost label");
	if (empty != (size_t)-1)
		return a0l_fail(
		    diag, AUTH0LOGOUT_E_URL_BAD_HOST, u->host_off + empty,
		    empty == n ? "the host ends with a dot"
		               : "the host has an empty label (byte %zu)",
		    u->host_off + empty);
	if (stars > 0 && u->star_off >= u->host_off + first_end)
		return a0l_fail(
		    diag, AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE, u->star_off,
		    "the wildcard must stand in the host's leftmost "
		    "label (https://*.example.com)");

	const char *last = h + last_start;
	size_t last_len = n - last_start;
	if (all_digits(last, last_len)) {
		if (!is_dotted_quad(h, n))
			return a0l_fail(diag, AUTH0LOGOUT_E_URL_BAD_HOST,
			                u->host_off,
			                "the host ends in a number but is not "
			                "a dotted-quad "
			                "IPv4 address (four parts 0-255, no "
			                "leading zeros)");
		u->host_kind = A0L_HOST_IPV4;
		return AUTH0LOGOUT_OK;
	}
	if (is_hex_number(last, last_len))
		return a0l_fail(
		    diag, AUTH0LOGOUT_E_URL_BAD_HOST, u->host_off + last_start,
		    "the host's last label reads as a hexadecimal "
		    "number, which browsers take for an IPv4 address");

	if (stars > 0 && labels < 3)
		return a0l_fail(
		    diag, AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD, u->star_off,
		    "a wildcard directly over a top-level domain is "
		    "not allowed (write https://*.example.com, not "
		    "https://*.com)");

	/* R4.5: xn-- labels must be valid Punycode.  A wildcard label is
	 * checked in each returnTo it matches instead. */
	for (size_t i = 0; xn_labels > 0 && i < n;) {
		size_t j = i;
		while (j < n && h[j] != '.')
			j++;
		if (j - i >= 4 && a0l_eq_nocase(h + i, "xn--", 4) &&
		    !memchr(h + i, '*', j - i)) {
			auth0logout_status st =
			    check_punycode(h + i, j - i, u->host_off + i, diag);
			if (st != AUTH0LOGOUT_OK)
				return st;
		}
		i = j + 1;
	}

	u->host_kind = A0L_HOST_NAME;
	if (stars > 0) {
		u->wildcard = 1;
		u->parent_off = u->host_off + first_end + 1;
	}
	return AUTH0LOGOUT_OK;
}

/* ---- R4.6: the port ----------------------------------------------------- */

static auth0logout_status check_port(const char *p, size_t n, size_t off,
                                     auth0logout_diag *diag)
{
	if (n == 0)
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_BAD_PORT, off,
		                "the port after ':' is empty");
	unsigned long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!a0l_is_digit((unsigned char)p[i]))
			return a0l_fail(diag, AUTH0LOGOUT_E_URL_BAD_PORT, off,
			                "the port is not a number");
		if (v <= 65535)
			v = v * 10 + (unsigned long)(p[i] - '0');
	}
	if (p[0] == '0')
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_BAD_PORT, off,
		                v == 0 ? "port 0 is not a valid port"
		                       : "the port has a leading zero");
	if (v > 65535)
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_BAD_PORT, off,
		                "the port is larger than 65535");
	return AUTH0LOGOUT_OK;
}

/* R5.6: a '*' anywhere but the host of an entry.  Scans the input, whose
 * scheme and authority stand at the same offsets as in the normalized
 * text, so that the offset reported is the input's. */
static auth0logout_status check_stars(const char *in, size_t len,
                                      const a0l_url *u, auth0logout_diag *diag)
{
	for (const char *p = memchr(in, '*', len); p;
	     p = memchr(p + 1, '*', len - (size_t)(p + 1 - in))) {
		size_t i = (size_t)(p - in);
		if (!u->has_authority || i < u->host_off ||
		    i >= u->host_off + u->host_len)
			return a0l_fail(
			    diag, AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE, i,
			    "a wildcard may stand only in the host's leftmost "
			    "label, not in the %s (byte %zu)",
			    i >= u->path_off ? "path, query or fragment"
			                     : "port",
			    i);
	}
	return AUTH0LOGOUT_OK;
}

/* The input offset of byte norm_off of the normalized text: scheme and
 * authority were copied verbatim up to rest, after which bytes that need
 * encoding take three. */
static size_t input_offset(const char *in, size_t len, size_t rest,
                           size_t norm_off)
{
	if (norm_off < rest)
		return norm_off;
	size_t o = rest;
	for (size_t i = rest; i < len; i++) {
		o += needs_encoding((unsigned char)in[i]) ? 3 : 1;
		if (o > norm_off)
			return i;
	}
	return len;
}

/* ---- RFC 3986's query and fragment ------------------------------------- */

/* Bytes of the normalized text for the query and fragment scan, one row
 * per 16 byte values: T_LOOK marks a byte that needs a look in a query or
 * fragment: '%' (an escape to check), '#' (the fragment's start), and
 * every byte that query = fragment = *( pchar / "/" / "?" ) does not allow
 * ('[', ']', the NUL after the text, ...).  pchar = unreserved /
 * pct-encoded / sub-delims / ":" / "@"; the bytes of value 0 are exactly
 * the unreserved, the sub-delims, ':', '@', '/' and '?'. */
enum { T_LOOK = 1 };
/* clang-format off */
static const unsigned char tail_classes[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};
/* clang-format on */

/* Where the path of the normalized text t (n bytes) ends: the first '?'
 * or '#' from from on, else n.  Neither can stand in a scheme or an
 * authority (RFC 3986 3.1, 3.2), so the first is the hier-part's end. */
static size_t path_end_of(const char *t, size_t from, size_t n)
{
	const char *q = memchr(t + from, '?', n - from);
	size_t end = q ? (size_t)(q - t) : n;
	const char *h = memchr(t + from, '#', end - from);
	return h ? (size_t)(h - t) : end;
}

/* t[p] is '?' or '#' and t is NUL-terminated at n.  Holds
 * t(p, n) to RFC 3986's  [ "?" query ] [ "#" fragment ]  as uriparser
 * 0.9.7 reads it, and returns (size_t)-1, or the offset at which
 * uriparser stops: the first byte the grammar does not allow there (a
 * second '#' included), the byte after a '%' that is not a hex digit, or
 * n where an escape is cut short by the end. */
static size_t query_fragment_error(const char *t, size_t p, size_t n)
{
	const unsigned char *u = (const unsigned char *)t;
	int fragment = u[p] == '#';
	size_t i = p + 1;
	for (;;) {
		/* Eight bytes at a time while none needs a look, then one
		 * at a time: the NUL at n is a T_LOOK byte, so no bound to
		 * check. */
		while (n - i >= 8 &&
		       !((tail_classes[u[i]] | tail_classes[u[i + 1]] |
		          tail_classes[u[i + 2]] | tail_classes[u[i + 3]] |
		          tail_classes[u[i + 4]] | tail_classes[u[i + 5]] |
		          tail_classes[u[i + 6]] | tail_classes[u[i + 7]]) &
		         T_LOOK))
			i += 8;
		while (!(tail_classes[u[i]] & T_LOOK))
			i++;
		if (i >= n)
			return (size_t)-1;
		if (u[i] == '%') {
			if (i + 1 >= n)
				return n;
			if (a0l_hex_value(u[i + 1]) < 0)
				return i + 1;
			if (i + 2 >= n)
				return n;
			if (a0l_hex_value(u[i + 2]) < 0)
				return i + 2;
			i += 3;
		} else if (u[i] == '#' && !fragment) {
			fragment = 1;
			i++;
		} else {
			return i;
		}
	}
}

/* ---- the check ----------------------------------------------------------- */

/* The path segments of the normalized URL t (n bytes, a scheme of s bytes
 * and ':'), as RFC 3986 and uriparser count them: the path runs from after
 * "scheme:" and the authority to the first '?' or '#'; a '/' begins each
 * segment, and a path that does not start with '/' has one more. */
static size_t path_segments(const char *t, size_t n, size_t s)
{
	size_t i = s + 1;
	if (n - i >= 2 && t[i] == '/' && t[i + 1] == '/') {
		i += 2;
		while (i < n && t[i] != '/' && t[i] != '?' && t[i] != '#')
			i++;
	}
	size_t segs = i < n && t[i] != '/' && t[i] != '?' && t[i] != '#';
	for (; i < n && t[i] != '?' && t[i] != '#'; i++)
		segs += t[i] == '/';
	return segs;
}

static size_t range_off(const char *base, const char *p)
{
	return (size_t)(p - base);
}

/* Holds the parsed URI to R4.3-R4.6 and fills the component offsets. */
static auth0logout_status check_parts(const UriUriA *uri, const char *norm,
                                      size_t n, int is_entry, a0l_url *u,
                                      auth0logout_diag *diag)
{
	auth0logout_status st;

	if (uri->userInfo.first)
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_USERINFO,
		                range_off(norm, uri->userInfo.first),
		                "user information (user@ or user:password@) is "
		                "not allowed in the URL");
	u->has_authority = uri->hostText.first != NULL;
	/* uriparser 0.9.7 points an empty authority's host ("myapp://") at a
	 * static string of its own, not into norm: only trust a range that
	 * lies in norm.  An authority always starts after "scheme://". */
	if (u->has_authority) {
		u->host_off = u->scheme_len + 3;
		if (uri->hostText.first >= norm &&
		    uri->hostText.afterLast <= norm + n) {
			u->host_off = range_off(norm, uri->hostText.first);
			u->host_len = (size_t)(uri->hostText.afterLast -
			                       uri->hostText.first);
		}
	}
	if (u->special && u->host_len == 0 && !uri->hostData.ip6)
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_NO_HOST, u->scheme_len,
		                "an http or https URL needs a host "
		                "(https://host/...)");

	size_t auth_end = u->scheme_len + 1;
	if (u->has_authority) {
		auth_end = u->host_off + u->host_len;
		if (uri->hostData.ip6) {
			u->host_kind = A0L_HOST_IPV6;
			auth_end++; /* ']' */
		} else if (uri->hostData.ipFuture.first) {
			return a0l_fail(diag, AUTH0LOGOUT_E_URL_BAD_HOST,
			                u->host_off,
			                "IPvFuture addresses ([v1.x]) are not "
			                "accepted");
		} else if (u->host_len > 0) {
			st = check_host(norm, u, is_entry, diag);
			if (st != AUTH0LOGOUT_OK)
				return st;
		}
		if (uri->portText.first) {
			u->has_port = 1;
			u->port_off = range_off(norm, uri->portText.first);
			u->port_len = (size_t)(uri->portText.afterLast -
			                       uri->portText.first);
			auth_end = u->port_off + u->port_len;
			st = check_port(uri->portText.first, u->port_len,
			                u->port_off, diag);
			if (st != AUTH0LOGOUT_OK)
				return st;
		}
	}

	size_t path_end = n;
	if (uri->query.first)
		path_end = range_off(norm, uri->query.first) - 1;
	else if (uri->fragment.first)
		path_end = range_off(norm, uri->fragment.first) - 1;
	u->path_off = auth_end;
	u->path_len = path_end - auth_end;
	u->has_query_or_fragment = path_end < n;

	return AUTH0LOGOUT_OK;
}

/* The bytes that end an authority: '/', '?', '#'. */
static const unsigned char ends_authority[256] = {
    ['/'] = 1, ['?'] = 1, ['#'] = 1};

static auth0logout_status check(const char *in, size_t len, int is_entry,
                                int clean, char *norm, void *arena_mem,
                                a0l_url *u, auth0logout_diag *diag)
{
	memset(u, 0, sizeof *u);
	if (len > AUTH0LOGOUT_MAX_URL)
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_TOO_LONG, 0,
		                "the URL is %zu bytes long; at most %d are "
		                "accepted",
		                len, AUTH0LOGOUT_MAX_URL);

	/* The scheme (R4.2) and, after "scheme://", the authority: these are
	 * kept verbatim; the rest may be percent-encoded (R4.7).  Errors are
	 * reported in rule order below, after the one pass. */
	size_t s = 0;
	if (len > 0 && a0l_is_alpha((unsigned char)in[0]))
		for (s = 1; s < len && is_scheme_char((unsigned char)in[s]);)
			s++;
	int has_scheme = s > 0 && s < len && in[s] == ':';
	size_t rest = 0;
	if (has_scheme && !clean) {
		rest = s + 1;
		if (len - rest >= 2 && in[rest] == '/' && in[rest + 1] == '/') {
			rest += 2;
			while (rest < len &&
			       !ends_authority[(unsigned char)in[rest]])
				rest++;
		}
	}

	/* One pass: R4.1 screen and R4.7 encoding into norm. */
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0, bad_auth = (size_t)-1;
	if (clean) {
		memcpy(norm, in, len);
		o = len;
	}
	for (size_t i = o; i < len; i++) {
		/* Eight bytes at a time while all are kept as they are. */
		while (len - i >= 8 &&
		       (a0l_url_classes[(unsigned char)in[i]] |
		        a0l_url_classes[(unsigned char)in[i + 1]] |
		        a0l_url_classes[(unsigned char)in[i + 2]] |
		        a0l_url_classes[(unsigned char)in[i + 3]] |
		        a0l_url_classes[(unsigned char)in[i + 4]] |
		        a0l_url_classes[(unsigned char)in[i + 5]] |
		        a0l_url_classes[(unsigned char)in[i + 6]] |
		        a0l_url_classes[(unsigned char)in[i + 7]]) == 0) {
			memcpy(norm + o, in + i, 8);
			o += 8;
			i += 8;
		}
		if (i == len)
			break;
		unsigned char c = (unsigned char)in[i];
		unsigned char k = a0l_url_classes[c];
		if (k == 0) {
			norm[o++] = (char)c;
			continue;
		}
		if (k & A0L_C_CONTROL)
			return a0l_fail(
			    diag, AUTH0LOGOUT_E_URL_CONTROL, i,
			    "the URL contains the control byte 0x%02X "
			    "at byte %zu",
			    (unsigned)c, i);
		if (k & A0L_C_BACKSLASH)
			return a0l_fail(
			    diag, AUTH0LOGOUT_E_URL_BACKSLASH, i,
			    "the URL contains a backslash at byte %zu", i);
		if (i < rest) {
			if (bad_auth == (size_t)-1)
				bad_auth = i;
			norm[o++] = (char)c;
		} else {
			norm[o++] = '%';
			norm[o++] = hex[c >> 4];
			norm[o++] = hex[c & 15];
		}
	}
	norm[o] = '\0';

	if (len > 0 && (in[0] == ' ' || in[len - 1] == ' '))
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_SPACE,
		                in[0] == ' ' ? 0 : len - 1,
		                "the URL %s with a space",
		                in[0] == ' ' ? "starts" : "ends");

	/* R4.2: scheme ":" -- but "host:port" is a URL without a scheme. */
	if (!has_scheme)
		return no_scheme(in, len, s, is_entry, diag);
	size_t d = s + 1;
	while (d < len && a0l_is_digit((unsigned char)in[d]))
		d++;
	if (d > s + 1 &&
	    (d == len || in[d] == '/' || in[d] == '?' || in[d] == '#'))
		return no_scheme(in, len, s, is_entry, diag);

	static const struct {
		const char *name;
		size_t len;
	} forbidden[] = {{"javascript", 10}, {"data", 4}, {"vbscript", 8},
	                 {"file", 4},        {"blob", 4}, {"about", 5}};
	for (size_t f = 0; f < sizeof forbidden / sizeof forbidden[0]; f++)
		if (forbidden[f].len == s &&
		    a0l_eq_nocase(in, forbidden[f].name, s))
			return a0l_fail(diag,
			                AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME, 0,
			                "the scheme \"%s\" is never allowed",
			                forbidden[f].name);

	/* R4.7: what would need encoding is refused in the authority. */
	if (bad_auth != (size_t)-1) {
		size_t k = bad_auth;
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_BAD_CHAR, k,
		                "the URL's authority contains %s at byte %zu",
		                (unsigned char)in[k] >= 0x80
		                    ? "a non-ASCII byte"
		                : in[k] == ' ' ? "a space"
		                               : "a character that must "
		                                 "be percent-encoded",
		                k);
	}

	u->text = norm;
	u->len = o;
	u->scheme_len = s;
	u->special = is_special(in, s);

	/* R4.7: at most AUTH0LOGOUT_MAX_PATH_SEGMENTS path segments, so
	 * that the arena always suffices.  Only a URL longer than the limit
	 * can have more. */
	if (o > AUTH0LOGOUT_MAX_PATH_SEGMENTS) {
		size_t segs = path_segments(norm, o, s);
		if (segs > AUTH0LOGOUT_MAX_PATH_SEGMENTS)
			return a0l_fail(
			    diag, AUTH0LOGOUT_E_URL_TOO_COMPLEX, 0,
			    "the URL's path has %zu segments (parts between "
			    "'/'s); at most %d are accepted",
			    segs, AUTH0LOGOUT_MAX_PATH_SEGMENTS);
	}

	/* uriparser parses the scheme, the authority and the path (R4.9:
	 * matching ignores the rest) together with the '?' or '#' after them:
	 * RFC 3986 allows neither before, so its reading of the hier-part
	 * ends there as in the whole text.  That byte is handed over too
	 * because a few rules stop elsewhere at the end of the text than at
	 * a '?' (uriparser 0.9.7 refuses "http://[:?" at the ':', "http://[:"
	 * at its end).  query_fragment_error holds the rest to the same
	 * grammar; the first error of the two is where uriparser, reading
	 * left to right, stops in the whole text (tests/unit/test_url_diff.c
	 * and tests/fuzz/fuzz_urldiff.c compare them). */
	size_t path_end = path_end_of(norm, s + 1, o);
	struct arena a = {arena_mem, A0L_ARENA_SIZE, 0};
	UriMemoryManager mm = {arena_malloc,       arena_calloc, arena_realloc,
	                       arena_reallocarray, arena_free,   &a};
	UriUriA uri;
	const char *err = NULL;
	int rc = uriParseSingleUriExMmA(
	    &uri, norm, norm + path_end + (path_end < o), &err, &mm);
	/* Cannot happen: the arena holds AUTH0LOGOUT_MAX_PATH_SEGMENTS
	 * segments and the host data.  Failing closed all the same. */
	if (rc == URI_ERROR_MALLOC)
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_TOO_COMPLEX, 0,
		                "the URL needs more parser memory than the "
		                "library sets aside");
	if (rc == URI_SUCCESS && path_end < o) {
		size_t e = query_fragment_error(norm, path_end, o);
		if (e != (size_t)-1) {
			uriFreeUriMembersMmA(&uri, &mm);
			rc = URI_ERROR_SYNTAX;
			err = norm + e;
		}
	}
	if (rc != URI_SUCCESS) {
		const char *star = is_entry ? memchr(in, '*', len) : NULL;
		if (star)
			return a0l_fail(
			    diag, AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE,
			    range_off(in, star),
			    "a wildcard may stand only in the host's leftmost "
			    "label of an http(s) entry (byte %zu)",
			    range_off(in, star));
		size_t at =
		    input_offset(in, len, rest, err ? range_off(norm, err) : 0);
		/* uriparser may stop just past the end ("https://a.com/%");
		 * name the last byte instead. */
		if (at >= len && len > 0)
			at = len - 1;
		return a0l_fail(diag, AUTH0LOGOUT_E_URL_SYNTAX, at,
		                "the URL is not a valid RFC 3986 URI (at byte "
		                "%zu of \"%.*s\")",
		                at, (int)(len > 120 ? 120 : len), in);
	}
	auth0logout_status st = check_parts(&uri, norm, o, is_entry, u, diag);
	if (st == AUTH0LOGOUT_OK && is_entry)
		st = check_stars(in, len, u, diag);
	uriFreeUriMembersMmA(&uri, &mm);
	return st;
}

auth0logout_status a0l_url_check(const char *in, size_t len, int is_entry,
                                 char *norm, void *arena, a0l_url *u,
                                 auth0logout_diag *diag)
{
	return check(in, len, is_entry, 0, norm, arena, u, diag);
}

auth0logout_status a0l_url_check_clean(const char *in, size_t len, char *norm,
                                       void *arena, a0l_url *u,
                                       auth0logout_diag *diag)
{
	return check(in, len, 0, 1, norm, arena, u, diag);
}

auth0logout_status a0l_entry_check(const char *in, size_t len, char *norm,
                                   void *arena, a0l_url *u,
                                   auth0logout_diag *diag)
{
	if (len == 0) {
		memset(u, 0, sizeof *u);
		return a0l_fail(diag, AUTH0LOGOUT_E_ENTRY_EMPTY, 0,
		                "the entry is empty");
	}
	return a0l_url_check(in, len, 1, norm, arena, u, diag);
}

AUTH0LOGOUT_API auth0logout_status auth0logout_url_parse(
    const char *url, size_t len, unsigned flags, char *buf, size_t buf_len,
    auth0logout_url *out, auth0logout_diag *diag)
{
	a0l_diag_reset(diag);
	if (!out || !buf || (!url && len > 0) ||
	    (flags & ~AUTH0LOGOUT_URL_ENTRY) != 0)
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1,
		                "a required argument is NULL, or flags has an "
		                "unknown bit");
	if (buf_len < AUTH0LOGOUT_URL_BUFFER_SIZE)
		return a0l_fail(diag, AUTH0LOGOUT_E_BUFFER_TOO_SMALL,
		                (size_t)-1,
		                "the buffer has %zu bytes; %u are needed",
		                buf_len, AUTH0LOGOUT_URL_BUFFER_SIZE);
	char *norm = (char *)A0L_ALIGN16((uintptr_t)buf);
	void *arena = norm + A0L_URL_ARENA_OFF;
	if (!url)
		url = "";
	if (flags & AUTH0LOGOUT_URL_ENTRY)
		return a0l_entry_check(url, len, norm, arena, out, diag);
	return a0l_url_check(url, len, 0, norm, arena, out, diag);
}
