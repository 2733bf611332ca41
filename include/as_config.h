/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_config.h
 * Per-directory and per-server configuration, shared by the glue
 * (mod_authstatus.c) and the hook implementations in modules/.
 */
#ifndef AS_CONFIG_H
#define AS_CONFIG_H

#include <httpd.h>
#include <http_config.h>
#include <ap_expr.h>
#include <mod_auth.h>

#include "as_decide.h"
#include "as_parse.h"
#include "as_cache.h"

#ifndef AS_GLUE
/* the glue's AP_DECLARE_MODULE defines the log index itself */
APLOG_USE_MODULE(authstatus);
#endif
extern module AP_MODULE_DECLARE_DATA authstatus_module;

/** The AuthType this module answers for. */
#define AS_AUTH_TYPE "AuthStatus"

/** "not set in this section" for int fields; the merge takes the parent's. */
#define AS_UNSET (-1)

/** AuthStatusBody values. */
typedef enum {
    AS_BODY_AUTO = 0,
    AS_BODY_HTML,
    AS_BODY_PROBLEM
} as_body_e;

/** AuthStatusPreflight values. */
typedef enum {
    AS_PREFLIGHT_ALLOW = 0,
    AS_PREFLIGHT_AUTHENTICATE
} as_preflight_e;

typedef struct as_keyset_t as_keyset_t;

/** Per-directory configuration. Pointers are NULL and ints AS_UNSET when
 * the section does not set them; as_dir_* accessors apply defaults. */
typedef struct {
    apr_array_header_t *schemes;          /* of as_scheme_e, challenge order */
    authn_provider_list *basic_providers; /* AuthStatusBasicProvider */

    /* Bearer */
    apr_array_header_t *bearer_key_files; /* of const char *, for logs */
    as_keyset_t *bearer_keys;
    apr_array_header_t *bearer_algs;      /* of const char * */
    const char *bearer_issuer;
    apr_array_header_t *bearer_audiences; /* of const char * */
    int bearer_leeway;
    const char *bearer_user_claim;
    int bearer_claims_env;
    const char *bearer_require_scopes;    /* Require token-scope words of
                                           * this section, for challenges */

    int hide;                             /* as_hide_e */
    int forbid_on_deny;
    int throttle_count;                   /* 0: AuthStatusThrottle Off */
    int throttle_seconds;
    int login_redirect_set;
    ap_expr_info_t *login_redirect;       /* NULL: Off */
    int preflight;                        /* as_preflight_e */
    int body;                             /* as_body_e */
    int cache_seconds;                    /* 0: Off */
    as_cache_scope_t cache_scope;         /* sections merged, in order */
} as_dir_conf;

/** Per-server configuration. */
typedef struct {
    const char *store_provider;           /* AuthStatusThrottleStore */
    const char *store_args;
} as_srv_conf;

/** Per-request state, in r->request_config. */
typedef struct {
    as_reason_e reason;
    as_reason_e cause;
    const char *scheme;          /* scheme that authenticated, or NULL */
    const char *missing_scopes;  /* set by Require token-scope when it fails */
    const char *required_scopes; /* every scope a token-scope line asked for */
    void *token_claims;          /* json_t * of a verified Bearer token */
} as_req_t;

/* Accessors with defaults applied. */
int as_dir_is_ours(request_rec *r, const as_dir_conf *d);
int as_dir_hide(const as_dir_conf *d);
int as_dir_forbid_on_deny(request_rec *r, const as_dir_conf *d);
int as_dir_accepts(const as_dir_conf *d, as_scheme_e s);
const apr_array_header_t *as_dir_schemes(const as_dir_conf *d);

/* Per-request helpers (as_request.c). */
as_req_t *as_req(request_rec *r);
void as_set_reason(request_rec *r, as_reason_e reason, as_reason_e cause);
const char *as_realm(request_rec *r);
void as_add_challenges(request_rec *r, const as_dir_conf *d,
                       int bearer_error, const char *description);
void as_drop_challenges(request_rec *r);
const char *as_auth_header_in(request_rec *r);
const char *as_auth_header_out(request_rec *r);
/* A user name for log lines: at most 64 bytes then "...", "-" for NULL
 * (the logger escapes it). */
const char *as_log_user(request_rec *r, const char *user);

/* Implementations of the optional functions of mod_authstatus.h. */
const char *as_public_reason(request_rec *r);
int as_public_refuse(request_rec *r, const char *reason);

/* Directive setters (as_config.c). */
const char *as_set_schemes(cmd_parms *cmd, void *conf, const char *arg);
const char *as_set_basic_provider(cmd_parms *cmd, void *conf, const char *arg);
const char *as_set_hide(cmd_parms *cmd, void *conf, const char *arg);
const char *as_set_forbid(cmd_parms *cmd, void *conf, int flag);
const char *as_set_int_seconds(cmd_parms *cmd, void *conf, const char *arg);

/* Hooks (as_authn.c, as_authz.c). */
int as_check_authn(request_rec *r);
int as_note_auth_failure(request_rec *r, const char *auth_type);
int as_access_checker_ex(request_rec *r);
int as_auth_checker(request_rec *r);
int as_authz_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                         apr_pool_t *ptemp, server_rec *s);

#endif
