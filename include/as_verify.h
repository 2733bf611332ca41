/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_verify.h
 * Token verifiers: what turns an access token into claims, behind one
 * interface, so that a location may verify JWTs locally against its key
 * sources (as_verifier_jws) and, later, send other tokens elsewhere
 * (introspection). The Bearer step runs the location's verifiers in order;
 * the first that takes the token decides. Pure: no httpd headers.
 */
#ifndef AS_VERIFY_H
#define AS_VERIFY_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>

#include "as_jwt.h"
#include "as_keysrc.h"

/** What a verifier says of a token. */
typedef enum {
    AS_VERIFY_OK = 0,
    AS_VERIFY_INVALID,      /* 401 invalid_token */
    AS_VERIFY_EXPIRED,      /* 401 invalid_token, "expired" */
    AS_VERIFY_MALFORMED,    /* over an input limit: 400 invalid_request */
    AS_VERIFY_UNAVAILABLE,  /* no keys (yet), endpoint down: not the token's
                             * fault */
    AS_VERIFY_DECLINED      /* not this verifier's kind of token */
} as_verify_e;

typedef struct as_verifier_t as_verifier_t;
struct as_verifier_t {
    const char *name;       /* for log lines: "jws" */
    /** Verify token at now; res gets the details (as as_jwt_verify gives
     * them: description, reason, detail, user, exp, claims, kid, alg). */
    as_verify_e (*verify)(const as_verifier_t *v, apr_pool_t *p,
                          const char *token, apr_time_t now,
                          as_jwt_result_t *res);
    void *ctx;
};

/** A verifier of compact JWS tokens against the keys of sources (of
 * as_keysrc_t *, taken afresh for every token, so a replaced set is used
 * at once) under pol (copied). */
as_verifier_t *as_verifier_jws(apr_pool_t *p,
                               const apr_array_header_t *sources,
                               const as_jwt_policy_t *pol);

/** Run verifiers (of as_verifier_t *) in order; the first that does not
 * decline decides. AS_VERIFY_DECLINED when all decline. */
as_verify_e as_verify_token(const apr_array_header_t *verifiers,
                            apr_pool_t *p, const char *token, apr_time_t now,
                            as_jwt_result_t *res);

#endif
