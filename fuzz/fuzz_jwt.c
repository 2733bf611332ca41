/* Licensed under the Apache License, Version 2.0. */
/*
 * libFuzzer target: arbitrary bytes as a Bearer token to as_jwt_verify
 * (and to as_jwt_cache_form, the key the credential cache uses),
 * against a key set of every kind built once. The same bytes, when they
 * parse as JSON, also go through the claim helpers the authz providers use.
 *
 * clang -g -O1 -fsanitize=fuzzer,address,undefined -I include \
 *   $(apr-1-config --includes --cppflags) fuzz/fuzz_jwt.c modules/as_jwt.c \
 *   modules/as_keys.c $(apr-1-config --link-ld) -lcrypto -ljansson \
 *   -o fuzz/build/fuzz_jwt
 * fuzz/build/fuzz_jwt -max_total_time=120 fuzz/corpus-new fuzz/corpus/jwt
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "as_jwt.h"
#include "../t/tools/as_jose.h"

static apr_pool_t *gpool;
static as_keyset_t *ks;
static as_jwt_policy_t pol;
static apr_array_header_t *want;

static void add(json_t *keys, json_t *jwk, const char *kid)
{
    if (kid) {
        json_object_set_new(jwk, "kid", json_string(kid));
    }
    json_array_append_new(keys, jwk);
}

/* Free the keys at exit, so LeakSanitizer's final check sees no
 * EVP_PKEY still owned by the (never destroyed) global pool. */
static void teardown(void)
{
    apr_pool_destroy(gpool);
    apr_terminate();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const unsigned char secret[32] = "fuzzing-secret-fuzzing-secret-32";
    static const unsigned char secret2[32] = "another-fuzzing-secret-of-32-byt";
    static const char *const types[] = {
        "rsa", "ec256", "ec384", "ec521", "ed25519"
    };
    json_t *set = json_object(), *keys = json_array();
    char *text;
    const char *err;
    size_t i;

    (void)argc;
    (void)argv;
    apr_initialize();
    apr_pool_create(&gpool, NULL);
    atexit(teardown);
    json_object_set_new(set, "keys", keys);
    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        EVP_PKEY *pk = jose_keygen(types[i]);

        add(keys, jose_jwk(pk, NULL, 0), types[i]);
        EVP_PKEY_free(pk);
    }
    add(keys, jose_jwk(NULL, secret, sizeof(secret)), "hmac");
    /* a kid-less secret too (the shortest one allowed: RFC 7518 section
     * 3.2 wants the hash's size, so shorter ones are refused at load) */
    add(keys, jose_jwk(NULL, secret2, sizeof(secret2)), NULL);
    text = json_dumps(set, 0);
    json_decref(set);
    ks = as_keyset_make(gpool);
    err = as_keyset_load_buffer(ks, gpool, "fuzz", text, strlen(text), NULL);
    free(text);
    if (err) {
        abort();
    }
    as_jwt_policy_init(&pol);
    pol.issuers = apr_array_make(gpool, 1, sizeof(const char *));
    APR_ARRAY_PUSH(pol.issuers, const char *) = "https://as.example";
    pol.audiences = apr_array_make(gpool, 1, sizeof(const char *));
    APR_ARRAY_PUSH(pol.audiences, const char *) = "https://rs.example";
    want = apr_array_make(gpool, 2, sizeof(const char *));
    APR_ARRAY_PUSH(want, const char *) = "read";
    APR_ARRAY_PUSH(want, const char *) = "42";
    return 0;
}

static void sink(void *baton, const char *name, const char *value)
{
    (void)baton;
    if (strlen(name) + strlen(value) == (size_t)-1) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    as_jwt_result_t res;
    as_jwt_status_e st;
    const char *token, *missing, *form;
    json_t *j;

    apr_pool_create(&p, gpool);
    /* tokens are C strings; an embedded NUL just ends them */
    token = apr_pstrmemdup(p, (const char *)data, size);
    st = as_jwt_verify(p, ks, &pol, token, apr_time_now(), &res);
    if (!res.description || !res.reason || strchr(res.description, '"')) {
        abort();
    }
    /* the status is one of the enum's, the same as res.status, and OK
     * only with a user and signature-checked claims */
    if (st != res.status || (unsigned)st > AS_JWT_BAD_TYPE
        || (st == AS_JWT_OK && (!res.user || !res.claims))) {
        abort();
    }
    /* the cache form changes an ES token's signature only, keeps its
     * length and its verdict, and is its own form */
    form = as_jwt_cache_form(p, token);
    if (form != token) {
        const char *dot = strrchr(token, '.');
        as_jwt_result_t res2;

        if (!dot || strlen(form) != strlen(token)
            || strncmp(form, token, (size_t)(dot + 1 - token))
            || strcmp(as_jwt_cache_form(p, form), form)
            || as_jwt_verify(p, ks, &pol, form, apr_time_now(), &res2) != st) {
            abort();
        }
    }
    if (res.claims) {
        as_jwt_has_scopes(res.claims, want, p, &missing);
        as_jwt_export_claims(res.claims, p, sink, NULL);
    }
    j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (j) {
        as_jwt_has_scopes(j, want, p, &missing);
        as_jwt_claim_matches(j, "scope", want);
        as_jwt_claim_matches(j, "aud", want);
        as_jwt_claim_matches(j, "realm_access.roles", want);
        as_jwt_export_claims(j, p, sink, NULL);
        json_decref(j);
    }
    apr_pool_destroy(p);
    return 0;
}
