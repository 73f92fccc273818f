/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the swap store (lib/core/swapstore.c), R10.1, R10.2.
 *
 * The input is a program of writer and reader operations on a store of up
 * to 768 client_ids (short ones kept in the slot, some longer than 48
 * bytes kept apart), enough for leaves to grow, split into inner nodes and
 * empty again.  Each byte pair is one operation: put (a new list), fail,
 * remove, set or fail the tenant, clear, publish, take or drop a reader's
 * hold.  A plain array is the model of the staged state and of every
 * published one.
 *
 * Invariants:
 *   - the staged state (client_state, client_count) is the model's;
 *   - after every publish, a fresh lookup of every client that ever
 *     existed answers as the model: the very list put (pointer-equal) with
 *     AUTH0LOGOUT_OK, AUTH0LOGOUT_E_STORE_FAILED for a failed one,
 *     AUTH0LOGOUT_E_UNKNOWN_CLIENT for an absent one; the tenant likewise;
 *   - a reader holding a list across later publishes still reads it whole
 *     (AddressSanitizer sees any use after free), and its nested lookups
 *     answer as the snapshot it took, not a later one;
 *   - before the first publish every lookup is AUTH0LOGOUT_E_STORE_FAILED;
 *   - once every hold is dropped, collect leaves no snapshot waiting;
 *   - everything is freed (LeakSanitizer is on).
 */
#include "fuzz_common.h"

#define IDS 320

enum { ABSENT = 0, GOOD = 1, FAILED = 2 };

struct state {
	unsigned char st[IDS];
	const auth0logout_allowlist *list[IDS];
	int tenant_failed;
	const auth0logout_allowlist *tenant;
	size_t count;
};

static size_t make_id(char *out, unsigned i)
{
	/* Every 5th id is long: kept outside the 64-byte slot. */
	if (i % 5 == 0)
		return (size_t)snprintf(
		    out, 96,
		    "client-%u-with-a-suffix-long-enough-to-"
		    "live-outside-the-slot",
		    i);
	return (size_t)snprintf(out, 96, "c%u", i);
}

static auth0logout_allowlist *new_list(unsigned k)
{
	char e[64];
	int n = snprintf(e, sizeof e, "https://v%u.example.com", k);
	auth0logout_allowlist *l = NULL;
	CHECK(auth0logout_allowlist_compile_csv(e, (size_t)n, &l, NULL) ==
	          AUTH0LOGOUT_OK,
	      "compile");
	return l;
}

/* Every client and the tenant through store st, against model m. */
static void check_all(const auth0logout_store *st, const struct state *m)
{
	char id[96];
	for (unsigned i = 0; i < IDS; i++) {
		size_t n = make_id(id, i);
		const auth0logout_allowlist *l = NULL;
		int rc = st->client_list(st->ctx, id, n, &l);
		switch (m->st[i]) {
		case GOOD:
			CHECK(rc == AUTH0LOGOUT_OK && l != NULL,
			      "client %u: rc %d, expected a list", i, rc);
			CHECK(m->list[i] ? l == m->list[i]
			                 : auth0logout_allowlist_count(l) == 0,
			      "client %u: another list", i);
			st->release(st->ctx, l);
			break;
		case FAILED:
			CHECK(rc == AUTH0LOGOUT_E_STORE_FAILED,
			      "client %u: rc %d, expected store_failed", i, rc);
			break;
		default:
			CHECK(rc == AUTH0LOGOUT_E_UNKNOWN_CLIENT,
			      "client %u: rc %d, expected unknown_client", i,
			      rc);
		}
	}
	const auth0logout_allowlist *t = NULL;
	int rc = st->tenant_list(st->ctx, &t);
	if (m->tenant_failed) {
		CHECK(rc == AUTH0LOGOUT_E_STORE_FAILED, "tenant: rc %d", rc);
	} else {
		CHECK(rc == AUTH0LOGOUT_OK && t != NULL, "tenant: rc %d", rc);
		CHECK(m->tenant ? t == m->tenant
		                : auth0logout_allowlist_count(t) == 0,
		      "tenant: another list");
		st->release(st->ctx, t);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	auth0logout_swapstore *ss = auth0logout_swapstore_new();
	CHECK(ss != NULL, "swapstore_new");
	auth0logout_swapstore_reader *r = auth0logout_swapstore_reader_new(ss);
	auth0logout_swapstore_reader *h = auth0logout_swapstore_reader_new(ss);
	auth0logout_store st, hs;
	auth0logout_swapstore_reader_store(r, &st);
	auth0logout_swapstore_reader_store(h, &hs);
	static struct state draft, pub, held;
	memset(&draft, 0, sizeof draft);
	memset(&pub, 0, sizeof pub);
	int published = 0;
	/* The holding reader: a client list taken and kept. */
	const auth0logout_allowlist *hold = NULL;
	unsigned hold_id = 0;
	unsigned k = 0;
	char id[96];

	{
		const auth0logout_allowlist *l = NULL;
		CHECK(st.client_list(st.ctx, "c1", 2, &l) ==
		          AUTH0LOGOUT_E_STORE_FAILED,
		      "before the first publish: not store_failed");
		CHECK(st.tenant_list(st.ctx, &l) == AUTH0LOGOUT_E_STORE_FAILED,
		      "before the first publish: tenant not store_failed");
	}
	for (size_t p = 0; p + 1 < size; p += 2) {
		unsigned op = data[p] % 12;
		unsigned i = ((unsigned)data[p] / 12 * 256 + data[p + 1]) % IDS;
		size_t n = make_id(id, i);
		auth0logout_status s;
		switch (op) {
		case 0:
		case 1:
		case 2: { /* put: a list, or (1 in 4) an empty one */
			auth0logout_allowlist *l =
			    data[p + 1] % 4 ? new_list(k++) : NULL;
			s = auth0logout_swapstore_put_client(ss, id, n, l);
			CHECK(s == AUTH0LOGOUT_OK, "put: %d", (int)s);
			draft.count += draft.st[i] == ABSENT;
			draft.st[i] = GOOD;
			draft.list[i] = l;
			break;
		}
		case 3:
			s = auth0logout_swapstore_fail_client(ss, id, n);
			CHECK(s == AUTH0LOGOUT_OK, "fail: %d", (int)s);
			draft.count += draft.st[i] == ABSENT;
			draft.st[i] = FAILED;
			draft.list[i] = NULL;
			break;
		case 4:
		case 5:
			s = auth0logout_swapstore_remove_client(ss, id, n);
			CHECK(s == (draft.st[i] ? AUTH0LOGOUT_OK
			                        : AUTH0LOGOUT_E_UNKNOWN_CLIENT),
			      "remove: %d", (int)s);
			draft.count -= draft.st[i] != ABSENT;
			draft.st[i] = ABSENT;
			draft.list[i] = NULL;
			break;
		case 6:
			if (data[p + 1] % 3 == 0) {
				auth0logout_swapstore_fail_tenant(ss);
				draft.tenant_failed = 1;
				draft.tenant = NULL;
			} else {
				auth0logout_allowlist *l =
				    data[p + 1] % 3 == 1 ? new_list(k++) : NULL;
				auth0logout_swapstore_set_tenant(ss, l);
				draft.tenant_failed = 0;
				draft.tenant = l;
			}
			break;
		case 7:
			if (data[p + 1] == 0xff) { /* rare: clear */
				auth0logout_swapstore_clear(ss);
				memset(&draft, 0, sizeof draft);
			}
			break;
		case 8:
		case 9:
			CHECK(auth0logout_swapstore_publish(ss) ==
			          AUTH0LOGOUT_OK,
			      "publish");
			pub = draft;
			published = 1;
			check_all(&st, &pub);
			break;
		case 10: /* the holding reader takes a list, if it can */
			if (hold || !published || pub.st[i] != GOOD)
				break;
			CHECK(hs.client_list(hs.ctx, id, n, &hold) ==
			          AUTH0LOGOUT_OK,
			      "hold: lookup");
			hold_id = i;
			held = pub;
			break;
		case 11: /* it looks again (nested), reads, and lets go */
			if (!hold)
				break;
			check_all(&hs, &held); /* its snapshot, not a later */
			CHECK(held.list[hold_id]
			          ? hold == held.list[hold_id]
			          : auth0logout_allowlist_count(hold) == 0,
			      "held list changed");
			if (auth0logout_allowlist_count(hold))
				CHECK(auth0logout_allowlist_entry(
				          hold, 0, NULL)[0] == 'h',
				      "held list unreadable");
			hs.release(hs.ctx, hold);
			hold = NULL;
			break;
		}
		CHECK(auth0logout_swapstore_client_count(ss) == draft.count,
		      "count %zu, model %zu",
		      auth0logout_swapstore_client_count(ss), draft.count);
		CHECK((int)auth0logout_swapstore_client_state(ss, id, n) ==
		          draft.st[i],
		      "state of %u", i);
	}
	if (hold)
		hs.release(hs.ctx, hold);
	CHECK(auth0logout_swapstore_collect(ss) == 0,
	      "a snapshot still waits after every hold was dropped");
	auth0logout_swapstore_reader_free(r);
	auth0logout_swapstore_reader_free(h);
	auth0logout_swapstore_free(ss);
	return 0;
}
