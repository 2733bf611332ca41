/* Licensed under the Apache License, Version 2.0. */
/* Shared Check fixtures; see unit_pool.h. */

#include <apr_general.h>
#include <apr_file_io.h>
#include <apr_strings.h>

#include "unit_pool.h"

apr_pool_t *pool;

void unit_pool_setup(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
}

void unit_pool_teardown(void)
{
    apr_pool_destroy(pool);
    apr_terminate();
}

void unit_rm_tmpdir(apr_pool_t *p, const char *dir)
{
    apr_dir_t *d;
    apr_finfo_t fi;

    if (apr_dir_open(&d, dir, p) != APR_SUCCESS) {
        return;
    }
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d)
           == APR_SUCCESS) {
        if (fi.filetype == APR_REG) {
            apr_file_remove(apr_pstrcat(p, dir, "/", fi.name, NULL), p);
        }
    }
    apr_dir_close(d);
    apr_dir_remove(dir, p);
}
