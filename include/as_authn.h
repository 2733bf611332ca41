/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_authn.h
 * The authentication half under AuthType AuthStatus (modules/as_authn.c):
 * parse Authorization, dispatch on the scheme through the scheme table,
 * verify, and answer 400/401 (or 404 when hidden) with the right
 * challenges.
 */
#ifndef AS_AUTHN_H
#define AS_AUTHN_H

#include <httpd.h>

/** check_authn hook. */
int as_check_authn(request_rec *r);

/** note_auth_failure hook: the challenges of a 401 that mod_authz_core
 * answered for our AuthType. */
int as_note_auth_failure(request_rec *r, const char *auth_type);

/** Register the Basic verifier in the scheme table. */
void as_authn_register(apr_pool_t *p);

#endif
