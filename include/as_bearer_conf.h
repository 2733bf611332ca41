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
#include "as_idp.h"
#include "as_remote.h"

#ifndef AS_DIR_CONF_T
#define AS_DIR_CONF_T
typedef struct as_dir_conf as_dir_conf;
#endif

/** Default AuthStatusBearerUserClaim. */
#define AS_BEARER_USER_CLAIM "sub"

/** AuthStatusBearerTokenType */
typedef enum { AS_TOKEN_TYPE_ANY = 0, AS_TOKEN_TYPE_AT_JWT } as_token_type_e;

typedef struct {
    /* AuthStatusBearerKeys: files (static sources) and sources fetched
     * from identity providers; one line sets both */
    apr_array_header_t *key_sources;  /* of as_keysrc_t *; NULL: none */
    apr_array_header_t *remotes;      /* of as_remote_spec_t *; NULL: none */
    as_remote_spec_t *last_remote;    /* while a line is read: the spec its
                                       * option words apply to */
    apr_array_header_t *algs;         /* of const char *; NULL: the keys' */
    apr_array_header_t *issuers;      /* of const char *; NULL: not checked */
    int token_type;                   /* AS_UNSET: any */
    const as_idp_introspect_t *introspect; /* NULL: none */
    int dpop_nonce;                   /* AuthStatusDPoPNonce; AS_UNSET: Off */
    const char *dpop_origin;          /* AuthStatusDPoPOrigin, or NULL: the
                                       * request's own scheme, host, port */
    const char *resource;             /* AuthStatusResource, or NULL */
    apr_array_header_t *resource_aud; /* { resource }: the default
                                       * audience */
    apr_array_header_t *resource_scopes; /* AuthStatusResourceScopes */
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
/** The location's token verifiers (of as_verifier_t *) for r, made in
 * r->pool; NULL when it names no keys and no introspection. */
apr_array_header_t *as_bearer_verifiers(request_rec *r, const as_dir_conf *d);
/** AuthStatusResource, or NULL. */
const char *as_bearer_resource(const as_dir_conf *d);
/** AuthStatusResourceScopes (of const char *), or NULL. */
const apr_array_header_t *as_bearer_resource_scopes(const as_dir_conf *d);
/** AuthStatusBearerIssuer values (of const char *), or NULL. */
const apr_array_header_t *as_bearer_issuers(const as_dir_conf *d);

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
const char *as_set_bearer_issuer(cmd_parms *cmd, void *conf,
                                 const char *arg);
const char *as_set_bearer_introspect(cmd_parms *cmd, void *conf,
                                     const char *args);
const char *as_set_resource(cmd_parms *cmd, void *conf, const char *arg);
const char *as_set_dpop_origin(cmd_parms *cmd, void *conf, const char *arg);
/** AuthStatusDPoPNonce, default Off. */
int as_bearer_dpop_nonce(const as_dir_conf *d);
/** AuthStatusDPoPOrigin, or NULL. */
const char *as_bearer_dpop_origin(const as_dir_conf *d);
const char *as_set_resource_scopes(cmd_parms *cmd, void *conf,
                                   const char *arg);
const char *as_set_bearer_audience(cmd_parms *cmd, void *conf,
                                   const char *arg);

/** check_config warnings and the per-child key file cache. */
void as_bearer_conf_register(apr_pool_t *p);

#define AS_BEARER_CMDS \
    AP_INIT_ITERATE("AuthStatusBearerKeys", as_set_bearer_keys, NULL, \
                    AS_DIR_CONTEXT, "JWK Set or PEM files (read at " \
                    "startup), https:// jwks_uri URLs or discover, each URL " \
                    "with refresh=, miss=, timeout=, ca="), \
    AP_INIT_ITERATE("AuthStatusBearerAlgorithms", as_set_bearer_algs, NULL, \
                    AS_DIR_CONTEXT, "JWS algorithms allowed (default: the " \
                    "keys' own); none is never allowed"), \
    AP_INIT_ITERATE("AuthStatusBearerIssuer", as_set_bearer_issuer, NULL, \
                    AS_DIR_CONTEXT, "Issuers accepted: the iss claim must be " \
                    "one of them (discover fetches each one's keys)"), \
    AP_INIT_TAKE1("AuthStatusBearerTokenType", as_set_keyword_slot, \
                  AS_KW_SLOT(bearer.token_type, as_confval_kw_token_type), \
                  AS_DIR_CONTEXT, "at+jwt: a JWT must say typ at+jwt (RFC " \
                  "9068); any (default)"), \
    AP_INIT_FLAG("AuthStatusDPoPNonce", ap_set_flag_slot, \
                 AS_SLOT(bearer.dpop_nonce), AS_DIR_CONTEXT, \
                 "On: DPoP proofs must carry a server nonce (RFC 9449 " \
                 "section 9)"), \
    AP_INIT_TAKE1("AuthStatusDPoPOrigin", as_set_dpop_origin, NULL, \
                  AS_DIR_CONTEXT, "scheme://host[:port] clients address " \
                  "(htu behind a TLS-terminating proxy)"), \
    AP_INIT_TAKE1("AuthStatusResource", as_set_resource, NULL, \
                  AS_DIR_CONTEXT, "The resource identifier (an https URL): " \
                  "RFC 9728 metadata, resource_metadata in challenges, the " \
                  "default audience"), \
    AP_INIT_ITERATE("AuthStatusResourceScopes", as_set_resource_scopes, \
                    NULL, AS_DIR_CONTEXT, "scopes_supported of the " \
                    "resource's metadata"), \
    AP_INIT_RAW_ARGS("AuthStatusBearerIntrospect", as_set_bearer_introspect, \
                     NULL, AS_DIR_CONTEXT, "URL|discover client_id= " \
                     "secret=|secret-file= [auth=basic|post] [ca=] " \
                     "[cache=] [timeout=] [for=opaque|all]: RFC 7662"), \
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
