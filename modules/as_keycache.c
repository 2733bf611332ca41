/* Licensed under the Apache License, Version 2.0. */
/* Per-process cache of parsed key files for AuthStatusBearerKeys in
 * .htaccess (see include/as_keycache.h). One stat per file per request;
 * the file is read and parsed only when it changed. */

#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_file_info.h>
#include <apr_thread_mutex.h>

#include "as_keycache.h"

/* What identifies one version of a file. ctime changes with chmod/chown,
 * the inode with a rename over the file. */
typedef struct {
    apr_time_t mtime;
    apr_time_t ctime;
    apr_off_t size;
    apr_ino_t inode;
    apr_dev_t device;
} stamp_t;

typedef struct entry_t entry_t;
struct entry_t {
    as_keycache_t *cache;
    apr_pool_t *pool;       /* this entry's memory and EVP_PKEY cleanups */
    stamp_t stamp;
    as_keyset_t *keys;      /* NULL if the load failed */
    const char *err;        /* why it failed */
    int refs;               /* requests using keys */
    int replaced;           /* no longer in the table: free at refs == 0 */
};

struct as_keycache_t {
    apr_pool_t *pool;       /* own allocator: only used under mutex */
#if APR_HAS_THREADS
    apr_thread_mutex_t *mutex;
#endif
    apr_hash_t *files;      /* path -> entry_t * (current version) */
    int max_files;
    int live;
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

/* Called with the mutex held. */
static void entry_free(entry_t *e)
{
    e->cache->live--;
    apr_pool_destroy(e->pool);
}

/* Cleanup on the pool of a request that uses e's keys. */
static apr_status_t entry_release(void *data)
{
    entry_t *e = data;
    as_keycache_t *c = e->cache;

    lock(c);
    if (--e->refs == 0 && e->replaced) {
        entry_free(e);
    }
    unlock(c);
    return APR_SUCCESS;
}

static int same_stamp(const stamp_t *a, const stamp_t *b)
{
    return a->mtime == b->mtime && a->ctime == b->ctime
           && a->size == b->size && a->inode == b->inode
           && a->device == b->device;
}

/* Hand e's keys (or its error) to a user of pool p; mutex held. */
static const char *take(entry_t *e, apr_pool_t *p, const as_keyset_t **keys)
{
    if (e->keys == NULL) {
        return apr_pstrdup(p, e->err);
    }
    e->refs++;
    apr_pool_cleanup_register(p, e, entry_release, apr_pool_cleanup_null);
    *keys = e->keys;
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
    entry_t *e, *old;
    apr_pool_t *ep;
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
    old = apr_hash_get(c->files, path, APR_HASH_KEY_STRING);
    if (old && same_stamp(&old->stamp, &st)) {
        err = take(old, p, keys);
        unlock(c);
        return err;
    }
    if (!old && (int)apr_hash_count(c->files) >= c->max_files) {
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
    /* (Re)load under the mutex: other threads wanting this file wait for
     * this parse instead of doing their own. Temporaries go to p. */
    if (how) {
        *how = AS_KEYCACHE_PARSED;
    }
    if (apr_pool_create(&ep, c->pool) != APR_SUCCESS) {
        unlock(c);
        return apr_psprintf(p, "%s: cannot cache the keys: out of memory",
                            path);
    }
    e = apr_pcalloc(ep, sizeof(*e));
    e->cache = c;
    e->pool = ep;
    e->stamp = st;
    e->keys = as_keyset_make(ep);
    err = as_keyset_load_file(e->keys, p, path, warnings);
    if (err) {
        e->keys = NULL;
        e->err = apr_pstrdup(ep, err);
    }
    c->live++;
    /* remove first: apr_hash_set on an existing key keeps the old key
     * string, which lives in the old entry's pool */
    apr_hash_set(c->files, path, APR_HASH_KEY_STRING, NULL);
    apr_hash_set(c->files, apr_pstrdup(ep, path), APR_HASH_KEY_STRING, e);
    if (old) {
        old->replaced = 1;
        if (old->refs == 0) {
            entry_free(old);
        }
    }
    err = take(e, p, keys);
    unlock(c);
    return err;
}

int as_keycache_live(as_keycache_t *c)
{
    int n;

    lock(c);
    n = c->live;
    unlock(c);
    return n;
}
