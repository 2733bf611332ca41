/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_keys.h
 * Key store for Bearer token verification: JWK Sets and PEM public keys,
 * parsed once (at startup) into EVP_PKEYs. Pure APR + OpenSSL 3 + jansson:
 * no httpd headers, so it is unit-tested and fuzzed alone.
 */
#ifndef AS_KEYS_H
#define AS_KEYS_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <openssl/evp.h>

/** Key families (JWK "kty"; OKP is Ed25519 only). */
typedef enum {
    AS_KTY_RSA,
    AS_KTY_EC,
    AS_KTY_OKP,
    AS_KTY_OCT
} as_kty_e;

/** One verification key. Owned by the key set's pool. */
typedef struct {
    const char *kid;        /* JWK "kid", or NULL (PEM keys have none) */
    as_kty_e kty;
    const char *crv;        /* "P-256", "P-384", "P-521", "Ed25519" or NULL */
    apr_size_t coord_len;   /* EC field size in bytes (32, 48, 66), else 0 */
    const char *alg;        /* JWK "alg" (checked to fit kty/crv), or NULL */
    const char *use;        /* JWK "use", or NULL */
    int usable;             /* 0: use/key_ops/alg say "not for signatures" */
    EVP_PKEY *pkey;         /* RSA/EC/OKP; freed by a cleanup on the pool */
    const unsigned char *secret; /* oct: the raw HMAC secret */
    apr_size_t secret_len;
    const char *source;     /* file it came from, for messages */
    /* oct: HMAC keyed with secret for SHA-256/384/512, made once at load
     * and duplicated per verification (no fetch per request); NULL: not
     * made, the verifier falls back to EVP_Q_mac. Freed with the pool. */
    EVP_MAC_CTX *hmac[3];
} as_key_t;

typedef struct as_keyset_t as_keyset_t;

/** Create an empty key set whose keys live as long as p. */
as_keyset_t *as_keyset_make(apr_pool_t *p);

/** Add the keys of a JWK Set, a single JWK, or a PEM file (PUBLIC KEY,
 * RSA PUBLIC KEY, CERTIFICATE); NULL on success, else a message (from p)
 * naming the file and the reason, and no key of the file is added. Keys
 * live in the set's pool; p holds temporaries. Risky but accepted things
 * go to warnings (const char *, may be NULL). */
const char *as_keyset_load_file(as_keyset_t *ks, apr_pool_t *p,
                                const char *path,
                                apr_array_header_t *warnings);

/** Same as as_keyset_load_file for data already in memory; name is used
 * in messages only. */
const char *as_keyset_load_buffer(as_keyset_t *ks, apr_pool_t *p,
                                  const char *name, const char *data,
                                  apr_size_t len,
                                  apr_array_header_t *warnings);

/** Add the keys of from to ks without copying them: they stay owned by
 * from's pool, which must live as long as ks is used. */
void as_keyset_add_set(as_keyset_t *ks, const as_keyset_t *from);

/** Number of keys loaded (usable or not). */
int as_keyset_count(const as_keyset_t *ks);

/** The i-th key (0 <= i < as_keyset_count), or NULL. */
const as_key_t *as_keyset_get(const as_keyset_t *ks, int i);

/** Does the set hold at least one usable HMAC (oct) key? */
int as_keyset_has_hmac(const as_keyset_t *ks);

/** Algorithms the usable keys allow (each key's own alg, else every alg
 * fitting its type), without duplicates, as const char *. */
apr_array_header_t *as_keyset_algs(const as_keyset_t *ks, apr_pool_t *p);

/** Is alg a JWS algorithm this code implements (never "none")? */
int as_alg_known(const char *alg);

/** May key k verify a signature made with alg (type, curve, own alg)? */
int as_key_fits_alg(const as_key_t *k, const char *alg);

/** Strict base64url decoding (RFC 7515 §2: alphabet A-Za-z0-9-_, no
 * padding, no whitespace, zero trailing bits). Returns a NUL-terminated
 * buffer from p and its length in *outlen, or NULL if invalid. */
unsigned char *as_b64url_decode(apr_pool_t *p, const char *in,
                                apr_size_t len, apr_size_t *outlen);

#endif /* AS_KEYS_H */
