/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_bearer_conf.h
 * The Bearer part of the per-directory configuration: where the keys come
 * from, what a token must say (algorithms, issuer, audience, leeway), and
 * what a verified token gives the request (user claim, claims env).
 * Fields, defaults, merge, accessors, directives and the startup warnings
 * (modules/as_bearer_conf.c).
 */
#ifndef AS_BEARER_CONF_H
#define AS_BEARER_CONF_H

#include <httpd.h>
#include <http_config.h>

#include "as_jwt.h"

#ifndef AS_DIR_CONF_T
#define AS_DIR_CONF_T
typedef struct as_dir_conf as_dir_conf;
#endif

/** Default AuthStatusBearerUserClaim. */
#define AS_BEARER_USER_CLAIM "sub"

typedef struct {
    apr_array_header_t *key_sources;  /* of as_keysrc_t *; NULL: none */
    apr_array_header_t *algs;         /* of const char *; NULL: the keys' */
    const char *issuer;               /* NULL: not checked */
    apr_array_header_t *audiences;    /* of const char *; NULL: not checked */
    int leeway;                       /* AS_UNSET: AS_JWT_LEEWAY */
    const char *user_claim;           /* NULL: AS_BEARER_USER_CLAIM */
    int claims_env;                   /* AS_UNSET: On */
    const char *require_scopes;       /* Require token-scope words of this
                                       * section, for challenges */
} as_bearer_conf;

void as_bearer_conf_init(as_bearer_conf *c);
void as_bearer_conf_merge(as_bearer_conf *n, const as_bearer_conf *base,
                          const as_bearer_conf *add);

/** Does the location name any key source? */
int as_bearer_has_keys(const as_dir_conf *d);
/** The verification policy, defaults applied. */
void as_bearer_policy(const as_dir_conf *d, as_jwt_policy_t *pol);
/** The location's token verifiers (of as_verifier_t *), made in p; NULL
 * when it names no keys. */
apr_array_header_t *as_bearer_verifiers(apr_pool_t *p, const as_dir_conf *d);
/** AuthStatusBearerUserClaim, default "sub". */
const char *as_bearer_user_claim(const as_dir_conf *d);
/** AuthStatusBearerClaimsEnv, default On. */
int as_bearer_claims_env(const as_dir_conf *d);
/** The scopes the section's Require token-scope lines ask for, or NULL. */
const char *as_bearer_required_scopes(const as_dir_conf *d);
/** Record the scopes of a Require token-scope line of the section whose
 * configuration is d (in p). */
void as_bearer_add_required_scopes(apr_pool_t *p, as_dir_conf *d,
                                   const char *scopes);

const char *as_set_bearer_keys(cmd_parms *cmd, void *conf, const char *arg);
const char *as_set_bearer_algs(cmd_parms *cmd, void *conf, const char *arg);
const char *as_set_bearer_audience(cmd_parms *cmd, void *conf,
                                   const char *arg);

/** check_config warnings and the per-child key file cache. */
void as_bearer_conf_register(apr_pool_t *p);

#define AS_BEARER_CMDS \
    AP_INIT_ITERATE("AuthStatusBearerKeys", as_set_bearer_keys, NULL, \
                    AS_DIR_CONTEXT, "JWK Set (JSON) or PEM public-key files " \
                    "verifying Bearer tokens, read at startup"), \
    AP_INIT_ITERATE("AuthStatusBearerAlgorithms", as_set_bearer_algs, NULL, \
                    AS_DIR_CONTEXT, "JWS algorithms allowed (default: the " \
                    "keys' own); none is never allowed"), \
    AP_INIT_TAKE1("AuthStatusBearerIssuer", as_set_string_slot, \
                  AS_STR_SLOT(bearer.issuer, "the issuer"), AS_DIR_CONTEXT, \
                  "Required iss claim"), \
    AP_INIT_ITERATE("AuthStatusBearerAudience", as_set_bearer_audience, NULL, \
                    AS_DIR_CONTEXT, "Audiences: one must be in the aud " \
                    "claim"), \
    AP_INIT_TAKE1("AuthStatusBearerLeeway", as_set_seconds_slot, \
                  AS_SLOT(bearer.leeway), AS_DIR_CONTEXT, \
                  "Clock skew allowed for exp, nbf and iat, in seconds " \
                  "(default 60)"), \
    AP_INIT_TAKE1("AuthStatusBearerUserClaim", as_set_string_slot, \
                  AS_STR_SLOT(bearer.user_claim, "the claim name"), \
                  AS_DIR_CONTEXT, "Claim that becomes the user name " \
                  "(default sub)"), \
    AP_INIT_FLAG("AuthStatusBearerClaimsEnv", ap_set_flag_slot, \
                 AS_SLOT(bearer.claims_env), AS_DIR_CONTEXT, \
                 "On: export top-level string and number claims as " \
                 "AUTHSTATUS_CLAIM_<NAME> (default On)")

#endif
