/* Licensed under the Apache License, Version 2.0. */
/*
 * Unit tests for JWT verification: tokens are minted here with keys
 * generated at run time, then every acceptance and every rejection of
 * RFC 7519/7515/7518/8725 that the module relies on is checked.
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_file_io.h>
#include <apr_strings.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "as_jwt.h"
#include "../tools/as_jose.h"
#include "unit_pool.h"

static apr_pool_t *spool;       /* suite lifetime */
static const char *sdir;
static EVP_PKEY *k_rsa, *k_rsa2, *k_ec256, *k_ec384, *k_ec521, *k_ed;
static unsigned char hsecret[64];
static as_keyset_t *ks;         /* kids: rsa rsa2 ec256 ec384 ec521 ed hmac */
static const char *rsa_pub_pem; /* bytes of k_rsa's PUBLIC KEY PEM */

static apr_pool_t *p;           /* per test */
static as_jwt_policy_t pol;
static as_jwt_result_t res;
static apr_time_t now;
static apr_int64_t nows;

static const char *write_file(apr_pool_t *pool, const char *name,
                              const char *data)
{
    const char *path = apr_pstrcat(pool, sdir, "/", name, NULL);
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    fputs(data, f);
    fclose(f);
    return path;
}

static void add_jwk(json_t *keys, EVP_PKEY *pk, const char *kid)
{
    json_t *j = pk ? jose_jwk(pk, NULL, 0)
                   : jose_jwk(NULL, hsecret, sizeof(hsecret));

    json_object_set_new(j, "kid", json_string(kid));
    json_array_append_new(keys, j);
}

static void suite_setup(void)
{
    json_t *set = json_object(), *keys = json_array();
    char *tmpl, *text, *data;
    const char *err;
    BIO *b;
    long n;

    apr_initialize();
    apr_pool_create(&spool, NULL);
    tmpl = apr_pstrdup(spool, "/tmp/as_jwt_XXXXXX");
    sdir = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(sdir);
    k_rsa = jose_keygen("rsa");
    k_rsa2 = jose_keygen("rsa");
    k_ec256 = jose_keygen("ec256");
    k_ec384 = jose_keygen("ec384");
    k_ec521 = jose_keygen("ec521");
    k_ed = jose_keygen("ed25519");
    ck_assert(RAND_bytes(hsecret, sizeof(hsecret)) == 1);
    json_object_set_new(set, "keys", keys);
    add_jwk(keys, k_rsa, "rsa");
    add_jwk(keys, k_rsa2, "rsa2");
    add_jwk(keys, k_ec256, "ec256");
    add_jwk(keys, k_ec384, "ec384");
    add_jwk(keys, k_ec521, "ec521");
    add_jwk(keys, k_ed, "ed");
    add_jwk(keys, NULL, "hmac");
    text = json_dumps(set, JSON_INDENT(2));
    json_decref(set);
    ks = as_keyset_make(spool);
    err = as_keyset_load_file(ks, spool, write_file(spool, "set.json", text),
                              NULL);
    free(text);
    ck_assert_msg(err == NULL, "%s", err);
    b = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(b, k_rsa);
    n = BIO_get_mem_data(b, &data);
    rsa_pub_pem = apr_pstrmemdup(spool, data, (apr_size_t)n);
    BIO_free(b);
}

static void suite_teardown(void)
{
    unit_rm_tmpdir(spool, sdir);
    EVP_PKEY_free(k_rsa);
    EVP_PKEY_free(k_rsa2);
    EVP_PKEY_free(k_ec256);
    EVP_PKEY_free(k_ec384);
    EVP_PKEY_free(k_ec521);
    EVP_PKEY_free(k_ed);
    apr_pool_destroy(spool);
    apr_terminate();
}

static void test_setup(void)
{
    apr_pool_create(&p, spool);
    as_jwt_policy_init(&pol);
    memset(&res, 0, sizeof(res));
    now = apr_time_now();
    nows = (apr_int64_t)apr_time_sec(now);
}

static void test_teardown(void)
{
    apr_pool_destroy(p);
}

/* Mint from header/payload texts; "%N" in the payload is not used: the
 * callers build times with apr_psprintf. Pool copy of the token. */
static const char *mint_raw(const char *alg, EVP_PKEY *pk,
                            const unsigned char *secret, size_t slen,
                            const char *header, const char *payload)
{
    char *t = jose_token_raw(alg, pk, secret, slen, header, payload);
    const char *s;

    ck_assert_msg(t != NULL, "cannot sign %s", alg);
    s = apr_pstrdup(p, t);
    free(t);
    return s;
}

/* A standard payload valid for an hour. */
static const char *std_payload(void)
{
    return apr_psprintf(p, "{\"sub\":\"alice\",\"iss\":\"https://as.example\","
                        "\"aud\":\"https://rs.example\",\"iat\":%" APR_INT64_T_FMT ","
                        "\"exp\":%" APR_INT64_T_FMT ",\"scope\":\"read write\"}",
                        nows - 10, nows + 3600);
}

static const char *hdr(const char *alg, const char *kid)
{
    if (!kid) {
        return apr_psprintf(p, "{\"alg\":\"%s\",\"typ\":\"JWT\"}", alg);
    }
    return apr_psprintf(p, "{\"alg\":\"%s\",\"typ\":\"JWT\",\"kid\":\"%s\"}",
                        alg, kid);
}

/* Token signed by pk (or the HMAC secret if pk is NULL). */
static const char *mint(const char *alg, EVP_PKEY *pk, const char *kid,
                        const char *payload)
{
    return mint_raw(alg, pk, hsecret, sizeof(hsecret), hdr(alg, kid),
                    payload ? payload : std_payload());
}

static as_jwt_status_e verify(const char *token)
{
    return as_jwt_verify(p, ks, &pol, token, now, &res);
}

#define ck_status(token, want)                                              \
    do {                                                                    \
        as_jwt_status_e st_ = verify(token);                                \
        ck_assert_msg(st_ == (want), "status %s (%s), want %s",             \
                      as_jwt_status_reason(st_),                            \
                      res.detail ? res.detail : "",                         \
                      as_jwt_status_reason(want));                          \
    } while (0)

START_TEST(every_alg_verifies)
{
    static const struct {
        const char *alg;
        int key;
        const char *kid;
    } cases[] = {
        { "RS256", 0, "rsa" }, { "RS384", 0, "rsa" }, { "RS512", 0, "rsa" },
        { "PS256", 0, "rsa" }, { "PS384", 0, "rsa" }, { "PS512", 0, "rsa" },
        { "ES256", 1, "ec256" }, { "ES384", 2, "ec384" },
        { "ES512", 3, "ec521" }, { "EdDSA", 4, "ed" },
        { "HS256", 5, "hmac" }, { "HS384", 5, "hmac" }, { "HS512", 5, "hmac" },
    };
    EVP_PKEY *keys[] = { k_rsa, k_ec256, k_ec384, k_ec521, k_ed, NULL };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *t = mint(cases[i].alg, keys[cases[i].key], cases[i].kid,
                             NULL);

        ck_status(t, AS_JWT_OK);
        ck_assert_str_eq(res.user, "alice");
        ck_assert_str_eq(res.alg, cases[i].alg);
        ck_assert_str_eq(res.kid, cases[i].kid);
        ck_assert_str_eq(res.reason, "ok");
        ck_assert_ptr_nonnull(res.claims);
        ck_assert(res.exp == apr_time_from_sec(nows + 3600));
        /* and the same without kid: tried against every fitting key */
        t = mint(cases[i].alg, keys[cases[i].key], NULL, NULL);
        ck_status(t, AS_JWT_OK);
    }
}
END_TEST

START_TEST(wrong_key_and_tampering)
{
    const char *t = mint("RS256", k_rsa2, "rsa", NULL);
    char *tampered;
    const char *dot;
    EVP_PKEY *other;

    ck_status(t, AS_JWT_BAD_SIGNATURE);
    ck_assert_ptr_null(res.claims);
    ck_assert_ptr_null(res.user);
    other = jose_keygen("ec256");
    ck_status(mint("ES256", other, "ec256", NULL), AS_JWT_BAD_SIGNATURE);
    EVP_PKEY_free(other);
    other = jose_keygen("ed25519");
    ck_status(mint("EdDSA", other, "ed", NULL), AS_JWT_BAD_SIGNATURE);
    EVP_PKEY_free(other);
    /* HMAC with another secret */
    ck_status(mint_raw("HS256", NULL, (const unsigned char *)"x", 1,
                       hdr("HS256", "hmac"), std_payload()),
              AS_JWT_BAD_SIGNATURE);
    /* swap the payload for another one, keep the signature */
    t = mint("RS256", k_rsa, "rsa", NULL);
    tampered = apr_pstrdup(p, t);
    dot = strchr(t, '.');
    tampered[dot - t + 5] = tampered[dot - t + 5] == 'A' ? 'B' : 'A';
    ck_status(tampered, AS_JWT_BAD_SIGNATURE);
    /* flip a signature character */
    tampered = apr_pstrdup(p, t);
    tampered[strlen(t) - 3] = tampered[strlen(t) - 3] == 'A' ? 'B' : 'A';
    ck_status(tampered, AS_JWT_BAD_SIGNATURE);
    /* truncated signature (to a whole number of bytes: 342 -> 340 chars) */
    tampered = apr_pstrndup(p, t, strlen(t) - 2);
    ck_status(tampered, AS_JWT_BAD_SIGNATURE);
    /* empty signature */
    tampered = apr_pstrndup(p, t, (apr_size_t)(strrchr(t, '.') - t + 1));
    ck_status(tampered, AS_JWT_BAD_SIGNATURE);
}
END_TEST

START_TEST(alg_none_every_case)
{
    static const char *const nones[] = { "none", "None", "NONE", "nOnE" };
    size_t i;

    for (i = 0; i < 4; i++) {
        const char *t = mint_raw("none", NULL, NULL, 0, hdr(nones[i], NULL),
                                 std_payload());

        ck_assert(t[strlen(t) - 1] == '.');
        ck_status(t, AS_JWT_ALG_NOT_ALLOWED);
        /* even when the policy lists it */
        pol.algs = apr_array_make(p, 1, sizeof(const char *));
        APR_ARRAY_PUSH(pol.algs, const char *) = nones[i];
        ck_status(t, AS_JWT_ALG_NOT_ALLOWED);
        pol.algs = NULL;
    }
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       "{\"typ\":\"JWT\"}", std_payload()),
              AS_JWT_ALG_NOT_ALLOWED);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       "{\"alg\":256}", std_payload()),
              AS_JWT_ALG_NOT_ALLOWED);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       "{\"alg\":\"HS1\"}", std_payload()),
              AS_JWT_ALG_NOT_ALLOWED);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       "{\"alg\":\"hs256\"}", std_payload()),
              AS_JWT_ALG_NOT_ALLOWED);
}
END_TEST

START_TEST(hs256_with_rsa_public_key)
{
    /* CVE-2015-9235: HMAC keyed with the RSA public key's PEM bytes */
    const unsigned char *pem = (const unsigned char *)rsa_pub_pem;
    size_t len = strlen(rsa_pub_pem);
    as_keyset_t *rsa_only = as_keyset_make(p);
    const char *t;

    t = mint_raw("HS256", NULL, pem, len, hdr("HS256", "rsa"), std_payload());
    ck_status(t, AS_JWT_ALG_NOT_ALLOWED);
    ck_assert_str_eq(res.detail, "alg does not fit the key with that kid");
    /* a PEM-only key store, with HS256 even in the policy */
    ck_assert_ptr_null(as_keyset_load_buffer(rsa_only, p, "mem", rsa_pub_pem,
                                             len, NULL));
    pol.algs = apr_array_make(p, 2, sizeof(const char *));
    APR_ARRAY_PUSH(pol.algs, const char *) = "RS256";
    APR_ARRAY_PUSH(pol.algs, const char *) = "HS256";
    t = mint_raw("HS256", NULL, pem, len, hdr("HS256", NULL), std_payload());
    ck_assert_int_eq(as_jwt_verify(p, rsa_only, &pol, t, now, &res),
                     AS_JWT_ALG_NOT_ALLOWED);
    /* while the RSA key itself works there */
    t = mint("RS256", k_rsa, NULL, NULL);
    ck_assert_int_eq(as_jwt_verify(p, rsa_only, &pol, t, now, &res),
                     AS_JWT_OK);
}
END_TEST

START_TEST(policy_and_key_alg_restrict)
{
    as_keyset_t *k2 = as_keyset_make(p);
    json_t *jwk = jose_jwk(k_rsa, NULL, 0);
    char *text;

    pol.algs = apr_array_make(p, 1, sizeof(const char *));
    APR_ARRAY_PUSH(pol.algs, const char *) = "ES256";
    ck_status(mint("RS256", k_rsa, "rsa", NULL), AS_JWT_ALG_NOT_ALLOWED);
    ck_assert_str_eq(res.detail, "alg not in the allow-list");
    ck_status(mint("ES256", k_ec256, "ec256", NULL), AS_JWT_OK);
    pol.algs = NULL;
    /* a key whose JWK says RS256 verifies nothing else */
    json_object_set_new(jwk, "alg", json_string("RS256"));
    json_object_set_new(jwk, "kid", json_string("only"));
    text = json_dumps(jwk, 0);
    json_decref(jwk);
    ck_assert_ptr_null(as_keyset_load_buffer(k2, p, "mem", text,
                                             strlen(text), NULL));
    free(text);
    ck_assert_int_eq(as_jwt_verify(p, k2, &pol,
                                   mint("PS256", k_rsa, "only", NULL), now,
                                   &res), AS_JWT_ALG_NOT_ALLOWED);
    ck_assert_int_eq(as_jwt_verify(p, k2, &pol,
                                   mint("RS256", k_rsa, "only", NULL), now,
                                   &res), AS_JWT_OK);
    /* ES384 with the P-256 key's kid: alg does not fit that key */
    ck_status(mint("ES384", k_ec384, "ec256", NULL), AS_JWT_ALG_NOT_ALLOWED);
}
END_TEST

START_TEST(ecdsa_signature_shapes)
{
    const char *h = hdr("ES256", "ec256"), *pl = std_payload();
    const char *good = mint_raw("ES256", k_ec256, NULL, 0, h, pl);
    const char *input = apr_pstrndup(p, good,
                                     (apr_size_t)(strrchr(good, '.') - good));
    unsigned char zero[64], der[128];
    size_t derlen = sizeof(der);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    char *s;

    ck_status(good, AS_JWT_OK);
    /* r = s = 0: the CVE-2022-21449 "psychic signature" */
    memset(zero, 0, sizeof(zero));
    s = jose_b64url(zero, 64);
    ck_status(apr_pstrcat(p, input, ".", s, NULL), AS_JWT_BAD_SIGNATURE);
    free(s);
    /* r = 0 only */
    zero[63] = 1;
    s = jose_b64url(zero, 64);
    ck_status(apr_pstrcat(p, input, ".", s, NULL), AS_JWT_BAD_SIGNATURE);
    free(s);
    /* wrong lengths */
    s = jose_b64url(zero, 63);
    ck_status(apr_pstrcat(p, input, ".", s, NULL), AS_JWT_BAD_SIGNATURE);
    free(s);
    /* a valid DER signature over the same input is not JOSE */
    ck_assert(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, k_ec256) > 0);
    ck_assert(EVP_DigestSign(ctx, der, &derlen, (const unsigned char *)input,
                             strlen(input)) > 0);
    EVP_MD_CTX_free(ctx);
    s = jose_b64url(der, derlen);
    ck_status(apr_pstrcat(p, input, ".", s, NULL), AS_JWT_BAD_SIGNATURE);
    free(s);
    /* Ed25519 signature of the wrong length */
    good = mint("EdDSA", k_ed, "ed", NULL);
    input = apr_pstrndup(p, good, (apr_size_t)(strrchr(good, '.') - good));
    s = jose_b64url(zero, 63);
    ck_status(apr_pstrcat(p, input, ".", s, NULL), AS_JWT_BAD_SIGNATURE);
    free(s);
    ck_status(apr_pstrcat(p, good, "AA", NULL), AS_JWT_BAD_SIGNATURE);
}
END_TEST

/* token with its ECDSA s replaced by n - s (sign = -1) or s + n (+1), by
 * OpenSSL's own group order; NULL if s + n does not fit */
static const char *ecdsa_twin(const char *token, int nid, int sign)
{
    const char *dot = strrchr(token, '.');
    EC_GROUP *g = EC_GROUP_new_by_curve_name(nid);
    BIGNUM *s, *n2;
    apr_size_t len, cl;
    unsigned char *sig;
    char *enc;
    const char *out = NULL;

    ck_assert_ptr_nonnull(g);
    sig = as_b64url_decode(p, dot + 1, strlen(dot + 1), &len);
    ck_assert_ptr_nonnull(sig);
    cl = len / 2;
    s = BN_bin2bn(sig + cl, (int)cl, NULL);
    n2 = BN_dup(EC_GROUP_get0_order(g));
    if (sign < 0) {
        ck_assert(BN_sub(s, n2, s));
    }
    else {
        ck_assert(BN_add(s, s, n2));
    }
    if (BN_bn2binpad(s, sig + cl, (int)cl) == (int)cl) {
        enc = jose_b64url(sig, len);
        out = apr_pstrcat(p, apr_pstrmemdup(p, token,
                                            (apr_size_t)(dot + 1 - token)),
                          enc, NULL);
        free(enc);
    }
    BN_free(s);
    BN_free(n2);
    EC_GROUP_free(g);
    return out;
}

/* Is the token's s at most n/2? */
static int low_s(const char *token, int nid)
{
    const char *dot = strrchr(token, '.');
    EC_GROUP *g = EC_GROUP_new_by_curve_name(nid);
    BIGNUM *s, *half;
    apr_size_t len;
    unsigned char *sig = as_b64url_decode(p, dot + 1, strlen(dot + 1), &len);
    int low;

    s = BN_bin2bn(sig + len / 2, (int)(len / 2), NULL);
    half = BN_dup(EC_GROUP_get0_order(g));
    BN_rshift1(half, half);
    low = BN_cmp(s, half) <= 0;
    BN_free(s);
    BN_free(half);
    EC_GROUP_free(g);
    return low;
}

/* An ECDSA token and its high-S twin both verify (ECDSA is malleable), and
 * both have one cache form, the low-S one; nothing else is changed. */
START_TEST(ecdsa_cache_form)
{
    static const struct { const char *alg, *kid; int nid; } c[] = {
        { "ES256", "ec256", NID_X9_62_prime256v1 },
        { "ES384", "ec384", NID_secp384r1 },
        { "ES512", "ec521", NID_secp521r1 },
    };
    EVP_PKEY *keys[] = { k_ec256, k_ec384, k_ec521 };
    const char *t, *twin, *form, *h, *big;
    int i, k, highs = 0;

    for (i = 0; i < 3; i++) {
        EC_GROUP *g = EC_GROUP_new_by_curve_name(c[i].nid);
        const unsigned char *ord;
        unsigned char want[66];
        apr_size_t len = 0;

        /* the module's orders are OpenSSL's */
        ord = as_jwt_ecdsa_order(c[i].alg, &len);
        ck_assert_ptr_nonnull(ord);
        ck_assert_int_eq(BN_bn2binpad(EC_GROUP_get0_order(g), want,
                                      (int)len), (int)len);
        ck_assert_mem_eq(ord, want, len);
        EC_GROUP_free(g);

        for (k = 0; k < 8; k++) {   /* random s: both halves occur */
            t = mint(c[i].alg, keys[i], c[i].kid, NULL);
            twin = ecdsa_twin(t, c[i].nid, -1);
            ck_status(t, AS_JWT_OK);
            ck_status(twin, AS_JWT_OK);
            form = as_jwt_cache_form(p, t);
            ck_assert_str_eq(as_jwt_cache_form(p, twin), form);
            ck_assert_str_eq(as_jwt_cache_form(p, form), form);
            ck_assert(low_s(form, c[i].nid));
            ck_assert(!strcmp(form, t) || !strcmp(form, twin));
            ck_status(form, AS_JWT_OK);
            highs += !low_s(t, c[i].nid);
            /* s + n, when it fits, is refused and keeps its own form */
            big = ecdsa_twin(t, c[i].nid, +1);
            if (big) {
                ck_status(big, AS_JWT_BAD_SIGNATURE);
                ck_assert_str_eq(as_jwt_cache_form(p, big), big);
            }
        }
    }
    ck_assert_int_gt(highs, 0);

    /* an HS512 MAC is as long as an ES256 signature: never changed */
    for (k = 0; k < 16; k++) {
        t = mint("HS512", NULL, "hmac", NULL);
        ck_assert_uint_eq(strlen(strrchr(t, '.') + 1), 86);
        ck_assert_ptr_eq(as_jwt_cache_form(p, t), t);
    }
    /* nor RSA, EdDSA, or anything not shaped like an ES token */
    t = mint("RS256", k_rsa, "rsa", NULL);
    ck_assert_ptr_eq(as_jwt_cache_form(p, t), t);
    t = mint("EdDSA", k_ed, "ed", NULL);
    ck_assert_ptr_eq(as_jwt_cache_form(p, t), t);
    t = mint("ES256", k_ec256, "ec256", NULL);
    twin = ecdsa_twin(t, NID_X9_62_prime256v1, -1);
    h = strchr(twin, '.');
    /* the same signature under an ES384 header: not an ES256 shape */
    big = apr_pstrcat(p, "eyJhbGciOiJFUzM4NCJ9", h, NULL);
    ck_assert_ptr_eq(as_jwt_cache_form(p, big), big);
    big = apr_pstrcat(p, "!!", h, NULL);
    ck_assert_ptr_eq(as_jwt_cache_form(p, big), big);
    big = apr_pstrcat(p, twin, ".x", NULL);
    ck_assert_ptr_eq(as_jwt_cache_form(p, big), big);
    ck_assert_ptr_null(as_jwt_cache_form(p, NULL));
    ck_assert_str_eq(as_jwt_cache_form(p, "abc"), "abc");
}
END_TEST

START_TEST(expiry_and_leeway)
{
    const char *t;

    t = mint("ES256", k_ec256, "ec256",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT "}", nows - 600));
    ck_status(t, AS_JWT_EXPIRED);
    ck_assert_str_eq(res.description, "The access token expired");
    ck_assert_str_eq(res.reason, "expired");
    ck_assert(res.exp == apr_time_from_sec(nows - 600));
    ck_assert_ptr_nonnull(res.claims);
    /* within the 60 s leeway */
    t = mint("ES256", k_ec256, "ec256",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT "}", nows - 30));
    ck_status(t, AS_JWT_OK);
    pol.leeway = 0;
    ck_status(t, AS_JWT_EXPIRED);
    /* exactly now is already expired (now must be before exp) */
    t = mint("ES256", k_ec256, "ec256",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT "}", nows));
    ck_status(t, AS_JWT_EXPIRED);
    /* fractional NumericDate */
    t = mint("ES256", k_ec256, "ec256",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT ".5}", nows + 100));
    ck_status(t, AS_JWT_OK);
    /* a string is not a NumericDate */
    t = mint("ES256", k_ec256, "ec256",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":\"%" APR_INT64_T_FMT "\"}", nows + 100));
    ck_status(t, AS_JWT_MALFORMED);
    t = mint("ES256", k_ec256, "ec256", "{\"sub\":\"a\"}");
    ck_status(t, AS_JWT_MISSING_EXP);
    /* absurd exp does not overflow */
    t = mint("ES256", k_ec256, "ec256", "{\"sub\":\"a\",\"exp\":1e300}");
    ck_status(t, AS_JWT_OK);
    ck_assert(res.exp > now);
}
END_TEST

START_TEST(nbf_and_iat)
{
    const char *t;

    t = mint("EdDSA", k_ed, "ed", apr_psprintf(p, "{\"sub\":\"a\",\"exp\":"
                                               "%" APR_INT64_T_FMT ",\"nbf\":%" APR_INT64_T_FMT "}",
                                               nows + 900, nows + 600));
    ck_status(t, AS_JWT_NOT_YET_VALID);
    ck_assert_str_eq(res.reason, "not-yet-valid");
    t = mint("EdDSA", k_ed, "ed", apr_psprintf(p, "{\"sub\":\"a\",\"exp\":"
                                               "%" APR_INT64_T_FMT ",\"nbf\":%" APR_INT64_T_FMT "}",
                                               nows + 900, nows + 30));
    ck_status(t, AS_JWT_OK);
    t = mint("EdDSA", k_ed, "ed", apr_psprintf(p, "{\"sub\":\"a\",\"exp\":"
                                               "%" APR_INT64_T_FMT ",\"iat\":%" APR_INT64_T_FMT "}",
                                               nows + 900, nows + 600));
    ck_status(t, AS_JWT_NOT_YET_VALID);
    ck_assert_str_eq(res.detail, "iat is in the future");
    t = mint("EdDSA", k_ed, "ed", apr_psprintf(p, "{\"sub\":\"a\",\"exp\":"
                                               "%" APR_INT64_T_FMT ",\"iat\":\"x\"}",
                                               nows + 900));
    ck_status(t, AS_JWT_MALFORMED);
    t = mint("EdDSA", k_ed, "ed", apr_psprintf(p, "{\"sub\":\"a\",\"exp\":"
                                               "%" APR_INT64_T_FMT ",\"nbf\":null}",
                                               nows + 900));
    ck_status(t, AS_JWT_MALFORMED);
}
END_TEST

START_TEST(token_type_at_jwt)
{
    const char *pl = std_payload();
    const char *at = mint_raw("RS256", k_rsa, NULL, 0,
                              "{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}", pl);
    const char *app = mint_raw("RS256", k_rsa, NULL, 0,
                               "{\"alg\":\"RS256\",\"typ\":"
                               "\"application/AT+JWT\"}", pl);
    const char *idt = mint("RS256", k_rsa, NULL, NULL);  /* typ JWT */
    const char *none = mint_raw("RS256", k_rsa, NULL, 0,
                                "{\"alg\":\"RS256\"}", pl);

    /* any (the default): every typ */
    ck_status(idt, AS_JWT_OK);
    ck_status(none, AS_JWT_OK);
    pol.at_jwt = 1;
    ck_status(at, AS_JWT_OK);
    ck_status(app, AS_JWT_OK);
    ck_status(idt, AS_JWT_BAD_TYPE);
    ck_status(none, AS_JWT_BAD_TYPE);
    ck_assert_str_eq(as_jwt_status_reason(AS_JWT_BAD_TYPE), "bad-type");
}
END_TEST

START_TEST(client_id_is_the_user_without_sub)
{
    const char *t = mint("RS256", k_rsa, NULL,
                         apr_psprintf(p, "{\"client_id\":\"svc-1\",\"exp\":%"
                                      APR_INT64_T_FMT "}", nows + 900));
    const char *neither = mint("RS256", k_rsa, NULL,
                               apr_psprintf(p, "{\"exp\":%" APR_INT64_T_FMT
                                            "}", nows + 900));
    const char *both = mint("RS256", k_rsa, NULL,
                            apr_psprintf(p, "{\"sub\":\"u\",\"client_id\":"
                                         "\"c\",\"exp\":%" APR_INT64_T_FMT
                                         "}", nows + 900));

    ck_status(t, AS_JWT_OK);
    ck_assert_str_eq(res.user, "svc-1");
    ck_status(neither, AS_JWT_NO_USER);
    ck_status(both, AS_JWT_OK);
    ck_assert_str_eq(res.user, "u");
}
END_TEST

START_TEST(peek_issuer)
{
    ck_assert_str_eq(as_jwt_peek_issuer(p, mint("RS256", k_rsa, NULL, NULL)),
                     "https://as.example");
    ck_assert_ptr_null(as_jwt_peek_issuer(p, "a.b"));
    ck_assert_ptr_null(as_jwt_peek_issuer(p, "e30.e30.x"));   /* {} */
    ck_assert_ptr_null(as_jwt_peek_issuer(p, "e30.!!.x"));
}
END_TEST

START_TEST(issuer_and_audience)
{
    const char *t = mint("RS256", k_rsa, "rsa", NULL);
    const char *quote;

    pol.issuers = apr_array_make(p, 2, sizeof(const char *));
    APR_ARRAY_PUSH(pol.issuers, const char *) = "https://as.example";
    ck_status(t, AS_JWT_OK);
    APR_ARRAY_IDX(pol.issuers, 0, const char *) = "https://other.example";
    ck_status(t, AS_JWT_BAD_ISSUER);
    /* several issuers: any one of them */
    APR_ARRAY_PUSH(pol.issuers, const char *) = "https://as.example";
    ck_status(t, AS_JWT_OK);
    pol.audiences = apr_array_make(p, 2, sizeof(const char *));
    APR_ARRAY_PUSH(pol.audiences, const char *) = "https://rs.example";
    ck_status(t, AS_JWT_OK);
    t = mint("RS256", k_rsa, "rsa",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT ",\"iss\":"
                          "\"https://as.example\",\"aud\":[\"x\","
                          "\"https://rs.example\"]}", nows + 60));
    ck_status(t, AS_JWT_OK);
    t = mint("RS256", k_rsa, "rsa",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT ",\"iss\":"
                          "\"https://as.example\",\"aud\":[\"x\",\"y\"]}",
                          nows + 60));
    ck_status(t, AS_JWT_BAD_AUDIENCE);
    t = mint("RS256", k_rsa, "rsa",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT ",\"iss\":"
                          "\"https://as.example\",\"aud\":\"x\"}", nows + 60));
    ck_status(t, AS_JWT_BAD_AUDIENCE);
    t = mint("RS256", k_rsa, "rsa",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT ",\"iss\":"
                          "\"https://as.example\"}", nows + 60));
    ck_status(t, AS_JWT_BAD_AUDIENCE);
    ck_assert_str_eq(res.detail, "no aud claim");
    /* second configured audience matches */
    APR_ARRAY_PUSH(pol.audiences, const char *) = "x";
    t = mint("RS256", k_rsa, "rsa",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT ",\"iss\":"
                          "\"https://as.example\",\"aud\":\"x\"}", nows + 60));
    ck_status(t, AS_JWT_OK);
    /* issuer missing, or with a quote: nothing of it in the description */
    t = mint("RS256", k_rsa, "rsa",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT ",\"aud\":\"x\"}",
                          nows + 60));
    ck_status(t, AS_JWT_BAD_ISSUER);
    t = mint("RS256", k_rsa, "rsa",
             apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT ",\"aud\":\"x\","
                          "\"iss\":\"https://as.example/\\\"x\"}",
                          nows + 60));
    ck_status(t, AS_JWT_BAD_ISSUER);
    quote = strchr(res.description, '"');
    ck_assert_ptr_null(quote);
}
END_TEST

START_TEST(kid_selection)
{
    /* kid picks one of two RSA keys */
    ck_status(mint("RS256", k_rsa2, "rsa2", NULL), AS_JWT_OK);
    ck_status(mint("RS256", k_rsa2, "rsa", NULL), AS_JWT_BAD_SIGNATURE);
    /* unknown kid, and kids that try path tricks */
    ck_status(mint("RS256", k_rsa, "nope", NULL), AS_JWT_UNKNOWN_KEY);
    ck_assert_str_eq(res.kid, "nope");
    ck_status(mint("RS256", k_rsa, "../../etc/passwd", NULL),
              AS_JWT_UNKNOWN_KEY);
    /* no kid: the second RSA key is found by trying */
    ck_status(mint("PS256", k_rsa2, NULL, NULL), AS_JWT_OK);
    ck_assert_ptr_null(res.kid);
    /* kid must be a string */
    ck_status(mint_raw("RS256", k_rsa, NULL, 0, "{\"alg\":\"RS256\","
                       "\"kid\":1}", std_payload()), AS_JWT_MALFORMED);
    /* jku / x5u are never followed: the kid decides, and it is unknown */
    ck_status(mint_raw("RS256", k_rsa, NULL, 0, "{\"alg\":\"RS256\","
                       "\"kid\":\"attacker\",\"jku\":"
                       "\"http://127.0.0.1:9/keys\"}", std_payload()),
              AS_JWT_UNKNOWN_KEY);
    /* and a known kid with a jku still uses our key */
    ck_status(mint_raw("RS256", k_rsa, NULL, 0, "{\"alg\":\"RS256\","
                       "\"kid\":\"rsa\",\"x5u\":\"http://127.0.0.1:9/c\"}",
                       std_payload()), AS_JWT_OK);
}
END_TEST

START_TEST(kidless_keys_take_unknown_kids)
{
    as_keyset_t *k2 = as_keyset_make(p);
    const char *t;
    BIO *b = BIO_new(BIO_s_mem());
    char *data;
    long n;

    PEM_write_bio_PUBKEY(b, k_ec384);
    n = BIO_get_mem_data(b, &data);
    ck_assert_ptr_null(as_keyset_load_buffer(k2, p, "pem", data,
                                             (apr_size_t)n, NULL));
    BIO_free(b);
    t = mint("ES384", k_ec384, "whatever-the-idp-says", NULL);
    ck_assert_int_eq(as_jwt_verify(p, k2, &pol, t, now, &res), AS_JWT_OK);
    t = mint("ES256", k_ec256, NULL, NULL);
    ck_assert_int_eq(as_jwt_verify(p, k2, &pol, t, now, &res),
                     AS_JWT_ALG_NOT_ALLOWED);
}
END_TEST

START_TEST(crit_header)
{
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       "{\"alg\":\"HS256\",\"crit\":[\"exp2\"],\"exp2\":1}",
                       std_payload()), AS_JWT_CRIT);
    ck_assert_str_eq(res.reason, "crit");
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       "{\"alg\":\"HS256\",\"crit\":[]}", std_payload()),
              AS_JWT_CRIT);
}
END_TEST

START_TEST(duplicate_members)
{
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       "{\"alg\":\"HS256\",\"alg\":\"HS256\"}",
                       std_payload()), AS_JWT_MALFORMED);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       hdr("HS256", "hmac"),
                       apr_psprintf(p, "{\"sub\":\"alice\",\"exp\":%" APR_INT64_T_FMT ","
                                    "\"sub\":\"admin\"}", nows + 60)),
              AS_JWT_MALFORMED);
    ck_assert_ptr_null(res.user);
}
END_TEST

START_TEST(segments_and_alphabet)
{
    const char *t = mint("HS256", NULL, "hmac", NULL);
    const char *d1 = strchr(t, '.'), *d2 = strrchr(t, '.');
    const char *h = apr_pstrndup(p, t, (apr_size_t)(d1 - t));
    const char *pl = apr_pstrndup(p, d1 + 1, (apr_size_t)(d2 - d1 - 1));
    const char *s = d2 + 1;
    char *bad;

    ck_status(t, AS_JWT_OK);
    /* a header segment that is not strict base64url (trailing bits set,
     * a length of 1 mod 4): MALFORMED, never an unset status */
    ck_status(apr_pstrcat(p, "garbage.", pl, ".", s, NULL), AS_JWT_MALFORMED);
    ck_status(apr_pstrcat(p, "eyJhbGciOiJIUzI1NiJ9x.", pl, ".", s, NULL),
              AS_JWT_MALFORMED);
    ck_assert_ptr_null(res.user);
    ck_status(apr_pstrcat(p, h, ".", pl, NULL), AS_JWT_MALFORMED);
    ck_status(apr_pstrcat(p, t, ".", s, NULL), AS_JWT_MALFORMED);
    ck_status(apr_pstrcat(p, h, ".", pl, ".", s, ".", s, ".", s, NULL),
              AS_JWT_MALFORMED);
    ck_status(apr_pstrcat(p, h, "..", s, NULL), AS_JWT_MALFORMED);
    ck_status(apr_pstrcat(p, ".", pl, ".", s, NULL), AS_JWT_MALFORMED);
    ck_status("", AS_JWT_MALFORMED);
    ck_status("abc", AS_JWT_MALFORMED);
    ck_status(NULL, AS_JWT_MALFORMED);
    /* padding, whitespace, base64 (not url) characters */
    ck_status(apr_pstrcat(p, h, "=.", pl, ".", s, NULL), AS_JWT_MALFORMED);
    ck_status(apr_pstrcat(p, t, "=", NULL), AS_JWT_MALFORMED);
    ck_status(apr_pstrcat(p, t, " ", NULL), AS_JWT_MALFORMED);
    ck_status(apr_pstrcat(p, " ", t, NULL), AS_JWT_MALFORMED);
    bad = apr_pstrdup(p, t);
    bad[3] = '+';
    ck_status(bad, AS_JWT_MALFORMED);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       "{\"alg\":\"HS256\"}", std_payload()), AS_JWT_OK);
    /* not objects */
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret), "[1]",
                       std_payload()), AS_JWT_MALFORMED);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       hdr("HS256", NULL), "[\"sub\"]"), AS_JWT_MALFORMED);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       hdr("HS256", NULL), "\"x\""), AS_JWT_MALFORMED);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       hdr("HS256", NULL), "{\"sub\":"), AS_JWT_MALFORMED);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       "{\"alg\":\"HS256\"} x", std_payload()),
              AS_JWT_MALFORMED);
    /* a JWE (5 segments) */
    ck_status("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d",
              AS_JWT_MALFORMED);
}
END_TEST

START_TEST(not_utf8)
{
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       hdr("HS256", NULL),
                       apr_psprintf(p, "{\"sub\":\"al\xff\xfeice\","
                                    "\"exp\":%" APR_INT64_T_FMT "}", nows + 60)),
              AS_JWT_MALFORMED);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       "{\"alg\":\"HS256\",\"kid\":\"\xc3\x28\"}",
                       std_payload()), AS_JWT_MALFORMED);
    /* \u0000 inside a claim */
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       hdr("HS256", NULL),
                       apr_psprintf(p, "{\"sub\":\"a\\u0000b\","
                                    "\"exp\":%" APR_INT64_T_FMT "}", nows + 60)),
              AS_JWT_MALFORMED);
    /* valid UTF-8 user names are fine */
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       hdr("HS256", NULL),
                       apr_psprintf(p, "{\"sub\":\"J\xc3\xbcrgen\","
                                    "\"exp\":%" APR_INT64_T_FMT "}", nows + 60)),
              AS_JWT_OK);
    ck_assert_str_eq(res.user, "J\xc3\xbcrgen");
}
END_TEST

START_TEST(too_large)
{
    char *big = apr_palloc(p, 100001);
    const char *t = mint("HS256", NULL, "hmac", NULL);

    memset(big, 'A', 100000);
    big[100000] = '\0';
    ck_status(big, AS_JWT_TOO_LARGE);
    ck_assert_str_eq(res.reason, "too-large");
    pol.max_len = strlen(t);
    ck_status(t, AS_JWT_OK);
    pol.max_len = strlen(t) - 1;
    ck_status(t, AS_JWT_TOO_LARGE);
}
END_TEST

/* nesting deeper than AS_JWT_MAX_DEPTH is refused before jansson parses
 * it, in the header (before the signature check) and in the claims;
 * brackets inside strings do not count */
START_TEST(too_deep)
{
    char *open = apr_palloc(p, AS_JWT_MAX_DEPTH + 2);
    char *close = apr_palloc(p, AS_JWT_MAX_DEPTH + 2);
    const char *claims;

    memset(open, '[', AS_JWT_MAX_DEPTH + 1);
    memset(close, ']', AS_JWT_MAX_DEPTH + 1);
    open[AS_JWT_MAX_DEPTH + 1] = close[AS_JWT_MAX_DEPTH + 1] = '\0';

    /* claims object + (MAX_DEPTH - 1) arrays: exactly the limit */
    claims = apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT
                          ",\"x\":%.*s%.*s,\"s\":\"[[[[[[[[[[[[[[[[[[[[\"}",
                          nows + 60, AS_JWT_MAX_DEPTH - 1, open,
                          AS_JWT_MAX_DEPTH - 1, close);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       hdr("HS256", NULL), claims), AS_JWT_OK);
    /* one level more */
    claims = apr_psprintf(p, "{\"sub\":\"a\",\"exp\":%" APR_INT64_T_FMT
                          ",\"x\":%.*s%.*s}", nows + 60, AS_JWT_MAX_DEPTH,
                          open, AS_JWT_MAX_DEPTH, close);
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       hdr("HS256", NULL), claims), AS_JWT_TOO_LARGE);
    ck_assert_ptr_nonnull(strstr(res.detail, "too deeply"));
    /* a deep header is refused before any key is looked at */
    ck_status(mint_raw("HS256", NULL, hsecret, sizeof(hsecret),
                       apr_psprintf(p, "{\"alg\":\"HS256\",\"x\":%s%s}",
                                    open, close),
                       "{\"sub\":\"a\"}"), AS_JWT_TOO_LARGE);
    ck_assert_ptr_nonnull(strstr(res.detail, "header nests"));
}
END_TEST

START_TEST(user_claim)
{
    const char *t = mint("HS256", NULL, NULL,
                         apr_psprintf(p, "{\"sub\":\"s-1\",\"email\":"
                                      "\"a@example.org\",\"n\":5,\"e\":\"\","
                                      "\"exp\":%" APR_INT64_T_FMT "}", nows + 60));

    ck_status(t, AS_JWT_OK);
    ck_assert_str_eq(res.user, "s-1");
    pol.user_claim = "email";
    ck_status(t, AS_JWT_OK);
    ck_assert_str_eq(res.user, "a@example.org");
    pol.user_claim = "n";
    ck_status(t, AS_JWT_NO_USER);
    pol.user_claim = "e";
    ck_status(t, AS_JWT_NO_USER);
    pol.user_claim = "absent";
    ck_status(t, AS_JWT_NO_USER);
    ck_assert_ptr_null(res.user);
    ck_assert_ptr_nonnull(res.claims);
}
END_TEST

/* The user becomes REMOTE_USER and header lines to backends: a validly
 * signed user claim with CR LF (a header, or a request, of its own), any
 * other control character, or over 256 bytes is refused. */
START_TEST(user_claim_safe)
{
    static const char *const bad[] = {
        "eve\\r\\nX-Injected: 1\\r\\n\\r\\nGET /smuggled HTTP/1.1",
        "eve\\n", "a\\u0001b", "tab\\there", "del\\u007f", NULL
    };
    char *long_sub = apr_palloc(p, 258);
    int i;

    for (i = 0; bad[i]; i++) {
        const char *t = mint("HS256", NULL, NULL,
                             apr_psprintf(p, "{\"sub\":\"%s\",\"exp\":%"
                                          APR_INT64_T_FMT "}", bad[i],
                                          nows + 60));

        ck_status(t, AS_JWT_NO_USER);
        ck_assert_ptr_null(res.user);
    }
    memset(long_sub, 'u', 257);
    long_sub[257] = '\0';
    ck_status(mint("HS256", NULL, NULL,
                   apr_psprintf(p, "{\"sub\":\"%s\",\"exp\":%"
                                APR_INT64_T_FMT "}", long_sub, nows + 60)),
              AS_JWT_NO_USER);
    long_sub[256] = '\0';
    ck_status(mint("HS256", NULL, NULL,
                   apr_psprintf(p, "{\"sub\":\"%s\",\"exp\":%"
                                APR_INT64_T_FMT "}", long_sub, nows + 60)),
              AS_JWT_OK);
    /* UTF-8 beyond ASCII is fine */
    ck_status(mint("HS256", NULL, NULL,
                   apr_psprintf(p, "{\"sub\":\"j\u00fcrgen\",\"exp\":%"
                                APR_INT64_T_FMT "}", nows + 60)), AS_JWT_OK);
    ck_assert(as_jwt_user_ok("a", 1));
    ck_assert(!as_jwt_user_ok("", 0));
    ck_assert(!as_jwt_user_ok("a\rb", 3));
}
END_TEST

START_TEST(descriptions_are_safe)
{
    int st;
    const char *seen[AS_JWT_TOO_LARGE + 1];

    for (st = AS_JWT_OK; st <= AS_JWT_TOO_LARGE; st++) {
        const char *d = as_jwt_status_description((as_jwt_status_e)st);
        const char *c;
        int j;

        ck_assert_ptr_nonnull(d);
        for (c = d; *c; c++) {
            ck_assert(*c >= 0x20 && *c < 0x7f && *c != '"' && *c != '\\');
        }
        for (j = 0; j < st; j++) {
            ck_assert_str_ne(seen[j], d);
        }
        seen[st] = d;
        ck_assert_ptr_nonnull(as_jwt_status_reason((as_jwt_status_e)st));
    }
    ck_assert_str_eq(as_jwt_status_description(AS_JWT_EXPIRED),
                     "The access token expired");
}
END_TEST

static json_t *claims_of(const char *text)
{
    json_t *j = json_loads(text, 0, NULL);

    ck_assert_ptr_nonnull(j);
    return j;
}

static apr_array_header_t *list(const char *a, const char *b, const char *c)
{
    apr_array_header_t *l = apr_array_make(p, 3, sizeof(const char *));

    if (a) {
        APR_ARRAY_PUSH(l, const char *) = a;
    }
    if (b) {
        APR_ARRAY_PUSH(l, const char *) = b;
    }
    if (c) {
        APR_ARRAY_PUSH(l, const char *) = c;
    }
    return l;
}

START_TEST(scopes)
{
    json_t *c = claims_of("{\"scope\":\"read write:all  admin\"}");
    json_t *scp = claims_of("{\"scp\":[\"read\",\"write\"]}");
    json_t *scps = claims_of("{\"scp\":\"read write\"}");
    json_t *none = claims_of("{\"scope\":42}");
    const char *missing = "x";

    ck_assert(as_jwt_has_scopes(c, list("read", NULL, NULL), p, &missing));
    ck_assert_ptr_null(missing);
    ck_assert(as_jwt_has_scopes(c, list("admin", "write:all", NULL), p,
                                NULL));
    ck_assert(!as_jwt_has_scopes(c, list("write", "read", "rea"), p,
                                 &missing));
    ck_assert_str_eq(missing, "write rea");
    ck_assert(as_jwt_has_scopes(scp, list("write", "read", NULL), p,
                                &missing));
    ck_assert(!as_jwt_has_scopes(scp, list("delete", NULL, NULL), p,
                                 &missing));
    ck_assert_str_eq(missing, "delete");
    ck_assert(as_jwt_has_scopes(scps, list("write", NULL, NULL), p, NULL));
    ck_assert(!as_jwt_has_scopes(none, list("42", NULL, NULL), p, NULL));
    ck_assert(as_jwt_has_scopes(none, list(NULL, NULL, NULL), p, NULL));
    ck_assert(!as_jwt_has_scopes(NULL, list("a", NULL, NULL), p, NULL));
    json_decref(c);
    json_decref(scp);
    json_decref(scps);
    json_decref(none);
}
END_TEST

START_TEST(claim_matching)
{
    json_t *c = claims_of("{\"role\":\"admin\",\"groups\":[\"a\",\"b\",7],"
                          "\"level\":42,\"ok\":true,\"no\":false,"
                          "\"r\":1.5,\"n\":null,\"o\":{\"x\":\"y\"}}");

    ck_assert(as_jwt_claim_matches(c, "role", list("user", "admin", NULL)));
    ck_assert(!as_jwt_claim_matches(c, "role", list("Admin", NULL, NULL)));
    ck_assert(as_jwt_claim_matches(c, "groups", list("b", NULL, NULL)));
    ck_assert(as_jwt_claim_matches(c, "groups", list("7", NULL, NULL)));
    ck_assert(!as_jwt_claim_matches(c, "groups", list("c", NULL, NULL)));
    ck_assert(as_jwt_claim_matches(c, "level", list("42", NULL, NULL)));
    ck_assert(!as_jwt_claim_matches(c, "level", list("4", NULL, NULL)));
    ck_assert(as_jwt_claim_matches(c, "ok", list("true", NULL, NULL)));
    ck_assert(as_jwt_claim_matches(c, "no", list("false", NULL, NULL)));
    ck_assert(as_jwt_claim_matches(c, "r", list("1.5", NULL, NULL)));
    ck_assert(!as_jwt_claim_matches(c, "n", list("null", NULL, NULL)));
    ck_assert(!as_jwt_claim_matches(c, "o", list("{\"x\":\"y\"}", NULL,
                                                 NULL)));
    ck_assert(!as_jwt_claim_matches(c, "absent", list("x", NULL, NULL)));
    ck_assert(!as_jwt_claim_matches(NULL, "role", list("admin", NULL, NULL)));
    /* dotted paths into nested objects, arrays by membership */
    ck_assert(as_jwt_claim_matches(c, "o.x", list("y", NULL, NULL)));
    ck_assert(!as_jwt_claim_matches(c, "o.x.z", list("y", NULL, NULL)));
    ck_assert(!as_jwt_claim_matches(c, "o.", list("y", NULL, NULL)));
    ck_assert(!as_jwt_claim_matches(c, ".o", list("y", NULL, NULL)));
    json_decref(c);
    c = claims_of("{\"realm_access\":{\"roles\":[\"admin\",\"dev\"]},"
                  "\"https://x.example/a.b\":\"lit\","
                  "\"resource_access\":{\"api\":{\"roles\":[\"r1\"]}}}");
    ck_assert(as_jwt_claim_matches(c, "realm_access.roles", list("dev", NULL, NULL)));
    ck_assert(!as_jwt_claim_matches(c, "realm_access.roles", list("ops", NULL, NULL)));
    ck_assert(as_jwt_claim_matches(c, "resource_access.api.roles", list("r1", NULL, NULL)));
    /* a claim name with dots is taken literally first */
    ck_assert(as_jwt_claim_matches(c, "https://x.example/a.b", list("lit", NULL, NULL)));
    json_decref(c);
}
END_TEST

static void collect(void *baton, const char *name, const char *value)
{
    apr_table_t *t = baton;

    apr_table_set(t, name, value);
}

START_TEST(export)
{
    json_t *c = claims_of("{\"sub\":\"alice\",\"given-name\":\"Al\","
                          "\"https://x.example/role\":\"r\",\"n\":-3,"
                          "\"f\":0.25,\"b\":true,\"bad\":\"a\\nb\","
                          "\"del\":\"x\\u007f\",\"arr\":[1],\"obj\":{},"
                          "\"nul\":null,\"\":\"empty\","
                          "\"realm_access\":{\"roles\":[\"admin\",\"dev\"],"
                          "\"deep\":{\"x\":2}},\"mixed\":[1,{}],"
                          "\"ctl\":[\"a\",\"b\\nc\"],\"none\":[]}");
    apr_table_t *t = apr_table_make(p, 8);

    as_jwt_export_claims(c, p, collect, t);
    ck_assert_str_eq(apr_table_get(t, "SUB"), "alice");
    ck_assert_str_eq(apr_table_get(t, "GIVEN_NAME"), "Al");
    ck_assert_str_eq(apr_table_get(t, "HTTPS___X_EXAMPLE_ROLE"), "r");
    ck_assert_str_eq(apr_table_get(t, "N"), "-3");
    ck_assert_str_eq(apr_table_get(t, "F"), "0.25");
    ck_assert_str_eq(apr_table_get(t, "B"), "true");
    ck_assert_ptr_null(apr_table_get(t, "BAD"));
    ck_assert_ptr_null(apr_table_get(t, "DEL"));
    ck_assert_str_eq(apr_table_get(t, "ARR"), "1");
    ck_assert_ptr_null(apr_table_get(t, "OBJ"));
    ck_assert_ptr_null(apr_table_get(t, "NUL"));
    /* nested by path, arrays as lists; never a control character */
    ck_assert_str_eq(apr_table_get(t, "REALM_ACCESS_ROLES"), "admin dev");
    ck_assert_str_eq(apr_table_get(t, "REALM_ACCESS_DEEP_X"), "2");
    ck_assert_ptr_null(apr_table_get(t, "MIXED"));
    ck_assert_ptr_null(apr_table_get(t, "CTL"));
    ck_assert_ptr_null(apr_table_get(t, "NONE"));
    ck_assert_int_eq(apr_table_elts(t)->nelts, 9);
    as_jwt_export_claims(NULL, p, collect, t);
    json_decref(c);
}
END_TEST

START_TEST(claims_freed_with_pool)
{
    apr_pool_t *sub;
    as_jwt_result_t r2;
    json_t *claims;

    apr_pool_create(&sub, p);
    ck_assert_int_eq(as_jwt_verify(sub, ks, &pol,
                                   mint("HS512", NULL, "hmac", NULL), now,
                                   &r2), AS_JWT_OK);
    claims = r2.claims;
    ck_assert_int_eq(claims->refcount, 1);
    json_incref(claims);
    apr_pool_destroy(sub);
    ck_assert_int_eq(claims->refcount, 1);
    json_decref(claims);
}
END_TEST

Suite *as_jwt_suite(void)
{
    Suite *s = suite_create("as_jwt");
    TCase *tc = tcase_create("jwt");

    tcase_add_unchecked_fixture(tc, suite_setup, suite_teardown);
    tcase_add_checked_fixture(tc, test_setup, test_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, every_alg_verifies);
    tcase_add_test(tc, wrong_key_and_tampering);
    tcase_add_test(tc, alg_none_every_case);
    tcase_add_test(tc, hs256_with_rsa_public_key);
    tcase_add_test(tc, policy_and_key_alg_restrict);
    tcase_add_test(tc, ecdsa_signature_shapes);
    tcase_add_test(tc, ecdsa_cache_form);
    tcase_add_test(tc, expiry_and_leeway);
    tcase_add_test(tc, nbf_and_iat);
    tcase_add_test(tc, issuer_and_audience);
    tcase_add_test(tc, token_type_at_jwt);
    tcase_add_test(tc, client_id_is_the_user_without_sub);
    tcase_add_test(tc, peek_issuer);
    tcase_add_test(tc, kid_selection);
    tcase_add_test(tc, kidless_keys_take_unknown_kids);
    tcase_add_test(tc, crit_header);
    tcase_add_test(tc, duplicate_members);
    tcase_add_test(tc, segments_and_alphabet);
    tcase_add_test(tc, not_utf8);
    tcase_add_test(tc, too_large);
    tcase_add_test(tc, too_deep);
    tcase_add_test(tc, user_claim);
    tcase_add_test(tc, user_claim_safe);
    tcase_add_test(tc, descriptions_are_safe);
    tcase_add_test(tc, scopes);
    tcase_add_test(tc, claim_matching);
    tcase_add_test(tc, export);
    tcase_add_test(tc, claims_freed_with_pool);
    suite_add_tcase(s, tc);
    return s;
}
