/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_idp.h
 * What the module reads from and says to an identity provider, as pure
 * functions over bytes (modules/as_idp.c), unit-tested and fuzzed alone:
 * URLs it may fetch, discovery documents (OpenID Connect Discovery 1.0 §4,
 * RFC 8414 §3), Cache-Control of a key set, the options of
 * AuthStatusBearerKeys and AuthStatusBearerIntrospect, and introspection
 * responses (RFC 7662 §2.2). No httpd headers, no network.
 */
#ifndef AS_IDP_H
#define AS_IDP_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>
#include <jansson.h>

/** Defaults of the key source options (seconds). */
#define AS_IDP_REFRESH 3600
#define AS_IDP_MISS 30
#define AS_IDP_TIMEOUT 5
/** A Cache-Control max-age inside this range replaces refresh=. */
#define AS_IDP_MAX_AGE_MIN 300
#define AS_IDP_MAX_AGE_MAX 86400
/** Default cache= of introspection results, and the time a negative
 * result (active false) is remembered. */
#define AS_IDP_INTROSPECT_CACHE 60
#define AS_IDP_NEGATIVE_CACHE 5

/** Options after a URL or "discover" in AuthStatusBearerKeys. */
typedef struct {
    int refresh;                /* seconds */
    int miss;
    int timeout;
    const char *ca_file;        /* NULL: system CAs */
} as_idp_keyopts_t;

void as_idp_keyopts_init(as_idp_keyopts_t *o);

/** Is w an option word ("name=value")? */
int as_idp_is_option(const char *w);

/** Apply one "name=value" word to o; NULL or why not (from p). ca= is
 * taken as given (the caller makes it absolute and checks it exists). */
const char *as_idp_keyopt(apr_pool_t *p, as_idp_keyopts_t *o, const char *w);

/** Where the host of an http(s) URL starts (scheme in any case), with
 * *https set; NULL for any other scheme. */
const char *as_idp_url_host(const char *url, int *https);

/** May the module fetch url? https:// with a host, or http:// to a
 * loopback host (127.0.0.0/8, [::1], localhost). NULL or why not. */
const char *as_idp_url_check(apr_pool_t *p, const char *url);

/** The two metadata URLs of issuer, in the order they are tried:
 * OpenID Connect (issuer + "/.well-known/openid-configuration") and
 * RFC 8414 (the well-known part inserted between host and path). */
void as_idp_metadata_urls(apr_pool_t *p, const char *issuer,
                          const char **oidc, const char **rfc8414);

/** The endpoints of a metadata document. */
typedef struct {
    const char *jwks_uri;               /* NULL when absent */
    const char *introspection_endpoint; /* NULL when absent */
} as_idp_metadata_t;

/** Parse a metadata document of issuer: a JSON object whose "issuer" is
 * exactly issuer (RFC 8414 §3.3, OIDC Discovery §4.3) and whose endpoints
 * pass as_idp_url_check. NULL, or why not (from p). */
const char *as_idp_parse_metadata(apr_pool_t *p, const char *issuer,
                                  const char *body, apr_size_t len,
                                  as_idp_metadata_t *md);

/** max-age of a Cache-Control value, or -1 (none, no-store, malformed). */
int as_idp_max_age(const char *cache_control);

/** Seconds until the next routine refresh: a max-age inside
 * AS_IDP_MAX_AGE_MIN..AS_IDP_MAX_AGE_MAX, else refresh. */
int as_idp_refresh_after(int refresh, int max_age);

/** Does a token look like a JWS (three base64url segments)? Used to send
 * JWTs to local verification and everything else to introspection. */
int as_idp_looks_like_jwt(const char *token);

/** Options of AuthStatusBearerIntrospect. */
typedef enum { AS_INTRO_AUTH_BASIC = 0, AS_INTRO_AUTH_POST } as_intro_auth_e;
typedef enum { AS_INTRO_FOR_OPAQUE = 0, AS_INTRO_FOR_ALL } as_intro_for_e;

typedef struct {
    const char *endpoint;       /* a URL, or NULL with discover set */
    int discover;
    const char *client_id;
    const char *secret;         /* from secret= or read from secret-file= */
    const char *secret_file;    /* as given (the caller reads it) */
    as_intro_auth_e auth;
    const char *ca_file;
    int cache;                  /* seconds, default AS_IDP_INTROSPECT_CACHE */
    int timeout;
    as_intro_for_e for_tokens;
} as_idp_introspect_t;

/** Parse the words of AuthStatusBearerIntrospect (argv[0] the URL or
 * "discover"). NULL, or why not (from p); the caller then reads
 * secret_file and makes ca_file absolute. */
const char *as_idp_introspect_parse(apr_pool_t *p, int argc,
                                    char *const argv[],
                                    as_idp_introspect_t *o);

/** The form body of an introspection request for token (RFC 7662 §2.1),
 * with the client's credentials when auth=post. */
const char *as_idp_introspect_body(apr_pool_t *p,
                                   const as_idp_introspect_t *o,
                                   const char *token);

/** What an introspection response says. */
typedef enum {
    AS_INTRO_ACTIVE = 0,
    AS_INTRO_INACTIVE,          /* active false: invalid_token */
    AS_INTRO_GARBAGE            /* not a JSON object with a boolean active:
                                 * the endpoint is broken, 503 */
} as_intro_e;

/** Parse a response body; *claims gets the object (a new reference, the
 * caller decrefs) when active. */
as_intro_e as_idp_parse_introspection(const char *body, apr_size_t len,
                                      json_t **claims);

/** application/x-www-form-urlencoded encoding of s (RFC 6749 App. B). */
const char *as_idp_form_encode(apr_pool_t *p, const char *s);

#endif
