/* Licensed under the Apache License, Version 2.0. */
/* The Bearer part of the per-directory configuration (as_bearer_conf.h).
 * Values are checked by as_confval.c (a bad one stops startup, or gives
 * 500 for a .htaccess, naming the directive, the value and why); key files are read and parsed into EVP_PKEYs here, once, when
 * the configuration is read, and for a .htaccess (read again for every
 * request) taken from the per-process cache of modules/as_keycache.c.
 * Risky settings are warned about at startup and by 'apachectl
 * configtest' (check_config). */

#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <http_log.h>
#include <apr_strings.h>
#include <apr_hash.h>

#include "as_config.h"
#include "as_keys.h"
#include "as_keysrc.h"
#include "as_keycache.h"
#include "as_verify.h"
#include "as_introspect.h"
#include "as_remote.h"
#include "as_store.h"
#include "as_prm.h"
#include "as_dpop.h"
#include "as_resource.h"

/* Parsed key files for .htaccess (one per child process, made in
 * child_init; NULL elsewhere, e.g. in a one-off httpd -t). */
static as_keycache_t *keycache;

/* ---- fields, defaults, merge, accessors -------------------------------- */

void as_bearer_conf_init(as_bearer_conf *c)
{
    c->leeway = AS_UNSET;
    c->claims_env = AS_UNSET;
    c->token_type = AS_UNSET;
    c->dpop_nonce = AS_UNSET;
}

void as_bearer_conf_merge(as_bearer_conf *n, const as_bearer_conf *base,
                          const as_bearer_conf *add)
{
    /* one AuthStatusBearerKeys setting: files and URLs together */
    if (add->key_sources || add->remotes) {
        n->key_sources = add->key_sources;
        n->remotes = add->remotes;
    }
    else {
        n->key_sources = base->key_sources;
        n->remotes = base->remotes;
    }
    AS_MERGE_PTR(algs);
    AS_MERGE_PTR(issuers);
    AS_MERGE_INT(token_type);
    AS_MERGE_PTR(introspect);
    AS_MERGE_PTR(resource);
    AS_MERGE_PTR(resource_aud);
    AS_MERGE_INT(dpop_nonce);
    AS_MERGE_PTR(dpop_origin);
    AS_MERGE_PTR(resource_scopes);
    AS_MERGE_PTR(audiences);
    AS_MERGE_INT(leeway);
    AS_MERGE_PTR(user_claim);
    AS_MERGE_INT(claims_env);
    AS_MERGE_PTR(require_scopes);
}

int as_bearer_has_keys(const as_dir_conf *d)
{
    return d->bearer.key_sources != NULL || d->bearer.remotes != NULL
           || d->bearer.introspect != NULL;
}

const char *as_bearer_user_claim(const as_dir_conf *d)
{
    return d->bearer.user_claim ? d->bearer.user_claim : AS_BEARER_USER_CLAIM;
}

void as_bearer_policy(const as_dir_conf *d, as_jwt_policy_t *pol)
{
    as_jwt_policy_init(pol);
    pol->algs = d->bearer.algs;
    pol->issuers = d->bearer.issuers;
    pol->at_jwt = AS_OR_DEFAULT(d->bearer.token_type, AS_TOKEN_TYPE_ANY)
                  == AS_TOKEN_TYPE_AT_JWT;
    /* RFC 8707: without AuthStatusBearerAudience, the resource is the
     * audience; a token for another resource is not for this one */
    pol->audiences = d->bearer.audiences ? d->bearer.audiences
                                         : d->bearer.resource_aud;
    pol->leeway = AS_OR_DEFAULT(d->bearer.leeway, AS_JWT_LEEWAY);
    pol->user_claim = as_bearer_user_claim(d);
}

apr_array_header_t *as_bearer_verifiers(request_rec *r, const as_dir_conf *d)
{
    const as_bearer_conf *b = &d->bearer;
    apr_array_header_t *v, *sources;
    as_jwt_policy_t pol;
    int i, j;

    if (!as_bearer_has_keys(d)) {
        return NULL;
    }
    as_bearer_policy(d, &pol);
    v = apr_array_make(r->pool, 2, sizeof(as_verifier_t *));
    /* introspection first: it declines JWTs unless for=all */
    if (b->introspect) {
        APR_ARRAY_PUSH(v, as_verifier_t *) =
            as_verifier_introspect(r, b->introspect, &pol);
    }
    if (b->remotes == NULL) {
        if (b->key_sources) {
            APR_ARRAY_PUSH(v, as_verifier_t *) =
                as_verifier_jws(r->pool, b->key_sources, &pol);
        }
        return v;
    }
    /* this process's sources of the URLs, and of each issuer for
     * discover, beside the files */
    sources = b->key_sources ? apr_array_copy(r->pool, b->key_sources)
                             : apr_array_make(r->pool, 4,
                                              sizeof(as_keysrc_t *));
    for (i = 0; i < b->remotes->nelts; i++) {
        const as_remote_spec_t *spec = APR_ARRAY_IDX(b->remotes, i,
                                                     as_remote_spec_t *);
        as_keysrc_t *src;

        if (spec->url) {
            if ((src = as_remote_source(spec, NULL, r->server))) {
                APR_ARRAY_PUSH(sources, as_keysrc_t *) = src;
            }
            continue;
        }
        for (j = 0; b->issuers && j < b->issuers->nelts; j++) {
            src = as_remote_source(spec, APR_ARRAY_IDX(b->issuers, j,
                                                       const char *),
                                   r->server);
            if (src) {
                APR_ARRAY_PUSH(sources, as_keysrc_t *) = src;
            }
        }
    }
    APR_ARRAY_PUSH(v, as_verifier_t *) = as_verifier_jws(r->pool, sources,
                                                         &pol);
    return v;
}

int as_bearer_dpop_nonce(const as_dir_conf *d)
{
    return AS_OR_DEFAULT(d->bearer.dpop_nonce, 0);
}

const char *as_bearer_dpop_origin(const as_dir_conf *d)
{
    return d->bearer.dpop_origin;
}

const char *as_bearer_resource(const as_dir_conf *d)
{
    return d->bearer.resource;
}

const apr_array_header_t *as_bearer_resource_scopes(const as_dir_conf *d)
{
    return d->bearer.resource_scopes;
}

const apr_array_header_t *as_bearer_issuers(const as_dir_conf *d)
{
    return d->bearer.issuers;
}

int as_bearer_claims_env(const as_dir_conf *d)
{
    return AS_OR_DEFAULT(d->bearer.claims_env, 1);
}

const char *as_bearer_required_scopes(const as_dir_conf *d)
{
    return d->bearer.require_scopes;
}

void as_bearer_add_required_scopes(apr_pool_t *p, as_dir_conf *d,
                                   const char *scopes)
{
    d->bearer.require_scopes = as_confval_scope_union(
        p, d->bearer.require_scopes, scopes);
}

/* ---- directives ----------------------------------------------------------- */

/* .htaccess: httpd parses the file again for every request, with
 * cmd->pool the request's pool. The keys come from the per-process cache
 * (one stat per file; read and parsed only when the file changed), and
 * warnings are logged once per parse instead of never. */
static const char *htaccess_keys(cmd_parms *cmd, const char *path,
                                 const as_keyset_t **out)
{
    apr_array_header_t *warnings = apr_array_make(cmd->temp_pool, 2,
                                                  sizeof(const char *));
    const as_keyset_t *ks = NULL;
    as_keycache_how_e how = AS_KEYCACHE_UNCACHED;
    const char *err;
    int i;

    if (keycache) {
        err = as_keycache_get(keycache, cmd->pool, path, &ks, warnings,
                              &how);
    }
    else {
        as_keyset_t *own = as_keyset_make(cmd->pool);

        err = as_keyset_load_file(own, cmd->temp_pool, path, warnings);
        ks = own;
    }
    if (err) {
        return err;
    }
    if (how != AS_KEYCACHE_HIT) {
        static int full_warned;

        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, cmd->server,
                     "AS05100: %s (%s, line %d): parsed key file %s "
                     "(%d keys%s)", cmd->cmd->name,
                     cmd->directive->filename, cmd->directive->line_num,
                     path, as_keyset_count(ks),
                     how == AS_KEYCACHE_PARSED ? ", cached" : ", not cached");
        for (i = 0; i < warnings->nelts; i++) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, cmd->server,
                         "AS05101: %s (%s, line %d): %s", cmd->cmd->name,
                         cmd->directive->filename, cmd->directive->line_num,
                         APR_ARRAY_IDX(warnings, i, const char *));
        }
        if (how == AS_KEYCACHE_UNCACHED && keycache && !full_warned) {
            /* a benign race at worst: the warning twice */
            full_warned = 1;
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, cmd->server,
                         "AS05102: %s: more than %d key files named from "
                         ".htaccess files; %s and further ones are read "
                         "and parsed for every request", cmd->cmd->name,
                         AS_KEYCACHE_MAX_FILES, path);
        }
    }
    *out = ks;
    return NULL;
}

/* A URL or "discover" of AuthStatusBearerKeys: a spec that the option
 * words after it refine. */
static const char *remote_word(cmd_parms *cmd, as_dir_conf *d,
                               const char *arg)
{
    as_remote_spec_t *spec = apr_pcalloc(cmd->pool, sizeof(*spec));

    if (strcmp(arg, "discover")) {
        const char *why = as_idp_url_check(cmd->pool, arg);
        if (why) {
            return as_cmd_err(cmd, why);
        }
        spec->url = arg;
    }
    as_idp_keyopts_init(&spec->opts);
    spec->s = cmd->server;
    if (d->bearer.remotes == NULL) {
        d->bearer.remotes = apr_array_make(cmd->pool, 2,
                                           sizeof(as_remote_spec_t *));
    }
    APR_ARRAY_PUSH(d->bearer.remotes, as_remote_spec_t *) = spec;
    d->bearer.last_remote = spec;
    if (as_at_startup(cmd)) {
        /* the fetched sets are shared by every child through the store */
        as_store_need();
        as_remote_declare(cmd->pool, spec);
    }
    return NULL;
}

static const char *option_word(cmd_parms *cmd, as_dir_conf *d,
                               const char *arg)
{
    as_remote_spec_t *spec = d->bearer.last_remote;
    const char *why;
    apr_finfo_t fi;

    if (spec == NULL) {
        return as_cmd_err(cmd, apr_psprintf(cmd->pool, "option '%s' must "
                                            "follow a URL or discover",
                                            arg));
    }
    if ((why = as_idp_keyopt(cmd->pool, &spec->opts, arg))) {
        return as_cmd_err(cmd, why);
    }
    if (!strncmp(arg, "ca=", 3)) {
        spec->opts.ca_file = ap_server_root_relative(cmd->pool,
                                                     spec->opts.ca_file);
        if (spec->opts.ca_file == NULL
            || apr_stat(&fi, spec->opts.ca_file, APR_FINFO_TYPE,
                        cmd->temp_pool) != APR_SUCCESS
            || fi.filetype != APR_REG) {
            return as_cmd_err(cmd, apr_psprintf(cmd->pool, "%s: no such "
                                                "file", arg));
        }
    }
    return NULL;
}

const char *as_set_bearer_keys(cmd_parms *cmd, void *conf, const char *arg)
{
    as_dir_conf *d = conf;
    apr_array_header_t *warnings;
    const char *path;
    const as_keyset_t *keys;
    const char *err;
    int i;

    /* a new line replaces the whole list, files and URLs */
    if (cmd->info != (void *)&d->bearer.key_sources) {
        d->bearer.key_sources = NULL;
        d->bearer.remotes = NULL;
        d->bearer.last_remote = NULL;
        cmd->info = &d->bearer.key_sources;
    }
    if (!strcmp(arg, "discover") || !strncasecmp(arg, "https://", 8)
        || !strncasecmp(arg, "http://", 7)) {
        return remote_word(cmd, d, arg);
    }
    if (as_idp_is_option(arg)) {
        return option_word(cmd, d, arg);
    }
    d->bearer.last_remote = NULL;
    warnings = apr_array_make(cmd->temp_pool, 2, sizeof(const char *));
    path = ap_server_root_relative(cmd->pool, arg);
    if (path == NULL) {
        return as_cmd_err(cmd, apr_psprintf(cmd->pool, "invalid file path "
                                            "'%s'", arg));
    }
    if (as_at_startup(cmd)) {
        as_keyset_t *ks = as_keyset_make(cmd->pool);

        err = as_keyset_load_file(ks, cmd->temp_pool, path, warnings);
        keys = ks;
    }
    else {
        err = htaccess_keys(cmd, path, &keys);
    }
    /* the message names the file and the reason */
    if (err) {
        return as_cmd_err(cmd, err);
    }
    /* a file's keys never change while the configuration lives */
    if (d->bearer.key_sources == NULL) {
        d->bearer.key_sources = apr_array_make(cmd->pool, 2,
                                               sizeof(as_keysrc_t *));
    }
    APR_ARRAY_PUSH(d->bearer.key_sources, as_keysrc_t *) =
        as_keysrc_static(cmd->pool, path, keys);
    if (as_at_startup(cmd)) {
        for (i = 0; i < warnings->nelts; i++) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, cmd->server,
                         "AS05001: %s (%s, line %d): %s", cmd->cmd->name,
                         cmd->directive->filename, cmd->directive->line_num,
                         APR_ARRAY_IDX(warnings, i, const char *));
        }
    }
    return NULL;
}

/* One word of a list directive: appended to the line's list when why (the
 * check of the word) is NULL. */
static const char *string_word(cmd_parms *cmd, apr_array_header_t **list,
                               const char *arg, const char *why)
{
    if (!why) {
        APR_ARRAY_PUSH(as_line_list(cmd, list, sizeof(const char *)),
                       const char *) = arg;
    }
    return as_cmd_err(cmd, why);
}

const char *as_set_bearer_issuer(cmd_parms *cmd, void *conf, const char *arg)
{
    as_dir_conf *d = conf;

    return string_word(cmd, &d->bearer.issuers, arg,
                       as_confval_nonempty(cmd->pool, arg, "an issuer"));
}

const char *as_set_resource(cmd_parms *cmd, void *conf, const char *arg)
{
    as_dir_conf *d = conf;
    const char *why = as_prm_resource_check(cmd->pool, arg);

    if (why) {
        return as_cmd_err(cmd, why);
    }
    d->bearer.resource = arg;
    d->bearer.resource_aud = apr_array_make(cmd->pool, 1,
                                            sizeof(const char *));
    APR_ARRAY_PUSH(d->bearer.resource_aud, const char *) = arg;
    if (as_at_startup(cmd)) {
        as_resource_declare(cmd, d);
    }
    return NULL;
}

const char *as_set_dpop_origin(cmd_parms *cmd, void *conf, const char *arg)
{
    as_dir_conf *d = conf;
    const char *htu = as_dpop_htu(cmd->pool, arg);
    const char *hs = strstr(arg, "://");
    const char *rest = hs ? hs + 3 + strcspn(hs + 3, "/?#") : NULL;

    if (htu == NULL || rest == NULL || (*rest && strcmp(rest, "/"))) {
        return as_cmd_err(cmd, apr_psprintf(cmd->pool, "'%s' is not an "
                                            "origin (scheme://host[:port])",
                                            arg));
    }
    /* kept without the trailing slash: the request's path follows */
    d->bearer.dpop_origin = apr_pstrndup(cmd->pool, htu, strlen(htu) - 1);
    return NULL;
}

const char *as_set_resource_scopes(cmd_parms *cmd, void *conf,
                                   const char *arg)
{
    as_dir_conf *d = conf;

    return string_word(cmd, &d->bearer.resource_scopes, arg,
                       as_confval_scope(cmd->pool, arg));
}

const char *as_set_bearer_introspect(cmd_parms *cmd, void *conf,
                                     const char *args)
{
    as_dir_conf *d = conf;
    apr_array_header_t *words = apr_array_make(cmd->temp_pool, 8,
                                               sizeof(char *));
    as_idp_introspect_t *o = apr_pcalloc(cmd->pool, sizeof(*o));
    const char *why;
    char *w;

    while (*(w = ap_getword_conf(cmd->pool, &args))) {
        APR_ARRAY_PUSH(words, char *) = w;
    }
    why = as_idp_introspect_parse(cmd->pool, words->nelts,
                                  (char *const *)words->elts, o);
    if (why) {
        return as_cmd_err(cmd, why);
    }
    if (o->ca_file) {
        apr_finfo_t fi;

        o->ca_file = ap_server_root_relative(cmd->pool, o->ca_file);
        if (o->ca_file == NULL
            || apr_stat(&fi, o->ca_file, APR_FINFO_TYPE, cmd->temp_pool)
               != APR_SUCCESS || fi.filetype != APR_REG) {
            return as_cmd_err(cmd, "ca=: no such file");
        }
    }
    if (o->secret_file) {
        /* read once, here: the secret never appears in the configuration
         * dump or in a log line */
        const char *path = ap_server_root_relative(cmd->pool, o->secret_file);
        apr_file_t *f;
        char buf[1024];
        apr_size_t n = sizeof(buf) - 1;

        if (path == NULL
            || apr_file_open(&f, path, APR_FOPEN_READ, 0, cmd->temp_pool)
               != APR_SUCCESS) {
            return as_cmd_err(cmd, apr_psprintf(cmd->pool, "secret-file=%s: "
                                                "cannot be read",
                                                o->secret_file));
        }
        if (apr_file_read(f, buf, &n) != APR_SUCCESS) {
            n = 0;
        }
        apr_file_close(f);
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'
                         || buf[n - 1] == ' ')) {
            n--;
        }
        if (n == 0) {
            return as_cmd_err(cmd, apr_psprintf(cmd->pool, "secret-file=%s "
                                                "is empty", o->secret_file));
        }
        o->secret = apr_pstrmemdup(cmd->pool, buf, n);
    }
    if (as_at_startup(cmd)) {
        as_store_need();    /* results are cached in the store */
    }
    d->bearer.introspect = o;
    return NULL;
}

const char *as_set_bearer_algs(cmd_parms *cmd, void *conf, const char *arg)
{
    as_dir_conf *d = conf;

    return as_cmd_err(cmd, as_confval_alg_add(
                               cmd->pool,
                               as_line_list(cmd, &d->bearer.algs,
                                            sizeof(const char *)),
                               arg));
}

const char *as_set_bearer_audience(cmd_parms *cmd, void *conf,
                                   const char *arg)
{
    as_dir_conf *d = conf;

    return string_word(cmd, &d->bearer.audiences, arg,
                       as_confval_nonempty(cmd->pool, arg, "an audience"));
}

/* ---- startup warnings ---------------------------------------------------- */

/* The Bearer settings a section ends up with, approximated at startup:
 * the section's own, else those of an earlier section of the same kind
 * whose path is a prefix of its path, else the server's and the main
 * server's defaults. (.htaccess files are not known at startup.) */
typedef struct {
    int bearer;
    int keys;
    int issuer;
    int audience;
    int discover;
} eff_t;

static void take(eff_t *e, const as_dir_conf *c)
{
    if (!c) {
        return;
    }
    if (c->core.schemes && e->bearer < 0) {
        e->bearer = as_dir_accepts(c, AS_SCHEME_BEARER);
    }
    if (e->keys == 0 && (c->bearer.key_sources || c->bearer.remotes)) {
        int i;
        for (i = 0; c->bearer.remotes && i < c->bearer.remotes->nelts; i++) {
            e->discover |= APR_ARRAY_IDX(c->bearer.remotes, i,
                                         as_remote_spec_t *)->url == NULL;
        }
    }
    e->keys |= c->bearer.key_sources != NULL || c->bearer.remotes != NULL
               || c->bearer.introspect != NULL;
    e->discover |= c->bearer.introspect && c->bearer.introspect->discover;
    e->issuer |= c->bearer.issuers != NULL;
    e->audience |= c->bearer.audiences != NULL;
}

/* Does section path a enclose b? As <Location> matches: /a encloses /a/b
 * but not /ab. */
static int is_prefix(const char *a, const char *b)
{
    apr_size_t l = strlen(a);

    return !strncmp(a, b, l)
           && (l == 0 || a[l - 1] == '/' || b[l] == '/' || b[l] == '\0');
}

/* a fatal finding of check_sections: startup stops */
static int bad_config;

static const as_dir_conf *conf_of(ap_conf_vector_t *v)
{
    return v ? ap_get_module_config(v, &authstatus_module) : NULL;
}

static void check_sections(server_rec *s, server_rec *main_s,
                           apr_array_header_t *secs, const char *kind,
                           apr_hash_t *seen)
{
    int i, j;

    for (i = 0; secs && i < secs->nelts; i++) {
        ap_conf_vector_t *v = APR_ARRAY_IDX(secs, i, ap_conf_vector_t *);
        core_dir_config *cd = ap_get_core_module_config(v);
        const as_dir_conf *c = conf_of(v);
        eff_t e = { -1, 0, 0, 0, 0 };

        /* a virtual host's list starts with the main server's sections */
        if (apr_hash_get(seen, &v, sizeof(v))) {
            continue;
        }
        apr_hash_set(seen, apr_pmemdup(apr_hash_pool_get(seen), &v,
                                       sizeof(v)), sizeof(v), "1");
        if (!c || !(c->core.schemes || c->bearer.key_sources
                    || c->bearer.remotes || c->bearer.introspect
                    || c->bearer.issuers || c->bearer.audiences)) {
            continue;   /* sets nothing of ours: not a Bearer section */
        }
        take(&e, c);
        for (j = i - 1; j >= 0; j--) {
            ap_conf_vector_t *pv = APR_ARRAY_IDX(secs, j, ap_conf_vector_t *);
            core_dir_config *pcd = ap_get_core_module_config(pv);

            if (!cd->r && !pcd->r && cd->d && pcd->d
                && is_prefix(pcd->d, cd->d)) {
                take(&e, conf_of(pv));
            }
        }
        take(&e, conf_of(s->lookup_defaults));
        if (main_s != s) {
            take(&e, conf_of(main_s->lookup_defaults));
        }
        if (e.discover && !e.issuer) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                         "AS05005: <%s %s>: AuthStatusBearerKeys discover "
                         "(or AuthStatusBearerIntrospect discover) needs "
                         "AuthStatusBearerIssuer: the metadata to read is "
                         "the issuer's", kind, cd->d ? cd->d : "?");
            bad_config = 1;
        }
        if (e.bearer != 1) {
            continue;
        }
        if (!e.keys) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         "AS05002: <%s %s> accepts Bearer but no "
                         "AuthStatusBearerKeys applies: every token will be "
                         "refused with 500", kind, cd->d ? cd->d : "?");
        }
        if (!e.issuer) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         "AS05003: <%s %s> accepts Bearer without "
                         "AuthStatusBearerIssuer: a token from any issuer "
                         "whose key is listed is accepted", kind,
                         cd->d ? cd->d : "?");
        }
        if (!e.audience) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         "AS05004: <%s %s> accepts Bearer without "
                         "AuthStatusBearerAudience: a token issued for "
                         "another resource is accepted", kind,
                         cd->d ? cd->d : "?");
        }
    }
}

static int bearer_check_config(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp, server_rec *s)
{
    server_rec *vs;
    apr_hash_t *seen = apr_hash_make(ptemp);
    (void)pconf;
    (void)plog;

    bad_config = 0;
    for (vs = s; vs; vs = vs->next) {
        core_server_config *cs = ap_get_core_module_config(vs->module_config);

        check_sections(vs, s, cs->sec_url, "Location", seen);
        check_sections(vs, s, cs->sec_dir, "Directory", seen);
    }
    /* the server-level settings are a section of their own too */
    for (vs = s; vs; vs = vs->next) {
        const as_dir_conf *c = conf_of(vs->lookup_defaults);
        const as_dir_conf *m = conf_of(s->lookup_defaults);
        int disc = 0, i;

        for (i = 0; c && c->bearer.remotes && i < c->bearer.remotes->nelts;
             i++) {
            disc |= APR_ARRAY_IDX(c->bearer.remotes, i,
                                  as_remote_spec_t *)->url == NULL;
        }
        disc |= c && c->bearer.introspect && c->bearer.introspect->discover;
        if (disc && !c->bearer.issuers && !(m && m->bearer.issuers)) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, vs,
                         "AS05006: AuthStatusBearerKeys discover (or "
                         "AuthStatusBearerIntrospect discover) at server "
                         "level needs AuthStatusBearerIssuer");
            bad_config = 1;
        }
    }
    return bad_config ? HTTP_INTERNAL_SERVER_ERROR : OK;
}

static apr_status_t keycache_gone(void *data)
{
    (void)data;
    keycache = NULL;
    return APR_SUCCESS;
}

/* One cache per child process, made when the child starts and freed (with
 * every EVP_PKEY in it) with the process's pconf: after pchild and after
 * the transaction pools, so after every request pool holding a reference
 * (prefork's live under pchild, which the MPM destroys first; event's and
 * worker's are subpools of pconf made later, so destroyed earlier). */
static void keycache_child_init(apr_pool_t *pchild, server_rec *s)
{
    apr_pool_t *pconf = s->process->pconf;

    (void)pchild;
    keycache = as_keycache_create(pconf, AS_KEYCACHE_MAX_FILES);
    if (keycache == NULL) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                     "AS05103: cannot create the key file cache: key files "
                     "named in .htaccess files are parsed for every "
                     "request");
        return;
    }
    apr_pool_cleanup_register(pconf, NULL, keycache_gone,
                              apr_pool_cleanup_null);
}

void as_bearer_conf_register(apr_pool_t *p)
{
    as_remote_register_hooks(p);
    as_resource_register_hooks(p);
    ap_hook_check_config(bearer_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(keycache_child_init, NULL, NULL, APR_HOOK_MIDDLE);
}
