/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_challenge.h
 * WWW-Authenticate challenges (RFC 9110 §11.3, RFC 7617 §2, RFC 6750 §3).
 * Pure functions over APR.
 */
#ifndef AS_CHALLENGE_H
#define AS_CHALLENGE_H

#include <apr_pools.h>

#include "as_scheme.h"

/** s as the content of a quoted-string: '"' and '\' escaped, control
 * characters (never legal in a quoted-string) replaced by '?'. */
const char *as_quote_escape(apr_pool_t *p, const char *s);

/** Undo httpd's ap_escape_quotes() on an AuthName, which turns '"' into
 * '\"' and leaves other backslash pairs alone, so that as_quote_escape()
 * can escape the raw name properly. */
const char *as_realm_unescape(apr_pool_t *p, const char *escaped);

/** Bearer error codes (RFC 6750 §3.1). */
typedef enum {
    AS_BEARER_ERR_NONE = 0,
    AS_BEARER_ERR_INVALID_REQUEST,
    AS_BEARER_ERR_INVALID_TOKEN,
    AS_BEARER_ERR_INSUFFICIENT_SCOPE,
    AS_BEARER_ERR_INSUFFICIENT_USER_AUTH,   /* RFC 9470 section 3 */
    AS_BEARER_ERR_INVALID_DPOP_PROOF,       /* RFC 9449 section 7.1 */
    AS_BEARER_ERR_USE_DPOP_NONCE            /* RFC 9449 section 9 */
} as_bearer_error_e;

/** The algs of a DPoP challenge: the proof algorithms accepted. */
#define AS_CHALLENGE_DPOP_ALGS "ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA"

/** `Scheme p1="v1", p2="v2", ...`: the scheme name, then each of the n
 * parameters whose value is not NULL, every value a quoted-string
 * (as_quote_escape). One challenge, for one field line. */
const char *as_challenge_build(apr_pool_t *p, const char *scheme,
                               const as_param_t *params, int n);

/** `Basic realm="…", charset="UTF-8"` for a raw realm. */
const char *as_challenge_basic(apr_pool_t *p, const char *realm);

/** The Basic challenge of the scheme table: realm and charset only
 * (Basic has no error codes; a's extra parameters are the token
 * schemes'). */
const char *as_challenge_basic_args(apr_pool_t *p,
                                    const as_challenge_args_t *a);

/** `Bearer realm="…"[, scope="…"][, error="…"[, error_description="…"]]`
 * then a's extra parameters (RFC 6750 section 3): the scheme table's
 * Bearer challenge. */
const char *as_challenge_bearer_args(apr_pool_t *p,
                                     const as_challenge_args_t *a);

/** `DPoP realm="…"[, scope][, error[, error_description]], algs="…"`
 * then a's extra parameters (RFC 9449 section 7.1). */
const char *as_challenge_dpop_args(apr_pool_t *p,
                                   const as_challenge_args_t *a);

/** The Bearer challenge from positional values, for one-off callers:
 * scope and description may be NULL. */
const char *as_challenge_bearer(apr_pool_t *p, const char *realm,
                                const char *scope, as_bearer_error_e err,
                                const char *description);

/** The RFC 6750 name of an error code, or NULL for none. */
const char *as_bearer_error_name(as_bearer_error_e err);

#endif
