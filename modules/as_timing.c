/* Licensed under the Apache License, Version 2.0. */
/* Equal time for unknown and known users.
 *
 * mod_authn_file (and most providers) answer "user not found" before any
 * hashing, so an unknown user is refused faster than a known user with a
 * wrong password: the time tells who has an account, even when the answer
 * is a hidden 404. A dummy bcrypt check costs what a cost-5 hash costs
 * (htpasswd -B's default, and the test users'); real hashes may be dearer
 * (htpasswd -C 12, LDAP binds), so each process also keeps a moving
 * average of how long a known user's check takes and pads an unknown
 * user's answer up to it; when known users are cheaper than the dummy hash
 * (MD5 or SHA1 entries) it only waits. The average is per process and per
 * realm (AuthName): with one kind of hash in a realm (the usual case) it is
 * that hash's cost. */

#include <apr_atomic.h>
#include <apr_hash.h>
#include <apr_md5.h>
#include <apr_time.h>

#include "as_timing.h"

/* A bcrypt hash (cost 5) of a random password that was thrown away. */
static const char dummy_hash[] =
    "$2y$05$uV610sJ1qZDRdpJs9w18CutGltJ78bAQyzn25n39v/c2qZ77IrToa";

/* Longest padding: a provider that hangs must not make us hang too. */
#define AS_TIMING_MAX_PAD apr_time_from_sec(1)

/* Moving averages (weight 1/8 for each new sample) in microseconds, one
 * per slot; a realm picks its slot by hash, so locations with different
 * password files (and hash costs) usually learn apart, and a collision
 * only mixes two averages. Updated without a lock: a lost update only
 * makes an average a little older. */
#define AS_TIMING_SLOTS 64
static volatile apr_uint32_t known_usec[AS_TIMING_SLOTS];
/* What the dummy hash took last time. */
static volatile apr_uint32_t dummy_usec;
/* Sticky per slot: a known user's check once took as long as a bcrypt
 * hash (AS_TIMING_SLOW_USEC or the dummy's time). From then on unknown
 * users always get the dummy hash: the moving average can be pulled down
 * by the client's own wrong passwords for a cheap-hash user (a realm that
 * mixes hash types), this flag cannot. */
static volatile apr_uint32_t slow_seen[AS_TIMING_SLOTS];

static unsigned int slot_index(const char *key)
{
    apr_ssize_t len = APR_HASH_KEY_STRING;
    unsigned int h = key ? apr_hashfunc_default(key, &len) : 0;
    return h % AS_TIMING_SLOTS;
}

static volatile apr_uint32_t *slot(const char *key)
{
    return &known_usec[slot_index(key)];
}

void as_timing_known(const char *key, apr_time_t elapsed)
{
    volatile apr_uint32_t *avg = slot(key);
    apr_uint32_t old = apr_atomic_read32(avg);
    apr_int64_t e = elapsed < 0 ? 0 : elapsed;

    if (e > AS_TIMING_MAX_PAD) {
        e = AS_TIMING_MAX_PAD;
    }
    {
        apr_uint32_t d = apr_atomic_read32(&dummy_usec);

        if (e >= AS_TIMING_SLOW_USEC || (d && e * 5 >= (apr_int64_t)d * 4)) {
            apr_atomic_set32(&slow_seen[slot_index(key)], 1);
        }
    }
    apr_atomic_set32(avg, old == 0 ? (apr_uint32_t)e
                     : (apr_uint32_t)(((apr_int64_t)old * 7 + e) / 8));
}

void as_timing_unknown(const char *key, const char *password,
                       apr_time_t start)
{
    apr_time_t target = (apr_time_t)apr_atomic_read32(slot(key));
    apr_time_t spent;

    /* Hash unless known users are cheaper than the dummy hash (MD5, SHA1
     * htpasswd entries): then waiting alone matches them better. Once a
     * slow check was seen, always (as_timing_runs_dummy). */
    if (as_timing_runs_dummy(key)) {
        apr_time_t t0 = apr_time_now();
        (void)apr_password_validate(password, dummy_hash);
        apr_atomic_set32(&dummy_usec, (apr_uint32_t)(apr_time_now() - t0));
    }
    spent = apr_time_now() - start;
    if (target > spent) {
        apr_sleep(target - spent);
    }
}

int as_timing_runs_dummy(const char *key)
{
    apr_uint32_t target = apr_atomic_read32(slot(key));
    apr_uint32_t dummy = apr_atomic_read32(&dummy_usec);

    return target == 0 || dummy == 0 || target >= dummy
           || apr_atomic_read32(&slow_seen[slot_index(key)]);
}

apr_uint32_t as_timing_known_usec(const char *key)
{
    return apr_atomic_read32(slot(key));
}
