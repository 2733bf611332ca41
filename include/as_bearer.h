/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_bearer.h
 * Bearer tokens (RFC 6750) under AuthType AuthStatus: the directives
 * (as_bearer_config.c), the authentication step and the token-scope /
 * token-claim authz providers (as_bearer.c), and the pure helpers they
 * share (as_bearer_token.c, unit-tested without httpd).
 */
#ifndef AS_BEARER_H
#define AS_BEARER_H

#include <apr_pools.h>
#include <apr_tables.h>

/* ---- pure helpers (as_bearer_token.c) ---------------------------------- */

/** How many "access_token" parameters (RFC 6750 §2.3) the query string
 * args holds (NULL: none). Parameter names are compared after
 * percent-decoding, so "access%5Ftoken" counts too. */
int as_bearer_query_tokens(apr_pool_t *p, const char *args);

/** The space-separated words of a followed by those of b that a lacks,
 * joined by one space (NULL when both are NULL or empty). */
const char *as_bearer_scope_union(apr_pool_t *p, const char *a,
                                  const char *b);

#ifndef AS_BEARER_PURE
#include <httpd.h>
#include <http_config.h>

#include "as_config.h"

/* ---- directives (as_bearer_config.c) ----------------------------------- */

const char *as_set_bearer_keys(cmd_parms *cmd, void *conf, const char *arg);
const char *as_set_bearer_algs(cmd_parms *cmd, void *conf, const char *arg);
const char *as_set_bearer_issuer(cmd_parms *cmd, void *conf, const char *arg);
const char *as_set_bearer_audience(cmd_parms *cmd, void *conf,
                                   const char *arg);
const char *as_set_bearer_user_claim(cmd_parms *cmd, void *conf,
                                     const char *arg);
const char *as_set_bearer_claims_env(cmd_parms *cmd, void *conf, int flag);

/** Register the check_config warnings (as_bearer_config.c). */
void as_bearer_register_config(apr_pool_t *p);

/** Register everything Bearer needs: the warnings and the authz
 * providers token-scope and token-claim (as_bearer.c). */
void as_bearer_register(apr_pool_t *p);

/* ---- authentication (as_bearer.c) -------------------------------------- */

/** What a failed Bearer attempt looked like (mirrors as_failure_t). */
typedef struct {
    int bearer_error;          /* as_bearer_error_e */
    const char *description;   /* error_description, never token data */
    const char *why;           /* log detail, never token data */
    const char *user;          /* user claim of a signed but refused token */
} as_bearer_failure_t;

/** Before the Authorization field is looked at: a token in the query
 * string when the location accepts Bearer. Returns AS_REASON_NONE to go
 * on, AS_REASON_MALFORMED (RFC 6750 §3.1 invalid_request) when the request
 * carries a token in the query (with or without one in the header). */
as_reason_e as_bearer_precheck(request_rec *r, const as_dir_conf *d,
                               as_bearer_failure_t *f);

/** Verify a Bearer token68 and, when valid, set r->user, r->ap_auth_type,
 * the verified claims and the AUTHSTATUS_CLAIM_* variables. Returns
 * AS_REASON_OK, AS_REASON_TOKEN_INVALID, AS_REASON_TOKEN_EXPIRED or
 * AS_REASON_ERROR (no keys configured). */
as_reason_e as_bearer_authenticate(request_rec *r, const as_dir_conf *d,
                                   const char *token, as_bearer_failure_t *f);
#endif

#endif
