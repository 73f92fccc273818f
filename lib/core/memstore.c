/* SPDX-License-Identifier: MIT */
/* The built-in in-memory store: a tenant list and clients found by hash.
 * Built from one thread, then frozen and read by any number of threads:
 * reading changes nothing, so it needs no lock.
 *
 * In a large store, a decision's time goes to memory latency: the client's
 * slot, then its list, each a miss in the caches and, with 4 KiB pages, in
 * the TLB too.  So the client lists are packed into large arenas and those
 * and a large client table are put on transparent huge pages where the
 * system offers them (madvise(MADV_HUGEPAGE); nothing for the user to set),
 * and decide asks for a list's lines before it checks the returnTo. */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* A large region is offered huge pages: the HUGE-aligned part of it.
 * Advice only; the memory comes from malloc all the same, so that it is
 * counted and freed like any other. */
#define HUGE ((size_t)2 << 20)

static void *big_alloc(size_t size)
{
	void *p = aligned_alloc(64, (size + 63) & ~(size_t)63);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	if (p && size >= 2 * HUGE) {
		uintptr_t a =
		    ((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
		uintptr_t b = ((uintptr_t)p + size) & ~(uintptr_t)(HUGE - 1);
		if (b > a)
			(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
	}
#endif
	return p;
}

/* The arenas the client lists are copied into: a chain of chunks, each
 * twice the last, from CHUNK_MIN to CHUNK_MAX bytes. */
#define CHUNK_MIN ((size_t)4 << 10)
#define CHUNK_MAX ((size_t)32 << 20)
struct chunk {
	struct chunk *prev;
	size_t size, used; /* size: the whole chunk, header included */
};
#define CHUNK_HEAD A0L_ALIGN16(sizeof(struct chunk))

/* One slot of the client table, one cache line: a client_id of up to
 * ID_INLINE bytes (Auth0's are 32) is kept in the slot itself, so that a
 * lookup reads the slot and then the list; a longer one is on the heap,
 * its pointer stored in id. */
#define ID_INLINE 48
struct client {
	auth0logout_allowlist *list;
	uint32_t hash;
	uint16_t id_len; /* 0: empty slot */
	char id[ID_INLINE + 2];
};

_Static_assert(sizeof(struct client) == 64, "a client slot is 64 bytes");

static const char *id_of(const struct client *c)
{
	if (c->id_len <= ID_INLINE)
		return c->id;
	const char *p;
	memcpy(&p, c->id, sizeof p);
	return p;
}

static void free_id(struct client *c)
{
	if (c->id_len > ID_INLINE)
		free((void *)id_of(c));
}

struct auth0logout_memstore {
	auth0logout_allowlist *tenant;
	struct client *clients; /* open addressing; id_len 0: empty */
	size_t cap;             /* a power of two, or 0 */
	size_t count;
	struct chunk *arena; /* the newest chunk; the clients' lists */
	int frozen;
};

/* A copy of list in the arena, or NULL when out of memory. */
static auth0logout_allowlist *arena_copy(auth0logout_memstore *ms,
                                         const auth0logout_allowlist *list)
{
	size_t size = A0L_ALIGN16(auth0logout_allowlist_size(list));
	struct chunk *c = ms->arena;
	if (!c || size > c->size - CHUNK_HEAD - c->used) {
		size_t want = c ? 2 * c->size : CHUNK_MIN;
		if (want > CHUNK_MAX)
			want = CHUNK_MAX;
		while (want < CHUNK_HEAD + size)
			want *= 2;
		struct chunk *n = big_alloc(want);
		if (!n)
			return NULL;
		n->prev = c;
		n->size = want;
		n->used = 0;
		ms->arena = c = n;
	}
	auth0logout_allowlist *copy = auth0logout_allowlist_copy(
	    list, (char *)c + CHUNK_HEAD + c->used, size);
	c->used += size;
	return copy;
}

static uint32_t id_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

AUTH0LOGOUT_API auth0logout_memstore *auth0logout_memstore_new(void)
{
	return calloc(1, sizeof(auth0logout_memstore));
}

AUTH0LOGOUT_API void auth0logout_memstore_free(auth0logout_memstore *ms)
{
	if (!ms)
		return;
	auth0logout_allowlist_free(ms->tenant);
	for (size_t i = 0; i < ms->cap; i++)
		free_id(&ms->clients[i]);
	free(ms->clients);
	while (ms->arena) {
		struct chunk *prev = ms->arena->prev;
		free(ms->arena);
		ms->arena = prev;
	}
	free(ms);
}

AUTH0LOGOUT_API auth0logout_status auth0logout_memstore_set_tenant(
    auth0logout_memstore *ms, auth0logout_allowlist *list)
{
	if (!ms || ms->frozen) {
		auth0logout_allowlist_free(list);
		return ms ? AUTH0LOGOUT_E_STORE_FROZEN
		          : AUTH0LOGOUT_E_INVALID_ARGUMENT;
	}
	auth0logout_allowlist_free(ms->tenant);
	ms->tenant = list;
	return AUTH0LOGOUT_OK;
}

static struct client *find_slot(struct client *tab, size_t cap, const char *id,
                                size_t n, uint32_t h)
{
	for (size_t i = (size_t)h & (cap - 1);; i = (i + 1) & (cap - 1)) {
		struct client *c = &tab[i];
		if (c->id_len == 0 || (c->hash == h && c->id_len == n &&
		                       memcmp(id_of(c), id, n) == 0))
			return c;
	}
}

/* Rehashes into a table of cap slots (a power of two, more than now). */
static int grow_to(auth0logout_memstore *ms, size_t cap)
{
	if (cap > (size_t)-1 / sizeof(struct client))
		return -1;
	/* Slots aligned to cache lines; a large table on huge pages. */
	struct client *tab = big_alloc(cap * sizeof *tab);
	if (!tab)
		return -1;
	memset(tab, 0, cap * sizeof *tab);
	for (size_t i = 0; i < ms->cap; i++)
		if (ms->clients[i].id_len)
			*find_slot(tab, cap, id_of(&ms->clients[i]),
			           ms->clients[i].id_len, ms->clients[i].hash) =
			    ms->clients[i];
	free(ms->clients);
	ms->clients = tab;
	ms->cap = cap;
	return 0;
}

static int grow(auth0logout_memstore *ms)
{
	return grow_to(ms, ms->cap ? ms->cap * 2 : 16);
}

AUTH0LOGOUT_API auth0logout_status
auth0logout_memstore_reserve(auth0logout_memstore *ms, size_t clients)
{
	if (!ms)
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	if (ms->frozen)
		return AUTH0LOGOUT_E_STORE_FROZEN;
	if (clients == 0)
		return AUTH0LOGOUT_OK; /* nothing to make room for */
	/* The load factor stays at most 3/4, as add_client keeps it. */
	size_t cap = ms->cap ? ms->cap : 16;
	while (clients <= (size_t)-1 / 8 && cap < (size_t)-1 / 8 &&
	       4 * clients > 3 * cap)
		cap *= 2;
	if (clients > (size_t)-1 / 8 || 4 * clients > 3 * cap)
		return AUTH0LOGOUT_E_NOMEM;
	if (cap > ms->cap && grow_to(ms, cap) != 0)
		return AUTH0LOGOUT_E_NOMEM;
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_API auth0logout_status auth0logout_memstore_add_client(
    auth0logout_memstore *ms, const char *client_id, size_t client_id_len,
    auth0logout_allowlist *list)
{
	size_t at;
	auth0logout_status st =
	    !ms || !client_id
	        ? AUTH0LOGOUT_E_INVALID_ARGUMENT
	        : a0l_client_id_check(client_id, client_id_len, &at);
	if (st == AUTH0LOGOUT_OK && ms->frozen)
		st = AUTH0LOGOUT_E_STORE_FROZEN;
	/* Keep the load factor at most 3/4 (linear probing stays short). */
	if (st == AUTH0LOGOUT_OK && 4 * (ms->count + 1) > 3 * ms->cap &&
	    grow(ms) != 0)
		st = AUTH0LOGOUT_E_NOMEM;
	if (st != AUTH0LOGOUT_OK) {
		auth0logout_allowlist_free(list);
		return st;
	}
	uint32_t h = id_hash(client_id, client_id_len);
	struct client *c =
	    find_slot(ms->clients, ms->cap, client_id, client_id_len, h);
	if (c->id_len) {
		auth0logout_allowlist_free(list);
		return AUTH0LOGOUT_E_DUPLICATE_CLIENT;
	}
	auth0logout_allowlist *copy = NULL;
	if (list) {
		copy = arena_copy(ms, list);
		auth0logout_allowlist_free(list);
		if (!copy)
			return AUTH0LOGOUT_E_NOMEM;
	}
	if (client_id_len <= ID_INLINE) {
		memcpy(c->id, client_id, client_id_len);
	} else {
		char *p = malloc(client_id_len);
		if (!p)
			return AUTH0LOGOUT_E_NOMEM; /* the copy stays unused */
		memcpy(p, client_id, client_id_len);
		memcpy(c->id, &p, sizeof p);
	}
	c->id_len = (uint16_t)client_id_len;
	c->hash = h;
	c->list = copy;
	ms->count++;
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_API size_t
auth0logout_memstore_client_count(const auth0logout_memstore *ms)
{
	return ms ? ms->count : 0;
}

static int mem_tenant(void *ctx, const auth0logout_allowlist **out)
{
	const auth0logout_memstore *ms = ctx;
	*out = ms->tenant;
	return AUTH0LOGOUT_OK;
}

static int mem_client(void *ctx, const char *id, size_t n,
                      const auth0logout_allowlist **out)
{
	const auth0logout_memstore *ms = ctx;
	*out = NULL;
	if (ms->cap == 0)
		return AUTH0LOGOUT_E_UNKNOWN_CLIENT;
	const struct client *c =
	    find_slot(ms->clients, ms->cap, id, n, id_hash(id, n));
	if (!c->id_len)
		return AUTH0LOGOUT_E_UNKNOWN_CLIENT;
	*out = c->list;
	return AUTH0LOGOUT_OK;
}

int a0l_store_is_builtin(const auth0logout_store *store)
{
	return store->client_list == mem_client || a0l_swapstore_owns(store);
}

void a0l_store_prefetch_client(const auth0logout_store *store, const char *id,
                               size_t n)
{
	if (!store || store->client_list != mem_client)
		return;
	const auth0logout_memstore *ms = store->ctx;
	if (ms->cap == 0)
		return;
#if defined(__GNUC__)
	__builtin_prefetch(
	    &ms->clients[(size_t)id_hash(id, n) & (ms->cap - 1)]);
#else
	(void)id;
	(void)n;
#endif
}

AUTH0LOGOUT_API auth0logout_status
auth0logout_memstore_get(auth0logout_memstore *ms, auth0logout_store *out)
{
	if (!ms || !out)
		return AUTH0LOGOUT_E_INVALID_ARGUMENT;
	ms->frozen = 1;
	out->ctx = ms;
	out->tenant_list = mem_tenant;
	out->client_list = mem_client;
	out->release = NULL;
	return AUTH0LOGOUT_OK;
}
