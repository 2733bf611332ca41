/* Unit tests: quoted-string escaping and challenge formatting. */
#include <check.h>
#include <apr_general.h>

#include "as_challenge.h"
#include "suites.h"
#include "unit_pool.h"

START_TEST(escape)
{
    ck_assert_str_eq(as_quote_escape(pool, "plain"), "plain");
    ck_assert_str_eq(as_quote_escape(pool, "a\"b\\c"), "a\\\"b\\\\c");
    ck_assert_str_eq(as_quote_escape(pool, "\\"), "\\\\");
    ck_assert_str_eq(as_quote_escape(pool, "a\r\nb"), "a??b");
    ck_assert_str_eq(as_quote_escape(pool, ""), "");
}
END_TEST

START_TEST(realm_unescape)
{
    /* what ap_escape_quotes makes of a"b\c */
    ck_assert_str_eq(as_realm_unescape(pool, "a\\\"b\\c"), "a\"b\\c");
    ck_assert_str_eq(as_realm_unescape(pool, "Members"), "Members");
    ck_assert_str_eq(as_realm_unescape(pool, "x\\"), "x\\");
}
END_TEST

START_TEST(basic)
{
    ck_assert_str_eq(as_challenge_basic(pool, "R"),
                     "Basic realm=\"R\", charset=\"UTF-8\"");
    ck_assert_str_eq(as_challenge_basic(pool, "a\"b\\c"),
                     "Basic realm=\"a\\\"b\\\\c\", charset=\"UTF-8\"");
}
END_TEST

START_TEST(bearer)
{
    ck_assert_str_eq(as_challenge_bearer(pool, "R", NULL, AS_BEARER_ERR_NONE,
                                         "ignored without an error"),
                     "Bearer realm=\"R\"");
    ck_assert_str_eq(as_challenge_bearer(pool, "R", "read write",
                                         AS_BEARER_ERR_NONE, NULL),
                     "Bearer realm=\"R\", scope=\"read write\"");
    ck_assert_str_eq(as_challenge_bearer(pool, "R", NULL,
                                         AS_BEARER_ERR_INVALID_TOKEN,
                                         "The access token expired"),
                     "Bearer realm=\"R\", error=\"invalid_token\", "
                     "error_description=\"The access token expired\"");
    ck_assert_str_eq(as_challenge_bearer(pool, "R", "write",
                                         AS_BEARER_ERR_INSUFFICIENT_SCOPE,
                                         NULL),
                     "Bearer realm=\"R\", scope=\"write\", "
                     "error=\"insufficient_scope\"");
    ck_assert_str_eq(as_challenge_bearer(pool, "R", "", 
                                         AS_BEARER_ERR_INVALID_REQUEST, ""),
                     "Bearer realm=\"R\", error=\"invalid_request\"");
    ck_assert_ptr_null(as_bearer_error_name(AS_BEARER_ERR_NONE));
}
END_TEST

Suite *as_challenge_suite(void)
{
    Suite *s = suite_create("challenge");
    TCase *tc = tcase_create("format");
    tcase_add_checked_fixture(tc, unit_pool_setup, unit_pool_teardown);
    tcase_add_test(tc, escape);
    tcase_add_test(tc, realm_unescape);
    tcase_add_test(tc, basic);
    tcase_add_test(tc, bearer);
    suite_add_tcase(s, tc);
    return s;
}
