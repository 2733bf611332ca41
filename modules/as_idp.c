/* Licensed under the Apache License, Version 2.0. */
/* What the module reads from and says to an identity provider, as pure
 * functions (see include/as_idp.h). Everything here takes attacker- or
 * network-supplied bytes: bounded, no recursion beyond jansson's, no
 * assumption on a document's shape that is not checked first. */

#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include <apr_lib.h>

#include "as_idp.h"
#include "as_confval.h"

void as_idp_keyopts_init(as_idp_keyopts_t *o)
{
    o->refresh = AS_IDP_REFRESH;
    o->miss = AS_IDP_MISS;
    o->timeout = AS_IDP_TIMEOUT;
    o->ca_file = NULL;
}

int as_idp_is_option(const char *w)
{
    const char *s = w;

    while (apr_islower(*s) || *s == '-' || *s == '_') {
        s++;
    }
    return s != w && *s == '=';
}

/* name=value: value when w starts with name and '=', else NULL */
static const char *opt(const char *w, const char *name)
{
    apr_size_t l = strlen(name);

    return !strncmp(w, name, l) && w[l] == '=' ? w + l + 1 : NULL;
}

static const char *seconds(apr_pool_t *p, const char *name, const char *v,
                           int min, int max, int *out)
{
    if (as_confval_number(v, min, max, out)) {
        return apr_psprintf(p, "%s='%s' is not a number of seconds between "
                            "%d and %d", name, v, min, max);
    }
    return NULL;
}

const char *as_idp_keyopt(apr_pool_t *p, as_idp_keyopts_t *o, const char *w)
{
    const char *v;

    if ((v = opt(w, "refresh"))) {
        return seconds(p, "refresh", v, 60, 7 * 86400, &o->refresh);
    }
    if ((v = opt(w, "miss"))) {
        return seconds(p, "miss", v, 1, 86400, &o->miss);
    }
    if ((v = opt(w, "timeout"))) {
        return seconds(p, "timeout", v, 1, 60, &o->timeout);
    }
    if ((v = opt(w, "ca"))) {
        if (!*v) {
            return "ca= names no file";
        }
        o->ca_file = v;
        return NULL;
    }
    return apr_psprintf(p, "unknown option '%s' (expected refresh=, miss=, "
                        "timeout= or ca=)", w);
}

/* Is host (as in a URL: a name, an IPv4 address or [IPv6]) loopback? */
static int loopback_host(const char *h, apr_size_t len)
{
    if ((len == 9 && !strncasecmp(h, "localhost", 9))
        || (len == 5 && !strncmp(h, "[::1]", 5))) {
        return 1;
    }
    if (len >= 7 && !strncmp(h, "127.", 4)) {
        apr_size_t i;
        int dots = 0;

        for (i = 0; i < len; i++) {
            if (h[i] == '.') {
                dots++;
            }
            else if (!apr_isdigit(h[i])) {
                return 0;
            }
        }
        return dots == 3;
    }
    return 0;
}

const char *as_idp_url_host(const char *url, int *https)
{
    if (!strncasecmp(url, "https://", 8)) {
        *https = 1;
        return url + 8;
    }
    if (!strncasecmp(url, "http://", 7)) {
        *https = 0;
        return url + 7;
    }
    return NULL;
}

const char *as_idp_url_check(apr_pool_t *p, const char *url)
{
    const char *host, *end;
    int https;
    apr_size_t i, hl;

    if ((host = as_idp_url_host(url, &https)) == NULL) {
        return apr_psprintf(p, "'%s' is not an https:// URL", url);
    }
    for (i = 0; url[i]; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20 || c >= 0x7f || c == '#') {
            return apr_psprintf(p, "'%s': a URL without spaces, fragments "
                                "or bytes outside ASCII", url);
        }
    }
    if (strchr(host, '@') && (!strchr(host, '/')
                              || strchr(host, '@') < strchr(host, '/'))) {
        return apr_psprintf(p, "'%s': credentials in a URL are not "
                            "accepted", url);
    }
    if (*host == '[') {
        end = strchr(host, ']');
        if (!end) {
            return apr_psprintf(p, "'%s': unterminated IPv6 address", url);
        }
        end++;
    }
    else {
        end = host + strcspn(host, ":/?");
    }
    hl = (apr_size_t)(end - host);
    if (hl == 0) {
        return apr_psprintf(p, "'%s' names no host", url);
    }
    if (*end && *end != ':' && *end != '/' && *end != '?') {
        return apr_psprintf(p, "'%s': malformed host", url);
    }
    if (!https && !loopback_host(host, hl)) {
        return apr_psprintf(p, "'%s': plain http:// is only accepted to a "
                            "loopback host; use https://", url);
    }
    return NULL;
}

void as_idp_metadata_urls(apr_pool_t *p, const char *issuer,
                          const char **oidc, const char **rfc8414)
{
    apr_size_t l = strlen(issuer);
    const char *scheme_end = strstr(issuer, "://");
    const char *path;

    while (l > 0 && issuer[l - 1] == '/') {
        l--;
    }
    *oidc = apr_pstrcat(p, apr_pstrmemdup(p, issuer, l),
                        "/.well-known/openid-configuration", NULL);
    /* RFC 8414 §3.1: https://host/.well-known/oauth-authorization-server
     * followed by the issuer's path, if any */
    path = scheme_end ? strchr(scheme_end + 3, '/') : NULL;
    if (path == NULL || path >= issuer + l) {
        *rfc8414 = apr_pstrcat(p, apr_pstrmemdup(p, issuer, l),
                               "/.well-known/oauth-authorization-server",
                               NULL);
    }
    else {
        *rfc8414 = apr_pstrcat(p, apr_pstrmemdup(p, issuer,
                                                 (apr_size_t)(path - issuer)),
                               "/.well-known/oauth-authorization-server",
                               apr_pstrmemdup(p, path,
                                              (apr_size_t)(issuer + l - path)),
                               NULL);
    }
}

static const char *endpoint(apr_pool_t *p, json_t *doc, const char *name,
                            const char **out)
{
    json_t *j = json_object_get(doc, name);
    const char *why;

    *out = NULL;
    if (j == NULL) {
        return NULL;
    }
    if (!json_is_string(j) || json_string_length(j) == 0
        || json_string_length(j) > 2048) {
        return apr_psprintf(p, "%s is not a URL", name);
    }
    if ((why = as_idp_url_check(p, json_string_value(j)))) {
        return apr_pstrcat(p, name, ": ", why, NULL);
    }
    *out = apr_pstrdup(p, json_string_value(j));
    return NULL;
}

const char *as_idp_parse_metadata(apr_pool_t *p, const char *issuer,
                                  const char *body, apr_size_t len,
                                  as_idp_metadata_t *md)
{
    json_error_t jerr;
    json_t *doc, *iss;
    const char *why = NULL;

    memset(md, 0, sizeof(*md));
    doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        return apr_psprintf(p, "not JSON (%s at byte %d)", jerr.text,
                            jerr.position);
    }
    if (!json_is_object(doc)) {
        why = "not a JSON object";
    }
    else if (!json_is_string(iss = json_object_get(doc, "issuer"))) {
        why = "no issuer member";
    }
    else if (strcmp(json_string_value(iss), issuer)) {
        /* a document of another issuer must not give this one keys */
        why = apr_psprintf(p, "its issuer is not %s", issuer);
    }
    else if (!(why = endpoint(p, doc, "jwks_uri", &md->jwks_uri))) {
        why = endpoint(p, doc, "introspection_endpoint",
                       &md->introspection_endpoint);
    }
    json_decref(doc);
    return why;
}

int as_idp_max_age(const char *cc)
{
    const char *s = cc;
    int best = -1;

    if (cc == NULL) {
        return -1;
    }
    while (*s) {
        const char *tok;
        apr_size_t tl;

        while (*s == ' ' || *s == '\t' || *s == ',') {
            s++;
        }
        tok = s;
        while (*s && *s != ',') {
            s++;
        }
        tl = (apr_size_t)(s - tok);
        while (tl && (tok[tl - 1] == ' ' || tok[tl - 1] == '\t')) {
            tl--;
        }
        if ((tl == 8 && !strncasecmp(tok, "no-store", 8))
            || (tl == 8 && !strncasecmp(tok, "no-cache", 8))) {
            return -1;
        }
        if (tl > 8 && tl < 20 && !strncasecmp(tok, "max-age=", 8)) {
            char num[16];
            int v;

            memcpy(num, tok + 8, tl - 8);
            num[tl - 8] = '\0';
            if (as_confval_number(num, 0, 2000000000, &v) == 0) {
                best = v;
            }
        }
    }
    return best;
}

int as_idp_refresh_after(int refresh, int max_age)
{
    if (max_age >= AS_IDP_MAX_AGE_MIN && max_age <= AS_IDP_MAX_AGE_MAX) {
        return max_age;
    }
    return refresh;
}

int as_idp_looks_like_jwt(const char *t)
{
    int dots = 0, seg = 0;

    for (; *t; t++) {
        if (*t == '.') {
            if (seg == 0) {
                return 0;
            }
            dots++;
            seg = 0;
        }
        else if (apr_isalnum(*t) || *t == '-' || *t == '_') {
            seg++;
        }
        else {
            return 0;
        }
    }
    return dots == 2 && seg > 0;
}

const char *as_idp_introspect_parse(apr_pool_t *p, int argc,
                                    char *const argv[],
                                    as_idp_introspect_t *o)
{
    const char *why, *v;
    int i;

    memset(o, 0, sizeof(*o));
    o->cache = AS_IDP_INTROSPECT_CACHE;
    o->timeout = AS_IDP_TIMEOUT;
    if (argc < 1) {
        return "name the introspection endpoint (a URL or discover)";
    }
    if (!strcmp(argv[0], "discover")) {
        o->discover = 1;
    }
    else if ((why = as_idp_url_check(p, argv[0]))) {
        return why;
    }
    else {
        o->endpoint = argv[0];
    }
    for (i = 1; i < argc; i++) {
        const char *w = argv[i];

        if ((v = opt(w, "client_id"))) {
            if (!*v || strchr(v, ':')) {
                /* RFC 6749 2.3.1: the Basic user-id is form-encoded, a
                 * ':' in it is legal but rare; refused to stay simple */
                return "client_id= must be non-empty and without ':'";
            }
            o->client_id = v;
        }
        else if ((v = opt(w, "secret"))) {
            o->secret = v;
        }
        else if ((v = opt(w, "secret-file"))) {
            if (!*v) {
                return "secret-file= names no file";
            }
            o->secret_file = v;
        }
        else if ((v = opt(w, "auth"))) {
            if (!strcasecmp(v, "basic")) {
                o->auth = AS_INTRO_AUTH_BASIC;
            }
            else if (!strcasecmp(v, "post")) {
                o->auth = AS_INTRO_AUTH_POST;
            }
            else {
                return apr_psprintf(p, "auth='%s' is not basic or post", v);
            }
        }
        else if ((v = opt(w, "ca"))) {
            if (!*v) {
                return "ca= names no file";
            }
            o->ca_file = v;
        }
        else if ((v = opt(w, "cache"))) {
            if ((why = seconds(p, "cache", v, 0, 86400, &o->cache))) {
                return why;
            }
        }
        else if ((v = opt(w, "timeout"))) {
            if ((why = seconds(p, "timeout", v, 1, 60, &o->timeout))) {
                return why;
            }
        }
        else if ((v = opt(w, "for"))) {
            if (!strcasecmp(v, "opaque")) {
                o->for_tokens = AS_INTRO_FOR_OPAQUE;
            }
            else if (!strcasecmp(v, "all")) {
                o->for_tokens = AS_INTRO_FOR_ALL;
            }
            else {
                return apr_psprintf(p, "for='%s' is not opaque or all", v);
            }
        }
        else {
            return apr_psprintf(p, "unknown option '%s' (expected "
                                "client_id=, secret=, secret-file=, auth=, "
                                "ca=, cache=, timeout= or for=)", w);
        }
    }
    if (!o->client_id) {
        return "client_id= is required";
    }
    if (!o->secret == !o->secret_file) {
        return "give exactly one of secret= and secret-file=";
    }
    if (o->secret && !*o->secret) {
        return "secret= is empty";
    }
    return NULL;
}

const char *as_idp_form_encode(apr_pool_t *p, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    apr_size_t n = strlen(s), i, j = 0;
    char *out = apr_palloc(p, 3 * n + 1);

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (apr_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '*') {
            out[j++] = (char)c;
        }
        else if (c == ' ') {
            out[j++] = '+';
        }
        else {
            out[j++] = '%';
            out[j++] = hex[c >> 4];
            out[j++] = hex[c & 15];
        }
    }
    out[j] = '\0';
    return out;
}

const char *as_idp_introspect_body(apr_pool_t *p,
                                   const as_idp_introspect_t *o,
                                   const char *token)
{
    const char *b = apr_pstrcat(p, "token=", as_idp_form_encode(p, token),
                                "&token_type_hint=access_token", NULL);

    if (o->auth == AS_INTRO_AUTH_POST) {
        b = apr_pstrcat(p, b, "&client_id=",
                        as_idp_form_encode(p, o->client_id),
                        "&client_secret=",
                        as_idp_form_encode(p, o->secret), NULL);
    }
    return b;
}

as_intro_e as_idp_parse_introspection(const char *body, apr_size_t len,
                                      json_t **claims)
{
    json_t *doc, *active;

    *claims = NULL;
    doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return AS_INTRO_GARBAGE;
    }
    active = json_object_get(doc, "active");
    if (!json_is_boolean(active)) {
        json_decref(doc);
        return AS_INTRO_GARBAGE;
    }
    if (!json_is_true(active)) {
        json_decref(doc);
        return AS_INTRO_INACTIVE;
    }
    *claims = doc;
    return AS_INTRO_ACTIVE;
}
