/* SPDX-License-Identifier: MIT */
/*
 * R5: compile allow-list entries once, index them, match a URL.
 *
 * Exact entries are indexed by their comparison key (R4.8: scheme
 * case-insensitively, the host too for http(s) but a custom scheme's
 * authority exactly (R4.5), port as written, path exactly); wildcard
 * entries by the same key with the host's first label dropped, so a
 * returnTo is looked up by dropping its own first label and then checked
 * against the label's prefix and suffix (R5.4).  When several entries
 * match, the first in list order wins.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* One compiled entry, 32 bytes.  Its texts live in the list's text area:
 * the entry as written at raw_off (NUL-terminated), then, only when R4.7
 * changed it, the normalized form (NUL-terminated).  Component offsets are
 * into the normalized form; a URL is at most 4096 bytes, 12288 once
 * normalized, so 16 bits hold them. */
struct entry {
	uint32_t raw_off;
	uint16_t raw_len;
	uint16_t norm_len;
	uint32_t key_hash;
	uint32_t next; /* the next entry with the same key (for an exact
	                  entry: the same key but another query, R8.4):
	                  index + 1 */
	uint16_t scheme_len;
	uint16_t host_off, host_len;   /* IPv6: without the brackets */
	uint16_t path_off, path_len;   /* the port ends at path_off */
	uint16_t star_off, parent_off; /* wildcards: '*', first byte after
	                                  the first label's '.' */
	uint8_t port_len;              /* 0: no port (R4.6: at most 5) */
	uint8_t flags;
};

#define F_WILDCARD   1u
#define F_AUTHORITY  2u
#define F_PORT       4u
#define F_NORM       8u /* the normalized form differs from the raw text */
#define F_HOST_SHIFT 4  /* a0l_host_kind in bits 4-5 */
#define F_SPECIAL                                                              \
	0x40u /* http or https: the host compares without                      \
	         regard to case (R4.5) */

_Static_assert(sizeof(struct entry) == 32, "struct entry is 32 bytes");

/* The whole list is one allocation: this header, the index table, the
 * entries and the texts, in that order, so that a lookup touches a few
 * neighbouring cache lines. */
struct auth0logout_allowlist {
	size_t n;
	struct entry *e;
	/* Open addressing over (exact key) and (wildcard parent key) alike,
	 * entry index + 1 (0: empty slot); the wildcard flag is part of the
	 * key. */
	uint32_t *table;
	size_t mask;
	/* A Bloom filter (two bits per key) of the hosts of exact entries
	 * and the parent domains of wildcard entries, for hints only: it
	 * tells at once that no entry is near a returnTo on a foreign host. */
	uint64_t *bloom;
	size_t bloom_mask; /* bits - 1 */
	const char *text;
};

static const char *norm_of(const auth0logout_allowlist *l,
                           const struct entry *e)
{
	const char *raw = l->text + e->raw_off;
	return (e->flags & F_NORM) ? raw + e->raw_len + 1 : raw;
}

/* ---- keys -------------------------------------------------------------- */

/* A comparison key: scheme, host (or the wildcard's parent domain), port,
 * path, as ranges of a normalized URL.  R4.5: the host of an http(s) URL
 * compares without regard to case; the authority of any other scheme is
 * opaque and compares exactly (exact_host). */
struct key {
	const char *text;
	size_t scheme_len;
	int has_authority;
	size_t host_off, host_len;
	size_t port_len; /* 0: no port; the port ends at path_off */
	size_t path_off, path_len;
	int wildcard;
	int exact_host;
};

static struct key url_key(const a0l_url *u, size_t parent_off, int wildcard)
{
	struct key k = {u->text,          u->scheme_len,
	                u->has_authority, u->host_off,
	                u->host_len,      u->has_port ? u->port_len : 0,
	                u->path_off,      u->path_len,
	                wildcard,         !u->special};
	if (wildcard) {
		k.host_len = u->host_off + u->host_len - parent_off;
		k.host_off = parent_off;
	}
	return k;
}

static struct key entry_key(const auth0logout_allowlist *l,
                            const struct entry *e)
{
	int w = (e->flags & F_WILDCARD) != 0;
	struct key k = {norm_of(l, e),
	                e->scheme_len,
	                (e->flags & F_AUTHORITY) != 0,
	                w ? e->parent_off : e->host_off,
	                w ? (size_t)(e->host_off + e->host_len - e->parent_off)
	                  : e->host_len,
	                e->port_len,
	                e->path_off,
	                e->path_len,
	                w,
	                (e->flags & F_SPECIAL) == 0};
	return k;
}

static uint32_t fnv(uint32_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static uint32_t fnv_fold(uint32_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= a0l_lower((unsigned char)s[i]);
		h *= 16777619u;
	}
	return h;
}

/* The host is hashed from its last byte to its first, so that the hash of
 * a parent domain (the host without its first label, as wildcard keys
 * have) is a step on the way to the hash of the whole host: a returnTo's
 * two lookups share that work. */
static uint32_t fnv_fold_rev(uint32_t h, const char *s, size_t n)
{
	while (n-- > 0) {
		h ^= a0l_lower((unsigned char)s[n]);
		h *= 16777619u;
	}
	return h;
}

/* The same, exactly: the authority of a custom scheme (R4.5). */
static uint32_t fnv_rev(uint32_t h, const char *s, size_t n)
{
	while (n-- > 0) {
		h ^= (unsigned char)s[n];
		h *= 16777619u;
	}
	return h;
}

/* A host, hashed from its end, folded or not (R4.5). */
static uint32_t host_hash(uint32_t h, const char *s, size_t n, int exact)
{
	return exact ? fnv_rev(h, s, n) : fnv_fold_rev(h, s, n);
}

#define FNV_BASIS 2166136261u

/* The hash of a key from its parts: the hash of scheme and host (as
 * fnv_fold_rev leaves it) and the hash of port and path. */
static uint32_t key_hash_of(uint32_t scheme_host, uint32_t port_path,
                            const struct key *k)
{
	uint32_t h = scheme_host ^ (port_path * 0x9E3779B1u);
	h ^= (uint32_t)k->wildcard * 0x85EBCA6Bu +
	     (uint32_t)k->has_authority * 0xC2B2AE35u + (uint32_t)k->port_len;
	h ^= h >> 15;
	h *= 0x2C1B3C6Du;
	h ^= h >> 13;
	return h;
}

static uint32_t port_path_hash(const struct key *k)
{
	return fnv(FNV_BASIS, k->text + k->path_off - k->port_len,
	           k->port_len + k->path_len);
}

static uint32_t key_hash(const struct key *k)
{
	uint32_t sh = fnv_fold(FNV_BASIS, k->text, k->scheme_len);
	sh = host_hash(sh, k->text + k->host_off, k->host_len, k->exact_host);
	return key_hash_of(sh, port_path_hash(k), k);
}

static int key_eq(const struct key *a, const struct key *b)
{
	return a->wildcard == b->wildcard && a->scheme_len == b->scheme_len &&
	       a->has_authority == b->has_authority &&
	       a->host_len == b->host_len && a->port_len == b->port_len &&
	       a->path_len == b->path_len && a->exact_host == b->exact_host &&
	       a0l_eq_nocase(a->text, b->text, a->scheme_len) &&
	       (a->exact_host
	            ? memcmp(a->text + a->host_off, b->text + b->host_off,
	                     a->host_len) == 0
	            : a0l_eq_nocase(a->text + a->host_off,
	                            b->text + b->host_off, a->host_len)) &&
	       memcmp(a->text + a->path_off - a->port_len,
	              b->text + b->path_off - b->port_len,
	              a->port_len + a->path_len) == 0;
}

/* ---- building ------------------------------------------------------------ */

AUTH0LOGOUT_API void auth0logout_allowlist_free(auth0logout_allowlist *list)
{
	free(list);
}

/* The compact form of a checked entry, its texts to be placed at raw_off
 * (raw, NUL, then norm and NUL when it differs). */
static void pack_entry(struct entry *e, const a0l_url *u, size_t raw_len,
                       int norm_differs, size_t raw_off)
{
	memset(e, 0, sizeof *e);
	e->raw_off = (uint32_t)raw_off;
	e->raw_len = (uint16_t)raw_len;
	e->norm_len = (uint16_t)u->len;
	e->scheme_len = (uint16_t)u->scheme_len;
	e->host_off = (uint16_t)u->host_off;
	e->host_len = (uint16_t)u->host_len;
	e->path_off = (uint16_t)u->path_off;
	e->path_len = (uint16_t)u->path_len;
	e->port_len = (uint8_t)(u->has_port ? u->port_len : 0);
	e->flags =
	    (uint8_t)((u->wildcard ? F_WILDCARD : 0) |
	              (u->has_authority ? F_AUTHORITY : 0) |
	              (u->has_port ? F_PORT : 0) | (norm_differs ? F_NORM : 0) |
	              (u->special ? F_SPECIAL : 0) |
	              ((unsigned)u->host_kind << F_HOST_SHIFT));
	if (u->wildcard) {
		e->star_off = (uint16_t)u->star_off;
		e->parent_off = (uint16_t)u->parent_off;
	}
	struct key k = url_key(u, u->parent_off, u->wildcard);
	e->key_hash = key_hash(&k);
}

/* A power of two with the load factor at most 3/4. */
static size_t table_size(size_t n)
{
	size_t cap = 8;
	while (3 * cap < 4 * n)
		cap *= 2;
	return cap;
}

static void build_index(auth0logout_allowlist *l)
{
	/* Walk backwards so that each chain ends up in list order. */
	for (size_t i = l->n; i-- > 0;) {
		struct entry *e = &l->e[i];
		struct key k = entry_key(l, e);
		for (size_t slot = e->key_hash & l->mask;;
		     slot = (slot + 1) & l->mask) {
			if (l->table[slot] == 0) {
				l->table[slot] = (uint32_t)(i + 1);
				break;
			}
			struct entry *o = &l->e[l->table[slot] - 1];
			if (o->key_hash != e->key_hash)
				continue;
			struct key ok = entry_key(l, o);
			if (key_eq(&k, &ok)) {
				/* Same key: the earlier entry takes the slot
				 * and the later ones chain behind it, in list
				 * order: wildcards whose labels differ, and
				 * exact entries whose queries differ (R8.4
				 * compares them; R4.9 does not, and takes
				 * the first). */
				e->next = l->table[slot];
				l->table[slot] = (uint32_t)(i + 1);
				break;
			}
		}
	}
}

/* ---- the hosts' Bloom filter (hints) ------------------------------------ */

/* Keys are hashed with fnv_fold_rev, from the last byte, so that the hash
 * of a host's parent domain is a step on the way to the host's (see
 * a0l_host_sig_of); the two sets (exact hosts, wildcard parents) share
 * the bits and differ by a constant mixed in before indexing. */
#define BLOOM_HOST   0x85EBCA77u
#define BLOOM_PARENT 0xC2B2AE3Du

static void bloom_bits(const auth0logout_allowlist *l, uint32_t h, uint32_t set,
                       size_t *a, size_t *b)
{
	h ^= set;
	h *= 0x9E3779B1u;
	h ^= h >> 15;
	*a = h & l->bloom_mask;
	*b = (h >> 16 ^ h << 7) & l->bloom_mask;
}

static void bloom_add(auth0logout_allowlist *l, uint32_t set, const char *s,
                      size_t n)
{
	size_t a, b;
	bloom_bits(l, fnv_fold_rev(FNV_BASIS, s, n), set, &a, &b);
	l->bloom[a / 64] |= (uint64_t)1 << (a % 64);
	l->bloom[b / 64] |= (uint64_t)1 << (b % 64);
}

static int bloom_has(const auth0logout_allowlist *l, uint32_t h, uint32_t set)
{
	size_t a, b;
	if (!l || l->n == 0)
		return 0;
	bloom_bits(l, h, set, &a, &b);
	return (l->bloom[a / 64] >> (a % 64) & 1) &&
	       (l->bloom[b / 64] >> (b % 64) & 1);
}

void a0l_host_sig_of(const char *host, size_t n, int labels, a0l_host_sig *sig)
{
	uint32_t h = FNV_BASIS, left1 = 0, left2 = 0;
	int dots = 0;
	while (n-- > 0) {
		if (labels && host[n] == '.') {
			left2 = left1;
			left1 = h;
			dots++;
		}
		h ^= a0l_lower((unsigned char)host[n]);
		h *= 16777619u;
	}
	sig->h[0] = h;
	sig->h[1] = left1;
	sig->h[2] = left2;
	sig->n = 1 + (dots > 2 ? 2 : dots);
}

int a0l_allowlist_may_have_host(const auth0logout_allowlist *list, uint32_t h)
{
	return bloom_has(list, h, BLOOM_HOST);
}

int a0l_allowlist_may_have_wildcard_over(const auth0logout_allowlist *list,
                                         uint32_t h)
{
	return bloom_has(list, h, BLOOM_PARENT);
}

int a0l_allowlist_may_match(const auth0logout_allowlist *list,
                            const a0l_host_sig *sig)
{
	return a0l_allowlist_may_have_host(list, sig->h[0]) ||
	       (sig->n > 1 &&
	        a0l_allowlist_may_have_wildcard_over(list, sig->h[1]));
}

/* Compiles n items; get() yields item i. */
typedef int (*item_fn)(const void *src, size_t i, const char **s, size_t *n,
                       size_t *offset);

static auth0logout_status compile(const void *src, size_t count, item_fn get,
                                  auth0logout_allowlist **out,
                                  auth0logout_diag *diag)
{
	if (count > UINT32_MAX / 4)
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1, "too many entries");
	char *block = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	if (!block)
		return a0l_fail(diag, AUTH0LOGOUT_E_NOMEM, (size_t)-1,
		                "out of memory");
	char *norm = (char *)A0L_ALIGN16((uintptr_t)block);
	void *arena = norm + A0L_URL_ARENA_OFF;

	/* First pass: check every entry and size the texts. */
	auth0logout_status st = AUTH0LOGOUT_OK;
	size_t text_size = 0;
	for (size_t i = 0; i < count && st == AUTH0LOGOUT_OK; i++) {
		const char *s;
		size_t n, base;
		a0l_url u;
		get(src, i, &s, &n, &base);
		st = a0l_entry_check(s, n, norm, arena, &u, diag);
		if (st != AUTH0LOGOUT_OK) {
			if (diag) {
				diag->index = i;
				if (diag->offset != (size_t)-1)
					diag->offset += base;
			}
			break;
		}
		text_size += n + 1;
		if (u.len != n || memcmp(norm, s, n) != 0)
			text_size += u.len + 1;
	}
	size_t cap = table_size(count);
	size_t bloom_words = 1; /* about 8 bits per entry */
	while (bloom_words * 8 < count)
		bloom_words *= 2;
	size_t head = (sizeof(auth0logout_allowlist) + 15) & ~(size_t)15;
	size_t size = head + cap * sizeof(uint32_t) +
	              bloom_words * sizeof(uint64_t) +
	              count * sizeof(struct entry) + text_size;
	auth0logout_allowlist *l = NULL;
	if (st == AUTH0LOGOUT_OK && text_size > UINT32_MAX)
		st = a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT, (size_t)-1,
		              "the entries' texts exceed 4 GiB");
	if (st == AUTH0LOGOUT_OK) {
		l = calloc(1, size);
		if (!l)
			st = a0l_fail(diag, AUTH0LOGOUT_E_NOMEM, (size_t)-1,
			              "out of memory");
	}
	if (st != AUTH0LOGOUT_OK) {
		free(block);
		return st;
	}
	l->n = count;
	l->table = (uint32_t *)((char *)l + head);
	l->mask = cap - 1;
	l->bloom = (uint64_t *)(l->table + cap);
	l->bloom_mask = bloom_words * 64 - 1;
	l->e = (struct entry *)(l->bloom + bloom_words);
	char *text = (char *)(l->e + count);
	l->text = text;

	/* Second pass: the entries again (each check is a pure function of
	 * the text), packed. */
	size_t off = 0;
	for (size_t i = 0; i < count; i++) {
		const char *s;
		size_t n, base;
		a0l_url u;
		get(src, i, &s, &n, &base);
		a0l_entry_check(s, n, norm, arena, &u, NULL);
		int differs = u.len != n || memcmp(norm, s, n) != 0;
		pack_entry(&l->e[i], &u, n, differs, off);
		memcpy(text + off, s, n);
		off += n + 1;
		if (differs) {
			memcpy(text + off, norm, u.len);
			off += u.len + 1;
		}
	}
	free(block);
	build_index(l);
	for (size_t i = 0; i < count; i++) {
		const struct entry *e = &l->e[i];
		const char *t = norm_of(l, e);
		if (e->flags & F_WILDCARD)
			bloom_add(l, BLOOM_PARENT, t + e->parent_off,
			          (size_t)(e->host_off + e->host_len -
			                   e->parent_off));
		else
			bloom_add(l, BLOOM_HOST, t + e->host_off, e->host_len);
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
	char *buf = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	auth0logout_url u;
	if (!buf) {
		a0l_diag_reset(diag);
		return a0l_fail(diag, AUTH0LOGOUT_E_NOMEM, (size_t)-1,
		                "out of memory");
	}
	auth0logout_status st =
	    auth0logout_url_parse(entry, len, AUTH0LOGOUT_URL_ENTRY, buf,
	                          AUTH0LOGOUT_URL_BUFFER_SIZE, &u, diag);
	free(buf);
	return st;
}

/* ---- R4.8 keys for tools ------------------------------------------------ */

AUTH0LOGOUT_API int auth0logout_url_key_equal(const auth0logout_url *a,
                                              const auth0logout_url *b)
{
	if (!a || !b)
		return 0;
	struct key ka = url_key(a, 0, 0), kb = url_key(b, 0, 0);
	return key_eq(&ka, &kb);
}

AUTH0LOGOUT_API uint32_t auth0logout_url_key_hash(const auth0logout_url *u)
{
	if (!u)
		return 0;
	struct key k = url_key(u, 0, 0);
	return key_hash(&k);
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
	return a0l_allowlist_raw(list, i, len);
}

const char *a0l_allowlist_norm(const auth0logout_allowlist *list, size_t i,
                               size_t *len, int *wildcard)
{
	const struct entry *e = &list->e[i];
	*len = e->norm_len;
	*wildcard = (e->flags & F_WILDCARD) != 0;
	return norm_of(list, e);
}

const char *a0l_allowlist_raw(const auth0logout_allowlist *list, size_t i,
                              size_t *len)
{
	const struct entry *e = &list->e[i];
	if (len)
		*len = e->raw_len;
	return list->text + e->raw_off;
}

/* R5.4: the first label of the returnTo host against the wildcard label's
 * prefix and suffix around '*'. */
static int wildcard_label_matches(const auth0logout_allowlist *l,
                                  const struct entry *e, const char *label,
                                  size_t n)
{
	const char *norm = norm_of(l, e);
	size_t prefix_len = (size_t)(e->star_off - e->host_off);
	size_t suffix_len = (size_t)(e->parent_off - 1 - e->star_off - 1);
	if (n < prefix_len + suffix_len + 1)
		return 0;
	return a0l_eq_nocase(label, norm + e->host_off, prefix_len) &&
	       a0l_eq_nocase(label + n - suffix_len, norm + e->star_off + 1,
	                     suffix_len);
	/* The middle is one or more label characters: the returnTo host was
	 * checked (R4.5), and a label holds no dot. */
}

/* The slot value (index + 1) of the first entry with key k (whose hash is
 * h), or 0. */
static uint32_t lookup(const auth0logout_allowlist *l, const struct key *k,
                       uint32_t h)
{
	for (size_t slot = h & l->mask;; slot = (slot + 1) & l->mask) {
		uint32_t v = l->table[slot];
		if (v == 0)
			return 0;
		const struct entry *e = &l->e[v - 1];
		if (e->key_hash != h)
			continue;
		struct key ek = entry_key(l, e);
		if (key_eq(k, &ek))
			return v;
	}
}

/* A small list is one block of a few hundred bytes; in a large store it
 * is rarely in cache.  Asking for its first lines at once lets the
 * header, the index, the entries and the texts arrive together instead of
 * one after the other (each read depends on the one before). */
#define PREFETCH_LINES 12

static void prefetch_block(const auth0logout_allowlist *list)
{
#if defined(__GNUC__)
	for (int i = 0; i < PREFETCH_LINES; i++)
		__builtin_prefetch((const char *)list + 64 * i);
#else
	(void)list;
#endif
}

/* R8.4: the query of a normalized URL (from its '?', inclusive, to its
 * '#' or its end), empty when it has none. */
static void query_of(const char *text, size_t len, size_t path_end,
                     const char **q, size_t *qn)
{
	*q = text + path_end;
	*qn = 0;
	if (path_end < len && text[path_end] == '?') {
		const char *h = memchr(text + path_end, '#', len - path_end);
		*qn = h ? (size_t)(h - *q) : len - path_end;
	}
}

static int query_matches(const auth0logout_allowlist *l, const struct entry *e,
                         const char *uq, size_t uqn)
{
	const char *q;
	size_t qn;
	query_of(norm_of(l, e), e->norm_len, (size_t)e->path_off + e->path_len,
	         &q, &qn);
	return qn == uqn && memcmp(q, uq, qn) == 0;
}

/* The first entry (in list order) that u matches: by R4.8's key, and with
 * exact_query by the query too (R8.4). */
static size_t match(const auth0logout_allowlist *list, const a0l_url *u,
                    int exact_query)
{
	if (!list)
		return (size_t)-1;
	prefetch_block(list);
	if (list->n == 0)
		return (size_t)-1;
	struct key k = url_key(u, 0, 0);
	uint32_t pp = port_path_hash(&k);
	uint32_t sh = fnv_fold(FNV_BASIS, k.text, k.scheme_len);
	const char *uq = NULL;
	size_t uqn = 0;
	if (exact_query)
		query_of(u->text, u->len, u->path_off + u->path_len, &uq, &uqn);

	/* Wildcards apply only to an http(s) DNS name with a parent domain.
	 * The host is hashed from its end (fnv_fold_rev): first the parent
	 * domain, the wildcard key's host, then the dot and the first label
	 * for the whole host.  A custom scheme's authority is hashed exactly
	 * (R4.5). */
	const char *host = u->text + u->host_off;
	const char *dot = u->special && u->host_kind == A0L_HOST_NAME
	                      ? memchr(host, '.', u->host_len)
	                      : NULL;
	size_t label_len = dot ? (size_t)(dot - host) : u->host_len;
	uint32_t parent =
	    dot ? fnv_fold_rev(sh, dot + 1, u->host_len - label_len - 1) : sh;
	uint32_t full = dot ? fnv_fold_rev(parent, dot, 1) : sh;
	full = host_hash(full, host, label_len, !u->special);
	uint32_t v = lookup(list, &k, key_hash_of(full, pp, &k));
	if (exact_query)
		while (v != 0 && !query_matches(list, &list->e[v - 1], uq, uqn))
			v = list->e[v - 1].next;
	size_t best = v ? v - 1 : (size_t)-1;
	if (!dot)
		return best;

	struct key pk = url_key(u, (size_t)(dot - u->text) + 1, 1);
	uint32_t ph = key_hash_of(parent, pp, &pk);
	for (v = lookup(list, &pk, ph); v != 0 && v - 1 < best;
	     v = list->e[v - 1].next) {
		if (wildcard_label_matches(list, &list->e[v - 1], host,
		                           label_len) &&
		    (!exact_query ||
		     query_matches(list, &list->e[v - 1], uq, uqn))) {
			best = v - 1;
			break;
		}
	}
	return best;
}

size_t a0l_allowlist_match(const auth0logout_allowlist *list, const a0l_url *u)
{
	return match(list, u, 0);
}

size_t a0l_allowlist_match_query(const auth0logout_allowlist *list,
                                 const a0l_url *u)
{
	return match(list, u, 1);
}

size_t a0l_allowlist_wildcard_over(const auth0logout_allowlist *list,
                                   const a0l_url *u, size_t parent_off)
{
	if (!list || list->n == 0 || u->host_kind != A0L_HOST_NAME ||
	    parent_off < u->host_off || parent_off >= u->host_off + u->host_len)
		return (size_t)-1;
	struct key k = url_key(u, parent_off, 1);
	uint32_t v = lookup(list, &k, key_hash(&k));
	return v ? v - 1 : (size_t)-1;
}
