/* SPDX-License-Identifier: MIT */
/* R1: query string -> request.  One pass, no allocation: the values of
 * returnTo and client_id are decoded into the caller's scratch buffer; other
 * values are only checked for bad escapes. */
#include "internal.h"

#include <string.h>

/* R1.1: where the query starts and ends in the input. */
void a0l_query_find(const char *in, size_t len, size_t *start, size_t *end)
{
	size_t i = 0;
	int whole = 1;

	if (len > 0 && in[0] == '/') {
		whole = 0;
	} else if (len > 0 && a0l_is_alpha((unsigned char)in[0])) {
		/* scheme "://" makes it an absolute URL */
		i = 1;
		while (i < len &&
		       (a0l_is_alpha((unsigned char)in[i]) ||
		        a0l_is_digit((unsigned char)in[i]) || in[i] == '+' ||
		        in[i] == '-' || in[i] == '.'))
			i++;
		if (len - i >= 3 && memcmp(in + i, "://", 3) == 0)
			whole = 0;
	}
	if (whole) {
		*start = 0;
		*end = len;
		return;
	}
	const char *q = memchr(in, '?', len);
	const char *h = memchr(in, '#', len);
	if (!q || (h && h < q)) {
		*start = *end = len;
		return;
	}
	*start = (size_t)(q - in) + 1;
	*end = h ? (size_t)(h - in) : len;
}

/* Hex digit values plus one; 0 for anything else, so that the rest of the
 * table can stay zero-initialised.  A table: decoding is the hot loop of
 * every decision. */
static const signed char hexval[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,
    ['6'] = 7,  ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
    ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
    ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16};

/* For each byte value: its a0l_url_classes bits, plus D_PERCENT for '%' and
 * D_PLUS for '+' (R1.2), so that one lookup tells decode() both how to
 * decode a byte and whether the decoded returnTo will need R4 work. */
#define D_PERCENT 0x40u
#define D_PLUS    0x80u
static const unsigned char dec_classes[256] = {
    A0L_URL_CLASS_ROWS(D_PERCENT, D_PLUS)};

/* Decodes in[0..n) (R1.2) into out, writing at most cap bytes; returns
 * the whole decoded length (which may exceed cap: the rest is counted,
 * not written), or (size_t)-1 with *bad set to the offset of a bad '%'.
 * ORs the R4 classes of the decoded bytes into *classes. */
size_t a0l_query_decode(const char *in, size_t n, char *out, size_t cap,
                        size_t *bad, unsigned *classes)
{
	const unsigned char *u = (const unsigned char *)in;
	size_t o = 0, i = 0;
	unsigned acc = 0;
	while (i < n) {
		/* A run of bytes kept as they are, eight at a time while
		 * no '%' or '+' is among them. */
		while (n - i >= 8 && o + 8 <= cap) {
			unsigned t =
			    dec_classes[u[i]] | dec_classes[u[i + 1]] |
			    dec_classes[u[i + 2]] | dec_classes[u[i + 3]] |
			    dec_classes[u[i + 4]] | dec_classes[u[i + 5]] |
			    dec_classes[u[i + 6]] | dec_classes[u[i + 7]];
			if (t & (D_PERCENT | D_PLUS))
				break;
			acc |= t;
			memcpy(out + o, in + i, 8); /* one 8-byte move */
			o += 8;
			i += 8;
		}
		unsigned k = 0;
		while (i < n &&
		       !((k = dec_classes[u[i]]) & (D_PERCENT | D_PLUS))) {
			acc |= k;
			if (o < cap)
				out[o] = (char)u[i];
			o++;
			i++;
		}
		if (i == n)
			break;
		unsigned char d;
		if (k & D_PLUS) {
			d = ' ';
			i++;
		} else {
			int hi = n - i >= 3 ? hexval[u[i + 1]] : 0;
			int lo = n - i >= 3 ? hexval[u[i + 2]] : 0;
			if (hi == 0 || lo == 0) {
				*bad = i;
				return (size_t)-1;
			}
			d = (unsigned char)((hi - 1) * 16 + (lo - 1));
			i += 3;
		}
		acc |= a0l_url_classes[d];
		if (o < cap)
			out[o] = (char)d;
		o++;
	}
	*classes |= acc;
	return o;
}

/* Only checks that every '%' in in[0..n) is followed by two hex digits
 * (a value that is not kept must still be well-formed, R1.2). */
int a0l_query_escapes_ok(const char *in, size_t n, size_t *bad)
{
	const char *p = in, *end = in + n;
	while ((p = memchr(p, '%', (size_t)(end - p))) != NULL) {
		if (end - p < 3 || !hexval[(unsigned char)p[1]] ||
		    !hexval[(unsigned char)p[2]]) {
			*bad = (size_t)(p - in);
			return 0;
		}
		p += 3;
	}
	return 1;
}

auth0logout_status a0l_client_id_check(const char *id, size_t len, size_t *at)
{
	*at = (size_t)-1;
	if (len == 0)
		return AUTH0LOGOUT_E_CLIENT_ID_EMPTY;
	if (len > AUTH0LOGOUT_MAX_CLIENT_ID)
		return AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG;
	for (size_t i = 0; i < len; i++)
		if (a0l_is_control((unsigned char)id[i])) {
			*at = i;
			return AUTH0LOGOUT_E_CLIENT_ID_CONTROL;
		}
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_API auth0logout_status
auth0logout_client_id_check(const char *id, size_t len, auth0logout_diag *diag)
{
	size_t at;
	a0l_diag_reset(diag);
	if (!id && len > 0)
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1, "the client_id is NULL");
	auth0logout_status st = a0l_client_id_check(id, len, &at);
	switch (st) {
	case AUTH0LOGOUT_E_CLIENT_ID_EMPTY:
		return a0l_fail(diag, st, (size_t)-1, "the client_id is empty");
	case AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG:
		return a0l_fail(diag, st, AUTH0LOGOUT_MAX_CLIENT_ID,
		                "the client_id is %zu bytes long; at most %d "
		                "are accepted",
		                len, AUTH0LOGOUT_MAX_CLIENT_ID);
	case AUTH0LOGOUT_E_CLIENT_ID_CONTROL:
		return a0l_fail(
		    diag, st, at,
		    "the client_id contains the control byte 0x%02X "
		    "at offset %zu",
		    (unsigned)(unsigned char)id[at], at);
	default:
		if (diag)
			diag->status = st;
		return st;
	}
}

enum param { P_BAD_ESCAPE, P_OTHER, P_RETURN_TO, P_CLIENT_ID, P_FEDERATED };

/* Which parameter a raw name decodes to (R1.3: exact, case-sensitive).
 * A name of more than 27 raw bytes cannot decode to 9 bytes, so only its
 * escapes are checked. */
static enum param name_of(const char *s, size_t n)
{
	if (n == 8 && memcmp(s, "returnTo", 8) == 0)
		return P_RETURN_TO;
	if (n == 9 && memcmp(s, "client_id", 9) == 0)
		return P_CLIENT_ID;
	if (n == 9 && memcmp(s, "federated", 9) == 0)
		return P_FEDERATED;
	return P_OTHER;
}

static enum param classify(const char *name, size_t n, size_t *bad)
{
	/* The names as written: they hold no '%' or '+', so they decode to
	 * themselves. */
	enum param p = name_of(name, n);
	if (p != P_OTHER)
		return p;
	char buf[27];
	unsigned classes = 0;
	if (n > sizeof buf)
		return a0l_query_escapes_ok(name, n, bad) ? P_OTHER
		                                          : P_BAD_ESCAPE;
	size_t dn = a0l_query_decode(name, n, buf, sizeof buf, bad, &classes);
	if (dn == (size_t)-1)
		return P_BAD_ESCAPE;
	return name_of(buf, dn);
}

AUTH0LOGOUT_API auth0logout_status auth0logout_request_parse(
    const char *input, size_t input_len, char *scratch, size_t scratch_len,
    auth0logout_request *out, auth0logout_diag *diag)
{
	unsigned classes;
	return a0l_request_parse(input, input_len, scratch, scratch_len, out,
	                         diag, &classes, NULL);
}

auth0logout_status a0l_request_parse(const char *input, size_t input_len,
                                     char *scratch, size_t scratch_len,
                                     auth0logout_request *out,
                                     auth0logout_diag *diag,
                                     unsigned *rt_classes,
                                     const auth0logout_store *store)
{
	*rt_classes = 0;
	a0l_diag_reset(diag);
	if (!out)
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1, "the request pointer is NULL");
	memset(out, 0, sizeof *out);
	if (!input && input_len > 0)
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1, "the input is NULL");
	if (!input)
		input = "";

	size_t qs, qe;
	a0l_query_find(input, input_len, &qs, &qe);
	if (qe - qs > AUTH0LOGOUT_MAX_QUERY)
		return a0l_fail(
		    diag, AUTH0LOGOUT_E_QUERY_TOO_LONG, qs,
		    "the query string is %zu bytes long; at most %d "
		    "are accepted",
		    qe - qs, AUTH0LOGOUT_MAX_QUERY);
	/* The kept values never take more than the query, nor more than
	 * the longest returnTo and client_id accepted: longer ones are
	 * refused before they are written. */
	size_t need = qe - qs < AUTH0LOGOUT_REQUEST_SCRATCH_SIZE
	                  ? qe - qs
	                  : AUTH0LOGOUT_REQUEST_SCRATCH_SIZE;
	if (need > 0 && (!scratch || scratch_len < need))
		return a0l_fail(diag,
		                scratch ? AUTH0LOGOUT_E_BUFFER_TOO_SMALL
		                        : AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1,
		                "the scratch buffer needs %zu bytes", need);

	int seen_return_to = 0, seen_client_id = 0;
	size_t used = 0;
	size_t pos = qs;
	while (pos <= qe) {
		const char *amp = memchr(input + pos, '&', qe - pos);
		size_t end = amp ? (size_t)(amp - input) : qe;
		const char *eq = memchr(input + pos, '=', end - pos);
		size_t name_end = eq ? (size_t)(eq - input) : end;
		size_t val = eq ? name_end + 1 : end;
		size_t bad = 0;

		enum param p = classify(input + pos, name_end - pos, &bad);
		if (p == P_BAD_ESCAPE)
			return a0l_fail(
			    diag, AUTH0LOGOUT_E_QUERY_BAD_ESCAPE, pos + bad,
			    "the '%%' at byte %zu of the query is not "
			    "followed by two hex digits",
			    pos + bad - qs);
		int kept = p == P_RETURN_TO || p == P_CLIENT_ID;
		int *seen =
		    p == P_RETURN_TO ? &seen_return_to : &seen_client_id;
		size_t max = p == P_RETURN_TO ? AUTH0LOGOUT_MAX_URL
		                              : AUTH0LOGOUT_MAX_CLIENT_ID;
		size_t dn = 0, raw = end - val;
		unsigned classes = 0;
		/* A kept value is decoded into scratch as far as its limit:
		 * a longer one is only measured, to be refused (R1.7, R1.8);
		 * a repeated one is refused below (R1.4). */
		if (kept && !*seen)
			dn = a0l_query_decode(input + val, raw, scratch + used,
			                      max, &bad, &classes);
		else if (!a0l_query_escapes_ok(input + val, raw, &bad))
			dn = (size_t)-1;
		if (dn == (size_t)-1)
			return a0l_fail(
			    diag, AUTH0LOGOUT_E_QUERY_BAD_ESCAPE, val + bad,
			    "the '%%' at byte %zu of the query is not "
			    "followed by two hex digits",
			    val + bad - qs);

		if (kept) {
			if (*seen)
				return a0l_fail(
				    diag, AUTH0LOGOUT_E_QUERY_DUPLICATE, pos,
				    "the \"%s\" parameter must not be provided "
				    "twice",
				    p == P_RETURN_TO ? "returnTo"
				                     : "client_id");
			*seen = 1;
		}
		const char *dst = scratch + used;
		if (p == P_RETURN_TO && dn > 0) {
			if (dn > AUTH0LOGOUT_MAX_URL)
				return a0l_fail(
				    diag, AUTH0LOGOUT_E_RETURN_TO_TOO_LONG, val,
				    "the \"returnTo\" parameter is too long: "
				    "%zu "
				    "bytes decoded, at most %d are accepted",
				    dn, AUTH0LOGOUT_MAX_URL);
			out->return_to = dst;
			out->return_to_len = dn;
			*rt_classes = classes;
			used += dn;
		} else if (p == P_CLIENT_ID && dn > 0) {
			size_t at;
			auth0logout_status st =
			    a0l_client_id_check(dst, dn, &at);
			if (st == AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG)
				return a0l_fail(
				    diag, st, val,
				    "the \"client_id\" parameter is too long: "
				    "%zu "
				    "bytes decoded, at most %d are accepted",
				    dn, AUTH0LOGOUT_MAX_CLIENT_ID);
			if (st != AUTH0LOGOUT_OK)
				return a0l_fail(
				    diag, st, val,
				    "the \"client_id\" parameter contains "
				    "the control byte 0x%02X",
				    (unsigned)(unsigned char)dst[at]);
			out->client_id = dst;
			out->client_id_len = dn;
			used += dn;
			a0l_store_prefetch_client(store, dst, dn);
		} else if (p == P_FEDERATED) {
			out->federated = 1;
		}
		pos = end + 1;
	}
	if (diag)
		diag->status = AUTH0LOGOUT_OK;
	return AUTH0LOGOUT_OK;
}
