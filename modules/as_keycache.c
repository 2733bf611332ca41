/* Licensed under the Apache License, Version 2.0. */
/* Per-process cache of parsed key files for AuthStatusBearerKeys in
 * .htaccess (see include/as_keycache.h). One stat per file per request;
 * the file is read and parsed only when it changed, into a new version of
 * the file's key source (as_keysrc.h), which frees the old one once no
 * request holds it. */

#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_file_info.h>
#include <apr_thread_mutex.h>

#include "as_keycache.h"
#include "as_keysrc.h"

/* What identifies one version of a file. ctime changes with chmod/chown,
 * the inode with a rename over the file. */
typedef struct {
    apr_time_t mtime;
    apr_time_t ctime;
    apr_off_t size;
    apr_ino_t inode;
    apr_dev_t device;
} stamp_t;

/* One file: a replaceable key source, and the stamp of its current
 * version (only this cache publishes to it, under the cache's mutex). */
typedef struct {
    as_keysrc_t *src;
    stamp_t stamp;
} entry_t;

struct as_keycache_t {
    apr_pool_t *pool;       /* own allocator: only used under mutex */
#if APR_HAS_THREADS
    apr_thread_mutex_t *mutex;
#endif
    apr_hash_t *files;      /* path -> entry_t * */
    int max_files;
};

static void lock(as_keycache_t *c)
{
#if APR_HAS_THREADS
    if (c->mutex) {
        apr_thread_mutex_lock(c->mutex);
    }
#else
    (void)c;
#endif
}

static void unlock(as_keycache_t *c)
{
#if APR_HAS_THREADS
    if (c->mutex) {
        apr_thread_mutex_unlock(c->mutex);
    }
#else
    (void)c;
#endif
}

as_keycache_t *as_keycache_create(apr_pool_t *parent, int max_files)
{
    apr_allocator_t *alloc;
    apr_pool_t *pool;
    as_keycache_t *c;

    if (apr_allocator_create(&alloc) != APR_SUCCESS) {
        return NULL;
    }
    if (apr_pool_create_ex(&pool, parent, NULL, alloc) != APR_SUCCESS) {
        apr_allocator_destroy(alloc);
        return NULL;
    }
    apr_allocator_owner_set(alloc, pool);
    apr_pool_tag(pool, "authstatus_keycache");
    c = apr_pcalloc(pool, sizeof(*c));
    c->pool = pool;
#if APR_HAS_THREADS
    if (apr_thread_mutex_create(&c->mutex, APR_THREAD_MUTEX_DEFAULT, pool)
        != APR_SUCCESS) {
        apr_pool_destroy(pool);
        return NULL;
    }
#endif
    c->files = apr_hash_make(pool);
    c->max_files = max_files;
    return c;
}

static int same_stamp(const stamp_t *a, const stamp_t *b)
{
    return a->mtime == b->mtime && a->ctime == b->ctime
           && a->size == b->size && a->inode == b->inode
           && a->device == b->device;
}

/* Hand the current version's keys (or its error, the tag) to a user of
 * pool p. */
static const char *take(entry_t *e, apr_pool_t *p, const as_keyset_t **keys)
{
    const void *err = NULL;

    as_keysrc_get(e->src, p, keys, &err);
    return *keys ? NULL : apr_pstrdup(p, err ? err : "no keys");
}

/* Read and parse the file into a new version of e's source; mutex held,
 * so other threads wanting this file wait for this parse instead of
 * doing their own. Temporaries go to p. */
static const char *reload(entry_t *e, apr_pool_t *p, const char *path,
                          const stamp_t *st, apr_array_header_t *warnings)
{
    apr_pool_t *vp = as_keysrc_begin(e->src);
    as_keyset_t *ks;
    const char *err;

    if (vp == NULL) {
        return apr_psprintf(p, "%s: cannot cache the keys: out of memory",
                            path);
    }
    ks = as_keyset_make(vp);
    err = as_keyset_load_file(ks, p, path, warnings);
    /* a failed load is remembered too, so a broken file is not parsed
     * again until it changes */
    as_keysrc_publish(e->src, vp, err ? NULL : ks,
                      err ? apr_pstrdup(vp, err) : NULL);
    e->stamp = *st;
    return NULL;
}

const char *as_keycache_get(as_keycache_t *c, apr_pool_t *p,
                            const char *path, const as_keyset_t **keys,
                            apr_array_header_t *warnings,
                            as_keycache_how_e *how)
{
    apr_finfo_t fi;
    apr_status_t rv;
    stamp_t st;
    entry_t *e;
    const char *err;
    char ebuf[120];
    as_keyset_t *ks;

    *keys = NULL;
    if (how) {
        *how = AS_KEYCACHE_HIT;
    }
    rv = apr_stat(&fi, path, APR_FINFO_MTIME | APR_FINFO_CTIME
                  | APR_FINFO_SIZE | APR_FINFO_INODE | APR_FINFO_DEV
                  | APR_FINFO_TYPE, p);
    if (rv != APR_SUCCESS && rv != APR_INCOMPLETE) {
        return apr_psprintf(p, "%s: cannot read: %s", path,
                            apr_strerror(rv, ebuf, sizeof(ebuf)));
    }
    memset(&st, 0, sizeof(st));
    st.mtime = fi.mtime;
    st.ctime = fi.ctime;
    st.size = fi.size;
    st.inode = fi.inode;
    st.device = fi.device;

    lock(c);
    e = apr_hash_get(c->files, path, APR_HASH_KEY_STRING);
    if (e && same_stamp(&e->stamp, &st)) {
        err = take(e, p, keys);
        unlock(c);
        return err;
    }
    if (!e && (int)apr_hash_count(c->files) >= c->max_files) {
        /* full: load as if there were no cache */
        unlock(c);
        if (how) {
            *how = AS_KEYCACHE_UNCACHED;
        }
        ks = as_keyset_make(p);
        err = as_keyset_load_file(ks, p, path, warnings);
        if (!err) {
            *keys = ks;
        }
        return err;
    }
    if (how) {
        *how = AS_KEYCACHE_PARSED;
    }
    if (!e) {
        const char *key = apr_pstrdup(c->pool, path);

        e = apr_pcalloc(c->pool, sizeof(*e));
        e->src = as_keysrc_create(c->pool, key);
        if (e->src == NULL) {
            unlock(c);
            return apr_psprintf(p, "%s: cannot cache the keys: no mutex",
                                path);
        }
        apr_hash_set(c->files, key, APR_HASH_KEY_STRING, e);
    }
    err = reload(e, p, path, &st, warnings);
    if (!err) {
        err = take(e, p, keys);
    }
    unlock(c);
    return err;
}

int as_keycache_live(as_keycache_t *c)
{
    apr_hash_index_t *hi;
    int n = 0;

    lock(c);
    for (hi = apr_hash_first(NULL, c->files); hi; hi = apr_hash_next(hi)) {
        n += as_keysrc_live(((entry_t *)apr_hash_this_val(hi))->src);
    }
    unlock(c);
    return n;
}
