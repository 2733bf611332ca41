/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_dpop_req.h
 * Sender-constrained tokens against a request (modules/as_dpop_req.c):
 * the DPoP proof of the request (RFC 9449 section 4.3), its replay check
 * in the store, server nonces (section 9), and the check of a verified
 * token's cnf against the proof key or the TLS client certificate
 * (RFC 8705 section 3).
 */
#ifndef AS_DPOP_REQ_H
#define AS_DPOP_REQ_H

#include <httpd.h>
#include <jansson.h>

#include "as_config.h"
#include "as_scheme.h"

/** Check the request's DPoP proof for token; on success *jkt is the
 * proof key's thumbprint. Returns AS_REASON_OK, AS_REASON_TOKEN_INVALID
 * (invalid_dpop_proof, f filled) or AS_REASON_DPOP_NONCE (with the
 * DPoP-Nonce header set). The jti is not recorded yet: see
 * as_dpop_remember. */
as_reason_e as_dpop_proof(request_rec *r, const as_dir_conf *d,
                          const char *token, const char **jkt,
                          as_failure_t *f);

/** Record the proof's jti for its window; 0 when it was already used (a
 * replay: invalid_dpop_proof). */
int as_dpop_remember(request_rec *r, as_failure_t *f);

/** Does the token's confirmation (its cnf claim) hold for a request that
 * came with scheme (and, for DPoP, a proof by the key jkt)? AS_REASON_OK
 * or AS_REASON_TOKEN_INVALID with f filled. */
as_reason_e as_token_binding(request_rec *r, as_scheme_e scheme,
                             const json_t *claims, const char *jkt,
                             as_failure_t *f);

/** A nonce to send on a success, when the proof's one is about to
 * expire (sets DPoP-Nonce). */
void as_dpop_success(request_rec *r, const as_dir_conf *d);

/** post_config: mod_ssl's ssl_var_lookup, the nonce secret. */
void as_dpop_register_hooks(apr_pool_t *p);

#endif
