/* SPDX-License-Identifier: MIT */
/* Helpers shared by the Check suites; see testutil.h. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *tu_show(const char *s, size_t n)
{
	static char bufs[4][640];
	static unsigned next;
	char *out = bufs[next++ % 4];
	size_t o = 0;
	size_t i;

	if (s == NULL)
		return "(null)";
	out[o++] = '"';
	for (i = 0; i < n && o < sizeof(bufs[0]) - 40; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
			out[o++] = (char)c;
		} else {
			snprintf(out + o, 5, "\\x%02x", c);
			o += 4;
		}
	}
	out[o++] = '"';
	if (i < n)
		o += (size_t)snprintf(out + o, 32, "... (%zu bytes)", n);
	out[o] = '\0';
	return out;
}

const char *tu_shows(const char *s)
{
	return tu_show(s, s ? strlen(s) : 0);
}

const char *tu_name(int st)
{
	return auth0logout_status_name(st);
}

const char *tu_oname(int outcome)
{
	const char *s = auth0logout_outcome_name(outcome);

	return s ? s : "(none)";
}

char *tu_dup_exact(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	ck_assert_msg(p != NULL, "out of memory");
	if (n)
		memcpy(p, s, n);
	return p;
}

static int unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

char *tu_pct_encode(char *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (unreserved(c)) {
			*out++ = (char)c;
		} else {
			*out++ = '%';
			*out++ = hex[c >> 4];
			*out++ = hex[c & 15];
		}
	}
	return out;
}

auth0logout_allowlist *tu_compile_csv_ok(const char *csv)
{
	auth0logout_allowlist *l = NULL;
	auth0logout_diag diag;
	auth0logout_status st;

	st = auth0logout_allowlist_compile_csv(csv, strlen(csv), &l, &diag);
	ck_assert_msg(st == AUTH0LOGOUT_OK,
	              "compile_csv(%s): %s at item %zu: %s", tu_shows(csv),
	              tu_name(st), diag.index, diag.text);
	return l;
}

void tu_fx_init(struct tu_fx *f, auth0logout_allowlist *tenant,
                auth0logout_allowlist *client_list)
{
	auth0logout_status st;

	memset(f, 0, sizeof(*f));
	f->ms = auth0logout_memstore_new();
	ck_assert_msg(f->ms != NULL, "memstore_new failed");
	st = auth0logout_memstore_set_tenant(f->ms, tenant);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "set_tenant: %s", tu_name(st));
	st = auth0logout_memstore_add_client(f->ms, TU_CLIENT,
	                                     strlen(TU_CLIENT), client_list);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "add_client: %s", tu_name(st));
	st = auth0logout_memstore_get(f->ms, &f->store);
	ck_assert_msg(st == AUTH0LOGOUT_OK, "memstore_get: %s", tu_name(st));
	f->buf = malloc(AUTH0LOGOUT_DECIDE_BUFFER_SIZE);
	ck_assert_msg(f->buf != NULL, "out of memory");
}

void tu_fx_free(struct tu_fx *f)
{
	free(f->buf);
	auth0logout_memstore_free(f->ms);
	memset(f, 0, sizeof(*f));
}

int tu_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

const char *tu_src_path(const char *rel)
{
	static char bufs[4][4096];
	static unsigned next;
	const char *dir = getenv("AUTH0LOGOUT_SRCDIR");
	char *b = bufs[next++ % 4];
	int n;

	if (dir == NULL || dir[0] == '\0')
		dir = ".";
	n = snprintf(b, sizeof(bufs[0]), "%s/%s", dir, rel);
	ck_assert(n > 0 && (size_t)n < sizeof(bufs[0]));
	return b;
}

/* ---- the config library, messages in a buffer ---------------------------- */

static int config_result(auth0logout_status st,
                         const auth0logout_config_diag *d, char *err,
                         size_t errlen)
{
	if (errlen > 0)
		snprintf(err, errlen, "%s",
		         st == AUTH0LOGOUT_OK ? "" : d->text);
	return st == AUTH0LOGOUT_OK ? 0 : -1;
}

int tu_config_read(const char *path, const auth0logout_config_options *opt,
                   auth0logout_config **cfg, char *err, size_t errlen)
{
	auth0logout_config_diag d;
	return config_result(auth0logout_config_read_file(
	                         path, path ? strlen(path) : 0, opt, cfg, &d),
	                     &d, err, errlen);
}

int tu_config_read_buffer(const char *name, const char *data, size_t len,
                          const auth0logout_config_options *opt,
                          auth0logout_config **cfg, char *err, size_t errlen)
{
	auth0logout_config_diag d;
	return config_result(auth0logout_config_read_buffer(
	                         name, name ? strlen(name) : 0, data, len,
	                         AUTH0LOGOUT_CONFIG_AUTO, opt, cfg, &d),
	                     &d, err, errlen);
}

int tu_config_build(const auth0logout_config *cfg, auth0logout_memstore **ms,
                    char *err, size_t errlen)
{
	auth0logout_config_diag d;
	return config_result(auth0logout_config_build(cfg, ms, &d), &d, err,
	                     errlen);
}

int tu_config_load(const char *path, auth0logout_memstore **ms, char *err,
                   size_t errlen)
{
	auth0logout_config_diag d;
	return config_result(auth0logout_config_load_file(
	                         path, path ? strlen(path) : 0, NULL, ms, &d),
	                     &d, err, errlen);
}

int tu_config_load_buffer(const char *name, const char *json, size_t len,
                          auth0logout_memstore **ms, char *err, size_t errlen)
{
	auth0logout_config_diag d;
	auth0logout_config *cfg = NULL;
	auth0logout_status st = auth0logout_config_read_buffer(
	    name, name ? strlen(name) : 0, json, len, AUTH0LOGOUT_CONFIG_JSON,
	    NULL, &cfg, &d);

	*ms = NULL;
	if (st == AUTH0LOGOUT_OK)
		st = auth0logout_config_build(cfg, ms, &d);
	auth0logout_config_free(cfg);
	return config_result(st, &d, err, errlen);
}
