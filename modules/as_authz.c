/* Licensed under the Apache License, Version 2.0. */
/* The authorization half. mod_authz_core keeps deciding *whether* a request
 * is allowed (every Require, every container, every provider); we decide
 * only the status of a refusal. Our hooks run first, run the rest of the
 * same hook chain themselves (a request note stops them from recursing),
 * and map what mod_authz_core answered: 401 for an authenticated user
 * becomes 403, 403 becomes 404 when hidden, a failed token-scope line
 * becomes RFC 6750's insufficient_scope. No private structure is read. */

#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_request.h>
#include <http_protocol.h>
#include <apr_strings.h>

#include "as_config.h"
#include "as_request.h"
#include "as_authz.h"
#include "as_challenge.h"
#include "as_client.h"

#define AS_NOTE_IN_ACCESS "authstatus-in-access"
#define AS_NOTE_IN_AUTHZ  "authstatus-in-authz"

/* Does this location want our decisions? AuthType AuthStatus always; any
 * other AuthType only when it asked with AuthStatusHide or
 * AuthStatusForbidOnDeny, so that loading the module changes nothing. */
static int wants_decisions(request_rec *r, const as_dir_conf *d)
{
    return as_dir_is_ours(r, d) || as_dir_hide(d) != AS_HIDE_OFF
           || as_dir_forbid_asked(d);
}

/* mod_authz_core writes its own line at error for every refusal it makes
 * (AH01629, AH01630, AH01631). Under our hooks that line is a duplicate of
 * log_refusal's, the one line per refusal, at info: an
 * authorization refusal is not a failed login. While we run its chain, its
 * level is lifted above error unless the administrator set a level for it
 * (LogLevel authz_core:...) or the request's level already shows info. It
 * is also the cost of a refusal: a contended error-log write per request. */
static module *authz_core_module_p;

int as_authz_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                         apr_pool_t *ptemp, server_rec *s)
{
    (void)pconf; (void)plog; (void)ptemp; (void)s;
    authz_core_module_p = ap_find_linked_module("mod_authz_core.c");
    return OK;
}

static const struct ap_logconf *hush_authz_core(request_rec *r)
{
    const struct ap_logconf *saved = r->log;
    struct ap_logconf *l;
    int i;

    if (!authz_core_module_p || !saved) {
        return saved;
    }
    i = authz_core_module_p->module_index;
    if ((saved->module_levels && saved->module_levels[i] >= 0)
        || saved->level >= APLOG_INFO) {
        return saved;
    }
    l = ap_new_log_config(r->pool, saved);
    ap_set_module_loglevel(r->pool, l, i, APLOG_CRIT);
    r->log = l;
    return saved;
}

static void log_refusal(request_rec *r, const as_decision_t *dec,
                        const char *stage)
{
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  "AS01101: access %s for user %s: %s (%s), answering %d",
                  stage, r->user ? r->user : "-", as_reason_name(dec->cause),
                  r->uri, dec->status);
}

int as_access_checker_ex(request_rec *r)
{
    as_dir_conf *d = as_dir_conf_of(r);
    const struct ap_logconf *saved_log;
    as_decision_t dec;
    int rv;

    if (apr_table_get(r->notes, AS_NOTE_IN_ACCESS)
        || !wants_decisions(r, d)) {
        return DECLINED;
    }
    apr_table_setn(r->notes, AS_NOTE_IN_ACCESS, "1");
    saved_log = hush_authz_core(r);
    rv = ap_run_access_checker_ex(r);
    r->log = saved_log;
    apr_table_unset(r->notes, AS_NOTE_IN_ACCESS);

    as_decide_access(rv, as_dir_hide(d), &dec);
    if (dec.status == DECLINED) {
        if (as_dir_is_ours(r, d) && as_client_is_preflight(r, d)) {
            /* a CORS preflight never carries credentials: it passes what
             * needs them; what refused it before authentication stands */
            as_set_reason(r, AS_REASON_PREFLIGHT, AS_REASON_PREFLIGHT);
            return OK;
        }
        /* authentication is needed; the rest of the chain says so again */
        return DECLINED;
    }
    if (dec.status == OK) {
        if (as_dir_is_ours(r, d)) {
            as_set_reason(r, AS_REASON_OK, AS_REASON_OK);
        }
        return OK;
    }
    as_set_reason(r, dec.reason, dec.cause);
    as_drop_challenges(r);
    log_refusal(r, &dec, "refused before authentication");
    return dec.status;
}

int as_auth_checker(request_rec *r)
{
    as_dir_conf *d = as_dir_conf_of(r);
    const struct ap_logconf *saved_log;
    as_decision_t dec;
    as_req_t *rq;
    int rv;

    if (apr_table_get(r->notes, AS_NOTE_IN_AUTHZ)
        || !wants_decisions(r, d)) {
        return DECLINED;
    }
    apr_table_setn(r->notes, AS_NOTE_IN_AUTHZ, "1");
    saved_log = hush_authz_core(r);
    rv = ap_run_auth_checker(r);
    r->log = saved_log;
    apr_table_unset(r->notes, AS_NOTE_IN_AUTHZ);

    rq = as_req(r);
    as_decide_authz_stepup(rv, r->user != NULL, as_dir_forbid_on_deny(r, d),
                           as_dir_hide(d), rq->missing_scopes != NULL,
                           rq->stepup_acr != NULL
                           || rq->stepup_max_age != NULL, &dec);
    if (dec.status == DECLINED) {
        return DECLINED;
    }
    if (dec.status == OK) {
        as_set_reason(r, AS_REASON_OK, AS_REASON_OK);
        return OK;
    }
    as_set_reason(r, dec.reason, dec.cause);
    if (dec.status != HTTP_UNAUTHORIZED) {
        /* mod_authz_core's note_auth_failure challenge would make the
         * browser ask for a password that was right */
        as_drop_challenges(r);
    }
    if (dec.scope_challenge || dec.stepup_challenge) {
        /* the Bearer challenge alone: a password dialog would not help */
        as_bearer_error_e e = dec.stepup_challenge
                              ? AS_BEARER_ERR_INSUFFICIENT_USER_AUTH
                              : AS_BEARER_ERR_INSUFFICIENT_SCOPE;
        as_challenge_args_t a;

        a.realm = as_realm(r);
        a.scope = rq->required_scopes;
        a.error = as_bearer_error_name(e);
        a.description = dec.stepup_challenge
                        ? "A stronger or more recent authentication is "
                          "required"
                        : "The access token lacks a required scope";
        a.extra = as_challenge_extra(r, d, e);
        a.error_scheme = 0;
        a.algs = NULL;
        as_drop_challenges(r);
        /* in the challenge of the scheme the token came with */
        apr_table_setn(r->err_headers_out, as_auth_header_out(r),
                       rq->scheme && !strcmp(rq->scheme, "DPoP")
                       ? as_challenge_dpop_args(r->pool, &a)
                       : as_challenge_bearer_args(r->pool, &a));
    }
    log_refusal(r, &dec, "denied");
    return dec.status;
}
