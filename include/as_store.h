/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_store.h
 * The shared store behind AuthStatusThrottle and AuthStatusCache: one
 * ap_socache instance per distinct AuthStatusStore setting
 * (default "shmcb"), created in post_config only when a section uses it,
 * shared by every child process, and, with memcache or redis, by every
 * server pointed at the same memcached or redis.
 *
 * Ids are the caller's: start them with a hash (stores bucket ids by their
 * first bytes; a fixed prefix puts every entry into one bucket) and end
 * them with a namespace of your own (the throttle uses "asT"), since the
 * parts of a memcache or redis store share one key space.
 * Providers keep whole seconds: an expiry less than a second away is
 * moved to one second from now, so keep your own timestamps in the value
 * when a second matters.
 *
 * Fail open: each call returns the provider's status (APR_NOTFOUND for a
 * missing entry) and logs a warning, at most once a minute per store and
 * process, for any other failure; callers go on without the store.
 */
#ifndef AS_STORE_H
#define AS_STORE_H

#include <httpd.h>
#include <http_config.h>
#include <apr_pools.h>
#include <apr_time.h>

typedef struct as_store_t as_store_t;

/** What the store holds, kept apart: with shmcb each part is a segment of
 * its own, so that one part's churn (a cache entry per verified
 * credential) never pushes another's entries (a brute-force counter) out. */
typedef enum {
    AS_STORE_COUNTERS = 0,      /* AuthStatusThrottle */
    AS_STORE_CACHE,             /* AuthStatusCache, introspection results */
    AS_STORE_KEYS,              /* key sets fetched from identity providers,
                                 * the DPoP nonce secret */
    AS_STORE_REPLAY,            /* short-lived marks: DPoP proof jtis, key
                                 * refetch claims */
    AS_STORE_PARTS
} as_store_part_e;

/** shmcb segment of the counters: 60 bytes a counter (id, value, index),
 * so about 34,900 counters, 17,000 a MiB. */
#define AS_STORE_COUNTERS_BYTES (2 * 1024 * 1024)

/** shmcb segment of the cache when AuthStatusStore gives no size: 4 MiB,
 * about 12,000 entries (a Basic entry ~100 bytes, a Bearer one with its
 * claims ~300 to 1000; 24 bytes of index each). */
#define AS_STORE_CACHE_BYTES (4 * 1024 * 1024)

/** shmcb segment of the fetched key sets: 2 MiB in 8 subcaches of 256
 * KiB with 63 entries each, so a key set of up to about 200 KiB (Entra
 * ID's is ~12 KiB) and some 500 sources. Only a fetch writes here, so
 * nothing a client sends can push a set out; the sets are carried over
 * restarts (as_store_carry). */
#define AS_STORE_KEYS_BYTES (2 * 1024 * 1024)

/** shmcb segment of the replay marks: 60 bytes a mark (35-byte id, value,
 * index), 16 MiB in 256 subcaches of 1,092 marks, about 279,000 in all.
 * A proof's mark lives until its iat + window (about 91 s by default), so
 * some 3,000 fresh DPoP proofs a second can be told from replays; beyond
 * that the oldest marks of a subcache go first. */
#define AS_STORE_REPLAY_BYTES (16 * 1024 * 1024)

/** Some section uses the store (AuthStatusThrottle, AuthStatusCache
 * setters call this): post_config creates it. Reset in pre_config. */
void as_store_need(void);

/** The store of this server, or NULL when there is none: nothing in the
 * server configuration needed one (only .htaccess files use the feature).
 * A store that cannot be created stops startup instead. */
as_store_t *as_store_get_for(server_rec *s, as_store_part_e part);

/** Whether post_config created any store (for any server). */
int as_store_any(void);

/** Copy the value of id into dest (*destlen: its size on entry, the
 * value's length on return). APR_NOTFOUND when there is none. */
apr_status_t as_store_fetch(as_store_t *st, server_rec *s,
                            const unsigned char *id, unsigned int idlen,
                            unsigned char *dest, unsigned int *destlen,
                            apr_pool_t *p);

/** Store data under id until expiry (absolute). */
apr_status_t as_store_put(as_store_t *st, server_rec *s,
                          const unsigned char *id, unsigned int idlen,
                          apr_time_t expiry, const unsigned char *data,
                          unsigned int datalen, apr_pool_t *p);

/** Remove id; APR_SUCCESS or APR_NOTFOUND when it was not there. */
apr_status_t as_store_remove(as_store_t *st, server_rec *s,
                             const unsigned char *id, unsigned int idlen,
                             apr_pool_t *p);

/** The callback of as_store_update: val (cap bytes) holds the current
 * value, *vallen bytes, 0 when there is none; *expiry is 0 on entry (the
 * providers do not report it). Return APR_SUCCESS to write val back with
 * *expiry (or to remove the entry when *vallen is 0), anything else to
 * leave the store as it is; as_store_update then returns that status. */
typedef apr_status_t (*as_store_update_fn)(void *baton, unsigned char *val,
                                           unsigned int *vallen,
                                           unsigned int cap,
                                           apr_time_t *expiry);

/** Largest value as_store_update hands to its callback. */
#define AS_STORE_UPDATE_CAP 1024

/** Read, change and write back one entry. Under the store's global mutex
 * when the provider is not safe across processes (shmcb), so no update is
 * lost between children; with memcache or redis two servers updating the
 * same entry at the same instant may lose one update. */
apr_status_t as_store_update(as_store_t *st, server_rec *s,
                             const unsigned char *id, unsigned int idlen,
                             apr_status_t (*fn)(void *baton,
                                                unsigned char *val,
                                                unsigned int *vallen,
                                                unsigned int cap,
                                                apr_time_t *expiry),
                             void *baton, apr_pool_t *p);

/** Until when an entry of a part is good, said by the entry's owner: its
 * absolute expiry, or 0 to let it go. */
typedef apr_time_t (*as_store_carry_fn)(const unsigned char *id,
                                        unsigned int idlen,
                                        const unsigned char *data,
                                        unsigned int datalen);

/** Carry a part's entries over restarts. A shmcb store is made anew at
 * every restart (graceful or not) and every child is new, so whatever the
 * children had is gone; for a part with a carry function, the parent
 * copies the old store's entries (those fn gives a future expiry) before
 * the old configuration is cleared, and writes them into the new store
 * with that expiry. Stores that keep entries themselves (memcache, redis)
 * cannot be walked and need nothing. Call from register_hooks. */
void as_store_carry(as_store_part_e part, as_store_carry_fn fn);

/** The store part of the per-server configuration. */
typedef struct {
    const char *provider;     /* NULL: the default, shmcb */
    const char *args;
} as_store_conf;

void as_store_conf_merge(as_store_conf *n, const as_store_conf *base,
                         const as_store_conf *add);

/** AuthStatusStore provider[:args] (server config). */
const char *as_set_store(cmd_parms *cmd, void *conf, const char *arg);

#define AS_STORE_CMDS \
    AP_INIT_TAKE1("AuthStatusStore", as_set_store, NULL, RSRC_CONF, \
                  "socache provider[:args] of the one store: throttling " \
                  "counters, the credential cache (default: shmcb)"), \
    AP_INIT_TAKE1("AuthStatusThrottleStore", as_set_store, NULL, RSRC_CONF, \
                  "The former name of AuthStatusStore")

/** The name of a store for log lines ("shmcb", "memcache:h:p"). */
const char *as_store_name(const as_store_t *st);

/** pre_config, post_config and child_init hooks of the store. */
void as_store_register_hooks(apr_pool_t *p);

#endif
