/* Licensed under the Apache License, Version 2.0. */
/* The client part of the per-directory configuration (as_client_conf.h). */

#include <httpd.h>
#include <http_config.h>
#include <http_log.h>
#include <ap_expr.h>
#include <apr_strings.h>

#include "as_config.h"
#include "as_accept.h"

void as_client_conf_init(as_client_conf *c)
{
    c->body = AS_UNSET;
    c->preflight = AS_UNSET;
    c->prompt = AS_UNSET;
}

void as_client_conf_merge(as_client_conf *n, const as_client_conf *base,
                          const as_client_conf *add)
{
    AS_MERGE_INT(body);
    AS_MERGE_INT(preflight);
    AS_MERGE_INT(prompt);
    /* Off in a section turns an inherited redirect off */
    if (add->login_redirect_set) {
        n->login_redirect_set = 1;
        n->login_redirect = add->login_redirect;
        n->login_param = add->login_param;
    }
    else {
        n->login_redirect_set = base->login_redirect_set;
        n->login_redirect = base->login_redirect;
        n->login_param = base->login_param;
    }
}

as_body_e as_client_body(const as_dir_conf *d)
{
    return (as_body_e)AS_OR_DEFAULT(d->client.body, AS_BODY_AUTO);
}

const ap_expr_info_t *as_client_login_url(const as_dir_conf *d)
{
    return d->client.login_redirect;
}

as_preflight_e as_client_preflight(const as_dir_conf *d)
{
    return (as_preflight_e)AS_OR_DEFAULT(d->client.preflight,
                                         AS_PREFLIGHT_ALLOW);
}

int as_client_prompt_navigation(const as_dir_conf *d)
{
    return AS_OR_DEFAULT(d->client.prompt, 0);
}

const char *as_client_login_param(const as_dir_conf *d)
{
    return d->client.login_param;
}

const char *as_set_login_redirect(cmd_parms *cmd, void *conf,
                                  const char *arg, const char *param)
{
    as_dir_conf *d = conf;
    const char *err = NULL;
    ap_expr_info_t *expr;
    int off = 0;

    err = as_confval_login_redirect(cmd->pool, arg, &off);
    if (err) {
        return as_cmd_err(cmd, err);
    }
    d->client.login_redirect_set = 1;
    d->client.login_param = NULL;
    if (off) {
        d->client.login_redirect = NULL;
        return param ? as_cmd_err(cmd, "Off takes no parameter name") : NULL;
    }
    if (param && !as_login_param_ok(param)) {
        return as_cmd_err(cmd, apr_psprintf(cmd->pool, "'%s' is not a query "
                                            "parameter name (1 to 64 of "
                                            "A-Z a-z 0-9 - . _ ~)", param));
    }
    d->client.login_param = param;
    expr = ap_expr_parse_cmd(cmd, arg, AP_EXPR_FLAG_STRING_RESULT, &err,
                             NULL);
    if (err) {
        return as_cmd_err(cmd, apr_psprintf(cmd->pool, "cannot parse '%s' as "
                                            "an expression string: %s", arg,
                                            err));
    }
    d->client.login_redirect = expr;
    return NULL;
}
