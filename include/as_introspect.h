/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_introspect.h
 * Opaque access tokens, verified by the identity provider's introspection
 * endpoint (RFC 7662) behind the as_verifier_t interface
 * (modules/as_introspect.c). Results are cached in the store under a
 * keyed hash of the token: active ones until min(exp, cache=), inactive
 * ones AS_IDP_NEGATIVE_CACHE seconds. The response's members are the
 * token's claims for Require token-scope, token-claim and the claims env.
 */
#ifndef AS_INTROSPECT_H
#define AS_INTROSPECT_H

#include <httpd.h>

#include "as_idp.h"
#include "as_jwt.h"
#include "as_verify.h"

/** The verifier of one request (made in r->pool). issuers: the location's
 * AuthStatusBearerIssuer values (discover takes the first one's
 * metadata); pol: the checks the response must pass (iss, aud, exp, the
 * user claim). */
as_verifier_t *as_verifier_introspect(request_rec *r,
                                      const as_idp_introspect_t *o,
                                      const as_jwt_policy_t *pol);

#endif
