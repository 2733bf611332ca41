/* Licensed under the Apache License, Version 2.0. */
/* The counters of AuthStatusThrottle (see include/as_throttle_math.h). */

#include <string.h>
#include <openssl/evp.h>

#include "as_throttle_math.h"

#define ENTRY_VERSION 1

static void put_be(unsigned char *p, apr_uint64_t v, int n)
{
    while (n--) {
        p[n] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

static apr_uint64_t get_be(const unsigned char *p, int n)
{
    apr_uint64_t v = 0;
    int i;
    for (i = 0; i < n; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

void as_throttle_encode(const as_throttle_entry_t *e,
                        unsigned char buf[AS_THROTTLE_ENTRY_LEN])
{
    buf[0] = 'T';
    buf[1] = ENTRY_VERSION;
    buf[2] = buf[3] = 0;
    put_be(buf + 4, e->count, 4);
    put_be(buf + 8, (apr_uint64_t)e->start, 8);
}

int as_throttle_decode(const unsigned char *buf, unsigned int len,
                       as_throttle_entry_t *e)
{
    memset(e, 0, sizeof(*e));
    if (len != AS_THROTTLE_ENTRY_LEN || buf[0] != 'T'
        || buf[1] != ENTRY_VERSION || buf[2] || buf[3]) {
        return -1;
    }
    e->count = (apr_uint32_t)get_be(buf + 4, 4);
    e->start = (apr_time_t)get_be(buf + 8, 8);
    return 0;
}

long as_throttle_wait(const as_throttle_entry_t *e, apr_time_t now,
                      int count, int seconds)
{
    apr_time_t left;
    long secs;

    if (e == NULL || count <= 0 || e->count < (apr_uint32_t)count) {
        return 0;
    }
    left = e->start + apr_time_from_sec(seconds) - now;
    if (left <= 0) {
        return 0;
    }
    /* round up: a client that waits as told finds the window closed */
    secs = (long)((left + APR_USEC_PER_SEC - 1) / APR_USEC_PER_SEC);
    /* a window stamped in the future (another server's clock) still frees
     * within `seconds` */
    return secs > seconds ? seconds : secs;
}

apr_time_t as_throttle_record(as_throttle_entry_t *e, apr_time_t now,
                              int seconds)
{
    apr_time_t window = apr_time_from_sec(seconds);

    if (e->count == 0 || now >= e->start + window
        || e->start > now + window) {
        e->start = now;
        e->count = 1;
    }
    else if (e->count < 0xffffffffU) {
        e->count++;
    }
    return e->start + window + apr_time_from_sec(1);
}

void as_throttle_key(unsigned char out[AS_THROTTLE_KEY_LEN], char kind,
                     const char *value, apr_size_t len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned char k = (unsigned char)kind;
    EVP_MD_CTX *c = EVP_MD_CTX_new();

    /* The hash first: stores pick their bucket from the first bytes of an
     * id (mod_socache_shmcb its subcache from the very first), so a fixed
     * prefix would put every counter into one bucket, where a flood of
     * new ids pushes the oldest out. The kind is hashed too, so that an
     * address and a user of the same spelling land apart. */
    memset(md, 0, sizeof(md));
    if (c == NULL || !EVP_DigestInit_ex(c, EVP_sha256(), NULL)
        || !EVP_DigestUpdate(c, &k, 1) || !EVP_DigestUpdate(c, value, len)
        || !EVP_DigestFinal_ex(c, md, NULL)) {
        /* out of memory: a fixed id per kind, so counting still works,
         * in one bucket */
        memset(md, 0, sizeof(md));
    }
    EVP_MD_CTX_free(c);
    memcpy(out, md, AS_THROTTLE_HASH_LEN);
    memcpy(out + AS_THROTTLE_HASH_LEN, "asT", 3);
    out[AS_THROTTLE_KEY_LEN - 1] = k;
}
