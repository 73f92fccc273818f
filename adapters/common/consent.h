/* SPDX-License-Identifier: MIT */
/*
 * The consent step of /oidc/logout (doc/rules.md R8.7): the proof that a
 * confirmation came from the consent page this adapter issued, without
 * any state on the server.
 *
 * Double submit, bound to the request.  The consent page sets a cookie
 * holding a fresh nonce (32 random bytes from OpenSSL's RAND_bytes,
 * base64url) and carries, in its form, the request as it was given, its
 * form flag and a token:
 *
 *   token = EXPIRY "." base64url(HMAC-SHA256(key = the nonce's 32 bytes,
 *             "auth0logout oidc consent v1" NUL EXPIRY NUL FORM NUL REQUEST))
 *
 * EXPIRY is the Unix time (decimal) 10 minutes after the page was made,
 * FORM "1" for a POST body and "0" for a GET query, REQUEST the bytes.  A
 * confirmation is honoured when the cookie is there, the token is the
 * HMAC of its own fields under the cookie's nonce (compared with
 * CRYPTO_memcmp) and the expiry has not passed.  Another site can neither
 * read the cookie (HttpOnly; SameSite=Strict keeps it off cross-site
 * POSTs) nor, without it, make a token; a token is good for its own
 * request only.  The key lives in the browser, so any process (a CGI
 * program run per request, another server behind the same name) can
 * check what any other issued.
 *
 * The cookie is __Host-a0l_consent (Secure) when the request came over
 * https and a0l_consent otherwise (Path=/, HttpOnly, SameSite=Strict,
 * Max-Age=600); a confirmation over https is checked against the
 * __Host- cookie only, which no subdomain can set.
 *
 * Also here: reading a cookie out of a Cookie header, and the
 * confirmation form's fields.  No global state; thread-safe.
 */
#ifndef A0L_CONSENT_H
#define A0L_CONSENT_H

#include <stddef.h>

#include "auth0logout.h"

#define A0L_CONSENT_COOKIE       "a0l_consent"
#define A0L_CONSENT_COOKIE_HTTPS "__Host-a0l_consent"
/* Seconds a consent page can be confirmed for. */
#define A0L_CONSENT_TTL 600
/* The nonce: base64url of 32 bytes, without padding. */
#define A0L_CONSENT_NONCE_BYTES 32
#define A0L_CONSENT_NONCE_LEN   43
/* "EXPIRY.MAC": up to 20 digits, '.', 43 characters, NUL. */
#define A0L_CONSENT_TOKEN_MAX 72
/* The consent cookie's Set-Cookie value, NUL included. */
#define A0L_CONSENT_SET_COOKIE_MAX 160
/* The body of a confirmation: the request field percent-encoded (three
 * bytes for each of AUTH0LOGOUT_MAX_QUERY) and room for the others. */
#define A0L_CONSENT_BODY_MAX (3u * AUTH0LOGOUT_MAX_QUERY + 1024u)

/* What a confirmation's check found. */
enum a0l_consent_result {
	A0L_CONSENT_OK = 0,
	A0L_CONSENT_NO_COOKIE = 1, /* no consent cookie in the request */
	A0L_CONSENT_MALFORMED = 2, /* the form's fields or the token are
	                              not what the page sends */
	A0L_CONSENT_MISMATCH = 3,  /* the token is not for this request and
	                              cookie */
	A0L_CONSENT_EXPIRED = 4    /* a true token, past its expiry */
};

/* What a consent page carries: the cookie's nonce, the token and the
 * Set-Cookie value that sets the cookie. */
struct a0l_consent {
	char nonce[A0L_CONSENT_NONCE_LEN + 1];
	char token[A0L_CONSENT_TOKEN_MAX];
	char set_cookie[A0L_CONSENT_SET_COOKIE_MAX];
};

/* A new consent for request (len bytes; form: a POST body) at time now
 * (Unix seconds): a fresh nonce, its token (expiring now +
 * A0L_CONSENT_TTL) and the cookie for https or not.  Returns 0, or -1
 * when OpenSSL gave no random bytes or no HMAC. */
int a0l_consent_issue(const char *request, size_t len, int form, int https,
                      long long now, struct a0l_consent *out);

/* The token for a nonce (its base64url text, nonce_len bytes), an expiry,
 * a request and its form flag, into out (cap bytes, NUL-terminated).
 * Returns its length, or 0 when the nonce is not 32 bytes of base64url,
 * cap is too small or OpenSSL failed. */
size_t a0l_consent_token(const char *nonce, size_t nonce_len, long long expiry,
                         const char *request, size_t len, int form, char *out,
                         size_t cap);

/* Checks one confirmation: nonce (NULL: no cookie), the token and the
 * request with its form flag as the form sent them, at time now.
 * Returns an a0l_consent_result. */
int a0l_consent_check(const char *nonce, size_t nonce_len, const char *token,
                      size_t token_len, const char *request, size_t len,
                      int form, long long now);

/* The consent cookie's name, and the Set-Cookie value that clears it
 * (static strings). */
const char *a0l_consent_cookie_name(int https);
const char *a0l_consent_clear_cookie(int https);

/* The 403 description for a result other than A0L_CONSENT_OK (static). */
const char *a0l_consent_message(int result);

/* The fields of a confirmation (application/x-www-form-urlencoded):
 * request, form ("0" or "1") and token, each exactly once, nothing else.
 * Decoded values (+ is a space, %XX a byte) point into scratch (cap >=
 * len bytes).  Returns 0, or -1 when the body is not exactly that. */
struct a0l_consent_form {
	const char *request;
	size_t request_len;
	int form;
	const char *token;
	size_t token_len;
};
int a0l_consent_form_parse(const char *body, size_t len, char *scratch,
                           size_t cap, struct a0l_consent_form *out);

/* Checks a confirmation against every cookie of the consent cookie's
 * name (for https or not) in the Cookie header (NULL: none): OK when one
 * of them proves it, else NO_COOKIE when there is none, else EXPIRED
 * when a token was true but old, else MISMATCH (or MALFORMED). */
int a0l_consent_verify(const char *cookie_header, int https,
                       const struct a0l_consent_form *f, long long now);

/* Non-zero when a forwarded-protocol value (X-Forwarded-Proto, set by a
 * TLS-terminating proxy; its first element when a list) is "https", any
 * case.  NULL is not. */
int a0l_proto_https(const char *value);

/* The value of the first cookie called name in a Cookie header (NULL:
 * none), without the double quotes RFC 6265 allows around it.  Returns 1
 * with *value (into header) and *len set, or 0 when there is none. */
int a0l_cookie_value(const char *header, const char *name, const char **value,
                     size_t *len);

#endif
