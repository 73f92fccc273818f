/*
 * Loading allow-lists from a JSON config file (SPEC R7.4), shared by the
 * example adapters (the auth0logout command, web servers).
 *
 * The file uses the Auth0 Management API's own shapes; unknown fields are
 * ignored:
 *
 *   {
 *     "tenant":  { "allowed_logout_urls": ["https://www.example.com"] },
 *     "clients": [
 *       { "client_id": "AbC123", "name": "My SPA",
 *         "allowed_logout_urls": ["https://app.example.com/bye"] }
 *     ]
 *   }
 *
 * "tenant" is a tenant-settings object and "clients" an array of client
 * objects; either may be missing (or null).  A client without
 * "allowed_logout_urls" (or with null) has an empty list.  Every entry is
 * compiled with auth0logout_allowlist_compile_array, so an invalid entry
 * fails the whole load (R5.7): nothing is ever silently dropped.
 *
 * This module prints nothing and keeps no global state; it is safe to call
 * from any thread.  It is not part of the library (it needs jansson).
 */
#ifndef A0L_CONFIG_H
#define A0L_CONFIG_H

#include <stddef.h>

#include "auth0logout.h"

/* A buffer of this many bytes holds any message a0l_config_load writes
 * (longer quoted values are shortened with "..."). */
#define A0L_CONFIG_ERR_SIZE 1024

/* Loads the config file at path into a new in-memory store.
 *
 * On success returns 0 and sets *out to a store the caller owns (free it
 * with auth0logout_memstore_free; call auth0logout_memstore_get to use it).
 * On failure returns -1, sets *out to NULL and, when err is not NULL and
 * errlen > 0, writes a NUL-terminated message naming the file, the client
 * (index and client_id), the entry at fault and the reason, e.g.
 *
 *   demo.json: clients[1] (client_id "AbC123"): allowed_logout_urls[2]
 *   "*.example.com": <reason>
 *
 * A message longer than errlen is truncated. */
int a0l_config_load(const char *path, auth0logout_memstore **out, char *err,
                    size_t errlen);

/* As a0l_config_load, but parses the len bytes at json (no NUL needed);
 * name stands for the file in messages. */
int a0l_config_load_buffer(const char *name, const char *json, size_t len,
                           auth0logout_memstore **out, char *err,
                           size_t errlen);

#endif /* A0L_CONFIG_H */
