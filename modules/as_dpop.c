/* Licensed under the Apache License, Version 2.0. */
/* DPoP proofs and token confirmation (see include/as_dpop.h). Every input
 * is the client's: bounded, checked in the order RFC 9449 section 4.3
 * lists, the signature before any claim is believed. */

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <openssl/evp.h>

#include "as_dpop.h"
#include "as_jwt.h"
#include "as_keys.h"
#include "as_idp.h"

static as_dpop_status_e fail(as_dpop_result_t *res, as_dpop_status_e st,
                             const char *detail)
{
    res->status = st;
    res->detail = detail;
    return st;
}

const char *as_dpop_b64_sha256(apr_pool_t *p, const void *data,
                               apr_size_t len)
{
    static const char tbl[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char d[32];
    unsigned int n = 32;
    char *out = apr_palloc(p, 44), *o = out;
    int i;

    EVP_Digest(data, len, d, &n, EVP_sha256(), NULL);
    for (i = 0; i + 2 < 32; i += 3) {
        *o++ = tbl[d[i] >> 2];
        *o++ = tbl[((d[i] & 3) << 4) | (d[i + 1] >> 4)];
        *o++ = tbl[((d[i + 1] & 15) << 2) | (d[i + 2] >> 6)];
        *o++ = tbl[d[i + 2] & 63];
    }
    /* 32 = 10 * 3 + 2: two bytes left, three characters */
    *o++ = tbl[d[30] >> 2];
    *o++ = tbl[((d[30] & 3) << 4) | (d[31] >> 4)];
    *o++ = tbl[(d[31] & 15) << 2];
    *o = '\0';
    return out;
}

const char *as_dpop_thumbprint(apr_pool_t *p, const json_t *jwk)
{
    static const char *const ec[] = { "crv", "kty", "x", "y", NULL };
    static const char *const rsa[] = { "e", "kty", "n", NULL };
    static const char *const okp[] = { "crv", "kty", "x", NULL };
    const char *const *members;
    const char *kty;
    json_t *t;
    char *text;
    const char *out;
    int i;

    if (!json_is_object(jwk)
        || !json_is_string(json_object_get(jwk, "kty"))) {
        return NULL;
    }
    kty = json_string_value(json_object_get(jwk, "kty"));
    members = !strcmp(kty, "EC") ? ec : !strcmp(kty, "RSA") ? rsa
              : !strcmp(kty, "OKP") ? okp : NULL;
    if (members == NULL) {
        return NULL;
    }
    t = json_object();
    for (i = 0; members[i]; i++) {
        json_t *v = json_object_get(jwk, members[i]);

        if (!json_is_string(v)) {
            json_decref(t);
            return NULL;
        }
        json_object_set(t, members[i], v);
    }
    /* RFC 7638 section 3.3: required members only, sorted, no spaces */
    text = json_dumps(t, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(t);
    if (text == NULL) {
        return NULL;
    }
    out = as_dpop_b64_sha256(p, text, strlen(text));
    free(text);
    return out;
}

const char *as_dpop_htu(apr_pool_t *p, const char *url)
{
    const char *s, *host, *end, *path;
    char *scheme, *h;
    int https;
    apr_size_t hl;

    if ((host = as_idp_url_host(url, &https)) == NULL) {
        return NULL;
    }
    scheme = https ? "https" : "http";
    end = host + strcspn(host, "/?#");
    hl = (apr_size_t)(end - host);
    if (hl == 0) {
        return NULL;
    }
    h = apr_pstrmemdup(p, host, hl);
    for (s = h; *s; s++) {
        *(char *)s = (char)apr_tolower(*s);
    }
    /* the default port says nothing (RFC 3986 section 6.2.3) */
    if (https && hl > 4 && !strcmp(h + hl - 4, ":443")) {
        h[hl - 4] = '\0';
    }
    else if (!https && hl > 3 && !strcmp(h + hl - 3, ":80")) {
        h[hl - 3] = '\0';
    }
    path = end;
    end = path + strcspn(path, "?#");
    return apr_pstrcat(p, scheme, "://", h,
                       end == path ? "/" : apr_pstrmemdup(
                           p, path, (apr_size_t)(end - path)), NULL);
}

static int alg_allowed(const as_dpop_expect_t *x, const char *alg)
{
    if (alg[0] == 'H' || !as_alg_known(alg)) {
        return 0;           /* never symmetric: the proof key is public */
    }
    return x->algs ? as_jwt_in_list(x->algs, alg)
                   : as_jwt_word_in(AS_DPOP_ALGS, alg);
}

static json_t *header_of(apr_pool_t *p, const char *proof)
{
    const char *dot = strchr(proof, '.');
    apr_size_t n;
    unsigned char *d;

    if (!dot) {
        return NULL;
    }
    d = as_b64url_decode(p, proof, (apr_size_t)(dot - proof), &n);
    return d ? json_loadb((const char *)d, n, JSON_REJECT_DUPLICATES, NULL)
             : NULL;
}

static as_dpop_status_e check_key(apr_pool_t *p, json_t *jwk,
                                  as_keyset_t **ks, as_dpop_result_t *res)
{
    static const char *const priv[] = { "d", "p", "q", "dp", "dq", "qi",
                                        "k", "oth", NULL };
    char *text;
    const char *err;
    int i;

    if (!json_is_object(jwk)) {
        return fail(res, AS_DPOP_BAD_KEY, "no jwk in the header");
    }
    for (i = 0; priv[i]; i++) {
        if (json_object_get(jwk, priv[i])) {
            return fail(res, AS_DPOP_BAD_KEY, "the jwk holds a private key");
        }
    }
    if ((res->jkt = as_dpop_thumbprint(p, jwk)) == NULL) {
        return fail(res, AS_DPOP_BAD_KEY, "the jwk is not an EC, RSA or OKP "
                    "public key");
    }
    text = json_dumps(jwk, JSON_COMPACT);
    if (text == NULL) {
        return fail(res, AS_DPOP_BAD_KEY, "the jwk cannot be read");
    }
    *ks = as_keyset_make(p);
    err = as_keyset_load_buffer(*ks, p, "DPoP proof", text, strlen(text),
                                NULL);
    free(text);
    if (err || as_keyset_count(*ks) != 1 || !as_keyset_get(*ks, 0)->usable) {
        return fail(res, AS_DPOP_BAD_KEY, "the jwk is not a usable "
                    "signature key");
    }
    return AS_DPOP_OK;
}

as_dpop_status_e as_dpop_check(apr_pool_t *p, const char *proof,
                               const as_dpop_expect_t *x,
                               as_dpop_result_t *res)
{
    as_jwt_policy_t pol;
    as_jwt_result_t jr;
    as_keyset_t *ks = NULL;
    apr_array_header_t *one;
    json_t *hdr, *typ, *alg, *c, *v;
    as_dpop_status_e st;
    double iat, nows;
    const char *ath;

    memset(res, 0, sizeof(*res));
    if (proof == NULL || !*proof) {
        return fail(res, AS_DPOP_MALFORMED, "no proof");
    }
    if (strlen(proof) > AS_DPOP_MAX_LEN) {
        return fail(res, AS_DPOP_MALFORMED, "proof longer than the limit");
    }
    hdr = header_of(p, proof);
    if (!json_is_object(hdr)) {
        json_decref(hdr);
        return fail(res, AS_DPOP_MALFORMED, "the proof header is not JSON");
    }
    typ = json_object_get(hdr, "typ");
    alg = json_object_get(hdr, "alg");
    if (!json_is_string(typ) || strcmp(json_string_value(typ), "dpop+jwt")) {
        json_decref(hdr);
        return fail(res, AS_DPOP_BAD_TYP, "typ is not dpop+jwt");
    }
    if (!json_is_string(alg) || !alg_allowed(x, json_string_value(alg))) {
        json_decref(hdr);
        return fail(res, AS_DPOP_BAD_ALG, "alg is not an allowed asymmetric "
                    "algorithm");
    }
    st = check_key(p, json_object_get(hdr, "jwk"), &ks, res);
    one = apr_array_make(p, 1, sizeof(const char *));
    APR_ARRAY_PUSH(one, const char *) = apr_pstrdup(p, json_string_value(alg));
    json_decref(hdr);
    if (st != AS_DPOP_OK) {
        return st;
    }

    as_jwt_policy_init(&pol);
    pol.algs = one;
    pol.signature_only = 1;
    pol.max_len = AS_DPOP_MAX_LEN;
    if (as_jwt_verify(p, ks, &pol, proof, x->now, &jr) != AS_JWT_OK) {
        return fail(res, jr.status == AS_JWT_BAD_SIGNATURE
                         ? AS_DPOP_BAD_SIGNATURE : AS_DPOP_MALFORMED,
                    jr.detail ? jr.detail : "the proof does not verify");
    }
    c = jr.claims;
    v = json_object_get(c, "jti");
    if (!json_is_string(v) || json_string_length(v) == 0
        || json_string_length(v) > 256) {
        return fail(res, AS_DPOP_BAD_CLAIMS, "no jti, or not a short string");
    }
    res->jti = json_string_value(v);
    v = json_object_get(c, "htm");
    if (!json_is_string(v)) {
        return fail(res, AS_DPOP_BAD_CLAIMS, "no htm");
    }
    if (strcmp(json_string_value(v), x->method)) {
        return fail(res, AS_DPOP_BAD_HTM, "htm is not the request's method");
    }
    v = json_object_get(c, "htu");
    if (!json_is_string(v)) {
        return fail(res, AS_DPOP_BAD_CLAIMS, "no htu");
    }
    {
        const char *htu = as_dpop_htu(p, json_string_value(v));
        if (htu == NULL || strcmp(htu, x->htu)) {
            return fail(res, AS_DPOP_BAD_HTU, "htu is not the request's URL");
        }
    }
    v = json_object_get(c, "iat");
    if (!json_is_number(v)) {
        return fail(res, AS_DPOP_BAD_CLAIMS, "no iat");
    }
    iat = json_number_value(v);
    nows = (double)apr_time_sec(x->now);
    if (iat < nows - (double)x->window || iat > nows + (double)x->window) {
        return fail(res, AS_DPOP_STALE, "iat is outside the accepted window");
    }
    res->iat = apr_time_from_sec((apr_time_t)iat);
    if (x->token) {
        v = json_object_get(c, "ath");
        ath = as_dpop_b64_sha256(p, x->token, strlen(x->token));
        if (!json_is_string(v) || strcmp(json_string_value(v), ath)) {
            return fail(res, AS_DPOP_BAD_ATH, "ath is not the hash of the "
                        "access token");
        }
    }
    v = json_object_get(c, "nonce");
    res->nonce = json_is_string(v) ? json_string_value(v) : NULL;
    if (x->nonce_ok && !x->nonce_ok(x->nonce_baton, res->nonce)) {
        return fail(res, AS_DPOP_NONCE, res->nonce ? "nonce is not current"
                                                   : "no nonce");
    }
    return fail(res, AS_DPOP_OK, "valid");
}

as_cnf_e as_dpop_cnf(const json_t *claims, const char **value)
{
    const json_t *cnf = json_object_get(claims, "cnf");
    const json_t *jkt, *x5t;

    *value = NULL;
    if (cnf == NULL) {
        return AS_CNF_NONE;
    }
    if (!json_is_object(cnf)) {
        return AS_CNF_UNKNOWN;
    }
    jkt = json_object_get(cnf, "jkt");
    x5t = json_object_get(cnf, "x5t#S256");
    if (jkt && x5t) {
        return AS_CNF_UNKNOWN;   /* two bindings: not a shape we check */
    }
    if (json_is_string(jkt)) {
        *value = json_string_value(jkt);
        return AS_CNF_JKT;
    }
    if (json_is_string(x5t)) {
        *value = json_string_value(x5t);
        return AS_CNF_X5T;
    }
    return AS_CNF_UNKNOWN;
}

const char *as_dpop_status_name(as_dpop_status_e st)
{
    static const char *const names[] = {
        "ok", "malformed", "bad-typ", "bad-alg", "bad-key", "bad-signature",
        "bad-claims", "bad-htm", "bad-htu", "stale", "bad-ath", "nonce"
    };

    return (unsigned)st < sizeof(names) / sizeof(names[0]) ? names[st]
                                                            : "unknown";
}
