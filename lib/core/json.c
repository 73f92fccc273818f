/* SPDX-License-Identifier: MIT */
/*
 * R7.2: a decision as one JSON object, written into the caller's buffer.
 * The CLI prints it, the HTTP server sends it as its JSON error body, and
 * bindings can hand it on: one rendering of a decision.
 */
#include "internal.h"

struct out {
	char *p;
	size_t cap, len; /* len counts what did not fit too */
};

static void add(struct out *o, const char *s, size_t n)
{
	if (o->len + 1 < o->cap) {
		size_t k = o->cap - 1 - o->len;
		memcpy(o->p + o->len, s, n < k ? n : k);
	}
	o->len += n;
}

/* A literal, without strlen. */
#define ADD_LIT(o, lit) add(o, lit, sizeof lit - 1)

/* A JSON string of n bytes at s, or null. */
static void string(struct out *o, const char *s, size_t n)
{
	if (!s) {
		ADD_LIT(o, "null");
		return;
	}
	ADD_LIT(o, "\"");
	size_t room = o->len + 1 < o->cap ? o->cap - o->len : 0;
	o->len += a0l_escape(s, n, AUTH0LOGOUT_ESCAPE_JSON,
	                     room ? o->p + o->len : NULL, room);
	ADD_LIT(o, "\"");
}

/* One of the library's static names (ASCII, nothing to escape), or null. */
static void name(struct out *o, const char *s)
{
	if (!s) {
		ADD_LIT(o, "null");
		return;
	}
	ADD_LIT(o, "\"");
	add(o, s, strlen(s));
	ADD_LIT(o, "\"");
}

static void boolean(struct out *o, int v)
{
	if (v)
		ADD_LIT(o, "true");
	else
		ADD_LIT(o, "false");
}

AUTH0LOGOUT_API size_t auth0logout_decision_json(const auth0logout_decision *d,
                                                 unsigned flags, char *out,
                                                 size_t cap)
{
	struct out o = {out, out ? cap : 0, 0};
	char num[24];
	a0l_sb sb = {num, sizeof num, 0};

	if (!d) {
		ADD_LIT(&o, "null");
	} else {
		ADD_LIT(&o, "{\"outcome\":");
		name(&o, auth0logout_outcome_name((int)d->outcome));
		ADD_LIT(&o, ",\"status\":");
		a0l_sb_num(&sb,
		           d->http_status > 0 ? (size_t)d->http_status : 0);
		add(&o, num, sb.len);
		ADD_LIT(&o, ",\"location\":");
		string(&o, d->location, d->location_len);
		ADD_LIT(&o, ",\"federated\":");
		boolean(&o, d->federated != 0);
		ADD_LIT(&o, ",\"error\":");
		name(&o, auth0logout_error_name((int)d->error));
		ADD_LIT(&o, ",\"error_description\":");
		string(&o, d->error_description, d->error_description_len);
		ADD_LIT(&o, ",\"list\":");
		name(&o, auth0logout_list_name((int)d->list));
		ADD_LIT(&o, ",\"matched\":");
		string(&o, d->matched, d->matched_len);
		ADD_LIT(&o, ",\"hint\":");
		if (flags & AUTH0LOGOUT_JSON_NO_HINT)
			string(&o, NULL, 0);
		else
			string(&o, d->hint, d->hint_len);
		ADD_LIT(&o, ",\"confirm\":");
		boolean(&o, d->confirm != 0);
		ADD_LIT(&o, ",\"client_id\":");
		string(&o, d->client_id, d->client_id_len);
		ADD_LIT(&o, "}");
	}
	if (o.cap > 0)
		o.p[o.len < o.cap ? o.len : o.cap - 1] = '\0';
	return o.len;
}
