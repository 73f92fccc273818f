/* SPDX-License-Identifier: MIT */
/*
 * Linting Allowed Logout URLs lists: the findings of
 * auth0logout_config_lint.  See config.h for the codes and README.md
 * ("Linting allow-lists") for the exact conditions.
 *
 * Every rule of the library is the library's own: each entry is checked
 * with auth0logout_url_parse (AUTH0LOGOUT_URL_ENTRY), the check that
 * compiling the list makes, which also gives its parts; duplicates are
 * found by the R4.8 key of auth0logout_url_key_equal and _hash; client_ids
 * are checked by auth0logout_client_id_check.  What is the linter's own is
 * advice: loopback hosts, public suffixes (libpsl), scheme typos, Auth0's
 * limit of 100 entries.
 *
 * Each list is linted in two passes, both linear in its length (lists can
 * hold 100,000 entries): the first checks every entry and finds duplicates
 * with hash tables; the second reports, in entry order, what it found.  An
 * entry the library refuses gets only the error (E101): the other checks
 * need its parts.
 */
#include "internal.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libpsl.h>

/* ---- the codes ----------------------------------------------------------- */

struct code_info {
	int code;
	const char *id;
	const char *slug;
	int severity;
	const char *rule; /* NULL: E101 takes its status's rule */
};

static const struct code_info codes[] = {
    {AUTH0LOGOUT_LINT_INVALID_ENTRY, "E101", "invalid-entry",
     AUTH0LOGOUT_LINT_ERROR, NULL},
    {AUTH0LOGOUT_LINT_DUPLICATE_CLIENT_ID, "E102", "duplicate-client-id",
     AUTH0LOGOUT_LINT_ERROR, NULL},
    {AUTH0LOGOUT_LINT_INVALID_CLIENT_ID, "E103", "invalid-client-id",
     AUTH0LOGOUT_LINT_ERROR, "R1.7"},
    {AUTH0LOGOUT_LINT_HTTP_NOT_LOOPBACK, "W201", "http-not-loopback",
     AUTH0LOGOUT_LINT_WARNING, NULL},
    {AUTH0LOGOUT_LINT_WILDCARD_PUBLIC_SUFFIX, "W202", "wildcard-public-suffix",
     AUTH0LOGOUT_LINT_WARNING, "R5.5"},
    {AUTH0LOGOUT_LINT_WILDCARD_FIRST_ENTRY, "W203", "wildcard-first-entry",
     AUTH0LOGOUT_LINT_WARNING, "R3.4"},
    {AUTH0LOGOUT_LINT_DUPLICATE_ENTRY, "W204", "duplicate-entry",
     AUTH0LOGOUT_LINT_WARNING, "R4.8"},
    {AUTH0LOGOUT_LINT_NEAR_DUPLICATE, "W205", "near-duplicate",
     AUTH0LOGOUT_LINT_WARNING, "R4.6/R4.8"},
    {AUTH0LOGOUT_LINT_QUERY_OR_FRAGMENT, "W206", "query-or-fragment",
     AUTH0LOGOUT_LINT_WARNING, "R4.9"},
    {AUTH0LOGOUT_LINT_TOO_MANY_ENTRIES, "W207", "too-many-entries",
     AUTH0LOGOUT_LINT_WARNING, NULL},
    {AUTH0LOGOUT_LINT_LOOPBACK_WITH_PRODUCTION, "W208",
     "loopback-with-production", AUTH0LOGOUT_LINT_WARNING, NULL},
    {AUTH0LOGOUT_LINT_SCHEME_TYPO, "W209", "scheme-typo",
     AUTH0LOGOUT_LINT_WARNING, "R4.3"},
};

static const struct code_info *code_info(int code)
{
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (codes[i].code == code)
			return &codes[i];
	return NULL;
}

AUTH0LOGOUT_CONFIG_API const char *auth0logout_lint_code_id(int code)
{
	const struct code_info *c = code_info(code);
	return c ? c->id : NULL;
}

AUTH0LOGOUT_CONFIG_API const char *auth0logout_lint_code_slug(int code)
{
	const struct code_info *c = code_info(code);
	return c ? c->slug : NULL;
}

AUTH0LOGOUT_CONFIG_API int auth0logout_lint_code_severity(int code)
{
	const struct code_info *c = code_info(code);
	return c ? c->severity : 0;
}

/* ---- one entry ----------------------------------------------------------- */

struct ent {
	int status;        /* auth0logout_url_parse's */
	auth0logout_url u; /* when status is OK; text set after pass 1 */
	size_t text_off;   /* of u.text in the list's text buffer */
	int http, https, loopback;
	size_t dup_of, near_of; /* earlier entry, or A0L_NONE */
};

/* 1 if the host of e is loopback: localhost, *.localhost, 127.0.0.0/8,
 * ::1 or ::ffff:127.0.0.0/104.  A name is tested in place, whatever its
 * length (a preview build's host can be long); only an IP literal is
 * copied for inet_pton, and one that does not fit is none. */
static int loopback_host(const struct ent *e)
{
	const char *h = e->u.text + e->u.host_off;
	size_t n = e->u.host_len;
	char buf[INET6_ADDRSTRLEN];
	unsigned char a[16];

	if (e->u.host_kind == AUTH0LOGOUT_HOST_NAME)
		return a0l_is_word(h, n, "localhost") ||
		       (n > 10 && a0l_is_word(h + n - 10, 10, ".localhost"));
	if (n >= sizeof buf)
		return 0;
	memcpy(buf, h, n);
	buf[n] = '\0';
	if (e->u.host_kind == AUTH0LOGOUT_HOST_IPV6) {
		static const unsigned char one[16] = {[15] = 1};
		static const unsigned char mapped[12] = {
		    [10] = 0xff, [11] = 0xff};
		if (inet_pton(AF_INET6, buf, a) != 1)
			return 0;
		return memcmp(a, one, 16) == 0 ||
		       (memcmp(a, mapped, 12) == 0 && a[12] == 127);
	}
	return e->u.host_kind == AUTH0LOGOUT_HOST_IPV4 &&
	       inet_pton(AF_INET, buf, a) == 1 && a[0] == 127;
}

static int default_port(const struct ent *e)
{
	const char *p = e->u.text + e->u.port_off;
	return e->u.has_port &&
	       ((e->https && e->u.port_len == 3 && memcmp(p, "443", 3) == 0) ||
	        (e->http && e->u.port_len == 2 && memcmp(p, "80", 2) == 0));
}

static int trailing_slash(const struct ent *e)
{
	return e->u.path_len > 0 &&
	       e->u.text[e->u.path_off + e->u.path_len - 1] == '/';
}

/* The key W204 compares is the library's (R4.8); W205's loose key is the
 * same with a default port (:443 for https, :80 for http) and one
 * trailing '/' of the path left out. */
static auth0logout_url key_of(const struct ent *e, int loose)
{
	auth0logout_url k = e->u;
	if (loose && default_port(e)) {
		k.has_port = 0;
		k.port_len = 0;
	}
	if (loose && trailing_slash(e))
		k.path_len--;
	return k;
}

/* An open-addressing set of indexes + 1 (0: empty), by hash. */
struct table {
	size_t *slot;
	uint32_t *hash;
	size_t mask;
};

static int table_init(struct table *t, size_t n)
{
	size_t cap = 8;
	while (cap < 2 * n)
		cap *= 2;
	t->slot = calloc(cap, sizeof *t->slot);
	t->hash = calloc(cap, sizeof *t->hash);
	t->mask = cap - 1;
	return t->slot != NULL && t->hash != NULL;
}

static void table_free(struct table *t)
{
	free(t->slot);
	free(t->hash);
}

/* Returns the earlier entry with entry i's key, or inserts i and returns
 * A0L_NONE. */
static size_t key_find_add(struct table *t, const struct ent *ents, size_t i,
                           int loose)
{
	auth0logout_url k = key_of(&ents[i], loose);
	uint32_t h = auth0logout_url_key_hash(&k);

	for (size_t s = (size_t)h & t->mask;; s = (s + 1) & t->mask) {
		if (t->slot[s] == 0) {
			t->slot[s] = i + 1;
			t->hash[s] = h;
			return A0L_NONE;
		}
		if (t->hash[s] == h) {
			auth0logout_url o =
			    key_of(&ents[t->slot[s] - 1], loose);
			if (auth0logout_url_key_equal(&k, &o))
				return t->slot[s] - 1;
		}
	}
}

/* ---- scheme typos -------------------------------------------------------- */

/* Optimal string alignment distance (an adjacent transposition counts
 * one) between short strings; a is lower-cased. */
static size_t osa(const char *a, size_t n, const char *b, size_t m)
{
	size_t d[8][8];

	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			unsigned char ai = a0l_lower((unsigned char)a[i - 1]);
			size_t cost = ai != (unsigned char)b[j - 1];
			size_t v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && ai == (unsigned char)b[j - 2] &&
			    a0l_lower((unsigned char)a[i - 2]) ==
			        (unsigned char)b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

/* W209: a scheme (not http or https) at distance 1 from "http" or
 * "https", or at distance 2 when it has 5 or more characters ("hxxps";
 * shorter ones such as "ftp", "ftps" and "sftp" are real schemes). */
static int scheme_typo(const char *s, size_t n)
{
	if (n < 2 || n > 7 || a0l_is_word(s, n, "http") ||
	    a0l_is_word(s, n, "https"))
		return 0;
	size_t d = osa(s, n, "http", 4);
	size_t d2 = osa(s, n, "https", 5);
	if (d2 < d)
		d = d2;
	return d <= 1 || (d == 2 && n >= 5);
}

/* ---- reporting ----------------------------------------------------------- */

struct lint {
	const struct auth0logout_config *cfg;
	size_t max_entries;
	auth0logout_lint_fn fn;
	void *ctx;
	const psl_ctx_t *psl;
	psl_ctx_t *psl_owned;
	char *url_buf; /* AUTH0LOGOUT_URL_BUFFER_SIZE bytes */
	auth0logout_lint_summary sum;
	int failed;
};

/* s[0..n) as one line of valid UTF-8 without control bytes, in a new
 * string; NULL (and l->failed) when out of memory. */
static char *clean_line(struct lint *l, const char *s, size_t n)
{
	char *c = cfg_clean(s, n, AUTH0LOGOUT_ESCAPE_NO_CONTROL, NULL);
	if (!c)
		l->failed = 1;
	return c;
}

static void report(struct lint *l, int code, int status, size_t client,
                   const char *list, size_t index, const char *entry,
                   size_t entry_len, size_t related, const char *fmt, ...)
    A0L_PRINTF(10, 11);

/* Reports one finding: counts it and hands it to the callback.  list is
 * already clean. */
static void report(struct lint *l, int code, int status, size_t client,
                   const char *list, size_t index, const char *entry,
                   size_t entry_len, size_t related, const char *fmt, ...)
{
	const struct code_info *ci = code_info(code);
	char raw[768];
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vsnprintf(raw, sizeof raw, fmt, ap) < 0)
		raw[0] = '\0';
	va_end(ap);
	msg = clean_line(l, raw, strlen(raw));
	if (!msg)
		return;

	auth0logout_lint_finding f;
	memset(&f, 0, sizeof f);
	f.code = code;
	f.id = ci->id;
	f.slug = ci->slug;
	f.severity = ci->severity;
	f.rule = code == AUTH0LOGOUT_LINT_INVALID_ENTRY
	             ? auth0logout_status_rule(status)
	             : ci->rule;
	f.status = status;
	f.client = client;
	f.list = list;
	f.index = index;
	f.entry = entry;
	f.entry_len = entry_len;
	f.related = related;
	f.message = msg;
	if (f.severity == AUTH0LOGOUT_LINT_ERROR)
		l->sum.errors++;
	else
		l->sum.warnings++;
	if (l->fn)
		l->fn(l->ctx, &f);
	free(msg);
}

/* ---- one list ------------------------------------------------------------ */

/* The host of entry e as text, for messages. */
#define HOST(e) (int)(e)->u.host_len, (e)->u.text + (e)->u.host_off

static void entry_findings(struct lint *l, size_t client, const char *name,
                           const struct a0l_config_list *list,
                           const struct ent *ents, size_t i, size_t production)
{
	const struct ent *e = &ents[i];
	const char *s = list->entries[i];
	size_t n = list->lens[i];

#define REPORT(code, related, ...)                                             \
	report(l, code, AUTH0LOGOUT_OK, client, name, i, s, n, related,        \
	       __VA_ARGS__)

	if (e->status != AUTH0LOGOUT_OK) {
		/* The reason again (one buffer serves every entry). */
		auth0logout_diag diag;
		auth0logout_url u;
		int st = auth0logout_url_parse(
		    s, n, AUTH0LOGOUT_URL_ENTRY, l->url_buf,
		    AUTH0LOGOUT_URL_BUFFER_SIZE, &u, &diag);
		report(l, AUTH0LOGOUT_LINT_INVALID_ENTRY, st, client, name, i,
		       s, n, A0L_NONE, "%s: %s", auth0logout_status_name(st),
		       diag.text[0] ? diag.text
		                    : auth0logout_status_message(st));
		return;
	}

	if (e->http && !e->loopback)
		REPORT(AUTH0LOGOUT_LINT_HTTP_NOT_LOOPBACK, A0L_NONE,
		       "plain http to %.*s: the redirect (and anything in "
		       "its URL) travels unencrypted; use https",
		       HOST(e));
	if (e->u.wildcard) {
		char parent[256];
		size_t plen = e->u.host_off + e->u.host_len - e->u.parent_off;
		if (l->psl && plen < sizeof parent) {
			for (size_t k = 0; k < plen; k++)
				parent[k] = (char)a0l_lower(
				    (unsigned char)
				        e->u.text[e->u.parent_off + k]);
			parent[plen] = '\0';
			if (psl_is_public_suffix2(l->psl, parent, PSL_TYPE_ANY))
				REPORT(
				    AUTH0LOGOUT_LINT_WILDCARD_PUBLIC_SUFFIX,
				    A0L_NONE,
				    "the wildcard stands directly over the "
				    "public suffix \"%s\": anyone can register "
				    "a name under it",
				    parent);
		}
		if (i == 0 && client != A0L_NONE)
			REPORT(AUTH0LOGOUT_LINT_WILDCARD_FIRST_ENTRY, A0L_NONE,
			       "the first entry is the default redirect when "
			       "returnTo is absent; a wildcard gives none, so "
			       "logout ends on the logged-out page");
	}
	if (e->dup_of != A0L_NONE) {
		const struct ent *o = &ents[e->dup_of];
		int same = list->lens[e->dup_of] == n &&
		           memcmp(list->entries[e->dup_of], s, n) == 0;
		/* R4.5: a custom scheme's authority compares exactly. */
		const char *folds =
		    e->u.special ? "scheme and host compare case-insensitively"
		                 : "the scheme compares case-insensitively";
		REPORT(
		    AUTH0LOGOUT_LINT_DUPLICATE_ENTRY, e->dup_of,
		    "the same entry as allowed_logout_urls[%zu]%s%s%s",
		    e->dup_of,
		    same ? ""
		    : (e->u.has_query_or_fragment || o->u.has_query_or_fragment)
		        ? " for matching (query and fragment are ignored, "
		        : " (",
		    same ? "" : folds, same ? "" : ")");
	} else if (e->near_of != A0L_NONE) {
		const struct ent *o = &ents[e->near_of];
		int port = default_port(e) != default_port(o);
		int slash = trailing_slash(e) != trailing_slash(o);
		REPORT(AUTH0LOGOUT_LINT_NEAR_DUPLICATE, e->near_of,
		       "differs from allowed_logout_urls[%zu] only by %s%s%s; "
		       "entries compare exactly, so these are two entries: "
		       "keep the one your app sends (or both on purpose)",
		       e->near_of, slash ? "a trailing slash" : "",
		       slash && port ? " and " : "",
		       port ? (e->https ? "the default port :443"
		                        : "the default port :80")
		            : "");
	}
	if (e->u.has_query_or_fragment)
		REPORT(AUTH0LOGOUT_LINT_QUERY_OR_FRAGMENT, A0L_NONE,
		       "the query and fragment of an entry are ignored when "
		       "matching: any returnTo with this path matches");
	if (e->loopback && production != A0L_NONE)
		REPORT(AUTH0LOGOUT_LINT_LOOPBACK_WITH_PRODUCTION, production,
		       "a loopback entry in a list that also has production "
		       "hosts (allowed_logout_urls[%zu]); keep development "
		       "URLs in a separate application",
		       production);
	if (!e->u.special && scheme_typo(e->u.text, e->u.scheme_len))
		REPORT(AUTH0LOGOUT_LINT_SCHEME_TYPO, A0L_NONE,
		       "the scheme \"%.*s\" looks like a typo of http or "
		       "https; as written it is a custom (native-app) scheme",
		       (int)e->u.scheme_len, e->u.text);
#undef REPORT
}

/* Pass 1: checks every entry as the library compiles it, keeping the
 * normalized texts in one buffer.  0 when out of memory. */
static int check_entries(struct lint *l, const struct a0l_config_list *list,
                         struct ent *ents, struct cfg_buf *texts)
{
	for (size_t i = 0; i < list->n; i++) {
		struct ent *e = &ents[i];
		e->dup_of = e->near_of = A0L_NONE;
		e->status = auth0logout_url_parse(
		    list->entries[i], list->lens[i], AUTH0LOGOUT_URL_ENTRY,
		    l->url_buf, AUTH0LOGOUT_URL_BUFFER_SIZE, &e->u, NULL);
		if (e->status == AUTH0LOGOUT_E_NOMEM)
			return 0;
		if (e->status != AUTH0LOGOUT_OK)
			continue;
		e->text_off = texts->len;
		if (cfg_buf_add(texts, e->u.text, e->u.len + 1) != 0)
			return 0;
		e->u.text = NULL; /* set once the buffer stops moving */
	}
	return 1;
}

static void lint_list(struct lint *l, size_t client, const char *name,
                      const struct a0l_config_list *list)
{
	size_t n = list->n, production = A0L_NONE;
	struct ent *ents = calloc(n ? n : 1, sizeof *ents);
	struct table exact = {0}, loose = {0};
	struct cfg_buf texts = {NULL, 0, 0};

	l->sum.entries += n;
	l->sum.lists++;
	if (!ents || !table_init(&exact, n) || !table_init(&loose, n)) {
		l->failed = 1;
		goto out;
	}
	if (n > l->max_entries)
		report(l, AUTH0LOGOUT_LINT_TOO_MANY_ENTRIES, AUTH0LOGOUT_OK,
		       client, name, A0L_NONE, NULL, 0, A0L_NONE,
		       "%zu entries; Auth0 accepts at most %zu in one list", n,
		       l->max_entries);
	if (!check_entries(l, list, ents, &texts)) {
		l->failed = 1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct ent *e = &ents[i];
		if (e->status != AUTH0LOGOUT_OK)
			continue;
		e->u.text = texts.p + e->text_off;
		e->http = e->u.special && e->u.scheme_len == 4;
		e->https = e->u.special && e->u.scheme_len == 5;
		e->loopback =
		    e->u.special && e->u.host_len > 0 && loopback_host(e);
		e->dup_of = key_find_add(&exact, ents, i, 0);
		if (e->dup_of == A0L_NONE)
			e->near_of = key_find_add(&loose, ents, i, 1);
		if (production == A0L_NONE && e->u.special && !e->loopback)
			production = i;
	}
	for (size_t i = 0; i < n && !l->failed; i++)
		entry_findings(l, client, name, list, ents, i, production);
out:
	free(texts.p);
	free(ents);
	table_free(&exact);
	table_free(&loose);
}

/* ---- clients ------------------------------------------------------------- */

static uint32_t id_hash(const struct a0l_config_client *c)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < c->client_id_len; i++) {
		h ^= (unsigned char)c->client_id[i];
		h *= 16777619u;
	}
	return h;
}

/* Returns the earlier client with client i's client_id, or adds i and
 * returns A0L_NONE. */
static size_t client_find_add(struct table *t,
                              const struct a0l_config_client *cl, size_t i)
{
	uint32_t h = id_hash(&cl[i]);

	for (size_t s = (size_t)h & t->mask;; s = (s + 1) & t->mask) {
		if (t->slot[s] == 0) {
			t->slot[s] = i + 1;
			t->hash[s] = h;
			return A0L_NONE;
		}
		const struct a0l_config_client *o = &cl[t->slot[s] - 1];
		if (t->hash[s] == h &&
		    o->client_id_len == cl[i].client_id_len &&
		    memcmp(o->client_id, cl[i].client_id, o->client_id_len) ==
		        0)
			return t->slot[s] - 1;
	}
}

/* How messages name client i: its "where", else clients[i] and its
 * client_id.  Clean; the caller frees it. */
static char *client_name(struct lint *l, size_t i)
{
	const struct a0l_config_client *c = &l->cfg->clients[i];
	char buf[320];

	if (c->where)
		return clean_line(l, c->where, strlen(c->where));
	if (c->client_id)
		snprintf(buf, sizeof buf, "clients[%zu] (client_id \"%.*s\")",
		         i,
		         (int)(c->client_id_len > 256 ? 256 : c->client_id_len),
		         c->client_id);
	else
		snprintf(buf, sizeof buf, "clients[%zu]", i);
	return clean_line(l, buf, strnlen(buf, sizeof buf));
}

/* E103's words for a client_id auth0logout_client_id_check refuses. */
static const char *client_id_fault(const struct a0l_config_client *c)
{
	if (c->client_id == NULL)
		return "the client has no client_id";
	switch (
	    auth0logout_client_id_check(c->client_id, c->client_id_len, NULL)) {
	case AUTH0LOGOUT_OK:
		return NULL;
	case AUTH0LOGOUT_E_CLIENT_ID_EMPTY:
		return "the client_id is empty";
	case AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG:
		return "the client_id is longer than 256 bytes";
	default:
		return "the client_id contains a control byte";
	}
}

static void lint_clients(struct lint *l)
{
	const struct auth0logout_config *cfg = l->cfg;
	struct table ids = {0};

	if (!table_init(&ids, cfg->n_clients)) {
		l->failed = 1;
		table_free(&ids);
		return;
	}
	for (size_t i = 0; i < cfg->n_clients && !l->failed; i++) {
		const struct a0l_config_client *c = &cfg->clients[i];
		char *name = client_name(l, i);
		const char *fault = client_id_fault(c);
		if (!name)
			break;
		if (fault) {
			report(l, AUTH0LOGOUT_LINT_INVALID_CLIENT_ID,
			       AUTH0LOGOUT_OK, i, name, A0L_NONE, NULL, 0,
			       A0L_NONE, "%s", fault);
		} else {
			size_t first = client_find_add(&ids, cfg->clients, i);
			if (first != A0L_NONE)
				report(l, AUTH0LOGOUT_LINT_DUPLICATE_CLIENT_ID,
				       AUTH0LOGOUT_OK, i, name, A0L_NONE, NULL,
				       0, first,
				       "the same client_id as clients[%zu]; a "
				       "store holds one list per client_id",
				       first);
		}
		lint_list(l, i, name, &c->list);
		free(name);
	}
	table_free(&ids);
}

/* ---- the whole config ---------------------------------------------------- */

AUTH0LOGOUT_CONFIG_API int
auth0logout_config_lint(const struct auth0logout_config *cfg,
                        size_t max_entries, auth0logout_lint_fn fn, void *ctx,
                        auth0logout_lint_summary *summary)
{
	struct lint l;

	if (summary)
		memset(summary, 0, sizeof *summary);
	if (cfg == NULL)
		return -1;
	memset(&l, 0, sizeof l);
	l.cfg = cfg;
	l.max_entries =
	    max_entries ? max_entries : AUTH0LOGOUT_LINT_MAX_ENTRIES;
	l.fn = fn;
	l.ctx = ctx;
	l.url_buf = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	if (!l.url_buf)
		return -1;
	/* The newest list the system has; the copy built into libpsl
	 * otherwise.  Without either, W202 is not checked. */
	l.psl_owned = psl_latest(NULL);
	l.psl = l.psl_owned ? l.psl_owned : psl_builtin();

	lint_list(&l, A0L_NONE, "tenant", &cfg->tenant);
	if (!l.failed)
		lint_clients(&l);

	psl_free(l.psl_owned);
	free(l.url_buf);
	if (summary)
		*summary = l.sum;
	if (l.failed)
		return -1;
	return l.sum.errors ? 2 : l.sum.warnings ? 1 : 0;
}

AUTH0LOGOUT_CONFIG_API size_t auth0logout_lint_finding_size(void)
{
	return sizeof(auth0logout_lint_finding);
}

AUTH0LOGOUT_CONFIG_API size_t auth0logout_lint_summary_size(void)
{
	return sizeof(auth0logout_lint_summary);
}
