/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_scheme.h
 * The one table of authentication schemes: for each, its name, the
 * challenge it sends and the function that verifies its credentials.
 * Everything that depends on the scheme looks it up here instead of
 * switching on it: the Authorization parser (names), the directive
 * (AuthStatusSchemes), challenges, problem bodies and the dispatch of
 * authentication. Adding a scheme is one row here and its functions.
 *
 * Pure: no httpd headers. The verify column is filled when the module
 * registers its hooks (as_scheme_set_verify), because verifiers run
 * against a request; unit tests fill it with their own.
 */
#ifndef AS_SCHEME_H
#define AS_SCHEME_H

#include <apr_pools.h>
#include <apr_tables.h>

#include "as_decide.h"

/** Schemes the module knows. Values are bits so a set fits in an int. */
typedef enum {
    AS_SCHEME_NONE    = 0,
    AS_SCHEME_BASIC   = 1,
    AS_SCHEME_BEARER  = 2,
    AS_SCHEME_DPOP    = 4,      /* RFC 9449: a token bound to a proof key */
    AS_SCHEME_UNKNOWN = 0x100
} as_scheme_e;

/** A challenge parameter (RFC 9110 section 11.3): its value is sent as a
 * quoted-string; a NULL value leaves the parameter out. */
typedef struct {
    const char *name;
    const char *value;
} as_param_t;

/** What a challenge may say, by name: every scheme takes what applies to
 * it and ignores the rest. */
typedef struct {
    const char *realm;          /* AuthName, raw */
    const char *error;          /* RFC 6750 error code, or NULL */
    const char *description;    /* error_description, or NULL */
    const char *scope;          /* space-separated scopes, or NULL */
    const apr_array_header_t *extra; /* of as_param_t, after the others, in
                                      * order (acr_values, max_age,
                                      * resource_metadata, algs ...); NULL */
    int error_scheme;           /* as_scheme_e the error belongs to; 0: any
                                 * token scheme */
    const char *algs;           /* DPoP: the proof algorithms */
} as_challenge_args_t;

/** What a failed attempt looked like, whatever the scheme: for the
 * status, the challenge and the log line. Never holds a secret. */
typedef struct as_failure_t {
    as_reason_e cause;
    as_scheme_e scheme;
    int bearer_error;           /* as_bearer_error_e */
    const char *description;    /* error_description, never token data */
    const char *user;           /* claimed (or signed but refused) user */
    const char *why;            /* detail for the log, never a secret */
} as_failure_t;

struct request_rec;
struct as_dir_conf;

/** Verify the credentials (the token68 after the scheme name) of r for a
 * location, and on success set r->user. Returns AS_REASON_OK or the
 * cause of the refusal, with f filled in. */
typedef as_reason_e (*as_scheme_verify_fn)(struct request_rec *r,
                                           const struct as_dir_conf *d,
                                           const char *token,
                                           as_failure_t *f);

typedef struct {
    as_scheme_e id;
    const char *name;           /* as the challenge spells it */
    /* the challenge for a, one field line (never NULL) */
    const char *(*challenge)(apr_pool_t *p, const as_challenge_args_t *a);
    as_scheme_verify_fn verify; /* NULL until registered */
} as_scheme_t;

/** The scheme by its bit, or NULL for none or an unknown one. */
const as_scheme_t *as_scheme_get(as_scheme_e id);

/** The i-th scheme of the table (0..), or NULL past its end. */
const as_scheme_t *as_scheme_at(int i);

/** Scheme name for a scheme bit ("Basic", "Bearer"), "unknown" else. */
const char *as_scheme_name(as_scheme_e s);

/** Look up a scheme by name, case-insensitively; AS_SCHEME_UNKNOWN if none. */
as_scheme_e as_scheme_lookup(const char *name);

/** "Basic or Bearer": the known names, for messages. */
const char *as_scheme_names_text(apr_pool_t *p);

/** Register the verifier of a scheme (at hook registration, before any
 * thread runs). */
void as_scheme_set_verify(as_scheme_e id, as_scheme_verify_fn fn);

#endif
