/* SPDX-License-Identifier: MIT */
/*
 * R11 policy tests: reading the cases file of `auth0logout test` (YAML or
 * JSON, with the config reader's YAML-to-JSON code).  Every key is
 * checked: one this reader does not know, at any level, is refused with
 * the case it is in, as is a value of the wrong type, so that a typo
 * (expct, stauts) cannot make a case pass by testing nothing.
 *
 * The cases keep the parsed document: their strings point into it.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct auth0logout_cases {
	char *source;
	json_t *root;
	auth0logout_case *cases;
	size_t n;
};

static const char *const case_keys[] = {"name",     "query",  "target",
                                        "endpoint", "method", "session_sid",
                                        "expect",   NULL};
#define CASE_KEYS "name, query, target, endpoint, method, session_sid, expect"
static const char *const expect_keys[] = {
    "outcome", "list", "matched", "status", "location", "error", NULL};
#define EXPECT_KEYS "outcome, status, location, list, matched, error"

static int known(const char *key, const char *const *keys)
{
	for (; *keys != NULL; keys++)
		if (strcmp(key, *keys) == 0)
			return 1;
	return 0;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The message's quoted form of a key or value (cut at QUOTE_MAX). */
#define Q(buf, s, n) (cfg_quote(buf, s, n), buf)

/* Reads the whole regular file path into *data (*len bytes). */
static int read_all(struct reader *rd, const char *path, char **data,
                    size_t *len)
{
	struct cfg_buf b = {NULL, 0, 0};
	char chunk[8192], msg[256];
	size_t got;
	FILE *fp = cfg_open_regular(path);
	int e;

	if (fp == NULL) {
		e = errno;
		if (e == EINVAL)
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_IO,
			         "not a regular file");
		else
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_IO,
			         "cannot open: %s",
			         cfg_errtext(e, msg, sizeof(msg)));
		return -1;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (cfg_buf_add(&b, chunk, got) != 0) {
			free(b.p);
			fclose(fp);
			cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "out of memory");
			return -1;
		}
	}
	if (ferror(fp)) {
		e = errno != 0 ? errno : EIO;
		free(b.p);
		fclose(fp);
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_IO, "cannot read: %s",
		         cfg_errtext(e, msg, sizeof(msg)));
		return -1;
	}
	fclose(fp);
	*data = b.p;
	*len = b.len;
	return 0;
}

static json_t *parse(struct reader *rd, const char *data, size_t len)
{
	json_error_t jerr;
	json_t *root;

	if (rd->yaml)
		return cfg_yaml_to_json(rd, data, len);
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL && jerr.line > 0) {
		cfg_line(&rd->m, (size_t)jerr.line,
		         jerr.column > 0 ? (size_t)jerr.column : 1);
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SYNTAX,
		         "invalid JSON at line %d, column %d: %s", jerr.line,
		         jerr.column > 0 ? jerr.column : 1, jerr.text);
	} else if (root == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SYNTAX,
		         "invalid JSON: %s", jerr.text);
	}
	return root;
}

/* A string value without NUL bytes (non-empty when nonempty); else a
 * message naming where and field.  0 or -1. */
static int get_string(struct reader *rd, const char *where, const char *field,
                      const json_t *v, int nonempty, const char **s,
                      size_t *len)
{
	if (!json_is_string(v)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: %s must be a string, not %s", where, field,
		         cfg_type_name(rd, v));
		return -1;
	}
	*s = json_string_value(v);
	*len = json_string_length(v);
	if (nonempty && *len == 0) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: %s must not be empty", where, field);
		return -1;
	}
	if (memchr(*s, '\0', *len) != NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: %s must not contain a NUL byte", where, field);
		return -1;
	}
	return 0;
}

/* One of names[] (index in *out), or null when null_ok (*out = -1). */
static int get_name(struct reader *rd, const char *where, const char *field,
                    const json_t *v, const char *const *names, const char *list,
                    int null_ok, int *out)
{
	char q[QUOTE_SIZE];
	const char *s;
	size_t len;
	int i;

	if (null_ok && json_is_null(v)) {
		*out = -1;
		return 0;
	}
	if (!json_is_string(v)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: %s must be one of %s, not %s", where, field, list,
		         cfg_type_name(rd, v));
		return -1;
	}
	s = json_string_value(v);
	len = json_string_length(v);
	for (i = 0; names[i] != NULL; i++) {
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0) {
			*out = i;
			return 0;
		}
	}
	cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
	         "%s: %s must be one of %s, not %s", where, field, list,
	         Q(q, s, len));
	return -1;
}

/* Refuses a key of obj not in keys; what names obj ("" for the case). */
static int check_keys(struct reader *rd, const char *where, const char *what,
                      const json_t *obj, const char *const *keys,
                      const char *list)
{
	char q[QUOTE_SIZE];
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v)
	{
		if (!known(key, keys)) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "%s: %sunknown key %s (known: %s)", where,
			         what, Q(q, key, strlen(key)), list);
			return -1;
		}
	}
	return 0;
}

/* A nullable string expectation. */
static int get_opt_string(struct reader *rd, const char *where,
                          const char *field, const json_t *v, const char **s,
                          size_t *len)
{
	if (json_is_null(v)) {
		*s = NULL;
		*len = 0;
		return 0;
	}
	if (!json_is_string(v)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: expect: %s must be a string or null, not %s",
		         where, field, cfg_type_name(rd, v));
		return -1;
	}
	return get_string(rd, where, field, v, 0, s, len);
}

static int read_expect(struct reader *rd, const char *where, const json_t *e,
                       auth0logout_case *c)
{
	static const char *const outcomes[] = {"redirect", "logged_out",
	                                       "error", NULL};
	static const char *const lists[] = {"tenant", "client", NULL};
	static const char *const errors[] = {"invalid_request", "server_error",
	                                     NULL};
	const json_t *v;
	json_int_t st;
	int k;

	if (e == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: expect is missing (give at least one of %s)",
		         where, EXPECT_KEYS);
		return -1;
	}
	if (!json_is_object(e)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: expect must be %s, not %s", where,
		         cfg_an_object(rd), cfg_type_name(rd, e));
		return -1;
	}
	if (check_keys(rd, where, "expect: ", e, expect_keys, EXPECT_KEYS) != 0)
		return -1;
	if (json_object_size(e) == 0) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: expect is empty (give at least one of %s)", where,
		         EXPECT_KEYS);
		return -1;
	}
	if ((v = json_object_get(e, "outcome")) != NULL) {
		if (get_name(rd, where, "expect: outcome", v, outcomes,
		             "redirect, logged_out, error", 0, &k) != 0)
			return -1;
		c->outcome = k + 1; /* AUTH0LOGOUT_OUTCOME_REDIRECT = 1 */
		c->expect |= AUTH0LOGOUT_EXPECT_OUTCOME;
	}
	if ((v = json_object_get(e, "status")) != NULL) {
		st = json_is_integer(v) ? json_integer_value(v) : 0;
		if (!json_is_integer(v) || st < 100 || st > 599) {
			if (json_is_integer(v))
				cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
				         "%s: expect: status must be an HTTP "
				         "status (100 to 599), not %lld",
				         where, (long long)st);
			else
				cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
				         "%s: expect: status must be an "
				         "integer, not %s",
				         where, cfg_type_name(rd, v));
			return -1;
		}
		c->status = (int)st;
		c->expect |= AUTH0LOGOUT_EXPECT_STATUS;
	}
	if ((v = json_object_get(e, "location")) != NULL) {
		if (get_opt_string(rd, where, "location", v, &c->location,
		                   &c->location_len) != 0)
			return -1;
		c->expect |= AUTH0LOGOUT_EXPECT_LOCATION;
	}
	if ((v = json_object_get(e, "list")) != NULL) {
		if (get_name(rd, where, "expect: list", v, lists,
		             "tenant, client, null", 1, &k) != 0)
			return -1;
		c->list = k + 1; /* -1 (null) is AUTH0LOGOUT_LIST_NONE */
		c->expect |= AUTH0LOGOUT_EXPECT_LIST;
	}
	if ((v = json_object_get(e, "matched")) != NULL) {
		if (get_opt_string(rd, where, "matched", v, &c->matched,
		                   &c->matched_len) != 0)
			return -1;
		c->expect |= AUTH0LOGOUT_EXPECT_MATCHED;
	}
	if ((v = json_object_get(e, "error")) != NULL) {
		if (get_name(rd, where, "expect: error", v, errors,
		             "invalid_request, server_error, null", 1, &k) != 0)
			return -1;
		c->error = k + 1; /* -1 (null) is AUTH0LOGOUT_ERROR_NONE */
		c->expect |= AUTH0LOGOUT_EXPECT_ERROR;
	}
	return 0;
}

/* A target: "/v2/logout?...", "/oidc/logout?..." or an absolute http(s)
 * URL with one of these paths.  Sets the query and *endpoint. */
static int read_target(struct reader *rd, const char *where, const char *s,
                       size_t len, auth0logout_case *c, int *endpoint)
{
	char q[QUOTE_SIZE];
	const char *p = s, *end = s + len, *path, *qm, *hash;
	size_t plen;

	if (len >= 8 && strncmp(s, "https://", 8) == 0)
		p = s + 8;
	else if (len >= 7 && strncmp(s, "http://", 7) == 0)
		p = s + 7;
	if (p != s) {
		p = memchr(p, '/', (size_t)(end - p));
		if (p == NULL)
			p = end;
	}
	path = p;
	hash = memchr(path, '#', (size_t)(end - path));
	if (hash != NULL)
		end = hash;
	qm = memchr(path, '?', (size_t)(end - path));
	plen = (size_t)((qm != NULL ? qm : end) - path);
	if (plen == 10 && memcmp(path, "/v2/logout", 10) == 0) {
		*endpoint = AUTH0LOGOUT_CASE_V2;
	} else if (plen == 12 && memcmp(path, "/oidc/logout", 12) == 0) {
		*endpoint = AUTH0LOGOUT_CASE_OIDC;
	} else {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: target must be /v2/logout?QUERY or "
		         "/oidc/logout?QUERY (or an http(s) URL with one of "
		         "these paths), not %s",
		         where, Q(q, s, len));
		return -1;
	}
	c->query = qm != NULL ? qm + 1 : "";
	c->query_len = qm != NULL ? (size_t)(end - qm - 1) : 0;
	return 0;
}

static int read_case(struct reader *rd, size_t i, const json_t *o, json_t *seen,
                     auth0logout_case *c)
{
	char where[WHERE_SIZE], q[QUOTE_SIZE];
	const json_t *v, *query, *target;
	const char *s;
	size_t len;
	int k, endpoint = -1, target_endpoint = -1, method = 0;

	snprintf(where, sizeof(where), "cases[%zu]", i);
	if (!json_is_object(o)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s must be %s, not %s", where, cfg_an_object(rd),
		         cfg_type_name(rd, o));
		return -1;
	}
	v = json_object_get(o, "name");
	if (v == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: name is missing", where);
		return -1;
	}
	if (get_string(rd, where, "name", v, 1, &c->name, &len) != 0)
		return -1;
	snprintf(where, sizeof(where), "cases[%zu] (name %s)", i,
	         Q(q, c->name, len));
	if (json_object_get(seen, c->name) != NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: another case has this name (names must be "
		         "unique)",
		         where);
		return -1;
	}
	if (json_object_set_new_nocheck(seen, c->name, json_true()) != 0) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "out of memory");
		return -1;
	}
	if (check_keys(rd, where, "", o, case_keys, CASE_KEYS) != 0)
		return -1;
	query = json_object_get(o, "query");
	target = json_object_get(o, "target");
	if ((query == NULL) == (target == NULL)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: give either query or target%s", where,
		         query != NULL ? ", not both" : "");
		return -1;
	}
	if (query != NULL) {
		if (get_string(rd, where, "query", query, 0, &c->query,
		               &c->query_len) != 0)
			return -1;
	} else if (get_string(rd, where, "target", target, 1, &s, &len) != 0 ||
	           read_target(rd, where, s, len, c, &target_endpoint) != 0) {
		return -1;
	}
	if ((v = json_object_get(o, "endpoint")) != NULL) {
		static const char *const endpoints[] = {"v2", "oidc", NULL};

		if (get_name(rd, where, "endpoint", v, endpoints, "v2, oidc", 0,
		             &endpoint) != 0)
			return -1;
		if (target_endpoint >= 0 && endpoint != target_endpoint) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "%s: endpoint %s contradicts the target's "
			         "path",
			         where, endpoints[endpoint]);
			return -1;
		}
	}
	c->endpoint = endpoint >= 0          ? endpoint
	              : target_endpoint >= 0 ? target_endpoint
	                                     : AUTH0LOGOUT_CASE_V2;
	if ((v = json_object_get(o, "method")) != NULL) {
		static const char *const methods[] = {"GET", "POST", NULL};

		if (get_name(rd, where, "method", v, methods, "GET, POST", 0,
		             &method) != 0)
			return -1;
		if (method == 1 && c->endpoint != AUTH0LOGOUT_CASE_OIDC) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "%s: method POST needs endpoint oidc "
			         "(/v2/logout is GET only)",
			         where);
			return -1;
		}
		c->form = method == 1;
	}
	if ((v = json_object_get(o, "session_sid")) != NULL) {
		if (get_string(rd, where, "session_sid", v, 1, &c->session_sid,
		               &len) != 0)
			return -1;
		if (c->endpoint != AUTH0LOGOUT_CASE_OIDC) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "%s: session_sid needs endpoint oidc", where);
			return -1;
		}
	}
	k = read_expect(rd, where, json_object_get(o, "expect"), c);
	return k;
}

static int read_root(struct reader *rd, struct auth0logout_cases *cs)
{
	const json_t *arr, *root = cs->root;
	json_t *seen;
	size_t i;
	int rc = 0;

	if (!json_is_object(root)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "the file must be %s with the key \"cases\", not %s",
		         cfg_an_object(rd), cfg_type_name(rd, root));
		return -1;
	}
	if (check_keys(rd, "the file", "", root,
	               (const char *const[]){"cases", NULL}, "cases") != 0)
		return -1;
	arr = json_object_get(root, "cases");
	if (arr == NULL || !json_is_array(arr)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "cases must be %s of cases, not %s",
		         rd->yaml ? "a sequence" : "an array",
		         arr == NULL ? "missing" : cfg_type_name(rd, arr));
		return -1;
	}
	cs->n = json_array_size(arr);
	if (cs->n == 0) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "cases is empty: a test needs at least one case");
		return -1;
	}
	cs->cases = calloc(cs->n, sizeof(*cs->cases));
	seen = json_object();
	if (cs->cases == NULL || seen == NULL) {
		json_decref(seen);
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < cs->n && rc == 0; i++)
		rc = read_case(rd, i, json_array_get(arr, i), seen,
		               &cs->cases[i]);
	json_decref(seen);
	return rc;
}

AUTH0LOGOUT_CONFIG_API void
auth0logout_config_cases_free(auth0logout_cases *cases)
{
	if (cases == NULL)
		return;
	free(cases->cases);
	json_decref(cases->root);
	free(cases->source);
	free(cases);
}

AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_cases_read_file(
    const char *path, size_t path_len, auth0logout_cases **out,
    auth0logout_config_diag *diag)
{
	struct reader rd;
	struct auth0logout_cases *cs = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc = -1;

	memset(&rd, 0, sizeof(rd));
	cfg_msg_start(&rd.m, "(cases)", diag);
	if (out != NULL)
		*out = NULL;
	if (out == NULL || path == NULL || memchr(path, '\0', path_len)) {
		cfg_fail(&rd.m, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		         "invalid argument: no path, a NUL byte in it, or no "
		         "place for the result");
		return rd.m.status;
	}
	cs = calloc(1, sizeof(*cs));
	if (cs == NULL || (cs->source = cfg_dupn(path, path_len)) == NULL) {
		free(cs);
		cfg_fail(&rd.m, AUTH0LOGOUT_E_NOMEM, "out of memory");
		return rd.m.status;
	}
	rd.m.name = cs->source;
	rd.yaml =
	    has_suffix(cs->source, ".yaml") || has_suffix(cs->source, ".yml");
	if (read_all(&rd, cs->source, &data, &len) == 0) {
		cs->root = parse(&rd, data != NULL ? data : "", len);
		if (cs->root != NULL)
			rc = read_root(&rd, cs);
	}
	free(data);
	if (rc != 0 || rd.m.status != AUTH0LOGOUT_OK) {
		auth0logout_config_cases_free(cs);
		return rd.m.status != AUTH0LOGOUT_OK
		           ? rd.m.status
		           : AUTH0LOGOUT_E_CONFIG_SHAPE;
	}
	*out = cs;
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_CONFIG_API size_t
auth0logout_config_cases_count(const auth0logout_cases *cases)
{
	return cases != NULL ? cases->n : 0;
}

AUTH0LOGOUT_CONFIG_API const auth0logout_case *
auth0logout_config_cases_get(const auth0logout_cases *cases, size_t i)
{
	return cases != NULL && i < cases->n ? &cases->cases[i] : NULL;
}

AUTH0LOGOUT_CONFIG_API const char *
auth0logout_config_cases_source(const auth0logout_cases *cases)
{
	return cases != NULL ? cases->source : NULL;
}

AUTH0LOGOUT_CONFIG_API size_t auth0logout_config_case_size(void)
{
	return sizeof(auth0logout_case);
}

/* ---- comparing a case with a decision ----------------------------------- */

/* A bounded writer: keeps the first cap - 1 bytes, counts them all. */
struct sink {
	char *buf;
	size_t cap, len;
};

static void put(struct sink *s, const char *p, size_t n)
{
	if (s->len < s->cap) {
		size_t room = s->cap - 1 - s->len;

		memcpy(s->buf + s->len, p, n < room ? n : room);
	}
	s->len += n;
}

static void puts_(struct sink *s, const char *p)
{
	put(s, p, strlen(p));
}

static void put_int(struct sink *s, int v)
{
	char t[24];

	puts_(s, (snprintf(t, sizeof(t), "%d", v), t));
}

/* s[0..len) escaped with flags (auth0logout_escape writes in place when
 * it fits; the count is its own). */
static void put_escaped(struct sink *s, const char *p, size_t n, unsigned flags)
{
	size_t room = s->len < s->cap ? s->cap - s->len : 0;
	size_t w = auth0logout_escape(p, n, flags,
	                              room > 0 ? s->buf + s->len : NULL, room);

	s->len += w;
}

/* A string value as JSON ("..." with escapes), or null. */
static void put_value(struct sink *s, const char *p, size_t n)
{
	if (p == NULL) {
		puts_(s, "null");
		return;
	}
	puts_(s, "\"");
	put_escaped(s, p, n, AUTH0LOGOUT_ESCAPE_JSON);
	puts_(s, "\"");
}

static void put_name(struct sink *s, const char *name)
{
	puts_(s, name != NULL ? name : "null");
}

static int same(const char *a, size_t alen, const char *b, size_t blen)
{
	if (a == NULL || b == NULL)
		return a == b;
	return alen == blen && memcmp(a, b, alen) == 0;
}

AUTH0LOGOUT_CONFIG_API size_t auth0logout_config_case_check(
    const auth0logout_case *c, const auth0logout_decision *d, char *buf,
    size_t cap)
{
	struct sink s = {buf, buf != NULL ? cap : 0, 0};
	int n = 0;

	if (s.cap > 0)
		buf[0] = '\0';
	if (c == NULL || d == NULL)
		return 0;
#define FIELD(what)                                                            \
	do {                                                                   \
		puts_(&s, n++ > 0 ? "; expected " what " "                     \
		                  : "expected " what " ");                     \
	} while (0)
	if ((c->expect & AUTH0LOGOUT_EXPECT_OUTCOME) &&
	    c->outcome != (int)d->outcome) {
		FIELD("outcome");
		put_name(&s, auth0logout_outcome_name(c->outcome));
		puts_(&s, ", got ");
		put_name(&s, auth0logout_outcome_name((int)d->outcome));
	}
	if ((c->expect & AUTH0LOGOUT_EXPECT_STATUS) &&
	    c->status != d->http_status) {
		FIELD("status");
		put_int(&s, c->status);
		puts_(&s, ", got ");
		put_int(&s, d->http_status);
	}
	if ((c->expect & AUTH0LOGOUT_EXPECT_LOCATION) &&
	    !same(c->location, c->location_len, d->location, d->location_len)) {
		FIELD("location");
		put_value(&s, c->location, c->location_len);
		puts_(&s, ", got ");
		put_value(&s, d->location, d->location_len);
	}
	if ((c->expect & AUTH0LOGOUT_EXPECT_LIST) && c->list != (int)d->list) {
		FIELD("list");
		put_name(&s, auth0logout_list_name(c->list));
		puts_(&s, ", got ");
		put_name(&s, auth0logout_list_name((int)d->list));
	}
	if ((c->expect & AUTH0LOGOUT_EXPECT_MATCHED) &&
	    !same(c->matched, c->matched_len, d->matched, d->matched_len)) {
		FIELD("matched");
		put_value(&s, c->matched, c->matched_len);
		puts_(&s, ", got ");
		put_value(&s, d->matched, d->matched_len);
	}
	if ((c->expect & AUTH0LOGOUT_EXPECT_ERROR) &&
	    c->error != (int)d->error) {
		FIELD("error");
		put_name(&s, auth0logout_error_name(c->error));
		puts_(&s, ", got ");
		put_name(&s, auth0logout_error_name((int)d->error));
	}
#undef FIELD
	if (n > 0 && d->hint != NULL) {
		puts_(&s, " (hint: ");
		put_escaped(&s, d->hint, d->hint_len,
		            AUTH0LOGOUT_ESCAPE_NO_CONTROL);
		puts_(&s, ")");
	}
	if (s.cap > 0)
		buf[s.len < s.cap ? s.len : s.cap - 1] = '\0';
	return s.len;
}
