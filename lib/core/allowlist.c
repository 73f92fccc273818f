/* SPDX-License-Identifier: MIT */
/*
 * R5: compile allow-list entries once, index them, match a URL.
 *
 * Exact entries are indexed by their comparison key (R4.8: scheme
 * case-insensitively, the host too for http(s) but a custom scheme's
 * authority exactly (R4.5), port as written, path exactly).  A wildcard
 * entry (R5.4) is indexed by its shape: the same key with the host's first
 * label dropped (the parent domain), plus the fixed parts of the wildcard
 * label, its prefix before '*' and its suffix after it.  A returnTo's
 * first label is looked up once per (prefix length, suffix length) pair
 * that some wildcard of the list has, so the cost of a decision depends on
 * how many shapes a list has (one, for a bare "*" label), not
 * on how many entries share a parent domain.  When several entries match,
 * the first in list order wins.
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
 * Bloom filter, the entries and the texts, in that order, so that a lookup
 * touches a few neighbouring cache lines.  It holds no pointer: where each
 * part starts follows from the sizes, so a list can be moved with memcpy
 * (the memstore packs its lists into large arenas). */
struct auth0logout_allowlist {
	size_t n;    /* entries */
	size_t size; /* bytes in the whole block */
	/* Open addressing, entry index + 1 (0: empty slot), over exact keys
	 * and wildcard shapes alike (the wildcard flag is part of the key);
	 * with L_PARENTS, also a slot per wildcard parent key (TAG set) for
	 * the first wildcard over it whatever its shape. */
	uint32_t mask;
	/* A Bloom filter (two bits per key, bloom_words * 64 bits) of the
	 * hosts of exact entries and the parent domains of wildcard
	 * entries, for hints only: it tells at once that no entry is near a
	 * returnTo on a foreign host. */
	uint32_t bloom_words;
	/* Bit k: some wildcard has a prefix (suffix) of k bytes, k < 63. */
	uint64_t prefix_lens, suffix_lens;
	/* Wildcards with a fixed part of LONG_PART bytes or more (no DNS
	 * label is that long), chained by next in list order: index + 1. */
	uint32_t long_first;
	uint32_t flags;
};

#define L_PARENTS 1u /* parent slots: some wildcard has a prefix or suffix */
#define TAG       0x80000000u
#define LONG_PART 63u
#define HEAD      A0L_ALIGN16(sizeof(struct auth0logout_allowlist))

static uint32_t *table_of(const auth0logout_allowlist *l)
{
	return (uint32_t *)((char *)(uintptr_t)l + HEAD);
}

static uint64_t *bloom_of(const auth0logout_allowlist *l)
{
	return (uint64_t *)(table_of(l) + (size_t)l->mask + 1);
}

static struct entry *entries_of(const auth0logout_allowlist *l)
{
	return (struct entry *)(bloom_of(l) + l->bloom_words);
}

static const char *text_of(const auth0logout_allowlist *l)
{
	return (const char *)(entries_of(l) + l->n);
}

static const char *norm_of(const auth0logout_allowlist *l,
                           const struct entry *e)
{
	const char *raw = text_of(l) + e->raw_off;
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

/* The hash of a key from its parts: the hashes of the scheme (fnv_fold),
 * of the host (host_hash from FNV_BASIS, so that it is also the host's
 * hash in the Bloom filter) and of port and path. */
static uint32_t key_hash_of(uint32_t scheme, uint32_t host, uint32_t port_path,
                            const struct key *k)
{
	uint32_t h = (scheme * 0x85EBCA6Bu) ^ host ^ (port_path * 0x9E3779B1u);
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

static uint32_t key_host_hash(const struct key *k)
{
	return host_hash(FNV_BASIS, k->text + k->host_off, k->host_len,
	                 k->exact_host);
}

static uint32_t key_hash_with(const struct key *k, uint32_t host)
{
	return key_hash_of(fnv_fold(FNV_BASIS, k->text, k->scheme_len), host,
	                   port_path_hash(k), k);
}

static uint32_t key_hash(const struct key *k)
{
	return key_hash_with(k, key_host_hash(k));
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

/* ---- wildcard shapes (R5.4) ------------------------------------------- */

/* A wildcard label's fixed parts: the prefix before '*' and the suffix
 * after it, in the entry's normalized text. */
static size_t prefix_len(const struct entry *e)
{
	return (size_t)(e->star_off - e->host_off);
}

static size_t suffix_len(const struct entry *e)
{
	return (size_t)(e->parent_off - 2 - e->star_off);
}

static int is_long(const struct entry *e)
{
	return prefix_len(e) >= LONG_PART || suffix_len(e) >= LONG_PART;
}

/* The hash of a shape: the parent key's hash, with the hashes of the
 * prefix (hp: fnv_fold from its first byte) and of the suffix (hs:
 * fnv_fold_rev, from its last byte) mixed in.  A bare "*" label has the
 * parent key's own hash. */
static uint32_t shape_hash(uint32_t parent, uint32_t hp, uint32_t hs, size_t i,
                           size_t j)
{
	if ((i | j) == 0)
		return parent;
	uint32_t h = parent ^ (hp * 0x9E3779B1u) ^
	             ((hs ^ (uint32_t)(i << 8 | j)) * 0x85EBCA6Bu);
	h ^= h >> 16;
	h *= 0x7FEB352Du;
	h ^= h >> 15;
	return h;
}

static uint32_t entry_shape_hash(const char *norm, const struct entry *e,
                                 uint32_t parent)
{
	size_t i = prefix_len(e), j = suffix_len(e);
	return shape_hash(parent, fnv_fold(FNV_BASIS, norm + e->host_off, i),
	                  fnv_fold_rev(FNV_BASIS, norm + e->star_off + 1, j), i,
	                  j);
}

/* Whether two wildcard entries have the same fixed parts. */
static int same_parts(const char *na, const struct entry *a, const char *nb,
                      const struct entry *b)
{
	return prefix_len(a) == prefix_len(b) &&
	       suffix_len(a) == suffix_len(b) &&
	       a0l_eq_nocase(na + a->host_off, nb + b->host_off,
	                     prefix_len(a)) &&
	       a0l_eq_nocase(na + a->star_off + 1, nb + b->star_off + 1,
	                     suffix_len(a));
}

/* ---- building ------------------------------------------------------------ */

AUTH0LOGOUT_API void auth0logout_allowlist_free(auth0logout_allowlist *list)
{
	free(list);
}

AUTH0LOGOUT_API size_t
auth0logout_allowlist_size(const auth0logout_allowlist *list)
{
	return list ? list->size : 0;
}

AUTH0LOGOUT_API auth0logout_allowlist *
auth0logout_allowlist_copy(const auth0logout_allowlist *list, void *dst,
                           size_t cap)
{
	if (!list || !dst || (uintptr_t)dst % 16 != 0 || cap < list->size)
		return NULL;
	memcpy(dst, list, list->size);
	return dst;
}

/* The compact form of a checked entry, its texts to be placed at raw_off
 * (raw, NUL, then norm and NUL when it differs).  key_hash: an exact
 * entry's key, a wildcard's shape (parent key, prefix and suffix). */
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
	uint32_t host = key_host_hash(&k);
	e->key_hash = key_hash_with(&k, host);
	if (u->wildcard)
		e->key_hash = entry_shape_hash(u->text, e, e->key_hash);
	/* The Bloom filter's hash of the host (or the wildcard's parent
	 * domain), folded whatever the scheme, kept in next until the
	 * filter is filled (compile clears it before the index is built). */
	e->next = k.exact_host
	              ? fnv_fold_rev(FNV_BASIS, k.text + k.host_off, k.host_len)
	              : host;
}

/* A power of two with the load factor at most 3/4. */
static size_t table_size(size_t n)
{
	size_t cap = 8;
	while (3 * cap < 4 * n)
		cap *= 2;
	return cap;
}

/* Whether entries a and b go under one slot: the same exact key, or the
 * same wildcard shape. */
static int same_slot_key(const auth0logout_allowlist *l, const struct entry *a,
                         const struct entry *b)
{
	if (a->key_hash != b->key_hash)
		return 0;
	struct key ka = entry_key(l, a), kb = entry_key(l, b);
	if (!key_eq(&ka, &kb))
		return 0;
	return !(a->flags & F_WILDCARD) || same_parts(ka.text, a, kb.text, b);
}

static void build_index(auth0logout_allowlist *l)
{
	uint32_t *table = table_of(l);
	struct entry *es = entries_of(l);
	/* Walk backwards so that each chain ends up in list order. */
	for (size_t i = l->n; i-- > 0;) {
		struct entry *e = &es[i];
		if ((e->flags & F_WILDCARD) && is_long(e)) {
			e->next = l->long_first;
			l->long_first = (uint32_t)(i + 1);
			continue;
		}
		for (size_t slot = e->key_hash & l->mask;;
		     slot = (slot + 1) & l->mask) {
			uint32_t v = table[slot];
			if (v == 0) {
				table[slot] = (uint32_t)(i + 1);
				break;
			}
			if (!(v & TAG) && same_slot_key(l, e, &es[v - 1])) {
				/* Same key: the earlier entry takes the slot
				 * and the later ones chain behind it, in list
				 * order: exact entries whose queries differ
				 * (R8.4 compares them; R4.9 does not, and
				 * takes the first), and wildcards that differ
				 * in case or query only. */
				e->next = v;
				table[slot] = (uint32_t)(i + 1);
				break;
			}
		}
	}
	if (!(l->flags & L_PARENTS))
		return;
	/* The first wildcard over each parent key, whatever its shape (for
	 * hints): the slot is taken by each earlier one in turn. */
	for (size_t i = l->n; i-- > 0;) {
		struct entry *e = &es[i];
		if (!(e->flags & F_WILDCARD))
			continue;
		struct key k = entry_key(l, e);
		for (size_t slot = key_hash(&k) & l->mask;;
		     slot = (slot + 1) & l->mask) {
			uint32_t v = table[slot];
			if (v == 0) {
				table[slot] = (uint32_t)(i + 1) | TAG;
				break;
			}
			if (!(v & TAG))
				continue;
			struct key ok = entry_key(l, &es[(v & ~TAG) - 1]);
			if (key_eq(&k, &ok)) {
				table[slot] = (uint32_t)(i + 1) | TAG;
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
	size_t mask = (size_t)l->bloom_words * 64 - 1;
	h ^= set;
	h *= 0x9E3779B1u;
	h ^= h >> 15;
	*a = h & mask;
	*b = (h >> 16 ^ h << 7) & mask;
}

static void bloom_add(auth0logout_allowlist *l, uint32_t set, uint32_t h)
{
	size_t a, b;
	uint64_t *bloom = bloom_of(l);
	bloom_bits(l, h, set, &a, &b);
	bloom[a / 64] |= (uint64_t)1 << (a % 64);
	bloom[b / 64] |= (uint64_t)1 << (b % 64);
}

static int bloom_has(const auth0logout_allowlist *l, uint32_t h, uint32_t set)
{
	size_t a, b;
	if (!l || l->n == 0)
		return 0;
	const uint64_t *bloom = bloom_of(l);
	bloom_bits(l, h, set, &a, &b);
	return (bloom[a / 64] >> (a % 64) & 1) &&
	       (bloom[b / 64] >> (b % 64) & 1);
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

/* The normalized texts that differ from what was written, gathered while
 * the entries are checked (each entry is parsed once). */
struct texts {
	char *p;
	size_t len, cap;
};

static int texts_add(struct texts *t, const char *s, size_t n)
{
	if (n + 1 > t->cap - t->len) {
		size_t cap = t->cap ? t->cap : 4096;
		while (n + 1 > cap - t->len)
			cap *= 2;
		char *p = realloc(t->p, cap);
		if (!p)
			return -1;
		t->p = p;
		t->cap = cap;
	}
	memcpy(t->p + t->len, s, n);
	t->p[t->len + n] = '\0';
	t->len += n + 1;
	return 0;
}

static auth0logout_status compile(const void *src, size_t count, item_fn get,
                                  auth0logout_allowlist **out,
                                  auth0logout_diag *diag)
{
	if (count > UINT32_MAX / 4)
		return a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		                (size_t)-1, "too many entries");
	/* The URL buffer, then the entries as packed (raw_off counting raw
	 * texts and normalized ones alike). */
	size_t ents_off = A0L_ALIGN16(AUTH0LOGOUT_URL_BUFFER_SIZE + 15);
	char *block = malloc(ents_off + count * sizeof(struct entry));
	struct texts nt = {NULL, 0, 0};
	if (!block)
		return a0l_fail(diag, AUTH0LOGOUT_E_NOMEM, (size_t)-1,
		                "out of memory");
	char *norm = (char *)A0L_ALIGN16((uintptr_t)block);
	void *arena = norm + A0L_URL_ARENA_OFF;
	struct entry *ents = (struct entry *)(block + ents_off);

	/* One pass: check, normalize and pack every entry. */
	auth0logout_status st = AUTH0LOGOUT_OK;
	size_t text_size = 0, wild = 0;
	uint64_t plens = 0, slens = 0;
	int shaped = 0;
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
		/* R4.7 only ever adds bytes (percent-encoding): the same
		 * length is the same text. */
		int differs = u.len != n;
		pack_entry(&ents[i], &u, n, differs, text_size);
		text_size += n + 1;
		if (differs) {
			text_size += u.len + 1;
			if (texts_add(&nt, norm, u.len) != 0)
				st = a0l_fail(diag, AUTH0LOGOUT_E_NOMEM,
				              (size_t)-1, "out of memory");
		}
		if (u.wildcard) {
			size_t pl = prefix_len(&ents[i]),
			       sl = suffix_len(&ents[i]);
			wild++;
			shaped |= (pl | sl) != 0;
			if (pl < LONG_PART && sl < LONG_PART) {
				plens |= (uint64_t)1 << pl;
				slens |= (uint64_t)1 << sl;
			}
		}
	}
	/* Parent slots only when some wildcard has a fixed part: otherwise
	 * a parent's slot is its bare shape's. */
	size_t cap = table_size(count + (shaped ? wild : 0));
	size_t bloom_words = 1; /* about 8 bits per entry */
	while (bloom_words * 8 < count)
		bloom_words *= 2;
	size_t size = HEAD + cap * sizeof(uint32_t) +
	              bloom_words * sizeof(uint64_t) +
	              count * sizeof(struct entry) + text_size;
	auth0logout_allowlist *l = NULL;
	if (st == AUTH0LOGOUT_OK && text_size > UINT32_MAX)
		st = a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT, (size_t)-1,
		              "the entries' texts exceed 4 GiB");
	if (st == AUTH0LOGOUT_OK && cap > TAG)
		st = a0l_fail(diag, AUTH0LOGOUT_E_INVALID_ARGUMENT, (size_t)-1,
		              "too many entries");
	if (st == AUTH0LOGOUT_OK) {
		/* Entries and texts are written whole below; the header,
		 * the index and the Bloom filter start zeroed. */
		l = malloc(size);
		if (l)
			memset(l, 0,
			       HEAD + cap * sizeof(uint32_t) +
			           bloom_words * sizeof(uint64_t));
		if (!l)
			st = a0l_fail(diag, AUTH0LOGOUT_E_NOMEM, (size_t)-1,
			              "out of memory");
	}
	if (st != AUTH0LOGOUT_OK) {
		free(block);
		free(nt.p);
		return st;
	}
	l->n = count;
	l->size = size;
	l->mask = (uint32_t)(cap - 1);
	l->bloom_words = (uint32_t)bloom_words;
	l->prefix_lens = plens;
	l->suffix_lens = slens;
	l->flags = shaped ? L_PARENTS : 0;
	memcpy(entries_of(l), ents, count * sizeof(struct entry));
	char *text = (char *)text_of(l);
	const char *normed = nt.p;
	for (size_t i = 0; i < count; i++) {
		const struct entry *e = &entries_of(l)[i];
		const char *s;
		size_t n, base;
		get(src, i, &s, &n, &base);
		memcpy(text + e->raw_off, s, n);
		text[e->raw_off + n] = '\0';
		if (e->flags & F_NORM) {
			memcpy(text + e->raw_off + n + 1, normed,
			       (size_t)e->norm_len + 1);
			normed += e->norm_len + 1;
		}
	}
	free(block);
	free(nt.p);
	for (size_t i = 0; i < count; i++) {
		struct entry *e = &entries_of(l)[i];
		bloom_add(l,
		          (e->flags & F_WILDCARD) ? BLOOM_PARENT : BLOOM_HOST,
		          e->next);
		e->next = 0;
	}
	build_index(l);
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
	const struct entry *e = &entries_of(list)[i];
	*len = e->norm_len;
	*wildcard = (e->flags & F_WILDCARD) != 0;
	return norm_of(list, e);
}

const char *a0l_allowlist_raw(const auth0logout_allowlist *list, size_t i,
                              size_t *len)
{
	const struct entry *e = &entries_of(list)[i];
	if (len)
		*len = e->raw_len;
	return text_of(list) + e->raw_off;
}

/* R5.4: the first label of the returnTo host against the wildcard label's
 * prefix and suffix around '*'. */
static int wildcard_label_matches(const auth0logout_allowlist *l,
                                  const struct entry *e, const char *label,
                                  size_t n)
{
	const char *norm = norm_of(l, e);
	size_t pl = prefix_len(e), sl = suffix_len(e);
	if (n < pl + sl + 1)
		return 0;
	return a0l_eq_nocase(label, norm + e->host_off, pl) &&
	       a0l_eq_nocase(label + n - sl, norm + e->star_off + 1, sl);
	/* The middle is one or more label characters: the returnTo host was
	 * checked (R4.5), and a label holds no dot. */
}

/* The slot value (index + 1) of the first entry with key k (whose hash is
 * h), or 0.  For a wildcard key (a parent domain), the first wildcard of
 * the shape whose label has the prefix label[0..i) and the suffix
 * label[n-j..n). */
static uint32_t lookup_shape(const auth0logout_allowlist *l,
                             const struct key *k, uint32_t h, const char *label,
                             size_t n, size_t i, size_t j)
{
	const uint32_t *table = table_of(l);
	const struct entry *es = entries_of(l);
	for (size_t slot = h & l->mask;; slot = (slot + 1) & l->mask) {
		uint32_t v = table[slot];
		if (v == 0)
			return 0;
		if (v & TAG)
			continue;
		const struct entry *e = &es[v - 1];
		if (e->key_hash != h ||
		    (k->wildcard && (prefix_len(e) != i || suffix_len(e) != j)))
			continue;
		struct key ek = entry_key(l, e);
		if (key_eq(k, &ek) &&
		    (!k->wildcard ||
		     (a0l_eq_nocase(label, ek.text + e->host_off, i) &&
		      a0l_eq_nocase(label + n - j, ek.text + e->star_off + 1,
		                    j))))
			return v;
	}
}

/* The same for an exact key, or a bare wildcard ("*" label). */
static uint32_t lookup(const auth0logout_allowlist *l, const struct key *k,
                       uint32_t h)
{
	return lookup_shape(l, k, h, "", 0, 0, 0);
}

/* The slot value of the first wildcard (in list order) whose parent key
 * is pk, whatever its shape, or 0. */
static uint32_t lookup_parent(const auth0logout_allowlist *l,
                              const struct key *pk, uint32_t h)
{
	if (!(l->flags & L_PARENTS))
		return lookup(l, pk, h); /* every wildcard is bare */
	const uint32_t *table = table_of(l);
	const struct entry *es = entries_of(l);
	for (size_t slot = h & l->mask;; slot = (slot + 1) & l->mask) {
		uint32_t v = table[slot];
		if (v == 0)
			return 0;
		if (!(v & TAG))
			continue;
		struct key ek = entry_key(l, &es[(v & ~TAG) - 1]);
		if (key_eq(pk, &ek))
			return v & ~TAG;
	}
}

/* A small list is one block of a few hundred bytes; in a large store it
 * is rarely in cache.  Asking for its first lines at once lets the
 * header, the index, the entries and the texts arrive together instead of
 * one after the other (each read depends on the one before). */
#define PREFETCH_LINES 12

void a0l_allowlist_prefetch(const auth0logout_allowlist *list)
{
#if defined(__GNUC__)
	/* Past a short list's end the lines are the next list's: a
	 * prefetch never faults. */
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

/* The first entry of chain v (in list order) before best whose query
 * matches (when exact_query), or best. */
static size_t chain_first(const auth0logout_allowlist *l, uint32_t v,
                          size_t best, int exact_query, const char *uq,
                          size_t uqn)
{
	const struct entry *es = entries_of(l);
	for (; v != 0 && v - 1 < best; v = es[v - 1].next)
		if (!exact_query || query_matches(l, &es[v - 1], uq, uqn))
			return v - 1;
	return best;
}

/* The first wildcard (in list order, before best) over the parent key pk
 * (hash parent) whose label pattern matches label[0..n). */
static size_t match_wildcards(const auth0logout_allowlist *l,
                              const struct key *pk, uint32_t parent,
                              const char *label, size_t n, size_t best,
                              int exact_query, const char *uq, size_t uqn)
{
	uint64_t plens = l->prefix_lens, slens = l->suffix_lens;
	if (plens != 0) {
		/* The suffixes' hashes, from the label's last byte. */
		uint32_t hs[LONG_PART];
		size_t top = 63 - (size_t)__builtin_clzll(slens);
		uint32_t h = FNV_BASIS;
		for (size_t j = 0; j <= top && j < n; j++) {
			hs[j] = h;
			h ^= a0l_lower((unsigned char)label[n - 1 - j]);
			h *= 16777619u;
		}
		uint32_t hp = FNV_BASIS;
		for (size_t i = 0; i < n && (plens >> i) != 0; i++) {
			if (plens >> i & 1) {
				for (uint64_t m = slens; m != 0; m &= m - 1) {
					size_t j = (size_t)__builtin_ctzll(m);
					if (i + j + 1 > n)
						break;
					uint32_t sh =
					    shape_hash(parent, hp, hs[j], i, j);
					uint32_t v = lookup_shape(
					    l, pk, sh, label, n, i, j);
					best = chain_first(
					    l, v, best, exact_query, uq, uqn);
				}
			}
			hp ^= a0l_lower((unsigned char)label[i]);
			hp *= 16777619u;
		}
	}
	/* Fixed parts too long for a DNS label: compared one by one. */
	const struct entry *es = entries_of(l);
	for (uint32_t v = l->long_first; v != 0 && v - 1 < best;
	     v = es[v - 1].next) {
		const struct entry *e = &es[v - 1];
		struct key ek = entry_key(l, e);
		if (key_eq(pk, &ek) && wildcard_label_matches(l, e, label, n) &&
		    (!exact_query || query_matches(l, e, uq, uqn)))
			return v - 1;
	}
	return best;
}

/* The first entry (in list order) that u matches: by R4.8's key, and with
 * exact_query by the query too (R8.4). */
static size_t match(const auth0logout_allowlist *list, const a0l_url *u,
                    int exact_query)
{
	if (!list || list->n == 0)
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
	    dot ? fnv_fold_rev(FNV_BASIS, dot + 1, u->host_len - label_len - 1)
	        : FNV_BASIS;
	uint32_t full = dot ? fnv_fold_rev(parent, dot, 1) : FNV_BASIS;
	full = host_hash(full, host, label_len, !u->special);
	uint32_t v = lookup(list, &k, key_hash_of(sh, full, pp, &k));
	size_t best = chain_first(list, v, (size_t)-1, exact_query, uq, uqn);
	if (!dot || (list->prefix_lens == 0 && list->long_first == 0))
		return best;

	struct key pk = url_key(u, (size_t)(dot - u->text) + 1, 1);
	return match_wildcards(list, &pk, key_hash_of(sh, parent, pp, &pk),
	                       host, label_len, best, exact_query, uq, uqn);
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
	uint32_t v = lookup_parent(list, &k, key_hash(&k));
	return v ? v - 1 : (size_t)-1;
}
