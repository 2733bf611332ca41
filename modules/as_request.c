/* Licensed under the Apache License, Version 2.0. */
/* Per-request helpers shared by the hooks: state, reason, challenges. */

#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_request.h>
#include <apr_strings.h>

#include "as_config.h"
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

int as_dir_is_ours(request_rec *r, const as_dir_conf *d)
{
    const char *type = ap_auth_type(r);
    (void)d;
    return type && !strcasecmp(type, AS_AUTH_TYPE);
}

int as_dir_hide(const as_dir_conf *d)
{
    return d->hide == AS_UNSET ? AS_HIDE_OFF : d->hide;
}

int as_dir_forbid_on_deny(request_rec *r, const as_dir_conf *d)
{
    if (d->forbid_on_deny != AS_UNSET) {
        return d->forbid_on_deny;
    }
    return as_dir_is_ours(r, d);
}

const apr_array_header_t *as_dir_schemes(const as_dir_conf *d)
{
    /* A read-only one-element array: the default "AuthStatusSchemes Basic",
     * initialised once by the compiler so threads never write to it. */
    static as_scheme_e basic = AS_SCHEME_BASIC;
    static const apr_array_header_t basic_only = {
        NULL, sizeof(as_scheme_e), 1, 1, (char *)&basic
    };

    return d->schemes ? d->schemes : &basic_only;
}

int as_dir_accepts(const as_dir_conf *d, as_scheme_e s)
{
    const apr_array_header_t *a = as_dir_schemes(d);
    int i;
    for (i = 0; i < a->nelts; i++) {
        if (APR_ARRAY_IDX(a, i, as_scheme_e) == s) {
            return 1;
        }
    }
    return 0;
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

void as_set_reason(request_rec *r, as_reason_e reason, as_reason_e cause)
{
    as_req_t *rq = as_req(r);
    rq->reason = reason;
    rq->cause = cause;
    apr_table_setn(r->subprocess_env, AS_REASON_ENV, as_reason_name(reason));
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

void as_add_challenges(request_rec *r, const as_dir_conf *d,
                       int bearer_error, const char *description)
{
    const apr_array_header_t *a = as_dir_schemes(d);
    const char *realm = as_realm(r), *hdr = as_auth_header_out(r);
    as_req_t *rq = as_req(r);
    int i;

    /* One challenge per field line (RFC 9110 §11.6.1): clients such as
     * Chromium miss a Basic challenge that shares a line with another. */
    as_drop_challenges(r);
    for (i = 0; i < a->nelts; i++) {
        switch (APR_ARRAY_IDX(a, i, as_scheme_e)) {
        case AS_SCHEME_BASIC:
            apr_table_addn(r->err_headers_out, hdr,
                           as_challenge_basic(r->pool, realm));
            break;
        case AS_SCHEME_BEARER:
            apr_table_addn(r->err_headers_out, hdr,
                           as_challenge_bearer(r->pool, realm,
                                               rq->required_scopes,
                                               (as_bearer_error_e)bearer_error,
                                               description));
            break;
        default:
            break;
        }
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
    as_dir_conf *d = ap_get_module_config(r->per_dir_config,
                                          &authstatus_module);
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
