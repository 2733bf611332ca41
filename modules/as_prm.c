/* Licensed under the Apache License, Version 2.0. */
/* Protected resource metadata (RFC 9728), pure (see include/as_prm.h). */

#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <jansson.h>

#include "as_prm.h"
#include "as_idp.h"

const char *as_prm_resource_check(apr_pool_t *p, const char *resource)
{
    const char *why = as_idp_url_check(p, resource);

    if (why) {
        return why;
    }
    if (strchr(resource, '?')) {
        return apr_psprintf(p, "'%s': a resource identifier has no query "
                            "(RFC 9728 section 1.2)", resource);
    }
    return NULL;
}

/* where the path of an absolute URL starts (its end when it has none) */
static const char *path_of(const char *url)
{
    const char *s = strstr(url, "://");
    const char *slash;

    s = s ? s + 3 : url;
    slash = strchr(s, '/');
    return slash ? slash : s + strlen(s);
}

const char *as_prm_metadata_path(apr_pool_t *p, const char *resource)
{
    const char *path = path_of(resource);
    apr_size_t l = strlen(path);

    while (l > 0 && path[l - 1] == '/') {
        l--;
    }
    return apr_pstrcat(p, AS_PRM_WELL_KNOWN, apr_pstrmemdup(p, path, l),
                       NULL);
}

const char *as_prm_metadata_url(apr_pool_t *p, const char *resource)
{
    const char *path = path_of(resource);

    return apr_pstrcat(p, apr_pstrmemdup(p, resource,
                                         (apr_size_t)(path - resource)),
                       as_prm_metadata_path(p, resource), NULL);
}

static json_t *strings(const apr_array_header_t *a)
{
    json_t *j = json_array();
    int i;

    for (i = 0; a && i < a->nelts; i++) {
        json_array_append_new(j, json_string(APR_ARRAY_IDX(a, i,
                                                           const char *)));
    }
    return j;
}

const char *as_prm_document(apr_pool_t *p, const as_prm_t *m)
{
    json_t *doc = json_object();
    const char *out;
    char *text;

    json_object_set_new(doc, "resource", json_string(m->resource));
    if (m->authorization_servers && m->authorization_servers->nelts) {
        json_object_set_new(doc, "authorization_servers",
                            strings(m->authorization_servers));
    }
    json_object_set_new(doc, "bearer_methods_supported",
                        json_pack("[s]", "header"));
    if (m->scopes && m->scopes->nelts) {
        json_object_set_new(doc, "scopes_supported", strings(m->scopes));
    }
    if (m->resource_name && *m->resource_name) {
        json_object_set_new(doc, "resource_name",
                            json_string(m->resource_name));
    }
    if (m->dpop_algs) {
        json_object_set_new(doc, "dpop_signing_alg_values_supported",
                            strings(m->dpop_algs));
        json_object_set_new(doc, "dpop_bound_access_tokens_required",
                            json_boolean(m->dpop_required));
    }
    if (m->mtls_bound) {
        json_object_set_new(doc, "tls_client_certificate_bound_access_tokens",
                            json_true());
    }
    /* jansson refuses strings that are not UTF-8: such a member is left
     * out rather than the document broken */
    text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    out = text ? apr_pstrdup(p, text) : "{}";
    free(text);
    return out;
}
