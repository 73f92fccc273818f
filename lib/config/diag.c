/* SPDX-License-Identifier: MIT */
/*
 * Messages of libauth0logout-config: every failure is reported once, in the
 * caller's auth0logout_config_diag, with enough context to find the fault
 * (the file, the client, the entry, the reason), and with every byte of the
 * config shown printably.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cfg_msg_start(struct msg *m, const char *name,
                   auth0logout_config_diag *diag)
{
	m->name = name != NULL ? name : "(config)";
	m->diag = diag;
	m->status = AUTH0LOGOUT_OK;
	m->where = NULL;
	m->client = A0L_NONE;
	m->entry = A0L_NONE;
	if (diag != NULL) {
		memset(diag, 0, sizeof(*diag));
		diag->client = A0L_NONE;
		diag->entry = A0L_NONE;
	}
}

/* The length of the unit of text at s: an escape of a message (\xNN,
 * \\ or \"), a UTF-8 sequence or one byte. */
static size_t unit_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	size_t k = 1;

	if (c == '\\') {
		if (s[1] == 'x' && a0l_hex_value((unsigned char)s[2]) >= 0 &&
		    a0l_hex_value((unsigned char)s[3]) >= 0)
			return 4;
		return s[1] == '\\' || s[1] == '"' ? 2 : 1;
	}
	if (c >= 0xC0)
		while (k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k++;
	return k;
}

/* Appends the NUL-terminated s at out[*o] (cap bytes in all): whole when
 * it fits, else its longest prefix that ends between two escapes or
 * characters, then "...", so that a cut field never ends in "\x0" or
 * half a character.  0, or -1 when s was cut (nothing more fits). */
static int append_cut(char *out, size_t cap, size_t *o, const char *s)
{
	size_t n = strlen(s), room = cap - 1 - *o, k = 0, u;

	if (n <= room) {
		memcpy(out + *o, s, n + 1);
		*o += n;
		return 0;
	}
	if (room >= 3) {
		while (s[k] != '\0' && k + (u = unit_len(s + k)) <= room - 3)
			k += u;
		memcpy(out + *o, s, k);
		memcpy(out + *o + k, "...", 3);
		*o += k + 3;
	}
	out[*o] = '\0';
	return -1;
}

/* s into out (cap bytes), cut as append_cut does. */
static void copy_text(char *out, size_t cap, const char *s)
{
	size_t o = 0;

	append_cut(out, cap, &o, s);
}

void cfg_fail(struct msg *m, auth0logout_status status, const char *fmt, ...)
{
	auth0logout_config_diag *d = m->diag;
	/* The message after "NAME: ", longer than any field it fills. */
	char full[2 * sizeof(d->text)];
	const char *reason = full;
	size_t n, o = 0;
	va_list ap;

	if (m->status != AUTH0LOGOUT_OK)
		return;
	m->status = status;
	if (d == NULL)
		return;
	d->status = status;
	d->client = m->client;
	d->entry = m->entry;
	va_start(ap, fmt);
	if (vsnprintf(full, sizeof(full), fmt, ap) < 0)
		full[0] = '\0';
	va_end(ap);
	copy_text(d->file, sizeof(d->file), m->name);
	if (m->where != NULL) {
		copy_text(d->where, sizeof(d->where), m->where);
		/* "WHERE: reason" -> "reason" */
		n = strlen(m->where);
		if (n > 0 && strncmp(full, m->where, n) == 0 &&
		    full[n] == ':' && full[n + 1] == ' ')
			reason = full + n + 2;
	}
	copy_text(d->reason, sizeof(d->reason), reason);
	if (append_cut(d->text, sizeof(d->text), &o, m->name) == 0 &&
	    append_cut(d->text, sizeof(d->text), &o, ": ") == 0)
		append_cut(d->text, sizeof(d->text), &o, full);
}

void cfg_reason(struct msg *m, const char *reason)
{
	if (m->diag != NULL)
		copy_text(m->diag->reason, sizeof(m->diag->reason), reason);
}

void cfg_line(struct msg *m, size_t line, size_t column)
{
	if (m->diag != NULL) {
		m->diag->line = line;
		m->diag->column = column;
	}
}

const char *cfg_errtext(int e, char *buf, size_t len)
{
	if (strerror_r(e, buf, len) != 0)
		snprintf(buf, len, "error %d", e);
	return buf;
}

/* Writes byte c at out[o], escaped when it is a control byte, DEL, '\' or
 * (with quote) '"'; returns the new o.  out needs 4 bytes of room. */
static size_t put_escaped(char *out, size_t o, unsigned char c, int quote)
{
	if (c == '\\' || (quote && c == '"')) {
		out[o++] = '\\';
		out[o++] = (char)c;
	} else if (a0l_is_control(c)) {
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = a0l_hex_digit(c >> 4);
		out[o++] = a0l_hex_digit(c);
	} else {
		out[o++] = (char)c;
	}
	return o;
}

void cfg_quote(char out[QUOTE_SIZE], const char *s, size_t len)
{
	cfg_quote_max(out, s, len, QUOTE_MAX);
}

void cfg_quote_max(char *out, const char *s, size_t len, size_t max)
{
	size_t shown = len, i, o = 0;

	if (shown > max) {
		shown = max;
		/* Back up over continuation bytes to the start of a sequence.
		 */
		while (shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80)
			shown--;
	}
	out[o++] = '"';
	for (i = 0; i < shown; i++)
		o = put_escaped(out, o, (unsigned char)s[i], 1);
	out[o++] = '"';
	if (shown < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

void cfg_shown_name(char *out, size_t cap, const char *prefix, const char *name)
{
	size_t o = (size_t)snprintf(out, cap, "%s", prefix);

	if (o >= cap)
		return;
	for (; *name != '\0' && o + 5 < cap; name++)
		o = put_escaped(out, o, (unsigned char)*name, 0);
	out[o] = '\0';
}

char *cfg_clean(const char *s, size_t n, unsigned flags, size_t *len)
{
	size_t k = auth0logout_escape(s, n, flags, NULL, 0);
	char *c = malloc(k + 1);

	if (c != NULL) {
		auth0logout_escape(s, n, flags, c, k + 1);
		if (len != NULL)
			*len = k;
	}
	return c;
}

char *cfg_dupn(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (p != NULL) {
		if (len > 0)
			memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

int cfg_buf_add(struct cfg_buf *b, const char *s, size_t len)
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
