/* Licensed under the Apache License, Version 2.0. */
/*
 * Unit tests for the seams the resource-server work builds on: key sources
 * replaced while requests hold them (as_keysrc.c), the token verifier
 * interface (as_verify.c), the scheme table (as_scheme.c) and challenges
 * built from named parameters (as_challenge.c).
 */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "as_keysrc.h"
#include "as_verify.h"
#include "as_scheme.h"
#include "as_challenge.h"
#include "../tools/as_jose.h"
#include "suites.h"
#include "unit_pool.h"

/* 32 bytes of 'k': an HS256 secret */
static const unsigned char secret_a[32] = "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk";
static const unsigned char secret_b[32] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/* An oct JWK Set under kid holding secret, parsed into a set in p. */
static as_keyset_t *oct_set(apr_pool_t *p, const char *kid,
                            const unsigned char *secret)
{
    char *k = jose_b64url(secret, 32);
    const char *json = apr_psprintf(p, "{\"keys\":[{\"kty\":\"oct\","
                                    "\"kid\":\"%s\",\"alg\":\"HS256\","
                                    "\"k\":\"%s\"}]}", kid, k);
    as_keyset_t *ks = as_keyset_make(p);

    free(k);
    ck_assert_ptr_null(as_keyset_load_buffer(ks, p, kid, json, strlen(json),
                                             NULL));
    return ks;
}

/* Publish a new version of src holding the key kid/secret. */
static void publish(as_keysrc_t *src, const char *kid,
                    const unsigned char *secret, const char *tag)
{
    apr_pool_t *vp = as_keysrc_begin(src);

    ck_assert_ptr_nonnull(vp);
    as_keysrc_publish(src, vp, oct_set(vp, kid, secret),
                      tag ? apr_pstrdup(vp, tag) : NULL);
}

static char *token(const char *kid, const unsigned char *secret)
{
    const char *h = apr_psprintf(pool, "{\"alg\":\"HS256\",\"kid\":\"%s\"}",
                                 kid);
    const char *pl = apr_psprintf(pool, "{\"sub\":\"alice\",\"exp\":%"
                                  APR_INT64_T_FMT "}",
                                  (apr_int64_t)apr_time_sec(apr_time_now())
                                  + 600);
    char *t = jose_token_raw("HS256", NULL, secret, 32, h, pl);
    char *copy = apr_pstrdup(pool, t);

    free(t);
    return copy;
}

START_TEST(keysrc_replace_while_held)
{
    apr_pool_t *parent, *r1, *r2;
    as_keysrc_t *src;
    const as_keyset_t *ks1, *ks2;
    const void *tag;

    apr_pool_create(&parent, pool);
    src = as_keysrc_create(parent, "https://idp.example/jwks");
    ck_assert_ptr_nonnull(src);
    ck_assert_str_eq(as_keysrc_name(src), "https://idp.example/jwks");
    apr_pool_create(&r1, pool);
    /* nothing published yet */
    ck_assert_int_eq(as_keysrc_get(src, r1, &ks1, &tag), 0);
    ck_assert_ptr_null(ks1);
    ck_assert_int_eq(as_keysrc_live(src), 0);

    publish(src, "a", secret_a, "v1");
    ck_assert_int_eq(as_keysrc_get(src, r1, &ks1, &tag), 1);
    ck_assert_str_eq(tag, "v1");
    ck_assert_str_eq(as_keyset_get(ks1, 0)->kid, "a");

    /* replaced while r1 holds v1: v1 stays alive and unchanged */
    publish(src, "b", secret_b, "v2");
    ck_assert_int_eq(as_keysrc_live(src), 2);
    apr_pool_create(&r2, pool);
    ck_assert_int_eq(as_keysrc_get(src, r2, &ks2, &tag), 1);
    ck_assert_str_eq(tag, "v2");
    ck_assert_str_eq(as_keyset_get(ks2, 0)->kid, "b");
    ck_assert_str_eq(as_keyset_get(ks1, 0)->kid, "a");
    /* the last holder of v1 goes: v1 is freed */
    apr_pool_destroy(r1);
    ck_assert_int_eq(as_keysrc_live(src), 1);
    /* replaced while nobody holds it: freed at once */
    apr_pool_destroy(r2);
    publish(src, "c", secret_a, NULL);
    ck_assert_int_eq(as_keysrc_live(src), 1);
    /* a failed version (no set) with its reason */
    {
        apr_pool_t *vp = as_keysrc_begin(src), *r3;

        as_keysrc_publish(src, vp, NULL, apr_pstrdup(vp, "HTTP 500"));
        apr_pool_create(&r3, pool);
        ck_assert_int_eq(as_keysrc_get(src, r3, &ks1, &tag), 1);
        ck_assert_ptr_null(ks1);
        ck_assert_str_eq(tag, "HTTP 500");
        apr_pool_destroy(r3);
    }
    /* a version that was never published */
    as_keysrc_discard(src, as_keysrc_begin(src));
    ck_assert_int_eq(as_keysrc_live(src), 1);
    apr_pool_destroy(parent);
}
END_TEST

START_TEST(keysrc_static)
{
    as_keyset_t *ks = oct_set(pool, "s", secret_a);
    as_keysrc_t *src = as_keysrc_static(pool, "/etc/keys.json", ks);
    const as_keyset_t *got = NULL;

    ck_assert_int_eq(as_keysrc_get(src, pool, &got, NULL), 1);
    ck_assert_ptr_eq(got, ks);
    /* a static source takes no new versions */
    ck_assert_ptr_null(as_keysrc_begin(src));
}
END_TEST

START_TEST(verifier_follows_its_source)
{
    apr_pool_t *parent, *r;
    apr_array_header_t *srcs = apr_array_make(pool, 2, sizeof(as_keysrc_t *));
    apr_array_header_t *vs = apr_array_make(pool, 1, sizeof(as_verifier_t *));
    as_keysrc_t *src;
    as_jwt_policy_t pol;
    as_jwt_result_t res;
    char *ta = token("a", secret_a), *tb = token("b", secret_b);

    /* the source's parent outlives every request pool holding its keys */
    apr_pool_create(&parent, pool);
    apr_pool_create(&r, pool);
    src = as_keysrc_create(parent, "rotating");
    APR_ARRAY_PUSH(srcs, as_keysrc_t *) = src;
    as_jwt_policy_init(&pol);
    APR_ARRAY_PUSH(vs, as_verifier_t *) = as_verifier_jws(pool, srcs, &pol);

    /* no key set yet: unavailable, not the token's fault */
    ck_assert_int_eq(as_verify_token(vs, r, ta, apr_time_now(), &res),
                     AS_VERIFY_UNAVAILABLE);
    ck_assert_str_eq(res.reason, "keys-unavailable");

    publish(src, "a", secret_a, NULL);
    ck_assert_int_eq(as_verify_token(vs, r, ta, apr_time_now(), &res),
                     AS_VERIFY_OK);
    ck_assert_str_eq(res.user, "alice");
    ck_assert_int_eq(as_verify_token(vs, r, tb, apr_time_now(), &res),
                     AS_VERIFY_INVALID);

    /* the source rotates: the same verifier uses the new keys at once */
    publish(src, "b", secret_b, NULL);
    ck_assert_int_eq(as_verify_token(vs, r, tb, apr_time_now(), &res),
                     AS_VERIFY_OK);
    ck_assert_int_eq(as_verify_token(vs, r, ta, apr_time_now(), &res),
                     AS_VERIFY_INVALID);

    /* a second, static source: keys of both verify */
    APR_ARRAY_PUSH(srcs, as_keysrc_t *) =
        as_keysrc_static(pool, "file", oct_set(pool, "a", secret_a));
    ck_assert_int_eq(as_verify_token(vs, r, ta, apr_time_now(), &res),
                     AS_VERIFY_OK);
    ck_assert_int_eq(as_verify_token(vs, r, tb, apr_time_now(), &res),
                     AS_VERIFY_OK);
    /* over the size limit: malformed (400), not invalid */
    pol.max_len = 10;
    vs->nelts = 0;
    APR_ARRAY_PUSH(vs, as_verifier_t *) = as_verifier_jws(pool, srcs, &pol);
    ck_assert_int_eq(as_verify_token(vs, r, ta, apr_time_now(), &res),
                     AS_VERIFY_MALFORMED);
    apr_pool_destroy(r);
    apr_pool_destroy(parent);
}
END_TEST

static as_verify_e decline(const as_verifier_t *v, apr_pool_t *p,
                           const char *t, apr_time_t now,
                           as_jwt_result_t *res)
{
    (void)v; (void)p; (void)t; (void)now;
    memset(res, 0, sizeof(*res));
    return AS_VERIFY_DECLINED;
}

START_TEST(verifiers_in_order)
{
    apr_array_header_t *srcs = apr_array_make(pool, 1, sizeof(as_keysrc_t *));
    apr_array_header_t *vs = apr_array_make(pool, 2, sizeof(as_verifier_t *));
    as_verifier_t other = { "other", decline, NULL };
    as_jwt_policy_t pol;
    as_jwt_result_t res;

    ck_assert_int_eq(as_verify_token(vs, pool, "x", apr_time_now(), &res),
                     AS_VERIFY_DECLINED);
    APR_ARRAY_PUSH(srcs, as_keysrc_t *) =
        as_keysrc_static(pool, "file", oct_set(pool, "a", secret_a));
    as_jwt_policy_init(&pol);
    /* a verifier that declines passes the token on to the next */
    APR_ARRAY_PUSH(vs, as_verifier_t *) = &other;
    APR_ARRAY_PUSH(vs, as_verifier_t *) = as_verifier_jws(pool, srcs, &pol);
    ck_assert_int_eq(as_verify_token(vs, pool, token("a", secret_a),
                                     apr_time_now(), &res), AS_VERIFY_OK);
}
END_TEST

static as_reason_e fake_verify(struct request_rec *r,
                               const struct as_dir_conf *d,
                               const char *token, as_failure_t *f)
{
    (void)r; (void)d; (void)f;
    return !strcmp(token, "good") ? AS_REASON_OK : AS_REASON_BAD_CREDENTIALS;
}

START_TEST(scheme_table)
{
    const as_scheme_t *sc;
    as_challenge_args_t a = { "R \"q\"", "invalid_token", "expired", "s1 s2",
                              NULL, 0, NULL };
    int i;

    ck_assert_int_eq(as_scheme_lookup("bEaReR"), AS_SCHEME_BEARER);
    ck_assert_int_eq(as_scheme_lookup("Digest"), AS_SCHEME_UNKNOWN);
    ck_assert_str_eq(as_scheme_name(AS_SCHEME_BASIC), "Basic");
    ck_assert_str_eq(as_scheme_name(AS_SCHEME_UNKNOWN), "unknown");
    ck_assert_str_eq(as_scheme_names_text(pool), "Basic, Bearer or DPoP");
    ck_assert_int_eq(as_scheme_lookup("dpop"), AS_SCHEME_DPOP);
    /* the error belongs to the scheme that failed: the DPoP challenge
     * has it, the Bearer one does not */
    a.error_scheme = AS_SCHEME_DPOP;
    ck_assert_str_eq(as_challenge_bearer_args(pool, &a),
                     "Bearer realm=\"R \\\"q\\\"\", scope=\"s1 s2\"");
    ck_assert_str_eq(as_challenge_dpop_args(pool, &a),
                     "DPoP realm=\"R \\\"q\\\"\", scope=\"s1 s2\", "
                     "error=\"invalid_token\", error_description=\"expired\", "
                     "algs=\"" AS_CHALLENGE_DPOP_ALGS "\"");
    a.error_scheme = 0;
    ck_assert_ptr_null(as_scheme_get(AS_SCHEME_NONE));
    /* every row has a name and a challenge that starts with it */
    for (i = 0; (sc = as_scheme_at(i)) != NULL; i++) {
        const char *c = sc->challenge(pool, &a);

        ck_assert_int_eq(strncmp(c, sc->name, strlen(sc->name)), 0);
        ck_assert_int_eq(c[strlen(sc->name)], ' ');
        ck_assert_ptr_eq(as_scheme_get(sc->id), sc);
    }
    ck_assert_int_eq(i, 3);
    ck_assert_str_eq(as_scheme_get(AS_SCHEME_BASIC)->challenge(pool, &a),
                     "Basic realm=\"R \\\"q\\\"\", charset=\"UTF-8\"");
    ck_assert_str_eq(as_scheme_get(AS_SCHEME_BEARER)->challenge(pool, &a),
                     "Bearer realm=\"R \\\"q\\\"\", scope=\"s1 s2\", "
                     "error=\"invalid_token\", error_description=\"expired\"");
    /* the verifier column is filled at registration */
    as_scheme_set_verify(AS_SCHEME_BASIC, fake_verify);
    ck_assert_int_eq(as_scheme_get(AS_SCHEME_BASIC)->verify(NULL, NULL,
                                                            "good", NULL),
                     AS_REASON_OK);
    as_scheme_set_verify(AS_SCHEME_BASIC, NULL);
}
END_TEST

START_TEST(named_parameters)
{
    apr_array_header_t *extra = apr_array_make(pool, 3, sizeof(as_param_t));
    as_challenge_args_t a = { "api", "insufficient_user_authentication",
                              "A stronger login is needed", NULL, NULL, 0,
                              NULL };
    as_param_t p[3] = { { "realm", "x" }, { "skipped", NULL },
                        { "algs", "ES256 EdDSA" } };

    ck_assert_str_eq(as_challenge_build(pool, "DPoP", p, 3),
                     "DPoP realm=\"x\", algs=\"ES256 EdDSA\"");
    ck_assert_str_eq(as_challenge_build(pool, "Bearer", p + 1, 1), "Bearer");
    /* step-up and resource metadata parameters after the fixed ones, in
     * order, quoted and escaped */
    APR_ARRAY_PUSH(extra, as_param_t) = (as_param_t){ "acr_values", "urn:mfa" };
    APR_ARRAY_PUSH(extra, as_param_t) = (as_param_t){ "max_age", "300" };
    APR_ARRAY_PUSH(extra, as_param_t) = (as_param_t){
        "resource_metadata", "https://h/.well-known/oauth-protected-resource/a\"b" };
    a.extra = extra;
    ck_assert_str_eq(as_challenge_bearer_args(pool, &a),
                     "Bearer realm=\"api\", "
                     "error=\"insufficient_user_authentication\", "
                     "error_description=\"A stronger login is needed\", "
                     "acr_values=\"urn:mfa\", max_age=\"300\", "
                     "resource_metadata=\"https://h/.well-known/"
                     "oauth-protected-resource/a\\\"b\"");
    /* no error: no description either (RFC 6750 section 3) */
    a.error = NULL;
    a.extra = NULL;
    ck_assert_str_eq(as_challenge_bearer_args(pool, &a),
                     "Bearer realm=\"api\"");
    /* the positional form gives the same text */
    ck_assert_str_eq(as_challenge_bearer(pool, "api", "a b",
                                         AS_BEARER_ERR_INVALID_TOKEN, "d"),
                     "Bearer realm=\"api\", scope=\"a b\", "
                     "error=\"invalid_token\", error_description=\"d\"");
}
END_TEST

Suite *as_seams_suite(void)
{
    Suite *s = suite_create("as_seams");
    TCase *tc = tcase_create("seams");

    tcase_add_checked_fixture(tc, unit_pool_setup, unit_pool_teardown);
    tcase_add_test(tc, keysrc_replace_while_held);
    tcase_add_test(tc, keysrc_static);
    tcase_add_test(tc, verifier_follows_its_source);
    tcase_add_test(tc, verifiers_in_order);
    tcase_add_test(tc, scheme_table);
    tcase_add_test(tc, named_parameters);
    suite_add_tcase(s, tc);
    return s;
}
