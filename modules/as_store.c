/* Licensed under the Apache License, Version 2.0. */
/* The store behind throttling and the credential cache: ap_socache
 * instances created in post_config, one per distinct AuthStatusStore
 * setting, with a global mutex for providers that are not safe across
 * processes (shmcb), re-attached in every child. Request-time failures are
 * the caller's to survive: we report them and warn at most once a minute. */

#include <httpd.h>
#include <http_config.h>
#include <http_log.h>
#include <http_core.h>
#include <ap_provider.h>
#include <ap_socache.h>
#include <util_mutex.h>
#include <apr_global_mutex.h>
#include <apr_hash.h>
#include <apr_atomic.h>
#include <apr_shm.h>
#include <apr_strings.h>

#include "as_config.h"
#include "as_store.h"
#include "as_directive.h"

#define AS_STORE_DEFAULT "shmcb"
#define AS_STORE_MUTEX "authstatus-store"
/* the socache namespace: the same on every server, so that servers sharing
 * a memcached or redis share the entries (it prefixes their keys) */
#define AS_STORE_CNAME "authstatus"
#define AS_STORE_WARN_INTERVAL 60 /* seconds */

struct as_store_t {
    const char *provider_name;
    const char *args;                 /* NULL: the provider's defaults */
    const char *name;                 /* provider[:args], for log lines */
    const ap_socache_provider_t *provider;
    ap_socache_instance_t *inst;
    apr_global_mutex_t *mutex;        /* only for a NOTMPSAFE provider */
    server_rec *s;                    /* for the provider's log lines */
    /* when the last warning went out, in seconds: shared by the children
     * (anonymous shm), so an unreachable memcached gives one line a
     * minute, not one per child; per process if there is no shm */
    volatile apr_uint32_t *last_warn;
    apr_uint32_t last_warn_local;
    int carries;                      /* holds a part with a carry function */
};

static int store_needed;
static apr_array_header_t *stores;    /* of as_store_t *, in pconf */
static apr_hash_t *server_stores;     /* server_rec * -> as_store_t *[parts] */

void as_store_need(void)
{
    store_needed = 1;
}

int as_store_any(void)
{
    return stores != NULL && stores->nelts > 0;
}

const char *as_store_name(const as_store_t *st)
{
    return st->name;
}

as_store_t *as_store_get_for(server_rec *s, as_store_part_e part)
{
    as_store_t **parts;

    if (server_stores == NULL
        || (parts = apr_hash_get(server_stores, &s, sizeof(s))) == NULL) {
        return NULL;
    }
    return parts[part];
}

static void store_warn(as_store_t *st, server_rec *s, apr_status_t rv,
                       const char *what)
{
    volatile apr_uint32_t *slot = st->last_warn ? st->last_warn
                                                : &st->last_warn_local;
    apr_uint32_t now = (apr_uint32_t)apr_time_sec(apr_time_now());
    apr_uint32_t last = apr_atomic_read32(slot);

    if ((last && now - last < AS_STORE_WARN_INTERVAL)
        || apr_atomic_cas32(slot, now, last) != last) {
        /* warned lately, or another thread or child just did */
        return;
    }
    ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s,
                 "AS07001: store %s: %s failed; going on without it "
                 "(throttling, caching and DPoP replay checks are off until "
                 "it answers; this warning repeats at most once a minute)",
                 st->name, what);
}

static apr_status_t store_lock(as_store_t *st, server_rec *s)
{
    apr_status_t rv;

    if (st->mutex == NULL) {
        return APR_SUCCESS;
    }
    rv = apr_global_mutex_lock(st->mutex);
    if (rv != APR_SUCCESS) {
        store_warn(st, s, rv, "locking");
    }
    return rv;
}

static void store_unlock(as_store_t *st, server_rec *s)
{
    apr_status_t rv;

    if (st->mutex && (rv = apr_global_mutex_unlock(st->mutex))
                     != APR_SUCCESS) {
        store_warn(st, s, rv, "unlocking");
    }
}

static apr_status_t fetch_locked(as_store_t *st, server_rec *s,
                                 const unsigned char *id, unsigned int idlen,
                                 unsigned char *dest, unsigned int *destlen,
                                 apr_pool_t *p)
{
    apr_status_t rv = st->provider->retrieve(st->inst, s, id, idlen, dest,
                                             destlen, p);
    if (rv != APR_SUCCESS && !APR_STATUS_IS_NOTFOUND(rv)) {
        store_warn(st, s, rv, "reading");
    }
    return rv;
}

static apr_status_t put_locked(as_store_t *st, server_rec *s,
                               const unsigned char *id, unsigned int idlen,
                               apr_time_t expiry, const unsigned char *data,
                               unsigned int datalen, apr_pool_t *p)
{
    apr_time_t min = apr_time_now() + apr_time_from_sec(2);
    apr_status_t rv;

    /* memcache and redis count whole seconds and refuse an expiry that
     * rounds to 0 */
    if (expiry < min) {
        expiry = min;
    }
    rv = st->provider->store(st->inst, s, id, idlen, expiry,
                             (unsigned char *)data, datalen, p);
    if (rv != APR_SUCCESS) {
        store_warn(st, s, rv, "writing");
    }
    return rv;
}

static apr_status_t remove_locked(as_store_t *st, server_rec *s,
                                  const unsigned char *id, unsigned int idlen,
                                  apr_pool_t *p)
{
    apr_status_t rv = st->provider->remove(st->inst, s, id, idlen, p);
    if (rv != APR_SUCCESS && !APR_STATUS_IS_NOTFOUND(rv)) {
        store_warn(st, s, rv, "removing");
    }
    return rv;
}

apr_status_t as_store_fetch(as_store_t *st, server_rec *s,
                            const unsigned char *id, unsigned int idlen,
                            unsigned char *dest, unsigned int *destlen,
                            apr_pool_t *p)
{
    apr_status_t rv = store_lock(st, s);

    if (rv == APR_SUCCESS) {
        rv = fetch_locked(st, s, id, idlen, dest, destlen, p);
        store_unlock(st, s);
    }
    return rv;
}

apr_status_t as_store_put(as_store_t *st, server_rec *s,
                          const unsigned char *id, unsigned int idlen,
                          apr_time_t expiry, const unsigned char *data,
                          unsigned int datalen, apr_pool_t *p)
{
    apr_status_t rv = store_lock(st, s);

    if (rv == APR_SUCCESS) {
        rv = put_locked(st, s, id, idlen, expiry, data, datalen, p);
        store_unlock(st, s);
    }
    return rv;
}

apr_status_t as_store_remove(as_store_t *st, server_rec *s,
                             const unsigned char *id, unsigned int idlen,
                             apr_pool_t *p)
{
    apr_status_t rv = store_lock(st, s);

    if (rv == APR_SUCCESS) {
        rv = remove_locked(st, s, id, idlen, p);
        store_unlock(st, s);
    }
    return rv;
}

apr_status_t as_store_update(as_store_t *st, server_rec *s,
                             const unsigned char *id, unsigned int idlen,
                             as_store_update_fn fn, void *baton,
                             apr_pool_t *p)
{
    unsigned char val[AS_STORE_UPDATE_CAP];
    unsigned int len = sizeof(val);
    apr_time_t expiry = 0;
    apr_status_t rv = store_lock(st, s);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    rv = fetch_locked(st, s, id, idlen, val, &len, p);
    if (APR_STATUS_IS_NOTFOUND(rv)) {
        len = 0;
        rv = APR_SUCCESS;
    }
    if (rv == APR_SUCCESS) {
        rv = fn(baton, val, &len, sizeof(val), &expiry);
        if (rv == APR_SUCCESS) {
            rv = len ? put_locked(st, s, id, idlen, expiry, val, len, p)
                     : remove_locked(st, s, id, idlen, p);
            if (APR_STATUS_IS_NOTFOUND(rv)) {
                rv = APR_SUCCESS;
            }
        }
    }
    store_unlock(st, s);
    return rv;
}

/* ---- AuthStatusStore (server config) ------------------------------------ */

void as_store_conf_merge(as_store_conf *n, const as_store_conf *base,
                         const as_store_conf *add)
{
    /* provider and arguments are one setting */
    *n = add->provider ? *add : *base;
}

static const as_store_conf *store_conf(server_rec *s)
{
    return &((const as_srv_conf *)ap_get_module_config(s->module_config,
                                                       &authstatus_module))
                ->store;
}

const char *as_set_store(cmd_parms *cmd, void *conf, const char *arg)
{
    as_srv_conf *sc = ap_get_module_config(cmd->server->module_config,
                                           &authstatus_module);
    const ap_socache_provider_t *prov;
    ap_socache_instance_t *inst;
    const char *name, *args, *err;
    (void)conf;

    err = as_confval_store(cmd->pool, arg, &name, &args);
    if (err) {
        return as_cmd_err(cmd, err);
    }
    prov = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, name,
                              AP_SOCACHE_PROVIDER_VERSION);
    if (prov == NULL) {
        return as_cmd_err(cmd, apr_psprintf(cmd->pool, "unknown socache "
                                            "provider '%s' in '%s': load "
                                            "mod_socache_%s (LoadModule "
                                            "socache_%s_module) before this "
                                            "line", name, arg, name, name));
    }
    /* the provider checks its arguments; the real instance is created in
     * post_config */
    err = prov->create(&inst, args, cmd->temp_pool, cmd->temp_pool);
    if (err) {
        return as_cmd_err(cmd, apr_psprintf(cmd->pool, "'%s': %s", arg, err));
    }
    sc->store.provider = name;
    sc->store.args = args;
    /* set explicitly, a store exists even when only .htaccess files use
     * AuthStatusThrottle or AuthStatusCache */
    as_store_need();
    return NULL;
}

static apr_status_t store_cleanup(void *data)
{
    as_store_t *st = data;

    if (st->inst) {
        st->provider->destroy(st->inst, st->s);
        st->inst = NULL;
    }
    return APR_SUCCESS;
}

static int store_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                            apr_pool_t *ptemp)
{
    apr_status_t rv;
    (void)ptemp;

    store_needed = 0;
    stores = NULL;
    server_stores = NULL;
    rv = ap_mutex_register(pconf, AS_STORE_MUTEX, NULL, APR_LOCK_DEFAULT, 0);
    if (rv != APR_SUCCESS) {
        ap_log_perror(APLOG_MARK, APLOG_CRIT, rv, plog,
                      "AS07002: cannot register the %s mutex type",
                      AS_STORE_MUTEX);
        return 500;
    }
    return OK;
}

/* Runs for 'apachectl configtest' too, unlike post_config: a section that
 * needs the default store while mod_socache_shmcb is not loaded. */
static int store_check_config(apr_pool_t *pconf, apr_pool_t *plog,
                              apr_pool_t *ptemp, server_rec *main_s)
{
    server_rec *s;
    (void)pconf;
    (void)plog;
    (void)ptemp;

    if (!store_needed
        || ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, AS_STORE_DEFAULT,
                              AP_SOCACHE_PROVIDER_VERSION)) {
        return OK;
    }
    for (s = main_s; s; s = s->next) {
        if (store_conf(s)->provider == NULL) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                         "AS07003: AuthStatusThrottle, AuthStatusCache, "
                         "key sets from identity providers, introspection "
                         "results and DPoP proofs keep their entries in an "
                         "ap_socache store, by "
                         "default '%s': load mod_socache_%s (LoadModule "
                         "socache_%s_module) or name another provider with "
                         "AuthStatusStore", AS_STORE_DEFAULT,
                         AS_STORE_DEFAULT, AS_STORE_DEFAULT);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    return OK;
}

static int same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* What a part holds, for the provider's sizing (mod_socache_shmcb makes
 * one index slot per avg_id_len + avg_obj_size bytes of its segment, and
 * each entry also costs an index slot of 24 bytes, which the object size
 * here includes so that index and data run out together). */
static const struct {
    const char *label;
    struct ap_socache_hints hints;
    apr_size_t shmcb_bytes;           /* the part's own shmcb segment */
} parts[AS_STORE_PARTS] = {
    /* 20-byte id, 16-byte counter */
    { "counters", { 20, 16 + 24, 60 * APR_USEC_PER_SEC },
      AS_STORE_COUNTERS_BYTES },
    /* 35-byte id; a Basic entry ~100 bytes, a Bearer one with its claims
     * ~300 to 1000 */
    { "cache", { 35, 300 + 24, 60 * APR_USEC_PER_SEC },
      AS_STORE_CACHE_BYTES },
    /* 35-byte id; a key set of a few KiB. The hint decides both the
     * index (shmcb keeps one slot per id + object size) and the subcache
     * size (the largest object): 4 KiB gives 8 subcaches of 256 KiB and 63
     * slots each. (64 KiB gave 2 subcaches of 15 slots, and the claim
     * records of retrying sources, then kept here, pushed the sets
     * themselves out: a new child found none. They are marks now.) */
    { "keys", { 35, 4096, 3600 * APR_USEC_PER_SEC },
      AS_STORE_KEYS_BYTES },
    /* 35-byte id (32 random-looking bytes first, so every subcache is
     * used), a 1-byte jti mark or a 9-byte claim: 256 subcaches of 1,092
     * slots. Written once a DPoP request, so kept apart from the cache,
     * whose entries a client's own traffic writes: a jti pushed out early
     * would make its proof replayable. */
    { "replay", { 35, 1 + 24, 90 * APR_USEC_PER_SEC },
      AS_STORE_REPLAY_BYTES },
};

/* The provider arguments of a part. A shmcb store is one segment per part,
 * each of its own size, so that one part's churn never pushes another's
 * entries out (shmcb drops the oldest entries of a full subcache): the
 * counters always get their own AS_STORE_COUNTERS_BYTES, the cache the
 * size the administrator gave (or AS_STORE_CACHE_BYTES). Other providers
 * (memcache, redis) are servers of their own size: one instance serves
 * every part. */
static const char *part_args(apr_pool_t *p, const char *name,
                             const char *args, as_store_part_e part)
{
    const char *file;

    if (strcmp(name, "shmcb")) {
        return args;
    }
    if (part == AS_STORE_CACHE && args) {
        return args;
    }
    file = ap_runtime_dir_relative(p, apr_psprintf(p, "authstatus-%s",
                                                   parts[part].label));
    return apr_psprintf(p, "%s(%" APR_SIZE_T_FMT ")", file,
                        parts[part].shmcb_bytes);
}

static as_store_t *store_create(apr_pool_t *pconf, apr_pool_t *ptemp,
                                server_rec *s, const char *name,
                                const char *args, const char *shown,
                                as_store_part_e part)
{
    struct ap_socache_hints hints = parts[part].hints;
    as_store_t *st = apr_pcalloc(pconf, sizeof(*st));
    int own = !strcmp(name, "shmcb");
    const char *err;
    apr_status_t rv;

    st->provider_name = name;
    st->args = args;
    st->s = s;
    /* a shmcb part is a segment of its own: say which */
    st->name = apr_psprintf(pconf, "%s%s%s%s%s%s", name, shown ? ":" : "",
                            shown ? shown : "", own ? " (" : "",
                            own ? parts[part].label : "", own ? ")" : "");
    st->provider = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, name,
                                      AP_SOCACHE_PROVIDER_VERSION);
    if (st->provider == NULL) {
        /* checked in the setter and check_config: a module unloaded? */
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                     "AS07009: socache provider '%s' of the store is gone",
                     name);
        return NULL;
    }
    err = st->provider->create(&st->inst, args, ptemp, pconf);
    if (err) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                     "AS07004: AuthStatusStore %s: %s", st->name, err);
        return NULL;
    }
    if (st->provider->flags & AP_SOCACHE_FLAG_NOTMPSAFE) {
        rv = ap_global_mutex_create(&st->mutex, NULL, AS_STORE_MUTEX,
                                    apr_itoa(ptemp, stores->nelts), s, pconf,
                                    0);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                         "AS07005: cannot create the mutex of store %s",
                         st->name);
            return NULL;
        }
    }
    rv = st->provider->init(st->inst,
                            own ? apr_pstrcat(ptemp, AS_STORE_CNAME, "-",
                                              parts[part].label, NULL)
                                : AS_STORE_CNAME,
                            &hints, s, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                     "AS07006: cannot initialise store %s", st->name);
        return NULL;
    }
    apr_pool_cleanup_register(pconf, st, store_cleanup,
                              apr_pool_cleanup_null);
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                 "AS07007: store %s ready%s", st->name,
                 st->mutex ? " (with a global mutex)" : "");
    return st;
}

/* ---- what outlives a restart ------------------------------------------- */

/* httpd unloads and reloads the module at every restart, so what is
 * carried lives in the process pool (under this userdata key), never in
 * statics, and its expiry is taken while the old code is still loaded. */
#define CARRY_KEY "authstatus-store-carry"
/* at most this much is carried (the keys part is 2 MiB with shmcb) */
#define CARRY_MAX (16 * 1024 * 1024)

static as_store_carry_fn carry_fns[AS_STORE_PARTS];

void as_store_carry(as_store_part_e part, as_store_carry_fn fn)
{
    carry_fns[part] = fn;
}

typedef struct {
    const char *provider, *args;      /* the store it came from */
    unsigned char *id, *data;
    unsigned int idlen, datalen;
    apr_time_t expiry;
} carried_t;

typedef struct {
    apr_pool_t *pool;                 /* a subpool of the process pool */
    apr_array_header_t *items;        /* of carried_t */
    apr_size_t bytes;
} carry_t;

typedef struct {
    carry_t *c;
    as_store_part_e part;
    apr_time_t now;
    const char *provider, *args;      /* copies in c->pool */
} carry_walk_t;

static apr_status_t carry_one(ap_socache_instance_t *inst, server_rec *s,
                              void *ctx, const unsigned char *id,
                              unsigned int idlen, const unsigned char *data,
                              unsigned int datalen, apr_pool_t *p)
{
    carry_walk_t *w = ctx;
    apr_time_t expiry = carry_fns[w->part](id, idlen, data, datalen);
    carried_t *it;
    (void)inst;
    (void)s;
    (void)p;

    if (expiry <= w->now || w->c->bytes + idlen + datalen > CARRY_MAX) {
        return APR_SUCCESS;
    }
    it = apr_array_push(w->c->items);
    it->provider = w->provider;
    it->args = w->args;
    it->id = apr_pmemdup(w->c->pool, id, idlen);
    it->data = apr_pmemdup(w->c->pool, data, datalen);
    it->idlen = idlen;
    it->datalen = datalen;
    it->expiry = expiry;
    w->c->bytes += idlen + datalen;
    return APR_SUCCESS;
}

/* A pre-cleanup of pconf, in the parent: runs before the stores are
 * destroyed and before the module is unloaded. Only when the configuration
 * is cleared for a restart, not when the server exits. */
static apr_status_t carry_out(void *data)
{
    server_rec *main_s = data;
    apr_pool_t *proc = main_s->process->pool;
    carry_t *c = NULL;
    int i, part;

    if (ap_state_query(AP_SQ_MAIN_STATE) != AP_SQ_MS_DESTROY_CONFIG
        || stores == NULL) {
        return APR_SUCCESS;
    }
    apr_pool_userdata_get((void **)&c, CARRY_KEY, proc);
    if (c == NULL) {
        apr_pool_t *cp;

        if (apr_pool_create(&cp, proc) != APR_SUCCESS) {
            return APR_SUCCESS;
        }
        c = apr_pcalloc(cp, sizeof(*c));
        c->pool = cp;
        c->items = apr_array_make(cp, 8, sizeof(carried_t));
        apr_pool_userdata_set(c, CARRY_KEY, apr_pool_cleanup_null, proc);
    }
    for (i = 0; i < stores->nelts; i++) {
        as_store_t *st = APR_ARRAY_IDX(stores, i, as_store_t *);
        carry_walk_t w;
        apr_pool_t *tmp;

        if (!st->carries || st->provider->iterate == NULL
            || apr_pool_create(&tmp, c->pool) != APR_SUCCESS) {
            continue;
        }
        /* the store the entries came from: one copy for all of them */
        w.c = c;
        w.provider = apr_pstrdup(c->pool, st->provider_name);
        w.args = st->args ? apr_pstrdup(c->pool, st->args) : NULL;
        for (part = 0; part < AS_STORE_PARTS; part++) {
            if (carry_fns[part] == NULL || store_lock(st, st->s)) {
                continue;
            }
            w.part = (as_store_part_e)part;
            w.now = apr_time_now();
            /* APR_ENOTIMPL from memcache and redis: they keep entries */
            (void)st->provider->iterate(st->inst, st->s, &w, carry_one, tmp);
            store_unlock(st, st->s);
        }
        apr_pool_destroy(tmp);
    }
    return APR_SUCCESS;
}

static void drop_carried(server_rec *main_s)
{
    apr_pool_t *proc = main_s->process->pool;
    carry_t *c = NULL;

    apr_pool_userdata_get((void **)&c, CARRY_KEY, proc);
    if (c) {
        apr_pool_userdata_set(NULL, CARRY_KEY, apr_pool_cleanup_null, proc);
        apr_pool_destroy(c->pool);
    }
}

/* In post_config, once the new stores exist: write what the last
 * configuration's stores held back into the store of the same provider and
 * arguments (the same shmcb segment file and size, the same dbm file), not
 * into another server's store, then let it go. */
static void carry_in(server_rec *main_s, apr_pool_t *ptemp)
{
    carry_t *c = NULL;
    int i, j, n;

    apr_pool_userdata_get((void **)&c, CARRY_KEY, main_s->process->pool);
    for (i = 0; c && stores && i < stores->nelts; i++) {
        as_store_t *st = APR_ARRAY_IDX(stores, i, as_store_t *);

        if (!st->carries) {
            continue;
        }
        for (j = 0, n = 0; j < c->items->nelts; j++) {
            carried_t *it = &APR_ARRAY_IDX(c->items, j, carried_t);

            if (!strcmp(it->provider, st->provider_name)
                && same(it->args, st->args)
                && as_store_put(st, st->s, it->id, it->idlen, it->expiry,
                                it->data, it->datalen, ptemp)
                   == APR_SUCCESS) {
                n++;
            }
        }
        if (n) {
            ap_log_error(APLOG_MARK, APLOG_INFO, 0, st->s,
                         "AS07012: %d entr%s carried over the restart into "
                         "store %s", n, n == 1 ? "y" : "ies", st->name);
        }
    }
    drop_carried(main_s);
}

static void share_warn_times(apr_pool_t *pconf, server_rec *s)
{
    apr_size_t size = sizeof(apr_uint32_t) * stores->nelts;
    apr_shm_t *shm;
    apr_uint32_t *slots;
    apr_status_t rv;
    int i;

    rv = apr_shm_create(&shm, size, NULL, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_DEBUG, rv, s,
                     "AS07011: no anonymous shared memory: store warnings "
                     "are limited per process");
        return;
    }
    slots = apr_shm_baseaddr_get(shm);
    memset(slots, 0, size);
    for (i = 0; i < stores->nelts; i++) {
        APR_ARRAY_IDX(stores, i, as_store_t *)->last_warn = slots + i;
    }
}

static int store_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                             apr_pool_t *ptemp, server_rec *main_s)
{
    server_rec *s;
    int i;
    (void)plog;

    if (!store_needed) {
        drop_carried(main_s);
        return OK;
    }
    stores = apr_array_make(pconf, 2, sizeof(as_store_t *));
    server_stores = apr_hash_make(pconf);
    for (s = main_s; s; s = s->next) {
        const as_store_conf *sc = store_conf(s);
        const char *name = sc->provider ? sc->provider : AS_STORE_DEFAULT;
        const char *shown = sc->provider ? sc->args : NULL;
        as_store_t **mine = apr_pcalloc(pconf, sizeof(*mine) * AS_STORE_PARTS);
        server_rec **key;
        int part;

        for (part = 0; part < AS_STORE_PARTS; part++) {
            const char *args = part_args(pconf, name, shown, part);
            as_store_t *st = NULL;

            /* servers with the same setting share one store; parts with
             * the same provider arguments share one instance */
            for (i = 0; i < stores->nelts; i++) {
                as_store_t *o = APR_ARRAY_IDX(stores, i, as_store_t *);
                if (!strcmp(o->provider_name, name) && same(o->args, args)) {
                    st = o;
                    break;
                }
            }
            if (st == NULL) {
                st = store_create(pconf, ptemp, s, name, args, shown, part);
                if (st == NULL) {
                    return HTTP_INTERNAL_SERVER_ERROR;
                }
                APR_ARRAY_PUSH(stores, as_store_t *) = st;
            }
            mine[part] = st;
            if (carry_fns[part]) {
                st->carries = 1;
            }
        }
        key = apr_palloc(pconf, sizeof(*key));
        *key = s;
        apr_hash_set(server_stores, key, sizeof(*key), mine);
    }
    share_warn_times(pconf, main_s);
    carry_in(main_s, ptemp);
    apr_pool_pre_cleanup_register(pconf, main_s, carry_out);
    return OK;
}

static void store_child_init(apr_pool_t *p, server_rec *s)
{
    apr_status_t rv;
    int i;

    if (stores == NULL) {
        return;
    }
    for (i = 0; i < stores->nelts; i++) {
        as_store_t *st = APR_ARRAY_IDX(stores, i, as_store_t *);
        if (st->mutex == NULL) {
            continue;
        }
        rv = apr_global_mutex_child_init(&st->mutex,
                                         apr_global_mutex_lockfile(st->mutex),
                                         p);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                         "AS07008: cannot re-attach the mutex of store %s "
                         "in this child", st->name);
        }
    }
}

void as_store_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_pre_config(store_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_check_config(store_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(store_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(store_child_init, NULL, NULL, APR_HOOK_MIDDLE);
}
