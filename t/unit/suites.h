/* The unit-test suites, one per component. */
#ifndef AS_SUITES_H
#define AS_SUITES_H
#include <check.h>
Suite *as_parse_suite(void);
Suite *as_challenge_suite(void);
Suite *as_decide_suite(void);
Suite *as_keys_suite(void);
Suite *as_keycache_suite(void);
Suite *as_jwt_suite(void);
Suite *as_cache_suite(void);
Suite *as_cache_local_suite(void);
Suite *as_confval_suite(void);
Suite *as_query_scopes_suite(void);
Suite *as_throttle_suite(void);
Suite *as_accept_suite(void);
Suite *as_body_suite(void);
Suite *as_timing_suite(void);
Suite *as_seams_suite(void);
Suite *as_idp_suite(void);
#endif
