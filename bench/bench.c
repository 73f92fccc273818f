/* SPDX-License-Identifier: MIT */
/*
 * bench/bench.c - libauth0logout benchmark.
 *
 * Prints one report; asserts nothing about time.  Inputs are deterministic
 * (fixed-seed xorshift64).  Sections:
 *   1. the 1,000-client mix: ns/decision vs. a bare uriparser parse
 *   2. scaling: number of clients, then entries per (tenant) list, then
 *      100,000 wildcards over one parent domain against one
 *   3. threads 1 and 2 on one shared store
 *   4. the swap store (R10) at 1,000,000 clients: the cost of one client
 *      change (p50/p99 against the 1 ms target) and of a decision while a
 *      writer publishes 1,000 changes/s (against 1.1x without)
 * With --swap it runs section 4 alone, with --wild section 2c alone; with
 * --latency it measures what bounds section 2a's 1,000,000-client figure:
 * dependent random reads over 128 MiB and 1 GiB (about 1.2 GB).  With
 * --profile [CLIENTS] it only runs the mix once, on CLIENTS clients (1,000 by
 * default), for callgrind.
 */
#include "auth0logout.h"

#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <uriparser/Uri.h>

/* ---------------------------------------------------------------------- */
/* Utilities                                                               */

static uint64_t rng_state;
static uint64_t rnd(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}
static void rng_seed(uint64_t s)
{
	rng_state = s ? s : 88172645463325252ull;
}
static unsigned rndn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}
static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static size_t heap_used(void)
{
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
}

static void die(const char *what, int st)
{
	fprintf(stderr, "bench: %s failed: %s\n", what,
	        auth0logout_status_name(st));
	exit(1);
}

/* Append the percent-encoding of s (all but unreserved bytes) to out. */
static size_t pct_encode(char *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	return o;
}

/* ---------------------------------------------------------------------- */
/* Entries and stores                                                      */

#define ENTRIES_PER_CLIENT 10

/* Entry j of client i: 0-4 exact, 5-9 wildcard. */
static int client_entry(char *b, size_t cap, unsigned i, unsigned j)
{
	if (j < 5)
		return snprintf(b, cap, "https://app%u.example.com/cb%u", i, j);
	return snprintf(b, cap, "https://*.t%u-%u.example.net/p", i, j - 5);
}

/* Entry k of a tenant list of the "entries per list" series. */
static int tenant_entry(char *b, size_t cap, unsigned k)
{
	if (k % 2 == 0)
		return snprintf(b, cap, "https://app%u.example.com/cb%u", k,
		                k % 5);
	return snprintf(b, cap, "https://*.t%u-%u.example.net/p", k, k % 5);
}

/* The nanoseconds spent in the library while building (compile, add,
 * get): the generation of the entries' texts is the harness's. */
static double g_lib_ns;

static auth0logout_allowlist *compile_entries(char (*ent)[96], size_t n,
                                              double *text_sum)
{
	const char **ptrs = malloc(n * sizeof *ptrs);
	size_t *lens = malloc(n * sizeof *lens);
	for (size_t k = 0; k < n; k++) {
		ptrs[k] = ent[k];
		lens[k] = strlen(ent[k]);
		*text_sum += (double)lens[k];
	}
	auth0logout_allowlist *l = NULL;
	auth0logout_diag d;
	double t0 = now_ns();
	int st = auth0logout_allowlist_compile_array(ptrs, lens, n, &l, &d);
	g_lib_ns += now_ns() - t0;
	if (st) {
		fprintf(stderr, "entry %zu: %s\n", d.index, d.text);
		die("compile", st);
	}
	free(ptrs);
	free(lens);
	return l;
}

typedef struct built {
	auth0logout_memstore *ms;
	auth0logout_store store;
	unsigned nclients; /* clients actually added */
	unsigned ntenant;  /* entries in the tenant list */
	double build_ms;
	double bytes_per_entry;
	double avg_text;
	size_t entries;
	int truncated;
} built;

/* A store with ntenant tenant entries and nclients clients (10 entries
 * each).  Stops adding clients after limit_s seconds.  The entry texts
 * live on the stack / in a scratch array freed before measuring, so the
 * heap difference is the library's. */
static void build_store(built *b, unsigned nclients, unsigned ntenant,
                        double limit_s)
{
	memset(b, 0, sizeof *b);
	char(*ent)[96] = malloc(
	    (ntenant > ENTRIES_PER_CLIENT ? ntenant : ENTRIES_PER_CLIENT) *
	    sizeof *ent);
	double text_sum = 0;
	size_t before = heap_used();
	double t0 = now_ns();
	g_lib_ns = 0;
	double tr = now_ns();
	b->ms = auth0logout_memstore_new();
	if (!b->ms || auth0logout_memstore_reserve(b->ms, nclients))
		die("memstore_new", AUTH0LOGOUT_E_NOMEM);
	g_lib_ns += now_ns() - tr;
	for (unsigned k = 0; k < ntenant; k++)
		tenant_entry(ent[k], sizeof ent[k], k);
	int st = auth0logout_memstore_set_tenant(
	    b->ms, ntenant ? compile_entries(ent, ntenant, &text_sum) : NULL);
	if (st)
		die("set_tenant", st);
	unsigned i;
	for (i = 0; i < nclients; i++) {
		if ((i & 1023) == 0 && i && (now_ns() - t0) / 1e9 > limit_s) {
			b->truncated = 1;
			break;
		}
		for (unsigned j = 0; j < ENTRIES_PER_CLIENT; j++)
			client_entry(ent[j], sizeof ent[j], i, j);
		char id[32];
		int n = snprintf(id, sizeof id, "client%u", i);
		auth0logout_allowlist *l =
		    compile_entries(ent, ENTRIES_PER_CLIENT, &text_sum);
		double ta = now_ns();
		st = auth0logout_memstore_add_client(b->ms, id, (size_t)n, l);
		g_lib_ns += now_ns() - ta;
		if (st)
			die("add_client", st);
	}
	double tg = now_ns();
	st = auth0logout_memstore_get(b->ms, &b->store);
	g_lib_ns += now_ns() - tg;
	if (st)
		die("memstore_get", st);
	size_t after = heap_used();
	free(ent); /* allocated before 'before': freeing it only lowers after */
	b->nclients = i;
	b->ntenant = ntenant;
	b->entries = (size_t)i * ENTRIES_PER_CLIENT + ntenant;
	b->build_ms = g_lib_ns / 1e6;
	b->bytes_per_entry =
	    b->entries ? (double)((long long)after - (long long)before) /
	                     (double)b->entries
	               : 0;
	b->avg_text = b->entries ? text_sum / (double)b->entries : 0;
}

/* ---------------------------------------------------------------------- */
/* Queries                                                                 */

enum kind { K_ALLOWED, K_NOT_ALLOWED, K_FIRST_URL, K_ATTACK, K_NKINDS };
static const char *kind_name[] = {"allowed", "not-allowed", "first-URL",
                                  "malformed/attack"};

typedef struct query {
	char *s;
	size_t len;
	int kind;
	char *rt; /* decoded returnTo (NUL-terminated) or NULL */
	size_t rt_len;
} query;

typedef struct qset {
	query *q;
	size_t n;
	size_t n_rt; /* queries with a decoded returnTo */
	size_t *rt_idx;
	double rt_len_sum;
	size_t rt_min, rt_max, n_allowed;
} qset;

/* Pad url (len n) with "?q=..." to a random total length in 20..300. */
static size_t pad(char *url, size_t n)
{
	size_t target = 20 + rndn(281);
	if (target <= n + 3)
		return n;
	memcpy(url + n, "?q=", 3);
	n += 3;
	while (n < target)
		url[n++] = (char)('a' + rndn(26));
	url[n] = 0;
	return n;
}

/* One query.  client < 0: no client_id (tenant list).  nlist: entries in
 * the list to match when client < 0. */
static void make_query(query *q, int kind, long client, unsigned nlist)
{
	char url[512], buf[2048];
	size_t n = 0, o = 0;
	int with_rt = 1, raw_tail = 0;
	if (client >= 0)
		o += (size_t)snprintf(buf, sizeof buf, "client_id=client%ld",
		                      client);
	switch (kind) {
	case K_ALLOWED:
		if (client >= 0) {
			unsigned j = rndn(5);
			if (rndn(2) == 0)
				n = (size_t)snprintf(
				    url, sizeof url,
				    "https://app%ld.example.com/cb%u", client,
				    j);
			else
				n = (size_t)snprintf(
				    url, sizeof url,
				    "https://s%u.t%ld-%u.example.net/p",
				    rndn(100000), client, j);
		} else {
			unsigned k = rndn(nlist);
			if (k % 2 == 0)
				n = (size_t)snprintf(
				    url, sizeof url,
				    "https://app%u.example.com/cb%u", k, k % 5);
			else
				n = (size_t)snprintf(
				    url, sizeof url,
				    "https://s%u.t%u-%u.example.net/p",
				    rndn(100000), k, k % 5);
		}
		n = pad(url, n);
		break;
	case K_NOT_ALLOWED:
		n = (size_t)snprintf(url, sizeof url,
		                     "https://evil%u.example.org/cb0",
		                     rndn(100000));
		n = pad(url, n);
		break;
	case K_FIRST_URL:
		with_rt = 0;
		break;
	default: {
		long c = client >= 0 ? client : 0;
		switch (rndn(6)) {
		case 0:
			n = (size_t)snprintf(
			    url, sizeof url,
			    "https://user:pass@app%ld.example.com/cb0", c);
			break;
		case 1:
			n = (size_t)snprintf(
			    url, sizeof url,
			    "https://app%ld.example.com\\@evil.com/cb0", c);
			break;
		case 2:
			n = (size_t)snprintf(url, sizeof url, "//evil.com/cb0");
			break;
		case 3:
			n = (size_t)snprintf(
			    url, sizeof url,
			    "javascript:alert(document.cookie)");
			break;
		case 4:
			n = (size_t)snprintf(url, sizeof url,
			                     "https://app%ld.example.com/cb0",
			                     c);
			raw_tail = 1; /* append a raw "%zz" */
			break;
		default:
			n = (size_t)snprintf(url, sizeof url,
			                     "https://app%ld.example.com/cb0\t",
			                     c);
			break;
		}
	}
	}
	if (with_rt) {
		if (o)
			buf[o++] = '&';
		memcpy(buf + o, "returnTo=", 9);
		o += 9;
		o += pct_encode(buf + o, url, n);
		if (raw_tail) {
			memcpy(buf + o, "%zz", 3);
			o += 3;
		}
	}
	q->s = malloc(o + 1);
	memcpy(q->s, buf, o);
	q->s[o] = 0;
	q->len = o;
	q->kind = kind;
	q->rt = NULL;
	q->rt_len = 0;
}

/* n queries over clients 0..nclients-1 (nclients 0: tenant list of nlist
 * entries, no first-URL queries). */
static void make_queries(qset *qs, size_t n, unsigned nclients, unsigned nlist)
{
	memset(qs, 0, sizeof *qs);
	qs->q = calloc(n, sizeof *qs->q);
	qs->rt_idx = calloc(n, sizeof *qs->rt_idx);
	qs->n = n;
	qs->rt_min = (size_t)-1;
	char *scratch = malloc(AUTH0LOGOUT_MAX_QUERY + 1);
	for (size_t i = 0; i < n; i++) {
		int kind;
		if (nclients) {
			unsigned r = rndn(100);
			kind = r < 60   ? K_ALLOWED
			       : r < 80 ? K_NOT_ALLOWED
			       : r < 90 ? K_FIRST_URL
			                : K_ATTACK;
		} else {
			unsigned r = rndn(90);
			kind = r < 60   ? K_ALLOWED
			       : r < 80 ? K_NOT_ALLOWED
			                : K_ATTACK;
		}
		make_query(&qs->q[i], kind,
		           nclients ? (long)rndn(nclients) : -1L, nlist);
		auth0logout_request req;
		if (auth0logout_request_parse(qs->q[i].s, qs->q[i].len, scratch,
		                              AUTH0LOGOUT_MAX_QUERY + 1, &req,
		                              NULL) == AUTH0LOGOUT_OK &&
		    req.return_to) {
			query *q = &qs->q[i];
			q->rt = malloc(req.return_to_len + 1);
			memcpy(q->rt, req.return_to, req.return_to_len);
			q->rt[req.return_to_len] = 0;
			q->rt_len = req.return_to_len;
			qs->rt_idx[qs->n_rt++] = i;
			if (q->kind == K_ALLOWED) {
				qs->rt_len_sum += (double)q->rt_len;
				qs->n_allowed++;
				if (q->rt_len < qs->rt_min)
					qs->rt_min = q->rt_len;
				if (q->rt_len > qs->rt_max)
					qs->rt_max = q->rt_len;
			}
		}
	}
	free(scratch);
}

static void free_queries(qset *qs)
{
	for (size_t i = 0; i < qs->n; i++) {
		free(qs->q[i].s);
		free(qs->q[i].rt);
	}
	free(qs->q);
	free(qs->rt_idx);
}

/* ---------------------------------------------------------------------- */
/* Timing                                                                  */

static char *g_buf;
static volatile size_t g_sink;

/* ns per decision over all queries (idx NULL) or the listed ones. */
static double time_decide(const auth0logout_store *st, const qset *qs,
                          const size_t *idx, size_t n, int reps)
{
	double v[16];
	auth0logout_decision d;
	for (int r = 0; r < reps; r++) {
		size_t sink = 0;
		double t0 = now_ns();
		for (size_t k = 0; k < n; k++) {
			const query *q = &qs->q[idx ? idx[k] : k];
			auth0logout_decide_query(st, q->s, q->len, g_buf,
			                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE,
			                         &d);
			sink += (size_t)d.outcome;
		}
		v[r] = (now_ns() - t0) / (double)n;
		g_sink += sink;
	}
	return median(v, reps);
}

static double time_parse(const qset *qs, int reps)
{
	double v[16];
	for (int r = 0; r < reps; r++) {
		size_t sink = 0;
		double t0 = now_ns();
		for (size_t k = 0; k < qs->n_rt; k++) {
			const query *q = &qs->q[qs->rt_idx[k]];
			UriUriA uri;
			const char *err = NULL;
			sink += (size_t)uriParseSingleUriA(&uri, q->rt, &err);
			uriFreeUriMembersA(&uri);
		}
		v[r] = (now_ns() - t0) / (double)qs->n_rt;
		g_sink += sink;
	}
	return median(v, reps);
}

/* Outcome counts per kind, for a sanity line. */
static void outcome_table(const auth0logout_store *st, const qset *qs)
{
	size_t c[K_NKINDS][4] = {{0}};
	size_t cnt[K_NKINDS] = {0};
	auth0logout_decision d;
	for (size_t i = 0; i < qs->n; i++) {
		const query *q = &qs->q[i];
		auth0logout_decide_query(st, q->s, q->len, g_buf,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
		int o = d.outcome >= 1 && d.outcome <= 3 ? (int)d.outcome : 0;
		c[q->kind][o]++;
		cnt[q->kind]++;
	}
	printf("  %-18s %7s %9s %11s %7s\n", "query kind", "count", "redirect",
	       "logged_out", "error");
	for (int k = 0; k < K_NKINDS; k++)
		if (cnt[k])
			printf("  %-18s %7zu %9zu %11zu %7zu\n", kind_name[k],
			       cnt[k], c[k][1], c[k][2], c[k][3]);
}

/* ---------------------------------------------------------------------- */
/* Threads                                                                 */

typedef struct targ {
	const auth0logout_store *st;
	const qset *qs;
	size_t start;
	double seconds;
	pthread_barrier_t *bar;
	unsigned long long done;
	double elapsed;
} targ;

static void *thread_main(void *p)
{
	targ *a = p;
	char *buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	auth0logout_decision d;
	size_t i = a->start % a->qs->n, sink = 0;
	unsigned long long done = 0;
	pthread_barrier_wait(a->bar);
	double t0 = now_ns(), t;
	for (;;) {
		for (int k = 0; k < 256; k++) {
			const query *q = &a->qs->q[i];
			auth0logout_decide_query(a->st, q->s, q->len, buf,
			                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE,
			                         &d);
			sink += (size_t)d.outcome;
			if (++i == a->qs->n)
				i = 0;
		}
		done += 256;
		t = now_ns();
		if ((t - t0) / 1e9 >= a->seconds)
			break;
	}
	a->done = done;
	a->elapsed = (t - t0) / 1e9;
	g_sink += sink;
	free(buf);
	return NULL;
}

static double run_threads(const auth0logout_store *st, const qset *qs, int nt,
                          double seconds)
{
	pthread_t th[8];
	targ a[8];
	pthread_barrier_t bar;
	pthread_barrier_init(&bar, NULL, (unsigned)nt);
	for (int t = 0; t < nt; t++) {
		a[t] = (targ){st,      qs,   (size_t)t * qs->n / (size_t)nt,
		              seconds, &bar, 0,
		              0};
		pthread_create(&th[t], NULL, thread_main, &a[t]);
	}
	double total = 0;
	for (int t = 0; t < nt; t++) {
		pthread_join(th[t], NULL);
		total += (double)a[t].done / a[t].elapsed;
	}
	pthread_barrier_destroy(&bar);
	return total;
}

/* ---------------------------------------------------------------------- */

static void header(int argc, char **argv)
{
	char model[256] = "unknown";
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (f) {
		char line[512];
		while (fgets(line, sizeof line, f)) {
			if (strncmp(line, "model name", 10) == 0) {
				char *c = strchr(line, ':');
				if (c) {
					c++;
					while (*c == ' ' || *c == '\t')
						c++;
					c[strcspn(c, "\n")] = 0;
					snprintf(model, sizeof model, "%s", c);
				}
				break;
			}
		}
		fclose(f);
	}
	struct utsname u;
	uname(&u);
	char date[64];
	time_t now = time(NULL);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S %Z", localtime(&now));
	printf("libauth0logout benchmark (library %s)\n",
	       auth0logout_version());
	printf("==============================================================="
	       "=\n");
	printf("machine : %ld CPUs online (nproc), %s\n",
	       sysconf(_SC_NPROCESSORS_ONLN), model);
	printf("kernel  : %s %s %s %s\n", u.sysname, u.release, u.version,
	       u.machine);
	printf("date    : %s\n", date);
	printf("command :");
	for (int i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	printf("uriparser %s; seed xorshift64 fixed; times are medians, "
	       "CLOCK_MONOTONIC\n\n",
	       URI_VER_ANSI);
}

/* ---------------------------------------------------------------------- */
/* 4. The swap store (R10)                                                 */

/* The 10-entry list of client i, version v (v 0: as build_store makes it). */
static auth0logout_allowlist *client_list_v(unsigned i, unsigned v)
{
	char ent[ENTRIES_PER_CLIENT][96];
	double sum = 0;
	for (unsigned j = 0; j < ENTRIES_PER_CLIENT; j++)
		client_entry(ent[j], sizeof ent[j], i, j);
	if (v) /* a changed last entry */
		snprintf(ent[ENTRIES_PER_CLIENT - 1], sizeof ent[0],
		         "https://v%u.app%u.example.org/", v, i);
	return compile_entries(ent, ENTRIES_PER_CLIENT, &sum);
}

static void put_client(auth0logout_swapstore *ss, unsigned i,
                       auth0logout_allowlist *l)
{
	char id[32];
	int n = snprintf(id, sizeof id, "client%u", i);
	int st = auth0logout_swapstore_put_client(ss, id, (size_t)n, l);
	if (st)
		die("swapstore_put_client", st);
}

typedef struct writer_arg {
	auth0logout_swapstore *ss;
	unsigned nclients;
	double per_s;
	atomic_int stop;
	unsigned long long done;
	double elapsed;
} writer_arg;

/* Publishes one client change every 1/per_s seconds until stopped (its
 * own random sequence: the reader's queries stay the same). */
static void *writer_main(void *p)
{
	writer_arg *w = p;
	double t0 = now_ns(), next = t0;
	unsigned v = 1;
	uint64_t x = 0x5eed0402;
	while (!atomic_load(&w->stop)) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		unsigned i = (unsigned)(x % w->nclients);
		put_client(w->ss, i, client_list_v(i, v++));
		int st = auth0logout_swapstore_publish(w->ss);
		if (st)
			die("swapstore_publish", st);
		w->done++;
		next += 1e9 / w->per_s;
		double wait = next - now_ns();
		if (wait > 0) {
			struct timespec ts = {
			    (time_t)(wait / 1e9),
			    (long)((long long)wait % 1000000000)};
			nanosleep(&ts, NULL);
		}
	}
	w->elapsed = (now_ns() - t0) / 1e9;
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* 2c. Wildcards sharing one parent domain (issue 16: O(1) whatever their
 * shape)                                                                  */

/* ns per decision of query q on a store whose tenant list is the n
 * entries entry(i) (no client_id). */
typedef void (*wild_entry_fn)(char *b, size_t cap, unsigned i);

static void wild_prefix(char *b, size_t cap, unsigned i)
{
	snprintf(b, cap, "https://p%u*.example.com", i);
}
static void wild_suffix(char *b, size_t cap, unsigned i)
{
	snprintf(b, cap, "https://*-s%u.example.com", i);
}
static void wild_both(char *b, size_t cap, unsigned i)
{
	snprintf(b, cap, "https://p%u*-s%u.example.com", i % 1000, i);
}

static auth0logout_memstore *wild_store(wild_entry_fn fn, unsigned n,
                                        auth0logout_store *st)
{
	char(*ent)[64] = malloc((size_t)n * sizeof *ent);
	const char **ptrs = malloc((size_t)n * sizeof *ptrs);
	auth0logout_allowlist *l;
	auth0logout_diag diag;
	for (unsigned i = 0; i < n; i++) {
		fn(ent[i], sizeof ent[i], i);
		ptrs[i] = ent[i];
	}
	int rc = auth0logout_allowlist_compile_array(ptrs, NULL, n, &l, &diag);
	if (rc)
		die("compile (wildcards)", rc);
	free(ptrs);
	free(ent);
	auth0logout_memstore *ms = auth0logout_memstore_new();
	if (!ms || auth0logout_memstore_set_tenant(ms, l) ||
	    auth0logout_memstore_get(ms, st))
		die("memstore (wildcards)", AUTH0LOGOUT_E_NOMEM);
	return ms;
}

static double wild_time(const auth0logout_store *st, const char *q,
                        int want_redirect)
{
	auth0logout_decision d;
	size_t n = strlen(q);
	auth0logout_decide_query(st, q, n, g_buf,
	                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
	if ((d.outcome == AUTH0LOGOUT_OUTCOME_REDIRECT) != want_redirect ||
	    (!want_redirect && d.hint == NULL)) {
		fprintf(stderr, "bench: wildcard query %s: unexpected %s\n", q,
		        auth0logout_status_name(d.status));
		exit(1);
	}
	enum { REPS = 2000 };
	double t0 = now_ns();
	for (int r = 0; r < REPS; r++) {
		auth0logout_decide_query(st, q, n, g_buf,
		                         AUTH0LOGOUT_DECIDE_BUFFER_SIZE, &d);
		g_sink += (size_t)d.outcome;
	}
	return (now_ns() - t0) / REPS;
}

/* Returns the worst ratio (100,000 entries / 1 entry) it printed. */
static double wild_section(void)
{
	static const struct {
		const char *name;
		wild_entry_fn fn;
		const char *match, *miss;
	} series[] = {
	    {"https://p<N>*.example.com", wild_prefix,
	     "returnTo=https%3A%2F%2Fp0x.example.com",
	     "returnTo=https%3A%2F%2Fq1234567.example.com"},
	    {"https://*-s<N>.example.com", wild_suffix,
	     "returnTo=https%3A%2F%2Fx-s0.example.com",
	     "returnTo=https%3A%2F%2Fx-t1234567.example.com"},
	    {"https://p<N%1000>*-s<N>.example.com", wild_both,
	     "returnTo=https%3A%2F%2Fp0x-s0.example.com",
	     "returnTo=https%3A%2F%2Fp9x-t1234567.example.com"},
	};
	double worst = 0;
	printf(
	    "2c. Wildcards over one parent domain: 100,000 entries against 1 "
	    "(tenant list; ns per\n    decision, median of 5 rounds of "
	    "2,000; a miss is not_allowed with its hint)\n");
	printf("  %-36s %-6s %10s %10s %7s\n", "entries", "query", "1 entry",
	       "100,000", "ratio");
	for (size_t k = 0; k < sizeof series / sizeof series[0]; k++) {
		auth0logout_store one, many;
		auth0logout_memstore *m1 = wild_store(series[k].fn, 1, &one);
		auth0logout_memstore *mn =
		    wild_store(series[k].fn, 100000, &many);
		for (int miss = 0; miss < 2; miss++) {
			const char *q = miss ? series[k].miss : series[k].match;
			double a[5], b[5], r[5];
			for (int i = 0; i < 5; i++) {
				a[i] = wild_time(&one, q, !miss);
				b[i] = wild_time(&many, q, !miss);
				r[i] = b[i] / a[i];
			}
			double ratio = median(r, 5);
			if (ratio > worst)
				worst = ratio;
			printf("  %-36s %-6s %10.1f %10.1f %7.2f\n",
			       miss ? "" : series[k].name,
			       miss ? "miss" : "match", median(a, 5),
			       median(b, 5), ratio);
		}
		auth0logout_memstore_free(m1);
		auth0logout_memstore_free(mn);
	}
	printf("  target: ratio <= 2.00 in every row: %s (worst %.2f)\n\n",
	       worst <= 2.0 ? "met" : "MISSED", worst);
	return worst;
}

/* ---------------------------------------------------------------------- */
/* --latency: what bounds the 1,000,000-client figure                      */

/* ns per dependent random read over mb MiB (a pointer chase through one
 * random cycle of its cache lines), with or without huge pages. */
static double chase_ns(size_t mb, int huge)
{
	size_t n = mb << 20, lines = n / 64;
	char *m = aligned_alloc((size_t)2 << 20, n);
	size_t *perm = malloc(lines * sizeof *perm);
	if (!m || !perm)
		die("latency", AUTH0LOGOUT_E_NOMEM);
#if defined(MADV_HUGEPAGE)
	madvise(m, n, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
#else
	(void)huge;
#endif
	memset(m, 1, n);
	for (size_t i = 0; i < lines; i++)
		perm[i] = i;
	for (size_t i = lines - 1; i > 0; i--) {
		size_t j = (size_t)(rnd() % (i + 1)), t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	for (size_t i = 0; i < lines; i++)
		*(char **)(m + perm[i] * 64) = m + perm[(i + 1) % lines] * 64;
	free(perm);
	char *p = m;
	enum { STEPS = 2000000 };
	double t0 = now_ns();
	for (size_t i = 0; i < STEPS; i++)
		p = *(char **)p;
	double t = (now_ns() - t0) / STEPS;
	g_sink += (size_t)(p - m);
	free(m);
	return t;
}

static void latency_section(void)
{
	rng_seed(0x5eed0300);
	printf("Dependent random reads (pointer chase over random cache lines; "
	       "ns per read):\n");
	printf("  %-40s %10.1f\n", "128 MiB (the client table), huge pages",
	       chase_ns(128, 1));
	printf("  %-40s %10.1f\n", "1 GiB (the lists), huge pages",
	       chase_ns(1024, 1));
	printf("  %-40s %10.1f\n", "1 GiB, 4 KiB pages", chase_ns(1024, 0));
}

static void swap_section(void)
{
	enum { NC = 1000000, CHANGES = 2000 };
	printf("4. The swap store (R10): 1,000,000 clients x 10 entries, "
	       "tenant list of 10\n");
	auth0logout_swapstore *ss = auth0logout_swapstore_new();
	if (!ss)
		die("swapstore_new", AUTH0LOGOUT_E_NOMEM);
	double t0 = now_ns();
	char ent[10][96];
	double sum = 0;
	for (unsigned k = 0; k < 10; k++)
		tenant_entry(ent[k], sizeof ent[k], k);
	auth0logout_swapstore_set_tenant(ss, compile_entries(ent, 10, &sum));
	for (unsigned i = 0; i < NC; i++)
		put_client(ss, i, client_list_v(i, 0));
	int st = auth0logout_swapstore_publish(ss);
	if (st)
		die("swapstore_publish", st);
	printf("  build (compile + put every client, one publish) %8.1f s\n",
	       (now_ns() - t0) / 1e9);

	/* One change = compile the client's new list, put it, publish. */
	static double whole[CHANGES], store_only[CHANGES];
	rng_seed(0x5eed0400);
	for (int c = 0; c < CHANGES; c++) {
		unsigned i = rndn(NC);
		double a = now_ns();
		auth0logout_allowlist *l = client_list_v(i, (unsigned)c + 1);
		double b = now_ns();
		put_client(ss, i, l);
		if ((st = auth0logout_swapstore_publish(ss)))
			die("swapstore_publish", st);
		double e = now_ns();
		whole[c] = (e - a) / 1e3;
		store_only[c] = (e - b) / 1e3;
	}
	qsort(whole, CHANGES, sizeof *whole, cmp_double);
	qsort(store_only, CHANGES, sizeof *store_only, cmp_double);
	printf("  one client change, %d changes at random clients:\n", CHANGES);
	printf("    %-44s %8s %8s %8s\n", "", "p50 us", "p99 us", "max us");
	printf("    %-44s %8.1f %8.1f %8.1f\n",
	       "compile 10 entries + put + publish", whole[CHANGES / 2],
	       whole[CHANGES * 99 / 100], whole[CHANGES - 1]);
	printf("    %-44s %8.1f %8.1f %8.1f\n",
	       "put + publish (the store's part)", store_only[CHANGES / 2],
	       store_only[CHANGES * 99 / 100], store_only[CHANGES - 1]);
	printf("    target p50 and p99 <= 1000 us: %s\n",
	       whole[CHANGES * 99 / 100] <= 1000.0 ? "met" : "MISSED");

	/* Decisions on one reader thread, alone and next to a writer
	 * publishing 1,000 changes/s; interleaved rounds. */
	auth0logout_swapstore_reader *r = auth0logout_swapstore_reader_new(ss);
	auth0logout_store rs;
	auth0logout_swapstore_reader_store(r, &rs);
	qset qs;
	rng_seed(0x5eed0401);
	make_queries(&qs, 20000, NC, 0);
	time_decide(&rs, &qs, NULL, qs.n, 1);
	double alone[5], busy[5], ratio[5];
	unsigned long long published = 0;
	double wsec = 0;
	for (int k = 0; k < 5; k++) {
		alone[k] = time_decide(&rs, &qs, NULL, qs.n, 3);
		writer_arg w = {ss, NC, 1000.0, 0, 0, 0};
		pthread_t th;
		pthread_create(&th, NULL, writer_main, &w);
		busy[k] = time_decide(&rs, &qs, NULL, qs.n, 3);
		atomic_store(&w.stop, 1);
		pthread_join(th, NULL);
		published += w.done;
		wsec += w.elapsed;
		ratio[k] = busy[k] / alone[k];
	}
	double rmed = median(ratio, 5);
	printf(
	    "  decisions on it, one reader thread (20,000 queries, median of "
	    "5 interleaved rounds):\n");
	printf("    %-44s %8.1f ns/dec\n", "alone", median(alone, 5));
	printf("    %-44s %8.1f ns/dec\n",
	       "next to a writer at 1,000 changes/s", median(busy, 5));
	printf(
	    "    writer achieved %.0f changes/s; ratio %.2f (target <= 1.10: "
	    "%s)\n",
	    wsec > 0 ? (double)published / wsec : 0, rmed,
	    rmed <= 1.10 ? "met" : "MISSED");
	free_queries(&qs);
	auth0logout_swapstore_reader_free(r);
	auth0logout_swapstore_free(ss);
}

int main(int argc, char **argv)
{
	double t_start = now_ns();
	header(argc, argv);
	g_buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	memset(g_buf, 0, AUTH0LOGOUT_DECIDE_BUFFER_SIZE);

	/* --profile: the mix once, decisions then bare parses, for
	 * valgrind --tool=callgrind --toggle-collect=... (instruction
	 * counts per call are reproducible where times are not). */
	/* --swap: section 4 alone. */
	if (argc > 1 && strcmp(argv[1], "--latency") == 0) {
		latency_section();
		free(g_buf);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--wild") == 0) {
		wild_section();
		free(g_buf);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--swap") == 0) {
		swap_section();
		free(g_buf);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--profile") == 0) {
		/* --profile [CLIENTS]: the mix on CLIENTS clients (1,000). */
		unsigned nc =
		    argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 1000;
		if (nc == 0)
			nc = 1;
		rng_seed(0x5eed0001);
		built pb;
		build_store(&pb, nc, 10, 1e9);
		qset pq;
		make_queries(&pq, 20000, nc, 0);
		time_decide(&pb.store, &pq, NULL, pq.n, 1);
		time_parse(&pq, 1);
		printf("profile: %zu decisions, %zu parses\n", pq.n, pq.n_rt);
		free_queries(&pq);
		auth0logout_memstore_free(pb.ms);
		free(g_buf);
		return 0;
	}

	/* ---- 1. the mix ---- */
	printf("1. Mix: 1,000 clients x 10 entries + tenant list (10 entries), "
	       "20,000 queries\n");
	printf(
	    "   (60%% allowed [half exact, half wildcard], 20%% not-allowed, "
	    "10%% first-URL, 10%% malformed/attack)\n");
	rng_seed(0x5eed0001);
	built b;
	build_store(&b, 1000, 10, 1e9);
	qset qs;
	make_queries(&qs, 20000, 1000, 0);
	outcome_table(&b.store, &qs);
	printf("  allowed returnTo length: min %zu, max %zu, mean %.1f bytes\n",
	       qs.rt_min, qs.rt_max,
	       qs.rt_len_sum / (double)(qs.n_allowed ? qs.n_allowed : 1));
	time_decide(&b.store, &qs, NULL, qs.n, 1); /* warm-up */
	time_parse(&qs, 1);
	/* A, B and P are measured in turn, once per round, so that the
	 * ratios compare figures taken side by side (this machine's speed
	 * drifts between seconds); each ratio is the median of the rounds'
	 * ratios. */
	enum { ROUNDS = 7 };
	double va[ROUNDS], vb[ROUNDS], vp[ROUNDS], ra[ROUNDS], rb[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		va[r] = time_decide(&b.store, &qs, NULL, qs.n, 1);
		vb[r] = time_decide(&b.store, &qs, qs.rt_idx, qs.n_rt, 1);
		vp[r] = time_parse(&qs, 1);
		ra[r] = va[r] / vp[r];
		rb[r] = vb[r] / vp[r];
	}
	double ns_all = median(va, ROUNDS), ns_rt = median(vb, ROUNDS);
	double ns_parse = median(vp, ROUNDS);
	printf("\n  %-62s %10s\n", "measure (median of 7 interleaved rounds)",
	       "ns");
	printf("  %-62s %10.1f\n",
	       "A  decide_query, whole mix (20,000 queries), per decision",
	       ns_all);
	char lbl[128];
	snprintf(lbl, sizeof lbl,
	         "B  decide_query, returnTo-bearing only (%zu), per decision",
	         qs.n_rt);
	printf("  %-62s %10.1f\n", lbl, ns_rt);
	snprintf(
	    lbl, sizeof lbl,
	    "P  uriParseSingleUriA+uriFreeUriMembersA, same %zu, per parse",
	    qs.n_rt);
	printf("  %-62s %10.1f\n", lbl, ns_parse);
	double ratio_ap = median(ra, ROUNDS);
	printf("  ratio A/P (whole-mix decision / parse)            = %.2f"
	       "  (target <= 1.30: %s)\n",
	       ratio_ap, ratio_ap <= 1.30 ? "met" : "MISSED");
	printf("  ratio B/P (returnTo-bearing decision / parse)     = %.2f\n",
	       median(rb, ROUNDS));
	printf("  (ratios: median of the per-round ratios; returnTo-bearing = "
	       "queries whose\n   returnTo decodes; first-URL and %%zz "
	       "excluded)\n\n");

	/* ---- 3 needs this store; do it now, print later ---- */
	double t1v[5], t2v[5], trv[5];
	for (int r = 0; r < 5; r++) {
		t1v[r] = run_threads(&b.store, &qs, 1, 0.6);
		t2v[r] = run_threads(&b.store, &qs, 2, 0.6);
		trv[r] = t2v[r] / t1v[r];
	}
	double tp1 = median(t1v, 5), tp2 = median(t2v, 5);
	double tratio = median(trv, 5);

	free_queries(&qs);
	auth0logout_memstore_free(b.ms);

	/* ---- 2. scaling ---- */
	printf("2a. Scaling by clients (10 entries each; 20,000 queries, same "
	       "mix; ns median of 5)\n");
	printf("  %10s %9s %11s %10s %11s %10s %12s %8s\n", "clients",
	       "entries", "build ms", "ns/dec", "B/entry", "avg text",
	       "64+1.5*text", "vs 10");
	unsigned sizes[] = {10, 10000, 1000000};
	double big_ratio = 0, big_build_ms = 0, big_bpe = 0;
	const char *note = NULL;
	char notebuf[256];
	/* The 10-client store stays; each larger one is timed in turn with
	 * it, round by round, and "vs 10" is the median of those ratios. */
	built small;
	qset small_q;
	rng_seed(0x5eed0100);
	build_store(&small, sizes[0], 10, 60.0);
	make_queries(&small_q, 20000, small.nclients, 0);
	time_decide(&small.store, &small_q, NULL, small_q.n, 1);
	double small_ns[5];
	for (int r = 0; r < 5; r++)
		small_ns[r] =
		    time_decide(&small.store, &small_q, NULL, small_q.n, 1);
	printf("  %10u %9zu %11.1f %10.1f %11.1f %10.1f %12.1f %8s\n",
	       small.nclients, small.entries, small.build_ms,
	       median(small_ns, 5), small.bytes_per_entry, small.avg_text,
	       64 + 1.5 * small.avg_text, "1.00");
	for (int sz = 1; sz < 3; sz++) {
		rng_seed(0x5eed0100 + (uint64_t)sz);
		build_store(&b, sizes[sz], 10, 60.0);
		make_queries(&qs, 20000, b.nclients, 0);
		time_decide(&b.store, &qs, NULL, qs.n, 1);
		double v[5], rv[5];
		for (int r = 0; r < 5; r++) {
			v[r] = time_decide(&b.store, &qs, NULL, qs.n, 1);
			rv[r] = v[r] / time_decide(&small.store, &small_q, NULL,
			                           small_q.n, 1);
		}
		printf(
		    "  %10u %9zu %11.1f %10.1f %11.1f %10.1f %12.1f %8.2f%s\n",
		    b.nclients, b.entries, b.build_ms, median(v, 5),
		    b.bytes_per_entry, b.avg_text, 64 + 1.5 * b.avg_text,
		    median(rv, 5), b.truncated ? "  (*)" : "");
		if (sz == 2) {
			big_ratio = median(rv, 5);
			big_build_ms = b.build_ms;
			big_bpe = b.bytes_per_entry;
		}
		if (b.truncated) {
			snprintf(notebuf, sizeof notebuf,
			         "  (*) building %u clients exceeded 60 s; "
			         "stopped at %u clients, figures are for those",
			         sizes[sz], b.nclients);
			note = notebuf;
		}
		free_queries(&qs);
		auth0logout_memstore_free(b.ms);
	}
	free_queries(&small_q);
	auth0logout_memstore_free(small.ms);
	if (note)
		printf("%s\n", note);
	printf("  (entries column includes the 10-entry tenant list; build = "
	       "time in reserve, compile,\n   add_client and memstore_get (the "
	       "texts' "
	       "generation excluded);\n"
	       "   B/entry = mallinfo2 uordblks+hblkhd delta / entries)\n");
	/* Targets of issue 16; 95.0 B/entry is 0.4.0's figure, measured
	 * the same way before the one-parse build and the arenas. */
	printf("  target 1,000,000 vs 10 clients <= 1.30: %s (%.2f)\n",
	       big_ratio <= 1.30 ? "met" : "MISSED", big_ratio);
	printf("  target build of 1,000,000 clients <= 4000 ms: %s (%.0f ms)\n",
	       big_build_ms <= 4000 ? "met" : "MISSED", big_build_ms);
	printf("  target B/entry at 1,000,000 clients <= 95.0 (0.4.0): %s "
	       "(%.1f)\n\n",
	       big_bpe <= 95.0 ? "met" : "MISSED", big_bpe);

	printf("2b. Scaling by entries in the tenant list (half exact, half "
	       "wildcard; no client_id;\n"
	       "    20,000 queries: 60/20/10 allowed/not-allowed/attack, "
	       "ns median of 5)\n");
	printf("  %10s %11s %10s %11s %10s %12s %8s\n", "entries", "build ms",
	       "ns/dec", "B/entry", "avg text", "64+1.5*text", "vs 1");
	unsigned lsz[] = {1, 100, 10000};
	built one;
	qset one_q;
	rng_seed(0x5eed0200);
	build_store(&one, 0, lsz[0], 1e9);
	make_queries(&one_q, 20000, 0, lsz[0]);
	time_decide(&one.store, &one_q, NULL, one_q.n, 1);
	double one_ns[5];
	for (int r = 0; r < 5; r++)
		one_ns[r] = time_decide(&one.store, &one_q, NULL, one_q.n, 1);
	printf("  %10u %11.2f %10.1f %11.1f %10.1f %12.1f %8s\n", lsz[0],
	       one.build_ms, median(one_ns, 5), one.bytes_per_entry,
	       one.avg_text, 64 + 1.5 * one.avg_text, "1.00");
	for (int sz = 1; sz < 3; sz++) {
		rng_seed(0x5eed0200 + (uint64_t)sz);
		build_store(&b, 0, lsz[sz], 1e9);
		make_queries(&qs, 20000, 0, lsz[sz]);
		time_decide(&b.store, &qs, NULL, qs.n, 1);
		double v[5], rv[5];
		for (int r = 0; r < 5; r++) {
			v[r] = time_decide(&b.store, &qs, NULL, qs.n, 1);
			rv[r] = v[r] / time_decide(&one.store, &one_q, NULL,
			                           one_q.n, 1);
		}
		printf("  %10u %11.2f %10.1f %11.1f %10.1f %12.1f %8.2f\n",
		       lsz[sz], b.build_ms, median(v, 5), b.bytes_per_entry,
		       b.avg_text, 64 + 1.5 * b.avg_text, median(rv, 5));
		free_queries(&qs);
		auth0logout_memstore_free(b.ms);
	}
	free_queries(&one_q);
	auth0logout_memstore_free(one.ms);
	printf("  (B/entry includes the store object itself, which dominates "
	       "at 1 entry)\n\n");
	wild_section();

	printf("3. Threads on one shared store (the 1,000-client mix), 0.6 s "
	       "each, alternating 1 and 2\n   threads five times, own buffer "
	       "per thread (medians; speed-up: median of the ratios)\n");
	printf("  %8s %16s %10s\n", "threads", "decisions/s", "speed-up");
	printf("  %8d %16.0f %10.2f\n", 1, tp1, 1.0);
	printf("  %8d %16.0f %10.2f\n", 2, tp2, tratio);
	printf("\n");
	swap_section();

	printf("\ntotal bench time: %.1f s\n", (now_ns() - t_start) / 1e9);
	free(g_buf);
	return 0;
}
