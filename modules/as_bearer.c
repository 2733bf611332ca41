/* Licensed under the Apache License, Version 2.0. */
/* Bearer tokens (RFC 6750) under AuthType AuthStatus.
 *
 * Authentication: the token68 of "Authorization: Bearer" is verified by
 * the location's verifiers (as_verify.h: today as_jwt_verify against its
 * key sources, parsed at startup) (one base64url decode
 * per segment, one JSON parse of the header and one of the payload, one
 * EVP_DigestVerify); a valid token sets r->user from the user claim and
 * keeps its claims for the authz providers below. The statuses and
 * challenges are decided by as_authn.c's refuse(), like Basic's.
 *
 * Where tokens are looked for: the Authorization field only. A token in an
 * "access_token" query parameter (RFC 6750 §2.3) is refused as
 * invalid_request, alone or next to a header one (two methods at once is
 * malformed, §3.1; the query method leaks tokens into logs and caches and
 * is not supported). A form-body access_token (§2.2) is not examined:
 * reading the body during authentication would consume it before the
 * handler runs.
 *
 * Authorization: "Require token-scope" and "Require token-claim" are pure
 * providers. They only record in the per-request state which scopes a
 * failing token-scope line required; the insufficient_scope challenge is
 * built by as_authz.c once mod_authz_core's final answer is known, so a
 * <RequireAny> granted through another branch never carries it.
 */

#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_request.h>
#include <mod_auth.h>
#include <apr_strings.h>

#include "as_config.h"
#include "as_request.h"
#include "as_bearer.h"
#include "as_verify.h"
#include "as_challenge.h"
#include "as_jwt.h"
#include "as_cache_req.h"
#include "as_cache_conf.h"
#include "as_dpop_req.h"
#include "as_metrics.h"

#define AS_CLAIM_ENV_PREFIX "AUTHSTATUS_CLAIM_"

/* ---- authentication ------------------------------------------------------ */

as_reason_e as_bearer_precheck(request_rec *r, const as_dir_conf *d,
                               as_failure_t *f)
{
    int n;

    if ((!as_dir_accepts(d, AS_SCHEME_BEARER)
         && !as_dir_accepts(d, AS_SCHEME_DPOP)) || !r->args) {
        return AS_REASON_NONE;
    }
    n = as_parse_query_tokens(r->pool, r->args);
    if (n == 0) {
        return AS_REASON_NONE;
    }
    f->bearer_error = AS_BEARER_ERR_INVALID_REQUEST;
    if (apr_table_get(r->headers_in, as_auth_header_in(r)) || n > 1) {
        f->description = "The request carries more than one access token";
        f->why = "access_token in the query string and credentials in the "
                 "Authorization field, or several access_token parameters";
    }
    else {
        f->description = "Send the access token in the Authorization header "
                         "field, not in the URI";
        f->why = "access_token in the query string (not accepted)";
    }
    return AS_REASON_MALFORMED;
}

static void set_claim_env(void *baton, const char *name, const char *value)
{
    request_rec *r = baton;

    apr_table_setn(r->subprocess_env,
                   apr_pstrcat(r->pool, AS_CLAIM_ENV_PREFIX, name, NULL),
                   value);
}

/* Attacker-controlled header text, for the log line. */
static const char *log_hdr(apr_pool_t *p, const char *s)
{
    return s ? ap_escape_logitem(p, s) : "-";
}

/* A verified (or remembered) token: its user and claims for the request. */
static as_reason_e bearer_success(request_rec *r, const as_dir_conf *d,
                                  const char *user, json_t *claims)
{
    as_req_t *rq;

    r->user = (char *)user;
    r->ap_auth_type = "Bearer";
    rq = as_req(r);
    rq->token_claims = claims;
    if (as_bearer_claims_env(d)) {
        as_jwt_export_claims(claims, r->pool, set_claim_env, r);
    }
    return AS_REASON_OK;
}

/* A verifier's refusal: the status, error code and log cause. */
static as_reason_e verify_failed(request_rec *r, const as_dir_conf *d,
                                 as_verify_e st, const as_jwt_result_t *rp,
                                 as_failure_t *f)
{
    as_jwt_result_t res = *rp;

    /* over a documented input limit (docs/hardening.md): malformed
     * request, 400, like an oversized Authorization field */
    f->bearer_error = st == AS_VERIFY_MALFORMED
                      ? AS_BEARER_ERR_INVALID_REQUEST
                      : AS_BEARER_ERR_INVALID_TOKEN;
    /* static texts of the verifier: never any part of the token */
    f->description = res.description;
    f->why = apr_psprintf(r->pool, "token %s: %s (alg %s, kid %s)",
                          res.reason, res.detail ? res.detail : "",
                          log_hdr(r->pool, res.alg),
                          log_hdr(r->pool, res.kid));
    if (res.claims) {
        /* the signature verified: the user claim names who it was */
        json_t *u = json_object_get(res.claims, as_bearer_user_claim(d));

        if (json_is_string(u)) {
            f->user = apr_pstrdup(r->pool, json_string_value(u));
        }
    }
    switch (st) {
    case AS_VERIFY_MALFORMED:
        return AS_REASON_MALFORMED;
    case AS_VERIFY_EXPIRED:
        return AS_REASON_TOKEN_EXPIRED;
    case AS_VERIFY_UNAVAILABLE:
        /* the provider cannot be reached: 503, the token may be good */
        f->why = apr_psprintf(r->pool, "%s: %s", res.reason,
                              res.detail ? res.detail : "");
        return strcmp(res.reason ? res.reason : "", "idp-unavailable")
               ? AS_REASON_KEYS_UNAVAILABLE : AS_REASON_IDP_UNAVAILABLE;
    case AS_VERIFY_DECLINED:
        f->why = "no verifier of this location takes the token";
        return AS_REASON_ERROR;
    default:
        return AS_REASON_TOKEN_INVALID;
    }
}

/* A token of scheme (Bearer or DPoP): for DPoP the proof first (RFC 9449
 * section 4.3: invalid_dpop_proof before the token is looked at), then
 * the token (remembered or verified), then its binding, which a cache hit
 * never skips, then the proof's jti. */
static as_reason_e token_authenticate(request_rec *r, const as_dir_conf *d,
                                      as_scheme_e scheme, const char *token,
                                      as_failure_t *f)
{
    apr_array_header_t *verifiers;
    as_jwt_result_t res;
    as_verify_e st;
    as_cache_slot_t slot;
    as_cache_entry_t hit;
    json_t *claims = NULL;
    const char *user = NULL, *jkt = NULL, *ckey = token;
    as_reason_e rv;
    int remember = 0;

    verifiers = as_bearer_verifiers(r, d);
    if (verifiers == NULL) {
        f->why = "neither AuthStatusBearerKeys nor AuthStatusBearerIntrospect "
                 "is set for this location";
        return AS_REASON_ERROR;
    }
    if (scheme == AS_SCHEME_DPOP
        && (rv = as_dpop_proof(r, d, token, &jkt, f)) != AS_REASON_OK) {
        return rv;
    }
    /* AuthStatusCache: a remembered token skips the signature check; its
     * entry never outlives the token's exp. An ECDSA token is looked up by
     * its low-S form, so its high-S twin finds the same entry. */
    if (as_cache_seconds(d) != 0) {
        ckey = as_jwt_cache_form(r->pool, token);
    }
    if (as_cache_lookup(r, d, &slot, "Bearer", NULL, ckey, strlen(ckey),
                        &hit)
        && (claims = as_cache_hit_claims(r, &hit)) != NULL) {
        user = hit.user;
    }
    else {
        apr_time_t start = apr_time_now();

        st = as_verify_token(verifiers, r->pool, token, start, &res);
        as_metrics_verify_time(apr_time_now() - start);
        if (st != AS_VERIFY_OK) {
            return verify_failed(r, d, st, &res, f);
        }
        user = res.user;
        claims = res.claims;
        remember = 1;
    }
    if ((rv = as_token_binding(r, scheme, claims, jkt, f)) != AS_REASON_OK) {
        f->user = user;
        return rv;
    }
    if (scheme == AS_SCHEME_DPOP && !as_dpop_remember(r, f)) {
        f->user = user;
        return AS_REASON_TOKEN_INVALID;
    }
    if (remember) {
        as_cache_remember_token(r, d, &slot, res.user, res.exp, res.claims);
    }
    if (scheme == AS_SCHEME_DPOP) {
        as_dpop_success(r, d);
    }
    rv = bearer_success(r, d, user, claims);
    r->ap_auth_type = (char *)as_scheme_name(scheme);
    return rv;
}

as_reason_e as_bearer_authenticate(request_rec *r, const as_dir_conf *d,
                                   const char *token, as_failure_t *f)
{
    return token_authenticate(r, d, AS_SCHEME_BEARER, token, f);
}

static as_reason_e dpop_authenticate(request_rec *r, const as_dir_conf *d,
                                     const char *token, as_failure_t *f)
{
    return token_authenticate(r, d, AS_SCHEME_DPOP, token, f);
}

/* ---- authorization: Require token-scope / token-claim -------------------- */

typedef struct {
    apr_array_header_t *scopes;   /* const char * */
    const char *joined;           /* the same, space-separated */
} scope_req_t;

typedef struct {
    const char *name;
    apr_array_header_t *values;   /* const char * */
} claim_req_t;

/* Claims of the token that authenticated r, or of the request it was made
 * from (a sub-request or internal redirect that reused its user). */
static const json_t *claims_of(request_rec *r)
{
    for (; r; r = r->main ? r->main : r->prev) {
        const as_req_t *rq = ap_get_module_config(r->request_config,
                                                  &authstatus_module);
        if (rq && rq->token_claims) {
            return rq->token_claims;
        }
    }
    return NULL;
}

static const char *scope_parse(cmd_parms *cmd, const char *line,
                               const void **parsed)
{
    scope_req_t *sr = apr_pcalloc(cmd->pool, sizeof(*sr));
    as_dir_conf *d;
    const char *w;

    sr->scopes = apr_array_make(cmd->pool, 2, sizeof(const char *));
    while (*(w = ap_getword_conf(cmd->pool, &line))) {
        const char *why = as_confval_scope(cmd->pool, w);

        if (why) {
            return apr_pstrcat(cmd->pool, "Require token-scope: ", why, NULL);
        }
        APR_ARRAY_PUSH(sr->scopes, const char *) = w;
    }
    if (sr->scopes->nelts == 0) {
        return "Require token-scope: name at least one scope";
    }
    sr->joined = apr_array_pstrcat(cmd->pool, sr->scopes, ' ');
    /* Remember the section's scopes for the challenge of a request that
     * has no token yet (RFC 6750 §3: scope="..."). */
    d = cmd->context ? ap_set_config_vectors(cmd->server, cmd->context,
                                             cmd->path, &authstatus_module,
                                             cmd->pool)
                     : NULL;
    if (d) {
        as_bearer_add_required_scopes(cmd->pool, d, sr->joined);
    }
    *parsed = sr;
    return NULL;
}

static authz_status scope_check(request_rec *r, const char *line,
                                const void *parsed)
{
    const scope_req_t *sr = parsed;
    const json_t *claims;
    const char *missing = NULL;
    as_req_t *rq;
    (void)line;

    if (!r->user) {
        return AUTHZ_DENIED_NO_USER;
    }
    if (!(claims = claims_of(r))) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "AS05010: Require token-scope %s: user %s did not "
                      "authenticate with a token", sr->joined, r->user);
        return AUTHZ_DENIED;
    }
    if (as_jwt_has_scopes(claims, sr->scopes, r->pool, &missing)) {
        return AUTHZ_GRANTED;
    }
    /* Only recorded: the status and challenge come after the final
     * decision (as_authz.c). */
    rq = as_req(r);
    rq->missing_scopes = missing;
    rq->required_scopes = sr->joined;
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "AS05011: Require token-scope %s: token lacks %s",
                  sr->joined, missing);
    return AUTHZ_DENIED;
}

static const char *claim_parse(cmd_parms *cmd, const char *line,
                               const void **parsed)
{
    claim_req_t *cr = apr_pcalloc(cmd->pool, sizeof(*cr));
    const char *w;

    cr->name = ap_getword_conf(cmd->pool, &line);
    if (!*cr->name) {
        return "Require token-claim: name a claim and at least one value";
    }
    cr->values = apr_array_make(cmd->pool, 2, sizeof(const char *));
    while (*(w = ap_getword_conf(cmd->pool, &line))) {
        APR_ARRAY_PUSH(cr->values, const char *) = w;
    }
    if (cr->values->nelts == 0) {
        return apr_psprintf(cmd->pool, "Require token-claim %s: name at "
                            "least one value", cr->name);
    }
    *parsed = cr;
    return NULL;
}

static authz_status claim_check(request_rec *r, const char *line,
                                const void *parsed)
{
    const claim_req_t *cr = parsed;
    const json_t *claims;
    (void)line;

    if (!r->user) {
        return AUTHZ_DENIED_NO_USER;
    }
    if (!(claims = claims_of(r))) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "AS05012: Require token-claim %s: user %s did not "
                      "authenticate with a token", cr->name, r->user);
        return AUTHZ_DENIED;
    }
    if (as_jwt_claim_matches(claims, cr->name, cr->values)) {
        return AUTHZ_GRANTED;
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "AS05013: Require token-claim %s: no listed value matches",
                  cr->name);
    return AUTHZ_DENIED;
}

/* ---- step-up: Require token-acr / token-max-age (RFC 9470) --------------- */

typedef struct {
    apr_array_header_t *values;   /* const char * */
    const char *joined;
} acr_req_t;

static const char *acr_parse(cmd_parms *cmd, const char *line,
                             const void **parsed)
{
    acr_req_t *ar = apr_pcalloc(cmd->pool, sizeof(*ar));
    const char *w;

    ar->values = apr_array_make(cmd->pool, 2, sizeof(const char *));
    while (*(w = ap_getword_conf(cmd->pool, &line))) {
        const char *why = as_confval_scope(cmd->pool, w);
        if (why) {
            /* acr values are space-separated in acr_values: the same
             * syntax as scope tokens */
            return apr_pstrcat(cmd->pool, "Require token-acr: ", why, NULL);
        }
        APR_ARRAY_PUSH(ar->values, const char *) = w;
    }
    if (ar->values->nelts == 0) {
        return "Require token-acr: name at least one acr value";
    }
    ar->joined = apr_array_pstrcat(cmd->pool, ar->values, ' ');
    *parsed = ar;
    return NULL;
}

static authz_status acr_check(request_rec *r, const char *line,
                              const void *parsed)
{
    const acr_req_t *ar = parsed;
    const json_t *claims;
    json_t *acr;
    (void)line;

    if (!r->user) {
        return AUTHZ_DENIED_NO_USER;
    }
    if (!(claims = claims_of(r))) {
        return AUTHZ_DENIED;
    }
    acr = json_object_get(claims, "acr");
    if (json_is_string(acr)
        && as_jwt_in_list(ar->values, json_string_value(acr))) {
        return AUTHZ_GRANTED;
    }
    as_req(r)->stepup_acr = ar->joined;
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "AS05014: Require token-acr %s: the token's acr is %s",
                  ar->joined, json_is_string(acr)
                  ? ap_escape_logitem(r->pool, json_string_value(acr))
                  : "absent");
    return AUTHZ_DENIED;
}

static const char *max_age_parse(cmd_parms *cmd, const char *line,
                                 const void **parsed)
{
    const char *w = ap_getword_conf(cmd->pool, &line);
    int *secs = apr_palloc(cmd->pool, sizeof(*secs));
    const char *why = as_confval_seconds(cmd->pool, w, secs);

    if (why || *ap_getword_conf(cmd->pool, &line)) {
        return apr_pstrcat(cmd->pool, "Require token-max-age: ",
                           why ? why : "give one number of seconds", NULL);
    }
    *parsed = secs;
    return NULL;
}

static authz_status max_age_check(request_rec *r, const char *line,
                                  const void *parsed)
{
    int secs = *(const int *)parsed;
    const json_t *claims;
    json_t *at;
    double age = -1;
    (void)line;

    if (!r->user) {
        return AUTHZ_DENIED_NO_USER;
    }
    if (!(claims = claims_of(r))) {
        return AUTHZ_DENIED;
    }
    at = json_object_get(claims, "auth_time");
    if (json_is_number(at)) {
        age = (double)apr_time_sec(apr_time_now()) - json_number_value(at);
        if (age <= (double)secs && age > -(double)AS_JWT_LEEWAY) {
            return AUTHZ_GRANTED;
        }
    }
    as_req(r)->stepup_max_age = apr_itoa(r->pool, secs);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "AS05015: Require token-max-age %d: %s", secs,
                  json_is_number(at) ? "the login is older (or in the future)"
                                     : "no auth_time claim");
    return AUTHZ_DENIED;
}

static const authz_provider acr_provider = { acr_check, acr_parse };
static const authz_provider max_age_provider = { max_age_check,
                                                 max_age_parse };
static const authz_provider scope_provider = { scope_check, scope_parse };
static const authz_provider claim_provider = { claim_check, claim_parse };

void as_bearer_register(apr_pool_t *p)
{
    as_bearer_conf_register(p);
    as_scheme_set_verify(AS_SCHEME_BEARER, as_bearer_authenticate);
    as_scheme_set_verify(AS_SCHEME_DPOP, dpop_authenticate);
    as_dpop_register_hooks(p);
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, "token-scope",
                              AUTHZ_PROVIDER_VERSION, &scope_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, "token-claim",
                              AUTHZ_PROVIDER_VERSION, &claim_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, "token-acr",
                              AUTHZ_PROVIDER_VERSION, &acr_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, "token-max-age",
                              AUTHZ_PROVIDER_VERSION, &max_age_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
}
