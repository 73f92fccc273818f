/* SPDX-License-Identifier: MIT */
/*
 * R2/R3: request + store -> decision.
 *
 * Everything the decision keeps is written to the caller's buffer, laid out
 * as below; nothing is allocated.  Messages are assembled with a small
 * appender rather than snprintf, whose long "%.*s" conversions may allocate.
 */
#include "internal.h"

#include <string.h>

/* The caller buffer of auth0logout_decide (all offsets 16-byte aligned):
 *   LOC      the Location (the normalized returnTo, at most A0L_NORM_MAX
 *            bytes); an error's description is written in its place
 *            (A0L_DESC_MAX bytes: it may quote the normalized returnTo)
 *   MATCHED  the matched entry as written
 *   CLIENT   the client_id of the list used
 *   SCRATCH  uriparser's arena while the returnTo is parsed; then, on
 *            not_allowed only, the hint's scratch and the hint */
#define OFF_LOC     0
#define OFF_MATCHED A0L_ALIGN16(OFF_LOC + A0L_DESC_MAX)
#define OFF_CLIENT  A0L_ALIGN16(OFF_MATCHED + A0L_MATCHED_MAX)
#define OFF_SCRATCH A0L_ALIGN16(OFF_CLIENT + AUTH0LOGOUT_MAX_CLIENT_ID + 1)
#define SCRATCH_SIZE                                                           \
	(A0L_ARENA_SIZE > A0L_HINT_SCRATCH ? A0L_ARENA_SIZE : A0L_HINT_SCRATCH)
#define CORE_SIZE (OFF_SCRATCH + SCRATCH_SIZE)

/* auth0logout_decide_query puts the decoded query values in front. */
#define QUERY_CORE_OFF A0L_ALIGN16(AUTH0LOGOUT_REQUEST_SCRATCH_SIZE)

/* 15: the buffer is aligned to 16 bytes first. */
_Static_assert(QUERY_CORE_OFF + CORE_SIZE + 15 <=
                   AUTH0LOGOUT_DECIDE_BUFFER_SIZE,
               "AUTH0LOGOUT_DECIDE_BUFFER_SIZE is too small");

struct ctx {
	char *core; /* CORE_SIZE bytes, 16-byte aligned */
	auth0logout_decision *out;
};

static char *align16(char *p)
{
	return (char *)(((uintptr_t)p + 15u) & ~(uintptr_t)15u);
}

void a0l_error_fields(auth0logout_decision *out, auth0logout_status status)
{
	out->outcome = AUTH0LOGOUT_OUTCOME_ERROR;
	out->status = status;
	out->federated = 0;
	out->confirm = 0;
	out->location = NULL;
	out->location_len = 0;
	out->matched = NULL;
	out->matched_len = 0;
	if (status == AUTH0LOGOUT_E_STORE_FAILED ||
	    status == AUTH0LOGOUT_E_VERIFIER_FAILED ||
	    status == AUTH0LOGOUT_E_INVALID_ARGUMENT ||
	    status == AUTH0LOGOUT_E_BUFFER_TOO_SMALL) {
		out->http_status = 500;
		out->error = AUTH0LOGOUT_ERROR_SERVER_ERROR;
	} else {
		out->http_status = 400;
		out->error = AUTH0LOGOUT_ERROR_INVALID_REQUEST;
	}
}

/* Makes *out an error decision whose description is a, then b[0..bn),
 * then c (each may be NULL). */
static auth0logout_status set_error(auth0logout_decision *out, char *desc,
                                    auth0logout_status status, const char *a,
                                    const char *b, size_t bn, const char *c)
{
	a0l_sb sb = {desc, A0L_DESC_MAX, 0};
	desc[0] = '\0';
	if (a)
		a0l_sb_cstr(&sb, a);
	if (b)
		a0l_sb_add(&sb, b, bn);
	if (c)
		a0l_sb_cstr(&sb, c);
	a0l_error_fields(out, status);
	out->error_description = desc;
	out->error_description_len = sb.len;
	return status;
}

auth0logout_status a0l_bad_call(auth0logout_decision *out,
                                auth0logout_status status)
{
	if (!out)
		return status;
	memset(out, 0, sizeof *out);
	out->outcome = AUTH0LOGOUT_OUTCOME_ERROR;
	out->http_status = 500;
	out->status = status;
	out->error = AUTH0LOGOUT_ERROR_SERVER_ERROR;
	out->error_description = auth0logout_status_message(status);
	out->error_description_len = strlen(out->error_description);
	return status;
}

/* The client whose list decided, copied into the buffer (a hand-built
 * request's client_id may live anywhere). */
static void copy_client(auth0logout_decision *out, char *core,
                        const auth0logout_request *req)
{
	char *c = core + OFF_CLIENT;
	memcpy(c, req->client_id, req->client_id_len);
	c[req->client_id_len] = '\0';
	out->client_id = c;
	out->client_id_len = req->client_id_len;
}

void a0l_copy_matched(auth0logout_decision *out, char *m,
                      const auth0logout_allowlist *list, size_t i)
{
	size_t n;
	const char *raw = a0l_allowlist_raw(list, i, &n);
	memcpy(m, raw, n);
	m[n] = '\0';
	out->matched = m;
	out->matched_len = n;
}

/* R2: the client's list when the request names a client, else the
 * tenant's (none is needed without either), its first lines asked for.
 * *list is set only when the store handed it out (then it is released). */
static int lookup_list(const auth0logout_store *store,
                       const auth0logout_request *req,
                       const auth0logout_allowlist **list)
{
	int rc = AUTH0LOGOUT_OK;
	*list = NULL;
	if (req->client_id_len > 0)
		rc = store->client_list(store->ctx, req->client_id,
		                        req->client_id_len, list);
	else if (req->return_to_len > 0)
		rc = store->tenant_list(store->ctx, list);
	if (rc != AUTH0LOGOUT_OK)
		*list = NULL; /* not handed out: never released */
	else if (*list)
		a0l_allowlist_prefetch(*list);
	return rc;
}

/* rt_clean: the caller knows every byte of the returnTo to be of class 0
 * (a0l_url_classes), as a0l_request_parse reports. */
static auth0logout_status decide_core(const auth0logout_store *store,
                                      const auth0logout_request *req,
                                      int rt_clean, char *core,
                                      auth0logout_decision *out)
{
	char *loc = core + OFF_LOC;
	char *desc = core + OFF_LOC; /* in the Location's place */
	memset(out, 0, sizeof *out);
	out->list = AUTH0LOGOUT_LIST_NONE;

	/* R1.7 again for requests built by hand rather than parsed: the
	 * store is promised a client_id without control bytes. */
	size_t at;
	switch (
	    req->client_id_len
	        ? a0l_client_id_check(req->client_id, req->client_id_len, &at)
	        : AUTH0LOGOUT_OK) {
	case AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG:
		return set_error(out, desc, AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG,
		                 "Invalid request: the \"client_id\" parameter "
		                 "is too long.",
		                 NULL, 0, NULL);
	case AUTH0LOGOUT_E_CLIENT_ID_CONTROL:
		return set_error(out, desc, AUTH0LOGOUT_E_CLIENT_ID_CONTROL,
		                 "Invalid request: the \"client_id\" parameter "
		                 "contains a control character.",
		                 NULL, 0, NULL);
	default:
		break;
	}

	/* R2's lookup.  A built-in store's lookup has no effect but its
	 * answer, so it is made first and the list's first cache lines asked
	 * for: in a large store they arrive while the returnTo is checked.
	 * What it says counts only after that check (R3: an unacceptable
	 * returnTo is reported before an unknown client or a failing store).
	 * Any other store is called only once the returnTo passed (R4). */
	int has_return_to = req->return_to_len > 0;
	int has_client = req->client_id_len > 0;
	int early = a0l_store_is_builtin(store);
	const auth0logout_allowlist *list = NULL;
	int rc = AUTH0LOGOUT_OK;
	if (early)
		rc = lookup_list(store, req, &list);

	/* R4: returnTo is checked before the list counts. */
	a0l_url u;
	if (has_return_to) {
		auth0logout_diag d;
		a0l_diag_reset(&d);
		auth0logout_status st =
		    rt_clean
		        ? a0l_url_check_clean(req->return_to,
		                              req->return_to_len, loc,
		                              core + OFF_SCRATCH, &u, &d)
		        : a0l_url_check(req->return_to, req->return_to_len, 0,
		                        loc, core + OFF_SCRATCH, &u, &d);
		if (st != AUTH0LOGOUT_OK) {
			if (list && store->release)
				store->release(store->ctx, list);
			return set_error(
			    out, desc, st,
			    "The \"returnTo\" querystring parameter "
			    "is not a valid URL: ",
			    d.text, strlen(d.text), ".");
		}
	}
	if (!has_client && !has_return_to) {
		out->outcome = AUTH0LOGOUT_OUTCOME_LOGGED_OUT;
		out->http_status = 200;
		out->federated = req->federated != 0;
		return AUTH0LOGOUT_OK;
	}
	if (!early)
		rc = lookup_list(store, req, &list);

	/* R2: which list decides. */
	if (has_client && rc == AUTH0LOGOUT_E_UNKNOWN_CLIENT)
		return set_error(
		    out, desc, AUTH0LOGOUT_E_UNKNOWN_CLIENT,
		    "Unknown client: the \"client_id\" querystring "
		    "parameter \"",
		    req->client_id, req->client_id_len,
		    "\" does not name a known application.");
	if (rc != AUTH0LOGOUT_OK)
		return set_error(out, desc, AUTH0LOGOUT_E_STORE_FAILED,
		                 "The Allowed Logout URLs could not be read "
		                 "(the store failed); nothing was changed.",
		                 NULL, 0, NULL);

	auth0logout_status status = AUTH0LOGOUT_OK;
	out->list =
	    has_client ? AUTH0LOGOUT_LIST_CLIENT : AUTH0LOGOUT_LIST_TENANT;
	out->federated = req->federated != 0;
	if (has_client)
		copy_client(out, core, req);
	size_t count = auth0logout_allowlist_count(list);

	if (!has_return_to) {
		/* R3 rows 4-5 and R3.4: the application's first entry. */
		size_t n = 0;
		int wildcard = 0;
		const char *first =
		    count ? a0l_allowlist_norm(list, 0, &n, &wildcard) : NULL;
		if (!first || wildcard) {
			out->outcome = AUTH0LOGOUT_OUTCOME_LOGGED_OUT;
			out->http_status = 200;
		} else {
			memcpy(loc, first, n + 1);
			out->outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
			out->http_status = 302;
			out->location = loc;
			out->location_len = n;
			a0l_copy_matched(out, core + OFF_MATCHED, list, 0);
		}
	} else {
		size_t i = a0l_allowlist_match(list, &u);
		if (i != (size_t)-1) {
			out->outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
			out->http_status = 302;
			out->location = loc;
			out->location_len = u.len;
			a0l_copy_matched(out, core + OFF_MATCHED, list, i);
		} else {
			/* The hint reads the normalized returnTo at loc,
			 * where the description goes next. */
			a0l_hint_req hr = {req->client_id, req->client_id_len,
			                   0, 0};
			out->hint =
			    a0l_hint(store, &hr, list, &u, core + OFF_SCRATCH,
			             &out->hint_len);
			/* R3.2: Auth0's wording, plus the list checked.  The
			 * returnTo it quotes is moved into place. */
			static const char head[] =
			    "The \"returnTo\" querystring parameter \"";
			memmove(desc + sizeof head - 1, loc, u.len);
			memcpy(desc, head, sizeof head - 1);
			a0l_error_fields(out, AUTH0LOGOUT_E_NOT_ALLOWED);
			status = AUTH0LOGOUT_E_NOT_ALLOWED;
			a0l_sb sb = {desc, A0L_DESC_MAX,
			             sizeof head - 1 + u.len};
			a0l_sb_cstr(&sb, "\" is not defined as a valid URL in "
			                 "\"Allowed Logout URLs\". ");
			if (has_client) {
				a0l_sb_cstr(
				    &sb, "The application's list was checked "
				         "(client_id \"");
				a0l_sb_add(&sb, req->client_id,
				           req->client_id_len);
				a0l_sb_cstr(&sb, "\").");
			} else {
				a0l_sb_cstr(&sb,
				            "The tenant's list was checked (no "
				            "client_id was given).");
			}
			out->error_description = desc;
			out->error_description_len = sb.len;
		}
	}
	if (list && store->release)
		store->release(store->ctx, list);
	return status;
}

static int store_ok(const auth0logout_store *store)
{
	return store && store->tenant_list && store->client_list;
}

AUTH0LOGOUT_API auth0logout_status auth0logout_decide(
    const auth0logout_store *store, const auth0logout_request *req, char *buf,
    size_t buf_len, auth0logout_decision *out)
{
	if (!out || !req || !buf || !store_ok(store) ||
	    (!req->return_to && req->return_to_len > 0) ||
	    (!req->client_id && req->client_id_len > 0))
		return a0l_bad_call(out, AUTH0LOGOUT_E_INVALID_ARGUMENT);
	if (buf_len < AUTH0LOGOUT_DECIDE_BUFFER_SIZE)
		return a0l_bad_call(out, AUTH0LOGOUT_E_BUFFER_TOO_SMALL);
	return decide_core(store, req, 0, align16(buf), out);
}

AUTH0LOGOUT_API auth0logout_status auth0logout_decide_query(
    const auth0logout_store *store, const char *input, size_t input_len,
    char *buf, size_t buf_len, auth0logout_decision *out)
{
	if (!out || !buf || !store_ok(store) || (!input && input_len > 0))
		return a0l_bad_call(out, AUTH0LOGOUT_E_INVALID_ARGUMENT);
	if (buf_len < AUTH0LOGOUT_DECIDE_BUFFER_SIZE)
		return a0l_bad_call(out, AUTH0LOGOUT_E_BUFFER_TOO_SMALL);

	char *core = align16(buf) + QUERY_CORE_OFF;
	auth0logout_request req;
	auth0logout_diag d;
	unsigned rt_classes;
	auth0logout_status st = a0l_request_parse(
	    input, input_len, buf, AUTH0LOGOUT_REQUEST_SCRATCH_SIZE, &req, &d,
	    &rt_classes, store);
	if (st != AUTH0LOGOUT_OK) {
		memset(out, 0, sizeof *out);
		char *desc = core + OFF_LOC; /* in the Location's place */
		/* The diag text starts in lower case; make it a sentence. */
		desc[0] = '\0';
		set_error(out, desc, st, "Invalid request: ", d.text,
		          strlen(d.text), ".");
		return st;
	}
	return decide_core(store, &req, rt_classes == 0, core, out);
}
