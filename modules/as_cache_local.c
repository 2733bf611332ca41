/* Licensed under the Apache License, Version 2.0. */
/* The process's own copy of recent credential-cache entries, in front of
 * the shared store: see include/as_cache_local.h. */

#include <string.h>

#include <apr_strings.h>
#include <apr_thread_mutex.h>

#include "as_cache_local.h"

typedef struct {
#if APR_HAS_THREADS
    apr_thread_mutex_t *lock;
#endif
    apr_time_t expiry;                 /* 0: empty */
    unsigned int idlen;
    unsigned int len;
    unsigned char id[AS_CACHE_LOCAL_ID_MAX];
    unsigned char val[AS_CACHE_LOCAL_VALUE_MAX];
} slot_t;

struct as_cache_local_t {
    unsigned int mask;
    slot_t *slots;
};

as_cache_local_t *as_cache_local_create(apr_pool_t *p, unsigned int nslots)
{
    as_cache_local_t *c = apr_pcalloc(p, sizeof(*c));
    unsigned int n = 16;
#if APR_HAS_THREADS
    unsigned int i;
#endif

    while (n < nslots && n < 4096) {
        n <<= 1;
    }
    c->mask = n - 1;
    c->slots = apr_pcalloc(p, n * sizeof(slot_t));
#if APR_HAS_THREADS
    for (i = 0; i < n; i++) {
        if (apr_thread_mutex_create(&c->slots[i].lock,
                                    APR_THREAD_MUTEX_DEFAULT, p)
            != APR_SUCCESS) {
            return NULL;
        }
    }
#endif
    return c;
}

unsigned int as_cache_local_slots(const as_cache_local_t *c)
{
    return c->mask + 1;
}

/* ids end in HMAC output: their last four bytes pick the slot */
static slot_t *slot_of(as_cache_local_t *c, const unsigned char *id,
                       unsigned int idlen)
{
    apr_uint32_t h = 0;
    unsigned int i = idlen > 4 ? idlen - 4 : 0;

    for (; i < idlen; i++) {
        h = (h << 8) | id[i];
    }
    return &c->slots[h & c->mask];
}

static void lock(slot_t *s)
{
#if APR_HAS_THREADS
    apr_thread_mutex_lock(s->lock);
#else
    (void)s;
#endif
}

static void unlock(slot_t *s)
{
#if APR_HAS_THREADS
    apr_thread_mutex_unlock(s->lock);
#else
    (void)s;
#endif
}

static int holds(const slot_t *s, const unsigned char *id, unsigned int idlen)
{
    return s->expiry != 0 && s->idlen == idlen && !memcmp(s->id, id, idlen);
}

int as_cache_local_get(as_cache_local_t *c, const unsigned char *id,
                       unsigned int idlen, apr_time_t now,
                       unsigned char *dest, unsigned int *destlen)
{
    slot_t *s;
    int found = 0;

    if (c == NULL || idlen > AS_CACHE_LOCAL_ID_MAX) {
        return 0;
    }
    s = slot_of(c, id, idlen);
    lock(s);
    if (holds(s, id, idlen)) {
        if (s->expiry <= now) {
            s->expiry = 0;
        }
        else if (s->len <= *destlen) {
            memcpy(dest, s->val, s->len);
            *destlen = s->len;
            found = 1;
        }
    }
    unlock(s);
    return found;
}

void as_cache_local_put(as_cache_local_t *c, const unsigned char *id,
                        unsigned int idlen, apr_time_t expiry,
                        const unsigned char *val, unsigned int len)
{
    slot_t *s;

    if (c == NULL || idlen > AS_CACHE_LOCAL_ID_MAX
        || len > AS_CACHE_LOCAL_VALUE_MAX || expiry <= 0) {
        return;
    }
    s = slot_of(c, id, idlen);
    lock(s);
    memcpy(s->id, id, idlen);
    s->idlen = idlen;
    memcpy(s->val, val, len);
    s->len = len;
    s->expiry = expiry;
    unlock(s);
}

void as_cache_local_remove(as_cache_local_t *c, const unsigned char *id,
                           unsigned int idlen)
{
    slot_t *s;

    if (c == NULL || idlen > AS_CACHE_LOCAL_ID_MAX) {
        return;
    }
    s = slot_of(c, id, idlen);
    lock(s);
    if (holds(s, id, idlen)) {
        s->expiry = 0;
    }
    unlock(s);
}
