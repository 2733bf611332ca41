/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_config.h
 * The module's configuration: the per-directory one is one part per
 * concern (as_*_conf.h, each with its fields, defaults, merge, accessors
 * and directives), the per-server one holds the store. create/merge and
 * the command table (modules/as_config.c) only put the parts together.
 *
 * Adding a directive: a field in the concern's part (as_<concern>_conf.h)
 * with its default in the accessor, its setter (or a generic slot setter
 * of as_directive.h) and merge line in as_<concern>_conf.c, its entry in
 * the concern's AS_<CONCERN>_CMDS, its value parser in as_confval.c, and
 * its row in the concern's page of docs/directives/.
 */
#ifndef AS_CONFIG_H
#define AS_CONFIG_H

#include <httpd.h>
#include <http_config.h>

#include "as_directive.h"
#include "as_core_conf.h"
#include "as_bearer_conf.h"
#include "as_client_conf.h"
#include "as_throttle_conf.h"
#include "as_cache_conf.h"
#include "as_store.h"

#ifndef AS_GLUE
/* the glue's AP_DECLARE_MODULE defines the log index itself */
APLOG_USE_MODULE(authstatus);
#endif
extern module AP_MODULE_DECLARE_DATA authstatus_module;

/** The AuthType this module answers for. */
#define AS_AUTH_TYPE "AuthStatus"

/** Per-directory configuration: one part per concern. */
struct as_dir_conf {
    as_core_conf core;
    as_bearer_conf bearer;
    as_client_conf client;
    as_throttle_conf throttle;
    as_cache_conf cache;
};

/** Per-server configuration. */
typedef struct {
    as_store_conf store;
} as_srv_conf;

/** The location's configuration. */
#define as_dir_conf_of(r) \
    ((as_dir_conf *)ap_get_module_config((r)->per_dir_config, \
                                         &authstatus_module))

void *as_config_create_dir(apr_pool_t *p, char *dir);
void *as_config_merge_dir(apr_pool_t *p, void *basev, void *addv);
void *as_config_create_srv(apr_pool_t *p, server_rec *s);
void *as_config_merge_srv(apr_pool_t *p, void *basev, void *addv);

/** Every directive of the module, concern by concern. */
extern const command_rec as_config_cmds[];

#endif
