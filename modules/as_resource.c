/* Licensed under the Apache License, Version 2.0. */
/* The protected resource metadata documents (see include/as_resource.h). */

#include <string.h>
#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <http_protocol.h>
#include <http_request.h>
#include <mod_auth.h>
#include <apr_strings.h>
#include <apr_hash.h>

#include "as_config.h"
#include "as_resource.h"
#include "as_prm.h"
#include "as_challenge.h"

typedef struct {
    server_rec *s;
    const char *resource;
    ap_conf_vector_t *merged;   /* what a request under the section sees */
} entry_t;

static int declared;
static apr_hash_t *entries;     /* metadata path -> apr_array of entry_t * */

void as_resource_declare(cmd_parms *cmd, as_dir_conf *d)
{
    (void)cmd;
    (void)d;
    declared = 1;
}

static const as_dir_conf *conf_of(ap_conf_vector_t *v)
{
    return v ? ap_get_module_config(v, &authstatus_module) : NULL;
}

/* Does section path a enclose b (as <Location> and <Directory> match)? */
static int encloses(const char *a, const char *b)
{
    apr_size_t l = strlen(a);

    return !strncmp(a, b, l)
           && (l == 0 || a[l - 1] == '/' || b[l] == '/' || b[l] == '\0');
}

static void add(apr_pool_t *p, server_rec *s, const char *resource,
                ap_conf_vector_t *merged)
{
    const char *path = as_prm_metadata_path(p, resource);
    apr_array_header_t *list = apr_hash_get(entries, path,
                                            APR_HASH_KEY_STRING);
    entry_t *e = apr_pcalloc(p, sizeof(*e));
    int i;

    if (list == NULL) {
        list = apr_array_make(p, 2, sizeof(entry_t *));
        apr_hash_set(entries, path, APR_HASH_KEY_STRING, list);
    }
    for (i = 0; i < list->nelts; i++) {
        entry_t *o = APR_ARRAY_IDX(list, i, entry_t *);
        if (o->s == s) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         "AS10001: AuthStatusResource %s is set in two "
                         "sections of one server; its metadata document "
                         "follows the first", resource);
            return;
        }
    }
    e->s = s;
    e->resource = resource;
    e->merged = merged;
    APR_ARRAY_PUSH(list, entry_t *) = e;
}

static void walk(apr_pool_t *p, server_rec *s, apr_array_header_t *secs)
{
    int i, j;

    for (i = 0; secs && i < secs->nelts; i++) {
        ap_conf_vector_t *v = APR_ARRAY_IDX(secs, i, ap_conf_vector_t *);
        core_dir_config *cd = ap_get_core_module_config(v);
        const as_dir_conf *c = conf_of(v);
        ap_conf_vector_t *merged = s->lookup_defaults;

        if (!c || !c->bearer.resource || cd->r || !cd->d) {
            continue;   /* regex sections match no one metadata path */
        }
        for (j = 0; j < i; j++) {
            ap_conf_vector_t *pv = APR_ARRAY_IDX(secs, j, ap_conf_vector_t *);
            core_dir_config *pcd = ap_get_core_module_config(pv);

            if (!pcd->r && pcd->d && encloses(pcd->d, cd->d)) {
                merged = ap_merge_per_dir_configs(p, merged, pv);
            }
        }
        add(p, s, c->bearer.resource, ap_merge_per_dir_configs(p, merged, v));
    }
}

static int resource_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                                apr_pool_t *ptemp, server_rec *main_s)
{
    server_rec *s;
    (void)plog;
    (void)ptemp;

    entries = NULL;
    if (!declared) {
        return OK;
    }
    entries = apr_hash_make(pconf);
    for (s = main_s; s; s = s->next) {
        core_server_config *cs = ap_get_core_module_config(s->module_config);
        const as_dir_conf *c = conf_of(s->lookup_defaults);

        if (c && c->bearer.resource) {
            add(pconf, s, c->bearer.resource, s->lookup_defaults);
        }
        walk(pconf, s, cs->sec_url);
        walk(pconf, s, cs->sec_dir);
    }
    return OK;
}

static int resource_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp)
{
    (void)pconf; (void)plog; (void)ptemp;
    declared = 0;
    entries = NULL;
    return OK;
}

static const char *name_of(request_rec *r, ap_conf_vector_t *merged)
{
    ap_conf_vector_t *saved = r->per_dir_config;
    const char *name;

    /* AuthName as a request under the section sees it */
    r->per_dir_config = merged;
    name = ap_auth_name(r);
    r->per_dir_config = saved;
    return name;
}

static int resource_quick_handler(request_rec *r, int lookup_uri)
{
    apr_array_header_t *list;
    const entry_t *e = NULL;
    const as_dir_conf *d;
    as_prm_t m;
    const char *doc;
    int i;

    if (entries == NULL || lookup_uri || r->main
        || strncmp(r->uri, AS_PRM_WELL_KNOWN, sizeof(AS_PRM_WELL_KNOWN) - 1)
        || (list = apr_hash_get(entries, r->uri, APR_HASH_KEY_STRING))
           == NULL) {
        return DECLINED;
    }
    for (i = 0; i < list->nelts; i++) {
        const entry_t *o = APR_ARRAY_IDX(list, i, const entry_t *);
        if (o->s == r->server) {
            e = o;
        }
    }
    if (e == NULL) {
        return DECLINED;
    }
    if (r->method_number != M_GET) {
        r->allowed = (AP_METHOD_BIT << M_GET);
        return HTTP_METHOD_NOT_ALLOWED;
    }
    d = conf_of(e->merged);
    memset(&m, 0, sizeof(m));
    m.resource = e->resource;
    m.authorization_servers = as_bearer_issuers(d);
    m.scopes = as_bearer_resource_scopes(d);
    m.resource_name = name_of(r, e->merged);
    if (as_dir_accepts(d, AS_SCHEME_DPOP)) {
        /* RFC 9728 section 2: the proof algorithms, and whether bound
         * tokens are required (DPoP accepted, Bearer not) */
        char *algs = apr_pstrdup(r->pool, AS_CHALLENGE_DPOP_ALGS), *last;
        apr_array_header_t *a = apr_array_make(r->pool, 10,
                                               sizeof(const char *));
        const char *w;

        for (w = apr_strtok(algs, " ", &last); w;
             w = apr_strtok(NULL, " ", &last)) {
            APR_ARRAY_PUSH(a, const char *) = w;
        }
        m.dpop_algs = a;
        m.dpop_required = !as_dir_accepts(d, AS_SCHEME_BEARER);
    }
    doc = as_prm_document(r->pool, &m);
    ap_set_content_type(r, "application/json");
    apr_table_setn(r->headers_out, "Cache-Control", "max-age=3600");
    /* public by design: browser-based clients fetch it across origins */
    apr_table_setn(r->headers_out, "Access-Control-Allow-Origin", "*");
    ap_set_content_length(r, (apr_off_t)strlen(doc));
    if (!r->header_only) {
        ap_rputs(doc, r);
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "AS10002: protected resource metadata of %s served",
                  e->resource);
    return OK;
}

void as_resource_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_pre_config(resource_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(resource_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_quick_handler(resource_quick_handler, NULL, NULL,
                          APR_HOOK_MIDDLE);
}
