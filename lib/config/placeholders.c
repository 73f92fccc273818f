/* SPDX-License-Identifier: MIT */
/*
 * ##KEY## placeholders (R7.5): in every form of config, "##", one or more of
 * [A-Za-z0-9_], "##" in a string the loader keeps (client_id, name, each
 * entry) is replaced from the options' defines (the last define of a KEY
 * wins), then, when the options ask for it, from the environment.  One
 * without a value is an error; any other "#" is kept as written.  Values
 * are not scanned again.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* The length of define i of the options. */
static size_t define_len(const auth0logout_config_options *opt, size_t i)
{
	if (opt->defines == NULL || opt->defines[i] == NULL)
		return 0;
	return opt->define_lens != NULL ? opt->define_lens[i]
	                                : strlen(opt->defines[i]);
}

/* The length of the KEY in "KEY=VALUE" (n bytes) when KEY is a
 * placeholder name and '=' follows it, else 0. */
static size_t define_key_len(const char *def, size_t n)
{
	size_t k = 0;

	while (k < n && cfg_is_key_char((unsigned char)def[k]))
		k++;
	return k < n && def[k] == '=' ? k : 0;
}

/* The value of placeholder key[0..klen) (*vlen bytes): the last define
 * of it, else the environment (when enabled).  NULL when there is none;
 * 1 in *oom when out of memory. */
static const char *lookup(const struct reader *rd, const char *key, size_t klen,
                          size_t *vlen, int *oom)
{
	const auth0logout_config_options *opt = rd->opt;
	const char *v;
	char *name;
	size_t i, plen;

	if (opt == NULL)
		return NULL;
	for (i = opt->n_defines; i-- > 0;) {
		const char *d = opt->defines[i];
		size_t n = define_len(opt, i);

		if (d != NULL && define_key_len(d, n) == klen &&
		    memcmp(d, key, klen) == 0) {
			*vlen = n - klen - 1;
			return d + klen + 1;
		}
	}
	if (!(opt->flags & AUTH0LOGOUT_CONFIG_ENVIRONMENT))
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
	if (v != NULL)
		*vlen = strlen(v);
	return v;
}

/* How an unreplaced placeholder's message ends: where its value may also
 * come from. */
static const char *env_hint(const struct reader *rd)
{
	if (rd->opt == NULL ||
	    !(rd->opt->flags & AUTH0LOGOUT_CONFIG_ENVIRONMENT))
		return "";
	return " or the environment variable ";
}

static const char *env_prefix(const struct reader *rd)
{
	if (env_hint(rd)[0] == '\0' || rd->opt->env_prefix == NULL)
		return "";
	return rd->opt->env_prefix;
}

/* Copies s[0..len) into *out (NUL-terminated, length *outlen) with every
 * ##KEY## replaced by its value.  Values are not scanned again.  On
 * failure reports "WHERE: FIELD: ..." and returns -1. */
int cfg_expand(struct reader *rd, const char *where, const char *field,
               const char *s, size_t len, char **out, size_t *outlen)
{
	struct cfg_buf b = {NULL, 0, 0};
	size_t i = 0, start = 0, j;
	size_t vlen = 0;
	int oom = 0;

	*out = NULL;
	*outlen = 0;
	while (i + 1 < len) {
		const char *v;

		if (s[i] != '#' || s[i + 1] != '#') {
			i++;
			continue;
		}
		for (j = i + 2; j < len && cfg_is_key_char((unsigned char)s[j]);
		     j++)
			;
		if (j == i + 2 || j + 1 >= len || s[j] != '#' ||
		    s[j + 1] != '#') {
			i++;
			continue;
		}
		v = lookup(rd, s + i + 2, j - i - 2, &vlen, &oom);
		if (v == NULL) {
			char q[QUOTE_SIZE];

			free(b.p);
			if (oom) {
				cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM,
				         "%s: %s: out of memory", where, field);
				return -1;
			}
			cfg_quote(q, s, len);
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_PLACEHOLDER,
			         "%s: %s %s: no value for placeholder ##%.*s## "
			         "(give one with --define %.*s=VALUE%s%s%.*s)",
			         where, field, q, (int)(j - i - 2), s + i + 2,
			         (int)(j - i - 2), s + i + 2, env_hint(rd),
			         env_prefix(rd),
			         env_hint(rd)[0] != '\0' ? (int)(j - i - 2) : 0,
			         s + i + 2);
			return -1;
		}
		if (cfg_buf_add(&b, s + start, i - start) != 0 ||
		    cfg_buf_add(&b, v, vlen) != 0) {
			free(b.p);
			cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM,
			         "%s: %s: out of memory", where, field);
			return -1;
		}
		i = start = j + 2;
	}
	if (b.p == NULL) {
		*out = cfg_dupn(s, len);
		*outlen = len;
	} else if (cfg_buf_add(&b, s + start, len - start) == 0) {
		*out = b.p;
		*outlen = b.len;
	} else {
		free(b.p);
	}
	if (*out == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "%s: %s: out of memory",
		         where, field);
		return -1;
	}
	return 0;
}

AUTH0LOGOUT_CONFIG_API auth0logout_status
auth0logout_config_define_check(const char *def, size_t len)
{
	return def != NULL && define_key_len(def, len) > 0
	           ? AUTH0LOGOUT_OK
	           : AUTH0LOGOUT_E_CONFIG_PLACEHOLDER;
}

int cfg_check_defines(struct reader *rd)
{
	const auth0logout_config_options *opt = rd->opt;
	size_t i;

	for (i = 0; opt != NULL && i < opt->n_defines; i++) {
		const char *d = opt->defines != NULL ? opt->defines[i] : NULL;
		size_t n = define_len(opt, i);
		char q[QUOTE_SIZE];

		if (auth0logout_config_define_check(d, n) != AUTH0LOGOUT_OK) {
			cfg_quote(q, d != NULL ? d : "(null)",
			          d != NULL ? n : 6);
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_PLACEHOLDER,
			         "define %s is not KEY=VALUE (KEY: letters, "
			         "digits and _)",
			         q);
			return -1;
		}
	}
	return 0;
}
