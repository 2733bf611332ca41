/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_decide.h
 * The status decision table: which status, reason and challenge
 * a refusal gets. Pure: takes plain values, returns a decision.
 */
#ifndef AS_DECIDE_H
#define AS_DECIDE_H

/** Values of AUTHSTATUS_REASON. */
typedef enum {
    AS_REASON_NONE = 0,
    AS_REASON_OK,
    AS_REASON_NO_CREDENTIALS,
    AS_REASON_MALFORMED,
    AS_REASON_UNSUPPORTED_SCHEME,
    AS_REASON_BAD_CREDENTIALS,
    AS_REASON_TOKEN_INVALID,
    AS_REASON_TOKEN_EXPIRED,
    AS_REASON_INSUFFICIENT_SCOPE,
    AS_REASON_DENIED,
    AS_REASON_FORBIDDEN,
    AS_REASON_HIDDEN,
    AS_REASON_THROTTLED,
    AS_REASON_PREFLIGHT,
    AS_REASON_ERROR,
    AS_REASON_KEYS_UNAVAILABLE, /* no key set from the provider yet: 503 */
    AS_REASON_IDP_UNAVAILABLE,  /* introspection endpoint down: 503 */
    AS_REASON_INSUFFICIENT_AUTH, /* RFC 9470 step-up: 401 */
    AS_REASON_DPOP_NONCE,       /* RFC 9449 use_dpop_nonce: 401 */
    AS_REASON_COUNT
} as_reason_e;

/** Retry-After of a 503 while the identity provider cannot be reached
 * (seconds). */
#define AS_RETRY_AFTER_IDP 10

/** AuthStatusHide values. */
typedef enum {
    AS_HIDE_OFF = 0,
    AS_HIDE_DENIED = 1,
    AS_HIDE_ALWAYS = 2
} as_hide_e;

/** The answer to one request, as the hooks apply it. */
typedef struct {
    int status;            /* HTTP status, or OK (0) / DECLINED (-1) */
    as_reason_e reason;    /* what AUTHSTATUS_REASON says */
    as_reason_e cause;     /* the real cause; differs from reason when hidden */
    int challenge;         /* send the location's challenges */
    int scope_challenge;   /* send Bearer error="insufficient_scope" */
    int stepup_challenge;  /* send Bearer error=
                            * "insufficient_user_authentication" */
} as_decision_t;

/** Keyword of a reason ("ok", "no-credentials", …). */
const char *as_reason_name(as_reason_e r);

/** Reason by keyword, or AS_REASON_NONE. */
as_reason_e as_reason_lookup(const char *name);

/** Is this reason a failed attempt (counted by throttling, logged at error)? */
int as_reason_is_failed_attempt(as_reason_e r);

/** Authentication refused for `cause` (no credentials, malformed, …):
 * 401 with challenges, 400, 429, 500; 404 under AuthStatusHide Always. */
void as_decide_authn(as_reason_e cause, as_hide_e hide, as_decision_t *d);

/** Map what the access_checker_ex chain (mod_authz_core's pass without a
 * user) answered: 403 before authentication, hidden as 404 when asked. */
void as_decide_access(int inner, as_hide_e hide, as_decision_t *d);

/** Map what the auth_checker chain (mod_authz_core with a user) answered.
 * A 401 for an authenticated user becomes 403 when forbid_on_deny is on or
 * the location hides; a failed token-scope requirement says so. */
void as_decide_authz(int inner, int have_user, int forbid_on_deny,
                     as_hide_e hide, int scope_failed, as_decision_t *d);

/** As as_decide_authz, when a Require token-acr or token-max-age line
 * failed too (stepup_failed): a refusal of an authenticated user is then
 * 401 insufficient_user_authentication (RFC 9470: a new login helps),
 * never 403; 404 under AuthStatusHide Always. */
void as_decide_authz_stepup(int inner, int have_user, int forbid_on_deny,
                            as_hide_e hide, int scope_failed,
                            int stepup_failed, as_decision_t *d);

#endif
