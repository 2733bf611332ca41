/* Licensed under the Apache License, Version 2.0. */
/* Key sets fetched from identity providers (see include/as_remote.h).
 *
 * Per child process: a registry of remote sources (one per jwks_uri, or
 * per issuer for "discover", and per option set), made on first use and
 * kept for the life of the process; a thread that keeps them fresh; and
 * the request-side callback that refetches on an unknown kid.
 *
 * Across processes, the store holds, per source, the newest set fetched
 * by any child with its fetch time (part "keys", which only fetches
 * write), and a claim record that makes one child fetch while the others
 * wait for its result (part "replay", with the other short-lived marks):
 * one fetch per miss= seconds per source for unknown kids, one per
 * refresh cycle. */

#include <string.h>
#include <unistd.h>
#include <httpd.h>
#include <http_config.h>
#include <http_log.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_hash.h>
#include <apr_thread_proc.h>
#include <apr_thread_mutex.h>
#include <apr_thread_cond.h>
#include <openssl/evp.h>

#include "as_config.h"
#include "as_remote.h"
#include "as_http.h"
#include "as_store.h"
#include "as_metrics.h"

#if !APR_HAS_THREADS
#error "mod_authstatus needs APR with threads (key sets are refreshed by a thread of each child)"
#endif

#define MAGIC "ASK1"
#define HDR_LEN (4 + 8 + 4 + 2 + 2)
#define URL_MAX 2048
/* how often a child looks in the store for a set another child fetched */
#define POLL_STORE (2 * APR_USEC_PER_SEC)
/* a fetched set stays in the store this long (outages) */
#define STORE_KEEP (7 * 86400 * APR_USEC_PER_SEC)
#define WARN_EVERY (60 * APR_USEC_PER_SEC)
/* a source that failed is tried again after this long (or miss=, when
 * shorter), by the refresh thread: not driven by traffic */
#define RETRY_FAILED 5

typedef struct {
    const char *key;            /* registry key */
    const char *url;            /* configured jwks_uri, or NULL (discover) */
    const char *issuer;         /* discover: the issuer */
    const char *name;           /* for messages */
    as_idp_keyopts_t opts;
    server_rec *s;
    as_keysrc_t *src;
    unsigned char id[32 + 3];        /* sha256(key) || "asK" */
    unsigned char claim_id[32 + 3];  /* sha256(key) || "asM" */
    /* the rest under mu */
    apr_thread_mutex_t *mu;
    apr_thread_cond_t *cv;
    int fetching;
    unsigned int generation;    /* bumped at every publish */
    apr_time_t fetched_at;      /* of the current set; 0: none yet */
    unsigned char digest[32];   /* of the current set's document */
    int refresh_after;          /* seconds */
    apr_time_t next_try;        /* not before, after a failure */
    apr_time_t tick_after;      /* the refresh thread's pause after losing
                                 * a claim: another child fetches, which is
                                 * no failure (requests wait for it) */
    apr_time_t last_poll;
    apr_time_t last_warn;
    apr_time_t last_claim;      /* this process's last refetch claim */
    char last_why[256];         /* the failure last logged */
    char jwks_uri[URL_MAX + 1];     /* discover: the one found */
    char intro[URL_MAX + 1];        /* discover: introspection_endpoint */
} remote_t;

static apr_pool_t *reg_pool;        /* the child's; NULL elsewhere */
static apr_thread_mutex_t *reg_mu;
static apr_hash_t *registry;        /* key -> remote_t * */
static apr_array_header_t *declared; /* of as_remote_spec_t * (startup) */

static apr_thread_t *thread;
/* the pool the thread is made from: a subpool of pchild that nothing else
 * allocates from, so that a request thread may start it (under reg_mu) */
static apr_pool_t *thread_pool;
static int thread_failed;
static apr_thread_mutex_t *stop_mu;
static apr_thread_cond_t *stop_cv;
static volatile int stopping;

/* ---- store records ------------------------------------------------------ */

static void put64(unsigned char *b, apr_uint64_t v)
{
    int i;
    for (i = 7; i >= 0; i--, v >>= 8) {
        b[i] = (unsigned char)(v & 0xff);
    }
}

static apr_uint64_t get64(const unsigned char *b)
{
    apr_uint64_t v = 0;
    int i;
    for (i = 0; i < 8; i++) {
        v = (v << 8) | b[i];
    }
    return v;
}

static void put32(unsigned char *b, apr_uint32_t v)
{
    b[0] = (unsigned char)(v >> 24);
    b[1] = (unsigned char)(v >> 16);
    b[2] = (unsigned char)(v >> 8);
    b[3] = (unsigned char)v;
}

static apr_uint32_t get32(const unsigned char *b)
{
    return ((apr_uint32_t)b[0] << 24) | ((apr_uint32_t)b[1] << 16)
           | ((apr_uint32_t)b[2] << 8) | b[3];
}

static void put16(unsigned char *b, unsigned int v)
{
    b[0] = (unsigned char)(v >> 8);
    b[1] = (unsigned char)v;
}

static unsigned int get16(const unsigned char *b)
{
    return ((unsigned int)b[0] << 8) | b[1];
}

static void sha256(const void *d, apr_size_t len, unsigned char out[32])
{
    unsigned int n = 32;
    EVP_Digest(d, len, out, &n, EVP_sha256(), NULL);
}

/* ---- fetching ----------------------------------------------------------- */

typedef struct {
    const char *body;
    apr_size_t len;
    int refresh_after;
    const char *jwks_uri;
    const char *intro;
} fetched_t;

static const char *http_why(apr_pool_t *p, const char *url,
                            const as_http_resp_t *resp)
{
    if (resp->err != AS_HTTP_OK) {
        return apr_psprintf(p, "%s: %s (%s)", url,
                            as_http_err_name(resp->err), resp->err_text);
    }
    return apr_psprintf(p, "%s: HTTP status %ld", url, resp->status);
}

static int get(remote_t *r, apr_pool_t *p, const char *url,
               as_http_resp_t *resp, const char **why)
{
    as_http_req_t req;

    memset(&req, 0, sizeof(req));
    req.url = url;
    req.ca_file = r->opts.ca_file;
    req.timeout = apr_time_from_sec(r->opts.timeout);
    if (as_http_do(p, &req, resp) != AS_HTTP_OK || resp->status != 200) {
        *why = http_why(p, url, resp);
        return 0;
    }
    return 1;
}

/* The issuer's metadata: OpenID Connect discovery, then RFC 8414. */
static int discover(remote_t *r, apr_pool_t *p, fetched_t *f,
                    const char **why)
{
    const char *urls[2], *err;
    as_http_resp_t resp;
    as_idp_metadata_t md;
    int i;

    as_idp_metadata_urls(p, r->issuer, &urls[0], &urls[1]);
    for (i = 0; i < 2; i++) {
        if (!get(r, p, urls[i], &resp, why)) {
            if (resp.err != AS_HTTP_OK) {
                return 0;       /* the host is down: the other URL too */
            }
            continue;
        }
        err = as_idp_parse_metadata(p, r->issuer, resp.body, resp.len, &md);
        if (err) {
            *why = apr_psprintf(p, "%s: metadata %s", urls[i], err);
            continue;
        }
        if (md.jwks_uri == NULL) {
            *why = apr_psprintf(p, "%s: metadata without jwks_uri", urls[i]);
            continue;
        }
        f->jwks_uri = md.jwks_uri;
        f->intro = md.introspection_endpoint;
        return 1;
    }
    return 0;
}

/* Fetch the set (and, for discover, the metadata when its jwks_uri is
 * not known yet or refresh asks for it). Parses nothing but metadata. */
static int fetch(remote_t *r, apr_pool_t *p, int with_metadata,
                 fetched_t *f, const char **why)
{
    as_http_resp_t resp;
    const char *url = r->url;
    apr_size_t i;

    memset(f, 0, sizeof(*f));
    if (r->issuer) {
        apr_thread_mutex_lock(r->mu);
        f->jwks_uri = r->jwks_uri[0] ? apr_pstrdup(p, r->jwks_uri) : NULL;
        f->intro = r->intro[0] ? apr_pstrdup(p, r->intro) : NULL;
        apr_thread_mutex_unlock(r->mu);
        if ((with_metadata || f->jwks_uri == NULL)
            && !discover(r, p, f, why)) {
            return 0;
        }
        url = f->jwks_uri;
    }
    if (!get(r, p, url, &resp, why)) {
        return 0;
    }
    for (i = 0; i < resp.len && apr_isspace(resp.body[i]); i++) {
    }
    if (i == resp.len || resp.body[i] != '{') {
        *why = apr_psprintf(p, "%s: not JSON (Content-Type %s)", url,
                            resp.content_type ? ap_escape_logitem(
                                p, resp.content_type) : "none");
        return 0;
    }
    f->body = resp.body;
    f->len = resp.len;
    f->refresh_after = as_idp_refresh_after(
        r->opts.refresh, as_idp_max_age(resp.cache_control));
    return 1;
}

/* Parse a document and publish it as the source's new version; mu not
 * held. NULL, or why not. */
static const char *publish(remote_t *r, apr_pool_t *p, const char *body,
                           apr_size_t len)
{
    apr_pool_t *vp = as_keysrc_begin(r->src);
    as_keyset_t *ks;
    const char *err;
    int i, usable = 0;

    if (vp == NULL) {
        return "out of memory";
    }
    ks = as_keyset_make(vp);
    err = as_keyset_load_buffer(ks, p, r->name, body, len, NULL);
    for (i = 0; !err && i < as_keyset_count(ks); i++) {
        usable += as_keyset_get(ks, i)->usable;
    }
    if (!err && usable == 0) {
        err = apr_psprintf(p, "%s: no usable key in the set", r->name);
    }
    if (err) {
        as_keysrc_discard(r->src, vp);
        return err;
    }
    as_keysrc_publish(r->src, vp, ks, NULL);
    return NULL;
}

static void store_put_set(remote_t *r, apr_pool_t *p, const fetched_t *f,
                          apr_time_t at)
{
    as_store_t *st = as_store_get_for(r->s, AS_STORE_KEYS);
    apr_size_t ul = f->jwks_uri ? strlen(f->jwks_uri) : 0;
    apr_size_t il = f->intro ? strlen(f->intro) : 0;
    apr_size_t n = HDR_LEN + ul + il + f->len;
    unsigned char *v;

    if (st == NULL || ul > URL_MAX || il > URL_MAX) {
        return;
    }
    v = apr_palloc(p, n);
    memcpy(v, MAGIC, 4);
    put64(v + 4, (apr_uint64_t)at);
    put32(v + 12, (apr_uint32_t)f->refresh_after);
    put16(v + 16, (unsigned int)ul);
    put16(v + 18, (unsigned int)il);
    if (ul) {
        memcpy(v + HDR_LEN, f->jwks_uri, ul);
    }
    if (il) {
        memcpy(v + HDR_LEN + ul, f->intro, il);
    }
    memcpy(v + HDR_LEN + ul + il, f->body, f->len);
    (void)as_store_put(st, r->s, r->id, sizeof(r->id), at + STORE_KEEP, v,
                       (unsigned int)n, p);
}

/* Take in a fetched (or stored) document fetched at `at`: publish it when
 * it differs from the current one. 1 when a new version was published. */
static int take(remote_t *r, apr_pool_t *p, const fetched_t *f,
                apr_time_t at, const char **why)
{
    unsigned char dg[32];
    int changed;

    sha256(f->body, f->len, dg);
    apr_thread_mutex_lock(r->mu);
    changed = r->fetched_at == 0 || memcmp(dg, r->digest, 32);
    apr_thread_mutex_unlock(r->mu);
    if (changed && (*why = publish(r, p, f->body, f->len)) != NULL) {
        return -1;
    }
    apr_thread_mutex_lock(r->mu);
    if (changed) {
        memcpy(r->digest, dg, 32);
        r->generation++;
    }
    r->fetched_at = at;
    r->refresh_after = f->refresh_after;
    if (f->jwks_uri && strlen(f->jwks_uri) <= URL_MAX) {
        strcpy(r->jwks_uri, f->jwks_uri);
    }
    if (f->intro && strlen(f->intro) <= URL_MAX) {
        strcpy(r->intro, f->intro);
    }
    r->next_try = 0;
    apr_thread_mutex_unlock(r->mu);
    return changed;
}

/* A restart makes a new store (shmcb) and new children: a set record is
 * carried over with the expiry it was written with, so that a restart
 * during a provider outage (logrotate's nightly reload) keeps the last
 * good set instead of answering 503 until the provider is back. Other
 * entries of the part (the DPoP nonce secret) start anew. */
static apr_time_t carry_expiry(const unsigned char *id, unsigned int idlen,
                               const unsigned char *v, unsigned int len)
{
    if (idlen != 32 + 3 || memcmp(id + 32, "asK", 3) || len < HDR_LEN
        || memcmp(v, MAGIC, 4)) {
        return 0;
    }
    return (apr_time_t)get64(v + 4) + STORE_KEEP;
}

/* The newest set in the store, when newer than ours. 1 when published. */
static int sync_from_store(remote_t *r, apr_pool_t *p)
{
    as_store_t *st = as_store_get_for(r->s, AS_STORE_KEYS);
    unsigned int cap = AS_HTTP_MAX_BODY + HDR_LEN + 2 * URL_MAX, len = cap;
    unsigned char *v;
    apr_time_t at, mine;
    unsigned int ul, il;
    fetched_t f;
    const char *why;

    if (st == NULL) {
        return 0;
    }
    v = apr_palloc(p, cap);
    if (as_store_fetch(st, r->s, r->id, sizeof(r->id), v, &len, p)
        != APR_SUCCESS || len < HDR_LEN || memcmp(v, MAGIC, 4)) {
        return 0;
    }
    at = (apr_time_t)get64(v + 4);
    apr_thread_mutex_lock(r->mu);
    mine = r->fetched_at;
    apr_thread_mutex_unlock(r->mu);
    if (at <= mine) {
        return 0;
    }
    ul = get16(v + 16);
    il = get16(v + 18);
    if (HDR_LEN + ul + il > len) {
        return 0;
    }
    memset(&f, 0, sizeof(f));
    f.refresh_after = (int)get32(v + 12);
    f.jwks_uri = ul ? apr_pstrmemdup(p, (char *)v + HDR_LEN, ul) : NULL;
    f.intro = il ? apr_pstrmemdup(p, (char *)v + HDR_LEN + ul, il) : NULL;
    f.body = (const char *)v + HDR_LEN + ul + il;
    f.len = len - HDR_LEN - ul - il;
    return take(r, p, &f, at, &why) > 0;
}

/* The claim record: when a child started a fetch and whether it ended. */
typedef struct {
    apr_time_t now;
    apr_interval_time_t interval;
    int won;
} claim_t;

static apr_status_t claim_cb(void *baton, unsigned char *val,
                             unsigned int *vallen, unsigned int cap,
                             apr_time_t *expiry)
{
    claim_t *c = baton;
    (void)cap;

    if (*vallen == 9 && (apr_time_t)get64(val) + c->interval > c->now) {
        c->won = 0;
        return APR_EEXIST;
    }
    put64(val, (apr_uint64_t)c->now);
    val[8] = 0;             /* in progress */
    *vallen = 9;
    *expiry = c->now + c->interval;
    c->won = 1;
    return APR_SUCCESS;
}

/* May this child fetch now (at most once per interval across children)?
 * Without a store, the process decides alone. */
static int claim(remote_t *r, apr_pool_t *p, apr_interval_time_t interval)
{
    as_store_t *st = as_store_get_for(r->s, AS_STORE_REPLAY);
    claim_t c;

    if (st == NULL) {
        return 1;
    }
    c.now = apr_time_now();
    c.interval = interval;
    c.won = 0;
    if (as_store_update(st, r->s, r->claim_id, sizeof(r->claim_id),
                        claim_cb, &c, p) != APR_SUCCESS && !c.won) {
        return 0;
    }
    return c.won;
}

static apr_status_t done_cb(void *baton, unsigned char *val,
                            unsigned int *vallen, unsigned int cap,
                            apr_time_t *expiry)
{
    claim_t *c = baton;
    (void)cap;

    if (*vallen != 9) {
        return APR_NOTFOUND;
    }
    val[8] = 1;
    *expiry = (apr_time_t)get64(val) + c->interval;
    return APR_SUCCESS;
}

static void claim_done(remote_t *r, apr_pool_t *p,
                       apr_interval_time_t interval)
{
    as_store_t *st = as_store_get_for(r->s, AS_STORE_REPLAY);
    claim_t c;

    if (st) {
        c.interval = interval;
        (void)as_store_update(st, r->s, r->claim_id, sizeof(r->claim_id),
                              done_cb, &c, p);
    }
}

/* Is another child's fetch still running (claimed, not done, recent)? */
static int fetch_elsewhere(remote_t *r, apr_pool_t *p)
{
    as_store_t *st = as_store_get_for(r->s, AS_STORE_REPLAY);
    unsigned char v[16];
    unsigned int len = sizeof(v);

    if (st == NULL
        || as_store_fetch(st, r->s, r->claim_id, sizeof(r->claim_id), v,
                          &len, p) != APR_SUCCESS || len != 9) {
        return 0;
    }
    return v[8] == 0 && (apr_time_t)get64(v)
                        + apr_time_from_sec(r->opts.timeout + 1)
                        > apr_time_now();
}

static void log_failure(remote_t *r, const char *why)
{
    apr_time_t now = apr_time_now(), have;
    int warn;

    /* the cause without libcurl's details (they vary: "after 0 ms") */
    apr_size_t cl = strcspn(why, "(");

    if (cl >= sizeof(r->last_why)) {
        cl = sizeof(r->last_why) - 1;
    }
    apr_thread_mutex_lock(r->mu);
    have = r->fetched_at;
    /* once a minute, and at once when the cause changes */
    warn = now - r->last_warn >= WARN_EVERY || r->last_warn == 0
           || strlen(r->last_why) != cl || strncmp(r->last_why, why, cl);
    if (warn) {
        r->last_warn = now;
        memcpy(r->last_why, why, cl);
        r->last_why[cl] = '\0';
    }
    apr_thread_mutex_unlock(r->mu);
    if (!warn) {
        return;
    }
    if (have) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, r->s,
                     "AS09001: key set %s: fetching failed: %s; the last "
                     "good set (fetched %" APR_TIME_T_FMT " s ago) stays in "
                     "use", r->name, why, apr_time_sec(now - have));
    }
    else {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, r->s,
                     "AS09002: key set %s: no key set yet, tokens are "
                     "answered 503: %s", r->name, why);
    }
}

static int retry_secs(const remote_t *r)
{
    return r->opts.miss < RETRY_FAILED ? r->opts.miss : RETRY_FAILED;
}

/* Mark a fetch of this process as running (mu not held): 0 when one
 * already runs. */
static int fetch_begin(remote_t *r)
{
    int mine;

    apr_thread_mutex_lock(r->mu);
    mine = !r->fetching;
    r->fetching = 1;
    apr_thread_mutex_unlock(r->mu);
    return mine;
}

/* The fetch fetch_begin marked did not happen (a claim lost). */
static void fetch_cancel(remote_t *r)
{
    apr_thread_mutex_lock(r->mu);
    r->fetching = 0;
    apr_thread_cond_broadcast(r->cv);
    apr_thread_mutex_unlock(r->mu);
}

/* The fetch fetch_begin marked and a claim (for claimed_for) let run;
 * ends both. */
static void fetch_run(remote_t *r, apr_pool_t *p, int with_metadata,
                      apr_interval_time_t claimed_for)
{
    fetched_t f;
    const char *why = NULL;
    apr_time_t now = apr_time_now();
    int res = 0;

    if (fetch(r, p, with_metadata, &f, &why)) {
        res = take(r, p, &f, now, &why);
        if (res >= 0) {
            store_put_set(r, p, &f, now);
            ap_log_error(APLOG_MARK, APLOG_INFO, 0, r->s,
                         "AS09003: key set %s fetched (%s), next refresh in "
                         "%d s", r->name, res ? "new keys" : "unchanged",
                         f.refresh_after);
        }
    }
    else {
        res = -1;
    }
    as_metrics_inc(res < 0 ? AS_M_FETCH_ERROR : AS_M_FETCH_OK);
    claim_done(r, p, claimed_for);
    apr_thread_mutex_lock(r->mu);
    if (res < 0) {
        r->next_try = now + apr_time_from_sec(retry_secs(r));
    }
    r->fetching = 0;
    apr_thread_cond_broadcast(r->cv);
    apr_thread_mutex_unlock(r->mu);
    if (res < 0) {
        log_failure(r, why);
    }
}

/* Fetch when this process fetches nothing yet and wins the claim (both
 * in that order, so that a fetch is marked running from before its claim
 * to its end: no other thread of the process sees a claimed fetch that
 * does not run). 1 when this call fetched. */
static int claim_and_fetch(remote_t *r, apr_pool_t *p, int with_metadata,
                           apr_interval_time_t interval)
{
    if (!fetch_begin(r)) {
        return 0;
    }
    if (!claim(r, p, interval)) {
        fetch_cancel(r);
        return 0;
    }
    fetch_run(r, p, with_metadata, interval);
    return 1;
}

/* Request side: the set lacks a kid, or there is no set. Bounded by the
 * source's timeout; at most one fetch per miss= seconds across children. */
static int on_miss(void *baton, as_keysrc_t *src, apr_pool_t *p)
{
    remote_t *r = baton;
    apr_interval_time_t miss = apr_time_from_sec(r->opts.miss);
    apr_time_t until = apr_time_now() + apr_time_from_sec(r->opts.timeout);
    unsigned int g0;
    int busy;
    (void)src;

    apr_thread_mutex_lock(r->mu);
    g0 = r->generation;
    apr_thread_mutex_unlock(r->mu);
    /* another child may have fetched already */
    if (sync_from_store(r, p)) {
        return 1;
    }
    apr_thread_mutex_lock(r->mu);
    busy = r->next_try > apr_time_now() && r->generation == g0;
    apr_thread_mutex_unlock(r->mu);
    if (busy) {
        return -1;      /* failing, and not to be retried yet */
    }
    apr_thread_mutex_lock(r->mu);
    busy = r->fetching;
    /* a claim of this process within miss= would be refused anyway: no
     * store round trip for every made-up kid of a flood */
    if (!busy && r->last_claim && apr_time_now() - r->last_claim < miss) {
        apr_thread_mutex_unlock(r->mu);
        return 0;
    }
    apr_thread_mutex_unlock(r->mu);
    if (!busy && claim_and_fetch(r, p, 0, miss)) {
        /* only a claim this process won holds its next ones back: one it
         * lost (another child's fetch) says nothing of when to try again */
        apr_thread_mutex_lock(r->mu);
        r->last_claim = apr_time_now();
        apr_thread_mutex_unlock(r->mu);
    }
    /* a fetch of this process or another child may be running: wait for
     * its result, never longer than timeout=. */
    for (;;) {
        int changed;

        apr_thread_mutex_lock(r->mu);
        while (r->fetching && apr_time_now() < until) {
            apr_thread_cond_timedwait(r->cv, r->mu, apr_time_from_msec(100));
        }
        changed = r->generation != g0;
        apr_thread_mutex_unlock(r->mu);
        if (changed || sync_from_store(r, p)
            || !fetch_elsewhere(r, p) || apr_time_now() >= until) {
            break;
        }
        apr_sleep(apr_time_from_msec(50));
    }
    apr_thread_mutex_lock(r->mu);
    busy = r->generation != g0 ? 1
           /* the last attempt failed and none succeeded since: the kid may
            * be in the set we cannot get */
           : r->next_try > apr_time_now() ? -1 : 0;
    apr_thread_mutex_unlock(r->mu);
    return busy;
}

/* ---- the registry ----------------------------------------------------- */

static remote_t *remote_make(const char *key, const as_remote_spec_t *spec,
                             const char *issuer, server_rec *s)
{
    remote_t *r = apr_pcalloc(reg_pool, sizeof(*r));

    r->key = apr_pstrdup(reg_pool, key);
    r->url = spec->url ? apr_pstrdup(reg_pool, spec->url) : NULL;
    r->issuer = issuer ? apr_pstrdup(reg_pool, issuer) : NULL;
    r->name = r->url ? r->url
                     : apr_pstrcat(reg_pool, "discover ", r->issuer, NULL);
    r->opts = spec->opts;
    if (r->opts.ca_file) {
        r->opts.ca_file = apr_pstrdup(reg_pool, r->opts.ca_file);
    }
    r->s = spec->s ? spec->s : s;
    r->refresh_after = r->opts.refresh;
    sha256(key, strlen(key), r->id);
    memcpy(r->claim_id, r->id, 32);
    memcpy(r->id + 32, "asK", 3);
    memcpy(r->claim_id + 32, "asM", 3);
    if (apr_thread_mutex_create(&r->mu, APR_THREAD_MUTEX_DEFAULT, reg_pool)
        || apr_thread_cond_create(&r->cv, reg_pool)
        || !(r->src = as_keysrc_create(reg_pool, r->name))) {
        return NULL;
    }
    if (r->issuer) {
        as_keysrc_set_issuer(r->src, r->issuer);
    }
    as_keysrc_set_miss(r->src, on_miss, r);
    return r;
}

static const char *spec_key(apr_pool_t *p, const as_remote_spec_t *spec,
                            const char *issuer)
{
    return apr_psprintf(p, "%s|%s|%s|%d|%d|%d",
                        spec->url ? spec->url : "discover",
                        issuer ? issuer : "", spec->opts.ca_file
                        ? spec->opts.ca_file : "", spec->opts.refresh,
                        spec->opts.miss, spec->opts.timeout);
}

static void start_refresher(server_rec *s);

static remote_t *lookup(const as_remote_spec_t *spec, const char *issuer,
                        server_rec *s, apr_pool_t *p)
{
    const char *key;
    remote_t *r;

    if (reg_pool == NULL) {
        return NULL;        /* not in a child (configtest, the parent) */
    }
    key = spec_key(p, spec, spec->url ? NULL : issuer);
    apr_thread_mutex_lock(reg_mu);
    r = apr_hash_get(registry, key, APR_HASH_KEY_STRING);
    if (r == NULL && (r = remote_make(key, spec, spec->url ? NULL : issuer,
                                      s)) != NULL) {
        apr_hash_set(registry, r->key, APR_HASH_KEY_STRING, r);
        /* the thread fetches it; a source of a .htaccess file may be the
         * first of this child, and its thread is started here */
        start_refresher(s);
        apr_thread_cond_signal(stop_cv);
    }
    apr_thread_mutex_unlock(reg_mu);
    if (r == NULL) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "AS09004: cannot make the key source %s",
                     spec->url ? spec->url : issuer);
    }
    return r;
}

as_keysrc_t *as_remote_source(const as_remote_spec_t *spec,
                              const char *issuer, server_rec *s)
{
    apr_pool_t *p;
    remote_t *r;

    if (reg_pool == NULL) {
        return NULL;
    }
    apr_pool_create(&p, NULL);
    r = lookup(spec, issuer, s, p);
    apr_pool_destroy(p);
    return r ? r->src : NULL;
}

const char *as_remote_introspection_endpoint(const char *issuer,
                                             const as_idp_keyopts_t *opts,
                                             server_rec *s, apr_pool_t *p)
{
    as_remote_spec_t spec;
    remote_t *r;
    const char *e;

    memset(&spec, 0, sizeof(spec));
    spec.opts = *opts;
    spec.s = s;
    if ((r = lookup(&spec, issuer, s, p)) == NULL) {
        return NULL;
    }
    apr_thread_mutex_lock(r->mu);
    e = r->intro[0] ? apr_pstrdup(p, r->intro) : NULL;
    apr_thread_mutex_unlock(r->mu);
    if (e == NULL) {
        on_miss(r, r->src, p);
        apr_thread_mutex_lock(r->mu);
        e = r->intro[0] ? apr_pstrdup(p, r->intro) : NULL;
        apr_thread_mutex_unlock(r->mu);
    }
    return e;
}

void as_remote_declare(apr_pool_t *pconf, as_remote_spec_t *spec)
{
    if (declared == NULL) {
        declared = apr_array_make(pconf, 4, sizeof(as_remote_spec_t *));
    }
    APR_ARRAY_PUSH(declared, as_remote_spec_t *) = spec;
}

/* ---- the refresh thread ------------------------------------------------- */

static void tick(remote_t *r, apr_pool_t *p)
{
    apr_time_t now = apr_time_now(), at, next_try, tick_after;
    int refresh_after, fetching, poll;

    apr_thread_mutex_lock(r->mu);
    poll = now - r->last_poll >= POLL_STORE;
    if (poll) {
        r->last_poll = now;
    }
    apr_thread_mutex_unlock(r->mu);
    if (poll) {
        sync_from_store(r, p);
    }
    apr_thread_mutex_lock(r->mu);
    at = r->fetched_at;
    refresh_after = r->refresh_after;
    next_try = r->next_try;
    tick_after = r->tick_after;
    fetching = r->fetching;
    apr_thread_mutex_unlock(r->mu);
    if (fetching || now < next_try || now < tick_after) {
        return;
    }
    if (at == 0) {
        /* no set yet: one child tries every few seconds; the others look
         * again in a second (not next_try: requests read that as a failed
         * fetch, and must rather wait for the other child's) */
        apr_interval_time_t every = apr_time_from_sec(retry_secs(r));
        if (!claim_and_fetch(r, p, 1, every)) {
            apr_thread_mutex_lock(r->mu);
            r->tick_after = now + apr_time_from_sec(1);
            apr_thread_mutex_unlock(r->mu);
        }
        return;
    }
    /* ahead of expiry: at 90% of the set's lifetime */
    if (now >= at + apr_time_from_sec(refresh_after) / 10 * 9) {
        (void)claim_and_fetch(r, p, 1, apr_time_from_sec(r->opts.timeout + 2));
    }
}

static void *APR_THREAD_FUNC refresher(apr_thread_t *t, void *data)
{
    apr_pool_t *p;
    (void)data;

    apr_pool_create(&p, NULL);
    while (!stopping) {
        apr_array_header_t *all;
        apr_hash_index_t *hi;
        int i;

        apr_thread_mutex_lock(stop_mu);
        if (!stopping) {
            apr_thread_cond_timedwait(stop_cv, stop_mu,
                                      apr_time_from_msec(500));
        }
        apr_thread_mutex_unlock(stop_mu);
        if (stopping) {
            break;
        }
        all = apr_array_make(p, 8, sizeof(remote_t *));
        apr_thread_mutex_lock(reg_mu);
        for (hi = apr_hash_first(p, registry); hi; hi = apr_hash_next(hi)) {
            APR_ARRAY_PUSH(all, remote_t *) = apr_hash_this_val(hi);
        }
        apr_thread_mutex_unlock(reg_mu);
        for (i = 0; i < all->nelts && !stopping; i++) {
            tick(APR_ARRAY_IDX(all, i, remote_t *), p);
        }
        apr_pool_clear(p);
    }
    apr_pool_destroy(p);
    /* a plain return, not apr_thread_exit(): pthread_exit() unwinds the
     * stack, which ASan's thread teardown then reports as an underflow */
    (void)t;
    return NULL;
}

/* Start this child's refresh thread unless it runs (or could not be
 * started). Called under reg_mu, or in child_init before any thread. */
static void start_refresher(server_rec *s)
{
    if (thread || thread_failed || stopping || thread_pool == NULL) {
        return;
    }
    if (apr_thread_create(&thread, NULL, refresher, NULL, thread_pool)
        != APR_SUCCESS) {
        thread = NULL;
        thread_failed = 1;
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "AS09006: cannot start the key refresh thread: key "
                     "sets are fetched in requests only");
        return;
    }
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                 "AS09007: key refresh thread started in process %" APR_PID_T_FMT,
                 getpid());
}

static apr_status_t child_stop(void *data)
{
    apr_status_t rv;
    (void)data;

    if (thread) {
        apr_thread_mutex_lock(stop_mu);
        stopping = 1;
        apr_thread_cond_broadcast(stop_cv);
        apr_thread_mutex_unlock(stop_mu);
        apr_thread_join(&rv, thread);
        thread = NULL;
    }
    return APR_SUCCESS;
}

static apr_status_t registry_gone(void *data)
{
    (void)data;
    reg_pool = NULL;
    registry = NULL;
    return APR_SUCCESS;
}

static apr_status_t declared_gone(void *data)
{
    (void)data;
    declared = NULL;
    return APR_SUCCESS;
}

static int remote_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                             apr_pool_t *ptemp)
{
    (void)plog;
    (void)ptemp;
    declared = NULL;
    apr_pool_cleanup_register(pconf, NULL, declared_gone,
                              apr_pool_cleanup_null);
    return OK;
}

static int remote_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                              apr_pool_t *ptemp, server_rec *s)
{
    (void)pconf;
    (void)plog;
    (void)ptemp;
    (void)s;
    as_http_global_init();
    return OK;
}

/* The registry lives in the process's pconf, after every request pool
 * (as the key file cache: see as_bearer_conf.c); the thread stops with
 * pchild, before that. */
static void remote_child_init(apr_pool_t *pchild, server_rec *s)
{
    apr_pool_t *pconf = s->process->pconf;
    int i;

    stopping = 0;
    thread = NULL;
    thread_failed = 0;
    thread_pool = NULL;
    reg_pool = pconf;
    registry = apr_hash_make(pconf);
    if (apr_thread_mutex_create(&reg_mu, APR_THREAD_MUTEX_DEFAULT, pconf)
        || apr_thread_mutex_create(&stop_mu, APR_THREAD_MUTEX_DEFAULT, pconf)
        || apr_thread_cond_create(&stop_cv, pconf)) {
        reg_pool = NULL;
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "AS09005: cannot make the locks of the key sources: "
                     "keys from identity providers are unavailable");
        return;
    }
    apr_pool_cleanup_register(pconf, NULL, registry_gone,
                              apr_pool_cleanup_null);
    if (apr_pool_create(&thread_pool, pchild) != APR_SUCCESS) {
        thread_pool = NULL;
    }
    /* a pre-cleanup: the thread, whenever it is started, must stop before
     * pchild's subpools (its own among them) are destroyed */
    apr_pool_pre_cleanup_register(pchild, NULL, child_stop);
    for (i = 0; declared && i < declared->nelts; i++) {
        as_remote_spec_t *spec = APR_ARRAY_IDX(declared, i,
                                               as_remote_spec_t *);
        if (spec->url) {
            as_remote_source(spec, NULL, s);
        }
    }
    /* the server configuration names a provider: the thread starts now
     * (discover sources are made on first use); otherwise with the first
     * source a .htaccess file names, or never */
    if (declared != NULL) {
        apr_thread_mutex_lock(reg_mu);
        start_refresher(s);
        apr_thread_mutex_unlock(reg_mu);
    }
}

void as_remote_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_pre_config(remote_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(remote_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(remote_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    as_store_carry(AS_STORE_KEYS, carry_expiry);
}
