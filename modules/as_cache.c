/* Licensed under the Apache License, Version 2.0. */
/* The verified-credential cache, pure part: entry ids, values, expiry and
 * the directive's argument. No request_rec here (see as_cache_req.c). */

#include <string.h>
#include <strings.h>

#include <apr_strings.h>
#include <apr_thread_proc.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "as_cache.h"
#include "as_confval.h"

#define ID_DOMAIN    "authstatus-cache-id-1"
#define VALUE_DOMAIN "authstatus-cache-value-1"
#define VALUE_VERSION 1
/* version, not_after (8), user length (2), blob length (4) */
#define VALUE_HEAD (1 + 8 + 2 + 4)

struct as_cache_mac_t {
    EVP_MAC *mac;
    EVP_MAC_CTX *tmpl;      /* keyed and initialised; duplicated per use */
#if APR_HAS_THREADS
    /* Each thread's own copy of tmpl, re-initialised (EVP_MAC_init with
     * no key: back to the keyed state) for every MAC instead of a dup and
     * free per MAC; freed when the thread exits. */
    apr_threadkey_t *work;
#endif
};

#if APR_HAS_THREADS
static void work_free(void *ctx)
{
    EVP_MAC_CTX_free(ctx);
}
#endif

static apr_status_t mac_cleanup(void *data)
{
    as_cache_mac_t *m = data;
#if APR_HAS_THREADS
    if (m->work) {
        /* threads still holding a copy keep it until they exit; in a
         * child that is at its end anyway */
        apr_threadkey_private_delete(m->work);
        m->work = NULL;
    }
#endif
    EVP_MAC_CTX_free(m->tmpl);
    EVP_MAC_free(m->mac);
    m->tmpl = NULL;
    m->mac = NULL;
    return APR_SUCCESS;
}

/* FNV-1a 64 of the path; an odd multiplier per section. */
as_cache_scope_t as_cache_scope_section(const char *dir)
{
    as_cache_scope_t s;
    apr_uint64_t h = APR_UINT64_C(0xcbf29ce484222325);
    const unsigned char *c = (const unsigned char *)(dir ? dir : "");

    h ^= dir ? 1 : 0;
    h *= APR_UINT64_C(0x100000001b3);
    for (; *c; c++) {
        h ^= *c;
        h *= APR_UINT64_C(0x100000001b3);
    }
    s.h = h;
    s.p = APR_UINT64_C(0x9e3779b97f4a7c15);
    return s;
}

/* (h1, p1) then (h2, p2) is h1 * p2 + h2, p1 * p2 (mod 2^64): the hash of
 * the sequence, whatever the grouping. */
as_cache_scope_t as_cache_scope_merge(as_cache_scope_t base,
                                      as_cache_scope_t add)
{
    as_cache_scope_t s;

    if (base.p == 0) {        /* a zeroed (never created) config */
        return add;
    }
    if (add.p == 0) {
        return base;
    }
    s.h = base.h * add.p + add.h;
    s.p = base.p * add.p;
    return s;
}

apr_status_t as_cache_random_key(unsigned char *key, apr_size_t len)
{
    return RAND_bytes(key, (int)len) == 1 ? APR_SUCCESS : APR_EGENERAL;
}

as_cache_mac_t *as_cache_mac_create(apr_pool_t *p, const unsigned char *key,
                                    apr_size_t keylen, const char **err)
{
    as_cache_mac_t *m = apr_pcalloc(p, sizeof(*m));
    OSSL_PARAM params[2];

    m->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (m->mac == NULL) {
        *err = "OpenSSL has no HMAC";
        return NULL;
    }
    m->tmpl = EVP_MAC_CTX_new(m->mac);
    if (m->tmpl == NULL) {
        EVP_MAC_free(m->mac);
        *err = "cannot make an HMAC context";
        return NULL;
    }
    apr_pool_cleanup_register(p, m, mac_cleanup, apr_pool_cleanup_null);
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                                 (char *)"SHA256", 0);
    params[1] = OSSL_PARAM_construct_end();
    if (EVP_MAC_init(m->tmpl, key, keylen, params) != 1) {
        *err = "cannot key HMAC-SHA256";
        return NULL;
    }
#if APR_HAS_THREADS
    if (apr_threadkey_private_create(&m->work, work_free, p)
        != APR_SUCCESS) {
        m->work = NULL;         /* then every MAC dups the template */
    }
#endif
    return m;
}

static void be32(unsigned char *b, apr_uint32_t v)
{
    b[0] = (unsigned char)(v >> 24);
    b[1] = (unsigned char)(v >> 16);
    b[2] = (unsigned char)(v >> 8);
    b[3] = (unsigned char)v;
}

static apr_uint32_t get_be32(const unsigned char *b)
{
    return ((apr_uint32_t)b[0] << 24) | ((apr_uint32_t)b[1] << 16)
           | ((apr_uint32_t)b[2] << 8) | b[3];
}

/* A context in the keyed state, ready for update: this thread's copy of
 * the template when there is one, else a fresh dup (released by
 * work_done). */
static EVP_MAC_CTX *work_ctx(const as_cache_mac_t *m)
{
    EVP_MAC_CTX *ctx;
#if APR_HAS_THREADS
    void *v = NULL;

    if (m->work && apr_threadkey_private_get(&v, m->work) == APR_SUCCESS
        && v != NULL) {
        if (EVP_MAC_init(v, NULL, 0, NULL) == 1) {
            return v;
        }
        /* unusable: drop it, start again from the template */
        apr_threadkey_private_set(NULL, m->work);
        EVP_MAC_CTX_free(v);
    }
    ctx = EVP_MAC_CTX_dup(m->tmpl);
    if (ctx && m->work) {
        /* kept for this thread; if that fails, work_done frees it */
        (void)apr_threadkey_private_set(ctx, m->work);
    }
    return ctx;
#else
    ctx = EVP_MAC_CTX_dup(m->tmpl);
    return ctx;
#endif
}

/* Release what work_ctx gave: a thread's copy stays (after a failure it
 * is dropped), a dup is freed. */
static void work_done(const as_cache_mac_t *m, EVP_MAC_CTX *ctx, int ok)
{
#if APR_HAS_THREADS
    void *v = NULL;

    if (m->work && apr_threadkey_private_get(&v, m->work) == APR_SUCCESS
        && v == ctx) {
        if (ok) {
            return;
        }
        apr_threadkey_private_set(NULL, m->work);
    }
#else
    (void)m;
    (void)ok;
#endif
    EVP_MAC_CTX_free(ctx);
}

/* One HMAC over a domain string and the given pieces, into out[32]. */
static apr_status_t mac_run(const as_cache_mac_t *m, const char *domain,
                            const as_cache_field_t *pieces, int npieces,
                            int prefix_lengths, unsigned char *out)
{
    EVP_MAC_CTX *ctx;
    unsigned char lenbuf[4];
    size_t outlen = 0;
    int i, ok;

    if (m == NULL || m->tmpl == NULL) {
        return APR_EGENERAL;
    }
    ctx = work_ctx(m);
    if (ctx == NULL) {
        return APR_EGENERAL;
    }
    ok = EVP_MAC_update(ctx, (const unsigned char *)domain,
                        strlen(domain) + 1);
    for (i = 0; ok && i < npieces; i++) {
        if (prefix_lengths) {
            be32(lenbuf, (apr_uint32_t)pieces[i].len);
            ok = EVP_MAC_update(ctx, lenbuf, sizeof(lenbuf));
        }
        if (ok && pieces[i].len) {
            ok = EVP_MAC_update(ctx, pieces[i].data, pieces[i].len);
        }
    }
    ok = ok && EVP_MAC_final(ctx, out, &outlen, AS_CACHE_ID_LEN) == 1
         && outlen == AS_CACHE_ID_LEN;
    work_done(m, ctx, ok);
    return ok ? APR_SUCCESS : APR_EGENERAL;
}

apr_status_t as_cache_derive_id(const as_cache_mac_t *m,
                                const as_cache_field_t *fields, int nfields,
                                unsigned char id[AS_CACHE_ID_LEN])
{
    int i;
    for (i = 0; i < nfields; i++) {
        if (fields[i].len > 0xffffffffu) {
            return APR_EINVAL;
        }
    }
    return mac_run(m, ID_DOMAIN, fields, nfields, 1, id);
}

apr_time_t as_cache_expiry(apr_time_t now, int seconds, apr_time_t not_after)
{
    apr_time_t t;

    if (seconds <= 0) {
        return 0;
    }
    t = now + apr_time_from_sec(seconds);
    if (not_after > 0 && not_after < t) {
        t = not_after;
    }
    return t > now ? t : 0;
}

static apr_status_t value_tag(const as_cache_mac_t *m,
                              const unsigned char id[AS_CACHE_ID_LEN],
                              const unsigned char *body, apr_size_t len,
                              unsigned char tag[AS_CACHE_TAG_LEN])
{
    as_cache_field_t pieces[2];

    pieces[0].data = id;
    pieces[0].len = AS_CACHE_ID_LEN;
    pieces[1].data = body;
    pieces[1].len = len;
    return mac_run(m, VALUE_DOMAIN, pieces, 2, 0, tag);
}

apr_status_t as_cache_value_encode(apr_pool_t *p, const as_cache_mac_t *m,
                                   const unsigned char id[AS_CACHE_ID_LEN],
                                   const as_cache_entry_t *e,
                                   unsigned char **out, unsigned int *outlen)
{
    apr_size_t ulen = e->user ? strlen(e->user) : 0;
    apr_size_t xlen = e->extra ? e->extra_len : 0;
    apr_size_t body, i;
    apr_uint64_t na = (apr_uint64_t)e->not_after;
    unsigned char *b;

    if (ulen > AS_CACHE_MAX_USER || xlen > AS_CACHE_MAX_EXTRA) {
        return APR_EINVAL;
    }
    body = VALUE_HEAD + ulen + xlen;
    b = apr_palloc(p, body + AS_CACHE_TAG_LEN);
    b[0] = VALUE_VERSION;
    for (i = 0; i < 8; i++) {
        b[1 + i] = (unsigned char)(na >> (56 - 8 * i));
    }
    b[9] = (unsigned char)(ulen >> 8);
    b[10] = (unsigned char)ulen;
    be32(b + 11, (apr_uint32_t)xlen);
    if (ulen) {
        memcpy(b + VALUE_HEAD, e->user, ulen);
    }
    if (xlen) {
        memcpy(b + VALUE_HEAD + ulen, e->extra, xlen);
    }
    if (value_tag(m, id, b, body, b + body) != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    *out = b;
    *outlen = (unsigned int)(body + AS_CACHE_TAG_LEN);
    return APR_SUCCESS;
}

as_cache_value_status_e as_cache_value_decode(apr_pool_t *p,
                                              const as_cache_mac_t *m,
                                              const unsigned char id[AS_CACHE_ID_LEN],
                                              const unsigned char *buf,
                                              unsigned int len, apr_time_t now,
                                              as_cache_entry_t *e)
{
    unsigned char tag[AS_CACHE_TAG_LEN];
    apr_size_t ulen, xlen, body;
    apr_uint64_t na = 0;
    int i;

    if (buf == NULL || len < VALUE_HEAD + AS_CACHE_TAG_LEN
        || buf[0] != VALUE_VERSION) {
        return AS_CACHE_VALUE_MALFORMED;
    }
    ulen = ((apr_size_t)buf[9] << 8) | buf[10];
    xlen = get_be32(buf + 11);
    if (ulen > AS_CACHE_MAX_USER || xlen > AS_CACHE_MAX_EXTRA) {
        return AS_CACHE_VALUE_MALFORMED;
    }
    body = VALUE_HEAD + ulen + xlen;
    if ((apr_size_t)len != body + AS_CACHE_TAG_LEN) {
        return AS_CACHE_VALUE_MALFORMED;
    }
    if (value_tag(m, id, buf, body, tag) != APR_SUCCESS
        || CRYPTO_memcmp(tag, buf + body, AS_CACHE_TAG_LEN) != 0) {
        return AS_CACHE_VALUE_BAD_TAG;
    }
    for (i = 0; i < 8; i++) {
        na = (na << 8) | buf[1 + i];
    }
    if ((apr_time_t)na <= now) {
        return AS_CACHE_VALUE_EXPIRED;
    }
    e->not_after = (apr_time_t)na;
    e->user = apr_pstrmemdup(p, (const char *)buf + VALUE_HEAD, ulen);
    e->extra_len = xlen;
    e->extra = xlen ? apr_pmemdup(p, buf + VALUE_HEAD + ulen, xlen) : NULL;
    return AS_CACHE_VALUE_OK;
}
