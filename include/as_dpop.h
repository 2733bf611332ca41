/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_dpop.h
 * DPoP proofs (RFC 9449) and confirmation of sender-constrained tokens
 * (RFC 9449 section 6, RFC 8705 section 3), as pure functions
 * (modules/as_dpop.c): a proof is checked against the request it came
 * with (method, URL, access token, time, nonce); the key's RFC 7638
 * thumbprint is what the token's cnf.jkt must equal. Replay (the jti) and
 * the nonce's secret are the caller's. No httpd headers.
 */
#ifndef AS_DPOP_H
#define AS_DPOP_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>
#include <jansson.h>

#include "as_challenge.h"

/** Longest proof accepted (bytes). */
#define AS_DPOP_MAX_LEN 8192
/** Default proof lifetime around iat (seconds): RFC 9449 section 11.1. */
#define AS_DPOP_WINDOW 60
/** Proof algorithms accepted by default (asymmetric only): the list the
 * DPoP challenge announces. */
#define AS_DPOP_ALGS AS_CHALLENGE_DPOP_ALGS

typedef enum {
    AS_DPOP_OK = 0,
    AS_DPOP_MALFORMED,      /* not a JWS of JSON, too large */
    AS_DPOP_BAD_TYP,        /* typ is not dpop+jwt */
    AS_DPOP_BAD_ALG,        /* none, symmetric, not allowed */
    AS_DPOP_BAD_KEY,        /* no jwk, private members, unusable */
    AS_DPOP_BAD_SIGNATURE,
    AS_DPOP_BAD_CLAIMS,     /* jti/htm/htu/iat missing or not strings/numbers */
    AS_DPOP_BAD_HTM,
    AS_DPOP_BAD_HTU,
    AS_DPOP_STALE,          /* iat outside the window */
    AS_DPOP_BAD_ATH,
    AS_DPOP_NONCE           /* nonce missing or not the expected one */
} as_dpop_status_e;

/** What the request says the proof must match. */
typedef struct {
    const char *method;       /* htm */
    const char *htu;          /* normalised (as_dpop_htu) */
    const char *token;        /* the access token, for ath; NULL: no ath */
    apr_time_t now;
    int window;               /* seconds */
    const apr_array_header_t *algs;   /* const char *; NULL: AS_DPOP_ALGS */
    /* the nonce check: NULL when nonces are off; else called with the
     * proof's nonce (NULL when it has none), returns 1 when acceptable */
    int (*nonce_ok)(void *baton, const char *nonce);
    void *nonce_baton;
} as_dpop_expect_t;

typedef struct {
    as_dpop_status_e status;
    const char *detail;       /* static text for logs, never proof data */
    const char *jkt;          /* RFC 7638 thumbprint (base64url SHA-256) */
    const char *jti;          /* the proof's jti (for the replay check) */
    apr_time_t iat;
    const char *nonce;        /* the proof's nonce, or NULL */
} as_dpop_result_t;

/** Check proof against x. */
as_dpop_status_e as_dpop_check(apr_pool_t *p, const char *proof,
                               const as_dpop_expect_t *x,
                               as_dpop_result_t *res);

/** RFC 9449 section 4.3 item 9: scheme and host lower-cased, the default
 * port dropped, no query and no fragment; NULL when url is not an
 * absolute http(s) URL. */
const char *as_dpop_htu(apr_pool_t *p, const char *url);

/** The RFC 7638 thumbprint of a public JWK (EC, RSA, OKP), base64url;
 * NULL when a required member is missing. */
const char *as_dpop_thumbprint(apr_pool_t *p, const json_t *jwk);

/** base64url (no padding) of SHA-256 of data: ath, x5t#S256, jkt. */
const char *as_dpop_b64_sha256(apr_pool_t *p, const void *data,
                               apr_size_t len);

/** The confirmation a token asks for (its cnf claim). */
typedef enum {
    AS_CNF_NONE = 0,        /* a plain bearer token */
    AS_CNF_JKT,             /* DPoP: cnf.jkt */
    AS_CNF_X5T,             /* mTLS: cnf["x5t#S256"] */
    AS_CNF_UNKNOWN          /* cnf with nothing the module can check, or
                             * malformed: never accepted as a bearer token */
} as_cnf_e;

/** What claims' cnf asks for; *value gets the jkt or x5t#S256. */
as_cnf_e as_dpop_cnf(const json_t *claims, const char **value);

/** Keyword of a status for logs ("stale", "bad-htu"). */
const char *as_dpop_status_name(as_dpop_status_e st);

#endif
