/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_jwt.h
 * JWT (compact JWS) verification against an as_keyset_t, and pure helpers
 * over verified claims for the token-scope / token-claim authz providers.
 * APR + OpenSSL 3 + jansson only; no httpd headers.
 */
#ifndef AS_JWT_H
#define AS_JWT_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>
#include <jansson.h>

#include "as_keys.h"

/** Default longest token accepted (bytes), before any decoding. */
#define AS_JWT_MAX_LEN 16384

/** Deepest nesting of arrays and objects accepted in the JOSE header or
 * the claims, checked on the decoded bytes before jansson parses them
 * (jansson's own build-time cap is 2048 levels of recursion). Real claim
 * sets nest 3 or 4 levels deep. */
#define AS_JWT_MAX_DEPTH 16

/** Longest user claim accepted (bytes). */
#define AS_JWT_MAX_USER 256

/** Can this claim value become the user (r->user, REMOTE_USER)? 1 to
 * AS_JWT_MAX_USER bytes, none of them a control character (C0, DEL). */
int as_jwt_user_ok(const char *s, apr_size_t len);

/** Default clock skew allowed for exp, nbf and iat (seconds). */
#define AS_JWT_LEEWAY 60

/** Outcome of as_jwt_verify. Everything but OK means invalid_token. */
typedef enum {
    AS_JWT_OK = 0,
    AS_JWT_MALFORMED,       /* not 3 strict base64url segments of JSON... */
    AS_JWT_ALG_NOT_ALLOWED, /* alg missing, none, not allowed, not the key's */
    AS_JWT_UNKNOWN_KEY,     /* no key with that kid / of a fitting type */
    AS_JWT_BAD_SIGNATURE,
    AS_JWT_EXPIRED,
    AS_JWT_NOT_YET_VALID,   /* nbf, or iat in the future beyond leeway */
    AS_JWT_MISSING_EXP,
    AS_JWT_BAD_ISSUER,
    AS_JWT_BAD_AUDIENCE,
    AS_JWT_NO_USER,         /* user claim absent, empty or not a string */
    AS_JWT_CRIT,            /* crit lists extensions we do not understand */
    AS_JWT_TOO_LARGE,       /* over AS_JWT_MAX_LEN / max_len, or JSON nested
                             * deeper than AS_JWT_MAX_DEPTH */
    AS_JWT_BAD_TYPE         /* at_jwt: typ is not at+jwt (RFC 9068 §4) */
} as_jwt_status_e;

/** Verification policy, filled once from the configuration. */
typedef struct {
    /* const char *; NULL or empty: each key's own alg, else every alg
     * fitting the key's type. "none" never verifies whatever is listed. */
    apr_array_header_t *algs;
    apr_array_header_t *issuers;    /* const char *; NULL: iss not
                                     * checked, else iss must be one */
    int at_jwt;                     /* typ must be at+jwt (RFC 9068 §4) */
    int exp_optional;               /* introspection results: exp may be
                                     * absent */
    int signature_only;             /* DPoP proofs: check the header and
                                     * the signature, return the claims
                                     * unchecked (the caller checks them) */
    apr_array_header_t *audiences;  /* const char *; NULL: aud not checked */
    int leeway;                     /* seconds, for exp/nbf/iat */
    const char *user_claim;         /* NULL means "sub" */
    apr_size_t max_len;             /* 0 means AS_JWT_MAX_LEN */
} as_jwt_policy_t;

/** What as_jwt_verify found. Strings live in the pool given to it. */
typedef struct {
    as_jwt_status_e status;
    const char *description; /* for error_description: ASCII, no '"' or '\',
                              * never any part of the token */
    const char *reason;      /* short keyword for logs, e.g. "expired" */
    const char *detail;      /* longer static text for logs, never token data */
    const char *user;        /* value of the user claim (OK only) */
    apr_time_t exp;          /* exp as apr_time_t, 0 if unknown */
    json_t *claims;          /* payload once signature-checked, else NULL;
                              * json_decref'd by a cleanup on the pool */
    const char *kid;         /* header kid/alg as sent, cut to 64 bytes */
    const char *alg;         /* (attacker input: escape before logging) */
} as_jwt_result_t;

/** Fill pol with the defaults (no iss/aud check, leeway 60, "sub"). */
void as_jwt_policy_init(as_jwt_policy_t *pol);

/** Verify a compact JWS token at time now; returns res->status. */
as_jwt_status_e as_jwt_verify(apr_pool_t *p, const as_keyset_t *ks,
                              const as_jwt_policy_t *pol, const char *token,
                              apr_time_t now, as_jwt_result_t *res);

/** Check verified claims (exp, nbf, iat, iss, aud, the user claim, which
 * falls back to client_id when absent) as as_jwt_verify does after the
 * signature; introspection results go through the same checks. */
as_jwt_status_e as_jwt_check_claims(apr_pool_t *p,
                                    const as_jwt_policy_t *pol,
                                    json_t *claims, apr_time_t now,
                                    as_jwt_result_t *res);

/** Is w one of the space-separated words of list? */
int as_jwt_word_in(const char *list, const char *w);

/** Is s one of list's strings (const char *)? */
int as_jwt_in_list(const apr_array_header_t *list, const char *s);

/** The form of token the credential cache keys it by. An ECDSA signature
 * (r, s) verifies exactly when (r, n - s) does, so one ES256/384/512 token
 * has two valid strings; both get the one whose s is at most n/2 (by the
 * header's alg, never by the length alone). Any other token, and anything
 * not shaped like a JWS, is returned as it is. Nothing is verified here. */
const char *as_jwt_cache_form(apr_pool_t *p, const char *token);

/** The group order of an ES alg's curve, big-endian in *len bytes (the
 * JOSE coordinate length), or NULL for any other alg. */
const unsigned char *as_jwt_ecdsa_order(const char *alg, apr_size_t *len);

/** The "iss" of a token's payload before any verification (to pick the
 * issuer's keys), or NULL; from p. Never trust it beyond that. */
const char *as_jwt_peek_issuer(apr_pool_t *p, const char *token);

/** Human text for a status (the error_description value). */
const char *as_jwt_status_description(as_jwt_status_e st);

/** Log keyword for a status ("ok", "expired", "bad-signature", ...). */
const char *as_jwt_status_reason(as_jwt_status_e st);

/** Are all required scopes (const char *) granted by "scope" (space
 * separated) or "scp" (array or string)? If not, *missing (if non-NULL)
 * gets the missing ones joined by spaces. */
int as_jwt_has_scopes(const json_t *claims, const apr_array_header_t *required,
                      apr_pool_t *p, const char **missing);

/** The claim at a dotted path ("realm_access.roles"): a member of that
 * literal name first, else one object per segment; NULL when absent. */
const json_t *as_jwt_claim_at(const json_t *claims, const char *path);

/** Does claim name (a dotted path, as_jwt_claim_at) equal one of values,
 * or (array) contain one? Numbers and booleans compare by their JSON
 * text ("42", "true"). */
int as_jwt_claim_matches(const json_t *claims, const char *name,
                         const apr_array_header_t *values);

/** Call cb for each string/number/boolean claim, nested ones by path
 * (REALM_ACCESS_ROLES), arrays of scalars as space-separated lists; the
 * name upper-cased with chars outside [A-Z0-9_] as '_'; values with
 * control characters (anywhere in an array) are skipped. */
void as_jwt_export_claims(const json_t *claims, apr_pool_t *p,
                          void (*cb)(void *baton, const char *name,
                                     const char *value),
                          void *baton);

#endif /* AS_JWT_H */
