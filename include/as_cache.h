/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_cache.h
 * The verified-credential cache (AuthStatusCache), pure part: no
 * request_rec, unit tested in t/unit/test_cache.c.
 *
 * An entry's id is HMAC-SHA256, under a random key made at startup, of the
 * scheme, the location's auth-config identity and the credentials, each
 * field length-prefixed so that no two field lists hash the same input. The
 * secret itself is never stored. The value (the user name, an expiry and an
 * optional opaque blob such as a token's claims) carries its own HMAC tag
 * bound to the id, checked in constant time, so that an entry copied or
 * edited in a shared store (memcache, redis) is refused.
 */
#ifndef AS_CACHE_H
#define AS_CACHE_H

#include <apr_pools.h>
#include <apr_time.h>

/** Length of the startup key, the entry id and the value tag. */
#define AS_CACHE_KEY_LEN 32
#define AS_CACHE_ID_LEN  32
#define AS_CACHE_TAG_LEN 32

/** Largest user name and blob an entry holds (longer: not cached). */
#define AS_CACHE_MAX_USER  1024
#define AS_CACHE_MAX_EXTRA 8192

/** A keyed HMAC-SHA256, ready to use from any thread. */
typedef struct as_cache_mac_t as_cache_mac_t;

/** One input field of an id. */
typedef struct {
    const void *data;
    apr_size_t len;
} as_cache_field_t;

/** What a cached success remembers. */
typedef struct {
    const char *user;        /* r->user to set on a hit */
    apr_time_t not_after;    /* the entry is worthless from this moment */
    const void *extra;       /* opaque blob (e.g. Bearer claims), or NULL */
    apr_size_t extra_len;
} as_cache_entry_t;

/** Outcome of decoding a stored value. */
typedef enum {
    AS_CACHE_VALUE_OK = 0,
    AS_CACHE_VALUE_MALFORMED,   /* wrong length, version or field sizes */
    AS_CACHE_VALUE_BAD_TAG,     /* not made under this key for this id */
    AS_CACHE_VALUE_EXPIRED      /* not_after has passed */
} as_cache_value_status_e;

/** Which configuration sections a request's per-directory configuration
 * was merged from, in order: a polynomial hash of the sections' paths.
 * Combining is associative, so the value does not depend on how httpd
 * groups its merges (walk caches pre-merge runs of sections). */
typedef struct {
    apr_uint64_t h;
    apr_uint64_t p;
} as_cache_scope_t;

/** The scope of one section (create_dir_conf's dir; NULL: server). */
as_cache_scope_t as_cache_scope_section(const char *dir);

/** The scope of @a add merged onto @a base. */
as_cache_scope_t as_cache_scope_merge(as_cache_scope_t base,
                                      as_cache_scope_t add);

/** Fill @a key with @a len random bytes (OpenSSL RAND_bytes).
 * @return APR_SUCCESS, or APR_EGENERAL when the generator failed. */
apr_status_t as_cache_random_key(unsigned char *key, apr_size_t len);

/** Prepare HMAC-SHA256 under @a key (copied). The OpenSSL state is freed
 * with @a p. @return NULL and *err set on failure. */
as_cache_mac_t *as_cache_mac_create(apr_pool_t *p, const unsigned char *key,
                                    apr_size_t keylen, const char **err);

/** id = HMAC(key, "authstatus-cache-id-1" || for each field: len(4, big
 * endian) || data). @return APR_SUCCESS or APR_EGENERAL. */
apr_status_t as_cache_derive_id(const as_cache_mac_t *m,
                                const as_cache_field_t *fields, int nfields,
                                unsigned char id[AS_CACHE_ID_LEN]);

/** The expiry of a new entry: now + seconds, but never after @a not_after
 * (0: no bound). @return 0 when the entry would already be expired. */
apr_time_t as_cache_expiry(apr_time_t now, int seconds, apr_time_t not_after);

/** Encode @a e (e->not_after must be set) into a value for the store,
 * tagged for @a id. @return APR_SUCCESS, APR_EINVAL when the user or blob
 * is too long, APR_EGENERAL when the MAC failed. */
apr_status_t as_cache_value_encode(apr_pool_t *p, const as_cache_mac_t *m,
                                   const unsigned char id[AS_CACHE_ID_LEN],
                                   const as_cache_entry_t *e,
                                   unsigned char **out, unsigned int *outlen);

/** Decode and check a stored value for @a id at time @a now. On
 * AS_CACHE_VALUE_OK, @a e holds copies in @a p (user NUL-terminated). */
as_cache_value_status_e as_cache_value_decode(apr_pool_t *p,
                                              const as_cache_mac_t *m,
                                              const unsigned char id[AS_CACHE_ID_LEN],
                                              const unsigned char *buf,
                                              unsigned int len, apr_time_t now,
                                              as_cache_entry_t *e);

#endif
