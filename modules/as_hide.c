/* Licensed under the Apache License, Version 2.0. */
/* AuthStatusHide Always under another module's AuthType.
 *
 * For AuthType AuthStatus, as_authn.c decides every authentication refusal
 * itself. Under AuthType Basic (mod_auth_basic), Digest (mod_auth_digest)
 * or any other, the refusal comes from that module's check_authn hook as a
 * 401 with its challenge (or a 400, e.g. a Digest uri mismatch). This hook
 * runs first, runs the rest of the check_authn chain itself (a request note
 * stops it from recursing), and hides such a refusal as 404: the challenge
 * is dropped so that the answer is the server's own 404. Without
 * AuthStatusHide Always it declines at once, so the other module's
 * challenges are never touched. Authorization refusals under those
 * AuthTypes are mapped by as_authz.c. */

#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_request.h>

#include "as_config.h"
#include "as_request.h"
#include "as_hide.h"

#define AS_NOTE_IN_AUTHN "authstatus-in-hide-authn"

int as_hide_check_authn(request_rec *r)
{
    as_dir_conf *d = as_dir_conf_of(r);
    as_reason_e cause;
    int rv;

    if (as_dir_is_ours(r, d) || as_dir_hide(d) != AS_HIDE_ALWAYS
        || ap_auth_type(r) == NULL
        || apr_table_get(r->notes, AS_NOTE_IN_AUTHN)) {
        return DECLINED;
    }
    apr_table_setn(r->notes, AS_NOTE_IN_AUTHN, "1");
    rv = ap_run_check_user_id(r);
    apr_table_unset(r->notes, AS_NOTE_IN_AUTHN);

    switch (rv) {
    case HTTP_UNAUTHORIZED:
    case HTTP_PROXY_AUTHENTICATION_REQUIRED:
        cause = apr_table_get(r->headers_in, as_auth_header_in(r))
                ? AS_REASON_BAD_CREDENTIALS : AS_REASON_NO_CREDENTIALS;
        break;
    case HTTP_BAD_REQUEST:
        cause = AS_REASON_MALFORMED;
        break;
    default:
        /* OK, DECLINED, and errors that are not refusals (500) */
        return rv;
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  "AS04001: hiding %s as 404 (AuthType %s answered %d: %s)",
                  r->uri, ap_auth_type(r), rv, as_reason_name(cause));
    as_set_reason(r, AS_REASON_HIDDEN, cause);
    as_drop_challenges(r);
    return HTTP_NOT_FOUND;
}
