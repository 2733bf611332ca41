/* Licensed under the Apache License, Version 2.0. */
/*
 * Unit tests for the key store: JWK Sets and PEM files generated at run
 * time with OpenSSL, written to a temp dir and loaded through
 * as_keyset_load_file, plus every refusal with its message.
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_file_io.h>
#include <apr_strings.h>

#include <openssl/encoder.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "as_keys.h"
#include "../tools/as_jose.h"
#include "unit_pool.h"

static apr_pool_t *kpool;       /* suite lifetime */
static const char *kdir;        /* temp dir for the key files */
static EVP_PKEY *k_rsa, *k_rsa1024, *k_ec256, *k_ec384, *k_ec521, *k_ed;

static apr_pool_t *p;           /* per test */
static apr_array_header_t *warnings;

static void suite_setup(void)
{
    char *tmpl;

    apr_initialize();
    apr_pool_create(&kpool, NULL);
    tmpl = apr_pstrdup(kpool, "/tmp/as_keys_XXXXXX");
    kdir = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(kdir);
    k_rsa = jose_keygen("rsa");
    k_rsa1024 = jose_keygen("rsa1024");
    k_ec256 = jose_keygen("ec256");
    k_ec384 = jose_keygen("ec384");
    k_ec521 = jose_keygen("ec521");
    k_ed = jose_keygen("ed25519");
    ck_assert(k_rsa && k_rsa1024 && k_ec256 && k_ec384 && k_ec521 && k_ed);
}

static void suite_teardown(void)
{
    unit_rm_tmpdir(kpool, kdir);
    EVP_PKEY_free(k_rsa);
    EVP_PKEY_free(k_rsa1024);
    EVP_PKEY_free(k_ec256);
    EVP_PKEY_free(k_ec384);
    EVP_PKEY_free(k_ec521);
    EVP_PKEY_free(k_ed);
    apr_pool_destroy(kpool);
    apr_terminate();
}

static void test_setup(void)
{
    apr_pool_create(&p, kpool);
    warnings = apr_array_make(p, 4, sizeof(const char *));
}

static void test_teardown(void)
{
    apr_pool_destroy(p);
}

/* Write data to a new file in the temp dir; its path. */
static const char *put_file(const char *name, const char *data)
{
    const char *path = apr_pstrcat(p, kdir, "/", name, NULL);
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    fputs(data, f);
    fclose(f);
    return path;
}

/* A JWK (as JSON text) for pkey with extra members merged in. */
static json_t *jwk_of(EVP_PKEY *pk, const char *kid, const char *alg)
{
    json_t *j = jose_jwk(pk, NULL, 0);

    if (kid) {
        json_object_set_new(j, "kid", json_string(kid));
    }
    if (alg) {
        json_object_set_new(j, "alg", json_string(alg));
    }
    return j;
}

static json_t *jwk_oct(size_t len, const char *kid)
{
    unsigned char secret[128];
    json_t *j;

    memset(secret, 0x5a, sizeof(secret));
    j = jose_jwk(NULL, secret, len);
    if (kid) {
        json_object_set_new(j, "kid", json_string(kid));
    }
    return j;
}

/* Dump a JWK Set of the given JWKs (references stolen) to a file. */
static const char *put_set(const char *name, json_t *k1, json_t *k2,
                           json_t *k3)
{
    json_t *set = json_object(), *keys = json_array();
    char *text;
    const char *path;

    json_object_set_new(set, "keys", keys);
    if (k1) {
        json_array_append_new(keys, k1);
    }
    if (k2) {
        json_array_append_new(keys, k2);
    }
    if (k3) {
        json_array_append_new(keys, k3);
    }
    text = json_dumps(set, JSON_INDENT(1));
    path = put_file(name, text);
    free(text);
    json_decref(set);
    return path;
}

static const char *put_json(const char *name, json_t *j)
{
    char *text = json_dumps(j, 0);
    const char *path = put_file(name, text);

    free(text);
    json_decref(j);
    return path;
}

static const char *pem_pub(EVP_PKEY *pk)
{
    BIO *b = BIO_new(BIO_s_mem());
    char *data;
    long n;
    const char *s;

    PEM_write_bio_PUBKEY(b, pk);
    n = BIO_get_mem_data(b, &data);
    s = apr_pstrmemdup(p, data, (apr_size_t)n);
    BIO_free(b);
    return s;
}

/* Load path into a fresh key set; the error (or NULL). */
static const char *load(as_keyset_t **ksp, const char *path)
{
    *ksp = as_keyset_make(p);
    return as_keyset_load_file(*ksp, p, path, warnings);
}

static void assert_error(const char *path, const char *needle)
{
    as_keyset_t *ks;
    const char *err = load(&ks, path);

    ck_assert_msg(err != NULL, "%s: loaded but should fail with '%s'",
                  path, needle);
    ck_assert_msg(strstr(err, path) != NULL, "error does not name the file: "
                  "%s", err);
    ck_assert_msg(strstr(err, needle) != NULL, "error '%s' lacks '%s'",
                  err, needle);
    ck_assert_int_eq(as_keyset_count(ks), 0);
}

static int has_alg(apr_array_header_t *a, const char *alg)
{
    int i;

    for (i = 0; i < a->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(a, i, const char *), alg)) {
            return 1;
        }
    }
    return 0;
}

START_TEST(jwks_all_kinds)
{
    json_t *set = json_object(), *keys = json_array();
    as_keyset_t *ks;
    const char *err;
    apr_array_header_t *algs;
    const as_key_t *k;

    json_object_set_new(set, "keys", keys);
    json_array_append_new(keys, jwk_of(k_rsa, "r", NULL));
    json_array_append_new(keys, jwk_of(k_ec256, "e256", "ES256"));
    json_array_append_new(keys, jwk_of(k_ec384, "e384", NULL));
    json_array_append_new(keys, jwk_of(k_ec521, "e521", NULL));
    json_array_append_new(keys, jwk_of(k_ed, "ed", "EdDSA"));
    json_array_append_new(keys, jwk_oct(32, "h"));
    err = load(&ks, put_json("all.json", set));
    ck_assert_msg(err == NULL, "%s", err);
    ck_assert_int_eq(as_keyset_count(ks), 6);
    ck_assert_int_eq(warnings->nelts, 0);
    ck_assert(as_keyset_has_hmac(ks));
    algs = as_keyset_algs(ks, p);
    /* six RS/PS, ES256/384/512, EdDSA, and HS256 only: a 32-byte secret
     * is too short for HS384 and HS512 (RFC 7518 section 3.2) */
    ck_assert_int_eq(algs->nelts, 11);
    ck_assert(has_alg(algs, "HS256") && !has_alg(algs, "HS384")
              && !has_alg(algs, "HS512"));
    ck_assert(has_alg(algs, "PS512") && has_alg(algs, "ES512")
              && has_alg(algs, "EdDSA"));
    k = as_keyset_get(ks, 1);
    ck_assert_str_eq(k->kid, "e256");
    ck_assert_str_eq(k->crv, "P-256");
    ck_assert_int_eq(k->coord_len, 32);
    ck_assert(as_key_fits_alg(k, "ES256"));
    ck_assert(!as_key_fits_alg(k, "ES384"));
    ck_assert(!as_key_fits_alg(k, "RS256"));
    k = as_keyset_get(ks, 0);
    ck_assert(as_key_fits_alg(k, "RS256") && as_key_fits_alg(k, "PS384"));
    ck_assert(!as_key_fits_alg(k, "HS256"));
    ck_assert(!as_key_fits_alg(k, "none"));
    ck_assert(as_keyset_get(ks, 3)->coord_len == 66);
    ck_assert(as_keyset_get(ks, 5)->secret_len == 32);
    ck_assert_ptr_null(as_keyset_get(ks, 6));
}
END_TEST

START_TEST(single_jwk_and_two_files)
{
    as_keyset_t *ks;
    const char *err = load(&ks, put_json("one.json",
                                         jwk_of(k_ed, NULL, NULL)));

    ck_assert_msg(err == NULL, "%s", err);
    ck_assert_int_eq(as_keyset_count(ks), 1);
    ck_assert_ptr_null(as_keyset_get(ks, 0)->kid);
    ck_assert(!as_keyset_has_hmac(ks));
    /* a second file adds to the same set */
    err = as_keyset_load_file(ks, p, put_file("rsa.pem", pem_pub(k_rsa)),
                              warnings);
    ck_assert_msg(err == NULL, "%s", err);
    ck_assert_int_eq(as_keyset_count(ks), 2);
}
END_TEST

START_TEST(pem_public_keys)
{
    EVP_PKEY *all[] = { k_rsa, k_ec256, k_ec384, k_ec521, k_ed };
    as_kty_e kty[] = { AS_KTY_RSA, AS_KTY_EC, AS_KTY_EC, AS_KTY_EC,
                       AS_KTY_OKP };
    as_keyset_t *ks;
    const char *err;
    size_t i;

    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        err = load(&ks, put_file("k.pem", pem_pub(all[i])));
        ck_assert_msg(err == NULL, "%s", err);
        ck_assert_int_eq(as_keyset_count(ks), 1);
        ck_assert_int_eq(as_keyset_get(ks, 0)->kty, kty[i]);
        ck_assert(as_keyset_get(ks, 0)->usable);
    }
    ck_assert_str_eq(as_keyset_get(ks, 0)->crv, "Ed25519");
    /* several blocks in one file */
    err = load(&ks, put_file("two.pem", apr_pstrcat(p, pem_pub(k_ec384),
                                                    pem_pub(k_rsa), NULL)));
    ck_assert_msg(err == NULL, "%s", err);
    ck_assert_int_eq(as_keyset_count(ks), 2);
    ck_assert_str_eq(as_keyset_get(ks, 0)->crv, "P-384");
}
END_TEST

START_TEST(pem_rsa_public_key_pkcs1)
{
    OSSL_ENCODER_CTX *ectx;
    unsigned char *data = NULL;
    size_t len = 0;
    as_keyset_t *ks;
    const char *err, *text;

    ectx = OSSL_ENCODER_CTX_new_for_pkey(k_rsa, EVP_PKEY_PUBLIC_KEY, "PEM",
                                         "type-specific", NULL);
    ck_assert_ptr_nonnull(ectx);
    ck_assert(OSSL_ENCODER_to_data(ectx, &data, &len));
    OSSL_ENCODER_CTX_free(ectx);
    text = apr_pstrmemdup(p, (char *)data, len);
    OPENSSL_free(data);
    ck_assert_msg(strstr(text, "BEGIN RSA PUBLIC KEY") != NULL, "%s", text);
    err = load(&ks, put_file("pkcs1.pem", text));
    ck_assert_msg(err == NULL, "%s", err);
    ck_assert_int_eq(as_keyset_get(ks, 0)->kty, AS_KTY_RSA);
}
END_TEST

START_TEST(pem_certificate)
{
    X509 *x = X509_new();
    X509_NAME *name;
    BIO *b = BIO_new(BIO_s_mem());
    char *data;
    long n;
    as_keyset_t *ks;
    const char *err;

    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, k_ec256);
    name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               (const unsigned char *)"as-test", -1, -1, 0);
    X509_set_issuer_name(x, name);
    ck_assert(X509_sign(x, k_ec256, EVP_sha256()) > 0);
    PEM_write_bio_X509(b, x);
    n = BIO_get_mem_data(b, &data);
    err = load(&ks, put_file("cert.pem", apr_pstrmemdup(p, data,
                                                        (apr_size_t)n)));
    BIO_free(b);
    X509_free(x);
    ck_assert_msg(err == NULL, "%s", err);
    ck_assert_int_eq(as_keyset_get(ks, 0)->kty, AS_KTY_EC);
}
END_TEST

START_TEST(refuse_unreadable)
{
    assert_error(apr_pstrcat(p, kdir, "/does-not-exist.json", NULL),
                 "cannot read");
    assert_error(kdir, "not a regular file");
}
END_TEST

START_TEST(refuse_not_json_nor_pem)
{
    assert_error(put_file("junk.txt", "hello world\n"),
                 "neither a JWK Set (JSON) nor a PEM");
    assert_error(put_file("empty.txt", ""), "neither");
    assert_error(put_file("bad.json", "{\"keys\": [ }"), "JSON error");
    assert_error(put_file("dup.json", "{\"kty\":\"oct\",\"k\":\"AAAA\","
                          "\"kty\":\"oct\"}"), "JSON error");
    assert_error(put_file("other.json", "{\"hello\":1}"),
                 "neither a JWK Set");
    assert_error(put_file("keysobj.json", "{\"keys\":{}}"), "not an array");
    assert_error(put_file("nokeys.json", "{\"keys\":[]}"), "no keys");
    assert_error(put_file("notobj.json", "{\"keys\":[1]}"),
                 "not a JSON object");
    assert_error(put_file("garbage.pem", "-----BEGIN PUBLIC KEY-----\n"
                          "QUJD\n-----END PUBLIC KEY-----\n"),
                 "cannot decode");
    assert_error(put_file("nopem.pem", "-----BEGIN nothing\n"),
                 "no public key");
}
END_TEST

START_TEST(refuse_bad_base64)
{
    json_t *j = jwk_of(k_rsa, "r", NULL);

    json_object_set_new(j, "n", json_string("AQAB+/=="));
    assert_error(put_json("b64.json", j), "\"n\" is not valid base64url");
    j = jwk_of(k_ec256, NULL, NULL);
    json_object_set_new(j, "x", json_string("a b"));
    assert_error(put_json("b64x.json", j), "\"x\" is not valid base64url");
    j = jwk_oct(32, NULL);
    json_object_set_new(j, "k", json_string(""));
    assert_error(put_json("b64k.json", j), "\"k\" is not valid base64url");
    j = jwk_of(k_rsa, "r", NULL);
    json_object_del(j, "e");
    assert_error(put_json("noe.json", j), "\"e\" is missing");
    j = jwk_of(k_rsa, "r", NULL);
    json_object_set_new(j, "e", json_integer(65537));
    assert_error(put_json("inte.json", j), "\"e\" is not a string");
}
END_TEST

START_TEST(refuse_short_rsa)
{
    assert_error(put_json("rsa1024.json", jwk_of(k_rsa1024, "x", NULL)),
                 "RSA key of 1024 bits is too short");
    assert_error(put_file("rsa1024.pem", pem_pub(k_rsa1024)),
                 "RSA key of 1024 bits is too short");
}
END_TEST

/* An RSA key with a public exponent of 3, made by OpenSSL itself. */
static EVP_PKEY *rsa_e3(void)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    BIGNUM *e = BN_new();
    EVP_PKEY *pk = NULL;

    ck_assert(ctx && e && BN_set_word(e, 3));
    ck_assert(EVP_PKEY_keygen_init(ctx) == 1);
    ck_assert(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1);
    ck_assert(EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e) == 1);
    ck_assert(EVP_PKEY_keygen(ctx, &pk) == 1);
    BN_free(e);
    EVP_PKEY_CTX_free(ctx);
    return pk;
}

/* e = 1 makes the padded PKCS#1 block a valid "signature" of anything:
 * tokens forged without a private key. Small, even or oversized
 * exponents are refused too, from a JWK and from PEM. */
START_TEST(refuse_weak_rsa_exponent)
{
    static const char *const bad_e[] = { "AQ", "Aw", "AQAA", "AQAB_", NULL };
    static const char *const why[] = {
        "RSA public exponent is not an odd number from 65537",
        "RSA public exponent is not an odd number from 65537",
        "RSA exponent \"e\" is invalid",      /* even */
        ""                                      /* not base64url */
    };
    EVP_PKEY *e3 = rsa_e3();
    json_t *j;
    int i;

    for (i = 0; bad_e[i]; i++) {
        j = jwk_of(k_rsa, "r", NULL);
        json_object_set_new(j, "e", json_string(bad_e[i]));
        assert_error(put_json(apr_psprintf(p, "e%d.json", i), j),
                     why[i]);
    }
    /* e = n: not below the modulus */
    j = jwk_of(k_rsa, "r", NULL);
    json_object_set(j, "e", json_object_get(j, "n"));
    assert_error(put_json("e-is-n.json", j), "RSA public exponent");
    assert_error(put_json("e3.json", jwk_of(e3, "r3", NULL)),
                 "RSA public exponent is not an odd number from 65537");
    assert_error(put_file("e3.pem", pem_pub(e3)),
                 "RSA public exponent is not an odd number from 65537");
    /* 65537 itself is fine */
    ck_assert_ptr_null(as_keyset_load_file(as_keyset_make(p), p,
                                           put_json("e65537.json",
                                                    jwk_of(k_rsa, "r", NULL)),
                                           warnings));
    EVP_PKEY_free(e3);
}
END_TEST

START_TEST(refuse_unsupported_kty_crv)
{
    json_t *j = json_pack("{s:s, s:s}", "kty", "foo", "kid", "f");

    assert_error(put_json("kty.json", j), "unsupported \"kty\" \"foo\"");
    j = jwk_of(k_ec256, NULL, NULL);
    json_object_set_new(j, "crv", json_string("P-192"));
    assert_error(put_json("crv.json", j), "unsupported EC curve \"P-192\"");
    j = jwk_of(k_ed, NULL, NULL);
    json_object_set_new(j, "crv", json_string("X25519"));
    assert_error(put_json("okp.json", j), "unsupported OKP curve");
    j = json_pack("{s:s}", "kid", "x");
    assert_error(put_json("nokty.json", j), "nor a JWK (\"kty\")");
    j = json_pack("{s:[{s:s}]}", "keys", "kid", "x");
    assert_error(put_json("nokty2.json", j),
                 "key 1 (kid \"x\"): member \"kty\" is missing");
}
END_TEST

START_TEST(refuse_bad_ec_point)
{
    json_t *j = jwk_of(k_ec256, NULL, NULL);
    json_t *j2 = jwk_of(k_ec384, NULL, NULL);

    /* P-384 coordinates announced as P-256: wrong length */
    json_object_set_new(j2, "crv", json_string("P-256"));
    assert_error(put_json("eclen.json", j2), "must be 32 bytes");
    /* a valid-length point that is not on the curve */
    json_object_set_new(j, "y", json_string(
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"));
    assert_error(put_json("ecpt.json", j), "not on curve");
}
END_TEST

START_TEST(refuse_private_material)
{
    json_t *j = jwk_of(k_ec256, "e", NULL);
    BIO *b = BIO_new(BIO_s_mem());
    char *data;
    long n;

    json_object_set_new(j, "d", json_string("AAAA"));
    assert_error(put_json("priv.json", j), "private key member \"d\"");
    j = jwk_of(k_rsa, "r", NULL);
    json_object_set_new(j, "p", json_string("AAAA"));
    assert_error(put_json("privp.json", j), "private key member \"p\"");
    PEM_write_bio_PrivateKey(b, k_ec256, NULL, NULL, 0, NULL, NULL);
    n = BIO_get_mem_data(b, &data);
    assert_error(put_file("priv.pem", apr_pstrmemdup(p, data, (apr_size_t)n)),
                 "holds a private key");
    BIO_free(b);
}
END_TEST

START_TEST(alg_must_fit)
{
    as_keyset_t *ks;
    const char *err;

    assert_error(put_json("a1.json", jwk_of(k_rsa, "r", "ES256")),
                 "\"alg\" \"ES256\" does not fit");
    assert_error(put_json("a2.json", jwk_of(k_ec384, "e", "ES256")),
                 "does not fit");
    assert_error(put_json("a3.json", jwk_of(k_rsa, "r", "RS1")),
                 "unsupported \"alg\" \"RS1\"");
    assert_error(put_json("a4.json", jwk_of(k_ed, "r", "none")),
                 "unsupported \"alg\"");
    /* a key announced for RS256 only verifies RS256 */
    err = load(&ks, put_json("a5.json", jwk_of(k_rsa, "r", "RS256")));
    ck_assert_msg(err == NULL, "%s", err);
    ck_assert(as_key_fits_alg(as_keyset_get(ks, 0), "RS256"));
    ck_assert(!as_key_fits_alg(as_keyset_get(ks, 0), "PS256"));
    ck_assert_int_eq(as_keyset_algs(ks, p)->nelts, 1);
}
END_TEST

START_TEST(unusable_keys_kept_not_used)
{
    json_t *enc = jwk_of(k_rsa, "enc1", "RSA-OAEP");
    json_t *sig = jwk_of(k_ec256, "sig1", NULL);
    json_t *ops = jwk_of(k_ed, "ops1", NULL);
    as_keyset_t *ks;
    const char *err;
    apr_array_header_t *algs;

    json_object_set_new(enc, "use", json_string("enc"));
    json_object_set_new(sig, "use", json_string("sig"));
    json_object_set_new(ops, "key_ops", json_pack("[s]", "encrypt"));
    err = load(&ks, put_set("enc.json", enc, sig, ops));
    ck_assert_msg(err == NULL, "%s", err);
    ck_assert_int_eq(as_keyset_count(ks), 3);
    ck_assert(!as_keyset_get(ks, 0)->usable);
    ck_assert(as_keyset_get(ks, 1)->usable);
    ck_assert(!as_keyset_get(ks, 2)->usable);
    ck_assert(!as_key_fits_alg(as_keyset_get(ks, 0), "RS256"));
    algs = as_keyset_algs(ks, p);
    ck_assert_int_eq(algs->nelts, 1);
    ck_assert(has_alg(algs, "ES256"));
    /* an enc-only oct key makes no HMAC verifier */
    enc = jwk_oct(32, "x");
    json_object_set_new(enc, "use", json_string("enc"));
    err = load(&ks, put_set("encoct.json", enc, NULL, NULL));
    ck_assert_msg(err == NULL, "%s", err);
    ck_assert(!as_keyset_has_hmac(ks));
}
END_TEST

/* RFC 7518 section 3.2: an HMAC key of at least the hash's size MUST be
 * used: shorter secrets are refused (a 4-byte secret verified HS256
 * before), whatever alg they announce. */
START_TEST(refuse_short_hmac)
{
    json_t *h384 = jwk_oct(40, "h48");
    json_t *h512 = jwk_oct(63, "h64");

    assert_error(put_set("h16.json", jwk_oct(16, "h"), NULL, NULL),
                 "HMAC key is only 16 bytes; HS256 needs at least 32");
    assert_error(put_set("h4.json", jwk_oct(4, "h"), NULL, NULL),
                 "HMAC key is only 4 bytes");
    json_object_set_new(h384, "alg", json_string("HS384"));
    assert_error(put_set("h40.json", h384, NULL, NULL),
                 "HMAC key is only 40 bytes; HS384 needs at least 48");
    json_object_set_new(h512, "alg", json_string("HS512"));
    assert_error(put_set("h63.json", h512, NULL, NULL),
                 "HMAC key is only 63 bytes; HS512 needs at least 64");
}
END_TEST

START_TEST(warnings_no_kid)
{
    as_keyset_t *ks;
    const char *err;

    err = load(&ks, put_set("w.json", jwk_oct(32, "h"),
                            jwk_of(k_rsa, NULL, NULL), jwk_of(k_ec256, NULL, NULL)));
    ck_assert_msg(err == NULL, "%s", err);
    ck_assert_int_eq(warnings->nelts, 1);
    ck_assert(strstr(APR_ARRAY_IDX(warnings, 0, const char *),
                     "no \"kid\"") != NULL);
    /* a lone kid-less key is fine */
    apr_array_clear(warnings);
    err = load(&ks, put_set("w1.json", jwk_of(k_rsa, NULL, NULL), NULL,
                            NULL));
    ck_assert_msg(err == NULL, "%s", err);
    ck_assert_int_eq(warnings->nelts, 0);
    /* NULL warnings array is allowed */
    ks = as_keyset_make(p);
    ck_assert_ptr_null(as_keyset_load_file(ks, p, put_set("w2.json",
                                           jwk_oct(32, NULL), jwk_of(k_rsa, NULL, NULL), NULL),
                                           NULL));
}
END_TEST

START_TEST(b64url_strict)
{
    apr_size_t n = 99;
    unsigned char *d;

    d = as_b64url_decode(p, "", 0, &n);
    ck_assert(d && n == 0);
    d = as_b64url_decode(p, "SGVsbG8", 7, &n);
    ck_assert(d && n == 5 && !memcmp(d, "Hello", 5));
    d = as_b64url_decode(p, "_-8", 3, &n);
    ck_assert(d && n == 2 && d[0] == 0xff && d[1] == 0xef);
    ck_assert_ptr_null(as_b64url_decode(p, "SGVsbG8=", 8, &n));
    ck_assert_ptr_null(as_b64url_decode(p, "SGVs bG8", 8, &n));
    ck_assert_ptr_null(as_b64url_decode(p, "SGVs\nbG8", 8, &n));
    ck_assert_ptr_null(as_b64url_decode(p, "+/8", 3, &n));
    ck_assert_ptr_null(as_b64url_decode(p, "SGVsb", 5, &n));
    /* "SGVsbG9" has non-zero unused bits: not canonical */
    ck_assert_ptr_null(as_b64url_decode(p, "SGVsbG9", 7, &n));
    ck_assert_ptr_null(as_b64url_decode(p, "SGV\0bG8", 7, &n));
}
END_TEST

Suite *as_keys_suite(void)
{
    Suite *s = suite_create("as_keys");
    TCase *tc = tcase_create("keys");

    tcase_add_unchecked_fixture(tc, suite_setup, suite_teardown);
    tcase_add_checked_fixture(tc, test_setup, test_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, jwks_all_kinds);
    tcase_add_test(tc, single_jwk_and_two_files);
    tcase_add_test(tc, pem_public_keys);
    tcase_add_test(tc, pem_rsa_public_key_pkcs1);
    tcase_add_test(tc, pem_certificate);
    tcase_add_test(tc, refuse_unreadable);
    tcase_add_test(tc, refuse_not_json_nor_pem);
    tcase_add_test(tc, refuse_bad_base64);
    tcase_add_test(tc, refuse_short_rsa);
    tcase_add_test(tc, refuse_weak_rsa_exponent);
    tcase_add_test(tc, refuse_unsupported_kty_crv);
    tcase_add_test(tc, refuse_bad_ec_point);
    tcase_add_test(tc, refuse_private_material);
    tcase_add_test(tc, alg_must_fit);
    tcase_add_test(tc, unusable_keys_kept_not_used);
    tcase_add_test(tc, refuse_short_hmac);
    tcase_add_test(tc, warnings_no_kid);
    tcase_add_test(tc, b64url_strict);
    suite_add_tcase(s, tc);
    return s;
}
