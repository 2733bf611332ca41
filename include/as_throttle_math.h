/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_throttle_math.h
 * The arithmetic of AuthStatusThrottle, apart from httpd so it is tested
 * alone: the counter kept per key, how it is stored, and what it says.
 *
 * A key's window opens at its first failed attempt and lasts `seconds`.
 * While it is open every failed attempt counts; once `count` have, the key
 * is locked until the window ends (Retry-After says when). A failure after
 * the window ends opens a new one. Successes change nothing.
 */
#ifndef AS_THROTTLE_MATH_H
#define AS_THROTTLE_MATH_H

#include <apr.h>
#include <apr_time.h>
#include <apr_pools.h>

/** Bytes of an encoded counter. */
#define AS_THROTTLE_ENTRY_LEN 16

/** Bytes of a store id: 16 bytes of SHA-256(kind || value), then "asT" and
 * the kind. */
#define AS_THROTTLE_HASH_LEN 16
#define AS_THROTTLE_KEY_LEN  20

/** Kinds of key. */
#define AS_THROTTLE_KEY_ADDRESS 'a'
#define AS_THROTTLE_KEY_USER    'u'

/** Largest count and window AuthStatusThrottle accepts. */
#define AS_THROTTLE_MAX_COUNT   1000000
#define AS_THROTTLE_MAX_SECONDS (86400 * 366)

typedef struct {
    apr_uint32_t count;   /* failed attempts in the window; 0: none */
    apr_time_t start;     /* when the window opened */
} as_throttle_entry_t;

/** The counter as stored: version, count and start in network order, so
 * servers of any byte order can share a memcached or redis. */
void as_throttle_encode(const as_throttle_entry_t *e,
                        unsigned char buf[AS_THROTTLE_ENTRY_LEN]);

/** 0, or -1 for bytes that are not a counter (then e is all zero). */
int as_throttle_decode(const unsigned char *buf, unsigned int len,
                       as_throttle_entry_t *e);

/** Whole seconds until the key may try again (at least 1, at most
 * `seconds`), or 0 when it is not locked. e may be NULL (no counter). */
long as_throttle_wait(const as_throttle_entry_t *e, apr_time_t now,
                      int count, int seconds);

/** Count one failed attempt at `now`; returns when the entry may be
 * forgotten (the end of its window, plus a second for stores that count
 * whole seconds). */
apr_time_t as_throttle_record(as_throttle_entry_t *e, apr_time_t now,
                              int seconds);

/** The store id for a client address or user name: the value is hashed,
 * so ids have one length and no user name reaches memcached or redis. */
void as_throttle_key(unsigned char out[AS_THROTTLE_KEY_LEN], char kind,
                     const char *value, apr_size_t len);

/** Default AuthStatusThrottleIPv6Prefix: a /64 is what one subscriber
 * gets, so counting whole addresses would give one client 2^64 counters. */
#define AS_THROTTLE_IPV6_PREFIX 64

/** The user name as counted: leading and trailing spaces (ASCII and
 * U+3000) dropped, ASCII and full-width Latin letters (U+FF21..FF5A)
 * folded to lower-case ASCII, full-width ASCII forms (U+FF01..FF5E) to
 * ASCII, so that 'Alice', 'alice ' and 'ａｌｉｃｅ' are one counter, as
 * case- and space-insensitive providers (LDAP, dbd on MySQL) treat them.
 * Other Unicode is kept as it is. */
const char *as_throttle_user_norm(apr_pool_t *p, const char *user);

/** The client address as counted: an IPv6 address cut to its first
 * prefix bits (1..128), in canonical text; IPv4 (and IPv4-mapped IPv6)
 * addresses whole; anything else as it is. */
const char *as_throttle_addr_norm(apr_pool_t *p, const char *ip, int prefix);

#endif
