/* SPDX-License-Identifier: MIT */
/*
 * YAML configs (auth0-deploy-cli's tenant.yaml, R7.5), read with libyaml's
 * event API into jansson values, so that the JSON and YAML forms share one
 * reader (model.c).  Aliases and anchors are refused (no billion laughs:
 * nothing is ever expanded), as are duplicate mapping keys, tags other
 * than the standard ones, more than one document and nesting deeper than
 * YAML_MAX_DEPTH.  Plain scalars are resolved as in YAML 1.2's core schema
 * (what auth0-deploy-cli's js-yaml does): null, ~ and nothing are null;
 * true/false booleans; numbers numbers; everything else, and every quoted
 * or block scalar, a string.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <yaml.h>

/* Mappings and sequences nested deeper than this are refused. */
#define YAML_MAX_DEPTH 64

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

/* The value of a core-schema integer (is_core_int): decimal, 0o octal or
 * 0x hexadecimal; clamped to the range of json_int_t.  The config reader
 * needs only the type, the test cases (cases.c) the value. */
static json_t *int_value(const char *s, size_t len)
{
	int base = 10;
	long long v;
	char *tmp;

	if (len > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		base = s[1] == 'o' ? 8 : 16;
		s += 2;
		len -= 2;
	}
	tmp = cfg_dupn(s, len);
	if (tmp == NULL)
		return NULL;
	v = strtoll(tmp, NULL, base);
	free(tmp);
	return json_integer((json_int_t)v);
}

/* The value of a scalar event (NULL when out of memory).  Floats are not
 * converted: only their type matters. */
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
			return int_value(s, len);
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

static void yfail(struct yloader *yl, auth0logout_status status, yaml_mark_t mk,
                  const char *what, const char *detail)
{
	cfg_fail(&yl->rd->m, status, "line %zu, column %zu: %s%s",
	         (size_t)mk.line + 1, (size_t)mk.column + 1, what,
	         detail != NULL ? detail : "");
	cfg_line(&yl->rd->m, (size_t)mk.line + 1, (size_t)mk.column + 1);
}

/* Adds v (taken over) where the document is: the root, the next item of
 * a sequence, or the value of a mapping's pending key. */
static int yadd(struct yloader *yl, json_t *v, yaml_mark_t mk)
{
	struct yframe *f;
	int rc;

	if (v == NULL) {
		yfail(yl, AUTH0LOGOUT_E_NOMEM, mk, "out of memory", NULL);
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
		yfail(yl, AUTH0LOGOUT_E_CONFIG_UNSUPPORTED, mk,
		      "a mapping key must be a scalar", NULL);
		return -1;
	} else {
		rc = json_object_set_new_nocheck(f->v, f->key, v);
		free(f->key);
		f->key = NULL;
	}
	if (rc != 0) {
		yfail(yl, AUTH0LOGOUT_E_NOMEM, mk, "out of memory", NULL);
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

	cfg_quote(q, s, len);
	if (memchr(s, '\0', len) != NULL) {
		yfail(yl, AUTH0LOGOUT_E_CONFIG_SYNTAX, ev->start_mark,
		      "a NUL byte in the key ", q);
		return -1;
	}
	if (json_object_get(f->v, s) != NULL) {
		yfail(yl, AUTH0LOGOUT_E_CONFIG_SYNTAX, ev->start_mark,
		      "duplicate key ", q);
		return -1;
	}
	f->key = cfg_dupn(s, len);
	f->km = ev->start_mark;
	if (f->key == NULL) {
		yfail(yl, AUTH0LOGOUT_E_NOMEM, ev->start_mark, "out of memory",
		      NULL);
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
		cfg_quote(q, (const char *)anchor,
		          strlen((const char *)anchor));
		yfail(yl, AUTH0LOGOUT_E_CONFIG_UNSUPPORTED, ev->start_mark,
		      "anchors and aliases are not supported; anchor ", q);
		return -1;
	}
	if (tag != NULL && strcmp((const char *)tag, std_tag) != 0 &&
	    strcmp((const char *)tag, "!") != 0) {
		cfg_quote(q, (const char *)tag, strlen((const char *)tag));
		yfail(yl, AUTH0LOGOUT_E_CONFIG_UNSUPPORTED, ev->start_mark,
		      "unsupported tag ", q);
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
			yfail(yl, AUTH0LOGOUT_E_CONFIG_UNSUPPORTED,
			      ev->start_mark,
			      "more than one document (one config per file)",
			      NULL);
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		cfg_quote(q, (const char *)ev->data.alias.anchor,
		          strlen((const char *)ev->data.alias.anchor));
		yfail(yl, AUTH0LOGOUT_E_CONFIG_UNSUPPORTED, ev->start_mark,
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
			yfail(yl, AUTH0LOGOUT_E_CONFIG_UNSUPPORTED,
			      ev->start_mark, "a mapping key must be a scalar",
			      NULL);
			return -1;
		}
		if (yl->depth == YAML_MAX_DEPTH) {
			yfail(yl, AUTH0LOGOUT_E_CONFIG_UNSUPPORTED,
			      ev->start_mark, "nested too deeply", NULL);
			return -1;
		}
		v = ev->type == YAML_SEQUENCE_START_EVENT ? json_array()
		                                          : json_object();
		if (v == NULL) {
			yfail(yl, AUTH0LOGOUT_E_NOMEM, ev->start_mark,
			      "out of memory", NULL);
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
json_t *cfg_yaml_to_json(struct reader *rd, const char *data, size_t len)
{
	struct yloader yl;
	yaml_parser_t parser;
	yaml_event_t ev;
	int docs = 0, rc = 0;

	memset(&yl, 0, sizeof(yl));
	yl.rd = rd;
	if (!yaml_parser_initialize(&parser)) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "out of memory");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (rc == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			if (parser.error == YAML_MEMORY_ERROR) {
				cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM,
				         "out of memory");
			} else if (parser.error == YAML_READER_ERROR) {
				cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SYNTAX,
				         "invalid YAML at byte %zu: %s",
				         parser.problem_offset,
				         parser.problem != NULL ? parser.problem
				                                : "unreadable");
			} else {
				cfg_line(&rd->m, parser.problem_mark.line + 1,
				         parser.problem_mark.column + 1);
				cfg_fail(
				    &rd->m, AUTH0LOGOUT_E_CONFIG_SYNTAX,
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
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "empty YAML file: want a mapping with tenant: "
		         "and clients:");
		return NULL;
	}
	return yl.root;
}
