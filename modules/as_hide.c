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
#include <http_protocol.h>

#include "as_config.h"
#include "as_request.h"
#include "as_hide.h"
#include <apr_hash.h>
#include <apr_strings.h>

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

/* The section's AuthStatusHide, else its server's level, else the main
 * server's (enclosing sections are not looked at: a rough but safe
 * approximation at startup). */
static int inherited_hide(server_rec *s, server_rec *main_s,
                          const as_dir_conf *d)
{
    const as_dir_conf *sd = ap_get_module_config(s->lookup_defaults,
                                                 &authstatus_module);
    const as_dir_conf *md = ap_get_module_config(main_s->lookup_defaults,
                                                 &authstatus_module);

    if (d && d->core.hide != AS_UNSET) {
        return d->core.hide;
    }
    if (sd && sd->core.hide != AS_UNSET) {
        return sd->core.hide;
    }
    return md ? as_dir_hide(md) : AS_HIDE_OFF;
}

/* Does any section of the server configuration hide (post_config)? */
static int hide_in_use;

static int uses_hide(ap_conf_vector_t *v)
{
    const as_dir_conf *d = v ? ap_get_module_config(v, &authstatus_module)
                             : NULL;

    return d && d->core.hide != AS_UNSET && d->core.hide != AS_HIDE_OFF;
}

static int hide_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                            apr_pool_t *ptemp, server_rec *main_s)
{
    server_rec *s;
    int i;
    (void)pconf; (void)plog; (void)ptemp;

    hide_in_use = 0;
    for (s = main_s; s && !hide_in_use; s = s->next) {
        core_server_config *cs = ap_get_core_module_config(s->module_config);

        hide_in_use |= uses_hide(s->lookup_defaults);
        for (i = 0; cs->sec_url && i < cs->sec_url->nelts; i++) {
            hide_in_use |= uses_hide(APR_ARRAY_IDX(cs->sec_url, i,
                                                   ap_conf_vector_t *));
        }
        for (i = 0; cs->sec_dir && i < cs->sec_dir->nelts; i++) {
            hide_in_use |= uses_hide(APR_ARRAY_IDX(cs->sec_dir, i,
                                                   ap_conf_vector_t *));
        }
    }
    return OK;
}

/* An HTTP/1.1 "Upgrade: h2c" is acted on in the handler phase (httpd's
 * core upgrade handler): a genuine 404 is answered after the switch, in
 * HTTP/2, while a refusal decided before the handler stays HTTP/1.1, so
 * the upgrade would tell a hidden 404 from a genuine one. Where anything
 * is hidden, the offer is declined for every request (RFC 9110 section
 * 7.8 lets a server ignore Upgrade); h2 over TLS and h2c with prior
 * knowledge are not affected. */
static int hide_post_read_request(request_rec *r)
{
    const char *up;

    if (hide_in_use && !r->main && !r->prev
        && (up = apr_table_get(r->headers_in, "Upgrade")) != NULL
        && ap_find_token(r->pool, up, "h2c")) {
        apr_table_unset(r->headers_in, "Upgrade");
        apr_table_unset(r->headers_in, "HTTP2-Settings");
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "AS04003: Upgrade: h2c declined (AuthStatusHide is in "
                      "use: hidden and genuine 404s take one path)");
    }
    return DECLINED;
}

/* <Location "/x/"> covers /x/ and below, not /x: a request for /x then
 * reaches mod_dir, whose 301 to /x/ tells that the directory exists, a
 * hidden one included. Said at startup (and by apachectl configtest). */
static int hide_check_config(apr_pool_t *pconf, apr_pool_t *plog,
                             apr_pool_t *ptemp, server_rec *main_s)
{
    server_rec *s;
    apr_hash_t *seen = apr_hash_make(ptemp);
    int i;
    (void)pconf;
    (void)plog;

    for (s = main_s; s; s = s->next) {
        core_server_config *cs = ap_get_core_module_config(s->module_config);
        apr_array_header_t *secs = cs->sec_url;

        for (i = 0; secs && i < secs->nelts; i++) {
            ap_conf_vector_t *v = APR_ARRAY_IDX(secs, i, ap_conf_vector_t *);
            core_dir_config *cd = ap_get_core_module_config(v);
            const as_dir_conf *d = ap_get_module_config(v, &authstatus_module);
            apr_size_t len = cd->d ? strlen(cd->d) : 0;

            /* d is NULL in a section that sets none of our directives */
            if (apr_hash_get(seen, &v, sizeof(v)) || cd->r || len < 2
                || cd->d[len - 1] != '/' || inherited_hide(s, main_s, d)
                                            == AS_HIDE_OFF) {
                continue;
            }
            apr_hash_set(seen, apr_pmemdup(ptemp, &v, sizeof(v)), sizeof(v),
                         "1");
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         "AS04002: <Location %s> hides with AuthStatusHide, "
                         "but a request for %.*s (without the slash) is not "
                         "in it: mod_dir's redirect to %s tells that it "
                         "exists. Write <Location %.*s> instead",
                         cd->d, (int)(len - 1), cd->d, cd->d, (int)(len - 1),
                         cd->d);
        }
    }
    return OK;
}

void as_hide_register(apr_pool_t *p)
{
    (void)p;
    ap_hook_check_authn(as_hide_check_authn, NULL, NULL, APR_HOOK_FIRST,
                        AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_check_config(hide_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(hide_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    /* before mod_http2 looks at the request */
    ap_hook_post_read_request(hide_post_read_request, NULL, NULL,
                              APR_HOOK_REALLY_FIRST);
}
