/* SPDX-License-Identifier: MIT */
/*
 * Hostile sizes for the bounded-cost check (tests/integration/bounds.sh).
 *
 *   bounds KIND N
 *
 * builds one hostile input of size N, decides it once on a thread with a
 * 64 KiB stack (so deep recursion anywhere -- in uriparser, say -- would
 * crash), and prints the decision's status.  The script runs it under
 * callgrind, counting only the instructions inside the decision, at two
 * sizes and checks that the count grows linearly (or not at all).
 *
 * KINDs:
 *   escapes   a query of N bytes of %41 escapes
 *   segments  a returnTo of N path segments ("/" repeated)
 *   encoded   a returnTo whose path holds N/2 bytes that R4.7 encodes
 *   params    a query of N empty parameters ("&" repeated)
 *   entries   an allow-list of N entries (half exact, half wildcard), one
 *             decision against it (matching its last entry)
 */
#include <auth0logout.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct job {
	const auth0logout_store *store;
	const char *q;
	size_t n;
	auth0logout_decision d;
	char *buf;
};

static void *decide(void *p)
{
	struct job *j = p;
	auth0logout_decide_query(j->store, j->q, j->n, j->buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &j->d);
	return NULL;
}

static auth0logout_allowlist *entries(size_t n)
{
	char **e = malloc(n * sizeof *e);
	for (size_t i = 0; i < n; i++) {
		e[i] = malloc(64);
		if (i % 2)
			snprintf(e[i], 64, "https://*.d%zu.example.com/p", i);
		else
			snprintf(e[i], 64, "https://h%zu.example.com/p", i);
	}
	auth0logout_allowlist *l = NULL;
	auth0logout_diag d;
	if (auth0logout_allowlist_compile_array((const char *const *)e, NULL, n,
	                                        &l, &d) != AUTH0LOGOUT_OK) {
		fprintf(stderr, "bounds: compile: %s\n", d.text);
		exit(2);
	}
	for (size_t i = 0; i < n; i++)
		free(e[i]);
	free(e);
	return l;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bounds KIND N\n");
		return 2;
	}
	const char *kind = argv[1];
	size_t n = strtoul(argv[2], NULL, 10);
	size_t list_n = strcmp(kind, "entries") == 0 ? n : 1;
	char *q = malloc(3 * n + 256);
	size_t len = 0;

	if (strcmp(kind, "escapes") == 0) {
		len = (size_t)sprintf(q, "x=");
		while (len + 3 <= n)
			len += (size_t)sprintf(q + len, "%%41");
	} else if (strcmp(kind, "segments") == 0) {
		len = (size_t)sprintf(q, "returnTo=https://h0.example.com");
		for (size_t i = 0; i < n; i++)
			q[len++] = '/';
		q[len++] = 'x';
	} else if (strcmp(kind, "encoded") == 0) {
		len = (size_t)sprintf(q, "returnTo=https://h0.example.com/");
		for (size_t i = 0; i < n / 2; i++)
			len += (size_t)sprintf(q + len, "%%C3%%A9");
	} else if (strcmp(kind, "params") == 0) {
		for (size_t i = 0; i < n; i++)
			q[len++] = '&';
	} else if (strcmp(kind, "entries") == 0) {
		/* the last wildcard entry, through the index */
		len =
		    (size_t)sprintf(q, "returnTo=https://x.d%zu.example.com/p",
		                    n % 2 ? n - 2 : n - 1);
	} else {
		fprintf(stderr, "bounds: unknown kind %s\n", kind);
		return 2;
	}

	auth0logout_memstore *ms = auth0logout_memstore_new();
	auth0logout_memstore_set_tenant(ms, entries(list_n < 2 ? 2 : list_n));
	auth0logout_store store;
	auth0logout_memstore_get(ms, &store);

	struct job j = {
	    &store, q, len, {0}, malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE)};
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_t t;
	if (pthread_create(&t, &attr, decide, &j) != 0) {
		fprintf(stderr, "bounds: pthread_create failed\n");
		return 2;
	}
	pthread_join(t, NULL);
	printf("%s %zu bytes: %s\n", kind, len,
	       auth0logout_status_name(j.d.status));

	free(j.buf);
	free(q);
	auth0logout_memstore_free(ms);
	return 0;
}
