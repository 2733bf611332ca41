/* Licensed under the Apache License, Version 2.0. */
/* Directive setters. Every value is checked here, so a bad one stops
 * startup (or gives 500 for a .htaccess) with a message that names the
 * directive, the value and why. */

#include <httpd.h>
#include <http_config.h>
#include <http_log.h>
#include <ap_provider.h>
#include <apr_strings.h>

#include "as_config.h"
#include "as_confval.h"

const char *as_set_schemes(cmd_parms *cmd, void *conf, const char *arg)
{
    as_dir_conf *d = conf;
    const char *why;

    /* ITERATE calls us once per word with the same cmd_parms, whose info
     * httpd resets to the command's cmd_data (NULL) on every new line: so
     * info marks "this line already started a list". A new line starts over
     * rather than appending to the inherited or earlier list. */
    if (d->schemes == NULL || cmd->info != d->schemes) {
        d->schemes = apr_array_make(cmd->pool, 2, sizeof(as_scheme_e));
        cmd->info = d->schemes;
    }
    why = as_confval_scheme_add(cmd->pool, d->schemes, arg);
    if (why) {
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, why);
    }
    return NULL;
}

const char *as_set_basic_provider(cmd_parms *cmd, void *conf, const char *arg)
{
    as_dir_conf *d = conf;
    authn_provider_list *item, *last;
    const authn_provider *prov;

    prov = ap_lookup_provider(AUTHN_PROVIDER_GROUP, arg,
                              AUTHN_PROVIDER_VERSION);
    if (prov == NULL) {
        return apr_psprintf(cmd->pool, "%s: unknown authn provider '%s' "
                            "(is the module that provides it loaded before "
                            "this line?)", cmd->cmd->name, arg);
    }
    if (prov->check_password == NULL) {
        return apr_psprintf(cmd->pool, "%s: authn provider '%s' cannot check "
                            "passwords", cmd->cmd->name, arg);
    }
    item = apr_pcalloc(cmd->pool, sizeof(*item));
    item->provider_name = arg;
    item->provider = prov;

    if (d->basic_providers == NULL || cmd->info != (void *)d) {
        /* first name on this directive line: replace what was inherited */
        d->basic_providers = item;
        cmd->info = d;
        return NULL;
    }
    for (last = d->basic_providers; last->next; last = last->next) {
        if (!strcmp(last->provider_name, arg)) {
            break;
        }
    }
    if (!strcmp(last->provider_name, arg)) {
        return apr_psprintf(cmd->pool, "%s: provider '%s' listed twice",
                            cmd->cmd->name, arg);
    }
    last->next = item;
    return NULL;
}

const char *as_set_hide(cmd_parms *cmd, void *conf, const char *arg)
{
    as_dir_conf *d = conf;
    const char *why = as_confval_hide(cmd->pool, arg, &d->hide);

    if (why) {
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, why);
    }
    return NULL;
}

const char *as_set_forbid(cmd_parms *cmd, void *conf, int flag)
{
    as_dir_conf *d = conf;
    (void)cmd;
    d->forbid_on_deny = flag ? 1 : 0;
    return NULL;
}

const char *as_set_int_seconds(cmd_parms *cmd, void *conf, const char *arg)
{
    /* cmd_data of the command table holds the field's offset */
    int *field = (int *)((char *)conf + (apr_size_t)cmd->info);
    const char *why = as_confval_seconds(cmd->pool, arg, field);

    if (why) {
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, why);
    }
    return NULL;
}
