/* Licensed under the Apache License, Version 2.0. */
/*
 * libFuzzer target: what comes from an identity provider over the network
 * and what AuthStatusBearerKeys / AuthStatusBearerIntrospect take
 * (as_idp.c, as_keys.c). The first byte picks the parser, the rest is the
 * input:
 *   0  a metadata document of issuer https://as.example: on success the
 *      endpoints it gives are URLs as_idp_url_check accepts
 *   1  an introspection response: ACTIVE exactly when it is a JSON object
 *      whose active is true, and then the claims are that object
 *   2  a JWK Set from a jwks_uri (as_keyset_load_buffer): no key without a
 *      type; an error loads nothing
 *   3  a Cache-Control value: max-age is -1 or what the text says
 *   4  a URL for as_idp_url_check: accepted ones start with https:// or
 *      are loopback http://, and hold no space, '#' or byte outside ASCII
 *   5  option words (split at NUL) of AuthStatusBearerKeys and of
 *      AuthStatusBearerIntrospect: accepted values stay in their ranges
 *   6  a token: as_idp_looks_like_jwt and as_jwt_peek_issuer agree with
 *      the shape (three non-empty base64url segments)
 *   7  a DPoP proof (as_dpop_check) for GET https://rs.example/x: a status
 *      of the enum, OK only with a thumbprint and a jti; the same input as
 *      a JWK for as_dpop_thumbprint (43 characters when it gives one) and
 *      as a URL for as_dpop_htu (no query, no fragment, lower-case scheme)
 *   8  a resource identifier (AuthStatusResource): accepted ones give a
 *      metadata URL that starts like the resource and holds the
 *      well-known path
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <apr_strings.h>
#include <jansson.h>

#include "as_idp.h"
#include "as_keys.h"
#include "as_jwt.h"
#include "as_dpop.h"
#include "as_prm.h"
#include "fuzz_pool.h"

static void metadata(apr_pool_t *p, const char *s, size_t n)
{
    as_idp_metadata_t md;

    if (as_idp_parse_metadata(p, "https://as.example", s, n, &md) == NULL) {
        if (md.jwks_uri && as_idp_url_check(p, md.jwks_uri)) {
            abort();
        }
        if (md.introspection_endpoint
            && as_idp_url_check(p, md.introspection_endpoint)) {
            abort();
        }
    }
}

static void introspection(const char *s, size_t n)
{
    json_t *claims, *ref = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);
    as_intro_e st = as_idp_parse_introspection(s, n, &claims);
    int want_active = json_is_object(ref)
                      && json_is_true(json_object_get(ref, "active"));

    if ((st == AS_INTRO_ACTIVE) != want_active) {
        abort();
    }
    if (st == AS_INTRO_ACTIVE && !json_equal(claims, ref)) {
        abort();
    }
    if (st != AS_INTRO_ACTIVE && claims) {
        abort();
    }
    json_decref(claims);
    json_decref(ref);
}

static void jwks(apr_pool_t *p, const char *s, size_t n)
{
    as_keyset_t *ks = as_keyset_make(p);
    const char *err = as_keyset_load_buffer(ks, p, "fuzz", s, n, NULL);
    int i;

    if (err && as_keyset_count(ks) != 0) {
        abort();
    }
    for (i = 0; i < as_keyset_count(ks); i++) {
        const as_key_t *k = as_keyset_get(ks, i);
        if (k->kty != AS_KTY_OCT && k->pkey == NULL) {
            abort();
        }
    }
}

static void url(apr_pool_t *p, const char *s)
{
    size_t i;

    if (as_idp_url_check(p, s) != NULL) {
        return;
    }
    if (strncasecmp(s, "https://", 8) && strncasecmp(s, "http://127.", 11)
        && strncasecmp(s, "http://localhost", 16)
        && strncasecmp(s, "http://[::1]", 12)) {
        abort();
    }
    for (i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f || c == '#') {
            abort();
        }
    }
}

static void options(apr_pool_t *p, char *s, size_t n)
{
    as_idp_keyopts_t o;
    as_idp_introspect_t io;
    char *argv[16];
    int argc = 0;
    size_t i, start = 0;

    as_idp_keyopts_init(&o);
    for (i = 0; i <= n && argc < 16; i++) {
        if (i == n || s[i] == '\0') {
            argv[argc++] = s + start;
            if (as_idp_is_option(s + start)) {
                (void)as_idp_keyopt(p, &o, s + start);
            }
            start = i + 1;
        }
    }
    if (o.refresh < 60 || o.refresh > 7 * 86400 || o.miss < 1
        || o.miss > 86400 || o.timeout < 1 || o.timeout > 60) {
        abort();
    }
    if (as_idp_introspect_parse(p, argc, argv, &io) == NULL) {
        if (!io.client_id || !*io.client_id || (!io.secret == !io.secret_file)
            || io.cache < 0 || io.cache > 86400 || io.timeout < 1
            || (!io.discover && as_idp_url_check(p, io.endpoint))) {
            abort();
        }
        if (io.secret) {
            const char *b = as_idp_introspect_body(p, &io, "t&k=v");
            if (strncmp(b, "token=t%26k%3Dv&", 16)) {
                abort();
            }
        }
    }
}

static void token(apr_pool_t *p, const char *s)
{
    int dots = 0, ok = 1, seg = 0;
    const char *c;

    for (c = s; *c; c++) {
        if (*c == '.') {
            ok &= seg > 0;
            dots++;
            seg = 0;
        }
        else if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')
                 || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_') {
            seg++;
        }
        else {
            ok = 0;
        }
    }
    ok &= dots == 2 && seg > 0;
    if (as_idp_looks_like_jwt(s) != ok) {
        abort();
    }
    (void)as_jwt_peek_issuer(p, s);
}

static void dpop(apr_pool_t *p, const char *s, size_t n)
{
    as_dpop_expect_t x;
    as_dpop_result_t res;
    as_dpop_status_e st;
    json_t *j;
    const char *t, *u;

    memset(&x, 0, sizeof(x));
    x.method = "GET";
    x.htu = "https://rs.example/x";
    x.token = "tok";
    x.now = apr_time_from_sec(1800000000);
    x.window = 60;
    st = as_dpop_check(p, s, &x, &res);
    if ((unsigned)st > AS_DPOP_NONCE || st != res.status || !res.detail
        || (st == AS_DPOP_OK && (!res.jkt || !res.jti))) {
        abort();
    }
    j = json_loadb(s, n, 0, NULL);
    t = j ? as_dpop_thumbprint(p, j) : NULL;
    if (t && strlen(t) != 43) {
        abort();
    }
    json_decref(j);
    u = as_dpop_htu(p, s);
    if (u && (strchr(u, '?') || strchr(u, '#')
              || (strncmp(u, "https://", 8) && strncmp(u, "http://", 7)))) {
        abort();
    }
}

static void resource(apr_pool_t *p, const char *s)
{
    const char *m;

    if (as_prm_resource_check(p, s) != NULL) {
        return;
    }
    m = as_prm_metadata_url(p, s);
    if (!strstr(m, AS_PRM_WELL_KNOWN) || strncmp(m, s, 7)) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    char *s;
    int ma;

    if (size < 1) {
        return 0;
    }
    apr_pool_create(&p, gpool);
    s = apr_pstrmemdup(p, (const char *)data + 1, size - 1);
    switch (data[0] % 9) {
    case 0:
        metadata(p, s, size - 1);
        break;
    case 1:
        introspection(s, size - 1);
        break;
    case 2:
        jwks(p, s, size - 1);
        break;
    case 3:
        ma = as_idp_max_age(s);
        if (ma < -1) {
            abort();
        }
        if (ma >= 0 && !strcasestr(s, "max-age=")) {
            abort();
        }
        break;
    case 4:
        url(p, s);
        break;
    case 5:
        options(p, s, size - 1);
        break;
    case 6:
        token(p, s);
        break;
    case 7:
        dpop(p, s, size - 1);
        break;
    case 8:
        resource(p, s);
        break;
    }
    apr_pool_destroy(p);
    return 0;
}
