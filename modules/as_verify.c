/* Licensed under the Apache License, Version 2.0. */
/* Token verifiers (see include/as_verify.h). */

#include <string.h>
#include <apr_strings.h>

#include "as_verify.h"

typedef struct {
    const apr_array_header_t *sources;   /* of as_keysrc_t * */
    as_jwt_policy_t pol;
} jws_ctx_t;

static as_verify_e from_jwt(as_jwt_status_e st)
{
    switch (st) {
    case AS_JWT_OK:         return AS_VERIFY_OK;
    case AS_JWT_EXPIRED:    return AS_VERIFY_EXPIRED;
    case AS_JWT_TOO_LARGE:  return AS_VERIFY_MALFORMED;
    default:                return AS_VERIFY_INVALID;
    }
}

static as_verify_e jws_verify(const as_verifier_t *v, apr_pool_t *p,
                              const char *token, apr_time_t now,
                              as_jwt_result_t *res)
{
    const jws_ctx_t *c = v->ctx;
    const as_keyset_t *ks = NULL, *one;
    as_keyset_t *all = NULL;
    int i, have = 0;

    for (i = 0; i < c->sources->nelts; i++) {
        if (!as_keysrc_get(APR_ARRAY_IDX(c->sources, i, as_keysrc_t *), p,
                           &one, NULL) || one == NULL) {
            continue;
        }
        if (have++ == 0) {
            ks = one;
            continue;
        }
        /* several sources: their keys side by side, nothing copied */
        if (all == NULL) {
            all = as_keyset_make(p);
            as_keyset_add_set(all, ks);
            ks = all;
        }
        as_keyset_add_set(all, one);
    }
    if (!have) {
        memset(res, 0, sizeof(*res));
        res->reason = "keys-unavailable";
        res->detail = "no key set is available yet";
        res->description = "The server cannot verify tokens at the moment";
        return AS_VERIFY_UNAVAILABLE;
    }
    return from_jwt(as_jwt_verify(p, ks, &c->pol, token, now, res));
}

as_verifier_t *as_verifier_jws(apr_pool_t *p,
                               const apr_array_header_t *sources,
                               const as_jwt_policy_t *pol)
{
    as_verifier_t *v = apr_pcalloc(p, sizeof(*v));
    jws_ctx_t *c = apr_pcalloc(p, sizeof(*c));

    c->sources = sources;
    c->pol = *pol;
    v->name = "jws";
    v->verify = jws_verify;
    v->ctx = c;
    return v;
}

as_verify_e as_verify_token(const apr_array_header_t *verifiers,
                            apr_pool_t *p, const char *token, apr_time_t now,
                            as_jwt_result_t *res)
{
    int i;

    for (i = 0; i < verifiers->nelts; i++) {
        const as_verifier_t *v = APR_ARRAY_IDX(verifiers, i,
                                               const as_verifier_t *);
        as_verify_e st = v->verify(v, p, token, now, res);

        if (st != AS_VERIFY_DECLINED) {
            return st;
        }
    }
    return AS_VERIFY_DECLINED;
}
