/* Licensed under the Apache License, Version 2.0. */
/* Opaque tokens through the introspection endpoint (as_introspect.h). */

#include <stdlib.h>
#include <string.h>
#include <httpd.h>
#include <http_log.h>
#include <apr_strings.h>

#include "as_config.h"
#include "as_introspect.h"
#include "as_http.h"
#include "as_remote.h"
#include "as_cache_req.h"
#include "as_metrics.h"

typedef struct {
    request_rec *r;
    const as_idp_introspect_t *o;
    as_jwt_policy_t pol;
} intro_ctx_t;

static apr_status_t decref(void *data)
{
    json_decref(data);
    return APR_SUCCESS;
}

static as_verify_e down(as_jwt_result_t *res, const char *why)
{
    as_metrics_inc(AS_M_INTROSPECT_ERROR);
    memset(res, 0, sizeof(*res));
    res->reason = "idp-unavailable";
    res->detail = why;
    res->description = "The server cannot verify tokens at the moment";
    return AS_VERIFY_UNAVAILABLE;
}

static as_verify_e inactive(as_jwt_result_t *res, const char *detail)
{
    memset(res, 0, sizeof(*res));
    res->status = AS_JWT_BAD_SIGNATURE;
    res->reason = "inactive";
    res->detail = detail;
    res->description = "The access token is not active";
    return AS_VERIFY_INVALID;
}

/* An active result: the checks a JWT's claims get (exp optional). */
static as_verify_e judge(apr_pool_t *p, const intro_ctx_t *c, json_t *claims,
                         apr_time_t now, as_jwt_result_t *res)
{
    as_jwt_status_e st;

    memset(res, 0, sizeof(*res));
    res->claims = claims;
    st = as_jwt_check_claims(p, &c->pol, claims, now, res);
    if (st == AS_JWT_OK) {
        return AS_VERIFY_OK;
    }
    return st == AS_JWT_EXPIRED ? AS_VERIFY_EXPIRED : AS_VERIFY_INVALID;
}

static as_verify_e intro_verify(const as_verifier_t *v, apr_pool_t *p,
                                const char *token, apr_time_t now,
                                as_jwt_result_t *res)
{
    const intro_ctx_t *c = v->ctx;
    const as_idp_introspect_t *o = c->o;
    request_rec *r = c->r;
    const char *endpoint = o->endpoint;
    as_cache_slot_t slot;
    as_cache_entry_t hit;
    as_http_req_t req;
    as_http_resp_t resp;
    json_t *claims;
    as_verify_e st;

    if (o->for_tokens == AS_INTRO_FOR_OPAQUE && as_idp_looks_like_jwt(token)) {
        return AS_VERIFY_DECLINED;   /* verified locally */
    }
    if (strlen(token) > AS_JWT_MAX_LEN) {
        memset(res, 0, sizeof(*res));
        res->reason = "too-large";
        res->detail = "token longer than the limit";
        res->description = as_jwt_status_description(AS_JWT_TOO_LARGE);
        return AS_VERIFY_MALFORMED;
    }
    if (endpoint == NULL) {
        as_idp_keyopts_t ko;

        as_idp_keyopts_init(&ko);
        ko.timeout = o->timeout;
        ko.ca_file = o->ca_file;
        if (c->pol.issuers == NULL || c->pol.issuers->nelts == 0) {
            return down(res, "AuthStatusBearerIntrospect discover without "
                        "AuthStatusBearerIssuer");
        }
        endpoint = as_remote_introspection_endpoint(
            APR_ARRAY_IDX(c->pol.issuers, 0, const char *), &ko, r->server,
            p);
        if (endpoint == NULL) {
            return down(res, "the issuer's metadata names no "
                        "introspection_endpoint (or cannot be fetched)");
        }
    }

    if (as_cache_lookup_introspected(r, &slot, endpoint, token, o->cache,
                                     &hit)
        && (claims = as_cache_hit_claims(r, &hit)) != NULL) {
        if (!json_is_true(json_object_get(claims, "active"))) {
            return inactive(res, "inactive (remembered)");
        }
        return judge(p, c, claims, now, res);
    }

    memset(&req, 0, sizeof(req));
    req.url = endpoint;
    req.ca_file = o->ca_file;
    req.timeout = apr_time_from_sec(o->timeout);
    req.post_body = as_idp_introspect_body(p, o, token);
    if (o->auth == AS_INTRO_AUTH_BASIC) {
        /* RFC 6749 §2.3.1: both form-encoded before Basic */
        req.basic_user = as_idp_form_encode(p, o->client_id);
        req.basic_pass = as_idp_form_encode(p, o->secret);
    }
    if (as_http_do(p, &req, &resp) != AS_HTTP_OK) {
        return down(res, apr_psprintf(p, "introspection %s: %s (%s)",
                                      endpoint, as_http_err_name(resp.err),
                                      resp.err_text));
    }
    if (resp.status != 200) {
        return down(res, apr_psprintf(p, "introspection %s: HTTP status %ld",
                                      endpoint, resp.status));
    }
    switch (as_idp_parse_introspection(resp.body, resp.len, &claims)) {
    case AS_INTRO_GARBAGE:
        return down(res, apr_psprintf(p, "introspection %s: the answer is "
                                      "not a JSON object with a boolean "
                                      "active (Content-Type %s)", endpoint,
                                      resp.content_type
                                      ? ap_escape_logitem(p, resp.content_type)
                                      : "none"));
    case AS_INTRO_INACTIVE:
        /* briefly remembered: a flood of garbage tokens costs the
         * endpoint one call per token per period */
        if (o->cache > 0) {
            as_cache_remember_for(r, &slot, AS_IDP_NEGATIVE_CACHE, "-", 0,
                                  "{\"active\":false}", 17);
        }
        return inactive(res, "active is false");
    case AS_INTRO_ACTIVE:
        break;
    }
    apr_pool_cleanup_register(p, claims, decref, apr_pool_cleanup_null);
    st = judge(p, c, claims, now, res);
    if (st == AS_VERIFY_OK) {
        char *text = json_dumps(claims, JSON_COMPACT);

        if (text) {
            as_cache_remember_for(r, &slot, o->cache, res->user, res->exp,
                                  text, strlen(text));
            free(text);
        }
    }
    return st;
}

as_verifier_t *as_verifier_introspect(request_rec *r,
                                      const as_idp_introspect_t *o,
                                      const as_jwt_policy_t *pol)
{
    as_verifier_t *v = apr_pcalloc(r->pool, sizeof(*v));
    intro_ctx_t *c = apr_pcalloc(r->pool, sizeof(*c));

    c->r = r;
    c->o = o;
    c->pol = *pol;
    c->pol.exp_optional = 1;
    c->pol.at_jwt = 0;
    v->name = "introspection";
    v->verify = intro_verify;
    v->ctx = c;
    return v;
}
