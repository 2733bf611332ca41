/* Licensed under the Apache License, Version 2.0. */
/* Challenge formatting: every parameter value is a quoted-string, one
 * challenge per field line (RFC 9110 section 11.6.1). */

#include <string.h>
#include <apr_strings.h>

#include "as_challenge.h"

const char *as_quote_escape(apr_pool_t *p, const char *s)
{
    apr_size_t extra = 0;
    const char *q;
    char *out, *o;

    for (q = s; *q; q++) {
        if (*q == '"' || *q == '\\') {
            extra++;
        }
    }
    out = o = apr_palloc(p, (apr_size_t)(q - s) + extra + 1);
    for (q = s; *q; q++) {
        unsigned char c = (unsigned char)*q;
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        }
        else if ((c < 0x20 && c != '\t') || c == 0x7F) {
            *o++ = '?';
        }
        else {
            *o++ = (char)c;
        }
    }
    *o = '\0';
    return out;
}

const char *as_realm_unescape(apr_pool_t *p, const char *escaped)
{
    char *out = apr_pstrdup(p, escaped), *o = out;
    const char *q;

    for (q = escaped; *q; q++) {
        if (q[0] == '\\' && q[1] == '"') {
            q++;
        }
        *o++ = *q;
    }
    *o = '\0';
    return out;
}

const char *as_challenge_build(apr_pool_t *p, const char *scheme,
                               const as_param_t *params, int n)
{
    const char *c = scheme;
    int i, first = 1;

    for (i = 0; i < n; i++) {
        if (params[i].value == NULL) {
            continue;
        }
        c = apr_pstrcat(p, c, first ? " " : ", ", params[i].name, "=\"",
                        as_quote_escape(p, params[i].value), "\"", NULL);
        first = 0;
    }
    return c;
}

/* The fixed parameters of a scheme followed by a->extra. */
static const char *with_extra(apr_pool_t *p, const char *scheme,
                              as_param_t *fixed, int nfixed,
                              const as_challenge_args_t *a)
{
    int nextra = (a && a->extra) ? a->extra->nelts : 0;
    as_param_t *all;
    int i;

    if (nextra == 0) {
        return as_challenge_build(p, scheme, fixed, nfixed);
    }
    all = apr_palloc(p, sizeof(*all) * (nfixed + nextra));
    for (i = 0; i < nfixed; i++) {
        all[i] = fixed[i];
    }
    for (i = 0; i < nextra; i++) {
        all[nfixed + i] = APR_ARRAY_IDX(a->extra, i, as_param_t);
    }
    return as_challenge_build(p, scheme, all, nfixed + nextra);
}

const char *as_challenge_basic_args(apr_pool_t *p,
                                    const as_challenge_args_t *a)
{
    as_param_t fixed[2];

    fixed[0].name = "realm";
    fixed[0].value = a->realm ? a->realm : "";
    /* RFC 7617 section 2.1 */
    fixed[1].name = "charset";
    fixed[1].value = "UTF-8";
    /* the extra parameters (resource_metadata, acr_values, ...) are the
     * token schemes': Basic has none */
    return as_challenge_build(p, "Basic", fixed, 2);
}

const char *as_challenge_basic(apr_pool_t *p, const char *realm)
{
    as_challenge_args_t a = { realm, NULL, NULL, NULL, NULL, 0, NULL };

    return as_challenge_basic_args(p, &a);
}

const char *as_bearer_error_name(as_bearer_error_e err)
{
    switch (err) {
    case AS_BEARER_ERR_INVALID_REQUEST:    return "invalid_request";
    case AS_BEARER_ERR_INVALID_TOKEN:      return "invalid_token";
    case AS_BEARER_ERR_INSUFFICIENT_SCOPE: return "insufficient_scope";
    case AS_BEARER_ERR_INSUFFICIENT_USER_AUTH:
        return "insufficient_user_authentication";
    case AS_BEARER_ERR_INVALID_DPOP_PROOF: return "invalid_dpop_proof";
    case AS_BEARER_ERR_USE_DPOP_NONCE:     return "use_dpop_nonce";
    default:                               return NULL;
    }
}

/* The error of a challenge of scheme: the one of the args when it belongs
 * to every token scheme or to this one. */
static const char *error_for(const as_challenge_args_t *a, as_scheme_e scheme)
{
    return (a->error_scheme == 0 || a->error_scheme == (int)scheme)
           ? a->error : NULL;
}

/* realm, scope, error, error_description: the first parameters of a
 * token scheme's challenge (RFC 6750 section 3, RFC 9449 section 7.1) */
static void token_params(as_param_t *fixed, const as_challenge_args_t *a,
                         as_scheme_e scheme)
{
    fixed[0].name = "realm";
    fixed[0].value = a->realm ? a->realm : "";
    fixed[1].name = "scope";
    fixed[1].value = (a->scope && *a->scope) ? a->scope : NULL;
    fixed[2].name = "error";
    fixed[2].value = error_for(a, scheme);
    /* a description only explains an error */
    fixed[3].name = "error_description";
    fixed[3].value = (fixed[2].value && a->description && *a->description)
                     ? a->description : NULL;
}

const char *as_challenge_bearer_args(apr_pool_t *p,
                                     const as_challenge_args_t *a)
{
    as_param_t fixed[4];

    token_params(fixed, a, AS_SCHEME_BEARER);
    return with_extra(p, "Bearer", fixed, 4, a);
}

const char *as_challenge_dpop_args(apr_pool_t *p,
                                   const as_challenge_args_t *a)
{
    as_param_t fixed[5];

    token_params(fixed, a, AS_SCHEME_DPOP);
    /* RFC 9449 section 7.1 */
    fixed[4].name = "algs";
    fixed[4].value = a->algs ? a->algs : AS_CHALLENGE_DPOP_ALGS;
    return with_extra(p, "DPoP", fixed, 5, a);
}

const char *as_challenge_bearer(apr_pool_t *p, const char *realm,
                                const char *scope, as_bearer_error_e err,
                                const char *description)
{
    as_challenge_args_t a;

    a.realm = realm;
    a.scope = scope;
    a.error = as_bearer_error_name(err);
    a.description = description;
    a.extra = NULL;
    a.error_scheme = 0;
    a.algs = NULL;
    return as_challenge_bearer_args(p, &a);
}
