/* Licensed under the Apache License, Version 2.0. */
/* Client-aware refusals: bodies negotiated on Accept, the login redirect
 * for browser navigations, and the CORS preflight exemption. */

#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_request.h>
#include <http_protocol.h>
#include <util_filter.h>
#include <mod_core.h>  /* ap_response_code_string: exported by the httpd binary */
#include <ap_expr.h>
#include <apr_strings.h>

#include "as_config.h"
#include "as_challenge.h"
#include "as_request.h"
#include "as_client.h"
#include "as_accept.h"
#include "as_body.h"

/* -------------------------------------------------------------- bodies */


/* Add a field name to Vary once (several parts of a refusal vary on the
 * same request fields). */
static void add_vary(request_rec *r, const char *field)
{
    const char *v = apr_table_get(r->err_headers_out, "Vary");

    if (v == NULL || !ap_find_token(r->pool, v, field)) {
        apr_table_mergen(r->err_headers_out, "Vary", field);
    }
}

static int is_refusal(as_reason_e reason)
{
    switch (reason) {
    case AS_REASON_NONE:
    case AS_REASON_OK:
    case AS_REASON_PREFLIGHT:
    case AS_REASON_HIDDEN:   /* stays the server's own 404 */
    case AS_REASON_ERROR:    /* stays the server's own 500 */
        return 0;
    default:
        return 1;
    }
}

static const apr_array_header_t *scheme_names(apr_pool_t *p,
                                              const as_dir_conf *d)
{
    const apr_array_header_t *a = as_dir_schemes(d);
    apr_array_header_t *names = apr_array_make(p, a->nelts,
                                               sizeof(const char *));
    int i;

    for (i = 0; i < a->nelts; i++) {
        APR_ARRAY_PUSH(names, const char *) =
            as_scheme_name(APR_ARRAY_IDX(a, i, as_scheme_e));
    }
    return names;
}

void as_client_insert_error_filter(request_rec *r)
{
    const as_req_t *rq = ap_get_module_config(r->request_config,
                                              &authstatus_module);
    const as_dir_conf *d;
    const char *text = NULL;
    int mode, json;

    d = as_dir_conf_of(r);
    if (rq == NULL || rq->reason == AS_REASON_NONE) {
        /* decided in a sub-request whose answer this request passes on */
        const as_req_t *sub = as_req_of_subrequest(r);

        rq = sub ? sub : rq;
    }
    if ((rq && rq->reason != AS_REASON_NONE) || as_dir_hide(d) != AS_HIDE_OFF) {
        /* every error answer where we decide, hidden 404s and the
         * location's genuine 404s alike, so that they stay the same */
        ap_add_output_filter(AS_FLUSH_FILTER, NULL, r, r->connection);
    }
    if (rq == NULL || !is_refusal(rq->reason)
        || !as_body_status_is_ours(r->status)) {
        return;
    }
    /* An ErrorDocument (or another module's ap_custom_response) for this
     * status wins: ap_send_error_response will use it. */
    if (ap_response_code_string(r, ap_index_of_response(r->status))) {
        return;
    }
    mode = as_client_body(d);
    if (mode == AS_BODY_AUTO) {
        json = as_accept_prefers_json(apr_table_get(r->headers_in,
                                                    "Accept"));
        /* the body depends on Accept (RFC 9110 §12.5.5) */
        add_vary(r, "Accept");
    }
    else {
        json = (mode == AS_BODY_PROBLEM);
    }
    if (json) {
        text = as_body_problem(r->pool, r->status, rq->reason,
                               r->status == HTTP_UNAUTHORIZED
                               ? scheme_names(r->pool, d) : NULL);
    }
    if (text) {
        /* ap_send_error_response() sets text/html after this hook: the
         * filter puts the problem media type back as the response goes */
        ap_add_output_filter(AS_PROBLEM_FILTER, (void *)AS_PROBLEM_TYPE, r,
                             r->connection);
    }
    else {
        /* ... and says iso-8859-1, which our pages are not written in */
        text = as_body_html(r->pool, r->status, rq->reason);
        ap_add_output_filter(AS_PROBLEM_FILTER, (void *)AS_HTML_TYPE, r,
                             r->connection);
    }
    /* Both bodies start with '<' or '{', neither a URL nor a local path,
     * so ap_custom_response() keeps them as text; HEAD never reaches the
     * body, but keeps the headers. */
    ap_custom_response(r, r->status, text);
}

/* A refusal is small and in memory, so the core output filter would keep
 * it until the request is over and write it only in the MPM's write
 * completion, after httpd has looked for the client's next request and,
 * finding none yet, handed the keep-alive connection back to the event
 * MPM's listener: a wake-up of another thread for every refusal, which cost
 * more than the refusal itself (a served file is written at once, because
 * the core does not keep file buckets back). A FLUSH right after EOS
 * writes the refusal as the request ends, as a served file is. */
apr_status_t as_client_flush_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    apr_bucket *e;

    for (e = APR_BRIGADE_FIRST(bb); e != APR_BRIGADE_SENTINEL(bb);
         e = APR_BUCKET_NEXT(e)) {
        if (APR_BUCKET_IS_EOS(e)) {
            APR_BUCKET_INSERT_AFTER(e,
                                    apr_bucket_flush_create(f->c->bucket_alloc));
            ap_remove_output_filter(f);
            break;
        }
    }
    return ap_pass_brigade(f->next, bb);
}

apr_status_t as_client_problem_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r;

    /* the media type this refusal's body was written as */
    ap_set_content_type(r, f->ctx ? (const char *)f->ctx : AS_PROBLEM_TYPE);
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

/* ------------------------------------------------------ login redirect */

/* A browser navigation: Sec-Fetch-Mode says so; without any Sec-Fetch-*
 * field (older browsers, plain HTTP), an Accept that names text/html and
 * no X-Requested-With (script libraries send it). */
static int is_navigation(request_rec *r)
{
    return as_accept_is_navigation(
        apr_table_get(r->headers_in, "Sec-Fetch-Mode"),
        apr_table_get(r->headers_in, "Sec-Fetch-Dest") != NULL
        || apr_table_get(r->headers_in, "Sec-Fetch-Site") != NULL
        || apr_table_get(r->headers_in, "Sec-Fetch-User") != NULL,
        apr_table_get(r->headers_in, "X-Requested-With") != NULL,
        apr_table_get(r->headers_in, "Accept"));
}

int as_client_may_prompt(request_rec *r, const as_dir_conf *d)
{
    const char *mode;

    if (!as_client_prompt_navigation(d)) {
        return 1;
    }
    /* the challenge depends on these fields */
    add_vary(r, "Sec-Fetch-Mode");
    add_vary(r, "X-Requested-With");
    mode = apr_table_get(r->headers_in, "Sec-Fetch-Mode");
    if (mode) {
        return !strcasecmp(mode, "navigate");
    }
    return apr_table_get(r->headers_in, "Sec-Fetch-Dest") == NULL
           && apr_table_get(r->headers_in, "Sec-Fetch-Site") == NULL
           && apr_table_get(r->headers_in, "Sec-Fetch-User") == NULL
           && apr_table_get(r->headers_in, "X-Requested-With") == NULL;
}

const char *as_client_login_challenge(request_rec *r, const as_dir_conf *d)
{
    const ap_expr_info_t *login = as_client_login_url(d);
    const char *url = NULL, *err = NULL;
    as_param_t p[2];

    if (login) {
        url = ap_expr_str_exec(r, login, &err);
        if (err || (url && !*url)) {
            url = NULL;
        }
    }
    /* a scheme no browser prompts for; it names the login page */
    p[0].name = "realm";
    p[0].value = as_realm(r) ? as_realm(r) : "";
    p[1].name = "login";
    p[1].value = url;
    return as_challenge_build(r->pool, "AuthStatus-Login", p, 2);
}

int as_client_login_redirect(request_rec *r, const as_dir_conf *d)
{
    const char *url, *err = NULL;
    const ap_expr_info_t *login = as_client_login_url(d);

    if (login == NULL || r->proxyreq == PROXYREQ_PROXY) {
        return 0;
    }
    /* 303 or 401 depends on these fields: caches must key on them */
    add_vary(r, "Accept");
    add_vary(r, "Sec-Fetch-Mode");
    add_vary(r, "X-Requested-With");
    if (!is_navigation(r)) {
        return 0;
    }
    url = ap_expr_str_exec(r, login, &err);
    if (err || url == NULL || *url == '\0') {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "AS06001: AuthStatusLoginRedirect gave no URL (%s); "
                      "answering 401 for %s", err ? err : "empty result",
                      r->uri);
        return 0;
    }
    if (as_client_login_param(d)) {
        /* the whole original target, path and query, as one value */
        /* as the client sent it (r->uri is decoded); an absolute-form
         * target loses its scheme and host */
        const char *t = r->unparsed_uri ? r->unparsed_uri : "/";
        const char *hs = strstr(t, "://");

        if (*t != '/' && hs) {
            t = strchr(hs + 3, '/') ? strchr(hs + 3, '/') : "/";
        }
        url = as_login_url_with_target(r->pool, url,
                                       as_client_login_param(d), t);
    }
    apr_table_setn(r->err_headers_out, "Location", url);
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  "AS06002: browser navigation without credentials to %s: "
                  "redirecting to the login page", r->uri);
    return HTTP_SEE_OTHER;
}

/* ----------------------------------------------------------- preflight */

int as_client_is_preflight(request_rec *r, const as_dir_conf *d)
{
    if (as_client_preflight(d) == AS_PREFLIGHT_AUTHENTICATE
        || r->method_number != M_OPTIONS
        || apr_table_get(r->headers_in, "Origin") == NULL
        || apr_table_get(r->headers_in,
                         "Access-Control-Request-Method") == NULL
        || apr_table_get(r->headers_in, as_auth_header_in(r)) != NULL) {
        return 0;
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "AS06003: CORS preflight for %s passes without "
                  "authentication", r->uri);
    return 1;
}
