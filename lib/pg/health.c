/* SPDX-License-Identifier: MIT */
/* The loader's health as one JSON object, for /healthz. */
#include "internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The length of the UTF-8 sequence that starts with c (valid input). */
static size_t unit_len(unsigned char c)
{
	if (c >= 0xF0)
		return 4;
	if (c >= 0xE0)
		return 3;
	if (c >= 0xC0)
		return 2;
	return 1;
}

AUTH0LOGOUT_PG_API size_t auth0logout_pg_health_json(
    const auth0logout_pg_health *h, char *out, size_t out_len)
{
	static const char tail[] = "\"}";
	char err[sizeof h->last_error];
	/* last_error made valid UTF-8 without control bytes (each bad byte
	 * a 3-byte U+FFFD at most). */
	char clean[3 * sizeof h->last_error + 1];
	size_t o, n, i, u, need, limit;
	int head, dots;

	if (out != NULL && out_len > 0)
		out[0] = '\0';
	if (h == NULL || out == NULL)
		return 0;
	head = snprintf(
	    out, out_len,
	    "{\"loaded\":%s,\"connected\":%s,\"last_sync_failed\":%s,"
	    "\"age_ms\":%" PRId64 ",\"change_seq\":%" PRIu64
	    ",\"version\":%" PRIu64 ",\"clients\":%zu,\"bad_rows\":%zu,"
	    "\"reconnects\":%" PRIu64 ",\"last_error\":\"",
	    h->loaded ? "true" : "false", h->connected ? "true" : "false",
	    h->last_sync_failed ? "true" : "false", h->age_ms, h->change_seq,
	    h->version, h->clients, h->bad_rows, h->reconnects);
	if (head < 0 || (size_t)head + sizeof tail > out_len) {
		if (out_len > 0)
			out[0] = '\0';
		return 0;
	}
	o = (size_t)head;
	memcpy(err, h->last_error, sizeof err);
	err[sizeof err - 1] = '\0';
	n = auth0logout_escape(err, strlen(err), AUTH0LOGOUT_ESCAPE_NO_CONTROL,
	                       clean, sizeof clean);
	if (n >= sizeof clean)
		n = 0; /* cannot happen: 3 bytes per byte at most */
	/* The whole string, escaped, when it fits; else its longest prefix
	 * of whole characters that fits with "...". */
	need = 0;
	for (i = 0; i < n; i++)
		need += clean[i] == '"' || clean[i] == '\\' ? 2 : 1;
	limit = out_len - sizeof tail; /* the last byte that may be written,
	                                  plus one */
	dots = o + need > limit;
	if (dots)
		limit = limit - o >= 3 ? limit - 3 : o;
	for (i = 0; i < n; i += u) {
		u = unit_len((unsigned char)clean[i]);
		if (i + u > n)
			break;
		if (clean[i] == '"' || clean[i] == '\\') {
			if (o + 2 > limit)
				break;
			out[o++] = '\\';
			out[o++] = clean[i];
		} else {
			if (o + u > limit)
				break;
			memcpy(out + o, clean + i, u);
			o += u;
		}
	}
	if (dots && o + 3 <= out_len - sizeof tail) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	memcpy(out + o, tail, sizeof tail);
	return o + sizeof tail - 1;
}
