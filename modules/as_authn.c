/* Licensed under the Apache License, Version 2.0. */
/* The authentication half: AuthType AuthStatus parses Authorization,
 * dispatches on the scheme, verifies, sets r->user, and answers 400/401
 * (or 404 when hidden) with the right challenges itself. */

#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_request.h>
#include <http_protocol.h>
#include <apr_strings.h>
#include <apr_md5.h>
#include <ap_provider.h>

#include "as_config.h"
#include "as_metrics.h"
#include "as_request.h"
#include "as_authn.h"
#include "as_challenge.h"
#include "as_parse.h"
#include "as_bearer.h"
#include "as_throttle.h"
#include "as_cache_req.h"
#include "as_client.h"
#include "as_timing.h"

#define LOGGED_NOTE "authstatus-failure-logged"

/* Is this the first failed attempt logged for the request r belongs to? */
static int first_failure(request_rec *r)
{
    while (r->main || r->prev) {
        r = r->main ? r->main : r->prev;
    }
    if (apr_table_get(r->notes, LOGGED_NOTE)) {
        return 0;
    }
    apr_table_setn(r->notes, LOGGED_NOTE, "1");
    return 1;
}

static int refuse(request_rec *r, const as_dir_conf *d, const as_failure_t *f)
{
    as_decision_t dec;

    as_decide_authn(f->cause, as_dir_hide(d), &dec);
    as_set_reason(r, dec.reason, dec.cause);

    if (as_reason_is_failed_attempt(f->cause)) {
        /* error, as mod_auth_basic does, so LogLevel warn shows failed
         * attempts and fail2ban can count them: once per request, since
         * the sub-requests of one request (a directory listing probing
         * each entry) are the same attempt; their repeats at debug.
         * (ap_log_rerror evaluates its level twice: computed once here.) */
        int level = first_failure(r) ? APLOG_ERR : APLOG_DEBUG;

        as_throttle_failed(r, d, f->user);
        ap_log_rerror(APLOG_MARK, level, 0, r,
                      "AS01003: authentication failed for user %s: %s "
                      "(%s%s%s) for %s", as_log_user(r, f->user),
                      as_reason_name(f->cause), as_scheme_name(f->scheme),
                      f->why ? ", " : "", f->why ? f->why : "", r->uri);
    }
    else if (f->cause == AS_REASON_KEYS_UNAVAILABLE
             || f->cause == AS_REASON_IDP_UNAVAILABLE) {
        apr_table_setn(r->err_headers_out, "Retry-After",
                       apr_itoa(r->pool, AS_RETRY_AFTER_IDP));
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "AS01008: the identity provider cannot be reached, "
                      "503 for %s: %s", r->uri,
                      f->why ? f->why : as_reason_name(f->cause));
    }
    else if (f->cause == AS_REASON_ERROR) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "AS01004: authentication could not be completed for "
                      "user %s: %s for %s", as_log_user(r, f->user),
                      f->why ? f->why : "provider error", r->uri);
    }
    else {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "AS01005: authentication required: %s%s%s for %s",
                      as_reason_name(f->cause), f->why ? ", " : "",
                      f->why ? f->why : "", r->uri);
    }
    if (dec.reason == AS_REASON_HIDDEN) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "AS01006: hiding %s as 404 (cause: %s)", r->uri,
                      as_reason_name(dec.cause));
    }

    if (dec.status == HTTP_UNAUTHORIZED
        && f->cause == AS_REASON_NO_CREDENTIALS) {
        /* a browser navigation goes to the login page instead */
        int redirect = as_client_login_redirect(r, d);
        if (redirect) {
            return redirect;
        }
    }
    if (dec.challenge) {
        /* the error goes on the challenge of the scheme that failed: a
         * DPoP proof error is not the Bearer scheme's */
        as_req(r)->error_scheme = (f->scheme == AS_SCHEME_DPOP
                                   || f->scheme == AS_SCHEME_BEARER)
                                  ? (int)f->scheme : 0;
        as_add_challenges(r, d, f->bearer_error, f->description);
    }
    else if (dec.status == HTTP_BAD_REQUEST
             && f->bearer_error == AS_BEARER_ERR_INVALID_REQUEST
             && (as_dir_accepts(d, AS_SCHEME_BEARER)
                 || as_dir_accepts(d, AS_SCHEME_DPOP))) {
        /* RFC 6750 §3: a Bearer invalid_request carries its challenge */
        apr_table_setn(r->err_headers_out, as_auth_header_out(r),
                       as_challenge_bearer(r->pool, as_realm(r), NULL,
                                           AS_BEARER_ERR_INVALID_REQUEST,
                                           f->description
                                           ? f->description
                                           : "The request is malformed"));
    }
    return dec.status;
}

/* Walk AuthStatusBasicProvider like mod_auth_basic does: the first answer
 * other than "user not found" counts. */
static as_reason_e basic_verify(request_rec *r, const as_dir_conf *d,
                                const char *user, const char *pw,
                                const char **why)
{
    const authn_provider_list *pl = as_dir_basic_providers(d);
    authn_status st = AUTH_USER_NOT_FOUND;
    const authn_provider *prov;
    const char *name;
    apr_time_t start = apr_time_now();

    do {
        if (pl) {
            prov = pl->provider;
            name = pl->provider_name;
        }
        else {
            prov = ap_lookup_provider(AUTHN_PROVIDER_GROUP,
                                      AUTHN_DEFAULT_PROVIDER,
                                      AUTHN_PROVIDER_VERSION);
            name = AUTHN_DEFAULT_PROVIDER;
            if (prov == NULL || prov->check_password == NULL) {
                *why = "no AuthStatusBasicProvider given and the 'file' "
                       "provider (mod_authn_file) is not loaded";
                return AS_REASON_ERROR;
            }
        }
        apr_table_setn(r->notes, AUTHN_PROVIDER_NAME_NOTE, name);
        st = prov->check_password(r, user, pw);
        apr_table_unset(r->notes, AUTHN_PROVIDER_NAME_NOTE);
        if (st != AUTH_USER_NOT_FOUND) {
            break;
        }
        pl = pl ? pl->next : NULL;
    } while (pl);

    switch (st) {
    case AUTH_GRANTED:
        as_timing_known(ap_auth_name(r), apr_time_now() - start);
        return AS_REASON_OK;
    case AUTH_USER_NOT_FOUND:
        /* as slow as a known user: no user-existence oracle */
        as_timing_unknown(ap_auth_name(r), pw, start);
        *why = "unknown user";
        return AS_REASON_BAD_CREDENTIALS;
    case AUTH_DENIED:
        as_timing_known(ap_auth_name(r), apr_time_now() - start);
        *why = "password mismatch";
        return AS_REASON_BAD_CREDENTIALS;
    default:
        *why = apr_psprintf(r->pool, "authn provider '%s' failed", name);
        return AS_REASON_ERROR;
    }
}

static as_reason_e basic_authenticate(request_rec *r, const as_dir_conf *d,
                                      const char *token, as_failure_t *f)
{
    const char *user, *pw;
    as_basic_status_e st = as_basic_decode(r->pool, token, &user, &pw);
    as_reason_e res;
    as_cache_slot_t slot;
    as_cache_entry_t hit;

    switch (st) {
    case AS_BASIC_OK:
        break;
    case AS_BASIC_BAD_BASE64:
        f->why = "credentials are not base64";
        return AS_REASON_MALFORMED;
    case AS_BASIC_NO_COLON:
        f->why = "no ':' between user-id and password";
        return AS_REASON_MALFORMED;
    case AS_BASIC_CONTROL:
        f->why = "control character in user-id or password";
        return AS_REASON_MALFORMED;
    case AS_BASIC_EMPTY_USER:
        f->why = "empty user-id";
        return AS_REASON_BAD_CREDENTIALS;
    case AS_BASIC_BAD_UTF8:
        f->why = "credentials are not UTF-8";
        return AS_REASON_BAD_CREDENTIALS;
    }
    f->user = user;
    /* AuthStatusCache: a remembered success skips the providers, but not
     * a lock on the user (reading its counter is enough here) */
    if (as_cache_lookup(r, d, &slot, "Basic", user, pw, strlen(pw), &hit)) {
        if (as_throttle_check(r, d, user)) {
            return AS_REASON_THROTTLED;
        }
        res = AS_REASON_OK;
    }
    else if (as_throttle_reserve(r, d, user)) {
        /* locked, or this attempt would pass the limit: no provider call
         * (counting it is how a lock is found: no separate read first) */
        return AS_REASON_THROTTLED;
    }
    else {
        apr_time_t start = apr_time_now();

        res = basic_verify(r, d, user, pw, &f->why);
        as_metrics_verify_time(apr_time_now() - start);
        if (res == AS_REASON_ERROR) {
            /* a broken provider is not the client's failure */
            as_throttle_release(r, d, user);
        }
        if (res == AS_REASON_OK) {
            as_throttle_release(r, d, user);
            as_cache_remember(r, d, &slot, user, 0, NULL, 0);
        }
    }
    if (res == AS_REASON_OK) {
        r->user = (char *)user;
        r->ap_auth_type = "Basic";
    }
    return res;
}

int as_check_authn(request_rec *r)
{
    as_dir_conf *d = as_dir_conf_of(r);
    const as_scheme_t *sc;
    as_credentials_t cred;
    as_failure_t f;
    as_reason_e res;

    if (!as_dir_is_ours(r, d)) {
        return DECLINED;
    }
    memset(&f, 0, sizeof(f));
    if (ap_auth_name(r) == NULL) {
        f.cause = AS_REASON_ERROR;
        f.why = "AuthType AuthStatus needs an AuthName";
        return refuse(r, d, &f);
    }

    as_parse_authorization(r->pool,
                           apr_table_get(r->headers_in, as_auth_header_in(r)),
                           &cred);
    f.scheme = cred.scheme;
    f.why = cred.why;
    if (cred.status != AS_CRED_ABSENT && cred.scheme != AS_SCHEME_UNKNOWN) {
        as_req(r)->attempt_scheme = as_scheme_name(cred.scheme);
    }
    /* a locked-out address gets 429 for any credentials, before a
     * provider or a signature check runs */
    if (cred.status != AS_CRED_ABSENT && as_throttle_check(r, d, NULL)) {
        f.cause = AS_REASON_THROTTLED;
        return refuse(r, d, &f);
    }

    /* Bearer: a token in the query string is malformed here (as_bearer.c);
     * challenges announce the scopes the section's Require lines ask for */
    if (as_dir_accepts(d, AS_SCHEME_BEARER)
        || as_dir_accepts(d, AS_SCHEME_DPOP)) {
        as_req(r)->required_scopes = as_bearer_required_scopes(d);
        if (as_bearer_precheck(r, d, &f) != AS_REASON_NONE) {
            f.cause = AS_REASON_MALFORMED;
            f.scheme = AS_SCHEME_BEARER;
            return refuse(r, d, &f);
        }
    }

    switch (cred.status) {
    case AS_CRED_ABSENT:
        f.cause = AS_REASON_NO_CREDENTIALS;
        return refuse(r, d, &f);
    case AS_CRED_TOO_LARGE:
    case AS_CRED_DUPLICATE:
        f.cause = AS_REASON_MALFORMED;
        f.bearer_error = AS_BEARER_ERR_INVALID_REQUEST;
        return refuse(r, d, &f);
    case AS_CRED_MALFORMED:
        if (cred.scheme != AS_SCHEME_UNKNOWN
            && !as_dir_accepts(d, cred.scheme)) {
            /* another scheme's trouble is not ours: no credentials for us */
            f.cause = AS_REASON_UNSUPPORTED_SCHEME;
            return refuse(r, d, &f);
        }
        f.cause = AS_REASON_MALFORMED;
        f.bearer_error = AS_BEARER_ERR_INVALID_REQUEST;
        return refuse(r, d, &f);
    case AS_CRED_OK:
        break;
    }

    if (cred.scheme == AS_SCHEME_UNKNOWN || !as_dir_accepts(d, cred.scheme)) {
        f.cause = AS_REASON_UNSUPPORTED_SCHEME;
        f.why = apr_psprintf(r->pool, "scheme '%s' not accepted here",
                             cred.scheme_name);
        return refuse(r, d, &f);
    }

    sc = as_scheme_get(cred.scheme);
    if (sc && sc->verify) {
        res = sc->verify(r, d, cred.token, &f);
    }
    else {
        res = AS_REASON_ERROR;
        f.why = "scheme not implemented";
    }
    if (res != AS_REASON_OK) {
        f.cause = res;
        return refuse(r, d, &f);
    }
    as_req(r)->scheme = as_scheme_name(cred.scheme);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "AS01007: user %s authenticated (%s)",
                  as_log_user(r, r->user), as_req(r)->scheme);
    return OK;
}

int as_note_auth_failure(request_rec *r, const char *auth_type)
{
    as_dir_conf *d;

    if (strcasecmp(auth_type, AS_AUTH_TYPE)) {
        return DECLINED;
    }
    d = as_dir_conf_of(r);
    as_add_challenges(r, d, AS_BEARER_ERR_NONE, NULL);
    return OK;
}

void as_authn_register(apr_pool_t *p)
{
    (void)p;
    as_scheme_set_verify(AS_SCHEME_BASIC, basic_authenticate);
}
