/* Licensed under the Apache License, Version 2.0. */
/* Per-request helpers shared by the hooks: state, reason, challenges. */

#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_request.h>
#include <apr_strings.h>

#include "as_config.h"
#include "as_request.h"
#include "as_client.h"
#include "as_prm.h"
#include "as_challenge.h"

#define AS_REASON_ENV "AUTHSTATUS_REASON"

const char *as_log_user(request_rec *r, const char *user)
{
    if (user == NULL) {
        return "-";
    }
    return strlen(user) > 64 ? apr_pstrcat(r->pool,
                                           apr_pstrmemdup(r->pool, user, 64),
                                           "...", NULL)
                             : user;
}

as_req_t *as_req(request_rec *r)
{
    as_req_t *rq = ap_get_module_config(r->request_config, &authstatus_module);
    if (rq == NULL) {
        rq = apr_pcalloc(r->pool, sizeof(*rq));
        ap_set_module_config(r->request_config, &authstatus_module, rq);
    }
    return rq;
}

#define AS_REASON_NOTE "authstatus-reason"
#define AS_CAUSE_NOTE  "authstatus-cause"

void as_set_reason(request_rec *r, as_reason_e reason, as_reason_e cause)
{
    as_req_t *rq = as_req(r);
    rq->reason = reason;
    rq->cause = cause;
    apr_table_setn(r->subprocess_env, AS_REASON_ENV, as_reason_name(reason));
    /* In notes too: a module that answers with a sub-request's refusal
     * (mod_dir's DirectoryIndex lookup) copies the sub-request's notes and
     * headers to the main request, not its request_config. */
    if (r->main) {
        apr_table_setn(r->notes, AS_REASON_NOTE, as_reason_name(reason));
        apr_table_setn(r->notes, AS_CAUSE_NOTE, as_reason_name(cause));
    }
}

as_req_t *as_req_of_subrequest(request_rec *r)
{
    const char *reason = apr_table_get(r->notes, AS_REASON_NOTE);
    const char *cause = apr_table_get(r->notes, AS_CAUSE_NOTE);
    as_reason_e re;

    if (reason == NULL || (re = as_reason_lookup(reason)) == AS_REASON_NONE) {
        return NULL;
    }
    as_set_reason(r, re, cause ? as_reason_lookup(cause) : re);
    return as_req(r);
}

const char *as_realm(request_rec *r)
{
    const char *name = ap_auth_name(r);
    return name ? as_realm_unescape(r->pool, name) : "";
}

const char *as_auth_header_in(request_rec *r)
{
    return (r->proxyreq == PROXYREQ_PROXY) ? "Proxy-Authorization"
                                           : "Authorization";
}

const char *as_auth_header_out(request_rec *r)
{
    return (r->proxyreq == PROXYREQ_PROXY) ? "Proxy-Authenticate"
                                           : "WWW-Authenticate";
}

void as_drop_challenges(request_rec *r)
{
    apr_table_unset(r->err_headers_out, as_auth_header_out(r));
}

apr_array_header_t *as_challenge_extra(request_rec *r, const as_dir_conf *d,
                                       int bearer_error)
{
    const as_req_t *rq = as_req(r);
    const char *resource = as_bearer_resource(d);
    apr_array_header_t *x;

    if (!resource && bearer_error != AS_BEARER_ERR_INSUFFICIENT_USER_AUTH) {
        return NULL;
    }
    x = apr_array_make(r->pool, 3, sizeof(as_param_t));
    if (bearer_error == AS_BEARER_ERR_INSUFFICIENT_USER_AUTH) {
        /* RFC 9470 section 3 */
        if (rq->stepup_acr) {
            APR_ARRAY_PUSH(x, as_param_t) = (as_param_t){ "acr_values",
                                                          rq->stepup_acr };
        }
        if (rq->stepup_max_age) {
            APR_ARRAY_PUSH(x, as_param_t) = (as_param_t){ "max_age",
                                                          rq->stepup_max_age };
        }
    }
    if (resource) {
        /* RFC 9728 section 5.1: where the client learns where to get a
         * token */
        APR_ARRAY_PUSH(x, as_param_t) = (as_param_t){
            "resource_metadata", as_prm_metadata_url(r->pool, resource) };
    }
    return x;
}

void as_add_challenges(request_rec *r, const as_dir_conf *d,
                       int bearer_error, const char *description)
{
    const apr_array_header_t *a = as_dir_schemes(d);
    const char *hdr = as_auth_header_out(r);
    as_challenge_args_t args;
    int i, prompt, sent = 0;

    args.realm = as_realm(r);
    args.error = as_bearer_error_name((as_bearer_error_e)bearer_error);
    args.description = description;
    args.scope = as_req(r)->required_scopes;
    args.extra = as_challenge_extra(r, d, bearer_error);
    args.error_scheme = as_req(r)->error_scheme;
    args.algs = NULL;
    /* One challenge per field line (RFC 9110 section 11.6.1): clients
     * such as Chromium miss a Basic challenge that shares a line with
     * another. */
    as_drop_challenges(r);
    prompt = as_client_may_prompt(r, d);
    for (i = 0; i < a->nelts; i++) {
        const as_scheme_t *sc = as_scheme_get(APR_ARRAY_IDX(a, i,
                                                            as_scheme_e));

        /* a script's request gets no challenge a browser prompts for */
        if (sc && (prompt || sc->id != AS_SCHEME_BASIC)) {
            apr_table_addn(r->err_headers_out, hdr,
                           sc->challenge(r->pool, &args));
            sent++;
        }
    }
    if (sent == 0) {
        /* RFC 9110 section 11.6.1: a 401 carries at least one */
        apr_table_addn(r->err_headers_out, hdr,
                       as_client_login_challenge(r, d));
    }
}

/* Optional functions for other modules (include/mod_authstatus.h). */

const char *as_public_reason(request_rec *r)
{
    const as_req_t *rq = ap_get_module_config(r->request_config,
                                              &authstatus_module);
    return (rq && rq->reason != AS_REASON_NONE) ? as_reason_name(rq->reason)
                                                : NULL;
}

int as_public_refuse(request_rec *r, const char *reason)
{
    as_dir_conf *d = as_dir_conf_of(r);
    as_reason_e cause = as_reason_lookup(reason);
    as_decision_t dec;

    switch (cause) {
    case AS_REASON_NONE:
    case AS_REASON_OK:
    case AS_REASON_PREFLIGHT:
    case AS_REASON_HIDDEN:
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "AS01201: authstatus_refuse() called with '%s', which "
                      "is not a refusal reason", reason ? reason : "(null)");
        return HTTP_INTERNAL_SERVER_ERROR;
    case AS_REASON_DENIED:
    case AS_REASON_FORBIDDEN:
    case AS_REASON_INSUFFICIENT_SCOPE:
        /* authorization-side refusals take the authorization mapping */
        as_decide_authz(cause == AS_REASON_FORBIDDEN ? HTTP_FORBIDDEN
                                                     : HTTP_UNAUTHORIZED,
                        r->user != NULL, 1, as_dir_hide(d),
                        cause == AS_REASON_INSUFFICIENT_SCOPE, &dec);
        if (dec.status == HTTP_UNAUTHORIZED) {
            /* no user: nobody to forbid, ask who it is */
            dec.challenge = 1;
        }
        break;
    default:
        as_decide_authn(cause, as_dir_hide(d), &dec);
        break;
    }
    as_set_reason(r, dec.reason, dec.cause);
    if (dec.challenge) {
        as_add_challenges(r, d, 0, NULL);
    }
    else {
        as_drop_challenges(r);
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  "AS01202: refusal requested by another module: %s, "
                  "answering %d", as_reason_name(cause), dec.status);
    return dec.status;
}
