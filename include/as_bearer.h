/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_bearer.h
 * Bearer tokens (RFC 6750) under AuthType AuthStatus (modules/as_bearer.c):
 * the authentication step (the Bearer row of the scheme table) and the
 * token-scope / token-claim authz providers. The directives are in
 * as_bearer_conf.h.
 */
#ifndef AS_BEARER_H
#define AS_BEARER_H

#include <httpd.h>
#include <http_config.h>

#include "as_config.h"
#include "as_scheme.h"

/** Register the Bearer verifier in the scheme table, the authz providers
 * token-scope and token-claim, and the configuration's hooks. */
void as_bearer_register(apr_pool_t *p);

/** Before the Authorization field is looked at: a token in the query
 * string when the location accepts Bearer. Returns AS_REASON_NONE to go
 * on, AS_REASON_MALFORMED (RFC 6750 section 3.1 invalid_request) when the
 * request carries a token in the query (with or without one in the
 * header), with f's bearer_error, description and why set. */
as_reason_e as_bearer_precheck(request_rec *r, const as_dir_conf *d,
                               as_failure_t *f);

/** Verify a Bearer token68 and, when valid, set r->user, r->ap_auth_type,
 * the verified claims and the AUTHSTATUS_CLAIM_* variables. Returns
 * AS_REASON_OK, AS_REASON_TOKEN_INVALID, AS_REASON_TOKEN_EXPIRED,
 * AS_REASON_MALFORMED (over an input limit) or AS_REASON_ERROR (no keys
 * configured). */
as_reason_e as_bearer_authenticate(request_rec *r, const as_dir_conf *d,
                                   const char *token, as_failure_t *f);

#endif
