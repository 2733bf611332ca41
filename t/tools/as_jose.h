/* Licensed under the Apache License, Version 2.0. */
/*
 * Test-side JOSE helpers: key generation, JWK export and token signing with
 * OpenSSL 3 + jansson. Header-only (static functions) so that as_mint stays
 * one file and the unit tests and the fuzzer need no extra object. Strings
 * returned are malloc'd: callers free() them. Never linked into the module.
 */
#ifndef AS_JOSE_H
#define AS_JOSE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <jansson.h>

/* base64url without padding (RFC 7515 §2); malloc'd. */
static inline char *jose_b64url(const unsigned char *d, size_t len)
{
    static const char abc[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char *out = malloc(len / 3 * 4 + 5), *o = out;
    size_t i;

    if (!out) {
        return NULL;
    }
    for (i = 0; i + 2 < len; i += 3) {
        *o++ = abc[d[i] >> 2];
        *o++ = abc[((d[i] & 3) << 4) | (d[i + 1] >> 4)];
        *o++ = abc[((d[i + 1] & 15) << 2) | (d[i + 2] >> 6)];
        *o++ = abc[d[i + 2] & 63];
    }
    if (len - i == 1) {
        *o++ = abc[d[i] >> 2];
        *o++ = abc[(d[i] & 3) << 4];
    }
    else if (len - i == 2) {
        *o++ = abc[d[i] >> 2];
        *o++ = abc[((d[i] & 3) << 4) | (d[i + 1] >> 4)];
        *o++ = abc[(d[i + 1] & 15) << 2];
    }
    *o = '\0';
    return out;
}

/* New private key: rsa (2048), rsa1024, rsa3072, ec256, ec384, ec521,
 * ed25519; NULL for anything else. */
static inline EVP_PKEY *jose_keygen(const char *type)
{
    if (!strcmp(type, "rsa")) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    }
    if (!strcmp(type, "rsa1024")) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
    }
    if (!strcmp(type, "rsa3072")) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072);
    }
    if (!strcmp(type, "ec256")) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    }
    if (!strcmp(type, "ec384")) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
    }
    if (!strcmp(type, "ec521")) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-521");
    }
    if (!strcmp(type, "ed25519")) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    }
    return NULL;
}

static inline json_t *jose_b64_bn(const BIGNUM *bn, int padto)
{
    int len = padto ? padto : BN_num_bytes(bn);
    unsigned char *buf = malloc((size_t)len + 1);
    char *s;
    json_t *j;

    if (!buf || BN_bn2binpad(bn, buf, len) < 0) {
        free(buf);
        return NULL;
    }
    s = jose_b64url(buf, (size_t)len);
    j = json_string(s);
    free(s);
    free(buf);
    return j;
}

/* Public JWK (no kid/alg) of pkey, or an oct JWK of secret if pkey is
 * NULL; new reference or NULL. */
static inline json_t *jose_jwk(EVP_PKEY *pkey, const unsigned char *secret,
                               size_t slen)
{
    json_t *jwk = json_object();

    if (!pkey) {
        char *k = jose_b64url(secret, slen);

        json_object_set_new(jwk, "kty", json_string("oct"));
        json_object_set_new(jwk, "k", json_string(k));
        free(k);
    }
    else if (EVP_PKEY_is_a(pkey, "RSA")) {
        BIGNUM *n = NULL, *e = NULL;

        EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n);
        EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e);
        json_object_set_new(jwk, "kty", json_string("RSA"));
        json_object_set_new(jwk, "n", jose_b64_bn(n, 0));
        json_object_set_new(jwk, "e", jose_b64_bn(e, 0));
        BN_free(n);
        BN_free(e);
    }
    else if (EVP_PKEY_is_a(pkey, "EC")) {
        BIGNUM *x = NULL, *y = NULL;
        int bits = EVP_PKEY_get_bits(pkey);
        int cl = (bits + 7) / 8;

        EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, &x);
        EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &y);
        json_object_set_new(jwk, "kty", json_string("EC"));
        json_object_set_new(jwk, "crv", json_string(bits == 256 ? "P-256"
                                                    : bits == 384 ? "P-384"
                                                    : "P-521"));
        json_object_set_new(jwk, "x", jose_b64_bn(x, cl));
        json_object_set_new(jwk, "y", jose_b64_bn(y, cl));
        BN_free(x);
        BN_free(y);
    }
    else if (EVP_PKEY_is_a(pkey, "ED25519")) {
        unsigned char raw[32];
        size_t rl = sizeof(raw);
        char *x;

        EVP_PKEY_get_raw_public_key(pkey, raw, &rl);
        x = jose_b64url(raw, rl);
        json_object_set_new(jwk, "kty", json_string("OKP"));
        json_object_set_new(jwk, "crv", json_string("Ed25519"));
        json_object_set_new(jwk, "x", json_string(x));
        free(x);
    }
    else {
        json_decref(jwk);
        return NULL;
    }
    return jwk;
}

static inline const char *jose_alg_digest(const char *alg)
{
    const char *bits = alg + strlen(alg) - 3;

    if (strlen(alg) < 5) {
        return NULL;
    }
    return !strcmp(bits, "256") ? "SHA256" : !strcmp(bits, "384") ? "SHA384"
           : !strcmp(bits, "512") ? "SHA512" : NULL;
}

/* Sign input with alg; the JWS signature bytes (ES* as r||s) into a
 * malloc'd *sig. "none" gives an empty signature. 1 on success. */
static inline int jose_sign(const char *alg, EVP_PKEY *pkey,
                            const unsigned char *secret, size_t slen,
                            const char *input, size_t inlen,
                            unsigned char **sig, size_t *siglen)
{
    EVP_MD_CTX *ctx;
    EVP_PKEY_CTX *pctx = NULL;
    const char *dg = jose_alg_digest(alg);
    unsigned char *der;
    size_t derlen = 0;
    int ok = 0;

    *sig = NULL;
    *siglen = 0;
    if (!strcmp(alg, "none")) {
        *sig = malloc(1);
        return *sig != NULL;
    }
    if (alg[0] == 'H') {
        *sig = malloc(EVP_MAX_MD_SIZE);
        if (!dg || !*sig) {
            return 0;
        }
        return EVP_Q_mac(NULL, "HMAC", NULL, dg, NULL, secret, slen,
                         (const unsigned char *)input, inlen, *sig,
                         EVP_MAX_MD_SIZE, siglen) != NULL;
    }
    /* refuse a key that does not fit: tests that want a lying header
     * sign with a real alg and override "alg" in the header instead */
    if (!pkey
        || (!strcmp(alg, "EdDSA") ? !EVP_PKEY_is_a(pkey, "ED25519")
            : !dg ? 1
            : (alg[0] == 'R' || alg[0] == 'P') && alg[1] == 'S'
              ? !EVP_PKEY_is_a(pkey, "RSA")
            : alg[0] == 'E' && alg[1] == 'S'
              ? !EVP_PKEY_is_a(pkey, "EC")
                || EVP_PKEY_get_bits(pkey) != (alg[2] == '5' ? 521
                                               : atoi(alg + 2))
            : 1)
        || !(ctx = EVP_MD_CTX_new())) {
        return 0;
    }
    if (EVP_DigestSignInit_ex(ctx, &pctx, strcmp(alg, "EdDSA") ? dg : NULL,
                              NULL, NULL, pkey, NULL) > 0
        && (alg[0] != 'P'
            || (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0
                && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx,
                                                    RSA_PSS_SALTLEN_DIGEST) > 0))
        && EVP_DigestSign(ctx, NULL, &derlen,
                          (const unsigned char *)input, inlen) > 0
        && (der = malloc(derlen)) != NULL) {
        ok = EVP_DigestSign(ctx, der, &derlen,
                            (const unsigned char *)input, inlen) > 0;
        if (ok && alg[0] == 'E' && alg[1] == 'S') {
            /* DER ECDSA-Sig-Value to the JOSE fixed-size r||s */
            const unsigned char *q = der;
            ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &q, (long)derlen);
            int cl = (EVP_PKEY_get_bits(pkey) + 7) / 8;

            ok = 0;
            if (es && (*sig = malloc(2 * (size_t)cl)) != NULL) {
                ok = BN_bn2binpad(ECDSA_SIG_get0_r(es), *sig, cl) == cl
                     && BN_bn2binpad(ECDSA_SIG_get0_s(es), *sig + cl, cl) == cl;
                *siglen = 2 * (size_t)cl;
            }
            ECDSA_SIG_free(es);
            free(der);
        }
        else {
            *sig = der;
            *siglen = derlen;
        }
    }
    EVP_MD_CTX_free(ctx);
    return ok;
}

/* A compact JWS of the given header and payload texts (taken verbatim, so
 * tests can send duplicate members or odd JSON); malloc'd, or NULL. */
static inline char *jose_token_raw(const char *alg, EVP_PKEY *pkey,
                                   const unsigned char *secret, size_t slen,
                                   const char *header, const char *payload)
{
    char *h = jose_b64url((const unsigned char *)header, strlen(header));
    char *pl = jose_b64url((const unsigned char *)payload, strlen(payload));
    char *input = NULL, *token = NULL, *s = NULL;
    unsigned char *sig = NULL;
    size_t siglen, inlen;

    if (h && pl && (input = malloc(strlen(h) + strlen(pl) + 2)) != NULL) {
        inlen = (size_t)sprintf(input, "%s.%s", h, pl);
        if (jose_sign(alg, pkey, secret, slen, input, inlen, &sig, &siglen)
            && (s = jose_b64url(sig, siglen)) != NULL
            && (token = malloc(inlen + strlen(s) + 2)) != NULL) {
            sprintf(token, "%s.%s", input, s);
        }
    }
    free(h);
    free(pl);
    free(input);
    free(sig);
    free(s);
    return token;
}

/* Same from jansson objects (compact, insertion order). */
static inline char *jose_token(const char *alg, EVP_PKEY *pkey,
                               const unsigned char *secret, size_t slen,
                               const json_t *header, const json_t *payload)
{
    char *h = json_dumps(header, JSON_COMPACT);
    char *pl = json_dumps(payload, JSON_COMPACT);
    char *t = NULL;

    if (h && pl) {
        t = jose_token_raw(alg, pkey, secret, slen, h, pl);
    }
    free(h);
    free(pl);
    return t;
}

#endif /* AS_JOSE_H */
