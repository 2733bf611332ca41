/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_timing.h
 * An unknown user costs what a known one costs (no user-existence oracle,
 * least of all behind AuthStatusHide). Per process: learns how long the
 * authn providers take to check a known user's password, and makes a
 * "no such user" answer take as long.
 */
#ifndef AS_TIMING_H
#define AS_TIMING_H

#include <apr_time.h>

/** Record that checking a known user's password (granted or denied) took
 * `elapsed`. `key` groups what is learned together (the realm; NULL is a
 * key too). Only real provider checks belong here, never cache hits. */
void as_timing_known(const char *key, apr_time_t elapsed);

/** No provider knows the user: check `password` against a dummy bcrypt
 * hash (cost 5, htpasswd -B's default) unless known users are cheaper than
 * that, then wait until the answer has taken, since `start`, as long as a
 * known user's check takes on average in this process (at most 1 s). */
void as_timing_unknown(const char *key, const char *password,
                       apr_time_t start);

/** A known user's check this long (µs) counts as a slow hash (bcrypt at
 * cost 5 takes about 2 ms; MD5 and SHA-1 entries a few µs to 0.3 ms). */
#define AS_TIMING_SLOW_USEC 1000

/** Will an unknown user of key get the dummy hash? Yes until known users
 * are measured cheaper than it, and always once a known user's check was
 * slow: that decision cannot be steered back by the client. */
int as_timing_runs_dummy(const char *key);

/** The learned average, in microseconds (for tests and debug logs). */
apr_uint32_t as_timing_known_usec(const char *key);

#endif
