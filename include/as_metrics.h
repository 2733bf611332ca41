/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_metrics.h
 * Counters of every decision and of what led to it, for Prometheus
 * (SetHandler authstatus-metrics) and mod_status (modules/as_metrics.c).
 * The counters live in one anonymous shared memory segment of a fixed
 * size, made once per server process tree (in the process pool, so a
 * graceful restart keeps them) and summed over every child by atomic
 * additions: no lock, no allocation per request. Every label is from a
 * bounded set (status, reason, scheme, result): never a user, a path or a
 * token. The text format is built by pure code (as_metrics_text).
 */
#ifndef AS_METRICS_H
#define AS_METRICS_H

#include <apr_pools.h>
#include <apr_time.h>

#include "as_decide.h"

/** Statuses counted by their own label; anything else is "other". */
#define AS_METRICS_STATUSES { 200, 303, 400, 401, 403, 404, 407, 429, 500, 503 }
#define AS_METRICS_N_STATUS 11          /* the list and "other" */
#define AS_METRICS_N_SCHEME 4           /* none, basic, bearer, dpop */

/** Plain counters. */
typedef enum {
    AS_M_FETCH_OK = 0,          /* key set fetches that succeeded */
    AS_M_FETCH_ERROR,           /* ... that failed */
    AS_M_CACHE_HIT,             /* AuthStatusCache */
    AS_M_CACHE_MISS,
    AS_M_INTROSPECT_HIT,        /* introspection results from the cache */
    AS_M_INTROSPECT_MISS,       /* ... asked of the endpoint */
    AS_M_INTROSPECT_ERROR,      /* ... endpoint down or garbage */
    AS_M_DPOP_REPLAY,           /* DPoP proofs used twice */
    AS_M_THROTTLE_LOCKOUT,      /* requests refused because of a lock */
    AS_M_COUNT
} as_metric_e;

/** Upper bounds of the verification time histogram, in microseconds. */
#define AS_METRICS_BUCKETS { 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000 }
#define AS_METRICS_N_BUCKET 12          /* the list and +Inf */

/** A snapshot of every counter (plain numbers, read once). */
typedef struct {
    apr_uint64_t decisions[AS_METRICS_N_STATUS][AS_REASON_COUNT]
                          [AS_METRICS_N_SCHEME];
    apr_uint64_t counters[AS_M_COUNT];
    apr_uint64_t verify_buckets[AS_METRICS_N_BUCKET]; /* not cumulative */
    apr_uint64_t verify_count;
    apr_uint64_t verify_usec_sum;
} as_metrics_t;

/** Index of a status in AS_METRICS_STATUSES, or the "other" index. */
int as_metrics_status_index(int status);

/** Index of a bucket for a duration. */
int as_metrics_bucket_index(apr_interval_time_t usec);

/** The Prometheus text exposition (format 0.0.4) of m. */
const char *as_metrics_text(apr_pool_t *p, const as_metrics_t *m);

/** The same counts as mod_status's "key: value" lines (?auto). */
const char *as_metrics_status_lines(apr_pool_t *p, const as_metrics_t *m);

/* modules/as_metrics.c (httpd side) */
/** Count one (the shared counters; nothing when there are none). */
void as_metrics_inc(as_metric_e which);
/** Count time spent verifying credentials. */
void as_metrics_verify_time(apr_interval_time_t usec);
/** Hooks: the segment, the handler, the decision count at the end of
 * every request, mod_status. */
void as_metrics_register_hooks(apr_pool_t *p);

#endif
