/* Licensed under the Apache License, Version 2.0. */
/*
 * Key store: JWK Sets (RFC 7517/7518) and PEM public keys become EVP_PKEYs
 * once, at load time, so a request never parses key material.
 *
 * Choices (documented for administrators in the directive reference):
 * - A JWK that carries private members ("d", and for RSA "p", "q", "dp",
 *   "dq", "qi", "oth") is refused: a verification key file that holds a
 *   private key is a leak waiting to happen, not something to ignore.
 * - A PEM private key is refused for the same reason.
 * - RSA keys under 2048 bits are refused (RFC 7518 §3.3).
 * - A key whose "use" is not "sig", whose "key_ops" lacks "verify", or
 *   whose "alg" is a JWE algorithm is kept but never used to verify
 *   (identity providers publish encryption keys in the same set).
 * - A signature "alg" that does not fit the key type/curve is an error.
 */

#include <string.h>

#include <apr_strings.h>
#include <apr_file_io.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <jansson.h>

#include "as_keys.h"

/* A key file larger than this is a mistake (real JWK Sets are a few kB). */
#define AS_KEYFILE_MAX (1024 * 1024)

struct as_keyset_t {
    apr_pool_t *pool;
    apr_array_header_t *keys;   /* as_key_t * */
};

/* Every JWS algorithm we implement, with the key it needs. */
static const struct {
    const char *alg;
    as_kty_e kty;
    const char *crv;            /* NULL: any curve of kty */
} alg_table[] = {
    { "RS256", AS_KTY_RSA, NULL },
    { "RS384", AS_KTY_RSA, NULL },
    { "RS512", AS_KTY_RSA, NULL },
    { "PS256", AS_KTY_RSA, NULL },
    { "PS384", AS_KTY_RSA, NULL },
    { "PS512", AS_KTY_RSA, NULL },
    { "ES256", AS_KTY_EC, "P-256" },
    { "ES384", AS_KTY_EC, "P-384" },
    { "ES512", AS_KTY_EC, "P-521" },
    { "EdDSA", AS_KTY_OKP, "Ed25519" },
    { "HS256", AS_KTY_OCT, NULL },
    { "HS384", AS_KTY_OCT, NULL },
    { "HS512", AS_KTY_OCT, NULL },
};
#define ALG_COUNT (sizeof(alg_table) / sizeof(alg_table[0]))

/* EC curves: JOSE name, OpenSSL group name, coordinate size. */
static const struct {
    const char *crv;
    const char *group;
    apr_size_t coord_len;
} curve_table[] = {
    { "P-256", "prime256v1", 32 },
    { "P-384", "secp384r1", 48 },
    { "P-521", "secp521r1", 66 },
};
#define CURVE_COUNT (sizeof(curve_table) / sizeof(curve_table[0]))

static int alg_index(const char *alg)
{
    apr_size_t i;

    for (i = 0; alg && i < ALG_COUNT; i++) {
        if (!strcmp(alg_table[i].alg, alg)) {
            return (int)i;
        }
    }
    return -1;
}

int as_alg_known(const char *alg)
{
    return alg_index(alg) >= 0;
}

static int alg_fits_type(int ai, as_kty_e kty, const char *crv)
{
    if (alg_table[ai].kty != kty) {
        return 0;
    }
    return !alg_table[ai].crv || (crv && !strcmp(alg_table[ai].crv, crv));
}

/* Bytes an HMAC secret needs for alg: the hash's size (RFC 7518 section
 * 3.2: "a key of the same size as the hash output ... or larger MUST be
 * used"). */
static apr_size_t hmac_min(const char *alg)
{
    if (alg && !strcmp(alg, "HS384")) {
        return 48;
    }
    if (alg && !strcmp(alg, "HS512")) {
        return 64;
    }
    return 32;
}

int as_key_fits_alg(const as_key_t *k, const char *alg)
{
    int ai = alg_index(alg);

    if (ai < 0 || !k->usable || !alg_fits_type(ai, k->kty, k->crv)) {
        return 0;
    }
    /* an HMAC secret shorter than the hash never verifies it */
    if (k->kty == AS_KTY_OCT && k->secret_len < hmac_min(alg)) {
        return 0;
    }
    /* RFC 8725 §3.1: a key announced for one algorithm is used for no other */
    return !k->alg || !strcmp(k->alg, alg);
}

/* JWE key-management algorithms: such a key is not for signatures. */
static int alg_is_jwe(const char *alg)
{
    static const char *const prefixes[] = {
        "RSA1_5", "RSA-OAEP", "ECDH-ES", "A128", "A192", "A256", "PBES2",
        NULL
    };
    int i;

    if (!strcmp(alg, "dir")) {
        return 1;
    }
    for (i = 0; prefixes[i]; i++) {
        if (!strncmp(alg, prefixes[i], strlen(prefixes[i]))) {
            return 1;
        }
    }
    return 0;
}

/* Value of a base64url character, or -1. */
static int b64url_char(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '-') {
        return 62;
    }
    if (c == '_') {
        return 63;
    }
    return -1;
}

unsigned char *as_b64url_decode(apr_pool_t *p, const char *in,
                                apr_size_t len, apr_size_t *outlen)
{
    unsigned char *out, *o;
    apr_uint32_t acc = 0;
    int bits = 0;
    apr_size_t i;

    /* one leftover character carries 6 bits: never a whole byte */
    if (len % 4 == 1) {
        return NULL;
    }
    o = out = apr_palloc(p, len / 4 * 3 + 3);
    for (i = 0; i < len; i++) {
        int v = b64url_char((unsigned char)in[i]);

        if (v < 0) {
            return NULL;
        }
        acc = (acc << 6) | (apr_uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            *o++ = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    /* non-zero unused bits would let two strings decode alike */
    if (acc != 0) {
        return NULL;
    }
    *o = '\0';
    *outlen = (apr_size_t)(o - out);
    return out;
}

as_keyset_t *as_keyset_make(apr_pool_t *p)
{
    as_keyset_t *ks = apr_pcalloc(p, sizeof(*ks));

    ks->pool = p;
    ks->keys = apr_array_make(p, 4, sizeof(as_key_t *));
    return ks;
}

void as_keyset_add_set(as_keyset_t *ks, const as_keyset_t *from)
{
    apr_array_cat(ks->keys, from->keys);
}

int as_keyset_count(const as_keyset_t *ks)
{
    return ks->keys->nelts;
}

const as_key_t *as_keyset_get(const as_keyset_t *ks, int i)
{
    if (i < 0 || i >= ks->keys->nelts) {
        return NULL;
    }
    return APR_ARRAY_IDX(ks->keys, i, const as_key_t *);
}

int as_keyset_has_hmac(const as_keyset_t *ks)
{
    int i;

    for (i = 0; i < ks->keys->nelts; i++) {
        const as_key_t *k = APR_ARRAY_IDX(ks->keys, i, const as_key_t *);
        if (k->usable && k->kty == AS_KTY_OCT) {
            return 1;
        }
    }
    return 0;
}

static void push_unique(apr_array_header_t *a, const char *s)
{
    int i;

    for (i = 0; i < a->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(a, i, const char *), s)) {
            return;
        }
    }
    APR_ARRAY_PUSH(a, const char *) = s;
}

apr_array_header_t *as_keyset_algs(const as_keyset_t *ks, apr_pool_t *p)
{
    apr_array_header_t *algs = apr_array_make(p, 8, sizeof(const char *));
    apr_size_t a;
    int i;

    for (i = 0; i < ks->keys->nelts; i++) {
        const as_key_t *k = APR_ARRAY_IDX(ks->keys, i, const as_key_t *);
        for (a = 0; a < ALG_COUNT; a++) {
            if (as_key_fits_alg(k, alg_table[a].alg)) {
                push_unique(algs, alg_table[a].alg);
            }
        }
    }
    return algs;
}

static apr_status_t pkey_cleanup(void *data)
{
    EVP_PKEY_free(data);
    return APR_SUCCESS;
}

static void warn(apr_array_header_t *warnings, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void warn(apr_array_header_t *warnings, const char *fmt, ...)
{
    va_list ap;

    if (!warnings) {
        return;
    }
    va_start(ap, fmt);
    APR_ARRAY_PUSH(warnings, const char *) = apr_pvsprintf(warnings->pool,
                                                           fmt, ap);
    va_end(ap);
}

/* Parse state for one file. */
typedef struct {
    apr_pool_t *p;          /* temporaries and error messages */
    apr_pool_t *kp;         /* the key set's pool */
    const char *name;       /* file name for messages */
    const char *where;      /* "name" or "name: key 2 (kid "x")" */
    apr_array_header_t *warnings;
} load_ctx;

static int contains(const char *data, apr_size_t len, const char *needle)
{
    apr_size_t nl = strlen(needle), i;

    for (i = 0; i + nl <= len; i++) {
        if (!memcmp(data + i, needle, nl)) {
            return 1;
        }
    }
    return 0;
}

static int curve_index(const char *crv)
{
    apr_size_t i;

    for (i = 0; crv && i < CURVE_COUNT; i++) {
        if (!strcmp(curve_table[i].crv, crv)) {
            return (int)i;
        }
    }
    return -1;
}

static int curve_index_by_group(const char *group)
{
    apr_size_t i;

    for (i = 0; i < CURVE_COUNT; i++) {
        if (!strcmp(curve_table[i].group, group)) {
            return (int)i;
        }
    }
    return -1;
}

/* Import public-key parameters as an EVP_PKEY of the given type. */
static EVP_PKEY *pkey_from_params(const char *type, OSSL_PARAM_BLD *bld)
{
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *pkey = NULL;

    if (params) {
        ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
        if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0
            || EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY,
                                 params) <= 0) {
            EVP_PKEY_free(pkey);
            pkey = NULL;
        }
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return pkey;
}

/* A string member: NULL if absent; *err set if present but not a string. */
static const char *jwk_str(load_ctx *c, json_t *jwk, const char *name,
                           const char **err)
{
    json_t *v = json_object_get(jwk, name);

    if (!v) {
        return NULL;
    }
    if (!json_is_string(v)) {
        *err = apr_psprintf(c->p, "%s: member \"%s\" is not a string",
                            c->where, name);
        return NULL;
    }
    return json_string_value(v);
}

/* A required base64url member, decoded. */
static unsigned char *jwk_b64(load_ctx *c, json_t *jwk, const char *name,
                              apr_size_t *len, const char **err)
{
    const char *s = jwk_str(c, jwk, name, err);
    unsigned char *d;

    if (*err) {
        return NULL;
    }
    if (!s) {
        *err = apr_psprintf(c->p, "%s: member \"%s\" is missing",
                            c->where, name);
        return NULL;
    }
    d = as_b64url_decode(c->p, s, strlen(s), len);
    if (!d || *len == 0) {
        *err = apr_psprintf(c->p, "%s: member \"%s\" is not valid base64url",
                            c->where, name);
        return NULL;
    }
    return d;
}

static const char *refuse_private(load_ctx *c, json_t *jwk,
                                  const char *const *members)
{
    int i;

    for (i = 0; members[i]; i++) {
        if (json_object_get(jwk, members[i])) {
            return apr_psprintf(c->p, "%s: holds private key member \"%s\"; "
                                "a key file for verification must hold "
                                "public keys only", c->where, members[i]);
        }
    }
    return NULL;
}

static const char *rsa_bits_ok(load_ctx *c, int bits)
{
    if (bits < 2048) {
        return apr_psprintf(c->p, "%s: RSA key of %d bits is too short "
                            "(RFC 7518 section 3.3 requires at least 2048)",
                            c->where, bits);
    }
    return NULL;
}

/* e must be odd, at least 65537 and below n (RFC 8017 section 3.1, NIST
 * SP 800-89 section 5.3.3): with e = 1 the padded PKCS#1 block itself is
 * a valid "signature", so tokens could be forged without a private key;
 * small exponents also open Bleichenbacher-style forgeries. */
static const char *rsa_exponent_ok(load_ctx *c, EVP_PKEY *pkey)
{
    BIGNUM *n = NULL, *e = NULL;
    const char *err = NULL;

    if (!EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n)
        || !EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e)) {
        err = apr_psprintf(c->p, "%s: cannot read the RSA key's modulus and "
                           "exponent", c->where);
    }
    else if (!BN_is_odd(e) || BN_num_bits(e) < 17
             || BN_cmp(e, n) >= 0) {
        /* 65537 is the smallest odd number of 17 bits */
        err = apr_psprintf(c->p, "%s: RSA public exponent is not an odd "
                           "number from 65537 up to the modulus (RFC 8017 "
                           "section 3.1): such a key lets tokens be forged",
                           c->where);
    }
    BN_free(n);
    BN_free(e);
    return err;
}

static const char *jwk_rsa(load_ctx *c, json_t *jwk, as_key_t *k)
{
    static const char *const priv[] = {
        "d", "p", "q", "dp", "dq", "qi", "oth", NULL
    };
    const char *err = refuse_private(c, jwk, priv);
    unsigned char *n, *e;
    apr_size_t nlen, elen;
    BIGNUM *bn_n = NULL, *bn_e = NULL;
    OSSL_PARAM_BLD *bld = NULL;

    if (err) {
        return err;
    }
    n = jwk_b64(c, jwk, "n", &nlen, &err);
    if (err) {
        return err;
    }
    e = jwk_b64(c, jwk, "e", &elen, &err);
    if (err) {
        return err;
    }
    bn_n = BN_bin2bn(n, (int)nlen, NULL);
    bn_e = BN_bin2bn(e, (int)elen, NULL);
    if (!bn_n || !bn_e) {
        err = apr_psprintf(c->p, "%s: out of memory", c->where);
    }
    else if ((err = rsa_bits_ok(c, BN_num_bits(bn_n))) != NULL) {
        /* refused */
    }
    else if (BN_is_zero(bn_e) || !BN_is_odd(bn_e)) {
        err = apr_psprintf(c->p, "%s: RSA exponent \"e\" is invalid",
                           c->where);
    }
    else if (!(bld = OSSL_PARAM_BLD_new())
             || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n)
             || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e)
             || !(k->pkey = pkey_from_params("RSA", bld))) {
        err = apr_psprintf(c->p, "%s: OpenSSL refused the RSA key", c->where);
    }
    else {
        err = rsa_exponent_ok(c, k->pkey);
    }
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_n);
    BN_free(bn_e);
    k->kty = AS_KTY_RSA;
    return err;
}

static const char *jwk_ec(load_ctx *c, json_t *jwk, as_key_t *k)
{
    static const char *const priv[] = { "d", NULL };
    const char *err = refuse_private(c, jwk, priv);
    const char *crv;
    unsigned char *x, *y, *pub;
    apr_size_t xlen, ylen, cl;
    OSSL_PARAM_BLD *bld = NULL;
    int ci;

    if (err) {
        return err;
    }
    crv = jwk_str(c, jwk, "crv", &err);
    if (err) {
        return err;
    }
    if ((ci = curve_index(crv)) < 0) {
        return apr_psprintf(c->p, "%s: unsupported EC curve \"%s\" "
                            "(P-256, P-384 and P-521 are)", c->where,
                            crv ? crv : "(none)");
    }
    cl = curve_table[ci].coord_len;
    x = jwk_b64(c, jwk, "x", &xlen, &err);
    if (err) {
        return err;
    }
    y = jwk_b64(c, jwk, "y", &ylen, &err);
    if (err) {
        return err;
    }
    /* RFC 7518 §6.2.1.2: coordinates are full-length octet strings */
    if (xlen != cl || ylen != cl) {
        return apr_psprintf(c->p, "%s: EC coordinates must be %d bytes for "
                            "%s", c->where, (int)cl, crv);
    }
    pub = apr_palloc(c->p, 1 + 2 * cl);
    pub[0] = 0x04;
    memcpy(pub + 1, x, cl);
    memcpy(pub + 1 + cl, y, cl);
    if (!(bld = OSSL_PARAM_BLD_new())
        || !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
                                            curve_table[ci].group, 0)
        || !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
                                             pub, 1 + 2 * cl)
        || !(k->pkey = pkey_from_params("EC", bld))) {
        err = apr_psprintf(c->p, "%s: EC point is not on curve %s",
                           c->where, crv);
    }
    OSSL_PARAM_BLD_free(bld);
    k->kty = AS_KTY_EC;
    k->crv = curve_table[ci].crv;
    k->coord_len = cl;
    return err;
}

static const char *jwk_okp(load_ctx *c, json_t *jwk, as_key_t *k)
{
    static const char *const priv[] = { "d", NULL };
    const char *err = refuse_private(c, jwk, priv);
    const char *crv;
    unsigned char *x;
    apr_size_t xlen;
    OSSL_PARAM_BLD *bld = NULL;

    if (err) {
        return err;
    }
    crv = jwk_str(c, jwk, "crv", &err);
    if (err) {
        return err;
    }
    if (!crv || strcmp(crv, "Ed25519")) {
        return apr_psprintf(c->p, "%s: unsupported OKP curve \"%s\" "
                            "(Ed25519 is)", c->where, crv ? crv : "(none)");
    }
    x = jwk_b64(c, jwk, "x", &xlen, &err);
    if (err) {
        return err;
    }
    if (xlen != 32) {
        return apr_psprintf(c->p, "%s: Ed25519 key \"x\" must be 32 bytes",
                            c->where);
    }
    if (!(bld = OSSL_PARAM_BLD_new())
        || !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
                                             x, xlen)
        || !(k->pkey = pkey_from_params("ED25519", bld))) {
        err = apr_psprintf(c->p, "%s: OpenSSL refused the Ed25519 key",
                           c->where);
    }
    OSSL_PARAM_BLD_free(bld);
    k->kty = AS_KTY_OKP;
    k->crv = "Ed25519";
    return err;
}

static apr_status_t hmac_cleanup(void *data)
{
    as_key_t *k = data;
    int i;

    for (i = 0; i < 3; i++) {
        EVP_MAC_CTX_free(k->hmac[i]);
        k->hmac[i] = NULL;
    }
    return APR_SUCCESS;
}

/* Keyed HMAC templates for HS256/384/512 (see as_key_t.hmac). On any
 * failure the key keeps none and is verified with EVP_Q_mac instead. */
static void oct_templates(apr_pool_t *kp, as_key_t *k)
{
    static const char *const digests[] = { "SHA256", "SHA384", "SHA512" };
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    OSSL_PARAM params[2];
    int i, ok = mac != NULL;

    for (i = 0; ok && i < 3; i++) {
        params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                                     (char *)digests[i], 0);
        params[1] = OSSL_PARAM_construct_end();
        ok = (k->hmac[i] = EVP_MAC_CTX_new(mac)) != NULL
             && EVP_MAC_init(k->hmac[i], k->secret, k->secret_len,
                             params) == 1;
    }
    EVP_MAC_free(mac);          /* each context holds its own reference */
    if (!ok) {
        hmac_cleanup(k);
        ERR_clear_error();
        return;
    }
    apr_pool_cleanup_register(kp, k, hmac_cleanup, apr_pool_cleanup_null);
}

static const char *jwk_oct(load_ctx *c, json_t *jwk, as_key_t *k)
{
    const char *err = NULL;
    unsigned char *s = jwk_b64(c, jwk, "k", &k->secret_len, &err);

    if (err) {
        return err;
    }
    k->kty = AS_KTY_OCT;
    k->secret = apr_pmemdup(c->kp, s, k->secret_len);
    OPENSSL_cleanse(s, k->secret_len);
    oct_templates(c->kp, k);
    return NULL;
}

/* A secret too short for its alg (or, without one, for HS256) is refused;
 * one that is long enough for HS256 only serves HS256 (as_key_fits_alg). */
static const char *check_secret(load_ctx *c, const as_key_t *k)
{
    apr_size_t want = hmac_min(k->alg);

    if (k->secret_len < want) {
        return apr_psprintf(c->p, "%s: HMAC key is only %d bytes; %s needs "
                            "at least %d (RFC 7518 section 3.2)", c->where,
                            (int)k->secret_len, k->alg ? k->alg : "HS256",
                            (int)want);
    }
    return NULL;
}

/* Check "alg", "use" and "key_ops" against the key; set k->usable. */
static const char *jwk_usage(load_ctx *c, json_t *jwk, as_key_t *k)
{
    const char *err = NULL;
    const char *alg = jwk_str(c, jwk, "alg", &err);
    json_t *ops;
    int ai;

    if (err) {
        return err;
    }
    k->use = jwk_str(c, jwk, "use", &err);
    if (err) {
        return err;
    }
    k->usable = 1;
    if (k->use) {
        k->use = apr_pstrdup(c->kp, k->use);
        if (strcmp(k->use, "sig")) {
            k->usable = 0;
        }
    }
    ops = json_object_get(jwk, "key_ops");
    if (ops) {
        size_t i;
        json_t *op;
        int verify = 0;

        if (!json_is_array(ops)) {
            return apr_psprintf(c->p, "%s: member \"key_ops\" is not an "
                                "array", c->where);
        }
        json_array_foreach(ops, i, op) {
            if (json_is_string(op) && !strcmp(json_string_value(op),
                                              "verify")) {
                verify = 1;
            }
        }
        if (!verify) {
            k->usable = 0;
        }
    }
    if (!alg) {
        return NULL;
    }
    k->alg = apr_pstrdup(c->kp, alg);
    if (alg_is_jwe(alg) && (!k->use || !k->usable)) {
        k->usable = 0;
        return NULL;
    }
    if ((ai = alg_index(alg)) < 0) {
        if (!k->usable) {
            return NULL;    /* not ours to judge: never used anyway */
        }
        return apr_psprintf(c->p, "%s: unsupported \"alg\" \"%s\"",
                            c->where, alg);
    }
    if (!alg_fits_type(ai, k->kty, k->crv)) {
        return apr_psprintf(c->p, "%s: \"alg\" \"%s\" does not fit the key "
                            "type", c->where, alg);
    }
    return NULL;
}

static const char *load_jwk(load_ctx *c, json_t *jwk, as_key_t *k)
{
    const char *err = NULL;
    const char *kty, *kid;

    if (!json_is_object(jwk)) {
        return apr_psprintf(c->p, "%s: is not a JSON object", c->where);
    }
    kid = jwk_str(c, jwk, "kid", &err);
    if (err) {
        return err;
    }
    if (kid) {
        k->kid = apr_pstrdup(c->kp, kid);
        c->where = apr_psprintf(c->p, "%s (kid \"%s\")", c->where, kid);
    }
    kty = jwk_str(c, jwk, "kty", &err);
    if (err) {
        return err;
    }
    if (!kty) {
        return apr_psprintf(c->p, "%s: member \"kty\" is missing", c->where);
    }
    if (!strcmp(kty, "RSA")) {
        err = jwk_rsa(c, jwk, k);
    }
    else if (!strcmp(kty, "EC")) {
        err = jwk_ec(c, jwk, k);
    }
    else if (!strcmp(kty, "OKP")) {
        err = jwk_okp(c, jwk, k);
    }
    else if (!strcmp(kty, "oct")) {
        err = jwk_oct(c, jwk, k);
    }
    else {
        err = apr_psprintf(c->p, "%s: unsupported \"kty\" \"%s\" (RSA, EC, "
                           "OKP and oct are)", c->where, kty);
    }
    if (k->pkey) {
        apr_pool_cleanup_register(c->kp, k->pkey, pkey_cleanup,
                                  apr_pool_cleanup_null);
    }
    if (!err) {
        err = jwk_usage(c, jwk, k);
    }
    if (!err && k->kty == AS_KTY_OCT && k->usable) {
        err = check_secret(c, k);
    }
    return err;
}

static const char *load_json(load_ctx *c, const char *data, apr_size_t len,
                             apr_array_header_t *out)
{
    json_error_t jerr;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    json_t *keys, *jwk;
    const char *err = NULL;
    size_t i, n;
    int nokid = 0;

    if (!root) {
        return apr_psprintf(c->p, "%s: not a valid JWK Set: JSON error at "
                            "line %d: %s", c->name, jerr.line, jerr.text);
    }
    if (json_is_object(root) && (keys = json_object_get(root, "keys"))) {
        if (!json_is_array(keys)) {
            err = apr_psprintf(c->p, "%s: \"keys\" is not an array", c->name);
        }
    }
    else if (json_is_object(root) && json_object_get(root, "kty")) {
        keys = NULL;
    }
    else {
        err = apr_psprintf(c->p, "%s: JSON but neither a JWK Set (\"keys\") "
                           "nor a JWK (\"kty\")", c->name);
    }
    if (err) {
        json_decref(root);
        return err;
    }
    n = keys ? json_array_size(keys) : 1;
    if (n == 0) {
        err = apr_psprintf(c->p, "%s: the JWK Set holds no keys", c->name);
    }
    for (i = 0; !err && i < n; i++) {
        as_key_t *k = apr_pcalloc(c->kp, sizeof(*k));

        jwk = keys ? json_array_get(keys, i) : root;
        k->source = c->name;
        c->where = keys ? apr_psprintf(c->p, "%s: key %d", c->name,
                                       (int)i + 1)
                        : c->name;
        err = load_jwk(c, jwk, k);
        if (!err) {
            APR_ARRAY_PUSH(out, as_key_t *) = k;
            if (!k->kid && k->usable) {
                nokid++;
            }
        }
    }
    if (!err && n > 1 && nokid) {
        warn(c->warnings, "%s: %d of %d keys have no \"kid\"; tokens are "
             "then tried against each key that fits their \"alg\"",
             c->name, nokid, (int)n);
    }
    json_decref(root);
    return err;
}

/* Fill kty/crv from an EVP_PKEY read from PEM; NULL or an error. */
static const char *classify_pkey(load_ctx *c, as_key_t *k)
{
    if (EVP_PKEY_is_a(k->pkey, "RSA")) {
        const char *err = rsa_bits_ok(c, EVP_PKEY_get_bits(k->pkey));

        k->kty = AS_KTY_RSA;
        return err ? err : rsa_exponent_ok(c, k->pkey);
    }
    if (EVP_PKEY_is_a(k->pkey, "EC")) {
        char group[64];
        size_t glen = 0;
        int ci;

        if (!EVP_PKEY_get_group_name(k->pkey, group, sizeof(group), &glen)
            || (ci = curve_index_by_group(group)) < 0) {
            return apr_psprintf(c->p, "%s: unsupported EC curve (P-256, "
                                "P-384 and P-521 are)", c->where);
        }
        k->kty = AS_KTY_EC;
        k->crv = curve_table[ci].crv;
        k->coord_len = curve_table[ci].coord_len;
        return NULL;
    }
    if (EVP_PKEY_is_a(k->pkey, "ED25519")) {
        k->kty = AS_KTY_OKP;
        k->crv = "Ed25519";
        return NULL;
    }
    return apr_psprintf(c->p, "%s: unsupported key type %s (RSA, EC and "
                        "Ed25519 are)", c->where,
                        EVP_PKEY_get0_type_name(k->pkey));
}

static const char *load_pem(load_ctx *c, const char *data, apr_size_t len,
                            apr_array_header_t *out)
{
    BIO *bio = BIO_new_mem_buf(data, (int)len);
    const char *err = NULL;
    int blocks = 0;

    if (!bio) {
        return apr_psprintf(c->p, "%s: out of memory", c->name);
    }
    while (!err) {
        char *name = NULL, *header = NULL;
        unsigned char *der = NULL;
        const unsigned char *q;
        long dlen = 0;
        as_key_t *k;

        if (!PEM_read_bio(bio, &name, &header, &der, &dlen)) {
            break;
        }
        blocks++;
        q = der;
        k = apr_pcalloc(c->kp, sizeof(*k));
        k->source = c->name;
        k->usable = 1;
        c->where = apr_psprintf(c->p, "%s: PEM block %d", c->name, blocks);
        if (!strcmp(name, "PUBLIC KEY")) {
            k->pkey = d2i_PUBKEY(NULL, &q, dlen);
        }
        else if (!strcmp(name, "RSA PUBLIC KEY")) {
            k->pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &q, dlen);
        }
        else if (!strcmp(name, "CERTIFICATE")) {
            X509 *x = d2i_X509(NULL, &q, dlen);
            if (x) {
                k->pkey = X509_get_pubkey(x);
                X509_free(x);
            }
        }
        else if (strstr(name, "PRIVATE KEY")) {
            err = apr_psprintf(c->p, "%s: holds a private key (%s); give "
                               "the public key only", c->where, name);
        }
        else if (strcmp(name, "EC PARAMETERS")) {
            err = apr_psprintf(c->p, "%s: unsupported PEM block \"%s\"",
                               c->where, name);
        }
        else {
            k = NULL;       /* curve parameters before an EC key: skip */
        }
        if (k && !err) {
            if (!k->pkey) {
                err = apr_psprintf(c->p, "%s: cannot decode the %s",
                                   c->where, name);
            }
            else {
                apr_pool_cleanup_register(c->kp, k->pkey, pkey_cleanup,
                                          apr_pool_cleanup_null);
                err = classify_pkey(c, k);
                if (!err) {
                    APR_ARRAY_PUSH(out, as_key_t *) = k;
                }
            }
        }
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(der);
    }
    /* the loop ends on "no start line": not an error for us */
    ERR_clear_error();
    BIO_free(bio);
    if (!err && out->nelts == 0) {
        err = apr_psprintf(c->p, "%s: no public key in the PEM data",
                           c->name);
    }
    return err;
}

const char *as_keyset_load_buffer(as_keyset_t *ks, apr_pool_t *p,
                                  const char *name, const char *data,
                                  apr_size_t len,
                                  apr_array_header_t *warnings)
{
    apr_array_header_t *loaded = apr_array_make(p, 4, sizeof(as_key_t *));
    load_ctx c;
    const char *err;
    apr_size_t i = 0;

    c.p = p;
    c.kp = ks->pool;
    c.name = apr_pstrdup(ks->pool, name);
    c.where = c.name;
    c.warnings = warnings;
    /* skip a UTF-8 BOM and leading white space to find the format */
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        i = 3;
    }
    while (i < len && (data[i] == ' ' || data[i] == '\t'
                       || data[i] == '\r' || data[i] == '\n')) {
        i++;
    }
    if (i < len && data[i] == '{') {
        err = load_json(&c, data + i, len - i, loaded);
    }
    else if (contains(data, len, "-----BEGIN ")) {
        err = load_pem(&c, data, len, loaded);
    }
    else {
        err = apr_psprintf(p, "%s: neither a JWK Set (JSON) nor a PEM public "
                           "key", c.name);
    }
    if (err) {
        return err;
    }
    apr_array_cat(ks->keys, loaded);
    return NULL;
}

const char *as_keyset_load_file(as_keyset_t *ks, apr_pool_t *p,
                                const char *path,
                                apr_array_header_t *warnings)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_size_t got;
    char *buf, ebuf[120];

    rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, p);
    if (rv == APR_SUCCESS) {
        rv = apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_TYPE, f);
        if (rv == APR_SUCCESS && fi.filetype != APR_REG) {
            apr_file_close(f);
            return apr_psprintf(p, "%s: cannot read: not a regular file",
                                path);
        }
        if (rv == APR_SUCCESS && fi.size > AS_KEYFILE_MAX) {
            apr_file_close(f);
            return apr_psprintf(p, "%s: cannot read: larger than %d bytes",
                                path, AS_KEYFILE_MAX);
        }
    }
    if (rv == APR_SUCCESS) {
        buf = apr_palloc(p, (apr_size_t)fi.size + 1);
        rv = apr_file_read_full(f, buf, (apr_size_t)fi.size, &got);
        apr_file_close(f);
        if (rv == APR_EOF && got == 0 && fi.size == 0) {
            rv = APR_SUCCESS;
        }
    }
    if (rv != APR_SUCCESS) {
        return apr_psprintf(p, "%s: cannot read: %s", path,
                            apr_strerror(rv, ebuf, sizeof(ebuf)));
    }
    buf[got] = '\0';
    return as_keyset_load_buffer(ks, p, path, buf, got, warnings);
}
