/* Licensed under the Apache License, Version 2.0. */
/* The shared counters, their handler and mod_status's view (see
 * include/as_metrics.h). */

#include <string.h>
#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_protocol.h>
#include <http_request.h>
#include <apr_atomic.h>
#include <apr_shm.h>
#include <apr_strings.h>
#include <mod_status.h>

#include "as_config.h"
#include "as_request.h"
#include "as_metrics.h"

#define AS_METRICS_HANDLER "authstatus-metrics"
#define SHM_KEY "authstatus-metrics-shm"

/* The segment: the snapshot's layout, written with atomic additions. */
static as_metrics_t *seg;

void as_metrics_inc(as_metric_e which)
{
    if (seg && (unsigned)which < AS_M_COUNT) {
        apr_atomic_inc64(&seg->counters[which]);
    }
}

void as_metrics_verify_time(apr_interval_time_t usec)
{
    if (seg == NULL) {
        return;
    }
    if (usec < 0) {
        usec = 0;
    }
    apr_atomic_inc64(&seg->verify_buckets[as_metrics_bucket_index(usec)]);
    apr_atomic_inc64(&seg->verify_count);
    apr_atomic_add64(&seg->verify_usec_sum, (apr_uint64_t)usec);
}

static void snapshot(as_metrics_t *m)
{
    apr_uint64_t *src = (apr_uint64_t *)seg, *dst = (apr_uint64_t *)m;
    apr_size_t i, n = sizeof(*m) / sizeof(apr_uint64_t);

    for (i = 0; i < n; i++) {
        dst[i] = apr_atomic_read64(&src[i]);
    }
}

static int scheme_index(const char *name)
{
    if (name == NULL) {
        return 0;
    }
    if (!strcasecmp(name, "Basic")) {
        return 1;
    }
    if (!strcasecmp(name, "Bearer")) {
        return 2;
    }
    if (!strcasecmp(name, "DPoP")) {
        return 3;
    }
    return 0;
}

/* Once per main request, after it was answered: its decision, under its
 * final status. */
static int metrics_log(request_rec *r)
{
    const as_req_t *rq;
    request_rec *last = r;
    int s;

    if (seg == NULL || r->main) {
        return DECLINED;
    }
    rq = ap_get_module_config(r->request_config, &authstatus_module);
    if (rq == NULL || rq->reason == AS_REASON_NONE) {
        return DECLINED;
    }
    while (last->next) {
        last = last->next;
    }
    s = as_metrics_status_index(last->status);
    apr_atomic_inc64(&seg->decisions[s][rq->reason]
                                    [scheme_index(rq->attempt_scheme)]);
    return DECLINED;
}

static int metrics_handler(request_rec *r)
{
    as_metrics_t m;
    const char *text;

    if (!r->handler || strcmp(r->handler, AS_METRICS_HANDLER)) {
        return DECLINED;
    }
    r->allowed = (AP_METHOD_BIT << M_GET);
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    if (seg) {
        snapshot(&m);
    }
    else {
        memset(&m, 0, sizeof(m));
    }
    text = as_metrics_text(r->pool, &m);
    ap_set_content_type(r, "text/plain; version=0.0.4; charset=utf-8");
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    ap_set_content_length(r, (apr_off_t)strlen(text));
    if (!r->header_only) {
        ap_rputs(text, r);
    }
    return OK;
}

static int metrics_status(request_rec *r, int flags)
{
    as_metrics_t m;
    const char *lines;

    if (seg == NULL) {
        return OK;
    }
    snapshot(&m);
    lines = as_metrics_status_lines(r->pool, &m);
    if (flags & AP_STATUS_SHORT) {
        ap_rputs(lines, r);
    }
    else {
        ap_rputs("<hr /><h2>mod_authstatus decisions</h2>\n<pre>", r);
        ap_rputs(ap_escape_html(r->pool, lines), r);
        ap_rputs("</pre>\n", r);
    }
    return OK;
}

/* One segment for the life of the server process tree: made in the
 * process pool the first time, found there again after a restart. */
static int metrics_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp, server_rec *s)
{
    apr_pool_t *pp = s->process->pool;
    apr_shm_t *shm = NULL;
    apr_status_t rv;
    (void)pconf; (void)plog; (void)ptemp;

    apr_pool_userdata_get((void **)&shm, SHM_KEY, pp);
    if (shm == NULL) {
        rv = apr_shm_create(&shm, sizeof(as_metrics_t), NULL, pp);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s,
                         "AS12001: no shared memory for the metrics: "
                         "authstatus-metrics reports zeros");
            seg = NULL;
            return OK;
        }
        memset(apr_shm_baseaddr_get(shm), 0, sizeof(as_metrics_t));
        apr_pool_userdata_set(shm, SHM_KEY, apr_pool_cleanup_null, pp);
    }
    seg = apr_shm_baseaddr_get(shm);
    return OK;
}

void as_metrics_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_post_config(metrics_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_log_transaction(metrics_log, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(metrics_handler, NULL, NULL, APR_HOOK_MIDDLE);
    APR_OPTIONAL_HOOK(ap, status_hook, metrics_status, NULL, NULL,
                      APR_HOOK_MIDDLE);
}
