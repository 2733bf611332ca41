/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_prm.h
 * OAuth 2.0 protected resource metadata (RFC 9728), as pure functions
 * (modules/as_prm.c): the metadata URL of a resource identifier, the
 * document, and the check of an AuthStatusResource value. The serving and
 * the registry of resources are in as_resource.c.
 */
#ifndef AS_PRM_H
#define AS_PRM_H

#include <apr_pools.h>
#include <apr_tables.h>

/** The well-known path segment (RFC 9728 section 3). */
#define AS_PRM_WELL_KNOWN "/.well-known/oauth-protected-resource"

/** Is resource a resource identifier: an https URL (http only to a
 * loopback host) with no query and no fragment (RFC 9728 section 1.2)?
 * NULL, or why not. */
const char *as_prm_resource_check(apr_pool_t *p, const char *resource);

/** The metadata URL of resource: the well-known segment between the host
 * and the path (a trailing slash of the path dropped). */
const char *as_prm_metadata_url(apr_pool_t *p, const char *resource);

/** The path of that URL (what a request for the document asks for). */
const char *as_prm_metadata_path(apr_pool_t *p, const char *resource);

/** What the document says. */
typedef struct {
    const char *resource;
    const apr_array_header_t *authorization_servers;  /* const char * */
    const apr_array_header_t *scopes;                 /* const char *, or NULL */
    const char *resource_name;                        /* or NULL */
    const apr_array_header_t *dpop_algs;  /* DPoP on: const char *, else NULL */
    int dpop_required;
    int mtls_bound;                       /* certificate-bound tokens */
} as_prm_t;

/** The JSON document (compact, members in a fixed order). */
const char *as_prm_document(apr_pool_t *p, const as_prm_t *m);

#endif
