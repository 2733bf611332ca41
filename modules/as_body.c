/* Licensed under the Apache License, Version 2.0. */
/* Bodies of refusals: the texts, an HTML page and an RFC 9457 problem
 * document. Apart from httpd so they are unit-tested alone. */

#include <stdlib.h>
#include <jansson.h>
#include <apr_strings.h>

#include "as_body.h"

int as_body_status_is_ours(int status)
{
    return status == 400 || status == 401 || status == 403 || status == 429;
}

const char *as_body_title(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 429:
        return "Too Many Requests";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

const char *as_body_detail(as_reason_e reason)
{
    switch (reason) {
    case AS_REASON_NO_CREDENTIALS:
        return "This resource requires authentication.";
    case AS_REASON_MALFORMED:
        return "The credentials in the request are malformed.";
    case AS_REASON_UNSUPPORTED_SCHEME:
        return "The credentials use an authentication scheme that this "
               "resource does not accept.";
    case AS_REASON_BAD_CREDENTIALS:
        return "The credentials were not accepted.";
    case AS_REASON_TOKEN_INVALID:
        return "The access token is not valid.";
    case AS_REASON_TOKEN_EXPIRED:
        return "The access token has expired.";
    case AS_REASON_INSUFFICIENT_SCOPE:
        return "The access token does not grant the scope this resource "
               "requires.";
    case AS_REASON_DENIED:
        return "The authenticated identity is not allowed to access this "
               "resource.";
    case AS_REASON_FORBIDDEN:
        return "Access to this resource is not allowed.";
    case AS_REASON_THROTTLED:
        return "Too many failed authentication attempts; try again later.";
    case AS_REASON_KEYS_UNAVAILABLE:
        return "The keys that verify access tokens cannot be fetched from "
               "the identity provider at the moment; try again later.";
    case AS_REASON_INSUFFICIENT_AUTH:
        return "The access token comes from a login that is not strong or "
               "recent enough for this resource; log in again.";
    case AS_REASON_DPOP_NONCE:
        return "Send the DPoP proof again with the nonce this answer gives.";
    case AS_REASON_IDP_UNAVAILABLE:
        return "The identity provider cannot be asked about the access "
               "token at the moment; try again later.";
    default:
        return "The request was refused.";
    }
}

const char *as_body_html(apr_pool_t *p, int status, as_reason_e reason)
{
    const char *title = as_body_title(status);

    /* fixed texts only: nothing from the request goes into the page */
    return apr_psprintf(p,
                        "<!DOCTYPE html>\n"
                        "<html><head><title>%d %s</title></head>\n"
                        "<body><h1>%s</h1>\n<p>%s</p>\n</body></html>\n",
                        status, title, title, as_body_detail(reason));
}

const char *as_body_problem(apr_pool_t *p, int status, as_reason_e reason,
                            const apr_array_header_t *schemes)
{
    json_t *doc = json_object();
    char *text;
    const char *out;
    int i;

    if (doc == NULL) {
        return NULL;
    }
    /* RFC 9457 §4.2.1: about:blank says the status is all there is to
     * know; the title is then the status's reason phrase */
    json_object_set_new(doc, "type", json_string("about:blank"));
    json_object_set_new(doc, "title", json_string(as_body_title(status)));
    json_object_set_new(doc, "status", json_integer(status));
    json_object_set_new(doc, "detail", json_string(as_body_detail(reason)));
    json_object_set_new(doc, "reason", json_string(as_reason_name(reason)));
    if (schemes && schemes->nelts > 0) {
        json_t *list = json_array();

        for (i = 0; i < schemes->nelts; i++) {
            json_array_append_new(list, json_string(
                APR_ARRAY_IDX(schemes, i, const char *)));
        }
        json_object_set_new(doc, "schemes", list);
    }
    text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (text == NULL) {
        return NULL;
    }
    out = apr_pstrdup(p, text);
    free(text);
    return out;
}
