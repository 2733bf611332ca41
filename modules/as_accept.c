/* Licensed under the Apache License, Version 2.0. */
/* Accept negotiation (RFC 9110 §12.5.1), apart from httpd so it is unit
 * tested and fuzzed alone. The scanner never allocates and every step
 * moves forward, so any input ends. */

#include <stddef.h>
#include <string.h>
#include <apr_strings.h>
#include <strings.h>

#include "as_accept.h"

/* tchar of RFC 9110 §5.6.2 */
static int is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')) {
        return 1;
    }
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static const char *skip_ows(const char *s)
{
    while (is_ows(*s)) {
        s++;
    }
    return s;
}

static const char *skip_token(const char *s)
{
    while (is_tchar((unsigned char)*s)) {
        s++;
    }
    return s;
}

/* A quoted-string starting at s (on the '"'): the position after the
 * closing quote, or NULL when it never closes. */
static const char *skip_quoted(const char *s)
{
    for (s++; *s; s++) {
        if (*s == '\\') {
            if (s[1] == '\0') {
                return NULL;
            }
            s++;
        }
        else if (*s == '"') {
            return s + 1;
        }
    }
    return NULL;
}

/* After a bad element: the next ',' outside quoted-strings, or the end. */
static const char *skip_element(const char *s)
{
    while (*s && *s != ',') {
        if (*s == '"') {
            const char *e = skip_quoted(s);
            if (e == NULL) {
                return s + strlen(s);
            }
            s = e;
        }
        else {
            s++;
        }
    }
    return s;
}

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), over
 * [s, e). Returns thousandths, or -1. */
static int parse_qvalue(const char *s, const char *e)
{
    int q, scale = 100;

    if (s == e || (*s != '0' && *s != '1')) {
        return -1;
    }
    q = (*s - '0') * 1000;
    s++;
    if (s == e) {
        return q;
    }
    if (*s != '.' || e - s > 4) {
        return -1;
    }
    for (s++; s < e; s++, scale /= 10) {
        if (*s < '0' || *s > '9') {
            return -1;
        }
        q += (*s - '0') * scale;
    }
    return q > 1000 ? -1 : q;
}

static int span_eq(const char *s, const char *e, const char *lit, size_t n)
{
    return (size_t)(e - s) == n && strncasecmp(s, lit, n) == 0;
}

/* One media range, as the scanner found it. */
typedef struct {
    const char *type, *type_end, *sub, *sub_end;
    int q;
} range_t;

/* Parse the element at s into rg; return the position after it (at a ','
 * or the end), and set *ok to whether it followed the grammar. */
static const char *parse_element(const char *s, range_t *rg, int *ok)
{
    const char *name, *name_end, *val;
    int seen_q = 0;

    *ok = 0;
    rg->q = 1000;
    rg->type = s;
    s = skip_token(s);
    rg->type_end = s;
    if (rg->type == rg->type_end || *s != '/') {
        return skip_element(s);
    }
    rg->sub = ++s;
    s = skip_token(s);
    rg->sub_end = s;
    if (rg->sub == rg->sub_end) {
        return skip_element(s);
    }
    /* "*" as type needs "*" as subtype */
    if (span_eq(rg->type, rg->type_end, "*", 1)
        && !span_eq(rg->sub, rg->sub_end, "*", 1)) {
        return skip_element(s);
    }
    for (;;) {
        s = skip_ows(s);
        if (*s == '\0' || *s == ',') {
            break;
        }
        if (*s != ';') {
            return skip_element(s);
        }
        s = skip_ows(s + 1);
        if (*s == '\0' || *s == ',' || *s == ';') {
            /* an empty parameter: tolerated, as browsers never send one
             * and lenient servers accept it */
            continue;
        }
        name = s;
        s = skip_token(s);
        name_end = s;
        if (name == name_end || *s != '=') {
            return skip_element(s);
        }
        val = ++s;
        if (*s == '"') {
            s = skip_quoted(s);
            if (s == NULL) {
                return val + strlen(val);
            }
        }
        else {
            s = skip_token(s);
            if (s == val) {
                return skip_element(s);
            }
        }
        if (!seen_q && span_eq(name, name_end, "q", 1)) {
            /* the weight; anything after it is accept-ext, ignored */
            rg->q = parse_qvalue(val, s);
            if (rg->q < 0) {
                return skip_element(s);
            }
            seen_q = 1;
        }
    }
    *ok = 1;
    return s;
}

/* How specifically rg names the media type [t, te)/[st, se): 3 exactly,
 * 2 by type with a wildcard subtype, 1 by the full wildcard, 0 not. */
static int specificity(const range_t *rg, const char *t, size_t tlen,
                       const char *st, size_t slen)
{
    int type_any = span_eq(rg->type, rg->type_end, "*", 1);
    int sub_any = span_eq(rg->sub, rg->sub_end, "*", 1);

    if (type_any) {
        return 1;
    }
    if (!span_eq(rg->type, rg->type_end, t, tlen)) {
        return 0;
    }
    if (sub_any) {
        return 2;
    }
    return span_eq(rg->sub, rg->sub_end, st, slen) ? 3 : 0;
}

/* Walk the field for `type`; best q and its specificity. */
static void negotiate(const char *accept, const char *type, int *q_out,
                      int *spec_out)
{
    const char *slash = strchr(type, '/');
    const char *s = accept;
    size_t tlen, slen;
    int best_q = 0, best_spec = 0;

    *q_out = 0;
    *spec_out = 0;
    if (slash == NULL) {
        return;
    }
    tlen = (size_t)(slash - type);
    slen = strlen(slash + 1);
    while (*s) {
        range_t rg;
        int ok, spec;

        s = skip_ows(s);
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\0') {
            break;
        }
        s = parse_element(s, &rg, &ok);
        if (!ok) {
            continue;
        }
        spec = specificity(&rg, type, tlen, slash + 1, slen);
        if (spec > best_spec || (spec == best_spec && spec && rg.q > best_q)) {
            best_spec = spec;
            best_q = rg.q;
        }
    }
    *q_out = best_q;
    *spec_out = best_spec;
}

int as_accept_quality(const char *accept, const char *type)
{
    int q, spec;

    if (accept == NULL) {
        return 1000;
    }
    negotiate(accept, type, &q, &spec);
    return q;
}

int as_accept_lists(const char *accept, const char *type)
{
    int q, spec;

    if (accept == NULL) {
        return 0;
    }
    negotiate(accept, type, &q, &spec);
    return spec == 3 && q > 0;
}

int as_accept_prefers_json(const char *accept)
{
    int json, problem, html;

    if (accept == NULL) {
        return 0;
    }
    json = as_accept_quality(accept, "application/json");
    problem = as_accept_quality(accept, "application/problem+json");
    html = as_accept_quality(accept, "text/html");
    if (problem > json) {
        json = problem;
    }
    return json > html;
}

int as_accept_is_navigation(const char *sec_fetch_mode, int other_sec_fetch,
                            int x_requested_with, const char *accept)
{
    if (sec_fetch_mode) {
        return !strcasecmp(sec_fetch_mode, "navigate");
    }
    if (other_sec_fetch || x_requested_with) {
        return 0;
    }
    return as_accept_lists(accept, "text/html");
}

const char *as_login_url_with_target(apr_pool_t *p, const char *url,
                                     const char *param, const char *target)
{
    static const char hex[] = "0123456789ABCDEF";
    apr_size_t n, i, j = 0, ul = strlen(url);
    const char *sep;
    char *enc;

    /* a local path only: never "//evil.example/" or "https://..." */
    if (target == NULL || target[0] != '/' || target[1] == '/'
        || target[1] == '\\') {
        target = "/";
    }
    n = strlen(target);
    enc = apr_palloc(p, 3 * n + 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)target[i];

        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
            || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
            || c == '~' || c == '/') {
            enc[j++] = (char)c;
        }
        else {
            enc[j++] = '%';
            enc[j++] = hex[c >> 4];
            enc[j++] = hex[c & 15];
        }
    }
    enc[j] = '\0';
    if (!strchr(url, '?')) {
        sep = "?";
    }
    else if (ul > 0 && (url[ul - 1] == '?' || url[ul - 1] == '&')) {
        sep = "";
    }
    else {
        sep = "&";
    }
    return apr_pstrcat(p, url, sep, param, "=", enc, NULL);
}

int as_login_param_ok(const char *param)
{
    apr_size_t i, n = strlen(param);

    if (n == 0 || n > 64) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)param[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
              || c == '~')) {
            return 0;
        }
    }
    return 1;
}
