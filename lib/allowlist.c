/*
 * R5: compile allow-list entries once, index them, match a URL.
 *
 * Exact entries are indexed by their comparison key (R4.8: scheme and host
 * case-insensitively, port as written, path exactly); wildcard entries by
 * the same key with the host's first label dropped, so a returnTo is looked
 * up by dropping its own first label and then checked against the label's
 * prefix and suffix (R5.4).  When several entries match, the first in list
 * order wins.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	char *raw; /* as written, NUL-terminated */
	size_t raw_len;
	char *norm; /* normalized (R4.7), NUL-terminated; u points into it */
	a0l_url u;
	size_t prefix_len, suffix_len; /* wildcard label around the '*' */
	uint64_t key_hash;
};

struct auth0logout_allowlist {
	size_t n;
	struct entry *e;
	/* Open-addressing tables of entry index + 1 (0: empty slot). */
	uint32_t *exact;
	size_t exact_mask;
	uint32_t *wild;
	size_t wild_mask;
	uint32_t *wild_next; /* chain of wildcard entries with one key */
};

/* ---- keys -------------------------------------------------------------- */

/* A comparison key: scheme, host (or the wildcard's parent domain), port,
 * path, as ranges of a normalized URL. */
struct key {
	const char *text;
	size_t scheme_len;
	int has_authority;
	size_t host_off, host_len;
	int has_port;
	size_t port_off, port_len;
	size_t path_off, path_len;
};

static struct key key_of(const a0l_url *u, int parent_only)
{
	struct key k = {u->text,     u->scheme_len, u->has_authority,
	                u->host_off, u->host_len,   u->has_port,
	                u->port_off, u->port_len,   u->path_off,
	                u->path_len};
	if (parent_only) {
		k.host_len = u->host_off + u->host_len - u->parent_off;
		k.host_off = u->parent_off;
	}
	return k;
}

static uint64_t fnv(uint64_t h, const char *s, size_t n, int fold)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		h ^= fold ? a0l_lower(c) : c;
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t key_hash(const struct key *k)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = fnv(h, k->text, k->scheme_len, 1);
	h = fnv(h, k->has_authority ? "\x01" : "\x02", 1, 0);
	h = fnv(h, k->text + k->host_off, k->host_len, 1);
	h = fnv(h, k->has_port ? "\x01" : "\x02", 1, 0);
	h = fnv(h, k->text + k->port_off, k->port_len, 0);
	h = fnv(h, "\x03", 1, 0);
	h = fnv(h, k->text + k->path_off, k->path_len, 0);
	return h;
}

static int key_eq(const struct key *a, const struct key *b)
{
	return a->scheme_len == b->scheme_len &&
	       a0l_eq_nocase(a->text, b->text, a->scheme_len) &&
	       a->has_authority == b->has_authority &&
	       a->host_len == b->host_len &&
	       a0l_eq_nocase(a->text + a->host_off, b->text + b->host_off,
	                     a->host_len) &&
	       a->has_port == b->has_port && a->port_len == b->port_len &&
	       memcmp(a->text + a->port_off, b->text + b->port_off,
	              a->port_len) == 0 &&
	       a->path_len == b->path_len &&
	       memcmp(a->text + a->path_off, b->text + b->path_off,
	              a->path_len) == 0;
}

/* ---- building ------------------------------------------------------------ */

AUTH0LOGOUT_API void auth0logout_allowlist_free(auth0logout_allowlist *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		free(list->e[i].raw);
		free(list->e[i].norm);
	}
	free(list->e);
	free(list->exact);
	free(list->wild);
	free(list->wild_next);
	free(list);
}

/* Checks one entry into *e (allocating its texts). */
static auth0logout_status compile_entry(const char *s, size_t n,
                                        struct entry *e, char *norm,
                                        void *arena, auth0logout_diag *diag)
{
	memset(e, 0, sizeof *e);
	if (n == 0)
		return a0l_fail(diag, AUTH0LOGOUT_E_ENTRY_EMPTY, 0,
		                "the entry is empty");
	auth0logout_status st =
	    a0l_url_check(s, n, 1, norm, arena, &e->u, diag);
	if (st != AUTH0LOGOUT_OK)
		return st;
	e->raw = malloc(n + 1);
	e->norm = malloc(e->u.len + 1);
	if (!e->raw || !e->norm) {
		free(e->raw);
		free(e->norm);
		e->raw = e->norm = NULL;
		return a0l_fail(diag, AUTH0LOGOUT_E_NOMEM, 0, "out of memory");
	}
	memcpy(e->raw, s, n);
	e->raw[n] = '\0';
	e->raw_len = n;
	memcpy(e->norm, norm, e->u.len + 1);
	e->u.text = e->norm;
	if (e->u.wildcard) {
		e->prefix_len = e->u.star_off - e->u.host_off;
		e->suffix_len = e->u.parent_off - 1 - e->u.star_off - 1;
	}
	struct key k = key_of(&e->u, e->u.wildcard);
	e->key_hash = key_hash(&k);
	return AUTH0LOGOUT_OK;
}

static size_t table_size(size_t n)
{
	size_t cap = 8;
	while (cap < 2 * n)
		cap *= 2;
	return cap;
}

static auth0logout_status build_index(auth0logout_allowlist *l)
{
	size_t cap = table_size(l->n);
	l->exact = calloc(cap, sizeof *l->exact);
	l->wild = calloc(cap, sizeof *l->wild);
	l->wild_next = calloc(l->n ? l->n : 1, sizeof *l->wild_next);
	if (!l->exact || !l->wild || !l->wild_next)
		return AUTH0LOGOUT_E_NOMEM;
	l->exact_mask = l->wild_mask = cap - 1;

	/* Walk backwards so that each chain ends up in list order. */
	for (size_t i = l->n; i-- > 0;) {
		struct entry *e = &l->e[i];
		struct key k = key_of(&e->u, e->u.wildcard);
		uint32_t *table = e->u.wildcard ? l->wild : l->exact;
		size_t mask = e->u.wildcard ? l->wild_mask : l->exact_mask;
		size_t slot = (size_t)e->key_hash & mask;
		for (;; slot = (slot + 1) & mask) {
			if (table[slot] == 0) {
				table[slot] = (uint32_t)(i + 1);
				break;
			}
			struct entry *o = &l->e[table[slot] - 1];
			struct key ok = key_of(&o->u, o->u.wildcard);
			if (o->key_hash == e->key_hash && key_eq(&k, &ok)) {
				/* Same key: the earlier entry takes the slot.
				 */
				if (e->u.wildcard)
					l->wild_next[i] = table[slot];
				table[slot] = (uint32_t)(i + 1);
				break;
			}
		}
	}
	return AUTH0LOGOUT_OK;
}

/* Compiles n items; get() yields item i. */
typedef int (*item_fn)(const void *src, size_t i, const char **s, size_t *n,
                       size_t *offset);

static auth0logout_status compile(const void *src, size_t count, item_fn get,
                                  auth0logout_allowlist **out,
                                  auth0logout_diag *diag)
{
	if (count > UINT32_MAX - 1)
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1, "too many entries");
	auth0logout_allowlist *l = calloc(1, sizeof *l);
	char *norm = malloc(A0L_NORM_MAX);
	void *arena = malloc(A0L_ARENA_SIZE);
	if (l && count)
		l->e = calloc(count, sizeof *l->e);
	if (!l || !norm || !arena || (count && !l->e)) {
		free(norm);
		free(arena);
		auth0logout_allowlist_free(l);
		return a0l_fail(diag, AUTH0LOGOUT_E_NOMEM, (size_t)-1,
		                "out of memory");
	}
	auth0logout_status st = AUTH0LOGOUT_OK;
	for (size_t i = 0; i < count; i++) {
		const char *s;
		size_t n, base;
		get(src, i, &s, &n, &base);
		st = compile_entry(s, n, &l->e[i], norm, arena, diag);
		if (st != AUTH0LOGOUT_OK) {
			if (diag) {
				diag->index = i;
				if (diag->offset != (size_t)-1)
					diag->offset += base;
			}
			break;
		}
		l->n = i + 1;
	}
	free(norm);
	free(arena);
	if (st == AUTH0LOGOUT_OK && build_index(l) != AUTH0LOGOUT_OK)
		st = a0l_fail(diag, AUTH0LOGOUT_E_NOMEM, (size_t)-1,
		              "out of memory");
	if (st != AUTH0LOGOUT_OK) {
		auth0logout_allowlist_free(l);
		return st;
	}
	*out = l;
	return AUTH0LOGOUT_OK;
}

struct array_src {
	const char *const *entries;
	const size_t *lens;
};

static int array_item(const void *src, size_t i, const char **s, size_t *n,
                      size_t *offset)
{
	const struct array_src *a = src;
	*s = a->entries[i];
	*n = a->lens ? a->lens[i] : strlen(a->entries[i]);
	*offset = 0;
	return 0;
}

AUTH0LOGOUT_API auth0logout_status auth0logout_allowlist_compile_array(
    const char *const *entries, const size_t *lens, size_t n,
    auth0logout_allowlist **out, auth0logout_diag *diag)
{
	a0l_diag_reset(diag);
	if (out)
		*out = NULL;
	if (!out || (n > 0 && !entries))
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1, "a required argument is NULL");
	for (size_t i = 0; i < n; i++)
		if (!entries[i] && (!lens || lens[i] > 0)) {
			a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
			         (size_t)-1, "entry %zu is NULL", i);
			if (diag)
				diag->index = i;
			return AUTH0LOGOUT_E_INVALID_ARGUMENT;
		}
	struct array_src src = {entries, lens};
	return compile(&src, n, array_item, out, diag);
}

/* The dashboard form (R5.1): items between commas, trimmed of spaces, empty
 * ones skipped. */
struct csv_src {
	const char *csv;
	size_t (*items)[2]; /* [start, end) of each non-empty item */
};

static int csv_item(const void *src, size_t i, const char **s, size_t *n,
                    size_t *offset)
{
	const struct csv_src *c = src;
	*s = c->csv + c->items[i][0];
	*n = c->items[i][1] - c->items[i][0];
	*offset = c->items[i][0];
	return 0;
}

static int is_trim_space(char c)
{
	return c == ' ';
}

AUTH0LOGOUT_API auth0logout_status auth0logout_allowlist_compile_csv(
    const char *csv, size_t csv_len, auth0logout_allowlist **out,
    auth0logout_diag *diag)
{
	a0l_diag_reset(diag);
	if (out)
		*out = NULL;
	if (!out || (csv_len > 0 && !csv))
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1, "a required argument is NULL");
	size_t count = 0;
	for (size_t i = 0; i < csv_len; i++)
		count += csv[i] == ',';
	count++;
	size_t(*items)[2] = malloc(count * sizeof *items);
	if (!items)
		return a0l_fail(diag, AUTH0LOGOUT_E_NOMEM, (size_t)-1,
		                "out of memory");
	size_t m = 0;
	for (size_t start = 0; start <= csv_len;) {
		const char *comma =
		    csv_len ? memchr(csv + start, ',', csv_len - start) : NULL;
		size_t end = comma ? (size_t)(comma - csv) : csv_len;
		size_t a = start, b = end;
		while (a < b && is_trim_space(csv[a]))
			a++;
		while (b > a && is_trim_space(csv[b - 1]))
			b--;
		if (b > a) {
			items[m][0] = a;
			items[m][1] = b;
			m++;
		}
		start = end + 1;
	}
	struct csv_src src = {csv, items};
	auth0logout_status st = compile(&src, m, csv_item, out, diag);
	free(items);
	return st;
}

AUTH0LOGOUT_API auth0logout_status
auth0logout_entry_check(const char *entry, size_t len, auth0logout_diag *diag)
{
	a0l_diag_reset(diag);
	if (!entry && len > 0)
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1, "the entry is NULL");
	char *norm = malloc(A0L_NORM_MAX);
	void *arena = malloc(A0L_ARENA_SIZE);
	struct entry e;
	auth0logout_status st = AUTH0LOGOUT_E_NOMEM;
	if (norm && arena)
		st = compile_entry(entry ? entry : "", len, &e, norm, arena,
		                   diag);
	else
		a0l_fail(diag, st, (size_t)-1, "out of memory");
	if (st == AUTH0LOGOUT_OK) {
		free(e.raw);
		free(e.norm);
	}
	free(norm);
	free(arena);
	return st;
}

/* ---- reading ------------------------------------------------------------- */

AUTH0LOGOUT_API size_t
auth0logout_allowlist_count(const auth0logout_allowlist *list)
{
	return list ? list->n : 0;
}

AUTH0LOGOUT_API const char *
auth0logout_allowlist_entry(const auth0logout_allowlist *list, size_t i,
                            size_t *len)
{
	if (!list || i >= list->n)
		return NULL;
	if (len)
		*len = list->e[i].raw_len;
	return list->e[i].raw;
}

const char *a0l_allowlist_norm(const auth0logout_allowlist *list, size_t i,
                               size_t *len, int *wildcard)
{
	*len = list->e[i].u.len;
	*wildcard = list->e[i].u.wildcard;
	return list->e[i].norm;
}

const char *a0l_allowlist_raw(const auth0logout_allowlist *list, size_t i,
                              size_t *len)
{
	*len = list->e[i].raw_len;
	return list->e[i].raw;
}

/* R5.4: the first label of the returnTo host against prefix*suffix. */
static int wildcard_label_matches(const struct entry *e, const char *label,
                                  size_t n)
{
	const char *pre = e->norm + e->u.host_off;
	const char *suf = e->norm + e->u.star_off + 1;
	if (n < e->prefix_len + e->suffix_len + 1)
		return 0;
	return a0l_eq_nocase(label, pre, e->prefix_len) &&
	       a0l_eq_nocase(label + n - e->suffix_len, suf, e->suffix_len);
	/* The middle is one or more label characters: the returnTo host was
	 * checked (R4.5), and a label holds no dot. */
}

size_t a0l_allowlist_match(const auth0logout_allowlist *list, const a0l_url *u)
{
	if (!list || list->n == 0)
		return (size_t)-1;
	size_t best = (size_t)-1;

	struct key k = key_of(u, 0);
	uint64_t h = key_hash(&k);
	for (size_t slot = (size_t)h & list->exact_mask;;
	     slot = (slot + 1) & list->exact_mask) {
		uint32_t v = list->exact[slot];
		if (v == 0)
			break;
		const struct entry *e = &list->e[v - 1];
		struct key ek = key_of(&e->u, 0);
		if (e->key_hash == h && key_eq(&k, &ek)) {
			best = v - 1;
			break;
		}
	}

	/* Wildcards: only for a DNS name with a parent domain. */
	if (u->host_kind != A0L_HOST_NAME)
		return best;
	const char *host = u->text + u->host_off;
	const char *dot = memchr(host, '.', u->host_len);
	if (!dot)
		return best;
	a0l_url pu = *u;
	pu.parent_off = (size_t)(dot - u->text) + 1;
	struct key pk = key_of(&pu, 1);
	uint64_t ph = key_hash(&pk);
	size_t label_len = (size_t)(dot - host);
	for (size_t slot = (size_t)ph & list->wild_mask;;
	     slot = (slot + 1) & list->wild_mask) {
		uint32_t v = list->wild[slot];
		if (v == 0)
			break;
		const struct entry *e = &list->e[v - 1];
		struct key ek = key_of(&e->u, 1);
		if (e->key_hash != ph || !key_eq(&pk, &ek))
			continue;
		for (; v != 0 && v - 1 < best; v = list->wild_next[v - 1]) {
			if (wildcard_label_matches(&list->e[v - 1], host,
			                           label_len)) {
				best = v - 1;
				break;
			}
		}
		break;
	}
	return best;
}
