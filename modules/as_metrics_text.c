/* Licensed under the Apache License, Version 2.0. */
/* The text of the metrics (see include/as_metrics.h), pure. */

#include <string.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "as_metrics.h"

static const int statuses[] = AS_METRICS_STATUSES;
static const apr_interval_time_t buckets[] = AS_METRICS_BUCKETS;
/* the bounds in seconds, as Prometheus writes them (APR's %g drops the
 * leading zero) */
static const char *const bucket_le[AS_METRICS_N_BUCKET - 1] = {
    "0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01",
    "0.025", "0.05", "0.1", "0.25"
};
static const char *const schemes[AS_METRICS_N_SCHEME] = {
    "none", "basic", "bearer", "dpop"
};

int as_metrics_status_index(int status)
{
    int i;

    for (i = 0; i < (int)(sizeof(statuses) / sizeof(statuses[0])); i++) {
        if (statuses[i] == status) {
            return i;
        }
    }
    return AS_METRICS_N_STATUS - 1;
}

int as_metrics_bucket_index(apr_interval_time_t usec)
{
    int i;

    for (i = 0; i < AS_METRICS_N_BUCKET - 1; i++) {
        if (usec <= buckets[i]) {
            return i;
        }
    }
    return AS_METRICS_N_BUCKET - 1;
}

static const char *status_label(apr_pool_t *p, int i)
{
    return i < AS_METRICS_N_STATUS - 1 ? apr_itoa(p, statuses[i]) : "other";
}

static void add(apr_pool_t *p, apr_array_header_t *out, const char *s)
{
    APR_ARRAY_PUSH(out, const char *) = apr_pstrdup(p, s);
}

static void counter(apr_pool_t *p, apr_array_header_t *out,
                    const char *name, const char *help, const char *labels,
                    apr_uint64_t v, int header)
{
    if (header) {
        add(p, out, apr_psprintf(p, "# HELP %s %s\n# TYPE %s counter\n",
                                 name, help, name));
    }
    add(p, out, apr_psprintf(p, "%s%s %" APR_UINT64_T_FMT "\n", name,
                             labels ? labels : "", v));
}

const char *as_metrics_text(apr_pool_t *p, const as_metrics_t *m)
{
    apr_array_header_t *out = apr_array_make(p, 64, sizeof(const char *));
    apr_uint64_t cum = 0;
    int s, r, c, i;

    add(p, out, "# HELP authstatus_decisions_total Decisions of "
        "mod_authstatus by final status, reason (AUTHSTATUS_REASON) and the "
        "scheme of the credentials\n# TYPE authstatus_decisions_total "
        "counter\n");
    for (s = 0; s < AS_METRICS_N_STATUS; s++) {
        for (r = AS_REASON_OK; r < AS_REASON_COUNT; r++) {
            for (c = 0; c < AS_METRICS_N_SCHEME; c++) {
                if (m->decisions[s][r][c] == 0) {
                    continue;   /* series appear when first counted */
                }
                add(p, out, apr_psprintf(
                    p, "authstatus_decisions_total{status=\"%s\",reason=\"%s\","
                    "scheme=\"%s\"} %" APR_UINT64_T_FMT "\n",
                    status_label(p, s), as_reason_name((as_reason_e)r),
                    schemes[c], m->decisions[s][r][c]));
            }
        }
    }
    counter(p, out, "authstatus_key_fetches_total", "Key set fetches from "
            "identity providers by result", "{result=\"ok\"}",
            m->counters[AS_M_FETCH_OK], 1);
    counter(p, out, "authstatus_key_fetches_total", NULL,
            "{result=\"error\"}", m->counters[AS_M_FETCH_ERROR], 0);
    counter(p, out, "authstatus_cache_lookups_total", "AuthStatusCache and "
            "introspection cache lookups by result",
            "{cache=\"credentials\",result=\"hit\"}",
            m->counters[AS_M_CACHE_HIT], 1);
    counter(p, out, "authstatus_cache_lookups_total", NULL,
            "{cache=\"credentials\",result=\"miss\"}",
            m->counters[AS_M_CACHE_MISS], 0);
    counter(p, out, "authstatus_cache_lookups_total", NULL,
            "{cache=\"introspection\",result=\"hit\"}",
            m->counters[AS_M_INTROSPECT_HIT], 0);
    counter(p, out, "authstatus_cache_lookups_total", NULL,
            "{cache=\"introspection\",result=\"miss\"}",
            m->counters[AS_M_INTROSPECT_MISS], 0);
    counter(p, out, "authstatus_introspection_errors_total", "Introspection "
            "requests the endpoint did not answer usefully", NULL,
            m->counters[AS_M_INTROSPECT_ERROR], 1);
    counter(p, out, "authstatus_dpop_replays_total", "DPoP proofs refused "
            "because their jti was used before", NULL,
            m->counters[AS_M_DPOP_REPLAY], 1);
    counter(p, out, "authstatus_throttle_lockouts_total", "Requests refused "
            "with 429 because an address or a user is locked out", NULL,
            m->counters[AS_M_THROTTLE_LOCKOUT], 1);
    add(p, out, "# HELP authstatus_verify_seconds Time spent verifying "
        "credentials (password providers, token signatures, introspection)"
        "\n# TYPE authstatus_verify_seconds histogram\n");
    for (i = 0; i < AS_METRICS_N_BUCKET; i++) {
        cum += m->verify_buckets[i];
        add(p, out, apr_psprintf(
            p, "authstatus_verify_seconds_bucket{le=\"%s\"} %"
            APR_UINT64_T_FMT "\n", i < AS_METRICS_N_BUCKET - 1
            ? bucket_le[i] : "+Inf", cum));
    }
    add(p, out, apr_psprintf(p, "authstatus_verify_seconds_sum %.6f\n"
                             "authstatus_verify_seconds_count %"
                             APR_UINT64_T_FMT "\n",
                             (double)m->verify_usec_sum / 1e6,
                             m->verify_count));
    return apr_array_pstrcat(p, out, 0);
}

const char *as_metrics_status_lines(apr_pool_t *p, const as_metrics_t *m)
{
    apr_array_header_t *out = apr_array_make(p, 32, sizeof(const char *));
    apr_uint64_t by_reason[AS_REASON_COUNT];
    int s, r, c;

    memset(by_reason, 0, sizeof(by_reason));
    for (s = 0; s < AS_METRICS_N_STATUS; s++) {
        for (r = 0; r < AS_REASON_COUNT; r++) {
            for (c = 0; c < AS_METRICS_N_SCHEME; c++) {
                by_reason[r] += m->decisions[s][r][c];
            }
        }
    }
    for (r = AS_REASON_OK; r < AS_REASON_COUNT; r++) {
        add(p, out, apr_psprintf(p, "AuthStatus-%s: %" APR_UINT64_T_FMT "\n",
                                 as_reason_name((as_reason_e)r),
                                 by_reason[r]));
    }
    add(p, out, apr_psprintf(p, "AuthStatus-key-fetches-ok: %" APR_UINT64_T_FMT
                             "\nAuthStatus-key-fetches-error: %"
                             APR_UINT64_T_FMT "\nAuthStatus-cache-hits: %"
                             APR_UINT64_T_FMT "\nAuthStatus-cache-misses: %"
                             APR_UINT64_T_FMT "\nAuthStatus-dpop-replays: %"
                             APR_UINT64_T_FMT "\n",
                             m->counters[AS_M_FETCH_OK],
                             m->counters[AS_M_FETCH_ERROR],
                             m->counters[AS_M_CACHE_HIT],
                             m->counters[AS_M_CACHE_MISS],
                             m->counters[AS_M_DPOP_REPLAY]));
    return apr_array_pstrcat(p, out, 0);
}
