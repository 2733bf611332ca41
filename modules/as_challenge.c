/* Licensed under the Apache License, Version 2.0. */
/* Challenge formatting: every parameter value is a quoted-string, one
 * challenge per field line (RFC 9110 §11.6.1, research R2-R5). */

#include <string.h>
#include <apr_strings.h>

#include "as_challenge.h"

const char *as_quote_escape(apr_pool_t *p, const char *s)
{
    apr_size_t extra = 0;
    const char *q;
    char *out, *o;

    for (q = s; *q; q++) {
        if (*q == '"' || *q == '\\') {
            extra++;
        }
    }
    out = o = apr_palloc(p, (apr_size_t)(q - s) + extra + 1);
    for (q = s; *q; q++) {
        unsigned char c = (unsigned char)*q;
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        }
        else if ((c < 0x20 && c != '\t') || c == 0x7F) {
            *o++ = '?';
        }
        else {
            *o++ = (char)c;
        }
    }
    *o = '\0';
    return out;
}

const char *as_realm_unescape(apr_pool_t *p, const char *escaped)
{
    char *out = apr_pstrdup(p, escaped), *o = out;
    const char *q;

    for (q = escaped; *q; q++) {
        if (q[0] == '\\' && q[1] == '"') {
            q++;
        }
        *o++ = *q;
    }
    *o = '\0';
    return out;
}

const char *as_challenge_basic(apr_pool_t *p, const char *realm)
{
    return apr_pstrcat(p, "Basic realm=\"", as_quote_escape(p, realm),
                       "\", charset=\"UTF-8\"", NULL);
}

const char *as_bearer_error_name(as_bearer_error_e err)
{
    switch (err) {
    case AS_BEARER_ERR_INVALID_REQUEST:    return "invalid_request";
    case AS_BEARER_ERR_INVALID_TOKEN:      return "invalid_token";
    case AS_BEARER_ERR_INSUFFICIENT_SCOPE: return "insufficient_scope";
    default:                               return NULL;
    }
}

const char *as_challenge_bearer(apr_pool_t *p, const char *realm,
                                const char *scope, as_bearer_error_e err,
                                const char *description)
{
    const char *c = apr_pstrcat(p, "Bearer realm=\"",
                                as_quote_escape(p, realm), "\"", NULL);
    const char *name = as_bearer_error_name(err);

    if (scope && *scope) {
        c = apr_pstrcat(p, c, ", scope=\"", as_quote_escape(p, scope), "\"",
                        NULL);
    }
    if (name) {
        c = apr_pstrcat(p, c, ", error=\"", name, "\"", NULL);
        if (description && *description) {
            c = apr_pstrcat(p, c, ", error_description=\"",
                            as_quote_escape(p, description), "\"", NULL);
        }
    }
    return c;
}
