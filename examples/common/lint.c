/*
 * Linting Allowed Logout URLs lists.  See lint.h for the codes and
 * README.md ("Linting allow-lists") for the exact conditions.
 *
 * Each list is linted in two passes, both linear in its length (lists can
 * hold 100,000 entries): the first checks every entry with the library
 * (compiling it as the store would; auth0logout_entry_check then names the
 * status of each refused one), splits the accepted ones into components with
 * uriparser and finds duplicates with hash tables; the second reports, in
 * entry order, what it found.  An entry the library refuses gets only the
 * error (E101): the other checks need its components.
 */
#include "lint.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libpsl.h>
#include <uriparser/Uri.h>

#include "text.h"

#if defined(__GNUC__)
#define A0L_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define A0L_PRINTF(f, a)
#endif

#define NONE ((size_t)-1)
/* At most this many bytes of an entry are shown in a text line. */
#define SHOW_MAX 200
/* Entries compiled at once to find the refused ones (find_refused). */
#define CHECK_WINDOW 256

/* ---- the codes ----------------------------------------------------------- */

struct code_info {
	const char *id;
	const char *slug;
	int severity;
	const char *rule;
};

static const struct code_info codes[A0L_LINT_N_CODES] = {
    [A0L_LINT_INVALID_ENTRY] = {"E101", "invalid-entry", A0L_LINT_ERROR, NULL},
    [A0L_LINT_DUPLICATE_CLIENT_ID] = {"E102", "duplicate-client-id",
                                      A0L_LINT_ERROR, NULL},
    [A0L_LINT_INVALID_CLIENT_ID] = {"E103", "invalid-client-id", A0L_LINT_ERROR,
                                    "R1.7"},
    [A0L_LINT_HTTP_NOT_LOOPBACK] = {"W201", "http-not-loopback",
                                    A0L_LINT_WARNING, NULL},
    [A0L_LINT_WILDCARD_PUBLIC_SUFFIX] = {"W202", "wildcard-public-suffix",
                                         A0L_LINT_WARNING, "R5.5"},
    [A0L_LINT_WILDCARD_FIRST_ENTRY] = {"W203", "wildcard-first-entry",
                                       A0L_LINT_WARNING, "R3.4"},
    [A0L_LINT_DUPLICATE_ENTRY] = {"W204", "duplicate-entry", A0L_LINT_WARNING,
                                  "R4.8"},
    [A0L_LINT_NEAR_DUPLICATE] = {"W205", "near-duplicate", A0L_LINT_WARNING,
                                 "R4.6/R4.8"},
    [A0L_LINT_QUERY_OR_FRAGMENT] = {"W206", "query-or-fragment",
                                    A0L_LINT_WARNING, "R4.9"},
    [A0L_LINT_TOO_MANY_ENTRIES] = {"W207", "too-many-entries", A0L_LINT_WARNING,
                                   NULL},
    [A0L_LINT_LOOPBACK_WITH_PRODUCTION] = {"W208", "loopback-with-production",
                                           A0L_LINT_WARNING, NULL},
    [A0L_LINT_SCHEME_TYPO] = {"W209", "scheme-typo", A0L_LINT_WARNING, "R4.3"},
};

const char *a0l_lint_code_id(int code)
{
	return code >= 0 && code < A0L_LINT_N_CODES ? codes[code].id : NULL;
}

const char *a0l_lint_code_slug(int code)
{
	return code >= 0 && code < A0L_LINT_N_CODES ? codes[code].slug : NULL;
}

int a0l_lint_code_severity(int code)
{
	return code >= 0 && code < A0L_LINT_N_CODES ? codes[code].severity : 0;
}

const char *a0l_lint_status_rule(int status)
{
	switch (status) {
	case AUTH0LOGOUT_E_URL_TOO_LONG:
		return "R1.8";
	case AUTH0LOGOUT_E_URL_CONTROL:
	case AUTH0LOGOUT_E_URL_BACKSLASH:
	case AUTH0LOGOUT_E_URL_SPACE:
		return "R4.1";
	case AUTH0LOGOUT_E_URL_NO_SCHEME:
	case AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME:
		return "R4.2";
	case AUTH0LOGOUT_E_URL_NO_HOST:
		return "R4.3";
	case AUTH0LOGOUT_E_URL_USERINFO:
		return "R4.4";
	case AUTH0LOGOUT_E_URL_BAD_HOST:
	case AUTH0LOGOUT_E_URL_BAD_PUNYCODE:
		return "R4.5";
	case AUTH0LOGOUT_E_URL_BAD_PORT:
		return "R4.6";
	case AUTH0LOGOUT_E_URL_BAD_CHAR:
	case AUTH0LOGOUT_E_URL_SYNTAX:
	case AUTH0LOGOUT_E_URL_TOO_COMPLEX:
		return "R4.7";
	case AUTH0LOGOUT_E_ENTRY_NO_SCHEME:
		return "R5.2";
	case AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE:
		return "R5.6";
	case AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD:
		return "R5.5";
	case AUTH0LOGOUT_E_ENTRY_EMPTY:
		return "R5.1";
	default:
		return NULL;
	}
}

/* ---- ASCII helpers (no <ctype.h>: it depends on the locale) -------------- */

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static int eq_nocase(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

static int is_word(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && eq_nocase(s, w, n);
}

/* ---- one entry's components -------------------------------------------------
 *
 * Offsets are into norm, the entry with the bytes R4.7 percent-encodes
 * encoded, as the library matches it. */

struct ent {
	int status;        /* auth0logout_entry_check */
	int parsed;        /* components below are valid */
	char *norm;        /* NUL-terminated */
	size_t scheme_len; /* norm[0..scheme_len) */
	int has_authority, ip6, has_port, wildcard, has_query_or_fragment;
	size_t host_off, host_len; /* IPv6 without brackets */
	size_t port_off, port_len;
	size_t path_off, path_len;
	int http, https, loopback;
	size_t dup_of, near_of; /* earlier entry, or NONE */
};

static int needs_encoding(unsigned char c)
{
	return c == ' ' || c == '"' || c == '<' || c == '>' || c == '{' ||
	       c == '}' || c == '|' || c == '^' || c == '`' || c >= 0x80;
}

static size_t range_off(const char *base, const char *p)
{
	return (size_t)(p - base);
}

/* 1 if the host (lower-case, n bytes, IPv6 without brackets) is loopback:
 * localhost, *.localhost, 127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104. */
static int loopback_host(const char *h, size_t n, int ip6)
{
	char buf[64];
	unsigned char a[16];

	if (!ip6 && (is_word(h, n, "localhost") ||
	             (n > 10 && is_word(h + n - 10, 10, ".localhost"))))
		return 1;
	if (n >= sizeof buf)
		return 0;
	memcpy(buf, h, n);
	buf[n] = '\0';
	if (ip6) {
		static const unsigned char one[16] = {[15] = 1};
		static const unsigned char mapped[12] = {
		    [10] = 0xff, [11] = 0xff};
		if (inet_pton(AF_INET6, buf, a) != 1)
			return 0;
		return memcmp(a, one, 16) == 0 ||
		       (memcmp(a, mapped, 12) == 0 && a[12] == 127);
	}
	return inet_pton(AF_INET, buf, a) == 1 && a[0] == 127;
}

/* Splits an entry that auth0logout_entry_check accepted into components,
 * with uriparser, after the same R4.7 encoding the library applies (an
 * accepted entry has such bytes only in path, query and fragment).
 * Returns 0 when out of memory; e->parsed stays 0 if uriparser disagrees
 * (then the component checks skip the entry). */
static int parse_entry(const char *s, size_t n, struct ent *e)
{
	static const char hex[] = "0123456789ABCDEF";
	char *norm = malloc(3 * n + 1);
	size_t o = 0;
	UriUriA uri;
	const char *err = NULL;

	if (!norm)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (needs_encoding(c)) {
			norm[o++] = '%';
			norm[o++] = hex[c >> 4];
			norm[o++] = hex[c & 15];
		} else {
			norm[o++] = (char)c;
		}
	}
	norm[o] = '\0';
	e->norm = norm;
	if (uriParseSingleUriExA(&uri, norm, norm + o, &err) != URI_SUCCESS)
		return 1;
	if (uri.scheme.first != norm || uri.scheme.afterLast == NULL)
		goto done;
	e->scheme_len = range_off(norm, uri.scheme.afterLast);
	e->http = is_word(norm, e->scheme_len, "http");
	e->https = is_word(norm, e->scheme_len, "https");

	size_t auth_end = e->scheme_len + 1;
	e->has_authority = uri.hostText.first != NULL;
	if (e->has_authority) {
		/* uriparser points an empty host ("myapp://") at a static
		 * string: only trust a range inside norm. */
		e->host_off = e->scheme_len + 3;
		if (uri.hostText.first >= norm &&
		    uri.hostText.afterLast <= norm + o) {
			e->host_off = range_off(norm, uri.hostText.first);
			e->host_len = (size_t)(uri.hostText.afterLast -
			                       uri.hostText.first);
		}
		auth_end = e->host_off + e->host_len;
		e->ip6 = uri.hostData.ip6 != NULL;
		if (e->ip6)
			auth_end++; /* ']' */
		if (uri.portText.first) {
			e->has_port = 1;
			e->port_off = range_off(norm, uri.portText.first);
			e->port_len = (size_t)(uri.portText.afterLast -
			                       uri.portText.first);
			auth_end = e->port_off + e->port_len;
		}
		e->wildcard =
		    memchr(norm + e->host_off, '*', e->host_len) != NULL;
		for (size_t i = e->host_off; i < e->host_off + e->host_len; i++)
			norm[i] = (char)lower((unsigned char)norm[i]);
		e->loopback =
		    (e->http || e->https) && e->host_len > 0 &&
		    loopback_host(norm + e->host_off, e->host_len, e->ip6);
	}
	size_t path_end = o;
	if (uri.query.first)
		path_end = range_off(norm, uri.query.first) - 1;
	else if (uri.fragment.first)
		path_end = range_off(norm, uri.fragment.first) - 1;
	if (path_end < auth_end)
		goto done;
	e->path_off = auth_end;
	e->path_len = path_end - auth_end;
	e->has_query_or_fragment = path_end < o;
	e->parsed = 1;
done:
	uriFreeUriMembersA(&uri);
	return 1;
}

/* ---- comparison keys --------------------------------------------------------
 *
 * Exact (W204): R4.8, as the library indexes entries -- scheme and host
 * case-insensitive (the host is lower-cased in norm already), port as
 * written, path exact; query and fragment ignored (R4.9).  Loose (W205):
 * the same with a default port (:443 for https, :80 for http) dropped and
 * one trailing '/' of the path dropped. */

struct key {
	const char *text;
	size_t scheme_len;
	int has_authority;
	size_t host_off, host_len;
	int has_port;
	size_t port_off, port_len;
	size_t path_off, path_len;
};

static int default_port(const struct ent *e)
{
	const char *p = e->norm + e->port_off;
	return e->has_port &&
	       ((e->https && e->port_len == 3 && memcmp(p, "443", 3) == 0) ||
	        (e->http && e->port_len == 2 && memcmp(p, "80", 2) == 0));
}

static int trailing_slash(const struct ent *e)
{
	return e->path_len > 0 && e->norm[e->path_off + e->path_len - 1] == '/';
}

static struct key key_of(const struct ent *e, int loose)
{
	struct key k = {e->norm,     e->scheme_len, e->has_authority,
	                e->host_off, e->host_len,   e->has_port,
	                e->port_off, e->port_len,   e->path_off,
	                e->path_len};
	if (loose && default_port(e))
		k.has_port = 0, k.port_len = 0;
	if (loose && trailing_slash(e))
		k.path_len--;
	return k;
}

static uint64_t fnv(uint64_t h, const char *s, size_t n, int fold)
{
	for (size_t i = 0; i < n; i++) {
		h ^= fold ? lower((unsigned char)s[i]) : (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t key_hash(const struct key *k)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = fnv(h, k->text, k->scheme_len, 1);
	h = fnv(h, k->has_authority ? "\x01" : "\x02", 1, 0);
	h = fnv(h, k->text + k->host_off, k->host_len, 0);
	h = fnv(h, k->has_port ? "\x01" : "\x02", 1, 0);
	h = fnv(h, k->text + k->port_off, k->port_len, 0);
	h = fnv(h, "\x03", 1, 0);
	h = fnv(h, k->text + k->path_off, k->path_len, 0);
	return h;
}

static int key_eq(const struct key *a, const struct key *b)
{
	return a->scheme_len == b->scheme_len &&
	       eq_nocase(a->text, b->text, a->scheme_len) &&
	       a->has_authority == b->has_authority &&
	       a->host_len == b->host_len &&
	       memcmp(a->text + a->host_off, b->text + b->host_off,
	              a->host_len) == 0 &&
	       a->has_port == b->has_port && a->port_len == b->port_len &&
	       memcmp(a->text + a->port_off, b->text + b->port_off,
	              a->port_len) == 0 &&
	       a->path_len == b->path_len &&
	       memcmp(a->text + a->path_off, b->text + b->path_off,
	              a->path_len) == 0;
}

/* An open-addressing set of entry indexes + 1 (0: empty), by key. */
struct table {
	size_t *slot;
	uint64_t *hash;
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
 * NONE. */
static size_t table_find_add(struct table *t, const struct ent *ents, size_t i,
                             int loose)
{
	struct key k = key_of(&ents[i], loose);
	uint64_t h = key_hash(&k);

	for (size_t s = (size_t)h & t->mask;; s = (s + 1) & t->mask) {
		if (t->slot[s] == 0) {
			t->slot[s] = i + 1;
			t->hash[s] = h;
			return NONE;
		}
		if (t->hash[s] == h) {
			struct key o = key_of(&ents[t->slot[s] - 1], loose);
			if (key_eq(&k, &o))
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
			size_t cost =
			    lower((unsigned char)a[i - 1]) != b[j - 1];
			size_t v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 &&
			    lower((unsigned char)a[i - 1]) == b[j - 2] &&
			    lower((unsigned char)a[i - 2]) == b[j - 1] &&
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
	if (n < 2 || n > 7 || is_word(s, n, "http") || is_word(s, n, "https"))
		return 0;
	size_t d = osa(s, n, "http", 4);
	size_t d2 = osa(s, n, "https", 5);
	if (d2 < d)
		d = d2;
	return d <= 1 || (d == 2 && n >= 5);
}

/* ---- reporting ----------------------------------------------------------- */

struct lint {
	const struct a0l_config *cfg;
	const struct a0l_lint_options *opt;
	FILE *out;
	const char *source; /* cleaned */
	const psl_ctx_t *psl;
	psl_ctx_t *psl_owned;
	json_t *findings; /* JSON format */
	size_t errors, warnings, entries;
	int failed;
};

/* Appends the n bytes at s to a text line: quoted, valid UTF-8, '"' and
 * '\' escaped, control bytes as \xNN, cut after SHOW_MAX bytes. */
static void put_quoted(struct lint *l, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len, shown;
	char *c = a0l_text_clean(s, n, 0, &len);

	if (!c) {
		l->failed = 1;
		return;
	}
	shown = len;
	if (shown > SHOW_MAX) {
		shown = SHOW_MAX;
		while (shown > 0 && ((unsigned char)c[shown] & 0xC0) == 0x80)
			shown--;
	}
	fputc('"', l->out);
	for (size_t i = 0; i < shown; i++) {
		unsigned char b = (unsigned char)c[i];
		if (b == '"' || b == '\\') {
			fputc('\\', l->out);
			fputc(b, l->out);
		} else if (b < 0x20 || b == 0x7f) {
			fputs("\\x", l->out);
			fputc(hex[b >> 4], l->out);
			fputc(hex[b & 15], l->out);
		} else {
			fputc(b, l->out);
		}
	}
	fputs(shown < len ? "\"..." : "\"", l->out);
	free(c);
}

/* A cleaned copy for output: valid UTF-8; with A0L_TEXT_NO_CONTROL also
 * free of control bytes (and NULs). */
static char *clean(struct lint *l, const char *s, size_t n, unsigned flags,
                   size_t *len)
{
	char *c = a0l_text_clean(s, n, flags, len);
	if (!c)
		l->failed = 1;
	return c;
}

static json_t *jstr(struct lint *l, const char *s, size_t n)
{
	size_t len;
	char *c;
	json_t *j;

	if (s == NULL)
		return json_null();
	c = clean(l, s, n, 0, &len);
	if (!c)
		return json_null();
	j = json_stringn(c, len);
	free(c);
	if (!j)
		l->failed = 1;
	return j ? j : json_null();
}

static json_t *jsize(size_t v)
{
	return v == NONE ? json_null() : json_integer((json_int_t)v);
}

static void add_json(struct lint *l, const struct a0l_lint_finding *f)
{
	const struct a0l_config_client *c =
	    f->client == NONE ? NULL : &l->cfg->clients[f->client];
	json_t *o = json_object();

	if (!o) {
		l->failed = 1;
		return;
	}
	json_object_set_new(o, "code", json_string(f->id));
	json_object_set_new(o, "slug", json_string(f->slug));
	json_object_set_new(
	    o, "severity",
	    json_string(f->severity == A0L_LINT_ERROR ? "error" : "warning"));
	json_object_set_new(o, "rule",
	                    f->rule ? json_string(f->rule) : json_null());
	json_object_set_new(
	    o, "status",
	    f->code == A0L_LINT_INVALID_ENTRY
	        ? json_string(auth0logout_status_name(f->status))
	        : json_null());
	json_object_set_new(o, "list", json_string(c ? "client" : "tenant"));
	json_object_set_new(o, "client_index", jsize(f->client));
	json_object_set_new(o, "client_id",
	                    c ? jstr(l, c->client_id, c->client_id_len)
	                      : json_null());
	json_object_set_new(o, "name",
	                    c ? jstr(l, c->name, c->name_len) : json_null());
	json_object_set_new(o, "where", json_string(f->list));
	json_object_set_new(o, "index", jsize(f->index));
	json_object_set_new(o, "entry", jstr(l, f->entry, f->entry_len));
	json_object_set_new(o, "related", jsize(f->related));
	json_object_set_new(o, "message", json_string(f->message));
	if (json_array_append_new(l->findings, o) != 0)
		l->failed = 1;
}

static void report(struct lint *l, enum a0l_lint_code code, int status,
                   size_t client, const char *list, size_t index,
                   const char *entry, size_t entry_len, size_t related,
                   const char *fmt, ...) A0L_PRINTF(10, 11);

/* Reports one finding: counts it, hands it to the callback and prints it
 * (text) or keeps it (JSON).  list is already cleaned. */
static void report(struct lint *l, enum a0l_lint_code code, int status,
                   size_t client, const char *list, size_t index,
                   const char *entry, size_t entry_len, size_t related,
                   const char *fmt, ...)
{
	char raw[768];
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vsnprintf(raw, sizeof raw, fmt, ap) < 0)
		raw[0] = '\0';
	va_end(ap);
	msg = clean(l, raw, strlen(raw), A0L_TEXT_NO_CONTROL, NULL);
	if (!msg)
		return;

	struct a0l_lint_finding f = {code,
	                             codes[code].id,
	                             codes[code].slug,
	                             codes[code].severity,
	                             codes[code].rule,
	                             status,
	                             client,
	                             list,
	                             index,
	                             entry,
	                             entry_len,
	                             related,
	                             msg};
	if (code == A0L_LINT_INVALID_ENTRY)
		f.rule = a0l_lint_status_rule(status);
	if (f.severity == A0L_LINT_ERROR)
		l->errors++;
	else
		l->warnings++;
	if (l->opt->on_finding)
		l->opt->on_finding(l->opt->ctx, &f);

	if (l->out && l->findings) {
		add_json(l, &f);
	} else if (l->out) {
		fprintf(l->out, "%s: %s: ", l->source, list);
		if (index != NONE) {
			fprintf(l->out, "allowed_logout_urls[%zu] ", index);
			put_quoted(l, entry, entry_len);
			fputs(": ", l->out);
		}
		fprintf(l->out, "%s %s %s: %s",
		        f.severity == A0L_LINT_ERROR ? "error" : "warning",
		        f.id, f.slug, msg);
		if (f.rule)
			fprintf(l->out, " (%s)", f.rule);
		fputc('\n', l->out);
	}
	free(msg);
}

/* ---- one list ------------------------------------------------------------ */

static size_t max_entries(const struct lint *l)
{
	return l->opt->max_entries ? l->opt->max_entries : A0L_LINT_MAX_ENTRIES;
}

/* The host of entry e as text, for messages. */
#define HOST(e) (int)(e)->host_len, (e)->norm + (e)->host_off

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
		auth0logout_diag diag;
		int st = auth0logout_entry_check(s, n, &diag);
		if (st == AUTH0LOGOUT_OK)
			return; /* cannot happen: the same check */
		report(l, A0L_LINT_INVALID_ENTRY, st, client, name, i, s, n,
		       NONE, "%s: %s", auth0logout_status_name(st),
		       diag.text[0] ? diag.text
		                    : auth0logout_status_message(st));
		return;
	}
	if (!e->parsed)
		return;

	if (e->http && !e->loopback)
		REPORT(A0L_LINT_HTTP_NOT_LOOPBACK, NONE,
		       "plain http to %.*s: the redirect (and anything in "
		       "its URL) travels unencrypted; use https",
		       HOST(e));
	if (e->wildcard) {
		const char *dot =
		    memchr(e->norm + e->host_off, '.', e->host_len);
		if (dot && l->psl) {
			size_t plen = e->host_off + e->host_len -
			              range_off(e->norm, dot + 1);
			char *parent = strndup(dot + 1, plen);
			if (!parent) {
				l->failed = 1;
			} else {
				if (psl_is_public_suffix2(l->psl, parent,
				                          PSL_TYPE_ANY))
					REPORT(A0L_LINT_WILDCARD_PUBLIC_SUFFIX,
					       NONE,
					       "the wildcard stands directly "
					       "over the public suffix \"%s\": "
					       "anyone can register a name "
					       "under it",
					       parent);
				free(parent);
			}
		}
		if (i == 0 && client != NONE)
			REPORT(A0L_LINT_WILDCARD_FIRST_ENTRY, NONE,
			       "the first entry is the default redirect when "
			       "returnTo is absent; a wildcard gives none, so "
			       "logout ends on the logged-out page");
	}
	if (e->dup_of != NONE) {
		const struct ent *o = &ents[e->dup_of];
		int same = o->parsed && list->lens[e->dup_of] == n &&
		           memcmp(list->entries[e->dup_of], s, n) == 0;
		REPORT(A0L_LINT_DUPLICATE_ENTRY, e->dup_of,
		       "the same entry as allowed_logout_urls[%zu]%s",
		       e->dup_of,
		       same ? ""
		       : (e->has_query_or_fragment || o->has_query_or_fragment)
		           ? " for matching (query and fragment are ignored, "
		             "scheme and host compare case-insensitively)"
		           : " (scheme and host compare case-insensitively)");
	} else if (e->near_of != NONE) {
		const struct ent *o = &ents[e->near_of];
		int port = default_port(e) != default_port(o);
		int slash = trailing_slash(e) != trailing_slash(o);
		REPORT(A0L_LINT_NEAR_DUPLICATE, e->near_of,
		       "differs from allowed_logout_urls[%zu] only by %s%s%s; "
		       "entries compare exactly, so these are two entries: "
		       "keep the one your app sends (or both on purpose)",
		       e->near_of, slash ? "a trailing slash" : "",
		       slash && port ? " and " : "",
		       port ? (e->https ? "the default port :443"
		                        : "the default port :80")
		            : "");
	}
	if (e->has_query_or_fragment)
		REPORT(A0L_LINT_QUERY_OR_FRAGMENT, NONE,
		       "the query and fragment of an entry are ignored when "
		       "matching: any returnTo with this path matches");
	if (e->loopback && production != NONE)
		REPORT(A0L_LINT_LOOPBACK_WITH_PRODUCTION, production,
		       "a loopback entry in a list that also has production "
		       "hosts (allowed_logout_urls[%zu]); keep development "
		       "URLs in a separate application",
		       production);
	if (!e->http && !e->https && scheme_typo(e->norm, e->scheme_len))
		REPORT(A0L_LINT_SCHEME_TYPO, NONE,
		       "the scheme \"%.*s\" looks like a typo of http or "
		       "https; as written it is a custom (native-app) scheme",
		       (int)e->scheme_len, e->norm);
#undef REPORT
}

/* Marks the entries the library refuses (ents[i].status, which the caller
 * zeroed).  Compiling the list as the store would, in windows of at most
 * CHECK_WINDOW entries and again after each refused entry, checks each
 * entry once with the same code as auth0logout_entry_check but without its
 * parser buffers per entry: for 100,000 valid entries ~0.3 s instead of
 * ~6 s, mostly the kernel growing and trimming the heap.  The window keeps
 * the cost per refused entry constant.  Returns 0 when out of memory. */
static int find_refused(const struct a0l_config_list *list, struct ent *ents)
{
	size_t start = 0, n = list->n;

	while (start < n) {
		auth0logout_allowlist *al = NULL;
		auth0logout_diag diag;
		size_t w = n - start < CHECK_WINDOW ? n - start : CHECK_WINDOW;
		int st = auth0logout_allowlist_compile_array(
		    (const char *const *)list->entries + start,
		    list->lens + start, w, &al, &diag);

		auth0logout_allowlist_free(al);
		if (st == AUTH0LOGOUT_OK) {
			start += w;
			continue;
		}
		if (st == AUTH0LOGOUT_E_NOMEM || diag.index >= w)
			return 0;
		ents[start + diag.index].status = st;
		start += diag.index + 1;
	}
	return 1;
}

static void lint_list(struct lint *l, size_t client, const char *name,
                      const struct a0l_config_list *list)
{
	size_t n = list->n, production = NONE;
	struct ent *ents = calloc(n ? n : 1, sizeof *ents);
	struct table exact = {0}, loose = {0};

	l->entries += n;
	if (!ents || !table_init(&exact, n) || !table_init(&loose, n)) {
		l->failed = 1;
		goto out;
	}
	if (n > max_entries(l))
		report(l, A0L_LINT_TOO_MANY_ENTRIES, AUTH0LOGOUT_OK, client,
		       name, NONE, NULL, 0, NONE,
		       "%zu entries; Auth0 accepts at most %zu in one list", n,
		       max_entries(l));

	if (!find_refused(list, ents)) {
		l->failed = 1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct ent *e = &ents[i];
		e->dup_of = e->near_of = NONE;
		if (e->status != AUTH0LOGOUT_OK)
			continue;
		if (!parse_entry(list->entries[i], list->lens[i], e)) {
			l->failed = 1;
			goto out;
		}
		if (!e->parsed)
			continue;
		e->dup_of = table_find_add(&exact, ents, i, 0);
		if (e->dup_of == NONE)
			e->near_of = table_find_add(&loose, ents, i, 1);
		if (production == NONE && (e->http || e->https) && !e->loopback)
			production = i;
	}
	for (size_t i = 0; i < n; i++)
		entry_findings(l, client, name, list, ents, i, production);
out:
	if (ents)
		for (size_t i = 0; i < n; i++)
			free(ents[i].norm);
	free(ents);
	table_free(&exact);
	table_free(&loose);
}

/* ---- clients ------------------------------------------------------------- */

static int bad_client_id(const struct a0l_config_client *c)
{
	if (c->client_id == NULL || c->client_id_len == 0 ||
	    c->client_id_len > AUTH0LOGOUT_MAX_CLIENT_ID)
		return 1;
	for (size_t i = 0; i < c->client_id_len; i++) {
		unsigned char b = (unsigned char)c->client_id[i];
		if (b < 0x20 || b == 0x7f)
			return 1;
	}
	return 0;
}

static uint64_t id_hash(const struct a0l_config_client *c)
{
	return fnv(0xcbf29ce484222325ull, c->client_id, c->client_id_len, 0);
}

/* Returns the earlier client with client i's client_id, or adds i and
 * returns NONE. */
static size_t client_find_add(struct table *t,
                              const struct a0l_config_client *cl, size_t i)
{
	uint64_t h = id_hash(&cl[i]);

	for (size_t s = (size_t)h & t->mask;; s = (s + 1) & t->mask) {
		if (t->slot[s] == 0) {
			t->slot[s] = i + 1;
			t->hash[s] = h;
			return NONE;
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
 * client_id.  Cleaned; the caller frees it. */
static char *client_name(struct lint *l, size_t i)
{
	const struct a0l_config_client *c = &l->cfg->clients[i];
	char buf[320];

	if (c->where)
		return clean(l, c->where, strlen(c->where), A0L_TEXT_NO_CONTROL,
		             NULL);
	if (c->client_id)
		snprintf(buf, sizeof buf, "clients[%zu] (client_id \"%.*s\")",
		         i,
		         (int)(c->client_id_len > 256 ? 256 : c->client_id_len),
		         c->client_id);
	else
		snprintf(buf, sizeof buf, "clients[%zu]", i);
	return clean(l, buf, strnlen(buf, sizeof buf), A0L_TEXT_NO_CONTROL,
	             NULL);
}

static void lint_clients(struct lint *l)
{
	const struct a0l_config *cfg = l->cfg;
	struct table ids = {0};

	if (!table_init(&ids, cfg->n_clients)) {
		l->failed = 1;
		table_free(&ids);
		return;
	}
	for (size_t i = 0; i < cfg->n_clients && !l->failed; i++) {
		const struct a0l_config_client *c = &cfg->clients[i];
		char *name = client_name(l, i);
		if (!name)
			break;
		if (bad_client_id(c)) {
			report(l, A0L_LINT_INVALID_CLIENT_ID, AUTH0LOGOUT_OK, i,
			       name, NONE, NULL, 0, NONE, "%s",
			       c->client_id == NULL ? "the client has no "
			                              "client_id"
			       : c->client_id_len == 0
			           ? "the client_id is empty"
			       : c->client_id_len > AUTH0LOGOUT_MAX_CLIENT_ID
			           ? "the client_id is longer than 256 bytes"
			           : "the client_id contains a control byte");
		} else {
			size_t first = client_find_add(&ids, cfg->clients, i);
			if (first != NONE)
				report(l, A0L_LINT_DUPLICATE_CLIENT_ID,
				       AUTH0LOGOUT_OK, i, name, NONE, NULL, 0,
				       first,
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

static void summary_text(struct lint *l, size_t lists)
{
	if (l->errors == 0 && l->warnings == 0)
		fprintf(l->out, "%s: no problems", l->source);
	else
		fprintf(l->out, "%s: %zu error%s, %zu warning%s", l->source,
		        l->errors, l->errors == 1 ? "" : "s", l->warnings,
		        l->warnings == 1 ? "" : "s");
	fprintf(l->out, " in %zu list%s (%zu entr%s)\n", lists,
	        lists == 1 ? "" : "s", l->entries,
	        l->entries == 1 ? "y" : "ies");
}

static void summary_json(struct lint *l, size_t lists, int status)
{
	json_t *root = json_object();

	if (!root) {
		l->failed = 1;
		return;
	}
	json_object_set_new(root, "source", json_string(l->source));
	json_object_set_new(root, "exit_status", json_integer(status));
	json_object_set_new(root, "errors",
	                    json_integer((json_int_t)l->errors));
	json_object_set_new(root, "warnings",
	                    json_integer((json_int_t)l->warnings));
	json_object_set_new(root, "lists", json_integer((json_int_t)lists));
	json_object_set_new(root, "entries",
	                    json_integer((json_int_t)l->entries));
	json_object_set(root, "findings", l->findings);
	if (json_dumpf(root, l->out, JSON_COMPACT) != 0 ||
	    fputc('\n', l->out) == EOF)
		l->failed = 1;
	json_decref(root);
}

int a0l_lint(const struct a0l_config *cfg, const struct a0l_lint_options *opt,
             FILE *out)
{
	static const struct a0l_lint_options defaults = {0};
	struct lint l = {0};
	const char *src;
	char *source;
	int status;

	if (cfg == NULL)
		return -1;
	l.cfg = cfg;
	l.opt = opt ? opt : &defaults;
	l.out = out;
	src = cfg->source ? cfg->source : "config";
	source = clean(&l, src, strlen(src), A0L_TEXT_NO_CONTROL, NULL);
	if (!source)
		return -1;
	l.source = source;
	if (out && l.opt->format == A0L_LINT_FORMAT_JSON) {
		l.findings = json_array();
		if (!l.findings) {
			free(source);
			return -1;
		}
	}
	/* The newest list the system has; the copy built into libpsl
	 * otherwise.  Without either, W202 is not checked. */
	l.psl_owned = psl_latest(NULL);
	l.psl = l.psl_owned ? l.psl_owned : psl_builtin();

	lint_list(&l, NONE, "tenant", &cfg->tenant);
	if (!l.failed)
		lint_clients(&l);

	status = l.errors ? 2 : l.warnings ? 1 : 0;
	if (out && !l.failed) {
		if (l.findings)
			summary_json(&l, 1 + cfg->n_clients, status);
		else if (!l.opt->no_summary)
			summary_text(&l, 1 + cfg->n_clients);
	}
	if (out && (fflush(out) != 0 || ferror(out)))
		l.failed = 1;
	json_decref(l.findings);
	psl_free(l.psl_owned);
	free(source);
	return l.failed ? -1 : status;
}
