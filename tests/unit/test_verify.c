/* SPDX-License-Identifier: MIT */
/*
 * R7.7, R8.10, R8.11: the oidc settings of a config and the reference
 * verifier of id_token_hint (lib/config/oidc.c), called directly.
 *
 * Keys and tokens are made here, with OpenSSL 3's public API: RSA 2048
 * and P-256 keys (EVP_PKEY_Q_keygen), their JWKs from the keys' public
 * parameters, signatures with EVP_DigestSign or HMAC.  Every attack row
 * asserts AUTH0LOGOUT_E_OIDC_TOKEN_INVALID exactly and prints one line
 * "attack: <name> -> <status>".
 *
 * Environment:
 *   AUTH0LOGOUT_SRCDIR   source root, for tests/data/oidc/ (default ".")
 */
#include <check.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "auth0logout.h"
/* White-box: the base64url decoder. */
#include "../../lib/config/internal.h"
#include "testutil.h"

#define ISSUER "https://tenant.example.com/"
/* 48 bytes, as Auth0's client secrets are longer than SHA-256's 32. */
#define HS_SECRET "hs-secret-0123456789abcdefghijklmnopqrstuvwxyzAB"

/* ---- keys and the config, made once (main) ------------------------------- */

static EVP_PKEY *k_rs;    /* kid k-rs, alg RS256, use sig */
static EVP_PKEY *k_ps;    /* kid k-ps, alg PS256 */
static EVP_PKEY *k_es;    /* kid k-es, alg ES256, use sig */
static EVP_PKEY *k_other; /* RSA, not in the JWKS */
static EVP_PKEY *k_small; /* RSA 1024 */

/* Built by each test's setup from the config (checked fixture). */
static auth0logout_config *cfg;
static auth0logout_config_oidc *oidc;
static auth0logout_config_oidc *oidc_aged; /* max_age 600 */
static auth0logout_verifier ver, ver_aged;
static char *config_json;
/* 16-byte aligned, as the core hands it over. */
static _Alignas(16) char scratch[AUTH0LOGOUT_VERIFIER_SCRATCH_SIZE];

/* Strings a test made, freed by its teardown. */
static char *garbage[1024];
static size_t n_garbage;

static char *keep(char *p)
{
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_lt(n_garbage, sizeof(garbage) / sizeof(garbage[0]));
	garbage[n_garbage++] = p;
	return p;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *fmt(const char *f, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, f);
	n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	p = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(p);
	va_start(ap, f);
	vsnprintf(p, (size_t)n + 1, f, ap);
	va_end(ap);
	return keep(p);
}

/* Unpadded base64url of n bytes (the test's own encoder: OpenSSL's
 * EVP_EncodeBlock, then the alphabet of RFC 7515). */
static char *b64u(const void *p, size_t n)
{
	char *out = malloc(4 * ((n + 2) / 3) + 1);
	int len, i;

	ck_assert_ptr_nonnull(out);
	len = EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	while (len > 0 && out[len - 1] == '=')
		len--;
	out[len] = '\0';
	for (i = 0; i < len; i++) {
		if (out[i] == '+')
			out[i] = '-';
		else if (out[i] == '/')
			out[i] = '_';
	}
	return keep(out);
}

static char *b64u_str(const char *s)
{
	return b64u(s, strlen(s));
}

static char *bn_b64u(const BIGNUM *bn, int pad)
{
	int n = pad > 0 ? pad : BN_num_bytes(bn);
	unsigned char *p = malloc((size_t)n);
	char *s;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(BN_bn2binpad(bn, p, n), n);
	s = b64u(p, (size_t)n);
	free(p);
	return s;
}

/* The public JWK of key, with kid and, when not NULL, alg and use. */
static char *jwk(EVP_PKEY *key, const char *kid, const char *alg,
                 const char *use)
{
	BIGNUM *a = NULL, *b = NULL;
	char *extra =
	    fmt("%s%s%s%s%s%s", alg ? ",\"alg\":\"" : "", alg ? alg : "",
	        alg ? "\"" : "", use ? ",\"use\":\"" : "", use ? use : "",
	        use ? "\"" : "");
	char *s;

	if (EVP_PKEY_is_a(key, "RSA")) {
		ck_assert(
		    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &a));
		ck_assert(
		    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &b));
		s = fmt("{\"kty\":\"RSA\",\"kid\":\"%s\"%s,\"n\":\"%s\","
		        "\"e\":\"%s\"}",
		        kid, extra, bn_b64u(a, 0), bn_b64u(b, 0));
	} else {
		ck_assert(
		    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, &a));
		ck_assert(
		    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, &b));
		s = fmt("{\"kty\":\"EC\",\"kid\":\"%s\"%s,\"crv\":\"P-256\","
		        "\"x\":\"%s\",\"y\":\"%s\"}",
		        kid, extra, bn_b64u(a, 32), bn_b64u(b, 32));
	}
	BN_free(a);
	BN_free(b);
	return s;
}

/* ---- signing ------------------------------------------------------------- */

enum sig { SIG_NONE, SIG_RS256, SIG_PS256, SIG_ES256, SIG_ES256_DER, SIG_HS };

/* The signature of input by mode: raw bytes in *out (malloc'd). */
static size_t sign_raw(const char *input, int mode, EVP_PKEY *key,
                       const void *hkey, size_t hkey_len, unsigned char **out)
{
	EVP_MD_CTX *md;
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *der, *raw;
	const unsigned char *dp;
	size_t len = 0;
	unsigned int mlen = 0;
	ECDSA_SIG *es;

	*out = NULL;
	if (mode == SIG_NONE)
		return 0;
	if (mode == SIG_HS) {
		*out = malloc(EVP_MAX_MD_SIZE);
		ck_assert_ptr_nonnull(*out);
		ck_assert_ptr_nonnull(HMAC(EVP_sha256(), hkey, (int)hkey_len,
		                           (const unsigned char *)input,
		                           strlen(input), *out, &mlen));
		return mlen;
	}
	md = EVP_MD_CTX_new();
	ck_assert_ptr_nonnull(md);
	ck_assert_int_eq(
	    EVP_DigestSignInit_ex(md, &pctx, "SHA256", NULL, NULL, key, NULL),
	    1);
	if (mode == SIG_PS256) {
		ck_assert_int_gt(
		    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING),
		    0);
		ck_assert_int_gt(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32), 0);
		ck_assert_int_gt(
		    EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", NULL), 0);
	}
	ck_assert_int_eq(EVP_DigestSign(md, NULL, &len,
	                                (const unsigned char *)input,
	                                strlen(input)),
	                 1);
	der = malloc(len);
	ck_assert_ptr_nonnull(der);
	ck_assert_int_eq(EVP_DigestSign(md, der, &len,
	                                (const unsigned char *)input,
	                                strlen(input)),
	                 1);
	EVP_MD_CTX_free(md);
	if (mode != SIG_ES256) {
		*out = der;
		return len;
	}
	/* DER to JWS's r || s. */
	dp = der;
	es = d2i_ECDSA_SIG(NULL, &dp, (long)len);
	ck_assert_ptr_nonnull(es);
	raw = malloc(64);
	ck_assert_ptr_nonnull(raw);
	ck_assert_int_eq(BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32), 32);
	ck_assert_int_eq(BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32), 32);
	ECDSA_SIG_free(es);
	free(der);
	*out = raw;
	return 64;
}

/* input "." base64url(signature of input). */
static char *sign_input(const char *input, int mode, EVP_PKEY *key,
                        const void *hkey, size_t hkey_len)
{
	unsigned char *sig;
	size_t n = sign_raw(input, mode, key, hkey, hkey_len, &sig);
	char *s = fmt("%s.%s", input, b64u(sig, n));

	free(sig);
	return s;
}

/* A compact JWS of the header and payload JSON texts. */
static char *token(const char *header, const char *payload, int mode,
                   EVP_PKEY *key)
{
	return sign_input(fmt("%s.%s", b64u_str(header), b64u_str(payload)),
	                  mode, key, HS_SECRET, strlen(HS_SECRET));
}

/* The payload of an ID token for aud, issued now. */
static char *claims_for(const char *aud)
{
	long now = (long)time(NULL);

	return fmt("{\"iss\":\"" ISSUER "\",\"sub\":\"auth0|123\","
	           "\"aud\":\"%s\",\"sid\":\"sid-1\",\"iat\":%ld,"
	           "\"exp\":%ld,\"nonce\":\"n\"}",
	           aud, now, now + 600);
}

#define H_RS "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k-rs\"}"
#define H_PS "{\"alg\":\"PS256\",\"typ\":\"JWT\",\"kid\":\"k-ps\"}"
#define H_ES "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k-es\"}"
#define H_HS "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"

static char *valid_rs(void)
{
	return token(H_RS, claims_for("rs-client"), SIG_RS256, k_rs);
}

/* ---- the config ---------------------------------------------------------- */

#define CONFIG_FMT                                                             \
	"{\"tenant\":{\"allowed_logout_urls\":[\"https://www.example.com\"],"  \
	"\"sessions\":{\"oidc_logout_prompt_enabled\":false},"                 \
	"\"enabled_locales\":[\"en\",\"fr-CA\"]},"                             \
	"\"clients\":["                                                        \
	"{\"client_id\":\"rs-client\"},"                                       \
	"{\"client_id\":\"rs-explicit\",\"jwt_configuration\":"                \
	"{\"alg\":\"RS256\",\"lifetime_in_seconds\":36000}},"                  \
	"{\"client_id\":\"ps-client\",\"jwt_configuration\":{\"alg\":"         \
	"\"PS256\"}},"                                                         \
	"{\"client_id\":\"es-client\",\"jwt_configuration\":{\"alg\":"         \
	"\"ES256\"}},"                                                         \
	"{\"client_id\":\"hs-client\",\"jwt_configuration\":{\"alg\":"         \
	"\"HS256\"},\"client_secret\":\"" HS_SECRET "\"},"                     \
	"{\"client_id\":\"hs-nosecret\",\"jwt_configuration\":{\"alg\":"       \
	"\"HS256\"}}],"                                                        \
	"\"oidc\":{\"issuer\":\"" ISSUER "\","                                 \
	"\"jwks\":{\"keys\":[%s,%s,%s]},"                                      \
	"\"discovery\":{\"scopes_supported\":[\"openid\"],"                    \
	"\"issuer\":\"https://attacker.example/\","                            \
	"\"end_session_endpoint\":\"https://attacker.example/bye\"}}}"

static char *make_config(void)
{
	char *s = fmt(CONFIG_FMT, jwk(k_rs, "k-rs", "RS256", "sig"),
	              jwk(k_ps, "k-ps", "PS256", NULL),
	              jwk(k_es, "k-es", "ES256", "sig"));
	char *c = strdup(s);

	ck_assert_ptr_nonnull(c);
	return c;
}

static auth0logout_status read_config(const char *json,
                                      auth0logout_config **out,
                                      auth0logout_config_diag *d)
{
	return auth0logout_config_read_buffer(
	    S("test.json"), json, strlen(json), AUTH0LOGOUT_CONFIG_JSON, NULL,
	    out, d);
}

static void setup(void)
{
	auth0logout_config_diag d;

	n_garbage = 0;
	config_json = make_config();
	ck_assert_msg(read_config(config_json, &cfg, &d) == AUTH0LOGOUT_OK,
	              "%s", d.text);
	ck_assert_msg(auth0logout_config_oidc_new(cfg, &oidc, &d) ==
	                  AUTH0LOGOUT_OK,
	              "%s", d.text);
	ck_assert_int_eq(auth0logout_config_oidc_new(cfg, &oidc_aged, &d),
	                 AUTH0LOGOUT_OK);
	auth0logout_config_oidc_set_max_age(oidc_aged, 600);
	auth0logout_config_oidc_verifier(oidc, &ver);
	auth0logout_config_oidc_verifier(oidc_aged, &ver_aged);
	/* The test's own helpers keep their strings until teardown. */
}

static void teardown(void)
{
	size_t i;

	for (i = 0; i < n_garbage; i++)
		free(garbage[i]);
	n_garbage = 0;
	auth0logout_config_oidc_free(oidc);
	auth0logout_config_oidc_free(oidc_aged);
	auth0logout_config_free(cfg);
	free(config_json);
	oidc = oidc_aged = NULL;
	cfg = NULL;
	config_json = NULL;
}

static int verify_with(const auth0logout_verifier *v, const char *tok,
                       auth0logout_claims *c)
{
	auth0logout_claims local;

	if (c == NULL)
		c = &local;
	memset(c, 0, sizeof(*c));
	memset(scratch, 0xA5, sizeof(scratch));
	return v->verify(v->ctx, tok, strlen(tok), scratch, sizeof(scratch), c);
}

static int verify(const char *tok, auth0logout_claims *c)
{
	return verify_with(&ver, tok, c);
}

static const char *st_name(int st)
{
	return auth0logout_status_name(st);
}

static void claim_is(const char *what, const char *p, size_t n,
                     const char *want)
{
	if (want == NULL) {
		ck_assert_msg(p == NULL && n == 0, "%s: want absent, got %s",
		              what, tu_show(p, n));
		return;
	}
	ck_assert_msg(p != NULL && n == strlen(want) && memcmp(p, want, n) == 0,
	              "%s: want \"%s\", got %s", what, want, tu_show(p, n));
	/* A view into the scratch. */
	ck_assert(p >= scratch && p + n <= scratch + sizeof(scratch));
}

/* ---- R8.10 valid tokens -------------------------------------------------- */

START_TEST(r8_10_rs256_valid)
{
	auth0logout_claims c;

	ck_assert_int_eq(verify(valid_rs(), &c), AUTH0LOGOUT_OK);
	claim_is("iss", c.iss, c.iss_len, ISSUER);
	claim_is("sub", c.sub, c.sub_len, "auth0|123");
	claim_is("sid", c.sid, c.sid_len, "sid-1");
	claim_is("azp", c.azp, c.azp_len, NULL);
	claim_is("aud", c.aud, c.aud_len, "rs-client");
	ck_assert_uint_eq(c.aud_count, 1);
	ck_assert_ptr_null(ver.release);
	/* An explicit RS256 pin, and a client the config does not know:
	 * RS256 by default (the core then refuses it as unknown). */
	ck_assert_int_eq(
	    verify(token(H_RS, claims_for("rs-explicit"), SIG_RS256, k_rs),
	           NULL),
	    AUTH0LOGOUT_OK);
	ck_assert_int_eq(
	    verify(token(H_RS, claims_for("not-in-config"), SIG_RS256, k_rs),
	           &c),
	    AUTH0LOGOUT_OK);
	claim_is("aud", c.aud, c.aud_len, "not-in-config");
}
END_TEST

START_TEST(r8_10_ps256_valid)
{
	ck_assert_int_eq(
	    verify(token(H_PS, claims_for("ps-client"), SIG_PS256, k_ps), NULL),
	    AUTH0LOGOUT_OK);
}
END_TEST

START_TEST(r8_10_es256_valid)
{
	auth0logout_claims c;

	ck_assert_int_eq(
	    verify(token(H_ES, claims_for("es-client"), SIG_ES256, k_es), &c),
	    AUTH0LOGOUT_OK);
	claim_is("aud", c.aud, c.aud_len, "es-client");
	/* Without kid: the JWKS holds one EC key. */
	ck_assert_int_eq(verify(token("{\"alg\":\"ES256\"}",
	                              claims_for("es-client"), SIG_ES256, k_es),
	                        NULL),
	                 AUTH0LOGOUT_OK);
}
END_TEST

START_TEST(r8_10_hs256_valid)
{
	auth0logout_claims c;

	ck_assert_int_eq(
	    verify(token(H_HS, claims_for("hs-client"), SIG_HS, NULL), &c),
	    AUTH0LOGOUT_OK);
	claim_is("aud", c.aud, c.aud_len, "hs-client");
}
END_TEST

START_TEST(r8_2_audiences_and_azp)
{
	auth0logout_claims c;
	long now = (long)time(NULL);
	char *p = fmt("{\"iss\":\"" ISSUER "\",\"aud\":[\"rs-client\","
	              "\"https://api.example.com\"],\"azp\":\"rs-client\","
	              "\"iat\":%ld}",
	              now);

	ck_assert_int_eq(verify(token(H_RS, p, SIG_RS256, k_rs), &c),
	                 AUTH0LOGOUT_OK);
	claim_is("azp", c.azp, c.azp_len, "rs-client");
	claim_is("aud", c.aud, c.aud_len, NULL);
	ck_assert_uint_eq(c.aud_count, 2);
	claim_is("sid", c.sid, c.sid_len, NULL);
	claim_is("sub", c.sub, c.sub_len, NULL);
	/* One audience in an array is that audience. */
	p = fmt("{\"iss\":\"" ISSUER "\",\"aud\":[\"ps-client\"]}");
	ck_assert_int_eq(verify(token(H_PS, p, SIG_PS256, k_ps), &c),
	                 AUTH0LOGOUT_OK);
	claim_is("aud", c.aud, c.aud_len, "ps-client");
	ck_assert_uint_eq(c.aud_count, 1);
	/* azp pins the algorithm, not aud: an HS256 azp with an RS256
	 * aud. */
	p = fmt("{\"iss\":\"" ISSUER "\",\"aud\":\"rs-client\","
	        "\"azp\":\"hs-client\"}");
	ck_assert_int_eq(verify(token(H_HS, p, SIG_HS, NULL), &c),
	                 AUTH0LOGOUT_OK);
	ck_assert_int_eq(verify(token(H_RS, p, SIG_RS256, k_rs), &c),
	                 AUTH0LOGOUT_E_OIDC_TOKEN_INVALID);
}
END_TEST

START_TEST(r8_10_expired_token_accepted_by_default)
{
	long now = (long)time(NULL);
	char *p = fmt("{\"iss\":\"" ISSUER "\",\"aud\":\"rs-client\","
	              "\"iat\":%ld,\"exp\":%ld}",
	              now - 86400 * 365, now - 86400 * 364);
	char *t = token(H_RS, p, SIG_RS256, k_rs);

	ck_assert_int_eq(verify(t, NULL), AUTH0LOGOUT_OK);
	/* Without iat or exp at all. */
	ck_assert_int_eq(
	    verify(token(H_RS, "{\"iss\":\"" ISSUER "\",\"aud\":\"rs-client\"}",
	                 SIG_RS256, k_rs),
	           NULL),
	    AUTH0LOGOUT_OK);
	/* With a max age, a year-old token is refused. */
	ck_assert_int_eq(verify_with(&ver_aged, t, NULL),
	                 AUTH0LOGOUT_E_OIDC_TOKEN_INVALID);
}
END_TEST

START_TEST(r8_10_max_age_accepts_fresh_tokens)
{
	long now = (long)time(NULL);

	ck_assert_int_eq(verify_with(&ver_aged, valid_rs(), NULL),
	                 AUTH0LOGOUT_OK);
	ck_assert_int_eq(
	    verify_with(&ver_aged,
	                token(H_RS,
	                      fmt("{\"iss\":\"" ISSUER
	                          "\",\"aud\":\"rs-client\",\"iat\":%ld}",
	                          now - 590),
	                      SIG_RS256, k_rs),
	                NULL),
	    AUTH0LOGOUT_OK);
	/* A few seconds of clock skew. */
	ck_assert_int_eq(
	    verify_with(&ver_aged,
	                token(H_RS,
	                      fmt("{\"iss\":\"" ISSUER
	                          "\",\"aud\":\"rs-client\",\"iat\":%ld.5}",
	                          now + 30),
	                      SIG_RS256, k_rs),
	                NULL),
	    AUTH0LOGOUT_OK);
}
END_TEST

/* ---- R8.10 attacks ------------------------------------------------------- */

enum attack {
	A_NONE_EMPTY_SIG,
	A_NONE_WITH_SIG,
	A_NONE_UPPER,
	A_HS_RSA_PEM,
	A_HS_RSA_DER,
	A_HS_RSA_N,
	A_RS_FOR_PS,
	A_RS_FOR_ES,
	A_RS_FOR_HS,
	A_PS_FOR_RS,
	A_PS_KEY_ALG_RS,
	A_ES_WITH_RSA_KID,
	A_KID_UNKNOWN,
	A_KID_NOT_STRING,
	A_NO_KID_TWO_RSA_KEYS,
	A_SAME_KID_OTHER_KEY,
	A_OTHER_ISSUER,
	A_ISSUER_PREFIX,
	A_TRUNCATED_SIG,
	A_BIT_FLIPPED,
	A_ES_DER_SIG,
	A_ES_65_BYTES,
	A_HS_WRONG_SECRET,
	A_HS_NO_SECRET,
	A_HS_TRUNCATED_MAC,
	A_DUP_AUD,
	A_DUP_ALG,
	A_PADDING,
	A_PLUS_SLASH,
	A_WHITESPACE,
	A_FOUR_PARTS,
	A_TWO_PARTS,
	A_EMPTY_HEADER,
	A_EMPTY_PAYLOAD,
	A_EMPTY_TOKEN,
	A_DOTS_ONLY,
	A_CRIT,
	A_HEADER_NOT_OBJECT,
	A_PAYLOAD_NOT_OBJECT,
	A_PAYLOAD_TRAILING,
	A_AUD_NUMBER,
	A_AUD_EMPTY,
	A_AUD_MIXED,
	A_NO_AUD,
	A_AUDS_NO_AZP,
	A_AZP_NUMBER,
	A_SID_NUMBER,
	A_NO_ISS,
	A_ISS_NUMBER,
	A_MAX_AGE_EXCEEDED,
	A_IAT_FUTURE,
	A_IAT_STRING,
	A_NUL_IN_CLAIM,
	A_TOO_LONG,
	N_ATTACKS
};

static const char *const attack_names[N_ATTACKS] = {
    [A_NONE_EMPTY_SIG] = "alg none, empty signature",
    [A_NONE_WITH_SIG] = "alg none, with an RS256 signature",
    [A_NONE_UPPER] = "alg None (other case)",
    [A_HS_RSA_PEM] = "HS256 keyed with the RSA public key (PEM), RS256 "
                     "client",
    [A_HS_RSA_DER] = "HS256 keyed with the RSA public key (DER), RS256 "
                     "client",
    [A_HS_RSA_N] = "HS256 keyed with the JWK's n, RS256 client",
    [A_RS_FOR_PS] = "RS256 token for a PS256-pinned client",
    [A_RS_FOR_ES] = "RS256 token for an ES256-pinned client",
    [A_RS_FOR_HS] = "RS256 token for an HS256-pinned client",
    [A_PS_FOR_RS] = "PS256 token for an RS256 client",
    [A_PS_KEY_ALG_RS] = "PS256 with a key whose alg is RS256",
    [A_ES_WITH_RSA_KID] = "ES256 naming an RSA key's kid",
    [A_KID_UNKNOWN] = "kid not in the JWKS",
    [A_KID_NOT_STRING] = "kid not a string",
    [A_NO_KID_TWO_RSA_KEYS] = "no kid, two RSA keys",
    [A_SAME_KID_OTHER_KEY] = "valid signature by another key, same kid",
    [A_OTHER_ISSUER] = "token for another issuer",
    [A_ISSUER_PREFIX] = "iss a prefix of the issuer",
    [A_TRUNCATED_SIG] = "truncated signature",
    [A_BIT_FLIPPED] = "signature with one bit flipped",
    [A_ES_DER_SIG] = "ES256 signature in DER form",
    [A_ES_65_BYTES] = "ES256 signature of 65 bytes",
    [A_HS_WRONG_SECRET] = "HS256 with another secret",
    [A_HS_NO_SECRET] = "HS256 for a client without client_secret",
    [A_HS_TRUNCATED_MAC] = "HS256 MAC cut to 16 bytes",
    [A_DUP_AUD] = "payload with aud twice",
    [A_DUP_ALG] = "header with alg twice (none, RS256)",
    [A_PADDING] = "base64 '=' padding",
    [A_PLUS_SLASH] = "base64 '+' and '/' characters",
    [A_WHITESPACE] = "white space in a part",
    [A_FOUR_PARTS] = "four parts",
    [A_TWO_PARTS] = "two parts",
    [A_EMPTY_HEADER] = "empty header part",
    [A_EMPTY_PAYLOAD] = "empty payload part",
    [A_EMPTY_TOKEN] = "empty token",
    [A_DOTS_ONLY] = "\"..\"",
    [A_CRIT] = "crit header",
    [A_HEADER_NOT_OBJECT] = "header not an object",
    [A_PAYLOAD_NOT_OBJECT] = "payload not an object",
    [A_PAYLOAD_TRAILING] = "payload JSON with trailing bytes",
    [A_AUD_NUMBER] = "aud a number",
    [A_AUD_EMPTY] = "aud an empty array",
    [A_AUD_MIXED] = "aud an array with a number",
    [A_NO_AUD] = "no aud",
    [A_AUDS_NO_AZP] = "two audiences, no azp",
    [A_AZP_NUMBER] = "azp a number",
    [A_SID_NUMBER] = "sid a number",
    [A_NO_ISS] = "no iss",
    [A_ISS_NUMBER] = "iss a number",
    [A_MAX_AGE_EXCEEDED] = "max_age exceeded",
    [A_IAT_FUTURE] = "iat in the future (max_age set)",
    [A_IAT_STRING] = "iat a string (max_age set)",
    [A_NUL_IN_CLAIM] = "\\u0000 in a claim",
    [A_TOO_LONG] = "token over 8 KiB",
};

/* The JWS of header and payload texts given as base64url already. */
static char *signed_parts(const char *h64, const char *p64, int mode,
                          EVP_PKEY *key)
{
	return sign_input(fmt("%s.%s", h64, p64), mode, key, HS_SECRET,
	                  strlen(HS_SECRET));
}

static char *pem_of(EVP_PKEY *key, size_t *len)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data, *p;
	long n;

	ck_assert_ptr_nonnull(bio);
	ck_assert_int_eq(PEM_write_bio_PUBKEY(bio, key), 1);
	n = BIO_get_mem_data(bio, &data);
	ck_assert_int_gt(n, 0);
	p = malloc((size_t)n);
	ck_assert_ptr_nonnull(p);
	memcpy(p, data, (size_t)n);
	BIO_free(bio);
	*len = (size_t)n;
	return keep(p);
}

/* A token with an HMAC keyed by the given bytes, header alg HS256,
 * payload for the RS256 client. */
static char *hs_keyed(const void *k, size_t n)
{
	return sign_input(fmt("%s.%s",
	                      b64u_str("{\"alg\":\"HS256\","
	                               "\"kid\":\"k-rs\"}"),
	                      b64u_str(claims_for("rs-client"))),
	                  SIG_HS, NULL, k, n);
}

/* A payload whose base64url holds '-' or '_' (to translate). */
static char *payload_with_url_chars(void)
{
	int i;

	for (i = 0; i < 64; i++) {
		char *p = b64u_str(fmt("{\"iss\":\"" ISSUER "\","
		                       "\"aud\":\"rs-client\",\"x\":\"%.*s"
		                       "\?\?\?>>>~~~\"}",
		                       i,
		                       "                                    "
		                       "                            "));

		if (strchr(p, '-') != NULL && strchr(p, '_') != NULL)
			return p;
	}
	ck_abort_msg("no payload with both '-' and '_'");
	return NULL;
}

static char *attack_token(int a)
{
	long now = (long)time(NULL);
	char *t, *p, *p64;
	unsigned char *sig;
	size_t n, i;

	switch (a) {
	case A_NONE_EMPTY_SIG:
		return token("{\"alg\":\"none\"}", claims_for("rs-client"),
		             SIG_NONE, NULL);
	case A_NONE_WITH_SIG:
		return token("{\"alg\":\"none\",\"kid\":\"k-rs\"}",
		             claims_for("rs-client"), SIG_RS256, k_rs);
	case A_NONE_UPPER:
		return token("{\"alg\":\"None\"}", claims_for("rs-client"),
		             SIG_NONE, NULL);
	case A_HS_RSA_PEM:
		p = pem_of(k_rs, &n);
		return hs_keyed(p, n);
	case A_HS_RSA_DER: {
		unsigned char *der = NULL;
		int dn = i2d_PUBKEY(k_rs, &der);

		ck_assert_int_gt(dn, 0);
		t = hs_keyed(der, (size_t)dn);
		OPENSSL_free(der);
		return t;
	}
	case A_HS_RSA_N: {
		BIGNUM *bn = NULL;
		unsigned char buf[512];

		ck_assert(
		    EVP_PKEY_get_bn_param(k_rs, OSSL_PKEY_PARAM_RSA_N, &bn));
		n = (size_t)BN_bn2bin(bn, buf);
		BN_free(bn);
		return hs_keyed(buf, n);
	}
	case A_RS_FOR_PS:
		return token("{\"alg\":\"RS256\",\"kid\":\"k-ps\"}",
		             claims_for("ps-client"), SIG_RS256, k_ps);
	case A_RS_FOR_ES:
		return token(H_RS, claims_for("es-client"), SIG_RS256, k_rs);
	case A_RS_FOR_HS:
		return token(H_RS, claims_for("hs-client"), SIG_RS256, k_rs);
	case A_PS_FOR_RS:
		return token(H_PS, claims_for("rs-client"), SIG_PS256, k_ps);
	case A_PS_KEY_ALG_RS:
		/* ps-client pins PS256; k-rs says it is for RS256 only. */
		return token("{\"alg\":\"PS256\",\"kid\":\"k-rs\"}",
		             claims_for("ps-client"), SIG_PS256, k_rs);
	case A_ES_WITH_RSA_KID:
		return token("{\"alg\":\"ES256\",\"kid\":\"k-rs\"}",
		             claims_for("es-client"), SIG_RS256, k_rs);
	case A_KID_UNKNOWN:
		return token("{\"alg\":\"RS256\",\"kid\":\"nope\"}",
		             claims_for("rs-client"), SIG_RS256, k_rs);
	case A_KID_NOT_STRING:
		return token("{\"alg\":\"RS256\",\"kid\":1}",
		             claims_for("rs-client"), SIG_RS256, k_rs);
	case A_NO_KID_TWO_RSA_KEYS:
		return token("{\"alg\":\"RS256\"}", claims_for("rs-client"),
		             SIG_RS256, k_rs);
	case A_SAME_KID_OTHER_KEY:
		return token(H_RS, claims_for("rs-client"), SIG_RS256, k_other);
	case A_OTHER_ISSUER:
		return token(H_RS,
		             "{\"iss\":\"https://evil.example.com/\","
		             "\"aud\":\"rs-client\",\"sid\":\"s\"}",
		             SIG_RS256, k_rs);
	case A_ISSUER_PREFIX:
		return token(H_RS,
		             "{\"iss\":\"https://tenant.example.com\","
		             "\"aud\":\"rs-client\"}",
		             SIG_RS256, k_rs);
	case A_TRUNCATED_SIG:
		t = valid_rs();
		t[strlen(t) - 2] = '\0'; /* 342 -> 340 characters: 255 bytes */
		return t;
	case A_BIT_FLIPPED: {
		char *input = fmt("%s.%s", b64u_str(H_RS),
		                  b64u_str(claims_for("rs-client")));

		n = sign_raw(input, SIG_RS256, k_rs, NULL, 0, &sig);
		sig[n / 2] ^= 0x10;
		t = fmt("%s.%s", input, b64u(sig, n));
		free(sig);
		return t;
	}
	case A_ES_DER_SIG:
		return token(H_ES, claims_for("es-client"), SIG_ES256_DER,
		             k_es);
	case A_ES_65_BYTES: {
		char *input = fmt("%s.%s", b64u_str(H_ES),
		                  b64u_str(claims_for("es-client")));
		unsigned char big[65];

		n = sign_raw(input, SIG_ES256, k_es, NULL, 0, &sig);
		ck_assert_uint_eq(n, 64);
		big[0] = 0;
		memcpy(big + 1, sig, 64);
		free(sig);
		return fmt("%s.%s", input, b64u(big, sizeof(big)));
	}
	case A_HS_WRONG_SECRET:
		return sign_input(
		    fmt("%s.%s", b64u_str(H_HS),
		        b64u_str(claims_for("hs-client"))),
		    SIG_HS, NULL,
		    "hs-secret-0123456789abcdefghijklmnopqrstuvwxyzAC", 48);
	case A_HS_NO_SECRET:
		return sign_input(fmt("%s.%s", b64u_str(H_HS),
		                      b64u_str(claims_for("hs-nosecret"))),
		                  SIG_HS, NULL, "", 0);
	case A_HS_TRUNCATED_MAC: {
		char *input = fmt("%s.%s", b64u_str(H_HS),
		                  b64u_str(claims_for("hs-client")));

		n = sign_raw(input, SIG_HS, NULL, HS_SECRET, strlen(HS_SECRET),
		             &sig);
		t = fmt("%s.%s", input, b64u(sig, 16));
		free(sig);
		return t;
	}
	case A_DUP_AUD:
		return token(H_RS,
		             "{\"iss\":\"" ISSUER "\",\"aud\":\"rs-client\","
		             "\"aud\":\"hs-client\"}",
		             SIG_RS256, k_rs);
	case A_DUP_ALG:
		return token("{\"alg\":\"none\",\"alg\":\"RS256\","
		             "\"kid\":\"k-rs\"}",
		             claims_for("rs-client"), SIG_RS256, k_rs);
	case A_PADDING:
		/* Signed over the padded text: only the encoding is wrong. */
		p = claims_for("rs-client");
		p64 = b64u_str(p);
		while (strlen(p64) % 4 == 0) {
			p = fmt("%s ", p);
			p64 = b64u_str(p);
		}
		p64 = fmt("%s%.*s", p64, (int)(4 - strlen(p64) % 4), "===");
		return signed_parts(b64u_str(H_RS), p64, SIG_RS256, k_rs);
	case A_PLUS_SLASH:
		p64 = payload_with_url_chars();
		for (i = 0; p64[i] != '\0'; i++) {
			if (p64[i] == '-')
				p64[i] = '+';
			else if (p64[i] == '_')
				p64[i] = '/';
		}
		return signed_parts(b64u_str(H_RS), p64, SIG_RS256, k_rs);
	case A_WHITESPACE:
		return signed_parts(
		    b64u_str(H_RS),
		    fmt("%s ", b64u_str(claims_for("rs-client"))), SIG_RS256,
		    k_rs);
	case A_FOUR_PARTS:
		return fmt("%s.%s", valid_rs(), b64u_str("x"));
	case A_TWO_PARTS:
		t = valid_rs();
		*strrchr(t, '.') = '\0';
		return t;
	case A_EMPTY_HEADER:
		return signed_parts("", b64u_str(claims_for("rs-client")),
		                    SIG_RS256, k_rs);
	case A_EMPTY_PAYLOAD:
		return signed_parts(b64u_str(H_RS), "", SIG_RS256, k_rs);
	case A_EMPTY_TOKEN:
		return fmt("%s", "");
	case A_DOTS_ONLY:
		return fmt("%s", "..");
	case A_CRIT:
		return token("{\"alg\":\"RS256\",\"kid\":\"k-rs\","
		             "\"crit\":[\"exp\"],\"exp\":1}",
		             claims_for("rs-client"), SIG_RS256, k_rs);
	case A_HEADER_NOT_OBJECT:
		return token("[\"RS256\"]", claims_for("rs-client"), SIG_RS256,
		             k_rs);
	case A_PAYLOAD_NOT_OBJECT:
		return token(H_RS, "[\"" ISSUER "\",\"rs-client\"]", SIG_RS256,
		             k_rs);
	case A_PAYLOAD_TRAILING:
		return token(H_RS, fmt("%s{}", claims_for("rs-client")),
		             SIG_RS256, k_rs);
	case A_AUD_NUMBER:
		return token(H_RS, "{\"iss\":\"" ISSUER "\",\"aud\":5}",
		             SIG_RS256, k_rs);
	case A_AUD_EMPTY:
		return token(H_RS,
		             "{\"iss\":\"" ISSUER
		             "\",\"aud\":[],\"azp\":\"rs-client\"}",
		             SIG_RS256, k_rs);
	case A_AUD_MIXED:
		return token(H_RS,
		             "{\"iss\":\"" ISSUER
		             "\",\"aud\":[\"rs-client\",5],"
		             "\"azp\":\"rs-client\"}",
		             SIG_RS256, k_rs);
	case A_NO_AUD:
		return token(H_RS,
		             "{\"iss\":\"" ISSUER "\",\"azp\":\"rs-client\"}",
		             SIG_RS256, k_rs);
	case A_AUDS_NO_AZP:
		return token(H_RS,
		             "{\"iss\":\"" ISSUER "\",\"aud\":[\"rs-client\","
		             "\"ps-client\"]}",
		             SIG_RS256, k_rs);
	case A_AZP_NUMBER:
		return token(H_RS,
		             "{\"iss\":\"" ISSUER
		             "\",\"aud\":\"rs-client\",\"azp\":1}",
		             SIG_RS256, k_rs);
	case A_SID_NUMBER:
		return token(H_RS,
		             "{\"iss\":\"" ISSUER
		             "\",\"aud\":\"rs-client\",\"sid\":1}",
		             SIG_RS256, k_rs);
	case A_NO_ISS:
		return token(H_RS, "{\"aud\":\"rs-client\",\"sid\":\"s\"}",
		             SIG_RS256, k_rs);
	case A_ISS_NUMBER:
		return token(H_RS, "{\"iss\":1,\"aud\":\"rs-client\"}",
		             SIG_RS256, k_rs);
	case A_MAX_AGE_EXCEEDED:
		return token(H_RS,
		             fmt("{\"iss\":\"" ISSUER
		                 "\",\"aud\":\"rs-client\",\"iat\":%ld}",
		                 now - 601 - 5),
		             SIG_RS256, k_rs);
	case A_IAT_FUTURE:
		return token(H_RS,
		             fmt("{\"iss\":\"" ISSUER
		                 "\",\"aud\":\"rs-client\",\"iat\":%ld}",
		                 now + 3600),
		             SIG_RS256, k_rs);
	case A_IAT_STRING:
		return token(H_RS,
		             fmt("{\"iss\":\"" ISSUER
		                 "\",\"aud\":\"rs-client\",\"iat\":\"%ld\"}",
		                 now),
		             SIG_RS256, k_rs);
	case A_NUL_IN_CLAIM:
		return token(H_RS,
		             "{\"iss\":\"" ISSUER
		             "\",\"aud\":\"rs-client\",\"sid\":\"a\\u0000b\"}",
		             SIG_RS256, k_rs);
	case A_TOO_LONG:
		p = malloc(9000);
		ck_assert_ptr_nonnull(p);
		memset(p, 'a', 8999);
		p[8999] = '\0';
		keep(p);
		return token(H_RS,
		             fmt("{\"iss\":\"" ISSUER
		                 "\",\"aud\":\"rs-client\",\"pad\":\"%s\"}",
		                 p),
		             SIG_RS256, k_rs);
	}
	ck_abort_msg("no attack %d", a);
	return NULL;
}

/* Rows that need the maximum age set (the default verifier does not
 * enforce iat). */
static int attack_aged(int a)
{
	return a == A_MAX_AGE_EXCEEDED || a == A_IAT_FUTURE ||
	       a == A_IAT_STRING;
}

START_TEST(r8_10_attack_refused)
{
	const char *t = attack_token(_i);
	const auth0logout_verifier *v = attack_aged(_i) ? &ver_aged : &ver;
	auth0logout_claims c;
	int st = verify_with(v, t, &c);
	static const unsigned char zero[sizeof(c)];

	printf("attack: %s -> %s\n", attack_names[_i], st_name(st));
	fflush(stdout);
	ck_assert_msg(st == AUTH0LOGOUT_E_OIDC_TOKEN_INVALID,
	              "%s: %s (%d), want oidc_token_invalid", attack_names[_i],
	              st_name(st), st);
	/* Nothing is handed back from a refused token. */
	ck_assert(memcmp(&c, zero, sizeof(c)) == 0);
}
END_TEST

/* The same tokens, repaired, are valid: each attack row refuses for the
 * reason it names, not by accident. */
START_TEST(r8_10_attack_controls_valid)
{
	long now = (long)time(NULL);

	/* A_MAX_AGE_EXCEEDED without a max age. */
	ck_assert_int_eq(verify(attack_token(A_MAX_AGE_EXCEEDED), NULL),
	                 AUTH0LOGOUT_OK);
	ck_assert_int_eq(verify(attack_token(A_IAT_FUTURE), NULL),
	                 AUTH0LOGOUT_OK);
	/* A_PADDING and A_PLUS_SLASH, properly encoded. */
	ck_assert_int_eq(
	    verify(signed_parts(b64u_str(H_RS), payload_with_url_chars(),
	                        SIG_RS256, k_rs),
	           NULL),
	    AUTH0LOGOUT_OK);
	/* A_SID_NUMBER with a string sid. */
	ck_assert_int_eq(verify(token(H_RS,
	                              "{\"iss\":\"" ISSUER
	                              "\",\"aud\":\"rs-client\",\"sid\":\"1\"}",
	                              SIG_RS256, k_rs),
	                        NULL),
	                 AUTH0LOGOUT_OK);
	/* A long token just under the limit. */
	ck_assert_int_eq(
	    verify(token(H_RS,
	                 fmt("{\"iss\":\"" ISSUER "\",\"aud\":\"rs-client\","
	                     "\"iat\":%ld,\"pad\":\"%05000d\"}",
	                     now, 0),
	                 SIG_RS256, k_rs),
	           NULL),
	    AUTH0LOGOUT_OK);
}
END_TEST

/* No issuer, no verifier settings: every token is invalid. */
START_TEST(r8_10_no_issuer_every_token_invalid)
{
	static const char json[] =
	    "{\"clients\":[{\"client_id\":\"rs-client\"}]}";
	auth0logout_config *c2 = NULL;
	auth0logout_config_oidc *o2 = NULL;
	auth0logout_verifier v2;
	auth0logout_oidc_env env;

	ck_assert_int_eq(read_config(json, &c2, NULL), AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_config_oidc_new(c2, &o2, NULL),
	                 AUTH0LOGOUT_OK);
	ck_assert_ptr_null(auth0logout_config_oidc_issuer(o2));
	ck_assert_ptr_null(auth0logout_config_oidc_discovery(o2));
	ck_assert_ptr_null(auth0logout_config_oidc_jwks(o2));
	auth0logout_config_oidc_verifier(o2, &v2);
	ck_assert_int_eq(verify_with(&v2, valid_rs(), NULL),
	                 AUTH0LOGOUT_E_OIDC_TOKEN_INVALID);
	/* Prompts on, no locales. */
	auth0logout_config_oidc_env(o2, &v2, &env);
	ck_assert_uint_eq(env.flags, 0);
	ck_assert_uint_eq(env.enabled_locale_count, 0);
	ck_assert_ptr_eq(env.verifier, &v2);
	auth0logout_config_oidc_free(o2);
	auth0logout_config_free(c2);
	/* A NULL settings object refuses too; _free(NULL) is a no-op. */
	auth0logout_config_oidc_verifier(NULL, &v2);
	ck_assert_int_eq(verify_with(&v2, valid_rs(), NULL),
	                 AUTH0LOGOUT_E_OIDC_TOKEN_INVALID);
	auth0logout_config_oidc_free(NULL);
}
END_TEST

/* The claims must fit the scratch the verifier is handed. */
START_TEST(r8_10_scratch_too_small_refused)
{
	auth0logout_claims c;
	const char *t = valid_rs();

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(ver.verify(ver.ctx, t, strlen(t), scratch, 16, &c),
	                 AUTH0LOGOUT_E_OIDC_TOKEN_INVALID);
	ck_assert_ptr_null(c.iss);
	/* Not NUL-terminated input: only token_len bytes count. */
	ck_assert_int_eq(
	    ver.verify(ver.ctx, t, strlen(t) - 1, scratch, sizeof(scratch), &c),
	    AUTH0LOGOUT_E_OIDC_TOKEN_INVALID);
}
END_TEST

/* Many threads verify at once with one settings object. */
struct thread_arg {
	const char *tokens[4];
	int expect[4];
	int bad;
};

static void *verify_thread(void *p)
{
	struct thread_arg *a = p;
	_Alignas(
	    16) static _Thread_local char s[AUTH0LOGOUT_VERIFIER_SCRATCH_SIZE];
	auth0logout_claims c;
	int i, j;

	for (i = 0; i < 50; i++) {
		for (j = 0; j < 4; j++) {
			memset(&c, 0, sizeof(c));
			if (ver.verify(ver.ctx, a->tokens[j],
			               strlen(a->tokens[j]), s, sizeof(s),
			               &c) != a->expect[j])
				a->bad++;
		}
	}
	return NULL;
}

START_TEST(r8_10_verifier_thread_safe)
{
	struct thread_arg a[4];
	pthread_t th[4];
	int i;

	memset(a, 0, sizeof(a));
	a[0].tokens[0] = valid_rs();
	a[0].tokens[1] = token(H_ES, claims_for("es-client"), SIG_ES256, k_es);
	a[0].tokens[2] = token(H_HS, claims_for("hs-client"), SIG_HS, NULL);
	a[0].tokens[3] = attack_token(A_BIT_FLIPPED);
	a[0].expect[3] = AUTH0LOGOUT_E_OIDC_TOKEN_INVALID;
	for (i = 1; i < 4; i++)
		a[i] = a[0];
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(
		    pthread_create(&th[i], NULL, verify_thread, &a[i]), 0);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(pthread_join(th[i], NULL), 0);
		ck_assert_int_eq(a[i].bad, 0);
	}
}
END_TEST

/* ---- base64url ----------------------------------------------------------- */

static const struct {
	const char *in;
	int ok;
	const char *out;
	size_t out_len;
} b64_rows[] = {
    {"", 1, "", 0},
    {"QQ", 1, "A", 1},
    {"QUI", 1, "AB", 2},
    {"QUJD", 1, "ABC", 3},
    {"QUJDRA", 1, "ABCD", 4},
    {"-_8", 1, "\xfb\xff", 2},
    {"AAAA", 1, "\0\0\0", 3},
    {"____", 1, "\xff\xff\xff", 3},
    {"Q", 0, NULL, 0},          /* 6 bits: no byte */
    {"QUJDR", 0, NULL, 0},      /* 5 characters */
    {"QR", 0, NULL, 0},         /* leftover bits not zero */
    {"QUJ", 0, NULL, 0},        /* leftover bits not zero */
    {"QQ==", 0, NULL, 0},       /* padding */
    {"QUI=", 0, NULL, 0},       /* padding */
    {"+/8", 0, NULL, 0},        /* base64, not base64url */
    {"QU I", 0, NULL, 0},       /* white space */
    {"QUI\n", 0, NULL, 0},      /* a newline */
    {"QU.I", 0, NULL, 0},       /* a dot */
    {"QU\xc3\xa9", 0, NULL, 0}, /* non-ASCII */
};

START_TEST(r8_10_base64url_decoder)
{
	unsigned char out[16];
	size_t n = 99;
	int rc = cfg_b64url_decode(b64_rows[_i].in, strlen(b64_rows[_i].in),
	                           out, &n);

	ck_assert_msg(rc == (b64_rows[_i].ok ? 0 : -1), "\"%s\": rc %d",
	              b64_rows[_i].in, rc);
	if (b64_rows[_i].ok) {
		ck_assert_uint_eq(n, b64_rows[_i].out_len);
		ck_assert(memcmp(out, b64_rows[_i].out, n) == 0);
	}
}
END_TEST

/* A NUL byte is not base64url either (the input has a length). */
START_TEST(r8_10_base64url_nul_refused)
{
	unsigned char out[8];
	size_t n;

	ck_assert_int_eq(cfg_b64url_decode("QU\0I", 4, out, &n), -1);
	/* Every byte value round-trips through the test's encoder. */
	{
		unsigned char all[256], back[256 + 3];
		char *e;
		int i;

		for (i = 0; i < 256; i++)
			all[i] = (unsigned char)i;
		for (i = 0; i <= 256; i += 1) {
			e = b64u(all, (size_t)i);
			ck_assert_int_eq(
			    cfg_b64url_decode(e, strlen(e), back, &n), 0);
			ck_assert_uint_eq(n, (size_t)i);
			ck_assert(memcmp(back, all, n) == 0);
		}
	}
}
END_TEST

/* ---- R7.7 config --------------------------------------------------------- */

START_TEST(r7_7_env_from_tenant_settings)
{
	auth0logout_oidc_env env;

	auth0logout_config_oidc_env(oidc, &ver, &env);
	ck_assert_uint_eq(env.flags, AUTH0LOGOUT_OIDC_NO_PROMPT);
	ck_assert_ptr_eq(env.verifier, &ver);
	ck_assert_uint_eq(env.enabled_locale_count, 2);
	ck_assert_uint_eq(env.enabled_locale_lens[1], 5);
	ck_assert_str_eq(env.enabled_locales[0], "en");
	ck_assert_str_eq(env.enabled_locales[1], "fr-CA");
	ck_assert_ptr_null(env.session_sid);
	ck_assert_str_eq(auth0logout_config_oidc_issuer(oidc), ISSUER);
}
END_TEST

/* R8.11: issuer, end_session_endpoint and jwks_uri are ours, whatever
 * oidc.discovery says; its other members are kept. */
START_TEST(r8_11_discovery_document)
{
	const char *doc = auth0logout_config_oidc_discovery(oidc);
	json_error_t e;
	json_t *j;

	ck_assert_ptr_nonnull(doc);
	j = json_loads(doc, JSON_REJECT_DUPLICATES, &e);
	ck_assert_msg(j != NULL, "%s: %s", doc, e.text);
	ck_assert_str_eq(json_string_value(json_object_get(j, "issuer")),
	                 ISSUER);
	ck_assert_str_eq(
	    json_string_value(json_object_get(j, "end_session_endpoint")),
	    "https://tenant.example.com/oidc/logout");
	ck_assert_str_eq(json_string_value(json_object_get(j, "jwks_uri")),
	                 "https://tenant.example.com/.well-known/jwks.json");
	ck_assert_str_eq(json_string_value(json_array_get(
	                     json_object_get(j, "scopes_supported"), 0)),
	                 "openid");
	ck_assert_uint_eq(json_object_size(j), 4);
	json_decref(j);
}
END_TEST

START_TEST(r8_11_discovery_origin_and_loopback_http)
{
	static const struct {
		const char *issuer, *endpoint;
	} rows[] = {
	    {"https://tenant.example.com",
	     "https://tenant.example.com/oidc/logout"},
	    {"https://tenant.example.com:8443/sub/",
	     "https://tenant.example.com:8443/oidc/logout"},
	    {"http://localhost:3000/", "http://localhost:3000/oidc/logout"},
	    {"http://127.0.0.1/", "http://127.0.0.1/oidc/logout"},
	    {"http://[::1]:8080/", "http://[::1]:8080/oidc/logout"},
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *json =
		    fmt("{\"oidc\":{\"issuer\":\"%s\"}}", rows[i].issuer);
		auth0logout_config *c2 = NULL;
		auth0logout_config_oidc *o2 = NULL;
		auth0logout_config_diag d;
		json_t *j;

		ck_assert_int_eq(read_config(json, &c2, &d), AUTH0LOGOUT_OK);
		ck_assert_msg(auth0logout_config_oidc_new(c2, &o2, &d) ==
		                  AUTH0LOGOUT_OK,
		              "%s: %s", rows[i].issuer, d.text);
		j = json_loads(auth0logout_config_oidc_discovery(o2), 0, NULL);
		ck_assert_ptr_nonnull(j);
		ck_assert_str_eq(json_string_value(json_object_get(
		                     j, "end_session_endpoint")),
		                 rows[i].endpoint);
		ck_assert_str_eq(
		    json_string_value(json_object_get(j, "issuer")),
		    rows[i].issuer);
		/* No keys: no jwks_uri, no JWKS. */
		ck_assert_ptr_null(json_object_get(j, "jwks_uri"));
		ck_assert_ptr_null(auth0logout_config_oidc_jwks(o2));
		json_decref(j);
		auth0logout_config_oidc_free(o2);
		auth0logout_config_free(c2);
	}
}
END_TEST

START_TEST(r7_7_issuer_must_be_https)
{
	static const char *const bad[] = {
	    "http://tenant.example.com/",
	    "http://localhost.evil.example/",
	    "ftp://tenant.example.com/",
	    "tenant.example.com",
	    "https://user@tenant.example.com/",
	    "https://tenant.example.com/?x=1",
	    "https://tenant.example.com/#f",
	    "https:///",
	    "",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *json = fmt("{\"oidc\":{\"issuer\":\"%s\"}}", bad[i]);
		auth0logout_config *c2 = NULL;
		auth0logout_config_oidc *o2 = (auth0logout_config_oidc *)&i;
		auth0logout_config_diag d;

		ck_assert_int_eq(read_config(json, &c2, &d), AUTH0LOGOUT_OK);
		ck_assert_int_eq(auth0logout_config_oidc_new(c2, &o2, &d),
		                 AUTH0LOGOUT_E_CONFIG_SHAPE);
		ck_assert_ptr_null(o2);
		ck_assert_msg(strstr(d.text, "test.json: oidc: issuer") != NULL,
		              "%s", d.text);
		auth0logout_config_free(c2);
	}
}
END_TEST

START_TEST(r8_11_jwks_has_only_public_members)
{
	/* A JWKS in the config that (wrongly) carries private members:
	 * they are never served. */
	char *k = jwk(k_rs, "k-priv", NULL, NULL);
	char *json;
	auth0logout_config *c2 = NULL;
	auth0logout_config_oidc *o2 = NULL;
	auth0logout_config_diag d;
	static const char *const private_members[] = {
	    "d", "p", "q", "dp", "dq", "qi", "oth", "k", "x5c"};
	const char *out;
	json_t *j, *key;
	size_t i;

	k[strlen(k) - 1] = '\0'; /* drop the '}' */
	json = fmt("{\"oidc\":{\"issuer\":\"" ISSUER "\",\"jwks\":{\"keys\":"
	           "[%s,\"d\":\"AQAB\",\"p\":\"AQAB\",\"q\":\"AQAB\","
	           "\"dp\":\"AQAB\",\"dq\":\"AQAB\",\"qi\":\"AQAB\","
	           "\"oth\":[],\"k\":\"AQAB\",\"x5c\":[\"AQAB\"],"
	           "\"use\":\"sig\"},%s]}}}",
	           k, jwk(k_es, "k-es", "ES256", NULL));
	ck_assert_int_eq(read_config(json, &c2, &d), AUTH0LOGOUT_OK);
	ck_assert_msg(auth0logout_config_oidc_new(c2, &o2, &d) ==
	                  AUTH0LOGOUT_OK,
	              "%s", d.text);
	out = auth0logout_config_oidc_jwks(o2);
	ck_assert_ptr_nonnull(out);
	j = json_loads(out, JSON_REJECT_DUPLICATES, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_uint_eq(json_object_size(j), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "keys")), 2);
	key = json_array_get(json_object_get(j, "keys"), 0);
	for (i = 0; i < sizeof(private_members) / sizeof(private_members[0]);
	     i++)
		ck_assert_msg(json_object_get(key, private_members[i]) == NULL,
		              "%s served: %s", private_members[i], out);
	ck_assert_str_eq(json_string_value(json_object_get(key, "kid")),
	                 "k-priv");
	ck_assert_str_eq(json_string_value(json_object_get(key, "use")), "sig");
	ck_assert_ptr_nonnull(json_object_get(key, "n"));
	ck_assert_ptr_nonnull(json_object_get(key, "e"));
	key = json_array_get(json_object_get(j, "keys"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(key, "crv")),
	                 "P-256");
	ck_assert_str_eq(json_string_value(json_object_get(key, "alg")),
	                 "ES256");
	ck_assert_uint_eq(json_object_size(key), 6);
	json_decref(j);
	auth0logout_config_oidc_free(o2);
	auth0logout_config_free(c2);
	/* The main config's JWKS: three keys. */
	j = json_loads(auth0logout_config_oidc_jwks(oidc), 0, NULL);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "keys")), 3);
	json_decref(j);
}
END_TEST

/* A JWKS key that cannot be used fails oidc_new, naming its index and
 * kid. */
enum bad_key {
	BK_BAD_B64,
	BK_PADDED_B64,
	BK_WRONG_CRV,
	BK_SMALL_RSA,
	BK_KTY_UNKNOWN,
	BK_KTY_OCT,
	BK_NO_KTY,
	BK_DUP_KID,
	BK_NOT_ON_CURVE,
	BK_X_SHORT,
	BK_NO_N,
	BK_KID_NOT_STRING,
	BK_E_EVEN,
	N_BAD_KEYS
};

static const char *const bad_key_want[N_BAD_KEYS][2] = {
    [BK_BAD_B64] = {"(kid \"bad-n\")", "n is not unpadded base64url"},
    [BK_PADDED_B64] = {"(kid \"pad-e\")", "e is not unpadded base64url"},
    [BK_WRONG_CRV] = {"(kid \"p384\")", "P-256"},
    [BK_SMALL_RSA] = {"(kid \"small\")", "1024 bits"},
    [BK_KTY_UNKNOWN] = {"(kid \"ed\")", "kty \"OKP\" is not RSA or EC"},
    [BK_KTY_OCT] = {"(kid \"sym\")", "client_secret"},
    [BK_NO_KTY] = {"(kid \"nokty\")", "kty is missing"},
    [BK_DUP_KID] = {"(kid \"k-rs\")", "the same kid as keys[0]"},
    [BK_NOT_ON_CURVE] = {"(kid \"off\")", "not on P-256"},
    [BK_X_SHORT] = {"(kid \"short-x\")", "32 bytes"},
    [BK_NO_N] = {"(kid \"no-n\")", "n is missing"},
    [BK_KID_NOT_STRING] = {"(no kid)", "kid must be a string"},
    [BK_E_EVEN] = {"(kid \"even-e\")", "OpenSSL refuses"},
};

static char *bad_key_json(int which)
{
	char *ones = b64u("\x01\x01\x01\x01\x01\x01\x01\x01"
	                  "\x01\x01\x01\x01\x01\x01\x01\x01"
	                  "\x01\x01\x01\x01\x01\x01\x01\x01"
	                  "\x01\x01\x01\x01\x01\x01\x01\x01",
	                  32);
	char *k;
	BIGNUM *n = NULL;

	switch (which) {
	case BK_BAD_B64:
		return "{\"kty\":\"RSA\",\"kid\":\"bad-n\",\"n\":\"AQ+B\","
		       "\"e\":\"AQAB\"}";
	case BK_PADDED_B64:
		ck_assert(
		    EVP_PKEY_get_bn_param(k_rs, OSSL_PKEY_PARAM_RSA_N, &n));
		k = fmt("{\"kty\":\"RSA\",\"kid\":\"pad-e\",\"n\":\"%s\","
		        "\"e\":\"AQAB=\"}",
		        bn_b64u(n, 0));
		BN_free(n);
		return k;
	case BK_WRONG_CRV:
		return fmt("{\"kty\":\"EC\",\"kid\":\"p384\",\"crv\":\"P-384\","
		           "\"x\":\"%s\",\"y\":\"%s\"}",
		           ones, ones);
	case BK_SMALL_RSA:
		return jwk(k_small, "small", "RS256", "sig");
	case BK_KTY_UNKNOWN:
		return fmt(
		    "{\"kty\":\"OKP\",\"kid\":\"ed\",\"crv\":\"Ed25519\","
		    "\"x\":\"%s\"}",
		    ones);
	case BK_KTY_OCT:
		return "{\"kty\":\"oct\",\"kid\":\"sym\",\"k\":\"c2VjcmV0\"}";
	case BK_NO_KTY:
		return "{\"kid\":\"nokty\",\"n\":\"AQAB\",\"e\":\"AQAB\"}";
	case BK_DUP_KID:
		/* keys[0] is "ok"; this row puts k-rs at 0 and again at 1. */
		return jwk(k_other, "k-rs", NULL, NULL);
	case BK_NOT_ON_CURVE:
		return fmt("{\"kty\":\"EC\",\"kid\":\"off\",\"crv\":\"P-256\","
		           "\"x\":\"%s\",\"y\":\"%s\"}",
		           ones, ones);
	case BK_X_SHORT:
		return fmt("{\"kty\":\"EC\",\"kid\":\"short-x\",\"crv\":"
		           "\"P-256\",\"x\":\"AQAB\",\"y\":\"%s\"}",
		           ones);
	case BK_NO_N:
		return "{\"kty\":\"RSA\",\"kid\":\"no-n\",\"e\":\"AQAB\"}";
	case BK_KID_NOT_STRING:
		return "{\"kty\":\"RSA\",\"kid\":7,\"n\":\"AQAB\","
		       "\"e\":\"AQAB\"}";
	case BK_E_EVEN:
		ck_assert(
		    EVP_PKEY_get_bn_param(k_rs, OSSL_PKEY_PARAM_RSA_N, &n));
		k = fmt("{\"kty\":\"RSA\",\"kid\":\"even-e\",\"n\":\"%s\","
		        "\"e\":\"AQAA\"}",
		        bn_b64u(n, 0));
		BN_free(n);
		return k;
	}
	return NULL;
}

START_TEST(r7_7_bad_jwks_key_refused)
{
	char *first = _i == BK_DUP_KID ? jwk(k_rs, "k-rs", NULL, NULL)
	                               : jwk(k_rs, "ok", NULL, NULL);
	char *json = fmt("{\"oidc\":{\"issuer\":\"" ISSUER "\",\"jwks\":"
	                 "{\"keys\":[%s,%s]}}}",
	                 first, bad_key_json(_i));
	auth0logout_config *c2 = NULL;
	auth0logout_config_oidc *o2 = (auth0logout_config_oidc *)&c2;
	auth0logout_config_diag d;
	int st;

	ck_assert_int_eq(read_config(json, &c2, &d), AUTH0LOGOUT_OK);
	st = auth0logout_config_oidc_new(c2, &o2, &d);
	printf("bad key %d: %s -> %s\n", _i, d.text, st_name(st));
	ck_assert_int_eq(st, AUTH0LOGOUT_E_CONFIG_KEY);
	ck_assert_int_eq(d.status, AUTH0LOGOUT_E_CONFIG_KEY);
	ck_assert_ptr_null(o2);
	ck_assert_msg(strstr(d.text, "test.json: oidc: jwks: keys[1] ") ==
	                  d.text,
	              "%s", d.text);
	ck_assert_msg(strstr(d.text, bad_key_want[_i][0]) != NULL, "%s",
	              d.text);
	ck_assert_msg(strstr(d.text, bad_key_want[_i][1]) != NULL, "%s",
	              d.text);
	auth0logout_config_free(c2);
}
END_TEST

/* JWKS shapes that are not keys at all. */
START_TEST(r7_7_jwks_shape_refused)
{
	static const char *const rows[] = {
	    "{\"oidc\":{\"issuer\":\"" ISSUER "\",\"jwks\":{}}}",
	    "{\"oidc\":{\"issuer\":\"" ISSUER "\",\"jwks\":{\"keys\":{}}}}",
	    "{\"oidc\":{\"issuer\":\"" ISSUER "\",\"jwks\":{\"keys\":[1]}}}",
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		auth0logout_config *c2 = NULL;
		auth0logout_config_oidc *o2 = NULL;
		auth0logout_config_diag d;

		ck_assert_int_eq(read_config(rows[i], &c2, &d), AUTH0LOGOUT_OK);
		ck_assert_int_eq(auth0logout_config_oidc_new(c2, &o2, &d),
		                 AUTH0LOGOUT_E_CONFIG_SHAPE);
		ck_assert_msg(strstr(d.text, "oidc: jwks") != NULL, "%s",
		              d.text);
		auth0logout_config_free(c2);
	}
}
END_TEST

/* Wrong types and values in the R7.7 fields are config errors naming the
 * place; a config without them reads as before. */
static const struct {
	const char *json;
	int status;
	const char *want;
} shape_rows[] = {
    {"{\"clients\":[{\"client_id\":\"a\",\"jwt_configuration\":"
     "{\"alg\":\"RS512\"}}]}",
     AUTH0LOGOUT_E_CONFIG_SHAPE,
     "test.json: clients[0] (client_id \"a\"): jwt_configuration.alg "
     "\"RS512\" is not supported"},
    {"{\"clients\":[{\"client_id\":\"a\",\"jwt_configuration\":"
     "{\"alg\":\"none\"}}]}",
     AUTH0LOGOUT_E_CONFIG_SHAPE, "jwt_configuration.alg \"none\""},
    {"{\"clients\":[{\"client_id\":\"a\",\"jwt_configuration\":"
     "{\"alg\":\"rs256\"}}]}",
     AUTH0LOGOUT_E_CONFIG_SHAPE, "jwt_configuration.alg \"rs256\""},
    {"{\"clients\":[{\"client_id\":\"a\",\"jwt_configuration\":"
     "{\"alg\":256}}]}",
     AUTH0LOGOUT_E_CONFIG_SHAPE,
     "jwt_configuration.alg must be a string, not an integer"},
    {"{\"clients\":[{\"client_id\":\"a\",\"jwt_configuration\":[]}]}",
     AUTH0LOGOUT_E_CONFIG_SHAPE, "jwt_configuration must be an object"},
    {"{\"clients\":[{\"client_id\":\"a\",\"client_secret\":5}]}",
     AUTH0LOGOUT_E_CONFIG_SHAPE,
     "clients[0] (client_id \"a\"): client_secret must be a string"},
    {"{\"tenant\":{\"sessions\":true}}", AUTH0LOGOUT_E_CONFIG_SHAPE,
     "tenant: sessions must be an object"},
    {"{\"tenant\":{\"sessions\":{\"oidc_logout_prompt_enabled\":\"no\"}}}",
     AUTH0LOGOUT_E_CONFIG_SHAPE,
     "tenant: sessions.oidc_logout_prompt_enabled must be true or false"},
    {"{\"tenant\":{\"enabled_locales\":\"en\"}}", AUTH0LOGOUT_E_CONFIG_SHAPE,
     "tenant: enabled_locales must be an array"},
    {"{\"tenant\":{\"enabled_locales\":[\"en\",1]}}",
     AUTH0LOGOUT_E_CONFIG_SHAPE, "enabled_locales[1] must be a string"},
    {"{\"oidc\":[]}", AUTH0LOGOUT_E_CONFIG_SHAPE,
     "oidc must be an object, not an array"},
    {"{\"oidc\":{\"issuer\":1}}", AUTH0LOGOUT_E_CONFIG_SHAPE,
     "oidc: issuer must be a string"},
    {"{\"oidc\":{\"jwks\":[]}}", AUTH0LOGOUT_E_CONFIG_SHAPE,
     "oidc: jwks must be an object"},
    {"{\"oidc\":{\"jwks_file\":\"\"}}", AUTH0LOGOUT_E_CONFIG_SHAPE,
     "oidc: jwks_file must be a path"},
    {"{\"oidc\":{\"jwks\":{\"keys\":[]},\"jwks_file\":\"k.json\"}}",
     AUTH0LOGOUT_E_CONFIG_SHAPE, "give jwks or jwks_file, not both"},
    {"{\"oidc\":{\"discovery\":\"x\"}}", AUTH0LOGOUT_E_CONFIG_SHAPE,
     "oidc: discovery must be an object"},
    {"{\"oidc\":{\"issuer\":\"##ISS##\"}}", AUTH0LOGOUT_E_CONFIG_PLACEHOLDER,
     "##ISS##"},
};

START_TEST(r7_7_config_shapes)
{
	auth0logout_config *c2 = (auth0logout_config *)&c2;
	auth0logout_config_diag d;

	ck_assert_int_eq(read_config(shape_rows[_i].json, &c2, &d),
	                 shape_rows[_i].status);
	ck_assert_ptr_null(c2);
	ck_assert_msg(strstr(d.text, shape_rows[_i].want) != NULL,
	              "want \"%s\" in: %s", shape_rows[_i].want, d.text);
}
END_TEST

/* Nulls are absent values, and unknown members are ignored. */
START_TEST(r7_7_nulls_and_unknown_fields)
{
	static const char json[] =
	    "{\"tenant\":{\"sessions\":null,\"enabled_locales\":null,"
	    "\"friendly_name\":\"x\"},"
	    "\"clients\":[{\"client_id\":\"a\",\"jwt_configuration\":null,"
	    "\"client_secret\":null},{\"client_id\":\"b\","
	    "\"jwt_configuration\":{\"alg\":null,\"scopes\":{}}}],"
	    "\"oidc\":{\"issuer\":null,\"future\":1}}";
	auth0logout_config *c2 = NULL;
	auth0logout_config_oidc *o2 = NULL;
	auth0logout_oidc_env env;
	auth0logout_config_diag d;

	ck_assert_msg(read_config(json, &c2, &d) == AUTH0LOGOUT_OK, "%s",
	              d.text);
	ck_assert_int_eq(auth0logout_config_oidc_new(c2, &o2, &d),
	                 AUTH0LOGOUT_OK);
	ck_assert_ptr_null(auth0logout_config_oidc_issuer(o2));
	auth0logout_config_oidc_env(o2, NULL, &env);
	ck_assert_uint_eq(env.flags, 0);
	ck_assert_ptr_null(env.verifier);
	auth0logout_config_oidc_free(o2);
	auth0logout_config_free(c2);
}
END_TEST

/* Placeholders fill the issuer and the client_secret. */
START_TEST(r7_7_placeholders_in_issuer_and_secret)
{
	static const char json[] =
	    "{\"clients\":[{\"client_id\":\"hs-client\",\"jwt_configuration\":"
	    "{\"alg\":\"HS256\"},\"client_secret\":\"##SECRET##\"}],"
	    "\"oidc\":{\"issuer\":\"https://##DOMAIN##/\"}}";
	const char *defs[] = {"SECRET=" HS_SECRET, "DOMAIN=tenant.example.com"};
	auth0logout_config_options opt;
	auth0logout_config *c2 = NULL;
	auth0logout_config_oidc *o2 = NULL;
	auth0logout_verifier v2;
	auth0logout_config_diag d;

	memset(&opt, 0, sizeof(opt));
	opt.defines = defs;
	opt.n_defines = 2;
	ck_assert_msg(
	    auth0logout_config_read_buffer(S("test.json"), json, strlen(json),
	                                   AUTH0LOGOUT_CONFIG_JSON, &opt, &c2,
	                                   &d) == AUTH0LOGOUT_OK,
	    "%s", d.text);
	ck_assert_int_eq(auth0logout_config_oidc_new(c2, &o2, &d),
	                 AUTH0LOGOUT_OK);
	ck_assert_str_eq(auth0logout_config_oidc_issuer(o2), ISSUER);
	auth0logout_config_oidc_verifier(o2, &v2);
	ck_assert_int_eq(
	    verify_with(&v2, token(H_HS, claims_for("hs-client"), SIG_HS, NULL),
	                NULL),
	    AUTH0LOGOUT_OK);
	auth0logout_config_oidc_free(o2);
	auth0logout_config_free(c2);
}
END_TEST

/* The three forms: oidc.jwks_file relative to the config file's
 * directory (JSON, YAML) or to the export's directory (oidc.json), not
 * to the current directory. */
static void check_fixture(const char *rel, const char *alg_client, int by_name)
{
	auth0logout_config_options opt;
	auth0logout_config *c2 = NULL;
	auth0logout_config_oidc *o2 = NULL;
	auth0logout_oidc_env env;
	auth0logout_config_diag d;
	const char *path = tu_src_path(rel);
	size_t i;

	memset(&opt, 0, sizeof(opt));
	if (by_name)
		opt.flags = AUTH0LOGOUT_CONFIG_CLIENT_ID_FROM_NAME;
	ck_assert_msg(auth0logout_config_read_file(path, strlen(path), &opt,
	                                           &c2, &d) == AUTH0LOGOUT_OK,
	              "%s", d.text);
	ck_assert_msg(auth0logout_config_oidc_new(c2, &o2, &d) ==
	                  AUTH0LOGOUT_OK,
	              "%s", d.text);
	ck_assert_str_eq(auth0logout_config_oidc_issuer(o2), ISSUER);
	ck_assert_ptr_nonnull(
	    strstr(auth0logout_config_oidc_jwks(o2), "\"kid\":\"fixture-1\""));
	ck_assert_ptr_nonnull(
	    strstr(auth0logout_config_oidc_discovery(o2), "\"jwks_uri\":"));
	auth0logout_config_oidc_env(o2, NULL, &env);
	ck_assert_uint_eq(env.flags, AUTH0LOGOUT_OIDC_NO_PROMPT);
	ck_assert_uint_eq(env.enabled_locale_count, 2);
	ck_assert_str_eq(env.enabled_locales[1], "fr-CA");
	/* The client's pinned algorithm, as read. */
	for (i = 0; i < c2->n_clients; i++)
		if (c2->clients[i].jwt_alg != NULL)
			ck_assert_str_eq(c2->clients[i].jwt_alg, alg_client);
	ck_assert_uint_eq(c2->n_clients, 1);
	ck_assert_ptr_nonnull(c2->clients[0].jwt_alg);
	auth0logout_config_oidc_free(o2);
	auth0logout_config_free(c2);
}

START_TEST(r7_7_jwks_file_relative_to_config)
{
	check_fixture("tests/data/oidc/config.json", "RS256", 0);
	check_fixture("tests/data/oidc/tenant.yaml", "PS256", 1);
	check_fixture("tests/data/oidc/export", "HS256", 1);
}
END_TEST

START_TEST(r7_7_jwks_file_errors)
{
	static const struct {
		const char *file, *jwks;
		int status;
		const char *want;
	} rows[] = {
	    {"missing.json", NULL, AUTH0LOGOUT_E_CONFIG_IO,
	     "oidc: jwks_file \"missing.json\": No such file"},
	    {"bad.json", "{\"keys\":[", AUTH0LOGOUT_E_CONFIG_SYNTAX,
	     "oidc: jwks_file \"bad.json\": invalid JSON"},
	    {"dup.json", "{\"keys\":[],\"keys\":[]}",
	     AUTH0LOGOUT_E_CONFIG_SYNTAX, "duplicate"},
	    {"arr.json", "[]", AUTH0LOGOUT_E_CONFIG_SHAPE,
	     "a JWKS is an object"},
	    {"oct.json", "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"s\"}]}",
	     AUTH0LOGOUT_E_CONFIG_KEY,
	     "oidc: jwks_file \"oct.json\": keys[0] (kid \"s\")"},
	};
	char dir[] = "/tmp/a0l-verify-XXXXXX";
	size_t i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *cfgpath = fmt("%s/c.json", dir);
		char *keypath = fmt("%s/%s", dir, rows[i].file);
		auth0logout_config *c2 = NULL;
		auth0logout_config_oidc *o2 = NULL;
		auth0logout_config_diag d;
		FILE *f = fopen(cfgpath, "w");

		ck_assert_ptr_nonnull(f);
		fprintf(f,
		        "{\"oidc\":{\"issuer\":\"" ISSUER
		        "\",\"jwks_file\":\"%s\"}}",
		        rows[i].file);
		fclose(f);
		if (rows[i].jwks != NULL) {
			f = fopen(keypath, "w");
			ck_assert_ptr_nonnull(f);
			fputs(rows[i].jwks, f);
			fclose(f);
		}
		ck_assert_int_eq(auth0logout_config_read_file(
		                     cfgpath, strlen(cfgpath), NULL, &c2, &d),
		                 AUTH0LOGOUT_OK);
		ck_assert_int_eq(auth0logout_config_oidc_new(c2, &o2, &d),
		                 rows[i].status);
		ck_assert_msg(strstr(d.text, rows[i].want) != NULL,
		              "want \"%s\" in: %s", rows[i].want, d.text);
		ck_assert_ptr_nonnull(strstr(d.text, "c.json: "));
		auth0logout_config_free(c2);
		remove(keypath);
		remove(cfgpath);
	}
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* Two clients with one client_id but (perhaps) different algorithms. */
START_TEST(r7_7_duplicate_client_refused)
{
	static const char json[] =
	    "{\"clients\":[{\"client_id\":\"a\"},{\"client_id\":\"a\","
	    "\"jwt_configuration\":{\"alg\":\"HS256\"}}]}";
	auth0logout_config *c2 = NULL;
	auth0logout_config_oidc *o2 = NULL;
	auth0logout_config_diag d;

	ck_assert_int_eq(read_config(json, &c2, &d), AUTH0LOGOUT_OK);
	ck_assert_int_eq(auth0logout_config_oidc_new(c2, &o2, &d),
	                 AUTH0LOGOUT_E_DUPLICATE_CLIENT);
	ck_assert_ptr_null(o2);
	auth0logout_config_free(c2);
}
END_TEST

START_TEST(r7_7_arguments)
{
	auth0logout_config_oidc *o2 = (auth0logout_config_oidc *)&o2;
	auth0logout_config_diag d;

	ck_assert_int_eq(auth0logout_config_oidc_new(NULL, &o2, &d),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_ptr_null(o2);
	ck_assert_int_eq(auth0logout_config_oidc_new(cfg, NULL, NULL),
	                 AUTH0LOGOUT_E_INVALID_ARGUMENT);
	ck_assert_ptr_null(auth0logout_config_oidc_issuer(NULL));
	ck_assert_ptr_null(auth0logout_config_oidc_discovery(NULL));
	ck_assert_ptr_null(auth0logout_config_oidc_jwks(NULL));
	auth0logout_config_oidc_set_max_age(NULL, 5);
	auth0logout_config_oidc_env(NULL, NULL, NULL);
	auth0logout_config_oidc_verifier(NULL, NULL);
}
END_TEST

static Suite *verify_suite(void)
{
	Suite *s = suite_create("verify");
	TCase *valid = tcase_create("valid tokens");
	TCase *attacks = tcase_create("attacks");
	TCase *b64 = tcase_create("base64url");
	TCase *conf = tcase_create("config");

	tcase_add_checked_fixture(valid, setup, teardown);
	tcase_add_test(valid, r8_10_rs256_valid);
	tcase_add_test(valid, r8_10_ps256_valid);
	tcase_add_test(valid, r8_10_es256_valid);
	tcase_add_test(valid, r8_10_hs256_valid);
	tcase_add_test(valid, r8_2_audiences_and_azp);
	tcase_add_test(valid, r8_10_expired_token_accepted_by_default);
	tcase_add_test(valid, r8_10_max_age_accepts_fresh_tokens);
	tcase_add_test(valid, r8_10_no_issuer_every_token_invalid);
	tcase_add_test(valid, r8_10_scratch_too_small_refused);
	tcase_add_test(valid, r8_10_verifier_thread_safe);
	tcase_set_timeout(valid, 60);
	suite_add_tcase(s, valid);

	tcase_add_checked_fixture(attacks, setup, teardown);
	tcase_add_loop_test(attacks, r8_10_attack_refused, 0, N_ATTACKS);
	tcase_add_test(attacks, r8_10_attack_controls_valid);
	suite_add_tcase(s, attacks);

	ADD_ROWS(b64, r8_10_base64url_decoder, b64_rows);
	tcase_add_checked_fixture(b64, setup, teardown);
	tcase_add_test(b64, r8_10_base64url_nul_refused);
	suite_add_tcase(s, b64);

	tcase_add_checked_fixture(conf, setup, teardown);
	tcase_add_test(conf, r7_7_env_from_tenant_settings);
	tcase_add_test(conf, r8_11_discovery_document);
	tcase_add_test(conf, r8_11_discovery_origin_and_loopback_http);
	tcase_add_test(conf, r7_7_issuer_must_be_https);
	tcase_add_test(conf, r8_11_jwks_has_only_public_members);
	tcase_add_loop_test(conf, r7_7_bad_jwks_key_refused, 0, N_BAD_KEYS);
	tcase_add_test(conf, r7_7_jwks_shape_refused);
	ADD_ROWS(conf, r7_7_config_shapes, shape_rows);
	tcase_add_test(conf, r7_7_nulls_and_unknown_fields);
	tcase_add_test(conf, r7_7_placeholders_in_issuer_and_secret);
	tcase_add_test(conf, r7_7_jwks_file_relative_to_config);
	tcase_add_test(conf, r7_7_jwks_file_errors);
	tcase_add_test(conf, r7_7_duplicate_client_refused);
	tcase_add_test(conf, r7_7_arguments);
	suite_add_tcase(s, conf);
	return s;
}

int main(void)
{
	int rc;

	/* Keys once for every test (RSA key generation is slow). */
	k_rs = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	k_ps = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	k_other = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	k_small = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	k_es = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (k_rs == NULL || k_ps == NULL || k_other == NULL ||
	    k_small == NULL || k_es == NULL) {
		fprintf(stderr, "test_verify: cannot make keys\n");
		return EXIT_FAILURE;
	}
	rc = tu_run_suite(verify_suite());
	EVP_PKEY_free(k_rs);
	EVP_PKEY_free(k_ps);
	EVP_PKEY_free(k_other);
	EVP_PKEY_free(k_small);
	EVP_PKEY_free(k_es);
	return rc;
}
