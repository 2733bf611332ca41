/* Licensed under the Apache License, Version 2.0.
 *
 * mod_authstatus: every authentication refusal with the status the HTTP
 * specifications give it. This file is glue only: the module record, and
 * hook, filter, provider and optional-function registration. The
 * configuration is put together in modules/as_config.c from one part per
 * concern; the logic lives in modules/, one concern a file.
 */

#include <httpd.h>
#include <http_config.h>
#include <http_request.h>
#include <http_protocol.h>

#define AS_GLUE
#include "as_config.h"
#include "as_metrics.h"
#include "as_request.h"
#include "mod_authstatus.h"
#include "as_authn.h"
#include "as_authz.h"
#include "as_bearer.h"
#include "as_store.h"
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

static void register_hooks(apr_pool_t *p)
{
    APR_REGISTER_OPTIONAL_FN(authstatus_reason);
    APR_REGISTER_OPTIONAL_FN(authstatus_refuse);

    /* authentication: AuthType AuthStatus, its schemes' verifiers */
    as_authn_register(p);
    ap_hook_check_authn(as_check_authn, NULL, NULL, APR_HOOK_MIDDLE,
                        AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_note_auth_failure(as_note_auth_failure, NULL, NULL,
                              APR_HOOK_MIDDLE);

    /* authorization: first, so that they can run the rest of each chain
     * themselves and map mod_authz_core's answer (modules/as_authz.c) */
    ap_hook_check_access_ex(as_access_checker_ex, NULL, NULL,
                            APR_HOOK_FIRST, AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_check_authz(as_auth_checker, NULL, NULL, APR_HOOK_FIRST,
                        AP_AUTH_INTERNAL_PER_CONF);
    /* their own refusal line stands for mod_authz_core's */
    ap_hook_post_config(as_authz_post_config, NULL, NULL, APR_HOOK_MIDDLE);

    /* Bearer: its verifier, token-scope/token-claim, startup warnings */
    as_bearer_register(p);

    /* hiding: AuthStatusHide Always under another AuthType; sections that
     * a trailing slash leaves visible */
    as_hide_register(p);

    /* bodies, login redirect, preflight */
    ap_hook_insert_error_filter(as_client_insert_error_filter, NULL, NULL,
                                APR_HOOK_MIDDLE);
    ap_register_output_filter(AS_PROBLEM_FILTER, as_client_problem_filter,
                              NULL, AP_FTYPE_CONTENT_SET);
    ap_register_output_filter(AS_FLUSH_FILTER, as_client_flush_filter,
                              NULL, AP_FTYPE_TRANSCODE);

    /* counters of every decision: Prometheus, mod_status */
    as_metrics_register_hooks(p);

    /* the store (throttling counters, the credential cache) */
    as_store_register_hooks(p);
    ap_hook_post_config(as_cache_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(as_cache_child_init, NULL, NULL, APR_HOOK_LAST);
}

AP_DECLARE_MODULE(authstatus) = {
    STANDARD20_MODULE_STUFF,
    as_config_create_dir,
    as_config_merge_dir,
    as_config_create_srv,
    as_config_merge_srv,
    as_config_cmds,
    register_hooks
#if defined(AP_MODULE_FLAG_ALWAYS_MERGE)
    , AP_MODULE_FLAG_NONE
#endif
};
