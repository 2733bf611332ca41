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
    (void)dir;
    d->bearer_leeway = AS_UNSET;
    d->bearer_claims_env = AS_UNSET;
    d->hide = AS_UNSET;
    d->forbid_on_deny = AS_UNSET;
    d->throttle_count = AS_UNSET;
    d->throttle_seconds = AS_UNSET;
    d->preflight = AS_UNSET;
    d->body = AS_UNSET;
    d->cache_seconds = AS_UNSET;
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

    /* bodies, login redirect, preflight (issue 5) */

    /* throttling and its store (issue 6) */

    /* verified-credential cache (issue 7) */

    { NULL }
};

static void register_hooks(apr_pool_t *p)
{
    (void)p;
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

    /* Bearer (issue 3) */

    /* hiding (issue 4): AuthStatusHide Always under another AuthType */
    ap_hook_check_authn(as_hide_check_authn, NULL, NULL, APR_HOOK_FIRST,
                        AP_AUTH_INTERNAL_PER_CONF);

    /* bodies, login redirect, preflight (issue 5) */

    /* throttling, cache (issues 6, 7) */
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
