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

    ck_assert_ptr_null(as_confval_hide(p, "off", &v));
    ck_assert_int_eq(v, AS_HIDE_OFF);
    ck_assert_ptr_null(as_confval_hide(p, "DENIED", &v));
    ck_assert_int_eq(v, AS_HIDE_DENIED);
    ck_assert_ptr_null(as_confval_hide(p, "Always", &v));
    ck_assert_int_eq(v, AS_HIDE_ALWAYS);
    v = -7;
    ck_assert_str_eq(as_confval_hide(p, "Sometimes", &v),
                     "'Sometimes' is not Off, Denied or Always");
    ck_assert_ptr_nonnull(as_confval_hide(p, "", &v));
    ck_assert_ptr_nonnull(as_confval_hide(p, "Off ", &v));
    ck_assert_int_eq(v, -7);
    ck_assert_ptr_null(as_confval_onoff(p, "ON", &v));
    ck_assert_int_eq(v, 1);
    ck_assert_ptr_null(as_confval_onoff(p, "off", &v));
    ck_assert_int_eq(v, 0);
    ck_assert_str_eq(as_confval_onoff(p, "yes", &v), "'yes' is not On or Off");
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
                     "unknown scheme 'Digest' (expected Basic or Bearer)");
    ck_assert_ptr_nonnull(as_confval_scheme_add(p, l, ""));
    ck_assert_int_eq(l->nelts, 2);
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
    suite_add_tcase(s, tc);
    return s;
}
