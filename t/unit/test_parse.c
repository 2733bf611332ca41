/* Unit tests: Authorization field parsing and Basic decoding. */
#include <string.h>
#include <check.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "as_parse.h"
#include "suites.h"
#include "unit_pool.h"

static as_credentials_t parse(const char *v)
{
    as_credentials_t c;
    as_parse_authorization(pool, v, &c);
    return c;
}

START_TEST(absent)
{
    ck_assert_int_eq(parse(NULL).status, AS_CRED_ABSENT);
}
END_TEST

START_TEST(scheme_case_and_spaces)
{
    const char *ok[] = { "Basic YWxpY2U6c2VjcmV0", "basic YWxpY2U6c2VjcmV0",
                         "BASIC YWxpY2U6c2VjcmV0", "Basic   YWxpY2U6c2VjcmV0",
                         "bEaReR abc.def.ghi", "Bearer abc-_~+/=", NULL };
    int i;
    for (i = 0; ok[i]; i++) {
        as_credentials_t c = parse(ok[i]);
        ck_assert_msg(c.status == AS_CRED_OK, "%s", ok[i]);
        ck_assert(c.scheme == AS_SCHEME_BASIC || c.scheme == AS_SCHEME_BEARER);
    }
    ck_assert_str_eq(parse("Basic   abc").token, "abc");
}
END_TEST

START_TEST(malformed)
{
    const char *bad[] = { "Basic", "Basic ", "Basic\tYWxp", "Bearer a b",
                          "Bearer \"abc\"", "Bearer ab=c", "Bearer \xc3\xa9",
                          "Bearer {\"alg\":\"none\"}", " Basic abc", "", NULL };
    int i;
    for (i = 0; bad[i]; i++) {
        ck_assert_msg(parse(bad[i]).status == AS_CRED_MALFORMED, "%s", bad[i]);
    }
}
END_TEST

START_TEST(duplicate_fields)
{
    ck_assert_int_eq(parse("Basic YWxp, Basic Ym9i").status, AS_CRED_DUPLICATE);
    ck_assert_int_eq(parse("Bearer a,b").status, AS_CRED_DUPLICATE);
    /* not our scheme: its commas are its own */
    ck_assert_int_eq(parse("Digest a=1, b=2").status, AS_CRED_OK);
    ck_assert_int_eq(parse("Digest a=1, b=2").scheme, AS_SCHEME_UNKNOWN);
}
END_TEST

START_TEST(too_large)
{
    char *big = apr_palloc(pool, AS_MAX_CREDENTIALS + 10);
    memcpy(big, "Basic ", 6);
    memset(big + 6, 'A', AS_MAX_CREDENTIALS);
    big[AS_MAX_CREDENTIALS + 6] = '\0';
    ck_assert_int_eq(parse(big).status, AS_CRED_TOO_LARGE);
    big[AS_MAX_CREDENTIALS - 1] = '\0';
    ck_assert_int_eq(parse(big).status, AS_CRED_OK);
}
END_TEST

START_TEST(unknown_scheme)
{
    as_credentials_t c = parse("Negotiate YIIabc==");
    ck_assert_int_eq(c.status, AS_CRED_OK);
    ck_assert_int_eq(c.scheme, AS_SCHEME_UNKNOWN);
    ck_assert_str_eq(c.scheme_name, "Negotiate");
    ck_assert_int_eq(parse("Foo").status, AS_CRED_OK);
}
END_TEST

START_TEST(token68)
{
    ck_assert(as_is_token68("abc"));
    ck_assert(as_is_token68("a.b-c_d~e+f/g=="));
    ck_assert(!as_is_token68(""));
    ck_assert(!as_is_token68("="));
    ck_assert(!as_is_token68("a=b"));
    ck_assert(!as_is_token68("a b"));
    ck_assert(!as_is_token68("a,b"));
}
END_TEST

static as_basic_status_e dec(const char *t, const char **u, const char **p)
{
    return as_basic_decode(pool, t, u, p);
}

START_TEST(basic_decode)
{
    const char *u, *p;
    ck_assert_int_eq(dec("QWxhZGRpbjpvcGVuIHNlc2FtZQ==", &u, &p), AS_BASIC_OK);
    ck_assert_str_eq(u, "Aladdin");
    ck_assert_str_eq(p, "open sesame");
    /* RFC 7617 §2: text after the first colon belongs to the password */
    ck_assert_int_eq(dec("QWxhZGRpbjpvcGVuOnNlc2FtZQ==", &u, &p), AS_BASIC_OK);
    ck_assert_str_eq(p, "open:sesame");
    /* RFC 7617 §2.1 */
    ck_assert_int_eq(dec("dGVzdDoxMjPCow==", &u, &p), AS_BASIC_OK);
    ck_assert_str_eq(p, "123\xc2\xa3");
    /* missing padding is accepted */
    ck_assert_int_eq(dec("YWxpY2U6c2VjcmV0", &u, &p), AS_BASIC_OK);
    ck_assert_int_eq(dec("YTpi", &u, &p), AS_BASIC_OK);
    ck_assert_int_eq(dec("YTpiYw", &u, &p), AS_BASIC_OK);
    ck_assert_str_eq(p, "bc");
    ck_assert_int_eq(dec("Og==", &u, &p), AS_BASIC_EMPTY_USER);
}
END_TEST

START_TEST(basic_decode_bad)
{
    const char *u, *p;
    ck_assert_int_eq(dec("YWxpY2U=", &u, &p), AS_BASIC_NO_COLON);
    ck_assert_int_eq(dec("!!!", &u, &p), AS_BASIC_BAD_BASE64);
    ck_assert_int_eq(dec("YW=xp", &u, &p), AS_BASIC_BAD_BASE64);
    ck_assert_int_eq(dec("YWxpY2U6c2VjcmV0=", &u, &p), AS_BASIC_BAD_BASE64);
    ck_assert_int_eq(dec("YWxpY2U6c2VjcmV0===", &u, &p), AS_BASIC_BAD_BASE64);
    ck_assert_int_eq(dec("Y", &u, &p), AS_BASIC_BAD_BASE64);
    /* non-zero leftover bits: "YTpic" is not canonical */
    ck_assert_int_eq(dec("YTpiZ", &u, &p), AS_BASIC_BAD_BASE64);
    ck_assert_int_eq(dec("YTpiYx", &u, &p), AS_BASIC_BAD_BASE64);
    /* "al\0ice:secret", "alice:sec\nret" */
    ck_assert_int_eq(dec("YWwAaWNlOnNlY3JldA==", &u, &p), AS_BASIC_CONTROL);
    ck_assert_int_eq(dec("YWxpY2U6c2VjCnJldA==", &u, &p), AS_BASIC_CONTROL);
    /* "alice:\xff\xfe" */
    ck_assert_int_eq(dec("YWxpY2U6//4=", &u, &p), AS_BASIC_BAD_UTF8);
    ck_assert(as_basic_is_malformed(AS_BASIC_NO_COLON));
    ck_assert(!as_basic_is_malformed(AS_BASIC_EMPTY_USER));
    ck_assert(!as_basic_is_malformed(AS_BASIC_BAD_UTF8));
}
END_TEST

START_TEST(utf8)
{
    ck_assert(as_is_utf8("abc", 3));
    ck_assert(as_is_utf8("j\xc3\xbcrgen", 7));
    ck_assert(as_is_utf8("\xf0\x9f\x98\x80", 4));
    ck_assert(!as_is_utf8("\xc0\xaf", 2));          /* overlong */
    ck_assert(!as_is_utf8("\xed\xa0\x80", 3));      /* surrogate */
    ck_assert(!as_is_utf8("\xe2\x82", 2));          /* truncated */
    ck_assert(!as_is_utf8("\xf4\x90\x80\x80", 4));  /* > U+10FFFF */
}
END_TEST

START_TEST(schemes)
{
    ck_assert_int_eq(as_scheme_lookup("bearer"), AS_SCHEME_BEARER);
    ck_assert_int_eq(as_scheme_lookup("Digest"), AS_SCHEME_UNKNOWN);
    ck_assert_str_eq(as_scheme_name(AS_SCHEME_BASIC), "Basic");
}
END_TEST

Suite *as_parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("authorization");
    tcase_add_checked_fixture(tc, unit_pool_setup, unit_pool_teardown);
    tcase_add_test(tc, absent);
    tcase_add_test(tc, scheme_case_and_spaces);
    tcase_add_test(tc, malformed);
    tcase_add_test(tc, duplicate_fields);
    tcase_add_test(tc, too_large);
    tcase_add_test(tc, unknown_scheme);
    tcase_add_test(tc, token68);
    tcase_add_test(tc, basic_decode);
    tcase_add_test(tc, basic_decode_bad);
    tcase_add_test(tc, utf8);
    tcase_add_test(tc, schemes);
    suite_add_tcase(s, tc);
    return s;
}
