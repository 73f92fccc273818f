/* SPDX-License-Identifier: MIT */
/*
 * R7.7, R8.10, R8.11: what a config says for /oidc/logout, built once
 * (auth0logout_config_oidc_new), and the reference verifier of
 * id_token_hint on OpenSSL 3.
 *
 * Nothing here is cryptography of its own: keys are made from their JWK
 * parameters with EVP_PKEY_fromdata, signatures checked with
 * EVP_DigestVerify (RS256, PS256, ES256) or HMAC and CRYPTO_memcmp
 * (HS256).  What this file does decide, it decides strictly:
 *   - the algorithm is the one the token's client pins
 *     (jwt_configuration.alg, RS256 by default), never the one the token's
 *     header asks for: "none", HS256 keyed with a public key, RS256 for a
 *     PS256 client are all refused;
 *   - the token is three parts of unpadded base64url, each with one
 *     encoding; its header and payload JSON objects without duplicate
 *     members; a header with "crit" is refused (no extension is
 *     understood);
 *   - the key is chosen by kid (without kid only when one key can be
 *     meant), its kty must fit the algorithm, and its alg and use, when
 *     present, must agree;
 *   - iss must equal the issuer configured, byte for byte.
 * exp and iat are not enforced (RP-Initiated Logout 1.0 section 2) unless
 * a maximum age is set.
 *
 * The verifier keeps no state of its own: each call works on the token,
 * the shared immutable settings and memory of its own (a fresh
 * EVP_MD_CTX), so it is safe from any number of threads; it leaves the
 * thread's OpenSSL error queue as it found it.
 */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

/* RSA keys shorter than this are refused (RFC 7518 section 3.3 asks for
 * 2048 bits or more); longer than OpenSSL's own limit cannot verify. */
#define RSA_MIN_BITS 2048
#define RSA_MAX_BITS 16384
/* An iat this far in the future is still accepted (clock skew). */
#define IAT_SKEW 60
/* SHA-256's length: the HS256 MAC, the PS256 salt. */
#define SHA256_LEN 32
/* P-256: each coordinate, and r and s of a signature. */
#define P256_LEN 32

static const char *const alg_names[] = {"RS256", "PS256", "ES256", "HS256"};

int cfg_jwt_alg_parse(const char *s, size_t len)
{
	int i;

	for (i = 0; i < (int)(sizeof(alg_names) / sizeof(alg_names[0])); i++)
		if (strlen(alg_names[i]) == len &&
		    memcmp(alg_names[i], s, len) == 0)
			return i;
	return -1;
}

/* ---- base64url ----------------------------------------------------------- */

static int b64url_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

int cfg_b64url_decode(const char *in, size_t len, unsigned char *out,
                      size_t *out_len)
{
	unsigned acc = 0, bits = 0;
	size_t i, o = 0;

	*out_len = 0;
	/* One character left over carries 6 bits: not even a byte. */
	if (len % 4 == 1)
		return -1;
	for (i = 0; i < len; i++) {
		int v = b64url_value((unsigned char)in[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	/* The 2 or 4 bits after the last byte must be zero: "QR" is not a
	 * second spelling of "QQ". */
	if (acc != 0)
		return -1;
	*out_len = o;
	return 0;
}

/* A new buffer with the decoding of in[0..len), or NULL (*nomem tells
 * why). */
static unsigned char *b64url_dup(const char *in, size_t len, size_t *out_len,
                                 int *nomem)
{
	unsigned char *p = malloc(len / 4 * 3 + 3);

	*nomem = p == NULL;
	if (p != NULL && cfg_b64url_decode(in, len, p, out_len) != 0) {
		free(p);
		p = NULL;
	}
	return p;
}

/* ---- the settings -------------------------------------------------------- */

enum kty { KTY_RSA = 1, KTY_EC = 2 };

struct oidc_key {
	EVP_PKEY *pkey;
	int kty;
	char *kid; /* NULL when absent */
	size_t kid_len;
	char *alg; /* NULL when absent */
	char *use; /* NULL when absent */
};

struct oidc_client {
	char *id;
	size_t id_len;
	int alg;               /* enum cfg_jwt_alg */
	unsigned char *secret; /* NULL when none */
	size_t secret_len;
};

struct auth0logout_config_oidc {
	char *issuer; /* NULL: none, every token invalid */
	size_t issuer_len;
	struct oidc_key *keys;
	size_t n_keys;
	struct oidc_client *clients; /* sorted by cmp_client */
	size_t n_clients;
	long max_age; /* 0: iat not enforced */
	unsigned flags;
	char **locales;
	size_t *locale_lens;
	size_t n_locales;
	char *discovery; /* NULL without an issuer */
	char *jwks;      /* NULL without keys */
};

AUTH0LOGOUT_CONFIG_API void
auth0logout_config_oidc_free(struct auth0logout_config_oidc *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->n_keys; i++) {
		EVP_PKEY_free(o->keys[i].pkey);
		free(o->keys[i].kid);
		free(o->keys[i].alg);
		free(o->keys[i].use);
	}
	free(o->keys);
	for (i = 0; i < o->n_clients; i++) {
		free(o->clients[i].id);
		if (o->clients[i].secret != NULL)
			OPENSSL_cleanse(o->clients[i].secret,
			                o->clients[i].secret_len);
		free(o->clients[i].secret);
	}
	free(o->clients);
	for (i = 0; i < o->n_locales; i++)
		free(o->locales[i]);
	free(o->locales);
	free(o->locale_lens);
	free(o->issuer);
	free(o->discovery);
	free(o->jwks);
	free(o);
}

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static int cmp_client(const void *a, const void *b)
{
	const struct oidc_client *x = a, *y = b;

	return cmp_bytes(x->id, x->id_len, y->id, y->id_len);
}

static const struct oidc_client *
find_client(const struct auth0logout_config_oidc *o, const char *id, size_t len)
{
	struct oidc_client key;

	memset(&key, 0, sizeof(key));
	key.id = (char *)id;
	key.id_len = len;
	if (o->n_clients == 0)
		return NULL;
	return bsearch(&key, o->clients, o->n_clients, sizeof(key), cmp_client);
}

/* What building reports through: the config's messages, the JWKS's name
 * ("oidc.jwks", or oidc.jwks_file and its path). */
struct builder {
	struct msg m;
	const struct auth0logout_config *cfg;
	struct auth0logout_config_oidc *o;
	char where[QUOTE_SIZE + 64];
};

static void oom(struct builder *b)
{
	cfg_fail(&b->m, AUTH0LOGOUT_E_NOMEM, "out of memory");
}

/* ---- the issuer ---------------------------------------------------------- */

/* Checks the issuer (an https URL, http only on a loopback host, no
 * query or fragment) and writes its origin (scheme://host[:port], as R4.7
 * emits it) into origin (cap bytes).  0, or -1 after a message. */
static int check_issuer(struct builder *b, char *origin, size_t cap)
{
	const struct a0l_config_oidc *src = &b->cfg->oidc;
	char q[QUOTE_SIZE];
	auth0logout_url u;
	auth0logout_status st;
	char *buf = malloc(AUTH0LOGOUT_URL_BUFFER_SIZE);
	const char *why = NULL;
	int https, http;

	if (buf == NULL) {
		oom(b);
		return -1;
	}
	b->m.where = src->where;
	cfg_quote(q, src->issuer, src->issuer_len);
	st = auth0logout_url_parse(src->issuer, src->issuer_len, 0, buf,
	                           AUTH0LOGOUT_URL_BUFFER_SIZE, &u, NULL);
	if (st != AUTH0LOGOUT_OK) {
		why = auth0logout_status_message((int)st);
	} else {
		https = a0l_is_word(u.text, u.scheme_len, "https");
		http = a0l_is_word(u.text, u.scheme_len, "http");
		if (!https && !http)
			why = "it must be an https URL";
		else if (u.host_kind == AUTH0LOGOUT_HOST_NONE)
			why = "it has no host";
		else if (http &&
		         !a0l_is_word(u.text + u.host_off, u.host_len,
		                      "localhost") &&
		         !a0l_is_word(u.text + u.host_off, u.host_len,
		                      "127.0.0.1") &&
		         !a0l_is_word(u.text + u.host_off, u.host_len, "::1"))
			why = "it must be https (http only for localhost, "
			      "127.0.0.1 or [::1])";
		else if (u.has_query_or_fragment)
			why = "an issuer has no query or fragment";
		else if (u.path_off >= cap)
			why = "it is too long";
	}
	if (why != NULL) {
		cfg_fail(&b->m, AUTH0LOGOUT_E_CONFIG_SHAPE, "%s: issuer %s: %s",
		         src->where, q, why);
		free(buf);
		return -1;
	}
	memcpy(origin, u.text, u.path_off);
	origin[u.path_off] = '\0';
	free(buf);
	return 0;
}

/* ---- JWKS keys ----------------------------------------------------------- */

/* Why key i cannot be used, in a message naming it by index and kid. */
static void key_fail(struct builder *b, size_t i, const json_t *key,
                     const char *fmt, ...) A0L_PRINTF(4, 5);

static void key_fail(struct builder *b, size_t i, const json_t *key,
                     const char *fmt, ...)
{
	const json_t *kid = json_object_get(key, "kid");
	char q[QUOTE_SIZE], what[QUOTE_SIZE + 32], why[512];
	va_list ap;

	if (json_is_string(kid)) {
		cfg_quote(q, json_string_value(kid), json_string_length(kid));
		snprintf(what, sizeof(what), "(kid %s)", q);
	} else {
		snprintf(what, sizeof(what), "(no kid)");
	}
	va_start(ap, fmt);
	if (vsnprintf(why, sizeof(why), fmt, ap) < 0)
		why[0] = '\0';
	va_end(ap);
	cfg_fail(&b->m, AUTH0LOGOUT_E_CONFIG_KEY, "%s: keys[%zu] %s: %s",
	         b->where, i, what, why);
}

/* Member name of key, a string: 1 with *out (a view) when present, 0
 * when absent, -1 after a message when it is not a string. */
static int key_string(struct builder *b, size_t i, const json_t *key,
                      const char *name, const char **out, size_t *len)
{
	const json_t *v = json_object_get(key, name);

	*out = NULL;
	*len = 0;
	if (v == NULL)
		return 0;
	if (!json_is_string(v)) {
		key_fail(b, i, key, "%s must be a string", name);
		return -1;
	}
	*out = json_string_value(v);
	*len = json_string_length(v);
	return 1;
}

/* The base64url member name of key, decoded into a new buffer; NULL
 * after a message. */
static unsigned char *key_b64(struct builder *b, size_t i, const json_t *key,
                              const char *name, size_t *len)
{
	const char *s;
	size_t n;
	unsigned char *p;
	int nomem;
	int rc = key_string(b, i, key, name, &s, &n);

	if (rc < 0)
		return NULL;
	if (rc == 0 || n == 0) {
		key_fail(b, i, key, "%s is missing", name);
		return NULL;
	}
	p = b64url_dup(s, n, len, &nomem);
	if (p == NULL) {
		if (nomem)
			oom(b);
		else
			key_fail(b, i, key,
			         "%s is not unpadded base64url (RFC 7515 "
			         "section 2)",
			         name);
	}
	return p;
}

/* A key from OSSL parameters of type name ("RSA", "EC"); NULL when
 * OpenSSL refuses them. */
static EVP_PKEY *key_fromdata(const char *name, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, name, NULL);
	EVP_PKEY *pkey = NULL;

	if (params == NULL || ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

/* OpenSSL's own check of a public key (RSA: SP 800-56B; EC: the point is
 * on the curve and not at infinity). */
static int key_public_ok(EVP_PKEY *pkey)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	int ok = ctx != NULL && EVP_PKEY_public_check(ctx) == 1;

	EVP_PKEY_CTX_free(ctx);
	return ok;
}

static EVP_PKEY *rsa_key(struct builder *b, size_t i, const json_t *key)
{
	size_t nlen = 0, elen = 0;
	unsigned char *n = key_b64(b, i, key, "n", &nlen);
	unsigned char *e = n != NULL ? key_b64(b, i, key, "e", &elen) : NULL;
	BIGNUM *bn = NULL, *be = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	EVP_PKEY *pkey = NULL;

	if (n == NULL || e == NULL)
		goto done;
	if (nlen > RSA_MAX_BITS / 8) {
		key_fail(b, i, key, "an RSA key longer than 16384 bits");
		goto done;
	}
	/* e: 65537 in practice; OpenSSL's check below wants it odd and
	 * under 2^256. */
	if (elen > 32) {
		key_fail(b, i, key, "e is not a usable RSA exponent");
		goto done;
	}
	bn = BN_bin2bn(n, (int)nlen, NULL);
	be = BN_bin2bn(e, (int)elen, NULL);
	bld = OSSL_PARAM_BLD_new();
	if (bn == NULL || be == NULL || bld == NULL) {
		oom(b);
		goto done;
	}
	if (BN_num_bits(bn) < RSA_MIN_BITS) {
		key_fail(b, i, key,
		         "an RSA key of %d bits: at least 2048 are needed",
		         BN_num_bits(bn));
		goto done;
	}
	if (OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) != 1 ||
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) != 1) {
		oom(b);
		goto done;
	}
	pkey = key_fromdata("RSA", bld);
	if (pkey == NULL || !key_public_ok(pkey)) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
		key_fail(b, i, key, "OpenSSL refuses the RSA key (n, e)");
	}
done:
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn);
	BN_free(be);
	free(n);
	free(e);
	return pkey;
}

static EVP_PKEY *ec_key(struct builder *b, size_t i, const json_t *key)
{
	const char *crv;
	size_t crv_len, xlen = 0, ylen = 0;
	unsigned char *x = NULL, *y = NULL;
	unsigned char pub[1 + 2 * P256_LEN];
	OSSL_PARAM_BLD *bld = NULL;
	EVP_PKEY *pkey = NULL;
	int rc = key_string(b, i, key, "crv", &crv, &crv_len);

	if (rc < 0)
		return NULL;
	if (rc == 0 || crv_len != 5 || memcmp(crv, "P-256", 5) != 0) {
		key_fail(b, i, key,
		         "an EC key must be on P-256 (crv \"P-256\"), the "
		         "curve of ES256");
		return NULL;
	}
	x = key_b64(b, i, key, "x", &xlen);
	y = x != NULL ? key_b64(b, i, key, "y", &ylen) : NULL;
	if (x == NULL || y == NULL)
		goto done;
	if (xlen != P256_LEN || ylen != P256_LEN) {
		key_fail(b, i, key, "x and y of a P-256 key are 32 bytes each");
		goto done;
	}
	/* The uncompressed point: 04 || x || y. */
	pub[0] = 0x04;
	memcpy(pub + 1, x, P256_LEN);
	memcpy(pub + 1 + P256_LEN, y, P256_LEN);
	bld = OSSL_PARAM_BLD_new();
	if (bld == NULL ||
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
	                                    "prime256v1", 0) != 1 ||
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub,
	                                     sizeof(pub)) != 1) {
		oom(b);
		goto done;
	}
	pkey = key_fromdata("EC", bld);
	if (pkey == NULL || !key_public_ok(pkey)) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
		key_fail(b, i, key, "the point (x, y) is not on P-256");
	}
done:
	OSSL_PARAM_BLD_free(bld);
	free(x);
	free(y);
	return pkey;
}

/* A copy of the string member name of key into *out (NULL when absent);
 * 0, or -1 after a message. */
static int key_keep(struct builder *b, size_t i, const json_t *key,
                    const char *name, char **out, size_t *len)
{
	const char *s;
	size_t n;
	int rc = key_string(b, i, key, name, &s, &n);

	*out = NULL;
	if (rc <= 0)
		return rc;
	*out = cfg_dupn(s, n);
	if (*out == NULL) {
		oom(b);
		return -1;
	}
	if (len != NULL)
		*len = n;
	return 0;
}

/* Makes key i of the JWKS into o->keys[i]; 0, or -1 after a message. */
static int build_key(struct builder *b, size_t i, const json_t *key,
                     struct oidc_key *k)
{
	const char *kty;
	size_t kty_len, j;
	char q[QUOTE_SIZE];
	int rc;

	if (!json_is_object(key)) {
		cfg_fail(&b->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: keys[%zu] must be an object, not %s", b->where, i,
		         json_is_array(key) ? "an array" : "a value");
		return -1;
	}
	if (key_keep(b, i, key, "kid", &k->kid, &k->kid_len) != 0 ||
	    key_keep(b, i, key, "alg", &k->alg, NULL) != 0 ||
	    key_keep(b, i, key, "use", &k->use, NULL) != 0)
		return -1;
	for (j = 0; k->kid != NULL && j < i; j++) {
		if (b->o->keys[j].kid != NULL &&
		    cmp_bytes(b->o->keys[j].kid, b->o->keys[j].kid_len, k->kid,
		              k->kid_len) == 0) {
			key_fail(b, i, key,
			         "the same kid as keys[%zu]: a kid must name "
			         "one key",
			         j);
			return -1;
		}
	}
	rc = key_string(b, i, key, "kty", &kty, &kty_len);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		key_fail(b, i, key, "kty is missing");
		return -1;
	}
	if (kty_len == 3 && memcmp(kty, "RSA", 3) == 0) {
		k->kty = KTY_RSA;
		k->pkey = rsa_key(b, i, key);
	} else if (kty_len == 2 && memcmp(kty, "EC", 2) == 0) {
		k->kty = KTY_EC;
		k->pkey = ec_key(b, i, key);
	} else if (kty_len == 3 && memcmp(kty, "oct", 3) == 0) {
		key_fail(b, i, key,
		         "kty \"oct\" (a shared secret) does not belong in a "
		         "JWKS: HS256 uses the client's client_secret");
		return -1;
	} else {
		cfg_quote(q, kty, kty_len);
		key_fail(b, i, key, "kty %s is not RSA or EC", q);
		return -1;
	}
	return k->pkey != NULL ? 0 : -1;
}

/* Reads oidc.jwks_file (relative to the config's directory). */
static json_t *read_jwks_file(struct builder *b)
{
	const struct auth0logout_config *cfg = b->cfg;
	const char *rel = cfg->oidc.jwks_file;
	char *path;
	char msg[256];
	json_error_t jerr;
	json_t *root;
	FILE *fp;
	int e;

	if (rel[0] == '/' || cfg->base_dir == NULL) {
		path = cfg_dupn(rel, strlen(rel));
	} else {
		size_t a = strlen(cfg->base_dir), n = strlen(rel);

		path = malloc(a + n + 2);
		if (path != NULL) {
			memcpy(path, cfg->base_dir, a);
			path[a] = '/';
			memcpy(path + a + 1, rel, n + 1);
		}
	}
	if (path == NULL) {
		oom(b);
		return NULL;
	}
	fp = cfg_open_regular(path);
	e = errno;
	free(path);
	if (fp == NULL) {
		cfg_fail(&b->m, AUTH0LOGOUT_E_CONFIG_IO, "%s: %s", b->where,
		         e == EINVAL ? "not a regular file"
		                     : cfg_errtext(e, msg, sizeof(msg)));
		return NULL;
	}
	root = json_loadf(fp, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL && ferror(fp))
		cfg_fail(&b->m, AUTH0LOGOUT_E_CONFIG_IO, "%s: cannot read",
		         b->where);
	else if (root == NULL)
		cfg_fail(&b->m, AUTH0LOGOUT_E_CONFIG_SYNTAX,
		         "%s: invalid JSON at line %d, column %d: %s", b->where,
		         jerr.line, jerr.column, jerr.text);
	fclose(fp);
	return root;
}

/* The members of a key that are public: what /.well-known/jwks.json
 * serves.  Never d, p, q, dp, dq, qi, oth (RSA) or k (oct). */
static const char *const public_members[] = {"kty", "kid", "use", "alg", "n",
                                             "e",   "crv", "x",   "y"};

/* Builds the keys of the JWKS and its public form (o->jwks). */
static int build_keys(struct builder *b)
{
	const struct a0l_config_oidc *src = &b->cfg->oidc;
	/* The config is shared and immutable: its values are read and
	 * copied, never referenced (json_incref would write to them). */
	const json_t *jwks, *keys;
	json_t *owned = NULL, *pub = NULL, *pubkeys;
	char q[QUOTE_SIZE];
	size_t i, j, n;
	int rc = -1;

	if (src->jwks_file != NULL) {
		cfg_quote(q, src->jwks_file, strlen(src->jwks_file));
		snprintf(b->where, sizeof(b->where), "%s: jwks_file %s",
		         src->where, q);
		jwks = owned = read_jwks_file(b);
		if (jwks == NULL)
			return -1;
	} else if (src->jwks != NULL) {
		snprintf(b->where, sizeof(b->where), "%s: jwks", src->where);
		jwks = src->jwks;
	} else {
		return 0;
	}
	b->m.where = src->where;
	keys = json_object_get(jwks, "keys");
	if (!json_is_object(jwks) || !json_is_array(keys)) {
		cfg_fail(&b->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "%s: a JWKS is an object {\"keys\": [...]}", b->where);
		goto done;
	}
	n = json_array_size(keys);
	if (n == 0) {
		rc = 0;
		goto done;
	}
	b->o->keys = calloc(n, sizeof(*b->o->keys));
	pub = json_object();
	pubkeys = json_array();
	if (b->o->keys == NULL || pub == NULL || pubkeys == NULL ||
	    json_object_set_new(pub, "keys", pubkeys) != 0) {
		oom(b);
		goto done;
	}
	for (i = 0; i < n; i++) {
		const json_t *key = json_array_get(keys, i);
		json_t *pk;

		b->o->n_keys = i + 1;
		if (build_key(b, i, key, &b->o->keys[i]) != 0)
			goto done;
		pk = json_object();
		if (pk == NULL || json_array_append_new(pubkeys, pk) != 0) {
			oom(b);
			goto done;
		}
		for (j = 0;
		     j < sizeof(public_members) / sizeof(public_members[0]);
		     j++) {
			const json_t *v =
			    json_object_get(key, public_members[j]);

			if (v != NULL &&
			    json_object_set_new(pk, public_members[j],
			                        json_deep_copy(v)) != 0) {
				oom(b);
				goto done;
			}
		}
	}
	b->o->jwks = json_dumps(pub, JSON_COMPACT);
	if (b->o->jwks == NULL) {
		oom(b);
		goto done;
	}
	rc = 0;
done:
	json_decref(pub);
	json_decref(owned);
	return rc;
}

/* ---- clients, tenant, discovery ------------------------------------------ */

static int build_clients(struct builder *b)
{
	const struct auth0logout_config *cfg = b->cfg;
	struct auth0logout_config_oidc *o = b->o;
	size_t i, n = 0;

	if (cfg->n_clients == 0)
		return 0;
	o->clients = calloc(cfg->n_clients, sizeof(*o->clients));
	if (o->clients == NULL) {
		oom(b);
		return -1;
	}
	for (i = 0; i < cfg->n_clients; i++) {
		const struct a0l_config_client *c = &cfg->clients[i];
		struct oidc_client *k = &o->clients[n];

		if (c->client_id == NULL)
			continue;
		o->n_clients = ++n;
		k->id = cfg_dupn(c->client_id, c->client_id_len);
		k->id_len = c->client_id_len;
		k->alg = c->jwt_alg != NULL
		             ? cfg_jwt_alg_parse(c->jwt_alg, strlen(c->jwt_alg))
		             : CFG_ALG_RS256;
		if (k->id == NULL) {
			oom(b);
			return -1;
		}
		if (k->alg < 0)
			k->alg = CFG_ALG_RS256; /* model.c refused it */
		if (c->client_secret != NULL && c->client_secret_len > 0) {
			k->secret = malloc(c->client_secret_len);
			if (k->secret == NULL) {
				oom(b);
				return -1;
			}
			memcpy(k->secret, c->client_secret,
			       c->client_secret_len);
			k->secret_len = c->client_secret_len;
		}
	}
	if (n > 1)
		qsort(o->clients, n, sizeof(*o->clients), cmp_client);
	for (i = 1; i < n; i++) {
		if (cmp_client(&o->clients[i - 1], &o->clients[i]) == 0) {
			char q[QUOTE_SIZE];

			cfg_quote(q, o->clients[i].id, o->clients[i].id_len);
			cfg_fail(&b->m, AUTH0LOGOUT_E_DUPLICATE_CLIENT,
			         "clients: client_id %s is given twice: which "
			         "jwt_configuration counts is unclear",
			         q);
			return -1;
		}
	}
	return 0;
}

static int build_locales(struct builder *b)
{
	const struct a0l_config_list *l = &b->cfg->enabled_locales;
	struct auth0logout_config_oidc *o = b->o;
	size_t i;

	if (l->n == 0)
		return 0;
	o->locales = calloc(l->n, sizeof(*o->locales));
	o->locale_lens = calloc(l->n, sizeof(*o->locale_lens));
	if (o->locales == NULL || o->locale_lens == NULL) {
		oom(b);
		return -1;
	}
	for (i = 0; i < l->n; i++) {
		o->locales[i] = cfg_dupn(l->entries[i], l->lens[i]);
		if (o->locales[i] == NULL) {
			oom(b);
			return -1;
		}
		o->locale_lens[i] = l->lens[i];
		o->n_locales = i + 1;
	}
	return 0;
}

/* R8.11: the discovery document: issuer, end_session_endpoint and (with
 * keys) jwks_uri, then the config's oidc.discovery members but for
 * those. */
static int build_discovery(struct builder *b, const char *origin)
{
	const struct a0l_config_oidc *src = &b->cfg->oidc;
	json_t *doc = json_object(), *v;
	const char *key;
	size_t olen = strlen(origin);
	char *url = malloc(olen + sizeof("/.well-known/jwks.json"));
	int ok;

	ok = doc != NULL && url != NULL &&
	     json_object_set_new(doc, "issuer",
	                         json_stringn(src->issuer, src->issuer_len)) ==
	         0;
	if (ok) {
		snprintf(url, olen + sizeof("/.well-known/jwks.json"),
		         "%s/oidc/logout", origin);
		ok = json_object_set_new(doc, "end_session_endpoint",
		                         json_string(url)) == 0;
	}
	if (ok && b->o->n_keys > 0) {
		snprintf(url, olen + sizeof("/.well-known/jwks.json"),
		         "%s/.well-known/jwks.json", origin);
		ok =
		    json_object_set_new(doc, "jwks_uri", json_string(url)) == 0;
	}
	if (ok && src->discovery != NULL) {
		json_object_foreach(src->discovery, key, v)
		{
			if (strcmp(key, "issuer") == 0 ||
			    strcmp(key, "end_session_endpoint") == 0 ||
			    (strcmp(key, "jwks_uri") == 0 && b->o->n_keys > 0))
				continue;
			if (json_object_set_new(doc, key, json_deep_copy(v)) !=
			    0) {
				ok = 0;
				break;
			}
		}
	}
	if (ok)
		b->o->discovery = json_dumps(doc, JSON_COMPACT);
	free(url);
	json_decref(doc);
	if (!ok || b->o->discovery == NULL) {
		oom(b);
		return -1;
	}
	return 0;
}

AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_oidc_new_empty(
    struct auth0logout_config_oidc **out, auth0logout_config_diag *diag)
{
	/* Nothing read: no "oidc" object, no client, the tenant's defaults. */
	static const struct auth0logout_config none;

	return auth0logout_config_oidc_new(&none, out, diag);
}

AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_oidc_new(
    const struct auth0logout_config *cfg, struct auth0logout_config_oidc **out,
    auth0logout_config_diag *diag)
{
	struct builder b;
	char origin[AUTH0LOGOUT_MAX_URL * 3 + 1];
	int rc = -1;

	memset(&b, 0, sizeof(b));
	cfg_msg_start(&b.m, cfg != NULL ? cfg->source : NULL, diag);
	if (out != NULL)
		*out = NULL;
	if (cfg == NULL || out == NULL) {
		cfg_fail(&b.m, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		         "invalid argument: no config or no place for the "
		         "result");
		return b.m.status;
	}
	b.cfg = cfg;
	b.o = calloc(1, sizeof(*b.o));
	if (b.o == NULL) {
		oom(&b);
		return b.m.status;
	}
	/* Whatever OpenSSL says while refusing a key stays here. */
	ERR_set_mark();
	b.o->flags = cfg->oidc_prompt_disabled ? AUTH0LOGOUT_OIDC_NO_PROMPT : 0;
	if (build_clients(&b) != 0 || build_locales(&b) != 0)
		goto done;
	if (cfg->oidc.issuer != NULL) {
		if (check_issuer(&b, origin, sizeof(origin)) != 0)
			goto done;
		b.o->issuer = cfg_dupn(cfg->oidc.issuer, cfg->oidc.issuer_len);
		b.o->issuer_len = cfg->oidc.issuer_len;
		if (b.o->issuer == NULL) {
			oom(&b);
			goto done;
		}
	}
	if (build_keys(&b) != 0)
		goto done;
	if (b.o->issuer != NULL && build_discovery(&b, origin) != 0)
		goto done;
	rc = 0;
done:
	ERR_pop_to_mark();
	if (rc != 0) {
		auth0logout_config_oidc_free(b.o);
		return b.m.status != AUTH0LOGOUT_OK
		           ? b.m.status
		           : AUTH0LOGOUT_E_CONFIG_SHAPE;
	}
	*out = b.o;
	return AUTH0LOGOUT_OK;
}

AUTH0LOGOUT_CONFIG_API void
auth0logout_config_oidc_set_max_age(struct auth0logout_config_oidc *o,
                                    long seconds)
{
	if (o != NULL)
		o->max_age = seconds > 0 ? seconds : 0;
}

AUTH0LOGOUT_CONFIG_API const char *
auth0logout_config_oidc_issuer(const struct auth0logout_config_oidc *o)
{
	return o != NULL ? o->issuer : NULL;
}

AUTH0LOGOUT_CONFIG_API const char *
auth0logout_config_oidc_discovery(const struct auth0logout_config_oidc *o)
{
	return o != NULL ? o->discovery : NULL;
}

AUTH0LOGOUT_CONFIG_API const char *
auth0logout_config_oidc_jwks(const struct auth0logout_config_oidc *o)
{
	return o != NULL ? o->jwks : NULL;
}

AUTH0LOGOUT_CONFIG_API void
auth0logout_config_oidc_env(const struct auth0logout_config_oidc *o,
                            const auth0logout_verifier *verifier,
                            auth0logout_oidc_env *env)
{
	if (env == NULL)
		return;
	memset(env, 0, sizeof(*env));
	env->verifier = verifier;
	if (o == NULL)
		return;
	env->flags = o->flags;
	env->enabled_locales = (const char *const *)o->locales;
	env->enabled_locale_lens = o->locale_lens;
	env->enabled_locale_count = o->n_locales;
}

/* ---- the verifier -------------------------------------------------------- */

/* What verify returns when memory runs out, and on every refusal. */
#define V_FAILED  AUTH0LOGOUT_E_VERIFIER_FAILED
#define V_INVALID AUTH0LOGOUT_E_OIDC_TOKEN_INVALID

/* A claim: NULL when absent, a string when present, else refuse. */
static int claim_string(const json_t *payload, const char *name,
                        const json_t **out)
{
	*out = json_object_get(payload, name);
	return *out == NULL || json_is_string(*out) ? 0 : -1;
}

/* The one key the header means for alg: by kid, or without kid the only
 * key of the right kty.  Its alg and use, when present, must agree. */
static const struct oidc_key *pick_key(const struct auth0logout_config_oidc *o,
                                       const json_t *header, int alg)
{
	const json_t *kid = json_object_get(header, "kid");
	int kty = alg == CFG_ALG_ES256 ? KTY_EC : KTY_RSA;
	const struct oidc_key *k = NULL;
	size_t i;

	if (kid != NULL && !json_is_string(kid))
		return NULL;
	for (i = 0; i < o->n_keys; i++) {
		const struct oidc_key *c = &o->keys[i];

		if (kid != NULL) {
			if (c->kid != NULL &&
			    cmp_bytes(c->kid, c->kid_len,
			              json_string_value(kid),
			              json_string_length(kid)) == 0) {
				k = c;
				break;
			}
		} else if (c->kty == kty) {
			if (k != NULL)
				return NULL; /* which one? */
			k = c;
		}
	}
	if (k == NULL || k->kty != kty)
		return NULL;
	if (k->alg != NULL && strcmp(k->alg, alg_names[alg]) != 0)
		return NULL;
	if (k->use != NULL && strcmp(k->use, "sig") != 0)
		return NULL;
	return k;
}

/* RS256, PS256, ES256 over input with key k: V_INVALID, V_FAILED or
 * AUTH0LOGOUT_OK. */
static int verify_pkey(const struct oidc_key *k, int alg,
                       const unsigned char *input, size_t input_len,
                       const unsigned char *sig, size_t sig_len)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	ECDSA_SIG *es = NULL;
	BIGNUM *r = NULL, *s = NULL;
	unsigned char *der = NULL;
	int der_len, rc = V_INVALID;

	if (md == NULL)
		return V_FAILED;
	if (alg == CFG_ALG_ES256) {
		/* JWS carries r || s (RFC 7518 section 3.4); OpenSSL wants
		 * DER.  Any other length, DER itself included, is refused. */
		if (sig_len != 2 * P256_LEN)
			goto done;
		es = ECDSA_SIG_new();
		r = BN_bin2bn(sig, P256_LEN, NULL);
		s = BN_bin2bn(sig + P256_LEN, P256_LEN, NULL);
		if (es == NULL || r == NULL || s == NULL) {
			rc = V_FAILED;
			goto done;
		}
		if (ECDSA_SIG_set0(es, r, s) != 1) {
			rc = V_FAILED;
			goto done;
		}
		r = s = NULL; /* es owns them */
		der_len = i2d_ECDSA_SIG(es, &der);
		if (der_len <= 0) {
			rc = V_FAILED;
			goto done;
		}
		sig = der;
		sig_len = (size_t)der_len;
	} else if (sig_len != (size_t)EVP_PKEY_get_size(k->pkey)) {
		/* An RSA signature is exactly as long as the modulus. */
		goto done;
	}
	if (EVP_DigestVerifyInit_ex(md, &pctx, "SHA256", NULL, NULL, k->pkey,
	                            NULL) != 1) {
		rc = V_FAILED;
		goto done;
	}
	if (alg == CFG_ALG_RS256 &&
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0) {
		rc = V_FAILED;
		goto done;
	}
	if (alg == CFG_ALG_PS256 &&
	    (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
	     EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", NULL) <= 0 ||
	     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, SHA256_LEN) <= 0)) {
		rc = V_FAILED;
		goto done;
	}
	if (EVP_DigestVerify(md, sig, sig_len, input, input_len) == 1)
		rc = AUTH0LOGOUT_OK;
done:
	OPENSSL_free(der);
	ECDSA_SIG_free(es);
	BN_free(r);
	BN_free(s);
	EVP_MD_CTX_free(md);
	return rc;
}

/* HS256 with the client's secret. */
static int verify_hmac(const struct oidc_client *c, const unsigned char *input,
                       size_t input_len, const unsigned char *sig,
                       size_t sig_len)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	int rc;

	if (c == NULL || c->secret == NULL || c->secret_len > INT_MAX)
		return V_INVALID;
	if (HMAC(EVP_sha256(), c->secret, (int)c->secret_len, input, input_len,
	         mac, &mac_len) == NULL)
		return V_FAILED;
	rc = sig_len == SHA256_LEN && mac_len == SHA256_LEN &&
	             CRYPTO_memcmp(mac, sig, SHA256_LEN) == 0
	         ? AUTH0LOGOUT_OK
	         : V_INVALID;
	OPENSSL_cleanse(mac, sizeof(mac));
	return rc;
}

/* Copies the string v (may be NULL) into scratch at *used; the view in
 * *out, *len.  -1 when it does not fit. */
static int put_claim(const json_t *v, char *scratch, size_t cap, size_t *used,
                     const char **out, size_t *len)
{
	size_t n;

	if (v == NULL)
		return 0;
	n = json_string_length(v);
	if (n + 1 > cap - *used)
		return -1;
	memcpy(scratch + *used, json_string_value(v), n);
	scratch[*used + n] = '\0';
	*out = scratch + *used;
	*len = n;
	*used += n + 1;
	return 0;
}

/* The JSON object of a decoded part; NULL when it is not one (or has a
 * member twice). */
static json_t *part_object(const unsigned char *p, size_t len)
{
	json_error_t jerr;
	json_t *v =
	    json_loadb((const char *)p, len, JSON_REJECT_DUPLICATES, &jerr);

	if (v != NULL && !json_is_object(v)) {
		json_decref(v);
		v = NULL;
	}
	return v;
}

/* The token's iat is acceptable for max_age seconds. */
static int iat_ok(const json_t *payload, long max_age)
{
	const json_t *iat = json_object_get(payload, "iat");
	double t, now = (double)time(NULL);

	if (!json_is_number(iat))
		return 0;
	t = json_number_value(iat);
	return isfinite(t) && t <= now + IAT_SKEW && now - t <= (double)max_age;
}

static int verify_token(const struct auth0logout_config_oidc *o,
                        const char *token, size_t token_len, char *scratch,
                        size_t scratch_len, auth0logout_claims *claims)
{
	const char *dot1, *dot2, *end = token + token_len;
	unsigned char *hb = NULL, *pb = NULL, *sig = NULL;
	size_t hlen, plen, slen;
	json_t *header = NULL, *payload = NULL;
	const json_t *alg, *iss, *aud, *azp, *sid, *sub, *client_v = NULL;
	const struct oidc_client *client = NULL;
	const struct oidc_key *key = NULL;
	size_t used = 0, aud_count, i;
	int nomem = 0, pinned, rc = V_INVALID;

	if (o == NULL || o->issuer == NULL || token == NULL ||
	    token_len > AUTH0LOGOUT_MAX_ID_TOKEN_HINT || claims == NULL)
		return V_INVALID;
	/* Three parts, none empty: header.payload.signature. */
	dot1 = memchr(token, '.', token_len);
	dot2 = dot1 != NULL ? memchr(dot1 + 1, '.', (size_t)(end - dot1 - 1))
	                    : NULL;
	if (dot1 == NULL || dot2 == NULL || dot1 == token || dot2 == dot1 + 1 ||
	    dot2 + 1 == end ||
	    memchr(dot2 + 1, '.', (size_t)(end - dot2 - 1)) != NULL)
		return V_INVALID;
	hb = b64url_dup(token, (size_t)(dot1 - token), &hlen, &nomem);
	if (hb != NULL)
		pb = b64url_dup(dot1 + 1, (size_t)(dot2 - dot1 - 1), &plen,
		                &nomem);
	if (pb != NULL)
		sig = b64url_dup(dot2 + 1, (size_t)(end - dot2 - 1), &slen,
		                 &nomem);
	if (sig == NULL) {
		rc = nomem ? V_FAILED : V_INVALID;
		goto done;
	}
	header = part_object(hb, hlen);
	payload = header != NULL ? part_object(pb, plen) : NULL;
	if (payload == NULL)
		goto done;
	/* No extension is understood (RFC 7515 section 4.1.11). */
	if (json_object_get(header, "crit") != NULL)
		goto done;
	alg = json_object_get(header, "alg");
	if (!json_is_string(alg))
		goto done;
	/* The claims' types, and the client (from the payload not yet
	 * verified) whose jwt_configuration pins the algorithm. */
	aud = json_object_get(payload, "aud");
	if (claim_string(payload, "iss", &iss) != 0 ||
	    claim_string(payload, "azp", &azp) != 0 ||
	    claim_string(payload, "sid", &sid) != 0 ||
	    claim_string(payload, "sub", &sub) != 0 || iss == NULL)
		goto done;
	if (json_is_string(aud)) {
		aud_count = 1;
	} else if (json_is_array(aud)) {
		aud_count = json_array_size(aud);
		for (i = 0; i < aud_count; i++)
			if (!json_is_string(json_array_get(aud, i)))
				goto done;
	} else {
		goto done; /* an ID token always has aud */
	}
	if (aud_count == 0)
		goto done;
	if (aud_count == 1 && json_is_array(aud))
		aud = json_array_get(aud, 0);
	/* Several audiences without azp name no client (R8.2). */
	client_v = azp != NULL ? azp : aud_count == 1 ? aud : NULL;
	if (client_v == NULL)
		goto done;
	client = find_client(o, json_string_value(client_v),
	                     json_string_length(client_v));
	pinned = client != NULL ? client->alg : CFG_ALG_RS256;
	/* The header never chooses: it must say what the client pins. */
	if (strlen(alg_names[pinned]) != json_string_length(alg) ||
	    memcmp(alg_names[pinned], json_string_value(alg),
	           json_string_length(alg)) != 0)
		goto done;
	if (pinned == CFG_ALG_HS256) {
		rc = verify_hmac(client, (const unsigned char *)token,
		                 (size_t)(dot2 - token), sig, slen);
	} else {
		key = pick_key(o, header, pinned);
		rc =
		    key != NULL
		        ? verify_pkey(key, pinned, (const unsigned char *)token,
		                      (size_t)(dot2 - token), sig, slen)
		        : V_INVALID;
	}
	if (rc != AUTH0LOGOUT_OK)
		goto done;
	/* Signed: now what it says. */
	rc = V_INVALID;
	if (json_string_length(iss) != o->issuer_len ||
	    memcmp(json_string_value(iss), o->issuer, o->issuer_len) != 0)
		goto done;
	if (o->max_age > 0 && !iat_ok(payload, o->max_age))
		goto done;
	if (scratch == NULL ||
	    put_claim(iss, scratch, scratch_len, &used, &claims->iss,
	              &claims->iss_len) != 0 ||
	    put_claim(sub, scratch, scratch_len, &used, &claims->sub,
	              &claims->sub_len) != 0 ||
	    put_claim(sid, scratch, scratch_len, &used, &claims->sid,
	              &claims->sid_len) != 0 ||
	    put_claim(azp, scratch, scratch_len, &used, &claims->azp,
	              &claims->azp_len) != 0 ||
	    put_claim(aud_count == 1 ? aud : NULL, scratch, scratch_len, &used,
	              &claims->aud, &claims->aud_len) != 0) {
		memset(claims, 0, sizeof(*claims));
		goto done;
	}
	claims->aud_count = aud_count;
	rc = AUTH0LOGOUT_OK;
done:
	json_decref(header);
	json_decref(payload);
	free(hb);
	free(pb);
	free(sig);
	return rc;
}

static int oidc_verify(void *ctx, const char *token, size_t token_len,
                       char *scratch, size_t scratch_len,
                       auth0logout_claims *claims)
{
	int rc;

	/* Leave the thread's OpenSSL error queue as it was: an adapter's
	 * TLS reads it. */
	ERR_set_mark();
	rc = verify_token(ctx, token, token_len, scratch, scratch_len, claims);
	ERR_pop_to_mark();
	return rc;
}

AUTH0LOGOUT_CONFIG_API void
auth0logout_config_oidc_verifier(const struct auth0logout_config_oidc *o,
                                 auth0logout_verifier *out)
{
	if (out == NULL)
		return;
	memset(out, 0, sizeof(*out));
	out->ctx = (void *)o;
	out->verify = oidc_verify;
	out->release = NULL; /* the claims live in the scratch */
}
