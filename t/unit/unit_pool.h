/* Licensed under the Apache License, Version 2.0. */
/*
 * What several Check suites share: a fresh APR pool for each test (add
 * unit_pool_setup/unit_pool_teardown as the checked fixture and use `pool`
 * in the tests) and the removal of a flat temporary directory.
 */

#ifndef UNIT_POOL_H
#define UNIT_POOL_H

#include <apr_pools.h>

/* The per-test pool, valid between unit_pool_setup and unit_pool_teardown. */
extern apr_pool_t *pool;

void unit_pool_setup(void);
void unit_pool_teardown(void);

/* Remove the regular files in dir, then dir itself; quiet if it is gone. */
void unit_rm_tmpdir(apr_pool_t *p, const char *dir);

#endif /* UNIT_POOL_H */
