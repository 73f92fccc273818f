/* SPDX-License-Identifier: MIT */
/*
 * The consent step of /oidc/logout (R8.7).  See consent.h.
 */
#include "consent.h"

#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

/* Domain separation: this HMAC is for nothing else. */
static const char label[] = "auth0logout oidc consent v1";

/* base64url without padding (RFC 4648 section 5) of n bytes into out
 * (4 * n / 3 + 4 bytes), with OpenSSL's base64 and the two letters of the
 * URL alphabet swapped in; returns the length. */
static size_t b64url_encode(const unsigned char *in, size_t n, char *out)
{
	int len = EVP_EncodeBlock((unsigned char *)out, in, (int)n);
	size_t o = len > 0 ? (size_t)len : 0;

	while (o > 0 && out[o - 1] == '=')
		o--;
	out[o] = '\0';
	for (size_t i = 0; i < o; i++)
		out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
	return o;
}

/* The nonce's 32 bytes from its 43 characters; -1 unless it is exactly
 * that, canonically: decoded by OpenSSL, then encoded again to the same
 * 43 characters. */
static int nonce_decode(const char *s, size_t n,
                        unsigned char out[A0L_CONSENT_NONCE_BYTES])
{
	char b64[A0L_CONSENT_NONCE_LEN + 2], again[A0L_CONSENT_NONCE_LEN + 4];
	unsigned char raw[A0L_CONSENT_NONCE_BYTES + 3];

	if (s == NULL || n != A0L_CONSENT_NONCE_LEN)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+' || c == '/' || c == '=')
			return -1; /* not of the URL alphabet */
		b64[i] = c == '-' ? '+' : c == '_' ? '/' : c;
	}
	b64[n] = '='; /* 43 characters carry 32 bytes and one pad */
	b64[n + 1] = '\0';
	if (EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n + 1) !=
	    A0L_CONSENT_NONCE_BYTES + 1)
		return -1;
	memcpy(out, raw, A0L_CONSENT_NONCE_BYTES);
	OPENSSL_cleanse(raw, sizeof raw);
	if (b64url_encode(out, A0L_CONSENT_NONCE_BYTES, again) != n ||
	    memcmp(again, s, n) != 0) {
		OPENSSL_cleanse(out, A0L_CONSENT_NONCE_BYTES);
		return -1;
	}
	return 0;
}

/* HMAC-SHA256 of the consent message under key; 0 or -1. */
static int consent_mac(const unsigned char *key, size_t key_len,
                       const char *expiry, size_t expiry_len,
                       const char *request, size_t len, int form,
                       unsigned char mac[32])
{
	char digest[] = "SHA256";
	const char form_flag = form ? '1' : '0';
	const unsigned char nul = 0;
	OSSL_PARAM params[2];
	EVP_MAC *m = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = m != NULL ? EVP_MAC_CTX_new(m) : NULL;
	size_t out_len = 0;
	int ok;

	params[0] =
	    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	ok = ctx != NULL && EVP_MAC_init(ctx, key, key_len, params) == 1 &&
	     EVP_MAC_update(ctx, (const unsigned char *)label, sizeof label) ==
	         1 && /* the label and its NUL */
	     EVP_MAC_update(ctx, (const unsigned char *)expiry, expiry_len) ==
	         1 &&
	     EVP_MAC_update(ctx, &nul, 1) == 1 &&
	     EVP_MAC_update(ctx, (const unsigned char *)&form_flag, 1) == 1 &&
	     EVP_MAC_update(ctx, &nul, 1) == 1 &&
	     (len == 0 ||
	      EVP_MAC_update(ctx, (const unsigned char *)request, len) == 1) &&
	     EVP_MAC_final(ctx, mac, &out_len, 32) == 1 && out_len == 32;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(m);
	return ok ? 0 : -1;
}

size_t a0l_consent_token(const char *nonce, size_t nonce_len, long long expiry,
                         const char *request, size_t len, int form, char *out,
                         size_t cap)
{
	unsigned char key[A0L_CONSENT_NONCE_BYTES], mac[32];
	char exp[24];
	int n;
	size_t total;

	if (cap > 0)
		out[0] = '\0';
	n = snprintf(exp, sizeof exp, "%lld", expiry);
	if (expiry <= 0 || n <= 0 || (size_t)n >= sizeof exp ||
	    nonce_decode(nonce, nonce_len, key) != 0)
		return 0;
	total = (size_t)n + 1 + 43;
	if (cap <= total || consent_mac(key, sizeof key, exp, (size_t)n,
	                                request, len, form, mac) != 0) {
		OPENSSL_cleanse(key, sizeof key);
		return 0;
	}
	OPENSSL_cleanse(key, sizeof key);
	memcpy(out, exp, (size_t)n);
	out[n] = '.';
	b64url_encode(mac, sizeof mac, out + n + 1);
	return total;
}

const char *a0l_consent_cookie_name(int https)
{
	return https ? A0L_CONSENT_COOKIE_HTTPS : A0L_CONSENT_COOKIE;
}

const char *a0l_consent_clear_cookie(int https)
{
	return https ? A0L_CONSENT_COOKIE_HTTPS
	           "=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict"
	             : A0L_CONSENT_COOKIE
	           "=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict";
}

int a0l_consent_issue(const char *request, size_t len, int form, int https,
                      long long now, struct a0l_consent *out)
{
	unsigned char nonce[A0L_CONSENT_NONCE_BYTES];
	int n;

	memset(out, 0, sizeof *out);
	if (RAND_bytes(nonce, sizeof nonce) != 1)
		return -1;
	b64url_encode(nonce, sizeof nonce, out->nonce);
	OPENSSL_cleanse(nonce, sizeof nonce);
	if (a0l_consent_token(out->nonce, A0L_CONSENT_NONCE_LEN,
	                      now + A0L_CONSENT_TTL, request, len, form,
	                      out->token, sizeof out->token) == 0)
		return -1;
	n = snprintf(out->set_cookie, sizeof out->set_cookie,
	             "%s=%s; Max-Age=%d; Path=/;%s HttpOnly; SameSite=Strict",
	             a0l_consent_cookie_name(https), out->nonce,
	             A0L_CONSENT_TTL, https ? " Secure;" : "");
	return n > 0 && (size_t)n < sizeof out->set_cookie ? 0 : -1;
}

int a0l_consent_check(const char *nonce, size_t nonce_len, const char *token,
                      size_t token_len, const char *request, size_t len,
                      int form, long long now)
{
	char want[A0L_CONSENT_TOKEN_MAX];
	long long expiry = 0;
	size_t i = 0, n;

	if (nonce == NULL)
		return A0L_CONSENT_NO_COOKIE;
	/* EXPIRY: digits without a leading zero, then '.' and 43
	 * characters. */
	while (i < token_len && i < 18 && token[i] >= '0' && token[i] <= '9')
		expiry = expiry * 10 + (token[i++] - '0');
	if (i == 0 || token[0] == '0' || i + 1 + 43 != token_len ||
	    token[i] != '.')
		return A0L_CONSENT_MALFORMED;
	n = a0l_consent_token(nonce, nonce_len, expiry, request, len, form,
	                      want, sizeof want);
	if (n == 0)
		return A0L_CONSENT_MISMATCH; /* a cookie that is no nonce */
	if (n != token_len || CRYPTO_memcmp(want, token, n) != 0)
		return A0L_CONSENT_MISMATCH;
	/* A true token: only this program could have made it, so an expiry
	 * beyond the TTL cannot happen; refused all the same. */
	if (now > expiry || expiry - now > A0L_CONSENT_TTL + 60)
		return A0L_CONSENT_EXPIRED;
	return A0L_CONSENT_OK;
}

const char *a0l_consent_message(int result)
{
	switch (result) {
	case A0L_CONSENT_NO_COOKIE:
		return "The logout confirmation cannot be checked: the consent "
		       "cookie is missing (the browser did not keep it, or "
		       "the page is older than 10 minutes). Start the logout "
		       "again.";
	case A0L_CONSENT_EXPIRED:
		return "The logout confirmation has expired: a consent page "
		       "can be confirmed for 10 minutes. Start the logout "
		       "again.";
	case A0L_CONSENT_MALFORMED:
		return "The logout confirmation is malformed: it must carry "
		       "the fields request, form and token of the consent "
		       "page, once each.";
	default:
		return "The logout confirmation does not match this browser's "
		       "logout request. Start the logout again.";
	}
}

/* ---- the confirmation form ---------------------------------------------- */

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) (+ and %XX) to out; returns its length, or (size_t)-1
 * after a bad escape. */
static size_t form_decode(const char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%') {
			int h, l;

			if (i + 2 >= n)
				return (size_t)-1;
			h = hex((unsigned char)s[i + 1]);
			l = hex((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return (size_t)-1;
			out[o++] = (char)(h << 4 | l);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	return o;
}

int a0l_consent_form_parse(const char *body, size_t len, char *scratch,
                           size_t cap, struct a0l_consent_form *out)
{
	int seen[3] = {0, 0, 0};
	size_t i = 0, used = 0;

	memset(out, 0, sizeof *out);
	if (cap < len)
		return -1;
	while (i < len) {
		size_t end = i, eq, vlen;
		const char *name;
		size_t nlen;
		char *value = scratch + used;
		int k;

		while (end < len && body[end] != '&')
			end++;
		for (eq = i; eq < end && body[eq] != '='; eq++)
			;
		name = body + i;
		nlen = eq - i;
		if (nlen == 7 && memcmp(name, "request", 7) == 0)
			k = 0;
		else if (nlen == 4 && memcmp(name, "form", 4) == 0)
			k = 1;
		else if (nlen == 5 && memcmp(name, "token", 5) == 0)
			k = 2;
		else
			return -1;
		if (seen[k]++ || eq == end)
			return -1;
		vlen = form_decode(body + eq + 1, end - eq - 1, value);
		if (vlen == (size_t)-1)
			return -1;
		used += vlen;
		if (k == 0) {
			out->request = value;
			out->request_len = vlen;
		} else if (k == 1) {
			if (vlen != 1 || (value[0] != '0' && value[0] != '1'))
				return -1;
			out->form = value[0] == '1';
		} else {
			out->token = value;
			out->token_len = vlen;
		}
		i = end + 1;
	}
	if (!seen[0] || !seen[1] || !seen[2]) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	if (out->request == NULL)
		out->request = scratch; /* empty */
	return 0;
}

/* ---- cookies ------------------------------------------------------------- */

/* The next cookie called name in header from *pos on; 1 with its value,
 * or 0. */
static int cookie_next(const char *header, size_t *pos, const char *name,
                       const char **value, size_t *len)
{
	size_t nlen = strlen(name), i = *pos;

	if (header == NULL)
		return 0;
	while (header[i] != '\0') {
		size_t a, eq, end;

		while (header[i] == ' ' || header[i] == '\t' ||
		       header[i] == ';')
			i++;
		a = i;
		while (header[i] != '\0' && header[i] != ';')
			i++;
		end = i;
		for (eq = a; eq < end && header[eq] != '='; eq++)
			;
		if (eq < end && eq - a == nlen &&
		    memcmp(header + a, name, nlen) == 0) {
			size_t v = eq + 1;

			while (end > v && (header[end - 1] == ' ' ||
			                   header[end - 1] == '\t'))
				end--;
			if (end - v >= 2 && header[v] == '"' &&
			    header[end - 1] == '"') {
				v++;
				end--;
			}
			*value = header + v;
			*len = end - v;
			*pos = i;
			return 1;
		}
	}
	*pos = i;
	return 0;
}

int a0l_proto_https(const char *v)
{
	static const char https[] = "https";
	size_t i = 0;

	if (v == NULL)
		return 0;
	while (v[i] == ' ' || v[i] == '\t')
		i++;
	for (size_t k = 0; k < sizeof https - 1; k++, i++)
		if ((v[i] | 0x20) != https[k])
			return 0;
	while (v[i] == ' ' || v[i] == '\t')
		i++;
	return v[i] == '\0' || v[i] == ',';
}

int a0l_cookie_value(const char *header, const char *name, const char **value,
                     size_t *len)
{
	size_t pos = 0;

	return cookie_next(header, &pos, name, value, len);
}

int a0l_consent_verify(const char *cookie_header, int https,
                       const struct a0l_consent_form *f, long long now)
{
	const char *name = a0l_consent_cookie_name(https), *v;
	size_t pos = 0, n;
	int best = A0L_CONSENT_NO_COOKIE;

	/* Several cookies of the name (one set for a parent domain, say):
	 * one that proves the confirmation is enough. */
	while (cookie_next(cookie_header, &pos, name, &v, &n)) {
		int r =
		    a0l_consent_check(v, n, f->token, f->token_len, f->request,
		                      f->request_len, f->form, now);

		if (r == A0L_CONSENT_OK)
			return r;
		if (best == A0L_CONSENT_NO_COOKIE || r == A0L_CONSENT_EXPIRED)
			best = r;
	}
	return best;
}
