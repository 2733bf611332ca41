/* Licensed under the Apache License, Version 2.0.
 * Test-only module: exercises the optional functions of mod_authstatus.h
 * the way another module would. Acts only on URIs under /probe.
 *  - X-Probe-Refuse: <reason>  -> returns authstatus_refuse(r, reason) from
 *    an access_checker hook;
 *  - every response under /probe gets X-Probe-Reason: <authstatus_reason()>;
 *  - any error response to a request with X-Probe-Order: 1 gets a
 *    connection-level filter that logs (at notice, "as_probe order: …") the
 *    buckets it saw until the request's end: D data, S EOS, F FLUSH,
 *    E end of request, | between brigades (t/flush.t).
 */
#include <httpd.h>
#include <http_config.h>
#include <http_request.h>
#include <http_protocol.h>
#include <apr_optional.h>
#include <apr_strings.h>
#include <http_log.h>

#include "mod_authstatus.h"

static APR_OPTIONAL_FN_TYPE(authstatus_reason) *reason_fn;
static APR_OPTIONAL_FN_TYPE(authstatus_refuse) *refuse_fn;

static void retrieve(void)
{
    reason_fn = APR_RETRIEVE_OPTIONAL_FN(authstatus_reason);
    refuse_fn = APR_RETRIEVE_OPTIONAL_FN(authstatus_refuse);
}

static int ours(request_rec *r)
{
    return r->main == NULL && r->uri && !strncmp(r->uri, "/probe", 6);
}

static int probe_access(request_rec *r)
{
    const char *want = apr_table_get(r->headers_in, "X-Probe-Refuse");
    if (!ours(r) || want == NULL || refuse_fn == NULL) {
        return DECLINED;
    }
    return refuse_fn(r, want);
}

#define ORDER_FILTER "AS_PROBE_ORDER"

static apr_status_t order_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    char *seq = f->ctx ? f->ctx : "";
    apr_bucket *e;
    int end = 0;

    for (e = APR_BRIGADE_FIRST(bb); e != APR_BRIGADE_SENTINEL(bb);
         e = APR_BUCKET_NEXT(e)) {
        const char *t = APR_BUCKET_IS_EOS(e) ? "S"
                        : APR_BUCKET_IS_FLUSH(e) ? "F"
                        : AP_BUCKET_IS_EOR(e) ? "E"
                        : APR_BUCKET_IS_METADATA(e) ? "M" : "D";
        seq = apr_pstrcat(f->c->pool, seq, *seq ? " " : "", t, NULL);
        end |= AP_BUCKET_IS_EOR(e);
    }
    seq = apr_pstrcat(f->c->pool, seq, " |", NULL);
    f->ctx = seq;
    if (end) {
        ap_log_cerror(APLOG_MARK, APLOG_NOTICE, 0, f->c, "as_probe order: %s",
                      seq);
        ap_remove_output_filter(f);
    }
    return ap_pass_brigade(f->next, bb);
}

static void reason_header(request_rec *r)
{
    if (ours(r) && reason_fn) {
        const char *why = reason_fn(r);
        apr_table_setn(r->err_headers_out, "X-Probe-Reason",
                       why ? why : "(none)");
    }
}

static void probe_insert_error(request_rec *r)
{
    if (r->main == NULL && apr_table_get(r->headers_in, "X-Probe-Order")) {
        ap_add_output_filter(ORDER_FILTER, NULL, r, r->connection);
    }
    reason_header(r);
}

static int probe_fixups(request_rec *r)
{
    reason_header(r);
    return DECLINED;
}

static void register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_optional_fn_retrieve(retrieve, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_check_access(probe_access, NULL, NULL, APR_HOOK_MIDDLE,
                         AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_fixups(probe_fixups, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_insert_error_filter(probe_insert_error, NULL, NULL,
                                APR_HOOK_MIDDLE);
    ap_register_output_filter(ORDER_FILTER, order_filter, NULL,
                              AP_FTYPE_CONNECTION);
}

AP_DECLARE_MODULE(as_probe) = {
    STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, register_hooks
};
