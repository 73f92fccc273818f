/*
 * Linting Allowed Logout URLs lists (the "auth0logout lint" command).
 *
 * a0l_lint walks a config as read (struct a0l_config, config.h): the
 * tenant's list, then each client's list, entry by entry, and reports
 * findings.  Each finding has a stable code (an id such as "W202" and a
 * slug such as "wildcard-public-suffix"), a severity, the list, the entry's
 * index and text, the SPEC rule concerned (when there is one) and a one-line
 * message.  Every finding is reported once: a duplicate pair gives one
 * finding, on the later entry, that names the earlier one.
 *
 *   id    slug                      severity  what
 *   E101  invalid-entry             error     the library refuses the entry
 *                                             (auth0logout_entry_check); the
 *                                             finding names the status and
 *                                             the rule it breaks
 *   E102  duplicate-client-id       error     two clients share a client_id
 *                                             (the store refuses the second)
 *   E103  invalid-client-id         error     a client's client_id is
 *                                             missing, empty, longer than 256
 *                                             bytes or has a control byte
 *   W201  http-not-loopback         warning   http:// on a host other than
 *                                             localhost, *.localhost,
 *                                             127.0.0.0/8 or [::1]
 *   W202  wildcard-public-suffix    warning   a wildcard directly over a
 *                                             public suffix (*.co.uk,
 *                                             *.github.io), per the Public
 *                                             Suffix List (libpsl)
 *   W203  wildcard-first-entry      warning   a client's first entry is a
 *                                             wildcard: no default redirect
 *                                             (R3.4); not for the tenant list
 *   W204  duplicate-entry           warning   the same entry as an earlier
 *                                             one under R4.8 (scheme and host
 *                                             case-insensitive, path exact,
 *                                             query and fragment ignored)
 *   W205  near-duplicate            warning   differs from an earlier entry
 *                                             only by a trailing slash and/or
 *                                             a default port (:443 for https,
 *                                             :80 for http)
 *   W206  query-or-fragment         warning   the entry has a query or a
 *                                             fragment, which matching
 *                                             ignores (R4.9)
 *   W207  too-many-entries          warning   more than 100 entries in one
 *                                             list (Auth0's limit)
 *   W208  loopback-with-production  warning   a loopback entry in a list that
 *                                             also has a non-loopback http(s)
 *                                             host
 *   W209  scheme-typo               warning   a custom scheme that looks like
 *                                             a typo of http or https
 *
 * See README.md ("Linting allow-lists") for the exact conditions.
 *
 * This module keeps no global state and is safe to call from any thread
 * (each call loads the Public Suffix List itself).  It is not part of the
 * library (it needs jansson, uriparser and libpsl).
 */
#ifndef A0L_LINT_H
#define A0L_LINT_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

/* Auth0 accepts at most this many entries in one list (W207). */
#define A0L_LINT_MAX_ENTRIES 100

enum a0l_lint_code {
	A0L_LINT_INVALID_ENTRY = 0,        /* E101 */
	A0L_LINT_DUPLICATE_CLIENT_ID,      /* E102 */
	A0L_LINT_INVALID_CLIENT_ID,        /* E103 */
	A0L_LINT_HTTP_NOT_LOOPBACK,        /* W201 */
	A0L_LINT_WILDCARD_PUBLIC_SUFFIX,   /* W202 */
	A0L_LINT_WILDCARD_FIRST_ENTRY,     /* W203 */
	A0L_LINT_DUPLICATE_ENTRY,          /* W204 */
	A0L_LINT_NEAR_DUPLICATE,           /* W205 */
	A0L_LINT_QUERY_OR_FRAGMENT,        /* W206 */
	A0L_LINT_TOO_MANY_ENTRIES,         /* W207 */
	A0L_LINT_LOOPBACK_WITH_PRODUCTION, /* W208 */
	A0L_LINT_SCHEME_TYPO,              /* W209 */
	A0L_LINT_N_CODES
};

enum a0l_lint_severity { A0L_LINT_WARNING = 1, A0L_LINT_ERROR = 2 };

enum a0l_lint_format { A0L_LINT_FORMAT_TEXT = 0, A0L_LINT_FORMAT_JSON = 1 };

/* One finding, as handed to a0l_lint_options.on_finding.  The strings are
 * NUL-terminated and live only during the callback. */
struct a0l_lint_finding {
	enum a0l_lint_code code;
	const char *id;   /* "E101", "W202", ... */
	const char *slug; /* "invalid-entry", ... */
	enum a0l_lint_severity severity;
	const char *rule;  /* the SPEC rule concerned ("R4.4"), or NULL */
	int status;        /* E101: the auth0logout_status of entry_check;
	                      otherwise AUTH0LOGOUT_OK */
	size_t client;     /* index in cfg->clients, or (size_t)-1 for the
	                      tenant list */
	const char *list;  /* "tenant", or how the client is named (its
	                      "where", else "clients[N] (client_id ...)") */
	size_t index;      /* the entry's 0-based index in its list, or
	                      (size_t)-1 for a finding about the whole list or
	                      client (E102, E103, W207) */
	const char *entry; /* the entry as written (entry_len bytes; it may
	                      hold any bytes), or NULL with index (size_t)-1 */
	size_t entry_len;
	size_t related;      /* the earlier entry (W204, W205), the first
	                        production entry (W208) or the earlier client
	                        (E102); else (size_t)-1 */
	const char *message; /* one line of valid UTF-8, no control bytes */
};

struct a0l_lint_options {
	enum a0l_lint_format format;
	/* Non-zero: print findings only, no summary line (text format). */
	int no_summary;
	/* 0 means A0L_LINT_MAX_ENTRIES. */
	size_t max_entries;
	/* Called once per finding, in output order, when not NULL. */
	void (*on_finding)(void *ctx, const struct a0l_lint_finding *f);
	void *ctx;
};

/* Lints cfg and writes the report to out (may be NULL: nothing printed;
 * use on_finding).  opt may be NULL (text format, defaults).
 *
 * Text: one line per finding,
 *   SOURCE: LIST: allowed_logout_urls[I] "ENTRY": SEVERITY ID SLUG: MESSAGE
 *   (RULE)
 * (list-level findings have no allowed_logout_urls part), then one summary
 * line ("SOURCE: 1 error, 2 warnings in 3 lists (7 entries)" or
 * "SOURCE: no problems in 3 lists (7 entries)").
 * JSON: one object (keys in README.md) and a newline.
 *
 * Returns 0 when there is no finding, 1 when there are warnings only, 2 when
 * there is at least one error; -1 when out of memory or when writing to out
 * failed (the report may then be incomplete). */
int a0l_lint(const struct a0l_config *cfg, const struct a0l_lint_options *opt,
             FILE *out);

/* The id ("W202"), slug ("wildcard-public-suffix") and severity of a code;
 * NULL / 0 for a value that is not a code. */
const char *a0l_lint_code_id(int code);
const char *a0l_lint_code_slug(int code);
int a0l_lint_code_severity(int code);

/* The SPEC rule an entry status breaks ("R4.4" for url_userinfo), or NULL
 * for a status that no entry gets. */
const char *a0l_lint_status_rule(int status);

#endif /* A0L_LINT_H */
