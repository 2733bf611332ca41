/* Licensed under the Apache License, Version 2.0. */
/* AuthStatusThrottle: the request side. The counters and their arithmetic
 * are in as_throttle_math.c, the store in as_store.c.
 *
 * Counters are per store, not per location: every location and virtual
 * host that uses the same AuthStatusStore shares them, so a client
 * guessing passwords at /a and /b is one client, and servers sharing a
 * memcached or redis count together. Each location applies its own count
 * and window to them. */

#include <httpd.h>
#include <http_config.h>
#include <http_log.h>
#include <http_protocol.h>
#include <apr_strings.h>

#include "as_config.h"
#include "as_metrics.h"
#include "as_request.h"
#include "as_confval.h"
#include "as_store.h"
#include "as_throttle.h"
#include "as_throttle_math.h"

#define COUNTED_NOTE "authstatus-throttle-counted"

/* The store, or NULL: then throttling is off for this request. */
static as_store_t *throttle_store(request_rec *r, const as_dir_conf *d,
                                  int *count, int *seconds)
{
    static apr_time_t last_warn;
    as_store_t *st;
    apr_time_t now;

    if (!as_throttle_limit(d, count, seconds)) {
        return NULL;
    }
    st = as_store_get_for(r->server, AS_STORE_COUNTERS);
    if (st == NULL) {
        /* only .htaccess files use AuthStatusThrottle: post_config saw no
         * need for a store */
        now = apr_time_now();
        if (!last_warn || now - last_warn >= apr_time_from_sec(60)) {
            last_warn = now;
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                          "AS07020: AuthStatusThrottle is set for %s but the "
                          "server has no store for the counters: set "
                          "AuthStatusStore in the server "
                          "configuration (throttling is off)", r->uri);
        }
    }
    return st;
}

/* The counter's id: the claimed user name as counted (case-folded and
 * trimmed), or else the client address (an IPv6 one by its prefix). */
static void throttle_id(request_rec *r, const char *user,
                        unsigned char id[AS_THROTTLE_KEY_LEN])
{
    const char *v = user ? as_throttle_user_norm(r->pool, user)
                         : as_throttle_addr_norm(r->pool, r->useragent_ip,
                                                 as_throttle_ipv6_prefix(
                                                     as_dir_conf_of(r)));

    as_throttle_key(id, user ? AS_THROTTLE_KEY_USER : AS_THROTTLE_KEY_ADDRESS,
                    v, strlen(v));
}

/* Answer for a locked key: Retry-After and one warning; returns 1. */
static int locked(request_rec *r, const as_dir_conf *d, const char *user,
                  const as_throttle_entry_t *e, int count, int seconds,
                  long wait)
{
    as_metrics_inc(AS_M_THROTTLE_LOCKOUT);
    /* a hidden location answers 404, which must not tell when to retry */
    if (as_dir_hide(d) != AS_HIDE_ALWAYS) {
        apr_table_setn(r->err_headers_out, "Retry-After",
                       apr_ltoa(r->pool, wait));
    }
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                  "AS07021: throttled client %s: %s '%s' reached %u failed "
                  "attempts (limit %d in %d s); retry after %ld s, for %s",
                  r->useragent_ip, user ? "user" : "address",
                  user ? as_log_user(r, user) : r->useragent_ip,
                  (unsigned)e->count, count, seconds, wait, r->uri);
    return 1;
}

int as_throttle_check(request_rec *r, const as_dir_conf *d, const char *user)
{
    int count, seconds;
    as_store_t *st = throttle_store(r, d, &count, &seconds);
    unsigned char id[AS_THROTTLE_KEY_LEN], val[AS_THROTTLE_ENTRY_LEN];
    unsigned int len = sizeof(val);
    as_throttle_entry_t e;
    long wait;

    if (st == NULL) {
        return 0;
    }
    throttle_id(r, user, id);
    /* not found, or the store failed (it warned): not locked */
    if (as_store_fetch(st, r->server, id, sizeof(id), val, &len, r->pool)
            != APR_SUCCESS
        || as_throttle_decode(val, len, &e)) {
        return 0;
    }
    wait = as_throttle_wait(&e, apr_time_now(), count, seconds);
    if (wait == 0) {
        return 0;
    }
    /* Written again as it is: stores drop their oldest entries first when
     * full, so a locked counter that every refused attempt rewrites stays
     * among the youngest, and a flood of new counters between two guesses
     * would have to fill the whole store to push it out. */
    (void)as_store_put(st, r->server, id, sizeof(id),
                       e.start + apr_time_from_sec(seconds)
                       + apr_time_from_sec(1), val, len, r->pool);
    return locked(r, d, user, &e, count, seconds, wait);
}

typedef struct {
    apr_time_t now;
    int seconds;
    int give_back;              /* undo one attempt instead of counting */
    as_throttle_entry_t after;  /* the counter after this update */
} record_baton;

static apr_status_t record(void *baton, unsigned char *val,
                           unsigned int *vallen, unsigned int cap,
                           apr_time_t *expiry)
{
    record_baton *b = baton;
    as_throttle_entry_t e;

    if (cap < AS_THROTTLE_ENTRY_LEN) {
        return APR_ENOSPC;
    }
    /* anything else under our id (an older format) starts afresh */
    (void)as_throttle_decode(val, *vallen, &e);
    if (b->give_back) {
        /* the attempt counted before its check succeeded */
        if (e.count == 0
            || b->now >= e.start + apr_time_from_sec(b->seconds)) {
            return APR_NOTFOUND;        /* nothing to give back */
        }
        e.count--;
        *expiry = e.start + apr_time_from_sec(b->seconds)
                  + apr_time_from_sec(1);
    }
    else {
        *expiry = as_throttle_record(&e, b->now, b->seconds);
    }
    as_throttle_encode(&e, val);
    *vallen = AS_THROTTLE_ENTRY_LEN;
    b->after = e;
    return APR_SUCCESS;
}

/* Count (or give back) one attempt for the address (user NULL) or the
 * user; the counter after it in *after. APR_SUCCESS when the store took
 * it. */
static apr_status_t count_one(request_rec *r, as_store_t *st, int count,
                              int seconds, const char *user, int give_back,
                              as_throttle_entry_t *after)
{
    unsigned char id[AS_THROTTLE_KEY_LEN];
    apr_status_t rv;
    record_baton b;

    memset(&b, 0, sizeof(b));
    b.now = apr_time_now();
    b.seconds = seconds;
    b.give_back = give_back;
    throttle_id(r, user, id);
    rv = as_store_update(st, r->server, id, sizeof(id), record, &b, r->pool);
    if (rv == APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "AS07022: %s attempt %u of %d for %s '%s'",
                      give_back ? "gave back an" : "failed",
                      (unsigned)b.after.count, count,
                      user ? "user" : "address",
                      user ? as_log_user(r, user) : r->useragent_ip);
        if (after) {
            *after = b.after;
        }
    }
    return rv;
}

/* The request this attempt belongs to: an internal redirect or sub-request
 * that fails again is the same attempt. */
static request_rec *top_of(request_rec *r)
{
    while (r->main || r->prev) {
        r = r->main ? r->main : r->prev;
    }
    return r;
}

int as_throttle_reserve(request_rec *r, const as_dir_conf *d,
                        const char *user)
{
    int count, seconds, i;
    as_store_t *st = throttle_store(r, d, &count, &seconds);
    request_rec *top = top_of(r);
    as_throttle_entry_t after;

    if (st == NULL || apr_table_get(top->notes, COUNTED_NOTE)) {
        return 0;
    }
    apr_table_setn(top->notes, COUNTED_NOTE, "reserved");
    /* the user first: a guess at a locked user from a new address is
     * refused before that address is counted */
    for (i = 0; i < 2; i++) {
        const char *who = i ? NULL : user;
        long wait;

        if (i == 0 && !(user && *user)) {
            continue;       /* no user name to count */
        }
        /* counted under the store's lock: of many concurrent attempts,
         * only the first `count` find themselves within the limit */
        if (count_one(r, st, count, seconds, who, 0, &after) != APR_SUCCESS) {
            continue;   /* the store failed (it warned): fail open */
        }
        if (after.count > (apr_uint32_t)count) {
            wait = as_throttle_wait(&after, apr_time_now(), count, seconds);
            return locked(r, d, who, &after, count, seconds,
                          wait ? wait : 1);
        }
    }
    return 0;
}

void as_throttle_release(request_rec *r, const as_dir_conf *d,
                         const char *user)
{
    int count, seconds;
    as_store_t *st = throttle_store(r, d, &count, &seconds);
    const char *note = apr_table_get(top_of(r)->notes, COUNTED_NOTE);

    if (st == NULL || note == NULL || strcmp(note, "reserved")) {
        return;
    }
    (void)count_one(r, st, count, seconds, NULL, 1, NULL);
    if (user && *user) {
        (void)count_one(r, st, count, seconds, user, 1, NULL);
    }
}

void as_throttle_failed(request_rec *r, const as_dir_conf *d,
                        const char *user)
{
    int count, seconds;
    as_store_t *st = throttle_store(r, d, &count, &seconds);
    request_rec *top = top_of(r);

    /* once per request, and not again after as_throttle_reserve */
    if (st == NULL || apr_table_get(top->notes, COUNTED_NOTE)) {
        return;
    }
    apr_table_setn(top->notes, COUNTED_NOTE, "1");
    (void)count_one(r, st, count, seconds, NULL, 0, NULL);
    if (user && *user) {
        (void)count_one(r, st, count, seconds, user, 0, NULL);
    }
}
