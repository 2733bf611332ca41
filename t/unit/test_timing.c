/* Unit tests: an unknown user's answer takes what a known user's does
 * (modules/as_timing.c). */
#include <check.h>
#include <apr_general.h>
#include <apr_time.h>

#include "as_timing.h"
#include "suites.h"

static apr_time_t unknown_takes(const char *key)
{
    apr_time_t start = apr_time_now();
    as_timing_unknown(key, "wrong", start);
    return apr_time_now() - start;
}

START_TEST(learns_and_pads)
{
    apr_time_t t;
    int i;

    apr_initialize();
    /* nothing learned: the dummy bcrypt (cost 5) alone, a real hash */
    t = unknown_takes("fresh realm");
    ck_assert_int_gt(t, 200);
    ck_assert_int_lt(t, apr_time_from_sec(1));

    /* known users of "slow" take 80 ms: so does an unknown one */
    for (i = 0; i < 30; i++) {
        as_timing_known("slow", apr_time_from_msec(80));
    }
    ck_assert_int_ge(as_timing_known_usec("slow"), 79000);
    t = unknown_takes("slow");
    ck_assert_int_ge(t, apr_time_from_msec(79));
    ck_assert_int_lt(t, apr_time_from_msec(500));

    /* realms learn apart (these two do not share a slot) */
    ck_assert_int_lt(as_timing_known_usec("fast"), 1000);

    /* cheap known users (50 us): no dummy hash, hardly any wait */
    unknown_takes("fast");             /* measures the dummy hash */
    for (i = 0; i < 30; i++) {
        as_timing_known("fast", 50);
    }
    t = unknown_takes("fast");
    for (i = 0; i < 5; i++) {          /* the quickest of a few: load */
        apr_time_t u = unknown_takes("fast");
        t = u < t ? u : t;
    }
    ck_assert_int_lt(t, 1000);

    /* a provider that hangs is not copied beyond one second */
    for (i = 0; i < 30; i++) {
        as_timing_known("hung", apr_time_from_sec(30));
    }
    ck_assert_int_le(as_timing_known_usec("hung"), apr_time_from_sec(1));
}
END_TEST

/* A realm that mixes hash types: the client's own wrong passwords for a
 * cheap-hash user pull the average down, but unknown users keep the dummy
 * hash once a slow (bcrypt) check was seen, so they still take as long as
 * the bcrypt users. */
START_TEST(mixed_realm_not_steerable)
{
    int i;

    apr_initialize();
    unknown_takes("mixed");                     /* measures the dummy hash */
    for (i = 0; i < 5; i++) {
        as_timing_known("mixed", 2400);         /* bcrypt users */
    }
    ck_assert(as_timing_runs_dummy("mixed"));
    for (i = 0; i < 500; i++) {
        as_timing_known("mixed", 40);           /* an MD5 user, 500 times */
    }
    ck_assert_int_lt(as_timing_known_usec("mixed"), 100);
    ck_assert_msg(as_timing_runs_dummy("mixed"),
                  "the average was steered below the dummy hash, and the "
                  "dummy hash with it");
    /* a realm of cheap hashes only still skips the dummy hash */
    unknown_takes("md5 only");
    for (i = 0; i < 30; i++) {
        as_timing_known("md5 only", 40);
    }
    ck_assert(!as_timing_runs_dummy("md5 only"));
}
END_TEST

Suite *as_timing_suite(void)
{
    Suite *s = suite_create("as_timing");
    TCase *tc = tcase_create("timing");
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, learns_and_pads);
    tcase_add_test(tc, mixed_realm_not_steerable);
    suite_add_tcase(s, tc);
    return s;
}
