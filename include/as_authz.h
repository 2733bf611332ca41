/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_authz.h
 * The authorization half (modules/as_authz.c): hooks that run the rest
 * of the access_checker_ex and auth_checker chains themselves and map what
 * mod_authz_core decided to 403, 404 or insufficient_scope.
 */
#ifndef AS_AUTHZ_H
#define AS_AUTHZ_H

#include <httpd.h>

int as_access_checker_ex(request_rec *r);
int as_auth_checker(request_rec *r);
int as_authz_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                         apr_pool_t *ptemp, server_rec *s);

#endif
