/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_keycache.h
 * Per-process cache of parsed key files for AuthStatusBearerKeys in
 * .htaccess files (which httpd reads again for every request). An entry is
 * keyed by the absolute path and validated by one stat of the file
 * (mtime, ctime, size, inode, device): the file is read and parsed only
 * when one of them changed. Failed loads are remembered too, so a broken
 * file is not parsed again until it changes.
 *
 * Entries live in their own pools under the cache pool (own allocator,
 * guarded by the cache's mutex). A request that took a key set holds a
 * reference, dropped by a cleanup on its pool; a replaced entry is freed
 * (EVP_PKEYs with it) when its last reference goes. Pure APR + as_keys:
 * no httpd headers, unit-tested alone.
 */
#ifndef AS_KEYCACHE_H
#define AS_KEYCACHE_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "as_keys.h"

/** Distinct key files remembered per process; more are loaded uncached
 * (read and parsed for each request, as without the cache). */
#define AS_KEYCACHE_MAX_FILES 256

typedef struct as_keycache_t as_keycache_t;

/** Create a cache whose memory is freed with parent. Thread-safe if
 * APR has threads. NULL if a pool or mutex cannot be made. */
as_keycache_t *as_keycache_create(apr_pool_t *parent, int max_files);

/** Outcome of as_keycache_get, for logging. */
typedef enum {
    AS_KEYCACHE_HIT,        /* the cached set, nothing read */
    AS_KEYCACHE_PARSED,     /* the file was read and parsed, now cached */
    AS_KEYCACHE_UNCACHED    /* read and parsed into p: the cache is full */
} as_keycache_how_e;

/** The keys of the file at path (absolute), as as_keyset_load_file would
 * give them, valid as long as p lives (p: the caller's pool, e.g. the
 * request's; it also holds temporaries; it must be destroyed before the
 * cache's parent pool, as a cleanup on p drops the reference). NULL on success, else a message
 * (from p) naming the file and the reason; a file that cannot be
 * stat'ed, read or parsed is an error, never the previous keys. Warnings
 * (const char *, may be NULL) are added only when the file was parsed by
 * this call. how (may be NULL) says what happened. */
const char *as_keycache_get(as_keycache_t *c, apr_pool_t *p,
                            const char *path, const as_keyset_t **keys,
                            apr_array_header_t *warnings,
                            as_keycache_how_e *how);

/** Number of entries (current and replaced but still referenced) whose
 * pools are alive; for tests. */
int as_keycache_live(as_keycache_t *c);

#endif /* AS_KEYCACHE_H */
