/*
 * Loading allow-lists from a config (SPEC R7.4).  See config.h.
 *
 * Two stages:
 *   - a0l_config_read reads one of three forms (a JSON file, an
 *     auth0-deploy-cli YAML file, an auth0-deploy-cli directory) into the
 *     model of config.h, checking shapes and types, replacing ##KEY##
 *     placeholders and keying clients; entries are kept as written;
 *   - a0l_config_build compiles the model into an in-memory store, checking
 *     values (client ids, entries); all-or-nothing.
 *
 * Every failure is reported once, in the caller's buffer, with enough
 * context to find the fault: the file name, the client (its index in
 * "clients" and its client_id, or its file in a directory export), the
 * entry (its index and value) and the reason.
 *
 * YAML is read with libyaml's event API into jansson values, so that the
 * three forms share one reader.  Aliases and anchors are refused (no
 * billion laughs: nothing is ever expanded), as are duplicate mapping keys,
 * tags other than the standard ones, more than one document and nesting
 * deeper than YAML_MAX_DEPTH.  Plain scalars are resolved as in YAML 1.2's
 * core schema (what auth0-deploy-cli's js-yaml does): null, ~ and nothing
 * are null; true/false booleans; numbers numbers; everything else, and
 * every quoted or block scalar, a string.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <yaml.h>

#if defined(__GNUC__)
#define A0L_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define A0L_PRINTF(f, a)
#endif

/* At most this many bytes of a value are shown in a message. */
#define QUOTE_MAX 80
/* Room for a quoted value: every shown byte escaped as \xNN, the quotes,
 * the "..." of a shortened value and the NUL. */
#define QUOTE_SIZE (4 * QUOTE_MAX + 8)
/* Room for "clients[N] (client_id QUOTED)". */
#define WHERE_SIZE (QUOTE_SIZE + 64)
/* Mappings and sequences nested deeper than this are refused. */
#define YAML_MAX_DEPTH 64

/* ---- messages ---------------------------------------------------------- */

struct msg {
	const char *name; /* the file, as messages call it */
	char *err;
	size_t errlen;
};

static void fail(struct msg *m, const char *fmt, ...) A0L_PRINTF(2, 3);

/* Writes "NAME: <fmt...>" to the caller's buffer, truncating if needed. */
static void fail(struct msg *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (m->err == NULL || m->errlen == 0)
		return;
	n = snprintf(m->err, m->errlen, "%s: ", m->name);
	if (n < 0) {
		m->err[0] = '\0';
		return;
	}
	if ((size_t)n >= m->errlen)
		return;
	va_start(ap, fmt);
	if (vsnprintf(m->err + n, m->errlen - (size_t)n, fmt, ap) < 0)
		m->err[n] = '\0';
	va_end(ap);
}

static void msg_start(struct msg *m, const char *name, char *err, size_t errlen)
{
	m->name = name != NULL ? name : "(config)";
	m->err = err;
	m->errlen = errlen;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
}

/* strerror_r into buf, or "error N". */
static const char *errtext(int e, char *buf, size_t len)
{
	if (strerror_r(e, buf, len) != 0)
		snprintf(buf, len, "error %d", e);
	return buf;
}

/* Quotes len bytes of s for a message: "..." with '"' and '\' escaped and
 * control bytes shown as \xNN.  Long values are cut after QUOTE_MAX bytes
 * (never inside a UTF-8 sequence) and marked with "...". */
static void quote(char out[QUOTE_SIZE], const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t shown = len, i, o = 0;

	if (shown > QUOTE_MAX) {
		shown = QUOTE_MAX;
		/* Back up over continuation bytes to the start of a sequence.
		 */
		while (shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80)
			shown--;
	}
	out[o++] = '"';
	for (i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7F) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xF];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o++] = '"';
	if (shown < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* ---- the model --------------------------------------------------------- */

/* A NUL-terminated copy of len bytes (which may hold NULs). */
static char *dupn(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (p != NULL) {
		if (len > 0)
			memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

static void list_free(struct a0l_config_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->entries[i]);
	free(l->entries);
	free(l->lens);
	memset(l, 0, sizeof(*l));
}

void a0l_config_free(struct a0l_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->n_clients; i++) {
		struct a0l_config_client *c = &cfg->clients[i];

		free(c->client_id);
		free(c->name);
		free(c->where);
		list_free(&c->list);
	}
	free(cfg->clients);
	list_free(&cfg->tenant);
	free(cfg->source);
	free(cfg);
}

/* ---- placeholders ------------------------------------------------------ */

/* A placeholder is "##", one or more of [A-Za-z0-9_], "##".  Any other
 * "#" is kept as it is. */
static int is_key_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* The length of the KEY in "KEY=VALUE" when KEY is a placeholder name and
 * '=' follows it, else 0. */
static size_t define_key_len(const char *def)
{
	size_t k = 0;

	while (is_key_char((unsigned char)def[k]))
		k++;
	return def[k] == '=' ? k : 0;
}

int a0l_config_define_ok(const char *def)
{
	return def != NULL && define_key_len(def) > 0;
}

struct reader {
	struct msg m;
	const struct a0l_config_options *opt;
	int yaml; /* messages say "mapping" and "sequence" */
	struct a0l_config *cfg;
};

/* The value of placeholder key[0..klen): the last --define of it, else
 * the environment (when enabled).  NULL when there is none; -1 in *oom
 * when out of memory. */
static const char *lookup(const struct reader *rd, const char *key, size_t klen,
                          int *oom)
{
	const struct a0l_config_options *opt = rd->opt;
	const char *v;
	char *name;
	size_t i, plen;

	if (opt == NULL)
		return NULL;
	for (i = opt->n_defines; i-- > 0;) {
		const char *d = opt->defines[i];

		if (d != NULL && define_key_len(d) == klen &&
		    memcmp(d, key, klen) == 0)
			return d + klen + 1;
	}
	if (!opt->use_environment)
		return NULL;
	plen = opt->env_prefix != NULL ? strlen(opt->env_prefix) : 0;
	name = malloc(plen + klen + 1);
	if (name == NULL) {
		*oom = 1;
		return NULL;
	}
	memcpy(name, opt->env_prefix != NULL ? opt->env_prefix : "", plen);
	memcpy(name + plen, key, klen);
	name[plen + klen] = '\0';
	v = getenv(name);
	free(name);
	return v;
}

/* How an unreplaced placeholder's message ends: where its value may also
 * come from. */
static const char *env_hint(const struct reader *rd)
{
	if (rd->opt == NULL || !rd->opt->use_environment)
		return "";
	return " or the environment variable ";
}

static const char *env_prefix(const struct reader *rd)
{
	if (env_hint(rd)[0] == '\0' || rd->opt->env_prefix == NULL)
		return "";
	return rd->opt->env_prefix;
}

/* A growing byte buffer. */
struct buf {
	char *p;
	size_t len, cap;
};

static int buf_add(struct buf *b, const char *s, size_t len)
{
	if (b->cap - b->len < len + 1) {
		size_t cap = b->cap > 0 ? b->cap : 64;
		char *p;

		while (cap - b->len < len + 1) {
			if (cap > ((size_t)-1) / 2)
				return -1;
			cap *= 2;
		}
		p = realloc(b->p, cap);
		if (p == NULL)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

/* Copies s[0..len) into *out (NUL-terminated, length *outlen) with every
 * ##KEY## replaced by its value.  Values are not scanned again.  On
 * failure reports "WHERE: FIELD: ..." and returns -1. */
static int expand(struct reader *rd, const char *where, const char *field,
                  const char *s, size_t len, char **out, size_t *outlen)
{
	struct buf b = {NULL, 0, 0};
	size_t i = 0, start = 0, j;
	int oom = 0;

	*out = NULL;
	*outlen = 0;
	while (i + 1 < len) {
		const char *v;

		if (s[i] != '#' || s[i + 1] != '#') {
			i++;
			continue;
		}
		for (j = i + 2; j < len && is_key_char((unsigned char)s[j]);
		     j++)
			;
		if (j == i + 2 || j + 1 >= len || s[j] != '#' ||
		    s[j + 1] != '#') {
			i++;
			continue;
		}
		v = lookup(rd, s + i + 2, j - i - 2, &oom);
		if (v == NULL) {
			char q[QUOTE_SIZE];

			free(b.p);
			if (oom) {
				fail(&rd->m, "%s: %s: out of memory", where,
				     field);
				return -1;
			}
			quote(q, s, len);
			fail(&rd->m,
			     "%s: %s %s: no value for placeholder ##%.*s## "
			     "(give one with --define %.*s=VALUE%s%s%.*s)",
			     where, field, q, (int)(j - i - 2), s + i + 2,
			     (int)(j - i - 2), s + i + 2, env_hint(rd),
			     env_prefix(rd),
			     env_hint(rd)[0] != '\0' ? (int)(j - i - 2) : 0,
			     s + i + 2);
			return -1;
		}
		if (buf_add(&b, s + start, i - start) != 0 ||
		    buf_add(&b, v, strlen(v)) != 0) {
			free(b.p);
			fail(&rd->m, "%s: %s: out of memory", where, field);
			return -1;
		}
		i = start = j + 2;
	}
	if (b.p == NULL) {
		*out = dupn(s, len);
		*outlen = len;
	} else if (buf_add(&b, s + start, len - start) == 0) {
		*out = b.p;
		*outlen = b.len;
	} else {
		free(b.p);
	}
	if (*out == NULL) {
		fail(&rd->m, "%s: %s: out of memory", where, field);
		return -1;
	}
	return 0;
}

/* ---- reading the model from JSON values ------------------------------- */

static const char *type_name(const struct reader *rd, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return rd->yaml ? "a mapping" : "an object";
	case JSON_ARRAY:
		return rd->yaml ? "a sequence" : "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
		return "null";
	}
	return "an unknown value";
}

static const char *an_object(const struct reader *rd)
{
	return rd->yaml ? "a mapping" : "an object";
}

static const char *an_array(const struct reader *rd)
{
	return rd->yaml ? "a sequence" : "an array";
}

/* deploy-cli's array replacement: the whole string is "@@KEY@@". */
static int is_array_placeholder(const char *s, size_t len)
{
	size_t i;

	if (len < 5 || memcmp(s, "@@", 2) != 0 ||
	    memcmp(s + len - 2, "@@", 2) != 0)
		return 0;
	for (i = 2; i < len - 2; i++) {
		if (!is_key_char((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/* Reads owner's "allowed_logout_urls" into *out (empty when it is
 * missing, null or []).  where names owner in messages. */
static int read_list(struct reader *rd, const char *where, const json_t *owner,
                     struct a0l_config_list *out)
{
	const json_t *arr = json_object_get(owner, "allowed_logout_urls");
	char field[64];
	size_t n, i;

	memset(out, 0, sizeof(*out));
	if (arr == NULL || json_is_null(arr))
		return 0;
	if (json_is_string(arr) &&
	    is_array_placeholder(json_string_value(arr),
	                         json_string_length(arr))) {
		fail(&rd->m,
		     "%s: allowed_logout_urls is \"%s\": array placeholders "
		     "(@@KEY@@) are not supported; list the URLs, each may use "
		     "##KEY## placeholders",
		     where, json_string_value(arr));
		return -1;
	}
	if (!json_is_array(arr)) {
		fail(&rd->m,
		     "%s: allowed_logout_urls must be %s of strings, not %s",
		     where, an_array(rd), type_name(rd, arr));
		return -1;
	}
	n = json_array_size(arr);
	if (n == 0)
		return 0;
	out->entries = calloc(n, sizeof(*out->entries));
	out->lens = calloc(n, sizeof(*out->lens));
	if (out->entries == NULL || out->lens == NULL) {
		fail(&rd->m, "%s: allowed_logout_urls: out of memory", where);
		list_free(out);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const json_t *v = json_array_get(arr, i);

		if (!json_is_string(v)) {
			fail(&rd->m,
			     "%s: allowed_logout_urls[%zu] must be a string, "
			     "not %s",
			     where, i, type_name(rd, v));
			list_free(out);
			return -1;
		}
		/* Strings may hold NUL bytes (JSON_ALLOW_NUL, YAML "\0"):
		 * the lengths carry them to the library, which refuses
		 * them. */
		snprintf(field, sizeof(field), "allowed_logout_urls[%zu]", i);
		if (expand(rd, where, field, json_string_value(v),
		           json_string_length(v), &out->entries[i],
		           &out->lens[i]) != 0) {
			list_free(out);
			return -1;
		}
		out->n = i + 1;
	}
	return 0;
}

/* Reads the tenant-settings object tenant (NULL or null: no tenant). */
static int read_tenant(struct reader *rd, const char *where,
                       const json_t *tenant)
{
	if (tenant == NULL || json_is_null(tenant))
		return 0;
	if (!json_is_object(tenant)) {
		fail(&rd->m, "%s must be %s, not %s", where, an_object(rd),
		     type_name(rd, tenant));
		return -1;
	}
	return read_list(rd, where, tenant, &rd->cfg->tenant);
}

/* Reads one client object into c.  base names it in messages about its
 * shape ("clients[1]", "clients/My App.json"); file is non-zero for a
 * directory export, whose clients are named by their file throughout. */
static int read_client(struct reader *rd, const char *base, int file,
                       const json_t *client, struct a0l_config_client *c)
{
	const json_t *idv, *namev;
	char q[QUOTE_SIZE];
	char where[WHERE_SIZE];
	int from_name = rd->opt != NULL && rd->opt->client_id_from_name;

	if (!json_is_object(client)) {
		fail(&rd->m, "%s must be %s, not %s", base, an_object(rd),
		     type_name(rd, client));
		return -1;
	}
	namev = json_object_get(client, "name");
	if (json_is_string(namev) &&
	    expand(rd, base, "name", json_string_value(namev),
	           json_string_length(namev), &c->name, &c->name_len) != 0)
		return -1;
	idv = json_object_get(client, "client_id");
	if (from_name && (idv == NULL || json_is_null(idv))) {
		if (c->name == NULL) {
			fail(&rd->m,
			     "%s: client_id is missing and name, which "
			     "--client-id-from name would use, is %s",
			     base,
			     namev == NULL ? "missing" : type_name(rd, namev));
			return -1;
		}
		c->client_id = dupn(c->name, c->name_len);
		c->client_id_len = c->name_len;
		c->client_id_from_name = 1;
		if (c->client_id == NULL) {
			fail(&rd->m, "%s: out of memory", base);
			return -1;
		}
		quote(q, c->name, c->name_len);
		snprintf(where, sizeof(where), "%s (name %s)", base, q);
	} else if (idv == NULL) {
		if (c->name != NULL) {
			/* deploy-cli exports have no client_id. */
			fail(&rd->m,
			     "%s: client_id is missing (for an "
			     "auth0-deploy-cli export, key clients by name "
			     "with --client-id-from name)",
			     base);
		} else {
			fail(&rd->m, "%s: client_id is missing", base);
		}
		return -1;
	} else if (!json_is_string(idv)) {
		fail(&rd->m, "%s: client_id must be a string, not %s", base,
		     type_name(rd, idv));
		return -1;
	} else {
		if (expand(rd, base, "client_id", json_string_value(idv),
		           json_string_length(idv), &c->client_id,
		           &c->client_id_len) != 0)
			return -1;
		if (c->client_id_len == 0) {
			snprintf(where, sizeof(where), "%s", base);
		} else {
			quote(q, c->client_id, c->client_id_len);
			snprintf(where, sizeof(where), "%s (client_id %s)",
			         base, q);
		}
	}
	if (file)
		snprintf(where, sizeof(where), "%s", base);
	c->where = dupn(where, strlen(where));
	if (c->where == NULL) {
		fail(&rd->m, "%s: out of memory", base);
		return -1;
	}
	return read_list(rd, where, client, &c->list);
}

/* Makes room for one more client; returns it (zeroed) or NULL. */
static struct a0l_config_client *new_client(struct reader *rd, size_t *cap)
{
	struct a0l_config *cfg = rd->cfg;
	struct a0l_config_client *c;

	if (cfg->n_clients == *cap) {
		size_t n = *cap > 0 ? *cap * 2 : 8;

		c = realloc(cfg->clients, n * sizeof(*c));
		if (c == NULL) {
			fail(&rd->m, "out of memory");
			return NULL;
		}
		cfg->clients = c;
		*cap = n;
	}
	c = &cfg->clients[cfg->n_clients++];
	memset(c, 0, sizeof(*c));
	return c;
}

/* The JSON and YAML forms: one document with "tenant" and "clients". */
static int read_root(struct reader *rd, const json_t *root)
{
	const json_t *clients;
	size_t i, cap = 0;
	char base[64];

	if (!json_is_object(root)) {
		fail(&rd->m, "the top level must be %s, not %s", an_object(rd),
		     type_name(rd, root));
		return -1;
	}
	if (read_tenant(rd, "tenant", json_object_get(root, "tenant")) != 0)
		return -1;
	clients = json_object_get(root, "clients");
	if (clients == NULL || json_is_null(clients))
		return 0;
	if (!json_is_array(clients)) {
		fail(&rd->m, "clients must be %s of client objects, not %s",
		     an_array(rd), type_name(rd, clients));
		return -1;
	}
	for (i = 0; i < json_array_size(clients); i++) {
		struct a0l_config_client *c = new_client(rd, &cap);

		if (c == NULL)
			return -1;
		snprintf(base, sizeof(base), "clients[%zu]", i);
		if (read_client(rd, base, 0, json_array_get(clients, i), c) !=
		    0)
			return -1;
	}
	return 0;
}

/* ---- YAML -------------------------------------------------------------- */

static int str_in(const char *s, size_t len, const char *const *set)
{
	for (; *set != NULL; set++) {
		if (strlen(*set) == len && memcmp(*set, s, len) == 0)
			return 1;
	}
	return 0;
}

static int all_of(const char *s, size_t len, const char *chars)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '\0' || strchr(chars, s[i]) == NULL)
			return 0;
	}
	return 1;
}

#define DIGITS "0123456789"

/* YAML 1.2 core schema: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+ */
static int is_core_int(const char *s, size_t len)
{
	if (len > 2 && s[0] == '0' && s[1] == 'o')
		return all_of(s + 2, len - 2, "01234567");
	if (len > 2 && s[0] == '0' && s[1] == 'x')
		return all_of(s + 2, len - 2, DIGITS "abcdefABCDEF");
	if (len > 0 && (s[0] == '-' || s[0] == '+'))
		s++, len--;
	return all_of(s, len, DIGITS);
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, [-+]?.inf, .nan */
static int is_core_float(const char *s, size_t len)
{
	static const char *const inf[] = {".inf", ".Inf", ".INF", NULL};
	static const char *const nan[] = {".nan", ".NaN", ".NAN", NULL};
	size_t i = 0, d = 0, f = 0, e;

	if (str_in(s, len, nan))
		return 1;
	if (len > 0 && (s[0] == '-' || s[0] == '+'))
		i++;
	if (str_in(s + i, len - i, inf))
		return 1;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, f++;
	}
	if (d == 0 && f == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		e = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == e)
			return 0;
	}
	return i == len;
}

/* The value of a scalar event (NULL when out of memory).  Only the type
 * of a non-string matters to the reader, so numbers are not converted. */
static json_t *scalar_value(const yaml_event_t *ev)
{
	static const char *const nulls[] = {"~", "null", "Null", "NULL", NULL};
	static const char *const trues[] = {"true", "True", "TRUE", NULL};
	static const char *const falses[] = {"false", "False", "FALSE", NULL};
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;

	if (ev->data.scalar.plain_implicit && ev->data.scalar.tag == NULL &&
	    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		if (len == 0 || str_in(s, len, nulls))
			return json_null();
		if (str_in(s, len, trues))
			return json_true();
		if (str_in(s, len, falses))
			return json_false();
		if (is_core_int(s, len))
			return json_integer(0);
		if (is_core_float(s, len))
			return json_real(0.0);
	}
	/* libyaml hands over UTF-8 (it checks its input); "\0" escapes
	 * are kept, for the library to refuse with their position. */
	return json_stringn_nocheck(s, len);
}

struct yframe {
	json_t *v;      /* an array or an object */
	char *key;      /* an object's key waiting for its value */
	yaml_mark_t km; /* where that key is */
};

struct yloader {
	struct reader *rd;
	struct yframe stack[YAML_MAX_DEPTH];
	size_t depth;
	json_t *root;
};

static void yfail(struct yloader *yl, yaml_mark_t mk, const char *what,
                  const char *detail)
{
	fail(&yl->rd->m, "line %zu, column %zu: %s%s", (size_t)mk.line + 1,
	     (size_t)mk.column + 1, what, detail != NULL ? detail : "");
}

/* Adds v (taken over) where the document is: the root, the next item of
 * a sequence, or the value of a mapping's pending key. */
static int yadd(struct yloader *yl, json_t *v, yaml_mark_t mk)
{
	struct yframe *f;
	int rc;

	if (v == NULL) {
		yfail(yl, mk, "out of memory", NULL);
		return -1;
	}
	if (yl->depth == 0) {
		yl->root = v;
		return 0;
	}
	f = &yl->stack[yl->depth - 1];
	if (json_is_array(f->v)) {
		rc = json_array_append_new(f->v, v);
	} else if (f->key == NULL) {
		json_decref(v);
		yfail(yl, mk, "a mapping key must be a scalar", NULL);
		return -1;
	} else {
		rc = json_object_set_new_nocheck(f->v, f->key, v);
		free(f->key);
		f->key = NULL;
	}
	if (rc != 0) {
		yfail(yl, mk, "out of memory", NULL);
		return -1;
	}
	return 0;
}

/* A scalar as a mapping key: any scalar's text; duplicates refused. */
static int ykey(struct yloader *yl, struct yframe *f, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	char q[QUOTE_SIZE];

	quote(q, s, len);
	if (memchr(s, '\0', len) != NULL) {
		yfail(yl, ev->start_mark, "a NUL byte in the key ", q);
		return -1;
	}
	if (json_object_get(f->v, s) != NULL) {
		yfail(yl, ev->start_mark, "duplicate key ", q);
		return -1;
	}
	f->key = dupn(s, len);
	f->km = ev->start_mark;
	if (f->key == NULL) {
		yfail(yl, ev->start_mark, "out of memory", NULL);
		return -1;
	}
	return 0;
}

/* Refuses anchors and tags other than the standard one for the node. */
static int ynode_ok(struct yloader *yl, const yaml_event_t *ev,
                    const yaml_char_t *anchor, const yaml_char_t *tag,
                    const char *std_tag)
{
	char q[QUOTE_SIZE];

	if (anchor != NULL) {
		quote(q, (const char *)anchor, strlen((const char *)anchor));
		yfail(yl, ev->start_mark,
		      "anchors and aliases are not supported; anchor ", q);
		return -1;
	}
	if (tag != NULL && strcmp((const char *)tag, std_tag) != 0 &&
	    strcmp((const char *)tag, "!") != 0) {
		quote(q, (const char *)tag, strlen((const char *)tag));
		yfail(yl, ev->start_mark, "unsupported tag ", q);
		return -1;
	}
	return 0;
}

/* One event; 1 at the end of the stream, 0 to go on, -1 on error. */
static int yevent(struct yloader *yl, const yaml_event_t *ev, int *docs)
{
	struct yframe *f = yl->depth > 0 ? &yl->stack[yl->depth - 1] : NULL;
	char q[QUOTE_SIZE];
	json_t *v;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1) {
			yfail(yl, ev->start_mark,
			      "more than one document (one config per file)",
			      NULL);
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		quote(q, (const char *)ev->data.alias.anchor,
		      strlen((const char *)ev->data.alias.anchor));
		yfail(yl, ev->start_mark,
		      "anchors and aliases are not supported; alias ", q);
		return -1;
	case YAML_SCALAR_EVENT:
		if (ynode_ok(yl, ev, ev->data.scalar.anchor,
		             ev->data.scalar.tag, YAML_STR_TAG) != 0)
			return -1;
		if (f != NULL && json_is_object(f->v) && f->key == NULL)
			return ykey(yl, f, ev);
		return yadd(yl, scalar_value(ev), ev->start_mark);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (ev->type == YAML_SEQUENCE_START_EVENT
		        ? ynode_ok(yl, ev, ev->data.sequence_start.anchor,
		                   ev->data.sequence_start.tag, YAML_SEQ_TAG)
		        : ynode_ok(yl, ev, ev->data.mapping_start.anchor,
		                   ev->data.mapping_start.tag, YAML_MAP_TAG))
			return -1;
		if (f != NULL && json_is_object(f->v) && f->key == NULL) {
			yfail(yl, ev->start_mark,
			      "a mapping key must be a scalar", NULL);
			return -1;
		}
		if (yl->depth == YAML_MAX_DEPTH) {
			yfail(yl, ev->start_mark, "nested too deeply", NULL);
			return -1;
		}
		v = ev->type == YAML_SEQUENCE_START_EVENT ? json_array()
		                                          : json_object();
		if (v == NULL) {
			yfail(yl, ev->start_mark, "out of memory", NULL);
			return -1;
		}
		f = &yl->stack[yl->depth++];
		f->v = v;
		f->key = NULL;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		/* libyaml balances starts and ends. */
		v = f->v;
		free(f->key);
		f->key = NULL;
		yl->depth--;
		return yadd(yl, v, ev->start_mark);
	default:
		return 0;
	}
}

/* Parses len bytes of YAML into a JSON value (NULL after a message). */
static json_t *yaml_to_json(struct reader *rd, const char *data, size_t len)
{
	struct yloader yl;
	yaml_parser_t parser;
	yaml_event_t ev;
	int docs = 0, rc = 0;

	memset(&yl, 0, sizeof(yl));
	yl.rd = rd;
	if (!yaml_parser_initialize(&parser)) {
		fail(&rd->m, "out of memory");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (rc == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			if (parser.error == YAML_MEMORY_ERROR) {
				fail(&rd->m, "out of memory");
			} else if (parser.error == YAML_READER_ERROR) {
				fail(&rd->m, "invalid YAML at byte %zu: %s",
				     parser.problem_offset,
				     parser.problem != NULL ? parser.problem
				                            : "unreadable");
			} else {
				fail(&rd->m,
				     "invalid YAML at line %zu, column %zu: "
				     "%s%s%s",
				     parser.problem_mark.line + 1,
				     parser.problem_mark.column + 1,
				     parser.problem != NULL ? parser.problem
				                            : "syntax error",
				     parser.context != NULL ? " " : "",
				     parser.context != NULL ? parser.context
				                            : "");
			}
			rc = -1;
			break;
		}
		rc = yevent(&yl, &ev, &docs);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	while (yl.depth > 0) {
		yl.depth--;
		json_decref(yl.stack[yl.depth].v);
		free(yl.stack[yl.depth].key);
	}
	if (rc < 0) {
		json_decref(yl.root);
		return NULL;
	}
	if (yl.root == NULL) {
		/* An empty file, or only comments. */
		fail(&rd->m, "empty YAML file: want a mapping with tenant: "
		             "and clients:");
		return NULL;
	}
	return yl.root;
}

/* ---- files and directories -------------------------------------------- */

/* Duplicate keys are refused: a file that says two things about one field
 * is ambiguous, and guessing which one counts is how allow-lists grow
 * behind an operator's back.  NUL bytes in strings are let through so that
 * the checks report them with their position. */
#define LOAD_FLAGS (JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

/* Parses the JSON file at path (fp open on it).  what prefixes messages
 * ("" for the file itself, "clients/x.json: " in a directory). */
static json_t *json_file(struct reader *rd, FILE *fp, const char *what)
{
	json_error_t jerr;
	json_t *root;
	char msg[256];
	int e;

	errno = 0;
	root = json_loadf(fp, LOAD_FLAGS, &jerr);
	if (root == NULL && ferror(fp)) {
		/* A directory, an I/O error: say so rather than blame the
		 * JSON. */
		e = errno != 0 ? errno : EIO;
		fail(&rd->m, "%scannot read: %s", what,
		     errtext(e, msg, sizeof(msg)));
		return NULL;
	}
	if (root == NULL)
		fail(&rd->m, "%sinvalid JSON at line %d, column %d: %s", what,
		     jerr.line, jerr.column, jerr.text);
	return root;
}

/* Reads the whole file at fp into *out (malloc'd, *len bytes). */
static int slurp(struct reader *rd, FILE *fp, char **out, size_t *len)
{
	struct buf b = {NULL, 0, 0};
	char chunk[8192], msg[256];
	size_t got;

	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (buf_add(&b, chunk, got) != 0) {
			free(b.p);
			fail(&rd->m, "out of memory");
			return -1;
		}
	}
	if (ferror(fp)) {
		int e = errno != 0 ? errno : EIO;

		free(b.p);
		fail(&rd->m, "cannot read: %s", errtext(e, msg, sizeof(msg)));
		return -1;
	}
	*out = b.p;
	*len = b.len;
	return 0;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int is_yaml_name(const char *name)
{
	return has_suffix(name, ".yaml") || has_suffix(name, ".yml");
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The "*.json" file names in dir (not starting with '.'), sorted
 * bytewise.  -1 after a message; *n = 0 and *out = NULL when dir does not
 * exist (*exists = 0). */
static int list_json(struct reader *rd, const char *dir, const char *rel,
                     char ***out, size_t *n, int *exists)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, **p;
	size_t cap = 0;
	char msg[256];

	*out = NULL;
	*n = 0;
	*exists = 1;
	if (d == NULL) {
		if (errno == ENOENT) {
			*exists = 0;
			return 0;
		}
		fail(&rd->m, "%s: cannot open: %s", rel,
		     errtext(errno, msg, sizeof(msg)));
		return -1;
	}
	for (errno = 0; (de = readdir(d)) != NULL; errno = 0) {
		if (de->d_name[0] == '.' || !has_suffix(de->d_name, ".json"))
			continue;
		if (*n == cap) {
			cap = cap > 0 ? cap * 2 : 16;
			p = realloc(names, cap * sizeof(*names));
			if (p == NULL)
				goto oom;
			names = p;
		}
		names[*n] = dupn(de->d_name, strlen(de->d_name));
		if (names[*n] == NULL)
			goto oom;
		(*n)++;
	}
	if (errno != 0) {
		fail(&rd->m, "%s: cannot read: %s", rel,
		     errtext(errno, msg, sizeof(msg)));
		closedir(d);
		free_names(names, *n);
		*n = 0;
		return -1;
	}
	closedir(d);
	if (*n > 0)
		qsort(names, *n, sizeof(*names), cmp_names);
	*out = names;
	return 0;
oom:
	closedir(d);
	free_names(names, *n);
	*n = 0;
	fail(&rd->m, "%s: out of memory", rel);
	return -1;
}

/* dir/rel in a new string. */
static char *join(const char *dir, const char *rel)
{
	size_t a = strlen(dir), b = strlen(rel);
	char *p = malloc(a + b + 2);

	if (p != NULL) {
		memcpy(p, dir, a);
		p[a] = '/';
		memcpy(p + a + 1, rel, b + 1);
	}
	return p;
}

/* Opens path for reading only if it is a regular file (after symlinks):
 * a FIFO or a device among an export's files would block or never end.
 * NULL with errno set otherwise (EINVAL for "not a regular file"). */
static FILE *open_regular(const char *path)
{
	struct stat st;
	FILE *fp;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), e;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	fp = fdopen(fd, "rb");
	if (fp == NULL) {
		e = errno;
		close(fd);
		errno = e;
	}
	return fp;
}

/* Opens and parses dir/rel as JSON; NULL after a message, or with
 * *exists = 0 when the file does not exist.  shown names the file in
 * messages (rel with control bytes escaped). */
static json_t *dir_json(struct reader *rd, const char *dir, const char *rel,
                        const char *shown, int *exists)
{
	char *path = join(dir, rel), *what;
	char msg[256];
	json_t *root = NULL;
	FILE *fp;
	int e;

	*exists = 1;
	if (path == NULL) {
		fail(&rd->m, "%s: out of memory", shown);
		return NULL;
	}
	fp = open_regular(path);
	e = errno;
	free(path);
	if (fp == NULL) {
		if (e == ENOENT)
			*exists = 0;
		else if (e == EINVAL)
			fail(&rd->m, "%s: not a regular file", shown);
		else
			fail(&rd->m, "%s: cannot open: %s", shown,
			     errtext(e, msg, sizeof(msg)));
		return NULL;
	}
	what = malloc(strlen(shown) + 3);
	if (what == NULL) {
		fail(&rd->m, "%s: out of memory", shown);
	} else {
		sprintf(what, "%s: ", shown);
		root = json_file(rd, fp, what);
		free(what);
	}
	fclose(fp);
	return root;
}

/* "clients/NAME" for messages, with control bytes (and DEL) of NAME shown
 * as \xNN and a backslash as \\, so that a file name cannot break a
 * message across lines or send terminal escapes. */
static void shown_name(char *out, size_t cap, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = (size_t)snprintf(out, cap, "clients/");

	for (; *name != '\0' && o + 5 < cap; name++) {
		unsigned char c = (unsigned char)*name;

		if (c < 0x20 || c == 0x7F || c == '\\') {
			out[o++] = '\\';
			if (c == '\\') {
				out[o++] = '\\';
				continue;
			}
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

/* The deploy-cli directory form: tenant.json and clients/ *.json. */
static int read_dir(struct reader *rd, const char *path)
{
	json_t *root;
	char **names = NULL;
	char *clients_dir;
	size_t n = 0, i, cap = 0;
	int has_tenant, has_clients, rc = -1;
	char rel[4096], shown[4096];

	root = dir_json(rd, path, "tenant.json", "tenant.json", &has_tenant);
	if (root == NULL && has_tenant)
		return -1;
	if (root != NULL) {
		if (!json_is_object(root)) {
			fail(&rd->m, "tenant.json must be %s, not %s",
			     an_object(rd), type_name(rd, root));
			json_decref(root);
			return -1;
		}
		rc = read_list(rd, "tenant.json", root, &rd->cfg->tenant);
		json_decref(root);
		if (rc != 0)
			return -1;
	}
	clients_dir = join(path, "clients");
	if (clients_dir == NULL) {
		fail(&rd->m, "out of memory");
		return -1;
	}
	rc = list_json(rd, clients_dir, "clients", &names, &n, &has_clients);
	free(clients_dir);
	if (rc != 0)
		return -1;
	if (!has_tenant && !has_clients) {
		fail(&rd->m, "cannot read as an auth0-deploy-cli directory "
		             "export: it holds neither tenant.json nor "
		             "clients/");
		return -1;
	}
	rc = 0;
	for (i = 0; i < n && rc == 0; i++) {
		struct a0l_config_client *c;
		int exists;

		snprintf(rel, sizeof(rel), "clients/%s", names[i]);
		shown_name(shown, sizeof(shown), names[i]);
		root = dir_json(rd, path, rel, shown, &exists);
		if (root == NULL) {
			/* Gone since the listing: say so. */
			if (!exists)
				fail(&rd->m, "%s: cannot open: %s", shown,
				     strerror(ENOENT));
			rc = -1;
			break;
		}
		c = new_client(rd, &cap);
		if (c == NULL || read_client(rd, shown, 1, root, c) != 0)
			rc = -1;
		json_decref(root);
	}
	free_names(names, n);
	return rc;
}

/* ---- entry points: reading -------------------------------------------- */

static int reader_start(struct reader *rd, const char *name,
                        const struct a0l_config_options *opt,
                        struct a0l_config **out, char *err, size_t errlen)
{
	size_t i;

	msg_start(&rd->m, name, err, errlen);
	rd->opt = opt;
	rd->yaml = 0;
	rd->cfg = NULL;
	if (out != NULL)
		*out = NULL;
	if (out == NULL) {
		fail(&rd->m, "invalid argument");
		return -1;
	}
	for (i = 0; opt != NULL && i < opt->n_defines; i++) {
		if (!a0l_config_define_ok(opt->defines[i])) {
			fail(&rd->m,
			     "define \"%s\" is not KEY=VALUE (KEY: letters, "
			     "digits and _)",
			     opt->defines[i] != NULL ? opt->defines[i]
			                             : "(null)");
			return -1;
		}
	}
	rd->cfg = calloc(1, sizeof(*rd->cfg));
	if (rd->cfg != NULL)
		rd->cfg->source = dupn(rd->m.name, strlen(rd->m.name));
	if (rd->cfg == NULL || rd->cfg->source == NULL) {
		a0l_config_free(rd->cfg);
		rd->cfg = NULL;
		fail(&rd->m, "out of memory");
		return -1;
	}
	return 0;
}

static int reader_finish(struct reader *rd, int rc, struct a0l_config **out)
{
	if (rc == 0) {
		*out = rd->cfg;
		return 0;
	}
	a0l_config_free(rd->cfg);
	return -1;
}

/* Reads a JSON or YAML document from memory. */
static int read_doc(struct reader *rd, const char *data, size_t len)
{
	json_error_t jerr;
	json_t *root;
	int rc;

	if (rd->yaml) {
		root = yaml_to_json(rd, data, len);
	} else {
		root = json_loadb(data, len, LOAD_FLAGS, &jerr);
		if (root == NULL)
			fail(&rd->m, "invalid JSON at line %d, column %d: %s",
			     jerr.line, jerr.column, jerr.text);
	}
	if (root == NULL)
		return -1;
	rc = read_root(rd, root);
	json_decref(root);
	return rc;
}

static int read_buffer(const char *name, const char *data, size_t len, int yaml,
                       const struct a0l_config_options *opt,
                       struct a0l_config **out, char *err, size_t errlen)
{
	struct reader rd;

	if (reader_start(&rd, name, opt, out, err, errlen) != 0)
		return -1;
	if (data == NULL) {
		fail(&rd.m, "invalid argument");
		return reader_finish(&rd, -1, out);
	}
	rd.yaml = yaml;
	return reader_finish(&rd, read_doc(&rd, data, len), out);
}

int a0l_config_read_buffer(const char *name, const char *data, size_t len,
                           const struct a0l_config_options *opt,
                           struct a0l_config **out, char *err, size_t errlen)
{
	return read_buffer(name, data, len, name != NULL && is_yaml_name(name),
	                   opt, out, err, errlen);
}

int a0l_config_read(const char *path, const struct a0l_config_options *opt,
                    struct a0l_config **out, char *err, size_t errlen)
{
	struct reader rd;
	struct stat st;
	char msg[256];
	char *data = NULL;
	size_t len = 0;
	json_t *root;
	FILE *fp;
	int rc;

	if (reader_start(&rd, path, opt, out, err, errlen) != 0)
		return -1;
	if (path == NULL) {
		fail(&rd.m, "invalid argument");
		return reader_finish(&rd, -1, out);
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return reader_finish(&rd, read_dir(&rd, path), out);
	fp = fopen(path, "rb");
	if (fp == NULL) {
		fail(&rd.m, "cannot open: %s",
		     errtext(errno, msg, sizeof(msg)));
		return reader_finish(&rd, -1, out);
	}
	rd.yaml = is_yaml_name(path);
	if (rd.yaml) {
		rc = slurp(&rd, fp, &data, &len);
		fclose(fp);
		if (rc == 0)
			rc = read_doc(&rd, data != NULL ? data : "", len);
		free(data);
		return reader_finish(&rd, rc, out);
	}
	root = json_file(&rd, fp, "");
	fclose(fp);
	rc = root != NULL ? read_root(&rd, root) : -1;
	json_decref(root);
	return reader_finish(&rd, rc, out);
}

/* ---- building the store ----------------------------------------------- */

/* The library's reason for a failure: its diagnostic text, or the generic
 * message of the status when the text is empty. */
static const char *reason(const auth0logout_diag *diag, auth0logout_status st)
{
	if (diag->text[0] != '\0')
		return diag->text;
	return auth0logout_status_message((int)st);
}

/* Compiles l into *out (NULL, meaning empty, when it has no entries). */
static int build_list(struct msg *m, const char *where,
                      const struct a0l_config_list *l,
                      auth0logout_allowlist **out)
{
	auth0logout_diag diag;
	auth0logout_status st;
	char q[QUOTE_SIZE];

	*out = NULL;
	if (l->n == 0)
		return 0;
	st = auth0logout_allowlist_compile_array(
	    (const char *const *)l->entries, l->lens, l->n, out, &diag);
	if (st == AUTH0LOGOUT_OK)
		return 0;
	*out = NULL;
	if (diag.index < l->n) {
		quote(q, l->entries[diag.index], l->lens[diag.index]);
		fail(m, "%s: allowed_logout_urls[%zu] %s: %s", where,
		     diag.index, q, reason(&diag, st));
	} else {
		fail(m, "%s: allowed_logout_urls: %s", where,
		     reason(&diag, st));
	}
	return -1;
}

/* How "(also ...)" names a client: "clients[N]" or its file. */
static void short_where(char *out, size_t len, const struct a0l_config *cfg,
                        size_t i)
{
	const char *w = cfg->clients[i].where;
	const char *end;

	if (w == NULL || strncmp(w, "clients[", 8) != 0 ||
	    (end = strchr(w, ']')) == NULL) {
		if (w != NULL)
			snprintf(out, len, "%s", w);
		else
			snprintf(out, len, "clients[%zu]", i);
		return;
	}
	snprintf(out, len, "%.*s", (int)(end + 1 - w), w);
}

static int build_client(struct msg *m, const struct a0l_config *cfg, size_t i,
                        auth0logout_memstore *ms)
{
	const struct a0l_config_client *c = &cfg->clients[i];
	const char *id = c->client_id;
	size_t len = c->client_id_len, k, j;
	auth0logout_allowlist *list;
	auth0logout_status st;
	char fallback[64], other[WHERE_SIZE];
	const char *where = c->where;

	if (where == NULL) {
		snprintf(fallback, sizeof(fallback), "clients[%zu]", i);
		where = fallback;
	}
	if (id == NULL) {
		fail(m, "%s: client_id is missing", where);
		return -1;
	}
	if (len == 0) {
		fail(m, "%s: client_id must not be empty", where);
		return -1;
	}
	/* The checks of auth0logout_memstore_add_client, made here so that
	 * the message can say what is wrong (R1.7). */
	if (len > AUTH0LOGOUT_MAX_CLIENT_ID) {
		fail(m, "%s: client_id is longer than %d bytes", where,
		     AUTH0LOGOUT_MAX_CLIENT_ID);
		return -1;
	}
	for (k = 0; k < len; k++) {
		unsigned char ch = (unsigned char)id[k];

		if (ch < 0x20 || ch == 0x7F) {
			fail(m,
			     "%s: client_id contains a control byte at "
			     "offset %zu",
			     where, k);
			return -1;
		}
	}
	if (build_list(m, where, &c->list, &list) != 0)
		return -1;
	st = auth0logout_memstore_add_client(ms, id, len, list);
	if (st == AUTH0LOGOUT_E_DUPLICATE_CLIENT) {
		for (j = 0; j < i; j++) {
			const struct a0l_config_client *o = &cfg->clients[j];

			if (o->client_id_len == len &&
			    memcmp(o->client_id, id, len) == 0)
				break;
		}
		short_where(other, sizeof(other), cfg, j);
		fail(m, "%s: duplicate %s (also %s)", where,
		     c->client_id_from_name ? "name, used as client_id"
		                            : "client_id",
		     other);
		return -1;
	}
	if (st != AUTH0LOGOUT_OK) {
		fail(m, "%s: %s", where, auth0logout_status_message((int)st));
		return -1;
	}
	return 0;
}

int a0l_config_build(const struct a0l_config *cfg, auth0logout_memstore **out,
                     char *err, size_t errlen)
{
	struct msg m;
	auth0logout_memstore *ms;
	auth0logout_allowlist *list;
	auth0logout_status st;
	size_t i;

	msg_start(&m, cfg != NULL ? cfg->source : NULL, err, errlen);
	if (out != NULL)
		*out = NULL;
	if (cfg == NULL || out == NULL) {
		fail(&m, "invalid argument");
		return -1;
	}
	ms = auth0logout_memstore_new();
	if (ms == NULL) {
		fail(&m, "out of memory");
		return -1;
	}
	if (build_list(&m, "tenant", &cfg->tenant, &list) != 0)
		goto fail;
	st = auth0logout_memstore_set_tenant(ms, list);
	if (st != AUTH0LOGOUT_OK) {
		fail(&m, "tenant: %s", auth0logout_status_message((int)st));
		goto fail;
	}
	for (i = 0; i < cfg->n_clients; i++) {
		if (build_client(&m, cfg, i, ms) != 0)
			goto fail;
	}
	*out = ms;
	return 0;
fail:
	auth0logout_memstore_free(ms);
	return -1;
}

/* ---- the one-step loaders --------------------------------------------- */

static int build_and_free(struct a0l_config *cfg, auth0logout_memstore **out,
                          char *err, size_t errlen)
{
	int rc = a0l_config_build(cfg, out, err, errlen);

	a0l_config_free(cfg);
	return rc;
}

int a0l_config_load(const char *path, auth0logout_memstore **out, char *err,
                    size_t errlen)
{
	struct a0l_config *cfg;
	struct msg m;

	msg_start(&m, path, err, errlen);
	if (out != NULL)
		*out = NULL;
	if (path == NULL || out == NULL) {
		fail(&m, "invalid argument");
		return -1;
	}
	if (a0l_config_read(path, NULL, &cfg, err, errlen) != 0)
		return -1;
	return build_and_free(cfg, out, err, errlen);
}

int a0l_config_load_buffer(const char *name, const char *json, size_t len,
                           auth0logout_memstore **out, char *err, size_t errlen)
{
	struct a0l_config *cfg;
	struct msg m;

	msg_start(&m, name, err, errlen);
	if (out != NULL)
		*out = NULL;
	if (json == NULL || out == NULL) {
		fail(&m, "invalid argument");
		return -1;
	}
	/* Always JSON, whatever the name. */
	if (read_buffer(name, json, len, 0, NULL, &cfg, err, errlen) != 0)
		return -1;
	return build_and_free(cfg, out, err, errlen);
}
