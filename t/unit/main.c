/* Runs every Check suite of the pure logic. */
#include <stdlib.h>
#include <check.h>

#include "suites.h"

int main(void)
{
    SRunner *sr = srunner_create(as_parse_suite());
    int failed;

    srunner_add_suite(sr, as_challenge_suite());
    srunner_add_suite(sr, as_decide_suite());
    srunner_add_suite(sr, as_keys_suite());
    srunner_add_suite(sr, as_keycache_suite());
    srunner_add_suite(sr, as_jwt_suite());
    srunner_add_suite(sr, as_cache_suite());
    srunner_add_suite(sr, as_cache_local_suite());
    srunner_add_suite(sr, as_confval_suite());
    srunner_add_suite(sr, as_query_scopes_suite());
    srunner_add_suite(sr, as_throttle_suite());
    srunner_add_suite(sr, as_accept_suite());
    srunner_add_suite(sr, as_body_suite());
    srunner_add_suite(sr, as_timing_suite());
    srunner_add_suite(sr, as_seams_suite());
    srunner_add_suite(sr, as_idp_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
