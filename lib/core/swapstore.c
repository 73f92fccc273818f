/* SPDX-License-Identifier: MIT */
/*
 * The swap store (R10.1, R10.2): decisions read an immutable snapshot, one
 * writer stages changes and publishes them with one atomic exchange.
 *
 * Layout.  A snapshot is a small header (the tenant's list, the number of
 * clients) and a persistent hash trie of clients: inner nodes of 256
 * children indexed by successive bytes of a 64-bit hash of the client_id,
 * leaves that are small open-addressing tables of 64-byte slots (the
 * client_id inline, as in the memstore).  A change copies the nodes on the
 * way to its client (a 2 KiB inner node per level, one leaf of at most 64
 * slots) and shares everything else with the snapshot before it, so it
 * costs the same whatever the number of clients.  Nodes made since the
 * last publish belong to the draft alone and are changed in place, so a
 * batch (a full load) copies each path once.
 *
 * Reclamation.  What a change replaces (nodes, lists, long client_ids) is
 * garbage of the snapshot published before it; at the next publish that
 * snapshot is retired with its garbage, and a retired snapshot is freed,
 * oldest first, once no reader holds it.  Readers announce the snapshot
 * they hold in their own slot (a hazard pointer: announce, then check that
 * it is still current), so they take no lock and never wait; the writer
 * never waits either, it frees what it can and leaves the rest for the
 * next publish or collect.
 */
#include "internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define FANOUT 256
#define MAX_DEPTH                                                              \
	4 /* inner levels over the low 32 bits of the hash; the                \
	     leaves use the high 32 for their slots */
/* A leaf splits into an inner node rather than grow past this capacity
 * (64 slots, 4 KiB), unless it is at MAX_DEPTH. */
#define LEAF_SPLIT_CAP 64
#define LEAF_MIN_CAP   4

enum { K_LEAF = 1, K_INNER = 2 };

struct node {
	uint64_t gen; /* the draft generation it was made in (64 bits: it
	                 never wraps, so no published node can pass for the
	                 draft's) */
	uint32_t kind;
};

/* A reference to a node: its address, with the low 6 bits (nodes are
 * 64-byte aligned) saying what it is: 0 an inner node, k > 0 a leaf of
 * 2^k slots.  A lookup thus finds a leaf's slot without first reading the
 * leaf's header: one dependent cache miss fewer.  0: no node. */
typedef uintptr_t nref;
#define REF_TAG ((nref)63)

struct inner {
	struct node h;
	nref child[FANOUT];
};

/* One client, one cache line.  id_len 0: an empty slot. */
#define ID_INLINE 48
struct cslot {
	const auth0logout_allowlist *list; /* NULL: an empty list */
	uint32_t hash_hi;                  /* the high 32 bits of the hash */
	uint16_t id_len;
	uint8_t failed; /* R10.5: no good version; decided as a 500 */
	char id[ID_INLINE + 1];
};
_Static_assert(sizeof(struct cslot) == 64, "a client slot is 64 bytes");

struct leaf {
	struct node h;
	uint32_t count, cap; /* cap: a power of two */
	unsigned char pad[40];
	struct cslot slot[];
};
_Static_assert(sizeof(struct leaf) == 64, "slots start on a cache line");

struct snap {
	uint64_t version;
	const auth0logout_allowlist *tenant; /* NULL: empty */
	int tenant_failed;
	nref trie;
	size_t count;
};

/* What a change made unreachable from the draft; freed with the snapshot
 * it was reachable from. */
enum { G_NODE = 1, G_LIST = 2, G_ID = 3 };
struct garbage {
	void *p;
	int kind;
};
struct gvec {
	struct garbage *v;
	size_t n, cap;
};

struct retired {
	struct snap *snap;
	struct gvec g;
};

struct auth0logout_swapstore_reader {
	_Atomic(struct snap *) held; /* announced to the writer */
	struct snap *pinned;         /* the snapshot of this decision */
	unsigned depth;              /* lists handed out and not released */
	atomic_int in_use;
	struct auth0logout_swapstore_reader *next; /* immutable once pushed */
	auth0logout_swapstore *ss;
	unsigned char pad[24];
};
_Static_assert(sizeof(struct auth0logout_swapstore_reader) == 64,
               "a reader is one cache line");

struct auth0logout_swapstore {
	_Atomic(struct snap *) current;
	_Atomic(uint64_t) version;
	_Atomic(auth0logout_swapstore_reader *) readers;
	struct snap draft;
	uint64_t gen;
	struct gvec garbage; /* of the current snapshot */
	struct retired *retired;
	size_t n_retired, cap_retired;
	auth0logout_allowlist *empty; /* handed out for an empty list */
};

/* ---- hashing ------------------------------------------------------------ */

static uint64_t hash64(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a, then a finalizer */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

static const char *slot_id(const struct cslot *c)
{
	if (c->id_len <= ID_INLINE)
		return c->id;
	const char *p;
	memcpy(&p, c->id, sizeof p);
	return p;
}

/* ---- lookups (readers and the writer) ---------------------------------- */

static size_t probe(const struct leaf *l, size_t mask, const char *id, size_t n,
                    uint32_t hi)
{
	for (size_t i = hi & mask;; i = (i + 1) & mask) {
		const struct cslot *c = &l->slot[i];
		if (c->id_len == 0 || (c->hash_hi == hi && c->id_len == n &&
		                       memcmp(slot_id(c), id, n) == 0))
			return i;
	}
}

static size_t leaf_find(const struct leaf *l, const char *id, size_t n,
                        uint32_t hi)
{
	return probe(l, l->cap - 1, id, n, hi);
}

static void *node_of(nref r)
{
	return (void *)(r & ~REF_TAG);
}

static nref ref_of(const struct node *n)
{
	if (!n)
		return 0;
	nref k = 0;
	if (n->kind == K_LEAF)
		for (uint32_t cap = ((const struct leaf *)n)->cap; cap > 1;
		     cap >>= 1)
			k++;
	return (nref)n | k;
}

static const struct cslot *find(const struct snap *s, const char *id, size_t n)
{
	uint64_t h = hash64(id, n);
	nref r = s->trie;
	for (unsigned d = 0; r && (r & REF_TAG) == 0; d++)
		r = ((const struct inner *)node_of(r))
		        ->child[(h >> (8 * d)) & 0xff];
	if (!r)
		return NULL;
	const struct leaf *l = node_of(r);
	size_t mask = ((size_t)1 << (r & REF_TAG)) - 1;
	const struct cslot *c =
	    &l->slot[probe(l, mask, id, n, (uint32_t)(h >> 32))];
	return c->id_len ? c : NULL;
}

/* ---- garbage ------------------------------------------------------------ */

static int gvec_reserve(struct gvec *g, size_t more)
{
	if (g->n + more <= g->cap)
		return 0;
	size_t cap = g->cap ? g->cap : 16;
	while (cap < g->n + more)
		cap *= 2;
	struct garbage *v = realloc(g->v, cap * sizeof *v);
	if (!v)
		return -1;
	g->v = v;
	g->cap = cap;
	return 0;
}

/* Reserved beforehand: never fails. */
static void gpush(struct gvec *g, void *p, int kind)
{
	if (p)
		g->v[g->n++] = (struct garbage){p, kind};
}

static void gvec_free(struct gvec *g)
{
	for (size_t i = 0; i < g->n; i++) {
		if (g->v[i].kind == G_LIST)
			auth0logout_allowlist_free(g->v[i].p);
		else
			free(g->v[i].p);
	}
	free(g->v);
	*g = (struct gvec){0};
}

/* The garbage one change can make: a node per level, a leaf, a list, an
 * id. */
#define CHANGE_GARBAGE (MAX_DEPTH + 4)

/* ---- the writer --------------------------------------------------------- */

/* Nodes on cache lines (C11 aligned_alloc wants a multiple of 64). */
static void *alloc64(size_t size)
{
	return aligned_alloc(64, (size + 63) & ~(size_t)63);
}

static struct leaf *leaf_new(uint32_t cap, uint64_t gen)
{
	size_t size = sizeof(struct leaf) + (size_t)cap * sizeof(struct cslot);
	struct leaf *l = alloc64(size);
	if (!l)
		return NULL;
	memset(l, 0, size);
	l->h.gen = gen;
	l->h.kind = K_LEAF;
	l->cap = cap;
	return l;
}

static size_t node_size(const struct node *n)
{
	if (n->kind == K_INNER)
		return sizeof(struct inner);
	return sizeof(struct leaf) +
	       (size_t)((const struct leaf *)n)->cap * sizeof(struct cslot);
}

/* The draft's own copy of n: n itself when the draft made it, else a copy
 * (n becomes garbage). */
static struct node *own(auth0logout_swapstore *ss, struct node *n)
{
	if (n->gen == ss->gen)
		return n;
	size_t size = node_size(n);
	struct node *c = alloc64(size);
	if (!c)
		return NULL;
	memcpy(c, n, size);
	c->gen = ss->gen;
	gpush(&ss->garbage, n, G_NODE);
	return c;
}

/* Drops a node the draft no longer needs: freed now when only the draft
 * had it, else garbage. */
static void drop_node(auth0logout_swapstore *ss, struct node *n)
{
	if (n->gen == ss->gen)
		free(n);
	else
		gpush(&ss->garbage, n, G_NODE);
}

static void leaf_insert(struct leaf *l, const struct cslot *c)
{
	size_t mask = l->cap - 1, i = c->hash_hi & mask;
	while (l->slot[i].id_len)
		i = (i + 1) & mask;
	l->slot[i] = *c;
	l->count++;
}

/* A leaf of twice the capacity with the same slots. */
static struct leaf *leaf_grow(const struct leaf *l, uint64_t gen)
{
	struct leaf *g = leaf_new(l->cap * 2, gen);
	if (!g)
		return NULL;
	for (uint32_t i = 0; i < l->cap; i++)
		if (l->slot[i].id_len)
			leaf_insert(g, &l->slot[i]);
	return g;
}

/* An inner node at depth d holding the slots of l. */
static struct inner *leaf_split(const struct leaf *l, unsigned d, uint64_t gen)
{
	struct inner *in = alloc64(sizeof *in);
	if (!in)
		return NULL;
	memset(in, 0, sizeof *in);
	in->h.gen = gen;
	in->h.kind = K_INNER;
	uint32_t per[FANOUT] = {0};
	uint64_t hashes[LEAF_SPLIT_CAP];
	for (uint32_t i = 0; i < l->cap; i++) {
		const struct cslot *c = &l->slot[i];
		if (!c->id_len)
			continue;
		hashes[i] = hash64(slot_id(c), c->id_len);
		per[(hashes[i] >> (8 * d)) & 0xff]++;
	}
	for (unsigned b = 0; b < FANOUT; b++) {
		if (!per[b])
			continue;
		uint32_t cap = LEAF_MIN_CAP;
		while (4 * per[b] > 3 * cap)
			cap *= 2;
		struct leaf *c = leaf_new(cap, gen);
		if (!c) {
			for (unsigned k = 0; k < b; k++)
				free(node_of(in->child[k]));
			free(in);
			return NULL;
		}
		in->child[b] = ref_of(&c->h);
	}
	for (uint32_t i = 0; i < l->cap; i++)
		if (l->slot[i].id_len)
			leaf_insert(
			    node_of(in->child[(hashes[i] >> (8 * d)) & 0xff]),
			    &l->slot[i]);
	return in;
}

/* Sets client id to list / failed in the draft. */
static auth0logout_status put(auth0logout_swapstore *ss, const char *id,
                              size_t n, auth0logout_allowlist *list, int failed)
{
	size_t at;
	auth0logout_status st = a0l_client_id_check(id, n, &at);
	char *heap = NULL;
	if (st == AUTH0LOGOUT_OK && gvec_reserve(&ss->garbage, CHANGE_GARBAGE))
		st = AUTH0LOGOUT_E_NOMEM;
	if (st == AUTH0LOGOUT_OK && n > ID_INLINE && !(heap = malloc(n)))
		st = AUTH0LOGOUT_E_NOMEM;
	if (st != AUTH0LOGOUT_OK) {
		auth0logout_allowlist_free(list);
		return st;
	}
	uint64_t h = hash64(id, n);
	uint32_t hi = (uint32_t)(h >> 32);
	nref *link = &ss->draft.trie;
	for (unsigned d = 0;; d++) {
		struct node *nd = node_of(*link);
		if (!nd)
			nd = (struct node *)leaf_new(LEAF_MIN_CAP, ss->gen);
		else
			nd = own(ss, nd);
		if (!nd)
			goto nomem;
		*link = ref_of(nd);
		if (nd->kind == K_INNER) {
			link =
			    &((struct inner *)nd)->child[(h >> (8 * d)) & 0xff];
			continue;
		}
		struct leaf *l = (struct leaf *)nd;
		struct cslot *c = &l->slot[leaf_find(l, id, n, hi)];
		if (c->id_len) { /* replace */
			gpush(&ss->garbage, (void *)c->list, G_LIST);
			c->list = list;
			c->failed = (uint8_t)failed;
			free(heap);
			return AUTH0LOGOUT_OK;
		}
		if (4 * (l->count + 1) > 3 * l->cap) {
			struct node *bigger;
			if (l->cap >= LEAF_SPLIT_CAP && d < MAX_DEPTH)
				bigger =
				    (struct node *)leaf_split(l, d, ss->gen);
			else
				bigger = (struct node *)leaf_grow(l, ss->gen);
			if (!bigger)
				goto nomem;
			free(l); /* the draft's own (own() made it so) */
			*link = ref_of(bigger);
			d--; /* look at the same depth again */
			continue;
		}
		struct cslot s = {list, hi, (uint16_t)n, (uint8_t)failed, {0}};
		if (heap) {
			memcpy(heap, id, n);
			memcpy(s.id, &heap, sizeof heap);
		} else {
			memcpy(s.id, id, n);
		}
		leaf_insert(l, &s);
		ss->draft.count++;
		return AUTH0LOGOUT_OK;
	}
nomem:
	/* Whatever was copied on the way stays in the draft: it equals the
	 * original. */
	free(heap);
	auth0logout_allowlist_free(list);
	return AUTH0LOGOUT_E_NOMEM;
}

static auth0logout_status remove_client(auth0logout_swapstore *ss,
                                        const char *id, size_t n)
{
	if (!find(&ss->draft, id, n))
		return AUTH0LOGOUT_E_UNKNOWN_CLIENT;
	if (gvec_reserve(&ss->garbage, CHANGE_GARBAGE))
		return AUTH0LOGOUT_E_NOMEM;
	uint64_t h = hash64(id, n);
	uint32_t hi = (uint32_t)(h >> 32);
	nref *link = &ss->draft.trie;
	for (unsigned d = 0;; d++) {
		struct node *nd = own(ss, node_of(*link));
		if (!nd)
			return AUTH0LOGOUT_E_NOMEM;
		*link = ref_of(nd);
		if (nd->kind == K_INNER) {
			link =
			    &((struct inner *)nd)->child[(h >> (8 * d)) & 0xff];
			continue;
		}
		struct leaf *l = (struct leaf *)nd;
		size_t mask = l->cap - 1, i = leaf_find(l, id, n, hi);
		struct cslot *c = &l->slot[i];
		gpush(&ss->garbage, (void *)c->list, G_LIST);
		if (c->id_len > ID_INLINE)
			gpush(&ss->garbage, (void *)slot_id(c), G_ID);
		/* Backward-shift deletion keeps every probe run unbroken. */
		for (size_t j = i;;) {
			j = (j + 1) & mask;
			if (!l->slot[j].id_len)
				break;
			size_t k = l->slot[j].hash_hi & mask;
			if (i <= j ? (k <= i || k > j) : (k <= i && k > j)) {
				l->slot[i] = l->slot[j];
				i = j;
			}
		}
		memset(&l->slot[i], 0, sizeof l->slot[i]);
		l->count--;
		ss->draft.count--;
		if (l->count == 0) {
			free(l);
			*link = 0;
		}
		return AUTH0LOGOUT_OK;
	}
}

/* Counts what clear() will push. */
static size_t count_items(nref r)
{
	const struct node *nd = node_of(r);
	if (!nd)
		return 0;
	size_t k = 1;
	if (nd->kind == K_INNER) {
		const struct inner *in = (const struct inner *)nd;
		for (unsigned b = 0; b < FANOUT; b++)
			k += count_items(in->child[b]);
	} else {
		const struct leaf *l = (const struct leaf *)nd;
		k += 2 * (size_t)l->count;
	}
	return k;
}

static void drop_all(auth0logout_swapstore *ss, nref r)
{
	struct node *nd = node_of(r);
	if (!nd)
		return;
	if (nd->kind == K_INNER) {
		struct inner *in = (struct inner *)nd;
		for (unsigned b = 0; b < FANOUT; b++)
			drop_all(ss, in->child[b]);
	} else {
		struct leaf *l = (struct leaf *)nd;
		for (uint32_t i = 0; i < l->cap; i++) {
			struct cslot *c = &l->slot[i];
			if (!c->id_len)
				continue;
			gpush(&ss->garbage, (void *)c->list, G_LIST);
			if (c->id_len > ID_INLINE)
				gpush(&ss->garbage, (void *)slot_id(c), G_ID);
		}
	}
	drop_node(ss, nd);
}

/* ---- reclamation -------------------------------------------------------- */

static int held_by_a_reader(auth0logout_swapstore *ss, const struct snap *s)
{
	for (auth0logout_swapstore_reader *r = atomic_load(&ss->readers); r;
	     r = r->next)
		if (atomic_load(&r->held) == s)
			return 1;
	return 0;
}

AUTH0LOGOUT_API size_t auth0logout_swapstore_collect(auth0logout_swapstore *ss)
{
	if (!ss)
		return 0;
	size_t k = 0;
	while (k < ss->n_retired &&
	       !held_by_a_reader(ss, ss->retired[k].snap)) {
		gvec_free(&ss->retired[k].g);
		free(ss->retired[k].snap);
		k++;
	}
	if (k > 0) {
		memmove(ss->retired, ss->retired + k,
		        (ss->n_retired - k) * sizeof *ss->retired);
		ss->n_retired -= k;
	}
	return ss->n_retired;
}

/* ---- the public writer functions ---------------------------------------- */

AUTH0LOGOUT_API auth0logout_swapstore *auth0logout_swapstore_new(void)
{
	auth0logout_swapstore *ss = calloc(1, sizeof *ss);
	if (!ss)
		return NULL;
	atomic_init(&ss->current, NULL);
	atomic_init(&ss->version, 0);
	atomic_init(&ss->readers, NULL);
	ss->gen = 1;
	if (auth0logout_allowlist_compile_csv("", 0, &ss->empty, NULL) !=
	    AUTH0LOGOUT_OK) {
		free(ss);
		return NULL;
	}
	return ss;
}

AUTH0LOGOUT_API void auth0logout_swapstore_free(auth0logout_swapstore *ss)
{
	if (!ss)
		return;
	/* The retired snapshots and their garbage, then the current
	 * snapshot's garbage: all that is not reachable from the draft. */
	for (size_t i = 0; i < ss->n_retired; i++) {
		gvec_free(&ss->retired[i].g);
		free(ss->retired[i].snap);
	}
	free(ss->retired);
	free(atomic_load(&ss->current));
	gvec_free(&ss->garbage);
	/* Then the draft, which every published snapshot shares. */
	if (gvec_reserve(&ss->garbage, count_items(ss->draft.trie) + 1) == 0) {
		ss->gen++; /* every node is freed through the garbage */
		drop_all(ss, ss->draft.trie);
		gpush(&ss->garbage, (void *)ss->draft.tenant, G_LIST);
		gvec_free(&ss->garbage);
	}
	auth0logout_allowlist_free(ss->empty);
	auth0logout_swapstore_reader *r = atomic_load(&ss->readers);
	while (r) {
		auth0logout_swapstore_reader *next = r->next;
		free(r);
		r = next;
	}
	free(ss);
}

AUTH0LOGOUT_API auth0logout_status auth0logout_swapstore_set_tenant(
    auth0logout_swapstore *ss, auth0logout_allowlist *list)
{
	if (!ss || gvec_reserve(&ss->garbage, 1)) {
		auth0logout_allowlist_free(list);
		return ss ? AUTH0LOGOUT_E_NOMEM
		          : AUTH0LOGOUT_E_INVALID_ARGUMENT;
	}
	gpush(&ss->garbage, (void *)ss->draft.tenant, G_LIST);
	ss->draft.tenant = list;
	ss->draft.tenant_failed = 0;
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_API auth0logout_status
auth0logout_swapstore_fail_tenant(auth0logout_swapstore *ss)
{
	if (!ss)
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	if (gvec_reserve(&ss->garbage, 1))
		return AUTH0LOGOUT_E_NOMEM;
	gpush(&ss->garbage, (void *)ss->draft.tenant, G_LIST);
	ss->draft.tenant = NULL;
	ss->draft.tenant_failed = 1;
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_API auth0logout_status auth0logout_swapstore_put_client(
    auth0logout_swapstore *ss, const char *client_id, size_t client_id_len,
    auth0logout_allowlist *list)
{
	if (!ss || !client_id) {
		auth0logout_allowlist_free(list);
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	}
	return put(ss, client_id, client_id_len, list, 0);
}

AUTH0LOGOUT_API auth0logout_status auth0logout_swapstore_fail_client(
    auth0logout_swapstore *ss, const char *client_id, size_t client_id_len)
{
	if (!ss || !client_id)
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	return put(ss, client_id, client_id_len, NULL, 1);
}

AUTH0LOGOUT_API auth0logout_status auth0logout_swapstore_remove_client(
    auth0logout_swapstore *ss, const char *client_id, size_t client_id_len)
{
	if (!ss || !client_id)
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	return remove_client(ss, client_id, client_id_len);
}

AUTH0LOGOUT_API auth0logout_status
auth0logout_swapstore_clear(auth0logout_swapstore *ss)
{
	if (!ss)
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	if (gvec_reserve(&ss->garbage, count_items(ss->draft.trie) + 1))
		return AUTH0LOGOUT_E_NOMEM;
	drop_all(ss, ss->draft.trie);
	gpush(&ss->garbage, (void *)ss->draft.tenant, G_LIST);
	ss->draft.trie = 0;
	ss->draft.tenant = NULL;
	ss->draft.tenant_failed = 0;
	ss->draft.count = 0;
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_API int
auth0logout_swapstore_client_state(const auth0logout_swapstore *ss,
                                   const char *client_id, size_t client_id_len)
{
	if (!ss || !client_id)
		return AUTH0LOGOUT_SWAPSTORE_ABSENT;
	const struct cslot *c = find(&ss->draft, client_id, client_id_len);
	if (!c)
		return AUTH0LOGOUT_SWAPSTORE_ABSENT;
	return c->failed ? AUTH0LOGOUT_SWAPSTORE_FAILED
	                 : AUTH0LOGOUT_SWAPSTORE_GOOD;
}

AUTH0LOGOUT_API size_t
auth0logout_swapstore_client_count(const auth0logout_swapstore *ss)
{
	return ss ? ss->draft.count : 0;
}

AUTH0LOGOUT_API auth0logout_status
auth0logout_swapstore_publish(auth0logout_swapstore *ss)
{
	if (!ss)
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	if (ss->n_retired == ss->cap_retired) {
		size_t cap = ss->cap_retired ? 2 * ss->cap_retired : 8;
		struct retired *r = realloc(ss->retired, cap * sizeof *r);
		if (!r)
			return AUTH0LOGOUT_E_NOMEM;
		ss->retired = r;
		ss->cap_retired = cap;
	}
	struct snap *s = malloc(sizeof *s);
	if (!s)
		return AUTH0LOGOUT_E_NOMEM;
	*s = ss->draft;
	s->version = atomic_load(&ss->version) + 1;
	ss->gen++; /* the draft's nodes are now shared with s */
	struct snap *old = atomic_exchange(&ss->current, s);
	atomic_store(&ss->version, s->version);
	if (old) {
		ss->retired[ss->n_retired++] =
		    (struct retired){old, ss->garbage};
	} else {
		gvec_free(&ss->garbage); /* nothing published reached it */
	}
	ss->garbage = (struct gvec){0};
	auth0logout_swapstore_collect(ss);
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_API uint64_t
auth0logout_swapstore_version(const auth0logout_swapstore *ss)
{
	return ss ? atomic_load(&((auth0logout_swapstore *)ss)->version) : 0;
}

/* ---- readers ------------------------------------------------------------ */

AUTH0LOGOUT_API auth0logout_swapstore_reader *
auth0logout_swapstore_reader_new(auth0logout_swapstore *ss)
{
	if (!ss)
		return NULL;
	for (auth0logout_swapstore_reader *r = atomic_load(&ss->readers); r;
	     r = r->next) {
		int free_slot = 0;
		if (atomic_compare_exchange_strong(&r->in_use, &free_slot, 1))
			return r;
	}
	auth0logout_swapstore_reader *r = alloc64(sizeof *r);
	if (!r)
		return NULL;
	memset(r, 0, sizeof *r);
	atomic_init(&r->held, NULL);
	atomic_init(&r->in_use, 1);
	r->ss = ss;
	r->next = atomic_load(&ss->readers);
	while (!atomic_compare_exchange_weak(&ss->readers, &r->next, r))
		;
	return r;
}

AUTH0LOGOUT_API void
auth0logout_swapstore_reader_free(auth0logout_swapstore_reader *r)
{
	if (!r)
		return;
	atomic_store(&r->held, NULL);
	r->pinned = NULL;
	r->depth = 0;
	atomic_store(&r->in_use, 0);
}

/* The snapshot of this decision: taken at its first lookup. */
static const struct snap *hold(auth0logout_swapstore_reader *r)
{
	if (r->depth == 0) {
		struct snap *s;
		/* Announce, then check it is still current: a writer that
		 * replaced it before seeing the announcement is noticed
		 * here; one that replaces it later sees the announcement
		 * and does not free it. */
		do {
			s = atomic_load(&r->ss->current);
			atomic_store(&r->held, s);
		} while (atomic_load(&r->ss->current) != s);
		r->pinned = s;
	}
	return r->pinned;
}

/* Ends the hold of a lookup that hands nothing out. */
static int unhold(auth0logout_swapstore_reader *r, int status)
{
	if (r->depth == 0) {
		atomic_store(&r->held, NULL);
		r->pinned = NULL;
	}
	return status;
}

static int hand_out(auth0logout_swapstore_reader *r,
                    const auth0logout_allowlist *list,
                    const auth0logout_allowlist **out)
{
	*out = list ? list : r->ss->empty;
	r->depth++;
	return AUTH0LOGOUT_OK;
}

static int swap_tenant(void *ctx, const auth0logout_allowlist **out)
{
	auth0logout_swapstore_reader *r = ctx;
	const struct snap *s = hold(r);
	*out = NULL;
	if (!s || s->tenant_failed)
		return unhold(r, AUTH0LOGOUT_E_STORE_FAILED);
	return hand_out(r, s->tenant, out);
}

static int swap_client(void *ctx, const char *id, size_t n,
                       const auth0logout_allowlist **out)
{
	auth0logout_swapstore_reader *r = ctx;
	const struct snap *s = hold(r);
	*out = NULL;
	if (!s)
		return unhold(r, AUTH0LOGOUT_E_STORE_FAILED);
	const struct cslot *c = find(s, id, n);
	if (!c)
		return unhold(r, AUTH0LOGOUT_E_UNKNOWN_CLIENT);
	if (c->failed)
		return unhold(r, AUTH0LOGOUT_E_STORE_FAILED);
	return hand_out(r, c->list, out);
}

int a0l_swapstore_owns(const auth0logout_store *store)
{
	return store->client_list == swap_client;
}

static void swap_release(void *ctx, const auth0logout_allowlist *list)
{
	auth0logout_swapstore_reader *r = ctx;
	(void)list;
	if (r->depth > 0 && --r->depth == 0) {
		atomic_store(&r->held, NULL);
		r->pinned = NULL;
	}
}

AUTH0LOGOUT_API void
auth0logout_swapstore_reader_store(auth0logout_swapstore_reader *r,
                                   auth0logout_store *out)
{
	if (!out)
		return;
	out->ctx = r;
	out->tenant_list = swap_tenant;
	out->client_list = swap_client;
	out->release = swap_release;
}
