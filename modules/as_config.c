/* Licensed under the Apache License, Version 2.0. */
/* The configuration put together from its parts (see as_config.h): each
 * concern creates, merges and reads its own part; this file only calls
 * them in turn and joins their directives into one command table. */

#include <httpd.h>
#include <http_config.h>
#include <apr_strings.h>

#include "as_config.h"

void *as_config_create_dir(apr_pool_t *p, char *dir)
{
    as_dir_conf *d = apr_pcalloc(p, sizeof(*d));

    as_core_conf_init(&d->core);
    as_bearer_conf_init(&d->bearer);
    as_client_conf_init(&d->client);
    as_throttle_conf_init(&d->throttle);
    as_cache_conf_init(&d->cache, dir);
    return d;
}

void *as_config_merge_dir(apr_pool_t *p, void *basev, void *addv)
{
    const as_dir_conf *base = basev, *add = addv;
    as_dir_conf *n = apr_pcalloc(p, sizeof(*n));

    as_core_conf_merge(&n->core, &base->core, &add->core);
    as_bearer_conf_merge(&n->bearer, &base->bearer, &add->bearer);
    as_client_conf_merge(&n->client, &base->client, &add->client);
    as_throttle_conf_merge(&n->throttle, &base->throttle, &add->throttle);
    as_cache_conf_merge(&n->cache, &base->cache, &add->cache);
    return n;
}

void *as_config_create_srv(apr_pool_t *p, server_rec *s)
{
    as_srv_conf *sc = apr_pcalloc(p, sizeof(*sc));
    (void)s;
    return sc;
}

void *as_config_merge_srv(apr_pool_t *p, void *basev, void *addv)
{
    const as_srv_conf *base = basev, *add = addv;
    as_srv_conf *n = apr_pcalloc(p, sizeof(*n));

    as_store_conf_merge(&n->store, &base->store, &add->store);
    return n;
}

const command_rec as_config_cmds[] = {
    AS_CORE_CMDS,
    AS_BEARER_CMDS,
    AS_CLIENT_CMDS,
    AS_THROTTLE_CMDS,
    AS_CACHE_CMDS,
    AS_STORE_CMDS,
    { NULL, { NULL }, NULL, 0, 0, NULL }
};
