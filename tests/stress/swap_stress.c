/* SPDX-License-Identifier: MIT */
/*
 * R10.1 under ThreadSanitizer: reader threads decide and look up without
 * pause while one writer publishes changes to the same clients, adds and
 * removes others (so the trie grows, splits and shrinks) and collects.
 *
 * What every reader checks, on every round:
 *   - one snapshot per decision: clients "a" and "b" and the tenant are
 *     always changed together to version k; lookups nested in one hold
 *     (as decide makes them) see the same k for all three;
 *   - snapshots only move forward: k never decreases for a reader;
 *   - a decision through the store redirects to the first entry of "a",
 *     of a version no older than the last one seen.
 * Built with -fsanitize=thread (make check does it); ThreadSanitizer
 * reports any data race, and a use after free shows as one.  Prints
 * "ok - ..." / "not ok - ..." lines and exits non-zero on a failure.
 *
 * Usage: swap_stress [SECONDS] (default 3).
 */
#include <auth0logout.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define READERS      3
#define OTHERS       3000 /* clients added and removed around a and b */
#define ENTRY_PREFIX "https://v"

static atomic_int stop;
static atomic_long failures;

struct shared {
	auth0logout_swapstore *ss;
};

static long version_of(const auth0logout_allowlist *l)
{
	const char *e = auth0logout_allowlist_entry(l, 0, NULL);
	if (!e || strncmp(e, ENTRY_PREFIX, strlen(ENTRY_PREFIX)) != 0)
		return -1;
	return strtol(e + strlen(ENTRY_PREFIX), NULL, 10);
}

static void fail(const char *what, long a, long b)
{
	if (atomic_fetch_add(&failures, 1) < 5)
		fprintf(stderr, "swap_stress: %s (%ld vs %ld)\n", what, a, b);
}

static void *reader(void *arg)
{
	struct shared *sh = arg;
	auth0logout_swapstore_reader *r =
	    auth0logout_swapstore_reader_new(sh->ss);
	auth0logout_store st;
	auth0logout_swapstore_reader_store(r, &st);
	char *buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	long last = 0, rounds = 0;
	while (!atomic_load(&stop)) {
		const auth0logout_allowlist *a, *b, *t;
		if (st.client_list(st.ctx, "a", 1, &a) != AUTH0LOGOUT_OK) {
			fail("client a not found", 0, 0);
			continue;
		}
		long ka = version_of(a);
		if (st.client_list(st.ctx, "b", 1, &b) == AUTH0LOGOUT_OK) {
			long kb = version_of(b);
			if (kb != ka)
				fail("b from another snapshot than a", ka, kb);
			st.release(st.ctx, b);
		} else {
			fail("client b not found", 0, 0);
		}
		if (st.tenant_list(st.ctx, &t) == AUTH0LOGOUT_OK) {
			long kt = version_of(t);
			if (kt != ka)
				fail("tenant from another snapshot", ka, kt);
			st.release(st.ctx, t);
		}
		st.release(st.ctx, a);
		if (ka < last)
			fail("a snapshot older than one seen before", ka, last);
		last = ka;

		auth0logout_decision d;
		static const char q[] = "client_id=a";
		if (auth0logout_decide_query(&st, q, sizeof q - 1, buf,
		                             AUTH0LOGOUT_DECIDE_BUFFER_SIZE,
		                             &d) != AUTH0LOGOUT_OK ||
		    d.http_status != 302) {
			fail("decision failed", d.http_status, 302);
		} else {
			long k =
			    strtol(d.location + strlen(ENTRY_PREFIX), NULL, 10);
			if (k < last)
				fail("decision on an older snapshot", k, last);
			last = k;
		}
		rounds++;
	}
	free(buf);
	auth0logout_swapstore_reader_free(r);
	return (void *)rounds;
}

static auth0logout_allowlist *list_v(long k, const char *suffix)
{
	char e[96];
	auth0logout_allowlist *l = NULL;
	int n =
	    snprintf(e, sizeof e, ENTRY_PREFIX "%ld.example.com%s", k, suffix);
	if (auth0logout_allowlist_compile_csv(e, (size_t)n, &l, NULL) !=
	    AUTH0LOGOUT_OK)
		abort();
	return l;
}

static void set_version(auth0logout_swapstore *ss, long k)
{
	if (auth0logout_swapstore_put_client(ss, "a", 1, list_v(k, "/a")) ||
	    auth0logout_swapstore_put_client(ss, "b", 1, list_v(k, "/b")) ||
	    auth0logout_swapstore_set_tenant(ss, list_v(k, "/t")))
		abort();
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 3.0;
	struct shared sh = {auth0logout_swapstore_new()};
	set_version(sh.ss, 1);
	auth0logout_swapstore_publish(sh.ss);

	pthread_t th[READERS];
	for (int i = 0; i < READERS; i++)
		pthread_create(&th[i], NULL, reader, &sh);

	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long k = 1, changes = 0;
	unsigned long long x = 0x9e3779b97f4a7c15ull;
	char id[32];
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((double)(now.tv_sec - t0.tv_sec) +
		        (double)(now.tv_nsec - t0.tv_nsec) / 1e9 >=
		    seconds)
			break;
		set_version(sh.ss, ++k);
		/* A few other clients come and go with each snapshot. */
		for (int j = 0; j < 8; j++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			int n =
			    snprintf(id, sizeof id, "other-%llu", x % OTHERS);
			if (auth0logout_swapstore_client_state(sh.ss, id,
			                                       (size_t)n) &&
			    (x >> 32) % 2)
				auth0logout_swapstore_remove_client(sh.ss, id,
				                                    (size_t)n);
			else
				auth0logout_swapstore_put_client(
				    sh.ss, id, (size_t)n, list_v(k, "/o"));
			changes++;
		}
		if (auth0logout_swapstore_publish(sh.ss) != AUTH0LOGOUT_OK)
			abort();
	}
	atomic_store(&stop, 1);
	long rounds = 0;
	for (int i = 0; i < READERS; i++) {
		void *r;
		pthread_join(th[i], &r);
		rounds += (long)r;
	}
	size_t waiting = auth0logout_swapstore_collect(sh.ss);
	printf("%s - %ld snapshots published (%ld other changes), %ld reader "
	       "rounds, %ld inconsistencies\n",
	       atomic_load(&failures) ? "not ok" : "ok", k, changes, rounds,
	       atomic_load(&failures));
	printf("%s - every retired snapshot freed once its readers left "
	       "(%zu waiting)\n",
	       waiting ? "not ok" : "ok", waiting);
	auth0logout_swapstore_free(sh.ss);
	return atomic_load(&failures) || waiting || rounds == 0 ? 1 : 0;
}
