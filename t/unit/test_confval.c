/* Licensed under the Apache License, Version 2.0. */
/* Unit tests for directive value parsing (as_confval.c). */

#include <check.h>
#include <string.h>
#include <apr_general.h>

#include "as_confval.h"
#include "as_decide.h"

static apr_pool_t *p;

static void setup(void)
{
    apr_initialize();
    apr_pool_create(&p, NULL);
}

static void teardown(void)
{
    apr_pool_destroy(p);
    apr_terminate();
}

START_TEST(seconds)
{
    static const char *const bad[] = {
        "", " 5", "5 ", "+5", "-1", "-0", "5s", "0x10", "1e3", "31622401",
        "99999999999999999999999", "\t1", NULL
    };
    int v = -7, i;
    const char *why;

    ck_assert_ptr_null(as_confval_seconds(p, "0", &v));
    ck_assert_int_eq(v, 0);
    ck_assert_ptr_null(as_confval_seconds(p, "60", &v));
    ck_assert_int_eq(v, 60);
    ck_assert_ptr_null(as_confval_seconds(p, "31622400", &v));
    ck_assert_int_eq(v, 31622400);
    ck_assert_ptr_null(as_confval_seconds(p, "007", &v));
    ck_assert_int_eq(v, 7);
    for (i = 0; bad[i]; i++) {
        v = -7;
        why = as_confval_seconds(p, bad[i], &v);
        ck_assert_msg(why != NULL, "'%s' accepted", bad[i]);
        ck_assert_int_eq(v, -7);
    }
    why = as_confval_seconds(p, "5s", &v);
    ck_assert_str_eq(why, "'5s' is not a number of seconds between 0 and "
                     "31622400");
}
END_TEST

START_TEST(number_bounds)
{
    int v = -1;

    ck_assert_int_eq(as_confval_number("1", 1, 10, &v), 0);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(as_confval_number("10", 1, 10, &v), 0);
    ck_assert_int_eq(v, 10);
    v = 7;
    ck_assert_int_eq(as_confval_number("0", 1, 10, &v), -1);
    ck_assert_int_eq(as_confval_number("11", 1, 10, &v), -1);
    ck_assert_int_eq(as_confval_number("+5", 1, 10, &v), -1);
    ck_assert_int_eq(as_confval_number(" 5", 1, 10, &v), -1);
    ck_assert_int_eq(as_confval_number("5x", 1, 10, &v), -1);
    ck_assert_int_eq(as_confval_number("", 1, 10, &v), -1);
    ck_assert_int_eq(v, 7); /* untouched when refused */
}
END_TEST

START_TEST(hide_and_flags)
{
    int v = -7;

    ck_assert_ptr_null(as_confval_keyword(p, "off", as_confval_kw_hide, &v));
    ck_assert_int_eq(v, AS_HIDE_OFF);
    ck_assert_ptr_null(as_confval_keyword(p, "DENIED", as_confval_kw_hide, &v));
    ck_assert_int_eq(v, AS_HIDE_DENIED);
    ck_assert_ptr_null(as_confval_keyword(p, "Always", as_confval_kw_hide, &v));
    ck_assert_int_eq(v, AS_HIDE_ALWAYS);
    v = -7;
    ck_assert_str_eq(as_confval_keyword(p, "Sometimes", as_confval_kw_hide, &v),
                     "'Sometimes' is not Off, Denied or Always");
    ck_assert_ptr_nonnull(as_confval_keyword(p, "", as_confval_kw_hide, &v));
    ck_assert_ptr_nonnull(as_confval_keyword(p, "Off ", as_confval_kw_hide, &v));
    ck_assert_int_eq(v, -7);
    ck_assert_ptr_null(as_confval_keyword(p, "ON", as_confval_kw_onoff, &v));
    ck_assert_int_eq(v, 1);
    ck_assert_ptr_null(as_confval_keyword(p, "off", as_confval_kw_onoff, &v));
    ck_assert_int_eq(v, 0);
    ck_assert_str_eq(as_confval_keyword(p, "yes", as_confval_kw_onoff, &v), "'yes' is not On or Off");
}
END_TEST

START_TEST(schemes)
{
    apr_array_header_t *l = apr_array_make(p, 2, sizeof(as_scheme_e));

    ck_assert_ptr_null(as_confval_scheme_add(p, l, "bearer"));
    ck_assert_ptr_null(as_confval_scheme_add(p, l, "Basic"));
    ck_assert_int_eq(l->nelts, 2);
    ck_assert_int_eq(APR_ARRAY_IDX(l, 0, as_scheme_e), AS_SCHEME_BEARER);
    ck_assert_int_eq(APR_ARRAY_IDX(l, 1, as_scheme_e), AS_SCHEME_BASIC);
    ck_assert_str_eq(as_confval_scheme_add(p, l, "BASIC"),
                     "scheme 'BASIC' listed twice");
    ck_assert_str_eq(as_confval_scheme_add(p, l, "Digest"),
                     "unknown scheme 'Digest' (expected Basic, Bearer or DPoP)");
    ck_assert_ptr_nonnull(as_confval_scheme_add(p, l, ""));
    ck_assert_int_eq(l->nelts, 2);
}
END_TEST

START_TEST(keyword_tables)
{
    static const as_confval_kw_t one[] = { { "Only", 7 }, { NULL, 0 } };
    int v = -7;

    ck_assert_ptr_null(as_confval_keyword(p, "problem", as_confval_kw_body,
                                          &v));
    ck_assert_int_eq(v, AS_BODY_PROBLEM);
    ck_assert_ptr_null(as_confval_keyword(p, "AUTHENTICATE",
                                          as_confval_kw_preflight, &v));
    ck_assert_int_eq(v, AS_PREFLIGHT_AUTHENTICATE);
    v = -7;
    ck_assert_str_eq(as_confval_keyword(p, "XML", as_confval_kw_body, &v),
                     "'XML' is not Auto, HTML or Problem");
    ck_assert_str_eq(as_confval_keyword(p, "Deny", as_confval_kw_preflight,
                                        &v),
                     "'Deny' is not Allow or Authenticate");
    ck_assert_str_eq(as_confval_keyword(p, "x", one, &v), "'x' is not Only");
    ck_assert_int_eq(v, -7);
}
END_TEST

START_TEST(throttle_values)
{
    int c = -7, s = -7;

    ck_assert_ptr_null(as_confval_throttle(p, "5", "600", &c, &s));
    ck_assert_int_eq(c, 5);
    ck_assert_int_eq(s, 600);
    ck_assert_ptr_null(as_confval_throttle(p, "off", NULL, &c, &s));
    ck_assert_int_eq(c, 0);
    ck_assert_int_eq(s, 0);
    c = s = -7;
    ck_assert_str_eq(as_confval_throttle(p, "5", NULL, &c, &s),
                     "'5' is neither Off nor a count followed by a number "
                     "of seconds");
    ck_assert_str_eq(as_confval_throttle(p, "0", "60", &c, &s),
                     "count '0' is not a number between 1 and 1000000");
    ck_assert_str_eq(as_confval_throttle(p, "5", "0", &c, &s),
                     "'0' is not a number of seconds between 1 and 31622400");
    ck_assert_ptr_nonnull(as_confval_throttle(p, "5", "1m", &c, &s));
    ck_assert_ptr_nonnull(as_confval_throttle(p, "Off", "60", &c, &s));
    /* refused: nothing written, not even the good half */
    ck_assert_ptr_nonnull(as_confval_throttle(p, "5", "x", &c, &s));
    ck_assert_int_eq(c, -7);
    ck_assert_int_eq(s, -7);
}
END_TEST

START_TEST(other_values)
{
    apr_array_header_t *algs = apr_array_make(p, 2, sizeof(const char *));
    const char *prov = NULL, *args = NULL;
    int off = -7;

    /* AuthStatusLoginRedirect before the expression parser */
    ck_assert_ptr_null(as_confval_login_redirect(p, "OFF", &off));
    ck_assert_int_eq(off, 1);
    ck_assert_ptr_null(as_confval_login_redirect(p, "/login", &off));
    ck_assert_int_eq(off, 0);
    off = -7;
    ck_assert_str_eq(as_confval_login_redirect(p, "", &off),
                     "an empty URL (use Off to turn the redirect off)");
    ck_assert_int_eq(off, -7);
    /* AuthStatusStore */
    ck_assert_ptr_null(as_confval_store(p, "shmcb", &prov, &args));
    ck_assert_str_eq(prov, "shmcb");
    ck_assert_ptr_null(args);
    ck_assert_ptr_null(as_confval_store(p, "memcache:127.0.0.1:11211", &prov,
                                        &args));
    ck_assert_str_eq(prov, "memcache");
    ck_assert_str_eq(args, "127.0.0.1:11211");
    ck_assert_ptr_null(as_confval_store(p, "redis:", &prov, &args));
    ck_assert_ptr_null(args);
    ck_assert_ptr_nonnull(as_confval_store(p, "", &prov, &args));
    ck_assert_ptr_nonnull(as_confval_store(p, ":x", &prov, &args));
    ck_assert_ptr_nonnull(as_confval_store(p, "a b:x", &prov, &args));
    /* algorithms */
    ck_assert_ptr_null(as_confval_alg_add(p, algs, "ES256"));
    ck_assert_ptr_null(as_confval_alg_add(p, algs, "EdDSA"));
    ck_assert_str_eq(as_confval_alg_add(p, algs, "ES256"),
                     "algorithm 'ES256' listed twice");
    ck_assert_str_eq(as_confval_alg_add(p, algs, "NONE"),
                     "'none' is never allowed (unsigned tokens, RFC 8725 "
                     "section 3.1)");
    ck_assert_ptr_nonnull(as_confval_alg_add(p, algs, "es256"));
    ck_assert_int_eq(algs->nelts, 2);
    /* non-empty values, scopes, the cache */
    ck_assert_str_eq(as_confval_nonempty(p, "", "the issuer"),
                     "the issuer must not be empty");
    ck_assert_ptr_null(as_confval_nonempty(p, "https://idp", "the issuer"));
    ck_assert_ptr_null(as_confval_scope(p, "read:all"));
    ck_assert_ptr_nonnull(as_confval_scope(p, ""));
    ck_assert_ptr_nonnull(as_confval_scope(p, "a b"));
    ck_assert_ptr_nonnull(as_confval_scope(p, "a\"b"));
    ck_assert_ptr_nonnull(as_confval_scope(p, "caf\xc3\xa9"));
    ck_assert_str_eq(as_confval_cache_seconds(p, "1d", &off),
                     "'1d' is not Off or a whole number of seconds from 1 "
                     "to 86400");
}
END_TEST

Suite *as_confval_suite(void)
{
    Suite *s = suite_create("as_confval");
    TCase *tc = tcase_create("values");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, seconds);
    tcase_add_test(tc, number_bounds);
    tcase_add_test(tc, hide_and_flags);
    tcase_add_test(tc, schemes);
    tcase_add_test(tc, keyword_tables);
    tcase_add_test(tc, throttle_values);
    tcase_add_test(tc, other_values);
    suite_add_tcase(s, tc);
    return s;
}
