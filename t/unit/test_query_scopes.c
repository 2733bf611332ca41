/* Unit tests: access_token in the query (as_parse.c) and the scope lists
 * of Require token-scope (as_confval.c). */
#include <string.h>
#include <check.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "as_parse.h"
#include "as_confval.h"
#include "suites.h"
#include "unit_pool.h"

START_TEST(query_tokens)
{
    ck_assert_int_eq(as_parse_query_tokens(pool, NULL), 0);
    ck_assert_int_eq(as_parse_query_tokens(pool, ""), 0);
    ck_assert_int_eq(as_parse_query_tokens(pool, "a=1&b=2"), 0);
    ck_assert_int_eq(as_parse_query_tokens(pool, "access_token=x"), 1);
    ck_assert_int_eq(as_parse_query_tokens(pool, "a=1&access_token=x"), 1);
    ck_assert_int_eq(as_parse_query_tokens(pool, "access_token"), 1);
    ck_assert_int_eq(as_parse_query_tokens(pool, "access_token="), 1);
    ck_assert_int_eq(as_parse_query_tokens(pool, "access%5ftoken=x"), 1);
    ck_assert_int_eq(as_parse_query_tokens(pool, "%61ccess_token=x"), 1);
    ck_assert_int_eq(as_parse_query_tokens(pool,
                                            "access_token=a&access_token=b"),
                     2);
    /* near misses */
    ck_assert_int_eq(as_parse_query_tokens(pool, "access_tokens=x"), 0);
    ck_assert_int_eq(as_parse_query_tokens(pool, "xaccess_token=x"), 0);
    ck_assert_int_eq(as_parse_query_tokens(pool, "access_toke=x"), 0);
    ck_assert_int_eq(as_parse_query_tokens(pool, "x=access_token"), 0);
    ck_assert_int_eq(as_parse_query_tokens(pool, "access+token=x"), 0);
    ck_assert_int_eq(as_parse_query_tokens(pool, "access_token%00=x"), 0);
    ck_assert_int_eq(as_parse_query_tokens(pool, "access_token%=x"), 0);
    ck_assert_int_eq(as_parse_query_tokens(pool, "&&&"), 0);
}
END_TEST

START_TEST(scope_union)
{
    ck_assert_ptr_null(as_confval_scope_union(pool, NULL, NULL));
    ck_assert_ptr_null(as_confval_scope_union(pool, "", "  "));
    ck_assert_str_eq(as_confval_scope_union(pool, NULL, "read write"),
                     "read write");
    ck_assert_str_eq(as_confval_scope_union(pool, "read", "write read"),
                     "read write");
    ck_assert_str_eq(as_confval_scope_union(pool, " a  b ", "b c  a d"),
                     "a b c d");
    /* words, not substrings */
    ck_assert_str_eq(as_confval_scope_union(pool, "readwrite", "read"),
                     "readwrite read");
    ck_assert_str_eq(as_confval_scope_union(pool, "a a", NULL), "a");
}
END_TEST

Suite *as_query_scopes_suite(void)
{
    Suite *s = suite_create("as_query_scopes");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, unit_pool_setup, unit_pool_teardown);
    tcase_add_test(tc, query_tokens);
    tcase_add_test(tc, scope_union);
    suite_add_tcase(s, tc);
    return s;
}
