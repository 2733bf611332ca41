/* Licensed under the Apache License, Version 2.0. */
/* AuthStatusCache, request side: the directive, the key made at every
 * (graceful) restart, and lookup/remember around a scheme's verification.
 * Entries live in the store AuthStatusThrottle uses (as_store.c); without
 * a store or a key the cache is off and verification runs as usual. */

#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_request.h>
#include <ap_mpm.h>
#include <apr_strings.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <jansson.h>

#include "as_config.h"
#include "as_request.h"
#include "as_cache_req.h"
#include "as_cache_local.h"
#include "as_store.h"
#include "as_metrics.h"

/* Made in post_config, before the children are forked, so every child of
 * one generation shares it; a restart makes a new one, and every entry of
 * the old generation stops matching. */
static as_cache_mac_t *cache_mac;

/* Largest value: header, user, blob, tag. */
#define VALUE_MAX (15 + AS_CACHE_MAX_USER + AS_CACHE_MAX_EXTRA \
                   + AS_CACHE_TAG_LEN)
/* scheme, server, URL directory, section, scope, condition, realm, user
 * flag, user, secret, and the Basic provider names */
#define MAX_PROVIDERS 16
#define MAX_FIELDS (10 + MAX_PROVIDERS)

/* This child's copy of recent entries, in front of the store (made in
 * child_init, before the worker threads start; see as_cache_local.h). */
static as_cache_local_t *local_cache;

static apr_status_t forget_mac(void *data)
{
    (void)data;
    cache_mac = NULL;
    return APR_SUCCESS;
}

int as_cache_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                         apr_pool_t *ptemp, server_rec *s)
{
    unsigned char key[AS_CACHE_KEY_LEN];
    const char *err = "the random number generator failed";
    (void)plog;
    (void)ptemp;

    cache_mac = NULL;
    if (as_cache_random_key(key, sizeof(key)) == APR_SUCCESS) {
        cache_mac = as_cache_mac_create(pconf, key, sizeof(key), &err);
    }
    OPENSSL_cleanse(key, sizeof(key));
    if (cache_mac == NULL) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "AS08005: AuthStatusCache is off: cannot make its "
                     "key: %s", err);
        return OK;
    }
    apr_pool_cleanup_register(pconf, NULL, forget_mac, apr_pool_cleanup_null);
    return OK;
}

void as_cache_child_init(apr_pool_t *pchild, server_rec *s)
{
    int threads = 1;

    local_cache = NULL;
    if (cache_mac == NULL || !as_store_any()) {
        return;                 /* no key or no store: no cache */
    }
    if (ap_mpm_query(AP_MPMQ_MAX_THREADS, &threads) != APR_SUCCESS
        || threads < 1) {
        threads = 1;
    }
    /* four slots a thread: 16 (prefork) to 256, 1 KiB each */
    local_cache = as_cache_local_create(pchild, threads > 64
                                                ? 256 : 4 * threads);
    if (local_cache == NULL) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                     "AS08006: AuthStatusCache: no per-process copy of "
                     "entries (cannot make its locks); the shared store is "
                     "used alone");
    }
}

static int lookup_slot(request_rec *r, as_store_t *st,
                       const as_cache_slot_t *slot, const char *scheme,
                       as_cache_entry_t *hit);

#define FIELD(f, n, ptr, size) do { (f)[n].data = (ptr); \
                                    (f)[n].len = (size); (n)++; } while (0)

int as_cache_lookup(request_rec *r, const as_dir_conf *d,
                    as_cache_slot_t *slot, const char *scheme,
                    const char *user, const void *secret,
                    apr_size_t secret_len, as_cache_entry_t *hit)
{
    as_cache_field_t f[MAX_FIELDS];
    core_dir_config *core = ap_get_core_module_config(r->per_dir_config);
    const authn_provider_list *pl;
    const char *realm = ap_auth_name(r);
    const char *slash;
    as_store_t *st;
    int n = 0;

    slot->on = 0;
    if (as_cache_seconds(d) == 0 || cache_mac == NULL
        || (st = as_store_get_for(r->server, AS_STORE_CACHE)) == NULL) {
        return 0;
    }

    /* What makes a location's verification the same: the scheme, the
     * virtual host, the URL's directory (as mod_authn_socache's default
     * context: sections that set no directive of ours, such as a
     * <Directory> with its own AuthUserFile, leave no trace in our merged
     * configuration), the last section merged, the sections that set our
     * directives, the <If> that matched, the realm and the providers; then
     * the credentials. */
    slash = r->uri ? strrchr(r->uri, '/') : NULL;
    FIELD(f, n, scheme, strlen(scheme));
    FIELD(f, n, &r->server, sizeof(r->server));
    FIELD(f, n, slash ? r->uri : "", slash ? (apr_size_t)(slash - r->uri) : 0);
    FIELD(f, n, core->d ? core->d : "", core->d ? strlen(core->d) : 0);
    FIELD(f, n, as_cache_scope(d), sizeof(as_cache_scope_t));
    FIELD(f, n, &core->condition, sizeof(core->condition));
    FIELD(f, n, realm ? realm : "", realm ? strlen(realm) : 0);
    if (!strcmp(scheme, "Basic")) {
        pl = as_dir_basic_providers(d);
        if (pl == NULL) {
            FIELD(f, n, AUTHN_DEFAULT_PROVIDER,
                  strlen(AUTHN_DEFAULT_PROVIDER));
        }
        for (; pl; pl = pl->next) {
            if (n == MAX_FIELDS - 3) {
                return 0;      /* an unusually long list: no caching */
            }
            FIELD(f, n, pl->provider_name, strlen(pl->provider_name));
        }
    }
    FIELD(f, n, user ? "u" : "-", 1);
    FIELD(f, n, user ? user : "", user ? strlen(user) : 0);
    FIELD(f, n, secret, secret_len);

    memcpy(slot->id + AS_CACHE_ID_LEN, AS_CACHE_NS, AS_CACHE_NS_LEN);
    if (as_cache_derive_id(cache_mac, f, n, slot->id)
        != APR_SUCCESS) {
        return 0;
    }
    slot->on = 1;
    slot->seconds = as_cache_seconds(d);
    n = lookup_slot(r, st, slot, scheme, hit);
    as_metrics_inc(n ? AS_M_CACHE_HIT : AS_M_CACHE_MISS);
    return n;
}

/* Look slot's id up: this process's copy, then the store. */
static int lookup_slot(request_rec *r, as_store_t *st,
                       const as_cache_slot_t *slot, const char *scheme,
                       as_cache_entry_t *hit)
{
    unsigned char buf[VALUE_MAX];
    unsigned int len = sizeof(buf);
    as_cache_value_status_e vst;
    apr_status_t rv;
    apr_time_t now;
    int from_store = 0;

    now = apr_time_now();
    if (!as_cache_local_get(local_cache, slot->id, sizeof(slot->id), now,
                            buf, &len)) {
        len = sizeof(buf);
        rv = as_store_fetch(st, r->server, slot->id, sizeof(slot->id), buf,
                            &len, r->pool);
        if (rv != APR_SUCCESS) {
            return 0;
        }
        from_store = 1;
    }
    vst = as_cache_value_decode(r->pool, cache_mac,
                                slot->id, buf, len,
                                now, hit);
    if (vst == AS_CACHE_VALUE_OK && from_store) {
        as_cache_local_put(local_cache, slot->id, sizeof(slot->id),
                           hit->not_after, buf, len);
    }
    OPENSSL_cleanse(buf, len < sizeof(buf) ? len : sizeof(buf));
    if (vst != AS_CACHE_VALUE_OK) {
        as_cache_local_remove(local_cache, slot->id, sizeof(slot->id));
        if (vst != AS_CACHE_VALUE_EXPIRED) {
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                          "AS08002: credential cache entry refused (%s): "
                          "not made by this server for these credentials",
                          vst == AS_CACHE_VALUE_BAD_TAG ? "bad tag"
                                                        : "malformed");
        }
        (void)as_store_remove(st, r->server, slot->id, sizeof(slot->id),
                              r->pool);
        return 0;
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "AS08001: credential cache hit for user %.64s (%s, %s), "
                  "valid for %" APR_TIME_T_FMT " s more", hit->user, scheme,
                  from_store ? "shared store" : "this process's copy",
                  apr_time_sec(hit->not_after - now));
    return 1;
}

int as_cache_lookup_introspected(request_rec *r, as_cache_slot_t *slot,
                                 const char *endpoint, const char *token,
                                 int seconds, as_cache_entry_t *hit)
{
    as_cache_field_t f[3];
    as_store_t *st;
    int n = 0;

    slot->on = 0;
    if (seconds == 0 || cache_mac == NULL
        || (st = as_store_get_for(r->server, AS_STORE_CACHE)) == NULL) {
        return 0;
    }
    /* one entry per endpoint and token, whatever the location: the
     * endpoint's answer does not depend on where the token is used */
    FIELD(f, n, "Introspect", 10);
    FIELD(f, n, endpoint, strlen(endpoint));
    FIELD(f, n, token, strlen(token));
    memcpy(slot->id + AS_CACHE_ID_LEN, AS_CACHE_NS, AS_CACHE_NS_LEN);
    if (as_cache_derive_id(cache_mac, f, n, slot->id) != APR_SUCCESS) {
        return 0;
    }
    slot->on = 1;
    slot->seconds = seconds;
    n = lookup_slot(r, st, slot, "introspection", hit);
    as_metrics_inc(n ? AS_M_INTROSPECT_HIT : AS_M_INTROSPECT_MISS);
    return n;
}

void as_cache_remember(request_rec *r, const as_dir_conf *d,
                       const as_cache_slot_t *slot, const char *user,
                       apr_time_t not_after, const void *extra,
                       apr_size_t extra_len)
{
    (void)d;
    as_cache_remember_for(r, slot, slot->seconds, user, not_after, extra,
                          extra_len);
}

void as_cache_remember_for(request_rec *r, const as_cache_slot_t *slot,
                           int seconds, const char *user,
                           apr_time_t not_after, const void *extra,
                           apr_size_t extra_len)
{
    as_cache_entry_t e;
    unsigned char *val;
    unsigned int len;
    as_store_t *st;
    apr_status_t rv;

    if (!slot->on || cache_mac == NULL
        || (st = as_store_get_for(r->server, AS_STORE_CACHE)) == NULL) {
        return;
    }
    e.user = user;
    e.extra = extra;
    e.extra_len = extra_len;
    e.not_after = as_cache_expiry(apr_time_now(), seconds, not_after);
    if (e.not_after == 0) {
        return;
    }
    rv = as_cache_value_encode(r->pool, cache_mac, slot->id,
                               &e, &val, &len);
    if (rv == APR_SUCCESS) {
        rv = as_store_put(st, r->server, slot->id, sizeof(slot->id),
                          e.not_after, val, len, r->pool);
    }
    if (rv == APR_SUCCESS) {
        /* this process's copy mirrors what the store now holds */
        as_cache_local_put(local_cache, slot->id, sizeof(slot->id),
                           e.not_after, val, len);
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r,
                  "AS08003: credential cache %s user %.64s for %"
                  APR_TIME_T_FMT " s", rv == APR_SUCCESS ? "remembers"
                                                         : "cannot remember",
                  user ? user : "-",
                  apr_time_sec(e.not_after - apr_time_now() + APR_USEC_PER_SEC
                               - 1));
}

static apr_status_t claims_cleanup(void *data)
{
    json_decref(data);
    return APR_SUCCESS;
}

json_t *as_cache_hit_claims(request_rec *r, const as_cache_entry_t *hit)
{
    json_t *j;

    if (hit->extra == NULL) {
        return NULL;
    }
    j = json_loadb(hit->extra, hit->extra_len, 0, NULL);
    if (j == NULL) {
        return NULL;
    }
    apr_pool_cleanup_register(r->pool, j, claims_cleanup,
                              apr_pool_cleanup_null);
    return json_is_object(j) ? j : NULL;
}

void as_cache_remember_token(request_rec *r, const as_dir_conf *d,
                             const as_cache_slot_t *slot, const char *user,
                             apr_time_t exp, const json_t *claims)
{
    char *text;

    if (!slot->on || claims == NULL || exp <= 0) {
        return;
    }
    text = json_dumps(claims, JSON_COMPACT);
    if (text == NULL) {
        return;
    }
    as_cache_remember(r, d, slot, user, exp, text, strlen(text));
    free(text);
}
