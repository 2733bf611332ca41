/* Licensed under the Apache License, Version 2.0. */
/* Token verifiers (see include/as_verify.h). */

#include <string.h>
#include <apr_strings.h>

#include "as_verify.h"

typedef struct {
    const apr_array_header_t *sources;   /* of as_keysrc_t * */
    as_jwt_policy_t pol;
    int tied;                            /* some source is issuer-bound */
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

/* Does source src apply to a token of issuer iss (NULL: unknown)? */
static int applies(const as_keysrc_t *src, const char *iss)
{
    const char *tied = as_keysrc_issuer(src);

    return tied == NULL || (iss && !strcmp(tied, iss));
}

/* The keys of every source that applies, side by side (nothing copied);
 * *missing counts the applicable sources without a usable set. */
static const as_keyset_t *collect(const jws_ctx_t *c, apr_pool_t *p,
                                  const char *iss, int *missing)
{
    const as_keyset_t *ks = NULL, *one;
    as_keyset_t *all = NULL;
    int i, have = 0;

    *missing = 0;
    for (i = 0; i < c->sources->nelts; i++) {
        as_keysrc_t *src = APR_ARRAY_IDX(c->sources, i, as_keysrc_t *);

        if (!applies(src, iss)) {
            continue;
        }
        if (!as_keysrc_get(src, p, &one, NULL) || one == NULL) {
            (*missing)++;
            continue;
        }
        if (have++ == 0) {
            ks = one;
            continue;
        }
        if (all == NULL) {
            all = as_keyset_make(p);
            as_keyset_add_set(all, ks);
            ks = all;
        }
        as_keyset_add_set(all, one);
    }
    return ks;
}

static as_verify_e unavailable(as_jwt_result_t *res)
{
    memset(res, 0, sizeof(*res));
    res->reason = "keys-unavailable";
    res->detail = "no key set is available yet";
    res->description = "The server cannot verify tokens at the moment";
    return AS_VERIFY_UNAVAILABLE;
}

/* Report a miss to every source that applies: 1 if one published a new
 * version, -1 if none did and one cannot be fetched, else 0. */
static int report_miss(const jws_ctx_t *c, apr_pool_t *p, const char *iss)
{
    int i, renewed = 0, failing = 0;

    for (i = 0; i < c->sources->nelts; i++) {
        as_keysrc_t *src = APR_ARRAY_IDX(c->sources, i, as_keysrc_t *);
        int m;

        if (!applies(src, iss)) {
            continue;
        }
        m = as_keysrc_miss(src, p);
        renewed |= m > 0;
        failing |= m < 0;
    }
    return renewed ? 1 : failing ? -1 : 0;
}

static as_verify_e jws_verify(const as_verifier_t *v, apr_pool_t *p,
                              const char *token, apr_time_t now,
                              as_jwt_result_t *res)
{
    const jws_ctx_t *c = v->ctx;
    const as_keyset_t *ks;
    const char *iss = NULL;
    as_jwt_status_e st;
    int missing, miss = 0;

    /* keys tied to issuers: the token's (unverified) iss picks them; the
     * signature and the iss check after it decide */
    if (c->tied) {
        iss = as_jwt_peek_issuer(p, token);
    }
    ks = collect(c, p, iss, &missing);
    if (ks == NULL && missing == 0) {
        /* no source applies (an issuer no source is tied to, an iss that
         * cannot be read): the token is judged against no keys */
        return from_jwt(as_jwt_verify(p, as_keyset_make(p), &c->pol, token,
                                      now, res));
    }
    if (ks == NULL) {
        /* nothing to verify with: let the sources try (each bounded by its
         * own rate limit), else it is not the token's fault */
        miss = report_miss(c, p, iss);
        if (miss <= 0 || (ks = collect(c, p, iss, &missing)) == NULL) {
            return unavailable(res);
        }
    }
    st = as_jwt_verify(p, ks, &c->pol, token, now, res);
    if (st == AS_JWT_UNKNOWN_KEY && miss == 0) {
        /* a kid the current sets lack: the provider may have rotated */
        miss = report_miss(c, p, iss);
        if (miss > 0 && (ks = collect(c, p, iss, &missing)) != NULL) {
            st = as_jwt_verify(p, ks, &c->pol, token, now, res);
        }
    }
    if (st == AS_JWT_UNKNOWN_KEY && (missing > 0 || miss < 0)) {
        /* the key may be in a set we cannot get: not the token's fault */
        return unavailable(res);
    }
    return from_jwt(st);
}

as_verifier_t *as_verifier_jws(apr_pool_t *p,
                               const apr_array_header_t *sources,
                               const as_jwt_policy_t *pol)
{
    as_verifier_t *v = apr_pcalloc(p, sizeof(*v));
    jws_ctx_t *c = apr_pcalloc(p, sizeof(*c));
    int i;

    c->sources = sources;
    c->pol = *pol;
    for (i = 0; i < sources->nelts; i++) {
        if (as_keysrc_issuer(APR_ARRAY_IDX(sources, i, as_keysrc_t *))) {
            c->tied = 1;
        }
    }
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
