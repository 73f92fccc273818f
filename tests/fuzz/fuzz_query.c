/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: auth0logout_request_parse (SPEC R1).
 *
 * The whole input is the string handed to the parser (a query string, a
 * request target or an absolute URL, R1.1), copied into an exact-size heap
 * block without a NUL; the scratch buffer is exactly as large as the query
 * part (computed here from R1.1), also on the heap, so that ASan catches
 * a read or write past either.
 *
 * Invariants:
 *   - the status is OK or one of the R1 statuses, and has a name
 *     (auth0logout_status_name != "unknown"); diag->status agrees; a
 *     failure has a NUL-terminated, non-empty message and an offset
 *     inside the input (or (size_t)-1);
 *   - the scratch size is exact: it suffices, and one byte less is
 *     refused with buffer_too_small (unless the query is too long);
 *   - returned pointers lie inside scratch, do not overlap, are NULL
 *     exactly when their length is 0;
 *   - lengths are within the limits (returnTo <= 4096, client_id <= 256)
 *     and client_id holds no control byte;
 *   - a parameter can only be found when its name (or a '%') occurs in
 *     the query;
 *   - parsing twice (into another scratch block) gives identical results.
 */
#include "fuzz_common.h"

/* R1.1, written again from the SPEC: where the query part of the input
 * lies. */
static void query_part(const char *in, size_t n, size_t *start, size_t *end)
{
	int whole = 1;
	if (n > 0 && in[0] == '/') {
		whole = 0;
	} else if (n > 0 && ((in[0] >= 'a' && in[0] <= 'z') ||
	                     (in[0] >= 'A' && in[0] <= 'Z'))) {
		size_t i = 1;
		while (i < n && ((in[i] >= 'a' && in[i] <= 'z') ||
		                 (in[i] >= 'A' && in[i] <= 'Z') ||
		                 (in[i] >= '0' && in[i] <= '9') ||
		                 in[i] == '+' || in[i] == '-' || in[i] == '.'))
			i++;
		if (n - i >= 3 && in[i] == ':' && in[i + 1] == '/' &&
		    in[i + 2] == '/')
			whole = 0;
	}
	if (whole) {
		*start = 0;
		*end = n;
		return;
	}
	size_t q = n, h = n;
	for (size_t i = 0; i < n; i++)
		if (in[i] == '?') {
			q = i;
			break;
		}
	for (size_t i = 0; i < n; i++)
		if (in[i] == '#') {
			h = i;
			break;
		}
	if (q == n || h < q) {
		*start = *end = n;
		return;
	}
	*start = q + 1;
	*end = h;
}

static int is_r1_status(auth0logout_status st)
{
	switch (st) {
	case AUTH0LOGOUT_OK:
	case AUTH0LOGOUT_E_QUERY_TOO_LONG:
	case AUTH0LOGOUT_E_QUERY_BAD_ESCAPE:
	case AUTH0LOGOUT_E_QUERY_DUPLICATE:
	case AUTH0LOGOUT_E_CLIENT_ID_CONTROL:
	case AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG:
	case AUTH0LOGOUT_E_RETURN_TO_TOO_LONG:
		return 1;
	default:
		return 0;
	}
}

static int contains(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

/* A value view must be NULL with length 0, or lie inside scratch. */
static void check_view(const char *what, const char *p, size_t len,
                       const char *scratch, size_t scratch_len)
{
	CHECK((p == NULL) == (len == 0), "%s: ptr %p with length %zu", what,
	      (const void *)p, len);
	if (p) {
		CHECK(p >= scratch && len <= scratch_len &&
		          (size_t)(p - scratch) <= scratch_len - len,
		      "%s [%p, +%zu) is not inside scratch [%p, +%zu)", what,
		      (const void *)p, len, (const void *)scratch, scratch_len);
	}
}

static void check_diag(const auth0logout_diag *d, auth0logout_status st,
                       size_t input_len)
{
	CHECK(d->status == (int)st, "diag.status %d, returned %d", d->status,
	      (int)st);
	CHECK(memchr(d->text, '\0', sizeof d->text) != NULL,
	      "diag.text is not NUL-terminated");
	if (st != AUTH0LOGOUT_OK) {
		CHECK(d->text[0] != '\0', "no message for status %s",
		      auth0logout_status_name(st));
		CHECK(d->offset == (size_t)-1 || d->offset < input_len,
		      "diag.offset %zu outside the input (%zu bytes)",
		      d->offset, input_len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_copy(data, size);
	size_t qs, qe;
	query_part(in, size, &qs, &qe);
	/* The scratch the header promises suffices: the query's length or
	 * AUTH0LOGOUT_REQUEST_SCRATCH_SIZE, whichever is less. */
	size_t qlen = qe - qs;
	size_t need = qlen < AUTH0LOGOUT_REQUEST_SCRATCH_SIZE
	                  ? qlen
	                  : AUTH0LOGOUT_REQUEST_SCRATCH_SIZE;

	char *scratch = fuzz_xmalloc(need);
	auth0logout_request r;
	auth0logout_diag d;
	memset(&r, 0xA5, sizeof r);
	auth0logout_status st =
	    auth0logout_request_parse(in, size, scratch, need, &r, &d);

	CHECK(strcmp(auth0logout_status_name(st), "unknown") != 0,
	      "status %d has no name", (int)st);
	CHECK(is_r1_status(st), "status %s is not an R1 status",
	      auth0logout_status_name(st));
	CHECK(st != AUTH0LOGOUT_E_QUERY_TOO_LONG ||
	          qlen > AUTH0LOGOUT_MAX_QUERY,
	      "query_too_long for a %zu-byte query", qlen);
	CHECK(st == AUTH0LOGOUT_E_QUERY_TOO_LONG ||
	          qlen <= AUTH0LOGOUT_MAX_QUERY,
	      "a %zu-byte query was not refused (%s)", qlen,
	      auth0logout_status_name(st));
	check_diag(&d, st, size);

	/* Views into scratch, limits. */
	check_view("returnTo", r.return_to, r.return_to_len, scratch, need);
	check_view("client_id", r.client_id, r.client_id_len, scratch, need);
	if (r.return_to && r.client_id)
		CHECK(r.return_to + r.return_to_len <= r.client_id ||
		          r.client_id + r.client_id_len <= r.return_to,
		      "returnTo and client_id overlap in scratch");
	CHECK(r.return_to_len <= AUTH0LOGOUT_MAX_URL, "returnTo is %zu bytes",
	      r.return_to_len);
	CHECK(r.client_id_len <= AUTH0LOGOUT_MAX_CLIENT_ID,
	      "client_id is %zu bytes", r.client_id_len);
	for (size_t i = 0; i < r.client_id_len; i++) {
		unsigned char c = (unsigned char)r.client_id[i];
		CHECK(c >= 0x20 && c != 0x7f,
		      "client_id has control byte 0x%02X at %zu", c, i);
	}
	CHECK(r.federated == 0 || r.federated == 1, "federated is %d",
	      r.federated);

	/* A parameter is found only where its name (or an escape that may
	 * spell it) stands in the query. */
	if (st == AUTH0LOGOUT_OK) {
		const char *q = in + qs;
		int esc = memchr(q, '%', qlen) != NULL;
		CHECK(!r.return_to || esc || contains(q, qlen, "returnTo"),
		      "returnTo found in a query without \"returnTo\"");
		CHECK(!r.client_id || esc || contains(q, qlen, "client_id"),
		      "client_id found in a query without \"client_id\"");
		CHECK(!r.federated || esc || contains(q, qlen, "federated"),
		      "federated found in a query without \"federated\"");
	}

	/* The size is exact: one byte less is refused. */
	if (need > 0) {
		char *small = fuzz_xmalloc(need - 1);
		auth0logout_request rs;
		auth0logout_diag ds;
		auth0logout_status sst = auth0logout_request_parse(
		    in, size, small, need - 1, &rs, &ds);
		if (st == AUTH0LOGOUT_E_QUERY_TOO_LONG)
			CHECK(sst == st, "too long, then %s with less scratch",
			      auth0logout_status_name(sst));
		else
			CHECK(sst == AUTH0LOGOUT_E_BUFFER_TOO_SMALL,
			      "%zu bytes of scratch for a %zu-byte query "
			      "gave %s",
			      need - 1, qlen, auth0logout_status_name(sst));
		free(small);
	}

	/* Parsing twice gives identical results. */
	char *scratch2 = fuzz_xmalloc(need);
	if (need)
		memset(scratch2, 0x5A, need);
	auth0logout_request r2;
	auth0logout_diag d2;
	memset(&r2, 0x3C, sizeof r2);
	auth0logout_status st2 =
	    auth0logout_request_parse(in, size, scratch2, need, &r2, &d2);
	CHECK(st2 == st, "second parse: %s, first: %s",
	      auth0logout_status_name(st2), auth0logout_status_name(st));
	CHECK(d2.status == d.status && d2.offset == d.offset &&
	          d2.index == d.index && strcmp(d2.text, d.text) == 0,
	      "diag differs between two parses: \"%s\" / \"%s\"", d.text,
	      d2.text);
	CHECK(r2.federated == r.federated, "federated differs");
	CHECK(r2.return_to_len == r.return_to_len &&
	          (r.return_to == NULL) == (r2.return_to == NULL) &&
	          (!r.return_to ||
	           (r.return_to - scratch == r2.return_to - scratch2 &&
	            memcmp(r.return_to, r2.return_to, r.return_to_len) == 0)),
	      "returnTo differs between two parses");
	CHECK(r2.client_id_len == r.client_id_len &&
	          (r.client_id == NULL) == (r2.client_id == NULL) &&
	          (!r.client_id ||
	           (r.client_id - scratch == r2.client_id - scratch2 &&
	            memcmp(r.client_id, r2.client_id, r.client_id_len) == 0)),
	      "client_id differs between two parses");

	free(scratch2);
	free(scratch);
	free(in);
	return 0;
}
