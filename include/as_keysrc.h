/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_keysrc.h
 * A key source: where a location's verification keys come from, as a key
 * set that can be replaced while requests run. A request takes the
 * current version with a reference held until its pool is cleaned up; a
 * replaced version is freed (its EVP_PKEYs with it) when the last request
 * that took it ends. Key files read at startup are a static source (no
 * lock, nothing counted); the .htaccess key file cache (as_keycache.h)
 * keeps one replaceable source per file, and sources fetched from an
 * identity provider are replaced when it rotates its keys.
 *
 * Each version lives in a pool of its own with its own allocator, so one
 * version can be built while others are in use. Pure APR + as_keys: no
 * httpd headers, unit-tested alone.
 */
#ifndef AS_KEYSRC_H
#define AS_KEYSRC_H

#include <apr_pools.h>

#include "as_keys.h"

typedef struct as_keysrc_t as_keysrc_t;

/** A source whose set never changes (ks lives as long as p). */
as_keysrc_t *as_keysrc_static(apr_pool_t *p, const char *name,
                              const as_keyset_t *ks);

/** A replaceable source, with no version yet; everything it holds is
 * freed with parent. NULL when a mutex cannot be made. */
as_keysrc_t *as_keysrc_create(apr_pool_t *parent, const char *name);

/** A new, empty version pool to build the next set in (no lock held
 * while building); hand it to as_keysrc_publish or as_keysrc_discard.
 * NULL when out of memory. */
apr_pool_t *as_keysrc_begin(as_keysrc_t *src);

/** Make the set ks (NULL: "no usable set", with tag saying why) built in
 * vp the current version. tag (may be NULL) lives in vp too. The
 * previous version is freed once no request holds it. */
void as_keysrc_publish(as_keysrc_t *src, apr_pool_t *vp,
                       const as_keyset_t *ks, const void *tag);

/** Throw away a version pool that was not published. */
void as_keysrc_discard(as_keysrc_t *src, apr_pool_t *vp);

/** The current version: its set (NULL when it has none) and tag, valid
 * as long as p lives (p must be destroyed before the source's parent).
 * Returns 0 when nothing was ever published, else 1. */
int as_keysrc_get(as_keysrc_t *src, apr_pool_t *p, const as_keyset_t **ks,
                  const void **tag);

/** The source's name, for messages (a path or a URL). */
const char *as_keysrc_name(const as_keysrc_t *src);

/** Versions whose pools are alive (the current one and replaced ones
 * still held); for tests. */
int as_keysrc_live(as_keysrc_t *src);

/** Tie the source to one issuer: only tokens whose iss is issuer take its
 * keys (a "discover" source). issuer must live as long as the source. */
void as_keysrc_set_issuer(as_keysrc_t *src, const char *issuer);
/** The issuer a source is tied to, or NULL (any issuer). */
const char *as_keysrc_issuer(const as_keysrc_t *src);

/** What to do when a token names a kid that the source's current set
 * lacks: fetch again (rate-limited by the callee) and publish. Returns 1
 * when a new version was published, 0 when nothing is new, -1 when the
 * source cannot be fetched at the moment (so the kid may well exist). */
typedef int (*as_keysrc_miss_fn)(void *baton, as_keysrc_t *src,
                                 apr_pool_t *p);
void as_keysrc_set_miss(as_keysrc_t *src, as_keysrc_miss_fn fn, void *baton);
/** Report a miss: the callback's answer, 0 for sources without one. */
int as_keysrc_miss(as_keysrc_t *src, apr_pool_t *p);

#endif
