/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_request.h
 * Per-request state and the helpers every hook shares: the decision's
 * reason, the realm, challenges, the Authorization field's name
 * (Proxy-Authorization for a forward proxy), user names for log lines
 * (modules/as_request.c).
 */
#ifndef AS_REQUEST_H
#define AS_REQUEST_H

#include <httpd.h>

#include "as_config.h"
#include "as_decide.h"

/** Per-request state, in r->request_config. */
typedef struct {
    as_reason_e reason;
    as_reason_e cause;
    const char *scheme;          /* scheme that authenticated, or NULL */
    const char *missing_scopes;  /* set by Require token-scope when it fails */
    const char *required_scopes; /* every scope a token-scope line asked for */
    void *token_claims;          /* json_t * of a verified Bearer token */
    const char *stepup_acr;      /* a Require token-acr line failed: its
                                  * values, for acr_values */
    const char *stepup_max_age;  /* a Require token-max-age line failed:
                                  * its seconds, for max_age */
    int error_scheme;            /* as_scheme_e whose challenge carries the
                                  * error; 0: every token scheme's */
    const char *attempt_scheme;  /* the scheme of the credentials sent, or
                                  * NULL (for the metrics) */
} as_req_t;

as_req_t *as_req(request_rec *r);
void as_set_reason(request_rec *r, as_reason_e reason, as_reason_e cause);
const char *as_realm(request_rec *r);

/** A request answering with a refusal one of its sub-requests decided
 * (whose notes were copied to it): that refusal's state, set on r; NULL
 * when there is none. */
as_req_t *as_req_of_subrequest(request_rec *r);

/** One challenge per accepted scheme, in the location's order (replacing
 * any already there); error and description apply to the schemes whose
 * challenge carries them (as_challenge_args_t). Token schemes also carry
 * resource_metadata (AuthStatusResource) and, for
 * insufficient_user_authentication, acr_values and max_age. */
void as_add_challenges(request_rec *r, const as_dir_conf *d,
                       int bearer_error, const char *description);

/** The extra challenge parameters of a token scheme for r (of
 * as_param_t), or NULL when there are none. */
apr_array_header_t *as_challenge_extra(request_rec *r, const as_dir_conf *d,
                                       int bearer_error);
void as_drop_challenges(request_rec *r);
const char *as_auth_header_in(request_rec *r);
const char *as_auth_header_out(request_rec *r);

/** A user name for log lines: at most 64 bytes then "...", "-" for NULL
 * (the logger escapes it). */
const char *as_log_user(request_rec *r, const char *user);

/* Implementations of the optional functions of mod_authstatus.h. */
const char *as_public_reason(request_rec *r);
int as_public_refuse(request_rec *r, const char *reason);

#endif
