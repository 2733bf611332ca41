/* Unit tests: bodies of refusals (HTML and RFC 9457 problem+json). */
#include <string.h>
#include <check.h>
#include <jansson.h>
#include <apr_general.h>
#include <apr_tables.h>

#include "as_body.h"
#include "suites.h"
#include "unit_pool.h"

START_TEST(statuses)
{
    ck_assert(as_body_status_is_ours(400));
    ck_assert(as_body_status_is_ours(401));
    ck_assert(as_body_status_is_ours(403));
    ck_assert(as_body_status_is_ours(429));
    ck_assert(!as_body_status_is_ours(404));
    ck_assert(!as_body_status_is_ours(500));
    ck_assert(!as_body_status_is_ours(303));
    ck_assert_str_eq(as_body_title(401), "Unauthorized");
    ck_assert_str_eq(as_body_title(429), "Too Many Requests");
}
END_TEST

START_TEST(problem_document)
{
    apr_array_header_t *schemes = apr_array_make(pool, 2, sizeof(char *));
    const char *text;
    json_t *j;

    APR_ARRAY_PUSH(schemes, const char *) = "Bearer";
    APR_ARRAY_PUSH(schemes, const char *) = "Basic";
    text = as_body_problem(pool, 401, AS_REASON_NO_CREDENTIALS, schemes);
    ck_assert_ptr_nonnull(text);
    j = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(json_string_value(json_object_get(j, "type")),
                     "about:blank");
    ck_assert_str_eq(json_string_value(json_object_get(j, "title")),
                     "Unauthorized");
    ck_assert_int_eq(json_integer_value(json_object_get(j, "status")), 401);
    ck_assert_str_eq(json_string_value(json_object_get(j, "reason")),
                     "no-credentials");
    ck_assert_ptr_nonnull(json_string_value(json_object_get(j, "detail")));
    ck_assert_int_eq(json_array_size(json_object_get(j, "schemes")), 2);
    ck_assert_str_eq(json_string_value(
        json_array_get(json_object_get(j, "schemes"), 0)), "Bearer");
    json_decref(j);

    text = as_body_problem(pool, 403, AS_REASON_DENIED, NULL);
    j = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(j);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "status")), 403);
    ck_assert_ptr_null(json_object_get(j, "schemes"));
    json_decref(j);
}
END_TEST

/* Every reason has its own sentence, and no sentence hints at whether a
 * user exists. */
START_TEST(details)
{
    int i, k;
    for (i = AS_REASON_NO_CREDENTIALS; i < AS_REASON_COUNT; i++) {
        const char *d = as_body_detail((as_reason_e)i);
        ck_assert(strlen(d) > 10);
        ck_assert_ptr_null(strstr(d, "unknown"));
        ck_assert_ptr_null(strstr(d, "exist"));
        ck_assert_ptr_null(strstr(d, "password"));
        for (k = AS_REASON_NO_CREDENTIALS; k < i; k++) {
            if (i == AS_REASON_HIDDEN || i == AS_REASON_PREFLIGHT
                || i == AS_REASON_ERROR || k == AS_REASON_HIDDEN) {
                continue;
            }
            ck_assert_str_ne(d, as_body_detail((as_reason_e)k));
        }
    }
}
END_TEST

START_TEST(html)
{
    const char *h = as_body_html(pool, 403, AS_REASON_FORBIDDEN);
    ck_assert_ptr_nonnull(strstr(h, "<title>403 Forbidden</title>"));
    ck_assert_ptr_nonnull(strstr(h, as_body_detail(AS_REASON_FORBIDDEN)));
}
END_TEST

Suite *as_body_suite(void)
{
    Suite *s = suite_create("as_body");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, unit_pool_setup, unit_pool_teardown);
    tcase_add_test(tc, statuses);
    tcase_add_test(tc, problem_document);
    tcase_add_test(tc, details);
    tcase_add_test(tc, html);
    suite_add_tcase(s, tc);
    return s;
}
