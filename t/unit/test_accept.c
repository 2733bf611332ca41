/* Unit tests: Accept negotiation (RFC 9110 §12.5.1). */
#include <string.h>
#include <check.h>

#include "as_accept.h"
#include "suites.h"

#define Q(a, t) as_accept_quality((a), (t))

START_TEST(quality_basics)
{
    ck_assert_int_eq(Q(NULL, "text/html"), 1000);
    ck_assert_int_eq(Q("", "text/html"), 0);
    ck_assert_int_eq(Q("text/html", "text/html"), 1000);
    ck_assert_int_eq(Q("TEXT/HTML", "text/html"), 1000);
    ck_assert_int_eq(Q("text/plain", "text/html"), 0);
    ck_assert_int_eq(Q("text/*;q=0.3", "text/html"), 300);
    ck_assert_int_eq(Q("*/*;q=0.1", "application/json"), 100);
    ck_assert_int_eq(Q("application/json;q=0", "application/json"), 0);
    ck_assert_int_eq(Q("application/json;q=1.000", "application/json"), 1000);
    ck_assert_int_eq(Q("application/json;q=0.001", "application/json"), 1);
    ck_assert_int_eq(Q("application/json;Q=0.5", "application/json"), 500);
    ck_assert_int_eq(Q("application/json;q=0.", "application/json"), 0);
    ck_assert_int_eq(Q("application/json;q=0.", "application/json"), 0);
}
END_TEST

/* RFC 9110 §12.5.1's example: the most specific range wins. */
START_TEST(quality_specificity)
{
    const char *a = "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed,"
                    " text/plain;format=fixed;q=0.4, */*;q=0.5";
    ck_assert_int_eq(Q(a, "text/html"), 300);
    ck_assert_int_eq(Q(a, "image/jpeg"), 500);
    /* parameters are not compared: the best text/plain range counts */
    ck_assert_int_eq(Q(a, "text/plain"), 1000);
    ck_assert_int_eq(Q("*/*, text/html;q=0.2", "text/html"), 200);
    ck_assert_int_eq(Q("text/html;q=0.2, */*", "text/html"), 200);
    ck_assert_int_eq(Q("text/*;q=0.9, text/html;q=0.1", "text/html"), 100);
}
END_TEST

START_TEST(quality_whitespace)
{
    ck_assert_int_eq(Q("  text/html ;  q=0.4 ,application/json", "text/html"),
                     400);
    ck_assert_int_eq(Q("\ttext/html\t;\tq=0.4", "text/html"), 400);
    ck_assert_int_eq(Q(",,, text/html;q=0.4,,", "text/html"), 400);
    /* no whitespace allowed around '=' (RFC 9110 §5.6.6): skipped */
    ck_assert_int_eq(Q("text/html;q = 0.4", "text/html"), 0);
}
END_TEST

START_TEST(quality_bad_input)
{
    static const char *const bad[] = {
        "text/html;q=2", "text/html;q=1.5", "text/html;q=0.12345",
        "text/html;q=-1", "text/html;q=", "text/html;q=abc", "text/html;q",
        "text", "text/", "/html", "*/html", "text/html junk", "text/html;=1",
        "text/html;a=\"unterminated", "text/html;a=\"esc\\", "\"", ";", "/",
        "text/html;q=1.001", "text/html;q=01"
    };
    size_t i;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(Q(bad[i], "text/html") == 0, "'%s' parsed", bad[i]);
    }
    /* a bad element does not spoil the good ones around it */
    ck_assert_int_eq(Q("text/html;q=9, application/json;q=0.6",
                       "application/json"), 600);
    ck_assert_int_eq(Q("a/b;x=\"1,2\";q=0.2, text/html;q=0.3", "a/b"), 200);
    ck_assert_int_eq(Q("a/b;x=\"1,2\";q=0.2, text/html;q=0.3", "text/html"),
                     300);
    ck_assert_int_eq(Q("text/html;x=\"a\\\"b\";q=0.7", "text/html"), 700);
    ck_assert_int_eq(Q("garbage\"quoted, stuff\", text/html;q=0.6",
                       "text/html"), 600);
    /* accept-ext after q is ignored; a second q is an extension */
    ck_assert_int_eq(Q("text/html;q=0.5;q=1", "text/html"), 500);
    ck_assert_int_eq(Q("text/html;q=0.5;ext=\"x\"", "text/html"), 500);
    /* a type with no slash is nothing to match */
    ck_assert_int_eq(Q("text/html", "nonsense"), 0);
}
END_TEST

START_TEST(lists)
{
    ck_assert(as_accept_lists("text/html,application/xhtml+xml,*/*;q=0.8",
                              "text/html"));
    ck_assert(!as_accept_lists("*/*", "text/html"));
    ck_assert(!as_accept_lists("text/*", "text/html"));
    ck_assert(!as_accept_lists("text/html;q=0", "text/html"));
    ck_assert(!as_accept_lists(NULL, "text/html"));
    ck_assert(as_accept_lists("application/json, text/html;q=0.1",
                              "text/html"));
}
END_TEST

START_TEST(prefers_json)
{
    ck_assert(!as_accept_prefers_json(NULL));
    ck_assert(!as_accept_prefers_json(""));
    ck_assert(!as_accept_prefers_json("*/*"));
    ck_assert(!as_accept_prefers_json("text/html"));
    ck_assert(!as_accept_prefers_json(
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
    ck_assert(as_accept_prefers_json("application/json"));
    ck_assert(as_accept_prefers_json("application/problem+json"));
    ck_assert(as_accept_prefers_json("text/html;q=0.5, application/json"));
    ck_assert(as_accept_prefers_json("application/*"));
    ck_assert(as_accept_prefers_json("application/json, */*;q=0.1"));
    ck_assert(!as_accept_prefers_json("application/json;q=0.5, text/html"));
    /* a tie goes to HTML */
    ck_assert(!as_accept_prefers_json("application/json, text/html"));
    ck_assert(!as_accept_prefers_json("application/json;q=0"));
    ck_assert(as_accept_prefers_json(
        "application/problem+json;q=0.9, application/json;q=0.1, "
        "text/html;q=0.5"));
    ck_assert(!as_accept_prefers_json("application/json;q=x"));
}
END_TEST

START_TEST(navigation)
{
    const char *html = "text/html,application/xhtml+xml,*/*;q=0.8";

    ck_assert(as_accept_is_navigation("navigate", 1, 0, html));
    ck_assert(as_accept_is_navigation("NAVIGATE", 1, 0, NULL));
    /* Android WebView sends X-Requested-With on navigations */
    ck_assert(as_accept_is_navigation("navigate", 1, 1, html));
    ck_assert(!as_accept_is_navigation("cors", 1, 0, html));
    ck_assert(!as_accept_is_navigation("no-cors", 1, 0, html));
    ck_assert(!as_accept_is_navigation("same-origin", 0, 0, html));
    ck_assert(!as_accept_is_navigation("", 0, 0, html));
    /* no Sec-Fetch-*: Accept decides, X-Requested-With vetoes */
    ck_assert(as_accept_is_navigation(NULL, 0, 0, html));
    ck_assert(!as_accept_is_navigation(NULL, 0, 1, html));
    ck_assert(!as_accept_is_navigation(NULL, 1, 0, html));
    ck_assert(!as_accept_is_navigation(NULL, 0, 0, "*/*"));
    ck_assert(!as_accept_is_navigation(NULL, 0, 0, NULL));
    ck_assert(!as_accept_is_navigation(NULL, 0, 0, "application/json"));
    ck_assert(!as_accept_is_navigation(NULL, 0, 0, "text/html;q=0"));
}
END_TEST

/* Long and deeply repetitive input: ends, and in linear time. */
START_TEST(long_input)
{
    static char buf[200001];
    size_t i;

    for (i = 0; i + 1 < sizeof(buf); i++) {
        buf[i] = ";,\"/\\a"[i % 6];
    }
    buf[sizeof(buf) - 1] = '\0';
    ck_assert_int_eq(Q(buf, "text/html"), 0);
    for (i = 0; i + 1 < sizeof(buf); i++) {
        buf[i] = "a/b;c=d"[i % 7];
    }
    (void)Q(buf, "a/b");
    memset(buf, '"', sizeof(buf) - 1);
    ck_assert_int_eq(Q(buf, "text/html"), 0);
}
END_TEST

Suite *as_accept_suite(void)
{
    Suite *s = suite_create("as_accept");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, quality_basics);
    tcase_add_test(tc, quality_specificity);
    tcase_add_test(tc, quality_whitespace);
    tcase_add_test(tc, quality_bad_input);
    tcase_add_test(tc, lists);
    tcase_add_test(tc, prefers_json);
    tcase_add_test(tc, navigation);
    tcase_add_test(tc, long_input);
    suite_add_tcase(s, tc);
    return s;
}
