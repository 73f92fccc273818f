/*
 * Loading allow-lists from a JSON config file (SPEC R7.4).  See config.h.
 *
 * Every failure is reported once, in the caller's buffer, with enough
 * context to find the fault in the file: the file name, the client (its
 * index in "clients" and its client_id), the entry (its index and value)
 * and the reason.  The loader is all-or-nothing: on any error the partly
 * built store is freed.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

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

struct loader {
	const char *name; /* the file, as messages call it */
	char *err;
	size_t errlen;
	auth0logout_memstore *ms;
};

static void fail(struct loader *ld, const char *fmt, ...) A0L_PRINTF(2, 3);

/* Writes "NAME: <fmt...>" to the caller's buffer, truncating if needed. */
static void fail(struct loader *ld, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ld->err == NULL || ld->errlen == 0)
		return;
	n = snprintf(ld->err, ld->errlen, "%s: ", ld->name);
	if (n < 0) {
		ld->err[0] = '\0';
		return;
	}
	if ((size_t)n >= ld->errlen)
		return;
	va_start(ap, fmt);
	if (vsnprintf(ld->err + n, ld->errlen - (size_t)n, fmt, ap) < 0)
		ld->err[n] = '\0';
	va_end(ap);
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

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
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

/* The library's reason for a failure: its diagnostic text, or the generic
 * message of the status when the text is empty. */
static const char *reason(const auth0logout_diag *diag, auth0logout_status st)
{
	if (diag->text[0] != '\0')
		return diag->text;
	return auth0logout_status_message((int)st);
}

/* Compiles owner's "allowed_logout_urls" into *out (NULL, meaning empty,
 * when it is missing, null or []).  where names owner in messages. */
static int load_list(struct loader *ld, const char *where, const json_t *owner,
                     auth0logout_allowlist **out)
{
	const json_t *arr = json_object_get(owner, "allowed_logout_urls");
	const char **entries = NULL;
	size_t *lens = NULL;
	size_t n, i;
	auth0logout_diag diag;
	auth0logout_status st;
	char q[QUOTE_SIZE];
	int rc = -1;

	*out = NULL;
	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr)) {
		fail(ld,
		     "%s: allowed_logout_urls must be an array of strings, "
		     "not %s",
		     where, type_name(arr));
		return -1;
	}
	n = json_array_size(arr);
	if (n == 0)
		return 0;
	entries = calloc(n, sizeof(*entries));
	lens = calloc(n, sizeof(*lens));
	if (entries == NULL || lens == NULL) {
		fail(ld, "%s: allowed_logout_urls: out of memory", where);
		goto out;
	}
	for (i = 0; i < n; i++) {
		const json_t *v = json_array_get(arr, i);

		if (!json_is_string(v)) {
			fail(ld,
			     "%s: allowed_logout_urls[%zu] must be a string, "
			     "not %s",
			     where, i, type_name(v));
			goto out;
		}
		/* With JSON_ALLOW_NUL a string may hold NUL bytes: pass the
		 * length so that the library sees (and refuses) them. */
		entries[i] = json_string_value(v);
		lens[i] = json_string_length(v);
	}
	st = auth0logout_allowlist_compile_array(entries, lens, n, out, &diag);
	if (st != AUTH0LOGOUT_OK) {
		*out = NULL;
		if (diag.index < n) {
			quote(q, entries[diag.index], lens[diag.index]);
			fail(ld, "%s: allowed_logout_urls[%zu] %s: %s", where,
			     diag.index, q, reason(&diag, st));
		} else {
			fail(ld, "%s: allowed_logout_urls: %s", where,
			     reason(&diag, st));
		}
		goto out;
	}
	rc = 0;
out:
	free(entries);
	free(lens);
	return rc;
}

static int load_tenant(struct loader *ld, const json_t *root)
{
	const json_t *tenant = json_object_get(root, "tenant");
	auth0logout_allowlist *list;
	auth0logout_status st;

	if (tenant == NULL || json_is_null(tenant))
		return 0;
	if (!json_is_object(tenant)) {
		fail(ld, "tenant must be an object, not %s", type_name(tenant));
		return -1;
	}
	if (load_list(ld, "tenant", tenant, &list) != 0)
		return -1;
	st = auth0logout_memstore_set_tenant(ld->ms, list);
	if (st != AUTH0LOGOUT_OK) {
		fail(ld, "tenant: %s", auth0logout_status_message((int)st));
		return -1;
	}
	return 0;
}

/* The index of the first client before i whose client_id is id, or i. */
static size_t first_with_id(const json_t *clients, size_t i, const char *id,
                            size_t len)
{
	size_t j;

	for (j = 0; j < i; j++) {
		const json_t *v =
		    json_object_get(json_array_get(clients, j), "client_id");

		if (json_string_length(v) == len &&
		    memcmp(json_string_value(v), id, len) == 0)
			return j;
	}
	return i;
}

static int load_client(struct loader *ld, const json_t *clients, size_t i)
{
	const json_t *client = json_array_get(clients, i);
	const json_t *idv;
	const char *id;
	size_t len, k;
	auth0logout_allowlist *list;
	auth0logout_status st;
	char q[QUOTE_SIZE];
	char where[WHERE_SIZE];

	if (!json_is_object(client)) {
		fail(ld, "clients[%zu] must be an object, not %s", i,
		     type_name(client));
		return -1;
	}
	idv = json_object_get(client, "client_id");
	if (idv == NULL) {
		fail(ld, "clients[%zu]: client_id is missing", i);
		return -1;
	}
	if (!json_is_string(idv)) {
		fail(ld, "clients[%zu]: client_id must be a string, not %s", i,
		     type_name(idv));
		return -1;
	}
	id = json_string_value(idv);
	len = json_string_length(idv);
	if (len == 0) {
		fail(ld, "clients[%zu]: client_id must not be empty", i);
		return -1;
	}
	quote(q, id, len);
	snprintf(where, sizeof(where), "clients[%zu] (client_id %s)", i, q);
	/* The checks of auth0logout_memstore_add_client, made here so that
	 * the message can say what is wrong (R1.7). */
	if (len > AUTH0LOGOUT_MAX_CLIENT_ID) {
		fail(ld, "%s: client_id is longer than %d bytes", where,
		     AUTH0LOGOUT_MAX_CLIENT_ID);
		return -1;
	}
	for (k = 0; k < len; k++) {
		unsigned char c = (unsigned char)id[k];

		if (c < 0x20 || c == 0x7F) {
			fail(ld,
			     "%s: client_id contains a control byte at "
			     "offset %zu",
			     where, k);
			return -1;
		}
	}
	if (load_list(ld, where, client, &list) != 0)
		return -1;
	st = auth0logout_memstore_add_client(ld->ms, id, len, list);
	if (st == AUTH0LOGOUT_E_DUPLICATE_CLIENT) {
		fail(ld, "%s: duplicate client_id (also clients[%zu])", where,
		     first_with_id(clients, i, id, len));
		return -1;
	}
	if (st != AUTH0LOGOUT_OK) {
		fail(ld, "%s: %s", where, auth0logout_status_message((int)st));
		return -1;
	}
	return 0;
}

static int load_root(struct loader *ld, const json_t *root)
{
	const json_t *clients;
	size_t i;

	if (!json_is_object(root)) {
		fail(ld, "the top level must be an object, not %s",
		     type_name(root));
		return -1;
	}
	if (load_tenant(ld, root) != 0)
		return -1;
	clients = json_object_get(root, "clients");
	if (clients == NULL || json_is_null(clients))
		return 0;
	if (!json_is_array(clients)) {
		fail(ld, "clients must be an array of client objects, not %s",
		     type_name(clients));
		return -1;
	}
	for (i = 0; i < json_array_size(clients); i++) {
		if (load_client(ld, clients, i) != 0)
			return -1;
	}
	return 0;
}

/* Builds the store from a parsed document (root may be NULL when parsing
 * failed; jerr then says why). */
static int finish(struct loader *ld, json_t *root, const json_error_t *jerr,
                  auth0logout_memstore **out)
{
	int rc = -1;

	if (root == NULL) {
		fail(ld, "invalid JSON at line %d, column %d: %s", jerr->line,
		     jerr->column, jerr->text);
		return -1;
	}
	ld->ms = auth0logout_memstore_new();
	if (ld->ms == NULL) {
		fail(ld, "out of memory");
	} else if (load_root(ld, root) == 0) {
		*out = ld->ms;
		ld->ms = NULL;
		rc = 0;
	}
	auth0logout_memstore_free(ld->ms);
	json_decref(root);
	return rc;
}

/* Duplicate keys are refused: a file that says two things about one field
 * is ambiguous, and guessing which one counts is how allow-lists grow
 * behind an operator's back.  NUL bytes in strings are let through so that
 * the checks above report them with their position. */
#define LOAD_FLAGS (JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

static void start(struct loader *ld, const char *name, char *err, size_t errlen,
                  auth0logout_memstore **out)
{
	ld->name = name != NULL ? name : "(config)";
	ld->err = err;
	ld->errlen = errlen;
	ld->ms = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (out != NULL)
		*out = NULL;
}

int a0l_config_load(const char *path, auth0logout_memstore **out, char *err,
                    size_t errlen)
{
	struct loader ld;
	json_error_t jerr;
	json_t *root;
	FILE *fp;
	char msg[256];
	int e;

	start(&ld, path, err, errlen, out);
	if (path == NULL || out == NULL) {
		fail(&ld, "invalid argument");
		return -1;
	}
	fp = fopen(path, "rb");
	if (fp == NULL) {
		e = errno;
		if (strerror_r(e, msg, sizeof(msg)) != 0)
			snprintf(msg, sizeof(msg), "error %d", e);
		fail(&ld, "cannot open: %s", msg);
		return -1;
	}
	errno = 0;
	root = json_loadf(fp, LOAD_FLAGS, &jerr);
	if (root == NULL && ferror(fp)) {
		/* A directory, an I/O error: say so rather than blame the
		 * JSON. */
		e = errno != 0 ? errno : EIO;
		fclose(fp);
		if (strerror_r(e, msg, sizeof(msg)) != 0)
			snprintf(msg, sizeof(msg), "error %d", e);
		fail(&ld, "cannot read: %s", msg);
		return -1;
	}
	fclose(fp);
	return finish(&ld, root, &jerr, out);
}

int a0l_config_load_buffer(const char *name, const char *json, size_t len,
                           auth0logout_memstore **out, char *err, size_t errlen)
{
	struct loader ld;
	json_error_t jerr;
	json_t *root;

	start(&ld, name, err, errlen, out);
	if (json == NULL || out == NULL) {
		fail(&ld, "invalid argument");
		return -1;
	}
	root = json_loadb(json, len, LOAD_FLAGS, &jerr);
	return finish(&ld, root, &jerr, out);
}
