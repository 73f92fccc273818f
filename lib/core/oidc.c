/* SPDX-License-Identifier: MIT */
/*
 * R8: /oidc/logout (OpenID Connect RP-Initiated Logout 1.0) -- request,
 * client, list, exact-query match, state, consent and locale.
 *
 * Like decide.c, everything the decision keeps is written to the caller's
 * buffer and nothing is allocated; the id_token_hint is verified by the
 * caller's verifier (R8.10), the only code here that may.
 */
#include "internal.h"

#include <string.h>

/* ---- R8.1 the request ---------------------------------------------------- */

enum oparam {
	O_OTHER,
	O_ID_TOKEN_HINT,
	O_LOGOUT_HINT,
	O_CLIENT_ID,
	O_URI,
	O_STATE,
	O_UI_LOCALES,
	O_FEDERATED,
	O_COUNT
};

static const struct {
	const char *name;
	size_t len;
	size_t max; /* decoded bytes accepted */
} oparams[O_COUNT] = {
    [O_ID_TOKEN_HINT] = {"id_token_hint", 13, AUTH0LOGOUT_MAX_ID_TOKEN_HINT},
    [O_LOGOUT_HINT] = {"logout_hint", 11, AUTH0LOGOUT_MAX_LOGOUT_HINT},
    [O_CLIENT_ID] = {"client_id", 9, AUTH0LOGOUT_MAX_CLIENT_ID},
    [O_URI] = {"post_logout_redirect_uri", 24, AUTH0LOGOUT_MAX_URL},
    [O_STATE] = {"state", 5, AUTH0LOGOUT_MAX_STATE},
    [O_UI_LOCALES] = {"ui_locales", 10, AUTH0LOGOUT_MAX_UI_LOCALES},
    [O_FEDERATED] = {"federated", 9, 5},
};

/* The longest name, 24 bytes, is at most 72 bytes written as %XX. */
#define NAME_RAW_MAX 72

static enum oparam oname_of(const char *s, size_t n)
{
	for (int p = O_ID_TOKEN_HINT; p < O_COUNT; p++)
		if (n == oparams[p].len && memcmp(s, oparams[p].name, n) == 0)
			return (enum oparam)p;
	return O_OTHER;
}

/* The request's value fields, by parameter. */
static void field(auth0logout_oidc_request *r, enum oparam p, const char ***v,
                  size_t **n)
{
	switch (p) {
	case O_ID_TOKEN_HINT:
		*v = &r->id_token_hint;
		*n = &r->id_token_hint_len;
		break;
	case O_LOGOUT_HINT:
		*v = &r->logout_hint;
		*n = &r->logout_hint_len;
		break;
	case O_CLIENT_ID:
		*v = &r->client_id;
		*n = &r->client_id_len;
		break;
	case O_URI:
		*v = &r->post_logout_redirect_uri;
		*n = &r->post_logout_redirect_uri_len;
		break;
	case O_STATE:
		*v = &r->state;
		*n = &r->state_len;
		break;
	default:
		*v = &r->ui_locales;
		*n = &r->ui_locales_len;
		break;
	}
}

static size_t first_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a0l_is_control((unsigned char)s[i]))
			return i;
	return (size_t)-1;
}

/* R8.1 limits and control bytes of one value (the URI's bytes are R4's
 * to judge). */
static auth0logout_status value_check(enum oparam p, const char *v, size_t n,
                                      auth0logout_diag *diag, size_t offset)
{
	if (n > oparams[p].max)
		return a0l_fail(
		    diag,
		    p == O_URI         ? AUTH0LOGOUT_E_RETURN_TO_TOO_LONG
		    : p == O_CLIENT_ID ? AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG
		                       : AUTH0LOGOUT_E_OIDC_PARAM_TOO_LONG,
		    offset,
		    "the \"%s\" parameter is too long: %zu bytes decoded, at "
		    "most %zu are accepted",
		    oparams[p].name, n, oparams[p].max);
	size_t at = p == O_URI ? (size_t)-1 : first_control(v, n);
	if (at != (size_t)-1)
		return a0l_fail(
		    diag,
		    p == O_CLIENT_ID ? AUTH0LOGOUT_E_CLIENT_ID_CONTROL
		                     : AUTH0LOGOUT_E_OIDC_PARAM_CONTROL,
		    offset,
		    "the \"%s\" parameter contains the control "
		    "byte 0x%02X",
		    oparams[p].name, (unsigned)(unsigned char)v[at]);
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_API auth0logout_status auth0logout_oidc_request_parse(
    const char *input, size_t input_len, unsigned flags, char *scratch,
    size_t scratch_len, auth0logout_oidc_request *out, auth0logout_diag *diag)
{
	a0l_diag_reset(diag);
	if (!out)
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1, "the request pointer is NULL");
	memset(out, 0, sizeof *out);
	if ((!input && input_len > 0) || (flags & ~AUTH0LOGOUT_OIDC_FORM))
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1,
		                input ? "unknown flags" : "the input is NULL");
	if (!input)
		input = "";
	int form = (flags & AUTH0LOGOUT_OIDC_FORM) != 0;
	const char *what = form ? "body" : "query";

	size_t qs = 0, qe = input_len;
	if (!form)
		a0l_query_find(input, input_len, &qs, &qe);
	if (qe - qs > AUTH0LOGOUT_MAX_QUERY)
		return a0l_fail(diag, AUTH0LOGOUT_E_QUERY_TOO_LONG, qs,
		                "the %s is %zu bytes long; at most %d are "
		                "accepted",
		                what, qe - qs, AUTH0LOGOUT_MAX_QUERY);
	size_t need = qe - qs < AUTH0LOGOUT_OIDC_REQUEST_SCRATCH_SIZE
	                  ? qe - qs
	                  : AUTH0LOGOUT_OIDC_REQUEST_SCRATCH_SIZE;
	if (need > 0 && (!scratch || scratch_len < need))
		return a0l_fail(diag,
		                scratch ? AUTH0LOGOUT_E_BUFFER_TOO_SMALL
		                        : AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1,
		                "the scratch buffer needs %zu bytes", need);

	unsigned seen = 0;
	size_t used = 0;
	for (size_t pos = qs; pos <= qe;) {
		const char *amp = memchr(input + pos, '&', qe - pos);
		size_t end = amp ? (size_t)(amp - input) : qe;
		const char *eq = memchr(input + pos, '=', end - pos);
		size_t name_end = eq ? (size_t)(eq - input) : end;
		size_t val = eq ? name_end + 1 : end;
		size_t raw = end - val, bad = 0;
		unsigned classes = 0;

		/* The name, decoded (R1.2) and compared exactly (R1.3). */
		enum oparam p = O_OTHER;
		size_t nn = name_end - pos;
		if (nn <= NAME_RAW_MAX) {
			char nb[NAME_RAW_MAX];
			size_t dn = a0l_query_decode(input + pos, nn, nb,
			                             sizeof nb, &bad, &classes);
			if (dn == (size_t)-1)
				goto bad_escape_name;
			p = oname_of(nb, dn);
		} else if (!a0l_query_escapes_ok(input + pos, nn, &bad)) {
			goto bad_escape_name;
		}

		if (p != O_OTHER && (seen & (1u << p)))
			return a0l_fail(diag, AUTH0LOGOUT_E_QUERY_DUPLICATE,
			                pos,
			                "the \"%s\" parameter must not be "
			                "provided twice",
			                oparams[p].name);
		seen |= 1u << p;

		size_t dn;
		if (p == O_OTHER) {
			dn = a0l_query_escapes_ok(input + val, raw, &bad)
			         ? 0
			         : (size_t)-1;
		} else if (p == O_FEDERATED) {
			char fb[5];
			dn = a0l_query_decode(input + val, raw, fb, sizeof fb,
			                      &bad, &classes);
			if (dn != (size_t)-1) {
				/* R8.1: a flag in a GET, true or false in a
				 * POST (empty counts as absent, R1.5). */
				if (!form) {
					out->federated = 1;
				} else if (dn == 4 &&
				           memcmp(fb, "true", 4) == 0) {
					out->federated = 1;
				} else if (dn != 0 &&
				           !(dn == 5 &&
				             memcmp(fb, "false", 5) == 0)) {
					return a0l_fail(
					    diag, AUTH0LOGOUT_E_OIDC_FEDERATED,
					    val,
					    "the \"federated\" parameter of a "
					    "POST must be \"true\" or "
					    "\"false\"");
				}
			}
		} else {
			dn = a0l_query_decode(input + val, raw, scratch + used,
			                      oparams[p].max, &bad, &classes);
		}
		if (dn == (size_t)-1)
			return a0l_fail(diag, AUTH0LOGOUT_E_QUERY_BAD_ESCAPE,
			                val + bad,
			                "the '%%' at byte %zu of the %s is not "
			                "followed by two hex digits",
			                val + bad - qs, what);
		if (p != O_OTHER && p != O_FEDERATED && dn > 0) {
			auth0logout_status st =
			    value_check(p, scratch + used, dn, diag, val);
			if (st != AUTH0LOGOUT_OK)
				return st;
			const char **v;
			size_t *n;
			field(out, p, &v, &n);
			*v = scratch + used;
			*n = dn;
			used += dn;
		}
		pos = end + 1;
		continue;
	bad_escape_name:
		return a0l_fail(diag, AUTH0LOGOUT_E_QUERY_BAD_ESCAPE, pos + bad,
		                "the '%%' at byte %zu of the %s is not "
		                "followed by two hex digits",
		                pos + bad - qs, what);
	}
	if (diag)
		diag->status = AUTH0LOGOUT_OK;
	return AUTH0LOGOUT_OK;
}

/* ---- the caller's buffer ----------------------------------------------- */

/* R8.6: the most bytes "&state=" and an encoded state take. */
#define STATE_MAX (7 + 3 * AUTH0LOGOUT_MAX_STATE)
#define LOC_MAX                                                                \
	(A0L_NORM_MAX + STATE_MAX > A0L_DESC_MAX ? A0L_NORM_MAX + STATE_MAX    \
	                                         : A0L_DESC_MAX)
#define MAX3(a, b, c)                                                          \
	((a) > (b) ? ((a) > (c) ? (a) : (c)) : ((b) > (c) ? (b) : (c)))

/* Laid out as decide.c's, 16-byte aligned:
 *   LOC      the Location, the URI as R4.7 emits it then the state; an
 *            error's description in its place
 *   MATCHED  the matched entry as written
 *   CLIENT   the client whose list decided (C or T)
 *   LOCALE   the locale (R8.8)
 *   SCRATCH  uriparser's arena while the URI is parsed, then the
 *            verifier's, then, on not_allowed only, the hint's */
#define OFF_LOC     0
#define OFF_MATCHED A0L_ALIGN16(OFF_LOC + LOC_MAX)
#define OFF_CLIENT  A0L_ALIGN16(OFF_MATCHED + A0L_MATCHED_MAX)
#define OFF_LOCALE  A0L_ALIGN16(OFF_CLIENT + AUTH0LOGOUT_MAX_CLIENT_ID + 1)
#define OFF_SCRATCH A0L_ALIGN16(OFF_LOCALE + AUTH0LOGOUT_MAX_UI_LOCALES + 1)
#define SCRATCH_SIZE                                                           \
	MAX3(A0L_ARENA_SIZE, A0L_HINT_SCRATCH,                                 \
	     (size_t)AUTH0LOGOUT_VERIFIER_SCRATCH_SIZE)
#define CORE_SIZE      (OFF_SCRATCH + SCRATCH_SIZE)
#define QUERY_CORE_OFF A0L_ALIGN16(AUTH0LOGOUT_OIDC_REQUEST_SCRATCH_SIZE)

_Static_assert(QUERY_CORE_OFF + CORE_SIZE + 15 <= AUTH0LOGOUT_OIDC_BUFFER_SIZE,
               "AUTH0LOGOUT_OIDC_BUFFER_SIZE is too small");

static char *align16(char *p)
{
	return (char *)(((uintptr_t)p + 15u) & ~(uintptr_t)15u);
}

/* ---- the decision -------------------------------------------------------- */

/* Makes *out an error decision with status; its description is desc
 * (desc_len bytes), which the caller wrote. */
static auth0logout_status error_fields(auth0logout_decision *out,
                                       auth0logout_status status,
                                       const char *desc, size_t desc_len)
{
	a0l_error_fields(out, status);
	out->error_description = desc;
	out->error_description_len = desc_len;
	return status;
}

/* An error decision whose description is a, then b[0..bn), then c (each
 * may be NULL), written in the Location's place. */
static auth0logout_status fail(auth0logout_decision *out, char *core,
                               auth0logout_status status, const char *a,
                               const char *b, size_t bn, const char *c)
{
	char *desc = core + OFF_LOC;
	a0l_sb sb = {desc, A0L_DESC_MAX, 0};
	desc[0] = '\0';
	if (a)
		a0l_sb_cstr(&sb, a);
	if (b)
		a0l_sb_add(&sb, b, bn);
	if (c)
		a0l_sb_cstr(&sb, c);
	return error_fields(out, status, desc, sb.len);
}

static int eq_nocase(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && a0l_eq_nocase(a, b, an);
}

/* R8.8: the first tag of ui_locales.  Returns AUTH0LOGOUT_OK with the
 * locale (or none) in the decision, or AUTH0LOGOUT_E_OIDC_LOCALE. */
static auth0logout_status pick_locale(const auth0logout_oidc_env *env,
                                      const auth0logout_oidc_request *req,
                                      char *core, auth0logout_decision *out,
                                      const char **tag, size_t *tag_len)
{
	const char *s = req->ui_locales;
	size_t n = req->ui_locales_len, i = 0;
	*tag = "";
	*tag_len = 0;
	if (n == 0)
		return AUTH0LOGOUT_OK;
	while (i < n && s[i] == ' ')
		i++;
	size_t j = i;
	while (j < n && s[j] != ' ')
		j++;
	*tag = s + i;
	*tag_len = j - i;
	if (j == i)
		return AUTH0LOGOUT_OK;
	const char *pick = NULL;
	size_t pick_len = 0;
	if (env->enabled_locale_count > 0) {
		for (size_t k = 0; k < env->enabled_locale_count; k++) {
			const char *e = env->enabled_locales[k];
			if (!e)
				continue;
			size_t en = env->enabled_locale_lens
			                ? env->enabled_locale_lens[k]
			                : strlen(e);
			if (eq_nocase(*tag, *tag_len, e, en)) {
				pick = e;
				pick_len = en;
				break;
			}
		}
		if (!pick)
			return AUTH0LOGOUT_E_OIDC_LOCALE;
	} else {
		/* No enabled_locales: the tag as given, when it is one. */
		for (size_t k = i; k < j; k++)
			if (!a0l_is_alpha((unsigned char)s[k]) &&
			    !a0l_is_digit((unsigned char)s[k]) && s[k] != '-')
				return AUTH0LOGOUT_OK;
		pick = *tag;
		pick_len = *tag_len;
	}
	if (pick_len > AUTH0LOGOUT_MAX_UI_LOCALES)
		return AUTH0LOGOUT_OK;
	char *l = core + OFF_LOCALE;
	memcpy(l, pick, pick_len);
	l[pick_len] = '\0';
	out->locale = l;
	out->locale_len = pick_len;
	return AUTH0LOGOUT_OK;
}

/* R8.6: appends "?state=" or "&state=" and the state, every byte but
 * ALPHA, DIGIT, '-', '.', '_', '~' as %XX. */
static size_t append_state(char *loc, size_t n, const char *state,
                           size_t state_len)
{
	static const char hex[] = "0123456789ABCDEF";
	char sep = memchr(loc, '?', n) ? '&' : '?';
	loc[n++] = sep;
	memcpy(loc + n, "state=", 6);
	n += 6;
	for (size_t i = 0; i < state_len; i++) {
		unsigned char c = (unsigned char)state[i];
		if (a0l_is_alpha(c) || a0l_is_digit(c) || c == '-' ||
		    c == '.' || c == '_' || c == '~') {
			loc[n++] = (char)c;
		} else {
			loc[n++] = '%';
			loc[n++] = hex[c >> 4];
			loc[n++] = hex[c & 15];
		}
	}
	loc[n] = '\0';
	return n;
}

static auth0logout_status fail_invalid(auth0logout_decision *out, char *core,
                                       const char *why)
{
	return fail(out, core, AUTH0LOGOUT_E_OIDC_TOKEN_INVALID,
	            "Invalid request: the \"id_token_hint\" parameter is "
	            "invalid: ",
	            why, strlen(why), ".");
}

/* What the token said, as far as the decision needs it. */
struct token {
	int given, verified;
	int sid_differs;    /* from the session's sid (R8.7) */
	const char *client; /* T, copied to CLIENT */
	size_t client_len;
};

/* R8.10/R8.2: verifies the token and finds T; checks logout_hint against
 * its sid.  Returns AUTH0LOGOUT_OK or the error decision's status. */
static auth0logout_status check_token(const auth0logout_oidc_env *env,
                                      const auth0logout_oidc_request *req,
                                      char *core, auth0logout_decision *out,
                                      struct token *t)
{
	const auth0logout_verifier *v = env->verifier;
	if (!v || !v->verify)
		return fail_invalid(out, core, "no verifier is configured");
	auth0logout_claims c;
	memset(&c, 0, sizeof c);
	int rc = v->verify(v->ctx, req->id_token_hint, req->id_token_hint_len,
	                   core + OFF_SCRATCH,
	                   AUTH0LOGOUT_VERIFIER_SCRATCH_SIZE, &c);
	if (rc == AUTH0LOGOUT_E_OIDC_TOKEN_INVALID)
		return fail_invalid(out, core,
		                    "the verifier refused it (its signature, "
		                    "algorithm, issuer, claims or age)");
	if (rc != AUTH0LOGOUT_OK)
		return fail(out, core, AUTH0LOGOUT_E_VERIFIER_FAILED,
		            "The id_token_hint could not be verified (the "
		            "verifier failed); nothing was changed.",
		            NULL, 0, NULL);

	auth0logout_status st = AUTH0LOGOUT_OK;
	const char *why = NULL;
	/* Views the verifier handed back must be views. */
	if ((!c.azp && c.azp_len) || (!c.aud && c.aud_len) ||
	    (!c.sid && c.sid_len)) {
		st = fail(out, core, AUTH0LOGOUT_E_VERIFIER_FAILED,
		          "The id_token_hint could not be verified (the "
		          "verifier returned a malformed claim); nothing was "
		          "changed.",
		          NULL, 0, NULL);
		goto done;
	}
	/* R8.2: T is azp, else the one audience. */
	const char *tc = c.azp_len ? c.azp : NULL;
	size_t tn = c.azp_len;
	if (!tc && c.aud_count == 1 && c.aud_len) {
		tc = c.aud;
		tn = c.aud_len;
	}
	size_t at;
	if (!tc)
		why = c.aud_count > 1 ? "it has several audiences and no azp"
		                      : "it names no audience";
	else if (a0l_client_id_check(tc, tn, &at) != AUTH0LOGOUT_OK)
		why = "its audience is not a valid client_id";
	if (why) {
		st = fail_invalid(out, core, why);
		goto done;
	}
	char *client = core + OFF_CLIENT;
	memcpy(client, tc, tn);
	client[tn] = '\0';
	t->client = client;
	t->client_len = tn;
	t->verified = 1;

	/* R8.2: logout_hint must be the token's sid. */
	if (req->logout_hint_len &&
	    !(c.sid_len == req->logout_hint_len &&
	      memcmp(c.sid, req->logout_hint, c.sid_len) == 0)) {
		st = fail(out, core, AUTH0LOGOUT_E_OIDC_LOGOUT_HINT,
		          "Invalid request: the \"logout_hint\" parameter does "
		          "not match the id_token_hint's session (sid).",
		          NULL, 0, NULL);
		goto done;
	}
	/* R8.7: a token without sid differs from any session. */
	t->sid_differs = env->session_sid_len > 0 &&
	                 !(c.sid_len == env->session_sid_len &&
	                   memcmp(c.sid, env->session_sid, c.sid_len) == 0);
done:
	if (v->release)
		v->release(v->ctx, &c);
	return st;
}

/* R8.7. */
static int needs_consent(const auth0logout_oidc_env *env,
                         const auth0logout_oidc_request *req,
                         const struct token *t)
{
	if (env->flags & AUTH0LOGOUT_OIDC_NO_PROMPT)
		return 0;
	int hint = req->logout_hint_len > 0;
	int session = env->session_sid_len > 0;
	if (!t->given && !hint)
		return 1;
	if (session && t->given && t->sid_differs)
		return 1;
	if (session && hint &&
	    !(env->session_sid_len == req->logout_hint_len &&
	      memcmp(env->session_sid, req->logout_hint,
	             req->logout_hint_len) == 0))
		return 1;
	if (hint && !t->given && !session)
		return 1;
	return 0;
}

/* The request's own values, for requests built by hand (a parsed one
 * passes). */
static auth0logout_status request_check(const auth0logout_oidc_request *req,
                                        char *core, auth0logout_decision *out)
{
	for (int p = O_ID_TOKEN_HINT; p < O_FEDERATED; p++) {
		const char **v;
		size_t *n;
		field((auth0logout_oidc_request *)req, (enum oparam)p, &v, &n);
		auth0logout_diag d;
		a0l_diag_reset(&d);
		auth0logout_status st =
		    value_check((enum oparam)p, *v, *n, &d, (size_t)-1);
		if (st != AUTH0LOGOUT_OK)
			return fail(out, core, st, "Invalid request: ", d.text,
			            strlen(d.text), ".");
	}
	return AUTH0LOGOUT_OK;
}

static auth0logout_status decide_oidc_core(const auth0logout_store *store,
                                           const auth0logout_oidc_env *env,
                                           const auth0logout_oidc_request *req,
                                           char *core,
                                           auth0logout_decision *out)
{
	static const auth0logout_oidc_env none;
	if (!env)
		env = &none;
	char *loc = core + OFF_LOC;
	memset(out, 0, sizeof *out);
	out->list = AUTH0LOGOUT_LIST_NONE;

	auth0logout_status st;

	/* R8.8 */
	const char *tag;
	size_t tag_len;
	if (pick_locale(env, req, core, out, &tag, &tag_len) != AUTH0LOGOUT_OK)
		return fail(out, core, AUTH0LOGOUT_E_OIDC_LOCALE,
		            "Invalid request: the \"ui_locales\" parameter's "
		            "first language \"",
		            tag, tag_len,
		            "\" is not one of the tenant's enabled locales.");

	/* R4, R8.4: the URI before anything is looked up. */
	a0l_url u;
	int has_uri = req->post_logout_redirect_uri_len > 0;
	if (has_uri) {
		auth0logout_diag d;
		a0l_diag_reset(&d);
		st = a0l_url_check(req->post_logout_redirect_uri,
		                   req->post_logout_redirect_uri_len, 0, loc,
		                   core + OFF_SCRATCH, &u, &d);
		if (st != AUTH0LOGOUT_OK)
			return fail(out, core, st,
			            "The \"post_logout_redirect_uri\" "
			            "parameter is not a valid URL: ",
			            d.text, strlen(d.text), ".");
		size_t pe = u.path_off + u.path_len;
		if (memchr(u.text + pe, '#', u.len - pe))
			return fail(out, core, AUTH0LOGOUT_E_OIDC_URI_FRAGMENT,
			            "Invalid request: the "
			            "\"post_logout_redirect_uri\" parameter "
			            "must not have a fragment (#...).",
			            NULL, 0, NULL);
	}

	/* R8.10, R8.2: the token, then C against T. */
	struct token t = {0};
	t.given = req->id_token_hint_len > 0;
	if (t.given) {
		st = check_token(env, req, core, out, &t);
		if (st != AUTH0LOGOUT_OK)
			return st;
	}
	const char *client = NULL;
	size_t client_len = 0;
	if (req->client_id_len) {
		if (t.verified &&
		    !(t.client_len == req->client_id_len &&
		      memcmp(t.client, req->client_id, t.client_len) == 0))
			return fail(out, core,
			            AUTH0LOGOUT_E_OIDC_CLIENT_MISMATCH,
			            "Invalid request: the \"client_id\" "
			            "parameter \"",
			            req->client_id, req->client_id_len,
			            "\" does not match the id_token_hint.");
		char *c = core + OFF_CLIENT;
		memcpy(c, req->client_id, req->client_id_len);
		c[req->client_id_len] = '\0';
		client = c;
		client_len = req->client_id_len;
	} else if (t.verified) {
		client = t.client;
		client_len = t.client_len;
	}

	/* R8.3: one list. */
	const auth0logout_allowlist *list = NULL;
	int rc;
	if (client) {
		rc = store->client_list(store->ctx, client, client_len, &list);
		if (rc == AUTH0LOGOUT_E_UNKNOWN_CLIENT)
			return fail(out, core, AUTH0LOGOUT_E_UNKNOWN_CLIENT,
			            t.verified && !req->client_id_len
			                ? "Unknown client: the id_token_hint "
			                  "names the client \""
			                : "Unknown client: the \"client_id\" "
			                  "parameter \"",
			            client, client_len,
			            "\" that is not a known application.");
	} else if (has_uri) {
		rc = store->tenant_list(store->ctx, &list);
	} else {
		rc = AUTH0LOGOUT_OK; /* R8.5 row 1: no list is needed */
	}
	if (rc == AUTH0LOGOUT_OK && list)
		a0l_allowlist_prefetch(list);
	if (rc != AUTH0LOGOUT_OK)
		return fail(out, core, AUTH0LOGOUT_E_STORE_FAILED,
		            "The Allowed Logout URLs could not be read (the "
		            "store failed); nothing was changed.",
		            NULL, 0, NULL);

	if (client) {
		out->list = AUTH0LOGOUT_LIST_CLIENT;
		out->client_id = client;
		out->client_id_len = client_len;
	} else if (has_uri) {
		out->list = AUTH0LOGOUT_LIST_TENANT;
	}
	out->federated = req->federated != 0;
	out->outcome = AUTH0LOGOUT_OUTCOME_LOGGED_OUT;
	out->http_status = 200;

	if (!has_uri) {
		/* R8.5: a client's first entry, without state; a wildcard
		 * first entry or an empty list: logged out (R3.4). */
		size_t n = 0;
		int wildcard = 0;
		const char *first =
		    client && auth0logout_allowlist_count(list)
		        ? a0l_allowlist_norm(list, 0, &n, &wildcard)
		        : NULL;
		if (first && !wildcard) {
			memcpy(loc, first, n + 1);
			out->outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
			out->http_status = 302;
			out->location = loc;
			out->location_len = n;
			a0l_copy_matched(out, core + OFF_MATCHED, list, 0);
		}
	} else {
		size_t i = a0l_allowlist_match_query(list, &u);
		if (i != (size_t)-1) {
			size_t n = u.len;
			if (req->state_len)
				n = append_state(loc, n, req->state,
				                 req->state_len);
			out->outcome = AUTH0LOGOUT_OUTCOME_REDIRECT;
			out->http_status = 302;
			out->location = loc;
			out->location_len = n;
			a0l_copy_matched(out, core + OFF_MATCHED, list, i);
		} else {
			a0l_hint_req hr = {client, client_len,
			                   client && !req->client_id_len, 1};
			out->hint =
			    a0l_hint(store, &hr, list, &u, core + OFF_SCRATCH,
			             &out->hint_len);
			/* R8.9: Auth0's wording with the parameter's name,
			 * and the list checked; the URI it quotes is moved
			 * into place. */
			static const char head[] =
			    "The \"post_logout_redirect_uri\" querystring "
			    "parameter \"";
			char *desc = loc;
			memmove(desc + sizeof head - 1, loc, u.len);
			memcpy(desc, head, sizeof head - 1);
			a0l_sb sb = {desc, A0L_DESC_MAX,
			             sizeof head - 1 + u.len};
			a0l_sb_cstr(&sb, "\" is not defined as a valid URL in "
			                 "\"Allowed Logout URLs\". ");
			if (client) {
				a0l_sb_cstr(
				    &sb, "The application's list was checked "
				         "(client_id \"");
				a0l_sb_add(&sb, client, client_len);
				a0l_sb_cstr(&sb, "\").");
			} else {
				a0l_sb_cstr(&sb,
				            "The tenant's list was checked (no "
				            "client_id or id_token_hint was "
				            "given).");
			}
			error_fields(out, AUTH0LOGOUT_E_NOT_ALLOWED, desc,
			             sb.len);
			if (list && store->release)
				store->release(store->ctx, list);
			return AUTH0LOGOUT_E_NOT_ALLOWED;
		}
	}
	if (list && store->release)
		store->release(store->ctx, list);
	out->confirm = needs_consent(env, req, &t);
	return AUTH0LOGOUT_OK;
}

static int store_ok(const auth0logout_store *store)
{
	return store && store->tenant_list && store->client_list;
}

static int request_ok(const auth0logout_oidc_request *r)
{
	return (r->id_token_hint || !r->id_token_hint_len) &&
	       (r->logout_hint || !r->logout_hint_len) &&
	       (r->client_id || !r->client_id_len) &&
	       (r->post_logout_redirect_uri ||
	        !r->post_logout_redirect_uri_len) &&
	       (r->state || !r->state_len) &&
	       (r->ui_locales || !r->ui_locales_len);
}

static int env_ok(const auth0logout_oidc_env *env)
{
	return !env || ((env->session_sid || !env->session_sid_len) &&
	                (env->enabled_locales || !env->enabled_locale_count) &&
	                !(env->flags & ~AUTH0LOGOUT_OIDC_NO_PROMPT));
}

AUTH0LOGOUT_API auth0logout_status auth0logout_decide_oidc(
    const auth0logout_store *store, const auth0logout_oidc_env *env,
    const auth0logout_oidc_request *req, char *buf, size_t buf_len,
    auth0logout_decision *out)
{
	if (!out || !req || !buf || !store_ok(store) || !request_ok(req) ||
	    !env_ok(env))
		return a0l_bad_call(out, AUTH0LOGOUT_E_INVALID_ARGUMENT);
	if (buf_len < AUTH0LOGOUT_OIDC_BUFFER_SIZE)
		return a0l_bad_call(out, AUTH0LOGOUT_E_BUFFER_TOO_SMALL);
	/* A parsed request passed these checks in the parser; one built by
	 * hand is checked here, once. */
	char *core = align16(buf);
	memset(out, 0, sizeof *out);
	auth0logout_status st = request_check(req, core, out);
	if (st != AUTH0LOGOUT_OK)
		return st;
	return decide_oidc_core(store, env, req, core, out);
}

AUTH0LOGOUT_API auth0logout_status auth0logout_decide_oidc_query(
    const auth0logout_store *store, const auth0logout_oidc_env *env,
    const char *input, size_t input_len, unsigned flags, char *buf,
    size_t buf_len, auth0logout_decision *out)
{
	if (!out || !buf || !store_ok(store) || (!input && input_len > 0) ||
	    !env_ok(env) || (flags & ~AUTH0LOGOUT_OIDC_FORM))
		return a0l_bad_call(out, AUTH0LOGOUT_E_INVALID_ARGUMENT);
	if (buf_len < AUTH0LOGOUT_OIDC_BUFFER_SIZE)
		return a0l_bad_call(out, AUTH0LOGOUT_E_BUFFER_TOO_SMALL);
	char *base = align16(buf);
	char *core = base + QUERY_CORE_OFF;
	auth0logout_oidc_request req;
	auth0logout_diag d;
	auth0logout_status st = auth0logout_oidc_request_parse(
	    input, input_len, flags, base,
	    AUTH0LOGOUT_OIDC_REQUEST_SCRATCH_SIZE, &req, &d);
	if (st != AUTH0LOGOUT_OK) {
		memset(out, 0, sizeof *out);
		return fail(out, core, st, "Invalid request: ", d.text,
		            strlen(d.text), ".");
	}
	return decide_oidc_core(store, env, &req, core, out);
}

/* ---- sizes for bindings ---------------------------------------------------
 */

AUTH0LOGOUT_API size_t auth0logout_oidc_buffer_size(void)
{
	return AUTH0LOGOUT_OIDC_BUFFER_SIZE;
}
AUTH0LOGOUT_API size_t auth0logout_oidc_request_scratch_size(void)
{
	return AUTH0LOGOUT_OIDC_REQUEST_SCRATCH_SIZE;
}
AUTH0LOGOUT_API size_t auth0logout_oidc_request_size(void)
{
	return sizeof(auth0logout_oidc_request);
}
AUTH0LOGOUT_API size_t auth0logout_oidc_env_size(void)
{
	return sizeof(auth0logout_oidc_env);
}
AUTH0LOGOUT_API size_t auth0logout_claims_size(void)
{
	return sizeof(auth0logout_claims);
}
AUTH0LOGOUT_API size_t auth0logout_verifier_size(void)
{
	return sizeof(auth0logout_verifier);
}
AUTH0LOGOUT_API size_t auth0logout_verifier_scratch_size(void)
{
	return AUTH0LOGOUT_VERIFIER_SCRATCH_SIZE;
}
