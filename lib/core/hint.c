/* SPDX-License-Identifier: MIT */
/*
 * Hints: why a returnTo matched no entry, for the humans reading a
 * not_allowed error (the decision's hint).
 *
 * Only a fixed number of variants of the returnTo are looked up in the
 * list's index (a trailing slash added or removed, the default port
 * written or not, http and https swapped, the path in lower case, the host
 * one subdomain level up or down for wildcards) plus, when a client_id was
 * given, the tenant's list: the cost does not grow with the list, and the
 * allowed path never comes here.  Like the rest of the decision this
 * allocates nothing and reads the lists only through the store.
 */
#include "internal.h"

#include <string.h>

static int is_scheme(const a0l_url *u, const char *name, size_t n)
{
	return u->scheme_len == n && a0l_eq_nocase(u->text, name, n);
}

/* The default port of an http(s) URL, as text. */
static const char *default_port(const a0l_url *u)
{
	if (is_scheme(u, "http", 4))
		return "80";
	if (is_scheme(u, "https", 5))
		return "443";
	return NULL;
}

/* The parts a variant is built from. */
struct parts {
	const char *scheme, *host, *port, *path;
	size_t scheme_len, host_len, port_len, path_len;
};

static struct parts parts_of(const a0l_url *u)
{
	struct parts p = {u->text,
	                  u->text + u->host_off,
	                  u->text + u->port_off,
	                  u->text + u->path_off,
	                  u->scheme_len,
	                  u->host_len,
	                  u->has_port ? u->port_len : 0,
	                  u->path_len};
	return p;
}

/* Writes the URL made of p into buf (A0L_NORM_MAX + 64 bytes) and
 * describes it in *v, with u's host kind.  Query and fragment are left
 * out: they never take part in matching (R4.9). */
static void build(const a0l_url *u, const struct parts *p, char *buf,
                  a0l_url *v)
{
	a0l_sb b = {buf, A0L_NORM_MAX + 64, 0};
	buf[0] = '\0';
	memset(v, 0, sizeof *v);
	a0l_sb_add(&b, p->scheme, p->scheme_len);
	v->scheme_len = p->scheme_len;
	v->special =
	    (p->scheme_len == 4 && a0l_eq_nocase(p->scheme, "http", 4)) ||
	    (p->scheme_len == 5 && a0l_eq_nocase(p->scheme, "https", 5));
	a0l_sb_add(&b, ":", 1);
	if (u->has_authority) {
		v->has_authority = 1;
		v->host_kind = u->host_kind;
		a0l_sb_add(&b, "//", 2);
		if (u->host_kind == A0L_HOST_IPV6)
			a0l_sb_add(&b, "[", 1);
		v->host_off = b.len;
		v->host_len = p->host_len;
		a0l_sb_add(&b, p->host, p->host_len);
		if (u->host_kind == A0L_HOST_IPV6)
			a0l_sb_add(&b, "]", 1);
		if (p->port_len > 0) {
			a0l_sb_add(&b, ":", 1);
			v->has_port = 1;
			v->port_off = b.len;
			v->port_len = p->port_len;
			a0l_sb_add(&b, p->port, p->port_len);
		}
	}
	v->path_off = b.len;
	v->path_len = p->path_len;
	a0l_sb_add(&b, p->path, p->path_len);
	v->text = buf;
	v->len = b.len;
}

static void quote_entry(a0l_sb *b, const auth0logout_allowlist *list, size_t i)
{
	size_t n;
	const char *raw = a0l_allowlist_raw(list, i, &n);
	a0l_sb_cstr(b, "\"");
	a0l_sb_add(b, raw, n);
	a0l_sb_cstr(b, "\" (entry ");
	a0l_sb_num(b, i + 1);
	a0l_sb_cstr(b, " of ");
	a0l_sb_num(b, auth0logout_allowlist_count(list));
	a0l_sb_cstr(b, ")");
}

/* Looks the variant p up; on a match writes "Nearest entry: E, <why>". */
/* why, then (when not NULL) what and why_end. */
static int try_variant(a0l_sb *b, const auth0logout_allowlist *list,
                       const a0l_url *u, const struct parts *p, char *vbuf,
                       const char *why, const char *what, const char *why_end)
{
	a0l_url v;
	build(u, p, vbuf, &v);
	size_t i = a0l_allowlist_match(list, &v);
	if (i == (size_t)-1)
		return 0;
	a0l_sb_cstr(b, " Nearest entry: ");
	quote_entry(b, list, i);
	a0l_sb_cstr(b, why);
	if (what) {
		a0l_sb_cstr(b, what);
		a0l_sb_cstr(b, why_end);
	}
	return 1;
}

/* The nearest entry among the variants of u, or 0. */
static int nearest(a0l_sb *b, const auth0logout_allowlist *list,
                   const a0l_url *u, const a0l_host_sig *sig, char *vbuf,
                   char *lower, const char *what)
{
	struct parts p = parts_of(u);
	struct parts q = p;
	/* The Bloom filter says at once when no entry, exact or wildcard,
	 * can match a URL on this host: then only the variants of the host
	 * itself remain. */
	if (!a0l_allowlist_may_match(list, sig))
		goto wildcards;

	/* A trailing slash (R4.8). */
	if (p.path_len > 0 && p.path[p.path_len - 1] == '/') {
		q.path_len--;
	} else {
		/* lower holds the path plus '/' */
		memcpy(lower, p.path, p.path_len);
		lower[p.path_len] = '/';
		q.path = lower;
		q.path_len = p.path_len + 1;
	}
	if (try_variant(b, list, u, &q, vbuf,
	                ", which differs only by a trailing slash: paths "
	                "compare exactly.",
	                NULL, NULL))
		return 1;

	/* The default port written or not (R4.6). */
	const char *dp = u->has_authority ? default_port(u) : NULL;
	if (dp) {
		q = p;
		size_t dn = strlen(dp);
		if (p.port_len == dn && memcmp(p.port, dp, dn) == 0) {
			q.port_len = 0;
		} else if (p.port_len == 0) {
			q.port = dp;
			q.port_len = dn;
		}
		if (q.port_len != p.port_len &&
		    try_variant(b, list, u, &q, vbuf,
		                ", which differs only by the default port "
		                "(written in one, left out in the other): "
		                "ports compare as written.",
		                NULL, NULL))
			return 1;
	}

	/* http versus https. */
	if (u->has_authority && dp) {
		q = p;
		int https = is_scheme(u, "https", 5);
		q.scheme = https ? "http" : "https";
		q.scheme_len = https ? 4 : 5;
		if (try_variant(b, list, u, &q, vbuf,
		                https ? ", which uses http where the "
		                      : ", which uses https where the ",
		                what, https ? " uses https." : " uses http."))
			return 1;
	}

	/* The case of the path (R4.8): in lower case outside its %XX
	 * escapes (R4.7 writes those in upper case), then, if its escapes
	 * hold upper-case hex, wholly. */
	for (int whole = 0; whole < 2; whole++) {
		int changed = 0, escaped_upper = 0;
		for (size_t i = 0; i < p.path_len; i++) {
			unsigned char c = (unsigned char)p.path[i];
			int in_escape = (i >= 1 && p.path[i - 1] == '%') ||
			                (i >= 2 && p.path[i - 2] == '%');
			int keep = in_escape && !whole;
			lower[i] = (char)(keep ? c : a0l_lower(c));
			changed |= lower[i] != (char)c;
			escaped_upper |= in_escape && c >= 'A' && c <= 'Z';
		}
		q = p;
		q.path = lower;
		if (changed &&
		    try_variant(b, list, u, &q, vbuf,
		                ", which differs only in the case of the "
		                "path: paths are case-sensitive.",
		                NULL, NULL))
			return 1;
		if (!escaped_upper)
			break;
	}

wildcards:
	if (u->host_kind != A0L_HOST_NAME)
		return 0;
	const char *host = u->text + u->host_off;
	const char *dot1 = memchr(host, '.', u->host_len);

	/* A wildcard over this very host: it needs one label more (R5.4). */
	size_t i = a0l_allowlist_may_have_wildcard_over(list, sig->h[0])
	               ? a0l_allowlist_wildcard_over(list, u, u->host_off)
	               : (size_t)-1;
	if (i != (size_t)-1) {
		a0l_sb_cstr(b, " Nearest entry: ");
		quote_entry(b, list, i);
		a0l_sb_cstr(b, ", a wildcard that matches subdomains of \"");
		a0l_sb_add(b, host, u->host_len);
		a0l_sb_cstr(b, "\" only, not the domain itself.");
		return 1;
	}
	if (!dot1)
		return 0;
	size_t parent = (size_t)(dot1 - u->text) + 1;

	/* A wildcard over the parent whose label pattern does not fit. */
	i = a0l_allowlist_may_have_wildcard_over(list, sig->h[1])
	        ? a0l_allowlist_wildcard_over(list, u, parent)
	        : (size_t)-1;
	if (i != (size_t)-1) {
		a0l_sb_cstr(b, " Nearest entry: ");
		quote_entry(b, list, i);
		a0l_sb_cstr(b, ", a wildcard over the same parent domain whose "
		               "pattern does not match the label \"");
		a0l_sb_add(b, host, (size_t)(dot1 - host));
		a0l_sb_cstr(b, "\".");
		return 1;
	}

	/* A wildcard over the grandparent: one label too many (R5.4). */
	const char *dot2 =
	    memchr(dot1 + 1, '.', u->host_len - (size_t)(dot1 + 1 - host));
	if (dot2 && a0l_allowlist_may_have_wildcard_over(list, sig->h[2])) {
		i = a0l_allowlist_wildcard_over(list, u,
		                                (size_t)(dot2 - u->text) + 1);
		if (i != (size_t)-1) {
			a0l_sb_cstr(b, " Nearest entry: ");
			quote_entry(b, list, i);
			a0l_sb_cstr(b, ", a wildcard that matches exactly one "
			               "subdomain level; the ");
			a0l_sb_cstr(b, what);
			a0l_sb_cstr(b, "'s host has one more.");
			return 1;
		}
	}
	return 0;
}

const char *a0l_hint(const auth0logout_store *store, const a0l_hint_req *req,
                     const auth0logout_allowlist *list, const a0l_url *u,
                     char *scratch, size_t *len)
{
	char *vbuf = scratch;
	char *hint = scratch + A0L_NORM_MAX + 64;
	a0l_sb b = {hint, A0L_HINT_MAX, 0};
	hint[0] = '\0';
	size_t count = auth0logout_allowlist_count(list);
	int has_client = req->client_id_len > 0;
	size_t (*match)(const auth0logout_allowlist *, const a0l_url *) =
	    req->exact_query ? a0l_allowlist_match_query : a0l_allowlist_match;
	/* The host's hashes for the lists' Bloom filters, in one pass. */
	a0l_host_sig sig;
	a0l_host_sig_of(u->text + u->host_off, u->host_len,
	                u->host_kind == A0L_HOST_NAME, &sig);

	if (has_client) {
		a0l_sb_cstr(&b, "Checked the application's list (client_id \"");
		a0l_sb_add(&b, req->client_id, req->client_id_len);
		a0l_sb_cstr(&b, req->client_from_token
		                    ? "\") because the id_token_hint names it; "
		                      "the tenant's list is not used then."
		                    : "\") because a client_id was given; the "
		                      "tenant's list is not used then.");
	} else {
		a0l_sb_cstr(&b, req->exact_query
		                    ? "Checked the tenant's list because "
		                      "neither a client_id nor an "
		                      "id_token_hint was given."
		                    : "Checked the tenant's list because no "
		                      "client_id was given.");
	}
	if (count == 0) {
		a0l_sb_cstr(&b, has_client ? " The application's list is empty."
		                           : " The tenant's list is empty.");
	}

	/* On the tenant's list while the application's was checked. */
	int found = 0;
	if (has_client) {
		const auth0logout_allowlist *tenant = NULL;
		if (store->tenant_list(store->ctx, &tenant) == AUTH0LOGOUT_OK) {
			size_t i = a0l_allowlist_may_match(tenant, &sig)
			               ? match(tenant, u)
			               : (size_t)-1;
			if (i != (size_t)-1) {
				size_t n;
				const char *raw =
				    a0l_allowlist_raw(tenant, i, &n);
				a0l_sb_cstr(&b, " The URL is allowed by the "
				                "tenant's list (\"");
				a0l_sb_add(&b, raw, n);
				a0l_sb_cstr(&b,
				            "\"), but Auth0 checks only the "
				            "application's list when a ");
				a0l_sb_cstr(&b, req->exact_query
				                    ? "client is named"
				                    : "client_id is given");
				a0l_sb_cstr(&b, ": add it to the application's "
				                "Allowed Logout URLs.");
				found = 1;
			}
			if (tenant && store->release)
				store->release(store->ctx, tenant);
		}
	}
	/* R8.4: the same entry but for its query. */
	if (!found && count > 0 && req->exact_query) {
		size_t i = a0l_allowlist_match(list, u);
		if (i != (size_t)-1) {
			size_t n;
			const char *raw = a0l_allowlist_raw(list, i, &n);
			const char *hash = memchr(raw, '#', n);
			const char *eq = memchr(raw, '?', n);
			size_t pe = u->path_off + u->path_len;
			const char *uq = u->text + pe;
			size_t uqn = u->len - pe;
			a0l_sb_cstr(&b, " Nearest entry: \"");
			a0l_sb_add(&b, raw, n);
			a0l_sb_cstr(&b, "\", which differs only in the query: "
			                "the entry has ");
			if (eq && (!hash || eq < hash)) {
				a0l_sb_cstr(&b, "query \"");
				a0l_sb_add(
				    &b, eq + 1,
				    (size_t)((hash ? hash : raw + n) - eq - 1));
				a0l_sb_cstr(&b, "\"");
			} else {
				a0l_sb_cstr(&b, "no query");
			}
			a0l_sb_cstr(&b, ", the URI ");
			if (uqn > 0) {
				a0l_sb_cstr(&b, "query \"");
				a0l_sb_add(&b, uq + 1, uqn - 1);
				a0l_sb_cstr(&b, "\"");
			} else {
				a0l_sb_cstr(&b, "none");
			}
			a0l_sb_cstr(&b, "; /oidc/logout compares the query "
			                "exactly.");
			found = 1;
		}
	}
	if (!found && count > 0) {
		/* vbuf holds the variant; a changed path follows the
		 * hint. */
		char *lower = hint + A0L_HINT_MAX;
		found = nearest(&b, list, u, &sig, vbuf, lower,
		                req->exact_query ? "URI" : "returnTo");
		if (!found)
			a0l_sb_cstr(&b, " No entry differs from it only by a "
			                "trailing slash, a default port, http "
			                "versus https, the case of the path or "
			                "one subdomain level.");
	}
	*len = b.len;
	return hint;
}
