/* R1: query string -> request.  One pass, no allocation: decoded values are
 * written to the caller's scratch buffer. */
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

/* Decodes in[0..n) (R1.2) into out (NULL: only validate); returns the
 * decoded length, or (size_t)-1 with *bad set to the offset of a bad '%'. */
static size_t decode(const char *in, size_t n, char *out, size_t *bad)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi = n - i >= 3
			             ? a0l_hex_value((unsigned char)in[i + 1])
			             : -1;
			int lo = n - i >= 3
			             ? a0l_hex_value((unsigned char)in[i + 2])
			             : -1;
			if (hi < 0 || lo < 0) {
				*bad = i;
				return (size_t)-1;
			}
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		}
		if (out)
			out[o] = (char)c;
		o++;
	}
	return o;
}

enum param { P_BAD_ESCAPE, P_OTHER, P_RETURN_TO, P_CLIENT_ID, P_FEDERATED };

/* Which parameter a raw name decodes to (R1.3: exact, case-sensitive). */
static enum param classify(const char *name, size_t n, size_t *bad)
{
	size_t dn = decode(name, n, NULL, bad);
	if (dn == (size_t)-1)
		return P_BAD_ESCAPE;
	if (dn != 8 && dn != 9)
		return P_OTHER;
	char buf[9];
	decode(name, n, buf, bad);
	if (dn == 8 && memcmp(buf, "returnTo", 8) == 0)
		return P_RETURN_TO;
	if (dn == 9 && memcmp(buf, "client_id", 9) == 0)
		return P_CLIENT_ID;
	if (dn == 9 && memcmp(buf, "federated", 9) == 0)
		return P_FEDERATED;
	return P_OTHER;
}

AUTH0LOGOUT_API auth0logout_status auth0logout_request_parse(
    const char *input, size_t input_len, char *scratch, size_t scratch_len,
    auth0logout_request *out, auth0logout_diag *diag)
{
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
		size_t dn = decode(input + val, end - val, dst, &bad);
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
