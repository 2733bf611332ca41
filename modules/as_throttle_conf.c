/* Licensed under the Apache License, Version 2.0. */
/* The throttle part of the per-directory configuration. */

#include <httpd.h>
#include <http_config.h>

#include "as_config.h"
#include "as_store.h"
#include "as_throttle_math.h"

void as_throttle_conf_init(as_throttle_conf *c)
{
    c->count = AS_UNSET;
    c->seconds = AS_UNSET;
    c->ipv6_prefix = AS_UNSET;
}

void as_throttle_conf_merge(as_throttle_conf *n, const as_throttle_conf *base,
                            const as_throttle_conf *add)
{
    /* count and window are one setting */
    if (add->count != AS_UNSET) {
        n->count = add->count;
        n->seconds = add->seconds;
    }
    else {
        n->count = base->count;
        n->seconds = base->seconds;
    }
    AS_MERGE_INT(ipv6_prefix);
}

int as_throttle_limit(const as_dir_conf *d, int *count, int *seconds)
{
    if (d->throttle.count <= 0) {
        return 0;
    }
    *count = d->throttle.count;
    *seconds = d->throttle.seconds;
    return 1;
}

int as_throttle_ipv6_prefix(const as_dir_conf *d)
{
    return AS_OR_DEFAULT(d->throttle.ipv6_prefix, AS_THROTTLE_IPV6_PREFIX);
}

const char *as_set_throttle_ipv6_prefix(cmd_parms *cmd, void *conf,
                                        const char *arg)
{
    as_dir_conf *d = conf;

    return as_cmd_err(cmd, as_confval_ipv6_prefix(cmd->pool, arg,
                                                  &d->throttle.ipv6_prefix));
}

const char *as_set_throttle(cmd_parms *cmd, void *conf, const char *arg1,
                            const char *arg2)
{
    as_dir_conf *d = conf;
    const char *why = as_confval_throttle(cmd->pool, arg1, arg2,
                                          &d->throttle.count,
                                          &d->throttle.seconds);

    if (why == NULL && d->throttle.count > 0) {
        as_store_need();
    }
    return as_cmd_err(cmd, why);
}
