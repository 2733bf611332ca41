/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_cache_local.h
 * The process's own copy of recent AuthStatusCache entries, in front of the
 * shared store (modules/as_cache_local.c). Pure: no request_rec, unit
 * tested in t/unit/test_cache_local.c.
 *
 * Why: the shared store (shmcb) serialises every lookup of every thread of
 * every child on one cross-process mutex; under load the threads of one
 * child queue on it, and a cache hit cost more than the verification it
 * saved for an HMAC token. Here a hit takes one of many in-process locks
 * for the time of a copy.
 *
 * It holds what the shared store holds, under the same ids and with the
 * same tagged values (the caller still checks tag and expiry on every hit),
 * so it adds no staleness: an entry is never used after its own expiry,
 * and a restart starts new processes with empty copies and a new key. A
 * fixed number of fixed-size slots is allocated once; an id maps to one
 * slot (ids are HMAC outputs, evenly spread), a newer entry replaces an
 * older one there. Values longer than a slot stay in the shared store only.
 */
#ifndef AS_CACHE_LOCAL_H
#define AS_CACHE_LOCAL_H

#include <apr_pools.h>
#include <apr_time.h>

typedef struct as_cache_local_t as_cache_local_t;

/** Largest id and value a slot holds. */
#define AS_CACHE_LOCAL_ID_MAX    40
#define AS_CACHE_LOCAL_VALUE_MAX 1024

/** @a nslots slots (rounded up to a power of two, at least 16, at most
 * 4096) allocated from @a p, with their locks. NULL if a lock cannot be
 * made (then there is no local copy, and the store is used as before). */
as_cache_local_t *as_cache_local_create(apr_pool_t *p, unsigned int nslots);

/** Number of slots. */
unsigned int as_cache_local_slots(const as_cache_local_t *c);

/** Copy the value held for @a id into @a dest (*destlen: its size on entry,
 * the value's length on return) if it has not expired at @a now.
 * @return 1 when found, 0 otherwise. */
int as_cache_local_get(as_cache_local_t *c, const unsigned char *id,
                       unsigned int idlen, apr_time_t now,
                       unsigned char *dest, unsigned int *destlen);

/** Hold @a val for @a id until @a expiry, replacing what its slot held.
 * An id or value too long for a slot is not held. */
void as_cache_local_put(as_cache_local_t *c, const unsigned char *id,
                        unsigned int idlen, apr_time_t expiry,
                        const unsigned char *val, unsigned int len);

/** Forget @a id (its slot is cleared if it holds that id). */
void as_cache_local_remove(as_cache_local_t *c, const unsigned char *id,
                           unsigned int idlen);

#endif
