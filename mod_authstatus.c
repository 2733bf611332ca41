/* Licensed under the Apache License, Version 2.0.
 *
 * mod_authstatus: every authentication refusal with the status the HTTP
 * specifications give it. This file is glue only: the module record, the
 * command table, config create/merge, and hook and provider registration.
 * The logic lives in modules/, one concern a file.
 */

#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_request.h>
#include <http_protocol.h>
#include <apr_strings.h>

#define AS_GLUE
#include "as_config.h"
#include "mod_authstatus.h"
#include "as_bearer.h"
#include "as_store.h"
#include "as_throttle.h"
#include "as_cache_req.h"
#include "as_client.h"
#include "as_hide.h"

/* The optional functions take the names their declarations give them. */
static const char *authstatus_reason(request_rec *r)
{
    return as_public_reason(r);
}

static int authstatus_refuse(request_rec *r, const char *reason)
{
    return as_public_refuse(r, reason);
}

static void *create_dir_conf(apr_pool_t *p, char *dir)
{
    as_dir_conf *d = apr_pcalloc(p, sizeof(*d));
    d->bearer_leeway = AS_UNSET;
    d->bearer_claims_env = AS_UNSET;
    d->hide = AS_UNSET;
    d->forbid_on_deny = AS_UNSET;
    d->throttle_count = AS_UNSET;
    d->throttle_seconds = AS_UNSET;
    d->preflight = AS_UNSET;
    d->body = AS_UNSET;
    d->cache_seconds = AS_UNSET;
    d->cache_scope = as_cache_scope_section(dir);
    return d;
}

#define MERGE_PTR(f) n->f = add->f ? add->f : base->f
#define MERGE_INT(f) n->f = (add->f != AS_UNSET) ? add->f : base->f

static void *merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const as_dir_conf *base = basev, *add = addv;
    as_dir_conf *n = apr_pcalloc(p, sizeof(*n));

    MERGE_PTR(schemes);
    MERGE_PTR(basic_providers);
    /* the key files and the keys parsed from them go together */
    if (add->bearer_keys) {
        n->bearer_keys = add->bearer_keys;
        n->bearer_key_files = add->bearer_key_files;
    }
    else {
        n->bearer_keys = base->bearer_keys;
        n->bearer_key_files = base->bearer_key_files;
    }
    MERGE_PTR(bearer_algs);
    MERGE_PTR(bearer_issuer);
    MERGE_PTR(bearer_audiences);
    MERGE_INT(bearer_leeway);
    MERGE_PTR(bearer_user_claim);
    MERGE_INT(bearer_claims_env);
    MERGE_PTR(bearer_require_scopes);
    MERGE_INT(hide);
    MERGE_INT(forbid_on_deny);
    /* count and window are one setting */
    if (add->throttle_count != AS_UNSET) {
        n->throttle_count = add->throttle_count;
        n->throttle_seconds = add->throttle_seconds;
    }
    else {
        n->throttle_count = base->throttle_count;
        n->throttle_seconds = base->throttle_seconds;
    }
    if (add->login_redirect_set) {
        n->login_redirect_set = 1;
        n->login_redirect = add->login_redirect;
    }
    else {
        n->login_redirect_set = base->login_redirect_set;
        n->login_redirect = base->login_redirect;
    }
    MERGE_INT(preflight);
    MERGE_INT(body);
    MERGE_INT(cache_seconds);
    n->cache_scope = as_cache_scope_merge(base->cache_scope, add->cache_scope);
    return n;
}

static void *create_srv_conf(apr_pool_t *p, server_rec *s)
{
    (void)s;
    return apr_pcalloc(p, sizeof(as_srv_conf));
}

static void *merge_srv_conf(apr_pool_t *p, void *basev, void *addv)
{
    const as_srv_conf *base = basev, *add = addv;
    as_srv_conf *n = apr_pcalloc(p, sizeof(*n));

    if (add->store_provider) {
        n->store_provider = add->store_provider;
        n->store_args = add->store_args;
    }
    else {
        n->store_provider = base->store_provider;
        n->store_args = base->store_args;
    }
    return n;
}

static const command_rec authstatus_cmds[] = {
    AP_INIT_ITERATE("AuthStatusSchemes", as_set_schemes, NULL, OR_AUTHCFG,
                    "Authentication schemes accepted, in challenge order: "
                    "Basic, Bearer"),
    AP_INIT_ITERATE("AuthStatusBasicProvider", as_set_basic_provider, NULL,
                    OR_AUTHCFG, "Authn providers for Basic, tried in order "
                    "(default: file)"),
    AP_INIT_TAKE1("AuthStatusHide", as_set_hide, NULL, OR_AUTHCFG,
                  "Off, Denied (404 instead of 403) or Always (404 for every "
                  "refusal)"),
    AP_INIT_FLAG("AuthStatusForbidOnDeny", as_set_forbid, NULL, OR_AUTHCFG,
                 "On: an authenticated user who is denied gets 403, not a "
                 "new challenge"),

    /* Bearer (issue 3) */
    AP_INIT_ITERATE("AuthStatusBearerKeys", as_set_bearer_keys, NULL,
                    OR_AUTHCFG, "JWK Set (JSON) or PEM public-key files "
                    "verifying Bearer tokens, read at startup"),
    AP_INIT_ITERATE("AuthStatusBearerAlgorithms", as_set_bearer_algs, NULL,
                    OR_AUTHCFG, "JWS algorithms allowed (default: the keys' "
                    "own); none is never allowed"),
    AP_INIT_TAKE1("AuthStatusBearerIssuer", as_set_bearer_issuer, NULL,
                  OR_AUTHCFG, "Required iss claim"),
    AP_INIT_ITERATE("AuthStatusBearerAudience", as_set_bearer_audience, NULL,
                    OR_AUTHCFG, "Audiences: one must be in the aud claim"),
    AP_INIT_TAKE1("AuthStatusBearerLeeway", as_set_int_seconds,
                  (void *)APR_OFFSETOF(as_dir_conf, bearer_leeway),
                  OR_AUTHCFG, "Clock skew allowed for exp, nbf and iat, in "
                  "seconds (default 60)"),
    AP_INIT_TAKE1("AuthStatusBearerUserClaim", as_set_bearer_user_claim, NULL,
                  OR_AUTHCFG, "Claim that becomes the user name (default "
                  "sub)"),
    AP_INIT_FLAG("AuthStatusBearerClaimsEnv", as_set_bearer_claims_env, NULL,
                 OR_AUTHCFG, "On: export top-level string and number claims "
                 "as AUTHSTATUS_CLAIM_<NAME> (default On)"),

    /* bodies, login redirect, preflight (issue 5) */
    AP_INIT_TAKE1("AuthStatusBody", as_set_body, NULL, OR_AUTHCFG,
                  "Body of refusals: Auto (problem+json when Accept prefers "
                  "JSON, else HTML), HTML or Problem"),
    AP_INIT_TAKE1("AuthStatusLoginRedirect", as_set_login_redirect, NULL,
                  OR_AUTHCFG, "ap_expr string: URL a browser navigation "
                  "without credentials is sent to with 303, or Off"),
    AP_INIT_TAKE1("AuthStatusPreflight", as_set_preflight, NULL, OR_AUTHCFG,
                  "Allow (CORS preflights pass without credentials) or "
                  "Authenticate"),

    /* throttling and its store (issue 6) */
    AP_INIT_TAKE12("AuthStatusThrottle", as_set_throttle, NULL, OR_AUTHCFG,
                   "count seconds: after count failed attempts from one "
                   "client address or for one user name within seconds, "
                   "answer 429; or Off"),
    AP_INIT_TAKE1("AuthStatusThrottleStore", as_set_store, NULL, RSRC_CONF,
                  "socache provider[:args] holding the throttling counters "
                  "and the credential cache (default: shmcb)"),

    /* verified-credential cache (issue 7) */
    AP_INIT_TAKE1("AuthStatusCache", as_set_cache, NULL, OR_AUTHCFG,
                  "Seconds to remember a verified credential, or Off"),

    { NULL }
};

static void register_hooks(apr_pool_t *p)
{
    APR_REGISTER_OPTIONAL_FN(authstatus_reason);
    APR_REGISTER_OPTIONAL_FN(authstatus_refuse);
    ap_hook_check_authn(as_check_authn, NULL, NULL, APR_HOOK_MIDDLE,
                        AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_note_auth_failure(as_note_auth_failure, NULL, NULL,
                              APR_HOOK_MIDDLE);
    /* First, so that they can run the rest of each chain themselves and
     * map mod_authz_core's answer (see modules/as_authz.c). */
    ap_hook_check_access_ex(as_access_checker_ex, NULL, NULL,
                            APR_HOOK_FIRST, AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_check_authz(as_auth_checker, NULL, NULL, APR_HOOK_FIRST,
                        AP_AUTH_INTERNAL_PER_CONF);
    /* their own refusal line stands for mod_authz_core's */
    ap_hook_post_config(as_authz_post_config, NULL, NULL, APR_HOOK_MIDDLE);

    /* Bearer (issue 3) */
    as_bearer_register(p);

    /* hiding (issue 4): AuthStatusHide Always under another AuthType */
    ap_hook_check_authn(as_hide_check_authn, NULL, NULL, APR_HOOK_FIRST,
                        AP_AUTH_INTERNAL_PER_CONF);

    /* bodies, login redirect, preflight (issue 5) */
    ap_hook_insert_error_filter(as_client_insert_error_filter, NULL, NULL,
                                APR_HOOK_MIDDLE);
    ap_register_output_filter(AS_PROBLEM_FILTER, as_client_problem_filter,
                              NULL, AP_FTYPE_CONTENT_SET);
    ap_register_output_filter(AS_FLUSH_FILTER, as_client_flush_filter,
                              NULL, AP_FTYPE_TRANSCODE);

    /* throttling, cache (issues 6, 7) */
    as_store_register_hooks(p);
    ap_hook_post_config(as_cache_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(as_cache_child_init, NULL, NULL, APR_HOOK_LAST);
}

AP_DECLARE_MODULE(authstatus) = {
    STANDARD20_MODULE_STUFF,
    create_dir_conf,
    merge_dir_conf,
    create_srv_conf,
    merge_srv_conf,
    authstatus_cmds,
    register_hooks
#if defined(AP_MODULE_FLAG_ALWAYS_MERGE)
    , AP_MODULE_FLAG_NONE
#endif
};
