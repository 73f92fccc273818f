/* R1: query string -> request.  One pass, no allocation: the values of
 * returnTo and client_id are decoded into the caller's scratch buffer; other
 * values are only checked for bad escapes. */
#include "internal.h"

#include <string.h>

/* R1.1: where the query starts and ends in the input. */
static void find_query(const char *in, size_t len, size_t *start, size_t *end)
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

/* Decodes in[0..n) (R1.2) into out, which has room for n bytes; returns
 * the decoded length, or (size_t)-1 with *bad set to the offset of a bad
 * '%'.  ORs the R4 classes of the decoded bytes into *classes. */
static size_t decode(const char *in, size_t n, char *out, size_t *bad,
                     unsigned *classes)
{
	const unsigned char *u = (const unsigned char *)in;
	size_t o = 0, i = 0;
	unsigned acc = 0;
	while (i < n) {
		/* A run of bytes kept as they are, eight at a time while
		 * no '%' or '+' is among them. */
		while (n - i >= 8) {
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
			out[o++] = (char)u[i++];
		}
		if (i == n)
			break;
		if (k & D_PLUS) {
			acc |= A0L_C_ENCODE; /* a space */
			out[o++] = ' ';
			i++;
			continue;
		}
		int hi = n - i >= 3 ? hexval[u[i + 1]] : 0;
		int lo = n - i >= 3 ? hexval[u[i + 2]] : 0;
		if (hi == 0 || lo == 0) {
			*bad = i;
			return (size_t)-1;
		}
		unsigned char d = (unsigned char)((hi - 1) * 16 + (lo - 1));
		acc |= a0l_url_classes[d];
		out[o++] = (char)d;
		i += 3;
	}
	*classes |= acc;
	return o;
}

/* Only checks that every '%' in in[0..n) is followed by two hex digits
 * (a value that is not kept must still be well-formed, R1.2). */
static int escapes_ok(const char *in, size_t n, size_t *bad)
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
		return escapes_ok(name, n, bad) ? P_OTHER : P_BAD_ESCAPE;
	size_t dn = decode(name, n, buf, bad, &classes);
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
	                         diag, &classes);
}

auth0logout_status a0l_request_parse(const char *input, size_t input_len,
                                     char *scratch, size_t scratch_len,
                                     auth0logout_request *out,
                                     auth0logout_diag *diag,
                                     unsigned *rt_classes)
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
	find_query(input, input_len, &qs, &qe);
	if (qe - qs > AUTH0LOGOUT_MAX_QUERY)
		return a0l_fail(
		    diag, AUTH0LOGOUT_E_QUERY_TOO_LONG, qs,
		    "the query string is %zu bytes long; at most %d "
		    "are accepted",
		    qe - qs, AUTH0LOGOUT_MAX_QUERY);
	if (qe - qs > 0 && (!scratch || scratch_len < qe - qs))
		return a0l_fail(diag,
		                scratch ? AUTH0LOGOUT_E_BUFFER_TOO_SMALL
		                        : AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1,
		                "the scratch buffer needs %zu bytes", qe - qs);

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
			    "the '%%' at byte %zu is not followed by "
			    "two hex digits",
			    pos + bad);
		char *dst = (p == P_RETURN_TO || p == P_CLIENT_ID)
		                ? scratch + used
		                : NULL;
		size_t dn = 0;
		unsigned classes = 0;
		if (dst)
			dn =
			    decode(input + val, end - val, dst, &bad, &classes);
		else if (!escapes_ok(input + val, end - val, &bad))
			dn = (size_t)-1;
		if (dn == (size_t)-1)
			return a0l_fail(
			    diag, AUTH0LOGOUT_E_QUERY_BAD_ESCAPE, val + bad,
			    "the '%%' at byte %zu is not followed by "
			    "two hex digits",
			    val + bad);

		if (p == P_RETURN_TO || p == P_CLIENT_ID) {
			int *seen = p == P_RETURN_TO ? &seen_return_to
			                             : &seen_client_id;
			const char *pname =
			    p == P_RETURN_TO ? "returnTo" : "client_id";
			if (*seen)
				return a0l_fail(
				    diag, AUTH0LOGOUT_E_QUERY_DUPLICATE, pos,
				    "the \"%s\" parameter must not be provided "
				    "twice",
				    pname);
			*seen = 1;
		}
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
			if (dn > AUTH0LOGOUT_MAX_CLIENT_ID)
				return a0l_fail(
				    diag, AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG, val,
				    "the \"client_id\" parameter is too long: "
				    "%zu "
				    "bytes decoded, at most %d are accepted",
				    dn, AUTH0LOGOUT_MAX_CLIENT_ID);
			for (size_t i = 0; i < dn; i++)
				if (a0l_is_control((unsigned char)dst[i]))
					return a0l_fail(
					    diag,
					    AUTH0LOGOUT_E_CLIENT_ID_CONTROL,
					    val,
					    "the \"client_id\" parameter "
					    "contains "
					    "the control byte 0x%02X",
					    (unsigned)(unsigned char)dst[i]);
			out->client_id = dst;
			out->client_id_len = dn;
			used += dn;
		} else if (p == P_FEDERATED) {
			out->federated = 1;
		}
		pos = end + 1;
	}
	if (diag)
		diag->status = AUTH0LOGOUT_OK;
	return AUTH0LOGOUT_OK;
}
