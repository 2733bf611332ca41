/* Licensed under the Apache License, Version 2.0. */
/* Key sources with reference-counted versions (see include/as_keysrc.h). */

#include <apr_strings.h>
#include <apr_thread_mutex.h>

#include "as_keysrc.h"

typedef struct version_t version_t;
struct version_t {
    as_keysrc_t *src;
    apr_pool_t *pool;       /* unmanaged, own allocator */
    const as_keyset_t *keys;
    const void *tag;
    int refs;               /* requests holding it */
    int replaced;           /* no longer current: free at refs == 0 */
};

struct as_keysrc_t {
    const char *name;
    int is_static;
    const as_keyset_t *static_keys;
#if APR_HAS_THREADS
    apr_thread_mutex_t *mutex;
#endif
    version_t *current;
    int live;
    const char *issuer;     /* keys of this issuer only, or NULL */
    as_keysrc_miss_fn miss;
    void *miss_baton;
};

static void lock(as_keysrc_t *s)
{
#if APR_HAS_THREADS
    apr_thread_mutex_lock(s->mutex);
#else
    (void)s;
#endif
}

static void unlock(as_keysrc_t *s)
{
#if APR_HAS_THREADS
    apr_thread_mutex_unlock(s->mutex);
#else
    (void)s;
#endif
}

as_keysrc_t *as_keysrc_static(apr_pool_t *p, const char *name,
                              const as_keyset_t *ks)
{
    as_keysrc_t *s = apr_pcalloc(p, sizeof(*s));

    s->name = apr_pstrdup(p, name);
    s->is_static = 1;
    s->static_keys = ks;
    return s;
}

/* Destroy a version's pool; mutex held (or no thread can reach it). */
static void version_free(version_t *v)
{
    v->src->live--;
    apr_pool_destroy(v->pool);
}

static apr_status_t source_gone(void *data)
{
    as_keysrc_t *s = data;

    /* every request pool is gone before the parent: only the current
     * version is left */
    if (s->current) {
        version_free(s->current);
        s->current = NULL;
    }
    return APR_SUCCESS;
}

as_keysrc_t *as_keysrc_create(apr_pool_t *parent, const char *name)
{
    as_keysrc_t *s = apr_pcalloc(parent, sizeof(*s));

    s->name = apr_pstrdup(parent, name);
#if APR_HAS_THREADS
    if (apr_thread_mutex_create(&s->mutex, APR_THREAD_MUTEX_DEFAULT, parent)
        != APR_SUCCESS) {
        return NULL;
    }
#endif
    /* registered after the mutex, so it runs before the mutex goes */
    apr_pool_cleanup_register(parent, s, source_gone, apr_pool_cleanup_null);
    return s;
}

apr_pool_t *as_keysrc_begin(as_keysrc_t *src)
{
    apr_allocator_t *alloc;
    apr_pool_t *vp;
    version_t *v;

    if (src->is_static || apr_allocator_create(&alloc) != APR_SUCCESS) {
        return NULL;
    }
    if (apr_pool_create_unmanaged_ex(&vp, NULL, alloc) != APR_SUCCESS) {
        apr_allocator_destroy(alloc);
        return NULL;
    }
    apr_allocator_owner_set(alloc, vp);
    apr_pool_tag(vp, "authstatus_keysrc");
    v = apr_pcalloc(vp, sizeof(*v));
    v->src = src;
    v->pool = vp;
    /* the version record is the pool's user data, found again on publish */
    apr_pool_userdata_setn(v, "as_keysrc_version", NULL, vp);
    lock(src);
    src->live++;
    unlock(src);
    return vp;
}

static version_t *version_of(apr_pool_t *vp)
{
    void *v = NULL;

    apr_pool_userdata_get(&v, "as_keysrc_version", vp);
    return v;
}

void as_keysrc_discard(as_keysrc_t *src, apr_pool_t *vp)
{
    lock(src);
    version_free(version_of(vp));
    unlock(src);
}

void as_keysrc_publish(as_keysrc_t *src, apr_pool_t *vp,
                       const as_keyset_t *ks, const void *tag)
{
    version_t *v = version_of(vp), *old;

    v->keys = ks;
    v->tag = tag;
    lock(src);
    old = src->current;
    src->current = v;
    if (old) {
        old->replaced = 1;
        if (old->refs == 0) {
            version_free(old);
        }
    }
    unlock(src);
}

/* Cleanup on the pool of a request that took v. */
static apr_status_t version_release(void *data)
{
    version_t *v = data;
    as_keysrc_t *s = v->src;

    lock(s);
    if (--v->refs == 0 && v->replaced) {
        version_free(v);
    }
    unlock(s);
    return APR_SUCCESS;
}

int as_keysrc_get(as_keysrc_t *src, apr_pool_t *p, const as_keyset_t **ks,
                  const void **tag)
{
    version_t *v;

    if (src->is_static) {
        *ks = src->static_keys;
        if (tag) {
            *tag = NULL;
        }
        return 1;
    }
    lock(src);
    v = src->current;
    if (v) {
        v->refs++;
        apr_pool_cleanup_register(p, v, version_release,
                                  apr_pool_cleanup_null);
    }
    unlock(src);
    *ks = v ? v->keys : NULL;
    if (tag) {
        *tag = v ? v->tag : NULL;
    }
    return v != NULL;
}

const char *as_keysrc_name(const as_keysrc_t *src)
{
    return src->name;
}

int as_keysrc_live(as_keysrc_t *src)
{
    int n;

    if (src->is_static) {
        return 1;
    }
    lock(src);
    n = src->live;
    unlock(src);
    return n;
}

void as_keysrc_set_issuer(as_keysrc_t *src, const char *issuer)
{
    src->issuer = issuer;
}

const char *as_keysrc_issuer(const as_keysrc_t *src)
{
    return src->issuer;
}

void as_keysrc_set_miss(as_keysrc_t *src, as_keysrc_miss_fn fn, void *baton)
{
    src->miss = fn;
    src->miss_baton = baton;
}

int as_keysrc_miss(as_keysrc_t *src, apr_pool_t *p)
{
    return src->miss ? src->miss(src->miss_baton, src, p) : 0;
}
