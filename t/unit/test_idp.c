/* Licensed under the Apache License, Version 2.0. */
/* Unit tests for what the module reads from an identity provider and the
 * option words of its directives (as_idp.c), and for the verifier over
 * replaceable key sources with a miss callback (as_verify.c). */

#include <check.h>
#include <string.h>
#include <jansson.h>

#include "as_idp.h"
#include "as_verify.h"
#include "as_prm.h"
#include "as_decide.h"
#include "as_challenge.h"
#include "as_dpop.h"
#include "as_metrics.h"
#include "unit_pool.h"

START_TEST(urls)
{
    static const char *const ok[] = {
        "https://idp.example/jwks", "https://idp.example:8443/a/b?c=d",
        "HTTPS://IDP.EXAMPLE/x", "https://[2001:db8::1]/jwks",
        "http://127.0.0.1/jwks", "http://127.1.2.3:9/x", "http://localhost/x",
        "http://[::1]:8080/x", NULL
    };
    static const char *const bad[] = {
        "http://idp.example/jwks", "http://127.0.0.1.evil.example/x",
        "http://localhost.evil/x", "ftp://idp/x", "https://", "https:///x",
        "https://idp/a b", "https://idp/#frag", "https://user:pw@idp/x",
        "https://idp\xc3\xa9/x", "https://[::1/x", "//idp/x", "idp/x",
        "http://[::2]/x", NULL
    };
    int i;

    for (i = 0; ok[i]; i++) {
        ck_assert_msg(as_idp_url_check(pool, ok[i]) == NULL, "%s", ok[i]);
    }
    for (i = 0; bad[i]; i++) {
        ck_assert_msg(as_idp_url_check(pool, bad[i]) != NULL, "%s", bad[i]);
    }
}
END_TEST

START_TEST(metadata_urls)
{
    const char *a, *b;

    as_idp_metadata_urls(pool, "https://idp.example", &a, &b);
    ck_assert_str_eq(a, "https://idp.example/.well-known/openid-configuration");
    ck_assert_str_eq(b, "https://idp.example/.well-known/oauth-authorization-server");
    /* RFC 8414 §3.1: the well-known part goes between host and path */
    as_idp_metadata_urls(pool, "https://kc.example/realms/main/", &a, &b);
    ck_assert_str_eq(a, "https://kc.example/realms/main/.well-known/openid-configuration");
    ck_assert_str_eq(b, "https://kc.example/.well-known/oauth-authorization-server/realms/main");
}
END_TEST

START_TEST(metadata)
{
    as_idp_metadata_t md;
    const char *ok = "{\"issuer\":\"https://as.example\",\"jwks_uri\":"
                     "\"https://as.example/jwks\",\"introspection_endpoint\":"
                     "\"https://as.example/introspect\"}";

    ck_assert_ptr_null(as_idp_parse_metadata(pool, "https://as.example", ok,
                                             strlen(ok), &md));
    ck_assert_str_eq(md.jwks_uri, "https://as.example/jwks");
    ck_assert_str_eq(md.introspection_endpoint, "https://as.example/introspect");
    /* another issuer's document must not give this one keys */
    ck_assert_ptr_nonnull(as_idp_parse_metadata(pool, "https://as.example/",
                                                ok, strlen(ok), &md));
    ck_assert_ptr_nonnull(as_idp_parse_metadata(pool, "https://other", ok,
                                                strlen(ok), &md));
#define BAD(doc) ck_assert_msg(as_idp_parse_metadata(pool, "https://as.example", \
                               doc, strlen(doc), &md) != NULL, "%s", doc)
    BAD("<html>");
    BAD("[]");
    BAD("{\"jwks_uri\":\"https://as.example/jwks\"}");
    BAD("{\"issuer\":\"https://as.example\",\"jwks_uri\":\"http://as.example/j\"}");
    BAD("{\"issuer\":\"https://as.example\",\"jwks_uri\":42}");
    BAD("{\"issuer\":\"https://as.example\",\"issuer\":\"https://as.example\"}");
#undef BAD
}
END_TEST

START_TEST(cache_control)
{
    ck_assert_int_eq(as_idp_max_age(NULL), -1);
    ck_assert_int_eq(as_idp_max_age("max-age=600"), 600);
    ck_assert_int_eq(as_idp_max_age("public, max-age=3600, must-revalidate"), 3600);
    ck_assert_int_eq(as_idp_max_age("no-store, max-age=600"), -1);
    ck_assert_int_eq(as_idp_max_age("max-age=abc"), -1);
    ck_assert_int_eq(as_idp_max_age("max-age=-5"), -1);
    /* refresh=: a max-age inside 300..86400 wins */
    ck_assert_int_eq(as_idp_refresh_after(3600, 600), 600);
    ck_assert_int_eq(as_idp_refresh_after(3600, 10), 3600);
    ck_assert_int_eq(as_idp_refresh_after(3600, 100000), 3600);
    ck_assert_int_eq(as_idp_refresh_after(3600, -1), 3600);
}
END_TEST

START_TEST(key_options)
{
    as_idp_keyopts_t o;

    as_idp_keyopts_init(&o);
    ck_assert_int_eq(o.refresh, 3600);
    ck_assert_int_eq(o.miss, 30);
    ck_assert_int_eq(o.timeout, 5);
    ck_assert(as_idp_is_option("miss=5"));
    ck_assert(as_idp_is_option("ca=/etc/ssl/x.pem"));
    ck_assert(!as_idp_is_option("/etc/keys=1.json"));
    ck_assert(!as_idp_is_option("https://idp/jwks?a=b"));
    ck_assert(!as_idp_is_option("=x"));
    ck_assert_ptr_null(as_idp_keyopt(pool, &o, "refresh=600"));
    ck_assert_ptr_null(as_idp_keyopt(pool, &o, "miss=1"));
    ck_assert_ptr_null(as_idp_keyopt(pool, &o, "timeout=60"));
    ck_assert_ptr_null(as_idp_keyopt(pool, &o, "ca=/x.pem"));
    ck_assert_int_eq(o.refresh, 600);
    ck_assert_int_eq(o.miss, 1);
    ck_assert_int_eq(o.timeout, 60);
    ck_assert_str_eq(o.ca_file, "/x.pem");
    ck_assert_ptr_nonnull(as_idp_keyopt(pool, &o, "refresh=59"));
    ck_assert_ptr_nonnull(as_idp_keyopt(pool, &o, "miss=0"));
    ck_assert_ptr_nonnull(as_idp_keyopt(pool, &o, "timeout=61"));
    ck_assert_ptr_nonnull(as_idp_keyopt(pool, &o, "ca="));
    ck_assert_ptr_nonnull(as_idp_keyopt(pool, &o, "colour=red"));
    ck_assert_int_eq(o.refresh, 600);     /* refused values change nothing */
}
END_TEST

START_TEST(introspect_options)
{
    as_idp_introspect_t o;
    char *a[] = { "discover", "client_id=rs", "secret=s3", "auth=post",
                  "cache=0", "for=all", "timeout=2" };
    char *b[] = { "https://idp/i", "client_id=rs", "secret-file=/x" };
    char *nosecret[] = { "https://idp/i", "client_id=rs" };
    char *both[] = { "https://idp/i", "client_id=rs", "secret=a",
                     "secret-file=/x" };
    char *noid[] = { "https://idp/i", "secret=a" };
    char *plain[] = { "http://idp/i", "client_id=rs", "secret=a" };
    char *colon[] = { "https://idp/i", "client_id=a:b", "secret=a" };
    char *badfor[] = { "https://idp/i", "client_id=a", "secret=a", "for=jwt" };

    ck_assert_ptr_null(as_idp_introspect_parse(pool, 7, a, &o));
    ck_assert(o.discover);
    ck_assert_ptr_null(o.endpoint);
    ck_assert_int_eq(o.auth, AS_INTRO_AUTH_POST);
    ck_assert_int_eq(o.cache, 0);
    ck_assert_int_eq(o.for_tokens, AS_INTRO_FOR_ALL);
    ck_assert_str_eq(as_idp_introspect_body(pool, &o, "a b+c"),
                     "token=a+b%2Bc&token_type_hint=access_token"
                     "&client_id=rs&client_secret=s3");
    ck_assert_ptr_null(as_idp_introspect_parse(pool, 3, b, &o));
    ck_assert_str_eq(o.endpoint, "https://idp/i");
    ck_assert_int_eq(o.cache, AS_IDP_INTROSPECT_CACHE);
    ck_assert_int_eq(o.auth, AS_INTRO_AUTH_BASIC);
    ck_assert_int_eq(o.for_tokens, AS_INTRO_FOR_OPAQUE);
    ck_assert_ptr_nonnull(as_idp_introspect_parse(pool, 2, nosecret, &o));
    ck_assert_ptr_nonnull(as_idp_introspect_parse(pool, 4, both, &o));
    ck_assert_ptr_nonnull(as_idp_introspect_parse(pool, 2, noid, &o));
    ck_assert_ptr_nonnull(as_idp_introspect_parse(pool, 3, plain, &o));
    ck_assert_ptr_nonnull(as_idp_introspect_parse(pool, 3, colon, &o));
    ck_assert_ptr_nonnull(as_idp_introspect_parse(pool, 4, badfor, &o));
    ck_assert_ptr_nonnull(as_idp_introspect_parse(pool, 0, a, &o));
}
END_TEST

START_TEST(introspection_answers)
{
    json_t *c;

#define ANS(text, want) do { \
        ck_assert_int_eq(as_idp_parse_introspection(text, strlen(text), &c), \
                         want); \
        json_decref(c); } while (0)
    ANS("{\"active\":true,\"sub\":\"a\"}", AS_INTRO_ACTIVE);
    ANS("{\"active\":false}", AS_INTRO_INACTIVE);
    ANS("{\"active\":\"true\"}", AS_INTRO_GARBAGE);
    ANS("{\"active\":1}", AS_INTRO_GARBAGE);
    ANS("{}", AS_INTRO_GARBAGE);
    ANS("<html>", AS_INTRO_GARBAGE);
    ANS("[true]", AS_INTRO_GARBAGE);
    ANS("{\"active\":true,\"active\":false}", AS_INTRO_GARBAGE);
#undef ANS
    ck_assert_int_eq(as_idp_parse_introspection("{\"active\":true,\"scope\":"
                                                "\"read\"}", 30, &c),
                     AS_INTRO_ACTIVE);
    ck_assert_str_eq(json_string_value(json_object_get(c, "scope")), "read");
    json_decref(c);
}
END_TEST

START_TEST(jwt_shape)
{
    ck_assert(as_idp_looks_like_jwt("a.b.c"));
    ck_assert(as_idp_looks_like_jwt("eyJ-_.e30.sig_-"));
    ck_assert(!as_idp_looks_like_jwt("a.b"));
    ck_assert(!as_idp_looks_like_jwt("a.b.c.d"));
    ck_assert(!as_idp_looks_like_jwt(".b.c"));
    ck_assert(!as_idp_looks_like_jwt("a..c"));
    ck_assert(!as_idp_looks_like_jwt("a.b."));
    ck_assert(!as_idp_looks_like_jwt("a.b.c="));
    ck_assert(!as_idp_looks_like_jwt("2YotnFZFEjr1zCsicMWpAA"));
}
END_TEST

/* --- the verifier and a miss callback ---------------------------------- */

static int misses, publish_on_miss, fail_on_miss;
static as_keyset_t *later;

static int on_miss(void *baton, as_keysrc_t *src, apr_pool_t *p)
{
    apr_pool_t *vp;
    (void)baton;
    (void)p;

    misses++;
    if (fail_on_miss) {
        return -1;
    }
    if (!publish_on_miss) {
        return 0;
    }
    vp = as_keysrc_begin(src);
    as_keysrc_publish(src, vp, later, NULL);
    return 1;
}

START_TEST(miss_and_unavailable)
{
    static const char jwk[] =
        "{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":"
        "\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0xMjM0NTY3OA\"}";
    /* HS256 over {"alg":"HS256","kid":"k1"}.{"sub":"a","exp":4102444800}
     * with the key above */
    apr_pool_t *req;
    as_keysrc_t *src = as_keysrc_create(pool, "remote");
    apr_array_header_t *sources = apr_array_make(pool, 1, sizeof(src));
    as_jwt_policy_t pol;
    as_verifier_t *v;
    as_jwt_result_t res;
    const char *tok = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0."
                      "eyJzdWIiOiJhIiwiZXhwIjo0MTAyNDQ0ODAwfQ.AAAA";

    later = as_keyset_make(pool);
    ck_assert_ptr_null(as_keyset_load_buffer(later, pool, "k", jwk,
                                             strlen(jwk), NULL));
    APR_ARRAY_PUSH(sources, as_keysrc_t *) = src;
    as_jwt_policy_init(&pol);
    v = as_verifier_jws(pool, sources, &pol);
    as_keysrc_set_miss(src, on_miss, NULL);

    /* no set yet, the provider failing: unavailable, asked once */
    apr_pool_create(&req, pool);
    misses = 0;
    fail_on_miss = 1;
    ck_assert_int_eq(v->verify(v, req, tok, apr_time_now(), &res),
                     AS_VERIFY_UNAVAILABLE);
    ck_assert_str_eq(res.reason, "keys-unavailable");
    ck_assert_int_eq(misses, 1);
    apr_pool_destroy(req);

    /* the provider back: the miss publishes, the token is judged (bad
     * signature here: "x"), never "unavailable" */
    apr_pool_create(&req, pool);
    fail_on_miss = 0;
    publish_on_miss = 1;
    ck_assert_int_eq(v->verify(v, req, tok, apr_time_now(), &res),
                     AS_VERIFY_INVALID);
    ck_assert_int_eq(res.status, AS_JWT_BAD_SIGNATURE);
    apr_pool_destroy(req);

    /* an unknown kid with a set in place: one miss report; nothing new:
     * invalid; the provider failing: unavailable (the kid may exist) */
    apr_pool_create(&req, pool);
    misses = 0;
    publish_on_miss = 0;
    ck_assert_int_eq(v->verify(v, req, "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsyIn0."
                               "e30.x", apr_time_now(), &res),
                     AS_VERIFY_INVALID);
    ck_assert_int_eq(res.status, AS_JWT_UNKNOWN_KEY);
    ck_assert_int_eq(misses, 1);
    fail_on_miss = 1;
    ck_assert_int_eq(v->verify(v, req, "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsyIn0."
                               "e30.x", apr_time_now(), &res),
                     AS_VERIFY_UNAVAILABLE);
    fail_on_miss = 0;
    apr_pool_destroy(req);
}
END_TEST

START_TEST(issuer_tied_sources)
{
    as_keysrc_t *tied = as_keysrc_create(pool, "tied");
    apr_array_header_t *only = apr_array_make(pool, 1, sizeof(tied));
    as_jwt_policy_t pol;
    as_verifier_t *v;
    as_jwt_result_t res;
    apr_pool_t *req;
    as_keysrc_t *a = as_keysrc_static(pool, "a", as_keyset_make(pool));
    as_keysrc_t *b = as_keysrc_create(pool, "b");

    as_keysrc_set_issuer(b, "https://b.example");
    ck_assert_ptr_null(as_keysrc_issuer(a));
    ck_assert_str_eq(as_keysrc_issuer(b), "https://b.example");
    ck_assert_int_eq(as_keysrc_miss(a, pool), 0);

    /* only issuer-tied sources, none fetched: a token whose iss no source
     * is tied to (or cannot be read) is judged, not "unavailable" */
    as_keysrc_set_issuer(tied, "https://idp.example");
    APR_ARRAY_PUSH(only, as_keysrc_t *) = tied;
    as_jwt_policy_init(&pol);
    v = as_verifier_jws(pool, only, &pol);
    apr_pool_create(&req, pool);
    ck_assert_int_eq(v->verify(v, req, "garbage.garbage.garbage",
                               apr_time_now(), &res), AS_VERIFY_INVALID);
    /* {"iss":"https://other.example"} */
    ck_assert_int_eq(v->verify(v, req, "eyJhbGciOiJFUzI1NiJ9."
                               "eyJpc3MiOiJodHRwczovL290aGVyLmV4YW1wbGUifQ."
                               "AAAA", apr_time_now(), &res),
                     AS_VERIFY_INVALID);
    /* {"iss":"https://idp.example"}: its source has no set yet */
    ck_assert_int_eq(v->verify(v, req, "eyJhbGciOiJFUzI1NiJ9."
                               "eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlIn0."
                               "AAAA", apr_time_now(), &res),
                     AS_VERIFY_UNAVAILABLE);
    apr_pool_destroy(req);
}
END_TEST

START_TEST(resource_metadata)
{
    apr_array_header_t *as = apr_array_make(pool, 2, sizeof(const char *));
    apr_array_header_t *sc = apr_array_make(pool, 2, sizeof(const char *));
    as_prm_t m;

    ck_assert_ptr_null(as_prm_resource_check(pool, "https://api.example/mcp"));
    ck_assert_ptr_nonnull(as_prm_resource_check(pool, "https://api.example/mcp?x=1"));
    ck_assert_ptr_nonnull(as_prm_resource_check(pool, "http://api.example/mcp"));
    /* RFC 9728 section 3.1: between the host and the path */
    ck_assert_str_eq(as_prm_metadata_url(pool, "https://api.example:8443/mcp/"),
                     "https://api.example:8443/.well-known/oauth-protected-resource/mcp");
    ck_assert_str_eq(as_prm_metadata_url(pool, "https://api.example"),
                     "https://api.example/.well-known/oauth-protected-resource");
    ck_assert_str_eq(as_prm_metadata_url(pool, "https://api.example/"),
                     "https://api.example/.well-known/oauth-protected-resource");
    ck_assert_str_eq(as_prm_metadata_path(pool, "https://api.example/a/b"),
                     "/.well-known/oauth-protected-resource/a/b");
    memset(&m, 0, sizeof(m));
    m.resource = "https://api.example/mcp";
    ck_assert_str_eq(as_prm_document(pool, &m),
                     "{\"resource\":\"https://api.example/mcp\","
                     "\"bearer_methods_supported\":[\"header\"]}");
    APR_ARRAY_PUSH(as, const char *) = "https://idp.example";
    APR_ARRAY_PUSH(sc, const char *) = "mcp:tools";
    m.authorization_servers = as;
    m.scopes = sc;
    m.resource_name = "My \"MCP\"";
    m.dpop_algs = sc;
    m.dpop_required = 1;
    m.mtls_bound = 1;
    ck_assert_str_eq(as_prm_document(pool, &m),
                     "{\"resource\":\"https://api.example/mcp\","
                     "\"authorization_servers\":[\"https://idp.example\"],"
                     "\"bearer_methods_supported\":[\"header\"],"
                     "\"scopes_supported\":[\"mcp:tools\"],"
                     "\"resource_name\":\"My \\\"MCP\\\"\","
                     "\"dpop_signing_alg_values_supported\":[\"mcp:tools\"],"
                     "\"dpop_bound_access_tokens_required\":true,"
                     "\"tls_client_certificate_bound_access_tokens\":true}");
}
END_TEST

START_TEST(stepup_decisions)
{
    as_decision_t d;

    /* a failed token-acr line: 401, never 403, whatever ForbidOnDeny */
    as_decide_authz_stepup(401, 1, 1, AS_HIDE_OFF, 0, 1, &d);
    ck_assert_int_eq(d.status, 401);
    ck_assert_int_eq(d.reason, AS_REASON_INSUFFICIENT_AUTH);
    ck_assert(d.stepup_challenge);
    ck_assert(!d.scope_challenge);
    ck_assert_str_eq(as_reason_name(d.reason), "insufficient-user-authentication");
    /* scope and step-up both failed: a new login is asked for */
    as_decide_authz_stepup(401, 1, 1, AS_HIDE_DENIED, 1, 1, &d);
    ck_assert_int_eq(d.status, 401);
    /* Hide Always: 404 */
    as_decide_authz_stepup(401, 1, 1, AS_HIDE_ALWAYS, 0, 1, &d);
    ck_assert_int_eq(d.status, 404);
    /* granted (a RequireAny satisfied otherwise): nothing */
    as_decide_authz_stepup(0, 1, 1, AS_HIDE_OFF, 0, 1, &d);
    ck_assert_int_eq(d.status, 0);
    ck_assert(!d.stepup_challenge);
    /* no step-up failure: as before */
    as_decide_authz_stepup(401, 1, 1, AS_HIDE_OFF, 1, 0, &d);
    ck_assert_int_eq(d.status, 403);
    ck_assert(d.scope_challenge);
    ck_assert_str_eq(as_bearer_error_name(AS_BEARER_ERR_INSUFFICIENT_USER_AUTH),
                     "insufficient_user_authentication");
}
END_TEST

START_TEST(basic_has_no_token_parameters)
{
    apr_array_header_t *x = apr_array_make(pool, 1, sizeof(as_param_t));
    as_challenge_args_t a = { "api", NULL, NULL, NULL, NULL, 0, NULL };

    APR_ARRAY_PUSH(x, as_param_t) = (as_param_t){ "resource_metadata", "https://h/x" };
    a.extra = x;
    ck_assert_str_eq(as_challenge_basic_args(pool, &a),
                     "Basic realm=\"api\", charset=\"UTF-8\"");
    ck_assert_str_eq(as_challenge_bearer_args(pool, &a),
                     "Bearer realm=\"api\", resource_metadata=\"https://h/x\"");
}
END_TEST

START_TEST(dpop_pure)
{
    json_t *jwk = json_pack("{s:s,s:s,s:s}", "kty", "RSA", "e", "AQAB", "n",
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7a"
        "PFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArw"
        "l93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0z"
        "gdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2Nc"
        "Rwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw");
    json_t *c;
    const char *v;
    const char *tok = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    as_dpop_result_t res;
    as_dpop_expect_t x;

    /* RFC 7638 section 3.1 and RFC 9449 section 7.1's ath */
    ck_assert_str_eq(as_dpop_thumbprint(pool, jwk),
                     "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    json_object_set_new(jwk, "alg", json_string("RS256"));  /* ignored */
    ck_assert_str_eq(as_dpop_thumbprint(pool, jwk),
                     "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    json_object_del(jwk, "e");
    ck_assert_ptr_null(as_dpop_thumbprint(pool, jwk));
    json_decref(jwk);
    ck_assert_str_eq(as_dpop_b64_sha256(pool, tok, strlen(tok)),
                     "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");

    /* htu: RFC 3986 normalisation, no query or fragment */
    ck_assert_str_eq(as_dpop_htu(pool, "HTTPS://Server.Example.COM:443/a/b?q=1#f"),
                     "https://server.example.com/a/b");
    ck_assert_str_eq(as_dpop_htu(pool, "http://h:80"), "http://h/");
    ck_assert_str_eq(as_dpop_htu(pool, "http://h:8080/x"), "http://h:8080/x");
    ck_assert_ptr_null(as_dpop_htu(pool, "ftp://h/x"));
    ck_assert_ptr_null(as_dpop_htu(pool, "https:///x"));

    /* cnf */
    c = json_loads("{\"cnf\":{\"jkt\":\"abc\"}}", 0, NULL);
    ck_assert_int_eq(as_dpop_cnf(c, &v), AS_CNF_JKT);
    ck_assert_str_eq(v, "abc");
    json_decref(c);
    c = json_loads("{\"cnf\":{\"x5t#S256\":\"xyz\"}}", 0, NULL);
    ck_assert_int_eq(as_dpop_cnf(c, &v), AS_CNF_X5T);
    json_decref(c);
    c = json_loads("{\"cnf\":{\"jwk\":{}}}", 0, NULL);
    ck_assert_int_eq(as_dpop_cnf(c, &v), AS_CNF_UNKNOWN);
    json_decref(c);
    c = json_loads("{\"cnf\":\"x\"}", 0, NULL);
    ck_assert_int_eq(as_dpop_cnf(c, &v), AS_CNF_UNKNOWN);
    json_decref(c);
    c = json_loads("{\"sub\":\"a\"}", 0, NULL);
    ck_assert_int_eq(as_dpop_cnf(c, &v), AS_CNF_NONE);
    json_decref(c);

    /* proofs that fail before any key is needed */
    memset(&x, 0, sizeof(x));
    x.method = "GET";
    x.htu = "https://h/x";
    x.now = apr_time_now();
    x.window = 60;
    ck_assert_int_eq(as_dpop_check(pool, "", &x, &res), AS_DPOP_MALFORMED);
    ck_assert_int_eq(as_dpop_check(pool, "e30.e30.AAAA", &x, &res),
                     AS_DPOP_BAD_TYP);     /* {} */
    /* {"typ":"dpop+jwt","alg":"HS256"} */
    ck_assert_int_eq(as_dpop_check(pool, "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6"
                                   "IkhTMjU2In0.e30.AAAA", &x, &res),
                     AS_DPOP_BAD_ALG);
    /* {"typ":"dpop+jwt","alg":"ES256"}: no jwk */
    ck_assert_int_eq(as_dpop_check(pool, "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6"
                                   "IkVTMjU2In0.e30.AAAA", &x, &res),
                     AS_DPOP_BAD_KEY);
    ck_assert_str_eq(as_dpop_status_name(AS_DPOP_STALE), "stale");
}
END_TEST

START_TEST(metrics_text)
{
    static as_metrics_t m;
    const char *t;

    ck_assert_int_eq(as_metrics_status_index(200), 0);
    ck_assert_int_eq(as_metrics_status_index(503), 9);
    ck_assert_int_eq(as_metrics_status_index(418), AS_METRICS_N_STATUS - 1);
    ck_assert_int_eq(as_metrics_bucket_index(0), 0);
    ck_assert_int_eq(as_metrics_bucket_index(100), 0);
    ck_assert_int_eq(as_metrics_bucket_index(101), 1);
    ck_assert_int_eq(as_metrics_bucket_index(10000000), AS_METRICS_N_BUCKET - 1);
    memset(&m, 0, sizeof(m));
    m.decisions[as_metrics_status_index(401)][AS_REASON_TOKEN_EXPIRED][2] = 3;
    m.decisions[AS_METRICS_N_STATUS - 1][AS_REASON_ERROR][0] = 1;
    m.verify_buckets[0] = 2;
    m.verify_buckets[AS_METRICS_N_BUCKET - 1] = 1;
    m.verify_count = 3;
    m.verify_usec_sum = 2500000;
    m.counters[AS_M_DPOP_REPLAY] = 4;
    t = as_metrics_text(pool, &m);
    ck_assert_ptr_nonnull(strstr(t, "# TYPE authstatus_decisions_total counter\n"));
    ck_assert_ptr_nonnull(strstr(t, "authstatus_decisions_total{status=\"401\","
                                    "reason=\"token-expired\",scheme=\"bearer\"} 3\n"));
    ck_assert_ptr_nonnull(strstr(t, "{status=\"other\",reason=\"error\","
                                    "scheme=\"none\"} 1\n"));
    /* series that never counted are left out */
    ck_assert_ptr_null(strstr(t, "reason=\"hidden\""));
    /* the histogram's buckets are cumulative */
    ck_assert_ptr_nonnull(strstr(t, "authstatus_verify_seconds_bucket{le=\"0.0001\"} 2\n"));
    ck_assert_ptr_nonnull(strstr(t, "authstatus_verify_seconds_bucket{le=\"0.25\"} 2\n"));
    ck_assert_ptr_nonnull(strstr(t, "authstatus_verify_seconds_bucket{le=\"+Inf\"} 3\n"));
    ck_assert_ptr_nonnull(strstr(t, "authstatus_verify_seconds_sum 2.500000\n"));
    ck_assert_ptr_nonnull(strstr(t, "authstatus_dpop_replays_total 4\n"));
    ck_assert_ptr_nonnull(strstr(as_metrics_status_lines(pool, &m),
                                 "AuthStatus-token-expired: 3\n"));
}
END_TEST

Suite *as_idp_suite(void)
{
    Suite *s = suite_create("as_idp");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, unit_pool_setup, unit_pool_teardown);
    tcase_add_test(tc, urls);
    tcase_add_test(tc, metadata_urls);
    tcase_add_test(tc, metadata);
    tcase_add_test(tc, cache_control);
    tcase_add_test(tc, key_options);
    tcase_add_test(tc, introspect_options);
    tcase_add_test(tc, introspection_answers);
    tcase_add_test(tc, jwt_shape);
    tcase_add_test(tc, miss_and_unavailable);
    tcase_add_test(tc, issuer_tied_sources);
    tcase_add_test(tc, resource_metadata);
    tcase_add_test(tc, stepup_decisions);
    tcase_add_test(tc, basic_has_no_token_parameters);
    tcase_add_test(tc, dpop_pure);
    tcase_add_test(tc, metrics_text);
    suite_add_tcase(s, tc);
    return s;
}
