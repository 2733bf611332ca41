/* Licensed under the Apache License, Version 2.0. */
/**
 * @file as_cache_conf.h
 * The cache part of the per-directory configuration: AuthStatusCache
 * seconds | Off, and which sections a request's configuration was merged
 * from (part of what makes two locations' verifications the same).
 * (modules/as_cache_conf.c)
 */
#ifndef AS_CACHE_CONF_H
#define AS_CACHE_CONF_H

#include <httpd.h>
#include <http_config.h>

#include "as_cache.h"

#ifndef AS_DIR_CONF_T
#define AS_DIR_CONF_T
typedef struct as_dir_conf as_dir_conf;
#endif

typedef struct {
    int seconds;                /* AS_UNSET: Off; 0: Off */
    as_cache_scope_t scope;     /* sections merged, in order */
} as_cache_conf;

void as_cache_conf_init(as_cache_conf *c, const char *dir);
void as_cache_conf_merge(as_cache_conf *n, const as_cache_conf *base,
                         const as_cache_conf *add);

/** AuthStatusCache seconds, 0 when off (the default). */
int as_cache_seconds(const as_dir_conf *d);
/** The sections d was merged from. */
const as_cache_scope_t *as_cache_scope(const as_dir_conf *d);

const char *as_set_cache(cmd_parms *cmd, void *conf, const char *arg);

#define AS_CACHE_CMDS \
    AP_INIT_TAKE1("AuthStatusCache", as_set_cache, NULL, AS_DIR_CONTEXT, \
                  "Seconds to remember a verified credential, or Off")

#endif
