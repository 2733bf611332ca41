/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_throttle.h
 * AuthStatusThrottle: failed attempts counted per client address and per
 * claimed user name in the store (as_store.h); 429 with Retry-After once
 * either reaches the limit, before any provider or signature check.
 */
#ifndef AS_THROTTLE_H
#define AS_THROTTLE_H

#include <httpd.h>
#include <http_config.h>

#include "as_config.h"

/** Is this request's client address (user NULL) or this claimed user
 * locked out? 1 after setting Retry-After and logging who tripped which
 * limit, else 0 (also when there is no limit or the store fails). */
int as_throttle_check(request_rec *r, const as_dir_conf *d,
                      const char *user);

/** Before a provider checks a password: count the attempt for the client
 * address and the user name now, under the store's lock, so that of many
 * concurrent attempts at most the limit are ever checked. 1 when that
 * puts either over the limit (Retry-After set, logged: answer 429 without
 * checking), else 0. At most once per request. */
int as_throttle_reserve(request_rec *r, const as_dir_conf *d,
                        const char *user);

/** The reserved attempt succeeded: give it back (successes never count). */
void as_throttle_release(request_rec *r, const as_dir_conf *d,
                         const char *user);

/** Count one failed attempt for the client address and, when given, the
 * claimed user name. At most once per request, internal redirects
 * included. */
void as_throttle_failed(request_rec *r, const as_dir_conf *d,
                        const char *user);

#endif
