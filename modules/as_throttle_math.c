/* Licensed under the Apache License, Version 2.0. */
/* The counters of AuthStatusThrottle (see include/as_throttle_math.h). */

#include <string.h>
#include <openssl/sha.h>

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
    unsigned char md[SHA256_DIGEST_LENGTH];

    SHA256((const unsigned char *)value, len, md);
    out[0] = 'a';
    out[1] = 's';
    out[2] = 'T';
    out[3] = (unsigned char)kind;
    memcpy(out + 4, md, AS_THROTTLE_KEY_LEN - 4);
}
