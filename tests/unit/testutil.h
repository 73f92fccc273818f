/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the Check suites (tests/unit/test_url.c,
 * test_allowlist.c, test_query.c, ...): printable forms of byte
 * strings for failure messages, exact-size copies, a percent-encoder, and
 * a decision fixture on an in-memory store.
 *
 * The Makefile links tests/testutil.c into every test binary.
 */
#ifndef AUTH0LOGOUT_TESTUTIL_H
#define AUTH0LOGOUT_TESTUTIL_H

#include <stddef.h>

#include <check.h>

#include "auth0logout.h"
#include "auth0logout/config.h"

/* A string literal as (pointer, length): embedded NULs are kept. */
#define S(lit)    lit, sizeof(lit) - 1
#define N_ROWS(t) ((int)(sizeof(t) / sizeof((t)[0])))
/* One loop test per row of a table. */
#define ADD_ROWS(tc, test, rows) tcase_add_loop_test(tc, test, 0, N_ROWS(rows))

/* The client id the fixture's store holds, and an entry for the list that
 * is not under test. */
#define TU_CLIENT    "app-client-1"
#define TU_UNRELATED "https://unrelated.example"

/*
 * Printable form of a byte string for failure messages ("(null)" for
 * NULL).  The result lives in one of four rotating static buffers, so up to
 * four may be used in one message.
 */
const char *tu_show(const char *s, size_t n);
/* tu_show of a NUL-terminated string (or NULL). */
const char *tu_shows(const char *s);

/* $AUTH0LOGOUT_SRCDIR/rel (or ./rel), for the data files under tests/.
 * The result lives in one of four rotating static buffers. */
const char *tu_src_path(const char *rel);

/* auth0logout_status_name, and auth0logout_outcome_name or "(none)". */
const char *tu_name(int st);
const char *tu_oname(int outcome);

/* A copy of n bytes in a block of exactly n bytes (no terminator). */
char *tu_dup_exact(const char *s, size_t n);

/*
 * Appends s percent-encoded (all but unreserved bytes) at out, which must
 * have room for 3 * n bytes; returns the new end.
 */
char *tu_pct_encode(char *out, const char *s, size_t n);

/* auth0logout_allowlist_compile_csv of csv, which must succeed. */
auth0logout_allowlist *tu_compile_csv_ok(const char *csv);

/* A store with a tenant list and one client, and a decision buffer. */
struct tu_fx {
	auth0logout_memstore *ms;
	auth0logout_store store;
	char *buf;
	auth0logout_decision d;
};

/*
 * Builds a store from a tenant list and a client TU_CLIENT with
 * client_list (either NULL = empty); the store takes both lists over.
 */
void tu_fx_init(struct tu_fx *f, auth0logout_allowlist *tenant,
                auth0logout_allowlist *client_list);
void tu_fx_free(struct tu_fx *f);

/*
 * The config library with the message in a caller buffer, for the suites
 * that match messages: 0 on success, -1 with diag.text in err.  _load_buffer
 * reads name as JSON whatever it is called.
 */
#define TU_ERR_SIZE sizeof(((auth0logout_config_diag *)0)->text)
int tu_config_read(const char *path, const auth0logout_config_options *opt,
                   auth0logout_config **cfg, char *err, size_t errlen);
int tu_config_read_buffer(const char *name, const char *data, size_t len,
                          const auth0logout_config_options *opt,
                          auth0logout_config **cfg, char *err, size_t errlen);
int tu_config_build(const auth0logout_config *cfg, auth0logout_memstore **ms,
                    char *err, size_t errlen);
int tu_config_load(const char *path, auth0logout_memstore **ms, char *err,
                   size_t errlen);
int tu_config_load_buffer(const char *name, const char *json, size_t len,
                          auth0logout_memstore **ms, char *err, size_t errlen);

/* Runs a suite (CK_NORMAL) and frees it; EXIT_SUCCESS if no test failed,
 * else EXIT_FAILURE. */
int tu_run_suite(Suite *s);

#endif
