/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_remote.h
 * Key sets fetched from identity providers (modules/as_remote.c): a
 * jwks_uri, or the jwks_uri of an issuer's metadata ("discover").
 *
 * The configuration only records what to fetch (as_remote_spec_t); nothing
 * is fetched while it is read, so 'apachectl configtest' fetches nothing.
 * In each child process, the source of a URL (or of an issuer) is made
 * once and kept for the life of the process (as_remote_source); a thread
 * of the child refreshes it ahead of expiry, and a request waits only when
 * a token names a kid the set lacks (one refetch per miss= seconds per
 * source, whatever the traffic) or when no set exists yet.
 *
 * Every fetched set is written to the store (AuthStatusStore, part
 * "keys") with the time it was fetched; every child takes the newest from
 * there, so one fetch serves all, an outage after the first fetch affects
 * none, and a key the provider removed stops verifying everywhere once any
 * child has fetched again.
 */
#ifndef AS_REMOTE_H
#define AS_REMOTE_H

#include <httpd.h>
#include <http_config.h>

#include "as_idp.h"
#include "as_keysrc.h"

/** What AuthStatusBearerKeys says of one remote source. */
typedef struct {
    const char *url;            /* a jwks_uri; NULL: discover */
    as_idp_keyopts_t opts;
    server_rec *s;              /* where it was configured (its store) */
} as_remote_spec_t;

/** Record a URL spec made at startup: child_init makes its source at once
 * (so the first fetch is not in a request's path). */
void as_remote_declare(apr_pool_t *pconf, as_remote_spec_t *spec);

/** This process's source of spec (for discover: of issuer). NULL when it
 * cannot be made (logged). Thread-safe. */
as_keysrc_t *as_remote_source(const as_remote_spec_t *spec,
                              const char *issuer, server_rec *s);

/** Discovered endpoint of an issuer's metadata (introspection_endpoint),
 * fetched and cached per process like a key set's; NULL when unknown
 * (logged). */
const char *as_remote_introspection_endpoint(const char *issuer,
                                             const as_idp_keyopts_t *opts,
                                             server_rec *s, apr_pool_t *p);

/** Hooks: libcurl's global init in post_config, the refresh thread in
 * child_init. */
void as_remote_register_hooks(apr_pool_t *p);

#endif
