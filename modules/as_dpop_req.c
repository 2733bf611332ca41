/* Licensed under the Apache License, Version 2.0. */
/* DPoP proofs, replay, nonces and token binding against a request (see
 * include/as_dpop_req.h). */

#include <string.h>
#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_protocol.h>
#include <apr_strings.h>
#include <apr_optional.h>
#include <mod_ssl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "as_config.h"
#include "as_request.h"
#include "as_challenge.h"
#include "as_dpop.h"
#include "as_dpop_req.h"
#include "as_keys.h"
#include "as_store.h"
#include "as_metrics.h"

#define NOTE_JTI "authstatus-dpop-jti"
#define NOTE_NONCE_OLD "authstatus-dpop-nonce-old"
/* a nonce is good for two periods: the one it was made in and the next */
#define NONCE_PERIOD 300
#define SECRET_LEN 32

static APR_OPTIONAL_FN_TYPE(ssl_var_lookup) *var_lookup;
static unsigned char secret[SECRET_LEN];
static int have_secret;
static const unsigned char secret_id[] = "authstatus-dpop-nonce-secretasN";

/* ---- nonces ------------------------------------------------------------- */

static apr_status_t secret_cb(void *baton, unsigned char *val,
                              unsigned int *vallen, unsigned int cap,
                              apr_time_t *expiry)
{
    (void)cap;
    if (*vallen == SECRET_LEN) {
        memcpy(baton, val, SECRET_LEN);     /* another server's: take it */
        return APR_EEXIST;
    }
    memcpy(val, baton, SECRET_LEN);
    *vallen = SECRET_LEN;
    *expiry = apr_time_now() + apr_time_from_sec(30 * 86400);
    return APR_SUCCESS;
}

/* The secret nonces are made with: from the store when it has one (every
 * server sharing it makes and accepts the same nonces), else ours. */
static const unsigned char *nonce_secret(request_rec *r)
{
    as_store_t *st = as_store_get_for(r->server, AS_STORE_KEYS);
    unsigned char mine[SECRET_LEN];

    if (st && have_secret) {
        memcpy(mine, secret, SECRET_LEN);
        (void)as_store_update(st, r->server, secret_id,
                              sizeof(secret_id) - 1, secret_cb, mine,
                              r->pool);
        return apr_pmemdup(r->pool, mine, SECRET_LEN);
    }
    return have_secret ? secret : NULL;
}

static const char *nonce_for(request_rec *r, const unsigned char *key,
                             apr_int64_t period)
{
    unsigned char mac[32];
    unsigned int n = sizeof(mac);
    char msg[32];
    int ml = apr_snprintf(msg, sizeof(msg), "%" APR_INT64_T_FMT, period);

    HMAC(EVP_sha256(), key, SECRET_LEN, (unsigned char *)msg, (size_t)ml,
         mac, &n);
    return apr_pstrcat(r->pool, msg, ".",
                       as_dpop_b64_sha256(r->pool, mac, n), NULL);
}

typedef struct {
    request_rec *r;
    const unsigned char *key;
} nonce_ctx_t;

static int nonce_ok(void *baton, const char *nonce)
{
    nonce_ctx_t *c = baton;
    apr_int64_t now = apr_time_sec(apr_time_now()) / NONCE_PERIOD;

    if (nonce == NULL || c->key == NULL || strlen(nonce) > 128) {
        return 0;
    }
    if (!strcmp(nonce, nonce_for(c->r, c->key, now))) {
        return 1;
    }
    if (!strcmp(nonce, nonce_for(c->r, c->key, now - 1))) {
        /* still good; the success answer hands out the current one */
        apr_table_setn(c->r->notes, NOTE_NONCE_OLD, "1");
        return 1;
    }
    return 0;
}

static void set_nonce(request_rec *r, apr_table_t *t)
{
    const unsigned char *key = nonce_secret(r);

    if (key) {
        /* exactly one field (RFC 9449 section 9) */
        apr_table_setn(t, "DPoP-Nonce",
                       nonce_for(r, key, apr_time_sec(apr_time_now())
                                         / NONCE_PERIOD));
    }
}

void as_dpop_success(request_rec *r, const as_dir_conf *d)
{
    if (as_bearer_dpop_nonce(d) && apr_table_get(r->notes, NOTE_NONCE_OLD)) {
        set_nonce(r, r->headers_out);
    }
}

/* ---- proofs ------------------------------------------------------------- */

/* The URL the client addressed, without query: AuthStatusDPoPOrigin or
 * the request's scheme, host and port, then the path. */
static const char *request_htu(request_rec *r, const as_dir_conf *d)
{
    const char *origin = as_bearer_dpop_origin(d);
    const char *url;

    if (origin) {
        url = apr_pstrcat(r->pool, origin, r->uri, NULL);
    }
    else {
        url = ap_construct_url(r->pool, r->uri, r);
    }
    return as_dpop_htu(r->pool, url);
}

static as_reason_e proof_fail(request_rec *r, as_failure_t *f,
                              const char *why, const char *description)
{
    f->bearer_error = AS_BEARER_ERR_INVALID_DPOP_PROOF;
    f->description = description;
    f->why = apr_pstrcat(r->pool, "DPoP proof: ", why, NULL);
    return AS_REASON_TOKEN_INVALID;
}

as_reason_e as_dpop_proof(request_rec *r, const as_dir_conf *d,
                          const char *token, const char **jkt,
                          as_failure_t *f)
{
    const char *proof = apr_table_get(r->headers_in, "DPoP");
    as_dpop_expect_t x;
    as_dpop_result_t res;
    nonce_ctx_t nc;
    as_dpop_status_e st;
    int n = 0;
    const apr_array_header_t *h = apr_table_elts(r->headers_in);
    int i;

    for (i = 0; i < h->nelts; i++) {
        const apr_table_entry_t *e = &((const apr_table_entry_t *)h->elts)[i];
        if (e->key && !strcasecmp(e->key, "DPoP")) {
            n++;
        }
    }
    if (n == 0 || proof == NULL) {
        return proof_fail(r, f, "no DPoP header",
                          "The request carries no DPoP proof");
    }
    if (n > 1 || strchr(proof, ',')) {
        return proof_fail(r, f, "more than one DPoP header",
                          "The request carries more than one DPoP proof");
    }
    memset(&x, 0, sizeof(x));
    x.method = r->method;
    x.htu = request_htu(r, d);
    x.token = token;
    x.now = apr_time_now();
    x.window = AS_DPOP_WINDOW + AS_OR_DEFAULT(d->bearer.leeway, AS_JWT_LEEWAY)
               / 2;
    if (as_bearer_dpop_nonce(d)) {
        nc.r = r;
        nc.key = nonce_secret(r);
        x.nonce_ok = nonce_ok;
        x.nonce_baton = &nc;
    }
    if (x.htu == NULL) {
        return proof_fail(r, f, "cannot tell the request's URL",
                          "The DPoP proof cannot be checked");
    }
    st = as_dpop_check(r->pool, proof, &x, &res);
    if (st == AS_DPOP_NONCE) {
        f->bearer_error = AS_BEARER_ERR_USE_DPOP_NONCE;
        f->description = "Resend the request with the DPoP-Nonce given";
        f->why = apr_pstrcat(r->pool, "DPoP proof: ", res.detail, NULL);
        set_nonce(r, r->err_headers_out);
        return AS_REASON_DPOP_NONCE;
    }
    if (st != AS_DPOP_OK) {
        return proof_fail(r, f, apr_pstrcat(r->pool, as_dpop_status_name(st),
                                            ": ", res.detail, NULL),
                          "The DPoP proof is not valid");
    }
    /* replay key: the jti of this key, kept until the window ends */
    apr_table_setn(r->notes, NOTE_JTI,
                   apr_psprintf(r->pool, "%" APR_TIME_T_FMT " %s",
                                apr_time_sec(res.iat) + x.window + 1,
                                as_dpop_b64_sha256(r->pool,
                                    apr_pstrcat(r->pool, res.jkt, " ",
                                                res.jti, NULL),
                                    strlen(res.jkt) + 1 + strlen(res.jti))));
    *jkt = res.jkt;
    return AS_REASON_OK;
}

static apr_status_t jti_cb(void *baton, unsigned char *val,
                           unsigned int *vallen, unsigned int cap,
                           apr_time_t *expiry)
{
    apr_time_t *until = baton;
    (void)cap;

    if (*vallen > 0) {
        return APR_EEXIST;          /* used before */
    }
    val[0] = 1;
    *vallen = 1;
    *expiry = *until;
    return APR_SUCCESS;
}

int as_dpop_remember(request_rec *r, as_failure_t *f)
{
    const char *note = apr_table_get(r->notes, NOTE_JTI);
    as_store_t *st = as_store_get_for(r->server, AS_STORE_REPLAY);
    unsigned char id[32 + 3], *h;
    apr_size_t hl = 0;
    apr_time_t until;
    const char *sp;
    apr_status_t rv;

    if (note == NULL || (sp = strchr(note, ' ')) == NULL
        || strlen(sp + 1) != 43
        || (h = as_b64url_decode(r->pool, sp + 1, 43, &hl)) == NULL
        || hl != 32) {
        return 1;
    }
    if (st == NULL) {
        /* no store (only .htaccess files accept DPoP): replays cannot be
         * caught across processes; say so once a request */
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      "AS11001: DPoP: no store, proof replays are not "
                      "detected");
        return 1;
    }
    until = apr_time_from_sec(apr_atoi64(note));
    /* the hash's bytes first: shmcb picks a subcache by the first byte,
     * and base64url text would leave three in four of them unused */
    memcpy(id, h, 32);
    memcpy(id + 32, "asD", 3);
    rv = as_store_update(st, r->server, id, sizeof(id), jti_cb, &until,
                         r->pool);
    if (rv == APR_EEXIST) {
        as_metrics_inc(AS_M_DPOP_REPLAY);
        proof_fail(r, f, "replayed (its jti was used before)",
                   "The DPoP proof was used before");
        return 0;
    }
    return 1;
}

/* ---- binding ------------------------------------------------------------ */

static as_reason_e bind_fail(as_failure_t *f, const char *why,
                             const char *description)
{
    f->bearer_error = AS_BEARER_ERR_INVALID_TOKEN;
    f->description = description;
    f->why = why;
    return AS_REASON_TOKEN_INVALID;
}

/* SHA-256 thumbprint of the connection's client certificate, or NULL. */
static const char *client_cert_x5t(request_rec *r)
{
    char *pem;
    BIO *bio;
    X509 *x;
    unsigned char *der = NULL;
    int len;
    const char *t = NULL;

    if (var_lookup == NULL) {
        return NULL;
    }
    pem = var_lookup(r->pool, r->server, r->connection, r, "SSL_CLIENT_CERT");
    if (pem == NULL || !*pem) {
        return NULL;
    }
    bio = BIO_new_mem_buf(pem, -1);
    x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    BIO_free(bio);
    if (x && (len = i2d_X509(x, &der)) > 0) {
        t = as_dpop_b64_sha256(r->pool, der, (apr_size_t)len);
        OPENSSL_free(der);
    }
    X509_free(x);
    return t;
}

as_reason_e as_token_binding(request_rec *r, as_scheme_e scheme,
                             const json_t *claims, const char *jkt,
                             as_failure_t *f)
{
    const char *want, *have;

    switch (as_dpop_cnf(claims, &want)) {
    case AS_CNF_NONE:
        if (scheme == AS_SCHEME_DPOP) {
            return bind_fail(f, "token not bound to a key (no cnf.jkt) sent "
                             "with DPoP", "The access token is not bound "
                             "to the DPoP proof key");
        }
        return AS_REASON_OK;
    case AS_CNF_JKT:
        if (scheme != AS_SCHEME_DPOP) {
            /* RFC 9449 section 7.2: the binding must not be dropped */
            return bind_fail(f, "DPoP-bound token (cnf.jkt) sent as Bearer",
                             "The access token is bound to a key: send it "
                             "with the DPoP scheme and a proof");
        }
        if (!jkt || strcmp(jkt, want)) {
            return bind_fail(f, "cnf.jkt is not the proof key's thumbprint",
                             "The DPoP proof is made with another key than "
                             "the one the access token is bound to");
        }
        return AS_REASON_OK;
    case AS_CNF_X5T:
        have = client_cert_x5t(r);
        if (have == NULL || strcmp(have, want)) {
            return bind_fail(f, have ? "cnf x5t#S256 is not the client "
                             "certificate's thumbprint"
                             : "certificate-bound token without a TLS client "
                               "certificate",
                             "The access token is bound to another TLS "
                             "client certificate");
        }
        /* with DPoP the proof was checked as well */
        return AS_REASON_OK;
    default:
        return bind_fail(f, "token with a cnf claim the module cannot check",
                         "The access token is bound in a way this server "
                         "cannot check");
    }
}

/* ---- hooks ---------------------------------------------------------------- */

static int dpop_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                            apr_pool_t *ptemp, server_rec *s)
{
    (void)pconf; (void)plog; (void)ptemp;
    var_lookup = APR_RETRIEVE_OPTIONAL_FN(ssl_var_lookup);
    have_secret = RAND_bytes(secret, sizeof(secret)) == 1;
    if (!have_secret) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     "AS11002: DPoP: no random secret for nonces; "
                     "AuthStatusDPoPNonce refuses every proof");
    }
    return OK;
}

void as_dpop_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_post_config(dpop_post_config, NULL, NULL, APR_HOOK_MIDDLE);
}
