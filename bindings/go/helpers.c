/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <auth0logout/config.h>
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

int a0l_go_decide_oidc(const auth0logout_store *store, uintptr_t handle,
                       int go_store, const void *oidc, const char *sid,
                       size_t sid_len, const char *query, size_t query_len,
                       unsigned flags, char *buf, size_t buf_len,
                       auth0logout_decision *out)
{
	auth0logout_store s;
	auth0logout_verifier v;
	auth0logout_oidc_env env;
	memset(&env, 0, sizeof env);
	if (oidc) {
		const auth0logout_config_oidc *o =
		    (const auth0logout_config_oidc *)oidc;
		auth0logout_config_oidc_verifier(o, &v);
		auth0logout_config_oidc_env(o, &v, &env);
	}
	env.session_sid = sid;
	env.session_sid_len = sid ? sid_len : 0;
	if (go_store) {
		s.ctx = (void *)handle;
		s.tenant_list = tenant_tramp;
		s.client_list = client_tramp;
		s.release = NULL; /* the Go side holds what it handed out */
		store = &s;
	}
	return auth0logout_decide_oidc_query(store, &env, query, query_len,
	                                     flags, buf, buf_len, out);
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
