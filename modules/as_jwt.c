/* Licensed under the Apache License, Version 2.0. */
/*
 * JWT verification (RFC 7519 over compact JWS, RFC 7515/7518), hardened as
 * RFC 8725 asks: an explicit algorithm allow-list tied to the key type,
 * strict base64url, duplicate-free UTF-8 JSON, no jku/x5u fetching, and no
 * claim is looked at before the signature is verified.
 *
 * Key selection: a token with a kid is checked against the keys with that
 * kid; when no key has that kid, against the keys that have no kid (PEM
 * keys, kid-less JWKs), so a kid never "finds" a key announced for another
 * kid. A token without kid is tried against each key that fits its alg.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <apr_encode.h>
#include <apr_strings.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "as_jwt.h"

static const struct {
    const char *reason;
    const char *description;
} status_text[] = {
    [AS_JWT_OK] =
        { "ok", "The access token is valid" },
    [AS_JWT_MALFORMED] =
        { "malformed", "The access token is malformed" },
    [AS_JWT_ALG_NOT_ALLOWED] =
        { "alg-not-allowed",
          "The access token is signed with an algorithm that is not allowed" },
    [AS_JWT_UNKNOWN_KEY] =
        { "unknown-key", "The access token is signed with an unknown key" },
    [AS_JWT_BAD_SIGNATURE] =
        { "bad-signature", "The access token signature is invalid" },
    [AS_JWT_EXPIRED] =
        { "expired", "The access token expired" },
    [AS_JWT_NOT_YET_VALID] =
        { "not-yet-valid", "The access token is not yet valid" },
    [AS_JWT_MISSING_EXP] =
        { "missing-exp", "The access token has no expiration time" },
    [AS_JWT_BAD_ISSUER] =
        { "bad-issuer", "The access token issuer is not accepted" },
    [AS_JWT_BAD_AUDIENCE] =
        { "bad-audience", "The access token is not intended for this resource" },
    [AS_JWT_NO_USER] =
        { "no-user", "The access token does not identify a user" },
    [AS_JWT_CRIT] =
        { "crit", "The access token requires an unsupported extension" },
    [AS_JWT_TOO_LARGE] =
        { "too-large", "The access token is too large or too deeply nested" },
    [AS_JWT_BAD_TYPE] =
        { "bad-type", "The token is not an access token" },
};

#define STATUS_COUNT (sizeof(status_text) / sizeof(status_text[0]))

const char *as_jwt_status_description(as_jwt_status_e st)
{
    if ((unsigned)st >= STATUS_COUNT) {
        return "The access token is invalid";
    }
    return status_text[st].description;
}

const char *as_jwt_status_reason(as_jwt_status_e st)
{
    if ((unsigned)st >= STATUS_COUNT) {
        return "invalid";
    }
    return status_text[st].reason;
}

void as_jwt_policy_init(as_jwt_policy_t *pol)
{
    memset(pol, 0, sizeof(*pol));
    pol->leeway = AS_JWT_LEEWAY;
    pol->user_claim = "sub";
    pol->max_len = AS_JWT_MAX_LEN;
}

static as_jwt_status_e fail(as_jwt_result_t *res, as_jwt_status_e st,
                            const char *detail)
{
    res->status = st;
    res->reason = as_jwt_status_reason(st);
    res->description = as_jwt_status_description(st);
    res->detail = detail;
    res->user = NULL;
    return st;
}

static apr_status_t json_cleanup(void *data)
{
    json_decref(data);
    return APR_SUCCESS;
}

/* Is the nesting of arrays and objects in the JSON text d deeper than
 * AS_JWT_MAX_DEPTH? One linear pass that skips strings, so a header or
 * payload of "[[[[..." is refused before any recursive parse. */
static int too_deep(const unsigned char *d, apr_size_t len)
{
    apr_size_t i;
    int depth = 0, in_str = 0;

    for (i = 0; i < len; i++) {
        unsigned char c = d[i];

        if (in_str) {
            if (c == '\\') {
                i++;
            }
            else if (c == '"') {
                in_str = 0;
            }
        }
        else if (c == '"') {
            in_str = 1;
        }
        else if (c == '[' || c == '{') {
            if (++depth > AS_JWT_MAX_DEPTH) {
                return 1;
            }
        }
        else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return 0;
}

/* Decode one base64url segment and parse it as a JSON object. NULL (with
 * *detail set) if anything is off: jansson rejects bad UTF-8, \u0000 and,
 * with the flag, duplicate member names (RFC 7515 §4, RFC 7519 §4). */
static json_t *segment_json(apr_pool_t *p, const char *seg, apr_size_t len,
                            const char *what, const char **detail,
                            as_jwt_status_e *st)
{
    apr_size_t dlen;
    unsigned char *d = as_b64url_decode(p, seg, len, &dlen);
    json_t *j;

    /* every NULL return says why, this one included: a caller's status
     * must never be left unset (an unset one could read as AS_JWT_OK) */
    *st = AS_JWT_MALFORMED;
    if (!d) {
        *detail = apr_pstrcat(p, what, " is not base64url", NULL);
        return NULL;
    }
    *st = AS_JWT_MALFORMED;
    if (too_deep(d, dlen)) {
        *st = AS_JWT_TOO_LARGE;
        *detail = apr_pstrcat(p, what, " nests arrays or objects too deeply",
                              NULL);
        return NULL;
    }
    j = json_loadb((const char *)d, dlen, JSON_REJECT_DUPLICATES, NULL);
    if (!j) {
        *detail = apr_pstrcat(p, what, " is not UTF-8 JSON without "
                              "duplicate members", NULL);
        return NULL;
    }
    apr_pool_cleanup_register(p, j, json_cleanup, apr_pool_cleanup_null);
    if (!json_is_object(j)) {
        *detail = apr_pstrcat(p, what, " is not a JSON object", NULL);
        return NULL;
    }
    return j;
}

/* Header strings go to logs: keep them short. */
static const char *log_copy(apr_pool_t *p, const char *s)
{
    return apr_pstrndup(p, s, 64);
}

static const EVP_MD *alg_md(const char *alg)
{
    const char *bits = alg + 2;

    if (!strcmp(bits, "256")) {
        return EVP_sha256();
    }
    if (!strcmp(bits, "384")) {
        return EVP_sha384();
    }
    if (!strcmp(bits, "512")) {
        return EVP_sha512();
    }
    return NULL;
}

/* JOSE r||s to the DER ECDSA-Sig-Value OpenSSL verifies (RFC 7518 §3.4).
 * NULL for a wrong length or a zero r or s. */
static unsigned char *ecdsa_der(apr_pool_t *p, const as_key_t *k,
                                const unsigned char *sig, apr_size_t siglen,
                                int *derlen)
{
    apr_size_t cl = k->coord_len;
    BIGNUM *r, *s;
    ECDSA_SIG *es;
    unsigned char *der = NULL, *q;
    int len;

    if (cl == 0 || siglen != 2 * cl) {
        return NULL;
    }
    r = BN_bin2bn(sig, (int)cl, NULL);
    s = BN_bin2bn(sig + cl, (int)cl, NULL);
    es = ECDSA_SIG_new();
    if (!r || !s || !es || BN_is_zero(r) || BN_is_zero(s)
        || !ECDSA_SIG_set0(es, r, s)) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(es);
        return NULL;
    }
    /* es owns r and s now */
    len = i2d_ECDSA_SIG(es, NULL);
    if (len > 0) {
        q = der = apr_palloc(p, (apr_size_t)len);
        len = i2d_ECDSA_SIG(es, &q);
    }
    ECDSA_SIG_free(es);
    if (len <= 0) {
        return NULL;
    }
    *derlen = len;
    return der;
}

static int verify_hmac(const as_key_t *k, const char *alg,
                       const unsigned char *in, apr_size_t inlen,
                       const unsigned char *sig, apr_size_t siglen)
{
    static const char *const digests[] = { "SHA256", "SHA384", "SHA512" };
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t maclen = 0;
    int d = !strcmp(alg, "HS256") ? 0 : !strcmp(alg, "HS384") ? 1 : 2;
    EVP_MAC_CTX *ctx;
    int ok;

    if (k->hmac[d] != NULL) {
        /* the keyed template made at load: no fetch, no key setup */
        ok = (ctx = EVP_MAC_CTX_dup(k->hmac[d])) != NULL
             && EVP_MAC_update(ctx, in, inlen) == 1
             && EVP_MAC_final(ctx, mac, &maclen, sizeof(mac)) == 1;
        EVP_MAC_CTX_free(ctx);
    }
    else {
        ok = EVP_Q_mac(NULL, "HMAC", NULL, digests[d], NULL, k->secret,
                       k->secret_len, in, inlen, mac, sizeof(mac), &maclen)
             != NULL;
    }
    if (!ok) {
        OPENSSL_cleanse(mac, sizeof(mac));
        return 0;
    }
    ok = maclen == siglen && CRYPTO_memcmp(mac, sig, maclen) == 0;
    OPENSSL_cleanse(mac, sizeof(mac));
    return ok;
}

/* One EVP_DigestVerify with key k; 1 if the signature is good. */
static int verify_with(apr_pool_t *p, const as_key_t *k, const char *alg,
                       const unsigned char *in, apr_size_t inlen,
                       const unsigned char *sig, apr_size_t siglen)
{
    EVP_MD_CTX *ctx;
    EVP_PKEY_CTX *pctx = NULL;
    const EVP_MD *md = NULL;
    int ok = 0;

    if (k->kty == AS_KTY_OCT) {
        return verify_hmac(k, alg, in, inlen, sig, siglen);
    }
    if (k->kty == AS_KTY_EC) {
        int derlen = 0;

        sig = ecdsa_der(p, k, sig, siglen, &derlen);
        if (!sig) {
            return 0;
        }
        siglen = (apr_size_t)derlen;
    }
    if (k->kty != AS_KTY_OKP) {
        md = alg_md(alg);
    }
    if (!(ctx = EVP_MD_CTX_new())) {
        return 0;
    }
    if (EVP_DigestVerifyInit(ctx, &pctx, md, NULL, k->pkey) > 0) {
        ok = 1;
        if (alg[0] == 'P') {
            /* RFC 7518 §3.5: MGF1 with the same hash, salt = hash size */
            ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0
                 && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx,
                                                     RSA_PSS_SALTLEN_DIGEST) > 0
                 && EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) > 0;
        }
        ok = ok && EVP_DigestVerify(ctx, sig, siglen, in, inlen) == 1;
    }
    EVP_MD_CTX_free(ctx);
    return ok;
}

/* Does alg appear in the policy's allow-list (empty list: yes)? */
static int policy_allows(const as_jwt_policy_t *pol, const char *alg)
{
    int i;

    if (!pol->algs || pol->algs->nelts == 0) {
        return 1;
    }
    for (i = 0; i < pol->algs->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(pol->algs, i, const char *), alg)) {
            return 1;
        }
    }
    return 0;
}

/* Numeric claim: 1 and *v if a number, 0 if absent, -1 if not a number. */
static int numeric_claim(json_t *claims, const char *name, double *v)
{
    json_t *j = json_object_get(claims, name);

    if (!j) {
        return 0;
    }
    if (!json_is_number(j)) {
        return -1;
    }
    *v = json_number_value(j);
    return 1;
}

static int audience_ok(json_t *aud, const apr_array_header_t *want)
{
    int i;

    for (i = 0; i < want->nelts; i++) {
        const char *w = APR_ARRAY_IDX(want, i, const char *);

        if (json_is_string(aud)) {
            if (!strcmp(json_string_value(aud), w)) {
                return 1;
            }
        }
        else if (json_is_array(aud)) {
            size_t n;
            json_t *v;

            json_array_foreach(aud, n, v) {
                if (json_is_string(v) && !strcmp(json_string_value(v), w)) {
                    return 1;
                }
            }
        }
    }
    return 0;
}

int as_jwt_in_list(const apr_array_header_t *list, const char *s)
{
    int i;

    for (i = 0; list && i < list->nelts; i++) {
        if (!strcmp(APR_ARRAY_IDX(list, i, const char *), s)) {
            return 1;
        }
    }
    return 0;
}

as_jwt_status_e as_jwt_check_claims(apr_pool_t *p,
                                    const as_jwt_policy_t *pol,
                                    json_t *claims, apr_time_t now,
                                    as_jwt_result_t *res)
{
    double nows = (double)now / (double)APR_USEC_PER_SEC;
    double leeway = pol->leeway > 0 ? (double)pol->leeway : 0.0;
    double v;
    json_t *j;
    const char *uc = pol->user_claim ? pol->user_claim : "sub";
    int has;

    has = numeric_claim(claims, "exp", &v);
    if (has == 0 && pol->exp_optional) {
        res->exp = 0;
    }
    else if (has == 0) {
        return fail(res, AS_JWT_MISSING_EXP, "no exp claim");
    }
    if (has < 0) {
        return fail(res, AS_JWT_MALFORMED, "exp is not a NumericDate");
    }
    /* keep exp for caches and logs even when it has passed */
    if (has == 0) {
        /* introspection: no exp, the endpoint's word is the lifetime */
    }
    else if (v >= 9.2e12) {
        res->exp = APR_INT64_MAX;
    }
    else if (v <= 0) {
        res->exp = 0;
    }
    else {
        res->exp = (apr_time_t)(v * (double)APR_USEC_PER_SEC);
    }
    /* RFC 7519 §4.1.4: valid only while now is before exp */
    if (has > 0 && nows >= v + leeway) {
        return fail(res, AS_JWT_EXPIRED, "exp has passed");
    }
    has = numeric_claim(claims, "nbf", &v);
    if (has < 0) {
        return fail(res, AS_JWT_MALFORMED, "nbf is not a NumericDate");
    }
    if (has > 0 && nows + leeway < v) {
        return fail(res, AS_JWT_NOT_YET_VALID, "nbf is in the future");
    }
    has = numeric_claim(claims, "iat", &v);
    if (has < 0) {
        return fail(res, AS_JWT_MALFORMED, "iat is not a NumericDate");
    }
    if (has > 0 && nows + leeway < v) {
        return fail(res, AS_JWT_NOT_YET_VALID, "iat is in the future");
    }
    if (pol->issuers && pol->issuers->nelts > 0) {
        j = json_object_get(claims, "iss");
        if (!json_is_string(j)
            || !as_jwt_in_list(pol->issuers, json_string_value(j))) {
            return fail(res, AS_JWT_BAD_ISSUER,
                        j ? "iss does not match" : "no iss claim");
        }
    }
    if (pol->audiences && pol->audiences->nelts > 0) {
        j = json_object_get(claims, "aud");
        if (!audience_ok(j, pol->audiences)) {
            return fail(res, AS_JWT_BAD_AUDIENCE,
                        j ? "aud does not match" : "no aud claim");
        }
    }
    j = json_object_get(claims, uc);
    if (j == NULL) {
        /* a client-credentials token names no user: its client is who
         * calls (RFC 9068 §2.2, RFC 7662 §2.2) */
        j = json_object_get(claims, "client_id");
    }
    if (!json_is_string(j) || json_string_length(j) == 0) {
        return fail(res, AS_JWT_NO_USER, j ? "user claim is not a non-empty "
                    "string" : "user claim is absent");
    }
    /* the user becomes REMOTE_USER, log fields and, through mod_headers,
     * header lines to backends: no control characters (CR LF would start
     * a header or a request of their own), no NUL, a bounded length */
    if (!as_jwt_user_ok(json_string_value(j), json_string_length(j))) {
        return fail(res, AS_JWT_NO_USER, "user claim holds a control "
                    "character or is longer than 256 bytes");
    }
    res->status = AS_JWT_OK;
    res->reason = as_jwt_status_reason(AS_JWT_OK);
    res->description = as_jwt_status_description(AS_JWT_OK);
    res->detail = "valid";
    res->user = apr_pstrdup(p, json_string_value(j));
    return AS_JWT_OK;
}

int as_jwt_user_ok(const char *s, apr_size_t len)
{
    apr_size_t i;

    if (len == 0 || len > AS_JWT_MAX_USER) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x20 || c == 0x7f) {
            return 0;
        }
    }
    return 1;
}

/* "none" in any letter case (the bis draft's blocklist bypass) */
static int is_none(const char *alg)
{
    static const char none[] = "none";
    int i;

    for (i = 0; i < 4; i++) {
        if (alg[i] != none[i] && alg[i] != none[i] - 'a' + 'A') {
            return 0;
        }
    }
    return alg[4] == '\0';
}

/* Keys tried for a token: those with its kid if any key has that kid;
 * otherwise kid-less keys (or all keys for a token without kid). */
static int is_candidate(const as_key_t *k, const char *alg, const char *kid,
                        int kid_found)
{
    if (!as_key_fits_alg(k, alg)) {
        return 0;
    }
    if (kid_found) {
        return k->kid && !strcmp(k->kid, kid);
    }
    return !kid || !k->kid;
}

static int b64url_or_dot(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
           || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

as_jwt_status_e as_jwt_verify(apr_pool_t *p, const as_keyset_t *ks,
                              const as_jwt_policy_t *pol, const char *token,
                              apr_time_t now, as_jwt_result_t *res)
{
    apr_size_t max = pol->max_len ? pol->max_len : AS_JWT_MAX_LEN;
    apr_size_t len, dots[2], ndots = 0, siglen;
    const char *detail = NULL, *alg, *kid = NULL;
    as_jwt_status_e seg_st = AS_JWT_MALFORMED;
    json_t *header, *payload, *j;
    unsigned char *sig;
    int ncand = 0, i, n, fits = 0, kid_found = 0, verified = 0;

    memset(res, 0, sizeof(*res));
    if (!token) {
        return fail(res, AS_JWT_MALFORMED, "no token");
    }
    /* bound the scan itself: the token may be megabytes long */
    for (len = 0; token[len]; len++) {
        if (len >= max) {
            return fail(res, AS_JWT_TOO_LARGE, "token longer than the limit");
        }
        if (!b64url_or_dot((unsigned char)token[len])) {
            return fail(res, AS_JWT_MALFORMED, "character outside base64url");
        }
        if (token[len] == '.') {
            if (ndots == 2) {
                return fail(res, AS_JWT_MALFORMED, "more than three segments");
            }
            dots[ndots++] = len;
        }
    }
    if (ndots != 2) {
        return fail(res, AS_JWT_MALFORMED, "fewer than three segments");
    }
    if (dots[0] == 0 || dots[1] == dots[0] + 1) {
        return fail(res, AS_JWT_MALFORMED, "empty header or payload");
    }

    header = segment_json(p, token, dots[0], "header", &detail, &seg_st);
    if (!header) {
        return fail(res, seg_st, detail);
    }
    j = json_object_get(header, "alg");
    if (!json_is_string(j)) {
        return fail(res, AS_JWT_ALG_NOT_ALLOWED, "no alg in the header");
    }
    alg = json_string_value(j);
    res->alg = log_copy(p, alg);
    j = json_object_get(header, "kid");
    if (j) {
        if (!json_is_string(j)) {
            return fail(res, AS_JWT_MALFORMED, "kid is not a string");
        }
        kid = json_string_value(j);
        res->kid = log_copy(p, kid);
    }
    /* RFC 8725 §3.1: never "none", whatever its case */
    if (is_none(alg)) {
        return fail(res, AS_JWT_ALG_NOT_ALLOWED, "alg none");
    }
    if (!as_alg_known(alg)) {
        return fail(res, AS_JWT_ALG_NOT_ALLOWED, "alg not supported");
    }
    if (!policy_allows(pol, alg)) {
        return fail(res, AS_JWT_ALG_NOT_ALLOWED, "alg not in the allow-list");
    }
    /* RFC 9068 §4: an access token says so in typ; an ID token (typ JWT
     * or none) must not pass for one */
    if (pol->at_jwt) {
        j = json_object_get(header, "typ");
        if (!json_is_string(j)
            || (strcasecmp(json_string_value(j), "at+jwt")
                && strcasecmp(json_string_value(j), "application/at+jwt"))) {
            return fail(res, AS_JWT_BAD_TYPE, j ? "typ is not at+jwt"
                                                : "no typ in the header");
        }
    }
    /* RFC 7515 §4.1.11: we understand no extension, so any crit fails */
    if (json_object_get(header, "crit")) {
        return fail(res, AS_JWT_CRIT, "crit header present");
    }

    n = as_keyset_count(ks);
    for (i = 0; i < n; i++) {
        const as_key_t *k = as_keyset_get(ks, i);

        if (as_key_fits_alg(k, alg)) {
            fits++;
        }
        if (kid && k->usable && k->kid && !strcmp(k->kid, kid)) {
            kid_found = 1;
        }
    }
    if (!fits) {
        /* e.g. HS256 against RSA keys: the CVE-2015-9235 confusion */
        return fail(res, AS_JWT_ALG_NOT_ALLOWED, "no key fits the alg");
    }
    for (i = 0; i < n; i++) {
        ncand += is_candidate(as_keyset_get(ks, i), alg, kid, kid_found);
    }
    if (ncand == 0) {
        if (kid_found) {
            return fail(res, AS_JWT_ALG_NOT_ALLOWED, "alg does not fit the "
                        "key with that kid");
        }
        return fail(res, AS_JWT_UNKNOWN_KEY, "kid not found");
    }

    sig = as_b64url_decode(p, token + dots[1] + 1, len - dots[1] - 1,
                           &siglen);
    if (!sig) {
        return fail(res, AS_JWT_MALFORMED, "signature is not base64url");
    }
    for (i = 0; i < n && !verified; i++) {
        const as_key_t *k = as_keyset_get(ks, i);

        if (is_candidate(k, alg, kid, kid_found)) {
            verified = verify_with(p, k, alg, (const unsigned char *)token,
                                   dots[1], sig, siglen);
        }
    }
    /* leave nothing in this thread's OpenSSL error queue (mod_ssl reads it) */
    ERR_clear_error();
    if (!verified) {
        return fail(res, AS_JWT_BAD_SIGNATURE, "signature does not verify");
    }

    payload = segment_json(p, token + dots[0] + 1, dots[1] - dots[0] - 1,
                           "payload", &detail, &seg_st);
    if (!payload) {
        return fail(res, seg_st, detail);
    }
    res->claims = payload;
    if (pol->signature_only) {
        res->status = AS_JWT_OK;
        res->reason = as_jwt_status_reason(AS_JWT_OK);
        res->description = as_jwt_status_description(AS_JWT_OK);
        res->detail = "signature valid";
        return AS_JWT_OK;
    }
    return as_jwt_check_claims(p, pol, payload, now, res);
}

const char *as_jwt_peek_issuer(apr_pool_t *p, const char *token)
{
    const char *a = strchr(token, '.'), *b, *detail;
    as_jwt_status_e st;
    json_t *payload, *iss;

    if (!a || !(b = strchr(a + 1, '.'))
        || strlen(token) > AS_JWT_MAX_LEN) {
        return NULL;
    }
    payload = segment_json(p, a + 1, (apr_size_t)(b - a - 1), "payload",
                           &detail, &st);
    iss = payload ? json_object_get(payload, "iss") : NULL;
    return json_is_string(iss) ? apr_pstrdup(p, json_string_value(iss))
                               : NULL;
}

int as_jwt_word_in(const char *list, const char *w)
{
    apr_size_t wl = strlen(w);
    const char *s = list;

    if (wl == 0) {
        return 0;
    }
    while ((s = strstr(s, w)) != NULL) {
        if ((s == list || s[-1] == ' ') && (s[wl] == ' ' || s[wl] == '\0')) {
            return 1;
        }
        s += 1;
    }
    return 0;
}

static int scope_granted(const json_t *claims, const char *want)
{
    json_t *scope = json_object_get(claims, "scope");
    json_t *scp = json_object_get(claims, "scp");

    if (json_is_string(scope) && as_jwt_word_in(json_string_value(scope), want)) {
        return 1;
    }
    if (json_is_string(scp) && as_jwt_word_in(json_string_value(scp), want)) {
        return 1;
    }
    if (json_is_array(scp)) {
        size_t i;
        json_t *v;

        json_array_foreach(scp, i, v) {
            if (json_is_string(v) && !strcmp(json_string_value(v), want)) {
                return 1;
            }
        }
    }
    return 0;
}

int as_jwt_has_scopes(const json_t *claims, const apr_array_header_t *required,
                      apr_pool_t *p, const char **missing)
{
    apr_array_header_t *miss = NULL;
    int i;

    for (i = 0; required && i < required->nelts; i++) {
        const char *want = APR_ARRAY_IDX(required, i, const char *);

        if (!claims || !scope_granted(claims, want)) {
            if (!miss) {
                miss = apr_array_make(p, 2, sizeof(const char *));
            }
            APR_ARRAY_PUSH(miss, const char *) = want;
        }
    }
    if (missing) {
        *missing = miss ? apr_array_pstrcat(p, miss, ' ') : NULL;
    }
    return miss == NULL;
}

/* Does the scalar v have the JSON text / string value s? */
static int scalar_is(const json_t *v, const char *s)
{
    char buf[64];

    switch (json_typeof(v)) {
    case JSON_STRING:
        return !strcmp(json_string_value(v), s);
    case JSON_INTEGER:
        apr_snprintf(buf, sizeof(buf), "%" APR_INT64_T_FMT,
                     (apr_int64_t)json_integer_value(v));
        return !strcmp(buf, s);
    case JSON_REAL: {
        /* jansson's own text, so "1.5" matches what the token said */
        char *t = json_dumps(v, JSON_ENCODE_ANY);
        int eq = t && !strcmp(t, s);

        free(t);
        return eq;
    }
    case JSON_TRUE:
        return !strcmp(s, "true");
    case JSON_FALSE:
        return !strcmp(s, "false");
    default:
        return 0;
    }
}

/* The claim at a dotted path ("realm_access.roles"): a member of that
 * literal name first (claim names may hold dots: URLs), else one step
 * per segment into nested objects. */
const json_t *as_jwt_claim_at(const json_t *claims, const char *path)
{
    const json_t *cur = claims;
    const char *seg = path;
    int depth = 0;

    if (!json_is_object(claims) || !path) {
        return NULL;
    }
    if ((cur = json_object_get(claims, path)) != NULL) {
        return cur;
    }
    cur = claims;
    while (cur && depth++ < AS_JWT_MAX_DEPTH) {
        const char *dot = strchr(seg, '.');
        char name[256];
        apr_size_t l = dot ? (apr_size_t)(dot - seg) : strlen(seg);

        if (!json_is_object(cur) || l == 0 || l >= sizeof(name)) {
            return NULL;
        }
        memcpy(name, seg, l);
        name[l] = '\0';
        cur = json_object_get(cur, name);
        if (!dot) {
            return cur;
        }
        seg = dot + 1;
    }
    return NULL;
}

int as_jwt_claim_matches(const json_t *claims, const char *name,
                         const apr_array_header_t *values)
{
    const json_t *c;
    int i;

    if (!claims || !name || !values
        || !(c = as_jwt_claim_at(claims, name))) {
        return 0;
    }
    for (i = 0; i < values->nelts; i++) {
        const char *s = APR_ARRAY_IDX(values, i, const char *);

        if (json_is_array(c)) {
            size_t n;
            json_t *v;

            json_array_foreach(c, n, v) {
                if (scalar_is(v, s)) {
                    return 1;
                }
            }
        }
        else if (scalar_is(c, s)) {
            return 1;
        }
    }
    return 0;
}

/* A scalar's text for the environment, or NULL (control characters, not
 * a scalar). */
static const char *scalar_text(apr_pool_t *p, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING: {
        const char *s = json_string_value(v);
        apr_size_t i, l = json_string_length(v);

        for (i = 0; i < l; i++) {
            if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
                return NULL;
            }
        }
        return s;
    }
    case JSON_INTEGER:
        return apr_psprintf(p, "%" APR_INT64_T_FMT,
                            (apr_int64_t)json_integer_value(v));
    case JSON_REAL: {
        char *t = json_dumps(v, JSON_ENCODE_ANY);
        const char *value = t ? apr_pstrdup(p, t) : NULL;

        free(t);
        return value;
    }
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    default:
        return NULL;
    }
}

/* An array of scalars as a space-separated list; NULL when empty or when
 * an element is not a scalar or holds a control character. */
static const char *array_text(apr_pool_t *p, const json_t *a)
{
    apr_array_header_t *parts;
    size_t n;
    json_t *v;

    if (json_array_size(a) == 0) {
        return NULL;
    }
    parts = apr_array_make(p, (int)json_array_size(a), sizeof(const char *));
    json_array_foreach(a, n, v) {
        const char *t = scalar_text(p, v);

        if (t == NULL) {
            return NULL;
        }
        APR_ARRAY_PUSH(parts, const char *) = t;
    }
    return apr_array_pstrcat(p, parts, ' ');
}

static void export_level(const json_t *obj, apr_pool_t *p, const char *prefix,
                         int depth,
                         void (*cb)(void *baton, const char *name,
                                    const char *value),
                         void *baton)
{
    void *iter;

    /* json_object_foreach wants a non-const object; iterate by hand */
    for (iter = json_object_iter((json_t *)obj); iter;
         iter = json_object_iter_next((json_t *)obj, iter)) {
        const char *key = json_object_iter_key(iter);
        json_t *v = json_object_iter_value(iter);
        const char *value;
        char *name, *c;

        if (!*key) {
            continue;
        }
        name = prefix ? apr_pstrcat(p, prefix, "_", key, NULL)
                      : apr_pstrdup(p, key);
        for (c = name + (prefix ? strlen(prefix) + 1 : 0); *c; c++) {
            if (*c >= 'a' && *c <= 'z') {
                *c = (char)(*c - 'a' + 'A');
            }
            else if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
                       || *c == '_')) {
                *c = '_';
            }
        }
        if (json_is_object(v)) {
            /* nested objects by path: realm_access.roles becomes
             * REALM_ACCESS_ROLES */
            if (depth < AS_JWT_MAX_DEPTH) {
                export_level(v, p, name, depth + 1, cb, baton);
            }
            continue;
        }
        value = json_is_array(v) ? array_text(p, v) : scalar_text(p, v);
        if (value) {
            cb(baton, name, value);
        }
    }
}

void as_jwt_export_claims(const json_t *claims, apr_pool_t *p,
                          void (*cb)(void *baton, const char *name,
                                     const char *value),
                          void *baton)
{
    if (json_is_object(claims)) {
        export_level(claims, p, NULL, 1, cb, baton);
    }
}

/* ---- one cache key per signature (ECDSA malleability) -------------------- */

/* The group orders n of P-256, P-384 and P-521, big-endian at the JOSE
 * coordinate length (RFC 7518 section 3.4); t/unit compares them with
 * OpenSSL's. */
static const unsigned char order_p256[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
    0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51
};
static const unsigned char order_p384[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf, 0x58, 0x1a, 0x0d, 0xb2,
    0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73
};
static const unsigned char order_p521[66] = {
    0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfa, 0x51, 0x86,
    0x87, 0x83, 0xbf, 0x2f, 0x96, 0x6b, 0x7f, 0xcc, 0x01, 0x48, 0xf7, 0x09,
    0xa5, 0xd0, 0x3b, 0xb5, 0xc9, 0xb8, 0x89, 0x9c, 0x47, 0xae, 0xbb, 0x6f,
    0xb7, 0x1e, 0x91, 0x38, 0x64, 0x09
};

static const struct {
    const char *alg;
    apr_size_t coord_len, sig_chars;     /* bytes of r (and s); base64url */
    const unsigned char *order;
} ecdsa_orders[] = {
    { "ES256", 32, 86, order_p256 },
    { "ES384", 48, 128, order_p384 },
    { "ES512", 66, 176, order_p521 },
};

const unsigned char *as_jwt_ecdsa_order(const char *alg, apr_size_t *len)
{
    apr_size_t i;

    for (i = 0; i < sizeof(ecdsa_orders) / sizeof(ecdsa_orders[0]); i++) {
        if (!strcmp(alg, ecdsa_orders[i].alg)) {
            *len = ecdsa_orders[i].coord_len;
            return ecdsa_orders[i].order;
        }
    }
    return NULL;
}

const char *as_jwt_cache_form(apr_pool_t *p, const char *token)
{
    const char *a, *b, *detail, *alg;
    as_jwt_status_e st;
    apr_size_t siglen, len, cl = 0, i;
    const unsigned char *n = NULL;
    unsigned char *sig, *s, t[66];
    json_t *header, *j;
    int borrow = 0;

    if (!token || !(a = strchr(token, '.')) || !(b = strchr(a + 1, '.'))
        || strchr(b + 1, '.') || strlen(token) > AS_JWT_MAX_LEN) {
        return token;
    }
    /* the signature's length says whether it can be ECDSA at all: every
     * RSA, EdDSA and most HMAC tokens leave here without a header parse */
    len = strlen(b + 1);
    for (i = 0; i < sizeof(ecdsa_orders) / sizeof(ecdsa_orders[0]); i++) {
        if (len == ecdsa_orders[i].sig_chars) {
            break;
        }
    }
    if (i == sizeof(ecdsa_orders) / sizeof(ecdsa_orders[0])) {
        return token;
    }
    /* and the header whether it is: an HS512 MAC has ES256's length, and
     * "lowering" its second half would make another string's cache key */
    header = segment_json(p, token, (apr_size_t)(a - token), "header",
                          &detail, &st);
    j = header ? json_object_get(header, "alg") : NULL;
    alg = json_is_string(j) ? json_string_value(j) : "";
    if (strcmp(alg, ecdsa_orders[i].alg)
        || !(n = as_jwt_ecdsa_order(alg, &cl))
        || !(sig = as_b64url_decode(p, b + 1, len, &siglen))
        || siglen != 2 * cl) {
        return token;
    }
    s = sig + cl;
    /* s >= n never verifies: leave it (its twin would be a valid string) */
    if (memcmp(s, n, cl) >= 0) {
        return token;
    }
    /* t = n - s, big-endian, with borrow */
    for (i = cl; i-- > 0;) {
        int d = (int)n[i] - (int)s[i] - borrow;

        borrow = d < 0;
        t[i] = (unsigned char)(d + (borrow ? 256 : 0));
    }
    /* (r, s) and (r, n - s) verify together (SEC 1 section 4.1.4); the
     * smaller s stands for both. s = 0 keeps itself (t = n is larger). */
    if (memcmp(s, t, cl) <= 0) {
        return token;
    }
    memcpy(s, t, cl);
    return apr_pstrcat(p, apr_pstrmemdup(p, token, (apr_size_t)(b + 1 - token)),
                       apr_pencode_base64(p, (const char *)sig, siglen,
                                          APR_ENCODE_BASE64URL, NULL),
                       NULL);
}
