/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_cache_req.h
 * AuthStatusCache, request side (modules/as_cache_req.c): the directive,
 * the startup key, and lookup/remember around a scheme's verification.
 *
 * A scheme's verify path does:
 *   as_cache_slot_t slot;
 *   as_cache_entry_t hit;
 *   if (as_cache_lookup(r, d, &slot, "Basic", user, pw, strlen(pw), &hit))
 *       -> success as hit.user, no provider call;
 *   ... verify ...
 *   on success: as_cache_remember(r, d, &slot, user, not_after, NULL, 0);
 * where not_after is 0, or a Bearer token's exp (the entry never outlives
 * it), and the blob may carry what a hit needs besides the user name.
 * Everything fails open: no store, no key, a store error — no caching.
 */
#ifndef AS_CACHE_REQ_H
#define AS_CACHE_REQ_H

#include <jansson.h>

#include "as_config.h"
#include "as_cache.h"

/** The cache's namespace in the store it shares with the throttle. */
#define AS_CACHE_NS     "asC"
#define AS_CACHE_NS_LEN 3

/** The entry a request looked up, to remember a success under it. */
typedef struct {
    int on;                                   /* cache applies */
    int seconds;                              /* how long a success stays */
    /* HMAC || "asC": the hash first, since stores bucket ids by their
     * first bytes */
    unsigned char id[AS_CACHE_ID_LEN + AS_CACHE_NS_LEN];
} as_cache_slot_t;

/** child_init: this process's copy of recent entries (as_cache_local.h),
 * when the cache has a key and some server a store. */
void as_cache_child_init(apr_pool_t *pchild, server_rec *s);

/** Look the credentials up. @a user may be NULL (Bearer: the token is the
 * whole secret). @return 1 on a hit, with @a hit filled (in r->pool);
 * 0 otherwise, @a slot then says whether to remember a success. */
int as_cache_lookup(request_rec *r, const as_dir_conf *d,
                    as_cache_slot_t *slot, const char *scheme,
                    const char *user, const void *secret,
                    apr_size_t secret_len, as_cache_entry_t *hit);

/** Remember a verified success under @a slot for AuthStatusCache seconds,
 * never beyond @a not_after (0: no bound). */
void as_cache_remember(request_rec *r, const as_dir_conf *d,
                       const as_cache_slot_t *slot, const char *user,
                       apr_time_t not_after, const void *extra,
                       apr_size_t extra_len);

/** Introspection results, one entry per endpoint and token (keyed by
 * the same per-restart HMAC), for seconds (0: no caching). */
int as_cache_lookup_introspected(request_rec *r, as_cache_slot_t *slot,
                                 const char *endpoint, const char *token,
                                 int seconds, as_cache_entry_t *hit);

/** as_cache_remember for seconds instead of the location's
 * AuthStatusCache. */
void as_cache_remember_for(request_rec *r, const as_cache_slot_t *slot,
                           int seconds, const char *user,
                           apr_time_t not_after, const void *extra,
                           apr_size_t extra_len);

/** Bearer: the claims a hit remembered (compact JSON in its blob), parsed
 * and freed with r->pool; NULL when the blob is not a JSON object. */
json_t *as_cache_hit_claims(request_rec *r, const as_cache_entry_t *hit);

/** Bearer: remember a verified token with its claims, never beyond its
 * exp (@a exp 0: unknown, and then the token is not remembered). */
void as_cache_remember_token(request_rec *r, const as_dir_conf *d,
                             const as_cache_slot_t *slot, const char *user,
                             apr_time_t exp, const json_t *claims);

/** post_config: a new random key at every (graceful) restart. */
int as_cache_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                         apr_pool_t *ptemp, server_rec *s);

#endif
