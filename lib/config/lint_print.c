/* SPDX-License-Identifier: MIT */
/*
 * The report of `auth0logout lint`: auth0logout_config_lint's findings as
 * text lines or one JSON object (jansson), written to a FILE.
 *
 * Text: one line per finding,
 *   SOURCE: LIST: allowed_logout_urls[I] "ENTRY": SEVERITY ID SLUG: MESSAGE
 *   (RULE)
 * (list-level findings have no allowed_logout_urls part), then one summary
 * line ("SOURCE: 1 error, 2 warnings in 3 lists (7 entries)" or
 * "SOURCE: no problems in 3 lists (7 entries)").
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* At most this many bytes of an entry are shown in a text line. */
#define SHOW_MAX 200

struct printer {
	const struct auth0logout_config *cfg;
	FILE *out;
	const char *source; /* clean */
	json_t *findings;   /* JSON format */
	int failed;
};

/* A copy of s[0..n) made valid UTF-8 (flags as auth0logout_escape);
 * NULL (and p->failed) when out of memory. */
static char *clean(struct printer *p, const char *s, size_t n, unsigned flags,
                   size_t *len)
{
	char *c = cfg_clean(s, n, flags, len);

	if (!c)
		p->failed = 1;
	return c;
}

/* Writes the n bytes at s quoted: valid UTF-8, '"' and '\' escaped,
 * control bytes as \xNN, cut after SHOW_MAX bytes. */
static void put_quoted(struct printer *p, const char *s, size_t n)
{
	char q[4 * SHOW_MAX + 8];
	size_t len;
	char *c = clean(p, s, n, 0, &len);

	if (!c)
		return;
	cfg_quote_max(q, c, len, SHOW_MAX);
	fputs(q, p->out);
	free(c);
}

static json_t *jstr(struct printer *p, const char *s, size_t n)
{
	size_t len;
	char *c;
	json_t *j;

	if (s == NULL)
		return json_null();
	c = clean(p, s, n, 0, &len);
	if (!c)
		return json_null();
	j = json_stringn(c, len);
	free(c);
	if (!j)
		p->failed = 1;
	return j ? j : json_null();
}

static json_t *jsize(size_t v)
{
	return v == A0L_NONE ? json_null() : json_integer((json_int_t)v);
}

static void add_json(struct printer *p, const auth0logout_lint_finding *f)
{
	const struct a0l_config_client *c =
	    f->client == A0L_NONE ? NULL : &p->cfg->clients[f->client];
	json_t *o = json_object();

	if (!o) {
		p->failed = 1;
		return;
	}
	json_object_set_new(o, "code", json_string(f->id));
	json_object_set_new(o, "slug", json_string(f->slug));
	json_object_set_new(o, "severity",
	                    json_string(f->severity == AUTH0LOGOUT_LINT_ERROR
	                                    ? "error"
	                                    : "warning"));
	json_object_set_new(o, "rule",
	                    f->rule ? json_string(f->rule) : json_null());
	json_object_set_new(
	    o, "status",
	    f->code == AUTH0LOGOUT_LINT_INVALID_ENTRY
	        ? json_string(auth0logout_status_name(f->status))
	        : json_null());
	json_object_set_new(o, "list", json_string(c ? "client" : "tenant"));
	json_object_set_new(o, "client_index", jsize(f->client));
	json_object_set_new(o, "client_id",
	                    c ? jstr(p, c->client_id, c->client_id_len)
	                      : json_null());
	json_object_set_new(o, "name",
	                    c ? jstr(p, c->name, c->name_len) : json_null());
	json_object_set_new(o, "where", json_string(f->list));
	json_object_set_new(o, "index", jsize(f->index));
	json_object_set_new(o, "entry", jstr(p, f->entry, f->entry_len));
	json_object_set_new(o, "related", jsize(f->related));
	json_object_set_new(o, "message", json_string(f->message));
	if (json_array_append_new(p->findings, o) != 0)
		p->failed = 1;
}

static void print_finding(void *ctx, const auth0logout_lint_finding *f)
{
	struct printer *p = ctx;

	if (p->findings) {
		add_json(p, f);
		return;
	}
	fprintf(p->out, "%s: %s: ", p->source, f->list);
	if (f->index != A0L_NONE) {
		fprintf(p->out, "allowed_logout_urls[%zu] ", f->index);
		put_quoted(p, f->entry, f->entry_len);
		fputs(": ", p->out);
	}
	fprintf(p->out, "%s %s %s: %s",
	        f->severity == AUTH0LOGOUT_LINT_ERROR ? "error" : "warning",
	        f->id, f->slug, f->message);
	if (f->rule)
		fprintf(p->out, " (%s)", f->rule);
	fputc('\n', p->out);
}

static void summary_text(struct printer *p, const auth0logout_lint_summary *s)
{
	if (s->errors == 0 && s->warnings == 0)
		fprintf(p->out, "%s: no problems", p->source);
	else
		fprintf(p->out, "%s: %zu error%s, %zu warning%s", p->source,
		        s->errors, s->errors == 1 ? "" : "s", s->warnings,
		        s->warnings == 1 ? "" : "s");
	fprintf(p->out, " in %zu list%s (%zu entr%s)\n", s->lists,
	        s->lists == 1 ? "" : "s", s->entries,
	        s->entries == 1 ? "y" : "ies");
}

static void summary_json(struct printer *p, const auth0logout_lint_summary *s,
                         int status)
{
	json_t *root = json_object();

	if (!root) {
		p->failed = 1;
		return;
	}
	json_object_set_new(root, "source", json_string(p->source));
	json_object_set_new(root, "exit_status", json_integer(status));
	json_object_set_new(root, "errors",
	                    json_integer((json_int_t)s->errors));
	json_object_set_new(root, "warnings",
	                    json_integer((json_int_t)s->warnings));
	json_object_set_new(root, "lists", json_integer((json_int_t)s->lists));
	json_object_set_new(root, "entries",
	                    json_integer((json_int_t)s->entries));
	json_object_set(root, "findings", p->findings);
	if (json_dumpf(root, p->out, JSON_COMPACT) != 0 ||
	    fputc('\n', p->out) == EOF)
		p->failed = 1;
	json_decref(root);
}

AUTH0LOGOUT_CONFIG_API int
auth0logout_config_lint_print(const struct auth0logout_config *cfg, int format,
                              FILE *out)
{
	struct printer p;
	auth0logout_lint_summary sum;
	const char *src;
	char *source;
	int status;

	if (cfg == NULL || out == NULL ||
	    (format != AUTH0LOGOUT_LINT_TEXT &&
	     format != AUTH0LOGOUT_LINT_JSON))
		return -1;
	memset(&p, 0, sizeof p);
	p.cfg = cfg;
	p.out = out;
	src = cfg->source ? cfg->source : "config";
	source =
	    clean(&p, src, strlen(src), AUTH0LOGOUT_ESCAPE_NO_CONTROL, NULL);
	if (!source)
		return -1;
	p.source = source;
	if (format == AUTH0LOGOUT_LINT_JSON) {
		p.findings = json_array();
		if (!p.findings) {
			free(source);
			return -1;
		}
	}
	status = auth0logout_config_lint(cfg, 0, print_finding, &p, &sum);
	if (status >= 0 && !p.failed) {
		if (p.findings)
			summary_json(&p, &sum, status);
		else
			summary_text(&p, &sum);
	}
	if (fflush(out) != 0 || ferror(out))
		p.failed = 1;
	json_decref(p.findings);
	free(source);
	return p.failed || status < 0 ? -1 : status;
}
