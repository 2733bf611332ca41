/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_hide.h
 * AuthStatusHide Always under another module's AuthType (Basic, Digest,
 * any other): the authentication half of hiding that as_authn.c does
 * itself for AuthType AuthStatus.
 */
#ifndef AS_HIDE_H
#define AS_HIDE_H

#include <httpd.h>

/** check_authn hook, registered APR_HOOK_FIRST: under another AuthType
 * with AuthStatusHide Always, runs the rest of the chain itself and turns
 * its 400/401 (and the challenge that came with it) into a plain 404. */
int as_hide_check_authn(request_rec *r);

/** Register the hook above and the startup check of hiding sections. */
void as_hide_register(apr_pool_t *p);

#endif
