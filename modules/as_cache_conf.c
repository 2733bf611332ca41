/* Licensed under the Apache License, Version 2.0. */
/* The cache part of the per-directory configuration. */

#include <httpd.h>
#include <http_config.h>

#include "as_config.h"
#include "as_store.h"

void as_cache_conf_init(as_cache_conf *c, const char *dir)
{
    c->seconds = AS_UNSET;
    c->scope = as_cache_scope_section(dir);
}

void as_cache_conf_merge(as_cache_conf *n, const as_cache_conf *base,
                         const as_cache_conf *add)
{
    AS_MERGE_INT(seconds);
    n->scope = as_cache_scope_merge(base->scope, add->scope);
}

int as_cache_seconds(const as_dir_conf *d)
{
    return d->cache.seconds > 0 ? d->cache.seconds : 0;
}

const as_cache_scope_t *as_cache_scope(const as_dir_conf *d)
{
    return &d->cache.scope;
}

const char *as_set_cache(cmd_parms *cmd, void *conf, const char *arg)
{
    as_dir_conf *d = conf;
    const char *why = as_confval_cache_seconds(cmd->pool, arg,
                                               &d->cache.seconds);

    if (why == NULL && d->cache.seconds > 0) {
        as_store_need();
    }
    return as_cmd_err(cmd, why);
}
