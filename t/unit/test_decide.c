/* Unit tests: the status decision table. */
#include <check.h>

#include "as_decide.h"
#include "suites.h"

#define OK 0
#define DECLINED (-1)

START_TEST(reasons)
{
    int i;
    for (i = AS_REASON_OK; i < AS_REASON_COUNT; i++) {
        ck_assert_int_eq(as_reason_lookup(as_reason_name((as_reason_e)i)), i);
    }
    ck_assert_str_eq(as_reason_name(AS_REASON_INSUFFICIENT_SCOPE),
                     "insufficient-scope");
    ck_assert_int_eq(as_reason_lookup("nonsense"), AS_REASON_NONE);
    ck_assert(as_reason_is_failed_attempt(AS_REASON_BAD_CREDENTIALS));
    ck_assert(as_reason_is_failed_attempt(AS_REASON_MALFORMED));
    ck_assert(!as_reason_is_failed_attempt(AS_REASON_NO_CREDENTIALS));
}
END_TEST

START_TEST(authn)
{
    as_decision_t d;
    as_decide_authn(AS_REASON_NO_CREDENTIALS, AS_HIDE_OFF, &d);
    ck_assert_int_eq(d.status, 401);
    ck_assert(d.challenge);
    as_decide_authn(AS_REASON_MALFORMED, AS_HIDE_OFF, &d);
    ck_assert_int_eq(d.status, 400);
    ck_assert(!d.challenge);
    as_decide_authn(AS_REASON_TOKEN_EXPIRED, AS_HIDE_DENIED, &d);
    ck_assert_int_eq(d.status, 401);
    as_decide_authn(AS_REASON_THROTTLED, AS_HIDE_OFF, &d);
    ck_assert_int_eq(d.status, 429);
    as_decide_authn(AS_REASON_ERROR, AS_HIDE_ALWAYS, &d);
    ck_assert_int_eq(d.status, 500);
    as_decide_authn(AS_REASON_BAD_CREDENTIALS, AS_HIDE_ALWAYS, &d);
    ck_assert_int_eq(d.status, 404);
    ck_assert_int_eq(d.reason, AS_REASON_HIDDEN);
    ck_assert_int_eq(d.cause, AS_REASON_BAD_CREDENTIALS);
    ck_assert(!d.challenge);
}
END_TEST

START_TEST(access)
{
    as_decision_t d;
    as_decide_access(DECLINED, AS_HIDE_ALWAYS, &d);
    ck_assert_int_eq(d.status, DECLINED);
    as_decide_access(OK, AS_HIDE_OFF, &d);
    ck_assert_int_eq(d.reason, AS_REASON_OK);
    as_decide_access(403, AS_HIDE_OFF, &d);
    ck_assert_int_eq(d.status, 403);
    ck_assert_int_eq(d.reason, AS_REASON_FORBIDDEN);
    as_decide_access(403, AS_HIDE_DENIED, &d);
    ck_assert_int_eq(d.status, 404);
    ck_assert_int_eq(d.cause, AS_REASON_FORBIDDEN);
    as_decide_access(500, AS_HIDE_DENIED, &d);
    ck_assert_int_eq(d.status, 500);
    ck_assert_int_eq(d.reason, AS_REASON_ERROR);
}
END_TEST

/* AuthStatusHide: Denied hides what would be 403, keeps 401 and
 * 400; Always hides every refusal, never an error or a success. */
START_TEST(hide_modes)
{
    static const as_reason_e refusals[] = {
        AS_REASON_NO_CREDENTIALS, AS_REASON_MALFORMED,
        AS_REASON_UNSUPPORTED_SCHEME, AS_REASON_BAD_CREDENTIALS,
        AS_REASON_TOKEN_INVALID, AS_REASON_TOKEN_EXPIRED,
        AS_REASON_THROTTLED
    };
    as_decision_t d;
    unsigned i;

    for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
        as_decide_authn(refusals[i], AS_HIDE_DENIED, &d);
        ck_assert_int_ne(d.status, 404);
        ck_assert_int_ne(d.reason, AS_REASON_HIDDEN);
        as_decide_authn(refusals[i], AS_HIDE_ALWAYS, &d);
        ck_assert_int_eq(d.status, 404);
        ck_assert_int_eq(d.reason, AS_REASON_HIDDEN);
        ck_assert_int_eq(d.cause, refusals[i]);
        ck_assert(!d.challenge);
        ck_assert(!d.scope_challenge);
    }
    as_decide_authn(AS_REASON_NO_CREDENTIALS, AS_HIDE_DENIED, &d);
    ck_assert_int_eq(d.status, 401);
    ck_assert(d.challenge);
    as_decide_authn(AS_REASON_OK, AS_HIDE_ALWAYS, &d);
    ck_assert_int_eq(d.status, OK);
    as_decide_authn(AS_REASON_PREFLIGHT, AS_HIDE_ALWAYS, &d);
    ck_assert_int_eq(d.status, OK);

    /* denied before authentication */
    as_decide_access(403, AS_HIDE_ALWAYS, &d);
    ck_assert_int_eq(d.status, 404);
    ck_assert_int_eq(d.reason, AS_REASON_HIDDEN);
    ck_assert_int_eq(d.cause, AS_REASON_FORBIDDEN);
    as_decide_access(OK, AS_HIDE_ALWAYS, &d);
    ck_assert_int_eq(d.status, OK);

    /* insufficient scope under Denied: 404 without the scope challenge */
    as_decide_authz(401, 1, 1, AS_HIDE_DENIED, 1, &d);
    ck_assert_int_eq(d.status, 404);
    ck_assert(!d.scope_challenge);
    ck_assert(!d.challenge);
    ck_assert_int_eq(d.cause, AS_REASON_INSUFFICIENT_SCOPE);
    /* hiding wins over ForbidOnDeny Off: never a re-challenge */
    as_decide_authz(401, 1, 0, AS_HIDE_ALWAYS, 0, &d);
    ck_assert_int_eq(d.status, 404);
    ck_assert(!d.challenge);
    ck_assert_int_eq(d.cause, AS_REASON_DENIED);
    /* a refusal that is not 403-like is not hidden by Denied */
    as_decide_authz(500, 1, 1, AS_HIDE_DENIED, 0, &d);
    ck_assert_int_eq(d.status, 500);
}
END_TEST

START_TEST(authz)
{
    as_decision_t d;
    /* authenticated and denied: 403, not a new challenge */
    as_decide_authz(401, 1, 1, AS_HIDE_OFF, 0, &d);
    ck_assert_int_eq(d.status, 403);
    ck_assert(!d.challenge);
    ck_assert_int_eq(d.reason, AS_REASON_DENIED);
    /* AuthStatusForbidOnDeny Off: stock re-challenge */
    as_decide_authz(401, 1, 0, AS_HIDE_OFF, 0, &d);
    ck_assert_int_eq(d.status, 401);
    ck_assert(d.challenge);
    /* hiding implies no re-challenge */
    as_decide_authz(401, 1, 0, AS_HIDE_DENIED, 0, &d);
    ck_assert_int_eq(d.status, 404);
    /* token-scope failed */
    as_decide_authz(401, 1, 1, AS_HIDE_OFF, 1, &d);
    ck_assert_int_eq(d.status, 403);
    ck_assert(d.scope_challenge);
    ck_assert_int_eq(d.reason, AS_REASON_INSUFFICIENT_SCOPE);
    as_decide_authz(403, 1, 0, AS_HIDE_OFF, 0, &d);
    ck_assert_int_eq(d.status, 403);
    ck_assert_int_eq(d.reason, AS_REASON_DENIED);
    as_decide_authz(403, 1, 0, AS_HIDE_ALWAYS, 1, &d);
    ck_assert_int_eq(d.status, 404);
    ck_assert(!d.scope_challenge);
    ck_assert_int_eq(d.cause, AS_REASON_INSUFFICIENT_SCOPE);
    as_decide_authz(OK, 1, 1, AS_HIDE_ALWAYS, 1, &d);
    ck_assert_int_eq(d.status, OK);
    ck_assert(!d.scope_challenge);
    as_decide_authz(500, 1, 1, AS_HIDE_ALWAYS, 0, &d);
    ck_assert_int_eq(d.status, 500);
}
END_TEST

Suite *as_decide_suite(void)
{
    Suite *s = suite_create("decide");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, reasons);
    tcase_add_test(tc, authn);
    tcase_add_test(tc, access);
    tcase_add_test(tc, authz);
    tcase_add_test(tc, hide_modes);
    suite_add_tcase(s, tc);
    return s;
}
