/* Licensed under the Apache License, Version 2.0. */
/* The status decision table, apart from httpd so it is tested alone. */

#include <string.h>

#include "as_decide.h"

/* httpd's values, repeated so this file needs no httpd header. */
#define AS_OK        0
#define AS_DECLINED  (-1)

static const char *const reason_names[AS_REASON_COUNT] = {
    "",
    "ok",
    "no-credentials",
    "malformed",
    "unsupported-scheme",
    "bad-credentials",
    "token-invalid",
    "token-expired",
    "insufficient-scope",
    "denied",
    "forbidden",
    "hidden",
    "throttled",
    "preflight",
    "error",
    "keys-unavailable",
    "idp-unavailable",
    "insufficient-user-authentication",
    "dpop-nonce"
};

const char *as_reason_name(as_reason_e r)
{
    if (r <= AS_REASON_NONE || r >= AS_REASON_COUNT) {
        return "";
    }
    return reason_names[r];
}

as_reason_e as_reason_lookup(const char *name)
{
    int i;
    for (i = AS_REASON_OK; i < AS_REASON_COUNT; i++) {
        if (!strcmp(reason_names[i], name)) {
            return (as_reason_e)i;
        }
    }
    return AS_REASON_NONE;
}

int as_reason_is_failed_attempt(as_reason_e r)
{
    return r == AS_REASON_MALFORMED || r == AS_REASON_BAD_CREDENTIALS
           || r == AS_REASON_TOKEN_INVALID || r == AS_REASON_TOKEN_EXPIRED;
}

static void hide_it(as_decision_t *d)
{
    d->status = 404;
    d->reason = AS_REASON_HIDDEN;
    d->challenge = 0;
    d->scope_challenge = 0;
}

void as_decide_authn(as_reason_e cause, as_hide_e hide, as_decision_t *d)
{
    memset(d, 0, sizeof(*d));
    d->reason = d->cause = cause;
    switch (cause) {
    case AS_REASON_OK:
    case AS_REASON_PREFLIGHT:
        d->status = AS_OK;
        return;
    case AS_REASON_MALFORMED:
        d->status = 400;
        break;
    case AS_REASON_THROTTLED:
        d->status = 429;
        break;
    case AS_REASON_ERROR:
        /* Not a refusal: a broken provider is never hidden. */
        d->status = 500;
        return;
    case AS_REASON_KEYS_UNAVAILABLE:
    case AS_REASON_IDP_UNAVAILABLE:
        /* the identity provider cannot be reached: the client's token may
         * be good, so neither 401 nor hidden; try again later */
        d->status = 503;
        return;
    default:
        d->status = 401;
        d->challenge = 1;
        break;
    }
    if (hide == AS_HIDE_ALWAYS) {
        hide_it(d);
    }
}

/* Where access and authz decisions start: a clean decision carrying the
 * inner status. Returns 1 when that settles it: OK (reason ok), or
 * DECLINED passed on with no reason. */
static int settled_by_inner(int inner, as_decision_t *d)
{
    memset(d, 0, sizeof(*d));
    d->status = inner;
    if (inner == AS_OK) {
        d->reason = d->cause = AS_REASON_OK;
        return 1;
    }
    return inner == AS_DECLINED;
}

void as_decide_access(int inner, as_hide_e hide, as_decision_t *d)
{
    if (settled_by_inner(inner, d)) {
        return;
    }
    if (inner == 403) {
        d->reason = d->cause = AS_REASON_FORBIDDEN;
        if (hide != AS_HIDE_OFF) {
            hide_it(d);
        }
        return;
    }
    d->reason = d->cause = (inner >= 500) ? AS_REASON_ERROR
                                          : AS_REASON_FORBIDDEN;
}

void as_decide_authz(int inner, int have_user, int forbid_on_deny,
                     as_hide_e hide, int scope_failed, as_decision_t *d)
{
    if (settled_by_inner(inner, d)) {
        return;
    }
    if (inner == 401 && have_user) {
        d->reason = d->cause = scope_failed ? AS_REASON_INSUFFICIENT_SCOPE
                                            : AS_REASON_DENIED;
        if (forbid_on_deny || hide != AS_HIDE_OFF) {
            d->status = 403;
            d->scope_challenge = scope_failed;
        }
        else {
            /* stock behaviour asked for: re-challenge */
            d->challenge = 1;
        }
    }
    else if (inner == 403) {
        d->reason = d->cause = scope_failed ? AS_REASON_INSUFFICIENT_SCOPE
                             : have_user ? AS_REASON_DENIED
                                         : AS_REASON_FORBIDDEN;
        d->scope_challenge = scope_failed;
    }
    else {
        d->reason = d->cause = AS_REASON_ERROR;
        return;
    }
    if (d->status == 403 && hide != AS_HIDE_OFF) {
        hide_it(d);
    }
}

void as_decide_authz_stepup(int inner, int have_user, int forbid_on_deny,
                            as_hide_e hide, int scope_failed,
                            int stepup_failed, as_decision_t *d)
{
    as_decide_authz(inner, have_user, forbid_on_deny, hide, scope_failed, d);
    if (!stepup_failed || !have_user || (inner != 401 && inner != 403)) {
        return;
    }
    /* denied, and a stronger or fresher login would help */
    memset(d, 0, sizeof(*d));
    d->status = 401;
    d->reason = d->cause = AS_REASON_INSUFFICIENT_AUTH;
    d->stepup_challenge = 1;
    if (hide == AS_HIDE_ALWAYS) {
        hide_it(d);
    }
}
