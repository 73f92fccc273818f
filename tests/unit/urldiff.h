/* SPDX-License-Identifier: MIT */
/*
 * The differential oracle of lib/core/url.c (tests/unit/test_url_diff.c,
 * tests/fuzz/fuzz_urldiff.c).
 *
 * url.c hands uriparser only the scheme, the authority, the path and the
 * '?' or '#' after them, and holds the query and fragment to RFC 3986 by
 * itself.  The reference here is uriparser on the WHOLE normalized URL, as
 * url.c did before: a URL that reaches the parse must be accepted or
 * refused alike, refused at the same byte (uriparser's error position,
 * mapped back to the input), and, when accepted, described by the same
 * components.
 *
 * The normalized text is computed here again from the rules (R4.7:
 * scheme and authority kept, every byte of the path, query and fragment
 * that a browser encodes written as %XX) and compared with the library's.
 * The checks before the parse (R4.1, R4.2, the authority's bytes, the
 * segment limit) are not changed by the split; a URL they refuse is
 * skipped, and so is one the checks after the parse (R4.3-R4.6, R5)
 * refuse, beyond making sure uriparser would have accepted it.
 *
 * Everything is static; include this in one file.  No Check calls:
 * failures come back as a message (NULL when all agree).
 */
#ifndef AUTH0LOGOUT_TEST_URLDIFF_H
#define AUTH0LOGOUT_TEST_URLDIFF_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uriparser/Uri.h>

#include "auth0logout.h"

#if defined(__GNUC__)
#define URLDIFF_UNUSED __attribute__((unused))
#else
#define URLDIFF_UNUSED
#endif

/* What one comparison found, for the decision check and for statistics. */
struct urldiff_result {
	auth0logout_status status; /* the library's */
	auth0logout_diag diag;
	auth0logout_url url;
	int compared; /* reached the parse, and was compared */
	int ref_ok;   /* uriparser accepted the whole normalized text */
	char *norm;   /* the normalized text (NUL-terminated), or NULL */
	size_t norm_len;
	size_t path_end; /* in norm: the first '?' or '#', else norm_len */
};

static char urldiff_msg[8192];

static URLDIFF_UNUSED const char *
urldiff_fail(const char *in, size_t len, unsigned flags, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* A message naming the input (escaped) and what differs. */
static const char *urldiff_fail(const char *in, size_t len, unsigned flags,
                                const char *fmt, ...)
{
	size_t o = 0;
	int n = snprintf(urldiff_msg, sizeof urldiff_msg, "%s \"",
	                 flags ? "entry" : "returnTo");
	o = n > 0 ? (size_t)n : 0;
	for (size_t i = 0; i < len && o + 8 < sizeof urldiff_msg / 2; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
			urldiff_msg[o++] = (char)c;
		else
			o += (size_t)snprintf(urldiff_msg + o,
			                      sizeof urldiff_msg - o, "\\x%02X",
			                      c);
	}
	n = snprintf(urldiff_msg + o, sizeof urldiff_msg - o,
	             "\" (%zu bytes): ", len);
	o += n > 0 ? (size_t)n : 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(urldiff_msg + o, sizeof urldiff_msg - o, fmt, ap);
	va_end(ap);
	return urldiff_msg;
}

/* R4.7's bytes to encode: space " < > \ ^ ` { | } and 0x80-0xFF (control
 * bytes and '\' are refused before). */
static int urldiff_encoded(unsigned char c)
{
	return c == ' ' || c == '"' || c == '<' || c == '>' || c == '^' ||
	       c == '`' || c == '{' || c == '|' || c == '}' || c >= 0x80;
}

static int urldiff_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The scheme's length (R4.2: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
 * then ':', but not "host:port"), or 0. */
static size_t urldiff_scheme(const char *in, size_t len)
{
	size_t s = 0;
	if (len == 0 || !urldiff_alpha((unsigned char)in[0]))
		return 0;
	for (s = 1; s < len; s++) {
		unsigned char c = (unsigned char)in[s];
		if (!urldiff_alpha(c) && !(c >= '0' && c <= '9') && c != '+' &&
		    c != '-' && c != '.')
			break;
	}
	if (s == len || in[s] != ':')
		return 0;
	size_t d = s + 1;
	while (d < len && in[d] >= '0' && in[d] <= '9')
		d++;
	if (d > s + 1 &&
	    (d == len || in[d] == '/' || in[d] == '?' || in[d] == '#'))
		return 0;
	return s;
}

/* The normalized text of in (3 * len + 1 bytes at out) and, for each of
 * its bytes and for its end, the input byte it comes from (map: 3 * len
 * + 1 entries).  Returns its length. */
static size_t urldiff_normalize(const char *in, size_t len, size_t s, char *out,
                                size_t *map)
{
	size_t rest = s + 1;
	if (len - rest >= 2 && in[rest] == '/' && in[rest + 1] == '/') {
		rest += 2;
		while (rest < len && in[rest] != '/' && in[rest] != '?' &&
		       in[rest] != '#')
			rest++;
	}
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		if (i >= rest && urldiff_encoded(c)) {
			map[o] = map[o + 1] = map[o + 2] = i;
			out[o++] = '%';
			out[o++] = "0123456789ABCDEF"[c >> 4];
			out[o++] = "0123456789ABCDEF"[c & 15];
		} else {
			map[o] = i;
			out[o++] = (char)c;
		}
	}
	map[o] = len;
	out[o] = '\0';
	return o;
}

static int urldiff_in(const UriTextRangeA *r, const char *t, size_t n)
{
	return r->first && r->first >= t && r->afterLast <= t + n;
}

/* Statuses of the checks before the parse, which the split leaves as they
 * were: a URL they refuse never reaches uriparser. */
static int urldiff_before_parse(const struct urldiff_result *r, size_t s)
{
	switch (r->status) {
	case AUTH0LOGOUT_E_URL_TOO_LONG:
	case AUTH0LOGOUT_E_URL_CONTROL:
	case AUTH0LOGOUT_E_URL_BACKSLASH:
	case AUTH0LOGOUT_E_URL_SPACE:
	case AUTH0LOGOUT_E_URL_NO_SCHEME:
	case AUTH0LOGOUT_E_ENTRY_NO_SCHEME:
	case AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME:
	case AUTH0LOGOUT_E_URL_BAD_CHAR:
	case AUTH0LOGOUT_E_ENTRY_EMPTY:
		return 1;
	case AUTH0LOGOUT_E_URL_TOO_COMPLEX:
		/* the segment limit (the parser's memory never runs out) */
		return strstr(r->diag.text, "segments") != NULL;
	case AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE:
		return s == 0; /* '*' in the scheme of an entry */
	default:
		return 0;
	}
}

/*
 * Parses in (len bytes; flags 0 or AUTH0LOGOUT_URL_ENTRY) with the library
 * and compares with uriparser on the whole normalized text.  buf:
 * AUTH0LOGOUT_URL_BUFFER_SIZE bytes; r->norm is malloc'ed (free it with
 * urldiff_result_free).  Returns NULL when they agree, else a message.
 */
static URLDIFF_UNUSED const char *urldiff_check(const char *in, size_t len,
                                                unsigned flags, char *buf,
                                                struct urldiff_result *r)
{
	memset(r, 0, sizeof *r);
	r->status = auth0logout_url_parse(in, len, flags, buf,
	                                  AUTH0LOGOUT_URL_BUFFER_SIZE, &r->url,
	                                  &r->diag);
	if (r->diag.status != (int)r->status)
		return urldiff_fail(in, len, flags,
		                    "diag.status %d, returned %d",
		                    r->diag.status, (int)r->status);
	size_t s = urldiff_scheme(in, len);
	if (urldiff_before_parse(r, s))
		return NULL;
	if (s == 0)
		return urldiff_fail(in, len, flags,
		                    "%s without a scheme, which is refused "
		                    "before the parse",
		                    auth0logout_status_name(r->status));

	/* The normalized text: the library's must be the rules'. */
	char *t = malloc(3 * len + 1);
	size_t *map = malloc((3 * len + 1) * sizeof *map);
	if (!t || !map) {
		free(t);
		free(map);
		return urldiff_fail(in, len, flags, "out of memory");
	}
	size_t n = urldiff_normalize(in, len, s, t, map);
	r->norm = t;
	r->norm_len = n;
	r->path_end = n;
	for (size_t i = 0; i < n; i++)
		if (t[i] == '?' || t[i] == '#') {
			r->path_end = i;
			break;
		}
	const char *fail = NULL;
	if (!r->url.text || r->url.len != n || memcmp(r->url.text, t, n) != 0 ||
	    r->url.text[n] != '\0') {
		fail = urldiff_fail(in, len, flags,
		                    "%s: the normalized text is \"%.*s\", the "
		                    "rules give \"%.*s\"",
		                    auth0logout_status_name(r->status),
		                    r->url.text ? (int)r->url.len : 6,
		                    r->url.text ? r->url.text : "(null)",
		                    (int)n, t);
		free(map);
		return fail;
	}

	/* The reference: uriparser on the whole normalized text. */
	UriUriA uri;
	const char *err = NULL;
	int rc = uriParseSingleUriExA(&uri, t, t + n, &err);
	r->compared = 1;
	r->ref_ok = rc == URI_SUCCESS;
	const char *star = memchr(in, '*', len);
	if (rc != URI_SUCCESS) {
		size_t at =
		    map[err && err >= t && err <= t + n ? (size_t)(err - t)
		                                        : 0];
		if (at >= len && len > 0)
			at = len - 1;
		auth0logout_status want = AUTH0LOGOUT_E_URL_SYNTAX;
		if (flags && star) {
			want = AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE;
			at = (size_t)(star - in);
		}
		char what[64];
		snprintf(what, sizeof what, "(at byte %zu of \"", at);
		if (r->status != want || r->diag.offset != at ||
		    (want == AUTH0LOGOUT_E_URL_SYNTAX &&
		     !strstr(r->diag.text, what)))
			fail = urldiff_fail(
			    in, len, flags,
			    "uriparser refuses the whole text (rc %d) at "
			    "byte %zu of it, input byte %zu: want %s at %zu; "
			    "the library says %s at %zu: %s",
			    rc, err ? (size_t)(err - t) : 0, at,
			    auth0logout_status_name(want), at,
			    auth0logout_status_name(r->status), r->diag.offset,
			    r->diag.text);
		free(map);
		return fail;
	}
	free(map);

	if (r->status == AUTH0LOGOUT_E_URL_SYNTAX ||
	    (r->status == AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE &&
	     strstr(r->diag.text, "label of an http(s) entry")))
		fail = urldiff_fail(in, len, flags,
		                    "uriparser accepts the whole text; the "
		                    "library refuses it: %s at %zu: %s",
		                    auth0logout_status_name(r->status),
		                    r->diag.offset, r->diag.text);
	else if (r->status == AUTH0LOGOUT_OK) {
		/* The components, as url.c derived them from a whole
		 * parse. */
		const auth0logout_url *u = &r->url;
		int has_authority = uri.hostText.first != NULL;
		size_t host_off = 0, host_len = 0, port_off = 0, port_len = 0;
		size_t auth_end = s + 1;
		if (has_authority) {
			host_off = s + 3;
			if (urldiff_in(&uri.hostText, t, n)) {
				host_off = (size_t)(uri.hostText.first - t);
				host_len = (size_t)(uri.hostText.afterLast -
				                    uri.hostText.first);
			}
			auth_end =
			    host_off + host_len + (uri.hostData.ip6 != 0);
			if (uri.portText.first) {
				port_off = (size_t)(uri.portText.first - t);
				port_len = (size_t)(uri.portText.afterLast -
				                    uri.portText.first);
				auth_end = port_off + port_len;
			}
		}
		size_t path_end = n;
		if (uri.query.first)
			path_end = (size_t)(uri.query.first - t) - 1;
		else if (uri.fragment.first)
			path_end = (size_t)(uri.fragment.first - t) - 1;
		if (u->scheme_len != s || u->has_authority != has_authority ||
		    u->host_off != host_off || u->host_len != host_len ||
		    u->has_port != (uri.portText.first != NULL) ||
		    u->port_off != port_off || u->port_len != port_len ||
		    u->path_off != auth_end ||
		    u->path_len != path_end - auth_end ||
		    u->has_query_or_fragment != (path_end < n) ||
		    path_end != r->path_end ||
		    (u->host_kind == AUTH0LOGOUT_HOST_IPV6) !=
		        (uri.hostData.ip6 != NULL))
			fail = urldiff_fail(
			    in, len, flags,
			    "components differ: library scheme %zu "
			    "authority %d host %zu+%zu port %d %zu+%zu path "
			    "%zu+%zu query/fragment %d ipv6 %d; uriparser "
			    "scheme %zu authority %d host %zu+%zu port %d "
			    "%zu+%zu path %zu+%zu query/fragment %d ipv6 %d",
			    u->scheme_len, u->has_authority, u->host_off,
			    u->host_len, u->has_port, u->port_off, u->port_len,
			    u->path_off, u->path_len, u->has_query_or_fragment,
			    u->host_kind == AUTH0LOGOUT_HOST_IPV6, s,
			    has_authority, host_off, host_len,
			    uri.portText.first != NULL, port_off, port_len,
			    auth_end, path_end - auth_end, path_end < n,
			    uri.hostData.ip6 != NULL);
	}
	uriFreeUriMembersA(&uri);
	return fail;
}

static URLDIFF_UNUSED void urldiff_result_free(struct urldiff_result *r)
{
	free(r->norm);
	r->norm = NULL;
}

/* "returnTo=" and in, every byte but the unreserved percent-encoded, in a
 * malloc'ed block of exactly its length (*qlen). */
static char *urldiff_query(const char *in, size_t len, size_t *qlen)
{
	char *q = malloc(9 + 3 * len + 1);
	if (!q)
		return NULL;
	memcpy(q, "returnTo=", 9);
	size_t o = 9;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		if (urldiff_alpha(c) || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~') {
			q[o++] = (char)c;
		} else {
			q[o++] = '%';
			q[o++] = "0123456789ABCDEF"[c >> 4];
			q[o++] = "0123456789ABCDEF"[c & 15];
		}
	}
	*qlen = o;
	char *exact = malloc(o ? o : 1);
	if (exact)
		memcpy(exact, q, o);
	free(q);
	return exact;
}

/*
 * The decision on returnTo = in (after urldiff_check with flags 0 gave r):
 * a URL the library accepts is redirected to with the normalized text as
 * the Location, byte for byte, on a list whose one entry is its scheme,
 * authority and path (when that compiles); a URL it refuses is refused by
 * the decision with the same status and diagnostic.  decide_buf:
 * AUTH0LOGOUT_DECIDE_BUFFER_SIZE bytes.  *checked: 1 when a decision was
 * compared.  NULL when all agree.
 */
static URLDIFF_UNUSED const char *
urldiff_check_decision(const char *in, size_t len,
                       const struct urldiff_result *r, char *decide_buf,
                       int *checked)
{
	*checked = 0;
	/* An empty returnTo is no returnTo (R1.5); a long one is refused by
	 * the request's own limit (R1.8). */
	if (len == 0 || len > AUTH0LOGOUT_MAX_URL)
		return NULL;
	auth0logout_allowlist *list = NULL;
	auth0logout_diag cd;
	if (r->status == AUTH0LOGOUT_OK) {
		const char *e = r->norm;
		size_t elen = r->path_end;
		if (auth0logout_allowlist_compile_array(&e, &elen, 1, &list,
		                                        &cd) != AUTH0LOGOUT_OK)
			return NULL; /* not an entry (R5): nothing to match */
	} else {
		const char *e = "https://example.com";
		if (auth0logout_allowlist_compile_array(&e, NULL, 1, &list,
		                                        &cd) != AUTH0LOGOUT_OK)
			return urldiff_fail(in, len, 0, "the fixed list: %s",
			                    cd.text);
	}
	auth0logout_memstore *ms = auth0logout_memstore_new();
	auth0logout_store store;
	size_t qlen = 0;
	char *q = urldiff_query(in, len, &qlen);
	if (!ms || !q) {
		auth0logout_allowlist_free(list);
		auth0logout_memstore_free(ms);
		free(q);
		return urldiff_fail(in, len, 0, "out of memory");
	}
	if (auth0logout_memstore_set_tenant(ms, list) != AUTH0LOGOUT_OK ||
	    auth0logout_memstore_get(ms, &store) != AUTH0LOGOUT_OK) {
		auth0logout_memstore_free(ms);
		free(q);
		return urldiff_fail(in, len, 0, "the store");
	}
	auth0logout_decision d;
	auth0logout_status st = auth0logout_decide_query(
	    &store, q, qlen, decide_buf, AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
	*checked = 1;
	const char *fail = NULL;
	if (r->status == AUTH0LOGOUT_OK) {
		if (st != AUTH0LOGOUT_OK ||
		    d.outcome != AUTH0LOGOUT_OUTCOME_REDIRECT || !d.location ||
		    d.location_len != r->norm_len ||
		    memcmp(d.location, r->norm, r->norm_len) != 0)
			fail = urldiff_fail(
			    in, len, 0,
			    "decision %s (%s) with Location \"%.*s\"; want a "
			    "redirect to \"%s\" (%s)",
			    auth0logout_outcome_name(d.outcome),
			    auth0logout_status_name(st),
			    d.location ? (int)d.location_len : 0,
			    d.location ? d.location : "", r->norm,
			    d.error_description ? d.error_description : "");
	} else if (st != r->status || d.outcome != AUTH0LOGOUT_OUTCOME_ERROR ||
	           !d.error_description ||
	           !strstr(d.error_description, r->diag.text)) {
		fail = urldiff_fail(
		    in, len, 0, "decision %s (%s: %s); url_parse says %s: %s",
		    auth0logout_outcome_name(d.outcome),
		    auth0logout_status_name(st),
		    d.error_description ? d.error_description : "",
		    auth0logout_status_name(r->status), r->diag.text);
	}
	auth0logout_memstore_free(ms);
	free(q);
	return fail;
}

#endif
