/* SPDX-License-Identifier: MIT */
#include "helpers.h"
#include "_cgo_export.h"

static int tenant_tramp(void *ctx, const auth0logout_allowlist **out)
{
	return a0lGoTenantList((uintptr_t)ctx, (auth0logout_allowlist **)out);
}

static int client_tramp(void *ctx, const char *id, size_t len,
                        const auth0logout_allowlist **out)
{
	return a0lGoClientList((uintptr_t)ctx, (char *)id, len,
	                       (auth0logout_allowlist **)out);
}

int a0l_go_decide(const auth0logout_store *store, uintptr_t handle,
                  int go_store, const char *query, size_t query_len,
                  char *buf, size_t buf_len, auth0logout_decision *out)
{
	auth0logout_store s;
	if (go_store) {
		s.ctx = (void *)handle;
		s.tenant_list = tenant_tramp;
		s.client_list = client_tramp;
		s.release = NULL; /* the Go side holds what it handed out */
		store = &s;
	}
	return auth0logout_decide_query(store, query, query_len, buf, buf_len,
	                                out);
}

int a0l_go_call_tenant(const auth0logout_store *store,
                       const auth0logout_allowlist **out)
{
	*out = NULL;
	if (!store || !store->tenant_list)
		return AUTH0LOGOUT_E_STORE_FAILED;
	return store->tenant_list(store->ctx, out);
}

int a0l_go_call_client(const auth0logout_store *store, const char *id,
                       size_t len, const auth0logout_allowlist **out)
{
	*out = NULL;
	if (!store || !store->client_list)
		return AUTH0LOGOUT_E_STORE_FAILED;
	return store->client_list(store->ctx, id, len, out);
}
