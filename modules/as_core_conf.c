/* Licensed under the Apache License, Version 2.0. */
/* The core part of the per-directory configuration (as_core_conf.h). */

#include <strings.h>
#include <httpd.h>
#include <http_config.h>
#include <http_core.h>
#include <ap_provider.h>
#include <apr_strings.h>

#include "as_config.h"
#include "as_store.h"

void as_core_conf_init(as_core_conf *c)
{
    c->hide = AS_UNSET;
    c->forbid_on_deny = AS_UNSET;
}

void as_core_conf_merge(as_core_conf *n, const as_core_conf *base,
                        const as_core_conf *add)
{
    AS_MERGE_PTR(schemes);
    AS_MERGE_PTR(basic_providers);
    AS_MERGE_INT(hide);
    AS_MERGE_INT(forbid_on_deny);
}

int as_dir_is_ours(request_rec *r, const as_dir_conf *d)
{
    const char *type = ap_auth_type(r);
    (void)d;
    return type && !strcasecmp(type, AS_AUTH_TYPE);
}

int as_dir_hide(const as_dir_conf *d)
{
    return AS_OR_DEFAULT(d->core.hide, AS_HIDE_OFF);
}

int as_dir_forbid_on_deny(request_rec *r, const as_dir_conf *d)
{
    if (d->core.forbid_on_deny != AS_UNSET) {
        return d->core.forbid_on_deny;
    }
    return as_dir_is_ours(r, d);
}

int as_dir_forbid_asked(const as_dir_conf *d)
{
    return d->core.forbid_on_deny == 1;
}

const apr_array_header_t *as_dir_schemes(const as_dir_conf *d)
{
    /* A read-only one-element array: the default "AuthStatusSchemes Basic",
     * initialised once by the compiler so threads never write to it. */
    static as_scheme_e basic = AS_SCHEME_BASIC;
    static const apr_array_header_t basic_only = {
        NULL, sizeof(as_scheme_e), 1, 1, (char *)&basic
    };

    return d->core.schemes ? d->core.schemes : &basic_only;
}

int as_dir_accepts(const as_dir_conf *d, as_scheme_e s)
{
    const apr_array_header_t *a = as_dir_schemes(d);
    int i;

    for (i = 0; i < a->nelts; i++) {
        if (APR_ARRAY_IDX(a, i, as_scheme_e) == s) {
            return 1;
        }
    }
    return 0;
}

const authn_provider_list *as_dir_basic_providers(const as_dir_conf *d)
{
    return d->core.basic_providers;
}

const char *as_set_schemes(cmd_parms *cmd, void *conf, const char *arg)
{
    as_dir_conf *d = conf;

    if (!strcasecmp(arg, "DPoP") && as_at_startup(cmd)) {
        as_store_need();    /* proof jtis, nonce secret */
    }
    return as_cmd_err(cmd, as_confval_scheme_add(
                               cmd->pool,
                               as_line_list(cmd, &d->core.schemes,
                                            sizeof(as_scheme_e)),
                               arg));
}

const char *as_set_basic_provider(cmd_parms *cmd, void *conf, const char *arg)
{
    as_dir_conf *d = conf;
    authn_provider_list *item, *last;
    const authn_provider *prov;

    prov = ap_lookup_provider(AUTHN_PROVIDER_GROUP, arg,
                              AUTHN_PROVIDER_VERSION);
    if (prov == NULL) {
        return as_cmd_err(cmd, apr_psprintf(cmd->pool, "unknown authn "
                                            "provider '%s' (is the module "
                                            "that provides it loaded before "
                                            "this line?)", arg));
    }
    if (prov->check_password == NULL) {
        return as_cmd_err(cmd, apr_psprintf(cmd->pool, "authn provider '%s' "
                                            "cannot check passwords", arg));
    }
    item = apr_pcalloc(cmd->pool, sizeof(*item));
    item->provider_name = arg;
    item->provider = prov;

    if (d->core.basic_providers == NULL || cmd->info != (void *)d) {
        /* first name on this directive line: replace what was inherited */
        d->core.basic_providers = item;
        cmd->info = d;
        return NULL;
    }
    for (last = d->core.basic_providers; last->next; last = last->next) {
        if (!strcmp(last->provider_name, arg)) {
            break;
        }
    }
    if (!strcmp(last->provider_name, arg)) {
        return as_cmd_err(cmd, apr_psprintf(cmd->pool, "provider '%s' listed "
                                            "twice", arg));
    }
    last->next = item;
    return NULL;
}
