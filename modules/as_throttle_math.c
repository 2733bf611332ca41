/* Licensed under the Apache License, Version 2.0. */
/* The counters of AuthStatusThrottle (see include/as_throttle_math.h). */

#include <string.h>
#include <arpa/inet.h>
#include <apr_strings.h>
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

/* The code point of the UTF-8 sequence at s (n bytes left), its length in
 * *len; -1 for a byte that starts no valid 3-byte or shorter sequence we
 * fold (longer or invalid sequences are copied byte by byte). */
static long utf8_at(const unsigned char *s, apr_size_t n, int *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if ((s[0] & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80
        && (s[2] & 0xC0) == 0x80) {
        *len = 3;
        return ((long)(s[0] & 0x0F) << 12) | ((long)(s[1] & 0x3F) << 6)
               | (s[2] & 0x3F);
    }
    *len = 1;
    return -1;
}

const char *as_throttle_user_norm(apr_pool_t *p, const char *user)
{
    apr_size_t n = strlen(user), i = 0;
    char *out = apr_palloc(p, n + 1), *o = out, *last = out;
    int started = 0, len;

    while (i < n) {
        long c = utf8_at((const unsigned char *)user + i, n - i, &len);

        if (c >= 0xFF01 && c <= 0xFF5E) {
            c -= 0xFEE0;                    /* full-width ASCII */
        }
        else if (c == 0x3000) {
            c = ' ';                        /* ideographic space */
        }
        if (c >= 'A' && c <= 'Z') {
            c += 'a' - 'A';
        }
        if (c == ' ' || c == '\t') {
            if (started && o[-1] != ' ') {
                *o++ = ' ';                 /* runs of spaces are one */
            }
        }
        else if (c >= 0 && c < 0x80) {
            *o++ = (char)c;
            started = 1;
            last = o;
        }
        else {
            memcpy(o, user + i, (apr_size_t)len);
            o += len;
            started = 1;
            last = o;
        }
        i += (apr_size_t)len;
    }
    *last = '\0';                           /* trailing spaces dropped */
    return out;
}

const char *as_throttle_addr_norm(apr_pool_t *p, const char *ip, int prefix)
{
    unsigned char a[16];
    char text[INET6_ADDRSTRLEN];
    int i;

    if (strchr(ip, ':') == NULL || inet_pton(AF_INET6, ip, a) != 1) {
        return ip;                          /* IPv4, or not an address */
    }
    /* ::ffff:a.b.c.d is an IPv4 client */
    for (i = 0; i < 10 && a[i] == 0; i++) {
    }
    if (i == 10 && a[10] == 0xff && a[11] == 0xff) {
        return ip;
    }
    if (prefix < 1 || prefix > 128) {
        prefix = AS_THROTTLE_IPV6_PREFIX;
    }
    for (i = 0; i < 16; i++) {
        int keep = prefix - 8 * i;

        if (keep <= 0) {
            a[i] = 0;
        }
        else if (keep < 8) {
            a[i] &= (unsigned char)(0xFF << (8 - keep));
        }
    }
    if (inet_ntop(AF_INET6, a, text, sizeof(text)) == NULL) {
        return ip;
    }
    return apr_psprintf(p, "%s/%d", text, prefix);
}
