/* SPDX-License-Identifier: MIT */
/* C glue of the Go binding: the store trampolines (whose ctx is a
 * runtime/cgo.Handle, an integer, never a Go pointer) and calls through a
 * store's function pointers, which Go cannot make itself. */
#ifndef A0L_GO_HELPERS_H
#define A0L_GO_HELPERS_H

#include <stddef.h>
#include <stdint.h>
#include <auth0logout.h>

/* auth0logout_decide_query through store, or, when go_store is non-zero,
 * through a store whose callbacks call the Go store behind handle. */
int a0l_go_decide(const auth0logout_store *store, uintptr_t handle,
                  int go_store, const char *query, size_t query_len,
                  char *buf, size_t buf_len, auth0logout_decision *out);

/* auth0logout_decide_oidc_query (flags: AUTH0LOGOUT_OIDC_FORM) through
 * store or the Go store behind handle, as a0l_go_decide, with the env and
 * reference verifier of oidc (NULL: no verifier, prompts enabled, no
 * locales) and the session's sid (NULL: none). */
int a0l_go_decide_oidc(const auth0logout_store *store, uintptr_t handle,
                       int go_store, const void *oidc, const char *sid,
                       size_t sid_len, const char *query, size_t query_len,
                       unsigned flags, char *buf, size_t buf_len,
                       auth0logout_decision *out);

/* store->tenant_list / store->client_list, then store->release (if any)
 * is not called: used on memstores only, whose lists live as long as the
 * store (their release is NULL). */
int a0l_go_call_tenant(const auth0logout_store *store,
                       const auth0logout_allowlist **out);
int a0l_go_call_client(const auth0logout_store *store, const char *id,
                       size_t len, const auth0logout_allowlist **out);

#endif
