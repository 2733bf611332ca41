/* Licensed under the Apache License, Version 2.0. */
/* The setters every concern shares (see include/as_directive.h). */

#include <httpd.h>
#include <http_config.h>
#include <apr_strings.h>

#include "as_config.h"
#include "as_directive.h"

const char *as_cmd_err(cmd_parms *cmd, const char *why)
{
    return why ? apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, why)
               : NULL;
}

const char *as_set_keyword_slot(cmd_parms *cmd, void *conf, const char *arg)
{
    const as_kw_slot_t *slot = cmd->info;

    return as_cmd_err(cmd, as_confval_keyword(cmd->pool, arg, slot->keywords,
                                              (int *)((char *)conf
                                                      + slot->offset)));
}

const char *as_set_string_slot(cmd_parms *cmd, void *conf, const char *arg)
{
    const as_str_slot_t *slot = cmd->info;
    const char *why = as_confval_nonempty(cmd->pool, arg, slot->what);

    if (why == NULL) {
        *(const char **)((char *)conf + slot->offset) = arg;
    }
    return as_cmd_err(cmd, why);
}

const char *as_set_seconds_slot(cmd_parms *cmd, void *conf, const char *arg)
{
    int *field = (int *)((char *)conf + (apr_size_t)cmd->info);

    return as_cmd_err(cmd, as_confval_seconds(cmd->pool, arg, field));
}

apr_array_header_t *as_line_list(cmd_parms *cmd, apr_array_header_t **field,
                                 int elt_size)
{
    if (*field == NULL || cmd->info != (void *)field) {
        *field = apr_array_make(cmd->pool, 2, elt_size);
        cmd->info = field;
    }
    return *field;
}

int as_at_startup(cmd_parms *cmd)
{
    return cmd->pool == cmd->server->process->pconf;
}
